"""Tagged unions, unions of primitives, allOf, 3.0 nullable and enums on a real socket
(tests/cases/composition): strict mode proves the types; lenient mode survives the unknown.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.generated import CaseMaker
from tests.support.server import LoopbackServer, Reply

ANIMALS = [
    {"kind": "cat", "name": "Tom", "indoor": True},
    {"kind": "dog", "name": "Rex", "size": "large"},
]


@pytest.fixture(scope="module")
def package(generated_case: CaseMaker) -> Path:
    return generated_case("composition").root


def run(package: Path, server: LoopbackServer, code: str) -> str:
    prelude = (
        "import sys\nfrom zoo import Zoo, APIResponseValidationError\n"
        "from zoo.types import Cat, Dog, Circle, Square, Enclosure\n"
        "strict = Zoo(base_url=sys.argv[1], strict_response_validation=True)\n"
        "lenient = Zoo(base_url=sys.argv[1])\n"
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


def test_tagged_union_picks_the_member_by_its_tag(
    package: Path, server: LoopbackServer
) -> None:
    # Ambiguous without the tag: the dog has only fields a cat has too, and the shape has both a
    # radius and a side; only the tag can say which member each is.
    ambiguous = [ANIMALS[0], {"kind": "dog", "name": "Rex"}]
    square = {"shape_type": "Square", "side": 2, "radius": 1}
    server.reply(Reply(200, ambiguous), Reply(200, square))
    out = run(
        package,
        server,
        (
            "cat, dog = strict.animals.list_animals()\n"
            "assert type(cat) is Cat and type(dog) is Dog, (cat, dog)\n"
            "assert dog.name == 'Rex' and cat.indoor is True\n"
            "shape = strict.shapes.get_shape(id=7)\n"  # no mapping: the tag is the schema name
            "assert type(shape) is Square and shape.side == 2\n"
            "print('ok')\n"
        ),
    )
    assert out == "ok\n"
    assert [r.path for r in server.requests] == ["/animals", "/shapes/7"]


def test_request_body_sends_a_member_by_its_wire_names(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(
        Reply(201, {"id": "e1", "animals": ANIMALS[:1], "keeper": None, "label": 3})
    )
    out = run(
        package,
        server,
        (
            "e = strict.animals.add_animal(animal=Cat(kind='cat', name='Tom'), note=None)\n"
            "assert type(e) is Enclosure and e.keeper is None and e.label == 3\n"
            "assert type(e.animals[0]) is Cat\n"
            "print('ok')\n"
        ),
    )
    assert out == "ok\n"
    assert server.last.json() == {
        "animal": {"kind": "cat", "name": "Tom"},
        "note": None,
    }


def test_unknown_tag_or_enum_value_raises_in_strict_mode_and_is_kept_in_lenient_mode(
    package: Path, server: LoopbackServer
) -> None:
    unknown = [
        {"kind": "bird", "name": "Tweety"},
        {"kind": "dog", "name": "Rex", "size": "huge"},
    ]
    server.reply(Reply(200, unknown), Reply(200, unknown))
    out = run(
        package,
        server,
        (
            "try:\n"
            "    strict.animals.list_animals()\n"
            "except APIResponseValidationError:\n"
            "    print('strict raised')\n"
            "animals = lenient.animals.list_animals()\n"
            "print(len(animals))\n"
        ),
    )
    assert out == "strict raised\n2\n"
