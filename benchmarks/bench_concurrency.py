"""Many annotators writing to one database at once: throughput at saturation, and a full check.

Starts N worker processes (default 8) on one fresh database. Six of them are different
annotators working on the same documents (one layer each); the last two are the *same*
annotator on the same two documents (one shared layer; each process takes its own half of the
tokens, so the two never refuse each other's spans). Every worker adds, relabels and removes
spans and sets statuses through the Store API, as fast as it can, for the given time, and
records what it believes its spans are. The two of the shared layer also accept all, reject,
undo and redo on a third document's machine suggestions, both at once (not counted span by
span: either may undo the other's step, as two sessions of one annotator would).

At the end the database is checked: no error reached a worker, ``PRAGMA integrity_check`` is
ok, every worker's event ids are in the log exactly once and its number of events is what it
did, and every counted layer's spans are exactly the union of what its workers believe (nothing
lost, nothing duplicated).

    python benchmarks/bench_concurrency.py                  # 8 processes, 30 s
    python benchmarks/bench_concurrency.py --processes 8 --seconds 3 --json

Prints writes per second at saturation (all processes together, and per process) and the
latency of one write (median, 99th percentile, maximum). Exit status 1 if the check fails.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from annotator.model import LABELS, Span
from annotator.store import Store
from annotator.store.store import DocumentRow, checksum
from annotator.text.tokenize import pack_offsets, token_spans

SENTENCES = [
    "Putin met Tokayev in Almaty on Thursday, TASS reported.",
    "Protesters gathered near the akimat and 20.000 people marched through the city.",
    "According to Interfax, the CSTO sent troops to Kazakhstan at the request of the president.",
    "Witnesses told Reuters that the airport was closed for several hours.",
    "The foreign minister said in Moscow that the operation would end soon.",
]
N_DOCS = 20
SHARED_LAYER = "shared"
SHARED_DOCS = 2


def build_database(path: Path) -> list[str]:
    """A fresh database with ``N_DOCS`` documents of about 150 tokens; returns their ids."""
    rng = random.Random(1)
    ids = []
    with Store.open(path) as store:
        for i in range(N_DOCS):
            text = " ".join(rng.choice(SENTENCES) for _ in range(10))
            offsets = token_spans(text)
            doc = DocumentRow(f"doc{i:02d}", text, "en", [], {}, checksum(text), 0, len(offsets),
                              pack_offsets(offsets))
            store.insert_document(doc, actor="bench")
            ids.append(doc.id)
        suggestions = [Span(a, b, LABELS[k % len(LABELS)]) for k, (a, b) in enumerate(offsets) if k % 6 == 0]
        store.replace_layer(ids[-1], "machine", suggestions, None, actor="bench", action="suggest")
    return ids


def plan(processes: int, doc_ids: list[str]) -> list[dict]:
    """Who each worker is: its layer, its documents and its share of token slots."""
    workers = []
    n_shared = 2 if processes >= 3 else 0
    for i in range(processes - n_shared):
        workers.append({"index": i, "actor": f"proc{i}", "layer": f"annotator{i}", "docs": doc_ids,
                        "slot_mod": 1, "slot_res": 0})
    for j in range(n_shared):
        i = processes - n_shared + j
        workers.append({"index": i, "actor": f"proc{i}", "layer": SHARED_LAYER,
                        "docs": doc_ids[:SHARED_DOCS], "slot_mod": 2, "slot_res": j, "free_doc": doc_ids[-1]})
    return workers


# -- the worker process -------------------------------------------------------------------------
def run_worker(db: Path, spec: dict, seconds: float, seed: int, rate: float, go) -> dict:
    """Write for ``seconds`` once ``go`` is set: as fast as possible, or at ``rate`` writes per
    second (Poisson arrivals) if it is not 0; return what was done."""
    rng = random.Random(seed)
    ready = spec.pop("ready")
    store = Store.open(db, create=False)
    layer, actor = spec["layer"], spec["actor"]
    slots = {
        doc: [o for k, o in enumerate(store.token_offsets(doc)) if k % spec["slot_mod"] == spec["slot_res"]]
        for doc in spec["docs"]
    }
    own: dict[str, dict[int, Span]] = {doc: {} for doc in spec["docs"]}
    events: list[int] = []
    free_events = 0
    free_doc = spec.get("free_doc")
    errors: list[str] = []
    latencies: list[float] = []
    ready.release()
    go.wait()
    deadline = time.monotonic() + seconds
    due = time.monotonic()
    while time.monotonic() < deadline:
        if rate:
            due += rng.expovariate(rate)
            time.sleep(max(0.0, due - time.monotonic()))
        doc = rng.choice(spec["docs"])
        mine = own[doc]
        r = rng.random()
        try:
            t0 = time.perf_counter()
            if free_doc and r < 0.15:
                step = rng.choice(["accept_all", "reject", "undo", "undo", "redo"])
                if step == "accept_all":
                    done = store.accept_all(free_doc, layer, actor=actor)
                elif step == "reject":
                    pending = store.pending_suggestions(free_doc, layer)
                    done = pending and store.reject_suggestion(free_doc, layer, rng.choice(pending).span, actor=actor)
                else:
                    done = (store.undo if step == "undo" else store.redo)(free_doc, layer, actor=actor)
                latencies.append(time.perf_counter() - t0)
                free_events += bool(done)
                continue
            if r < 0.55 or not mine:
                slot = rng.choice([k for k in range(len(slots[doc])) if k not in mine] or [None])
                if slot is None:
                    continue
                start, end = slots[doc][slot]
                span = Span(start, end, rng.choice(LABELS))
                event = store.add_span(doc, layer, span, actor=actor)
                mine[slot] = span
            elif r < 0.8:
                slot = rng.choice(list(mine))
                old = mine[slot]
                new = Span(old.start, old.end, rng.choice([label for label in LABELS if label != old.label]))
                event = store.replace_span(doc, layer, old, new, actor=actor)
                mine[slot] = new
            elif r < 0.95:
                slot = rng.choice(list(mine))
                event = store.remove_span(doc, layer, mine.pop(slot), actor=actor)
            else:
                event = store.set_status(doc, layer, rng.choice(["in_progress", "done"]), actor=actor)
            latencies.append(time.perf_counter() - t0)
        except Exception as exc:  # any error at all is a failure of the run, reported below
            errors.append(f"{type(exc).__name__}: {exc}")
            continue
        if event is None:
            errors.append("a change returned no event id")
        else:
            events.append(event)
    store.close()
    return {
        **spec,
        "docs": spec["docs"],
        "writes": len(events) + free_events,
        "events": events,
        "free_events": free_events,
        "errors": errors,
        "latencies": latencies,
        "spans": {doc: sorted([s.start, s.end, s.label] for s in mine.values()) for doc, mine in own.items()},
    }


# -- the parent --------------------------------------------------------------------------------
def _worker_main(db: Path, spec: dict, seconds: float, seed: int, rate: float, go, results) -> None:
    try:
        results.put(run_worker(db, spec, seconds, seed, rate, go))
    except BaseException as exc:
        results.put({"index": spec["index"], "crash": f"{type(exc).__name__}: {exc}"})


def run(db: Path, processes: int, seconds: float, seed: int = 0, rate: float = 0.0) -> dict:
    """Build the database, run the workers, check the result; return figures and problems.

    Workers are forked where the platform allows (no open connection is inherited: the parent
    has closed its store), so that starting eight of them costs no interpreter start-up."""
    doc_ids = build_database(db)
    specs = plan(processes, doc_ids)
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    ready = ctx.Semaphore(0)
    go = ctx.Event()
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_worker_main, args=(db, {**spec, "ready": ready}, seconds,
                                               seed * 1000 + spec["index"], rate, go, results))
        for spec in specs
    ]
    for proc in procs:
        proc.start()
    for _ in procs:
        if not ready.acquire(timeout=60):
            raise RuntimeError("a worker did not start")
    started = time.perf_counter()
    go.set()
    collected = [results.get(timeout=seconds + 120) for _ in procs]
    for proc in procs:
        proc.join()
    elapsed = time.perf_counter() - started
    crashed = [r["crash"] for r in collected if "crash" in r]
    if crashed:
        raise RuntimeError(f"a worker crashed: {crashed[0]}")
    collected.sort(key=lambda r: r["index"])
    return {"elapsed": elapsed, "seconds": seconds, "rate": rate, "workers": collected,
            "problems": check(db, collected)}


def check(db: Path, results: list[dict]) -> list[str]:
    """Everything that is wrong with the database after the run (empty if nothing)."""
    problems = [f"{r['actor']}: {e}" for r in results for e in r["errors"]]
    with Store.open(db, create=False) as store:
        integrity = store.db.execute("pragma integrity_check").fetchall()
        if integrity != [("ok",)]:
            problems.append(f"integrity_check: {integrity}")
        for r in results:
            logged = [row[0] for row in store.db.execute(
                "select id from events where actor = ? and layer = ? order by id", [r["actor"], r["layer"]])]
            reported = r["events"]
            if (len(logged) != r["writes"] or len(set(reported)) != len(reported)
                    or not set(reported) <= set(logged)):
                problems.append(f"{r['actor']}: {r['writes']} writes reported, {len(logged)} events logged")
        expected: dict[tuple[str, str], list[tuple]] = {}
        for r in results:
            for doc, spans in r["spans"].items():
                expected.setdefault((doc, r["layer"]), []).extend(tuple(s) for s in spans)
        for (doc, layer), spans in sorted(expected.items()):
            stored = [(s.start, s.end, s.label) for s in store.spans(doc, layer)]
            if sorted(spans) != stored:
                lost = sorted(set(spans) - set(stored))
                extra = sorted(set(stored) - set(spans))
                problems.append(f"{doc}/{layer}: lost {lost[:3]}, unexpected {extra[:3]}, "
                                f"{len(spans) - len(set(spans))} duplicated")
    return problems


def summarise(report: dict) -> dict:
    """Writes per second (total and per process) and write latency in milliseconds."""
    workers = report["workers"]
    seconds = report["seconds"]
    latencies = sorted(x for w in workers for x in w["latencies"])
    total = sum(w["writes"] for w in workers)
    return {
        "processes": len(workers),
        "seconds": seconds,
        "rate_per_process": report["rate"] or None,
        "writes": total,
        "writes_per_second": total / seconds,
        "per_process": {w["actor"]: round(w["writes"] / seconds, 1) for w in workers},
        "writes_per_process": {w["actor"]: w["writes"] for w in workers},
        "latency_ms": {
            "median": 1000 * statistics.median(latencies) if latencies else None,
            "p99": 1000 * latencies[int(0.99 * (len(latencies) - 1))] if latencies else None,
            "max": 1000 * latencies[-1] if latencies else None,
        },
        "problems": report["problems"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--db", type=Path, help="database file (default: a fresh one in a temporary folder)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--rate", type=float, default=0.0,
                        help="writes per second per process (default 0: as fast as possible)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.sqlite"
        if db.exists():
            parser.error(f"{db} exists; the benchmark needs a fresh database")
        summary = summarise(run(db, args.processes, args.seconds, args.seed, args.rate))
    if args.json:
        print(json.dumps(summary))
    else:
        lat = summary["latency_ms"]
        mode = (f"paced at {args.rate:g} writes/s per process" if args.rate else "at saturation")
        print(f"{summary['processes']} processes, {summary['seconds']:g} s: {summary['writes']} writes, "
              f"{summary['writes_per_second']:.0f} writes/s {mode}")
        print("per process (writes/s): " + ", ".join(f"{k} {v}" for k, v in summary["per_process"].items()))
        if lat["median"] is not None:
            print(f"latency of one write: median {lat['median']:.1f} ms, p99 {lat['p99']:.1f} ms, "
                  f"max {lat['max']:.1f} ms")
        for problem in summary["problems"]:
            print("PROBLEM:", problem)
        print("check: " + ("FAILED" if summary["problems"] else "ok (nothing lost, duplicated or locked)"))
    if summary["problems"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
