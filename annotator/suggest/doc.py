"""A tokenized view of one document with the per-token facts every rule needs."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from itertools import accumulate, chain, compress, repeat
from operator import contains, itemgetter

from annotator.suggest.languages import (
    NO_HINTS,
    Shares,
    decide,
    function_word_shares,
    paragraph_languages,
    scores_of,
    script_evidence,
    script_of,
)
from annotator.suggest.memo import WordMemos
from annotator.suggest.normalize import folded, key, suffixes_for
from annotator.text.sentences import ABBREVIATIONS
from annotator.text.tokenize import Token, gaps_and_tokens

_ENDERS = {".", "!", "?", "…", ":"}
_OPENERS = {'"', "'", "«", "»", "„", "“", "”", "‘", "’", "(", "[", "-", "–", "—", "*", "•"}
NEWLINE = chr(10)
WordFact = Callable[[str], object]  # a fact about one word, true or false (a pure function of the word)


def lower_form(word: str) -> str:
    """The lower-case form rules compare: apostrophes unified ("d’Almaty" -> "d'almaty")."""
    return word.lower().replace("’", "'").replace("ʼ", "'")


def _same(form: str, other: str) -> str:
    """``other`` if it equals ``form`` (the same string, one object), else ``form``."""
    return other if form == other else form


def _word_info(word: str) -> tuple:
    """(lower, folded, key, alpha, digit, capitalised, all caps, script, function-word shares) of
    a word (``script_of``, ``function_word_shares``: a paragraph's evidence of its language)."""
    first = word[0]
    alpha = first.isalpha()
    # Equal forms are one string object (most words: the memo's own key): building the view's
    # columns then touches one string per token rather than three scattered ones, which is most
    # of what the columns cost in a worker, whose memory is full of gazetteers.
    lower = _same(lower_form(word), word)
    fold_form = _same(folded(word), lower)
    return (
        lower,
        fold_form,
        _same(key(word), fold_form) if alpha else word,
        alpha,
        first.isdecimal(),
        first.isupper(),
        len(word) > 1 and word.isupper(),
        script_of(word) if alpha else "",
        function_word_shares(lower),
    )


class WordFacts:
    """The word facts that rules find their starting tokens by (``DocView.where``), decided
    together with the rest of what the view keeps of a word: one memo look-up per token gives
    its ``_word_info`` and the numbers of the facts that hold for it, so a document is scanned
    once for all of them instead of once per rule. Called on one word (memoised in the
    suggester's word memos, keyed by this object, compared by identity)."""

    __slots__ = ("facts", "numbers")

    def __init__(self, facts: Iterable[WordFact]) -> None:
        self.facts: tuple[WordFact, ...] = tuple(dict.fromkeys(facts))
        self.numbers: dict[WordFact, int] = {fact: n for n, fact in enumerate(self.facts)}

    def __call__(self, word: str) -> tuple:
        """``_word_info(word)`` followed by the numbers of the facts that hold for ``word`` (a
        tuple, empty for most words)."""
        return (*_word_info(word), tuple(n for n, fact in enumerate(self.facts) if fact(word)))


_NO_FACTS = WordFacts(())  # a view built without facts still looks each word up once
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def _ender(word: str) -> bool:
    """A sentence's last token (".", "!", "?", "…", ":")."""
    return lower_form(word) in _ENDERS


def opener(word: str) -> bool:
    """An opening quote, bracket or dash ("ʼ" is read as an apostrophe)."""
    return lower_form(word) in _OPENERS


def _with_digit(word: str) -> bool:
    """A token with a decimal digit in it (a number, or an address with one)."""
    return any(map(str.isdecimal, word))


DOC_FACTS = (_ender, opener, _with_digit)  # the facts the view itself finds tokens by


def matches_from(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """The matches ``pattern.finditer(text)`` gives, for a pattern that can match only where it
    begins at one of ``starts`` (ascending offsets; others may be among them): the pattern is
    tried at those offsets only, instead of at every character of the text. A pattern that begins
    with a digit not glued to a word or number before it is tried at ``DocView.digit_starts``."""
    end = 0
    for start in starts:
        if start >= end:
            m = pattern.match(text, start)
            if m is not None:
                yield m
                end = m.end()



class DocView:
    """Tokens of a text with their folded forms, keys, capitalisation, gaps, sentence starts,
    paragraphs and the languages of each paragraph. ``memos`` are the word memos of the
    suggester that reads it (rules find them here); a new set if none is given. ``tokens``: the
    text's ``gaps_and_tokens(text)``, if the caller has them already (an import's analysis
    does): the text is then not tokenized again; ``offsets``: their ``packed_offsets_of``, if
    the caller has them too (read in one go instead of summing the lengths again). ``facts``: the word facts whose tokens are found
    in one scan when the view is built (``where``); without them each ``where`` scans the words
    itself. The per-token columns (``words``, ``lower``, ``cap``...) are read-only: the word
    columns are tuples."""

    __slots__ = (
        "_digit_starts",
        "_hits",
        "_keys",
        "allcaps",
        "alpha",
        "cap",
        "cap_idx",
        "digit",
        "ends",
        "folded",
        "gaps",
        "langs",
        "lower",
        "memos",
        "n",
        "newline_before",
        "para",
        "para_langs",
        "para_words",
        "sent_start",
        "starts",
        "suffixes",
        "text",
        "token_index",
        "words",
    )

    def __init__(self, text: str, languages: Sequence[str] = (), memos: WordMemos | None = None,
                 tokens: Sequence[tuple[str, str]] | None = None, *, facts: WordFacts | None = None,
                 offsets: bytes | None = None):
        self.text = text
        self._digit_starts: tuple[int, ...] | None = None
        self.memos = memos = WordMemos() if memos is None else memos
        facts = _NO_FACTS if facts is None else facts
        # one pass of the tokenizer gives each token with the whitespace before it; offsets are
        # the running sum of their lengths
        pairs = gaps_and_tokens(text) if tokens is None else tokens
        self.n = n = len(pairs)
        if offsets is None:
            summed = list(accumulate(map(len, chain.from_iterable(pairs))))
            self.starts, self.ends = summed[0::2], summed[1::2]
        else:
            packed = memoryview(offsets).cast("i")
            self.starts, self.ends = packed[0::2].tolist(), packed[1::2].tolist()
        # ``token_index(offset)``: the index of the first token that starts at or after ``offset``
        # (n if none), so a span's tokens are token_index(start) to token_index(end) - 1 (a
        # bisection of ``starts``, bound once: rules ask it for many candidates)
        self.token_index: Callable[[int], int] = partial(bisect_left, self.starts)
        self.gaps = gaps = list(map(_FIRST, pairs))
        self.words = words = list(map(_SECOND, pairs))
        # one memo look-up per token gives all that the view keeps of its word (``WordFacts``)
        entries = memos[facts].over(words)
        if n:
            (lower, folded, keys, alpha, digit, cap, allcaps, scripts, shares, numbers) = zip(*entries, strict=True)
        else:
            lower = folded = keys = alpha = digit = cap = allcaps = scripts = shares = numbers = ()
        self.lower, self.folded, self._keys, self.alpha, self.digit, self.cap, self.allcaps = (
            lower, folded, keys, alpha, digit, cap, allcaps)
        found: list[list[int]] = [[] for _ in facts.facts]
        for i in compress(range(n), numbers):
            for number in numbers[i]:
                found[number].append(i)
        self._hits: dict[WordFact, tuple[int, ...]] = dict(zip(facts.facts, map(tuple, found), strict=True))
        newline_before = list(map(contains, gaps, repeat(NEWLINE)))
        if n:
            newline_before[0] = True
        self.newline_before = newline_before
        self.para = list(accumulate(newline_before, initial=-1))[1:]
        self.sent_start = self._sentence_starts()
        self.cap_idx = list(compress(range(n), self.cap))
        # Greek and Cyrillic words count in a paragraph's evidence; most documents have none
        self._languages([*compress(range(n), newline_before), n], tuple(languages), shares,
                        scripts if any(scripts) else None)

    def _languages(self, bounds: list[int], given: tuple[str, ...], shares: Sequence[Shares],
                   scripts: Sequence[str] | None) -> None:
        """The languages of the document (``langs``) and of each paragraph (``para_langs``), the
        case endings of each paragraph (``suffixes``) and its count of words (``para_words``):
        from the function words and scripts of each paragraph (``paragraph_evidence``), the
        document's summed up, and the ``given`` languages. ``bounds``: the paragraphs' first
        tokens, and the token count; ``shares``: the ``function_word_shares`` of each token;
        ``scripts``: the ``script_of`` of each token, None if no word is Greek or Cyrillic."""
        evidence: dict[int, tuple] = {}
        self.para_words = para_words = {}
        total: dict[str, float] = {}  # the document's evidence: the sum of its paragraphs'
        greek = cyrillic = 0
        hints: set[str] = set()
        lower, alpha = self.lower, self.alpha
        for pid in range(len(bounds) - 1):
            a, b = bounds[pid], bounds[pid + 1]
            count = alpha[a:b].count(True)
            if count:
                para_words[pid] = count
                # ``paragraph_evidence``, its function-word scores from the words' shares
                scores = scores_of(shares[a:b])
                if scripts is None:
                    found = evidence[pid] = (scores, 0, 0, NO_HINTS)
                else:
                    found = evidence[pid] = (scores, *script_evidence(lower[a:b], scripts[a:b]))
                    greek += found[1]
                    cyrillic += found[2]
                    hints |= found[3]
                for lang, value in found[0].items():
                    total[lang] = total.get(lang, 0.0) + value
        doc_langs = decide(total, greek, cyrillic, hints, given)
        self.langs = doc_langs
        self.para_langs = {}
        for pid in range(len(bounds) - 1):
            if pid in evidence:
                if self.para_words[pid] < 12:
                    # a short paragraph (a caption, a headline) takes the document's languages
                    self.para_langs[pid] = decide(*evidence[pid], given) | doc_langs
                else:
                    # a long one is in the languages its own words show (a quoted English tweet)
                    self.para_langs[pid] = paragraph_languages(evidence[pid], given) or doc_langs
            else:
                self.para_langs[pid] = doc_langs
        self.suffixes = {pid: suffixes_for(langs) for pid, langs in self.para_langs.items()}

    @property
    def tokens(self) -> list[Token]:
        """The tokens as ``annotator.text.Token`` (built on demand)."""
        return [Token(a, b, w) for a, b, w in zip(self.starts, self.ends, self.words, strict=True)]

    def positions(self, lowered: frozenset[str] | set[str]) -> list[int]:
        """Indices of tokens whose lower-case form is in ``lowered``."""
        return list(compress(range(self.n), map(lowered.__contains__, self.lower)))

    def where(self, fact: WordFact) -> Sequence[int]:
        """Indices of the tokens whose word ``fact`` holds for, in order (read-only), so that a
        rule visits only the tokens that can start what it looks for instead of all. Found when
        the view was built if ``fact`` is one of its ``facts``; else by a look-up per token in
        ``fact``'s word memo."""
        found = self._hits.get(fact)
        if found is None:
            found = list(compress(range(self.n), self.memos[fact].over(self.words)))
        return found

    def digit_starts(self) -> tuple[int, ...]:
        """Offsets in the text where a run of decimal digits begins (a digit the character before
        which is none): every place a pattern that begins with a digit can match (``matches_from``).
        Digits are only in the tokens that hold one. Found once per view: several rules ask."""
        if self._digit_starts is None:
            out = []
            for i in self.where(_with_digit):
                start = self.starts[i]
                before = False
                for k, ch in enumerate(self.words[i]):
                    digit = ch.isdecimal()
                    if digit and not before:
                        out.append(start + k)
                    before = digit
            self._digit_starts = tuple(out)
        return self._digit_starts

    def key(self, i: int) -> str:
        """The matching key of token i (see ``normalize.key``)."""
        return self._keys[i]

    def langs_at(self, i: int) -> frozenset[str]:
        return self.para_langs.get(self.para[i], frozenset())

    def _sentence_starts(self) -> list[bool]:
        """True for a token that begins a sentence: the first of a paragraph, or the first after
        ".", "!", "?", "…" or ":" (not after an abbreviation or an initial), quotes and dashes
        in between not counting."""
        words, gaps, lower = self.words, self.gaps, self.lower
        n = self.n
        starts = self.newline_before[:]
        for i in self.where(_ender):
            if i + 1 < n:
                if words[i] == "." and i > 0 and not gaps[i]:
                    before = lower[i - 1]
                    if before in ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
                        continue
                starts[i + 1] = True
        # an opening quote or dash passes a sentence start on to the token after it
        for i in self.where(opener):
            if starts[i] and i + 1 < n:
                starts[i + 1] = True
        return starts
