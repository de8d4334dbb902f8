from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.server import LoopbackServer, running


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with running() as srv:
        yield srv
