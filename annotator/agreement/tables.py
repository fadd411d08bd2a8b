"""Table descriptions of comparison results: columns, rows in one order, cells as text.

Every view of a comparison renders these: the Markdown report (:mod:`annotator.agreement.markdown`),
the Rich tables of the terminal and the TUI's screens (:mod:`annotator.tui.tables`). A view decides
how a table looks (escaping, colours, borders), never which rows it has nor their order, so
``annotator agreement --format markdown``, ``--format text`` and the agreement screen list the
same rows in the same order.

Domain code: plain data, no Rich or Textual. Cell text is unescaped (it may hold anything a
document id or layer name holds): each renderer makes it safe for its medium.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from annotator.agreement.evaluate import Evaluation
from annotator.agreement.figures import PRF, Modes
from annotator.agreement.report import exclusion_groups, number
from annotator.agreement.results import AgreementResult

#: Cell kinds: how a renderer may stress a cell (it never changes the text).
PLAIN, FIGURE, NOT_AVAILABLE = "plain", "figure", "n/a"


class Cell(NamedTuple):
    """One cell: its text, its kind, and for a ``figure`` the value (a view may colour by it)."""

    text: str
    kind: str = PLAIN
    value: float | None = None


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its heading, and whether it holds numbers (right-aligned)."""

    name: str
    numeric: bool = True


@dataclass(frozen=True, slots=True)
class Row:
    """A row of cells; ``total`` marks a row summing the others (a view may stress it)."""

    cells: tuple[Cell, ...]
    total: bool = False

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(cell.text for cell in self.cells)


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A table: a stable ``key``, a ``title``, its columns, its rows in order, and an optional
    ``note`` to show under it."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    note: str | None = None


def text(value: object) -> Cell:
    """A plain cell (a name, a label, a reason: anything from data)."""
    return Cell(str(value))


def count(value: int) -> Cell:
    """A count, with thousands separators."""
    return Cell(f"{value:,}")


def figure(value: float | None, digits: int = 3) -> Cell:
    """A coefficient or F1: fixed decimals, or ``n/a`` when undefined (its reason is listed
    with the undefined figures)."""
    if value is None:
        return Cell("n/a", NOT_AVAILABLE)
    return Cell(number(value, digits), FIGURE, value)


def _table(key: str, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Cell] | Row],
           note: str | None = None) -> TableSpec:
    built = tuple(row if isinstance(row, Row) else Row(tuple(row)) for row in rows)
    return TableSpec(key, title, tuple(columns), built, note)


def _names(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name, numeric=False) for name in names)


def _numbers(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name) for name in names)


# -- annotator agreement ------------------------------------------------------------------------
#: What the disagreement categories mean, shown under that table.
CATEGORIES_NOTE = (
    "Spans of each layer by how the other layer treats them: an identical span (exact), an "
    "overlapping span with the same label but other boundaries (boundary), only overlapping "
    "spans with another label (label), or nothing overlapping (only in A / only in B)."
)


def multi_rater_table(result: AgreementResult) -> TableSpec:
    """Fleiss' kappa and Krippendorff's alpha over every compared layer."""
    rows = [
        [text(name), figure(entry.value), count(entry.documents), count(entry.tokens)]
        for name, entry in (("Fleiss' κ (all layers)", result.fleiss_kappa),
                            ("Krippendorff's α", result.krippendorff_alpha))
    ]
    return _table("all_layers", "All layers", (*_names("figure"), *_numbers("value", "documents", "tokens")), rows)


def pairs_table(result: AgreementResult) -> TableSpec:
    """One row per pair: exact precision, recall and F1, overlap F1, Cohen's kappa."""
    rows = []
    for pair in result.pairs:
        exact, overlap, tokens = pair.spans.exact, pair.spans.overlap, pair.tokens
        rows.append([text(pair.a), text(pair.b), count(pair.documents), figure(exact.precision.value),
                     figure(exact.recall.value), figure(exact.f1.value), figure(overlap.f1.value),
                     count(tokens.n), figure(tokens.cohen_kappa.value)])
    columns = (*_names("A", "B"), *_numbers("documents", "exact P", "exact R", "exact F1", "overlap F1",
                                            "tokens", "Cohen's κ"))
    return _table("pairs", "Pairs", columns, rows, "Precision is measured against B, recall against A.")


def per_label_table(result: AgreementResult) -> TableSpec:
    """Fleiss' kappa and Krippendorff's alpha per label, over every compared layer."""
    rows = [[text(label), figure(result.per_label[label].fleiss_kappa.value),
             figure(result.per_label[label].krippendorff_alpha.value)] for label in result.labels]
    return _table("per_label", "Per label, all layers", (*_names("label"), *_numbers("Fleiss' κ", "Krippendorff's α")),
                  rows)


def per_label_pair_table(result: AgreementResult) -> TableSpec:
    """Span counts, exact and overlap F1 and Cohen's kappa per label and pair: every pair of
    the first label, then every pair of the next (the order of the label column)."""
    rows = []
    for label in result.labels:
        for pair in result.pairs:
            spans = pair.spans.per_label[label]
            rows.append([text(label), text(pair.name), count(spans.exact.n_reference), count(spans.exact.n_other),
                         figure(spans.exact.f1.value), figure(spans.overlap.f1.value),
                         figure(pair.tokens.per_label[label].value)])
    columns = (*_names("label", "pair"), *_numbers("spans A", "spans B", "exact F1", "overlap F1", "Cohen's κ"))
    return _table("per_label_pair", "Per label and pair", columns, rows)


def disagreements_table(result: AgreementResult) -> TableSpec:
    """Per pair, each layer's spans by how the other treats them, and the top label confusions."""
    rows = []
    for pair in result.pairs:
        conf = pair.confusion
        top = ", ".join(f"{p.a_label}→{p.b_label} {p.count:,}" for p in conf.label_pairs[:3])
        rows.append([text(pair.name), count(conf.a.exact), Cell(f"{conf.a.boundary:,} / {conf.b.boundary:,}"),
                     Cell(f"{conf.a.label:,} / {conf.b.label:,}"), count(conf.a.miss), count(conf.b.miss),
                     Cell(top) if top else Cell("–", NOT_AVAILABLE)])
    columns = (*_names("pair (A vs B)"), *_numbers("exact", "boundary A / B", "label A / B", "only in A", "only in B"),
               *_names("label confusions (A→B)"))
    return _table("disagreements", "Disagreements per pair", columns, rows, CATEGORIES_NOTE)


def lowest_table(result: AgreementResult) -> TableSpec:
    """The documents with the lowest mean exact F1 over the pairs that have done them."""
    rows = [[text(doc.id), figure(doc.f1), count(doc.pairs),
             text(", ".join(f"{layer} {n:,}" for layer, n in doc.spans.items()))]
            for doc in result.lowest_documents]
    return _table("lowest", "Lowest agreement (mean exact F1 over pairs)",
                  (*_names("document"), *_numbers("mean exact F1", "pairs"), *_names("spans")), rows)


def excluded_table(result: AgreementResult) -> TableSpec:
    """The documents left out, grouped by reason (a few ids of each)."""
    rows = [[text(g.reason), count(g.count), text(", ".join(g.examples))] for g in exclusion_groups(result)]
    return _table("excluded", "Excluded documents", (*_names("reason"), *_numbers("documents"), *_names("examples")),
                  rows)


def agreement_tables(result: AgreementResult) -> list[TableSpec]:
    """Every table of an agreement report, in the order every view shows them; a table with
    nothing to list (no pair, no low document, no exclusion) is left out."""
    tables = [multi_rater_table(result)]
    if result.pairs:
        tables.append(pairs_table(result))
    tables.append(per_label_table(result))
    if result.pairs:
        tables += [per_label_pair_table(result), disagreements_table(result)]
    if result.lowest_documents:
        tables.append(lowest_table(result))
    if result.documents.excluded:
        tables.append(excluded_table(result))
    return tables


# -- annotator evaluate -------------------------------------------------------------------------
def evaluation_table(result: Evaluation) -> TableSpec:
    """Exact precision, recall, F1, overlap F1 and the exact counts: overall, per label, per
    language. An undefined figure is ``–`` (its reason is in the JSON)."""

    def cells(name: str, modes: Modes) -> Row:
        e: PRF = modes.exact
        values = (e.precision.value, e.recall.value, e.f1.value, modes.overlap.f1.value)
        return Row((text(name), *(Cell("–", NOT_AVAILABLE) if v is None else Cell(f"{v:.3f}") for v in values),
                    *(Cell(str(n)) for n in (e.tp, e.fp, e.fn))), total=name == "overall")

    rows = [cells("overall", result.overall), *(cells(label, m) for label, m in result.labels.items()),
            *(cells(f"lang {lang}", m) for lang, m in result.languages.items())]
    return _table("evaluation", "", (*_names(""), *_numbers("P", "R", "F1", "overlap F1", "tp", "fp", "fn")), rows)
