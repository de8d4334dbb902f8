"""The Java SDK's shape, decided from the IR: every class, member, type and file before any
template runs.

Names follow Stainless's Java SDKs: an operation's params and response after its resource and
method (``ChatCreateParams``, ``ChatCreateResponse`` in ``models.beta.chat``), an object reached
from a field nested in the class that first uses it, named after the field
(``ChatCreateResponse.JobMetadata``); services ``services.blocking.beta.ChatService`` and their
async twins. Types are written where they are used: a class of the same file by its path from the
file's class, any other by its qualified name, so no import can collide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...ir.nodes import (
    DEFAULT_CONTENT_TYPES,
    Api,
    Model,
    Operation,
    Parameter,
    Resource,
    TypeRef,
)
from . import naming
from .filters import java_string

# Members every model, params or builder class declares beside the spec's fields.
MODEL_MEMBERS = (
    frozenset(
        "builder toBuilder validate fromJson toJson build additionalProperties "
        "putAdditionalProperty putAllAdditionalProperties none".split()
    )
    | naming.OBJECT_MEMBERS
)
SERVICE_MEMBERS = frozenset({"async", "sync", "close", "core"}) | naming.OBJECT_MEMBERS

DEFAULT_STYLES = {
    "path": "simple",
    "header": "simple",
    "query": "form",
    "cookie": "form",
}

# IR primitive → (boxed type, primitive setter type or "", decoder)
_PRIMITIVES = {
    "str": ("String", "", "Decoders.STRING"),
    "bytes": ("String", "", "Decoders.STRING"),
    "int": ("Long", "long", "Decoders.LONG"),
    "float": ("Double", "double", "Decoders.DOUBLE"),
    "bool": ("Boolean", "boolean", "Decoders.BOOLEAN"),
}
_ANY = ("JsonValue", "", "Decoders.JSON_VALUE")


@dataclass
class JavaField:
    name: str  # the getter, the builder setter, the raw accessor's name after ``_``
    wire: str
    type: str  # as written in its class's file
    primitive: str  # the unboxed setter type ("" when none)
    decoder: str
    required: bool
    nullable: bool
    description: str | None
    location: str = "body"
    style: str = ""
    explode: bool = False
    allow_reserved: bool = False
    media_type: str = ""
    # The model class's name when the type is one (its validate() is called).
    nested: str = ""
    form_style: str = (
        ""  # a form body's field: its encoding's style ("" when none is declared)
    )

    @property
    def optional(self) -> bool:
        """Read through ``Optional``: not required, or null allowed."""
        return not self.required or self.nullable


@dataclass
class JavaClass:
    name: str
    package: str
    description: str | None
    kind: str  # "model" or "params"
    fields: list[JavaField] = field(default_factory=list)
    body_kind: str = ""  # params: how the body is sent (``JavaMethod.body_kind``)
    nested: list[JavaClass] = field(default_factory=list)
    outer: JavaClass | None = None

    @property
    def top(self) -> JavaClass:
        return self.outer.top if self.outer is not None else self

    @property
    def path(self) -> str:
        """The name from the top-level class down: ``ChatCreateResponse.JobMetadata``."""
        return self.name if self.outer is None else f"{self.outer.path}.{self.name}"

    @property
    def qualified(self) -> str:
        return f"{self.package}.{self.path}"

    @property
    def file(self) -> str:
        return self.package.replace(".", "/") + f"/{self.name}.java"

    def written_in(self, top: JavaClass | None) -> str:
        """How code in ``top``'s file names this class."""
        if top is not None and self.top is top:
            return (
                self.name
                if self.outer is top or self.outer is None
                else self.path[len(top.name) + 1 :]
            )
        return self.qualified

    def body_fields(self) -> list[JavaField]:
        return [f for f in self.fields if f.location == "body"]


@dataclass
class JavaMethod:
    name: str
    http_method: str
    path: str  # a Java expression of the request path
    params: JavaClass
    params_required: bool  # some field must be set: no overload without params
    returns: str  # the boxed return type as a service file writes it; "" for void
    decode: (
        str  # the expression turning ``node`` into the returned value ({R}: its type)
    )
    reference: str  # the same as a method reference
    summary: str | None
    description: str | None
    deprecated: bool
    body_required: bool
    has_body: bool
    security: str  # a Java ``String[][]`` literal, "" for the client's primary scheme
    # How the body is sent: "object" (the body fields as a JSON object), "value" (the one body
    # field as JSON), "form", "text", "binary"; "" for none.
    body_kind: str = ""
    content_type: str = ""
    # How the success body is read: "json", "text", "binary" (the response itself), "none".
    response_kind: str = "none"

    @property
    def body_field(self) -> JavaField | None:
        return next((f for f in self.params.fields if f.location == "body"), None)


@dataclass
class JavaService:
    name: str  # ChatService
    package: str  # <root>.services.blocking.beta
    async_package: str
    path: tuple[str, ...]
    accessor: str  # the parent's method returning it
    children: list[JavaService] = field(default_factory=list)
    methods: list[JavaMethod] = field(default_factory=list)

    @property
    def async_name(self) -> str:
        return self.name + "Async"


@dataclass
class JavaScheme:
    key: str
    kind: str
    param: str
    env: str


@dataclass
class JavaPackage:
    root: str  # com.llamacloud_prod.api
    client: str  # LlamaCloud: LlamaCloudClient, LlamaCloudOkHttpClient …
    title: str
    version: str
    default_base_url: str
    env_base_url: str
    schemes: list[JavaScheme]
    services: list[JavaService]  # every service, parents before children
    top: list[JavaService]  # the client's
    classes: list[JavaClass]  # the top-level model and params classes
    skipped: list[tuple[Operation, str]] = field(default_factory=list)


class _Planner:
    def __init__(self, api: Api, root: str) -> None:
        self.api = api
        self.root = root
        self.models = api.models_by_key
        self.model_classes: dict[str, JavaClass] = {}
        self.classes: list[JavaClass] = []
        # package → its top-level class names; id(top) → every class name in its file
        self.package_names: dict[str, set[str]] = {}
        self.file_names: dict[int, set[str]] = {}
        self.shared = _shared_components(api)

    # ------------------------------------------------------------------ names

    def claim_top(self, package: str, candidate: str) -> str:
        taken = self.package_names.setdefault(package, set())
        name, n = candidate, 1
        while name in taken or name in naming.RESERVED_CLASSES:
            n += 1
            name = f"{candidate}{n}"
        taken.add(name)
        return name

    def claim_nested(self, owner: JavaClass, candidate: str) -> str:
        taken = self.file_names.setdefault(id(owner.top), {owner.top.name})
        name, n = candidate, 1
        while name in taken or name in naming.RESERVED_CLASSES:
            n += 1
            name = f"{candidate}{n}"
        taken.add(name)
        return name

    # ------------------------------------------------------------------ types

    def resolved(self, ref: TypeRef) -> TypeRef:
        seen = 0
        while ref.kind == "model" and seen < 64:
            model = self.models.get(ref.name)
            if model is None or model.kind != "alias" or model.alias_of is None:
                return ref
            ref, seen = model.alias_of, seen + 1
        return ref

    def java_type(
        self, ref: TypeRef, owner: JavaClass, field_name: str
    ) -> tuple[str, str, str, str]:
        """(type, primitive setter type, decoder, nested class name) of ``ref`` as written in
        ``owner``'s file; an object model first met here becomes a class nested in ``owner``.
        """
        ref = self.resolved(ref)
        if ref.kind == "primitive":
            boxed, prim, decoder = _PRIMITIVES.get(ref.name, _ANY)
            return boxed, prim, decoder, ""
        if ref.kind == "file":
            return "byte[]", "", "Decoders.BYTES", ""
        if (
            ref.kind == "literal"
            and ref.values
            and all(isinstance(v, str) for v in ref.values)
        ):
            return "String", "", "Decoders.STRING", ""
        if ref.kind == "array" and ref.args:
            item, _, decoder, _ = self.java_type(ref.args[0], owner, field_name)
            nullable = "true" if ref.args[0].nullable else "false"
            return f"List<{item}>", "", f"Decoders.list({decoder}, {nullable})", ""
        if ref.kind == "map" and ref.args:
            value, _, decoder, _ = self.java_type(ref.args[0], owner, field_name)
            nullable = "true" if ref.args[0].nullable else "false"
            return (
                f"Map<String, {value}>",
                "",
                f"Decoders.map({decoder}, {nullable})",
                "",
            )
        if ref.kind == "model":
            model = self.models.get(ref.name)
            if model is not None and model.kind == "object":
                cls = self.model_class(model, owner, naming.pascal(field_name))
                written = cls.written_in(owner.top)
                return written, "", f"{written}::fromJson", written
        return _ANY[0], _ANY[1], _ANY[2], ""

    def model_class(
        self, model: Model, owner: JavaClass | None, candidate: str, package: str = ""
    ) -> JavaClass:
        """The class of ``model``: nested in ``owner``, or top-level in ``package``."""
        if model.key in self.model_classes:
            return self.model_classes[model.key]
        if model.key in self.shared:
            # A schema of the document's components that several operations use: a class of
            # its own, named as the document names it.
            owner, package = None, self.root + ".models"
            candidate = naming.pascal(self.shared[model.key], fallback="Model")
        if owner is None:
            cls = JavaClass(
                self.claim_top(package, candidate), package, model.description, "model"
            )
            self.classes.append(cls)
        else:
            cls = JavaClass(
                self.claim_nested(owner, candidate),
                owner.package,
                model.description,
                "model",
                outer=owner,
            )
            owner.nested.append(cls)
        self.model_classes[model.key] = cls
        names = naming.settle(
            (f.wire for f in model.fields),
            {f.wire: naming.camel(f.wire) for f in model.fields},
            MODEL_MEMBERS,
        )
        for f in model.fields:
            name = names[f.wire]
            jtype, prim, decoder, nested = self.java_type(f.type, cls, f.wire)
            cls.fields.append(
                JavaField(
                    name,
                    f.wire,
                    jtype,
                    prim,
                    decoder,
                    f.required,
                    f.type.nullable,
                    f.description,
                    nested=nested,
                )
            )
        return cls

    # ------------------------------------------------------------------ operations

    @staticmethod
    def unsupported(op: Operation) -> str:
        """What the Java target cannot write yet ("" when it can): such an operation is left
        out of the Java SDK, with a warning, rather than written to send the wrong request.
        """
        if op.body is not None and op.body.kind == "multipart":
            return "multipart request bodies"
        if op.body is not None and op.body.kind == "form" and not op.body.flattened:
            return "form bodies that are not an object of properties"
        if op.response is not None and op.response.kind == "sse":
            return "event-stream (SSE) responses"
        return ""

    def method(
        self, resource: Resource, op: Operation, name: str, models_package: str
    ) -> JavaMethod:
        base = naming.pascal(resource.path[-1]) + naming.pascal(op.cli_name or op.name)
        params = JavaClass(
            self.claim_top(models_package, base + "Params"),
            models_package,
            None,
            "params",
        )
        self.classes.append(params)
        params.body_kind = _body_kind(op)
        order = {"path": 0, "query": 1, "header": 2, "cookie": 3, "body": 4}
        ordered: list[Parameter] = sorted(
            op.parameters, key=lambda p: order[p.location]
        )
        keys = {p.wire + "\0" + p.location: p for p in ordered}
        names = naming.settle(
            keys, {k: naming.camel(p.wire) for k, p in keys.items()}, MODEL_MEMBERS
        )
        encodings = {e.wire: e for e in op.body.encodings} if op.body else {}
        for p in ordered:
            fname = names[p.wire + "\0" + p.location]
            encoding = encodings.get(p.wire) if p.location == "body" else None
            jtype, prim, decoder, nested = self.java_type(p.type, params, p.wire)
            style = p.style or DEFAULT_STYLES.get(p.location, "")
            explode = p.explode if p.explode is not None else style == "form"
            params.fields.append(
                JavaField(
                    fname,
                    p.wire,
                    jtype,
                    prim,
                    decoder,
                    p.required,
                    p.type.nullable,
                    p.description,
                    location=p.location,
                    style=style,
                    explode=explode,
                    allow_reserved=p.allow_reserved,
                    media_type=p.content_type or "",
                    nested=nested,
                    form_style=(encoding.style or "") if encoding else "",
                )
            )
            if encoding is not None and encoding.explode is not None:
                params.fields[-1].explode = encoding.explode
            elif p.location == "body":
                params.fields[-1].explode = params.fields[-1].form_style in ("", "form")
        returns, decode, reference = "", "", ""
        response = op.response
        response_kind = response.kind if response is not None else "none"
        if response_kind == "binary":
            returns = "HttpResponse"
        elif response_kind == "text":
            returns = "String"
        if response is not None and response.kind == "json":
            if response.type is None:
                returns, decode = "JsonValue", "JsonValue.fromNode(node)"
                reference = "JsonValue::fromNode"
            else:
                # The response's object (or its items' object) is a class of its own.
                inner = self.resolved(response.type)
                while inner.kind in ("array", "map") and inner.args:
                    inner = self.resolved(inner.args[0])
                model = self.models.get(inner.name) if inner.kind == "model" else None
                if model is not None and model.kind == "object":
                    self.model_class(model, None, base + "Response", models_package)
                jtype, _, decoder, _ = self.java_type(response.type, params, "response")
                returns = _qualify(jtype, params)
                decoder = _qualify(decoder, params)
                if decoder == returns + "::fromJson":
                    decode, reference = "{R}.fromJson(node)", "{R}::fromJson"
                else:
                    decode, reference = f"{decoder}.decode(node)", f"{decoder}::decode"
        return JavaMethod(
            name,
            op.http_method.upper(),
            _path_expression(op.path, params),
            params,
            any(f.required for f in params.fields),
            returns,
            decode,
            reference,
            op.summary,
            op.description,
            op.deprecated,
            bool(op.body and op.body.required),
            any(f.location == "body" for f in params.fields),
            self.security(op),
            _body_kind(op),
            _content_type(op),
            response_kind,
        )

    def security(self, op: Operation) -> str:
        if op.security is None:
            return ""
        by_argument = {
            s.argument: s.scheme_name or ""
            for s in self.api.auth.schemes
            if s.kind != "none"
        }
        sets = [
            "{"
            + ", ".join(java_string(by_argument[a]) for a in req if a in by_argument)
            + "}"
            for req in op.security
        ]
        return "new String[][] {" + ", ".join(sets) + "}"


def _shared_components(api: Api) -> dict[str, str]:
    """The object schemas under ``components/schemas`` that more than one operation reaches
    (through its parameters, body or response, transitively), by key → schema name."""
    models = api.models_by_key
    reach: dict[str, set[str]] = {}

    def refs(ref: TypeRef, out: set[str]) -> None:
        if ref.kind == "model" and ref.name not in out:
            model = models.get(ref.name)
            if model is None:
                return
            out.add(ref.name)
            for f in model.fields:
                refs(f.type, out)
            if model.alias_of is not None:
                refs(model.alias_of, out)
            if model.extra is not None:
                refs(model.extra, out)
        for arg in ref.args:
            refs(arg, out)

    for _, op in api.operations():
        seen: set[str] = set()
        for p in op.parameters:
            refs(p.type, seen)
        if op.response is not None and op.response.type is not None:
            refs(op.response.type, seen)
        for key in seen:
            reach.setdefault(key, set()).add(op.key)
    out: dict[str, str] = {}
    for key, ops in reach.items():
        _, _, pointer = key.partition("#")
        parts = pointer.split("/")
        model = models.get(key)
        if (
            len(ops) > 1
            and len(parts) == 4
            and parts[1:3] == ["components", "schemas"]
            and model is not None
            and model.kind == "object"
        ):
            out[key] = parts[3].replace("~1", "/").replace("~0", "~")
    return out


def _body_kind(op: Operation) -> str:
    body = op.body
    if body is None:
        return ""
    if body.kind == "json":
        return "object" if body.flattened else "value"
    return body.kind


def _content_type(op: Operation) -> str:
    if op.body is None:
        return ""
    return op.body.send_content_type or DEFAULT_CONTENT_TYPES[op.body.kind]


def _qualify(jtype: str, params: JavaClass) -> str:
    """A type written in the params file, as a service file writes it (nested classes of the
    params class by their qualified name)."""
    for cls in params.nested:
        jtype = _replace_name(
            jtype, cls.name, params.package + "." + params.name + "." + cls.name
        )
    return jtype


def _replace_name(text: str, name: str, qualified: str) -> str:
    return re.sub(rf"(?<![\w.]){re.escape(name)}\b", qualified, text)


def _path_expression(path: str, params: JavaClass) -> str:
    """The request path as a Java expression: literal pieces and each path parameter written by
    its style (``Check.pathSegment`` refuses an empty one)."""
    by_wire = {f.wire: f for f in params.fields if f.location == "path"}
    pieces: list[str] = []
    pos = 0
    template = path.lstrip("/")
    for match in re.finditer(r"\{([^{}]+)\}", template):
        if match.start() > pos:
            pieces.append(java_string(template[pos : match.start()]))
        f = by_wire.get(match.group(1))
        if f is None:
            pieces.append(java_string(match.group()))
        else:
            media = java_string(f.media_type) if f.media_type else "null"
            pieces.append(
                f"Check.pathSegment({java_string(f.wire)}, Styles.pathValue("
                f"{java_string(f.wire)}, params._{f.name}(), {java_string(f.style)}, "
                f"{'true' if f.explode else 'false'}, {media}))"
            )
        pos = match.end()
    if pos < len(template) or not pieces:
        pieces.append(java_string(template[pos:]))
    return " + ".join(pieces)


def plan_package(api: Api, root: str, client: str) -> JavaPackage:
    planner = _Planner(api, root)
    services: list[JavaService] = []
    by_path: dict[tuple[str, ...], JavaService] = {}
    skipped: list[tuple[Operation, str]] = []
    service_names: dict[str, set[str]] = {}
    accessors: dict[tuple[str, ...], str] = {}
    for resource in api.all_resources():
        sub = ".".join(naming.package_segment(p) for p in resource.path[:-1])
        package = root + ".services.blocking" + ("." + sub if sub else "")
        async_package = root + ".services.async" + ("." + sub if sub else "")
        taken = service_names.setdefault(package, set(naming.RESERVED_CLASSES))
        candidate = naming.pascal(resource.path[-1]) + "Service"
        name, n = candidate, 1
        while name in taken or name + "Async" in taken:
            n += 1
            name = f"{candidate}{n}"
        taken |= {name, name + "Async", name + "Impl", name + "AsyncImpl"}
        service = JavaService(name, package, async_package, resource.path, "")
        members = naming.settle(
            [c.name for c in resource.children]
            + [op.key for op in resource.operations],
            {
                **{c.name: naming.camel(c.name) for c in resource.children},
                **{
                    op.key: naming.camel(op.cli_name or op.name, fallback="call")
                    for op in resource.operations
                },
            },
            SERVICE_MEMBERS,
        )
        models_package = (
            root
            + ".models."
            + ".".join(naming.package_segment(p) for p in resource.path)
        )
        for op in resource.operations:
            problem = planner.unsupported(op)
            if problem:
                skipped.append(
                    (op, f"the Java SDK leaves out {op.key}: no {problem} yet")
                )
                continue
            service.methods.append(
                planner.method(resource, op, members[op.key], models_package)
            )
        services.append(service)
        by_path[resource.path] = service
        accessors.update(
            {child.path: members[child.name] for child in resource.children}
        )
    for resource in api.all_resources():
        for child in resource.children:
            kid = by_path[child.path]
            kid.accessor = accessors[child.path]
            by_path[resource.path].children.append(kid)
    top_names = naming.settle(
        (r.name for r in api.resources),
        {r.name: naming.camel(r.name) for r in api.resources},
        SERVICE_MEMBERS,
    )
    top = []
    for r in api.resources:
        by_path[r.path].accessor = top_names[r.name]
        top.append(by_path[r.path])
    schemes = [
        JavaScheme(s.scheme_name or "", s.kind, s.param, s.env)
        for s in api.auth.schemes
    ]
    return JavaPackage(
        root=root,
        client=client,
        title=api.title,
        version=api.version,
        default_base_url=api.default_base_url,
        env_base_url=api.env_base_url,
        schemes=schemes,
        services=services,
        top=top,
        classes=planner.classes,
        skipped=skipped,
    )
