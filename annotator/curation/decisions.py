"""A curator's decisions on a conflict, planned as one change to the gold layer.

Pure: each ``plan_*`` function takes the document and the cluster and returns a ``GoldEdit``
(spans out and in, decisions, provenance, the layers followed, the document's new gold status);
``CurationSession`` hands it to ``loading.apply_curation``, which writes it as one event.

Every decision is recorded so that no later merge undoes it: the spans the curator takes are
``accepted`` on the gold layer, every other span proposed in the cluster (and any gold span the
decision removes) is ``rejected``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from annotator.curation import provenance as prov
from annotator.curation.conflicts import (
    ACCEPTED,
    REJECTED,
    SPAN_ORDER,
    Cluster,
    CurationDocument,
    Version,
    unresolved,
)
from annotator.model import Span, Status
from annotator.model.errors import DecisionError


@dataclass(frozen=True, slots=True)
class GoldEdit:
    """One curator action on the gold layer of one document."""

    doc_id: str
    action: str
    removed: tuple[Span, ...] = ()
    added: tuple[Span, ...] = ()
    decisions: Mapping[Span, str] = field(default_factory=dict)
    provenance: Mapping[Span, str] = field(default_factory=dict)
    followed: tuple[str, ...] = ()
    status: str | None = None
    message: str = ""

    def is_empty(self) -> bool:
        return not (self.removed or self.added or self.decisions or self.status)


def _finish(doc: CurationDocument, action: str, removed: Iterable[Span], added: Iterable[Span],
            decisions: Mapping[Span, str], provenance: Mapping[Span, str], followed: tuple[str, ...],
            message: str) -> GoldEdit:
    """Drop what would change nothing and work out the document's gold status afterwards."""
    gold = set(doc.gold)
    wanted = set(added)
    dropped = {s for s in removed if s in gold} - wanted
    # A span that stays in gold is removed and added again only when its provenance changes.
    renewed = {s for s in wanted & gold if s in provenance and provenance[s] != doc.provenance.get(s)}
    removed = tuple(sorted(dropped | renewed, key=SPAN_ORDER))
    added = tuple(sorted((wanted - gold) | renewed, key=SPAN_ORDER))
    decisions = {s: d for s, d in decisions.items() if doc.decisions.get(s) != d}
    new_gold = (gold - set(removed)) | set(added)
    new_decisions = {**doc.decisions, **decisions}
    after = doc.with_gold(new_gold, new_decisions)
    status = Status.DONE.value if unresolved(after) == 0 else Status.IN_PROGRESS.value
    if not (removed or added or decisions):
        return GoldEdit(doc.doc_id, action, message=message or "Nothing to change")
    return GoldEdit(
        doc.doc_id, action, removed, added, decisions,
        {s: provenance[s] for s in added if s in provenance}, followed,
        status if status != doc.gold_status else None, message,
    )


def plan_take(doc: CurationDocument, cluster: Cluster, version: Version, followed: tuple[str, ...],
              curator: str, *, action: str = "curate_take", message: str = "") -> GoldEdit:
    """Make ``version`` the gold spans of the cluster; reject every other proposed span there."""
    if not followed:
        raise DecisionError("no layer has that version")
    chosen = set(version)
    decisions = {s: ACCEPTED for s in chosen}
    for span in (*cluster.candidates, *cluster.gold):
        if span not in chosen:
            decisions[span] = REJECTED
    origin = prov.followed(curator, followed)
    return _finish(doc, action, cluster.gold, chosen, decisions, {s: origin for s in chosen}, followed, message)


def plan_take_layer(doc: CurationDocument, cluster: Cluster, layer: str, curator: str) -> GoldEdit:
    """Take ``layer``'s version of the cluster (the layers with the same version are recorded too)."""
    version = cluster.version(layer)
    if version is None:
        raise DecisionError(f"{layer} has not finished this document")
    return plan_take(doc, cluster, version, cluster.holders(version), curator, action="curate_take")


def plan_majority(doc: CurationDocument, cluster: Cluster, curator: str) -> GoldEdit:
    """Take the version more than half of the done layers share."""
    found = cluster.majority()
    if found is None:
        raise DecisionError(f"no majority: no version is shared by more than {len(cluster.versions) // 2} "
                            f"of {len(cluster.versions)} layers")
    version, holders = found
    return plan_take(doc, cluster, version, holders, curator, action="curate_majority")


def plan_reject(doc: CurationDocument, cluster: Cluster, curator: str) -> GoldEdit:
    """No span here: remove gold's spans in the cluster and reject every proposed span."""
    decisions = {s: REJECTED for s in (*cluster.candidates, *cluster.gold)}
    return _finish(doc, "curate_reject", cluster.gold, (), decisions, {}, (), "")


def plan_edit(doc: CurationDocument, removed: Iterable[Span], added: Iterable[Span], curator: str,
              *, action: str = "curate_edit") -> GoldEdit:
    """A hand edit of the gold layer: removed spans are rejected, added ones accepted."""
    removed, added = set(removed), set(added)
    decisions = {s: REJECTED for s in removed - added}
    decisions.update({s: ACCEPTED for s in added})
    origin = prov.edited(curator)
    # Only new spans get the curator's provenance; a span that stays keeps its own.
    return _finish(doc, action, removed, added, decisions, {s: origin for s in added - set(doc.gold)}, (), "")
