"""How good are the suggestions? Precision, recall and F1 of one layer against another.

Two ways of counting a hit:

- ``exact``: same start, end and label;
- ``overlap``: same label and intersecting ranges, matched one-to-one by a maximum bipartite
  matching (so one long span cannot count for two short ones).

Scores are micro-averaged over the documents where the reference layer (``against``) has
status ``done``: overall, per label and per language. Pure Python; no Rich, no Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.model import GOLD, LABELS, MACHINE, Span

MODES = ("exact", "overlap")


@dataclass(frozen=True, slots=True)
class Item:
    """One document to score: its reference and predicted spans."""

    doc_id: str
    lang: str
    text: str
    reference: Sequence[Span]
    predicted: Sequence[Span]


def exact_matches(reference: Iterable[Span], predicted: Iterable[Span]) -> set[tuple[Span, Span]]:
    ref = set(reference)
    return {(s, s) for s in set(predicted) if s in ref}


def overlap_matches(reference: Sequence[Span], predicted: Sequence[Span]) -> set[tuple[Span, Span]]:
    """A maximum one-to-one matching of same-label intersecting spans (Kuhn's algorithm)."""
    ref = sorted(set(reference))
    pred = sorted(set(predicted))
    edges: list[list[int]] = []
    for p in pred:
        edges.append([r for r, s in enumerate(ref) if s.label == p.label and s.overlaps(p)])
    owner: dict[int, int] = {}  # reference index -> predicted index

    def augment(p: int, seen: set[int]) -> bool:
        for r in edges[p]:
            if r in seen:
                continue
            seen.add(r)
            if r not in owner or augment(owner[r], seen):
                owner[r] = p
                return True
        return False

    # exact hits first keeps the matching stable and intuitive when several are maximum
    order = sorted(range(len(pred)), key=lambda p: (pred[p] not in set(ref), p))
    for p in order:
        augment(p, set())
    return {(ref[r], pred[p]) for r, p in owner.items()}


def _counts(items: Iterable[Item], mode: str, label: str | None = None) -> dict[str, int]:
    tp = fp = fn = 0
    for item in items:
        ref = [s for s in item.reference if label is None or s.label == label]
        pred = [s for s in item.predicted if label is None or s.label == label]
        matched = exact_matches(ref, pred) if mode == "exact" else overlap_matches(ref, pred)
        tp += len(matched)
        fp += len(set(pred)) - len(matched)
        fn += len(set(ref)) - len(matched)
    return {"tp": tp, "fp": fp, "fn": fn}


def prf(counts: dict[str, int]) -> dict[str, float | int]:
    """Precision, recall and F1 from true positives, false positives and false negatives.

    An empty denominator gives 0.0 (no predictions and no references: nothing was achieved).
    """
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {**counts, "precision": precision, "recall": recall, "f1": f1}


def score_items(items: Sequence[Item], labels: Sequence[str] = LABELS) -> dict:
    """Micro-averaged scores, overall, per label and per language, for both modes."""
    items = list(items)
    result: dict = {"documents": len(items), "overall": {}, "labels": {}, "languages": {}}
    for mode in MODES:
        result["overall"][mode] = prf(_counts(items, mode))
    for label in labels:
        result["labels"][label] = {mode: prf(_counts(items, mode, label)) for mode in MODES}
    by_lang: dict[str, list[Item]] = {}
    for item in items:
        by_lang.setdefault(item.lang, []).append(item)
    for lang in sorted(by_lang):
        result["languages"][lang] = {mode: prf(_counts(by_lang[lang], mode)) for mode in MODES}
    return result


def items_from_store(store, layer: str = MACHINE, against: str = GOLD) -> list[Item]:
    """One item per document whose ``against`` layer is done."""
    done = [doc_id for doc_id, status in store.statuses(against).items() if status == "done"]
    wanted = set(done)
    items = []
    for doc in store.documents():
        if doc.id not in wanted:
            continue
        items.append(Item(doc.id, doc.lang, doc.text, store.spans(doc.id, against), store.spans(doc.id, layer)))
    return items


def evaluate(store, layer: str = MACHINE, against: str = GOLD) -> dict:
    """Scores of ``layer`` against ``against`` over the documents where ``against`` is done::

        {"layer", "against", "documents",
         "overall": {"exact": {"tp","fp","fn","precision","recall","f1"}, "overlap": {...}},
         "labels": {label: {"exact": ..., "overlap": ...}},
         "languages": {lang: {"exact": ..., "overlap": ...}}}
    """
    result = score_items(items_from_store(store, layer, against))
    return {"layer": layer, "against": against, **result}


def item_errors(items: Iterable[Item], context: int = 40) -> list[dict]:
    """Misses (in the reference, not predicted exactly) and false alarms (predicted, not in the
    reference), each with its text, context and, if any, the overlapping span of the other side."""
    out = []
    for item in items:
        ref, pred = set(item.reference), set(item.predicted)
        for kind, spans, others in (("miss", ref - pred, pred), ("false_alarm", pred - ref, ref)):
            for span in sorted(spans):
                near = [o for o in sorted(others) if o.overlaps(span)]
                out.append({
                    "doc_id": item.doc_id,
                    "lang": item.lang,
                    "kind": kind,
                    "start": span.start,
                    "end": span.end,
                    "label": span.label,
                    "text": item.text[span.start : span.end],
                    "context": _context(item.text, span, context),
                    "overlapping": [
                        {"start": o.start, "end": o.end, "label": o.label, "text": item.text[o.start : o.end]}
                        for o in near
                    ],
                })
    out.sort(key=lambda e: (e["doc_id"], e["start"], e["end"], e["kind"]))
    return out


def errors(store, layer: str = MACHINE, against: str = GOLD, context: int = 40) -> list[dict]:
    """Misses and false alarms of ``layer`` against ``against`` (documents where it is done)."""
    return item_errors(items_from_store(store, layer, against), context)


def _context(text: str, span: Span, width: int) -> str:
    left = text[max(0, span.start - width) : span.start]
    right = text[span.end : span.end + width]
    return (left + "[" + text[span.start : span.end] + "]" + right).replace("\n", " ")
