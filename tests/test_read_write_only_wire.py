"""readOnly / writeOnly and allOf with its own ``required`` on a real socket
(tests/cases/read_write_only): what a request may carry, and what a strict response must hold.
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

STORED = {"id": "u1", "name": "ann", "created": "2026-01-01T00:00:00Z"}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("accounts")
    write_tree(
        out,
        generate(
            CASES / "read_write_only" / "spec.yaml",
            CASES / "read_write_only" / "sdk.yaml",
        ).files,
    )
    return out


def run(package: Path, server: LoopbackServer, code: str) -> str:
    prelude = (
        "import sys\nfrom accounts import Accounts, APIResponseValidationError\n"
        "from accounts.types import Team, TeamParams, User, UserParams, Badge\n"
        "from accounts.types import Circle, CircleParams, Square\n"
        "strict = Accounts(base_url=sys.argv[1], strict_response_validation=True)\n"
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


def test_create_takes_no_read_only_field_and_the_reply_needs_no_write_only_one(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(201, STORED))
    out = run(
        package,
        server,
        (
            "try:\n"
            "    strict.users.create_user(id='u9', name='ann', password='s3cret')\n"
            "except TypeError:\n"
            "    print('id refused')\n"
            "u = strict.users.create_user(name='ann', password='s3cret', token=None)\n"
            "assert type(u) is User and u.id == 'u1' and u.created is not None, u\n"
            "assert 'password' not in User.model_fields, User.model_fields\n"
            "print('ok')\n"
        ),
    )
    assert out == "id refused\nok\n"
    assert len(server.requests) == 1
    assert server.last.json() == {"name": "ann", "password": "s3cret", "token": None}


def test_a_model_sent_and_received_has_a_request_variant(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(200, [{"name": "core", "lead": STORED}]))
    out = run(
        package,
        server,
        (
            "assert 'id' not in UserParams.model_fields\n"
            "lead = UserParams(name='ann', password='s3cret')\n"
            "teams = strict.teams.replace_teams(body=[TeamParams(name='core', lead=lead)])\n"
            "assert type(teams[0]) is Team and type(teams[0].lead) is User, teams\n"
            "assert teams[0].lead.id == 'u1'\n"
            "print('ok')\n"
        ),
    )
    assert out == "ok\n"
    assert server.last.json() == [
        {"name": "core", "lead": {"name": "ann", "password": "s3cret"}}
    ]


def test_a_tagged_union_is_sent_as_its_variants_with_their_read_only_tags(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(201, {"id": "s1", "kind": "square", "side": 2}))
    out = run(
        package,
        server,
        (
            "s = strict.shapes.create_shape(body=CircleParams(kind='circle', radius=1.5))\n"
            "assert type(s) is Square and s.id == 's1', s\n"
            "assert 'id' not in CircleParams.model_fields and 'id' in Circle.model_fields\n"
            "from pydantic import TypeAdapter, ValidationError\n"
            "from accounts.types import ShapeParams, SquareParams\n"
            "both = {'kind': 'square', 'side': 2, 'radius': 1}\n"  # only the tag decides
            "assert type(TypeAdapter(ShapeParams).validate_python(both)) is SquareParams\n"
            "try:\n"
            "    CircleParams(radius=1.5)\n"
            "except ValidationError:\n"
            "    print('tag required')\n"
            "print('ok')\n"
        ),
    )
    assert out == "tag required\nok\n"
    assert server.last.json() == {"kind": "circle", "radius": 1.5}


def test_all_of_keeps_the_required_list_and_properties_beside_it(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(
        Reply(201, {"label": "gold", "owner": "ann"}), Reply(201, {"label": "gold"})
    )
    out = run(
        package,
        server,
        (
            "try:\n"
            "    strict.badges.create_badge(owner='ann')\n"
            "except TypeError:\n"
            "    print('label required')\n"
            "b = strict.badges.create_badge(label='gold', owner='ann')\n"
            "assert type(b) is Badge and b.owner == 'ann', b\n"
            "try:\n"
            "    strict.badges.create_badge(label='gold', owner='ann')\n"
            "except APIResponseValidationError:\n"
            "    print('owner missing raised')\n"
        ),
    )
    assert out == "label required\nowner missing raised\n"
    assert server.requests[0].json() == {"label": "gold", "owner": "ann"}


def test_a_schema_named_like_a_request_variant_keeps_its_name(tmp_path: Path) -> None:
    spec = (CASES / "read_write_only" / "spec.yaml").read_text()
    own = "    TeamParams:\n      type: object\n      properties:\n        page: {type: integer}\n"
    (tmp_path / "spec.yaml").write_text(
        spec.replace("    Badge:\n", own + "    Badge:\n")
    )
    files = generate(tmp_path / "spec.yaml").files
    assert "page: int | None" in files["accounts/types/team_params.py"].decode()
    variant = files["accounts/types/team_params_2.py"].decode()
    assert "class TeamParams_2(BaseModel)" in variant and "lead: UserParams" in variant
