"""Label every hit: one undoable step across documents, skipping hits in the way of other labels."""

from __future__ import annotations

from annotator.curation.label_all import label_hits, snap
from annotator.model import Span
from annotator.store import DocumentRow, Store
from annotator.store.store import checksum

TEXTS = {
    "a": "Interfax said Almaty is calm. Interfax-Kazakhstan agreed.",
    "b": "Reuters and Interfax reported from Almaty.",
    "c": "Nothing about it here, only Interfaxu.",
}


def make(tmp_path):
    store = Store.open(tmp_path / "l.sqlite")
    for n, (doc_id, text) in enumerate(TEXTS.items()):
        store.insert_document(DocumentRow(doc_id, text, "en", [], {}, checksum(text), n), actor="t")
    store.add_span("b", "alice", Span(12, 20, "ACTOR"), actor="alice")  # Interfax as ACTOR: in the way
    store.add_span("a", "alice", Span(0, 8, "SOURCE"), actor="alice")  # already SOURCE
    return store


def test_snap_widens_to_tokens_and_trims_spaces():
    tokens = [(0, 8), (9, 13), (14, 20)]
    assert snap(0, 5, tokens) == (0, 8)
    assert snap(8, 13, tokens) == (9, 13)
    assert snap(3, 15, tokens) == (0, 20)
    assert snap(8, 9, tokens) is None


def test_label_all_is_one_undoable_step_that_skips_other_labels(tmp_path):
    store = make(tmp_path)
    hits = store.search("interfax", fold=True, layer="alice").hits
    assert [(h.doc_id, h.start) for h in hits] == [("a", 0), ("a", 30), ("b", 12), ("c", 28)]
    before = {d: store.spans(d, "alice") for d in TEXTS}
    plan, group = label_hits(store, "alice", hits, "SOURCE", actor="alice")
    assert group is not None and plan.already == 1 and plan.added == 2
    assert [(s.doc_id, s.span) for s in plan.skipped] == [("b", Span(12, 20, "ACTOR"))]
    assert "skipped 1 (1 overlapping a span of another label)" in plan.summary()
    # "Interfax" in "Interfax-Kazakhstan" is labelled as the token it is; "Interfaxu" whole
    assert store.spans("a", "alice") == [Span(0, 8, "SOURCE"), Span(30, 38, "SOURCE")]
    assert store.spans("c", "alice") == [Span(28, 37, "SOURCE")]
    assert store.spans("b", "alice") == before["b"]
    assert store.status("c", "alice") == "in_progress"
    # one undo, from any document of the group, undoes it everywhere; one redo redoes it
    assert store.undo("c", "alice", actor="alice") == "label_all"
    assert {d: store.spans(d, "alice") for d in TEXTS} == before
    assert store.status("c", "alice") == "todo"
    assert store.redo("a", "alice", actor="alice") == "label_all"
    assert store.spans("c", "alice") == [Span(28, 37, "SOURCE")] and len(store.spans("a", "alice")) == 2
    # a document changed since keeps its change; the others are undone
    store.add_span("c", "alice", Span(0, 7, "ACTOR"), actor="alice")
    assert store.undo("a", "alice", actor="alice") == "label_all"
    assert store.spans("a", "alice") == before["a"]
    assert store.spans("c", "alice") == [Span(0, 7, "ACTOR"), Span(28, 37, "SOURCE")]
    store.close()


def test_label_all_events_replay_to_the_tables(tmp_path):
    store = make(tmp_path)
    hits = store.search("almaty", fold=True).hits
    label_hits(store, "alice", hits, "LOCATION", actor="alice", provenance="curator:carol:label-all")
    assert store.span_provenance("a", "alice")[Span(14, 20, "LOCATION")] == "curator:carol:label-all"
    store.undo("a", "alice", actor="alice")
    store.redo("b", "alice", actor="alice")
    assert store.span_provenance("b", "alice")[Span(35, 41, "LOCATION")] == "curator:carol:label-all"
    replayed: dict[str, set] = {}
    for event in store.history(layer="alice"):
        spans = replayed.setdefault(event["doc_id"], set())
        spans -= {Span(*s[:3]) for s in event["payload"].get("removed", [])}
        spans |= {Span(*s[:3]) for s in event["payload"].get("added", [])}
    assert {d: sorted(s) for d, s in replayed.items()} == {d: store.spans(d, "alice") for d in replayed}
    store.close()
