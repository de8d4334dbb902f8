"""What a run shows while it works: the pipeline reports events, a reporter decides what to show.

``Progress`` is silent: what a library caller or a test gets, and all the pipeline needs to know
about. ``Reporter`` is the command's: on a terminal it prints warnings as they are found and,
once a run has taken more than a second, keeps one live line at the bottom with the stage and
its counts ("rendering 120/538 files"), drawn by rich. Piped or redirected it shows nothing
while working, so what a script or CI reads is the same lines as ever; either way it ends with
the warnings not yet shown and their total.

rich (~12 ms to import ``rich.live``) is imported only when the live line first appears: a
short run, or any run whose stderr is not a terminal, never loads it.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from .diagnostics import Diagnostic

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.live import Live

# A run shorter than this shows no live line: it would only flicker. Tests set another through
# the environment (a loaded machine can make any run take a second).
LIVE_AFTER = 1.0
LIVE_AFTER_ENV = "OPENAPI_SDK_GEN_TEST_LIVE_AFTER"


class Progress:
    """The events of a run, in order: ``stage`` names what it does now; ``planned``, then one
    ``rendered`` per file and one ``finished`` per file whose final text is ready (formatting
    goes on while later files render); ``found`` hands over diagnostics as soon as they are
    known. Every method here does nothing."""

    def stage(self, name: str) -> None:
        pass

    def planned(self, files: int) -> None:
        pass

    def rendered(self) -> None:
        pass

    def finished(self) -> None:
        pass

    def found(self, diagnostics: Sequence[Diagnostic]) -> None:
        pass


class Reporter(Progress):
    """The command's reporter; ``say`` prints one line of its output, made safe to print by
    ``clean`` (which the live display applies too). ``close`` removes the live line (call it
    before printing anything else); ``finish`` prints what is left to say."""

    def __init__(
        self,
        say: Callable[[str], None],
        clean: Callable[[str], str],
        stream: TextIO | None = None,
        *,
        live: bool | None = None,
        after: float | None = None,
    ) -> None:
        self._say = say
        self._clean = clean
        self._stream = stream if stream is not None else sys.stderr
        self._live_wanted = _is_terminal(self._stream) if live is None else live
        self._after = after if after is not None else _live_after()
        self._lock = threading.Lock()
        self._live: Live | None = None
        self._closed = False
        self._timer: threading.Timer | None = None
        self._stage = ""
        self._files = 0
        self._rendered = 0
        self._finished = 0
        # Files already final when formatting became the stage: the line counts the rest.
        self._finished_before = 0
        self._started = time.monotonic()
        self._shown: Counter[str] = Counter()

    # The pipeline's events: counters only, read by the live line when it redraws.

    def stage(self, name: str) -> None:
        if name == "formatting":
            self._finished_before = self._finished
        self._stage = name
        if self._live_wanted and self._timer is None and not self._closed:
            self._started = time.monotonic()
            self._timer = threading.Timer(self._after, self._start_live)
            self._timer.daemon = True
            self._timer.start()

    def planned(self, files: int) -> None:
        self._files = files
        self.stage("rendering")

    def rendered(self) -> None:
        self._rendered += 1

    def finished(self) -> None:
        self._finished += 1

    def found(self, diagnostics: Sequence[Diagnostic]) -> None:
        """On a terminal, warnings are printed now; piped, at the end, as they always were."""
        if not self._live_wanted:
            return
        for diagnostic in diagnostics:
            if diagnostic.severity == "warning":
                self._print(diagnostic.format())

    def finish(self, warnings: Sequence[Diagnostic]) -> None:
        """The warnings not printed yet, in order, then how many there were in all."""
        self.close()
        shown = Counter(self._shown)
        for warning in warnings:
            line = warning.format()
            if shown[line]:
                shown[line] -= 1
            else:
                self._say(line)
        if warnings:
            self._say(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self._live is not None:
                self._live.stop()  # transient: the line goes, what was printed above it stays
                self._live = None

    def line(self) -> str:
        """The live line's text as it stands."""
        if self._stage == "rendering":
            return f"rendering {self._rendered}/{self._files} files"
        if self._stage == "formatting":
            left = self._files - self._finished_before
            done = min(self._finished - self._finished_before, left)
            return f"formatting {done}/{left} files"
        return f"{self._stage}…"

    def _print(self, text: str) -> None:
        with self._lock:
            self._shown[text] += 1
            if self._live is None:
                self._say(text)
                return
            from rich.text import Text

            # Through the live display, which prints it above the line; as plain text, so
            # brackets in spec text are not read as markup, and unwrapped, as ``say`` prints.
            self._live.console.print(Text(self._clean(text)), soft_wrap=True)

    def _start_live(self) -> None:
        with self._lock:
            if self._closed:
                return
            from rich.console import Console
            from rich.live import Live
            from rich.spinner import Spinner

            spinner = Spinner("dots", speed=1.0)

            def renderable() -> RenderableType:
                seconds = int(time.monotonic() - self._started)
                spinner.update(text=f"{self.line()}  {seconds}s")
                return spinner

            console = Console(file=self._stream, highlight=False, markup=False)
            live = Live(
                console=console,
                get_renderable=renderable,
                refresh_per_second=8,
                transient=True,
                redirect_stdout=False,
                redirect_stderr=True,  # stray output goes above the line too
            )
            live.start()
            self._live = live


def _live_after() -> float:
    try:
        return float(os.environ.get(LIVE_AFTER_ENV) or LIVE_AFTER)
    except ValueError:
        return LIVE_AFTER


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):  # a closed or stand-in stream
        return False
