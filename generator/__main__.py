"""Command line: ``validate``, ``generate``, ``check``. Parses arguments and reports; no logic.

Exit codes: 0 success, 1 spec problem or check failure (or a generator bug, reported in one
line; ``--debug`` shows its traceback), 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .diagnostics import GenerationError

if TYPE_CHECKING:
    from .cache import Cache
    from .emit.write import Outcome
    from .pipeline import Limits
    from .progress import Reporter

# Spec text quoted in a message must not break the line, move the cursor or colour the terminal.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` on one line, control characters shown as escapes."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


def _megabytes(text: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return int(value * 1024 * 1024)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


# How the usage line names the command when run as a module (``python -m generator``); the
# installed command is named as it was invoked (``openapi-sdk-gen``).
MODULE_PROG = "python -m generator"


def _parser(prog: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Generate a typed Python SDK (models, sync/async client, CLI) from an OpenAPI document.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("spec", type=Path)
    common.add_argument(
        "--allow-external-refs",
        metavar="DIR",
        type=Path,
        action="append",
        default=[],
        help="also read $ref'd files under DIR (repeatable); by default only files under the "
        "spec's folder are read, and URLs never are",
    )
    common.add_argument(
        "--max-size",
        metavar="MB",
        type=_megabytes,
        default=None,
        help="refuse documents larger than this (default 64 MB)",
    )
    common.add_argument(
        "--cache-dir",
        metavar="DIR",
        type=Path,
        default=None,
        help="where validator findings and formatted files are cached by content hash "
        "(default $GENERATOR_CACHE_DIR, else ~/.cache/openapi-sdk-gen)",
    )
    common.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the cache"
    )
    common.add_argument(
        "--jobs",
        metavar="N",
        type=_positive,
        default=None,
        help="worker processes for a big document (default: one per core, up to 8)",
    )
    common.add_argument(
        "--debug",
        action="store_true",
        help="show a traceback when the generator itself fails",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    v = sub.add_parser(
        "validate",
        parents=[common],
        help="check a spec and report every problem with its location",
    )
    v.add_argument(
        "--lenient", action="store_true", help="report validator findings as warnings"
    )
    for name, text in (
        (
            "generate",
            "write the SDK package into --out (only the files it generated there change)",
        ),
        ("check", "exit 1 if --out differs from what generate would write"),
    ):
        p = sub.add_parser(name, parents=[common], help=text)
        p.add_argument("--config", type=Path, help="SDK settings file (YAML)")
        p.add_argument("--out", type=Path, required=True, help="output folder")
        p.add_argument(
            "--lenient",
            action="store_true",
            help="report validator findings as warnings",
        )
        if name == "generate":
            p.add_argument(
                "--force",
                action="store_true",
                help="overwrite generated files edited since, files not generated here at "
                "paths generated now, and a folder generated for another API",
            )
    return parser


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """``prog``: the command's name in usage and help; by default the name it was run by."""
    args = _parser(prog).parse_args(argv)
    try:
        return _run(args)
    except GenerationError as exc:
        for diagnostic in exc.diagnostics:
            _say(diagnostic.format())
        if not args.lenient and (line := _summary(args, exc)):
            _say(line)
        return 1
    except OSError as exc:
        _say(f"{exc.filename or ''}: {exc.strerror or exc}")
        return 1
    except RecursionError:  # a later stage met nesting the loader could still read
        if args.debug:
            raise
        _say(f"{args.spec}: /: nested too deeply to process; flatten the document")
        return 1
    except MemoryError:
        _say(f"{args.spec}: /: ran out of memory; is the document that large?")
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in the generator, not in the spec
        if args.debug:
            raise
        if isinstance(exc, ImportError) and (missing := _missing_dependency(exc)):
            _say(missing)  # or of the environment it was run in
            return 1
        first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        _say(
            f"{args.spec}: /: internal error ({type(exc).__name__}{': ' + first if first else ''}); "
            "this is a bug in the generator: rerun with --debug for a traceback and report it"
        )
        return 1


def _summary(args: argparse.Namespace, exc: GenerationError) -> str | None:
    from .diagnostics import summary

    errors = [d for d in exc.diagnostics if d.severity == "error"]
    return summary(str(args.spec), errors, generates=args.command != "validate")


def _missing_dependency(exc: ImportError) -> str | None:
    """The sentence for a dependency this Python lacks (the generator run outside the
    environment it was installed in); None for an import of the generator's own that failed,
    which is a bug."""
    module = (exc.name or "").split(".")[0]
    if not module or module == __package__:
        return None
    dist = {"yaml": "PyYAML"}.get(module, module.replace("_", "-"))
    return (
        f"openapi-sdk-gen: the module {module!r} is not installed in this Python "
        f"({sys.executable}); run the generator from the environment it was installed in "
        f"(e.g. .venv/bin/openapi-sdk-gen) or pip install {dist}"
    )


def _say(line: str) -> None:
    print(printable(line), file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    from .cache import Cache, default_cache_dir
    from .pipeline import Limits
    from .progress import Reporter
    from .workers import default_jobs

    cache = Cache(None if args.no_cache else (args.cache_dir or default_cache_dir()))
    jobs = args.jobs or default_jobs()

    lenient = True if args.lenient else None
    limits = Limits(allow_external_refs=tuple(args.allow_external_refs))
    if args.max_size is not None:
        limits = Limits(args.max_size, limits.allow_external_refs)
    # A live line on a terminal; warnings as they are found, and their total at the end.
    report = Reporter(_say, printable)
    try:
        return _run_reported(args, cache, jobs, lenient, limits, report)
    finally:
        report.close()


def _run_reported(
    args: argparse.Namespace,
    cache: Cache,
    jobs: int,
    lenient: bool | None,
    limits: Limits,
    report: Reporter,
) -> int:
    if args.command == "validate":
        from .pipeline import load_and_validate

        _, findings = load_and_validate(
            args.spec, lenient=lenient, limits=limits, cache=cache, progress=report
        )
        report.finish(findings)
        _say(f"{args.spec}: valid")
        return 0
    from .emit.write import Staging
    from .pipeline import generate

    # Refuses a bad --out before the work (and again when writing); reads its manifest.
    staging = (
        Staging(args.out, force=args.force) if args.command == "generate" else None
    )
    try:
        result = generate(
            args.spec,
            args.config,
            lenient=lenient,
            limits=limits,
            cache=cache,
            jobs=jobs,
            staging=staging,
            progress=report,
        )
        report.finish(result.warnings)
        if staging is None:
            return _check(args.out, result.files)
        outcome = staging.commit(result.files)
    finally:
        if staging is not None:
            staging.discard()
    ops = len(result.api.operations())
    _say(f"{args.out}: {_counts(outcome, len(result.files))} ({ops} operations)")
    return 0


def _counts(outcome: Outcome, total: int) -> str:
    """``7 files written, 2 removed, 39 unchanged``, the parts that are not zero."""
    written = len(outcome.written)
    parts = [
        (written, "written"),
        (len(outcome.removed), "removed"),
        (total - written, "unchanged"),
    ]
    said = [f"{n} {what}" for n, what in parts if n] or ["0 written"]
    number, _, what = said[0].partition(" ")
    files = "file" if number == "1" else "files"
    return ", ".join([f"{number} {files} {what}", *said[1:]])


def _check(out: Path, files: dict[str, bytes]) -> int:
    from .emit.tree import diff_trees, read_generated

    # The files this run would write and those the folder's manifest lists, nothing else.
    on_disk, interrupted = read_generated(out, files)
    changed, missing, extra = diff_trees(files, on_disk)
    for label, paths in (("differs", changed), ("missing", missing), ("extra", extra)):
        for path in paths:
            _say(f"{out / path}: {label}")
    if interrupted:
        _say(f"{out / interrupted}: left by a run that did not finish")
    if changed or missing or extra or interrupted:
        _say(f"{out}: out of date; run generate to update it")
        return 1
    return 0


def console(prog: str | None = None) -> NoReturn:
    """The command: ``main``, then an immediate exit. Freeing the loaded document and the IR
    object by object at interpreter shutdown costs ~0.08 s, more than a small regeneration
    spends writing its files; nothing is left to clean up by then (workers have been joined,
    files written and closed)."""
    code = main(prog=prog)
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)  # a profiler or coverage tool writes its report at shutdown
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a closed pipe: what could not be written is lost either way
            pass
    os._exit(code)


if __name__ == "__main__":
    console(MODULE_PROG)
