"""Spec + settings → :class:`Api`. Every naming decision of the output is made in this package."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import quote

from ..diagnostics import Diagnostic, GenerationError, pointer_join
from ..settings import ResourceSettings, Settings
from ..spec.load import SourceFile
from ..spec.refs import DocumentSet, Located
from . import naming
from .nodes import (
    Api,
    Auth,
    Body,
    Operation,
    Parameter,
    Resource,
    Response,
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
_VERSION_SEGMENT = re.compile(r"^v\d+(\.\d+)*$|^\d+(\.\d+)*$")
# Attributes of the runtime client classes a resource may not shadow.
CLIENT_RESERVED = frozenset(
    {
        "api_key",
        "base_url",
        "timeout",
        "max_retries",
        "default_headers",
        "default_query",
        "request",
        "close",
        "copy",
        "with_options",
        "with_raw_response",
        "strict_response_validation",
    }
)
# A method named like a type would shadow that type in the annotations of later methods.
RESOURCE_RESERVED = frozenset(
    {"with_raw_response", "str", "int", "float", "bool", "bytes", "object"}
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
    package = settings.package or naming.package_name(title)
    client = settings.client_sync or naming.class_name(title, fallback="Client")
    reserved_types = frozenset({client, settings.client_async or f"Async{client}"})
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
    models = registry.finish(reserved_types)
    screaming = naming.screaming(title) or "API"
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
        env_api_key=settings.env_api_key or f"{screaming}_API_KEY",
        env_base_url=settings.env_base_url or f"{screaming}_BASE_URL",
        env_log=settings.env_log or f"{screaming}_LOG",
        cli_command=settings.cli_command or naming.kebab(title) or "api",
        servers=_servers(root),
        auth=_auth(docs, settings, diagnostics),
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
            child = node.children.setdefault(name, _Node(name))
            walk(child, child_conf, pointer_join(pointer, "resources", name))

    if settings.resources is not None:
        walk(root, settings.resources, "")
    if problems:
        raise GenerationError(problems)
    for op in ops:
        if op.key in placed:
            continue
        group = _default_group(op)
        child = root.children.setdefault(group, _Node(group))
        child.ops.append((_default_method_name(op), op))
    return root


def _default_group(op: _RawOperation) -> str:
    """The client attribute an operation not placed by settings goes under."""
    tags = op.node.get("tags")
    want = ""
    if isinstance(tags, list) and tags and isinstance(tags[0], str):
        want = naming.snake(tags[0])
    if not want:
        for segment in op.path.strip("/").split("/"):
            if segment and not segment.startswith("{") and segment != "api":
                if not _VERSION_SEGMENT.fullmatch(segment):
                    want = naming.snake(segment)
                    break
    return naming.member_name(want or "default", CLIENT_RESERVED, "resource")


def _default_method_name(op: _RawOperation) -> str:
    op_id = op.node.get("operationId")
    if isinstance(op_id, str) and naming.snake(op_id):
        # FastAPI appends the path and method to every operationId; the prefix is the real name.
        suffix = "_" + naming.snake(op.path) + "_" + op.method
        name = naming.snake(op_id)
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
        return name
    is_item = op.path.rstrip("/").endswith("}")
    verbs = {
        "get": "retrieve" if is_item else "list",
        "post": "create",
        "put": "update",
        "patch": "update",
        "delete": "delete",
    }
    return verbs.get(op.method, op.method)


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
                name, RESOURCE_RESERVED | naming.METHOD_RESERVED, "call"
            ),
        )
        for name, op in node.ops
    ]
    wants += [(f"1 {name}", name) for name in node.children]
    names = naming.dedupe(wants)
    class_base = naming.pascal(node.name) or "Default"
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
    all_params = _settle_parameter_names([*params, *body_params])
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
    )


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
            if schema is None and isinstance(param.get("content"), dict):
                media: Any = next(iter(param["content"].values()), {})
                schema = media.get("schema") if isinstance(media, dict) else None
            type_ = registry.type_of(
                schema if schema is not None else {},
                file,
                pointer_join(here, "schema"),
                want_prefix + naming.pascal(wire),
            )
            found[(location, wire)] = _WantParam(
                wire=wire,
                location=cast(ParamLocation, location),
                type=type_,
                required=location == "path" or param.get("required") is True,
                description=_text(param.get("description")),
                deprecated=param.get("deprecated") is True,
                style=(
                    param.get("style") if isinstance(param.get("style"), str) else None
                ),
                explode=(
                    param.get("explode")
                    if isinstance(param.get("explode"), bool)
                    else None
                ),
            )
    return list(found.values())


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
    media_type = next((m for m in content if _is_json(m)), None)
    if media_type is None:
        first = next(iter(content), None)
        diagnostics.append(
            docs.diagnostic(
                file,
                pointer_join(pointer, "content"),
                f"request body '{first}' is not supported yet; the operation has no body argument "
                "(use extra_body)",
                "warning",
            )
        )
        return None, []
    media = _mapping(content, media_type)
    schema_ptr = pointer_join(pointer, "content", media_type, "schema")
    schema = media.get("schema", {})
    required = node.get("required") is True
    type_ = registry.type_of(schema, file, schema_ptr, want_prefix + "Params")
    fields = registry.object_fields(type_)
    if fields is None:
        diagnostics.append(
            docs.diagnostic(
                file,
                schema_ptr,
                "a JSON body that is not an object is not supported yet; "
                "send it with extra_body",
                "warning",
            )
        )
        return Body(media_type, "json", required, type_, False), []
    params = [
        _WantParam(
            f.wire,
            "body",
            f.type,
            required and f.required,
            f.description,
            f.deprecated,
            None,
            None,
        )
        for f in fields
    ]
    return Body(media_type, "json", required, type_, True), params


def _settle_parameter_names(params: list[_WantParam]) -> tuple[Parameter, ...]:
    """Python names and CLI flags for every argument; a clash keeps the earlier location's name
    (path, query, header, cookie, body) and gives the later one a location suffix."""
    ordered = sorted(params, key=lambda p: (_LOCATION_ORDER[p.location], p.wire))
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
            )
        )
    out.sort(key=lambda p: (not p.required, p.name))
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
        response = _response(status, node, file, pointer, docs, registry, want)
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
) -> Response:
    content = _mapping(node, "content")
    media_type = next((m for m in content if _is_json(m)), None)
    description = _text(node.get("description"))
    if media_type is None:
        return Response(status, description, next(iter(content), None), None)
    media = _mapping(content, media_type)
    type_ = registry.type_of(
        media.get("schema", {}),
        file,
        pointer_join(pointer, "content", media_type, "schema"),
        want,
    )
    example, has_example = _example(media, file, docs)
    return Response(status, description, media_type, type_, example, has_example)


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


def _auth(docs: DocumentSet, settings: Settings, diagnostics: list[Diagnostic]) -> Auth:
    """The scheme the client applies: the settings' choice, else the first of the document's
    global requirement, else the first one an operation requires (sorted), else none."""
    root = docs.root.data
    schemes = _mapping(_mapping(root, "components"), "securitySchemes")
    if settings.auth is not None:
        if settings.auth not in schemes:
            known = ", ".join(sorted(schemes)) or "none"
            raise GenerationError(
                [
                    settings.diagnostic(
                        "/auth",
                        f"no security scheme {settings.auth!r} (known: {known})",
                    )
                ]
            )
        return _scheme_auth(settings.auth, schemes, docs, diagnostics)
    requirements: list[tuple[str, Any]] = [("/security", root.get("security"))]
    for path, item in sorted(_mapping(root, "paths").items()):
        for method in HTTP_METHODS:
            node = _mapping(item, method)
            requirements.append(
                (pointer_join("/paths", path, method, "security"), node.get("security"))
            )
    for pointer, requirement in requirements:
        if not isinstance(requirement, list):
            continue
        for i, alternative in enumerate(requirement):
            names = (
                [n for n in alternative if n in schemes]
                if isinstance(alternative, dict)
                else []
            )
            if not names:
                continue
            if len(names) > 1:
                diagnostics.append(
                    docs.diagnostic(
                        docs.root,
                        pointer_join(pointer, i),
                        f"schemes {', '.join(names)} are required together; the client sends "
                        f"{names[0]} and the others must go in default_headers or default_query",
                        "warning",
                    )
                )
            return _scheme_auth(names[0], schemes, docs, diagnostics)
    return Auth("none")


def _scheme_auth(
    name: str, schemes: dict[str, Any], docs: DocumentSet, diagnostics: list[Diagnostic]
) -> Auth:
    scheme = schemes[name] if isinstance(schemes[name], dict) else {}
    description = _text(scheme.get("description"))
    kind, http = scheme.get("type"), str(scheme.get("scheme", "")).lower()
    if kind == "http" and http in ("bearer", "basic"):
        return Auth("bearer" if http == "bearer" else "basic", name, "", description)
    if kind in (
        "oauth2",
        "openIdConnect",
    ):  # the caller obtains the token; the client sends it
        return Auth("bearer", name, "", description)
    location, param = scheme.get("in"), scheme.get("name")
    if (
        kind == "apiKey"
        and location in ("header", "query", "cookie")
        and isinstance(param, str)
    ):
        return Auth(location, name, param, description)
    diagnostics.append(
        docs.diagnostic(
            docs.root,
            pointer_join("/components/securitySchemes", name),
            f"security scheme {name!r} ({kind} {http}) is not supported; the client sends no "
            "credentials (use default_headers)",
            "warning",
        )
    )
    return Auth("none", name)


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
