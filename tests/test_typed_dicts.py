"""Nested object arguments given as dict literals (issue 20; tests/cases/typed_dicts): the client
sends a dict exactly as given, and mypy --strict accepts dict literals keyed by wire names while
rejecting a value of the wrong type.

The expected JSON below is written out by hand, not produced by the code under test.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support.generated import CaseMaker
from tests.support.server import LoopbackServer, Reply
from tests.test_typecheck import mypy

CALL = """
import datetime as dt
from crm import Crm

with Crm(base_url={url!r}, max_retries=0) as client:
    client.customers.create(
        name="Ada",
        address={{
            "city": "Paris",
            "zip-code": "75001",
            "since": dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.timezone.utc),
            "geo": {{"lat": 48.86, "lng": 2.35}},
        }},
        tags=[{{"class": "vip", "weight": 3}}],
        folders={{"root": {{"title": "Root", "children": [{{"title": "Leaf", "children": []}}]}}}},
    )
"""


@pytest.fixture(scope="module")
def package_root(generated_case: CaseMaker) -> Path:
    return generated_case("typed_dicts").root


def test_dict_arguments_nested_two_levels_are_sent_as_given(
    package_root: Path, server: LoopbackServer
) -> None:
    server.default = Reply(200, {"id": "c1"})
    done = subprocess.run(
        [sys.executable, "-c", CALL.format(url=server.url)],
        cwd=package_root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(server.last.body) == {
        "name": "Ada",
        "address": {
            "city": "Paris",
            "zip-code": "75001",
            "since": "2024-05-01T12:30:00+00:00",
            "geo": {"lat": 48.86, "lng": 2.35},
        },
        "tags": [{"class": "vip", "weight": 3}],
        "folders": {
            "root": {"title": "Root", "children": [{"title": "Leaf", "children": []}]}
        },
    }


SNIPPET = """
from __future__ import annotations

import datetime as dt

from crm import Crm
from crm.types import AddressParam, FolderParam, TagParam


def run(client: Crm) -> str:
    address: AddressParam = {address}
    tag: TagParam = {{"class": "vip"}}
    folder: FolderParam = {{"children": [{{"title": "Leaf"}}]}}
    customer = client.customers.create(
        name="Ada",
        address={{"city": "Lyon", "since": dt.datetime(2024, 1, 1), "zip-code": "69001"}},
        tags=[tag, {{"class": "x", "weight": 2}}],
        folders={{"root": folder}},
    )
    client.customers.create(name="Bo", address=address)
    return customer.id
"""


def typecheck(package_root: Path, mypy_cache_dir: Path, address: str) -> str:
    snippet = package_root / "snippet.py"
    snippet.write_text(textwrap.dedent(SNIPPET.format(address=address)), "utf-8")
    done = mypy(snippet, cwd=package_root, cache_dir=mypy_cache_dir)
    return "" if done.returncode == 0 else done.stdout + done.stderr


def test_dict_literals_pass_mypy_strict(
    package_root: Path, mypy_cache_dir: Path
) -> None:
    address = '{"city": "Paris", "zip-code": "1", "geo": {"lat": 1.0, "lng": 2.0}}'
    assert typecheck(package_root, mypy_cache_dir, address) == ""


def test_a_nested_value_of_the_wrong_type_fails_mypy_strict(
    package_root: Path, mypy_cache_dir: Path
) -> None:
    address = '{"city": "Paris", "geo": {"lat": 1.0, "lng": "east"}}'
    errors = typecheck(package_root, mypy_cache_dir, address)
    assert (
        'snippet.py:11: error: Incompatible types (expression has type "str", '
        in errors
    )
    assert 'TypedDict item "lng" has type "float")' in errors, errors


def test_keys_are_wire_names_not_attribute_names(
    package_root: Path, mypy_cache_dir: Path
) -> None:
    errors = typecheck(package_root, mypy_cache_dir, '{"city": "P", "zip_code": "1"}')
    assert 'snippet.py:11: error: Extra key "zip_code" for TypedDict' in errors, errors


def test_a_required_key_is_required(package_root: Path, mypy_cache_dir: Path) -> None:
    errors = typecheck(package_root, mypy_cache_dir, '{"zip-code": "1"}')
    assert 'snippet.py:11: error: Missing key "city" for TypedDict' in errors, errors
