"""Span-level comparison of two layers: exact matches, overlap matching and a confusion summary.

Everything is computed on the global character axis of :mod:`annotator.agreement.corpus`, so
one ``searchsorted`` pass finds every overlapping pair of spans of the two layers in all
documents at once; only the rare tangled groups of overlaps need a small Python matching loop.
"""

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from annotator.agreement.corpus import SpanSet, expand_ranges

#: Confusion categories of a span against the other layer, in precedence order.
EXACT, BOUNDARY, LABEL, MISS = 0, 1, 2, 3
CATEGORY_NAMES = ("exact", "boundary", "label", "miss")


@dataclass(frozen=True, slots=True)
class SpanComparison:
    """Counts from comparing layer A's spans with layer B's on the documents both have done.

    Per-label arrays are indexed by label index; ``categories_a[label, category]`` counts A's
    spans of that label by how B treats them (see CATEGORY_NAMES); ``label_pairs[x, y]`` counts
    overlapping pairs where A says label x and B says label y != x. ``doc_*`` are per document.
    """

    n_a: np.ndarray
    n_b: np.ndarray
    exact_tp: np.ndarray
    overlap_tp: np.ndarray
    categories_a: np.ndarray
    categories_b: np.ndarray
    label_pairs: np.ndarray
    doc_tp: np.ndarray
    doc_n_a: np.ndarray
    doc_n_b: np.ndarray


def overlapping_pairs(a: SpanSet, b: SpanSet) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i, j) such that a's span i and b's span j share at least one character.

    ``b.start`` is sorted; the running maximum of ``b.end`` is too, so the candidates for each
    span of a form one contiguous range of b. When b's spans do not overlap each other the range
    holds exactly the overlapping spans; otherwise the few extra candidates are filtered out.
    """
    if len(a) == 0 or len(b) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    reach = np.maximum.accumulate(b.end)
    lo = np.searchsorted(reach, a.start, side="right")
    hi = np.searchsorted(b.start, a.end, side="left")
    ia, ib = expand_ranges(lo, hi)
    keep = b.end[ib] > a.start[ia]
    return ia[keep], ib[keep]


def maximum_matching(ea: np.ndarray, eb: np.ndarray, n_a: int) -> np.ndarray:
    """A maximum one-to-one matching on the bipartite graph with edges (ea[k], eb[k]).

    Returns a boolean array over the a-vertices: True where the vertex is matched."""
    return matching_partners(ea, eb, n_a) >= 0


def matching_partners(ea: np.ndarray, eb: np.ndarray, n_a: int) -> np.ndarray:
    """A maximum one-to-one matching on the bipartite graph with edges (ea[k], eb[k]).

    Returns, for each a-vertex, the b-vertex it is matched with, or -1. Edges whose two ends
    have no other edge (nearly all of them between real annotators) are matched directly; the
    remaining components, small clusters of overlaps, get Kuhn's augmenting-path algorithm
    (iterative, so a large cluster cannot exhaust the recursion limit).
    """
    partner = np.full(n_a, -1, dtype=np.int64)
    if ea.shape[0] == 0:
        return partner
    degree_a = np.bincount(ea, minlength=n_a)
    degree_b = np.bincount(eb)
    simple = (degree_a[ea] == 1) & (degree_b[eb] == 1)
    partner[ea[simple]] = eb[simple]
    rest = ~simple
    if not rest.any():
        return partner
    adjacency: dict[int, list[int]] = defaultdict(list)
    for x, y in zip(ea[rest].tolist(), eb[rest].tolist(), strict=True):
        adjacency[x].append(y)
    owner: dict[int, int] = {}
    for root in sorted(adjacency):
        _augment(root, adjacency, owner)
    for y, x in owner.items():
        partner[x] = y
    return partner


def _augment(root: int, adjacency: dict[int, list[int]], owner: dict[int, int]) -> bool:
    """Find an augmenting path from the unmatched a-vertex ``root`` and flip it."""
    seen: set[int] = set()
    stack = [(root, iter(adjacency[root]))]
    path: list[tuple[int, int]] = []
    while stack:
        x, candidates = stack[-1]
        for y in candidates:
            if y in seen:
                continue
            seen.add(y)
            path.append((x, y))
            holder = owner.get(y)
            if holder is None:
                for px, py in path:
                    owner[py] = px
                return True
            stack.append((holder, iter(adjacency[holder])))
            break
        else:
            stack.pop()
            if path:
                path.pop()
    return False


def _categories(n: int, index: np.ndarray, exact: np.ndarray, same: np.ndarray) -> np.ndarray:
    category = np.full(n, MISS, dtype=np.int64)
    category[index] = LABEL
    category[index[same]] = BOUNDARY
    category[index[exact]] = EXACT
    return category


@dataclass(frozen=True, slots=True)
class SpanMatch:
    """How layer A's spans and layer B's spans meet: every overlapping pair ``(ia[k], ib[k])``
    (ordered by ia, then ib), whether the pair has the same label and whether it is identical,
    the overlap matching (``partner_a[i]``: the span of B matched with A's span i, or -1), and
    each span's confusion category (see CATEGORY_NAMES)."""

    ia: np.ndarray
    ib: np.ndarray
    same: np.ndarray
    exact: np.ndarray
    partner_a: np.ndarray
    category_a: np.ndarray
    category_b: np.ndarray


def match_spans(a: SpanSet, b: SpanSet) -> SpanMatch:
    """Match two layers' spans: linear in the spans and their overlaps (after sorting).

    Exact: same start, end and label. Overlap: same label and intersecting ranges, matched
    one-to-one by a maximum bipartite matching (so one long span cannot match two short ones).
    Each span is also put in one confusion category, by precedence: ``exact`` (an identical span
    in the other layer), ``boundary`` (an overlapping span with the same label),
    ``label`` (only overlapping spans with other labels), ``miss`` (nothing overlaps it).
    """
    ia, ib = overlapping_pairs(a, b)
    same = a.label[ia] == b.label[ib]
    exact = same & (a.start[ia] == b.start[ib]) & (a.end[ia] == b.end[ib])
    partner = matching_partners(ia[same], ib[same], len(a))
    return SpanMatch(ia, ib, same, exact, partner, _categories(len(a), ia, exact, same),
                     _categories(len(b), ib, exact, same))


def compare_spans(a: SpanSet, b: SpanSet, n_labels: int, n_documents: int) -> SpanComparison:
    """Compare two layers' spans (already restricted to the documents both have done): the
    counts of :func:`match_spans`, per label and per document."""
    m = match_spans(a, b)
    ia, ib, same, exact = m.ia, m.ib, m.same, m.exact
    matched = m.partner_a >= 0

    def per_label(values: np.ndarray) -> np.ndarray:
        return np.bincount(values, minlength=n_labels)

    cat_a, cat_b = m.category_a, m.category_b
    four = len(CATEGORY_NAMES)
    differ = ~same
    pairs = np.bincount(a.label[ia[differ]] * n_labels + b.label[ib[differ]], minlength=n_labels * n_labels)
    return SpanComparison(
        n_a=per_label(a.label),
        n_b=per_label(b.label),
        exact_tp=per_label(a.label[ia[exact]]),
        overlap_tp=per_label(a.label[matched]),
        categories_a=np.bincount(a.label * four + cat_a, minlength=n_labels * four).reshape(n_labels, four),
        categories_b=np.bincount(b.label * four + cat_b, minlength=n_labels * four).reshape(n_labels, four),
        label_pairs=pairs.reshape(n_labels, n_labels),
        doc_tp=np.bincount(a.doc[ia[exact]], minlength=n_documents),
        doc_n_a=np.bincount(a.doc, minlength=n_documents),
        doc_n_b=np.bincount(b.doc, minlength=n_documents),
    )
