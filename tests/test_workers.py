"""The worker pool of imports and suggestions leaves Ctrl-C to the parent and is never left
half-started by one."""

import multiprocessing
import os
import signal
from multiprocessing.pool import TERMINATE

import pytest

from annotator.model.workers import worker_pool


def test_workers_leave_ctrl_c_to_the_parent():
    with worker_pool(1) as pool:
        assert pool.apply(signal.getsignal, (signal.SIGINT,)) == signal.SIG_IGN


def test_a_ctrl_c_while_the_workers_start_comes_once_the_pool_can_be_stopped(monkeypatch):
    context = multiprocessing.get_context("spawn")
    start, started = context.Pool, []

    def interrupted(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C as the processes start
        started.append(start(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(context, "Pool", interrupted)
    with pytest.raises(KeyboardInterrupt), worker_pool(1):
        pytest.fail("the block must not run")
    assert started and started[0]._state == TERMINATE
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
