"""black, in one fixed mode: the formatter of record for generated Python.

black is most of a big generation's time. A module whose text the cache has seen is not formatted
again. Any other is cut into pieces (``pieces.py``: top-level statements, methods) and black
formats the pieces the cache does not hold, on every core; so regenerating after a small spec edit
formats the few pieces that changed, not the whole of each module they sit in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from concurrent.futures import Future, as_completed
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ..cache import Cache, digest
from ..diagnostics import Diagnostic, GenerationError
from ..versions import installed_version
from ..workers import Workers
from .pieces import STAND_IN_CLASS, Piece, cut, join

if TYPE_CHECKING:
    import black

# The mode (black_mode); black's defaults for everything else are pinned by its version in the salt.
_TARGET = "PY310"
_LINE_LENGTH = 100
# A module's formatted text under the hash of its text; and, under its path, its formatted pieces
# by the hash of each piece, for the next run to reuse after an edit.
_WHOLE = "black"
_PIECES = "black-pieces"


@cache
def formatter_salt() -> str:
    """What black's output depends on besides its input: its version and our mode."""
    # Looked up on first use: reading black's version costs ~15 ms of start-up.
    return digest(
        "black",
        installed_version("black") or "none",
        _TARGET,
        str(_LINE_LENGTH),
        "magic-comma",
        "pieces-v2",
    )


# Pieces go to workers in batches of about this much text: enough to keep both cores busy to the
# end, few enough that sending them costs little.
_BATCH_CHARS = 48_000
# A module this short is formatted whole: each black call has a fixed cost (about 0.4 ms), and
# reformatting a short module after an edit is cheap anyway.
CUT_ABOVE = 8_000


@cache
def black_mode() -> black.Mode:
    """black and its mode, imported on first use: ~0.1 s that a run whose formatting is all
    cached, or done in workers, should not spend in the main process."""
    import black
    from black.mode import TargetVersion

    return black.Mode(
        target_versions={TargetVersion[_TARGET]},
        line_length=_LINE_LENGTH,
        magic_trailing_comma=True,
    )


def format_source(text: str) -> tuple[str, str | None]:
    """``(formatted, None)``, or ``(text, problem)`` when the text does not parse."""
    import black
    from black.report import NothingChanged

    try:
        return black.format_str(text, mode=black_mode()), None
    except NothingChanged:
        return text, None
    except Exception as exc:  # black raises several types for unparsable input
        return text, str(exc)


# One piece of a batch: its text, whether it is a class member, and the position in the batch of
# its sync twin when it is an async method that only differs from one by ``async``/``await``.
Work = tuple[str, bool, "int | None"]


def format_pieces(batch: list[Work]) -> list[tuple[str, str | None]]:
    """black on each ``(text, member, twin)``; a member is formatted inside the stand-in class.
    An async twin of a method black left as it was is left as it is too (see ``_as_twin``).
    """
    results: list[tuple[str, str | None]] = []
    for text, member, twin in batch:
        if twin is not None and _as_twin(batch[twin][0], results[twin], text):
            results.append((text, None))
            continue
        if not member:
            results.append(format_source(text))
            continue
        formatted, problem = format_source(STAND_IN_CLASS + text)
        if problem is None and not formatted.startswith(STAND_IN_CLASS):
            problem = "black reshaped the stand-in class"
        results.append((formatted[len(STAND_IN_CLASS) :], problem))
    return results


_ASYNC_DEF = re.compile(r"^( *)async def ", re.MULTILINE)
_AWAIT_CALL = "return await self._client.request("
_CALL = "return self._client.request("


def sync_twin(text: str) -> str | None:
    """The sync method an async one mirrors: the same text without ``async`` before ``def`` and
    ``await`` before the client's request; None for any other kind of difference."""
    sync, defs = _ASYNC_DEF.subn(r"\1def ", text, count=1)
    if defs != 1:
        return None
    sync = sync.replace(_AWAIT_CALL, _CALL)
    if "async " in sync or "await " in sync:
        return None
    return sync


def _as_twin(sync: str, sync_result: tuple[str, str | None], text: str) -> bool:
    """Whether black leaves ``text``, the async twin of ``sync``, as it is: when it left
    ``sync`` as it was and the lines the twins differ in still fit. Those lines are the ``def``
    line of an exploded signature (a magic trailing comma keeps it exploded whatever its length)
    and a ``return`` of one call, which black leaves alone while it fits in the line length;
    every other line is the same in both. ``tests/test_format_pieces.py`` holds this to black's
    own output."""
    if sync_result != (sync, None):
        return False
    ours, theirs = text.split("\n"), sync.split("\n")
    if len(ours) != len(theirs):
        return False
    return all(
        a == b or (a.isascii() and len(a) <= _LINE_LENGTH) for a, b in zip(ours, theirs)
    )


def format_and_store(
    batch: list[Work], keys: list[str | None], cache: Cache
) -> list[tuple[str, str | None]]:
    """``format_pieces``, then each result with a key stored as a whole module's entry."""
    results = format_pieces(batch)
    for key, (text, problem) in zip(keys, results):
        if key is not None and problem is None:
            cache.put(_WHOLE, key, text.encode("utf-8"))
    return results


@dataclass
class _Module:
    path: str
    text: str
    key: str  # the cache key of the whole module
    pieces: list[Piece]
    keys: list[str]  # each piece's cache key
    done: list[str | None]  # formatted pieces; None until formatted
    problem: str | None = None

    @property
    def stored_by_worker(self) -> bool:
        """Formatted in one piece that is the whole text: the worker stores the result."""
        return len(self.pieces) == 1 and self.pieces[0].text == self.text


def format_tree(
    files: dict[str, str],
    skip: frozenset[str] = frozenset(),
    *,
    cache: Cache | None = None,
    workers: Workers | None = None,
) -> dict[str, str]:
    """Format every ``.py`` file not in ``skip``; a template that renders invalid Python is a
    generator bug, reported with the file it produced rather than a traceback."""
    pending = PendingFormat(cache=cache, workers=workers)
    for path, text in files.items():
        pending.add(path, text, skip=path in skip)
    return pending.result()


class PendingFormat:
    """``format_tree`` file by file: ``add`` looks up the cache and hands black's work to the
    workers in batches as they fill; ``result()`` waits for the last of it."""

    def __init__(
        self,
        *,
        cache: Cache | None = None,
        workers: Workers | None = None,
        ready: Callable[[str, str], None] | None = None,
    ) -> None:
        """``ready(path, text)`` is called with each file's final text as soon as it has it."""
        self._cache = cache or Cache(None)
        self._ready = ready
        self._workers = workers or Workers(1)
        self._out: dict[str, str] = {}
        self._modules: list[_Module] = []
        self._problems: list[Diagnostic] = []
        self._batch: _Batch = []
        self._batch_size = 0
        self._submitted: list[tuple[_Batch, Future[list[tuple[str, str | None]]]]] = []
        self.skipped: set[str] = set()

    def add(
        self, path: str, text: str, *, skip: bool = False, final: bool = False
    ) -> None:
        """Format ``path`` unless it is not Python, ``skip`` (copied as it is) or ``final``
        (formatted already)."""
        if skip:
            self.skipped.add(path)
        if skip or final or not path.endswith(".py"):
            self._out[path] = text
            self._hand_on(path, text)
            return
        whole_key = digest(formatter_salt(), text)
        hit = self._cache.get(_WHOLE, whole_key)
        if hit is not None:
            self._out[path] = hit.decode("utf-8")
            self._hand_on(path, self._out[path])
            return
        try:
            pieces = cut(text) if len(text) > CUT_ABOVE else [Piece(text, False, 0)]
        except SyntaxError as exc:
            self._problems.append(_bug(path, str(exc)))
            return
        known: dict[str, str] = {}
        if len(pieces) > 1:  # only cut modules have their pieces stored
            known = _read_pieces(
                self._cache.get(_PIECES, digest(formatter_salt(), path), count=False)
            )
        keys = [digest(p.text, str(p.member)) for p in pieces]
        reused = sum(key in known for key in keys)
        self._cache.record(reused, len(keys) - reused)
        done = [known.get(key) for key in keys]
        module = _Module(path, text, whole_key, pieces, keys, done)
        self._modules.append(module)
        twins = _twins(pieces) if len(pieces) > 1 else {}
        after: dict[int, int] = {}  # sync piece -> its async twin, sent right after it
        for index, sync in twins.items():
            cached_sync = done[sync]
            if done[index] is not None:
                continue
            if cached_sync is None:
                after[sync] = index
            elif _as_twin(pieces[sync].text, (cached_sync, None), pieces[index].text):
                done[index] = pieces[index].text  # the sync one came from the cache
        for index, piece in enumerate(module.done):
            if piece is not None or (index in twins and twins[index] in after):
                continue
            self._batch.append((module, index, None))
            self._batch_size += len(module.pieces[index].text)
            if index in after:
                twin = after[index]
                self._batch.append((module, twin, len(self._batch) - 1))
                self._batch_size += len(module.pieces[twin].text)
            if self._batch_size >= _BATCH_CHARS:
                self._submit()
        if self._batch and all(f.done() for _, f in self._submitted):
            # The workers have nothing to do: a short batch now beats a full one later (after
            # a small edit the whole of black's work is a few pieces).
            self._submit()

    def _submit(self) -> None:
        if self._batch:
            work: list[Work] = [
                (m.pieces[i].text, m.pieces[i].member, twin)
                for m, i, twin in self._batch
            ]
            # A module formatted in one piece is stored by the worker that formats it: most
            # modules are, and writing thousands of entries would otherwise wait until the end.
            keys = [m.key if m.stored_by_worker else None for m, _, _ in self._batch]
            future = self._workers.submit(format_and_store, work, keys, self._cache)
            self._submitted.append((self._batch, future))
        self._batch, self._batch_size = [], 0

    def result(self) -> dict[str, str]:
        self._submit()
        # Modules are finished (assembled, stored, handed on) as their last piece comes back,
        # so the main process does that work while the workers are still formatting.
        waiting = {id(m): sum(piece is None for piece in m.done) for m in self._modules}
        for module in self._modules:
            if not waiting[id(module)]:
                self._finish(module)
        batches = dict((future, batch) for batch, future in self._submitted)
        for future in as_completed(batches):
            for (module, index, _), (piece, problem) in zip(
                batches[future], future.result()
            ):
                if problem is not None:
                    module.problem = problem
                module.done[index] = piece
                waiting[id(module)] -= 1
                if not waiting[id(module)]:
                    self._finish(module)
        if self._problems:
            raise GenerationError(sorted(self._problems, key=lambda d: d.file))
        return {path: self._out[path] for path in sorted(self._out)}

    def _finish(self, module: _Module) -> None:
        formatted = _assemble(module)
        if formatted is None:
            self._problems.append(_bug(module.path, module.problem or "unknown"))
            return
        self._out[module.path] = formatted
        self._store(module, formatted)
        self._hand_on(module.path, formatted)

    def _hand_on(self, path: str, text: str) -> None:
        if self._ready is not None:
            self._ready(path, text)

    def _store(self, module: _Module, formatted: str) -> None:
        if module.stored_by_worker:
            self._cache.note_written(_WHOLE)
            return
        self._cache.put(_WHOLE, module.key, formatted.encode("utf-8"))
        if len(module.pieces) > 1:
            by_key = {key: text for key, text in zip(module.keys, module.done) if text}
            entry = json.dumps(by_key).encode("utf-8")
            self._cache.put(_PIECES, digest(formatter_salt(), module.path), entry)


_Batch = list[tuple[_Module, int, "int | None"]]


def _twins(pieces: list[Piece]) -> dict[int, int]:
    """Async method piece -> the sync piece it mirrors (``sync_twin``), within one module."""
    members = {p.text: i for i, p in enumerate(pieces) if p.member}
    out: dict[int, int] = {}
    for index, piece in enumerate(pieces):
        if piece.member and "async def " in piece.text:
            sync = sync_twin(piece.text)
            twin = members.get(sync) if sync is not None else None
            if twin is not None and twin != index:
                out[index] = twin
    return out


def _assemble(module: _Module) -> str | None:
    """The formatted module; black on the whole text when a piece would not format alone."""
    if module.problem is None:
        return join([text or "" for text in module.done], module.pieces)
    formatted, problem = format_source(module.text)
    module.problem = problem
    module.done = [None] * len(module.pieces)
    return formatted if problem is None else None


def _read_pieces(raw: bytes | None) -> dict[str, str]:
    """Formatted pieces by key from a cache entry; empty when the entry is unusable."""
    try:
        value = json.loads(raw) if raw is not None else None
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def _bug(path: str, problem: str) -> Diagnostic:
    return Diagnostic(
        path, None, "", f"generated code does not parse (generator bug): {problem}"
    )
