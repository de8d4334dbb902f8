"""Server-sent events: an incremental parser and the iterators a streaming method returns.

A method whose response is ``text/event-stream`` returns a :class:`Stream` (sync) or an
:class:`AsyncStream` as soon as the response headers arrive; the body is read only while the
caller iterates, one network chunk at a time, so each event is yielded the moment its closing
blank line arrives. Iterating yields each event's ``data`` parsed as JSON into the event type
the API declares (``str`` types get the data as it is; ``ServerSentEvent`` the events
themselves); ``events()`` yields the :class:`ServerSentEvent` objects instead.

Parsing follows the WHATWG HTML "event stream interpretation": lines end in CRLF, LF or CR (also
when a CRLF is split across two chunks); a leading BOM is dropped; ``:`` lines are comments;
``data`` lines of one event are joined with ``\\n``; ``event`` names the event (default
``message``); ``id`` sets the last event ID (kept across events; ignored if it contains NUL);
``retry`` takes ASCII digits only; unknown fields are ignored; an event without ``data`` is not
dispatched; an unfinished event at the end of the body is discarded, as the standard says.

The stream ends at the end of the body or at an event whose data is exactly ``[DONE]`` (the
sentinel OpenAI-style APIs send; it is not yielded). An event named ``error`` (``event: error``,
how OpenAI-style APIs report a failure after the 200 was sent) raises :class:`APIError` from the
iteration, its ``body`` the event's data (parsed when it is JSON) and its message the server's
own words from it; the connection is closed. Leaving a ``with`` block, ``close()``, a
``break`` followed by ``close()``, or reaching the end closes the connection. A connection lost
mid-stream raises :class:`APIConnectionError` (:class:`APITimeoutError` for a read timeout) from
the iteration; nothing is retried once the stream is handed over, and there is no automatic
reconnection: ``last_event_id`` and ``retry`` are what a caller needs to resume.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncGenerator,
    AsyncIterator,
    Generator,
    Generic,
    Iterator,
    TypeVar,
    cast,
)

from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    describe_error_body,
)

if TYPE_CHECKING:
    import httpx
    from typing_extensions import Self

__all__ = ["DONE", "ServerSentEvent", "SSEDecoder", "Stream", "AsyncStream"]

T = TypeVar("T")

DONE = "[DONE]"
"""Event data that ends a stream."""

_LINE_END = re.compile(r"\r\n|\r|\n")
_PREVIEW = 200


@dataclass(frozen=True)
class ServerSentEvent:
    """One dispatched event, as the server sent it."""

    event: str = "message"
    data: str = ""
    id: str | None = None
    """The last event ID at the time of this event (``None`` until the server sends one)."""
    retry: int | None = None
    """The reconnection time in milliseconds the server last asked for, if any."""

    def json(self) -> Any:
        return json.loads(self.data)


class SSEDecoder:
    """Bytes in, events out, incrementally: ``feed()`` each chunk as it arrives."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._at_start = True
        self._line: list[str] = []  # pieces of the line not yet ended
        # A chunk that ended in CR may be half of a CRLF: the LF opening the next chunk is skipped.
        self._after_cr = False
        self._data: list[str] = []
        self._event = ""
        self.last_event_id: str | None = None
        self.retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        text = self._decoder.decode(chunk)
        if self._at_start and text:
            self._at_start = False
            text = text.removeprefix("\ufeff")
        if self._after_cr and text:
            self._after_cr = False
            text = text.removeprefix("\n")
        events: list[ServerSentEvent] = []
        start = 0
        for end in _LINE_END.finditer(text):
            self._line.append(text[start : end.start()])
            start = end.end()
            self._after_cr = end.group() == "\r" and start == len(text)
            event = self._take_line("".join(self._line))
            self._line.clear()
            if event is not None:
                events.append(event)
        if start < len(text):
            self._line.append(text[start:])
        return events

    def _take_line(self, line: str) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self.last_event_id = value
        elif name == "retry":
            if value.isascii() and value.isdigit():
                self.retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        data, event = self._data, self._event
        self._data, self._event = [], ""
        if not data:
            return None
        return ServerSentEvent(
            event=event or "message",
            data="\n".join(data),
            id=self.last_event_id,
            retry=self.retry,
        )


class _StreamBase(Generic[T]):
    response: httpx.Response

    def __init__(self, *, response: httpx.Response, cast_to: Any, strict: bool) -> None:
        self.response = response
        self._cast_to = cast_to
        self._strict = strict
        self._decoder = SSEDecoder()
        self._received = 0

    @property
    def last_event_id(self) -> str | None:
        """The last event ID the server sent (``Last-Event-ID`` for a reconnection)."""
        return self._decoder.last_event_id

    @property
    def retry(self) -> int | None:
        """The reconnection time in milliseconds the server asked for, if any."""
        return self._decoder.retry

    def _where(self) -> str:
        request = self.response.request
        return f"the {request.method} {request.url.path} stream"

    def _lost(self, exc: Exception) -> Exception:
        """The client's error for a transport failure mid-stream (same tree as a failed call)."""
        import httpx

        request = self.response.request
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(request)
        return APIConnectionError(
            message=(
                f"Connection lost after {self._received} event(s) of {self._where()}: "
                f"{type(exc).__name__}: {exc}"
            ),
            request=request,
        )

    def _error_event(self, event: ServerSentEvent) -> APIError:
        try:
            body: object = json.loads(event.data)
        except ValueError:
            body = event.data
        detail = describe_error_body(body) or "no details"
        error = APIError(
            f"The server sent an error event in {self._where()}: {detail}",
            self.response.request,
            body=body,
        )
        error.response = self.response
        return error

    def _convert(self, event: ServerSentEvent) -> T:
        if self._cast_to is ServerSentEvent:
            return cast(T, event)
        if self._cast_to is str:
            return cast(T, event.data)
        named = f"event {self._received} ({event.event!r}" + (
            f", id {event.id!r})" if event.id else ")"
        )
        data = self._json(event, named)
        import pydantic

        from ._models import parse_data

        try:
            return cast(T, parse_data(data, self._cast_to, strict=self._strict))
        except pydantic.ValidationError as exc:
            name = getattr(self._cast_to, "__name__", self._cast_to)
            raise APIResponseValidationError(
                self.response,
                data,
                message=f"The data of {named} of {self._where()} is not a valid {name}: {exc}",
            ) from exc

    def _json(self, event: ServerSentEvent, named: str) -> object:
        try:
            return json.loads(event.data)
        except ValueError as exc:
            preview = event.data[:_PREVIEW] + (
                "..." if len(event.data) > _PREVIEW else ""
            )
            raise APIResponseValidationError(
                self.response,
                event.data,
                message=(
                    f"The data of {named} of {self._where()} is not valid JSON ({exc}); "
                    f"data starts: {preview!r}"
                ),
            ) from None

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} {self._where()}, {self._received} event(s) so far>"
        )


class Stream(_StreamBase[T]):
    """The events of a ``text/event-stream`` response; iterate it, ideally inside ``with``."""

    def __init__(self, *, response: httpx.Response, cast_to: Any, strict: bool) -> None:
        super().__init__(response=response, cast_to=cast_to, strict=strict)
        self._events = self._read_events()
        self._items = (self._convert(event) for event in self._events)

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        return next(self._items)

    def events(self) -> Iterator[ServerSentEvent]:
        """The events as sent, untyped; shares its position with iterating the stream itself."""
        return self._events

    def _read_events(self) -> Generator[ServerSentEvent, None, None]:
        import httpx

        try:
            for chunk in self.response.iter_bytes():
                for event in self._decoder.feed(chunk):
                    if event.data == DONE:
                        return
                    if event.event == "error":
                        raise self._error_event(event)
                    self._received += 1
                    yield event
        except httpx.TransportError as exc:
            raise self._lost(exc) from exc
        finally:
            self.response.close()

    def close(self) -> None:
        """Stop reading and close the connection (further iteration yields nothing)."""
        self._items.close()
        self._events.close()
        self.response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncStream(_StreamBase[T]):
    """Async form of :class:`Stream`: ``async for`` it, ideally inside ``async with``."""

    def __init__(self, *, response: httpx.Response, cast_to: Any, strict: bool) -> None:
        super().__init__(response=response, cast_to=cast_to, strict=strict)
        self._events = self._read_events()
        self._items = self._typed()

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        return await self._items.__anext__()

    def events(self) -> AsyncIterator[ServerSentEvent]:
        """The events as sent, untyped; shares its position with iterating the stream itself."""
        return self._events

    async def _typed(self) -> AsyncGenerator[T, None]:
        async for event in self._events:
            yield self._convert(event)

    async def _read_events(self) -> AsyncGenerator[ServerSentEvent, None]:
        import httpx

        try:
            async for chunk in self.response.aiter_bytes():
                for event in self._decoder.feed(chunk):
                    if event.data == DONE:
                        return
                    if event.event == "error":
                        raise self._error_event(event)
                    self._received += 1
                    yield event
        except httpx.TransportError as exc:
            raise self._lost(exc) from exc
        finally:
            await self.response.aclose()

    async def close(self) -> None:
        """Stop reading and close the connection (further iteration yields nothing)."""
        await self._items.aclose()
        await self._events.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
