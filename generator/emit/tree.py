"""The generated tree on disk: reading it back, and what a comparison ignores."""

from __future__ import annotations

import os
from pathlib import Path

# Created by Python, pip and type checkers inside the package; never generated, never compared.
IGNORED_PARTS = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache"})
IGNORED_SUFFIXES = (".pyc", ".egg-info")


def _ignored_part(part: str) -> bool:
    return part in IGNORED_PARTS or part.endswith(IGNORED_SUFFIXES)


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its relative POSIX path, in path order; symbolic links to
    folders are not followed. Strings and ``os.walk`` rather than ``Path`` objects: a
    regeneration reads the whole tree, and pathlib's per-path overhead was most of the time.
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
