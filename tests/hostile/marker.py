"""The tripwire: spec text in the hostile tests calls ``hit()``; it must never run.

A generated module that ran spec text (an unescaped literal, a docstring closed early, Jinja
rendering a spec string as a template) calls ``hit()``, which records the call in ``HITS`` (for
the generator's own process) and in the file named by ``$HOSTILE_MARKER_FILE`` (for a child
process that imports the generated package).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "HOSTILE_MARKER_FILE"
HITS: list[str] = []


def hit(*_: object) -> str:
    HITS.append("hit")
    path = os.environ.get(ENV)
    if path:
        with Path(path).open("a") as stream:
            stream.write("hit\n")
    return ""
