from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest

from tests.support.server import LoopbackServer, running

# Generator runs in tests (in process and as subprocesses) cache into a folder of their own, never
# the user's ~/.cache; one folder per session keeps the suite's repeated generations warm.
_CACHE = tempfile.TemporaryDirectory(prefix="sdkgen-test-cache-")
os.environ["GENERATOR_CACHE_DIR"] = _CACHE.name


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with running() as srv:
        yield srv
