"""CPU of the store's writes in an import, alone: the documents (``Store.insert_document`` with
the search index) and then their machine layers (``Store.write_new_layers``, 200 documents a
transaction, as the suggester writes them), each in milliseconds per document, medians.

The documents and suggestions are those of ``bench_import_process.py`` (the seeds made unique by
a new last line, analysed and suggested once beforehand as the workers would); only the store's
part of the importing process is timed (no reading, no checks of the input, no worker).

    python benchmarks/bench_store_write.py                # 2,000 documents, 5 runs
"""

import argparse
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.modules.setdefault("pandas", None)  # type: ignore[arg-type]  # as the `annotator` command does

from bench_worker_stages import documents, worker_results  # noqa: E402  # the texts of bench_import_export.py --suggest

from annotator.model import MACHINE, Status  # noqa: E402
from annotator.store import Store  # noqa: E402
from annotator.store.documents import DocumentRow, checksum  # noqa: E402
from annotator.suggest import runner  # noqa: E402

BATCH = runner.BATCH


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    texts = documents(args.docs)
    docs, layers = [], []
    for i, (text, computed) in enumerate(zip(texts, worker_results(texts), strict=True)):
        doc_id = f"doc{i:05d}"
        ((lang, paragraphs, n_tokens, tokens), folded, result) = computed
        docs.append(DocumentRow(doc_id, text, lang, paragraphs, {}, checksum(text), 0, n_tokens, tokens, folded))
        layers.append((doc_id, pickle.loads(result)))
    inserts, writes = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            with Store.open(Path(tmp) / f"run{run}.sqlite", fast_sync=True) as store:
                t0 = time.process_time()
                with store.transaction():
                    for doc in docs:
                        store.insert_document(doc, actor="bench", savepoint=False)
                t1 = time.process_time()
                for k in range(0, len(layers), BATCH):
                    with store.transaction():
                        store.write_new_layers(MACHINE, layers[k : k + BATCH], Status.DONE.value, actor="bench",
                                               action="suggest")
                t2 = time.process_time()
            inserts.append((t1 - t0) * 1000 / args.docs)
            writes.append((t2 - t1) * 1000 / args.docs)
            print(f"run {run + 1}: documents {inserts[-1]:.3f}, machine layers {writes[-1]:.3f} ms/doc", flush=True)
    print(f"documents: {args.docs}; CPU of the store's writes, medians: documents {statistics.median(inserts):.3f} "
          f"ms/doc, machine layers {statistics.median(writes):.3f} ms/doc")


if __name__ == "__main__":
    main()
