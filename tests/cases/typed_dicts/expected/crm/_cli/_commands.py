"""The "crm" command table, read by ``_app.py``.

The rows live in ``_commands.json`` beside this file: plain data that needs no formatting and stays
cheap to load for ``--help``.  Generated from the API description: do not edit.
"""

from __future__ import annotations

import json
import os
from typing import Any, cast

from ._spec import CommandSpec

# os.path, not pathlib: this runs on every start of the CLI, and pathlib costs a few ms to import.
with open(os.path.join(os.path.dirname(__file__), "_commands.json"), encoding="utf-8") as _file:
    _TABLE: dict[str, Any] = json.load(_file)

PROG: str = _TABLE["prog"]
TITLE: str = _TABLE["title"]
DESCRIPTION: str | None = _TABLE["description"]
COMMANDS = cast("tuple[CommandSpec, ...]", tuple(_TABLE["commands"]))
