"""The clients: request building, retries and error mapping, with thin sync and async I/O loops.

Everything that decides something is pure and lives in module functions or :class:`BaseClient`
(no I/O): building the request from an :class:`~._operation.Operation` and the caller's
arguments, whether and when to retry, which error a status maps to, how a body is parsed.
:class:`SyncAPIClient` and :class:`AsyncAPIClient` only send, sleep and loop.

Retries
    Retried: connection errors, timeouts, and the statuses 408, 409, 429 and >= 500. Never
    retried: any other 4xx. A response header ``x-should-retry: true|false`` overrides the status.
    Waits: the server's ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date) when it is
    in (0, 60] s; otherwise exponential backoff ``0.5 s * 2**n`` capped at 8 s, minus up to 25 %
    random jitter (so many clients that failed together do not retry together). Each attempt sends
    ``x-retry-count: <n>``. An event stream is retried only until its status and headers arrive:
    once the stream is handed to the caller, a failure raises from the iteration instead.

Timeouts and the longest a call can take
    ``timeout`` (default 60 s, 5 s to connect) applies to each attempt the way httpx applies it:
    ``connect`` to opening the connection, ``read``/``write`` to each network read/write (the gap
    between bytes, not the whole body), ``pool`` to waiting for a free connection. A call makes at
    most ``max_retries + 1`` attempts (default 3), so for a server that accepts the connection and
    then says nothing it ends after at most::

        (max_retries + 1) * (connect + read) + sum of the waits
        = 3 * (5 s + 60 s) + (0.5 s + 1 s)  = 196.5 s  with the defaults and no Retry-After,

    and each wait can grow to 60 s when the server asks for it (3 * 65 s + 2 * 60 s = 315 s).
    A server that trickles bytes slower than ``read`` apart is not bounded by this; pass an
    ``httpx.Timeout`` or a smaller ``timeout`` to bound it.

Connections
    One connection pool per client (at most 100 connections; idle ones close after 5 s);
    copies made with ``with_options()`` share it. ``close()`` (or leaving a ``with`` block)
    closes the pool if the client created it; an ``http_client`` you pass in is yours to close.
"""

from __future__ import annotations

import base64
import datetime as _dt
import enum
import functools
import json
import logging
import os
import time
from typing import (
    TYPE_CHECKING,
    Any,
    Iterable,
    Mapping,
    NamedTuple,
    TypeVar,
    Union,
    cast,
)
from urllib.parse import quote

import httpx

from ._constants import (
    API_KEY_ENV,
    AUTH_PARAM,
    AUTH_SCHEME,
    AUTH_SCHEMES,
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    SDK_TITLE,
)
from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    SDKError,
    UnprocessableEntityError,
    describe_error_body,
)
from ._body import encode_body
from ._logs import logger, redact_headers, redact_url, setup_logging
from ._operation import Operation, Param
from ._response import (
    APIResponse,
    AsyncStreamedAPIResponse,
    ResponseMode,
    StreamedAPIResponse,
    aread_body,
    is_event_stream,
    parse_response,
    read_body,
    take_response_mode,
)
from . import _styles
from ._types import NotGiven, Omit, RequestOptions, not_given
from ._version import __version__

if TYPE_CHECKING:
    import ssl

    from typing_extensions import Self

__all__ = [
    "DEFAULT_TIMEOUT",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_CONNECTION_LIMITS",
    "RETRY_COUNT_HEADER",
    "BaseClient",
    "SyncAPIClient",
    "AsyncAPIClient",
    "build_url",
    "encode_query",
    "should_retry",
    "retry_after_seconds",
    "retry_delay",
    "make_status_error",
]

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
# Idle connections may all stay open (httpx closes them after 5 s idle): with fewer kept
# alive, a burst of requests closes and reopens connections it is about to reuse.
DEFAULT_CONNECTION_LIMITS = httpx.Limits(
    max_connections=100, max_keepalive_connections=100
)
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
RETRY_COUNT_HEADER = "x-retry-count"

T = TypeVar("T")
# What a generated method's ``locals()`` holds besides its parameters.
_METHOD_LOCALS = frozenset({"self", "options"})
_OPTIONS = frozenset(RequestOptions.__annotations__)

_RETRYABLE_STATUSES = frozenset({408, 409, 429})
_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}

TimeoutArg = Union[float, httpx.Timeout, None]


# --------------------------------------------------------------------------- value encoding


def to_jsonable(value: object) -> object:
    """``value`` as plain JSON data: models by alias, dates as ISO 8601, enums by value."""
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    model_dump = getattr(value, "model_dump", None)
    if callable(model_dump) and not isinstance(value, type):
        return model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(item) for item in value]
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


class _Styled(NamedTuple):
    """An operation's own query argument, written the way its parameter says (``extra_query`` and
    ``default_query`` values have no declared style)."""

    value: object
    param: Param


def _query_items(key: str, value: object) -> list[str]:
    if isinstance(value, Omit):
        return []
    if isinstance(value, _Styled):
        param = value.param
        style, explode = _styles.resolve("query", param.style, param.explode)
        data = to_jsonable(value.value)
        return _styles.query_items(
            key, data, style, explode, param.allow_reserved, param.content_type
        )
    return _styles.loose_query_items(key, to_jsonable(value))


def encode_query(*sources: Iterable[tuple[str, object]]) -> str:
    """The percent-encoded query string of ``sources`` in order; a key in a later source replaces
    earlier values.

    ``None`` or ``omit`` as a value in a later source removes the key.
    """
    merged: dict[str, list[str]] = {}
    for source in sources:
        for key, value in source:
            merged[key] = _query_items(key, value)
    return "&".join(piece for pieces in merged.values() for piece in pieces)


# How the one credential can travel (see the generated _constants.AUTH_SCHEME).
_AUTH_SCHEMES = frozenset({"bearer", "basic", "header", "query", "cookie", "none"})


def _place(
    kind: str,
    param: str,
    value: str,
    headers: dict[str, str],
    query: list[tuple[str, object]],
    cookies: list[str],
) -> None:
    """Put one credential where its scheme says."""
    if kind == "bearer":
        headers["Authorization"] = f"Bearer {value}"
    elif kind == "basic":
        token = base64.b64encode(value.encode("utf-8")).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    elif kind == "header":
        headers[param] = value
    elif kind == "query":
        query.append((param, value))
    elif kind == "cookie":
        cookies.append(f"{param}={quote(value, safe=_styles.COOKIE_SAFE)}")


def build_url(
    base_url: httpx.URL, op: Operation[Any], args: Mapping[str, object]
) -> httpx.URL:
    """``base_url`` plus the operation's path with each path parameter written in its style."""
    path = op.path
    for param in op.params:
        if param.location != "path":
            continue
        value = args.get(param.name, not_given)
        data = None if isinstance(value, (Omit, NotGiven)) else to_jsonable(value)
        # Nothing to put in the segment: the request would reach another route.
        if data is None or data == "" or data == [] or data == {}:
            raise ValueError(
                f"Expected a non-empty value for `{param.name}` but received {value!r}"
            )
        style, explode = _styles.resolve("path", param.style, param.explode)
        text = _styles.path_value(param.wire, data, style, explode, param.content_type)
        path = path.replace("{" + param.wire + "}", text)
    base = str(base_url.copy_with(query=None, fragment=None)).rstrip("/")
    return httpx.URL(base + path)


# --------------------------------------------------------------------------- retries


def should_retry(response: httpx.Response) -> bool:
    override = response.headers.get("x-should-retry", "").strip().lower()
    if override == "true":
        return True
    if override == "false":
        return False
    status = response.status_code
    return status in _RETRYABLE_STATUSES or status >= 500


def retry_after_seconds(
    headers: httpx.Headers | None, *, now: float | None = None
) -> float | None:
    """What the server asked us to wait, from ``retry-after-ms`` or ``Retry-After``; else None."""
    if headers is None:
        return None
    retry_after_ms = headers.get("retry-after-ms")
    if retry_after_ms is not None:
        try:
            return float(retry_after_ms) / 1000.0
        except ValueError:
            pass
    retry_after = headers.get("retry-after")
    if retry_after is None:
        return None
    try:
        return float(retry_after)
    except ValueError:
        pass
    # Only servers that send a date pay for importing the date parser.
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(retry_after)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    return when.timestamp() - (time.time() if now is None else now)


def retry_delay(
    retries_taken: int,
    headers: httpx.Headers | None,
    *,
    initial: float = INITIAL_RETRY_DELAY,
    maximum: float = MAX_RETRY_DELAY,
) -> float:
    """Seconds to wait before retry number ``retries_taken + 1``."""
    asked = retry_after_seconds(headers)
    if asked is not None and 0 < asked <= MAX_RETRY_AFTER:
        return asked
    import random

    backoff = min(initial * 2.0**retries_taken, maximum)
    return backoff * (1.0 - 0.25 * random.random())


def streams_body(
    op: Operation[Any], response: httpx.Response, mode: ResponseMode = "parsed"
) -> bool:
    """Whether the call hands the body over unread: a successful event stream, or any
    successful response asked for with ``with_streaming_response``."""
    if not response.is_success:
        return False
    if mode == "stream":
        return True
    if op.stream_to is None:
        return False
    return op.response == "sse" or is_event_stream(response)


# --------------------------------------------------------------------------- errors


def _error_body(response: httpx.Response) -> object:
    if not response.content:
        return None
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return response.text


def make_status_error(response: httpx.Response) -> APIStatusError:
    body = _error_body(response)
    status = response.status_code
    detail = describe_error_body(body)
    message = f"Error code: {status} {response.reason_phrase}".rstrip()
    if detail:
        message += f" - {detail}"
    error_class = _STATUS_ERRORS.get(status)
    if error_class is None:
        error_class = InternalServerError if status >= 500 else APIStatusError
    return error_class(message, response=response, body=body)


# --------------------------------------------------------------------------- the client


class _Prepared(NamedTuple):
    """The parts of a request that stay the same across its attempts."""

    method: str
    # With its query already encoded: httpx's own params encoding would re-encode the
    # delimiters the parameter styles chose (``a,b`` would become ``a%2Cb``).
    url: httpx.URL
    headers: list[tuple[str, str]]
    removed_headers: frozenset[str]
    content: bytes | None
    timeout: httpx.Timeout


class _RetryIn(NamedTuple):
    seconds: float


@functools.lru_cache(maxsize=1)
def _shared_ssl_context() -> ssl.SSLContext | None:
    # Building a verifying SSL context (loading the CA bundle) costs ~100 ms; httpx would do it
    # for every client. Every client of this package shares one; SSLContext is thread-safe.
    create = getattr(httpx, "create_ssl_context", None)  # public since httpx 0.28
    return cast("ssl.SSLContext", create()) if create is not None else None


def _http_client_kwargs(timeout: httpx.Timeout) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "timeout": timeout,
        "limits": DEFAULT_CONNECTION_LIMITS,
        "follow_redirects": True,
    }
    context = _shared_ssl_context()
    if context is not None:
        kwargs["verify"] = context
    return kwargs


def _coerce_timeout(timeout: TimeoutArg) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    return httpx.Timeout(timeout)


class BaseClient:
    """Configuration and every decision a request needs; no I/O.

    ``_initial_retry_delay`` and ``_max_retry_delay`` scale the backoff (tests make them tiny).
    """

    _initial_retry_delay: float = INITIAL_RETRY_DELAY
    _max_retry_delay: float = MAX_RETRY_DELAY
    _is_async: bool = False

    api_key: str | None
    base_url: httpx.URL
    timeout: httpx.Timeout
    max_retries: int
    strict_response_validation: bool

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | httpx.URL | None,
        timeout: TimeoutArg | NotGiven,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, object] | None,
        strict_response_validation: bool,
        http_client_timeout: httpx.Timeout | None,
        credentials: Mapping[str, str | None] | None = None,
    ) -> None:
        setup_logging()
        if AUTH_SCHEME not in _AUTH_SCHEMES:
            raise SDKError(f"Unsupported auth scheme {AUTH_SCHEME!r} in _constants.py")
        unknown = set(credentials or {}) - set(AUTH_SCHEMES) | (
            {"api_key"} & set(credentials or {})
        )
        if unknown:
            raise TypeError(f"unknown credentials {sorted(unknown)}")
        if api_key is None:
            api_key = os.environ.get(API_KEY_ENV) or None
        # Each further scheme's credential: the argument, else its environment variable.
        self._credentials: dict[str, str | None] = {"api_key": api_key}
        for argument, (_, _, env) in AUTH_SCHEMES.items():
            if argument != "api_key":
                given = (credentials or {}).get(argument)
                self._credentials[argument] = given or os.environ.get(env) or None
        if AUTH_SCHEME != "none" and not any(self._credentials.values()):
            if len(AUTH_SCHEMES) > 1:
                names = " or ".join(AUTH_SCHEMES)
                envs = " or ".join(env for _, _, env in AUTH_SCHEMES.values())
                raise SDKError(
                    f"No credential is set: pass {names} to {type(self).__name__}(...) "
                    f"or set {envs}"
                )
            raise SDKError(
                f"The api_key client option must be set either by passing api_key to "
                f"{type(self).__name__}(...) or by setting the {API_KEY_ENV} environment variable"
            )
        if base_url is None:
            base_url = os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
        if (
            isinstance(max_retries, bool)
            or not isinstance(max_retries, int)
            or max_retries < 0
        ):
            raise ValueError(
                f"max_retries must be a non-negative int, got {max_retries!r}"
            )
        self.api_key = api_key
        self.base_url = httpx.URL(base_url)
        if isinstance(timeout, NotGiven):
            # A client brought with its own timeout keeps it unless one is passed here.
            self.timeout = (
                http_client_timeout
                if http_client_timeout is not None
                else DEFAULT_TIMEOUT
            )
        else:
            self.timeout = _coerce_timeout(timeout)
        self.max_retries = max_retries
        self.strict_response_validation = strict_response_validation
        self._custom_headers: dict[str, str] = dict(default_headers or {})
        self._custom_query: dict[str, object] = dict(default_query or {})

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={str(self.base_url)!r}>"

    # -- request building

    @property
    def user_agent(self) -> str:
        # The title is spec text: keep only token characters, so it can never break the header.
        product = "".join(
            c if c.isascii() and (c.isalnum() or c in "!#$%&'*+.^_`|~-") else "-"
            for c in SDK_TITLE
        )
        return f"{product.strip('-') or 'SDK'}/Python {__version__}"

    @property
    def auth_headers(self) -> dict[str, str]:
        if not self.api_key:
            return {}
        if AUTH_SCHEME == "bearer":
            return {"Authorization": f"Bearer {self.api_key}"}
        if AUTH_SCHEME == "basic":
            # The one credential is "user:password", as curl's -u takes it.
            token = base64.b64encode(self.api_key.encode("utf-8")).decode("ascii")
            return {"Authorization": f"Basic {token}"}
        if AUTH_SCHEME == "header":
            return {AUTH_PARAM: self.api_key}
        return {}

    @property
    def auth_query(self) -> list[tuple[str, object]]:
        return (
            [(AUTH_PARAM, self.api_key)]
            if AUTH_SCHEME == "query" and self.api_key
            else []
        )

    @property
    def auth_cookies(self) -> list[str]:
        if AUTH_SCHEME != "cookie" or not self.api_key:
            return []
        return [f"{AUTH_PARAM}={quote(self.api_key, safe=_styles.COOKIE_SAFE)}"]

    def _auth_for(
        self, op: Operation[Any]
    ) -> tuple[dict[str, str], list[tuple[str, object]], list[str]]:
        """The headers, query items and cookies carrying ``op``'s credentials: those of the first
        requirement set whose credentials are all configured (none when no set is)."""
        if op.security is None:
            return self.auth_headers, self.auth_query, self.auth_cookies
        for required in op.security:
            values = [self._credentials.get(argument) for argument in required]
            if all(values):
                headers: dict[str, str] = {}
                query: list[tuple[str, object]] = []
                cookies: list[str] = []
                for argument, value in zip(required, values):
                    assert value is not None
                    kind, param, _ = AUTH_SCHEMES[argument]
                    _place(kind, param, value, headers, query, cookies)
                return headers, query, cookies
        return {}, [], []

    @property
    def default_headers(self) -> dict[str, str]:
        return {
            "Accept": "application/json",
            "User-Agent": self.user_agent,
            **self.auth_headers,
            **self._custom_headers,
        }

    @property
    def default_query(self) -> dict[str, object]:
        return dict(self._custom_query)

    def _prepare(self, op: Operation[Any], args: Mapping[str, object]) -> _Prepared:
        options = cast(RequestOptions, args.get("options") or {})
        unknown = (set(args) - _METHOD_LOCALS - op.names) | (options.keys() - _OPTIONS)
        if unknown:
            # A method's ``**options`` takes any keyword: a misspelt argument lands here.
            raise TypeError(
                f"{op.method.upper()} {op.path} got unexpected arguments {sorted(unknown)}"
            )

        query: list[tuple[str, object]] = []
        auth_headers, auth_query, auth_cookies = self._auth_for(op)
        headers = httpx.Headers(
            {
                "Accept": "application/json",
                "User-Agent": self.user_agent,
                **auth_headers,
                **self._custom_headers,
            }
        )
        if op.accept is not None:
            headers["Accept"] = op.accept
        cookies: list[str] = list(auth_cookies)
        body: dict[str, object] = {}
        for param in op.params:
            value = args.get(param.name, not_given)
            if isinstance(value, (Omit, NotGiven)):
                continue
            if param.location == "body":
                body[param.wire] = value  # None stays: it is JSON null
            elif value is None or param.location == "path":
                continue
            elif param.location == "query":
                query.append((param.wire, _Styled(value, param)))
            else:
                _, explode = _styles.resolve(param.location, param.style, param.explode)
                if param.location == "header":
                    headers[param.wire] = _styles.header_value(
                        to_jsonable(value), explode, param.content_type
                    )
                elif param.location == "cookie":
                    cookies.extend(
                        _styles.cookie_pairs(
                            param.wire, to_jsonable(value), explode, param.content_type
                        )
                    )
        if cookies:
            existing = headers.get("cookie")
            headers["Cookie"] = "; ".join(([existing] if existing else []) + cookies)

        removed: set[str] = set()
        for key, header_value in (options.get("extra_headers") or {}).items():
            if isinstance(header_value, Omit):
                removed.add(key.lower())
                if key in headers:
                    del headers[key]
            else:
                removed.discard(key.lower())
                headers[key] = header_value

        content: bytes | None = None
        encoded = encode_body(op, body, options.get("extra_body"), to_jsonable)
        if encoded is not None:
            content = encoded.content
            if "content-type" not in headers and "content-type" not in removed:
                headers["Content-Type"] = encoded.content_type

        wanted = options.get("timeout", not_given)
        timeout = (
            self.timeout if isinstance(wanted, NotGiven) else _coerce_timeout(wanted)
        )
        query_string = encode_query(
            self._custom_query.items(),
            auth_query,
            query,
            (options.get("extra_query") or {}).items(),
        )
        url = build_url(self.base_url, op, args)
        return _Prepared(
            method=op.method.upper(),
            url=(
                url.copy_with(query=query_string.encode("ascii"))
                if query_string
                else url
            ),
            headers=headers.multi_items(),
            removed_headers=frozenset(removed),
            content=content,
            timeout=timeout,
        )

    def _build_attempt(
        self,
        http_client: httpx.Client | httpx.AsyncClient,
        prepared: _Prepared,
        retries_taken: int,
    ) -> httpx.Request:
        """The request for one attempt (only the retry-count header changes between attempts)."""
        headers = list(prepared.headers)
        names = {key.lower() for key, _ in headers} | prepared.removed_headers
        if RETRY_COUNT_HEADER not in names:
            headers.append((RETRY_COUNT_HEADER, str(retries_taken)))
        request = http_client.build_request(
            prepared.method,
            prepared.url,
            headers=headers,
            content=prepared.content,
            timeout=prepared.timeout,
        )
        # The http client adds its own defaults (e.g. its User-Agent); `omit` removes those too.
        for name in prepared.removed_headers:
            if name in request.headers:
                del request.headers[name]
        self._log_request(request, retries_taken)
        return request

    # -- decisions after an attempt

    def _retry_delay(self, retries_taken: int, headers: httpx.Headers | None) -> float:
        return retry_delay(
            retries_taken,
            headers,
            initial=self._initial_retry_delay,
            maximum=self._max_retry_delay,
        )

    def _on_response(
        self,
        op: Operation[Any],
        response: httpx.Response,
        *,
        mode: ResponseMode,
        retries_taken: int,
        started: float,
    ) -> object:
        """The call's result, a :class:`_RetryIn`, or raises the status error."""
        self._log_response(response, retries_taken, started)
        if response.is_success:
            if mode != "parsed":
                response_class: type[Any] = APIResponse
                if mode == "stream":
                    response_class = (
                        AsyncStreamedAPIResponse
                        if self._is_async
                        else StreamedAPIResponse
                    )
                return response_class(
                    http_response=response,
                    cast_to=op.cast_to,
                    strict=self.strict_response_validation,
                    retries_taken=retries_taken,
                    kind=op.response,
                    stream_to=op.stream_to,
                    is_async=self._is_async,
                )
            return parse_response(
                response,
                op.cast_to,
                strict=self.strict_response_validation,
                kind=op.response,
                stream_to=op.stream_to,
                is_async=self._is_async,
            )
        if retries_taken < self.max_retries and should_retry(response):
            delay = self._retry_delay(retries_taken, response.headers)
            self._log_retry(
                response.request, f"status {response.status_code}", retries_taken, delay
            )
            return _RetryIn(delay)
        raise make_status_error(response)

    def _on_transport_error(
        self, exc: httpx.RequestError, request: httpx.Request, retries_taken: int
    ) -> _RetryIn:
        """A :class:`_RetryIn` when another attempt is allowed, else raises the mapped error."""
        if retries_taken < self.max_retries:
            delay = self._retry_delay(retries_taken, None)
            self._log_retry(
                request, f"{type(exc).__name__}: {exc}", retries_taken, delay
            )
            return _RetryIn(delay)
        if isinstance(exc, httpx.TimeoutException):
            raise APITimeoutError(request) from exc
        raise APIConnectionError(
            message=f"Connection error: {type(exc).__name__}: {exc}", request=request
        ) from exc

    # -- logging (values pass through redaction; formatting only happens when enabled)

    def _log_request(self, request: httpx.Request, retries_taken: int) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "Request %s %s (retry %d) headers=%s",
                request.method,
                redact_url(request.url),
                retries_taken,
                redact_headers(request.headers.multi_items()),
            )

    def _log_response(
        self, response: httpx.Response, retries_taken: int, started: float
    ) -> None:
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "%s %s -> %d %s in %.0f ms%s",
                response.request.method,
                redact_url(response.request.url),
                response.status_code,
                response.reason_phrase,
                (time.monotonic() - started) * 1000.0,
                f" (retry {retries_taken})" if retries_taken else "",
            )
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "Response headers=%s", redact_headers(response.headers.multi_items())
            )

    def _log_retry(
        self, request: httpx.Request, reason: str, retries_taken: int, delay: float
    ) -> None:
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "Retrying %s %s in %.3f s (retry %d of %d) after %s",
                request.method,
                redact_url(request.url),
                delay,
                retries_taken + 1,
                self.max_retries,
                reason,
            )

    def _copy_kwargs(
        self,
        *,
        api_key: str | NotGiven,
        base_url: str | httpx.URL | NotGiven,
        timeout: TimeoutArg | NotGiven,
        max_retries: int | NotGiven,
        default_headers: Mapping[str, str] | NotGiven,
        default_query: Mapping[str, object] | NotGiven,
        strict_response_validation: bool | NotGiven,
        credentials: Mapping[str, str | None] | None = None,
    ) -> dict[str, Any]:
        return {
            "api_key": self.api_key if isinstance(api_key, NotGiven) else api_key,
            "credentials": {
                **{k: v for k, v in self._credentials.items() if k != "api_key"},
                **(credentials or {}),
            },
            "base_url": self.base_url if isinstance(base_url, NotGiven) else base_url,
            "timeout": self.timeout if isinstance(timeout, NotGiven) else timeout,
            "max_retries": (
                self.max_retries if isinstance(max_retries, NotGiven) else max_retries
            ),
            "default_headers": (
                self._custom_headers
                if isinstance(default_headers, NotGiven)
                else {**self._custom_headers, **default_headers}
            ),
            "default_query": (
                self._custom_query
                if isinstance(default_query, NotGiven)
                else {**self._custom_query, **default_query}
            ),
            "strict_response_validation": (
                self.strict_response_validation
                if isinstance(strict_response_validation, NotGiven)
                else strict_response_validation
            ),
        }

    def _inherit_tuning(self, copy: BaseClient) -> None:
        copy._initial_retry_delay = self._initial_retry_delay
        copy._max_retry_delay = self._max_retry_delay


class SyncAPIClient(BaseClient):
    """Blocking client. Thread-safe: one instance can serve many threads."""

    _client: httpx.Client

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.Client | None = None,
        strict_response_validation: bool = False,
        credentials: Mapping[str, str | None] | None = None,
    ) -> None:
        """Create a client.

        * ``api_key``: defaults to the environment variable named in ``_constants.API_KEY_ENV``.
        * ``base_url``: the argument, else that of ``_constants.BASE_URL_ENV``, else the API's server.
        * ``timeout``: seconds or an ``httpx.Timeout`` for each attempt (default 60 s, 5 s to connect).
        * ``max_retries``: extra attempts after connection errors, timeouts, 408, 409, 429 and 5xx
          (default 2), waiting 0.5 s, 1 s, 2 s ... (at most 8 s; or the server's ``Retry-After`` up
          to 60 s) in between.
        * ``default_headers`` / ``default_query``: sent with every request.
        * ``http_client``: your own ``httpx.Client`` (its timeout is kept unless ``timeout`` is given).
        * ``strict_response_validation``: raise ``APIResponseValidationError`` on a response that
          does not match its declared type instead of returning it as received.
        * ``credentials``: the credentials of the API's other security schemes, by argument name
          (the generated client takes each as its own argument); each defaults to its
          environment variable (``_constants.AUTH_SCHEMES``).

        The longest a call can take against a server that accepts the connection and never answers
        is ``(max_retries + 1) * (connect + read timeout) + waits``: 196.5 s with the defaults
        (see the ``_base_client`` module docstring for the details).
        """
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise TypeError(
                f"http_client must be an httpx.Client, got {type(http_client).__name__}"
            )
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            strict_response_validation=strict_response_validation,
            http_client_timeout=(
                http_client.timeout if http_client is not None else None
            ),
            credentials=credentials,
        )
        self._owns_http_client = http_client is None
        self._client = http_client or httpx.Client(**_http_client_kwargs(self.timeout))

    def request(self, op: Operation[T], args: Mapping[str, object]) -> T:
        """Perform ``op``; returns the parsed result (an APIResponse in raw mode).

        ``args`` are the calling method's ``locals()``: its parameters by name, ``self``, and
        ``options`` (the :class:`RequestOptions` passed as keywords).
        """
        mode = take_response_mode()
        prepared = self._prepare(op, args)
        retries_taken = 0
        while True:
            request = self._build_attempt(self._client, prepared, retries_taken)
            started = time.monotonic()
            try:
                response = self._send(op, request, mode)
            except httpx.RequestError as exc:
                outcome: object = self._on_transport_error(exc, request, retries_taken)
            else:
                outcome = self._on_response(
                    op,
                    response,
                    mode=mode,
                    retries_taken=retries_taken,
                    started=started,
                )
                if not isinstance(outcome, _RetryIn):
                    return cast(T, outcome)
                response.close()
            assert isinstance(outcome, _RetryIn)
            self._sleep(outcome.seconds)
            retries_taken += 1

    def _send(
        self, op: Operation[Any], request: httpx.Request, mode: ResponseMode
    ) -> httpx.Response:
        response = self._client.send(request, stream=True)
        if not streams_body(op, response, mode):
            # Read here, inside the attempt: a body cut off mid-way is retried like any
            # other transport error. A stream is read by its caller, so never retried.
            try:
                read_body(response)
            except BaseException:
                response.close()
                raise
        return response

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def with_options(
        self,
        *,
        api_key: str | NotGiven = not_given,
        base_url: str | httpx.URL | NotGiven = not_given,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int | NotGiven = not_given,
        default_headers: Mapping[str, str] | NotGiven = not_given,
        default_query: Mapping[str, object] | NotGiven = not_given,
        http_client: httpx.Client | NotGiven = not_given,
        strict_response_validation: bool | NotGiven = not_given,
        credentials: Mapping[str, str | None] | None = None,
    ) -> Self:
        """A copy with some options changed.

        The copy shares this client's connection pool unless ``http_client`` is given;
        ``default_headers`` and ``default_query`` are merged into the current ones.
        """
        copy = type(self)(
            http_client=(
                self._client if isinstance(http_client, NotGiven) else http_client
            ),
            **self._copy_kwargs(
                api_key=api_key,
                base_url=base_url,
                timeout=timeout,
                max_retries=max_retries,
                default_headers=default_headers,
                default_query=default_query,
                strict_response_validation=strict_response_validation,
                credentials=credentials,
            ),
        )
        self._inherit_tuning(copy)
        return copy

    copy = with_options

    def is_closed(self) -> bool:
        return self._client.is_closed

    def close(self) -> None:
        """Close the connection pool if this client created it.

        Copies made by ``with_options()`` and a passed-in ``http_client`` are left open.
        """
        if self._owns_http_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncAPIClient(BaseClient):
    """asyncio (or trio) client. One instance serves many concurrent tasks on one event loop."""

    _client: httpx.AsyncClient
    _is_async = True

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | None = None,
        strict_response_validation: bool = False,
        credentials: Mapping[str, str | None] | None = None,
    ) -> None:
        """Create a client; the options are those of :class:`SyncAPIClient`.

        ``http_client`` must be an ``httpx.AsyncClient``. The longest a call can take is the same:
        ``(max_retries + 1) * (connect + read timeout) + waits``, 196.5 s with the defaults.
        """
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise TypeError(
                f"http_client must be an httpx.AsyncClient, got {type(http_client).__name__}"
            )
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            strict_response_validation=strict_response_validation,
            http_client_timeout=(
                http_client.timeout if http_client is not None else None
            ),
            credentials=credentials,
        )
        self._owns_http_client = http_client is None
        self._client = http_client or httpx.AsyncClient(
            **_http_client_kwargs(self.timeout)
        )

    async def request(self, op: Operation[T], args: Mapping[str, object]) -> T:
        """Perform ``op``; returns the parsed result (an APIResponse in raw mode).

        ``args`` are the calling method's ``locals()``: its parameters by name, ``self``, and
        ``options`` (the :class:`RequestOptions` passed as keywords).
        """
        mode = take_response_mode()
        prepared = self._prepare(op, args)
        retries_taken = 0
        while True:
            request = self._build_attempt(self._client, prepared, retries_taken)
            started = time.monotonic()
            try:
                response = await self._send(op, request, mode)
            except httpx.RequestError as exc:
                outcome: object = self._on_transport_error(exc, request, retries_taken)
            else:
                outcome = self._on_response(
                    op,
                    response,
                    mode=mode,
                    retries_taken=retries_taken,
                    started=started,
                )
                if not isinstance(outcome, _RetryIn):
                    return cast(T, outcome)
                await response.aclose()
            assert isinstance(outcome, _RetryIn)
            await self._sleep(outcome.seconds)
            retries_taken += 1

    async def _send(
        self, op: Operation[Any], request: httpx.Request, mode: ResponseMode
    ) -> httpx.Response:
        response = await self._client.send(request, stream=True)
        if not streams_body(op, response, mode):
            try:
                await aread_body(response)
            except BaseException:
                await response.aclose()
                raise
        return response

    async def _sleep(self, seconds: float) -> None:
        # anyio works under asyncio and trio, like httpx itself; it is only imported once sleeping.
        import anyio

        await anyio.sleep(seconds)

    def with_options(
        self,
        *,
        api_key: str | NotGiven = not_given,
        base_url: str | httpx.URL | NotGiven = not_given,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int | NotGiven = not_given,
        default_headers: Mapping[str, str] | NotGiven = not_given,
        default_query: Mapping[str, object] | NotGiven = not_given,
        http_client: httpx.AsyncClient | NotGiven = not_given,
        strict_response_validation: bool | NotGiven = not_given,
        credentials: Mapping[str, str | None] | None = None,
    ) -> Self:
        """A copy with some options changed.

        The copy shares this client's connection pool unless ``http_client`` is given;
        ``default_headers`` and ``default_query`` are merged into the current ones.
        """
        copy = type(self)(
            http_client=(
                self._client if isinstance(http_client, NotGiven) else http_client
            ),
            **self._copy_kwargs(
                api_key=api_key,
                base_url=base_url,
                timeout=timeout,
                max_retries=max_retries,
                default_headers=default_headers,
                default_query=default_query,
                strict_response_validation=strict_response_validation,
                credentials=credentials,
            ),
        )
        self._inherit_tuning(copy)
        return copy

    copy = with_options

    def is_closed(self) -> bool:
        return self._client.is_closed

    async def close(self) -> None:
        """Close the connection pool if this client created it.

        Copies made by ``with_options()`` and a passed-in ``http_client`` are left open.
        """
        if self._owns_http_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
