"""The top-level help and the global flags, without click.

``<prog> --help`` is the command people run most, often in loops and completions; importing click
alone takes longer than starting Python. So the root help is rendered here from plain data, and the
click application (``_app.py``) renders its root help with this same function: one text, whichever
path printed it. The global flags are declared here for the same reason; ``_app.py`` turns them
into click options.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Sequence
from typing import NamedTuple

from .. import _constants
from ._commands import COMMANDS, DESCRIPTION, PROG, TITLE
from ._output import FORMATS


class GlobalFlag(NamedTuple):
    flag: str
    dest: str
    metavar: str  # "" for a switch
    help: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None  # inclusive unless minimum_open
    minimum_open: bool = False
    integer: bool = False


GLOBAL_FLAGS: tuple[GlobalFlag, ...] = (
    GlobalFlag(
        "--api-key",
        "g_api_key",
        "KEY",
        f"API key. Defaults to ${_constants.API_KEY_ENV}.",
    ),
    GlobalFlag(
        "--base-url",
        "g_base_url",
        "URL",
        f"API base URL. Defaults to ${_constants.BASE_URL_ENV}, then "
        f"{_constants.DEFAULT_BASE_URL}.",
    ),
    GlobalFlag(
        "--format",
        "g_format",
        "FORMAT",
        "Output format: pretty (default; coloured on a terminal, plain JSON when piped), json, "
        "jsonl, yaml, or raw (the body as received).",
        choices=FORMATS,
    ),
    GlobalFlag(
        "--transform",
        "g_transform",
        "PATH",
        "Print only part of the response: a path such as 'session_id', 'items.0', "
        "'items.#.id'.",
    ),
    GlobalFlag(
        "--timeout",
        "g_timeout",
        "SECONDS",
        "Give up on the request after this many seconds.",
        minimum=0,
        minimum_open=True,
    ),
    GlobalFlag(
        "--max-retries",
        "g_max_retries",
        "N",
        "Retry failed connections, timeouts, 408/409/429 and 5xx responses up to N times "
        "(default 2).",
        minimum=0,
        integer=True,
    ),
    GlobalFlag(
        "--debug",
        "g_debug",
        "",
        "Print the HTTP request and response on stderr (secrets redacted).",
    ),
)

# One flag per further security scheme's credential (``--audit-key``), like ``--api-key``.
GLOBAL_FLAGS += tuple(
    GlobalFlag(
        "--" + argument.replace("_", "-"),
        "g_" + argument,
        "KEY",
        f"The {argument} credential. Defaults to ${env}.",
    )
    for argument, (_, _, env) in _constants.AUTH_SCHEMES.items()
    if argument != "api_key"
)

HELP_FLAGS = ("-h", "--help")

# Two-column layout: the first column is at most this wide before its text moves to the next line.
_MAX_FIRST_COLUMN = 30


def flag_label(flag: GlobalFlag) -> str:
    if flag.choices:
        return f"{flag.flag} [{'|'.join(flag.choices)}]"
    return f"{flag.flag} {flag.metavar}" if flag.metavar else flag.flag


def flag_text(flag: GlobalFlag) -> str:
    """The help text with the accepted range, as click shows it (``[x>0]``)."""
    if flag.minimum is None:
        return flag.help
    bound = f"{flag.minimum:g}"
    return f"{flag.help}  [x>{'' if flag.minimum_open else '='}{bound}]"


def _methods_by_resource() -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for spec in COMMANDS:
        grouped.setdefault(spec["resource"], []).append(spec["method"])
    return grouped


# Grouped once: a big API has hundreds of resources, and the root help lists every one.
_METHODS = _methods_by_resource()


def resource_names() -> list[str]:
    return sorted(_METHODS)


def resource_help(resource: str) -> str:
    return f"Methods: {', '.join(_METHODS[resource])}."


COMPLETION_HELP = "Print the shell completion script (SHELL defaults to $SHELL)."


def root_description() -> str:
    text = f"{TITLE} from the command line: {PROG} RESOURCE METHOD [FLAGS]."
    if DESCRIPTION:
        text += f"\n\n{DESCRIPTION}"
    return text + f"\n\n'{PROG} RESOURCE METHOD --help' lists a method's flags."


def terminal_width() -> int:
    """Like click: the terminal's width, at most 80, at least 50 (``COLUMNS`` wins)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        width = int(columns)
    else:
        try:
            width = os.get_terminal_size().columns
        except OSError:
            width = 80
    return max(min(width, 80) - 2, 50)


def _paragraphs(text: str, width: int, indent: str) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        if lines:
            lines.append("")
        lines.extend(
            textwrap.wrap(
                " ".join(paragraph.split()),
                width=width,
                initial_indent=indent,
                subsequent_indent=indent,
            )
            or [indent.rstrip()]
        )
    return lines


def _two_columns(rows: Sequence[tuple[str, str]], width: int) -> list[str]:
    first = min(max((len(left) for left, _ in rows), default=0), _MAX_FIRST_COLUMN)
    text_start = 2 + first + 2
    text_width = max(width - text_start, 10)
    lines: list[str] = []
    for left, right in rows:
        wrapped = textwrap.wrap(right, width=text_width) or [""]
        if len(left) <= first:
            lines.append(f"  {left.ljust(first)}  {wrapped[0]}".rstrip())
        else:
            lines.append(f"  {left}")
            lines.append(" " * text_start + wrapped[0])
        lines.extend(" " * text_start + more for more in wrapped[1:])
    return lines


def root_help(width: int | None = None) -> str:
    width = width or terminal_width()
    options = [(flag_label(f), flag_text(f)) for f in GLOBAL_FLAGS]
    options.append(("--version", "Show the version and exit."))
    options.append((", ".join(HELP_FLAGS), "Show this message and exit."))
    commands = [(name, resource_help(name)) for name in resource_names()]
    commands.append(("completion", COMPLETION_HELP))
    lines = [f"Usage: {PROG} [OPTIONS] COMMAND [ARGS]...", ""]
    lines += _paragraphs(root_description(), width - 2, "  ")
    lines += ["", "Options:", *_two_columns(options, width)]
    lines += ["", "Commands:", *_two_columns(commands, width)]
    return "\n".join(lines) + "\n"
