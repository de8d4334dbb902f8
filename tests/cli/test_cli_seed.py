"""The generated ``llamacloud-prod`` against a real server on 127.0.0.1: requests, formats, errors.

Each test runs the CLI in a subprocess, as a user or a CI job does.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from tests.support.server import LoopbackServer, Reply
from _cli_support import PROG, SEED_RESPONSE, TEST_KEY, Cli, cli_argv, no_traceback

ANSI = re.compile(r"\x1b\[[0-9;]*m")

# The seed page's CLI example, character for character (docs: seeds/003, "Example").
SEED_EXAMPLE = "llamacloud-prod beta:chat create \\\n  --api-key 'My API Key'\n"


# --------------------------------------------------------------------------- the seed example


def test_seed_example_verbatim_prints_the_response_json(
    cli: Cli, server: LoopbackServer, cli_bin_dir: Path
) -> None:
    result = cli.shell(SEED_EXAMPLE, cli_bin_dir, env={"LLAMA_CLOUD_API_KEY": None})
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout) == SEED_RESPONSE
    request = server.last
    assert (request.method, request.path) == ("POST", "/api/v1/chat")
    assert request.headers["authorization"] == "Bearer My API Key"
    assert request.body == b""  # no body flag given: no body sent


# --------------------------------------------------------------------------- where flags land


@pytest.mark.parametrize(
    "flags",
    [
        ["--index-id", "idx-a", "--index-id", "idx-b"],
        ["--index-id", "[idx-a, idx-b]"],
        ["--index-id", '["idx-a", "idx-b"]'],
        ["--index-id", "idx-a", "--index-id", "[idx-b]"],
    ],
    ids=["repeated", "yaml-list", "json-list", "mixed"],
)
def test_index_id_forms_send_the_same_body(
    cli: Cli, server: LoopbackServer, flags: list[str]
) -> None:
    result = cli("beta:chat", "create", *flags)
    assert result.code == 0, result.stderr
    assert server.last.json() == {"index_ids": ["idx-a", "idx-b"]}
    assert server.last.headers["content-type"].startswith("application/json")


def test_array_item_from_a_file(
    cli: Cli, server: LoopbackServer, tmp_path: Path
) -> None:
    path = os.path.join(str(tmp_path), "ids.yaml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("- idx-a\n- idx-b\n")
    result = cli("beta:chat", "create", "--index-id", f"@{path}")
    assert result.code == 0, result.stderr
    assert server.last.json() == {"index_ids": ["idx-a", "idx-b"]}


def test_empty_list_is_sent_as_an_empty_array(cli: Cli, server: LoopbackServer) -> None:
    assert cli("beta:chat", "create", "--index-id", "[]").code == 0
    assert server.last.json() == {"index_ids": []}


def test_query_and_cookie_flags_land_in_the_query_and_cookie(
    cli: Cli, server: LoopbackServer
) -> None:
    result = cli(
        "beta:chat",
        "create",
        "--organization-id",
        "org-1",
        "--project-id",
        "proj-2",
        "--session",
        "sess-3",
    )
    assert result.code == 0, result.stderr
    request = server.last
    assert request.query == {"organization_id": ["org-1"], "project_id": ["proj-2"]}
    assert request.cookies == {"session": "sess-3"}
    assert request.body == b""


def test_stdin_body_merges_with_flags(cli: Cli, server: LoopbackServer) -> None:
    body = json.dumps({"index_ids": ["from-stdin"], "extra_field": {"x": 1}})
    result = cli("beta:chat", "create", "--organization-id", "org-1", stdin=body)
    assert result.code == 0, result.stderr
    assert server.last.json() == {"index_ids": ["from-stdin"], "extra_field": {"x": 1}}
    assert server.last.query == {"organization_id": ["org-1"]}


def test_flags_win_over_the_stdin_body(cli: Cli, server: LoopbackServer) -> None:
    result = cli(
        "beta:chat",
        "create",
        "--index-id",
        "from-flag",
        stdin="index_ids: [from-stdin]\nkeep: true\n",
    )
    assert result.code == 0, result.stderr
    assert server.last.json() == {"index_ids": ["from-flag"], "keep": True}


def test_stdin_null_is_sent_as_json_null(cli: Cli, server: LoopbackServer) -> None:
    assert cli("beta:chat", "create", stdin='{"index_ids": null}').code == 0
    assert server.last.json() == {"index_ids": None}


def test_stdin_that_is_not_an_object_is_a_usage_error(
    cli: Cli, server: LoopbackServer
) -> None:
    result = cli("beta:chat", "create", stdin="[1, 2]")
    assert result.code == 2
    assert "stdin" in result.stderr and "object" in result.stderr
    assert server.requests == []


# --------------------------------------------------------------------------- global flags


def test_global_flags_work_before_the_resource(
    cli: Cli, server: LoopbackServer
) -> None:
    result = cli(
        "--api-key",
        "key-before",
        "--base-url",
        server.url,
        "--format",
        "yaml",
        "beta:chat",
        "create",
        env={"LLAMA_CLOUD_API_KEY": None, "LLAMA_CLOUD_BASE_URL": None},
    )
    assert result.code == 0, result.stderr
    assert yaml.safe_load(result.stdout) == SEED_RESPONSE
    assert server.last.headers["authorization"] == "Bearer key-before"


def test_global_flag_on_the_method_wins_over_one_before_the_resource(
    cli: Cli, server: LoopbackServer
) -> None:
    result = cli(
        "--api-key",
        "outer",
        "--format",
        "yaml",
        "beta:chat",
        "create",
        "--api-key",
        "inner",
        "--format",
        "jsonl",
    )
    assert result.code == 0, result.stderr
    assert server.last.headers["authorization"] == "Bearer inner"
    assert result.stdout.count("\n") == 1  # jsonl, not yaml


def test_flag_beats_environment(cli: Cli, server: LoopbackServer) -> None:
    assert cli("beta:chat", "create", "--api-key", "from-flag").code == 0
    assert server.last.headers["authorization"] == "Bearer from-flag"
    assert cli("beta:chat", "create").code == 0
    assert server.last.headers["authorization"] == f"Bearer {TEST_KEY}"


def test_base_url_flag_points_at_the_server(cli: Cli, server: LoopbackServer) -> None:
    result = cli(
        "beta:chat",
        "create",
        "--base-url",
        server.url,
        env={"LLAMA_CLOUD_BASE_URL": "http://127.0.0.1:9"},
    )
    assert result.code == 0, result.stderr
    assert len(server.requests) == 1


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.code == 0
    assert re.fullmatch(rf"{PROG} \d+\.\d+\.\d+\S*\n", result.stdout)


# --------------------------------------------------------------------------- output formats


def test_format_json_is_indented_json(cli: Cli) -> None:
    result = cli("beta:chat", "create", "--format", "json", env={"FORCE_COLOR": "1"})
    assert result.code == 0
    assert result.stdout == json.dumps(SEED_RESPONSE, indent=2) + "\n"  # never coloured


def test_default_format_is_plain_json_when_piped(cli: Cli) -> None:
    result = cli("beta:chat", "create")
    assert result.code == 0
    assert "\x1b[" not in result.stdout
    assert result.stdout == json.dumps(SEED_RESPONSE, indent=2) + "\n"


def test_format_pretty_is_coloured_on_a_terminal(
    server: LoopbackServer, cli: Cli
) -> None:
    import pty

    leader, follower = pty.openpty()
    env = dict(cli.env, TERM="xterm")
    try:
        proc = subprocess.run(
            [*cli_argv(), "beta:chat", "create", "--format", "pretty"],
            stdin=subprocess.DEVNULL,
            stdout=follower,
            stderr=subprocess.PIPE,
            env=env,
            timeout=30,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal's other end is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    assert proc.returncode == 0, proc.stderr
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert "\x1b[" in text
    assert json.loads(ANSI.sub("", text)) == SEED_RESPONSE


def test_no_color_turns_colour_off_and_force_color_on(cli: Cli) -> None:
    forced = cli("beta:chat", "create", "--format", "pretty", env={"FORCE_COLOR": "1"})
    assert "\x1b[" in forced.stdout
    assert json.loads(ANSI.sub("", forced.stdout)) == SEED_RESPONSE
    off = cli(
        "beta:chat",
        "create",
        "--format",
        "pretty",
        env={"FORCE_COLOR": "1", "NO_COLOR": "1"},
    )
    assert "\x1b[" not in off.stdout


def test_format_yaml(cli: Cli) -> None:
    result = cli("beta:chat", "create", "--format", "yaml")
    assert result.code == 0
    assert yaml.safe_load(result.stdout) == SEED_RESPONSE
    assert result.stdout.startswith("last_updated_at: ")


def test_format_jsonl_is_one_compact_line(cli: Cli) -> None:
    result = cli("beta:chat", "create", "--format", "jsonl")
    assert result.code == 0
    assert result.stdout.count("\n") == 1
    assert json.loads(result.stdout) == SEED_RESPONSE


def test_format_raw_is_the_body_as_received(cli: Cli, server: LoopbackServer) -> None:
    body = b'{"session_id":   "ses-1",\n "last_updated_at": "t", "unknown": [1,2]}'
    server.reply(Reply(200, body, {"content-type": "application/json"}))
    result = cli("beta:chat", "create", "--format", "raw")
    assert result.code == 0
    assert result.stdout == body.decode()


def test_transform_selects_part_of_the_response(cli: Cli) -> None:
    selected = cli("beta:chat", "create", "--transform", "session_id")
    assert selected.stdout == '"ses-abc123"\n'
    raw = cli("beta:chat", "create", "--transform", "index_ids.1", "--format", "raw")
    assert raw.stdout == "idx-def456\n"  # strings print bare in raw
    count = cli("beta:chat", "create", "--transform", "index_ids.#")
    assert count.stdout == "2\n"
    listed = cli("beta:chat", "create", "--transform", "index_ids", "--format", "jsonl")
    assert listed.stdout == '"idx-abc123"\n"idx-def456"\n'  # jsonl: one line per item


def test_transform_that_matches_nothing_fails_plainly(cli: Cli) -> None:
    result = cli("beta:chat", "create", "--transform", "no.such.key")
    assert result.code == 1
    assert "--transform 'no.such.key' matched nothing" in result.stderr
    no_traceback(result)


def test_unknown_format_is_a_usage_error(cli: Cli, server: LoopbackServer) -> None:
    result = cli("beta:chat", "create", "--format", "xml")
    assert result.code == 2
    assert "Usage:" in result.stderr and "xml" in result.stderr
    assert server.requests == []


# --------------------------------------------------------------------------- errors


def test_api_error_prints_status_and_server_message(
    cli: Cli, server: LoopbackServer
) -> None:
    server.reply(Reply(404, {"detail": "Project proj-9 not found"}))
    result = cli("beta:chat", "create", "--project-id", "proj-9")
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr == "Error: 404 Not Found: Project proj-9 not found\n"


def test_validation_error_lists_each_problem(cli: Cli, server: LoopbackServer) -> None:
    detail = [
        {
            "loc": ["body", "index_ids", 0],
            "msg": "Input should be a valid string",
            "type": "string_type",
        },
        {"loc": ["query", "project_id"], "msg": "Input should be a valid UUID"},
    ]
    server.reply(Reply(422, {"detail": detail}))
    result = cli("beta:chat", "create", "--index-id", "x")
    assert result.code == 1
    assert result.stderr == (
        "Error: 422 Unprocessable Entity: body.index_ids.0: Input should be a valid string\n"
        "  query.project_id: Input should be a valid UUID\n"
    )


def test_server_error_with_a_text_body(cli: Cli, server: LoopbackServer) -> None:
    server.reply(Reply(503, "upstream is down"))
    result = cli("beta:chat", "create", "--max-retries", "0")
    assert result.code == 1
    assert result.stderr == "Error: 503 Service Unavailable: upstream is down\n"
    assert len(server.requests) == 1  # --max-retries 0 reached the client


def test_connection_refused_says_so(cli: Cli) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = cli(
        "beta:chat",
        "create",
        "--max-retries",
        "0",
        "--base-url",
        f"http://127.0.0.1:{port}",
    )
    assert result.code == 1
    assert result.stderr.startswith(
        f"Error: could not connect to http://127.0.0.1:{port}: "
    )
    assert "refused" in result.stderr.lower()
    no_traceback(result)


def test_timeout_says_so(cli: Cli, server: LoopbackServer) -> None:
    server.reply(Reply(200, SEED_RESPONSE, delay=3))
    result = cli("beta:chat", "create", "--timeout", "0.3", "--max-retries", "0")
    assert result.code == 1
    assert (
        "timed out" in result.stderr
        and "0.3 s" in result.stderr
        and "--timeout" in result.stderr
    )
    no_traceback(result)


def test_missing_api_key_says_how_to_give_it(cli: Cli, server: LoopbackServer) -> None:
    result = cli("beta:chat", "create", env={"LLAMA_CLOUD_API_KEY": None})
    assert result.code == 1
    assert "--api-key" in result.stderr and "LLAMA_CLOUD_API_KEY" in result.stderr
    assert server.requests == []
    no_traceback(result)


@pytest.mark.parametrize(
    "args, expected",
    [
        (["beta:chat", "create", "--no-such-flag"], "No such option"),
        (["beta:chat", "create", "--index-id"], "requires an argument"),
        (["beta:chat", "nope"], "No such command"),
        (["no:such"], "No such command"),
        (["beta:chat", "create", "--timeout", "soon"], "soon"),
    ],
)
def test_bad_command_lines_exit_2_with_usage(
    cli: Cli, server: LoopbackServer, args: list[str], expected: str
) -> None:
    result = cli(*args)
    assert result.code == 2
    assert "Usage:" in result.stderr and expected in result.stderr
    assert server.requests == []
    no_traceback(result)


def test_debug_shows_the_exchange_with_the_key_redacted(
    cli: Cli, server: LoopbackServer
) -> None:
    secret = "sk-live-very-secret-value"
    # A server that echoes the key back in a header with an innocent name: scrubbed by value.
    echo = {"set-cookie": "session=abc; Path=/", "x-echo": f"Bearer {secret}"}
    server.reply(Reply(200, SEED_RESPONSE, echo))
    result = cli(
        "beta:chat",
        "create",
        "--debug",
        "--api-key",
        secret,
        "--session",
        "cookie-secret",
        "--index-id",
        "a",
    )
    assert result.code == 0, result.stderr
    assert secret not in result.stderr and "cookie-secret" not in result.stderr
    assert secret not in result.stdout
    assert "> POST " in result.stderr and "/api/v1/chat" in result.stderr
    assert "> authorization: bearer <redacted>" in result.stderr.lower()
    assert "session=<redacted>" in result.stderr
    assert "< x-echo: Bearer <redacted>" in result.stderr
    assert '{"index_ids":["a"]}' in result.stderr  # the request body
    assert "< 200 OK" in result.stderr
    assert '"session_id": "ses-abc123"' in result.stderr  # the response body
    assert json.loads(result.stdout) == SEED_RESPONSE  # stdout stays clean for pipes
    assert server.last.headers["authorization"] == f"Bearer {secret}"


def test_debug_before_the_resource_works_too(cli: Cli) -> None:
    result = cli("--debug", "beta:chat", "create")
    assert result.code == 0
    assert "> POST " in result.stderr and TEST_KEY not in result.stderr


# --------------------------------------------------------------------------- help and start-up


def test_method_help_shows_descriptions_and_wire_locations(cli: Cli) -> None:
    result = cli("beta:chat", "create", "--help")
    assert result.code == 0
    text = " ".join(result.stdout.split())  # help is wrapped
    assert (
        "--index-id TEXT Body param: Indexes this session will retrieve from." in text
    )
    assert "Leave null to create an unbound session." in text
    assert "--organization-id UUID Query param" in text
    assert "--project-id UUID Query param" in text
    assert "--session TEXT Cookie param" in text
    assert "Create Session" in text and "POST /api/v1/chat" in text
    for flag in ("--api-key", "--base-url", "--format", "--transform", "--debug"):
        assert flag in text


def test_root_help_lists_resources_and_global_flags(cli: Cli) -> None:
    result = cli("--help")
    assert result.code == 0
    assert "beta:chat" in result.stdout and "completion" in result.stdout
    for flag in (
        "--api-key",
        "--base-url",
        "--format",
        "--transform",
        "--debug",
        "--version",
    ):
        assert flag in result.stdout
    assert (
        "LLAMA_CLOUD_API_KEY" in result.stdout
        and "LLAMA_CLOUD_BASE_URL" in result.stdout
    )


@pytest.mark.parametrize("args", [["--help"], ["beta:chat", "create", "--help"]])
def test_help_imports_neither_httpx_nor_pydantic(cli: Cli, args: list[str]) -> None:
    argv = cli_argv()
    if (
        argv[0] != sys.executable
    ):  # the console script: run it with this interpreter to time its imports
        argv = [sys.executable, argv[0]]
    proc = subprocess.run(
        [argv[0], "-X", "importtime", *argv[1:], *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=cli.env,
        timeout=30,
    )
    assert proc.returncode == 0, proc.stderr
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert any(n.endswith("_cli._commands") for n in imported)  # it sees imports at all
    heavy = sorted(
        name
        for name in imported
        if name.split(".")[0] in ("httpx", "pydantic", "httpcore", "yaml")
    )
    assert heavy == []


# --------------------------------------------------------------------------- completion


@pytest.mark.parametrize(
    "shell, marker",
    [("bash", "complete -o nosort -F"), ("zsh", "#compdef"), ("fish", "complete")],
)
def test_completion_script_generation(cli: Cli, shell: str, marker: str) -> None:
    result = cli("completion", shell)
    assert result.code == 0, result.stderr
    assert marker in result.stdout
    assert "_LLAMACLOUD_PROD_COMPLETE" in result.stdout
    assert PROG in result.stdout


def test_bash_completion_completes_resources_methods_and_flags(
    cli: Cli, cli_bin_dir: Path
) -> None:
    script = r"""
source <(llamacloud-prod completion bash)
t() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _llamacloud_prod_completion llamacloud-prod; echo "${COMPREPLY[*]}"; }
t "llamacloud-prod be"
t "llamacloud-prod beta:ch"
t "llamacloud-prod beta:chat "
t "llamacloud-prod beta:chat create --index"
t "llamacloud-prod beta:chat create --format y"
"""
    result = cli.shell(script, cli_bin_dir)
    assert result.code == 0, result.stderr
    # bash splits words at ':', so after "beta:" only the rest is completed
    assert result.stdout.splitlines() == [
        "beta:chat",
        "chat",
        "create",
        "--index-id",
        "yaml",
    ]


@pytest.mark.parametrize(
    "shell, words, cword, expected",
    [
        ("zsh", "llamacloud-prod be", "1", "beta\\:chat"),  # zsh escapes the colon
        ("zsh", "llamacloud-prod beta:chat create --ind", "3", "--index-id"),
        ("fish", "llamacloud-prod be", "be", "plain,beta:chat"),
        ("fish", "llamacloud-prod beta:chat create --ind", "--ind", "plain,--index-id"),
    ],
)
def test_zsh_and_fish_completion_callbacks(
    cli: Cli, shell: str, words: str, cword: str, expected: str
) -> None:
    """What the zsh and fish scripts ask the program for, and get back."""
    env = {
        "_LLAMACLOUD_PROD_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": cword,
    }
    result = cli(env=env)
    assert result.code == 0, result.stderr
    assert expected in result.stdout.replace("\t", "\n").splitlines()


@pytest.mark.parametrize("columns", ["80", "60", "200"])
def test_root_help_without_click_is_the_click_help(cli: Cli, columns: str) -> None:
    """`--help` alone skips click for speed; any other route to the root help goes through click.
    Both must print the same text, at any terminal width."""
    fast = cli("--help", env={"COLUMNS": columns})
    short = cli("-h", env={"COLUMNS": columns})
    through_click = cli("--debug", "--help", env={"COLUMNS": columns})
    assert fast.code == short.code == through_click.code == 0
    assert fast.stdout == short.stdout == through_click.stdout
    assert "Commands:\n  beta:chat" in fast.stdout and "--max-retries N" in fast.stdout


def test_root_help_does_not_load_click(cli: Cli) -> None:
    argv = cli_argv()
    if argv[0] != sys.executable:
        argv = [sys.executable, argv[0]]
    proc = subprocess.run(
        [argv[0], "-X", "importtime", *argv[1:], "--help"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=cli.env,
        timeout=30,
    )
    assert proc.returncode == 0, proc.stderr
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "json" in imported
    assert not {name for name in imported if name.split(".")[0] == "click"}
