"""The generated tree on disk: reading it back, and what a comparison ignores."""

from __future__ import annotations

from pathlib import Path

# Created by Python, pip and type checkers inside the package; never generated, never compared.
IGNORED_PARTS = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache"})
IGNORED_SUFFIXES = (".pyc", ".egg-info")


def is_ignored(rel: Path) -> bool:
    return any(
        part in IGNORED_PARTS or part.endswith(IGNORED_SUFFIXES) for part in rel.parts
    )


def read_tree(root: Path) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    if not root.is_dir():
        return out
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if is_ignored(rel) or not path.is_file():
            continue
        out[rel.as_posix()] = path.read_bytes()
    return out


def diff_trees(
    wanted: dict[str, bytes], actual: dict[str, bytes]
) -> tuple[list[str], list[str], list[str]]:
    """(changed, missing, extra) paths, each sorted."""
    changed = sorted(p for p in wanted if p in actual and actual[p] != wanted[p])
    missing = sorted(p for p in wanted if p not in actual)
    extra = sorted(p for p in actual if p not in wanted)
    return changed, missing, extra
