"""A quick stand-in for ``jsonschema_path.SchemaPath``, for the validator's walk over the document.

openapi-spec-validator walks paths, operations, parameters, media types and schemas through
``SchemaPath`` objects, and spends most of its time there: each step re-resolves its path through
``referencing`` and checks a runtime ``Protocol`` (~10 µs a step in Python 3.11; 0.2 s of the
0.22 s walk of LlamaCloud's spec). ``DocPath`` takes the same steps over the loaded data directly.

It covers the documents whose references it can resolve exactly as ``referencing`` would: one file,
no ``$id`` anywhere (so every ``#/...`` pointer is relative to the document itself). On anything
else (another kind of reference, a pointer to nowhere) it raises :class:`Unsupported`, and the
caller runs the walk again with the library's own paths. Value checks of ``default`` get the
resolver of the library's path to the root, which the validator builds anyway.
"""

from __future__ import annotations

from collections.abc import Iterator, KeysView
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote


class Unsupported(Exception):
    """This document, or this reference, is for the library's own paths."""


class _Missing:
    """The value of a path that leads nowhere: it reads as a ``KeyError``, like the library's."""


_MISSING = _Missing()
# What pathable's accessor can subscript (its ``Subscriptable`` protocol, for the types a loaded
# document holds).
_SUBSCRIPTABLE = (dict, list, str, bytes)
_NOT_SET = object()


class _Space:
    """What every path of one walk shares: the document and the library's path to its root."""

    def __init__(self, data: Any, library_root: Any) -> None:
        self.data = data
        self.library_root = library_root
        self._root_resolved: Any = None

    def root_resolved(self) -> Any:
        """The library's resolution of the document's root, made once."""
        if self._root_resolved is None:
            with self.library_root.resolve() as found:
                self._root_resolved = found
        return self._root_resolved


class DocPath:
    """The subset of ``SchemaPath`` the validator's keyword walk uses, with the same results."""

    __slots__ = ("_node", "_parent", "_key", "_space")

    def __init__(
        self, node: Any, parent: DocPath | None, key: Any, space: _Space
    ) -> None:
        self._node = node
        self._parent = parent
        self._key = key
        self._space = space

    @classmethod
    def root(cls, data: Any, library_root: Any) -> DocPath:
        space = _Space(data, library_root)
        return cls(_resolve(data, space), None, None, space)

    @property
    def parts(self) -> tuple[Any, ...]:
        out: list[Any] = []
        path: DocPath | None = self
        while path is not None and path._parent is not None:
            out.append(path._key)
            path = path._parent
        return tuple(reversed(out))

    def __truediv__(self, key: Any) -> DocPath:
        node = self._node
        if isinstance(node, _SUBSCRIPTABLE):
            try:
                child = node[key]
            except (KeyError, IndexError, TypeError):
                child = _MISSING
        else:
            child = _MISSING
        if child is not _MISSING:
            child = _resolve(child, self._space)
        return DocPath(child, self, key, self._space)

    def _clone_with_parts(self, parts: tuple[Any, ...]) -> DocPath:
        path = DocPath(_resolve(self._space.data, self._space), None, None, self._space)
        for part in parts:
            path = path / part
        return path

    def read_value(self) -> Any:
        if self._node is _MISSING:
            raise KeyError(self._key)
        return self._node

    def read_str(self, default: Any = _NOT_SET) -> Any:
        try:
            value = self.read_value()
        except KeyError:
            if default is not _NOT_SET:
                return default
            raise
        if not isinstance(value, str):
            raise TypeError(f"Expected a string value, got {type(value)}")
        return value

    def __contains__(self, key: Any) -> bool:
        node = self._node
        if isinstance(node, dict):
            return key in node
        if isinstance(node, list):
            return isinstance(key, int) and 0 <= key < len(node)
        return False

    def keys(self) -> KeysView[Any] | range:
        node = self.read_value()
        if isinstance(node, dict):
            return node.keys()
        if isinstance(node, list):
            return range(len(node))
        raise KeyError(self._key)

    def __len__(self) -> int:
        return len(self.keys())

    def __iter__(self) -> Iterator[DocPath]:
        for key in self.keys():
            yield self / key

    def items(self) -> Iterator[tuple[Any, DocPath]]:
        for key in self.keys():
            yield key, self / key

    def __getitem__(self, key: Any) -> Any:
        # As the library does: a child that is a container (a reference included) comes back as
        # a path, any other as its value.
        node = self.read_value()
        try:
            if not isinstance(node, _SUBSCRIPTABLE):
                raise TypeError
            raw = node[key]
        except (KeyError, IndexError, TypeError):
            raise KeyError(key) from None
        return self / key if isinstance(raw, (dict, list)) else raw

    @contextmanager
    def resolve(self) -> Iterator[Any]:
        """What the library's path would give: this value, with the ``referencing`` resolver of
        the document (one file, no ``$id``: every reference in it resolves from there).
        """
        found = self._space.root_resolved()
        yield type(found)(contents=self._node, resolver=found.resolver)


def _resolve(node: Any, space: _Space) -> Any:
    """``node``, or what its ``$ref`` names, followed until it is not a reference."""
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        node = _pointer(node["$ref"], space.data)
        seen += 1
        if seen > 64:  # the library would recurse until Python stops it
            raise Unsupported("a chain of references")
    return node


def _pointer(ref: str, data: Any) -> Any:
    """A ``#/...`` reference looked up as ``referencing`` looks it up: percent-decoded, then each
    segment unescaped, or an index into a sequence."""
    if ref == "#":
        return data
    if not ref.startswith("#/"):
        raise Unsupported(ref)
    contents = data
    for segment in unquote(ref[2:]).split("/"):
        try:
            if isinstance(contents, (list, str, tuple)):
                contents = contents[int(segment)]
            else:
                contents = contents[segment.replace("~1", "/").replace("~0", "~")]
        except (LookupError, ValueError, TypeError):
            raise Unsupported(ref) from None
    return contents


def supports(text: str, files: int) -> bool:
    """Whether ``DocPath`` resolves every reference of a document as the library would: one
    file, and no ``$id`` (which would move the base of the references under it)."""
    return files == 1 and "$id" not in text
