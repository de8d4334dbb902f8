"""A JSON value for a schema of the spec: the spec's own example, default, const or enum value
when it conforms, else a value built from the type, format, pattern and bounds.

``full=False`` gives only what the schema requires (required properties, ``minItems`` items);
``full=True`` fills every property the request may carry too. Every candidate is checked with
jsonschema where a choice is made (examples, union members), so what comes out conforms unless
the schema cannot be satisfied this way; the caller checks the final value again and blames the
harness, not the SDK, when it does not conform.
"""

from __future__ import annotations

import math
import re
from typing import Any

from .specdoc import SpecDoc, join

# Python's regex parser: the supported way to read a pattern's structure (no public API exists).
from re import _constants, _parser  # type: ignore[attr-defined]

MAX_DEPTH = 8
FORMATS: dict[str, Any] = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "03:04:05Z",
    "duration": "P1D",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com/conformance",
    "url": "https://example.com/conformance",
    "iri": "https://example.com/conformance",
    "uri-reference": "https://example.com/conformance",
    "uri-template": "https://example.com/{id}",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "Y29uZm9ybWFuY2U=",
    "binary": "conformance",
    "password": "conformance-secret",
    "regex": "^a+$",
    "json-pointer": "/a",
    "relative-json-pointer": "0",
}
WORD = "conformance"


class Synth:
    def __init__(
        self, doc: SpecDoc, direction: str = "request", *, strings_first: bool = False
    ) -> None:
        self.doc = doc
        self.direction = direction
        # For parameters: a union's string member first. On the wire every parameter is text,
        # so ``1`` for ``oneOf: [integer, string]`` reads as both members (a oneOf must match
        # one); a string the integer member cannot read is unambiguous.
        self.strings_first = strings_first

    # ------------------------------------------------------------------ entry

    def value(self, node: Any, pointer: str, *, full: bool) -> Any:
        return self._value(node, pointer, full, 0, ())

    def object_view(
        self, node: Any, pointer: str
    ) -> tuple[dict[str, tuple[Any, str]], set[str]]:
        """The properties (schema, pointer) and required names of an object schema, allOf
        members merged."""
        props: dict[str, tuple[Any, str]] = {}
        required: set[str] = set()
        self._collect(node, pointer, props, required, 0)
        return props, required

    # ------------------------------------------------------------------ internals

    def _ok(self, value: Any, pointer: str) -> bool:
        return not self.doc.errors(value, pointer, direction=self.direction)

    def _value(
        self, node: Any, pointer: str, full: bool, depth: int, stack: tuple[str, ...]
    ) -> Any:
        node, pointer = self.doc.follow(node, pointer)
        if not isinstance(node, dict):
            return WORD if node is not False else None
        for candidate in self._given(node):
            if self._ok(candidate, pointer):
                return candidate
        if "const" in node:
            return node["const"]
        enum = node.get("enum")
        if isinstance(enum, list) and enum:
            non_null = [v for v in enum if v is not None]
            return non_null[0] if non_null else None
        lone = self._lone_member(node, pointer)
        if lone is not None:
            return self._value(lone[0], lone[1], full, depth, stack)
        for key in ("oneOf", "anyOf"):
            members = node.get(key)
            if isinstance(members, list) and members:
                chosen = self._union(node, pointer, key, members, full, depth, stack)
                if chosen is not _NOTHING:
                    return chosen
        kind = self._type(node, pointer)
        if kind == "object":
            return self._object(node, pointer, full, depth, stack)
        if kind == "array":
            return self._array(node, pointer, full, depth, stack)
        if kind == "integer":
            return self._number(node, integer=True)
        if kind == "number":
            return self._number(node, integer=False)
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return self._string(node)

    def _given(self, node: dict[str, Any]) -> list[Any]:
        out: list[Any] = []
        if "example" in node:
            out.append(node["example"])
        examples = node.get("examples")
        if isinstance(examples, list):
            out.extend(examples[:3])
        if "default" in node:
            out.append(node["default"])
        return [v for v in out if v is not None]

    def _lone_member(
        self, node: dict[str, Any], pointer: str
    ) -> tuple[Any, str] | None:
        """The one allOf member that says anything about the value, when the others only add
        annotations (``allOf: [{$ref: X}, {nullable: true}]``) and the node has no shape.
        """
        if any(k in node for k in ("type", "properties", "oneOf", "anyOf", "items")):
            return None
        members = self._all_of(node, pointer)
        shaped = [
            (m, p) for m, p in members if isinstance(m, dict) and set(m) - _ANNOTATIONS
        ]
        if len(shaped) == 1 and members:
            index = members.index(shaped[0])
            return node["allOf"][index], join(pointer, "allOf", index)
        return None

    def _type(self, node: dict[str, Any], pointer: str) -> str:
        kind = node.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            kind = kinds[0] if kinds else "null"
        if isinstance(kind, str):
            return kind
        if "properties" in node or "additionalProperties" in node or "required" in node:
            return "object"
        if "items" in node or "prefixItems" in node:
            return "array"
        for member, member_pointer in self._all_of(node, pointer):
            inner = self._type(member, member_pointer)
            if inner != "string":
                return inner
        if "allOf" in node:
            props, _ = self.object_view(node, pointer)
            if props:
                return "object"
        return "string"

    def _all_of(self, node: dict[str, Any], pointer: str) -> list[tuple[Any, str]]:
        members = node.get("allOf")
        if not isinstance(members, list):
            return []
        return [
            self.doc.follow(m, join(pointer, "allOf", i)) for i, m in enumerate(members)
        ]

    def _collect(
        self,
        node: Any,
        pointer: str,
        props: dict[str, tuple[Any, str]],
        required: set[str],
        depth: int,
    ) -> None:
        node, pointer = self.doc.follow(node, pointer)
        if not isinstance(node, dict) or depth > 20:
            return
        for member, member_pointer in self._all_of(node, pointer):
            self._collect(member, member_pointer, props, required, depth + 1)
        own = node.get("properties")
        if isinstance(own, dict):
            for name, schema in own.items():
                props[name] = (schema, join(pointer, "properties", name))
        names = node.get("required")
        if isinstance(names, list):
            required.update(n for n in names if isinstance(n, str))

    def _union(
        self,
        node: dict[str, Any],
        pointer: str,
        key: str,
        members: list[Any],
        full: bool,
        depth: int,
        stack: tuple[str, ...],
    ) -> Any:
        """The first member's value that the whole schema accepts (a oneOf must match exactly
        one member): members that are not null first, the required-only value before the full one.
        """
        tried: list[Any] = []

        def rank(i: int) -> tuple[bool, bool]:
            target = self.doc.follow(members[i], pointer)[0]
            stringy = isinstance(target, dict) and target.get("type") == "string"
            return _is_null(target), self.strings_first and not stringy

        order = sorted(range(len(members)), key=rank)
        for i in order:
            member_pointer = join(pointer, key, i)
            target, target_pointer = self.doc.follow(members[i], member_pointer)
            if target_pointer in stack and depth > 2:
                continue
            for variant in ((full, not full) if depth < 3 else (full,)):
                value = self._value(
                    members[i], member_pointer, variant, depth + 1, stack
                )
                if isinstance(target, dict) and self._has_properties(node, pointer):
                    # The union narrows an object described beside it (``properties`` plus
                    # ``anyOf: [{required: [a]}, {required: [b]}]``): the object with the
                    # member's requirements, and the member's own properties on top.
                    _, member_required = self.object_view(target, target_pointer)
                    base = self._object(
                        node, pointer, variant, depth, stack, extra=member_required
                    )
                    value = {**base, **value} if isinstance(value, dict) else base
                value = self._tag(node, target_pointer, value)
                if self._ok(value, pointer):
                    return value
                tried.append(value)
        return tried[0] if tried else _NOTHING

    def _tag(self, node: dict[str, Any], member_pointer: str, value: Any) -> Any:
        """The discriminator's value for the chosen member, when the union has one."""
        disc = node.get("discriminator")
        if not isinstance(disc, dict) or not isinstance(value, dict):
            return value
        prop = disc.get("propertyName")
        if not isinstance(prop, str):
            return value
        mapping = disc.get("mapping")
        for tag, target in (mapping if isinstance(mapping, dict) else {}).items():
            if isinstance(target, str) and (
                target == "#" + member_pointer
                or target.rsplit("/", 1)[-1] == member_pointer.rsplit("/", 1)[-1]
            ):
                return {**value, prop: tag}
        if prop not in value:
            return {**value, prop: member_pointer.rsplit("/", 1)[-1]}
        return value

    def _object(
        self,
        node: dict[str, Any],
        pointer: str,
        full: bool,
        depth: int,
        stack: tuple[str, ...],
        extra: frozenset[str] | set[str] = frozenset(),
    ) -> dict[str, Any]:
        props, required = self.object_view(node, pointer)
        required = required | extra
        out: dict[str, Any] = {}
        inner_stack = (*stack, pointer)
        for name, (schema, prop_pointer) in props.items():
            target, target_pointer = self.doc.follow(schema, prop_pointer)
            is_required = name in required
            if isinstance(target, dict) and self._hidden(target):
                continue
            if not is_required:
                if not full or depth >= MAX_DEPTH or target_pointer in inner_stack:
                    continue
            out[name] = self._value(
                schema, prop_pointer, full and depth < MAX_DEPTH, depth + 1, inner_stack
            )
        more = node.get("additionalProperties")
        wanted = node.get("minProperties")
        if isinstance(more, dict) and (
            (full and not props) or (isinstance(wanted, int) and len(out) < wanted)
        ):
            if depth < MAX_DEPTH:
                out[self._key(node, pointer)] = self._value(
                    more,
                    join(pointer, "additionalProperties"),
                    False,
                    depth + 1,
                    inner_stack,
                )
        disc = node.get("discriminator")
        if isinstance(disc, dict) and isinstance(disc.get("propertyName"), str):
            prop = disc["propertyName"]
            tagged = self._tag(node, pointer, {})
            if prop in tagged and (prop not in out or not self._ok(out, pointer)):
                out[prop] = tagged[prop]
        return out

    def _has_properties(self, node: dict[str, Any], pointer: str) -> bool:
        return bool(self.object_view(node, pointer)[0])

    def _key(self, node: dict[str, Any], pointer: str) -> str:
        """A key for a map entry: ``propertyNames`` may restrict them."""
        names = node.get("propertyNames")
        if isinstance(names, dict):
            key = self._value(
                names, join(pointer, "propertyNames"), False, MAX_DEPTH, ()
            )
            if isinstance(key, str):
                return key
        return "key"

    def _hidden(self, node: dict[str, Any]) -> bool:
        """A property this direction must leave out."""
        if self.direction == "request":
            return node.get("readOnly") is True
        return node.get("writeOnly") is True

    def _array(
        self,
        node: dict[str, Any],
        pointer: str,
        full: bool,
        depth: int,
        stack: tuple[str, ...],
    ) -> list[Any]:
        low, high = _int(node, "minItems") or 0, _int(node, "maxItems")
        prefix = node.get("prefixItems")
        if isinstance(prefix, list) and prefix:
            return [
                self._value(s, join(pointer, "prefixItems", i), full, depth + 1, stack)
                for i, s in enumerate(prefix)
            ]
        # Two items where the schema allows: one item of a form or multipart array reads as a
        # scalar on the wire (Prism then reports "must be array"), and two show the encoding.
        count = max(low, 2)
        if high is not None:
            count = min(count, high)
        if depth >= MAX_DEPTH:
            count = low
        items = node.get("items", {})
        item_pointer = join(pointer, "items")
        target, _ = self.doc.follow(items, item_pointer)
        enum = target.get("enum") if isinstance(target, dict) else None
        if isinstance(enum, list) and len(enum) >= count and node.get("uniqueItems"):
            return [v for v in enum if v is not None][:count]
        one = self._value(items, item_pointer, full, depth + 1, stack)
        if count > 1 and node.get("uniqueItems"):
            if _is_container(one) or one is None:
                return [one] * max(min(low, count), 1)
            return [_vary(one, i) for i in range(count)]
        return [one] * count

    def _number(self, node: dict[str, Any], *, integer: bool) -> int | float:
        low, high = _bound(node, "minimum", "exclusiveMinimum", 1, integer), _bound(
            node, "maximum", "exclusiveMaximum", -1, integer
        )
        value: float = 1 if integer else 1.5
        if low is not None and value < low:
            value = low
        if high is not None and value > high:
            value = high
        step = node.get("multipleOf")
        if isinstance(step, (int, float)) and step > 0:
            value = math.ceil(value / step) * step
            if high is not None and value > high:
                value = math.floor(high / step) * step
        if integer:
            return int(math.ceil(value)) if low is not None else int(value)
        return float(value)

    def _string(self, node: dict[str, Any]) -> str:
        low, high = _int(node, "minLength") or 0, _int(node, "maxLength")
        pattern = node.get("pattern")
        if isinstance(pattern, str):
            found = _from_pattern(pattern, low, high)
            if found is not None:
                return found
        fmt = node.get("format")
        text = FORMATS.get(fmt, WORD) if isinstance(fmt, str) else WORD
        if len(text) < low:
            text = text + "x" * (low - len(text))
        if high is not None and len(text) > high:
            text = text[:high]
        return text


_NOTHING = object()
# Keys that describe a schema without constraining its value's shape.
_ANNOTATIONS = frozenset(
    {
        "nullable",
        "description",
        "title",
        "deprecated",
        "example",
        "examples",
        "default",
        "readOnly",
        "writeOnly",
        "externalDocs",
        "xml",
        "$comment",
    }
)


def _int(node: dict[str, Any], key: str) -> int | None:
    value = node.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _is_null(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    kind = node.get("type")
    return kind == "null" or kind == ["null"] or node.get("enum") == [None]


def _bound(
    node: dict[str, Any], inclusive: str, exclusive: str, sign: int, integer: bool
) -> float | None:
    value = node.get(inclusive)
    flag = node.get(exclusive)
    if isinstance(flag, (int, float)) and not isinstance(flag, bool):  # 3.1: a number
        return flag + sign * (1 if integer else 0.5)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if flag is True:  # 3.0: a flag beside the bound
            return value + sign * (1 if integer else 0.5)
        return value
    return None


def _is_container(value: Any) -> bool:
    return isinstance(value, (dict, list))


def _vary(value: Any, i: int) -> Any:
    if isinstance(value, str):
        return value + str(i) if i else value
    if isinstance(value, bool):
        return value if i == 0 else not value
    if isinstance(value, (int, float)):
        return value + i
    return value


def _from_pattern(pattern: str, low: int, high: int | None) -> str | None:
    """A short string matching ``pattern`` within the length bounds, built by walking the
    pattern's parse tree (Python's own regex parser), or None when Python cannot read it or the
    walk does not fit."""
    try:
        compiled = re.compile(pattern)
        tree = _parser.parse(pattern)
    except (re.error, RecursionError):
        return None
    for extra in (0, max(low - _min_length(tree), 0)):
        budget = [extra]
        try:
            text = _walk(tree, budget, {})
        except (ValueError, RecursionError):
            return None
        if (
            len(text) >= low
            and (high is None or len(text) <= high)
            and compiled.search(text)
        ):
            return text
    return None


def _min_length(tree: Any) -> int:
    try:
        return len(_walk(tree, [0], {}))
    except (ValueError, RecursionError):
        return 0


_C = _constants
_PREFERRED = "a0A_-. "


def _walk(tree: Any, budget: list[int], groups: dict[int, str]) -> str:
    """The shortest text ``tree`` matches; ``budget`` more characters are spent on the first
    repetitions that allow them (to reach a minimum length)."""
    out: list[str] = []
    for op, arg in tree:
        if op is _C.LITERAL:
            out.append(chr(arg))
        elif op is _C.NOT_LITERAL:
            out.append("a" if chr(arg) != "a" else "b")
        elif op is _C.ANY:
            out.append("a")
        elif op is _C.IN:
            out.append(_in_class(arg))
        elif op in (
            _C.MAX_REPEAT,
            _C.MIN_REPEAT,
            getattr(_C, "POSSESSIVE_REPEAT", None),
        ):
            low, high, sub = arg
            one = _walk(sub, [0], groups)
            count = low
            if budget[0] > 0 and one:
                room = (_C.MAXREPEAT if high is _C.MAXREPEAT else high) - low
                more = min(room, -(-budget[0] // len(one)))
                count += more
                budget[0] -= more * len(one)
            out.append(
                "".join(_walk(sub, [0], groups) for _ in range(count)) if count else ""
            )
        elif op is _C.SUBPATTERN:
            group, _, _, sub = arg
            text = _walk(sub, budget, groups)
            if group is not None:
                groups[group] = text
            out.append(text)
        elif op is _C.BRANCH:
            _, branches = arg
            out.append(_walk(branches[0], budget, groups))
        elif op is _C.GROUPREF:
            out.append(groups.get(arg, ""))
        elif op is _C.CATEGORY:
            out.append(_category(arg))
        elif op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            continue
        else:
            raise ValueError(f"unsupported regex construct {op}")
    return "".join(out)


def _category(category: Any) -> str:
    name = str(category)
    if "NOT_DIGIT" in name or "NOT_SPACE" in name:
        return "a"
    if "NOT_WORD" in name:
        return "-"
    if "DIGIT" in name:
        return "0"
    if "SPACE" in name:
        return " "
    return "a"


def _in_class(items: list[tuple[Any, Any]]) -> str:
    """A character of a ``[...]`` class: one of the usual ones it allows, else its first."""
    negated = bool(items) and items[0][0] is _C.NEGATE
    if negated:
        banned = set(_class_chars(items[1:]))
        return next(c for c in "a0A_-.x" if c not in banned)
    allowed = _class_chars(items)
    for c in _PREFERRED:
        if c in allowed:
            return c
    if allowed:
        return allowed[0]
    raise ValueError("empty character class")


def _class_chars(items: list[tuple[Any, Any]]) -> str:
    chars: list[str] = []
    for op, arg in items:
        if op is _C.LITERAL:
            chars.append(chr(arg))
        elif op is _C.RANGE:
            low, high = arg
            chars.extend(chr(c) for c in range(low, min(high, low + 200) + 1))
        elif op is _C.CATEGORY:
            chars.append(_category(arg))
    return "".join(chars)
