"""Corpus run: generate an SDK for every spec in a folder and write ``docs/corpus.md``.

    python -m tests.corpus.run [--specs DIR] [--report FILE] [--mypy] [--only SUBSTRING ...]

Specs are read in place (never copied). Each spec runs in its own process (``_worker.py``) with a
timeout, so one crash or hang cannot stop the run: generate (lenient: these are strangers'
documents) into a temporary folder, compile and import every module in a fresh interpreter,
compare the spec's operations with the client's methods and the CLI's commands. mypy --strict
runs on every package from a spec under 200 KB, and on all of them with ``--mypy``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ._worker import GO_TIMEOUT, JAVA_TIMEOUT
from .spec_ops import pointer_escape

ROOT = Path(__file__).resolve().parents[2]
SPEC_SUFFIXES = (".yaml", ".yml", ".json")
SMALL = 200 * 1024  # mypy always runs below this size


def default_jobs() -> int:
    """Specs run at once by default: every core this process may use (each spec is its own
    process; the biggest documents peak at about 0.5 GB while generating)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def find_specs(folder: Path) -> list[Path]:
    return sorted(
        (
            p
            for p in folder.iterdir()
            if p.is_file() and p.suffix.lower() in SPEC_SUFFIXES
        ),
        key=lambda p: p.name,
    )


def _stage(result_json: Path) -> str:
    try:
        return str(
            json.loads(result_json.read_text(encoding="utf-8")).get("stage", "start")
        )
    except (OSError, ValueError):
        return "start"


def _stack(stderr: str, frames: int = 5) -> str:
    """Where a killed worker was, from its faulthandler dump: the innermost frame, then the
    innermost frames in ``generator/``."""
    parsed = []
    for line in stderr.splitlines():
        line = line.strip()
        if not line.startswith("File "):
            continue
        # File "/work/main/generator/ir/schemas.py", line 120 in _convert
        path, _, rest = line[len("File ") :].partition(", line ")
        path = path.strip('"')
        number, _, func = rest.partition(" in ")
        mine = "/generator/" in path
        rel = (
            "generator/" + path.split("/generator/", 1)[-1] if mine else Path(path).name
        )
        parsed.append((mine, f"{rel}:{number} {func}"))
    if not parsed:
        return ""
    ours = [text for is_ours, text in parsed if is_ours][:frames]
    innermost = parsed[0][1]
    shown = ours if ours and ours[0] == innermost else [innermost, *ours]
    return "; stack (innermost first): " + " ← ".join(f"`{t}`" for t in shown)


def run_one(
    spec: Path,
    *,
    mypy: bool,
    timeout: float,
    mypy_timeout: float,
    go: bool = False,
    java: bool = False,
) -> dict[str, Any]:
    """One spec in a worker process; the worker's own JSON plus what the parent saw."""
    work = Path(tempfile.mkdtemp(prefix="corpus-"))
    result_json = work / "result.json"
    cmd = [
        sys.executable,
        "-m",
        "tests.corpus._worker",
        str(spec),
        str(work),
        str(result_json),
        "--probe-timeout",
        str(timeout),
        "--mypy-timeout",
        str(mypy_timeout),
    ]
    if mypy:
        cmd.append("--mypy")
    if go:
        cmd.append("--go")
    if java:
        cmd.append("--java")
    # Generation gets ``timeout`` seconds; the whole worker (probe, Go, Java and mypy included)
    # ``limit``.
    limit = (
        timeout * 2
        + (mypy_timeout if mypy else 0)
        + (3 * GO_TIMEOUT if go else 0)
        + (JAVA_TIMEOUT if java else 0)
        + 60
    )
    started = time.perf_counter()
    stderr_path = work / "stderr.txt"
    with stderr_path.open("w") as stderr_file:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=stderr_file,
            start_new_session=True,  # its own process group: a timeout kills the probe and mypy too
        )
    timed_out = ""
    while proc.poll() is None:
        elapsed = time.perf_counter() - started
        if elapsed > limit or (elapsed > timeout and _stage(result_json) == "generate"):
            timed_out = f"killed after {elapsed:.0f} s in stage {_stage(result_json)}"
            os.kill(
                proc.pid, signal.SIGUSR1
            )  # the worker dumps its stack (faulthandler)
            time.sleep(2)
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            break
        time.sleep(1)
    stderr = stderr_path.read_text(errors="replace")
    wall = time.perf_counter() - started
    data: dict[str, Any] = {}
    if result_json.exists():
        try:
            data = json.loads(result_json.read_text(encoding="utf-8"))
        except ValueError:
            data = {}
    shutil.rmtree(work, ignore_errors=True)
    data["name"] = spec.name
    data["size"] = spec.stat().st_size
    data["wall_seconds"] = round(wall, 1)
    stage = data.get("stage", "start")
    if timed_out:
        data["timeout"] = timed_out + _stack(stderr)
        if stage in ("start", "generate"):
            data["result"] = "timeout"
    elif proc.returncode != 0 and stage != "done":
        last = [line for line in (stderr or "").splitlines() if line.strip()]
        data["result"] = "failed"
        data["reason"] = f"worker exited {proc.returncode} in stage {stage}" + (
            f": {last[-1][:200]}" if last else ""
        )
    if "openapi" not in data:
        from .spec_ops import spec_facts

        data.update(spec_facts(spec))
    return data


# ---------------------------------------------------------------------------------------- judge


def judge(row: dict[str, Any]) -> None:
    """Settle ``status`` (ok / refused / failed / timeout), ``status_text`` and ``findings``."""
    findings: list[str] = []
    spec_ops = set(row.get("spec_ops", []))
    methods = set(row.get("methods", []))
    probe = row.get("probe") or {}
    result = row.get("result", "failed")
    if result == "timeout":
        row["status"], row["status_text"] = "timeout", "timeout"
        findings.append(row.get("timeout", "timed out"))
    elif result == "refused":
        row["status"] = "refused"
        reason = row.get("reason", "")
        if row.get("openapi", "").startswith("swagger"):
            row["status_text"] = "refused (Swagger 2.0)"
        else:
            row["status_text"] = "refused: " + _short(reason)
            findings.append(
                f"refused ({row.get('errors', 1)} error(s)); first: `{reason}`"
            )
    elif result != "generated":
        row["status"], row["status_text"] = "failed", "failed: " + _short(
            row.get("reason", "?")
        )
        findings.append(f"generator crashed: `{row.get('reason', '?')}`")
    else:
        problems: list[str] = []
        missing = sorted(spec_ops - methods)
        extra = sorted(methods - spec_ops)
        cli = probe.get("cli")
        cli_set = {f"{m} {p}" for m, p in cli} if cli is not None else set()
        missing_cli = sorted(methods - cli_set) if cli is not None else []
        row["cli_count"] = len(cli) if cli is not None else None
        if missing:
            problems.append(f"{len(missing)} op(s) missing")
            for key in missing:
                method, _, path = key.partition(" ")
                findings.append(
                    f"operation missing from the client: `{key}` (`/paths/{pointer_escape(path)}/{method}`)"
                )
        if extra:
            findings.append(
                f"{len(extra)} method(s) not counted in the spec's paths: "
                + ", ".join(f"`{k}`" for k in extra[:5])
            )
        if cli is None:
            problems.append("no CLI table")
            findings.append(
                f"CLI command table did not import: `{probe.get('cli_error') or probe.get('error', '?')}`"
            )
        elif missing_cli:
            problems.append(f"{len(missing_cli)} CLI command(s) missing")
            for key in missing_cli[:10]:
                findings.append(f"method without a CLI command: `{key}`")
        if "error" in probe:
            problems.append("import check failed")
            findings.append(f"import check: {probe['error']}")
        for failure in probe.get("compile_failures", []):
            findings.append(
                f"does not compile: `{failure['file']}`: {failure['error']}"
                + (
                    f" — `{failure['where']}`: `{failure['line']}`"
                    if failure.get("line")
                    else ""
                )
            )
        if probe.get("compile_failures"):
            problems.append(f"{len(probe['compile_failures'])} file(s) do not compile")
        imports = probe.get("import_failures", [])
        if imports:
            problems.append(f"{len(imports)} module(s) fail to import")
            for failure in imports[:10]:
                where = (
                    f" at `{failure['where']}`: `{failure['line']}`"
                    if failure.get("where")
                    else ""
                )
                findings.append(
                    f"import `{failure['module']}`: {failure['error']}{where}"
                )
            if len(imports) > 10:
                findings.append(
                    f"… and {len(imports) - 10} more module(s) fail to import"
                )
        if problems:
            row["status"], row["status_text"] = "failed", "failed: " + "; ".join(
                problems
            )
        else:
            row["status"], row["status_text"] = "ok", "ok"
    go = row.get("go")
    if go and go.get("status") != "ok":
        findings.append(f"Go SDK {go.get('status')}: `{go.get('error', '')}`")
    if go and go.get("left_out"):
        findings.append(
            f"Go SDK leaves out {go['left_out']} operation(s); first: "
            + "; ".join(f"`{w}`" for w in go.get("left_out_samples", []))
        )
    java = row.get("java")
    if java and java.get("status") != "ok":
        findings.append(f"Java SDK {java.get('status')}: `{java.get('error', '')}`")
    if java and java.get("left_out"):
        findings.append(
            f"Java SDK leaves out {java['left_out']} operation(s); first: "
            + "; ".join(f"`{w}`" for w in java.get("left_out_samples", []))
        )
    if row.get("timeout") and result != "timeout":
        findings.append(row["timeout"])
    mypy = row.get("mypy")
    if mypy and mypy.get("errors"):
        for code in list(mypy.get("codes", {}))[:3]:
            sample = mypy.get("samples", {}).get(code, "")
            findings.append(
                f"mypy --strict: {mypy['codes'][code]} `[{code}]` error(s); first: `{sample}`"
            )
    if mypy and mypy.get("status") != "ok":
        findings.append(
            f"mypy {mypy.get('status')}: {mypy.get('stderr', '')}".rstrip(": ")
        )
    row["findings"] = findings


def _short(text: str, limit: int = 90) -> str:
    text = text.replace("|", "\\|").replace("\n", " ")
    # drop the file prefix: the row already names the spec
    if ": /" in text:
        text = text[text.index(": /") + 2 :]
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------- report


def revision() -> str:
    """The commit the generator was run from, and whether the working tree differed (read-only)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.strip()
        dirty = subprocess.run(
            [
                "git",
                "--no-optional-locks",
                "status",
                "--porcelain",
                "--",
                "generator",
                "templates",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    if not head:
        return "unknown (no git)"
    return f"commit `{head}`" + (
        " plus uncommitted changes to generator/ or templates/" if dirty else ""
    )


def _mypy_cell(row: dict[str, Any]) -> str:
    mypy = row.get("mypy")
    if not mypy:
        return "–"
    if mypy.get("status") != "ok":
        return str(mypy.get("status"))
    if not mypy["errors"]:
        return "0"
    top = ", ".join(f"{code} {n}" for code, n in list(mypy["codes"].items())[:3])
    return f"{mypy['errors']} ({top})"


def _schemes(schemes: list[str]) -> str:
    if not schemes:
        return ""
    counts: dict[str, int] = {}
    for scheme in schemes:
        counts[scheme] = counts.get(scheme, 0) + 1
    return " (" + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + ")"


def _go_cell(row: dict[str, Any]) -> str:
    go = row.get("go")
    if not go:
        return "–"
    status = "ok" if go.get("status") == "ok" else str(go.get("status"))
    left = f", {go['left_out']} left out" if go.get("left_out") else ""
    seconds = f", {go['check_seconds']:.1f} s" if "check_seconds" in go else ""
    return f"{status}{left}{seconds}"


def _java_cell(row: dict[str, Any]) -> str:
    java = row.get("java")
    if not java:
        return "–"
    status = "ok" if java.get("status") == "ok" else str(java.get("status"))
    left = f", {java['left_out']} left out" if java.get("left_out") else ""
    seconds = f", {java['check_seconds']:.1f} s" if "check_seconds" in java else ""
    return f"{status}{left}{seconds}"


def _paged_cell(row: dict[str, Any]) -> str:
    if "paginated" not in row:
        return "–"  # a row from a run before the column existed
    paged = list(row["paginated"].values())
    return f"{len(paged)} / {row.get('list_ops', 0)}{_schemes(paged)}"


def render_report(
    rows: list[dict[str, Any]],
    *,
    command: str,
    specs: str,
    started: str,
    wall: float,
    mypy: bool,
    notes: list[str] | None = None,
    generator: str = "",
    jobs: int | None = None,
) -> str:
    counts = {
        k: sum(1 for r in rows if r["status"] == k)
        for k in ("ok", "refused", "failed", "timeout")
    }
    swagger = sum(
        1
        for r in rows
        if r["status"] == "refused" and r.get("openapi", "").startswith("swagger")
    )
    openapi3 = [r for r in rows if r.get("openapi", "").startswith("3.")]
    ops = sum(len(r.get("spec_ops", [])) for r in openapi3)
    methods = sum(
        len(set(r.get("methods", [])) & set(r.get("spec_ops", []))) for r in openapi3
    )
    cli = sum(r.get("cli_count") or 0 for r in openapi3)
    paged = [s for r in openapi3 for s in (r.get("paginated") or {}).values()]
    lists = sum(r.get("list_ops") or 0 for r in openapi3)
    mypy_rows = [r for r in rows if r.get("mypy")]
    go_rows = [r for r in openapi3 if r.get("go")]
    go_ok = sum(1 for r in go_rows if r["go"].get("status") == "ok")
    go_left = sum(r["go"].get("left_out", 0) for r in go_rows)
    java_rows = [r for r in openapi3 if r.get("java")]
    java_ok = sum(1 for r in java_rows if r["java"].get("status") == "ok")
    java_left = sum(r["java"].get("left_out", 0) for r in java_rows)
    java_slow = sorted(
        java_rows, key=lambda r: -float(r["java"].get("check_seconds", 0))
    )[:3]
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    lines = [
        "# Corpus run",
        "",
        "Every document in the corpus folder, generated with `lenient=True` into a temporary folder "
        "(read in place, never copied into the repository), then compiled and imported module by module "
        "in a fresh interpreter. Produced by `tests/corpus/run.py`; regenerate with `make corpus` "
        "(`make corpus MYPY=1` adds mypy on the big specs).",
        "",
        f"* Date: {started} (UTC); run time {wall / 60:.1f} min",
        f"* Machine: {os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}; "
        + (f"specs run at once: {jobs}; " if jobs else "")
        + f"load average at the end {load[0]:.2f} (other work was running: "
        "times are indicative, not benchmarks)",
        f"* Command: `{command}`",
        f"* Generator: {generator or revision()}",
        f"* Specs: `{specs}`",
        f"* mypy: `mypy --strict --python-version 3.11` on the generated package; specs under 200 KB always"
        + (
            ", larger ones where the table shows a count (`--mypy`)"
            if mypy
            else ", larger ones only with `--mypy` (not in this run)"
        ),
        (
            "* Go: the Go SDK of each generated spec (default settings), `gofmt -l`, `go build ./...` and "
            "`go vet ./...` with the venv's toolchain (`NOGO=1` leaves it out)"
            if go_rows
            else "* Go: not run (`NOGO=1`)"
        ),
        (
            "* Java: the Java SDK of each generated spec (default settings), compiled by "
            "`mvn -o -B -q compile` (Java 8 release, every module) (`NOJAVA=1` leaves it out)"
            if java_rows
            else "* Java: not run (`NOJAVA=1`)"
        ),
        *[f"* {note}" for note in notes or []],
        "",
        "## Totals",
        "",
        f"* {len(rows)} specs: **{counts['ok']} ok**, {counts['refused']} refused "
        f"({swagger} of them Swagger 2.0), {counts['failed']} failed, {counts['timeout']} timed out",
        f"* OpenAPI 3.x documents: {len(openapi3)}, "
        f"{sum(1 for r in openapi3 if r['status'] == 'ok')} ok",
        f"* Operations in OpenAPI 3.x specs: {ops}; generated as client methods: {methods}; CLI commands: {cli}",
        f"* List operations: {lists}; paginated: {len(paged)}{_schemes(paged)}",
        *(
            [
                f"* Go SDKs of OpenAPI 3.x documents: **{go_ok} of {len(openapi3)}** gofmt-, build- and "
                f"vet-clean; operations they leave out (with a warning): {go_left} of {methods}"
            ]
            if go_rows
            else []
        ),
        *(
            [
                f"* Java SDKs of OpenAPI 3.x documents: **{java_ok} of {len(openapi3)}** compile; "
                f"operations they leave out (with a warning): {java_left} of {methods}; slowest "
                "compiles: "
                + ", ".join(
                    f"`{r['name']}` {r['java'].get('check_seconds', 0):.0f} s "
                    f"({r['java'].get('files', '?')} files)"
                    for r in java_slow
                )
            ]
            if java_rows
            else []
        ),
        f"* mypy run on {len(mypy_rows)} packages: {sum(1 for r in mypy_rows if r['mypy'].get('errors') == 0)} clean, "
        f"{sum(r['mypy'].get('errors', 0) for r in mypy_rows)} errors in total",
        "",
        "## Specs",
        "",
        "Ops: HTTP-method keys under every path item (path-item `$ref`s followed; webhooks not counted). "
        "Methods: client methods generated (`Api.operations()`). CLI: rows in the generated command table. "
        "Warnings: diagnostics reported on the lenient run. Gen s / peak MB: `generate()` + `write_tree()` "
        "in the worker process. Modules: imported in a fresh interpreter (`__main__` skipped) / failures. "
        "Paged / lists: list operations the client pages through / all list operations (paginated, or a "
        "GET answering a JSON array or an object with a `data`, `items` or `results` list), with the "
        "schemes found (`generator/ir/pagination.py`). Go: the Go SDK's checks, the operations it "
        "leaves out, and the seconds `go build` + `go vet` took. Java: the Maven compile, the operations "
        "the Java SDK leaves out, and its seconds.",
        "",
        "| spec | OpenAPI | KB | ops | methods | CLI | paged / lists (schemes) | warnings | result | gen s | peak MB | modules (fail) | mypy errors (top codes) | Go | Java |",
        "|---|---|--:|--:|--:|--:|---|--:|---|--:|--:|--:|---|---|---|",
    ]
    for r in rows:
        probe = r.get("probe") or {}
        generated = r.get("result") == "generated"
        modules = (
            f"{probe.get('modules', '?')} ({len(probe.get('import_failures', []))})"
            if generated and "modules" in probe
            else "–"
        )
        lines.append(
            "| "
            + " | ".join(
                [
                    f"`{r['name']}`",
                    r.get("openapi", "?"),
                    f"{r['size'] / 1024:.0f}",
                    str(len(r.get("spec_ops", []))),
                    str(len(r.get("methods", []))) if generated else "–",
                    str(r.get("cli_count")) if r.get("cli_count") is not None else "–",
                    _paged_cell(r) if generated else "–",
                    str(r.get("warnings", "–")),
                    r["status_text"],
                    f"{r.get('gen_seconds', 0):.1f}" if "gen_seconds" in r else "–",
                    f"{r.get('peak_mb', 0):.0f}" if "peak_mb" in r else "–",
                    modules,
                    _mypy_cell(r),
                    _go_cell(r),
                    _java_cell(r),
                ]
            )
            + " |"
        )
    lines += ["", "## Findings", ""]
    any_finding = False
    for r in rows:
        if r["findings"]:
            any_finding = True
            lines.append(f"### `{r['name']}` — {r['status_text']}")
            lines.append("")
            lines.extend(f"* {f}" for f in r["findings"])
            lines.append("")
    if not any_finding:
        lines += [
            "None: every generated package compiles, imports and has every operation.",
            "",
        ]
    if mypy_rows:
        lines += [
            "## mypy",
            "",
            "Errors by code, with the first error of each of the top codes (paths relative to the generated tree).",
            "",
            "| spec | seconds | errors | by code |",
            "|---|--:|--:|---|",
        ]
        for r in mypy_rows:
            m = r["mypy"]
            codes = ", ".join(f"{c} {n}" for c, n in m.get("codes", {}).items()) or "–"
            lines.append(
                f"| `{r['name']}` | {m.get('seconds', 0):.0f} | {m.get('errors', m.get('status'))} | {codes} |"
            )
        lines.append("")
        for r in mypy_rows:
            samples = r["mypy"].get("samples") or {}
            if not samples:
                continue
            lines.append(f"* `{r['name']}`:")
            for code in list(r["mypy"].get("codes", {}))[:3]:
                lines.append(f"  * `[{code}]` `{samples[code]}`".replace("|", "\\|"))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _under_root(path: str) -> Path:
    p = Path(path)
    return p if p.is_absolute() else ROOT / p


def merge(raws: list[str], report: Path, notes: list[str], specs: str) -> int:
    by_name: dict[str, dict[str, Any]] = {}
    metas = []
    for raw in raws:
        data = json.loads(Path(raw).read_text(encoding="utf-8"))
        meta = data.get("meta", {}) if isinstance(data, dict) else {}
        metas.append(meta)
        for row in data["rows"] if isinstance(data, dict) else data:
            by_name[row["name"]] = row
    rows = sorted(by_name.values(), key=lambda r: r["name"])
    for row in rows:
        judge(row)
    commands = "`; `".join(str(m.get("command", "?")) for m in metas)
    report.write_text(
        render_report(
            rows,
            command=commands,
            specs=specs,
            started=str(metas[0].get("started", "?")),
            wall=sum(float(m.get("wall", 0)) for m in metas),
            mypy=any(m.get("mypy") for m in metas),
            notes=notes,
            generator="; ".join(
                dict.fromkeys(str(m.get("generator", "?")) for m in metas)
            ),
            jobs=max((int(m.get("jobs", 0)) for m in metas), default=0) or None,
        ),
        encoding="utf-8",
    )
    print(
        f"corpus: {report} ({len(rows)} specs from {len(raws)} runs)", file=sys.stderr
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.corpus.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--specs",
        default="../shared/specs",
        help="folder of specs (relative to the repository root)",
    )
    parser.add_argument(
        "--report",
        default="docs/corpus.md",
        help="Markdown report to write (relative to the repository root)",
    )
    parser.add_argument(
        "--mypy",
        action="store_true",
        help="mypy --strict on every package, not only specs under 200 KB",
    )
    parser.add_argument(
        "--only",
        nargs="*",
        default=[],
        help="only specs whose file name contains one of these",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=900,
        help="seconds per spec for generation and for the import check",
    )
    parser.add_argument(
        "--mypy-timeout", type=float, default=1800, help="seconds per mypy run"
    )
    parser.add_argument(
        "--mypy-specs",
        nargs="*",
        default=None,
        help="with --mypy: only the larger specs whose name contains one of these",
    )
    parser.add_argument(
        "--no-mypy", action="store_true", help="no mypy at all, not even on small specs"
    )
    parser.add_argument(
        "--no-go", action="store_true", help="no Go SDK (needs `make go`)"
    )
    parser.add_argument(
        "--no-java", action="store_true", help="no Java SDK (needs JDK 17 and Maven)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        help="specs run at once, biggest first (default: one per core, here %(default)s)",
    )
    parser.add_argument(
        "--raw", help="also dump every row as JSON here (for debugging)"
    )
    parser.add_argument(
        "--merge",
        nargs="+",
        metavar="RAW",
        help="no run: write the report from --raw files of earlier runs (a later file's row "
        "replaces an earlier one's for the same spec)",
    )
    parser.add_argument(
        "--note", action="append", default=[], help="a line for the report's header"
    )
    args = parser.parse_args(argv)
    if args.merge:
        return merge(args.merge, _under_root(args.report), args.note, args.specs)

    folder = Path(args.specs)
    if not folder.is_absolute():
        folder = ROOT / folder
    if not folder.is_dir():
        print(
            f"corpus: no spec folder at {folder}; pass one with `make corpus SPECS=DIR`",
            file=sys.stderr,
        )
        return 2
    specs = find_specs(folder)
    if args.only:
        specs = [s for s in specs if any(o in s.name for o in args.only)]
    if not specs:
        print(f"corpus: no .yaml/.yml/.json files in {folder}", file=sys.stderr)
        return 2
    report = Path(args.report)
    if not report.is_absolute():
        report = ROOT / report

    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
    t0 = time.perf_counter()

    def want_mypy(spec: Path) -> bool:
        if args.no_mypy:
            return False
        if spec.stat().st_size < SMALL:
            return True
        if not args.mypy:
            return False
        return args.mypy_specs is None or any(m in spec.name for m in args.mypy_specs)

    done = 0

    def one(spec: Path) -> dict[str, Any]:
        nonlocal done
        row = run_one(
            spec,
            mypy=want_mypy(spec),
            timeout=args.timeout,
            mypy_timeout=args.mypy_timeout,
            go=not args.no_go,
            java=not args.no_java,
        )
        judge(row)
        done += 1
        extra = f", mypy {_mypy_cell(row)}" if row.get("mypy") else ""
        print(
            f"[{done}/{len(specs)}] {spec.name}: {row['status_text']} ({row['wall_seconds']:.0f} s{extra})",
            file=sys.stderr,
            flush=True,
        )
        return row

    # Biggest first, so a parallel run does not end on one long spec.
    order = sorted(specs, key=lambda s: -s.stat().st_size) if args.jobs > 1 else specs
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        rows = list(pool.map(one, order))
    rows.sort(key=lambda r: r["name"])
    wall = time.perf_counter() - t0

    shown = (
        os.path.relpath(folder, ROOT)
        if folder.is_relative_to(ROOT.parent)
        else str(folder)
    )
    command = (
        "make corpus"
        + (" MYPY=1" if args.mypy else "")
        + (" NOGO=1" if args.no_go else "")
        + (" NOJAVA=1" if args.no_java else "")
    )
    if (
        args.only
        or args.mypy_specs is not None
        or args.jobs != default_jobs()
        or args.report != "docs/corpus.md"
    ):
        command = "python -m tests.corpus.run " + " ".join(
            argv if argv is not None else sys.argv[1:]
        )
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(
        render_report(
            rows,
            command=command,
            specs=shown,
            started=started,
            wall=wall,
            mypy=args.mypy,
            jobs=args.jobs,
        ),
        encoding="utf-8",
    )
    if args.raw:
        meta = {
            "jobs": args.jobs,
            "started": started,
            "wall": wall,
            "command": command,
            "mypy": args.mypy,
            "generator": revision(),
        }
        Path(args.raw).write_text(
            json.dumps({"meta": meta, "rows": rows}, indent=1, sort_keys=True),
            encoding="utf-8",
        )
    print(f"corpus: {report}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
