"""Names: every wire name becomes a valid, distinct Python identifier and round-trips (issue 7).

Property, parameter, enum, schema, tag and operationId names are drawn from keywords, builtins,
pydantic's own attributes, dunders, leading digits, punctuation, spaces, case variants and
non-ASCII text. The generated package is imported in a child process: each model validates
``{wire: value}`` and dumps it back by alias unchanged; each Python attribute reads its wire
value; every method is reachable and sends the wire names it was given.
"""

from __future__ import annotations

import json
import keyword
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests.support.server import running

from .strategies import ref
from .support import ROOT, budget, check_sources, generate_into

SPECIAL = (
    "class",
    "def",
    "None",
    "True",
    "match",
    "case",
    "type",
    "_",
    "lambda",
    "async",
    "list",
    "dict",
    "str",
    "int",
    "id",
    "print",
    "object",
    "bytes",
    "Any",
    "Literal",
    "Field",
    "model_dump",
    "model_config",
    "model_fields",
    "model_validate",
    "schema",
    "json",
    "copy",
    "validate",
    "construct",
    "fields",
    "model_post_init",
    "__fields__",
    "__root__",
    "__init__",
    "__class__",
    "__dict__",
    "__slots__",
    "__annotations__",
    "__",
    "___x",
    "2fa",
    "0",
    "1",
    "-1",
    "a-b",
    "a.b",
    "a b",
    "a_b",
    "A B",
    "a$b",
    "@type",
    "$ref",
    "-",
    "",
    " ",
    "Name",
    "name",
    "NAME",
    "名前",
    "Größe",
    "café",
    "cafe",
    "self",
    "cast",
    "timeout",
    "extra_headers",
    "extra_body",
    "options",
    "with_raw_response",
    "x" * 300,
    "\x00",
    "a\nb",
)
wire_names = st.sampled_from(SPECIAL) | st.text(max_size=10)

ROOT_SCHEMA = "HostileNamesRoot"


def build_spec(wires: list[str], per_wire: int = 8) -> dict[str, Any]:
    """Every wire name as a property, query parameter and enum value; the first ``per_wire`` also
    as a schema name, tag and operationId (each of those costs a module, kept few here).
    """
    paths: dict[str, Any] = {
        "/things": {
            "post": {
                "operationId": wires[0],
                "tags": [wires[0]],
                "parameters": [
                    {"name": w, "in": "query", "schema": {"type": "string"}}
                    for w in wires
                ],
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": ref(ROOT_SCHEMA)}}
                    }
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": ref(ROOT_SCHEMA)}}
                        },
                    }
                },
            }
        }
    }
    for i, w in enumerate(wires[:per_wire]):
        paths[f"/op{i}"] = {
            "get": {
                "operationId": w,
                "tags": [w],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": ref(w)}}},
                    }
                },
            }
        }
    schemas: dict[str, Any] = {
        w: {"type": "object", "properties": {w: {"type": "integer"}}}
        for w in wires[:per_wire]
    }
    schemas[ROOT_SCHEMA] = {
        "type": "object",
        "properties": {
            **{w: {"type": "string"} for w in wires},
            "kind-of-thing": {"$ref": ref(ROOT_SCHEMA + "Kind")},
        },
    }
    schemas[ROOT_SCHEMA + "Kind"] = {"type": "string", "enum": wires}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Names", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _is_name(name: str) -> bool:
    return name.isidentifier() and name.isascii() and not keyword.iskeyword(name)


def check_names(wires: list[str], tmp: Path) -> None:
    api, out = generate_into(build_spec(wires), tmp)
    check_sources(out)
    models = {m.key: m for m in api.models}
    by_pointer = {m.key.split("#", 1)[1]: m for m in api.models}
    # Distinct, valid names in every scope.
    for scope in (
        [m.name for m in api.models],
        [m.module for m in {m.module: m for m in api.models}.values()],
        [r.name for r in api.resources],
    ):
        assert all(_is_name(n) for n in scope), scope
    assert len({m.name for m in api.models}) == len(api.models)
    plan: dict[str, Any] = {"models": [], "literals": [], "calls": []}
    for w in wires[:8]:
        model = by_pointer[
            "/components/schemas/" + w.replace("~", "~0").replace("/", "~1")
        ]
        assert [f.wire for f in model.fields] == [w]
        plan["models"].append(
            {
                "module": model.module,
                "name": model.name,
                "data": {w: 7},
                "attrs": {model.fields[0].name: w},
            }
        )
    root = by_pointer["/components/schemas/" + ROOT_SCHEMA]
    assert sorted(f.wire for f in root.fields) == sorted([*wires, "kind-of-thing"])
    names = [f.name for f in root.fields]
    assert len(set(names)) == len(names) and all(_is_name(n) for n in names), names
    data = {w: f"v{i}" for i, w in enumerate(wires)}
    plan["models"].append(
        {
            "module": root.module,
            "name": root.name,
            "data": data,
            "attrs": {f.name: f.wire for f in root.fields if f.wire in data},
        }
    )
    kind = by_pointer["/components/schemas/" + ROOT_SCHEMA + "Kind"]
    assert kind.alias_of is not None and list(kind.alias_of.values) == wires
    plan["literals"].append({"module": kind.module, "name": kind.name, "values": wires})
    operations = api.operations()
    assert len(operations) == len(wires[:8]) + 1
    for resource, op in operations:
        assert all(_is_name(p) for p in resource.path) and _is_name(op.name)
        params = [p.name for p in op.parameters]
        assert len(set(params)) == len(params) and all(_is_name(p) for p in params)
        kwargs = {}
        if op.path == "/things":
            kwargs = {p.name: f"{p.location}:{p.wire}" for p in op.parameters}
            sent = {p.wire for p in op.parameters}
        plan["calls"].append(
            {"path": list(resource.path), "method": op.name, "kwargs": kwargs}
        )
    del models
    with running() as server:
        done = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).with_name("names_driver.py")),
                api.package,
                server.url,
            ],
            input=json.dumps(plan),
            cwd=tmp,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": os.pathsep.join([str(out), str(ROOT)])},
        )
        assert done.returncode == 0, done.stderr[-4000:]
        things = [r for r in server.requests if r.path == "/things"]
    assert len(things) == 1 and len(server.requests) == len(plan["calls"])
    assert set(things[0].query) == {w for w in wires}
    assert set(things[0].json()) == {*wires, "kind-of-thing"}
    assert sent == {*wires, "kind-of-thing"}


@settings(
    max_examples=budget(2),
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@example(list(SPECIAL))
@given(st.lists(wire_names, min_size=1, max_size=12, unique=True))
def test_wire_names_become_distinct_identifiers_and_round_trip(
    wires: list[str],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        check_names(wires, Path(tmp))


def test_schema_names_tags_and_operation_ids_settle_to_distinct_identifiers(
    tmp_path: Path,
) -> None:
    """Every special name at once as a schema name, tag and operationId (IR only: fast)."""
    from generator.ir.build import build_api
    from generator.pipeline import load_and_validate
    from generator.settings import Settings

    spec = tmp_path / "spec.json"
    wires = list(SPECIAL)
    document = build_spec(wires, per_wire=len(wires))
    # The same names again on schemas nothing refers to (emitted through their own pointers).
    for w in wires:
        document["components"]["schemas"]["Unused" + w] = {
            "type": "object",
            "properties": {"v": {"type": "string"}},
        }
    spec.write_text(json.dumps(document))
    docs, _ = load_and_validate(spec, lenient=True)
    diagnostics: list[Any] = []
    api = build_api(docs, Settings(), diagnostics)
    names = [m.name for m in api.models]
    modules = sorted({m.module for m in api.models})
    assert len(set(names)) == len(names) and all(_is_name(n) for n in names)
    assert all(_is_name(m) and len(m) <= 80 for m in modules)
    assert (
        len({m.module for m in api.models if m.kind == "object"}) == 2 * len(wires) + 1
    )
    assert not [d for d in diagnostics if "points at nothing" in d.message], diagnostics
    for resource in api.all_resources():
        attrs = [op.name for op in resource.operations] + [
            c.name for c in resource.children
        ]
        assert len(set(attrs)) == len(attrs) and all(_is_name(a) for a in attrs), attrs
    assert len(api.operations()) == len(wires) + 1
    assert all(_is_name(n) for r in api.all_resources() for n in r.path)


def test_package_names_never_shadow_a_module_or_a_device() -> None:
    from generator.ir.naming import package_name

    assert package_name("Typing") == "typing_sdk"
    assert package_name("JSON") == "json_sdk"
    assert package_name("pydantic") == "pydantic_sdk"
    assert package_name("Con") == "con_sdk"
    assert package_name("class") == "class_sdk"
    assert package_name("2 Factor") == "api_2_factor"
    assert package_name("!!!") == "api"
    assert len(package_name("x" * 3000)) <= 80
    assert package_name("Pet Shop") == "pet_shop"
