"""The Rust pre-check of Schema Objects changes how long validation takes, never what it finds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

from generator.pipeline import load_documents
from generator.spec.doc_paths import Unsupported
from generator.spec.validate import (
    _collect,
    _validator_class,
    openapi_schema,
    quick_findings,
    validator_findings,
)

# Each is wrong for the meta-schema in its own way; the last ones are fine.
SCHEMAS: list[Any] = [
    {"type": 5},
    {"required": "a"},
    {"pattern": "("},
    {"properties": {"a": {"type": "nope"}}},
    {"format": 5},
    {"enum": []},
    {"discriminator": "kind"},
    {"xml": 5},
    {"items": [{"type": "string"}]},
    {"type": "object", "properties": {"a": {"type": "string", "pattern": "^[a-z]+$"}}},
    {"allOf": [{"$ref": "#/components/schemas/S0"}], "description": "ok"},
]


def _document(openapi: str) -> dict[str, Any]:
    return {
        "openapi": openapi,
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {"schemas": {f"S{i}": s for i, s in enumerate(SCHEMAS)}},
    }


def _library_findings(data: dict[str, Any], path: Path) -> list[str]:
    cls: Any = (
        OpenAPIV30SpecValidator
        if data["openapi"].startswith("3.0")
        else OpenAPIV31SpecValidator
    )
    return sorted(
        str(e.message).strip().splitlines()[0]
        for e in cls(data, base_uri=path.resolve().as_uri()).iter_errors()
    )


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
def test_findings_match_the_plain_validator(tmp_path: Path, openapi: str) -> None:
    data = _document(openapi)
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(data))
    ours = sorted(found.library for found in validator_findings(load_documents(spec)))
    assert ours == _library_findings(data, spec)
    assert len(ours) >= 4  # the bad schemas were reported, not skipped


def _walked_document(openapi: str) -> dict[str, Any]:
    """Paths, operations, parameters, media types and schemas the validator's walk visits, with
    a problem of each kind it reports from there, reached through every shape of reference.
    """
    return {
        "openapi": openapi,
        "info": {"title": "T", "version": "1"},
        "tags": [{"name": "a"}, {"name": "a"}],
        "paths": {
            "/items/{id}": {
                "parameters": [{"$ref": "#/components/parameters/Id"}],
                "get": {
                    "operationId": "getItem",
                    "parameters": [
                        {"name": "q", "in": "query", "schema": {"type": "string"}},
                        {"name": "q", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/a~1b"}
                                }
                            },
                        },
                        "404": {"$ref": "#/components/responses/Missing"},
                    },
                },
                "put": {
                    "operationId": "getItem",
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/With%20Space"}
                            }
                        }
                    },
                    "responses": {"204": {"description": "done"}},
                },
            },
            "/orphans/{gone}": {"get": {"responses": {"200": {"description": "ok"}}}},
            "/alias": {"$ref": "#/paths/~1orphans~1{gone}"},
        },
        "components": {
            "parameters": {
                "Id": {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer"},
                }
            },
            "responses": {
                "Missing": {
                    "description": "no",
                    "content": {
                        "application/json": {
                            "schema": {"type": "integer", "default": "not a number"}
                        }
                    },
                }
            },
            "schemas": {
                "a/b": {
                    "allOf": [{"$ref": "#/components/schemas/Base"}],
                    "required": ["id", "ghost"],
                    "properties": {
                        "tags": {"type": "array", "items": {"type": "string"}}
                    },
                },
                "Base": {"type": "object", "properties": {"id": {"type": "integer"}}},
                "With Space": {
                    "type": "object",
                    "properties": {
                        "size": {"type": "integer", "default": "big"},
                        "kind": {"$ref": "#/components/schemas/Kind"},
                        # a default checked through a reference inside its schema
                        "spare": {
                            "allOf": [{"$ref": "#/components/schemas/Kind"}],
                            "default": "w",
                        },
                    },
                },
                "Kind": {"type": "string", "enum": ["x", "y"], "default": "z"},
                "Broken": {"type": 5},
            },
        },
    }


def _library_findings_in_order(data: dict[str, Any], path: Path) -> list[str]:
    cls: Any = (
        OpenAPIV30SpecValidator
        if data["openapi"].startswith("3.0")
        else OpenAPIV31SpecValidator
    )
    return [
        str(e.message).strip().splitlines()[0]
        for e in cls(data, base_uri=path.resolve().as_uri()).iter_errors()
    ]


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize("with_id", [False, True])
def test_the_quick_walk_finds_what_the_library_finds_in_its_order(
    tmp_path: Path, openapi: str, with_id: bool
) -> None:
    data = _walked_document(openapi)
    if with_id:  # a document the quick walk leaves to the library's own paths
        data["components"]["schemas"]["Base"]["$id"] = "https://example.com/base"
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(data, sort_keys=False))
    docs = load_documents(spec)
    found = validator_findings(docs)
    ours = [f.library for f in found]
    assert ours == _library_findings_in_order(data, spec)
    if with_id:
        with pytest.raises(Unsupported):
            quick_findings(docs)
    else:  # the quick walk itself found them, not the fallback
        assert quick_findings(docs) == found
        # and the library's own walk puts each at the same place, worded the same
        library_walk = _validator_class(docs)(data, base_uri=spec.resolve().as_uri())
        assert _collect(library_walk, openapi) == found
    # every kind of problem the walk reports was reached
    text = "\n".join(ours)
    for expected in (
        "Duplicate tag name",
        "Duplicate parameter 'q'",
        "Operation ID 'getItem'",
        "Path parameter 'gone'",
        "Required list has not defined properties",
        "is not of type 'integer'",
        "'z' is not one of",
        "'w' is not one of",
    ):
        assert expected in text


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0", "3.2.0"])
def test_the_whole_document_check_finds_what_the_library_finds(
    tmp_path: Path, openapi: str
) -> None:
    """The check of the document against the OpenAPI JSON Schema is built from the library's
    own schema file, read with json: the same findings, in the same order."""
    data: dict[str, Any] = {
        "openapi": openapi,
        "info": {"title": 5},
        "paths": {"/a": {"get": {"responses": {"200": {}}}}},
        "bogus": 1,
    }
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(data, sort_keys=False))
    docs = load_documents(spec)
    confined = _validator_class(docs)
    library_class = confined.__mro__[1]
    assert confined.schema_validator is not library_class.schema_validator
    ours = [found.library for found in validator_findings(docs)]
    library = [
        str(e.message).strip().splitlines()[0]
        for e in library_class(data, base_uri=spec.resolve().as_uri()).iter_errors()
    ]
    assert ours == library
    assert len(ours) >= 2  # the title's type and the unknown key, at least


@pytest.mark.parametrize("version", ["3.0", "3.1", "3.2"])
def test_the_schema_file_read_with_json_is_the_one_the_library_reads(
    version: str,
) -> None:
    from openapi_spec_validator.schemas.utils import get_schema_content

    assert openapi_schema(version) == get_schema_content(version)
