"""The 'notes' command table: one row per operation, read by ``_app.py``.

Generated from the API description: do not edit.  Data only, so ``--help`` stays cheap.
"""

from __future__ import annotations

from ._spec import CommandSpec

PROG = "notes"
TITLE = "Notes"
DESCRIPTION = None

COMMANDS: tuple[CommandSpec, ...] = (
    {
        "resource": "notes",
        "method": "get-note",
        "attr": "get_note",
        "client_path": ["notes"],
        "http_method": "get",
        "path": "/notes/{note_id}",
        "summary": None,
        "description": None,
        "deprecated": False,
        "body": None,
        "flags": (
            {
                "flag": "--note-id",
                "name": "note_id",
                "wire": "note_id",
                "location": "path",
                "value": {"kind": "string"},
                "required": True,
                "nullable": False,
                "description": "The note's id.",
                "deprecated": False,
            },
        ),
    },
)
