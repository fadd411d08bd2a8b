"""Reading curation documents from the store, and writing curation changes back through it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from annotator.agreement.loading import default_layers
from annotator.curation.conflicts import CurationDocument, conflicts
from annotator.curation.decisions import GoldEdit
from annotator.curation.merge import MergeSummary, Strategy, plan_all
from annotator.curation.report import LayerReport, ReportDocument, compare_layer
from annotator.model import GOLD, LABELS, MACHINE, InputError, Span, Status, quoted
from annotator.store import Change, Store, unknown_layer


def compared_layers(store: Store, layers: Sequence[str] | None = None, gold: str = GOLD) -> list[str]:
    """The annotator layers to compare: those named (checked), else every human layer."""
    if not layers:
        return default_layers(store)
    known = set(store.layers())
    chosen = list(dict.fromkeys(layers))
    for layer in chosen:
        if layer in (gold, MACHINE):
            raise InputError(f"{quoted(layer)} cannot be compared: name annotator layers")
        if layer not in known:
            raise unknown_layer(layer, known)
    return chosen


def load_documents(store: Store, layers: Sequence[str], gold: str = GOLD, *,
                   with_provenance: bool = False) -> list[CurationDocument]:
    """Every document, in import order, with the compared layers done on it and the gold layer
    (bulk queries: a handful, whatever the size of the corpus). The provenance of gold spans is
    only read if asked for (nothing in the merge or the conflicts needs it)."""
    statuses = store.bulk_statuses([*layers, gold])
    spans = store.bulk_spans([*layers, gold])
    decisions = store.bulk_decisions(gold)
    provenance = store.bulk_provenance(gold) if with_provenance else {}
    result = []
    for doc_id in store.document_ids():
        status = statuses.get(doc_id, {})
        doc_spans = spans.get(doc_id, {})
        done = tuple(layer for layer in layers if status.get(layer) == Status.DONE.value)
        result.append(CurationDocument(
            doc_id=doc_id,
            layers=done,
            spans={layer: tuple(Span(*s) for s in doc_spans.get(layer, ())) for layer in done},
            gold=tuple(Span(*s) for s in doc_spans.get(gold, ())),
            decisions=decisions.get(doc_id, {}),
            provenance=provenance.get(doc_id, {}),
            gold_status=status.get(gold, Status.TODO.value),
        ))
    return result


def load_document(store: Store, doc_id: str, layers: Sequence[str], gold: str = GOLD) -> CurationDocument:
    """One document, read afresh (after a change)."""
    done = tuple(layer for layer in layers if store.status(doc_id, layer) == Status.DONE.value)
    with_provenance = store.span_provenance(doc_id, gold)
    return CurationDocument(
        doc_id=doc_id,
        layers=done,
        spans={layer: tuple(store.spans(doc_id, layer)) for layer in done},
        gold=tuple(with_provenance),
        decisions=store.decisions(doc_id, gold),
        provenance={s: p for s, p in with_provenance.items() if p},
        gold_status=store.status(doc_id, gold),
    )


def has_conflicts(store: Store, doc_id: str, layers: Sequence[str], gold: str = GOLD) -> bool:
    """Whether at least two of ``layers`` are done on the document and differ somewhere there.
    (A merge does not change this: it adds to gold only spans every layer has, which are no
    conflict; so it can be checked before the merge writes.)"""
    doc = load_document(store, doc_id, layers, gold)
    return len(doc.layers) >= 2 and bool(conflicts(doc))


def apply_edit(store: Store, edit: GoldEdit, *, actor: str, gold: str = GOLD,
               note: dict | None = None) -> int | None:
    """Write one planned curator action as one event on the gold layer."""
    if edit.is_empty():
        return None
    change = Change(removed=list(edit.removed), added=list(edit.added), decisions=dict(edit.decisions),
                    status=edit.status)
    return apply_curation(
        store, edit.doc_id, gold, change, actor=actor, action=edit.action, provenance=dict(edit.provenance),
        note={"followed": list(edit.followed), **(note or {})},
    )


def apply_curation(store: Store, doc_id: str, layer: str, change: Change, *, actor: str, action: str,
                   provenance: Mapping[Span, str] | None = None, note: Mapping | None = None) -> int | None:
    """Write one curation step (a merge, a curator's decision) as one event on the layer, as
    given (unlike an annotator's change, it never sets a status of its own), and:

    - give the added spans their provenance (``provenance``: span -> text, see
      ``annotator.curation.provenance``);
    - record in the event the provenance of the spans added and removed, so that undo and redo
      restore it;
    - add ``note`` to the event's payload (e.g. ``{"followed": ["alice"]}``; the keys of the
      change itself are reserved: ``InputError``).
    """
    return store.write_change(doc_id, layer, replace(change, provenance=dict(provenance or {})), actor=actor,
                              action=action, note=note)


def merge_into_gold(store: Store, strategy: Strategy | str, *, actor: str, layers: Sequence[str] | None = None,
                    min_votes: int | None = None, gold: str = GOLD, dry_run: bool = False) -> MergeSummary:
    """Plan the merge of every document and (unless ``dry_run``) apply it, one event per changed
    document, all in one transaction."""
    chosen = compared_layers(store, layers, gold)
    summary = plan_all(load_documents(store, chosen, gold), strategy, chosen, min_votes)
    summary.dry_run = dry_run
    if dry_run:
        return summary
    with store.transaction():
        for plan in summary.plans:
            if not plan.changes:
                continue
            apply_curation(
                store, plan.doc_id, gold, Change(added=list(plan.added), status=plan.status), actor=actor,
                action="merge", provenance=plan.provenance,
                note={"strategy": summary.strategy, "layers": list(plan.layers), "min_votes": min_votes},
            )
    return summary


def report_documents(store: Store, layer: str, gold: str = GOLD, *,
                     include_unfinished: bool = False) -> list[ReportDocument]:
    """The documents the layer is done on and gold is done on (or, with ``include_unfinished``,
    where gold has been started), with their text and both layers' spans."""
    known = set(store.layers())
    for name in (layer, gold):
        if name not in known:
            raise unknown_layer(name, known)
    statuses = store.bulk_statuses([layer, gold])
    gold_ready = {Status.DONE.value} | ({Status.IN_PROGRESS.value} if include_unfinished else set())
    ids = [
        doc_id for doc_id in store.document_ids()
        if statuses.get(doc_id, {}).get(layer) == Status.DONE.value
        and statuses.get(doc_id, {}).get(gold) in gold_ready
    ]
    spans = store.bulk_spans([layer, gold])
    return [
        ReportDocument(
            doc.id, doc.text,
            tuple(Span(*s) for s in spans.get(doc.id, {}).get(gold, ())),
            tuple(Span(*s) for s in spans.get(doc.id, {}).get(layer, ())),
        )
        for doc in store.documents(ids)
    ]


def layer_report(store: Store, layer: str, gold: str = GOLD, *, include_unfinished: bool = False,
                 context: int = 40) -> tuple[LayerReport, dict[str, str]]:
    """The layer against gold, and the texts of the documents compared (for the examples)."""
    docs = report_documents(store, layer, gold, include_unfinished=include_unfinished)
    return compare_layer(docs, layer, LABELS, context=context), {d.doc_id: d.text for d in docs}
