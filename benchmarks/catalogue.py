"""How fast the bundled catalogue is read: every licence and code social, parsed and checked.

    python benchmarks/catalogue.py            # 20 runs in this process, 10 of the command
    python benchmarks/catalogue.py --runs 50

Every `check`, `audit`, `quote` and `ledger` reads the whole catalogue before anything else, so
its time is paid by each of them. Two figures: ``build_catalogue`` in this process, the parser
already built (the fastest of ``--runs``), and `reciprocity licence list` end to end in a new
process (start-up, imports, the parser's construction, the catalogue; the median of
``--commands``). Targets, ours: under 100 ms for the catalogue, so that it stays a small part
of a check; under 500 ms for the command, the same order as the interpreter and its imports.
"""

from __future__ import annotations

import argparse
import sys

from common import Row, best_in_process, console_script, median_seconds, print_rows

TARGET_PARSE_MS = 100
TARGET_COMMAND_MS = 500


def measure(runs: int = 20, commands: int = 10) -> list[Row]:
    """The budget's rows: the catalogue read in this process, then the command."""
    from reciprocity.catalogue import build_catalogue, catalogue_folders

    folders = catalogue_folders()
    build_catalogue(folders)  # builds the parser once, as any command does before its catalogue
    seconds, catalogue = best_in_process(lambda: build_catalogue(folders), runs)
    size = f"{len(catalogue.licences())} licences, {len(catalogue.codes_social())} codes social"
    parse_ms = seconds * 1000
    command_ms = median_seconds([console_script(), "licence", "list"], commands) * 1000
    return [
        Row(
            f"parse and check the catalogue: {size}",
            f"{parse_ms:.0f} ms (in process, best of {runs})",
            f"< {TARGET_PARSE_MS} ms",
            parse_ms < TARGET_PARSE_MS,
        ),
        Row(
            "`reciprocity licence list`",
            f"{command_ms:.0f} ms (median of {commands})",
            f"< {TARGET_COMMAND_MS} ms",
            command_ms < TARGET_COMMAND_MS,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--commands", type=int, default=10)
    args = parser.parse_args()
    rows = measure(args.runs, args.commands)
    print_rows(rows)
    return 0 if all(row.met is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
