"""Parameter styles on a real socket (tests/cases/params): the exact request target, header and
cookie the sync and async clients send for every style and explode of OpenAPI 3.1.2's "Style
Examples" table, written out below from the specification, not from the generator.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from generator.pipeline import generate
from tests.golden import CASES
from tests.support.generated import CaseMaker
from tests.support.server import LoopbackServer, Recorded, running

BLUE = "blue"
COLORS = ["blue", "black", "brown"]
RGB = {"R": 100, "G": 200, "B": 150}

# (resource, method, where the value shows) → the table's row: string, array, object.
TABLE: dict[tuple[str, str], tuple[str, str, str, str]] = {
    ("path", "path_simple"): (
        "/path/simple/",
        "blue",
        "blue,black,brown",
        "R,100,G,200,B,150",
    ),
    ("path", "path_simple_explode"): (
        "/path/simple-explode/",
        "blue",
        "blue,black,brown",
        "R=100,G=200,B=150",
    ),
    ("path", "path_label"): (
        "/path/label/",
        ".blue",
        ".blue,black,brown",
        ".R,100,G,200,B,150",
    ),
    ("path", "path_label_explode"): (
        "/path/label-explode/",
        ".blue",
        ".blue.black.brown",
        ".R=100.G=200.B=150",
    ),
    ("path", "path_matrix"): (
        "/path/matrix/",
        ";color=blue",
        ";color=blue,black,brown",
        ";color=R,100,G,200,B,150",
    ),
    ("path", "path_matrix_explode"): (
        "/path/matrix-explode/",
        ";color=blue",
        ";color=blue;color=black;color=brown",
        ";R=100;G=200;B=150",
    ),
    ("query", "query_form"): (
        "/query/form?",
        "color=blue",
        "color=blue&color=black&color=brown",
        "R=100&G=200&B=150",
    ),
    ("query", "query_form_flat"): (
        "/query/form-flat?",
        "color=blue",
        "color=blue,black,brown",
        "color=R,100,G,200,B,150",
    ),
    ("query", "query_space"): (
        "/query/space?",
        "color=blue",  # n/a in the table: a lone value has no delimiter to choose
        "color=blue%20black%20brown",
        "color=R%20100%20G%20200%20B%20150",
    ),
    ("query", "query_pipe"): (
        "/query/pipe?",
        "color=blue",
        "color=blue%7Cblack%7Cbrown",
        "color=R%7C100%7CG%7C200%7CB%7C150",
    ),
    ("query", "query_deep"): (
        "/query/deep?",
        "color=blue",
        "color=blue&color=black&color=brown",  # n/a in the table: the key repeats
        "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150",
    ),
    ("header", "header_simple"): (
        "x-color",
        "blue",
        "blue,black,brown",
        "R,100,G,200,B,150",
    ),
    ("header", "header_simple_explode"): (
        "x-color",
        "blue",
        "blue,black,brown",
        "R=100,G=200,B=150",
    ),
    # A Cookie header separates pairs with "; ", never "&" (3.1.2, Appendix D).
    ("cookie", "cookie_form"): (
        "cookie",
        "color=blue",
        "color=blue; color=black; color=brown",
        "R=100; G=200; B=150",
    ),
    ("cookie", "cookie_form_flat"): (
        "cookie",
        "color=blue",
        "color=blue,black,brown",
        "color=R,100,G,200,B,150",
    ),
}
SHAPES = {"string": BLUE, "array": COLORS, "object": RGB}

# Values whose characters must not escape their place: (method, value, expected target).
HOSTILE = [
    ("path_simple", "a/b?c#d", "/path/simple/a%2Fb%3Fc%23d"),
    ("path_simple", "..", "/path/simple/%2E%2E"),
    ("path_simple", ".", "/path/simple/%2E"),
    ("path_simple", ["a,b", "c d"], "/path/simple/a%2Cb,c%20d"),
    ("path_simple", "größe", "/path/simple/gr%C3%B6%C3%9Fe"),
    ("path_label_explode", ["x.y", "z"], "/path/label-explode/.x%2Ey.z"),
    ("path_matrix", ["a;b", "c=d"], "/path/matrix/;color=a%3Bb,c%3Dd"),
    (
        "query_form_flat",
        ["a,b", "c&d", "e=f"],
        "/query/form-flat?color=a%2Cb,c%26d,e%3Df",
    ),
    ("query_form", "x y+z", "/query/form?color=x%20y%2Bz"),
    ("query_pipe", ["a|b", "c"], "/query/pipe?color=a%7Cb%7Cc"),
]
# allowReserved keeps RFC 3986's reserved characters and %XX triples; never those that would
# break the query (& = + #) or are not allowed in it ([ ]).
RESERVED_VALUE = "a/b:c?d@e,f;g!h$i'(j)*k%2Fl m&n=o+p#q[r]"
RESERVED_TARGETS = {
    "query_reserved": "/query/reserved?color=a/b:c?d@e,f;g!h$i'(j)*k%2Fl%20m%26n%3Do%2Bp%23q%5Br%5D",
    "query_form": "/query/form?color=a%2Fb%3Ac%3Fd%40e%2Cf%3Bg%21h%24i%27%28j%29%2Ak%252Fl%20m%26n%3Do%2Bp%23q%5Br%5D",
}

_PROGRAM = """
import asyncio, json, sys
from palette import Palette, AsyncPalette
from palette.types import RGB

calls = json.loads(sys.argv[2])

def arguments(call):
    kwargs = dict(call["kwargs"])
    if call.get("model"):
        kwargs[call["model"]] = RGB(**kwargs[call["model"]])
    return kwargs

def outcome(run):
    try:
        run()
        return "ok"
    except Exception as error:
        return type(error).__name__

client = Palette(base_url=sys.argv[1])
sync = [outcome(lambda: getattr(getattr(client, c["resource"]), c["method"])(**arguments(c)))
        for c in calls]

async def main():
    out = []
    async with AsyncPalette(base_url=sys.argv[1]) as aclient:
        for c in calls:
            method = getattr(getattr(aclient, c["resource"]), c["method"])
            try:
                await method(**arguments(c))
                out.append("ok")
            except Exception as error:
                out.append(type(error).__name__)
    return out

print(json.dumps({"sync": sync, "async": asyncio.run(main())}))
"""


@pytest.fixture(scope="module")
def package(generated_case: CaseMaker) -> Path:
    return generated_case("params").root


@pytest.fixture(scope="module")
def module_server() -> Iterator[LoopbackServer]:
    with running() as srv:
        yield srv


def _call(
    resource: str, method: str, value: Any, model: bool = False, **more: Any
) -> dict[str, Any]:
    kwargs = {("x_color" if resource == "header" else "color"): value, **more}
    return {
        "resource": resource,
        "method": method,
        "kwargs": kwargs,
        "model": next(iter(kwargs)) if model else None,
    }


def _run_both(
    package: Path, server: LoopbackServer, calls: list[dict[str, Any]]
) -> tuple[list[Recorded], list[Recorded], dict[str, list[str]]]:
    """Make ``calls`` with the sync client, then the async one; their requests, in order."""
    start = len(server.requests)
    done = subprocess.run(
        [sys.executable, "-c", _PROGRAM, server.url, json.dumps(calls)],
        cwd=package,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    outcomes: dict[str, list[str]] = json.loads(done.stdout)
    requests = server.requests[start:]
    sent = outcomes["sync"].count("ok")
    return requests[:sent], requests[sent:], outcomes


def _shown(where: str, request: Recorded) -> str:
    """What the table's cell describes: the target after the path prefix, or a header's value."""
    if where.startswith("/"):
        assert request.target.startswith(where), (request.target, where)
        return request.target[len(where) :]
    return request.headers[where]


@pytest.fixture(scope="module")
def table_run(
    package: Path, module_server: LoopbackServer
) -> tuple[list[Recorded], list[Recorded]]:
    calls = []
    for resource, method in TABLE:
        calls.append(_call(resource, method, BLUE))
        calls.append(_call(resource, method, COLORS))
        calls.append(_call(resource, method, RGB, model=True))
    sync, async_, outcomes = _run_both(package, module_server, calls)
    assert set(outcomes["sync"]) == set(outcomes["async"]) == {"ok"}, outcomes
    return sync, async_


@pytest.mark.parametrize("client", ["sync", "async"])
@pytest.mark.parametrize("row", list(TABLE), ids=lambda row: row[1])
def test_every_style_serialises_as_the_specification_table_shows(
    table_run: tuple[list[Recorded], list[Recorded]],
    row: tuple[str, str],
    client: str,
) -> None:
    requests = table_run[0 if client == "sync" else 1]
    index = list(TABLE).index(row)  # the run made three calls per row, in table order
    where, *cells = TABLE[row]
    seen = [_shown(where, r) for r in requests[3 * index : 3 * index + 3]]
    assert seen == cells


def test_a_mapping_is_sent_like_the_model_it_stands_for(
    package: Path, server: LoopbackServer
) -> None:
    sync, async_, _ = _run_both(
        package, server, [_call("query", "query_form_flat", RGB)]
    )
    assert [r.target for r in sync + async_] == [
        "/query/form-flat?color=R,100,G,200,B,150"
    ] * 2


def test_delimiter_characters_inside_values_are_encoded_so_they_stay_data(
    package: Path, server: LoopbackServer
) -> None:
    calls = [_call(m.split("_")[0], m, value) for m, value, _ in HOSTILE]
    sync, async_, _ = _run_both(package, server, calls)
    wanted = [target for _, _, target in HOSTILE]
    assert [r.target for r in sync] == wanted
    assert [r.target for r in async_] == wanted
    # And a server reads the data back: the pipe array's own "|" is not a delimiter.
    assert parse_qs(sync[-1].target.split("?", 1)[1]) == {"color": ["a|b|c"]}


def test_allow_reserved_keeps_reserved_characters_only_where_the_spec_says(
    package: Path, server: LoopbackServer
) -> None:
    calls = [_call("query", method, RESERVED_VALUE) for method in RESERVED_TARGETS]
    sync, async_, _ = _run_both(package, server, calls)
    wanted = list(RESERVED_TARGETS.values())
    assert [r.target for r in sync] == [r.target for r in async_] == wanted
    # Percent-encoding without allowReserved round-trips the value exactly.
    assert parse_qs(sync[1].target.split("?", 1)[1]) == {"color": [RESERVED_VALUE]}


def test_a_path_value_that_would_leave_the_segment_empty_is_refused(
    package: Path, server: LoopbackServer
) -> None:
    calls = [_call("path", "path_simple", value) for value in ("", [], {})]
    calls.append(_call("path", "path_matrix", []))
    sync, async_, outcomes = _run_both(package, server, calls)
    assert outcomes == {"sync": ["ValueError"] * 4, "async": ["ValueError"] * 4}
    assert not sync and not async_


def test_extra_query_still_replaces_a_styled_parameter(
    package: Path, server: LoopbackServer
) -> None:
    call = _call("query", "query_pipe", COLORS, extra_query={"color": "x", "n": [1, 2]})
    sync, async_, _ = _run_both(package, server, [call])
    assert [r.target for r in sync + async_] == ["/query/pipe?color=x&n=1&n=2"] * 2


def test_the_cli_sends_a_styled_parameter_the_same_way(
    package: Path, server: LoopbackServer
) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "palette._cli",
            "query",
            "query-pipe",
            "--color",
            json.dumps(COLORS),
        ],
        cwd=package,
        env={**os.environ, "PALETTE_BASE_URL": server.url},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert server.last.target == "/query/pipe?color=blue%7Cblack%7Cbrown"


def test_generated_code_states_only_what_differs_from_the_location_default() -> None:
    result = generate(CASES / "params" / "spec.yaml")
    params = {
        op.name: (p.style, p.explode, p.allow_reserved)
        for _, op in result.api.operations()
        for p in op.parameters
        if p.wire in ("color", "X-Color")
    }
    assert params["path_simple"] == (None, None, False)
    assert params["path_matrix"] == (
        "matrix",
        None,
        False,
    )  # explode: false is matrix's default
    assert params["query_form"] == (
        None,
        None,
        False,
    )  # style: form, explode: true stated
    assert params["query_form_flat"] == (None, False, False)
    assert params["query_deep"] == ("deepObject", None, False)  # explode does not apply
    assert params["query_reserved"] == (None, None, True)
    assert params["cookie_form_flat"] == (None, False, False)


def test_a_style_the_location_does_not_define_degrades_with_a_located_warning(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\n"
        "info: {title: Odd, version: '1'}\n"
        "paths:\n"
        "  /items/{id}:\n"
        "    get:\n"
        "      parameters:\n"
        "        - {name: id, in: path, required: true, style: form, schema: {type: string}}\n"
        "        - {name: tags, in: query, style: pipeDelimited, explode: true,\n"
        "           schema: {type: array, items: {type: string}}}\n"
        "      responses: {'204': {description: Done}}\n"
    )
    config = tmp_path / "sdk.yaml"
    config.write_text("lenient: true\n")
    result = generate(spec, config)
    (op,) = [op for _, op in result.api.operations()]
    by_wire = {p.wire: p for p in op.parameters}
    assert (by_wire["id"].style, by_wire["id"].explode) == (None, None)
    assert (by_wire["tags"].style, by_wire["tags"].explode) == ("pipeDelimited", True)
    messages = {w.pointer: w.message for w in result.warnings}
    base = "/paths/~1items~1{id}/get/parameters"
    assert "sent as simple" in messages[f"{base}/0/style"]
    assert "undefined in OpenAPI" in messages[f"{base}/1/explode"]
