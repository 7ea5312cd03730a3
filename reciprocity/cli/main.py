"""The ``reciprocity`` command group and the one place our errors become exit codes.

Exit codes: 0 compliant or valid, 1 findings at or above ``--fail-on``, 2 could not check
(bad input, unknown licence, broken installation). Errors are printed without a traceback.
"""

from __future__ import annotations

from typing import Any

import click

from reciprocity import __version__
from reciprocity.errors import ReciprocityError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_CANNOT_CHECK = 2


class CannotCheck(click.ClickException):
    """An input could not be used: printed as is, exit code 2."""

    exit_code = EXIT_CANNOT_CHECK

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


class ReciprocityGroup(click.Group):
    """A click group that turns every ReciprocityError into exit code 2 without a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReciprocityError as error:
            raise CannotCheck(str(error)) from error


@click.group(cls=ReciprocityGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reciprocity")
def main() -> None:
    """Check what the use of a commons under a reciprocity licence owes back to it.

    Exit codes: 0 compliant (or valid), 1 findings at or above --fail-on, 2 could not check.
    """
