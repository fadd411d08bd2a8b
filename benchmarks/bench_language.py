"""Language identification per document: ``detect_languages`` over the seed articles repeated.

Times N documents (the five seeds cycled, each made unique by an appended line) for several runs
on one core, and prints the median and 90th percentile milliseconds per document of each run,
the throughput, and the model's load time in fresh processes (module import, then the first
call that reads langdetect's profiles). The model keeps each word's scores once seen, so after
the first run every word of these documents is known; ``--cold`` forgets them before each
document, as if every word were new (the first documents of a worker: the worst case).

    python benchmarks/bench_language.py                 # 2,000 documents, 5 runs
    python benchmarks/bench_language.py --docs 500 --runs 3
    python benchmarks/bench_language.py --cold
"""

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.text import canonicalize, split_date_header  # noqa: E402
from annotator.text.language import _get_model, detect_languages  # noqa: E402

LOAD_CODE = """
import sys, time
sys.path.insert(0, sys.argv[1])
t0 = time.perf_counter()
import annotator.text.language as language
t1 = time.perf_counter()
language._get_model()
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def corpus(n: int) -> list[str]:
    """n seed-sized documents: the seeds in turn, each with a unique last line."""
    seeds = [split_date_header(canonicalize(p.read_text(encoding="utf-8")))[0] for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return [seeds[i % len(seeds)] + f"\n\nArticle {i}." for i in range(n)]


def load_times(runs: int) -> tuple[list[float], list[float]]:
    """Seconds to import the module and to load the model, each in a fresh interpreter."""
    imports, loads = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", LOAD_CODE, str(ROOT)], capture_output=True, text=True, check=True)
        imported, loaded = map(float, out.stdout.split())
        imports.append(imported)
        loads.append(loaded)
    return imports, loads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--load-runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="forget the words' scores before each document")
    args = parser.parse_args()

    imports, loads = load_times(args.load_runs)
    print(f"module import: median {statistics.median(imports) * 1000:.0f} ms; "
          f"model load (profiles, tables): median {statistics.median(loads) * 1000:.0f} ms "
          f"over {args.load_runs} fresh processes")

    docs = corpus(args.docs)
    size = statistics.mean(len(d) for d in docs)
    paragraphs = statistics.mean(sum(1 for line in d.split("\n") if line.strip()) for d in docs)
    print(f"{args.docs} documents, {size:.0f} characters and {paragraphs:.0f} paragraphs on average")
    t0 = time.perf_counter()
    detect_languages(docs[0])  # the first call loads the model in this process
    print(f"first call in this process (with model load): {(time.perf_counter() - t0) * 1000:.0f} ms")

    medians = []
    for run in range(1, args.runs + 1):
        times = []
        start = time.perf_counter()
        for doc in docs:
            if args.cold:
                model = _get_model()
                model._memo, model._memo_chars = {}, 0
            t0 = time.perf_counter()
            detect_languages(doc)
            times.append(time.perf_counter() - t0)
        total = time.perf_counter() - start
        times.sort()
        median = statistics.median(times) * 1000
        medians.append(median)
        print(f"run {run}: median {median:.2f} ms/document, p90 {times[int(0.9 * len(times))] * 1000:.2f} ms, "
              f"{total:.2f} s total, {args.docs / total:.0f} documents/s")
    print(f"median of run medians: {statistics.median(medians):.2f} ms/document")


if __name__ == "__main__":
    main()
