"""Seed 004: the Go page's example program, taken from the seed file as it is, built against the
generated Go module and run against a server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

from tests.support.golang import build, program_module
from tests.support.server import LoopbackServer, Reply

ROOT = Path(__file__).resolve().parent.parent
GO_SDK = ROOT / "generated" / "go"
# shared/ lies beside the clone (CI) or at /work/shared (a worktree).
SEEDS = [ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")]
MODULE = "github.com/stainless-sdks/llamacloud-prod-go"


def seed_program_and_reply() -> tuple[str, object]:
    """The page's Go program (from ``package main`` to the closing brace of ``main``) and the
    example response that follows it."""
    found = [path for folder in SEEDS for path in sorted(folder.glob("004_*.txt"))]
    assert found, f"seed 004 not found in {SEEDS}"
    text = found[0].read_text(encoding="utf-8")
    start = text.index("package main\n")
    end = re.compile(r"^}\n", re.M).search(text, text.index("func main()", start))
    assert end is not None
    program = text[start : end.end()]
    reply, _ = json.JSONDecoder().raw_decode(text, text.index("{", end.end()))
    return program, reply


def test_seed_program_builds_and_prints_the_session_id(
    tmp_path: Path, server: LoopbackServer
) -> None:
    program, reply = seed_program_and_reply()
    assert (
        'option.WithAPIKey("My API Key")' in program
    )  # the page's program, not another
    server.reply(Reply(200, reply))
    binary = build(program_module(tmp_path / "seed", program, MODULE, GO_SDK))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLAMA_CLOUD")}
    env["LLAMA_CLOUD_BASE_URL"] = server.url
    result = subprocess.run(
        [str(binary)], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ses-abc123\n"
    assert len(server.requests) == 1
    request = server.last
    assert (request.method, request.target) == ("POST", "/api/v1/chat")
    assert request.headers["authorization"] == "Bearer My API Key"
    # Nothing the program did not give: no query, no cookie, no body.
    assert "cookie" not in request.headers
    assert request.body == b""
    assert "content-type" not in request.headers


def test_the_go_readme_example_builds_and_runs(
    tmp_path: Path, server: LoopbackServer
) -> None:
    readme = (GO_SDK / "README.md").read_text(encoding="utf-8")
    match = re.search(r"```go\n(.*?)```", readme, re.S)
    assert match is not None
    server.reply(Reply(200, seed_program_and_reply()[1]))
    binary = build(program_module(tmp_path / "readme", match.group(1), MODULE, GO_SDK))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLAMA_CLOUD")}
    env["LLAMA_CLOUD_BASE_URL"] = server.url
    result = subprocess.run(
        [str(binary)], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "SessionID:ses-abc123" in result.stdout
    assert server.last.headers["authorization"] == "Bearer My API Key"
