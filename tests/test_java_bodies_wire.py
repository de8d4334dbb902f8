"""Request bodies of every kind the Java SDK writes, against a server on 127.0.0.1: a form with
nested values in brackets (and nulls left out), bytes, UTF-8 text, JSON arrays and scalars, the
preferred media type. The expected bytes are those tests/test_bodies_wire.py pins for the Python
SDK on the same calls (tests/java/BodiesDriver.java makes them)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.support.java import Build, classpath
from tests.support.server import LoopbackServer, Reply
from tests.test_java_cases import CASES, write_java
from tests.test_java_seed import build  # noqa: F401  (the seed build: its classpath)

DRIVER = Path(__file__).resolve().parent / "java" / "BodiesDriver.java"


def test_every_body_kind_is_sent_as_the_python_sdk_sends_it(
    tmp_path: Path, server: LoopbackServer, build: Build  # noqa: F811
) -> None:
    sdk, _ = write_java(
        CASES / "bodies" / "spec.yaml",
        CASES / "bodies" / "sdk.yaml",
        tmp_path,
        "bodies.api",
    )
    sources = [str(p) for p in sdk.rglob("*.java") if "-example" not in str(p)]
    jars = [p for p in classpath(build).split(":") if p.endswith(".jar")]
    classes = tmp_path / "classes"
    compiled = subprocess.run(
        ["javac", "--release", "8", "-Xlint:-options", "-nowarn", "-encoding", "UTF-8"]
        + ["-J-XX:TieredStopAtLevel=1", "-d", str(classes), "-cp", ":".join(jars)]
        + sources
        + [str(DRIVER)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    server.reply(Reply(200, {"id": "r1"}))
    run = subprocess.run(
        [
            "java",
            "-cp",
            ":".join([str(classes), *jars]),
            "bodies.api.tests.BodiesDriver",
        ]
        + [server.url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    seen = server.requests
    assert len(seen) == 8, [r.target for r in seen]
    form, bare_form, binary, text, batch, counter, order, imported = seen

    assert (form.method, form.target) == ("POST", "/customers")
    assert form.headers["content-type"] == "application/x-www-form-urlencoded"
    assert form.body.decode() == (
        "name=Ann%20Lee"
        "&email=ann%40example.com"
        "&active=true"
        "&balance=1.5"
        "&metadata%5Bplan%5D=pro&metadata%5Bnote%5D=a%26b"
        "&expand%5B0%5D=invoice&expand%5B1%5D=tax"
        "&items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2"
        "&items%5B1%5D%5Bprice%5D=p_2"
        "&tags=new&tags=vip"
        "&labels=x%7Cy"
        "&address%5Bline1%5D=1%20Main%20St&address%5Bcity%5D=Oslo"
    )
    assert int(form.headers["content-length"]) == len(form.body)
    assert bare_form.body == b"name=Bo&metadata%5Btier%5D=gold"

    assert (binary.method, binary.target) == ("PUT", "/files/f%201/content")
    assert binary.headers["content-type"] == "application/octet-stream"
    assert binary.body == b"\x00\x01raw"

    assert text.headers["content-type"] == "text/plain; charset=utf-8"
    assert text.body == "héllo\nwörld".encode()

    assert batch.headers["content-type"] == "application/json"
    assert batch.json() == [{"sku": "a", "quantity": 2}, {"sku": "b"}]
    assert (counter.target, counter.body) == ("/counters/hits", b"0")
    assert order.headers["content-type"] == "application/json"
    assert order.json() == {"sku": "s1", "quantity": 1}
    assert imported.headers["content-type"] == "application/x-www-form-urlencoded"
    assert imported.body == b"sku=s%202&quantity=3"
