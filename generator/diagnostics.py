"""Diagnostics: located findings collected in one place.

An error stops the run before anything is written; a warning is reported and generation goes on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int | None
    pointer: str  # JSON pointer into the document, "" for the whole document
    message: str
    severity: Severity = "error"
    # What --lenient makes of it: "finding" (a validator finding: a warning), "ref" (a dangling
    # reference: its construct left out, with a warning); "" for an error in either mode.
    lenient: Literal["finding", "ref", ""] = ""

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        pointer = self.pointer or "/"
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {pointer}: {prefix}{self.message}"


def summary(name: str, errors: list[Diagnostic], *, generates: bool) -> str | None:
    """The last line of a failed run: how many errors, and what ``--lenient`` would make of them
    when it would make warnings of them all. None for a single error it would not change.
    """
    count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
    kinds = {d.lenient for d in errors}
    if not errors or "" in kinds:
        return f"{name}: {count}" if len(errors) > 1 else None
    then = " and generates anyway" if generates else ""
    if kinds == {"finding"}:
        hint = f"--lenient reports validator findings as warnings{then}"
    elif kinds == {"ref"}:
        hint = "--lenient leaves out what each dangling $ref is in, with a warning"
        hint += " and generates the rest" if generates else ""
    else:
        hint = (
            "--lenient reports validator findings as warnings and leaves out what each "
            "dangling $ref is in"
        )
        hint += " and generates the rest" if generates else ""
    return f"{name}: {count}; {hint}"


class GenerationError(Exception):
    """Stops a run; carries every error found so far so the user can fix them all at once."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


def pointer_join(base: str, *parts: str | int) -> str:
    """Extend a JSON pointer, escaping ``~`` and ``/`` in each part (RFC 6901)."""
    out = base
    for part in parts:
        out += "/" + str(part).replace("~", "~0").replace("/", "~1")
    return out


def pointer_parts(pointer: str) -> list[str]:
    if pointer in ("", "/"):
        return []
    return [
        p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/")
    ]
