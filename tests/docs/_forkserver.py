"""Runs doc examples in forked children of one warm interpreter.

A fresh ``python -c`` per example spends most of its time importing httpx, pydantic and the
package; on a busy two-core machine that made the docs tests slow. This server imports them once,
then forks a child per example: each example still runs in its own process, with its own
environment, stdin from /dev/null, stdout/stderr to files, and a fresh ``__main__`` namespace (a
missing import in an example still fails).

Protocol: one JSON job per line on stdin, one JSON reply (``{"code": n}``) per line on stdout.
A job is ``{"env", "stdout", "stderr"}`` plus either ``{"code"}`` (a program) or
``{"module", "argv"}`` (``python -m module argv...``).
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import runpy
import sys
import traceback
from typing import Any


def preload(package: str) -> None:
    import asyncio  # noqa: F401
    import click  # noqa: F401
    import httpx  # noqa: F401
    import pydantic  # noqa: F401

    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        if info.name.endswith("__main__"):
            continue  # importing it would run the CLI
        importlib.import_module(info.name)


def _child(job: dict[str, Any]) -> None:
    os.environ.clear()
    os.environ.update(job["env"])
    if job.get("cwd"):
        os.chdir(job["cwd"])
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for fd, path in ((1, job["stdout"]), (2, job["stderr"])):
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
        os.close(target)
    code = 0
    try:
        if "code" in job:
            sys.argv = ["-c"]
            exec(compile(job["code"], "<example>", "exec"), {"__name__": "__main__"})
        else:
            sys.argv = [job["module"], *job["argv"]]
            runpy.run_module(job["module"], run_name="__main__", alter_sys=True)
    except SystemExit as exit_:
        if isinstance(exit_.code, int):
            code = exit_.code
        elif exit_.code is not None:
            print(exit_.code, file=sys.stderr)
            code = 1
    except BaseException:
        traceback.print_exc()
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def serve(package: str) -> None:
    preload(package)
    for line in sys.stdin:
        job = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(job)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        sys.stdout.write(json.dumps({"code": code}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve(sys.argv[1])
