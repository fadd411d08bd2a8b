"""Import and CoNLL export at scale: 10,000 seed-sized documents.

Builds a folder of N documents from the seed articles (each made unique by an appended line),
imports it into a fresh database with languages, tokenization and storage, then exports gold
spans to CoNLL. Prints seconds for each step and the peak memory of this process.

    python benchmarks/bench_import_export.py            # 10,000 documents, 3 runs
    python benchmarks/bench_import_export.py --docs 2000 --runs 1

With --suggest: the whole import as `annotator import` does it into a new database (store, then
suggestions for the new documents, in --workers processes, default one per core) on N plain documents, beside what
plain `langdetect.detect` costs on the same texts in one process (its profiles loaded first);
wall and CPU seconds (this process and its workers), medians of the runs, and the ratio.

    python benchmarks/bench_import_export.py --suggest --docs 2000 --runs 3 [--workers 1]
"""

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

# As the `annotator` command does (annotator/__main__.py): sqlite-utils would import pandas, which
# annotator never uses. The worker processes import this script again (they are spawned), so this
# also keeps them as light as the command's workers.
sys.modules.setdefault("pandas", None)  # type: ignore[arg-type]

from annotator.formats.exporting import export_lines  # noqa: E402
from annotator.formats.importing import import_paths  # noqa: E402
from annotator.settings import load_settings  # noqa: E402
from annotator.store import Store  # noqa: E402
from annotator.store.database import NewDatabase  # noqa: E402
from annotator.text import canonicalize, split_date_header  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def build_corpus(folder: Path, n: int) -> Path:
    """A JSONL file of n seed-sized documents with gold spans, so export has work to do."""
    seeds = [split_date_header(canonicalize(p.read_text(encoding="utf-8")))[0] for p in sorted((ROOT / "seeds").glob("*.txt"))]
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text = seeds[i % len(seeds)] + f"\n\nArticle {i}."
            words = [(m_start, m_start + len(w)) for m_start, w in _words(text)][:: 12][:25]
            spans = [{"start": a, "end": b, "label": "ACTOR"} for a, b in words]
            out.write(json.dumps({"id": f"doc{i:05d}", "text": text, "layer": "gold", "spans": spans}, ensure_ascii=False) + "\n")
    return path


def bench_whole_import(docs: int, runs: int, workers: int | None) -> None:
    """Import with suggestions against plain langdetect on the same texts."""
    import langdetect

    from annotator.suggest.runner import Presuggested, suggest_documents

    seeds = [split_date_header(canonicalize(p.read_text(encoding="utf-8")))[0] for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts = [seeds[i % len(seeds)] + f"\n\nArticle {i}: {i * 7919} people." for i in range(docs)]
    walls, cpus, owns, stores, detects, detect_cpus = [], [], [], [], [], []
    fast_sync = load_settings().fast_sync  # as `annotator import` does ($ANNOTATOR_FAST_SYNC, the configuration)
    langdetect.detect(texts[0])  # the profiles are loaded once per process: not counted
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "plain.jsonl"
        corpus.write_text("".join(json.dumps({"id": f"doc{i:05d}", "text": t}, ensure_ascii=False) + "\n"
                                  for i, t in enumerate(texts)), encoding="utf-8")
        for run in range(runs):
            cpu0, t0 = time.process_time(), time.perf_counter()
            for text in texts:
                langdetect.detect(text)
            detects.append(time.perf_counter() - t0)
            detect_cpus.append(time.process_time() - cpu0)
            cpu0, own0 = _cpu(), time.process_time()
            t0 = time.perf_counter()
            # as `annotator import` makes a new database: built under a name of its own, then published
            staged = NewDatabase(Path(tmp) / f"whole{run}.sqlite")
            with Store.open(staged.path, fast_sync=fast_sync, private=True) as store:
                presuggested = Presuggested(store)  # as `annotator import` does
                summary = import_paths(store, [corpus], actor="bench", workers=workers, along=presuggested)
                stores.append(time.perf_counter() - t0)
                suggested = suggest_documents(store, summary.added_ids, workers=workers, presuggested=presuggested)
            assert staged.publish()
            walls.append(time.perf_counter() - t0)
            cpus.append(_cpu() - cpu0)
            owns.append(time.process_time() - own0)
            assert suggested["documents"] == docs
            print(f"run {run + 1}: import {walls[-1]:.1f} s (its transaction {stores[-1]:.1f} s), CPU {cpus[-1]:.1f} s "
                  f"(this process {owns[-1]:.1f} s); "
                  f"langdetect.detect {detects[-1]:.1f} s, CPU {detect_cpus[-1]:.1f} s", flush=True)
    wall, detect = statistics.median(walls), statistics.median(detects)
    print(f"documents: {docs}, workers: {workers or 'one per core'} ({os.cpu_count()} cores), fast_sync {fast_sync}, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"whole import: median {wall:.1f} s (its transaction {statistics.median(stores):.1f} s, then the suggestions), "
          f"CPU {statistics.median(cpus):.1f} s (this process {statistics.median(owns):.1f} s, the rest its workers)")
    detect_cpu = statistics.median(detect_cpus)
    print(f"plain langdetect.detect on the same texts: median {detect:.1f} s, CPU {detect_cpu:.1f} s")
    print(f"import / langdetect: {wall / detect:.2f} wall, {statistics.median(cpus) / detect_cpu:.2f} CPU")


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _words(text: str):
    import re

    return ((m.start(), m.group()) for m in re.finditer(r"[^\W\d_]{4,}", text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--suggest", action="store_true", help="the whole import, suggestions too, against langdetect")
    parser.add_argument("--workers", type=int, default=None, help="suggestion processes (default: one per core)")
    args = parser.parse_args()
    if args.suggest:
        bench_whole_import(args.docs, args.runs, args.workers)
        return
    imports, exports = [], []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(Path(tmp), args.docs)
        for run in range(args.runs):
            db = Path(tmp) / f"bench{run}.sqlite"
            with Store.open(db) as store:
                t0 = time.perf_counter()
                summary = import_paths(store, [corpus], actor="bench")
                imports.append(time.perf_counter() - t0)
                assert summary.added == args.docs
                t0 = time.perf_counter()
                with open(Path(tmp) / "out.conll", "w", encoding="utf-8") as out:
                    for line in export_lines(store, "conll"):
                        out.write(line)
                exports.append(time.perf_counter() - t0)
            print(f"run {run + 1}: import {imports[-1]:.1f} s, export {exports[-1]:.1f} s", flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {args.docs}")
    print(f"import (languages, tokens, storage): median {statistics.median(imports):.1f} s")
    print(f"export to CoNLL: median {statistics.median(exports):.1f} s")
    print(f"peak memory of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
