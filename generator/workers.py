"""Processes for the slow, independent work: the validator beside the IR stage, black on every core.

On a big document two jobs dominate (profile in docs/benchmarks.md): the validator and black. Both
are pure functions of their input, so they can run in forked workers while the main process builds
the IR and renders. Results are the same whichever process computes them and in whatever order they
finish, so the output stays byte-for-byte deterministic.

Workers are forked at the first task, so they start with only the modules imported by then; every
task's arguments and result are pickled. Where fork is unavailable, with one job, or once the
caller keeps the work inline, every task runs inline at submission.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Any, TypeVar

T = TypeVar("T")


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


class Workers:
    """``submit`` runs a picklable function in a worker (forking them all at the first task)."""

    def __init__(self, jobs: int, warm: Callable[[], object] | None = None) -> None:
        forks = "fork" in multiprocessing.get_all_start_methods()
        self._jobs = jobs if forks else 1
        # Run by one worker when ``warm_up`` is called, while the main process works on.
        self._warm = warm
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        return self

    def keep_inline(self) -> None:
        """Run every task inline from now on, unless the workers have started already (a small
        document: forking would cost more than it saves)."""
        if self._pool is None:
            self._jobs = 1

    def warm_up(self) -> None:
        """Queue ``warm`` (black's import, ~0.1 s of CPU) for one worker, behind what was
        submitted already: the worker taking the validator starts on it at once, and the others
        warm up on their first task, if they get one (a small regeneration formats a few pieces,
        and two workers importing black would compete with the main process for the cores).
        """
        if self._pool is not None and self._warm is not None:
            self._pool.submit(self._warm)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    @property
    def parallel(self) -> bool:
        return self._jobs > 1

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        if self._jobs <= 1:
            return _done(fn, *args)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self._jobs, mp_context=multiprocessing.get_context("fork")
            )
        return self._pool.submit(fn, *args)


def _done(fn: Callable[..., T], *args: Any) -> Future[T]:
    future: Future[T] = Future()
    try:
        future.set_result(fn(*args))
    except Exception as exc:  # re-raised by .result(), as a worker's would be
        future.set_exception(exc)
    return future
