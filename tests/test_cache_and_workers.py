"""The cache and the worker processes change how fast a package is made, never what it is.

Every test compares against a plain run (no cache, one process): same bytes, same findings.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pipeline
from generator.cache import Cache
from generator.diagnostics import GenerationError
from generator.emit import format as format_module
from generator.spec import validate as validate_module
from generator.spec.findings import Finding
from generator.spec.validate import validation_key

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
COMPOSITION = CASES / "composition" / "spec.yaml"


def _plain(spec: Path, **kwargs: object) -> pipeline.Result:
    return pipeline.generate(spec, lenient=True, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small fixtures fork workers too, as a big document would."""
    monkeypatch.setattr(pipeline, "_PARALLEL_MIN_BYTES", 0)


def test_warm_cache_and_workers_give_the_same_bytes(
    tmp_path: Path, always_parallel: None
) -> None:
    plain = _plain(COMPOSITION)
    cache = Cache(tmp_path / "cache")
    cold = _plain(COMPOSITION, cache=cache, jobs=2)
    assert cache.hits == 0 and cache.misses > 0
    warm_cache = Cache(tmp_path / "cache")
    warm = _plain(COMPOSITION, cache=warm_cache, jobs=2)
    assert warm_cache.misses == 0 and warm_cache.hits > 0
    assert cold.files == plain.files
    assert warm.files == plain.files
    assert [d.format() for d in warm.warnings] == [d.format() for d in plain.warnings]


def test_an_edit_reformats_only_the_files_it_changes(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    shutil.copy(COMPOSITION, spec)
    _plain(spec, cache=Cache(tmp_path / "cache"))
    text = spec.read_text()
    assert "title: Zoo" in text
    spec.write_text(text.replace("title: Zoo", "title: Zoo Two", 1))
    cache = Cache(tmp_path / "cache")
    edited = _plain(spec, cache=cache)
    assert edited.files == _plain(spec).files
    # The title reaches a few modules (client, docs), not the models.
    assert 0 < cache.misses < cache.hits


def test_a_one_operation_edit_reformats_only_that_operations_methods(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build's common case: one operation's wording changes in a module of several. black
    reformats its sync and async methods, not the module they sit in."""
    # Modules as short as this fixture's are normally formatted whole.
    monkeypatch.setattr(format_module, "CUT_ABOVE", 0)
    spec = tmp_path / "spec.yaml"
    shutil.copy(COMPOSITION, spec)
    _plain(spec, cache=Cache(tmp_path / "cache"))
    text = spec.read_text()
    marker = "      operationId: add_animal\n"
    assert marker in text
    spec.write_text(
        text.replace(marker, marker + "      summary: Adopt an animal\n", 1)
    )
    formatted: list[str] = []

    def spy(batch: list[format_module.Work]) -> list[tuple[str, str | None]]:
        formatted.extend(
            text.split("(")[0].strip() + (" (twin)" if twin is not None else "")
            for text, _, twin in batch
        )
        return real(batch)

    real = format_module.format_pieces
    monkeypatch.setattr(format_module, "format_pieces", spy)
    edited = _plain(spec, cache=Cache(tmp_path / "cache"))
    # the async method goes with its sync twin, which black leaves alone: so does the worker
    # operationId add_animal on post /animals: REST-named ``create``
    assert sorted(formatted) == ["async def create (twin)", "def create"]
    monkeypatch.setattr(format_module, "format_pieces", real)
    assert edited.files == _plain(spec).files
    resource = next(
        t for p, t in edited.files.items() if p.endswith("resources/animals.py")
    )
    assert b"Adopt an animal" in resource


def test_damaged_entries_are_misses(tmp_path: Path) -> None:
    _plain(COMPOSITION, cache=Cache(tmp_path / "cache"))
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert entries
    for i, entry in enumerate(entries):
        data = entry.read_bytes()
        # Truncated, flipped, or emptied: each must fail the checksum.
        entry.write_bytes([data[: len(data) // 2], data[:-1] + b"#", b""][i % 3])
    cache = Cache(tmp_path / "cache")
    again = _plain(COMPOSITION, cache=cache)
    assert cache.hits == 0
    assert again.files == _plain(COMPOSITION).files


def test_validator_findings_come_from_the_cache_when_the_spec_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "spec.yaml"
    # A finding the validator reports, so the cached list is not empty.
    spec.write_text(
        COMPOSITION.read_text().replace("openapi: 3.0.3", "openapi: 3.0.3\nbogus: 1", 1)
    )
    first = _plain(spec, cache=Cache(tmp_path / "cache"))
    assert any("bogus" in d.message for d in first.warnings)

    def refuse(docs: object) -> list[Finding]:
        raise AssertionError("validator ran although its findings were cached")

    monkeypatch.setattr(pipeline, "validator_findings", refuse)
    second = _plain(spec, cache=Cache(tmp_path / "cache"))
    assert [d.format() for d in second.warnings] == [d.format() for d in first.warnings]
    spec.write_text(spec.read_text() + "\n# one byte more\n")
    with pytest.raises(AssertionError, match="validator ran"):
        _plain(spec, cache=Cache(tmp_path / "cache"))


def test_strict_errors_are_the_same_with_workers(
    tmp_path: Path, always_parallel: None
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        COMPOSITION.read_text().replace("openapi: 3.0.3", "openapi: 3.0.3\nbogus: 1", 1)
    )
    messages = []
    for jobs in (1, 2):
        with pytest.raises(GenerationError) as caught:
            pipeline.generate(spec, jobs=jobs)
        messages.append([d.format() for d in caught.value.diagnostics])
    assert messages[0] == messages[1]
    assert "bogus" in messages[0][0]


def test_a_dangling_reference_is_reported_alike_with_workers(
    tmp_path: Path, always_parallel: None
) -> None:
    """With workers, the validator starts before the references are checked; a reference the
    check refuses is still the one error reported, in strict and lenient runs alike."""
    spec = tmp_path / "spec.yaml"
    shutil.copy(CASES / "error_dangling_ref" / "spec.yaml", spec)
    for lenient in (False, True):
        outcomes = []
        for jobs in (1, 2):
            try:
                result = pipeline.generate(spec, jobs=jobs, lenient=lenient)
                outcomes.append([d.format() for d in result.warnings])
            except GenerationError as exc:
                outcomes.append([d.format() for d in exc.diagnostics])
        assert outcomes[0] == outcomes[1]
        assert any("points at nothing" in line for line in outcomes[0])


def _bogus_spec(tmp_path: Path) -> Path:
    """The composition fixture with one finding the validator reports."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        COMPOSITION.read_text().replace("openapi: 3.0.3", "openapi: 3.0.3\nbogus: 1", 1)
    )
    return spec


# Stand-ins for the validator's worker task (pickled by name into the forked worker).
_WORKER_FINDING = Finding((), ("info",), "found by the worker", "found by the worker")


def _worker_read_this_document(
    spec: Path, limits: pipeline.Limits, cache: Cache
) -> tuple[str, list[Finding]]:
    docs = pipeline.load_documents(spec, limits)
    return validation_key(docs), [_WORKER_FINDING]


def _worker_read_another_document(
    spec: Path, limits: pipeline.Limits, cache: Cache
) -> tuple[str, list[Finding]]:
    return "0" * 64, [_WORKER_FINDING]


def _worker_could_not_read(spec: Path, limits: pipeline.Limits, cache: Cache) -> None:
    return None


_REAL_VALIDATE_FILE = pipeline._validate_file


def _worker_noting_its_pid(
    spec: Path, limits: pipeline.Limits, cache: Cache
) -> tuple[str, list[Finding]] | None:
    Path(os.environ["VALIDATOR_PID_NOTE"]).write_text(str(os.getpid()))
    return _REAL_VALIDATE_FILE(spec, limits, cache)


def test_the_validators_worker_reads_the_document_itself(
    tmp_path: Path, always_parallel: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its findings are the run's when it read the same document as the main process."""
    spec = _bogus_spec(tmp_path)
    monkeypatch.setattr(pipeline, "_validate_file", _worker_read_this_document)
    result = pipeline.generate(spec, jobs=2, lenient=True)
    assert [d.message for d in result.warnings] == ["found by the worker"]


@pytest.mark.parametrize(
    "worker", [_worker_read_another_document, _worker_could_not_read]
)
def test_the_main_process_validates_what_the_worker_did_not_read(
    tmp_path: Path,
    always_parallel: None,
    monkeypatch: pytest.MonkeyPatch,
    worker: object,
) -> None:
    """The file changed between the two reads, or the worker could not read it: the findings
    are the main process's own, as in a run without workers."""
    spec = _bogus_spec(tmp_path)
    alone = pipeline.generate(spec, jobs=1, lenient=True)
    monkeypatch.setattr(pipeline, "_validate_file", worker)
    result = pipeline.generate(spec, jobs=2, lenient=True)
    assert [d.format() for d in result.warnings] == [d.format() for d in alone.warnings]
    assert any("bogus" in d.message for d in result.warnings)
    assert result.files == alone.files


def test_a_small_root_with_big_parts_still_validates_in_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether to fork goes by the root file's size before it is read, and by all the files'
    once they are: a document split into parts is not left to one process."""
    spec = CASES / "external_ref" / "spec.yaml"
    total = sum(p.stat().st_size for p in (CASES / "external_ref").glob("**/*.yaml"))
    monkeypatch.setattr(pipeline, "_PARALLEL_MIN_BYTES", spec.stat().st_size + 1)
    assert total > pipeline._PARALLEL_MIN_BYTES
    note = tmp_path / "pid"
    monkeypatch.setenv("VALIDATOR_PID_NOTE", str(note))
    monkeypatch.setattr(pipeline, "_validate_file", _worker_noting_its_pid)
    result = pipeline.generate(spec, jobs=2, lenient=True)
    assert note.exists() and int(note.read_text()) != os.getpid()
    assert result.files == pipeline.generate(spec, lenient=True).files


def test_an_unwritable_cache_is_no_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder would go")
    result = _plain(COMPOSITION, cache=Cache(blocker))
    assert result.files == _plain(COMPOSITION).files


def test_cli_cache_flags(tmp_path: Path) -> None:
    def run(*flags: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "generator", "generate", str(COMPOSITION)]
            + ["--out", str(tmp_path / "out"), *flags],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr

    run("--no-cache", "--cache-dir", str(tmp_path / "unused"))
    assert not (tmp_path / "unused").exists()
    run("--cache-dir", str(tmp_path / "used"), "--jobs", "2")
    assert any(p.is_file() for p in (tmp_path / "used").rglob("*"))


def test_compiled_templates_are_reused_until_a_template_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2

    from generator.ir.build import build_api
    from generator.render.environment import TEMPLATES_DIR, render_each
    from generator.settings import Settings

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    docs = pipeline.load_documents(COMPOSITION, pipeline.Limits())
    api = build_api(docs, Settings(), [])
    cache = Cache(tmp_path / "cache")

    def render() -> dict[str, str]:
        return {p: t for p, t, _ in render_each(api, "spec.yaml", templates, cache)}

    plain = {p: t for p, t, _ in render_each(api, "spec.yaml", templates)}
    assert render() == plain
    assert any((tmp_path / "cache" / "v1" / "jinja").rglob("*"))
    with monkeypatch.context() as patch:

        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError("a template was compiled again")

        patch.setattr(jinja2.Environment, "compile", refuse)
        assert render() == plain  # from the compiled code in the cache
    readme = templates / "package" / "README.md.jinja"
    readme.write_text("edited\n" + readme.read_text())
    edited = render()
    assert edited["README.md"].startswith("edited\n")
    assert {p: t for p, t in edited.items() if p != "README.md"} == {
        p: t for p, t in plain.items() if p != "README.md"
    }


def test_pruning_keeps_a_bucket_under_its_cap_dropping_the_least_recently_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import cache as cache_module

    monkeypatch.setattr(cache_module, "_MAX_ENTRIES", 4)
    writer = Cache(tmp_path / "cache")
    keys = [f"{i:02x}" * 32 for i in range(10)]
    for i, key in enumerate(keys):
        writer.put("black", key, f"value {i}".encode())
        entry = tmp_path / "cache" / "v1" / "black" / key[:2] / key
        os.utime(entry, (1_000_000 + i, 1_000_000 + i))  # entry i used at time i
    other = Cache(tmp_path / "cache")
    for key in keys:
        other.put("jinja", key, b"not written by the run that prunes")
    writer.prune()
    reader = Cache(tmp_path / "cache")
    kept = [key for key in keys if reader.get("black", key, count=False) is not None]
    assert kept == keys[5:]  # the oldest half went
    assert all(reader.get("jinja", key, count=False) is not None for key in keys)
