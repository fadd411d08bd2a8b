"""``annotator merge``: move what the done layers agree on into the gold layer.

A span (same start, end and label) qualifies when enough of the layers done on the document
have it: ``unanimous`` — every done layer; ``majority`` — more than half of them, or at least
``min_votes`` when that is given. A document takes part when at least two compared layers are
done on it (and, for ``unanimous``, at least ``min_votes``).

The merge never overrides a curator: a qualifying span is left out when the curator rejected it
on the gold layer, when it overlaps a gold span that differs from it, or when it overlaps another
qualifying span (possible with a low ``min_votes``). Running the merge again changes nothing.

Each merged document is one event on the gold layer (action ``merge``), and every merged span
keeps its provenance (``merge:majority:alice,bob``). A document with no open conflict left is
marked ``done`` on the gold layer (a document already done keeps its status).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from annotator.curation import provenance as prov
from annotator.curation.conflicts import SPAN_ORDER, Cluster, CurationDocument, conflicts
from annotator.model import Span, Status

MIN_LAYERS = 2


class Strategy(StrEnum):
    UNANIMOUS = "unanimous"
    MAJORITY = "majority"


@dataclass(frozen=True, slots=True)
class MergePlan:
    """What the merge does to one document, and what it leaves."""

    doc_id: str
    layers: tuple[str, ...]
    added: tuple[Span, ...] = ()
    provenance: dict[Span, str] = field(default_factory=dict)
    already: int = 0  # qualifying spans gold already has
    kept_rejected: tuple[Span, ...] = ()  # qualifying spans the curator rejected
    kept_gold: tuple[Span, ...] = ()  # qualifying spans overlapping a different gold span
    ambiguous: tuple[Span, ...] = ()  # qualifying spans overlapping each other
    open_conflicts: tuple[Cluster, ...] = ()  # conflicts still open after the merge
    status: str | None = None  # the gold layer's new status on the document, if it changes

    @property
    def changes(self) -> bool:
        return bool(self.added) or self.status is not None


def votes_needed(strategy: Strategy | str, n_layers: int, min_votes: int | None = None) -> int | None:
    """How many layers must have a span for it to be merged; None: the document does not take part."""
    strategy = Strategy(strategy)
    if n_layers < MIN_LAYERS:
        return None
    if strategy is Strategy.UNANIMOUS:
        return n_layers if n_layers >= (min_votes or MIN_LAYERS) else None
    return min_votes if min_votes is not None else n_layers // 2 + 1


def plan_merge(doc: CurationDocument, strategy: Strategy | str, min_votes: int | None = None) -> MergePlan | None:
    """What merging this document would do; None if too few compared layers are done on it."""
    strategy = Strategy(strategy)
    needed = votes_needed(strategy, len(doc.layers), min_votes)
    if needed is None:
        return None
    voters: dict[Span, list[str]] = {}
    for layer in doc.layers:
        for span in set(doc.spans.get(layer, ())):
            voters.setdefault(span, []).append(layer)
    qualifying = sorted((s for s, v in voters.items() if len(v) >= needed), key=SPAN_ORDER)
    gold = set(doc.gold)
    rejected = doc.rejected()
    already = [s for s in qualifying if s in gold]
    kept_rejected = [s for s in qualifying if s not in gold and s in rejected]
    rest = [s for s in qualifying if s not in gold and s not in rejected]
    gold_sorted = sorted(gold, key=SPAN_ORDER)
    gold_ends = [g.end for g in gold_sorted]
    kept_gold = [s for s in rest if _overlaps_sorted(s, gold_sorted, gold_ends)]
    rest = [s for s in rest if not _overlaps_sorted(s, gold_sorted, gold_ends)]
    ambiguous = _overlapping_each_other(rest)
    added = tuple(s for s in rest if s not in ambiguous)
    ambiguous = sorted(ambiguous, key=SPAN_ORDER)
    provenance = {s: prov.merged(strategy.value, voters[s]) for s in added}
    after = doc.with_gold(gold | set(added), doc.decisions)
    still_open = tuple(c for c in conflicts(after) if not c.resolved)
    status = None
    if doc.gold_status != Status.DONE.value:
        wanted = Status.IN_PROGRESS.value if still_open else Status.DONE.value
        if wanted != doc.gold_status and (added or not still_open):
            status = wanted
    return MergePlan(
        doc_id=doc.doc_id, layers=doc.layers, added=added, provenance=provenance, already=len(already),
        kept_rejected=tuple(kept_rejected), kept_gold=tuple(kept_gold), ambiguous=tuple(ambiguous),
        open_conflicts=still_open, status=status,
    )


def _overlaps_sorted(span: Span, spans: list[Span], ends: list[int]) -> bool:
    """True if ``span`` overlaps one of ``spans`` (sorted, not overlapping each other)."""
    i = bisect.bisect_right(ends, span.start)  # the first span ending after span starts
    return i < len(spans) and spans[i].start < span.end


def _overlapping_each_other(spans: list[Span]) -> set[Span]:
    """The spans (sorted) that overlap at least one other: members of groups of two or more."""
    found: set[Span] = set()
    group: list[Span] = []
    reach = -1
    for span in spans:
        if group and span.start >= reach:
            if len(group) > 1:
                found.update(group)
            group = []
        if not group:
            reach = span.end
        group.append(span)
        reach = max(reach, span.end)
    if len(group) > 1:
        found.update(group)
    return found


@dataclass(slots=True)
class MergeSummary:
    """The outcome of a merge over many documents."""

    strategy: str
    layers: list[str]
    min_votes: int | None
    plans: list[MergePlan] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # documents with too few done layers
    dry_run: bool = False

    @property
    def merged(self) -> int:
        return sum(len(p.added) for p in self.plans)

    def merged_per_label(self) -> dict[str, int]:
        return dict(sorted(Counter(s.label for p in self.plans for s in p.added).items()))

    @property
    def open_conflicts(self) -> int:
        return sum(len(p.open_conflicts) for p in self.plans)

    def to_json(self) -> dict:
        return {
            "strategy": self.strategy,
            "layers": self.layers,
            "min_votes": self.min_votes,
            "dry_run": self.dry_run,
            "merged": self.merged,
            "merged_per_label": self.merged_per_label(),
            "open_conflicts": self.open_conflicts,
            "documents": [
                {
                    "id": p.doc_id,
                    "layers": list(p.layers),
                    "merged": [[s.start, s.end, s.label] for s in p.added],
                    "provenance": [p.provenance[s] for s in p.added],
                    "already_in_gold": p.already,
                    "kept_rejected": [[s.start, s.end, s.label] for s in p.kept_rejected],
                    "kept_gold": [[s.start, s.end, s.label] for s in p.kept_gold],
                    "ambiguous": [[s.start, s.end, s.label] for s in p.ambiguous],
                    "open_conflicts": [
                        {"start": c.start, "end": c.end, "kinds": list(c.kinds)} for c in p.open_conflicts
                    ],
                    "status": p.status,
                }
                for p in self.plans
            ],
            "skipped": self.skipped,
        }


def plan_all(documents: Iterable[CurationDocument], strategy: Strategy | str, layers: Sequence[str],
             min_votes: int | None = None) -> MergeSummary:
    """Plan the merge of every document (pure)."""
    summary = MergeSummary(Strategy(strategy).value, list(layers), min_votes)
    for doc in documents:
        plan = plan_merge(doc, strategy, min_votes)
        if plan is None:
            summary.skipped.append(doc.doc_id)
        else:
            summary.plans.append(plan)
    return summary
