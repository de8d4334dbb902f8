"""Parsing 2xx bodies: lenient by default, strict on request, clear errors, raw access."""

from __future__ import annotations

from typing import Any, cast

import pytest
from tests.runtime._faults import FaultServer, Ops, Reply, Runner

FULL = {
    "session_id": "sess-1",
    "last_updated_at": "2024-05-01T00:00:00Z",
    "generated_title": None,
    "index_ids": ["i1"],
    "job_metadata": {"turns": 3, "is_error": False},
}


def test_full_response_is_typed(runner: Runner, server: FaultServer) -> None:
    from llama_cloud.types.chat_create_response import ChatCreateResponse

    server.default = Reply(json=FULL)
    result = runner.client().beta.chat.create()

    assert isinstance(result, ChatCreateResponse)
    assert result.index_ids == ["i1"]
    assert result.generated_title is None
    assert result.job_metadata is not None and result.job_metadata.turns == 3


@pytest.mark.parametrize("strict", [False, True])
def test_unknown_extra_fields_are_kept(
    runner: Runner, server: FaultServer, strict: bool
) -> None:
    server.default = Reply(json={**FULL, "brand_new": {"x": 1}})
    result = runner.client(strict_response_validation=strict).beta.chat.create()

    assert result.session_id == "sess-1"
    assert result.brand_new == {"x": 1}
    assert result.model_extra == {"brand_new": {"x": 1}}


def test_missing_required_field_is_tolerated_by_default(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud.types.chat_create_response import ChatCreateResponse

    body = {k: v for k, v in FULL.items() if k != "last_updated_at"}
    server.default = Reply(json=body)
    result = runner.client().beta.chat.create()

    assert isinstance(result, ChatCreateResponse)
    assert result.session_id == "sess-1"
    assert (
        result.job_metadata is not None and result.job_metadata.turns == 3
    )  # nested still typed
    assert "last_updated_at" not in result.model_fields_set
    with pytest.raises(AttributeError):
        result.last_updated_at  # noqa: B018 - absent, not invented
    assert result.model_dump()["session_id"] == "sess-1"


def test_missing_required_field_raises_in_strict_mode(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud import APIResponseValidationError

    body = {k: v for k, v in FULL.items() if k != "last_updated_at"}
    server.default = Reply(json=body)

    with pytest.raises(APIResponseValidationError) as info:
        runner.client(strict_response_validation=True).beta.chat.create()
    assert info.value.status_code == 200
    assert info.value.body == body
    assert "last_updated_at" in str(info.value)
    assert len(server.requests) == 1  # a bad body is not retried


def test_wrong_field_type_is_kept_leniently_and_rejected_strictly(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud import APIResponseValidationError
    from llama_cloud.types.job_metadata import JobMetadata

    body = {**FULL, "job_metadata": {"turns": "many", "is_error": False}}
    server.default = Reply(json=body)

    result = runner.client().beta.chat.create()
    assert isinstance(result.job_metadata, JobMetadata)
    assert cast(Any, result.job_metadata).turns == "many"
    assert result.job_metadata.is_error is False
    assert result.index_ids == ["i1"]

    with pytest.raises(APIResponseValidationError, match="turns"):
        runner.client(strict_response_validation=True).beta.chat.create()


@pytest.mark.parametrize("strict", [False, True])
def test_wrong_top_level_shape_is_an_error_in_both_modes(
    runner: Runner, server: FaultServer, strict: bool
) -> None:
    from llama_cloud import APIResponseValidationError

    server.default = Reply(json=["not", "an", "object"])
    with pytest.raises(APIResponseValidationError):
        runner.client(strict_response_validation=strict).beta.chat.create()


def test_malformed_json_gives_a_clear_error(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud import APIResponseValidationError

    server.default = Reply(body='{"session_id": "sess-1", "last_upd')
    with pytest.raises(APIResponseValidationError) as info:
        runner.client().beta.chat.create()

    message = str(info.value)
    assert "not valid JSON" in message and "POST /api/v1/chat" in message
    assert '{"session_id": "sess-1"' in message  # shows what arrived
    assert info.value.status_code == 200
    assert len(server.requests) == 1


def test_non_json_success_body_names_the_content_type(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud import APIResponseValidationError

    server.default = Reply(body="<html>login</html>", content_type="text/html")
    with pytest.raises(APIResponseValidationError, match="text/html"):
        runner.client().beta.chat.create()


def test_empty_success_body_where_a_model_is_expected(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud import APIResponseValidationError

    server.default = Reply(200)
    with pytest.raises(APIResponseValidationError, match="empty body"):
        runner.client().beta.chat.create()


def test_operation_without_response_body_returns_none(
    runner: Runner, server: FaultServer
) -> None:
    server.default = Reply(204)
    assert (
        runner.request(runner.client(), Ops().delete, {"session_id": "sess-1"}) is None
    )
    assert server.requests[0].method == "DELETE"


def test_raw_response_gives_status_headers_and_parse(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud.types.chat_create_response import ChatCreateResponse

    server.enqueue(
        Reply(503), Reply(201, json=FULL, headers={"x-request-id": "req-42"})
    )
    client = runner.client()

    raw = client.beta.chat.with_raw_response.create(index_ids=["i1"])

    assert raw.status_code == 201
    assert raw.headers["x-request-id"] == "req-42"
    assert raw.http_response.status_code == 201
    assert raw.retries_taken == 1
    assert raw.json() == FULL
    assert '"sess-1"' in raw.text
    parsed = raw.parse()
    assert isinstance(parsed, ChatCreateResponse) and parsed.session_id == "sess-1"
    assert raw.parse() is parsed

    # The raw mode applies to that one call only.
    assert isinstance(client.beta.chat.create(), ChatCreateResponse)


def test_raw_response_still_raises_status_errors(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud import NotFoundError

    server.default = Reply(404, json={"detail": "nope"})
    with pytest.raises(NotFoundError):
        runner.client().beta.chat.with_raw_response.create()


def test_raw_response_of_an_operation_without_body(
    runner: Runner, server: FaultServer
) -> None:
    server.default = Reply(204)
    raw = runner.raw_request(runner.client(), Ops().delete, {"session_id": "sess-1"})
    assert raw.status_code == 204
    assert raw.parse() is None
