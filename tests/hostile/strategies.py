"""Adversarial strings and the OpenAPI documents that carry them to every place a spec string can
reach generated code."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

# Each of these would call the marker if pasted unescaped into code, a docstring closed early,
# or rendered as a Jinja template.
MARKS = (
    "__import__('tests.hostile.marker').hostile.marker.hit()",
    '__import__("tests.hostile.marker").hostile.marker.hit()',
    "{{ cycler.__init__.__globals__.__builtins__.__import__('tests.hostile.marker').hostile.marker.hit() }}",
    "{% set _ = cycler.__init__.__globals__.__builtins__.__import__('tests.hostile.marker').hostile.marker.hit() %}",
)

# Openers and closers that try to get out of whatever literal, docstring or comment holds them.
BREAKERS = (
    '"""',
    "'''",
    "\\",
    "\x00",
    "\n",
    "\r",
    "\u2028",
    "{{ 7*7 }}",
    "{% raise %}",
    "{#",
    '__import__("os").system("x")',
    '"); ',
    "'); ",
    "\n__import__('tests.hostile.marker').hostile.marker.hit()\n",
    '"""\n__import__("tests.hostile.marker").hostile.marker.hit()\n"""',
    "#",
    "`",
    "```",
    "é名 ß ﬁ",
    "x" * 3000,
    'ends"',
    "ends\\",
    "ends'",
    "",
    " ",
    "\t",
    "\x1b[31m",
    "-->",
    "</script>",
    "]]",
    "$ref",
    "%s %(x)s {0}",
)

breakers = st.sampled_from(BREAKERS) | st.text(max_size=6)


@st.composite
def hostile(draw: st.DrawFn) -> str:
    """A string that opens with breakers, carries a marker call and closes with breakers."""
    return (
        draw(breakers)
        + draw(breakers)
        + draw(st.sampled_from(MARKS))
        + draw(breakers)
        + draw(breakers)
    )


PLACES = (
    "title",
    "version",
    "info_description",
    "server_url",
    "server_description",
    "tag",
    "tag_description",
    "operation_id",
    "summary",
    "description",
    "literal_path",
    "path_param",
    "query_param",
    "header_param",
    "cookie_param",
    "param_description",
    "param_default",
    "param_example",
    "param_enum",
    "body_prop",
    "body_prop_description",
    "body_prop_default",
    "body_prop_example",
    "body_enum",
    "response_description",
    "example_key",
    "example_value",
    "schema_name",
    "schema_title",
    "schema_description",
    "enum_schema_name",
    "enum_value",
    "extension",
    "security_name",
    "security_description",
    "external_docs",
)


def places() -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({place: hostile() for place in PLACES})


def fixed_places() -> dict[str, str]:
    """Every breaker, in turn, around a marker: the example always run."""
    out = {}
    for i, place in enumerate(PLACES):
        out[place] = (
            BREAKERS[i % len(BREAKERS)]
            + MARKS[i % len(MARKS)]
            + BREAKERS[(i + 7) % len(BREAKERS)]
        )
    return out


def ref(name: str) -> str:
    return "#/components/schemas/" + quote(
        name.replace("~", "~0").replace("/", "~1"), safe=""
    )


def build_spec(s: dict[str, str]) -> dict[str, Any]:
    """An OpenAPI document with ``s[place]`` in each place."""
    x = {
        "x-hostile": s["extension"],
        "x-hostile-obj": {s["extension"]: [s["extension"]]},
    }
    schema_name = s["schema_name"]
    enum_name = s["enum_schema_name"]
    if enum_name == schema_name:
        enum_name += "2"
    return {
        "openapi": "3.1.0",
        "info": {
            "title": s["title"],
            "version": s["version"],
            "description": s["info_description"],
            **x,
        },
        "servers": [
            {
                "url": "http://example.invalid/" + s["server_url"],
                "description": s["server_description"],
            }
        ],
        "tags": [{"name": s["tag"], "description": s["tag_description"]}],
        "externalDocs": {
            "url": "http://example.invalid/",
            "description": s["external_docs"],
        },
        "security": [{s["security_name"]: []}],
        **x,
        "paths": {
            "/items/{"
            + s["path_param"]
            + "}": {
                "post": {
                    "operationId": s["operation_id"],
                    "summary": s["summary"],
                    "description": s["description"],
                    "tags": [s["tag"]],
                    **x,
                    "parameters": [
                        {
                            "name": s["path_param"],
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                            "description": s["param_description"],
                        },
                        {
                            "name": s["query_param"],
                            "in": "query",
                            "description": s["param_description"],
                            "example": s["param_example"],
                            "schema": {
                                "type": "string",
                                "default": s["param_default"],
                                "enum": [s["param_enum"], s["param_default"]],
                            },
                        },
                        {
                            "name": s["header_param"],
                            "in": "header",
                            "schema": {"type": "string"},
                        },
                        {
                            "name": s["cookie_param"],
                            "in": "cookie",
                            "schema": {"type": "string"},
                        },
                    ],
                    "requestBody": {
                        "description": s["description"],
                        "content": {
                            "application/json": {"schema": {"$ref": ref(schema_name)}}
                        },
                    },
                    "responses": {
                        "200": {
                            "description": s["response_description"],
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": ref(schema_name)},
                                    "example": {s["example_key"]: s["example_value"]},
                                }
                            },
                        },
                        "404": {"description": s["response_description"]},
                    },
                }
            },
            "/other/"
            + s["literal_path"]: {
                "get": {
                    "tags": [s["tag"] + s["literal_path"]],
                    "summary": s["literal_path"],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": ref(enum_name)}}
                            },
                        }
                    },
                }
            },
        },
        "components": {
            "securitySchemes": {
                s["security_name"]: {
                    "type": "http",
                    "scheme": "bearer",
                    "description": s["security_description"],
                }
            },
            "schemas": {
                schema_name: {
                    "type": "object",
                    "title": s["schema_title"],
                    "description": s["schema_description"],
                    **x,
                    "required": [s["body_prop"]],
                    "properties": {
                        s["body_prop"]: {
                            "type": "string",
                            "description": s["body_prop_description"],
                            "default": s["body_prop_default"],
                            "example": s["body_prop_example"],
                            **x,
                        },
                        s["body_enum"]: {
                            "type": "string",
                            "enum": [s["enum_value"], s["body_prop_default"]],
                        },
                        "kind": {"$ref": ref(enum_name)},
                    },
                },
                enum_name: {
                    "type": "string",
                    "description": s["schema_description"],
                    "enum": [s["enum_value"], s["param_enum"]],
                },
            },
        },
    }
