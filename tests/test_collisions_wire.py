"""Colliding and hostile names on a real socket (tests/cases/collisions): every argument reaches
the server under its own wire name, and every response field comes back on its own attribute,
with the sync client, the async client and the CLI.

The Python names asserted here are the package's public surface (the golden tree pins them
too); the wire names are written out from the spec, not read from the generator.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline import generate
from tests.golden import CASES
from tests.support.generated import CaseMaker
from tests.support.server import LoopbackServer, Recorded, Reply

CASE = CASES / "collisions"

# Python argument → (location, wire name): one of each hostile kind.
ARGUMENTS: dict[str, tuple[str, str, Any]] = {
    "id": ("path", "id", "p/1"),
    "id_body": ("body", "id", "b1"),
    "name": ("query", "name", "q-name"),
    "name_body": ("body", "name", "b-name"),
    "self_": ("query", "self", "q-self"),
    "self_body": ("body", "self", "b-self"),
    "timeout_": ("query", "timeout", 5),
    "extra_headers_": ("query", "extra_headers", "eh"),
    "extra_query_": ("query", "extra_query", "eq"),
    "extra_body_": ("query", "extra_body", "eb"),
    "cast_": ("query", "cast", "c"),
    "omit_": ("query", "omit", "o"),
    "not_given_": ("query", "not_given", "ng"),
    "RequestOptions_": ("query", "RequestOptions", "ro"),
    "locals_": ("query", "locals", "lo"),
    "options_": ("query", "options", "op"),
    "import_": ("query", "import", "q-import"),
    "import_body": ("body", "import", "b-import"),
    "None_": ("query", "None", "q-none"),
    "none_body": ("body", "None", "b-none"),
    "grosse": ("query", "größe", 3),
    "grosse_body": ("body", "größe", 4),
    "u540d_u524d": ("query", "名前", "名"),
    "u540d_u524d_body": ("body", "名前", "前"),
    "param": ("query", "🎨", "palette"),
    "param_body_2": ("body", "🎨", "brush"),
    "param_body_3": ("body", "🎸", "guitar"),
    "param_body": ("body", "", "empty"),
    "param_1st": ("query", "1st", "q-first"),
    "param_1st_body": ("body", "1st", "b-first"),
    "init": ("query", "__init__", "dunder"),
    "proto": ("body", "__proto__", "proto"),
    "private": ("body", "_private", "private"),
    "dict": ("body", "__dict__", "dunder-dict"),
    "dict_body": ("body", "dict", "plain-dict"),
    "x_request_id": ("header", "X-Request-ID", "rid-1"),
    "from_": ("cookie", "from", "cookie-from"),
    "from_body": ("body", "from", "body-from"),
    "class_": ("body", "class", "klass"),
    "async_": ("body", "async", True),
    "model_config": ("body", "model_config", "mc"),
    "model_fields": ("body", "model_fields", "mf"),
    "schema": ("body", "schema", "sc"),
    "json": ("body", "json", "js"),
    "copy": ("body", "copy", "cp"),
    "validate": ("body", "validate", "va"),
    "construct": ("body", "construct", "cn"),
    "fields": ("body", "fields", "fi"),
    "str": ("body", "str", "st"),
    "shade": ("body", "shade", "RED"),
}
# The stored thing the server answers with: every hostile property name.
THING = {
    "id": "b1",
    "name": "b-name",
    "class": "klass",
    "from": "body-from",
    "import": "b-import",
    "async": True,
    "None": "b-none",
    "self": "b-self",
    "model_config": "mc",
    "model_fields": "mf",
    "schema": "sc",
    "json": "js",
    "dict": "plain-dict",
    "copy": "cp",
    "validate": "va",
    "construct": "cn",
    "fields": "fi",
    "__proto__": "proto",
    "_private": "private",
    "__dict__": "dunder-dict",
    "größe": 4,
    "名前": "前",
    "🎨": "brush",
    "🎸": "guitar",
    "1st": "b-first",
    "": "empty",
    "str": "st",
    "shade": "re-d",
}
# Attribute → wire name on the response model.
ATTRIBUTES = {
    "class_": "class",
    "from_": "from",
    "import_": "import",
    "async_": "async",
    "None__": "None",
    "self": "self",
    "model_config_": "model_config",
    "model_fields_": "model_fields",
    "schema_": "schema",
    "json_": "json",
    "dict__2": "dict",
    "dict_": "__dict__",
    "copy_": "copy",
    "validate_": "validate",
    "construct_": "construct",
    "fields": "fields",
    "proto": "__proto__",
    "private": "_private",
    "grosse": "größe",
    "u540d_u524d": "名前",
    "field_2": "🎨",
    "field_3": "🎸",
    "field_1st": "1st",
    "field": "",
    "str_": "str",
    "shade": "shade",
}

_PROGRAM = """
import asyncio, json, sys
from clash import Clash, AsyncClash

kwargs = json.loads(sys.argv[2])
attributes = json.loads(sys.argv[3])

def report(thing):
    return {"type": type(thing).__name__,
            "attributes": {a: getattr(thing, a) for a in attributes},
            "dumped": thing.model_dump(mode="json", by_alias=True, exclude_unset=True)}

client = Clash(base_url=sys.argv[1], strict_response_validation=True)
out = {"sync": report(client.class_.class_(**kwargs))}

async def main():
    async with AsyncClash(base_url=sys.argv[1], strict_response_validation=True) as aclient:
        return report(await aclient.class_.class_(**kwargs))

out["async"] = asyncio.run(main())
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def package(generated_case: CaseMaker) -> Path:
    return generated_case("collisions").root


def run(package: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args],
        cwd=package,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _assert_wire_names(request: Recorded, sent: dict[str, tuple[str, Any]]) -> None:
    """``sent``: argument → (location, wire, value); each arrived under its wire name only."""
    wanted_query = {
        wire: [str(value)]
        for location, wire, value in sent.values()
        if location == "query"
    }
    assert request.query == wanted_query
    wanted_body = {wire: v for location, wire, v in sent.values() if location == "body"}
    assert request.json() == wanted_body
    for location, wire, value in sent.values():
        if location == "header":
            assert request.headers[wire.lower()] == value
        elif location == "cookie":
            assert request.cookies == {wire: value}
        elif location == "path":
            assert request.target.startswith("/things/p%2F1?")


def test_every_argument_travels_under_its_own_wire_name_and_comes_back(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(200, THING), Reply(200, THING))
    kwargs = {name: value for name, (_, _, value) in ARGUMENTS.items()}
    out = json.loads(
        run(
            package,
            "-c",
            _PROGRAM,
            server.url,
            json.dumps(kwargs),
            json.dumps(list(ATTRIBUTES)),
        )
    )
    assert len(server.requests) == 2
    for request in server.requests:
        assert request.method == "POST"
        _assert_wire_names(request, ARGUMENTS)
    for client in ("sync", "async"):
        result = out[client]
        assert result["type"] == "Thing"
        assert result["attributes"] == {a: THING[w] for a, w in ATTRIBUTES.items()}
        # The wire names survive a round trip through the model.
        assert result["dumped"] == THING


def test_operation_ids_equal_after_snake_case_get_numbered_in_path_order(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(
        Reply(204),
        Reply(200, {"dash": "1"}),
        Reply(200, {"under": "2"}),
        Reply(200, {"space": "3"}),
    )
    code = (
        "import sys\nfrom clash import Clash\n"
        "c = Clash(base_url=sys.argv[1], strict_response_validation=True)\n"
        "c.items.omit_()\n"  # a method named omit would be every later method's default
        "for method in ('get_item', 'get_item_2', 'get_item_3'):\n"
        "    r = getattr(c.items, method)(id='x')\n"
        "    print(type(r).__module__.rsplit('.', 1)[1], type(r).__name__, r.model_dump())\n"
    )
    assert run(package, "-c", code, server.url).splitlines() == [
        "foo_bar FooBar {'dash': '1'}",  # Foo-Bar, for getItem
        "foo_bar_2 Foo_Bar {'under': '2'}",  # Foo_Bar, for get_item
        "foo_bar_2_2 FooBar_2 {'space': '3'}",  # "foo bar", for get-item
    ]
    assert [(r.method, r.target) for r in server.requests] == [
        ("GET", "/items"),
        ("GET", "/items/x"),
        ("GET", "/items/x/fetch"),  # its optional `verbose` stays unsent
        ("POST", "/items/x/lookup"),
    ]


def test_schemas_named_like_imports_and_builtins_parse_into_their_own_classes(
    package: Path, server: LoopbackServer
) -> None:
    zoo = {
        "base": {"base": "b"},
        "field": {"field": "f"},
        "literal": {"literal": "l"},
        "list": {"items": ["x"]},
        "any": {"any": [1]},
        "str": {"text": "t"},
        "none": {"nothing": "n"},
        "class": {"kind": "k"},
    }
    server.reply(Reply(200, zoo))
    code = (
        "import sys\nfrom clash import Clash, AsyncClash\nimport clash.types as t\n"
        "from clash._models import BaseModel\n"
        "z = Clash(base_url=sys.argv[1], strict_response_validation=True).import_.list_zoo()\n"
        "pairs = [(z.base, t.BaseModel_), (z.field, t.Field_), (z.literal, t.Literal_),\n"
        "         (z.list_, t.List_), (z.any, t.Any_), (z.str_, t.Str), (z.none, t.None_),\n"
        "         (z.class_, t.Class)]\n"
        "assert all(type(v) is cls for v, cls in pairs), pairs\n"
        "assert t.BaseModel_ is not BaseModel and issubclass(t.BaseModel_, BaseModel)\n"
        "print(z.model_dump(mode='json', by_alias=True, exclude_unset=True) == "
        + repr(zoo)
        + ")\n"
    )
    assert run(package, "-c", code, server.url) == "True\n"


def test_enum_values_equal_once_upper_cased_stay_distinct(
    package: Path, server: LoopbackServer
) -> None:
    code = (
        "import typing\nfrom clash.types import Shade\n"
        "print(typing.get_args(Shade))\n"
    )
    assert run(package, "-c", code) == "('red', 'RED', 'Red', 're-d', 're_d')\n"


def test_the_cli_sends_hostile_flags_under_their_wire_names(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(200, THING))
    flags = {
        "--id": "p/1",
        "--body-id": "b1",
        "--body-name": "b-name",
        "--from": "cookie-from",
        "--body-from": "body-from",
        "--grosse": "3",
        "--u540d-u524d": "名",
        "--query-timeout": "5",
        "--self": "q-self",
        "--class": "klass",
        "--param-body": "empty",
        "--1st": "q-first",
        "--model-config": "mc",
    }
    words = [w for pair in flags.items() for w in pair]
    out = run(
        package,
        "-m",
        "clash._cli",
        "--base-url",
        server.url,
        "--format",
        "json",
        "class",
        "class",
        *words,
    )
    assert json.loads(out) == THING
    sent = {
        "id": ("path", "id", "p/1"),
        "id_body": ("body", "id", "b1"),
        "name_body": ("body", "name", "b-name"),
        "from_": ("cookie", "from", "cookie-from"),
        "from_body": ("body", "from", "body-from"),
        "grosse": ("query", "größe", 3),
        "u540d_u524d": ("query", "名前", "名"),
        "timeout_": ("query", "timeout", 5),
        "self_": ("query", "self", "q-self"),
        "class_": ("body", "class", "klass"),
        "param_body": ("body", "", "empty"),
        "param_1st": ("query", "1st", "q-first"),
        "model_config": ("body", "model_config", "mc"),
    }
    _assert_wire_names(server.last, sent)


def test_the_tags_equal_after_snake_case_share_one_resource() -> None:
    result = generate(CASE / "spec.yaml", CASE / "sdk.yaml")
    resources = {
        r.name: sorted(op.name for op in r.operations) for r in result.api.resources
    }
    assert resources == {
        "class_": ["class_"],
        "import_": ["list_zoo"],
        "items": ["get_item", "get_item_2", "get_item_3", "omit_"],
    }
