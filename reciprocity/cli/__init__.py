"""The command line: ``reciprocity`` and its subcommands, registered explicitly."""

from reciprocity.cli.action import github_action
from reciprocity.cli.check import audit, check, quote
from reciprocity.cli.contributions import contributions
from reciprocity.cli.init import init
from reciprocity.cli.ledger import ledger
from reciprocity.cli.licence import licence
from reciprocity.cli.main import main
from reciprocity.cli.scan import scan

main.add_command(licence)
main.add_command(scan)
main.add_command(check)
main.add_command(audit)
main.add_command(quote)
main.add_command(ledger)
main.add_command(init)
main.add_command(contributions)
main.add_command(github_action)

__all__ = ["main"]
