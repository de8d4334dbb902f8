"""``client.get/post/put/patch/delete(path, cast_to=...)``: calls to endpoints the spec lacks.

They go through the same ``request()`` as the generated methods (auth, default headers and query,
retries, errors, logging), so a path the spec forgot behaves like one it describes::

    extra = client.get("/extra", cast_to=MyModel)
    made = client.post("/things", cast_to=Thing, body={"name": "x"})
    raw = client.with_raw_response.get("/extra", cast_to=MyModel)
    with client.with_streaming_response.get("/big", cast_to=BinaryResponse) as response:
        response.stream_to_file("big.bin")

``path`` is relative to the client's ``base_url``. ``cast_to`` is what the 2xx body becomes: a
model or typing form (read as JSON), ``str``, ``bytes``, ``httpx.Response`` or
:class:`~._response.BinaryResponse`. ``body`` is sent as JSON (``bytes`` as they are; ``None``: no
body); ``options`` are the :class:`~._types.RequestOptions` every method takes.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from ._base_client import AsyncAPIClient, SyncAPIClient
from ._operation import Operation, Param
from ._response import (
    BinaryResponse,
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from ._types import RequestOptions

__all__ = [
    "SyncHTTPVerbs",
    "AsyncHTTPVerbs",
    "SyncHTTPVerbsWithRawResponse",
    "AsyncHTTPVerbsWithRawResponse",
    "SyncHTTPVerbsWithStreamingResponse",
    "AsyncHTTPVerbsWithStreamingResponse",
]

T = TypeVar("T")
_Method = Literal["get", "post", "put", "patch", "delete"]
_BODY = (Param("body", "body", "body"),)


def _operation(
    method: _Method, path: str, cast_to: Any, body: object
) -> Operation[Any]:
    if not path.startswith("/"):
        path = "/" + path
    has_body = body is not None
    return Operation(
        method=method,
        # No parameters are declared, so braces in the path stay as they are.
        path=path,
        params=_BODY if has_body else (),
        body=("binary" if isinstance(body, bytes) else "json") if has_body else None,
        cast_to=cast_to,
        response="binary" if cast_to is BinaryResponse else "json",
        whole_body=has_body,
    )


def _args(body: object, options: RequestOptions | None) -> dict[str, object]:
    """What ``request()`` takes from a generated method's ``locals()``."""
    args: dict[str, object] = {"options": options or {}}
    if body is not None:
        args["body"] = body
    return args


class SyncHTTPVerbs(SyncAPIClient):
    """:class:`SyncAPIClient` with the HTTP verbs as methods."""

    def get(
        self, path: str, *, cast_to: type[T], options: RequestOptions | None = None
    ) -> T:
        op: Operation[T] = _operation("get", path, cast_to, None)
        return self.request(op, _args(None, options))

    def post(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        options: RequestOptions | None = None,
    ) -> T:
        op: Operation[T] = _operation("post", path, cast_to, body)
        return self.request(op, _args(body, options))

    def put(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        options: RequestOptions | None = None,
    ) -> T:
        op: Operation[T] = _operation("put", path, cast_to, body)
        return self.request(op, _args(body, options))

    def patch(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        options: RequestOptions | None = None,
    ) -> T:
        op: Operation[T] = _operation("patch", path, cast_to, body)
        return self.request(op, _args(body, options))

    def delete(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        options: RequestOptions | None = None,
    ) -> T:
        op: Operation[T] = _operation("delete", path, cast_to, body)
        return self.request(op, _args(body, options))


class AsyncHTTPVerbs(AsyncAPIClient):
    """:class:`AsyncAPIClient` with the HTTP verbs as methods."""

    async def get(
        self, path: str, *, cast_to: type[T], options: RequestOptions | None = None
    ) -> T:
        op: Operation[T] = _operation("get", path, cast_to, None)
        return await self.request(op, _args(None, options))

    async def post(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        options: RequestOptions | None = None,
    ) -> T:
        op: Operation[T] = _operation("post", path, cast_to, body)
        return await self.request(op, _args(body, options))

    async def put(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        options: RequestOptions | None = None,
    ) -> T:
        op: Operation[T] = _operation("put", path, cast_to, body)
        return await self.request(op, _args(body, options))

    async def patch(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        options: RequestOptions | None = None,
    ) -> T:
        op: Operation[T] = _operation("patch", path, cast_to, body)
        return await self.request(op, _args(body, options))

    async def delete(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        options: RequestOptions | None = None,
    ) -> T:
        op: Operation[T] = _operation("delete", path, cast_to, body)
        return await self.request(op, _args(body, options))


class SyncHTTPVerbsWithRawResponse:
    """``client.with_raw_response``: the verbs returning an :class:`~._response.APIResponse`."""

    def __init__(self, client: SyncHTTPVerbs) -> None:
        self._client = client
        self.get = to_raw_response_wrapper(client.get)
        self.post = to_raw_response_wrapper(client.post)
        self.put = to_raw_response_wrapper(client.put)
        self.patch = to_raw_response_wrapper(client.patch)
        self.delete = to_raw_response_wrapper(client.delete)


class AsyncHTTPVerbsWithRawResponse:
    def __init__(self, client: AsyncHTTPVerbs) -> None:
        self._client = client
        self.get = async_to_raw_response_wrapper(client.get)
        self.post = async_to_raw_response_wrapper(client.post)
        self.put = async_to_raw_response_wrapper(client.put)
        self.patch = async_to_raw_response_wrapper(client.patch)
        self.delete = async_to_raw_response_wrapper(client.delete)


class SyncHTTPVerbsWithStreamingResponse:
    """``client.with_streaming_response``: the verbs as context managers giving a
    :class:`~._response.StreamedAPIResponse`."""

    def __init__(self, client: SyncHTTPVerbs) -> None:
        self._client = client
        self.get = to_streamed_response_wrapper(client.get)
        self.post = to_streamed_response_wrapper(client.post)
        self.put = to_streamed_response_wrapper(client.put)
        self.patch = to_streamed_response_wrapper(client.patch)
        self.delete = to_streamed_response_wrapper(client.delete)


class AsyncHTTPVerbsWithStreamingResponse:
    def __init__(self, client: AsyncHTTPVerbs) -> None:
        self._client = client
        self.get = async_to_streamed_response_wrapper(client.get)
        self.post = async_to_streamed_response_wrapper(client.post)
        self.put = async_to_streamed_response_wrapper(client.put)
        self.patch = async_to_streamed_response_wrapper(client.patch)
        self.delete = async_to_streamed_response_wrapper(client.delete)
