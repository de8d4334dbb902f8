"""Reading generated docs and running their examples.

Fence languages (see ``generator/render/doc_filters.py``): ``python`` blocks are complete programs
and run; ``cli`` blocks are one CLI command and run; ``sh`` blocks that are a ``curl`` command are
checked to describe the request the Python example makes; ``pyi`` and ``json`` are not run.

Which fences are examples: on an operation page, those under ``## Examples``; in the README, those
under any ``##`` section (the API's own description sits above the first one and is spec text, so
a fence inside it is never run).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shlex
import subprocess
import sys
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.emit.write import write_tree
from generator.ir.nodes import Api, AuthScheme, Operation, Resource
from generator.pipeline import generate
from generator.render import doc_filters
from tests.support.credentials import credential
from tests.support.server import LoopbackServer, Recorded, running

ROOT = Path(__file__).resolve().parents[2]
TEST_KEY = "sk-docs-test-key"
# What the files upload examples name (doc_filters.EXAMPLE_FILES) hold; examples run beside them.
EXAMPLE_FILE_CONTENT = b"example file\n"

_MD = MarkdownIt("commonmark").enable("table")


def parse(text: str) -> list[Token]:
    return _MD.parse(text)


@dataclass(frozen=True)
class Block:
    language: str
    code: str
    section: str  # the "## " heading it sits under ("" above the first)


@dataclass(frozen=True)
class Page:
    path: str  # relative to the package's output root
    text: str
    resource: Resource | None  # None: the README
    op: Operation | None

    @property
    def tokens(self) -> list[Token]:
        return parse(self.text)

    def blocks(self) -> list[Block]:
        out: list[Block] = []
        section = ""
        tokens = self.tokens
        for i, token in enumerate(tokens):
            if token.type == "heading_open" and token.tag == "h2":
                section = tokens[i + 1].content
            elif token.type == "fence":
                out.append(Block(token.info.strip(), token.content, section))
        return out

    def examples(self) -> list[Block]:
        """The fences the docs promise work: see the module docstring."""
        if self.op is None:
            return [b for b in self.blocks() if b.section]
        return [b for b in self.blocks() if b.section == "Examples"]


class ForkRunner:
    """A warm interpreter that forks a child per example (see ``_forkserver.py``)."""

    def __init__(self, package: str, env: dict[str, str], workdir: Path) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.workdir = workdir
        self._log = open(workdir / "forkserver.log", "w")
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "tests.docs._forkserver", package],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            env=env,
            cwd=ROOT,
        )
        self._lock = threading.Lock()
        self._count = 0

    def run(self, job: dict[str, Any]) -> tuple[int, str, str]:
        with self._lock:
            self._count += 1
            out = self.workdir / f"{self._count}.out"
            err = self.workdir / f"{self._count}.err"
            assert self._proc.stdin is not None and self._proc.stdout is not None
            self._proc.stdin.write(
                json.dumps({**job, "stdout": str(out), "stderr": str(err)}) + "\n"
            )
            self._proc.stdin.flush()
            line = self._proc.stdout.readline()
        if not line:
            log = (self.workdir / "forkserver.log").read_text()
            raise RuntimeError(f"the fork server died:\n{log}")
        return (
            int(json.loads(line)["code"]),
            out.read_text("utf-8"),
            err.read_text("utf-8"),
        )

    def close(self) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        self._proc.wait(timeout=30)
        self._log.close()


@dataclass
class DocPackage:
    """A generated package whose docs are checked."""

    name: str
    root: Path
    api: Api
    cli_script: (
        Path | None
    )  # the installed console script; None: ``python -m <pkg>._cli``
    pythonpath: str | None = None
    pages: list[Page] = field(default_factory=list)
    workdir: Path | None = None
    _runner: ForkRunner | None = None
    _runner_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.workdir is not None:
            self.example_dir.mkdir(parents=True, exist_ok=True)
            for name in doc_filters.EXAMPLE_FILES:
                (self.example_dir / name).write_bytes(EXAMPLE_FILE_CONTENT)

    @property
    def example_dir(self) -> Path:
        """Where examples run: the files upload examples name are there."""
        assert self.workdir is not None
        return self.workdir / "files"

    def env(self, base_url: str) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.endswith(("_API_KEY", "_BASE_URL", "_LOG"))
            and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")
        }
        env.update(
            {
                self.api.env_base_url: base_url,
                self.api.env_api_key: TEST_KEY,
                **{scheme.env: TEST_KEY for scheme in self.api.auth.extra},
                "NO_PROXY": "127.0.0.1,localhost",
                "PYTHONIOENCODING": "utf-8",
            }
        )
        if self.pythonpath:
            env["PYTHONPATH"] = self.pythonpath
        return env

    def runner(self) -> ForkRunner:
        with self._runner_lock:
            if self._runner is None:
                assert self.workdir is not None
                self._runner = ForkRunner(
                    self.api.package,
                    self.env("http://127.0.0.1:9"),
                    self.workdir / "runs",
                )
            return self._runner

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()


def load_pages(root: Path, api: Api) -> list[Page]:
    by_path = {doc_filters.doc_path(r, op): (r, op) for r, op in api.operations()}
    pages = [Page("README.md", (root / "README.md").read_text("utf-8"), None, None)]
    for path in sorted((root / "docs").rglob("*.md")):
        rel = path.relative_to(root).as_posix()
        resource, op = by_path[rel]  # every page belongs to an operation
        pages.append(Page(rel, path.read_text("utf-8"), resource, op))
    return pages


def main_package(workdir: Path) -> DocPackage:
    """``generated/`` as checked in, its CLI the installed console script."""
    result = generate(ROOT / "spec" / "openapi.yaml", ROOT / "spec" / "sdk.yaml")
    root = ROOT / "generated"
    script = Path(sys.executable).parent / result.api.cli_command
    assert script.exists(), f"{script} is missing: run `make generate`"
    pages = load_pages(root, result.api)
    return DocPackage("generated", root, result.api, script, None, pages, workdir)


def package_from_spec(
    name: str, spec: Path, config: Path | None, out: Path
) -> DocPackage:
    """Generate ``spec`` into ``out`` (no pip): Python finds it on PYTHONPATH, the CLI runs as
    ``python -m <pkg>._cli``."""
    result = generate(spec, config)
    write_tree(out, result.files)
    return package_from_tree(name, out, result.api, out.parent / f"{name}-runs")


def package_from_tree(name: str, root: Path, api: Api, workdir: Path) -> DocPackage:
    """An already written package at ``root`` (only read); examples run in ``workdir``."""
    return DocPackage(name, root, api, None, str(root), load_pages(root, api), workdir)


# --------------------------------------------------------------------------- running examples


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    requests: list[Recorded]

    def describe(self) -> str:
        seen = [f"{r.method} {r.path}" for r in self.requests]
        return f"exit {self.code}; requests {seen}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}"


def reply_for(package: DocPackage, page: Page) -> Any:
    """What the server answers: the page's example response (the README: its operation's)."""
    target = page
    if page.op is None:
        first = doc_filters.first_operation(package.api)
        if first is None:
            return {}
        path = doc_filters.doc_path(*first)
        target = next(p for p in package.pages if p.path == path)
    responses = [b for b in target.examples() if b.language == "json"]
    return json.loads(responses[0].code) if responses else {}


def run_python(package: DocPackage, code: str, reply: Any) -> Run:
    with running() as server:
        server.default.body = reply
        code_, out, err = package.runner().run(
            {
                "code": code,
                "env": package.env(server.url),
                "cwd": str(package.example_dir),
            }
        )
        return Run(code_, out, err, list(server.requests))


def command_words(text: str) -> list[str]:
    """A shell command's words (line continuations joined)."""
    return shlex.split(text.replace("\\\n", " "))


def run_cli(package: DocPackage, code: str, reply: Any) -> Run:
    words = command_words(code)
    assert (
        words[0] == package.api.cli_command
    ), f"not a {package.api.cli_command} command: {code}"
    with running() as server:
        server.default.body = reply
        env = package.env(server.url)
        if package.cli_script is None:
            module = f"{package.api.package}._cli"
            code_, out, err = package.runner().run(
                {
                    "module": module,
                    "argv": words[1:],
                    "env": env,
                    "cwd": str(package.example_dir),
                }
            )
            return Run(code_, out, err, list(server.requests))
        done = subprocess.run(
            [str(package.cli_script), *words[1:]],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
            cwd=package.example_dir,
        )
        return Run(done.returncode, done.stdout, done.stderr, list(server.requests))


def run_curl(package: DocPackage, code: str, reply: Any) -> Run:
    """Run the curl command through bash, the documented server swapped for the loopback one."""
    base = package.api.default_base_url.rstrip("/")
    with running() as server:
        server.default.body = reply
        base_path = urlsplit(base).path
        script = code.replace(
            base, server.url + "/__base__" if base_path else server.url, 1
        )
        done = subprocess.run(
            ["bash", "-c", script.rstrip("\n") + " --silent --show-error --fail"],
            env=package.env(server.url),
            capture_output=True,
            text=True,
            timeout=60,
            cwd=package.example_dir,
        )
        requests = [
            Recorded(
                r.method, r.path.removeprefix("/__base__"), r.query, r.headers, r.body
            )
            for r in server.requests
        ]
        return Run(done.returncode, done.stdout, done.stderr, requests)


def path_pattern(op: Operation) -> re.Pattern[str]:
    """The operation's path with any value in its placeholders."""
    parts = re.split(r"(\{[^}]*\})", op.path)
    return re.compile(
        "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$"
    )


# --------------------------------------------------------------------------- curl, statically


@dataclass
class Curl:
    url: str
    method: str
    headers: dict[str, str]  # lower-case names
    data: str | None
    user: str | None = None  # curl -u (basic auth), as written
    form: list[str] = field(
        default_factory=list
    )  # -F / --form-string parts, as written
    data_binary: str | None = None


def parse_curl(text: str) -> Curl:
    """A curl command as the docs write it; anything else is a failure to describe the request."""
    words = command_words(text)
    assert words[0] == "curl", text
    url: str | None = None
    method = "GET"
    headers: dict[str, str] = {}
    data: str | None = None
    user: str | None = None
    form: list[str] = []
    data_binary: str | None = None
    i = 1
    while i < len(words):
        word = words[i]
        if word == "-X":
            method, i = words[i + 1], i + 2
        elif word == "-H":
            name, _, value = words[i + 1].partition(":")
            headers[name.strip().lower()] = value.strip()
            i += 2
        elif word == "-d":
            data, i = words[i + 1], i + 2
        elif word in ("-F", "--form-string"):
            form.append(words[i + 1])
            i += 2
        elif word == "--data-binary":
            data_binary, i = words[i + 1], i + 2
        elif (
            word == "-u"
        ):  # basic auth: kept as written until the credential is expanded
            user = words[i + 1]
            i += 2
        elif word.startswith("-"):
            raise AssertionError(f"unexpected curl option {word!r} in {text!r}")
        else:
            assert url is None, f"two URLs in {text!r}"
            url, i = word, i + 1
    assert url is not None, f"no URL in {text!r}"
    return Curl(url, method, headers, data, user, form, data_binary)


def curl_matches(
    package: DocPackage,
    curl: Curl,
    seen: Recorded,
    schemes: tuple[AuthScheme, ...] | None = None,
) -> list[str]:
    """How a curl command differs from the request the Python example made ([] if it does not).
    ``schemes``: the credentials the operation sends (default: the API key's)."""
    problems: list[str] = []
    api = package.api
    if schemes is None:
        schemes = (api.auth.primary,) if api.auth.kind != "none" else ()
    # Each credential is a $VARIABLE in the docs; the Python example ran with TEST_KEY in it.
    variables = [
        "$" + (api.env_api_key if s.argument == "api_key" else s.env) for s in schemes
    ]
    for variable in variables:
        if variable not in (
            curl.url + " ".join(curl.headers.values()) + (curl.user or "")
        ):
            problems.append(f"curl does not send the credential from {variable}")

    def expand(text: str) -> str:
        for variable in variables:
            text = text.replace(variable, TEST_KEY)
        return text

    headers = {k: expand(v) for k, v in curl.headers.items()}
    if curl.user is not None:  # what curl -u sends
        token = base64.b64encode(expand(curl.user).encode()).decode()
        headers["authorization"] = f"Basic {token}"
    curl = replace(curl, url=expand(curl.url), headers=headers, user=None)

    split = urlsplit(curl.url)
    base = urlsplit(api.default_base_url)
    if (split.scheme, split.netloc) != (base.scheme, base.netloc):
        problems.append(
            f"curl goes to {split.scheme}://{split.netloc}, not {api.default_base_url}"
        )
    path = split.path.removeprefix(base.path.rstrip("/"))
    if path != seen.path:
        problems.append(f"curl path {path!r} != {seen.path!r}")
    if parse_qs(split.query, keep_blank_values=True) != seen.query:
        problems.append(f"curl query {split.query!r} != {seen.query!r}")
    if curl.method != seen.method:
        problems.append(f"curl method {curl.method} != {seen.method}")
    for scheme in schemes:
        if scheme.kind in ("bearer", "basic"):
            if credential(api, curl.headers, {}, scheme) != TEST_KEY:
                problems.append(
                    f"curl auth header is {curl.headers.get('authorization')!r}"
                )
    for name, value in curl.headers.items():
        if name in ("authorization", "content-type"):
            continue
        if seen.headers.get(name) != value:
            problems.append(
                f"curl header {name}: {value!r} != {seen.headers.get(name)!r}"
            )
    if curl.data is None and curl.data_binary is None and not curl.form:
        if seen.body:
            problems.append(f"curl sends no body; the client sent {seen.body!r}")
    elif curl.form:
        # multipart: the parts are compared with the client's when the command runs
        if "content-type" in curl.headers:
            problems.append("curl -F sets its own multipart Content-Type (boundary)")
    else:
        if curl.data is not None:
            problems += _curl_data_problems(curl, seen)
        elif curl.data_binary is not None and not curl.data_binary.startswith("@"):
            sent = replace(seen, body=curl.data_binary.encode(), headers=curl.headers)
            if curl.headers.get("content-type", "").startswith("multipart/form-data"):
                # An empty multipart body: the same parts (none) under another boundary.
                if body_view(sent) != body_view(seen):
                    problems.append(f"curl body {curl.data_binary!r} != {seen.body!r}")
            elif curl.data_binary.encode() != seen.body:
                problems.append(f"curl body {curl.data_binary!r} != {seen.body!r}")
        curl_type = curl.headers.get("content-type", "")
        seen_type = seen.headers.get("content-type", "")
        if curl_type.startswith("multipart/form-data;"):  # boundaries differ
            curl_type, seen_type = curl_type.split(";")[0], seen_type.split(";")[0]
        if curl_type != seen_type:
            problems.append(
                f"curl content-type {curl.headers.get('content-type')!r} != "
                f"{seen.headers.get('content-type')!r}"
            )
    return problems


def _curl_data_problems(curl: Curl, seen: Recorded) -> list[str]:
    """How curl's ``-d`` differs from the client's body: a form by its pairs, else as JSON."""
    assert curl.data is not None
    if curl.headers.get("content-type") == "application/x-www-form-urlencoded":
        pairs = parse_qsl(curl.data, keep_blank_values=True)
        if pairs != (body_view(seen) or []):  # an empty form is no pairs
            return [f"curl form {curl.data!r} != {seen.body!r}"]
        return []
    try:
        body = json.loads(curl.data)
    except ValueError as error:
        return [f"curl -d is not JSON: {error}"]
    if not seen.body or body != seen.json():
        return [f"curl body {body!r} != {seen.body!r}"]
    return []


def multipart_parts(
    body: bytes, content_type: str
) -> list[tuple[dict[str, str], bytes]]:
    """The parts of a multipart body, in order: their headers (lower-case names) and content."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    assert match, content_type
    delimiter = b"--" + match.group(1).encode()
    chunks = body.split(delimiter)
    # RFC 2046: the CRLF after the close delimiter is optional.
    assert chunks[0] == b"" and chunks[-1] in (b"--\r\n", b"--"), body
    parts = []
    for chunk in chunks[1:-1]:
        head, _, content = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        headers = {}
        for line in head.decode().split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        parts.append((headers, content.removesuffix(b"\r\n")))
    return parts


def body_view(seen: Recorded) -> Any:
    """A request body as its Content-Type means it, so two encodings of one body compare equal:
    JSON by value, a form by its pairs, multipart by its parts (boundaries differ)."""
    if not seen.body:
        return None
    content_type = seen.headers.get("content-type", "")
    base = content_type.split(";", 1)[0].strip().lower()
    if base == "multipart/form-data":
        return multipart_parts(seen.body, content_type)
    if base == "application/x-www-form-urlencoded":
        return parse_qsl(seen.body.decode("ascii"), keep_blank_values=True)
    if base == "application/json" or base.endswith("+json"):
        return seen.json()
    return content_type, seen.body


def same_request(a: Recorded, b: Recorded) -> list[str]:
    problems = []
    for name in ("method", "path", "query"):
        if getattr(a, name) != getattr(b, name):
            problems.append(f"{name}: {getattr(a, name)!r} != {getattr(b, name)!r}")
    if body_view(a) != body_view(b):
        problems.append(f"body: {a.body!r} != {b.body!r}")
    return problems
