"""Benchmarks (issue 8): writes ``docs/benchmarks.md``.

    python -m tests.bench.run [--quick] [--runs N] [--specs DIR] [--report FILE]

Measures cold generation (ours beside openapi-python-client, datamodel-code-generator and
openapi-generator, installed at pinned versions into ``.bench/venv``), regeneration after a
one-operation edit, import cost, cold start to a first response, per-call overhead and CLI
start-up, and the Go figures (``gofigures.py``: the Go SDK's per-call overhead against raw
``net/http``, the Go target's share of a cold generation). Every figure is a median with min–max; every comparison is measured in the same run,
with the runs of the compared commands interleaved so load from other work spreads over all.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import timeit
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from . import gofigures
from .measure import BenchError, Outcome, Stats, run_tracked, summarize, time_command
from .report import (
    GenResult,
    Target,
    cold_generation_targets,
    megabytes,
    micros,
    millis,
    ratio_target,
    regeneration_target,
    seconds,
    table,
    targets_table,
    write_report,
)
from .tools import (
    BENCH_DIR,
    PINS,
    PROJECT_PYTHON,
    ROOT,
    SpecCase,
    Tool,
    base_env,
    ensure_peer_venv,
    java_version,
    ours,
    ours_supports_cache_dir,
    output_size,
    peers,
    relative,
)

OWN_SPEC = ROOT / "spec" / "openapi.yaml"
OWN_CONFIG = ROOT / "spec" / "sdk.yaml"
# (label, file in the specs folder, lenient). Lenient where `python -m generator validate` rejects
# the document: OpenAI (duplicate `required` entries, 3.0-style boolean exclusiveMinimum in 3.1)
# and Cloudflare (dangling $refs). The other three validate cleanly.
BIG_SPECS = (
    ("LlamaCloud", "llamacloud__openapi.json", False),
    ("OpenAI", "openai__openapi.yaml", True),
    ("Stripe spec3", "stripe__spec3.yaml", False),
    ("GitHub", "github__api.github.com.json", False),
    ("Cloudflare", "cloudflare__openapi.yaml", True),
)
QUICK_BIG = "llamacloud__openapi.json"
# The big spec the Go target's generation cost is measured on (issue 21 names Stripe's); --quick
# measures it on QUICK_BIG instead, as it does everything else.
GO_GEN_SPEC = "stripe__spec3.yaml"
SEED_SESSION_ID = "ses-abc123"  # from the example the loopback server replays


def _log(message: str) -> None:
    stamp = datetime.datetime.now().strftime("%H:%M:%S")
    print(f"[bench {stamp}] {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Plan:
    cases: list[SpecCase]
    gen_runs_small: int
    gen_runs_big: int
    regen_case: SpecCase | None
    regen_runs: int
    startup_runs: int
    call_repeats: int
    timeout: float
    go_gen_case: SpecCase
    go_gen_runs: int
    go_rounds: int
    go_calls: int


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.run",
        description="Run the benchmarks and write docs/benchmarks.md (`make bench`).",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke mode: one run of everything, spec/openapi.yaml and LlamaCloud only "
        "(the Go target's generation cost too; Go per-call: 3 rounds × 500 calls)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        metavar="N",
        help="runs per generation figure (default 5 on spec/openapi.yaml, 3 on big specs)",
    )
    parser.add_argument(
        "--specs",
        type=Path,
        default=ROOT.parent / "shared" / "specs",
        help="folder holding the big specs (read in place; default ../shared/specs)",
    )
    parser.add_argument(
        "--regen-spec",
        default="llamacloud__openapi.json",
        help="big spec the regeneration figure edits (file name in --specs)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=600.0,
        help="seconds one generation may take before it is reported as timed out",
    )
    parser.add_argument(
        "--report",
        type=Path,
        default=ROOT / "docs" / "benchmarks.md",
        help="output file",
    )
    return parser


def _plan(args: argparse.Namespace) -> Plan:
    own = SpecCase("spec/openapi.yaml", OWN_SPEC, OWN_CONFIG, False, False)
    wanted = [b for b in BIG_SPECS if not args.quick or b[1] == QUICK_BIG]
    big = [
        SpecCase(label, args.specs / name, None, lenient, True)
        for label, name, lenient in wanted
    ]
    go_spec = QUICK_BIG if args.quick else GO_GEN_SPEC
    go_gen = next(c for c in big if c.path.name == go_spec)
    missing = [str(case.path) for case in big if not case.path.is_file()]
    if missing:
        raise BenchError(f"spec not found: {', '.join(missing)} (see --specs)")
    regen = next((c for c in big if c.path.name == args.regen_spec), None)
    one = 1 if args.quick else None
    return Plan(
        cases=[own, *big],
        gen_runs_small=args.runs or one or 5,
        gen_runs_big=args.runs or one or 3,
        regen_case=regen,
        regen_runs=args.runs or one or 5,
        startup_runs=5 if args.quick else 20,
        call_repeats=3 if args.quick else 7,
        timeout=args.timeout,
        go_gen_case=go_gen,
        go_gen_runs=args.runs or one or 3,
        go_rounds=3 if args.quick else 15,
        go_calls=500 if args.quick else 2000,
    )


# ---------------------------------------------------------------- cold generation


def _generate_once(
    tool: Tool, case: SpecCase, scratch: Path, timeout: float
) -> tuple[Outcome, tuple[int, int]]:
    workdir = Path(tempfile.mkdtemp(prefix="run-", dir=scratch))
    try:
        job = tool.prepare(case, workdir)
        outcome = run_tracked(
            job.command,
            env=job.env,
            cwd=ROOT,
            timeout=timeout,
            log_dir=workdir / "logs",
        )
        size = output_size(job.out, job.modules) if job.out.exists() else (0, 0)
        if outcome.ok and size[0] == 0:
            outcome = replace(outcome, error="exit 0 but no output written")
        return outcome, size
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _command_line(tool: Tool, case: SpecCase, scratch: Path) -> str:
    """The command as the report quotes it, with the scratch folder shown as ``$TMP``."""
    job = tool.prepare(case, scratch / "shown")
    shutil.rmtree(scratch / "shown", ignore_errors=True)
    shown = str(scratch / "shown")
    settings = [
        f"{key}={value}"
        for key, value in sorted(job.env.items())
        if key != "PATH" and os.environ.get(key) != value
    ]
    words = [w.replace(shown, "$TMP") for w in settings + job.command]
    return " ".join(relative(Path(w)) if w.startswith("/") else w for w in words)


def cold_generation(
    tools: Sequence[Tool], plan: Plan, scratch: Path
) -> tuple[list[GenResult], dict[str, str]]:
    results: list[GenResult] = []
    commands: dict[str, str] = {}
    for case in plan.cases:
        runs = plan.gen_runs_big if case.big else plan.gen_runs_small
        results += _cold_on_spec(tools, case, runs, plan.timeout, scratch)
        if case.big and case.lenient:
            commands.setdefault(
                f"{tools[0].name}, lenient specs",
                _command_line(tools[0], case, scratch),
            )
        for tool in tools:
            commands.setdefault(tool.name, _command_line(tool, case, scratch))
    return results, commands


def _cold_on_spec(
    tools: Sequence[Tool], case: SpecCase, runs: int, timeout: float, scratch: Path
) -> list[GenResult]:
    outcomes: dict[str, list[Outcome]] = {t.name: [] for t in tools}
    sizes: dict[str, tuple[int, int]] = {}
    failures = {t.name: t.unavailable for t in tools if t.unavailable}
    # Round-robin over the tools, so noise from other work on the machine hits all of them alike.
    for run in range(runs):
        for tool in tools:
            if tool.name in failures:
                continue  # a failure or timeout repeats; rerunning it only costs time
            _log(f"cold generation {case.label}: {tool.name} run {run + 1}/{runs}")
            outcome, size = _generate_once(tool, case, scratch, timeout)
            outcomes[tool.name].append(outcome)
            if not outcome.ok:
                failures[tool.name] = outcome.error
                _log(f"  failed: {outcome.error}")
            else:
                sizes[tool.name] = size
                _log(
                    f"  {outcome.seconds:.2f} s, {outcome.peak_rss_bytes / 2**20:.0f} MB"
                )
    return [
        _gen_result(
            t.name,
            case.label,
            outcomes[t.name],
            sizes.get(t.name, (0, 0)),
            failures.get(t.name, ""),
        )
        for t in tools
    ]


def _gen_result(
    tool: str, spec: str, outcomes: list[Outcome], size: tuple[int, int], error: str
) -> GenResult:
    good = [o for o in outcomes if o.ok]
    if error or not good:
        return GenResult(tool, spec, None, None, 0, 0, error or "not run")
    return GenResult(
        tool,
        spec,
        summarize([o.seconds for o in good]),
        summarize([o.peak_rss_bytes / 2**20 for o in good]),
        size[0],
        size[1],
        "",
    )


# ---------------------------------------------------------------- regeneration


@dataclass(frozen=True)
class Regeneration:
    spec: str
    edit: str
    seconds: Stats | None
    error: str
    # The first generation of each run: cold (fresh cache and folder), timed in the same loop as
    # the regeneration it precedes, so the ratio compares runs made under the same conditions.
    cold: Stats | None = None


def edit_one_operation(document: dict[str, Any]) -> str:
    """Change one operation the way a spec change usually looks: new wording, one new parameter."""
    methods = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
    for path in sorted(document.get("paths", {})):
        item = document["paths"][path]
        method = next((m for m in methods if isinstance(item.get(m), dict)), None)
        if method is None:
            continue
        operation = item[method]
        operation["summary"] = f"{operation.get('summary', '')} (edited)".strip()
        operation["description"] = (
            f"{operation.get('description', '')}\n\nEdited by the benchmark."
        )
        operation.setdefault("parameters", []).append(
            {
                "name": "bench_probe",
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
                "description": "Added by the benchmark's one-operation edit.",
            }
        )
        return f"`{method.upper()} {path}`: summary and description reworded, optional query parameter `bench_probe` added"
    raise BenchError("no operation to edit")


def _dump(document: dict[str, Any], suffix: str) -> bytes:
    # Both versions go through the same serialiser, so the files differ in the edited operation only.
    if suffix == ".json":
        return json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")
    return yaml.dump(
        document, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True
    ).encode("utf-8")


def _load(path: Path) -> dict[str, Any]:
    data = path.read_bytes()
    loaded = (
        json.loads(data)
        if path.suffix == ".json"
        else yaml.load(data, Loader=yaml.CSafeLoader)
    )
    if not isinstance(loaded, dict):
        raise BenchError(f"{path}: not a mapping")
    return loaded


def regeneration(tool: Tool, plan: Plan, scratch: Path) -> Regeneration | None:
    case = plan.regen_case
    if case is None:
        return None
    original = _load(case.path)
    edited = json.loads(json.dumps(original))
    edit = edit_one_operation(edited)
    times: list[float] = []
    colds: list[float] = []
    for run in range(plan.regen_runs):
        _log(f"regeneration {case.label}: run {run + 1}/{plan.regen_runs}")
        first, outcome = _regenerate_once(
            tool, case, original, edited, scratch, plan.timeout
        )
        if not outcome.ok:
            return Regeneration(case.label, edit, None, outcome.error)
        _log(f"  {outcome.seconds:.2f} s (cold before it: {first.seconds:.2f} s)")
        times.append(outcome.seconds)
        colds.append(first.seconds)
    return Regeneration(case.label, edit, summarize(times), "", summarize(colds))


def _regenerate_once(
    tool: Tool,
    case: SpecCase,
    original: dict[str, Any],
    edited: dict[str, Any],
    scratch: Path,
    timeout: float,
) -> tuple[Outcome, Outcome]:
    """The first generation (cold) and the regeneration after the edit."""
    workdir = Path(tempfile.mkdtemp(prefix="regen-", dir=scratch))
    try:
        copy = workdir / "spec" / case.path.name
        copy.parent.mkdir()
        copy.write_bytes(_dump(original, case.path.suffix))
        job = tool.prepare(case, workdir)
        command = [
            str(copy) if word == str(case.path) else word for word in job.command
        ]
        warm = run_tracked(
            command, env=job.env, cwd=ROOT, timeout=timeout, log_dir=workdir / "warm"
        )
        if not warm.ok:
            return warm, replace(warm, error=f"first generation: {warm.error}")
        copy.write_bytes(_dump(edited, case.path.suffix))
        return warm, run_tracked(
            command, env=job.env, cwd=ROOT, timeout=timeout, log_dir=workdir / "again"
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# ---------------------------------------------------------------- start-up, first response, CLI


def _seed_response() -> dict[str, Any]:
    """The create-session example of spec/openapi.yaml: what the loopback server answers."""
    spec = _load(OWN_SPEC)
    media = spec["paths"]["/api/v1/chat"]["post"]["responses"]["200"]["content"][
        "application/json"
    ]
    value = media["examples"]["session"]["value"]
    assert isinstance(value, dict) and value["session_id"] == SEED_SESSION_ID
    return value


def interleaved(
    commands: dict[str, list[str]], runs: int, env: dict[str, str], cwd: Path
) -> dict[str, Stats]:
    """Median wall time of each command; one warm-up each (bytecode caches), then round-robin."""
    times: dict[str, list[float]] = {label: [] for label in commands}
    for command in commands.values():
        time_command(command, env=env, cwd=cwd)
    for _ in range(runs):
        for label, command in commands.items():
            times[label].append(time_command(command, env=env, cwd=cwd))
    return {label: summarize(values) for label, values in times.items()}


_SDK_FIRST_CALL = f"""
import sys
from llama_cloud import LlamaCloud
chat = LlamaCloud(api_key="bench-key", base_url=sys.argv[1]).beta.chat.create()
assert chat.session_id == {SEED_SESSION_ID!r}, chat
"""

_HTTPX_FIRST_CALL = f"""
import json, sys
import httpx
request = json.loads(sys.argv[2])
reply = httpx.post(sys.argv[1] + request["path"], json=request["body"], headers=request["headers"])
reply.raise_for_status()
assert reply.json()["session_id"] == {SEED_SESSION_ID!r}
"""


def startup(
    plan: Plan, server_url: str, request: CapturedRequest, scratch: Path
) -> dict[str, Stats]:
    python = str(PROJECT_PYTHON)
    cli = str(PROJECT_PYTHON.parent / "llamacloud-prod")
    env = base_env(scratch)
    env.update(LLAMA_CLOUD_BASE_URL=server_url, LLAMA_CLOUD_API_KEY="bench-key")
    raw = json.dumps(
        {"path": request.path, "body": request.body, "headers": request.headers}
    )
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "import httpx; from pydantic import BaseModel": [
            python,
            "-c",
            "import httpx; from pydantic import BaseModel",
        ],
        "import llama_cloud": [python, "-c", "import llama_cloud"],
        "from llama_cloud import LlamaCloud": [
            python,
            "-c",
            "from llama_cloud import LlamaCloud",
        ],
        "first response: llama_cloud": [python, "-c", _SDK_FIRST_CALL, server_url],
        "first response: raw httpx": [python, "-c", _HTTPX_FIRST_CALL, server_url, raw],
        "llamacloud-prod --help": [cli, "--help"],
        "llamacloud-prod beta:chat create": [cli, "beta:chat", "create"],
    }
    _log(
        f"start-up figures: {len(commands)} commands × {plan.startup_runs} runs, interleaved"
    )
    return interleaved(commands, plan.startup_runs, env, scratch)


# ---------------------------------------------------------------- per-call overhead


@dataclass(frozen=True)
class CapturedRequest:
    method: str
    path: str
    body: Any
    headers: dict[str, str]


@dataclass(frozen=True)
class PerCall:
    sdk: Stats
    raw: Stats
    calls_per_repeat: int
    request: CapturedRequest


def per_call(plan: Plan, example: dict[str, Any]) -> PerCall:
    import httpx
    from llama_cloud import LlamaCloud

    payload = json.dumps(example).encode("utf-8")
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=payload, headers={"content-type": "application/json"}
        )

    def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(request)

    transport = httpx.MockTransport(answer)
    # The generated client takes any httpx.Client as http_client= (see generated/llama_cloud/_client.py's base).
    client = LlamaCloud(
        api_key="bench-key",
        base_url="http://bench.test",
        http_client=httpx.Client(transport=transport),
    )
    request = _capture(LlamaCloud, httpx.MockTransport(recording), seen)
    raw_http = httpx.Client(transport=transport)
    url = f"http://bench.test{request.path}"

    def sdk_call() -> None:
        client.beta.chat.create()

    def raw_call() -> None:
        reply = raw_http.request(
            request.method, url, json=request.body, headers=request.headers
        )
        reply.raise_for_status()
        reply.json()

    _same_request(request, raw_http, url, recording, seen)
    return _time_calls(sdk_call, raw_call, plan.call_repeats, request)


def _capture(client_class: Any, transport: Any, seen: list[Any]) -> CapturedRequest:
    import httpx

    client_class(
        api_key="bench-key",
        base_url="http://bench.test",
        http_client=httpx.Client(transport=transport),
    ).beta.chat.create()
    sent = seen.pop()
    skip = {"host", "content-length"}  # httpx sets these itself on every request
    headers = {k: v for k, v in sent.headers.items() if k.lower() not in skip}
    body = json.loads(sent.content) if sent.content else None
    return CapturedRequest(
        sent.method, sent.url.raw_path.decode("ascii"), body, headers
    )


def _same_request(
    request: CapturedRequest,
    raw_http: Any,
    url: str,
    recording: Callable[[Any], Any],
    seen: list[Any],
) -> None:
    """The raw call must send what the SDK sends, or the comparison means nothing."""
    import httpx

    probe = httpx.Client(transport=httpx.MockTransport(recording))
    probe.request(request.method, url, json=request.body, headers=request.headers)
    sent = seen.pop()
    sent_headers = {
        k: v
        for k, v in sent.headers.items()
        if k.lower() not in {"host", "content-length"}
    }
    same = (
        sent.method == request.method
        and sent.url.raw_path.decode("ascii") == request.path
        and (json.loads(sent.content) if sent.content else None) == request.body
        and {k.lower(): v for k, v in sent_headers.items()}
        == {k.lower(): v for k, v in request.headers.items()}
    )
    if not same:
        raise BenchError(
            f"raw httpx request differs from the SDK's: {sent!r} {dict(sent.headers)} vs {request}"
        )


def _time_calls(
    sdk_call: Callable[[], None],
    raw_call: Callable[[], None],
    repeats: int,
    request: CapturedRequest,
) -> PerCall:
    number, _ = timeit.Timer(sdk_call).autorange()  # ≥ 0.2 s per repeat
    sdk_times: list[float] = []
    raw_times: list[float] = []
    _log(f"per-call overhead: {repeats} repeats × {number} calls each, interleaved")
    for _ in range(repeats):
        sdk_times.append(timeit.timeit(sdk_call, number=number) / number)
        raw_times.append(timeit.timeit(raw_call, number=number) / number)
    return PerCall(summarize(sdk_times), summarize(raw_times), number, request)


# ---------------------------------------------------------------- machine and report


def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    ram_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "ram": f"{ram_kb / 2**20:.1f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "java": java_version(),
        "load": _load_average(),
    }


def _load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _versions() -> str:
    names = ("black", "openapi-spec-validator", "jinja2", "httpx", "pydantic", "click")
    ours_side = ", ".join(f"{n} {metadata.version(n)}" for n in names)
    peer_side = ", ".join(f"{n} {v}" for n, v in PINS.items())
    return f"ours: {ours_side}; peers (`.bench/venv`): {peer_side}"


@dataclass
class Results:
    argv: list[str]
    started: str
    minutes: float
    machine: dict[str, str]
    load_end: str
    tools: list[Tool]
    gen: list[GenResult]
    commands: dict[str, str]
    regen: Regeneration | None
    start: dict[str, Stats]
    call: PerCall
    plan: Plan
    go_call: gofigures.GoPerCall | str
    go_gen: gofigures.GoGeneration


def evaluate(r: Results) -> list[Target]:
    big = [c.label for c in r.plan.cases if c.big]
    targets = cold_generation_targets(r.gen, big, r.tools[0].name)
    if r.regen is not None:
        targets.append(
            regeneration_target(
                r.regen.spec, r.regen.seconds, r.regen.error, r.regen.cold
            )
        )
    targets.append(
        ratio_target(
            "`import llama_cloud` ≤ 1.2 × `import httpx; from pydantic import BaseModel`",
            r.start["import llama_cloud"],
            r.start["import httpx; from pydantic import BaseModel"],
            1.2,
            "ms",
        )
    )
    targets.append(
        ratio_target(
            "per-call overhead ≤ 1.5 × raw httpx", r.call.sdk, r.call.raw, 1.5, "us"
        )
    )
    targets.append(gofigures.per_call_target(r.go_call))
    targets.append(gofigures.generation_target(r.go_gen))
    targets.append(
        ratio_target(
            "`llamacloud-prod --help` ≤ 2 × bare Python start-up",
            r.start["llamacloud-prod --help"],
            r.start["python -c pass"],
            2.0,
            "ms",
        )
    )
    return targets


def render(r: Results) -> str:
    parts = [_header(r), "## Targets", targets_table(evaluate(r))]
    parts += _generation_section(r)
    parts += _regeneration_section(r)
    parts += _startup_section(r)
    parts += _per_call_section(r)
    parts += _cli_section(r)
    parts += gofigures.section(r.go_call, r.go_gen, r.plan.go_gen_runs)
    parts += _commands_section(r)
    return "\n\n".join(parts) + "\n"


def _header(r: Results) -> str:
    m = r.machine
    return "\n".join(
        [
            "# Benchmarks",
            "",
            "Written by `make bench` (`tests/bench/run.py`); do not edit above the marker at the end. "
            "Each figure: median of the runs, (min–max). Compared commands ran interleaved in the "
            "same run. Peak memory: resident memory of the whole process tree (children of children "
            "included), sampled every 50 ms, at least the kernel's high-water mark of its largest process.",
            "",
            f"* Command: `python -m tests.bench.run{''.join(' ' + a for a in r.argv)}`",
            f"* Date: {r.started} (UTC); run time {r.minutes:.1f} min",
            f"* Machine: {m['cores']} cores, {m['cpu']}, {m['ram']} RAM; {m['os']}",
            f"* Load average (1/5/15 min) at the start: {m['load']}; at the end: {r.load_end} "
            "(other engineers work on this machine: figures are noisy, ratios within one run hold better)",
            f"* Python {m['python']}; {m['java']}; generator {r.tools[0].version}",
            f"* Versions: {_versions()}",
        ]
    )


def _generation_section(r: Results) -> list[str]:
    rows = []
    for g in r.gen:
        if g.ok and g.seconds and g.peak_mb:
            rows.append(
                (
                    g.spec,
                    g.tool,
                    seconds(g.seconds),
                    megabytes(g.peak_mb),
                    str(g.files),
                    f"{g.py_lines:,}",
                    str(g.seconds.runs),
                )
            )
        else:
            rows.append((g.spec, g.tool, f"**failed**: {g.error}", "–", "–", "–", "–"))
    notes = [f"* {t.name} {t.version}: {t.note}" for t in r.tools]
    return [
        "## 1. Cold generation",
        "Load + validate + generate + format + write into a fresh output folder, with every cache "
        "(ours: `GENERATOR_CACHE_DIR`; `XDG_CACHE_HOME` for all) pointed at a fresh empty folder. "
        f"Runs: {r.plan.gen_runs_small} on spec/openapi.yaml, {r.plan.gen_runs_big} per big spec; "
        f"timeout {r.plan.timeout:.0f} s. A tool that fails or times out is not run again on that spec.",
        table(
            ("spec", "tool", "seconds", "peak memory", "files", ".py lines", "runs"),
            rows,
        ),
        "What each tool writes:\n\n" + "\n".join(notes),
    ]


def _regeneration_section(r: Results) -> list[str]:
    if r.regen is None:
        return [
            "## 2. Regeneration",
            "_Not run: the regeneration spec was not in this run._",
        ]
    g = r.regen
    figure = seconds(g.seconds) if g.seconds else f"**failed**: {g.error}"
    section_1 = next(
        (x for x in r.gen if x.tool == r.tools[0].name and x.spec == g.spec), None
    )
    rows = []
    for label, cold in (
        ("cold, the first generation of each run", g.cold),
        ("cold, section 1", section_1.seconds if section_1 else None),
    ):
        ratio = f"{g.seconds.median / cold.median:.2f}×" if g.seconds and cold else "–"
        rows.append((label, seconds(cold) if cold else "–", ratio))
    return [
        "## 2. Regeneration",
        f"Ours, {g.spec}: generate once into a fresh output folder with a fresh cache (a cold "
        f"generation, timed too), apply a one-operation edit to a copy of the spec ({g.edit}), "
        "generate again into the same folder, timed. Both copies are written by the same "
        "serialiser, so they differ in that operation only. The target compares each "
        "regeneration with the cold generation of its own run, measured seconds apart under the "
        "same load; section 1's cold figure, measured minutes earlier, is shown beside it.",
        f"Regeneration: {figure}.",
        table(("compared with", "seconds", "regeneration / cold"), rows),
    ]


def _startup_section(r: Results) -> list[str]:
    s = r.start
    base = s["python -c pass"].median
    rows = [
        (f"`{label}`", millis(s[label]), f"{s[label].median / base:.2f}×")
        for label in (
            "python -c pass",
            "import httpx; from pydantic import BaseModel",
            "import llama_cloud",
            "from llama_cloud import LlamaCloud",
        )
    ]
    first = [
        (label.split(": ", 1)[1], millis(s[label]))
        for label in ("first response: llama_cloud", "first response: raw httpx")
    ]
    return [
        "## 3. Import cost and cold start to a first response",
        f"Fresh `{relative(PROJECT_PYTHON)} -c ...` processes, {r.plan.startup_runs} runs each after "
        "one warm-up (bytecode caches written), interleaved. `llama_cloud` is `generated/`, installed "
        "editable. `from llama_cloud import LlamaCloud` is what a user's first line costs; the issue's "
        "target is on `import llama_cloud`.",
        table(("command", "wall time", "vs `python -c pass`"), rows),
        "Cold start to a first response: a fresh process imports the package, builds a client for "
        "a loopback server (started by the script, answering the create-session example of "
        "spec/openapi.yaml) and makes one `client.beta.chat.create()` call (the seed's Python "
        "example); beside it a fresh process doing the same request with `httpx.post`.",
        table(("process", "wall time"), first),
    ]


def _per_call_section(r: Results) -> list[str]:
    c = r.call
    return [
        "## 4. Per-call overhead",
        f"In-process `client.beta.chat.create()` against `llama_cloud.LlamaCloud(http_client="
        f"httpx.Client(transport=httpx.MockTransport(...)))` beside a raw `httpx.Client` on the same "
        f"transport sending the same request ({c.request.method} {c.request.path}, body "
        f"{_body_text(c.request.body)}, the same headers; checked before timing) and parsing the "
        f"JSON reply. `timeit`: {c.sdk.runs} repeats × {c.calls_per_repeat} calls, interleaved.",
        table(
            ("call", "per call", "ratio"),
            [
                (
                    "`client.beta.chat.create()`",
                    micros(c.sdk),
                    f"{c.sdk.median / c.raw.median:.2f}×",
                ),
                ("raw `httpx.Client.request` + `.json()`", micros(c.raw), "1.00×"),
            ],
        ),
    ]


def _body_text(body: Any) -> str:
    return "none" if body is None else f"`{json.dumps(body)}`"


def _cli_section(r: Results) -> list[str]:
    s = r.start
    base = s["python -c pass"].median
    labels = (
        "python -c pass",
        "llamacloud-prod --help",
        "llamacloud-prod beta:chat create",
    )
    return [
        "## 5. CLI",
        "The console script in `.venv/bin`; `beta:chat create` calls the loopback server "
        "(`LLAMA_CLOUD_BASE_URL`, `LLAMA_CLOUD_API_KEY` set). Same interleaved runs as section 3.",
        table(
            ("command", "wall time", "vs `python -c pass`"),
            [
                (f"`{label}`", millis(s[label]), f"{s[label].median / base:.2f}×")
                for label in labels
            ],
        ),
    ]


def _commands_section(r: Results) -> list[str]:
    rows = [(name, f"`{line}`") for name, line in r.commands.items()]
    return [
        "## Command lines",
        "Exactly what each generator ran (`$TMP` is a fresh folder per run).",
        table(("tool", "command"), rows),
    ]


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        plan = _plan(args)
        results = _run(plan, list(sys.argv[1:] if argv is None else argv))
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    write_report(args.report, render(results))
    _save_raw(results)
    _log(f"wrote {relative(args.report)}")
    return 0


def _run(plan: Plan, argv: list[str]) -> Results:
    from tests.support.server import Reply, running

    started = time.monotonic()
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
    host = machine()
    tools = [ours(ours_supports_cache_dir()), *peers(ensure_peer_venv(_log))]
    BENCH_DIR.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-", dir=BENCH_DIR) as tmp:
        scratch = Path(tmp)
        gen, commands = cold_generation(tools, plan, scratch)
        regen = regeneration(tools[0], plan, scratch)
        example = _seed_response()
        call = per_call(plan, example)
        _log(
            f"Go per-call overhead: {plan.go_rounds} rounds × {plan.go_calls} calls each way"
        )
        go_call = gofigures.per_call(example, plan.go_rounds, plan.go_calls, scratch)
        if isinstance(go_call, str):
            _log(f"  {go_call}")
        go_gen = gofigures.generation(
            tools[0], plan.go_gen_case, plan.go_gen_runs, plan.timeout, scratch, _log
        )
        with running(Reply(200, example)) as server:
            start = startup(plan, server.url, call.request, scratch)
    return Results(
        argv,
        when,
        (time.monotonic() - started) / 60,
        host,
        _load_average(),
        tools,
        gen,
        commands,
        regen,
        start,
        call,
        plan,
        go_call,
        go_gen,
    )


def _save_raw(results: Results) -> None:
    """Every number behind the report, for whoever profiles next."""
    raw = {
        "gen": [asdict(g) for g in results.gen],
        "regen": asdict(results.regen) if results.regen else None,
        "start": {k: asdict(v) for k, v in results.start.items()},
        "call": {"sdk": asdict(results.call.sdk), "raw": asdict(results.call.raw)},
        "go_call": (
            results.go_call
            if isinstance(results.go_call, str)
            else asdict(results.go_call)
        ),
        "go_gen": asdict(results.go_gen),
        "targets": [asdict(t) for t in evaluate(results)],
    }
    (BENCH_DIR / "last-run.json").write_text(json.dumps(raw, indent=1))


if __name__ == "__main__":
    sys.exit(main())
