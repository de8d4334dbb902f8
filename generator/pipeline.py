"""load → validate → ir → render → format: spec in, file tree out. Pure: only ``write`` touches disk."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .diagnostics import Diagnostic, GenerationError
from .emit.format import format_tree
from .ir.build import build_api
from .ir.nodes import Api
from .render.environment import render
from .settings import Settings, load_settings
from .spec.load import DEFAULT_MAX_BYTES, load_file
from .spec.refs import DocumentSet
from .spec.validate import validate

GENERATOR_NAME = "openapi-sdk-gen"


@dataclass(frozen=True)
class Result:
    api: Api
    files: dict[str, bytes]
    warnings: list[Diagnostic]
    verbatim: frozenset[
        str
    ]  # paths copied unchanged from templates/ (the runtime core)


@dataclass(frozen=True)
class Limits:
    """What the loader may read: the size of each file, folders besides the spec's own."""

    max_bytes: int = DEFAULT_MAX_BYTES
    allow_external_refs: tuple[Path, ...] = ()


def load_and_validate(
    spec: Path,
    *,
    lenient: bool | None = None,
    settings: Settings | None = None,
    limits: Limits = Limits(),
) -> tuple[DocumentSet, list[Diagnostic]]:
    root = load_file(spec, _display(spec), max_bytes=limits.max_bytes)
    docs = DocumentSet(
        root, allow=limits.allow_external_refs, max_bytes=limits.max_bytes
    )
    strict_off = lenient if lenient is not None else bool(settings and settings.lenient)
    findings = validate(docs, lenient=strict_off)
    errors = [d for d in findings if d.severity == "error"]
    if errors:
        raise GenerationError(errors)
    return docs, findings


def generate(
    spec: Path,
    config: Path | None = None,
    *,
    lenient: bool | None = None,
    limits: Limits = Limits(),
) -> Result:
    settings = load_settings(config, _display(config)) if config else Settings()
    docs, warnings = load_and_validate(
        spec, lenient=lenient, settings=settings, limits=limits
    )
    diagnostics: list[Diagnostic] = list(warnings)
    try:
        api = build_api(docs, settings, diagnostics)
    except LookupError as exc:  # a reference the checks let through on a lenient run
        raise GenerationError(
            [Diagnostic(docs.root.display, None, "", str(exc))]
        ) from None
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise GenerationError(errors)
    api = replace(api, warnings=tuple(d.format() for d in diagnostics))
    rendered = render(api, spec.name)
    texts = format_tree(rendered.files, skip=rendered.verbatim)
    files = {path: text.encode("utf-8") for path, text in texts.items()}
    return Result(api, files, diagnostics, rendered.verbatim)


def _display(path: Path) -> str:
    """Paths in messages as the user gave them (relative stays relative)."""
    return str(path)
