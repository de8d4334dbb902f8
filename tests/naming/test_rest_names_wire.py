"""REST-named methods on a real socket (tests/cases/rest_names, no settings): path parameters go
positionally, snake_case arguments leave under their camelCase wire names, fields named like
builtins come back on attributes of those names, with the sync and async clients and the CLI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.emit.write import write_tree
from generator.pipeline import generate
from tests.golden import CASES
from tests.support.server import LoopbackServer, Reply

CASE = CASES / "rest_names"
PET = {
    "id": "p1",
    "object": "pet",
    "petName": "Rex",
    "bytes": 3,
    "type": "dog",
    "str": "s",
    "tags": ["a"],
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kennel")
    write_tree(out, generate(CASE / "spec.yaml").files)
    return out


def run(package: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args],
        cwd=package,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


_PROGRAM = """
import asyncio, json, sys
from kennel import Kennel, AsyncKennel

def fields(pet):
    return [pet.id, pet.object, pet.pet_name, pet.bytes, pet.type, pet.str, pet.tags]

client = Kennel(base_url=sys.argv[1], strict_response_validation=True)
out = [
    fields(client.stores.pets.retrieve("s1", "p1")),
    [fields(p) for p in client.stores.pets.list("s1", page_size=5, x_trace_id="t")],
    fields(client.stores.pets.create("s1", pet_name="Rex", bytes=3, type="dog")),
    fields(client.stores.pets.adopt("s1", pet_id="p1", notify_owner=True)),
]

async def main():
    async with AsyncKennel(base_url=sys.argv[1], strict_response_validation=True) as a:
        return fields(await a.stores.pets.retrieve("s1", pet_id="p1"))

out.append(asyncio.run(main()))
print(json.dumps(out))
"""


def test_rest_methods_send_wire_names_and_read_builtin_named_fields(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(200, PET))
    server.reply(Reply(200, [PET]))
    server.reply(Reply(201, PET))
    server.reply(Reply(200, PET))
    server.reply(Reply(200, PET))
    out = json.loads(run(package, "-c", _PROGRAM, server.url))
    one = ["p1", "pet", "Rex", 3, "dog", "s", ["a"]]
    assert out == [one, [one], one, one, one]
    got, listed, created, adopted, retrieved = server.requests
    assert (got.method, got.path) == ("GET", "/v1/stores/s1/pets/p1")
    assert (listed.method, listed.path) == ("GET", "/v1/stores/s1/pets")
    assert listed.query == {"pageSize": ["5"]}
    assert listed.headers["x-trace-id"] == "t"
    assert (created.method, created.path) == ("POST", "/v1/stores/s1/pets")
    assert json.loads(created.body) == {"petName": "Rex", "bytes": 3, "type": "dog"}
    assert (adopted.path, adopted.query) == (
        "/v1/stores/s1/pets/p1/adopt",
        {"notifyOwner": ["true"]},
    )
    assert retrieved.path == "/v1/stores/s1/pets/p1"


def test_the_cli_takes_the_cleaned_title_and_rest_commands(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(200, PET))
    out = run(
        package,
        "-m",
        "kennel._cli",
        "--base-url",
        server.url,
        "stores:pets",
        "retrieve",
        "--store-id",
        "s1",
        "--pet-id",
        "p1",
    )
    assert json.loads(out)["petName"] == "Rex"
    assert server.requests[0].path == "/v1/stores/s1/pets/p1"
    pyproject = (package / "pyproject.toml").read_text(encoding="utf-8")
    assert '"kennel" = "kennel._cli:main"' in pyproject
