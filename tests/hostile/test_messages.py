"""Messages: every refusal is located, says what to change, exits 1, shows no traceback; a
generator bug is one line unless --debug asks for the traceback (issue 7)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .support import ROOT

SPEC = ROOT / "spec" / "openapi.yaml"


def run(*args: str | Path, code: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", *map(str, args)]
    if code is not None:
        command = [sys.executable, "-c", code, *map(str, args)]
    return subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


BUGGY = """
import sys
import generator.pipeline as pipeline
def broken(*args, **kwargs):
    raise ValueError("boom\\nsecond line")
pipeline.generate = broken
from generator.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_generator_bug_is_one_line_without_debug(tmp_path: Path) -> None:
    done = run("generate", SPEC, "--out", tmp_path / "out", code=BUGGY)
    assert done.returncode == 1
    assert done.stderr == (
        f"{SPEC}: /: internal error (ValueError: boom); this is a bug in the generator: "
        "rerun with --debug for a traceback and report it\n"
    )


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    done = run("generate", SPEC, "--out", tmp_path / "out", "--debug", code=BUGGY)
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "ValueError: boom" in done.stderr


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "spec.yaml: /: an OpenAPI document must be a mapping at the top"),
        (
            b"[1, 2]\n",
            "spec.yaml:1: /: an OpenAPI document must be a mapping at the top",
        ),
        (
            b"\xff\xfe\x00junk",
            "spec.yaml:1: /: not UTF-8 text; save the document as UTF-8",
        ),
        (
            b"a: !!python/object/apply:os.system ['echo hi']\n",
            "spec.yaml:1: /: invalid YAML",
        ),
        (b"openapi: 3.1.0\ninfo: {title: [}\n", "spec.yaml:2: /: invalid YAML"),
        (b"openapi: 3.1.0\n\tinfo: x\n", "spec.yaml:2: /: invalid YAML"),
        (b"? [a, b]\n: 1\n", "spec.yaml:1: /: invalid YAML: found unhashable key"),
    ],
    ids=["empty", "list", "binary", "python-tag", "syntax", "tab", "unhashable-key"],
)
def test_broken_documents_are_located_refusals(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    (tmp_path / "spec.yaml").write_bytes(content)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "spec.yaml", "--out", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 1
    assert done.stderr.startswith(expected), done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_spec_text_in_a_message_cannot_forge_lines_or_colour_the_terminal(
    tmp_path: Path,
) -> None:
    name = "A\nspec.yaml:1: /: fake message\x1b[31m\u2028"
    spec = tmp_path / "spec.json"
    spec.write_text(
        '{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": '
        '{"responses": {"200": {"description": "ok", "content": {"application/json": '
        '{"schema": {"$ref": "#/components/schemas/A%0Aspec.yaml:1:%20/:%20fake%20message'
        '%1B[31m%E2%80%A8"}}}}}}}}, "components": {"schemas": {}}}'
    )
    done = run("validate", spec)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 2, lines  # the finding, and the run's summary
    assert lines[1].endswith(
        ": 1 error; --lenient leaves out what each dangling $ref is in, with a warning"
    )
    assert "\x1b" not in done.stderr and "\u2028" not in done.stderr
    assert "no 'A\\nspec.yaml:1: '" in lines[0]  # the newline, shown as an escape
    assert name not in done.stderr
