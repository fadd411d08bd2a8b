"""Gazetteers: surface forms matched over tokens, tolerant of case endings, diacritics and
transliteration between scripts.

Every form is tokenized like a document and each of its words reduced to a key
(``normalize.key``). An index from the first word's key (and from the first four letters of its
stem, for inflected first words) gives the candidate entries at a token; an entry matches if
each of its words matches the document's token at the same place, exactly or as stem plus a
case ending of the paragraph's languages, with the same punctuation and spacing between them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from functools import cache
from itertools import chain, compress
from types import MappingProxyType

from annotator.model import Label
from annotator.suggest.base import Candidate
from annotator.suggest.doc import DocView, folded
from annotator.suggest.normalize import ALL_SUFFIXES, inflects_to, key, split_words, stem
from annotator.text.tokenize import gaps_and_tokens

PREFIX = 2  # shortest stem of an inflectable word
MAX_ENDING = 6  # longest case ending tried
FUZZY_MIN = 8  # shortest key that may be matched with a letter missing or extra

HU_SUFFIXES = split_words("nak nek t ot et at öt ban ben ba be ból ből ra re ról ről on en ön n val vel nál nél tól től "
    "hoz hez höz ig ért ként s as es os ös i")
ET_SUFFIXES = split_words("i s st sse ga le l lt ni d de is ist iga ile il ilt isse")
# Serbian, Croatian, Slovenian endings after a hyphen: "NATO-a", "ОДКБ-а"
SH_SUFFIXES = split_words("a u om e i em ju ovi ima ama а у ом е и ем ју ови има ама")
# Polish and Lithuanian endings after a hyphen: "PAP-owi", "PiS-u", "BNS-ui", "LRT-os"
PL_SUFFIXES = split_words("u owi em ie y ów ami ach ę a om")
LT_SUFFIXES = split_words("ui o e as ą u os")
FI_SUFFIXES = split_words("n a ä ta tä lla llä lle lta ltä ssa ssä sta stä han hin hun ksi na nä iin")
_APOSTROPHES = {"'", "’"}
_SCANDINAVIAN = frozenset({"sv", "da", "no"})


@dataclass(frozen=True, slots=True)
class Part:
    """One token of an entry's form."""

    text: str
    fold: str  # case- and diacritic-folded text, compared for acronyms
    key: str
    stem: str
    word: bool  # letters (matched by key) rather than punctuation or digits (matched exactly)
    acronym: bool
    inflects: bool
    space_before: bool
    latin: bool  # a Latin-script word may match any script; a Greek or Cyrillic one only its own


@dataclass(frozen=True, slots=True)
class Entry:
    label: str
    provenance: str
    parts: tuple[Part, ...]
    confidence: float
    priority: int
    lower_ok: bool = False  # may match a lower-case word
    needs_cue: bool = False  # only next to a media word
    surface: str = ""
    langs: frozenset[str] | None = None  # takes case endings only in these languages (None: any)
    second: str = ""  # first letters of the second token's key (a quick filter), "" if none
    number: int = 0  # its place among the entries of its gazetteer (they are told apart by it)


class _ReadOnlyMappings:
    """Pickles a frozen dataclass whose mappings are read-only views (``MappingProxyType``, which
    pickle refuses) with plain dicts, made read-only again when unpickled: the gold layer's
    gazetteer goes to the worker processes of a large import."""

    __slots__ = ()

    def __reduce__(self):
        values = (getattr(self, f.name) for f in fields(self))  # type: ignore[arg-type]
        return _with_read_only_mappings, (type(self), tuple(dict(v) if isinstance(v, MappingProxyType) else v
                                                            for v in values))


def _with_read_only_mappings(cls: type, values: tuple):
    return cls(*(MappingProxyType(v) if isinstance(v, dict) else v for v in values))


@dataclass(frozen=True, slots=True)
class FuzzyIndex(_ReadOnlyMappings):
    """Entries of one long word by their folded form (``whole``), and by that form or its stem
    less one letter inside it (``deletes``) or less its last consonant (``deletes_end``)."""

    whole: Mapping[str, tuple[Entry, ...]]
    deletes: Mapping[str, tuple[Entry, ...]]
    deletes_end: Mapping[str, tuple[Entry, ...]]


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for a while (unless it was off already). Building a
    large gazetteer makes a few hundred thousand objects that all live on and hold no cycles; each
    collection their making triggers would go through all of them again, for about half of the
    build's CPU."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class GazetteerBuilder:
    """Collects entries (``add``), then makes the ``Gazetteer`` that matches them (``build``)."""

    def __init__(self) -> None:
        self._exact: dict[str, list[Entry]] = {}
        self._prefix: dict[str, list[Entry]] = {}
        self._exact_lower: dict[str, list[Entry]] = {}
        self._prefix_lower: dict[str, list[Entry]] = {}
        self._signatures: dict[tuple, Entry] = {}
        self._parts: dict[tuple, Part] = {}  # by their fields
        self._words: dict[tuple[str, bool, bool], tuple] = {}  # _word_facts by its arguments
        self._parts_by_probe: dict[tuple[str, bool, bool, bool], tuple[Part, tuple]] = {}  # _part by its arguments

    def _part(self, text: str, later: bool, exact_only: bool, space_before: bool) -> tuple[Part, tuple]:
        """The part of a form's token (one object per distinct part), and what an entry's
        signature keeps of it: for the first or a ``later`` token, in an entry that takes case
        endings unless ``exact_only``, with whitespace before it or not."""
        probe = (text, later, exact_only)
        facts = self._words.get(probe)  # the same word with and without a space before it
        if facts is None:
            facts = self._words[probe] = _word_facts(text, later, exact_only)
        fold, k, s, is_word, acronym, inflects, latin = facts
        values = (text, fold, k, s, is_word, acronym, inflects, space_before, latin)
        part = self._parts.get(values)
        if part is None:
            part = self._parts[values] = Part(*values)
        return part, (k, inflects, acronym, fold if acronym else "", space_before, latin)

    def add(self, surface: str, label: str, provenance: str, *, confidence: float, priority: int,
            flags: Iterable[str] = (), langs: frozenset[str] | None = None) -> Entry | None:
        """Add one surface form. ``flags``: "lower" (may match a lower-case word), "exact" (no
        case endings), "cue" (only next to a media word). The same keys under another spelling
        make no new entry: the known one takes the union of the languages."""
        flags = set(flags)
        label = str(label)  # a Label's plain string: candidates carry what is stored
        pairs = gaps_and_tokens(surface)  # the tokens of ``tokenize``, each with the whitespace before it
        if not pairs:
            return None
        parts = []
        keyed = []  # what the entry's signature keeps of each part
        exact_only = "exact" in flags
        later = False
        for gap, text in pairs:
            probe = (text, later, exact_only, later and gap != "")
            found = self._parts_by_probe.get(probe)  # most words recur in many forms
            if found is None:
                found = self._parts_by_probe[probe] = self._part(*probe)
            parts.append(found[0])
            keyed.append(found[1])
            later = True
        # a web address ("ria.ru", "iDNES.cz") is written in any case
        lower_ok = "lower" in flags or ("." in surface and " " not in surface)
        second = (parts[1].stem if parts[1].word else parts[1].text)[:2] if len(parts) > 1 else ""
        signature = (label, provenance, lower_ok, "cue" in flags, tuple(keyed))
        first = parts[0]
        exact, prefix = (self._exact_lower, self._prefix_lower) if lower_ok else (self._exact, self._prefix)
        known = self._signatures.get(signature)
        if known is not None:
            # the same key sequence under another spelling: one entry, whose languages are the union
            merged = None if known.langs is None or langs is None else known.langs | langs
            if merged == known.langs:
                return known
            entry = replace(known, langs=merged)
            for entries in (exact.get(first.key), exact.get(first.key + "s"), prefix.get(first.stem)):
                for pos, item in enumerate(entries or ()):
                    if item is known:
                        entries[pos] = entry
            self._signatures[signature] = entry
            return entry
        entry = Entry(label, provenance, tuple(parts), confidence, priority, lower_ok=lower_ok,
                      needs_cue="cue" in flags, surface=surface, langs=langs, second=second,
                      number=len(self._signatures))
        self._signatures[signature] = entry
        # entries that may start on a lower-case word live in their own index, so a lower-case
        # word (most words) only looks there
        exact.setdefault(first.key, []).append(entry)
        if first.acronym:  # genitive "USAs", "CSTOs"
            exact.setdefault(first.key + "s", []).append(entry)
        if first.inflects:
            prefix.setdefault(first.stem, []).append(entry)
        return entry

    def build(self, *, fuzzy: bool = False) -> Gazetteer:
        """The gazetteer of the entries added so far; with ``fuzzy``, it also finds misspellings
        (``Gazetteer.misspellings``)."""
        exact, prefix = _frozen(self._exact), _frozen(self._prefix)
        exact_lower, prefix_lower = _frozen(self._exact_lower), _frozen(self._prefix_lower)
        return Gazetteer(
            exact, prefix, exact_lower, prefix_lower,
            lower_starts=frozenset(k[:PREFIX] for index in (exact_lower, prefix_lower) for k in index),
            stem_heads=frozenset(k[:3] for index in (prefix, prefix_lower) for k in index),
            fuzzy=_fuzzy_index(exact, exact_lower) if fuzzy else None,
            size=len(self._signatures),
        )


def _word_facts(text: str, later: bool, exact_only: bool) -> tuple[str, str, str, bool, bool, bool, bool]:
    """(fold, key, stem, word, acronym, inflects, latin) of a token of a form (see ``Part``), the
    first one or a ``later`` one, in an entry that takes case endings unless ``exact_only``."""
    is_word = text[0].isalpha()
    acronym = is_word and len(text) > 1 and text.isupper()
    k = key(text) if is_word else text
    s = stem(k, 2 if later else 3) if is_word else k
    # the first word anchors the match: it needs a stem of 3 letters to take an ending; a later
    # short word may ("Alma-Ata" -> "Alma-Ate")
    inflects = is_word and not acronym and not exact_only and len(s) >= (2 if later else 3)
    return folded(text), k, s, is_word, acronym, inflects, text[0] < "\u0370"


def _frozen(index: dict[str, list[Entry]]) -> Mapping[str, tuple[Entry, ...]]:
    return MappingProxyType({k: tuple(v) for k, v in index.items()})


def _fuzzy_index(*indexes: Mapping[str, tuple[Entry, ...]]) -> FuzzyIndex:
    """The misspelling index of the one-word entries of eight letters or more."""
    whole: dict[str, list[Entry]] = {}
    deletes: dict[str, list[Entry]] = {}  # a letter missing inside the word
    deletes_end: dict[str, list[Entry]] = {}  # the last letter missing (before an ending only)
    for entries in chain.from_iterable(index.values() for index in indexes):
        for entry in entries:
            if len(entry.parts) != 1 or not entry.parts[0].word or entry.parts[0].acronym or entry.needs_cue:
                continue
            part = entry.parts[0]
            plain = part.fold.replace("ł", "l")
            if len(plain) < FUZZY_MIN:
                continue
            whole.setdefault(plain, []).append(entry)
            for base in dict.fromkeys((plain, stem(plain))):  # in order: the same index in every process
                for d in range(1, len(base) - 1):  # never the first letter
                    deletes.setdefault(base[:d] + base[d + 1 :], []).append(entry)
                if base[-1] not in "aeiouy":  # a lost final vowel is another ending, not a typo
                    deletes_end.setdefault(base[:-1], []).append(entry)
    return FuzzyIndex(_frozen(whole), _frozen(deletes), _frozen(deletes_end))


@dataclass(slots=True)
class _Start:
    """The entries that may start at a token reading one word (``Gazetteer._starting_at``), each
    with its rank (a fixed order) and whether the word is its first word exactly: the one-word
    entries that need no media word near (``alone``), and the others (``longer``) by the first
    letters of their second token (``Entry.second``; "" for a one-word entry that needs a media
    word). ``found``: what ``Gazetteer._alone_at`` found with the alone entries, by the
    languages of a paragraph (its case endings follow from them)."""

    alone: list[tuple[int, Entry, bool]]
    longer: dict[str, list[tuple[int, Entry, bool]]]
    found: dict[frozenset[str], tuple[tuple[str, float, str, int], ...]]

    def longer_before(self, nxt: str) -> list[list[tuple[int, Entry, bool]]]:
        """The groups of ``longer`` entries whose second token may be the next token (whose key
        begins ``nxt``): none at most tokens."""
        longer = self.longer
        if not longer:
            return []
        return [g for g in (longer.get(""), longer.get(nxt[:1]) if nxt else None,
                            longer.get(nxt) if len(nxt) == 2 else None) if g]

    def before(self, nxt: str) -> list[tuple[int, Entry, bool]]:
        """The entries whose second token may be the next token (whose key begins ``nxt``), in
        rank order."""
        groups = [g for g in (self.alone, *self.longer_before(nxt)) if g]
        if len(groups) == 1:
            return groups[0]
        return sorted(chain.from_iterable(groups))


def _add(out: list[Candidate], doc: DocView, i: int, j: int, label: str, confidence: float, provenance: str,
         priority: int) -> None:
    """A match of tokens i..j as a candidate: with a clitic glued to its end, and a source with
    its web domain ("Delfi.lt"); neither where whitespace or the text's end follows token j."""
    j = extend_clitic(doc, j)
    if label == _SOURCE:
        j = extend_domain(doc, j)
    out.append(Candidate(doc.starts[i], doc.ends[j], label, confidence, provenance, priority))


def _confidence(entry: Entry, inflected: bool) -> float:
    """A match's confidence: its entry's, less a little where a case ending was tolerated."""
    return round(entry.confidence - (0.05 if inflected else 0.0), 3)


@dataclass(frozen=True, slots=True, eq=False)
class Gazetteer(_ReadOnlyMappings):
    """Entries indexed by their first word, built once by ``GazetteerBuilder.build`` and never
    changed: exact keys and stems, in separate indexes for entries that may start on a
    lower-case word. Compared and hashed by identity: what it finds per word is memoised in the
    suggester's word memos (``DocView.memos``), keyed by its methods."""

    exact: Mapping[str, tuple[Entry, ...]]
    prefix: Mapping[str, tuple[Entry, ...]]
    exact_lower: Mapping[str, tuple[Entry, ...]]
    prefix_lower: Mapping[str, tuple[Entry, ...]]
    lower_starts: frozenset[str]  # first letters of the keys that lower-case entries start with
    stem_heads: frozenset[str]  # first three letters of the stems in the prefix indexes
    fuzzy: FuzzyIndex | None  # None: no misspellings are looked for
    size: int

    def misspellings(self, doc: DocView, covered: list[bool]) -> list[tuple[int, Entry]]:
        """Misspelt names: (token, entry) for each capitalised word not ``covered`` that is one
        letter short of (or one letter longer than) a long single-word entry, possibly before a
        case ending ("Lufhansa", "Kazahstaului"); none if the gazetteer was built without
        ``fuzzy``."""
        out: list[tuple[int, Entry]] = []
        if self.fuzzy is None:
            return out
        hits = doc.memos[self._fuzzy_entry]
        for i in doc.cap_idx:
            if covered[i] or doc.allcaps[i]:
                continue
            tk = doc.folded[i]
            if len(tk) < FUZZY_MIN:
                continue
            entry = hits[tk, doc.suffixes.get(doc.para[i], frozenset())]
            if entry is not None:
                out.append((i, entry))
        return out

    def _fuzzy_entry(self, probe: tuple[str, frozenset[str]]) -> Entry | None:
        """The entry a folded word is a misspelling of, given the case endings in use; None if
        there is none or the candidates disagree on the label."""
        tk, suffixes = probe
        whole, deletes, deletes_end = self.fuzzy.whole, self.fuzzy.deletes, self.fuzzy.deletes_end
        found: list[Entry] = []
        for cut in range(0, min(5, len(tk) - FUZZY_MIN + 2)):
            base, rest = (tk[:-cut], tk[-cut:]) if cut else (tk, "")
            if cut and rest not in suffixes:
                continue
            found.extend(deletes.get(base, ()))
            if cut:
                found.extend(deletes_end.get(base, ()))
            else:
                for d in range(1, len(tk) - 1):  # an extra letter, never the last ("Georgian")
                    found.extend(whole.get(tk[:d] + tk[d + 1 :], ()))
            if found:
                break
        if len({e.label for e in found}) != 1:
            return None
        return max(found, key=lambda e: (e.confidence, e.provenance))

    def _starting_at(self, word: str) -> _Start | None:
        """The entries that may start at a token reading ``word`` (None for most words): those
        whose first word is its key, or whose first word's stem begins it (memoised per word).
        They are ranked in a fixed order, each with whether this word is its first word exactly
        (whatever the paragraph's language), so that a one-word entry needs no further check."""
        first = word[0]
        upper = first.isupper() or first.isdecimal()
        k = key(word) if first.isalpha() else word
        if not (upper or (first.isalpha() and k[:PREFIX] in self.lower_starts)):
            return None
        found: list[Entry] = []
        indexes = ((self.exact, self.prefix), (self.exact_lower, self.prefix_lower))
        stemmed = k[:3] in self.stem_heads
        for exact, prefix in indexes if upper else indexes[1:]:
            found.extend(exact.get(k, ()))
            for cut in range(0, min(MAX_ENDING, len(k) - PREFIX) + 1) if stemmed else ():
                more = prefix.get(k[: len(k) - cut] if cut else k)
                if more:
                    found.extend(more)
        # keep the entries whose first word this word can be in some paragraph (the check
        # _match makes with the paragraph's endings, made here with every language's)
        word_fold, allcaps = folded(word), len(word) > 1 and word.isupper()
        # a name starts with a capital or a digit unless the entry allows lower case
        kept: dict[int, tuple[Entry, bool]] = {}  # by entry number: an entry found twice counts once
        verdicts: dict[Part, int] = {}  # many entries share a first word ("Republica ...")
        for e in found:
            if e.number in kept or not (upper or e.lower_ok):
                continue
            part = e.parts[0]
            how = verdicts.get(part)
            if how is None:
                how = verdicts[part] = (part_matches(part, word, word_fold, k, allcaps, ALL_SUFFIXES)
                                        if part.word else EXACT)
            if how:
                kept[e.number] = (e, how == EXACT)
        if not kept:
            return None
        start = _Start([], {}, {})
        for rank, (entry, exact) in enumerate(kept.values()):
            if len(entry.parts) == 1 and not entry.needs_cue:
                start.alone.append((rank, entry, exact))
            else:
                start.longer.setdefault(entry.second, []).append((rank, entry, exact))
        return start

    def starts_at(self, word: str) -> bool:
        """Whether an entry may start at a token reading ``word`` (a word fact: a rule that
        finds these tokens in the view's one scan hands them to ``matches``)."""
        return self._starting_at(word) is not None

    def matches(self, doc: DocView, cues: frozenset[str] = frozenset(),
                starts: Iterable[int] | None = None) -> list[Candidate]:
        """Every entry matching anywhere in the document (overlaps included). ``starts``: the
        tokens whose word ``starts_at`` holds for, in order, if the caller has them
        (``DocView.where``): only those are looked up, instead of every token's word.

        At each token, of the entries of one label the longest match is kept, then the more
        confident, then the first in rank. Where no longer entry (``_Start.longer``) may start
        (most tokens), the candidates are those of the one-word entries, which depend only on
        the word and the paragraph's languages: they are worked out once and memoised
        (``_Start.found``)."""
        out: list[Candidate] = []
        keys, gaps, para, para_langs = doc._keys, doc.gaps, doc.para, doc.para_langs
        n = doc.n
        words = doc.words
        starting = doc.memos.of(self._starting_at, 500_000)
        for i in compress(range(n), starting.over(words)) if starts is None else starts:
            start = starting[words[i]]
            nxt = keys[i + 1][:2] if i + 1 < n else ""
            longer = start.longer
            # (``start.longer_before(nxt)`` is empty, asked without a call at most tokens)
            if not longer or not ("" in longer or nxt[:1] in longer or nxt in longer):
                langs = para_langs.get(para[i], _NO_LANGUAGES)  # doc.langs_at(i)
                found = start.found.get(langs)
                if found is None:
                    found = start.found[langs] = self._alone_at(doc, i, start.alone)
                if not found:
                    continue
                if i + 1 < n and not gaps[i + 1]:  # a clitic or a web domain may be glued on
                    for label, confidence, provenance, priority in found:
                        _add(out, doc, i, i, label, confidence, provenance, priority)
                else:
                    a, b = doc.starts[i], doc.ends[i]
                    for label, confidence, provenance, priority in found:
                        out.append(Candidate(a, b, label, confidence, provenance, priority))
                continue
            best: dict[str, tuple[int, Entry, bool]] = {}
            for _, entry, exact in start.before(nxt):
                end = (i, False) if exact and len(entry.parts) == 1 else self._match(doc, i, entry)
                if end is None:
                    continue
                j_end, inflected = end
                if entry.needs_cue and not _near_cue(doc, i, j_end, cues):
                    continue
                current = best.get(entry.label)
                if current is None or j_end > current[0] or (
                    j_end == current[0] and entry.confidence > current[1].confidence
                ):
                    best[entry.label] = (j_end, entry, inflected)
            for j_end, entry, inflected in best.values():
                _add(out, doc, i, j_end, entry.label, _confidence(entry, inflected), entry.provenance, entry.priority)
        return out

    def _alone_at(self, doc: DocView, i: int, alone: list[tuple[int, Entry, bool]]) -> tuple[tuple[str, float, str, int], ...]:
        """(label, confidence, provenance, priority) of the best one-word entry of each label
        among ``alone`` matching token ``i`` (the more confident, then the first in rank): a
        function of the token's word and its paragraph's languages only."""
        best: dict[str, tuple[Entry, bool]] = {}
        for _, entry, exact in alone:
            end = (i, False) if exact else self._match(doc, i, entry)
            if end is None:
                continue
            current = best.get(entry.label)
            if current is None or entry.confidence > current[0].confidence:
                best[entry.label] = (entry, end[1])
        return tuple((e.label, _confidence(e, inflected), e.provenance, e.priority) for e, inflected in best.values())

    @staticmethod
    def _match(doc: DocView, i: int, entry: Entry) -> tuple[int, bool] | None:
        """Index of the last matched token and whether an ending was tolerated, or None."""
        j = i
        n = doc.n
        inflected = False
        suffixes = doc.suffixes.get(doc.para[i], frozenset())
        may_inflect = entry.langs is None or bool(entry.langs & close_languages(doc.langs_at(i)))
        words = doc.words
        for idx, part in enumerate(entry.parts):
            if j >= n:
                return None
            if idx and (doc.newline_before[j] or part.space_before != bool(doc.gaps[j])):
                return None
            if part.word:
                if not doc.alpha[j]:
                    return None
                how = part_matches(part, words[j], doc.folded[j], doc._keys[j], doc.allcaps[j],
                                   suffixes if may_inflect else None)
                if not how:
                    return None
                inflected = inflected or how == INFLECTED
            elif words[j] != part.text:
                return None
            j += 1
        first = words[i]
        if not (first[0].isupper() or first[0].isdecimal() or entry.lower_ok):
            return None
        return j - 1, inflected


EXACT, INFLECTED = 1, 2
_NO_LANGUAGES: frozenset[str] = frozenset()
_SOURCE = Label.SOURCE  # an enum member, looked up once (each Label.X costs a lookup)


def part_matches(part: Part, word: str, word_fold: str, word_key: str, allcaps: bool,
                 suffixes: frozenset[str] | None) -> int:
    """Whether the word token ``word`` matches ``part``: 0 (no), EXACT, or INFLECTED (as its stem
    and one of ``suffixes``; None: no ending is allowed here)."""
    if not part.latin and word[0] < "\u0370":
        return 0  # "Κούβα" must not match Finnish "Kuva"
    if part.acronym:
        if word_fold != part.fold:
            if not (word_fold == part.fold + "s" and word[:-1].isupper() and word[-1] == "s"):
                return 0
        elif not (word.isupper() or (len(part.text) >= 4 and word[0].isupper())):
            return 0
        return EXACT
    if allcaps and len(word) <= 5 and word_fold != part.fold:
        return 0  # an acronym ("OSCE") is not a name spelt alike ("Ostsee")
    if word_key == part.key:
        return EXACT
    if part.inflects and suffixes is not None and inflects_to(part.key, part.stem, word_key, suffixes):
        return INFLECTED
    return 0


# Languages close enough to share their names' case endings ("Turecko" is Czech and Slovak).
_CLOSE = ({"cs", "sk"}, {"sr", "hr", "bs", "sl", "mk"}, {"ru", "uk", "be", "bg"}, {"no", "da", "sv"},
          {"lt", "lv"}, {"fi", "et"})


@cache
def close_languages(langs: frozenset[str]) -> frozenset[str]:
    """The languages and their close relatives."""
    grown = set(langs)
    for group in _CLOSE:
        if group & langs:
            grown |= group
    return frozenset(grown)


def extend_clitic(doc: DocView, j: int) -> int:
    """Extend a name ending at token j over a clitic or case suffix written after an apostrophe
    (Turkish "Kazakistan'a", English "Almaty's"), a hyphen (Hungarian "NATO-nak") or a colon
    (Finnish "EU:n")."""
    if j + 2 >= doc.n or doc.gaps[j + 1] or doc.gaps[j + 2] or not doc.alpha[j + 2]:
        return j
    sep = doc.words[j + 1]
    suffix = doc.words[j + 2]
    if not suffix.islower() or (j + 3 < doc.n and not doc.gaps[j + 3] and doc.alpha[j + 3]):
        return j
    if sep in _APOSTROPHES and len(suffix) <= 5:
        return j + 2
    langs = doc.langs_at(j)
    if sep == "-":
        if suffix in HU_SUFFIXES and ("hu" in langs or not langs):
            return j + 2
        if suffix in ET_SUFFIXES and "et" in langs:
            return j + 2
        if suffix in SH_SUFFIXES and langs & {"sr", "hr", "bs", "sl", "mk", "bg"}:
            return j + 2
        if (suffix in PL_SUFFIXES and "pl" in langs) or (suffix in LT_SUFFIXES and "lt" in langs):
            return j + 2
    if sep == ":" and suffix in FI_SUFFIXES and ("fi" in langs or not langs):
        return j + 2
    if sep == ":" and suffix == "s" and langs & _SCANDINAVIAN:  # the Swedish genitive of an abbreviation: "SMHI:s"
        return j + 2
    return j


_TLDS = split_words("cz sk pl ro hu ru ua kz kg uz gr de at ch fr it es pt nl be lt lv ee fi se no dk si hr rs ba "
                    "bg tr com net org info io media news tv eu uk us am az by md")


def extend_domain(doc: DocView, j: int) -> int:
    """"Profimedia" + ".cz": an outlet's name followed by a domain ending is one SOURCE."""
    if j + 2 < doc.n and doc.words[j + 1] == "." and not doc.gaps[j + 1] and not doc.gaps[j + 2] \
            and doc.lower[j + 2] in _TLDS and doc.words[j + 2].islower():
        return j + 2
    return j


def _near_cue(doc: DocView, i: int, j: int, cues: frozenset[str]) -> bool:
    return any(0 <= k < doc.n and doc.alpha[k] and doc.key(k) in cues for k in (i - 1, i - 2, j + 1))
