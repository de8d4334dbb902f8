"""What a spec declares, counted independently of the generator: version and operation keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

HTTP_METHODS = (
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
    "query",
)


def _load(path: Path) -> Any:
    text = path.read_bytes()
    if path.suffix == ".json":
        try:
            return json.loads(text)
        except ValueError:
            pass
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _pointer(doc: Any, pointer: str) -> Any:
    node = doc
    for part in pointer.lstrip("/").split("/") if pointer.strip("/") else []:
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _resolve(item: Any, doc: Any, base: Path, seen: int = 0) -> Any:
    """Follow a path item's ``$ref`` (local or to a file beside the spec)."""
    while isinstance(item, dict) and isinstance(item.get("$ref"), str) and seen < 20:
        seen += 1
        target, _, frag = item["$ref"].partition("#")
        try:
            if target:
                base = (base / target).parent
                doc = _load(base / Path(target).name)
            item = _pointer(doc, frag)
        except (OSError, KeyError, IndexError, ValueError, TypeError, yaml.YAMLError):
            return None
    return item


def pointer_escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def spec_facts(path: Path) -> dict[str, Any]:
    """``openapi`` version label and the spec's operation keys (``"get /pets"``), sorted."""
    try:
        doc = _load(path)
    except (
        Exception
    ) as exc:  # noqa: BLE001 - an unreadable spec is reported, not raised
        return {
            "openapi": "?",
            "spec_ops": [],
            "spec_error": f"{type(exc).__name__}: {exc}"[:300],
        }
    if not isinstance(doc, dict):
        return {"openapi": "?", "spec_ops": []}
    if "swagger" in doc:
        version = f"swagger {doc['swagger']}"
    else:
        version = str(doc.get("openapi", "?"))
    ops: list[str] = []
    paths = doc.get("paths")
    if isinstance(paths, dict):
        for route, item in paths.items():
            item = _resolve(item, doc, path.parent)
            if not isinstance(item, dict):
                continue
            ops.extend(
                f"{m} {route}" for m in HTTP_METHODS if isinstance(item.get(m), dict)
            )
            extra = item.get(
                "additionalOperations"
            )  # OpenAPI 3.2: methods outside the fixed set
            if isinstance(extra, dict):
                ops.extend(
                    f"{str(m).lower()} {route}"
                    for m in extra
                    if isinstance(extra[m], dict)
                )
    webhooks = doc.get("webhooks")
    return {
        "openapi": version,
        "spec_ops": sorted(set(ops)),
        "webhooks": len(webhooks) if isinstance(webhooks, dict) else 0,
    }
