"""Sentence splitting over tokens.

A sentence ends at a paragraph break, or after ``.``, ``!``, ``?`` or ``…`` (with any closing
quotes or brackets) when the next token starts a new sentence. It never ends inside a token
(so never inside "20.000"), after a known abbreviation ("Dr.", "m.in.") or an initial ("J."),
nor inside a span passed in ``protected``.
"""

import bisect
from collections.abc import Iterable, Sequence

from annotator.text.tokenize import Token, tokenize

_ENDERS = {".", "!", "?", "…"}
_CLOSERS = {'"', "'", "»", "«", "”", "“", "’", ")", "]"}
_ABBREVIATIONS = {
    # Titles and common abbreviations across the project's languages (lower-cased, no dot).
    "dr", "mr", "mrs", "ms", "prof", "st", "sv", "nr", "no", "vs", "etc", "inc", "ltd", "jr", "sr",
    "gen", "col", "lt", "sgt", "gov", "sen", "rep", "pres", "mgr", "ing", "bc", "doc", "tzv", "napr",
    "resp", "atď", "np", "tj", "tzw", "m", "in", "ul", "pl", "al", "ok", "wg", "godz", "ca", "bzw",
    "usw", "z", "b", "ggf", "dvs", "bl", "a", "f", "kl", "mill", "mrd", "mld", "mln", "tys", "ds",
    "str", "nr", "art", "pct", "dl", "cca", "ev", "ίδ", "κ", "κα", "δρ", "π", "χ", "τ", "γ", "г",
    "гг", "т", "д", "им", "ул", "см", "тыс", "млн", "млрд", "pp", "vol", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "okt", "nov", "dec", "des", "ian", "iun",
    "iul", "ex", "cf", "e", "i", "ie", "eg", "dl", "hr", "pt",
}


def split_sentences(
    text: str,
    tokens: Sequence[Token] | None = None,
    protected: Iterable[tuple[int, int]] = (),
) -> list[list[Token]]:
    """Group the tokens of ``text`` into sentences (lists of tokens, in order)."""
    if tokens is None:
        tokens = tokenize(text)
    inside = _protected_gaps(tokens, protected)
    sentences: list[list[Token]] = []
    current: list[Token] = []
    n = len(tokens)
    for i, token in enumerate(tokens):
        current.append(token)
        if i + 1 == n:
            break
        nxt = tokens[i + 1]
        if i in inside:
            continue
        gap = text[token.end : nxt.start]
        if "\n" in gap:
            sentences.append(current)
            current = []
            continue
        if not gap:
            continue
        if _ends_sentence(tokens, i) and _starts_sentence(nxt.text):
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def _protected_gaps(tokens: Sequence[Token], protected: Iterable[tuple[int, int]]) -> set[int]:
    """Indices i such that the gap after token i lies inside a protected range."""
    ends = [t.end for t in tokens]
    result: set[int] = set()
    for start, end in protected:
        # tokens ending after `start` whose successor starts before `end`
        i = bisect.bisect_right(ends, start)
        while i + 1 < len(tokens) and tokens[i + 1].start < end:
            result.add(i)
            i += 1
    return result


def _ends_sentence(tokens: Sequence[Token], i: int) -> bool:
    j = i
    while j >= 0 and tokens[j].text in _CLOSERS:
        j -= 1
    if j < 0 or tokens[j].text not in _ENDERS:
        return False
    if tokens[j].text == "." and j > 0:
        previous = tokens[j - 1]
        if previous.end == tokens[j].start:
            word = previous.text
            if word.lower() in _ABBREVIATIONS:
                return False
            if len(word) == 1 and word.isalpha():
                return False  # an initial
            if word.isdigit():
                return _digit_then_dot_ends(tokens, j)
    return True


def _digit_then_dot_ends(tokens: Sequence[Token], j: int) -> bool:
    """After "6." a lower-case continuation ("6. januar") means an ordinal, not a sentence end."""
    if j + 1 < len(tokens):
        return not tokens[j + 1].text[:1].islower()
    return True


def _starts_sentence(word: str) -> bool:
    first = word[:1]
    return first.isupper() or first.isdigit() or first in {'"', "„", "«", "“", "(", "[", "-", "–", "—", "'", "‘"}
