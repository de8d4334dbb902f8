"""Every kind of security scheme in the Go SDK, on a real socket: one option per scheme
(option.WithAPIKey for the first, option.With<Scheme> for the others) with its environment
variable, and per operation the first requirement set whose credentials are all configured, as
the Python SDK sends them (tests/cases/security, plus operations requiring each scheme).
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.emit.write import write_tree
from generator.pipeline import generate
from tests.support.golang import build, program_module
from tests.support.server import LoopbackServer, Recorded, Reply
from tests.test_go_cases import CASES, assert_clean, write_go

ROOT = Path(__file__).resolve().parent.parent
OK: dict[str, Any] = {
    "200": {
        "description": "ok",
        "content": {
            "application/json": {
                "schema": {"type": "object", "properties": {"name": {"type": "string"}}}
            }
        },
    }
}
# The operations beside the fixture's (get /secrets/{name}: HeaderKey or Bearer; /public: none).
REQUIRES = {
    "query": [{"QueryKey": []}],
    "cookie": [{"CookieKey": []}],
    "basic": [{"Basic": []}],
    "oauth": [{"OAuth": ["read"]}],
    "pair": [{"HeaderKey": [], "QueryKey": []}, {"Bearer": []}],
}
# The same values as security_main.go's options.
ALL = {
    "VAULT_API_KEY": "h k",
    "VAULT_BEARER": "b/t",
    "VAULT_BASIC": "user:pa ss",
    "VAULT_COOKIE_KEY": "c;k é",
    "VAULT_O_AUTH": "o-token",
    "VAULT_QUERY_KEY": "q&k=1",
}
PYTHON_CALLS = (
    "print(client.secrets.get_secret(name='db', session='s1').name)\n"
    "client.public.ping()\nclient.query.by_query(own='o')\nclient.cookie.by_cookie(own='o')\n"
    "client.basic.by_basic()\nclient.oauth.by_oauth()\nclient.pair.by_pair()\n"
)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The Go program built against the API's Go SDK, and the API's Python package."""
    out = tmp_path_factory.mktemp("gosecurity")
    spec = yaml.safe_load((CASES / "security" / "spec.yaml").read_text())
    for name, security in REQUIRES.items():
        spec["paths"][f"/{name}"] = {
            "get": {"operationId": f"by_{name}", "security": security, "responses": OK}
        }
    # The operation's own query parameter and cookie travel after the credential's.
    for name, where in (("query", "query"), ("cookie", "cookie")):
        spec["paths"][f"/{name}"]["get"]["parameters"] = [
            {"name": "own", "in": where, "schema": {"type": "string"}}
        ]
    (out / "spec.yaml").write_text(yaml.safe_dump(spec))
    (out / "sdk.yaml").write_text("naming: tags\n")
    module, warnings = write_go(out / "spec.yaml", out / "sdk.yaml", out / "sdk")
    assert warnings == []
    assert_clean(module)
    write_tree(out / "pkg", generate(out / "spec.yaml", out / "sdk.yaml").files)
    main = (ROOT / "tests" / "go" / "security_main.go").read_text(encoding="utf-8")
    return build(program_module(out / "program", main, "vault", module)), out / "pkg"


def environment(server: LoopbackServer, credentials: dict[str, str]) -> dict[str, str]:
    server.default = Reply(200, {"name": "db"})
    env = {k: v for k, v in os.environ.items() if not k.startswith("VAULT_")}
    return {**env, "VAULT_BASE_URL": server.url, **credentials}


def run_go(
    program: Path, mode: str, server: LoopbackServer, credentials: dict[str, str]
) -> list[Recorded]:
    server.requests.clear()
    done = subprocess.run(
        [str(program), mode],
        env=environment(server, credentials),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "db\n"
    return list(server.requests)


def run_python(
    package: Path, server: LoopbackServer, credentials: dict[str, str]
) -> list[Recorded]:
    server.requests.clear()
    code = "from vault import Vault\nclient = Vault(max_retries=0)\n" + PYTHON_CALLS
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=package,
        env=environment(server, credentials),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return list(server.requests)


def carried(requests: list[Recorded]) -> list[tuple[str, str | None, str | None, str]]:
    """What each request carries: target (the query), Authorization, the key header, cookies."""
    return [
        (
            r.target,
            r.headers.get("authorization"),
            r.headers.get("x-vault-key"),
            r.headers.get("cookie", ""),
        )
        for r in requests
    ]


def basic(value: str) -> str:
    return "Basic " + base64.b64encode(value.encode()).decode()


def test_every_scheme_from_the_environment(
    api: tuple[Path, Path], server: LoopbackServer
) -> None:
    program, package = api
    sent = carried(run_go(program, "env", server, ALL))
    assert sent == [
        # The first set of the global security: the header key, not the bearer token.
        ("/secrets/db", None, "h k", "session=s1"),
        ("/public", None, None, ""),  # security: []
        ("/query?sig=q%26k%3D1&own=o", None, None, ""),
        ("/cookie", None, None, "vault_token=c%3Bk%20%C3%A9; own=o"),
        ("/basic", basic("user:pa ss"), None, ""),
        ("/oauth", "Bearer o-token", None, ""),
        ("/pair?sig=q%26k%3D1", None, "h k", ""),  # a set of two sends both
    ]
    assert sent == carried(run_python(package, server, ALL))


def test_options_set_the_same_credentials(
    api: tuple[Path, Path], server: LoopbackServer
) -> None:
    program, package = api
    assert carried(run_go(program, "options", server, {})) == carried(
        run_python(package, server, ALL)
    )


@pytest.mark.parametrize(
    "names",
    [
        ["VAULT_BEARER"],  # the second set of secrets and pair
        ["VAULT_API_KEY"],  # half of pair's first set: pair sends nothing
        ["VAULT_API_KEY", "VAULT_BEARER"],
        ["VAULT_BASIC", "VAULT_O_AUTH", "VAULT_COOKIE_KEY"],
        ["VAULT_QUERY_KEY", "VAULT_BEARER"],
    ],
)
def test_the_first_complete_set_is_sent_as_python_sends_it(
    api: tuple[Path, Path], server: LoopbackServer, names: list[str]
) -> None:
    program, package = api
    credentials = {name: ALL[name] for name in names}
    sent = carried(run_go(program, "env", server, credentials))
    assert sent == carried(run_python(package, server, credentials))
    # Only the credentials given travel.
    for name, value in ALL.items():
        if name not in credentials:
            assert not any(value in str(part) for request in sent for part in request)
