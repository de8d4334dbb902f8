"""Printing a response: ``--transform`` selection and the ``--format`` renderers.

Formats:
    pretty  indented JSON, coloured when stdout is a terminal (plain JSON when piped); the default
    json    indented JSON, never coloured
    jsonl   one compact JSON value per line (a list prints one line per item)
    yaml    YAML
    raw     the response body exactly as received; with --transform, strings bare and the rest compact JSON

A list command's ``--all`` (or ``--max-items N``) prints the items of every page instead of the first
page's body: under ``jsonl`` and ``raw`` one line per item as each page arrives, else one list at the end.

Whatever the format, an event stream prints one compact JSON line per event as it arrives (data that is
not JSON as a JSON string; ``--transform`` applies to each event, skipping events it matches nothing in),
and a binary body is written as bytes to ``--output FILE`` or to stdout when stdout is not a terminal.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from typing import IO, Any, TextIO

FORMATS = ("pretty", "json", "jsonl", "yaml", "raw")


class TransformError(Exception):
    pass


class OutputError(Exception):
    pass


_MISSING = object()
_SEGMENT = re.compile(r"(?:\\.|[^.])+")


def _segments(path: str) -> list[str]:
    path = path.strip()
    if path.startswith("."):
        path = path[1:]
    if path in ("", "@this"):
        return []
    return [re.sub(r"\\(.)", r"\1", part) for part in _SEGMENT.findall(path)]


def _select(value: Any, segments: list[str]) -> Any:
    for position, segment in enumerate(segments):
        if isinstance(value, dict):
            value = value.get(segment, _MISSING)
        elif isinstance(value, list):
            if segment == "#":
                rest = segments[position + 1 :]
                if not rest:
                    return len(value)
                picked = [_select(item, rest) for item in value]
                return [item for item in picked if item is not _MISSING]
            if segment.isdigit() and int(segment) < len(value):
                value = value[int(segment)]
            else:
                return _MISSING
        else:
            return _MISSING
        if value is _MISSING:
            return _MISSING
    return value


def transform(value: Any, path: str) -> Any:
    """Select part of a JSON value with a GJSON-style path.

    ``a.b`` walks keys, ``items.0`` indexes a list, ``items.#`` is a list's length, ``items.#.id`` maps
    the rest of the path over a list's items; ``\\.`` escapes a dot in a key; a leading ``.`` is ignored.
    """
    selected = _select(value, _segments(path))
    if selected is _MISSING:
        raise TransformError(f"--transform {path!r} matched nothing in the response")
    return selected


# ANSI SGR colours for the pretty format.
_KEY, _STRING, _NUMBER, _LITERAL, _NULL, _RESET = "1;34", "32", "36", "33", "2", "0"


def _paint(code: str, text: str) -> str:
    return f"\x1b[{code}m{text}\x1b[{_RESET}m"


def _coloured(value: Any, indent: int) -> str:
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{inner}{_paint(_KEY, json.dumps(str(key), ensure_ascii=False))}: {_coloured(item, indent + 1)}"
            for key, item in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return (
            "[\n"
            + ",\n".join(inner + _coloured(item, indent + 1) for item in value)
            + "\n"
            + pad
            + "]"
        )
    if isinstance(value, str):
        return _paint(_STRING, json.dumps(value, ensure_ascii=False))
    if value is None:
        return _paint(_NULL, "null")
    if isinstance(value, bool):
        return _paint(_LITERAL, json.dumps(value))
    if isinstance(value, (int, float)):
        return _paint(_NUMBER, json.dumps(value))
    return json.dumps(value, ensure_ascii=False, default=str)


def use_colour(stream: IO[str]) -> bool:
    """Colour on a terminal; ``NO_COLOR`` turns it off, ``FORCE_COLOR`` on (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def _dump_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def _dump_compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _dump_yaml(value: Any) -> str:
    import yaml

    text = yaml.safe_dump(
        value, sort_keys=False, allow_unicode=True, default_flow_style=False
    )
    return text[: -len("...\n")] if text.endswith("\n...\n") else text


def render(value: Any, fmt: str, stream: IO[str]) -> str:
    """The text printed for a parsed JSON value, newline-terminated."""
    if fmt == "yaml":
        return _dump_yaml(value)
    if fmt == "jsonl":
        items = value if isinstance(value, list) else [value]
        return "".join(_dump_compact(item) + "\n" for item in items)
    if fmt == "raw":
        return (value if isinstance(value, str) else _dump_compact(value)) + "\n"
    if fmt == "pretty" and use_colour(stream):
        return _coloured(value, 0) + "\n"
    return _dump_json(value) + "\n"


def parse_body(text: str, content_type: str | None) -> tuple[bool, Any]:
    """``(True, value)`` when the body is JSON, else ``(False, None)``."""
    if not text.strip():
        return False, None
    declared_json = content_type is not None and "json" in content_type.lower()
    if declared_json or text.lstrip()[:1] in ("{", "["):
        try:
            return True, json.loads(text)
        except ValueError:
            return False, None
    return False, None


def print_response(
    text: str, content_type: str | None, fmt: str, path: str | None, stream: IO[str]
) -> None:
    """Print a response body in ``fmt``, after selecting ``path`` when given."""
    is_json, value = parse_body(text, content_type)
    if not is_json:
        if path:
            raise TransformError(
                "--transform needs a JSON response; this one is not JSON"
            )
        if text:
            stream.write(
                text if text.endswith("\n") or not stream.isatty() else text + "\n"
            )
        return
    if fmt == "raw" and not path:
        stream.write(text)
        return
    if path:
        value = transform(value, path)
    stream.write(render(value, fmt, stream))


def event_line(data: str, path: str | None) -> str | None:
    """One event's data as a compact JSON line; ``None`` when ``path`` matches nothing in it."""
    try:
        value: Any = json.loads(data)
    except ValueError:
        value = data
    if path:
        value = _select(value, _segments(path))
        if value is _MISSING:
            return None
    return _dump_compact(value) + "\n"


def print_events(data: Iterable[str], path: str | None, stream: IO[str]) -> None:
    """Each event's data on its own line, flushed at once: a pipe sees every event as it arrives."""
    for item in data:
        line = event_line(item, path)
        if line is not None:
            stream.write(line)
            stream.flush()


def print_items(
    items: Iterable[Any], fmt: str, path: str | None, stream: IO[str]
) -> None:
    """The items of a followed list. ``jsonl`` and ``raw``: one compact line per item, flushed as
    it comes (``--transform`` applies to each item, skipping those it matches nothing in); the
    other formats print the items as one list once the last page is read."""
    selected = (
        item
        for item in (
            (_select(item, _segments(path)) if path else item) for item in items
        )
        if item is not _MISSING
    )
    if fmt in ("jsonl", "raw"):
        for item in selected:
            stream.write(
                item + "\n"
                if fmt == "raw" and isinstance(item, str)
                else _dump_compact(item) + "\n"
            )
            stream.flush()
        return
    stream.write(render(list(selected), fmt, stream))


def write_binary(
    content: bytes, content_type: str | None, path: str | None, stream: TextIO
) -> None:
    """A binary body to ``path`` (``-``: ``stream``), else to ``stream`` unless it is a terminal."""
    if path and path != "-":
        with open(path, "wb") as file:
            file.write(content)
        return
    if not path and stream.isatty():
        kind = content_type or "no content-type"
        raise OutputError(
            f"the response is binary ({kind}, {len(content)} bytes); "
            "pass --output FILE or redirect stdout"
        )
    stream.flush()
    stream.buffer.write(content)
    stream.buffer.flush()
