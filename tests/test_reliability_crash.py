"""Crash safety: annotation actions killed with SIGKILL at random moments lose nothing reported.

A child process performs random annotation actions through the same Store methods the TUI
calls (add, remove, relabel, accept one, accept all, reject, status, undo, redo) and prints
``saved <event id> <action> <doc> <layer> <digest>`` after each call returns. It is killed with
SIGKILL 5-50 ms after it starts; then the database is reopened and checked:

- ``PRAGMA integrity_check`` is ok and no foreign key is broken;
- every change reported as saved is in the event log, as reported;
- at most one change beyond those reported was committed (the one the kill interrupted after
  its commit, before its report), and it is the newest;
- the log replays to the tables (spans, decisions, statuses) for every (document, layer);
- where the last reported change is still the newest one of its (document, layer), the layer
  is exactly as the child saw it when the call returned (same digest).

The next trial goes on in the same database, so every trial also recovers from the previous
kill. Children are forked from a small helper process that has already imported annotator
(this file, run as a script), so 100 trials take a few seconds.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pytest

if __name__ != "__main__":
    from tests.test_reliability import Replay, integrity

from annotator.model import LABELS, Span, SpanError
from annotator.store import Store
from annotator.store.store import DocumentRow, checksum

DOCS = ["d0", "d1", "d2"]
LAYERS = ["alice", "bob"]
TEXT = (
    "Putin met Tokayev in Almaty on Thursday, TASS reported. Protesters gathered near the akimat "
    "and 20.000 people marched. According to Interfax, the CSTO sent troops to Kazakhstan. "
    "Witnesses told Reuters that the airport in Almaty was closed."
)
ACTIONS = {  # action: weight
    "add": 25, "remove": 9, "relabel": 9, "accept": 8, "accept_all": 3, "reject": 7,
    "status": 7, "undo": 20, "redo": 12,
}
TRIALS = 100


# -- the child: random actions, a report after each ----------------------------------------------
def digest(store: Store, doc: str, layer: str) -> str:
    """A short fingerprint of the layer's spans, decisions and status on the document."""
    state = [
        [[s.start, s.end, s.label] for s in store.spans(doc, layer)],
        sorted([s.start, s.end, s.label, d] for s, d in store.decisions(doc, layer).items()),
        store.status(doc, layer),
    ]
    return hashlib.sha1(json.dumps(state).encode()).hexdigest()[:12]


def perform(store: Store, rng: random.Random, action: str, doc: str, layer: str) -> tuple[int | None, str]:
    """Do one action; return (event id or None if nothing was done, the action as logged)."""
    spans = store.spans(doc, layer)
    if action == "add":
        offsets = store.token_offsets(doc)
        i = rng.randrange(len(offsets))
        j = min(len(offsets) - 1, i + rng.randrange(3))
        return store.add_span(doc, layer, Span(offsets[i][0], offsets[j][1], rng.choice(LABELS)), actor=layer), action
    if action in ("remove", "relabel"):
        if not spans:
            return None, action
        old = rng.choice(spans)
        if action == "remove":
            return store.remove_span(doc, layer, old, actor=layer), action
        new = Span(old.start, old.end, rng.choice([x for x in LABELS if x != old.label]))
        return store.replace_span(doc, layer, old, new, actor=layer), action
    if action in ("accept", "reject"):
        pending = store.pending_suggestions(doc, layer)
        if not pending:
            return None, action
        span = rng.choice(pending).span
        if action == "accept":
            return store.accept_suggestions(doc, layer, [span], actor=layer), action
        return store.reject_suggestion(doc, layer, span, actor=layer), action
    if action == "accept_all":
        return store.accept_all(doc, layer, actor=layer), action
    if action == "status":
        return store.set_status(doc, layer, rng.choice(["todo", "in_progress", "done"]), actor=layer), action
    step = store.undo if action == "undo" else store.redo
    if step(doc, layer, actor=layer) is None:
        return None, action
    # undo/redo return what they reverted; their own event is the newest of this layer
    # (this child is the only writer)
    event = store.db.execute("select max(id) from events where doc_id=? and layer=?", [doc, layer]).fetchone()[0]
    return event, action


def child(db: str, seed: int) -> None:
    def out(line: str) -> None:
        os.write(1, (line + "\n").encode())  # one write below PIPE_BUF: never torn

    out(f"pid {os.getpid()}")
    rng = random.Random(seed)
    store = Store.open(db, create=False)
    names, weights = zip(*ACTIONS.items(), strict=True)
    for _ in range(1_000_000):
        doc, layer = rng.choice(DOCS), rng.choice(LAYERS)
        action = rng.choices(names, weights)[0]
        try:
            event, logged = perform(store, rng, action, doc, layer)
        except SpanError:
            out(f"refused {action}")
            continue
        if event is None:
            out(f"noop {action}")
        else:
            out(f"saved {event} {logged} {doc} {layer} {digest(store, doc, layer)}")


def create_child(db: str) -> None:
    os.write(1, f"pid {os.getpid()}\n".encode())
    Store.open(db).close()
    os.write(1, b"created\n")
    time.sleep(60)


def zygote() -> None:
    """Read commands on stdin; fork a child for each; report its end after it has died."""
    for line in sys.stdin:
        command, db, seed = line.split()
        pid = os.fork()
        if pid == 0:
            try:
                child(db, int(seed)) if command == "run" else create_child(db)
            except BaseException:
                os.write(1, ("error " + traceback.format_exc().replace("\n", " | ") + "\n").encode())
                os._exit(1)
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        os.write(1, f"dead {pid} {status}\n".encode())


# -- the test side ---------------------------------------------------------------------------------
class Zygote:
    def __init__(self) -> None:
        # Without the optional pandas and numpy that sqlite-utils would load, the helper is small
        # enough that a fork costs 2 ms instead of 16-20.
        launch = ("import runpy, sys; sys.modules.update(pandas=None, numpy=None); "
                  f"runpy.run_path({__file__!r}, run_name='__main__')")
        self.proc = subprocess.Popen([sys.executable, "-c", launch], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.buffer = b""

    def line(self, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            assert self.proc.stdout is not None
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.proc.stdout], [], [], remaining)[0]:
                raise TimeoutError("the crash helper stopped answering")
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise EOFError("the crash helper ended")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()

    def trial(self, command: str, db: Path, seed: int, delay: float) -> list[str]:
        """Start a child, SIGKILL it ``delay`` seconds after it starts; its report lines."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{command} {db} {seed}\n".encode())
        self.proc.stdin.flush()
        first = self.line()
        assert first.startswith("pid "), first
        pid = int(first.split()[1])
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        lines = []
        while not (line := self.line()).startswith(f"dead {pid} "):
            assert not line.startswith("error"), line
            lines.append(line)
        status = int(line.split()[2])
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, line
        return lines

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture
def zygote_proc():
    z = Zygote()
    yield z
    z.close()


def build(path: Path) -> None:
    with Store.open(path) as store:
        for doc in DOCS:
            store.insert_document(DocumentRow(doc, TEXT, "en", [], {}, checksum(TEXT), 0), actor="setup")
            offsets = store.token_offsets(doc)
            suggestions = [Span(offsets[i][0], offsets[i][1], LABELS[i % 4]) for i in range(0, len(offsets), 5)]
            store.replace_layer(doc, "machine", suggestions, None, actor="suggest", action="suggest")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_at_random_moments_loses_no_saved_change(tmp_path, zygote_proc):
    db = tmp_path / "crash.sqlite"
    build(db)
    replay = Replay()
    conn = sqlite3.connect(db)
    replay.feed(conn)  # the set-up's own events
    conn.close()
    rng = random.Random(20240601)
    saved_total = 0
    for trial in range(TRIALS):
        delay = rng.uniform(0.005, 0.05)
        lines = zygote_proc.trial("run", db, trial, delay)
        saved = [line.split() for line in lines if line.startswith("saved ")]
        saved_total += len(saved)
        context = f"trial {trial} (killed after {delay * 1000:.0f} ms, {len(saved)} changes reported)"
        with Store.open(db, create=False) as store:  # what the next session does: recover, migrate
            assert store.db.execute("pragma integrity_check").fetchall() == [("ok",)], context
            assert store.db.execute("pragma foreign_key_check").fetchall() == [], context
            first_new = replay.last_id
            new = store.db.execute(
                "select id, action, doc_id, layer from events where id > ? order by id", [first_new]
            ).fetchall()
            logged = {row[0]: row[1:] for row in new}
            for _, event, action, doc, layer, _ in saved:
                assert logged.get(int(event)) == (action, doc, layer), f"{context}: saved event {event} lost"
            unreported = [row[0] for row in new if row[0] not in {int(s[1]) for s in saved}]
            assert len(unreported) <= 1 and all(e > int(s[1]) for e in unreported for s in saved), (
                f"{context}: events {unreported} were committed but never reported")
            replay.feed(store.db.conn)
            assert replay.compare(store.db.conn) == [], context
            latest = {}
            for _, event, _, doc, layer, reported in saved:
                latest[(doc, layer)] = (int(event), reported)
            for (doc, layer), (event, reported) in latest.items():
                newest = store.db.execute(
                    "select max(id) from events where doc_id=? and layer=?", [doc, layer]).fetchone()[0]
                if newest == event:
                    assert digest(store, doc, layer) == reported, f"{context}: {doc}/{layer} differs"
    assert saved_total > 20, saved_total  # the children did get work done before dying
    assert integrity(db) == [("ok",)]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_while_creating_a_database_leaves_one_that_opens(tmp_path, zygote_proc):
    started = time.perf_counter()
    Store.open(tmp_path / "timing.sqlite").close()
    creating = time.perf_counter() - started  # kill within this time: mostly during creation
    rng = random.Random(7)
    created = 0
    for trial in range(8):
        db = tmp_path / f"new{trial}.sqlite"
        lines = zygote_proc.trial("create", db, trial, rng.uniform(0.0, creating))
        created += "created" in lines
        if not db.exists():
            continue
        with Store.open(db) as store:  # a half-made database is finished, not refused
            assert store.db.execute("pragma integrity_check").fetchall() == [("ok",)]
            assert {"documents", "spans", "events"} <= set(store.db.table_names())
            store.insert_document(DocumentRow("x", TEXT, "en", [], {}, checksum(TEXT), 0), actor="t")
        conn = sqlite3.connect(db)
        assert conn.execute("select count(*) from _sqlite_migrations").fetchone()[0] >= 1
        conn.close()
    assert created < 8  # some kills did land during creation


if __name__ == "__main__":
    zygote()
