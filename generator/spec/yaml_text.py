"""YAML: the loader (refusing duplicate keys and alias bombs) and the line of every node.

Imported only when a document is YAML or a diagnostic needs a line: a JSON document on the happy
path never loads PyYAML (~10 ms).
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from typing import Any

import yaml

from ..diagnostics import Diagnostic, GenerationError
from .load import DuplicateKey

try:  # the C loader is ~10x faster; fall back so a libyaml-less Python still works
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):
    """The safe loader, refusing duplicate keys.

    The check costs one ``len`` comparison per mapping: a mapping whose dict came out shorter
    than its node is looked at again, and only then are its keys compared one by one.
    """

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        # SafeConstructor.construct_mapping and BaseConstructor.construct_mapping in one, plus a
        # length check: a subclass calling super() twice per mapping cost ~25% of the load time.
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "expected a mapping node",
                node.start_mark,
            )
        own = node.value
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found unhashable key",
                    key_node.start_mark,
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
        if len(mapping) != len(node.value):
            # Merge keys ("<<") put the merged entries first; only the mapping's own may clash.
            merged = len(node.value) - len(own) if node.value is not own else 0
            seen: dict[Any, yaml.Node] = {}
            for key_node, _ in node.value[merged:]:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    raise DuplicateKey(
                        key,
                        seen[key].start_mark.line + 1,
                        key_node.start_mark.line + 1,
                        node.start_mark.index,
                    )
                seen[key] = key_node
        return mapping


# YAML 1.2 core-schema booleans: only true/false. PyYAML resolves YAML 1.1's yes/no/on/off too,
# which turned a key such as `on:` into True (and crashed the validator, which needs str keys) and
# a value such as `no` into False; OpenAPI 3.1 and later name YAML 1.2, where those are strings.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def parse_yaml(text: str, name: str) -> Any:
    """The document's data; a syntax error becomes a located :class:`GenerationError`."""
    try:
        data = yaml.load(text, Loader=_Loader)
        # Aliases are the only way to share nodes; plain documents skip the walk.
        if "*" in text:
            _check_aliases(data, name)
        return data
    except yaml.MarkedYAMLError as exc:
        raise GenerationError([syntax_diagnostic(exc, text, name)]) from None
    except yaml.YAMLError as exc:
        raise GenerationError(
            [Diagnostic(name, None, "", f"invalid YAML: {exc}")]
        ) from None


def syntax_diagnostic(exc: yaml.MarkedYAMLError, text: str, name: str) -> Diagnostic:
    """A syntax error at the line where its construct starts, when that is where the mistake is.

    PyYAML marks where it gave up (``problem_mark``) and, for some errors, where the construct it
    was reading began (``context_mark``). An unclosed quote or bracket is noticed only at the
    end of the file, or where the block it interrupted goes on (a line indented no deeper than
    the bracket's): the mistake is at the start. Anywhere else (a missing comma inside a bracket
    spread over lines, a bad indent in a block mapping that began on line 1) it is where PyYAML
    gave up.
    """
    problem_mark, context_mark = exc.problem_mark, exc.context_mark
    problem = exc.problem or exc.context or "syntax error"
    context = exc.context or ""
    if (
        problem_mark is None
        or context_mark is None
        or not _starts_it(exc, problem_mark, context_mark, text)
    ):
        mark = problem_mark or context_mark
        line = mark.line + 1 if mark is not None else None
        return Diagnostic(name, line, "", f"invalid YAML: {problem}")
    seen = problem_mark.line + 1
    at_end = not text[problem_mark.index :].strip()
    ends = "the file ends first" if at_end else f"{problem} on line {seen}"
    opener = text[context_mark.index : context_mark.index + 1]
    if "simple key" in context:
        message = f"this key has no ':' after it ({ends})"
    elif "quoted scalar" in context:
        message = f"the quoted string starting here is never closed ({ends})"
    elif opener in ("{", "["):
        message = f"the '{opener}' here is never closed ({ends})"
    else:
        message = f"{problem} ({context}, which starts here)"
    return Diagnostic(name, context_mark.line + 1, "", f"invalid YAML: {message}")


def _starts_it(
    exc: yaml.MarkedYAMLError, problem: yaml.Mark, context: yaml.Mark, text: str
) -> bool:
    """Whether the mistake is where the construct of ``context`` starts (see above)."""
    if problem.line <= context.line:
        return False
    what = exc.context or ""
    if "simple key" in what:
        return True
    if not ("quoted scalar" in what or "flow" in what):
        return False
    if not text[problem.index :].strip():
        return True
    return _indent(text, problem.line) <= _indent(text, context.line)


def _indent(text: str, line: int) -> int:
    lines = text.splitlines()
    body = lines[line] if line < len(lines) else ""
    return len(body) - len(body.lstrip(" "))


def index_lines(text: str) -> dict[str, int]:
    """The line of every node by JSON pointer (a mapping entry: its key's line), read from the
    parser's events: building nodes and resolving their tags took three times as long (2.7 s
    on Cloudflare's 4 MB document). An alias is located where it stands, not where its anchor is.
    """
    lines: dict[str, int] = {}
    # One frame per open collection: its pointer, and for a mapping the pointer of the entry
    # whose value comes next (None: a key comes next), for a sequence the next index.
    maps: list[bool] = []
    pointers: list[str] = []
    pending: list[str | None] = []
    indexes: list[int] = []
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            kind = type(event)
            if kind in _END_EVENTS:
                maps.pop()
                pointers.pop()
                pending.pop()
                indexes.pop()
                continue
            if kind not in _NODE_EVENTS:
                continue
            mark = event.start_mark
            line = mark.line + 1 if mark is not None else 0
            if maps and maps[-1] and pending[-1] is None:  # a mapping key
                # A non-scalar key has no JSON pointer; "?" keeps its subtree apart.
                key = str(event.value) if isinstance(event, yaml.ScalarEvent) else "?"
                pointer = f"{pointers[-1]}/{key.replace('~', '~0').replace('/', '~1')}"
                lines.setdefault(pointer, line)
                pending[-1] = pointer
                if kind is yaml.ScalarEvent or kind is yaml.AliasEvent:
                    continue
            elif maps and maps[-1]:  # a mapping value
                pointer = pending[-1] or ""
                pending[-1] = None
            elif maps:  # a sequence item
                pointer = f"{pointers[-1]}/{indexes[-1]}"
                indexes[-1] += 1
            else:
                pointer = ""
            lines.setdefault(pointer, line)
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                maps.append(kind is yaml.MappingStartEvent)
                pointers.append(pointer)
                pending.append(None)
                indexes.append(0)
    except yaml.YAMLError:
        return {}
    return lines


_NODE_EVENTS = frozenset(
    {yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent}
)
_END_EVENTS = frozenset({yaml.MappingEndEvent, yaml.SequenceEndEvent})


def duplicate_diagnostic(text: str, name: str, dup: DuplicateKey) -> Diagnostic:
    """Where a duplicate key is: found again in the node tree (only ever on this error path)."""
    pointer, first, second = "", dup.first, dup.second
    try:
        root = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        root = None
    stack: list[tuple[yaml.Node, str]] = [(root, "")] if root is not None else []
    while stack:
        node, here = stack.pop()
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                line = key_node.start_mark.line + 1
                if (
                    key == str(dup.key)
                    and key in keys
                    and (dup.at < 0 or node.start_mark.index == dup.at)
                ):
                    pointer, first, second = here, keys[key], line
                    stack.clear()
                    break
                keys.setdefault(key, line)
                stack.append(
                    (value_node, here + "/" + key.replace("~", "~0").replace("/", "~1"))
                )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, f"{here}/{i}") for i, item in enumerate(node.value))
    where = f"lines {first} and {second}" if first and second else "twice"
    return Diagnostic(
        name,
        second,
        pointer,
        f"duplicate key {str(dup.key)!r} ({where}); the second would silently replace "
        "the first: remove or rename one",
    )


# Larger than any real API document (Cloudflare's 4 MB spec expands to ~1.3 M nodes), small
# enough that every later stage stays bounded in time and memory.
MAX_EXPANDED_NODES = 5_000_000


def _check_aliases(data: Any, name: str) -> None:
    """Refuse YAML whose aliases expand to an unbounded document ("billion laughs") or refer to
    themselves. The loader shares aliased objects; every later stage would walk each copy.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node, (dict, list)):
            continue
        key = id(node)
        children = list(node.values()) if isinstance(node, dict) else node
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(
                sizes.get(id(c), 1) if isinstance(c, (dict, list)) else 1
                for c in children
            )
            if sizes[key] > MAX_EXPANDED_NODES:
                raise GenerationError(
                    [
                        Diagnostic(
                            name,
                            None,
                            "",
                            f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} nodes; "
                            "refusing a document that large (an alias bomb?)",
                        )
                    ]
                )
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise GenerationError(
                [
                    Diagnostic(
                        name,
                        None,
                        "",
                        "a YAML alias refers to itself; remove the cycle",
                    )
                ]
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if isinstance(c, (dict, list)))
