"""3.1 tuples (``prefixItems``, tests/cases/tuples) and a lenient run on malformed schemas
(tests/cases/lenient_schemas), on a real socket.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.emit.write import write_tree
from generator.pipeline import generate
from tests.golden import CASES
from tests.support.server import LoopbackServer, Reply


def build(tmp_path_factory: pytest.TempPathFactory, case: str) -> Path:
    out = tmp_path_factory.mktemp(case)
    folder = CASES / case
    config = folder / "sdk.yaml"
    result = generate(folder / "spec.yaml", config if config.exists() else None)
    write_tree(out, result.files)
    return out


def run(package: Path, server: LoopbackServer, prelude: str, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "import sys\n" + prelude + code, server.url],
        cwd=package,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


GEO = (
    "from geo import Geo, APIResponseValidationError\n"
    "from geo.types import Place, Route\n"
    "strict = Geo(base_url=sys.argv[1], strict_response_validation=True)\n"
)


@pytest.fixture(scope="module")
def geo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory, "tuples")


def test_tuples_are_sent_as_arrays_and_parsed_position_by_position(
    geo: Path, server: LoopbackServer
) -> None:
    route = {"id": "r1", "start": [1, 2.5], "span": [{"name": "a"}, {"name": "b"}]}
    server.reply(Reply(201, route), Reply(201, {**route, "start": [1, 2, 3]}))
    out = run(
        geo,
        server,
        GEO,
        (
            "r = strict.routes.create_route(start=(1.5, 2.5), stops=[(0.0, 0.0)],\n"
            "    span=(Place(name='a'), Place(name='b')))\n"
            "assert type(r) is Route and r.start == (1.0, 2.5), r\n"
            "assert type(r.span) is tuple and type(r.span[1]) is Place, r\n"
            "try:\n"
            "    strict.routes.create_route(start=(0.0, 0.0), stops=[])\n"
            "except APIResponseValidationError:\n"
            "    print('a third coordinate raised')\n"
        ),
    )
    assert out == "a third coordinate raised\n"
    assert server.requests[0].json() == {
        "start": [1.5, 2.5],
        "stops": [[0.0, 0.0]],
        "span": [{"name": "a"}, {"name": "b"}],
    }


def test_items_after_the_prefix_take_their_own_schema(
    geo: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(200, ["total", 3, True, False]))
    out = run(geo, server, GEO, "print(strict.routes.get_row(id='r1'))\n")
    assert out == "('total', 3, True, False)\n"


def test_lenient_run_on_malformed_schemas_warns_where_and_imports(
    tmp_path_factory: pytest.TempPathFactory, server: LoopbackServer
) -> None:
    folder = CASES / "lenient_schemas"
    result = generate(folder / "spec.yaml", folder / "sdk.yaml")
    texts = [d.format() for d in result.warnings]
    ours = [w for w in texts if "typed as any" in w or "left out" in w]
    where = "/components/schemas/Holder/properties"
    assert any(f"{where}/odd/type: warning: 'type' is not a string" in w for w in ours)
    assert any(f"{where}/many/type: warning: a type that is not" in w for w in ours)
    assert any(
        "/components/schemas/B: warning: a cycle of $refs" in w for w in ours
    ), ours
    package = build(tmp_path_factory, "lenient_schemas")
    server.reply(Reply(200, {"odd": {"any": 1}, "loop": [1, "x"], "many": "m"}))
    out = run(
        package,
        server,
        "from odd import Odd\n",
        (
            "h = Odd(base_url=sys.argv[1], strict_response_validation=True)"
            ".things.get_thing()\n"
            "print(h.odd, h.loop, h.many)\n"
        ),
    )
    assert out == "{'any': 1} [1, 'x'] m\n"
