"""The spec as the conformance suite reads it: nodes by JSON pointer, ``$ref``s followed, and
values checked against the spec's own schemas with jsonschema (OpenAPI dialects).

The suite decides who is to blame with these checks: a synthesised argument that breaks its
schema is the harness's fault, a body Prism served that breaks its schema is not the SDK's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import referencing
import referencing.jsonschema
from jsonschema import _keywords, validators  # type: ignore[import-untyped]
from openapi_schema_validator import (
    OAS30ReadValidator,
    OAS30WriteValidator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)

from generator.pipeline import load_documents

SPEC_URI = "urn:conformance:spec"

# The 3.0 validators resolve a discriminator's value as a schema name when it has no mapping
# (the strict reading: Spotify's `type: track` then names no schema, though the member's own
# enum says `track`). Here a union is checked as JSON Schema: the value must satisfy its members;
# which member a tag picks is the member's own schema's business (its enum or const).
_PLAIN_UNIONS = {"oneOf": _keywords.oneOf, "anyOf": _keywords.anyOf}
_WRITE: Any = validators.extend(OAS30WriteValidator, _PLAIN_UNIONS)
_READ: Any = validators.extend(OAS30ReadValidator, _PLAIN_UNIONS)


def escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def join(pointer: str, *parts: str | int) -> str:
    return pointer + "".join("/" + escape(str(p)) for p in parts)


class SpecDoc:
    """One spec document (its root file; refs into other files are not followed)."""

    def __init__(self, path: Path) -> None:
        docs = load_documents(path)
        self.path = path
        self.root: Any = docs.root.data
        self.openapi = str(self.root.get("openapi", ""))
        self.v30 = self.openapi.startswith("3.0")
        spec = (
            referencing.jsonschema.DRAFT4
            if self.v30
            else referencing.jsonschema.DRAFT202012
        )
        resource = referencing.Resource.from_contents(
            self.root, default_specification=spec
        )
        self._registry: referencing.jsonschema.SchemaRegistry = (
            referencing.Registry().with_resource(SPEC_URI, resource)
        )
        self._validators: dict[tuple[str, str], Any] = {}

    def at(self, pointer: str) -> Any:
        node = self.root
        if pointer in ("", "#"):
            return node
        for raw in pointer.lstrip("#").lstrip("/").split("/"):
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, list):
                node = node[int(part)]
            elif isinstance(node, dict):
                node = node[part]
            else:
                raise KeyError(pointer)
        return node

    def follow(self, node: Any, pointer: str) -> tuple[Any, str]:
        """``node`` with its ``$ref`` chain followed (local references only), and where it is."""
        hops = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith("#") or hops > 50:
                return {}, pointer
            pointer = ref[1:]
            try:
                node = self.at(pointer)
            except (KeyError, IndexError, ValueError):
                return {}, pointer
            hops += 1
        return node, pointer

    def errors(self, value: Any, pointer: str, *, direction: str) -> list[str]:
        """Why ``value`` breaks the schema at ``pointer`` (``request``: readOnly properties are
        not allowed; ``response``: writeOnly ones are not), or [] when it conforms."""
        key = (pointer, direction)
        validator = self._validators.get(key)
        if validator is None:
            schema = {"$ref": SPEC_URI + "#" + pointer}
            if self.v30:
                cls = _WRITE if direction == "request" else _READ
                validator = cls(
                    schema, registry=self._registry, format_checker=oas30_format_checker
                )
            else:
                validator = OAS31Validator(
                    schema, registry=self._registry, format_checker=oas31_format_checker
                )
            self._validators[key] = validator
        try:
            found = sorted(
                validator.iter_errors(value), key=lambda e: list(e.absolute_path)
            )
        except (
            Exception
        ) as exc:  # noqa: BLE001 - an unresolvable schema: say so, do not judge
            return [f"schema could not be checked: {type(exc).__name__}: {exc}"[:300]]
        return [
            _describe(e)
            for e in found
            if not _discriminated(e) and not self._hidden_required(e, direction)
        ][:5]

    def _hidden_required(self, error: Any, direction: str) -> bool:
        """A missing required property that this direction leaves out (readOnly in a request,
        writeOnly in a response): OpenAPI 3.1 has no read/write validators to say so."""
        if error.validator != "required" or not isinstance(error.schema, dict):
            return False
        flag = "readOnly" if direction == "request" else "writeOnly"
        props = error.schema.get("properties") or {}
        present = error.instance if isinstance(error.instance, dict) else {}
        missing = [n for n in error.validator_value if n not in present]
        for name in missing:
            prop, _ = self.follow(props.get(name, {}), "")
            if not (isinstance(prop, dict) and prop.get(flag) is True):
                return False
        return bool(missing)


def _discriminated(error: Any) -> bool:
    """A oneOf that several members match, where a discriminator says which one is meant:
    JSON Schema has no discriminators, OpenAPI readers (and Prism) pick the member by the tag.
    """
    schema = error.schema if isinstance(error.schema, dict) else {}
    return (
        error.validator == "oneOf"
        and "discriminator" in schema
        and "is valid under each of" in error.message
    )


def _describe(error: Any) -> str:
    where = "/".join(str(p) for p in error.absolute_path)
    return f"{'/' + where if where else '(root)'}: {error.message}"[:300]
