"""Span comparison and token labelling: exact and overlap matching, confusion, the token rule."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from annotator.agreement import AgreementDocument, compute_agreement
from annotator.agreement.corpus import SpanSet, token_labels
from annotator.agreement.spans import maximum_matching, overlapping_pairs
from annotator.model import LABELS


def two_layers(a_spans, b_spans, tokens=None, n_chars=100):
    tokens = tokens if tokens is not None else [(i, i + 1) for i in range(n_chars)]
    doc = AgreementDocument("d", tokens, n_chars, {"a": "done", "b": "done"}, {"a": a_spans, "b": b_spans})
    return compute_agreement([doc], ["a", "b"], LABELS).to_json()


def test_exact_and_overlap_precision_recall_f1():
    a = [(0, 5, "ACTOR"), (10, 15, "LOCATION"), (20, 25, "FIGURE"), (40, 42, "SOURCE")]
    b = [(0, 5, "ACTOR"), (11, 15, "LOCATION"), (20, 25, "ACTOR")]
    spans = two_layers(a, b)["pairs"][0]["spans"]
    assert spans["exact"] == {"precision": 1 / 3, "recall": 1 / 4, "f1": 2 / 7, "tp": 1, "n_a": 4, "n_b": 3}
    assert spans["overlap"] == {"precision": 2 / 3, "recall": 2 / 4, "f1": 4 / 7, "tp": 2, "n_a": 4, "n_b": 3}
    per_label = spans["per_label"]
    assert per_label["LOCATION"]["exact"]["f1"] == 0.0
    assert per_label["LOCATION"]["overlap"]["f1"] == 1.0
    assert per_label["SOURCE"]["exact"]["precision"] is None
    assert per_label["SOURCE"]["exact"]["precision_reason"] == "b has no SOURCE spans"
    assert per_label["SOURCE"]["exact"]["recall"] == 0.0
    assert per_label["FIGURE"]["overlap"]["recall"] == 0.0


def test_overlap_matching_is_one_to_one_and_maximum():
    # One long span of A overlaps two of B: it can match only one of them.
    spans = two_layers([(0, 10, "ACTOR")], [(0, 4, "ACTOR"), (6, 10, "ACTOR")])["pairs"][0]["spans"]
    assert spans["overlap"]["tp"] == 1
    # Taking the first overlapping span greedily would pair a1 with b1 and leave a2 alone; the
    # maximum matching pairs a1-b2 and a2-b1. (Overlapping spans within a layer are allowed in
    # the input, e.g. for the machine layer.)
    a = [(0, 10, "ACTOR"), (1, 2, "ACTOR")]
    b = [(0, 2, "ACTOR"), (8, 9, "ACTOR")]
    assert two_layers(a, b)["pairs"][0]["spans"]["overlap"]["tp"] == 2


def test_labels_outside_the_compared_set_are_ignored():
    doc = AgreementDocument(
        "d", [(0, 3)], 3, {"a": "done", "b": "done"}, {"a": [(0, 3, "ACTOR"), (0, 3, "OTHER")], "b": []}
    )
    result = compute_agreement([doc], ["a", "b"], ["ACTOR"]).to_json()
    assert result["pairs"][0]["spans"]["exact"]["n_a"] == 1


def test_duplicate_identical_spans_count_once():
    spans = two_layers([(0, 3, "ACTOR"), (0, 3, "ACTOR")], [(0, 3, "ACTOR")])["pairs"][0]["spans"]
    assert spans["exact"]["n_a"] == 1 and spans["exact"]["f1"] == 1.0


def test_confusion_separates_boundary_label_and_miss():
    a = [(0, 5, "ACTOR"), (10, 15, "LOCATION"), (20, 25, "FIGURE"), (40, 42, "SOURCE")]
    b = [(0, 5, "ACTOR"), (11, 15, "LOCATION"), (20, 25, "ACTOR"), (60, 62, "ACTOR")]
    confusion = two_layers(a, b)["pairs"][0]["confusion"]
    assert confusion["a"] == {"exact": 1, "boundary": 1, "label": 1, "miss": 1}
    assert confusion["b"] == {"exact": 1, "boundary": 1, "label": 1, "miss": 1}
    assert confusion["label_pairs"] == [{"a_label": "FIGURE", "b_label": "ACTOR", "count": 1}]
    assert confusion["per_label"]["SOURCE"]["a"]["miss"] == 1
    assert confusion["per_label"]["ACTOR"]["b"] == {"exact": 1, "boundary": 0, "label": 1, "miss": 1}


def test_confusion_prefers_the_same_label_over_another_label():
    # A's span overlaps B's ACTOR (other boundaries) and B's FIGURE: it is a boundary disagreement.
    confusion = two_layers([(0, 10, "ACTOR")], [(0, 4, "ACTOR"), (5, 10, "FIGURE")])["pairs"][0]["confusion"]
    assert confusion["a"] == {"exact": 0, "boundary": 1, "label": 0, "miss": 0}
    assert confusion["b"] == {"exact": 0, "boundary": 1, "label": 1, "miss": 0}


def test_spans_never_match_across_documents():
    docs = [
        AgreementDocument("x", [(0, 3)], 3, {"a": "done", "b": "done"}, {"a": [(0, 3, "ACTOR")]}),
        AgreementDocument("y", [(0, 3)], 3, {"a": "done", "b": "done"}, {"b": [(0, 3, "ACTOR")]}),
    ]
    pair = compute_agreement(docs, ["a", "b"], LABELS).to_json()["pairs"][0]
    assert pair["spans"]["overlap"]["tp"] == 0
    assert pair["confusion"]["a"]["miss"] == 1


# --- the token rule -------------------------------------------------------------------------------


def test_token_takes_the_span_sharing_most_characters_ties_to_the_first():
    starts = np.array([0, 10, 20])
    ends = np.array([8, 16, 26])
    spans = SpanSet(
        doc=np.zeros(4, dtype=np.int64),
        start=np.array([2, 5, 12, 23]),
        end=np.array([5, 8, 16, 24]),
        label=np.array([0, 1, 2, 3]),
    )
    base = np.full(3, 4, dtype=np.int8)
    # token 0 [0,8): [2,5) shares 3, [5,8) shares 3 -> tie, the first (label 0) wins.
    # token 1 [10,16): only [12,16) -> label 2.  token 2 [20,26): [23,24) -> label 3.
    assert token_labels(starts, ends, spans, base).tolist() == [0, 2, 3]
    spans = SpanSet(np.zeros(2, dtype=np.int64), np.array([0, 3]), np.array([3, 8]), np.array([0, 1]))
    assert token_labels(starts, ends, spans, base).tolist() == [1, 4, 4]  # 5 characters beat 3


def test_spans_need_not_align_with_tokens():
    # "Astana-based" is tokenized Astana / - / based. A span over "Astana-b" ends inside "based",
    # which still shares a character with it and no other span: all three tokens are LOCATION.
    tokens = [(0, 6), (6, 7), (7, 12)]
    doc = AgreementDocument(
        "d", tokens, 12, {"a": "done", "b": "done"}, {"a": [(0, 8, "LOCATION")], "b": [(0, 6, "LOCATION")]}
    )
    result = compute_agreement([doc], ["a", "b"], LABELS).to_json()
    # a: L L L, b: L O O -> observed agreement 1/3 = chance agreement (1*3 + 0*2) / 9: kappa 0.
    assert result["pairs"][0]["tokens"]["n"] == 3
    assert result["pairs"][0]["tokens"]["cohen_kappa"] == 0.0


# --- the building blocks against brute force ------------------------------------------------------

intervals = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8)), max_size=12).map(
    lambda xs: sorted({(s, s + n) for s, n in xs})
)


def span_set(ranges):
    return SpanSet(
        doc=np.zeros(len(ranges), dtype=np.int64),
        start=np.array([s for s, _ in ranges], dtype=np.int64),
        end=np.array([e for _, e in ranges], dtype=np.int64),
        label=np.zeros(len(ranges), dtype=np.int64),
    )


@settings(max_examples=300, deadline=None)
@given(intervals, intervals)
def test_overlapping_pairs_and_matching_match_brute_force(a, b):
    ia, ib = overlapping_pairs(span_set(a), span_set(b))
    found = set(zip(ia.tolist(), ib.tolist(), strict=True))
    expected = {(i, j) for i, x in enumerate(a) for j, y in enumerate(b) if x[0] < y[1] and y[0] < x[1]}
    assert found == expected
    matched = maximum_matching(ia, ib, len(a))
    if expected:
        weights = np.zeros((len(a), len(b)))
        for i, j in expected:
            weights[i, j] = 1
        rows, cols = linear_sum_assignment(weights, maximize=True)
        best = int(weights[rows, cols].sum())
    else:
        best = 0
    assert int(matched.sum()) == best
