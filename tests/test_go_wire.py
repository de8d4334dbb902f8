"""The generated Go SDK on the wire: a Go program (tests/go/wire_main.go) built against
generated/go calls a server on 127.0.0.1; the requests it records and what the program printed
are checked here. Also: the generated tree is gofmt- and go vet-clean."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.support.golang import build, go, gofmt_binary, program_module
from tests.support.server import LoopbackServer, Reply

ROOT = Path(__file__).resolve().parent.parent
GO_SDK = ROOT / "generated" / "go"
MODULE = "github.com/stainless-sdks/llamacloud-prod-go"
OK = {"last_updated_at": "2026-04-22T12:00:00", "session_id": "ses-abc123"}


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    main = (ROOT / "tests" / "go" / "wire_main.go").read_text(encoding="utf-8")
    return build(program_module(tmp_path_factory.mktemp("wire"), main, MODULE, GO_SDK))


def run(
    program: Path, scenario: str, server: LoopbackServer, **extra: str
) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLAMA_CLOUD")}
    env["LLAMA_CLOUD_BASE_URL"] = server.url
    env.update(extra)
    result = subprocess.run(
        [str(program), scenario], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    out: dict[str, Any] = json.loads(result.stdout)
    return out


def test_every_parameter_goes_where_the_spec_puts_it(
    program: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(200, OK))
    out = run(program, "values", server)
    assert out["session_id"] == "ses-abc123"
    request = server.last
    # Declaration order, percent-encoded as the Python runtime does ("%20", not "+").
    assert request.target == (
        "/api/v1/chat?organization_id=0b1c2d3e-org&project_id=p%201%2F2%263"
    )
    assert request.headers["cookie"] == "session=s%3B1%20%C3%A9"
    assert request.body == b'{"index_ids":["idx-a","idx,b"]}'
    assert request.headers["content-type"] == "application/json"
    assert request.headers["authorization"] == "Bearer sk-wire"
    assert request.headers["x-retry-count"] == "0"


def test_the_key_comes_from_the_environment(
    program: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(200, OK), Reply(200, OK))
    run(program, "envkey", server, LLAMA_CLOUD_API_KEY="sk-env")
    assert server.last.headers["authorization"] == "Bearer sk-env"
    run(program, "envkey", server)
    assert "authorization" not in server.last.headers  # no key: no header


def test_null_is_sent_in_the_body_and_left_out_elsewhere(
    program: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(200, OK))
    run(program, "nulls", server)
    request = server.last
    assert request.target == "/api/v1/chat"
    assert "cookie" not in request.headers
    assert request.body == b'{"index_ids":null}'


def test_omitted_parameters_send_nothing(program: Path, server: LoopbackServer) -> None:
    server.reply(Reply(200, OK))
    run(program, "none", server)
    request = server.last
    assert request.target == "/api/v1/chat"
    assert request.body == b""
    assert "content-type" not in request.headers and "cookie" not in request.headers


def test_responses_decode_leniently_with_field_metadata(
    program: Path, server: LoopbackServer
) -> None:
    body = {
        "last_updated_at": "2026-04-22T12:00:00",
        "session_id": "ses-abc123",
        "generated_title": 42,
        "index_ids": ["idx-1"],
        "job_metadata": {"turns": 3, "duration_ms": "slow", "cost": 1},
        "surprise": {"nested": [1, 2]},
    }
    server.reply(Reply(200, body))
    out = run(program, "none", server)
    assert out["extra"] == {"surprise": '{"nested": [1, 2]}'}
    assert out["title_invalid"] is True and out["title_raw"] == "42"
    assert out["index_ids"] == ["idx-1"]
    assert (out["turns"], out["turns_valid"]) == (3, True)
    assert out["duration_invalid"] is True
    assert out["job_extra"] == 1
    assert out["job_null"] is False and out["job_missing"] is False
    assert json.loads(out["raw"]) == body
    server.reply(Reply(200, {**OK, "job_metadata": None}))
    out = run(program, "none", server)
    assert out["job_null"] is True and out["extra"] == {}
    server.reply(Reply(200, OK))
    assert run(program, "none", server)["job_missing"] is True


def test_503_is_retried_with_the_retry_count(
    program: Path, server: LoopbackServer
) -> None:
    fast = {"retry-after-ms": "10"}
    server.reply(Reply(503, {}, fast), Reply(503, {}, fast), Reply(200, OK))
    out = run(program, "none", server)
    assert out["session_id"] == "ses-abc123"
    assert [r.headers["x-retry-count"] for r in server.requests] == ["0", "1", "2"]


def test_retries_stop_after_max_retries(program: Path, server: LoopbackServer) -> None:
    fast = {"retry-after-ms": "10"}
    server.reply(*[Reply(503, {"detail": "busy"}, fast)] * 3, Reply(200, OK))
    out = run(program, "none", server)
    assert out["status"] == 503 and len(server.requests) == 3


def test_connection_errors_are_retried_with_backoff(
    program: Path, server: LoopbackServer
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    os.environ["REFUSED_URL"] = f"http://127.0.0.1:{port}"
    try:
        out = run(program, "refused", server)
    finally:
        del os.environ["REFUSED_URL"]
    assert out["attempts"] == 3 and "status" not in out
    assert "connection refused" in out["error"]
    # 0.5 s then 1 s, each minus up to 25 % jitter.
    assert 1000 <= out["elapsed_ms"] < 3000


def test_middleware_sees_every_attempt(program: Path, server: LoopbackServer) -> None:
    fast = {"retry-after-ms": "10"}
    server.reply(Reply(503, {}, fast), Reply(200, OK))
    out = run(program, "none", server)
    assert out["attempts"] == 2
    assert [r.headers["x-middleware"] for r in server.requests] == ["1", "2"]


def test_x_should_retry_false_is_not_retried(
    program: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(503, {}, {"x-should-retry": "false"}), Reply(200, OK))
    out = run(program, "none", server)
    assert out["status"] == 503 and len(server.requests) == 1


def test_400_is_an_error_with_its_status_and_is_not_retried(
    program: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(400, {"detail": "bad index"}), Reply(200, OK))
    out = run(program, "none", server)
    assert out["status"] == 400
    assert json.loads(out["raw"]) == {"detail": "bad index"}
    assert (out["request_method"], out["response_status"]) == ("POST", 400)
    assert len(server.requests) == 1


def test_options_add_headers_and_query(program: Path, server: LoopbackServer) -> None:
    server.reply(Reply(503, {}))
    out = run(program, "options", server)
    assert out["status"] == 503 and len(server.requests) == 1  # WithMaxRetries(0)
    assert server.last.target == "/api/v1/chat?extra=a%20b"
    assert server.last.headers["x-trace"] == "t-1"


@pytest.mark.parametrize("scenario", ["timeout", "cancel"])
def test_timeouts_and_cancellation_end_the_call(
    program: Path, server: LoopbackServer, scenario: str
) -> None:
    server.reply(*[Reply(200, OK, delay=3.0)] * 3)
    out = run(program, scenario, server)
    assert out["deadline"] is True
    assert out["elapsed_ms"] < 2500
    assert len(server.requests) == 1


def test_generated_tree_is_gofmt_and_vet_clean() -> None:
    listed = subprocess.run(
        [str(gofmt_binary()), "-l", "."], cwd=GO_SDK, capture_output=True, text=True
    )
    assert listed.returncode == 0 and listed.stdout == "", listed.stdout + listed.stderr
    vet = go("vet", "./...", cwd=GO_SDK)
    assert vet.returncode == 0, vet.stderr
