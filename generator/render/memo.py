"""Files a regeneration can take from the output folder as they are, without rendering them.

A resource module, a model module or an operation's docs page is rendered from its own slice of
the IR (its job's context) and the API's shared facts (names, settings, models; not the other
operations): ``plan`` marks these jobs ``local`` and they render against that reduced ``Api``.
Such a file's key is a hash of everything its text depends on: the generator's code and
templates, the versions that run them (black's among them), the spec's file name, the shared
facts and the context.

After each generation into a folder, the cache keeps an index for that folder: each local file's
key and the hash of the bytes written. The next generation into it takes a file from the folder
when the key is the same and the bytes there still hash to what was written; anything else is
rendered and formatted as usual. After a one-operation edit that is most of the tree. Only paths
the folder's manifest lists are read (``previous``): the user's files there never are.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import sys
from collections.abc import Callable, Mapping
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from ..cache import Cache, digest
from ..emit.format import formatter_salt
from ..ir.nodes import Api, Model, Operation, Resource
from .plan import FileJob

_BUCKET = "render-index"
_FORMAT = "render-index-1"
_GENERATOR = Path(__file__).resolve().parent.parent
# Shared, immutable IR nodes: hashed once each, then named by their hash inside a context.
_NODES = (Resource, Operation, Model)


class RenderMemo:
    """The index of one output folder: what was rendered into it last time, and what this run
    renders."""

    def __init__(
        self,
        cache: Cache,
        out: Path,
        previous: Callable[[str], bytes | None],
        templates_dir: Path,
    ) -> None:
        self._cache = cache
        self._index_key = digest(_FORMAT, str(out.resolve()))
        self._previous = previous
        self._templates_dir = templates_dir
        self._old = _read_index(cache.get(_BUCKET, self._index_key, count=False))
        # This run: path -> key; path -> hash of the bytes taken from the folder.
        self._keys: dict[str, str] = {}
        self._reused: dict[str, str] = {}
        self._hashes = _NodeHashes()
        self._base: str | None = None

    @property
    def knows_folder(self) -> bool:
        """Whether this folder was generated into before (with this cache)."""
        return bool(self._old)

    def start(self, shell: Api, source_name: str) -> None:
        """What every local file depends on: the code, the spec's name, the shared facts."""
        shared = tuple(
            getattr(shell, f.name) for f in fields(Api) if f.name != "resources"
        )
        # Every model is in here whole, so a context names a model by its key alone. The
        # formatter's salt (black's version and mode): a file taken as it is was formatted too.
        self._base = digest(
            _code_digest(self._templates_dir),
            formatter_salt(),
            source_name,
            _pickle(shared),
        )

    def reuse(self, job: FileJob) -> str | None:
        """The file's text from the output folder when it is what rendering would give."""
        assert self._base is not None, "start() first"
        key = digest(self._base, job.template, job.path, self._hashes.dump(job.context))
        self._keys[job.path] = key
        old = self._old.get(job.path)
        if old is None or old[0] != key:
            return None
        data = self._previous(job.path)
        if data is None or hashlib.sha256(data).hexdigest() != old[1]:
            return None
        self._reused[job.path] = old[1]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    @property
    def reused(self) -> frozenset[str]:
        """The paths this run took from the folder."""
        return frozenset(self._reused)

    def save(self, files: Mapping[str, bytes]) -> None:
        """Record this run's local files for the next one (after the tree is final)."""
        index = {
            path: [
                key,
                self._reused.get(path) or hashlib.sha256(files[path]).hexdigest(),
            ]
            for path, key in self._keys.items()
            if path in files
        }
        entry = json.dumps(index, sort_keys=True, separators=(",", ":"))
        self._cache.put(_BUCKET, self._index_key, entry.encode("utf-8"))


class _NodeHashes:
    """Bytes that stand for a value, each IR node among it hashed once per run."""

    def __init__(self) -> None:
        self._memo: dict[int, bytes] = {}
        # Holds the nodes, so an id is not reused for another.
        self._kept: list[Any] = []

    def node(self, node: Any) -> bytes:
        if type(node) is Model:
            # The models are hashed whole into every key (``RenderMemo.start``).
            return b"model " + node.key.encode("utf-8")
        found = self._memo.get(id(node))
        if found is None:
            # Its class and fields, the nodes among them by their own hashes (a resource's
            # operations are hashed once, not again inside each resource that holds them).
            parts = (
                type(node).__name__,
                *(getattr(node, f.name) for f in fields(node)),
            )
            found = hashlib.sha256(_pickle(parts, self)).digest()
            self._memo[id(node)] = found
            self._kept.append(node)
        return found

    def dump(self, value: Any) -> bytes:
        return _pickle(value, self)


class _Pickler(pickle.Pickler):
    def __init__(self, stream: io.BytesIO, hashes: _NodeHashes) -> None:
        super().__init__(stream, protocol=5)
        self._hashes = hashes

    def reducer_override(self, obj: Any) -> Any:
        # Called for objects other than plain data (unlike persistent_id, called for every
        # string and number): a node is written as its hash.
        if type(obj) in _NODES:
            return _node, (self._hashes.node(obj),)
        return NotImplemented


def _node(digest: bytes) -> bytes:
    """What a node's hash stands for in a pickled context (never unpickled)."""
    return digest


def _pickle(value: Any, hashes: _NodeHashes | None = None) -> bytes:
    """Bytes that depend on ``value``'s contents only: without pickle's memo, which would also
    record which equal objects happen to be one object. With ``hashes``, the nodes in it are
    written as their hashes; without, everything is written whole (in C, no call per object).
    """
    stream = io.BytesIO()
    pickler = (
        _Pickler(stream, hashes)
        if hashes is not None
        else pickle.Pickler(stream, protocol=5)
    )
    pickler.fast = True  # no memo: the IR holds no cycles
    pickler.dump(value)
    return stream.getvalue()


@cache
def _code_digest(templates_dir: Path) -> str:
    """The generator's code and templates, and what runs them."""
    parts: list[str | bytes] = [sys.version, jinja2.__version__, _FORMAT]
    for root in (_GENERATOR, templates_dir):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                if root is _GENERATOR and path.suffix != ".py":
                    continue
                parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest(*parts)


def _read_index(raw: bytes | None) -> dict[str, tuple[str, str]]:
    try:
        value = json.loads(raw) if raw is not None else {}
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    out: dict[str, tuple[str, str]] = {}
    for path, entry in value.items():
        if (
            isinstance(entry, list)
            and len(entry) == 2
            and all(isinstance(part, str) for part in entry)
        ):
            out[path] = (entry[0], entry[1])
    return out
