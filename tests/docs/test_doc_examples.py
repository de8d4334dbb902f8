"""Every example in the generated docs works.

For each package (``generated/`` and the fixtures of tests/cases, plus ``specs/edge.yaml``), every
operation page's examples run against a loopback server that answers with the page's own example
response: the Python programs (sync and async) and the CLI command must exit 0 and make the
request the page describes (its method and path), the three must make the *same* request, and the
curl command must describe that request too, both read statically and run through bash. README
examples run the same way and must call documented operations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from generator.render import doc_filters
from generator.render.doc_filters import example_schemes
from tests.docs._support import (
    credential,
    ROOT,
    TEST_KEY,
    DocPackage,
    Page,
    Run,
    command_words,
    curl_matches,
    main_package,
    package_from_spec,
    package_from_tree,
    parse_curl,
    path_pattern,
    reply_for,
    run_cli,
    run_curl,
    run_python,
    same_request,
)
from tests.golden import cases
from tests.support.generated import CaseMaker

FIXTURES = [c for c in cases() if not c.expects_failure]
EDGE_SPEC = Path(__file__).resolve().parent / "specs" / "edge.yaml"
PACKAGES = ["generated", *(c.name for c in FIXTURES), "edge"]


@pytest.fixture(scope="session")
def packages(
    tmp_path_factory: pytest.TempPathFactory, generated_case: CaseMaker
) -> Iterator[dict[str, DocPackage]]:
    base = tmp_path_factory.mktemp("docs-packages")
    out = {"generated": main_package(base / "generated-runs")}
    for case in FIXTURES:
        made = generated_case(case.name)
        out[case.name] = package_from_tree(
            case.name, made.root, made.result.api, base / f"{case.name}-runs"
        )
    out["edge"] = package_from_spec("edge", EDGE_SPEC, None, base / "edge")
    yield out
    for pkg in out.values():
        pkg.close()


def _run_all(tasks: dict[str, Callable[[], Run]]) -> dict[str, Run]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = {key: pool.submit(task) for key, task in tasks.items()}
        return {key: future.result() for key, future in futures.items()}


def _operation_tasks(
    pkg: DocPackage, page: Page
) -> Iterator[tuple[str, Callable[[], Run]]]:
    reply = reply_for(pkg, page)
    for i, block in enumerate(page.examples()):
        key = f"{page.path}#{i}:{block.language}"
        if block.language == "python":
            yield key, lambda code=block.code: run_python(pkg, code, reply)
        elif block.language == "cli":
            yield key, lambda code=block.code: run_cli(pkg, code, reply)
        elif block.language == "sh":
            yield key, lambda code=block.code: run_curl(pkg, code, reply)


def _check_operation_page(
    pkg: DocPackage, page: Page, runs: dict[str, Run]
) -> list[str]:
    assert page.op is not None
    op, api = page.op, pkg.api
    problems: list[str] = []
    examples = page.examples()
    languages = [b.language for b in examples]
    returns = op.response is not None and op.response.type is not None
    wanted = ["python", "python", "sh", "cli"] + (["json"] if returns else [])
    if languages != wanted:
        return [f"{page.path}: example fences {languages}, wanted {wanted}"]
    if f"**{op.http_method.upper()}** `{op.path}`" not in page.text:
        problems.append(
            f"{page.path}: the page does not state {op.http_method.upper()} {op.path}"
        )
    sync, async_, curl_run, cli = (
        runs[f"{page.path}#{i}:{lang}"] for i, lang in enumerate(wanted[:4])
    )
    for label, run in (
        ("python", sync),
        ("async python", async_),
        ("cli", cli),
        ("curl", curl_run),
    ):
        # A paginated call's Python examples iterate every item: against a server that
        # answers each page with the same example, the runtime stops at the repeated page.
        walks = op.pagination is not None and label in ("python", "async python")
        count = len(run.requests)
        if run.code != 0 or not (count == 1 or (walks and count == 2)):
            problems.append(
                f"{page.path}: the {label} example failed: {run.describe()}"
            )
        elif count == 2 and run.requests[1].path != run.requests[0].path:
            problems.append(
                f"{page.path}: the {label} example's second page went elsewhere"
            )
    if problems:
        return problems
    seen = sync.requests[0]
    if seen.method != op.http_method.upper() or not path_pattern(op).match(seen.path):
        problems.append(
            f"{page.path}: python sent {seen.method} {seen.path}, the page is {op.key}"
        )
    # The credentials the operation's security accepts first (none for ``security: []``).
    schemes = example_schemes(op, api)
    for scheme in schemes:
        if credential(api, seen.headers, seen.query, scheme) != TEST_KEY:
            problems.append(
                f"{page.path}: python example did not authenticate from the env"
            )
        first = cli.requests[0]
        if credential(api, first.headers, first.query, scheme) != "My API Key":
            problems.append(
                f"{page.path}: the CLI example did not pass --{scheme.argument}"
            )
    if returns and not sync.stdout.strip():
        problems.append(f"{page.path}: the python example printed nothing")
    for label, run in (("async python", async_), ("cli", cli), ("curl", curl_run)):
        problems += [
            f"{page.path}: {label} vs python: {p}"
            for p in same_request(seen, run.requests[0])
        ]
    curl_text = examples[2].code
    problems += [
        f"{page.path}: {p}"
        for p in curl_matches(pkg, parse_curl(curl_text), seen, schemes)
    ]
    return problems


@pytest.mark.parametrize("name", PACKAGES)
def test_operation_page_examples_run_and_agree(
    packages: dict[str, DocPackage], name: str
) -> None:
    pkg = packages[name]
    pages = [p for p in pkg.pages if p.op is not None]
    assert pages, f"{name}: no operation pages"
    assert len(pages) == len(pkg.api.operations()), "one page per operation"
    tasks = dict(t for page in pages for t in _operation_tasks(pkg, page))
    runs = _run_all(tasks)
    problems = [p for page in pages for p in _check_operation_page(pkg, page, runs)]
    assert not problems, "\n".join(problems)


def _documented(pkg: DocPackage, method: str, path: str) -> bool:
    return any(
        op.http_method.upper() == method and path_pattern(op).match(path)
        for _, op in pkg.api.operations()
    )


@pytest.mark.parametrize("name", PACKAGES)
def test_readme_examples_run(packages: dict[str, DocPackage], name: str) -> None:
    pkg = packages[name]
    readme = pkg.pages[0]
    assert readme.path == "README.md"
    reply: Any = reply_for(pkg, readme)
    tasks: dict[str, Callable[[], Run]] = {}
    calls_api: dict[str, bool] = {}
    for i, block in enumerate(readme.examples()):
        key = f"README.md#{i}:{block.language}"
        if block.language == "python":
            tasks[key] = lambda code=block.code: run_python(pkg, code, reply)
            calls_api[key] = True
        elif block.language == "cli":
            tasks[key] = lambda code=block.code: run_cli(pkg, code, reply)
            calls_api[key] = not command_words(block.code)[1].startswith("-")
        elif block.language == "sh":
            assert not block.code.startswith(
                "curl"
            ), "README curl examples are not checked"
    if pkg.api.operations():
        # first call, async, errors, timeouts, raw responses (+ the api_key argument, an event
        # stream, a download)
        wanted = 5 + (pkg.api.auth.kind != "none")
        wanted += sum(
            doc_filters.first_returning(pkg.api, kind) is not None
            for kind in ("sse", "binary")
        )
        assert (
            sum(1 for k in tasks if k.endswith("python")) == wanted
        ), "README examples missing"
        assert sum(1 for k in tasks if k.endswith("cli")) >= 2
    problems = []
    for key, run in _run_all(tasks).items():
        if run.code != 0:
            problems.append(f"{key} failed: {run.describe()}")
        elif calls_api[key] and not run.requests:
            problems.append(f"{key} made no request: {run.describe()}")
        elif not calls_api[key] and run.requests:
            problems.append(f"{key} should not call the API: {run.describe()}")
        for seen in run.requests:
            if not _documented(pkg, seen.method, seen.path):
                problems.append(
                    f"{key} sent {seen.method} {seen.path}, no operation of the API"
                )
    assert not problems, "\n".join(problems)


def test_docs_are_listed_in_the_index(packages: dict[str, DocPackage]) -> None:
    for pkg in packages.values():
        index = (pkg.root / "api.md").read_text("utf-8")
        readme = pkg.pages[0].text
        for page in pkg.pages[1:]:
            assert (
                f"]({page.path})" in index
            ), f"{pkg.name}: api.md does not link {page.path}"
            assert (
                f"]({page.path})" in readme
            ), f"{pkg.name}: README does not link {page.path}"
        assert (ROOT / "generated" / "api.md").exists()
