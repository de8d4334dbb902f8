"""A real HTTP server on 127.0.0.1 for behaviour tests: records requests, replays scripted replies."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes
    # The request target exactly as sent: path and query, still percent-encoded.
    target: str = ""

    @property
    def cookies(self) -> dict[str, str]:
        jar: SimpleCookie = SimpleCookie()
        jar.load(self.headers.get("cookie", ""))
        return {key: morsel.value for key, morsel in jar.items()}

    def json(self) -> Any:
        return json.loads(self.body)


class _Drop:
    def __repr__(self) -> str:
        return "DROP"


DROP = _Drop()
"""In ``Reply.chunks``: cut the connection there, without the chunked body's last chunk."""


@dataclass
class Reply:
    status: int = 200
    body: bytes | str | Any = (
        b""  # bytes as they are, str as text, anything else as JSON
    )
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (timeout tests)
    # Instead of ``body``: sent chunked, each item written and flushed as the iterable yields
    # it, so an iterable that waits paces the stream; ``DROP`` loses the connection there.
    chunks: Iterable[bytes | _Drop] | None = None

    def encoded(self) -> tuple[bytes, dict[str, str]]:
        headers = dict(self.headers)
        if isinstance(self.body, bytes):
            return self.body, headers
        if isinstance(self.body, str):
            headers.setdefault("content-type", "text/plain; charset=utf-8")
            return self.body.encode("utf-8"), headers
        headers.setdefault("content-type", "application/json")
        return json.dumps(self.body).encode("utf-8"), headers


class LoopbackServer:
    """``replies`` are served in order; when they run out, ``default`` answers."""

    def __init__(self, default: Reply | None = None) -> None:
        self.default = default if default is not None else Reply(200, {})
        self.replies: list[Reply] = []
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                url = urlsplit(self.path)
                with owner._lock:
                    owner.requests.append(
                        Recorded(
                            method=self.command,
                            path=url.path,
                            query=parse_qs(url.query, keep_blank_values=True),
                            headers={k.lower(): v for k, v in self.headers.items()},
                            body=body,
                            target=self.path,
                        )
                    )
                    reply = owner.replies.pop(0) if owner.replies else owner.default
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.chunks is not None:
                    self._stream(reply)
                    return
                payload, headers = reply.encoded()
                try:
                    self.send_response(reply.status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first (timeout tests)

            def _stream(self, reply: Reply) -> None:
                assert reply.chunks is not None
                try:
                    self.send_response(reply.status)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.send_header("transfer-encoding", "chunked")
                    self.end_headers()
                    for part in reply.chunks:
                        if isinstance(part, _Drop):
                            self.close_connection = True
                            self.connection.shutdown(socket.SHUT_RDWR)
                            return
                        if part:  # an empty chunk would end the body
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                    self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client closed the stream first

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # A short poll interval: shutdown() waits for it, and some suites start a server per example.
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},
            daemon=True,
        )
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reply(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    @property
    def last(self) -> Recorded:
        assert self.requests, "no request reached the server"
        return self.requests[-1]


@contextmanager
def running(default: Reply | None = None) -> Iterator[LoopbackServer]:
    server = LoopbackServer(default).start()
    try:
        yield server
    finally:
        server.stop()
