"""Atomic output: a run killed or failing mid-write leaves --out as it was or wholly new (issue 7).

The kill test slows staging down with the documented test hook ``OPENAPI_SDK_GEN_TEST_STAGE_DELAY``
(seconds to sleep after each staged file), waits until some files are staged, and SIGKILLs the
run: nothing of the new tree may show in --out.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.emit import write
from generator.emit.tree import read_tree
from generator.pipeline import generate

from .support import ROOT

OLD_SPEC = ROOT / "spec" / "openapi.yaml"
OLD_CONFIG = ROOT / "spec" / "sdk.yaml"
NEW_SPEC = ROOT / "tests" / "cases" / "no_settings" / "spec.yaml"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _generated_before(
    tmp_path: Path, old: dict[str, bytes]
) -> tuple[Path, dict[str, tuple[bytes, int]]]:
    """``tmp_path/out`` holding ``old``, and its snapshot."""
    out = tmp_path / "out"
    write.write_tree(out, old)
    return out, snapshot(out)


@pytest.fixture(scope="module")
def trees() -> tuple[dict[str, bytes], dict[str, bytes]]:
    return generate(OLD_SPEC, OLD_CONFIG).files, generate(NEW_SPEC).files


def _staged(parent: Path) -> int:
    return sum(
        1 for d in parent.glob(".out.new-*") for p in d.rglob("*") if p.is_file()
    )


def test_killed_while_staging_leaves_out_as_it_was(
    tmp_path: Path, trees: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    old, new = trees
    out, before = _generated_before(tmp_path, old)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            str(NEW_SPEC),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT), write.STAGE_DELAY_ENV: "0.3"},
    )
    try:
        deadline = time.monotonic() + 60
        while _staged(tmp_path) < 3:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "staging never started"
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
    assert 3 <= _staged(tmp_path) < len(new)  # it really was half-way
    assert snapshot(out) == before  # not one new file, not one old file gone
    # The next run completes and swaps in the whole new tree.
    write.write_tree(out, new)
    assert read_tree(out) == new


def test_failure_while_staging_leaves_out_as_it_was(
    tmp_path: Path,
    trees: tuple[dict[str, bytes], dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old, new = trees
    out, before = _generated_before(tmp_path, old)
    calls = 0
    real = write._write_file

    def failing(path: str, data: bytes) -> None:  # the disk fills up on the fifth file
        nonlocal calls
        calls += 1
        if calls == 5:
            raise OSError(28, "No space left on device", path)
        real(path, data)

    monkeypatch.setattr(write, "_write_file", failing)
    with pytest.raises(OSError):
        write.write_tree(out, new)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # staging removed


def test_failed_swap_leaves_out_as_it_was(
    tmp_path: Path,
    trees: tuple[dict[str, bytes], dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the exchange is unavailable the fallback renames; a failure there restores --out."""
    old, new = trees
    out, before = _generated_before(tmp_path, old)
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    real_rename = os.rename

    def rename(src: object, dst: object) -> None:
        if Path(str(src)).name.startswith(".out.new-"):
            raise OSError(5, "I/O error")
        real_rename(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(write.os, "rename", rename)
    with pytest.raises(OSError):
        write.write_tree(out, new)
    assert snapshot(out) == before


def test_files_are_staged_while_generating_and_out_changes_only_at_commit(
    tmp_path: Path, trees: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    old, new = trees
    out, before = _generated_before(tmp_path, old)
    staging = write.Staging(out)
    try:
        result = generate(NEW_SPEC, staging=staging)
        assert result.files == new
        assert _staged(tmp_path) == len(new)  # every file, before anyone commits
        assert snapshot(out) == before
        assert staging.commit(result.files)
    finally:
        staging.discard()
    assert read_tree(out) == new
    assert not list(tmp_path.glob(".out.*"))


def test_a_run_failing_after_staging_began_removes_what_it_staged(
    tmp_path: Path,
    trees: tuple[dict[str, bytes], dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.__main__ import main

    old, _ = trees
    out, before = _generated_before(tmp_path, old)

    def full_disk(self: write.Staging, files: dict[str, bytes]) -> bool:
        assert _staged(tmp_path) > 0
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write.Staging, "commit", full_disk)
    assert main(["generate", str(NEW_SPEC), "--out", str(out), "--no-cache"]) == 1
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".out.*"))
