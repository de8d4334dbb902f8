"""The generated client for spec/openapi.yaml puts each argument where the spec says, on a real socket."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.server import LoopbackServer, Reply

ROOT = Path(__file__).resolve().parent.parent
SEED_RESPONSE = {
    "last_updated_at": "2026-04-22T12:34:41.342245",
    "session_id": "ses-abc123",
    "generated_title": "What were the main findings in Q3?...",
    "index_ids": ["idx-abc123", "idx-def456"],
    "job_metadata": {
        "duration_ms": 0,
        "error": "error",
        "export_config_ids": ["string"],
        "is_error": True,
        "total_input_tokens": 0,
        "total_output_tokens": 0,
        "turns": 0,
    },
}
SEED_EXAMPLE = """\
import os
from llama_cloud import LlamaCloud

client = LlamaCloud(
    api_key=os.environ.get("LLAMA_CLOUD_API_KEY"),  # This is the default and can be omitted
)
chat = client.beta.chat.create()
print(chat.session_id)
"""


def create(kind: str, server: LoopbackServer, **kwargs: Any) -> Any:
    """Call client.beta.chat.create with the sync or the async client."""
    from llama_cloud import AsyncLlamaCloud, LlamaCloud

    if kind == "sync":
        with LlamaCloud(api_key="sk-test", base_url=server.url) as client:
            return client.beta.chat.create(**kwargs)

    async def main() -> Any:
        async with AsyncLlamaCloud(api_key="sk-test", base_url=server.url) as client:
            return await client.beta.chat.create(**kwargs)

    return asyncio.run(main())


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_seed_python_example_runs_verbatim(server: LoopbackServer) -> None:
    server.default = Reply(200, SEED_RESPONSE)
    env = {
        **os.environ,
        "LLAMA_CLOUD_API_KEY": "sk-seed",
        "LLAMA_CLOUD_BASE_URL": server.url,
    }
    done = subprocess.run(
        [sys.executable, "-c", SEED_EXAMPLE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ses-abc123\n"
    assert server.last.headers["authorization"] == "Bearer sk-seed"


def test_every_argument_lands_where_the_spec_puts_it(
    kind: str, server: LoopbackServer
) -> None:
    server.default = Reply(200, SEED_RESPONSE)
    result = create(
        kind,
        server,
        index_ids=["idx-1", "idx-2"],
        organization_id="8f0c7c6e-0000-4000-8000-000000000001",
        project_id="8f0c7c6e-0000-4000-8000-000000000002",
        session="cookie-value",
    )
    request = server.last
    assert (request.method, request.path) == ("POST", "/api/v1/chat")
    assert request.query == {
        "organization_id": ["8f0c7c6e-0000-4000-8000-000000000001"],
        "project_id": ["8f0c7c6e-0000-4000-8000-000000000002"],
    }
    assert request.headers["cookie"] == "session=cookie-value"
    assert request.headers["content-type"] == "application/json"
    assert request.json() == {"index_ids": ["idx-1", "idx-2"]}
    assert request.headers["authorization"] == "Bearer sk-test"
    assert result.session_id == "ses-abc123"
    assert result.job_metadata is not None and result.job_metadata.is_error is True
    assert result.job_metadata.total_input_tokens == 0
    assert result.index_ids == ["idx-abc123", "idx-def456"]


def test_omitted_arguments_are_not_sent(kind: str, server: LoopbackServer) -> None:
    server.default = Reply(200, SEED_RESPONSE)
    create(kind, server)
    request = server.last
    assert request.query == {}
    assert "cookie" not in request.headers
    assert request.body == b""


def test_explicit_none_in_the_body_is_sent_as_json_null(
    kind: str, server: LoopbackServer
) -> None:
    server.default = Reply(200, SEED_RESPONSE)
    create(kind, server, index_ids=None)
    assert server.last.json() == {"index_ids": None}


def test_response_with_only_required_fields_parses(
    kind: str, server: LoopbackServer
) -> None:
    server.default = Reply(200, {"last_updated_at": "t", "session_id": "ses-min"})
    result = create(kind, server)
    assert result.session_id == "ses-min"
    assert result.generated_title is None and result.job_metadata is None


def test_package_exports_clients_errors_and_types() -> None:
    import llama_cloud
    from llama_cloud.types import ChatCreateResponse, JobMetadata

    assert llama_cloud.ChatCreateResponse is ChatCreateResponse
    assert llama_cloud.JobMetadata is JobMetadata
    assert issubclass(llama_cloud.UnprocessableEntityError, llama_cloud.APIStatusError)
    assert {"LlamaCloud", "AsyncLlamaCloud", "APIError"} <= set(llama_cloud.__all__)
    # Models are served by the root's fallback to ``types``, not listed in its exports.
    assert "ChatCreateResponse" in dir(llama_cloud)
    with pytest.raises(AttributeError, match="NoSuchModel"):
        llama_cloud.NoSuchModel  # noqa: B018 - the attribute read is the test


def test_importing_the_package_loads_no_model() -> None:
    code = (
        "import sys, llama_cloud\n"
        "assert not [m for m in sys.modules if m.startswith('llama_cloud.types')], 'eager'\n"
        "llama_cloud.ChatCreateResponse\n"
        "assert 'llama_cloud.types.chat_create_response' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
