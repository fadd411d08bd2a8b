"""Undo and redo on a document whose layer already has a long history.

For each history length, builds a document whose layer has that many events (adds and removes
of one span, then a few more changes), then times pressing undo and redo in turn: each press is
one ``Store.undo`` or ``Store.redo`` call, committed. Prints the median and the slowest press
of each length. Runs on any version of the store (only its public methods), so the same
command compares two checkouts:

    python benchmarks/bench_undo.py                     # 100, 1,000, 10,000 events; 200 presses
    python benchmarks/bench_undo.py --events 1000 --presses 50
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from annotator.model import Span
from annotator.store import DocumentRow, Store
from annotator.store.store import checksum

TEXT = "Putin met Tokajev in Almaty and TASS reported 20.000 people. " * 4
SPAN, OTHER = Span(0, 5, "ACTOR"), Span(10, 17, "ACTOR")


def build(path: Path, n_events: int) -> Store:
    store = Store.open(path)
    store.insert_document(DocumentRow("d", TEXT, "en", [], {}, checksum(TEXT), 0, 40), actor="bench")
    with store.transaction():  # one transaction: building, not what is measured
        for i in range(n_events):
            if i % 2 == 0:
                store.add_span("d", "alice", SPAN, actor="alice")
            else:
                store.remove_span("d", "alice", SPAN, actor="alice")
        store.add_span("d", "alice", OTHER, actor="alice")
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[100, 1_000, 10_000])
    parser.add_argument("--presses", type=int, default=200)
    args = parser.parse_args()
    print(f"{'events in the layer':>20}  {'median ms/press':>16}  {'slowest ms':>10}")
    for n in args.events:
        with tempfile.TemporaryDirectory() as tmp:
            store = build(Path(tmp) / "undo.sqlite", n)
            times = []
            for i in range(args.presses):
                started = time.perf_counter()
                done = store.undo("d", "alice", actor="alice") if i % 2 == 0 else store.redo("d", "alice", actor="alice")
                times.append(time.perf_counter() - started)
                assert done is not None
            store.close()
        print(f"{n:>20,}  {statistics.median(times) * 1000:>16.2f}  {max(times) * 1000:>10.2f}")


if __name__ == "__main__":
    main()
