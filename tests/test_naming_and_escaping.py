"""The two borders: identifiers (ir.naming) and spec text in source (render.filters)."""

from __future__ import annotations

import ast
import keyword
from pathlib import Path

import pytest

from hypothesis import given
from hypothesis import strategies as st

from generator.diagnostics import GenerationError
from generator.ir import naming
from generator.settings import load_settings
from generator.render.filters import comment, docblock, docstring, pyrepr

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_pyrepr_is_a_literal_that_evaluates_to_the_value(value: object) -> None:
    source = pyrepr(value)
    # Infinity (YAML's .inf) is the one value that needs a call: float("inf").
    tree = ast.parse(source, mode="eval")
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert all(
        ast.unparse(c)
        in ('float("inf")', 'float("-inf")', "float('inf')", "float('-inf')")
        for c in calls
    )
    assert (
        eval(compile(tree, "<pyrepr>", "eval"), {"__builtins__": {"float": float}})
        == value
    )


@given(st.text())
def test_docstring_text_never_closes_the_docstring_early(text: str) -> None:
    source = f"def f():\n    {docblock(text, 4)}\n"
    tree = ast.parse(source)
    func = tree.body[0]
    assert (
        isinstance(func, ast.FunctionDef) and len(func.body) == 1
    )  # nothing escaped into code
    doc = ast.get_docstring(func, clean=False)
    assert doc is not None
    # What the reader sees is the text, whitespace at line ends and the edges aside.
    assert doc.split() == text.split()


@given(st.text())
def test_comment_is_one_line(text: str) -> None:
    source = f"x = 1  # {comment(text)}\n"
    assert len(ast.parse(source).body) == 1


@given(st.text(min_size=1))
def test_member_names_are_identifiers_that_dodge_reserved_words(wire: str) -> None:
    name = naming.member_name(wire, naming.PYDANTIC_RESERVED)
    assert name.isidentifier() and name.isascii()
    assert not keyword.iskeyword(name) and not keyword.issoftkeyword(name)
    assert name not in naming.PYDANTIC_RESERVED and not name.startswith("_")


@given(st.text(min_size=1))
def test_class_names_are_capitalised_identifiers(text: str) -> None:
    name = naming.class_name(text)
    assert name.isidentifier() and name.isascii() and name not in naming.BUILTINS


def test_names_people_expect() -> None:
    assert naming.member_name("index_ids") == "index_ids"
    # snake_case, the wire name staying the alias; lower-case snake_case wire names are kept.
    assert naming.member_name("petId") == "pet_id"
    assert naming.member_name("URL") == "url"
    assert naming.member_name("HTTPStatus") == "http_status"
    # Builtins are fine as fields and parameters; only keywords and reserved names move.
    assert naming.member_name("object") == "object"
    assert naming.member_name("type") == "type"
    assert naming.member_name("owner-name") == "owner_name"
    assert naming.member_name("class") == "class_"
    assert naming.member_name("model_dump", naming.PYDANTIC_RESERVED) == "model_dump_"
    assert naming.member_name("_id") == "id"
    assert naming.member_name("2fa") == "field_2fa"
    assert naming.member_name("Größe") == "grosse"
    assert naming.member_name("café") == "cafe"
    assert naming.member_name("名前") == "u540d_u524d"
    assert naming.class_name("HTTPValidationError") == "HTTPValidationError"
    assert (
        naming.class_name("io.k8s.api.apps.v1.Deployment") == "IoK8sApiAppsV1Deployment"
    )
    assert naming.class_name("list") == "List"
    assert naming.snake("Create Session") == "create_session"
    assert naming.singular("index_ids".split("_")[-1]) == "id"
    assert (
        naming.singular("addresses") == "address"
        and naming.singular("status") == "status"
    )


def test_collisions_settle_by_sorted_key_not_input_order() -> None:
    wants = [("b-key", "name"), ("a-key", "name"), ("c-key", "name")]
    assert naming.dedupe(wants) == naming.dedupe(list(reversed(wants)))
    assert naming.dedupe(wants) == {
        "a-key": "name",
        "b-key": "name_2",
        "c-key": "name_3",
    }


def test_a_trailing_newline_never_passes_for_an_identifier(tmp_path: Path) -> None:
    assert naming.member_name("A\n") == "a" and naming.class_name("Pet\n") == "Pet"
    config = tmp_path / "sdk.yaml"
    config.write_text('package: "pkg\\n"\nclient: {sync: "Client\\nimport os"}\n')
    with pytest.raises(GenerationError) as caught:
        load_settings(config)
    messages = [d.message for d in caught.value.diagnostics]
    assert messages == [
        "'pkg\\n' is not a valid package name",
        "'Client\\nimport os' is not a valid class name",
    ]


def test_settings_refuse_names_windows_reserves_as_devices(tmp_path: Path) -> None:
    config = tmp_path / "sdk.yaml"
    config.write_text("resources:\n  con:\n    methods: {}\n")
    with pytest.raises(GenerationError) as caught:
        load_settings(config)
    (problem,) = caught.value.diagnostics
    assert (problem.line, problem.pointer) == (2, "/resources/con")
    assert "reserved file name on Windows" in problem.message
