"""compute_agreement: which documents count, the output structure, nulls with reasons, errors."""

import json
import subprocess
import sys

import pytest

from annotator.agreement import AgreementDocument, compute_agreement
from annotator.model import LABELS

TOKENS = [(0, 5), (6, 11), (12, 17), (18, 23)]


def doc(doc_id, statuses, spans=None, tokens=TOKENS, n_chars=23):
    return AgreementDocument(doc_id, tokens, n_chars, statuses, spans or {})


def test_only_done_documents_count_and_missing_is_not_all_o():
    docs = [
        doc("both", {"a": "done", "b": "done"}, {"a": [(0, 5, "ACTOR")], "b": [(0, 5, "ACTOR")]}),
        # b has spans here but has not finished: the document is not compared (never as "all O").
        doc("a-only", {"a": "done", "b": "in_progress"}, {"a": [(6, 11, "FIGURE")], "b": [(0, 5, "ACTOR")]}),
        doc("todo", {}, {"a": [(0, 5, "ACTOR")]}),
        doc("skipped", {"a": "skipped", "b": "skipped"}),
    ]
    result = compute_agreement(docs, ["a", "b"], LABELS).to_json()
    assert result["documents"] == {
        "total": 4,
        "used": 1,
        "excluded": [
            {"id": "a-only", "reason": "done only by a"},
            {"id": "todo", "reason": "not done by any compared layer"},
            {"id": "skipped", "reason": "not done by any compared layer"},
        ],
    }
    pair = result["pairs"][0]
    assert pair["documents"] == 1
    assert pair["spans"]["exact"]["f1"] == 1.0
    assert pair["tokens"]["n"] == 4
    assert pair["tokens"]["cohen_kappa"] == 1.0


def test_a_done_document_without_spans_counts_as_all_o():
    docs = [
        doc("x", {"a": "done", "b": "done"}, {"a": [(0, 5, "ACTOR")], "b": [(0, 5, "ACTOR")]}),
        doc("empty", {"a": "done", "b": "done"}, {"a": [(6, 11, "ACTOR")]}),  # b: done, no spans
    ]
    pair = compute_agreement(docs, ["a", "b"], LABELS).to_json()["pairs"][0]
    assert pair["documents"] == 2
    assert pair["spans"]["exact"] == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": 2 / 3,
        "tp": 1,
        "n_a": 2,
        "n_b": 1,
    }
    assert pair["tokens"]["n"] == 8


def test_each_figure_uses_its_own_documents():
    docs = [
        doc("abc", dict.fromkeys("abc", "done")),
        doc("ab", {"a": "done", "b": "done", "c": "todo"}),
        doc("bc", {"b": "done", "c": "done"}),
        doc("c", {"c": "done"}),
    ]
    result = compute_agreement(docs, ["a", "b", "c"], LABELS).to_json()
    assert [p["documents"] for p in result["pairs"]] == [2, 1, 2]  # a-b, a-c, b-c
    assert result["fleiss_kappa"]["documents"] == 1
    assert result["fleiss_kappa"]["tokens"] == 4
    assert result["krippendorff_alpha"]["documents"] == 3
    assert result["krippendorff_alpha"]["tokens"] == 12
    assert result["documents"]["used"] == 3


def test_machine_and_gold_can_be_compared_when_named():
    d = doc(
        "x", {"machine": "done", "gold": "done"}, {"machine": [(0, 5, "ACTOR")], "gold": [(0, 5, "ACTOR")]}
    )
    result = compute_agreement([d], ["machine", "gold"], LABELS).to_json()
    assert result["pairs"][0]["spans"]["exact"]["f1"] == 1.0


def test_undefined_figures_are_null_with_a_reason_never_zero_or_one():
    # Both layers done, no spans at all: every token is O.
    result = compute_agreement([doc("x", {"a": "done", "b": "done"})], ["a", "b"], LABELS).to_json()
    pair = result["pairs"][0]
    exact = pair["spans"]["exact"]
    assert exact["f1"] is None and exact["f1_reason"] == "neither layer has spans"
    assert exact["precision_reason"] == "b has no spans" and exact["recall_reason"] == "a has no spans"
    assert pair["tokens"]["cohen_kappa"] is None
    assert "chance agreement is 1" in pair["tokens"]["cohen_kappa_reason"]
    assert set(pair["tokens"]["per_label"].values()) == {None}
    assert set(pair["tokens"]["per_label_reasons"]) == set(LABELS)
    assert result["fleiss_kappa"]["value"] is None and "(O)" in result["fleiss_kappa"]["reason"]
    assert result["krippendorff_alpha"]["value"] is None and result["krippendorff_alpha"]["reason"]
    for label in LABELS:
        entry = result["per_label"][label]
        assert entry["fleiss_kappa"] is None and entry["fleiss_kappa_reason"]
        assert entry["krippendorff_alpha"] is None and entry["krippendorff_alpha_reason"]


def test_reason_keys_appear_only_beside_null_values():
    d = doc("x", {"a": "done", "b": "done"}, {"a": [(0, 5, "ACTOR")], "b": [(0, 11, "ACTOR")]})
    result = compute_agreement([d], ["a", "b"], ["ACTOR"]).to_json()
    pair = result["pairs"][0]
    assert "cohen_kappa_reason" not in pair["tokens"]
    assert "per_label_reasons" not in pair["tokens"]
    assert "reason" not in result["fleiss_kappa"]
    assert set(pair["spans"]["exact"]) == {"precision", "recall", "f1", "tp", "n_a", "n_b"}


def test_structure_is_stable_and_json_serialisable():
    docs = [
        doc(f"d{i}", dict.fromkeys("abc", "done"), {"a": [(0, 5, "ACTOR")], "b": [(0, 5, "SOURCE")]})
        for i in range(3)
    ]
    result = compute_agreement(docs, ["a", "b", "c"], LABELS).to_json()
    assert json.loads(json.dumps(result, allow_nan=False)) == result
    assert list(result) == [
        "layers",
        "labels",
        "documents",
        "pairs",
        "fleiss_kappa",
        "krippendorff_alpha",
        "per_label",
        "lowest_documents",
    ]
    pair = result["pairs"][0]
    assert list(pair) == ["a", "b", "documents", "spans", "tokens", "confusion"]
    assert list(pair["spans"]) == ["exact", "overlap", "per_label"]
    assert list(pair["spans"]["per_label"]) == list(LABELS)
    assert list(pair["spans"]["per_label"]["ACTOR"]) == ["exact", "overlap"]
    assert list(pair["tokens"])[:3] == ["n", "cohen_kappa", "per_label"]
    assert list(pair["confusion"]) == ["a", "b", "per_label", "label_pairs"]
    assert list(result["fleiss_kappa"])[:3] == ["value", "documents", "tokens"]
    assert list(result["per_label"]["ACTOR"])[:1] == ["fleiss_kappa"]
    assert result["layers"] == ["a", "b", "c"] and result["labels"] == list(LABELS)


def test_lowest_documents_rank_by_mean_exact_f1_over_pairs():
    same = {"a": [(0, 5, "ACTOR")], "b": [(0, 5, "ACTOR")], "c": [(0, 5, "ACTOR")]}
    docs = [
        doc("perfect", dict.fromkeys("abc", "done"), same),
        # a-b 0, a-c 1, b-c 0 -> 1/3
        doc(
            "split",
            dict.fromkeys("abc", "done"),
            {"a": [(0, 5, "ACTOR")], "b": [(0, 5, "FIGURE")], "c": [(0, 5, "ACTOR")]},
        ),
        # only a-b compared: 0
        doc("worst", {"a": "done", "b": "done"}, {"a": [(0, 5, "ACTOR")]}),
        # nobody labelled anything: no F1 to average, not ranked
        doc("empty", dict.fromkeys("abc", "done")),
    ]
    result = compute_agreement(docs, ["a", "b", "c"], LABELS, lowest=2).to_json()
    assert result["lowest_documents"] == [
        {"id": "worst", "f1": 0.0, "pairs": 1, "spans": {"a": 1, "b": 0}},
        {"id": "split", "f1": pytest.approx(1 / 3), "pairs": 3, "spans": {"a": 1, "b": 1, "c": 1}},
    ]
    everything = compute_agreement(docs, ["a", "b", "c"], LABELS, lowest=10).to_json()["lowest_documents"]
    assert [d["id"] for d in everything] == ["worst", "split", "perfect"]
    assert compute_agreement(docs, ["a", "b", "c"], LABELS, lowest=0).to_json()["lowest_documents"] == []


def test_documents_may_be_any_iterable():
    docs = (doc(f"d{i}", {"a": "done", "b": "done"}) for i in range(3))
    assert compute_agreement(docs, ["a", "b"], LABELS).to_json()["documents"]["total"] == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"layers": ["a", "a"]}, "named more than once"),
        ({"labels": ["ACTOR", "ACTOR"]}, "named more than once"),
        ({"labels": ["O"]}, "outside category"),
        ({"layers": [""]}, "non-empty"),
    ],
)
def test_bad_arguments_are_rejected(kwargs, message):
    args = {"documents": [], "layers": ["a", "b"], "labels": list(LABELS), **kwargs}
    with pytest.raises(ValueError, match=message):
        compute_agreement(**args)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (doc("x", {"a": "done", "b": "done"}, {"a": [(20, 30, "ACTOR")]}), "'x', layer 'a': span"),
        (doc("x", {"a": "done", "b": "done"}, {"b": [(5, 5, "ACTOR")]}), "is empty"),
        (doc("x", {"a": "done", "b": "done"}, {"b": [(5, 6)]}), "triples"),
        (doc("x", {"a": "done", "b": "done"}, {"b": [(1.0, 6.0, "ACTOR")]}), "integers"),
        (doc("x", {"a": "done", "b": "done"}, tokens=[(0, 5), (3, 8)]), "token 1"),
        (doc("x", {"a": "done", "b": "done"}, tokens=[(0, 30)]), "token 0"),
        (doc("x", {"a": "done", "b": "done"}, tokens=[(0, 2.5)]), "integers"),
        (doc("x", {"a": "done", "b": "done"}, tokens=[(0, 2, 3)]), "pairs"),
    ],
)
def test_invalid_tokens_and_spans_are_reported(document, message):
    with pytest.raises(ValueError, match=message):
        compute_agreement([document], ["a", "b"], LABELS)


def test_duplicate_document_ids_and_bad_statuses_are_rejected():
    with pytest.raises(ValueError, match="more than once"):
        compute_agreement([doc("x", {}), doc("x", {})], ["a", "b"], LABELS)
    with pytest.raises(ValueError, match="unknown status"):
        doc("x", {"a": "finished"})


def test_invalid_spans_of_unused_documents_do_not_matter():
    # A layer that has not finished may hold anything; it is not read.
    d = doc("x", {"a": "done", "b": "todo"}, {"b": [(50, 60, "ACTOR")]})
    assert compute_agreement([d], ["a", "b"], LABELS).to_json()["documents"]["used"] == 0


def test_the_agreement_package_imports_no_ui_library_nor_reference_implementation():
    code = (
        "import sys, annotator.agreement, annotator.agreement.markdown;"
        "bad = [m for m in ('textual', 'rich', 'sklearn', 'statsmodels', 'krippendorff', 'scipy')"
        " if m in sys.modules]; print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
