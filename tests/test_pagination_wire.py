"""Auto-pagination on a real socket (tests/cases/pagination): every detected scheme, and one
declared in settings, walks every page, sync and async, sending each next request's cursor,
offset or page number with the first request's other arguments and options.
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

CASE = CASES / "pagination"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pager")
    write_tree(out, generate(CASE / "spec.yaml", CASE / "sdk.yaml").files)
    return out


def run(package: Path, server: LoopbackServer, code: str) -> str:
    prelude = (
        "import asyncio, sys\nfrom pager import Pager, AsyncPager\n"
        "client = Pager(base_url=sys.argv[1], max_retries=0)\n"
        "aclient = AsyncPager(base_url=sys.argv[1], max_retries=0)\n"
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


def both(
    package: Path, server: LoopbackServer, replies: list[Reply], sync: str, aio: str
) -> list[str]:
    """Run ``sync`` and then ``aio`` (the body of an ``async def main``) against the same
    replies; both must print the same, which is returned one line per item."""
    server.reply(*replies)
    first = run(package, server, sync)
    sent = len(server.requests)
    server.reply(*replies)
    body = "".join(f"    {line}\n" for line in aio.splitlines())
    second = run(package, server, f"async def main():\n{body}asyncio.run(main())\n")
    assert first == second
    assert len(server.requests) == 2 * sent
    return first.splitlines()


def queries(server: LoopbackServer, key: str) -> list[list[str] | None]:
    return [r.query.get(key) for r in server.requests]


FILES = [
    Reply(
        200, {"object": "list", "data": [{"id": "f1"}, {"id": "f2"}], "has_more": True}
    ),
    Reply(
        200, {"object": "list", "data": [{"id": "f3"}, {"id": "f4"}], "has_more": True}
    ),
    Reply(200, {"object": "list", "data": [{"id": "f5"}], "has_more": False}),
]


def test_cursor_from_the_last_item_walks_every_page(
    package: Path, server: LoopbackServer
) -> None:
    out = both(
        package,
        server,
        FILES,
        "for f in client.files.list_files(limit=2, purpose='x', extra_headers={'X-Trace': 't'}):\n"
        "    print(f.id)\n",
        "async for f in aclient.files.list_files(limit=2, purpose='x', extra_headers={'X-Trace': 't'}):\n"
        "    print(f.id)\n",
    )
    assert out == ["f1", "f2", "f3", "f4", "f5"]
    assert queries(server, "after") == [None, ["f2"], ["f4"]] * 2
    # The first call's other arguments and options go with every page.
    assert queries(server, "limit") == [["2"]] * 6
    assert queries(server, "purpose") == [["x"]] * 6
    assert [r.headers.get("x-trace") for r in server.requests] == ["t"] * 6


def test_page_controls_and_the_response_fields(
    package: Path, server: LoopbackServer
) -> None:
    out = both(
        package,
        server,
        FILES,
        "page = client.files.list_files()\n"
        "print(page.object, page.has_more, [f.id for f in page.items], page.has_next_page())\n"
        "nxt = page.get_next_page()\n"
        "print([f.id for f in nxt.data], [len(p.items) for p in nxt.iter_pages()])\n",
        "page = await aclient.files.list_files()\n"
        "print(page.object, page.has_more, [f.id for f in page.items], page.has_next_page())\n"
        "nxt = await page.get_next_page()\n"
        "print([f.id for f in nxt.data], [len(p.items) async for p in nxt.iter_pages()])\n",
    )
    assert out == ["list True ['f1', 'f2'] True", "['f3', 'f4'] [2, 1]"]
    # get_next_page sent the last item's id; iter_pages went on from there.
    assert queries(server, "after") == [None, ["f2"], ["f4"]] * 2


def test_the_last_page_has_no_next(package: Path, server: LoopbackServer) -> None:
    out = both(
        package,
        server,
        FILES[2:],
        "page = client.files.list_files()\n"
        "print(page.has_next_page())\n"
        "try:\n"
        "    page.get_next_page()\n"
        "except RuntimeError as exc:\n"
        "    print(exc)\n",
        "page = await aclient.files.list_files()\n"
        "print(page.has_next_page())\n"
        "try:\n"
        "    await page.get_next_page()\n"
        "except RuntimeError as exc:\n"
        "    print(exc)\n",
    )
    assert out == ["False", "this is the last page (check has_next_page() first)"]


def test_next_page_token_from_the_response(
    package: Path, server: LoopbackServer
) -> None:
    replies = [
        Reply(200, {"runs": [{"name": "a"}], "nextPageToken": "t2"}),
        Reply(200, {"runs": [{"name": "b"}], "nextPageToken": "t3"}),
        Reply(200, {"runs": [], "nextPageToken": None}),
    ]
    out = both(
        package,
        server,
        replies,
        "print(*[r.name for r in client.runs.list_runs(page_size=1)])\n",
        "print(*[r.name async for r in aclient.runs.list_runs(page_size=1)])\n",
    )
    assert out == ["a b"]
    assert queries(server, "pageToken") == [None, ["t2"], ["t3"]] * 2
    assert queries(server, "pageSize") == [["1"]] * 6


def test_next_page_token_in_a_search_body(
    package: Path, server: LoopbackServer
) -> None:
    replies = [
        Reply(200, {"items": [{"name": "a"}, {"name": "b"}], "next_page_token": "p2"}),
        Reply(200, {"items": [{"name": "c"}], "next_page_token": None}),
    ]
    out = both(
        package,
        server,
        replies,
        "print(*[r.name for r in client.records.search_records(filter='f', page_size=2)])\n",
        "print(*[r.name async for r in aclient.records.search_records(filter='f', page_size=2)])\n",
    )
    assert out == ["a b c"]
    bodies = [r.json() for r in server.requests]
    assert bodies[:2] == [
        {"filter": "f", "page_size": 2},
        {"filter": "f", "page_size": 2, "page_token": "p2"},
    ]
    assert bodies[2:] == bodies[:2]


def test_offset_stops_at_the_total(package: Path, server: LoopbackServer) -> None:
    replies = [
        Reply(200, {"jobs": [{"job_id": 1}, {"job_id": 2}], "total_count": 5}),
        Reply(200, {"jobs": [{"job_id": 3}, {"job_id": 4}], "total_count": 5}),
        Reply(200, {"jobs": [{"job_id": 5}], "total_count": 5}),
    ]
    out = both(
        package,
        server,
        replies,
        "print(*[j.job_id for j in client.jobs.list_jobs(limit=2)])\n",
        "print(*[j.job_id async for j in aclient.jobs.list_jobs(limit=2)])\n",
    )
    assert out == ["1 2 3 4 5"]
    assert queries(server, "offset") == [None, ["2"], ["4"]] * 2


def test_offset_on_an_array_stops_on_a_short_page(
    package: Path, server: LoopbackServer
) -> None:
    replies = [
        Reply(200, [{"job_id": 1}, {"job_id": 2}]),
        Reply(200, [{"job_id": 3}]),
    ]
    out = both(
        package,
        server,
        replies,
        "print(*[j.job_id for j in client.documents.list_documents(skip=10, limit=2)])\n",
        "print(*[j.job_id async for j in aclient.documents.list_documents(skip=10, limit=2)])\n",
    )
    assert out == ["1 2 3"]
    assert queries(server, "skip") == [["10"], ["12"]] * 2


def test_page_numbers_stop_at_total_pages(
    package: Path, server: LoopbackServer
) -> None:
    replies = [
        Reply(200, {"results": [{"name": "a"}], "total_pages": 3}),
        Reply(200, {"results": [{"name": "b"}], "total_pages": 3}),
        Reply(200, {"results": [{"name": "c"}], "total_pages": 3}),
    ]
    out = both(
        package,
        server,
        replies,
        "print(*[p.name for p in client.pets.list_pets(per_page=1)])\n",
        "print(*[p.name async for p in aclient.pets.list_pets(per_page=1)])\n",
    )
    assert out == ["a b c"]
    assert queries(server, "page") == [None, ["2"], ["3"]] * 2


def test_link_header_gives_the_next_request(
    package: Path, server: LoopbackServer
) -> None:
    base = "https://api.example.com/repos"
    replies = [
        Reply(
            200,
            [{"name": "a"}, {"name": "b"}],
            headers={
                "Link": f'<{base}?per_page=2&sort=new&page=2&since=9>; rel="next", '
                f'<{base}?per_page=2&sort=new&page=3>; rel="last"'
            },
        ),
        Reply(
            200,
            [{"name": "c"}],
            headers={"Link": f'<{base}?per_page=2&sort=new&page=1>; rel="first"'},
        ),
    ]
    out = both(
        package,
        server,
        replies,
        "print(*[r.name for r in client.repos.list_repos(per_page=2, sort='new')])\n",
        "print(*[r.name async for r in aclient.repos.list_repos(per_page=2, sort='new')])\n",
    )
    assert out == ["a b c"]
    # The declared parameters take the link's values; a key the operation does not declare
    # goes along too. The request stays on the client's base URL.
    assert queries(server, "page") == [None, ["2"]] * 2
    assert queries(server, "since") == [None, ["9"]] * 2
    assert queries(server, "sort") == [["new"]] * 4
    assert all(r.path == "/repos" for r in server.requests)


def test_a_scheme_declared_in_settings(package: Path, server: LoopbackServer) -> None:
    replies = [
        Reply(
            200, {"entries": [{"kind": "a"}], "continuation_token": "c2", "more": True}
        ),
        Reply(
            200, {"entries": [{"kind": "b"}], "continuation_token": "c3", "more": False}
        ),
    ]
    out = both(
        package,
        server,
        replies,
        "print(*[e.kind for e in client.events.list_events()])\n",
        "print(*[e.kind async for e in aclient.events.list_events()])\n",
    )
    assert out == ["a b"]
    assert queries(server, "continuation") == [None, ["c2"]] * 2


def _channels(ids: list[str], cursor: object, more: bool = True) -> Reply:
    return Reply(
        200,
        {
            "ok": True,
            "result": {"channels": [{"id": i} for i in ids], "has_more": more},
            "response_metadata": cursor,
        },
    )


# Slack's shape: the items and has_more under result, the cursor under response_metadata.
CHANNELS = [
    _channels(["c1", "c2"], {"next_cursor": "k2"}),
    _channels(["c3"], {"next_cursor": "k3", "warnings": []}),
    _channels(["c4"], {"next_cursor": ""}),
]


def test_a_nested_cursor_declared_in_settings_walks_every_page(
    package: Path, server: LoopbackServer
) -> None:
    out = both(
        package,
        server,
        CHANNELS,
        "print(*[c.id for c in client.channels.list_channels(limit=2)])\n",
        "print(*[c.id async for c in aclient.channels.list_channels(limit=2)])\n",
    )
    assert out == ["c1 c2 c3 c4"]
    assert queries(server, "cursor") == [None, ["k2"], ["k3"]] * 2
    assert queries(server, "limit") == [["2"]] * 6


@pytest.mark.parametrize(
    "last",
    [
        _channels(["c3"], None),  # the outer object null
        _channels(["c3"], {}),  # the cursor missing
        _channels(["c3"], {"next_cursor": None}),
        _channels(["c3"], {"next_cursor": "k3"}, more=False),  # result.has_more false
    ],
)
def test_a_nested_cursor_missing_or_null_at_any_level_ends_the_walk(
    package: Path, server: LoopbackServer, last: Reply
) -> None:
    out = both(
        package,
        server,
        [CHANNELS[0], last],
        "print(*[c.id for c in client.channels.list_channels()])\n",
        "print(*[c.id async for c in aclient.channels.list_channels()])\n",
    )
    assert out == ["c1 c2 c3"]
    assert queries(server, "cursor") == [None, ["k2"]] * 2


def test_cli_all_reads_nested_items(package: Path, server: LoopbackServer) -> None:
    server.reply(*CHANNELS)
    done = cli(
        package, server, "channels", "list-channels", "--all", "--format", "jsonl"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f'{{"id":"c{n}"}}' for n in range(1, 5)]
    assert queries(server, "cursor") == [None, ["k2"], ["k3"]]


def test_kubernetes_continue_token_is_detected_and_sent_back(
    package: Path, server: LoopbackServer
) -> None:
    def page(names: list[str], token: str | None) -> Reply:
        meta = {"resourceVersion": "7"} | ({"continue": token} if token else {})
        return Reply(200, {"items": [{"name": n} for n in names], "metadata": meta})

    out = both(
        package,
        server,
        [page(["d1", "d2"], "t2"), page(["d3"], "t3"), page(["d4"], None)],
        "print(*[d.name for d in client.deployments.list_deployments(limit=2)])\n",
        "print(*[d.name async for d in aclient.deployments.list_deployments(limit=2)])\n",
    )
    assert out == ["d1 d2 d3 d4"]
    assert queries(server, "continue") == [None, ["t2"], ["t3"]] * 2


def test_raw_response_parses_to_the_page(package: Path, server: LoopbackServer) -> None:
    out = both(
        package,
        server,
        FILES[1:],
        "raw = client.files.with_raw_response.list_files(limit=2)\n"
        "print(raw.status_code, [f.id for f in raw.parse()])\n",
        "raw = await aclient.files.with_raw_response.list_files(limit=2)\n"
        "print(raw.status_code, [f.id async for f in raw.parse()])\n",
    )
    assert out == ["200 ['f3', 'f4', 'f5']"]
    assert queries(server, "after") == [None, ["f4"]] * 2


def test_streaming_response_gives_the_first_page_unread(
    package: Path, server: LoopbackServer
) -> None:
    # with_streaming_response hands over the first page's response, body unread, one request.
    out = both(
        package,
        server,
        FILES[2:],
        "with client.files.with_streaming_response.list_files(limit=2) as r:\n"
        "    print(r.status_code, [f['id'] for f in r.json()['data']])\n",
        "async with aclient.files.with_streaming_response.list_files(limit=2) as r:\n"
        "    print(r.status_code, [f['id'] for f in (await r.json())['data']])\n",
    )
    assert out == ["200 ['f5']"]


def test_operations_without_a_page_to_walk_return_their_body(package: Path) -> None:
    photos = (package / "pager" / "resources" / "pets.py").read_text()
    stats = (package / "pager" / "resources" / "stats.py").read_text()
    assert "def list_pets(" in photos and "-> _SyncPage[Pet]" in photos
    assert "def list_photos(" in photos and "-> Pet:" in photos
    assert "_SyncPage" not in stats


USER_CODE = """
from pager import AsyncPager, Pager, SyncPage
from pager.types import File, Job


def names(client: Pager) -> list[str]:
    page: SyncPage[File] = client.files.list_files(limit=10)
    ids = [f.id for f in page]
    more = page.get_next_page().items[0].id if page.has_next_page() else ""
    return ids + [more] + [str(j.job_id) for j in client.documents.list_documents()]


async def anames(client: AsyncPager) -> list[str]:
    out = [f.id async for f in client.files.list_files()]
    page = await client.jobs.list_jobs(limit=2)
    jobs: list[Job] = page.items
    async for p in page.iter_pages():
        out += [str(j.job_id) for j in p.items]
    return out + [str(len(jobs))]


def wrong(client: Pager) -> int:
    for f in client.files.list_files():
        return f.id  # a str: mypy must say so
    return 0
"""


def test_mypy_strict_sees_the_item_types(package: Path) -> None:
    from tests.test_typecheck import mypy

    (package / "user_code.py").write_text(USER_CODE)
    done = mypy(package / "user_code.py", cwd=package)
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    # Exactly the one planted mistake: the item is a File, its id a str.
    assert len(errors) == 1, done.stdout + done.stderr
    assert "user_code.py:24:" in errors[0]
    assert 'Incompatible return value type (got "str", expected "int")' in errors[0]


def cli(
    package: Path, server: LoopbackServer, *args: str
) -> subprocess.CompletedProcess[str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGER_")}
    env.update(PYTHONPATH=str(package), PAGER_BASE_URL=server.url, NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "pager._cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_cli_prints_the_first_page_without_all(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(*FILES)
    done = cli(
        package, server, "files", "list-files", "--limit", "2", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    assert __import__("json").loads(done.stdout) == FILES[0].body
    assert len(server.requests) == 1


def test_cli_all_streams_every_item_one_per_line(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(*FILES)
    done = cli(
        package,
        server,
        "files",
        "list-files",
        "--limit",
        "2",
        "--all",
        "--format",
        "jsonl",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f'{{"id":"f{n}"}}' for n in range(1, 6)]
    assert queries(server, "after") == [None, ["f2"], ["f4"]]
    assert queries(server, "limit") == [["2"]] * 3


def test_cli_max_items_stops_fetching(package: Path, server: LoopbackServer) -> None:
    server.reply(*FILES)
    done = cli(
        package, server, "files", "list-files", "--max-items", "3", "--format", "jsonl",
        "--transform", "id",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ['"f1"', '"f2"', '"f3"']
    # Three items need the second page and not the third.
    assert len(server.requests) == 2


def test_cli_all_in_json_prints_one_list(package: Path, server: LoopbackServer) -> None:
    server.reply(
        Reply(200, [{"job_id": 1}, {"job_id": 2}]),
        Reply(200, [{"job_id": 3}]),
    )
    done = cli(
        package,
        server,
        "documents",
        "list-documents",
        "--limit",
        "2",
        "--all",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    assert __import__("json").loads(done.stdout) == [{"job_id": n} for n in (1, 2, 3)]
    help_text = cli(package, server, "stats", "list-stats", "--help").stdout
    assert "--all" not in help_text  # only list commands follow pages


def test_a_server_ignoring_the_page_parameter_is_not_walked_forever(
    package: Path, server: LoopbackServer
) -> None:
    same = Reply(200, [{"job_id": 1}, {"job_id": 2}])
    out = both(
        package,
        server,
        [same, same],
        "print(*[j.job_id for j in client.documents.list_documents(limit=2)])\n",
        "print(*[j.job_id async for j in aclient.documents.list_documents(limit=2)])\n",
    )
    # The repeated page ends the walk, and its items are not yielded twice.
    assert out == ["1 2"]
    assert queries(server, "skip") == [None, ["2"]] * 2
