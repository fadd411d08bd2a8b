"""The whole `annotator agreement` report from a database: 3 annotators x 10,000 documents.

Stores the corpus of bench_agreement.py in a temporary database (not timed), then times what
the command does: load statuses, spans and stored token offsets with bulk queries, compute every
figure, and render the JSON and Markdown reports.

    python benchmarks/bench_agreement_db.py [--documents 10000] [--runs 5]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_agreement import LAYERS, make_documents

from annotator.agreement import compute_agreement, render_markdown
from annotator.agreement.loading import load_documents
from annotator.model import LABELS
from annotator.store import Store
from annotator.store.store import checksum, now
from annotator.text.tokenize import pack_offsets


def build(path: Path, n: int) -> None:
    """Write the generated corpus straight into the tables (the store's own import would spend
    minutes on language identification of synthetic text, which is not what is measured)."""
    documents = make_documents(n)
    with Store.open(path) as store, store.transaction():
        conn = store.db.conn
        stamp = now()
        conn.executemany(
            "insert into documents (id, text, lang, paragraph_langs, meta, checksum, n_chars, n_tokens, tokens, "
            "position, imported_at) values (?,?,?,?,?,?,?,?,?,?,?)",
            [(d.doc_id, "x" * d.n_chars, "und", "[]", "{}", checksum(d.doc_id), d.n_chars, len(d.tokens),
              pack_offsets(list(d.tokens)), i, stamp) for i, d in enumerate(documents)],
        )
        conn.executemany(
            "insert into layer_status (doc_id, layer, status, updated_at, updated_by) values (?,?,?,?,?)",
            [(d.doc_id, layer, status, stamp, layer) for d in documents for layer, status in d.statuses.items()],
        )
        conn.executemany(
            "insert into spans (doc_id, layer, start, end, label, created_by, created_at) values (?,?,?,?,?,?,?)",
            [(d.doc_id, layer, s, e, label, layer, stamp)
             for d in documents for layer, spans in d.spans.items() for s, e, label in spans],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "agreement.sqlite"
        build(path, args.documents)
        times, loads = [], []
        for _ in range(args.runs):
            with Store.open(path) as store:
                t0 = time.perf_counter()
                documents = load_documents(store, list(LAYERS))
                loads.append(time.perf_counter() - t0)
                result = compute_agreement(documents, list(LAYERS), list(LABELS))
                orjson.dumps(result.to_json())
                render_markdown(result)
                times.append(time.perf_counter() - t0)
        tokens = result.pairs[0].tokens.n
        print(f"documents: {args.documents}, layers: {len(LAYERS)}, tokens per pair: {tokens:,}")
        print(f"loading from the database: median {statistics.median(loads):.2f} s")
        print(f"whole report (load, compute, render): median {statistics.median(times):.2f} s, "
              f"min {min(times):.2f} s over {args.runs} runs")


if __name__ == "__main__":
    main()
