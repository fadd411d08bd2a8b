"""The event log: its payloads, typed, the one encoder and decoder of ``events.payload``, and the
one place that appends to it (``log``, and ``log_many`` for many events at once).

Every event on a (document, layer) pair records what it did to the layer as a ``LayerChange``:
the spans removed and added, the decisions on suggestions (before and after), the status
(before and after), the provenance of the spans it added and removed (so that undo and redo
give it back), the group it belongs to (a change to many documents at once) and any other
keys its writer added (``note``: a merge's strategy, the layers a curator followed).

Events with no layer (an imported document, the team, assignments, flags, a layer renamed or
deleted) describe themselves with a plain JSON object: nothing in annotator reads them back
except to show them (``Store.history``).

The stored text is compact JSON with sorted keys. ``encode`` writes exactly what annotator has
always written, and ``decode`` reads every payload annotator has ever written (a key that is
absent reads as empty), so databases written by older versions stay readable as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.model import Span, exactjson
from annotator.model.errors import InputError
from annotator.store import stacks
from annotator.store.sql import now

if TYPE_CHECKING:  # pragma: no cover
    import sqlite_utils

#: Keys of a layer change's payload that are its fields; anything else is its ``note``.
FIELDS = frozenset({"removed", "added", "decisions", "status", "provenance", "group"})


@dataclass(frozen=True, slots=True)
class DecisionChange:
    """A decision on a suggestion before and after the event (None: no decision)."""

    span: Span
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class ProvenanceRecord:
    """The provenance of the spans an event added and of those it removed (only spans that
    have one), so that undo and redo put it back on the spans they restore."""

    added: tuple[tuple[Span, str], ...] = ()
    removed: tuple[tuple[Span, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def restored(self, *, backwards: bool) -> dict[Span, str]:
        """The provenance of the spans that undoing (``backwards``) or redoing the event adds."""
        return dict(self.removed if backwards else self.added)


@dataclass(frozen=True, slots=True)
class LayerChange:
    """What one event did to one (document, layer)."""

    removed: tuple[Span, ...] = ()
    added: tuple[Span, ...] = ()
    decisions: tuple[DecisionChange, ...] = ()
    status: tuple[str, str] | None = None  # (before, after)
    provenance: ProvenanceRecord | None = None
    group: int | None = None  # id of the first event of a change to many documents
    note: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        clash = FIELDS & set(self.note)
        if clash:
            raise InputError(f"note keys {sorted(clash)} are reserved")

    def spans_touched(self) -> list[Span]:
        """Every span the event added, removed or decided on."""
        return [*self.added, *self.removed, *(d.span for d in self.decisions)]


@dataclass(frozen=True, slots=True)
class Event:
    """One row of the event log."""

    id: int
    at: str
    actor: str
    doc_id: str | None
    layer: str | None
    action: str
    payload: LayerChange | Mapping[str, Any]
    reverts: int | None = None

    def to_json(self) -> dict:
        """The event as ``Store.history`` has always given it (the payload as stored)."""
        payload = to_json(self.payload) if isinstance(self.payload, LayerChange) else dict(self.payload)
        return {"id": self.id, "at": self.at, "actor": self.actor, "doc_id": self.doc_id, "layer": self.layer,
                "action": self.action, "payload": payload, "reverts": self.reverts}


# -- the encoder --------------------------------------------------------------------------------
def _spans(spans: Iterable[Span]) -> list[list]:
    return [[s.start, s.end, s.label] for s in spans]


def _with_provenance(pairs: Iterable[tuple[Span, str]]) -> list[list]:
    return [[s.start, s.end, s.label, p] for s, p in pairs]


def to_json(change: LayerChange) -> dict:
    """A layer change as the JSON object stored in ``events.payload``."""
    data: dict[str, Any] = dict(change.note)
    data["removed"] = _spans(change.removed)
    data["added"] = _spans(change.added)
    if change.decisions:
        data["decisions"] = [[d.span.start, d.span.end, d.span.label, d.before, d.after] for d in change.decisions]
    if change.status is not None:
        data["status"] = list(change.status)
    if change.provenance:
        data["provenance"] = {"added": _with_provenance(change.provenance.added),
                              "removed": _with_provenance(change.provenance.removed)}
    if change.group is not None:
        data["group"] = change.group
    return dict(sorted(data.items()))  # in the order of the stored text


def new_spans_json(added: Sequence[tuple[int, int, str]], status: tuple[str, str] | None) -> dict[str, Any]:
    """``to_json(LayerChange(added=..., status=status))`` for spans given as (start, end, label)
    triples, without making a ``Span`` of each: the payloads of ``write_new_layers``, dozens of
    spans a document (``tests/test_store_events.py`` compares the two)."""
    data: dict[str, Any] = {"added": added, "removed": []}  # tuples are written as JSON arrays
    if status is not None:
        data["status"] = list(status)
    return data


def encode(payload: LayerChange | Mapping[str, Any]) -> str:
    """The text stored in ``events.payload``: compact JSON, keys sorted, integers of any size
    written exactly."""
    data = to_json(payload) if isinstance(payload, LayerChange) else payload
    return exactjson.dumps(data, sort_keys=True)


# -- the decoder --------------------------------------------------------------------------------
def _span(row: Sequence) -> Span:
    return Span(int(row[0]), int(row[1]), str(row[2]))


def from_json(data: Mapping[str, Any]) -> LayerChange:
    """A layer change from its stored JSON object (any version annotator has written)."""
    provenance = None
    record = data.get("provenance")
    if record:
        provenance = ProvenanceRecord(
            added=tuple((_span(r), r[3]) for r in record.get("added", [])),
            removed=tuple((_span(r), r[3]) for r in record.get("removed", [])),
        )
    status = data.get("status")
    return LayerChange(
        removed=tuple(_span(r) for r in data.get("removed", [])),
        added=tuple(_span(r) for r in data.get("added", [])),
        decisions=tuple(DecisionChange(_span(r), r[3], r[4]) for r in data.get("decisions", [])),
        status=(status[0], status[1]) if status is not None else None,
        provenance=provenance,
        group=data.get("group"),
        note={key: value for key, value in data.items() if key not in FIELDS},
    )


def decode(text: str | bytes, *, layer: str | None) -> LayerChange | dict[str, Any]:
    """A stored payload: a ``LayerChange`` for an event on a layer, else its JSON object."""
    data = exactjson.loads(text)
    if layer is None:
        return data
    return from_json(data)



# -- the writer ---------------------------------------------------------------------------------
def log(db: sqlite_utils.Database, actor: str, doc_id: str | None, layer: str | None, action: str,
        payload: LayerChange | Mapping[str, Any], reverts: int | None = None) -> int:
    """Append one event (with ``log_many``, the one place that writes ``events``) and keep its pair's undo and redo
    stacks in step with it; returns its id."""
    cursor = db.execute(
        "insert into events (at, actor, doc_id, layer, action, payload, reverts) values (?,?,?,?,?,?,?)",
        [now(), actor, doc_id, layer, action, encode(payload), reverts],
    )
    event_id = int(cursor.lastrowid)
    stacks.record(db, event_id, doc_id, layer, action, reverts)
    return event_id


def log_many(db: sqlite_utils.Database, actor: str,
             entries: Sequence[tuple[str | None, str | None, str, LayerChange | Mapping[str, Any]]]) -> None:
    """Append many events, each ``(doc id, layer, action, payload)``: the rows and stacks of
    ``log`` called for each in turn, in two statements for all of them. Only for events that
    empty their pair's stacks (barriers, such as the suggester's) or belong to no pair: any
    other event needs its id for its stack (``log`` it)."""
    for doc_id, layer, action, _ in entries:
        if doc_id is not None and layer is not None and action not in stacks.BARRIERS:
            raise ValueError(f"log_many takes barriers only, not {action!r} (log it)")
    db.conn.executemany(
        "insert into events (at, actor, doc_id, layer, action, payload, reverts) values (?,?,?,?,?,?,null)",
        [(now(), actor, doc_id, layer, action, encode(payload)) for doc_id, layer, action, payload in entries],
    )
    stacks.clear_all(db, [(doc_id, layer) for doc_id, layer, _, _ in entries if doc_id is not None and layer is not None])
