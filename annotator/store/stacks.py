"""Undo and redo stacks of each (document, layer), kept in the ``undo_stack`` table as the log is
written, so that an undo reads the top of a stack instead of replaying the layer's whole log.

The stacks are a function of the log (``replay`` is that function, and the reference the
table is tested against): in event order, an ``undo`` moves the event it reverts from the top
of the undo stack to the redo stack, a ``redo`` moves it back, a barrier (an import, the
suggester, a deleted layer: changes whose offsets or spans undo must not reach past) empties
both, and any other change is pushed on the undo stack and empties the redo stack. ``record``
applies one event to the table, in the transaction that logs it; ``rebuild`` replays the log
of some pairs into it (the migration that adds the table, and a renamed layer).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from annotator.store.sql import rows, value

if TYPE_CHECKING:  # pragma: no cover
    import sqlite_utils

TABLE = "undo_stack"
UNDO, REDO = "undo", "redo"
#: Actions that empty both stacks: undo cannot reach past them.
BARRIERS = frozenset({"import", "suggest", "layer_delete"})


def replay(events: Iterable[tuple[int, str, int | None]]) -> tuple[list[int], list[int]]:
    """The (undo, redo) stacks, bottom first, after ``events`` (id, action, reverts) in order."""
    undo: list[int] = []
    redo: list[int] = []
    for event_id, action, reverts in events:
        if action == UNDO:
            if undo and undo[-1] == reverts:
                redo.append(undo.pop())
        elif action == REDO:
            if redo and redo[-1] == reverts:
                undo.append(redo.pop())
        elif action in BARRIERS:
            undo.clear()
            redo.clear()
        else:
            undo.append(event_id)
            redo.clear()
    return undo, redo


def top(db: sqlite_utils.Database, doc_id: str, layer: str, stack: str) -> int | None:
    """The event on top of the pair's undo (``UNDO``) or redo (``REDO``) stack, or None."""
    found = value(db, f"select event_id from {TABLE} where doc_id=? and layer=? and stack=? "
                      "order by depth desc limit 1", [doc_id, layer, stack])
    return None if found is None else int(found)


def stacks(db: sqlite_utils.Database, doc_id: str, layer: str) -> tuple[list[int], list[int]]:
    """The pair's (undo, redo) stacks, bottom first, as stored."""
    result: dict[str, list[int]] = {UNDO: [], REDO: []}
    for stack, event_id in db.execute(
        f"select stack, event_id from {TABLE} where doc_id=? and layer=? order by stack, depth", [doc_id, layer]
    ):
        result[stack].append(int(event_id))
    return result[UNDO], result[REDO]


def _push(db: sqlite_utils.Database, doc_id: str, layer: str, stack: str, event_id: int) -> None:
    db.execute(
        f"insert into {TABLE} (doc_id, layer, stack, depth, event_id) select :d, :l, :s, "
        f"coalesce(max(depth), 0) + 1, :e from {TABLE} where doc_id=:d and layer=:l and stack=:s",
        {"d": doc_id, "l": layer, "s": stack, "e": event_id},
    )


def _pop(db: sqlite_utils.Database, doc_id: str, layer: str, stack: str) -> None:
    db.execute(
        f"delete from {TABLE} where doc_id=:d and layer=:l and stack=:s and depth = "
        f"(select max(depth) from {TABLE} where doc_id=:d and layer=:l and stack=:s)",
        {"d": doc_id, "l": layer, "s": stack},
    )


def _clear(db: sqlite_utils.Database, doc_id: str, layer: str, stack: str | None = None) -> None:
    if stack is None:
        db.execute(f"delete from {TABLE} where doc_id=? and layer=?", [doc_id, layer])
    else:
        db.execute(f"delete from {TABLE} where doc_id=? and layer=? and stack=?", [doc_id, layer, stack])


def record(db: sqlite_utils.Database, event_id: int, doc_id: str | None, layer: str | None, action: str,
           reverts: int | None) -> None:
    """Apply one event just logged to its pair's stacks (exactly as ``replay`` would)."""
    if doc_id is None or layer is None:
        return  # not part of any layer's history (a document, the team, a flag)
    if action in (UNDO, REDO):
        source, target = (UNDO, REDO) if action == UNDO else (REDO, UNDO)
        if reverts is not None and top(db, doc_id, layer, source) == reverts:
            _pop(db, doc_id, layer, source)
            _push(db, doc_id, layer, target, reverts)
    elif action in BARRIERS:
        _clear(db, doc_id, layer)
    else:
        _push(db, doc_id, layer, UNDO, event_id)
        _clear(db, doc_id, layer, REDO)


def rebuild(db: sqlite_utils.Database, layer: str | None = None) -> None:
    """Replay the log into the table: of every pair, or of ``layer``'s pairs."""
    where, params = ("", []) if layer is None else (" and layer = ?", [layer])
    db.execute(f"delete from {TABLE} where 1" + where, params)
    logged: dict[tuple[str, str], list[tuple[int, str, int | None]]] = {}
    for row in rows(db, "select doc_id, layer, id, action, reverts from events where doc_id is not null "
                        "and layer is not null" + where + " order by id", params):
        logged.setdefault((row["doc_id"], row["layer"]), []).append((row["id"], row["action"], row["reverts"]))
    inserts = []
    for (doc_id, pair_layer), pair_events in logged.items():
        undo, redo = replay(pair_events)
        for stack, ids in ((UNDO, undo), (REDO, redo)):
            inserts.extend((doc_id, pair_layer, stack, depth, e) for depth, e in enumerate(ids, 1))
    db.conn.executemany(f"insert into {TABLE} (doc_id, layer, stack, depth, event_id) values (?,?,?,?,?)", inserts)


def clear_all(db: sqlite_utils.Database, pairs: Iterable[tuple[str, str]]) -> None:
    """Both stacks of each (document, layer) emptied: ``record`` of a barrier, for many pairs."""
    db.conn.executemany(f"delete from {TABLE} where doc_id=? and layer=?", list(pairs))
