"""The command line: ``reciprocity`` and its subcommands, each imported when it runs.

The subcommands are listed in :data:`reciprocity.cli.main.COMMANDS`.
"""

from reciprocity.cli.main import main

__all__ = ["main"]
