"""The generated tree on disk: reading it back (never through a link), and what a comparison
ignores."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Literal

from .manifest import JOURNAL, MANIFEST, Unreadable, parse

# Created by Python, pip and type checkers inside the package; never generated, never compared.
IGNORED_PARTS = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache"})
IGNORED_SUFFIXES = (".pyc", ".egg-info")


def _ignored_part(part: str) -> bool:
    return part in IGNORED_PARTS or part.endswith(IGNORED_SUFFIXES)


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its relative POSIX path, in path order; symbolic links to
    folders are not followed. For folders that hold a generated tree only (the golden trees):
    an output folder is the user's, and the generator reads only the paths it generated there
    (``read_generated``). Strings and ``os.walk`` rather than ``Path`` objects: pathlib's
    per-path overhead was most of the time.
    """
    found: list[tuple[list[str], str]] = []
    base = str(root)
    for folder, dirs, files in os.walk(base):
        dirs[:] = [d for d in dirs if not _ignored_part(d)]
        rel_folder = os.path.relpath(folder, base)
        prefix = [] if rel_folder == "." else rel_folder.split(os.sep)
        for name in files:
            if not _ignored_part(name) and os.path.isfile(os.path.join(folder, name)):
                found.append((prefix + [name], os.path.join(folder, name)))
    out: dict[str, bytes] = {}
    for parts, path in sorted(found):
        with open(path, "rb") as handle:
            out["/".join(parts)] = handle.read()
    return out


def diff_trees(
    wanted: dict[str, bytes], actual: dict[str, bytes]
) -> tuple[list[str], list[str], list[str]]:
    """(changed, missing, extra) paths, each sorted."""
    changed = sorted(p for p in wanted if p in actual and actual[p] != wanted[p])
    missing = sorted(p for p in wanted if p not in actual)
    extra = sorted(p for p in actual if p not in wanted)
    return changed, missing, extra


# What ``read_generated`` gives for a path holding a link or a special file: generated text never
# holds a NUL, so it differs from every generated file.
NOT_A_FILE = b"\x00not a regular file\x00"


def read_generated(
    out: Path, files: dict[str, bytes]
) -> tuple[dict[str, bytes], str | None]:
    """What ``out`` holds at the paths of ``files`` and at those its manifest lists (nothing
    else is read), and the journal's name if a run left one."""
    folder = Folder(str(out))
    paths = set(files)
    if folder.state(MANIFEST) == "file":
        try:
            paths.update(parse(folder.read(MANIFEST)).files)
        except Unreadable:
            pass  # it differs from the one generated: reported so
    found: dict[str, bytes] = {}
    for rel in sorted(paths):
        kind = folder.state(rel)
        if kind == "file":
            found[rel] = folder.read(rel)
        elif kind in ("link", "other"):
            found[rel] = NOT_A_FILE
    interrupted = JOURNAL if folder.state(JOURNAL) != "missing" else None
    return found, interrupted


# Where the platform has them (not Windows): a link in the last place is not followed, and a FIFO
# planted at a generated path does not block the read.
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)

Kind = Literal["missing", "file", "link", "dir", "other", "blocked"]


class Folder:
    """Looks at paths under ``root`` without following a symbolic link anywhere on the way."""

    def __init__(self, root: str) -> None:
        self._root = root
        self._dirs: dict[str, Kind] = {}

    def path(self, rel: str) -> str:
        return os.path.join(self._root, rel)

    def blocker(self, rel: str) -> tuple[str, Kind] | None:
        """The first folder on the way to ``rel`` that is not a folder (a link, a file)."""
        parts = rel.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            prefix = "/".join(parts[:i])
            kind = self._dirkind_of(prefix)
            if kind == "missing":
                return None
            if kind != "dir":
                return prefix, kind
        return None

    def state(self, rel: str) -> Kind:
        if self._dirkind_of("") != "dir":
            return "missing"
        if self.blocker(rel) is not None:
            return "blocked"
        parent = rel.rpartition("/")[0]
        if parent and self._dirkind_of(parent) == "missing":
            return "missing"
        return kind_of(self.path(rel))

    def read(self, rel: str, limit: int = -1) -> bytes:
        fd = os.open(self.path(rel), os.O_RDONLY | NOFOLLOW | _NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            return handle.read(limit)

    def _dirkind_of(self, prefix: str) -> Kind:
        found = self._dirs.get(prefix)
        if found is None:
            found = kind_of(self.path(prefix) if prefix else self._root)
            self._dirs[prefix] = found
        return found


def kind_of(path: str) -> Kind:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except NotADirectoryError:
        return "blocked"
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "dir"
    return "file" if stat.S_ISREG(mode) else "other"
