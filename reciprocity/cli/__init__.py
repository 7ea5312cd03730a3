"""The command line: ``reciprocity`` and its subcommands, registered explicitly."""

from reciprocity.cli.licence import licence
from reciprocity.cli.main import main

main.add_command(licence)

__all__ = ["main"]
