"""Running the suggester over the store: the ``machine`` layer, with confidence and provenance,
and how often annotators accept each label's suggestions."""

from __future__ import annotations

import contextlib
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable

from annotator.model import LABELS, MACHINE, Span, Status, is_human_layer
from annotator.model.workers import worker_pool
from annotator.suggest.base import Candidate, Suggester
from annotator.suggest.gold import GoldLexicon
from annotator.suggest.suggester import DefaultSuggester

ACTOR_NAME = "suggester"
BATCH = 200  # documents per write transaction
PARALLEL_THRESHOLD = 300  # fewer documents than this are suggested in this process: a pool would not pay
CHUNK = 50  # documents per task sent to a worker process

#: A candidate as a worker sends it and as it is written: (start, end, label, confidence,
#: provenance); a tuple costs a tenth of a ``Candidate`` to pickle and to unpickle.
Row = tuple[int, int, str, float, str]


def document_languages(doc) -> list[str]:
    """The document's language and those of its differing paragraphs, as stored at import."""
    return languages_of(doc.lang, doc.paragraph_langs)


def languages_of(lang: str | None, paragraphs: Iterable | None) -> list[str]:
    """A language and those of paragraphs (``{"start", "end", "lang"}``), each once, "und" left out."""
    langs = [lang] if lang and lang != "und" else []
    for paragraph in paragraphs or ():
        lang = paragraph.get("lang") if isinstance(paragraph, dict) else None
        if lang and lang != "und" and lang not in langs:
            langs.append(lang)
    return langs


class Presuggested:
    """Suggestions computed by an import's worker processes beside each new document's analysis
    (``import_paths(..., along=Presuggested(store))``): one pool of processes for the whole
    import, each document sent to it once. They hold only while the gold forms they were
    computed with are still the store's (an import that brings gold, or agreed annotations,
    changes them: then all are computed again), and each only while its document's text is the
    one it was computed on (``digests``: another process may replace the text before they are
    written).

    The machine layers of the documents the import adds are written inside the import's
    transaction, a batch at a time as the import stores them (``batch_stored``), while the
    workers compute the next batches: then they cost the import's time instead of a phase of
    their own after it, and they are committed, or rolled back, with it. That holds only while
    the store's gold forms are those the workers have: it stops at the first record that
    gives a layer, or at a replaced text that drops an annotator's or the gold layer, after the
    workers started (``layers_change``); a document written early that such a record then
    reaches has its machine layer taken back first (it is new in this transaction: that
    removes all of it), to be written after the records, as without the early write; and at
    the end (``finish``), if the gold forms changed after all, every early write is taken
    back. The rest (replaced texts, failed or refused documents, those after the stop) are
    written by ``suggest_documents`` once the import is committed, as before; it counts the
    early ones as suggested (``take_written``)."""

    def __init__(self, store, learn_from_gold: bool = True) -> None:
        self._store = store
        self.learn_from_gold = learn_from_gold
        self.started = False
        self.gold: GoldLexicon | None = None
        self.results: dict[str, bytes | _WorkerError] = {}  # candidates pickled: a tenth of the memory
        self.digests: dict[str, str | None] = {}  # the checksum of the text each was computed on
        self.early = True  # whether the store's gold forms are still those the workers have
        self.written: dict[str, list[str]] = {}  # doc id -> the labels of its suggestions written early
        self._added: list[str] = []  # documents added by the batch being stored, with their results

    def start(self) -> tuple[Callable, tuple]:
        """The workers' initializer and its arguments (the gold forms as they are now)."""
        self.gold = GoldLexicon.from_store(self._store) if self.learn_from_gold else None
        self.started = True
        return _init_worker, (self.gold if self.gold is not None and len(self.gold) else None,)

    @staticmethod
    def compute(doc_id: str, text: str, lang: str, paragraphs: list[dict],
                tokens: list[tuple[str, str]] | None = None, offsets: bytes | None = None) -> bytes | _WorkerError:
        """In a worker process: a new document's candidates (``Row``s, pickled: they are kept
        until the import commits), or its error. ``tokens``: the text's ``gaps_and_tokens``
        pairs, if the analysis has them (the text is not tokenized again), and ``offsets``
        their ``packed_offsets_of`` (not summed up again)."""
        result = _suggest_in_worker(doc_id, text, languages_of(lang, paragraphs), tokens, offsets)
        return result if isinstance(result, _WorkerError) else pickle.dumps(result, pickle.HIGHEST_PROTOCOL)

    def keep(self, doc_id: str, result: bytes | _WorkerError, digest: str, added: bool = False) -> None:
        """In the import, once the document is stored: its result, and the checksum of the text
        it was computed on (the import has it; the write compares it with the stored text's);
        ``added``: the import added the document (it was not in the store)."""
        self.results[doc_id] = result
        self.digests[doc_id] = digest
        if added and not isinstance(result, _WorkerError):
            self._added.append(doc_id)

    def batch_stored(self) -> None:
        """In the import's transaction, after a batch of records: the machine layers of the
        documents it added, while the store's gold forms are the workers'. A document refused
        (a span out of its text) is left to ``suggest_documents``, which reports it."""
        added, self._added = self._added, []
        if not (self.early and self.started and added):
            return
        items = [(doc_id, pickle.loads(self.results[doc_id])) for doc_id in added]
        try:
            refused = self._store.write_new_layers(MACHINE, items, Status.DONE.value, actor=ACTOR_NAME,
                                                   action="suggest")
        except ValueError:  # refused before writing anything (a machine layer there): left for later
            return
        for (doc_id, rows), error in zip(items, refused, strict=True):
            if error is None:
                self.written[doc_id] = [row[2] for row in rows]

    def layers_change(self, doc_id: str) -> None:
        """In the import's transaction, before it changes the document's layers: the gold forms
        may change, so nothing more is written early; the document's early machine layer, if
        it has one, is taken back (it is written after the import's records, as without)."""
        if self.started:
            self.early = False
        if doc_id in self.written:
            self._store.take_back_new_layers(MACHINE, [doc_id])
            del self.written[doc_id]

    def finish(self) -> None:
        """At the end of the import's transaction: if the gold forms may have changed since the
        workers started and did change, every early write is taken back (computed again after
        the commit); the results written early and kept are let go."""
        if self.written and not self.early:
            gold = GoldLexicon.from_store(self._store) if self.learn_from_gold else None
            if not self._same_gold(gold):
                self._store.take_back_new_layers(MACHINE, list(self.written))
                self.written.clear()
        for doc_id in self.written:
            del self.results[doc_id], self.digests[doc_id]

    def take_written(self) -> dict[str, list[str]]:
        """The documents written during the import (and the labels of their suggestions), once."""
        written, self.written = self.written, {}
        return written

    def usable(self, gold: GoldLexicon | None, learn_from_gold: bool) -> dict:
        """The results, if they were computed with ``gold``; else none."""
        if not self.started or learn_from_gold != self.learn_from_gold:
            return {}
        return self.results if self._same_gold(gold) else {}

    def _same_gold(self, gold: GoldLexicon | None) -> bool:
        return (gold is None) == (self.gold is None) and (gold is None or gold.same_forms(self.gold))


def suggest_documents(
    store,
    doc_ids: Iterable[str] | None = None,
    rerun: bool = False,
    *,
    suggester: Suggester | None = None,
    learn_from_gold: bool = True,
    actor: str = ACTOR_NAME,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    presuggested: Presuggested | None = None,
) -> dict:
    """Compute machine suggestions and store them as the ``machine`` layer.

    Documents that already have a machine layer (suggested before, even if nothing was found)
    are skipped unless ``rerun``. ``progress(done, total)`` is called after each batch of
    documents. Unless a ``suggester`` is given, the default one is used, extended with the forms
    of the gold layer of the other documents; then, for ``PARALLEL_THRESHOLD`` documents or
    more, the suggestions are computed in ``workers`` processes (default: one per core), a few
    batches ahead, while this process writes them exactly as it writes its own, batch by batch
    in the documents' order: the store ends the same as with one process. Documents are written in batches of ``BATCH`` per
    transaction; a document whose suggestion fails is undone alone (a savepoint), recorded in
    ``failed`` and the others carry on; if a batch cannot be committed, all its documents are
    recorded as failed. The documents ``presuggested`` holds usable results for (an import's
    workers computed them) are written without being computed again. Returns counts::

        {"documents": suggested, "skipped": n, "spans": n, "labels": {label: n},
         "failed": [{"id": doc id, "error": one line}, ...]}

    An interruption (``KeyboardInterrupt``) undoes only the batch under way: the documents of
    earlier batches keep their suggestions, and the rest are found again by
    ``Store.unsuggested_documents``.
    """
    summary: dict = {"documents": 0, "skipped": 0, "spans": 0, "labels": dict.fromkeys(LABELS, 0), "failed": []}
    early = presuggested.take_written() if presuggested is not None and not rerun else {}
    _count(summary, early.values())
    if doc_ids is not None:
        ids = [doc_id for doc_id in doc_ids if doc_id not in early]
    elif rerun:
        ids = store.document_ids()
    else:  # every document without a machine layer, found in one query
        ids = store.unsuggested_documents()
        summary["skipped"] = store.document_count() - len(ids) - len(early)
    if not ids:
        return summary
    gold = GoldLexicon.from_store(store) if suggester is None and learn_from_gold else None
    ready = presuggested.usable(gold, learn_from_gold) if presuggested is not None and suggester is None else {}
    digests = presuggested.digests if ready else {}  # doc id -> the text a result was computed on
    workers = workers or os.cpu_count() or 1
    parallel = suggester is None and workers > 1 and sum(i not in ready for i in ids) >= PARALLEL_THRESHOLD
    # one default suggester for the run, when this process suggests: its word memos serve every document
    default = DefaultSuggester() if suggester is None and not parallel and len(ready) < len(ids) else None
    with worker_pool(workers, _init_worker, (gold if gold is not None and len(gold) else None,)) if parallel \
            else contextlib.nullcontext() as pool:
        batches = _computed_batches(store, ids, rerun, ready, pool, workers, digests)
        for n, (batch, computed) in enumerate(batches):
            _write_batch(store, batch, computed, rerun, suggester, gold, actor, summary, default, digests)
            if progress:
                progress(min((n + 1) * BATCH, len(ids)), len(ids))
    return summary


def _write_batch(store, batch: list[str], computed: dict, rerun: bool, suggester: Suggester | None,
                 gold: GoldLexicon | None, actor: str, summary: dict, default: DefaultSuggester | None = None,
                 digests: dict[str, str | None] | None = None) -> None:
    """Suggest and write one batch of documents in one transaction; ``computed``: what a worker
    found per document id (its candidates as rows, or its error), used only while the document's
    text is the one it was computed on (``digests``: its checksum); the others are computed here
    (by ``suggester``, else by ``default`` with the gold forms of the other documents)."""
    digests = digests or {}
    done: list[list[str]] = []  # the labels of each document's suggestions
    skipped = 0
    failed: list[dict] = []
    group: list[tuple[str, list[Row]]] = []  # documents a worker suggested, not suggested before

    def write_group() -> None:
        """The group's machine layers, written together (the same rows and events as one by
        one); a document refused is recorded in ``failed`` alone."""
        errors = store.write_new_layers(MACHINE, group, Status.DONE.value, actor=actor, action="suggest")
        for (doc_id, rows), error in zip(group, errors, strict=True):
            if error is None:
                done.append([row[2] for row in rows])
            else:
                failed.append({"id": doc_id, "error": _one_line(error)})
        group.clear()

    try:
        # one write transaction per batch: fast, and short enough not to hold annotators up
        with store.transaction():
            suggested = store.machine_layer_among(batch)
            texts = store.document_checksums([doc_id for doc_id in batch if doc_id in computed])
            for doc_id in batch:
                found = computed.get(doc_id)
                if found is not None and digests.pop(doc_id, None) != texts.get(doc_id):
                    found = None  # computed on a text since replaced (by another process): computed again
                if found is not None and not isinstance(found, _WorkerError) and doc_id not in suggested:
                    suggested.add(doc_id)  # named again in the batch: skipped below, as one by one
                    group.append((doc_id, found))
                    continue
                if group:  # written first: the documents are written in the batch's order
                    write_group()
                try:
                    with store.transaction():  # a savepoint: a failure undoes this document only
                        spans = _suggest_one(store, doc_id, rerun, suggester, gold, actor, found, default)
                except Exception as exc:
                    failed.append({"id": doc_id, "error": _one_line(exc)})
                    if not store.db.conn.in_transaction:
                        raise  # SQLite rolled the whole batch back (disk full, I/O error)
                    continue
                if spans is None:
                    skipped += 1
                else:
                    done.append([span.label for span in spans])
            if group:
                write_group()
    except Exception as exc:
        failed = [{"id": doc_id, "error": _one_line(exc)} for doc_id in batch
                  if doc_id not in {f["id"] for f in failed}] + failed
        done, skipped = [], 0
    summary["failed"].extend(failed)
    summary["skipped"] += skipped
    _count(summary, done)


def _count(summary: dict, documents: Iterable[list[str]]) -> None:
    """Count suggested documents (each given by its suggestions' labels) into ``summary``."""
    for labels in documents:
        summary["documents"] += 1
        summary["spans"] += len(labels)
        for label in labels:
            summary["labels"][label] = summary["labels"].get(label, 0) + 1


def _computed_batches(store, ids: list[str], rerun: bool, ready: dict, pool, workers: int, digests: dict):
    """Batches of ``BATCH`` ids, each with what is known of its documents' results: those
    ``ready`` (taken out of it as they go), and with a pool the others' (``CHUNK`` documents a
    task), computed a few batches ahead; the texts are read here, a batch at a time, so memory
    stays flat in the number of documents, and their checksums go into ``digests``. Without a
    pool, the rest are left to the caller."""
    ahead = max(2, -(-2 * workers * CHUNK // BATCH))
    in_flight: deque = deque()
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        known = {i: _unpickled(ready.pop(i)) for i in batch if i in ready}
        tasks = []
        if pool is not None:
            unknown = [i for i in batch if i not in known]
            suggested = set() if rerun else store.machine_layer_among(unknown)
            wanted = [i for i in unknown if i not in suggested]
            docs = list(store.documents(wanted))
            digests.update((d.id, d.checksum) for d in docs)
            work = [(d.id, d.text, document_languages(d)) for d in docs]
            tasks = [pool.submit(_suggest_chunk, work[k : k + CHUNK]) for k in range(0, len(work), CHUNK)]
        in_flight.append((batch, known, tasks))
        if len(in_flight) > ahead:
            yield _collect(*in_flight.popleft())
    while in_flight:
        yield _collect(*in_flight.popleft())


def _unpickled(result: bytes | _WorkerError) -> list[Row] | _WorkerError:
    return pickle.loads(result) if isinstance(result, bytes) else result


def _collect(batch: list[str], known: dict, tasks: list) -> tuple[list[str], dict]:
    return batch, known | {doc_id: result for task in tasks for doc_id, result in task.result()}


class _WorkerError(Exception):
    """A document's suggestion failed in a worker process; the message is the one-line error."""


_worker_gold: GoldLexicon | None = None
_worker_suggester: DefaultSuggester | None = None  # the worker's: its word memos serve every document


def _init_worker(gold: GoldLexicon | None) -> None:
    global _worker_gold, _worker_suggester
    _worker_gold = gold
    _worker_suggester = DefaultSuggester()


def _suggest_chunk(work: list[tuple[str, str, list[str]]]) -> list[tuple[str, list[Row] | _WorkerError]]:
    """In a worker process: each document's candidates from the default suggester (as rows), or its error."""
    return [(doc_id, _suggest_in_worker(doc_id, text, langs)) for doc_id, text, langs in work]


def _suggest_in_worker(doc_id: str, text: str, langs: list[str], tokens: list[tuple[str, str]] | None = None,
                       offsets: bytes | None = None) -> list[Row] | _WorkerError:
    try:
        engine = _worker_suggester.with_extra(_worker_gold.for_document(doc_id) if _worker_gold is not None else None)
        return _rows(engine.suggest(text, langs, tokens, offsets))
    except Exception as exc:
        return _WorkerError(_one_line(exc))


def _rows(candidates: list[Candidate]) -> list[Row]:
    return [(c.start, c.end, c.label, c.confidence, c.provenance) for c in candidates]


def _one_line(exc: BaseException) -> str:
    """An exception as one short line for a message."""
    if isinstance(exc, _WorkerError):
        return str(exc)
    text = str(exc).splitlines()[0] if str(exc) else ""
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) <= 160 else text[:160] + "..."


def _suggest_one(store, doc_id: str, rerun: bool, suggester: Suggester | None, gold: GoldLexicon | None,
                 actor: str, computed: list[Row] | _WorkerError | None = None,
                 default: DefaultSuggester | None = None) -> list[Span] | None:
    """Suggest one document (or write what a worker ``computed`` for it); its spans, or None if
    it was skipped (it has a machine layer)."""
    if not rerun and store.has_machine_layer(doc_id):
        return None
    if isinstance(computed, _WorkerError):
        raise computed
    if computed is not None:
        rows = computed  # the document is not read: a missing one is refused by replace_layer
    else:
        doc = store.document(doc_id)
        engine = suggester
        if engine is None:
            engine = (default or DefaultSuggester()).with_extra(
                gold.for_document(doc.id) if gold is not None and len(gold) else None)
        rows = _rows(engine.suggest(doc.text, document_languages(doc)))
    spans, provenance = _spans_of(rows)
    store.replace_layer(doc_id, MACHINE, spans, Status.DONE.value, actor=actor, action="suggest",
                        provenance=provenance)
    return spans


def _spans_of(rows: list[Row]) -> tuple[list[Span], dict[Span, tuple[float, str]]]:
    """The spans of a document's candidates, and each span's (confidence, provenance)."""
    spans = [Span(start, end, label) for start, end, label, _, _ in rows]
    return spans, {span: (confidence, source) for span, (_, _, _, confidence, source) in zip(spans, rows, strict=True)}


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
