"""A real HTTP/1.1 server on 127.0.0.1 with scripted faults, and one harness for sync and async.

The server runs an asyncio loop in a background thread and answers each request with the next
scripted :class:`Reply` (or the default reply when the script is empty). A reply can be delayed,
malformed, or cut off mid-body (connection reset, or closed early). Every request is
recorded, and the server counts the connections it has open so tests can see leaks.

The ``runner`` fixture is parametrised over ``sync`` and ``async``: tests call the client the
same way for both. For async, calls are run on a dedicated event loop thread and their result
(or exception) handed back, so one test body covers both clients.
"""

from __future__ import annotations

import asyncio
import http
import json as jsonlib
import socket
import struct
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import parse_qsl, urlsplit

API_KEY = "sk-test-5ecret-k3y-value"

DEFAULT_BODY = {"session_id": "sess-1", "last_updated_at": "2024-05-01T00:00:00Z"}

_UNSET: Any = object()


@dataclass
class Reply:
    status: int = 200
    json: Any = _UNSET
    body: bytes | str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None
    delay: float = 0.0
    """Seconds to wait before sending anything."""
    reset_after: int | None = None
    """Send the headers and this many body bytes, then reset the connection (RST)."""
    close_after: int | None = None
    """Send the headers and this many body bytes, then close the connection cleanly (FIN)."""

    def encode(self) -> tuple[bytes, bytes]:
        if self.json is not _UNSET:
            body = jsonlib.dumps(self.json).encode()
            content_type = self.content_type or "application/json"
        else:
            raw = self.body or b""
            body = raw.encode() if isinstance(raw, str) else raw
            content_type = self.content_type or ("application/json" if body else "")
        try:
            phrase = http.HTTPStatus(self.status).phrase
        except ValueError:
            phrase = "Unknown"
        lines = [f"HTTP/1.1 {self.status} {phrase}"]
        if content_type:
            lines.append(f"Content-Type: {content_type}")
        lines.append(f"Content-Length: {len(body)}")
        lines.extend(f"{key}: {value}" for key, value in self.headers.items())
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        return head, body


@dataclass
class Recorded:
    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes
    at: float

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(urlsplit(self.target).query, keep_blank_values=True)

    def header(self, name: str) -> str | None:
        values = self.headers_all(name)
        return values[0] if values else None

    def headers_all(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def json(self) -> Any:
        return jsonlib.loads(self.body)


class FaultServer:
    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="fault-server", daemon=True
        )
        self._lock = threading.Lock()
        self._writers: set[asyncio.StreamWriter] = set()
        self.script: deque[Reply] = deque()
        self.requests: list[Recorded] = []
        self.default = Reply(json=DEFAULT_BODY)
        self.opened = 0
        self.active = 0
        self.max_active = 0
        self.port = 0

    # -- lifecycle

    def start(self) -> None:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, "127.0.0.1", 0, backlog=512), self._loop
        ).result(5)
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        async def shutdown() -> None:
            self._server.close()
            for writer in list(self._writers):
                writer.close()
            # Handlers still sleeping in a delayed reply would be destroyed while pending.
            current = asyncio.current_task()
            pending = [t for t in asyncio.all_tasks() if t is not current]
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def reset(self) -> None:
        with self._lock:
            self.script.clear()
            self.requests = []
            self.default = Reply(json=DEFAULT_BODY)
            self.opened = 0
            self.max_active = self.active

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def enqueue(self, *replies: Reply) -> None:
        self.script.extend(replies)

    def wait_for_idle(self, timeout: float = 2.0) -> int:
        """Wait until the server has no open connections; returns how many are still open."""
        deadline = time.monotonic() + timeout
        while self.active and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.active

    # -- serving

    async def _handle(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        with self._lock:
            self.opened += 1
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        self._writers.add(writer)
        try:
            while await self._serve_one(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            pass
        except asyncio.CancelledError:  # server shutdown: end quietly
            pass
        finally:
            self._writers.discard(writer)
            with self._lock:
                self.active -= 1
            writer.close()

    async def _serve_one(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        request_line = await reader.readline()
        if not request_line:
            return False
        method, target, _ = request_line.decode("latin-1").split(" ", 2)
        headers: list[tuple[str, str]] = []
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            key, _, value = line.decode("latin-1").partition(":")
            headers.append((key.strip(), value.strip()))
        length = int(
            next((v for k, v in headers if k.lower() == "content-length"), "0")
        )
        body = await reader.readexactly(length) if length else b""
        with self._lock:
            self.requests.append(
                Recorded(method, target, headers, body, time.monotonic())
            )
            reply = self.script.popleft() if self.script else self.default
        if reply.delay:
            await asyncio.sleep(reply.delay)
        head, payload = reply.encode()
        if reply.reset_after is not None:
            writer.write(head + payload[: reply.reset_after])
            await writer.drain()
            await asyncio.sleep(
                0.05
            )  # let the client read the headers: the reset is mid-body
            sock = writer.get_extra_info("socket")
            sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            writer.transport.abort()
            return False
        if reply.close_after is not None:
            writer.write(head + payload[: reply.close_after])
            await writer.drain()
            return False  # the handler closes the connection
        writer.write(head + payload)
        await writer.drain()
        wants_close = any(
            k.lower() == "connection" and v.lower() == "close" for k, v in headers
        )
        return not wants_close


# --------------------------------------------------------------------------- sync/async harness


class Runner:
    """Creates clients of one kind and runs their calls from synchronous test code."""

    def __init__(self, kind: str, server: FaultServer) -> None:
        self.kind = kind
        self.server = server
        self.is_async = kind == "async"
        self._clients: list[Any] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        if self.is_async:
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(
                target=self._loop.run_forever, name="client-loop", daemon=True
            )
            self._thread.start()

    @property
    def client_class(self) -> type[Any]:
        import llama_cloud

        return llama_cloud.AsyncLlamaCloud if self.is_async else llama_cloud.LlamaCloud

    def client(self, **kwargs: Any) -> Any:
        """A client for the test server with near-zero backoff (tests never sleep for seconds)."""
        kwargs.setdefault("api_key", API_KEY)
        kwargs.setdefault("base_url", self.server.url)
        client = self.client_class(**kwargs)
        client._initial_retry_delay = 0.001
        client._max_retry_delay = 0.005
        self._clients.append(client)
        return self.wrap(client)

    def wrap(self, target: Any) -> Any:
        return target if not self.is_async else _AsyncProxy(target, self)

    def resolve(self, value: Any) -> Any:
        if self.is_async and asyncio.iscoroutine(value):
            assert self._loop is not None
            value = asyncio.run_coroutine_threadsafe(value, self._loop).result(30)
        return self._maybe_wrap(value)

    def _maybe_wrap(self, value: Any) -> Any:
        from llama_cloud._base_client import AsyncAPIClient
        from llama_cloud._resource import AsyncAPIResource

        if self.is_async and (
            isinstance(value, (AsyncAPIClient, AsyncAPIResource))
            or type(value).__name__.endswith("WithRawResponse")
        ):
            if isinstance(value, AsyncAPIClient):
                self._clients.append(value)
            return _AsyncProxy(value, self)
        return value

    def request(
        self, client: Any, op: Any, args: dict[str, Any], **options: Any
    ) -> Any:
        """Call the runtime's ``request()`` directly, as a generated method does (its
        ``locals()``: the arguments, ``self`` and the ``options``)."""
        call = {**args, "self": client, "options": options}
        return self.resolve(unwrap(client).request(op, call))

    def raw_request(self, client: Any, op: Any, args: dict[str, Any]) -> Any:
        """``request()`` through the raw-response wrapper, as ``with_raw_response`` does."""
        from llama_cloud._response import (
            async_to_raw_response_wrapper,
            to_raw_response_wrapper,
        )

        wrap = (
            async_to_raw_response_wrapper if self.is_async else to_raw_response_wrapper
        )
        return self.resolve(wrap(unwrap(client).request)(op, args))

    def record_sleeps(self, client: Any) -> list[float]:
        """Replace the client's sleep with one that records the delay and returns at once."""
        target = unwrap(client)
        slept: list[float] = []
        if self.is_async:

            async def fake_async_sleep(seconds: float) -> None:
                slept.append(seconds)

            target._sleep = fake_async_sleep
        else:
            target._sleep = slept.append
        return slept

    def close(self) -> None:
        for client in self._clients:
            self.resolve(client.close())
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
            self._loop.close()


class _AsyncProxy:
    """Makes an async client/resource callable like a sync one (each call runs on the loop)."""

    def __init__(self, target: Any, runner: Runner) -> None:
        self._target = target
        self._runner = runner

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if callable(value) and not isinstance(value, type):

            def call(*args: Any, **kwargs: Any) -> Any:
                return self._runner.resolve(value(*args, **kwargs))

            return call
        return self._runner._maybe_wrap(value)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("_target", "_runner"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._target, name, value)


class Ops:
    """Operations of shapes the spec may not have (path, header, array query, no body), declared
    the way generated resources declare theirs."""

    def __init__(self) -> None:
        from llama_cloud._operation import Operation, Param
        from llama_cloud.types.chat_create_response import ChatCreateResponse

        self.get = Operation(
            method="get",
            path="/api/v1/chat/{session_id}",
            params=(
                Param("session_id", "session_id", "path"),
                Param("tags", "tags", "query"),
                Param("verbose", "verbose", "query"),
                Param("x_trace_id", "X-Trace-Id", "header"),
            ),
            body=None,
            cast_to=ChatCreateResponse,
        )
        self.delete = Operation(
            method="delete",
            path="/api/v1/chat/{session_id}",
            params=(Param("session_id", "session_id", "path"),),
            body=None,
            cast_to=None,
        )


def unwrap(client: Any) -> Any:
    return client._target if isinstance(client, _AsyncProxy) else client


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.monotonic()
    result = fn()
    return result, time.monotonic() - start
