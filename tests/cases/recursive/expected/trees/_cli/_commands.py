"""The 'trees' command table: one row per operation, read by ``_app.py``.

Generated from the API description: do not edit.  Data only, so ``--help`` stays cheap.
"""

from __future__ import annotations

from ._spec import CommandSpec

PROG = "trees"
TITLE = "Trees"
DESCRIPTION = None

COMMANDS: tuple[CommandSpec, ...] = (
    {
        "resource": "folders",
        "method": "list-folders",
        "attr": "list_folders",
        "client_path": ["folders"],
        "http_method": "get",
        "path": "/folders",
        "summary": None,
        "description": None,
        "deprecated": False,
        "body": None,
        "flags": (),
    },
    {
        "resource": "trees",
        "method": "get-tree",
        "attr": "get_tree",
        "client_path": ["trees"],
        "http_method": "get",
        "path": "/trees/{tree_id}",
        "summary": None,
        "description": None,
        "deprecated": False,
        "body": None,
        "flags": (
            {
                "flag": "--tree-id",
                "name": "tree_id",
                "wire": "tree_id",
                "location": "path",
                "value": {"kind": "string"},
                "required": True,
                "nullable": False,
                "description": None,
                "deprecated": False,
            },
        ),
    },
)
