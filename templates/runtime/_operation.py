"""Declarative description of one endpoint.

Generated resource methods state *what* an operation is (an :class:`Operation`) and hand their
arguments to the client; the client's ``request()`` does all the HTTP work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["ParamLocation", "Param", "Operation"]

ParamLocation = Literal["path", "query", "header", "cookie", "body"]


@dataclass(frozen=True)
class Param:
    name: str
    """The Python keyword argument."""
    wire: str
    """The name on the wire (a path placeholder, query key, header, cookie or JSON field)."""
    location: ParamLocation


@dataclass(frozen=True)
class Operation:
    method: str
    """Lower-case HTTP method."""
    path: str
    """``/items/{item_id}``: placeholders are wire names of path params."""
    params: tuple[Param, ...]
    body: Literal["json"] | None
    """How body params are encoded; ``None`` when the operation has no body."""
    cast_to: Any
    """Model class or typing form the 2xx body is parsed into; ``None`` means no body."""
