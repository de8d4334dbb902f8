"""Shapes of the generated command table (``_commands.json``, loaded by ``_commands.py``): plain data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypedDict

if TYPE_CHECKING:
    from typing_extensions import NotRequired

# "file": a path whose file the client uploads ("-": stdin's bytes).
ValueKind = Literal[
    "string", "integer", "number", "boolean", "enum", "array", "object", "any", "file"
]
Location = Literal["path", "query", "header", "cookie", "body"]


class ValueSpec(TypedDict):
    """How a flag's text becomes the value passed to the client."""

    kind: ValueKind
    format: NotRequired[
        str
    ]  # schema format (``uuid``, ``date-time``), shown as the metavar
    choices: NotRequired[list[str | int | float | bool]]  # kind "enum"
    item: NotRequired[ValueSpec]  # kind "array"


class FlagSpec(TypedDict):
    flag: str  # "--index-id"
    name: str  # Python keyword argument of the client method
    wire: str  # name on the wire (the key of a JSON body read from stdin)
    location: Location
    value: ValueSpec
    required: bool
    nullable: bool
    description: str | None
    deprecated: bool


class BodySpec(TypedDict):
    kind: str  # "json", "form", "multipart", "binary", "text"
    flattened: bool  # True: the body object's properties are flags


class PageSpec(TypedDict):
    # The response field holding a page's items, as sent (a nested one: its path, outermost
    # first); []: the body is the list.
    items: list[str]


class CommandSpec(TypedDict):
    resource: str  # "beta:chat"
    method: str  # "create": the command name under the resource
    attr: str  # the client method's Python name
    client_path: Sequence[
        str
    ]  # ("beta", "chat"): attributes from the client to the resource
    http_method: str
    path: str
    summary: str | None
    description: str | None
    deprecated: bool
    body: BodySpec | None
    # How a 2xx body is printed: "json", "text" or "none" as received, "binary" as bytes
    # (to --output or stdout), "sse" one JSON line per event; an event stream is also
    # recognised by its Content-Type, whatever the kind.
    response: str
    flags: Sequence[FlagSpec]
    # A list operation whose pages ``--all`` / ``--max-items`` follow.
    pagination: NotRequired[PageSpec]


@dataclass(frozen=True)
class Follow:
    """``--all`` / ``--max-items``: print the items of every page, up to ``max_items``."""

    max_items: int | None = None
