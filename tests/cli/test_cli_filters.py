"""The CLI's value specs: how each IR type becomes a flag (pure; no package is generated).

The subprocess tests cover the kinds a spec commonly has; these cover the shapes they do not reach:
unions, aliases, maps, dangling and cyclic references.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from generator.ir.nodes import Body, Model, Operation, Parameter, TypeRef
from generator.render.cli_filters import cli_body, cli_flag_spec, cli_json, cli_value

STR = TypeRef("primitive", "str")
INT = TypeRef("primitive", "int")
SHADE = TypeRef("literal", values=("red", "green", "red"))


def _api(*models: Model) -> Any:
    # The filters read nothing else of an Api.
    return SimpleNamespace(models=models, models_by_key={m.key: m for m in models})


def _alias(key: str, of: TypeRef) -> Model:
    return Model(key=key, name=key, module=key.lower(), kind="alias", alias_of=of)


@pytest.mark.parametrize(
    "type_, expected",
    [
        (
            TypeRef("primitive", "str", format="uuid"),
            {"kind": "string", "format": "uuid"},
        ),
        (TypeRef("primitive", "bool", format="flag"), {"kind": "boolean"}),
        (TypeRef("primitive", "float"), {"kind": "number"}),
        (SHADE, {"kind": "enum", "choices": ["red", "green"]}),  # duplicates dropped
        (TypeRef("map", args=(INT,)), {"kind": "object"}),
        (TypeRef("any"), {"kind": "any"}),
        (TypeRef("array"), {"kind": "array", "item": {"kind": "any"}}),
        # unions
        (TypeRef("union", args=(STR, STR)), {"kind": "string"}),
        (
            TypeRef("union", args=(SHADE, TypeRef("literal", values=("blue",)))),
            {"kind": "enum", "choices": ["red", "green", "blue"]},
        ),
        (  # one or many: the array flag also takes a single value
            TypeRef("union", args=(STR, TypeRef("array", args=(STR,)))),
            {"kind": "array", "item": {"kind": "string"}},
        ),
        (TypeRef("union", args=(STR, INT)), {"kind": "string"}),  # passed as typed
        (TypeRef("union", args=(INT, TypeRef("map", args=(INT,)))), {"kind": "any"}),
        (TypeRef("union"), {"kind": "any"}),
    ],
)
def test_value_specs(type_: TypeRef, expected: dict[str, Any]) -> None:
    assert cli_value(type_, _api()) == expected


def test_models_and_aliases() -> None:
    obj = Model(key="#/Obj", name="Obj", module="obj", kind="object")
    shade = _alias("#/Shade", SHADE)
    api = _api(
        obj,
        shade,
        _alias("#/A", TypeRef("model", "#/B")),
        _alias("#/B", TypeRef("model", "#/A")),
    )

    assert cli_value(TypeRef("model", "#/Obj"), api) == {"kind": "object"}
    assert cli_value(TypeRef("array", args=(TypeRef("model", "#/Shade"),)), api) == {
        "kind": "array",
        "item": {"kind": "enum", "choices": ["red", "green"]},
    }
    assert cli_value(TypeRef("model", "#/Missing"), api) == {"kind": "any"}
    assert cli_value(TypeRef("model", "#/A"), api) == {"kind": "any"}  # a cycle ends


def test_flag_spec_and_body() -> None:
    parameter = Parameter(
        name="index_ids",
        wire="index_ids",
        location="body",
        type=TypeRef("array", args=(STR,), nullable=True),
        required=True,
        description="Indexes.",
        cli_flag="--index-id",
    )
    assert cli_flag_spec(parameter, _api()) == {
        "flag": "--index-id",
        "name": "index_ids",
        "wire": "index_ids",
        "location": "body",
        "value": {"kind": "array", "item": {"kind": "string"}},
        "required": True,
        "nullable": True,
        "description": "Indexes.",
        "deprecated": False,
    }

    def operation(body: Body | None) -> Operation:
        return Operation(
            key="post /x", name="create", cli_name="create", http_method="post",
            path="/x", operation_id=None, summary=None, description=None,
            parameters=(), body=body, response=None, error_responses=(),
        )  # fmt: skip

    assert cli_body(operation(None)) is None
    body = Body("application/json", "json", True, TypeRef("array", args=(STR,)), False)
    assert cli_body(operation(body)) == {"kind": "json", "flattened": False}


@pytest.mark.parametrize(
    "value",
    [
        {
            "prog": "tool",
            "empty_map": {},
            "empty_list": [],
            "text": 'quote " back \\ tab \t newline \n bell \x07 été ☃ \u2028',
            "flags": [{"required": True, "nullable": False, "default": None}, 7, -3],
            "nested": [[], [{}], [[1, [2]]]],
        },
        [],
        "plain",
        # Values the command table does not hold go through json itself.
        {"ratio": 0.5, "pair": (1, 2), "inf": float("inf")},
        {1: "a non-string key"},
    ],
)
def test_the_command_table_text_is_what_json_writes(value: Any) -> None:
    assert cli_json(value) == json.dumps(value, indent=1, ensure_ascii=False) + "\n"
