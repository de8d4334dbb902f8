"""Security schemes: which credentials the client takes, and which each operation sends.

The first scheme is ``api_key`` (the settings' ``auth:``, else the first of the global
requirement, else the first one an operation requires), so an API with one scheme keeps the
one-credential client it always had. Every other scheme an operation requires gets a client
argument of its own, named after the scheme, with an environment variable beside the key's.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..diagnostics import Diagnostic, GenerationError, pointer_join
from ..settings import Settings
from ..spec.refs import DocumentSet
from . import naming
from .nodes import Auth, AuthKind, AuthScheme, Resource

# The client's own keyword arguments, which a scheme's argument must not take.
_CLIENT_ARGUMENTS = frozenset(
    {
        "api_key",
        "base_url",
        "timeout",
        "max_retries",
        "default_headers",
        "default_query",
        "http_client",
        "strict_response_validation",
        "credentials",
        "self",
    }
)


def _schemes(docs: DocumentSet) -> dict[str, Any]:
    components = docs.root.data.get("components")
    schemes = (
        components.get("securitySchemes") if isinstance(components, dict) else None
    )
    return schemes if isinstance(schemes, dict) else {}


def _requirements(docs: DocumentSet) -> list[tuple[str, Any]]:
    """Every ``security`` list by its pointer: the global one, then each operation's (sorted)."""
    from .build import HTTP_METHODS  # build imports this module

    root = docs.root.data
    out: list[tuple[str, Any]] = [("/security", root.get("security"))]
    paths = root.get("paths")
    for path, item in sorted(paths.items() if isinstance(paths, dict) else []):
        for method in HTTP_METHODS:
            node = item.get(method) if isinstance(item, dict) else None
            if isinstance(node, dict):
                pointer = pointer_join("/paths", path, method, "security")
                out.append((pointer, node.get("security")))
    return out


def _alternatives(requirement: Any) -> list[list[str]]:
    if not isinstance(requirement, list):
        return []
    return [
        [str(n) for n in alt] if isinstance(alt, dict) else [] for alt in requirement
    ]


def build_auth(
    docs: DocumentSet,
    settings: Settings,
    env_api_key: str,
    diagnostics: list[Diagnostic],
) -> Auth:
    schemes = _schemes(docs)
    if settings.auth is not None:
        if settings.auth not in schemes:
            known = ", ".join(sorted(schemes)) or "none"
            raise GenerationError(
                [
                    settings.diagnostic(
                        "/auth",
                        f"no security scheme {settings.auth!r} (known: {known})",
                    )
                ]
            )
        # The settings pick the one credential: every operation needing any sends it.
        return Auth(
            (
                _scheme(
                    settings.auth, schemes, docs, diagnostics, "api_key", env_api_key
                ),
            )
        )
    order: list[str] = []
    for _, requirement in _requirements(docs):
        for names in _alternatives(requirement):
            order += [n for n in names if n in schemes and n not in order]
    out: list[AuthScheme] = []
    taken = set(_CLIENT_ARGUMENTS)
    prefix = (
        env_api_key.removesuffix("API_KEY")
        if env_api_key.endswith("_API_KEY")
        else env_api_key + "_"
    )
    for name in order:
        if not out:
            scheme = _scheme(name, schemes, docs, diagnostics, "api_key", env_api_key)
        else:
            argument = naming.snake(name) or "credential"
            if argument in taken or argument in naming.PYTHON_KEYWORDS:
                argument += "_credential"
            while argument in taken:
                argument += "_"
            scheme = _scheme(
                name, schemes, docs, diagnostics, argument, prefix + argument.upper()
            )
        if scheme.kind == "none" and out:
            continue  # reported; an operation needing it cannot be served
        taken.add(scheme.argument)
        out.append(scheme)
    return Auth(tuple(out))


def _scheme(
    name: str,
    schemes: dict[str, Any],
    docs: DocumentSet,
    diagnostics: list[Diagnostic],
    argument: str,
    env: str,
) -> AuthScheme:
    scheme = schemes[name] if isinstance(schemes[name], dict) else {}
    description = scheme.get("description")
    description = (
        description.strip()
        if isinstance(description, str) and description.strip()
        else None
    )
    kind, http = scheme.get("type"), str(scheme.get("scheme", "")).lower()

    def make(kind: AuthKind, param: str = "") -> AuthScheme:
        return AuthScheme(kind, name, param, description, argument, env)

    if kind == "http" and http in ("bearer", "basic"):
        return make("bearer" if http == "bearer" else "basic")
    if kind in (
        "oauth2",
        "openIdConnect",
    ):  # the caller obtains the token; the client sends it
        return make("bearer")
    location, param = scheme.get("in"), scheme.get("name")
    if (
        kind == "apiKey"
        and location in ("header", "query", "cookie")
        and isinstance(param, str)
    ):
        return make(location, param)
    diagnostics.append(
        docs.diagnostic(
            docs.root,
            pointer_join("/components/securitySchemes", name),
            f"security scheme {name!r} ({kind} {http}) is not supported; the client sends no "
            "credentials (use default_headers)",
            "warning",
        )
    )
    return make("none")


def with_security(
    resources: tuple[Resource, ...], docs: DocumentSet, settings: Settings, auth: Auth
) -> tuple[Resource, ...]:
    """Each operation's accepted requirement sets, as client argument names (see
    ``Operation.security``)."""
    root = docs.root.data
    by_scheme = {s.scheme_name: s.argument for s in auth.schemes if s.kind != "none"}
    paths = root.get("paths") if isinstance(root.get("paths"), dict) else {}

    def sets(key: str) -> tuple[tuple[str, ...], ...] | None:
        method, _, path = key.partition(" ")
        item = paths.get(path)
        node = item.get(method) if isinstance(item, dict) else None
        own = node.get("security") if isinstance(node, dict) else None
        requirement = own if isinstance(own, list) else root.get("security")
        if not auth.schemes:
            return None  # nothing to send anywhere
        if settings.auth is not None:  # the one credential, wherever one may be wanted
            return () if requirement == [] else None
        if not isinstance(requirement, list):
            return ()
        out: list[tuple[str, ...]] = []
        for names in _alternatives(requirement):
            if all(n in by_scheme for n in names):
                out.append(tuple(by_scheme[n] for n in names))
        if out == [("api_key",)]:
            return None
        return tuple(out)

    def walk(resource: Resource) -> Resource:
        ops = tuple(replace(op, security=sets(op.key)) for op in resource.operations)
        return replace(
            resource, operations=ops, children=tuple(walk(c) for c in resource.children)
        )

    return tuple(walk(r) for r in resources)
