"""Sentence splitting over tokens.

A sentence ends at a paragraph break, or after ``.``, ``!``, ``?`` or ``…`` (with any closing
quotes or brackets) when the next token starts a new sentence. It never ends inside a token
(so never inside "20.000"), after a known abbreviation ("Dr.", "m.in.") or an initial ("J."),
nor inside a span passed in ``protected``.
"""

import bisect
import re
from collections.abc import Iterable, Sequence

from annotator.text.tokenize import Token, tokenize

_ENDERS = {".", "!", "?", "…"}
_ENDER_CHARS = re.compile("[.!?…]")
_CLOSERS = {'"', "'", "»", "«", "”", "“", "’", ")", "]"}
ABBREVIATIONS = frozenset({
    # Titles and common abbreviations across the project's languages (lower-cased, no dot): a dot
    # after one of them ends no sentence. The suggester reads the same list to tell where a
    # sentence (and so a capitalised word that is no name) begins.
    "dr", "mr", "mrs", "ms", "prof", "st", "sv", "nr", "no", "vs", "etc", "inc", "ltd", "jr", "sr",
    "gen", "col", "lt", "sgt", "gov", "sen", "rep", "pres", "mgr", "ing", "bc", "doc", "tzv", "napr",
    "resp", "atď", "np", "tj", "tzw", "m", "in", "ul", "pl", "al", "ok", "wg", "godz", "ca", "bzw",
    "usw", "z", "b", "ggf", "dvs", "bl", "a", "f", "kl", "mill", "mrd", "mld", "mln", "tys", "ds",
    "str", "art", "pct", "dl", "cca", "ev", "ίδ", "κ", "κα", "δρ", "π", "χ", "τ", "γ", "г",
    "гг", "т", "д", "им", "ул", "см", "тыс", "млн", "млрд", "pp", "vol", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "okt", "nov", "dec", "des", "ian", "iun",
    "iul", "ex", "cf", "e", "i", "ie", "eg", "hr", "pt", "ros", "ang", "gr", "ks", "płk",
})


def split_sentences(
    text: str,
    tokens: Sequence[Token] | None = None,
    protected: Iterable[tuple[int, int]] = (),
) -> list[list[Token]]:
    """Group the tokens of ``text`` into sentences (lists of tokens, in order)."""
    if tokens is None:
        tokens = tokenize(text)
    tokens = list(tokens)
    sentences = []
    begin = 0
    for last in sentence_ends(text, tokens, protected):
        sentences.append(tokens[begin : last + 1])
        begin = last + 1
    return sentences


def sentence_ends(text: str, tokens: Sequence[tuple[int, int]], protected: Iterable[tuple[int, int]] = (),
                  starts: list[int] | None = None) -> list[int]:
    """Indices of the last token of each sentence, in order (the last token always ends one).

    ``tokens`` are Token objects or plain ``(start, end)`` pairs. Only two kinds of places are
    examined — gaps holding a newline, and the tokens after ``.``, ``!``, ``?``, ``…`` with their
    closing quotes — so long documents stay cheap.
    """
    n = len(tokens)
    if n == 0:
        return []
    if starts is None:
        starts = [t[0] for t in tokens]
    candidates: set[int] = set()
    newline = text.find("\n")
    while newline != -1:
        i = bisect.bisect_right(starts, newline) - 1
        if 0 <= i < n - 1:
            candidates.add(i)
        newline = text.find("\n", newline + 1)
    for match in _ENDER_CHARS.finditer(text):
        i = bisect.bisect_right(starts, match.start()) - 1
        if i >= 0 and tokens[i][0] == match.start() and tokens[i][1] - tokens[i][0] == 1:
            j = i
            while j + 1 < n and _single(text, tokens[j + 1]) in _CLOSERS and tokens[j + 1][0] == tokens[j][1]:
                j += 1
            if j < n - 1:
                candidates.add(j)
    inside = _protected_gaps(tokens, protected, starts) if candidates else set()
    ends = []
    for i in sorted(candidates):
        if i in inside:
            continue
        gap = text[tokens[i][1] : tokens[i + 1][0]]
        if "\n" in gap or (gap and _ends_sentence(text, tokens, i)
                           and _starts_sentence(text[tokens[i + 1][0] : tokens[i + 1][1]])):
            ends.append(i)
    ends.append(n - 1)
    return ends


def _single(text: str, token: Sequence[int]) -> str:
    """The token's character if it is one character long, else ''."""
    return text[token[0]] if token[1] - token[0] == 1 else ""


def _protected_gaps(tokens: Sequence[Sequence[int]], protected: Iterable[tuple[int, int]],
                    starts: list[int]) -> set[int]:
    """Indices i such that the gap after token i lies inside a protected range."""
    result: set[int] = set()
    n = len(tokens)
    for start, end in protected:
        # the first token ending after `start`, then each one whose successor starts before `end`
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        if tokens[i][1] <= start:
            i += 1
        while i + 1 < n and starts[i + 1] < end:
            result.add(i)
            i += 1
    return result


def _ends_sentence(text: str, tokens: Sequence[Sequence[int]], i: int) -> bool:
    j = i
    while j >= 0 and _single(text, tokens[j]) in _CLOSERS:
        j -= 1
    if j < 0 or _single(text, tokens[j]) not in _ENDERS:
        return False
    if text[tokens[j][0]] == "." and j > 0:
        previous = tokens[j - 1]
        if previous[1] == tokens[j][0]:
            word = text[previous[0] : previous[1]]
            if word.lower() in ABBREVIATIONS:
                return False
            if len(word) == 1 and word.isalpha():
                return False  # an initial
            if word.isdigit() and j + 1 < len(tokens):
                # after "6." a lower-case continuation ("6. januar") means an ordinal
                return not text[tokens[j + 1][0]].islower()
    return True


def _starts_sentence(word: str) -> bool:
    first = word[:1]
    return first.isupper() or first.isdigit() or first in {'"', "„", "«", "“", "(", "[", "-", "–", "—", "'", "‘"}
