"""Timing and memory of child processes, and the median / min–max summary every figure uses."""

from __future__ import annotations

import os
import re
import signal
import statistics
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
# Sampling the process tree costs CPU the measured tool would otherwise get; 50 ms keeps that
# under 1 % on two cores and still sees every phase of a multi-second run.
SAMPLE_SECONDS = 0.05


class BenchError(Exception):
    """A command the benchmark itself depends on failed (not a peer: peers fail into the report)."""


@dataclass(frozen=True)
class Stats:
    median: float
    low: float
    high: float
    runs: int


def summarize(values: Sequence[float]) -> Stats:
    if not values:
        raise ValueError("no values to summarize")
    return Stats(statistics.median(values), min(values), max(values), len(values))


@dataclass(frozen=True)
class Outcome:
    """One tracked run. ``error`` is empty exactly when the run succeeded."""

    seconds: float
    peak_rss_bytes: int
    returncode: int | None  # None: killed at the timeout
    error: str

    @property
    def ok(self) -> bool:
        return not self.error


# "ValueError: ...", "java.lang.RuntimeException: ...", "Exception in thread "main" ...".
_EXCEPTION_LINE = re.compile(
    r"^(Exception in thread |([A-Za-z_][\w$]*\.)*[A-Za-z_]\w*(Error|Exception)(: |$))"
)
# "error: Failed to parse x.py:38:5: Expected a statement" (ruff under openapi-python-client).
_ERROR_LINE = re.compile(r"^error: ", re.IGNORECASE)
# Rich-formatted tracebacks (typer) frame their lines with box-drawing characters.
_BOX = re.compile(r"[\u2500-\u257f\u2770-\u2775]")


def first_error_line(text: str) -> str:
    """The line a person would quote from a failed tool's output: the first exception line with
    its wrapped continuation, else the first line that starts with "error: ", else the last line
    that is not a warning, else the first line."""
    lines = [_BOX.sub("", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    for index, line in enumerate(lines):
        if _EXCEPTION_LINE.match(line):
            return _with_continuation(lines, index)[:200]
    for line in lines:
        if _ERROR_LINE.match(line):
            return line[:200]
    for line in reversed(lines):
        if "warn" not in line.lower():
            return line[:200]
    return lines[0][:200] if lines else ""


def _with_continuation(lines: list[str], index: int) -> str:
    # A message wrapped to the terminal's width goes on in lines that are neither stack frames
    # nor a new exception.
    parts = [lines[index]]
    for line in lines[index + 1 :]:
        if line.startswith(
            ("at ", "...", "File ", "Caused by")
        ) or _EXCEPTION_LINE.match(line):
            break
        parts.append(line)
    return " ".join(parts)


def _tree_pids(root: int) -> list[int]:
    # A child is listed under the thread that forked it, so every thread's list is read (java has
    # dozens of threads; openapi-generator-cli's python wrapper forks java, ruff runs under
    # openapi-python-client).
    found = [root]
    index = 0
    while index < len(found):
        pid = found[index]
        index += 1
        try:
            threads = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for thread in threads:
            try:
                text = Path(f"/proc/{pid}/task/{thread}/children").read_text()
            except OSError:
                continue
            found.extend(int(child) for child in text.split())
    return found


def _resident_bytes(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0  # the process ended between listing and reading


def tree_rss_bytes(root: int) -> int:
    """Resident memory summed over ``root`` and all its descendants right now."""
    return sum(_resident_bytes(pid) for pid in _tree_pids(root))


class _Watcher(threading.Thread):
    """Samples the tree's memory and kills the process group once ``timeout`` has passed."""

    def __init__(self, pid: int, timeout: float) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.timeout = timeout
        self.peak = 0
        self.killed = False
        self.done = threading.Event()

    def run(self) -> None:
        deadline = time.monotonic() + self.timeout
        while not self.done.wait(SAMPLE_SECONDS):
            self.peak = max(self.peak, tree_rss_bytes(self.pid))
            if time.monotonic() > deadline:
                self.killed = True
                _kill_group(self.pid)
                return


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_tracked(
    command: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    timeout: float,
    log_dir: Path,
) -> Outcome:
    """Run ``command`` to completion; wall time, peak memory of its whole process tree.

    Peak memory is the larger of the sampled tree sum (sees concurrent workers) and the kernel's
    exact high-water mark of the largest single process in the tree (sees short spikes).
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / "stdout", "wb") as out, open(log_dir / "stderr", "wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            env=dict(env),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        watcher = _Watcher(process.pid, timeout)
        watcher.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    watcher.done.set()
    watcher.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    _kill_group(
        process.pid
    )  # a grandchild left behind must not run into the next measurement
    peak = max(watcher.peak, usage.ru_maxrss * 1024)
    if watcher.killed:
        return Outcome(seconds, peak, None, f"timed out after {timeout:g} s")
    return Outcome(
        seconds, peak, process.returncode, _failure(process.returncode, log_dir)
    )


def _failure(returncode: int, log_dir: Path) -> str:
    if returncode == 0:
        return ""
    stderr = (log_dir / "stderr").read_text(errors="replace")
    stdout = (log_dir / "stdout").read_text(errors="replace")
    line = first_error_line(stderr) or first_error_line(stdout)
    return f"exit {returncode}: {line}" if line else f"exit {returncode}"


def time_command(command: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> float:
    """Wall time of a short command that must succeed (start-up and import figures)."""
    started = time.perf_counter()
    done = subprocess.run(
        list(command),
        env=dict(env),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        detail = first_error_line(done.stderr.decode(errors="replace"))
        raise BenchError(f"{' '.join(command)}: exit {done.returncode}: {detail}")
    return seconds
