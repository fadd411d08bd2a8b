"""An import with worker processes writes its new documents' suggestions inside its own
transaction, batch by batch (``Presuggested.batch_stored``). The database must end exactly as
when the suggestions are written after the commit (an import without workers): the same spans,
statuses, events per document in the same order, whatever records come later (an annotator's
layer, the machine layer itself, gold that changes the forms learned, replaced texts); and an
import that fails or is interrupted still stores nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.formats import importing
from annotator.formats.importing import import_paths
from annotator.formats.reading import InputError
from annotator.model import MACHINE
from annotator.store import Store
from annotator.suggest.runner import Presuggested, suggest_documents
from annotator.text import canonicalize, split_date_header
from tests.conftest import SEEDS, dump

TEXTS = [split_date_header(canonicalize(p.read_text(encoding="utf-8")))[0] for p in sorted(SEEDS.glob("*.txt"))]
N = 18  # three batches of six: the workers start with the first


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(importing, "BATCH", 6)


def _text(i: int) -> str:
    return TEXTS[i % len(TEXTS)] + f"\n\nNr {i}."


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _plain(path: Path, ids=range(N), text=_text) -> Path:
    return _jsonl(path, [{"id": f"d{i}", "text": text(i)} for i in ids])


def _content(db: Path) -> dict:
    """Everything an import writes but timestamps and row ids: spans with their confidence and
    provenance, statuses, and each document's events in their order."""
    conn = sqlite3.connect(db)
    try:
        events: dict[str, list] = {}
        for doc_id, *event in conn.execute("select doc_id, actor, layer, action, payload from events order by id"):
            events.setdefault(doc_id, []).append(event)
        return {
            "spans": sorted(conn.execute("select doc_id, layer, start, end, label, confidence, provenance, created_by "
                                         "from spans")),
            "statuses": sorted(conn.execute("select doc_id, layer, status, updated_by from layer_status")),
            "events": events,
            "stacks": sorted(conn.execute("select doc_id, layer, stack, depth from undo_stack")),
        }
    finally:
        conn.close()


def _import(db: Path, paths: list[Path], workers: int, **options) -> tuple[dict, Presuggested]:
    """An import with suggestions as `annotator import` makes it: the summary of the suggestions."""
    with Store.open(db) as store:
        presuggested = Presuggested(store)
        import_paths(store, paths, actor="test", workers=workers, along=presuggested, **options)
        summary = suggest_documents(store, store.unsuggested_documents(), workers=1, presuggested=presuggested)
    return summary, presuggested


def _taken_back(monkeypatch) -> list[list[str]]:
    """The documents whose early machine layers are taken back, call by call."""
    calls: list[list[str]] = []
    take_back = Store.take_back_new_layers
    monkeypatch.setattr(Store, "take_back_new_layers",
                        lambda self, layer, ids: (calls.append(list(ids)), take_back(self, layer, ids))[1])
    return calls


def test_layers_given_in_a_later_batch_and_file_take_back_only_those_documents(tmp_path, monkeypatch):
    """An annotator's layer and the machine layer itself given for documents already written,
    in a later batch and a later file: the import stores them as without workers, the machine
    record is kept (the document counts as suggested by the import, not the suggester), the
    others keep their early suggestions, and the rest is written after the commit."""
    plain = _plain(tmp_path / "plain.jsonl")
    later = _jsonl(tmp_path / "later.jsonl", [
        {"id": "d1", "text": _text(1), "layer": "alice", "spans": [{"start": 1, "end": 10, "label": "SOURCE"}],
         "status": "done"},
        {"id": "d2", "text": _text(2), "layer": MACHINE, "spans": [{"start": 1, "end": 10, "label": "ACTOR"}]},
        {"id": "d20", "text": _text(20)},
    ])
    calls = _taken_back(monkeypatch)
    reference, _ = _import(tmp_path / "one.sqlite", [plain, later], workers=1)
    summary, _ = _import(tmp_path / "two.sqlite", [plain, later], workers=2)
    assert calls == [["d1"], ["d2"]]  # each before its record was stored; gold did not change
    assert summary == reference and summary["documents"] == N  # d2's layer is the import's
    assert _content(tmp_path / "two.sqlite") == _content(tmp_path / "one.sqlite")


def test_gold_given_by_the_import_takes_back_every_early_write(tmp_path, monkeypatch):
    """Gold in a later file changes the forms the workers learned from: the suggestions written
    early are all taken back at the end of the transaction and computed again with the new
    gold; the database is the one an import without workers writes, gold suggestions included."""
    word = "Kazašský"
    start = _text(0).index(word)
    plain = _plain(tmp_path / "plain.jsonl")
    gold = _jsonl(tmp_path / "gold.jsonl", [{"id": "d0", "text": _text(0), "layer": "gold", "status": "done",
                                             "spans": [{"start": start, "end": start + len(word), "label": "ACTOR"}]}])
    calls = _taken_back(monkeypatch)
    reference, _ = _import(tmp_path / "one.sqlite", [plain, gold], workers=1)
    summary, _ = _import(tmp_path / "two.sqlite", [plain, gold], workers=2)
    assert calls[0] == ["d0"] and len(calls) == 2 and len(calls[1]) >= 6  # then all the others
    assert summary == reference
    content = _content(tmp_path / "two.sqlite")
    assert content == _content(tmp_path / "one.sqlite")
    assert any(row[0] == "d5" and row[6] == "gold:" + word for row in content["spans"])  # learned from d0


def test_replaced_texts_are_suggested_after_the_commit_and_new_ones_during(tmp_path):
    """``--replace --drop-layers`` over documents with suggestions and an annotator's layer,
    with new documents after them: the same database as without workers."""
    first = _plain(tmp_path / "first.jsonl", ids=range(6))
    alice = _jsonl(tmp_path / "alice.jsonl", [{"id": "d3", "text": _text(3), "layer": "alice", "status": "done",
                                               "spans": [{"start": 1, "end": 10, "label": "SOURCE"}]}])
    second = _plain(tmp_path / "second.jsonl", text=lambda i: _text(i) + (" Changed." if i < 6 else ""))
    for workers, name in ((1, "one.sqlite"), (2, "two.sqlite")):
        _import(tmp_path / name, [first, alice], workers=1)
        summary, _ = _import(tmp_path / name, [second], workers=workers, replace=True, drop_layers=True)
        assert summary["documents"] == N
    assert _content(tmp_path / "two.sqlite") == _content(tmp_path / "one.sqlite")


def test_an_interrupted_or_refused_import_stores_none_of_its_early_suggestions(tmp_path):
    """Ctrl-C after some batches' suggestions were written, or a bad record in the last file:
    the database is as it was (they were in the import's transaction)."""
    db = tmp_path / "i.sqlite"
    Store.open(db).close()
    before = dump(db)
    plain = _plain(tmp_path / "plain.jsonl")
    with Store.open(db) as store:
        presuggested = Presuggested(store)

        def progress(done: int, total: int) -> None:
            if len(presuggested.written) >= 6:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            import_paths(store, [plain], actor="test", workers=2, along=presuggested, progress=progress)
    assert dump(db) == before
    bad = _jsonl(tmp_path / "bad.jsonl", [{"id": "d0", "text": _text(0), "layer": "gold",
                                           "spans": [{"start": 0, "end": 10**6, "label": "ACTOR"}]}])
    with Store.open(db) as store:
        presuggested = Presuggested(store)
        with pytest.raises(InputError):
            import_paths(store, [plain, bad], actor="test", workers=2, along=presuggested)
        assert presuggested.written  # written, then rolled back with the import
    assert dump(db) == before


def test_the_command_counts_the_suggestions_written_during_the_import(tmp_path, monkeypatch):
    """`annotator import` with workers: the same summary line and database as without them; on a
    terminal, no bar for a suggestion phase with nothing left to do."""
    import io
    import sys

    from annotator.cli import importing as command

    plain = _plain(tmp_path / "plain.jsonl")
    lines = []
    for workers in ("1", "2"):
        monkeypatch.setenv("ANNOTATOR_WORKERS", workers)
        result = CliRunner().invoke(main, ["import", str(plain), "--db", str(tmp_path / f"c{workers}.sqlite")])
        assert result.exit_code == 0, result.output
        lines.append(result.output)
    assert lines[0] == lines[1] and f"suggestions in {N} document(s)" in lines[1]
    assert _content(tmp_path / "c2.sqlite") == _content(tmp_path / "c1.sqlite")

    phases: list[str] = []

    class Bar:
        def __init__(self, phase: str) -> None:
            phases.append(phase)

        def update(self, done: int, total: int) -> None: ...

        def close(self) -> None: ...

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(command, "_progress_bar", Bar)
    monkeypatch.setattr(sys, "stderr", Terminal())
    line, ok = command._import(tmp_path / "c2.sqlite", (_plain(tmp_path / "more.jsonl", ids=range(N, 2 * N)),),
                               replace=False, drop_layers=False, no_suggest=False, stdin_format="auto",
                               stdin_id=None, foreign=command.ImportOptions())
    assert ok and f"{N} added" in line and f"suggestions in {N} document(s)" in line
    assert phases == ["Reading, analysing and storing"]


def test_ctrl_c_in_the_command_after_early_writes_exits_130_and_changes_nothing(tmp_path, monkeypatch):
    """Ctrl-C (a KeyboardInterrupt) once two batches' suggestions were written in the import's
    transaction: exit 130, 'not committed', the existing database as it was."""
    db = tmp_path / "c.sqlite"
    Store.open(db).close()
    before = dump(db)
    batch_stored = Presuggested.batch_stored

    def interrupted(self) -> None:
        batch_stored(self)
        if len(self.written) >= 12:
            raise KeyboardInterrupt

    monkeypatch.setattr(Presuggested, "batch_stored", interrupted)
    monkeypatch.setenv("ANNOTATOR_WORKERS", "2")
    result = CliRunner().invoke(main, ["import", str(_plain(tmp_path / "plain.jsonl")), "--db", str(db)])
    assert result.exit_code == 130 and "the import was not committed" in result.output
    assert dump(db) == before
