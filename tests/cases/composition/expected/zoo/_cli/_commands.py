"""The 'zoo' command table: one row per operation, read by ``_app.py``.

Generated from the API description: do not edit.  Data only, so ``--help`` stays cheap.
"""

from __future__ import annotations

from ._spec import CommandSpec

PROG = "zoo"
TITLE = "Zoo"
DESCRIPTION = None

COMMANDS: tuple[CommandSpec, ...] = (
    {
        "resource": "animals",
        "method": "list-animals",
        "attr": "list_animals",
        "client_path": ["animals"],
        "http_method": "get",
        "path": "/animals",
        "summary": None,
        "description": None,
        "deprecated": False,
        "body": None,
        "flags": (),
    },
    {
        "resource": "animals",
        "method": "add-animal",
        "attr": "add_animal",
        "client_path": ["animals"],
        "http_method": "post",
        "path": "/animals",
        "summary": None,
        "description": None,
        "deprecated": False,
        "body": {"kind": "json", "flattened": True},
        "flags": (
            {
                "flag": "--animal",
                "name": "animal",
                "wire": "animal",
                "location": "body",
                "value": {"kind": "object"},
                "required": True,
                "nullable": False,
                "description": None,
                "deprecated": False,
            },
            {
                "flag": "--note",
                "name": "note",
                "wire": "note",
                "location": "body",
                "value": {"kind": "string"},
                "required": False,
                "nullable": True,
                "description": None,
                "deprecated": False,
            },
        ),
    },
    {
        "resource": "shapes",
        "method": "get-shape",
        "attr": "get_shape",
        "client_path": ["shapes"],
        "http_method": "get",
        "path": "/shapes/{id}",
        "summary": None,
        "description": None,
        "deprecated": False,
        "body": None,
        "flags": (
            {
                "flag": "--id",
                "name": "id",
                "wire": "id",
                "location": "path",
                "value": {"kind": "integer"},
                "required": True,
                "nullable": False,
                "description": None,
                "deprecated": False,
            },
        ),
    },
)
