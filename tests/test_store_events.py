"""The event log's typed payloads (one encoder, one decoder that reads what older versions wrote),
the undo stacks kept as the log is written (equal to replaying the log), and ``Change`` never
being changed by the store."""

import shutil
import sqlite3
from dataclasses import FrozenInstanceError

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.model import Span, exactjson
from annotator.store import Change, Store, events, stacks
from annotator.store.store import DocumentRow, checksum
from tests.conftest import GOLD_DB

TEXT = "Putin met Tokajev in Almaty and TASS reported 20.000 people."
PUTIN, TOKAJEV, ALMATY, TASS = Span(0, 5, "ACTOR"), Span(10, 17, "ACTOR"), Span(21, 27, "LOCATION"), Span(32, 36, "SOURCE")

# Payloads as annotator has written them (compact JSON, sorted keys), one of each shape.
WRITTEN = [
    '{"added":[[0,5,"ACTOR"]],"removed":[]}',
    '{"added":[[0,5,"ACTOR"]],"decisions":[[0,5,"ACTOR",null,"accepted"]],"removed":[],"status":["todo","in_progress"]}',
    '{"added":[],"decisions":[[32,36,"SOURCE","rejected",null]],"removed":[[0,5,"ACTOR"]],"status":["done","todo"]}',
    '{"added":[[10,17,"ACTOR"]],"followed":["alice","bob"],"provenance":{"added":[[10,17,"ACTOR",'
    '"curator:carla:followed=alice,bob"]],"removed":[[10,17,"LOCATION","merge:majority:alice,bob"]]},'
    '"removed":[[10,17,"LOCATION"]]}',
    '{"added":[[21,27,"LOCATION"]],"group":7,"provenance":{"added":[[21,27,"LOCATION","curator:carol:label-all"]],'
    '"removed":[]},"removed":[]}',
    '{"added":[[0,5,"ACTOR"]],"layers":["alice","bob"],"min_votes":null,"removed":[],"strategy":"unanimous"}',
]


@pytest.mark.parametrize("text", WRITTEN)
def test_what_annotator_wrote_decodes_and_encodes_to_the_same_bytes(text):
    change = events.decode(text, layer="alice")
    assert isinstance(change, events.LayerChange)
    assert events.encode(change) == text


def test_every_event_of_the_shipped_gold_database_round_trips(tmp_path):
    copy = tmp_path / "gold.sqlite"
    shutil.copyfile(GOLD_DB, copy)
    conn = sqlite3.connect(copy)
    rows = conn.execute("select layer, payload from events").fetchall()
    conn.close()
    assert rows
    for layer, text in rows:
        assert events.encode(events.decode(text, layer=layer)) == text


def test_a_payload_missing_keys_reads_as_empty_and_a_document_event_stays_a_plain_object():
    assert events.decode('{"status":["todo","done"]}', layer="alice") == events.LayerChange(status=("todo", "done"))
    assert events.decode('{"document":"added","n":123456789012345678901234567890}', layer=None) == {
        "document": "added", "n": 123456789012345678901234567890}


def test_reserved_note_keys_are_refused():
    with pytest.raises(ValueError, match="reserved"):
        events.LayerChange(note={"added": []})


spans = st.builds(lambda s, n, label: Span(s, s + n, label), st.integers(0, 10**6), st.integers(1, 50),
                  st.sampled_from(["ACTOR", "FIGURE", "LOCATION", "SOURCE"]))
texts = st.text(max_size=20)
json_values = st.recursive(st.none() | st.booleans() | st.integers() | texts,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
                           max_leaves=8)


@given(removed=st.lists(spans, max_size=4), added=st.lists(spans, max_size=4),
       decisions=st.lists(st.tuples(spans, st.sampled_from([None, "accepted", "rejected"]),
                                    st.sampled_from([None, "accepted", "rejected"])), max_size=3),
       status=st.none() | st.tuples(st.sampled_from(["todo", "done"]), st.sampled_from(["in_progress", "skipped"])),
       provenance=st.none() | st.tuples(st.lists(st.tuples(spans, texts.filter(bool)), min_size=1, max_size=2),
                                        st.lists(st.tuples(spans, texts.filter(bool)), max_size=2)),
       group=st.none() | st.integers(1, 10**9),
       note=st.dictionaries(texts.filter(lambda k: k not in events.FIELDS), json_values, max_size=3))
def test_encode_then_decode_gives_the_same_change(removed, added, decisions, status, provenance, group, note):
    change = events.LayerChange(
        removed=tuple(removed), added=tuple(added),
        decisions=tuple(events.DecisionChange(s, b, a) for s, b, a in decisions), status=status,
        provenance=None if provenance is None else events.ProvenanceRecord(tuple(provenance[0]), tuple(provenance[1])),
        group=group, note=note)
    text = events.encode(change)
    assert events.decode(text, layer="alice") == change
    assert exactjson.loads(text) == events.to_json(change)  # what history() shows


@given(added=st.lists(spans, max_size=4), status=st.none() | st.tuples(st.sampled_from(["todo", "done"]),
                                                                      st.sampled_from(["done", "skipped"])))
def test_new_spans_json_is_the_layer_changes_encoding(added, status):
    """The fast payload of ``write_new_layers`` encodes exactly as its ``LayerChange``."""
    triples = [(s.start, s.end, s.label) for s in added]
    change = events.LayerChange(added=tuple(added), status=status)
    assert events.encode(events.new_spans_json(triples, status)) == events.encode(change)


@pytest.fixture
def doc_store(store: Store) -> Store:
    for doc_id in ("d", "e"):
        store.insert_document(DocumentRow(doc_id, TEXT, "en", [], {}, checksum(TEXT), 0, 12), actor="test")
    store.replace_layer("d", "machine", [PUTIN, ALMATY, TASS], None, actor="suggest", action="suggest")
    return store


def test_apply_never_changes_the_callers_change(doc_store):
    change = Change(added=[TOKAJEV], decisions={ALMATY: "rejected"})
    before = Change(added=[TOKAJEV], decisions={ALMATY: "rejected"})
    doc_store.apply("d", "alice", change, actor="alice", action="add")  # alice's first change: in_progress
    assert doc_store.status("d", "alice") == "in_progress"
    assert change == before and change.status is None
    group_change = Change(added=[PUTIN])
    doc_store.apply_group("bob", [("d", group_change), ("e", Change(added=[PUTIN]))], actor="bob", action="label_all")
    assert group_change == Change(added=[PUTIN])
    with pytest.raises(FrozenInstanceError):
        change.status = "done"


def _replayed(store: Store, doc_id: str, layer: str) -> tuple[list[int], list[int]]:
    rows = store.db.execute("select id, action, reverts from events where doc_id=? and layer=? order by id",
                            [doc_id, layer]).fetchall()
    return stacks.replay(rows)


def _all_pairs(store: Store) -> list[tuple[str, str]]:
    return store.db.execute("select distinct doc_id, layer from events where doc_id is not null "
                            "and layer is not null").fetchall()


OPS = st.lists(st.tuples(st.sampled_from(["add", "remove", "relabel", "status", "undo", "redo", "group", "accept",
                                          "suggest", "reject"]),
                         st.sampled_from(["d", "e"]), st.sampled_from(["alice", "bob"]),
                         st.sampled_from([PUTIN, TOKAJEV, ALMATY, TASS])),
               min_size=1, max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_the_stored_stacks_are_the_replayed_log_after_any_sequence(tmp_path_factory, ops):
    path = tmp_path_factory.mktemp("stacks") / "s.sqlite"
    with Store.open(path) as store:
        for doc_id in ("d", "e"):
            store.insert_document(DocumentRow(doc_id, TEXT, "en", [], {}, checksum(TEXT), 0, 12), actor="test")
        for op, doc_id, layer, span in ops:
            try:
                if op == "add":
                    store.add_span(doc_id, layer, span, actor=layer)
                elif op == "remove":
                    store.remove_span(doc_id, layer, span, actor=layer)
                elif op == "relabel":
                    store.replace_span(doc_id, layer, span, Span(span.start, span.end, "FIGURE"), actor=layer)
                elif op == "status":
                    store.set_status(doc_id, layer, "done", actor=layer)
                elif op == "undo":
                    store.undo(doc_id, layer, actor=layer)
                elif op == "redo":
                    store.redo(doc_id, layer, actor=layer)
                elif op == "group":
                    store.apply_group(layer, [("d", Change(added=[span])), ("e", Change(added=[span]))],
                                      actor=layer, action="label_all")
                elif op == "accept":
                    store.accept_suggestions(doc_id, layer, [span], actor=layer)
                elif op == "reject":
                    store.reject_suggestion(doc_id, layer, span, actor=layer)
                else:
                    store.replace_layer(doc_id, layer, [span], None, actor="suggest", action="suggest")
            except ValueError:  # an overlap: refused, nothing written
                pass
            for pair in _all_pairs(store):
                assert stacks.stacks(store.db, *pair) == _replayed(store, *pair)


def test_a_renamed_layer_takes_its_stacks_along(doc_store):
    doc_store.add_span("d", "alice", PUTIN, actor="alice")
    doc_store.add_span("d", "alice", TASS, actor="alice")
    doc_store.undo("d", "alice", actor="alice")
    doc_store.rename_layer("alice", "alicia", actor="admin")
    assert stacks.stacks(doc_store.db, "d", "alice") == ([], [])
    assert stacks.stacks(doc_store.db, "d", "alicia") == _replayed(doc_store, "d", "alicia")
    assert doc_store.redo("d", "alicia", actor="alicia") == "add"
    assert doc_store.spans("d", "alicia") == [PUTIN, TASS]


def test_the_migration_fills_the_stacks_of_an_older_database_from_its_log(db_path):
    with Store.open(db_path) as store:
        store.insert_document(DocumentRow("d", TEXT, "en", [], {}, checksum(TEXT), 0, 12), actor="test")
        for span in (PUTIN, TOKAJEV, TASS):
            store.add_span("d", "alice", span, actor="alice")
        store.undo("d", "alice", actor="alice")
        store.add_span("d", "bob", ALMATY, actor="bob")
        expected = {pair: stacks.stacks(store.db, *pair) for pair in _all_pairs(store)}
        # as a database of the schema before the table
        store.db.execute("drop table undo_stack")
        store.db.execute("delete from _sqlite_migrations where name = 'store_undo_stack_table'")
        store.db.conn.commit()
    with Store.open(db_path) as store:
        assert {pair: stacks.stacks(store.db, *pair) for pair in _all_pairs(store)} == expected
        assert expected[("d", "alice")] != ([], [])
        assert store.undo("d", "alice", actor="alice") == "add"
        assert store.spans("d", "alice") == [PUTIN]


def _machine_tables(store: Store) -> list:
    """Every row the machine layers touch, timestamps left out."""
    q = store.db.conn.execute
    return [q("select id, doc_id, layer, start, end, label, confidence, provenance, created_by from spans "
              "order by id").fetchall(),
            q("select doc_id, layer, status, updated_by from layer_status order by 1, 2").fetchall(),
            q("select id, actor, doc_id, layer, action, payload, reverts from events order by id").fetchall(),
            q("select * from undo_stack order by 1, 2, 3, 4").fetchall()]


def test_new_layers_written_together_are_those_written_one_by_one(tmp_path):
    """``write_new_layers`` gives exactly the rows, events and stacks of ``replace_layer`` called for
    each document in turn; a document refused is left out with its error (the same error), the
    others written. Its check of the spans, on tuples, refuses what ``check_spans`` refuses."""
    items = [
        ("a", [TASS, PUTIN, TOKAJEV], {PUTIN: (0.9, "person:putin"), TASS: (0.8, "source:tass")}),
        ("b", [], None),  # nothing found: the status alone
        ("c", [Span(50, 80, "FIGURE")], None),  # out of range: refused
        ("nope", [PUTIN], None),  # an unknown document: refused
        ("d", [ALMATY, ALMATY], {ALMATY: (0.5, "place:almaty")}),
        ("e", [PUTIN, Span(3, 12, "SOURCE")], None),  # overlapping: refused
        ("f", [Span(0, 60, "LOCATION")], {Span(0, 60, "LOCATION"): (1.0, "x")}),  # the whole text
        ("g", [TASS, Span(0, 5, "NAME")], None),  # an unknown label: refused
        ("h", [Span(-1, 3, "ACTOR")], None),  # before the text: refused
        ("i", [Span(4, 4, "ACTOR")], None),  # empty: refused
        ("j", [Span(0, 5, "ACTOR"), Span(0, 5, "SOURCE")], None),  # the same stretch twice: refused
        ("k", [Span(0, 61, "ACTOR")], None),  # one past the end: refused
        ("l", [Span(5, 10, "ACTOR"), Span(0, 5, "SOURCE"), Span(10, 11, "FIGURE")], None),  # touching: fine
    ]
    results = []
    for together in (False, True):
        with Store.open(tmp_path / f"{together}.sqlite") as store:
            for doc_id in "abcdefghijkl":
                store.insert_document(DocumentRow(doc_id, TEXT, "en", [], {}, checksum(TEXT), 0), actor="t")
            store.add_span("a", "alice", PUTIN, actor="alice")  # another layer's stack is left alone
            with store.transaction():
                if together:
                    rows = [(doc_id, [(s.start, s.end, s.label, *(provenance or {}).get(s, (None, None))) for s in spans])
                            for doc_id, spans, provenance in items]
                    # a span given twice gets the last of its columns, as the provenance mapping gives it
                    rows[4] = ("d", [(21, 27, "LOCATION", 0.1, "first"), (21, 27, "LOCATION", 0.5, "place:almaty")])
                    errors = store.write_new_layers("machine", rows, "done", actor="s", action="suggest")
                else:
                    errors = []
                    for doc_id, spans, provenance in items:
                        try:
                            with store.transaction():
                                store.replace_layer(doc_id, "machine", spans, "done", actor="s", action="suggest",
                                                    provenance=provenance)
                            errors.append(None)
                        except Exception as exc:  # compared below
                            errors.append(exc)
            results.append(([(type(e).__name__, str(e)) if e else None for e in errors], _machine_tables(store)))
    assert results[0] == results[1]
    assert [e is None for e in results[1][0]] == [True, True, False, False, True, False, True, False, False, False,
                                                  False, False, True]


def test_new_layers_are_written_only_where_the_layer_is_empty(doc_store):
    with pytest.raises(ValueError, match="not empty"):  # "d" has its machine layer
        doc_store.write_new_layers("machine", [("e", []), ("d", [])], "done", actor="s", action="suggest")
    with pytest.raises(ValueError, match="given twice"):  # its second write is to a layer no longer empty
        doc_store.write_new_layers("machine", [("e", []), ("e", [])], "done", actor="s", action="suggest")
    with pytest.raises(ValueError):  # an annotator's layer, an action undo goes past
        doc_store.write_new_layers("alice", [("e", [])], "done", actor="s", action="add")


def test_log_many_writes_barriers_only(doc_store):
    """An event undo can step back to needs its own id on its pair's stack: log_many refuses it
    and writes nothing."""
    before = doc_store.db.execute("select count(*) from events").fetchone()[0]
    with pytest.raises(ValueError, match="barriers only"), doc_store.transaction():
        events.log_many(doc_store.db, "s", [("d", "machine", "suggest", {}), ("d", "alice", "add", {})])
    assert doc_store.db.execute("select count(*) from events").fetchone()[0] == before
