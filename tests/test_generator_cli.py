"""The generator's command line: exit codes, located messages, and an untouched --out on failure."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "openapi.yaml"
CONFIG = ROOT / "spec" / "sdk.yaml"


def run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and mtime: 'untouched' means neither changed."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def good_out(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assert run("generate", SPEC, "--config", CONFIG, "--out", out).returncode == 0
    return out


def test_validate_accepts_the_spec() -> None:
    done = run("validate", SPEC)
    assert done.returncode == 0, done.stderr


def test_usage_errors_exit_2() -> None:
    assert run().returncode == 2
    assert run("generate", SPEC).returncode == 2  # --out is required
    assert run("frobnicate").returncode == 2


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "openapi: 3.1.0\ninfo: [unclosed\n",
            "spec.yaml:2: /: invalid YAML: the '[' here",
        ),
        (
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n"
            "      responses:\n        '200':\n          $ref: '#/components/responses/Gone'\n",
            "spec.yaml:8: /paths/~1a/get/responses/200/$ref: '#/components/responses/Gone' points at nothing",
        ),
        (
            "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n",
            "spec.yaml:1: /swagger: Swagger 2.0",
        ),
        (
            "openapi: 3.1.0\npaths: {}\n",
            'spec.yaml:1: /: "info" is a required property',
        ),
    ],
    ids=["invalid-yaml", "dangling-ref", "swagger2", "missing-info"],
)
def test_bad_spec_is_located_exit_1_and_out_untouched(
    tmp_path: Path, good_out: Path, text: str, expected: str
) -> None:
    (tmp_path / "spec.yaml").write_text(text)
    before = snapshot(good_out)
    done = run("generate", "spec.yaml", "--out", good_out, cwd=tmp_path)
    assert done.returncode == 1
    assert expected in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(good_out) == before


def test_missing_spec_file_is_reported() -> None:
    done = run("validate", "no/such/spec.yaml")
    assert done.returncode == 1
    assert done.stderr.startswith("no/such/spec.yaml: /: file not found")


def test_check_lists_changed_missing_and_extra_files(good_out: Path) -> None:
    """Extra: a file the manifest lists and the run no longer generates (see
    test_regenerate_in_place.py); files it does not list are the user's, never reported.
    """
    assert run("check", SPEC, "--config", CONFIG, "--out", good_out).returncode == 0
    (good_out / "llama_cloud" / "_version.py").write_text("__version__ = 'hacked'\n")
    (good_out / "llama_cloud" / "types" / "job_metadata.py").unlink()
    (good_out / "llama_cloud" / "stray.py").write_text("")
    (good_out / ".git" / "objects" / "ab").mkdir(parents=True)
    (good_out / ".git" / "objects" / "ab" / "cdef").write_text("")
    manifest = good_out / ".openapi-sdk-gen.json"
    listed = json.loads(manifest.read_text())
    listed["files"]["llama_cloud/types/removed_model.py"] = "0" * 64
    manifest.write_text(json.dumps(listed))
    (good_out / "llama_cloud" / "types" / "removed_model.py").write_text("")
    done = run("check", SPEC, "--config", CONFIG, "--out", good_out)
    assert done.returncode == 1
    assert f"{good_out}/llama_cloud/_version.py: differs" in done.stderr
    assert f"{good_out}/llama_cloud/types/job_metadata.py: missing" in done.stderr
    assert f"{good_out}/llama_cloud/types/removed_model.py: extra" in done.stderr
    assert f"{good_out}/.openapi-sdk-gen.json: differs" in done.stderr
    assert "stray.py" not in done.stderr and ".git" not in done.stderr


def test_regeneration_rewrites_only_what_changed(good_out: Path) -> None:
    kept = good_out / "llama_cloud" / "_client.py"
    inode = kept.stat().st_ino, kept.stat().st_mtime_ns
    deleted = good_out / "llama_cloud" / "_version.py"
    deleted.unlink()  # a generated file gone is written again, no question asked
    mine = good_out / "llama_cloud" / "mine.py"
    mine.write_text("")
    done = run("generate", SPEC, "--config", CONFIG, "--out", good_out)
    assert done.returncode == 0, done.stderr
    assert f"{good_out}: 1 file written, " in done.stderr  # and the rest unchanged
    assert (kept.stat().st_ino, kept.stat().st_mtime_ns) == inode
    assert deleted.exists() and mine.exists()
    assert sorted(p.name for p in good_out.parent.iterdir()) == ["out"]


def test_unchanged_tree_is_not_written(good_out: Path) -> None:
    before = snapshot(good_out)
    done = run("generate", SPEC, "--config", CONFIG, "--out", good_out)
    assert done.returncode == 0 and "unchanged" in done.stderr
    assert snapshot(good_out) == before


def test_refuses_out_that_is_a_file_or_someone_elses_folder(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("keep me")
    done = run("generate", SPEC, "--out", target)
    assert done.returncode == 1 and "--out is a file" in done.stderr
    assert target.read_text() == "keep me"
    other = tmp_path / "project"
    other.mkdir()
    (other / "main.py").write_text("print('mine')")
    done = run("generate", SPEC, "--out", other)
    assert done.returncode == 1 and "did not create" in done.stderr
    assert sorted(p.name for p in other.iterdir()) == ["main.py"]


def test_output_is_identical_across_hash_seeds_and_locations(tmp_path: Path) -> None:
    """Same bytes whatever PYTHONHASHSEED, working directory or absolute path of the spec."""
    outs = []
    for seed, cwd in (("1", ROOT), ("2", tmp_path)):
        spec_dir = tmp_path / f"spec{seed}"
        shutil.copytree(ROOT / "spec", spec_dir)
        out = tmp_path / f"out{seed}"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "generate",
                spec_dir / "openapi.yaml",
                "--config",
                spec_dir / "sdk.yaml",
                "--out",
                out,
            ],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)},
        )
        assert done.returncode == 0, done.stderr
        outs.append({k: v[0] for k, v in snapshot(out).items()})
    assert outs[0] == outs[1]
    assert outs[0] == {
        k: v[0]
        for k, v in snapshot(ROOT / "generated").items()
        if "__pycache__" not in k
    }


def test_the_quick_exit_still_lets_a_profiler_write_its_report(tmp_path: Path) -> None:
    """The command ends with os._exit (no teardown), except under a profiler or coverage tool."""
    report = tmp_path / "generate.prof"
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(report), "-m", "generator"]
        + ["validate", str(SPEC)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert "valid" in done.stderr
    assert report.stat().st_size > 0
