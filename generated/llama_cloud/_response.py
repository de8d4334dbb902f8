"""Turning an HTTP response into the declared result; raw and streamed responses.

``resource.with_raw_response.method(...)`` returns an :class:`APIResponse` (status, headers, the
``httpx.Response``, body read) instead of the parsed value; ``.parse()`` gives the value.
``with resource.with_streaming_response.method(...) as response`` gives a
:class:`StreamedAPIResponse` as soon as the status and headers arrive, body unread: iterate it
(``iter_bytes()``), write it to disk (``stream_to_file()``) or read and ``parse()`` it; leaving
the block closes the connection. Async clients give :class:`AsyncStreamedAPIResponse` (``async
with``; its reads are awaited). Both work for every generated method without per-operation code:
the wrapper sets a context variable for the duration of the call and the client's ``request()``
returns the response object while it is set. Context variables follow ``await``, so the async
wrappers need nothing more; a nested call made by the method itself never sees the flag because
``request()`` consumes it.
"""

from __future__ import annotations

import contextvars
import functools
import io
import json
import os
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Generic,
    Iterator,
    Literal,
    ParamSpec,
    TypeVar,
    cast,
)

from ._exceptions import APIResponseValidationError

if TYPE_CHECKING:
    import httpx

__all__ = [
    "APIResponse",
    "StreamedAPIResponse",
    "AsyncStreamedAPIResponse",
    "ResponseContextManager",
    "AsyncResponseContextManager",
    "BinaryResponse",
    "to_raw_response_wrapper",
    "async_to_raw_response_wrapper",
    "to_streamed_response_wrapper",
    "async_to_streamed_response_wrapper",
    "parse_response",
]

P = ParamSpec("P")
R = TypeVar("R")
_Resp = TypeVar("_Resp", bound="StreamedAPIResponse[Any]")
_AsyncResp = TypeVar("_AsyncResp", bound="AsyncStreamedAPIResponse[Any]")

ResponseMode = Literal["parsed", "raw", "stream"]
REQUEST_ID_HEADER = "x-request-id"

_response_mode: contextvars.ContextVar[ResponseMode] = contextvars.ContextVar(
    "_response_mode", default="parsed"
)


def take_response_mode() -> ResponseMode:
    """What this call returns: the parsed value, an :class:`APIResponse` (``raw``) or a
    streamed response (``stream``); resets the flag (it applies once)."""
    mode = _response_mode.get()
    if mode != "parsed":
        _response_mode.set("parsed")
    return mode


def in_response_mode(
    mode: ResponseMode, func: Callable[P, R], *args: P.args, **kwargs: P.kwargs
) -> R:
    """``func(*args, **kwargs)`` called in ``mode`` (for a caller that took the mode and hands
    the request on, as a paginated method's first page does)."""
    token = _response_mode.set(mode)
    try:
        return func(*args, **kwargs)
    finally:
        _response_mode.reset(token)


async def async_in_response_mode(
    mode: ResponseMode,
    func: Callable[P, Awaitable[R]],
    *args: P.args,
    **kwargs: P.kwargs,
) -> R:
    """Async form of :func:`in_response_mode`: the mode holds while the call is awaited."""
    token = _response_mode.set(mode)
    try:
        return await func(*args, **kwargs)
    finally:
        _response_mode.reset(token)


def read_body(response: httpx.Response) -> None:
    """Read the whole body into ``response`` with one copy of it in memory at a time.

    httpx's ``read()`` joins a list of the chunks, so a 20 MiB download peaks at 40 MiB; a
    ``BytesIO`` grows in place and hands its buffer over without copying. The body is stored
    where ``read()`` would store it (``_content``, the same in every httpx 0.23 - 0.28), so
    ``content``, ``text`` and ``read()`` then behave as after httpx's own read.
    """
    if hasattr(response, "_content"):
        return
    buffer = io.BytesIO()
    for chunk in response.iter_bytes():
        buffer.write(chunk)
    response._content = buffer.getvalue()


async def aread_body(response: httpx.Response) -> None:
    """Async form of :func:`read_body`."""
    if hasattr(response, "_content"):
        return
    buffer = io.BytesIO()
    async for chunk in response.aiter_bytes():
        buffer.write(chunk)
    response._content = buffer.getvalue()


def request_id_of(response: httpx.Response) -> str | None:
    request_id: str | None = response.headers.get(REQUEST_ID_HEADER)
    return request_id


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

    from ._models import BaseModel, parse_data

    try:
        result = parse_data(data, cast_to, strict=strict)
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
    if isinstance(result, BaseModel):
        # Set beside pydantic's private storage, not in it: not a field, so never serialised,
        # and two results equal but for their request ids still compare equal.
        object.__setattr__(result, "_request_id", request_id_of(response))
    return result


class _ResponseInfo:
    """What every response object tells without reading the body."""

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
        self._parsed: Any = None
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
    def request_id(self) -> str | None:
        """The ``x-request-id`` the server sent (quote it when reporting a problem)."""
        return request_id_of(self.http_response)

    def _is_event_stream(self) -> bool:
        return self._stream_to is not None and (
            self._kind == "sse" or is_event_stream(self.http_response)
        )

    def _parse_read(self) -> Any:
        """``parse()`` once the body is read (an event stream is never read beforehand)."""
        if not self._is_parsed:
            self._parsed = parse_response(
                self.http_response,
                self._cast_to,
                strict=self._strict,
                kind=self._kind,
                stream_to=self._stream_to,
                is_async=self._is_async,
            )
            self._is_parsed = True
        return self._parsed

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}] {self.method} {self.url.path}>"


class APIResponse(_ResponseInfo, Generic[R]):
    """A completed response, body read; ``parse()`` gives the method's usual result."""

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
            read_body(self.http_response)

    def parse(self) -> R:
        return cast(R, self._parse_read())


class StreamedAPIResponse(_ResponseInfo, Generic[R]):
    """A response whose body is read only as asked: by the chunk (``iter_bytes()``), to a file
    (``stream_to_file()``), or whole (``read()``, ``text()``, ``json()``, ``parse()``).

    Given by ``with_streaming_response``; the ``with`` block closes the connection. A body is
    read once: after iterating it, ``read()`` and ``parse()`` have nothing left to read.
    """

    def read(self) -> bytes:
        """The whole body (read now if it was not)."""
        read_body(self.http_response)
        return self.http_response.content

    def text(self) -> str:
        self.read()
        return self.http_response.text

    def json(self) -> Any:
        self.read()
        return _decode_json(self.http_response)

    def parse(self) -> R:
        """The method's usual result; an event stream is returned unread, to iterate."""
        if not self._is_event_stream():
            self.read()
        return cast(R, self._parse_read())

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body as it arrives, decoded (gzip...), in pieces of ``chunk_size`` if given."""
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.http_response.iter_lines()

    def stream_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        """Write the body to ``file`` (replacing it) as it arrives: memory stays at a chunk."""
        with open(file, "wb") as out:
            for chunk in self.http_response.iter_bytes(chunk_size):
                out.write(chunk)

    def close(self) -> None:
        """Close the connection (the ``with`` block does it on leaving)."""
        self.http_response.close()


class AsyncStreamedAPIResponse(_ResponseInfo, Generic[R]):
    """Async form of :class:`StreamedAPIResponse`: reads are awaited, iterators are async."""

    async def read(self) -> bytes:
        await aread_body(self.http_response)
        return self.http_response.content

    async def text(self) -> str:
        await self.read()
        return self.http_response.text

    async def json(self) -> Any:
        await self.read()
        return _decode_json(self.http_response)

    async def parse(self) -> R:
        if not self._is_event_stream():
            await self.read()
        return cast(R, self._parse_read())

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return self.http_response.aiter_bytes(chunk_size)

    aiter_bytes = iter_bytes

    def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        return self.http_response.aiter_text(chunk_size)

    def iter_lines(self) -> AsyncIterator[str]:
        return self.http_response.aiter_lines()

    async def stream_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        """Write the body to ``file`` as it arrives, without blocking the event loop."""
        # anyio runs each write in a worker thread, under asyncio and trio alike.
        import anyio

        async with await anyio.open_file(file, "wb") as out:
            async for chunk in self.http_response.aiter_bytes(chunk_size):
                await out.write(chunk)

    async def close(self) -> None:
        await self.http_response.aclose()


class ResponseContextManager(Generic[_Resp]):
    """Sends the request on entering, closes the response on leaving."""

    def __init__(self, send: Callable[[], _Resp]) -> None:
        self._send = send
        self._response: _Resp | None = None

    def __enter__(self) -> _Resp:
        self._response = self._send()
        return self._response

    def __exit__(self, *exc_info: object) -> None:
        if self._response is not None:
            self._response.close()


class AsyncResponseContextManager(Generic[_AsyncResp]):
    """Async form of :class:`ResponseContextManager` (``async with``)."""

    def __init__(self, send: Callable[[], Awaitable[_AsyncResp]]) -> None:
        self._send = send
        self._response: _AsyncResp | None = None

    async def __aenter__(self) -> _AsyncResp:
        self._response = await self._send()
        return self._response

    async def __aexit__(self, *exc_info: object) -> None:
        if self._response is not None:
            await self._response.close()


class BinaryResponse:
    """The body of a binary response (a file, an image, audio...), read in full.

    For a body too large to hold, use ``with_streaming_response`` and ``stream_to_file()``.
    """

    http_response: httpx.Response

    def __init__(self, http_response: httpx.Response) -> None:
        self.http_response = http_response

    @property
    def content(self) -> bytes:
        if not self.http_response.is_stream_consumed:
            read_body(self.http_response)
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

    @property
    def request_id(self) -> str | None:
        return request_id_of(self.http_response)

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
        return cast("APIResponse[R]", in_response_mode("raw", func, *args, **kwargs))

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[APIResponse[R]]]:
    """Async form of :func:`to_raw_response_wrapper`."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        result = await async_in_response_mode("raw", func, *args, **kwargs)
        return cast("APIResponse[R]", result)

    return wrapped


def to_streamed_response_wrapper(
    func: Callable[P, R],
) -> Callable[P, ResponseContextManager[StreamedAPIResponse[R]]]:
    """``func`` with the same parameters, returning a context manager that gives a
    :class:`StreamedAPIResponse` of its result (the request is sent on entering)."""

    @functools.wraps(func)
    def wrapped(
        *args: P.args, **kwargs: P.kwargs
    ) -> ResponseContextManager[StreamedAPIResponse[R]]:
        def send() -> StreamedAPIResponse[R]:
            result = in_response_mode("stream", func, *args, **kwargs)
            return cast("StreamedAPIResponse[R]", result)

        return ResponseContextManager(send)

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, AsyncResponseContextManager[AsyncStreamedAPIResponse[R]]]:
    """Async form of :func:`to_streamed_response_wrapper` (``async with``)."""

    @functools.wraps(func)
    def wrapped(
        *args: P.args, **kwargs: P.kwargs
    ) -> AsyncResponseContextManager[AsyncStreamedAPIResponse[R]]:
        async def send() -> AsyncStreamedAPIResponse[R]:
            result = await async_in_response_mode("stream", func, *args, **kwargs)
            return cast("AsyncStreamedAPIResponse[R]", result)

        return AsyncResponseContextManager(send)

    return wrapped
