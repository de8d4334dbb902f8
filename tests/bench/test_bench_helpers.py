"""The benchmark script's own logic: summaries, target verdicts, the report's kept section, process
measurement. No benchmark runs here."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.bench import gofigures
from tests.bench.measure import (
    BenchError,
    Stats,
    first_error_line,
    run_tracked,
    summarize,
)
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
from tests.bench.tools import ROOT, SpecCase

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


# ---------------------------------------------------------------- the Go figures


def _go_output(**change: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rounds": 3,
        "calls": 10,
        "go": "go1.27.3",
        "request": {
            "method": "POST",
            "target": "/api/v1/chat?organization_id=o",
            "headers": {"Authorization": ["Bearer k"], "Accept": ["application/json"]},
            "body": '{"index_ids":["a"]}',
        },
        "session_id": "ses-abc123",
        "sdk": {
            "seconds": [9e-5, 7e-5, 8e-5],
            "allocs": [270, 271, 272],
            "bytes": [1e4, 2e4, 3e4],
        },
        "raw": {
            "seconds": [4e-5, 5e-5, 6e-5],
            "allocs": [100, 102, 101],
            "bytes": [9e3] * 3,
        },
    }
    data.update(change)
    return data


def test_go_per_call_output_is_summarized_per_side() -> None:
    parsed = gofigures.parse_per_call(json.dumps(_go_output()))
    assert parsed.sdk.seconds == Stats(8e-5, 7e-5, 9e-5, 3)
    assert parsed.raw.seconds == Stats(5e-5, 4e-5, 6e-5, 3)
    assert (parsed.sdk.allocs, parsed.sdk.bytes) == (271, 2e4)
    assert parsed.headers == ("Accept", "Authorization")
    assert (parsed.method, parsed.rounds, parsed.calls) == ("POST", 3, 10)
    target = gofigures.per_call_target(parsed)
    assert not target.met  # 80 / 50 = 1.6
    assert target.measured == "80.0 µs / 50.0 µs = 1.60× (limit 1.3×)"
    fast = _go_output(
        sdk={"seconds": [6.5e-5] * 3, "allocs": [1] * 3, "bytes": [1] * 3}
    )
    assert gofigures.per_call_target(gofigures.parse_per_call(json.dumps(fast))).met


@pytest.mark.parametrize(
    "text",
    [
        "percall: the raw request differs",
        json.dumps(_go_output(rounds=4)),  # fewer values than rounds
        json.dumps({k: v for k, v in _go_output().items() if k != "raw"}),
        json.dumps(
            _go_output(raw={"seconds": [0, 1, 1], "allocs": [1] * 3, "bytes": [1] * 3})
        ),
        json.dumps(
            _go_output(rounds=0, sdk={"seconds": [], "allocs": [], "bytes": []})
        ),
    ],
)
def test_go_per_call_output_that_is_not_a_measurement_is_an_error(text: str) -> None:
    with pytest.raises(BenchError, match="Go bench program: unexpected output"):
        gofigures.parse_per_call(text)


def test_go_per_call_without_a_measurement_is_not_met() -> None:
    target = gofigures.per_call_target("failed: building the Go bench program: x")
    assert not target.met and target.measured.startswith("failed: building")


def test_the_all_targets_settings_switch_go_on_and_the_default_does_not(
    tmp_path: Path,
) -> None:
    from generator.settings import Settings, load_settings

    case = SpecCase("S", tmp_path / "s.yaml", None, False, True)
    every = gofigures.all_targets_case(case, tmp_path / "cfg")
    assert every.config is not None and every.path == case.path
    settings = load_settings(every.config)
    assert (
        settings.go is not None and settings.go.module is None
    )  # derived from the title
    assert Settings().go is None  # no settings file: the Python target alone
    with pytest.raises(BenchError):
        gofigures.all_targets_case(every, tmp_path / "again")


def test_generation_output_must_hold_go_exactly_when_asked(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "pkg").mkdir(parents=True)
    (out / "pkg" / "a.py").write_text("")
    assert gofigures._check_output(out, want_go=False) == ("", 0)
    assert gofigures._check_output(out, want_go=True)[0] == (
        "the all-targets run wrote no Go module"
    )
    (out / "go" / "option").mkdir(parents=True)
    (out / "go" / "go.mod").write_text("module m\n")
    (out / "go" / "option" / "o.go").write_text("package option\n")
    assert gofigures._check_output(out, want_go=True) == ("", 2)
    assert gofigures._check_output(out, want_go=False)[0] == (
        "the Python-only run wrote a Go module"
    )


def test_generation_target_is_every_target_over_python_alone() -> None:
    def result(python: float, every: float) -> gofigures.GoGeneration:
        return gofigures.GoGeneration(
            "Stripe", Stats(python, 0, 0, 3), Stats(every, 0, 0, 3), None, None, 192, ""
        )

    at_limit = gofigures.generation_target(result(10.0, 13.0))
    assert (
        at_limit.met and at_limit.measured == "13.00 s / 10.00 s = 1.30× (limit 1.3×)"
    )
    assert not gofigures.generation_target(result(10.0, 13.1)).met
    assert "Stripe with every target" in at_limit.goal
    failed = gofigures.GoGeneration(
        "Stripe", None, None, None, None, 0, "every: exit 1"
    )
    verdict = gofigures.generation_target(failed)
    assert not verdict.met and verdict.measured == "failed: every: exit 1"


def test_the_go_bench_program_measures_both_sides_of_the_same_request(
    tmp_path: Path,
) -> None:
    # Builds against generated/go from Go's warm build cache (the Go wire tests build the SDK).
    from tests.support.golang import go, gofmt_binary

    assert (
        subprocess.run(
            [str(gofmt_binary()), "-l", str(gofigures.PROGRAM)],
            capture_output=True,
            text=True,
        ).stdout
        == ""
    )
    binary = gofigures.build_program(tmp_path, go)
    reply = {"last_updated_at": "2026-04-22T12:00:00", "session_id": "ses-abc123"}
    profile = tmp_path / "cpu.prof"
    result = gofigures.run_program(binary, reply, 2, 5, tmp_path, profile)
    assert profile.stat().st_size > 0
    assert (result.rounds, result.calls, result.sdk.seconds.runs) == (2, 5, 2)
    assert result.method == "POST"
    assert result.target == (
        "/api/v1/chat?organization_id=0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
    )
    assert result.body == '{"index_ids":["idx-a","idx-b"]}'
    assert {"Authorization", "Content-Type", "X-Retry-Count"} <= set(result.headers)
    assert result.sdk.allocs > result.raw.allocs > 0


def test_quick_keeps_the_go_figures_small(tmp_path: Path) -> None:
    from tests.bench.run import BIG_SPECS, _parser, _plan

    for _, name, _ in BIG_SPECS:
        (tmp_path / name).write_text("{}")
    full = _plan(_parser().parse_args(["--specs", str(tmp_path)]))
    quick = _plan(_parser().parse_args(["--specs", str(tmp_path), "--quick"]))
    assert full.go_gen_case.label == "Stripe spec3" and full.go_gen_case.config is None
    assert (full.go_gen_runs, full.go_rounds, full.go_calls) == (3, 15, 2000)
    assert quick.go_gen_case.label == "LlamaCloud"
    assert (quick.go_gen_runs, quick.go_rounds, quick.go_calls) == (1, 3, 500)


def test_go_section_shows_both_figures_or_why_not() -> None:
    call = gofigures.parse_per_call(json.dumps(_go_output()))
    gen = gofigures.GoGeneration(
        "Stripe",
        Stats(10, 9, 11, 3),
        Stats(12, 11, 13, 3),
        Stats(300, 300, 300, 3),
        Stats(340, 340, 340, 3),
        192,
        "",
    )
    text = "\n".join(gofigures.section(call, gen, 3))
    assert (
        "| `client.Beta.Chat.New` | 80.0 µs (70.0–90.0) | 1.60× | 271 | 20,000 |"
        in text
    )
    assert (
        "| Python + Go (`targets: {go: {}}`) | 12.00 s (11.00–13.00) | 1.20× | 340 MB | 192 |"
        in text
    )
    assert "3 runs each" in text
    failed = gofigures.GoGeneration(
        "Stripe", None, None, None, None, 0, "every: exit 1"
    )
    text = "\n".join(gofigures.section("not run: no Go toolchain", failed, 1))
    assert "Per-call overhead: not run: no Go toolchain." in text
    assert "_Failed_: every: exit 1." in text and "1 run each" in text
