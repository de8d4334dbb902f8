"""Command line: ``validate``, ``generate``, ``check``. Parses arguments and reports; no logic.

Exit codes: 0 success, 1 spec problem or check failure, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagnostics import GenerationError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Generate a typed Python SDK (models, sync/async client, CLI) from an OpenAPI document.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    v = sub.add_parser(
        "validate", help="check a spec and report every problem with its location"
    )
    v.add_argument("spec", type=Path)
    v.add_argument(
        "--lenient", action="store_true", help="report validator findings as warnings"
    )
    for name, text in (
        ("generate", "write the SDK package into --out (all or nothing)"),
        ("check", "exit 1 if --out differs from what generate would write"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("spec", type=Path)
        p.add_argument("--config", type=Path, help="SDK settings file (YAML)")
        p.add_argument("--out", type=Path, required=True, help="output folder")
        p.add_argument(
            "--lenient",
            action="store_true",
            help="report validator findings as warnings",
        )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    lenient = True if args.lenient else None
    try:
        if args.command == "validate":
            from .pipeline import load_and_validate

            _, findings = load_and_validate(args.spec, lenient=lenient)
            for finding in findings:
                print(finding.format(), file=sys.stderr)
            print(f"{args.spec}: valid", file=sys.stderr)
            return 0
        from .pipeline import generate

        result = generate(args.spec, args.config, lenient=lenient)
        for warning in result.warnings:
            print(warning.format(), file=sys.stderr)
        if args.command == "check":
            return _check(args.out, result.files)
        from .emit.write import write_tree

        changed = write_tree(args.out, result.files)
        ops = len(result.api.operations())
        state = "written" if changed else "unchanged"
        print(
            f"{args.out}: {len(result.files)} files {state} ({ops} operations)",
            file=sys.stderr,
        )
        return 0
    except GenerationError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except RecursionError:  # a later stage met nesting the loader could still read
        print(
            f"{args.spec}: /: nested too deeply to process; flatten the document",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130


def _check(out: Path, files: dict[str, bytes]) -> int:
    from .emit.tree import diff_trees, read_tree

    changed, missing, extra = diff_trees(files, read_tree(out))
    for label, paths in (("differs", changed), ("missing", missing), ("extra", extra)):
        for path in paths:
            print(f"{out / path}: {label}", file=sys.stderr)
    if changed or missing or extra:
        print(f"{out}: out of date; run `make generate`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
