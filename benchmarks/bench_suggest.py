"""Suggestions per document: the default suggester on the seed articles.

Builds the gazetteers once (reported separately), then suggests every seed document several
times and prints the median milliseconds per document, warm (the steady state of an import or
a `suggest --all`) and cold (each document text seen for the first time: fresh word caches).
CPU time is printed too: on a shared machine it is steadier than the wall clock.

    python benchmarks/bench_suggest.py            # 20 runs
    python benchmarks/bench_suggest.py --runs 50
"""

import argparse
import statistics
import time
from pathlib import Path

from annotator.suggest.memo import forget_words
from annotator.suggest.suggester import DefaultSuggester
from annotator.text import canonicalize, split_date_header

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    texts = [split_date_header(canonicalize(p.read_text(encoding="utf-8")))[0]
             for p in sorted((ROOT / "seeds").glob("*.txt"))]
    t0 = time.perf_counter()
    suggester = DefaultSuggester()
    suggester.suggest("Warm-up: Reuters reported 20 people in Almaty.")
    build = time.perf_counter() - t0
    warm, cold, cpu = [], [], []
    for _ in range(args.runs):
        for text in texts:
            t, c = time.perf_counter(), time.process_time()
            suggester.suggest(text)
            warm.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
    for _ in range(max(3, args.runs // 4)):
        for text in texts:
            forget_words()
            t = time.perf_counter()
            suggester.suggest(text)
            cold.append(time.perf_counter() - t)
    chars = statistics.mean(len(t) for t in texts)
    print(f"gazetteers and rules built in {build * 1000:.0f} ms (once per process)")
    print(f"documents: {len(texts)} seeds, {chars:.0f} characters on average")
    print(f"warm: median {statistics.median(warm) * 1000:.2f} ms per document ({len(warm)} runs); "
          f"CPU time median {statistics.median(cpu) * 1000:.2f} ms, fastest {min(warm) * 1000:.2f} ms")
    print(f"cold: median {statistics.median(cold) * 1000:.2f} ms per document ({len(cold)} runs)")


if __name__ == "__main__":
    main()
