"""An object schema whose properties stand beside a ``oneOf`` (GitHub's check-run body: ``name``
and ``head_sha`` beside a ``oneOf`` on ``status``): every member carries those properties; taken
alone, a member dropped them, and a dict argument typed by its TypedDict twin lost them on the
way (the conformance run's two GitHub check-run failures)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.ir.build import build_api
from generator.pipeline import load_documents
from generator.settings import Settings


def test_properties_beside_a_one_of_reach_every_member(tmp_path: Path) -> None:
    body: dict[str, Any] = {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "status": {"type": "string"}},
        "oneOf": [
            {
                "properties": {"status": {"enum": ["completed"]}},
                "required": ["status", "conclusion"],
            },
            {"properties": {"status": {"enum": ["queued"]}}},
        ],
    }
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/runs": {
                "post": {
                    "operationId": "createRun",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": body}},
                    },
                    "responses": {"204": {"description": "Done"}},
                }
            }
        },
    }
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(doc))
    api = build_api(load_documents(spec), Settings(), [])
    members = [m for m in api.models if m.kind == "object"]
    assert len(members) == 2
    for model in members:
        fields = {f.wire: f.required for f in model.fields}
        assert fields["name"] is True, model
        assert "status" in fields, model
