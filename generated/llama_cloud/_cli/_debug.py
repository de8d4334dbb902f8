"""``--debug``: the HTTP request and response on stderr, with secrets redacted.

The CLI sends through the generated client, so the exchange is observed at httpx's ``Client.send`` for the
duration of one command; nothing else in the process changes.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

from .._logs import REDACTED, is_sensitive, redact_url

_MAX_BODY = 64 * 1024


# Shorter values are not searched for in free text: replacing them would mangle unrelated output.
_MIN_SECRET = 6


def scrub(text: str, secrets: Sequence[str]) -> str:
    """``text`` with every occurrence of a secret value replaced."""
    for secret in secrets:
        if len(secret) >= _MIN_SECRET:
            text = text.replace(secret, REDACTED)
    return text


def redact_header(name: str, value: str, secrets: Sequence[str]) -> str:
    lowered = name.lower()
    if lowered in ("authorization", "proxy-authorization"):
        scheme, _, credentials = value.partition(" ")
        return f"{scheme} {REDACTED}" if credentials else REDACTED
    if lowered == "cookie":
        pairs = [
            pair.strip().partition("=") for pair in value.split(";") if pair.strip()
        ]
        return "; ".join(f"{key}={REDACTED}" for key, _, _ in pairs)
    if lowered == "set-cookie":
        first, sep, attributes = value.partition(";")
        return f"{first.partition('=')[0]}={REDACTED}{sep}{attributes}"
    if is_sensitive(lowered):
        return REDACTED
    return scrub(value, secrets)


def _body_text(content: bytes, secrets: Sequence[str]) -> str:
    if not content:
        return ""
    text = content[:_MAX_BODY].decode("utf-8", errors="replace")
    if len(content) > _MAX_BODY:
        text += f"\n… ({len(content) - _MAX_BODY} more bytes)"
    return scrub(text, secrets)


def _lines(
    prefix: str, head: str, headers: Any, body: str, secrets: Sequence[str]
) -> str:
    out = [f"{prefix} {head}"]
    out.extend(
        f"{prefix} {name}: {redact_header(name, value, secrets)}"
        for name, value in headers.items()
    )
    if body:
        out.append(prefix)
        out.extend(f"{prefix} {line}" for line in body.splitlines())
    return "\n".join(out) + "\n"


def format_request(request: httpx.Request, secrets: Sequence[str]) -> str:
    try:
        content = request.content
    except (
        Exception
    ):  # a streamed request body has not been read: say so rather than consume it
        content = b"<streamed body>"
    head = f"{request.method} {scrub(redact_url(request.url), secrets)}"
    return _lines(">", head, request.headers, _body_text(content, secrets), secrets)


def format_response(
    response: httpx.Response, elapsed: float, secrets: Sequence[str]
) -> str:
    head = f"{response.status_code} {response.reason_phrase} ({elapsed * 1000:.0f} ms)"
    return _lines(
        "<", head, response.headers, _body_text(response.content, secrets), secrets
    )


@contextmanager
def debug_http(secrets: Sequence[str], stream: IO[str] | None = None) -> Iterator[None]:
    """While active, every request the process sends through ``httpx.Client`` is printed with its response."""
    import httpx

    out = stream if stream is not None else sys.stderr
    original = httpx.Client.send

    def send(
        self: httpx.Client, request: httpx.Request, **kwargs: Any
    ) -> httpx.Response:
        out.write(format_request(request, secrets))
        out.flush()
        started = time.monotonic()
        try:
            response = original(self, request, **kwargs)
        except httpx.HTTPError as error:
            out.write(f"! {type(error).__name__}: {scrub(str(error), secrets)}\n")
            out.flush()
            raise
        response.read()
        out.write(format_response(response, time.monotonic() - started, secrets))
        out.flush()
        return response

    setattr(httpx.Client, "send", send)
    try:
        yield
    finally:
        setattr(httpx.Client, "send", original)
