"""The generators compared: ours and the peers, each as the exact command line the report quotes.

Peers live in their own venv under ``.bench/`` (git-ignored), installed on first run at pinned
versions so two reports compare the same tools.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .measure import first_error_line

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / ".bench"
PEER_VENV = BENCH_DIR / "venv"
PROJECT_PYTHON = Path(sys.executable)

# Bumping a pin reinstalls the venv; the report names the versions it ran.
PINS = {
    "openapi-python-client": "0.29.1",
    "datamodel-code-generator": "0.89.0",
    "openapi-generator-cli": "7.26.0",
}


@dataclass(frozen=True)
class SpecCase:
    label: str
    path: Path
    config: Path | None
    lenient: (
        bool  # the validator rejects the document; we and the peers must not stop on it
    )
    big: bool


@dataclass(frozen=True)
class Job:
    """One generation: the command, its environment, and where its output must appear."""

    command: list[str]
    env: dict[str, str]
    out: Path
    # Python modules without a .py suffix (datamodel-code-generator's single-module output).
    modules: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Tool:
    name: str
    version: str
    unavailable: (
        str  # why the tool cannot run at all (install failed); empty when it can
    )
    prepare: Callable[[SpecCase, Path], Job]
    note: str  # what the tool produces, so a reader knows what the seconds bought


def relative(path: Path) -> str:
    """A path as the report shows it: relative to the repository when inside it."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return os.path.relpath(path, ROOT)


def base_env(workdir: Path) -> dict[str, str]:
    """The caller's environment with every user-level cache pointed at a fresh folder."""
    env = dict(os.environ)
    cache = workdir / "xdg-cache"
    cache.mkdir(parents=True, exist_ok=True)
    env["XDG_CACHE_HOME"] = str(cache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _peer_env(workdir: Path) -> dict[str, str]:
    env = base_env(workdir)
    # openapi-python-client runs `ruff` from PATH as its post-generation formatter.
    env["PATH"] = f"{PEER_VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env.pop("VIRTUAL_ENV", None)
    return env


def ours_supports_cache_dir() -> bool:
    done = subprocess.run(
        [str(PROJECT_PYTHON), "-m", "generator", "generate", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return "--cache-dir" in done.stdout


def ours(cache_flag: bool) -> Tool:
    def prepare(case: SpecCase, workdir: Path) -> Job:
        out = workdir / "out"
        cache = workdir / "generator-cache"
        command = [str(PROJECT_PYTHON), "-m", "generator", "generate", str(case.path)]
        if case.config is not None:
            command += ["--config", str(case.config)]
        command += ["--out", str(out)]
        if case.lenient:
            command.append("--lenient")
        if cache_flag:
            command += ["--cache-dir", str(cache)]
        env = base_env(workdir)
        env["GENERATOR_CACHE_DIR"] = str(cache)
        return Job(command, env, out)

    return Tool(
        "openapi-sdk-gen (ours)",
        _git_revision(),
        "",
        prepare,
        "models, sync+async client, CLI, docs; black-formatted",
    )


def _git_revision() -> str:
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "generator", "templates"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{head or 'unknown'}{' + uncommitted changes' if dirty else ''}"


def _openapi_python_client(case: SpecCase, workdir: Path) -> Job:
    out = workdir / "out"
    # Enums as Literal types, as ours writes them; with Enum classes it stops on Stripe's and
    # GitHub's enums whose values collide as member names ("Duplicate key ... in enum").
    config = workdir / "opc.yaml"
    workdir.mkdir(parents=True, exist_ok=True)
    config.write_text("literal_enums: true\n")
    command = [
        str(PEER_VENV / "bin" / "openapi-python-client"),
        "generate",
        "--path",
        str(case.path),
        "--config",
        str(config),
        "--output-path",
        str(out),
    ]
    # It skips what it cannot generate with a warning by default (--fail-on-warning is opt-in).
    return Job(command, _peer_env(workdir), out)


def _datamodel_code_generator(case: SpecCase, workdir: Path) -> Job:
    out = workdir / "out"
    out.mkdir(parents=True)
    command = [
        str(PEER_VENV / "bin" / "datamodel-codegen"),
        "--input",
        str(case.path),
        "--input-file-type",
        "openapi",
        "--output-model-type",
        "pydantic_v2.BaseModel",
        # Its current default, named because the default is announced to change.
        "--formatters",
        "black",
        "isort",
        # No suffix: a spec with dotted schema names (Stripe) makes it write a package, which
        # needs a folder; otherwise this is one module.
        "--output",
        str(out / "models"),
    ]
    return Job(command, _peer_env(workdir), out, (out / "models",))


def _openapi_generator(case: SpecCase, workdir: Path) -> Job:
    out = workdir / "out"
    command = [
        str(PEER_VENV / "bin" / "openapi-generator-cli"),
        "generate",
        "-i",
        str(case.path),
        "-g",
        "python",
        "-o",
        str(out),
        "--skip-validate-spec",
    ]
    env = _peer_env(workdir)
    # Its YAML reader stops at 3 MiB code points by default (Stripe, Cloudflare are larger).
    # The wrapper passes JAVA_OPTS to java as one argument.
    env["JAVA_OPTS"] = "-DmaxYamlCodePoints=100000000"
    return Job(command, env, out)


def peers(install_errors: dict[str, str]) -> list[Tool]:
    def tool(package: str, prepare: Callable[[SpecCase, Path], Job], note: str) -> Tool:
        return Tool(
            package, PINS[package], install_errors.get(package, ""), prepare, note
        )

    return [
        tool(
            "openapi-python-client",
            _openapi_python_client,
            "models + sync/async client; ruff-formatted (its default post-hooks); "
            "`literal_enums: true` in its config file",
        ),
        tool(
            "datamodel-code-generator",
            _datamodel_code_generator,
            "pydantic v2 models only (one module, or a package for dotted schema names); "
            "black + isort",
        ),
        tool(
            "openapi-generator-cli",
            _openapi_generator,
            "`python` generator: models + client + docs + tests; not formatted; "
            "`JAVA_OPTS=-DmaxYamlCodePoints=100000000`",
        ),
    ]


def ensure_peer_venv(log: Callable[[str], None]) -> dict[str, str]:
    """Install the pinned peers once; returns ``{package: why it is unavailable}`` for failures."""
    stamp = PEER_VENV / ".bench-pins.json"
    if stamp.exists():
        recorded = json.loads(stamp.read_text())
        if recorded.get("pins") == PINS:
            return dict(recorded.get("errors", {}))
    if not (PEER_VENV / "bin" / "python").exists():
        log(f"creating {relative(PEER_VENV)}")
        subprocess.run([str(PROJECT_PYTHON), "-m", "venv", str(PEER_VENV)], check=True)
    errors: dict[str, str] = {}
    for package, version in PINS.items():
        log(f"installing {package}=={version} into {relative(PEER_VENV)}")
        done = subprocess.run(
            [str(PEER_VENV / "bin" / "pip"), "install", "-q", f"{package}=={version}"],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            errors[package] = "install failed: " + first_error_line(done.stderr)
    stamp.write_text(json.dumps({"pins": PINS, "errors": errors}, indent=1))
    return errors


def java_version() -> str:
    try:
        done = subprocess.run(["java", "-version"], capture_output=True, text=True)
    except OSError:
        return "not found"
    lines = done.stderr.strip().splitlines()
    return lines[0] if lines else "unknown"


def output_size(out: Path, modules: tuple[Path, ...] = ()) -> tuple[int, int]:
    """(files, lines of Python) under ``out``: what a run produced, for the report."""
    files = 0
    lines = 0
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        files += 1
        if path.suffix == ".py" or path in modules:
            with open(path, "rb") as handle:
                lines += sum(1 for _ in handle)
    return files, lines
