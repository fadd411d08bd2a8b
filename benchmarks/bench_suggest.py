"""Suggestions per document: the default suggester on the seed articles.

Builds the gazetteers once (reported separately), then times suggesting each seed document in
three situations, printing medians in milliseconds per document:

- steady state: the document's words have all been met before by this suggester (what most
  documents of a long import or a `suggest --all` see; the suggester memoises per-word facts,
  never per-document results). CPU time is printed too: on a shared machine it is steadier.
- new article: a new suggester has met only the other four seeds (in other languages), so most
  of this document's words are new to it.
- first document of a process: a new suggester, every word new (the word keys' cache emptied
  too, as in a new process).

    python benchmarks/bench_suggest.py            # 20 runs
    python benchmarks/bench_suggest.py --runs 50
"""

import argparse
import statistics
import time
from pathlib import Path

from annotator.suggest.normalize import folded, key
from annotator.suggest.suggester import DefaultSuggester
from annotator.text import canonicalize, split_date_header

ROOT = Path(__file__).resolve().parent.parent


def new_suggester() -> DefaultSuggester:
    """A suggester that has met no word (the gazetteers, built once per process, are shared)."""
    key.cache_clear()
    folded.cache_clear()
    return DefaultSuggester()


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

    steady, cpu = [], []
    for text in texts:
        suggester.suggest(text)
    for _ in range(args.runs):
        for text in texts:
            t, c = time.perf_counter(), time.process_time()
            suggester.suggest(text)
            steady.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)

    new_article, first = [], []
    for _ in range(max(3, args.runs // 4)):
        for text in texts:
            suggester = new_suggester()
            for other in texts:
                if other is not text:
                    suggester.suggest(other)
            t = time.perf_counter()
            suggester.suggest(text)
            new_article.append(time.perf_counter() - t)
            suggester = new_suggester()
            t = time.perf_counter()
            suggester.suggest(text)
            first.append(time.perf_counter() - t)

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.2f} ms"

    chars = statistics.mean(len(t) for t in texts)
    print(f"gazetteers and rules built in {build * 1000:.0f} ms (once per process)")
    print(f"documents: {len(texts)} seeds, {chars:.0f} characters on average")
    print(f"steady state: median {ms(steady)} per document ({len(steady)} runs); "
          f"CPU time median {ms(cpu)}, fastest {min(steady) * 1000:.2f} ms")
    print(f"new article (only the other seeds met before): median {ms(new_article)} ({len(new_article)} runs)")
    print(f"first document of a process (every word new): median {ms(first)} ({len(first)} runs)")


if __name__ == "__main__":
    main()
