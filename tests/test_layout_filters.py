"""The layout filters write long lines the way black writes them.

black stays the formatter of record, so a filter that misjudges a line costs time, never
correctness: black then changes the piece and runs a second pass over it. These tests hold each
filter to black's own output for the line written unsplit, so the templates keep emitting code
black leaves alone (docs/benchmarks.md has what the second passes cost).
"""

from __future__ import annotations

import black
import pytest

from generator.emit.format import black_mode
from generator.ir.nodes import Parameter, TypeRef
from generator.render import filters

LITERAL = 'Literal["completed", "action_required", "cancelled", "failure", "neutral", "skipped"]'
LONG_LITERAL = (
    LITERAL[:-1] + ', "stale", "success", "timed_out", "in_progress", "queued"]'
)
UNION = "AzureOpenAIEmbeddingConfig | CohereEmbeddingConfig | HuggingFaceInferenceAPIEmbeddingConfig"


def _black(text: str) -> str:
    return black.format_str(text, mode=black_mode())


def _in_signature(lines: str) -> str:
    return f"class _:\n    def f(\n        self,\n        *,\n{lines}\n    ) -> None: ...\n"


@pytest.mark.parametrize(
    "name, annotation, default",
    [
        ("status", f"{LITERAL} | Omit", "omit"),
        ("status", f"{LONG_LITERAL} | None | Omit", "omit"),
        ("status", f"int | {LONG_LITERAL} | Omit", "omit"),
        ("status", LONG_LITERAL, ""),
        ("status", f"Sequence[{LONG_LITERAL}] | Omit", "omit"),
        (
            "config",
            "Annotated["
            + UNION
            + ' | OpenAIEmbeddingConfig, Field(discriminator="t")]',
            "",
        ),
        ("short", "int | Omit", "omit"),
        (
            "content",
            'Literal["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket"] | Omit',
            "omit",
        ),
    ],
)
def test_a_parameter_line_is_what_black_writes(
    name: str, annotation: str, default: str
) -> None:
    written = filters.parameter_line(name, annotation, default, 8)
    unsplit = f"        {name}: {annotation}{f' = {default}' if default else ''},"
    assert _in_signature(written) == _black(_in_signature(unsplit))


@pytest.mark.parametrize(
    "name, annotation, default",
    [
        ("bank", f"{LONG_LITERAL} | None", " = None"),
        ("bank", LONG_LITERAL, ' = Field(alias="x")'),
        (
            "permissions",
            'list[Literal["balances", "ownership", "payment", "transaction"]] | None',
            " = None",
        ),
        (
            "permissionsxxxxxxxx",
            'list[Literal["balances", "ownership", "payment", "transaction"]] | None',
            " = None",
        ),
        ("bank", f"list[{LONG_LITERAL}] | None", " = None"),
    ],
)
def test_a_model_field_line_is_what_black_writes(
    name: str, annotation: str, default: str
) -> None:
    written = (
        "class A(BaseModel):\n"
        + filters.field_line(name, annotation, default, 4)
        + "\n"
    )
    unsplit = f"class A(BaseModel):\n    {name}: {annotation}{default}\n"
    assert written == _black(unsplit)


@pytest.mark.parametrize(
    "name", ["files", "access_bookmark_applications_deprecated_list_all"]
)
def test_wrapper_assignments_and_method_heads_are_what_black_writes(name: str) -> None:
    for wrapper in ("to_raw_response_wrapper", "async_to_raw_response_wrapper"):
        for longer in (
            "",
            "_bookmark_applications",
            "_bookmark_applications_deprecated_x",
        ):
            n = name + longer
            written = f"class _:\n    def __init__(self) -> None:\n{filters.wrapper_assignment(n, wrapper, 8)}\n"
            unsplit = f"class _:\n    def __init__(self) -> None:\n        self.{n} = {wrapper}(resource.{n})\n"
            assert written == _black(unsplit)
            head = filters.self_method_head(
                n, "Async" + n.title().replace("_", "") + "Resource", 4
            )
            written = f"class _:\n{head}\n        return None\n"
            unsplit = f"class _:\n    def {n}(self) -> Async{n.title().replace('_', '')}Resource:\n        return None\n"
            assert written == _black(unsplit)


def _param(
    name: str, location: str, wire: str | None = None, style: str | None = None
) -> Parameter:
    return Parameter(
        name=name,
        wire=wire or name,
        location=location,  # type: ignore[arg-type]
        type=TypeRef("primitive", "str"),
        required=False,
        description=None,
        style=style,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("count", [1, 3, 8, 30])
def test_an_operation_table_is_left_alone_by_black(count: int) -> None:
    params = [_param(f"query_parameter_{i}", "query") for i in range(count)]
    params += [_param("owner", "path"), _param("x_api", "header", "X-Api")]
    params += [
        _param(f"subscription_billing_cycle_anchor_{i}", "query", style="deepObject")
        for i in range(count // 3)
    ]
    call = (
        '_Operation(\n    method="get",\n    path="/x",\n'
        + filters.params_line(params, 4)
        + "\n    body=None,\n    cast_to=None,\n)"
    )
    text = filters.operation_assignment("_GET", "None", call) + "\n"
    assert _black(text) == text
