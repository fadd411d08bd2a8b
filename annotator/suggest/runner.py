"""Running the suggester over the store: the ``machine`` layer, with confidence and provenance,
and how often annotators accept each label's suggestions."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from annotator.model import LABELS, MACHINE, Status, is_human_layer
from annotator.suggest.base import Suggester
from annotator.suggest.gold import GoldLexicon
from annotator.suggest.suggester import DefaultSuggester

ACTOR_NAME = "suggester"
BATCH = 200  # documents per write transaction


def document_languages(doc) -> list[str]:
    """The document's language and those of its differing paragraphs, as stored at import."""
    langs = [doc.lang] if doc.lang and doc.lang != "und" else []
    for paragraph in doc.paragraph_langs or ():
        lang = paragraph.get("lang") if isinstance(paragraph, dict) else None
        if lang and lang != "und" and lang not in langs:
            langs.append(lang)
    return langs


def suggest_documents(
    store,
    doc_ids: Iterable[str] | None = None,
    rerun: bool = False,
    *,
    suggester: Suggester | None = None,
    learn_from_gold: bool = True,
    actor: str = ACTOR_NAME,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Compute machine suggestions and store them as the ``machine`` layer.

    Documents that already have suggestions are skipped unless ``rerun``. ``progress(done,
    total)`` is called after each batch of documents. Unless a
    ``suggester`` is given, the default one is used, extended with the forms of the gold layer
    of the other documents. Returns counts::

        {"documents": suggested, "skipped": n, "spans": n, "labels": {label: n}}
    """
    ids = list(doc_ids) if doc_ids is not None else store.document_ids()
    gold = GoldLexicon.from_store(store) if suggester is None and learn_from_gold else None
    summary: dict = {"documents": 0, "skipped": 0, "spans": 0, "labels": dict.fromkeys(LABELS, 0)}
    for start in range(0, len(ids), BATCH):
        # one write transaction per batch: fast, and short enough not to hold annotators up
        with store.transaction():
            for doc in store.documents(ids[start : start + BATCH]):
                _suggest_one(store, doc, rerun, suggester, gold, actor, summary)
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    return summary


def _suggest_one(store, doc, rerun: bool, suggester: Suggester | None, gold: GoldLexicon | None, actor: str,
                 summary: dict) -> None:
    if not rerun and store.spans(doc.id, MACHINE):
        summary["skipped"] += 1
        return
    engine = suggester
    if engine is None:
        engine = DefaultSuggester(extra=gold.for_document(doc.id) if gold is not None and len(gold) else None)
    candidates = engine.suggest(doc.text, document_languages(doc))
    spans = [c.span for c in candidates]
    provenance = {c.span: (c.confidence, c.provenance) for c in candidates}
    store.replace_layer(doc.id, MACHINE, spans, Status.DONE.value, actor=actor, action="suggest",
                            provenance=provenance)
    summary["documents"] += 1
    summary["spans"] += len(spans)
    for span in spans:
        summary["labels"][span.label] = summary["labels"].get(span.label, 0) + 1


def acceptance_rates(store) -> dict[str, dict]:
    """Per label: how many suggestions annotators accepted and rejected, and the rate
    accepted / (accepted + rejected) (None when nothing was decided)."""
    counts = {label: {"accepted": 0, "rejected": 0} for label in LABELS}
    for _doc_id, layer, span, decision in store.all_decisions():
        if not is_human_layer(layer) or decision not in ("accepted", "rejected"):
            continue
        counts.setdefault(span.label, {"accepted": 0, "rejected": 0})[decision] += 1
    for value in counts.values():
        decided = value["accepted"] + value["rejected"]
        value["rate"] = value["accepted"] / decided if decided else None
    return counts
