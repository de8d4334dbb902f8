"""The Rust pre-check of Schema Objects changes how long validation takes, never what it finds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

from generator.pipeline import load_documents
from generator.spec.validate import validator_findings

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
    ours = sorted(message for _, message in validator_findings(load_documents(spec)))
    assert ours == _library_findings(data, spec)
    assert len(ours) >= 4  # the bad schemas were reported, not skipped
