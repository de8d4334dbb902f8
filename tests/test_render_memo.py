"""A regeneration takes unchanged files from the output folder it replaces, and only those.

Each test generates into a folder (with a cache), changes something, generates again into it, and
compares the tree with a plain generation of the same input (no cache, nothing to reuse).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import pipeline
from generator.cache import Cache
from generator.diagnostics import GenerationError
from generator.emit.write import Staging
from generator.render import memo as memo_module
from tests.bench.run import edit_one_operation

ROOT = Path(__file__).resolve().parent.parent
PARAMS = ROOT / "tests" / "cases" / "params" / "spec.yaml"


def _generate_into(
    out: Path, spec: Path, cache_dir: Path, *, force: bool = False
) -> pipeline.Result:
    staging = Staging(out, force=force)
    try:
        result = pipeline.generate(spec, cache=Cache(cache_dir), staging=staging)
        staging.commit(result.files)
    finally:
        staging.discard()
    return result


def _write(spec: Path, document: dict[str, Any]) -> None:
    spec.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))


@pytest.fixture
def generated(tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    """(spec, out) after a first generation; the spec's document."""
    document = yaml.safe_load(PARAMS.read_text())
    spec = tmp_path / "spec" / "spec.yaml"
    spec.parent.mkdir()
    _write(spec, document)
    out = tmp_path / "out"
    first = _generate_into(out, spec, tmp_path / "cache")
    assert not first.reused  # nothing to take from an empty folder
    return spec, out, document


def test_after_a_one_operation_edit_only_that_operations_files_are_made_again(
    generated: tuple[Path, Path, dict[str, Any]], tmp_path: Path
) -> None:
    spec, out, document = generated
    edit_one_operation(document)
    _write(spec, document)
    again = _generate_into(out, spec, tmp_path / "cache")
    assert again.files == pipeline.generate(spec).files  # as if made from scratch
    made_again = {p for p in again.files if p not in again.reused}
    local = {
        p
        for p in again.files
        if (p.startswith("docs/") and p != "docs/api.md")
        or p.startswith(("palette/types/", "palette/resources/"))
        # the package inits list every module; a nested resource's __init__ is its module
        and p not in ("palette/types/__init__.py", "palette/resources/__init__.py")
    }
    assert len(local) > 20
    # of the files rendered from one operation or model, only the edited operation's page and
    # the modules of its resource and of the resources it hangs under (REST names nest it:
    # cookie.form) are made again
    remade = sorted(made_again & local)
    assert remade == [
        "docs/cookie/form/list.md",
        "palette/resources/cookie/__init__.py",
        "palette/resources/cookie/form.py",
    ], remade
    assert again.reused == local - made_again


def test_a_file_changed_by_hand_is_made_again_not_trusted(
    generated: tuple[Path, Path, dict[str, Any]], tmp_path: Path
) -> None:
    spec, out, _ = generated
    page = next(p for p in sorted(out.rglob("*.md")) if p.parent.name != "out")
    model = next(p for p in sorted(out.rglob("types/*.py")) if p.name != "__init__.py")
    original = {page: page.read_bytes(), model: model.read_bytes()}
    page.write_text(page.read_text() + "\nedited by hand\n")
    model.write_bytes(b"")
    with pytest.raises(GenerationError):  # edited: refused without --force
        _generate_into(out, spec, tmp_path / "cache")
    assert page.read_text().endswith("edited by hand\n") and model.read_bytes() == b""
    again = _generate_into(out, spec, tmp_path / "cache", force=True)
    for path, data in original.items():
        assert path.read_bytes() == data
        assert path.relative_to(out).as_posix() not in again.reused
    assert again.files == pipeline.generate(spec).files


def test_a_changed_template_makes_its_files_again(
    generated: tuple[Path, Path, dict[str, Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spec, out, _ = generated
    templates = tmp_path / "templates"
    shutil.copytree(pipeline.TEMPLATES_DIR, templates)
    page = templates / "docs" / "operation.md.jinja"
    page.write_text(page.read_text() + "\nA line the templates gained.\n")
    monkeypatch.setattr(pipeline, "TEMPLATES_DIR", templates)
    memo_module._code_digest.cache_clear()
    again = _generate_into(out, spec, tmp_path / "cache")
    pages = [p for p in again.files if p.startswith("docs/") and p != "docs/api.md"]
    assert pages and not any(p in again.reused for p in pages)
    assert all(
        again.files[p].endswith(b"A line the templates gained.\n") for p in pages
    )


def test_check_makes_every_file(
    generated: tuple[Path, Path, dict[str, Any]], tmp_path: Path
) -> None:
    spec, _, _ = generated
    # without staging (``check``) nothing is taken from the folder
    result = pipeline.generate(spec, cache=Cache(tmp_path / "cache"))
    assert not result.reused


def test_another_black_makes_every_python_file_again(
    generated: tuple[Path, Path, dict[str, Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file taken from the folder was formatted by the black of the run that wrote it."""
    spec, out, _ = generated
    monkeypatch.setattr(memo_module, "formatter_salt", lambda: "another black")
    again = _generate_into(out, spec, tmp_path / "cache")
    assert not any(p.endswith(".py") for p in again.reused)


def test_only_files_the_manifest_lists_are_read_from_the_folder(
    generated: tuple[Path, Path, dict[str, Any]],
) -> None:
    _, out, _ = generated
    listed = next(p for p in sorted(out.rglob("types/*.py")) if p.name != "__init__.py")
    rel = listed.relative_to(out).as_posix()
    (out / "NOTES.md").write_text("the user's")
    staging = Staging(out)
    assert staging.generated_bytes(rel) == listed.read_bytes()
    assert staging.generated_bytes("NOTES.md") is None  # not listed: never read
    # A listed path that is now a link is not followed.
    listed.unlink()
    listed.symlink_to(out / "NOTES.md")
    assert Staging(out).generated_bytes(rel) is None
