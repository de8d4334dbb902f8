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
# Keywords that say nothing of a value's shape: an allOf part of only these is left out of it.
_ANNOTATIONS = frozenset(
    {
        "nullable",
        "description",
        "title",
        "example",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$comment",
    }
)
# Keywords beside ``allOf`` that add to an object: with them the parts are merged, not collapsed.
_OBJECT_KEYWORDS = ("properties", "required", "additionalProperties")
_MAX_DEPTH = 64  # deeper nesting than any real API; bounds recursion on hostile input
# Put before a model's key for its request variant's: keys are ``file#pointer``, so no clash, and
# variants sort after every schema, so a schema that wants the same name keeps it.
_REQUEST_VARIANT = "~request "


@dataclass(frozen=True)
class RawField:
    """A property as found, before its Python name is settled."""

    wire: str
    type: TypeRef
    required: bool
    description: str | None
    deprecated: bool
    # ``readOnly``: sent by the server only, so no request shape has it; ``writeOnly``: sent by
    # clients only, so no response shape has it.
    read_only: bool = False
    write_only: bool = False


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
    # ``read``: the shape a server sends (write-only fields left out); ``write``: a request
    # variant (read-only fields already left out of ``fields``).
    direction: str = "read"


class ModelRegistry:
    """Collects models while schemas are converted; ``finish`` settles names and modules."""

    def __init__(self, docs: DocumentSet, diagnostics: list[Diagnostic]) -> None:
        self.docs = docs
        self.diagnostics = diagnostics
        self._pending: dict[str, _Pending] = {}
        self._in_progress: set[str] = set()
        self._recursive: set[str] = set()  # refs met again while being converted
        self._warned_cycles: set[str] = set()
        self._differ: set[str] | None = (
            None  # models whose request shape is not their own
        )

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
                members = _with_outer_properties(schema, key, members)
                ref = self._union(
                    members, file, pointer_join(pointer, key), want, depth
                )
                ref = self._discriminate(ref, schema.get("discriminator"), file)
                return ref.with_nullable(ref.nullable or nullable)
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and all_of:
            ref = self._all_of(schema, all_of, file, pointer, want, depth)
            return ref.with_nullable(ref.nullable or nullable)
        if "const" in schema and _is_scalar(schema["const"]):
            return self._enum([schema["const"]], nullable)
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            return self._enum(enum, nullable)
        types = schema.get("type")
        if isinstance(types, list):
            nullable = nullable or "null" in types
            concrete = [t for t in types if t != "null" and isinstance(t, str)]
            if len(concrete) + ("null" in types) < len(types):  # only on a lenient run
                self._warn(
                    file,
                    pointer_join(pointer, "type"),
                    "a type that is not a string is left out of the list",
                )
            if len(concrete) > 1:
                members = [
                    self.type_of({**schema, "type": t}, file, pointer, want, depth + 1)
                    for t in concrete
                ]
                return TypeRef("union", args=tuple(members), nullable=nullable)
            types = concrete[0] if concrete else None
        if types is not None and not isinstance(types, str):  # only on a lenient run
            self._warn(
                file,
                pointer_join(pointer, "type"),
                "'type' is not a string or a list of strings; typed as any JSON value",
            )
            return ANY.with_nullable(nullable)
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
        positional = schema.get("prefixItems")
        rest_key = "items"
        if not isinstance(positional, list) and isinstance(schema.get("items"), list):
            positional, rest_key = schema["items"], "additionalItems"  # draft 4 tuples
        if isinstance(positional, list) and positional and types in ("array", None):
            return self._tuple(
                schema, positional, rest_key, file, pointer, want, depth
            ).with_nullable(nullable)
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
            # Converted already: the first reference carried the schema's own null; this one
            # must too (GitHub's nullable-simple-user, referenced hundreds of times). An alias
            # holds its null in what it aliases.
            pending = self._pending.get(key)
            own_null = (pending is None or pending.kind == "object") and _declares_null(
                target.value
            )
            return TypeRef("model", key, nullable=own_null)
        want = _name_from_pointer(target.pointer)
        self._in_progress.add(key)
        try:
            ref = self.type_of(
                target.value, target.file, target.pointer, want, depth + 1
            )
        finally:
            self._in_progress.discard(key)
        if ref.kind == "model" and ref.name not in self._pending:
            if ref.name != key:
                return ref  # a link of a chain of $refs: the chain's start settles it
            # $refs that only point at each other (possible on a lenient run): no schema at
            # the end, and an alias of itself would not import.
            if key not in self._warned_cycles:
                self._warned_cycles.add(key)
                self._warn(
                    target.file,
                    target.pointer,
                    "a cycle of $refs that never reaches a schema; typed as any JSON value",
                )
            return ANY.with_nullable(ref.nullable)
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
        property; each member's tag field becomes a required ``Literal`` of its tag values.
        Otherwise the union stays plain, which still validates, only by trying each member in
        turn.

        A member's tag values: its ``mapping`` entries; else the values its tag property allows
        (a ``const`` or ``enum``: OpenAI's ``role: {enum: [system]}``); else, as the OpenAPI
        specification says of an unmapped member, the schema's name. Mapping keys are strings
        in JSON, so they take the tag property's own JSON type (``kind: 1`` stays an int).
        """
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
        settled: list[tuple[_Pending, int, tuple[str | int | float | bool, ...]]] = []
        for variant in variants:
            assert variant is not None
            index = next(
                (i for i, f in enumerate(variant.fields) if f.wire == prop), None
            )
            if index is None:
                return union
            old = variant.fields[index]
            mapped = tags.get(variant.key)
            values: tuple[str | int | float | bool, ...]
            if mapped:
                values = tuple(_typed_tag(v, self._tag_type(old.type)) for v in mapped)
            else:
                values = self._literal_values(old.type) or (
                    _name_from_pointer(variant.key.split("#", 1)[1]),
                )
            settled.append((variant, index, tuple(dict.fromkeys(values))))
        every = [(type(v), v) for _, _, values in settled for v in values]
        if len(set(every)) < len(every):
            # Two members share a tag value (OpenAI has two `type: message` outputs): pydantic
            # refuses such a tagged union at import, so it stays a plain one.
            return union
        for variant, index, values in settled:
            old = variant.fields[index]
            # A tag travels both ways, whatever readOnly says: no member can go without it.
            variant.fields[index] = replace(
                old,
                type=TypeRef("literal", values=values),
                required=True,
                read_only=False,
                write_only=False,
            )
        return replace(union, discriminator=prop)

    def _literal_values(self, ref: TypeRef) -> tuple[str | int | float | bool, ...]:
        """The values a tag property's type allows, through a named enum's alias."""
        for _ in range(8):  # an alias of an alias: bounded, aliases may cycle
            if ref.kind == "literal":
                return ref.values
            pending = self._pending.get(ref.name) if ref.kind == "model" else None
            if pending is None or pending.alias_of is None:
                return ()
            ref = pending.alias_of
        return ()

    def _tag_type(self, ref: TypeRef) -> str:
        """The JSON type a tag property declares: ``int``, ``float``, ``bool`` or ``str``."""
        values = self._literal_values(ref)
        if values:
            return type(values[0]).__name__
        return ref.name if ref.kind == "primitive" else "str"

    def _tuple(
        self,
        schema: dict[str, Any],
        positional: list[Any],
        rest_key: str,
        file: SourceFile,
        pointer: str,
        want: str,
        depth: int,
    ) -> TypeRef:
        """``prefixItems`` (3.1; ``items`` as a list before): ``tuple[A, B]``. With a schema for
        the items after them, every item may be of any of the types, in a tuple of any length:
        pydantic cannot validate ``tuple[A, B, *tuple[C, ...]]`` (2.14 takes it as a 3-tuple).
        No ``items`` is read as no more items, which is what authors of a pair mean."""
        key = "prefixItems" if rest_key == "items" else "items"
        members = tuple(
            self.type_of(
                item,
                file,
                pointer_join(pointer, key, i),
                f"{want}Item{i}",
                depth + 1,
            )
            for i, item in enumerate(positional)
        )
        rest = schema.get(rest_key)
        if rest is None or rest is False:
            return TypeRef("tuple", args=members)
        extra = self.type_of(
            rest, file, pointer_join(pointer, rest_key), want + "Item", depth + 1
        )
        options = list(dict.fromkeys([*members, extra]))
        if any(o.kind == "any" for o in options):
            return TypeRef("tuple", "...", args=(ANY,))
        one = (
            options[0]
            if len(options) == 1
            else TypeRef("union", args=tuple(o.with_nullable(False) for o in options))
        )
        if len(options) > 1 and any(o.nullable for o in options):
            one = one.with_nullable()
        return TypeRef("tuple", "...", args=(one,))

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
        # Parts that only annotate (``{nullable: true}`` beside a ``$ref``: the 3.0 way to make a
        # reference nullable) shape nothing; merging them would turn a union into a mapping.
        shaped = [
            (i, part)
            for i, part in enumerate(parts)
            if not (isinstance(part, dict) and all(map(_annotates, part)))
        ]
        nullable = any(
            isinstance(part, dict) and part.get("nullable") is True for part in parts
        )
        object_siblings = any(k in siblings for k in _OBJECT_KEYWORDS)
        if not shaped and not object_siblings:  # the schema as if it had no allOf
            rest = {k: v for k, v in schema.items() if k != "allOf"}
            ref = self.type_of(rest, file, pointer, want, depth + 1)
            return ref.with_nullable(ref.nullable or nullable)
        if len(shaped) == 1 and not object_siblings:
            i, only = shaped[0]
            ref = self.type_of(
                only, file, pointer_join(pointer, "allOf", i), want, depth + 1
            )
            return ref.with_nullable(ref.nullable or nullable)
        merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        for i, part in enumerate([*parts, siblings]):
            resolved = self._flatten(part, file, depth)
            merged["properties"].update(resolved.get("properties", {}))
            merged["required"].extend(resolved.get("required", []))
            if "additionalProperties" in resolved:
                merged["additionalProperties"] = resolved["additionalProperties"]
        if "description" in schema:
            merged["description"] = schema["description"]
        return self._object(merged, file, pointer, want, depth).with_nullable(nullable)

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
            read_only, write_only = self._access(prop, prop_file)
            pending.fields.append(
                RawField(
                    wire,
                    ref,
                    wire in required,
                    desc,
                    deprecated,
                    read_only,
                    write_only,
                )
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

    def _access(self, prop: Any, file: SourceFile, depth: int = 0) -> tuple[bool, bool]:
        """Whether a property is ``readOnly`` / ``writeOnly``: said on it, on the schema its
        ``$ref`` names, on an ``allOf`` part, or on every non-null member of an ``anyOf`` /
        ``oneOf`` (pydantic writes ``anyOf: [{type: string, writeOnly: true}, {type: null}]``
        for an optional secret)."""
        if depth > 8:  # allOf parts may lead back to themselves
            return False, False
        # A chain of $refs (bounded: on a lenient run one may cycle).
        for _ in range(8):
            if not isinstance(prop, dict) or not isinstance(prop.get("$ref"), str):
                break
            if "readOnly" in prop or "writeOnly" in prop:
                break  # 3.1: said beside the $ref
            try:
                target = self.docs.resolve(prop["$ref"], file)
            except LookupError:
                return False, False
            prop, file = target.value, target.file
        if not isinstance(prop, dict):
            return False, False
        read, write = prop.get("readOnly") is True, prop.get("writeOnly") is True
        if read or write:
            return (read, write) if read != write else (False, False)
        flags: list[tuple[bool, bool]] = []
        for part in (
            prop.get("allOf", []) if isinstance(prop.get("allOf"), list) else []
        ):
            flags.append(self._access(part, file, depth + 1))
        if any(r or w for r, w in flags):
            read = any(r for r, _ in flags)
            write = any(w for _, w in flags)
            return (read, write) if read != write else (False, False)
        for key in ("anyOf", "oneOf"):
            members = prop.get(key)
            if not isinstance(members, list):
                continue
            kept = [
                self._access(m, file, depth + 1)
                for m in members
                if not (isinstance(m, dict) and m.get("type") == "null")
            ]
            if kept and all(f == kept[0] for f in kept):
                return kept[0]
        return False, False

    def object_fields(self, ref: TypeRef) -> list[RawField] | None:
        """The properties of an object model, for flattening a body into arguments: read-only
        ones are the server's to set, so they are left out."""
        pending = self._pending.get(ref.name) if ref.kind == "model" else None
        if pending is None or pending.kind != "object" or ref.nullable:
            return None
        return [f for f in pending.fields if not f.read_only]

    def request_type(self, ref: TypeRef) -> TypeRef:
        """``ref`` as a request carries it: a model with read-only or write-only fields (or
        holding such a model) becomes its request variant, ``<Name>Params``, which has the
        write-only fields and not the read-only ones. Called once every schema is converted.
        """
        if self._differ is None:
            self._differ = self._differing()
        if ref.kind == "model":
            if ref.name not in self._differ:
                return ref
            return TypeRef("model", self._variant(ref.name), nullable=ref.nullable)
        if ref.args:
            return replace(ref, args=tuple(self.request_type(a) for a in ref.args))
        return ref

    def _differing(self) -> set[str]:
        """Models whose request shape differs from what a server sends: those with read-only
        or write-only fields, and every model that holds one of them."""
        held_by: dict[str, set[str]] = {}
        out: set[str] = set()
        for key, p in self._pending.items():
            if any(f.read_only or f.write_only for f in p.fields):
                out.add(key)
            for inner in _model_refs(p):
                held_by.setdefault(inner, set()).add(key)
        work = list(out)
        while work:
            for holder in held_by.get(work.pop(), ()):
                if holder not in out:
                    out.add(holder)
                    work.append(holder)
        return out

    def _variant(self, key: str) -> str:
        variant_key = _REQUEST_VARIANT + key
        if variant_key in self._pending:
            return variant_key
        p = self._pending[key]
        variant = _Pending(
            variant_key,
            p.want + "Params",
            p.kind,
            p.description,
            p.source,
            direction="write",
        )
        self._pending[variant_key] = (
            variant  # before its fields: they may lead back here
        )
        variant.fields = [
            replace(f, type=self.request_type(f.type))
            for f in p.fields
            if not f.read_only
        ]
        if p.extra is not None:
            variant.extra = self.request_type(p.extra)
        if p.alias_of is not None:
            variant.alias_of = self.request_type(p.alias_of)
        return variant_key

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
            | (naming.ANNOTATION_NAMES - naming.BUILTIN_TYPE_NAMES)
            | frozenset(names.values())
        )
        for key in sorted(self._pending):
            p = self._pending[key]
            # A response shape leaves write-only fields out (a request variant has none that
            # are read-only).
            kept = [f for f in p.fields if p.direction == "write" or not f.write_only]
            field_names = naming.dedupe(
                (f.wire, naming.member_name(f.wire, field_reserved)) for f in kept
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
                for f in kept
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


def _annotates(keyword: Any) -> bool:
    return keyword in _ANNOTATIONS or str(keyword).startswith("x-")


def _typed_tag(value: str, json_type: str) -> str | int | float | bool:
    """A mapping key (always a string) as a value of the tag property's JSON type."""
    try:
        if json_type == "int":
            return int(value)
        if json_type == "float":
            number = float(value)
            return int(number) if number.is_integer() else value
    except ValueError:
        return value
    if json_type == "bool" and value in ("true", "false"):
        return value == "true"
    return value


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool)) and value is not None


def _declares_null(schema: Any) -> bool:
    """Whether ``schema`` itself admits null: 3.0's ``nullable: true``, or ``null`` in 3.1's type
    list."""
    if not isinstance(schema, dict):
        return False
    types = schema.get("type")
    return schema.get("nullable") is True or (
        isinstance(types, list) and "null" in types
    )


def _with_outer_properties(
    schema: dict[str, Any], key: str, members: list[Any]
) -> list[Any]:
    """The union's inline members, each with the properties the schema declares beside the
    union (GitHub's check-run body: ``name``, ``head_sha``… beside a ``oneOf`` on ``status``);
    taken alone, each member lost them. ``$ref`` members keep their own identity."""
    if not isinstance(schema.get("properties"), dict) or not schema["properties"]:
        return members
    outer = {
        k: v
        for k, v in schema.items()
        if k
        not in ("anyOf", "oneOf", "discriminator", "description", "title", "nullable")
    }
    return [
        (
            {**outer, "allOf": [member]}
            if isinstance(member, dict) and "$ref" not in member
            else member
        )
        for member in members
    ]
