"""generated/ and every tests/cases/<name>/ fixture match what the generator produces now."""

from __future__ import annotations

import pytest

from generator.emit.tree import read_tree
from generator.pipeline import generate
from tests.golden import (
    ROOT,
    Case,
    cases,
    expected_tree,
    golden_part,
    run_failing,
    unified,
)
from tests.support.generated import CaseMaker


def test_generated_folder_is_the_golden_record_of_the_spec() -> None:
    result = generate(ROOT / "spec" / "openapi.yaml", ROOT / "spec" / "sdk.yaml")
    on_disk = read_tree(ROOT / "generated")
    diff = unified(result.files, on_disk, "generated")
    assert not diff, f"generated/ is stale; run `make generate`:\n{diff}"


@pytest.mark.parametrize(
    "case", [c for c in cases() if not c.expects_failure], ids=lambda c: c.name
)
def test_case_tree(case: Case, generated_case: CaseMaker) -> None:
    diff = unified(
        golden_part(generated_case(case.name).result),
        expected_tree(case),
        f"tests/cases/{case.name}/expected",
    )
    assert not diff, f"golden differs; run `make golden-update` and review:\n{diff}"


@pytest.mark.parametrize(
    "case", [c for c in cases() if c.expects_failure], ids=lambda c: c.name
)
def test_case_fails_with_located_message(case: Case) -> None:
    code, stderr = run_failing(case)
    assert code == 1
    assert stderr == (case.folder / "stderr.txt").read_text(encoding="utf-8")
    assert "Traceback" not in stderr
    assert not (case.folder / "out").exists(), "a failed run must not create --out"
