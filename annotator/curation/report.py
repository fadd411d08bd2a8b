"""Feedback for an annotator: their spans against the gold layer.

Pure. On each document both the annotator's layer and gold are finished on, every gold span is
put in one category by what the annotator did there (precedence as in ``annotator agreement``):

- ``exact``: the annotator has the identical span;
- ``boundary``: an overlapping span with the same label, but other boundaries;
- ``label``: only overlapping spans with other labels;
- ``miss``: nothing of the annotator's overlaps it.

Every span of the annotator's that overlaps no gold span is an ``extra``. Exact precision,
recall and F1 are given per label and overall (precision per the annotator's label, recall per
gold's label). Errors come with examples: offsets plus the text around them, cut into pieces
(``context_pieces``) that a renderer styles without ever parsing the text as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from annotator.agreement import spans as categories
from annotator.agreement.figures import PRF, PRF_FIGURES, prf
from annotator.agreement.pair import PairDocument, match_documents
from annotator.agreement.tables import NOT_AVAILABLE, Cell, Column, Row, TableSpec
from annotator.model import Span
from annotator.text.visible import visible_table

MISS, EXTRA, BOUNDARY, LABEL, EXACT = "miss", "extra", "boundary", "label", "exact"
ERROR_KINDS = (MISS, EXTRA, BOUNDARY, LABEL)
ERROR_NAMES = {MISS: "misses", EXTRA: "extras", BOUNDARY: "boundary errors", LABEL: "label errors"}
EXACT_MATCH, NO_OVERLAP = categories.EXACT, categories.MISS
_KINDS = {categories.BOUNDARY: BOUNDARY, categories.LABEL: LABEL, categories.MISS: MISS}


@dataclass(frozen=True, slots=True)
class ReportDocument:
    """One document both layers have finished: its text and both layers' spans."""

    doc_id: str
    text: str
    gold: Sequence[Span]
    layer: Sequence[Span]


@dataclass(frozen=True, slots=True)
class Example:
    """One error: where, what gold has there and what the annotator has."""

    kind: str
    doc_id: str
    start: int
    end: int
    gold: tuple[Span, ...]
    layer: tuple[Span, ...]
    context: tuple[int, int]  # the stretch of text to show


@dataclass(slots=True)
class LabelCounts:
    gold: int = 0
    layer: int = 0
    exact: int = 0
    miss: int = 0
    extra: int = 0
    boundary: int = 0
    label: int = 0

    def scores(self) -> PRF:
        """Exact precision, recall and F1 (each a value or the reason it is undefined), as
        ``agreement`` computes them with gold as the reference."""
        return prf(self.exact, self.gold, self.layer, reference="gold", other="the layer")

    def to_json(self) -> dict:
        scores = self.scores()
        return {"gold": self.gold, "layer": self.layer, "exact": self.exact, "miss": self.miss,
                "extra": self.extra, "boundary": self.boundary, "label": self.label,
                **scores.values(), **scores.reasons()}


@dataclass(slots=True)
class LayerReport:
    """An annotator's layer against gold."""

    layer: str
    labels: tuple[str, ...]
    documents: list[str] = field(default_factory=list)
    per_label: dict[str, LabelCounts] = field(default_factory=dict)
    examples: list[Example] = field(default_factory=list)
    label_confusions: dict[tuple[str, str], int] = field(default_factory=dict)  # (gold, layer) -> n

    def total(self) -> LabelCounts:
        total = LabelCounts()
        for counts in self.per_label.values():
            for name in ("gold", "layer", "exact", "miss", "extra", "boundary", "label"):
                setattr(total, name, getattr(total, name) + getattr(counts, name))
        return total

    def errors(self) -> dict[str, int]:
        total = self.total()
        return {kind: getattr(total, kind) for kind in ERROR_KINDS}

    def examples_of(self, kind: str, limit: int | None = None) -> list[Example]:
        found = [e for e in self.examples if e.kind == kind]
        return found if limit is None else found[:limit]

    def to_json(self, texts: Mapping[str, str] | None = None, limit: int | None = None) -> dict:
        """JSON-ready; with ``texts`` (doc id -> text) the examples carry their text."""
        def example(e: Example) -> dict:
            out: dict = {"doc_id": e.doc_id, "start": e.start, "end": e.end,
                         "gold": [[s.start, s.end, s.label] for s in e.gold],
                         "layer": [[s.start, s.end, s.label] for s in e.layer],
                         "context": list(e.context)}
            if texts is not None and e.doc_id in texts:
                text = texts[e.doc_id]
                out["text"] = text[e.start:e.end]
                out["context_text"] = text[e.context[0]:e.context[1]]
            return out

        return {
            "layer": self.layer,
            "documents": len(self.documents),
            "total": self.total().to_json(),
            "per_label": {label: self.per_label[label].to_json() for label in self.labels},
            "label_confusions": [{"gold": g, "layer": a, "count": n}
                                 for (g, a), n in sorted(self.label_confusions.items(), key=lambda kv: -kv[1])],
            "examples": {kind: [example(e) for e in self.examples_of(kind, limit)] for kind in ERROR_KINDS},
        }


def report_table(report: LayerReport, layer_name: str | None = None) -> TableSpec:
    """The per-label figures of a report as a table description (one row per label, in the
    report's label order, then ``all``): the CLI and the report screen both render it.
    ``layer_name`` heads the layer's column (the curator's anonymous name, say)."""

    def share(value: float | None) -> Cell:
        return Cell("–", NOT_AVAILABLE) if value is None else Cell(f"{value:.2f}")

    def row(name: str, c: LabelCounts, total: bool = False) -> Row:
        figures = c.scores().values()
        counts = (c.gold, c.layer, c.exact, c.miss, c.extra, c.boundary, c.label)
        return Row((Cell(name), *(Cell(str(n)) for n in counts),
                    *(share(figures[k]) for k in PRF_FIGURES)), total=total)

    columns = (Column("label", numeric=False),
               *(Column(name) for name in ("gold", layer_name or report.layer, "exact", "miss", "extra",
                                           "boundary", "wrong label", "P", "R", "F1")))
    rows = (*(row(label, report.per_label[label]) for label in report.labels), row("all", report.total(), True))
    return TableSpec("per_label", "Per label", columns, rows,
                     "P, R, F1: exact-span precision, recall and F1 against gold.")


def context_window(text: str, start: int, end: int, width: int = 40) -> tuple[int, int]:
    """About ``width`` characters of text either side of [start, end), cut at spaces."""
    lo = max(0, start - width)
    hi = min(len(text), end + width)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return lo, hi


def compare_layer(documents: Iterable[ReportDocument], layer: str, labels: Sequence[str],
                  *, context: int = 40) -> LayerReport:
    """Compare one annotator's spans with gold on the given documents (gold is the reference:
    the matching of ``annotator agreement``, linear in spans and their overlaps)."""
    documents = list(documents)
    report = LayerReport(layer, tuple(labels))
    report.per_label = {label: LabelCounts() for label in labels}

    def counts(label: str) -> LabelCounts:
        if label not in report.per_label:  # a label outside the scheme still counts
            report.per_label[label] = LabelCounts()
            report.labels = (*report.labels, label)
        return report.per_label[label]

    m = match_documents([PairDocument(d.doc_id, d.text, d.gold, d.layer) for d in documents], labels)
    gold_category = m.match.category_a.tolist()
    mine_category = m.match.category_b.tolist()
    over_gold = m.overlapping_b()
    gold_bounds = np.searchsorted(m.a.doc, np.arange(len(documents) + 1)).tolist()
    mine_bounds = np.searchsorted(m.b.doc, np.arange(len(documents) + 1)).tolist()
    for d, doc in enumerate(documents):
        report.documents.append(doc.doc_id)
        for i in range(gold_bounds[d], gold_bounds[d + 1]):
            g = m.a_spans[i]
            c = counts(g.label)
            c.gold += 1
            category = gold_category[i]
            if category == EXACT_MATCH:
                c.exact += 1
                continue
            over = [m.b_spans[j] for j in over_gold[i]]
            kind = _KINDS[category]
            if kind == LABEL:
                for s in over:
                    key = (g.label, s.label)
                    report.label_confusions[key] = report.label_confusions.get(key, 0) + 1
            setattr(c, kind, getattr(c, kind) + 1)
            lo = min([g.start, *(s.start for s in over)])
            hi = max([g.end, *(s.end for s in over)])
            report.examples.append(Example(kind, doc.doc_id, lo, hi, (g,), tuple(over),
                                           context_window(doc.text, lo, hi, context)))
        for j in range(mine_bounds[d], mine_bounds[d + 1]):
            s = m.b_spans[j]
            c = counts(s.label)
            c.layer += 1
            if mine_category[j] == NO_OVERLAP:
                c.extra += 1
                report.examples.append(Example(EXTRA, doc.doc_id, s.start, s.end, (), (s,),
                                               context_window(doc.text, s.start, s.end, context)))
    return report


# -- showing text safely ------------------------------------------------------------------------
_VISIBLE = visible_table(newline="⏎", line_separator="\ufffd")


def printable(text: str) -> str:
    """The text on one line, same length, with control and bidi characters made visible (so
    that nothing in a document can move the cursor, recolour or reorder the terminal)."""
    return text.translate(_VISIBLE)


def context_pieces(text: str, window: tuple[int, int], spans: Sequence[Span], *,
                   show: Callable[[str], str] = printable) -> list[tuple[str, Span | None]]:
    """The window's text cut into pieces: plain stretches (None) and the spans inside it, each
    with its text passed through ``show`` (``printable`` unless told). Spans are one layer's
    (they do not overlap)."""
    lo, hi = window
    pieces: list[tuple[str, Span | None]] = []
    at = lo
    for span in sorted(spans):
        start, end = max(lo, span.start), min(hi, span.end)
        if end <= start:
            continue
        if start > at:
            pieces.append((show(text[at:start]), None))
        pieces.append((show(text[start:end]), span))
        at = end
    if hi > at:
        pieces.append((show(text[at:hi]), None))
    return pieces
