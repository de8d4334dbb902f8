"""Spec text into Go source: every string from the spec reaches a template through one of these.

``go_string`` writes an interpreted string literal (any text, escaped as ``strconv.Quote``
does); ``go_tag`` a struct tag; ``go_comment`` line comments that gofmt leaves as they are.
"""

from __future__ import annotations

import unicodedata

_SIMPLE = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def go_string(text: str) -> str:
    """``text`` as a Go string literal. Printable characters stay (Go source is UTF-8); control,
    format (bidirectional overrides) and unpaired surrogate code points are escaped."""
    out = ['"']
    for ch in text:
        if ch in _SIMPLE:
            out.append(_SIMPLE[ch])
            continue
        code = ord(ch)
        category = unicodedata.category(ch)
        if 0xD800 <= code <= 0xDFFF:
            out.append(
                "\\uFFFD"
            )  # not encodable in UTF-8; Go would write the same replacement
        elif category in ("Cc", "Cf", "Zl", "Zp", "Co", "Cn"):
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def go_tag(pairs: list[tuple[str, str]]) -> str:
    """A struct tag of ``key:"value"`` pairs, as a raw string when it can be one."""
    body = " ".join(f"{key}:{go_string(value)}" for key, value in pairs)
    if "`" in body or not body.isprintable():
        return go_string(body)
    return f"`{body}`"


def _plain(text: str) -> str:
    """The text as one paragraph of printable words (comments cannot carry control characters,
    and a bidirectional override would make the source read other than it compiles)."""
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category[0] in ("C", "Z"):
            kept.append(" ")
        else:
            kept.append(ch)
    return " ".join("".join(kept).split())


def comment_lines(text: str | None, width: int = 96) -> list[str]:
    """``text`` as wrapped lines of one paragraph. No line starts with a space, so gofmt's doc
    comment formatter finds no code block or list to rewrite."""
    if not text:
        return []
    words = [w for w in _plain(text).split(" ") if w]
    lines: list[list[str]] = [[]]
    length = 0
    for word in words:
        if lines[-1] and length + 1 + len(word) > width:
            lines.append([])
            length = 0
        length += len(word) + (1 if lines[-1] else 0)
        lines[-1].append(word)
    return [" ".join(line) for line in lines if line]


def go_comment(text: str | None, indent: str = "") -> str:
    """``text`` as ``//`` lines (empty when there is none), each ending with a newline."""
    return "".join(f"{indent}// {line}\n" for line in comment_lines(text))


def doc_comment(name: str, text: str | None, indent: str = "") -> str:
    """A declaration's doc comment: starting with its name as Go's convention (and go vet's
    tooling) expects when the text does not already."""
    if not text:
        return ""
    plain = _plain(text)
    if not plain.startswith(name + " "):
        plain = f"{name}: {plain}"
    return go_comment(plain, indent)
