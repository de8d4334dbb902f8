"""The generated Java is formatted as google-java-format (AOSP style) formats it: the templates
print it so, no JDK is needed to generate. The example module's Main.java is the reference
page's program verbatim (its unused import stays), so it is not checked."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.support.java import gjf_command

ROOT = Path(__file__).resolve().parent.parent
JAVA_SDK = ROOT / "generated" / "java"


def test_generated_java_is_google_java_format_clean() -> None:
    files = sorted(
        str(p)
        for p in JAVA_SDK.rglob("*.java")
        if "-example" not in p.relative_to(JAVA_SDK).parts[0]
    )
    assert len(files) > 40
    result = subprocess.run(
        [*gjf_command(), "--dry-run", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "", "not formatted:\n" + result.stdout
