"""Opt-in logging and the redaction every log line and pickled error goes through.

Setting the environment variable named by ``_constants.LOG_ENV`` to ``info`` or ``debug`` turns on
logging to stderr for this package's logger; without it the package never touches logging
configuration (a library must leave that to the application, which can also use the logger
directly: ``logging.getLogger("<package>")``).

* ``info``: one line per request: method, URL, status, time taken; and one per retry.
* ``debug``: also the request and response headers.

Credentials are redacted by header / query-parameter *name* (``Authorization``, cookies, anything
that looks like a key, token, secret or password), so a key is never written whatever its value.

httpx and httpcore log through their own loggers, which the application controls. Neither logs
request headers, so the ``Authorization`` header never reaches them; but httpx logs every URL with
its query string ("HTTP Request: POST <url> ..."), so a client adds :class:`RedactHttpxUrls` to
the ``httpx`` logger: a key sent as a query parameter is redacted there too. (httpcore's debug
lines include the *response* headers, e.g. a server's ``Set-Cookie``; they never carry the key.)
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from ._constants import AUTH_PARAM, AUTH_SCHEMES, LOG_ENV

if TYPE_CHECKING:
    import httpx

__all__ = [
    "logger",
    "setup_logging",
    "is_sensitive",
    "redact_headers",
    "redact_url",
    "redact_for_pickle",
    "RedactHttpxUrls",
    "REDACTED",
]

# The package's name, whatever the package is called (this file sits at its top level).
logger: logging.Logger = logging.getLogger(__name__.rpartition(".")[0] or __name__)

REDACTED = "<redacted>"

_SENSITIVE_EXACT = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "apikey",
        "api_key",
        "key",
        "session",
    }
)
_SENSITIVE_PARTS = (
    "token",
    "secret",
    "password",
    "passwd",
    "api-key",
    "api_key",
    "apikey",
    "auth",
    "signature",
)


class RedactHttpxUrls(logging.Filter):
    """Redacts sensitive query parameters in the URLs httpx passes as log-record arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        loaded = _loaded_httpx()
        if loaded is not None and isinstance(record.args, tuple):
            if any(isinstance(arg, loaded.URL) for arg in record.args):
                record.args = tuple(
                    redact_url(arg) if isinstance(arg, loaded.URL) else arg
                    for arg in record.args
                )
        return True


def _guard_httpx_logger() -> None:
    httpx_logger = logging.getLogger("httpx")
    if not any(isinstance(f, RedactHttpxUrls) for f in httpx_logger.filters):
        httpx_logger.addFilter(RedactHttpxUrls())


def setup_logging() -> None:
    """Apply ``LOG_ENV``; called when a client is created (never at import)."""
    _guard_httpx_logger()
    level_name = os.environ.get(LOG_ENV, "").strip().lower()
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(level_name)
    if level is None:
        return
    if (
        not logger.handlers
    ):  # an application that attached its own handler keeps it alone
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter(
                "[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s"
            )
        )
        logger.addHandler(handler)
    logger.setLevel(level)


def is_sensitive(name: str) -> bool:
    lowered = name.lower()
    # The API's own key name is secret whatever it is called ("sig", "token", "X-Vault-Key").
    if AUTH_PARAM and lowered == AUTH_PARAM.lower():
        return True
    if any(param.lower() == lowered for _, param, _ in AUTH_SCHEMES.values() if param):
        return True
    return lowered in _SENSITIVE_EXACT or any(
        part in lowered for part in _SENSITIVE_PARTS
    )


def redact_headers(
    headers: Mapping[str, str] | Iterable[tuple[str, str]],
) -> list[tuple[str, str]]:
    """Header pairs with sensitive values replaced; repeated headers (``Set-Cookie``) are kept."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    return [(key, REDACTED if is_sensitive(key) else value) for key, value in items]


def redact_url(url: httpx.URL | str) -> str:
    import httpx

    parsed = httpx.URL(url) if isinstance(url, str) else url
    if not parsed.query:
        return str(parsed)
    params = [
        (key, REDACTED if is_sensitive(key) else value)
        for key, value in parsed.params.multi_items()
    ]
    return str(parsed.copy_with(params=params))


def _redacted_request(request: httpx.Request) -> httpx.Request:
    import httpx

    try:
        content: bytes | None = request.content
    except httpx.RequestNotRead:
        content = None
    return httpx.Request(
        request.method,
        redact_url(request.url),
        headers=redact_headers(request.headers.multi_items()),
        content=content,
    )


def redact_for_pickle(value: Any) -> Any:
    """A copy of an httpx request/response without credentials; other values unchanged."""
    loaded = _loaded_httpx()
    if loaded is None:
        return value
    if isinstance(value, loaded.Request):
        return _redacted_request(value)
    if isinstance(value, loaded.Response):
        try:
            request: httpx.Request | None = _redacted_request(value.request)
        except RuntimeError:  # a response built without a request
            request = None
        try:
            content = value.content
        except loaded.ResponseNotRead:
            content = b""
        # The body is already decoded; keeping content-encoding would make httpx decode it again.
        headers = [
            (key, val)
            for key, val in redact_headers(value.headers.multi_items())
            if key.lower() != "content-encoding"
        ]
        return loaded.Response(
            value.status_code, headers=headers, content=content, request=request
        )
    return value


def _loaded_httpx() -> Any:
    # If httpx was never imported, no value can be an httpx object: don't pay for importing it.
    import sys

    return sys.modules.get("httpx")
