"""The command line: ``<prog> <resource> <method> [flags]``.

Importing this package is cheap: the click application is built (and the client imported) only when
:func:`main` runs a command.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point; exits the process with the command's status."""
    from ._app import main as run

    run(argv)
