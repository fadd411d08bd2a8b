"""The store: changes, the event log, undo/redo across sessions, statuses, suggestions."""

import pytest

from annotator.model import Span, SpanError, check_span_triples, check_spans
from annotator.store import Store
from annotator.store.database import PAGE_SIZE
from annotator.store.schema import SCHEMA_VERSION
from annotator.store.store import DocumentRow, checksum

TEXT = "Putin met Tokajev in Almaty and TASS reported 20.000 people."
PUTIN, TOKAJEV, ALMATY, TASS = Span(0, 5, "ACTOR"), Span(10, 17, "ACTOR"), Span(21, 27, "LOCATION"), Span(32, 36, "SOURCE")


@pytest.fixture
def doc_store(store: Store) -> Store:
    store.insert_document(DocumentRow("d", TEXT, "en", [], {}, checksum(TEXT), 0, 12), actor="test")
    store.replace_layer("d", "machine", [PUTIN, ALMATY, TASS], None, actor="suggest", action="suggest",
                        provenance={PUTIN: (0.9, "person:putin"), ALMATY: (0.8, "gazetteer:almaty"), TASS: (0.95, "source:tass")})
    return store


def test_schema_is_migrated_and_pragmas_set(store):
    assert {"documents", "spans", "layer_status", "decisions", "events", "positions"} <= set(store.db.table_names())
    assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("pragma foreign_keys").fetchone()[0] == 1
    assert store.db.execute("pragma page_size").fetchone()[0] == PAGE_SIZE  # a new database
    applied = store.db.execute("select count(*) from _sqlite_migrations").fetchone()[0]
    assert applied == SCHEMA_VERSION



def test_no_index_is_a_prefix_of_another(store):
    """Every index a write maintains earns its keep: none is a leading part of another index of
    its table, which serves the same queries (``store_drop_spans_start_index``)."""
    indexes: dict[str, list[tuple[str, ...]]] = {}
    for table, name in store.db.execute("select tbl_name, name from sqlite_master where type = 'index'"):
        columns = tuple(row[2] for row in store.db.execute(f"pragma index_info('{name}')"))
        indexes.setdefault(table, []).append(columns)
    assert ("doc_id", "layer", "start", "end", "label") in indexes["spans"]
    for table, found in indexes.items():
        for a in found:
            assert not any(a != b and b[: len(a)] == a for b in found), (table, a)

def test_suggestions_keep_confidence_and_provenance(doc_store):
    suggestions = doc_store.suggestions("d")
    assert [(s.span, s.confidence, s.provenance) for s in suggestions] == [
        (PUTIN, 0.9, "person:putin"), (ALMATY, 0.8, "gazetteer:almaty"), (TASS, 0.95, "source:tass"),
    ]


def test_accept_reject_and_pending(doc_store):
    doc_store.accept_suggestions("d", "alice", [PUTIN], actor="alice")
    doc_store.reject_suggestion("d", "alice", TASS, actor="alice")
    assert doc_store.spans("d", "alice") == [PUTIN]
    assert doc_store.decisions("d", "alice") == {PUTIN: "accepted", TASS: "rejected"}
    assert [s.span for s in doc_store.pending_suggestions("d", "alice")] == [ALMATY]
    # blind: bob sees every suggestion, none of alice's work
    assert [s.span for s in doc_store.pending_suggestions("d", "bob")] == [PUTIN, ALMATY, TASS]
    assert doc_store.spans("d", "bob") == []
    assert doc_store.status("d", "alice") == "in_progress"


def test_overlap_is_refused_and_nothing_changes(doc_store):
    doc_store.add_span("d", "alice", TOKAJEV, actor="alice")
    with pytest.raises(SpanError, match="overlaps"):
        doc_store.add_span("d", "alice", Span(12, 20, "ACTOR"), actor="alice")
    assert doc_store.spans("d", "alice") == [TOKAJEV]
    assert [e["action"] for e in doc_store.history("d", "alice")] == ["add"]


def test_undo_redo_every_kind_of_change_survives_reopening(doc_store, db_path):
    doc_store.accept_all("d", "alice", actor="alice")
    doc_store.replace_span("d", "alice", PUTIN, Span(0, 5, "SOURCE"), actor="alice")
    doc_store.set_status("d", "alice", "done", actor="alice")
    doc_store.close()
    with Store.open(db_path) as reopened:
        assert reopened.undo("d", "alice", actor="alice") == "status"
        assert reopened.status("d", "alice") == "in_progress"
        assert reopened.undo("d", "alice", actor="alice") == "relabel"
        assert reopened.spans("d", "alice") == [PUTIN, ALMATY, TASS]
        assert reopened.undo("d", "alice", actor="alice") == "accept_all"
        assert reopened.spans("d", "alice") == [] and reopened.decisions("d", "alice") == {}
        assert reopened.status("d", "alice") == "todo"
        assert reopened.undo("d", "alice", actor="alice") is None
        assert reopened.redo("d", "alice", actor="alice") == "accept_all"
        assert reopened.spans("d", "alice") == [PUTIN, ALMATY, TASS]
        # a new change clears the redo stack
        reopened.remove_span("d", "alice", TASS, actor="alice")
        assert reopened.redo("d", "alice", actor="alice") is None
        assert reopened.undo("d", "alice", actor="alice") == "remove"
        assert TASS in reopened.spans("d", "alice")


def test_history_is_per_document_and_layer(doc_store):
    doc_store.add_span("d", "alice", TOKAJEV, actor="alice")
    doc_store.add_span("d", "bob", TOKAJEV, actor="bob")
    assert doc_store.undo("d", "alice", actor="alice") == "add"
    assert doc_store.spans("d", "bob") == [TOKAJEV]


def test_event_log_replays_to_the_current_spans(doc_store):
    doc_store.accept_all("d", "alice", actor="alice")
    doc_store.remove_span("d", "alice", ALMATY, actor="alice")
    doc_store.undo("d", "alice", actor="alice")
    doc_store.replace_span("d", "alice", TASS, Span(32, 36, "ACTOR"), actor="alice")
    replay: set[Span] = set()
    for event in doc_store.history("d", "alice"):
        for s in event["payload"]["removed"]:
            replay.discard(Span(*s))
        for s in event["payload"]["added"]:
            replay.add(Span(*s))
    assert sorted(replay) == doc_store.spans("d", "alice")
    assert all(e["actor"] == "alice" and e["at"] for e in doc_store.history("d", "alice"))


def test_positions(doc_store):
    assert doc_store.position("alice") is None
    doc_store.save_position("alice", "d", 21)
    assert doc_store.position("alice") == ("d", 21)


def test_touched_documents_and_overview(doc_store):
    doc_store.insert_document(DocumentRow("e", "Other text.", "en", [], {}, checksum("Other text."), 0, 3), actor="t")
    doc_store.set_status("e", "alice", "skipped", actor="alice")
    assert doc_store.touched_documents("alice") == ["e"]
    assert doc_store.touched_documents("machine") == ["d"]
    assert doc_store.touched_documents("alice", "todo") == ["d"]
    overview = doc_store.overview()
    assert overview["documents"] == 2
    assert overview["layers"]["alice"]["statuses"] == {"todo": 1, "in_progress": 0, "done": 0, "skipped": 1}
    assert overview["layers"]["machine"]["spans"] == {"ACTOR": 1, "LOCATION": 1, "SOURCE": 1}


def test_foreign_keys_enforced(store):
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.db.execute("insert into spans (doc_id, layer, start, end, label) values ('nope','a',0,1,'ACTOR')")
    assert store.db.execute("select count(*) from spans").fetchone()[0] == 0


def test_queries_about_many_documents_are_asked_in_chunks_and_miss_none(store, monkeypatch):
    """``sql.in_chunks`` (checksums, which documents have a layer) across chunk boundaries, with
    a parameter before the ids that the query names twice."""
    from annotator.store import sql

    monkeypatch.setattr(sql, "CHUNK", 3)
    ids = [f"d{i}" for i in range(8)]
    with store.transaction():
        for n, doc_id in enumerate(ids):
            text = f"Text number {n}."
            store.insert_document(DocumentRow(doc_id, text, "en", [], {}, checksum(text), 0), actor="t")
    store.replace_layer("d1", "machine", [], "done", actor="s", action="suggest")  # a status, no span
    store.replace_layer("d6", "machine", [Span(0, 4, "ACTOR")], None, actor="s", action="suggest")  # a span
    store.add_span("d4", "alice", Span(0, 4, "ACTOR"), actor="alice")  # another layer
    asked = [*ids, "nope"]
    assert store.document_checksums(asked) == {d: store.document_checksum(d) for d in ids}
    assert store.machine_layer_among(asked) == {"d1", "d6"}
    assert store.machine_layer_among([]) == set()


@pytest.mark.parametrize(("spans", "message"), [
    ([Span(0, 5, "NAME")], "span [0, 5): unknown label 'NAME'"),
    ([Span(0, 61, "ACTOR")], "span [0, 61) ACTOR: out of range for a text of 60 characters"),
    ([Span(-1, 3, "ACTOR")], "span [-1, 3) ACTOR: out of range for a text of 60 characters"),
    ([Span(4, 4, "ACTOR")], "span [4, 4) ACTOR: out of range for a text of 60 characters"),
    ([Span(3, 12, "SOURCE"), PUTIN], "span [3, 12) SOURCE overlaps [0, 5) ACTOR"),
    ([Span(0, 5, "SOURCE"), PUTIN], "span [0, 5) SOURCE overlaps [0, 5) ACTOR"),
    ([TASS, Span(5, 10, "ACTOR"), PUTIN, Span(10, 11, "FIGURE")], None),  # touching: fine
    ([], None),
])
def test_spans_are_checked_as_objects_and_as_triples_alike(spans, message):
    """``check_spans`` (on ``Span`` objects, sorted for it) and ``check_span_triples`` (on the
    rows of a batched write, in reading order) refuse the same spans, naming the same one."""
    triples = sorted((s.start, s.end, s.label) for s in spans)
    if message is None:
        assert check_spans(spans, 60) == sorted(spans)
        check_span_triples(triples, 60)
        return
    for check, given in ((check_spans, spans), (check_span_triples, triples)):
        with pytest.raises(SpanError) as raised:
            check(given, 60)
        assert str(raised.value) == message
    if "overlaps" in message:  # allowed on request
        check_spans(spans, 60, allow_overlap=True)
