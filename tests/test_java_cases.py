"""The Java SDK of every feature fixture (tests/cases) compiles (Java 8 release, javac of the JDK
the machine has), and spec text hostile to Java source (names, descriptions) reaches it only
escaped.

All fixtures are compiled by one javac run, each SDK under a package of its own, against the jars
the seed build resolved: one JVM instead of one Maven build per fixture.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.diagnostics import GenerationError
from generator.ir.nodes import Operation
from generator.pipeline import generate
from generator.settings import JavaSettings, load_settings
from generator.targets.java import filters, naming, output_files
from tests.support.java import Build, classpath
from tests.test_go_cases import HOSTILE, HOSTILE_TEXT
from tests.test_java_seed import build  # noqa: F401  (the seed build: its classpath)

CASES = Path(__file__).resolve().parent / "cases"
FIXTURES = sorted(
    p.name
    for p in CASES.iterdir()
    if (p / "spec.yaml").exists() and not p.name.startswith("error_")
)
# What the Java target cannot write yet: each such operation is left out with a warning.
LEFT_OUT = {
    "bodies": ["post /files"],
    "request_shapes": ["post /uploads"],
    "streaming": ["get /jobs/{job_id}/events", "get /ticks", "get /notes"],
}


def write_java(
    spec: Path, config: Path | None, out: Path, package: str
) -> tuple[Path, list[str]]:
    result = generate(spec, config if config and config.exists() else None)
    warnings: list[str] = []

    def warn(op: Operation, message: str) -> None:
        warnings.append(message)

    settings = JavaSettings(group=package, package=package)
    for path, text in output_files(result.api, settings, spec.name, warn):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return out / "java", warnings


class Compiled:
    def __init__(self, errors: str, warnings: dict[str, list[str]]) -> None:
        self.errors = errors
        self.warnings = warnings


@pytest.fixture(scope="module")
def compiled(
    build: Build, tmp_path_factory: pytest.TempPathFactory  # noqa: F811
) -> Compiled:
    root = tmp_path_factory.mktemp("java-cases")
    sources: list[str] = []
    warnings: dict[str, list[str]] = {}
    for name in FIXTURES:
        sdk, warnings[name] = write_java(
            CASES / name / "spec.yaml",
            CASES / name / "sdk.yaml",
            root / name,
            "fixtures." + naming.package_segment(name),
        )
        sources += [
            str(p)
            for p in sdk.rglob("*.java")
            if "-example" not in str(p.relative_to(sdk))
        ]
    jars = [p for p in classpath(build).split(":") if p.endswith(".jar")]
    (root / "sources.txt").write_text("\n".join(sources), encoding="utf-8")
    result = subprocess.run(
        [
            "javac",
            "--release",
            "8",
            "-Xlint:-options",
            "-Xmaxerrs",
            "100000",
            "-nowarn",
            # C1 only: a one-shot compile of ~1,100 files ends before C2 pays off (3x faster).
            "-J-XX:TieredStopAtLevel=1",
            "-d",
            str(root / "classes"),
            "-cp",
            ":".join(jars),
            f"@{root / 'sources.txt'}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Compiled(
        result.stdout + result.stderr if result.returncode else "", warnings
    )


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_java_sdk_compiles(name: str, compiled: Compiled) -> None:
    mine = [line for line in compiled.errors.splitlines() if f"/{name}/java/" in line]
    assert not mine, "\n".join(mine[:40])
    warnings = compiled.warnings[name]
    expected = LEFT_OUT.get(name, [])
    for key in expected:
        assert any(f"leaves out {key}:" in w for w in warnings), warnings
    assert len(warnings) == len(expected), warnings


def test_the_whole_compile_succeeded(compiled: Compiled) -> None:
    assert compiled.errors == "", compiled.errors[-4000:]


def test_hostile_names_and_text_stay_data(
    tmp_path: Path, build: Build
) -> None:  # noqa: F811
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(HOSTILE), encoding="utf-8")
    config = tmp_path / "sdk.yaml"
    config.write_text(
        "resources:\n  items:\n    methods:\n      create: post /items/{type}\n"
    )
    sdk, warnings = write_java(spec, config, tmp_path / "out", "hostile.api")
    assert warnings == []
    sources = [p for p in sdk.rglob("*.java") if "-example" not in str(p)]
    for source in sources:
        text = source.read_text(encoding="utf-8")
        assert "\u202e" not in text and "\x07" not in text, source
        assert text.isascii(), source
    jars = [p for p in classpath(build).split(":") if p.endswith(".jar")]
    result = subprocess.run(
        [
            "javac",
            "--release",
            "8",
            "-Xlint:-options",
            "-nowarn",
            "-d",
            str(tmp_path / "c"),
        ]
        + ["-cp", ":".join(jars)]
        + [str(s) for s in sources],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The description survives as text: its comment-closing "*/" is escaped, not kept.
    params = next(p for p in sources if p.name == "ItemsCreateParams.java")
    assert "&#42;&#47; `tick`" in params.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "targets:\n  java:\n    package: Com.X\n",
            "/targets/java/package: 'Com.X' is not",
        ),
        (
            "targets:\n  java:\n    package: com.class.x\n",
            "/targets/java/package: 'class' is a Java keyword",
        ),
        (
            "targets:\n  java:\n    client: lower\n",
            "/targets/java/client: 'lower' is not",
        ),
        ("targets:\n  java:\n    grup: x\n", "/targets/java/grup: unknown key"),
    ],
)
def test_bad_java_settings_are_located(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "sdk.yaml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(GenerationError) as caught:
        load_settings(config)
    assert any(message in d.format() for d in caught.value.diagnostics), [
        d.format() for d in caught.value.diagnostics
    ]


def test_java_string_literals_read_back_as_the_text() -> None:
    text = 'a"b\\c\nd\u202e\U0001f600\\u0022'
    literal = filters.java_string(text)
    assert literal.isascii()
    assert "\\u202e" in literal and "\\ud83d\\ude00" in literal
    # A backslash is always doubled, so javac's \u pre-pass never sees one pair with a "u".
    assert not re.search(r"(?<!\\)(\\\\)*\\u0022", literal.replace("\\\\", ""))


def test_java_names() -> None:
    assert [naming.camel(w) for w in ["index_ids", "class", "2fa", "X-Rate"]] == [
        "indexIds",
        "class_",
        "n2Fa",
        "xRate",
    ]
    assert naming.pascal("job_metadata") == "JobMetadata"
    assert naming.package_segment("Hostile 'API'") == "hostileapi"
    assert HOSTILE_TEXT  # the same hostile text as the Go target's test
