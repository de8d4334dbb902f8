"""Each kind of security scheme puts the one credential where the spec says, on a real socket,
and no log line at debug level shows it (tests/cases/security, scheme chosen by settings).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.emit.write import write_tree
from generator.pipeline import generate
from tests.golden import CASES
from tests.support.credentials import credential
from tests.support.server import LoopbackServer, Reply

KEY = "s3cr3t-key:with/odd chars"
# What the spec says each scheme is, written out here so the test does not trust the generator.
PLACEMENT = {
    "HeaderKey": ("header", "X-Vault-Key"),
    "QueryKey": ("query", "sig"),
    "CookieKey": ("cookie", "vault_token"),
    "Bearer": ("bearer", ""),
    "Basic": ("basic", ""),
    "OAuth": ("bearer", ""),
}


@pytest.mark.parametrize("scheme", sorted(PLACEMENT))
def test_the_credential_travels_as_the_scheme_says_and_never_reaches_the_log(
    scheme: str, tmp_path: Path, server: LoopbackServer
) -> None:
    config = tmp_path / "sdk.yaml"
    config.write_text(f"auth: {scheme}\n")
    result = generate(CASES / "security" / "spec.yaml", config)
    auth = result.api.auth
    assert (auth.scheme_name, auth.kind, auth.param) == (scheme, *PLACEMENT[scheme])
    write_tree(tmp_path / "pkg", result.files)
    server.reply(Reply(200, {"name": "db"}))
    code = (
        "import sys\nfrom vault import Vault\n"
        "client = Vault(base_url=sys.argv[1])\n"
        "print(client.secrets.get_secret(name='db', session='s1').name)\n"
    )
    env = {**os.environ, "VAULT_API_KEY": KEY, "VAULT_LOG": "debug"}
    done = subprocess.run(
        [sys.executable, "-c", code, server.url],
        cwd=tmp_path / "pkg",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "db\n"
    assert credential(result.api, server.last.headers, server.last.query) == KEY
    if (
        scheme == "CookieKey"
    ):  # the operation's own cookie travels beside the credential
        assert "session=s1" in server.last.headers["cookie"]
    assert "GET" in done.stderr and "/secrets/db" in done.stderr  # debug logging is on
    for secret in (KEY, KEY.replace(" ", "+"), KEY.replace(" ", "%20"), "s3cr3t"):
        assert secret not in done.stderr, f"{scheme}: the credential reached the log"


def test_schemes_required_together_are_sent_together(
    tmp_path: Path, server: LoopbackServer
) -> None:
    spec = (
        (CASES / "security" / "spec.yaml")
        .read_text()
        .replace("  - HeaderKey: []\n", "  - {HeaderKey: [], QueryKey: []}\n")
    )
    (tmp_path / "spec.yaml").write_text(spec)
    result = generate(tmp_path / "spec.yaml")
    arguments = [(s.argument, s.env) for s in result.api.auth.schemes]
    assert arguments == [
        ("api_key", "VAULT_API_KEY"),
        ("query_key", "VAULT_QUERY_KEY"),
        ("bearer", "VAULT_BEARER"),
    ]
    write_tree(tmp_path / "pkg", result.files)
    server.reply(Reply(200, {"name": "db"}), Reply(200, {"name": "db"}))
    code = (
        "import sys\nfrom vault import Vault\n"
        "Vault(base_url=sys.argv[1], api_key='h', query_key='q').secrets.get_secret(name='a')\n"
        # Half of the pair: that set is incomplete, and the bearer one is not configured.
        "Vault(base_url=sys.argv[1], api_key='h').secrets.get_secret(name='b')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, server.url],
        cwd=tmp_path / "pkg",
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    both, half = server.requests
    assert (both.headers.get("x-vault-key"), both.query) == ("h", {"sig": ["q"]})
    assert (half.headers.get("x-vault-key"), half.query) == (None, {})
    assert "authorization" not in half.headers


def test_unknown_scheme_in_settings_is_a_located_error(tmp_path: Path) -> None:
    config = tmp_path / "sdk.yaml"
    config.write_text("package: vault\nauth: Nope\n")
    from generator.diagnostics import GenerationError

    with pytest.raises(GenerationError) as caught:
        generate(CASES / "security" / "spec.yaml", config)
    (problem,) = caught.value.diagnostics
    assert (problem.line, problem.pointer) == (2, "/auth")
    assert (
        "no security scheme 'Nope'" in problem.message
        and "HeaderKey" in problem.message
    )
