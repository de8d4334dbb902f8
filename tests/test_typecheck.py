"""mypy --strict passes on the generator, on generated/ and on the full package of every case."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.emit.write import write_tree
from generator.pipeline import generate
from tests.golden import ROOT, cases


def mypy(*targets: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.11",
            "--no-error-summary",
            *map(str, targets),
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_generator_and_generated_package_pass_mypy_strict() -> None:
    done = mypy(ROOT / "generator", ROOT / "generated" / "llama_cloud")
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_case_package_passes_mypy_strict(tmp_path: Path) -> None:
    packages = []
    for case in cases():
        if case.expects_failure:
            continue
        result = generate(case.spec, case.config)
        out = tmp_path / case.name
        write_tree(out, result.files)
        packages.append(out / result.api.package)
    # One run per package: they are separate top-level packages that may share a name.
    failures = []
    for package in packages:
        done = mypy(package, cwd=package.parent)
        if done.returncode != 0:
            failures.append(done.stdout + done.stderr)
    assert not failures, "\n".join(failures)
