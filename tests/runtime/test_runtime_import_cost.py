"""`import llama_cloud` stays cheap: heavy modules load only when a first call needs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

_PROBE = """
import json, sys
before = set(sys.modules)
import llama_cloud
after_import = set(sys.modules)
client = llama_cloud.LlamaCloud(api_key="k", base_url="http://127.0.0.1:9")
after_client = set(sys.modules)
client.beta.chat
after_resource = set(sys.modules)
print(json.dumps({
    "import": sorted(after_import - before),
    "client": sorted(after_client - before),
    "resource": sorted(after_resource - before),
}))
"""

HEAVY = (
    "httpx",
    "httpcore",
    "pydantic",
    "pydantic_core",
    "click",
    "yaml",
    "anyio",
    "ssl",
)


def _loaded() -> dict[str, list[str]]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    loaded: dict[str, list[str]] = json.loads(done.stdout)
    return loaded


def _top(modules: list[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_import_cost() -> None:
    loaded = _loaded()

    # Importing the package loads none of the heavy dependencies.
    assert not _top(loaded["import"]) & set(HEAVY)

    # A client needs httpx, but neither pydantic (models load with the first resource) nor any
    # resource or type module. (httpx itself imports click when it is installed, for its CLI.)
    assert "httpx" in _top(loaded["client"])
    assert not _top(loaded["client"]) & {"pydantic", "yaml"}
    assert not [
        m
        for m in loaded["client"]
        if m.startswith(("llama_cloud.resources", "llama_cloud.types"))
    ]

    # Using one resource loads that resource, not the CLI.
    assert "llama_cloud.resources.beta.chat" in loaded["resource"]
    assert not _top(loaded["resource"]) & {"yaml"}
    assert not [
        m
        for m in loaded["resource"]
        if m == "llama_cloud._cli" or m.startswith("llama_cloud._cli.")
    ]
