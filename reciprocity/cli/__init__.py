"""The command line: ``reciprocity`` and its subcommands, registered explicitly."""

from reciprocity.cli.licence import licence
from reciprocity.cli.main import main
from reciprocity.cli.scan import scan

main.add_command(licence)
main.add_command(scan)

__all__ = ["main"]
