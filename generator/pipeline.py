"""load → validate → ir → render → format: spec in, file tree out. Only ``write`` touches the
output folder (the cache is the one other place written)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import Cache
from .diagnostics import Diagnostic, GenerationError
from .emit.manifest import MANIFEST, Identity
from .emit.manifest import render as render_manifest
from .progress import Progress
from .render import TEMPLATES_DIR
from .settings import Settings, load_settings
from .spec.load import DEFAULT_MAX_BYTES, load_file
from .spec.findings import Finding
from .spec.refs import DocumentSet
from .spec.validate import (
    cached_findings,
    check_document,
    check_version,
    locate,
    store_findings,
    validate,
    validation_key,
    validator_findings,
)
from .workers import Workers

if TYPE_CHECKING:
    from concurrent.futures import Future

    # Only their types: the CLI creates the staging area, and the IR, rendering and formatting
    # stages are imported once the workers have forked (see ``generate``).
    from .emit.format import PendingFormat
    from .emit.write import Staging
    from .ir.nodes import Api, Operation
    from .render.memo import RenderMemo
    from .targets.go.docs import GoIndex

GENERATOR_NAME = "openapi-sdk-gen"


@dataclass(frozen=True)
class Result:
    api: Api
    files: dict[str, bytes]
    warnings: list[Diagnostic]
    verbatim: frozenset[
        str
    ]  # paths copied unchanged from templates/ (the runtime core)
    # Paths taken as they were from the output folder the run replaces (see render/memo.py).
    reused: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Limits:
    """What the loader may read: the size of each file, folders besides the spec's own."""

    max_bytes: int = DEFAULT_MAX_BYTES
    allow_external_refs: tuple[Path, ...] = ()


# Below this much spec text, forking workers costs more than it saves.
_PARALLEL_MIN_BYTES = 256 * 1024


def load_documents(spec: Path, limits: Limits = Limits()) -> DocumentSet:
    root = load_file(spec, _display(spec), max_bytes=limits.max_bytes)
    return DocumentSet(
        root, allow=limits.allow_external_refs, max_bytes=limits.max_bytes
    )


def load_and_validate(
    spec: Path,
    *,
    lenient: bool | None = None,
    settings: Settings | None = None,
    limits: Limits = Limits(),
    cache: Cache | None = None,
    progress: Progress = Progress(),
) -> tuple[DocumentSet, list[Diagnostic]]:
    progress.stage("reading")
    docs = load_documents(spec, limits)
    progress.stage("validating")
    findings = validate(docs, lenient=_lenient(lenient, settings), cache=cache)
    _raise_errors(findings)
    return docs, findings


def generate(
    spec: Path,
    config: Path | None = None,
    *,
    lenient: bool | None = None,
    limits: Limits = Limits(),
    cache: Cache | None = None,
    jobs: int = 1,
    staging: Staging | None = None,
    progress: Progress = Progress(),
) -> Result:
    """The package for ``spec``. With ``jobs`` > 1 and a big document, the validator runs in a
    worker beside the IR stage and black runs on every worker; the result is identical. Each
    finished file's path is also checked by ``staging``, if given (the caller commits it), and
    unchanged files may be taken from the folder it writes. The tree includes its manifest.
    ``progress`` hears of each stage, file and diagnostic as the run gets to it.
    """
    cache = cache or Cache(None)
    with Workers(jobs, warm=_warm_black) as workers:
        # A big document's validator starts in a worker before the document is loaded here:
        # the worker reads it too (a JSON parse is a few percent of its work), so its ~0.15 s
        # import of the validator overlaps this process's reading, imports and checks.
        validating = None
        if workers.parallel and _file_size(spec) >= _PARALLEL_MIN_BYTES:
            validating = _submit_validation(workers, spec, limits, cache)
        settings = load_settings(config, _display(config)) if config else Settings()
        strict_off = _lenient(lenient, settings)
        progress.stage("reading")
        docs = load_documents(spec, limits)
        _raise_errors(check_version(docs))
        memo = _memo(cache, staging)
        # A check that stops the run reports errors: raised here, so past it the run goes on.
        # The validator's findings count only if it lets the run go on.
        progress.stage("checking")
        early, _ = check_document(docs, lenient=strict_off)
        _raise_errors(early)
        progress.found(early)
        if validating is None:
            # The check has read every file the root refers to: a small root may have big parts.
            if workers.parallel and _size(docs) >= _PARALLEL_MIN_BYTES:
                validating = _submit_validation(workers, spec, limits, cache)
            else:
                workers.keep_inline()
        if memo is None or not memo.knows_folder:
            # A first generation into a folder formats most of the tree: black's import in one
            # worker overlaps the IR stage. A regeneration formats a few pieces, and the import
            # would compete with the main process for the cores until they come.
            workers.warm_up()
        if validating is None:
            progress.stage("validating")
        pending = _PendingValidation(docs, cache, validating)
        run = _Run(docs, settings, spec.name, cache, workers, staging, memo, progress)
        api, formatting, diagnostics = run.build(early, pending, strict_off)
        texts = formatting.result()
    files = {path: text.encode("utf-8") for path, text in texts.items()}
    files[MANIFEST] = render_manifest(files, _identity(api, docs))
    if memo is not None:
        memo.save(files)
    cache.prune()
    reused = memo.reused if memo is not None else frozenset()
    return Result(api, files, diagnostics, frozenset(formatting.skipped), reused)


@dataclass(frozen=True)
class _Run:
    """What the IR, rendering and formatting stages of one generation work with."""

    docs: DocumentSet
    settings: Settings
    source_name: str
    cache: Cache
    workers: Workers
    staging: Staging | None
    memo: RenderMemo | None
    progress: Progress

    def build(
        self,
        early: list[Diagnostic],
        pending: _PendingValidation,
        strict_off: bool,
    ) -> tuple[Api, PendingFormat, list[Diagnostic]]:
        """The IR, each file rendered and handed to black as it comes, and every diagnostic in
        order (the checks', the validator's, the IR stage's); raises when one is an error.
        """
        # Imported here, after the validator's worker has forked (~30 ms with Jinja): the
        # workers do not need them.
        from .emit.format import PendingFormat
        from .ir.build import build_api
        from .render.environment import render_each

        docs, progress = self.docs, self.progress
        diagnostics = list(early)
        api: Api | None = None
        formatting: PendingFormat | None = None
        findings: list[Diagnostic] | None = None
        if pending.ready:  # validated here, or cached: shown before the IR stage runs
            findings = self._located(pending, strict_off)
        try:
            progress.stage("building")
            api = build_api(docs, self.settings, diagnostics)
            progress.found(diagnostics[len(early) :])
            if not _errors(diagnostics):
                # The other targets: rendered whole each run (no Python to format or memo),
                # counted in the progress line with the Python files.
                other_targets, go_docs = self._other_targets(api, diagnostics)
                # black starts on each file as it renders, while the validator runs; the
                # validator's errors still win.
                formatting = PendingFormat(
                    cache=self.cache,
                    workers=self.workers,
                    ready=_ready(self.staging, progress),
                )
                for path, text, how in render_each(
                    api,
                    self.source_name,
                    TEMPLATES_DIR,
                    cache=self.cache,
                    memo=self.memo,
                    go_docs=go_docs,
                    planned=lambda files: progress.planned(files + len(other_targets)),
                ):
                    formatting.add(
                        path, text, skip=how == "verbatim", final=how == "reused"
                    )
                    progress.rendered()
                    if findings is None and pending.ready:
                        # Shown as soon as the validator's worker is done, not at the end.
                        findings = self._located(pending, strict_off)
                for path, text in other_targets:
                    formatting.add(path, text)
                    progress.rendered()
        except LookupError as exc:
            # a reference the checks let through on a lenient run
            diagnostics.append(Diagnostic(docs.root.display, None, "", str(exc)))
        except Exception:
            # The validator's findings explain a document the IR stage could not read.
            _raise_errors(locate(docs, pending.findings(), lenient=strict_off))
            raise
        if findings is None:
            if not pending.ready:
                progress.stage("validating")
            findings = self._located(pending, strict_off)
        progress.stage("formatting")
        _raise_errors(findings)
        diagnostics[len(early) : len(early)] = findings
        _raise_errors(diagnostics)
        assert api is not None and formatting is not None  # else an error was raised
        api = replace(api, warnings=tuple(d.format() for d in diagnostics))
        return api, formatting, diagnostics

    def _other_targets(
        self, api: Api, diagnostics: list[Diagnostic]
    ) -> tuple[list[tuple[str, str]], GoIndex | None]:
        """The other targets' files, and what the docs say of the Go SDK (None without Go)."""
        warn = self._warner(diagnostics)
        files: list[tuple[str, str]] = []
        go_index: GoIndex | None = None
        if self.settings.go is not None:
            from .targets.go import output_files, plan
            from .targets.go.docs import index

            pkg = plan(api, self.settings.go)
            files += output_files(api, self.settings.go, self.source_name, warn, pkg)
            go_index = index(api, pkg)
        if self.settings.java is not None:
            from .targets import java

            files += java.output_files(api, self.settings.java, self.source_name, warn)
        return files, go_index

    def _warner(
        self, diagnostics: list[Diagnostic]
    ) -> Callable[[Operation, str], None]:
        """A target's warning about an operation, located at the operation."""

        def warn(op: Operation, message: str) -> None:
            root = self.docs.root
            source = op.source
            pointer = source.pointer if source else ""
            here = source is None or source.file == root.display
            line = root.line_of(pointer) if here else None
            found = Diagnostic(
                source.file if source else root.display,
                line,
                pointer,
                message,
                "warning",
            )
            diagnostics.append(found)
            self.progress.found([found])

        return warn

    def _located(
        self, pending: _PendingValidation, strict_off: bool
    ) -> list[Diagnostic]:
        """The validator's findings, located in the document and reported."""
        findings = locate(self.docs, pending.findings(), lenient=strict_off)
        self.progress.found(findings)
        return findings


def _warm_black() -> None:
    """A worker's warm-up: black, imported before its first batch arrives."""
    from .emit.format import black_mode

    black_mode()


class _PendingValidation:
    """The validator's findings: from the cache, from the worker that read the document (if it
    read the same bytes), or computed here."""

    def __init__(
        self,
        docs: DocumentSet,
        cache: Cache,
        validating: Future[_Validated | None] | None,
    ) -> None:
        self._docs = docs
        self._cache = cache
        self._key = validation_key(docs)
        self._validating = validating
        self._found = cached_findings(cache, self._key)
        if validating is None:
            self.findings()  # no worker: now, before the IR stage, as one process always did

    @property
    def ready(self) -> bool:
        """Whether ``findings`` would answer without waiting."""
        return self._found is not None or bool(
            self._validating and self._validating.done()
        )

    def findings(self) -> list[Finding]:
        if self._found is not None:
            return self._found
        validated = self._validating.result() if self._validating else None
        if validated is not None and validated[0] == self._key:
            raw = validated[1]
        else:  # one process, or the file changed between the two reads
            raw = validator_findings(self._docs)
        store_findings(self._cache, self._key, raw)
        self._found = raw
        return raw


# A document's validation key and the validator's findings for it.
_Validated = tuple[str, list[Finding]]


def _submit_validation(
    workers: Workers, spec: Path, limits: Limits, cache: Cache
) -> Future[_Validated | None]:
    return workers.submit(_validate_file, spec, limits, cache)


def _validate_file(spec: Path, limits: Limits, cache: Cache) -> _Validated | None:
    """In a worker: the document loaded as ``generate`` loads it, with the validator's findings.
    None when it does not load or is not OpenAPI 3: the main process reports why."""
    try:
        docs = load_documents(spec, limits)
    except Exception:
        # Whatever it was, the main process meets it too, or validates its own copy.
        return None
    if _errors(check_version(docs)):
        return None
    key = validation_key(docs)
    found = cached_findings(cache, key)
    return key, found if found is not None else validator_findings(docs)


def _size(docs: DocumentSet) -> int:
    return sum(len(f.text) for f in docs.files.values())


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the loader reports it


def _memo(cache: Cache, staging: Staging | None) -> RenderMemo | None:
    """What this generation may take from the output folder it replaces (``generate`` only:
    ``check`` renders everything, since it is the check)."""
    if staging is None or cache.root is None:
        return None
    from .render.memo import RenderMemo

    return RenderMemo(cache, staging.out, staging.generated_bytes, TEMPLATES_DIR)


def _identity(api: Api, docs: DocumentSet) -> Identity:
    """What the manifest records of the API, to tell a folder generated for another one."""
    info = docs.root.data.get("info") if isinstance(docs.root.data, dict) else None
    title = info.get("title") if isinstance(info, dict) else None
    return Identity(api.package, title.strip() if isinstance(title, str) else "")


def _ready(staging: Staging | None, progress: Progress) -> Callable[[str, str], None]:
    """What to do with each file's final text: its path checked (``generate``), and counted."""

    def ready(path: str, text: str) -> None:
        if staging is not None:
            staging.add(path, text.encode("utf-8"))
        progress.finished()

    return ready


def _lenient(lenient: bool | None, settings: Settings | None) -> bool:
    return lenient if lenient is not None else bool(settings and settings.lenient)


def _errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def _raise_errors(diagnostics: list[Diagnostic]) -> None:
    if errors := _errors(diagnostics):
        raise GenerationError(errors)


def _display(path: Path) -> str:
    """Paths in messages as the user gave them (relative stays relative)."""
    return str(path)
