"""Presentation helpers shared by the Markdown and terminal renderers (no Rich here).

They turn an :class:`~annotator.agreement.results.AgreementResult` into the few derived lists both reports show, so the two
formats say the same thing: excluded documents grouped by reason, and every undefined figure
with its reason.
"""

from collections.abc import Iterator
from typing import NamedTuple

from annotator.agreement.results import AgreementResult


class ExclusionGroup(NamedTuple):
    """Excluded documents sharing one reason: how many, and the first few ids."""

    reason: str
    count: int
    examples: list[str]


def safe_text(text: object) -> str:
    """``text`` with control and other non-printable characters shown as escapes.

    Document ids and layer names reach terminals and CI summaries; an escape sequence in one
    must be shown, not obeyed.
    """
    value = str(text)
    if value.isprintable():
        return value
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in value)


def number(value: float | None, digits: int = 3) -> str:
    """A figure for reading: fixed decimals, or ``n/a`` when undefined."""
    return "n/a" if value is None else f"{value:.{digits}f}"


def exclusion_groups(result: AgreementResult, examples: int = 5) -> list[ExclusionGroup]:
    """Excluded documents grouped by reason, largest group first (then by reason)."""
    groups: dict[str, list[str]] = {}
    for entry in result.documents.excluded:
        groups.setdefault(entry.reason, []).append(entry.id)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [ExclusionGroup(reason, len(ids), ids[:examples]) for reason, ids in ordered]


def undefined_figures(result: AgreementResult) -> Iterator[tuple[str, str]]:
    """(figure, reason) for each undefined figure the reports show (F1s and coefficients)."""
    coefficients = (("Fleiss' kappa", "fleiss_kappa"), ("Krippendorff's alpha", "krippendorff_alpha"))
    for name, key in coefficients:
        figure = getattr(result, key)
        if figure.value is None:
            yield name, figure.reason or ""
    for label, entry in result.per_label.items():
        for name, key in coefficients:
            figure = getattr(entry, key)
            if figure.value is None:
                yield f"{name}, {label}", figure.reason or ""
    for pair in result.pairs:
        who = pair.name
        for kind in ("exact", "overlap"):
            f1 = getattr(pair.spans, kind).f1
            if f1.value is None:
                yield f"{kind} span F1, {who}", f1.reason or ""
        tokens = pair.tokens
        if tokens.cohen_kappa.value is None:
            yield f"Cohen's kappa, {who}", tokens.cohen_kappa.reason or ""
        for label, figure in tokens.per_label.items():
            if figure.value is None:
                yield f"Cohen's kappa, {who}, {label}", figure.reason or ""
        for label, modes in pair.spans.per_label.items():
            for kind in ("exact", "overlap"):
                f1 = getattr(modes, kind).f1
                if f1.value is None:
                    yield f"{kind} span F1, {who}, {label}", f1.reason or ""
