"""black, in process, in one fixed mode: the formatter of record for generated Python."""

from __future__ import annotations

import black
from black.mode import TargetVersion
from black.report import NothingChanged

from ..diagnostics import Diagnostic, GenerationError

_MODE = black.Mode(
    target_versions={TargetVersion.PY310},
    line_length=100,
    magic_trailing_comma=True,
)


def format_tree(
    files: dict[str, str], skip: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Format every ``.py`` file; a template that renders invalid Python is a generator bug,
    reported with the file it produced rather than a traceback."""
    out: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for path in sorted(files):
        text = files[path]
        if path.endswith(".py") and path not in skip:
            try:
                text = black.format_str(text, mode=_MODE)
            except NothingChanged:
                pass
            except Exception as exc:  # black raises several types for unparsable input
                problems.append(
                    Diagnostic(
                        path,
                        None,
                        "",
                        f"generated code does not parse (generator bug): {exc}",
                    )
                )
        out[path] = text
    if problems:
        raise GenerationError(problems)
    return out
