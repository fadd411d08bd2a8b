"""Importing: read every input, analyse each document (languages, tokens), store all of it in
one transaction. Any error leaves the database exactly as it was.

Analysis runs in worker processes for large imports, in bounded batches so memory stays flat
in the number of documents; the workers can do more for each new document at the same time
(``Along``: the machine suggestions), so that an import starts one pool and sends each text once.
"""

from __future__ import annotations

import collections
import contextlib
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Protocol

from annotator.formats.analysis import Analysis, analyse, analyse_chunk
from annotator.formats.foreign import ImportOptions
from annotator.formats.reading import STDIN, InputError, Record
from annotator.formats.sources import input_sources, read_source
from annotator.model import MACHINE, AnnotatorError, Span, quoted
from annotator.model.workers import worker_pool
from annotator.store import Store, StoreError
from annotator.store.store import DocumentRow, checksum

BATCH = 256
CHUNK = 16  # documents per task sent to a worker process
#: Batches handed to the workers and not stored yet: while this process stores one batch and
#: writes its suggestions, the workers have the next ones to compute (with one, they waited
#: for this process at times: 10,000 documents took about 1 s more wall time)
AHEAD = 2
PROGRESS_EVERY = 50  # records between two progress reports within a file


class Along(Protocol):
    """More work for the import's worker processes, on each new document beside its analysis
    (``annotator.suggest.runner.Presuggested``). When the import starts its pool, ``start()``
    gives the workers' initializer and its arguments; in a worker, ``compute(doc_id, text, lang,
    paragraphs, tokens, offsets)`` gives a result (it must not raise, and must be a function
    pickle can name; ``tokens`` are the text's ``gaps_and_tokens`` pairs and ``offsets`` their
    ``packed_offsets_of``, which the analysis computed). In the import's transaction: each
    stored document's result is handed to ``keep`` with its text's checksum and whether the
    import added the document (rather than replaced its text); ``batch_stored()`` follows each
    batch of records stored (the results of its new documents may be written then, inside the
    transaction); ``layers_change(doc_id)`` comes before the import changes a document's
    layers (a record gives it a layer, or replacing its text drops an annotator's or the gold
    layer); ``finish()`` comes last, before the commit. An import without workers computes
    nothing along."""

    def start(self) -> tuple[Callable[..., None], tuple]: ...

    @staticmethod
    def compute(doc_id: str, text: str, lang: str, paragraphs: list[dict],
                tokens: list[tuple[str, str]], offsets: bytes) -> object: ...

    def keep(self, doc_id: str, result: object, digest: str, added: bool) -> None: ...

    def batch_stored(self) -> None: ...

    def layers_change(self, doc_id: str) -> None: ...

    def finish(self) -> None: ...


@dataclass
class ImportSummary:
    """What an import did."""

    files: int = 0
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    meta_updated: int = 0
    layers: dict[str, int] = field(default_factory=dict)
    added_ids: list[str] = field(default_factory=list)
    trimmed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # one note per span whose whitespace was trimmed
    dropped: dict[str, dict[str, int]] = field(default_factory=dict)  # replaced doc -> {layer: spans dropped}
    dropped_notes: list[str] = field(default_factory=list)  # per replaced document, what it lost
    backup: Path | None = None  # the copy of the database written before anything was dropped

    def line(self) -> str:
        """The one-line summary printed after an import."""
        parts = [f"{self.added} added", f"{self.unchanged} unchanged"]
        if self.replaced:
            parts.append(f"{self.replaced} replaced")
        if self.meta_updated:
            parts.append(f"{self.meta_updated} with new metadata")
        text = f"Imported {self.files} file(s): " + ", ".join(parts)
        if self.layers:
            text += "; annotations: " + ", ".join(f"{k} {v}" for k, v in sorted(self.layers.items()))
        if self.dropped:
            totals: dict[str, int] = {}
            for layers in self.dropped.values():
                for layer, n in layers.items():
                    totals[layer] = totals.get(layer, 0) + n
            text += (f"; layers dropped from {len(self.dropped)} replaced document(s): "
                     + ", ".join(f"{layer} ({n} spans)" for layer, n in sorted(totals.items())))
        if self.backup is not None:
            text += f"; backup of the database before: {self.backup}"
        if self.trimmed:
            text += f"; whitespace trimmed around {len(self.trimmed)} span(s)"
        for note in self.notes:
            text += "; " + note
        return text


def import_paths(
    store: Store,
    paths: list[Path],
    *,
    actor: str,
    replace: bool = False,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    stdin_format: str = "auto",
    stdin_id: str | None = None,
    options: ImportOptions | None = None,
    drop_layers: bool = False,
    along: Along | None = None,
) -> ImportSummary:
    """Import files and folders (and ``-``, standard input, read as ``stdin_format``; a text
    there gets the id ``stdin_id``, see ``read_stdin``) into the store, all or nothing.
    ``options``: the format of the files (else detected per file), the layer for files that do
    not name their annotator, the label map.

    ``replace`` lets a document's text be replaced; its layers are dropped (their offsets refer
    to the old text) and its suggestions computed again by the caller. Layers other than the
    machine one, unless this import gives the document that layer again, are only dropped with
    ``drop_layers``: otherwise the import is refused naming the document and what it would lose.
    Before the first such drop, the database as it was is backed up beside it
    (``summary.backup``); a refused import removes that copy again. ``along``: more work for
    the worker processes on each new document (see ``Along``). A worker process that dies
    stops the import (``WorkerDied``), with nothing stored."""
    options = options or ImportOptions()
    files = list(input_sources(paths, options))
    total_bytes = sum(_size(p) for p, _fmt in files) or 1
    summary = ImportSummary(files=len(files))
    seen: dict[str, str] = {}
    replacements = _Replacements(drop_layers)

    # Progress is reported as records are stored (with their suggestions), not as they are
    # read: reading runs a few batches ahead of storing, and a bar that followed the reading
    # would sit at 100% while the last batches are still under way.
    position: dict[int, int] = {}  # id(record) -> how far into the input it ends, until stored

    def records() -> Iterator[Record]:
        done_bytes = 0
        for path, fmt in files:
            size = _size(path)
            # Within a file, the position is estimated from the length of the texts read so far
            # (close to a JSONL file's bytes), so that one large file does not sit at 0% until
            # it has been read; the end of each file is exact.
            within = 0
            record = None
            for record in read_source(path, fmt, options, stdin_format, stdin_id):
                within += len(record.text)
                position[id(record)] = done_bytes + min(within, size)
                yield record
            done_bytes += size
            if record is not None:
                position[id(record)] = done_bytes
            elif progress:
                progress(done_bytes, total_bytes)  # an empty file

    def report(record: Record) -> None:
        if progress:
            progress(position[id(record)], total_bytes)

    pool = None
    pending: collections.deque = collections.deque()  # batches under analysis, in order

    def store_batch(batch, digests, stored, fresh, analyses) -> None:
        results = _results(analyses)
        analysed = {id(r): (a, folded) for r, (a, folded, _) in zip(fresh, results, strict=True)}
        added = set()
        for n, record in enumerate(batch, 1):
            if _store_record(store, record, digests[id(record)], stored, analysed.get(id(record)), seen,
                             summary, actor, replace, replacements, along) == "added":
                added.add(record.id)
            if n % PROGRESS_EVERY == 0:
                report(record)
        if along is not None:
            for record, (_, _, result) in zip(fresh, results, strict=True):
                if result is not None:
                    along.keep(record.id, result, digests[id(record)], record.id in added)
            along.batch_stored()
        if batch:
            report(batch[-1])
        for record in batch:
            del position[id(record)]

    try:
        with contextlib.ExitStack() as workers_started, store.transaction():
            iterator = records()
            # Pipelined: the workers analyse batches k+1 .. k+AHEAD while this process stores batch k.
            while batch := list(islice(iterator, BATCH)):
                digests = {id(r): checksum(r.text) for r in batch}
                stored = store.document_checksums([record.id for record in batch if record.id not in seen])
                fresh = _new_texts(batch, digests, stored, seen)
                if pool is None and len(fresh) >= BATCH and (workers or os.cpu_count() or 1) > 1:
                    initializer, initargs = along.start() if along is not None else (None, ())
                    pool = workers_started.enter_context(
                        worker_pool(workers or min(os.cpu_count() or 1, 4), initializer, initargs))
                analyses = _analyse_batch(pool, fresh, along.compute if along is not None else None)
                pending.append((batch, digests, stored, fresh, analyses))
                if len(pending) > AHEAD:
                    store_batch(*pending.popleft())
            while pending:
                store_batch(*pending.popleft())
            replacements.check()
            if along is not None:
                along.finish()
    except BaseException:
        if replacements.backup is not None:  # nothing was dropped: the copy is not needed
            replacements.backup.unlink(missing_ok=True)
        raise
    replacements.report(summary)
    summary.notes = options.notes.parts()
    return summary


def _size(path: Path) -> int:
    """The file's size for the progress bar (0 for standard input, whose size is unknown)."""
    return 0 if str(path) == STDIN else path.stat().st_size


def _new_texts(batch: list[Record], digests: dict[int, str], stored: dict[str, str],
               seen: dict[str, str]) -> list[Record]:
    """Records whose text is not stored yet and so needs analysis (``stored``: the checksums of
    the batch's documents in the store, those not ``seen`` earlier in this import)."""
    fresh = []
    batch_ids: set[str] = set()
    for record in batch:
        if record.id in seen or record.id in batch_ids:
            continue
        batch_ids.add(record.id)
        if stored.get(record.id) != digests[id(record)]:
            fresh.append(record)
    return fresh


def _analyse_batch(pool, fresh: list[Record], compute: Callable | None) -> list:
    """The records' (analysis, folded text, result of ``compute``): here (no folded text nor
    result: the store folds), or with a pool its tasks under way (``CHUNK`` records each), for
    ``_results``."""
    if pool is None:
        return [(analyse(r.text), None, None) for r in fresh]
    items = [(r.id, r.text) for r in fresh]
    return [pool.submit(analyse_chunk, items[k : k + CHUNK], compute) for k in range(0, len(items), CHUNK)]


def _results(analyses: list) -> list[tuple[Analysis, str | None, object]]:
    """What ``_analyse_batch`` gave, the tasks under way waited for."""
    if analyses and isinstance(analyses[0], Future):
        return [pair for task in analyses for pair in task.result()]
    return analyses


@dataclass
class _Replacements:
    """What replacing documents' texts drops: checked at the end of the import (a later record
    of the same document may give a layer back), backed up before the first drop."""

    drop_layers: bool
    backup: Path | None = None
    lost: dict[str, tuple[str, dict[str, dict]]] = field(default_factory=dict)  # doc -> (where, layers)

    def before_replacing(self, store: Store, record: Record) -> bool:
        """Note what replacing the record's document drops; whether it has layers other than
        the machine one."""
        layers = {name: info for name, info in store.document_layers(record.id).items() if name != MACHINE}
        if not layers:
            return False
        if self.backup is None:
            try:
                self.backup = store.backup_before("replace")
            except (OSError, StoreError) as exc:
                raise InputError(f"{record.where}: cannot back up the database before replacing document "
                                 f"{quoted(record.id)} ({exc})") from None
        self.lost[record.id] = (record.where, layers)
        return True

    def given_again(self, doc_id: str, layer: str) -> None:
        if doc_id in self.lost:
            self.lost[doc_id][1].pop(layer, None)

    def check(self) -> None:
        lost = {doc_id: item for doc_id, item in self.lost.items() if item[1]}
        if lost and not self.drop_layers:
            doc_id, (where, layers) = next(iter(lost.items()))
            more = f" (and {len(lost) - 1} more document(s))" if len(lost) > 1 else ""
            raise InputError(f"{where}: replacing document {quoted(doc_id)} would drop {_describe(layers)}{more}; "
                             "use --drop-layers to drop them (a backup of the database is written first)")

    def report(self, summary: ImportSummary) -> None:
        summary.backup = self.backup
        for doc_id, (where, layers) in self.lost.items():
            if layers:
                summary.dropped[doc_id] = {name: info["spans"] for name, info in layers.items()}
                summary.dropped_notes.append(f"{where}: document {quoted(doc_id)} replaced: dropped {_describe(layers)}")


def _describe(layers: dict[str, dict]) -> str:
    """``alice (3 spans, done), gold (5 spans, done)``."""
    return ", ".join(f"{name} ({info['spans']} spans, {info['status']})" for name, info in layers.items())


def _store_record(store: Store, record: Record, digest: str, stored: dict[str, str], analysis,
                  seen: dict[str, str], summary: ImportSummary, actor: str, replace: bool,
                  replacements: _Replacements, along: Along | None) -> str | None:
    """Store one record; what became of its document (``"added"``, ``"unchanged"``,
    ``"replaced"``, ``"meta_updated"``), or None if an earlier record of this import had it.
    ``stored``: the checksums of the batch's documents as the store had them when it was read."""
    outcome = None
    if record.id in seen:
        if seen[record.id] != digest:
            raise InputError(f"{record.where}: document {quoted(record.id)} appears twice in this import with different texts")
    else:
        seen[record.id] = digest
        if analysis is None and not record.meta_given:
            outcome = "unchanged"
        elif analysis is None:
            try:
                outcome = store.update_meta(record.id, record.meta, actor=actor, replace=replace)
            except AnnotatorError as exc:
                raise InputError(f"{record.where}: {exc}") from None
        else:
            (lang, paragraphs, n_tokens, tokens), folded = analysis
            row = DocumentRow(record.id, record.text, lang, paragraphs, record.meta, digest, 0, n_tokens, tokens, folded)
            if replace and record.id in stored and replacements.before_replacing(store, record) and along is not None:
                along.layers_change(record.id)
            try:
                outcome = store.insert_document(row, actor=actor, replace=replace, savepoint=False)
            except (ValueError, AnnotatorError) as exc:
                raise InputError(f"{record.where}: {exc}") from None
        if outcome == "added":
            summary.added_ids.append(record.id)
        setattr(summary, outcome, getattr(summary, outcome) + 1)
    if record.layer is not None:
        summary.trimmed.extend(record.notes)
        if along is not None:
            along.layers_change(record.id)
        if _store_layer(store, record, actor, replace, summary):
            replacements.given_again(record.id, record.layer)
    return outcome


def _store_flags(store: Store, record: Record, actor: str, replace: bool) -> None:
    """The record's flags become the annotator's flags on the document; different flags already
    there are kept unless ``replace``."""
    assert record.layer is not None and record.flags is not None
    key = lambda f: (f["start"], f["end"], f["note"])  # noqa: E731
    current = sorted((f.to_json() for f in store.flags(record.id, record.layer)), key=lambda f: str(key(f)))
    wanted = sorted(record.flags, key=lambda f: str(key(f)))
    if [key(f) for f in current] == [key(f) for f in wanted]:
        return
    if current and not replace:
        raise InputError(f"{record.where}: layer {quoted(record.layer)} of document {quoted(record.id)} already has "
                         "different flags (use --replace)")
    store.replace_flags(record.id, record.layer, record.flags, actor=actor)


def _store_layer(store: Store, record: Record, actor: str, replace: bool, summary: ImportSummary) -> bool:
    """Store the record's annotation of its layer; True if it changed the layer."""
    layer = record.layer
    assert layer is not None
    if record.flags is not None:
        _store_flags(store, record, actor, replace)
    current = store.spans(record.id, layer)
    wanted: list[Span] = record.spans if record.spans is not None else current
    current_status = store.status(record.id, layer)
    if set(current) == set(wanted) and (record.status is None or record.status == current_status):
        return False
    if (current or current_status != "todo") and not replace:
        raise InputError(
            f"{record.where}: layer {quoted(layer)} of document {quoted(record.id)} already has a different "
            "annotation (use --replace)"
        )
    try:
        store.replace_layer(record.id, layer, wanted, record.status, actor=actor, action="import")
    except ValueError as exc:
        raise InputError(f"{record.where}: {exc}") from None
    summary.layers[layer] = summary.layers.get(layer, 0) + 1
    return True
