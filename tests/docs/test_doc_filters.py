"""The Markdown border and the example builders of ``generator/render/doc_filters.py``.

Escaping is checked by parsing with a CommonMark + GFM-tables parser (markdown-it): spec text may
render as Markdown, but it must never change the structure of the page around it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pipeline import generate
from generator.render import doc_filters as df
from tests.docs._support import Page, parse

EDGE_SPEC = Path(__file__).resolve().parent / "specs" / "edge.yaml"

# Text that tries every way out of its box: fences of both kinds and lengths, headings, setext
# underlines, HTML blocks and inline HTML, pipes, backslashes, code spans, control characters.
HOSTILE = st.lists(
    st.sampled_from(
        list("`~#=-*_|\\<>!/[]() \nabc")
        + ["```", "~~~", "<!--", "-->", "<pre>", "\r", "\x00"]
    ),
    max_size=40,
).map("".join)


def _outline(text: str) -> list[tuple[str, str]]:
    tokens = parse(text)
    return [
        (t.tag, "".join(c.content for c in tokens[i + 1].children or []))
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


def _fences(text: str) -> list[tuple[str, str]]:
    return [(t.info, t.content) for t in parse(text) if t.type == "fence"]


# --------------------------------------------------------------------------- md_block


@settings(max_examples=300, deadline=None)
@given(HOSTILE, st.sampled_from([0, 2, 4]))
def test_a_description_never_changes_the_page_outline(text: str, indent: int) -> None:
    page = (
        "# Title\n\n- item\n\n"
        + df.md_block(text, indent)
        + "\n\n## After\n\n```python\nprint(1)\n```\n"
    )
    assert _outline(page) == [("h1", "Title"), ("h2", "After")]
    assert _fences(page)[-1] == ("python", "print(1)\n")


@pytest.mark.parametrize(
    "text",
    [
        "```\nunclosed",
        "~~~~\nunclosed tilde",
        "````\n```\nstill open",
        "<!-- comment that never ends",
        "<pre>\nno end",
        "<script>\nno end",
        "# heading\n## another",
        "Title\n=====",
        "Title\n-----",
        "text\n\n---\n",
    ],
)
def test_hostile_descriptions_stay_inside(text: str) -> None:
    page = "# Title\n\n" + df.md_block(text) + "\n\n## After\n"
    assert _outline(page) == [("h1", "Title"), ("h2", "After")]


def test_balanced_fences_in_descriptions_are_kept() -> None:
    text = 'Example:\n\n```json\n{"a": 1}\n```\n\nDone.'
    assert df.md_block(text) == text
    assert _fences(df.md_block(text)) == [("json", '{"a": 1}\n')]


def test_an_unclosed_fence_is_closed_with_its_own_fence() -> None:
    assert df.md_block("a\n~~~~\nb") == "a\n~~~~\nb\n~~~~"


def test_md_block_indents_every_line_and_keeps_blank_lines_empty() -> None:
    assert df.md_block("one\n\ntwo\r\nthree", 2) == "  one\n\n  two\n  three"


def test_html_is_inert_outside_code_spans_only() -> None:
    assert df.md_block("<b>x</b> `<b>`") == "&lt;b>x&lt;/b> `<b>`"


# --------------------------------------------------------------------------- inline and cells


@settings(max_examples=300, deadline=None)
@given(HOSTILE, HOSTILE)
def test_table_cells_never_split_or_end_the_table(first: str, second: str) -> None:
    # GFM drops cells beyond the header's count: a split shows as the sentinel moving away.
    table = (
        "| a | b | c | d |\n|---|---|---|---|\n"
        f"| {df.md_cell(first)} | {df.cell_code(second)} | {df.link_text(first)} | END |\n"
        "| x | y | z | w |\n"
    )
    tokens = parse(table + "\n## After\n")
    cells = [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type in ("th_open", "td_open")
    ]
    assert len(cells) == 12
    assert cells[7] == "END" and cells[8:] == ["x", "y", "z", "w"]
    assert _outline(table + "\n## After\n") == [("h2", "After")]


@settings(max_examples=300, deadline=None)
@given(HOSTILE)
def test_code_span_shows_the_text_exactly(text: str) -> None:
    shown = " ".join(df._clean(text).split("\n"))
    if not shown.strip():
        return  # CommonMark keeps an all-space span as it is; nothing to compare
    tokens = parse("x " + df.code_span(text) + " y")
    (code,) = [
        c for t in tokens if t.children for c in t.children if c.type == "code_inline"
    ]
    assert code.content == shown


@settings(max_examples=200, deadline=None)
@given(HOSTILE, st.sampled_from(["python", "json", "sh"]))
def test_fenced_holds_any_code(code: str, language: str) -> None:
    # Never in generated code: CommonMark reads CR as a line end and replaces NUL.
    code = code.replace("\r", "").replace("\x00", "")
    page = df.fenced(code, language) + "\n\n## After\n"
    assert _fences(page)[0] == (language, code.rstrip("\n") + "\n")
    assert _outline(page) == [("h2", "After")]


def test_md_inline_for_headings() -> None:
    assert _outline("# " + df.md_inline("Create a node #")) == [
        ("h1", "Create a node #")
    ]
    assert _outline("# " + df.md_inline("two\nlines")) == [("h1", "two lines")]
    assert df.md_inline("# x") == "\\# x"


def test_md_cell_line_breaks_and_pipes() -> None:
    assert df.md_cell("a | b\nc") == "a \\| b<br>c"
    assert df.md_cell("already \\| escaped") == "already \\| escaped"
    assert df.md_cell("odd \\\\| one") == "odd \\\\\\| one"
    assert df.md_cell(None) == ""


def test_code_span_with_backticks() -> None:
    assert df.code_span("a`b") == "``a`b``"
    assert df.code_span("`x`") == "`` `x` ``"


# --------------------------------------------------------------------------- examples and pages


@pytest.fixture(scope="module")
def edge() -> dict[str, str]:
    result = generate(EDGE_SPEC)
    return {p: data.decode() for p, data in result.files.items() if p.endswith(".md")}


def test_doc_files_are_named_from_identifiers(edge: dict[str, str]) -> None:
    assert sorted(edge) == [
        "README.md",
        "api.md",
        "docs/trees/nodes/create.md",
        "docs/trees/nodes/list.md",
    ]


def test_hostile_spec_text_keeps_every_page_structure(edge: dict[str, str]) -> None:
    outline = _outline(edge["docs/trees/nodes/create.md"])
    assert outline == [
        ("h1", "Create a node #"),
        ("h2", "Python"),
        ("h2", "CLI"),
        ("h2", "Parameters"),
        ("h3", "Path parameters"),
        ("h3", "Query parameters"),
        ("h3", "Header parameters"),
        ("h3", "Cookie parameters"),
        ("h3", "Body parameters (application/json)"),
        ("h2", "Returns"),
        ("h2", "Errors"),
        ("h2", "Examples"),
        ("h3", "Python"),
        ("h3", "Python (async)"),
        ("h3", "HTTP"),
        ("h3", "CLI"),
        ("h3", "Response (synthesised from the schema)"),
    ]
    page = Page(
        "docs/trees/nodes/create.md", edge["docs/trees/nodes/create.md"], None, None
    )
    examples = [b.language for b in page.blocks() if b.section == "Examples"]
    assert examples == ["python", "python", "sh", "cli", "json"]
    # The list page's spec example holds backtick runs: its fence is longer than any of them.
    listing = Page("x", edge["docs/trees/nodes/list.md"], None, None)
    (response,) = [b for b in listing.blocks() if b.language == "json"]
    assert json.loads(response.code) == [
        {"id": "n1", "children": [], "note": "``` ````"}
    ]
    # The README's description holds a python fence: spec text, never an example.
    readme = Page("README.md", edge["README.md"], None, None)
    assert [b.section for b in readme.blocks() if "SystemExit" in b.code] == [""]


def test_synthesised_response_is_bounded_deterministic_and_labelled(
    edge: dict[str, str],
) -> None:
    text = edge["docs/trees/nodes/create.md"]
    assert (
        "the API document has no example; this one is synthesised from the schema"
        in text
    )
    again = generate(EDGE_SPEC).files["docs/trees/nodes/create.md"].decode()
    assert again == text
    page = Page("x", text, None, None)
    (response,) = [b for b in page.blocks() if b.language == "json"]
    # Node is recursive: required children stop at [], the optional parent is left out.
    assert json.loads(response.code) == {
        "id": "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab99e",
        "children": [],
        "meta": {"key": 0},
    }


def test_example_values_follow_type_and_format(edge: dict[str, str]) -> None:
    text = edge["docs/trees/nodes/create.md"]
    for line in (
        '    "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab99e",',  # the path parameter, positional
        '    when="2019-12-27T18:11:19.117Z",',
        "    limit=0,",
        '    tags=["string"],',
        "    weights=[0],",
        "    dry_run=True,",
        '    color="red",',
        '    extra={"k": "string"},',
    ):
        assert line in text.splitlines(), line
    assert (
        "note=" not in text and "verbose=" not in text
    ), "optional params are not in examples"
    for flag in (
        "--dry-run",
        "--tag string",
        "--weight 0",
        "--color red",
        '--extra \'{"k": "string"}\'',
    ):
        assert f"  {flag}" in text, flag
    assert (
        "curl 'https://edge.example.com/base/trees/182bd5e5-6e1a-4fe4-a799-aa6d9a6ab99e/nodes?limit=0&tags=string'"
        in text
    )


def _wide_spec(path: Path) -> Path:
    """A result holding three models of 80 fields, each holding a fourth of 80."""

    def scalars(prefix: str) -> dict[str, object]:
        return {f"{prefix}{i}": {"type": "integer"} for i in range(80)}

    schemas: dict[str, object] = {
        "Result": {
            "type": "object",
            "properties": {
                name: {"$ref": f"#/components/schemas/{name.upper()}"}
                for name in ("a", "b", "c")
            },
        },
        "D": {"type": "object", "properties": scalars("d")},
    }
    for name in ("A", "B", "C"):
        props = scalars(name.lower())
        props["deeper"] = {"$ref": "#/components/schemas/D"}
        schemas[name] = {"type": "object", "properties": props}
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Wide", "version": "1"},
        "paths": {
            "/r": {
                "get": {
                    "operationId": "getResult",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Result"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": schemas},
    }
    path.write_text(json.dumps(spec))
    return path


def test_a_page_lists_nested_models_breadth_first_within_its_budget(
    tmp_path: Path,
) -> None:
    result = generate(_wide_spec(tmp_path / "wide.json"))
    ((_, op),) = list(result.api.operations())
    assert op.response is not None
    rows = df.return_rows(op.response.type, result.api)

    expanded = [r.name for r in rows if r.kind in ("root", "model")]
    named = [r.name for r in rows if r.kind == "deep"]
    # Result (3 fields), A and B (81 each) fit in 200 field rows; C would not, nor would D,
    # which is deeper than C: what a reader meets first is what the page lists.
    assert expanded == ["Result", "A", "B"]
    assert named == ["D", "D", "C"]
    assert sum(r.kind == "field" for r in rows) <= 200
    (page,) = [t.decode() for p, t in result.files.items() if p.startswith("docs/")]
    assert "`C` (object: its fields are not listed on this page)" in page
