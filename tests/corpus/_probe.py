"""Run in a fresh interpreter on one generated tree: compile every file, import every module.

    python _probe.py OUT_DIR PACKAGE RESULT_JSON

Run as a script (not ``-m``) so the repository is not on ``sys.path``: a generated package named
like one of ours (``generator``, ``tests``) must resolve to the generated one. Writes a JSON
object to RESULT_JSON; never raises for a problem in the generated code.
"""

from __future__ import annotations

import importlib
import json
import resource
import sys
import time
import traceback
from pathlib import Path


def _where(exc: BaseException, root: Path) -> tuple[str, str]:
    """The deepest frame inside the generated tree: ``path:line`` and that line's text."""
    if isinstance(exc, SyntaxError) and exc.filename:
        path = Path(exc.filename)
        rel = path.relative_to(root) if path.is_relative_to(root) else path
        return f"{rel}:{exc.lineno}", (exc.text or "").strip()
    found = ("", "")
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.is_relative_to(root):
            found = (
                f"{path.relative_to(root)}:{frame.lineno}",
                (frame.line or "").strip(),
            )
    return found


def _message(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


def main(out: Path, package: str, result_path: Path) -> None:
    out = out.resolve()
    sys.path[:] = [str(out)] + [p for p in sys.path[1:] if Path(p).resolve() != out]
    pkg_dir = out / package
    files = sorted(p for p in pkg_dir.rglob("*.py") if "__pycache__" not in p.parts)

    compile_failures = []
    for path in files:
        try:
            compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
        except SyntaxError as exc:
            where, line = _where(exc, out)
            compile_failures.append(
                {
                    "file": str(path.relative_to(out)),
                    "error": _message(exc),
                    "where": where,
                    "line": line,
                }
            )

    modules = []
    for path in files:
        parts = list(path.relative_to(out).with_suffix("").parts)
        if parts[-1] == "__main__":
            continue  # runs the CLI on import
        if parts[-1] == "__init__":
            parts.pop()
        modules.append(".".join(parts))

    started = time.perf_counter()
    import_failures = []
    for name in modules:
        try:
            module = importlib.import_module(name)
        except (
            BaseException
        ) as exc:  # noqa: BLE001 - SystemExit from generated code is a finding
            where, line = _where(exc, out)
            import_failures.append(
                {"module": name, "error": _message(exc), "where": where, "line": line}
            )
            continue
        origin = getattr(module, "__file__", None) or ""
        if origin and not Path(origin).resolve().is_relative_to(out):
            import_failures.append(
                {
                    "module": name,
                    "error": f"resolved outside the generated tree: {origin}",
                    "where": "",
                    "line": "",
                }
            )
    import_seconds = time.perf_counter() - started

    cli: list[list[str]] | None = None
    cli_error = ""
    try:
        table = importlib.import_module(f"{package}._cli._commands")
        cli = [
            [str(row["http_method"]).lower(), str(row["path"])]
            for row in table.COMMANDS
        ]
    except BaseException as exc:  # noqa: BLE001
        cli_error = _message(exc)

    result = {
        "modules": len(modules),
        "py_files": len(files),
        "compile_failures": compile_failures,
        "import_failures": import_failures,
        "import_seconds": round(import_seconds, 2),
        "import_peak_mb": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        ),
        "cli": cli,
        "cli_error": cli_error,
    }
    result_path.write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
