"""The 'vault' command table: one row per operation, read by ``_app.py``.

Generated from the API description: do not edit.  Data only, so ``--help`` stays cheap.
"""

from __future__ import annotations

from ._spec import CommandSpec

PROG = "vault"
TITLE = "Vault"
DESCRIPTION = None

COMMANDS: tuple[CommandSpec, ...] = (
    {
        "resource": "public",
        "method": "ping",
        "attr": "ping",
        "client_path": ["public"],
        "http_method": "get",
        "path": "/public",
        "summary": None,
        "description": None,
        "deprecated": False,
        "body": None,
        "flags": (),
    },
    {
        "resource": "secrets",
        "method": "get-secret",
        "attr": "get_secret",
        "client_path": ["secrets"],
        "http_method": "get",
        "path": "/secrets/{name}",
        "summary": None,
        "description": None,
        "deprecated": False,
        "body": None,
        "flags": (
            {
                "flag": "--name",
                "name": "name",
                "wire": "name",
                "location": "path",
                "value": {"kind": "string"},
                "required": True,
                "nullable": False,
                "description": None,
                "deprecated": False,
            },
            {
                "flag": "--session",
                "name": "session",
                "wire": "session",
                "location": "cookie",
                "value": {"kind": "string"},
                "required": False,
                "nullable": False,
                "description": None,
                "deprecated": False,
            },
        ),
    },
)
