"""The one border where spec text becomes Python source.

Every string from a spec reaches generated code through one of these: as a literal (``pyrepr``),
inside a docstring (``docstring``) or a comment (``comment``). Identifiers were already made safe
by ``ir.naming``; annotations are assembled here from structured ``TypeRef``s.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from ..ir.nodes import Field, Model, Operation, TypeRef

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\x85]")


def pyrepr(value: Any) -> str:
    """A Python literal that evaluates to ``value`` (JSON-shaped data only)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, float):
        if math.isnan(value):
            return 'float("nan")'
        if math.isinf(value):
            return 'float("inf")' if value > 0 else 'float("-inf")'
        return repr(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (list, tuple)):
        inner = ", ".join(pyrepr(v) for v in value)
        return (
            f"[{inner}]"
            if isinstance(value, list)
            else f"({inner}{',' if len(value) == 1 else ''})"
        )
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{pyrepr(str(k))}: {pyrepr(v)}" for k, v in value.items())
            + "}"
        )
    return repr(str(value))


def docstring(text: str | None) -> str:
    """Text safe to place between triple double quotes: no early close, no stray escapes."""
    if not text:
        return ""
    out = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    out = _CONTROL.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}"
            if ord(m.group()) < 256
            else f"\\u{ord(m.group()):04x}"
        ),
        out,
    )
    out = "\n".join(line.rstrip() for line in out.strip().splitlines())
    if out.endswith('"'):
        out += " "
    return out


def docblock(text: str | None, indent: int = 0) -> str:
    """A complete docstring literal: one line stays on one line, more close on their own line."""
    body = docstring(text)
    if "\n" not in body:
        return f'"""{body}"""'
    pad = " " * indent
    return '"""' + body.replace("\n", "\n" + pad) + "\n" + pad + '"""'


def comment(text: str | None) -> str:
    """One line, safe after ``#``."""
    if not text:
        return ""
    return " ".join(_CONTROL.sub(" ", text).split())


def toml_string(text: str) -> str:
    """A TOML basic string."""
    out = ['"']
    for char in text:
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


class Annotations:
    """Turns ``TypeRef``s into annotation text, knowing the final names of models."""

    def __init__(self, models: Mapping[str, Model]) -> None:
        self.models = models

    def annotation(
        self, ref: TypeRef | None, *, inputs: bool = False, method_scope: bool = False
    ) -> str:
        """``inputs``: accept any sequence or mapping. ``method_scope``: the annotation sits in a
        class that may have methods named ``list`` or ``dict``, so use the typing aliases.
        """
        if ref is None:
            return "None"
        text = self._bare(ref, inputs, method_scope)
        return f"{text} | None" if ref.nullable else text

    def _bare(self, ref: TypeRef, inputs: bool, method_scope: bool = False) -> str:
        if ref.kind == "primitive":
            return ref.name
        if ref.kind == "model":
            model = self.models.get(ref.name)
            return model.name if model else "object"
        if ref.kind == "array":
            inner = self.annotation(
                ref.args[0], inputs=inputs, method_scope=method_scope
            )
            outer = "Sequence" if inputs else "List" if method_scope else "list"
            return f"{outer}[{inner}]"
        if ref.kind == "map":
            inner = self.annotation(
                ref.args[0], inputs=inputs, method_scope=method_scope
            )
            outer = "Mapping" if inputs else "Dict" if method_scope else "dict"
            return f"{outer}[str, {inner}]"
        if ref.kind == "union":
            members = " | ".join(self._bare(a, inputs, method_scope) for a in ref.args)
            tag = self._tag_field(ref)
            return (
                f"Annotated[{members}, Field(discriminator={pyrepr(tag)})]"
                if tag
                else members
            )
        if ref.kind == "literal":
            return "Literal[" + ", ".join(pyrepr(v) for v in ref.values) + "]"
        return "object"

    def _tag_field(self, ref: TypeRef) -> str | None:
        """The Python name of a tagged union's tag field (pydantic wants the field name)."""
        if not ref.discriminator or not ref.args:
            return None
        model = self.models.get(ref.args[0].name)
        field = (
            next((f for f in model.fields if f.wire == ref.discriminator), None)
            if model
            else None
        )
        return field.name if field else None

    def return_annotation(self, ref: TypeRef | None) -> str:
        return self.annotation(ref, method_scope=True)

    def runtime_type(self, ref: TypeRef | None) -> str:
        """The expression the runtime parses a response into (``None``: no body)."""
        return "None" if ref is None else self.annotation(ref)

    def field_annotation(self, field: Field) -> str:
        """Optional fields may be absent from a response: they read as ``None`` then."""
        text = self.annotation(field.type)
        return text if field.required or field.type.nullable else f"{text} | None"

    def field_default(self, field: Field) -> str:
        alias = f"alias={pyrepr(field.wire)}" if field.name != field.wire else ""
        if field.required:
            return f" = Field({alias})" if alias else ""
        return f" = Field(default=None, {alias})" if alias else " = None"


def operation_docstring(op: Operation) -> str:
    """Summary, description and one line per documented argument."""
    parts = [docstring(op.summary or op.key)]
    if op.description and op.description != op.summary:
        parts.append(docstring(op.description))
    documented = [p for p in op.parameters if p.description]
    if documented:
        lines = ["Args:"]
        for p in documented:
            text = docstring(p.description).replace("\n", "\n    ")
            lines.append(f"  {p.name}: {text}")
        parts.append("\n".join(lines))
    if op.deprecated:
        parts.append("Deprecated.")
    return "\n\n".join(parts)
