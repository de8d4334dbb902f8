"""What goes on the wire, and the client options that shape it (sync and async)."""

from __future__ import annotations

import httpx
import pytest
from tests.runtime._faults import API_KEY, FaultServer, Ops, Reply, Runner, unwrap


def test_request_carries_params_in_their_locations(
    runner: Runner, server: FaultServer
) -> None:
    client = runner.client()
    result = client.beta.chat.create(
        index_ids=["a", "b"], organization_id="org-1", session="s 1;x"
    )

    assert result.session_id == "sess-1"
    [req] = server.requests
    assert (req.method, req.path) == ("POST", "/api/v1/chat")
    assert req.query == [("organization_id", "org-1")]  # project_id omitted: not sent
    assert req.json() == {"index_ids": ["a", "b"]}
    assert req.header("content-type") == "application/json"
    assert req.header("cookie") == "session=s%201%3Bx"
    assert req.header("authorization") == f"Bearer {API_KEY}"
    assert req.header("user-agent") == "LlamaCloud/Python 0.1.0"
    assert req.header("x-retry-count") == "0"
    assert req.header("accept") == "application/json"


def test_omitted_body_sends_no_body_but_none_sends_null(
    runner: Runner, server: FaultServer
) -> None:
    client = runner.client()
    client.beta.chat.create()
    client.beta.chat.create(index_ids=None)

    first, second = server.requests
    assert first.body == b"" and first.header("content-type") is None
    assert second.json() == {"index_ids": None}


def test_path_query_and_header_encoding(runner: Runner, server: FaultServer) -> None:
    client = runner.client()
    args = {
        "session_id": "a/b c",
        "tags": ["x", "y"],
        "verbose": True,
        "x_trace_id": "trace-7",
    }
    runner.request(client, Ops().get, args)

    [req] = server.requests
    assert req.target.startswith("/api/v1/chat/a%2Fb%20c?")
    assert req.query == [("tags", "x"), ("tags", "y"), ("verbose", "true")]
    assert req.header("x-trace-id") == "trace-7"
    assert req.method == "GET" and req.body == b""


def test_empty_path_param_is_rejected_before_sending(
    runner: Runner, server: FaultServer
) -> None:
    client = runner.client()
    with pytest.raises(ValueError, match="session_id"):
        runner.request(client, Ops().get, {"session_id": ""})
    assert server.requests == []


def test_per_request_extras_merge_over_client_defaults(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud import omit

    client = runner.client(
        default_headers={"X-Team": "a", "X-Keep": "k"},
        default_query={"region": "eu", "v": "1"},
    )
    client.beta.chat.create(
        index_ids=["i"],
        extra_headers={"X-Team": "b", "User-Agent": omit},
        extra_query={"region": "us", "v": None, "debug": True},
        extra_body={"stream": False, "index_ids": ["override"]},
    )

    [req] = server.requests
    assert req.header("x-team") == "b"
    assert req.header("x-keep") == "k"
    assert req.header("user-agent") is None
    assert sorted(req.query) == [("debug", "true"), ("region", "us")]
    assert req.json() == {"index_ids": ["override"], "stream": False}


def test_a_misspelt_argument_is_refused_before_anything_is_sent(
    runner: Runner, server: FaultServer
) -> None:
    # Methods take their options as ``**options``, so Python itself no longer rejects an
    # unknown keyword: the client must.
    client = runner.client()
    with pytest.raises(TypeError, match=r"\['index_id'\]"):
        client.beta.chat.create(index_id=["a"])  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"\['timeout_s'\]"):
        client.beta.chat.create(timeout_s=3)  # type: ignore[call-arg]
    assert server.requests == []


def test_per_call_timeout_overrides_the_clients(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud import APITimeoutError

    client = runner.client(timeout=30.0, max_retries=0)
    server.enqueue(Reply(json={"session_id": "s"}, delay=1.0))
    with pytest.raises(APITimeoutError):
        client.beta.chat.create(timeout=0.1)


def test_api_key_and_base_url_come_from_the_environment(
    runner: Runner, server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LLAMA_CLOUD_API_KEY", "sk-from-env")
    monkeypatch.setenv("LLAMA_CLOUD_BASE_URL", server.url + "/prefix/")
    client = runner.wrap(runner.client_class())
    runner._clients.append(unwrap(client))
    client.beta.chat.create()

    [req] = server.requests
    assert req.header("authorization") == "Bearer sk-from-env"
    assert req.path == "/prefix/api/v1/chat"


def test_arguments_win_over_environment_and_default_base_url_is_the_spec_server(
    runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from llama_cloud._constants import DEFAULT_BASE_URL

    monkeypatch.setenv("LLAMA_CLOUD_API_KEY", "sk-from-env")
    monkeypatch.setenv("LLAMA_CLOUD_BASE_URL", "http://127.0.0.1:9/env")
    client = unwrap(runner.client(api_key="sk-arg", base_url="http://127.0.0.1:9/arg"))
    assert client.api_key == "sk-arg"
    assert str(client.base_url) == "http://127.0.0.1:9/arg"

    monkeypatch.delenv("LLAMA_CLOUD_BASE_URL")
    client = unwrap(runner.client(base_url=None))
    assert str(client.base_url).rstrip("/") == DEFAULT_BASE_URL.rstrip("/")


def test_missing_api_key_names_the_argument_and_the_variable(runner: Runner) -> None:
    from llama_cloud import SDKError

    with pytest.raises(SDKError) as info:
        runner.client_class(base_url="http://127.0.0.1:9")
    assert "api_key" in str(info.value) and "LLAMA_CLOUD_API_KEY" in str(info.value)


def test_timeout_defaults_and_coercion(runner: Runner) -> None:
    client = unwrap(runner.client())
    assert client.timeout == httpx.Timeout(60.0, connect=5.0)
    assert client.max_retries == 2
    assert unwrap(runner.client(timeout=1.5)).timeout == httpx.Timeout(1.5)
    assert unwrap(runner.client(timeout=None)).timeout == httpx.Timeout(None)


def test_with_options_returns_a_configured_copy_sharing_the_pool(
    runner: Runner, server: FaultServer
) -> None:
    client = runner.client(default_headers={"X-A": "1"})
    copy = client.with_options(max_retries=0, default_headers={"X-B": "2"}, timeout=3.0)

    assert unwrap(copy) is not unwrap(client)
    assert unwrap(copy)._client is unwrap(client)._client
    assert (copy.max_retries, client.max_retries) == (0, 2)
    assert copy.timeout == httpx.Timeout(3.0)

    copy.beta.chat.create()
    copy.close()  # a copy does not close the shared pool
    client.beta.chat.create()

    with_copy, with_original = server.requests
    assert (with_copy.header("x-a"), with_copy.header("x-b")) == ("1", "2")
    assert (with_original.header("x-a"), with_original.header("x-b")) == ("1", None)
    assert not client.is_closed()


def test_close_and_context_manager_close_the_pool(
    runner: Runner, server: FaultServer
) -> None:
    import asyncio

    kwargs = {"api_key": API_KEY, "base_url": server.url}
    if runner.is_async:

        async def scenario() -> bool:
            async with runner.client_class(**kwargs) as client:
                await client.beta.chat.create()
            return bool(client.is_closed())

        assert asyncio.run(scenario())
    else:
        with runner.client_class(**kwargs) as client:
            client.beta.chat.create()
        assert client.is_closed()
    assert server.wait_for_idle() == 0


def test_bring_your_own_http_client(runner: Runner, server: FaultServer) -> None:
    seen: list[str] = []
    if runner.is_async:

        async def async_hook(request: httpx.Request) -> None:
            seen.append(request.url.path)

        http_client: httpx.Client | httpx.AsyncClient = httpx.AsyncClient(
            headers={"X-From-Http-Client": "yes"},
            event_hooks={"request": [async_hook]},
            timeout=7.0,
        )
    else:
        http_client = httpx.Client(
            headers={"X-From-Http-Client": "yes"},
            event_hooks={"request": [lambda request: seen.append(request.url.path)]},
            timeout=7.0,
        )
    client = runner.client(http_client=http_client)
    assert client.timeout == httpx.Timeout(7.0)  # the client's own timeout is kept
    client.beta.chat.create()
    client.close()

    assert seen == ["/api/v1/chat"]
    assert server.requests[0].header("x-from-http-client") == "yes"
    assert not http_client.is_closed  # yours to close
    if isinstance(http_client, httpx.AsyncClient):
        runner.resolve(http_client.aclose())
    else:
        http_client.close()


def test_wrong_http_client_kind_is_rejected(runner: Runner) -> None:
    wrong = httpx.Client() if runner.is_async else httpx.AsyncClient()
    with pytest.raises(TypeError, match="http_client"):
        runner.client_class(api_key=API_KEY, http_client=wrong)


def test_repr_never_shows_the_key(runner: Runner) -> None:
    client = unwrap(runner.client())
    assert API_KEY not in repr(client)
