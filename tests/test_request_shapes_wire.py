"""Requests real specs describe that generated clients used to get wrong on the wire (issue 17),
on a real socket (tests/cases/request_shapes, tests/cases/undeclared_path_param), from the sync
and the async client.

The expected bytes below are written out by hand from OpenAPI 3.1.2 (Parameter Object
``content``, Request Body Object ``required``) and RFC 3986 / RFC 6265 percent-encoding, not
produced by the code under test.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.emit.write import write_tree
from generator.ir.build import build_api
from generator.pipeline import generate, load_documents
from generator.settings import Settings
from tests.golden import CASES
from tests.support.server import LoopbackServer, Recorded, Reply

KINDS = ["sync", "async"]
FILTER = {"status": "open", "tags": ["x", "y"]}
# {"status":"open","tags":["x","y"]} as one query value / path segment: every delimiter encoded.
FILTER_QUERY = "%7B%22status%22%3A%22open%22%2C%22tags%22%3A%5B%22x%22%2C%22y%22%5D%7D"
# The same text as a cookie value: only what RFC 6265 forbids (`"`, `,`) is encoded.
FILTER_COOKIE = "{%22status%22:%22open%22%2C%22tags%22:[%22x%22%2C%22y%22]}"


def _import(out: Path, package: str) -> Iterator[ModuleType]:
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.split(".")[0] == package]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("desk")
    write_tree(out, generate(CASES / "request_shapes" / "spec.yaml").files)
    yield from _import(out, "wire_desk")


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    case = CASES / "undeclared_path_param"
    out = tmp_path_factory.mktemp("shelf")
    write_tree(out, generate(case / "spec.yaml", case / "sdk.yaml").files)
    yield from _import(out, "shelf")


@pytest.fixture
def answering(server: LoopbackServer) -> LoopbackServer:
    server.default = Reply(200, {"ok": True})
    return server


def call(
    package: ModuleType,
    client_class: str,
    kind: str,
    server: LoopbackServer,
    method: str,
    **kwargs: Any,
) -> tuple[Any, Recorded]:
    """``client.<resource>.<method>(**kwargs)`` on the sync or async client: its result and the
    request the server got."""
    resource, name = method.split(".")
    if kind == "sync":
        with getattr(package, client_class)(base_url=server.url, max_retries=0) as c:
            result = getattr(getattr(c, resource), name)(**kwargs)
    else:

        async def run() -> Any:
            async with getattr(package, "Async" + client_class)(
                base_url=server.url, max_retries=0
            ) as c:
                return await getattr(getattr(c, resource), name)(**kwargs)

        result = asyncio.run(run())
    return result, server.last


def desk_call(
    desk: ModuleType, kind: str, server: LoopbackServer, method: str, **kwargs: Any
) -> Recorded:
    return call(desk, "WireDesk", kind, server, method, **kwargs)[1]


# --------------------------------------------------------------------------- required bodies


@pytest.mark.parametrize("kind", KINDS)
def test_required_json_body_with_no_fields_given_is_sent_empty(
    desk: ModuleType, kind: str, answering: LoopbackServer
) -> None:
    recorded = desk_call(
        desk, kind, answering, "is_closed_.modify_project", project_id="p1"
    )
    assert recorded.path == "/projects/p1"
    assert recorded.headers["content-type"] == "application/json"
    assert recorded.body == b"{}"


@pytest.mark.parametrize("kind", KINDS)
def test_required_json_body_keeps_the_fields_given(
    desk: ModuleType, kind: str, answering: LoopbackServer
) -> None:
    # `on` is a YAML 1.1 boolean: the spec's property must stay the field "on".
    recorded = desk_call(
        desk, kind, answering, "is_closed_.modify_project", project_id="p1", on=True
    )
    assert recorded.json() == {"on": True}


@pytest.mark.parametrize("kind", KINDS)
def test_optional_body_with_nothing_given_stays_unsent(
    desk: ModuleType, kind: str, answering: LoopbackServer
) -> None:
    recorded = desk_call(desk, kind, answering, "is_closed_.put_note")
    assert recorded.body == b""
    assert "content-type" not in recorded.headers
    recorded = desk_call(desk, kind, answering, "is_closed_.put_note", name="n")
    assert recorded.json() == {"name": "n"}


@pytest.mark.parametrize("kind", KINDS)
def test_required_form_body_with_no_fields_given_is_an_empty_form(
    desk: ModuleType, kind: str, answering: LoopbackServer
) -> None:
    recorded = desk_call(desk, kind, answering, "auth_headers_.generate_key")
    assert recorded.headers["content-type"] == "application/x-www-form-urlencoded"
    assert recorded.headers["content-length"] == "0"
    assert recorded.body == b""


@pytest.mark.parametrize("kind", KINDS)
def test_required_multipart_body_with_no_fields_given_is_an_empty_multipart(
    desk: ModuleType, kind: str, answering: LoopbackServer
) -> None:
    recorded = desk_call(desk, kind, answering, "auth_headers_.start_upload")
    match = re.fullmatch(
        r"multipart/form-data; boundary=([0-9a-f]{32})",
        recorded.headers["content-type"],
    )
    assert match, recorded.headers["content-type"]
    # RFC 7578 / RFC 2046: no parts, only the close delimiter.
    assert recorded.body == f"--{match.group(1)}--\r\n".encode()


# --------------------------------------------------------------------------- content parameters


@pytest.mark.parametrize("kind", KINDS)
def test_content_parameters_are_written_as_their_media_type(
    desk: ModuleType, kind: str, answering: LoopbackServer
) -> None:
    recorded = desk_call(
        desk,
        kind,
        answering,
        "user_agent_.search",
        scope=["a b", "c"],
        filter=FILTER,
        x_filter=FILTER,
        prefs=FILTER,
        note="hi there",
    )
    # path: ["a b","c"]; query: the JSON text as one value, and text/plain as it is.
    assert recorded.target == (
        "/search/%5B%22a%20b%22%2C%22c%22%5D" f"?filter={FILTER_QUERY}&note=hi%20there"
    )
    assert json.loads(recorded.query["filter"][0]) == FILTER
    assert recorded.headers["x-filter"] == '{"status":"open","tags":["x","y"]}'
    assert recorded.headers["cookie"] == f"prefs={FILTER_COOKIE}"


@pytest.mark.parametrize("kind", KINDS)
def test_json_content_outside_ascii(
    desk: ModuleType, kind: str, answering: LoopbackServer
) -> None:
    recorded = desk_call(
        desk,
        kind,
        answering,
        "user_agent_.search",
        scope=["é"],
        filter={"status": "é"},
        x_filter={"status": "é"},
    )
    # UTF-8, percent-encoded, in the URL; JSON's own \u escape in the (ASCII) header.
    assert recorded.target == (
        "/search/%5B%22%C3%A9%22%5D?filter=%7B%22status%22%3A%22%C3%A9%22%7D"
    )
    assert recorded.headers["x-filter"] == '{"status":"\\u00e9"}'


def test_docs_show_the_bytes_the_client_sends() -> None:
    files = generate(CASES / "request_shapes" / "spec.yaml").files
    text = files["docs/user_agent_/search.md"].decode()
    # The example values are the schemas' placeholders: ["string"], and {} (no required field).
    assert "/search/%5B%22string%22%5D?filter=%7B%7D' \\" in text, text
    assert "-H 'X-Filter: {}'" in text, text
    text = files["docs/is_closed_/modify_project.md"].decode()
    assert "-H 'Content-Type: application/json' \\\n    -d '{}'" in text, text


# --------------------------------------------------------------------------- Accept


@pytest.mark.parametrize("kind", KINDS)
def test_a_plus_json_only_response_is_asked_for_by_its_media_type(
    desk: ModuleType, kind: str, server: LoopbackServer
) -> None:
    server.default = Reply(
        200,
        json.dumps({"totalResults": 2}).encode(),
        headers={"content-type": "application/scim+json"},
    )
    result, recorded = call(desk, "WireDesk", kind, server, "user_agent_.list_users")
    assert recorded.headers["accept"] == "application/scim+json"
    assert result.totalResults == 2


@pytest.mark.parametrize("kind", KINDS)
def test_plain_json_operations_keep_the_default_accept(
    desk: ModuleType, kind: str, answering: LoopbackServer
) -> None:
    recorded = desk_call(desk, kind, answering, "is_closed_.put_note")
    assert recorded.headers["accept"] == "application/json"


# --------------------------------------------------------------------------- client members


@pytest.mark.parametrize("kind", KINDS)
def test_tags_named_like_client_members_leave_the_client_working(
    desk: ModuleType, kind: str, answering: LoopbackServer
) -> None:
    # "User Agent", "Auth Headers", "Is Closed": each is the client's own member.
    recorded = desk_call(
        desk, kind, answering, "user_agent_.search", scope=["a"], filter={}, x_filter={}
    )
    assert recorded.headers["user-agent"] == "Wire-Desk/Python 0.1.0"
    client_class = desk.WireDesk if kind == "sync" else desk.AsyncWireDesk
    client = client_class(base_url=answering.url)
    assert callable(client.is_closed) and client.is_closed() is False
    assert isinstance(client.auth_headers, dict)


def _runtime_members(desk: ModuleType) -> set[str]:
    """Every attribute a client instance has, public and private, read off live objects (not
    from the generator's list): the generated clients less their own resources, so the runtime's
    members, the HTTP verbs' and what the client template adds; and a runtime resource's.
    """
    base = importlib.import_module("wire_desk._base_client")
    resource = importlib.import_module("wire_desk._resource")
    resources = (resource.SyncAPIResource, resource.AsyncAPIResource)
    members: set[str] = set()
    for client_class in (desk.WireDesk, desk.AsyncWireDesk):
        client = client_class(base_url="http://127.0.0.1:9")
        members |= {
            name
            for name in dir(client)
            if not isinstance(getattr(client, name, None), resources)
        }
    sync_client = base.SyncAPIClient(base_url="http://127.0.0.1:9")
    members |= set(dir(resource.SyncAPIResource(sync_client)))
    return members


def test_every_runtime_client_member_is_refused_as_a_resource_name(
    desk: ModuleType, tmp_path: Path
) -> None:
    members = sorted(_runtime_members(desk))
    assert {
        "user_agent",
        "auth_headers",
        "is_closed",
        "_client",
        "request",
        "get",
        "with_streaming_response",
    } <= set(members)
    paths = {
        f"/op{i}": {
            "get": {
                "operationId": f"op{i}",
                "tags": [name],
                "responses": {"204": {"description": "Done"}},
            }
        }
        for i, name in enumerate(members)
    }
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": paths}
        )
    )
    api = build_api(load_documents(spec), Settings(), [])
    names = {resource.name for resource in api.resources}
    assert names and not names & set(members), sorted(names & set(members))


# --------------------------------------------------------------------------- undeclared placeholders


@pytest.mark.parametrize("kind", KINDS)
def test_an_undeclared_path_placeholder_is_a_required_argument(
    shelf: ModuleType, kind: str, server: LoopbackServer
) -> None:
    server.default = Reply(200, {"id": "i1"})
    result, recorded = call(
        shelf, "Shelf", kind, server, "items.get_item", shelf="s1", itemId="a/b c"
    )
    assert recorded.target == "/shelves/s1/items/a%2Fb%20c"
    assert result.id == "i1"
    with pytest.raises(TypeError):
        call(shelf, "Shelf", kind, server, "items.get_item", shelf="s1")


def test_an_undeclared_path_placeholder_is_a_located_warning() -> None:
    case = CASES / "undeclared_path_param"
    result = generate(case / "spec.yaml", case / "sdk.yaml")
    # The validator's own finding stands at the same place; this is the generator's.
    ours = [d for d in result.warnings if "{itemId} has no parameter" in d.message]
    assert [(d.line, d.pointer, d.severity) for d in ours] == [
        (12, "/paths/~1shelves~1{shelf}~1items~1{itemId}/get", "warning")
    ], ours


def test_a_declared_name_holding_braces_is_not_an_undeclared_placeholder(
    tmp_path: Path,
) -> None:
    # "{a{b}c}" is one declared placeholder; "{b}" inside it is not a second one (the hostile
    # fuzz run found the runtime then left the outer one unfilled).
    spec = tmp_path / "spec.json"
    op = {
        "operationId": "get",
        "parameters": [
            {
                "name": "a{b}c",
                "in": "path",
                "required": True,
                "schema": {"type": "string"},
            }
        ],
        "responses": {"204": {"description": "Done"}},
    }
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {"/items/{a{b}c}": {"get": op}},
    }
    spec.write_text(json.dumps(doc))
    diagnostics: list[Any] = []
    api = build_api(load_documents(spec), Settings(), diagnostics)
    [(_, operation)] = api.operations()
    assert [p.wire for p in operation.parameters] == ["a{b}c"]
    assert not [d for d in diagnostics if "has no parameter" in d.message]


# --------------------------------------------------------------------------- YAML 1.2 booleans


def test_yaml_keys_and_values_that_were_1_1_booleans_stay_strings(
    tmp_path: Path,
) -> None:
    # GitHub Actions' `on:` is the common case: PyYAML's YAML 1.1 resolver read it as True,
    # and the validator then failed on the whole document (its keys must be strings).
    from generator.spec.yaml_text import parse_yaml

    assert parse_yaml("on: yes\noff: [no, y, true, False, TRUE]\n", "x.yaml") == {
        "on": "yes",
        "off": ["no", "y", True, False, True],
    }
    # The fixture's `on` property is a field of the request body (seen on the wire above).
    api = build_api(
        load_documents(CASES / "request_shapes" / "spec.yaml"), Settings(), []
    )
    wires = {
        p.wire for r in api.resources for op in r.operations for p in op.parameters
    }
    assert "on" in wires
