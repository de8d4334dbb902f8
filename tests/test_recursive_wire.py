"""Recursive schemas parse to any depth from a real response (tests/cases/recursive)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.emit.write import write_tree
from generator.pipeline import generate
from tests.golden import CASES
from tests.support.server import LoopbackServer, Reply

CLIENT_CODE = """
import sys
from trees import Trees
client = Trees(base_url=sys.argv[1], strict_response_validation=True)
node = client.trees.get_tree(tree_id="t1")
assert node.children[0].children[0].name == "leaf", node
assert node.meta == {"tags": ["a", None, {"n": 1.5}]}, node.meta
folders = client.folders.list_folders()
assert folders[0].files[0].parent.files[0].name == "inner.txt"
assert folders[0].files[1].parent is None
print("ok")
"""


def test_recursive_models_and_alias_parse_nested_responses(
    tmp_path: Path, server: LoopbackServer
) -> None:
    result = generate(
        CASES / "recursive" / "spec.yaml", CASES / "recursive" / "sdk.yaml"
    )
    write_tree(tmp_path / "pkg", result.files)
    tree = {
        "name": "root",
        "children": [{"name": "mid", "children": [{"name": "leaf"}]}],
        "meta": {"tags": ["a", None, {"n": 1.5}]},
    }
    folders = [
        {
            "title": "top",
            "files": [
                {
                    "name": "a.txt",
                    "parent": {"title": "sub", "files": [{"name": "inner.txt"}]},
                },
                {"name": "b.txt", "parent": None},
            ],
        }
    ]
    server.reply(Reply(200, tree), Reply(200, folders))
    done = subprocess.run(
        [sys.executable, "-c", CLIENT_CODE, server.url],
        cwd=tmp_path / "pkg",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok\n"
    assert [r.path for r in server.requests] == ["/trees/t1", "/folders"]
