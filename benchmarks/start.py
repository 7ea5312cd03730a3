"""How fast the command line starts: `reciprocity --version` and `--help`, against bare Python.

    python benchmarks/start.py              # median of 20 runs of each
    python benchmarks/start.py --runs 50

Each command is the installed console script, started in a new process as a shell would start
it, once to warm the caches and then ``--runs`` times; the median is kept, as a short command's
time varies most with what else the machine is doing. ``python -c pass`` is the floor: the
interpreter alone. Target (issue 6): under 150 ms for both, which needs the subcommands (and
their imports of YAML, git, Lark...) loaded only when one of them runs.
"""

from __future__ import annotations

import argparse
import sys

from common import Row, console_script, median_seconds, print_rows

TARGET_MS = 150


def measure(runs: int = 20) -> list[Row]:
    """The budget's rows: the interpreter's own start, then the two commands."""
    script = console_script()
    floor = median_seconds([sys.executable, "-c", "pass"], runs) * 1000
    rows = [Row("Python alone: `python -c pass`", f"{floor:.0f} ms (median of {runs})")]
    for argument in ("--version", "--help"):
        elapsed = median_seconds([script, argument], runs) * 1000
        rows.append(
            Row(
                f"`reciprocity {argument}`",
                f"{elapsed:.0f} ms (median of {runs})",
                f"< {TARGET_MS} ms",
                elapsed < TARGET_MS,
            )
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    rows = measure(args.runs)
    print_rows(rows)
    return 0 if all(row.met is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
