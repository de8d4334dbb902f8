"""Many requests on one client: all answered, bounded connections, nothing left open."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from tests.runtime._faults import API_KEY, FaultServer, Reply

GOOD = {"session_id": "sess-ok", "last_updated_at": "2024-05-01T00:00:00Z"}


def test_200_concurrent_async_requests_on_one_client_leak_no_connection(
    server: FaultServer,
) -> None:
    from llama_cloud import AsyncLlamaCloud

    server.wait_for_idle()  # earlier tests' connections must not count here
    server.reset()
    server.default = Reply(json=GOOD, delay=0.05)  # slow enough that requests overlap

    async def scenario() -> list[str]:
        async with AsyncLlamaCloud(api_key=API_KEY, base_url=server.url) as client:
            results = await asyncio.gather(
                *(client.beta.chat.create(project_id=str(i)) for i in range(200))
            )
            assert server.active <= 100  # idle connections are kept, within the limit
        return [r.session_id for r in results]

    assert asyncio.run(scenario()) == ["sess-ok"] * 200
    assert len(server.requests) == 200
    project_ids = sorted(int(dict(r.query)["project_id"]) for r in server.requests)
    assert project_ids == list(range(200))
    assert 1 < server.max_active <= 100  # concurrent, and within the pool limit
    assert server.wait_for_idle() == 0  # every connection closed with the client


def test_one_sync_client_shared_by_threads_leaks_no_connection(
    server: FaultServer,
) -> None:
    from llama_cloud import LlamaCloud

    server.wait_for_idle()
    server.reset()
    server.default = Reply(json=GOOD, delay=0.01)
    with LlamaCloud(api_key=API_KEY, base_url=server.url) as client:
        with ThreadPoolExecutor(16) as pool:
            results = list(
                pool.map(
                    lambda i: client.beta.chat.create(project_id=str(i)).session_id,
                    range(100),
                )
            )
    assert results == ["sess-ok"] * 100
    assert 1 < server.max_active <= 16
    assert server.wait_for_idle() == 0
