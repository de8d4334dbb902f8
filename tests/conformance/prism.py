"""Stoplight Prism as a mock server: ``prism mock --errors`` on 127.0.0.1 and a free port.

With ``--errors`` Prism validates every request against the spec and answers a violation with an
error status (the spec's 4xx response, or 422/400/401) and an ``sl-violations`` header naming what
was wrong; otherwise it answers from the spec (an example, else a body built from the schema)
and checks its own answer, replying 500 ``VIOLATIONS`` when that breaks the schema.

Prism is installed by the Makefile into ``.tools/prism`` (never by hand): ``make prism``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parents[2]
PRISM = ROOT / ".tools" / "prism" / "node_modules" / ".bin" / "prism"
START_TIMEOUT = (
    240.0  # GitHub's 3.4 MB document takes Prism about a minute on this machine
)


class PrismError(Exception):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Prism:
    """``with Prism(spec, log) as prism:`` serves ``spec`` at ``prism.url`` until the block ends."""

    def __init__(self, spec: Path, log: Path, flags: tuple[str, ...] = ()) -> None:
        self.spec = spec
        self.log = log
        self.flags = flags
        self.port = 0
        self.url = ""
        self.startup_seconds = 0.0
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Prism:
        if not PRISM.exists():
            raise PrismError(
                f"Prism is not installed at {PRISM.relative_to(ROOT)}: run `make prism` "
                "(make test and make conformance do it)"
            )
        for _ in range(
            3
        ):  # another process may take the port between the probe and Prism
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            started = time.perf_counter()
            with self.log.open("wb") as log:
                self._proc = subprocess.Popen(
                    [
                        str(PRISM),
                        "mock",
                        "--errors",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(self.port),
                        *self.flags,
                        str(self.spec),
                    ],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,  # its own group: stopping it stops node's children
                    env={**os.environ, "NODE_OPTIONS": "--max-old-space-size=4096"},
                )
            if self._wait_up():
                self.startup_seconds = time.perf_counter() - started
                return self
            self.stop()
            text = self.log.read_text(errors="replace")
            if "EADDRINUSE" not in text:
                raise PrismError(f"Prism did not start: {_tail(text)}")
        raise PrismError("Prism did not start: no free port")

    def _wait_up(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        assert self._proc is not None
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                return False
            if b"Prism is listening" in self.log.read_bytes():
                try:
                    with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                        return True
                except OSError:
                    pass
            time.sleep(0.2)
        return False

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _tail(text: str, lines: int = 5) -> str:
    kept = [line.strip() for line in text.splitlines() if line.strip()][-lines:]
    return " | ".join(kept)[:800]
