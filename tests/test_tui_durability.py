"""Nothing is ever lost: a label survives a killed process; annotators work side by side."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from annotator.store import Store
from tests.test_tui_support import ANNOTATOR, DOC_A, find, make_db, span

ROOT = Path(__file__).resolve().parent.parent

LABEL_IN_THE_APP = r"""
import asyncio, sys
from annotator.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.article import ArticleView

async def main():
    app = AnnotatorApp(Store.open(sys.argv[1]), annotator=sys.argv[2])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one(ArticleView).move_cursor(int(sys.argv[3]))
        await pilot.press("1")
        print("saved", flush=True)
        await asyncio.sleep(120)

asyncio.run(main())
"""

LABEL_WITH_THE_SESSION = r"""
import sys, time
from annotator.store import Store
from annotator.text.tokenize import token_spans
from annotator.tui.session import Session

store = Store.open(sys.argv[1])
session = Session(store, sys.argv[2])
session.open("doc-a")
for start, end in token_spans(session.text)[: int(sys.argv[3])]:
    session.label((start, end), "ACTOR", position=start)
print("saved", flush=True)
time.sleep(120)
"""


def run_and_kill(script: str, *args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True, env=env,
                            cwd=ROOT)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "saved", line
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def test_a_label_made_in_the_app_survives_a_killed_process(tmp_path):
    db = make_db(tmp_path / "kill.sqlite")
    offset = find(DOC_A, "people").start
    run_and_kill(LABEL_IN_THE_APP, str(db), ANNOTATOR, str(offset))
    with Store.open(db) as store:
        assert store.spans("doc-a", ANNOTATOR) == [span(DOC_A, "people", "ACTOR")]
        assert store.position(ANNOTATOR) == ("doc-a", offset)
        assert store.can_undo("doc-a", ANNOTATOR)


def test_two_annotators_label_the_same_document_at_once(tmp_path):
    db = make_db(tmp_path / "two.sqlite")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen([sys.executable, "-c", LABEL_WITH_THE_SESSION, str(db), name, "12"],
                         stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        for name in ("ann-one", "ann-two")
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "saved"
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
    with Store.open(db) as store:
        for name in ("ann-one", "ann-two"):
            assert len(store.spans("doc-a", name)) == 12
            assert store.spans("doc-b", name) == []
        assert store.spans("doc-b", ANNOTATOR) == []
