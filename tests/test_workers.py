"""The worker pool of imports and suggestions leaves Ctrl-C to the parent, is never left
half-started by one, and a worker that dies is an error (one line, nothing half-written), not a
hang."""

import json
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.model import MACHINE
from annotator.model.workers import WorkerDied, worker_pool
from annotator.store import Store
from tests.conftest import SEEDS


def test_workers_leave_ctrl_c_to_the_parent():
    with worker_pool(1) as pool:
        assert pool.submit(signal.getsignal, signal.SIGINT).result() == signal.SIG_IGN


def _die_halfway_through_a_result() -> None:
    """In a worker: the start of a result on the pool's result pipe, then the end of the process,
    as when a worker is stopped while it sends a large result."""
    import struct
    import sys

    frame = sys._getframe()
    while frame.f_code.co_name != "_process_worker":  # concurrent.futures' worker loop
        frame = frame.f_back
    writer = frame.f_locals["result_queue"]._writer
    os.write(writer.fileno(), struct.pack("!i", 1 << 20) + b"the first bytes of a long result")
    os._exit(1)


_STOP_WHILE_A_RESULT_IS_HALF_SENT = f"""
import time
from annotator.model.workers import worker_pool
from tests.test_workers import {_die_halfway_through_a_result.__name__} as die

with worker_pool(1) as pool:
    pool.submit(die)
    worker = next(iter(pool._processes.values()))
    while worker.is_alive():
        time.sleep(0.01)
print("stopped")
"""


def test_stopping_the_workers_after_one_died_halfway_through_a_result_does_not_hang():
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    try:
        done = subprocess.run([sys.executable, "-c", _STOP_WHILE_A_RESULT_IS_HALF_SENT], cwd=root,
                              capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the pool's stop waited forever for the rest of a result")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "stopped"


def _collection_settings() -> tuple[int, int]:
    import gc

    return gc.get_threshold()[0], gc.get_freeze_count()


def _build_tables() -> None:
    global _TABLES
    _TABLES = {str(n): [n] for n in range(1000)}


def test_what_a_workers_initializer_built_is_left_out_of_garbage_collections():
    from annotator.model.workers import YOUNG_THRESHOLD

    with worker_pool(1, _build_tables) as pool:
        young, frozen = pool.submit(_collection_settings).result()
    assert young == YOUNG_THRESHOLD
    assert frozen > 1000  # the tables' lists, and what the worker had imported
    assert _collection_settings()[1] == 0  # the parent's collections are its own


def test_a_ctrl_c_while_the_workers_start_comes_once_the_pool_can_be_stopped(monkeypatch):
    from annotator.model import workers

    start, started = workers.ProcessPoolExecutor, []

    def interrupted(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C as the processes start
        started.append(start(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(workers, "ProcessPoolExecutor", interrupted)
    with pytest.raises(KeyboardInterrupt), worker_pool(1):
        pytest.fail("the block must not run")
    assert started and not multiprocessing.active_children()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def _kill_workers() -> None:
    for process in multiprocessing.active_children():
        process.kill()


def test_a_worker_that_dies_is_an_error_not_a_hang():
    with pytest.raises(WorkerDied, match="worker process ended abruptly"), worker_pool(2) as pool:
        task = pool.submit(time.sleep, 60)
        _kill_workers()
        task.result()
    assert not multiprocessing.active_children()


def _corpus(path: Path, n: int) -> Path:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": texts[i % len(texts)] + f"\n\nNr {i}."}) + "\n"
                            for i in range(n)), encoding="utf-8")
    return path


def test_a_worker_dying_during_the_import_stores_nothing(tmp_path, monkeypatch):
    from annotator.formats import importing

    monkeypatch.setattr(importing, "BATCH", 6)
    results = importing._results
    monkeypatch.setattr(importing, "_results", lambda analyses: (_kill_workers(), results(analyses))[1])
    corpus = _corpus(tmp_path / "many.jsonl", 20)
    with Store.open(tmp_path / "a.sqlite") as store, pytest.raises(WorkerDied):
        importing.import_paths(store, [corpus], actor="test", workers=2)
    with Store.open(tmp_path / "a.sqlite") as store:
        assert store.document_count() == 0


def test_a_worker_dying_while_suggesting_is_one_line_and_exit_1_and_the_documents_stay(runner, tmp_path, monkeypatch):
    from annotator.suggest import runner as suggest_runner

    monkeypatch.setattr(suggest_runner, "PARALLEL_THRESHOLD", 8)
    monkeypatch.setattr(suggest_runner, "BATCH", 4)
    monkeypatch.setattr(suggest_runner, "CHUNK", 2)
    collect = suggest_runner._collect
    killed = []

    def collect_after_a_death(*args):
        if not killed:
            killed.append(True)
            _kill_workers()
        return collect(*args)

    monkeypatch.setattr(suggest_runner, "_collect", collect_after_a_death)
    monkeypatch.setenv("ANNOTATOR_WORKERS", "2")
    db = tmp_path / "c.sqlite"
    result = runner.invoke(main, ["import", str(_corpus(tmp_path / "many.jsonl", 20)), "--db", str(db)])
    assert result.exit_code == 1 and killed
    message = result.output.strip()
    assert "\n" not in message and "Traceback" not in message
    assert "Imported 1 file(s): 20 added" in message and "worker process ended abruptly" in message
    assert "run 'annotator suggest'" in message
    with Store.open(db) as store:
        assert store.document_count() == 20
        missing = set(store.unsuggested_documents())
        assert missing  # and every other document has its whole machine layer, in batches committed before
        assert all(store.status(d, MACHINE) == "done" for d in store.document_ids() if d not in missing)


def test_a_worker_imports_neither_the_store_nor_sqlite_utils():
    """What a worker runs (the analysis, the suggestions computed along) does not load the store:
    sqlite-utils and the pandas it imports cost a worker about half a second of CPU."""
    import subprocess
    import sys

    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from annotator.formats.analysis import analyse_chunk; from annotator.suggest import runner; "
        "analyse_chunk([('d', 'Hello there, world.')], None); "
        "print(sorted(m for m in ('annotator.store', 'sqlite_utils', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(Path(__file__).resolve().parent.parent)],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


_KILLED_PARENT = """
import os, signal, sys, time
sys.path.insert(0, sys.argv[1])
from annotator.model.workers import worker_pool
if __name__ == "__main__":
    with worker_pool(2) as pool:
        started = [pool.submit(time.sleep, 0.5) for _ in range(2)]
        [task.result() for task in started]  # both workers are running tasks now
        tasks = [pool.submit(time.sleep, 60) for _ in range(4)]  # both busy, more waiting
        print(*sorted(pool._processes), flush=True)  # the executor's processes by pid
        os.kill(os.getpid(), signal.SIGKILL)
"""


def _running(pid: int) -> bool:
    """Whether the process exists and has not ended (a zombie nobody reaps has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_workers_end_when_their_parent_is_killed(tmp_path):
    """A parent killed outright (SIGKILL) cannot stop its workers: they end by themselves
    instead of waiting forever on the pool's pipes with their memory."""
    import subprocess
    import sys

    script = tmp_path / "parent.py"
    script.write_text(_KILLED_PARENT, encoding="utf-8")
    printed = tmp_path / "pids.txt"
    with printed.open("w") as stdout:  # a file: a pipe would stay open in workers that outlive it
        out = subprocess.run([sys.executable, str(script), str(Path(__file__).resolve().parent.parent)],
                             stdout=stdout, stderr=subprocess.DEVNULL, timeout=120)
    assert out.returncode == -signal.SIGKILL
    pids = [int(pid) for pid in printed.read_text().split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 30  # a bound for a slow machine, not a speed requirement
    while any(map(_running, pids)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_running, pids))
