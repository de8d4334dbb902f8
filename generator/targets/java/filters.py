"""Spec text into Java source: every string from the spec reaches a template through one of these.

``java_string`` writes a string literal (any text, escaped so that javac reads back the same
characters, ``\\u`` sequences included); ``javadoc`` a comment that cannot end early (``*/``)
nor start a tag or an HTML element.
"""

from __future__ import annotations

import unicodedata

_SIMPLE = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def java_string(text: str) -> str:
    """``text`` as a Java string literal. javac turns ``\\uXXXX`` into a character before it
    reads the source, so a backslash is always written as ``\\\\`` (never left to pair with a
    ``u``); control, format and non-ASCII characters are ``\\u`` escapes (UTF-16 units).
    """
    out = ['"']
    for ch in text:
        if ch in _SIMPLE:
            out.append(_SIMPLE[ch])
            continue
        code = ord(ch)
        if 0x20 <= code < 0x7F:
            out.append(ch)
        elif code > 0xFFFF:
            code -= 0x10000
            out.append(
                f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
            )
        else:
            out.append(f"\\u{code:04x}")
    out.append('"')
    return "".join(out)


def _plain(text: str) -> str:
    """One paragraph of printable words."""
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        kept.append(" " if category[0] in ("C", "Z") else ch)
    return " ".join("".join(kept).split())


# What javadoc or javac would read as markup: the comment's end, a tag, an entity or an
# element, and a backslash-u (javac decodes it before it sees the comment).
_JAVADOC = {
    "*": "&#42;",
    "/": "&#47;",
    "@": "&#64;",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
    "\\": "&#92;",
    "{": "&#123;",
    "}": "&#125;",
}


def javadoc_text(text: str | None) -> str:
    """Spec text safe inside a javadoc comment, non-ASCII as numeric entities."""
    if not text:
        return ""
    out = []
    for ch in _plain(text):
        if ch in _JAVADOC:
            out.append(_JAVADOC[ch])
        elif ord(ch) > 0x7E:
            out.append(f"&#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def javadoc(text: str | None, indent: str = "", width: int = 100) -> str:
    """A ``/** … */`` comment of ``text`` wrapped as google-java-format wraps it (empty when
    there is no text), each line ending with a newline."""
    body = javadoc_text(text)
    if not body:
        return ""
    one = f"{indent}/** {body} */"
    if len(one) <= width:
        return one + "\n"
    lines: list[str] = []
    line = ""
    limit = width - len(indent) - 3
    for word in body.split(" "):
        if line and len(line) + 1 + len(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    inner = "".join(f"{indent} * {ln}\n" for ln in lines)
    return f"{indent}/**\n{inner}{indent} */\n"
