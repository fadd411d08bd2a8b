"""Presentation helpers shared by the Markdown and terminal renderers (no Rich here).

They turn a compute_agreement result into the few derived lists both reports show, so the two
formats say the same thing: excluded documents grouped by reason, and every undefined figure
with its reason.
"""

from collections.abc import Iterator
from typing import Any, NamedTuple


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


def pair_name(pair: dict[str, Any]) -> str:
    """``a vs b`` for a pair entry."""
    return f"{pair['a']} vs {pair['b']}"


def exclusion_groups(result: dict[str, Any], examples: int = 5) -> list[ExclusionGroup]:
    """Excluded documents grouped by reason, largest group first (then by reason)."""
    groups: dict[str, list[str]] = {}
    for entry in result["documents"]["excluded"]:
        groups.setdefault(entry["reason"], []).append(entry["id"])
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [ExclusionGroup(reason, len(ids), ids[:examples]) for reason, ids in ordered]


def undefined_figures(result: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(figure, reason) for each null figure the reports show (F1s and coefficients)."""
    for name, key in (("Fleiss' kappa", "fleiss_kappa"), ("Krippendorff's alpha", "krippendorff_alpha")):
        figure = result[key]
        if figure["value"] is None:
            yield name, figure.get("reason", "")
    for label, entry in result["per_label"].items():
        for name, key in (("Fleiss' kappa", "fleiss_kappa"), ("Krippendorff's alpha", "krippendorff_alpha")):
            if entry[key] is None:
                yield f"{name}, {label}", entry.get(f"{key}_reason", "")
    for pair in result["pairs"]:
        who = pair_name(pair)
        for kind in ("exact", "overlap"):
            figure = pair["spans"][kind]
            if figure["f1"] is None:
                yield f"{kind} span F1, {who}", figure.get("f1_reason", "")
        tokens = pair["tokens"]
        if tokens["cohen_kappa"] is None:
            yield f"Cohen's kappa, {who}", tokens.get("cohen_kappa_reason", "")
        for label, reason in tokens.get("per_label_reasons", {}).items():
            yield f"Cohen's kappa, {who}, {label}", reason or ""
        for label, entry in pair["spans"]["per_label"].items():
            for kind in ("exact", "overlap"):
                if entry[kind]["f1"] is None:
                    yield f"{kind} span F1, {who}, {label}", entry[kind].get("f1_reason", "")
