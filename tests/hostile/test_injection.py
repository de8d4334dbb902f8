"""No injection: spec text reaches generated code only as an escaped literal, a sanitised
identifier or a fenced docstring; Jinja syntax in it stays literal (issue 7).

Every string place of a document (titles, descriptions, summaries, names, operationIds, tags,
enum values, defaults, examples, server URLs, extension values, security scheme names) holds a
call to ``tests.hostile.marker.hit`` wrapped in quote, backslash, newline, NUL, Jinja and comment
breakers. The package generated from it must compile, import module by module, serve a call on a
loopback server, hand every wire name back unchanged, and never call the marker.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, example, given, settings

from tests.support.server import LoopbackServer, running

from .strategies import build_spec, fixed_places, places
from .support import budget, check_sources, generate_into, run_driver


def _plan(api: Any) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """A call with every path, query and body argument given; the wire names
    the server must then see (query and body only: header names like these are not sendable).
    """
    plan = []
    wires: dict[str, str] = {}
    for i, (resource, op) in enumerate(api.operations()):
        if not op.path.startswith("/items/"):
            continue  # "/other/<text>": a literal path of raw control characters is no URL
        kwargs = {}
        for j, p in enumerate(op.parameters):
            if p.location not in ("path", "query", "body"):
                continue
            value = f"v{i}-{j}"
            if p.type.kind == "literal" and p.type.values:
                value = p.type.values[0]
            kwargs[p.name] = value
            if p.location != "path":
                wires[p.wire] = p.location
        plan.append({"path": list(resource.path), "method": op.name, "kwargs": kwargs})
    return plan, wires


def check_package(spec: dict[str, Any], s: dict[str, str], tmp: Path) -> None:
    api, out = generate_into(spec, tmp)
    assert check_sources(out) > 10
    pyproject = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["description"] == f"Python SDK for the {api.title} API"
    plan, wires = _plan(api)
    with running() as server:
        report = run_driver(out, api.package, server.url, plan, tmp)
        requests = list(server.requests)
    # Literals round-trip exactly: what the spec said is what the package holds.
    assert report["title"] == s["title"].strip()
    assert report["base_url"] == ("http://example.invalid/" + s["server_url"]).rstrip(
        "/"
    )
    summaries = {c["summary"] for c in report["commands"]}
    assert s["summary"].strip() in summaries
    paths = {c["path"] for c in report["commands"]}
    assert "/items/{" + s["path_param"] + "}" in paths
    wire_names = {w for _, w, _ in report["params"]}
    for place in (
        "path_param",
        "query_param",
        "header_param",
        "cookie_param",
        "body_prop",
    ):
        assert s[place] in wire_names, place
    assert s["body_prop"] in {alias for _, alias in report["fields"]}
    assert s["enum_value"] in report["literals"]
    # Each call reached the server with the wire names of the spec.
    assert len(requests) == len(plan)
    seen_query = {k for r in requests for k in r.query}
    seen_body = {k for r in requests if r.body for k in r.json()}
    for wire, location in wires.items():
        assert wire in (seen_query if location == "query" else seen_body), (
            wire,
            location,
        )


@settings(
    max_examples=budget(4),
    deadline=None,
    # Each example generates and imports a package (~2 s): report failures unshrunk.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@example(fixed_places())
@given(places())
def test_spec_text_never_escapes_its_literal(s: dict[str, str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        check_package(build_spec(s), s, Path(tmp))


def test_marker_fires_when_text_is_pasted_unescaped(tmp_path: Path) -> None:
    """The tripwire works: code that pastes spec text is caught by both checks."""
    import pytest

    from .support import run_driver as drive

    pkg = tmp_path / "out" / "leaky"
    pkg.mkdir(parents=True)
    text = "\"); __import__('tests.hostile.marker').hostile.marker.hit(); (\""
    (pkg / "__init__.py").write_text(f'TITLE = ("{text}")\n')  # pasted, not escaped
    with pytest.raises(AssertionError, match="spec text became code"):
        check_sources(tmp_path / "out")
    with pytest.raises(AssertionError, match="spec text ran"):
        drive(tmp_path / "out", "leaky", "http://127.0.0.1:9", [], tmp_path)
