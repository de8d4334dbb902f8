"""Python text for paginated operations: the ``Pagination`` constant and the page types.

The IR names request parameters and response fields as the API spells them; here they become
the Python names the generated method and models use.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..ir.nodes import Model, Operation, Pagination, TypeRef
from .filters import Annotations, pyrepr


class PageFilters:
    def __init__(self, models: Mapping[str, Model], annotations: Annotations) -> None:
        self.models = models
        self.annotations = annotations

    def _field_name(self, ref: TypeRef | None, wire: str) -> str:
        """The Python attribute of ``wire`` on the model ``ref`` (a union: its first member)."""
        if ref is not None and ref.kind == "union" and ref.args:
            ref = ref.args[0]
        model = self.models.get(ref.name) if ref is not None else None
        if model is not None:
            for field in model.fields:
                if field.wire == wire:
                    return field.name
        return wire

    def _path_name(self, ref: TypeRef | None, path: tuple[str, ...]) -> str:
        """The response field ``path`` as the runtime reads it: Python attribute names joined
        by ``.`` (no Python name holds a dot, whatever the wire names hold)."""
        names: list[str] = []
        for wire in path:
            names.append(self._field_name(ref, wire))
            if ref is not None and ref.kind == "union" and ref.args:
                ref = ref.args[0]
            model = self.models.get(ref.name) if ref is not None else None
            field = next(
                (f for f in model.fields if f.wire == wire) if model else iter(()), None
            )
            ref = field.type if field is not None else None
        return ".".join(names)

    @staticmethod
    def _param_name(op: Operation, wire: str) -> str:
        for p in op.parameters:
            if p.wire == wire and p.location in ("query", "body"):
                return p.name
        return wire

    def paging_call(self, op: Operation) -> str:
        """``_Pagination(...)`` for ``op``, naming only what differs from the defaults."""
        paging = op.pagination
        assert paging is not None
        body = op.response.type if op.response else None
        cursor = self._path_name(
            paging.item_type if paging.next_from == "last_item" else body,
            paging.cursor_field,
        )
        values: list[tuple[str, object]] = [
            ("scheme", paging.scheme),
            ("next_from", paging.next_from),
            ("items", self._path_name(body, paging.items)),
            ("param", self._param_name(op, paging.param) if paging.param else ""),
            ("cursor", cursor),
            ("has_more", self._path_name(body, paging.has_more)),
            ("total", self._path_name(body, paging.total)),
            (
                "size",
                self._param_name(op, paging.size_param) if paging.size_param else "",
            ),
            ("first", paging.first),
        ]
        args = ", ".join(
            f"{key}={pyrepr(value)}" for key, value in values if value not in ("", 0)
        )
        return f"_Pagination({args})"

    def paging_constant(self, op: Operation) -> str:
        # Lower case: no operation's constant (``_`` + its upper-cased name) can take it.
        return op.constant + "_pages"

    def item_annotation(self, paging: Pagination, method_scope: bool = True) -> str:
        return self.annotations.annotation(paging.item_type, method_scope=method_scope)

    def page_annotation(
        self, op: Operation, is_async: bool = False, in_class: bool = True
    ) -> str:
        """What a paginated method returns: ``_SyncPage[File]``, ``_AsyncPaginator[File]`` (in a
        resource class, runtime classes go under ``_`` names), else as the docs show it.
        """
        assert op.pagination is not None
        under = "_" if in_class else ""
        kind = "AsyncPaginator" if is_async else "SyncPage"
        return f"{under}{kind}[{self.item_annotation(op.pagination, in_class)}]"
