"""Figures for the annotation TUI (a script that prints numbers, not a test).

    python benchmarks/bench_tui.py [--runs 5] [--presses 60]

1. Start to a rendered first document with 10,000 documents in the database: in-process (open
   the store, build the app, run it headless until the article has drawn its rows) and as a
   fresh process (interpreter start, imports included).
2. Key-to-screen on a 20,000-word document with suggestions and spans: each key is sent with
   Textual's pilot, then we wait until every widget has handled its messages and the screen has
   been composited (the refresh a terminal would receive). Medians and p95 per run, for cursor
   moves and for labelling (label, then remove, each a committed SQLite transaction).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SIZE = (120, 40)


def _sample_text() -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return "\n\n".join(texts) if texts else "Tokajev said 20.000 people gathered in Almaty, TASS reported."


def make_many_documents(path: Path, count: int = 10_000) -> None:
    """A database with ``count`` short documents (through the Store API)."""
    from annotator.store import Store
    from annotator.store.store import DocumentRow, checksum

    sample = _sample_text()
    paragraphs = [p for p in sample.split("\n\n") if p.strip()]
    rng = random.Random(1)
    with Store.open(path) as store, store.transaction():
        for i in range(count):
            text = "\n\n".join(rng.sample(paragraphs, k=min(3, len(paragraphs))))
            text = f"Document {i}. " + text
            doc = DocumentRow(f"doc{i:05d}", text, "sk", [], {}, checksum(text), 0)
            store.insert_document(doc, actor="bench")


def make_long_document(path: Path, words: int = 20_000) -> str:
    """A database with one ~``words``-word document, machine suggestions and some spans."""
    from annotator.model import Span
    from annotator.store import Store
    from annotator.store.store import DocumentRow, checksum
    from annotator.text.tokenize import tokenize

    sample = _sample_text()
    pieces, total = [], 0
    while total < words:
        pieces.append(sample)
        total += len(sample.split())
    text = "\n\n".join(pieces)
    doc_id = "long"
    with Store.open(path) as store:
        store.insert_document(DocumentRow(doc_id, text, "sk", [], {}, checksum(text), 0), actor="bench")
        tokens = [t for t in tokenize(text) if t.text[:1].isalnum()]
        machine = [Span(t.start, t.end, ("ACTOR", "LOCATION", "SOURCE", "FIGURE")[i % 4])
                   for i, t in enumerate(tokens[::15])]
        store.replace_layer(doc_id, "machine", machine, None, actor="suggest", action="suggest",
                            provenance={s: (0.5, "bench") for s in machine})
        own = [Span(t.start, t.end, "ACTOR") for t in tokens[7::40]]
        store.replace_layer(doc_id, "bench", own, None, actor="bench", action="import")
    return doc_id


async def _start_once(db: Path) -> float:
    from annotator.store import Store
    from annotator.tui.app import AnnotatorApp
    from annotator.tui.article import ArticleView

    t0 = time.perf_counter()
    store = Store.open(db, create=False)
    app = AnnotatorApp(store, annotator="bench")
    async with app.run_test(size=SIZE) as pilot:
        article = app.screen.query_one(ArticleView)
        while article.rendered_rows == 0:
            await asyncio.sleep(0.001)
        elapsed = time.perf_counter() - t0
        await pilot.press("q")
    store.close()
    return elapsed


_SUBPROCESS_START = r"""
import asyncio, sys, time
t0 = float(sys.argv[2])
sys.modules.setdefault("pandas", None)  # as the `annotator` command does (annotator/__main__.py)
from annotator.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.article import ArticleView
async def main():
    store = Store.open(sys.argv[1], create=False)
    app = AnnotatorApp(store, annotator="bench")
    async with app.run_test(size=(120, 40)) as pilot:
        article = app.screen.query_one(ArticleView)
        while article.rendered_rows == 0:
            await asyncio.sleep(0.001)
        print(time.time() - t0)
        await pilot.press("q")
asyncio.run(main())
"""


def _start_subprocess(db: Path) -> float:
    out = subprocess.run([sys.executable, "-c", _SUBPROCESS_START, str(db), repr(time.time())],
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


async def _keys_once(db: Path, doc_id: str, presses: int) -> dict[str, list[float]]:
    """Key-to-screen times: from handing the key to the app (``pilot.press``) to the moment the
    screen update showing its effect has been composited.

    ``App._display`` is where Textual hands each composited update to the terminal driver
    (headless here, so nothing is written); we note when it is called. ``pilot.press`` returns
    once the app is idle; if an update is still pending then, we composite it at once. The
    key's time is the last update composited after it was sent. (``pilot.press`` itself adds
    Textual's idle detection, a few tens of ms even for a key that does nothing, which is
    not screen latency; the unbound-key figure is printed for comparison.)
    """
    from annotator.settings import load_settings
    from annotator.store import Store
    from annotator.tui.app import AnnotatorApp
    from annotator.tui.article import ArticleView

    store = Store.open(db, create=False, fast_sync=load_settings().fast_sync)  # as the app would open it
    app = AnnotatorApp(store, annotator="bench", doc_id=doc_id)
    timings: dict[str, list[float]] = {"move": [], "label": [], "pilot.press, unbound key": []}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        article = app.screen.query_one(ArticleView)
        article.move_cursor(len(article.text) // 2)  # the middle of the document
        await pilot.pause()
        shown: list[float] = []
        display = app._display

        def recording_display(screen, renderable):
            if renderable is not None:
                shown.append(time.perf_counter())
            return display(screen, renderable)

        app._display = recording_display

        async def timed(key: str) -> float:
            shown.clear()
            t0 = time.perf_counter()
            await pilot.press(key)
            screen = app.screen
            if screen._dirty_widgets or screen._layout_required or screen._repaint_required:
                screen._on_timer_update()
            return (shown[-1] if shown else time.perf_counter()) - t0

        moves = ["right", "right", "down", "right", "left", "down", "up", "right", "down", "left",
                 "pagedown", "pageup"]
        for i in range(presses):
            timings["move"].append(await timed(moves[i % len(moves)]))
        for i in range(presses // 2):
            await pilot.press("right", "right")
            timings["label"].append(await timed(str(1 + i % 4)))
            timings["label"].append(await timed("x"))
        for _ in range(10):
            t0 = time.perf_counter()
            await pilot.press("z")
            timings["pilot.press, unbound key"].append(time.perf_counter() - t0)
        await pilot.press("q")
    store.close()
    return timings


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=60)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=20_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        many = Path(tmp) / "many.sqlite"
        t0 = time.perf_counter()
        make_many_documents(many, args.documents)
        print(f"built {args.documents} documents in {time.perf_counter() - t0:.1f} s")
        starts = [asyncio.run(_start_once(many)) for _ in range(args.runs)]
        fresh = [_start_subprocess(many) for _ in range(args.runs)]
        print(f"start to first rendered document, {args.documents} documents:")
        print(f"  in process (open store .. first rows drawn): median {statistics.median(starts) * 1000:.0f} ms "
              f"(runs: {', '.join(f'{s * 1000:.0f}' for s in starts)})")
        print(f"  fresh process as the annotator command starts (interpreter, imports, first rows): "
              f"median {statistics.median(fresh) * 1000:.0f} ms (runs: {', '.join(f'{s * 1000:.0f}' for s in fresh)})")

        long_db = Path(tmp) / "long.sqlite"
        doc_id = make_long_document(long_db, args.words)
        from annotator.store import Store

        with Store.open(long_db) as store:
            doc = store.document(doc_id)
            n_words = len(doc.text.split())
            n_machine = len(store.spans(doc_id, "machine"))
            n_own = len(store.spans(doc_id, "bench"))
        print(f"key to screen, one document of {n_words} words ({len(doc.text)} characters, "
              f"{n_machine} suggestions, {n_own} spans), {args.presses} presses of each kind per run:")
        medians: dict[str, list[float]] = {}
        for run in range(args.runs):
            timings = asyncio.run(_keys_once(long_db, doc_id, args.presses))
            parts = []
            for kind, values in timings.items():
                median = statistics.median(values)
                medians.setdefault(kind, []).append(median)
                parts.append(f"{kind}: median {median * 1000:.1f} ms, p95 {_p95(values) * 1000:.1f} ms")
            print(f"  run {run + 1}: " + "; ".join(parts))
        for kind, values in medians.items():
            print(f"  {kind}: median of run medians {statistics.median(values) * 1000:.1f} ms")
        from annotator.settings import load_settings

        sync = "NORMAL (fast_sync)" if load_settings().fast_sync else "FULL"
        print(f"  (each label and removal is committed with synchronous={sync} before the screen updates)")


if __name__ == "__main__":
    main()
