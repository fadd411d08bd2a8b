"""Attacks on the early writes of an import's suggestions (``Presuggested``): duplicated ids,
machine layers given by the records, refused records after early writes, re-imports, worker
errors. Each compares the database with the same import without workers (``workers=1``)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

import pytest

from annotator.formats import importing
from annotator.formats.importing import import_paths
from annotator.formats.reading import InputError
from annotator.model import MACHINE, Span
from annotator.store import Store
from annotator.store.store import checksum
from annotator.suggest.runner import Presuggested, _WorkerError, suggest_documents
from tests.conftest import dump
from tests.test_import_suggest_along import N, _content, _import, _jsonl, _plain, _text
from tests.test_reliability import log_problems


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(importing, "BATCH", 6)


def _both(tmp_path, paths, setup=None, **options):
    """The same import without and with workers: for each, the summary of the suggestions, the
    database's content and the documents whose suggestions were written in the import's
    transaction (and kept); the event log replays to the tables in both."""
    out = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.sqlite"
        if setup is not None:
            setup(db)
        with Store.open(db) as store:
            presuggested = Presuggested(store)
            import_paths(store, paths, actor="test", workers=workers, along=presuggested, **options)
            early = sorted(presuggested.written, key=lambda i: int(i[1:]))
            summary = suggest_documents(store, store.unsuggested_documents(), workers=1, presuggested=presuggested)
        assert log_problems(db) == []
        out.append((summary, _content(db), early))
    return out


def test_the_same_document_twice_across_batches_and_files(tmp_path):
    """d0 and d1 again in the next batch (read, and analysed again, before the first was
    stored) and d3 again in a later file: each written once, as without workers."""
    records = [{"id": f"d{i}", "text": _text(i)} for i in range(N)]
    records[8:8] = [{"id": "d0", "text": _text(0)}, {"id": "d1", "text": _text(1)}]  # in the next batch
    first = _jsonl(tmp_path / "first.jsonl", records)
    second = _jsonl(tmp_path / "second.jsonl", [{"id": "d3", "text": _text(3)}, {"id": "d30", "text": _text(30)}])
    (one, c1, _), (two, c2, early) = _both(tmp_path, [first, second])
    assert two == one and c2 == c1
    assert early == [f"d{i}" for i in range(N)] + ["d30"]


def test_the_same_document_with_another_text_in_a_later_batch_stores_nothing(tmp_path):
    records = [{"id": f"d{i}", "text": _text(i)} for i in range(N)]
    records.append({"id": "d0", "text": _text(0) + " Other."})
    db = tmp_path / "x.sqlite"
    Store.open(db).close()
    before = dump(db)
    with Store.open(db) as store:
        presuggested = Presuggested(store)
        with pytest.raises(InputError, match="twice"):
            import_paths(store, [_jsonl(tmp_path / "a.jsonl", records)], actor="t", workers=2, along=presuggested)
        assert presuggested.written
    assert dump(db) == before


def test_the_machine_layer_given_in_the_same_batch_as_the_document(tmp_path):
    """The records' machine layers are kept, and nothing more is written early after them."""
    records = [{"id": f"d{i}", "text": _text(i)} for i in range(N)]
    # d7's record and then its machine layer in the same batch; d9's text and machine layer in one record
    records.insert(9, {"id": "d7", "text": _text(7), "layer": MACHINE,
                       "spans": [{"start": 1, "end": 10, "label": "ACTOR"}]})
    records[10] = {"id": "d9", "text": _text(9), "layer": MACHINE, "spans": [{"start": 2, "end": 8, "label": "LOCATION"}]}
    path = _jsonl(tmp_path / "a.jsonl", records)
    (one, c1, _), (two, c2, early) = _both(tmp_path, [path])
    assert two == one and c2 == c1
    assert early == [f"d{i}" for i in range(6)]


def test_an_annotator_layer_before_the_plain_record_of_a_new_document(tmp_path):
    """The layer first (text and layer in one record), the plain record again later."""
    records = [{"id": f"d{i}", "text": _text(i)} for i in range(N)]
    records[7] = {"id": "d7", "text": _text(7), "layer": "alice", "status": "done",
                  "spans": [{"start": 1, "end": 10, "label": "SOURCE"}]}
    records.append({"id": "d7", "text": _text(7)})
    records.append({"id": "d2", "text": _text(2), "layer": "bob", "status": "in_progress",
                    "spans": [{"start": 1, "end": 10, "label": "SOURCE"}]})
    path = _jsonl(tmp_path / "a.jsonl", records)
    (one, c1, _), (two, c2, early) = _both(tmp_path, [path])
    assert two == one and c2 == c1
    assert early == ["d0", "d1", "d3", "d4", "d5"]


def test_a_span_out_of_the_text_in_a_later_batch_of_the_same_file_stores_nothing(tmp_path):
    db = tmp_path / "x.sqlite"
    _import(db, [_plain(tmp_path / "old.jsonl", ids=range(100, 103))], workers=1)
    before = dump(db)
    records = [{"id": f"d{i}", "text": _text(i)} for i in range(N)]
    records.append({"id": "d1", "text": _text(1), "layer": "alice",
                    "spans": [{"start": 0, "end": 10**6, "label": "ACTOR"}]})
    records += [{"id": f"d{i}", "text": _text(i)} for i in range(N, N + 6)]
    with Store.open(db) as store:
        presuggested = Presuggested(store)
        with pytest.raises(InputError):
            import_paths(store, [_jsonl(tmp_path / "a.jsonl", records)], actor="t", workers=2, along=presuggested)
        assert presuggested.written  # three batches written early, then rolled back with the import
    assert dump(db) == before


def test_reimporting_the_same_file_with_new_documents(tmp_path):
    plain = _plain(tmp_path / "plain.jsonl")
    more = _plain(tmp_path / "more.jsonl", ids=range(N + 12))

    def setup(db):
        _import(db, [plain], workers=1)

    (one, c1, _), (two, c2, early) = _both(tmp_path, [plain, more], setup=setup)
    assert two == one and c2 == c1 and one["documents"] == 12
    assert early == [f"d{i}" for i in range(N, N + 12)]


def test_replace_with_changed_texts_and_gold_mixed_with_new_documents(tmp_path):
    word = "Kazašský"
    start = _text(0).index(word)
    gold = _jsonl(tmp_path / "gold.jsonl", [{"id": "d0", "text": _text(0), "layer": "gold", "status": "done",
                                             "spans": [{"start": start, "end": start + len(word), "label": "ACTOR"}]}])
    first = _plain(tmp_path / "first.jsonl", ids=range(6))

    def setup(db):
        _import(db, [first, gold], workers=1)

    # new documents first (written early), then d0 replaced (its gold dropped), then more new ones
    records = [{"id": f"d{i}", "text": _text(i)} for i in range(6, N)]
    records.append({"id": "d0", "text": _text(0) + " Changed."})
    records += [{"id": f"d{i}", "text": _text(i)} for i in range(N, N + 12)]
    second = _jsonl(tmp_path / "second.jsonl", records)
    (one, c1, _), (two, c2, early) = _both(tmp_path, [second], setup=setup, replace=True, drop_layers=True)
    assert two == one and c2 == c1
    assert early == []


def test_a_layer_for_a_new_document_in_the_next_batch_read_before_it_was_stored(tmp_path):
    """d0 plain in the first batch, d0 with alice's layer in the second (read, and analysed again,
    before the first was stored)."""
    records = [{"id": f"d{i}", "text": _text(i)} for i in range(N)]
    records.insert(7, {"id": "d0", "text": _text(0), "layer": "alice", "status": "done",
                       "spans": [{"start": 1, "end": 10, "label": "SOURCE"}]})
    path = _jsonl(tmp_path / "a.jsonl", records)
    (one, c1, _), (two, c2, early) = _both(tmp_path, [path])
    assert two == one and c2 == c1
    assert early == ["d1", "d2", "d3", "d4", "d5"]
    assert log_problems(tmp_path / "w2.sqlite") == []


def test_gold_stored_before_the_workers_start(tmp_path):
    """The first batches bring no new text (gold for documents already there), the workers
    start with a later one: the gold they learn from is the store's as the import left it."""
    word = "Kazašský"
    start = _text(0).index(word)
    first = _plain(tmp_path / "first.jsonl", ids=range(24))

    def setup(db):
        _import(db, [first], workers=1)

    records = [{"id": f"d{i}", "text": _text(i)} for i in range(24)]  # four batches, unchanged
    records[0] = {"id": "d0", "text": _text(0), "layer": "gold", "status": "done",
                  "spans": [{"start": start, "end": start + len(word), "label": "ACTOR"}]}
    records += [{"id": f"d{i}", "text": _text(i)} for i in range(24, 24 + N)]
    path = _jsonl(tmp_path / "a.jsonl", records)
    (one, c1, _), (two, c2, early) = _both(tmp_path, [path], setup=setup)
    assert two == one and c2 == c1
    assert early == [f"d{i}" for i in range(24, 24 + N)]
    assert any(row[0] == "d25" and row[6] == "gold:" + word for row in c2["spans"])


def test_a_replacement_refused_at_the_end_leaves_nothing_and_no_backup(tmp_path):
    db = tmp_path / "x.sqlite"
    first = _plain(tmp_path / "first.jsonl", ids=range(3))
    alice = _jsonl(tmp_path / "alice.jsonl", [{"id": "d1", "text": _text(1), "layer": "alice", "status": "done",
                                               "spans": [{"start": 1, "end": 10, "label": "SOURCE"}]}])
    _import(db, [first, alice], workers=1)
    before = dump(db)
    records = [{"id": f"d{i}", "text": _text(i)} for i in range(3, N)]
    records.append({"id": "d1", "text": _text(1) + " Changed."})
    records += [{"id": f"d{i}", "text": _text(i)} for i in range(N, N + 6)]
    with Store.open(db) as store:
        presuggested = Presuggested(store)
        with pytest.raises(InputError, match="drop-layers"):
            import_paths(store, [_jsonl(tmp_path / "a.jsonl", records)], actor="t", replace=True, workers=2,
                         along=presuggested)
        assert presuggested.written
    assert dump(db) == before
    assert sorted(p.name for p in tmp_path.iterdir() if ".bak" in p.name) == []


def test_another_connection_sees_none_of_the_early_writes_until_the_commit(tmp_path):
    db = tmp_path / "x.sqlite"
    Store.open(db).close()
    seen = []
    with Store.open(db) as store:
        presuggested = Presuggested(store)

        def progress(done: int, total: int) -> None:
            if presuggested.written and not seen:
                with Store.open(db, read_only=True) as reader:
                    seen.append((reader.document_count(), reader.layers()))

        import_paths(store, [_plain(tmp_path / "p.jsonl")], actor="t", workers=2, along=presuggested,
                     progress=progress)
    assert seen == [(0, [])]
    with Store.open(db, read_only=True) as reader:
        assert reader.document_count() == N and reader.layers() == [MACHINE]
    assert log_problems(db) == []


def test_undo_and_redo_after_an_import_with_early_writes(tmp_path):
    """Alice's layer from a later file on an early-written document (taken back, written after
    the commit) and another document written early: her edits undo and redo as without workers,
    and nothing undoes the suggester's write (a barrier)."""
    plain = _plain(tmp_path / "plain.jsonl")
    later = _jsonl(tmp_path / "later.jsonl", [
        {"id": "d1", "text": _text(1), "layer": "alice", "spans": [{"start": 1, "end": 10, "label": "SOURCE"}]}])
    contents, steps = [], []
    for workers in (1, 2):
        db = tmp_path / f"u{workers}.sqlite"
        _import(db, [plain, later], workers=workers)
        with Store.open(db) as store:
            done = []
            for doc_id in ("d1", "d4"):
                store.add_span(doc_id, "alice", Span(20, 25, "ACTOR"), actor="alice")
                done += [store.undo(doc_id, "alice", actor="alice"), store.redo(doc_id, "alice", actor="alice"),
                         store.undo(doc_id, "alice", actor="alice"), store.undo(doc_id, "alice", actor="alice"),
                         store.undo(doc_id, MACHINE, actor="alice"), store.can_undo(doc_id, MACHINE)]
            steps.append(done)
        contents.append(_content(db))
        assert log_problems(db) == []
    assert steps[0] == steps[1] == [["add", "add", "add", None, None, False][i % 6] for i in range(12)]
    assert contents[0] == contents[1]


def test_a_worker_error_and_a_refused_result_are_left_for_after_the_commit(tmp_path):
    """In the process: a document whose suggestion failed in a worker, and one whose result
    the store refuses (a span out of its text), are not written early; the others are."""
    db = tmp_path / "x.sqlite"
    with Store.open(db) as store:
        presuggested = Presuggested(store)
        presuggested.start()
        with store.transaction():
            import_paths(store, [_plain(tmp_path / "p.jsonl", ids=range(3))], actor="t", workers=1)
            presuggested.keep("d0", _WorkerError("boom"), checksum(_text(0)), added=True)
            presuggested.keep("d1", pickle.dumps([(0, 10**6, "ACTOR", 0.5, "p")]), checksum(_text(1)), added=True)
            presuggested.keep("d2", pickle.dumps([(0, 4, "ACTOR", 0.5, "p")]), checksum(_text(2)), added=True)
            presuggested.batch_stored()
            presuggested.finish()
        assert list(presuggested.written) == ["d2"]
        assert store.unsuggested_documents() == ["d0", "d1"]
        summary = suggest_documents(store, store.unsuggested_documents(), workers=1, presuggested=presuggested)
        assert summary["documents"] == 1 and [f["id"] for f in summary["failed"]] == ["d0", "d1"]
        assert "boom" in summary["failed"][0]["error"]
        assert store.unsuggested_documents() == ["d0", "d1"]
        assert [s.span for s in store.suggestions("d2")] == [Span(0, 4, "ACTOR")]
    assert log_problems(db) == []


_IMPORT_SCRIPT = """
import sys
from annotator.formats import importing
importing.BATCH = 6
from annotator.cli import main
main(["import", sys.argv[1], "--db", sys.argv[2]])
"""


def test_two_imports_at_once_into_the_same_database(tmp_path):
    """Two `annotator import` processes with workers, overlapping documents, at the same time:
    the database is the one the two imports give one after the other without workers."""
    a = _plain(tmp_path / "a.jsonl", ids=range(N))
    b = _plain(tmp_path / "b.jsonl", ids=range(N // 2, N + N // 2))
    env = {**os.environ, "ANNOTATOR_WORKERS": "2", "LOGNAME": "test", "USER": "test", "LNAME": "test", "USERNAME": "test"}
    db = tmp_path / "both.sqlite"
    Store.open(db).close()
    procs = [subprocess.Popen([sys.executable, "-c", _IMPORT_SCRIPT, str(p), str(db)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for p in (a, b)]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    reference = tmp_path / "ref.sqlite"
    for path in (a, b):
        _import(reference, [path], workers=1)
    assert _content(db) == _content(reference)
    assert log_problems(db) == []
