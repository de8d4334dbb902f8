"""Who is to blame for each call's outcome.

* ``ok``: the call returned (streams read to the end).
* ``request rejected by Prism``: Prism's request validation refused what the SDK sent (an
  ``sl-violations`` header, or Prism's own 404/405/406/415 problem): an SDK bug.
* ``response rejected by the SDK``: the SDK raised on a response that conforms to the spec (checked
  here with jsonschema), or crashed reading it: an SDK bug.
* ``SDK error before sending``: the client raised before any request went out, on arguments that
  conform to the spec: an SDK bug.
* ``not attributable to the SDK``: Prism cannot mock the operation (a 5xx problem of its own, a
  body that breaks the spec's own schema, e.g. the spec's example), or the spec declares no 2xx.
* ``harness``: a synthesised argument breaks its own schema; the synthesiser's fault, to be fixed
  there (never counted against the SDK).
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs
from dataclasses import dataclass
from typing import Any

from .plan import Call
from .specdoc import SpecDoc, join

OK = "ok"
REQUEST = "request rejected by Prism"
RESPONSE = "response rejected by the SDK"
BEFORE = "SDK error before sending"
NOT_SDK = "not attributable to the SDK"
HARNESS = "harness"
CLASSES = (OK, REQUEST, RESPONSE, BEFORE, NOT_SDK, HARNESS)
SDK_CLASSES = (REQUEST, RESPONSE, BEFORE)
PRISM_ERRORS = "https://stoplight.io/prism/errors#"
EXAMPLE_BREAKS = "the spec's example breaks its schema"
# Prism problems that mean the request did not match the spec.
REQUEST_PROBLEMS = {
    "NO_PATH_MATCHED_ERROR",
    "NO_METHOD_MATCHED_ERROR",
    "NOT_ACCEPTABLE",
    "INVALID_CONTENT_TYPE",
    "UNPROCESSABLE_ENTITY",
    "UNAUTHORIZED",
}


@dataclass
class Verdict:
    klass: str
    cause: str  # what groups this failure with others of the same kind
    detail: str  # the specifics for this call


def classify(call: Call, record: dict[str, Any] | None, doc: SpecDoc) -> Verdict:
    if record is None:
        return Verdict(NOT_SDK, "no result: the caller process died", "")
    outcome = record.get("outcome")
    if outcome == "ok":
        return Verdict(OK, "", "")
    if outcome == "status":
        return _status(call, record, doc)
    if outcome == "response_invalid":
        return _response(call, record, doc)
    if outcome == "after_send":
        return Verdict(
            RESPONSE,
            "SDK crashed reading the response: " + _shape(record.get("error", "")),
            f"{record.get('error', '')} at {record.get('where', '')}",
        )
    if outcome == "before_send":
        bad = arg_problems(call, doc)
        if bad:
            return Verdict(HARNESS, "synthesised argument breaks its schema", bad)
        stage = record.get("stage")
        lead = (
            "the signature's type refuses a spec-valid value"
            if stage == "convert"
            else "client raised before sending"
        )
        return Verdict(
            BEFORE,
            f"{lead}: " + _shape(_first_error(record.get("error", ""))),
            f"{record.get('error', '')} at {record.get('where', '')}",
        )
    if outcome in ("transport", "timeout"):
        return Verdict(
            NOT_SDK, f"no answer ({outcome})", str(record.get("message", ""))
        )
    return Verdict(NOT_SDK, f"unknown outcome {outcome}", json.dumps(record)[:300])


def arg_problems(call: Call, doc: SpecDoc) -> str:
    """What in the synthesised arguments breaks the spec's schemas ("" when all conform)."""
    out: list[str] = []
    checked = [(name, arg) for name, arg in call.args.items() if arg.pointer]
    if call.body is not None and call.body.pointer:
        checked.append(("(body)", call.body))
    for name, arg in checked:
        for problem in doc.errors(arg.value, arg.pointer, direction="request")[:2]:
            out.append(f"{name}{problem}")
    return "; ".join(out)[:600]


def _status(call: Call, record: dict[str, Any], doc: SpecDoc) -> Verdict:
    status = int(record.get("status") or 0)
    violations = _json(record.get("violations") or "")
    if not isinstance(violations, list):
        violations = []
    body = _json(record.get("body") or "")
    problem = ""
    if isinstance(body, dict) and str(body.get("type", "")).startswith(PRISM_ERRORS):
        problem = str(body["type"])[len(PRISM_ERRORS) :]
        if not violations and isinstance(body.get("validation"), list):
            violations = body["validation"]
    request_side = [
        v
        for v in violations
        # In the header a violation's location starts "request"; in a 422 problem body it
        # starts with the part ("body", "query").
        if isinstance(v, dict) and (v.get("location") or [""])[0] != "response"
    ]
    sent = _sent(record)
    # The other violations on such a field ("must be null", "must match a schema in anyOf")
    # follow from the same misreading.
    misread = {
        _field(v)
        for v in request_side
        if _repeated_form_key(v, record, call) or _json_part(v, record)
    }
    if misread and all(_field(v) in misread for v in request_side):
        return Verdict(
            NOT_SDK,
            "Prism misreads a form/multipart body written the OpenAPI way: an array as "
            "repeated keys (style form, explode; stoplightio/prism#2473) or an object as a JSON "
            "part",
            "; ".join(_violation(v) for v in request_side[:3]) + sent,
        )
    if request_side:
        bad = arg_problems(call, doc)
        if bad:
            return Verdict(HARNESS, "synthesised argument breaks its schema", bad)
        first = request_side[0]
        where = "/".join(str(p) for p in first.get("location", [])[1:2])
        return Verdict(
            REQUEST,
            f"{status} {where}: {_shape(str(first.get('message', '')))}",
            "; ".join(_violation(v) for v in request_side[:4]) + sent,
        )
    if problem in REQUEST_PROBLEMS:
        return Verdict(
            REQUEST,
            f"{status} {problem}: {_shape(str(body.get('detail', '')))}",
            str(body.get("detail", ""))[:400] + sent,
        )
    if problem == "VIOLATIONS":
        return Verdict(
            NOT_SDK,
            "Prism cannot mock it: its answer fails its own response validation"
            + (_example_note(call, doc) or " (no example: Prism built the body)"),
            "; ".join(_violation(v) for v in violations[:3] if isinstance(v, dict)),
        )
    if problem:
        return Verdict(
            NOT_SDK,
            f"Prism cannot mock it: {status} {problem}",
            str(body.get("detail", ""))[:400],
        )
    if not _declares_2xx(call, doc):
        return Verdict(
            NOT_SDK,
            "the spec declares no 2xx response (the SDK raises on the one it declares)",
            f"status {status}",
        )
    return Verdict(
        NOT_SDK,
        f"unexplained status {status} from Prism",
        str(record.get("body", ""))[:300] + sent,
    )


def _response(call: Call, record: dict[str, Any], doc: SpecDoc) -> Verdict:
    status = str(record.get("status"))
    content_type = str(record.get("content_type", "")).split(";")[0].strip().lower()
    found = _response_schema(call, doc, status, content_type)
    reason = _shape(_first_error(record.get("cause") or record.get("message") or ""))
    detail = (record.get("cause") or record.get("message") or "")[:600]
    body = _json(record.get("body") or "")
    if found is None:
        return Verdict(
            RESPONSE,
            f"rejected a response whose media type declares no schema: {reason}",
            f"{content_type}: {detail}",
        )
    schema_pointer, examples = found
    if body is _NOT_JSON:
        return Verdict(RESPONSE, f"rejected a non-JSON body: {reason}", detail)
    problems = doc.errors(body, schema_pointer, direction="response")
    if problems:
        whose = (
            "the spec's own example breaks its schema"
            if body in examples
            else "Prism's body breaks the spec's schema"
        )
        return Verdict(NOT_SDK, whose + " (jsonschema agrees)", "; ".join(problems[:3]))
    return Verdict(
        RESPONSE, reason, detail + f" (body: {str(record.get('body'))[:300]})"
    )


def _response_schema(
    call: Call, doc: SpecDoc, status: str, content_type: str
) -> tuple[str, list[Any]] | None:
    node, pointer = doc.follow(doc.at(call.pointer), call.pointer)
    responses = node.get("responses") if isinstance(node, dict) else None
    if not isinstance(responses, dict):
        return None
    for key in (status, status[:1] + "XX", "default"):
        if key not in responses:
            continue
        response, response_pointer = doc.follow(
            responses[key], join(pointer, "responses", key)
        )
        content = response.get("content") if isinstance(response, dict) else None
        if not isinstance(content, dict):
            return None
        for media, entry in content.items():
            if media.split(";")[0].strip().lower() == content_type and isinstance(
                entry, dict
            ):
                if "schema" not in entry:
                    return None
                examples: list[Any] = []
                if "example" in entry:
                    examples.append(entry["example"])
                for ex in (entry.get("examples") or {}).values():
                    ex, _ = doc.follow(ex, "")
                    if isinstance(ex, dict) and "value" in ex:
                        examples.append(ex["value"])
                schema, _ = doc.follow(entry["schema"], "")
                if isinstance(schema, dict) and "example" in schema:
                    examples.append(schema["example"])
                return join(response_pointer, "content", media, "schema"), examples
        return None
    return None


def _example_note(call: Call, doc: SpecDoc) -> str:
    """Whether the spec's example for the success response breaks its schema, checked here."""
    node, pointer = doc.follow(doc.at(call.pointer), call.pointer)
    found_responses = node.get("responses") if isinstance(node, dict) else None
    responses: dict[str, Any] = (
        found_responses if isinstance(found_responses, dict) else {}
    )
    for key in sorted(k for k in responses if str(k).startswith("2")):
        response, _ = doc.follow(responses[key], "")
        for media, entry in ((response or {}).get("content") or {}).items():
            found = _response_schema(call, doc, str(key), media.split(";")[0].lower())
            if found and found[1]:
                schema_pointer, examples = found
                if any(
                    doc.errors(e, schema_pointer, direction="response")
                    for e in examples
                ):
                    return f" ({EXAMPLE_BREAKS}; jsonschema agrees)"
        break
    return ""


def _declares_2xx(call: Call, doc: SpecDoc) -> bool:
    node, _ = doc.follow(doc.at(call.pointer), call.pointer)
    responses = node.get("responses") if isinstance(node, dict) else None
    return isinstance(responses, dict) and any(
        str(k).startswith("2") for k in responses
    )


def _field(violation: dict[str, Any]) -> str:
    location = [str(p) for p in violation.get("location", [])]
    if location[:1] == ["request"]:
        location = location[1:]
    return "/".join(location[:2])


def _repeated_form_key(
    violation: dict[str, Any], record: dict[str, Any], call: Call
) -> bool:
    """A "must be array" violation on a form or multipart field the SDK did send as one key per
    item, which is how OpenAPI's default encoding writes an array (a CSV in one key, say, would
    be the SDK's fault and is not excused here)."""
    message = str(violation.get("message", ""))
    location = [str(p) for p in violation.get("location", [])]
    if location[:1] == ["request"]:
        location = location[1:]
    if "must be array" not in message or len(location) != 2 or location[0] != "body":
        return False
    request = record.get("request") or {}
    ctype = str((request.get("headers") or {}).get("content-type", ""))
    body = str(request.get("body", ""))
    field = location[1]
    given = call.body.value if call.body is not None else None
    items = given.get(field) if isinstance(given, dict) else None
    if not isinstance(items, list) or not items:
        return False
    if ctype.startswith("application/x-www-form-urlencoded"):
        sent = len(parse_qs(body, keep_blank_values=True).get(field, []))
    elif ctype.startswith("multipart/form-data"):
        sent = body.count(f'name="{field}"')
    else:
        return False
    return sent == len(items)


def _json_part(violation: dict[str, Any], record: dict[str, Any]) -> bool:
    """A "must be object" violation on a multipart field the SDK sent as an application/json
    part (OpenAPI's default for an object property); Prism does not parse such parts."""
    message = str(violation.get("message", ""))
    field = _field(violation)
    request = record.get("request") or {}
    ctype = str((request.get("headers") or {}).get("content-type", ""))
    body = str(request.get("body", ""))
    if "must be object" not in message or not ctype.startswith("multipart/form-data"):
        return False
    name = field.split("/", 1)[-1]
    head = f'name="{name}"'
    at = body.find(head)
    return at >= 0 and "application/json" in body[at : at + 200]


def _violation(v: dict[str, Any]) -> str:
    where = "/".join(str(p) for p in v.get("location", []))
    return f"{where}: {v.get('message', '')}"[:300]


def _sent(record: dict[str, Any]) -> str:
    request = record.get("request") or {}
    if not request:
        return ""
    body = request.get("body", "")
    ctype = (request.get("headers") or {}).get("content-type", "")
    shown = f" (sent {request.get('method')} {request.get('url')}"
    if ctype:
        shown += f", {ctype}"
    if body:
        shown += f", body {body[:200]!r}"
    return shown + ")"


_NOT_JSON = object()


def _json(text: str) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return _NOT_JSON


def _first_error(text: str) -> str:
    """The first pydantic error of a message: its field line and its reason line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    reasons = [line for line in lines if "[type=" in line]
    if reasons:
        return reasons[0]
    return lines[0] if lines else text


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`")
_NUMBER = re.compile(r"\b\d+\b")


def _shape(text: str) -> str:
    """The message with names and numbers taken out, so failures of one kind group together."""
    text = _QUOTED.sub("…", text.split("\n")[0])
    text = re.sub(r"…(, …)+", "…", text)
    text = re.sub(r"\[type=([a-z_]+)[^\]]*\]", r"[type=\1]", text)
    text = re.sub(r"input_value=.*", "", text)
    return _NUMBER.sub("N", text).strip()[:160]
