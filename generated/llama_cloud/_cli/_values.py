"""Flag values: text on the command line → the Python value passed to the client.

* ``@path`` reads the value from a file (``@-`` is not special; ``@@x`` passes the literal ``@x``).
* Arrays: each occurrence of the flag adds one item, or a JSON/YAML list (``--index-id '[a, b]'``).
* Objects and free-form values: a JSON or YAML document.
* Enums: one of the listed choices.
* Uploads (files): a path, read when the request is sent, or ``-`` for the bytes on stdin.

YAML is imported only when a value needs it.
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.shell_completion import CompletionItem

from ._spec import FlagSpec, ValueSpec

_TRUE = frozenset({"true", "yes", "y", "on", "1"})
_FALSE = frozenset({"false", "no", "n", "off", "0"})
_SCALARS = frozenset({"string", "integer", "number", "boolean", "enum"})
_ANY: ValueSpec = {"kind": "any"}

if (
    TYPE_CHECKING
):  # click >= 8.2 makes ParamType generic; older versions cannot be subscripted at runtime
    _ParamType = click.ParamType[Any, Any]
else:
    _ParamType = click.ParamType


class BadValue(Exception):
    """A flag value that does not fit its kind; the message is shown after the flag name."""


def read_file(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        raise BadValue(f"cannot read {path!r}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise BadValue(f"{path!r} is not UTF-8 text") from None


def _is_upload(spec: ValueSpec) -> bool:
    item = spec.get("item", _ANY) if spec["kind"] == "array" else spec
    return item["kind"] == "file"


def read_upload(text: str) -> bytes | Path:
    """An upload flag's value: the file's path (the client reads it), or stdin's bytes for ``-``."""
    if text == "-":
        return sys.stdin.buffer.read()
    path = Path(text)
    if not path.is_file():
        raise BadValue(f"cannot read {text!r}: no such file")
    if not os.access(path, os.R_OK):
        raise BadValue(f"cannot read {text!r}: permission denied")
    return path


def parse_document(text: str, *, all_strings: bool = False) -> Any:
    """A JSON or YAML document.  ``all_strings`` keeps YAML scalars as text (``[1, b]`` → ``["1", "b"]``)."""
    if not all_strings:
        try:
            return json.loads(text)
        except ValueError:
            pass
    import yaml

    loader: Any = yaml.BaseLoader if all_strings else yaml.SafeLoader
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - Safe/Base loaders only
    except yaml.YAMLError as error:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise BadValue(f"not valid JSON or YAML ({detail})") from None


def _choice_text(choice: str | int | float | bool) -> str:
    if isinstance(choice, bool):
        return "true" if choice else "false"
    return str(choice)


def convert_scalar(spec: ValueSpec, text: str) -> Any:
    """One scalar of kind ``spec["kind"]`` from its text."""
    kind = spec["kind"]
    if kind == "string":
        return text
    if kind == "integer":
        try:
            return int(text.strip())
        except ValueError:
            raise BadValue(f"{text!r} is not an integer") from None
    if kind == "number":
        try:
            number = float(text.strip())
        except ValueError:
            raise BadValue(f"{text!r} is not a number") from None
        if not math.isfinite(number):
            raise BadValue(f"{text!r} is not a finite number")
        return (
            int(number)
            if number.is_integer() and "." not in text and "e" not in text.lower()
            else number
        )
    if kind == "boolean":
        lowered = text.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise BadValue(f"{text!r} is not a boolean (true or false)")
    if kind == "enum":
        choices = spec.get("choices", [])
        for choice in choices:
            if _choice_text(choice) == text:
                return choice
        listed = ", ".join(_choice_text(choice) for choice in choices)
        raise BadValue(f"{text!r} is not one of {listed}")
    raise BadValue(f"unsupported kind {kind!r}")


def _convert_item(spec: ValueSpec, raw: Any) -> Any:
    """An array item from a parsed list: scalars arrive as text (BaseLoader), the rest as parsed."""
    if spec["kind"] in _SCALARS:
        if not isinstance(raw, str):
            raise BadValue(
                f"list items must be {spec['kind']} values, got {json.dumps(raw)}"
            )
        return convert_scalar(spec, raw)
    if spec["kind"] == "object" and not isinstance(raw, dict):
        raise BadValue(
            f"list items must be objects, got {json.dumps(raw, default=str)}"
        )
    return raw


def convert_text(spec: ValueSpec, text: str, from_file: bool) -> Any:
    """The value of one occurrence of a flag.  Arrays return a list of the items this occurrence adds."""
    kind = spec["kind"]
    if kind == "array":
        item = spec.get("item", _ANY)
        scalar_items = item["kind"] in _SCALARS
        if from_file:
            # A file holds a JSON/YAML list of items, or else one item.
            try:
                parsed = parse_document(text, all_strings=scalar_items)
            except BadValue:
                parsed = None
            if isinstance(parsed, list):
                return [_convert_item(item, element) for element in parsed]
            if scalar_items:
                return [convert_scalar(item, text.strip())]
            return [_convert_item(item, parse_document(text))]
        if text.lstrip().startswith("["):
            parsed = parse_document(text, all_strings=scalar_items)
            if isinstance(parsed, list):
                return [_convert_item(item, element) for element in parsed]
            return [_convert_item(item, parsed)]
        if scalar_items:
            return [convert_scalar(item, text)]
        return [_convert_item(item, parse_document(text))]
    if kind == "object":
        parsed = parse_document(text)
        if not isinstance(parsed, dict):
            raise BadValue('expected a JSON/YAML object, e.g. \'{"key": "value"}\'')
        return parsed
    if kind == "any":
        return parse_document(text)
    if from_file and kind != "string":
        text = text.strip()
    return convert_scalar(spec, text)


def metavar(spec: ValueSpec) -> str:
    kind = spec["kind"]
    if kind == "enum":
        return (
            "["
            + "|".join(_choice_text(choice) for choice in spec.get("choices", []))
            + "]"
        )
    if kind == "array":
        return metavar(spec.get("item", _ANY))
    if kind == "file":
        return "PATH"
    if "format" in spec:
        return spec["format"].upper().replace("-", "_")
    return {
        "string": "TEXT",
        "integer": "INTEGER",
        "number": "NUMBER",
        "boolean": "BOOLEAN",
        "object": "JSON",
        "any": "JSON",
    }.get(kind, "VALUE")


class FlagValue(_ParamType):
    """The click type of one API flag; conversion errors become usage errors (exit 2)."""

    def __init__(self, spec: ValueSpec) -> None:
        self.spec = spec
        self.name = metavar(spec).lower()

    def get_metavar(
        self, param: click.Parameter, ctx: click.Context | None = None
    ) -> str:
        return metavar(self.spec)

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Any:
        if not isinstance(value, str):
            return value
        if _is_upload(self.spec):
            try:
                upload = read_upload(value)
            except BadValue as error:
                self.fail(str(error), param, ctx)
            return [upload] if self.spec["kind"] == "array" else upload
        text, from_file = value, False
        if text.startswith("@@"):
            text = text[1:]
        elif text.startswith("@") and len(text) > 1:
            try:
                text, from_file = read_file(text[1:]), True
            except BadValue as error:
                self.fail(str(error), param, ctx)
        try:
            return convert_text(self.spec, text, from_file)
        except BadValue as error:
            self.fail(str(error), param, ctx)

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        spec = (
            self.spec["item"]
            if self.spec["kind"] == "array" and "item" in self.spec
            else self.spec
        )
        if spec["kind"] == "enum":
            texts = [_choice_text(choice) for choice in spec.get("choices", [])]
            return [
                CompletionItem(text) for text in texts if text.startswith(incomplete)
            ]
        if incomplete.startswith("@") or spec["kind"] == "file":
            return [CompletionItem(incomplete, type="file")]
        return []


_LOCATION_LABEL = {
    "path": "Path param",
    "query": "Query param",
    "header": "Header param",
    "cookie": "Cookie param",
    "body": "Body param",
}


def flag_help(flag: FlagSpec) -> str:
    """Help text of an API flag: where it goes on the wire, then the spec's description (as the docs show)."""
    parts = [_LOCATION_LABEL.get(flag["location"], "Param")]
    description = (flag["description"] or "").strip()
    text = parts[0] + (": " + description if description else "")
    notes: list[str] = []
    if _is_upload(flag["value"]):
        notes.append("a file path, '-' for stdin")
        if flag["value"]["kind"] == "array":
            notes.append("repeat the flag for more files")
    elif flag["value"]["kind"] == "array":
        notes.append("repeat the flag or give a JSON/YAML list")
    elif flag["value"]["kind"] in ("object", "any"):
        notes.append("JSON or YAML")
    if flag["deprecated"]:
        notes.append("deprecated")
    if flag["required"]:
        notes.append("required")
    if notes:
        text += " [" + "; ".join(notes) + "]"
    return text
