"""generated/ is an installable distribution: a wheel builds and carries the package, its types
marker and the CLI entry point."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_generated_folder_builds_a_complete_wheel(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT / "generated"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("llama_cloud-0.1.0-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "llama_cloud/__init__.py",
        "llama_cloud/py.typed",
        "llama_cloud/_base_client.py",
        "llama_cloud/resources/beta/chat.py",
        "llama_cloud/types/chat_create_response.py",
    } <= names
    assert not [n for n in names if "__pycache__" in n]
    metadata = (
        zipfile.ZipFile(wheel)
        .read("llama_cloud-0.1.0.dist-info/entry_points.txt")
        .decode()
    )
    assert "llamacloud-prod = llama_cloud._cli:main" in metadata
    requires = (
        zipfile.ZipFile(wheel).read("llama_cloud-0.1.0.dist-info/METADATA").decode()
    )
    assert "Requires-Dist: httpx" in requires and "Requires-Dist: pydantic" in requires
