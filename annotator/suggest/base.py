"""The suggester interface: document text and languages in; labelled spans out, each with a
confidence and the rule or entry that produced it."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Protocol, runtime_checkable

from annotator.model import Span

# Rule priorities, highest first: when two candidates overlap, the one with the higher priority
# wins, then the longer one, then the more confident one.
PRIORITY_TWEET = 90  # the display name of an embedded tweet's author
PRIORITY_GOLD = 70  # a surface form curated in the gold layer of another document (ties with media: length decides)
PRIORITY_SOURCE = 70  # the media gazetteer
PRIORITY_ENTITY = 60  # organisation, person and place gazetteers; squares, ministries
PRIORITY_FIGURE = 55  # numerals in digits and words
PRIORITY_PATTERN = 40  # credit lines, media cues, acronym definitions, official bodies
PRIORITY_GUESS = 20  # capitalised name sequences and unknown acronyms
PRIORITY_ECHO = 10  # a name found once, suggested again at its other occurrences


@dataclass(frozen=True, slots=True, init=False)
class Candidate:
    """One suggested span: ``[start, end)`` with a label, a confidence in (0, 1], the rule or
    entry that produced it (``provenance``, e.g. ``"source:tass"``), and a priority for
    resolving overlaps."""

    start: int
    end: int
    label: str  # a Label's value, as a plain string (or any string where a gazetteer serves another purpose)
    confidence: float
    provenance: str
    priority: int = PRIORITY_GUESS

    def __init__(self, start: int, end: int, label: str, confidence: float, provenance: str,
                 priority: int = PRIORITY_GUESS) -> None:
        # The fields are set through their slots' descriptors: what the __init__ a frozen
        # dataclass is given does through object.__setattr__, at a third of the cost (the rules
        # make a few hundred candidates per document).
        _set_start(self, start)
        _set_end(self, end)
        _set_label(self, label)
        _set_confidence(self, confidence)
        _set_provenance(self, provenance)
        _set_priority(self, priority)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.label)

    def overlaps(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end


_set_start, _set_end, _set_label, _set_confidence, _set_provenance, _set_priority = (
    vars(Candidate)[f.name].__set__ for f in fields(Candidate))


@runtime_checkable
class Suggester(Protocol):
    """Anything that proposes spans for a text."""

    name: str

    def suggest(self, text: str, languages: Sequence[str] = ()) -> list[Candidate]:
        """Non-overlapping candidates in reading order. ``languages`` are ISO 639-1 codes of the
        document (any order, may be empty: the suggester then guesses)."""
        ...


def _rank(c: Candidate) -> tuple:
    """A candidate's place in ``resolve``'s order (the first ranks first)."""
    return (-(c.priority // 20), -(c.end - c.start), -c.priority, -c.confidence, c.start, c.label, c.provenance)


def resolve(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Keep a non-overlapping subset: by tier (priority // 20: tweets; gazetteers and gold;
    numerals and patterns; guesses; echoes), then length, then priority, then confidence.

    Deterministic: ties fall to the earlier start, then the label name.
    """
    ranked = sorted(candidates, key=_rank)
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []  # sorted, disjoint
    for cand in ranked:
        if cand.end > cand.start and _took(taken, cand):
            chosen.append(cand)
    chosen.sort(key=_start_end)
    return chosen


def resolve_more(chosen: list[Candidate], more: Iterable[Candidate]) -> list[Candidate]:
    """``resolve(chosen + more)`` for ``chosen`` that ``resolve`` returned (echoes after the
    first resolution): while no candidate of ``more`` outranks one of ``chosen`` that it
    overlaps, every one of ``chosen`` stays and ``more`` only fills the gaps they leave, so only
    ``more`` is ranked and tried; else the whole resolution runs again."""
    more = list(more)  # read twice if the whole resolution runs again
    starts = [c.start for c in chosen]
    taken: list[tuple[int, int]] = []  # of ``more``: sorted, disjoint
    kept: list[Candidate] = []
    for cand in sorted(more, key=_rank):
        if cand.end <= cand.start:
            continue
        k = bisect.bisect_right(starts, cand.start) - 1
        if k < 0 or chosen[k].end <= cand.start:
            k += 1
        if k < len(chosen) and chosen[k].start < cand.end:  # overlaps chosen[k] (and perhaps more)
            while k < len(chosen) and chosen[k].start < cand.end:
                if _outranks(cand, chosen[k]):
                    return resolve([*chosen, *more])
                k += 1
            continue
        if _took(taken, cand):
            kept.append(cand)
    if not kept:
        return chosen
    return sorted([*chosen, *kept], key=_start_end)


def _took(taken: list[tuple[int, int]], cand: Candidate) -> bool:
    """Add ``cand``'s stretch to ``taken`` (sorted, disjoint stretches) unless it overlaps one
    of them; whether it was added."""
    i = bisect.bisect_left(taken, (cand.start, cand.start))
    if (i > 0 and taken[i - 1][1] > cand.start) or (i < len(taken) and taken[i][0] < cand.end):
        return False
    taken.insert(i, (cand.start, cand.end))
    return True


def _outranks(cand: Candidate, other: Candidate) -> bool:
    """``cand`` comes before ``other`` in ``resolve``'s order (its rank's first field is the
    tier: a lower tier never does)."""
    return _rank(cand) < _rank(other)


def _start_end(c: Candidate) -> tuple[int, int]:
    return c.start, c.end
