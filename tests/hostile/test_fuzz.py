"""Fuzz: loader, validator and IR builder on random documents end in success or a located
``GenerationError``, never another exception, a hang or a crash (issue 7).

``make test`` runs a small budget; a long run (see docs/security.md)::

    HOSTILE_EXAMPLES=5000 .venv/bin/python -m pytest tests/hostile/test_fuzz.py
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import GenerationError
from generator.ir.build import build_api
from generator.pipeline import load_and_validate
from generator.settings import Settings

from .support import budget

KEYS = (
    "openapi",
    "info",
    "title",
    "version",
    "paths",
    "components",
    "schemas",
    "parameters",
    "requestBody",
    "responses",
    "content",
    "application/json",
    "text/plain",
    "schema",
    "type",
    "properties",
    "items",
    "additionalProperties",
    "required",
    "allOf",
    "anyOf",
    "oneOf",
    "enum",
    "const",
    "nullable",
    "default",
    "example",
    "examples",
    "value",
    "description",
    "summary",
    "operationId",
    "tags",
    "name",
    "in",
    "get",
    "post",
    "delete",
    "/a",
    "/a/{id}",
    "/b/{x}/{x}",
    "200",
    "2XX",
    "default",
    "404",
    "A",
    "B",
    "$ref",
    "x-ext",
    "discriminator",
    "mapping",
    "format",
    "servers",
    "url",
    "variables",
    "securitySchemes",
    "security",
    "deprecated",
)
REFS = (
    "#/components/schemas/A",
    "#/components/schemas/B",
    "#/components/schemas/A/properties/a",
    "#",
    "#/",
    "#/paths",
    "#components",
    "other.yaml#/A",
    "../x.yaml",
    "http://127.0.0.1:9/x",
    "#/components/schemas/%41",
    "#/components/schemas/~2",
    "",
    "#/components/schemas/A/items",
)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
WORDS = st.sampled_from(
    (
        "object",
        "array",
        "string",
        "integer",
        "number",
        "boolean",
        "null",
        "path",
        "query",
        "header",
        "cookie",
        "binary",
        "3.1.0",
        "3.0.3",
    )
)
values = st.recursive(
    SCALARS | WORDS | st.sampled_from(REFS),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4), inner, max_size=5)
    | st.fixed_dictionaries({"$ref": st.sampled_from(REFS)}),
    max_leaves=40,
)
documents = st.fixed_dictionaries(
    {
        "openapi": st.sampled_from(("3.1.0", "3.0.3", "3.2.0")),
        "info": st.fixed_dictionaries(
            {"title": st.text(max_size=10), "version": st.just("1")}
        ),
    },
    optional={
        "paths": values,
        "components": values,
        "servers": values,
        "security": values,
    },
)
YAML_BITS = st.sampled_from(
    (
        "a",
        ": ",
        "\n",
        "  ",
        "- ",
        "&x ",
        "*x",
        "<<: ",
        "? ",
        "{",
        "}",
        "[",
        "]",
        ",",
        "'",
        '"',
        "!!str ",
        "!!binary ",
        "%YAML 1.1\n",
        "---\n",
        "...\n",
        "#",
        "|\n",
        ">\n",
        "\t",
        "\\",
        "é",
        "openapi: 3.1.0\n",
        "$ref: '#/a'\n",
        "~",
        "null",
        "1e9999",
        "0x1F",
        ".inf",
        "2001-01-01",
    )
)
yaml_texts = st.lists(YAML_BITS | st.text(max_size=3), max_size=40).map("".join)

FUZZ = settings(
    max_examples=budget(40),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def pipeline(path: Path, lenient: bool) -> None:
    """What ``generate`` does before rendering; only a ``GenerationError`` may come out (a
    ``LookupError`` from the builder is what ``generate`` turns into one)."""
    try:
        docs, findings = load_and_validate(path, lenient=lenient)
        build_api(docs, Settings(), list(findings))
    except GenerationError as exc:
        assert exc.diagnostics and all(d.message for d in exc.diagnostics)
    except LookupError:
        pass


def check(name: str, content: str | bytes, lenient: bool = True) -> None:
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        path = Path(folder) / name
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogatepass")
        path.write_bytes(content)
        pipeline(path, lenient)


@FUZZ
@given(documents, st.booleans())
def test_random_openapi_shapes_build_or_fail_cleanly(
    doc: dict[str, Any], lenient: bool
) -> None:
    check("spec.json", json.dumps(doc), lenient)


@FUZZ
@given(documents)
def test_random_openapi_shapes_as_yaml(doc: dict[str, Any]) -> None:
    try:
        text = yaml.safe_dump(doc, allow_unicode=True)
    except yaml.YAMLError:
        return
    check("spec.yaml", text)


@FUZZ
@given(yaml_texts)
def test_random_yaml_text_loads_or_fails_cleanly(text: str) -> None:
    check("spec.yaml", text)


@FUZZ
@given(st.binary(max_size=200), st.sampled_from(("spec.json", "spec.yaml")))
def test_random_bytes_load_or_fail_cleanly(data: bytes, name: str) -> None:
    check(name, data)
