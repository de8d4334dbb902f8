"""The params fixture's Go SDK on the wire: every path, query, header and cookie style, called
with an array, an object and a string, sends what the Python runtime's styles write."""

from __future__ import annotations

import importlib.util
import json
import re
import os
import subprocess
from pathlib import Path
from typing import Any

from generator.pipeline import generate
from generator.targets.go.plan import GoMethod, plan_package
from tests.support.golang import build, program_module
from tests.support.server import LoopbackServer, Reply
from tests.test_go_cases import CASES, write_go

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "_styles_params", ROOT / "templates" / "runtime" / "_styles.py"
)
assert _spec and _spec.loader
styles = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(styles)

# The parameter every operation of the fixture takes; the others are left unset (not sent).
COLORS = ("color", "x-color")
# Each value as Go writes it, and as JSON data (Go's encoder sorts a map's keys).
VALUES: list[tuple[str, Any]] = [
    ('[]string{"blue", "black"}', ["blue", "black"]),
    ('map[string]int{"R": 100, "G": 200}', {"G": 200, "R": 100}),
    ('"a b,c"', "a b,c"),
]


def call(m: GoMethod, service_field: str, go_value: str) -> str:
    if m.path_args:
        return f"c.{service_field}.{m.name}(ctx, {go_value})"
    assert m.params is not None
    fields = ", ".join(
        f"{p.field}: palette.F[interface{{}}]({go_value})"
        for p in m.placements
        if p.wire.lower() in COLORS
    )
    return f"c.{service_field}.{m.name}(ctx, palette.{m.params.name}{{{fields}}})"


def expected(m: GoMethod, value: Any) -> tuple[str, dict[str, str]]:
    """The request target and the header/cookie the Python runtime writes for the call."""
    path = "/" + m.path.lstrip("/")
    for a in m.path_args:
        path = path.replace(
            "{" + a.wire + "}", styles.path_value(a.wire, value, a.style, a.explode)
        )
    query: list[str] = []
    seen: dict[str, str] = {}
    for p in m.placements:
        if p.wire.lower() not in COLORS:
            continue
        if p.location == "query":
            query += styles.query_items(
                p.wire, value, p.style, p.explode, p.allow_reserved
            )
        elif p.location == "header":
            seen[p.wire.lower()] = styles.header_value(value, p.explode)
        else:
            seen["cookie"] = "; ".join(styles.cookie_pairs(p.wire, value, p.explode))
    return path + ("?" + "&".join(query) if query else ""), seen


def test_every_style_sends_what_the_python_runtime_sends(
    tmp_path: Path, server: LoopbackServer
) -> None:
    spec = CASES / "params" / "spec.yaml"
    module, _ = write_go(spec, CASES / "params" / "sdk.yaml", tmp_path / "out")
    # The same settings as the module written: the names must be the module's.
    pkg = plan_package(
        generate(spec, CASES / "params" / "sdk.yaml").api, "palette", "palette"
    )
    fields = {service: field for field, service in pkg.top}
    calls: list[str] = []
    wanted: list[tuple[str, dict[str, str]]] = []
    for go_value, value in VALUES:
        for service in pkg.services:
            for m in service.methods:
                calls.append(call(m, fields[service.name], go_value))
                wanted.append(expected(m, value))
    body = "\n".join(
        f"\tif err := {c}; err != nil {{\n\t\tpanic(err)\n\t}}" for c in calls
    )
    main = (
        'package main\n\nimport (\n\t"context"\n\n\t"palette"\n)\n\n'
        f"func main() {{\n\tc := palette.NewClient()\n\tctx := context.Background()\n{body}\n}}\n"
    )
    binary = build(program_module(tmp_path / "prog", main, "palette", module))
    server.reply(*[Reply(204, b"")] * len(calls))
    env = {**os.environ, "PALETTE_BASE_URL": server.url}
    run = subprocess.run(
        [str(binary)], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert len(server.requests) == len(calls) >= 40
    for request, (target, headers), code in zip(server.requests, wanted, calls):
        assert request.target == target, code
        for name, value in headers.items():
            assert request.headers.get(name) == value, code


_forms_spec = importlib.util.spec_from_file_location(
    "_forms_reference", ROOT / "templates" / "runtime" / "_forms.py"
)
assert _forms_spec and _forms_spec.loader
forms = importlib.util.module_from_spec(_forms_spec)
_forms_spec.loader.exec_module(forms)

FORM_VALUES: dict[str, Any] = {
    "name": "Ada Lovelace & co/é",
    "email": "a+b@c.d",
    "active": True,
    "balance": 1.5,
    "address": {"line1": "1 Main St", "city": "Zürich"},
    "metadata": {"b key": "x/y", "a": "1"},
    "expand": ["a", "b"],
    "items": [{"price": "p1", "qty": 2}, {"price": "p2"}],
    "labels": ["x", "y z"],
    "tags": ["t1", "t 2"],
}


def form_pieces(wire: str, data: Any, style: str, explode: bool) -> list[str]:
    """What templates/runtime/_body.py's _form_pieces writes for one field."""
    declared = style or None
    if forms.uses_brackets(declared, data):
        return list(forms.bracket_pieces(wire, data))
    resolved, exploded = styles.resolve("query", declared, explode)
    return list(styles.query_items(wire, data, resolved, exploded))


def test_a_form_body_is_written_as_the_python_runtime_writes_it(
    tmp_path: Path, server: LoopbackServer
) -> None:
    spec = CASES / "bodies" / "spec.yaml"
    module, _ = write_go(spec, CASES / "bodies" / "sdk.yaml", tmp_path / "out")
    pkg = plan_package(
        generate(spec, CASES / "bodies" / "sdk.yaml").api, "depot", "depot"
    )
    method = next(
        m for s in pkg.services for m in s.methods if m.form_fields and m.params
    )
    assert method.params is not None
    # The fields' Go types, their named types qualified by the package.
    types = {
        f.name: re.sub(r"\b([A-Z]\w*)", r"depot.\1", f.type)
        for f in method.params.fields
    }
    assert {f.wire for f in method.form_fields} == set(FORM_VALUES)
    fields = "\n".join(
        f"\t\t{f.field}: depot.Raw[{types[f.field]}]"
        f"(json.RawMessage({json.dumps(json.dumps(FORM_VALUES[f.wire]))})),"
        for f in method.form_fields
    )
    main = (
        'package main\n\nimport (\n\t"context"\n\t"encoding/json"\n\n\t"depot"\n)\n\n'
        "func main() {\n"
        f"\t_, err := depot.NewClient().Customers.{method.name}(context.Background(),"
        f" depot.{method.params.name}{{\n{fields}\n\t}})\n"
        "\tif err != nil {\n\t\tpanic(err)\n\t}\n}\n"
    )
    binary = build(program_module(tmp_path / "prog", main, "depot", module))
    server.reply(Reply(200, {"id": "cus_1", "name": "Ada"}))
    env = {**os.environ, "DEPOT_BASE_URL": server.url}
    run = subprocess.run(
        [str(binary)], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    want = "&".join(
        piece
        for f in method.form_fields
        for piece in form_pieces(f.wire, FORM_VALUES[f.wire], f.style, f.explode)
    )
    assert server.last.body.decode() == want
    assert (
        "metadata%5Bb%20key%5D=x%2Fy" in want and "items%5B0%5D%5Bprice%5D=p1" in want
    )
    assert server.last.headers["content-type"] == "application/x-www-form-urlencoded"
