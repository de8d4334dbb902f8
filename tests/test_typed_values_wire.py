"""Issue 20's typed values on a real socket (tests/cases/typed_values): ``date-time`` / ``date``
strings become ``datetime`` / ``date`` in responses and are written as ISO 8601 from requests in
every location; per-operation security; deprecated methods; unknown union tags.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.emit.write import write_tree
from generator.pipeline import generate
from tests.golden import CASES
from tests.support.server import LoopbackServer, Reply

ENTRY = {
    "id": "e1",
    "booked_at": "2026-03-01T09:30:00.250Z",
    "value_date": "2026-03-02",
    "settled_at": None,
    "holidays": ["2026-04-03", "2026-04-06"],
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ledger")
    write_tree(out, generate(CASES / "typed_values" / "spec.yaml").files)
    return out


def run(
    package: Path,
    server: LoopbackServer,
    code: str,
    env: dict[str, str] | None = None,
    flags: tuple[str, ...] = (),
) -> str:
    prelude = (
        "import sys, datetime as dt, asyncio, warnings\n"
        "from ledger import Ledger, AsyncLedger, APIResponseValidationError\n"
        "from ledger.types import Entry\n"
        "url = sys.argv[1]\n"
    )
    done = subprocess.run(
        [sys.executable, *flags, "-c", prelude + code, server.url],
        cwd=package,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", **(env or {})},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_responses_parse_iso_text_into_datetime_and_date(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(200, [ENTRY]), Reply(201, ENTRY))
    out = run(
        package,
        server,
        (
            "client = Ledger(base_url=url, api_key='t', strict_response_validation=True)\n"
            "[entry] = client.entries.list_entries(day='2026-03-02')\n"
            "assert entry.booked_at == dt.datetime(2026, 3, 1, 9, 30, 0, 250000, "
            "tzinfo=dt.timezone.utc), entry.booked_at\n"
            "assert type(entry.value_date) is dt.date and entry.value_date == dt.date(2026, 3, 2)\n"
            "assert entry.holidays == [dt.date(2026, 4, 3), dt.date(2026, 4, 6)]\n"
            "assert entry.settled_at is None\n"
            "again = client.entries.create_entry(booked_at='2026-03-01T09:30:00Z')\n"
            "assert isinstance(again.booked_at, dt.datetime)\n"
            # Serialising back gives ISO text again (the CLI prints this way).
            "print(entry.to_json(indent=None))\n"
        ),
    )
    assert out == (
        '{"id":"e1","booked_at":"2026-03-01T09:30:00.250000Z","value_date":"2026-03-02",'
        '"settled_at":null,"holidays":["2026-04-03","2026-04-06"]}\n'
    )


def test_requests_write_datetime_and_date_as_iso_8601_everywhere(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(200, []), Reply(201, ENTRY), Reply(200, []), Reply(201, ENTRY))
    run(
        package,
        server,
        (
            "client = Ledger(base_url=url, api_key='t')\n"
            "at = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))\n"
            "client.entries.list_entries(day=dt.date(2026, 3, 2), since=at,\n"
            "    holidays=[dt.date(2026, 4, 3), '2026-04-06'], if_unmodified_since=at)\n"
            "client.entries.create_entry(booked_at=at, value_date=dt.date(2026, 3, 2))\n"
            # ISO strings pass through as they are.
            "client.entries.list_entries(day='2026-03-02', since='2026-03-01T09:30:00Z')\n"
            "async def main():\n"
            "    async with AsyncLedger(base_url=url, api_key='t') as aclient:\n"
            "        await aclient.entries.create_entry(booked_at=at)\n"
            "asyncio.run(main())\n"
        ),
    )
    first, body, strings, async_body = server.requests
    assert first.path == "/entries/2026-03-02"
    assert first.query == {
        "since": ["2026-03-01T09:30:00+01:00"],
        "holidays": ["2026-04-03", "2026-04-06"],
    }
    assert first.headers["if-unmodified-since"] == "2026-03-01T09:30:00+01:00"
    assert body.json() == {
        "booked_at": "2026-03-01T09:30:00+01:00",
        "value_date": "2026-03-02",
    }
    assert strings.path == "/entries/2026-03-02"
    assert strings.query["since"] == ["2026-03-01T09:30:00Z"]
    assert async_body.json() == {"booked_at": "2026-03-01T09:30:00+01:00"}


def test_the_cli_takes_iso_strings(package: Path, server: LoopbackServer) -> None:
    server.reply(Reply(200, [ENTRY]))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ledger._cli",
            "--base-url",
            server.url,
            "entries",
            "list-entries",
            "--day",
            "2026-03-02",
            "--since",
            "2026-03-01T09:30:00Z",
        ],
        cwd=package,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "LEDGER_API_KEY": "t"},
    )
    assert done.returncode == 0, done.stderr
    assert server.requests[0].path == "/entries/2026-03-02"
    assert server.requests[0].query == {"since": ["2026-03-01T09:30:00Z"]}
    assert '"value_date": "2026-03-02"' in done.stdout


def test_a_parameter_without_a_description_takes_its_schemas(package: Path) -> None:
    # The signature's docstring (what an editor shows) and the CLI's help both carry it.
    out = run_plain(
        package,
        "import inspect\nfrom ledger.resources.audit import AuditResource\n"
        "print(inspect.getdoc(AuditResource.audit_log))\n",
    )
    assert "limit: At most this many records." in out
    assert "page_size: Records per page (1-100)." in out  # through the $ref
    assert "cursor: Where the previous page ended." in out  # its own wins
    assert "opaque" not in out
    done = subprocess.run(
        [sys.executable, "-m", "ledger._cli", "audit", "audit-log", "--help"],
        cwd=package,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )
    assert done.returncode == 0, done.stderr
    help_text = " ".join(done.stdout.split())
    assert "At most this many records." in help_text
    assert "Records per page (1-100)." in help_text


def test_a_deprecated_method_warns_when_called(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(200, {"total": 3}), Reply(200, {"total": 3}), Reply(200, []))
    out = run(
        package,
        server,
        (
            "client = Ledger(base_url=url, api_key='t')\n"
            "with warnings.catch_warnings(record=True) as caught:\n"
            "    warnings.simplefilter('always')\n"
            "    assert client.legacy.legacy_totals().total == 3\n"
            "    async def main():\n"
            "        async with AsyncLedger(base_url=url, api_key='t') as aclient:\n"
            "            return await aclient.legacy.legacy_totals()\n"
            "    assert asyncio.run(main()).total == 3\n"
            "    client.entries.list_entries(day='2026-03-02')\n"  # not deprecated: silent
            "for w in caught:\n"
            "    print(w.category.__name__, w.message, w.filename == '<string>')\n"
        ),
    )
    assert out == (
        "DeprecationWarning GET /legacy/totals is deprecated by the API. True\n" * 2
    )


def run_plain(package: Path, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=package,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_an_unknown_tag_is_an_unknown_variant_not_the_first_member(
    package: Path, server: LoopbackServer
) -> None:
    events = [
        {"type": "login", "at": "2026-03-01T09:30:00Z"},
        {"type": "login", "at": "not a time"},  # the tag still names the member
        {"type": "sudo", "who": "root"},
    ]
    entry = {**ENTRY, "last_event": {"type": "sudo", "who": "root"}}
    server.reply(Reply(200, events), Reply(200, [entry]), Reply(200, events))
    out = run(
        package,
        server,
        (
            "from ledger._models import BaseModel\n"
            "from ledger.types import Login, Logout\n"
            "client = Ledger(base_url=url, api_key='t')\n"
            "known, odd, unknown = client.audit.audit_log()\n"
            "assert type(known) is Login and type(odd) is Login, (known, odd)\n"
            "assert odd.at == 'not a time'\n"
            "assert type(unknown) is BaseModel, unknown\n"
            "assert not isinstance(unknown, (Login, Logout))\n"
            "assert unknown.type == 'sudo' and unknown.who == 'root'\n"
            "assert unknown.to_dict() == {'type': 'sudo', 'who': 'root'}\n"
            "[entry] = client.entries.list_entries(day='2026-03-02')\n"
            "assert type(entry) is Entry and type(entry.last_event) is BaseModel\n"
            "assert entry.last_event.who == 'root'\n"
            "strict = Ledger(base_url=url, api_key='t', strict_response_validation=True)\n"
            "try:\n"
            "    strict.audit.audit_log()\n"
            "except APIResponseValidationError:\n"
            "    print('strict raised')\n"
        ),
    )
    assert out == "strict raised\n"


def test_each_operation_sends_the_credentials_its_security_accepts(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(
        Reply(200, []),
        Reply(200, []),
        Reply(200, {}),
        Reply(204, b""),
        Reply(200, {}),
        Reply(200, []),
        Reply(200, []),
    )
    run(
        package,
        server,
        (
            "both = Ledger(base_url=url, api_key='tok', audit_key='aud')\n"
            "both.entries.list_entries(day='2026-03-02')\n"  # global: bearer
            "both.audit.audit_log()\n"  # its own: the audit key only
            "both.legacy.legacy_totals()\n"  # bearer first, then the audit key
            "both.health.health()\n"  # security: [] sends none
            # The audit key from its environment variable, no bearer token at all.
            "audit_only = Ledger(base_url=url)\n"
            "audit_only.legacy.legacy_totals()\n"
            "audit_only.with_options(max_retries=0).audit.audit_log()\n"
            "async def main():\n"
            "    async with AsyncLedger(base_url=url, audit_key='aud2') as aclient:\n"
            "        await aclient.audit.audit_log()\n"
            "asyncio.run(main())\n"
        ),
        env={"LEDGER_AUDIT_KEY": "env-aud"},
        flags=("-W", "ignore::DeprecationWarning"),
    )
    sent = [
        (r.path, r.headers.get("authorization"), r.headers.get("x-audit-key"))
        for r in server.requests
    ]
    assert sent == [
        ("/entries/2026-03-02", "Bearer tok", None),
        ("/audit", None, "aud"),
        ("/legacy/totals", "Bearer tok", None),
        ("/health", None, None),
        ("/legacy/totals", None, "env-aud"),
        ("/audit", None, "env-aud"),
        ("/audit", None, "aud2"),
    ]


def test_the_cli_takes_a_flag_per_credential(
    package: Path, server: LoopbackServer
) -> None:
    server.reply(Reply(200, []), Reply(200, []))
    for flags in (["--audit-key", "from-flag"], []):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "ledger._cli",
                "--base-url",
                server.url,
                *flags,
                "audit",
                "audit-log",
            ],
            cwd=package,
            capture_output=True,
            text=True,
            timeout=60,
            env={"PATH": "/usr/bin:/bin", "LEDGER_AUDIT_KEY": "from-env"},
        )
        assert done.returncode == 0, done.stderr
    assert [r.headers.get("x-audit-key") for r in server.requests] == [
        "from-flag",
        "from-env",
    ]
    assert all("authorization" not in r.headers for r in server.requests)
