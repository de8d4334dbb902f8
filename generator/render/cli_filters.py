"""Jinja filters for ``templates/cli``: the decisions the CLI templates need, as pure functions of IR values.

The CLI's command table (``<pkg>/_cli/_commands.json``) is data.  These filters turn IR nodes into the JSON
values that table holds; the template prints them through ``cli_json`` and decides nothing.  JSON rather than a
Python literal: black took ~9 s to format LlamaCloud's 13k-line table, and a data file needs no formatting.

A *value spec* says how the CLI parses one flag's text into the value it passes to the client::

    {"kind": "string"}                                  # also: "integer", "number", "boolean", "object", "any"
    {"kind": "string", "format": "uuid"}                # the schema format, shown as the flag's metavar
    {"kind": "enum", "choices": ["asc", "desc"]}        # literals (enums): validated, listed in help, completed
    {"kind": "array", "item": {"kind": "string"}}       # repeat the flag, or give one JSON/YAML list
    {"kind": "file"}                                    # an upload: a path, or "-" for stdin
"""

from __future__ import annotations

from collections.abc import Callable
import json
from json.encoder import encode_basestring
from typing import Any

from generator.ir.nodes import Api, Model, Operation, Parameter, Resource, TypeRef

ValueSpec = dict[str, Any]

# Alias chains deeper than this are cycles (or absurd); the flag then takes any JSON/YAML value.
_MAX_DEPTH = 32

_PRIMITIVE_KINDS: dict[str, str] = {
    "str": "string",
    "bytes": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "object": "object",
}

_ANY: ValueSpec = {"kind": "any"}


def _scalar_kind(spec: ValueSpec) -> bool:
    return spec["kind"] in ("string", "integer", "number", "boolean", "enum")


def _enum_spec(
    values: tuple[str | int | float | bool, ...] | list[str | int | float | bool],
) -> ValueSpec:
    choices: list[str | int | float | bool] = []
    for value in values:
        if value not in choices:
            choices.append(value)
    return {"kind": "enum", "choices": choices}


def _union_spec(members: list[ValueSpec]) -> ValueSpec:
    if not members:
        return dict(_ANY)
    if all(member == members[0] for member in members):
        return members[0]
    if all(member["kind"] == "enum" for member in members):
        return _enum_spec(
            [choice for member in members for choice in member["choices"]]
        )
    # ``X | list[X]`` (a common "one or many" shape): the array flag accepts a single value too.
    arrays = [member for member in members if member["kind"] == "array"]
    if len(arrays) == 1 and len(members) == 2:
        other = members[0] if members[1] is arrays[0] else members[1]
        if arrays[0]["item"] == other:
            return arrays[0]
    # A string beside other scalars (e.g. ``str | int``): the text is passed as given.
    if all(_scalar_kind(member) for member in members) and any(
        m["kind"] == "string" for m in members
    ):
        return {"kind": "string"}
    return dict(_ANY)


def _value_spec(type_: TypeRef, models: dict[str, Model], depth: int) -> ValueSpec:
    if depth > _MAX_DEPTH:
        return dict(_ANY)
    if type_.kind == "primitive":
        spec: ValueSpec = {"kind": _PRIMITIVE_KINDS.get(type_.name, "any")}
        if type_.format and spec["kind"] in ("string", "integer", "number"):
            spec["format"] = type_.format
        return spec
    if type_.kind == "literal":
        return _enum_spec(type_.values)
    if type_.kind == "file":
        return {"kind": "file"}
    if type_.kind == "array":
        item = (
            _value_spec(type_.args[0], models, depth + 1) if type_.args else dict(_ANY)
        )
        return {"kind": "array", "item": item}
    if type_.kind == "map":
        return {"kind": "object"}
    if type_.kind == "union":
        return _union_spec([_value_spec(arg, models, depth + 1) for arg in type_.args])
    if type_.kind == "model":
        model = models.get(type_.name)
        if model is None:
            return dict(_ANY)
        if model.kind == "alias" and model.alias_of is not None:
            return _value_spec(model.alias_of, models, depth + 1)
        return {"kind": "object"}
    return dict(_ANY)


def cli_value(type_: TypeRef, api: Api) -> ValueSpec:
    """How the CLI parses a flag of this type: a value spec (see the module docstring)."""
    return _value_spec(type_, api.models_by_key, 0)


def cli_flag_spec(parameter: Parameter, api: Api) -> dict[str, Any]:
    """One flag of a command, as the ``FlagSpec`` row of the command table."""
    return {
        "flag": parameter.cli_flag,
        "name": parameter.name,
        "wire": parameter.wire,
        "location": parameter.location,
        "value": cli_value(parameter.type, api),
        "required": parameter.required,
        "nullable": parameter.type.nullable,
        "description": parameter.description,
        "deprecated": parameter.deprecated,
    }


def cli_body(operation: Operation) -> dict[str, Any] | None:
    """How a body read from stdin maps onto the operation: its encoding and whether its fields are flags."""
    if operation.body is None:
        return None
    return {"kind": operation.body.kind, "flattened": operation.body.flattened}


def cli_commands(api: Api) -> list[dict[str, Any]]:
    """The whole command table: one ``CommandSpec`` row per operation, in client order."""
    return [_command(resource, op, api) for resource, op in api.operations()]


def _command(resource: Resource, op: Operation, api: Api) -> dict[str, Any]:
    row = {
        "resource": resource.cli_name,
        "method": op.cli_name,
        "attr": op.name,
        "client_path": list(resource.path),
        "http_method": op.http_method,
        "path": op.path,
        "summary": op.summary,
        "description": op.description,
        "deprecated": op.deprecated,
        "body": cli_body(op),
        "response": op.response.kind if op.response else "none",
        "flags": [cli_flag_spec(p, api) for p in op.parameters],
    }
    if op.pagination is not None:
        row["pagination"] = {"items": list(op.pagination.items)}
    return row


def cli_json(value: Any) -> str:
    """Stable JSON text: one key per line so a spec change reads as a small diff. The same text
    as ``json.dumps(value, indent=1, ensure_ascii=False)``, twice as fast: with an indent,
    ``json`` encodes through its pure-Python generator (9 ms of a LlamaCloud regeneration).
    """
    parts: list[str] = []
    try:
        _indented(value, "\n", parts)
    except TypeError:
        # A value the table never holds: json's own error, or its own text.
        return json.dumps(value, indent=1, ensure_ascii=False) + "\n"
    parts.append("\n")
    return "".join(parts)


def _indented(value: Any, newline: str, parts: list[str]) -> None:
    kind = type(value)
    if kind is str:
        parts.append(encode_basestring(value))
    elif value is None or value is True or value is False:
        parts.append("null" if value is None else "true" if value else "false")
    elif kind is int:
        parts.append(int.__repr__(value))
    elif kind is dict or kind is list:
        opening, closing = ("{", "}") if kind is dict else ("[", "]")
        if not value:
            parts.append(opening + closing)
            return
        inner = newline + " "
        separator = opening + inner
        items = value.items() if kind is dict else ((None, item) for item in value)
        for key, item in items:
            parts.append(separator)
            if kind is dict:
                if type(key) is not str:
                    raise TypeError(key)
                parts += (encode_basestring(key), ": ")
            _indented(item, inner, parts)
            separator = "," + inner
        parts.append(newline + closing)
    else:  # floats (json's own spelling of nan and inf), tuples, anything else
        raise TypeError(kind)


FILTERS: dict[str, Callable[..., Any]] = {
    "cli_commands": cli_commands,
    "cli_json": cli_json,
    "cli_value": cli_value,
    "cli_flag_spec": cli_flag_spec,
    "cli_body": cli_body,
}
