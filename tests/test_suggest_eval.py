"""Running the suggester over a store, learning from gold, acceptance rates, and evaluation."""

import orjson
import pytest
from click.testing import CliRunner

from annotator.agreement.evaluate import Item, errors, evaluate, overlap_matches, score_items
from annotator.agreement.figures import Figure, prf
from annotator.model import GOLD, MACHINE, Span
from annotator.store.store import DocumentRow, checksum
from annotator.suggest import acceptance_rates, suggest_documents
from annotator.suggest.gold import GoldLexicon

A = "Putin met Tokajev in Almaty and TASS reported 20.000 people."
B = "Later Zhanybek Karibzhanov spoke in Almaty to Reuters about 300 arrests."


def _doc(store, doc_id: str, text: str, lang: str = "en") -> None:
    store.insert_document(DocumentRow(doc_id, text, lang, [], {}, checksum(text), 0, 0), actor="test")


@pytest.fixture
def two_docs(store):
    _doc(store, "a", A)
    _doc(store, "b", B)
    return store


# -- evaluation metrics, by hand ------------------------------------------------------------
def test_prf_by_hand():
    # 2 matches, 4 reference spans, 3 spans in the scored layer
    assert prf(2, 4, 3).values() == {"precision": 2 / 3, "recall": 0.5, "f1": 2 * 2 / 7}
    assert (prf(2, 4, 3).fp, prf(2, 4, 3).fn) == (1, 2)
    # nothing on either side: undefined, with the reason, never a silent 0
    none = prf(0, 0, 0, what="ACTOR ")
    assert (none.precision, none.recall, none.f1) == (
        Figure(None, "the other layer has no ACTOR spans"), Figure(None, "the reference has no ACTOR spans"),
        Figure(None, "neither layer has ACTOR spans"))
    assert none.reasons() == {"precision_reason": "the other layer has no ACTOR spans",
                              "recall_reason": "the reference has no ACTOR spans",
                              "f1_reason": "neither layer has ACTOR spans"}
    assert prf(0, 3, 0).f1 == Figure(0.0) and prf(0, 3, 0).precision.value is None


def test_exact_and_overlap_counts_by_hand():
    text = "x" * 100
    reference = [Span(0, 10, "ACTOR"), Span(20, 30, "LOCATION"), Span(40, 50, "FIGURE"), Span(60, 70, "SOURCE")]
    predicted = [
        Span(0, 10, "ACTOR"),  # exact hit
        Span(20, 25, "LOCATION"),  # overlap hit only
        Span(40, 50, "SOURCE"),  # right range, wrong label: a miss and a false alarm
        Span(80, 90, "ACTOR"),  # false alarm
    ]
    result = score_items([Item("d", "sk", text, reference, predicted)])
    exact, overlap = result.overall.exact, result.overall.overlap
    assert (exact.tp, exact.fp, exact.fn) == (1, 3, 3)
    assert (overlap.tp, overlap.fp, overlap.fn) == (2, 2, 2)
    assert exact.precision.value == pytest.approx(0.25) and exact.recall.value == pytest.approx(0.25)
    assert overlap.f1.value == pytest.approx(0.5)
    assert result.labels["LOCATION"].exact.fn == 1
    assert result.labels["LOCATION"].overlap.tp == 1
    assert result.languages["sk"].exact.tp == 1


def test_overlap_matching_is_one_to_one_and_maximum():
    # one long prediction over two gold spans counts once
    reference = [Span(0, 5, "ACTOR"), Span(6, 12, "ACTOR")]
    assert len(overlap_matches(reference, [Span(0, 12, "ACTOR")])) == 1
    # a greedy matcher would pair p1 with r1 and leave r2 unmatched; the maximum matching is 2
    reference = [Span(0, 10, "ACTOR"), Span(10, 14, "ACTOR")]
    predicted = [Span(5, 12, "ACTOR"), Span(2, 6, "ACTOR")]
    assert len(overlap_matches(reference, predicted)) == 2


# -- the runner -----------------------------------------------------------------------------
def test_runner_writes_machine_layer_with_provenance(two_docs):
    two_docs.add_span("a", "alice", Span(0, 5, "ACTOR"), actor="alice")
    summary = suggest_documents(two_docs)
    assert summary["documents"] == 2 and summary["skipped"] == 0
    suggestions = two_docs.suggestions("a")
    got = {(A[s.span.start : s.span.end], s.span.label) for s in suggestions}
    assert {("Putin", "ACTOR"), ("Almaty", "LOCATION"), ("TASS", "SOURCE"), ("20.000", "FIGURE")} <= got
    assert all(s.confidence and s.provenance for s in suggestions)
    assert summary["spans"] == len(two_docs.spans("a", MACHINE)) + len(two_docs.spans("b", MACHINE))
    assert two_docs.spans("a", "alice") == [Span(0, 5, "ACTOR")]  # a human layer is untouched


def test_runner_skips_suggested_documents_unless_rerun(two_docs):
    suggest_documents(two_docs, ["a"])
    assert suggest_documents(two_docs, ["a", "b"]) | {"labels": None} == {
        "documents": 1, "skipped": 1, "spans": len(two_docs.spans("b", MACHINE)), "labels": None, "failed": []}
    again = suggest_documents(two_docs, rerun=True)
    assert again["documents"] == 2


# -- learning from gold ---------------------------------------------------------------------
def test_gold_forms_are_suggested_in_other_documents(two_docs):
    suggest_documents(two_docs)
    name = Span(6, 26, "ACTOR")  # "Zhanybek Karibzhanov": no rule knows him... unless gold does
    assert B[name.start : name.end] == "Zhanybek Karibzhanov"
    c = "Zhanybek Karibzhanov met the press."
    _doc(two_docs, "c", c)
    two_docs.replace_layer("b", GOLD, [name], "done", actor="curator")
    suggest_documents(two_docs, ["c"])
    assert Span(0, 20, "ACTOR") in two_docs.spans("c", MACHINE)
    provenance = {s.span: s.provenance for s in two_docs.suggestions("c")}
    assert provenance[Span(0, 20, "ACTOR")].startswith("gold:")


def test_a_documents_own_gold_is_not_learned_for_it():
    lexicon = GoldLexicon.from_records([("b", "Zorgbert spoke.", [Span(0, 8, "SOURCE")])])
    from annotator.suggest.doc import DocView

    doc = DocView("Zorgbert spoke.")
    assert lexicon.matches(doc, frozenset(), exclude="b") == []
    assert [c.label for c in lexicon.matches(doc, frozenset(), exclude="other")] == ["SOURCE"]


def test_gold_learning_skips_digits_and_ties():
    lexicon = GoldLexicon.from_records([
        ("x", "18 and Mir", [Span(0, 2, "FIGURE"), Span(7, 10, "SOURCE")]),
        ("y", "Mir again", [Span(0, 3, "LOCATION")]),
    ])
    assert len(lexicon) == 0


# -- acceptance rates -----------------------------------------------------------------------
def test_acceptance_rates(two_docs):
    suggest_documents(two_docs)
    by_label = {}
    for s in two_docs.suggestions("a"):
        by_label.setdefault(s.span.label, []).append(s.span)
    two_docs.accept_suggestions("a", "alice", [by_label["ACTOR"][0], by_label["SOURCE"][0]], actor="alice")
    two_docs.reject_suggestion("a", "bob", by_label["ACTOR"][0], actor="bob")
    rates = acceptance_rates(two_docs)
    assert rates["ACTOR"] == {"accepted": 1, "rejected": 1, "rate": 0.5}
    assert rates["SOURCE"] == {"accepted": 1, "rejected": 0, "rate": 1.0}
    assert rates["FIGURE"]["rate"] is None


# -- evaluate over the store ----------------------------------------------------------------
def test_evaluate_store_counts_only_done_documents(two_docs):
    suggest_documents(two_docs)
    machine_a = two_docs.spans("a", MACHINE)
    assert machine_a[0] == Span(0, 5, "ACTOR")  # "Putin"
    two_docs.replace_layer("a", GOLD, [*machine_a[1:], Span(0, 3, "ACTOR")], "done", actor="curator")
    two_docs.replace_layer("b", GOLD, [Span(0, 5, "ACTOR")], "in_progress", actor="curator")
    result = evaluate(two_docs)
    assert result.documents == 1 and (result.layer, result.against) == (MACHINE, GOLD)
    exact = result.overall.exact
    assert (exact.tp, exact.fp, exact.fn) == (len(machine_a) - 1, 1, 1)
    listed = errors(two_docs)
    assert {(e.kind, e.doc_id) for e in listed} == {("miss", "a"), ("false_alarm", "a")}
    miss = next(e for e in listed if e.kind == "miss")
    assert miss.text == "Put" and "[Put]" in miss.context


# -- the commands ---------------------------------------------------------------------------
@pytest.fixture
def cli():
    import click

    from annotator.cli.suggesting import COMMANDS

    group = click.Group()
    for command in COMMANDS:
        group.add_command(command)
    return group


def test_suggest_and_evaluate_commands(cli, db_path):
    from annotator.store import Store

    with Store.open(db_path) as store:
        _doc(store, "a", A)
        _doc(store, "b", B)
    runner = CliRunner()
    result = runner.invoke(cli, ["suggest", "--all", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Suggested 2 document(s), skipped 0:")
    assert runner.invoke(cli, ["suggest", "--doc", "a", "--db", str(db_path)]).output.startswith(
        "Suggested 0 document(s), skipped 1")
    assert runner.invoke(cli, ["suggest", "--doc", "nope", "--db", str(db_path)]).exit_code == 2
    with Store.open(db_path) as store:
        store.replace_layer("a", GOLD, store.spans("a", MACHINE), "done", actor="curator")
    result = runner.invoke(cli, ["evaluate", "--db", str(db_path), "--format", "json", "--show-errors"])
    data = orjson.loads(result.output)
    assert data["overall"]["exact"]["f1"] == 1.0 and data["errors"] == []
    assert runner.invoke(cli, ["evaluate", "--db", str(db_path), "--min-f1", "0.9"]).exit_code == 0
    with Store.open(db_path) as store:
        store.replace_layer("a", GOLD, [Span(0, 5, "SOURCE")], "done", actor="curator")
    failed = runner.invoke(cli, ["evaluate", "--db", str(db_path), "--min-f1", "0.9"])
    assert failed.exit_code == 1 and "Below minimum" in failed.output
    text = runner.invoke(cli, ["evaluate", "--db", str(db_path), "--show-errors"])
    assert text.exit_code == 0 and "overall" in text.output and "false_alarm" in text.output
    assert runner.invoke(cli, ["evaluate", "--db", str(db_path), "--layer", "nobody"]).exit_code == 2


def test_lower_case_gold_forms_stay_in_their_language(store):
    _doc(store, "ro1", "Au murit opt persoane.", "ro")
    store.replace_layer("ro1", GOLD, [Span(9, 12, "FIGURE")], "done", actor="curator")
    _doc(store, "ro2", "Alte opt au fost rănite.", "ro")
    _doc(store, "en1", "You can opt out of the survey.", "en")
    suggest_documents(store, ["ro2", "en1"])
    assert Span(5, 8, "FIGURE") in store.spans("ro2", MACHINE)
    assert store.spans("en1", MACHINE) == []


def test_runner_learns_spans_two_annotators_agree_on_in_done_layers(store):
    _doc(store, "a", "Zorgbert reported the flood.")
    _doc(store, "b", "Later Zorgbert reported again.")
    _doc(store, "c", "Quibbleton said so.")
    for layer in ("alice", "bob"):
        store.add_span("a", layer, Span(0, 8, "SOURCE"), actor=layer)
        store.set_status("a", layer, "done", actor=layer)
    store.add_span("c", "alice", Span(0, 10, "ACTOR"), actor="alice")  # one annotator only
    store.set_status("c", "alice", "done", actor="alice")
    lexicon = GoldLexicon.from_store(store)
    assert "Zorgbert" in lexicon.forms and "Quibbleton" not in lexicon.forms
    suggest_documents(store, ["b"])
    assert Span(6, 14, "SOURCE") in store.spans("b", MACHINE)


def test_agreement_is_not_learned_from_layers_in_progress(store):
    _doc(store, "a", "Zorgbert reported the flood.")
    for layer in ("alice", "bob"):
        store.add_span("a", layer, Span(0, 8, "SOURCE"), actor=layer)
    assert "Zorgbert" not in GoldLexicon.from_store(store).forms
