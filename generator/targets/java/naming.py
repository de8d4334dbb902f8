"""Java identifiers from the IR's wire names and words.

Classes are PascalCase (``job_metadata`` → ``JobMetadata``), members camelCase (``index_ids`` →
``indexIds``), packages lower-case words. Names meeting in one scope (a class's members, a
package's classes) are settled in sorted key order against that scope's reserved names, so the
same spec always gives the same names whatever order it lists them in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

KEYWORDS = frozenset(
    "abstract assert boolean break byte case catch char class const continue default do double "
    "else enum extends final finally float for goto if implements import instanceof int "
    "interface long native new package private protected public return short static strictfp "
    "super switch synchronized this throw throws transient try void volatile while true false "
    "null var yield record sealed permits non-sealed _".split()
)
# Methods every object has (and the generated classes' own): no spec member may take them.
OBJECT_MEMBERS = frozenset(
    "getClass hashCode equals toString notify notifyAll wait clone finalize".split()
)
# Simple names the generated files use unqualified (java.lang and the imports): a class named
# after the spec may not take one, or it would shadow the type the code means.
RESERVED_CLASSES = frozenset(
    "Object String Long Double Boolean Integer Number Math System Class Void Override "
    "Deprecated SuppressWarnings FunctionalInterface Iterable Runnable Thread Exception "
    "RuntimeException Error Throwable Character Byte Short Float Enum Record "
    "List Map Optional Objects Collections ArrayList LinkedHashMap CompletableFuture Builder "
    "JsonNode ObjectNode JsonField JsonValue JsonWritable Decoder Decoders ObjectMappers Check "
    "Call ClientCore RequestOptions Styles".split()
)

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def words(text: str) -> list[str]:
    """The ASCII words of a wire name: snake, kebab, dotted and camelCase split alike."""
    return _WORD.findall(text)


def _cap(w: str) -> str:
    low = w.lower()
    return low[:1].upper() + low[1:]


def pascal(text: str, fallback: str = "Value") -> str:
    """``job_metadata`` → ``JobMetadata``; a name starting with a digit gets ``N`` in front."""
    out = "".join(_cap(w) for w in words(text)) or fallback
    return "N" + out if out[0].isdigit() else out


def camel(text: str, fallback: str = "value") -> str:
    """``index_ids`` → ``indexIds``; a keyword gets ``_`` after it."""
    parts = words(text)
    if not parts:
        return fallback
    out = parts[0].lower() + "".join(_cap(w) for w in parts[1:])
    if out[0].isdigit():
        out = "n" + out
    while out in KEYWORDS:
        out += "_"
    return out


def package_segment(text: str) -> str:
    """A package name element: its words lower-case and joined, never a keyword."""
    out = "".join(w.lower() for w in words(text)) or "resource"
    if out[0].isdigit():
        out = "n" + out
    while out in KEYWORDS:
        out += "_"
    return out


def settle(
    keys: Iterable[str], candidate: dict[str, str], reserved: Iterable[str]
) -> dict[str, str]:
    """One name per key, unique within the scope: keys settled in sorted order, and a key whose
    candidate is taken gets ``2``, ``3`` … appended."""
    taken = set(reserved)
    out: dict[str, str] = {}
    for key in sorted(set(keys)):
        base = candidate[key]
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}{n}"
        taken.add(name)
        out[key] = name
    return out


def constant(text: str) -> str:
    """``ses-abc`` → ``SES_ABC`` (enum constants)."""
    out = "_".join(w.upper() for w in words(text)) or "VALUE"
    if out[0].isdigit():
        out = "_" + out
    return out
