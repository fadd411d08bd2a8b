"""Import and CoNLL export at scale: 10,000 seed-sized documents.

Builds a folder of N documents from the seed articles (each made unique by an appended line),
imports it into a fresh database with languages, tokenization and storage, then exports gold
spans to CoNLL. Prints seconds for each step and the peak memory of this process.

    python benchmarks/bench_import_export.py            # 10,000 documents, 3 runs
    python benchmarks/bench_import_export.py --docs 2000 --runs 1
"""

import argparse
import json
import resource
import statistics
import tempfile
import time
from pathlib import Path

from annotator.formats.exporting import export_lines
from annotator.formats.importing import import_paths
from annotator.store import Store
from annotator.text import canonicalize, split_date_header

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


def _words(text: str):
    import re

    return ((m.start(), m.group()) for m in re.finditer(r"[^\W\d_]{4,}", text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
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
