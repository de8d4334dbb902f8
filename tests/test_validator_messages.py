"""Every message names the place at fault: the file, its line and the pointer of the construct
(the keyword, when a keyword is at fault), for each kind of validator finding and for YAML
syntax errors; a failed run ends with its count and what --lenient would do; a missing
dependency is named as such."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.diagnostics import GenerationError
from generator.pipeline import load_documents
from generator.spec.validate import (
    _collect,
    _validator_class,
    locate,
    validate,
    validator_findings,
)
from generator.spec.yaml_text import parse_yaml
from tests.test_validator_fast_path import _walked_document

ROOT = Path(__file__).resolve().parent.parent


def _located(spec: Path) -> list[tuple[str, int | None, str, str]]:
    docs = load_documents(spec)
    return [
        (Path(d.file).name, d.line, d.pointer, d.message)
        for d in validate(docs, lenient=False)
    ]


def _line(text: str, needle: str, after: str = "") -> int:
    """The 1-based line of the first ``needle`` after the first ``after``."""
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


# What the walked document's findings are about, reached through references of every shape:
# (pointer, the start of the message).
_WALKED = [
    ("/tags/1/name", "Duplicate tag name 'a'"),
    ("/components/schemas/a~1b/required", "Required list has not defined properties"),
    (
        "/components/responses/Missing/content/application~1json/schema/default",
        "default: \"not a number\" is not of type 'integer'",
    ),
    ("/paths/~1items~1{id}/get/parameters/1", "Duplicate parameter 'q'"),
    ("/paths/~1items~1{id}/put/operationId", "Operation ID 'getItem'"),
    ("/paths/~1orphans~1{gone}/get", "Path parameter 'gone'"),
    (
        "/components/schemas/With Space/properties/size/default",
        "default: \"big\" is not of type 'integer'",
    ),
    ("/components/schemas/Kind/default", "default: \"z\" is not one of ['x', 'y']"),
    (
        "/components/schemas/With Space/properties/spare/default",
        'default: "w" is not one of',
    ),
    ("/components/schemas/Broken/type", "type: 5 is not valid under any of"),
]


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize("with_id", [False, True])
def test_keyword_walk_findings_point_at_the_construct(
    tmp_path: Path, openapi: str, with_id: bool
) -> None:
    data = _walked_document(openapi)
    if with_id:  # the library's own walk, not the quick one
        data["components"]["schemas"]["Base"]["$id"] = "https://example.com/base"
    spec = tmp_path / "spec.yaml"
    text = yaml.safe_dump(data, sort_keys=False)
    spec.write_text(text)
    found = _located(spec)
    keyword_walk = [f for f in found if not f[3].startswith(("tags ", "parameters "))]
    for pointer, message in _WALKED:
        hits = [f for f in keyword_walk if f[2] == pointer and f[3].startswith(message)]
        assert hits, (pointer, message, found)
    # the line is the pointer's, not the document's first
    lines = {pointer: line for _, line, pointer, _ in found}
    assert lines["/components/schemas/Kind/default"] == _line(
        text, "default: z", after="  Kind:"
    )
    assert lines["/paths/~1items~1{id}/put/operationId"] == _line(
        text, "operationId: getItem", after="put:"
    )
    assert all(line and line > 1 for _, line, _, _ in found)


def test_the_quick_walk_and_the_library_walk_place_findings_alike(
    tmp_path: Path,
) -> None:
    data = _walked_document("3.1.0")
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(data, sort_keys=False))
    docs = load_documents(spec)
    library_walk = _validator_class(docs)(data, base_uri=spec.resolve().as_uri())
    assert locate(docs, _collect(library_walk, "3.1.0"), lenient=False) == locate(
        docs, validator_findings(docs), lenient=False
    )


def test_a_finding_in_a_referenced_file_names_that_file(tmp_path: Path) -> None:
    (tmp_path / "models.yaml").write_text(
        "Pet:\n  type: object\n  properties:\n    size:\n      type: integer\n"
        "      default: big\n"
    )
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        yaml.safe_dump(
            {
                "openapi": "3.1.0",
                "info": {"title": "T", "version": "1"},
                "paths": {
                    "/p": {
                        "get": {
                            "responses": {
                                "200": {
                                    "description": "ok",
                                    "content": {
                                        "application/json": {
                                            "schema": {"$ref": "models.yaml#/Pet"}
                                        }
                                    },
                                }
                            }
                        }
                    }
                },
            }
        )
    )
    assert _located(spec) == [
        (
            "models.yaml",
            6,
            "/Pet/properties/size/default",
            "default: \"big\" is not of type 'integer'",
        )
    ]


def test_a_quoted_value_is_brief(tmp_path: Path) -> None:
    big = {f"key{i}": "x" * 50 for i in range(50)}
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        yaml.safe_dump(
            {
                "openapi": "3.1.0",
                "info": {"title": "T", "version": "1"},
                "paths": {},
                "components": {"schemas": {"S": {"type": "string", "default": big}}},
            }
        )
    )
    [(_, _, pointer, message)] = _located(spec)
    assert pointer == "/components/schemas/S/default"
    assert message.startswith("default: {") and message.endswith(
        "is not of type 'string'"
    )
    assert len(message) < 100


_WHOLE_DOCUMENT = """openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /pets/{id}:
    get:
      parameters:
        - name: id
          in: path
          schema: {type: string}
      responses:
        '200':
          content: {}
components:
  schemas:
    Pet:
      type: object
      properties:
        kind:
          type: string
          const: cat
"""


@pytest.mark.parametrize("backend", ["jsonschema-rs", "jsonschema"])
def test_whole_document_findings_name_the_error_of_the_branch_that_fits(
    tmp_path: Path, backend: str
) -> None:
    """A failed Schema-or-Reference oneOf, or a Parameter's oneOf of locations: the error of the
    branch meant (not "$ref is required", not "in is not 'query'"), where it is. The Rust
    backend is the one installed; without it the library checks with jsonschema, whose errors
    keep their context another way."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(_WHOLE_DOCUMENT)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from generator.pipeline import load_documents\n"
        "from generator.spec.validate import locate, validator_findings\n"
        "docs = load_documents(Path(sys.argv[1]))\n"
        "for d in locate(docs, validator_findings(docs), lenient=False):\n"
        "    print(f'{d.line} {d.pointer}: {d.message}')\n"
    )
    env = dict(os.environ, OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND=backend)
    out = subprocess.run(
        [sys.executable, "-c", code, str(spec)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    ).stdout.splitlines()
    quote = '"' if backend == "jsonschema-rs" else "'"
    assert out == [
        f"7 /paths/~1pets~1{{id}}/get/parameters/0: {quote}required{quote} is a required "
        "property (a path parameter must say required: true)",
        f"11 /paths/~1pets~1{{id}}/get/responses/200: {quote}description{quote} is a "
        "required property",
        "20 /components/schemas/Pet/properties/kind/const: 'const' is not a Schema Object "
        "keyword in OpenAPI 3.0.3 (it is one from 3.1 on, with JSON Schema 2020-12); "
        "declare openapi: 3.1.0 or drop it",
    ]


# --- YAML syntax errors ---------------------------------------------------------------------

_YAML = {
    # an unclosed quote or bracket: where it opens
    "a: 1\nb: 'hello\nc: 3\nd: 4\n": (
        2,
        "the quoted string starting here is never closed",
    ),
    'a: 1\nb: "hello\nc: 3\n': (2, "the quoted string starting here is never closed"),
    "a: 1\nb: {x: 1, y: 2\nc: 3\nd: 4\n": (2, "the '{' here is never closed"),
    "a:\n  b: [1, 2\n  c: 3\nd: 4\n": (2, "the '[' here is never closed"),
    "a: 1\nb\nc: 2\n": (2, "this key has no ':' after it"),
    # elsewhere: where the parser gave up
    'a: 1\nb: {\n  "x": 1\n  "y": 2}\nc: 3\n': (4, "did not find expected ',' or '}'"),
    "a: 1\nb: {x: 1 y: 2}\nc: 3\n": (2, "did not find expected ',' or '}'"),
    "a:\n  b: 1\n c: 2\nd: 4\n": (3, "did not find expected key"),
    "a: 1\nb: c: d\ne: 1\n": (2, "mapping values are not allowed"),
}


@pytest.mark.parametrize("text", list(_YAML))
def test_a_yaml_syntax_error_is_reported_where_it_starts(text: str) -> None:
    line, message = _YAML[text]
    with pytest.raises(GenerationError) as caught:
        parse_yaml(text, "spec.yaml")
    [diagnostic] = caught.value.diagnostics
    assert (diagnostic.line, diagnostic.pointer) == (line, "")
    assert diagnostic.message.startswith(f"invalid YAML: {message}"), diagnostic.message


# --- the end of a failed run ------------------------------------------------------------------


def _cli(*args: str, cwd: Path, prelude: str = "") -> subprocess.CompletedProcess[str]:
    code = (
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n{prelude}"
        "from generator.__main__ import main\nsys.exit(main(sys.argv[1:]))\n"
    )
    return subprocess.run(
        [sys.executable, "-I", "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


def _bad_defaults(folder: Path) -> Path:
    spec = folder / "spec.yaml"
    spec.write_text(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "T", "version": "1"},
                "paths": {},
                "components": {
                    "schemas": {
                        "A": {"type": "integer", "default": "x"},
                        "B": {"type": "string", "enum": ["a"], "default": "b"},
                    }
                },
            }
        )
    )
    return spec


def test_a_failed_strict_run_ends_with_the_count_and_the_lenient_hint(
    tmp_path: Path,
) -> None:
    _bad_defaults(tmp_path)
    strict = _cli("validate", "spec.yaml", "--no-cache", cwd=tmp_path)
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[-1] == (
        "spec.yaml: 2 errors; --lenient reports validator findings as warnings"
    )
    generating = _cli(
        "generate", "spec.yaml", "--out", "out", "--no-cache", cwd=tmp_path
    )
    assert generating.stderr.splitlines()[-1].endswith(
        "2 errors; --lenient reports validator findings as warnings and generates anyway"
    )
    lenient = _cli("validate", "spec.yaml", "--lenient", "--no-cache", cwd=tmp_path)
    assert lenient.returncode == 0
    assert "--lenient" not in lenient.stderr
    # what the hint promises
    generated = _cli(
        "generate", "spec.yaml", "--out", "out", "--lenient", "--no-cache", cwd=tmp_path
    )
    assert generated.returncode == 0, generated.stderr
    assert (tmp_path / "out").is_dir()


def test_no_lenient_hint_where_lenient_would_not_help(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text("openapi: 3.1.0\ninfo: [a, b\n")
    run = _cli("validate", "spec.yaml", "--no-cache", cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "spec.yaml:2: /: invalid YAML: the '[' here is never closed (the file ends first)"
    ]


# --- a dependency missing -------------------------------------------------------------------


def _without(*modules: str) -> str:
    """Code making ``import`` of each module fail as it does where it is not installed: a
    finder ahead of the others that raises what the import system raises for a missing one.
    """
    return (
        "class _Missing:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name in {modules!r} or name.split('.')[0] in {modules!r}:\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, _Missing())\n"
    )


@pytest.mark.parametrize(
    ("command", "module", "dist"),
    [
        ("generate", "jinja2", "jinja2"),
        ("validate", "openapi_spec_validator", "openapi-spec-validator"),
        ("validate", "yaml", "PyYAML"),
    ],
)
def test_a_missing_dependency_is_named_as_the_environment_s_problem(
    tmp_path: Path, command: str, module: str, dist: str
) -> None:
    _bad_defaults(tmp_path)
    args = [command, "spec.yaml", "--no-cache"]
    if command == "generate":
        args += ["--out", "out", "--lenient"]
    run = _cli(*args, cwd=tmp_path, prelude=_without(module))
    assert run.returncode == 1
    assert run.stderr == (
        f"openapi-sdk-gen: the module '{module}' is not installed in this Python "
        f"({sys.executable}); run the generator from the environment it was installed in "
        f"(e.g. .venv/bin/openapi-sdk-gen) or pip install {dist}\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_missing_module_of_the_generator_itself_is_still_a_bug(
    tmp_path: Path,
) -> None:
    _bad_defaults(tmp_path)
    run = _cli(
        "generate",
        "spec.yaml",
        "--out",
        "out",
        "--lenient",
        "--no-cache",
        cwd=tmp_path,
        prelude=_without("generator.ir.build"),
    )
    assert run.returncode == 1
    assert "this is a bug in the generator" in run.stderr
    assert "not installed" not in run.stderr


def test_a_reference_branch_is_the_last_resort_whatever_its_place() -> None:
    """The Reference Object's branch comes second in the OpenAPI schemas we ship with; a schema
    listing it first must not change which error is reported."""
    from jsonschema import Draft4Validator

    from generator.spec.findings import finding

    schema = {
        "oneOf": [
            {"required": ["$ref"]},
            {"required": ["description"], "properties": {"description": {}}},
        ]
    }
    [error] = Draft4Validator(schema).iter_errors({"content": {}})
    assert finding(error, "3.0.3").message == "'description' is a required property"


def test_a_document_with_unquoted_response_codes_is_validated(tmp_path: Path) -> None:
    """YAML reads `200:` as a number, which the validator cannot take: its findings are still
    found (Asana's spec was 'could not process the document' at line 1)."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      responses:\n        200:\n          description: ok\n          content:\n"
        "            application/json:\n              schema:\n"
        "                type: integer\n                default: big\n"
    )
    assert _located(spec) == [
        (
            "spec.yaml",
            13,
            "/paths/~1a/get/responses/200/content/application~1json/schema/default",
            "default: \"big\" is not of type 'integer'",
        )
    ]
