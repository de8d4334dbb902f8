"""OpenAPI parameter styles: how a path, query, header or cookie value is written on the wire.

Values arrive as plain JSON data (the client converts models, enums and dates first). The rules
are the Parameter Object's ``style``/``explode`` of OpenAPI 3.1.2 (its "Style Examples" table):

========================  ======================================  ===========================
style (where)             array ``[a, b]``                        object ``{R: 1, G: 2}``
========================  ======================================  ===========================
simple (path, header)     ``a,b``                                 ``R,1,G,2`` / ``R=1,G=2``
label (path)              ``.a,b`` / ``.a.b``                     ``.R,1,G,2`` / ``.R=1.G=2``
matrix (path)             ``;c=a,b`` / ``;c=a;c=b``               ``;c=R,1,G,2`` / ``;R=1;G=2``
form (query, cookie)      ``c=a,b`` / ``c=a&c=b``                 ``c=R,1,G,2`` / ``R=1&G=2``
spaceDelimited (query)    ``c=a%20b``                             ``c=R%20100%20G%20200``
pipeDelimited (query)     ``c=a%7Cb``                             ``c=R%7C1%7CG%7C2``
deepObject (query)        (undefined: ``c=a&c=b``)                ``c%5BR%5D=1&c%5BG%5D=2``
========================  ======================================  ===========================

(``x / y``: ``explode`` false / true.) Data is percent-encoded on its own before the delimiters
are put between the pieces, so a ``,`` inside a value (``%2C``) never reads as a delimiter.
Headers are not percent-encoded (HTTP has no such rule); cookies keep RFC 6265 cookie-octets.

A parameter described by ``content`` instead of ``schema`` has no style: its value is written as
its media type says (``media_type``: JSON types as compact JSON text, any other as the value's
text) and that text is one value, encoded like a string: ``filter=%7B%22a%22%3A1%7D``.

This module is stdlib-only and imports nothing of the package: the generator loads the same file
to write the example URLs in the docs, so the docs show exactly what the client sends.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from urllib.parse import quote

__all__ = [
    "COOKIE_SAFE",
    "DEFAULT_STYLES",
    "resolve",
    "content_text",
    "path_value",
    "query_items",
    "loose_query_items",
    "header_value",
    "cookie_pairs",
]

# The style a location uses when the spec names none.
DEFAULT_STYLES = {
    "path": "simple",
    "header": "simple",
    "query": "form",
    "cookie": "form",
}

# allowReserved leaves RFC 3986's reserved characters as they are, except those a query string
# cannot hold literally: ``#`` ends it, ``[]`` are not allowed there, ``&=+`` mean something in
# form-encoding (OpenAPI 3.1.2, Appendix C).
_RESERVED_KEPT = ":/?@!$'()*,;"
_TRIPLE = re.compile(r"%[0-9A-Fa-f]{2}")

# RFC 6265 cookie-octets: everything printable except whitespace, '"', ',', ';' and '\'.
COOKIE_SAFE = "!#$%&'()*+-./:<=>?@[]^_`{|}~"

_QUERY_DELIMITERS = {"form": ",", "spaceDelimited": "%20", "pipeDelimited": "%7C"}


def resolve(location: str, style: str | None, explode: bool | None) -> tuple[str, bool]:
    """The effective (style, explode): the location's default style, and ``explode`` true only
    for ``form`` unless the spec says otherwise."""
    chosen = style or DEFAULT_STYLES.get(location, "form")
    return chosen, (chosen == "form") if explode is None else explode


def _text(value: object) -> str:
    """One scalar as text. Nested containers have no OpenAPI spelling: JSON keeps them whole."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (Mapping, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def content_text(value: object, media_type: str, *, ascii_only: bool = False) -> str:
    """A ``content`` parameter's value as its media type's text: compact JSON for
    ``application/json`` and ``+json`` types, else the value's own text (a string as it is).
    ``ascii_only``: JSON escapes non-ASCII as ``\\uXXXX`` (the same value; a header is ASCII).
    """
    base = media_type.split(";", 1)[0].strip().lower()
    if base == "application/json" or base.endswith("+json"):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=ascii_only)
    return _text(value)


def _items(value: object) -> list[object]:
    """The members of an array, without the undefined (null) ones."""
    assert isinstance(value, list)
    return [item for item in value if item is not None]


def _pairs(value: object) -> list[tuple[str, object]]:
    """The key/value pairs of an object, without the undefined (null) values."""
    assert isinstance(value, Mapping)
    return [(str(key), item) for key, item in value.items() if item is not None]


# --------------------------------------------------------------------------- path


def _path_encode(text: str, *, label: bool = False) -> str:
    # ``.`` is unreserved, so plain percent-encoding keeps it; in a label it is the delimiter.
    encoded = quote(text, safe="")
    return encoded.replace(".", "%2E") if label else encoded


def path_value(
    wire: str,
    value: object,
    style: str,
    explode: bool,
    media_type: str | None = None,
) -> str:
    """The text that replaces ``{wire}`` in the path. Every ``/ ? #`` of the data is encoded, and a
    result made only of dots is encoded too: ``.`` or ``..`` would otherwise move the route.
    """
    if media_type is not None:
        out = _path_encode(content_text(value, media_type))
    elif style == "label":
        out = "." + _joined(value, explode, sep="." if explode else ",", label=True)
    elif style == "matrix":
        out = _matrix(quote(wire, safe=""), value, explode)
    else:
        out = _joined(value, explode, sep=",")
    if out and not out.strip("."):
        out = out.replace(".", "%2E")
    return out


def _joined(value: object, explode: bool, *, sep: str, label: bool = False) -> str:
    if isinstance(value, list):
        return sep.join(_path_encode(_text(v), label=label) for v in _items(value))
    if isinstance(value, Mapping):
        inner = "=" if explode else ","
        return sep.join(
            _path_encode(k, label=label) + inner + _path_encode(_text(v), label=label)
            for k, v in _pairs(value)
        )
    return _path_encode(_text(value), label=label)


def _matrix(name: str, value: object, explode: bool) -> str:
    if isinstance(value, list):
        items = [_path_encode(_text(v)) for v in _items(value)]
        if explode:
            return "".join(f";{name}={item}" for item in items)
        return f";{name}=" + ",".join(items)
    if isinstance(value, Mapping):
        pairs = [(_path_encode(k), _path_encode(_text(v))) for k, v in _pairs(value)]
        if explode:
            return "".join(f";{k}={v}" for k, v in pairs)
        return f";{name}=" + ",".join(f"{k},{v}" for k, v in pairs)
    text = _path_encode(_text(value))
    # RFC 6570: an empty string is the bare name, no "=".
    return f";{name}={text}" if text else f";{name}"


# --------------------------------------------------------------------------- query


def _query_encode(text: str, allow_reserved: bool = False) -> str:
    if not allow_reserved:
        return quote(text, safe="")
    # Reserved expansion: reserved characters and existing %XX triples pass through unchanged.
    pieces = []
    last = 0
    for triple in _TRIPLE.finditer(text):
        pieces.append(quote(text[last : triple.start()], safe=_RESERVED_KEPT))
        pieces.append(triple.group())
        last = triple.end()
    pieces.append(quote(text[last:], safe=_RESERVED_KEPT))
    return "".join(pieces)


def query_items(
    wire: str,
    value: object,
    style: str,
    explode: bool,
    allow_reserved: bool = False,
    media_type: str | None = None,
) -> list[str]:
    """The ``name=value`` pieces of one query parameter, each already percent-encoded."""
    if value is None:
        return []
    key = quote(wire, safe="")

    def encode(text: str) -> str:
        return _query_encode(text, allow_reserved)

    if media_type is not None:
        return [f"{key}={encode(content_text(value, media_type))}"]

    if style == "deepObject" and isinstance(value, Mapping):
        return loose_query_items(wire, value, allow_reserved)
    if isinstance(value, list):
        items = [encode(_text(v)) for v in _items(value)]
        if not items:
            return []
        if explode or style not in _QUERY_DELIMITERS:
            return [f"{key}={item}" for item in items]
        return [f"{key}=" + _QUERY_DELIMITERS[style].join(items)]
    if isinstance(value, Mapping):
        pairs = [(encode(k), encode(_text(v))) for k, v in _pairs(value)]
        if not pairs:
            return []
        if explode:
            return [f"{k}={v}" for k, v in pairs]
        sep = _QUERY_DELIMITERS.get(style, ",")
        return [f"{key}=" + sep.join(f"{k}{sep}{v}" for k, v in pairs)]
    return [f"{key}={encode(_text(value))}"]


def loose_query_items(
    key: str, value: object, allow_reserved: bool = False
) -> list[str]:
    """Query pieces for a value with no declared style (``extra_query``, ``default_query``) and for
    ``deepObject``: arrays repeat the key, objects nest as ``key[sub]`` (the common server
    reading, e.g. Rails, PHP, Stripe)."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        return [
            piece
            for sub, item in _pairs(value)
            for piece in loose_query_items(f"{key}[{sub}]", item, allow_reserved)
        ]
    name = quote(key, safe="")
    if isinstance(value, list):
        return [
            f"{name}={_query_encode(_text(v), allow_reserved)}" for v in _items(value)
        ]
    return [f"{name}={_query_encode(_text(value), allow_reserved)}"]


# --------------------------------------------------------------------------- header and cookie


def header_value(value: object, explode: bool, media_type: str | None = None) -> str:
    """``simple`` style, not percent-encoded: a header carries the text as it is."""
    if media_type is not None:
        return content_text(value, media_type, ascii_only=True)
    if isinstance(value, list):
        return ",".join(_text(v) for v in _items(value))
    if isinstance(value, Mapping):
        inner = "=" if explode else ","
        return ",".join(f"{k}{inner}{_text(v)}" for k, v in _pairs(value))
    return _text(value)


def _cookie_encode(text: str) -> str:
    return quote(text, safe=COOKIE_SAFE)


def cookie_pairs(
    wire: str, value: object, explode: bool, media_type: str | None = None
) -> list[str]:
    """``form`` style for a cookie: exploded values become separate ``name=value`` cookies (a
    ``Cookie`` header separates pairs with ``; ``, never ``&``); unexploded ones join with ``,``.
    """
    if media_type is not None:
        return [f"{wire}={_cookie_encode(content_text(value, media_type))}"]
    if isinstance(value, list):
        items = [_cookie_encode(_text(v)) for v in _items(value)]
        if explode:
            return [f"{wire}={item}" for item in items]
        return [f"{wire}=" + ",".join(items)] if items else []
    if isinstance(value, Mapping):
        pairs = [
            (_cookie_encode(k), _cookie_encode(_text(v))) for k, v in _pairs(value)
        ]
        if explode:
            return [f"{k}={v}" for k, v in pairs]
        return [f"{wire}=" + ",".join(f"{k},{v}" for k, v in pairs)] if pairs else []
    return [f"{wire}={_cookie_encode(_text(value))}"]
