"""The errors a client raises.

::

    SDKError
    └── APIError                        .message .request .body .status_code .response
        ├── APIStatusError              a non-2xx response (.request_id: its x-request-id)
        │   ├── BadRequestError             400
        │   ├── AuthenticationError         401
        │   ├── PermissionDeniedError       403
        │   ├── NotFoundError               404
        │   ├── ConflictError               409
        │   ├── UnprocessableEntityError    422
        │   ├── RateLimitError              429
        │   └── InternalServerError         >= 500
        ├── APIConnectionError          no response (status_code/response/body are None)
        │   └── APITimeoutError
        └── APIResponseValidationError  a 2xx body that is not what the API promised

An ``APIError`` itself (none of the above) is an ``event: error`` in an event stream.

Errors survive ``pickle`` (they are often shipped between processes, e.g. by task queues and
error trackers). What is pickled is a copy of the request/response with credential headers
redacted, so the key never travels with an error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import httpx

__all__ = [
    "SDKError",
    "APIError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "APIConnectionError",
    "APITimeoutError",
    "APIResponseValidationError",
]

_MAX_TEXT = 500


def describe_error_body(body: object, *, separator: str = "; ") -> str:
    """The server's own words from an error body, in the shapes common APIs use.

    ``{"detail"|"message"|"error"|...: text}``, ``{"error": {"message": text}}``, FastAPI's
    ``{"detail": [{"loc": [...], "msg": text}, ...]}`` (one ``loc: msg`` per problem, joined by
    ``separator``), else the body itself, shortened. Used for exception messages and by the CLI.
    """
    if body is None:
        return ""
    if isinstance(body, str):
        text = body.strip()
        return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "..."
    if isinstance(body, Mapping):
        for key in ("detail", "message", "error", "error_description", "title"):
            if body.get(key):
                return _describe_value(body[key], separator)
    return describe_error_body(json.dumps(body, ensure_ascii=False, default=str))


def _describe_value(value: object, separator: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and isinstance(value.get("message"), str):
        return str(value["message"])
    if (
        isinstance(value, list)
        and value
        and all(isinstance(item, Mapping) for item in value)
    ):
        parts = []
        for item in value:
            loc = item.get("loc")
            msg = (
                item.get("msg") or item.get("message") or json.dumps(item, default=str)
            )
            where = (
                ".".join(str(part) for part in loc)
                if isinstance(loc, (list, tuple))
                else ""
            )
            parts.append(f"{where}: {msg}" if where else str(msg))
        return separator.join(parts)
    return describe_error_body(json.dumps(value, ensure_ascii=False, default=str))


def _restore(
    cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]
) -> BaseException:
    # The subclasses' __init__ signatures differ, so rebuild without calling them.
    obj = cls.__new__(cls)
    obj.args = args
    obj.__dict__.update(state)
    return obj


class SDKError(Exception):
    """Base class of every error this package raises."""

    def __reduce__(self) -> tuple[Any, ...]:
        from ._logs import redact_for_pickle

        state = {key: redact_for_pickle(value) for key, value in self.__dict__.items()}
        return (_restore, (type(self), self.args, state))


class APIError(SDKError):
    message: str
    request: httpx.Request
    body: object
    """The decoded JSON body if it was JSON, else the text; ``None`` when there was none."""
    status_code: int | None
    response: httpx.Response | None

    def __init__(self, message: str, request: httpx.Request, *, body: object) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body
        self.status_code = None
        self.response = None

    def __str__(self) -> str:
        return self.message


class APIResponseValidationError(APIError):
    status_code: int
    response: httpx.Response

    def __init__(
        self, response: httpx.Response, body: object, *, message: str | None = None
    ) -> None:
        super().__init__(
            message
            or "Data returned by the API is not valid for the expected response type.",
            response.request,
            body=body,
        )
        self.response = response
        self.status_code = response.status_code


class APIStatusError(APIError):
    """The API answered with a non-2xx status."""

    status_code: int
    response: httpx.Response
    request_id: str | None
    """The ``x-request-id`` header of the response, if the server sent one."""

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")


class APIConnectionError(APIError):
    """No response: the connection failed, was reset, or the response was cut short."""

    def __init__(
        self, *, message: str = "Connection error.", request: httpx.Request
    ) -> None:
        super().__init__(message, request, body=None)


class APITimeoutError(APIConnectionError):
    def __init__(
        self, request: httpx.Request, *, message: str = "Request timed out."
    ) -> None:
        super().__init__(message=message, request=request)


class BadRequestError(APIStatusError):
    status_code: Literal[400]


class AuthenticationError(APIStatusError):
    status_code: Literal[401]


class PermissionDeniedError(APIStatusError):
    status_code: Literal[403]


class NotFoundError(APIStatusError):
    status_code: Literal[404]


class ConflictError(APIStatusError):
    status_code: Literal[409]


class UnprocessableEntityError(APIStatusError):
    status_code: Literal[422]


class RateLimitError(APIStatusError):
    status_code: Literal[429]


class InternalServerError(APIStatusError):
    pass
