"""Event streams, binary and text responses on a real socket (tests/cases/streaming).

The loopback server sends event streams as HTTP chunks written one at a time; a chunk source can
wait, so a test can prove the client hands over an event before the server has sent the next one.
Each stream scenario runs on the sync and the async client.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import shlex
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.generated import CaseMaker
from tests.support.server import DROP, LoopbackServer, Reply

KEY = "sk-stream-test"
KINDS = ["sync", "async"]


@pytest.fixture(scope="module")
def package_dir(generated_case: CaseMaker) -> Path:
    return generated_case("streaming").root


@pytest.fixture(scope="module")
def lab(package_dir: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(package_dir))
    try:
        yield importlib.import_module("stream_lab")
    finally:
        sys.path.remove(str(package_dir))
        for name in [m for m in sys.modules if m.split(".")[0] == "stream_lab"]:
            del sys.modules[name]


def sse(parts: Iterable[Any]) -> Reply:
    """An event stream sent as ``parts``, one HTTP chunk each (``DROP`` cuts the connection)."""
    return Reply(200, headers={"content-type": "text/event-stream"}, chunks=parts)


def event(data: Any, **fields: str) -> bytes:
    lines = [f"{name}: {value}" for name, value in fields.items()]
    lines.append(f"data: {json.dumps(data)}")
    return ("\n".join(lines) + "\n\n").encode()


def client(lab: ModuleType, server: LoopbackServer, kind: str, **options: Any) -> Any:
    cls = lab.AsyncStreamLab if kind == "async" else lab.StreamLab
    made = cls(api_key=KEY, base_url=server.url, **options)
    made._initial_retry_delay = 0.001
    made._max_retry_delay = 0.002
    return made


def method(target: Any, path: str) -> Any:
    for name in path.split("."):
        target = getattr(target, name)
    return target


def consume(
    lab: ModuleType,
    server: LoopbackServer,
    kind: str,
    path: str,
    received: list[Any] | None = None,
    on_item: Callable[[Any], None] = lambda item: None,
    **kwargs: Any,
) -> tuple[list[Any], Any]:
    """Call ``client.<path>(**kwargs)`` and iterate the stream it returns inside ``with``.

    Items land in ``received`` as they arrive (so a test still sees them when the iteration
    raises); ``on_item`` runs after each one. Returns the items and the stream."""
    items: list[Any] = [] if received is None else received
    if kind == "sync":
        with client(lab, server, kind) as sdk:
            with method(sdk, path)(**kwargs) as stream:
                for item in stream:
                    items.append(item)
                    on_item(item)
        return items, stream

    async def main() -> Any:
        async with client(lab, server, kind) as sdk:
            async with await method(sdk, path)(**kwargs) as stream:
                async for item in stream:
                    items.append(item)
                    on_item(item)
        return stream

    return items, asyncio.run(main())


def call(
    lab: ModuleType, server: LoopbackServer, kind: str, path: str, **kwargs: Any
) -> Any:
    """One call whose result needs no iteration (binary, text, JSON, raw responses)."""
    if kind == "sync":
        with client(lab, server, kind) as sdk:
            return method(sdk, path)(**kwargs)

    async def main() -> Any:
        async with client(lab, server, kind) as sdk:
            return await method(sdk, path)(**kwargs)

    return asyncio.run(main())


# --------------------------------------------------------------------------- the SSE parser


def test_the_parser_follows_the_whatwg_rules(lab: ModuleType) -> None:
    from stream_lab._streaming import SSEDecoder, ServerSentEvent

    body = (
        "\ufeff: a comment, then a BOM-prefixed stream\r\n"
        "retry: 2500\r\n"
        "id: 1\n"
        "event: first\r"
        "data:no space\n"
        "data:  two spaces keep one\n"
        "data\n"
        "unknown: ignored\n"
        "\n"
        "id: bad\0id\n"  # NUL: the id is ignored, the previous one stays
        "retry: 12x\n"  # not all digits: ignored
        "event: named-but-empty\n"
        "\n"  # no data: nothing dispatched, the event name is dropped
        "data: second\n"
        "\n"
        "id:\n"  # an empty id resets the last event ID
        "data: third\r\n"
        "\r\n"
        "data: never finished"  # an unfinished event at the end is discarded
    ).encode()
    assert SSEDecoder().feed(body) == [
        ServerSentEvent("first", "no space\n two spaces keep one\n", "1", 2500),
        ServerSentEvent("message", "second", "1", 2500),
        ServerSentEvent("message", "third", "", 2500),
    ]


def test_the_parser_is_indifferent_to_where_chunks_split(lab: ModuleType) -> None:
    from stream_lab._streaming import SSEDecoder

    # CRLF, CR and LF endings, and multi-byte UTF-8, cut at every possible byte.
    body = "data: a\r\ndata: é€😀\r\rdata: b\n\nevent: x\ndata: c\r\n\r\n".encode()
    whole = SSEDecoder().feed(body)
    assert [e.data for e in whole] == ["a\né€😀", "b", "c"]
    for cut in range(1, len(body)):
        decoder = SSEDecoder()
        assert decoder.feed(body[:cut]) + decoder.feed(body[cut:]) == whole, cut
    one_by_one = SSEDecoder()
    assert [
        e for i in range(len(body)) for e in one_by_one.feed(body[i : i + 1])
    ] == whole


# --------------------------------------------------------------------------- streams on the wire


@pytest.mark.parametrize("kind", KINDS)
def test_each_event_arrives_before_the_server_sends_the_next(
    lab: ModuleType, server: LoopbackServer, kind: str
) -> None:
    second_sent = threading.Event()
    first_seen = threading.Event()
    seen_before_second: list[bool] = []

    def paced() -> Iterator[bytes]:
        yield event({"symbol": "ACME", "price": 1.5})
        # Only once the client has handed over the first tick does the second go out.
        assert first_seen.wait(10), "the client never yielded the first event"
        second_sent.set()
        yield event({"symbol": "ACME", "price": 1.75})

    def on_item(item: Any) -> None:
        if not first_seen.is_set():
            seen_before_second.append(not second_sent.is_set())
            first_seen.set()

    server.reply(sse(paced()))
    ticks, _ = consume(
        lab, server, kind, "ticks.stream_ticks", on_item=on_item, symbol="ACME"
    )
    assert seen_before_second == [True]
    assert [(t.symbol, t.price) for t in ticks] == [("ACME", 1.5), ("ACME", 1.75)]
    assert all(type(t) is lab.types.Tick for t in ticks)
    request = server.last
    assert request.headers["accept"] == "text/event-stream"
    assert request.query == {"symbol": ["ACME"]}


@pytest.mark.parametrize("kind", KINDS)
def test_typed_events_with_multi_line_data_split_across_chunks(
    lab: ModuleType, server: LoopbackServer, kind: str
) -> None:
    # OpenAPI 3.2 itemSchema describing the whole event: data is JobEvent (a tagged union).
    server.reply(
        sse(
            [
                b'event: progress\nid: 1\ndata: {"type": "progress",\r\n',
                b'data:  "percent": 50}\r\n\r\n',
                b": keep-alive\n\n",
                b'event: log\nid: 2\ndata: {"type": "log",\rdata: "line": "two\\nlines"}\r\r',
            ]
        )
    )
    events, stream = consume(lab, server, kind, "jobs.watch_job", job_id="job-1")
    Progress, LogLine = lab.types.Progress, lab.types.LogLine
    assert [type(e) for e in events] == [Progress, LogLine]
    assert events[0].percent == 50 and events[1].line == "two\nlines"
    assert stream.last_event_id == "2"
    assert stream.response.is_closed
    assert server.last.path == "/jobs/job-1/events"


@pytest.mark.parametrize("kind", KINDS)
def test_done_sentinel_ends_the_stream_and_closes_it(
    lab: ModuleType, server: LoopbackServer, kind: str
) -> None:
    after_done = threading.Event()

    def chunks() -> Iterator[bytes]:
        yield event({"id": "c1", "delta": "Hel"})
        yield event({"id": "c1", "delta": "lo"}) + b"data: [DONE]\n\n"
        # Held back until the test ends: a client that read on would hang here.
        after_done.wait(10)
        yield event({"id": "c1", "delta": "never read"})

    server.reply(sse(chunks()))
    try:
        chunks_, stream = consume(
            lab, server, kind, "completions.create_completion", prompt="Hi", stream=True
        )
    finally:
        after_done.set()
    assert [c.delta for c in chunks_] == ["Hel", "lo"]
    assert all(type(c) is lab.types.CompletionChunk for c in chunks_)
    assert stream.response.is_closed
    sent = server.last
    assert sent.json() == {"prompt": "Hi", "stream": True}
    assert sent.headers["accept"] == "application/json, text/event-stream"


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_operation_returns_json_when_the_server_sends_json(
    lab: ModuleType, server: LoopbackServer, kind: str
) -> None:
    server.reply(Reply(200, {"id": "c1", "text": "Hello"}))
    completion = call(lab, server, kind, "completions.create_completion", prompt="Hi")
    assert type(completion) is lab.types.Completion and completion.text == "Hello"
    assert server.last.json() == {"prompt": "Hi"}


@pytest.mark.parametrize("kind", KINDS)
def test_a_connection_lost_mid_stream_raises_after_the_events_before_it(
    lab: ModuleType, server: LoopbackServer, kind: str
) -> None:
    server.reply(
        sse([event({"symbol": "A", "price": 1}), b'data: {"symbol": "A", ', DROP])
    )
    received: list[Any] = []
    with pytest.raises(lab.APIConnectionError) as caught:
        consume(lab, server, kind, "ticks.stream_ticks", received, symbol="A")
    assert [t.price for t in received] == [1]
    assert "after 1 event(s) of the GET /ticks stream" in str(caught.value)
    assert (
        len(server.requests) == 1
    )  # nothing is retried once the stream is handed over


@pytest.mark.parametrize("kind", KINDS)
def test_status_errors_are_raised_by_the_call_before_any_iteration(
    lab: ModuleType, server: LoopbackServer, kind: str
) -> None:
    server.reply(Reply(404, {"message": "no job nope"}))
    with pytest.raises(lab.NotFoundError) as caught:
        call(lab, server, kind, "jobs.watch_job", job_id="nope")
    assert caught.value.body == {"message": "no job nope"}
    # A retryable status before the stream starts is retried like any call.
    server.reply(
        Reply(503, {"message": "busy"}), sse([event({"symbol": "B", "price": 2})])
    )
    ticks, _ = consume(lab, server, kind, "ticks.stream_ticks", symbol="B")
    assert [t.symbol for t in ticks] == ["B"]
    assert [r.headers["x-retry-count"] for r in server.requests[-2:]] == ["0", "1"]


@pytest.mark.parametrize("kind", KINDS)
def test_leaving_the_with_block_early_closes_the_connection(
    lab: ModuleType, server: LoopbackServer, kind: str
) -> None:
    release = threading.Event()
    abandoned = threading.Event()

    def endless() -> Iterator[bytes]:
        yield event({"symbol": "C", "price": 3})
        release.wait(10)
        try:
            while True:
                yield event({"symbol": "C", "price": 4})
        finally:  # the server's write failed: the client closed the connection
            abandoned.set()

    server.reply(sse(endless()))
    # The client stays open and the stream referenced: only leaving ``with`` can close it.
    sdk = client(lab, server, kind)
    try:
        if kind == "sync":
            stream = sdk.ticks.stream_ticks(symbol="C")
            with stream:
                first = next(stream)
            closed = stream.response.is_closed
        else:

            async def main() -> tuple[Any, bool]:
                stream = await sdk.ticks.stream_ticks(symbol="C")
                async with stream:
                    first = await stream.__anext__()
                # Checked before the loop ends: asyncio.run would finalise the stream itself.
                return first, stream.response.is_closed

            first, closed = asyncio.run(main())
        assert first.price == 3
        assert closed
        release.set()
        assert abandoned.wait(
            10
        ), "the server could still write: the connection stayed open"
    finally:
        release.set()
        closing = sdk.close()
        if kind == "async":
            asyncio.run(closing)


@pytest.mark.parametrize("kind", KINDS)
def test_invalid_event_data_names_the_event(
    lab: ModuleType, server: LoopbackServer, kind: str
) -> None:
    server.reply(
        sse(
            [event({"symbol": "D", "price": 1}), b"event: tick\nid: 7\ndata: {oops\n\n"]
        )
    )
    received: list[Any] = []
    with pytest.raises(lab.APIResponseValidationError) as caught:
        consume(lab, server, kind, "ticks.stream_ticks", received, symbol="D")
    assert len(received) == 1
    message = str(caught.value)
    assert (
        "event 2 ('tick', id '7') of the GET /ticks stream is not valid JSON" in message
    )
    assert "'{oops'" in message


def test_strict_clients_reject_an_event_of_the_wrong_shape(
    lab: ModuleType, server: LoopbackServer
) -> None:
    server.reply(sse([event({"symbol": "E"})]))  # price missing
    with lab.StreamLab(
        api_key=KEY, base_url=server.url, strict_response_validation=True
    ) as sdk:
        with pytest.raises(
            lab.APIResponseValidationError, match="event 1 .* not a valid Tick"
        ):
            list(sdk.ticks.stream_ticks(symbol="E"))
        server.reply(sse([event({"symbol": "E"})]))
    with lab.StreamLab(api_key=KEY, base_url=server.url) as sdk:
        (tick,) = list(sdk.ticks.stream_ticks(symbol="E"))  # lenient: kept as received
    assert tick.symbol == "E"


@pytest.mark.parametrize("kind", KINDS)
def test_untyped_streams_yield_the_events_themselves(
    lab: ModuleType, server: LoopbackServer, kind: str
) -> None:
    server.reply(
        sse([b"retry: 3000\nevent: note\nid: n1\ndata: plain text\ndata: more\n\n"])
    )
    events, stream = consume(lab, server, kind, "ticks.stream_notes")
    assert events == [lab.ServerSentEvent("note", "plain text\nmore", "n1", 3000)]
    assert stream.retry == 3000


@pytest.mark.parametrize("kind", KINDS)
def test_raw_responses_of_a_stream_give_status_headers_and_the_stream(
    lab: ModuleType, server: LoopbackServer, kind: str
) -> None:
    server.reply(
        Reply(
            200,
            headers={"content-type": "text/event-stream", "x-request-id": "r-1"},
            chunks=[event({"type": "progress", "percent": 10})],
        )
    )
    if kind == "sync":
        with client(lab, server, kind) as sdk:
            raw = sdk.jobs.with_raw_response.watch_job(job_id="j")
            assert (raw.status_code, raw.headers["x-request-id"]) == (200, "r-1")
            with raw.parse() as stream:
                events = list(stream)
    else:

        async def main() -> list[Any]:
            async with client(lab, server, kind) as sdk:
                raw = await sdk.jobs.with_raw_response.watch_job(job_id="j")
                assert (raw.status_code, raw.headers["x-request-id"]) == (200, "r-1")
                async with raw.parse() as stream:
                    return [e async for e in stream]

        events = asyncio.run(main())
    assert [e.percent for e in events] == [10]


def test_a_raw_stream_can_still_be_read_whole(
    lab: ModuleType, server: LoopbackServer
) -> None:
    body = event({"symbol": "F", "price": 6})
    server.reply(sse([body]))
    with client(lab, server, "sync") as sdk:
        raw = sdk.ticks.with_raw_response.stream_ticks(symbol="F")
        assert raw.content == body


def test_the_stream_flag_picks_the_return_type_for_type_checkers(
    package_dir: Path, tmp_path: Path, mypy_cache_dir: Path
) -> None:
    # Beside the shared package, not in it: the package is found on MYPYPATH.
    (tmp_path / "uses.py").write_text(
        "from typing import assert_type\n"
        "from stream_lab import AsyncStream, AsyncStreamLab, BinaryResponse, ServerSentEvent\n"
        "from stream_lab import Stream, StreamLab\n"
        "from stream_lab.types import Completion, CompletionChunk, JobEvent, Tick\n"
        "from stream_lab.types import Stream as StreamModel\n\n\n"
        "def check(c: StreamLab) -> None:\n"
        "    assert_type(c.completions.create_completion(prompt='x'), Completion)\n"
        "    assert_type(c.completions.create_completion(prompt='x', stream=False), Completion)\n"
        "    assert_type(\n"
        "        c.completions.create_completion(prompt='x', stream=True), Stream[CompletionChunk]\n"
        "    )\n"
        "    flag: bool = True\n"
        "    assert_type(\n"
        "        c.completions.create_completion(prompt='x', stream=flag),\n"
        "        Completion | Stream[CompletionChunk],\n"
        "    )\n"
        "    assert_type(c.ticks.stream_ticks(symbol='x'), Stream[Tick])\n"
        "    assert_type(c.ticks.get_stream_info(), StreamModel)\n"
        "    assert_type(c.ticks.stream_notes(), Stream[ServerSentEvent])\n"
        "    assert_type(c.jobs.watch_job(job_id='j'), Stream[JobEvent])\n"
        "    assert_type(c.files.get_report(report_id='r'), BinaryResponse)\n"
        "    assert_type(c.jobs.get_job_log(job_id='j'), str)\n\n\n"
        "async def check_async(c: AsyncStreamLab) -> None:\n"
        "    stream = await c.completions.create_completion(prompt='x', stream=True)\n"
        "    assert_type(stream, AsyncStream[CompletionChunk])\n"
        "    async for chunk in stream:\n"
        "        assert_type(chunk, CompletionChunk)\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary"]
        + ["--cache-dir", str(mypy_cache_dir), "uses.py"],
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(package_dir)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# --------------------------------------------------------------------------- binary and text


@pytest.mark.parametrize("kind", KINDS)
def test_binary_download_returns_the_bytes_as_sent(
    lab: ModuleType, server: LoopbackServer, kind: str, tmp_path: Path
) -> None:
    payload = bytes(range(256)) * 1000  # not UTF-8, and more than one read
    server.reply(Reply(200, payload, {"content-type": "application/octet-stream"}))
    download = call(lab, server, kind, "files.download_file", file_id="f-1")
    assert type(download) is lab.BinaryResponse
    assert download.content == payload and len(download) == len(payload)
    assert download.content_type == "application/octet-stream"
    assert b"".join(download.iter_bytes(1000)) == payload
    assert max(len(piece) for piece in download.iter_bytes(1000)) == 1000
    download.write_to_file(tmp_path / "f.bin")
    assert (tmp_path / "f.bin").read_bytes() == payload
    assert server.last.headers["accept"] == "application/octet-stream"


@pytest.mark.parametrize(
    "path, argument, media_type",
    [
        ("files.get_report", {"report_id": "r"}, "application/pdf"),
        ("files.get_export", {"export_id": "e"}, "*/*"),  # */* + format: binary
        ("files.get_avatar", {"user_id": "u"}, "image/png"),  # 3.1 contentMediaType
    ],
)
def test_every_binary_shape_is_a_binary_response(
    lab: ModuleType,
    server: LoopbackServer,
    path: str,
    argument: dict[str, str],
    media_type: str,
) -> None:
    server.reply(Reply(200, b"%PDF\x00\xff", {"content-type": "application/pdf"}))
    result = call(lab, server, "sync", path, **argument)
    assert type(result) is lab.BinaryResponse and result.content == b"%PDF\x00\xff"
    assert server.last.headers["accept"] == media_type


def test_binary_errors_are_status_errors(
    lab: ModuleType, server: LoopbackServer
) -> None:
    server.reply(Reply(404, {"message": "gone"}))
    with pytest.raises(lab.NotFoundError):
        call(lab, server, "sync", "files.download_file", file_id="f")


@pytest.mark.parametrize("kind", KINDS)
def test_text_responses_are_str_in_the_declared_charset(
    lab: ModuleType, server: LoopbackServer, kind: str
) -> None:
    text = "line one\nnaïve — ✓\n"
    server.reply(
        Reply(200, text.encode("utf-8"), {"content-type": "text/plain; charset=utf-8"})
    )
    assert call(lab, server, kind, "jobs.get_job_log", job_id="j") == text
    server.reply(
        Reply(
            200,
            "café".encode("latin-1"),
            {"content-type": "text/plain; charset=latin-1"},
        )
    )
    assert call(lab, server, kind, "jobs.get_job_log", job_id="j") == "café"
    assert server.last.headers["accept"] == "text/plain"


# --------------------------------------------------------------------------- the CLI


def cli_env(package_dir: Path, server: LoopbackServer) -> dict[str, str]:
    # Without PYTHONUNBUFFERED a piped stdout is block-buffered: only the CLI's own flushes
    # can make an event visible at once, and that is what the tests must see.
    return {
        **{k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
        "PYTHONPATH": str(package_dir),
        "STREAM_LAB_API_KEY": KEY,
        "STREAM_LAB_BASE_URL": server.url,
    }


def cli(
    package_dir: Path, server: LoopbackServer, *args: str, **popen: Any
) -> subprocess.Popen[bytes]:
    env = cli_env(package_dir, server)
    options: dict[str, Any] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.Popen(
        [sys.executable, "-m", "stream_lab._cli", *args],
        env=env,
        **{**options, **popen},
    )


def test_cli_prints_each_event_as_a_json_line_as_it_arrives(
    package_dir: Path, server: LoopbackServer
) -> None:
    first_printed = threading.Event()

    def paced() -> Iterable[bytes]:
        yield event({"type": "progress", "percent": 5})
        assert first_printed.wait(20), "the CLI never printed the first event"
        yield b'data: {"type": "log",\ndata:  "line": "done"}\n\n'
        yield b"data: [DONE]\n\n"

    server.reply(sse(paced()))
    process = cli(package_dir, server, "jobs", "watch-job", "--job-id", "j1")
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        first_printed.set()
        rest = process.stdout.read()
    finally:
        first_printed.set()
        process.wait(30)
    assert process.returncode == 0, process.stderr.read() if process.stderr else ""
    assert json.loads(first) == {"type": "progress", "percent": 5}
    assert rest.decode().splitlines() == ['{"type":"log","line":"done"}']


def test_cli_stream_into_a_reader_that_leaves_stops_quietly(
    package_dir: Path, server: LoopbackServer
) -> None:
    def many() -> Iterator[bytes]:
        for percent in range(100):
            yield event({"type": "progress", "percent": percent})
            time.sleep(0.005)

    server.reply(sse(many()))
    command = shlex.join(
        [sys.executable, "-m", "stream_lab._cli", "jobs", "watch-job", "--job-id", "j"]
    )
    done = subprocess.run(
        f"{command} | head -n 1",
        shell=True,
        env=cli_env(package_dir, server),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout == '{"type":"progress","percent":0}\n'
    assert done.stderr == ""


def test_cli_transform_applies_to_each_event(
    package_dir: Path, server: LoopbackServer
) -> None:
    server.reply(
        sse(
            [
                event({"type": "progress", "percent": 5}),
                event({"type": "log", "line": "x"}),
            ]
        )
    )
    process = cli(
        package_dir, server, "jobs", "watch-job", "--job-id", "j", "--transform", "line"
    )
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert out.decode().splitlines() == [
        '"x"'
    ]  # the progress event has no line: skipped


def test_cli_lost_stream_is_a_connection_error(
    package_dir: Path, server: LoopbackServer
) -> None:
    server.reply(sse([event({"type": "progress", "percent": 5}), DROP]))
    process = cli(package_dir, server, "jobs", "watch-job", "--job-id", "j")
    out, err = process.communicate(timeout=30)
    assert process.returncode == 1
    assert out.decode().splitlines() == ['{"type":"progress","percent":5}']
    assert "Connection lost after 1 event(s)" in err.decode()
    assert "Traceback" not in err.decode()


def test_cli_binary_goes_to_stdout_or_to_output(
    package_dir: Path, server: LoopbackServer, tmp_path: Path
) -> None:
    payload = b"%PDF-1.7\x00\xff\xfe binary"
    server.default = Reply(200, payload, {"content-type": "application/pdf"})
    piped = cli(package_dir, server, "files", "get-report", "--report-id", "r")
    out, err = piped.communicate(timeout=30)
    assert (piped.returncode, out) == (0, payload), err
    target = tmp_path / "report.pdf"
    saved = cli(
        package_dir,
        server,
        "files",
        "get-report",
        "--report-id",
        "r",
        "-o",
        str(target),
    )
    out, err = saved.communicate(timeout=30)
    assert (saved.returncode, out) == (0, b""), err
    assert target.read_bytes() == payload


def test_cli_refuses_to_print_binary_to_a_terminal(
    package_dir: Path, server: LoopbackServer
) -> None:
    import pty

    server.default = Reply(200, b"\x89PNG\r\n", {"content-type": "image/png"})
    leader, follower = pty.openpty()
    try:
        process = cli(
            package_dir,
            server,
            "files",
            "get-avatar",
            "--user-id",
            "u",
            stdout=follower,
        )
        _, err = process.communicate(timeout=30)
    finally:
        os.close(follower)
        os.close(leader)
    assert process.returncode == 1
    assert (
        "the response is binary (image/png, 6 bytes); pass --output FILE"
        in err.decode()
    )
