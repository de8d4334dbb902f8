"""The intermediate representation: plain frozen data, every name already decided.

Templates print these fields and decide nothing. Types are structured (``TypeRef``), never Python
source strings; the render stage's filters turn them into annotations.
"""

from __future__ import annotations

from functools import cached_property
from dataclasses import dataclass, field
from typing import Literal

JSONValue = None | bool | int | float | str | list["JSONValue"] | dict[str, "JSONValue"]

TypeKind = Literal[
    "primitive", "model", "array", "map", "tuple", "union", "literal", "any", "file"
]
Primitive = Literal["str", "int", "float", "bool", "bytes", "object"]
ParamLocation = Literal["path", "query", "header", "cookie", "body"]
BodyKind = Literal["json", "form", "multipart", "binary", "text"]
# How a success body is read: JSON into ``type``; ``text`` as ``str``; ``binary`` as bytes;
# ``sse`` as a stream of events of ``event_type``; ``none``: no body.
ResponseKind = Literal["json", "text", "binary", "sse", "none"]


@dataclass(frozen=True)
class SourceRef:
    """Where a node came from, for messages and generated comments."""

    file: str
    pointer: str


@dataclass(frozen=True)
class TypeRef:
    """A structured type.

    * ``primitive``: ``name`` is one of :data:`Primitive`; ``format`` keeps the schema format
      (``uuid``, ``date-time``) for docs and CLI help.
    * ``model``: ``name`` is the key of a :class:`Model` in ``Api.models``.
    * ``array``/``map``: ``args[0]`` is the item / value type.
    * ``tuple``: ``args`` are the items' types, one per position (``prefixItems``); with
      ``name == "..."`` a tuple of any length whose every item is of type ``args[0]``.
    * ``union``: ``args`` are the members (never containing ``null``: that is ``nullable``);
      ``discriminator`` is the wire name of the property whose value selects the member, when
      every member is an object model carrying it as a literal.
    * ``literal``: ``values`` are the allowed JSON scalars.
    * ``any``: free-form JSON.
    * ``file``: an upload (request bodies only); ``name`` is the runtime alias typing it:
      ``FileTypes`` for a multipart file, ``FileContent`` for a whole binary body.
    """

    kind: TypeKind
    name: str = ""
    args: tuple[TypeRef, ...] = ()
    nullable: bool = False
    format: str | None = None
    values: tuple[str | int | float | bool, ...] = ()
    discriminator: str | None = None

    def with_nullable(self, nullable: bool = True) -> TypeRef:
        # Called thousands of times per spec, mostly with the value it has already; and
        # ``dataclasses.replace`` inspects the fields on every call.
        if nullable == self.nullable:
            return self
        return TypeRef(
            kind=self.kind,
            name=self.name,
            args=self.args,
            nullable=nullable,
            format=self.format,
            values=self.values,
            discriminator=self.discriminator,
        )


@dataclass(frozen=True)
class Field:
    name: str  # Python attribute name
    wire: str  # JSON property name (an alias when it differs from ``name``)
    type: TypeRef
    required: bool
    description: str | None = None
    deprecated: bool = False


@dataclass(frozen=True)
class Model:
    """A named type emitted into ``types/``.

    ``kind`` is ``object`` (a pydantic model with ``fields``) or ``alias`` (a named alias of
    ``alias_of``: an enum becomes a ``Literal`` alias, a union schema a union alias).
    """

    key: str  # stable identity: the JSON pointer of the schema (file-qualified when external)
    name: str  # Python class / alias name
    module: str  # module under ``types/`` that defines it (models of one reference cycle share one)
    kind: Literal["object", "alias"]
    description: str | None = None
    fields: tuple[Field, ...] = ()
    alias_of: TypeRef | None = None
    extra: TypeRef | None = None  # additionalProperties' value type, when declared
    source: SourceRef | None = None


@dataclass(frozen=True)
class Parameter:
    """One argument of a generated method; body fields of an object body are flattened to these."""

    name: str  # Python keyword argument
    wire: str  # name on the wire
    location: ParamLocation
    type: TypeRef
    required: bool
    description: str | None = None
    deprecated: bool = False
    cli_flag: str = ""  # e.g. "--index-id" (arrays take the singular)
    # Serialisation, each None/False when it is the location's default (so generated code states
    # only what differs): OpenAPI style, explode and allowReserved (query only).
    style: str | None = None
    explode: bool | None = None
    allow_reserved: bool = False
    # The media type of a parameter described by ``content`` (not ``schema``): its value is
    # written as that type's text (``application/json``: JSON), and style/explode do not apply.
    content_type: str | None = None


@dataclass(frozen=True)
class Body:
    content_type: str
    kind: BodyKind
    required: bool
    type: TypeRef  # the whole body's type
    flattened: bool  # True: the object's properties became ``body`` parameters
    # Form and multipart fields written other than by default (the media type's ``encoding``,
    # file fields), in wire-name order.
    encodings: tuple[BodyEncoding, ...] = ()
    # The Content-Type to send when it is not the kind's default (see ``DEFAULT_CONTENT_TYPES``).
    send_content_type: str | None = None
    # The other media types the operation accepts, beside the chosen ``content_type``.
    alternatives: tuple[str, ...] = ()


# The Content-Type each body kind sends unless the spec names another.
DEFAULT_CONTENT_TYPES: dict[str, str] = {
    "json": "application/json",
    "form": "application/x-www-form-urlencoded",
    "multipart": "multipart/form-data",
    "binary": "application/octet-stream",
    "text": "text/plain",
}


@dataclass(frozen=True)
class BodyEncoding:
    """One form or multipart field's ``encoding`` entry, and whether the field is a file."""

    wire: str
    style: str | None = None
    explode: bool | None = None
    content_type: str | None = None
    file: bool = False


@dataclass(frozen=True)
class Response:
    status: str  # "200", "4XX", "default"
    description: str | None
    content_type: str | None
    type: TypeRef | None
    example: JSONValue = None
    has_example: bool = False
    kind: ResponseKind = "json"
    # Whether the body can be a text/event-stream: always for ``kind == "sse"``; beside another
    # kind when the response offers both (the server picks, e.g. by a ``stream`` flag, and the
    # runtime follows the Content-Type it receives).
    streams: bool = False
    # The type of one event's data; ``None`` with ``streams``: untyped (``ServerSentEvent``).
    event_type: TypeRef | None = None


PaginationScheme = Literal["cursor", "offset", "page", "link"]
# Where the next request's cursor comes from: a response field (``next_cursor``), a field of the
# last item (``id``, sent as ``after``), the ``Link`` header's ``rel="next"`` URL, or counting
# (offset + items received; page + 1).
NextFrom = Literal["response_field", "last_item", "link_header", "count"]


@dataclass(frozen=True)
class Pagination:
    """How a list operation walks its pages; decided once for every target language.

    Every name is a wire name (request parameters and response fields as the API spells them):
    each target maps them to its own identifiers.
    """

    scheme: PaginationScheme
    next_from: NextFrom
    items: str  # the response field holding the page's items; "": the body is the array
    item_type: TypeRef  # one item
    param: str = ""  # the request parameter the next request sets (link: none)
    cursor_field: str = (
        ""  # response_field: the response's field; last_item: the item's
    )
    has_more: str = ""  # a boolean response field saying whether another page exists
    total: str = ""  # a response field counting all items (offset) or all pages (page)
    size_param: str = ""  # the page-size request parameter (a shorter page is the last)
    first: int = 0  # page: the number of the first page when the call does not send one
    declared: str = ""  # the settings' scheme name; "": detected from the spec


@dataclass(frozen=True)
class Operation:
    key: str  # "post /api/v1/chat"
    name: str  # Python method name
    cli_name: str  # command under its resource: "create"
    http_method: str  # lower case
    path: str  # as in the spec, placeholders are wire names
    operation_id: str | None
    summary: str | None
    description: str | None
    parameters: tuple[Parameter, ...]  # signature order
    body: Body | None
    response: Response | None  # the success response whose body the method returns
    error_responses: tuple[Response, ...]
    deprecated: bool = False
    source: SourceRef | None = None
    # The boolean body argument that switches a response offering JSON and an event stream to
    # the stream (OpenAI's ``stream: true``); the method's overloads follow its value.
    stream_flag: str | None = None
    # Set on list operations whose pages the client follows (detected or declared in settings).
    pagination: Pagination | None = None
    # The requirement sets the operation accepts, as client argument names, in the spec's
    # order; the runtime applies the first whose credentials are all configured. ``None``: the
    # client's default, ``api_key`` alone (the common case states nothing); ``()``: none
    # (``security: []``).
    security: tuple[tuple[str, ...], ...] | None = None

    @property
    def constant(self) -> str:
        """Module-level name of the operation's declarative description."""
        return "_" + self.name.upper()


@dataclass(frozen=True)
class Resource:
    name: str  # attribute on the parent (client or resource)
    class_name: str  # e.g. "ChatResource"; the async one is "Async" + class_name
    path: tuple[str, ...]  # attribute path from the client: ("beta", "chat")
    module: str  # dotted module under the package: "resources.beta.chat"
    cli_name: str  # "beta:chat"
    operations: tuple[Operation, ...]
    children: tuple[Resource, ...]

    @property
    def is_package(self) -> bool:
        return bool(self.children)

    def walk(self) -> tuple[Resource, ...]:
        out: list[Resource] = [self]
        for child in self.children:
            out.extend(child.walk())
        return tuple(out)


@dataclass(frozen=True)
class Server:
    url: str
    description: str | None = None


AuthKind = Literal["bearer", "basic", "header", "query", "cookie", "none"]


@dataclass(frozen=True)
class AuthScheme:
    """One security scheme the client can apply, and the client argument holding its credential.

    ``bearer``: ``Authorization: Bearer <key>``; ``basic``: the key is ``user:password``, sent as
    ``Authorization: Basic``; ``header``/``query``/``cookie``: the key under ``param``.
    """

    kind: AuthKind
    scheme_name: str | None = None
    param: str = ""
    description: str | None = None
    argument: str = "api_key"  # the client's keyword argument
    env: str = ""  # the environment variable it defaults to


@dataclass(frozen=True)
class Auth:
    """The schemes the client takes a credential for; the first is ``api_key``."""

    schemes: tuple[AuthScheme, ...] = ()

    @property
    def primary(self) -> AuthScheme:
        return self.schemes[0] if self.schemes else AuthScheme("none")

    @property
    def kind(self) -> AuthKind:
        return self.primary.kind

    @property
    def scheme_name(self) -> str | None:
        return self.primary.scheme_name

    @property
    def param(self) -> str:
        return self.primary.param

    @property
    def description(self) -> str | None:
        return self.primary.description

    @property
    def extra(self) -> tuple[AuthScheme, ...]:
        """The schemes beyond ``api_key``, each with its own client argument."""
        return self.schemes[1:]


@dataclass(frozen=True)
class Api:
    title: str  # human title: "LlamaCloud"; User-Agent product name
    description: str | None
    spec_version: str  # the document's info.version
    openapi: str  # the document's openapi field
    package: str  # import name
    distribution: str  # pip name
    version: str  # package version
    client_class: str
    async_client_class: str
    env_api_key: str
    env_base_url: str
    env_log: str
    cli_command: str
    servers: tuple[Server, ...]
    auth: Auth
    resources: tuple[Resource, ...]
    models: tuple[Model, ...]
    warnings: tuple[str, ...] = field(default=())

    @cached_property
    def models_by_key(self) -> dict[str, Model]:
        """Every model by its key: the renderers look models up thousands of times per run."""
        return {m.key: m for m in self.models}

    @property
    def default_base_url(self) -> str:
        return self.servers[0].url if self.servers else "http://localhost"

    def all_resources(self) -> tuple[Resource, ...]:
        out: list[Resource] = []
        for r in self.resources:
            out.extend(r.walk())
        return tuple(out)

    def operations(self) -> tuple[tuple[Resource, Operation], ...]:
        return tuple((r, op) for r in self.all_resources() for op in r.operations)
