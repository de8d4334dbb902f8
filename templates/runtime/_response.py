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
from typing import (
    TYPE_CHECKING,
    Any,
    Awaitable,
    Callable,
    Generic,
    ParamSpec,
    TypeVar,
    cast,
)

from ._exceptions import APIResponseValidationError

if TYPE_CHECKING:
    import httpx

__all__ = [
    "APIResponse",
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


def parse_response(response: httpx.Response, cast_to: Any, *, strict: bool) -> Any:
    """The 2xx body as ``cast_to``; raises :class:`APIResponseValidationError` when it can't be."""
    import httpx

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
    ) -> None:
        self.http_response = http_response
        self.retries_taken = retries_taken
        self._cast_to = cast_to
        self._strict = strict
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
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def json(self) -> Any:
        return _decode_json(self.http_response)

    def parse(self) -> R:
        if not self._is_parsed:
            self._parsed = cast(
                R,
                parse_response(self.http_response, self._cast_to, strict=self._strict),
            )
            self._is_parsed = True
        return cast(R, self._parsed)

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] {self.method} {self.url.path}>"


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
