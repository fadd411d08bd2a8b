"""A figure or the reason it is undefined, and the one precision/recall/F1 of a match count.

Every comparison of two layers (``agreement``, ``evaluate``, ``report``) gives its figures as
these values: a :class:`Figure` is never a silent 0 or 1 where nothing could be divided, and
:func:`prf` is the single definition of precision, recall and F1 behind all three commands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple


class Figure(NamedTuple):
    """A figure's value, or None and the reason it is undefined."""

    value: float | None
    reason: str | None = None

    def put(self, target: dict[str, Any], key: str) -> None:
        """Write the value under ``key`` and, when it is undefined, the reason under
        ``key_reason`` (the JSON convention of every comparison)."""
        target[key] = self.value
        if self.value is None:
            target[f"{key}_reason"] = self.reason


#: The names of the three figures of :class:`PRF`, in the order the JSON outputs give them.
PRF_FIGURES = ("precision", "recall", "f1")


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 of ``tp`` matches between a reference layer (``n_reference``
    spans) and another layer (``n_other`` spans): precision is measured against the other
    layer, recall against the reference."""

    tp: int
    n_reference: int
    n_other: int
    precision: Figure
    recall: Figure
    f1: Figure

    @property
    def fp(self) -> int:
        """Spans of the other layer left unmatched."""
        return self.n_other - self.tp

    @property
    def fn(self) -> int:
        """Spans of the reference left unmatched."""
        return self.n_reference - self.tp

    def values(self) -> dict[str, float | None]:
        """``{"precision", "recall", "f1"}``: the values, None where undefined."""
        return {name: getattr(self, name).value for name in PRF_FIGURES}

    def reasons(self) -> dict[str, str | None]:
        """``{"<figure>_reason": reason}`` for each undefined figure, in figure order."""
        return {f"{name}_reason": getattr(self, name).reason
                for name in PRF_FIGURES if getattr(self, name).value is None}

    def to_json(self) -> dict[str, Any]:
        """The form of ``annotator agreement`` (A is the reference):
        ``{"precision", "recall", "f1", "tp", "n_a", "n_b", "<figure>_reason"?}``."""
        return {**self.values(), "tp": self.tp, "n_a": self.n_reference, "n_b": self.n_other, **self.reasons()}


def prf(tp: int, n_reference: int, n_other: int, *, reference: str = "the reference",
        other: str = "the other layer", what: str = "", shared: bool = True) -> PRF:
    """Precision, recall and F1 of ``tp`` matches: the one definition behind ``agreement``,
    ``evaluate`` and ``report``. Precision is against the other layer's spans (``tp / n_other``),
    recall against the reference's (``tp / n_reference``), F1 ``2 tp / (n_reference + n_other)``.

    An undefined figure carries the reason (never a silent 0 or 1); ``shared`` False means no
    document was compared at all. ``reference`` and ``other`` name the layers in the reasons,
    and ``what`` narrows them ("ACTOR " gives "alice has no ACTOR spans").
    """
    if not shared:
        nothing = Figure(None, "no document done by both layers")
        return PRF(tp, n_reference, n_other, nothing, nothing, nothing)
    precision = Figure(tp / n_other) if n_other else Figure(None, f"{other} has no {what}spans")
    recall = Figure(tp / n_reference) if n_reference else Figure(None, f"{reference} has no {what}spans")
    total = n_reference + n_other
    f1 = Figure(2 * tp / total) if total else Figure(None, f"neither layer has {what}spans")
    return PRF(tp, n_reference, n_other, precision, recall, f1)


@dataclass(frozen=True, slots=True)
class Modes:
    """The two ways of counting a match: ``exact`` (same start, end and label) and ``overlap``
    (same label, intersecting, matched one to one)."""

    exact: PRF
    overlap: PRF

    def to_json(self) -> dict[str, Any]:
        return {"exact": self.exact.to_json(), "overlap": self.overlap.to_json()}
