"""Formatting a module piece by piece gives exactly what black gives on the whole module.

The generator formats pieces (top-level statements, methods) so that an edit reformats only what
changed; black on the whole file stays the reference. Checked on every module the templates render
for the golden specs, and on a module written to hit black's blank-line rules.
"""

from __future__ import annotations

from pathlib import Path

import black
import pytest

from generator.emit import format as format_module
from generator.emit.format import black_mode, format_tree
from generator.emit.pieces import cut, join
from generator.ir.build import build_api
from generator.pipeline import load_documents
from generator.render.environment import render_each
from generator.settings import Settings, load_settings

from .golden import ROOT, cases

SPECS = [(ROOT / "spec" / "openapi.yaml", ROOT / "spec" / "sdk.yaml")] + [
    (case.spec, case.config) for case in cases() if not case.expects_failure
]


def _whole(text: str) -> str:
    return black.format_str(text, mode=black_mode())


@pytest.fixture(autouse=True)
def cut_every_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short modules are normally formatted whole; here every module is cut."""
    monkeypatch.setattr(format_module, "CUT_ABOVE", 0)


@pytest.mark.parametrize("spec,config", SPECS, ids=lambda p: p.parent.name if p else "")
def test_rendered_modules_format_the_same_in_pieces(
    spec: Path, config: Path | None
) -> None:
    settings = load_settings(config, str(config)) if config else Settings()
    api = build_api(load_documents(spec), settings, [])
    modules = {
        path: text
        for path, text, how in render_each(api, spec.name)
        if path.endswith(".py") and how == "rendered"
    }
    assert modules
    by_pieces = format_tree(modules)
    mismatched = [
        path for path, text in modules.items() if by_pieces[path] != _whole(text)
    ]
    assert mismatched == []


# Blank lines that are not black's (0, 3, 4 of them), comments above and between statements,
# overloads, a class with attributes and methods, one with a single method, a nested class,
# a block holding a function, statements that no blank line separates.
AWKWARD = '''# header comment
"""Module docstring."""
from __future__ import annotations
import os



import sys
from typing import TYPE_CHECKING, overload


if TYPE_CHECKING:
    def helper() -> None: ...
X = 1

Y = {'a':1,
  'b':2}
# a comment about Z

Z = 3
class A:
    """Doc."""
    a: int = 1

    b: str = 'x'



    def f(self, a,
          b): return a

    # about g
    @property
    def g(self) -> int:
        return 1



    class Inner:
        x = 1

    @overload
    def h(self, x: int) -> int: ...

    @overload
    def h(self, x: str) -> str: ...
    def h(self, x): return x

    c = 2

    # trailing comment in A



class B:
    def only(self): pass

def top(x=[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31]): pass
async def atop(): await x


if sys.version_info >= (3, 11):
    import tomllib
else:
    tomllib = None

@decorator
class C:
    def a(self): ...

    def b(self): ...

    def c(self): ...
print(1)




# closing comment
'''


def test_awkward_module_formats_the_same_in_pieces() -> None:
    pieces = cut(AWKWARD)
    assert len(pieces) > 8 and any(p.member for p in pieces)
    assert format_tree({"m.py": AWKWARD})["m.py"] == _whole(AWKWARD)


def test_pieces_join_back_into_the_module() -> None:
    formatted = _whole(AWKWARD)
    pieces = cut(formatted)
    assert join([p.text for p in pieces], pieces) == formatted


def test_a_piece_black_refuses_sends_its_module_to_black_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = format_module.format_pieces

    def refuse_members(
        batch: list[format_module.Work],
    ) -> list[tuple[str, str | None]]:
        return [
            (text, "refused") if member else result
            for (text, member, _), result in zip(batch, real(batch))
        ]

    monkeypatch.setattr(format_module, "format_pieces", refuse_members)
    assert any(p.member for p in cut(AWKWARD))
    assert format_tree({"m.py": AWKWARD})["m.py"] == _whole(AWKWARD)


def test_generated_code_that_does_not_parse_is_a_located_generator_bug() -> None:
    from generator.diagnostics import GenerationError

    with pytest.raises(GenerationError) as caught:
        format_tree({"pkg/bad.py": "def f(:\n    pass\n", "pkg/ok.py": "x=1\n"})
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.file == "pkg/bad.py"
    assert "generator bug" in diagnostic.message


def test_async_twins_are_what_black_makes_of_them() -> None:
    """An async method that mirrors a sync one black left alone is left alone too, without black:
    checked here against black itself on every resource module of the golden specs."""
    checked = 0
    for spec, config in SPECS:
        settings = load_settings(config, str(config)) if config else Settings()
        api = build_api(load_documents(spec), settings, [])
        for path, text, how in render_each(api, spec.name):
            if "/resources/" not in path or how != "rendered":
                continue
            pieces = cut(_whole(text))
            for index, sync in format_module._twins(pieces).items():
                work: list[format_module.Work] = [
                    (pieces[sync].text, True, None),
                    (pieces[index].text, True, 0),
                ]
                derived = format_module.format_pieces(work)[1]
                assert derived == (pieces[index].text, None)
                assert (
                    derived
                    == format_module.format_pieces([(pieces[index].text, True, None)])[
                        0
                    ]
                )
                checked += 1
    assert checked >= 20


def test_an_async_twin_whose_return_line_outgrows_the_width_goes_to_black() -> None:
    head = "def m(\n        self,\n        **options: Unpack[RequestOptions],\n    ) -> R:\n"
    long_name = "_" + "X" * 49  # the sync line fits in 100 columns, the async one not
    sync = f"    {head}        return self._client.request({long_name}, locals())\n"
    twin = sync.replace("    def m(", "    async def m(").replace(
        "return self", "return await self"
    )
    assert format_module.sync_twin(twin) == sync
    assert (
        len(max(twin.splitlines(), key=len))
        > 100
        >= len(max(sync.splitlines(), key=len))
    )
    [formatted_sync, result] = format_module.format_pieces(
        [(sync, True, None), (twin, True, 0)]
    )
    assert formatted_sync == (sync, None)
    assert result != (twin, None)  # black splits the long line
    assert result == format_module.format_pieces([(twin, True, None)])[0]


def test_an_async_twin_of_a_method_black_changes_goes_to_black() -> None:
    sync = (
        "    def m(\n        self,\n        **options: Unpack[RequestOptions],\n    ) -> R:\n"
        "        return self._client.request( _M,locals())\n"
    )
    twin = sync.replace("    def m(", "    async def m(").replace(
        "return self", "return await self"
    )
    assert format_module.sync_twin(twin) == sync
    [formatted_sync, result] = format_module.format_pieces(
        [(sync, True, None), (twin, True, 0)]
    )
    assert formatted_sync[0] != sync  # black changed the sync one
    assert result == format_module.format_pieces([(twin, True, None)])[0]
    assert "request(_M, locals())" in result[0]
