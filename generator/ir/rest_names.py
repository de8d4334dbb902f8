"""Default names for operations no settings place: REST names read off the paths.

The resource tree follows a path's static segments (``/threads/{thread_id}/runs`` →
``threads.runs``) and the method follows the verb on a collection or an item (``get`` a
collection → ``list``, an item → ``retrieve``, ``post`` a collection → ``create``, …). A last
static segment after a placeholder that is singular and no other path extends is an action on the
item (``/runs/{id}/cancel`` → ``runs.cancel``). Where a path has no static segment, or REST names
would collide within one resource, the tag and operationId naming of earlier versions is used:
see :func:`place`, the single entry point.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import naming

# ``v1``, ``2024-01``, ``1.2``: version segments say nothing about the resource.
VERSION_SEGMENT = re.compile(r"^v\d+(\.\d+)*[a-z]*\d*$|^\d+([.-]\d+)*$")
# Segments that only say "this is the API".
_SKIPPED = frozenset({"api", "rest"})

_COLLECTION_VERBS = {"get": "list", "post": "create", "put": "update"}
_ITEM_VERBS = {
    "get": "retrieve",
    "post": "update",
    "patch": "update",
    "put": "update",
    "delete": "delete",
}


@dataclass(frozen=True)
class Wanted:
    """Where an operation goes: the resource path under the client and its method name."""

    resource: tuple[str, ...]
    method: str


@dataclass(frozen=True)
class _Segment:
    text: str
    is_param: bool


def _segments(path: str) -> list[_Segment]:
    out: list[_Segment] = []
    for raw in path.split("?", 1)[0].strip("/").split("/"):
        if not raw:
            continue
        # ``{id}.json`` or ``files:{id}`` carry a placeholder: the item, not a name.
        if "{" in raw:
            out.append(_Segment(raw, True))
            continue
        lowered = raw.lower()
        if lowered in _SKIPPED or VERSION_SEGMENT.fullmatch(lowered):
            continue
        if naming.snake(raw):
            out.append(_Segment(raw, False))
    return out


def _static_prefixes(paths: Sequence[str]) -> set[tuple[str, ...]]:
    """Every path's static segments up to each placeholder: what counts as "extended"."""
    out: set[tuple[str, ...]] = set()
    for path in paths:
        statics: list[str] = []
        for seg in _segments(path):
            if seg.is_param:
                out.add(tuple(statics))
            else:
                statics.append(naming.snake(seg.text))
    return out


def _is_plural(word: str) -> bool:
    return naming.singular(word) != word


def rest_name(
    method: str,
    path: str,
    extended: set[tuple[str, ...]],
    methods: frozenset[str] = frozenset(),
) -> Wanted | None:
    """The REST name of one operation, or ``None`` when its path gives nothing usable.
    ``methods`` are the HTTP methods its path has (a singleton is read and written)."""
    segs = _segments(path)
    statics = [naming.snake(s.text) for s in segs if not s.is_param]
    if not statics:
        return None
    is_item = segs[-1].is_param
    last = statics[-1]
    singular = not is_item and not _is_plural(last.rsplit("_", 1)[-1])
    if singular and tuple(statics) not in extended:
        # A singleton (``/projects/{id}/spend_limit``: read and written, never listed).
        if "get" in methods and methods & {"post", "put", "patch"}:
            return Wanted(tuple(statics), _ITEM_VERBS.get(method, method))
        # An action: a singular last word after an item (``/runs/{id}/cancel``), or after a
        # resource under one (``/pipelines/{id}/sync/cancel`` → ``pipelines.sync.cancel``).
        under_item = any(s.is_param for s in segs[:-2])
        if len(segs) >= 2 and (segs[-2].is_param or under_item):
            if len(statics) == 1:
                return None
            return Wanted(tuple(statics[:-1]), last)
    verbs = _ITEM_VERBS if is_item else _COLLECTION_VERBS
    return Wanted(tuple(statics), verbs.get(method, method))


def fallback_group(op_node: dict[str, Any], path: str) -> str:
    """The tag naming of earlier versions: the first tag, else the first static segment."""
    tags = op_node.get("tags")
    if isinstance(tags, list) and tags and isinstance(tags[0], str):
        want = naming.snake(tags[0])
        if want:
            return want
    for seg in _segments(path):
        if not seg.is_param:
            return naming.snake(seg.text)
    return "default"


def operation_id_name(op_node: dict[str, Any], method: str, path: str) -> str | None:
    """The operationId in snake_case, without the path and method FastAPI appends to it."""
    op_id = op_node.get("operationId")
    if not isinstance(op_id, str) or not naming.snake(op_id):
        return None
    suffix = "_" + naming.snake(path) + "_" + method
    name = naming.snake(op_id)
    if name.endswith(suffix) and len(name) > len(suffix):
        name = name[: -len(suffix)]
    return name


def _plain_verb(method: str, path: str) -> str:
    is_item = path.rstrip("/").endswith("}")
    return (_ITEM_VERBS if is_item else _COLLECTION_VERBS).get(method, method)


@dataclass(frozen=True)
class Op:
    """What naming needs of an operation: its key, method, path and the operation object."""

    key: str
    method: str
    path: str
    node: dict[str, Any]


def place(ops: Sequence[Op], by_rest: bool = True) -> dict[str, Wanted]:
    """Key → where each operation goes.

    Rules, in order: (1) an operation whose path has no static segment takes the first tag as its
    resource and its operationId (else the verb) as its method; (2) the rest take their REST
    names; (3) where two or more operations want the same method of one resource, the one that
    ranks first by :func:`_precedence` keeps it when it ranks first alone, and every other one
    takes its operationId (in that resource) if it has one; never spec order. ``by_rest=False``
    (the ``naming: tags`` setting) names every operation as (1) does. Names still equal
    after that get ``_2``, ``_3``… in key order later (``naming.dedupe``).
    """
    extended = _static_prefixes([op.path for op in ops])
    methods: dict[str, set[str]] = {}
    for op in ops:
        methods.setdefault(op.path, set()).add(op.method)
    out: dict[str, Wanted] = {}
    for op in ops:
        wanted = (
            rest_name(op.method, op.path, extended, frozenset(methods[op.path]))
            if by_rest
            else None
        )
        if wanted is None:
            method = operation_id_name(op.node, op.method, op.path) or _plain_verb(
                op.method, op.path
            )
            wanted = Wanted((fallback_group(op.node, op.path),), method)
        out[op.key] = wanted
    claims: dict[Wanted, list[str]] = {}
    for key, wanted in out.items():
        claims.setdefault(wanted, []).append(key)
    by_key = {op.key: op for op in ops}
    for wanted, keys in claims.items():
        if len(keys) < 2:
            continue
        ranked = sorted(keys, key=lambda k: _precedence(by_key[k].path))
        first, second = ranked[0], ranked[1]
        keeper = (
            first
            if _precedence(by_key[first].path) != _precedence(by_key[second].path)
            else None
        )
        for key in keys:
            op = by_key[key]
            from_id = operation_id_name(op.node, op.method, op.path)
            if key != keeper and from_id is not None:
                out[key] = Wanted(wanted.resource, from_id)
    _yield_to_resources(out, by_key)
    return out


def _yield_to_resources(out: dict[str, Wanted], by_key: dict[str, Op]) -> None:
    """A method named like a resource beside it (``pipelines.sync(id)`` beside
    ``pipelines.sync.cancel(id)``; ``retrievers.retrieve(id)`` beside
    ``retrievers.retrieve.create()``) would replace that resource on the class: the resource
    keeps the name, the method takes its operationId, else its name and HTTP method."""
    resources = {
        w.resource[:i] for w in out.values() for i in range(1, len(w.resource) + 1)
    }
    for key, wanted in sorted(out.items()):
        if wanted.resource + (wanted.method,) not in resources:
            continue
        op = by_key[key]
        from_id = operation_id_name(op.node, op.method, op.path)
        if from_id is None or wanted.resource + (from_id,) in resources:
            from_id = f"{wanted.method}_{op.method}"
        out[key] = Wanted(wanted.resource, from_id)


def _precedence(path: str) -> tuple[bool, int]:
    """Which of colliding paths keeps the REST name: one without a query part (``?beta=true``
    marks a variant), then the one nested deepest under items (``/threads/{id}/runs`` is the
    runs collection, ``/threads/runs`` a shortcut into it). Lower sorts first."""
    return ("?" in path, -path.count("{"))
