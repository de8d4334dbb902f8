"""Generate a package from a spec dict into a folder, check its sources, drive it in a child."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from generator.emit.write import write_tree
from generator.ir.nodes import Api
from generator.pipeline import generate

from . import marker

ROOT = Path(__file__).resolve().parent.parent.parent

# `make test` runs each property with a small budget; HOSTILE_EXAMPLES=500 runs a long one.
EXAMPLES_ENV = "HOSTILE_EXAMPLES"


def budget(default: int) -> int:
    return int(os.environ.get(EXAMPLES_ENV) or default)


# Calls that only a marker string escaping its literal could have put into generated code.
_FORBIDDEN_CALLS = frozenset({"__import__", "hit", "system", "marker"})


def generate_into(spec: dict[str, Any], folder: Path) -> tuple[Api, Path]:
    """Write ``spec`` as JSON, generate (lenient: hostile names fail validation) into folder/out."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    marker.HITS.clear()
    result = generate(path, lenient=True)
    assert not marker.HITS, "spec text ran while generating (Jinja evaluated it?)"
    out = folder / "out"
    write_tree(out, result.files)
    return result.api, out


def check_sources(out: Path) -> int:
    """Every generated .py compiles, and no call a marker could make appears in its code."""
    count = 0
    for path in sorted(out.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source, str(path))
        compile(tree, str(path), "exec")
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = (
                    func.id
                    if isinstance(func, ast.Name)
                    else func.attr if isinstance(func, ast.Attribute) else ""
                )
                assert (
                    name not in _FORBIDDEN_CALLS
                ), f"{path.relative_to(out)}:{node.lineno}: spec text became code: {ast.unparse(node)[:200]}"
        count += 1
    return count


def run_driver(
    out: Path, package: str, server_url: str, plan: list[dict[str, Any]], tmp: Path
) -> dict[str, Any]:
    """Import every module of the package and call each planned method in a child process."""
    flag = tmp / "marker-hits"
    done = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).with_name("driver.py")),
            package,
            server_url,
        ],
        input=json.dumps(plan),
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(out), str(ROOT)]),
            marker.ENV: str(flag),
        },
    )
    assert not flag.exists(), f"spec text ran in the generated package:\n{done.stderr}"
    assert done.returncode == 0, done.stderr[-4000:]
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def cli(*args: str | Path, cwd: Path | None = None) -> tuple[int, str]:
    """The command line in this process (fast): exit code and stderr."""
    import contextlib
    import io

    from generator.__main__ import main

    stderr = io.StringIO()
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        with contextlib.redirect_stderr(stderr):
            try:
                code = main([str(a) for a in args])
            except SystemExit as exc:  # argparse usage errors
                code = int(exc.code or 0)
    finally:
        os.chdir(old)
    return code, stderr.getvalue()
