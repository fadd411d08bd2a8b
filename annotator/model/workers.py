"""Worker processes for the CPU-bound parts of an import (analysis, suggestions): a ``spawn``
pool (never ``fork``: the caller may hold threads and open SQLite connections) whose workers
leave Ctrl-C to the parent.

Ctrl-C in a terminal reaches the whole process group: a worker that took it would print a
traceback of its own, so workers ignore SIGINT (and start with it blocked), and the parent,
interrupted, terminates them. A Ctrl-C while the pool starts its processes is held back until
the pool is in hand: it used to escape ``Pool()`` with the workers started so far left running
(and a new one started as they were stopped at exit), reading what the parent sent them after it
had gone, each printing a traceback.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterator
from multiprocessing.pool import Pool


@contextlib.contextmanager
def worker_pool(processes: int, initializer: Callable | None = None, initargs: tuple = ()) -> Iterator[Pool]:
    """A spawn pool of ``processes`` workers, each running ``initializer(*initargs)`` first;
    terminated when the block ends, however it ends."""
    pool = None
    try:
        with _ctrl_c_deferred():
            pool = multiprocessing.get_context("spawn").Pool(processes, initializer=_start_worker,
                                                             initargs=(initializer, initargs))
        yield pool
    finally:
        if pool is not None:
            pool.terminate()


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
    if initializer is not None:
        initializer(*initargs)
