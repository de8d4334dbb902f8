"""Tagged unions as real specs write them, on a real socket (tests/cases/unions_real): tags from
each member's ``enum``/``const`` (OpenAI's chat messages), integer tags kept integers, and a
``$ref`` made nullable by ``allOf: [$ref, {nullable: true}]`` staying the union.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.emit.write import write_tree
from generator.pipeline import generate
from tests.golden import CASES
from tests.support.server import LoopbackServer, Reply


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("chat")
    write_tree(
        out,
        generate(
            CASES / "unions_real" / "spec.yaml", CASES / "unions_real" / "sdk.yaml"
        ).files,
    )
    return out


def run(package: Path, server: LoopbackServer, code: str) -> str:
    prelude = (
        "import sys\nfrom chat import Chat, APIResponseValidationError\n"
        "from chat.types import SystemMessage, UserMessage, ToolMessage, Reply\n"
        "from chat.types import Started, Stopped, Paused\n"
        "strict = Chat(base_url=sys.argv[1], strict_response_validation=True)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", prelude + code, server.url],
        cwd=package,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_typed_messages_are_sent_with_their_role_tags(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(200, {"message": {"role": "tool", "content": "42"}}))
    out = run(
        package,
        server,
        (
            "r = strict.chat.create_chat(messages=[\n"
            "    SystemMessage(role='system', content='Be brief.'),\n"
            "    UserMessage(role='user', content='6 x 7?', name='ann'),\n"
            "], previous=None)\n"
            "assert type(r.message) is ToolMessage and r.message.content == '42'\n"
            "assert r.last is None\n"
            "print('ok')\n"
        ),
    )
    assert out == "ok\n"
    assert server.last.json() == {
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "6 x 7?", "name": "ann"},
        ],
        "previous": None,
    }


def test_a_reply_is_parsed_into_the_member_its_tag_names(
    package: Path, server: LoopbackServer
) -> None:
    # A system message has nothing a user message lacks: only the tag tells them apart.
    reply = {
        "message": {"role": "system", "content": "x"},
        "last": {"role": "user", "content": "y"},
    }
    server.reply(Reply(200, reply), Reply(200, {"message": {"role": "x"}}))
    out = run(
        package,
        server,
        (
            "r = strict.chat.create_chat(messages=[])\n"
            "assert type(r.message) is SystemMessage, r\n"
            "assert type(r.last) is UserMessage, r\n"
            "try:\n"
            "    strict.chat.create_chat(messages=[])\n"
            "except APIResponseValidationError:\n"
            "    print('unknown role raised')\n"
        ),
    )
    assert out == "unknown role raised\n"


def test_integer_tags_stay_integers(package: Path, server: LoopbackServer) -> None:
    events = [
        {"kind": 1, "at": "09:00"},
        {"kind": 2, "reason": "done"},
        {"kind": 3, "at": "10:00"},
    ]
    server.reply(Reply(200, events))
    out = run(
        package,
        server,
        (
            "a, b, c = strict.events.list_events()\n"
            "assert (type(a), type(b), type(c)) == (Started, Stopped, Paused), (a, b, c)\n"
            "assert (a.kind, b.kind, c.kind) == (1, 2, 3)\n"
            "print(type(a.kind).__name__)\n"
        ),
    )
    assert out == "int\n"


def test_members_sharing_a_tag_value_make_a_union_that_imports_and_parses(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(
        Reply(
            200,
            [{"type": "message", "text": "hi"}, {"type": "message", "refusal": "no"}],
        )
    )
    out = run(
        package,
        server,
        (
            "from chat.types import TextOutput, RefusalOutput\n"
            "a, b = strict.outputs.list_outputs()\n"
            "print(type(a).__name__, type(b).__name__)\n"
        ),
    )
    assert out == "TextOutput RefusalOutput\n"
