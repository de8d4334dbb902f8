"""Pages of a list operation, and walking them.

A paginated method returns its first page. Iterating a page yields every item of it and of the
pages after it, each fetched when the one before is used up::

    for file in client.files.list(limit=50):  # all files, 50 per request
        ...

    page = client.files.list()
    page.data, page.has_more  # the response's own fields
    while page.has_next_page():
        page = page.get_next_page()

Async methods return an :class:`AsyncPaginator`: ``await`` it for the first page, or ``async
for`` over it for every item. The next request repeats the first one (its arguments and request
options) with the cursor, offset or page number changed; a ``Link`` header's ``rel="next"`` URL
gives its query parameters. The walk ends when the response says so (``has_more`` false, no next
cursor or link, the total reached), on an empty or short page, or when a page comes back
identical to the one before (a server ignoring the page parameter). ``with_raw_response`` returns the first page's raw response, whose
``parse()`` is the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Generic,
    Iterator,
    Literal,
    Mapping,
    TypeVar,
    cast,
)
from urllib.parse import parse_qsl, urlsplit

from ._operation import Operation
from ._response import (
    APIResponse,
    async_in_response_mode,
    async_to_raw_response_wrapper,
    in_response_mode,
    take_response_mode,
    to_raw_response_wrapper,
)

if TYPE_CHECKING:
    import httpx

    from ._base_client import AsyncAPIClient, SyncAPIClient

__all__ = ["Pagination", "SyncPage", "AsyncPage", "AsyncPaginator"]

T = TypeVar("T")
PageT = TypeVar("PageT")

_NO_NEXT_PAGE = "this is the last page (check has_next_page() first)"
_LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]*)*)")
_REL_NEXT = re.compile(r';\s*rel\s*=\s*"?([^";]*)"?', re.IGNORECASE)


@dataclass(frozen=True)
class Pagination(Generic[T]):
    """How one operation pages; ``T`` is one item's type. Names are Python names: ``param`` and
    ``size`` of the method's arguments, the others of the parsed response's attributes (a
    nested field's names joined by ``.``: ``response_metadata.next_cursor``).
    """

    scheme: Literal["cursor", "offset", "page", "link"]
    next_from: Literal["response_field", "last_item", "link_header", "count"]
    items: str = ""
    """The response attribute holding the items; ``""``: the response is the list."""
    param: str = ""
    """The argument the next request changes."""
    cursor: str = ""
    """``response_field``: the response's attribute with the next cursor; ``last_item``: the
    item's attribute that is the cursor."""
    has_more: str = ""
    """A boolean response attribute: false means this is the last page."""
    total: str = ""
    """A response attribute counting all items (offset) or all pages (page)."""
    size: str = ""
    """The page-size argument: a page shorter than it is the last."""
    first: int = 0
    """The first page's number (page scheme), when the call does not send one."""


def _get(value: object, path: str) -> object:
    """The attribute ``path`` (names joined by ``.``, a nested field) of a parsed response;
    ``None`` when a level is missing or null."""
    for name in path.split("."):
        if value is None:
            return None
        if isinstance(value, Mapping):
            value = value.get(name)
        else:
            value = getattr(value, name, None)
    return value


def _next_link(header: str | None) -> str | None:
    """The ``rel="next"`` URL of a ``Link`` header (RFC 8288), if any."""
    if not header:
        return None
    for match in _LINK.finditer(header):
        for rel in _REL_NEXT.findall(match.group(2)):
            if "next" in rel.lower().split():
                return match.group(1)
    return None


def _repeats(page: _PageState[Any], following: _PageState[Any]) -> bool:
    """Whether the next page is this one again, byte for byte: a server that ignores the page
    parameter would otherwise be walked forever. Its items are not yielded twice."""
    return following.http_response.content == page.http_response.content


class _PageState(Generic[T]):
    """What sync and async pages share: the parsed response, and the next request's arguments."""

    def __init__(
        self,
        *,
        op: Operation[Any],
        paging: Pagination[T],
        args: Mapping[str, object],
        body: object,
        http_response: httpx.Response,
    ) -> None:
        self._op = op
        self._paging = paging
        self._args = dict(args)
        self._body = body
        self._http_response = http_response

    @property
    def items(self) -> list[T]:
        """This page's items."""
        paging = self._paging
        found = _get(self._body, paging.items) if paging.items else self._body
        return cast("list[T]", found) if isinstance(found, list) else []

    @property
    def body(self) -> Any:
        """The parsed response of this page (its model, or the list itself)."""
        return self._body

    @property
    def http_response(self) -> httpx.Response:
        return self._http_response

    def __getattr__(self, name: str) -> Any:
        # The response's own fields (``page.has_more``, ``page.total_count``) read through.
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return getattr(self._body, name)
        except AttributeError:
            raise AttributeError(
                f"{type(self).__name__!r} object has no attribute {name!r}"
            ) from None

    def has_next_page(self) -> bool:
        return self._next_args() is not None

    def _next_args(self) -> dict[str, object] | None:
        paging = self._paging
        items = self.items
        if paging.has_more and _get(self._body, paging.has_more) is False:
            return None
        if paging.next_from == "link_header":
            url = _next_link(self._http_response.headers.get("link"))
            return None if url is None else self._args_from_url(url)
        if not items and paging.next_from != "response_field":
            return None
        current = self._args.get(paging.param)
        if paging.next_from in ("response_field", "last_item"):
            source = items[-1] if paging.next_from == "last_item" else self._body
            cursor = _get(source, paging.cursor)
            # A repeated cursor would fetch the same page forever.
            if cursor is None or cursor == "" or cursor == current:
                return None
            return {**self._args, paging.param: cursor}
        if self._is_short(items):
            return None
        if paging.scheme == "offset":
            start = current if isinstance(current, int) else 0
            following = start + len(items)
            total = _get(self._body, paging.total) if paging.total else None
            if isinstance(total, int) and following >= total:
                return None
            return {**self._args, paging.param: following}
        number = current if isinstance(current, int) else paging.first
        pages = _get(self._body, paging.total) if paging.total else None
        if isinstance(pages, int) and number - paging.first + 1 >= pages:
            return None
        return {**self._args, paging.param: number + 1}

    def _is_short(self, items: list[T]) -> bool:
        size = self._args.get(self._paging.size) if self._paging.size else None
        return isinstance(size, int) and len(items) < size

    def _args_from_url(self, url: str) -> dict[str, object]:
        """The next request's arguments from a ``Link`` URL's query: the operation's own query
        parameters take their values from it, any other key goes as ``extra_query``."""
        by_wire = {p.wire: p.name for p in self._op.params if p.location == "query"}
        args = dict(self._args)
        extra: dict[str, object] = {}
        for key, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
            if key in by_wire:
                args[by_wire[key]] = value
            else:
                extra[key] = value
        if extra:
            options = dict(cast("Mapping[str, Any]", args.get("options") or {}))
            options["extra_query"] = {**(options.get("extra_query") or {}), **extra}
            args["options"] = options
        return args

    def __repr__(self) -> str:
        return f"<{type(self).__name__} items={len(self.items)} of {self._op.method.upper()} {self._op.path}>"


class _PageResponse(APIResponse[PageT]):
    """A raw first-page response whose ``parse()`` is the page."""

    def __init__(self, raw: APIResponse[Any], build: Callable[[Any], PageT]) -> None:
        self.__dict__.update(raw.__dict__)
        self._build_page = build
        self._page: PageT | None = None

    def parse(self) -> PageT:
        if self._page is None:
            self._page = self._build_page(APIResponse.parse(self))
        return self._page


class SyncPage(_PageState[T]):
    """One page of a list call. Iterating it yields every item from here to the last page."""

    def __init__(
        self,
        *,
        client: SyncAPIClient,
        op: Operation[Any],
        paging: Pagination[T],
        args: Mapping[str, object],
        body: object,
        http_response: httpx.Response,
    ) -> None:
        super().__init__(
            op=op, paging=paging, args=args, body=body, http_response=http_response
        )
        self._client = client

    @classmethod
    def first(
        cls,
        client: SyncAPIClient,
        op: Operation[Any],
        paging: Pagination[T],
        args: Mapping[str, object],
    ) -> SyncPage[T]:
        """The first page of a call (its raw response under ``with_raw_response``)."""
        mode = take_response_mode()
        if mode == "stream":
            # ``with_streaming_response``: the first page's response, its body unread.
            streamed = in_response_mode("stream", client.request, op, args)
            return cast("SyncPage[T]", streamed)
        raw = cls._fetch(client, op, args)

        def build(body: object) -> SyncPage[T]:
            return cls(
                client=client,
                op=op,
                paging=paging,
                args=args,
                body=body,
                http_response=raw.http_response,
            )

        if mode == "raw":
            return cast("SyncPage[T]", _PageResponse(raw, build))
        return build(raw.parse())

    @staticmethod
    def _fetch(
        client: SyncAPIClient, op: Operation[Any], args: Mapping[str, object]
    ) -> APIResponse[Any]:
        return to_raw_response_wrapper(client.request)(op, args)

    def get_next_page(self) -> SyncPage[T]:
        """The page after this one; raises ``RuntimeError`` after the last page."""
        args = self._next_args()
        if args is None:
            raise RuntimeError(_NO_NEXT_PAGE)
        raw = self._fetch(self._client, self._op, args)
        return type(self)(
            client=self._client,
            op=self._op,
            paging=self._paging,
            args=args,
            body=raw.parse(),
            http_response=raw.http_response,
        )

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        """This page and each one after it."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            following = page.get_next_page()
            if _repeats(page, following):
                return
            page = following

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(_PageState[T]):
    """One page of an async list call; ``async for`` yields every item to the last page."""

    def __init__(
        self,
        *,
        client: AsyncAPIClient,
        op: Operation[Any],
        paging: Pagination[T],
        args: Mapping[str, object],
        body: object,
        http_response: httpx.Response,
    ) -> None:
        super().__init__(
            op=op, paging=paging, args=args, body=body, http_response=http_response
        )
        self._client = client

    @classmethod
    def first(
        cls,
        client: AsyncAPIClient,
        op: Operation[Any],
        paging: Pagination[T],
        args: Mapping[str, object],
    ) -> AsyncPaginator[T]:
        """The call's first page, to ``await`` or iterate with ``async for``."""

        async def fetch() -> AsyncPage[T]:
            mode = take_response_mode()
            if mode == "stream":
                # ``with_streaming_response``: the first page's response, its body unread.
                streamed = async_in_response_mode("stream", client.request, op, args)
                return cast("AsyncPage[T]", await streamed)
            raw = await cls._fetch(client, op, args)

            def build(body: object) -> AsyncPage[T]:
                return cls(
                    client=client,
                    op=op,
                    paging=paging,
                    args=args,
                    body=body,
                    http_response=raw.http_response,
                )

            if mode == "raw":
                return cast("AsyncPage[T]", _PageResponse(raw, build))
            return build(raw.parse())

        return AsyncPaginator(fetch)

    @staticmethod
    async def _fetch(
        client: AsyncAPIClient, op: Operation[Any], args: Mapping[str, object]
    ) -> APIResponse[Any]:
        return await async_to_raw_response_wrapper(client.request)(op, args)

    async def get_next_page(self) -> AsyncPage[T]:
        """The page after this one; raises ``RuntimeError`` after the last page."""
        args = self._next_args()
        if args is None:
            raise RuntimeError(_NO_NEXT_PAGE)
        raw = await self._fetch(self._client, self._op, args)
        return type(self)(
            client=self._client,
            op=self._op,
            paging=self._paging,
            args=args,
            body=raw.parse(),
            http_response=raw.http_response,
        )

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        """This page and each one after it."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            following = await page.get_next_page()
            if _repeats(page, following):
                return
            page = following

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item


class AsyncPaginator(Generic[T]):
    """What an async list method returns: ``await`` it for the first :class:`AsyncPage`, or
    ``async for`` over it for every item of every page."""

    def __init__(self, fetch: Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._fetch = fetch

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._fetch().__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await self
        async for item in page:
            yield item
