"""Typed errors: class per status, their fields, the server's message, and pickling."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from tests.runtime._faults import API_KEY, FaultServer, Ops, Reply, Runner

STATUS_CLASSES = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (409, "ConflictError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
    (503, "InternalServerError"),
    (418, "APIStatusError"),
]


@pytest.mark.parametrize(("status", "class_name"), STATUS_CLASSES)
def test_each_status_raises_its_class_with_fields(
    runner: Runner, server: FaultServer, status: int, class_name: str
) -> None:
    import llama_cloud

    server.default = Reply(
        status,
        json={"detail": "Session sess-9 not found"},
        headers={"x-request-id": "req-1"},
    )
    client = runner.client(max_retries=0)

    with pytest.raises(llama_cloud.APIStatusError) as info:
        runner.request(client, Ops().get, {"session_id": "sess-9"})

    error = info.value
    assert type(error) is getattr(llama_cloud, class_name)
    assert isinstance(error, llama_cloud.APIError) and isinstance(
        error, llama_cloud.SDKError
    )
    assert error.status_code == status
    assert error.response.status_code == status
    assert error.response.headers["x-request-id"] == "req-1"
    assert error.request.url.path == "/api/v1/chat/sess-9"
    assert error.body == {"detail": "Session sess-9 not found"}
    assert "Session sess-9 not found" in str(error)
    assert str(status) in str(error)


def test_validation_error_details_are_readable(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud import UnprocessableEntityError

    detail = [
        {
            "loc": ["body", "index_ids", 0],
            "msg": "Input should be a valid string",
            "type": "string_type",
        }
    ]
    server.default = Reply(422, json={"detail": detail})

    with pytest.raises(UnprocessableEntityError) as info:
        runner.client().beta.chat.create(index_ids=["x"])
    assert "body.index_ids.0: Input should be a valid string" in str(info.value)


def test_non_json_error_body_is_kept_as_text(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud import InternalServerError

    server.default = Reply(
        502, body="<html>Bad gateway from proxy</html>", content_type="text/html"
    )
    with pytest.raises(InternalServerError) as info:
        runner.client(max_retries=0).beta.chat.create()
    assert info.value.body == "<html>Bad gateway from proxy</html>"
    assert "Bad gateway from proxy" in str(info.value)


def test_error_message_uses_common_error_shapes(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud import APIStatusError

    client = runner.client(max_retries=0)
    for body, expected in [
        ({"error": {"message": "quota exceeded", "code": "q"}}, "quota exceeded"),
        ({"message": "token expired"}, "token expired"),
        ({"unexpected": 1}, '{"unexpected": 1}'),
    ]:
        server.default = Reply(403, json=body)
        with pytest.raises(APIStatusError, match=expected):
            client.beta.chat.create()


def _raise(
    runner: Runner, server: FaultServer, reply: Reply, **client_options: object
) -> Any:
    server.reset()
    server.default = reply
    client = runner.client(max_retries=0, **client_options)
    try:
        client.beta.chat.create(session="cookie-secret")
    except Exception as exc:  # noqa: BLE001 - the test inspects whatever was raised
        return exc
    raise AssertionError("no error raised")


def test_errors_round_trip_through_pickle_without_the_key(
    runner: Runner, server: FaultServer
) -> None:
    from llama_cloud import (
        APIConnectionError,
        APIResponseValidationError,
        APITimeoutError,
        NotFoundError,
    )

    errors = [
        _raise(
            runner,
            server,
            Reply(
                404,
                json={"detail": "gone"},
                headers={"Set-Cookie": "sid=cookie-secret"},
            ),
        ),
        _raise(runner, server, Reply(json={}, reset_after=0)),
        _raise(runner, server, Reply(json={}, delay=1.0), timeout=0.1),
        _raise(runner, server, Reply(body="{not json")),
    ]
    assert [type(e) for e in errors] == [
        NotFoundError,
        APIConnectionError,
        APITimeoutError,
        APIResponseValidationError,
    ]

    for error in errors:
        data = pickle.dumps(error)
        assert API_KEY.encode() not in data
        assert b"cookie-secret" not in data
        clone = pickle.loads(data)
        assert type(clone) is type(error)
        assert str(clone) == str(error)
        assert clone.status_code == error.status_code
        assert clone.body == error.body
        assert clone.request.url == error.request.url
        assert clone.request.method == error.request.method
        if error.response is not None:
            assert clone.response.status_code == error.response.status_code
            assert clone.response.content == error.response.content

    not_found = pickle.loads(pickle.dumps(errors[0]))
    assert not_found.response.json() == {"detail": "gone"}
    assert not_found.request.headers["authorization"] == "<redacted>"
