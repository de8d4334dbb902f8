"""The Go SDK's paginated operations: ``List`` returns a ``*pagination.Page[T]`` and
``ListAutoPaging`` a ``*pagination.PageAutoPager[T]``, both driven by the IR's ``Pagination``.

The request itself is the operation's ordinary method under an unexported name (``listPage``)
answering the body as received (``json.RawMessage``); the runtime's ``pagination.First`` calls
it for each page with the params changed (``packages/pagination``). Response paths stay wire
names, read from the raw JSON, so a nested cursor needs no Go names; the params fields the
next request changes are named by their Go field.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ...ir.nodes import Operation, Pagination
from . import filters, naming

if TYPE_CHECKING:
    from .plan import GoMethod

# The type of the unexported page method's result: the body as received.
RAW = "json.RawMessage"


@dataclass(frozen=True)
class GoPager:
    name: str  # List
    auto: str  # ListAutoPaging
    method: GoMethod  # as planned: List's signature and doc
    send: GoMethod  # the request of one page (unexported)
    item: str  # T
    paging: Pagination
    param: str  # Go fields of the params struct; "" when none
    size: str
    query: tuple[tuple[str, str], ...]  # (wire, field) of every query parameter


def page_method_name(name: str) -> str:
    return naming.lower_first(name) + "Page"


def auto_name(name: str, members: set[str]) -> str:
    """``ListAutoPaging``, unless the service already has such a member."""
    candidate, n = name + "AutoPaging", 1
    while candidate in members:
        n += 1
        candidate = f"{name}AutoPaging{n}"
    members.add(candidate)
    return candidate


def plan_pager(op: Operation, method: GoMethod, item: str, auto: str) -> GoPager | None:
    """The pager of ``op`` (planned as ``method``), or ``None`` when the Go SDK cannot follow
    its pages: then the method returns the first page's object as before."""
    paging = op.pagination
    if paging is None or method.returns == "":
        return None
    fields = {
        (f.wire, f.location): f.name
        for f in (method.params.fields if method.params else [])
    }

    def field(wire: str) -> str:
        for location in ("query", "body", "form"):
            if (wire, location) in fields:
                return fields[(wire, location)]
        return ""

    param = field(paging.param) if paging.param else ""
    if paging.scheme != "link" and not param:
        return None
    size = field(paging.size_param) if paging.size_param else ""
    query = tuple((p.wire, p.field) for p in method.placements if p.location == "query")
    name = page_method_name(method.name)
    send = replace(
        method,
        name=name,
        returns=RAW,
        summary=None,
        description=f"{name} sends one request of {method.name}: the page its params ask for.",
        deprecated=False,
    )
    return GoPager(method.name, auto, method, send, item, paging, param, size, query)


def _strings(values: tuple[str, ...] | list[str]) -> str:
    return "[]string{" + ", ".join(filters.go_string(v) for v in values) + "}"


def paging_lines(p: GoPager) -> list[str]:
    """The fields of the ``pagination.Paging`` literal that differ from the zero value, aligned
    as gofmt aligns a composite literal's keys (one key per line, all short)."""
    g = p.paging
    cells: list[tuple[str, str]] = [
        ("Scheme", filters.go_string(g.scheme)),
        ("NextFrom", filters.go_string(g.next_from)),
    ]
    if g.items:
        cells.append(("Items", _strings(g.items)))
    if g.cursor_field:
        cells.append(("Cursor", _strings(g.cursor_field)))
    if g.has_more:
        cells.append(("HasMore", _strings(g.has_more)))
    if g.total:
        cells.append(("Total", _strings(g.total)))
    if g.first:
        cells.append(("First", str(g.first)))
    if p.param:
        cells.append(("Param", filters.go_string(p.param)))
    if p.size:
        cells.append(("Size", filters.go_string(p.size)))
    if g.scheme == "link" and p.query:
        pairs = ", ".join(
            "{" + filters.go_string(w) + ", " + filters.go_string(f) + "}"
            for w, f in p.query
        )
        cells.append(("Query", "[][2]string{" + pairs + "}"))
    width = max(len(k) for k, _ in cells) + 1
    return [f"{(k + ':').ljust(width)} {v}," for k, v in cells]
