"""Maven builds of generated Java SDKs, offline (``mvn -o -B``) against the machine's Maven
repository (``~/.m2``), each in a git-ignored folder named after a hash of what it builds.

A build is made once per tree: an exclusive lock on its folder lets pytest's workers share it,
and a finished build leaves ``BUILD-OK`` (and Maven's output) behind, so a rerun with nothing
changed reads the result instead of building again.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILDS = ROOT / ".java-build"
M2 = Path.home() / ".m2" / "repository"
GJF_VERSION = "1.22.0"
GUAVA_VERSION = "33.0.0-jre"
MVN_MISSING = "no Maven (mvn) on PATH: the Java SDK's tests need JDK 17 and Maven"


@dataclass(frozen=True)
class Build:
    folder: Path
    ok: bool
    log: str


def tree_hash(*trees: Path, extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for tree in trees:
        for path in sorted(p for p in tree.rglob("*") if p.is_file()):
            if "target" in path.relative_to(tree).parts:
                continue
            digest.update(path.relative_to(tree).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def mvn(
    args: list[str], cwd: Path, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    assert shutil.which("mvn"), MVN_MISSING
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAVEN")}
    env["MAVEN_OPTS"] = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
    return subprocess.run(
        ["mvn", "-o", "-B", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def build_once(
    name: str, key: str, prepare: Callable[[Path], None], goals: list[str]
) -> Build:
    """``prepare(folder)`` writes the Maven project, then ``mvn -o -B <goals>`` builds it; both
    only the first time for ``key``."""
    folder = BUILDS / f"{name}-{key}"
    BUILDS.mkdir(parents=True, exist_ok=True)
    with open(BUILDS / f"{name}-{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done, failed = folder / "BUILD-OK", folder / "BUILD-FAILED"
        if done.exists() or failed.exists():
            log = (folder / "build.log").read_text(encoding="utf-8")
            return Build(folder, done.exists(), log)
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        prepare(folder)
        result = mvn(goals, folder)
        log = result.stdout + result.stderr
        (folder / "build.log").write_text(log, encoding="utf-8")
        (done if result.returncode == 0 else failed).touch()
        return Build(folder, result.returncode == 0, log)


def gjf_command() -> list[str]:
    """google-java-format (AOSP style) from the Maven repository on disk."""
    jars = [
        M2
        / "com/google/googlejavaformat/google-java-format"
        / GJF_VERSION
        / f"google-java-format-{GJF_VERSION}.jar",
        M2 / "com/google/guava/guava" / GUAVA_VERSION / f"guava-{GUAVA_VERSION}.jar",
        M2 / "com/google/guava/failureaccess/1.0.2/failureaccess-1.0.2.jar",
    ]
    for jar in jars:
        assert jar.exists(), f"{jar} is not in the Maven repository on disk"
    exports = [
        f"--add-exports=jdk.compiler/com.sun.tools.javac.{p}=ALL-UNNAMED"
        for p in ("api", "code", "file", "parser", "tree", "util")
    ]
    return [
        "java",
        "-XX:TieredStopAtLevel=1",
        *exports,
        "-cp",
        os.pathsep.join(str(j) for j in jars),
        "com.google.googlejavaformat.java.Main",
        "--aosp",
    ]


# The module the tests add beside the SDK's: the seed program as its main class, the JUnit wire
# tests (tests/java/) as its tests. (The dependency plugin cannot run offline here: the classpath
# to run the program with is the one surefire reports.)
TESTS_POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>{group}</groupId>
    <artifactId>{artifact}</artifactId>
    <version>{version}</version>
    <relativePath>../sdk/pom.xml</relativePath>
  </parent>
  <artifactId>{artifact}-tests</artifactId>
  <dependencies>
    <dependency>
      <groupId>{group}</groupId>
      <artifactId>{artifact}-client-okhttp</artifactId>
      <version>${{project.version}}</version>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <scope>test</scope>
    </dependency>
  </dependencies>
</project>
"""
AGGREGATOR_POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>sdkgen.tests</groupId>
  <artifactId>build</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <modules>
    <module>sdk</module>
{more}  </modules>
</project>
"""


@dataclass(frozen=True)
class Coordinates:
    group: str
    artifact: str
    version: str


def coordinates(sdk: Path) -> Coordinates:
    """The SDK's Maven coordinates, from its parent pom."""
    import xml.etree.ElementTree as ET

    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    root = ET.parse(sdk / "pom.xml").getroot()

    def text(tag: str) -> str:
        found = root.find(f"m:{tag}", ns)
        assert found is not None and found.text, f"no {tag} in {sdk / 'pom.xml'}"
        return found.text

    return Coordinates(text("groupId"), text("artifactId"), text("version"))


def build_with_tests(
    sdk: Path, main_java: str | None, main_path: str, tests: list[Path]
) -> Build:
    """The SDK at ``sdk`` built with a tests module holding ``main_java`` (at ``main_path``
    under src/main/java) and the JUnit sources ``tests``; surefire runs them."""
    where = coordinates(sdk)
    extra = (main_java or "") + main_path + "".join(t.read_text() for t in tests)

    def prepare(folder: Path) -> None:
        shutil.copytree(sdk, folder / "sdk")
        module = folder / "sdk-tests"
        (module / "src/test/java").mkdir(parents=True)
        (module / "pom.xml").write_text(
            TESTS_POM.format(
                group=where.group,
                artifact=where.artifact,
                version=where.version,
            ),
            encoding="utf-8",
        )
        if main_java is not None:
            target = module / "src/main/java" / main_path
            target.parent.mkdir(parents=True)
            target.write_text(main_java, encoding="utf-8")
        for test in tests:
            shutil.copy(test, module / "src/test/java" / test.name)
        (folder / "pom.xml").write_text(
            AGGREGATOR_POM.format(more="    <module>sdk-tests</module>\n"),
            encoding="utf-8",
        )

    return build_once(
        "tests",
        tree_hash(sdk, extra=extra),
        prepare,
        ["package", "-Dmaven.test.failure.ignore=true"],
    )


def build_sdk(sdk: Path) -> Build:
    """The SDK at ``sdk`` compiled and packaged (every module)."""

    def prepare(folder: Path) -> None:
        shutil.copytree(sdk, folder / "sdk")
        (folder / "pom.xml").write_text(
            AGGREGATOR_POM.format(more=""), encoding="utf-8"
        )

    return build_once("sdk", tree_hash(sdk), prepare, ["package"])


def surefire_reports(build: Build) -> list[Path]:
    return sorted(
        (build.folder / "sdk-tests/target/surefire-reports").glob("TEST-*.xml")
    )


def classpath(build: Build) -> str:
    """The tests module's classpath (its classes, the SDK's jars and their dependencies), as
    surefire ran the tests with it."""
    import xml.etree.ElementTree as ET

    for report in surefire_reports(build):
        for prop in ET.parse(report).getroot().iter("property"):
            if prop.get("name") == "surefire.test.class.path":
                return prop.get("value") or ""
    raise AssertionError(f"no surefire report with a classpath in {build.folder}")
