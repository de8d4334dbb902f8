"""Which list operations page, and how: detected from the spec's shapes, or declared in settings.

Detection needs both halves to match: request parameters a scheme advances *and* a response that
carries the items (and the scheme's marker: ``has_more``, a next-cursor field, a documented
``Link`` header). A parameter named ``page`` alone, or a response with a ``data`` array alone, is
not enough. The shapes are those real APIs use (OpenAI and Stripe's ``after``/``starting_after``
with ``has_more``; Google's ``pageToken``/``nextPageToken``; ``offset``/``skip`` with ``limit``;
``page`` with ``per_page``; GitHub's ``Link: <...>; rel="next"``). Anything else is declared
under ``pagination:`` in the settings, and a declaration that does not fit its operation is an
error at the declaration's line.
"""

from __future__ import annotations

import fnmatch
from dataclasses import replace
from typing import Any, Iterable, Mapping, cast

from ..diagnostics import Diagnostic, GenerationError, pointer_join
from ..settings import PaginationSettings, Settings
from ..spec.load import SourceFile
from ..spec.refs import DocumentSet
from .nodes import (
    Field,
    Model,
    NextFrom,
    Operation,
    Pagination,
    PaginationScheme,
    Parameter,
    Resource,
    TypeRef,
)

# Response fields that name the items when an object has more than one array.
_ITEM_FIELDS = ("data", "items", "results", "entries", "records", "values")
_AFTER_PARAMS = ("after", "starting_after")
_OFFSET_PARAMS = ("offset", "skip")
_LIMIT_PARAMS = ("limit",)
_PAGE_PARAMS = ("page",)
_PER_PAGE_PARAMS = ("per_page", "page_size", "perPage", "pageSize")
_TOTAL_FIELDS = ("total", "total_count", "totalCount")
_TOTAL_PAGES_FIELDS = ("total_pages", "totalPages")
# Cursors nested in the response, each with the one string parameter that sends it back:
# Kubernetes' ``metadata.continue`` (ListMeta) and Slack's ``response_metadata.next_cursor``.
_NESTED_CURSORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("continue", ("metadata", "continue")),
    ("cursor", ("response_metadata", "next_cursor")),
)
# An operation's spec node, its path item, its file and its pointer.
RawOperation = tuple[dict[str, Any], dict[str, Any], SourceFile, str]
# Where an item's next-cursor parameter may go: a query string or the body's fields.
_ADVANCING = ("query", "body")


def attach(
    resources: tuple[Resource, ...],
    models: Mapping[str, Model],
    raw_nodes: Mapping[str, RawOperation],
    docs: DocumentSet,
    settings: Settings,
) -> tuple[Resource, ...]:
    """``resources`` with each list operation's :class:`Pagination` set.

    ``raw_nodes``: each operation's spec node, its path item, file and pointer (for response
    headers and parameter defaults).
    """
    finder = _Finder(models, raw_nodes, docs)
    declared = _Declarations(settings, finder)
    out = tuple(_walk(r, finder, declared) for r in resources)
    declared.check_patterns()
    if declared.problems:
        raise GenerationError(declared.problems)
    return out


def _walk(resource: Resource, finder: _Finder, declared: _Declarations) -> Resource:
    operations = tuple(
        _with_pagination(op, finder, declared) for op in resource.operations
    )
    children = tuple(_walk(c, finder, declared) for c in resource.children)
    if operations == resource.operations and children == resource.children:
        return resource
    return replace(resource, operations=operations, children=children)


def _with_pagination(
    op: Operation, finder: _Finder, declared: _Declarations
) -> Operation:
    entry = declared.for_operation(op)
    if entry is None:
        found = finder.detect(op)
    elif entry.scheme == "none":
        return op
    else:
        found = declared.resolve(entry, op)
    return op if found is None else replace(op, pagination=found)


class _Shape:
    """An operation's request parameters and response fields, by wire name."""

    def __init__(self, op: Operation, models: Mapping[str, Model]) -> None:
        self.params: dict[str, Parameter] = {}
        for p in op.parameters:
            if p.location in _ADVANCING:
                self.params.setdefault(p.wire, p)
        self.body: TypeRef | None = (
            op.response.type
            if op.response and op.response.kind == "json" and op.response.type
            else None
        )
        self.fields: dict[str, Field] = {}
        if self.body is not None and self.body.kind == "model":
            model = models.get(self.body.name)
            if model is not None and model.kind == "object":
                self.fields = {f.wire: f for f in model.fields}

    def param(self, names: Iterable[str], kinds: tuple[str, ...]) -> str:
        for name in names:
            p = self.params.get(name)
            if p is not None and _primitive(p.type) in kinds:
                return name
        return ""

    def field(self, names: Iterable[str], kinds: tuple[str, ...]) -> str:
        for name in names:
            f = self.fields.get(name)
            if f is not None and _primitive(f.type) in kinds:
                return name
        return ""

    def items(self) -> tuple[str, TypeRef] | None:
        """The items' field ("" for an array body) and one item's type."""
        if self.body is not None and self.body.kind == "array":
            return "", self.body.args[0]
        arrays = [f for f in self.fields.values() if f.type.kind == "array"]
        if len(arrays) > 1:
            arrays = [f for f in arrays if f.wire in _ITEM_FIELDS][:1]
        if len(arrays) != 1:
            return None
        return arrays[0].wire, arrays[0].type.args[0]

    def at(self, path: tuple[str, ...], models: Mapping[str, Model]) -> TypeRef | str:
        """The type of the response field ``path`` (nested objects' wire names, outermost
        first), or what is missing on the way."""
        current = self.body
        for depth, wire in enumerate(path):
            outer = ".".join(path[:depth])
            model = (
                models.get(current.name)
                if current is not None and current.kind == "model"
                else None
            )
            if model is None or model.kind != "object":
                return (
                    f"the response's {outer!r} is not an object"
                    if depth
                    else "the response is not an object"
                )
            found = next((f for f in model.fields if f.wire == wire), None)
            if found is None:
                return (
                    f"the response's {outer!r} has no field {wire!r}"
                    if depth
                    else f"the response has no field {wire!r}"
                )
            current = found.type
        assert current is not None
        return current


def is_list(op: Operation, models: Mapping[str, Model]) -> bool:
    """Whether ``op`` reads a list, paginated or not (what a report counts as a list
    operation): paginated, or a GET answering a JSON array or an object whose items field has
    one of the usual names (``data``, ``items``, ``results`` ...)."""
    if op.pagination is not None:
        return True
    if op.http_method != "get" or op.response is None or op.response.kind != "json":
        return False
    found = _Shape(op, models).items()
    return found is not None and (found[0] == "" or found[0] in _ITEM_FIELDS)


def _path(wire: str) -> tuple[str, ...]:
    """A detected top-level field as a path; "": none."""
    return (wire,) if wire else ()


def _primitive(ref: TypeRef) -> str:
    if ref.kind == "primitive":
        return ref.name
    if ref.kind == "literal" and ref.values:
        return type(ref.values[0]).__name__
    return ref.kind


class _Finder:
    def __init__(
        self,
        models: Mapping[str, Model],
        raw_nodes: Mapping[str, RawOperation],
        docs: DocumentSet,
    ) -> None:
        self.models = models
        self.raw_nodes = raw_nodes
        self.docs = docs

    def shape(self, op: Operation) -> _Shape:
        return _Shape(op, self.models)

    def item_has(self, item: TypeRef, wire: str) -> bool:
        """Whether every item is an object carrying ``wire`` (a union: each member)."""
        members = item.args if item.kind == "union" else (item,)
        for member in members:
            model = self.models.get(member.name) if member.kind == "model" else None
            if model is None or not any(f.wire == wire for f in model.fields):
                return False
        return bool(members)

    def documents_link_header(self, op: Operation) -> bool:
        raw = self.raw_nodes.get(op.key)
        if raw is None or op.response is None:
            return False
        node, _, file, pointer = raw
        responses = node.get("responses")
        if not isinstance(responses, dict):
            return False
        status = op.response.status
        response = responses.get(status)
        if response is None and status.isdigit():
            response = responses.get(int(status))
        here = pointer_join(pointer, "responses", status)
        try:
            located = self.docs.follow(response, file, here)
        except LookupError:
            return False
        headers = (
            located.value.get("headers") if isinstance(located.value, dict) else None
        )
        return isinstance(headers, dict) and any(
            isinstance(k, str) and k.lower() == "link" for k in headers
        )

    def detect(self, op: Operation) -> Pagination | None:
        if op.response is None or op.response.kind != "json" or op.response.streams:
            return None
        shape = self.shape(op)
        found = shape.items()
        if found is None:
            return None
        items, item_type = found
        ints = ("int",)
        size = shape.param(_PER_PAGE_PARAMS + _LIMIT_PARAMS, ints)
        if self.documents_link_header(op) and (
            shape.param(_PAGE_PARAMS, ints) or shape.param(_PER_PAGE_PARAMS, ints)
        ):
            return Pagination(
                "link", "link_header", _path(items), item_type, size_param=size
            )
        cursor = self._next_cursor(shape)
        if cursor is not None:
            param, field = cursor
            return Pagination(
                "cursor",
                "response_field",
                _path(items),
                item_type,
                param=param,
                cursor_field=_path(field),
                has_more=_path(shape.field(("has_more",), ("bool",))),
                size_param=size,
            )
        nested = self._nested_cursor(shape)
        if nested is not None:
            param, path = nested
            return Pagination(
                "cursor",
                "response_field",
                _path(items),
                item_type,
                param=param,
                cursor_field=path,
                size_param=shape.param(_LIMIT_PARAMS, ints),
            )
        after = shape.param(_AFTER_PARAMS, ("str",))
        has_more = shape.field(("has_more",), ("bool",))
        if after and has_more and items:
            # The last item's id, or (items without one, e.g. a union of item kinds) the
            # response's own ``last_id``, as OpenAI's conversation items.
            last_id = shape.field(("last_id",), ("str",))
            if self.item_has(item_type, "id") or last_id:
                return Pagination(
                    "cursor",
                    "last_item" if self.item_has(item_type, "id") else "response_field",
                    _path(items),
                    item_type,
                    param=after,
                    cursor_field=_path(
                        "id" if self.item_has(item_type, "id") else last_id
                    ),
                    has_more=_path(has_more),
                    size_param=shape.param(_LIMIT_PARAMS, ints),
                )
        offset = shape.param(_OFFSET_PARAMS, ints)
        limit = shape.param(_LIMIT_PARAMS, ints)
        if offset and limit:
            return Pagination(
                "offset",
                "count",
                _path(items),
                item_type,
                param=offset,
                total=_path(shape.field(_TOTAL_FIELDS, ints)),
                has_more=_path(has_more),
                size_param=limit,
            )
        page = shape.param(_PAGE_PARAMS, ints)
        per_page = shape.param(_PER_PAGE_PARAMS, ints)
        if page and per_page:
            return Pagination(
                "page",
                "count",
                _path(items),
                item_type,
                param=page,
                total=_path(shape.field(_TOTAL_PAGES_FIELDS, ints)),
                has_more=_path(has_more),
                size_param=per_page,
                first=self.first_page(op, page),
            )
        return None

    def first_page(self, op: Operation, wire: str) -> int:
        """The number of the page a call without ``wire`` gets: the parameter's ``default``,
        else its ``minimum``, else 1 (a 0-based API says so, or its second page is skipped).
        """
        raw = self.raw_nodes.get(op.key)
        if raw is None:
            return 1
        node, path_item, file, pointer = raw
        item_pointer = pointer.rsplit("/", 1)[0]
        for params, at in (
            (node.get("parameters"), pointer),
            (path_item.get("parameters"), item_pointer),
        ):
            for i, param in enumerate(params if isinstance(params, list) else ()):
                here = pointer_join(at, "parameters", i)
                try:
                    located = self.docs.follow(param, file, here)
                    if not isinstance(located.value, dict):
                        continue
                    if located.value.get("name") != wire:
                        continue
                    schema = self.docs.follow(
                        located.value.get("schema"), located.file, here
                    ).value
                except LookupError:
                    continue
                for key in ("default", "minimum"):
                    value = schema.get(key) if isinstance(schema, dict) else None
                    if isinstance(value, int) and not isinstance(value, bool):
                        return value
        return 1

    def _nested_cursor(self, shape: _Shape) -> tuple[str, tuple[str, ...]] | None:
        """(parameter, response path) of a known nested cursor: both the string parameter and
        a string field at the whole path, or nothing."""
        for param, path in _NESTED_CURSORS:
            if not shape.param((param,), ("str",)):
                continue
            leaf = shape.at(path, self.models)
            if not isinstance(leaf, str) and _primitive(leaf) == "str":
                return param, path
        return None

    def _next_cursor(self, shape: _Shape) -> tuple[str, str] | None:
        """(parameter, response field) of a next-cursor pair: ``next_<p>``/``next<P>`` beside a
        string parameter ``p`` (``page_token``/``next_page_token``, ``pageToken``/``nextPageToken``,
        Stripe search's ``page``/``next_page``), or ``cursor`` on both sides."""
        for wire, param in shape.params.items():
            if _primitive(param.type) != "str":
                continue
            wanted = [f"next_{wire}", f"next{wire[:1].upper()}{wire[1:]}"]
            if wire == "cursor":
                wanted += ["cursor", "nextCursor"]
            field = shape.field(wanted, ("str",))
            if field:
                return wire, field
        return None


class _Declarations:
    """The settings' ``pagination:`` entries, matched to operations and checked against them."""

    def __init__(self, settings: Settings, finder: _Finder) -> None:
        self.settings = settings
        self.finder = finder
        self.problems: list[Diagnostic] = []
        self.pattern_hits: dict[str, int] = {}

    def for_operation(self, op: Operation) -> PaginationSettings | None:
        """The entry naming ``op`` by its key, else the first whose pattern matches and fits."""
        pattern = None
        for entry in self.settings.pagination:
            for key, pointer in entry.operations:
                if key == op.key:
                    return entry
                if pattern is None and "*" in key and fnmatch.fnmatchcase(op.key, key):
                    if entry.scheme == "none" or self._fit_problem(entry, op) is None:
                        pattern = (entry, pointer)
        if pattern is None:
            return None
        self.pattern_hits[pattern[1]] = self.pattern_hits.get(pattern[1], 0) + 1
        return pattern[0]

    def resolve(self, entry: PaginationSettings, op: Operation) -> Pagination | None:
        problem = self._fit_problem(entry, op)
        if problem is not None:
            where, message = problem
            self.problems.append(
                self.settings.diagnostic(where, f"{op.key}: {message}")
            )
            return None
        return self._build(entry, op)

    def check_patterns(self) -> None:
        for entry in self.settings.pagination:
            for key, pointer in entry.operations:
                if "*" in key and not self.pattern_hits.get(pointer):
                    self.problems.append(
                        self.settings.diagnostic(
                            pointer,
                            f"{key!r} matches no operation that scheme "
                            f"{entry.name!r} fits",
                        )
                    )
                elif "*" not in key and not self._known(key):
                    self.problems.append(
                        self.settings.diagnostic(
                            pointer, f"no operation '{key}' in the spec"
                        )
                    )

    def _known(self, key: str) -> bool:
        return key in self.finder.raw_nodes

    def _items(
        self, entry: PaginationSettings, shape: _Shape
    ) -> tuple[tuple[str, ...], TypeRef] | str:
        if entry.items is None:
            found = shape.items()
            return (
                (_path(found[0]), found[1])
                if found is not None
                else "the response has no single array of items; name it with 'items'"
            )
        if entry.items == ():
            if shape.body is not None and shape.body.kind == "array":
                return (), shape.body.args[0]
            return "the response body is not a JSON array"
        return self._typed(shape, entry.items, ("array",), "an array") or (
            entry.items,
            cast(TypeRef, shape.at(entry.items, self.finder.models)).args[0],
        )

    def _typed(
        self,
        shape: _Shape,
        path: tuple[str, ...],
        kinds: tuple[str, ...],
        what: str,
    ) -> str | None:
        """What is wrong with the response field ``path`` as one of ``kinds``, or None."""
        found = shape.at(path, self.finder.models)
        if isinstance(found, str):
            return found
        if _primitive(found) not in kinds:
            return f"the response's {'.'.join(path)!r} is not {what}"
        return None

    def _fit_problem(
        self, entry: PaginationSettings, op: Operation
    ) -> tuple[str, str] | None:
        """(settings pointer, what does not fit) or None."""
        at = entry.pointer
        if entry.scheme == "none":
            return None
        if op.response is None or op.response.kind != "json" or op.response.streams:
            return at, "the operation has no JSON response to take items from"
        shape = self.finder.shape(op)
        items = self._items(entry, shape)
        if isinstance(items, str):
            return pointer_join(at, "items") if entry.items is not None else at, items
        ints = ("int",)
        if entry.scheme != "link":
            if not entry.param:
                return at, f"scheme {entry.scheme!r} needs 'param'"
            kinds = ints if entry.scheme in ("offset", "page") else ("str", "int")
            if not shape.param((entry.param,), kinds):
                what = "integer" if kinds == ints else "string or integer"
                return (
                    pointer_join(at, "param"),
                    f"no {what} query or body parameter {entry.param!r}",
                )
        if entry.scheme == "cursor":
            if bool(entry.cursor_field) == bool(entry.cursor_item):
                return at, "a cursor scheme needs one of 'cursor' or 'cursor_from_item'"
            if entry.cursor_field:
                wrong = self._typed(
                    shape, entry.cursor_field, ("str", "int"), "a string or integer"
                )
                if wrong:
                    return pointer_join(at, "cursor"), wrong
            if entry.cursor_item and not self.finder.item_has(
                items[1], entry.cursor_item
            ):
                return (
                    pointer_join(at, "cursor_from_item"),
                    f"the items have no field {entry.cursor_item!r}",
                )
        elif entry.cursor_field or entry.cursor_item:
            key = "cursor" if entry.cursor_field else "cursor_from_item"
            return pointer_join(at, key), f"only a cursor scheme takes {key!r}"
        if entry.scheme == "link" and not self.finder.documents_link_header(op):
            return at, "the response documents no Link header"
        for key, path, kinds, what in (
            ("has_more", entry.has_more, ("bool",), "a boolean"),
            ("total", entry.total, ints, "an integer"),
        ):
            wrong = self._typed(shape, path, kinds, what) if path else None
            if wrong:
                return pointer_join(at, key), wrong
        if entry.size_param and not shape.param((entry.size_param,), ints):
            return (
                pointer_join(at, "size"),
                f"no integer query or body parameter {entry.size_param!r}",
            )
        return None

    def _build(self, entry: PaginationSettings, op: Operation) -> Pagination:
        shape = self.finder.shape(op)
        items = self._items(entry, shape)
        assert not isinstance(items, str)  # checked by _fit_problem
        next_from: NextFrom = (
            "count"
            if entry.scheme in ("offset", "page")
            else (
                "link_header"
                if entry.scheme == "link"
                else "response_field" if entry.cursor_field else "last_item"
            )
        )
        return Pagination(
            scheme=cast(PaginationScheme, entry.scheme),
            next_from=next_from,
            items=items[0],
            item_type=items[1],
            param=entry.param,
            cursor_field=entry.cursor_field or _path(entry.cursor_item),
            has_more=entry.has_more,
            total=entry.total,
            size_param=entry.size_param,
            first=(
                entry.first
                if entry.first is not None
                else (1 if entry.scheme == "page" else 0)
            ),
            declared=entry.name,
        )
