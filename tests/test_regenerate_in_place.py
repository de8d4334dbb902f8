"""Regenerating into a folder the user keeps in git: only the files the generator wrote change.

The fixtures (tests/fixtures/regeneration/) are one small API in two versions (v2 adds createPet,
removes deletePet and the whole "owners" resource) and another API. The command line runs as a
subprocess, as a user runs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.emit.manifest import JOURNAL, MANIFEST
from generator.emit.write import write_tree
from generator.pipeline import generate

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "regeneration"
V1, V2, WEATHER = (
    FIXTURES / n for n in ("pets_v1.yaml", "pets_v2.yaml", "weather.yaml")
)
GIT = shutil.which("git")


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def git(repo: Path, *args: str) -> str:
    assert GIT is not None
    done = subprocess.run(
        [GIT, "-C", str(repo), *args],
        capture_output=True,
        text=True,
        check=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "u",
            "GIT_AUTHOR_EMAIL": "u@example.invalid",
            "GIT_COMMITTER_NAME": "u",
            "GIT_COMMITTER_EMAIL": "u@example.invalid",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(repo.parent),
        },
    )
    return done.stdout


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and mtime, ``.git`` included: 'untouched' means neither changed."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture(scope="module")
def trees() -> dict[str, dict[str, bytes]]:
    return {"v1": generate(V1).files, "v2": generate(V2).files}


def _user_files(sdk: Path) -> dict[str, str]:
    mine = {
        "NOTES.md": "# my notes\n",
        "tests/test_mine.py": "def test_mine() -> None:\n    assert True\n",
        # the user's own module beside the generated ones, and a page in the generated docs
        "pet_shop/extras.py": "EXTRA = 1\n",
        "docs/owners/why.md": "Owners are kept in another service.\n",
    }
    for rel, text in mine.items():
        (sdk / rel).parent.mkdir(parents=True, exist_ok=True)
        (sdk / rel).write_text(text)
    return mine


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_a_git_repository_inside_out_survives_regeneration(
    tmp_path: Path, trees: dict[str, dict[str, bytes]]
) -> None:
    sdk = tmp_path / "sdk"
    assert run("generate", V1, "--out", sdk).returncode == 0
    git(sdk, "init", "-q")
    mine = _user_files(sdk)
    git(sdk, "add", "-A")
    git(sdk, "commit", "-qm", "the SDK and my files")
    head = git(sdk, "rev-parse", "HEAD").strip()

    done = run("generate", V2, "--out", sdk)
    assert done.returncode == 0, done.stderr
    v1, v2 = trees["v1"], trees["v2"]
    changed = {p for p in v1.keys() & v2.keys() if v1[p] != v2[p]}
    added, gone = v2.keys() - v1.keys(), v1.keys() - v2.keys()
    written = len(changed | added)
    assert (
        f"{written} files written, {len(gone)} removed, {len(v2) - written} unchanged"
        in done.stderr
    )
    # history, the user's files and folders: as they were
    assert git(sdk, "rev-parse", "HEAD").strip() == head
    assert "the SDK and my files" in git(sdk, "log", "--oneline")
    assert git(sdk, "fsck", "--no-progress") == ""
    for rel, text in mine.items():
        assert (sdk / rel).read_text() == text
    # git sees exactly the generated changes
    status = {
        line[3:]: line[:2]
        for line in git(
            sdk, "status", "--porcelain", "--untracked-files=all"
        ).splitlines()
    }
    assert status == (
        {p: " M" for p in changed} | {p: "??" for p in added} | {p: " D" for p in gone}
    )
    for rel in gone:
        assert not (sdk / rel).exists()
    # A folder the removal emptied goes; one holding a user's file stays.
    assert not (sdk / "pet_shop" / "types" / "owner.py").exists()
    assert sorted(p.name for p in (sdk / "docs" / "owners").iterdir()) == ["why.md"]
    assert json.loads((sdk / MANIFEST).read_text())["files"].keys() == (
        v2.keys() - {MANIFEST}
    )

    # check: current, and never a word about .git or the user's files
    done = run("check", V2, "--out", sdk)
    assert done.returncode == 0, done.stderr
    done = run("check", V1, "--out", sdk)
    assert done.returncode == 1
    assert ".git" not in done.stderr and "NOTES.md" not in done.stderr
    assert f"{sdk}/docs/pets/create.md: extra" in done.stderr
    assert f"{sdk}/docs/pets/delete.md: missing" in done.stderr

    # An edited generated file is refused, naming it, and the folder is untouched ...
    git(sdk, "add", "-A")
    git(sdk, "commit", "-qm", "v2")
    client = sdk / "pet_shop" / "_client.py"
    client.write_text(client.read_text() + "# my tweak\n")
    before = snapshot(sdk)
    done = run("generate", V1, "--out", sdk)
    assert done.returncode == 1
    assert (
        f"{client}: /: changed since it was generated; not overwritten (--force would)"
        in done.stderr
    )
    assert "Traceback" not in done.stderr
    assert snapshot(sdk) == before
    # ... and overwritten with --force, the user's files still kept.
    done = run("generate", V1, "--out", sdk, "--force")
    assert done.returncode == 0, done.stderr
    assert client.read_bytes() == v1["pet_shop/_client.py"]
    for rel, text in mine.items():
        assert (sdk / rel).read_text() == text
    assert "v2" in git(sdk, "log", "--oneline")


def test_a_folder_generated_for_another_api_is_refused_unless_forced(
    tmp_path: Path, trees: dict[str, dict[str, bytes]]
) -> None:
    sdk = tmp_path / "sdk"
    assert run("generate", V1, "--out", sdk).returncode == 0
    mine = _user_files(sdk)
    before = snapshot(sdk)
    done = run("generate", WEATHER, "--out", sdk)
    assert done.returncode == 1
    assert (
        f"{sdk}: /: generated for another API (package 'pet_shop' from spec 'Pet Shop'; "
        "this run: package 'weather' from spec 'Weather')" in done.stderr
    )
    assert snapshot(sdk) == before
    # --force replaces that SDK's files with this one's; the user's stay.
    done = run("generate", WEATHER, "--out", sdk, "--force")
    assert done.returncode == 0, done.stderr
    assert not (sdk / "pet_shop" / "_client.py").exists()
    assert (sdk / "weather" / "_client.py").exists()
    for rel, text in mine.items():
        assert (sdk / rel).read_text() == text


def test_a_users_file_at_a_path_now_generated_is_refused_unless_forced(
    tmp_path: Path, trees: dict[str, dict[str, bytes]]
) -> None:
    sdk = tmp_path / "sdk"
    assert run("generate", V1, "--out", sdk).returncode == 0
    page = (
        sdk / "docs" / "pets" / "create.md"
    )  # v2 generates it; v1's manifest lacks it
    page.write_text("my own page\n")
    before = snapshot(sdk)
    done = run("generate", V2, "--out", sdk)
    assert done.returncode == 1
    assert f"{page}: /: not generated here (not in {MANIFEST})" in done.stderr
    assert snapshot(sdk) == before
    assert run("generate", V2, "--out", sdk, "--force").returncode == 0
    assert page.read_bytes() == trees["v2"]["docs/pets/create.md"]


def test_an_edited_file_the_spec_no_longer_generates_is_not_removed_unless_forced(
    tmp_path: Path,
) -> None:
    sdk = tmp_path / "sdk"
    assert run("generate", V1, "--out", sdk).returncode == 0
    owners = sdk / "pet_shop" / "resources" / "owners.py"
    owners.write_text(owners.read_text() + "# mine now\n")
    before = snapshot(sdk)
    done = run("generate", V2, "--out", sdk)
    assert done.returncode == 1
    assert f"{owners}: /: changed since it was generated; not removed" in done.stderr
    assert snapshot(sdk) == before
    assert run("generate", V2, "--out", sdk, "--force").returncode == 0
    assert not owners.exists()


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_a_folder_from_before_manifests_is_regenerated_without_losing_user_files(
    tmp_path: Path, trees: dict[str, dict[str, bytes]]
) -> None:
    """No manifest (written by an earlier version): this run's paths and the files carrying the
    generator's header are its; nothing else is removed or overwritten."""
    sdk = tmp_path / "sdk"
    for rel, data in trees["v1"].items():  # as the swapping writer left it: no manifest
        if rel != MANIFEST:
            (sdk / rel).parent.mkdir(parents=True, exist_ok=True)
            (sdk / rel).write_bytes(data)
    git(sdk, "init", "-q")
    mine = _user_files(sdk)
    git(sdk, "add", "-A")
    git(sdk, "commit", "-qm", "legacy")
    # A file of the user's where the generator writes one with its header: taken as theirs.
    readme = sdk / "README.md"
    readme.write_text("# my own readme\n")
    before = snapshot(sdk)
    done = run("generate", V2, "--out", sdk)
    assert done.returncode == 1
    assert f"{readme}: /: not generated here" in done.stderr
    assert snapshot(sdk) == before
    git(sdk, "checkout", "--", "README.md")

    done = run("generate", V2, "--out", sdk)
    assert done.returncode == 0, done.stderr
    assert "legacy" in git(sdk, "log", "--oneline")
    for rel, text in mine.items():
        assert (sdk / rel).read_text() == text
    v2 = trees["v2"]
    for rel in (
        trees["v1"].keys() - v2.keys()
    ):  # stale generated files: they carry the header
        assert not (sdk / rel).exists(), rel
    for rel, data in v2.items():
        assert (sdk / rel).read_bytes() == data
    assert run("check", V2, "--out", sdk).returncode == 0


def test_a_legacy_folder_for_another_api_is_refused(
    tmp_path: Path, trees: dict[str, dict[str, bytes]]
) -> None:
    sdk = tmp_path / "sdk"
    for rel, data in trees["v1"].items():
        if rel != MANIFEST:
            (sdk / rel).parent.mkdir(parents=True, exist_ok=True)
            (sdk / rel).write_bytes(data)
    before = snapshot(sdk)
    done = run("generate", WEATHER, "--out", sdk)
    assert done.returncode == 1
    assert "generated for another API (distribution 'pet-shop'" in done.stderr
    assert snapshot(sdk) == before


@pytest.mark.parametrize("damage", ["merge conflict", "lists .git", "lists ../"])
def test_a_damaged_manifest_is_refused_with_how_to_recover(
    tmp_path: Path, damage: str
) -> None:
    sdk = tmp_path / "sdk"
    assert run("generate", V1, "--out", sdk).returncode == 0
    (sdk / ".git").mkdir()
    (sdk / ".git" / "config").write_text("[core]\n")
    (tmp_path / "elsewhere.txt").write_text("not the SDK's\n")
    manifest = sdk / MANIFEST
    text = manifest.read_text()
    if damage == "merge conflict":
        manifest.write_text("<<<<<<< HEAD\n" + text + ">>>>>>> theirs\n")
    else:
        listed = json.loads(text)
        rel = ".git/config" if damage == "lists .git" else "../elsewhere.txt"
        listed["files"][rel] = "0" * 64
        manifest.write_text(json.dumps(listed))
    before = snapshot(sdk)
    done = run("generate", V2, "--out", sdk)
    assert done.returncode == 1
    assert f"{manifest}: /: cannot read the manifest of this folder" in done.stderr
    assert "delete it to regenerate" in done.stderr
    assert snapshot(sdk) == before
    assert (tmp_path / "elsewhere.txt").read_text() == "not the SDK's\n"
    assert run("generate", V1, "--out", sdk, "--force").returncode == 1  # --force too
    assert snapshot(sdk) == before


def test_a_folder_holding_only_hidden_entries_is_generated_into(tmp_path: Path) -> None:
    """A fresh clone (``.git`` only): no generated path starts with a dot, so nothing collides.
    A folder with visible files of someone else's still needs --force."""
    sdk = tmp_path / "sdk"
    (sdk / ".git").mkdir(parents=True)
    (sdk / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    assert run("generate", V1, "--out", sdk).returncode == 0
    assert (sdk / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    other = tmp_path / "project"
    other.mkdir()
    (other / "main.py").write_text("print('mine')\n")
    done = run("generate", V1, "--out", other)
    assert done.returncode == 1 and "did not create" in done.stderr
    assert sorted(p.name for p in other.iterdir()) == ["main.py"]
    assert run("generate", V1, "--out", other, "--force").returncode == 0
    assert (other / "main.py").read_text() == "print('mine')\n"
    assert (other / "pet_shop" / "_client.py").exists()


def test_nothing_is_written_through_a_link_in_out(tmp_path: Path) -> None:
    sdk = tmp_path / "sdk"
    assert run("generate", V1, "--out", sdk).returncode == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("outside\n")
    # a generated folder replaced by a link: refused even with --force
    docs = sdk / "docs" / "pets"
    shutil.rmtree(docs)
    docs.symlink_to(outside, target_is_directory=True)
    for extra in ((), ("--force",)):
        done = run("generate", V2, "--out", sdk, *extra)
        assert done.returncode == 1
        assert f"{docs}: /: is a symbolic link where this run generates a folder" in (
            done.stderr
        )
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]
    docs.unlink()
    # a generated file replaced by a link: an edit; --force replaces the link, not its target
    pet = sdk / "pet_shop" / "types" / "pet.py"
    pet.unlink()
    pet.symlink_to(outside / "keep.txt")
    done = run("generate", V2, "--out", sdk)
    assert done.returncode == 1 and f"{pet}: /: changed since it was generated" in (
        done.stderr
    )
    assert run("generate", V2, "--out", sdk, "--force").returncode == 0
    assert not pet.is_symlink() and (outside / "keep.txt").read_text() == "outside\n"


def test_check_reports_a_run_that_did_not_finish(tmp_path: Path) -> None:
    sdk = tmp_path / "sdk"
    assert run("generate", V1, "--out", sdk).returncode == 0
    (sdk / JOURNAL).write_text("{}")
    done = run("check", V1, "--out", sdk)
    assert done.returncode == 1
    assert f"{sdk / JOURNAL}: left by a run that did not finish" in done.stderr


def test_a_removed_module_takes_its_bytecode_and_emptied_folders_with_it(
    tmp_path: Path, trees: dict[str, dict[str, bytes]]
) -> None:
    sdk = tmp_path / "sdk"
    write_tree(sdk, trees["v1"])
    resources = sdk / "pet_shop" / "resources" / "__pycache__"
    resources.mkdir()
    for name in (
        "owners.cpython-311.pyc",
        "owners.cpython-312.pyc",
        "pets.cpython-311.pyc",
    ):
        (resources / name).write_bytes(b"")
    types = sdk / "pet_shop" / "types" / "__pycache__"
    types.mkdir()
    (types / "owner.cpython-311.pyc").write_bytes(b"")
    (
        sdk / "docs" / "owners" / "__pycache__"
    ).mkdir()  # not bytecode of a removed module
    outcome = write_tree(sdk, trees["v2"])
    assert sorted(outcome.removed) == sorted(trees["v1"].keys() - trees["v2"].keys())
    assert sorted(p.name for p in resources.iterdir()) == ["pets.cpython-311.pyc"]
    assert not types.exists() and (sdk / "pet_shop" / "types" / "pet.py").exists()
    assert sorted(p.name for p in (sdk / "docs" / "owners").iterdir()) == [
        "__pycache__"
    ]
