"""The corpus tool on a two-spec folder: one OpenAPI 3.1 document, one Swagger 2.0 document."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.corpus.run import _go_cell, _java_cell, judge, main

OPENAPI_31 = """\
openapi: 3.1.0
info: {title: Tiny Shop, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: the items
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Item"}}
    post:
      operationId: createItem
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Item"}
      responses:
        "201": {description: created}
  /items/{id}:
    $ref: "#/components/pathItems/OneItem"
webhooks:
  newItem:
    post:
      responses:
        "200": {description: ok}
components:
  pathItems:
    OneItem:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      get:
        operationId: getItem
        responses:
          "200":
            description: one item
            content:
              application/json:
                schema: {$ref: "#/components/schemas/Item"}
  schemas:
    Item:
      type: object
      required: [name]
      properties:
        name: {type: string}
        price: {type: [number, "null"]}
"""

SWAGGER_20 = """\
swagger: "2.0"
info: {title: Old, version: "1"}
paths:
  /pets:
    get:
      responses:
        "200": {description: ok}
"""


def _rows(report: str) -> dict[str, list[str]]:
    rows = {}
    for line in report.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = cells
    return rows


def test_report_rows(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "b_tiny.yaml").write_text(OPENAPI_31)
    (specs / "a_old.yaml").write_text(SWAGGER_20)
    (specs / "notes.txt").write_text("not a spec")
    report = tmp_path / "corpus.md"

    assert main(["--specs", str(specs), "--report", str(report), "--no-mypy"]) == 0

    text = report.read_text()
    rows = _rows(text)
    assert list(rows) == ["a_old.yaml", "b_tiny.yaml"]  # sorted, .txt ignored
    #            spec  OpenAPI  KB  ops  methods  CLI  paged/lists  warnings  result
    tiny = rows["b_tiny.yaml"]
    assert tiny[1] == "3.1.0"
    assert tiny[3:6] == ["3", "3", "3"]  # path-item $ref followed, webhook not counted
    assert tiny[6] == "1 / 1 (offset 1)"  # the one list operation pages by offset
    assert tiny[8] == "ok"
    assert tiny[11].endswith("(0)")  # modules imported, no failures
    old = rows["a_old.yaml"]
    assert old[1] == "swagger 2.0"
    assert old[8] == "refused (Swagger 2.0)"
    # The Go column: the tiny spec's Go SDK is gofmt-, build- and vet-clean with nothing left out.
    assert tiny[13].startswith("ok, ") and "left out" not in tiny[13], tiny[13]
    assert old[13] == "–"
    assert (
        "Go SDKs of OpenAPI 3.x documents: **1 of 1** gofmt-, build- and vet-clean"
        in text
    )
    # The Java column: the tiny spec's Java SDK compiles with Maven, nothing left out.
    assert tiny[14].startswith("ok, ") and "left out" not in tiny[14], tiny[14]
    assert old[14] == "–"
    assert "Java SDKs of OpenAPI 3.x documents: **1 of 1** compile" in text
    assert "2 specs: **1 ok**, 1 refused (1 of them Swagger 2.0), 0 failed" in text
    assert "* List operations: 1; paginated: 1 (offset 1)" in text
    assert "None: every generated package compiles" in text
    # `make corpus` runs a spec per core unless told otherwise.
    assert f"; specs run at once: {len(os.sched_getaffinity(0))}; " in text


def test_go_failures_and_left_out_operations_are_findings() -> None:
    row = {
        "result": "generated",
        "probe": {"cli": []},
        "go": {
            "status": "failed",
            "error": "go vet: ./beta.go:3: undefined: X",
            "left_out": 2,
            "left_out_samples": [
                "the Go SDK leaves out post /a: no multipart request bodies yet"
            ],
            "check_seconds": 1.5,
        },
    }
    judge(row)
    assert row["status"] == "ok"  # the Python package's verdict is its own
    assert "Go SDK failed: `go vet: ./beta.go:3: undefined: X`" in row["findings"]
    assert any("leaves out 2 operation(s)" in f for f in row["findings"])
    assert _go_cell(row) == "failed, 2 left out, 1.5 s"


def test_java_failures_and_left_out_operations_are_findings() -> None:
    row = {
        "result": "generated",
        "probe": {"cli": []},
        "java": {
            "status": "failed",
            "error": "mvn compile: [ERROR] Beta.java:[3,1] cannot find symbol",
            "left_out": 1,
            "left_out_samples": [
                "the Java SDK leaves out post /a: no multipart request bodies yet"
            ],
            "check_seconds": 9.5,
        },
    }
    judge(row)
    assert row["status"] == "ok"  # the Python package's verdict is its own
    assert (
        "Java SDK failed: `mvn compile: [ERROR] Beta.java:[3,1] cannot find symbol`"
        in row["findings"]
    )
    assert any("Java SDK leaves out 1 operation(s)" in f for f in row["findings"])
    assert _java_cell(row) == "failed, 1 left out, 9.5 s"


def test_missing_folder_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--specs", str(tmp_path / "absent"), "--report", str(tmp_path / "r.md")])
        == 2
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no spec folder" in err
    assert not (tmp_path / "r.md").exists()
