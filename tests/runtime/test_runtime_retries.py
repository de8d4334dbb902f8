"""Retries, timeouts and broken connections against the real server (sync and async)."""

from __future__ import annotations

import email.utils
import socket
import time

import pytest
from tests.runtime._faults import FaultServer, Reply, Runner, timed

GOOD = {"session_id": "sess-ok", "last_updated_at": "2024-05-01T00:00:00Z"}


def test_retries_503_twice_then_succeeds(runner: Runner, server: FaultServer) -> None:
    server.enqueue(Reply(503), Reply(503, json={"detail": "busy"}), Reply(json=GOOD))
    client = runner.client()

    result = client.beta.chat.create(index_ids=["a"])

    assert result.session_id == "sess-ok"
    assert [r.header("x-retry-count") for r in server.requests] == ["0", "1", "2"]
    assert all(
        r.json() == {"index_ids": ["a"]} for r in server.requests
    )  # the same body each time


def test_429_waits_as_long_as_retry_after_says(
    runner: Runner, server: FaultServer
) -> None:
    server.enqueue(Reply(429, headers={"Retry-After": "2"}), Reply(json=GOOD))
    client = runner.client()
    slept = runner.record_sleeps(client)

    assert client.beta.chat.create().session_id == "sess-ok"
    assert slept == [2.0]
    assert len(server.requests) == 2


def test_retry_after_as_an_http_date_is_honoured(
    runner: Runner, server: FaultServer
) -> None:
    when = email.utils.formatdate(time.time() + 3, usegmt=True)  # whole seconds
    server.enqueue(Reply(503, headers={"Retry-After": when}), Reply(json=GOOD))
    client = runner.client()
    slept = runner.record_sleeps(client)

    assert client.beta.chat.create().session_id == "sess-ok"
    assert len(slept) == 1 and 1.0 < slept[0] <= 3.0  # not the 0.005 s test backoff


def test_retry_after_ms_is_honoured_for_real(
    runner: Runner, server: FaultServer
) -> None:
    server.enqueue(Reply(429, headers={"retry-after-ms": "150"}), Reply(json=GOOD))
    client = runner.client()

    _, elapsed = timed(lambda: client.beta.chat.create())

    first, second = server.requests
    assert second.at - first.at >= 0.15
    assert elapsed < 2.0


def test_retry_after_beyond_a_minute_falls_back_to_capped_backoff(
    runner: Runner, server: FaultServer
) -> None:
    server.enqueue(Reply(503, headers={"Retry-After": "3600"}), Reply(json=GOOD))
    client = runner.client()
    slept = runner.record_sleeps(client)

    client.beta.chat.create()
    assert len(slept) == 1 and slept[0] <= 0.005


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_never_retried(
    runner: Runner, server: FaultServer, status: int
) -> None:
    from llama_cloud import APIStatusError

    server.default = Reply(status, json={"detail": "no"})
    client = runner.client(max_retries=5)

    with pytest.raises(APIStatusError):
        client.beta.chat.create()
    assert len(server.requests) == 1


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_retryable_statuses_are_retried_max_retries_times(
    runner: Runner, server: FaultServer, status: int
) -> None:
    from llama_cloud import APIStatusError

    server.default = Reply(status, json={"detail": "again"})
    client = runner.client(max_retries=3)

    with pytest.raises(APIStatusError) as info:
        client.beta.chat.create()
    assert info.value.status_code == status
    assert len(server.requests) == 4


def test_max_retries_zero_makes_one_attempt(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud import InternalServerError

    server.default = Reply(500)
    with pytest.raises(InternalServerError):
        runner.client(max_retries=0).beta.chat.create()
    assert len(server.requests) == 1


def test_x_should_retry_header_overrides_the_status(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud import BadRequestError, InternalServerError

    client = runner.client()
    server.enqueue(Reply(503, headers={"x-should-retry": "false"}))
    with pytest.raises(InternalServerError):
        client.beta.chat.create()
    assert len(server.requests) == 1

    server.reset()
    server.enqueue(Reply(400, headers={"x-should-retry": "true"}), Reply(json=GOOD))
    assert client.beta.chat.create().session_id == "sess-ok"
    assert len(server.requests) == 2

    server.reset()
    server.default = Reply(400, headers={"x-should-retry": "true"})
    with pytest.raises(BadRequestError):
        client.beta.chat.create()
    assert len(server.requests) == 3  # still bounded by max_retries


def test_slow_response_times_out(runner: Runner, server: FaultServer) -> None:
    from llama_cloud import APIConnectionError, APITimeoutError

    server.default = Reply(json=GOOD, delay=2.0)
    client = runner.client(timeout=0.2, max_retries=0)

    with pytest.raises(APITimeoutError) as info:
        timed(lambda: client.beta.chat.create())
    assert isinstance(info.value, APIConnectionError)
    assert info.value.status_code is None and info.value.response is None
    assert info.value.request.url.path == "/api/v1/chat"


def test_per_request_timeout_overrides_the_client_timeout(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud import APITimeoutError

    server.default = Reply(json=GOOD, delay=2.0)
    client = runner.client(max_retries=0)  # default 60 s

    start_result = timed(
        lambda: pytest.raises(APITimeoutError, client.beta.chat.create, timeout=0.2)
    )
    assert start_result[1] < 1.5


def test_a_timeout_is_retried(runner: Runner, server: FaultServer) -> None:
    server.enqueue(Reply(json=GOOD, delay=2.0), Reply(json=GOOD))
    client = runner.client(timeout=0.2, max_retries=1)

    result, elapsed = timed(lambda: client.beta.chat.create())
    assert result.session_id == "sess-ok"
    assert len(server.requests) == 2
    assert elapsed < 1.5


def test_connection_reset_mid_response_is_retried(
    runner: Runner, server: FaultServer
) -> None:
    server.enqueue(Reply(json=GOOD, reset_after=10), Reply(json=GOOD))
    result = runner.client().beta.chat.create()
    assert result.session_id == "sess-ok"
    assert len(server.requests) == 2


def test_connection_reset_mid_response_raises_a_connection_error(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud import APIConnectionError, APITimeoutError

    server.default = Reply(json=GOOD, reset_after=10)
    with pytest.raises(APIConnectionError) as info:
        runner.client(max_retries=1).beta.chat.create()
    assert not isinstance(info.value, APITimeoutError)
    assert "Connection error" in str(info.value)
    assert len(server.requests) == 2


def test_truncated_body_is_a_clear_connection_error(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud import APIConnectionError

    server.default = Reply(json=GOOD, close_after=10)
    with pytest.raises(APIConnectionError) as info:
        runner.client(max_retries=0).beta.chat.create()
    assert "complete message body" in str(info.value)  # says the body was cut short
    assert info.value.request.url.path == "/api/v1/chat"


def test_refused_connection_raises_a_connection_error(runner: Runner) -> None:
    from llama_cloud import APIConnectionError

    with (
        socket.socket() as sock
    ):  # a port that was free a moment ago and has no listener now
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = runner.client(base_url=f"http://127.0.0.1:{port}", max_retries=2)
    slept = runner.record_sleeps(client)

    with pytest.raises(APIConnectionError):
        client.beta.chat.create()
    assert len(slept) == 2  # connection errors are retried too


def test_a_silent_server_ends_the_call_within_the_documented_bound(
    runner: Runner, server: FaultServer
) -> None:
    """(max_retries + 1) * timeout + waits: here 3 * 0.25 s + 2 tiny waits."""
    from llama_cloud import APITimeoutError

    server.default = Reply(json=GOOD, delay=5.0)
    client = runner.client(timeout=0.25, max_retries=2)

    def call() -> None:
        with pytest.raises(APITimeoutError):
            client.beta.chat.create()

    _, elapsed = timed(call)
    assert len(server.requests) == 3
    assert 0.75 <= elapsed < 1.5
