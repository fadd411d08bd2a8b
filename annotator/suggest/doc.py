"""A tokenized view of one document with the per-token facts every rule needs."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.suggest.languages import decide, score_words
from annotator.suggest.normalize import key, suffixes_for
from annotator.text.canonical import fold
from annotator.text.tokenize import tokenize

_ENDERS = {".", "!", "?", "…", ":"}
_OPENERS = {'"', "'", "«", "»", "„", "“", "”", "‘", "’", "(", "[", "-", "–", "—", "*", "•"}
_ABBREVIATIONS = {
    "dr", "mr", "mrs", "ms", "prof", "st", "sv", "nr", "no", "vs", "gen", "col", "lt", "sgt", "gov",
    "sen", "rep", "pres", "mgr", "ing", "np", "tj", "tzw", "m", "in", "ul", "pl", "al", "ok", "ca",
    "z", "b", "bzw", "dvs", "etc", "ros", "ang", "gr", "ks", "płk", "str", "cca",
}
_fold_cache: dict[str, str] = {}


def folded(word: str) -> str:
    """Case- and diacritic-folded word (memoised)."""
    value = _fold_cache.get(word)
    if value is None:
        if len(_fold_cache) > 200_000:
            _fold_cache.clear()
        value = _fold_cache[word] = fold(word)
    return value


class DocView:
    """Tokens of a text with their folded forms, keys, capitalisation, gaps, sentence starts,
    paragraphs and the languages of each paragraph."""

    __slots__ = (
        "_keys", "allcaps", "alpha", "cap", "digit", "folded", "gaps", "langs", "lower", "n",
        "newline_before", "para", "para_langs", "sent_start", "starts", "suffixes", "text", "tokens",
        "words",
    )

    def __init__(self, text: str, languages: Sequence[str] = ()):
        self.text = text
        self.tokens = tokenize(text)
        self.n = n = len(self.tokens)
        self.words = words = [t.text for t in self.tokens]
        self.starts = [t.start for t in self.tokens]
        self.lower = [w.lower().replace("’", "'").replace("ʼ", "'") for w in words]
        self.folded = [folded(w) for w in words]
        self.alpha = [w[0].isalpha() for w in words]
        self._keys = [key(w) if a else w for w, a in zip(words, self.alpha, strict=True)]
        self.digit = [w[0].isdecimal() for w in words]
        self.cap = [w[0].isupper() for w in words]
        self.allcaps = [len(w) > 1 and w.isupper() for w in words]
        gaps = []
        prev_end = 0
        for t in self.tokens:
            gaps.append(text[prev_end : t.start])
            prev_end = t.end
        self.gaps = gaps
        self.newline_before = ["\n" in g for g in gaps]
        if n:
            self.newline_before[0] = True
        # paragraphs and their languages
        para = []
        p = -1
        for i in range(n):
            if self.newline_before[i]:
                p += 1
            para.append(p)
        self.para = para
        groups: dict[int, list[str]] = {}
        for i, w in enumerate(self.lower):
            if self.alpha[i]:
                groups.setdefault(para[i], []).append(w)
        given = tuple(languages)
        evidence = {pid: score_words(ws) for pid, ws in groups.items()}
        total: dict[str, float] = {}
        greek = cyrillic = 0
        hints: set[str] = set()
        for scores, g, c, h in evidence.values():
            for lang, value in scores.items():
                total[lang] = total.get(lang, 0.0) + value
            greek += g
            cyrillic += c
            hints |= h
        doc_langs = decide(total, greek, cyrillic, hints, given)
        self.langs = doc_langs
        self.para_langs = {}
        for pid in range(p + 1):
            ws = groups.get(pid, ())
            guess = decide(*evidence[pid], given) if pid in evidence else frozenset()
            # a short paragraph (a caption, a headline) takes the document's languages
            self.para_langs[pid] = guess | doc_langs if len(ws) < 12 else guess or doc_langs
        self.suffixes = {pid: suffixes_for(langs) for pid, langs in self.para_langs.items()}
        self.sent_start = self._sentence_starts()

    def key(self, i: int) -> str:
        """The matching key of token i (see ``normalize.key``)."""
        return self._keys[i]

    def langs_at(self, i: int) -> frozenset[str]:
        return self.para_langs.get(self.para[i], frozenset())

    def adjacent(self, i: int) -> bool:
        """True if token i touches token i-1 (no whitespace between)."""
        return i > 0 and not self.gaps[i]

    def _sentence_starts(self) -> list[bool]:
        """True for a token that begins a sentence: the first of a paragraph, or the first after
        ".", "!", "?", "…" or ":" (not after an abbreviation or an initial), quotes and dashes
        in between not counting."""
        words, gaps, lower = self.words, self.gaps, self.lower
        starts = [False] * self.n
        pending = True
        for i, word in enumerate(words):
            if self.newline_before[i]:
                pending = True
            starts[i] = pending
            if word in _OPENERS:
                continue
            pending = False
            if word in _ENDERS:
                pending = True
                if word == "." and i > 0 and not gaps[i]:
                    before = lower[i - 1]
                    if before in _ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
                        pending = False
        return starts
