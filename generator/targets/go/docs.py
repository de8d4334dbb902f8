"""The Go section of each operation's docs page, decided by the Go target.

Every Go name the section prints (services, methods, params and response types, fields, enum
constants) is read from the plan that writes the Go SDK (``plan.py``), so a page cannot name what
the module does not declare. What this module returns is data: Go identifiers and types, the
example program's source (spec text in it only through ``filters.go_string``), and the spec's
descriptions as they are, which the docs templates print through the docs filters.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ...ir.naming import singular
from ...ir.nodes import Api, JSONValue, Operation, Resource
from ...render.doc_filters import example_args
from . import filters, naming
from .paging import GoPager
from .plan import GoEnum, GoMethod, GoPackage, GoService, GoStruct, unsupported

# A page lists nested structs this deep at most (Stripe's objects nest a dozen levels).
MAX_DEPTH = 4
# An enum's constants listed on a page, at most (Stripe's merchant categories have 300).
MAX_CONSTANTS = 12


@dataclass(frozen=True)
class GoDocRow:
    """One line of a Parameters or Returns listing."""

    depth: int
    name: str
    type: str  # as the declaration writes it: ``param.Field[string]``, ``[]string``
    required: bool
    description: str | None
    format: str = ""
    # An enum type's constants and the values they stand for, as Go literals (the first
    # ``MAX_CONSTANTS``, the first time the page meets the type), and how many it has.
    constants: tuple[tuple[str, str], ...] = ()
    constant_count: int = 0
    constants_seen: bool = False  # listed above on this page
    # "": a plain field; "struct": its type's fields follow, one deeper; "seen": they are
    # listed above on this page; "deep": not listed on this page.
    expands: str = ""


@dataclass(frozen=True)
class GoOperationDoc:
    call: str  # client.Beta.Chat.New
    signature: str  # client.Beta.Chat.New(ctx, params) (*BetaChatNewResponse, error)
    service: str  # the receiver's type
    method: str
    path_args: tuple[GoDocRow, ...]
    params: str  # the params struct's name, "" when the method takes none
    params_description: str | None
    params_rows: tuple[GoDocRow, ...]
    returns: str  # what the call's result points to ("" when it returns only an error)
    returns_struct: (
        str  # the struct Returns lists (the result, or what it holds), or ""
    )
    returns_description: str | None
    returns_rows: tuple[GoDocRow, ...]
    # A paginated List: the auto-paging method's signature, and the item type Returns lists.
    auto_paging: str
    item: str
    example: str  # a whole program, gofmt-clean


@dataclass(frozen=True)
class GoSkipped:
    """An operation the Go SDK leaves out (the run warns of it), and what it lacks."""

    lacks: str  # "multipart request bodies"


GoPage = GoOperationDoc | GoSkipped


@dataclass(frozen=True)
class GoIndex:
    """What the reference's index says of the Go SDK: its import path and package, and each
    operation's Go section."""

    module: str
    package: str
    pages: Mapping[str, GoPage]


def index(api: Api, pkg: GoPackage) -> GoIndex:
    return GoIndex(pkg.module, pkg.package, operation_pages(api, pkg))


def operation_pages(api: Api, pkg: GoPackage) -> dict[str, GoPage]:
    """The Go section of every operation's page, by operation key."""
    structs = {s.name: s for service in pkg.services for s in service.structs}
    enums = {e.name: e for service in pkg.services for e in service.enums}
    chains = _chains(pkg)
    methods: dict[str, tuple[GoService, GoMethod, GoPager | None]] = {}
    for service in pkg.services:
        pagers = {p.send.op_key: p for p in service.pagers}
        for m in service.methods:
            pager = pagers.get(m.op_key)
            methods[m.op_key] = (service, pager.method if pager else m, pager)
    out: dict[str, GoPage] = {
        op.key: GoSkipped(unsupported(op)) for op, _ in pkg.skipped
    }
    for resource, op in api.operations():
        found = methods.get(op.key)
        if found is None:
            continue
        service, m, pager = found
        page = _Page(pkg, structs, enums)
        out[op.key] = page.document(
            chains.get(service.name, "client"), service, m, pager, resource, op, api
        )
    return out


def _chains(pkg: GoPackage) -> dict[str, str]:
    """Each service's expression from the client: ``client.Beta.Chat``."""
    chains: dict[str, str] = {}
    for fld, top in pkg.top:
        chains[top] = "client." + fld
    for parent in pkg.services:  # parents come before their children
        for fld, child in parent.children:
            chains[child] = chains.get(parent.name, "client") + "." + fld
    return chains


_WRAPPERS = re.compile(r"^(?:\*|\[\]|map\[string\])")
# What a page's example may not name its result: the program's other identifiers.
_TAKEN_VARS = frozenset(
    {"client", "err", "ctx", "context", "fmt", "option", "main", "iter", "page"}
)


def _named(go_type: str) -> str:
    """The named type a field's type holds (``[]*Pet`` → ``Pet``)."""
    while True:
        stripped = _WRAPPERS.sub("", go_type)
        if stripped == go_type:
            return go_type
        go_type = stripped


class _Page:
    """One page's listings: each struct expanded once, where the page first meets it."""

    def __init__(
        self,
        pkg: GoPackage,
        structs: Mapping[str, GoStruct],
        enums: Mapping[str, GoEnum],
    ) -> None:
        self.pkg = pkg
        self.structs = structs
        self.enums = enums
        self.seen: set[str] = set()

    def document(
        self,
        chain: str,
        service: GoService,
        m: GoMethod,
        pager: GoPager | None,
        resource: Resource,
        op: Operation,
        api: Api,
    ) -> GoOperationDoc:
        args = ["ctx"] + [a.name for a in m.path_args]
        if m.params is not None:
            args.append("params")
        call = f"{chain}.{m.name}({', '.join(args)})"
        if pager is not None:
            result = f"(*pagination.Page[{pager.item}], error)"
            auto = f"{chain}.{pager.auto}({', '.join(args)}) *pagination.PageAutoPager[{pager.item}]"
            shown = pager.item
        else:
            result = f"(*{m.returns}, error)" if m.returns else "error"
            auto = ""
            shown = m.returns
        path_rows = tuple(
            GoDocRow(
                0,
                a.name,
                a.type,
                True,
                "Path param" + (f": {a.description}" if a.description else ""),
            )
            for a in m.path_args
        )
        params_rows: tuple[GoDocRow, ...] = ()
        if m.params is not None:
            self.seen.add(m.params.name)
            params_rows = tuple(self.rows(m.params, 0))
        returns_rows: tuple[GoDocRow, ...] = ()
        returns_description = None
        named = self.structs.get(_named(shown)) if shown else None
        if named is not None:
            self.seen.add(named.name)
            returns_rows = tuple(self.rows(named, 0))
            returns_description = named.description
        return GoOperationDoc(
            call=f"{chain}.{m.name}",
            signature=f"{call} {result}",
            service=service.name,
            method=m.name,
            path_args=path_rows,
            params=m.params.name if m.params else "",
            params_description=m.params.description if m.params else None,
            params_rows=params_rows,
            returns=shown,
            returns_struct=named.name if named is not None else "",
            returns_description=returns_description,
            returns_rows=returns_rows,
            auto_paging=auto,
            item=pager.item if pager else "",
            example=_Example(self.pkg, self.structs, self.enums).program(
                chain, m, pager, resource, op, api
            ),
        )

    def rows(self, struct: GoStruct, depth: int) -> Iterator[GoDocRow]:
        for f in struct.fields:
            shown = f"param.Field[{f.type}]" if struct.kind == "params" else f.type
            name = _named(f.type)
            enum = self.enums.get(name)
            nested = self.structs.get(name)
            expands = ""
            if nested is not None:
                if nested.name in self.seen:
                    expands = "seen"
                elif depth + 1 >= MAX_DEPTH:
                    expands = "deep"
                else:
                    expands = "struct"
            yield GoDocRow(
                depth,
                f.name,
                shown,
                f.required,
                f.description,
                f.format,
                (
                    tuple(
                        (c, filters.go_string(v))
                        for c, v in enum.constants[:MAX_CONSTANTS]
                    )
                    if enum is not None and enum.name not in self.seen
                    else ()
                ),
                len(enum.constants) if enum is not None else 0,
                enum is not None and enum.name in self.seen,
                expands,
            )
            if enum is not None:
                self.seen.add(enum.name)
            if nested is not None and expands == "struct":
                self.seen.add(nested.name)
                yield from self.rows(nested, depth + 1)


# --------------------------------------------------------------------------- the example


_SCALAR_FIELDS = {
    "string": "String",
    "int64": "Int",
    "float64": "Float",
    "bool": "Bool",
}


class _Example:
    """The page's example program: the client, the call with its required parameters set (the
    values the Python examples pass), and what it prints."""

    def __init__(
        self,
        pkg: GoPackage,
        structs: Mapping[str, GoStruct],
        enums: Mapping[str, GoEnum],
    ) -> None:
        self.p = pkg.package
        self.pkg = pkg
        self.structs = structs
        self.enums = enums

    def program(
        self,
        chain: str,
        m: GoMethod,
        pager: GoPager | None,
        resource: Resource,
        op: Operation,
        api: Api,
    ) -> str:
        p = self.p
        values: dict[tuple[str, str], JSONValue] = {
            (param.wire, param.location): value
            for param, value in example_args(op, api)
        }
        args = ["context.TODO()"]
        for a in m.path_args:
            args.append(self.value(a.type, values.get((a.wire, "path"), a.name)))
        lines = ["package main", "", "import (", '\t"context"']
        prints = bool(m.returns) or pager is not None
        if prints:
            lines.append('\t"fmt"')
        lines += ["", f'\t"{self.pkg.module}"', f'\t"{self.pkg.module}/option"', ")"]
        lines += ["", "func main() {", f"\tclient := {p}.NewClient("]
        lines += ['\t\toption.WithAPIKey("My API Key"),', "\t)"]
        params_lines: list[str] = []
        if m.params is not None:
            cells = []
            for f in m.params.fields:
                where = "body" if f.location == "form" else f.location
                if (f.wire, where) in values:
                    cells.append((f.name, self.field(f.type, values[(f.wire, where)])))
            params_lines = _literal(f"{p}.{m.params.name}", cells)
        call_head = f"{chain}.{(pager.auto if pager else m.name)}("
        call_args = ", ".join(args)
        if params_lines:
            call_args += ", " + params_lines[0]
            call = [call_head + call_args] + params_lines[1:]
            call[-1] += ")"
        else:
            call = [call_head + call_args + ")"]
        if pager is not None:
            lines.append("\titer := " + call[0])
            lines += ["\t" + line for line in call[1:]]
            lines += [
                "\tfor iter.Next() {",
                '\t\tfmt.Printf("%+v\\n", iter.Current())',
                "\t}",
                "\tif err := iter.Err(); err != nil {",
                "\t\tpanic(err.Error())",
                "\t}",
                "}",
            ]
            return "\n".join(lines) + "\n"
        if not m.returns:
            lines.append("\terr := " + call[0])
            lines += ["\t" + line for line in call[1:]]
            lines += ["\tif err != nil {", "\t\tpanic(err.Error())", "\t}", "}"]
            return "\n".join(lines) + "\n"
        var = _result_var(resource, m.returns, p)
        lines.append(f"\t{var}, err := " + call[0])
        lines += ["\t" + line for line in call[1:]]
        lines += ["\tif err != nil {", "\t\tpanic(err.Error())", "\t}"]
        lines += [f'\tfmt.Printf("%+v\\n", {self.shown(var, m.returns)})', "}"]
        return "\n".join(lines) + "\n"

    def shown(self, var: str, returns: str) -> str:
        """What the example prints: the result's id if it has one, else its first required
        field, else the whole result."""
        struct = self.structs.get(returns)
        required = [f for f in struct.fields if f.required] if struct else []
        for test in (
            lambda name: name == "ID",
            lambda name: name.endswith("ID"),
            lambda name: True,
        ):
            for f in required:
                if test(f.name):
                    return f"{var}.{f.name}"
        return "*" + var

    def field(self, go_type: str, value: JSONValue) -> str:
        """A ``param.Field[go_type]`` expression sending ``value``."""
        p = self.p
        if go_type in _SCALAR_FIELDS:
            return f"{p}.{_SCALAR_FIELDS[go_type]}({self.value(go_type, value)})"
        if go_type in ("interface{}", "map[string]interface{}"):
            return f"{p}.F[{go_type}]({self.value(go_type, value)})"
        return f"{p}.F({self.value(go_type, value)})"

    def value(self, go_type: str, value: JSONValue) -> str:
        """An expression of type ``go_type`` holding ``value`` (as near as the type allows)."""
        p = self.p
        if go_type == "string":
            text = value if isinstance(value, str) else json.dumps(value)
            return filters.go_string(text)
        if go_type in ("int64", "float64"):
            number = value if isinstance(value, (int, float)) else 0
            if isinstance(number, bool):
                number = int(number)
            if not math.isfinite(number):
                return "0"
            if go_type == "int64" or number == int(number):
                return str(int(number))
            return repr(float(number))
        if go_type == "bool":
            return "true" if value is True else "false"
        if go_type.startswith("[]"):
            inner = go_type[2:]
            items = value if isinstance(value, list) else []
            body = ", ".join(self.value(inner, v) for v in items)
            return f"{self.qualified(go_type)}{{{body}}}"
        if go_type.startswith("map[string]") and go_type != "map[string]interface{}":
            inner = go_type[len("map[string]") :]
            entries = value.items() if isinstance(value, dict) else []
            body = ", ".join(
                f"{filters.go_string(str(k))}: {self.value(inner, v)}"
                for k, v in entries
            )
            return f"{self.qualified(go_type)}{{{body}}}"
        if go_type.startswith("*"):
            return "&" + self.value(go_type[1:], value)
        enum = self.enums.get(go_type)
        if enum is not None:
            for constant, wire in enum.constants:
                if wire == value:
                    return f"{p}.{constant}"
            if enum.constants:
                return f"{p}.{enum.constants[0][0]}"
            return f"{p}.{go_type}({filters.go_string(str(value))})"
        struct = self.structs.get(go_type)
        if struct is not None:
            given = value if isinstance(value, dict) else {}
            cells = ", ".join(
                f"{f.name}: {self.field(f.type, given[f.wire])}"
                for f in struct.fields
                if f.wire in given
            )
            return f"{p}.{go_type}{{{cells}}}"
        return _any(value)

    def qualified(self, go_type: str) -> str:
        """A type as the example's package writes it: the SDK's names qualified."""
        return re.sub(r"\b([A-Z]\w*)", lambda m: f"{self.p}.{m.group(1)}", go_type)


def _any(value: JSONValue) -> str:
    """JSON data as a Go ``interface{}`` literal."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return filters.go_string(value)
    if isinstance(value, (int, float)):
        return repr(value) if math.isfinite(value) else "0"
    if isinstance(value, list):
        return "[]interface{}{" + ", ".join(_any(v) for v in value) + "}"
    body = ", ".join(
        f"{filters.go_string(str(k))}: {_any(v)}" for k, v in value.items()
    )
    return "map[string]interface{}{" + body + "}"


def _literal(type_name: str, cells: list[tuple[str, str]]) -> list[str]:
    """A composite literal, one key per line, keys aligned as gofmt aligns them."""
    if not cells:
        return [type_name + "{}"]
    lines = [type_name + "{"]
    for section in _alignment_sections(cells):
        width = max(len(k) for k, _ in section) + 1
        lines += [f"\t{(k + ':').ljust(width)} {v}," for k, v in section]
    return lines + ["}"]


def _alignment_sections(cells: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Runs of keys gofmt aligns together (go/printer's ``exprList``, for one key per line):
    two neighbouring keys of at most 40 characters stay aligned; else the alignment breaks
    before a key 2.5 times longer or shorter than the geometric mean of the keys before it in
    its section."""
    sections: list[list[tuple[str, str]]] = []
    log2sum, count, previous = 0.0, 0, 0
    for key, value in cells:
        size = len(key)
        breaks = True
        if previous > 0 and size > 0:
            if count == 0 or (previous <= 40 and size <= 40):
                breaks = False
            else:
                ratio = size / 2 ** (log2sum / count)
                breaks = 2.5 * ratio <= 1 or 2.5 <= ratio
        if breaks or not sections:
            sections.append([])
            log2sum, count = 0.0, 0  # a new section starts a new mean
        sections[-1].append((key, value))
        log2sum += math.log2(size)
        count += 1
        previous = size
    return sections


def _result_var(resource: Resource, returns: str, package: str) -> str:
    """The name the example gives the result: the resource's (``chat``), singular for one
    object."""
    word = resource.path[-1] if resource.path else "res"
    if not returns.startswith(("[]", "map[")):
        word = singular(word)
    name = naming.unexported(word, fallback="res")
    if name in _TAKEN_VARS or name == package:
        return name + "Res"
    return name
