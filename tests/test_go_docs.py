"""The Go section of the docs pages: its example programs build and run against the generated Go
SDK, and every Go name it prints is one the SDK declares, with the type the SDK gives it (so a
drift between the docs and the Go target's naming fails here).

Read from the golden trees (``generated/`` and ``tests/cases/collisions/expected``), which
``tests/test_golden.py`` holds to what the generator writes now.
"""

from __future__ import annotations

import copy
import json
import os
import random
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from generator import pipeline
from generator.cache import Cache
from generator.emit.write import Staging
from tests.docs._support import (
    DocPackage,
    Run,
    main_package,
    package_from_tree,
    reply_for,
    run_python,
    same_request,
)
from tests.support.generated import CaseMaker
from tests.support.golang import build, go, gofmt_binary, program_module
from tests.support.server import LoopbackServer, Reply, running
from tests.test_go_seed import MODULE, seed_program_and_reply

ROOT = Path(__file__).resolve().parent.parent
TREES = {
    "generated": ROOT / "generated",
    "collisions": ROOT / "tests" / "cases" / "collisions" / "expected",
}
EXAMPLE = re.compile(r"^### Example \(Go\)\n\n```go\n(.*?)^```$", re.M | re.S)


def go_section(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    assert "\n## Go\n" in text, f"{page} has no Go section"
    return text[text.index("\n## Go\n") :]


def example(page: Path) -> str:
    match = EXAMPLE.search(go_section(page))
    assert match is not None, f"{page} has no Go example"
    return match.group(1)


def gofmt_clean(folder: Path) -> None:
    listed = subprocess.run(
        [str(gofmt_binary()), "-l", "."], cwd=folder, capture_output=True, text=True
    )
    assert listed.returncode == 0 and listed.stdout == "", listed.stdout + listed.stderr


def test_the_create_page_example_builds_and_prints_the_session_id(
    tmp_path: Path, server: LoopbackServer
) -> None:
    page = TREES["generated"] / "docs" / "beta" / "chat" / "create.md"
    program = example(page)
    assert "client.Beta.Chat.New(context.TODO()" in program
    server.reply(Reply(200, seed_program_and_reply()[1]))
    folder = program_module(
        tmp_path / "page", program, MODULE, TREES["generated"] / "go"
    )
    gofmt_clean(folder)
    binary = build(folder)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLAMA_CLOUD")}
    env["LLAMA_CLOUD_BASE_URL"] = server.url
    result = subprocess.run(
        [str(binary)], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ses-abc123\n"
    assert len(server.requests) == 1
    request = server.last
    assert (request.method, request.target) == ("POST", "/api/v1/chat")
    assert request.headers["authorization"] == "Bearer My API Key"
    assert request.body == b""  # the example sets no parameter: nothing is sent


def test_the_create_page_reads_as_the_seed_page() -> None:
    """Seed 004's signature, params and response fields, with their Go types."""
    section = go_section(TREES["generated"] / "docs" / "beta" / "chat" / "create.md")
    for line in (
        "client.Beta.Chat.New(ctx, params) (*BetaChatNewResponse, error)",
        "- `params BetaChatNewParams`",
        "  - `OrganizationID param.Field[string]` — optional, format `uuid`",
        "  - `IndexIDs param.Field[[]string]` — optional",
        "    Body param: Indexes this session will retrieve from.",
        "`type BetaChatNewResponse struct{…}`",
        "- `SessionID string` — required",
        "- `JobMetadata BetaChatNewResponseJobMetadata` — optional",
        "  - `DurationMs float64` — optional",
        "  - `TotalInputTokens int64` — optional",
    ):
        assert "\n" + line in section, line


# --------------------------------------------------------------------------- the Go tree's names


@dataclass
class GoTree:
    structs: dict[str, dict[str, str]] = field(
        default_factory=dict
    )  # name → field → type
    methods: dict[tuple[str, str], tuple[list[str], str]] = field(default_factory=dict)
    constants: dict[str, tuple[str, str]] = field(
        default_factory=dict
    )  # → (type, literal)


_STRUCT = re.compile(r"^type (\w+) struct \{\n(.*?)^\}", re.M | re.S)
_FIELD = re.compile(r"^\t(\w+)\s+(\S+)")
_METHOD = re.compile(r"^func \(r \*(\w+)\) (\w+)\((.*)\) (.*) \{$", re.M)
_CONSTANT = re.compile(r"^\t(\w+)\s+(\w+)\s+= (\".*\")$", re.M)


def read_go_tree(module: Path) -> GoTree:
    """The root package's declarations, read from its source as gofmt leaves it."""
    tree = GoTree()
    for path in sorted(module.glob("*.go")):
        text = path.read_text(encoding="utf-8")
        for match in _STRUCT.finditer(text):
            lines = match.group(2).splitlines()
            fields = [_FIELD.match(line) for line in lines]
            tree.structs[match.group(1)] = {f.group(1): f.group(2) for f in fields if f}
        for match in _METHOD.finditer(text):
            args = [a.split()[0] for a in match.group(3).split(", ")]
            result = match.group(4).replace("res ", "").replace("err error", "error")
            if result == "(error)":
                result = "error"
            tree.methods[(match.group(1), match.group(2))] = (args, result)
        for match in _CONSTANT.finditer(text):
            tree.constants[match.group(1)] = (match.group(2), match.group(3))
    return tree


def named(go_type: str) -> str:
    """The named type a field's type holds: ``param.Field[[]*Pet]`` → ``Pet``."""
    if go_type.startswith("param.Field[") and go_type.endswith("]"):
        go_type = go_type[len("param.Field[") : -1]
    return re.sub(r"^(?:\*|\[\]|map\[string\])+", "", go_type)


_ROW = re.compile(r"^( *)- `(\S+) ([^`]+)`")
_CONSTANTS = re.compile(r"`(\w+)` \(`(\"(?:[^\"\\]|\\.)*\")`\)")


def check_section(section: str, tree: GoTree, where: str) -> int:
    """Every name the section prints, checked against ``tree``; how many were checked."""
    checked = 0
    signature = re.search(r"```go\nclient\.([\w.]+)\(([^)]*)\) (.+)\n```", section)
    assert signature is not None, where
    *chain, method = signature.group(1).split(".")
    owner = "Client"
    for hop in chain:  # client.Beta.Chat: Client.Beta is a *BetaService, …
        kind = tree.structs[owner].get(hop)
        assert kind is not None and kind.startswith("*"), f"{where}: {owner}.{hop}"
        owner = kind[1:]
        checked += 1
    assert (owner, method) in tree.methods, f"{where}: {owner}.{method}"
    args, result = tree.methods[(owner, method)]
    assert [*signature.group(2).split(", "), "opts"] == args, where
    assert signature.group(3) == result, where
    checked += 1
    # Each listing: a row's type is its field's type in the struct it is listed under; a
    # struct-typed row's fields follow it, two spaces deeper.
    parents: list[tuple[int, str]] = []
    listing, last = "", ""
    for line in section.splitlines():
        if line.startswith("### "):
            listing, parents = line, []
        if listing == "### Returns (Go)" and (
            m := re.match(r"`type (\w+) struct\{…\}`", line)
        ):
            parents = [(-2, m.group(1))]
            continue
        if listing != "### Example (Go)" and (
            m := re.match(r"^ *One of (.*)\.$", line)
        ):
            # The enum constants of the row above: declared, of its type, for its values.
            for constant, literal in _CONSTANTS.findall(m.group(1)):
                assert tree.constants.get(constant) == (last, literal), constant
                checked += 1
            continue
        row = _ROW.match(line)
        if row is None or listing == "### Example (Go)":
            continue
        depth, name, go_type = len(row.group(1)), row.group(2), row.group(3)
        last = named(go_type)
        while parents and parents[-1][0] >= depth:
            parents.pop()
        if name in ("ctx", "params") and not parents:
            if name == "params":
                assert go_type in tree.structs, f"{where}: {go_type}"
                parents = [(depth, go_type)]
            checked += 1
            continue
        if parents:
            owner_struct = parents[-1][1]
            declared = tree.structs[owner_struct].get(name)
            assert declared == go_type, f"{where}: {owner_struct}.{name} is {declared}"
        else:  # a path argument
            assert name in args, f"{where}: argument {name}"
        checked += 1
        if last in tree.structs:
            parents.append((depth, last))
    return checked


@pytest.mark.parametrize("name", sorted(TREES))
def test_every_go_name_on_the_pages_is_declared_by_the_go_sdk(name: str) -> None:
    tree = read_go_tree(TREES[name] / "go")
    pages = sorted((TREES[name] / "docs").rglob("*.md"))
    assert pages
    checked = sum(check_section(go_section(p), tree, str(p)) for p in pages)
    assert checked >= 2 * len(pages)
    # The index's Go column: each call's services and method.
    index = (TREES[name] / "api.md").read_text(encoding="utf-8")
    calls = re.findall(r"\| `client\.([\w.]+)\(\)` \|$", index, re.M)
    assert len(calls) == len(pages)
    for call in calls:
        *chain, method = call.split(".")
        owner = "Client"
        for hop in chain:
            owner = tree.structs[owner][hop].removeprefix("*")
        assert (owner, method) in tree.methods, call


def test_every_collisions_page_example_builds_and_is_gofmt_clean(
    tmp_path: Path,
) -> None:
    """One package per page in one module: a single gofmt and vet over all of them."""
    sdk = TREES["collisions"] / "go"
    module_path = (sdk / "go.mod").read_text().split("\n", 1)[0].split()[1]
    assert module_path == "example.com/clash-go"
    folder = program_module(
        tmp_path / "examples", "package examples\n", module_path, sdk
    )
    (folder / "main.go").unlink()
    pages = sorted((TREES["collisions"] / "docs").rglob("*.md"))
    for i, page in enumerate(pages):
        (folder / f"page{i}").mkdir()
        (folder / f"page{i}" / "main.go").write_text(example(page), encoding="utf-8")
    gofmt_clean(folder)
    vet = go("vet", "./...", cwd=folder)
    assert vet.returncode == 0, vet.stderr


def test_example_literals_are_aligned_as_gofmt_aligns_them(tmp_path: Path) -> None:
    """The params literal's keys, of lengths around go/printer's thresholds (40 characters,
    a 2.5 ratio to the geometric mean), laid out by the docs and left alone by gofmt."""
    from generator.targets.go.docs import _literal

    rng = random.Random(21)
    lengths = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 16, 20, 30, 39, 40, 41, 45, 60, 100]
    lines = ["package p", ""]
    for _ in range(400):
        keys = [
            "K" * n + str(i)
            for i, n in enumerate(rng.choices(lengths, k=rng.randint(2, 7)))
        ]
        literal = _literal("T", [(k, "1") for k in keys])
        lines += ["var _ = " + literal[0], *literal[1:], ""]
    (tmp_path / "p.go").write_text("\n".join(lines), encoding="utf-8")
    gofmt_clean(tmp_path)


# --------------------------------------------------------------------------- Go and Python agree


def run_go_example(pkg: DocPackage, program: Path, reply: Any) -> Run:
    with running() as server:
        server.default.body = reply
        done = subprocess.run(
            [str(program)],
            env=pkg.env(server.url),
            capture_output=True,
            text=True,
            timeout=60,
        )
        return Run(done.returncode, done.stdout, done.stderr, list(server.requests))


@pytest.mark.parametrize("name", sorted(TREES))
def test_each_go_example_sends_what_the_python_example_sends(
    name: str, tmp_path: Path, generated_case: CaseMaker
) -> None:
    """Each page's Go and Python examples, run against a server answering the page's example
    response: the same method, path, query and body, and the Go one prints the result.
    """
    if name == "generated":
        pkg = main_package(tmp_path / "runs")
    else:
        made = generated_case(name)
        pkg = package_from_tree(name, made.root, made.result.api, tmp_path / "runs")
    sdk = TREES[name] / "go"
    module_path = (sdk / "go.mod").read_text().split("\n", 1)[0].split()[1]
    problems: list[str] = []
    try:
        for page in pkg.pages:
            if page.op is None or "### Example (Go)" not in page.text:
                continue
            reply = reply_for(pkg, page)
            python = next(b.code for b in page.examples() if b.language == "python")
            py_run = run_python(pkg, python, reply)
            folder = tmp_path / page.path.replace("/", "_")
            binary = build(
                program_module(folder, example(pkg.root / page.path), module_path, sdk)
            )
            go_run = run_go_example(pkg, binary, reply)
            if go_run.code != 0 or len(go_run.requests) != 1:
                problems.append(
                    f"{page.path}: the Go example failed: {go_run.describe()}"
                )
                continue
            returns = page.op.response is not None and page.op.response.type is not None
            if returns and not go_run.stdout.strip():
                problems.append(f"{page.path}: the Go example printed nothing")
            problems += [
                f"{page.path}: go vs python: {p}"
                for p in same_request(py_run.requests[0], go_run.requests[0])
            ]
            # The key the example gives, sent as the API's primary credential.
            if pkg.api.auth.kind == "bearer":
                auth = go_run.requests[0].headers.get("authorization")
                if auth != "Bearer My API Key":
                    problems.append(f"{page.path}: the Go example sent {auth!r}")
    finally:
        pkg.close()
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- regeneration


MEMO_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Pets", "version": "1"},
    "paths": {
        "/a": {
            "get": {
                "operationId": "first",
                "tags": ["items"],
                "responses": {"204": {"description": "none"}},
            }
        },
        "/b": {
            "get": {
                "operationId": "second",
                "tags": ["items"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Pet"}
                            }
                        },
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Pet": {"type": "object", "properties": {"name": {"type": "string"}}}
        }
    },
}


def test_a_regeneration_remakes_a_page_whose_go_names_another_edit_changed(
    tmp_path: Path,
) -> None:
    """Go names are claimed across the API (a model keeps the name of its first use), so an edit
    to one operation can rename a type another operation's page shows: that page is made again,
    not taken from the folder, though its own operation did not change."""
    spec, config, out = tmp_path / "spec.json", tmp_path / "sdk.yaml", tmp_path / "out"
    config.write_text("naming: tags\ntargets:\n  go: {}\n", encoding="utf-8")
    document = copy.deepcopy(MEMO_SPEC)
    spec.write_text(json.dumps(document), encoding="utf-8")

    def generate_into() -> pipeline.Result:
        staging = Staging(out)
        try:
            result = pipeline.generate(
                spec, config, cache=Cache(tmp_path / "cache"), staging=staging
            )
            staging.commit(result.files)
        finally:
            staging.discard()
        return result

    first = generate_into()
    page = "docs/items/second.md"
    assert b"(*ItemsSecondResponse, error)" in first.files[page]
    # The first operation now answers a Pet too: Pet's Go name is the first operation's.
    paths = document["paths"]
    paths["/a"]["get"]["responses"] = paths["/b"]["get"]["responses"]
    spec.write_text(json.dumps(document), encoding="utf-8")
    again = generate_into()
    assert page not in again.reused
    assert b"(*ItemsFirstResponse, error)" in again.files[page]
    assert again.files == pipeline.generate(spec, config).files
    assert again.reused  # the memo was at work: other files were taken as they were
