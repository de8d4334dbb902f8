"""What a long run shows while it works: on a terminal, a live line with the stage and counts
and each warning as it is found; piped, the plain lines scripts and CI have always read.

Runs the command in a subprocess, its stderr a pseudo-terminal or a pipe, with staging slowed by
the test hook ``OPENAPI_SDK_GEN_TEST_STAGE_DELAY`` so that a small spec takes over a second.
"""

from __future__ import annotations

import fcntl
import os
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

from generator.emit.write import STAGE_DELAY_ENV
from generator.progress import LIVE_AFTER_ENV

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tests" / "newcomer" / "my-api.yaml"
# About 40 files at 0.06 s each: over two seconds, past the second after which the line appears.
DELAY = "0.06"
LIVE = re.compile(r"(rendering|formatting) (\d+)/(\d+) files")
WARNING = ': /info/version: warning: 1 is not of type "string"'


def _written(tmp_path: Path) -> str:
    """The run's last line: as many files as the generator makes of the walkthrough's spec."""
    from generator.pipeline import generate

    count = len(generate(SPEC, lenient=True).files)
    return f"{tmp_path / 'out'}: {count} files written (1 operations)"


def _spec(tmp_path: Path) -> Path:
    """The walkthrough's spec with one finding, a warning on a lenient run."""
    text = SPEC.read_text("utf-8").replace("  version: 1.0.0", "  version: 1")
    assert text != SPEC.read_text("utf-8")
    spec = tmp_path / "my-api.yaml"
    spec.write_text(text, "utf-8")
    return spec


def _command(tmp_path: Path, spec: Path) -> list[str]:
    out = tmp_path / "out"
    return [sys.executable, "-m", "generator", "generate", str(spec), "--out", str(out)]


def _env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        STAGE_DELAY_ENV: DELAY,
        "TERM": "xterm",
        **extra,
    }


def _on_a_terminal(command: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Exit code and everything written to the terminal, stdout and stderr both a pty."""
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 200, 0, 0))
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the last writer has closed it
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8")


def test_a_long_run_on_a_terminal_shows_a_live_line_and_warnings_as_found(
    tmp_path: Path,
) -> None:
    spec = _spec(tmp_path)
    code, seen = _on_a_terminal(
        [*_command(tmp_path, spec), "--lenient", "--no-cache"], _env()
    )
    assert code == 0, seen
    frames = [LIVE.search(frame) for frame in re.split(r"[\r\n]", seen)]
    counts = [(m.group(1), int(m.group(2)), int(m.group(3))) for m in frames if m]
    assert counts, seen
    # The counts go up, and the formatting count reaches its total.
    assert any(stage == "formatting" and done == total for stage, done, total in counts)
    assert all(done <= total for _, done, total in counts), counts
    # The warning came while the line was up (found before the files were staged), once,
    # and the total closes the run, after the line was taken away.
    assert seen.count(WARNING) == 1, seen
    assert seen.index(WARNING) < seen.rindex("formatting"), seen
    tail = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen[seen.rindex("formatting") :])
    lines = [line for line in re.split(r"[\r\n]+", tail) if line.strip()][-2:]
    assert lines == [
        "1 warning",
        _written(tmp_path),
    ]


def test_a_run_shorter_than_the_threshold_shows_no_live_line(tmp_path: Path) -> None:
    # The same two-second run, under a threshold it cannot reach (the default second could be
    # reached by any run on a loaded machine).
    code, seen = _on_a_terminal(
        [*_command(tmp_path, SPEC), "--no-cache"], _env(**{LIVE_AFTER_ENV: "60"})
    )
    assert code == 0, seen
    assert "\x1b" not in seen and not LIVE.search(seen), seen


def test_piped_output_is_plain_lines(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    done = subprocess.run(
        [*_command(tmp_path, spec), "--lenient", "--no-cache"],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"{spec}:6{WARNING}",
        "1 warning",
        _written(tmp_path),
    ]
