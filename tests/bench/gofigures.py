"""The Go figures of ``make bench`` (issue 21): the Go SDK's per-call overhead against raw
``net/http``, and what the Go target adds to a cold generation of a big spec.

Overhead is the ratio of per-call medians, SDK / raw: each side's per-call time is one round's
wall time over its calls, the median is taken over the rounds. Both sides include the same
in-process server's work, as the Python figure includes its mock transport's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .measure import BenchError, Outcome, Stats, run_tracked, summarize
from .report import Target, micros, ratio_target, seconds, table
from .tools import ROOT, SpecCase, Tool

PROGRAM = Path(__file__).resolve().parent / "go" / "percall_main.go"
GO_SDK = ROOT / "generated" / "go"
GO_MODULE = "github.com/stainless-sdks/llamacloud-prod-go"
PER_CALL_LIMIT = 1.3
GENERATION_LIMIT = 1.3
PER_CALL_GOAL = f"Go per-call overhead ≤ {PER_CALL_LIMIT:g} × raw net/http"
# The settings that switch the Go target on with its defaults (module and package from the title).
ALL_TARGETS_CONFIG = "targets:\n  go: {}\n"


def generation_goal(spec: str) -> str:
    return (
        f"cold generation of {spec} with every target ≤ {GENERATION_LIMIT:g} × "
        "the Python target alone"
    )


# ---------------------------------------------------------------- per call


@dataclass(frozen=True)
class GoSide:
    seconds: Stats
    allocs: float  # heap allocations per call, median over the rounds
    bytes: float  # heap bytes per call, median over the rounds


@dataclass(frozen=True)
class GoPerCall:
    sdk: GoSide
    raw: GoSide
    rounds: int
    calls: int
    go: str
    method: str
    target: str
    headers: tuple[str, ...]
    body: str


def parse_per_call(text: str) -> GoPerCall:
    """The bench program's stdout; anything else it might print is a BenchError, not a figure."""
    try:
        data = json.loads(text)
        rounds, calls = int(data["rounds"]), int(data["calls"])
        request = data["request"]
        sides = [_side(data[name], rounds) for name in ("sdk", "raw")]
        return GoPerCall(
            sides[0],
            sides[1],
            rounds,
            calls,
            str(data["go"]),
            str(request["method"]),
            str(request["target"]),
            tuple(sorted(str(name) for name in request["headers"])),
            str(request["body"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise BenchError(
            f"Go bench program: unexpected output ({exc}): {text[:200]!r}"
        ) from exc


def _side(data: dict[str, Any], rounds: int) -> GoSide:
    values = {
        key: [float(v) for v in data[key]] for key in ("seconds", "allocs", "bytes")
    }
    if any(len(v) != rounds for v in values.values()) or rounds < 1:
        raise ValueError(f"expected {rounds} values per series")
    if any(v <= 0 for v in values["seconds"]):
        raise ValueError("a per-call time is not positive")
    return GoSide(
        summarize(values["seconds"]),
        summarize(values["allocs"]).median,
        summarize(values["bytes"]).median,
    )


def build_program(workdir: Path, go: Callable[..., Any]) -> Path:
    """The bench program in its own module, the SDK's path replaced by generated/go."""
    from tests.support.golang import program_module

    folder = program_module(
        workdir / "percall", PROGRAM.read_text("utf-8"), GO_MODULE, GO_SDK
    )
    done = go("build", "-o", "percall", ".", cwd=folder)
    if done.returncode != 0:
        raise BenchError(f"building the Go bench program: {done.stderr.strip()[:400]}")
    return folder / "percall"


def run_program(
    binary: Path,
    reply: dict[str, Any],
    rounds: int,
    calls: int,
    workdir: Path,
    profile: Path | None = None,
) -> GoPerCall:
    """``profile``: where the program writes a CPU profile of its rounds (for ``go tool pprof``)."""
    reply_file = workdir / "reply.json"
    reply_file.write_text(json.dumps(reply), "utf-8")
    more = [f"-cpuprofile={profile}"] if profile is not None else []
    done = subprocess.run(
        [
            str(binary),
            "-reply",
            str(reply_file),
            f"-rounds={rounds}",
            f"-calls={calls}",
            *more,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise BenchError(
            f"Go bench program: exit {done.returncode}: {done.stderr.strip()[:400]}"
        )
    return parse_per_call(done.stdout)


def per_call(
    reply: dict[str, Any], rounds: int, calls: int, scratch: Path
) -> GoPerCall | str:
    """The measurement, or why there is none (the report says so; the other figures stand)."""
    from tests.support import golang

    if not _go_present():
        return f"not run: {golang.GO_MISSING}"
    workdir = Path(tempfile.mkdtemp(prefix="go-", dir=scratch))
    try:
        binary = build_program(workdir, golang.go)
        return run_program(binary, reply, rounds, calls, workdir)
    except (BenchError, subprocess.TimeoutExpired) as exc:
        return f"failed: {exc}"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _go_present() -> bool:
    from tests.support.golang import go_binary

    try:
        go_binary()
    except AssertionError:
        return False
    return True


def per_call_target(result: GoPerCall | str) -> Target:
    if isinstance(result, str):
        return Target(PER_CALL_GOAL, result, False)
    return ratio_target(
        PER_CALL_GOAL, result.sdk.seconds, result.raw.seconds, PER_CALL_LIMIT, "us"
    )


# ---------------------------------------------------------------- generation cost


@dataclass(frozen=True)
class GoGeneration:
    spec: str
    python: (
        Stats | None
    )  # seconds, the Python target alone (the settings name no target)
    every: Stats | None  # seconds, with `targets: go:` as well
    python_mb: Stats | None
    every_mb: Stats | None
    go_files: int
    error: str


def all_targets_case(case: SpecCase, folder: Path) -> SpecCase:
    """``case`` with settings that add the Go target (the case's own settings have none)."""
    if case.config is not None:
        raise BenchError(
            f"{case.label}: the all-targets run expects a spec without settings"
        )
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "all-targets.yaml"
    config.write_text(ALL_TARGETS_CONFIG, "utf-8")
    return replace(case, config=config)


def go_files_written(out: Path) -> int:
    """Files of the Go module in a generation's output folder (0: the Go target did not run)."""
    folder = out / "go"
    return sum(1 for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def _check_output(out: Path, want_go: bool) -> tuple[str, int]:
    files = go_files_written(out)
    if want_go and not (out / "go" / "go.mod").is_file():
        return "the all-targets run wrote no Go module", files
    if not want_go and files:
        return "the Python-only run wrote a Go module", files
    return "", files


def generation(
    tool: Tool,
    case: SpecCase,
    runs: int,
    timeout: float,
    scratch: Path,
    log: Callable[[str], None],
) -> GoGeneration:
    """Cold generations of ``case``, Python alone and every target, interleaved (alternating
    which goes first); each run's output is checked to hold the Go module exactly when asked.
    """
    every_case = all_targets_case(case, scratch / "go-config")
    variants = {"python": (case, False), "every": (every_case, True)}
    outcomes: dict[str, list[Outcome]] = {"python": [], "every": []}
    go_files = 0
    for run in range(runs):
        order = ["python", "every"] if run % 2 == 0 else ["every", "python"]
        for name in order:
            variant, want_go = variants[name]
            log(f"Go generation cost {case.label}: {name} run {run + 1}/{runs}")
            outcome, files = _generate_checked(tool, variant, want_go, scratch, timeout)
            if not outcome.ok:
                return GoGeneration(
                    case.label, None, None, None, None, 0, f"{name}: {outcome.error}"
                )
            log(f"  {outcome.seconds:.2f} s")
            outcomes[name].append(outcome)
            go_files = max(go_files, files)
    stats = {
        name: (
            summarize([o.seconds for o in got]),
            summarize([o.peak_rss_bytes / 2**20 for o in got]),
        )
        for name, got in outcomes.items()
    }
    return GoGeneration(
        case.label,
        stats["python"][0],
        stats["every"][0],
        stats["python"][1],
        stats["every"][1],
        go_files,
        "",
    )


def _generate_checked(
    tool: Tool, case: SpecCase, want_go: bool, scratch: Path, timeout: float
) -> tuple[Outcome, int]:
    workdir = Path(tempfile.mkdtemp(prefix="gogen-", dir=scratch))
    try:
        job = tool.prepare(case, workdir)
        outcome = run_tracked(
            job.command,
            env=job.env,
            cwd=ROOT,
            timeout=timeout,
            log_dir=workdir / "logs",
        )
        if not outcome.ok:
            return outcome, 0
        problem, files = _check_output(job.out, want_go)
        return (replace(outcome, error=problem) if problem else outcome), files
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def generation_target(result: GoGeneration) -> Target:
    goal = generation_goal(result.spec)
    if result.error or result.python is None or result.every is None:
        return Target(goal, f"failed: {result.error or 'not run'}", False)
    return ratio_target(goal, result.every, result.python, GENERATION_LIMIT, "s")


# ---------------------------------------------------------------- report


def section(call: GoPerCall | str, gen: GoGeneration, runs: int) -> list[str]:
    parts = ["## 6. Go SDK"]
    if isinstance(call, str):
        parts.append(f"Per-call overhead: {call}.")
    else:
        parts += [
            f"A Go program (`tests/bench/go/percall_main.go`, built with {call.go} against "
            "`generated/go` through a `replace` line) starts an in-process `net/http/httptest` "
            f"server answering {call.method} `{call.target.split('?')[0]}` with the seed's "
            f"example and calls it {call.rounds} rounds × {call.calls} times each way, rounds "
            "interleaved and alternating which side goes first, after one untimed warm-up "
            "round each: `client.Beta.Chat.New(ctx, params)` (`OrganizationID`, `IndexIDs` "
            "set, `option.WithMaxRetries(0)`) and a raw `http.NewRequestWithContext` + "
            "`Client.Do` + `encoding/json` into a plain struct, on the same `http.Client`. The raw "
            f"call sends what the SDK sent (`{call.target}`, body `{call.body}`, headers "
            f"{', '.join(call.headers)}): the server recorded one of each and compared them "
            "before timing. Overhead: the ratio of per-call medians, SDK / raw; both include "
            "the server's share.",
            table(
                (
                    "call",
                    "per call",
                    "ratio",
                    "heap allocations / call",
                    "heap bytes / call",
                ),
                [
                    (
                        "`client.Beta.Chat.New`",
                        micros(call.sdk.seconds),
                        f"{call.sdk.seconds.median / call.raw.seconds.median:.2f}×",
                        f"{call.sdk.allocs:.0f}",
                        f"{call.sdk.bytes:,.0f}",
                    ),
                    (
                        "raw `net/http` + `encoding/json`",
                        micros(call.raw.seconds),
                        "1.00×",
                        f"{call.raw.allocs:.0f}",
                        f"{call.raw.bytes:,.0f}",
                    ),
                ],
            ),
        ]
    parts.append(
        f"Generation cost of the Go target: cold generations of {gen.spec} (as in section 1) "
        f"with the settings naming no target (the Python package, its CLI and docs: what a run "
        f"writes by default) and with `targets: {{go: {{}}}}` (the same plus the Go module, "
        f"module path and package from the title), {runs} run{'' if runs == 1 else 's'} each, "
        "interleaved, alternating "
        "which goes first; each run's output was checked to hold a Go module exactly when asked."
    )
    if gen.error or gen.python is None or gen.every is None:
        parts.append(f"_Failed_: {gen.error or 'not run'}.")
        return parts
    assert gen.python_mb is not None and gen.every_mb is not None
    parts.append(
        table(
            ("targets", "seconds", "ratio", "peak memory", "Go files"),
            [
                (
                    "Python (default settings)",
                    seconds(gen.python),
                    "1.00×",
                    f"{gen.python_mb.median:.0f} MB",
                    "0",
                ),
                (
                    "Python + Go (`targets: {go: {}}`)",
                    seconds(gen.every),
                    f"{gen.every.median / gen.python.median:.2f}×",
                    f"{gen.every_mb.median:.0f} MB",
                    str(gen.go_files),
                ),
            ],
        )
    )
    return parts
