"""The document set: the root file, the local files it references, and ``$ref`` resolution.

Only references to fragments of the same file or to files under the root file's folder are
followed; URLs are never fetched. Every reference is checked up front so that a dangling one is
reported at the place that makes it, not wherever the IR builder happens to need it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..diagnostics import Diagnostic, GenerationError, pointer_join, pointer_parts
from .load import DEFAULT_MAX_BYTES, SourceFile, load_file

# Under these keys the children are user-chosen names, not keywords: a property called "example"
# is a schema and may hold references.
_NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "schemas",
        "responses",
        "parameters",
        "examples",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
        "pathItems",
        "paths",
        "content",
        "mapping",
        "encoding",
        "variables",
        "webhooks",
    }
)
# Values under these keys are data (examples, defaults), where a "$ref" key is just a key.
_DATA_KEYS = frozenset({"example", "default", "const", "enum"})


_MAX_CHAIN = 32  # a $ref to a $ref to …; real specs use two or three


@dataclass(frozen=True)
class Located:
    file: SourceFile
    pointer: str
    value: Any


class DocumentSet:
    """``allow``: more folders whose files references may read (``--allow-external-refs``);
    ``max_bytes``: the size limit for every referenced file, as for the root."""

    def __init__(
        self,
        root: SourceFile,
        *,
        allow: tuple[Path, ...] = (),
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.root = root
        self._base_dir = root.path.resolve().parent
        self._allowed = (self._base_dir, *(Path(p).resolve() for p in allow))
        self._max_bytes = max_bytes
        self.files: dict[Path, SourceFile] = {root.path.resolve(): root}
        # (ref, id of the file making it) -> where it leads, or why it leads nowhere; files stay
        # in ``files`` for the set's lifetime, so an id is not reused for another.
        self._resolved: dict[tuple[str, int], Located | str] = {}

    def located(self, file: SourceFile, pointer: str) -> Diagnostic:
        return Diagnostic(file.display, file.line_of(pointer), pointer, "")

    def diagnostic(
        self, file: SourceFile, pointer: str, message: str, severity: str = "error"
    ) -> Diagnostic:
        return Diagnostic(
            file.display,
            file.line_of(pointer),
            pointer,
            message,
            "warning" if severity == "warning" else "error",
        )

    def resolve(self, ref: str, origin: SourceFile) -> Located:
        """Follow one ``$ref`` made in ``origin``; raise a located error when it dangles."""
        # The same few hundred references are made thousands of times (checks, then the IR).
        key = (ref, id(origin))
        found = self._resolved.get(key)
        if found is None:
            try:
                found = self._resolve(ref, origin)
            except LookupError as exc:
                found = str(exc)
            self._resolved[key] = found
        if isinstance(found, str):
            raise LookupError(found)
        return found

    def _resolve(self, ref: str, origin: SourceFile) -> Located:
        target_file, pointer = self._target(ref, origin)
        node: Any = target_file.data
        for part in pointer_parts(pointer):
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise LookupError(
                    f"'{ref}' points at nothing: no '{part}' in {target_file.display}"
                )
        return Located(target_file, pointer, node)

    def follow(self, node: Any, file: SourceFile, pointer: str) -> Located:
        """The object at the end of a chain of ``$ref``s; ``LookupError`` when one dangles."""
        for _ in range(_MAX_CHAIN):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return Located(file, pointer, node)
            located = self.resolve(node["$ref"], file)
            node, file, pointer = located.value, located.file, located.pointer
        raise LookupError(
            f"more than {_MAX_CHAIN} $refs in a row at {pointer} (a cycle?)"
        )

    def _target(self, ref: str, origin: SourceFile) -> tuple[SourceFile, str]:
        split = urlsplit(ref)
        if split.scheme or split.netloc:
            raise LookupError(
                f"'{ref}' is a URL; URLs are never fetched, use a local file"
            )
        pointer = unquote(split.fragment)
        if pointer and not pointer.startswith("/"):
            raise LookupError(f"'{ref}' has a fragment that is not a JSON pointer")
        if not split.path:
            return origin, pointer
        rel = unquote(split.path)
        if "\x00" in rel:
            raise LookupError(f"{ref!r} names a file with a NUL character")
        # resolve() follows symlinks: a link under the folder that points out of it is refused.
        target = (origin.path.resolve().parent / rel).resolve()
        if not any(target.is_relative_to(d) for d in self._allowed):
            raise LookupError(
                f"'{ref}' leaves the spec's folder; only files under {self._base_dir.name}/ "
                "are read (--allow-external-refs DIR allows another folder)"
            )
        if target not in self.files:
            try:
                display = str(Path(origin.display).parent / rel)
                self.files[target] = load_file(
                    target, display, max_bytes=self._max_bytes
                )
            except GenerationError as exc:
                raise LookupError(f"'{ref}': {exc.diagnostics[0].message}") from None
        return self.files[target], pointer

    def resolver_handlers(self) -> dict[str, Any]:
        """URI handlers for openapi-spec-validator: only files this set has already loaded (and
        so already checked) are served; anything else, and every URL, is refused unread.
        """

        def handler(uri: str) -> Any:
            split = urlsplit(uri)
            if split.scheme == "file" and not split.netloc:
                # Imported here: urllib.request brings in http and ssl (~10 ms at start-up).
                from urllib.request import url2pathname

                path = Path(url2pathname(split.path)).resolve()
                if path in self.files:
                    return self.files[path].data
            raise LookupError(f"{uri}: not read (only checked local files are)")

        return {
            "<all_urls>": handler,
            "file": handler,
            "http": handler,
            "https": handler,
        }

    def check_references(self) -> list[Diagnostic]:
        """Resolve every reference in every reachable file; one diagnostic per dangling one."""
        problems: list[Diagnostic] = []
        seen: set[int] = set()  # ids of the files walked (one SourceFile per file)
        pending = [self.root]
        while pending:
            file = pending.pop()
            if id(file) in seen:
                continue
            seen.add(id(file))
            for pointer, ref in iter_refs(file.data):
                try:
                    located = self.resolve(ref, file)
                except LookupError as exc:
                    problems.append(
                        self.diagnostic(file, pointer_join(pointer, "$ref"), str(exc))
                    )
                    continue
                if isinstance(located.value, dict) and isinstance(
                    located.value.get("$ref"), str
                ):
                    problem = self._chain_problem(located)
                    if problem:
                        problems.append(
                            self.diagnostic(
                                file,
                                pointer_join(pointer, "$ref"),
                                f"'{ref}' {problem}",
                            )
                        )
                        continue
                if id(located.file) not in seen:
                    pending.append(located.file)
        return problems

    def _chain_problem(self, start: Located) -> str | None:
        """What is wrong with a chain of ``$ref``-only objects: a cycle, or one too long."""
        chain: list[str] = []
        seen: set[tuple[Path, str]] = set()
        here = start
        for _ in range(_MAX_CHAIN):
            key = (here.file.path, here.pointer)
            if key in seen:
                path = " -> ".join([*chain, here.pointer or "/"])
                return (
                    f"starts a cycle of $refs that never reaches a schema ({path}); "
                    "point one of them at a schema"
                )
            seen.add(key)
            chain.append(here.pointer or "/")
            value = here.value
            if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
                return None
            try:
                here = self.resolve(value["$ref"], here.file)
            except LookupError:
                return None  # reported where that reference is made
        return (
            f"starts a chain of more than {_MAX_CHAIN} $refs in a row; "
            "point it nearer the schema"
        )


def iter_refs(data: Any) -> list[tuple[str, str]]:
    """Every ``$ref`` string in ``data`` with the pointer of the object holding it (iterative).

    A node's place is kept as a link to its parent's (``(parent link, key)``) and spelt out as a
    pointer only where a reference is found: most nodes hold none."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[Any, str, str, Any]] = [(data, "", "", None)]
    while stack:
        node, key, parent_key, link = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                found.append((_spelt(link), ref))
            names = key in _NAME_MAPS and parent_key not in _NAME_MAPS
            for child_key, child in node.items():
                if not isinstance(child_key, str) or (child_key == "$ref"):
                    continue
                if not names and (
                    child_key in _DATA_KEYS or child_key.startswith("x-")
                ):
                    continue
                if child_key == "value" and parent_key == "examples":
                    continue
                if isinstance(child, (dict, list)):
                    stack.append((child, child_key, key, (link, child_key)))
        elif isinstance(node, list):
            for i, child in enumerate(node):
                if isinstance(child, (dict, list)):
                    stack.append((child, key, parent_key, (link, i)))
    found.sort()
    return found


def _spelt(link: Any) -> str:
    parts: list[str | int] = []
    while link is not None:
        link, part = link
        parts.append(part)
    return pointer_join("", *reversed(parts))
