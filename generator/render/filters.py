"""The one border where spec text becomes Python source.

Every string from a spec reaches generated code through one of these: as a literal (``pyrepr``),
inside a docstring (``docstring``) or a comment (``comment``). Identifiers were already made safe
by ``ir.naming``; annotations are assembled here from structured ``TypeRef``s.
"""

from __future__ import annotations

import keyword
import math
import re
from collections.abc import Mapping
from dataclasses import replace
from functools import partial
from typing import Any

from ..ir import naming
from ..ir.nodes import (
    BodyEncoding,
    Field,
    Model,
    Operation,
    Parameter,
    Response,
    TypeRef,
)

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
        return string_literal(value)
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
    return string_literal(str(value))


_QUOTE_ESCAPES = re.compile(r"\\\\|\\'|\"")
_REQUOTED = {"\\\\": "\\\\", "\\'": "'", '"': '\\"'}


def string_literal(text: str) -> str:
    """``repr(text)`` in the quotes black prefers (double, unless that needs more escapes), so
    black leaves the literal alone and formats a file in one pass instead of two."""
    literal = repr(text)
    if literal[0] == '"' or text.count('"') > text.count("'"):
        return literal
    if "'" not in text:
        return '"' + literal[1:-1] + '"'
    # repr escaped every ' and none of the "; in double quotes it is the other way round.
    body = _QUOTE_ESCAPES.sub(lambda m: _REQUOTED[m.group()], literal[1:-1])
    return '"' + body + '"'


# black's line length for generated code (emit/format.py).
LINE_LENGTH = 100


def import_from(module: str, names: list[str] | str, indent: int = 0) -> str:
    """``from module import names`` laid out as black lays it out.

    Not needed for correctness (black formats every file), but black runs a second pass over any
    file its first pass changed, so output it would leave alone costs half as much to format.
    """
    listed = [names] if isinstance(names, str) else list(names)
    pad = " " * indent
    line = f"{pad}from {module} import {', '.join(listed)}"
    if len(line) <= LINE_LENGTH:
        return line
    inner = "".join(f"{pad}    {name},\n" for name in listed)
    return f"{pad}from {module} import (\n{inner}{pad})"


def _top_level_union(annotation: str) -> list[str]:
    """The ``|`` operands of ``annotation`` outside brackets and strings (one item if none)."""
    return _top_level_split(annotation, "|")


def _top_level_split(annotation: str, separator: str) -> list[str]:
    """The parts of ``annotation`` between ``separator``s outside brackets and strings."""
    parts, depth, start, quote = [], 0, 0, ""
    for i, ch in enumerate(annotation):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == separator and depth == 0:
            parts.append(annotation[start:i].strip())
            start = i + 1
    parts.append(annotation[start:].strip())
    return parts


def parameter_line(name: str, annotation: str, default: str, indent: int) -> str:
    """One ``name: annotation = default,`` line of an exploded signature, as black lays it out
    (see :func:`annotated_line`)."""
    return annotated_line(
        name, annotation, f" = {default}" if default else "", indent, ","
    )


def field_line(name: str, annotation: str, default: str, indent: int) -> str:
    """``name: annotation = default`` in a model, as black lays it out: an assignment's value goes
    in parentheses on the next line when the line up to ``= (`` fits, else as a parameter.
    """
    pad = " " * indent
    line = f"{pad}{name}: {annotation}{default}"
    if len(line) > LINE_LENGTH and default.startswith(" = "):
        head, value = f"{pad}{name}: {annotation} = (", default[3:]
        if len(head) <= LINE_LENGTH and indent + 4 + len(value) <= LINE_LENGTH:
            return f"{head}\n{pad}    {value}\n{pad})"
    return annotated_line(name, annotation, default, indent)


def annotated_line(
    name: str, annotation: str, tail: str, indent: int, comma: str = ""
) -> str:
    """``name: annotation{tail}{comma}`` (a parameter, or a model field), wrapped as black wraps a
    too-long one: a union in parentheses, on one line if it fits there, else one member per line;
    a too-long subscript (``Literal[...]``) split at its brackets. Anything else too long is left
    for black (see :func:`import_from` for why this exists).
    """
    pad = " " * indent
    line = f"{pad}{name}: {annotation}{tail}{comma}"
    if len(line) <= LINE_LENGTH:
        return line
    members = _top_level_union(annotation)
    if len(members) < 2:
        split = _subscript_lines(annotation, indent, f"{name}: ", tail + comma)
        return f"{split}{tail}{comma}"
    if indent + 4 + len(annotation) <= LINE_LENGTH:
        return f"{pad}{name}: (\n{pad}    {annotation}\n{pad}){tail}{comma}"
    body = "\n".join(
        _subscript_lines(m, indent + 4, "| " if i else "")
        for i, m in enumerate(members)
    )
    return f"{pad}{name}: (\n{body}\n{pad}){tail}{comma}"


def _subscript_lines(expr: str, indent: int, prefix: str, suffix: str = "") -> str:
    """``expr`` on its own line, or if too long and a subscript (``Literal[...]``), split as black
    splits it: the outer brackets first, their content on one line if it fits, else one item per
    line with a trailing comma (none after a single item: ``x[a,]`` would be a tuple). ``suffix``
    is what follows ``expr`` on its line."""
    pad = " " * indent
    line = f"{pad}{prefix}{expr}"
    if len(line) + len(suffix) <= LINE_LENGTH:
        return line
    members = _top_level_union(expr)
    if len(members) > 1:  # an item inside brackets: one member per line, no parentheses
        return "\n".join(
            _subscript_lines(m, indent, ("| " if i else prefix))
            for i, m in enumerate(members)
        )
    match = re.fullmatch(r"([A-Za-z_][\w.]*)\[(.*)\]", expr)
    if match is None:
        return line
    head, items = match.group(1), _top_level_split(match.group(2), ",")
    opening, closing = f"{pad}{prefix}{head}[", f"{pad}]"
    if len(items) == 1:
        return f"{opening}\n{_subscript_lines(items[0], indent + 4, '')}\n{closing}"
    joined = ", ".join(items)
    if indent + 4 + len(joined) <= LINE_LENGTH:
        return f"{opening}\n{pad}    {joined}\n{closing}"
    body = "".join(f"{_subscript_lines(item, indent + 4, '')},\n" for item in items)
    return f"{opening}\n{body}{closing}"


def self_method_head(name: str, returns: str, indent: int) -> str:
    """``def name(self) -> returns:`` as black lays it out when too long: ``self`` on its own
    line, with the trailing comma black adds."""
    pad = " " * indent
    line = f"{pad}def {name}(self) -> {returns}:"
    if len(line) <= LINE_LENGTH:
        return line
    return f"{pad}def {name}(\n{pad}    self,\n{pad}) -> {returns}:"


def wrapper_assignment(name: str, wrapper: str, indent: int) -> str:
    """``self.name = wrapper(resource.name)`` as black lays it out when too long: split at the
    call's brackets while the line up to them fits, else the value in parentheses if that makes
    the lines fit, else split at the call's brackets anyway."""
    pad, inner = " " * indent, " " * (indent + 4)
    head, arg = f"{pad}self.{name} = {wrapper}(", f"resource.{name}"
    if len(head) + len(arg) + 1 <= LINE_LENGTH:
        return f"{head}{arg})"
    split_call = f"{head}\n{inner}{arg}\n{pad})"
    if len(head) <= LINE_LENGTH:
        return split_call
    call = f"{wrapper}({arg})"
    if len(inner) + len(call) <= LINE_LENGTH:
        return f"{pad}self.{name} = (\n{inner}{call}\n{pad})"
    if len(inner) + 4 + len(arg) <= LINE_LENGTH:
        nested = f"{inner}{wrapper}(\n{inner}    {arg}\n{inner})"
        return f"{pad}self.{name} = (\n{nested}\n{pad})"
    return split_call


def call_line(callee: str, args: list[str], indent: int, suffix: str = "") -> str:
    """``callee(args)`` as black lays out a call statement (or, with ``suffix=","``, an item of an
    exploded collection): on one line, else the arguments together on the next line, else one per
    line (see :func:`import_from` for why this exists). Anything longer still is left for black.
    """
    pad, inner = " " * indent, " " * (indent + 4)
    joined = ", ".join(args)
    line = f"{pad}{callee}({joined}){suffix}"
    if len(line) <= LINE_LENGTH:
        return line
    if len(inner) + len(joined) <= LINE_LENGTH:
        return f"{pad}{callee}(\n{inner}{joined}\n{pad}){suffix}"
    if len(args) > 1 and all(len(inner) + len(a) + 1 <= LINE_LENGTH for a in args):
        body = "".join(f"{inner}{a},\n" for a in args)
        return f"{pad}{callee}(\n{body}{pad}){suffix}"
    return line


def param_call(p: Parameter) -> str:
    """The runtime's ``_Param(...)`` for a parameter: its serialisation only where not default."""
    return f"_Param({', '.join(_param_args(p))})"


def _param_args(p: Parameter) -> list[str]:
    args = [pyrepr(p.name), pyrepr(p.wire), pyrepr(p.location)]
    if p.style:
        args.append(f"style={pyrepr(p.style)}")
    if p.explode is not None:
        args.append(f"explode={pyrepr(p.explode)}")
    if p.allow_reserved:
        args.append("allow_reserved=True")
    if p.content_type:
        args.append(f"content_type={pyrepr(p.content_type)}")
    return args


_LOCATIONS = ("path", "query", "header", "cookie", "body")


def params_line(parameters: list[Parameter], indent: int) -> str:
    """``params=...`` inside an exploded ``_Operation(...)`` call, grouped by location through
    the runtime's ``params()``, laid out as black lays it out: on one line if it fits, else one
    location per line, each group on one line if it fits, else one item per line.
    """
    pad = " " * indent
    if not parameters:
        return f"{pad}params=(),"
    groups: list[tuple[str, list[str]]] = []
    for location in _LOCATIONS:
        items = [_param_item(p) for p in parameters if p.location == location]
        if items:
            groups.append((location, items))

    def group(location: str, items: list[str]) -> str:
        return f"{location}=({', '.join(items)}{',' if len(items) == 1 else ''})"

    # Measured 4 short: operation_assignment may indent the whole call by 4. Exploding a line that
    # would have fitted is still stable, since black keeps a magic trailing comma's layout.
    width = LINE_LENGTH - 4
    one_line = f"{pad}params=_params({', '.join(group(*g) for g in groups)}),"
    if len(one_line) <= width:
        return one_line
    inner = pad + "    "
    lines = []
    for location, items in groups:
        line = f"{inner}{group(location, items)},"
        if len(line) > width:
            members = [p for p in parameters if p.location == location]
            body = "".join(_item_lines(p, len(inner) + 4) for p in members)
            line = f"{inner}{location}=(\n{body}{inner}),"
        lines.append(line)
    return f"{pad}params=_params(\n" + "\n".join(lines) + f"\n{pad}),"


def _item_lines(p: Parameter, indent: int) -> str:
    """One item of an exploded group: a bare name, or its ``_Param(...)`` laid out by
    :func:`call_line`."""
    if _param_item(p) == pyrepr(p.name):
        return f"{' ' * indent}{pyrepr(p.name)},\n"
    return call_line("_Param", _param_args(p), indent, ",") + "\n"


def _param_item(p: Parameter) -> str:
    """A bare name where the runtime's defaults describe the param, else its ``_Param(...)``."""
    if (
        p.name == p.wire
        and not p.style
        and p.explode is None
        and not p.allow_reserved
        and not p.content_type
    ):
        return pyrepr(p.name)
    return param_call(p)


def encoding_call(e: BodyEncoding) -> str:
    """The runtime's ``_Encoding(...)`` for a form or multipart field not written by default."""
    extra = "".join(
        (
            f", style={pyrepr(e.style)}" if e.style else "",
            f", explode={pyrepr(e.explode)}" if e.explode is not None else "",
            f", content_type={pyrepr(e.content_type)}" if e.content_type else "",
            ", file=True" if e.file else "",
        )
    )
    return f"_Encoding({pyrepr(e.wire)}{extra})"


def tuple_line(keyword: str, items: list[str], indent: int) -> str:
    """``keyword=(items),`` inside an exploded call, as black writes it: ``()`` when empty; one
    item on the line (its comma is not a magic trailing comma); else one item per line.
    """
    pad = " " * indent
    if not items:
        return f"{pad}{keyword}=(),"
    if len(items) == 1 and len(f"{pad}{keyword}=({items[0]},),") <= LINE_LENGTH:
        return f"{pad}{keyword}=({items[0]},),"
    body = "".join(f"{pad}    {item},\n" for item in items)
    return f"{pad}{keyword}=(\n{body}{pad}),"


def export_table_literal(models: list[Model]) -> str:
    """The string ``export_table`` reads: a line ``name module`` per model. Both are
    identifiers (``ir.naming``), so the text needs no escaping."""
    for model in models:
        if not (model.name.isidentifier() and model.module.isidentifier()):
            raise ValueError(f"not identifiers: {model.name!r}, {model.module!r}")
    rows = "".join(f"{model.name} {model.module}\n" for model in models)
    return f'"""\\\n{rows}"""'


def operation_assignment(constant: str, result: str, call: str) -> str:
    """``NAME: _Operation[result] = call`` at module level, with a too-long first line split as
    black splits it: the call in parentheses if that makes it fit, else the subscript.
    """
    target = f"{constant}: _Operation[{result}]"
    first = call.split("\n", 1)[0]
    if len(f"{target} = {first}") <= LINE_LENGTH:
        return f"{target} = {call}"
    if len(f"{target} = (") <= LINE_LENGTH:
        indented = "\n".join(
            f"    {line}" if line else line for line in call.split("\n")
        )
        return f"{target} = (\n{indented}\n)"
    if len(result) + 4 <= LINE_LENGTH:
        return f"{constant}: _Operation[\n    {result}\n] = {call}"
    return f"{target} = {call}"


def docstring(text: str | None) -> str:
    """Text safe to place between triple double quotes: no early close, no stray escapes."""
    return _before_closing_quotes(docstring_body(text))


def _before_closing_quotes(body: str) -> str:
    """A docstring's whole body: a final ``"`` would run into the closing quotes (black adds
    the same space)."""
    return body + " " if body.endswith('"') else body


def docstring_body(text: str | None) -> str:
    """:func:`docstring` for a part of a docstring that is not its end: without the space that
    keeps a final ``"`` from running into the closing quotes (black strips it anywhere else).
    """
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
    return "\n".join(line.rstrip() for line in out.strip().splitlines())


def docblock(text: str | None, indent: int = 0) -> str:
    """A complete docstring literal: one line stays on one line, more close on their own line."""
    body = docstring(text)
    if "\n" not in body:
        return f'"""{body}"""'
    pad = " " * indent
    lines = body.split("\n")
    indented = [lines[0]] + [pad + line if line else "" for line in lines[1:]]
    return '"""' + "\n".join(indented) + "\n" + pad + '"""'


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


# The ``datetime`` class a string of each format is typed as (pydantic parses ISO 8601 into it).
TEMPORAL_FORMATS: dict[str, str] = {"date-time": "datetime", "date": "date"}


def temporal_class(ref: TypeRef) -> str | None:
    """``datetime`` or ``date`` for a string of format ``date-time`` / ``date``, else ``None``."""
    if ref.kind != "primitive" or ref.name != "str":
        return None
    return TEMPORAL_FORMATS.get(ref.format or "")


class Annotations:
    """Turns ``TypeRef``s into annotation text, knowing the final names of models.

    ``datetime_module`` is how the annotation names the ``datetime`` module: generated modules
    import it as ``_dt`` (a field or parameter called ``date`` or ``datetime`` would shadow a bare
    class name in a model's body); docs pages spell it out.
    """

    def __init__(
        self, models: Mapping[str, Model], datetime_module: str = "_dt"
    ) -> None:
        self.models = models
        self.datetime_module = datetime_module
        self._param_names: dict[str, str] | None = None

    def param_name(self, model: Model) -> str:
        """The name of an object model's TypedDict twin (``AddressParam``): the model's name and
        ``Param``, or with ``Dict`` after it when another model already has that name.
        """
        if self._param_names is None:
            taken = {m.name for m in self.models.values()}
            names: dict[str, str] = {}
            for key in sorted(self.models):
                m = self.models[key]
                if m.kind != "object":
                    continue
                name = f"{m.name}Param"
                while name in taken:
                    name += "Dict"
                taken.add(name)
                names[key] = name
            self._param_names = names
        return self._param_names[model.key]

    def typed_dict_annotation(self, ref: TypeRef) -> str:
        """A TypedDict value's annotation: nested objects are their TypedDict twins, so a dict
        literal type-checks all the way down; the runtime sends the dict as given."""
        text = self._bare(ref, True, typed=True)
        return f"{text} | None" if ref.nullable else text

    def annotation(
        self,
        ref: TypeRef | None,
        *,
        inputs: bool = False,
        method_scope: bool = False,
        params: bool = False,
    ) -> str:
        """``inputs``: accept any sequence or mapping. ``method_scope``: the annotation sits in a
        class that may have methods named ``list`` or ``dict``, so use the typing aliases.
        """
        if ref is None:
            return "None"
        text = self._bare(ref, inputs, method_scope, params=params)
        return f"{text} | None" if ref.nullable else text

    def _bare(
        self,
        ref: TypeRef,
        inputs: bool,
        method_scope: bool = False,
        *,
        params: bool = False,
        typed: bool = False,
    ) -> str:
        """``params``: an object model also takes its TypedDict twin (``Address | AddressParam``);
        ``typed``: only the twin (inside a TypedDict)."""
        sub = partial(self._sub, inputs=inputs, method_scope=method_scope)
        sub = partial(sub, params=params, typed=typed)
        if ref.kind == "primitive":
            temporal = temporal_class(ref)
            if temporal is None:
                return ref.name
            # An argument takes the ISO 8601 text too (what a CLI or a config file holds).
            text = f"{self.datetime_module}.{temporal}"
            return f"{text} | str" if inputs else text
        if ref.kind == "model":
            model = self.models.get(ref.name)
            if model is None:
                return "object"
            if model.kind == "object" and typed:
                return self.param_name(model)
            if model.kind == "object" and params:
                return f"{model.name} | {self.param_name(model)}"
            return model.name
        if ref.kind == "array":
            inner = sub(ref.args[0])
            outer = "Sequence" if inputs else "List" if method_scope else "list"
            return f"{outer}[{inner}]"
        if ref.kind == "map":
            inner = sub(ref.args[0])
            outer = "Mapping" if inputs else "Dict" if method_scope else "dict"
            return f"{outer}[str, {inner}]"
        if ref.kind == "tuple":
            # ``Tuple`` in resource modules: a method may be named ``tuple``.
            outer = "Tuple" if inputs or method_scope else "tuple"
            items = [sub(a) for a in ref.args]
            if ref.name == "...":
                items.append("...")
            return f"{outer}[{', '.join(items) or '()'}]"
        if ref.kind == "union":
            members = " | ".join(
                self._bare(a, inputs, method_scope, params=params, typed=typed)
                for a in ref.args
            )
            # A TypedDict is not validated: no pydantic discriminator there.
            tag = None if typed else self._tag_field(ref)
            return (
                f"Annotated[{members}, Field(discriminator={pyrepr(tag)})]"
                if tag
                else members
            )
        if ref.kind == "literal":
            return "Literal[" + ", ".join(pyrepr(v) for v in ref.values) + "]"
        if ref.kind == "file":
            return ref.name  # the runtime alias (``FileTypes``, ``FileContent``)
        return "object"

    def _sub(
        self,
        ref: TypeRef,
        *,
        inputs: bool,
        method_scope: bool,
        params: bool,
        typed: bool,
    ) -> str:
        text = self._bare(ref, inputs, method_scope, params=params, typed=typed)
        return f"{text} | None" if ref.nullable else text

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

    def typed_dict(self, model: Model) -> str:
        """An object model's TypedDict twin: its keys are the wire names (a dict is sent as it
        is), ``total=False`` with ``Required`` on the required ones. A key that is no Python
        name, or that a value's annotation would read as a name, takes the functional form.
        """
        name = self.param_name(model)
        items = []
        for f in model.fields:
            text = self.typed_dict_annotation(f.type)
            items.append((f.wire, f"Required[{text}]" if f.required else text))
        words = set(
            re.findall(r"[A-Za-z_][A-Za-z0-9_]*", " ".join(t for _, t in items))
        )
        if all(
            key.isidentifier() and not keyword.iskeyword(key) and key not in words
            for key, _ in items
        ):
            lines = [f"class {name}(TypedDict, total=False):"]
            lines += [f"    {key}: {text}" for key, text in items] or ["    pass"]
            return "\n".join(lines)
        # Values are strings: the functional form evaluates them, and a twin may name one
        # defined further down its module.
        body = ", ".join(f"{pyrepr(key)}: {pyrepr(text)}" for key, text in items)
        return f"{name} = TypedDict({pyrepr(name)}, {{{body}}}, total=False)"

    def return_annotation(self, ref: TypeRef | None) -> str:
        return self.annotation(ref, method_scope=True)

    def runtime_type(self, ref: TypeRef | None) -> str:
        """The expression the runtime parses a response into (``None``: no body)."""
        return "None" if ref is None else self.annotation(ref)

    def result_annotation(
        self,
        response: Response | None,
        is_async: bool = False,
        in_class: bool = True,
        part: str = "",
    ) -> str:
        """What a generated method returns. ``in_class``: as written in a resource class, where
        runtime classes are imported under ``_`` names (a model may be called ``Stream``) and
        ``List``/``Dict`` stand for the builtins; else as the docs show it. ``part`` of a
        response offering a body and a stream: ``body`` or ``stream`` alone."""
        if response is None:
            return "None"
        if part:
            only = "sse" if part == "stream" else response.kind
            response = replace(response, kind=only, streams=part == "stream")
        under = "_" if in_class else ""

        def annotate(ref: TypeRef | None) -> str:
            return self.annotation(ref, method_scope=in_class)

        stream = ""
        if response.streams:
            item = (
                annotate(response.event_type)
                if response.event_type is not None
                else f"{under}ServerSentEvent"
            )
            stream = f"{under}{'AsyncStream' if is_async else 'Stream'}[{item}]"
            if response.kind == "sse":
                return stream
        bodies = {"none": "None", "text": "str", "binary": f"{under}BinaryResponse"}
        body = bodies.get(response.kind) or annotate(response.type)
        return f"{body} | {stream}" if stream else body

    def stream_to(self, response: Response) -> str:
        """The runtime's ``Operation.stream_to``: the event data type, or untyped events."""
        if response.event_type is None:
            return "_ServerSentEvent"
        return self.annotation(response.event_type)

    def field_annotation(self, field: Field) -> str:
        """Optional fields may be absent from a response: they read as ``None`` then."""
        text = self.annotation(field.type)
        return text if field.required or field.type.nullable else f"{text} | None"

    def model_field_annotation(self, field: Field, model: Model) -> str:
        """A field's annotation inside its model's class body, where pydantic resolves names in
        the class namespace first: a builtin type another field of the model is named after
        (``bytes: int`` beside ``data: bytes``) is written ``_builtins.bytes``."""
        text = self.field_annotation(field)
        shadowed = naming.BUILTIN_TYPE_NAMES & {f.name for f in model.fields}
        return qualify_builtins(text, shadowed) if shadowed else text

    def field_default(self, field: Field) -> str:
        alias = f"alias={pyrepr(field.wire)}" if field.name != field.wire else ""
        if field.required:
            return f" = Field({alias})" if alias else ""
        return f" = Field(default=None, {alias})" if alias else " = None"


def sends_empty_body(op: Operation) -> bool:
    """Whether the operation states ``body_required=True``: its body is required but every field
    of it is optional, so a call giving none must still send one. (With a required field the
    body is sent anyway; a whole-body argument is then required itself.)"""
    body = op.body
    if body is None or not body.required or not body.flattened:
        return False
    return not any(p.required for p in op.parameters if p.location == "body")


def accept_header(response: Response | None) -> str | None:
    """The ``Accept`` an operation sends; ``None`` keeps the client's ``application/json``."""
    if response is None or response.kind in ("json", "none"):
        streams = response is not None and response.streams
        declared = response.content_type if response is not None else None
        base = (declared or "").split(";", 1)[0].strip().lower()
        if response is not None and response.kind == "json" and declared:
            # A response offered only as ``application/scim+json`` (or any +json type) is asked
            # for by that type: a server negotiating strictly refuses ``application/json``.
            if base not in ("application/json", "*/*"):
                return f"{declared}, text/event-stream" if streams else declared
        return "application/json, text/event-stream" if streams else None
    if response.kind == "sse":
        return "text/event-stream"
    declared = response.content_type or "*/*"
    return f"{declared}, text/event-stream" if response.streams else declared


def deprecation_message(op: Operation) -> str:
    """What ``@deprecated`` says (type checkers show it; the call warns with it at run time)."""
    return f"{op.http_method.upper()} {op.path} is deprecated by the API."


def operation_docstring(op: Operation) -> str:
    """Summary, description and one line per documented argument."""
    parts = [docstring_body(op.summary or op.key)]
    if op.description and op.description != op.summary:
        parts.append(docstring_body(op.description))
    documented = [p for p in op.parameters if p.description]
    if documented:
        lines = ["Args:"]
        for p in documented:
            first, *rest = docstring_body(p.description).split("\n")
            # Continuation lines under the name; a blank one stays empty (black strips spaces).
            text = "\n".join([first] + [f"    {line}" if line else "" for line in rest])
            lines.append(f"  {p.name}: {text}")
        parts.append("\n".join(lines))
    if op.deprecated:
        parts.append("Deprecated.")
    return _before_closing_quotes("\n\n".join(parts))


_STRING_OR_NAME = re.compile(
    r"""('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")|(?<![\w.])([A-Za-z_]\w*)"""
)


def qualify_builtins(text: str, names: frozenset[str] | set[str]) -> str:
    """``names`` in an annotation written ``_builtins.<name>``; string literals (``Literal``
    values) untouched."""

    def sub(match: re.Match[str]) -> str:
        if match.group(1) is not None or match.group(2) not in names:
            return match.group(0)
        return f"_builtins.{match.group(2)}"

    return _STRING_OR_NAME.sub(sub, text)
