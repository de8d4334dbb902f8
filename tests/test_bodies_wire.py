"""Request bodies on a real socket (tests/cases/bodies): forms, multipart uploads, raw bytes, text
and non-object JSON, from the sync and the async client, and a file upload from the CLI.

Every expected body below is written out by hand from the rules in ``_body.py``'s docstring and
RFC 7578 (multipart/form-data), not produced by the code under test.
"""

from __future__ import annotations

import asyncio
import importlib
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.ir.nodes import TypeRef
from generator.pipeline import generate
from tests.golden import CASES
from tests.support.generated import CaseMaker
from tests.support.server import LoopbackServer, Recorded, Reply

KINDS = ["sync", "async"]
RECEIPT = {"id": "r1", "size": 3}


@pytest.fixture(scope="module")
def package_dir(generated_case: CaseMaker) -> Path:
    return generated_case("bodies").root


@pytest.fixture(scope="module")
def depot(package_dir: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(package_dir))
    try:
        yield importlib.import_module("depot")
    finally:
        sys.path.remove(str(package_dir))
        for name in [m for m in sys.modules if m.split(".")[0] == "depot"]:
            del sys.modules[name]


def call(
    depot: ModuleType,
    kind: str,
    server: LoopbackServer,
    method: str,
    *,
    max_retries: int = 0,
    **kwargs: Any,
) -> Recorded:
    """``client.<method>(**kwargs)`` on the sync or async client; the request the server got."""
    resource, name = method.split(".")
    if kind == "sync":
        with depot.Depot(base_url=server.url, max_retries=max_retries) as client:
            result = getattr(getattr(client, resource), name)(**kwargs)
    else:

        async def run() -> Any:
            async with depot.AsyncDepot(
                base_url=server.url, max_retries=max_retries
            ) as client:
                return await getattr(getattr(client, resource), name)(**kwargs)

        result = asyncio.run(run())
    assert result.id == "r1"
    return server.last


@pytest.fixture
def answering(server: LoopbackServer) -> LoopbackServer:
    server.default = Reply(200, RECEIPT)
    return server


def boundary_of(recorded: Recorded) -> str:
    match = re.fullmatch(
        r"multipart/form-data; boundary=([0-9a-f]{32})",
        recorded.headers["content-type"],
    )
    assert match, recorded.headers["content-type"]
    return match.group(1)


def multipart(boundary: str, *parts: tuple[str, bytes]) -> bytes:
    """A multipart/form-data body: each part is its header lines and its content."""
    out = b""
    for head, content in parts:
        out += f"--{boundary}\r\n{head}\r\n\r\n".encode() + content + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


def field(
    name: str, content: bytes, content_type: str | None = None
) -> tuple[str, bytes]:
    head = f'Content-Disposition: form-data; name="{name}"'
    if content_type:
        head += f"\r\nContent-Type: {content_type}"
    return head, content


def upload(
    name: str, filename: str, content: bytes, content_type: str
) -> tuple[str, bytes]:
    head = (
        f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}"
    )
    return head, content


# --------------------------------------------------------------------------- forms


@pytest.mark.parametrize("kind", KINDS)
def test_form_fields_are_flattened_and_nested_values_use_brackets(
    depot: ModuleType, answering: LoopbackServer, kind: str
) -> None:
    seen = call(
        depot,
        kind,
        answering,
        "customers.create_customer",
        name="Ann Lee",
        email="ann@example.com",
        active=True,
        balance=1.5,
        metadata={"plan": "pro", "note": "a&b"},
        expand=["invoice", "tax"],
        items=[{"price": "p_1", "quantity": 2}, {"price": "p_2"}],
        tags=["new", "vip"],
        labels=["x", "y"],
        address={"line1": "1 Main St", "city": "Oslo"},
    )
    assert seen.method == "POST" and seen.path == "/customers"
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"
    # Signature order (required first, then by name); deepObject arrays indexed; an object with
    # no encoding in brackets too; an array of strings with no encoding repeats its key;
    # pipeDelimited joins with %7C.
    assert seen.body.decode() == (
        "name=Ann%20Lee"
        "&active=true"
        "&address%5Bline1%5D=1%20Main%20St&address%5Bcity%5D=Oslo"
        "&balance=1.5"
        "&email=ann%40example.com"
        "&expand%5B0%5D=invoice&expand%5B1%5D=tax"
        "&items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2"
        "&items%5B1%5D%5Bprice%5D=p_2"
        "&labels=x%7Cy"
        "&metadata%5Bplan%5D=pro&metadata%5Bnote%5D=a%26b"
        "&tags=new&tags=vip"
    )
    assert int(seen.headers["content-length"]) == len(seen.body)


@pytest.mark.parametrize("kind", KINDS)
def test_form_leaves_out_none_and_merges_extra_body(
    depot: ModuleType, answering: LoopbackServer, kind: str
) -> None:
    seen = call(
        depot,
        kind,
        answering,
        "customers.create_customer",
        name="Bo",
        email=None,  # a form has no null: the field is not sent
        metadata={"plan": None, "tier": "gold"},  # nor a null inside one
        extra_body={"name": "Bo B", "coupon": {"code": "X1"}},
    )
    assert seen.body == b"name=Bo%20B&metadata%5Btier%5D=gold&coupon%5Bcode%5D=X1"


# --------------------------------------------------------------------------- multipart


@pytest.mark.parametrize("kind", KINDS)
def test_multipart_sends_text_fields_then_files_with_names_and_types(
    depot: ModuleType, answering: LoopbackServer, kind: str, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"from a path\n")
    thumb = tmp_path / "thumb.bin"
    thumb.write_bytes(b"\x89PNG\r\n")
    seen = call(
        depot,
        kind,
        answering,
        "files.upload_file",
        file=("report.pdf", b"%PDF-1.4 data", "application/pdf"),
        purpose="invoice",
        attachments=[b"first", io.BytesIO(b"second"), notes],
        meta={"source": "scan", "pages": 2},
        tags=["a", "b"],
        link_data={"create": True, "expires_at": 1700000000},
        signature=b"sig-bytes",
        thumbnail=thumb,
        scans=[("p1.png", b"page 1"), ("p2.png", b"page 2")],  # one file or several
    )
    boundary = boundary_of(seen)
    assert seen.body == multipart(
        boundary,
        field("purpose", b"invoice"),
        # link_data is declared deepObject: its pairs, each a text part.
        field("link_data[create]", b"true"),
        field("link_data[expires_at]", b"1700000000"),
        field("meta", b'{"source":"scan","pages":2}', "application/json"),
        field("tags", b"a"),
        field("tags", b"b"),
        upload("file", "report.pdf", b"%PDF-1.4 data", "application/pdf"),
        upload("attachments", "upload", b"first", "application/octet-stream"),
        upload("attachments", "upload", b"second", "application/octet-stream"),
        upload("attachments", "notes.txt", b"from a path\n", "text/plain"),
        upload("scans", "p1.png", b"page 1", "image/png"),
        upload("scans", "p2.png", b"page 2", "image/png"),
        # encoding.contentType lists two types: neither is assumed for an unnamed file.
        upload("signature", "upload", b"sig-bytes", "application/octet-stream"),
        # 3.1 contentMediaType names the part's type whatever the file is called.
        upload("thumbnail", "thumb.bin", b"\x89PNG\r\n", "image/png"),
    )


@pytest.mark.parametrize("kind", KINDS)
def test_multipart_escapes_quotes_in_names_and_takes_files_in_extra_body(
    depot: ModuleType, answering: LoopbackServer, kind: str
) -> None:
    seen = call(
        depot,
        kind,
        answering,
        "files.upload_file",
        file=('say "hi"\r\n.txt', b"x"),
        purpose="receipt",
        meta=None,  # multipart has no null: not sent
        thumbnail=None,  # not even for a file
        extra_body={"note": "extra", "scan": ("scan.png", b"png-bytes")},
    )
    assert seen.body == multipart(
        boundary_of(seen),
        field("purpose", b"receipt"),
        field("note", b"extra"),
        upload("file", "say %22hi%22%0D%0A.txt", b"x", "text/plain"),
        upload("scan", "scan.png", b"png-bytes", "image/png"),
    )


def test_multipart_rejects_a_string_for_a_file(
    depot: ModuleType, answering: LoopbackServer
) -> None:
    with depot.Depot(base_url=answering.url, max_retries=0) as client:
        with pytest.raises(TypeError, match="'file' takes files"):
            client.files.upload_file(file="not-a-file", purpose="invoice")
    assert not answering.requests


# --------------------------------------------------------------------------- whole bodies


@pytest.mark.parametrize("kind", KINDS)
def test_binary_body_takes_bytes_a_file_object_or_a_path(
    depot: ModuleType, answering: LoopbackServer, kind: str, tmp_path: Path
) -> None:
    path = tmp_path / "blob.dat"
    path.write_bytes(b"\x00\x01path")
    handle = io.BytesIO(b"skip\x00\x02stream")
    handle.seek(4)  # read from where the caller left it
    for body, wire in (
        (b"\x00\x01raw", b"\x00\x01raw"),
        (handle, b"\x00\x02stream"),
        (path, b"\x00\x01path"),
    ):
        seen = call(
            depot, kind, answering, "files.put_file_content", file_id="f 1", body=body
        )
        assert seen.method == "PUT" and seen.path == "/files/f%201/content"
        assert seen.headers["content-type"] == "application/octet-stream"
        assert seen.body == wire


@pytest.mark.parametrize("kind", KINDS)
def test_binary_body_offered_in_several_types_is_typed_by_its_file_name(
    depot: ModuleType, answering: LoopbackServer, kind: str, tmp_path: Path
) -> None:
    picture = tmp_path / "cat.png"
    picture.write_bytes(b"\x89PNG")
    seen = call(depot, kind, answering, "files.upload_image", body=picture)
    assert (seen.headers["content-type"], seen.body) == ("image/png", b"\x89PNG")
    seen = call(depot, kind, answering, "files.upload_image", body=b"\xff\xd8")
    assert seen.headers["content-type"] == "application/octet-stream"


@pytest.mark.parametrize("kind", KINDS)
def test_text_body_is_utf8(
    depot: ModuleType, answering: LoopbackServer, kind: str
) -> None:
    seen = call(depot, kind, answering, "notes.create_note", body="héllo\nwörld")
    assert seen.headers["content-type"] == "text/plain; charset=utf-8"
    assert seen.body == "héllo\nwörld".encode()


@pytest.mark.parametrize("kind", KINDS)
def test_json_bodies_that_are_not_objects(
    depot: ModuleType, answering: LoopbackServer, kind: str
) -> None:
    seen = call(
        depot,
        kind,
        answering,
        "batches.create_batch",
        body=[{"sku": "a", "quantity": 2}, depot.Item(sku="b")],
    )
    assert seen.headers["content-type"] == "application/json"
    assert seen.body == b'[{"sku":"a","quantity":2},{"sku":"b"}]'
    seen = call(depot, kind, answering, "counters.set_counter", name="hits", body=0)
    assert (seen.path, seen.body) == ("/counters/hits", b"0")


@pytest.mark.parametrize("kind", KINDS)
def test_the_preferred_media_type_is_used(
    depot: ModuleType, answering: LoopbackServer, kind: str
) -> None:
    seen = call(depot, kind, answering, "orders.create_order", sku="s1", quantity=1)
    assert seen.headers["content-type"] == "application/json"
    assert seen.json() == {"sku": "s1", "quantity": 1}
    seen = call(depot, kind, answering, "imports.create_import", sku="s1", quantity=1)
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"
    assert (
        seen.body == b"quantity=1&sku=s1"
    )  # an optional body: every field is optional


# --------------------------------------------------------------------------- retries


@pytest.mark.parametrize("kind", KINDS)
def test_a_retry_resends_the_same_bytes_of_a_read_once_upload(
    depot: ModuleType, server: LoopbackServer, kind: str
) -> None:
    busy = Reply(503, {"error": "busy"}, headers={"retry-after-ms": "1"})
    server.reply(busy, Reply(200, RECEIPT))
    call(
        depot,
        kind,
        server,
        "files.upload_file",
        max_retries=1,
        file=io.BytesIO(b"streamed once"),
        purpose="invoice",
    )
    first, second = server.requests
    assert first.body == second.body  # the same boundary too: the body is built once
    assert b"streamed once\r\n" in second.body
    server.reply(busy, Reply(200, RECEIPT))
    call(
        depot,
        kind,
        server,
        "files.put_file_content",
        max_retries=1,
        file_id="f1",
        body=io.BytesIO(b"raw stream"),
    )
    assert [r.body for r in server.requests[2:]] == [b"raw stream", b"raw stream"]


# --------------------------------------------------------------------------- the generator


def test_the_fixture_generates_without_warnings() -> None:
    result = generate(CASES / "bodies" / "spec.yaml")
    assert [w.message for w in result.warnings] == []
    chosen = {
        op.name: (op.body.kind, op.body.content_type, op.body.alternatives)
        for _, op in result.api.operations()
        if op.body is not None
    }
    assert chosen["create_order"] == (
        "json",
        "application/json",
        ("application/x-www-form-urlencoded",),
    )
    assert chosen["create_import"] == (
        "form",
        "application/x-www-form-urlencoded",
        ("multipart/form-data",),
    )
    upload = next(op for _, op in result.api.operations() if op.name == "upload_file")
    files = TypeRef("file", "FileTypes")
    uploads = {p.name: p.type for p in upload.parameters if _carries_files(p.type)}
    assert uploads == {
        "file": files,  # format: binary
        "attachments": TypeRef("array", args=(files,)),
        "scans": TypeRef("union", args=(files, TypeRef("array", args=(files,)))),
        "signature": files,  # encoding.contentType is not text
        "thumbnail": files,  # 3.1 contentMediaType
    }


def _carries_files(ref: TypeRef) -> bool:
    return ref.kind == "file" or any(_carries_files(arg) for arg in ref.args)


def test_bodies_the_client_cannot_encode_degrade_with_located_warnings(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("""openapi: 3.0.3
info: {title: Odd, version: "1"}
paths:
  /xml:
    post:
      operationId: sendXml
      requestBody:
        content:
          application/xml:
            schema: {type: object, properties: {a: {type: string}}}
      responses: {"204": {description: ok}}
  /list:
    post:
      operationId: sendList
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: array, items: {type: string}}
      responses: {"204": {description: ok}}
  /styled:
    post:
      operationId: sendStyled
      requestBody:
        content:
          application/x-www-form-urlencoded:
            encoding: {a: {style: matrix}}
            schema: {type: object, properties: {a: {type: array, items: {type: string}}}}
      responses: {"204": {description: ok}}
  /empty:
    get:
      operationId: sendEmpty
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {}, additionalProperties: false}
      responses: {"204": {description: ok}}
""")
    result = generate(spec, lenient=True)  # the validator rejects style: matrix
    content = "/paths/~1{}/post/requestBody/content/{}"
    form = "application~1x-www-form-urlencoded"
    ours = {
        (w.pointer, w.message.split(";")[0])
        for w in result.warnings
        # The validator's own finding on style: matrix stands at the same place; these are ours.
        if "requestBody/content/" in w.pointer and w.lenient != "finding"
    }
    assert ours == {
        (
            content.format("xml", "application~1xml") + "/schema",
            "'application/xml' bodies are not encoded by the client",
        ),
        (
            content.format("list", form) + "/schema",
            "a 'application/x-www-form-urlencoded' body must be an object",
        ),
        (
            content.format("styled", form) + "/encoding/a/style",
            "style 'matrix' is not defined for form fields",
        ),
    }
    # Degraded, not dropped: each still has its argument, in a looser type.
    params = {op.name: op.parameters for _, op in result.api.operations()}
    assert [(p.name, p.type.kind, p.type.name) for p in params["send_xml"]] == [
        ("body", "primitive", "str")
    ]
    assert [(p.name, p.type.kind) for p in params["send_list"]] == [("body", "map")]
    assert [p.name for p in params["send_styled"]] == ["a"]
    # A form declared with no fields at all (Stripe's GETs) takes no argument, silently.
    assert params["send_empty"] == ()


# --------------------------------------------------------------------------- the CLI


def run_cli(
    package_dir: Path, server: LoopbackServer, *args: str, stdin: bytes = b""
) -> subprocess.CompletedProcess[bytes]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DEPOT_")},
        "DEPOT_BASE_URL": server.url,
        "PYTHONPATH": str(package_dir),
    }
    return subprocess.run(
        [sys.executable, "-m", "depot._cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        timeout=60,
    )


def test_cli_uploads_files_from_paths_and_stdin(
    package_dir: Path, answering: LoopbackServer, tmp_path: Path
) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(b"quarterly numbers\n")
    done = run_cli(
        package_dir,
        answering,
        "files",
        "upload-file",
        "--file",
        str(report),
        "--purpose",
        "receipt",
        "--attachment",
        "-",
        "--meta",
        "source: cli",
        stdin=b"piped bytes",
    )
    assert done.returncode == 0, done.stderr.decode()
    seen = answering.last
    assert seen.body == multipart(
        boundary_of(seen),
        field("purpose", b"receipt"),
        field("meta", b'{"source":"cli"}', "application/json"),
        upload("file", "report.txt", b"quarterly numbers\n", "text/plain"),
        upload("attachments", "upload", b"piped bytes", "application/octet-stream"),
    )


def test_cli_sends_a_binary_body_from_stdin_or_a_path(
    package_dir: Path, answering: LoopbackServer, tmp_path: Path
) -> None:
    raw = b"\x00\xffbinary\r\n"
    done = run_cli(
        package_dir,
        answering,
        "files",
        "put-file-content",
        "--file-id",
        "f1",
        stdin=raw,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert answering.last.body == raw
    blob = tmp_path / "blob.bin"
    blob.write_bytes(raw + b"from path")
    done = run_cli(
        package_dir,
        answering,
        "files",
        "put-file-content",
        "--file-id",
        "f1",
        "--body",
        str(blob),
    )
    assert done.returncode == 0, done.stderr.decode()
    assert answering.last.body == raw + b"from path"
    assert answering.last.headers["content-type"] == "application/octet-stream"


def test_cli_refuses_a_missing_file_before_sending(
    package_dir: Path, answering: LoopbackServer, tmp_path: Path
) -> None:
    missing = tmp_path / "nope.txt"
    done = run_cli(
        package_dir,
        answering,
        "files",
        "upload-file",
        "--file",
        str(missing),
        "--purpose",
        "invoice",
    )
    assert done.returncode == 2
    assert f"cannot read '{missing}': no such file" in done.stderr.decode()
    assert not answering.requests
