"""Cut a generated module into pieces black can format one at a time.

A one-operation edit to a spec changes one method of a resource module several thousand lines
long. Formatting that module again costs black a second or more; formatting the changed method
costs milliseconds. So a module is cut where black's output does not depend on the neighbours:

* between top-level statements separated by a blank line (comments directly above a statement
  go with it), and
* between the members of a class that defines two or more functions (its methods).

A member is formatted inside a stand-in ``class _:`` so that black sees its real indentation and
line width. The blank lines between pieces are put back the way black's own rules would leave
them (two around top-level definitions, one around methods, otherwise as written, capped); the
test suite checks the result against black run on the whole module for every golden tree.
"""

from __future__ import annotations

import ast
from bisect import bisect_left
from dataclasses import dataclass

# What black keeps between statements at module level and inside a class body.
_MAX_GAP = {0: 2, 1: 1}
STAND_IN_CLASS = "class _:\n"

_Defs = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass(frozen=True)
class Piece:
    text: str  # source lines, ending in one newline
    member: bool  # a class member: formatted inside the stand-in class
    gap: int  # blank lines after this piece in black's output


@dataclass(frozen=True)
class _Span:
    start: int  # first line, 0-based
    end: int  # past the last line
    member: bool
    # First line of the last statement in the span at module level, and among class members:
    # black's fixed gap after a definition applies when that statement holds one.
    last_top: int
    last_member: int | None


def cut(text: str) -> list[Piece]:
    """The pieces of ``text``; raises ``SyntaxError`` when it does not parse."""
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    spans: list[_Span] = []
    for start, end, node, last in _runs(tree.body, lines, 0, len(lines)):
        if isinstance(node, ast.ClassDef) and _method_count(node) >= 2:
            members = _runs(node.body, lines, start, end)
            # The class line, its docstring and first member stay together: a valid class.
            head_end, head_last = members[0][1], members[0][3]
            spans.append(_Span(start, head_end, False, last, head_last))
            spans.extend(_Span(a, b, True, last, m) for a, b, _, m in members[1:])
        else:
            spans.append(_Span(start, end, False, last, None))
    definitions = _definitions(tree.body)
    def_starts = {_start(n, lines, 0) for n in definitions}
    imports = {
        n.lineno - 1 for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))
    }
    def_lines = sorted(n.lineno - 1 for n in definitions)
    pieces: list[Piece] = []
    for index, span in enumerate(spans):
        body = "".join(lines[span.start : span.end]).rstrip("\n") + "\n"
        gap = 0
        if index + 1 < len(spans):
            following = spans[index + 1]
            most = _MAX_GAP[1 if following.member else 0]
            tail = span.last_member if following.member else span.last_top
            holds_def = tail is not None and bisect_left(def_lines, tail) < bisect_left(
                def_lines, span.end
            )
            if following.start in def_starts or holds_def:
                # black's fixed gap before a definition, and after a statement holding one
                gap = most
            elif (
                not following.member
                and span.last_top in imports
                and following.start not in imports
                and not lines[following.start].lstrip().startswith("#")
            ):
                gap = 1  # black's one blank line between the imports and what follows
            else:
                gap = min(_blank_tail(lines[span.start : span.end]), most)
        pieces.append(Piece(body, span.member, gap))
    return pieces


def join(formatted: list[str], pieces: list[Piece]) -> str:
    """Formatted pieces back into one module."""
    parts: list[str] = []
    for text, piece in zip(formatted, pieces):
        parts.append(text.rstrip("\n") + "\n" + "\n" * piece.gap)
    return "".join(parts)


def _runs(
    body: list[ast.stmt], lines: list[str], low: int, high: int
) -> list[tuple[int, int, ast.stmt, int]]:
    """Runs of ``body`` covering lines ``low``–``high``, split before each statement a blank line
    separates from the one before: ``(first line, end, first statement, first line of the last
    statement)``."""
    runs: list[tuple[int, int, ast.stmt, int]] = []
    run_start, head, last = low, body[0], low
    previous_end: int | None = None
    for node in body:
        first = _start(node, lines, low)
        if (
            previous_end is not None
            and first > previous_end
            and first > run_start
            and any(not line.strip() for line in lines[previous_end:first])
        ):
            runs.append((run_start, first, head, last))
            run_start, head = first, node
        last = max(first, run_start)
        previous_end = node.end_lineno if node.end_lineno is not None else node.lineno
    runs.append((run_start, high, head, last))
    return runs


def _start(node: ast.stmt, lines: list[str], low: int) -> int:
    """0-based first line of ``node``: its decorators and the comment lines directly above."""
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    first: int = min([node.lineno] + [d.lineno for d in decorators]) - 1
    while first - 1 >= low and lines[first - 1].lstrip().startswith("#"):
        first -= 1
    return first


def _definitions(body: list[ast.stmt]) -> list[ast.stmt]:
    """Every function and class definition at any depth. Only statement bodies can hold one, so
    expressions are not visited: they are most of the tree (a third of ``cut``'s time).
    """
    found: list[ast.stmt] = []
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, _Defs):
            found.append(node)
        for name in _BODIES:
            children = getattr(node, name, None)
            if isinstance(children, list):
                stack.extend(children)
    return found


# The fields that hold statements (or handlers and match cases, which hold statements).
_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def _method_count(node: ast.ClassDef) -> int:
    return sum(
        isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) for m in node.body
    )


def _blank_tail(lines: list[str]) -> int:
    count = 0
    for line in reversed(lines):
        if line.strip():
            break
        count += 1
    return count
