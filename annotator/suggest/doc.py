"""A tokenized view of one document with the per-token facts every rule needs."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.suggest.languages import guess_languages
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
        self.lower = [w.lower() for w in words]
        self.folded = [folded(w) for w in words]
        self._keys: list[str | None] = [None] * n
        self.alpha = [w[0].isalpha() for w in words]
        self.digit = [w[0].isdigit() for w in words]
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
            groups.setdefault(para[i], []).append(w)
        given = tuple(languages)
        doc_langs = guess_languages(self.lower, given)
        self.langs = doc_langs
        self.para_langs = {}
        for pid, ws in groups.items():
            guess = guess_languages(ws, given)
            # a short paragraph (a caption, a headline) takes the document's languages
            self.para_langs[pid] = guess | doc_langs if len(ws) < 12 else guess or doc_langs
        self.suffixes = {pid: suffixes_for(langs) for pid, langs in self.para_langs.items()}
        self.sent_start = [self._starts_sentence(i) for i in range(n)]

    def key(self, i: int) -> str:
        value = self._keys[i]
        if value is None:
            value = self._keys[i] = key(self.words[i])
        return value

    def langs_at(self, i: int) -> frozenset[str]:
        return self.para_langs.get(self.para[i], frozenset())

    def adjacent(self, i: int) -> bool:
        """True if token i touches token i-1 (no whitespace between)."""
        return i > 0 and not self.gaps[i]

    def _starts_sentence(self, i: int) -> bool:
        j = i - 1
        if self.newline_before[i]:
            return True
        while j >= 0 and self.words[j] in _OPENERS:
            if self.newline_before[j]:
                return True
            j -= 1
        if j < 0:
            return True
        word = self.words[j]
        if word not in _ENDERS:
            return False
        if word == "." and j > 0 and not self.gaps[j]:
            before = self.lower[j - 1]
            if before in _ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
                return False
        return True
