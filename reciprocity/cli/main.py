"""The ``reciprocity`` command group and the one place our errors become exit codes.

Exit codes: 0 compliant or valid, 1 findings at or above ``--fail-on``, 2 could not check
(bad input, unknown licence, broken installation). Errors are printed without a traceback.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from gettext import gettext as _
from typing import Any

import click

from reciprocity import __version__
from reciprocity.errors import ReciprocityError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_CANNOT_CHECK = 2

# Each subcommand as "module:attribute" and its short help, the first sentence of its docstring.
# The modules import the declaration model, YAML, git and more: importing them only when their
# command runs keeps `reciprocity --version` and `--help` fast. tests/cli/test_start.py checks
# that each short help here is the command's own.
COMMANDS: Mapping[str, tuple[str, str]] = {
    "audit": (
        "reciprocity.cli.check:audit",
        "Evaluate the uses a declaration lists, with no scan: the self-audit before a sale.",
    ),
    "check": (
        "reciprocity.cli.check:check",
        "Scan PATH and evaluate each commons under a reciprocity licence against the declaration.",
    ),
    "contributions": (
        "reciprocity.cli.contributions:contributions",
        "Count the commits and changed lines of an organisation's identities in REPO's history.",
    ),
    "github-action": (
        "reciprocity.cli.action:github_action",
        "Run the check as the GitHub Action does (inputs from INPUT_* variables).",
    ),
    "init": (
        "reciprocity.cli.init:init",
        "Write a commented usage declaration, PATH/reciprocity.yml, to complete and check.",
    ),
    "ledger": (
        "reciprocity.cli.ledger:ledger",
        "Tabulate, partner by partner, what was owed, what came back and the balance.",
    ),
    "licence": (
        "reciprocity.cli.licence:licence",
        "Read, check and explain machine-readable reciprocity licences.",
    ),
    "quote": (
        "reciprocity.cli.check:quote",
        "What would a prestation owe under a licence, and why.",
    ),
    "scan": (
        "reciprocity.cli.scan:scan",
        "List every component of PATH with its licence, where it applies, and the evidence.",
    ),
}


class CannotCheck(click.ClickException):
    """An input could not be used: printed as is, exit code 2."""

    exit_code = EXIT_CANNOT_CHECK

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


class ReciprocityGroup(click.Group):
    """A click group that turns every ReciprocityError into exit code 2 without a traceback.

    ``lazy_commands`` maps a command name to ``("module:attribute", short help)``: the module
    is imported when that command is run or its own help is asked for, not when the group
    starts or lists its commands.
    """

    def __init__(
        self, *args: Any, lazy_commands: Mapping[str, tuple[str, str]] | None = None, **attrs: Any
    ) -> None:
        super().__init__(*args, **attrs)
        self.lazy_commands = dict(lazy_commands or {})

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReciprocityError as error:
            raise CannotCheck(str(error)) from error

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            self.add_command(self.load(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def load(self, cmd_name: str) -> click.Command:
        """Import the command ``cmd_name`` of the lazy table."""
        module_name, _, attribute = self.lazy_commands[cmd_name][0].partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{module_name}:{attribute} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # click's own version calls get_command for each name, which would import every module
        # to read one line of each. A command not loaded yet is listed by a stand-in carrying
        # the table's short help, which click shortens to the terminal as it would the real one.
        rows: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is None:
                command = click.Command(name, help=self.lazy_commands[name][1])
            if not command.hidden:
                rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section(_("Commands")):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in rows])


@click.group(
    cls=ReciprocityGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="reciprocity")
def main() -> None:
    """Check what the use of a commons under a reciprocity licence owes back to it.

    Exit codes: 0 compliant (or valid), 1 findings at or above --fail-on, 2 could not check.
    """
