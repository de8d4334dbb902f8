"""Jinja filters for ``templates/docs`` and the package README: pure functions of IR values.

Two kinds of function live here:

* **The Markdown border.** Spec text (summaries, descriptions, examples) reaches a page only through
  :func:`md_inline`, :func:`md_cell`, :func:`md_block`, :func:`link_text`, :func:`code_span`,
  :func:`cell_code` or :func:`fenced`. Descriptions may carry Markdown, but never the page's
  structure: they cannot open or close a code fence, start a heading, open an HTML block, or split
  a table cell.
* **Facts and examples.** Types as Python and JSON text, parameter groups, the rows of a return
  type, and the examples of every surface (Python sync/async, curl, CLI), all built from the IR so
  they are right for every operation. Example values are deterministic: no randomness, no clock.

Fence languages in the generated docs (the docs tests rely on them):

* ``python`` — a complete program; the tests run it against a loopback server.
* ``cli`` — one command of the package's CLI; the tests run it.
* ``sh`` — shell: a ``curl`` command is checked to describe the same request as the Python example;
  other commands (``pip install``, ``export``) are setup and are not run.
* ``pyi`` — a signature, not a program; ``json`` — data.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import shlex
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any, TypeVar, cast
from urllib.parse import quote, unquote

from ..ir.nodes import Api, AuthScheme, Field, JSONValue, Model, Operation, Parameter
from ..ir.nodes import Resource
from ..ir import naming
from ..ir.nodes import TypeRef
from . import TEMPLATES_DIR
from .cli_filters import cli_value
from .filters import Annotations, pyrepr

# --------------------------------------------------------------------------- the Markdown border

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\x85]")
_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
# Blockquote and list-item markers a line may start with, and the indentation around them.
_CONTAINERS = re.compile(
    r"^(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*"
)
_BACKTICKS = re.compile(r"`+")
# Line starts that would change the page's outline or swallow what follows.
_HEADING = re.compile(r"#{1,6}(?=\s|$)")
_SETEXT_OR_RULE = re.compile(r"(?:(?:[\-*_] *){3,}|=+ *|-+ *)$")
# An HTML tag, comment, declaration or processing instruction (inline or block).
_HTML_OPEN = re.compile(r"<(?=[A-Za-z/!?])")


# The text filters below are pure and see the same strings again and again (type names, shared
# descriptions): remembering them halves the docs pages' rendering time.
_memo = functools.lru_cache(maxsize=1 << 14)


def _clean(text: str | None) -> str:
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub(" ", text).strip("\n")


def _longest_backtick_run(text: str) -> int:
    return max((len(m.group()) for m in _BACKTICKS.finditer(text)), default=0)


def _outside_code_spans(text: str, fix: Callable[[str], str]) -> str:
    """Apply ``fix`` to the parts of ``text`` that are not inside a code span (CommonMark pairing:
    a run of N backticks closes at the next run of exactly N)."""
    runs = list(_BACKTICKS.finditer(text))
    out: list[str] = []
    pos = 0
    i = 0
    while i < len(runs):
        opening = runs[i]
        closing = next(
            (r for r in runs[i + 1 :] if len(r.group()) == len(opening.group())), None
        )
        if closing is None:
            i += 1
            continue
        out.append(fix(text[pos : opening.start()]))
        out.append(text[opening.start() : closing.end()])
        pos = closing.end()
        i = runs.index(closing) + 1
    out.append(fix(text[pos:]))
    return "".join(out)


def _escape_html(text: str) -> str:
    return _outside_code_spans(text, lambda part: _HTML_OPEN.sub("&lt;", part))


@_memo
def code_span(text: str | None) -> str:
    """Inline code that shows ``text`` exactly (on one line), whatever backticks it holds."""
    body = " ".join(_clean(text).split("\n"))
    ticks = "`" * (_longest_backtick_run(body) + 1)
    if body.startswith(("`", " ")) or body.endswith(("`", " ")):
        body = f" {body} "
    return f"{ticks}{body}{ticks}"


def _escape_pipes(text: str) -> str:
    """``|`` → ``\\|`` unless already escaped (an odd number of backslashes before it). GFM honours
    the escape inside code spans in a table cell too."""
    return re.sub(r"(?<!\\)((?:\\\\)*)\|", r"\1\\|", text)


@_memo
def md_inline(text: str | None) -> str:
    """One line of Markdown (a heading, a list item's lead): whitespace collapsed, HTML inert, and
    a trailing ``#`` that would read as a heading's closing sequence escaped."""
    out = _escape_html(" ".join(_clean(text).split()))
    if out.endswith("#"):
        out = out[:-1] + "\\#"
    if out.startswith(("#", "=", "-", "+", "*", ">")) or re.match(r"\d+[.)]", out):
        out = "\\" + out
    return out


@_memo
def md_cell(text: str | None) -> str:
    """A table cell: pipes escaped, HTML inert, line breaks as ``<br>``."""
    lines = [" ".join(line.split()) for line in _clean(text).split("\n")]
    joined = "<br>".join(_escape_html(line) for line in lines if line)
    return _escape_pipes(joined)


@_memo
def cell_code(text: str | None) -> str:
    """Inline code inside a table cell."""
    return _escape_pipes(code_span(text))


def link_text(text: str | None) -> str:
    """The text of a ``[text](url)`` link inside a table cell."""
    return md_cell(text).replace("[", "\\[").replace("]", "\\]")


@_memo
def md_block(text: str | None, indent: int = 0) -> str:
    """A description as Markdown blocks, every line indented by ``indent`` spaces.

    Spec Markdown is kept, but it cannot change the page around it:

    * A fence at the description's own level (no indentation) is kept and, if the description
      leaves it open, closed at its end. A fence-like line with 1-3 spaces of indentation may sit
      inside a list item, where a closing line added at the end would *open* a fence instead, so
      it is shown as text. Fences inside blockquotes and list items end with them, before our
      next line.
    * Outside fences, headings, setext underlines and thematic breaks are escaped, also after
      blockquote and list markers (the page's outline is ours), and HTML is made inert.
    """
    lines = _clean(text).split("\n")
    out: list[str] = []
    fence: tuple[str, int] | None = None  # (character, length) of the open fence
    chunk: list[str] = []  # consecutive lines outside fences, escaped together

    def flush() -> None:
        if chunk:
            out.extend(_escape_html("\n".join(chunk)).split("\n"))
            chunk.clear()

    for line in lines:
        match = _FENCE_OPEN.match(line)
        if fence is not None:
            if (
                match
                and match.group(2)[0] == fence[0]
                and len(match.group(2)) >= fence[1]
                and not match.group(3).strip()
            ):
                fence = None
            out.append(line)
            continue
        if match and not (match.group(2)[0] == "`" and "`" in match.group(3)):
            if not match.group(1):
                flush()
                fence = (match.group(2)[0], len(match.group(2)))
                out.append(line)
                continue
            line = match.group(1) + "\\" + line[len(match.group(1)) :]
        bare = line.lstrip(" \t")
        prefix = _CONTAINERS.match(line)
        start = prefix.end() if prefix else 0
        rest = line[start:]
        if _SETEXT_OR_RULE.match(bare):  # "-" alone is a list marker and an underline
            start, rest = len(line) - len(bare), bare
            line = line[:start] + "\\" + rest
        elif _HEADING.match(rest) or _SETEXT_OR_RULE.match(rest):
            line = line[:start] + "\\" + rest
        elif rest.startswith("<"):  # an HTML block starts here, whatever code spans say
            line = line[:start] + "&lt;" + rest[1:]
        chunk.append(line)
    flush()
    if fence is not None:
        out.append(fence[0] * fence[1])
    pad = " " * indent
    return "\n".join(pad + line if line.strip() else "" for line in out).rstrip()


def fenced(code: str, language: str = "") -> str:
    """A fenced code block holding ``code`` exactly: the fence is longer than any backtick run."""
    ticks = "`" * max(3, _longest_backtick_run(code) + 1)
    return f"{ticks}{language}\n{code.rstrip(chr(10))}\n{ticks}"


# --------------------------------------------------------------------------- where pages live


def doc_path(resource: Resource, op: Operation) -> str:
    """The page of an operation, relative to the output root; from IR identifiers only."""
    return "docs/" + "/".join(resource.path) + f"/{op.name}.md"


def root_link(resource: Resource) -> str:
    """From an operation's page back to the output root ("../../../")."""
    return "../" * (len(resource.path) + 1)


def heading_level(resource: Resource) -> str:
    return "#" * min(len(resource.path) + 1, 6)


# --------------------------------------------------------------------------- types as text


def _model(ref: TypeRef, models: Mapping[str, Model]) -> Model | None:
    return models.get(ref.name) if ref.kind == "model" else None


def py_type(ref: TypeRef | None, api: Api) -> str:
    """The Python annotation of a value of this type, without ``| None`` (nullability is shown
    apart)."""
    if ref is None:
        return "None"
    return Annotations(api.models_by_key, "datetime").annotation(
        ref.with_nullable(False)
    )


def py_annotation(ref: TypeRef | None, api: Api) -> str:
    """The Python annotation, ``| None`` included when the value may be null."""
    return Annotations(api.models_by_key, "datetime").annotation(ref)


def py_input_type(ref: TypeRef, api: Api) -> str:
    """As :func:`py_type`, for an argument (any sequence or mapping is accepted)."""
    return Annotations(api.models_by_key, "datetime").annotation(
        ref.with_nullable(False), inputs=True
    )


def py_field_type(field: Field, api: Api) -> str:
    """A response field's annotation as the model declares it (optional fields may be ``None``)."""
    return Annotations(api.models_by_key, "datetime").field_annotation(field)


_JSON_PRIMITIVES = {
    "str": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "bytes": "string (binary)",
    "object": "object",
}


def json_type(ref: TypeRef | None, api: Api) -> str:
    """The wire type in words, as the HTTP reference says it: ``array of string``. A named alias
    met again inside itself (a recursive ``Json`` type) is called by its name."""
    return _json_type(ref, api.models_by_key, ())


def _json_type(
    ref: TypeRef | None, models: Mapping[str, Model], stack: tuple[str, ...]
) -> str:
    if ref is None:
        return "none"
    if ref.kind == "primitive":
        return _JSON_PRIMITIVES.get(ref.name, "any")
    if ref.kind in ("array", "map"):
        inner = _json_type(ref.args[0] if ref.args else None, models, stack)
        return ("array of " if ref.kind == "array" else "map of ") + inner
    if ref.kind == "tuple":
        items = [_json_type(a, models, stack) for a in ref.args]
        if ref.name == "...":
            return "array of " + items[0]
        return f"array of {len(items)}: " + ", ".join(items)
    if ref.kind == "union":
        return " or ".join(_json_type(a, models, stack) for a in ref.args)
    if ref.kind == "literal":
        return "one of " + ", ".join(json.dumps(v) for v in ref.values)
    if ref.kind == "file":
        return "file (binary)"
    model = _model(ref, models)
    if model is not None and model.kind == "alias" and model.alias_of is not None:
        if model.key in stack or len(stack) > 8:
            return model.name
        return _json_type(model.alias_of, models, stack + (model.key,))
    if model is not None:
        return "object"
    return "any"


def type_format(ref: TypeRef) -> str | None:
    """The schema format of a value, or of an array's items (``uuid``, ``date-time``)."""
    if ref.format:
        return ref.format
    if ref.kind == "array" and ref.args:
        return type_format(ref.args[0])
    return None


# --------------------------------------------------------------------------- parameters

_LOCATIONS = ("path", "query", "header", "cookie", "body")
_LOCATION_TITLES = {
    "path": "Path parameters",
    "query": "Query parameters",
    "header": "Header parameters",
    "cookie": "Cookie parameters",
    "body": "Body parameters",
}


@dataclass(frozen=True)
class ParamGroup:
    location: str
    title: str
    parameters: tuple[Parameter, ...]


def param_groups(op: Operation) -> list[ParamGroup]:
    """The operation's parameters by location, in wire order (path, query, header, cookie, body)."""
    groups = []
    for location in _LOCATIONS:
        members = tuple(p for p in op.parameters if p.location == location)
        if members:
            title = _LOCATION_TITLES[location]
            if location == "body" and op.body is not None:
                title += f" ({code_span(op.body.content_type)})"
            groups.append(ParamGroup(location, title, members))
    return groups


def param_facts(param: Parameter) -> str:
    """``required`` / ``optional``, then ``nullable`` and ``deprecated`` when they apply."""
    facts = ["required" if param.required else "optional"]
    if param.type.nullable:
        facts.append("nullable")
    if param.deprecated:
        facts.append("deprecated")
    return ", ".join(facts)


# --------------------------------------------------------------------------- the return type


@dataclass(frozen=True)
class Row:
    """One line of a return type's listing.

    ``kind`` is ``field`` (a property of the model above it), ``model`` (the model a field or the
    result holds: its name and description, its fields follow one level deeper), ``root`` (the
    returned model itself: its description), ``recursive`` (a model met again inside itself),
    ``seen`` (a model already expanded elsewhere on the page) or ``deep`` (nested deeper than
    the page lists, or past its budget of field rows): the last three are named, not expanded.
    """

    kind: str
    depth: int
    name: str
    annotation: str = ""
    json: str = ""
    facts: str = ""
    description: str | None = None


def _facts(field: Field) -> str:
    facts = ["required" if field.required else "optional"]
    if field.type.nullable:
        facts.append("nullable")
    fmt = type_format(field.type)
    if fmt:
        facts.append(f"format {code_span(fmt)}")
    if field.wire != field.name:
        facts.append(f"wire name {code_span(field.wire)}")
    if field.deprecated:
        facts.append("deprecated")
    return ", ".join(facts)


def _object_models(
    ref: TypeRef, models: Mapping[str, Model], depth: int = 0
) -> Iterator[Model]:
    """The object models a value of this type holds (through arrays, maps, unions and aliases)."""
    if depth > 8:
        return
    if ref.kind in ("array", "map", "tuple", "union"):
        for arg in ref.args:
            yield from _object_models(arg, models, depth + 1)
        return
    model = _model(ref, models)
    if model is None:
        return
    if model.kind == "alias":
        if model.alias_of is not None:
            yield from _object_models(model.alias_of, models, depth + 1)
        return
    yield model


# Nested models deeper than this are named, not expanded (recursive ones stop earlier).
_MAX_ROW_DEPTH = 6
# Field rows a page lists before it names the remaining nested models instead of expanding them.
# Stripe's result types reach hundreds of models within six levels: a median page listed 769
# fields and the largest 2,852 (600 KB of Markdown); most other APIs stay well below this.
_MAX_FIELD_ROWS = 200


T = TypeVar("T")


class _ByType:
    """Results that depend only on a type and the models of the API being rendered: operations
    returning the same type share them (Stripe's 467 results are 237 types). One API at a time,
    held by identity, so a later API (another run in the same process) starts afresh."""

    def __init__(self) -> None:
        self._models: Mapping[str, Model] | None = None
        self._values: dict[tuple[str, TypeRef], Any] = {}

    def get(
        self,
        models: Mapping[str, Model],
        what: str,
        ref: TypeRef,
        make: Callable[[], T],
    ) -> T:
        if self._models is not models:
            self._models, self._values = models, {}
        key = (what, ref)
        if key not in self._values:
            self._values[key] = make()
        value: T = self._values[key]
        return value


_BY_TYPE = _ByType()


def return_rows(ref: TypeRef | None, api: Api) -> Sequence[Row]:
    """Every field of the returned type, nested models expanded (each once per page)."""
    if ref is None:
        return ()
    models = api.models_by_key
    return _BY_TYPE.get(models, "rows", ref, lambda: tuple(_return_rows(ref, models)))


def _return_rows(ref: TypeRef, models: Mapping[str, Model]) -> list[Row]:
    annotations = Annotations(models, "datetime")
    rows: list[Row] = []

    # Each model is expanded once per page: APIs like Stripe's reach the same models through
    # many fields, and expanding every path grows exponentially (474k rows for one page).
    expanded: set[str] = set()

    def expand(model: Model, depth: int, stack: tuple[str, ...]) -> None:
        if model.key in stack:
            rows.append(
                Row("recursive", depth, model.name, description=model.description)
            )
            return
        if model.key in expanded:
            rows.append(Row("seen", depth, model.name))
            return
        if depth > _MAX_ROW_DEPTH or model.key not in listed:
            rows.append(Row("deep", depth, model.name))
            return
        expanded.add(model.key)
        root = depth == 0 and ref.kind == "model" and ref.name == model.key
        kind = "root" if root else "model"
        rows.append(Row(kind, depth, model.name, description=model.description))
        for field in model.fields:
            rows.append(
                Row(
                    "field",
                    depth,
                    field.name,
                    annotations.field_annotation(field),
                    _json_type(field.type, models, ()),
                    _facts(field),
                    field.description,
                )
            )
            for inner in _dedupe(_object_models(field.type, models)):
                expand(inner, depth + 1, stack + (model.key,))

    roots = _dedupe(_object_models(ref, models))
    listed = _expanded_within_budget(roots, models)
    for model in roots:
        expand(model, 0, ())
    return rows


def _expanded_within_budget(
    roots: list[Model], models: Mapping[str, Model]
) -> frozenset[str]:
    """The models a page expands: breadth first from the result, so that what a reader meets
    first is listed, until the next model's fields would pass ``_MAX_FIELD_ROWS`` (the result
    itself is always listed)."""
    listed: set[str] = set()
    budget = _MAX_FIELD_ROWS
    queue = deque((model, 0) for model in roots)
    while queue:
        model, depth = queue.popleft()
        if model.key in listed or depth > _MAX_ROW_DEPTH:
            continue
        if listed and len(model.fields) > budget:
            break
        listed.add(model.key)
        budget -= len(model.fields)
        for field in model.fields:
            queue.extend(
                (inner, depth + 1)
                for inner in _dedupe(_object_models(field.type, models))
            )
    return frozenset(listed)


def _dedupe(models: Iterator[Model]) -> list[Model]:
    seen: dict[str, Model] = {}
    for model in models:
        seen.setdefault(model.key, model)
    return list(seen.values())


_ERROR_CLASSES = {
    "400": "BadRequestError",
    "401": "AuthenticationError",
    "403": "PermissionDeniedError",
    "404": "NotFoundError",
    "409": "ConflictError",
    "422": "UnprocessableEntityError",
    "429": "RateLimitError",
}


def error_class(status: str) -> str:
    """The exception the client raises for an error status (``4XX``, ``default``: the base)."""
    if status in _ERROR_CLASSES:
        return _ERROR_CLASSES[status]
    if status[:1] == "5":
        return "InternalServerError"
    return "APIStatusError"


# --------------------------------------------------------------------------- example values

_FORMAT_EXAMPLES: dict[str, str] = {
    "uuid": "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab99e",
    "date-time": "2019-12-27T18:11:19.117Z",
    "date": "2019-12-27",
    "time": "18:11:19.117Z",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "hostname": "example.com",
    "ipv4": "127.0.0.1",
    "ipv6": "::1",
}
# Models re-entered this many times in one branch stop being expanded (recursive types).
_MAX_EXAMPLE_DEPTH = 8


def _synth(
    ref: TypeRef, models: Mapping[str, Model], stack: tuple[str, ...], full: bool
) -> JSONValue:
    """A value of type ``ref``. ``full``: every field of an object (a response); otherwise only the
    required ones (an argument)."""
    if ref.kind == "primitive":
        if ref.name == "str" or ref.name == "bytes":
            return _FORMAT_EXAMPLES.get(ref.format or "", "string")
        if ref.name in ("int", "float"):
            return 0
        if ref.name == "bool":
            return True
        return {}
    if ref.kind == "literal":
        return ref.values[0] if ref.values else None
    if ref.kind == "array":
        if not ref.args or _recurses(ref.args[0], models, stack):
            return []
        return [_synth(ref.args[0], models, stack, full)]
    if ref.kind == "map":
        if not ref.args or _recurses(ref.args[0], models, stack):
            return {}
        return {"key": _synth(ref.args[0], models, stack, full)}
    if ref.kind == "tuple":  # one value per position; ``...``: any length, so one
        return [_synth(a, models, stack, full) for a in ref.args]
    if ref.kind == "union":
        for arg in ref.args:
            if not _recurses(arg, models, stack):
                return _synth(arg, models, stack, full)
        return None if ref.nullable else {}
    model = _model(ref, models)
    if model is None:
        return {}
    if len(stack) > _MAX_EXAMPLE_DEPTH:
        return {}
    if model.kind == "alias":
        if model.alias_of is None:
            return {}
        return _synth(model.alias_of, models, stack + (model.key,), full)
    out: dict[str, JSONValue] = {}
    inner = stack + (model.key,)
    for field in model.fields:
        if not (full or field.required):
            continue
        if _recurses(field.type, models, inner):
            if not field.required:
                continue
            if field.type.nullable:
                out[field.wire] = None
                continue
        out[field.wire] = _synth(field.type, models, inner, full)
    return out


def _recurses(
    ref: TypeRef, models: Mapping[str, Model], stack: tuple[str, ...]
) -> bool:
    """Whether a value of ``ref`` must hold a model already being built."""
    if ref.kind == "model":
        if ref.name in stack:
            return True
        model = models.get(ref.name)
        if model is not None and model.kind == "alias" and model.alias_of is not None:
            return _recurses(model.alias_of, models, stack + (model.key,))
        return False
    if ref.kind == "union":
        return bool(ref.args) and all(_recurses(a, models, stack) for a in ref.args)
    if ref.kind == "tuple" and ref.name != "...":  # every position must be filled
        return any(_recurses(a, models, stack) for a in ref.args)
    return False


def example_value(ref: TypeRef, api: Api) -> JSONValue:
    """The example value of an argument of this type: deterministic, required fields only."""
    return _synth(ref, api.models_by_key, (), False)


@dataclass(frozen=True)
class ExampleResponse:
    status: str
    description: str | None
    json: str  # the value, pretty-printed
    synthesised: bool  # True: built from the schema, the spec has no example


def example_response(op: Operation, api: Api) -> ExampleResponse | None:
    """The success response's example: the spec's own, else one synthesised from the schema."""
    response = op.response
    if response is None or response.type is None:
        return None
    if response.has_example:
        text = json.dumps(response.example, indent=2, ensure_ascii=False)
        return ExampleResponse(response.status, response.description, text, False)
    ref, models = response.type, api.models_by_key
    text = _BY_TYPE.get(
        models,
        "example",
        ref,
        lambda: json.dumps(_synth(ref, models, (), True), indent=2, ensure_ascii=False),
    )
    return ExampleResponse(response.status, response.description, text, True)


def example_args(op: Operation, api: Api) -> list[tuple[Parameter, JSONValue]]:
    """The arguments every example passes: the required parameters, with example values."""
    return [(p, _example_arg(op, p, api)) for p in op.parameters if p.required]


# --------------------------------------------------------------------------- Python examples

_RESERVED_VARS = frozenset(
    {"client", "os", "asyncio", "main", "response", "httpx", "logging"}
)


def result_var(op: Operation, resource: Resource, api: Api) -> str:
    """The variable an example assigns the result to: the resource's name (``chat``), singular
    when the result is one object (``pets.create`` → ``pet``)."""
    name = resource.path[-1]
    ref = op.response.type if op.response else None
    one_body = op.response is not None and op.response.kind in ("binary", "text")
    if one_body or (ref is not None and ref.kind not in ("array", "map")):
        name = naming.singular(name)
    taken = _RESERVED_VARS | {api.package, api.client_class, api.async_client_class}
    # A singular can be a keyword (``imports`` → ``import``).
    taken |= naming.PYTHON_KEYWORDS
    return f"{name}_result" if name in taken else name


def _print_field(op: Operation, api: Api) -> Field | None:
    """The required field an example prints: an id if there is one, else the first required."""
    if op.response is None or op.response.type is None:
        return None
    return _shown_field(op.response.type, api)


def _shown_field(ref: TypeRef, api: Api) -> Field | None:
    model = _model(ref, api.models_by_key)
    if model is None or model.kind != "object" or ref.nullable:
        return None
    required = [f for f in model.fields if f.required]
    for test in (
        lambda f: f.name == "id",
        lambda f: f.name.endswith(("_id", "Id")),
        lambda f: True,
    ):
        for field in required:
            if test(field):
                return field
    return None


def py_literal(value: JSONValue) -> str:
    """A Python literal for JSON data, strings in double quotes as the examples write them."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        items = (f"{py_literal(str(k))}: {py_literal(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    return pyrepr(value)


def _py_typed(
    ref: TypeRef, value: JSONValue, models: Mapping[str, Model], depth: int
) -> str:
    """:func:`py_literal`, with the values of tuple types written as tuples (an argument typed
    ``Tuple[float, float]`` takes no list), looked for through arrays, maps and object fields.
    """
    model = _model(ref, models) if ref.kind == "model" else None
    if depth > _MAX_EXAMPLE_DEPTH:
        return py_literal(value)
    if model is not None and model.kind == "alias" and model.alias_of is not None:
        return _py_typed(model.alias_of, value, models, depth + 1)
    if isinstance(value, list) and ref.kind in ("tuple", "array"):
        if ref.kind == "array" or ref.name == "...":
            items = [_py_typed(ref.args[0], v, models, depth + 1) for v in value]
        else:
            items = [
                _py_typed(a, v, models, depth + 1) for a, v in zip(ref.args, value)
            ]
        if ref.kind == "array":
            return "[" + ", ".join(items) + "]"
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(value, dict) and (ref.kind == "map" or model is not None):
        types = {f.wire: f.type for f in model.fields} if model is not None else {}
        inner = ref.args[0] if ref.kind == "map" and ref.args else None
        parts = []
        for k, v in value.items():
            field = types.get(str(k), inner)
            text = (
                py_literal(v)
                if field is None
                else _py_typed(field, v, models, depth + 1)
            )
            parts.append(f"{py_literal(str(k))}: {text}")
        return "{" + ", ".join(parts) + "}"
    return py_literal(value)


def py_call(
    op: Operation,
    resource: Resource,
    api: Api,
    is_async: bool = False,
    raw: bool = False,
    options: str = "",
) -> str:
    """The example's call and what it prints, as statements (indent them with Jinja's ``indent``).

    ``raw``: through ``with_raw_response`` (prints the status, then parses). ``options``: a
    ``with_options(...)`` argument list applied to the client first.
    """
    target = "client" + (f".with_options({options})" if options else "")
    target += "." + ".".join(resource.path)
    if raw:
        target += ".with_raw_response"
    args = example_args(op, api)
    call = f"{target}.{op.name}("
    if args:
        call += "\n" + "".join(
            f"    {p.name}={_py_argument(p, value, api)},\n" for p, value in args
        )
    call += ")"
    if is_async:
        call = "await " + call
    if op.pagination is not None and not raw:
        return _page_loop(op, resource, api, call, is_async)
    var = result_var(op, resource, api)
    returns = op.response is not None and op.response.type is not None
    field = _print_field(op, api)
    shown = f"{var}.{field.name}" if field else var
    kind = op.response.kind if op.response else "none"
    if not raw and kind == "sse":
        prefix = "async " if is_async else ""
        return (
            f"{prefix}with {call} as stream:\n"
            f"    {prefix}for event in stream:\n        print(event)"
        )
    if not raw and kind == "binary":
        return f"{var} = {call}\nprint({var}.content_type, len({var}.content))"
    if not raw and kind == "text":
        return f"{var} = {call}\nprint({var})"
    if raw:
        lines = [f"response = {call}", "print(response.status_code)"]
        if returns:
            lines += [f"{var} = response.parse()", f"print({shown})"]
        return "\n".join(lines)
    if not returns:
        return call
    return f"{var} = {call}\nprint({shown})"


def _page_loop(
    op: Operation, resource: Resource, api: Api, call: str, is_async: bool
) -> str:
    """A paginated call's example: a loop over every item (the call is not awaited: ``async
    for`` iterates the ``AsyncPaginator`` itself)."""
    assert op.pagination is not None
    if is_async:
        call = call.removeprefix("await ")
    name = naming.singular(resource.path[-1])
    if name == resource.path[-1]:
        name = "item"
    taken = _RESERVED_VARS | {api.package, api.client_class, api.async_client_class}
    taken |= naming.PYTHON_KEYWORDS | {p.name for p in op.parameters}
    var = f"{name}_item" if name in taken else name
    field = _shown_field(op.pagination.item_type, api)
    shown = f"{var}.{field.name}" if field else var
    loop = "async for" if is_async else "for"
    return f"{loop} {var} in {call}:\n    print({shown})"


def page_sentence(op: Operation, resource: Resource, api: Api) -> str:
    """What a paginated operation's page says about its pages (Markdown; every name from the
    spec goes through ``code_span``)."""
    paging = op.pagination
    assert paging is not None
    annotations = Annotations(api.models_by_key)
    item = annotations.annotation(paging.item_type)
    param, cursor = code_span(paging.param), code_span(paging.cursor_field)
    how = {
        "response_field": f"the response's {cursor} sent as {param}",
        "last_item": f"the last item's {cursor} sent as {param}",
        "link_header": 'the `Link` header\'s `rel="next"` URL',
        "count": (
            f"{param} advanced by the items received"
            if paging.scheme == "offset"
            else f"{param} advanced by one"
        ),
    }[paging.next_from]
    where = (
        f"in {code_span(paging.items)} of the response"
        if paging.items
        else "of the response's list"
    )
    return (
        f"This method is paginated ({paging.scheme}: {how}). It returns the first page, "
        f"{code_span(f'SyncPage[{item}]')}, of the items {where}; iterating it yields every "
        "item of every page, each page fetched when the one before is used up. `page.items` "
        "is this page's items, the response's own fields read through (`page.<field>`), and "
        "`has_next_page()`, `get_next_page()` and `iter_pages()` walk the pages by hand; the "
        f"next request repeats this call's arguments and options. On "
        f"{code_span(api.async_client_class)} the call returns "
        f"{code_span(f'AsyncPaginator[{item}]')}: `async for` over it yields every item, "
        "`await` gives the first `AsyncPage`. Through "
        + code_span(
            "client." + ".".join(resource.path) + f".with_raw_response.{op.name}(...)"
        )
        + " it returns the first page's `APIResponse` (status, headers; `.parse()` is the "
        "page). Every method also takes the keyword options `extra_headers`, `extra_query`, "
        "`extra_body` and `timeout`. The CLI prints the first page; `--all` prints every item "
        "(`--max-items N`: the first N)."
    )


def py_signature(op: Operation, resource: Resource, api: Api) -> str:
    """``client.beta.chat.create(*, index_ids: ... = omit, ...) -> ChatCreateResponse``."""
    annotations = Annotations(api.models_by_key, "datetime")
    head = "client." + ".".join(resource.path) + f".{op.name}("
    returns = annotations.result_annotation(op.response, in_class=False)
    if op.pagination is not None:
        returns = f"SyncPage[{annotations.annotation(op.pagination.item_type)}]"
    if not op.parameters:
        return f"{head}) -> {returns}"
    lines = [head, "    *,"]
    for p in op.parameters:
        text = annotations.annotation(p.type, inputs=True)
        lines.append(
            f"    {p.name}: {text}" + ("," if p.required else " | Omit = omit,")
        )
    lines.append(f") -> {returns}")
    return "\n".join(lines)


def example_schemes(op: Operation | None, api: Api) -> tuple[AuthScheme, ...]:
    """The schemes an operation's examples send: the first requirement set it accepts (the
    key's scheme for the default, none for ``security: []``)."""
    if api.auth.kind == "none" and not api.auth.extra:
        return ()
    if op is None or op.security is None:
        return (api.auth.primary,) if api.auth.kind != "none" else ()
    by_argument = {s.argument: s for s in api.auth.schemes}
    first = op.security[0] if op.security else ()
    return tuple(by_argument[a] for a in first if a in by_argument)


def _setup_schemes(op: Operation | None, api: Api) -> tuple[AuthScheme, ...]:
    """The credentials an example's client is given: the operation's, else the key (the
    client wants one to start)."""
    return example_schemes(op, api) or (
        (api.auth.primary,) if api.auth.kind != "none" else ()
    )


def client_setup(
    api: Api,
    is_async: bool = False,
    with_key: bool = True,
    options: tuple[str, ...] | list[str] = (),
    imports: tuple[str, ...] | list[str] = (),
    op: Operation | None = None,
) -> str:
    """Imports and the client construction every Python example starts with.

    ``with_key``: pass the key from the environment explicitly (as the reference pages do);
    ``options``: more constructor arguments (``"timeout=20.0"``), each on its own line;
    ``imports``: modules imported first (``"httpx"``).
    """
    cls = api.async_client_class if is_async else api.client_class
    schemes = _setup_schemes(op, api) if with_key else ()
    lines = [f"import {name}" for name in imports]
    if schemes:
        lines.append("import os")
    if is_async:
        lines.append("import asyncio")
    lines.append(f"from {api.package} import {cls}")
    arguments = [f"    {option}," for option in options]
    for scheme in schemes:
        env = api.env_api_key if scheme.argument == "api_key" else scheme.env
        arguments.append(
            f"    {scheme.argument}=os.environ.get({py_literal(env)}),"
            "  # This is the default and can be omitted"
        )
    setup = (
        f"client = {cls}("
        + ("\n" + "\n".join(arguments) + "\n" if arguments else "")
        + ")"
    )
    return "\n".join(lines) + "\n\n" + setup


# --------------------------------------------------------------------------- curl and CLI


def _scalar_text(value: JSONValue) -> str:
    """A value as a CLI flag takes it (arrays comma-joined, objects as JSON)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_scalar_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value)
    return "" if value is None else str(value)


# The runtime's serialisation rules, loaded from the very file every package ships
# (stdlib-only by design): an example URL, header or cookie is exactly what the client sends.
_STYLES_FILE = TEMPLATES_DIR / "runtime" / "_styles.py"


@functools.lru_cache(maxsize=1)
def _wire_styles() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_sdk_wire_styles", _STYLES_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def wire_path_value(p: Parameter, value: JSONValue) -> str:
    styles = _wire_styles()
    style, explode = styles.resolve(p.location, p.style, p.explode)
    return cast(str, styles.path_value(p.wire, value, style, explode, p.content_type))


def wire_query_items(p: Parameter, value: JSONValue) -> list[str]:
    styles = _wire_styles()
    style, explode = styles.resolve(p.location, p.style, p.explode)
    items = styles.query_items(
        p.wire, value, style, explode, p.allow_reserved, p.content_type
    )
    return cast(list[str], items)


def wire_header_value(p: Parameter, value: JSONValue) -> str:
    styles = _wire_styles()
    _, explode = styles.resolve(p.location, p.style, p.explode)
    return cast(str, styles.header_value(value, explode, p.content_type))


def wire_cookie_pairs(p: Parameter, value: JSONValue) -> list[str]:
    styles = _wire_styles()
    _, explode = styles.resolve(p.location, p.style, p.explode)
    return cast(list[str], styles.cookie_pairs(p.wire, value, explode, p.content_type))


# --------------------------------------------------------------------------- request bodies

# The files upload examples name, by the media type the body or field declares: the extension
# is one curl and Python's mimetypes both map back to that type. The docs tests create them.
_EXAMPLE_EXTENSIONS = {
    "application/octet-stream": "bin",
    "application/pdf": "pdf",
    "image/gif": "gif",
    "image/jpeg": "jpg",
    "image/png": "png",
    "text/plain": "txt",
}
_EXAMPLE_TYPES = {ext: media_type for media_type, ext in _EXAMPLE_EXTENSIONS.items()}
EXAMPLE_FILES = tuple(sorted(f"example.{ext}" for ext in _EXAMPLE_TYPES))
_FORMS_FILE = _STYLES_FILE.with_name("_forms.py")


@functools.lru_cache(maxsize=1)
def _wire_forms() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_sdk_wire_forms", _FORMS_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _is_upload(ref: TypeRef) -> bool:
    return ref.kind == "file" or (
        ref.kind == "array" and bool(ref.args) and ref.args[0].kind == "file"
    )


def _declared_part_type(op: Operation, p: Parameter) -> str | None:
    """The media type a file argument is declared with (the body's, or the multipart field's)."""
    if op.body is None:
        return None
    if not op.body.flattened:
        return op.body.content_type
    encoding = next((e for e in op.body.encodings if e.wire == p.wire), None)
    return encoding.content_type if encoding else None


def example_file(op: Operation, p: Parameter) -> str:
    """The file an example uploads for a file argument: ``example.png`` for a PNG field."""
    declared = (_declared_part_type(op, p) or "").split(",", 1)[0]
    base = declared.split(";", 1)[0].strip().lower()
    if base in _EXAMPLE_EXTENSIONS:
        return f"example.{_EXAMPLE_EXTENSIONS[base]}"
    return "example.bin" if base and "*" not in base else "example.txt"


def _example_arg(op: Operation, p: Parameter, api: Api) -> JSONValue:
    if not _is_upload(p.type):
        return example_value(p.type, api)
    name = example_file(op, p)
    return [name] if p.type.kind == "array" else name


def _py_argument(p: Parameter, value: JSONValue, api: Api) -> str:
    """The example's Python expression for an argument: files are opened, like a caller would."""
    if not _is_upload(p.type):
        return _py_typed(p.type, value, api.models_by_key, 0)
    names = value if isinstance(value, list) else [value]
    opened = [f'open({py_literal(n)}, "rb")' for n in names]
    return f"[{', '.join(opened)}]" if isinstance(value, list) else opened[0]


def _concrete_type(media_type: str | None) -> str | None:
    if not media_type or "*" in media_type or "," in media_type:
        return None
    return media_type


def _upload_type(name: str, declared: str | None) -> str:
    """The Content-Type the client sends for an example file: the declared type, else the one its
    name says."""
    ext = name.rsplit(".", 1)[-1]
    return _concrete_type(declared) or _EXAMPLE_TYPES.get(
        ext, "application/octet-stream"
    )


def _body_fields(
    op: Operation, body: list[tuple[Parameter, JSONValue]]
) -> list[tuple[str, JSONValue, bool]]:
    """A form or multipart example body as the client sees it: (wire name, value, is a file);
    a body taken whole as a mapping contributes its keys."""
    assert op.body is not None
    if op.body.flattened:
        return [(p.wire, value, _is_upload(p.type)) for p, value in body]
    whole = body[0][1]
    return [(k, v, False) for k, v in whole.items()] if isinstance(whole, dict) else []


def _form_pieces(op: Operation, wire: str, value: JSONValue) -> list[str]:
    """A form field as the client writes it (the runtime's ``_forms`` and ``_styles`` rules)."""
    assert op.body is not None
    encoding = next((e for e in op.body.encodings if e.wire == wire), None)
    style = encoding.style if encoding else None
    forms = _wire_forms()
    if forms.uses_brackets(style, value):
        return cast(list[str], forms.bracket_pieces(wire, value))
    styles = _wire_styles()
    resolved, explode = styles.resolve(
        "query", style, encoding.explode if encoding else None
    )
    return cast(list[str], styles.query_items(wire, value, resolved, explode))


def _multipart_words(
    op: Operation, fields: list[tuple[str, JSONValue, bool]]
) -> list[str]:
    """``-F``/``--form-string`` words in the client's order: text fields, then files."""
    assert op.body is not None
    encodings = {e.wire: e for e in op.body.encodings}
    texts: list[str] = []
    files: list[str] = []
    for wire, value, upload in fields:
        encoding = encodings.get(wire)
        declared = encoding.content_type if encoding else None
        if upload:
            kind = f";type={declared}" if _concrete_type(declared) else ""
            for name in value if isinstance(value, list) else [value]:
                files.append("-F " + shlex.quote(f"{wire}=@{name}{kind}"))
        elif encoding is not None and encoding.style is not None:
            for piece in _form_pieces(op, wire, value):
                name, _, text = piece.partition("=")
                word = f"{unquote(name)}={unquote(text)}"
                texts.append("--form-string " + shlex.quote(word))
        else:
            texts.extend(_multipart_data_words(wire, value, declared))
    return texts + files


def _multipart_data_words(
    wire: str, value: JSONValue, declared: str | None
) -> list[str]:
    if value is None:
        return []
    if isinstance(value, dict) or (declared and "json" in declared.lower()):
        text = json.dumps(value, separators=(",", ":"))
        part = f"{wire}={text};type={declared or 'application/json'}"
        return ["-F " + shlex.quote(part)]
    if isinstance(value, list):
        return [w for item in value for w in _multipart_data_words(wire, item, None)]
    text = _wire_forms().scalar_text(value)
    if declared:
        return ["-F " + shlex.quote(f"{wire}={text};type={declared}")]
    return ["--form-string " + shlex.quote(f"{wire}={text}")]


def _wire_content_type(op: Operation, body: list[tuple[Parameter, JSONValue]]) -> str:
    """The Content-Type header the client sends for the example's body."""
    assert op.body is not None
    kind, declared = op.body.kind, op.body.send_content_type
    if kind == "binary":
        name = body[0][1]
        return _upload_type(name if isinstance(name, str) else "", declared)
    if kind == "text":
        media_type = declared or "text/plain"
        if "charset=" not in media_type.lower():
            media_type += "; charset=utf-8"
        return media_type
    if kind == "form":
        return "application/x-www-form-urlencoded"
    return declared or "application/json"


def _curl_body(op: Operation, args: list[tuple[Parameter, JSONValue]]) -> list[str]:
    """The curl words that send the example's body as the client would."""
    body = [(p, value) for p, value in args if p.location == "body"]
    if op.body is not None and not body and op.body.required and op.body.flattened:
        # A required body goes out even with no field given (the runtime's body_required).
        if op.body.kind == "multipart":
            # curl's -F needs a part: the body with none is only the close delimiter.
            header = "Content-Type: multipart/form-data; boundary=empty"
            return ["-H " + shlex.quote(header), "--data-binary --empty--"]
        if op.body.kind in ("json", "form"):
            header = f"Content-Type: {_wire_content_type(op, body)}"
            empty = "{}" if op.body.kind == "json" else ""
            return ["-H " + shlex.quote(header), "-d " + shlex.quote(empty)]
    if op.body is None or not body:
        return []
    if op.body.kind == "multipart":
        return _multipart_words(op, _body_fields(op, body))
    header = "-H " + shlex.quote(f"Content-Type: {_wire_content_type(op, body)}")
    value = body[0][1]
    if op.body.kind == "binary":
        return [header, "--data-binary " + shlex.quote(f"@{value}")]
    if op.body.kind == "text":
        return [header, "--data-binary " + shlex.quote(str(value))]
    if op.body.kind == "form":
        pieces = [
            piece
            for wire, item, _ in _body_fields(op, body)
            for piece in _form_pieces(op, wire, item)
        ]
        return [header, "-d " + shlex.quote("&".join(pieces))]
    payload = {p.wire: v for p, v in body} if op.body.flattened else value
    return [header, "-d " + shlex.quote(json.dumps(payload, ensure_ascii=False))]


def example_url(op: Operation, api: Api) -> str:
    """The full URL of the example request (server, path with example values, query)."""
    path = op.path
    query: list[str] = []
    for p, value in example_args(op, api):
        if p.location == "path":
            path = path.replace("{" + p.wire + "}", wire_path_value(p, value))
        elif p.location == "query":
            query.extend(wire_query_items(p, value))
    url = api.default_base_url.rstrip("/") + path
    return url + ("?" + "&".join(query) if query else "")


def auth_sentence(api: Api) -> str:
    """How requests carry the API key, in words, for the README."""
    auth = api.auth
    where = {
        "bearer": "a bearer token (`Authorization: Bearer …`)",
        "basic": "HTTP basic credentials: the key is `user:password`",
        "header": f"the {code_span(auth.param)} header",
        "query": f"the {code_span(auth.param)} query parameter",
        "cookie": f"the {code_span(auth.param)} cookie",
        "none": "no credentials",
    }[auth.kind]
    return f"Requests carry the API key as {where}."


def _with_key(text: str, key: str) -> str:
    """``text`` as a double-quoted shell word (its metacharacters escaped) ending in ``key``, a
    ``$NAME`` reference left to expand: the credential never appears in the docs."""
    return f'"{_shell_escaped(text)}{key}"'


def _shell_escaped(text: str) -> str:
    """``text`` for the inside of a double-quoted shell word."""
    return "".join("\\" + c if c in '"`\\$' else c for c in text)


def curl_example(op: Operation, api: Api) -> str:
    """The curl command of the example request: method, URL, auth, headers, cookies, JSON body."""
    schemes = example_schemes(op, api)

    def key_of(scheme: AuthScheme) -> str:
        return "$" + (api.env_api_key if scheme.argument == "api_key" else scheme.env)

    url = example_url(op, api)
    in_query = [s for s in schemes if s.kind == "query"]
    if in_query:
        # A shell word: the literal parts escaped, each key left to expand. Built piece by
        # piece: spec text (a server URL) may hold any character, so no sentinel can mark a key.
        joiners = ["&" if "?" in url else "?"] + ["&"] * (len(in_query) - 1)
        url_word = (
            '"'
            + _shell_escaped(url)
            + "".join(
                _shell_escaped(f"{joiner}{quote(scheme.param, safe='')}=")
                + key_of(scheme)
                for joiner, scheme in zip(joiners, in_query)
            )
            + '"'
        )
    else:
        url_word = shlex.quote(url)
    parts = [f"curl {url_word}", f"-X {op.http_method.upper()}"]
    for scheme in schemes:
        if scheme.kind == "bearer":
            parts.append("-H " + _with_key("Authorization: Bearer ", key_of(scheme)))
        elif scheme.kind == "basic":
            parts.append("-u " + _with_key("", key_of(scheme)))
        elif scheme.kind == "header":
            parts.append("-H " + _with_key(f"{scheme.param}: ", key_of(scheme)))
    args = example_args(op, api)
    for p, value in args:
        if p.location == "header":
            parts.append(
                "-H " + shlex.quote(f"{p.wire}: {wire_header_value(p, value)}")
            )
    cookies = [
        pair
        for p, v in args
        if p.location == "cookie"
        for pair in wire_cookie_pairs(p, v)
    ]
    cookie_schemes = [s for s in schemes if s.kind == "cookie"]
    if len(cookie_schemes) == 1:
        scheme = cookie_schemes[0]
        parts.append(
            "-H "
            + _with_key(
                "Cookie: " + "; ".join([*cookies, f"{scheme.param}="]), key_of(scheme)
            )
        )
    elif cookies:
        parts.append("-H " + shlex.quote("Cookie: " + "; ".join(cookies)))
    parts.extend(_curl_body(op, args))
    return " \\\n    ".join(parts)


def _flag_words(param: Parameter, value: JSONValue, api: Api) -> list[str]:
    if _is_upload(param.type):  # the example's file name(s), one flag each
        names = value if isinstance(value, list) else [value]
        return [w for name in names for w in (param.cli_flag, str(name))]
    spec = cli_value(param.type, api)
    kind = spec["kind"]
    if kind == "boolean":
        return [
            param.cli_flag if value else "--no-" + param.cli_flag.removeprefix("--")
        ]
    if kind == "array" and isinstance(value, list):
        item = spec.get("item", {"kind": "any"})["kind"]
        if item in ("string", "integer", "number", "boolean", "enum") and value:
            return [w for v in value for w in (param.cli_flag, _cli_scalar(v))]
        return [param.cli_flag, json.dumps(value, ensure_ascii=False)]
    if kind in ("object", "any") or isinstance(value, (dict, list)):
        return [param.cli_flag, json.dumps(value, ensure_ascii=False)]
    return [param.cli_flag, _cli_scalar(value)]


def _cli_scalar(value: JSONValue) -> str:
    text = _scalar_text(value) if not isinstance(value, str) else value
    return "@" + text if text.startswith("@") else text  # "@x" would read a file


def cli_example(resource: Resource, op: Operation, api: Api) -> str:
    """The CLI command of the example request: ``<prog> <resource> <method>`` and its flags."""
    lines = [f"{api.cli_command} {resource.cli_name} {op.cli_name}"]
    for scheme in _setup_schemes(op, api):
        lines.append(f"--{scheme.argument.replace('_', '-')} 'My API Key'")
    for p, value in example_args(op, api):
        words = _flag_words(p, value, api)
        for flag, text in zip(words[::2], words[1::2]):
            lines.append(f"{flag} {shlex.quote(text)}")
        if len(words) % 2:
            lines.append(words[-1])
    return " \\\n  ".join(lines)


def first_operation(api: Api) -> tuple[Resource, Operation] | None:
    """The operation the README's examples call."""
    operations = api.operations()
    return operations[0] if operations else None


def first_returning(api: Api, kind: str) -> tuple[Resource, Operation] | None:
    """The first operation whose result is of ``kind`` (``sse``, ``binary``), for the README."""
    for resource, op in api.operations():
        if op.response and op.response.kind == kind:
            return resource, op
    return None


FILTERS: dict[str, Callable[..., Any]] = {
    "auth_sentence": auth_sentence,
    "md_inline": md_inline,
    "md_cell": md_cell,
    "md_block": md_block,
    "link_text": link_text,
    "code_span": code_span,
    "cell_code": cell_code,
    "fenced": fenced,
    "doc_path": doc_path,
    "first_returning": first_returning,
    "root_link": root_link,
    "heading_level": heading_level,
    "py_type": py_type,
    "py_annotation": py_annotation,
    "py_input_type": py_input_type,
    "json_type": json_type,
    "type_format": type_format,
    "param_groups": param_groups,
    "param_facts": param_facts,
    "return_rows": return_rows,
    "error_class": error_class,
    "example_response": example_response,
    "py_call": py_call,
    "py_signature": py_signature,
    "page_sentence": page_sentence,
    "client_setup": client_setup,
    "curl_example": curl_example,
    "cli_example": cli_example,
    "first_operation": first_operation,
}
