"""mypy --strict passes on the generator, on generated/ and on the full package of every case."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.support.generated import CaseMaker
from tests.golden import ROOT, cases


def mypy(
    *targets: Path, cwd: Path = ROOT, cache_dir: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """mypy --strict; ``cache_dir``: the session's (the ``mypy_cache_dir`` fixture), else
    mypy's own ``.mypy_cache`` in ``cwd``."""
    cache = ["--cache-dir", str(cache_dir)] if cache_dir is not None else []
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.11",
            "--no-error-summary",
            *cache,
            *map(str, targets),
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_generator_and_generated_package_pass_mypy_strict(
    mypy_cache_dir: Path,
) -> None:
    done = mypy(
        ROOT / "generator", ROOT / "generated" / "llama_cloud", cache_dir=mypy_cache_dir
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_case_package_passes_mypy_strict(
    generated_case: CaseMaker, mypy_cache_dir: Path
) -> None:
    packages = [generated_case(c.name) for c in cases() if not c.expects_failure]
    # One run per package: they are separate top-level packages that may share a name. The
    # shared cache holds the dependencies; each package's own modules are checked afresh.
    failures = []
    for made in packages:
        done = mypy(made.package_dir, cache_dir=mypy_cache_dir, cwd=made.root)
        if done.returncode != 0:
            failures.append(done.stdout + done.stderr)
    assert not failures, "\n".join(failures)
