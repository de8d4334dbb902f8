"""The Go SDK's credentials: one ``option`` function per security scheme, and what each operation
sends.

The first scheme is ``option.WithAPIKey`` (the Python client's ``api_key``); every other one gets
``option.With<Scheme>`` after the scheme's name in the spec. The runtime keys schemes by that
name (``requestconfig.Auth``); an operation's requirement sets, kept in order, become the
``cfg.Auth.Security`` its method sets, so the first set whose credentials are all configured is
sent, as the Python runtime does.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...ir.nodes import Auth, AuthScheme, Operation
from . import filters, naming

# What package option declares (or is kept free for: Stainless's other options).
OPTION_NAMES = frozenset(
    {
        "RequestOption",
        "Middleware",
        "MiddlewareNext",
        "WithAPIKey",
        "WithBaseURL",
        "WithHTTPClient",
        "WithMaxRetries",
        "WithHeader",
        "WithHeaderAdd",
        "WithHeaderDel",
        "WithQuery",
        "WithQueryAdd",
        "WithQueryDel",
        "WithRequestTimeout",
        "WithMiddleware",
        "WithResponseInto",
        "WithResponseBodyInto",
        "WithJSONSet",
        "WithJSONDel",
        "WithRequestBody",
        "WithDebugLog",
        "WithEnvironmentProduction",
    }
)


@dataclass(frozen=True)
class GoScheme:
    key: str  # the runtime's name for it: the spec's scheme name
    kind: str  # bearer, basic, header, query, cookie or none
    param: str
    option: str  # the option function setting its credential
    env: str
    description: str | None


@dataclass(frozen=True)
class GoAuth:
    schemes: tuple[GoScheme, ...]
    by_argument: dict[str, str]  # the IR's argument name → the scheme's key

    @property
    def primary(self) -> GoScheme:
        return (
            self.schemes[0] if self.schemes else GoScheme("", "none", "", "", "", None)
        )

    @property
    def extra(self) -> tuple[GoScheme, ...]:
        return self.schemes[1:]

    def security(self, op: Operation) -> tuple[tuple[str, ...], ...] | None:
        """The requirement sets as scheme keys; ``None``: the primary scheme alone."""
        if op.security is None:
            return None
        return tuple(
            tuple(self.by_argument[a] for a in required if a in self.by_argument)
            for required in op.security
        )


def plan_auth(auth: Auth) -> GoAuth:
    taken = set(OPTION_NAMES)
    schemes: list[GoScheme] = []
    for i, scheme in enumerate(auth.schemes):
        option = "WithAPIKey" if i == 0 else _claim(scheme, taken)
        schemes.append(
            GoScheme(
                scheme.scheme_name or "",
                scheme.kind,
                scheme.param,
                option,
                scheme.env,
                scheme.description,
            )
        )
    by_argument = {
        s.argument: g.key for s, g in zip(auth.schemes, schemes) if s.kind != "none"
    }
    return GoAuth(tuple(schemes), by_argument)


def _claim(scheme: AuthScheme, taken: set[str]) -> str:
    base = "With" + naming.exported(scheme.scheme_name or scheme.argument)
    name, n = base, 1
    if name in taken:
        base = name = base + "Credential"
    while name in taken:
        n += 1
        name = f"{base}{n}"
    taken.add(name)
    return name


def how_sent(scheme: GoScheme) -> str:
    """How the credential travels, for the option's doc comment (spec text: plain words)."""
    if scheme.kind == "bearer":
        return "a token sent as Authorization: Bearer"
    if scheme.kind == "basic":
        return "user:password, sent as Authorization: Basic"
    where = {"header": "header", "query": "query parameter", "cookie": "cookie"}
    return f"sent as the {scheme.param} {where.get(scheme.kind, scheme.kind)}"


def security_literal(sets: tuple[tuple[str, ...], ...]) -> str:
    """``[][]string{{"HeaderKey"}, {"Bearer"}}``; ``[][]string{}`` for none."""
    inner = ", ".join(
        "{" + ", ".join(filters.go_string(k) for k in required) + "}"
        for required in sets
    )
    return "[][]string{" + inner + "}"


def scheme_lines(auth: GoAuth) -> list[str]:
    """Statements of DefaultClientOptions' first option: every scheme, and the primary's name."""
    lines = [
        "cfg.Auth.Schemes = map[string]requestconfig.Scheme{}",
    ]
    for s in auth.schemes:
        lines.append(
            f"cfg.Auth.Schemes[{filters.go_string(s.key)}] = requestconfig.Scheme"
            f"{{Kind: {filters.go_string(s.kind)}, Param: {filters.go_string(s.param)}}}"
        )
    lines.append(f"cfg.Auth.Primary = {filters.go_string(auth.primary.key)}")
    return lines
