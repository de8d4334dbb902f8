"""Run a plan of calls through a generated client, as its user would, in a fresh interpreter.

    python _caller.py PLAN_JSON RESULTS_JSONL

Run with the generated package's folder as the working directory (so it imports). Each argument
is turned into the type the method's signature declares (pydantic models, lists, dates) with a
pydantic ``TypeAdapter``, as a typed caller would build it; uploads become bytes. Each call gets
``CALL_TIMEOUT`` seconds (SIGALRM) on top of the client's own timeout, and its outcome is one JSON
line, written as it finishes, so a crash half-way keeps what was done.
"""

from __future__ import annotations

import importlib
import json
import signal
import sys
import traceback
import types
import typing
from typing import Any

import httpx
import pydantic

CALL_TIMEOUT = 30
BODY_LIMIT = 2_000_000  # whole bodies: the parent checks them against the spec
UPLOAD = b"conformance upload"


class CallTimeout(Exception):
    pass


class Counting(httpx.BaseTransport):
    """The real transport, remembering the last request sent (so an error can be placed before
    or after sending, and the report can show what went out)."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.sent = 0
        self.last: dict[str, Any] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        content = request.read()
        self.last = {
            "method": request.method,
            "url": str(request.url),
            "headers": {
                k: v for k, v in request.headers.items() if k.lower() != "authorization"
            },
            "body": content[:200_000].decode("utf-8", "replace"),
        }
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def _alarm(signum: int, frame: object) -> None:
    raise CallTimeout(f"no result after {CALL_TIMEOUT} s")


def _strip_omit(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        kept = [
            a
            for a in typing.get_args(annotation)
            if getattr(a, "__name__", "") not in ("Omit", "NotGiven")
        ]
        if len(kept) == 1:
            return kept[0]
        return typing.Union[tuple(kept)]
    return annotation


def _convert(hints: dict[str, Any], name: str, value: Any, is_file: bool) -> Any:
    if is_file:
        return [UPLOAD for _ in value] if isinstance(value, list) else UPLOAD
    annotation = hints.get(name)
    if annotation is None:
        return value
    return pydantic.TypeAdapter(_strip_omit(annotation)).validate_python(value)


def _consume(result: Any) -> Any:
    """Read a stream or iterator to its end; return something JSON can show."""
    if isinstance(result, (bytes, str, int, float, bool, type(None))):
        return None
    if isinstance(result, (list, dict, pydantic.BaseModel)):
        return None
    iterate = getattr(result, "__iter__", None)
    if iterate is not None:
        for _ in result:
            pass
    return None


def _text(response: httpx.Response | None) -> str:
    if response is None:
        return ""
    try:
        return response.text[:BODY_LIMIT]
    except Exception:  # noqa: BLE001 - a streamed body already closed
        return ""


def main() -> int:
    plan = json.loads(open(sys.argv[1], encoding="utf-8").read())
    out = open(sys.argv[2], "w", encoding="utf-8")
    package = importlib.import_module(plan["package"])
    exceptions = importlib.import_module(plan["package"] + "._exceptions")
    transport = Counting()
    http_client = httpx.Client(
        transport=transport, timeout=httpx.Timeout(15.0, connect=5.0)
    )
    client = getattr(package, plan["client_class"])(
        **plan["credentials"],
        base_url=plan["base_url"],
        max_retries=0,
        http_client=http_client,
        strict_response_validation=True,
    )
    signal.signal(signal.SIGALRM, _alarm)
    for call in plan["calls"]:
        record: dict[str, Any] = {"id": call["id"]}
        sent_before = transport.sent
        transport.last = {}
        stage = "convert"
        signal.alarm(CALL_TIMEOUT)
        try:
            target: Any = client
            for attr in call["resource"]:
                target = getattr(target, attr)
            method = getattr(target, call["method"])
            hints = typing.get_type_hints(method)
            kwargs = {
                name: _convert(hints, name, value, name in call["files"])
                for name, value in call["args"].items()
            }
            stage = "call"
            result = method(**kwargs, **call["options"])
            stage = "read"
            _consume(result)
            record["outcome"] = "ok"
        except CallTimeout as exc:
            record.update(outcome="timeout", message=str(exc))
        except exceptions.APIResponseValidationError as exc:
            cause = exc.__cause__
            record.update(
                outcome="response_invalid",
                status=exc.status_code,
                content_type=exc.response.headers.get("content-type", ""),
                body=_text(exc.response),
                message=str(exc)[:1500],
                cause=f"{type(cause).__name__}: {cause}"[:1500] if cause else "",
            )
        except exceptions.APIStatusError as exc:
            record.update(
                outcome="status",
                status=exc.status_code,
                content_type=exc.response.headers.get("content-type", ""),
                violations=exc.response.headers.get("sl-violations", ""),
                body=_text(exc.response),
            )
        except exceptions.APIConnectionError as exc:
            record.update(
                outcome="transport", message=f"{type(exc).__name__}: {exc}"[:500]
            )
        except Exception as exc:  # noqa: BLE001 - what the SDK raised is the finding
            record.update(
                outcome=(
                    "before_send" if transport.sent == sent_before else "after_send"
                ),
                stage=stage,
                error=f"{type(exc).__name__}: {exc}"[:1500],
                where=_where(exc),
            )
        finally:
            signal.alarm(0)
        if transport.sent != sent_before:
            record["request"] = transport.last
        out.write(json.dumps(record) + "\n")
        out.flush()
    out.close()
    return 0


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    mine = [
        f
        for f in frames
        if "site-packages" not in f.filename and "/_caller.py" not in f.filename
    ]
    shown = (mine or frames)[-3:]
    return " ← ".join(
        f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(shown)
    )


if __name__ == "__main__":
    sys.exit(main())
