"""The Create Session page carries every fact the seed pages carry (000 Python, 002 HTTP, 003 CLI).

Facts are read from the page's structure (headings, table rows, list items, fences) rather than
grepped anywhere in the text, so a fact in the wrong section does not count.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from markdown_it.token import Token

from tests.docs._support import ROOT, command_words, parse, parse_curl

PAGE = ROOT / "generated" / "docs" / "beta" / "chat" / "create.md"

INDEX_IDS_DESCRIPTION = (
    "Indexes this session will retrieve from. Once set and the first message has been sent, the "
    "source set is locked for the session’s lifetime. Leave null to create an unbound session."
)
# Seed 000 (Python) and 002 (HTTP): every returned field, its type and its description.
RESPONSE_FIELDS = {
    "last_updated_at": (
        "str",
        "string",
        "required",
        "ISO-format timestamp showing when the session was last updated.",
    ),
    "session_id": ("str", "string", "required", "Unique session identifier."),
    "generated_title": (
        "str | None",
        "string",
        "optional",
        "Auto-generated title derived from the first user message.",
    ),
    "index_ids": (
        "list[str] | None",
        "array of string",
        "optional",
        "Indexes this session is bound to. Null on unbound sessions.",
    ),
    "job_metadata": (
        "JobMetadata | None",
        "object",
        "optional",
        "Token usage and status from the most recent run. Null if the session has not been run yet.",
    ),
}
JOB_METADATA_FIELDS = {
    "duration_ms": ("float | None", "number"),
    "error": ("str | None", "string"),
    "export_config_ids": ("list[str] | None", "array of string"),
    "is_error": ("bool | None", "boolean"),
    "total_input_tokens": ("int | None", "integer"),
    "total_output_tokens": ("int | None", "integer"),
    "turns": ("int | None", "integer"),
}


def _inline_text(tokens: list[Token]) -> str:
    return "".join(t.content for t in tokens if t.type == "inline")


class Page:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = parse(text)

    def headings(self, tag: str) -> list[str]:
        return [
            self.tokens[i + 1].content
            for i, t in enumerate(self.tokens)
            if t.type == "heading_open" and t.tag == tag
        ]

    def section(self, title: str, tag: str = "h2") -> list[Token]:
        """The tokens under a heading, up to the next heading of the same or a higher level."""
        level = int(tag[1])
        out: list[Token] = []
        start = next(
            (
                i + 3  # past heading_open, its inline and heading_close
                for i, t in enumerate(self.tokens)
                if t.type == "heading_open"
                and t.tag == tag
                and self.tokens[i + 1].content == title
            ),
            len(self.tokens),
        )
        for t in self.tokens[start:]:
            if t.type == "heading_open" and int(t.tag[1]) <= level:
                break
            out.append(t)
        assert out, f"no section {title!r}"
        return out

    def table(self, title: str) -> list[list[str]]:
        """The rows of the table under an h3, cells as Markdown source (code spans kept)."""
        rows: list[list[str]] = []
        row: list[str] | None = None
        for t in self.section(title, "h3"):
            if t.type == "tr_open":
                row = []
            elif t.type == "inline" and row is not None:
                row.append(t.content)
            elif t.type == "tr_close" and row is not None:
                rows.append(row)
                row = None
        return rows

    def fences(self, title: str, tag: str = "h3") -> list[Token]:
        return [t for t in self.section(title, tag) if t.type == "fence"]

    def list_items(self, title: str) -> list[tuple[int, str, str]]:
        """(nesting level, the item's first paragraph, the rest of its direct text) of every
        bullet in a section."""
        out: list[tuple[int, str, str]] = []
        level = 0
        stack: list[list[str]] = []
        for t in self.section(title):
            if t.type == "bullet_list_open":
                level += 1
            elif t.type == "bullet_list_close":
                level -= 1
            elif t.type == "list_item_open":
                stack.append([])
            elif t.type == "list_item_close":
                parts = stack.pop()
                out.append((level, parts[0], "\n".join(parts[1:])))
            elif t.type == "inline" and stack:
                stack[-1].append(t.content)
        return out


@pytest.fixture(scope="module")
def page() -> Page:
    return Page(PAGE.read_text("utf-8"))


def test_title_method_path_and_description(page: Page) -> None:
    assert page.headings("h1") == ["Create Session"]
    assert "**POST** `/api/v1/chat`" in page.text.splitlines()
    paragraphs = [t.content for t in page.tokens if t.type == "inline"]
    assert (
        "Create a chat session, optionally bound to indexes (locked after the first message)."
        in paragraphs
    )


def test_python_signature_and_cli_command(page: Page) -> None:
    (signature,) = page.fences("Python", "h2")
    assert signature.info == "pyi"
    assert signature.content.startswith("client.beta.chat.create(\n")
    assert signature.content.rstrip().endswith(") -> ChatCreateResponse")
    for line in (
        "index_ids: Sequence[str] | None | Omit = omit,",
        "organization_id: str | None | Omit = omit,",
        "project_id: str | None | Omit = omit,",
        "session: str | None | Omit = omit,",
    ):
        assert f"    {line}\n" in signature.content
    cli = _inline_text(page.section("CLI"))
    assert "`$ llamacloud-prod beta:chat create`" in cli


def test_every_parameter_with_type_location_and_format(page: Page) -> None:
    header = [
        "Name",
        "Type",
        "JSON type",
        "Required",
        "Nullable",
        "Format",
        "CLI flag",
        "Description",
    ]
    query = page.table("Query parameters")
    assert query == [
        header,
        [
            "`organization_id`",
            "`str`",
            "string",
            "optional",
            "nullable",
            "`uuid`",
            "`--organization-id`",
            "",
        ],
        [
            "`project_id`",
            "`str`",
            "string",
            "optional",
            "nullable",
            "`uuid`",
            "`--project-id`",
            "",
        ],
    ]
    assert page.table("Cookie parameters") == [
        header,
        ["`session`", "`str`", "string", "optional", "nullable", "", "`--session`", ""],
    ]
    assert page.table("Body parameters (`application/json`)") == [
        header,
        [
            "`index_ids`",
            "`Sequence[str]`",
            "array of string",
            "optional",
            "nullable",
            "",
            "`--index-id`",
            INDEX_IDS_DESCRIPTION,
        ],
    ]
    assert "Path parameters" not in page.headings("h3")
    assert "Header parameters" not in page.headings("h3")


def test_return_type_and_every_field(page: Page) -> None:
    returns = page.section("Returns")
    paragraphs = [t.content for t in returns if t.type == "inline"]
    assert paragraphs[0].startswith("`ChatCreateResponse` — object")
    assert (
        "Summary of a chat session, including its title and last run metadata."
        in paragraphs
    )
    items = page.list_items("Returns")
    top = {lead: rest for level, lead, rest in items if level == 1}
    nested = {lead: rest for level, lead, rest in items if level == 2}
    assert len(top) == len(RESPONSE_FIELDS)
    for name, (annotation, json_type, required, description) in RESPONSE_FIELDS.items():
        lead = next(k for k in top if k.startswith(f"`{name}: "))
        assert lead.startswith(
            f"`{name}: {annotation}` — {json_type}, {required}"
        ), lead
        assert top[lead].startswith(description), (name, top[lead])
    assert "`JobMetadata` (object):" in top[next(k for k in top if "job_metadata" in k)]
    assert len(nested) == 7
    for name, (annotation, json_type) in JOB_METADATA_FIELDS.items():
        assert f"`{name}: {annotation}` — {json_type}, optional, nullable" in nested


def test_examples_for_every_surface(page: Page) -> None:
    python, async_python = page.fences("Python")[0], page.fences("Python (async)")[0]
    assert python.info == async_python.info == "python"
    for line in (
        "import os",
        "from llama_cloud import LlamaCloud",
        "client = LlamaCloud(",
        '    api_key=os.environ.get("LLAMA_CLOUD_API_KEY"),  # This is the default and can be omitted',
        "chat = client.beta.chat.create()",
        "print(chat.session_id)",
    ):
        assert line in python.content.splitlines()
    assert "from llama_cloud import AsyncLlamaCloud" in async_python.content
    assert "    chat = await client.beta.chat.create()" in async_python.content
    assert "asyncio.run(main())" in async_python.content

    (curl,) = page.fences("HTTP")
    assert curl.info == "sh"
    assert curl.content.splitlines() == [
        "curl https://api.cloud.llamaindex.ai/api/v1/chat \\",
        "    -X POST \\",
        '    -H "Authorization: Bearer $LLAMA_CLOUD_API_KEY"',
    ]
    parsed = parse_curl(curl.content)
    assert (parsed.method, parsed.url, parsed.data) == (
        "POST",
        "https://api.cloud.llamaindex.ai/api/v1/chat",
        None,
    )

    (cli,) = page.fences("CLI", "h3")
    assert cli.info == "cli"
    assert command_words(cli.content) == [
        "llamacloud-prod",
        "beta:chat",
        "create",
        "--api-key",
        "My API Key",
    ]


def test_example_response_is_the_spec_example(page: Page) -> None:
    spec = yaml.safe_load((ROOT / "spec" / "openapi.yaml").read_text("utf-8"))
    media = spec["paths"]["/api/v1/chat"]["post"]["responses"]["200"]["content"][
        "application/json"
    ]
    example = media["examples"]["session"]["value"]
    assert "Response" in page.headings(
        "h3"
    ), "a spec example is not labelled synthesised"
    (fence,) = page.fences("Response")
    assert fence.info == "json"
    assert json.loads(fence.content) == example
    # The seed's rendering: two-space indent, keys in the spec's order.
    assert fence.content.startswith(
        '{\n  "last_updated_at": "2026-04-22T12:34:41.342245",'
    )


def test_errors_are_listed(page: Page) -> None:
    cells = [t.content for t in page.section("Errors") if t.type == "inline"]
    assert cells[:4] == ["Status", "Description", "Body", "Raises"]
    assert cells[4:] == [
        "`422`",
        "Validation Error",
        "`HTTPValidationError`",
        "`UnprocessableEntityError`",
    ]


def test_page_is_in_the_index() -> None:
    index = (ROOT / "generated" / "api.md").read_text("utf-8")
    assert "[Create Session](docs/beta/chat/create.md)" in index
    assert (
        Path(PAGE).relative_to(ROOT / "generated").as_posix()
        == "docs/beta/chat/create.md"
    )
