"""Quality gates on an agreement result: which figures fall below the minimums asked for."""

import math

from annotator.agreement.figures import Figure
from annotator.agreement.results import AgreementResult
from annotator.model import InputError, quoted


def _number(value: float, threshold: float) -> str:
    """``value`` rounded for reading, with more digits when rounding would hide the shortfall."""
    short = f"{value:.4f}"
    return short if float(short) < threshold else repr(value)


def _check(failures: list[str], what: str, figure: Figure, threshold: float) -> None:
    value, reason = figure
    if value is None:
        failures.append(
            f"{what} is undefined ({reason or 'no reason given'}), so it cannot meet the minimum {threshold}"
        )
    elif value < threshold:
        failures.append(f"{what} is {_number(value, threshold)}, below the minimum {threshold}")


def _validated(name: str, threshold: float | None) -> float | None:
    if threshold is not None and (isinstance(threshold, bool) or not math.isfinite(threshold)):
        raise InputError(f"{name} must be a finite number, got {quoted(threshold)}")
    return threshold


def check_thresholds(
    result: AgreementResult,
    min_f1: float | None = None,
    min_kappa: float | None = None,
    min_alpha: float | None = None,
) -> list[str]:
    """The figures of ``result`` (from compute_agreement) that fail a minimum, in words.

    ``min_f1`` applies to every pair's exact span F1; ``min_kappa`` to every pair's Cohen's
    kappa and to Fleiss' kappa; ``min_alpha`` to Krippendorff's alpha. A threshold left None is
    not checked. An undefined (null) figure under a threshold fails, with its reason, and so does
    a pairwise threshold when there is no pair to check: a gate must not pass on nothing.
    An empty list means every requested check passed.
    """
    min_f1 = _validated("min_f1", min_f1)
    min_kappa = _validated("min_kappa", min_kappa)
    min_alpha = _validated("min_alpha", min_alpha)
    failures: list[str] = []
    pairs = result.pairs
    for threshold, name in ((min_f1, "exact span F1"), (min_kappa, "Cohen's kappa")):
        if threshold is not None and not pairs:
            failures.append(f"{name}: no pair of layers to check against the minimum {threshold}")
    for pair in pairs:
        if min_f1 is not None:
            _check(failures, f"exact span F1 {pair.name}", pair.spans.exact.f1, min_f1)
        if min_kappa is not None:
            _check(failures, f"Cohen's kappa {pair.name}", pair.tokens.cohen_kappa, min_kappa)
    if min_kappa is not None:
        _check(failures, "Fleiss' kappa", result.fleiss_kappa.figure, min_kappa)
    if min_alpha is not None:
        _check(failures, "Krippendorff's alpha", result.krippendorff_alpha.figure, min_alpha)
    return failures
