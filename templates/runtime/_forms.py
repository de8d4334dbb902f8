"""How a form field's value becomes ``name=value`` pairs when it nests (objects, arrays of
objects): the bracket convention Stripe, Rails and PHP read, ``meta[key]=v``, ``items[0][price]=x``.

Values arrive as plain JSON data. This module is stdlib-only and imports nothing of the package:
the generator loads the same file to write the example request bodies in the docs.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

__all__ = ["scalar_text", "uses_brackets", "bracket_pairs", "bracket_pieces"]


def scalar_text(data: object) -> str:
    """One JSON scalar as form text (booleans as JSON spells them)."""
    if isinstance(data, bool):
        return "true" if data else "false"
    return str(data)


def uses_brackets(style: str | None, data: object) -> bool:
    """Whether a field is written in brackets: declared ``deepObject``, or declared nothing and
    nested. OpenAPI's own default for an object (``form``, exploded) would spread its fields
    among the form's, where they can collide with real ones; brackets keep them apart.
    """
    if style == "deepObject":
        return True
    if style is not None:
        return False
    if isinstance(data, Mapping):
        return True
    return isinstance(data, list) and any(
        isinstance(item, (Mapping, list)) for item in data
    )


def bracket_pairs(key: str, data: object) -> list[tuple[str, str]]:
    """``key[sub]=v`` for objects and ``key[0]=v`` for arrays, to any depth: an index keeps the
    fields of one array item together, which ``key[]`` cannot for arrays of objects. ``None``
    (a form has no null) is left out."""
    if data is None:
        return []
    if isinstance(data, Mapping):
        return [
            pair
            for sub, item in data.items()
            for pair in bracket_pairs(f"{key}[{sub}]", item)
        ]
    if isinstance(data, list):
        return [
            pair
            for index, item in enumerate(data)
            for pair in bracket_pairs(f"{key}[{index}]", item)
        ]
    return [(key, scalar_text(data))]


def bracket_pieces(key: str, data: object) -> list[str]:
    """:func:`bracket_pairs`, percent-encoded as ``application/x-www-form-urlencoded`` pieces."""
    return [
        f"{quote(name, safe='')}={quote(value, safe='')}"
        for name, value in bracket_pairs(key, data)
    ]
