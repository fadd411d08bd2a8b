"""Chance-corrected agreement coefficients over nominal categories, from sufficient statistics.

Each coefficient is computed from a few integer sums (a confusion matrix, per-category column
sums, sums of squared counts), so the callers can build those sums with a handful of vectorised
numpy passes over millions of token labels and then derive the overall and every per-label
(binary) figure without touching the tokens again.

The arithmetic is done on Python integers (and a Fraction for Krippendorff's alpha) and divided
once at the end, so the results are exact up to the final rounding; they agree with
scikit-learn's ``cohen_kappa_score``, statsmodels' ``fleiss_kappa`` and the ``krippendorff``
package to well below 1e-9 (the tests check this).

A coefficient that is undefined (a zero denominator: no units, or a single category so that
chance agreement is 1) is returned as ``Figure(None, reason)``, never as 0 or 1.
"""

from collections.abc import Sequence
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from annotator.agreement.figures import Figure


def _ints(values: object) -> list[int]:
    return [int(v) for v in np.asarray(values).ravel()]


def cohen_kappa(confusion: np.ndarray, categories: Sequence[str]) -> Figure:
    """Cohen's kappa from a square confusion matrix (rows: first rater, columns: second).

    kappa = (n*agreed - sum_c r_c*k_c) / (n^2 - sum_c r_c*k_c), with r and k the row and column
    totals: the usual (p_o - p_e) / (1 - p_e) multiplied through by n^2.
    """
    matrix = np.asarray(confusion)
    size = len(categories)
    if matrix.shape != (size, size):
        raise ValueError(f"confusion matrix of shape {matrix.shape} for {size} categories")
    rows = _ints(matrix.sum(axis=1))
    cols = _ints(matrix.sum(axis=0))
    n = sum(rows)
    if n == 0:
        return Figure(None, "no tokens to compare")
    agreed = sum(_ints(np.diagonal(matrix)))
    chance = sum(r * k for r, k in zip(rows, cols, strict=True))
    denominator = n * n - chance
    if denominator == 0:
        only = categories[rows.index(n)]
        return Figure(
            None, f"both layers gave every token the same category ({only}): chance agreement is 1"
        )
    return Figure((n * agreed - chance) / denominator)


def fleiss_from_sums(
    n_subjects: int,
    n_raters: int,
    column_sums: Sequence[int],
    square_sum: int,
    categories: Sequence[str],
) -> Figure:
    """Fleiss' kappa from its sufficient statistics.

    ``column_sums[c]`` is how many ratings fell in category c over all subjects, ``square_sum``
    is the sum over subjects and categories of n_ic^2. With N subjects, m raters each and
    C = sum_c column_sums[c]^2:

        kappa = (N*m*(square_sum - N*m) - (m-1)*C) / ((m-1) * ((N*m)^2 - C))
    """
    if n_raters < 2:
        return Figure(None, "fewer than two layers compared")
    if n_subjects == 0:
        return Figure(None, "no tokens rated by every layer")
    total = n_subjects * n_raters
    cols = [int(c) for c in column_sums]
    if sum(cols) != total:
        raise ValueError("column sums do not add up to subjects x raters")
    chance = sum(c * c for c in cols)
    denominator = (n_raters - 1) * (total * total - chance)
    if denominator == 0:
        only = categories[cols.index(total)]
        return Figure(
            None, f"every layer gave every token the same category ({only}): chance agreement is 1"
        )
    numerator = total * (int(square_sum) - total) - (n_raters - 1) * chance
    return Figure(numerator / denominator)


def fleiss_kappa(counts: np.ndarray, categories: Sequence[str]) -> Figure:
    """Fleiss' kappa from a subjects x categories table of rating counts (equal row sums)."""
    table = np.asarray(counts, dtype=np.int64)
    if table.ndim != 2 or table.shape[1] != len(categories):
        raise ValueError(f"count table of shape {table.shape} for {len(categories)} categories")
    if table.shape[0] == 0:
        return Figure(None, "no tokens rated by every layer")
    raters = table.sum(axis=1)
    if (raters != raters[0]).any():
        raise ValueError("Fleiss' kappa needs the same number of ratings for every subject")
    return fleiss_from_sums(
        table.shape[0], int(raters[0]), _ints(table.sum(axis=0)), int((table * table).sum()), categories
    )


class AlphaGroup(NamedTuple):
    """Sums over the units that received exactly ``values`` ratings (pairable: values >= 2)."""

    values: int
    units: int
    column_sums: Sequence[int]
    square_sum: int


def alpha_from_groups(groups: Sequence[AlphaGroup], categories: Sequence[str]) -> Figure:
    """Krippendorff's alpha (nominal) from per-group sufficient statistics.

    Units with fewer than two values are not pairable and carry no information; pass only groups
    with ``values >= 2``. With o_cc the diagonal of the coincidence matrix, n_c its margins and
    n = sum_c n_c:

        sum_c o_cc = sum_groups (square_sum - values*units) / (values - 1)
        alpha      = 1 - (n - 1) * (n - sum_c o_cc) / (n^2 - sum_c n_c^2)
    """
    n_c = [0] * len(categories)
    diagonal = Fraction(0)
    for group in groups:
        if group.values < 2:
            raise ValueError("alpha groups must have at least two values per unit")
        if group.units == 0:
            continue
        for c, value in enumerate(group.column_sums):
            n_c[c] += int(value)
        diagonal += Fraction(int(group.square_sum) - group.values * group.units, group.values - 1)
    n = sum(n_c)
    if n == 0:
        return Figure(None, "no token was labelled by at least two layers")
    expected = n * n - sum(v * v for v in n_c)
    if expected == 0:
        only = categories[n_c.index(n)]
        return Figure(
            None, f"every paired token label is the same category ({only}): no expected disagreement"
        )
    alpha = 1 - (n - 1) * (n - diagonal) / expected
    return Figure(float(alpha))


def krippendorff_alpha(counts: np.ndarray, categories: Sequence[str]) -> Figure:
    """Krippendorff's alpha (nominal) from a units x categories table of value counts.

    Row sums may differ (missing ratings); units with fewer than two values are ignored.
    """
    table = np.asarray(counts, dtype=np.int64)
    if table.ndim != 2 or table.shape[1] != len(categories):
        raise ValueError(f"count table of shape {table.shape} for {len(categories)} categories")
    values = table.sum(axis=1)
    groups = []
    for m in np.unique(values[values >= 2]).tolist():
        rows = table[values == m]
        groups.append(AlphaGroup(int(m), rows.shape[0], _ints(rows.sum(axis=0)), int((rows * rows).sum())))
    return alpha_from_groups(groups, categories)
