from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Generator runs in tests (in process and as subprocesses) cache into a folder of their own, never
# the user's ~/.cache; one folder per session keeps the suite's repeated generations warm. Under
# pytest-xdist every worker imports this file, so each worker has its own folder. Set before the
# generator is imported.
_CACHE = tempfile.TemporaryDirectory(prefix="sdkgen-test-cache-")
os.environ["GENERATOR_CACHE_DIR"] = _CACHE.name

from tests.support.generated import CaseMaker, case_maker  # noqa: E402
from tests.support.server import LoopbackServer, running  # noqa: E402


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with running() as srv:
        yield srv


@pytest.fixture(scope="session")
def generated_case(tmp_path_factory: pytest.TempPathFactory) -> CaseMaker:
    """``generated_case("composition")``: that case's package, generated the first time a test of
    the session asks and then shared by the golden test, the type check, the docs test and the
    case's wire test.

    Per session means per xdist worker. Not shared across workers: a generation takes a fraction
    of a second, and ``make test`` keeps each test file on one worker (``--dist loadfile``), so
    the tests of a file always share one copy.
    """
    return case_maker(lambda name: tmp_path_factory.mktemp(f"case-{name}"))


@pytest.fixture(scope="session")
def mypy_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache for every mypy run of a session (per xdist worker; the runs in a worker
    are sequential, so no two write it at once). Dependencies (pydantic, httpx, click, the
    stdlib stubs) are analysed once instead of once per package; mypy checks each cached module
    against its path and content hash, so a package of the same name elsewhere is analysed anew.
    """
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """With ``--durations``: time per test file and per xdist worker (setup, call and teardown
    summed), after pytest's slowest tests. With ``--dist loadfile`` the slowest file bounds the
    wall time, and uneven workers show a file to split."""
    if terminalreporter.config.option.durations is None:
        return
    per_file: dict[str, list[float]] = {}
    per_worker: dict[str, float] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if not isinstance(report, pytest.TestReport):
                continue
            entry = per_file.setdefault(report.nodeid.split("::")[0], [0.0, 0])
            entry[0] += report.duration
            entry[1] += report.when == "call"
            worker = getattr(report, "node", None)
            if worker is not None:
                name = worker.gateway.id
                per_worker[name] = per_worker.get(name, 0.0) + report.duration
    if not per_file:
        return
    terminalreporter.write_sep("=", "slowest 10 test files")
    for path, (seconds, count) in sorted(per_file.items(), key=lambda kv: -kv[1][0])[
        :10
    ]:
        terminalreporter.write_line(f"{seconds:7.2f}s {count:4d} tests  {path}")
    if per_worker:
        busy = ", ".join(f"{k} {v:.1f}s" for k, v in sorted(per_worker.items()))
        terminalreporter.write_line(f"busy time per worker: {busy}")
