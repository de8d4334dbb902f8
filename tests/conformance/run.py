"""Conformance run: call every operation of generated SDKs against Prism → ``docs/conformance.md``.

    python -m tests.conformance.run [--specs DIR] [--only NAME ...] [--report FILE] [--json FILE]

For each spec of ``SPEC_SET`` (read in place from ``--specs``): generate the SDK into a temporary
folder, plan the calls (``plan.py``), start Prism on the spec, run every call in one subprocess
(``_caller.py``), stop Prism, and classify each call (``classify.py``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .classify import (
    CLASSES,
    EXAMPLE_BREAKS,
    HARNESS,
    OK,
    SDK_CLASSES,
    Verdict,
    classify,
)
from .plan import Call, credentials_for, plan_calls
from .prism import Prism, PrismError
from .specdoc import SpecDoc

ROOT = Path(__file__).resolve().parents[2]
CALLER = Path(__file__).with_name("_caller.py")
PRISM_VERSION = "5.16.0"


@dataclass(frozen=True)
class SpecEntry:
    label: str
    file: str
    lenient: bool = False


# The set `make conformance` runs: the six, plus specs that stress other features.
SPEC_SET: tuple[SpecEntry, ...] = (
    SpecEntry("Swagger Petstore", "swagger-petstore__openapi.yaml"),
    SpecEntry("OAI petstore", "oai__petstore.yaml"),
    SpecEntry("LlamaCloud", "llamacloud__openapi.json"),
    SpecEntry("OpenAI", "openai__openapi.yaml", lenient=True),
    SpecEntry("GitHub", "github__api.github.com.json", lenient=True),
    SpecEntry("Spotify", "spotify__fixed-spotify-open-api.yml", lenient=True),
    SpecEntry("Twilio API 2010", "twilio__twilio_api_v2010.json", lenient=True),
    SpecEntry("Twilio Messaging", "twilio__twilio_messaging_v1.json", lenient=True),
)


@dataclass
class OpResult:
    op: str
    operation_id: str | None
    verdict: Verdict
    variant: str  # which call gave the verdict
    notes: list[str] = field(default_factory=list)


@dataclass
class SpecResult:
    label: str
    file: str
    lenient: bool
    seconds: float = 0.0
    error: str = ""
    calls: int = 0
    ops: list[OpResult] = field(default_factory=list)
    extra_credentials: int = 0
    retried: int = 0  # calls asked again of a Prism that ignores examples
    # Seconds per stage: generate, plan, Prism's start, the calls.
    stages: dict[str, float] = field(default_factory=dict)

    def counts(self) -> Counter[str]:
        return Counter(r.verdict.klass for r in self.ops)

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "file": self.file,
            "lenient": self.lenient,
            "seconds": round(self.seconds, 1),
            "error": self.error,
            "calls": self.calls,
            "extra_credentials": self.extra_credentials,
            "retried": self.retried,
            "stages": {k: round(v, 1) for k, v in self.stages.items()},
            "counts": dict(self.counts()),
            "ops": [
                {
                    "op": r.op,
                    "operation_id": r.operation_id,
                    "class": r.verdict.klass,
                    "cause": r.verdict.cause,
                    "detail": r.verdict.detail,
                    "variant": r.variant,
                }
                for r in self.ops
            ],
        }


def run_spec(
    spec: Path,
    label: str,
    lenient: bool,
    keep: Path | None = None,
    mutate: Callable[[Path], None] | None = None,
) -> SpecResult:
    """``mutate`` may change the generated tree before the calls (the suite's own tests break
    an SDK on purpose to see the suite notice)."""
    from generator.diagnostics import GenerationError
    from generator.emit.write import write_tree
    from generator.pipeline import generate

    result = SpecResult(label, spec.name, lenient)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="conformance-"))
    try:
        try:
            generated = generate(spec, None, lenient=lenient)
        except GenerationError as exc:
            first = exc.diagnostics[0].format() if exc.diagnostics else str(exc)
            result.error = f"generation refused: {first}"
            return result
        out = work / "out"
        write_tree(out, generated.files)
        if mutate is not None:
            mutate(out)
        result.stages["generate"] = time.perf_counter() - started
        api = generated.api
        mark = time.perf_counter()
        doc = SpecDoc(spec)
        calls = plan_calls(api, doc)
        result.stages["plan"] = time.perf_counter() - mark
        result.calls = len(calls)
        result.extra_credentials = sum(1 for c in calls if c.options)
        served = _prism_copy(doc, work / "served.json")
        records = _call_all(result, served, out, work / "first", api, calls)
        # Where Prism could not answer because the spec's own example breaks its schema, ask a
        # second Prism that ignores examples (it builds the body from the schema), so the
        # response side of those operations is still exercised.
        retry = [
            c
            for c in calls
            if EXAMPLE_BREAKS in _safe_classify(c, records.get(c.id), doc).cause
        ]
        if retry:
            again = _call_all(
                result, served, out, work / "retry", api, retry, ("--ignoreExamples",)
            )
            records.update(again)
        result.retried = len(retry)
        result.ops = _by_operation(calls, records, doc, frozenset(c.id for c in retry))
    except PrismError as exc:
        result.error = str(exc)
    finally:
        result.seconds = time.perf_counter() - started
        if keep is not None:
            shutil.copytree(work, keep / spec.stem, dirs_exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    return result


def _call_all(
    result: SpecResult,
    served: Path,
    out: Path,
    work: Path,
    api: Any,
    calls: list[Call],
    flags: tuple[str, ...] = (),
) -> dict[str, dict[str, Any]]:
    """Every call of ``calls`` against a Prism of its own; the records by call id."""
    work.mkdir()
    plan_path, results_path = work / "plan.json", work / "results.jsonl"
    suffix = " (retry)" if flags else ""
    with Prism(served, work / "prism.log", flags) as prism:
        result.stages["prism start" + suffix] = prism.startup_seconds
        mark = time.perf_counter()
        plan_path.write_text(
            json.dumps(
                {
                    "package": api.package,
                    "client_class": api.client_class,
                    "base_url": prism.url,
                    "credentials": credentials_for(api),
                    "calls": [c.to_json() for c in calls],
                }
            ),
            encoding="utf-8",
        )
        _run_caller(out, plan_path, results_path, len(calls))
        result.stages["calls" + suffix] = time.perf_counter() - mark
    return _records(results_path)


def _safe_classify(call: Call, record: dict[str, Any] | None, doc: SpecDoc) -> Verdict:
    try:
        return classify(call, record, doc)
    except (
        Exception
    ) as exc:  # noqa: BLE001 - one call's odd record must not end the run
        return Verdict(HARNESS, "the classifier failed", f"{type(exc).__name__}: {exc}")


def _prism_copy(doc: SpecDoc, path: Path) -> Path:
    """The spec as Prism gets it: a copy without ``$ref``s that are not local. Prism resolves
    every ``$ref`` it meets, even a literal ``$ref`` key inside an example value (GitHub has URLs
    there), and would try to download them; an external file ref (Spotify's, inside an ``x-``
    extension) would not resolve beside the copy either. Only this copy changes; the checks read
    the spec itself."""

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: strip(v)
                for k, v in node.items()
                if not (k == "$ref" and not (isinstance(v, str) and v.startswith("#")))
            }
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    path.write_text(json.dumps(strip(doc.root), default=str), encoding="utf-8")
    return path


def _run_caller(out: Path, plan: Path, results: Path, count: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(out)}
    env.pop("PYTHONSTARTUP", None)
    try:
        subprocess.run(
            [sys.executable, str(CALLER), str(plan), str(results)],
            cwd=out,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(plan.parent / "caller.stderr").open("w"),
            timeout=60 + count * 35,
        )
    except subprocess.TimeoutExpired:
        pass  # the calls it finished are in ``results``; the others count as having no result


def _records(path: Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        out[record["id"]] = record
    return out


def _by_operation(
    calls: list[Call],
    records: dict[str, dict[str, Any]],
    doc: SpecDoc,
    retried: frozenset[str] = frozenset(),
) -> list[OpResult]:
    """One result per operation: its first call that is not ok (the required pass first)."""
    by_op: dict[str, OpResult] = {}
    for call in calls:
        verdict = _safe_classify(call, records.get(call.id), doc)
        if call.id in retried and verdict.klass != OK:
            verdict.detail += (
                " (answered by a Prism with --ignoreExamples: the spec's example breaks its"
                " schema)"
            )
        current = by_op.get(call.op)
        if current is None or (current.verdict.klass == OK and verdict.klass != OK):
            by_op[call.op] = OpResult(
                call.op, call.operation_id, verdict, call.variant, list(call.notes)
            )
    return list(by_op.values())


# -------------------------------------------------------------------------------- report


def sdk_failures(result: SpecResult) -> list[OpResult]:
    return [r for r in result.ops if r.verdict.klass in SDK_CLASSES]


def render(results: list[SpecResult], commit: str) -> str:
    today = datetime.date.today().isoformat()
    lines = [
        "# Conformance: every operation called against Prism",
        "",
        f"Written by `make conformance` on {today} (generator at `{commit}`, Prism "
        f"{PRISM_VERSION} `mock --errors`). For each spec the SDK is generated, then every "
        "operation is called through the client's public methods with "
        "`strict_response_validation=True`: once with the required arguments, once with the "
        "optional ones too, values synthesised from the spec's schemas. An operation counts "
        "under the class of its first call that is not ok. See docs/design.md, *Conformance*, for "
        "the classes and how blame is decided.",
        "",
        "| spec | operations | ok | "
        + " | ".join(c for c in CLASSES if c != OK)
        + " | calls | seconds (generate, Prism start, calls) |",
        "|---|---:|---:|" + "---:|" * (len(CLASSES) - 1) + "---:|---:|",
    ]
    for r in results:
        counts = r.counts()
        name = f"{r.label} (`{r.file}`{', lenient' if r.lenient else ''})"
        if r.error:
            lines.append(
                f"| {name} | – | – |"
                + " – |" * (len(CLASSES) - 1)
                + f" – | {r.seconds:.0f} |"
            )
            continue
        stages = ", ".join(
            f"{r.stages.get(k, 0):.0f}" for k in ("generate", "prism start", "calls")
        )
        lines.append(
            f"| {name} | {len(r.ops)} | {counts.get(OK, 0)} | "
            + " | ".join(str(counts.get(c, 0)) for c in CLASSES if c != OK)
            + f" | {r.calls} | {r.seconds:.0f} ({stages}) |"
        )
    errors = [r for r in results if r.error]
    if errors:
        lines += ["", "Not run:", ""]
        lines += [f"* {r.label}: {r.error}" for r in errors]
    credentials = [r for r in results if r.extra_credentials]
    if credentials:
        lines += [
            "",
            "Calls that needed a credential the client does not send itself (sent per call with "
            "`extra_headers`/`extra_query`, as the client's docs tell a user to): "
            + ", ".join(f"{r.label} {r.extra_credentials}" for r in credentials)
            + ".",
        ]
    lines += ["", "## SDK-attributed failures, by cause", ""]
    any_failure = False
    for r in results:
        failures = sdk_failures(r)
        if not failures:
            continue
        any_failure = True
        lines += [f"### {r.label}", ""]
        for (klass, cause), group in _groups(failures):
            lines.append(f"* **{klass}** — {_md(cause)} ({len(group)})")
            for f in group:
                op = f"`{f.op}`" + (f" ({f.operation_id})" if f.operation_id else "")
                lines.append(f"  * {op} [{f.variant}]: {_md(f.verdict.detail)[:500]}")
        lines.append("")
    if not any_failure:
        lines.append("None.")
        lines.append("")
    lines += ["## Not attributable to the SDK, by reason", ""]
    for r in results:
        others = [x for x in r.ops if x.verdict.klass not in (OK, *SDK_CLASSES)]
        if not others:
            continue
        lines += [f"### {r.label}", ""]
        for (klass, cause), group in _groups(others):
            ops = ", ".join(f"`{g.op}`" for g in group[:8])
            more = f" and {len(group) - 8} more" if len(group) > 8 else ""
            lines.append(
                f"* {klass}: {_md(cause)} ({len(group)}): {ops}{more}; e.g. "
                f"{_md(group[0].verdict.detail)[:300]}"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _groups(items: list[OpResult]) -> list[tuple[tuple[str, str], list[OpResult]]]:
    groups: dict[tuple[str, str], list[OpResult]] = {}
    for item in items:
        groups.setdefault((item.verdict.klass, item.verdict.cause), []).append(item)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.conformance.run")
    parser.add_argument("--specs", type=Path, default=ROOT.parent / "shared" / "specs")
    parser.add_argument("--only", nargs="*", default=[], help="file name substrings")
    parser.add_argument("--report", type=Path, default=ROOT / "docs" / "conformance.md")
    parser.add_argument(
        "--json", type=Path, default=None, help="also write every verdict"
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="keep work folders here"
    )
    args = parser.parse_args(argv)
    results: list[SpecResult] = []
    for entry in SPEC_SET:
        if args.only and not any(s in entry.file for s in args.only):
            continue
        spec = args.specs / entry.file
        if not spec.exists():
            results.append(
                SpecResult(entry.label, entry.file, entry.lenient, error="not found")
            )
            continue
        print(f"{entry.label}: ", end="", flush=True)
        result = run_spec(spec, entry.label, entry.lenient, args.keep)
        counts = result.counts()
        print(
            result.error
            or ", ".join(f"{k} {v}" for k, v in counts.most_common())
            + f" ({len(result.ops)} operations, {result.calls} calls, {result.seconds:.0f} s: "
            + ", ".join(f"{k} {v:.0f}" for k, v in result.stages.items())
            + ")",
            flush=True,
        )
        results.append(result)
    args.report.write_text(render(results, _commit()), encoding="utf-8")
    if args.json:
        args.json.write_text(
            json.dumps([r.to_json() for r in results], indent=1), encoding="utf-8"
        )
    print(f"wrote {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
