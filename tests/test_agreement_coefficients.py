"""The agreement coefficients equal the reference libraries' on the same token labels.

The references (scikit-learn, statsmodels, krippendorff) are test-only dependencies. Token
labels are rebuilt here from the spec with a deliberately naive loop, independent of the
vectorised implementation, and fed to the libraries; every figure must match to 1e-9, and an
undefined figure (None) must be exactly where a library gives NaN or refuses the input.
"""

import math
import warnings
from collections.abc import Sequence
from itertools import combinations

import krippendorff
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from annotator.agreement import AgreementDocument, compute_agreement
from annotator.agreement.coefficients import cohen_kappa, fleiss_kappa, krippendorff_alpha
from annotator.model import LABELS, STATUSES

TOLERANCE = 1e-9


# --- the reference libraries, with "undefined" normalised to None ---------------------------------


def ref_cohen(y1: Sequence[object], y2: Sequence[object]) -> float | None:
    if len(y1) == 0:
        return None
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        value = cohen_kappa_score(list(y1), list(y2))
    return None if math.isnan(value) else float(value)


def ref_fleiss(ratings: np.ndarray) -> float | None:
    """``ratings``: subjects x raters of category codes."""
    if ratings.shape[0] == 0 or ratings.shape[1] < 2:
        return None
    table, _ = aggregate_raters(ratings)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        value = sm_fleiss_kappa(table, method="fleiss")
    return None if not math.isfinite(value) else float(value)


def ref_alpha(reliability: np.ndarray) -> float | None:
    """``reliability``: raters x units of category codes, NaN where missing."""
    if reliability.size == 0:
        return None
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            value = krippendorff.alpha(reliability_data=reliability, level_of_measurement="nominal")
    except ValueError:  # "more than one value in the domain", "at least one unit with two coders"
        return None
    return None if not math.isfinite(value) else float(value)


def assert_same(ours: float | None, reference: float | None, what: str) -> None:
    if reference is None:
        assert ours is None, f"{what}: we give {ours}, the reference library finds it undefined"
    else:
        assert ours is not None, f"{what}: we give None, the reference library gives {reference}"
        assert abs(ours - reference) <= TOLERANCE, f"{what}: {ours} != {reference}"


# --- the coefficient functions on count tables ---------------------------------------------------

CATS = ("A", "B", "C", "O")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=60))
def test_cohen_kappa_matches_scikit_learn(pairs):
    matrix = np.zeros((4, 4), dtype=np.int64)
    for x, y in pairs:
        matrix[x, y] += 1
    ours = cohen_kappa(matrix, CATS)
    assert_same(ours.value, ref_cohen([x for x, _ in pairs], [y for _, y in pairs]), "cohen")
    if ours.value is None:
        assert ours.reason


@settings(max_examples=200, deadline=None)
@given(
    st.integers(2, 5).flatmap(
        lambda m: st.lists(st.lists(st.integers(0, 3), min_size=m, max_size=m), max_size=40)
    )
)
def test_fleiss_kappa_matches_statsmodels(rows):
    ratings = np.array(rows, dtype=np.int64).reshape(len(rows), -1 if rows else 2)
    table = np.zeros((ratings.shape[0], 4), dtype=np.int64)
    for i, row in enumerate(ratings):
        for value in row:
            table[i, value] += 1
    ours = fleiss_kappa(table, CATS)
    assert_same(ours.value, ref_fleiss(ratings), "fleiss")


@settings(max_examples=200, deadline=None)
@given(
    st.integers(2, 5).flatmap(
        lambda m: st.lists(
            st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=m, max_size=m), max_size=40
        )
    )
)
def test_krippendorff_alpha_matches_the_krippendorff_package(units):
    raters = len(units[0]) if units else 2
    reliability = np.array(
        [[np.nan if u[r] is None else u[r] for u in units] for r in range(raters)], dtype=float
    ).reshape(raters, len(units))
    table = np.zeros((len(units), 4), dtype=np.int64)
    for i, unit in enumerate(units):
        for value in unit:
            if value is not None:
                table[i, value] += 1
    ours = krippendorff_alpha(table, CATS)
    assert_same(ours.value, ref_alpha(reliability), "alpha")


def test_known_values():
    # Krippendorff's own worked example (the package's docstring): 0.691358...
    data = [
        [None, None, None, None, None, 3, 4, 1, 2, 1, 1, 3, 3, None, 3],
        [1, None, 2, 1, 3, 3, 4, 3, None, None, None, None, None, None, None],
        [None, None, 2, 1, 3, 4, 4, None, 2, 1, 1, 3, 3, None, 4],
    ]
    table = np.zeros((15, 5), dtype=np.int64)
    for row in data:
        for unit, value in enumerate(row):
            if value is not None:
                table[unit, value] += 1
    assert krippendorff_alpha(table, ("0", "1", "2", "3", "4")).value == pytest.approx(0.691358, abs=1e-6)
    # Cohen: 20 agree-yes, 15 agree-no, 5 + 10 disagreements -> 0.4 (Wikipedia's example).
    assert cohen_kappa(np.array([[20, 5], [10, 15]]), ("yes", "no")).value == pytest.approx(0.4)


def test_degenerate_tables_are_undefined_with_reasons():
    assert cohen_kappa(np.zeros((2, 2)), ("x", "O")).reason == "no tokens to compare"
    single = cohen_kappa(np.array([[0, 0], [0, 7]]), ("x", "O"))
    assert single.value is None and "(O)" in single.reason
    assert fleiss_kappa(np.array([[3, 0], [3, 0]]), ("x", "O")).value is None
    assert fleiss_kappa(np.zeros((0, 2)), ("x", "O")).value is None
    assert krippendorff_alpha(np.array([[1, 0], [0, 1]]), ("x", "O")).reason == (
        "no token was labelled by at least two layers"
    )
    assert krippendorff_alpha(np.array([[2, 0], [0, 1]]), ("x", "O")).value is None
    with pytest.raises(ValueError):
        fleiss_kappa(np.array([[2, 0], [1, 0]]), ("x", "O"))


# --- compute_agreement against the libraries, token labels rebuilt naively ------------------------


def naive_token_labels(doc: AgreementDocument, layer: str, labels: Sequence[str]) -> list[str] | None:
    """The spec, literally: most shared characters, ties to the span that starts first, else O."""
    if doc.statuses.get(layer) != "done":
        return None
    spans = [s for s in doc.spans.get(layer, []) if s[2] in labels]
    out = []
    for ts, te in doc.tokens:
        best = None
        for start, end, label in spans:
            shared = min(te, end) - max(ts, start)
            if shared <= 0:
                continue
            key = (-shared, start, end, labels.index(label))
            if best is None or key < best[0]:
                best = (key, label)
        out.append("O" if best is None else best[1])
    return out


def check_against_libraries(documents: list[AgreementDocument], layers: list[str], labels: list[str]) -> dict:
    result = compute_agreement(documents, layers, labels).to_json()
    categories = [*labels, "O"]
    code = {c: i for i, c in enumerate(categories)}
    per_doc = {d.doc_id: {layer: naive_token_labels(d, layer, labels) for layer in layers} for d in documents}

    for pair in result["pairs"]:
        a, b = pair["a"], pair["b"]
        y1: list[str] = []
        y2: list[str] = []
        for d in documents:
            la, lb = per_doc[d.doc_id][a], per_doc[d.doc_id][b]
            if la is not None and lb is not None:
                y1 += la
                y2 += lb
        assert pair["tokens"]["n"] == len(y1)
        assert_same(pair["tokens"]["cohen_kappa"], ref_cohen(y1, y2), f"cohen {a}/{b}")
        for label in labels:
            assert_same(
                pair["tokens"]["per_label"][label],
                ref_cohen([y == label for y in y1], [y == label for y in y2]),
                f"cohen {a}/{b} {label}",
            )

    # Fleiss: documents every compared layer has done.
    rows = []
    for d in documents:
        labelled = [per_doc[d.doc_id][layer] for layer in layers]
        if len(layers) >= 2 and all(x is not None for x in labelled):
            rows += [[code[x[t]] for x in labelled] for t in range(len(d.tokens))]
    ratings = np.array(rows, dtype=np.int64).reshape(len(rows), len(layers))
    assert_same(result["fleiss_kappa"]["value"], ref_fleiss(ratings), "fleiss")
    for k, label in enumerate(labels):
        assert_same(
            result["per_label"][label]["fleiss_kappa"],
            ref_fleiss((ratings == k).astype(np.int64)),
            f"fleiss {label}",
        )

    # Krippendorff: documents at least two layers have done, other layers missing.
    columns = []
    for d in documents:
        labelled = [per_doc[d.doc_id][layer] for layer in layers]
        if sum(x is not None for x in labelled) >= 2:
            for t in range(len(d.tokens)):
                columns.append([np.nan if x is None else code[x[t]] for x in labelled])
    reliability = np.array(columns, dtype=float).reshape(len(columns), len(layers)).T
    assert result["krippendorff_alpha"]["tokens"] == len(columns)
    assert_same(
        result["krippendorff_alpha"]["value"], ref_alpha(reliability) if len(layers) >= 2 else None, "alpha"
    )
    for k, label in enumerate(labels):
        binary = np.where(np.isnan(reliability), np.nan, (reliability == k).astype(float))
        assert_same(
            result["per_label"][label]["krippendorff_alpha"],
            ref_alpha(binary) if len(layers) >= 2 else None,
            f"alpha {label}",
        )
    return result


@st.composite
def corpora(draw, max_documents: int = 6):
    layers = draw(
        st.lists(st.sampled_from(["ann", "bob", "cyd", "dee"]), min_size=1, max_size=4, unique=True)
    )
    labels = draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=4, unique=True))
    span_labels = (
        st.sampled_from([*labels, "IGNORED"]) if draw(st.booleans()) else st.sampled_from(labels[:1])
    )
    documents = []
    for n in range(draw(st.integers(0, max_documents))):
        tokens = []
        position = draw(st.integers(0, 2))
        for _ in range(draw(st.integers(0, 14))):
            length = draw(st.integers(1, 5))
            tokens.append((position, position + length))
            position += length + draw(st.integers(0, 2))
        n_chars = position + draw(st.integers(0, 2))
        statuses = {}
        spans = {}
        for layer in layers:
            status = draw(st.sampled_from([*STATUSES, *["done"] * 8, None]))
            if status is not None:
                statuses[layer] = status
            if n_chars and draw(st.integers(0, 4)):
                layer_spans = []
                for _ in range(draw(st.integers(0, 5))):
                    start = draw(st.integers(0, n_chars - 1))
                    end = draw(st.integers(start + 1, min(n_chars, start + 8)))
                    layer_spans.append((start, end, draw(span_labels)))
                spans[layer] = layer_spans
        documents.append(AgreementDocument(f"d{n}", tokens, n_chars, statuses, spans))
    return documents, layers, labels


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora())
def test_random_corpora_match_the_reference_libraries(corpus):
    documents, layers, labels = corpus
    check_against_libraries(documents, layers, labels)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.data())
def test_agreeing_annotators_match_the_reference_libraries(data):
    """Mostly-agreeing layers (the realistic case): copies of one span list with a few edits."""
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    layers = ["ann", "bob", "cyd"]
    documents = []
    for n in range(8):
        tokens = [(5 * t, 5 * t + 4) for t in range(30)]
        reference = [
            (5 * t, 5 * t + 4 + 5 * int(rng.integers(0, 2)), LABELS[int(rng.integers(0, 4))])
            for t in range(0, 30, 4)
        ]
        statuses, spans = {}, {}
        for layer in layers:
            statuses[layer] = "done" if rng.random() < 0.85 else "in_progress"
            own = []
            for start, end, label in reference:
                r = rng.random()
                if r < 0.8:
                    own.append((start, end, label))
                elif r < 0.9:
                    own.append((start + 1, end, label))
                elif r < 0.95:
                    own.append((start, end, LABELS[(LABELS.index(label) + 1) % 4]))
            spans[layer] = own
        documents.append(AgreementDocument(f"d{n}", tokens, 150, statuses, spans))
    result = check_against_libraries(documents, layers, list(LABELS))
    assert result["documents"]["used"] >= 0


@pytest.mark.parametrize(
    "statuses",
    [
        {"ann": "done", "bob": "done"},
        {"ann": "done"},
        {},
        {"ann": "done", "bob": "skipped", "cyd": "done"},
    ],
)
def test_degenerate_corpora_match_the_reference_libraries(statuses):
    # Nothing but O: every coefficient is undefined (single category), as in the libraries.
    documents = [AgreementDocument("d", [(0, 3), (4, 6)], 6, statuses, {})]
    result = check_against_libraries(documents, ["ann", "bob", "cyd"], list(LABELS))
    assert result["fleiss_kappa"]["value"] is None and result["fleiss_kappa"]["reason"]
    assert result["krippendorff_alpha"]["value"] is None and result["krippendorff_alpha"]["reason"]


def test_one_layer_and_no_documents_are_undefined():
    documents = [AgreementDocument("d", [(0, 3)], 3, {"ann": "done"}, {"ann": [(0, 3, "ACTOR")]})]
    result = compute_agreement(documents, ["ann"], LABELS).to_json()
    assert result["pairs"] == []
    assert result["fleiss_kappa"] == {
        "value": None,
        "documents": 0,
        "tokens": 0,
        "reason": "fewer than two layers compared",
    }
    assert result["krippendorff_alpha"]["reason"] == "fewer than two layers compared"
    empty = compute_agreement([], ["ann", "bob"], LABELS).to_json()
    assert empty["pairs"][0]["tokens"]["cohen_kappa"] is None
    assert empty["pairs"][0]["tokens"]["cohen_kappa_reason"] == "no document done by both layers"
    assert empty["krippendorff_alpha"]["reason"] == "no document done by at least two layers"


def test_pairs_cover_every_combination_in_order():
    documents = [AgreementDocument("d", [(0, 1)], 1, dict.fromkeys("wxyz", "done"), {})]
    result = compute_agreement(documents, ["w", "x", "y", "z"], LABELS).to_json()
    assert [(p["a"], p["b"]) for p in result["pairs"]] == list(combinations("wxyz", 2))
