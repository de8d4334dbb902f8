"""The calls to make: for each operation of the IR, the client method to call and arguments
synthesised from the spec's schemas, once with what is required and once with every optional
argument as well.

The IR says which method, which parameters by Python name and which of them are body fields; the
spec (found through the operation's source pointer) says what values they take. Each argument
keeps the pointer of its schema, so a rejected call can be checked against the spec afterwards.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from generator.ir.nodes import Api, Operation, Parameter, Resource, TypeRef

from .specdoc import SpecDoc, join
from .synth import Synth

API_KEY = "conformance-key"
# What stands for a binary body in the plan (the caller sends bytes in its place).
WORD_BYTES_MARK = "conformance"
BASIC_USER = "conformance:secret"


@dataclass
class Arg:
    value: Any
    pointer: str  # the schema the value was made for ("" when there is none)
    file: bool = False  # sent as bytes (an upload), the value only stands in for checks


@dataclass
class Call:
    id: str
    op: str  # "post /pet"
    operation_id: str | None
    pointer: str  # the operation in the spec
    resource: tuple[str, ...]
    method: str
    variant: str  # "required" | "optional"
    args: dict[str, Arg]
    # The body as a whole, for checks (flattened bodies are split into ``args``).
    body: Arg | None = None
    options: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "resource": list(self.resource),
            "method": self.method,
            "args": {k: a.value for k, a in self.args.items()},
            "files": [k for k, a in self.args.items() if a.file],
            "options": self.options,
        }


def credentials_for(api: Api) -> dict[str, str | None]:
    """A value for every credential argument the client takes (``api_key`` first), as a user
    holding every key would construct it; ``api_key=None`` when the client sends none.
    """
    out: dict[str, str | None] = {
        scheme.argument: BASIC_USER if scheme.kind == "basic" else API_KEY
        for scheme in api.auth.schemes
        if scheme.kind != "none"
    }
    return out or {"api_key": None}


def plan_calls(api: Api, doc: SpecDoc) -> list[Call]:
    synth = Synth(doc, "request")
    param_synth = Synth(doc, "request", strings_first=True)
    calls: list[Call] = []
    for resource, op in api.operations():
        if op.source is None:
            continue
        made = [
            _call(api, doc, (synth, param_synth), resource, op, variant)
            for variant in ("required", "optional")
        ]
        calls.append(made[0])
        if _signature(made[1]) != _signature(made[0]):
            calls.append(made[1])
    return calls


def _signature(call: Call) -> Any:
    return repr(sorted((k, repr(a.value)) for k, a in call.args.items()))


def _call(
    api: Api,
    doc: SpecDoc,
    synths: tuple[Synth, Synth],
    resource: Resource,
    op: Operation,
    variant: str,
) -> Call:
    assert op.source is not None
    full = variant == "optional"
    pointer = op.source.pointer
    node, _ = doc.follow(doc.at(pointer), pointer)
    call = Call(
        id=f"{op.key} [{variant}]",
        op=op.key,
        operation_id=op.operation_id,
        pointer=pointer,
        resource=resource.path,
        method=op.name,
        variant=variant,
        args={},
    )
    spec_params = _spec_parameters(doc, pointer, node)
    for param in op.parameters:
        if param.location == "body":
            continue
        if not (param.required or full):
            continue
        found = spec_params.get((param.location, param.wire))
        if found is None:
            call.notes.append(
                f"parameter {param.wire} ({param.location}) not found in the spec"
            )
            continue
        schema, schema_pointer = found
        value = synths[1].value(schema, schema_pointer, full=full)
        if (
            param.type.kind == "primitive"
            and param.type.name == "str"
            and not isinstance(value, str)
        ):
            value = str(value)
        call.args[param.name] = Arg(value, schema_pointer)
    _body(call, doc, synths[0], op, node, pointer, full)
    call.options = _credentials(api, doc, node)
    return call


def _spec_parameters(
    doc: SpecDoc, pointer: str, node: dict[str, Any]
) -> dict[tuple[str, str], tuple[Any, str]]:
    """(in, name) → (schema, its pointer): the path item's parameters, then the operation's."""
    out: dict[tuple[str, str], tuple[Any, str]] = {}
    item_pointer = pointer.rsplit("/", 1)[0]
    item, item_pointer = doc.follow(doc.at(item_pointer), item_pointer)
    for owner, owner_pointer in ((item, item_pointer), (node, pointer)):
        params = owner.get("parameters") if isinstance(owner, dict) else None
        if not isinstance(params, list):
            continue
        for i, raw in enumerate(params):
            param, param_pointer = doc.follow(raw, join(owner_pointer, "parameters", i))
            if not isinstance(param, dict):
                continue
            name, where = param.get("name"), param.get("in")
            if "schema" in param:
                schema, schema_pointer = param["schema"], join(param_pointer, "schema")
            elif isinstance(param.get("content"), dict) and param["content"]:
                media = next(iter(param["content"]))
                schema = param["content"][media].get("schema", {})
                schema_pointer = join(param_pointer, "content", media, "schema")
            else:
                schema, schema_pointer = {}, ""
            if isinstance(name, str) and isinstance(where, str):
                out[(where, name)] = (schema, schema_pointer)
    return out


def _body(
    call: Call,
    doc: SpecDoc,
    synth: Synth,
    op: Operation,
    node: dict[str, Any],
    pointer: str,
    full: bool,
) -> None:
    body = op.body
    if body is None:
        return
    params = [p for p in op.parameters if p.location == "body"]
    if not body.required and not full and not any(p.required for p in params):
        return
    raw, body_pointer = doc.follow(
        node.get("requestBody"), join(pointer, "requestBody")
    )
    content = raw.get("content") if isinstance(raw, dict) else None
    media = content.get(body.content_type) if isinstance(content, dict) else None
    if not isinstance(media, dict):
        call.notes.append(f"request body {body.content_type} not found in the spec")
        return
    schema_pointer = join(body_pointer, "content", body.content_type, "schema")
    schema = media.get("schema", {})
    value = synth.value(schema, schema_pointer, full=full)
    if body.kind in ("binary", "text") and not body.flattened:
        call.body = Arg(value, schema_pointer)
        for p in params:
            call.args[p.name] = Arg(
                value if body.kind == "text" else WORD_BYTES_MARK,
                "",
                file=body.kind == "binary",
            )
        return
    call.body = Arg(value, schema_pointer)
    if not body.flattened:
        for p in params:
            call.args[p.name] = Arg(value, schema_pointer, file=_is_file(p.type))
        return
    props, _ = synth.object_view(schema, schema_pointer)
    if not isinstance(value, dict):
        value = {}
    for p in params:
        if p.wire in value:
            prop_value = value[p.wire]
        elif p.required:
            # The IR requires what the synthesised object left out: supply it too.
            found = props.get(p.wire)
            if found is None:
                call.notes.append(f"body field {p.wire} not found in the spec")
                continue
            prop_value = synth.value(found[0], found[1], full=full)
            value[p.wire] = prop_value
        else:
            continue
        prop_pointer = props[p.wire][1] if p.wire in props else ""
        call.args[p.name] = Arg(prop_value, prop_pointer, file=_is_file(p.type))
    call.body = Arg(value, schema_pointer)


def _is_file(t: TypeRef) -> bool:
    if t.kind == "file":
        return True
    return t.kind == "array" and bool(t.args) and t.args[0].kind == "file"


def _credentials(api: Api, doc: SpecDoc, node: dict[str, Any]) -> dict[str, Any]:
    """What the operation's security needs beyond the client's own credentials, as per-call
    options (``extra_headers``/``extra_query``), the way a user has to send a scheme the client
    does not support. Empty when the client's schemes satisfy an alternative (or none is needed).
    """
    security = node.get("security", doc.root.get("security"))
    if not isinstance(security, list) or not security:
        return {}
    alternatives = [alt for alt in security if isinstance(alt, dict)]
    if any(not alt for alt in alternatives):
        return {}
    # The schemes the client sends itself: every one it takes a credential for.
    mine = {s.scheme_name for s in api.auth.schemes if s.kind != "none"}
    if any(set(alt) <= mine for alt in alternatives):
        return {}
    schemes = doc.root.get("components", {}).get("securitySchemes", {})

    def placed(name: str) -> tuple[str, str]:
        """Where a scheme's credential goes on the wire: two schemes placed alike (two bearer
        schemes, say) are both satisfied by one credential."""
        scheme, _ = doc.follow(schemes.get(name, {}), "")
        kind = scheme.get("type") if isinstance(scheme, dict) else None
        if kind == "apiKey":
            return str(scheme.get("in")), str(scheme.get("name")).lower()
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
            return "header", "authorization basic"
        return "header", "authorization bearer"

    sent = {placed(n) for n in mine if n}
    if any(all(placed(n) in sent for n in alt) for alt in alternatives):
        return {}
    chosen = next((alt for alt in alternatives if mine & set(alt)), alternatives[0])
    headers: dict[str, str] = {}
    query: dict[str, str] = {}
    for name in chosen:
        if name in mine or placed(name) in sent:
            continue
        scheme, _ = doc.follow(schemes.get(name, {}), "")
        kind = scheme.get("type")
        http = str(scheme.get("scheme", "")).lower()
        if kind == "apiKey" and scheme.get("in") == "header":
            headers[str(scheme.get("name"))] = API_KEY
        elif kind == "apiKey" and scheme.get("in") == "query":
            query[str(scheme.get("name"))] = API_KEY
        elif kind == "apiKey" and scheme.get("in") == "cookie":
            headers["Cookie"] = f"{scheme.get('name')}={API_KEY}"
        elif kind == "http" and http == "basic":
            token = base64.b64encode(BASIC_USER.encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        else:
            headers["Authorization"] = f"Bearer {API_KEY}"
    out: dict[str, Any] = {}
    if headers:
        out["extra_headers"] = headers
    if query:
        out["extra_query"] = query
    return out
