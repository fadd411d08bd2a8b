"""Running the suggester over the store: the ``machine`` layer, with confidence and provenance,
and how often annotators accept each label's suggestions."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from annotator.model import LABELS, MACHINE, Span, Status, is_human_layer
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

    Documents that already have a machine layer (suggested before, even if nothing was found)
    are skipped unless ``rerun``. ``progress(done, total)`` is called after each batch of
    documents. Unless a ``suggester`` is given, the default one is used, extended with the forms
    of the gold layer of the other documents. Documents are written in batches of ``BATCH`` per
    transaction; a document whose suggestion fails is undone alone (a savepoint), recorded in
    ``failed`` and the others carry on; if a batch cannot be committed, all its documents are
    recorded as failed. Returns counts::

        {"documents": suggested, "skipped": n, "spans": n, "labels": {label: n},
         "failed": [{"id": doc id, "error": one line}, ...]}

    An interruption (``KeyboardInterrupt``) undoes only the batch under way: the documents of
    earlier batches keep their suggestions, and the rest are found again by
    ``Store.unsuggested_documents``.
    """
    summary: dict = {"documents": 0, "skipped": 0, "spans": 0, "labels": dict.fromkeys(LABELS, 0), "failed": []}
    if doc_ids is not None:
        ids = list(doc_ids)
    elif rerun:
        ids = store.document_ids()
    else:  # every document without a machine layer, found in one query
        ids = store.unsuggested_documents()
        summary["skipped"] = store.document_count() - len(ids)
    if not ids:
        return summary
    gold = GoldLexicon.from_store(store) if suggester is None and learn_from_gold else None
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        done: list[list[Span]] = []
        skipped = 0
        failed: list[dict] = []
        try:
            # one write transaction per batch: fast, and short enough not to hold annotators up
            with store.transaction():
                for doc_id in batch:
                    try:
                        with store.transaction():  # a savepoint: a failure undoes this document only
                            spans = _suggest_one(store, doc_id, rerun, suggester, gold, actor)
                    except Exception as exc:
                        failed.append({"id": doc_id, "error": _one_line(exc)})
                        if not store.db.conn.in_transaction:
                            raise  # SQLite rolled the whole batch back (disk full, I/O error)
                        continue
                    if spans is None:
                        skipped += 1
                    else:
                        done.append(spans)
        except Exception as exc:
            failed = [{"id": doc_id, "error": _one_line(exc)} for doc_id in batch
                      if doc_id not in {f["id"] for f in failed}] + failed
            done, skipped = [], 0
        summary["failed"].extend(failed)
        summary["skipped"] += skipped
        for spans in done:
            summary["documents"] += 1
            summary["spans"] += len(spans)
            for span in spans:
                summary["labels"][span.label] = summary["labels"].get(span.label, 0) + 1
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    return summary


def _one_line(exc: BaseException) -> str:
    """An exception as one short line for a message."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) <= 160 else text[:160] + "..."


def _suggest_one(store, doc_id: str, rerun: bool, suggester: Suggester | None, gold: GoldLexicon | None,
                 actor: str) -> list[Span] | None:
    """Suggest one document; its spans, or None if it was skipped (it has a machine layer)."""
    if not rerun and store.has_machine_layer(doc_id):
        return None
    doc = store.document(doc_id)
    engine = suggester
    if engine is None:
        engine = DefaultSuggester(extra=gold.for_document(doc.id) if gold is not None and len(gold) else None)
    candidates = engine.suggest(doc.text, document_languages(doc))
    spans = [c.span for c in candidates]
    provenance = {c.span: (c.confidence, c.provenance) for c in candidates}
    store.replace_layer(doc.id, MACHINE, spans, Status.DONE.value, actor=actor, action="suggest",
                        provenance=provenance)
    return spans


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
