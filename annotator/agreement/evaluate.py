"""How good is one layer against another (by default the suggestions against gold)?
Precision, recall and F1, the figures of ``annotator evaluate``.

Two ways of counting a hit:

- ``exact``: same start, end and label;
- ``overlap``: same label and intersecting ranges, matched one-to-one by a maximum bipartite
  matching (so one long span cannot count for two short ones).

Scores are micro-averaged over the documents both layers have marked ``done`` (as ``annotator
agreement`` counts them): overall, per label and per language. The matching and the figures
(precision, recall, F1, or None with the reason it is undefined) are those of ``annotator
agreement`` (:mod:`annotator.agreement.pair`), so the two commands agree on the same pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from annotator.agreement.figures import PRF, Modes, prf
from annotator.agreement.pair import PairDocument, PairMatch, match_documents
from annotator.model import GOLD, LABELS, MACHINE, Span, Status

MODES = ("exact", "overlap")


@dataclass(frozen=True, slots=True)
class Item:
    """One document to score: its reference and predicted spans."""

    doc_id: str
    lang: str
    text: str
    reference: Sequence[Span]
    predicted: Sequence[Span]


def _match(items: Sequence[Item], labels: Sequence[str] = LABELS) -> PairMatch:
    return match_documents([PairDocument(i.doc_id, i.text, i.reference, i.predicted, i.lang) for i in items], labels)


def overlap_matches(reference: Sequence[Span], predicted: Sequence[Span]) -> set[tuple[Span, Span]]:
    """A maximum one-to-one matching of same-label intersecting spans, as (reference, predicted)."""
    m = _match([Item("", "", "", reference, predicted)])
    return {(m.a_spans[i], m.b_spans[j]) for i, j in enumerate(m.match.partner_a.tolist()) if j >= 0}


def _scores(tp: np.ndarray, n_ref: np.ndarray, n_pred: np.ndarray, what: str = "") -> PRF:
    """Precision, recall and F1 by the one definition (:func:`prf`) of the summed counts."""
    return prf(int(tp.sum()), int(n_ref.sum()), int(n_pred.sum()), reference="the reference layer",
               other="the scored layer", what=what)


def _mode_json(scores: PRF) -> dict[str, Any]:
    """``{"tp", "fp", "fn", "precision", "recall", "f1", "<figure>_reason"?}``."""
    return {"tp": scores.tp, "fp": scores.fp, "fn": scores.fn, **scores.values(), **scores.reasons()}


def _modes_json(modes: Modes) -> dict[str, Any]:
    return {"exact": _mode_json(modes.exact), "overlap": _mode_json(modes.overlap)}


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Scores of one layer against a reference, micro-averaged over the compared documents:
    overall, per label and per language (sorted), exact and overlap.

    ``layer`` and ``against`` name the two layers when they come from a store (``evaluate``);
    scores of bare items (``score_items``) leave them None and out of the JSON.
    """

    documents: int
    overall: Modes
    labels: dict[str, Modes] = field(default_factory=dict)
    languages: dict[str, Modes] = field(default_factory=dict)
    layer: str | None = None
    against: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON of ``annotator evaluate --format json`` (without its ``errors``)."""
        out: dict[str, Any] = {} if self.layer is None else {"layer": self.layer, "against": self.against}
        out.update({
            "documents": self.documents,
            "overall": _modes_json(self.overall),
            "labels": {label: _modes_json(modes) for label, modes in self.labels.items()},
            "languages": {lang: _modes_json(modes) for lang, modes in self.languages.items()},
        })
        return out


def score_items(items: Sequence[Item], labels: Sequence[str] = LABELS) -> Evaluation:
    """Micro-averaged scores, overall, per label and per language, for both modes."""
    items = list(items)
    m = _match(items, labels)
    a, b, match = m.a, m.b, m.match
    exact_a = match.ia[match.exact]
    overlap_a = np.flatnonzero(match.partner_a >= 0)
    hits = {"exact": exact_a, "overlap": overlap_a}
    n_ref, n_pred = m.per_label(a.label), m.per_label(b.label)
    label_hits = {mode: m.per_label(a.label[hits[mode]]) for mode in MODES}
    overall = Modes(*(_scores(label_hits[mode], n_ref, n_pred) for mode in MODES))
    per_label = {}
    for k, label in enumerate(labels):
        one = slice(k, k + 1)
        per_label[label] = Modes(*(_scores(label_hits[mode][one], n_ref[one], n_pred[one], f"{label} ")
                                   for mode in MODES))
    doc_ref, doc_pred = m.per_document(a.doc), m.per_document(b.doc)
    doc_hits = {mode: m.per_document(a.doc[hits[mode]]) for mode in MODES}
    langs = np.asarray([item.lang for item in items], dtype=object)
    languages = {}
    for lang in sorted(set(langs.tolist())):
        mine = langs == lang
        languages[lang] = Modes(*(_scores(doc_hits[mode][mine], doc_ref[mine], doc_pred[mine]) for mode in MODES))
    return Evaluation(len(items), overall, per_label, languages)


def items_from_store(store, layer: str = MACHINE, against: str = GOLD) -> list[Item]:
    """One item per document both layers are done on (as ``annotator agreement`` counts)."""
    statuses = store.bulk_statuses([layer, against])
    wanted = {doc_id for doc_id, status in statuses.items()
              if status.get(layer) == Status.DONE.value and status.get(against) == Status.DONE.value}
    return [Item(doc.id, doc.lang, doc.text, store.spans(doc.id, against), store.spans(doc.id, layer))
            for doc in store.documents() if doc.id in wanted]


def evaluate(store, layer: str = MACHINE, against: str = GOLD) -> Evaluation:
    """Scores of ``layer`` against ``against`` over the documents both are done on; its
    ``to_json()`` is::

        {"layer", "against", "documents",
         "overall": {"exact": {"tp","fp","fn","precision","recall","f1", "<figure>_reason"?}, "overlap": {...}},
         "labels": {label: {"exact": ..., "overlap": ...}},
         "languages": {lang: {"exact": ..., "overlap": ...}}}
    """
    result = score_items(items_from_store(store, layer, against))
    return replace(result, layer=layer, against=against)


@dataclass(frozen=True, slots=True)
class Overlapping:
    """A span of the other side overlapping an error: where, its label and its text."""

    start: int
    end: int
    label: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "label": self.label, "text": self.text}


@dataclass(frozen=True, slots=True)
class SpanError:
    """A miss (a reference span not predicted exactly) or a false alarm (a predicted span not
    in the reference): where, its text and context, and the other side's spans overlapping it."""

    doc_id: str
    lang: str
    kind: str
    start: int
    end: int
    label: str
    text: str
    context: str
    overlapping: tuple[Overlapping, ...]

    def to_json(self) -> dict[str, Any]:
        """One entry of ``errors`` in ``annotator evaluate --show-errors --format json``."""
        return {"doc_id": self.doc_id, "lang": self.lang, "kind": self.kind, "start": self.start, "end": self.end,
                "label": self.label, "text": self.text, "context": self.context,
                "overlapping": [o.to_json() for o in self.overlapping]}


def item_errors(items: Iterable[Item], context: int = 40) -> list[SpanError]:
    """Misses (in the reference, not predicted exactly) and false alarms (predicted, not in the
    reference), each with its text, context and, if any, the overlapping span of the other side."""
    items = list(items)
    m = _match(items)
    exact = np.zeros(len(m.a), dtype=bool)
    exact[m.match.ia[m.match.exact]] = True
    exact_b = np.zeros(len(m.b), dtype=bool)
    exact_b[m.match.ib[m.match.exact]] = True
    out = []
    for kind, spans, docs, hit, others, other_spans in (
        ("miss", m.a_spans, m.a.doc, exact, m.overlapping_b(), m.b_spans),
        ("false_alarm", m.b_spans, m.b.doc, exact_b, m.overlapping_a(), m.a_spans),
    ):
        for i in np.flatnonzero(~hit).tolist():
            span, item = spans[i], items[int(docs[i])]
            near = sorted(other_spans[j] for j in others[i])
            out.append(SpanError(
                item.doc_id, item.lang, kind, span.start, span.end, span.label, item.text[span.start:span.end],
                _context(item.text, span, context),
                tuple(Overlapping(o.start, o.end, o.label, item.text[o.start:o.end]) for o in near),
            ))
    out.sort(key=lambda e: (e.doc_id, e.start, e.end, e.kind))
    return out


def errors(store, layer: str = MACHINE, against: str = GOLD, context: int = 40) -> list[SpanError]:
    """Misses and false alarms of ``layer`` against ``against`` (documents both are done on)."""
    return item_errors(items_from_store(store, layer, against), context)


def _context(text: str, span: Span, width: int) -> str:
    left = text[max(0, span.start - width) : span.start]
    right = text[span.end : span.end + width]
    return (left + "[" + text[span.start : span.end] + "]" + right).replace("\n", " ")
