"""Which operations page, decided in the IR: detection needs both the parameters and the
response to match; settings declare the rest, and a declaration that does not fit is an error at
its line.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diagnostics import GenerationError
from generator.ir.build import build_api
from generator.ir.nodes import Api, Operation, Pagination, TypeRef
from generator.settings import Settings, load_settings
from generator.spec.load import load_file
from generator.spec.refs import DocumentSet
from tests.golden import CASES

SPEC = yaml.safe_load((CASES / "pagination" / "spec.yaml").read_text())


def build(tmp_path: Path, spec: dict[str, Any], sdk: str | None = None) -> Api:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    settings = Settings()
    if sdk is not None:
        (tmp_path / "sdk.yaml").write_text(sdk)
        settings = load_settings(tmp_path / "sdk.yaml", "sdk.yaml")
    return build_api(DocumentSet(load_file(path, "spec.yaml")), settings, [])


def by_key(api: Api) -> dict[str, Operation]:
    return {op.key: op for _, op in api.operations()}


def model(name: str) -> TypeRef:
    return TypeRef("model", f"spec.yaml#/components/schemas/{name}")


def test_each_scheme_of_the_fixture_is_found_with_its_parts(tmp_path: Path) -> None:
    ops = by_key(build(tmp_path, SPEC))
    found = {key: op.pagination for key, op in ops.items()}
    assert found == {
        "get /files": Pagination(
            "cursor", "last_item", ("data",), model("File"), param="after",
            cursor_field=("id",), has_more=("has_more",), size_param="limit",
        ),
        "get /runs": Pagination(
            "cursor", "response_field", ("runs",), model("Run"), param="pageToken",
            cursor_field=("nextPageToken",), size_param="pageSize",
        ),
        "post /records/search": Pagination(
            "cursor", "response_field", ("items",), model("Run"), param="page_token",
            cursor_field=("next_page_token",), size_param="page_size",
        ),
        "get /jobs": Pagination(
            "offset", "count", ("jobs",), model("Job"), param="offset",
            total=("total_count",), size_param="limit",
        ),
        "get /documents": Pagination(
            "offset", "count", (), model("Job"), param="skip", size_param="limit"
        ),
        "get /pets": Pagination(
            "page", "count", ("results",), model("Pet"), param="page",
            total=("total_pages",), size_param="per_page", first=1,
        ),
        "get /repos": Pagination(
            "link", "link_header", (), model("Pet"), size_param="per_page"
        ),
        # Known to no heuristic: only the settings page it (see below).
        "get /events": None,
        "get /channels": None,
        "get /deployments": Pagination(
            "cursor", "response_field", ("items",), model("Deployment"), param="continue",
            cursor_field=("metadata", "continue"), size_param="limit",
        ),
        "get /pets/{pet_id}/photos": None,
        "get /stats": None,
    }  # fmt: skip


def _operation(
    params: list[dict[str, Any]], body: dict[str, Any], headers: bool = False
) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": "ok",
        "content": {"application/json": {"schema": body}},
    }
    if headers:
        response["headers"] = {"Link": {"schema": {"type": "string"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "parameters": [
                        {"name": n, "in": "query", "schema": {"type": t}}
                        for n, t in [(p["name"], p["type"]) for p in params]
                    ],
                    "responses": {"200": response},
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "properties": {"id": {"type": "string"}},
                }
            }
        },
    }


THINGS = {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}


def obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


@pytest.mark.parametrize(
    "params, body, headers",
    [
        # after, but nothing saying another page exists
        ([("after", "string"), ("limit", "integer")], obj(data=THINGS), False),
        # data and has_more, but no parameter to advance
        ([("limit", "integer")], obj(data=THINGS, has_more={"type": "boolean"}), False),
        # a page parameter, and no items to walk
        (
            [("page", "integer"), ("per_page", "integer")],
            obj(name={"type": "string"}),
            False,
        ),
        # offset without a page size
        ([("offset", "integer")], obj(items=THINGS, total={"type": "integer"}), False),
        # a string offset is not a count
        ([("offset", "string"), ("limit", "integer")], obj(items=THINGS), False),
        # a next-cursor field without its request parameter
        (
            [("limit", "integer")],
            obj(items=THINGS, next_page_token={"type": "string"}),
            False,
        ),
        # a Link header on an operation without page parameters
        ([("sort", "string")], THINGS, True),
        # two arrays, neither named like items
        (
            [("offset", "integer"), ("limit", "integer")],
            obj(left=THINGS, right=THINGS),
            False,
        ),
    ],
)
def test_no_pagination_unless_parameters_and_response_both_match(
    tmp_path: Path, params: list[tuple[str, str]], body: dict[str, Any], headers: bool
) -> None:
    spec = _operation([{"name": n, "type": t} for n, t in params], body, headers)
    (op,) = by_key(build(tmp_path, spec)).values()
    assert op.pagination is None


def test_each_near_miss_pages_once_completed(tmp_path: Path) -> None:
    # The negative cases above differ from a detected shape by the one missing part.
    spec = _operation(
        [{"name": "after", "type": "string"}],
        obj(data=THINGS, has_more={"type": "boolean"}),
    )
    (op,) = by_key(build(tmp_path, spec)).values()
    assert op.pagination is not None and op.pagination.next_from == "last_item"


def _nested(params: list[tuple[str, str]], outer: str, inner: dict[str, Any]) -> Any:
    """A list whose cursor sits in a ``$ref``'d object (wrapped in an allOf, as Kubernetes
    does) under ``outer``."""
    spec = _operation(
        [{"name": n, "type": t} for n, t in params + [("limit", "integer")]],
        obj(
            items=THINGS, **{outer: {"allOf": [{"$ref": "#/components/schemas/Meta"}]}}
        ),
    )
    spec["components"]["schemas"]["Meta"] = obj(**inner)
    return spec


STRING = {"type": "string"}


@pytest.mark.parametrize(
    "params, outer, inner, cursor",
    [
        ([("continue", "string")], "metadata", {"continue": STRING}, "continue"),
        (
            [("cursor", "string")],
            "response_metadata",
            {"next_cursor": STRING},
            "next_cursor",
        ),
    ],
)
def test_kubernetes_and_slack_nested_cursors_are_detected(
    tmp_path: Path,
    params: list[tuple[str, str]],
    outer: str,
    inner: dict[str, Any],
    cursor: str,
) -> None:
    (op,) = by_key(build(tmp_path, _nested(params, outer, inner))).values()
    assert op.pagination == Pagination(
        "cursor", "response_field", ("items",), model("Thing"), param=params[0][0],
        cursor_field=(outer, cursor), size_param="limit",
    )  # fmt: skip


@pytest.mark.parametrize(
    "params, outer, inner",
    [
        # the parameter, but the list metadata has no continue token
        ([("continue", "string")], "metadata", {"resourceVersion": STRING}),
        # the token, but no parameter to send it back
        ([("resourceVersion", "string")], "metadata", {"continue": STRING}),
        # a token that is no string
        ([("continue", "string")], "metadata", {"continue": {"type": "integer"}}),
        # a parameter that is no string
        ([("continue", "integer")], "metadata", {"continue": STRING}),
        # Slack's cursor under another object
        ([("cursor", "string")], "metadata", {"next_cursor": STRING}),
        # Slack's response_metadata, but the parameter named otherwise
        ([("page_cursor", "string")], "response_metadata", {"next_cursor": STRING}),
        # the pairs crossed
        ([("continue", "string")], "response_metadata", {"next_cursor": STRING}),
    ],
)
def test_a_near_miss_of_a_nested_cursor_pages_nothing(
    tmp_path: Path, params: list[tuple[str, str]], outer: str, inner: dict[str, Any]
) -> None:
    (op,) = by_key(build(tmp_path, _nested(params, outer, inner))).values()
    assert op.pagination is None


SDK = """\
package: pager
pagination:
  continuation:
    scheme: cursor
    param: continuation
    items: entries
    cursor: continuation_token
    has_more: more
    operations: [get /events]
"""


def test_settings_page_an_operation_no_heuristic_knows(tmp_path: Path) -> None:
    op = by_key(build(tmp_path, SPEC, SDK))["get /events"]
    assert op.pagination == Pagination(
        "cursor", "response_field", ("entries",), model("Event"), param="continuation",
        cursor_field=("continuation_token",), has_more=("more",), declared="continuation",
    )  # fmt: skip


def test_settings_switch_detection_off_and_patterns_apply_where_they_fit(
    tmp_path: Path,
) -> None:
    sdk = """\
pagination:
  no_jobs: {scheme: none, operations: [get /jobs]}
  numbered:
    scheme: page
    param: page
    size: per_page
    operations: ["get /*"]
"""
    ops = by_key(build(tmp_path, SPEC, sdk))
    assert ops["get /jobs"].pagination is None
    # The pattern fits /pets (page + per_page + items) and /repos; elsewhere detection stays.
    pets = ops["get /pets"].pagination
    assert pets is not None and pets.declared == "numbered" and pets.total == ()
    assert ops["get /files"].pagination is not None
    assert ops["get /files"].pagination.declared == ""
    assert ops["get /pets/{pet_id}/photos"].pagination is None


@pytest.mark.parametrize(
    "entry, message",
    [
        (
            "{scheme: cursor, param: token, cursor: continuation_token, operations: [get /events]}",
            "sdk.yaml:2: /pagination/p/param: get /events: no string or integer query or body"
            " parameter 'token'",
        ),
        (
            "{scheme: cursor, param: continuation, cursor: next, operations: [get /events]}",
            "sdk.yaml:2: /pagination/p/cursor: get /events: the response has no field 'next'",
        ),
        (
            "{scheme: offset, param: continuation, operations: [get /events]}",
            "sdk.yaml:2: /pagination/p/param: get /events: no integer query or body parameter"
            " 'continuation'",
        ),
        (
            "{scheme: cursor, param: continuation, items: more, cursor: continuation_token,"
            " operations: [get /events]}",
            "sdk.yaml:2: /pagination/p/items: get /events: the response's 'more' is not an"
            " array",
        ),
        (
            "{scheme: link, operations: [get /events]}",
            "sdk.yaml:2: /pagination/p: get /events: the response documents no Link header",
        ),
        (
            "{scheme: offset, param: offset, operations: ['get /nothing/*']}",
            "sdk.yaml:2: /pagination/p/operations/0: 'get /nothing/*' matches no operation"
            " that scheme 'p' fits",
        ),
        (
            "{scheme: offset, param: offset, operations: [get /nothing]}",
            "sdk.yaml:2: /pagination/p/operations/0: no operation 'get /nothing' in the spec",
        ),
        (
            "{scheme: pages, operations: [get /events]}",
            "sdk.yaml:2: /pagination/p/scheme: scheme 'pages' should be one of cursor, offset,"
            " page, link, none",
        ),
        (
            "{scheme: page, param: page, step: 2, operations: [get /pets]}",
            "sdk.yaml:2: /pagination/p/step: unknown key; expected one of cursor,"
            " cursor_from_item, first, has_more, items, operations, param, scheme, size, total",
        ),
    ],
)
def test_a_declaration_that_does_not_fit_is_located(
    tmp_path: Path, entry: str, message: str
) -> None:
    with pytest.raises(GenerationError) as caught:
        build(
            tmp_path, SPEC, f"pagination:\n  p:\n    {entry}\n".replace("\n    {", " {")
        )
    assert [d.format() for d in caught.value.diagnostics] == [message]


CHANNELS = "param: cursor, operations: [get /channels]"
ITEMS = "items: result.channels"


@pytest.mark.parametrize(
    "entry, message",
    [
        (
            "cursor: response_metadata.next",
            "/pagination/p/cursor: get /channels: the response's 'response_metadata' has no"
            " field 'next'",
        ),
        (
            "cursor: ok.next_cursor",
            "/pagination/p/cursor: get /channels: the response's 'ok' is not an object",
        ),
        (
            "cursor: result.channels",
            "/pagination/p/cursor: get /channels: the response's 'result.channels' is not a"
            " string or integer",
        ),
        (
            "cursor: response_metadata.next_cursor, has_more: result.channels",
            "/pagination/p/has_more: get /channels: the response's 'result.channels' is not"
            " a boolean",
        ),
        (
            "cursor: response_metadata.next_cursor, items: result.nope",
            "/pagination/p/items: get /channels: the response's 'result' has no field"
            " 'nope'",
        ),
        (
            "cursor: response_metadata..next_cursor",
            "/pagination/p/cursor: 'response_metadata..next_cursor' has an empty field"
            " name; write 'outer.inner', or '/outer/inner' when a name holds a dot",
        ),
    ],
)
def test_a_nested_field_that_does_not_fit_is_located(
    tmp_path: Path, entry: str, message: str
) -> None:
    items = "" if "items:" in entry else f"{ITEMS}, "
    sdk = f"pagination:\n  p: {{scheme: cursor, {CHANNELS}, {items}{entry}}}\n"
    with pytest.raises(GenerationError) as caught:
        build(tmp_path, SPEC, sdk)
    assert [d.format() for d in caught.value.diagnostics] == ["sdk.yaml:2: " + message]


def test_a_nested_field_declared_by_its_path(tmp_path: Path) -> None:
    sdk = (
        f"pagination:\n  p: {{scheme: cursor, {CHANNELS}, {ITEMS},"
        " cursor: response_metadata.next_cursor, has_more: /result/has_more}\n"
    )
    op = by_key(build(tmp_path, SPEC, sdk))["get /channels"]
    assert op.pagination == Pagination(
        "cursor", "response_field", ("result", "channels"), model("Channel"),
        param="cursor", cursor_field=("response_metadata", "next_cursor"),
        has_more=("result", "has_more"), declared="p",
    )  # fmt: skip


def test_a_name_holding_a_dot_or_slash_is_written_as_a_pointer(tmp_path: Path) -> None:
    spec = copy.deepcopy(SPEC)
    response = spec["paths"]["/channels"]["get"]["responses"]["200"]
    properties = response["content"]["application/json"]["schema"]["properties"]
    properties["meta.v1"] = {
        "type": "object",
        "properties": {"next/cursor": {"type": "string"}},
    }
    head = f"pagination:\n  p: {{scheme: cursor, {CHANNELS}, {ITEMS},"
    sdk = head + " cursor: /meta.v1/next~1cursor}\n"
    op = by_key(build(tmp_path, spec, sdk))["get /channels"]
    assert op.pagination is not None
    assert op.pagination.cursor_field == ("meta.v1", "next/cursor")
    # The dotted form reads the dot as nesting, so the same name does not fit.
    dotted = head + " cursor: meta.v1.next}\n"
    with pytest.raises(GenerationError) as caught:
        build(tmp_path, spec, dotted)
    assert [d.format() for d in caught.value.diagnostics] == [
        "sdk.yaml:2: /pagination/p/cursor: get /channels: the response has no field 'meta'"
    ]


def test_declared_last_item_cursor(tmp_path: Path) -> None:
    spec = copy.deepcopy(SPEC)
    sdk = """\
pagination:
  by_name:
    scheme: cursor
    param: pageToken
    items: runs
    cursor_from_item: name
    operations: [get /runs]
"""
    op = by_key(build(tmp_path, spec, sdk))["get /runs"]
    assert op.pagination is not None
    assert (op.pagination.next_from, op.pagination.cursor_field) == (
        "last_item",
        ("name",),
    )


def test_a_zero_based_page_number_is_read_from_the_parameter(tmp_path: Path) -> None:
    # Without it the walk would ask for page 2 after the server's page 0, skipping page 1.
    spec = _operation([{"name": "per_page", "type": "integer"}], obj(items=THINGS))
    item = spec["paths"]["/things"]
    item["parameters"] = [{"$ref": "#/components/parameters/Page"}]
    spec["components"]["parameters"] = {
        "Page": {
            "name": "page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 0},
        }
    }
    (op,) = by_key(build(tmp_path, spec)).values()
    assert op.pagination is not None and op.pagination.first == 0
    item["parameters"][0] = {
        "name": "page",
        "in": "query",
        "schema": {"type": "integer"},
    }
    (op,) = by_key(build(tmp_path, spec)).values()
    assert op.pagination is not None and op.pagination.first == 1
