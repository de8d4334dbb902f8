"""Helpers shared by the CLI tests: the runner for the generated ``llamacloud-prod`` and the seed data.

The CLI under test is the installed console script (``make generate`` installs ``generated/``); when
the script is absent (e.g. the package is only importable), ``python -m llama_cloud._cli`` stands in.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.support.server import LoopbackServer

PROG = "llamacloud-prod"
TEST_KEY = "sk-test-0123456789abcdef"

# The seed page's example response (docs/seeds/003): what the server answers unless a test says otherwise.
SEED_RESPONSE = {
    "last_updated_at": "2026-04-22T12:34:41.342245",
    "session_id": "ses-abc123",
    "generated_title": "What were the main findings in Q3?...",
    "index_ids": ["idx-abc123", "idx-def456"],
    "job_metadata": {
        "duration_ms": 0,
        "error": "error",
        "export_config_ids": ["string"],
        "is_error": True,
        "total_input_tokens": 0,
        "total_output_tokens": 0,
        "turns": 0,
    },
}


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def cli_argv() -> list[str]:
    script = Path(sys.executable).parent / PROG
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "llama_cloud._cli"]


def base_env() -> dict[str, str]:
    """The caller's environment without anything that would change the CLI's behaviour."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LLAMA_CLOUD_", "_LLAMACLOUD_PROD_"))
        and key not in ("NO_COLOR", "FORCE_COLOR")
    }
    env["PYTHONIOENCODING"] = "utf-8"
    return env


class Cli:
    def __init__(self, server: LoopbackServer) -> None:
        self.server = server
        self.env = base_env()
        self.env["LLAMA_CLOUD_BASE_URL"] = server.url
        self.env["LLAMA_CLOUD_API_KEY"] = TEST_KEY

    def __call__(
        self,
        *args: str,
        stdin: str | None = None,
        env: dict[str, str | None] | None = None,
        timeout: float = 30,
    ) -> Result:
        environ = dict(self.env)
        for key, value in (env or {}).items():
            if value is None:
                environ.pop(key, None)
            else:
                environ[key] = value
        proc = subprocess.run(
            [*cli_argv(), *args],
            input=stdin,
            stdin=subprocess.DEVNULL if stdin is None else None,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=environ,
            timeout=timeout,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def shell(
        self, script: str, cli_bin: Path, env: dict[str, str | None] | None = None
    ) -> Result:
        """Run ``script`` with bash, ``llamacloud-prod`` on PATH: commands exactly as a user types them."""
        environ = dict(self.env)
        environ["PATH"] = f"{cli_bin}{os.pathsep}{environ.get('PATH', '')}"
        for key, value in (env or {}).items():
            if value is None:
                environ.pop(key, None)
            else:
                environ[key] = value
        proc = subprocess.run(
            ["bash", "-c", script],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=environ,
            timeout=30,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.stderr, result.stderr
