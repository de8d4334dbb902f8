"""One corpus spec, in its own process: generate, write, probe (fresh interpreter), optionally mypy.

    python -m tests.corpus._worker SPEC WORK_DIR RESULT_JSON [--mypy] [--go] [--java]
        [--probe-timeout S] [--mypy-timeout S]

``--go`` also writes the Go SDK (default settings: module and package from the title) and runs
``gofmt -l``, ``go build ./...`` and ``go vet ./...`` on it with the venv's toolchain; ``--java``
writes the Java SDK (default settings) and compiles it with Maven offline.

The result JSON is rewritten after every stage, so a parent that has to kill this process still
knows how far it got. Peak memory is this process's peak RSS (``VmHWM``) right after generation and
writing (the probe and mypy run in their own processes and are not counted).
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import re
import resource
import signal
import subprocess
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

from .spec_ops import spec_facts

PROBE = Path(__file__).with_name("_probe.py")
GO_TIMEOUT = (
    900.0  # seconds for each Go check (gofmt, build, vet); the parent's limit adds it
)
JAVA_TIMEOUT = (
    1800.0  # seconds for the Java SDK's Maven compile; the parent's limit adds it
)
MYPY_LINE = re.compile(
    r"^(?P<where>[^:]+:\d+)(?::\d+)?: error: (?P<msg>.*?)(?:  \[(?P<code>[a-z0-9-]+)\])?$"
)


def _save(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:300]
    return ""


def peak_mb() -> float:
    """This process's peak RSS. Linux: ``VmHWM`` of this process's own memory map, because
    ``ru_maxrss`` also counts the parent's RSS at fork time (it survives ``exec``)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_mypy(out: Path, package: str, timeout: float) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "mypy",
                "--strict",
                "--python-version",
                "3.11",
                "--no-error-summary",
                "--show-error-codes",
                "--no-pretty",
                "--cache-dir",
                str(out.parent / "mypy-cache"),
                package,
            ],
            cwd=out,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "seconds": round(time.perf_counter() - started, 1)}
    errors = []
    for line in done.stdout.splitlines():
        match = MYPY_LINE.match(line)
        if match:
            errors.append((match["where"], match["msg"], match["code"] or "misc"))
    codes = Counter(code for _, _, code in errors)
    status = "ok" if done.returncode in (0, 1) else f"crashed (exit {done.returncode})"
    samples: dict[str, str] = {}
    for where, msg, code in errors:
        samples.setdefault(code, f"{where}: {msg}"[:400])
    return {
        "status": status,
        "seconds": round(time.perf_counter() - started, 1),
        "errors": len(errors),
        "codes": dict(codes.most_common()),
        "samples": samples,
        "stderr": _first_line(done.stderr) if status != "ok" else "",
    }


def run_go(api: Any, spec: Path, out: Path, timeout: float) -> dict[str, Any]:
    """The Go SDK of ``api`` written to ``out`` and checked as ``make test`` checks fixtures."""
    from tests.support.golang import go, gofmt_binary, write_sdk

    left_out: list[str] = []
    module = write_sdk(
        api, spec.name, out, lambda op, message: left_out.append(message)
    )
    data: dict[str, Any] = {"left_out": len(left_out), "left_out_samples": left_out[:3]}
    started = time.perf_counter()
    try:
        listed = subprocess.run(
            [str(gofmt_binary()), "-l", "."],
            cwd=module,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        steps = [("gofmt -l", listed.returncode, listed.stdout + listed.stderr)]
        if not steps[0][2]:
            for step in (["build", "./..."], ["vet", "./..."]):
                done = go(*step, cwd=module, timeout=timeout)
                steps.append((f"go {step[0]}", done.returncode, done.stderr))
                if done.returncode != 0:
                    break
    except subprocess.TimeoutExpired:
        data["status"] = f"timeout after {timeout:.0f} s"
        return data
    data["check_seconds"] = round(time.perf_counter() - started, 1)
    failed = [(name, text) for name, code, text in steps if code != 0 or text]
    if failed:
        name, text = failed[0]
        data["status"] = "failed"
        data["error"] = f"{name}: {_first_line(text)}"
    else:
        data["status"] = "ok"
    return data


def run_java(api: Any, spec: Path, out: Path, timeout: float) -> dict[str, Any]:
    """The Java SDK of ``api`` (default settings) written to ``out`` and compiled by Maven
    offline (``mvn -o -B -q compile``: every module, the example program included)."""
    from generator.settings import JavaSettings
    from generator.targets.java import output_files
    from tests.support.java import mvn

    left_out: list[str] = []
    for path, text in output_files(
        api, JavaSettings(), spec.name, lambda op, message: left_out.append(message)
    ):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    data: dict[str, Any] = {"left_out": len(left_out), "left_out_samples": left_out[:3]}
    data["files"] = sum(1 for _ in (out / "java").rglob("*.java"))
    started = time.perf_counter()
    try:
        done = mvn(["-q", "compile"], out / "java", timeout=timeout)
    except subprocess.TimeoutExpired:
        data["status"] = f"timeout after {timeout:.0f} s"
        return data
    data["check_seconds"] = round(time.perf_counter() - started, 1)
    if done.returncode != 0:
        plain = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)
        errors = [line for line in plain.splitlines() if line.startswith("[ERROR] /")]
        errors = errors or [line for line in plain.splitlines() if "ERROR" in line]
        data["status"] = "failed"
        data["error"] = "mvn compile: " + _first_line("\n".join(errors) or plain)
    else:
        data["status"] = "ok"
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("spec", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("result", type=Path)
    parser.add_argument("--mypy", action="store_true")
    parser.add_argument("--go", action="store_true")
    parser.add_argument("--java", action="store_true")
    parser.add_argument("--probe-timeout", type=float, default=600)
    parser.add_argument("--mypy-timeout", type=float, default=1800)
    args = parser.parse_args(argv)
    # The parent sends SIGUSR1 before killing a worker that ran out of time: the stack says where.
    faulthandler.register(signal.SIGUSR1, all_threads=False)

    data: dict[str, Any] = {"stage": "generate"}
    _save(args.result, data)

    from generator.diagnostics import GenerationError
    from generator.emit.write import write_tree
    from generator.pipeline import generate

    started = time.perf_counter()
    result = None
    try:
        result = generate(args.spec, None, lenient=True)
        out = args.work / "out"
        write_tree(out, result.files)
        data["result"] = "generated"
    except GenerationError as exc:
        data["result"] = "refused"
        data["reason"] = exc.diagnostics[0].format() if exc.diagnostics else str(exc)
        data["errors"] = len(exc.diagnostics)
    except RecursionError:
        data["result"] = "failed"
        data["reason"] = "RecursionError"
    except (
        Exception
    ) as exc:  # noqa: BLE001 - a crash is a finding, reported with its frame
        frames = traceback.extract_tb(exc.__traceback__)
        last = frames[-1] if frames else None
        where = f" at {Path(last.filename).name}:{last.lineno}" if last else ""
        data["result"] = "failed"
        data["reason"] = f"{type(exc).__name__}: {_first_line(str(exc))}{where}"
        data["traceback"] = traceback.format_exc()[-3000:]
    data["gen_seconds"] = round(time.perf_counter() - started, 2)
    data["peak_mb"] = peak_mb()
    data.update(spec_facts(args.spec))
    data["stage"] = "probe"
    _save(args.result, data)
    if result is None:
        data["stage"] = "done"
        _save(args.result, data)
        return 0

    package = result.api.package
    data["package"] = package
    data["files"] = len(result.files)
    data["warnings"] = len(result.warnings)
    data["warning_samples"] = [w.format() for w in result.warnings[:3]]
    data["methods"] = sorted(op.key for _, op in result.api.operations())
    # List operations (a JSON array, or an object with one list of items) and the scheme of
    # those the client pages through.
    from generator.ir.pagination import is_list

    models = result.api.models_by_key
    data["list_ops"] = sum(
        1 for _, op in result.api.operations() if is_list(op, models)
    )
    data["paginated"] = {
        op.key: op.pagination.scheme
        for _, op in result.api.operations()
        if op.pagination is not None
    }
    _save(args.result, data)

    probe_json = args.work / "probe.json"
    try:
        subprocess.run(
            [sys.executable, "-I", str(PROBE), str(out), package, str(probe_json)],
            cwd=out,
            capture_output=True,
            text=True,
            timeout=args.probe_timeout,
        )
        if probe_json.exists():
            data["probe"] = json.loads(probe_json.read_text(encoding="utf-8"))
        else:
            data["probe"] = {"error": "probe wrote no result"}
    except subprocess.TimeoutExpired:
        data["probe"] = {
            "error": f"import check timed out after {args.probe_timeout:.0f} s"
        }
    data["stage"] = (
        "go" if args.go else "java" if args.java else "mypy" if args.mypy else "done"
    )
    _save(args.result, data)

    if args.go:
        try:
            data["go"] = run_go(result.api, args.spec, args.work / "go-out", GO_TIMEOUT)
        except Exception as exc:  # noqa: BLE001 - a crash is a finding, as above
            data["go"] = {
                "status": "failed",
                "error": f"Go target crashed: {type(exc).__name__}: {_first_line(str(exc))}",
            }
        data["stage"] = "java" if args.java else "mypy" if args.mypy else "done"
        _save(args.result, data)
    if args.java:
        try:
            data["java"] = run_java(
                result.api, args.spec, args.work / "java-out", JAVA_TIMEOUT
            )
        except Exception as exc:  # noqa: BLE001 - a crash is a finding, as above
            data["java"] = {
                "status": "failed",
                "error": f"Java target crashed: {type(exc).__name__}: {_first_line(str(exc))}",
            }
        data["stage"] = "mypy" if args.mypy else "done"
        _save(args.result, data)
    if args.mypy:
        data["mypy"] = run_mypy(out, package, args.mypy_timeout)
    data["stage"] = "done"
    _save(args.result, data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
