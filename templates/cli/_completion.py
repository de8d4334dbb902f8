"""Shell completion: ``<prog> completion bash|zsh|fish`` prints the script to source.

Completion itself is click's: the script calls the program back with ``_<PROG>_COMPLETE=<shell>_complete``.
Bash gets its own script because bash splits words at ``:`` (``beta:chat``): it sends the command line
up to the cursor instead of bash's word list, and completions drop the part before the last colon,
which bash keeps in front of the word being completed.
"""

from __future__ import annotations

import os
import sys

import click
from click.shell_completion import (
    BashComplete,
    CompletionItem,
    add_completion_class,
    get_completion_class,
    split_arg_string,
)

from ._commands import PROG
from ._help import COMPLETION_HELP

SHELLS = ("bash", "zsh", "fish")


def complete_var() -> str:
    """The environment variable click's completion scripts set: ``_LLAMACLOUD_PROD_COMPLETE``."""
    return (
        "_" + "".join(ch if ch.isalnum() else "_" for ch in PROG).upper() + "_COMPLETE"
    )


_SOURCE_BASH = """\
%(complete_func)s() {
    local IFS=$'\\n'
    local response completion type value

    response=$(env COMP_LINE="${COMP_LINE:0:$COMP_POINT}" %(complete_var)s=bash_complete "$1")

    for completion in $response; do
        IFS=',' read -r type value <<< "$completion"
        if [[ $type == 'dir' ]]; then
            COMPREPLY=()
            compopt -o dirnames
        elif [[ $type == 'file' ]]; then
            COMPREPLY=()
            compopt -o default
        elif [[ $type == 'plain' ]]; then
            COMPREPLY+=("$value")
        fi
    done

    return 0
}

complete -o nosort -F %(complete_func)s %(prog_name)s
"""


class ColonSafeBashComplete(BashComplete):
    """Bash completion that keeps ``resource:subresource`` names whole (see the module docstring)."""

    source_template = _SOURCE_BASH
    _incomplete = ""

    def source(self) -> str:
        return self.source_template % self.source_vars()

    def get_completion_args(self) -> tuple[list[str], str]:
        line = os.environ.get("COMP_LINE", "")
        words = split_arg_string(line)
        incomplete = ""
        if words and line and not line[-1].isspace():
            incomplete = words.pop()
        self._incomplete = incomplete
        return words[1:], incomplete

    def format_completion(self, item: CompletionItem) -> str:
        value = str(item.value)
        prefix = self._incomplete[: self._incomplete.rfind(":") + 1]
        if prefix and value.startswith(prefix):
            value = value[len(prefix) :]
        return f"{item.type},{value}"


def install_completion_classes() -> None:
    add_completion_class(ColonSafeBashComplete, "bash")


def completion_source(
    cli: click.Command, prog_name: str, complete_var: str, shell: str
) -> str:
    install_completion_classes()
    cls = get_completion_class(shell)
    if cls is None:  # pragma: no cover - SHELLS are all registered
        raise click.UsageError(f"unsupported shell {shell!r}")
    return cls(cli, {}, prog_name, complete_var).source()


@click.command(
    "completion",
    help=f"{COMPLETION_HELP}\n\n"
    f'\b\nbash: eval "$({PROG} completion bash)"   (in ~/.bashrc)'
    f'\nzsh:  eval "$({PROG} completion zsh)"    (in ~/.zshrc)'
    f"\nfish: {PROG} completion fish > ~/.config/fish/completions/{PROG}.fish",
)
@click.argument("shell", type=click.Choice(SHELLS), required=False)
@click.pass_context
def completion_command(ctx: click.Context, shell: str | None) -> None:
    if shell is None:
        shell = os.path.basename(os.environ.get("SHELL", "")) or "bash"
        if shell not in SHELLS:
            raise click.UsageError(
                f"cannot tell the shell from $SHELL; name one of: {', '.join(SHELLS)}",
                ctx,
            )
    root = ctx.find_root()
    name = root.info_name or ""
    sys.stdout.write(completion_source(root.command, name, complete_var(), shell))
