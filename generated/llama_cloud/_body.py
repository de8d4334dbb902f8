"""Request bodies: what an operation's body arguments become on the wire.

``Operation.body`` names the encoding:

* ``json`` — the body params are the fields of one JSON object; with ``whole_body`` the one body
  param is the whole document (an array, a scalar, a map).
* ``form`` — ``application/x-www-form-urlencoded``. Scalars are ``name=value``; arrays repeat the
  name (OpenAPI's default, ``form`` exploded); objects and arrays holding objects use brackets,
  ``meta[key]=v``, ``items[0][price]=x`` (what Stripe, Rails and PHP read). A field's declared
  ``style``/``explode`` (the media type's ``encoding``) wins: ``deepObject`` means brackets,
  arrays indexed; ``form``, ``spaceDelimited`` and ``pipeDelimited`` follow the query rules.
* ``multipart`` — ``multipart/form-data``. Text fields first, then files (servers that stream an
  upload read the fields before the file arrives). Scalars are text parts, objects JSON parts,
  arrays one part per item; a declared ``style`` writes the field as its form pairs instead.
* ``binary`` — the one param's bytes as they are; ``text`` — the one param's ``str`` as UTF-8.

``None`` is JSON ``null`` in a JSON body; forms and multipart have no null, so it is not sent.
A body the spec requires (``Operation.body_required``) is sent even when no field is given:
``{}``, an empty form, a multipart body with no parts; an optional one is then left out.

Files (``bytes``, a binary file object, a path, or a ``(filename, content[, content_type])``
tuple) are read into memory once, when the request is prepared: every retry sends the same bytes
and nothing needs to rewind a stream. A file object is read from its position to its end and left
open (it is the caller's); a path is opened and closed here.

This module is pure: values arrive as the caller passed them and ``jsonable`` (the client's
converter for models, enums and dates) turns the non-file ones into JSON data.
"""

from __future__ import annotations

import json
import mimetypes
import os
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, cast
from urllib.parse import unquote

from . import _forms, _styles
from ._operation import Encoding, Operation
from ._types import FileContent, FileTypes

__all__ = ["EncodedBody", "encode_body"]

Jsonable = Callable[[object], object]

_JSON = "application/json"
_FORM = "application/x-www-form-urlencoded"
_OCTET_STREAM = "application/octet-stream"
# What a file part is called when the caller gave bytes with no name (httpx's choice too).
_UNNAMED_FILE = "upload"


class EncodedBody(NamedTuple):
    content: bytes
    content_type: str


class _Part(NamedTuple):
    name: str
    data: bytes
    filename: str | None = None
    content_type: str | None = None


# --------------------------------------------------------------------------- files


def _is_content(value: object) -> bool:
    return isinstance(value, (bytes, bytearray, os.PathLike)) or callable(
        getattr(value, "read", None)
    )


def _is_file(value: object) -> bool:
    """Whether ``value`` is one file in any of the forms :data:`FileTypes` allows."""
    if isinstance(value, tuple):
        return (
            len(value) in (2, 3)
            and (value[0] is None or isinstance(value[0], str))
            and _is_content(value[1])
        )
    return _is_content(value)


def _content_bytes(content: FileContent) -> bytes:
    if isinstance(content, (bytes, bytearray)):
        return bytes(content)
    if isinstance(content, os.PathLike):
        with open(content, "rb") as handle:
            return handle.read()
    data = content.read()
    # A file opened in text mode still uploads: its text as UTF-8.
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _content_name(content: FileContent) -> str | None:
    if isinstance(content, os.PathLike):
        return os.path.basename(os.fspath(content))
    name = getattr(content, "name", None)
    return os.path.basename(name) if isinstance(name, str) else None


def _concrete(media_type: str | None) -> str | None:
    """A media type usable as a Content-Type: not a range (``image/*``) nor a list of choices."""
    if not media_type or "*" in media_type or "," in media_type:
        return None
    return media_type


def _guess_type(filename: str | None) -> str:
    guessed = mimetypes.guess_type(filename)[0] if filename else None
    return guessed or _OCTET_STREAM


def _read_file(value: FileTypes, declared_type: str | None = None) -> _Part:
    """The bytes, filename and content type of one file (the part's name is filled in later)."""
    filename: str | None
    content_type: str | None = None
    if isinstance(value, tuple):
        filename, content = value[0], value[1]
        if len(value) == 3:
            content_type = value[2]
    else:
        content = value
        filename = _content_name(content)
    data = _content_bytes(content)
    content_type = content_type or _concrete(declared_type) or _guess_type(filename)
    return _Part("", data, filename, content_type)


# --------------------------------------------------------------------------- forms


def _form_pieces(wire: str, data: object, encoding: Encoding | None) -> list[str]:
    """The percent-encoded ``name=value`` pieces of one form field."""
    style = encoding.style if encoding else None
    if _forms.uses_brackets(style, data):
        return _forms.bracket_pieces(wire, data)
    resolved, explode = _styles.resolve(
        "query", style, encoding.explode if encoding else None
    )
    return _styles.query_items(wire, data, resolved, explode)


def _form_pairs(wire: str, data: object, encoding: Encoding) -> list[tuple[str, str]]:
    """The pairs a styled field stands for, unencoded: the name and text of multipart parts."""
    return [
        (unquote(name), unquote(value))
        for name, _, value in (
            piece.partition("=") for piece in _form_pieces(wire, data, encoding)
        )
    ]


def _encode_form(
    fields: list[tuple[str, object]],
    encodings: Mapping[str, Encoding],
    jsonable: Jsonable,
) -> EncodedBody:
    pieces = [
        piece
        for wire, value in fields
        for piece in _form_pieces(wire, jsonable(value), encodings.get(wire))
    ]
    return EncodedBody("&".join(pieces).encode("ascii"), _FORM)


# --------------------------------------------------------------------------- multipart


def _json_bytes(data: object) -> bytes:
    return json.dumps(data, separators=(",", ":"), allow_nan=False).encode("utf-8")


def _is_json_type(media_type: str | None) -> bool:
    base = (media_type or "").split(";", 1)[0].strip().lower()
    return base == _JSON or base.endswith("+json")


def _file_parts(wire: str, value: object, encoding: Encoding | None) -> list[_Part]:
    declared = encoding.content_type if encoding else None
    values = [value] if _is_file(value) else list(cast("list[object]", value))
    parts = []
    for item in values:
        if not _is_file(item):
            raise TypeError(
                f"{wire!r} takes files (bytes, a binary file, a path, or a (filename, "
                f"content) tuple), got {type(item).__name__}"
            )
        part = _read_file(cast(FileTypes, item), declared)
        # Servers tell a file part from a text one by its filename: every file gets one.
        parts.append(part._replace(name=wire, filename=part.filename or _UNNAMED_FILE))
    return parts


def _data_parts(wire: str, data: object, encoding: Encoding | None) -> list[_Part]:
    declared = encoding.content_type if encoding else None
    if encoding is not None and encoding.style is not None:
        return [
            _Part(name, value.encode("utf-8"))
            for name, value in _form_pairs(wire, data, encoding)
        ]
    if _is_json_type(declared) or isinstance(data, Mapping):
        return [_Part(wire, _json_bytes(data), content_type=declared or _JSON)]
    if isinstance(data, list):
        return [part for item in data for part in _data_parts(wire, item, None)]
    if data is None:
        return []
    return [
        _Part(wire, _forms.scalar_text(data).encode("utf-8"), content_type=declared)
    ]


def _is_file_value(value: object, encoding: Encoding | None) -> bool:
    if encoding is not None and encoding.file:
        return True
    # Fields the operation does not declare (extra_body, a body with no schema): by their value.
    return _is_file(value) or (
        isinstance(value, (list, tuple)) and bool(value) and all(map(_is_file, value))
    )


def _escape_quoted(text: str) -> str:
    # The HTML form-submission rule for names and filenames in Content-Disposition.
    return text.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def _part_bytes(part: _Part, boundary: str) -> bytes:
    disposition = f'form-data; name="{_escape_quoted(part.name)}"'
    if part.filename is not None:
        disposition += f'; filename="{_escape_quoted(part.filename)}"'
    head = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
    if part.content_type:
        head += f"Content-Type: {part.content_type}\r\n"
    return head.encode("utf-8") + b"\r\n" + part.data + b"\r\n"


def _encode_multipart(
    fields: list[tuple[str, object]],
    encodings: Mapping[str, Encoding],
    jsonable: Jsonable,
) -> EncodedBody:
    texts: list[_Part] = []
    files: list[_Part] = []
    for wire, value in fields:
        if value is None:
            continue
        encoding = encodings.get(wire)
        if _is_file_value(value, encoding):
            files.extend(_file_parts(wire, value, encoding))
        else:
            texts.extend(_data_parts(wire, jsonable(value), encoding))
    boundary = os.urandom(16).hex()
    content = b"".join(_part_bytes(part, boundary) for part in [*texts, *files])
    content += f"--{boundary}--\r\n".encode("ascii")
    return EncodedBody(content, f"multipart/form-data; boundary={boundary}")


# --------------------------------------------------------------------------- the body


def _merged_fields(
    op: Operation[Any], fields: Mapping[str, object], extra_body: object
) -> list[tuple[str, object]] | None:
    """The object's fields in order, ``extra_body`` merged in; ``None`` when there is no body."""
    if op.whole_body:
        whole = next(iter(fields.values()), None)
        if whole is not None and not isinstance(whole, Mapping):
            raise TypeError(f"the {op.body} body must be a mapping")
        fields = dict(whole) if whole is not None else {}
    if extra_body is None:
        return list(fields.items()) if fields else None
    if not isinstance(extra_body, Mapping):
        raise TypeError(f"extra_body must be a mapping for a {op.body} body")
    merged = dict(fields)
    merged.update(cast("Mapping[str, object]", extra_body))
    return list(merged.items())


def _json_body(
    op: Operation[Any],
    fields: Mapping[str, object],
    extra_body: object,
    jsonable: Jsonable,
) -> EncodedBody | None:
    payload: object
    if op.whole_body and fields:
        payload = next(iter(fields.values()))
    else:
        payload = dict(fields) if fields else None
    if extra_body is not None:
        if payload is None:
            payload = extra_body
        elif isinstance(payload, Mapping) and isinstance(extra_body, Mapping):
            payload = {**payload, **extra_body}
        else:
            raise TypeError(
                "extra_body must be a mapping when the operation has body parameters"
            )
    elif payload is None and not (op.whole_body and fields):
        if not op.body_required:
            return None
        payload = {}
    content = json.dumps(jsonable(payload), separators=(",", ":"), allow_nan=False)
    return EncodedBody(content.encode("utf-8"), op.content_type or _JSON)


def _raw_body(
    op: Operation[Any], fields: Mapping[str, object], extra_body: object
) -> EncodedBody | None:
    """A binary or text body: the one argument, else ``extra_body`` standing in for it."""
    if fields and extra_body is not None:
        raise TypeError(f"extra_body cannot be combined with a {op.body} body")
    value = next(iter(fields.values())) if fields else extra_body
    if value is None:
        return None
    if op.body == "text":
        media_type = op.content_type or "text/plain"
        if "charset=" not in media_type.lower():
            media_type += "; charset=utf-8"
        return EncodedBody(_forms.scalar_text(value).encode("utf-8"), media_type)
    if not _is_content(value):
        raise TypeError(
            f"a binary body takes bytes, a binary file or a path, got {type(value).__name__}"
        )
    part = _read_file(cast(FileContent, value), op.content_type)
    return EncodedBody(part.data, part.content_type or _OCTET_STREAM)


def encode_body(
    op: Operation[Any],
    fields: Mapping[str, object],
    extra_body: object,
    jsonable: Jsonable,
) -> EncodedBody | None:
    """The body of ``op`` from its body arguments (wire name → value, in signature order) and
    ``extra_body``; ``None`` when nothing is to be sent."""
    if op.body in ("binary", "text"):
        return _raw_body(op, fields, extra_body)
    if op.body in ("form", "multipart"):
        merged = _merged_fields(op, fields, extra_body)
        if merged is None:
            if not op.body_required:
                return None
            merged = []
        encodings = {encoding.wire: encoding for encoding in op.encodings}
        if op.body == "form":
            return _encode_form(merged, encodings, jsonable)
        return _encode_multipart(merged, encodings, jsonable)
    return _json_body(op, fields, extra_body, jsonable)
