"""The result of ``compute_agreement`` as typed values, each with ``to_json()``.

The renderers (Markdown, the Rich tables, the TUI screen) and the quality gates read these
attributes; ``to_json()`` gives the JSON of ``annotator agreement --format json``, whose keys
and their order are documented in docs/agreement.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.agreement.figures import PRF, Figure, Modes
from annotator.agreement.spans import CATEGORY_NAMES


@dataclass(frozen=True, slots=True)
class PairSpans:
    """Span figures of a pair, overall and per label (A is the reference)."""

    exact: PRF
    overlap: PRF
    per_label: dict[str, Modes]

    def to_json(self) -> dict[str, Any]:
        return {"exact": self.exact.to_json(), "overlap": self.overlap.to_json(),
                "per_label": {label: modes.to_json() for label, modes in self.per_label.items()}}


@dataclass(frozen=True, slots=True)
class PairTokens:
    """Token figures of a pair: how many tokens, Cohen's kappa overall and per label."""

    n: int
    cohen_kappa: Figure
    per_label: dict[str, Figure]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"n": self.n}
        self.cohen_kappa.put(out, "cohen_kappa")
        out["per_label"] = {label: figure.value for label, figure in self.per_label.items()}
        reasons = {label: figure.reason for label, figure in self.per_label.items() if figure.value is None}
        if reasons:
            out["per_label_reasons"] = reasons
        return out


@dataclass(frozen=True, slots=True)
class Categories:
    """Spans of one layer by how the other layer treats them (see :data:`CATEGORY_NAMES`)."""

    exact: int = 0
    boundary: int = 0
    label: int = 0
    miss: int = 0

    def to_json(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in CATEGORY_NAMES}


@dataclass(frozen=True, slots=True)
class LabelPair:
    """Overlapping spans whose labels differ: A's label, B's label, how many pairs."""

    a_label: str
    b_label: str
    count: int

    def to_json(self) -> dict[str, Any]:
        return {"a_label": self.a_label, "b_label": self.b_label, "count": self.count}


@dataclass(frozen=True, slots=True)
class PairConfusion:
    """The confusion summary of a pair: each layer's spans by category, overall and per label,
    and the label confusions, most frequent first."""

    a: Categories
    b: Categories
    per_label: dict[str, tuple[Categories, Categories]]
    label_pairs: list[LabelPair]

    def to_json(self) -> dict[str, Any]:
        return {
            "a": self.a.to_json(),
            "b": self.b.to_json(),
            "per_label": {label: {"a": a.to_json(), "b": b.to_json()} for label, (a, b) in self.per_label.items()},
            "label_pairs": [p.to_json() for p in self.label_pairs],
        }


@dataclass(frozen=True, slots=True)
class PairResult:
    """Every figure of one pair of layers (``a`` listed before ``b``) on the documents both
    have done."""

    a: str
    b: str
    documents: int
    spans: PairSpans
    tokens: PairTokens
    confusion: PairConfusion

    @property
    def name(self) -> str:
        """``a vs b``."""
        return f"{self.a} vs {self.b}"

    def to_json(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "documents": self.documents, "spans": self.spans.to_json(),
                "tokens": self.tokens.to_json(), "confusion": self.confusion.to_json()}


@dataclass(frozen=True, slots=True)
class CorpusFigure:
    """A coefficient over every compared layer, with the documents and tokens it is taken on."""

    figure: Figure
    documents: int
    tokens: int

    @property
    def value(self) -> float | None:
        return self.figure.value

    @property
    def reason(self) -> str | None:
        return self.figure.reason

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.figure.value, "documents": self.documents, "tokens": self.tokens}
        if self.figure.value is None:
            out["reason"] = self.figure.reason
        return out


@dataclass(frozen=True, slots=True)
class LabelCoefficients:
    """Fleiss' kappa and Krippendorff's alpha of one label (that label against everything else)."""

    fleiss_kappa: Figure
    krippendorff_alpha: Figure

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        self.fleiss_kappa.put(out, "fleiss_kappa")
        self.krippendorff_alpha.put(out, "krippendorff_alpha")
        return out


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A document left out of the comparison, and why."""

    id: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class DocumentCounts:
    """How many documents were given, how many compared, and the ones left out."""

    total: int
    used: int
    excluded: list[Exclusion]

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total, "used": self.used, "excluded": [e.to_json() for e in self.excluded]}


@dataclass(frozen=True, slots=True)
class LowDocument:
    """A document with low agreement: its mean exact F1 over the pairs that have done it, and
    each such layer's number of spans there."""

    id: str
    f1: float
    pairs: int
    spans: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "f1": self.f1, "pairs": self.pairs, "spans": dict(self.spans)}


@dataclass(frozen=True, slots=True)
class AgreementResult:
    """Every agreement figure for a set of layers (what ``compute_agreement`` returns).

    ``not_started`` lists the layers left out by default because they have no done document
    (set by the caller that chose the layers; absent from the JSON when empty).
    """

    layers: list[str]
    labels: list[str]
    documents: DocumentCounts
    pairs: list[PairResult]
    fleiss_kappa: CorpusFigure
    krippendorff_alpha: CorpusFigure
    per_label: dict[str, LabelCoefficients]
    lowest_documents: list[LowDocument]
    not_started: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The JSON of ``annotator agreement --format json`` (docs/agreement.md)."""
        out: dict[str, Any] = {
            "layers": list(self.layers),
            "labels": list(self.labels),
            "documents": self.documents.to_json(),
            "pairs": [pair.to_json() for pair in self.pairs],
            "fleiss_kappa": self.fleiss_kappa.to_json(),
            "krippendorff_alpha": self.krippendorff_alpha.to_json(),
            "per_label": {label: entry.to_json() for label, entry in self.per_label.items()},
            "lowest_documents": [doc.to_json() for doc in self.lowest_documents],
        }
        if self.not_started:
            out["not_started"] = list(self.not_started)
        return out
