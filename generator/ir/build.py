"""Spec + settings → :class:`Api`. Every naming decision of the output is made in this package."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, cast
from urllib.parse import quote

from ..diagnostics import Diagnostic, GenerationError, pointer_join
from ..settings import ResourceSettings, Settings
from ..spec.load import SourceFile
from ..spec.refs import DocumentSet, Located
from . import naming, pagination, rest_names, security
from .nodes import (
    Api,
    Body,
    BodyEncoding,
    BodyKind,
    DEFAULT_CONTENT_TYPES,
    Operation,
    Parameter,
    Resource,
    Response,
    ResponseKind,
    Server,
    SourceRef,
    ParamLocation,
    TypeRef,
)
from .schemas import ModelRegistry

HTTP_METHODS = (
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
    "query",
)
_LOCATIONS = ("path", "query", "header", "cookie")
_LOCATION_ORDER = {"path": 0, "query": 1, "header": 2, "cookie": 3, "body": 4}
# A method named like a type would shadow that type in the annotations of later methods.
# And one named like a decorator the class body uses would replace it for the methods after it
# (method names also dodge METHOD_RESERVED, which covers the ``= omit`` defaults).
RESOURCE_RESERVED = frozenset(
    {
        "with_raw_response",
        "with_streaming_response",
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "object",
        "overload",
        "cached_property",
    }
)
# Flags every CLI command already has.
CLI_GLOBAL_FLAGS = frozenset(
    {
        "--api-key",
        "--base-url",
        "--format",
        "--transform",
        "--debug",
        "--version",
        "--help",
        "--timeout",
        "--max-retries",
    }
)
# Runtime aliases resource modules import by their own names (upload arguments): a model may not
# take them.
RUNTIME_TYPE_NAMES = frozenset({"FileTypes", "FileContent"})
# Top-level commands the CLI itself defines.
CLI_RESERVED_COMMANDS = frozenset({"completion"})


@dataclass
class _RawOperation:
    key: str
    method: str
    path: str
    node: dict[str, Any]
    path_item: dict[str, Any]
    pointer: str
    file: SourceFile


@dataclass
class _Node:
    """A resource while the tree is being assembled."""

    name: str
    ops: list[tuple[str, _RawOperation]] = field(
        default_factory=list
    )  # (wanted method name, op)
    children: dict[str, _Node] = field(default_factory=dict)


def build_api(
    docs: DocumentSet, settings: Settings, diagnostics: list[Diagnostic]
) -> Api:
    root = docs.root.data
    info = _mapping(root, "info")
    title = settings.title or _text(info.get("title")) or "API"
    registry = ModelRegistry(docs, diagnostics)
    raw_ops = _collect_operations(docs, diagnostics)
    tree = _place_operations(raw_ops, settings, docs)
    derived_package, derived_client, screaming, derived_cli = naming.title_names(title)
    package = settings.package or derived_package
    client = settings.client_sync or derived_client
    reserved_types = frozenset(
        {client, settings.client_async or f"Async{client}", *RUNTIME_TYPE_NAMES}
    )
    resources = tuple(
        _resource(node, (), registry, docs, diagnostics)
        for _, node in sorted(tree.children.items())
    )
    # Schemas no operation uses are still part of the API's vocabulary: emit them too.
    schemas = _mapping(_mapping(root, "components"), "schemas")
    if isinstance(schemas, dict):
        for name in sorted(k for k in schemas if isinstance(k, str)):
            registry.type_of(
                {"$ref": "#" + quote(pointer_join("/components/schemas", name))},
                docs.root,
                pointer_join("/components/schemas", name),
                name,
            )
    resources = tuple(_request_shapes(r, registry) for r in resources)
    models = registry.finish(
        reserved_types | naming.IMPORTED_NAMES | _resource_classes(resources)
    )
    resources = pagination.attach(
        resources,
        {m.key: m for m in models},
        {op.key: (op.node, op.path_item, op.file, op.pointer) for op in raw_ops},
        docs,
        settings,
    )
    env_api_key = settings.env_api_key or f"{screaming}_API_KEY"
    auth = security.build_auth(docs, settings, env_api_key, diagnostics)
    resources = security.with_security(resources, docs, settings, auth)
    return Api(
        title=title,
        description=_text(info.get("description")),
        spec_version=str(info.get("version", "")),
        openapi=str(root.get("openapi", "")),
        package=package,
        distribution=settings.distribution or package.replace("_", "-"),
        version=settings.version or "0.1.0",
        client_class=client,
        async_client_class=settings.client_async or f"Async{client}",
        env_api_key=env_api_key,
        env_base_url=settings.env_base_url or f"{screaming}_BASE_URL",
        env_log=settings.env_log or f"{screaming}_LOG",
        cli_command=settings.cli_command or derived_cli,
        servers=_servers(root),
        auth=auth,
        resources=resources,
        models=models,
    )


def _collect_operations(
    docs: DocumentSet, diagnostics: list[Diagnostic]
) -> list[_RawOperation]:
    paths = docs.root.data.get("paths")
    out: list[_RawOperation] = []
    if not isinstance(paths, dict):
        return out
    for path, item in paths.items():
        if not isinstance(path, str):
            continue
        located = _follow(
            docs, item, docs.root, pointer_join("/paths", path), diagnostics
        )
        if located is None or not isinstance(located.value, dict):
            continue
        item, item_file, item_pointer = located.value, located.file, located.pointer
        for method in HTTP_METHODS:
            node = item.get(method)
            if isinstance(node, dict):
                out.append(
                    _RawOperation(
                        f"{method} {path}",
                        method,
                        path,
                        node,
                        item,
                        pointer_join(item_pointer, method),
                        item_file,
                    )
                )
    return out


def _place_operations(
    ops: list[_RawOperation], settings: Settings, docs: DocumentSet
) -> _Node:
    """Build the resource tree: settings first, then tags or path segments for the rest."""
    root = _Node("")
    by_key = {op.key: op for op in ops}
    placed: set[str] = set()
    problems: list[Diagnostic] = []

    def walk(node: _Node, conf: ResourceSettings, pointer: str) -> None:
        for name, method, path in conf.methods:
            key = f"{method} {path}"
            here = pointer_join(pointer, "methods", name)
            if key not in by_key:
                problems.append(
                    settings.diagnostic(here, f"no operation '{key}' in the spec")
                )
            elif key in placed:
                problems.append(
                    settings.diagnostic(here, f"'{key}' is already placed elsewhere")
                )
            else:
                placed.add(key)
                node.ops.append((name, by_key[key]))
        for name, child_conf in conf.resources:
            # A resource named like a member of the class it hangs on would replace that member.
            owner = "client" if node is root else "resource"
            taken = (
                naming.client_members() if node is root else naming.resource_members()
            )
            if name in taken or (node is not root and name in RESOURCE_RESERVED):
                problems.append(
                    settings.diagnostic(
                        pointer_join(pointer, "resources", name),
                        f"{name!r} is a member of the {owner}; choose another resource name",
                    )
                )
            child = node.children.setdefault(name, _Node(name))
            walk(child, child_conf, pointer_join(pointer, "resources", name))

    if settings.resources is not None:
        walk(root, settings.resources, "")
    if problems:
        raise GenerationError(problems)
    rest = [
        rest_names.Op(op.key, op.method, op.path, op.node)
        for op in ops
        if op.key not in placed
    ]
    wanted = rest_names.place(rest, by_rest=settings.naming == "rest")
    for op in ops:
        if op.key in placed:
            continue
        where = wanted[op.key]
        node = root
        for depth, segment in enumerate(where.resource):
            # Every member of the runtime clients (``user_agent``, ``is_closed``, ...) is taken.
            taken = (
                naming.client_members()
                if depth == 0
                else naming.resource_members() | RESOURCE_RESERVED
            )
            name = naming.member_name(segment or "default", taken, "resource")
            node = node.children.setdefault(name, _Node(name))
        node.ops.append((where.method, op))
    return root


def _resource(
    node: _Node,
    parent: tuple[str, ...],
    registry: ModelRegistry,
    docs: DocumentSet,
    diagnostics: list[Diagnostic],
) -> Resource:
    path = (*parent, node.name)
    # Method names and child resource names share the resource's attribute namespace.
    wants = [
        (
            f"0 {op.key}",
            naming.member_name(
                name,
                RESOURCE_RESERVED | naming.METHOD_RESERVED | naming.resource_members(),
                "call",
            ),
        )
        for name, op in node.ops
    ]
    wants += [(f"1 {name}", name) for name in node.children]
    names = naming.dedupe(wants)
    class_base = naming.pascal(node.name) or "Default"
    if class_base in {naming.pascal(name) or "Default" for name in parent}:
        # ``teams.teams``: the parent's module imports this class beside its own.
        class_base = naming.pascal("_".join(path)) or "Default"
    children = tuple(
        _resource(child, path, registry, docs, diagnostics)
        for _, child in sorted(node.children.items())
    )
    operations = tuple(
        _operation(op, names[f"0 {op.key}"], path, registry, docs, diagnostics)
        for _, op in node.ops
    )
    return Resource(
        name=node.name,
        class_name=f"{class_base}Resource",
        path=path,
        module="resources." + ".".join(path),
        cli_name=_cli_name(path),
        operations=operations,
        children=children,
    )


def _request_shapes(resource: Resource, registry: ModelRegistry) -> Resource:
    """Body arguments typed as a request sends them (``ModelRegistry.request_type``): done once
    every schema is converted, since whether a model needs a request variant depends on the
    models it holds."""

    def operation(op: Operation) -> Operation:
        params = tuple(
            (
                replace(p, type=registry.request_type(p.type))
                if p.location == "body"
                else p
            )
            for p in op.parameters
        )
        body = op.body
        if body is not None and not body.flattened:
            body = replace(body, type=registry.request_type(body.type))
        return replace(op, parameters=params, body=body)

    return replace(
        resource,
        operations=tuple(operation(op) for op in resource.operations),
        children=tuple(_request_shapes(c, registry) for c in resource.children),
    )


def _resource_classes(resources: tuple[Resource, ...]) -> frozenset[str]:
    """Class names a resource module defines: a model imported there may not take one."""
    out: set[str] = set()
    for top in resources:
        for resource in top.walk():
            for prefix in ("", "Async"):
                out.add(prefix + resource.class_name)
                out.add(prefix + resource.class_name + "WithRawResponse")
                out.add(prefix + resource.class_name + "WithStreamingResponse")
    return frozenset(out)


def _cli_name(path: tuple[str, ...]) -> str:
    words = [naming.kebab(p) or p for p in path]
    if len(words) == 1 and words[0] in CLI_RESERVED_COMMANDS:
        words[0] += "-api"
    return ":".join(words)


def _operation(
    raw: _RawOperation,
    name: str,
    resource_path: tuple[str, ...],
    registry: ModelRegistry,
    docs: DocumentSet,
    diagnostics: list[Diagnostic],
) -> Operation:
    want_prefix = naming.pascal("_".join((*resource_path[-1:], name)))
    params = _parameters(raw, docs, registry, want_prefix, diagnostics)
    body, body_params = _body(raw, docs, registry, want_prefix, diagnostics)
    all_params = _settle_parameter_names([*params, *body_params], raw.path)
    response, errors = _responses(raw, docs, registry, want_prefix, diagnostics)
    return Operation(
        key=raw.key,
        name=name,
        cli_name=naming.kebab(name) or name,
        http_method=raw.method,
        path=raw.path,
        operation_id=(
            raw.node.get("operationId")
            if isinstance(raw.node.get("operationId"), str)
            else None
        ),
        summary=_text(raw.node.get("summary")),
        description=_text(raw.node.get("description")),
        parameters=all_params,
        body=body,
        response=response,
        error_responses=errors,
        deprecated=raw.node.get("deprecated") is True,
        source=SourceRef(raw.file.display, raw.pointer),
        stream_flag=_stream_flag(response, all_params),
    )


def _stream_flag(
    response: Response | None, params: tuple[Parameter, ...]
) -> str | None:
    if response is None or not response.streams or response.kind == "sse":
        return None
    for param in params:
        is_bool = param.type.kind == "primitive" and param.type.name == "bool"
        if param.location == "body" and param.wire == "stream" and is_bool:
            return param.name
    return None


@dataclass
class _WantParam:
    wire: str
    location: ParamLocation
    type: TypeRef
    required: bool
    description: str | None
    deprecated: bool
    style: str | None
    explode: bool | None
    allow_reserved: bool = False
    content_type: str | None = None


def _parameters(
    raw: _RawOperation,
    docs: DocumentSet,
    registry: ModelRegistry,
    want_prefix: str,
    diagnostics: list[Diagnostic],
) -> list[_WantParam]:
    found: dict[tuple[str, str], _WantParam] = {}
    sources = [
        (
            raw.path_item.get("parameters"),
            pointer_join(raw.pointer.rsplit("/", 1)[0], "parameters"),
        ),
        (raw.node.get("parameters"), pointer_join(raw.pointer, "parameters")),
    ]
    for params, pointer in sources:
        if not isinstance(params, list):
            continue
        for i, param in enumerate(params):
            located = _follow(
                docs, param, raw.file, pointer_join(pointer, i), diagnostics
            )
            if located is None or not isinstance(located.value, dict):
                continue
            param, file, here = located.value, located.file, located.pointer
            wire, location = param.get("name"), param.get("in")
            if not isinstance(wire, str) or location not in _LOCATIONS:
                continue
            schema = param.get("schema")
            schema_pointer = pointer_join(here, "schema")
            content_type: str | None = None
            content = param.get("content")
            if schema is None and isinstance(content, dict) and content:
                # ``content`` has exactly one entry; its media type, not a style, says how
                # the value is written (JSON text for application/json).
                content_type = str(next(iter(content)))
                media: Any = content[content_type]
                schema = media.get("schema") if isinstance(media, dict) else None
                schema_pointer = pointer_join(here, "content", content_type, "schema")
            type_ = registry.type_of(
                schema if schema is not None else {},
                file,
                schema_pointer,
                want_prefix + naming.pascal(wire),
            )
            if content_type is None:
                style, explode, allow_reserved = _serialisation(
                    param, location, file, here, docs, diagnostics
                )
            else:
                style, explode = None, None
                allow_reserved = (
                    location == "query" and param.get("allowReserved") is True
                )
            found[(location, wire)] = _WantParam(
                wire=wire,
                location=cast(ParamLocation, location),
                type=type_,
                required=location == "path" or param.get("required") is True,
                description=_text(param.get("description"))
                or _schema_description(docs, schema, file, schema_pointer),
                deprecated=param.get("deprecated") is True,
                style=style,
                explode=explode,
                allow_reserved=allow_reserved,
                content_type=content_type,
            )
    # Declared placeholders are taken out first: a declared name may itself hold braces.
    undeclared = raw.path
    for location, wire in found:
        if location == "path":
            undeclared = undeclared.replace("{" + wire + "}", "/")
    for wire in _PLACEHOLDER.findall(undeclared):
        if ("path", wire) in found:
            continue
        # The validator reports it; a lenient run would otherwise send "{itemId}" literally.
        diagnostics.append(
            docs.diagnostic(
                raw.file,
                raw.pointer,
                f"the path placeholder {{{wire}}} has no parameter; "
                f"the client takes {wire!r} as a required string path parameter",
                "warning",
            )
        )
        found[("path", wire)] = _WantParam(
            wire, "path", TypeRef("primitive", "str"), True, None, False, None, None
        )
    return list(found.values())


_PLACEHOLDER = re.compile(r"\{([^{}/]+)\}")


# The styles OpenAPI defines for each location; the first is the default.
_STYLES = {
    "path": ("simple", "label", "matrix"),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "header": ("simple",),
    "cookie": ("form",),
}


def _serialisation(
    param: dict[str, Any],
    location: str,
    file: SourceFile,
    here: str,
    docs: DocumentSet,
    diagnostics: list[Diagnostic],
) -> tuple[str | None, bool | None, bool]:
    """``style``, ``explode`` and ``allow_reserved`` of a parameter, each left ``None``/``False``
    when it is what the location does by default, so generated code states only what differs.
    """
    default = _STYLES[location][0]
    style = param.get("style", default)
    if style not in _STYLES[location]:
        diagnostics.append(
            docs.diagnostic(
                file,
                pointer_join(here, "style"),
                f"style {style!r} is not defined for {location} parameters; "
                f"sent as {default}",
                "warning",
            )
        )
        style = default
    explode = param.get("explode")
    if not isinstance(explode, bool):
        explode = style == "form"
    if explode and style in ("spaceDelimited", "pipeDelimited"):
        diagnostics.append(
            docs.diagnostic(
                file,
                pointer_join(here, "explode"),
                f"{style} with explode: true is undefined in OpenAPI; "
                "each value is sent as its own key=value pair",
                "warning",
            )
        )
    # deepObject is written one way whatever explode says.
    plain = explode == (style == "form") or style == "deepObject"
    return (
        None if style == default else style,
        None if plain else explode,
        location == "query" and param.get("allowReserved") is True,
    )


def _body(
    raw: _RawOperation,
    docs: DocumentSet,
    registry: ModelRegistry,
    want_prefix: str,
    diagnostics: list[Diagnostic],
) -> tuple[Body | None, list[_WantParam]]:
    located = _follow(
        docs,
        raw.node.get("requestBody"),
        raw.file,
        pointer_join(raw.pointer, "requestBody"),
        diagnostics,
    )
    if located is None:
        return None, []
    node, file, pointer = located.value, located.file, located.pointer
    if not isinstance(node, dict) or not isinstance(node.get("content"), dict):
        return None, []
    content = node["content"]
    ranked = _ranked_media_types(content, file, docs)
    if not ranked:
        return None, []
    media_type, kind = ranked[0]
    binaries = sum(1 for _, k in ranked if k == "binary")
    request = _BodyRequest(
        media_type,
        kind,
        _mapping(content, media_type),
        pointer_join(pointer, "content", media_type),
        file,
        node.get("required") is True,
        _text(node.get("description")),
        tuple(m for m, _ in ranked[1:]),
        _send_content_type(media_type, kind, binaries),
    )
    if kind in ("binary", "text"):
        return _raw_body(request, docs, diagnostics)
    return _structured_body(request, docs, registry, want_prefix, diagnostics)


@dataclass(frozen=True)
class _BodyRequest:
    """The request body media type chosen for an operation, and where it was found."""

    media_type: str
    kind: BodyKind
    media: dict[str, Any]
    pointer: str  # of the media type object
    file: SourceFile
    required: bool
    description: str | None
    alternatives: tuple[str, ...]
    send_content_type: str | None

    def body(
        self,
        type_: TypeRef,
        flattened: bool,
        encodings: tuple[BodyEncoding, ...] = (),
    ) -> Body:
        return Body(
            self.media_type,
            self.kind,
            self.required,
            type_,
            flattened,
            encodings,
            self.send_content_type,
            self.alternatives,
        )

    def whole(self, type_: TypeRef) -> _WantParam:
        """The one argument that carries the whole body."""
        return _WantParam(
            _WHOLE_BODY_WIRE,
            "body",
            type_,
            self.required,
            self.description,
            False,
            None,
            None,
        )


# The wire name of the argument carrying a whole body: it names the method's keyword argument
# (settled against the others like any parameter) and the CLI flag; nothing is sent under it.
_WHOLE_BODY_WIRE = "body"
# When an operation offers several request media types: JSON, then forms, then the rest.
_BODY_PREFERENCE: dict[str, int] = {
    "json": 0,
    "form": 1,
    "multipart": 2,
    "text": 3,
    "binary": 4,
}
_FORM_STYLES = ("form", "spaceDelimited", "pipeDelimited", "deepObject")
_FILE_TYPES = TypeRef("file", "FileTypes")


def _ranked_media_types(
    content: dict[str, Any], file: SourceFile, docs: DocumentSet
) -> list[tuple[str, BodyKind]]:
    """The body's media types, best first: by kind, then the kind's plain type (``text/plain``
    before ``text/csv``), then by name, so the choice never depends on the order of keys.
    """
    kinds = [
        (m, _body_kind(m, _mapping(content, m), file, docs))
        for m in content
        if isinstance(m, str)
    ]
    return sorted(
        kinds,
        key=lambda mk: (
            _BODY_PREFERENCE[mk[1]],
            _base_media_type(mk[0]) != DEFAULT_CONTENT_TYPES[mk[1]],
            mk[0],
        ),
    )


def _base_media_type(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip().lower()


def _body_kind(
    media_type: str, media: dict[str, Any], file: SourceFile, docs: DocumentSet
) -> BodyKind:
    base = _base_media_type(media_type)
    if base == "application/x-www-form-urlencoded":
        return "form"
    if base == "multipart/form-data":
        return "multipart"
    read_as = _media_kind(media_type, media, file, docs)
    if read_as == "json":
        return "json"
    return "binary" if read_as == "binary" else "text"


def _send_content_type(media_type: str, kind: BodyKind, binaries: int) -> str | None:
    """The Content-Type the operation states, ``None`` for the runtime's default: form and
    multipart always send their own (multipart's carries the boundary); JSON and text theirs
    unless the spec names another; a binary body the one type offered, else (several, or a range
    such as ``image/*``) a type guessed from the file's name."""
    base = _base_media_type(media_type)
    if kind in ("form", "multipart") or "*" in base:
        return None
    if kind == "binary":
        return media_type if binaries == 1 else None
    return None if base == DEFAULT_CONTENT_TYPES[kind] else media_type


def _raw_body(
    request: _BodyRequest, docs: DocumentSet, diagnostics: list[Diagnostic]
) -> tuple[Body, list[_WantParam]]:
    """A binary or text body: one argument, bytes / a file / a path, or a ``str``."""
    if request.kind == "text":
        type_ = TypeRef("primitive", "str")
    else:
        type_ = TypeRef("file", "FileContent")
    if _is_structured(request.media.get("schema"), request.file, docs):
        what = "text" if request.kind == "text" else "bytes"
        diagnostics.append(
            docs.diagnostic(
                request.file,
                pointer_join(request.pointer, "schema"),
                f"'{request.media_type}' bodies are not encoded by the client; the argument "
                f"takes the body as {what} the caller has encoded",
                "warning",
            )
        )
    return request.body(type_, False), [request.whole(type_)]


def _is_structured(schema: Any, file: SourceFile, docs: DocumentSet) -> bool:
    """Whether a schema describes data (an object, an array, a number) rather than bytes or text."""
    try:
        located = docs.follow(schema, file, "")
    except LookupError:
        return False
    value = located.value
    if not isinstance(value, dict):
        return False
    types = value.get("type")
    if types is None:
        return any(
            k in value for k in ("properties", "items", "allOf", "oneOf", "anyOf")
        )
    concrete = types if isinstance(types, list) else [types]
    return any(t not in ("string", "null") for t in concrete)


def _structured_body(
    request: _BodyRequest,
    docs: DocumentSet,
    registry: ModelRegistry,
    want_prefix: str,
    diagnostics: list[Diagnostic],
) -> tuple[Body, list[_WantParam]]:
    """A JSON, form or multipart body: an object's properties become arguments; anything else
    is one argument carrying the whole body."""
    schema_ptr = pointer_join(request.pointer, "schema")
    schema = request.media.get("schema", {})
    type_ = registry.type_of(schema, request.file, schema_ptr, want_prefix + "Params")
    forms = request.kind in ("form", "multipart")
    # A form has no null to send: a nullable object is still a set of fields.
    fields = registry.object_fields(type_.with_nullable(False) if forms else type_)
    if fields is None and _is_closed_empty_object(schema, request.file, docs):
        fields = []  # no fields (Stripe's GETs declare such a form): no argument
    if fields is None:
        return _whole_structured(request, type_, docs, diagnostics)
    properties = registry.property_schemas(schema, request.file) if forms else {}
    encodings: list[BodyEncoding] = []
    params: list[_WantParam] = []
    for f in fields:
        field_type = f.type
        if forms:
            encoding, upload = _field_encoding(
                request, f.wire, f.type, properties, docs, diagnostics
            )
            field_type = upload or f.type
            if encoding is not None:
                encodings.append(encoding)
        params.append(
            _WantParam(
                f.wire,
                "body",
                field_type,
                request.required and f.required,
                f.description,
                f.deprecated,
                None,
                None,
            )
        )
    encodings.sort(key=lambda e: e.wire)
    return request.body(type_, True, tuple(encodings)), params


def _is_closed_empty_object(schema: Any, file: SourceFile, docs: DocumentSet) -> bool:
    """``{type: object, properties: {}, additionalProperties: false}``: a body with no fields."""
    try:
        value = docs.follow(schema, file, "").value
    except LookupError:
        return False
    return (
        isinstance(value, dict)
        and value.get("additionalProperties") is False
        and not value.get("properties")
        and not any(k in value for k in ("allOf", "oneOf", "anyOf"))
    )


def _whole_structured(
    request: _BodyRequest,
    type_: TypeRef,
    docs: DocumentSet,
    diagnostics: list[Diagnostic],
) -> tuple[Body, list[_WantParam]]:
    """A body whose schema is not an object with properties: one argument of its type. A form
    is always a set of fields, so one described otherwise takes any mapping, with a warning.
    """
    if request.kind == "json" or type_.kind == "map":
        return request.body(type_, False), [request.whole(type_)]
    mapping = TypeRef("map", args=(TypeRef("any"),))
    if type_.kind != "any":
        diagnostics.append(
            docs.diagnostic(
                request.file,
                pointer_join(request.pointer, "schema"),
                f"a '{request.media_type}' body must be an object; the argument takes any "
                "mapping of field names to values",
                "warning",
            )
        )
    return request.body(mapping, False), [request.whole(mapping)]


def _field_encoding(
    request: _BodyRequest,
    wire: str,
    type_: TypeRef,
    properties: dict[str, tuple[Any, SourceFile]],
    docs: DocumentSet,
    diagnostics: list[Diagnostic],
) -> tuple[BodyEncoding | None, TypeRef | None]:
    """A form or multipart field's ``encoding`` entry (``None`` when all is default) and, for a
    multipart field carrying files, its upload type."""
    entry = _mapping(_mapping(request.media, "encoding"), wire)
    style = entry.get("style")
    if style is not None and style not in _FORM_STYLES:
        diagnostics.append(
            docs.diagnostic(
                request.file,
                pointer_join(request.pointer, "encoding", wire, "style"),
                f"style {style!r} is not defined for form fields; sent as the default",
                "warning",
            )
        )
        style = None
    explode = entry.get("explode") if isinstance(entry.get("explode"), bool) else None
    upload: TypeRef | None = None
    content_type: str | None = None
    if request.kind == "multipart":
        declared = entry.get("contentType")
        content_type = declared.strip() if isinstance(declared, str) else None
        prop, prop_file = properties.get(wire, ({}, request.file))
        upload = _upload_type(type_, prop, prop_file, content_type, docs)
        if upload is not None and content_type is None:
            content_type = _content_media_type(prop, prop_file, docs)
    if style is None and explode is None and content_type is None and upload is None:
        return None, None
    encoding = BodyEncoding(wire, style, explode, content_type, upload is not None)
    return encoding, upload


def _content_media_type(schema: Any, file: SourceFile, docs: DocumentSet) -> str | None:
    """A 3.1 ``contentMediaType`` of a file field (or of its items): the part's Content-Type."""
    try:
        value = docs.follow(schema, file, "").value
    except LookupError:
        return None
    items = _mapping(value, "items")
    for where in (value, items):
        declared = where.get("contentMediaType") if isinstance(where, dict) else None
        if isinstance(declared, str) and declared.strip():
            return declared.strip()
    return None


def _upload_type(
    type_: TypeRef,
    prop: Any,
    file: SourceFile,
    content_type: str | None,
    docs: DocumentSet,
) -> TypeRef | None:
    """``FileTypes`` (or a sequence of them) when a multipart field carries files: a binary
    string (3.0 ``format: binary``, 3.1 ``contentMediaType``), or an ``encoding.contentType``
    that is not text, on a field that is no more than a string."""
    if _is_upload(type_, prop, file, content_type, docs):
        return _FILE_TYPES.with_nullable(type_.nullable)
    if type_.kind == "union":  # one file or several (OpenAI's image edits)
        members = [_upload_type(a, {}, file, content_type, docs) for a in type_.args]
        if all(members):
            unique = tuple(dict.fromkeys(m for m in members if m is not None))
            return TypeRef("union", args=unique, nullable=type_.nullable)
    if type_.kind == "array" and type_.args:
        try:
            items = _mapping(docs.follow(prop, file, "").value, "items")
        except LookupError:
            items = {}
        if _is_upload(type_.args[0], items, file, content_type, docs):
            return TypeRef("array", args=(_FILE_TYPES,), nullable=type_.nullable)
    return None


def _is_upload(
    type_: TypeRef,
    schema: Any,
    file: SourceFile,
    content_type: str | None,
    docs: DocumentSet,
) -> bool:
    if type_.kind == "primitive" and type_.name == "bytes":
        return True
    if _is_binary_schema(schema, file, docs):
        return True
    stringish = type_.kind == "any" or (
        type_.kind == "primitive" and type_.name == "str"
    )
    return stringish and content_type is not None and not _is_textual(content_type)


def _is_textual(content_type: str) -> bool:
    """Whether every media type an ``encoding.contentType`` lists is text a field carries."""
    for media_type in content_type.split(","):
        base = _base_media_type(media_type)
        if not (
            base.startswith("text/")
            or _is_json(base)
            and base != "*/*"
            or base == "application/x-www-form-urlencoded"
        ):
            return False
    return True


def _settle_parameter_names(
    params: list[_WantParam], path: str
) -> tuple[Parameter, ...]:
    """Python names and CLI flags for every argument; a clash keeps the earlier location's name
    (path, query, header, cookie, body) and gives the later one a location suffix."""
    # A wire name already snake_case keeps it before another one converts to the same.
    ordered = sorted(
        params,
        key=lambda p: (
            _LOCATION_ORDER[p.location],
            naming.member_name(p.wire, naming.METHOD_RESERVED, "param") != p.wire,
            p.wire,
        ),
    )
    spec_order = {id(p): i for i, p in enumerate(params)}
    placeholders = {w: i for i, w in enumerate(_PLACEHOLDER.findall(path))}
    taken: set[str] = set()
    flags_taken: set[str] = set(CLI_GLOBAL_FLAGS)
    out: list[Parameter] = []
    for p in ordered:
        name = naming.member_name(p.wire, naming.METHOD_RESERVED, "param")
        if name in taken:
            name = naming.member_name(f"{name}_{p.location}", naming.METHOD_RESERVED)
        n = 2
        base = name
        while name in taken:
            name, n = f"{base}_{n}", n + 1
        taken.add(name)
        words = naming.kebab(p.wire) or name.replace("_", "-")
        if p.type.kind == "array":
            parts = words.rsplit("-", 1)
            parts[-1] = naming.singular(parts[-1])
            words = "-".join(parts)
        flag = f"--{words}"
        if flag in flags_taken:
            flag = f"--{p.location}-{words}"
        n = 2
        base_flag = flag
        while flag in flags_taken:
            flag, n = f"{base_flag}-{n}", n + 1
        flags_taken.add(flag)
        if p.type.kind == "primitive" and p.type.name == "bool":
            flags_taken.add(
                "--no-" + flag[2:]
            )  # click's negative form of a boolean flag
        out.append(
            Parameter(
                name,
                p.wire,
                p.location,
                p.type,
                p.required,
                p.description,
                p.deprecated,
                flag,
                p.style,
                p.explode,
                p.allow_reserved,
                p.content_type,
            )
        )
    # Path parameters first, in the path's order (they are positional), then the required
    # arguments in spec order, then the optional ones in spec order.
    position = {id(param): spec_order[id(want)] for param, want in zip(out, ordered)}
    out.sort(
        key=lambda p: (
            p.location != "path",
            placeholders.get(p.wire, len(placeholders)) if p.location == "path" else 0,
            not p.required,
            position[id(p)],
        )
    )
    return tuple(out)


def _responses(
    raw: _RawOperation,
    docs: DocumentSet,
    registry: ModelRegistry,
    want_prefix: str,
    diagnostics: list[Diagnostic],
) -> tuple[Response | None, tuple[Response, ...]]:
    responses = raw.node.get("responses")
    if not isinstance(responses, dict):
        return None, ()
    success: Response | None = None
    errors: list[Response] = []
    for status in sorted(str(s) for s in responses):
        node = responses.get(
            status, responses.get(int(status)) if status.isdigit() else None
        )
        located = _follow(
            docs,
            node,
            raw.file,
            pointer_join(raw.pointer, "responses", status),
            diagnostics,
        )
        if located is None or not isinstance(located.value, dict):
            continue
        node, file, pointer = located.value, located.file, located.pointer
        is_success = status.startswith("2")
        want = want_prefix + ("Response" if is_success else f"Error{status}")
        response = _response(
            status, node, file, pointer, docs, registry, want, diagnostics
        )
        if is_success and success is None:
            success = response
        elif not is_success:
            errors.append(response)
    return success, tuple(errors)


def _response(
    status: str,
    node: dict[str, Any],
    file: SourceFile,
    pointer: str,
    docs: DocumentSet,
    registry: ModelRegistry,
    want: str,
    diagnostics: list[Diagnostic],
) -> Response:
    content = _mapping(node, "content")
    description = _text(node.get("description"))
    kinds = [
        (m, _media_kind(m, _mapping(content, m), file, docs))
        for m in content
        if isinstance(m, str)
    ]
    if not kinds:
        return Response(status, description, None, None, kind="none")
    media_type, kind = _primary(kinds)
    stream = next((m for m, k in kinds if k == "sse"), None)
    events = None
    if stream is not None:
        here = pointer_join(pointer, "content", stream)
        media = _mapping(content, stream)
        events = _event_type(
            stream, media, file, here, docs, registry, want, diagnostics
        )
    if kind != "json":
        return Response(
            status,
            description,
            media_type,
            None,
            kind=kind,
            streams=stream is not None,
            event_type=events,
        )
    media = _mapping(content, media_type)
    here = pointer_join(pointer, "content", media_type, "schema")
    type_ = registry.type_of(media.get("schema", {}), file, here, want)
    example, has_example = _example(media, file, docs)
    return Response(
        status,
        description,
        media_type,
        type_,
        example,
        has_example,
        streams=stream is not None,
        event_type=events,
    )


def _primary(kinds: list[tuple[str, ResponseKind]]) -> tuple[str, ResponseKind]:
    """The media type a method returns. JSON is what the client asks for by default; an event
    stream offered beside another kind is the alternative the server switches to (OpenAI's
    ``stream: true``), so it is primary only when alone."""
    return next((k for k in kinds if k[1] == "json"), None) or next(
        (k for k in kinds if k[1] != "sse"), kinds[0]
    )


# application/* types whose bodies are text a caller reads as ``str``.
_TEXT_APPLICATION_TYPES = frozenset(
    {
        "application/xml",
        "application/yaml",
        "application/x-yaml",
        "application/javascript",
        "application/ecmascript",
        "application/graphql",
        "application/sql",
        "application/x-ndjson",
        "application/jsonl",
        "application/x-www-form-urlencoded",
    }
)


def _media_kind(
    media_type: str, media: dict[str, Any], file: SourceFile, docs: DocumentSet
) -> ResponseKind:
    """How a body of ``media_type`` is read. An explicit binary schema wins over a textual or
    JSON media type (``*/*`` with ``format: binary`` is a download, not JSON)."""
    base = media_type.split(";", 1)[0].strip().lower()
    if base == "text/event-stream":
        return "sse"
    if _is_binary_schema(media.get("schema"), file, docs):
        return "binary"
    if _is_json(media_type):
        return "json"
    if (
        base.startswith("text/")
        or base in _TEXT_APPLICATION_TYPES
        or base.endswith(("+xml", "+yaml"))
    ):
        return "text"
    return "binary"


def _is_binary_schema(schema: Any, file: SourceFile, docs: DocumentSet) -> bool:
    """``type: string`` with ``format: binary`` (3.0), or with a ``contentMediaType`` and no
    ``contentEncoding`` (3.1: raw bytes of that type; with an encoding it is text in JSON).
    """
    try:
        located = docs.follow(schema, file, "")
    except LookupError:
        return False
    schema = located.value
    if not isinstance(schema, dict):
        return False
    types = schema.get("type")
    if types != "string" and not (isinstance(types, list) and "string" in types):
        return False
    if schema.get("format") == "binary":
        return True
    return "contentMediaType" in schema and "contentEncoding" not in schema


_SSE_FIELDS = frozenset({"data", "event", "id", "retry"})


def _event_type(
    media_type: str,
    media: dict[str, Any],
    file: SourceFile,
    pointer: str,
    docs: DocumentSet,
    registry: ModelRegistry,
    want: str,
    diagnostics: list[Diagnostic],
) -> TypeRef | None:
    """The type of one event's ``data``; ``None`` when the document does not say (the stream
    then yields the events as they are, ``ServerSentEvent``)."""
    key = "itemSchema" if "itemSchema" in media else "schema"
    schema = media.get(key)
    here = pointer_join(pointer, key)
    if schema is None:
        diagnostics.append(
            docs.diagnostic(
                file,
                pointer,
                f"'{media_type}' has no schema or itemSchema; its events are yielded "
                "untyped (ServerSentEvent)",
                "warning",
            )
        )
        return None
    data = (
        _event_envelope_data(schema, file, here, docs) if key == "itemSchema" else None
    )
    if data is not None:
        schema, file, here = data
    return registry.type_of(schema, file, here, want.removesuffix("Response") + "Event")


def _event_envelope_data(
    schema: Any, file: SourceFile, pointer: str, docs: DocumentSet
) -> tuple[Any, SourceFile, str] | None:
    """OpenAPI 3.2 may describe a whole event (``event``, ``data``, ``id``, ``retry``) as the
    item; the typed part is ``data``: its ``contentSchema`` when the data is JSON text
    (``contentMediaType``), else its own schema. ``None`` when the item is the data itself.
    """
    try:
        located = docs.follow(schema, file, pointer)
    except LookupError:
        return None
    properties = _mapping(located.value, "properties")
    if "data" not in properties or not set(properties) <= _SSE_FIELDS:
        return None
    data_pointer = pointer_join(located.pointer, "properties", "data")
    data = properties["data"]
    if isinstance(data, dict) and "contentSchema" in data:
        return (
            data["contentSchema"],
            located.file,
            pointer_join(data_pointer, "contentSchema"),
        )
    if isinstance(data, dict) and _is_json(data.get("contentMediaType")):
        return {}, located.file, data_pointer  # JSON text of any shape
    return data, located.file, data_pointer


def _example(
    media: dict[str, Any], file: SourceFile, docs: DocumentSet
) -> tuple[Any, bool]:
    if "example" in media:
        return media["example"], True
    examples = media.get("examples")
    if isinstance(examples, dict):
        for name in examples:
            example = examples[name]
            if isinstance(example, dict) and isinstance(example.get("$ref"), str):
                try:
                    example = docs.resolve(example["$ref"], file).value
                except LookupError:
                    continue
            if isinstance(example, dict) and "value" in example:
                return example["value"], True
    return None, False


def _servers(root: dict[str, Any]) -> tuple[Server, ...]:
    out = []
    for server in (
        root.get("servers", []) if isinstance(root.get("servers"), list) else []
    ):
        if isinstance(server, dict) and isinstance(server.get("url"), str):
            url = server["url"]
            variables = _mapping(server, "variables")
            for var, spec in variables.items():
                if isinstance(spec, dict) and isinstance(spec.get("default"), str):
                    url = url.replace("{" + str(var) + "}", spec["default"])
            out.append(Server(url.rstrip("/"), _text(server.get("description"))))
    return tuple(out)


def _follow(
    docs: DocumentSet,
    node: Any,
    file: SourceFile,
    pointer: str,
    diagnostics: list[Diagnostic],
) -> Located | None:
    """Follow ``$ref``s; a dangling one (possible only on a lenient run) is a warning and the
    construct that needed it is left out."""
    try:
        return docs.follow(node, file, pointer)
    except LookupError as exc:
        diagnostics.append(
            docs.diagnostic(
                file, pointer_join(pointer, "$ref"), f"{exc}; left out", "warning"
            )
        )
        return None


def _schema_description(
    docs: DocumentSet, schema: Any, file: SourceFile, pointer: str
) -> str | None:
    """A parameter's schema's own description (its ``$ref`` target's when it has none), for a
    parameter that gives none: FastAPI and others document query parameters only there.
    """
    if not isinstance(schema, dict):
        return None
    own = _text(schema.get("description"))
    if own is not None or "$ref" not in schema:
        return own
    # A dangling reference is reported where the parameter's type is built.
    located = _follow(docs, schema, file, pointer, [])
    return (
        _text(located.value.get("description"))
        if located and isinstance(located.value, dict)
        else None
    )


def _mapping(node: Any, key: str) -> dict[str, Any]:
    """``node[key]`` when it is a mapping, else empty: specs from the wild put odd things anywhere."""
    value = node.get(key) if isinstance(node, dict) else None
    return value if isinstance(value, dict) else {}


def _is_json(media_type: Any) -> bool:
    if not isinstance(media_type, str):
        return False
    base = media_type.split(";", 1)[0].strip().lower()
    return base == "application/json" or base.endswith("+json") or base == "*/*"


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
