"""CPU of the importing process alone: an import of N new documents with suggestions, whose
worker results are computed once beforehand and handed back by a stand-in pool, so that only
what the importing process does is timed (reading, storing, the search index, the events, the
suggestions' write, which happens inside the import's transaction for the documents it adds,
then what is left for the phase after the commit). Prints milliseconds of CPU per document,
medians.

    python benchmarks/bench_import_process.py            # 2,000 documents, 5 runs

The texts are those of ``bench_import_export.py --suggest``; the database is the same as a real
import's (the worker results are the real ones), only the worker processes are left out.
"""

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

sys.modules.setdefault("pandas", None)  # type: ignore[arg-type]  # as the `annotator` command does

from bench_worker_stages import documents, worker_results  # noqa: E402  # the texts of bench_import_export.py --suggest

from annotator.formats import importing  # noqa: E402
from annotator.store import Store  # noqa: E402
from annotator.suggest import runner  # noqa: E402


class _Done:
    """A finished task: what a worker gave."""

    def __init__(self, value: list) -> None:
        self.value = value

    def result(self) -> list:
        return self.value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    texts = documents(args.docs)
    computed = dict(zip(texts, worker_results(texts), strict=True))

    class Pool:
        def submit(self, _function, items, _compute):
            return _Done([computed[text] for _doc_id, text in items])

    @contextlib.contextmanager
    def pool(*_args, **_kwargs):
        yield Pool()

    imports, writes = [], []
    with tempfile.TemporaryDirectory() as tmp, \
            mock.patch.object(importing, "worker_pool", pool), mock.patch.object(importing, "Future", _Done):
        corpus = Path(tmp) / "plain.jsonl"
        corpus.write_text("".join(json.dumps({"id": f"doc{i:05d}", "text": t}, ensure_ascii=False) + "\n"
                                  for i, t in enumerate(texts)), encoding="utf-8")
        for run in range(args.runs):
            with Store.open(Path(tmp) / f"run{run}.sqlite", fast_sync=True) as store:
                presuggested = runner.Presuggested(store)
                t0 = time.process_time()
                importing.import_paths(store, [corpus], actor="bench", workers=2, along=presuggested)
                t1 = time.process_time()
                suggested = runner.suggest_documents(store, store.unsuggested_documents(), presuggested=presuggested)
                t2 = time.process_time()
            assert suggested["documents"] == args.docs
            imports.append((t1 - t0) * 1000 / args.docs)
            writes.append((t2 - t1) * 1000 / args.docs)
            print(f"run {run + 1}: import {imports[-1]:.3f}, suggestion phase {writes[-1]:.3f} ms/doc", flush=True)
    print(f"documents: {args.docs}; CPU of the importing process, medians: import {statistics.median(imports):.3f} "
          f"ms/doc (the suggestions' write of its new documents included), then the suggestion phase after the "
          f"commit {statistics.median(writes):.3f} ms/doc")


if __name__ == "__main__":
    main()
