"""The Go SDK's pagination on a real socket (tests/cases/pagination): for each scheme, the Go
auto-pager (tests/go/pager_main.go) and the Python SDK are served the same pages, and must send
the same requests (targets, bodies) and yield the same items, stopping at the same page.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.emit.write import write_tree
from generator.pipeline import generate
from tests.support.golang import build, program_module
from tests.support.server import LoopbackServer, Recorded, Reply
from tests.test_go_cases import CASES, write_go

ROOT = Path(__file__).resolve().parent.parent
CASE = CASES / "pagination"


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gopager")
    module, warnings = write_go(CASE / "spec.yaml", CASE / "sdk.yaml", out / "sdk")
    assert warnings == []
    main = (ROOT / "tests" / "go" / "pager_main.go").read_text(encoding="utf-8")
    return build(program_module(out / "program", main, "pager", module))


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pypager")
    write_tree(out, generate(CASE / "spec.yaml", CASE / "sdk.yaml").files)
    return out


def run_go(program: Path, scenario: str, server: LoopbackServer) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGER_")}
    env["PAGER_BASE_URL"] = server.url
    done = subprocess.run(
        [str(program), scenario], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def run_python(
    package: Path, call: str, show: str, server: LoopbackServer
) -> list[str]:
    code = (
        "import sys\nfrom pager import Pager\n"
        "client = Pager(base_url=sys.argv[1], max_retries=0)\n"
        f"for i, x in enumerate({call}):\n    print(i, {show})\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, server.url],
        cwd=package,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def sent(requests: list[Recorded]) -> list[tuple[str, str, bytes]]:
    return [(r.method, r.target, r.body) for r in requests]


def walk_both(
    program: Path,
    package: Path,
    server: LoopbackServer,
    scenario: str,
    replies: list[Reply],
    call: str,
    show: str,
) -> tuple[list[str], list[Recorded]]:
    """The Go scenario and the Python walk against the same replies: the same items and the
    same requests, which are returned (the Go run's)."""
    server.reply(*replies)
    go_out = run_go(program, scenario, server)
    go_requests = list(server.requests)
    server.requests.clear()
    server.replies.clear()  # what the Go walk did not fetch
    server.reply(*replies)
    py_out = run_python(package, call, show, server)
    assert go_out == py_out
    assert sent(go_requests) == sent(server.requests)
    return go_out, go_requests


def items(out: list[str]) -> list[str]:
    return [line.split(" ", 1)[1] for line in out]


def files(ids: list[str], more: bool) -> Reply:
    return Reply(
        200, {"object": "list", "data": [{"id": i} for i in ids], "has_more": more}
    )


FILES = [files(["f1", "f2"], True), files(["f3", "f4"], True), files(["f5"], False)]


def test_cursor_from_the_last_item(
    program: Path, package: Path, server: LoopbackServer
) -> None:
    out, requests = walk_both(
        program,
        package,
        server,
        "files",
        FILES,
        "client.files.list_files(limit=2, purpose='x', extra_headers={'X-Trace': 't'})",
        "x.id",
    )
    assert out == ["0 f1", "1 f2", "2 f3", "3 f4", "4 f5"]
    assert [r.target for r in requests] == [
        "/files?limit=2&purpose=x",
        "/files?after=f2&limit=2&purpose=x",
        "/files?after=f4&limit=2&purpose=x",
    ]
    # The first call's options go with every page.
    assert [r.headers.get("x-trace") for r in requests] == ["t"] * 3


def test_page_methods(program: Path, server: LoopbackServer) -> None:
    server.reply(*FILES)
    assert run_go(program, "controls", server) == [
        "2 f1 true true",
        "f3 f4 true",
        "1 false",
        "true true",  # after the last page: nil, nil
    ]
    assert [r.query.get("after") for r in server.requests] == [None, ["f2"], ["f4"]]


def test_an_error_ends_the_walk_with_err(program: Path, server: LoopbackServer) -> None:
    server.reply(FILES[0], Reply(400, {"error": "bad cursor"}))
    assert run_go(program, "files", server) == ["0 f1", "1 f2", "error 400"]
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    "scenario, replies, call, show, expected",
    [
        (
            "runs",
            [
                Reply(200, {"runs": [{"name": "a"}], "nextPageToken": "t2"}),
                Reply(200, {"runs": [{"name": "b"}], "nextPageToken": "t3"}),
                Reply(200, {"runs": [], "nextPageToken": None}),
            ],
            "client.runs.list_runs(page_size=1)",
            "x.name",
            ["a", "b"],
        ),
        (
            # An empty page with a next token is walked through, as Python's walk does.
            "runs",
            [
                Reply(200, {"runs": [], "nextPageToken": "t2"}),
                Reply(200, {"runs": [{"name": "a"}]}),
            ],
            "client.runs.list_runs(page_size=1)",
            "x.name",
            ["a"],
        ),
        (
            # The token sent comes back: the same page again, not fetched.
            "runs-from",
            [Reply(200, {"runs": [{"name": "a"}], "nextPageToken": "t1"})],
            "client.runs.list_runs(page_token='t1')",
            "x.name",
            ["a"],
        ),
        (
            "records",
            [
                Reply(
                    200,
                    {"items": [{"name": "a"}, {"name": "b"}], "next_page_token": "p2"},
                ),
                Reply(200, {"items": [{"name": "c"}], "next_page_token": None}),
            ],
            "client.records.search_records(filter='f', page_size=2)",
            "x.name",
            ["a", "b", "c"],
        ),
        (
            "jobs",
            [
                Reply(200, {"jobs": [{"job_id": 1}, {"job_id": 2}], "total_count": 5}),
                Reply(200, {"jobs": [{"job_id": 3}, {"job_id": 4}], "total_count": 5}),
                Reply(200, {"jobs": [{"job_id": 5}], "total_count": 5}),
            ],
            "client.jobs.list_jobs(limit=2)",
            "x.job_id",
            ["1", "2", "3", "4", "5"],
        ),
        (
            # The total reached on a full page: no further request.
            "jobs",
            [
                Reply(200, {"jobs": [{"job_id": 1}, {"job_id": 2}], "total_count": 4}),
                Reply(200, {"jobs": [{"job_id": 3}, {"job_id": 4}], "total_count": 4}),
            ],
            "client.jobs.list_jobs(limit=2)",
            "x.job_id",
            ["1", "2", "3", "4"],
        ),
        (
            "documents",
            [Reply(200, [{"job_id": 1}, {"job_id": 2}]), Reply(200, [{"job_id": 3}])],
            "client.documents.list_documents(skip=10, limit=2)",
            "x.job_id",
            ["1", "2", "3"],
        ),
        (
            # A server ignoring the page parameter: the repeated page ends the walk.
            "documents-limit",
            [Reply(200, [{"job_id": 1}, {"job_id": 2}])] * 2,
            "client.documents.list_documents(limit=2)",
            "x.job_id",
            ["1", "2"],
        ),
        (
            "pets",
            [Reply(200, {"results": [{"name": n}], "total_pages": 3}) for n in "abc"],
            "client.pets.list_pets(per_page=1)",
            "x.name",
            ["a", "b", "c"],
        ),
        (
            "events",
            [
                Reply(
                    200,
                    {
                        "entries": [{"kind": "a"}],
                        "continuation_token": "c2",
                        "more": True,
                    },
                ),
                Reply(
                    200,
                    {
                        "entries": [{"kind": "b"}],
                        "continuation_token": "c3",
                        "more": False,
                    },
                ),
            ],
            "client.events.list_events()",
            "x.kind",
            ["a", "b"],
        ),
        (
            "deployments",
            [
                Reply(200, {"items": [{"name": "d1"}, {"name": "d2"}], "metadata": m})
                for m in ({"continue": "t2"}, {"continue": "t3"}, {})
            ],
            "client.deployments.list_deployments(limit=2)",
            "x.name",
            ["d1", "d2", "d1", "d2", "d1", "d2"],
        ),
    ],
)
def test_each_scheme_walks_as_python_does(
    program: Path,
    package: Path,
    server: LoopbackServer,
    scenario: str,
    replies: list[Reply],
    call: str,
    show: str,
    expected: list[str],
) -> None:
    out, _ = walk_both(program, package, server, scenario, replies, call, show)
    assert items(out) == expected


def _channels(ids: list[str], cursor: object, more: bool = True) -> Reply:
    return Reply(
        200,
        {
            "ok": True,
            "result": {"channels": [{"id": i} for i in ids], "has_more": more},
            "response_metadata": cursor,
        },
    )


@pytest.mark.parametrize(
    "last, expected",
    [
        (_channels(["c3"], {"next_cursor": "k3"}), ["c1", "c2", "c3", "c4"]),
        (_channels(["c3"], None), ["c1", "c2", "c3"]),  # the outer object null
        (_channels(["c3"], {}), ["c1", "c2", "c3"]),  # the cursor missing
        (_channels(["c3"], {"next_cursor": None}), ["c1", "c2", "c3"]),
        (_channels(["c3"], {"next_cursor": "k3"}, more=False), ["c1", "c2", "c3"]),
    ],
)
def test_a_nested_cursor_declared_in_settings(
    program: Path,
    package: Path,
    server: LoopbackServer,
    last: Reply,
    expected: list[str],
) -> None:
    replies = [
        _channels(["c1", "c2"], {"next_cursor": "k2"}),
        last,
        _channels(["c4"], {"next_cursor": ""}),
    ]
    out, requests = walk_both(
        program,
        package,
        server,
        "channels",
        replies,
        "client.channels.list_channels(limit=2)",
        "x.id",
    )
    assert items(out) == expected
    assert [r.query.get("cursor") for r in requests][:2] == [None, ["k2"]]


def test_link_header_gives_the_next_request(
    program: Path, package: Path, server: LoopbackServer
) -> None:
    base = "https://api.example.com/elsewhere"
    replies = [
        Reply(
            200,
            [{"name": "a"}, {"name": "b"}],
            headers={
                "Link": f'<{base}?per_page=2&sort=new+x&page=2&since=9&since=10>; rel="next", '
                f'<{base}?per_page=2&sort=new&page=3>; rel="last"'
            },
        ),
        Reply(
            200,
            [{"name": "c"}],
            headers={"Link": f'<{base}?per_page=2&sort=new&page=1>; rel="first"'},
        ),
    ]
    out, requests = walk_both(
        program,
        package,
        server,
        "repos",
        replies,
        "client.repos.list_repos(per_page=2, sort='new')",
        "x.name",
    )
    assert items(out) == ["a", "b", "c"]
    # The declared parameters take the link's values, in the operation's order; a key it does
    # not declare goes along once, with its last value; the path stays the operation's.
    assert [r.target for r in requests] == [
        "/repos?per_page=2&sort=new",
        "/repos?per_page=2&page=2&sort=new%20x&since=10",
    ]


@pytest.mark.parametrize(
    "link",
    [
        '<http://x/repos?page=2>; REL="prev next"',  # any case, one of several relations
        '<http://x/repos?page=1>; rel="prev", <http://x/repos?page=2>; rel=next',
        '<http://x/repos?page=2>; title="a; b"; rel="next"',
        '<http://x/repos?page=2>; rel="last"',  # no next: the walk ends
    ],
)
def test_link_header_forms(
    program: Path, package: Path, server: LoopbackServer, link: str
) -> None:
    replies = [
        Reply(200, [{"name": "a"}], headers={"Link": link}),
        Reply(200, [{"name": "b"}]),
    ]
    out, requests = walk_both(
        program,
        package,
        server,
        "repos",
        replies,
        "client.repos.list_repos(per_page=2, sort='new')",
        "x.name",
    )
    assert items(out) == (["a"] if "last" in link else ["a", "b"])
