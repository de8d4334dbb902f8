"""Generated fixture packages shared by the tests of a session (see ``generated_case`` in
tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.emit.write import write_tree
from generator.pipeline import Result, generate
from tests.golden import CASES, Case


@dataclass(frozen=True)
class GeneratedCase:
    """A ``tests/cases/<name>`` fixture, generated and written to disk. Shared: tests read it
    (and import or run it), never change it; a test that needs to edit one makes its own.
    """

    name: str
    result: Result
    root: Path  # the written tree: pyproject.toml, README.md, docs/, the package folder

    @property
    def package(self) -> str:
        return self.result.api.package

    @property
    def package_dir(self) -> Path:
        return self.root / self.package


CaseMaker = Callable[[str], GeneratedCase]


def case_maker(folder: Callable[[str], Path]) -> CaseMaker:
    """A memo of generated cases; ``folder(name)`` gives a fresh, empty folder for one."""
    made: dict[str, GeneratedCase] = {}

    def get(name: str) -> GeneratedCase:
        if name not in made:
            case = Case(name, CASES / name)
            assert not case.expects_failure, f"{name} is a case whose run must fail"
            # The case's own sdk.yaml when it has one, as `make golden-update` makes it.
            result = generate(case.spec, case.config)
            root = folder(name)
            write_tree(root, result.files)
            made[name] = GeneratedCase(name, result, root)
        return made[name]

    return get
