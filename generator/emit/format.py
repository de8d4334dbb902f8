"""black, in one fixed mode: the formatter of record for generated Python.

black is most of a big generation's time, so each file's result is cached under a hash of its
unformatted text (plus black's version and mode), and misses are formatted on every core.
"""

from __future__ import annotations

from concurrent.futures import Future
from importlib.metadata import version

import black
from black.mode import TargetVersion
from black.report import NothingChanged

from ..cache import Cache, digest
from ..diagnostics import Diagnostic, GenerationError
from ..workers import Workers

_MODE = black.Mode(
    target_versions={TargetVersion.PY310},
    line_length=100,
    magic_trailing_comma=True,
)
_SALT = digest("black", version("black"), repr(_MODE))


def format_source(text: str) -> tuple[str, str | None]:
    """``(formatted, None)``, or ``(text, problem)`` when the text does not parse."""
    try:
        return black.format_str(text, mode=_MODE), None
    except NothingChanged:
        return text, None
    except Exception as exc:  # black raises several types for unparsable input
        return text, str(exc)


def format_tree(
    files: dict[str, str],
    skip: frozenset[str] = frozenset(),
    *,
    cache: Cache | None = None,
    workers: Workers | None = None,
) -> dict[str, str]:
    """Format every ``.py`` file not in ``skip``; a template that renders invalid Python is a
    generator bug, reported with the file it produced rather than a traceback."""
    cache = cache or Cache(None)
    workers = workers or Workers(1)
    out: dict[str, str] = {}
    misses: list[tuple[str, str]] = []
    for path, text in files.items():
        if not path.endswith(".py") or path in skip:
            out[path] = text
            continue
        hit = cache.get("black", digest(_SALT, text))
        if hit is not None:
            out[path] = hit.decode("utf-8")
        else:
            misses.append((path, text))
    # Longest first: the big files start early and the small ones fill in around them.
    misses.sort(key=lambda item: (-len(item[1]), item[0]))
    pending: list[tuple[str, str, Future[tuple[str, str | None]]]] = [
        (path, text, workers.submit(format_source, text)) for path, text in misses
    ]
    problems: list[Diagnostic] = []
    for path, text, future in pending:
        formatted, problem = future.result()
        if problem is not None:
            problems.append(
                Diagnostic(
                    path,
                    None,
                    "",
                    f"generated code does not parse (generator bug): {problem}",
                )
            )
            continue
        cache.put("black", digest(_SALT, text), formatted.encode("utf-8"))
        out[path] = formatted
    if problems:
        raise GenerationError(sorted(problems, key=lambda d: d.file))
    return {path: out[path] for path in sorted(out)}
