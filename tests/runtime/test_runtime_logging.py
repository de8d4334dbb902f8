"""LLAMA_CLOUD_LOG: what is logged, and that credentials never are."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from tests.runtime._faults import API_KEY, FaultServer, Reply, Runner

GOOD = {"session_id": "sess-ok", "last_updated_at": "2024-05-01T00:00:00Z"}


def test_debug_logs_describe_requests_and_never_contain_the_key(
    runner: Runner,
    server: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("LLAMA_CLOUD_LOG", "debug")
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    server.enqueue(
        Reply(503), Reply(json=GOOD, headers={"Set-Cookie": "sid=cookie-secret-2"})
    )
    client = runner.client(default_query={"api_key": "query-secret"})

    client.beta.chat.create(session="cookie-secret-1", index_ids=["a"])

    names = {record.name.split(".")[0] for record in caplog.records}
    assert {
        "llama_cloud",
        "httpx",
        "httpcore",
    } <= names  # the check below sees them all
    everything = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (API_KEY, "cookie-secret-1", "query-secret"):
        assert secret not in everything
    ours = [r.getMessage() for r in caplog.records if r.name == "llama_cloud"]
    # httpcore's debug lines show the response headers as received; ours redact them.
    assert "cookie-secret-2" not in "\n".join(ours)
    assert any("POST" in m and "/api/v1/chat" in m and "503" in m for m in ours)
    assert any("Retrying" in m for m in ours)
    assert any("-> 200" in m and " ms" in m for m in ours)
    assert any("authorization" in m.lower() and "<redacted>" in m for m in ours)


def test_without_the_variable_the_package_logs_nothing(
    runner: Runner, server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    logging.getLogger("llama_cloud").setLevel(logging.NOTSET)
    caplog.set_level(logging.WARNING)
    runner.client().beta.chat.create()
    assert [r for r in caplog.records if r.name == "llama_cloud"] == []


_SCRIPT = """
import asyncio, sys
import llama_cloud
kind, url = sys.argv[1], sys.argv[2]
if kind == "sync":
    with llama_cloud.LlamaCloud(base_url=url) as client:
        client.beta.chat.create()
else:
    async def main():
        async with llama_cloud.AsyncLlamaCloud(base_url=url) as client:
            await client.beta.chat.create()
    asyncio.run(main())
"""


@pytest.mark.parametrize("level", ["info", "debug"])
def test_log_variable_writes_to_stderr_in_a_fresh_process(
    runner: Runner, server: FaultServer, level: str
) -> None:
    env = {
        **os.environ,
        "LLAMA_CLOUD_LOG": level,
        "LLAMA_CLOUD_API_KEY": API_KEY,
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, runner.kind, server.url],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "POST" in done.stderr and "/api/v1/chat -> 200" in done.stderr
    assert API_KEY not in done.stderr + done.stdout
    assert ("headers=" in done.stderr) == (level == "debug")
