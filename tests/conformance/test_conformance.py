"""The conformance suite's quick run (``make test``): every operation of the fixture spec and of
the Swagger Petstore called against Prism, with no SDK-attributed failure allowed; and the suite
itself, shown to notice an SDK broken on purpose and to blame the harness for its own bad values.

``make conformance`` runs the whole set (tests/conformance/run.py, docs/conformance.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .classify import (
    BEFORE,
    HARNESS,
    NOT_SDK,
    OK,
    REQUEST,
    RESPONSE,
    SDK_CLASSES,
    classify,
)
from .plan import Arg, Call
from .prism import PRISM
from .run import ROOT, SpecResult, run_spec, sdk_failures
from .specdoc import SpecDoc
from .synth import Synth

FIXTURE = Path(__file__).with_name("fixture.yaml")
PETSTORE = "swagger-petstore__openapi.yaml"


def _corpus() -> Path | None:
    """The shared specs: ``CONFORMANCE_SPECS``, else ``shared/specs`` beside the clone (CI) or
    beside the folder of worktrees."""
    given = os.environ.get("CONFORMANCE_SPECS")
    candidates = [Path(given)] if given else []
    candidates += [
        ROOT.parent / "shared" / "specs",
        ROOT.parent.parent / "shared" / "specs",
    ]
    return next((c for c in candidates if (c / PETSTORE).exists()), None)


@pytest.fixture(autouse=True)
def _prism_installed() -> None:
    if not PRISM.exists():
        pytest.fail(
            f"Prism is not installed at {PRISM}: run `make prism` (make test does)"
        )


def _explain(result: SpecResult) -> str:
    return "\n".join(
        f"{r.op} [{r.variant}] {r.verdict.klass}: {r.verdict.cause}: {r.verdict.detail[:300]}"
        for r in result.ops
        if r.verdict.klass != OK
    )


def test_fixture_calls_all_pass_against_prism() -> None:
    result = run_spec(FIXTURE, "fixture", lenient=False)
    assert not result.error, result.error
    assert len(result.ops) == 8 and result.calls >= 12
    assert result.counts()[OK] == len(result.ops), _explain(result)


def test_petstore_has_no_sdk_attributed_failure() -> None:
    folder = _corpus()
    if folder is None:
        pytest.skip("shared/specs not found (set CONFORMANCE_SPECS)")
    result = run_spec(folder / PETSTORE, "Swagger Petstore", lenient=False)
    assert not result.error, result.error
    assert len(result.ops) == 19
    assert not sdk_failures(result), _explain(result)
    assert not [r for r in result.ops if r.verdict.klass == HARNESS], _explain(result)


def _break_sdk(out: Path) -> None:
    """Two defects of the kinds the suite exists to find: a response model whose field type
    disagrees with the spec, and a body sent under a media type the operation does not take.
    """
    widget = out / "conformance_fixture" / "types" / "widget.py"
    widget.write_text(widget.read_text().replace("    name: str", "    name: int", 1))
    uploads = out / "conformance_fixture" / "resources" / "uploads.py"
    text = uploads.read_text()
    assert 'content_type="application/octet-stream"' in text
    uploads.write_text(
        text.replace(
            'content_type="application/octet-stream"', 'content_type="text/csv"'
        )
    )


def test_suite_notices_a_broken_sdk() -> None:
    result = run_spec(FIXTURE, "fixture (broken)", lenient=False, mutate=_break_sdk)
    verdicts = {r.op: r.verdict for r in result.ops}
    assert verdicts["get /widgets/{widget_id}"].klass == RESPONSE
    assert "int" in verdicts["get /widgets/{widget_id}"].cause
    assert verdicts["post /uploads/raw"].klass == REQUEST
    assert "INVALID_CONTENT_TYPE" in verdicts["post /uploads/raw"].cause
    # Untouched operations stay ok: the suite blames what broke, not everything.
    assert verdicts["post /shapes"].klass == OK
    assert verdicts["put /widgets/{widget_id}/label"].klass == OK


def test_bad_synthesised_argument_is_the_harness_fault_not_the_sdk() -> None:
    doc = SpecDoc(FIXTURE)
    pointer = "/components/schemas/WidgetCreate"
    record = {"outcome": "before_send", "stage": "call", "error": "TypeError: boom"}

    def call(value: object) -> Call:
        return Call(
            id="post /widgets [required]",
            op="post /widgets",
            operation_id="createWidget",
            pointer="/paths/~1widgets/post",
            resource=("widgets",),
            method="create_widget",
            variant="required",
            args={},
            body=Arg(value, pointer),
        )

    assert classify(call({"name": "ab"}), record, doc).klass == HARNESS  # minLength 3
    assert classify(call({"name": "abc"}), record, doc).klass == BEFORE
    assert BEFORE in SDK_CLASSES and HARNESS not in SDK_CLASSES


SCHEMAS = """
openapi: 3.1.0
info: {title: s, version: "1"}
paths: {}
components:
  schemas:
    Sid: {type: string, minLength: 34, maxLength: 34, pattern: "^AC[0-9a-fA-F]{32}$"}
    Positive: {type: number, exclusiveMinimum: 0, maximum: 0.75}
    Step: {type: integer, minimum: 7, multipleOf: 5}
    Nullable: {allOf: [{$ref: "#/components/schemas/Sid"}], description: a sid}
    Either:
      type: object
      additionalProperties: false
      properties:
        ids: {type: array, minItems: 1, items: {type: string}}
        names: {type: array, minItems: 1, items: {type: string}}
      anyOf: [{required: [ids]}, {required: [names]}]
    Keys:
      type: object
      propertyNames: {enum: [a_key, b_key]}
      additionalProperties: {type: integer}
      minProperties: 1
    Tagged:
      oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
      discriminator: {propertyName: pet, mapping: {cat: "#/components/schemas/Cat", dog: "#/components/schemas/Dog"}}
    Cat: {type: object, required: [pet], properties: {pet: {type: string}, lives: {type: integer}}}
    Dog: {type: object, required: [pet], properties: {pet: {type: string}, bark: {type: boolean}}}
    BadExample: {type: string, format: uuid, example: not-a-uuid}
    Unique: {type: array, uniqueItems: true, minItems: 3, items: {type: integer}}
    Hidden:
      type: object
      required: [id, name]
      properties: {id: {type: string, readOnly: true}, name: {type: string}}
"""


@pytest.mark.parametrize("full", [False, True])
def test_synthesised_values_conform_to_their_schemas(
    tmp_path: Path, full: bool
) -> None:
    spec = tmp_path / "schemas.yaml"
    spec.write_text(SCHEMAS)
    doc = SpecDoc(spec)
    synth = Synth(doc, "request")
    for name in doc.root["components"]["schemas"]:
        pointer = f"/components/schemas/{name}"
        value = synth.value(doc.at(pointer), pointer, full=full)
        assert not doc.errors(value, pointer, direction="request"), (name, value)
    hidden = synth.value(
        doc.at("/components/schemas/Hidden"), "/components/schemas/Hidden", full=full
    )
    assert "id" not in hidden  # readOnly: never sent


def _form_call() -> Call:
    return Call(
        id="put /widgets/{widget_id}/label [optional]",
        op="put /widgets/{widget_id}/label",
        operation_id="setLabel",
        pointer="/paths/~1widgets~1{widget_id}~1label/put",
        resource=("widgets",),
        method="set_label",
        variant="optional",
        args={},
        body=Arg({"label": "x", "tags": ["a", "b"]}, ""),
    )


def _rejected(body: str) -> dict[str, object]:
    violation = (
        '[{"location":["request","body","tags"],"severity":"Error","code":"type",'
    )
    violation += '"message":"Request body property tags must be array"}]'
    return {
        "outcome": "status",
        "status": 422,
        "violations": violation,
        "body": "",
        "request": {
            "method": "PUT",
            "url": "http://127.0.0.1/widgets/1/label",
            "headers": {"content-type": "application/x-www-form-urlencoded"},
            "body": body,
        },
    }


def test_prism_form_array_misreading_is_excused_only_for_one_key_per_item() -> None:
    doc = SpecDoc(FIXTURE)
    # OpenAPI's default form encoding, one key per item: Prism's known misreading.
    excused = classify(_form_call(), _rejected("label=x&tags=a&tags=b"), doc)
    assert excused.klass == NOT_SDK and "prism#2473" in excused.cause
    # Both items in one key (or one dropped): the SDK's encoding is wrong, and it stays blamed.
    assert classify(_form_call(), _rejected("label=x&tags=a%2Cb"), doc).klass == REQUEST
    assert classify(_form_call(), _rejected("label=x&tags=a"), doc).klass == REQUEST


def test_a_served_body_that_breaks_the_spec_is_not_the_sdk_fault() -> None:
    doc = SpecDoc(FIXTURE)
    call = Call(
        id="get /widgets/{widget_id} [required]",
        op="get /widgets/{widget_id}",
        operation_id="getWidget",
        pointer="/paths/~1widgets~1{widget_id}/get",
        resource=("widgets",),
        method="get_widget",
        variant="required",
        args={},
    )

    def record(body: str) -> dict[str, object]:
        return {
            "outcome": "response_invalid",
            "status": 200,
            "content_type": "application/json",
            "body": body,
            "cause": "ValidationError: 1 validation error\nname\n  Field required [type=missing]",
        }

    broken = record('{"id": "wd_abc123", "created": "2024-01-02T03:04:05Z"}')
    assert classify(call, broken, doc).klass == NOT_SDK  # the spec requires name
    whole = record(
        '{"id": "wd_abc123", "name": "n", "created": "2024-01-02T03:04:05Z"}'
    )
    assert classify(call, whole, doc).klass == RESPONSE
