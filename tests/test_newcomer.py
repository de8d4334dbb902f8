"""A new user's path, as the README tells it: install the generator from a clone, generate an SDK
from their own spec, install it, make a first call and run a first command.

The README's walkthrough block runs in bash as it stands, in a fresh virtual environment, with
three things changed for a test machine: the environment sees this project's ``.venv`` libraries
through a ``.pth`` file (written right after the walkthrough creates it), pip works offline
(``PIP_NO_INDEX``, ``PIP_NO_DEPS``, no build isolation: hatchling comes from ``.venv`` too) and the
API's address is the loopback server's. Everything else (the commands, their order, the names
the SDK gets) is the README's, so the walkthrough cannot drift from what works.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.support.server import LoopbackServer, Reply

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tests" / "newcomer" / "my-api.yaml"
MARK = "<!-- tests/test_newcomer.py runs this block"
VENV_LINE = "python3 -m venv ~/sdk-env"
ADDRESS = "http://127.0.0.1:8000"


def walkthrough(readme: str) -> str:
    """The first ``sh`` block after the marker comment in ``readme``."""
    start = readme.index(MARK)
    block = re.compile(r"^```sh\n(.*?)^```$", re.MULTILINE | re.DOTALL)
    found = block.search(readme, start)
    assert found is not None, "README.md: no sh block after the walkthrough marker"
    return found.group(1)


def offline(script: str, url: str) -> str:
    """The walkthrough with the two test-machine changes that must be made inside it."""
    assert script.count(VENV_LINE) == 1, f"the walkthrough no longer runs {VENV_LINE!r}"
    assert script.count(ADDRESS) == 1, f"the walkthrough no longer names {ADDRESS}"
    libraries = sysconfig.get_path("purelib")  # this project's .venv: running the tests
    link = (
        "echo "
        + _quote(libraries)
        + ' > "$(~/sdk-env/bin/python -c \'import sysconfig; print(sysconfig.get_path("purelib"))\')'
        + '/project-libraries.pth"'
    )
    lines = []
    for line in script.replace(ADDRESS, url).splitlines():
        lines.append(line)
        if line.startswith(VENV_LINE):
            lines.append(link)
    return "set -euxo pipefail\n" + "\n".join(lines) + "\n"


def _install_blocks(readme: str) -> list[str]:
    """The ``sh`` blocks of a generated README's Install section."""
    section = readme[readme.index("## Install") :]
    section = section[: section.index("\n## ", 1)]
    return re.findall(r"^```sh\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def test_the_readme_walkthrough_takes_a_spec_to_a_working_sdk(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    (work / "openapi-sdk-gen").symlink_to(ROOT, target_is_directory=True)
    shutil.copy(SPEC, work / "my-api.yaml")
    pets = [{"id": 1, "name": "Rex"}, {"id": 2, "name": "Tom"}]
    server = LoopbackServer(Reply(200, pets)).start()
    try:
        script = offline(
            walkthrough((ROOT / "README.md").read_text("utf-8")), server.url
        )
        env = {
            "HOME": str(home),
            # This interpreter's python3 first: the .pth file links libraries built for it.
            "PATH": os.pathsep.join(
                [str(Path(sys.executable).parent), "/usr/bin", "/bin"]
            ),
            "PIP_NO_INDEX": "1",
            "PIP_NO_DEPS": "1",
            "PIP_NO_BUILD_ISOLATION": "0",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PIP_NO_CACHE_DIR": "1",
            "GENERATOR_CACHE_DIR": str(tmp_path / "cache"),
            "LANG": "C.UTF-8",
        }
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        requests = list(server.requests)
    finally:
        server.stop()

    # The first call and the CLI command both reached the API, with the argument given.
    assert [(r.method, r.path, r.query) for r in requests] == [
        ("GET", "/pets", {"limit": ["2"]}),
        ("GET", "/pets", {"limit": ["2"]}),
    ]
    # pip's own lines come first; then what the call printed, then the command's output.
    _, call, command = re.split(r"^(\[Pet\(.*)$", done.stdout, maxsplit=1, flags=re.M)
    assert call == "[Pet(id=1, name='Rex'), Pet(id=2, name='Tom')]", done.stdout
    assert [p["name"] for p in json.loads(command)] == ["Rex", "Tom"], done.stdout
    assert "my-sdk: " in done.stderr and "files written" in done.stderr

    # The SDK's own README: its wheel, built and installed as it says, is the package.
    wheel_steps = _install_blocks((work / "my-sdk" / "README.md").read_text("utf-8"))[1]
    assert "pip wheel" in wheel_steps, wheel_steps
    rebuilt = subprocess.run(
        [
            "bash",
            "-c",
            "set -euxo pipefail\n. ~/sdk-env/bin/activate\npip uninstall -y my-api\n"
            + wheel_steps
            + "cd / && my-api --help",
        ],
        cwd=work / "my-sdk",
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert [p.name for p in (work / "my-sdk" / "dist").iterdir()] == [
        "my_api-0.1.0-py3-none-any.whl"
    ]
    assert "pets" in rebuilt.stdout

    # The generator ran from the environment, not from the clone: its templates came with it.
    env_python = home / "sdk-env" / "bin" / "python"
    where = subprocess.run(
        [env_python, "-c", "import generator.render as r; print(r.TEMPLATES_DIR)"],
        capture_output=True,
        text=True,
        env={"PATH": env["PATH"]},
        cwd=work,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(home / "sdk-env")), where
    assert (Path(where) / "runtime" / "_base_client.py").is_file()


def test_usage_names_the_command_as_it_was_run() -> None:
    """The installed command says ``openapi-sdk-gen``, the module says ``python -m generator``:
    either way the usage line is a command the user can type."""
    script = Path(sys.executable).parent / "openapi-sdk-gen"
    for command, prog in (
        ([str(script)], "openapi-sdk-gen"),
        ([sys.executable, "-m", "generator"], "python -m generator"),
    ):
        done = subprocess.run(
            [*command, "generate"], capture_output=True, text=True, cwd=ROOT
        )
        assert done.returncode == 2
        assert done.stderr.startswith(f"usage: {prog} generate "), done.stderr
