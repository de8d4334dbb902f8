"""The Go SDK's shape, decided from the IR: every Go name, type and file, before any template runs.

Types are named where they are used, as Stainless's Go SDKs name them: an operation's params and
response after its resource path and method (``BetaChatNewParams``, ``BetaChatNewResponse``), an
inline object after its owner and field (``BetaChatNewResponseJobMetadata``). A model reached from
several places keeps the name of the first place, in operation order.
"""

from __future__ import annotations

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
from . import naming, paging
from .auth import GoAuth, plan_auth

# What the runtime's root files declare in the package: no generated type may take these names.
ROOT_NAMES = frozenset(
    {
        "Client",
        "NewClient",
        "DefaultClientOptions",
        "Error",
        "F",
        "Null",
        "Raw",
        "String",
        "Int",
        "Float",
        "Bool",
    }
)
# Struct members the templates add beside the spec's fields.
RESPONSE_MEMBERS = frozenset({"JSON", "UnmarshalJSON", "RawJSON", "ExtraFields"})
PARAMS_MEMBERS = frozenset({"MarshalJSON"})
SERVICE_MEMBERS = frozenset({"Options"})
# A method's own locals and parameters: path arguments may not take these names.
METHOD_LOCALS = frozenset(
    {"ctx", "params", "opts", "res", "err", "path", "cfg", "body", "r"}
    | {"send", "pagination", "json"}  # a paginated List's locals and packages
)

DEFAULT_STYLES = {
    "path": "simple",
    "header": "simple",
    "query": "form",
    "cookie": "form",
}
_PRIMITIVES = {
    "str": "string",
    "int": "int64",
    "float": "float64",
    "bool": "bool",
    "bytes": "string",
    "object": "map[string]interface{}",
}


@dataclass
class GoField:
    name: str
    wire: str
    type: str
    required: bool
    description: str | None
    nullable: bool = False
    location: str = "body"  # params: where the field goes
    format: str = ""


@dataclass
class GoStruct:
    name: str
    kind: str  # "response" or "params"
    description: str | None
    fields: list[GoField] = field(default_factory=list)

    @property
    def meta(self) -> str:
        """The unexported type of a response struct's ``JSON`` metadata field."""
        return naming.lower_first(self.name) + "JSON"


@dataclass
class GoEnum:
    name: str
    description: str | None
    constants: list[tuple[str, str]]  # (Go constant, the value on the wire)


@dataclass(frozen=True)
class GoPlacement:
    """One query, header or cookie parameter as the method writes it."""

    location: str
    field: str
    wire: str
    style: str
    explode: bool
    allow_reserved: bool
    media_type: str


@dataclass(frozen=True)
class GoPathArg:
    name: str
    wire: str
    type: str
    style: str
    explode: bool
    media_type: str
    description: str | None


@dataclass(frozen=True)
class GoFormField:
    """One field of a form body; ``style`` "" when the spec declares none."""

    field: str
    wire: str
    style: str
    explode: bool


@dataclass
class GoMethod:
    name: str
    http_method: str
    path: str
    summary: str | None
    description: str | None
    path_args: list[GoPathArg]
    params: GoStruct | None
    placements: list[GoPlacement]
    has_body: bool
    body_required: bool
    returns: str  # the Go type of *res; "" when the call returns only an error
    deprecated: bool
    # A form body's fields in declaration order (its params fields are tagged form, not json).
    form_fields: list[GoFormField] = field(default_factory=list)
    content_type: str = "application/json"
    # The requirement sets the call accepts, as scheme names; None: the primary scheme alone.
    security: tuple[tuple[str, ...], ...] | None = None
    op_key: str = (
        ""  # the IR operation it calls ("post /api/v1/chat"), for its docs page
    )


@dataclass
class GoService:
    name: str
    file: str
    path: tuple[str, ...]
    children: list[tuple[str, str]]  # (field, service type)
    methods: list[GoMethod]
    structs: list[GoStruct]
    enums: list[GoEnum] = field(default_factory=list)
    pagers: list[paging.GoPager] = field(default_factory=list)


@dataclass
class GoPackage:
    module: str
    package: str
    title: str
    version: str
    default_base_url: str
    env_api_key: str
    env_base_url: str
    auth_kind: str
    auth_param: str
    services: list[GoService]
    top: list[tuple[str, str]]  # the client's (field, service type)
    skipped: list[tuple[Operation, str]] = field(
        default_factory=list
    )  # (operation, why)
    auth: GoAuth = field(default_factory=lambda: GoAuth((), {}))


class _Names:
    """The package's type names: candidates collected, each settled once."""

    def __init__(self) -> None:
        self.taken: set[str] = set(ROOT_NAMES)

    def claim(self, candidate: str) -> str:
        name, n = candidate, 1
        while name in self.taken:
            n += 1
            name = f"{candidate}{n}"
        self.taken.add(name)
        return name


class _Planner:
    def __init__(self, api: Api) -> None:
        self.api = api
        self.models = api.models_by_key
        self.names = _Names()
        self.response_names: dict[str, str] = {}  # model key → its response struct
        self.params_names: dict[str, str] = {}  # model key → its params struct
        self.structs: list[GoStruct] = []
        self.skipped: list[tuple[Operation, str]] = []
        self.building: set[str] = set()  # structs whose fields are being decided
        self.enum_names: dict[str, str] = {}  # model key (or owner) → its Go type
        self.enums: list[GoEnum] = []
        self.auth = plan_auth(api.auth)

    # ------------------------------------------------------------------ types

    def model(self, ref: TypeRef) -> Model | None:
        model = self.models.get(ref.name) if ref.kind == "model" else None
        while (
            model is not None and model.kind == "alias" and model.alias_of is not None
        ):
            target = model.alias_of
            if target.kind != "model":
                return None
            model = self.models.get(target.name)
        return model

    def resolved(self, ref: TypeRef) -> TypeRef:
        """An alias of a non-object type, looked through."""
        seen = 0
        while ref.kind == "model" and seen < 64:
            model = self.models.get(ref.name)
            if model is None or model.kind != "alias" or model.alias_of is None:
                return ref
            ref, seen = model.alias_of, seen + 1
        return ref

    def go_type(self, ref: TypeRef, owner: str, kind: str) -> str:
        if ref.kind == "model":
            named = self.models.get(ref.name)
            target = self.resolved(ref)
            if named is not None and named.kind == "alias" and _string_enum(target):
                # A named enum: one Go type wherever it is used (params and responses alike).
                return self.enum_for(named.key, owner, target.values, named.description)
        ref = self.resolved(ref)
        if ref.kind == "primitive":
            return _PRIMITIVES.get(ref.name, "interface{}")
        if ref.kind == "array" and ref.args:
            return "[]" + self.go_type(ref.args[0], owner, kind)
        if ref.kind == "map" and ref.args:
            return "map[string]" + self.go_type(ref.args[0], owner, kind)
        if _string_enum(ref):
            return self.enum_for(f"{kind}:{owner}", owner, ref.values, None)
        if ref.kind == "model":
            model = self.model(ref)
            if model is not None and model.kind == "object":
                return self.struct_for(model, owner, kind)
        return "interface{}"

    def enum_for(
        self,
        key: str,
        candidate: str,
        values: tuple[str | int | float | bool, ...],
        description: str | None,
    ) -> str:
        """A string type with one constant per value (``BetaChatNewResponseStatusActive``)."""
        if key in self.enum_names:
            return self.enum_names[key]
        name = self.names.claim(candidate)
        self.enum_names[key] = name
        texts = [str(v) for v in dict.fromkeys(values)]
        # Claimed in sorted order (``red``, ``RED``, ``Red`` name the same whatever the spec's
        # order), listed in the spec's.
        claimed = {
            text: self.names.claim(name + naming.exported(text, fallback="Value"))
            for text in sorted(texts)
        }
        constants = [(claimed[text], text) for text in texts]
        self.enums.append(GoEnum(name, description, constants))
        return name

    def struct_for(self, model: Model, candidate: str, kind: str) -> str:
        names = self.response_names if kind == "response" else self.params_names
        if model.key in names:
            name = names[model.key]
            # A struct cannot hold itself by value: a reference back into the structs being
            # built (a cycle) is a pointer.
            return "*" + name if name in self.building else name
        name = self.names.claim(candidate)
        names[model.key] = name
        self.building.add(name)
        struct = GoStruct(name, kind, model.description)
        self.structs.append(struct)
        reserved = RESPONSE_MEMBERS if kind == "response" else PARAMS_MEMBERS
        settled = naming.settle(
            (f.wire for f in model.fields),
            {f.wire: naming.exported(f.wire) for f in model.fields},
            reserved,
        )
        for f in model.fields:
            go_name = settled[f.wire]
            struct.fields.append(
                GoField(
                    go_name,
                    f.wire,
                    self.go_type(f.type, name + go_name, kind),
                    f.required,
                    f.description,
                    f.type.nullable,
                    format=self.resolved(f.type).format or "",
                )
            )
        self.building.discard(name)
        return name

    # ------------------------------------------------------------------ operations

    def method(self, prefix: str, op: Operation, method_name: str) -> GoMethod:
        base = prefix + method_name
        args: list[Parameter] = [p for p in op.parameters if p.location == "path"]
        # Query, header and cookie fields first, then the body's, as the reference pages list them.
        order = {"query": 0, "header": 1, "cookie": 2, "body": 3}
        rest: list[Parameter] = sorted(
            (p for p in op.parameters if p.location != "path"),
            key=lambda p: order[p.location],
        )
        arg_names = naming.settle(
            (p.wire for p in args),
            {p.wire: naming.unexported(p.wire) for p in args},
            METHOD_LOCALS,
        )
        path_args = [
            GoPathArg(
                arg_names[p.wire],
                p.wire,
                self.go_type(p.type, base + naming.exported(p.wire), "params"),
                p.style or "simple",
                p.explode if p.explode is not None else False,
                p.content_type or "",
                p.description,
            )
            for p in args
        ]
        params: GoStruct | None = None
        placements: list[GoPlacement] = []
        is_form = op.body is not None and op.body.kind == "form"
        encodings = {e.wire: e for e in op.body.encodings} if op.body else {}
        form_fields: list[GoFormField] = []
        if rest:
            params_name = self.names.claim(base + "Params")
            params = GoStruct(
                params_name,
                "params",
                f"{params_name} are the parameters of {prefix}.{method_name}.",
            )
            self.structs.append(params)
            field_names = naming.settle(
                (p.wire + "\0" + p.location for p in rest),
                {p.wire + "\0" + p.location: naming.exported(p.wire) for p in rest},
                PARAMS_MEMBERS,
            )
            for p in rest:
                go_name = field_names[p.wire + "\0" + p.location]
                params.fields.append(
                    GoField(
                        go_name,
                        p.wire,
                        self.go_type(p.type, params.name + go_name, "params"),
                        p.required,
                        _placed(p),
                        p.type.nullable,
                        location=(
                            "form" if is_form and p.location == "body" else p.location
                        ),
                        format=self.resolved(p.type).format or "",
                    )
                )
                if is_form and p.location == "body":
                    encoding = encodings.get(p.wire)
                    style = (encoding.style if encoding else None) or ""
                    explode = encoding.explode if encoding else None
                    form_fields.append(
                        GoFormField(
                            go_name,
                            p.wire,
                            style,
                            explode if explode is not None else style in ("", "form"),
                        )
                    )
                if p.location != "body":
                    style = p.style or DEFAULT_STYLES[p.location]
                    placements.append(
                        GoPlacement(
                            p.location,
                            go_name,
                            p.wire,
                            style,
                            p.explode if p.explode is not None else style == "form",
                            p.allow_reserved,
                            p.content_type or "",
                        )
                    )
        returns = ""
        response = op.response
        if (
            response is not None
            and response.kind == "json"
            and response.type is not None
        ):
            returns = self.go_type(response.type, base + "Response", "response")
        elif response is not None and response.kind == "json":
            returns = "interface{}"
        has_body = any(p.location == "body" for p in op.parameters)
        return GoMethod(
            method_name,
            op.http_method.upper(),
            op.path,
            op.summary,
            op.description,
            path_args,
            params,
            placements,
            has_body,
            bool(op.body and op.body.required),
            returns,
            op.deprecated,
            form_fields,
            _content_type(op),
            self.auth.security(op),
            op.key,
        )

    @staticmethod
    def unsupported(op: Operation) -> str:
        """What the Go target cannot write yet ("" when it can): such an operation is left out
        of the Go SDK, with a warning, rather than written to send the wrong request."""
        if op.body is not None and op.body.kind not in ("json", "form"):
            return f"{op.body.kind} request bodies"
        if op.body is not None and not op.body.flattened:
            return "request bodies that are not an object of properties"
        if op.response is not None and op.response.kind not in ("json", "none"):
            return f"{op.response.kind} responses"
        return ""

    # ------------------------------------------------------------------ resources

    def service(self, resource: Resource) -> GoService:
        prefix = "".join(naming.exported(p) for p in resource.path)
        name = self.names.claim(prefix + "Service")
        # Its constructor is a package-level name too.
        while "New" + name in self.names.taken:
            name = self.names.claim(prefix + "Service")
        self.names.taken.add("New" + name)
        children = [c for c in resource.children]
        child_fields = {c.name: naming.exported(c.name) for c in children}
        method_words = {
            op.key: naming.method_name(op.cli_name or op.name)
            for op in resource.operations
        }
        members = naming.settle(
            list(child_fields) + [op.key for op in resource.operations],
            {**child_fields, **method_words},
            SERVICE_MEMBERS,
        )
        self.structs = []
        self.enums = []
        methods = []
        pagers: list[paging.GoPager] = []
        taken = set(members.values()) | SERVICE_MEMBERS
        for op in resource.operations:
            problem = self.unsupported(op)
            if problem:
                why = f"the Go SDK leaves out {op.key}: no {problem} yet"
                self.skipped.append((op, why))
            else:
                method = self.method(prefix, op, members[op.key])
                pager = self.pager(prefix, op, method, taken)
                if pager is not None:
                    pagers.append(pager)
                    method = pager.send
                methods.append(method)
        service = GoService(
            name,
            "",  # settled with the others' in plan_package
            resource.path,
            [(members[c.name], "") for c in children],
            methods,
            self.structs,
            self.enums,
            pagers,
        )
        return service

    def pager(
        self, prefix: str, op: Operation, method: GoMethod, taken: set[str]
    ) -> paging.GoPager | None:
        """A paginated operation's ``List``/``ListAutoPaging`` pair (its items typed as the
        response's items field already is)."""
        if op.pagination is None:
            return None
        item = self.go_type(
            op.pagination.item_type, prefix + method.name + "Item", "response"
        )
        return paging.plan_pager(op, method, item, paging.auto_name(method.name, taken))


def _string_enum(ref: TypeRef) -> bool:
    return (
        ref.kind == "literal"
        and bool(ref.values)
        and all(isinstance(v, str) for v in ref.values)
    )


def _content_type(op: Operation) -> str:
    if op.body is None:
        return ""
    return op.body.send_content_type or DEFAULT_CONTENT_TYPES[op.body.kind]


def _placed(p: Parameter) -> str | None:
    where = {
        "query": "Query param",
        "header": "Header param",
        "cookie": "Cookie param",
    }.get(p.location, "Body param")
    if p.description:
        return f"{where}: {p.description}"
    return where


def plan_package(api: Api, module: str, package: str) -> GoPackage:
    planner = _Planner(api)
    services: list[GoService] = []
    by_path: dict[tuple[str, ...], GoService] = {}
    for resource in api.all_resources():
        service = planner.service(resource)
        services.append(service)
        by_path[resource.path] = service
    files = naming.file_names(by_path)
    for resource in api.all_resources():
        service = by_path[resource.path]
        service.file = files[resource.path]
        service.children = [
            (fld, by_path[child.path].name)
            for (fld, _), child in zip(service.children, resource.children)
        ]
    top_fields = naming.settle(
        (r.name for r in api.resources),
        {r.name: naming.exported(r.name) for r in api.resources},
        SERVICE_MEMBERS,
    )
    return GoPackage(
        module=module,
        package=package,
        title=api.title,
        version=api.version,
        default_base_url=api.default_base_url,
        env_api_key=api.env_api_key,
        env_base_url=api.env_base_url,
        auth_kind=api.auth.kind,
        auth_param=api.auth.param,
        services=services,
        top=[(top_fields[r.name], by_path[r.path].name) for r in api.resources],
        skipped=planner.skipped,
        auth=planner.auth,
    )


def unsupported(op: Operation) -> str:
    """What the Go SDK lacks to write ``op`` ("" when nothing)."""
    return _Planner.unsupported(op)
