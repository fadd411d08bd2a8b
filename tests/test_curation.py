"""Curation domain: conflicts, merge strategies, curator decisions, provenance and undo."""

import subprocess
import sys
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.curation import (
    CurationDocument,
    CurationSession,
    Strategy,
    clusters,
    conflicts,
    document_agreement,
    load_documents,
    merge_into_gold,
    plan_merge,
)
from annotator.curation import provenance as prov
from annotator.curation.conflicts import BOUNDARY, LABEL, MISSING
from annotator.curation.merge import votes_needed
from annotator.model import Span
from annotator.store import Store
from tests.conftest import dump
from tests.test_curation_fixtures import TEXT, make_store, span, three_annotators

S = Span


# -- conflicts (pure) -----------------------------------------------------------------------------
def doc(**layers):
    return CurationDocument("d", tuple(layers), {k: tuple(v) for k, v in layers.items()})


def test_clusters_group_overlapping_spans_and_give_each_layer_its_version():
    d = doc(a=[S(0, 5, "ACTOR"), S(10, 14, "LOCATION")], b=[S(0, 5, "ACTOR"), S(8, 14, "LOCATION")], c=[])
    found = clusters(d)
    assert [(c.start, c.end) for c in found] == [(0, 5), (8, 14)]
    first, second = found
    assert first.version("a") == (S(0, 5, "ACTOR"),) and first.version("c") == ()
    assert first.is_conflict and first.kinds == (MISSING,)
    assert second.kinds == (MISSING, BOUNDARY)
    assert first.version("zed") is None


def test_a_chain_of_overlaps_is_one_cluster_and_split_spans_are_a_boundary_conflict():
    d = doc(a=[S(0, 4, "ACTOR"), S(5, 9, "ACTOR")], b=[S(0, 9, "ACTOR")])
    (c,) = clusters(d)
    assert (c.start, c.end) == (0, 9)
    assert c.version("a") == (S(0, 4, "ACTOR"), S(5, 9, "ACTOR"))
    assert c.kinds == (BOUNDARY,)


def test_identical_versions_agree_and_labels_are_compared():
    d = doc(a=[S(0, 5, "ACTOR"), S(6, 9, "FIGURE")], b=[S(0, 5, "ACTOR"), S(6, 9, "SOURCE")])
    agreed, differ = clusters(d)
    assert agreed.agreed and not agreed.is_conflict and agreed.kinds == ()
    assert differ.kinds == (LABEL,)
    assert conflicts(d) == [differ]


def test_majority_needs_more_than_half():
    three = doc(a=[S(0, 5, "ACTOR")], b=[S(0, 5, "ACTOR")], c=[S(0, 5, "LOCATION")])
    (c,) = clusters(three)
    assert c.majority() == ((S(0, 5, "ACTOR"),), ("a", "b"))
    two = doc(a=[S(0, 5, "ACTOR")], b=[])
    assert clusters(two)[0].majority() is None
    none_wins = doc(a=[S(0, 5, "ACTOR")], b=[], c=[])
    assert clusters(none_wins)[0].majority() == ((), ("b", "c"))


def test_resolution_by_gold_or_by_rejecting_every_version():
    base = doc(a=[S(0, 5, "ACTOR")], b=[S(0, 7, "ACTOR")])
    assert not clusters(base)[0].resolved
    with_gold = base.with_gold([S(0, 5, "ACTOR")], {})
    assert clusters(with_gold)[0].resolution == "gold"
    half = base.with_gold([], {S(0, 5, "ACTOR"): "rejected"})
    assert not clusters(half)[0].resolved
    rejected = base.with_gold([], {S(0, 5, "ACTOR"): "rejected", S(0, 7, "ACTOR"): "rejected"})
    assert clusters(rejected)[0].resolution == "rejected"


def test_gold_joins_clusters():
    d = doc(a=[S(0, 3, "ACTOR")], b=[S(5, 8, "ACTOR")]).with_gold([S(0, 8, "ACTOR")], {})
    (c,) = clusters(d)
    assert (c.start, c.end) == (0, 8) and c.gold == (S(0, 8, "ACTOR"),)


def test_document_agreement_is_mean_pairwise_exact_f1():
    d = doc(a=[S(0, 5, "ACTOR"), S(6, 9, "FIGURE")], b=[S(0, 5, "ACTOR")], c=[])
    # a-b: 2*1/3; a-c: 0; b-c: 0
    assert document_agreement(d) == pytest.approx((2 / 3) / 3)
    assert document_agreement(doc(a=[], b=[])) is None


def test_document_agreement_matches_the_agreement_command(tmp_path):
    from annotator.agreement import compute_agreement
    from annotator.agreement.loading import load_documents as agreement_documents
    from annotator.model import LABELS

    store = three_annotators(tmp_path / "c.sqlite")
    layers = ["alice", "bob", "carol"]
    result = compute_agreement(agreement_documents(store, layers), layers, LABELS).to_json()
    (cdoc,) = load_documents(store, layers)
    assert document_agreement(cdoc) == pytest.approx(result["lowest_documents"][0]["f1"])


# -- merge ------------------------------------------------------------------------------------------
def test_votes_needed():
    assert votes_needed("unanimous", 3) == 3
    assert votes_needed("unanimous", 1) is None
    assert votes_needed("unanimous", 2, min_votes=3) is None
    assert votes_needed("majority", 3) == 2
    assert votes_needed("majority", 4) == 3
    assert votes_needed("majority", 4, min_votes=2) == 2
    assert votes_needed("majority", 1) is None


def test_unanimous_merge_takes_only_what_every_done_layer_has(tmp_path):
    store = three_annotators(tmp_path / "c.sqlite")
    summary = merge_into_gold(store, Strategy.UNANIMOUS, actor="carla")
    assert store.spans("d1", "gold") == [span("Vladimir Putin", "ACTOR")]
    assert store.span_provenance("d1", "gold") == {span("Vladimir Putin", "ACTOR"): "merge:unanimous:alice,bob,carol"}
    assert summary.merged == 1
    # Tokayev (label), Almaty (boundary), TASS and 20 (missing) remain.
    assert summary.open_conflicts == 4
    assert store.status("d1", "gold") == "in_progress"
    event = store.history("d1", "gold")[-1]
    assert event["action"] == "merge" and event["actor"] == "carla"
    assert event["payload"]["strategy"] == "unanimous"


def test_majority_merge_takes_what_more_than_half_have(tmp_path):
    store = three_annotators(tmp_path / "c.sqlite")
    summary = merge_into_gold(store, "majority", actor="carla")
    assert store.spans("d1", "gold") == [
        span("Vladimir Putin", "ACTOR"), span("Tokayev", "ACTOR"), span("Almaty", "LOCATION"), span("20", "FIGURE"),
    ]
    provenance = store.span_provenance("d1", "gold")
    assert provenance[span("Tokayev", "ACTOR")] == "merge:majority:alice,bob"
    assert provenance[span("Almaty", "LOCATION")] == "merge:majority:alice,carol"
    assert provenance[span("Vladimir Putin", "ACTOR")] == "merge:majority:alice,bob,carol"
    # TASS: only alice has it; it stays open.
    assert summary.open_conflicts == 1
    (plan,) = summary.plans
    assert [(c.start, c.end) for c in plan.open_conflicts] == [(span("TASS", "SOURCE").start, span("TASS", "SOURCE").end)]


def test_two_layers_disagreeing_on_boundaries_and_labels_merge_nothing_there(tmp_path):
    store = make_store(tmp_path / "c.sqlite", {"d1": TEXT}, {
        "alice": {"d1": [span("Vladimir Putin", "ACTOR"), span("TASS", "SOURCE"), span("Almaty", "LOCATION")]},
        "bob": {"d1": [span("Putin", "ACTOR"), span("TASS", "ACTOR"), span("Almaty", "LOCATION")]},
    })
    summary = merge_into_gold(store, "majority", actor="carla")
    assert store.spans("d1", "gold") == [span("Almaty", "LOCATION")]
    assert summary.open_conflicts == 2


def test_a_merge_run_again_changes_nothing(tmp_path):
    path = tmp_path / "c.sqlite"
    store = three_annotators(path)
    merge_into_gold(store, "majority", actor="carla")
    before = dump(path)
    again = merge_into_gold(store, "majority", actor="carla")
    assert again.merged == 0 and not any(p.changes for p in again.plans)
    assert dump(path) == before
    # Unanimous after majority: also nothing.
    merge_into_gold(store, "unanimous", actor="carla")
    assert dump(path) == before


def test_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "c.sqlite"
    store = three_annotators(path)
    before = dump(path)
    summary = merge_into_gold(store, "majority", actor="carla", dry_run=True)
    assert summary.merged == 4 and dump(path) == before


def test_merge_keeps_a_curators_rejection_and_gold_span(tmp_path):
    store = three_annotators(tmp_path / "c.sqlite")
    session = CurationSession(store, "carla", ["alice", "bob", "carol"])
    # The curator rejects every version at "Almaty" and takes carol's LOCATION for "Tokayev".
    session._go_to("d1", *_extent(span("Almaty", "LOCATION")))
    session.reject()
    session._go_to("d1", *_extent(span("Tokayev", "ACTOR")))
    session.take(3)
    assert store.spans("d1", "gold") == [span("Tokayev", "LOCATION")]
    summary = merge_into_gold(store, "majority", actor="merger")
    gold = store.spans("d1", "gold")
    assert span("Tokayev", "LOCATION") in gold and span("Tokayev", "ACTOR") not in gold
    assert span("Almaty", "LOCATION") not in gold and span("in Almaty", "LOCATION") not in gold
    (plan,) = summary.plans
    assert plan.kept_rejected == (span("Tokayev", "ACTOR"), span("Almaty", "LOCATION"))  # Tokayev ACTOR was rejected too
    assert store.span_provenance("d1", "gold")[span("Tokayev", "LOCATION")] == "curator:carla:followed=carol"


def test_merge_does_not_override_a_different_gold_span(tmp_path):
    store = make_store(tmp_path / "c.sqlite", {"d1": TEXT}, {
        "alice": {"d1": [span("Putin", "ACTOR")]},
        "bob": {"d1": [span("Putin", "ACTOR")]},
    })
    store.replace_layer("d1", "gold", [span("Vladimir Putin", "ACTOR")], "in_progress", actor="carla", action="import")
    summary = merge_into_gold(store, "unanimous", actor="carla", layers=["alice", "bob"])
    assert store.spans("d1", "gold") == [span("Vladimir Putin", "ACTOR")]
    assert summary.plans[0].kept_gold == (span("Putin", "ACTOR"),)


def test_low_min_votes_leaves_overlapping_candidates_in_conflict():
    d = doc(a=[S(0, 5, "ACTOR")], b=[S(0, 5, "ACTOR")], c=[S(0, 9, "ACTOR")], e=[S(0, 9, "ACTOR")])
    plan = plan_merge(d, "majority", min_votes=2)
    assert plan.added == () and plan.ambiguous == (S(0, 5, "ACTOR"), S(0, 9, "ACTOR"))
    assert len(plan.open_conflicts) == 1


def test_documents_with_fewer_than_two_done_layers_are_skipped(tmp_path):
    store = make_store(tmp_path / "c.sqlite", {"d1": TEXT, "d2": TEXT + " "}, {
        "alice": {"d1": [span("Putin", "ACTOR")], "d2": [span("Putin", "ACTOR")]},
        "bob": {"d1": [span("Putin", "ACTOR")]},
    })
    store.set_status("d2", "bob", "in_progress", actor="bob")
    summary = merge_into_gold(store, "unanimous", actor="carla")
    assert summary.skipped == ["d2"] and store.spans("d2", "gold") == []
    assert store.status("d1", "gold") == "done"  # nothing left open


def test_a_document_every_layer_left_empty_is_done_in_gold(tmp_path):
    store = make_store(tmp_path / "c.sqlite", {"d1": "Nothing to see."}, {"alice": {"d1": []}, "bob": {"d1": []}})
    merge_into_gold(store, "unanimous", actor="carla")
    assert store.status("d1", "gold") == "done"


# -- decisions, provenance, undo ----------------------------------------------------------------------
def _extent(s: Span) -> tuple[int, int]:
    return s.start, s.end


def test_curator_decisions_record_who_and_which_layers(tmp_path):
    store = three_annotators(tmp_path / "c.sqlite")
    merge_into_gold(store, "unanimous", actor="carla")
    session = CurationSession(store, "carla", ["alice", "bob", "carol"])
    assert [item.cluster.start for item in session.items] == [
        span(p, "ACTOR").start for p in ("Tokayev", "in Almaty", "TASS", "20")
    ]
    assert session.current.cluster.start == span("Tokayev", "ACTOR").start
    outcome = session.take_majority()
    assert outcome.changed and "alice, bob" in outcome.message
    assert store.span_provenance("d1", "gold")[span("Tokayev", "ACTOR")] == "curator:carla:followed=alice,bob"
    event = store.history("d1", "gold")[-1]
    assert event["actor"] == "carla" and event["action"] == "curate_majority"
    assert event["payload"]["followed"] == ["alice", "bob"]
    assert store.decisions("d1", "gold") == {span("Tokayev", "ACTOR"): "accepted", span("Tokayev", "LOCATION"): "rejected"}
    # The session moved on to the next open conflict: Almaty.
    assert session.current.cluster.start == span("in Almaty", "LOCATION").start
    session.take(2)  # bob's "in Almaty"
    assert span("in Almaty", "LOCATION") in store.spans("d1", "gold")
    assert session.current.cluster.start == span("TASS", "SOURCE").start
    assert session.reject().changed
    assert store.decisions("d1", "gold")[span("TASS", "SOURCE")] == "rejected"
    assert session.take(1).changed  # "20": alice's
    assert session.progress().resolved == 4
    assert store.status("d1", "gold") == "done"


def test_taking_a_version_that_is_no_span_rejects_the_others(tmp_path):
    store = three_annotators(tmp_path / "c.sqlite")
    session = CurationSession(store, "carla")
    session._go_to("d1", *_extent(span("TASS", "SOURCE")))
    outcome = session.take(2)  # bob has nothing there
    assert outcome.changed and "no span" in outcome.message
    assert store.decisions("d1", "gold") == {span("TASS", "SOURCE"): "rejected"}
    assert store.history("d1", "gold")[-1]["payload"]["followed"] == ["bob", "carol"]


def test_no_majority_and_unknown_layer_change_nothing(tmp_path):
    store = three_annotators(tmp_path / "c.sqlite")
    session = CurationSession(store, "carla", ["alice", "bob"])
    before = len(store.history())
    assert not session.take_majority().changed  # two layers disagree: no majority
    assert not session.take(7).changed
    assert len(store.history()) == before


def test_undo_and_redo_restore_gold_and_its_provenance(tmp_path):
    store = three_annotators(tmp_path / "c.sqlite")
    merge_into_gold(store, "majority", actor="carla")
    session = CurationSession(store, "carla")
    tokayev = span("Tokayev", "ACTOR")
    session._go_to("d1", *_extent(tokayev))
    session.take(3)  # carol: LOCATION replaces the merged ACTOR
    assert store.span_provenance("d1", "gold")[span("Tokayev", "LOCATION")] == "curator:carla:followed=carol"
    session._go_to("d1", *_extent(span("TASS", "SOURCE")))
    assert session.undo().changed
    assert store.span_provenance("d1", "gold")[tokayev] == "merge:majority:alice,bob"
    assert session.current.cluster.start == tokayev.start  # the undo went back to where it happened
    assert session.redo().changed
    assert store.span_provenance("d1", "gold")[span("Tokayev", "LOCATION")] == "curator:carla:followed=carol"


def test_confirming_a_merged_span_records_the_curator(tmp_path):
    store = three_annotators(tmp_path / "c.sqlite")
    merge_into_gold(store, "majority", actor="carla")
    session = CurationSession(store, "dora")
    session._go_to("d1", *_extent(span("Tokayev", "ACTOR")))
    assert session.take(1).changed
    assert store.span_provenance("d1", "gold")[span("Tokayev", "ACTOR")] == "curator:dora:followed=alice,bob"
    session._go_to("d1", *_extent(span("Tokayev", "ACTOR")))
    before = len(store.history())
    assert not session.take(2).changed  # the same version again: nothing to do
    assert len(store.history()) == before


def test_hand_edits_are_rejections_and_acceptances(tmp_path):
    store = three_annotators(tmp_path / "c.sqlite")
    merge_into_gold(store, "unanimous", actor="carla")
    session = CurationSession(store, "carla")
    putin = span("Vladimir Putin", "ACTOR")
    assert session.edit("d1", [putin], [span("Putin", "ACTOR")]).changed
    assert store.span_provenance("d1", "gold") == {span("Putin", "ACTOR"): "curator:carla:edited"}
    assert store.decisions("d1", "gold")[putin] == "rejected"
    merge_into_gold(store, "unanimous", actor="carla")
    assert store.spans("d1", "gold") == [span("Putin", "ACTOR")]  # the rejected merge does not come back


def test_anonymous_aliases():
    class Fake(CurationSession):
        def __init__(self):
            self.layers, self.anonymous = ["alice", "bob"], True

    fake = Fake()
    assert fake.alias("bob") == "annotator 2" and fake.alias("zed") == "another annotator"
    assert prov.describe("curator:carla:followed=alice,bob", fake.alias) == "carla followed annotator 1, annotator 2"
    assert prov.describe("merge:majority:bob", fake.alias) == "merged (majority: annotator 2)"
    assert prov.describe("curator:carla:edited") == "edited by carla"
    assert prov.describe(None) == "no provenance"


def test_queue_puts_worst_agreeing_documents_first(tmp_path):
    good = "Putin met Tokayev."
    bad = "Putin met Tokayev in Almaty."
    store = make_store(tmp_path / "c.sqlite", {"good": good, "bad": bad}, {
        "alice": {"good": [at_(good, "Putin", "ACTOR"), at_(good, "Tokayev", "ACTOR")],
                  "bad": [at_(bad, "Putin", "ACTOR"), at_(bad, "Almaty", "LOCATION")]},
        "bob": {"good": [at_(good, "Putin", "ACTOR")],
                "bad": [at_(bad, "Tokayev", "ACTOR"), at_(bad, "in Almaty", "LOCATION")]},
    })
    session = CurationSession(store, "carla")
    assert session.order == ["bad", "good"]
    assert session.progress().conflicts == 4 and session.progress().documents == 2


def at_(text, phrase, label):
    return span(phrase, label, text)


def test_curation_package_does_not_load_textual_or_rich():
    code = ("import sys, annotator.curation; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_stale_session_decides_on_what_the_store_has_now(tmp_path):
    store = three_annotators(tmp_path / "c.sqlite")
    first, second = CurationSession(store, "ann"), CurationSession(store, "bea")
    tokayev = span("Tokayev", "ACTOR")
    for session in (first, second):
        session._go_to("d1", *_extent(tokayev))
    assert first.take(1).changed  # ann: ACTOR
    assert second.take(3).changed  # bea, who had not seen it: LOCATION replaces it
    assert span("Tokayev", "LOCATION") in store.spans("d1", "gold") and tokayev not in store.spans("d1", "gold")
    assert store.span_provenance("d1", "gold")[span("Tokayev", "LOCATION")] == "curator:bea:followed=carol"


# -- properties -------------------------------------------------------------------------------------------


@st.composite
def layer_spans(draw, length=40):
    """Non-overlapping spans in [0, length)."""
    cuts = sorted(draw(st.sets(st.integers(0, length), max_size=12)))
    spans = []
    for a, b in pairwise(cuts):
        if draw(st.booleans()):
            spans.append(S(a, b, draw(st.sampled_from(["ACTOR", "FIGURE", "LOCATION"]))))
    return spans


@st.composite
def documents(draw):
    names = ["a", "b", "c"][: draw(st.integers(2, 3))]
    layers = {name: draw(layer_spans()) for name in names}
    gold = draw(layer_spans())
    rejected = draw(st.sets(st.sampled_from([s for v in layers.values() for s in v] or [S(0, 1, "ACTOR")]),
                            max_size=3))
    return CurationDocument("d", tuple(names), layers, gold, {s: "rejected" for s in rejected})


@settings(max_examples=200, deadline=None)
@given(documents())
def test_clusters_partition_the_spans(d):
    found = clusters(d)
    for first, second in pairwise(found):
        assert first.end <= second.start  # clusters do not overlap and come in order
    for layer in d.layers:
        assert [s for c in found for s in c.version(layer)] == sorted(d.spans[layer])
    assert [s for c in found for s in c.gold] == sorted(d.gold)
    every = [s for v in d.spans.values() for s in v] + list(d.gold)
    home = {}
    for i, c in enumerate(found):
        for s in [*(s for _, v in c.versions for s in v), *c.gold]:
            home.setdefault(s, set()).add(i)
            assert c.start <= s.start and s.end <= c.end
    for x in every:
        for y in every:
            if x.overlaps(y):
                assert home[x] & home[y]


@settings(max_examples=200, deadline=None)
@given(documents(), st.sampled_from(["unanimous", "majority"]), st.sampled_from([None, 1, 2]))
def test_a_merge_never_overrides_gold_or_a_rejection_and_is_idempotent(d, strategy, min_votes):
    plan = plan_merge(d, strategy, min_votes)
    gold = set(d.gold)
    new_gold = sorted(gold | set(plan.added))
    for x, y in pairwise(new_gold):
        assert not x.overlaps(y)
    assert not set(plan.added) & d.rejected()
    again = plan_merge(d.with_gold(new_gold, d.decisions), strategy, min_votes)
    assert again.added == ()


def test_a_curators_undo_does_not_revert_another_curators_later_change(tmp_path):
    # u used to undo whatever was latest on the document's gold: here dora's Almaty, reported
    # as "Undid take", while carla's own change stayed
    path = tmp_path / "c.sqlite"
    store = three_annotators(path)
    carla = CurationSession(store, "carla")
    assert carla.take(1).changed
    mine = store.spans("d1", "gold")
    other = Store.open(path)
    dora = CurationSession(other, "dora")
    assert dora.take(1).changed
    theirs = store.spans("d1", "gold")
    outcome = carla.undo()
    assert not outcome.changed and "dora's" in outcome.message
    assert store.spans("d1", "gold") == theirs
    assert dora.undo().changed and store.spans("d1", "gold") == mine
    assert carla.undo().changed and store.spans("d1", "gold") == []
    other.close()
