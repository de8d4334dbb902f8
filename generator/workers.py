"""Processes for the slow, independent work: the validator beside the IR stage, black on every core.

On a big document two jobs dominate (profile in docs/benchmarks.md): the validator and black. Both
are pure functions of their input, so they can run in forked workers while the main process builds
the IR and renders. Results are the same whichever process computes them and in whatever order they
finish, so the output stays byte-for-byte deterministic.

Workers are forked (copy-on-write): the loaded documents reach them without pickling. Where fork is
unavailable, or with one job, every task runs inline at submission.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Any, TypeVar

T = TypeVar("T")

# What forked workers read instead of receiving it pickled (set before the pool forks).
_shared: Any = None


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def _call_with_shared(fn: Callable[..., T], *args: Any) -> T:
    return fn(_shared, *args)


class Workers:
    """``submit`` runs a picklable function in a worker; ``submit_shared`` passes it ``shared``
    (the loaded documents) as its first argument without copying them."""

    def __init__(
        self, jobs: int, shared: Any = None, warm: Callable[[], object] | None = None
    ) -> None:
        self._jobs = jobs
        self._shared = shared
        # Run by one worker when ``warm_up`` is called, while the main process works on.
        self._warm = warm
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        global _shared
        if self._jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
            _shared = self._shared
            self._pool = ProcessPoolExecutor(
                self._jobs,
                mp_context=multiprocessing.get_context("fork"),
            )
        return self

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
        global _shared
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        _shared = None

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        if self._pool is not None:
            return self._pool.submit(fn, *args)
        return _done(fn, *args)

    def submit_shared(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        if self._pool is not None:
            return self._pool.submit(_call_with_shared, fn, *args)
        return _done(fn, self._shared, *args)


def _done(fn: Callable[..., T], *args: Any) -> Future[T]:
    future: Future[T] = Future()
    try:
        future.set_result(fn(*args))
    except Exception as exc:  # re-raised by .result(), as a worker's would be
        future.set_exception(exc)
    return future
