"""Where a request carries the API key, as the API's security scheme says."""

from __future__ import annotations

import base64
from urllib.parse import unquote

from generator.ir.nodes import Api, AuthScheme


def credential(
    api: Api,
    headers: dict[str, str],
    query: dict[str, list[str]],
    scheme: AuthScheme | None = None,
) -> str | None:
    """The credential a request carries where ``scheme`` (default: the API key's) puts it (None
    if it does not)."""
    auth, value = scheme or api.auth.primary, None
    if auth.kind in ("bearer", "basic"):
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if auth.kind == "bearer" and scheme == "Bearer":
            value = token
        elif auth.kind == "basic" and scheme == "Basic":
            value = base64.b64decode(token).decode()
    elif auth.kind == "header":
        value = headers.get(auth.param.lower())
    elif auth.kind == "query":
        value = (query.get(auth.param) or [None])[0]
    elif auth.kind == "cookie":
        cookies = dict(
            part.strip().partition("=")[::2]
            for part in headers.get("cookie", "").split(";")
        )
        value = unquote(cookies[auth.param]) if auth.param in cookies else None
    return value
