"""CPU per document of the suggester's document view alone (``DocView``), as an import's worker
builds it: from the analysis' tokens and packed offsets, with the word memos warm; and, in runs
alternated with those in the same process, from the tokens alone (the view sums their lengths).
Each run tokenizes the texts again (not timed), so that the words are new strings as in a worker.
Finer than ``bench_worker_stages.py``'s "document view" line, which moves by a tenth between
processes on a busy machine: to compare code, alternate old and new runs and compare medians.

    python benchmarks/bench_doc_view.py             # 500 documents, 11 runs of each
"""

import argparse
import statistics
import sys
import time

sys.modules.setdefault("pandas", None)  # type: ignore[arg-type]  # as the workers do

from bench_worker_stages import documents  # noqa: E402

from annotator.suggest import suggester as engine  # noqa: E402
from annotator.suggest.doc import DocView  # noqa: E402
from annotator.suggest.memo import WordMemos  # noqa: E402
from annotator.suggest.runner import languages_of  # noqa: E402
from annotator.text.language import detect_languages  # noqa: E402
from annotator.text.tokenize import gaps_and_tokens, packed_offsets_of  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    texts = documents(args.docs)
    languages = []
    for text in texts:
        info = detect_languages(text)
        languages.append(languages_of(info.lang, [{"start": p.start, "end": p.end, "lang": p.lang}
                                                  for p in info.paragraphs]))
    memos = WordMemos()
    runs: dict[bool, list[float]] = {True: [], False: []}
    for run in range(args.runs + 1):
        for with_offsets in runs:
            analysed = []
            for text in texts:
                pairs = gaps_and_tokens(text)
                analysed.append((pairs, packed_offsets_of(pairs) if with_offsets else None))
            start = time.process_time()
            for text, langs, (pairs, offsets) in zip(texts, languages, analysed, strict=True):
                DocView(text, langs, memos, pairs, facts=engine._FACTS, offsets=offsets)
            if run:  # the first run fills the word memos
                runs[with_offsets].append((time.process_time() - start) * 1000 / args.docs)
    print(f"{args.docs} documents, medians of {args.runs} runs, CPU ms per document:")
    print(f"  document view from the analysis' tokens and offsets {statistics.median(runs[True]):.3f}")
    print(f"  document view from the tokens alone                 {statistics.median(runs[False]):.3f}")


if __name__ == "__main__":
    main()
