"""The Java SDK's JUnit wire tests (tests/java/WireTest.java), run by Maven's surefire against a
server on 127.0.0.1 that each test starts (the JDK's com.sun.net.httpserver): every parameter
placed as the spec says, omitted vs null, lenient reads keeping unknown properties, 503s retried,
a 400 thrown as BadRequestException and not retried, the async twin."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.support.java import Build, surefire_reports
from tests.test_java_seed import build  # noqa: F401  (the module's build fixture)

EXPECTED = {
    "everyParameterIsSentWhereTheSpecPutsIt",
    "nullIsSentAsJsonNullAndUnsetFieldsAreNotSent",
    "theResponseIsReadLeniently",
    "aMissingRequiredFieldThrowsWhenRead",
    "twoServiceUnavailableRepliesAreRetried",
    "aBadRequestThrowsAndIsNotRetried",
    "theAsyncClientSendsTheSameRequest",
}


def test_every_junit_wire_test_ran_and_passed(build: Build) -> None:  # noqa: F811
    reports = surefire_reports(build)
    assert reports, build.log[-4000:]
    ran: dict[str, str] = {}
    for report in reports:
        for case in ET.parse(report).getroot().iter("testcase"):
            problem = case.find("failure")
            if problem is None:
                problem = case.find("error")
            verdict = "passed"
            if problem is not None:
                verdict = (problem.get("message") or "") + "\n" + (problem.text or "")
            elif case.find("skipped") is not None:
                verdict = "skipped"
            ran[case.get("name", "").split("(")[0]] = verdict
    assert EXPECTED <= set(ran), f"missing: {EXPECTED - set(ran)}"
    failed = {name: v for name, v in ran.items() if v != "passed"}
    assert not failed, failed
