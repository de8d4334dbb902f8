"""The manifest: which files of an output folder the generator wrote, and their SHA-256.

It sits in the folder as ``.openapi-sdk-gen.json``, is written with the tree and is part of the
generated tree (so the golden ``generated/`` holds it and ``check`` verifies it): JSON with sorted
paths and no timestamps, the same bytes for the same output. A regeneration replaces and removes
only the paths it lists; everything else in the folder belongs to the user.

While a run replaces files it keeps a journal beside it, ``.openapi-sdk-gen.pending.json``: every
path the run touches with each SHA-256 the file may have while the run is under way (the one it
had before, the one written). A run killed half-way leaves it, and the next run accepts any of
those hashes as generated, not as a user's edit.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

MANIFEST = ".openapi-sdk-gen.json"
JOURNAL = ".openapi-sdk-gen.pending.json"
_FORMAT = 1
_ABOUT = (
    "Written by openapi-sdk-gen: the files it generated in this folder, with their SHA-256. "
    "A regeneration replaces or removes only these, and refuses to overwrite one edited since "
    "(unless --force). Other files here are never read or touched. Do not edit."
)


# Every generated path is made of these parts only (file names come from sanitised identifiers);
# the writer refuses anything else, and a manifest listing anything else is not one of ours (so a
# hand-edited manifest cannot point a removal at ``.git`` or outside the folder).
_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
# Names Windows reserves whatever their extension (CON.py is the console device there).
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)


def safe_path(rel: str) -> bool:
    """A relative, portable path that stays under the folder and is not hidden."""
    if not rel or rel.startswith("/") or "\\" in rel:
        return False
    for part in rel.split("/"):
        if not _PART.fullmatch(part) or part in (".", "..") or len(part) > 200:
            return False
        if part.split(".", 1)[0].lower() in _WINDOWS_RESERVED:
            return False
    return True


@dataclass(frozen=True)
class Identity:
    """Which API a folder was generated for: another one is refused without ``--force``."""

    package: str
    spec_title: str

    def describe(self) -> str:
        return f"package {self.package!r} from spec {self.spec_title!r}"


@dataclass(frozen=True)
class Manifest:
    identity: Identity | None  # None for trees written without a generation (tests)
    files: Mapping[str, str]  # path -> SHA-256 (hex)


@dataclass(frozen=True)
class Journal:
    """What an unfinished run may have left: per path, every hash it may have now."""

    identity: Identity | None
    accept: Mapping[str, frozenset[str]] = field(default_factory=dict)


class Unreadable(ValueError):
    """A manifest or journal that is not one (damaged, hand-edited, a merge conflict)."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render(files: Mapping[str, bytes], identity: Identity | None) -> bytes:
    """The manifest of ``files`` (the manifest itself left out), as its file's bytes."""
    listed = {p: sha256(files[p]) for p in sorted(files) if p != MANIFEST}
    document: dict[str, Any] = {
        "about": _ABOUT,
        "format": _FORMAT,
        "generator": "openapi-sdk-gen",
        **_identity_fields(identity),
        "files": listed,
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def parse(data: bytes) -> Manifest:
    document = _load(data, "manifest")
    files = document.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in files.items()
    ):
        raise Unreadable("its 'files' is not a map of paths to hashes")
    _check_listed(files)
    return Manifest(_identity(document), dict(files))


def render_journal(journal: Journal) -> bytes:
    document: dict[str, Any] = {
        "format": _FORMAT,
        "generator": "openapi-sdk-gen",
        **_identity_fields(journal.identity),
        "accept": {p: sorted(journal.accept[p]) for p in sorted(journal.accept)},
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def parse_journal(data: bytes) -> Journal:
    document = _load(data, "journal")
    accept = document.get("accept")
    if not isinstance(accept, dict) or not all(
        isinstance(k, str)
        and isinstance(v, list)
        and all(isinstance(h, str) for h in v)
        for k, v in accept.items()
    ):
        raise Unreadable("its 'accept' is not a map of paths to hash lists")
    _check_listed(accept)
    return Journal(_identity(document), {k: frozenset(v) for k, v in accept.items()})


def merge_accepts(
    *maps: Mapping[str, Iterable[str]],
) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for one in maps:
        for path, hashes in one.items():
            out.setdefault(path, set()).update(hashes)
    return {p: frozenset(h) for p, h in out.items()}


def _check_listed(paths: Iterable[str]) -> None:
    for rel in paths:
        if not safe_path(rel):
            raise Unreadable(f"it lists {rel!r}, a path the generator never writes")


def _identity_fields(identity: Identity | None) -> dict[str, str | None]:
    return {
        "package": identity.package if identity else None,
        "spec_title": identity.spec_title if identity else None,
    }


def _load(data: bytes, what: str) -> dict[str, Any]:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Unreadable(f"not JSON ({exc})") from None
    if not isinstance(document, dict) or document.get("generator") != "openapi-sdk-gen":
        raise Unreadable(f"not an openapi-sdk-gen {what}")
    if document.get("format") != _FORMAT:
        raise Unreadable(
            f"format {document.get('format')!r}, this version reads {_FORMAT}"
        )
    return document


def _identity(document: dict[str, Any]) -> Identity | None:
    package, title = document.get("package"), document.get("spec_title")
    if isinstance(package, str) and isinstance(title, str):
        return Identity(package, title)
    return None
