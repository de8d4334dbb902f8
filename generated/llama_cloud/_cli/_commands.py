"""The 'llamacloud-prod' command table: one row per operation, read by ``_app.py``.

Generated from the API description: do not edit.  Data only, so ``--help`` stays cheap.
"""

from __future__ import annotations

from ._spec import CommandSpec

PROG = "llamacloud-prod"
TITLE = "LlamaCloud"
DESCRIPTION = "LlamaCloud API: the Create Session endpoint of the beta chat API."

COMMANDS: tuple[CommandSpec, ...] = (
    {
        "resource": "beta:chat",
        "method": "create",
        "attr": "create",
        "client_path": ["beta", "chat"],
        "http_method": "post",
        "path": "/api/v1/chat",
        "summary": "Create Session",
        "description": "Create a chat session, optionally bound to indexes (locked after the first message).",
        "deprecated": False,
        "body": {"kind": "json", "flattened": True},
        "flags": (
            {
                "flag": "--index-id",
                "name": "index_ids",
                "wire": "index_ids",
                "location": "body",
                "value": {"kind": "array", "item": {"kind": "string"}},
                "required": False,
                "nullable": True,
                "description": "Indexes this session will retrieve from. Once set and the first message has been sent, the source set is locked for the session’s lifetime. Leave null to create an unbound session.",
                "deprecated": False,
            },
            {
                "flag": "--organization-id",
                "name": "organization_id",
                "wire": "organization_id",
                "location": "query",
                "value": {"kind": "string", "format": "uuid"},
                "required": False,
                "nullable": True,
                "description": None,
                "deprecated": False,
            },
            {
                "flag": "--project-id",
                "name": "project_id",
                "wire": "project_id",
                "location": "query",
                "value": {"kind": "string", "format": "uuid"},
                "required": False,
                "nullable": True,
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
                "nullable": True,
                "description": None,
                "deprecated": False,
            },
        ),
    },
)
