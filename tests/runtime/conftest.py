"""Fixtures for the runtime tests: the fault-injecting server and the sync/async runner."""

from __future__ import annotations

from typing import Iterator

import pytest
from tests.runtime._faults import FaultServer, Runner


@pytest.fixture(scope="session")
def _server_instance() -> Iterator[FaultServer]:
    server = FaultServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(_server_instance: FaultServer) -> FaultServer:
    _server_instance.reset()
    return _server_instance


@pytest.fixture(autouse=True)
def _hermetic_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LLAMA_CLOUD_API_KEY", "LLAMA_CLOUD_BASE_URL", "LLAMA_CLOUD_LOG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=["sync", "async"])
def runner(request: pytest.FixtureRequest, server: FaultServer) -> Iterator[Runner]:
    run = Runner(request.param, server)
    yield run
    run.close()
