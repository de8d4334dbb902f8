"""A run killed or failing mid-write never leaves a state the next run misreads (issues 7, 18).

Files are written aside first, then each is put in place with ``os.replace``, under a journal.
Killed or failing before the first replace, the run leaves every file as it was; killed later,
every file holds its old or its new bytes (never a part), and the next run, without ``--force``,
completes the tree instead of taking the half-replaced files for a user's edits. The kill tests
slow writing down with the documented test hook ``OPENAPI_SDK_GEN_TEST_WRITE_DELAY`` (seconds to
sleep after each file written aside or put in place) and SIGKILL the run half-way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.emit import write
from generator.emit.manifest import JOURNAL, MANIFEST
from generator.emit.tree import read_tree
from generator.pipeline import generate

from .support import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "regeneration"
OLD_SPEC = FIXTURES / "pets_v1.yaml"
NEW_SPEC = FIXTURES / "pets_v2.yaml"
MINE = {"NOTES.md": b"my notes\n", "tests/test_mine.py": b"def test() -> None: ...\n"}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _generated_before(
    tmp_path: Path, old: dict[str, bytes]
) -> tuple[Path, dict[str, tuple[bytes, int]]]:
    """``tmp_path/out`` holding ``old`` and the user's files, and its snapshot."""
    out = tmp_path / "out"
    write.write_tree(out, old)
    for rel, data in MINE.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    return out, snapshot(out)


@pytest.fixture(scope="module")
def trees() -> tuple[dict[str, bytes], dict[str, bytes]]:
    return generate(OLD_SPEC).files, generate(NEW_SPEC).files


def _temporaries(out: Path) -> list[Path]:
    return sorted(out.rglob(".openapi-sdk-gen-tmp.*"))


def _replaced(out: Path, old: dict[str, bytes], new: dict[str, bytes]) -> int:
    """Paths already holding their new state (new bytes, or gone when no longer generated)."""
    count = 0
    for rel in old.keys() | new.keys():
        if old.get(rel) == new.get(rel):
            continue
        path = out / rel
        now = path.read_bytes() if path.is_file() else None
        count += now == new.get(rel)
    return count


def _kill_when(out: Path, ready: Callable[[], bool]) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", str(NEW_SPEC)]
        + ["--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT), write.WRITE_DELAY_ENV: "0.3"},
    )
    try:
        deadline = time.monotonic() + 60
        while not ready():
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "writing never started"
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def _assert_next_run_completes(out: Path, new: dict[str, bytes]) -> None:
    write.write_tree(out, new)  # no --force: nothing may look like a user's edit
    assert read_tree(out) == {**new, **MINE}
    assert not (out / JOURNAL).exists() and not _temporaries(out)


def test_killed_while_writing_aside_leaves_every_file_as_it_was(
    tmp_path: Path, trees: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    old, new = trees
    out, before = _generated_before(tmp_path, old)
    _kill_when(out, lambda: len(_temporaries(out)) >= 3)
    assert (out / JOURNAL).exists()
    assert _replaced(out, old, new) == 0  # really before the first replace
    on_disk = snapshot(out)
    # not one file changed, not one gone; only the journal and files aside were added
    assert {k: v for k, v in on_disk.items() if k in before} == before
    assert all(
        k == JOURNAL or Path(k).name.startswith(".openapi-sdk-gen-tmp.")
        for k in on_disk.keys() - before.keys()
    )
    # The next run, even one that writes none of those files (the edit was undone), removes
    # what the killed one left aside.
    _assert_next_run_completes(out, old)


@pytest.mark.parametrize("folder", ["with a manifest", "from before manifests"])
def test_killed_while_replacing_files_is_completed_by_the_next_run(
    tmp_path: Path, trees: tuple[dict[str, bytes], dict[str, bytes]], folder: str
) -> None:
    """From before manifests: the journal is all that tells the old files from edits."""
    old, new = trees
    out, _ = _generated_before(tmp_path, old)
    if folder == "from before manifests":
        (out / MANIFEST).unlink()
        old = {k: v for k, v in old.items() if k != MANIFEST}
    _kill_when(out, lambda: _replaced(out, old, new) >= 3)
    changing = [r for r in old.keys() | new.keys() if old.get(r) != new.get(r)]
    assert 3 <= _replaced(out, old, new) < len(changing)  # it really was half-way
    assert (out / JOURNAL).exists()
    for rel in (
        old.keys() | new.keys()
    ):  # each file whole: old bytes or new, never a part
        path = out / rel
        assert (path.read_bytes() if path.exists() else None) in (
            old.get(rel),
            new.get(rel),
        ), rel
    for rel, data in MINE.items():
        assert (out / rel).read_bytes() == data
    _assert_next_run_completes(out, new)


def test_failure_while_writing_aside_leaves_out_as_it_was(
    tmp_path: Path,
    trees: tuple[dict[str, bytes], dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old, new = trees
    out, before = _generated_before(tmp_path, old)
    calls = 0
    real = write._write_new

    def failing(path: str, data: bytes) -> None:  # the disk fills up on the fifth file
        nonlocal calls
        calls += 1
        if calls == 5:
            raise OSError(28, "No space left on device", path)
        real(path, data)

    monkeypatch.setattr(write, "_write_new", failing)
    with pytest.raises(OSError):
        write.write_tree(out, new)
    assert snapshot(out) == before  # journal and files aside removed too
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_replace_is_completed_by_the_next_run(
    tmp_path: Path,
    trees: tuple[dict[str, bytes], dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old, new = trees
    out, _ = _generated_before(tmp_path, old)
    real_replace = os.replace
    calls = 0

    def replace(src: str, dst: str) -> None:
        nonlocal calls
        if ".openapi-sdk-gen-tmp." in src and not dst.endswith(JOURNAL):
            calls += 1
            if calls == 4:
                raise OSError(5, "I/O error")
        real_replace(src, dst)

    monkeypatch.setattr(write.os, "replace", replace)
    with pytest.raises(OSError):
        write.write_tree(out, new)
    monkeypatch.setattr(write.os, "replace", real_replace)
    assert (out / JOURNAL).exists() and _replaced(out, old, new) == 3
    _assert_next_run_completes(out, new)


def test_out_changes_only_at_commit(
    tmp_path: Path, trees: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    old, new = trees
    out, before = _generated_before(tmp_path, old)
    staging = write.Staging(out)
    try:
        result = generate(NEW_SPEC, staging=staging)
        assert result.files == new
        assert snapshot(out) == before
        assert staging.commit(result.files)
    finally:
        staging.discard()
    assert read_tree(out) == {**new, **MINE}
    assert not list(tmp_path.glob(".out.*"))


def test_a_run_failing_at_commit_leaves_out_as_it_was(
    tmp_path: Path,
    trees: tuple[dict[str, bytes], dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.__main__ import main

    old, _ = trees
    out, before = _generated_before(tmp_path, old)

    def full_disk(path: str, data: bytes) -> None:
        raise OSError(28, "No space left on device", path)

    monkeypatch.setattr(write, "_write_new", full_disk)
    assert main(["generate", str(NEW_SPEC), "--out", str(out), "--no-cache"]) == 1
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
