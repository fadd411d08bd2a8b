"""Where an import's worker spends its CPU, stage by stage, per document.

Each new document of an import is analysed (languages, tokens) and suggested in a worker process
(``annotator.formats.analysis.analyse_chunk`` with ``Presuggested.compute``). This runs the same
stages in this one process on the documents of ``bench_import_export.py --suggest`` (the seeds,
each made unique by a line with a new number), after a first pass that warms the suggester's word
memos (the steady state of a long import; each run then on documents not seen before, as an
import's are), with the workers' garbage collection settings, and prints the median CPU milliseconds per document of
each stage over the runs: the language identification, the tokenizer, the packed token offsets,
the suggester's document view, each rule, and the resolutions. Also the one-off costs of a new
worker process (its imports, the gazetteers, the language model), measured in a new process.

    python benchmarks/bench_worker_stages.py              # 1000 documents, 3 runs
    python benchmarks/bench_worker_stages.py --docs 500 --runs 5
"""

import argparse
import gc
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.modules.setdefault("pandas", None)  # type: ignore[arg-type]  # as the workers do

from annotator.formats.analysis import analyse_chunk  # noqa: E402
from annotator.formats.importing import CHUNK  # noqa: E402
from annotator.model.workers import YOUNG_THRESHOLD  # noqa: E402
from annotator.suggest import runner  # noqa: E402
from annotator.suggest import suggester as engine  # noqa: E402
from annotator.suggest.base import resolve, resolve_more  # noqa: E402
from annotator.suggest.doc import DocView  # noqa: E402
from annotator.suggest.rules import Context, tokens_covered  # noqa: E402
from annotator.suggest.runner import languages_of  # noqa: E402
from annotator.text import canonicalize, split_date_header  # noqa: E402
from annotator.text.canonical import fold  # noqa: E402
from annotator.text.language import detect_languages_of_many  # noqa: E402
from annotator.text.tokenize import gaps_and_tokens, packed_offsets_of  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

_STARTUP = """
import sys, time
sys.modules.setdefault("pandas", None)
t0 = time.process_time()
import annotator.formats.analysis, annotator.suggest.runner as runner
t1 = time.process_time()
runner._init_worker(None)
t2 = time.process_time()
from annotator.text.language import detect_languages
detect_languages("Ein kurzer Satz, damit das Sprachmodell geladen wird.")
t3 = time.process_time()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def documents(n: int) -> list[str]:
    """The texts ``bench_import_export.py --suggest`` imports."""
    seeds = [split_date_header(canonicalize(p.read_text(encoding="utf-8")))[0]
             for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return [seeds[i % len(seeds)] + f"\n\nArticle {i}: {i * 7919} people." for i in range(n)]


def worker_results(texts: list[str]) -> list[tuple]:
    """What an import's workers give for each text (its analysis, folded text and pickled
    suggestions), computed here as a worker does in a new database (no gold forms), ids
    ``doc00000``, ``doc00001``, ..."""
    runner._init_worker(None)
    return [analyse_chunk([(f"doc{i:05d}", text)], runner.Presuggested.compute)[0] for i, text in enumerate(texts)]


def one_pass(texts: list[str], suggester: engine.DefaultSuggester) -> dict[str, float]:
    """CPU seconds of each stage over ``texts``, as a worker runs them."""
    spent: dict[str, float] = defaultdict(float)
    clock = time.process_time

    infos = []
    for k in range(0, len(texts), CHUNK):  # as a worker detects them: a task's documents at once
        t = clock()
        infos += detect_languages_of_many(texts[k : k + CHUNK])
        spent["language"] += clock() - t
    for text, info in zip(texts, infos, strict=True):
        t = clock()
        pairs = gaps_and_tokens(text)
        spent["tokenize"] += (now := clock()) - t
        t = now
        blob = packed_offsets_of(pairs)
        spent["packed offsets"] += (now := clock()) - t
        t = now
        fold(text)
        spent["fold for the search index"] += (now := clock()) - t
        t = now
        langs = languages_of(info.lang, [{"start": p.start, "end": p.end, "lang": p.lang} for p in info.paragraphs])
        doc = DocView(text, langs, suggester.memos, pairs, facts=engine._FACTS, offsets=blob)
        spent["document view"] += (now := clock()) - t
        t = now
        context = Context(suggester.gazetteer, None)
        anchors = context.anchors
        for rule in engine._ANCHORS:
            anchors += rule.find(doc, context)
            spent[f"rule {rule.name}"] += (now := clock()) - t
            t = now
        personal = [c for c in anchors if c.provenance.startswith(engine._PERSONAL)]
        bounding = [c for c in anchors if not c.provenance.startswith(engine._PERSONAL)]
        context.blocked = tokens_covered(doc, bounding)
        context.person_tokens = tokens_covered(doc, personal)
        candidates = list(anchors)
        spent["anchor masks"] += (now := clock()) - t
        t = now
        for rule in engine._PATTERNS:
            candidates += rule.find(doc, context)
            spent[f"rule {rule.name}"] += (now := clock()) - t
            t = now
        handles = engine._handle_starts(doc)
        context.first = first = resolve([c for c in candidates if c.start not in handles])
        spent["resolve"] += (now := clock()) - t
        t = now
        echoes = [c for rule in engine._ECHOES for c in rule.find(doc, context) if c.start not in handles]
        if echoes:
            resolve_more(first, echoes)
        spent["echoes and their resolve"] += clock() - t
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    startup = [subprocess.run([sys.executable, "-c", _STARTUP], capture_output=True, text=True, check=True)
               for _ in range(args.runs)]
    imports, gazetteers, model = (statistics.median(map(float, column))
                                  for column in zip(*(run.stdout.split() for run in startup), strict=True))
    texts = documents(50 + args.docs * args.runs)
    suggester = engine.DefaultSuggester()
    gc.freeze()  # as a worker does once its initializer has run (``annotator.model.workers``)
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    one_pass(texts[:50], suggester)  # the word memos and the lazily loaded tables, as after a few batches
    # each run on documents not seen before, as in an import (each has a number of its own)
    runs = [one_pass(texts[50 + k * args.docs : 50 + (k + 1) * args.docs], suggester) for k in range(args.runs)]
    per_doc = {stage: statistics.median(run[stage] for run in runs) * 1000 / args.docs for stage in runs[0]}
    print(f"documents: {args.docs}, runs: {args.runs} (medians; CPU ms per document, steady state)")
    for stage, ms in sorted(per_doc.items(), key=lambda kv: -kv[1]):
        if ms >= 0.01:
            print(f"  {stage:32s} {ms:6.3f}")
    print(f"  {'all stages':32s} {sum(per_doc.values()):6.3f}")
    print(f"a new worker process: imports {imports:.2f} s, gazetteers {gazetteers:.2f} s, "
          f"language model {model:.2f} s of CPU")


if __name__ == "__main__":
    main()
