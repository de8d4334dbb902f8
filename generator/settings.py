"""SDK settings: what the API document cannot say about the package built from it.

Read from a YAML file beside the spec (``--config``). Every key is optional; a missing one is
derived from the document (see ``ir.build``). Values are checked here so that a bad name is
reported at its line rather than surfacing as broken generated code.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .ir.naming import DEVICE_NAMES
from .diagnostics import Diagnostic, GenerationError, pointer_join
from .spec.load import SourceFile, load_file

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ENV = re.compile(r"[A-Z_][A-Z0-9_]*")
_COMMAND = re.compile(r"[a-z0-9][a-z0-9._-]*")
_VERSION = re.compile(r"[0-9]+(\.[0-9]+)*([a-z0-9.+-]*)")
_OPERATION = re.compile(
    r"^(get|put|post|delete|options|head|patch|trace|query) (/\S*)$"
)


@dataclass(frozen=True)
class ResourceSettings:
    methods: tuple[tuple[str, str, str], ...] = ()  # (method name, http method, path)
    resources: tuple[tuple[str, ResourceSettings], ...] = ()


PAGINATION_SCHEMES = ("cursor", "offset", "page", "link", "none")


@dataclass(frozen=True)
class PaginationSettings:
    """One named scheme under ``pagination:`` and the operations it applies to.

    ``operations`` holds (key or pattern, pointer of the entry); the other fields are wire names
    as in the spec (see ``ir.nodes.Pagination``). ``pointer`` locates the scheme's mapping.
    """

    name: str
    scheme: str  # one of PAGINATION_SCHEMES; "none" switches detection off
    pointer: str
    operations: tuple[tuple[str, str], ...] = ()
    param: str = ""
    # Response fields are paths of wire names, outermost first (``response_metadata.next_cursor``).
    items: tuple[str, ...] | None = None  # None: detected; (): the body is the array
    cursor_field: tuple[str, ...] = ()  # the response's field holding the next cursor
    cursor_item: str = ""  # or: the last item's field that is the next cursor
    has_more: tuple[str, ...] = ()
    total: tuple[str, ...] = ()
    size_param: str = ""
    first: int | None = None


@dataclass(frozen=True)
class GoSettings:
    """``targets: go:``: the Go module written beside the Python package (None: derived from the
    title, see ``targets.go.naming``)."""

    module: str | None = None
    package: str | None = None


@dataclass(frozen=True)
class JavaSettings:
    """``targets: java:``: the Maven build written beside the Python package (None: derived from
    the title, see ``targets.java``)."""

    group: str | None = None
    package: str | None = None
    artifact: str | None = None
    client: str | None = None


@dataclass(frozen=True)
class Settings:
    package: str | None = None
    distribution: str | None = None
    version: str | None = None
    title: str | None = None
    client_sync: str | None = None
    client_async: str | None = None
    env_api_key: str | None = None
    env_base_url: str | None = None
    env_log: str | None = None
    cli_command: str | None = None
    resources: ResourceSettings | None = None
    lenient: bool = False
    auth: str | None = (
        None  # the security scheme the client applies, by its name in the spec
    )
    pagination: tuple[PaginationSettings, ...] = ()
    # How operations no ``resources:`` entry places are named: "rest" (the paths) or "tags"
    # (first tag and operationId, the naming before REST names).
    naming: str = "rest"
    # ``targets:``: which SDKs besides the Python package (always written) to generate.
    go: GoSettings | None = None
    java: JavaSettings | None = None
    file: SourceFile | None = field(
        default=None, compare=False
    )  # for locating later findings

    def diagnostic(self, pointer: str, message: str) -> Diagnostic:
        if self.file is None:
            return Diagnostic("settings", None, pointer, message)
        return Diagnostic(
            self.file.display, self.file.line_of(pointer), pointer, message
        )


_KNOWN = {
    "package",
    "distribution",
    "version",
    "title",
    "client",
    "env",
    "cli",
    "resources",
    "lenient",
    "auth",
    "pagination",
    "naming",
    "targets",
}
NAMING_STYLES = ("rest", "tags")
_TARGETS = ("go", "java", "python")
# A Java package or Maven group: dot-separated identifiers.
_JAVA_PACKAGE = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*")
_JAVA_ARTIFACT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_JAVA_CLASS = re.compile(r"[A-Z][A-Za-z0-9]*")
# A Go module path: slash-separated elements of letters, digits and ``-._~`` (golang.org/ref/mod).
_GO_MODULE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9][A-Za-z0-9._~-]*)*")
_GO_PACKAGE = re.compile(r"[a-z][a-z0-9]*")
_PAGINATION_KEYS = {
    "scheme": "cursor, offset, page, link or none",
    "operations": "a list of '<http method> <path>' keys or patterns ('get /items/*')",
    "param": "the request parameter the next request sets",
    "items": "the response field holding the items ('' when the body is the array)",
    "cursor": "the response field holding the next cursor",
    "cursor_from_item": "the field of the last item that is the next cursor",
    "has_more": "a boolean response field saying whether another page exists",
    "total": "a response field counting all items (offset) or all pages (page)",
    "size": "the page-size request parameter",
    "first": "the number of the first page (page scheme)",
}
_OPERATION_PATTERN = re.compile(
    r"^(get|put|post|delete|options|head|patch|trace|query|\*) (/\S*)$"
)


class _Reader:
    def __init__(self, file: SourceFile) -> None:
        self.file = file
        self.problems: list[Diagnostic] = []

    def fail(self, pointer: str, message: str) -> None:
        self.problems.append(
            Diagnostic(self.file.display, self.file.line_of(pointer), pointer, message)
        )

    def mapping(self, value: Any, pointer: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(pointer, "expected a mapping")
            return {}
        return value

    def name(
        self, value: Any, pointer: str, pattern: re.Pattern[str], what: str
    ) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not pattern.fullmatch(value):
            self.fail(pointer, f"{value!r} is not a valid {what}")
            return None
        if pattern is _IDENTIFIER and keyword.iskeyword(value):
            self.fail(pointer, f"{value!r} is a Python keyword; choose another {what}")
            return None
        if pattern is _IDENTIFIER and value.lower() in DEVICE_NAMES:
            # These become file names, and Windows reserves them as devices.
            self.fail(
                pointer,
                f"{value!r} is a reserved file name on Windows; choose another {what}",
            )
            return None
        return value

    def resources(self, value: Any, pointer: str) -> ResourceSettings:
        node = self.mapping(value, pointer)
        methods: list[tuple[str, str, str]] = []
        for key in node:
            if key not in ("methods", "resources"):
                self.fail(
                    pointer_join(pointer, key),
                    "unknown key; expected 'methods' or 'resources'",
                )
        methods_ptr = pointer_join(pointer, "methods")
        for name, target in sorted(
            self.mapping(node.get("methods"), methods_ptr).items()
        ):
            here = pointer_join(methods_ptr, name)
            checked = self.name(name, here, _IDENTIFIER, "method name")
            match = _OPERATION.fullmatch(target) if isinstance(target, str) else None
            if match is None:
                self.fail(
                    here,
                    f"{target!r} should read '<http method> <path>', e.g. 'post /items'",
                )
            elif checked:
                methods.append((checked, match.group(1), match.group(2)))
        children = self.children(
            node.get("resources"), pointer_join(pointer, "resources")
        )
        return ResourceSettings(tuple(methods), children)

    def pagination(self, value: Any, pointer: str) -> tuple[PaginationSettings, ...]:
        out: list[PaginationSettings] = []
        for name, node in sorted(
            self.mapping(value, pointer).items(), key=lambda kv: str(kv[0])
        ):
            here = pointer_join(pointer, str(name))
            if not isinstance(name, str):
                # YAML reads `off:` or `1:` as a boolean or a number.
                self.fail(here, f"{name!r} is not a name; quote it")
                continue
            entry = self.mapping(node, here)
            for key in sorted(entry):
                if key not in _PAGINATION_KEYS:
                    self.fail(
                        pointer_join(here, key),
                        "unknown key; expected one of "
                        + ", ".join(sorted(_PAGINATION_KEYS)),
                    )
            scheme = entry.get("scheme")
            if scheme not in PAGINATION_SCHEMES:
                self.fail(
                    pointer_join(here, "scheme") if "scheme" in entry else here,
                    f"scheme {scheme!r} should be one of "
                    + ", ".join(PAGINATION_SCHEMES),
                )
                continue
            texts: dict[str, str] = {}
            for key in ("param", "cursor_from_item", "size"):
                texts[key] = self.wire_name(entry, key, here)
            paths: dict[str, tuple[str, ...]] = {}
            for key in ("items", "cursor", "has_more", "total"):
                paths[key] = self.field_path(entry, key, here)
            first = entry.get("first")
            if first is not None and (
                not isinstance(first, int) or isinstance(first, bool)
            ):
                self.fail(pointer_join(here, "first"), "expected an integer")
                first = None
            ops_ptr = pointer_join(here, "operations")
            ops = entry.get("operations")
            keys: list[tuple[str, str]] = []
            if not isinstance(ops, list) or not ops:
                self.fail(
                    ops_ptr if "operations" in entry else here,
                    "expected 'operations': a list of '<http method> <path>' keys or patterns",
                )
            else:
                for i, key in enumerate(ops):
                    at = pointer_join(ops_ptr, i)
                    if isinstance(key, str) and _OPERATION_PATTERN.fullmatch(key):
                        keys.append((key, at))
                    else:
                        self.fail(
                            at,
                            f"{key!r} should read '<http method> <path>', e.g. 'get /items'"
                            " ('*' matches any method or any run of characters)",
                        )
            out.append(
                PaginationSettings(
                    name=str(name),
                    scheme=scheme,
                    pointer=here,
                    operations=tuple(keys),
                    param=texts["param"],
                    items=paths["items"] if "items" in entry else None,
                    cursor_field=paths["cursor"],
                    cursor_item=texts["cursor_from_item"],
                    has_more=paths["has_more"],
                    total=paths["total"],
                    size_param=texts["size"],
                    first=first,
                )
            )
        return tuple(out)

    def go(self, value: Any, pointer: str) -> GoSettings | None:
        targets = self.mapping(value, pointer)
        for key in sorted(targets, key=str):
            if key not in _TARGETS:
                self.fail(
                    pointer_join(pointer, str(key)),
                    "unknown target; known: " + ", ".join(_TARGETS),
                )
        python = pointer_join(pointer, "python")
        if self.mapping(targets.get("python"), python):
            self.fail(python, "the Python target takes its settings from the top level")
        if "go" not in targets:
            return None
        here = pointer_join(pointer, "go")
        node = self.mapping(targets["go"], here)
        for key in sorted(node, key=str):
            if key not in ("module", "package"):
                self.fail(
                    pointer_join(here, str(key)),
                    "unknown key; expected 'module' or 'package'",
                )
        module = self.name(
            node.get("module"), here + "/module", _GO_MODULE, "Go module path"
        )
        package = self.name(
            node.get("package"), here + "/package", _GO_PACKAGE, "Go package name"
        )
        if package is not None:
            from .targets.go.naming import KEYWORDS, PREDECLARED

            if package in KEYWORDS or package in PREDECLARED:
                self.fail(
                    here + "/package",
                    f"{package!r} is a Go keyword or predeclared name",
                )
                package = None
        return GoSettings(module, package)

    def java(self, value: Any, pointer: str) -> JavaSettings | None:
        """``targets: java:`` (the other keys of ``targets`` are checked by ``go``)."""
        targets = self.mapping(value, pointer)
        if "java" not in targets:
            return None
        here = pointer_join(pointer, "java")
        node = self.mapping(targets["java"], here)
        shapes = {
            "group": (_JAVA_PACKAGE, "Maven group id"),
            "package": (_JAVA_PACKAGE, "Java package name"),
            "artifact": (_JAVA_ARTIFACT, "Maven artifact id"),
            "client": (_JAVA_CLASS, "Java class name prefix"),
        }
        for key in sorted(node, key=str):
            if key not in shapes:
                self.fail(
                    pointer_join(here, str(key)),
                    "unknown key; expected " + ", ".join(f"'{k}'" for k in shapes),
                )
        found = {
            key: self.name(node.get(key), f"{here}/{key}", shape, what)
            for key, (shape, what) in shapes.items()
        }
        package = found["package"]
        if package is not None:
            from .targets.java.naming import KEYWORDS

            bad = [part for part in package.split(".") if part in KEYWORDS]
            if bad:
                self.fail(here + "/package", f"{bad[0]!r} is a Java keyword")
                found["package"] = None
        return JavaSettings(**found)

    def wire_name(self, entry: dict[str, Any], key: str, pointer: str) -> str:
        value = entry.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(
                pointer_join(pointer, key), "expected a name as the spec spells it"
            )
            return ""
        return value

    def field_path(
        self, entry: dict[str, Any], key: str, pointer: str
    ) -> tuple[str, ...]:
        """A response field, nested or not: ``next_cursor``, ``response_metadata.next_cursor``,
        or a JSON pointer ``/response_metadata/next_cursor`` (``~1`` for ``/``, ``~0`` for
        ``~``) when a name holds a dot. ``""``: none (for ``items``: the body is the array).
        """
        text = self.wire_name(entry, key, pointer)
        if not text:
            return ()
        if text.startswith("/"):
            path = tuple(
                seg.replace("~1", "/").replace("~0", "~") for seg in text[1:].split("/")
            )
        else:
            path = tuple(text.split("."))
        if "" in path:
            self.fail(
                pointer_join(pointer, key),
                f"{text!r} has an empty field name; write 'outer.inner', or "
                "'/outer/inner' when a name holds a dot",
            )
            return ()
        return path

    def children(
        self, value: Any, pointer: str
    ) -> tuple[tuple[str, ResourceSettings], ...]:
        out: list[tuple[str, ResourceSettings]] = []
        for name, child in sorted(self.mapping(value, pointer).items()):
            here = pointer_join(pointer, name)
            checked = self.name(name, here, _IDENTIFIER, "resource name")
            sub = self.resources(child, here)
            if checked:
                out.append((checked, sub))
        return tuple(out)


def load_settings(path: Path, display: str | None = None) -> Settings:
    file = load_file(path, display)
    reader = _Reader(file)
    root = reader.mapping(file.data, "")
    for key in sorted(root):
        if key not in _KNOWN:
            reader.fail(
                pointer_join("", key),
                f"unknown setting; known: {', '.join(sorted(_KNOWN))}",
            )
    client = reader.mapping(root.get("client"), "/client")
    env = reader.mapping(root.get("env"), "/env")
    cli = reader.mapping(root.get("cli"), "/cli")
    lenient = root.get("lenient", False)
    if not isinstance(lenient, bool):
        reader.fail("/lenient", "expected true or false")
        lenient = False
    version = root.get("version")
    if version is not None and not (
        isinstance(version, str) and _VERSION.fullmatch(version)
    ):
        reader.fail("/version", f"{version!r} is not a version like 1.2.3")
        version = None
    auth = root.get("auth")
    if auth is not None and not isinstance(auth, str):
        reader.fail("/auth", "expected the name of a security scheme")
        auth = None
    title = root.get("title")
    if title is not None and not isinstance(title, str):
        reader.fail("/title", "expected a string")
        title = None
    naming_style = root.get("naming", "rest")
    if naming_style not in NAMING_STYLES:
        reader.fail("/naming", f"expected one of: {', '.join(NAMING_STYLES)}")
        naming_style = "rest"
    settings = Settings(
        package=reader.name(
            root.get("package"), "/package", _IDENTIFIER, "package name"
        ),
        distribution=reader.name(
            root.get("distribution"), "/distribution", _COMMAND, "distribution name"
        ),
        version=version,
        title=title,
        client_sync=reader.name(
            client.get("sync"), "/client/sync", _IDENTIFIER, "class name"
        ),
        client_async=reader.name(
            client.get("async"), "/client/async", _IDENTIFIER, "class name"
        ),
        env_api_key=reader.name(
            env.get("api_key"), "/env/api_key", _ENV, "environment variable"
        ),
        env_base_url=reader.name(
            env.get("base_url"), "/env/base_url", _ENV, "environment variable"
        ),
        env_log=reader.name(env.get("log"), "/env/log", _ENV, "environment variable"),
        cli_command=reader.name(
            cli.get("command"), "/cli/command", _COMMAND, "command name"
        ),
        resources=(
            ResourceSettings((), reader.children(root["resources"], "/resources"))
            if "resources" in root
            else None
        ),
        lenient=lenient,
        auth=auth,
        pagination=reader.pagination(root.get("pagination"), "/pagination"),
        naming=naming_style,
        go=reader.go(root.get("targets"), "/targets"),
        java=reader.java(root.get("targets"), "/targets"),
        file=file,
    )
    if reader.problems:
        raise GenerationError(reader.problems)
    return settings
