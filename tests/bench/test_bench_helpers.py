"""The benchmark script's own logic: summaries, target verdicts, the report's kept section, process
measurement. No benchmark runs here."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.bench.measure import Stats, first_error_line, run_tracked, summarize
from tests.bench.report import (
    DEFAULT_KEPT,
    KEEP_MARKER,
    GenResult,
    cold_generation_targets,
    ratio_target,
    regeneration_target,
    write_report,
)
from tests.bench.run import edit_one_operation
from tests.bench.tools import ROOT

OURS = "ours"


def _ok(tool: str, spec: str, median: float) -> GenResult:
    return GenResult(
        tool, spec, Stats(median, median, median, 3), Stats(1, 1, 1, 3), 1, 1, ""
    )


def _failed(tool: str, spec: str, error: str = "exit 1: boom") -> GenResult:
    return GenResult(tool, spec, None, None, 0, 0, error)


def test_summarize_is_median_with_min_and_max() -> None:
    assert summarize([3.0, 1.0, 10.0, 2.0]) == Stats(2.5, 1.0, 10.0, 4)
    assert summarize([5.0]) == Stats(5.0, 5.0, 5.0, 1)
    with pytest.raises(ValueError):
        summarize([])


def test_cold_generation_met_only_when_faster_than_every_successful_peer() -> None:
    results = [
        _ok(OURS, "A", 2.0),
        _ok("p1", "A", 3.0),
        _ok("p2", "A", 2.5),
        _ok(OURS, "B", 2.0),
        _ok("p1", "B", 9.0),
        _ok("p2", "B", 1.9),
        _ok(OURS, "C", 2.0),
        _ok("p1", "C", 2.0),  # a tie is not faster
    ]
    verdicts = cold_generation_targets(results, ["A", "B", "C"], OURS)
    assert [t.met for t in verdicts] == [True, False, False]
    assert "fastest peer p2 2.50 s" in verdicts[0].measured
    assert "fastest peer p2 1.90 s" in verdicts[1].measured


def test_cold_generation_ignores_failed_peers_but_names_them() -> None:
    results = [_ok(OURS, "A", 5.0), _failed("p1", "A"), _ok("p2", "A", 6.0)]
    (verdict,) = cold_generation_targets(results, ["A"], OURS)
    assert verdict.met
    assert "failed: p1" in verdict.measured


def test_cold_generation_not_met_when_ours_fails_even_if_peers_fail_too() -> None:
    results = [_failed(OURS, "A", "exit 1: bad spec"), _failed("p1", "A")]
    (verdict,) = cold_generation_targets(results, ["A"], OURS)
    assert not verdict.met
    assert "ours failed: exit 1: bad spec" in verdict.measured
    (missing,) = cold_generation_targets([_ok("p1", "B", 1.0)], ["B"], OURS)
    assert not missing.met


def test_cold_generation_met_when_no_peer_succeeds() -> None:
    (verdict,) = cold_generation_targets(
        [_ok(OURS, "A", 50.0), _failed("p1", "A")], ["A"], OURS
    )
    assert verdict.met
    assert "no peer succeeded" in verdict.measured


def test_ratio_target_limit_is_inclusive_on_medians() -> None:
    base = Stats(0.100, 0.050, 0.500, 20)
    at_limit = ratio_target("g", Stats(0.120, 0.0, 9.0, 20), base, 1.2, "ms")
    over = ratio_target("g", Stats(0.121, 0.0, 0.0, 20), base, 1.2, "ms")
    assert at_limit.met and not over.met
    assert at_limit.measured == "120.0 ms / 100.0 ms = 1.20× (limit 1.2×)"


def test_regeneration_target_compares_with_cold_generation_of_same_spec() -> None:
    cold = Stats(20.0, 19.0, 21.0, 5)
    assert regeneration_target("A", Stats(5.0, 4, 6, 3), "", cold).met
    assert not regeneration_target("A", Stats(5.1, 4, 6, 3), "", cold).met
    failed = regeneration_target("A", None, "timed out after 600 s", cold)
    assert not failed.met and "timed out" in failed.measured
    no_cold = regeneration_target("A", Stats(1, 1, 1, 1), "", None)
    assert not no_cold.met and "no cold figure" in no_cold.measured


def test_report_keeps_the_hand_written_part(tmp_path: Path) -> None:
    report = tmp_path / "benchmarks.md"
    write_report(report, "# first\n")
    assert report.read_text() == f"# first\n\n{KEEP_MARKER}\n\n{DEFAULT_KEPT.lstrip()}"
    hand = "## Profile\n\nvalidation is 40 % of the run.\n"
    report.write_text(f"# first\n\n{KEEP_MARKER}\n\n{hand}")
    write_report(report, "# second\n")
    assert report.read_text() == f"# second\n\n{KEEP_MARKER}\n\n{hand}"


def test_first_error_line_prefers_the_exception_line() -> None:
    java = (
        "[main] ERROR i.s.v.p.util.DeserializationUtils - Error parsing content\n"
        "com.fasterxml.jackson.core.JsonParseException: The document exceeds the limit.\n"
        "\tat com.fasterxml.jackson.core.JsonParser.read(JsonParser.java:2675)\n"
        'Exception in thread "main" java.lang.RuntimeException: Issues with the input\n'
    )
    assert first_error_line(java) == (
        "com.fasterxml.jackson.core.JsonParseException: The document exceeds the limit."
    )
    rich = (
        "╭──── Traceback (most recent call last) ────╮\n"
        "│ ❱ 214 │   raise ValueError(                │\n"
        "╰───────────────────────────────────────────╯\n"
        "ValueError: Duplicate key ADD in enum \n"
        "Op; consider setting literal_enums\n"
    )
    assert first_error_line(rich) == (
        "ValueError: Duplicate key ADD in enum Op; consider setting literal_enums"
    )


def test_first_error_line_else_a_line_starting_with_error() -> None:
    text = (
        "Unable to process schema /components/schemas/x:\n"
        "ruff failed\n"
        "error: Failed to parse client/api/pulls.py:38:5: Expected a statement\n"
        "If you believe this was a mistake, please open an issue\n"
    )
    assert first_error_line(text) == (
        "error: Failed to parse client/api/pulls.py:38:5: Expected a statement"
    )


def test_first_error_line_else_last_line_that_is_not_a_warning() -> None:
    text = (
        "Reading the document\n"
        "/x/format.py:540: FutureWarning: Default formatters will change.\n"
        "  warn_deprecated(\n"
        "Modular references require an output directory, not a file\n"
    )
    assert first_error_line(text) == (
        "Modular references require an output directory, not a file"
    )
    assert first_error_line("UserWarning: only this\n") == "UserWarning: only this"
    assert first_error_line("\n  \n") == ""


def test_edit_changes_one_operation_only() -> None:
    document: dict[str, Any] = {
        "paths": {
            "/b": {"get": {"summary": "B"}},
            "/a": {"parameters": [], "post": {"summary": "A", "parameters": []}},
        }
    }
    described = edit_one_operation(document)
    assert described.startswith("`POST /a`")
    post = document["paths"]["/a"]["post"]
    assert post["summary"] == "A (edited)"
    assert [p["name"] for p in post["parameters"]] == ["bench_probe"]
    assert document["paths"]["/b"] == {"get": {"summary": "B"}}
    assert document["paths"]["/a"]["parameters"] == []


def test_peak_memory_counts_grandchildren(tmp_path: Path) -> None:
    # The child only waits; its own child holds 200 MB: the peak must include the grandchild's.
    grandchild = "b = bytearray(200 * 2**20); import time; time.sleep(0.5)"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])"
    outcome = run_tracked(
        [sys.executable, "-c", child],
        env={},
        cwd=tmp_path,
        timeout=60,
        log_dir=tmp_path / "logs",
    )
    assert outcome.ok and outcome.returncode == 0
    assert outcome.peak_rss_bytes > 200 * 2**20
    assert 0.5 < outcome.seconds < 30


def test_failure_and_timeout_are_reported_not_raised(tmp_path: Path) -> None:
    failing = textwrap.dedent("""
        import sys
        print("starting")
        print("error: the spec is broken", file=sys.stderr)
        sys.exit(3)
        """)
    failed = run_tracked(
        [sys.executable, "-c", failing],
        env={},
        cwd=tmp_path,
        timeout=60,
        log_dir=tmp_path / "a",
    )
    assert failed.returncode == 3
    assert failed.error == "exit 3: error: the spec is broken"
    slow = run_tracked(
        [sys.executable, "-c", "import time; time.sleep(30)"],
        env={},
        cwd=tmp_path,
        timeout=0.5,
        log_dir=tmp_path / "b",
    )
    assert slow.returncode is None and slow.error == "timed out after 0.5 s"
    assert slow.seconds < 10


def test_script_help_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.run", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "--quick" in done.stdout and "docs/benchmarks.md" in done.stdout
