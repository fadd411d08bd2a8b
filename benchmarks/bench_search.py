"""Corpus search over 10,000 seed-sized documents: the trigram index against a plain scan.

Builds a database of N documents made from the seed articles (each varied: a few names swapped
for others and a unique reference line, so that queries range from one document to all of
them), once with the corpus search index and once without (as a database made before it), and
times each query both ways. Also prints what the index costs: the time to insert the documents
and the size of the file with and without it.

    python benchmarks/bench_search.py                 # 10,000 documents, 5 runs of each query
    python benchmarks/bench_search.py --docs 2000 --runs 3
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from annotator.store import DocumentRow, Store
from annotator.store.store import checksum
from annotator.text import canonicalize, split_date_header

ROOT = Path(__file__).resolve().parent.parent
NAMES = ["Tokajev", "Nazarbajev", "Mamin", "Masimov", "Smailov", "Japarov", "Lukašenko", "Pašinjan"]

QUERIES = [  # (what, query, regex, fold)
    ("one document, plain", "REF-04242-X", False, False),
    ("rare name (1 in 500), ignoring case", "pašinjan", False, True),
    ("name in 1/5 of documents, plain", "Tokajev", False, False),
    ("word in every document, ignoring case and diacritics", "almaty", False, True),
    ("regular expression", r"\bKaza\w+stan\b", True, False),
    ("regular expression, ignoring case", r"interfax\w*", True, True),
]


def build(path: Path, n: int, *, index: bool) -> float:
    """Insert n varied seed documents; returns the seconds the inserts took."""
    seeds = [split_date_header(canonicalize(p.read_text(encoding="utf-8")))[0]
             for p in sorted((ROOT / "seeds").glob("*.txt"))]
    with Store.open(path) as store:
        if not index:
            store.db.execute("drop table documents_fts")
            store._search_index = None
        t0 = time.perf_counter()
        with store.transaction():
            for i in range(n):
                text = seeds[i % len(seeds)]
                if i % 500 == 0:
                    text = text.replace("Tokajev", NAMES[7]).replace("Tokaev", NAMES[7])
                elif i % 3:
                    text = text.replace("Tokajev", NAMES[i % 7]).replace("Tokaev", NAMES[i % 7])
                text += f"\n\nREF-{i:05d}-X"
                store.insert_document(DocumentRow(f"doc{i:05d}", text, "und", [], {}, checksum(text), i), actor="bench")
        elapsed = time.perf_counter() - t0
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        with_index, without = Path(tmp) / "index.sqlite", Path(tmp) / "scan.sqlite"
        t_index = build(with_index, args.docs, index=True)
        t_plain = build(without, args.docs, index=False)
        for path in (with_index, without):
            with Store.open(path) as store:
                store.db.execute("vacuum")
        print(f"documents: {args.docs}; inserting them: {t_index:.1f} s with the index, {t_plain:.1f} s without; "
              f"file {with_index.stat().st_size / 1e6:.0f} MB with, {without.stat().st_size / 1e6:.0f} MB without")
        print(f"median of {args.runs} runs, seconds (hits / documents):")
        with Store.open(with_index) as indexed, Store.open(without) as plain:
            for what, query, regex, fold in QUERIES:
                times = {}
                for name, store, method in (("index", indexed, "auto"), ("scan", plain, "scan")):
                    runs = []
                    for _ in range(args.runs):
                        t0 = time.perf_counter()
                        result = store.search(query, regex=regex, fold=fold, method=method, limit=2000)
                        runs.append(time.perf_counter() - t0)
                    times[name] = (statistics.median(runs), result)
                (t_i, r_i), (t_s, r_s) = times["index"], times["scan"]
                assert (r_i.total, r_i.documents) == (r_s.total, r_s.documents)
                print(f"  {what:<55} {query!r:<22} {r_i.method:>5} {t_i:6.3f}   scan {t_s:6.3f}"
                      f"   ({r_i.total} / {r_i.documents})", flush=True)


if __name__ == "__main__":
    main()
