"""Bytes → document data, keeping a way back from JSON pointers to source lines.

The happy path parses with the C loaders (``json``, or ``yaml.CSafeLoader`` in ``yaml_text``) and
never computes positions; a line is worked out only when a diagnostic needs one, from the YAML
parser's events (JSON is YAML, so the same code serves both).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, GenerationError, pointer_parts


class DuplicateKey(Exception):
    """A mapping names one key twice; the loader would silently keep only the last value."""

    def __init__(
        self, key: Any, first: int | None, second: int | None, at: int
    ) -> None:
        super().__init__(key)
        self.key, self.first, self.second, self.at = key, first, second, at


# Larger than any real API document (the biggest in the corpus, Stripe's, is 4.2 MB); a bigger
# file is refused before it is parsed unless ``--max-size`` raises the limit.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass
class SourceFile:
    """One loaded file: its parsed data and, lazily, the line of every node."""

    path: Path
    display: str  # the name used in messages (relative, as the user typed it)
    text: str
    data: Any
    _lines: dict[str, int] | None = field(default=None, repr=False)

    def line_of(self, pointer: str) -> int | None:
        """The 1-based line of the node at ``pointer``, or of its nearest existing ancestor."""
        if self._lines is None:
            from .yaml_text import index_lines  # YAML's parser also reads JSON

            self._lines = index_lines(self.text)
        parts = pointer_parts(pointer)
        while True:
            key = "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)
            if key == "/":
                key = ""
            if key in self._lines:
                return self._lines[key]
            if not parts:
                return None
            parts.pop()


def load_file(
    path: Path, display: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> SourceFile:
    """Read and parse one file; any failure becomes a located :class:`GenerationError`."""
    name = display if display is not None else str(path)
    try:
        with path.open("rb") as stream:  # bounded read: a device or pipe may never end
            raw = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise GenerationError([Diagnostic(name, None, "", "file not found")]) from None
    except IsADirectoryError:
        raise GenerationError(
            [Diagnostic(name, None, "", "is a directory, not a file")]
        ) from None
    except OSError as exc:
        raise GenerationError(
            [Diagnostic(name, None, "", f"cannot read: {exc.strerror or exc}")]
        ) from None
    if len(raw) > max_bytes:
        raise GenerationError(
            [
                Diagnostic(
                    name,
                    None,
                    "",
                    f"larger than {max_bytes:,} bytes; refusing to read it "
                    "(pass --max-size MB to allow a larger document)",
                )
            ]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise GenerationError(
            [Diagnostic(name, line, "", "not UTF-8 text; save the document as UTF-8")]
        ) from None
    data = _parse(text, name, json_first=path.suffix.lower() == ".json")
    return SourceFile(path=path, display=name, text=text, data=data)


def _parse(text: str, name: str, *, json_first: bool) -> Any:
    try:
        return _parse_text(text, name, json_first=json_first)
    except RecursionError:
        raise GenerationError(
            [
                Diagnostic(
                    name, None, "", "nested too deeply to read; flatten the document"
                )
            ]
        ) from None
    except DuplicateKey as dup:
        from .yaml_text import duplicate_diagnostic

        raise GenerationError([duplicate_diagnostic(text, name, dup)]) from None


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json`` keeps the last of two equal keys; refuse instead (checked only on a mismatch)."""
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key, None, None, -1)
            seen.add(key)
    return data


def _parse_text(text: str, name: str, *, json_first: bool) -> Any:
    if json_first:
        try:
            return json.loads(text, object_pairs_hook=_json_object)
        except json.JSONDecodeError as exc:
            raise GenerationError(
                [
                    Diagnostic(
                        name,
                        exc.lineno,
                        "",
                        f"invalid JSON: {exc.msg} (column {exc.colno})",
                    )
                ]
            ) from None
    from .yaml_text import parse_yaml

    return parse_yaml(text, name)
