"""JSON Schema → :class:`TypeRef`, registering the models that need a name.

Named models are created for object schemas (with properties) and for named unions and enums under
``components/schemas``. Everything else is inlined as a structured type. Names are *wanted* here and
*settled* later (``ModelRegistry.finish``), after every schema has been seen, so collisions resolve
in sorted order of schema keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..diagnostics import Diagnostic, pointer_join
from ..spec.load import SourceFile
from ..spec.refs import DocumentSet
from . import naming
from .nodes import Field, Model, SourceRef, TypeRef

ANY = TypeRef("any")
_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_MAX_DEPTH = 64  # deeper nesting than any real API; bounds recursion on hostile input


@dataclass(frozen=True)
class RawField:
    """A property as found, before its Python name is settled."""

    wire: str
    type: TypeRef
    required: bool
    description: str | None
    deprecated: bool


@dataclass
class _Pending:
    key: str
    want: str
    kind: str  # "object" | "alias"
    description: str | None
    source: SourceRef
    fields: list[RawField] = field(default_factory=list)
    alias_of: TypeRef | None = None
    extra: TypeRef | None = None


class ModelRegistry:
    """Collects models while schemas are converted; ``finish`` settles names and modules."""

    def __init__(self, docs: DocumentSet, diagnostics: list[Diagnostic]) -> None:
        self.docs = docs
        self.diagnostics = diagnostics
        self._pending: dict[str, _Pending] = {}
        self._in_progress: set[str] = set()
        self._recursive: set[str] = set()  # refs met again while being converted

    # -- conversion -------------------------------------------------------------------------

    def type_of(
        self, schema: Any, file: SourceFile, pointer: str, want: str, depth: int = 0
    ) -> TypeRef:
        """The type of ``schema`` (found at ``file#pointer``); ``want`` names it if it needs a model."""
        if depth > _MAX_DEPTH:
            self._warn(
                file, pointer, "schema nested too deeply; typed as any JSON value"
            )
            return ANY
        if isinstance(schema, bool) or not isinstance(schema, dict):
            return ANY
        if "$ref" in schema and isinstance(schema["$ref"], str):
            return self._ref(schema, file, pointer, depth)
        nullable = schema.get("nullable") is True
        for key in ("anyOf", "oneOf"):
            members = schema.get(key)
            if isinstance(members, list) and members:
                ref = self._union(
                    members, file, pointer_join(pointer, key), want, depth
                )
                ref = self._discriminate(ref, schema.get("discriminator"), file)
                return ref.with_nullable(ref.nullable or nullable)
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and all_of:
            return self._all_of(
                schema, all_of, file, pointer, want, depth
            ).with_nullable(nullable)
        if "const" in schema and _is_scalar(schema["const"]):
            return self._enum([schema["const"]], nullable)
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            return self._enum(enum, nullable)
        types = schema.get("type")
        if isinstance(types, list):
            nullable = nullable or "null" in types
            concrete = [t for t in types if t != "null"]
            if len(concrete) > 1:
                members = [
                    self.type_of({**schema, "type": t}, file, pointer, want, depth + 1)
                    for t in concrete
                ]
                return TypeRef("union", args=tuple(members), nullable=nullable)
            types = concrete[0] if concrete else None
        if types == "null":
            return ANY.with_nullable()
        if types in _PRIMITIVES:
            fmt = (
                schema.get("format") if isinstance(schema.get("format"), str) else None
            )
            name = (
                "bytes" if types == "string" and fmt == "binary" else _PRIMITIVES[types]
            )
            return TypeRef("primitive", name, nullable=nullable, format=fmt)
        if types == "array" or (types is None and "items" in schema):
            item = self.type_of(
                schema.get("items", True),
                file,
                pointer_join(pointer, "items"),
                want + "Item",
                depth + 1,
            )
            return TypeRef("array", args=(item,), nullable=nullable)
        if (
            types == "object"
            or types is None
            and ("properties" in schema or "additionalProperties" in schema)
        ):
            return self._object(schema, file, pointer, want, depth).with_nullable(
                nullable
            )
        return ANY.with_nullable(nullable)

    def _ref(
        self, schema: dict[str, Any], file: SourceFile, pointer: str, depth: int
    ) -> TypeRef:
        try:
            target = self.docs.resolve(schema["$ref"], file)
        except LookupError as exc:  # checked up front; kept for safety on lenient runs
            self._warn(file, pointer, str(exc))
            return ANY
        key = _key(target.file, target.pointer)
        if key in self._in_progress:
            self._recursive.add(key)
        if key in self._pending or key in self._in_progress:
            return TypeRef("model", key)
        want = _name_from_pointer(target.pointer)
        self._in_progress.add(key)
        try:
            ref = self.type_of(
                target.value, target.file, target.pointer, want, depth + 1
            )
        finally:
            self._in_progress.discard(key)
        recursive_alias = key in self._recursive and not (
            ref.kind == "model" and ref.name == key
        )
        if recursive_alias or (
            ref.kind in ("union", "literal") and _is_component(target.pointer)
        ):
            # A named union or enum keeps its name: docs and users refer to it.
            self._pending[key] = _Pending(
                key,
                want,
                "alias",
                _text(target.value.get("description")),
                SourceRef(target.file.display, target.pointer),
                alias_of=ref,  # keeps null: references made while converting it carry none
            )
            return TypeRef("model", key)
        return ref

    def _union(
        self, members: list[Any], file: SourceFile, pointer: str, want: str, depth: int
    ) -> TypeRef:
        nullable = False
        out: list[TypeRef] = []
        for i, member in enumerate(members):
            if (
                isinstance(member, dict)
                and member.get("type") == "null"
                and len(member) <= 2
            ):
                nullable = True
                continue
            ref = self.type_of(
                member, file, pointer_join(pointer, i), f"{want}Variant{i}", depth + 1
            )
            nullable = nullable or ref.nullable
            ref = ref.with_nullable(False)
            if ref not in out:
                out.append(ref)
        if not out:
            return ANY.with_nullable(nullable)
        if len(out) == 1:
            return out[0].with_nullable(nullable)
        if any(r.kind == "any" for r in out):
            return ANY.with_nullable(nullable)
        return TypeRef("union", args=tuple(out), nullable=nullable)

    def _discriminate(
        self, union: TypeRef, discriminator: Any, file: SourceFile
    ) -> TypeRef:
        """Make ``union`` a tagged union when every member is an object model with the tag
        property; each member's tag field becomes a required ``Literal`` of its tag values (from
        ``mapping``, else the schema's name). Otherwise the union stays plain, which still
        validates, only by trying each member in turn."""
        if union.kind != "union" or not isinstance(discriminator, dict):
            return union
        prop = discriminator.get("propertyName")
        if not isinstance(prop, str):
            return union
        variants = [
            self._pending.get(a.name) if a.kind == "model" else None for a in union.args
        ]
        if any(v is None or v.kind != "object" for v in variants):
            return union
        tags: dict[str, list[str]] = {}
        mapping = discriminator.get("mapping")
        for value, target in (mapping.items() if isinstance(mapping, dict) else []):
            ref = (
                target
                if "/" in str(target) or "#" in str(target)
                else f"#/components/schemas/{target}"
            )
            try:
                located = self.docs.resolve(str(ref), file)
            except LookupError:
                continue
            tags.setdefault(_key(located.file, located.pointer), []).append(str(value))
        for variant in variants:
            assert variant is not None
            index = next(
                (i for i, f in enumerate(variant.fields) if f.wire == prop), None
            )
            if index is None:
                return union
            values = tags.get(variant.key) or [
                _name_from_pointer(variant.key.split("#", 1)[1])
            ]
            old = variant.fields[index]
            literal = TypeRef("literal", values=tuple(values))
            variant.fields[index] = RawField(
                old.wire, literal, True, old.description, old.deprecated
            )
        return replace(union, discriminator=prop)

    def _enum(self, values: list[Any], nullable: bool) -> TypeRef:
        nullable = nullable or any(v is None for v in values)
        scalars: list[str | int | float | bool] = []
        seen: set[tuple[type, object]] = set()  # by type too: True == 1 in Python
        for value in values:
            if not _is_scalar(value):
                continue
            if isinstance(value, float):
                if (
                    not value.is_integer()
                ):  # Literal cannot hold a float: type it as a number
                    return TypeRef("primitive", "float", nullable=nullable)
                value = int(value)  # YAML reads 2.592e+06 as a float
            if (type(value), value) not in seen:
                seen.add((type(value), value))
                scalars.append(value)
        if not scalars:
            return ANY.with_nullable(nullable)
        return TypeRef("literal", values=tuple(scalars), nullable=nullable)

    def _all_of(
        self,
        schema: dict[str, Any],
        parts: list[Any],
        file: SourceFile,
        pointer: str,
        want: str,
        depth: int,
    ) -> TypeRef:
        siblings = {
            k: v
            for k, v in schema.items()
            if k
            not in ("allOf", "description", "title", "nullable", "example", "default")
        }
        if len(parts) == 1 and not siblings.get("properties"):
            return self.type_of(
                parts[0], file, pointer_join(pointer, "allOf", 0), want, depth + 1
            )
        merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        for i, part in enumerate([*parts, siblings]):
            resolved = self._flatten(part, file, depth)
            merged["properties"].update(resolved.get("properties", {}))
            merged["required"].extend(resolved.get("required", []))
            if "additionalProperties" in resolved:
                merged["additionalProperties"] = resolved["additionalProperties"]
        if "description" in schema:
            merged["description"] = schema["description"]
        return self._object(merged, file, pointer, want, depth)

    def _flatten(self, schema: Any, file: SourceFile, depth: int) -> dict[str, Any]:
        """Resolve refs and nested allOf into one object schema (properties + required)."""
        seen = 0
        while (
            isinstance(schema, dict)
            and isinstance(schema.get("$ref"), str)
            and seen < 32
        ):
            try:
                target = self.docs.resolve(schema["$ref"], file)
            except LookupError:
                return {}
            schema, file, seen = target.value, target.file, seen + 1
        if not isinstance(schema, dict) or depth > _MAX_DEPTH:
            return {}
        out: dict[str, Any] = {"properties": {}, "required": []}
        for part in (
            schema.get("allOf", []) if isinstance(schema.get("allOf"), list) else []
        ):
            inner = self._flatten(part, file, depth + 1)
            out["properties"].update(inner.get("properties", {}))
            out["required"].extend(inner.get("required", []))
        props = schema.get("properties")
        if isinstance(props, dict):
            # Keep each property's file so its own $refs resolve relative to where it was written.
            out["properties"].update({k: _Anchored(v, file) for k, v in props.items()})
        if isinstance(schema.get("required"), list):
            out["required"].extend(r for r in schema["required"] if isinstance(r, str))
        if "additionalProperties" in schema:
            out["additionalProperties"] = schema["additionalProperties"]
        return out

    def _object(
        self,
        schema: dict[str, Any],
        file: SourceFile,
        pointer: str,
        want: str,
        depth: int,
    ) -> TypeRef:
        props = schema.get("properties")
        extra_schema = schema.get("additionalProperties")
        if not isinstance(props, dict) or not props:
            if isinstance(extra_schema, dict):
                value = self.type_of(
                    extra_schema,
                    file,
                    pointer_join(pointer, "additionalProperties"),
                    want + "Value",
                    depth + 1,
                )
                return TypeRef("map", args=(value,))
            return TypeRef("map", args=(ANY,))
        key = _key(file, pointer)
        if key in self._pending:
            return TypeRef("model", key)
        pending = _Pending(
            key,
            want,
            "object",
            _text(schema.get("description")),
            SourceRef(file.display, pointer),
        )
        self._pending[key] = pending
        required = (
            set(r for r in schema.get("required", []) if isinstance(r, str))
            if isinstance(schema.get("required"), list)
            else set()
        )
        for wire, prop in props.items():
            if not isinstance(wire, str):
                continue
            prop_file = file
            if isinstance(prop, _Anchored):
                prop, prop_file = prop.schema, prop.file
            prop_ptr = pointer_join(pointer, "properties", wire)
            ref = self.type_of(
                prop, prop_file, prop_ptr, want + naming.pascal(wire), depth + 1
            )
            desc = _text(prop.get("description")) if isinstance(prop, dict) else None
            deprecated = isinstance(prop, dict) and prop.get("deprecated") is True
            pending.fields.append(
                RawField(wire, ref, wire in required, desc, deprecated)
            )
        if isinstance(extra_schema, dict):
            pending.extra = self.type_of(
                extra_schema,
                file,
                pointer_join(pointer, "additionalProperties"),
                want + "Value",
                depth + 1,
            )
        return TypeRef("model", key)

    def object_fields(self, ref: TypeRef) -> list[RawField] | None:
        """The properties of an object model, for flattening a body into arguments."""
        pending = self._pending.get(ref.name) if ref.kind == "model" else None
        if pending is None or pending.kind != "object" or ref.nullable:
            return None
        return list(pending.fields)

    def property_schemas(
        self, schema: Any, file: SourceFile
    ) -> dict[str, tuple[Any, SourceFile]]:
        """Each property's own schema, and the file it is written in, of an object schema
        (through ``$ref``s and ``allOf``): what a request body's per-field rules read beyond the
        field's type (a 3.1 ``contentMediaType`` leaves no trace in the type)."""
        out: dict[str, tuple[Any, SourceFile]] = {}
        properties = self._flatten(schema, file, 0).get("properties", {})
        for name, prop in properties.items():
            if isinstance(prop, _Anchored):
                out[name] = (prop.schema, prop.file)
            else:
                out[name] = (prop, file)
        return out

    def _warn(self, file: SourceFile, pointer: str, message: str) -> None:
        self.diagnostics.append(self.docs.diagnostic(file, pointer, message, "warning"))

    # -- settling names ---------------------------------------------------------------------

    def finish(self, reserved: frozenset[str]) -> tuple[Model, ...]:
        names = naming.dedupe(
            (p.key, naming.class_name(p.want, reserved)) for p in self._pending.values()
        )
        modules = self._modules(names)
        models = []
        # Built once: per model, it cost O(models²) (a second on Cloudflare's 4,622 models).
        field_reserved = (
            naming.PYDANTIC_RESERVED
            | naming.ANNOTATION_NAMES
            | frozenset(names.values())
        )
        for key in sorted(self._pending):
            p = self._pending[key]
            field_names = naming.dedupe(
                (f.wire, naming.member_name(f.wire, field_reserved)) for f in p.fields
            )
            fields = tuple(
                Field(
                    field_names[f.wire],
                    f.wire,
                    f.type,
                    f.required,
                    f.description,
                    f.deprecated,
                )
                for f in p.fields
            )
            models.append(
                Model(
                    key,
                    names[key],
                    modules[key],
                    p.kind,  # type: ignore[arg-type]
                    p.description,
                    fields,
                    p.alias_of,
                    p.extra,
                    p.source,
                )
            )
        return tuple(models)

    def _modules(self, names: dict[str, str]) -> dict[str, str]:
        """Models in one reference cycle share a module; every other model has its own."""
        graph = {key: sorted(_model_refs(p)) for key, p in self._pending.items()}
        groups = _strongly_connected(graph)
        wants = []
        for group in groups:
            lead = min(group, key=lambda k: names[k])
            wants.append(
                (lead, naming.member_name(naming.snake(names[lead]), fallback="model"))
            )
        settled = naming.dedupe(wants)
        out: dict[str, str] = {}
        for group in groups:
            lead = min(group, key=lambda k: names[k])
            for key in group:
                out[key] = settled[lead]
        return out


@dataclass(frozen=True)
class _Anchored:
    """A property schema carried across files by allOf flattening, with the file it was written in."""

    schema: Any
    file: SourceFile


def _model_refs(p: _Pending) -> set[str]:
    out: set[str] = set()
    stack = [f.type for f in p.fields]
    if p.alias_of:
        stack.append(p.alias_of)
    if p.extra:
        stack.append(p.extra)
    while stack:
        ref = stack.pop()
        if ref.kind == "model":
            out.add(ref.name)
        stack.extend(ref.args)
    return out


def _strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (reference chains can be thousands long)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            edges = [e for e in graph.get(node, []) if e in graph]
            if i < len(edges):
                work.append((node, i + 1))
                child = edges[i]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    group.append(top)
                    if top == node:
                        break
                groups.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return groups


def _key(file: SourceFile, pointer: str) -> str:
    return f"{file.display}#{pointer}"


def _is_component(pointer: str) -> bool:
    parts = pointer.split("/")
    return (
        len(parts) == 4
        and parts[1] == "components"
        and parts[2] == "schemas"
        or (len(parts) == 3 and parts[1] in ("definitions", "$defs"))
    )


def _name_from_pointer(pointer: str) -> str:
    last = pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    return last or "Model"


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool)) and value is not None
