"""openai-python parity on a real socket (tests/cases/streaming): streamed responses
(``with_streaming_response``, ``stream_to_file``) and their memory, ``event: error`` in an event
stream, ``request_id``, ``to_dict()``/``to_json()``, and the client's own HTTP verbs.

Memory is measured in a subprocess with ``tracemalloc`` (every Python allocation, bytes objects
included) while the loopback server in this process sends 30 MiB in 64 KiB chunks.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib
import json
import pickle
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.server import LoopbackServer, Reply
from tests.test_streaming_wire import KEY, client, lab, package_dir, sse

__all__ = ["lab", "package_dir"]  # the fixtures, shared with test_streaming_wire

KINDS = ["sync", "async"]
MIB = 1 << 20
DOWNLOAD = 30 * MIB
CHUNK = 64 * 1024
OCTETS = {"content-type": "application/octet-stream"}


def piece(index: int) -> bytes:
    """Chunk ``index`` of the big download: 64 KiB that differ from every other chunk."""
    return hashlib.sha256(index.to_bytes(4, "big")).digest() * (CHUNK // 32)


def big_body() -> Iterator[bytes]:
    for index in range(DOWNLOAD // CHUNK):
        yield piece(index)


def expected_digest() -> str:
    digest = hashlib.sha256()
    for chunk in big_body():
        digest.update(chunk)
    return digest.hexdigest()


MEASURE = """
import asyncio, json, sys, tracemalloc
sys.path.insert(0, {package!r})
import stream_lab

mode, kind, target = sys.argv[1], sys.argv[2], sys.argv[3]
options = dict(api_key={key!r}, base_url={url!r})


def sync_run():
    with stream_lab.StreamLab(**options) as c:
        tracemalloc.start()
        if mode == "stream":
            with c.files.with_streaming_response.download_file(file_id="f") as response:
                response.stream_to_file(target)
        else:
            c.files.download_file(file_id="f").write_to_file(target)
        return tracemalloc.get_traced_memory()[1]


async def async_run():
    async with stream_lab.AsyncStreamLab(**options) as c:
        tracemalloc.start()
        if mode == "stream":
            async with c.files.with_streaming_response.download_file(file_id="f") as response:
                await response.stream_to_file(target)
        else:
            (await c.files.download_file(file_id="f")).write_to_file(target)
        return tracemalloc.get_traced_memory()[1]


peak = sync_run() if kind == "sync" else asyncio.run(async_run())
print(json.dumps({{"peak": peak}}))
"""


def measure(
    package_dir: Path, server: LoopbackServer, tmp_path: Path, mode: str, kind: str
) -> tuple[int, Path]:
    """The subprocess's peak of traced memory while downloading, and the file it wrote."""
    server.reply(Reply(200, headers=OCTETS, chunks=big_body()))
    script = MEASURE.format(package=str(package_dir), key=KEY, url=server.url)
    target = tmp_path / f"{mode}-{kind}.bin"
    done = subprocess.run(
        [sys.executable, "-c", script, mode, kind, str(target)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    peak = int(json.loads(done.stdout)["peak"])
    print(f"{mode} {kind}: peak {peak / MIB:.2f} MiB")
    return peak, target


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(MIB), b""):
            digest.update(block)
    return digest.hexdigest()


# --------------------------------------------------------------------------- streamed downloads


@pytest.mark.parametrize("kind", KINDS)
def test_stream_to_file_keeps_memory_flat_for_a_30_mib_download(
    package_dir: Path, server: LoopbackServer, tmp_path: Path, kind: str
) -> None:
    peak, target = measure(package_dir, server, tmp_path, "stream", kind)
    assert target.stat().st_size == DOWNLOAD
    assert file_digest(target) == expected_digest()
    # A chunk or a few in flight, not the body: well under a tenth of the 30 MiB.
    assert peak < 5 * MIB, f"peak {peak / MIB:.1f} MiB while streaming 30 MiB to disk"


@pytest.mark.parametrize("kind", KINDS)
def test_the_plain_download_holds_one_copy_of_the_body(
    package_dir: Path, server: LoopbackServer, tmp_path: Path, kind: str
) -> None:
    peak, target = measure(package_dir, server, tmp_path, "plain", kind)
    assert file_digest(target) == expected_digest()
    # httpx's own read() joins a list of the chunks: two copies (60 MiB) at its peak.
    assert peak < 1.3 * DOWNLOAD, f"peak {peak / MIB:.1f} MiB for a 30 MiB body"


def test_the_streamed_response_arrives_before_the_body_is_sent(
    lab: ModuleType, server: LoopbackServer
) -> None:
    entered = threading.Event()
    waited: list[bool] = []

    def paced() -> Iterator[bytes]:
        yield b"first"
        # The rest is sent once the caller holds the response; a client that buffers the
        # body only hands the response over after this gives up waiting.
        waited.append(entered.wait(3))
        yield b"-rest"

    server.reply(Reply(200, headers=OCTETS, chunks=paced()))
    with client(lab, server, "sync") as sdk:
        with sdk.files.with_streaming_response.download_file(file_id="f") as response:
            assert not entered.is_set()
            assert response.status_code == 200
            assert response.headers["content-type"] == "application/octet-stream"
            entered.set()
            assert b"".join(response.iter_bytes()) == b"first-rest"
        assert response.http_response.is_closed
    assert waited == [True]


@pytest.mark.parametrize("kind", KINDS)
def test_streamed_responses_read_parse_and_iterate_like_openai(
    lab: ModuleType, server: LoopbackServer, kind: str
) -> None:
    info = {"name": "ticks", "symbols": ["A"]}
    headers = {"x-request-id": "req-77"}
    server.reply(
        Reply(200, info, headers),
        Reply(200, info, headers),
        Reply(200, b"line 1\nline 2\n", {"content-type": "text/plain"}),
        Reply(200, b"\x00\x01" * 10, OCTETS),
    )

    def run_sync() -> list[Any]:
        with client(lab, server, "sync") as sdk:
            streaming = sdk.ticks.with_streaming_response
            with streaming.get_stream_info() as response:
                parsed = response.parse()
                assert response.parse() is parsed
                first = (response.status_code, response.request_id, parsed)
            with streaming.get_stream_info() as response:
                second = (response.json(), response.text(), response.read())
            with sdk.jobs.with_streaming_response.get_job_log(job_id="j") as response:
                lines = list(response.iter_lines())
            with sdk.files.with_streaming_response.download_file(
                file_id="f"
            ) as response:
                binary = response.parse()
                assert binary.content == b"\x00\x01" * 10
            return [first, second, lines]

    async def run_async() -> list[Any]:
        async with client(lab, server, "async") as sdk:
            streaming = sdk.ticks.with_streaming_response
            async with streaming.get_stream_info() as response:
                parsed = await response.parse()
                assert await response.parse() is parsed
                first = (response.status_code, response.request_id, parsed)
            async with streaming.get_stream_info() as response:
                second = (
                    await response.json(),
                    await response.text(),
                    await response.read(),
                )
            async with sdk.jobs.with_streaming_response.get_job_log(
                job_id="j"
            ) as response:
                lines = [line async for line in response.iter_lines()]
            async with sdk.files.with_streaming_response.download_file(
                file_id="f"
            ) as response:
                binary = await response.parse()
                assert binary.content == b"\x00\x01" * 10
            return [first, second, lines]

    first, second, lines = run_sync() if kind == "sync" else asyncio.run(run_async())
    assert first[:2] == (200, "req-77")
    assert type(first[2]) is lab.types.Stream and first[2].symbols == ["A"]
    assert first[2]._request_id == "req-77"
    text = json.dumps(info)
    assert second == (info, text, text.encode())
    assert lines == ["line 1", "line 2"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_streamed_event_stream_parses_to_the_stream(
    lab: ModuleType, server: LoopbackServer, kind: str
) -> None:
    server.reply(sse([b'data: {"symbol": "A", "price": 1}\n\n', b"data: [DONE]\n\n"]))
    if kind == "sync":
        with client(lab, server, kind) as sdk:
            with sdk.ticks.with_streaming_response.stream_ticks(symbol="A") as response:
                ticks = [tick.symbol for tick in response.parse()]
    else:

        async def main() -> list[str]:
            async with client(lab, server, kind) as sdk:
                streaming = sdk.ticks.with_streaming_response
                async with streaming.stream_ticks(symbol="A") as response:
                    return [tick.symbol async for tick in await response.parse()]

        ticks = asyncio.run(main())
    assert ticks == ["A"]


def test_a_streamed_call_raises_the_status_error_on_entering(
    lab: ModuleType, server: LoopbackServer
) -> None:
    server.reply(Reply(404, {"message": "no such file"}, {"x-request-id": "req-404"}))
    with client(lab, server, "sync") as sdk:
        with pytest.raises(lab.NotFoundError) as caught:
            with sdk.files.with_streaming_response.download_file(file_id="f"):
                pytest.fail("entered the block of a failed call")
    assert caught.value.request_id == "req-404"
    assert "no such file" in str(caught.value)


# --------------------------------------------------------------------------- event: error


@pytest.mark.parametrize("kind", KINDS)
def test_an_error_event_raises_api_error_with_its_data(
    lab: ModuleType, server: LoopbackServer, kind: str
) -> None:
    server.reply(
        sse(
            [
                b'event: tick\ndata: {"symbol": "A", "price": 1}\n\n',
                b'event: error\ndata: {"error": {"message": "overloaded", "code": 529}}\n\n',
                b'data: {"symbol": "B", "price": 2}\n\n',
            ]
        )
    )
    received: list[Any] = []

    async def main() -> None:
        async with client(lab, server, kind) as sdk:
            async with await sdk.ticks.stream_ticks(symbol="A") as stream:
                async for tick in stream:
                    received.append(tick)

    with pytest.raises(lab.APIError) as caught:
        if kind == "sync":
            with client(lab, server, kind) as sdk:
                with sdk.ticks.stream_ticks(symbol="A") as stream:
                    for tick in stream:
                        received.append(tick)
        else:
            asyncio.run(main())
    # The event named ``tick`` before it is delivered as usual; nothing after the error is.
    assert [tick.symbol for tick in received] == ["A"]
    error = caught.value
    assert type(error) is lab.APIError
    assert error.body == {"error": {"message": "overloaded", "code": 529}}
    assert "overloaded" in error.message and "/ticks" in error.message


def test_an_error_event_with_text_data_carries_the_text(
    lab: ModuleType, server: LoopbackServer
) -> None:
    server.reply(sse([b"event: error\ndata: quota exceeded\n\n"]))
    with client(lab, server, "sync") as sdk:
        with pytest.raises(lab.APIError, match="quota exceeded") as caught:
            list(sdk.ticks.stream_notes())
    assert caught.value.body == "quota exceeded"


# --------------------------------------------------------------------------- request_id


@pytest.mark.parametrize("kind", KINDS)
def test_request_id_on_results_and_errors(
    lab: ModuleType, server: LoopbackServer, kind: str
) -> None:
    server.reply(
        Reply(200, {"name": "a"}, {"x-request-id": "req-1"}),
        Reply(200, {"name": "a"}, {"x-request-id": "req-2"}),
        Reply(200, {"name": "a"}),
        Reply(400, {"message": "bad"}, {"x-request-id": "req-3"}),
    )

    async def main() -> list[Any]:
        async with client(lab, server, kind) as sdk:
            results = [await sdk.ticks.get_stream_info() for _ in range(3)]
            try:
                await sdk.ticks.get_stream_info()
            except lab.BadRequestError as exc:
                results.append(exc)
            return results

    if kind == "sync":
        with client(lab, server, kind) as sdk:
            results: list[Any] = [sdk.ticks.get_stream_info() for _ in range(3)]
            with pytest.raises(lab.BadRequestError) as caught:
                sdk.ticks.get_stream_info()
            results.append(caught.value)
    else:
        results = asyncio.run(main())
    first, second, third, error = results
    assert (first._request_id, second._request_id, third._request_id) == (
        "req-1",
        "req-2",
        None,
    )
    # Not a field: absent from the serialised forms, and no reason for inequality.
    assert first.model_dump() == {"name": "a", "symbols": None}
    assert first.to_dict() == {"name": "a"} and "req" not in first.to_json()
    assert "_request_id" not in first.model_fields_set and first == second
    assert error.request_id == "req-3"
    assert pickle.loads(pickle.dumps(error)).request_id == "req-3"


# --------------------------------------------------------------------------- to_dict / to_json

CUSTOM_MODEL = """
import datetime as dt
from pydantic import Field
from stream_lab._models import BaseModel


class Event(BaseModel):
    created_at: dt.datetime = Field(alias="createdAt")
    kind: str = "plain"
    note: str | None = None
"""


@pytest.fixture(scope="module")
def custom(package_dir: Path, lab: ModuleType) -> Iterator[ModuleType]:
    """A model written by hand on the runtime base, for an endpoint the spec lacks."""
    (package_dir / "custom_models.py").write_text(CUSTOM_MODEL)
    try:
        yield importlib.import_module("custom_models")
    finally:
        sys.modules.pop("custom_models", None)


def test_to_dict_and_to_json_use_wire_names_and_only_what_was_set(
    lab: ModuleType, server: LoopbackServer, custom: ModuleType
) -> None:
    server.reply(
        Reply(200, {"createdAt": "2024-05-01T12:00:00Z", "note": None, "x": 1})
    )
    with client(lab, server, "sync") as sdk:
        event = sdk.get("/events/latest", cast_to=custom.Event)
    python = event.to_dict()
    assert list(python) == ["createdAt", "note", "x"]  # kind was not sent: left out
    assert python["createdAt"].year == 2024 and python["x"] == 1
    assert event.to_dict(mode="json")["createdAt"] == "2024-05-01T12:00:00Z"
    assert "created_at" in event.to_dict(use_api_names=False)
    assert event.to_dict(exclude_unset=False)["kind"] == "plain"
    assert event.to_dict(exclude_none=True) == {
        "createdAt": python["createdAt"],
        "x": 1,
    }
    assert json.loads(event.to_json()) == {
        "createdAt": "2024-05-01T12:00:00Z",
        "note": None,
        "x": 1,
    }
    assert event.to_json(indent=None) == json.dumps(
        json.loads(event.to_json()), separators=(",", ":")
    )


# --------------------------------------------------------------------------- client verbs


@pytest.mark.parametrize("kind", KINDS)
def test_client_verbs_reach_endpoints_the_spec_lacks(
    lab: ModuleType, server: LoopbackServer, custom: ModuleType, kind: str
) -> None:
    stamp = {"createdAt": "2024-05-01T12:00:00Z"}
    server.reply(
        Reply(200, stamp),
        Reply(201, {**stamp, "kind": "made"}, {"x-request-id": "req-post"}),
        Reply(200, stamp),
        Reply(204),
        Reply(200, b"raw bytes", OCTETS),
        Reply(200, stamp),
    )
    options = {"extra_headers": {"x-extra": "1"}, "extra_query": {"q": "v"}}

    def run_sync() -> list[Any]:
        with client(lab, server, kind) as sdk:
            out: list[Any] = [sdk.get("/extra", cast_to=custom.Event, options=options)]
            out.append(sdk.post("/extra", cast_to=custom.Event, body={"kind": "made"}))
            out.append(sdk.with_raw_response.patch("extra/1", cast_to=custom.Event))
            out.append(sdk.delete("/extra/1", cast_to=bytes))
            with sdk.with_streaming_response.get(
                "/extra/file", cast_to=lab.BinaryResponse
            ) as response:
                out.append(b"".join(response.iter_bytes()))
            out.append(sdk.put("/extra/1", cast_to=dict, body=b"\x00\x01"))
            return out

    async def run_async() -> list[Any]:
        async with client(lab, server, kind) as sdk:
            out: list[Any] = [
                await sdk.get("/extra", cast_to=custom.Event, options=options)
            ]
            out.append(
                await sdk.post("/extra", cast_to=custom.Event, body={"kind": "made"})
            )
            out.append(
                await sdk.with_raw_response.patch("extra/1", cast_to=custom.Event)
            )
            out.append(await sdk.delete("/extra/1", cast_to=bytes))
            async with sdk.with_streaming_response.get(
                "/extra/file", cast_to=lab.BinaryResponse
            ) as response:
                out.append(b"".join([chunk async for chunk in response.iter_bytes()]))
            out.append(await sdk.put("/extra/1", cast_to=dict, body=b"\x00\x01"))
            return out

    got, made, raw, deleted, streamed, put = (
        run_sync() if kind == "sync" else asyncio.run(run_async())
    )
    assert type(got) is custom.Event and got.created_at.year == 2024
    assert made.kind == "made" and made._request_id == "req-post"
    assert type(raw) is lab.APIResponse and raw.status_code == 200
    assert raw.parse().created_at.month == 5
    assert deleted == b"" and streamed == b"raw bytes" and put == stamp
    first, post, patch, delete, stream, put_request = server.requests[-6:]
    assert (first.method, first.path, first.query) == ("GET", "/extra", {"q": ["v"]})
    # Auth and default headers as for any generated method; options as they take them.
    assert first.headers["authorization"] == f"Bearer {KEY}"
    assert first.headers["x-extra"] == "1" and first.body == b""
    assert (post.method, json.loads(post.body)) == ("POST", {"kind": "made"})
    assert post.headers["content-type"] == "application/json"
    assert (patch.method, patch.path) == ("PATCH", "/extra/1")
    assert (delete.method, delete.body) == ("DELETE", b"")
    assert (stream.method, stream.path) == ("GET", "/extra/file")
    assert (put_request.method, put_request.body) == ("PUT", b"\x00\x01")


def test_client_verbs_raise_status_errors(
    lab: ModuleType, server: LoopbackServer, custom: ModuleType
) -> None:
    server.reply(Reply(422, {"message": "taken"}))
    with client(lab, server, "sync") as sdk:
        with pytest.raises(lab.UnprocessableEntityError, match="taken"):
            sdk.post("/extra", cast_to=custom.Event, body={})


# --------------------------------------------------------------------------- types

USES = """
from typing import Any, assert_type

from custom_models import Event
from stream_lab import (
    APIError,
    APIResponse,
    AsyncStream,
    AsyncStreamLab,
    AsyncStreamedAPIResponse,
    BinaryResponse,
    NotFoundError,
    Stream,
    StreamedAPIResponse,
    StreamLab,
)
from stream_lab.types import Stream as StreamModel, Tick


def check(c: StreamLab) -> None:
    with c.files.with_streaming_response.download_file(file_id="f") as response:
        assert_type(response, StreamedAPIResponse[BinaryResponse])
        assert_type(response.parse(), BinaryResponse)
        response.stream_to_file("out.bin")
        for chunk in response.iter_bytes():
            assert_type(chunk, bytes)
        assert_type(response.read(), bytes)
        assert_type(response.text(), str)
        assert_type(response.json(), Any)
        assert_type(response.status_code, int)
        assert_type(response.request_id, str | None)
    with c.ticks.with_streaming_response.stream_ticks(symbol="x") as ticks:
        assert_type(ticks.parse(), Stream[Tick])
    with c.with_streaming_response.ticks.get_stream_info() as info:
        assert_type(info.parse(), StreamModel)
    raw = c.with_raw_response.ticks.get_stream_info()
    assert_type(raw, APIResponse[StreamModel])
    assert_type(raw.request_id, str | None)
    model = c.ticks.get_stream_info()
    assert_type(model._request_id, str | None)
    assert_type(model.to_dict(mode="json"), dict[str, object])
    assert_type(model.to_json(indent=None), str)
    assert_type(c.get("/x", cast_to=Event), Event)
    assert_type(c.post("/x", cast_to=Event, body={"a": 1}), Event)
    assert_type(c.delete("/x", cast_to=bytes, options={"timeout": 1.0}), bytes)
    assert_type(c.with_raw_response.get("/x", cast_to=Event), APIResponse[Event])
    with c.with_streaming_response.put("/x", cast_to=BinaryResponse) as put:
        assert_type(put, StreamedAPIResponse[BinaryResponse])
    try:
        pass
    except NotFoundError as exc:
        assert_type(exc.request_id, str | None)
    except APIError as exc:
        assert_type(exc.body, object)


async def check_async(c: AsyncStreamLab) -> None:
    streaming = c.files.with_streaming_response
    async with streaming.download_file(file_id="f") as response:
        assert_type(response, AsyncStreamedAPIResponse[BinaryResponse])
        assert_type(await response.parse(), BinaryResponse)
        await response.stream_to_file("out.bin")
        async for chunk in response.iter_bytes():
            assert_type(chunk, bytes)
        assert_type(await response.read(), bytes)
    async with c.ticks.with_streaming_response.stream_ticks(symbol="x") as ticks:
        assert_type(await ticks.parse(), AsyncStream[Tick])
    assert_type(await c.get("/x", cast_to=Event), Event)
    raw = await c.with_raw_response.patch("/x", cast_to=Event)
    assert_type(raw, APIResponse[Event])
    async with c.with_streaming_response.get("/x", cast_to=Event) as got:
        assert_type(await got.parse(), Event)
"""


def test_the_new_api_is_typed_for_mypy_strict(
    package_dir: Path, custom: ModuleType
) -> None:
    (package_dir / "uses_parity.py").write_text(USES)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "uses_parity.py",
        ],
        cwd=package_dir,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
