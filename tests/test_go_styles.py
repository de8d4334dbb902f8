"""The Go runtime's parameter styles (internal/apiquery) against the Python runtime's
(templates/runtime/_styles.py), of which they are a port: the same cases, the same text.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.support.golang import build

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "_styles_reference", ROOT / "templates" / "runtime" / "_styles.py"
)
assert _spec and _spec.loader
styles = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(styles)

VALUES: list[Any] = [
    "plain",
    "a b/c?d#e&f=g+h",
    'é,ü;"x"',
    "%41:b@c!$'()*",
    "",
    "..",
    5,
    1.5,
    True,
    ["x", "y z", None, 3],
    [],
    {"R": 100, "G": "a,b", "B": None},
    {},
    {"a": {"b": [1, "é"]}},
    [["n", 1]],
]
MEDIA = [None, "application/json"]


def cases() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for value, explode, media in itertools.product(VALUES, [False, True], MEDIA):
        base = {
            "wire": "c w[0]",
            "value": value,
            "explode": explode,
            "media": media or "",
        }
        for style in ["simple", "label", "matrix"]:
            out.append({**base, "fn": "path", "style": style})
        for style, reserved in itertools.product(
            ["form", "spaceDelimited", "pipeDelimited", "deepObject"], [False, True]
        ):
            out.append(
                {**base, "fn": "query", "style": style, "allow_reserved": reserved}
            )
        out.append({**base, "fn": "header", "style": "simple"})
        out.append({**base, "fn": "cookie", "style": "form"})
    return out


def expected(case: dict[str, Any]) -> Any:
    media = case["media"] or None
    value, explode = case["value"], case["explode"]
    if case["fn"] == "path":
        return styles.path_value(case["wire"], value, case["style"], explode, media)
    if case["fn"] == "query":
        return styles.query_items(
            case["wire"], value, case["style"], explode, case["allow_reserved"], media
        )
    if case["fn"] == "header":
        return styles.header_value(value, explode, media)
    return styles.cookie_pairs(case["wire"], value, explode, media)


def test_go_styles_write_what_the_python_runtime_writes(tmp_path: Path) -> None:
    module = tmp_path / "sdk"
    shutil.copytree(ROOT / "generated" / "go", module)
    go_mod = module / "go.mod"
    first, rest = go_mod.read_text(encoding="utf-8").split("\n", 1)
    go_mod.write_text("module sdkmodule\n" + rest, encoding="utf-8")
    for path in module.rglob("*.go"):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace(first.split()[1] + "/", "sdkmodule/"), encoding="utf-8"
        )
    (module / "cmd" / "styles").mkdir(parents=True)
    main = (ROOT / "tests" / "go" / "styles_main.go").read_text(encoding="utf-8")
    (module / "cmd" / "styles" / "main.go").write_text(main, encoding="utf-8")
    binary = build(module / "cmd" / "styles")
    all_cases = cases()
    run = subprocess.run(
        [str(binary)],
        input=json.dumps(all_cases),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    mismatches = [
        (case, want, have)
        for case, have in zip(all_cases, got)
        if (want := expected(case)) != have
    ]
    assert len(got) == len(all_cases) and len(all_cases) > 500
    assert mismatches == [], mismatches[:5]
