"""`annotator report` and `annotator evaluate` on one long document with many spans.

Both used to compare every span of one layer with every span of the other (quadratic in spans
per document: 39 s for 8,000 spans). Builds a database (not timed) with one document of
``--spans`` spans per layer in gold, an annotator layer and the machine layer, all done, the
layers differing as real ones do (missed, extra, moved and relabelled spans), then times the
whole of each command in-process (load, compare, render JSON), and `agreement` on the same pair
for comparison.

    python benchmarks/bench_compare.py [--spans 8000 20000] [--runs 5]

Measured on the development VM (2 cores shared with other test suites, load 15-17), medians:

| spans | report before / after | evaluate before / after | evaluate errors before / after |
| --- | --- | --- | --- |
| 8,000 | 3.4 s / 0.13-0.32 s | 24.5 s / 0.06-0.13 s | 32 s / 0.07-0.24 s |
| 20,000 | 20.5 s / 0.56-1.05 s | 503 s / 0.29-0.64 s | 2,693 s / 0.91-0.95 s |

("before": one run of the pairwise formulation; agreement on the same pair: 0.07-0.50 s.)
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.model import LABELS
from annotator.store import Store
from annotator.store.store import checksum, now
from annotator.text.tokenize import pack_offsets

WORD = 6  # "wordx " : five letters and a space


def layer_spans(n: int, rng: random.Random, reference: list[tuple[int, int, str]] | None) -> list[tuple[int, int, str]]:
    """``n`` spans of one or two words (every third word at most), or, given a reference, a copy
    with 10% missed, 5% extra, 5% moved and 5% relabelled spans."""
    if reference is None:
        return [(3 * i * WORD, (3 * i + rng.choice((1, 2))) * WORD - 1, rng.choice(LABELS)) for i in range(n)]
    out = []
    for start, end, label in reference:
        roll = rng.random()
        if roll < 0.10:
            continue
        if roll < 0.15:
            end = end + WORD if end + WORD < start + 3 * WORD else end - WORD if end - start > WORD else end
        elif roll < 0.20:
            label = rng.choice([x for x in LABELS if x != label])
        elif roll < 0.25:  # an extra one-word span in the gap after it
            out.append((start // (3 * WORD) * 3 * WORD + 2 * WORD, start // (3 * WORD) * 3 * WORD + 3 * WORD - 1,
                        rng.choice(LABELS)))
        out.append((start, end, label))
    return sorted(set(out))


def build(path: Path, n_spans: int) -> None:
    """One document of ``3 * n_spans`` words, written straight into the tables (the import would
    spend its time identifying the language of synthetic text, which is not what is measured)."""
    rng = random.Random(n_spans)
    n_words = 3 * n_spans + 3
    text = "wordx " * n_words
    tokens = [(i * WORD, i * WORD + 5) for i in range(n_words)]
    gold = layer_spans(n_spans, rng, None)
    layers = {"gold": gold, "alice": layer_spans(n_spans, rng, gold), "machine": layer_spans(n_spans, rng, gold)}
    with Store.open(path) as store, store.transaction():
        conn = store.db.conn
        stamp = now()
        conn.execute(
            "insert into documents (id, text, lang, paragraph_langs, meta, checksum, n_chars, n_tokens, tokens, "
            "position, imported_at) values (?,?,?,?,?,?,?,?,?,?,?)",
            ("long", text, "und", "[]", "{}", checksum(text), len(text), len(tokens), pack_offsets(tokens), 0, stamp),
        )
        for layer, spans in layers.items():
            conn.execute("insert into layer_status (doc_id, layer, status, updated_at, updated_by) "
                         "values ('long', ?, 'done', ?, ?)", (layer, stamp, layer))
            conn.executemany(
                "insert into spans (doc_id, layer, start, end, label, created_by, created_at) "
                "values ('long',?,?,?,?,?,?)",
                [(layer, s, e, label, layer, stamp) for s, e, label in spans],
            )


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spans", type=int, nargs="+", default=[8_000, 20_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from annotator.agreement import compute_agreement
    from annotator.agreement.evaluate import errors, evaluate
    from annotator.agreement.loading import load_documents
    from annotator.curation.loading import layer_report

    for n in args.spans:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "compare.sqlite"
            build(path, n)
            with Store.open(path) as store:
                def report():
                    result, texts = layer_report(store, "alice")
                    return orjson.dumps(result.to_json(texts, 5))

                def evaluation():
                    return orjson.dumps(evaluate(store, "machine", "gold").to_json())

                def evaluation_with_errors():
                    return orjson.dumps([e.to_json() for e in errors(store, "machine", "gold")])

                def agreement():
                    return orjson.dumps(compute_agreement(load_documents(store, ["gold", "alice"]), ["gold", "alice"],
                                                          list(LABELS)).to_json())

                print(f"one document, {n:,} gold spans, median of {args.runs} runs:")
                for name, fn in (("report --layer alice", report), ("evaluate", evaluation),
                                 ("evaluate --show-errors (errors)", evaluation_with_errors),
                                 ("agreement --layers gold,alice", agreement)):
                    median, _ = timed(fn, args.runs)
                    print(f"  {name:<34} {median:8.3f} s")


if __name__ == "__main__":
    main()
