"""Seed 001: the Java page's program, taken from the seed file as it is, compiled against the
generated SDK's modules with Maven (offline) and run against a server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.support.java import Build, build_with_tests, classpath
from tests.support.server import LoopbackServer, Reply

ROOT = Path(__file__).resolve().parent.parent
JAVA_SDK = ROOT / "generated" / "java"
WIRE_TESTS = [ROOT / "tests" / "java" / "WireTest.java"]
# shared/ lies beside the clone (CI) or at /work/shared (a worktree).
SEEDS = [ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")]
MAIN = "com/llamacloud_prod/api/example/Main.java"


def seed_program_and_reply() -> tuple[str, object]:
    """The page's Main.java (from its package line to the class's closing brace) and the
    example response that follows it."""
    found = [path for folder in SEEDS for path in sorted(folder.glob("001_*.txt"))]
    assert found, f"seed 001 not found in {SEEDS}"
    text = found[0].read_text(encoding="utf-8")
    start = text.index("package com.llamacloud_prod.api.example;")
    end = re.compile(r"^}\n", re.M).search(text, start)
    assert end is not None
    reply, _ = json.JSONDecoder().raw_decode(text, text.index("{", end.end()))
    return text[start : end.end()], reply


@pytest.fixture(scope="module")
def build() -> Build:
    program, _ = seed_program_and_reply()
    built = build_with_tests(JAVA_SDK, program, MAIN, WIRE_TESTS)
    assert built.ok, built.log[-6000:]
    return built


def test_the_example_module_holds_the_seed_program_verbatim() -> None:
    program, _ = seed_program_and_reply()
    example = next(JAVA_SDK.glob(f"*-example/src/main/java/{MAIN}"))
    assert example.read_text(encoding="utf-8") == program


def test_seed_program_runs_and_sends_only_what_it_was_given(
    build: Build, server: LoopbackServer
) -> None:
    _, reply = seed_program_and_reply()
    server.reply(Reply(200, reply))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLAMA_CLOUD")}
    env["LLAMA_CLOUD_BASE_URL"] = server.url
    env["LLAMA_CLOUD_API_KEY"] = "My API Key"
    result = subprocess.run(
        ["java", "-cp", classpath(build), "com.llamacloud_prod.api.example.Main"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert len(server.requests) == 1
    request = server.last
    assert (request.method, request.target) == ("POST", "/api/v1/chat")
    assert request.headers["authorization"] == "Bearer My API Key"
    # Nothing the program did not give: no query, no cookie, no body.
    assert "cookie" not in request.headers
    assert request.body == b""
    assert "content-type" not in request.headers
    assert request.headers["accept"] == "application/json"
    assert request.headers["x-retry-count"] == "0"
