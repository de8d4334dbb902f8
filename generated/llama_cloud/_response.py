"""Turning an HTTP response into the declared result, and raw-response access.

``resource.with_raw_response.method(...)`` returns an :class:`APIResponse` (status, headers, the
``httpx.Response``) instead of the parsed value; ``.parse()`` gives the value. It works for every
generated method without per-operation code: the wrapper sets a context variable for the duration
of the call and the client's ``request()`` returns an :class:`APIResponse` while it is set.
Context variables follow ``await``, so the async wrapper needs nothing more; a nested call made by
the method itself never sees the flag because ``request()`` consumes it.
"""

from __future__ import annotations

import contextvars
import functools
import json
import os
from typing import (
    TYPE_CHECKING,
    Any,
    Awaitable,
    Callable,
    Generic,
    Iterator,
    ParamSpec,
    TypeVar,
    cast,
)

from ._exceptions import APIResponseValidationError

if TYPE_CHECKING:
    import httpx

__all__ = [
    "APIResponse",
    "BinaryResponse",
    "to_raw_response_wrapper",
    "async_to_raw_response_wrapper",
    "parse_response",
]

P = ParamSpec("P")
R = TypeVar("R")

_raw_response_mode: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "_raw_response_mode", default=False
)


def take_raw_response_mode() -> bool:
    """Whether this call wants an :class:`APIResponse`; resets the flag (it applies once)."""
    if not _raw_response_mode.get():
        return False
    _raw_response_mode.set(False)
    return True


def _decode_json(response: httpx.Response) -> object:
    content_type = response.headers.get("content-type", "")
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError) as exc:
        request = response.request
        text = response.text
        preview = text[:200] + ("..." if len(text) > 200 else "")
        what = (
            "an empty body"
            if not text.strip()
            else f"a body that is not valid JSON ({exc})"
        )
        raise APIResponseValidationError(
            response,
            text,
            message=(
                f"Expected a JSON response from {request.method} {request.url.path} "
                f"but got {what}; status {response.status_code}, "
                f"content-type {content_type or 'missing'!r}, body starts: {preview!r}"
            ),
        ) from None


def is_event_stream(response: httpx.Response) -> bool:
    content_type: str = response.headers.get("content-type", "")
    return content_type.split(";", 1)[0].strip().lower() == "text/event-stream"


def parse_response(
    response: httpx.Response,
    cast_to: Any,
    *,
    strict: bool,
    kind: str = "json",
    stream_to: Any = None,
    is_async: bool = False,
) -> Any:
    """The 2xx body as the operation declares it (see ``Operation.response``); raises
    :class:`APIResponseValidationError` when it can't be.

    An operation that may stream (``stream_to``) follows the Content-Type the server sent: an
    API offering JSON and an event stream in one response switches on a request flag.
    """
    import httpx

    if stream_to is not None and (kind == "sse" or is_event_stream(response)):
        from ._streaming import AsyncStream, Stream

        stream_class = AsyncStream if is_async else Stream
        return stream_class(response=response, cast_to=stream_to, strict=strict)
    if kind == "binary":
        return BinaryResponse(response)
    if kind == "text":
        return response.text
    if cast_to is None:
        return None
    if cast_to is httpx.Response:
        return response
    if cast_to is str:
        return response.text
    if cast_to is bytes:
        return response.content

    data = _decode_json(response)

    import pydantic

    from ._models import parse_data

    try:
        return parse_data(data, cast_to, strict=strict)
    except pydantic.ValidationError as exc:
        request = response.request
        raise APIResponseValidationError(
            response,
            data,
            message=(
                f"The {request.method} {request.url.path} response does not match the "
                f"expected type {getattr(cast_to, '__name__', cast_to)}: {exc}"
            ),
        ) from exc


class APIResponse(Generic[R]):
    """A completed response, body read; ``parse()`` gives the method's usual result."""

    http_response: httpx.Response
    retries_taken: int

    def __init__(
        self,
        *,
        http_response: httpx.Response,
        cast_to: Any,
        strict: bool,
        retries_taken: int = 0,
        kind: str = "json",
        stream_to: Any = None,
        is_async: bool = False,
    ) -> None:
        self.http_response = http_response
        self.retries_taken = retries_taken
        self._cast_to = cast_to
        self._strict = strict
        self._kind = kind
        self._stream_to = stream_to
        self._is_async = is_async
        self._parsed: R | None = None
        self._is_parsed = False

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def method(self) -> str:
        return self.http_response.request.method

    @property
    def content(self) -> bytes:
        """The whole body. An event stream is not read until asked: this reads it to the end
        (sync clients only; with an async client iterate ``parse()`` or ``await
        http_response.aread()``)."""
        self._read()
        return self.http_response.content

    @property
    def text(self) -> str:
        self._read()
        return self.http_response.text

    def json(self) -> Any:
        self._read()
        return _decode_json(self.http_response)

    def _read(self) -> None:
        if not self.http_response.is_stream_consumed and not self._is_async:
            self.http_response.read()

    def parse(self) -> R:
        if not self._is_parsed:
            self._parsed = cast(
                R,
                parse_response(
                    self.http_response,
                    self._cast_to,
                    strict=self._strict,
                    kind=self._kind,
                    stream_to=self._stream_to,
                    is_async=self._is_async,
                ),
            )
            self._is_parsed = True
        return cast(R, self._parsed)

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] {self.method} {self.url.path}>"


class BinaryResponse:
    """The body of a binary response (a file, an image, audio...), read in full."""

    http_response: httpx.Response

    def __init__(self, http_response: httpx.Response) -> None:
        self.http_response = http_response

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def content_type(self) -> str | None:
        """The ``Content-Type`` the server sent, parameters included (``image/png``)."""
        content_type: str | None = self.http_response.headers.get("content-type")
        return content_type

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    def iter_bytes(self, chunk_size: int = 65536) -> Iterator[bytes]:
        """The body in pieces of at most ``chunk_size`` bytes."""
        content = self.content
        for start in range(0, len(content), chunk_size):
            yield content[start : start + chunk_size]

    def write_to_file(self, path: str | os.PathLike[str]) -> None:
        """Write the body to ``path`` (replacing the file)."""
        with open(path, "wb") as file:
            file.write(self.content)

    def __len__(self) -> int:
        return len(self.content)

    def __repr__(self) -> str:
        return f"<BinaryResponse {self.content_type or 'no content-type'} {len(self.content)} bytes>"


def to_raw_response_wrapper(func: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    """``func`` with the same parameters, returning an :class:`APIResponse` of its result."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        token = _raw_response_mode.set(True)
        try:
            return cast("APIResponse[R]", func(*args, **kwargs))
        finally:
            _raw_response_mode.reset(token)

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[APIResponse[R]]]:
    """Async form of :func:`to_raw_response_wrapper`."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        token = _raw_response_mode.set(True)
        try:
            return cast("APIResponse[R]", await func(*args, **kwargs))
        finally:
            _raw_response_mode.reset(token)

    return wrapped
