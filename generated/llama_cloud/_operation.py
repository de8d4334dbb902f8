"""Declarative description of one endpoint.

Generated resource methods state *what* an operation is (an :class:`Operation`) and hand their
arguments to the client; the client's ``request()`` does all the HTTP work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

__all__ = [
    "ParamLocation",
    "ParamStyle",
    "ResponseKind",
    "BodyKind",
    "Param",
    "params",
    "Encoding",
    "Operation",
]

ParamLocation = Literal["path", "query", "header", "cookie", "body"]
# How a path, query, header or cookie value is serialised (see ``_styles``).
ParamStyle = Literal[
    "simple", "label", "matrix", "form", "spaceDelimited", "pipeDelimited", "deepObject"
]
ResponseKind = Literal["json", "text", "binary", "sse"]
# How body params become the request body (see ``_body``).
BodyKind = Literal["json", "form", "multipart", "binary", "text"]


@dataclass(frozen=True)
class Param:
    name: str
    """The Python keyword argument."""
    wire: str
    """The name on the wire (a path placeholder, query key, header, cookie or JSON field)."""
    location: ParamLocation
    style: ParamStyle | None = None
    """OpenAPI ``style``; ``None``: the location's default (``simple`` in the path and headers,
    ``form`` in the query and cookies). Generated code states it only when it differs."""
    explode: bool | None = None
    """OpenAPI ``explode``; ``None``: the style's default (true for ``form``, else false)."""
    allow_reserved: bool = False
    """OpenAPI ``allowReserved`` (query only): reserved characters and ``%XX`` pass unencoded."""
    content_type: str | None = None
    """The media type of a parameter described by ``content`` (``application/json``): the value
    is written as that type's text, one value, and ``style``/``explode`` do not apply."""


ParamItem = str | Param


def params(
    *,
    path: tuple[ParamItem, ...] = (),
    query: tuple[ParamItem, ...] = (),
    header: tuple[ParamItem, ...] = (),
    cookie: tuple[ParamItem, ...] = (),
    body: tuple[ParamItem, ...] = (),
) -> tuple[Param, ...]:
    """An operation's params by where they go. A bare name is a param whose wire name is the
    same and whose serialisation is its location's default; any other is spelled out as a
    :class:`Param`. (Written out as ``Param(...)`` each, they were a third of the code black
    formats in a big API's resource modules.)
    """
    groups: tuple[tuple[ParamLocation, tuple[ParamItem, ...]], ...] = (
        ("path", path),
        ("query", query),
        ("header", header),
        ("cookie", cookie),
        ("body", body),
    )
    return tuple(
        item if isinstance(item, Param) else Param(item, item, location)
        for location, items in groups
        for item in items
    )


@dataclass(frozen=True)
class Encoding:
    """How one field of a form or multipart body is written, where that is not the default
    (the media type's ``encoding`` entry for the field, and whether its value is a file).
    """

    wire: str
    style: ParamStyle | None = None
    """Form (and multipart) serialisation of the field, as for a query parameter."""
    explode: bool | None = None
    content_type: str | None = None
    """Multipart: the part's Content-Type (files: unless the caller's tuple names one)."""
    file: bool = False
    """Multipart: the value is a file, or a sequence of files (one part each)."""


T = TypeVar("T")


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One endpoint. ``T`` is what a call returns: generated code annotates each constant with
    it (``_GET: Operation[Pet]``), so the client's ``request()`` is typed without a cast.
    """

    method: str
    """Lower-case HTTP method."""
    path: str
    """``/items/{item_id}``: placeholders are wire names of path params."""
    params: tuple[Param, ...]
    body: BodyKind | None
    """How body params are encoded; ``None`` when the operation has no body."""
    cast_to: Any
    """Model class or typing form the 2xx body is parsed into; ``None`` means no body."""
    response: ResponseKind = "json"
    """How a 2xx body is read: JSON into ``cast_to``, ``text`` as ``str``, ``binary`` as a
    :class:`~._response.BinaryResponse`, ``sse`` as a :class:`~._streaming.Stream` of events."""
    stream_to: Any = None
    """The type of one event's data when the 2xx body is (or, beside another kind, may be) a
    ``text/event-stream``; ``ServerSentEvent`` yields the events untyped."""
    accept: str | None = None
    """The ``Accept`` header; ``None`` keeps the client's ``application/json``."""
    whole_body: bool = False
    """True: the one body param is the whole body (a JSON array or scalar, bytes, text, a form's
    mapping); False: body params are the fields of the body object."""
    encodings: tuple[Encoding, ...] = ()
    """Form and multipart fields written other than by default."""
    content_type: str | None = None
    """The body's Content-Type when the spec names one: ``None`` sends ``application/json`` or
    ``text/plain``, and for a binary body a type guessed from the file's name (else
    ``application/octet-stream``); form and multipart always send their own."""
    body_required: bool = False
    """The spec requires a body: it is sent even when no field is given (``{}``, an empty form,
    a multipart body with no parts). An optional body with nothing given is not sent."""
    security: tuple[tuple[str, ...], ...] | None = None
    """The credential sets the operation accepts, by client argument (``("api_key",)``); the
    first whose credentials are all set is sent. ``None``: ``api_key`` when set; ``()``: none."""
    names: frozenset[str] = field(init=False, repr=False, compare=False)
    """The Python names of ``params``: what a call may pass besides its options."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", frozenset(p.name for p in self.params))
