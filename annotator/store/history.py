"""History: undo and redo (the stacks of ``annotator.store.stacks``, the changes of
``annotator.store.changes``) and reading the event log.

Undoing an event applies its ``LayerChange`` backwards and logs that as an ``undo`` event
(redo: forwards, a ``redo`` event); the spans it puts back get the provenance the event
recorded. An event of a group (``apply_group``) is undone or redone with the whole group, in
every document where it is still the top of the stack.

Functions over an open ``sqlite_utils.Database``; ``Store`` is their façade.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.store import events, layers, stacks
from annotator.store.changes import Change, apply_unlogged
from annotator.store.database import write_transaction
from annotator.store.events import Event, LayerChange
from annotator.store.sql import rows, where_clause

if TYPE_CHECKING:  # pragma: no cover
    import sqlite_utils


def can_undo(db: sqlite_utils.Database, doc_id: str, layer: str) -> bool:
    return stacks.top(db, doc_id, layer, stacks.UNDO) is not None


def step_target(db: sqlite_utils.Database, doc_id: str, layer: str, *, backwards: bool) -> tuple[str, str] | None:
    """(actor, action) of the event an undo (``backwards``) or a redo would revert now, or None:
    a screen that undoes its own changes checks it is not about to revert someone else's."""
    target = stacks.top(db, doc_id, layer, stacks.UNDO if backwards else stacks.REDO)
    if target is None:
        return None
    row = rows(db, "select actor, action from events where id=?", [target])[0]
    return row["actor"], row["action"]


def undo(db: sqlite_utils.Database, doc_id: str, layer: str, *, actor: str) -> str | None:
    """Revert the layer's latest change on the document; returns the undone action or None."""
    return _step(db, doc_id, layer, actor=actor, backwards=True)


def redo(db: sqlite_utils.Database, doc_id: str, layer: str, *, actor: str) -> str | None:
    """Re-apply the latest undone change; returns the redone action or None."""
    return _step(db, doc_id, layer, actor=actor, backwards=False)


def _step(db: sqlite_utils.Database, doc_id: str, layer: str, *, actor: str, backwards: bool) -> str | None:
    stack = stacks.UNDO if backwards else stacks.REDO
    with write_transaction(db):
        target = stacks.top(db, doc_id, layer, stack)
        if target is None:
            return None
        row = rows(db, "select action, payload from events where id=?", [target])[0]
        change = events.decode(row["payload"], layer=layer)
        if change.group is None:
            _revert(db, doc_id, layer, target, change, actor=actor, backwards=backwards)
            return row["action"]
        # a change to many documents: undo (redo) it wherever it is still the latest change
        for member in rows(
            db,
            "select id, doc_id, payload from events where id >= ? and layer = ? and action = ? "
            "and json_extract(payload, '$.group') = ? order by id",
            [change.group, layer, row["action"], change.group],
        ):
            if member["doc_id"] != doc_id and stacks.top(db, member["doc_id"], layer, stack) != member["id"]:
                continue  # changed since: left as it is
            _revert(db, member["doc_id"], layer, member["id"], events.decode(member["payload"], layer=layer),
                    actor=actor, backwards=backwards)
        return row["action"]


def _revert(db: sqlite_utils.Database, doc_id: str, layer: str, target: int, change: LayerChange, *, actor: str,
            backwards: bool) -> None:
    """Undo (or redo) one event on its document, give the spans it puts back the provenance
    they had, and log that."""
    applied = apply_unlogged(db, doc_id, layer, _reverting(change, backwards=backwards), actor=actor)
    if change.provenance:
        restored = change.provenance.restored(backwards=backwards)
        layers.set_provenance(db, doc_id, layer, {s: (None, p) for s, p in restored.items()})
    events.log(db, actor, doc_id, layer, "undo" if backwards else "redo", applied, reverts=target)


def last_event(db: sqlite_utils.Database, doc_id: str, layer: str) -> tuple[int, str, str] | None:
    """(id, actor, action) of the latest event on one document's layer, or None: a window
    compares it with what it saw to notice another writer."""
    found = rows(db, "select id, actor, action from events where doc_id=? and layer=? order by id desc limit 1",
                 [doc_id, layer])
    return (int(found[0]["id"]), found[0]["actor"], found[0]["action"]) if found else None


def latest_change(db: sqlite_utils.Database, doc_id: str, layer: str) -> LayerChange | None:
    """What the latest event on one document's layer did to it (an undo: what undoing did)."""
    found = rows(db, "select payload from events where doc_id=? and layer=? order by id desc limit 1",
                 [doc_id, layer])
    return events.decode(found[0]["payload"], layer=layer) if found else None


def event_log(db: sqlite_utils.Database, doc_id: str | None = None, layer: str | None = None,
              limit: int | None = None) -> list[Event]:
    """Events, oldest first (optionally for one document and layer), with typed payloads."""
    where, params = where_clause(doc_id=doc_id, layer=layer)
    sql = "select id, at, actor, doc_id, layer, action, payload, reverts from events" + where + " order by id"
    if limit:
        sql += f" limit {int(limit)}"
    return [Event(id=r["id"], at=r["at"], actor=r["actor"], doc_id=r["doc_id"], layer=r["layer"],
                  action=r["action"], payload=events.decode(r["payload"], layer=r["layer"]), reverts=r["reverts"])
            for r in rows(db, sql, params)]


def history(db: sqlite_utils.Database, doc_id: str | None = None, layer: str | None = None,
            limit: int | None = None) -> list[dict]:
    """Events, oldest first (optionally for one document and layer), as JSON objects."""
    return [event.to_json() for event in event_log(db, doc_id, layer, limit)]


def _reverting(change: LayerChange, *, backwards: bool) -> Change:
    """The change that undoes (``backwards``) or redoes a logged one."""
    decisions = {d.span: d.before if backwards else d.after for d in change.decisions}
    status = None if change.status is None else change.status[0 if backwards else 1]
    if backwards:
        return Change(removed=change.added, added=change.removed, decisions=decisions, status=status)
    return Change(removed=change.removed, added=change.added, decisions=decisions, status=status)
