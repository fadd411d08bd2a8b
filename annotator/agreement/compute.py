"""``compute_agreement``: every agreement figure for a set of layers, as an
:class:`~annotator.agreement.results.AgreementResult` (``to_json()`` gives the JSON).

See docs/agreement.md for the definitions and the exact output structure. In short:

* a document counts for a layer only where the layer's status is ``done``;
* spans are compared per pair of layers, pooled over the documents both have done
  (exact and overlap precision/recall/F1, overall and per label, plus a confusion summary);
* tokens take the label of the span sharing most characters with them (else O), and Cohen's
  kappa (per pair), Fleiss' kappa (documents every layer has done) and Krippendorff's alpha
  (documents at least two layers have done) are computed on those token labels, overall and
  per label (binary: that label against everything else);
* an undefined figure is a :class:`~annotator.agreement.figures.Figure` of None with the reason
  (in the JSON, null with a sibling ``*_reason`` key), never a silent 0 or 1.
"""

from collections.abc import Iterable, Sequence
from itertools import combinations

import numpy as np

from annotator.agreement.coefficients import AlphaGroup, alpha_from_groups, cohen_kappa, fleiss_from_sums
from annotator.agreement.corpus import Corpus, build_corpus
from annotator.agreement.document import AgreementDocument
from annotator.agreement.figures import PRF, Figure, Modes, prf
from annotator.agreement.results import (
    AgreementResult,
    Categories,
    CorpusFigure,
    DocumentCounts,
    Exclusion,
    LabelCoefficients,
    LabelPair,
    LowDocument,
    PairConfusion,
    PairResult,
    PairSpans,
    PairTokens,
)
from annotator.agreement.spans import CATEGORY_NAMES, SpanComparison, compare_spans
from annotator.model import InputError, Status, quoted

#: The category of a token no span covers.
OUTSIDE = "O"
#: Labels are stored as int8 token labels, next to O and the "missing" marker.
MAX_LABELS = 100


def _names(values: Sequence[str], what: str) -> list[str]:
    names = list(values)
    for name in names:
        if not isinstance(name, str) or not name:
            raise InputError(f"{what} names must be non-empty strings, got {quoted(name)}")
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InputError(f"{what}s named more than once: {', '.join(duplicates)}")
    return names


def _binary_confusion(matrix: np.ndarray, c: int) -> np.ndarray:
    """The 2x2 confusion matrix of "category c" against "anything else"."""
    n = int(matrix.sum())
    both = int(matrix[c, c])
    row = int(matrix[c, :].sum())
    col = int(matrix[:, c].sum())
    return np.array([[both, row - both], [col - both, n - row - col + both]], dtype=np.int64)


def _categories(counts: np.ndarray) -> Categories:
    return Categories(*(int(counts[i]) for i in range(len(CATEGORY_NAMES))))


def _confusion(cmp: SpanComparison, labels: Sequence[str]) -> PairConfusion:
    label_pairs = [
        LabelPair(labels[x], labels[y], int(cmp.label_pairs[x, y]))
        for x in range(len(labels))
        for y in range(len(labels))
        if cmp.label_pairs[x, y]
    ]
    label_pairs.sort(key=lambda row: -row.count)  # stable: ties keep label order
    return PairConfusion(
        a=_categories(cmp.categories_a.sum(axis=0)),
        b=_categories(cmp.categories_b.sum(axis=0)),
        per_label={
            label: (_categories(cmp.categories_a[i]), _categories(cmp.categories_b[i]))
            for i, label in enumerate(labels)
        },
        label_pairs=label_pairs,
    )


def _pair(
    corpus: Corpus, i: int, j: int, layers: Sequence[str], labels: Sequence[str], categories: Sequence[str]
) -> tuple[PairResult, SpanComparison, np.ndarray]:
    """All figures for the pair (layers[i], layers[j]); also the comparison and shared-doc mask."""
    a, b = layers[i], layers[j]
    shared_docs = corpus.done[:, i] & corpus.done[:, j]
    n_docs = int(shared_docs.sum())
    n_cat = len(categories)

    cmp = compare_spans(
        corpus.spans[i].restricted_to(shared_docs),
        corpus.spans[j].restricted_to(shared_docs),
        len(labels),
        corpus.n_documents,
    )
    shared = n_docs > 0

    def scores(tp: np.ndarray, n_a: np.ndarray, n_b: np.ndarray, what: str = "") -> PRF:
        return prf(int(tp.sum()), int(n_a.sum()), int(n_b.sum()), reference=a, other=b, what=what, shared=shared)

    spans = PairSpans(
        exact=scores(cmp.exact_tp, cmp.n_a, cmp.n_b),
        overlap=scores(cmp.overlap_tp, cmp.n_a, cmp.n_b),
        per_label={
            label: Modes(
                scores(cmp.exact_tp[k], cmp.n_a[k], cmp.n_b[k], f"{label} "),
                scores(cmp.overlap_tp[k], cmp.n_a[k], cmp.n_b[k], f"{label} "),
            )
            for k, label in enumerate(labels)
        },
    )

    la, lb = corpus.token_labels[i], corpus.token_labels[j]
    if n_docs < corpus.n_documents:
        tokens_shared = shared_docs[corpus.token_doc]
        la, lb = la[tokens_shared], lb[tokens_shared]
    codes = la.astype(np.intp) * n_cat + lb.astype(np.intp)
    matrix = np.bincount(codes, minlength=n_cat * n_cat).reshape(n_cat, n_cat)
    nothing = Figure(None, "no document done by both layers")
    tokens = PairTokens(
        n=int(la.shape[0]),
        cohen_kappa=cohen_kappa(matrix, categories) if shared else nothing,
        per_label={
            label: cohen_kappa(_binary_confusion(matrix, k), (label, f"not {label}")) if shared else nothing
            for k, label in enumerate(labels)
        },
    )
    result = PairResult(a, b, n_docs, spans, tokens, _confusion(cmp, labels))
    return result, cmp, shared_docs


def _multi_rater(
    corpus: Corpus, layers: Sequence[str], labels: Sequence[str], categories: Sequence[str]
) -> tuple[CorpusFigure, CorpusFigure, dict[str, LabelCoefficients]]:
    """Fleiss' kappa and Krippendorff's alpha, overall and per label, from per-group sums.

    Units are tokens; a token's number of values m is the number of layers that have done its
    document (2..L here). For each m we need, per category, the number of values and the sum of
    squared per-token counts; bincount with weights collects both in one pass per category.
    """
    n_layers = len(layers)
    n_cat = len(categories)
    values_per_doc = corpus.done.sum(axis=1)
    m_tok = values_per_doc[corpus.token_doc]
    size = np.bincount(m_tok, minlength=n_layers + 1)
    col = np.zeros((n_layers + 1, n_cat), dtype=np.int64)
    sq = np.zeros((n_layers + 1, n_cat), dtype=np.int64)
    for c in range(n_cat):
        count = np.zeros(corpus.n_tokens, dtype=np.int16)
        for labels_k in corpus.token_labels:
            count += labels_k == c
        weights = count.astype(np.float64)
        col[:, c] = np.rint(np.bincount(m_tok, weights=weights, minlength=n_layers + 1)).astype(np.int64)
        sq[:, c] = np.rint(np.bincount(m_tok, weights=weights * weights, minlength=n_layers + 1)).astype(
            np.int64
        )

    fleiss_docs = int((values_per_doc == n_layers).sum()) if n_layers >= 2 else 0
    fleiss_tokens = int(size[n_layers]) if n_layers >= 2 else 0
    alpha_docs = corpus.n_documents
    alpha_tokens = corpus.n_tokens

    def fleiss(cols: Sequence[int], square: int, names: Sequence[str]) -> Figure:
        if n_layers < 2:
            return Figure(None, "fewer than two layers compared")
        if fleiss_docs == 0:
            return Figure(None, f"no document done by all {n_layers} layers")
        return fleiss_from_sums(fleiss_tokens, n_layers, cols, square, names)

    def alpha(groups: list[AlphaGroup], names: Sequence[str]) -> Figure:
        if n_layers < 2:
            return Figure(None, "fewer than two layers compared")
        if alpha_docs == 0:
            return Figure(None, "no document done by at least two layers")
        return alpha_from_groups(groups, names)

    overall = fleiss(col[n_layers].tolist(), int(sq[n_layers].sum()), categories)
    fleiss_figure = CorpusFigure(overall, fleiss_docs, fleiss_tokens)
    groups = [
        AlphaGroup(m, int(size[m]), col[m].tolist(), int(sq[m].sum()))
        for m in range(2, n_layers + 1)
        if size[m]
    ]
    alpha_figure = CorpusFigure(alpha(groups, categories), alpha_docs, alpha_tokens)

    per_label: dict[str, LabelCoefficients] = {}
    for k, label in enumerate(labels):
        names = (label, f"not {label}")

        def binary(m: int, k: int = k) -> tuple[list[int], int]:
            n_m, col_k, sq_k = int(size[m]), int(col[m, k]), int(sq[m, k])
            return [col_k, m * n_m - col_k], 2 * sq_k - 2 * m * col_k + n_m * m * m

        label_groups = [AlphaGroup(g.values, g.units, *binary(g.values)) for g in groups]
        per_label[label] = LabelCoefficients(fleiss(*binary(n_layers), names), alpha(label_groups, names))
    return fleiss_figure, alpha_figure, per_label


def _exclusion_reason(done: Sequence[bool], layers: Sequence[str]) -> str:
    if len(layers) < 2:
        return "fewer than two layers compared"
    finished = [layer for layer, flag in zip(layers, done, strict=True) if flag]
    if not finished:
        return "not done by any compared layer"
    return f"done only by {finished[0]}"


def _lowest(
    corpus: Corpus, f1_sum: np.ndarray, f1_count: np.ndarray, layers: Sequence[str], limit: int
) -> list[LowDocument]:
    """The ``limit`` documents with the lowest mean per-document exact F1 (ties: by id)."""
    ranked = np.flatnonzero(f1_count > 0)
    if limit <= 0 or ranked.shape[0] == 0:
        return []
    mean = f1_sum[ranked] / f1_count[ranked]
    cut = np.sort(mean)[min(limit, mean.shape[0]) - 1]
    candidates = [(float(mean[n]), corpus.ids[d], d) for n, d in enumerate(ranked.tolist()) if mean[n] <= cut]
    candidates.sort(key=lambda row: (row[0], row[1]))
    span_counts = [np.bincount(s.doc, minlength=corpus.n_documents) for s in corpus.spans]
    out = []
    for value, doc_id, d in candidates[:limit]:
        spans = {layer: int(span_counts[k][d]) for k, layer in enumerate(layers) if corpus.done[d, k]}
        out.append(LowDocument(doc_id, value, int(f1_count[d]), spans))
    return out


def compute_agreement(
    documents: Iterable[AgreementDocument],
    layers: Sequence[str],
    labels: Sequence[str],
    *,
    lowest: int = 10,
) -> AgreementResult:
    """Every agreement figure for ``layers`` over ``documents`` (``.to_json()`` gives the JSON).

    ``layers`` are compared in the given order (pairs are (a, b) with a before b); the caller
    resolves the default (every human layer). ``labels`` are the span labels compared: spans
    with any other label are ignored. ``lowest`` is how many low-agreement documents to list.

    Raises ValueError on duplicate layer, label or document names, a label called ``O``, or a
    token or span of a used document that is empty or outside the document.
    """
    layers = _names(layers, "layer")
    labels = _names(labels, "label")
    if OUTSIDE in labels:
        raise ValueError(f"{OUTSIDE!r} is the outside category and cannot be a label")
    if len(labels) > MAX_LABELS:
        raise ValueError(f"at most {MAX_LABELS} labels can be compared")
    categories = [*labels, OUTSIDE]
    label_index = {label: k for k, label in enumerate(labels)}

    total = 0
    seen: set[str] = set()
    excluded: list[Exclusion] = []
    used: list[AgreementDocument] = []
    done_rows: list[tuple[bool, ...]] = []
    for document in documents:
        total += 1
        if document.doc_id in seen:
            raise ValueError(f"document {quoted(document.doc_id)} given more than once")
        seen.add(document.doc_id)
        statuses = document.statuses
        done = tuple(statuses.get(layer) == Status.DONE for layer in layers)
        if len(layers) >= 2 and sum(done) >= 2:
            used.append(document)
            done_rows.append(done)
        else:
            excluded.append(Exclusion(document.doc_id, _exclusion_reason(done, layers)))

    done_matrix = np.array(done_rows, dtype=bool).reshape(len(used), len(layers))
    corpus = build_corpus(used, done_matrix, layers, label_index)

    pairs: list[PairResult] = []
    f1_sum = np.zeros(corpus.n_documents, dtype=np.float64)
    f1_count = np.zeros(corpus.n_documents, dtype=np.int64)
    for i, j in combinations(range(len(layers)), 2):
        pair, cmp, shared_docs = _pair(corpus, i, j, layers, labels, categories)
        pairs.append(pair)
        spans = cmp.doc_n_a + cmp.doc_n_b
        scored = shared_docs & (spans > 0)
        f1_sum[scored] += 2 * cmp.doc_tp[scored] / spans[scored]
        f1_count[scored] += 1

    fleiss, alpha, per_label = _multi_rater(corpus, layers, labels, categories)
    return AgreementResult(
        layers=layers,
        labels=labels,
        documents=DocumentCounts(total, corpus.n_documents, excluded),
        pairs=pairs,
        fleiss_kappa=fleiss,
        krippendorff_alpha=alpha,
        per_label=per_label,
        lowest_documents=_lowest(corpus, f1_sum, f1_count, layers, lowest),
    )
