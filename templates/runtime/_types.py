"""Sentinels and type aliases shared by the generated methods and the runtime.

Two sentinels exist because "not passed" means two different things:

* ``omit`` — an operation argument the caller did not pass: it is left off the wire.
  (``None`` is a value: a JSON ``null`` in a body.)
* ``not_given`` — an option the caller did not pass: the client's setting applies.
  (``timeout=None`` is a value: no timeout.)

httpx is only imported for type checking so that importing the types of a package stays cheap.
"""

from __future__ import annotations

import os
from typing import (
    IO,
    TYPE_CHECKING,
    Final,
    Literal,
    Mapping,
    Optional,
    Tuple,
    TypeAlias,
    TypedDict,
    Union,
)

if TYPE_CHECKING:
    import httpx

__all__ = [
    "Omit",
    "omit",
    "NotGiven",
    "not_given",
    "NOT_GIVEN",
    "Headers",
    "Query",
    "Body",
    "Timeout",
    "RequestOptions",
    "FileContent",
    "FileTypes",
]


class NotGiven:
    """The type of :data:`not_given`: an option left to the client's default."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        # A singleton keeps `is not_given` checks valid after copy/pickle.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "not_given"

    def __reduce__(self) -> str:
        return "not_given"


not_given: Final = NotGiven()
NOT_GIVEN: Final = not_given


class Omit:
    """The type of :data:`omit`: an argument that is not sent at all.

    In ``extra_headers`` it also removes a header the client would otherwise send.
    """

    _instance: Omit | None = None

    def __new__(cls) -> Omit:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "omit"

    def __reduce__(self) -> str:
        return "omit"


omit: Final = Omit()

Headers: TypeAlias = Mapping[str, Union[str, Omit]]
Query: TypeAlias = Mapping[str, object]
Body: TypeAlias = object
# A string forward reference keeps httpx out of import time; the alias is still usable at runtime.
Timeout: TypeAlias = Union[float, "httpx.Timeout", None]

# What an upload accepts. A path is opened and read by the client; a ``str`` is never taken for a
# path (it could as well be the content), so paths are ``pathlib.Path`` or another ``PathLike``.
FileContent: TypeAlias = Union[bytes, IO[bytes], os.PathLike[str]]
# A multipart file: its content, or ``(filename, content)`` / ``(filename, content, content_type)``
# to name the file and its type (otherwise taken from the path or file object, else guessed).
FileTypes: TypeAlias = Union[
    FileContent,
    Tuple[Optional[str], FileContent],
    Tuple[Optional[str], FileContent, Optional[str]],
]


class RequestOptions(TypedDict, total=False):
    """Per-call options every generated method accepts as keyword arguments (``**options``)."""

    extra_headers: Headers | None
    """Headers added to (or, with ``omit``, removed from) this request."""
    extra_query: Query | None
    """Query parameters added to this request."""
    extra_body: Body | None
    """JSON fields merged into this request's body."""
    timeout: Timeout | NotGiven
    """This request's timeout; ``not_given`` keeps the client's."""
