"""Golden trees: ``generated/`` for spec/openapi.yaml, and ``tests/cases/<name>/`` fixtures.

A case folder holds ``spec.yaml`` (or ``spec.json``), an optional ``sdk.yaml``, and either
``expected/`` (the generated tree, less the runtime files copied verbatim from templates/, which
``generated/`` already records) or ``stderr.txt`` (the exact messages of a run that must fail).

``python -m tests.golden update`` rewrites every case through the same function the tests call.
"""

from __future__ import annotations

import difflib
import io
import shutil
import sys
from contextlib import redirect_stderr
from dataclasses import dataclass
from pathlib import Path

from generator.__main__ import main as generator_main
from generator.diagnostics import GenerationError
from generator.emit.tree import diff_trees, read_tree
from generator.pipeline import Result, generate

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path

    @property
    def spec(self) -> Path:
        for name in ("spec.yaml", "spec.json"):
            if (self.folder / name).exists():
                return self.folder / name
        raise FileNotFoundError(f"{self.folder}: no spec.yaml or spec.json")

    @property
    def config(self) -> Path | None:
        path = self.folder / "sdk.yaml"
        return path if path.exists() else None

    @property
    def expects_failure(self) -> bool:
        return (self.folder / "stderr.txt").exists()


def cases() -> list[Case]:
    return [Case(p.name, p) for p in sorted(CASES.iterdir()) if p.is_dir()]


def run_failing(case: Case) -> tuple[int, str]:
    """Exit code and stderr of the command line on a case, paths shown relative to the case."""
    args = ["generate", case.spec.name, "--out", "out"]
    if case.config:
        args += ["--config", case.config.name]
    stderr = io.StringIO()
    import os

    cwd = os.getcwd()
    os.chdir(case.folder)
    try:
        with redirect_stderr(stderr):
            code = generator_main(args)
    finally:
        os.chdir(cwd)
    return code, stderr.getvalue()


def expected_tree(case: Case) -> dict[str, bytes]:
    return read_tree(case.folder / "expected")


def generated_tree(case: Case) -> dict[str, bytes]:
    return golden_part(generate(case.spec, case.config))


def golden_part(result: Result) -> dict[str, bytes]:
    """What a case's ``expected/`` holds: the run's files less the verbatim runtime copies."""
    return {p: data for p, data in result.files.items() if p not in result.verbatim}


def unified(wanted: dict[str, bytes], actual: dict[str, bytes], label: str) -> str:
    """A readable diff of two trees, for assertion messages."""
    changed, missing, extra = diff_trees(wanted, actual)
    out: list[str] = []
    for path in changed:
        out.extend(
            difflib.unified_diff(
                actual[path].decode("utf-8", "replace").splitlines(keepends=True),
                wanted[path].decode("utf-8", "replace").splitlines(keepends=True),
                f"{label}/{path} (on disk)",
                f"{label}/{path} (generated now)",
            )
        )
    out.extend(f"missing on disk: {label}/{p}\n" for p in missing)
    out.extend(f"extra on disk: {label}/{p}\n" for p in extra)
    return "".join(out)


def update() -> None:
    for case in cases():
        if case.expects_failure:
            _, stderr = run_failing(case)
            (case.folder / "stderr.txt").write_text(stderr, encoding="utf-8")
            continue
        target = case.folder / "expected"
        try:
            files = generated_tree(case)
        except GenerationError as exc:
            print(f"{case.name}: generation failed:\n{exc}", file=sys.stderr)
            raise SystemExit(1) from None
        shutil.rmtree(target, ignore_errors=True)
        for rel, data in files.items():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            (target / rel).write_bytes(data)
        print(f"updated {case.name}", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1:] != ["update"]:
        print("usage: python -m tests.golden update", file=sys.stderr)
        raise SystemExit(2)
    update()
