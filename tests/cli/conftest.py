"""Fixtures for the CLI tests: the recording server on 127.0.0.1 and the CLI runner."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.server import LoopbackServer, Reply
from _cli_support import PROG, SEED_RESPONSE, Cli


@pytest.fixture(scope="session")
def cli_bin_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with ``llamacloud-prod`` in it, for commands run through a shell as a user types them."""
    script = Path(sys.executable).parent / PROG
    if script.exists():
        return script.parent
    shim_dir = tmp_path_factory.mktemp("bin")
    shim = shim_dir / PROG
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m llama_cloud._cli "$@"\n')
    shim.chmod(0o755)
    return shim_dir


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer(Reply(200, SEED_RESPONSE)).start()
    yield srv
    srv.stop()


@pytest.fixture
def cli(server: LoopbackServer) -> Cli:
    return Cli(server)
