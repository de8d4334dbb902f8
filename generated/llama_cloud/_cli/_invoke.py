"""Running one command: build the client, call the generated method, print the result.

The only HTTP path is the generated client (``client.<resource path>.with_raw_response.<method>``); the raw
response gives the body exactly as the server sent it, whatever ``--format`` asks for.

Exit codes: 0 success; 1 an API error, a network error or timeout, a missing API key, or an unusable
response; 2 a bad command line (click's usage errors, raised before this module runs); 130 interrupted.
Errors are one or two plain lines on stderr, never a traceback (``--debug`` adds it for unexpected ones).
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any, Callable, Iterator

from .. import _constants
from ._output import (
    OutputError,
    TransformError,
    print_events,
    print_items,
    print_response,
    write_binary,
)
from ._spec import CommandSpec, Follow

if TYPE_CHECKING:
    import httpx

    from ._app import Settings


def error(message: str) -> None:
    sys.stderr.write(f"Error: {message}\n")
    sys.stderr.flush()


def _origin(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port is not None else ""
    return f"{url.scheme}://{url.host}{port}"


def _cause(exc: BaseException) -> str:
    cause = exc.__cause__ or exc.__context__
    if cause is None:
        return str(exc)
    detail = str(cause)
    return f"{type(cause).__name__}: {detail}" if detail else type(cause).__name__


def _client_class() -> Any:
    package = importlib.import_module((__package__ or "").rpartition(".")[0])
    return getattr(package, _constants.CLIENT_CLASS)


def _call(
    spec: CommandSpec,
    kwargs: dict[str, Any],
    extra_body: Any,
    settings: Settings,
    emit: Callable[[Any], None],
) -> None:
    from ._debug import debug_http

    client_kwargs: dict[str, Any] = {
        "api_key": settings.api_key,
        "base_url": settings.base_url,
    }
    if settings.max_retries is not None:
        client_kwargs["max_retries"] = settings.max_retries
    if settings.credentials:
        client_kwargs["credentials"] = settings.credentials
    call_kwargs = dict(kwargs)
    if extra_body is not None:
        call_kwargs["extra_body"] = extra_body
    if settings.timeout is not None:
        call_kwargs["timeout"] = settings.timeout
    secrets = [settings.api_key] if settings.api_key else []
    secrets += list(settings.credentials.values())
    secrets += [
        os.environ[env]
        for argument, (_, _, env) in _constants.AUTH_SCHEMES.items()
        if argument != "api_key" and os.environ.get(env)
    ]
    with _client_class()(**client_kwargs) as client:
        target = client
        for attribute in spec["client_path"]:
            target = getattr(target, attribute)
        method = getattr(target.with_raw_response, spec["attr"])
        with debug_http(secrets) if settings.debug else nullcontext():
            response = method(**call_kwargs)
            # Inside the client's lifetime: an event stream is read while it is printed.
            emit(response)


def _page_items(spec: CommandSpec, response: Any, follow: Follow) -> Iterator[object]:
    """The items of the first page and each one after it, as the server sent them; the next
    page is fetched only once the items before it are printed, and none after ``max_items``.
    """
    wire = spec["pagination"]["items"]
    left = follow.max_items
    for page in response.parse().iter_pages():
        if left == 0:
            return
        body = page.http_response.json()
        items = body if not wire else body.get(wire) if isinstance(body, dict) else None
        for item in items if isinstance(items, list) else []:
            if left is not None:
                if left == 0:
                    return
                left -= 1
            yield item
        if left == 0:
            return


def _emit(
    spec: CommandSpec,
    response: Any,
    settings: Settings,
    output: str | None,
    follow: Follow | None = None,
) -> None:
    """Print a raw response: events as they arrive, binary bodies as bytes, the rest as text."""
    from .._response import is_event_stream

    if follow is not None and "pagination" in spec:
        print_items(
            _page_items(spec, response, follow),
            settings.format,
            settings.transform,
            sys.stdout,
        )
        return

    if is_event_stream(response.http_response):
        from .._streaming import ServerSentEvent, Stream

        with Stream[ServerSentEvent](
            response=response.http_response, cast_to=ServerSentEvent, strict=False
        ) as stream:
            print_events(
                (event.data for event in stream.events()),
                settings.transform,
                sys.stdout,
            )
        return
    if spec["response"] == "binary":
        write_binary(
            response.content, response.headers.get("content-type"), output, sys.stdout
        )
        return
    print_response(
        response.text,
        response.headers.get("content-type"),
        settings.format,
        settings.transform,
        sys.stdout,
    )
    sys.stdout.flush()


def invoke(
    spec: CommandSpec,
    kwargs: dict[str, Any],
    extra_body: Any,
    settings: Settings,
    output: str | None = None,
    follow: Follow | None = None,
) -> int:
    """Run the command; the process exit code."""
    others = settings.credentials or any(
        os.environ.get(env)
        for argument, (_, _, env) in _constants.AUTH_SCHEMES.items()
        if argument != "api_key"
    )
    if settings.api_key is None and _constants.AUTH_SCHEME != "none" and not others:
        error(
            f"no API key. Pass --api-key KEY or set the {_constants.API_KEY_ENV} environment variable."
        )
        return 1
    from .. import _exceptions as errors

    # Once a response has arrived, a network failure is a stream cut short, not a failed call.
    answered: list[bool] = []

    def emit(response: Any) -> None:
        answered.append(True)
        _emit(spec, response, settings, output, follow)

    try:
        _call(spec, kwargs, extra_body, settings, emit)
        return 0
    except errors.APITimeoutError as exc:
        waited = (
            f"{settings.timeout:g} s"
            if settings.timeout is not None
            else "the client's timeout"
        )
        what = (
            "the stream went quiet (no data" if answered else "timed out (no response"
        )
        error(
            f"the request to {_origin(exc.request.url)} {what} within {waited}). "
            "Use --timeout SECONDS to wait longer."
        )
    except errors.APIConnectionError as exc:
        if answered:
            error(str(exc))
        else:
            error(f"could not connect to {_origin(exc.request.url)}: {_cause(exc)}")
    except errors.APIStatusError as exc:
        reason = exc.response.reason_phrase
        message = errors.describe_error_body(exc.body, separator="\n  ")
        status = f"{exc.status_code} {reason}".strip()
        error(f"{status}: {message}" if message else status)
    except errors.SDKError as exc:
        error(str(exc))
    except (TransformError, OutputError) as exc:
        error(str(exc))
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        return 130
    except BrokenPipeError:
        # The reader left (``| head`` on a stream): Python's flush at exit must not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (
        Exception
    ) as exc:  # the CLI's promise: a plain message, the traceback only with --debug
        if settings.debug:
            traceback.print_exc()
        error(
            f"unexpected {type(exc).__name__}: {exc}"
            + ("" if settings.debug else " (--debug shows more)")
        )
    return 1
