"""A content-addressed cache on disk, so regeneration redoes only the work whose input changed.

Entries are keyed by a SHA-256 of everything that determines the value (the input text and the
versions of the tools that produce it), so a hit is always the value a fresh computation would give.
Each file holds the SHA-256 of its value before the value itself: a torn or damaged entry reads as a
miss. The cache is best effort: any I/O error is a miss, never a failed generation.

Where: ``--cache-dir``, else ``$GENERATOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/openapi-sdk-gen``,
else ``~/.cache/openapi-sdk-gen``. Treat it like the virtualenv: whoever can write it can change
what the generator emits, and run code in it (the compiled templates are Python code objects).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

_LAYOUT = "v1"
# Past this many entries in one bucket the oldest half goes; a bucket's entries are small files.
_MAX_ENTRIES = 40_000


def digest(*parts: str | bytes) -> str:
    """One key over several parts; lengths are mixed in so parts cannot run into each other."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def default_cache_dir() -> Path:
    configured = os.environ.get("GENERATOR_CACHE_DIR")
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "openapi-sdk-gen"


class Cache:
    """``root=None`` is a cache that never hits and never writes."""

    def __init__(self, root: Path | None) -> None:
        self.root = root / _LAYOUT if root is not None else None
        self.hits = 0
        self.misses = 0
        self._written: set[str] = set()
        self._dirs: set[Path] = set()

    def _path(self, bucket: str, key: str) -> Path | None:
        if self.root is None:
            return None
        return self.root / bucket / key[:2] / key

    def record(self, hits: int, misses: int) -> None:
        """Count work a caller reused or redid inside one entry (an entry may hold many results)."""
        self.hits += hits
        self.misses += misses

    def get(self, bucket: str, key: str, *, count: bool = True) -> bytes | None:
        path = self._path(bucket, key)
        value = _read_entry(path) if path is not None else None
        if count:
            self.record(int(value is not None), int(value is None))
        if value is None or path is None:
            return None
        try:
            os.utime(path)  # pruning goes by last use
        except OSError:
            pass
        return value

    def put(self, bucket: str, key: str, value: bytes) -> None:
        path = self._path(bucket, key)
        if path is None:
            return
        try:
            if (
                path.parent not in self._dirs
            ):  # a mkdir per entry was a syscall per entry
                path.parent.mkdir(parents=True, exist_ok=True)
                self._dirs.add(path.parent)
            checksum = hashlib.sha256(value).hexdigest().encode("ascii")
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(checksum + b"\n" + value)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return
        self._written.add(bucket)

    def note_written(self, bucket: str) -> None:
        """``bucket`` was written by another process with this cache: prune it too."""
        if self.root is not None:
            self._written.add(bucket)

    def prune(self) -> None:
        """Keep each bucket written this run under its size cap (oldest entries go first)."""
        if self.root is None:
            return
        for bucket in sorted(self._written):
            try:
                entries = _entries(self.root / bucket)
                if len(entries) <= _MAX_ENTRIES:
                    continue
                entries.sort(key=lambda p: os.stat(p).st_mtime)
                for old in entries[: len(entries) // 2]:
                    Path(old).unlink(missing_ok=True)
            except OSError:
                continue


def _entries(bucket: Path) -> list[str]:
    """The entry files of a bucket. Counted on every run that writes one: ``scandir`` knows the
    file type without a ``stat`` per entry (a third of the time ``glob`` took on 300 entries).
    """
    found: list[str] = []
    with os.scandir(bucket) as shards:
        for shard in shards:
            if shard.is_dir(follow_symlinks=False):
                with os.scandir(shard.path) as files:
                    found.extend(
                        f.path for f in files if f.is_file(follow_symlinks=False)
                    )
    return found


def _read_entry(path: Path) -> bytes | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    checksum, sep, value = raw.partition(b"\n")
    if not sep or hashlib.sha256(value).hexdigest().encode("ascii") != checksum:
        return None
    return value
