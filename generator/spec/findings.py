"""The validator's errors, each with the place in the document it is about and a short message.

openapi-spec-validator reports three kinds of error, each with a path of its own kind:

* the check of the whole document against the OpenAPI JSON Schema: a path from the root, but a
  failed ``oneOf`` (Schema Object or Reference Object?) says only "not valid under any of the
  schemas" and quotes the whole object; the useful error is in its context, in the branch
  meant (see ``_leaves``);
* the keyword walk (paths, operations, parameters, schemas): its errors carry no path at all, and
  the meta-schema check of a Schema Object or the check of a ``default`` gives a path relative to
  that schema or value. The keyword validators are wrapped (:func:`locating_keywords`) so each
  error records the path the walk took to it (through references) and the path inside it;
* anything else: the document's root.

Each becomes a :class:`Finding`: the library's own message (kept, so tests can compare the set
of findings with the library's) beside ours, which names the keyword and quotes values briefly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from ..diagnostics import pointer_join

# Attribute set on a library error by the wrapped keyword validators: (walk, inside, keyword).
_AT = "_sdk_gen_at"


class Finding(NamedTuple):
    """One validator finding. ``walk`` is the path the validator walked (references followed at
    each step) to the construct, ``inside`` the literal path within it: ``locate`` turns the two
    into a file and a pointer."""

    walk: tuple[str, ...]
    inside: tuple[str, ...]
    message: str
    library: str  # the library's message, first line


# Schema Object keywords of JSON Schema 2020-12 that OpenAPI 3.0's subset lacks.
_NEWER_KEYWORDS = frozenset(
    {
        "$anchor",
        "$comment",
        "$defs",
        "$dynamicAnchor",
        "$dynamicRef",
        "$id",
        "$schema",
        "$vocabulary",
        "const",
        "contains",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        "dependentRequired",
        "dependentSchemas",
        "else",
        "examples",
        "if",
        "maxContains",
        "minContains",
        "patternProperties",
        "prefixItems",
        "propertyNames",
        "then",
        "unevaluatedItems",
        "unevaluatedProperties",
    }
)


# Fields OpenAPI 3.1 added, by the name of the object that holds them ("" for the root).
_NEWER_FIELDS: dict[str, tuple[str, ...]] = {
    "webhooks": (),
    "jsonSchemaDialect": (),
    "pathItems": ("components",),
    "summary": ("info",),
    "identifier": ("license",),
}


def brief(value: Any, limit: int = 40) -> str:
    """A value as JSON, cut to ``limit`` characters: a message names a value, never dumps it."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    if len(text) <= limit:
        return text
    closing = {"{": "}", "[": "]", '"': '"'}.get(text[0], "")
    return text[: limit - 1 - len(closing)] + "…" + closing


def _shorten(message: str, instance: Any) -> str:
    """``message`` with its leading quote of ``instance`` (Python's repr or the Rust validator's
    JSON) replaced by a brief one."""
    for quoted in (
        repr(instance),
        json.dumps(instance, separators=(",", ":"), ensure_ascii=False, default=str),
        json.dumps(instance, ensure_ascii=False, default=str),
    ):
        if quoted and message.startswith(quoted):
            return brief(instance) + message[len(quoted) :]
    return message if len(message) <= 200 else message[:199] + "…"


def first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "invalid"
    return line if len(line) <= 300 else line[:297] + "..."


# --- the keyword walk -------------------------------------------------------------------------


def locating_keywords(validators: dict[str, Any]) -> dict[str, Any]:
    """The validator's keyword validators, those that make errors of their own recording on
    them where they are. The others only pass their parts on: not wrapping them saves a
    generator frame per call, thousands of calls on a big document."""
    return {
        name: _locating(name, cls) if name in _WHERE else cls
        for name, cls in validators.items()
    }


def _parts(path: Any) -> tuple[str, ...] | None:
    parts = getattr(path, "parts", None)
    return tuple(str(p) for p in parts) if isinstance(parts, tuple) else None


def _locating(name: str, base: Any) -> Any:
    """``base`` with its errors marked with the path of its first path argument; an error a
    nested validator marked first keeps its mark (it knows more)."""
    where = _WHERE[name]

    class Locating(base):  # type: ignore[misc]
        def __call__(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
            # Nothing is computed before an error comes: most calls find none, and a path's
            # parts cost a walk up its parents.
            seen: list[Any] = []  # the repeated items already reported, for duplicates
            for error in super().__call__(*args, **kwargs):
                error = library_error(error)
                if getattr(error, _AT, None) is None:
                    path = next((a for a in args if _parts(a) is not None), None)
                    if path is not None:
                        walk = _parts(path) or ()
                        try:
                            setattr(error, _AT, where(walk, path, error, seen))
                        except Exception:  # a path it cannot read: the construct itself
                            setattr(error, _AT, (walk, (), None))
                yield error

    Locating.__name__ = Locating.__qualname__ = f"Locating{base.__name__}"
    return Locating


def _schema_error(
    walk: tuple[str, ...], path: Any, error: Any, seen: list[Any]
) -> tuple[Any, ...]:
    """A Schema Object's own error: its ``required`` list, or the meta-schema's finding inside it."""
    kind = type(error).__name__
    if kind == "ExtraParametersError":
        return (walk, ("required",), None)
    inside = tuple(str(p) for p in getattr(error, "path", ()) or ())
    names = [p for p in inside if not p.isdigit()]
    return (walk, inside, names[-1] if names else None)


def _value_error(
    walk: tuple[str, ...], path: Any, error: Any, seen: list[Any]
) -> tuple[Any, ...]:
    """The check of a ``default`` against its schema: a path inside the value."""
    inside = tuple(str(p) for p in getattr(error, "path", ()) or ())
    return (walk, ("default", *inside), "default")


def _nth_duplicate(path: Any, key: Callable[[Any], Any], seen: list[Any]) -> int | None:
    """The index of the next repeated item in ``path`` (a list): the library reports them in
    order, one error each."""
    keys: set[Any] = set()
    repeats: list[int] = []
    for index, item in enumerate(path):
        k = key(item)
        if k in keys:
            repeats.append(index)
        keys.add(k)
    seen.append(None)
    count = len(seen)
    return repeats[count - 1] if count <= len(repeats) else None


def _parameters_error(
    walk: tuple[str, ...], path: Any, error: Any, seen: list[Any]
) -> tuple[Any, ...]:
    if type(error).__name__ == "ParameterDuplicateError":
        index = _nth_duplicate(path, lambda p: (p["name"], p["in"]), seen)
        if index is not None:
            return (walk + (str(index),), (), None)
    return (walk, (), None)


def _tags_error(
    walk: tuple[str, ...], path: Any, error: Any, seen: list[Any]
) -> tuple[Any, ...]:
    if str(getattr(error, "message", "")).startswith("Duplicate tag name"):
        index = _nth_duplicate(path, lambda t: (t / "name").read_str(), seen)
        if index is not None:
            return (walk + (str(index),), ("name",), None)
    return (walk, (), None)


def _operation_error(
    walk: tuple[str, ...], path: Any, error: Any, seen: list[Any]
) -> tuple[Any, ...]:
    if type(error).__name__ == "DuplicateOperationIDError":
        return (walk, ("operationId",), None)
    return (walk, (), None)


_WHERE: dict[str, Callable[[tuple[str, ...], Any, Any, list[Any]], tuple[Any, ...]]] = {
    "schema": _schema_error,
    "default": _value_error,
    "parameters": _parameters_error,
    "tags": _tags_error,
    "operation": _operation_error,
}


# --- one finding ------------------------------------------------------------------------------


def finding(error: Any, openapi: str) -> Finding:
    """The error as a finding: located, and worded for the construct it is about."""
    library = first_line(str(getattr(error, "message", error)))
    mark = getattr(error, _AT, None)
    if mark is not None:
        walk, inside, keyword = mark
        return Finding(walk, inside, _keyword_message(error, keyword, openapi), library)
    leaf = _document_leaf(error)
    if leaf is not None:
        return _document_finding(leaf, openapi, library)
    path = tuple(str(p) for p in getattr(error, "absolute_path", ()) or ())
    full = str(getattr(error, "message", error))
    message = first_line(_shorten(full, getattr(error, "instance", None)))
    return Finding((), path, message, library)


def _keyword_message(error: Any, keyword: str | None, openapi: str) -> str:
    instance = getattr(error, "instance", None)
    text = first_line(_shorten(str(getattr(error, "message", error)), instance))
    if keyword == "default":
        if getattr(error, "validator", None) == "required" and isinstance(
            instance, dict
        ):
            missing = text.split(" is a required property")[0]
            return f"default: {brief(instance)} lacks the required property {missing}"
        text = f"default: {text}"
        if instance is None and getattr(error, "validator", None) == "type":
            text += (
                " (the schema does not allow null: add nullable: true)"
                if openapi.startswith("3.0")
                else " (the schema does not allow null: add 'null' to its type)"
            )
        return text
    if keyword in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(
        instance, bool
    ):
        bound = "minimum" if keyword == "exclusiveMinimum" else "maximum"
        return (
            f"{keyword}: {brief(instance)} is OpenAPI 3.0's form; from 3.1 on {keyword} is "
            f"the bound itself (write {keyword}: <number> in place of {bound} + "
            f"{keyword}: true)"
        )
    if getattr(error, "validator", None) == "uniqueItems" and isinstance(
        instance, list
    ):
        return _repeated((keyword,) if keyword else (), instance)
    if keyword:
        return f"{keyword}: {text}"
    return text


# --- the whole-document check -----------------------------------------------------------------


class _Leaf(NamedTuple):
    path: tuple[str, ...]
    message: str
    instance: Any
    kind: str  # the failed JSON Schema keyword: "additionalProperties", "required", …
    unexpected: tuple[str, ...]
    in_schema: bool  # whether the OpenAPI JSON Schema checked it as a Schema Object


def _checked_as_schema(schema_path: list[str]) -> bool:
    """Whether the definition the OpenAPI JSON Schema checked this with is its Schema Object."""
    marks = [i for i, p in enumerate(schema_path) if p in ("definitions", "$defs")]
    return bool(marks) and schema_path[marks[-1] + 1 : marks[-1] + 2] == ["Schema"]


def _document_leaf(error: Any) -> _Leaf | None:
    """The most telling error under a whole-document error (see ``_leaves``): the deepest in
    the document of the errors of the branches that fit best."""
    rust = getattr(error, _RUST, None)
    if rust is not None:
        leaves = _leaves(rust, _rust_branches, _rust_leaf)
    elif getattr(error, "validator", None) is not None and hasattr(error, "context"):
        leaves = _leaves(error, _python_branches, _python_leaf)
    else:
        return None
    if not leaves:
        return None
    deepest = max(len(leaf.path) for leaf in leaves)
    return next(leaf for leaf in leaves if len(leaf.path) == deepest)


def _leaves(
    error: Any,
    branches_of: Callable[[Any], list[list[Any]]],
    leaf_of: Callable[[Any], _Leaf],
) -> list[_Leaf]:
    """The leaves under ``error``, from the branches of each failed ``oneOf``/``anyOf`` that fit
    best: not a Reference Object's (``"$ref" is required``, when the object has no ``$ref``),
    not one for another variant (an ``enum``/``const`` the value does not match: a Parameter
    whose ``in`` is another location's)."""
    branches = branches_of(error)
    if not branches:
        return [leaf_of(error)]
    scored: list[tuple[int, list[_Leaf]]] = []
    for branch in branches:
        leaves = [leaf for sub in branch for leaf in _leaves(sub, branches_of, leaf_of)]
        if leaves and all(_is_ref_required(leaf) for leaf in leaves):
            penalty = 2
        elif any(leaf.kind in ("enum", "const") for leaf in leaves):
            penalty = 1
        else:
            penalty = 0
        scored.append((penalty, leaves))
    best = min(penalty for penalty, _ in scored)
    return [leaf for penalty, leaves in scored if penalty == best for leaf in leaves]


def _is_ref_required(leaf: _Leaf) -> bool:
    return leaf.kind == "required" and leaf.message.startswith(('"$ref"', "'$ref'"))


def _rust_branches(error: Any) -> list[list[Any]]:
    return [list(branch) for branch in getattr(error.kind, "context", None) or []]


def _rust_leaf(error: Any) -> _Leaf:
    kind = getattr(error, "kind", None)
    return _Leaf(
        tuple(str(p) for p in error.instance_path),
        str(error.message),
        error.instance,
        str(getattr(kind, "name", "")),
        tuple(str(u) for u in getattr(kind, "unexpected", None) or ()),
        _checked_as_schema([str(p) for p in error.schema_path]),
    )


def _python_branches(error: Any) -> list[list[Any]]:
    """jsonschema's context is flat: each error's schema path starts with its branch."""
    grouped: dict[Any, list[Any]] = {}
    for sub in error.context or ():
        branch = sub.relative_schema_path[0] if sub.relative_schema_path else None
        grouped.setdefault(branch, []).append(sub)
    return list(grouped.values())


def _python_leaf(error: Any) -> _Leaf:
    unexpected: tuple[str, ...] = ()
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = error.schema.get("properties", {})
        patterns = error.schema.get("patternProperties", {})
        unexpected = tuple(
            str(k)
            for k in error.instance
            if k not in allowed and not any(re.search(p, str(k)) for p in patterns)
        )
    return _Leaf(
        tuple(str(p) for p in error.absolute_path),
        str(error.message),
        error.instance,
        str(error.validator),
        unexpected,
        # jsonschema's schema paths skip the "$ref"s they took: known by its fields instead
        isinstance(error.schema, dict)
        and {"nullable", "discriminator"} <= set(error.schema.get("properties", {})),
    )


def _document_finding(leaf: _Leaf, openapi: str, library: str) -> Finding:
    unknown = leaf.kind in ("additionalProperties", "unevaluatedProperties")
    if unknown and len(leaf.unexpected) == 1:
        key = leaf.unexpected[0]
        where = leaf.path + (key,)
        if leaf.in_schema and key in _NEWER_KEYWORDS and openapi.startswith("3.0"):
            message = (
                f"'{key}' is not a Schema Object keyword in OpenAPI {openapi} (it is one from "
                "3.1 on, with JSON Schema 2020-12); declare openapi: 3.1.0 or drop it"
            )
        elif (
            not leaf.in_schema
            and _NEWER_FIELDS.get(key) == leaf.path[-1:]
            and openapi.startswith("3.0")
        ):
            message = (
                f"'{key}' is a field of OpenAPI 3.1, not of {openapi}; declare "
                "openapi: 3.1.0 or drop it"
            )
        else:
            message = f"'{key}' is not allowed here (extensions start with 'x-')"
        return Finding((), where, message, library)
    if unknown and leaf.unexpected:
        names = ", ".join(f"'{k}'" for k in leaf.unexpected[:5])
        more = "…" if len(leaf.unexpected) > 5 else ""
        message = f"fields not allowed here: {names}{more} (extensions start with 'x-')"
        return Finding((), leaf.path, message, library)
    if leaf.kind == "propertyNames" and isinstance(leaf.instance, dict):
        try:  # the message starts with the name at fault, quoted as JSON
            name, end = json.JSONDecoder().raw_decode(leaf.message)
        except ValueError:
            name, end = None, 0
        if isinstance(name, str) and name in leaf.instance:
            rest = leaf.message[end:]
            return Finding(
                (), leaf.path + (name,), f"the name {brief(name)}{rest}", library
            )
    if (
        leaf.in_schema
        and leaf.path[-1:] == ("type",)
        and isinstance(leaf.instance, list)
        and openapi.startswith("3.0")
    ):
        return Finding(
            (),
            leaf.path,
            f"type: a list of types ({brief(leaf.instance)}) is OpenAPI 3.1's form; in "
            f"{openapi} give one type (and nullable: true for null)",
            library,
        )
    if leaf.kind == "uniqueItems" and isinstance(leaf.instance, list):
        return Finding((), leaf.path, _repeated(leaf.path[-1:], leaf.instance), library)
    message = first_line(_shorten(leaf.message, leaf.instance))
    if (
        leaf.kind == "required"
        and isinstance(leaf.instance, dict)
        and leaf.instance.get("in") == "path"
        and "required" not in leaf.instance
    ):
        message += " (a path parameter must say required: true)"
    return Finding((), leaf.path, message, library)


def _repeated(named: tuple[str, ...], items: list[Any]) -> str:
    repeated: list[str] = []
    for i, item in enumerate(items):
        text = brief(item)
        if item in items[:i] and text not in repeated:
            repeated.append(text)
    return f"{named[0] if named else 'the list'} lists {', '.join(repeated)} more than once"


# The Rust validator's own error, kept on the library's error made from it (see validate.py).
_RUST = "_sdk_gen_rust"


def keep_rust_error(error: Any, rust_error: Any) -> Any:
    error = library_error(error)
    setattr(error, _RUST, rust_error)
    return error


def library_error(error: Any) -> Any:
    """``error`` as the library's own error class, made now rather than in its ``iter_errors``
    (which would make a copy, without what was recorded on this one)."""
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    if isinstance(error, OpenAPIValidationError) or not hasattr(error, "_contents"):
        return error
    return OpenAPIValidationError.create_from(error)
