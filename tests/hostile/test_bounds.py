"""Bounds: nesting, cycles, alias bombs, size, duplicate keys and external references get a clear
error or a bounded run, never a hang, a crash or unbounded memory (issue 7).

The fixtures ``tests/cases/error_*`` (alias bomb and loop, deep nesting, duplicate keys in YAML
and JSON, $ref cycle, reference out of the folder, URL reference) pin the exact messages; the
tests here cover what a fixture cannot: limits, flags, memory, and what is never read or fetched.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from generator.diagnostics import GenerationError
from generator.pipeline import Limits, generate, load_and_validate
from generator.spec.load import load_file
from tests.support.server import running

from .support import ROOT, cli

CASES = ROOT / "tests" / "cases"


def run(
    *args: str | Path, cwd: Path = ROOT, memory_mb: int | None = None
) -> subprocess.CompletedProcess[str]:
    if memory_mb is None:  # in this process: much faster
        code, stderr = cli(*args, cwd=cwd)
        return subprocess.CompletedProcess(list(args), code, "", stderr)

    def limit() -> None:
        if memory_mb:
            size = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_alias_bomb_is_refused_quickly_in_bounded_memory() -> None:
    done = run("validate", CASES / "error_alias_bomb" / "spec.yaml", memory_mb=1024)
    assert done.returncode == 1
    assert "YAML aliases expand to more than" in done.stderr
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr


def test_yaml_merge_keys_are_not_duplicates(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\n"
        "info: {title: M, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    Base: &base {type: object, description: base}\n"
        "    Derived:\n"
        "      <<: *base\n"
        "      description: derived\n"
    )
    docs, _ = load_and_validate(spec)
    derived = docs.root.data["components"]["schemas"]["Derived"]
    assert derived == {"type": "object", "description": "derived"}


@pytest.mark.parametrize(
    "text, line, pointer",
    [
        ("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n", 5, "/b"),
        ("a: 1\nb: [{x: 1}, {x: 2, x: 3}]\n", 2, "/b/1"),
        ('{"a": {"b": 1,\n "b": 2}}', 2, "/a"),
    ],
)
def test_duplicate_keys_name_both_lines_and_the_object(
    tmp_path: Path, text: str, line: int, pointer: str
) -> None:
    path = tmp_path / ("spec.json" if text.startswith("{") else "spec.yaml")
    path.write_text(text)
    with pytest.raises(GenerationError) as caught:
        load_file(path)
    [d] = caught.value.diagnostics
    assert (d.line, d.pointer) == (line, pointer)
    assert "duplicate key" in d.message and "remove or rename one" in d.message


def test_documents_over_the_size_limit_are_refused_unless_allowed(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_bytes((ROOT / "spec" / "openapi.yaml").read_bytes())
    done = run("validate", spec, "--max-size", "0.001")
    assert done.returncode == 1
    assert (
        f"{spec}: /: larger than 1,048 bytes; refusing to read it (pass --max-size MB"
        in done.stderr
    )
    assert run("validate", spec, "--max-size", "1").returncode == 0
    with pytest.raises(GenerationError, match="larger than"):
        load_and_validate(spec, limits=Limits(max_bytes=1000))


def test_an_endless_file_is_read_only_up_to_the_limit() -> None:
    code, stderr = cli("validate", "/dev/zero", "--max-size", "2")
    assert code == 1 and "larger than 2,097,152 bytes" in stderr


def test_deep_schemas_and_many_refs_run_bounded(tmp_path: Path) -> None:
    schema: dict[str, object] = {"type": "string"}
    for _ in range(300):
        schema = {"type": "object", "properties": {"p": schema}}
    chain = {f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(40)}
    chain["S40"] = {"type": "string"}
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "Deep", "version": "1"},
                "paths": {},
                "components": {"schemas": {"Deep": schema, **chain}},
            }
        )
    )
    code, stderr = cli("generate", spec, "--out", tmp_path / "out", "--lenient")
    assert code == 0, stderr
    assert "schema nested too deeply; typed as any JSON value" in stderr
    assert "starts a chain of more than 32 $refs in a row" in stderr


def _external(tmp_path: Path, ref: str) -> Path:
    (tmp_path / "api").mkdir()
    spec = tmp_path / "api" / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: Ext, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n"
        "            application/json:\n"
        f"              schema: {{$ref: '{ref}'}}\n"
    )
    return spec


def test_refs_outside_the_folder_need_allow_external_refs(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "thing.yaml").write_text(
        "Thing: {type: object, properties: {id: {type: string}}}\n"
    )
    spec = _external(tmp_path, "../shared/thing.yaml#/Thing")
    done = run("generate", spec, "--out", tmp_path / "out")
    assert done.returncode == 1
    assert (
        "spec.yaml:11: /paths/~1a/get/responses/200/content/application~1json/schema/$ref:"
        in done.stderr
    )
    assert "leaves the spec's folder; only files under api/ are read" in done.stderr
    assert not (tmp_path / "out").exists()
    done = run(
        "generate", spec, "--out", tmp_path / "out", "--allow-external-refs", shared
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "ext" / "types").is_dir()


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("Thing: {type: string, description: do-not-read}\n")
    spec = _external(tmp_path, "link.yaml#/Thing")
    (spec.parent / "link.yaml").symlink_to(secret)
    done = run("generate", spec, "--out", tmp_path / "out", "--lenient")
    assert "'link.yaml#/Thing' leaves the spec's folder" in done.stderr
    assert "do-not-read" not in (
        done.stderr + str(list((tmp_path / "out").rglob("*.py")))
    )


@pytest.mark.parametrize("lenient", [False, True])
def test_urls_are_never_fetched(tmp_path: Path, lenient: bool) -> None:
    """Not by our resolver, and not by the validator (its own handlers would fetch them)."""
    with running() as server:
        spec = _external(tmp_path, f"{server.url}/schemas.yaml#/Thing")
        args = ["generate", spec, "--out", tmp_path / "out"] + (
            ["--lenient"] if lenient else []
        )
        code, stderr = cli(*args)
        requests = list(server.requests)
    assert requests == []
    assert "is a URL; URLs are never fetched" in stderr
    assert code == (0 if lenient else 1)


_OPENED: list[str] | None = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _OPENED is not None and event == "open" and args and isinstance(args[0], str):
        _OPENED.append(args[0])


sys.addaudithook(_audit)  # records while _OPENED is a list (hooks cannot be removed)


def test_a_lenient_run_does_not_let_the_validator_read_outside_files(
    tmp_path: Path,
) -> None:
    global _OPENED
    (tmp_path / "outside.yaml").write_text("Thing: {type: string}\n")
    spec = _external(tmp_path, "../outside.yaml#/Thing")
    _OPENED = []
    try:
        result = generate(spec, lenient=True)
        opened = _OPENED
    finally:
        _OPENED = None
    assert not [p for p in opened if p.endswith("outside.yaml")], opened
    messages = [w.message for w in result.warnings]
    assert any("leaves the spec's folder" in m for m in messages)
