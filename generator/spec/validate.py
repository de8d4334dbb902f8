"""Validation with openapi-spec-validator, turned into located diagnostics.

References are checked first (``DocumentSet.check_references``): the validator raises, rather than
reports, on a dangling one. In lenient mode every validator finding becomes a warning.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..cache import Cache, digest
from ..diagnostics import Diagnostic, pointer_join
from ..versions import installed_version
from .doc_paths import DocPath, Unsupported, supports
from . import findings as findings_module
from .findings import Finding, finding, first_line, keep_rust_error, locating_keywords
from .load import SourceFile
from .refs import DocumentSet

# Bumped when the cached findings' meaning or shape changes.
# Bumped when what the validator sees changes for the same bytes (2: YAML 1.2 booleans; 3: the
# findings carry our wording and the path walked).
_FINDINGS_FORMAT = "findings-3"
# Cached findings hold our wording of each message: a change to the module that words them is a
# change to the findings.
_WORDING = digest(Path(findings_module.__file__).read_bytes())

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


def check_document(
    docs: DocumentSet, *, lenient: bool
) -> tuple[list[Diagnostic], bool]:
    """The cheap checks that come before the validator: the version, then every reference.

    Returns the findings and whether the validator may run after them (it raises, rather than
    reports, on a dangling reference).
    """
    findings = check_version(docs)
    if findings:
        return findings, False
    findings = [replace(d, lenient="ref") for d in docs.check_references()]
    if findings and not lenient:
        return findings, False
    return [replace(d, severity="warning") for d in findings], True


def locate(docs: DocumentSet, raw: list[Finding], *, lenient: bool) -> list[Diagnostic]:
    """Validator findings as located diagnostics, errors unless ``lenient``; the same message
    at the same place once, with its count (a schema reached from many places is checked, and
    reported, from each)."""
    severity = "warning" if lenient else "error"
    counts: dict[tuple[str, str, str], int] = {}
    files: dict[str, SourceFile] = {}
    for found in raw:
        file, pointer = place(docs, found.walk, found.inside)
        key = (str(file.path), pointer, found.message)
        files[key[0]] = file
        counts[key] = counts.get(key, 0) + 1
    return [
        replace(
            docs.diagnostic(
                files[path],
                pointer,
                message + (f" (\u00d7{count})" if count > 1 else ""),
                severity,
            ),
            lenient="finding",
        )
        for (path, pointer, message), count in counts.items()
    ]


def place(
    docs: DocumentSet, walk: tuple[str, ...], inside: tuple[str, ...]
) -> tuple[SourceFile, str]:
    """The file and pointer of what a finding is about: ``walk`` taken as the validator took it
    (a reference followed before each step and at the end), then ``inside`` literally. Where the
    walk leads nowhere (a base moved by ``$id``), its last place found."""
    file, pointer, node = docs.root, "", docs.root.data
    for part in walk:
        file, pointer, node = _follow(docs, file, pointer, node)
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, dict) and (key := _key_named(node, part)) is not None:
            node = node[
                key
            ]  # a YAML key that is not a string (``200:``), validated as one
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return file, pointer
        pointer = pointer_join(pointer, part)
    if walk:
        file, pointer, node = _follow(docs, file, pointer, node)
    return file, pointer_join(pointer, *inside)


def _key_named(node: dict[Any, Any], part: str) -> Any:
    return next(
        (k for k in node if not isinstance(k, str) and _as_key(k) == part), None
    )


def _as_key(key: Any) -> str:
    """A YAML key that is not a string, as JSON would spell it."""
    return json.dumps(key) if isinstance(key, bool) or key is None else str(key)


def _follow(
    docs: DocumentSet, file: SourceFile, pointer: str, node: Any
) -> tuple[SourceFile, str, Any]:
    for _ in range(64):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            break
        try:
            found = docs.resolve(node["$ref"], file)
        except LookupError:
            break
        file, pointer, node = found.file, found.pointer, found.value
    return file, pointer, node


def validation_key(docs: DocumentSet) -> str:
    """What the validator's findings depend on: its version and every byte it reads."""
    versions = [
        f"{dist}={installed_version(dist) or 'none'}"
        for dist in ("openapi-spec-validator", "jsonschema-rs", "jsonschema")
    ]
    parts: list[str] = [
        _FINDINGS_FORMAT,
        *versions,
        _WORDING,
        str(docs.root.path.resolve()),
    ]
    for path in sorted(docs.files):
        parts += [str(path), docs.files[path].text]
    return digest(*parts)


def cached_findings(cache: Cache, key: str) -> list[Finding] | None:
    hit = cache.get("validate", key)
    if hit is None:
        return None
    try:
        return [
            Finding(
                tuple(str(p) for p in walk),
                tuple(str(p) for p in inside),
                str(message),
                str(library),
            )
            for walk, inside, message, library in json.loads(hit)
        ]
    except (ValueError, TypeError):
        return None


def store_findings(cache: Cache, key: str, raw: list[Finding]) -> None:
    cache.put("validate", key, json.dumps(raw, ensure_ascii=False).encode())


def validate(
    docs: DocumentSet, *, lenient: bool, cache: Cache | None = None
) -> list[Diagnostic]:
    """Every finding for the document set; errors unless ``lenient``."""
    findings, go_on = check_document(docs, lenient=lenient)
    if not go_on:
        return findings
    cache = cache or Cache(None)
    key = validation_key(docs)
    raw = cached_findings(cache, key)
    if raw is None:
        raw = validator_findings(docs)
        store_findings(cache, key, raw)
    return findings + locate(docs, raw, lenient=lenient)


def validator_findings(docs: DocumentSet) -> list[Finding]:
    """The validator's own findings, each with where it is (see ``findings.py``): the slow part
    (seconds on a big document), so it is cached and run beside the IR stage.

    YAML reads an unquoted response code (``200:``) as a number, and the validator cannot take a
    key that is not a string (jsonschema-rs refuses the document, its walk asserts): such a
    document, a common one, is validated again with its keys as the strings JSON would have.
    """
    found = _findings_of(docs, docs.root.data)
    if found and found[-1].library.startswith(_COULD_NOT):
        data = _string_keys(docs.root.data)
        if data is not None:
            found = _findings_of(docs, data)
    return found


def _findings_of(docs: DocumentSet, data: Any) -> list[Finding]:
    confined = _validator_class(docs)
    try:
        return quick_findings(docs, confined, data)
    except Exception:  # Unsupported, or a failure the library's own paths should report
        pass
    base_uri = docs.root.path.resolve().as_uri()
    return _collect(
        confined(data, base_uri=base_uri),
        openapi_version(data) or "",
        report_failure=True,
    )


def _string_keys(data: Any) -> Any:
    """``data`` with every mapping key a string; None when every key already is (or the
    document is too deep to copy). Shared nodes (YAML aliases) stay shared."""
    changed = False
    copies: dict[int, Any] = {}

    def copy(node: Any) -> Any:
        nonlocal changed
        if not isinstance(node, (dict, list)):
            return node
        if id(node) in copies:
            return copies[id(node)]
        if isinstance(node, list):
            out: Any = []
            copies[id(node)] = out
            out.extend(copy(item) for item in node)
            return out
        out = {}
        copies[id(node)] = out
        for key, value in node.items():
            if not isinstance(key, str):
                changed = True
                key = _as_key(key)
            out[key] = copy(value)
        return out

    try:
        result = copy(data)
    except RecursionError:
        return None
    return result if changed else None


def quick_findings(
    docs: DocumentSet, confined: Any = None, data: Any = None
) -> list[Finding]:
    """The same findings, the walk taken over ``DocPath`` (see ``doc_paths.py``): a tenth of the
    time on big documents. Raises where the library's own paths must take over."""
    if not supports(docs.root.text, len(docs.files)):
        raise Unsupported("more than one file, or an $id")
    data = docs.root.data if data is None else data
    confined = confined or _validator_class(docs)
    validator = confined(data, base_uri=docs.root.path.resolve().as_uri())
    validator.schema_path = DocPath.root(data, validator.schema_path)
    return _collect(validator, openapi_version(data) or "")


def _validator_class(docs: DocumentSet) -> Any:
    """The validator for the document's OpenAPI version, confined to the loaded files and with
    the quick check of Schema Objects."""
    # Imported here: the validator's import alone costs ~0.3 s, and `check` of an unchanged tree
    # still needs it, but `--help` and usage errors should not.
    from openapi_spec_validator import (
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
        OpenAPIV32SpecValidator,
    )

    # The OpenAPI line (3.0, 3.1, 3.2) picks the validator and its JSON Schema; 3.1 otherwise.
    line = (openapi_version(docs.root.data) or "")[:4]
    schema_version = line[:3] if line in ("3.0.", "3.2.") else "3.1"
    validator_class: Any = {
        "3.0": OpenAPIV30SpecValidator,
        "3.1": OpenAPIV31SpecValidator,
        "3.2": OpenAPIV32SpecValidator,
    }[schema_version]
    # Served only from files refs.py already loaded: the validator's own handlers would fetch
    # URLs and read any file a lenient run let through.
    keyword_validators = dict(validator_class.keyword_validators)
    keyword_validators["schema"] = _fast_schema_meta(keyword_validators["schema"])
    attributes: dict[str, Any] = {
        "resolver_handlers": docs.resolver_handlers(),
        "keyword_validators": locating_keywords(keyword_validators),
    }
    document_check = _document_schema_validator(schema_version)
    if document_check is not None:
        attributes["schema_validator"] = document_check
    return type(validator_class.__name__, (validator_class,), attributes)


def _document_schema_validator(version: str) -> Any:
    """The validator's check of the whole document against the OpenAPI JSON Schema, built by its
    own factory from the same file it would read, parsed by ``json``: the library reads that
    JSON file with a pure-Python YAML loader, ~20 ms of every run. None (the library's own
    check) when the file is not where this version of the library keeps it."""
    from openapi_spec_validator.schemas.backend import get_validator_for

    schema = openapi_schema(version)
    return (
        _keeping_rust_errors(get_validator_for(schema)) if schema is not None else None
    )


def _keeping_rust_errors(validator: Any) -> Any:
    """The library's adapter of jsonschema-rs, keeping each Rust error beside the one it makes
    from it: only the Rust error holds the errors under a failed ``oneOf``, which say what is
    wrong. Any other validator as it is (jsonschema's own errors keep their context)."""
    try:
        from openapi_spec_validator.schemas.backend.jsonschema_rs import (
            JsonschemaRsValidatorWrapper,
        )
    except ImportError:  # pragma: no cover - another release of the library
        return validator
    if type(validator) is not JsonschemaRsValidatorWrapper:
        return validator

    class Keeping(JsonschemaRsValidatorWrapper):
        def _convert_rust_error(self, rust_error: Any, instance: Any) -> Any:
            error = super()._convert_rust_error(rust_error, instance)
            return keep_rust_error(error, rust_error)

    try:
        return Keeping(validator.schema, validator=validator._rs_validator)
    except Exception:  # pragma: no cover - the adapter's shape changed
        return validator


def openapi_schema(version: str) -> Any:
    """The OpenAPI JSON Schema openapi-spec-validator keeps for ``version`` ("3.0", "3.1",
    "3.2"), parsed by ``json``; None when the file is not where this release keeps it.
    """
    from importlib.resources import files

    try:
        resource = files("openapi_spec_validator") / _SCHEMA_FILE.format(version)
        return json.loads(resource.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# Where openapi-spec-validator keeps the JSON Schema of each OpenAPI version (schemas/utils.py).
_SCHEMA_FILE = "resources/schemas/v{}/schema.json"


def _collect(
    validator: Any, openapi: str, *, report_failure: bool = False
) -> list[Finding]:
    """The validator's findings; with ``report_failure``, a validator that raises becomes one
    more finding, else the exception goes on."""
    out: list[Finding] = []
    try:
        for error in validator.iter_errors():
            out.append(finding(error, openapi))
            if len(out) >= _MAX_FINDINGS:
                break
    except RecursionError:
        if not report_failure:
            raise
        out.append(_failure(f"{_COULD_NOT}: it is nested too deeply; flatten it"))
    except (
        Exception
    ) as exc:  # the validator raises for some malformed documents instead of reporting
        if not report_failure:
            raise
        out.append(_failure(f"{_COULD_NOT}: " + _WITHIN.sub("", first_line(str(exc)))))
    return out


_COULD_NOT = "the validator could not process the document"
# The resolver's "… does not exist within {the whole document}".
_WITHIN = re.compile(r" within [{\[].*$")


def _failure(message: str) -> Finding:
    return Finding((), (), message, message)


def _fast_schema_meta(base: Any) -> Any:
    """``base`` (the validator's check of each Schema Object) with a Rust pre-check.

    The validator checks every schema against its dialect's meta-schema in pure Python: 4 of the
    5 s it spends on LlamaCloud's spec. jsonschema-rs answers "valid" for the same schemas in
    ~1% of the time; only a schema it finds invalid goes through the Python check, which then
    writes the message, so messages are unchanged. A schema with its own ``$schema`` dialect
    always takes the Python path. One known difference, measured on the cases we tried: a
    ``pattern`` using ECMA-262 syntax Python's ``re`` lacks (``(?<name>...)``) passes, as JSON
    Schema specifies, where the Python check would report it.

    It also keeps the ids of the schemas it has seen in sets: the validator keeps them in lists it
    searches for every schema (a third of its time on Stripe's spec).
    """

    class FastMeta(base):  # type: ignore[misc]
        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            self.visited_schema_ids = _IdSet()
            self.meta_checked_schema_ids = _IdSet()

        def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
            dialect = (
                self._get_schema_dialect_id(schema, schema_value)
                if hasattr(self, "_get_schema_dialect_id")
                else _OAS30_DIALECT
            )
            checker = _rs_meta_validator(dialect)
            if checker is not None and checker.is_valid(schema_value):
                return None
            return super()._validate_schema_meta(schema, schema_value)

    return FastMeta


class _IdSet(set[int]):
    """A set that takes the list method the validator calls (it only appends and tests)."""

    def append(self, item: int) -> None:
        self.add(item)


_OAS30_DIALECT = "oas30"
_RS_VALIDATORS: dict[str, Any] = {}


def _rs_meta_validator(dialect: str) -> Any:
    """A jsonschema-rs validator for an OpenAPI dialect's meta-schema; None when unavailable."""
    if dialect in _RS_VALIDATORS:
        return _RS_VALIDATORS[dialect]
    checker: Any = None
    try:
        import jsonschema_rs
        from openapi_schema_validator._specifications import REGISTRY
        from openapi_schema_validator.validators import OAS30Validator

        def retrieve(uri: str) -> Any:
            return REGISTRY.contents(uri)

        meta = (
            OAS30Validator.META_SCHEMA
            if dialect == _OAS30_DIALECT
            else REGISTRY.contents(dialect)
        )
        checker = jsonschema_rs.validator_for(
            meta, retriever=retrieve, validate_formats=True
        )
    except (
        Exception
    ):  # not installed, or a dialect it cannot load: the Python check runs
        checker = None
    _RS_VALIDATORS[dialect] = checker
    return checker
