"""Validation with openapi-spec-validator, turned into located diagnostics.

References are checked first (``DocumentSet.check_references``): the validator raises, rather than
reports, on a dangling one. In lenient mode every validator finding becomes a warning.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..diagnostics import Diagnostic, pointer_join
from .refs import DocumentSet

_MAX_FINDINGS = (
    50  # a broken 3 MB spec can yield thousands; the first ones say what to fix
)


def openapi_version(data: Any) -> str | None:
    if isinstance(data, dict):
        version = data.get("openapi")
        if isinstance(version, str):
            return version
    return None


def check_version(docs: DocumentSet) -> list[Diagnostic]:
    data = docs.root.data
    if not isinstance(data, dict):
        return [
            docs.diagnostic(
                docs.root, "", "an OpenAPI document must be a mapping at the top"
            )
        ]
    if "swagger" in data:
        return [
            docs.diagnostic(
                docs.root,
                "/swagger",
                "Swagger 2.0 is not supported; convert the document to OpenAPI 3 first",
            )
        ]
    version = openapi_version(data)
    if version is None:
        return [
            docs.diagnostic(
                docs.root, "", "missing the 'openapi' field (e.g. openapi: 3.1.0)"
            )
        ]
    if not version.startswith(("3.0.", "3.1.", "3.2.")):
        return [
            docs.diagnostic(
                docs.root,
                "/openapi",
                f"OpenAPI {version} is not supported (3.0, 3.1, 3.2 are)",
            )
        ]
    return []


def validate(docs: DocumentSet, *, lenient: bool) -> list[Diagnostic]:
    """Every finding for the document set; errors unless ``lenient``."""
    findings = check_version(docs)
    if findings:
        return findings
    severity = "warning" if lenient else "error"
    findings = docs.check_references()
    if findings and not lenient:
        return findings
    findings = [replace(d, severity="warning") for d in findings]
    return findings + [
        docs.diagnostic(docs.root, pointer, message, severity)
        for pointer, message in _validator_findings(docs)
    ]


def _validator_findings(docs: DocumentSet) -> list[tuple[str, str]]:
    # Imported here: the validator's import alone costs ~0.3 s, and `check` of an unchanged tree
    # still needs it, but `--help` and usage errors should not.
    from openapi_spec_validator import (
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
        OpenAPIV32SpecValidator,
    )

    version = openapi_version(docs.root.data) or ""
    validator_class: Any = (
        OpenAPIV30SpecValidator
        if version.startswith("3.0.")
        else (
            OpenAPIV32SpecValidator
            if version.startswith("3.2.")
            else OpenAPIV31SpecValidator
        )
    )
    # Served only from files refs.py already loaded: the validator's own handlers would fetch
    # URLs and read any file a lenient run let through.
    confined: Any = type(
        validator_class.__name__,
        (validator_class,),
        {"resolver_handlers": docs.resolver_handlers()},
    )
    validator = confined(docs.root.data, base_uri=docs.root.path.resolve().as_uri())
    out: list[tuple[str, str]] = []
    try:
        for error in validator.iter_errors():
            path = [str(p) for p in getattr(error, "absolute_path", ())]
            pointer = pointer_join("", *path) if path else ""
            out.append((pointer, _first_line(str(getattr(error, "message", error)))))
            if len(out) >= _MAX_FINDINGS:
                break
    except RecursionError:
        out.append(
            (
                "",
                "the validator could not process the document: it is nested too deeply; "
                "flatten it",
            )
        )
    except (
        Exception
    ) as exc:  # the validator raises for some malformed documents instead of reporting
        out.append(
            (
                "",
                f"the validator could not process the document: {_first_line(str(exc))}",
            )
        )
    return out


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "invalid"
    return line if len(line) <= 300 else line[:297] + "..."
