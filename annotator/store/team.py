"""Team work in the store: members and roles, assignments, layer administration, flags.

A mixin of ``Store`` (it uses the store's queries, transactions and event log). Every change is
one transaction with one event in ``events``; events that concern no (document, layer) pair,
or that must not enter a layer's undo history (flags), are logged with ``layer`` null.

Roles guard against mistakes (an annotator opening the curator screen, a typo creating a
layer), not against malice: anyone who can write the database file can change it. File
permissions are the security boundary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.model import GOLD, MACHINE, RESERVED_LAYERS, Status, quoted, validate_annotator_name
from annotator.model.errors import InputError, Refused, UnknownDocument
from annotator.model.notes import validate_note
from annotator.store import stacks
from annotator.store.database import unknown_layer
from annotator.store.sql import column, has_table, now, rows, value, where_clause

if TYPE_CHECKING:  # pragma: no cover
    import sqlite_utils

ANNOTATOR = "annotator"
CURATOR = "curator"
ROLES = (ANNOTATOR, CURATOR)


@dataclass(frozen=True, slots=True)
class Flag:
    """An annotator's flag on a document (``start``/``end`` None) or on a stretch of it."""

    doc_id: str
    layer: str
    start: int | None
    end: int | None
    note: str
    created_at: str = ""

    @property
    def on_document(self) -> bool:
        return self.start is None

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "note": self.note}


@dataclass(frozen=True, slots=True)
class LayerInfo:
    """One layer as ``annotator layer list`` shows it."""

    name: str
    kind: str  # machine | gold | annotator
    spans: int
    done: int
    in_progress: int
    skipped: int
    member: str | None  # the member's role, None if not a member (or no team)

    @property
    def started(self) -> bool:
        """A layer counts for agreement and curation by default once it has a done document."""
        return self.done > 0

    def to_json(self) -> dict:
        return {"name": self.name, "kind": self.kind, "spans": self.spans, "done": self.done,
                "in_progress": self.in_progress, "skipped": self.skipped, "member": self.member,
                "started": self.started}


def flags(db: sqlite_utils.Database, doc_id: str | None = None, layer: str | None = None) -> list[Flag]:
    """Flags, by document (import order), annotator and position; document flags first (none in a
    database from before the team migration)."""
    if not has_table(db, "flags"):
        return []
    where, params = where_clause(**{"f.doc_id": doc_id, "f.layer": layer})
    sql = ("select f.doc_id, f.layer, f.start, f.end, f.note, f.created_at from flags f "
           "join documents d on d.id = f.doc_id" + where
           + " order by d.position, f.layer, coalesce(f.start, -1), f.end")
    return [Flag(doc_id=r["doc_id"], layer=r["layer"], start=r["start"], end=r["end"], note=r["note"],
                 created_at=r["created_at"]) for r in rows(db, sql, params)]


class TeamMixin:
    """Members, assignments, layers and flags (mixed into ``Store``)."""

    db: sqlite_utils.Database
    path: Path | None

    # The rest (_q, transaction, _log, layers, spans, ...) is Store's.

    def _has_table(self, name: str) -> bool:
        """False on a database from before the team migration (read-only commands do not migrate)."""
        return has_table(self.db, name)

    # -- members and roles ------------------------------------------------------------------
    def members(self) -> dict[str, str]:
        """name -> role; empty when no team is defined (solo use: nothing is restricted)."""
        if not self._has_table("members"):
            return {}
        return dict(self._q("select name, role from members order by name"))

    def _check_team_admin(self, actor: str, members: Mapping[str, str]) -> None:
        if CURATOR in members.values() and members.get(actor) != CURATOR:
            raise Refused(f"only a curator may change the team; {quoted(actor)} is not one "
                             f"(curators: {', '.join(n for n, r in members.items() if r == CURATOR)})")

    def add_member(self, name: str, role: str = ANNOTATOR, *, actor: str) -> str:
        """Add a member, or change a member's role; returns ``added``, ``changed`` or ``unchanged``.

        Once the team has a curator, only curators may change it."""
        validate_annotator_name(name)
        if role not in ROLES:
            raise InputError(f"unknown role {quoted(role)} (roles: {', '.join(ROLES)})")
        with self.transaction():
            members = self.members()
            self._check_team_admin(actor, members)
            before = members.get(name)
            if before == role:
                return "unchanged"
            if before == CURATOR and list(members.values()).count(CURATOR) == 1:
                raise Refused(f"{quoted(name)} is the only curator: make another member a curator first")
            self.db.execute(
                "insert into members (name, role, added_at, added_by) values (?,?,?,?) "
                "on conflict(name) do update set role=excluded.role",
                [name, role, now(), actor],
            )
            self._log(actor, None, None, "team", {"member": name, "role": [before, role]})
        return "added" if before is None else "changed"

    def remove_member(self, name: str, *, actor: str) -> None:
        """Remove a member (their layer stays). The last curator cannot leave while others remain."""
        with self.transaction():
            members = self.members()
            if name not in members:
                raise InputError(f"{quoted(name)} is not a member of the team "
                                 f"(members: {', '.join(members) or 'none'})")
            self._check_team_admin(actor, members)
            curators = [n for n, r in members.items() if r == CURATOR]
            if curators == [name] and len(members) > 1:
                raise Refused(f"{quoted(name)} is the only curator: make another member a curator first")
            self.db.execute("delete from members where name=?", [name])
            self._log(actor, None, None, "team", {"member": name, "role": [members[name], None]})

    def require_role(self, name: str, role: str = ANNOTATOR, what: str = "do this") -> None:
        """Refuse ``name`` unless there is no team, or they are a member (``annotator``) or a
        curator (``curator``). The message says how to fix it."""
        members = self.members()
        if not members:
            return
        if role == CURATOR:
            if members.get(name) != CURATOR:
                curators = [n for n, r in members.items() if r == CURATOR]
                who = f"curators: {', '.join(curators)}" if curators else \
                    "the team has no curator: add one with 'annotator team add NAME --curator'"
                raise Refused(f"only curators may {what}, and {quoted(name)} is not one ({who})")
            return
        if name not in members:
            raise Refused(f"{quoted(name)} is not a member of the team (members: {', '.join(members)}); "
                             f"a curator can add them with 'annotator team add {name}'")

    # -- assignments ------------------------------------------------------------------------
    def assignments(self) -> dict[str, list[str]]:
        """doc id -> the annotators it is assigned to (sorted); unassigned documents are absent."""
        if not self._has_table("assignments"):
            return {}
        result: dict[str, list[str]] = {}
        for doc_id, annotator in self._q("select doc_id, annotator from assignments order by doc_id, annotator"):
            result.setdefault(doc_id, []).append(annotator)
        return result

    def assigned_documents(self, annotator: str) -> list[str]:
        """The annotator's queue: the documents assigned to them, in import order."""
        if not self._has_table("assignments"):
            return []
        return column(self.db, "select a.doc_id from assignments a join documents d on d.id = a.doc_id "
                               "where a.annotator=? order by d.position", [annotator])

    def assign(self, plan: Mapping[str, Sequence[str]], *, actor: str, replace: bool = False,
               note: dict | None = None) -> int:
        """Store an assignment (doc id -> annotators) in one transaction and one event; with
        ``replace`` every earlier assignment is dropped first. Returns the number of
        (document, annotator) pairs written."""
        rows = [(doc_id, name) for doc_id, names in plan.items() for name in names]
        for _, name in rows:
            validate_annotator_name(name)
        stamp = now()
        with self.transaction():
            known = set(self.document_ids())
            missing = next((d for d in plan if d not in known), None)
            if missing is not None:
                raise UnknownDocument(missing)
            if replace:
                self.db.execute("delete from assignments")
            self.db.conn.executemany(
                "insert or ignore into assignments (doc_id, annotator, assigned_at, assigned_by) values (?,?,?,?)",
                [(d, n, stamp, actor) for d, n in rows],
            )
            self._log(actor, None, None, "assign", {"pairs": len(rows), "documents": len(plan),
                                                   "replace": replace, **(note or {})})
        return len(rows)

    def assignment_progress(self) -> dict[str, dict[str, int]]:
        """annotator -> {assigned, done, in_progress, skipped, todo} over their assigned documents."""
        if not self._has_table("assignments"):
            return {}
        result: dict[str, dict[str, int]] = {}
        for annotator, status, n in self._q(
            "select a.annotator, coalesce(s.status, 'todo'), count(*) from assignments a "
            "left join layer_status s on s.doc_id = a.doc_id and s.layer = a.annotator "
            "group by a.annotator, coalesce(s.status, 'todo') order by a.annotator"
        ):
            row = result.setdefault(annotator, {"assigned": 0, **{st.value: 0 for st in Status}})
            row[status] = row.get(status, 0) + n
            row["assigned"] += n
        return result

    # -- layers -----------------------------------------------------------------------------
    def layer_infos(self) -> list[LayerInfo]:
        """Every layer with its spans and statuses, sorted by name."""
        members = self.members()
        spans = dict(self._q("select layer, count(*) from spans group by layer"))
        statuses: dict[str, dict[str, int]] = {}
        for layer, status, n in self._q("select layer, status, count(*) from layer_status group by layer, status"):
            statuses.setdefault(layer, {})[status] = n
        result = []
        for layer in self.layers():
            s = statuses.get(layer, {})
            kind = layer if layer in RESERVED_LAYERS else ANNOTATOR
            result.append(LayerInfo(layer, kind, spans.get(layer, 0), s.get(Status.DONE.value, 0),
                                    s.get(Status.IN_PROGRESS.value, 0), s.get(Status.SKIPPED.value, 0),
                                    members.get(layer)))
        return result

    def layers_with_status(self, status: str) -> set[str]:
        """The layers that have at least one document with ``status``."""
        return set(column(self.db, "select distinct layer from layer_status where status=?", [status]))

    def _check_editable_layer(self, name: str) -> None:
        if name in (MACHINE, GOLD):
            raise Refused(f"{quoted(name)} is a protected layer: it cannot be renamed or deleted")
        if name not in self.layers():
            raise unknown_layer(name, self.layers())

    def rename_layer(self, old: str, new: str, *, actor: str) -> None:
        """Rename an annotator layer everywhere it is named (spans, statuses, decisions, its
        events, position, assignments, flags, membership), as one transaction and one event."""
        validate_annotator_name(new)
        with self.transaction():
            self._check_editable_layer(old)
            if new in self.layers() or new in self.members():
                raise InputError(f"{quoted(new)} already exists: choose another name")
            if value(self.db, "select 1 from events where layer=? limit 1", [new]) is not None:
                # its events would join this layer's: a history that no longer replays, undo cut short
                raise InputError(f"{quoted(new)} was a layer before (deleted; its history is in the log): "
                                 "choose another name")
            for table in ("spans", "layer_status", "decisions", "events"):
                self.db.execute(f"update {table} set layer=? where layer=?", [new, old])
            if self._has_table(stacks.TABLE):  # the new name's stacks replayed from its events
                self.db.execute(f"delete from {stacks.TABLE} where layer=?", [old])
                stacks.rebuild(self.db, layer=new)
            self.db.execute("update positions set annotator=? where annotator=?", [new, old])
            if self._has_table("document_positions"):
                self.db.execute("update document_positions set annotator=? where annotator=?", [new, old])
            if self._has_table("members"):
                for table, column in (("assignments", "annotator"), ("flags", "layer"), ("members", "name")):
                    self.db.execute(f"update {table} set {column}=? where {column}=?", [new, old])
            self._log(actor, None, None, "layer_rename", {"from": old, "to": new})

    def delete_layer(self, name: str, *, actor: str, backup: str | Path | None = None) -> Path | None:
        """Delete an annotator layer (spans, statuses, decisions, flags, position, assignments),
        after a backup of the whole database (beside it unless ``backup`` is given). Each
        document's loss is logged like a replaced document's (an undo barrier), so the event
        log still replays to the tables; the way back is the backup. Returns the backup path."""
        self._check_editable_layer(name)
        target: Path | None = None
        if backup is not None:
            target = Path(backup)
        elif self.path is not None:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
            target = self.path.with_name(f"{self.path.name}.before-delete-{name}-{stamp}.bak")
        if target is not None:
            self.backup(target)
        with self.transaction():
            self._check_editable_layer(name)
            docs = self._q(
                "select doc_id from spans where layer=:l union select doc_id from layer_status where layer=:l "
                "union select doc_id from decisions where layer=:l order by 1", {"l": name})
            for (doc_id,) in docs:
                self._log(actor, doc_id, name, "layer_delete", self._everything_of(doc_id, name))
            for table in ("spans", "layer_status", "decisions"):
                self.db.execute(f"delete from {table} where layer=?", [name])
            self.db.execute("delete from positions where annotator=?", [name])
            if self._has_table("document_positions"):
                self.db.execute("delete from document_positions where annotator=?", [name])
            if self._has_table("flags"):
                self.db.execute("delete from flags where layer=?", [name])
                self.db.execute("delete from assignments where annotator=?", [name])
            self._log(actor, None, None, "layer_delete",
                      {"layer": name, "documents": len(docs), "backup": target.name if target else None})
        return target

    # -- flags ------------------------------------------------------------------------------
    def flags(self, doc_id: str | None = None, layer: str | None = None) -> list[Flag]:
        """Flags, by document (import order), annotator and position; document flags first."""
        return flags(self.db, doc_id, layer)

    def set_flag(self, doc_id: str, layer: str, note: str, span: tuple[int, int] | None = None, *,
                 actor: str) -> None:
        """Flag the document (``span`` None) or a stretch of it as unsure, with a short note;
        flagging the same place again replaces the note."""
        note = validate_note(note)
        validate_annotator_name(layer)
        with self.transaction():
            size = value(self.db, "select n_chars from documents where id=?", [doc_id])
            if size is None:
                raise UnknownDocument(doc_id)
            if span is not None and not (0 <= span[0] < span[1] <= size):
                raise InputError(f"{doc_id}: flag [{span[0]}, {span[1]}) is out of range")
            before = self._delete_flag(doc_id, layer, span)
            self.db.execute(
                "insert into flags (doc_id, layer, start, end, note, created_at, created_by) values (?,?,?,?,?,?,?)",
                [doc_id, layer, *(span or (None, None)), note, now(), actor],
            )
            self._log(actor, doc_id, None, "flag",
                      {"annotator": layer, "span": list(span) if span else None, "note": [before, note]})

    def clear_flag(self, doc_id: str, layer: str, span: tuple[int, int] | None = None, *,
                   actor: str) -> bool:
        """Remove a flag; False if there was none."""
        with self.transaction():
            before = self._delete_flag(doc_id, layer, span)
            if before is None:
                return False
            self._log(actor, doc_id, None, "flag",
                      {"annotator": layer, "span": list(span) if span else None, "note": [before, None]})
        return True

    def _delete_flag(self, doc_id: str, layer: str, span: tuple[int, int] | None) -> str | None:
        if span is None:
            where, params = "start is null", [doc_id, layer]
        else:
            where, params = "start=? and end=?", [doc_id, layer, *span]
        found = rows(self.db, f"select id, note from flags where doc_id=? and layer=? and {where}", params)
        if not found:
            return None
        self.db.execute("delete from flags where id=?", [found[0]["id"]])
        return found[0]["note"]

    def replace_flags(self, doc_id: str, layer: str, flags: Iterable[Flag | dict], *, actor: str) -> None:
        """Make the annotator's flags on the document exactly ``flags`` (an import)."""
        wanted = {}
        for flag in flags:
            data = flag.to_json() if isinstance(flag, Flag) else flag
            key = None if data.get("start") is None else (int(data["start"]), int(data["end"]))
            wanted[key] = validate_note(str(data.get("note", "")))
        with self.transaction():
            current = {(None if f.start is None else (f.start, f.end)): f.note for f in self.flags(doc_id, layer)}
            for key in current.keys() - wanted.keys():
                self.clear_flag(doc_id, layer, key, actor=actor)
            for key, note in wanted.items():
                if current.get(key) != note:
                    self.set_flag(doc_id, layer, note, key, actor=actor)

    def flag_counts(self) -> dict[str, dict[str, int]]:
        """annotator -> {"documents": documents with a flag, "flags": flags}."""
        if not self._has_table("flags"):
            return {}
        return {layer: {"documents": docs, "flags": n} for layer, docs, n in self._q(
            "select layer, count(distinct doc_id), count(*) from flags group by layer order by layer")}
