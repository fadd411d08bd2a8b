"""How long an import takes to refuse a 200 MB file (sparse, so it costs no disk).

The refusal must come from the file's size or its first over-long line, never from reading the
whole file: tests/test_hostile.py checks the message and the memory; this prints the seconds.

    python benchmarks/bench_refuse_large.py            # 5 runs of each case
    python benchmarks/bench_refuse_large.py --runs 1
"""

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from annotator.formats.importing import import_paths
from annotator.formats.reading import InputError
from annotator.store import Store

SIZE = 200 * 1024 * 1024
CASES = {
    "huge.txt": b"",
    "huge.jsonl": b"",
    "huge_line2.jsonl": json.dumps({"id": "h1", "text": "Putin met Tokayev in Almaty."}).encode()
    + b'\n{"id": "h2", "text": "',
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.sqlite") as store:
        for name, head in CASES.items():
            path = Path(tmp) / name
            with path.open("wb") as handle:
                handle.write(head)
                handle.truncate(SIZE)
            seconds = []
            for _ in range(args.runs):
                started = time.perf_counter()
                try:
                    import_paths(store, [path], actor="bench")
                except InputError:
                    pass
                else:
                    raise SystemExit(f"{name} was accepted")
                seconds.append(time.perf_counter() - started)
            print(f"{name:18} refused in {statistics.median(seconds):.3f} s (median of {args.runs})")


if __name__ == "__main__":
    main()
