"""The Go SDK of every feature fixture (tests/cases) builds and is gofmt- and vet-clean, and spec
text that is hostile to Go source (names, descriptions) reaches it only escaped."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.diagnostics import GenerationError
from generator.ir.nodes import Operation
from generator.pipeline import generate
from generator.settings import load_settings
from generator.targets.go.naming import exported, package_name, settle, unexported
from tests.support.golang import build, go, gofmt_binary, program_module, write_sdk
from tests.support.server import LoopbackServer, Reply

CASES = Path(__file__).resolve().parent / "cases"
FIXTURES = sorted(
    p.name
    for p in CASES.iterdir()
    if (p / "spec.yaml").exists() and not p.name.startswith("error_")
)
# What the Go target cannot write yet: each such operation is left out with a warning.
LEFT_OUT = {
    "bodies": "post /batches",
    "read_write_only": "post /shapes",
    "request_shapes": "post /uploads",
    "streaming": "get /files/{file_id}/content",
}


def write_go(spec: Path, config: Path | None, out: Path) -> tuple[Path, list[str]]:
    result = generate(spec, config if config and config.exists() else None)
    warnings: list[str] = []

    def warn(op: Operation, message: str) -> None:
        warnings.append(message)

    return write_sdk(result.api, spec.name, out, warn), warnings


def assert_clean(module: Path) -> None:
    listed = subprocess.run(
        [str(gofmt_binary()), "-l", "."], cwd=module, capture_output=True, text=True
    )
    assert listed.returncode == 0 and listed.stdout == "", listed.stdout + listed.stderr
    vet = go("vet", "./...", cwd=module)
    assert vet.returncode == 0, vet.stderr


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_go_sdk_builds_clean(name: str, tmp_path: Path) -> None:
    module, warnings = write_go(
        CASES / name / "spec.yaml", CASES / name / "sdk.yaml", tmp_path
    )
    assert_clean(module)
    # The README's example program builds against the module.
    example = re.search(r"```go\n(.*?)```", (module / "README.md").read_text(), re.S)
    assert example is not None
    module_path = (module / "go.mod").read_text().split("\n", 1)[0].split()[1]
    build(program_module(tmp_path / "example", example.group(1), module_path, module))
    if name in LEFT_OUT:
        assert any(LEFT_OUT[name] in w for w in warnings), warnings
    else:
        assert warnings == []


HOSTILE_TEXT = 'Line one\n    indented code\n- a list\n# Heading\n*/ `tick` "q" \\ \u202eevil\u202c\x07'
HOSTILE = {
    "openapi": "3.1.0",
    "info": {
        "title": "Hostile 'API' \"x\"",
        "version": "1.0.0",
        "description": HOSTILE_TEXT,
    },
    "servers": [{"url": 'http://localhost/"`'}],
    "paths": {
        "/items/{type}": {
            "post": {
                "operationId": "createItem",
                "summary": HOSTILE_TEXT,
                "description": HOSTILE_TEXT,
                "parameters": [
                    {
                        "name": "type",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {
                        "name": 'q"`uote',
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": HOSTILE_TEXT,
                    },
                    {"name": "X-Weird`", "in": "header", "schema": {"type": "string"}},
                ],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "json": {
                                        "type": "string",
                                        "description": HOSTILE_TEXT,
                                    },
                                    "JSON": {"type": "string"},
                                    "marshal_json": {"type": "integer"},
                                    'a,b`c"d': {"type": "boolean"},
                                    "2fa": {"type": "number"},
                                },
                            }
                        }
                    }
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "description": HOSTILE_TEXT,
                                    "properties": {
                                        "json": {"type": "string"},
                                        "extra_fields": {"type": "string"},
                                        "raw_json": {"type": "string"},
                                        "two words": {"type": "string"},
                                        'a,b`c"d': {
                                            "type": "string",
                                            "description": HOSTILE_TEXT,
                                        },
                                    },
                                }
                            }
                        },
                    }
                },
            }
        }
    },
}

HOSTILE_MAIN = """package main

import (
	"context"
	"fmt"

	"hostileapix"
)

func main() {
	client := hostileapix.NewClient()
	res, err := client.Items.New(context.Background(), "a/b", hostileapix.ItemsNewParams{
		QUote:            hostileapix.F("v"),
		JSON:             hostileapix.F("upper"),
		JSONField:        hostileapix.F("lower"),
		MarshalJSONField: hostileapix.Int(7),
		ABCD:             hostileapix.Bool(true),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.JSONField, res.ABCD, res.JSON.JSONField.IsValid(), res.TwoWords)
}
"""


def test_hostile_names_and_text_stay_data(
    tmp_path: Path, server: LoopbackServer
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(HOSTILE), encoding="utf-8")
    config = tmp_path / "sdk.yaml"
    config.write_text(
        "resources:\n  items:\n    methods:\n      create: post /items/{type}\n"
    )
    module, warnings = write_go(spec, config, tmp_path / "out")
    assert warnings == []
    assert_clean(module)
    source = (module / "items.go").read_text(encoding="utf-8")
    assert "\u202e" not in source and "\x07" not in source
    program = program_module(tmp_path / "prog", HOSTILE_MAIN, "hostileapix", module)
    server.reply(Reply(200, {"json": "j", 'a,b`c"d': "wire", "two words": "sp"}))
    env = {**os.environ, "HOSTILE_API_X_BASE_URL": server.url}
    binary = build(program)
    run = subprocess.run(
        [str(binary)], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == "j wire true sp\n"
    request = server.last
    assert request.target == "/items/a%2Fb?q%22%60uote=v"
    assert request.json() == {
        "JSON": "upper",
        'a,b`c"d': True,
        "json": "lower",
        "marshal_json": 7,
    }
    assert request.headers["content-type"] == "application/json"


def test_a_left_out_operation_is_a_located_warning_of_the_run(tmp_path: Path) -> None:
    config = tmp_path / "sdk.yaml"
    config.write_text("targets:\n  go: {}\n", encoding="utf-8")
    result = generate(CASES / "bodies" / "spec.yaml", config)
    found = [
        w for w in result.api.warnings if "the Go SDK leaves out post /batches" in w
    ]
    assert len(found) == 1
    assert re.match(
        r"^\S+spec\.yaml:\d+: /paths/~1batches/post: warning: ", found[0]
    ), found
    assert "go/go.mod" in result.files and "go/batches.go" in result.files


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "targets:\n  rust: {}\n",
            "/targets/rust: unknown target; known: go, java, python",
        ),
        (
            "targets:\n  go:\n    module: 'a b'\n",
            "/targets/go/module: 'a b' is not a valid Go module path",
        ),
        (
            "targets:\n  go:\n    package: Upper\n",
            "/targets/go/package: 'Upper' is not a valid Go package name",
        ),
        (
            "targets:\n  go:\n    package: func\n",
            "/targets/go/package: 'func' is a Go keyword or predeclared name",
        ),
        (
            "targets:\n  go:\n    modul: x\n",
            "/targets/go/modul: unknown key; expected 'module' or 'package'",
        ),
        (
            "targets:\n  python:\n    package: x\n",
            "/targets/python: the Python target takes its settings",
        ),
    ],
)
def test_bad_target_settings_are_located(
    tmp_path: Path, text: str, message: str
) -> None:
    config = tmp_path / "sdk.yaml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(GenerationError) as caught:
        load_settings(config)
    assert any(message in d.format() for d in caught.value.diagnostics), [
        d.format() for d in caught.value.diagnostics
    ]
    assert all(d.line is not None for d in caught.value.diagnostics)


def test_go_names() -> None:
    assert [
        exported(w)
        for w in ["index_ids", "session_id", "duration_ms", "api-url", "2fa"]
    ] == [
        "IndexIDs",
        "SessionID",
        "DurationMs",
        "APIURL",
        "X2Fa",
    ]
    assert [unexported(w) for w in ["item_id", "type", "ID", "len"]] == [
        "itemID",
        "type_",
        "id",
        "len_",
    ]
    # Sorted key order settles collisions, whatever order the spec lists the keys in.
    names = settle(
        ["json", "JSON", "Json"],
        {k: exported(k) for k in ["json", "JSON", "Json"]},
        {"JSON"},
    )
    assert names == {"JSON": "JSONField", "Json": "JSONField2", "json": "JSONField3"}
    assert (
        package_name("LlamaCloud") == "llamacloud"
        and package_name("9 Lives") == "sdk9lives"
    )


NODE = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string"},
        "parent": {"anyOf": [{"$ref": "#/components/schemas/Node"}, {"type": "null"}]},
        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        "link": {"$ref": "#/components/schemas/Link"},
    },
}
CYCLE = {
    "openapi": "3.1.0",
    "info": {"title": "Tree", "version": "1.0.0"},
    "paths": {
        "/nodes": {
            "get": {
                "operationId": "getNode",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Node"}
                            }
                        },
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Node": NODE,
            "Link": {
                "type": "object",
                "properties": {"target": {"$ref": "#/components/schemas/Node"}},
            },
        }
    },
}
CYCLE_MAIN = """package main

import (
	"context"
	"fmt"

	"tree"
)

func main() {
	node, err := tree.NewClient().Nodes.Get(context.Background())
	if err != nil {
		panic(err)
	}
	fmt.Println(node.Name, node.Parent.Name, node.Parent.Parent == nil, node.Children[0].Name,
		node.Link.Target.Name, node.JSON.Parent.IsValid(), node.Parent.JSON.Parent.IsNull())
}
"""


def test_a_model_holding_itself_is_reached_through_a_pointer(
    tmp_path: Path, server: LoopbackServer
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(CYCLE), encoding="utf-8")
    config = tmp_path / "sdk.yaml"
    config.write_text(
        "resources:\n  nodes:\n    methods:\n      retrieve: get /nodes\n"
    )
    module, warnings = write_go(spec, config, tmp_path / "out")
    assert_clean(module)
    binary = build(program_module(tmp_path / "prog", CYCLE_MAIN, "tree", module))
    server.reply(
        Reply(
            200,
            {
                "name": "leaf",
                "parent": {"name": "root", "parent": None},
                "children": [{"name": "kid"}],
                "link": {"target": {"name": "far"}},
            },
        )
    )
    env = {**os.environ, "TREE_BASE_URL": server.url}
    run = subprocess.run(
        [str(binary)], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == "leaf root true kid far true true\n"


def test_string_enums_are_named_types_with_constants(tmp_path: Path) -> None:
    module, _ = write_go(
        CASES / "collisions" / "spec.yaml", CASES / "collisions" / "sdk.yaml", tmp_path
    )
    source = (module / "class.go").read_text(encoding="utf-8")
    assert "type ClassClassParamsShade string" in source
    # Settled in sorted order: "RED" < "Red" < "red".
    assert 'ClassClassParamsShadeRed3 ClassClassParamsShade = "red"' in source
    assert 'ClassClassParamsShadeRed  ClassClassParamsShade = "RED"' in source
    assert "Shade param.Field[ClassClassParamsShade]" in source


def test_resource_file_names_stay_in_every_build() -> None:
    from generator.targets.go.naming import file_names

    names = file_names(
        [
            ("client",),
            ("servers", "windows"),
            ("x", "test"),
            ("a_b",),
            ("a", "b"),
            ("beta", "chat"),
        ]
    )
    assert names == {
        ("a", "b"): "a_b.go",
        ("a_b",): "a_b2.go",
        ("beta", "chat"): "beta_chat.go",
        ("client",): "client2.go",
        ("servers", "windows"): "servers_windows_resource.go",
        ("x", "test"): "x_test_resource.go",
    }
