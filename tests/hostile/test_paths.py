"""Paths: generated files land under --out only; --out itself is refused when unsafe (issue 7)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.diagnostics import GenerationError
from generator.emit.write import check_paths, write_tree
from generator.pipeline import generate

from .support import ROOT, cli

SPEC = ROOT / "spec" / "openapi.yaml"

# Names that would walk out of --out, or be unportable, if they reached a file name.
EVIL = (
    "../../evil",
    "/etc/passwd",
    "..",
    ".",
    "a/../../b",
    "con",
    "NUL",
    "aux.py",
    "COM1",
    "lpt9",
    "x\x00y",
    "C:\\Windows\\evil",
    "~",
    "$HOME",
    "",
    " ",
    "\\..\\..",
)


def run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    code, stderr = cli(*args, cwd=cwd)
    return subprocess.CompletedProcess(list(args), code, "", stderr)


def evil_spec() -> dict[str, object]:
    paths = {}
    for i, name in enumerate(EVIL):
        paths[f"/p{i}/{{{name}}}"] = {
            "get": {
                "operationId": name,
                "tags": [name],
                "parameters": [
                    {
                        "name": name,
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "$ref": "#/components/schemas/"
                                    + __import__("urllib.parse").parse.quote(
                                        name.replace("~", "~0").replace("/", "~1"),
                                        safe="",
                                    )
                                }
                            }
                        },
                    }
                },
            }
        }
    schemas = {
        n: {"type": "object", "title": n, "properties": {n: {"type": "string"}}}
        for n in EVIL
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "../../../tmp/evil", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def test_names_from_the_spec_never_place_a_file_outside_out(tmp_path: Path) -> None:
    spec = tmp_path / "spec" / "spec.json"
    spec.parent.mkdir()
    spec.write_text(json.dumps(evil_spec()))
    box = tmp_path / "box"
    box.mkdir()
    result = generate(spec, lenient=True)
    write_tree(box / "out", result.files)
    assert sorted(p.name for p in box.iterdir()) == ["out"]  # nothing beside --out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["box", "spec"]
    for path in (box / "out").rglob("*"):
        rel = path.relative_to(box / "out")
        assert path.resolve().is_relative_to((box / "out").resolve())
        for part in rel.parts:
            assert part not in (".", "..") and "\x00" not in part
            assert part.split(".")[0].lower() not in {
                "con",
                "nul",
                "aux",
                "prn",
                "com1",
                "lpt9",
            }, rel
    assert result.api.package == "tmp_evil"


@pytest.mark.parametrize(
    "rel",
    [
        "../x.py",
        "/abs.py",
        "a/../../b.py",
        "a//b.py",
        "./a.py",
        "a\x00b.py",
        "pkg\\..\\x.py",
        "pkg/con.py",
        "docs/AUX.md",
        "pkg/nul",
        "pkg/" + "x" * 300 + ".py",
        "",
        "pkg/.hidden/../x",
    ],
)
def test_the_writer_refuses_any_path_that_could_leave_out(
    tmp_path: Path, rel: str
) -> None:
    """The last line of defence: even a bug upstream cannot write outside --out."""
    with pytest.raises(GenerationError) as caught:
        write_tree(tmp_path / "out", {"pkg/ok.py": b"", rel: b"x"})
    assert "internal error: refusing to write" in caught.value.diagnostics[0].message
    assert sorted(tmp_path.iterdir()) == []  # nothing staged, nothing written


def test_check_paths_accepts_ordinary_output() -> None:
    check_paths(
        {"pyproject.toml": b"", "pkg/_client.py": b"", "docs/pets/list_pets.md": b""}
    )


def test_out_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    code, stderr = cli("generate", SPEC, "--out", tmp_path / "link")
    assert code == 1
    assert "--out is a symbolic link" in stderr
    assert list(real.iterdir()) == []


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` read-only: by mode for a normal user; root ignores modes, so a read-only bind
    mount then (skipped where mounting is not allowed)."""
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        try:
            yield
        finally:
            os.chmod(folder, 0o755)
        return
    mounted = subprocess.run(
        ["mount", "--bind", "-o", "ro", str(folder), str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("root without mount rights: cannot make a read-only folder")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize("where", ["out itself", "its parent"])
def test_out_that_is_read_only_is_refused(tmp_path: Path, where: str) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    out = locked if where == "out itself" else locked / "new"
    with read_only(locked):
        done = run("generate", SPEC, "--out", out)
    assert done.returncode == 1, done.stderr
    assert (
        f"{out}: /: cannot write to {locked} (read-only); give a folder you can write to"
        in done.stderr
    )
    assert "Traceback" not in done.stderr
    assert list(locked.iterdir()) == []


def test_out_as_dot_in_a_previous_output_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "pyproject.toml": b"# Generated by openapi-sdk-gen\n",
        "pkg/a.py": b"",
        "pkg/old/c.py": b"",
    }
    out = tmp_path / "out"
    write_tree(out, files)
    (out / "mine.txt").write_text("")
    monkeypatch.chdir(out)
    del files["pkg/old/c.py"]
    assert write_tree(Path("."), {**files, "pkg/b.py": b"b"})
    assert (out / "mine.txt").exists() and (out / "pkg" / "b.py").exists()
    assert not (out / "pkg" / "old").exists()  # emptied by the removal
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
