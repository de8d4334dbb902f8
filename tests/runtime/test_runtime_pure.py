"""The runtime's pure decisions, checked without a server: retry timing and the retry rule."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest


def _response(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(
        status, headers=headers, request=httpx.Request("GET", "http://127.0.0.1/x")
    )


@pytest.mark.parametrize(
    ("status", "headers", "expected"),
    [
        (408, {}, True),
        (409, {}, True),
        (429, {}, True),
        (500, {}, True),
        (599, {}, True),
        (400, {}, False),
        (401, {}, False),
        (404, {}, False),
        (422, {}, False),
        (503, {"x-should-retry": "false"}, False),
        (400, {"x-should-retry": "true"}, True),
    ],
)
def test_should_retry(status: int, headers: dict[str, str], expected: bool) -> None:
    from llama_cloud._base_client import should_retry

    assert should_retry(_response(status, **headers)) is expected


def test_retry_after_forms() -> None:
    from llama_cloud._base_client import retry_after_seconds

    now = time.time()
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert retry_after_seconds(httpx.Headers({"retry-after": "7"})) == 7.0
    assert retry_after_seconds(httpx.Headers({"retry-after-ms": "250"})) == 0.25
    assert (
        retry_after_seconds(
            httpx.Headers({"retry-after-ms": "250", "retry-after": "9"})
        )
        == 0.25
    )
    assert retry_after_seconds(
        httpx.Headers({"retry-after": date}), now=now
    ) == pytest.approx(30, abs=1.5)
    assert retry_after_seconds(httpx.Headers({"retry-after": "soon"})) is None
    assert retry_after_seconds(httpx.Headers({})) is None


def test_retry_delay_honours_the_server_up_to_a_minute() -> None:
    from llama_cloud._base_client import retry_delay

    date = email.utils.formatdate(time.time() + 20, usegmt=True)
    assert retry_delay(0, httpx.Headers({"retry-after": "60"})) == 60.0
    assert retry_delay(0, httpx.Headers({"retry-after": date})) == pytest.approx(
        20, abs=1.5
    )
    assert (
        retry_delay(0, httpx.Headers({"retry-after": "61"})) <= 0.5
    )  # too long: own backoff
    assert retry_delay(0, httpx.Headers({"retry-after": "0"})) <= 0.5


def test_backoff_grows_exponentially_with_jitter_and_is_capped() -> None:
    from llama_cloud._base_client import retry_delay

    for attempt, nominal in [
        (0, 0.5),
        (1, 1.0),
        (2, 2.0),
        (3, 4.0),
        (4, 8.0),
        (5, 8.0),
        (10, 8.0),
    ]:
        delays = [retry_delay(attempt, None) for _ in range(200)]
        assert all(0.75 * nominal <= d <= nominal for d in delays)
        assert len(set(delays)) > 1  # jittered


def test_worst_case_waits_with_defaults_match_the_documented_total() -> None:
    import llama_cloud._base_client as base

    waits = sum(
        min(base.INITIAL_RETRY_DELAY * 2**n, base.MAX_RETRY_DELAY)
        for n in range(base.DEFAULT_MAX_RETRIES)
    )
    timeout = base.DEFAULT_TIMEOUT
    assert timeout.connect is not None and timeout.read is not None
    total = (base.DEFAULT_MAX_RETRIES + 1) * (timeout.connect + timeout.read) + waits
    assert total == 196.5
    assert "196.5 s" in (base.__doc__ or "")
    # ... and where users look: help(LlamaCloud) / an IDE's hover on the constructor.
    from llama_cloud import AsyncLlamaCloud, LlamaCloud

    assert "196.5 s" in (LlamaCloud.__init__.__doc__ or "")
    assert "196.5 s" in (AsyncLlamaCloud.__init__.__doc__ or "")


def test_link_header_next_url() -> None:
    from llama_cloud._pagination import _next_link

    nxt = "https://api.example.com/items?page=2&a=1,2"
    # RFC 8288: any order of links, rel quoted or not, several relations in one rel, commas in URLs.
    assert _next_link(f'<{nxt}>; rel="next", <https://x/?page=9>; rel="last"') == nxt
    assert (
        _next_link(f'<https://x/?page=1>; rel="prev first", <{nxt}>; rel=next') == nxt
    )
    assert _next_link(f'<{nxt}>; title="a"; REL="last next"') == nxt
    assert (
        _next_link('<https://x/?page=1>; rel="prev", <https://x/?page=9>; rel="last"')
        is None
    )
    assert _next_link('<https://x/?page=2>; rel="nextish"') is None
    assert _next_link("") is None and _next_link(None) is None
