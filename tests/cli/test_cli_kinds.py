"""Every kind of flag, on a package generated for the test from ``kinds/openapi.yaml``.

The spec has path, header, query and body parameters; integers, numbers, booleans, enums, objects,
arrays of enums and of objects; required body fields; and a query parameter named ``format``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.server import LoopbackServer, Reply
from _cli_support import Result, base_env, no_traceback

from generator.pipeline import generate

HERE = Path(__file__).resolve().parent
ITEM = {"id": "it-1", "name": "widget"}


@pytest.fixture(scope="module")
def kinds_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kinds")
    result = generate(HERE / "kinds" / "openapi.yaml", HERE / "kinds" / "sdk.yaml")
    for path, content in result.files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return out


@pytest.fixture
def kinds_server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer(Reply(200, ITEM)).start()
    yield srv
    srv.stop()


class Kinds:
    def __init__(self, package_dir: Path, server: LoopbackServer) -> None:
        self.env = base_env()
        self.env.update(
            PYTHONPATH=str(package_dir),
            KINDS_API_KEY="kinds-key",
            KINDS_BASE_URL=server.url,
        )

    def __call__(self, *args: str, stdin: str | None = None) -> Result:
        proc = subprocess.run(
            [sys.executable, "-m", "kinds_api._cli", *args],
            input=stdin,
            stdin=subprocess.DEVNULL if stdin is None else None,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=self.env,
            timeout=30,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def kinds(kinds_package: Path, kinds_server: LoopbackServer) -> Kinds:
    return Kinds(kinds_package, kinds_server)


REQUIRED = ["--project-id", "p 1", "--name", "widget", "--count", "3"]


def test_every_kind_of_flag_lands_on_the_wire(
    kinds: Kinds, kinds_server: LoopbackServer, tmp_path: Path
) -> None:
    dims = tmp_path / "dims.yaml"
    dims.write_text("width: 1.5\nheight: 2\n", encoding="utf-8")
    result = kinds(
        "items", "create", *REQUIRED,
        "--weight", "2.5",
        "--active",
        "--shade", "green",
        "--palette", "red", "--palette", "[green, blue]",
        "--labels", "{team: core, tier: '1'}",
        "--dimensions", f"@{dims}",
        "--part", '{"id": 1}', "--part", "[{id: 2}, {id: 3}]",
        "--dry-run",
        "--query-format", "brief",
        "--x-request-tag", "tag-7",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout) == ITEM
    request = kinds_server.last
    assert request.method == "POST"
    assert request.path == "/projects/p%201/items"  # path param, URL-quoted
    assert request.query == {"dry_run": ["true"], "format": ["brief"]}
    assert request.headers["x-request-tag"] == "tag-7"
    assert request.json() == {
        "name": "widget",
        "count": 3,
        "weight": 2.5,
        "active": True,
        "shade": "green",
        "palette": ["red", "green", "blue"],
        "labels": {"team": "core", "tier": "1"},
        "dimensions": {"width": 1.5, "height": 2},
        "parts": [{"id": 1}, {"id": 2}, {"id": 3}],
    }


def test_boolean_negation_and_omission(
    kinds: Kinds, kinds_server: LoopbackServer
) -> None:
    assert kinds("items", "create", *REQUIRED, "--no-active", "--no-dry-run").code == 0
    assert kinds_server.last.json()["active"] is False
    assert kinds_server.last.query == {"dry_run": ["false"]}
    assert kinds("items", "create", *REQUIRED).code == 0
    assert "active" not in kinds_server.last.json()
    assert kinds_server.last.query == {}


def test_query_flags_and_repeated_query_array(
    kinds: Kinds, kinds_server: LoopbackServer
) -> None:
    kinds_server.reply(Reply(200, [ITEM, ITEM]))
    result = kinds(
        "items", "list", "--limit", "10", "--min-score", "0.5", "--order", "desc", "--tag", "a", "--tag", "[b, c]",
        "--format", "jsonl",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines() == [json.dumps(ITEM, separators=(",", ":"))] * 2
    request = kinds_server.last
    assert (request.method, request.path, request.body) == ("GET", "/items", b"")
    assert request.query == {
        "limit": ["10"],
        "min_score": ["0.5"],
        "order": ["desc"],
        "tags": ["a", "b", "c"],
    }


@pytest.mark.parametrize(
    "flags, message",
    [
        (["--shade", "purple"], "'purple' is not one of red, green, blue"),
        (["--palette", "[red, purple]"], "'purple' is not one of red, green, blue"),
        (["--query-format", "tiny"], "'tiny' is not one of full, brief"),
        (["--count", "three"], "'three' is not an integer"),
        (["--weight", "heavy"], "'heavy' is not a number"),
        (["--labels", "[unclosed"], "not valid JSON or YAML"),
        (["--labels", "[1, 2]"], "expected a JSON/YAML object"),
        (["--part", "7"], "list items must be objects"),
        (["--name", "@/no/such/file"], "cannot read '/no/such/file'"),
    ],
)
def test_bad_values_are_usage_errors(
    kinds: Kinds, kinds_server: LoopbackServer, flags: list[str], message: str
) -> None:
    args = list(REQUIRED)
    for flag in flags[::2]:  # the bad flag replaces a required one of the same name
        if flag in args:
            del args[args.index(flag) : args.index(flag) + 2]
    result = kinds("items", "create", *args, *flags)
    assert result.code == 2, result.stderr
    assert "Usage:" in result.stderr and message in result.stderr
    assert kinds_server.requests == []
    no_traceback(result)


def test_required_flags_are_enforced(
    kinds: Kinds, kinds_server: LoopbackServer
) -> None:
    result = kinds("items", "create", "--project-id", "p1")
    assert result.code == 2
    assert (
        "Missing required flags: --name (body param), --count (body param)."  # spec order
        in result.stderr
    )
    assert "Usage:" in result.stderr
    assert kinds_server.requests == []


def test_required_body_fields_can_come_from_stdin(
    kinds: Kinds, kinds_server: LoopbackServer
) -> None:
    result = kinds(
        "items",
        "create",
        "--project-id",
        "p1",
        "--count",
        "4",
        stdin="name: from-stdin\ncount: 1\n",
    )
    assert result.code == 0, result.stderr
    assert kinds_server.last.json() == {"name": "from-stdin", "count": 4}


def test_stdin_is_the_whole_body_when_the_body_is_not_an_object(
    kinds: Kinds, kinds_server: LoopbackServer
) -> None:
    kinds_server.reply(Reply(204, b""))
    result = kinds("items", "reorder", stdin="[it-2, it-1]\n")
    assert result.code == 0, result.stderr
    assert (kinds_server.last.method, kinds_server.last.path) == ("PUT", "/items/order")
    assert kinds_server.last.json() == ["it-2", "it-1"]


def test_at_path_reads_a_string_value_from_a_file(
    kinds: Kinds, kinds_server: LoopbackServer, tmp_path: Path
) -> None:
    name = tmp_path / "name.txt"
    name.write_text("line one\nline two\n", encoding="utf-8")
    result = kinds(
        "items", "create", "--project-id", "p1", "--count", "1", "--name", f"@{name}"
    )
    assert result.code == 0, result.stderr
    assert kinds_server.last.json()["name"] == "line one\nline two\n"
    assert (
        kinds(
            "items",
            "create",
            "--project-id",
            "p1",
            "--count",
            "1",
            "--name",
            "@@handle",
        ).code
        == 0
    )
    assert kinds_server.last.json()["name"] == "@handle"


def test_help_lists_choices_locations_and_boolean_pairs(kinds: Kinds) -> None:
    result = kinds("items", "create", "--help")
    assert result.code == 0
    text = " ".join(result.stdout.split())
    assert "--shade [red|green|blue] Body param" in text
    assert (
        "--palette [red|green|blue] Body param [repeat the flag or give a JSON/YAML list]"
        in text
    )
    assert (
        "--query-format [full|brief] Query param: How much of the item to return."
        in text
    )
    assert "--dry-run / --no-dry-run Query param: Validate without creating." in text
    assert (
        "--project-id TEXT Path param: The project that owns the item. [required]"
        in text
    )
    assert (
        "--x-request-tag TEXT Header param: A tag the server logs with the request."
        in text
    )
    assert "--labels JSON Body param: Free-form labels. [JSON or YAML]" in text


def test_format_flag_before_the_resource_when_the_api_has_a_format_parameter(
    kinds: Kinds, kinds_server: LoopbackServer
) -> None:
    result = kinds(
        "--format", "yaml", "items", "create", *REQUIRED, "--query-format", "full"
    )
    assert result.code == 0, result.stderr
    assert result.stdout == "id: it-1\nname: widget\n"
    assert kinds_server.last.query == {"format": ["full"]}


def test_enum_completion(kinds: Kinds) -> None:
    env = dict(
        kinds.env,
        _KINDS_COMPLETE="bash_complete",
        COMP_LINE="kinds items create --shade g",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "kinds_api._cli"],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    assert proc.stdout.split() == ["plain,green"]
