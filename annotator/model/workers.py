"""Worker processes for the CPU-bound parts of an import (analysis, suggestions): a ``spawn``
process pool (never ``fork``: the caller may hold threads and open SQLite connections) whose
workers leave Ctrl-C to the parent, and whose death is an error rather than a hang.

Not a fork server either, though it would build the gazetteers once for all workers (about
1.5 s of CPU per import): Python 3.11's fork server imports its preloaded modules from the
current directory first (it ignores the parent's ``sys.path``), and a Ctrl-C while it builds
them printed its traceback.

Ctrl-C in a terminal reaches the whole process group: a worker that took it would print a
traceback of its own, so workers ignore SIGINT (and start with it blocked), and the parent,
interrupted, terminates them. A Ctrl-C while the pool starts its processes is held back until
the pool is in hand: it used to escape the pool's start with the workers started so far left
running, reading what the parent sent them after it had gone, each printing a traceback.

A parent killed outright (SIGKILL) cannot stop its workers, so each worker ends itself when its
parent has ended (``_exit_with_parent``) instead of waiting forever on the pool's pipes.

A worker that dies (killed, out of memory) breaks the pool: ``concurrent.futures`` fails every
task not finished (``BrokenProcessPool``), which leaves the pool's block as ``WorkerDied``, one
line for the user, instead of a result awaited forever (``multiprocessing.Pool`` replaces a dead
worker and loses its task).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import multiprocessing.process
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from annotator.model.errors import AnnotatorError

#: Allocations between two collections of the youngest generation in a worker (Python's default
#: is 700)
YOUNG_THRESHOLD = 10_000


class WorkerDied(AnnotatorError):
    """A worker process ended without finishing its work (killed, or out of memory)."""

    def __init__(self, message: str = "a worker process ended abruptly (killed, or out of memory?)") -> None:
        super().__init__(message)


@contextlib.contextmanager
def worker_pool(processes: int, initializer: Callable | None = None,
                initargs: tuple = ()) -> Iterator[ProcessPoolExecutor]:
    """A spawn pool of ``processes`` workers, all started on entry, each running
    ``initializer(*initargs)`` first; its workers are stopped when the block ends, however it
    ends. A worker's death inside the block leaves it as ``WorkerDied``."""
    pool = None
    try:
        with _ctrl_c_deferred():
            pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_start_worker, initargs=(initializer, initargs))
            # the executor starts a process per task submitted while none is idle: start them all
            # here, inside the block (their initializers run meanwhile, without waiting for them)
            for _ in range(processes):
                pool.submit(int)
        yield pool
    except BrokenProcessPool:
        raise WorkerDied() from None
    finally:
        if pool is not None:
            _stop(pool)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now, busy or not (``terminate_workers`` from Python 3.14; before it, the
    executor's own list of processes), and wait for them to end.

    A worker stopped while it was sending a result (a large one takes a while through the pipe)
    leaves the executor's thread waiting for the rest of the message, forever: this process
    holds the pipe's writing end too (it is handed to every worker started), so the read never
    ends, and ``shutdown`` waits for that thread. A refused import of some thousand documents
    hung there. Once the workers have ended, this process's writing end is closed: the read
    ends (the pool is then broken, which no longer matters) and ``shutdown`` returns."""
    terminate = getattr(pool, "terminate_workers", None)
    if terminate is not None:
        terminate()
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    for process in processes:
        process.join()
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        writer.close()
    pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def _ctrl_c_deferred() -> Iterator[None]:
    """A Ctrl-C (SIGINT) during the block takes effect when it ends; processes started in the
    block begin with SIGINT blocked. Only the main thread handles signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    mask = getattr(signal, "pthread_sigmask", None)  # POSIX
    held = mask(signal.SIG_BLOCK, {signal.SIGINT}) if mask else None
    try:
        yield
    finally:
        if mask and held is not None:
            mask(signal.SIG_SETMASK, held)
        signal.signal(signal.SIGINT, previous)
    if caught:
        signal.raise_signal(signal.SIGINT)  # as the handler of before would have taken it


def _start_worker(initializer: Callable | None, initargs: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    if initializer is not None:
        initializer(*initargs)
    _collect_less()


def _collect_less() -> None:
    """In a worker, once its initializer has run: what the initializer built (the suggester's
    tables, read-only from then on) is left out of every later garbage collection, and a young
    generation is collected every ``YOUNG_THRESHOLD`` allocations instead of 700. A worker's
    tasks make many short-lived tuples and lists and almost no reference cycles, so the default
    collections cost about 5% of its CPU and found next to nothing to free."""
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def _exit_with_parent() -> None:
    """In a worker: end this process as soon as its parent has ended, however it ended. A
    parent killed outright (SIGKILL, the out-of-memory killer) cannot stop its workers, and they
    would never notice: each holds both ends of the pool's pipes, so a worker waiting for a task
    or blocked writing a result waits forever, holding its memory (about 160 MB with the
    suggester's tables). A daemon thread waits on the parent's sentinel, which the parent's end
    closes when it dies."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_when_ended, args=(parent,), name="exit-with-parent", daemon=True).start()


def _exit_when_ended(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()
    os._exit(1)
