"""Go identifiers from the IR's wire names and words.

Exported names are CamelCase with Go's initialisms in capitals (``index_ids`` → ``IndexIDs``);
unexported ones start lower-case. Names meeting in one scope (a struct's fields, a package's
types, a method's parameters) are settled against that scope's reserved names in sorted key
order, so the same spec always gives the same names whatever order the spec lists them in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Go's keywords and predeclared identifiers: no unexported name (a method parameter, the package)
# may be one of them.
KEYWORDS = frozenset(
    "break case chan const continue default defer else fallthrough for func go goto if import "
    "interface map package range return select struct switch type var".split()
)
PREDECLARED = frozenset(
    "any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32 "
    "int64 rune string uint uint8 uint16 uint32 uint64 uintptr true false iota nil append cap "
    "clear close complex copy delete imag len make max min new panic print println real recover".split()
)

# Words written in capitals (golint's list, with the plural IDs as Go code writes it).
INITIALISMS = {
    w.lower(): w
    for w in "ACL API ASCII CPU CSS DNS EOF GUID HTML HTTP HTTPS ID IDs IP JSON QPS RAM RPC "
    "SLA SMTP SQL SSH TCP TLS TTL UDP UI UID UUID URI URL UTF8 VM XML XMPP XSRF XSS".split()
}

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def words(text: str) -> list[str]:
    """The ASCII words of a wire name: snake, kebab, dotted and camelCase split alike."""
    return _WORD.findall(text)


def _word(w: str) -> str:
    low = w.lower()
    return INITIALISMS.get(low, low[:1].upper() + low[1:])


def exported(text: str, fallback: str = "Field") -> str:
    """``session_id`` → ``SessionID``; a name starting with a digit gets an ``X`` in front."""
    out = "".join(_word(w) for w in words(text)) or fallback
    return "X" + out if out[0].isdigit() else out


def unexported(text: str, fallback: str = "value") -> str:
    """``item_id`` → ``itemID``; ``ID`` → ``id``; a keyword or predeclared name gets ``_``."""
    parts = words(text)
    if not parts:
        return fallback
    first = parts[0].lower()
    out = first + "".join(_word(w) for w in parts[1:])
    if out[0].isdigit():
        out = "x" + out
    while out in KEYWORDS or out in PREDECLARED:
        out += "_"
    return out


def lower_first(name: str) -> str:
    """A type's unexported twin: ``BetaChatNewResponse`` → ``betaChatNewResponse``, and an
    initialism leading the name goes lower-case whole (``IDCard`` → ``idCard``)."""
    match = re.match(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]+$|[A-Z]", name)
    if not match:
        return name
    return match.group().lower() + name[match.end() :]


def settle(
    keys: Iterable[str], candidate: dict[str, str], reserved: Iterable[str]
) -> dict[str, str]:
    """One name per key, unique within the scope: keys are settled in sorted order, and a key
    whose candidate is taken gets ``Field``, then ``Field2``, ``Field3`` … appended."""
    taken = set(reserved)
    out: dict[str, str] = {}
    for key in sorted(set(keys)):
        base = candidate[key]
        name, n = base, 1
        while name in taken:
            n += 1
            name = base + ("Field" if n == 2 else f"Field{n - 1}")
        taken.add(name)
        out[key] = name
    return out


# Operation names as Go SDKs spell them (the method's CLI word is the REST verb the IR chose).
METHOD_VERBS = {
    "create": "New",
    "retrieve": "Get",
    "get": "Get",
    "list": "List",
    "update": "Update",
    "delete": "Delete",
}


def method_name(word: str) -> str:
    return METHOD_VERBS.get(word, exported(word, fallback="Call"))


def package_name(title: str) -> str:
    """A Go package name from the API's title: its letters and digits, lower-case."""
    out = "".join(ch for ch in title.lower() if ch.isascii() and ch.isalnum())
    if not out or out[0].isdigit():
        out = "sdk" + out
    while out in KEYWORDS or out in PREDECLARED:
        out += "sdk"
    return out


# Go reads a file name ending in _<GOOS>, _<GOARCH> or _test as a build constraint or a test: a
# resource file named so would vanish from most builds.
GOOS = frozenset(
    "aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 "
    "solaris wasip1 windows zos".split()
)
GOARCH = frozenset(
    "386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 "
    "mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm".split()
)
# The root files the templates write.
ROOT_FILES = frozenset({"client", "error", "field"})


def file_names(paths: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """One ``.go`` file per resource path (``("beta", "chat")`` → ``beta_chat.go``), unique, in
    sorted path order; a name Go would read as a constraint or a test gets ``_resource``.
    """
    taken = set(ROOT_FILES)
    out: dict[tuple[str, ...], str] = {}
    for path in sorted(set(paths)):
        base = "_".join(w.lower() for w in words("_".join(path))) or "resource"
        last = base.rsplit("_", 1)[-1] if "_" in base else ""
        if last == "test" or last in GOOS or last in GOARCH:
            base += "_resource"
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}{n}"
        taken.add(name)
        out[path] = name + ".go"
    return out
