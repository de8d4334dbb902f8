"""A nullable object component referenced from several places (tests/cases/nullable_refs):
every reference admits null, not only the first one converted (GitHub's nullable-simple-user
was `None`-able at its first use and required everywhere else, so strict clients rejected
hundreds of real responses)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.emit.write import write_tree
from generator.pipeline import generate
from tests.golden import CASES
from tests.support.server import LoopbackServer, Reply


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("nullable_refs")
    write_tree(out, generate(CASES / "nullable_refs" / "spec.yaml").files)
    return out


def run(package: Path, server: LoopbackServer, code: str) -> str:
    prelude = (
        "import sys\nfrom nullable_refs import NullableRefs\n"
        "client = NullableRefs(base_url=sys.argv[1], strict_response_validation=True)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", prelude + code, server.url],
        cwd=package,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_reference_to_a_nullable_component_takes_null(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(
        Reply(200, {"id": 1, "suspended_by": None, "account": None}),
        Reply(200, {"id": "g1", "owner": None}),
        Reply(
            200, {"id": 2, "suspended_by": {"login": "a"}, "account": {"login": "b"}}
        ),
    )
    out = run(
        package,
        server,
        "i = client.apps.get_installation()\n"
        "print(i.suspended_by, i.account)\n"
        "print(client.gists.get_gist().owner)\n"
        "i = client.apps.get_installation()\n"
        "print(i.suspended_by.login, i.account.login)\n",
    )
    assert out.splitlines() == ["None None", "None", "a b"]


def test_a_required_nullable_reference_is_still_required(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(200, {"id": "g1"}))
    out = run(
        package,
        server,
        "from nullable_refs import APIResponseValidationError\n"
        "try:\n    client.gists.get_gist()\n"
        "except APIResponseValidationError as exc:\n    print('rejected', 'owner' in str(exc))\n",
    )
    assert out.strip() == "rejected True"
