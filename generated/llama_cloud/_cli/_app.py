"""The click application, built lazily from the command table.

``<prog> <resource> <method> [flags]``: one group per resource (``beta:chat``), one command per operation.
Global flags are accepted before the resource and on every method command; a method command's own value
wins.  Nothing here imports httpx or pydantic: the client is imported only when a command runs.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import click
from click.core import ParameterSource

from .. import _constants
from ._commands import COMMANDS, PROG
from ._completion import complete_var, completion_command, install_completion_classes
from ._help import GLOBAL_FLAGS, resource_help, root_description, root_help
from ._spec import CommandSpec, FlagSpec, Follow
from ._values import BadValue, FlagValue, flag_help, metavar, parse_document

CONTEXT_SETTINGS: dict[str, Any] = {
    "help_option_names": ["-h", "--help"],
    "max_content_width": 100,
}
_FLAG_PREFIX = "p_"
_GLOBAL_PREFIX = "g_"
# A command's own options that are not API flags (``--output`` of a binary download; ``--all`` and
# ``--max-items`` of a list command).
_OUTPUT = "c_output"
_ALL = "c_all"
_MAX_ITEMS = "c_max_items"


@dataclass(frozen=True)
class Settings:
    """The global flags of one invocation, after flag > root flag > environment resolution."""

    api_key: str | None
    base_url: str | None
    format: str
    transform: str | None
    debug: bool
    timeout: float | None
    max_retries: int | None
    # The further schemes' credentials given as flags (the client reads their variables itself).
    credentials: dict[str, str] = field(default_factory=dict)


def _global_options() -> list[click.Option]:
    """The global flags (declared in ``_help``, which renders the root help without click)."""
    options = []
    for flag in GLOBAL_FLAGS:
        kind: Any = None
        if flag.choices:
            kind = click.Choice(flag.choices)
        elif flag.minimum is not None and flag.integer:
            kind = click.IntRange(min=int(flag.minimum), min_open=flag.minimum_open)
        elif flag.minimum is not None:
            kind = click.FloatRange(min=flag.minimum, min_open=flag.minimum_open)
        options.append(
            click.Option(
                [flag.flag, flag.dest],
                metavar=flag.metavar or None,
                type=kind,
                is_flag=not flag.metavar,
                help=flag.help,
            )
        )
    return options


def _given(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source not in (
        ParameterSource.DEFAULT,
        ParameterSource.DEFAULT_MAP,
    )


def resolve_settings(ctx: click.Context) -> Settings:
    """Global flags from the method command, else from before the resource, else the environment."""
    chain: list[click.Context] = []
    current: click.Context | None = ctx
    while current is not None:
        chain.append(current)
        current = current.parent

    def pick(name: str) -> Any:
        for level in chain:
            if name in level.params and _given(level, name):
                return level.params[name]
        return None

    return Settings(
        api_key=pick("g_api_key") or os.environ.get(_constants.API_KEY_ENV) or None,
        base_url=pick("g_base_url") or os.environ.get(_constants.BASE_URL_ENV) or None,
        format=pick("g_format") or "pretty",
        transform=pick("g_transform"),
        debug=bool(pick("g_debug")),
        timeout=pick("g_timeout"),
        max_retries=pick("g_max_retries"),
        credentials={
            argument: value
            for argument in _constants.AUTH_SCHEMES
            if argument != "api_key" and (value := pick("g_" + argument))
        },
    )


def _flag_option(flag: FlagSpec) -> click.Option:
    name = _FLAG_PREFIX + flag["name"]
    value = flag["value"]
    help_text = flag_help(flag)
    if value["kind"] == "boolean":
        negative = "--no-" + flag["flag"].removeprefix("--")
        return click.Option(
            [f"{flag['flag']}/{negative}", name], default=None, help=help_text
        )
    return click.Option(
        [flag["flag"], name],
        type=FlagValue(value),
        multiple=value["kind"] == "array",
        metavar=metavar(value),
        help=help_text,
    )


def _option_strings(option: click.Option) -> set[str]:
    return set(option.opts) | set(option.secondary_opts)


def _stdin_document(kind: str) -> Any:
    """A body piped or redirected on stdin; ``None`` for a terminal, /dev/null, a closed or empty stdin.

    A JSON, form or multipart body is a JSON/YAML document; a binary body the bytes as they are,
    a text body the text as it is.
    """
    stream = sys.stdin
    if stream is None:
        return None
    try:
        if stream.isatty():
            return None
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return None
    if not (stat.S_ISFIFO(mode) or stat.S_ISREG(mode)):
        return None
    if kind == "binary":
        return stream.buffer.read() or None
    text = stream.read()
    if not text.strip():
        return None
    if kind == "text":
        return text
    try:
        return parse_document(text)
    except BadValue as error:
        raise click.UsageError(f"the body on stdin is {error}") from None


def _merge_stdin(
    spec: CommandSpec, kwargs: dict[str, Any], document: Any
) -> tuple[dict[str, Any], Any]:
    """Fold a stdin body into the arguments; flags win.  Returns the arguments and ``extra_body``.

    A body whose fields are flags (an object body) takes the document's known keys as those flags
    and sends the rest as they are; any other body (a list, a scalar) is the document itself.
    """
    body_flags = [flag for flag in spec["flags"] if flag["location"] == "body"]
    body = spec["body"]
    if body is not None and not body["flattened"]:
        if len(body_flags) == 1:
            kwargs.setdefault(body_flags[0]["name"], document)
            return kwargs, None
        return kwargs, document
    if not isinstance(document, dict):
        raise click.UsageError("the body on stdin must be a JSON/YAML object")
    by_wire = {flag["wire"]: flag["name"] for flag in body_flags}
    extra: dict[str, Any] = {}
    for key, item in document.items():
        target = by_wire.get(str(key))
        if target is None:
            extra[str(key)] = item
        else:
            kwargs.setdefault(target, item)
    return kwargs, extra or None


def _make_callback(spec: CommandSpec) -> Any:
    def callback(**values: Any) -> None:
        ctx = click.get_current_context()
        kwargs: dict[str, Any] = {}
        for flag in spec["flags"]:
            key = _FLAG_PREFIX + flag["name"]
            if key not in values or not _given(ctx, key):
                continue
            value = values[key]
            if flag["value"]["kind"] == "array":
                value = [item for occurrence in value for item in occurrence]
            kwargs[flag["name"]] = value
        extra_body: Any = None
        if spec["body"] is not None:
            document = _stdin_document(spec["body"]["kind"])
            if document is not None:
                kwargs, extra_body = _merge_stdin(spec, kwargs, document)
        missing = [
            flag
            for flag in spec["flags"]
            if flag["required"] and flag["name"] not in kwargs
        ]
        if missing:
            listed = ", ".join(
                f"{flag['flag']} ({flag['location']} param)" for flag in missing
            )
            plural = "s" if len(missing) > 1 else ""
            raise click.UsageError(f"Missing required flag{plural}: {listed}.", ctx)
        settings = resolve_settings(ctx)
        from ._invoke import invoke

        max_items = values.get(_MAX_ITEMS)
        follow = (
            Follow(max_items=max_items)
            if values.get(_ALL) or max_items is not None
            else None
        )
        ctx.exit(
            invoke(spec, kwargs, extra_body, settings, values.get(_OUTPUT), follow)
        )

    return callback


class _UsageInErrors:
    """Every command-line error shows the usage line (click omits it for some, e.g. a missing value)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]
        except click.UsageError as error:
            if error.ctx is None:
                error.ctx = ctx
            raise


class MethodCommand(_UsageInErrors, click.Command):
    """A method command whose help lists the API's flags apart from the global flags."""

    def format_options(
        self, ctx: click.Context, formatter: click.HelpFormatter
    ) -> None:
        api_rows: list[tuple[str, str]] = []
        global_rows: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            row = param.get_help_record(ctx)
            if row is None:
                continue
            name = param.name or ""
            (
                global_rows
                if name.startswith(_GLOBAL_PREFIX)
                or not name.startswith((_FLAG_PREFIX, _OUTPUT, _ALL, _MAX_ITEMS))
                else api_rows
            ).append(row)
        if api_rows:
            with formatter.section("Flags"):
                formatter.write_dl(api_rows)
        if global_rows:
            with formatter.section("Global flags"):
                formatter.write_dl(global_rows)


def build_command(spec: CommandSpec) -> click.Command:
    params: list[click.Parameter] = [_flag_option(flag) for flag in spec["flags"]]
    taken: set[str] = set()
    for param in params:
        if isinstance(param, click.Option):
            taken |= _option_strings(param)
    if spec["response"] == "binary":
        output = click.Option(
            ["--output", "-o", _OUTPUT],
            metavar="FILE",
            help="Write the response body to FILE ('-': stdout). Without it the body goes to "
            "stdout, unless stdout is a terminal.",
        )
        if not _option_strings(output) & taken:  # an API flag of that name wins
            params.append(output)
            taken |= _option_strings(output)
    if "pagination" in spec:
        for option in (
            click.Option(
                ["--all", _ALL],
                is_flag=True,
                help="Follow the pages: print every item (one per line with --format jsonl, "
                "as it arrives).",
            ),
            click.Option(
                ["--max-items", _MAX_ITEMS],
                type=click.IntRange(min=0),
                metavar="N",
                help="Follow the pages until N items are printed.",
            ),
        ):
            if not _option_strings(option) & taken:  # an API flag of that name wins
                params.append(option)
                taken |= _option_strings(option)
    # An API flag that collides with a global flag wins on its command; the global still works before the resource.
    params.extend(
        option for option in _global_options() if not (_option_strings(option) & taken)
    )
    summary = spec["summary"] or ""
    description = spec["description"] or ""
    help_text = (
        summary
        if not description
        else (f"{summary}\n\n{description}" if summary else description)
    )
    http = f"{spec['http_method'].upper()} {spec['path']}"
    return MethodCommand(
        name=spec["method"],
        params=params,
        callback=_make_callback(spec),
        help=help_text or http,
        short_help=summary or None,
        epilog=f"HTTP: {http}",
        options_metavar="[FLAGS]",
        deprecated=spec["deprecated"],
        context_settings=CONTEXT_SETTINGS,
    )


class ResourceGroup(_UsageInErrors, click.Group):
    """The methods of one resource; each command is built when first asked for."""

    def __init__(self, name: str, specs: Sequence[CommandSpec]) -> None:
        super().__init__(
            name=name, help=resource_help(name), context_settings=CONTEXT_SETTINGS
        )
        self._specs = {spec["method"]: spec for spec in specs}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self._specs)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self._specs:
            self.add_command(build_command(self._specs[cmd_name]))
        return self.commands.get(cmd_name)


def _resources() -> dict[str, list[CommandSpec]]:
    grouped: dict[str, list[CommandSpec]] = {}
    for spec in COMMANDS:
        grouped.setdefault(spec["resource"], []).append(spec)
    return grouped


class RootGroup(_UsageInErrors, click.Group):
    def __init__(self) -> None:
        from .._version import __version__

        super().__init__(
            name=PROG,
            help=root_description(),
            params=[
                *_global_options(),
                click.Option(
                    ["--version"],
                    is_flag=True,
                    expose_value=False,
                    is_eager=True,
                    callback=_print_version(__version__),
                    help="Show the version and exit.",
                ),
            ],
            context_settings=CONTEXT_SETTINGS,
        )
        self._resources = _resources()
        self.add_command(completion_command)

    def get_help(self, ctx: click.Context) -> str:
        # The same text `<prog> --help` prints without loading click (see _help).
        return root_help().rstrip("\n")

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self._resources) + ["completion"]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self._resources:
            self.add_command(ResourceGroup(cmd_name, self._resources[cmd_name]))
        return self.commands.get(cmd_name)


def _print_version(version: str) -> Any:
    def callback(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value and not ctx.resilient_parsing:
            click.echo(f"{PROG} {version}")
            ctx.exit(0)

    return callback


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line; always ends the process (exit codes in ``_invoke``)."""
    install_completion_classes()
    cli = RootGroup()
    try:
        cli.main(
            args=list(argv) if argv is not None else None,
            prog_name=PROG,
            complete_var=complete_var(),
        )
    except BrokenPipeError:
        # stdout closed early (``| head``): stop quietly, without Python's report at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:  # a bug here must still not print a traceback at a user
        if "--debug" in (argv if argv is not None else sys.argv):
            raise
        sys.stderr.write(
            f"Error: unexpected {type(exc).__name__}: {exc} (--debug shows more)\n"
        )
        sys.exit(1)
