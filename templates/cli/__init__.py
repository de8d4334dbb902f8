"""The command line: ``<prog> <resource> <method> [flags]``.

Importing this package is cheap: the click application is built (and the client imported) only when
:func:`main` runs a command.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point; exits the process with the command's status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) == 1 and args[0] in ("-h", "--help"):
        # The most common invocation skips click entirely; _app renders the same text.
        from ._help import root_help

        sys.stdout.write(root_help())
        sys.stdout.flush()
        raise SystemExit(0)
    from ._app import main as run

    run(argv)
