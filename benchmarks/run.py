"""The performance budget: every benchmark, run one after the other, printed as one table.

    python benchmarks/run.py               # the full budget (a few minutes)
    python benchmarks/run.py --quick       # smaller trees, histories and declarations
    python benchmarks/run.py --markdown    # the table as Markdown, for the README
    python benchmarks/run.py --only start --only catalogue

Measures, each by the script of the same name in this folder (runnable alone):

- start: `reciprocity --version` and `--help`, the median of 20 runs, under 150 ms;
- catalogue: the whole bundled catalogue parsed and checked, under 100 ms, and
  `reciprocity licence list` under 500 ms;
- uses: a declaration of 10,000 uses read, evaluated (under 2 s) and reported, and `audit`
  and `check` end to end (under 5 s);
- contributions: `reciprocity contributions` on 100,000 commits within 2x `git log`;
- scan: `reciprocity scan` of 100,000 files within 2x reading every file once, in a plain
  folder then in a git work tree, under 300 MB.

Generated data lives in a temporary folder removed at the end. The measurements run one at a
time, as each would be disturbed by another; on a machine shared with other work the figures
are worse than on an idle one, so the load average is printed with the machine. The exit code
is 1 when a target is not met.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import catalogue
import contributions
import scan
import start
import uses
from common import Row, markdown_table, verdict

MEASURES = ("start", "catalogue", "uses", "contributions", "scan")


def machine() -> str:
    """The CPU, its cores and memory, the system and Python."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = " ".join(line.partition(":")[2].split())
                    break
    except OSError:
        model = platform.processor() or model
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as meminfo:
            kib = int(meminfo.readline().split()[1])
            memory = f", {kib / 1024 / 1024:.0f} GB RAM"
    except (OSError, IndexError, ValueError):
        pass
    system = _os_name()
    python = f"Python {platform.python_version()} ({platform.python_implementation()})"
    return f"{model}, {cores} cores{memory}; {system}; {python}"


def load() -> str:
    """The load average over the last minute: how much other work shared the machine."""
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "unknown"


def _os_name() -> str:
    try:
        release = platform.freedesktop_os_release()
        name = release.get("PRETTY_NAME", release.get("NAME", ""))
    except OSError:
        name = ""
    kernel = f"{platform.system()} {platform.release()}"
    return f"{name}, {kernel}" if name else kernel


def text_table(rows: list[Row]) -> str:
    """The rows as aligned columns, for a terminal."""
    cells = [("measure", "figure", "target", "met")]
    cells.extend((r.measure, r.figure, r.target, verdict(r.met)) for r in rows)
    widths = [max(len(row[i]) for row in cells) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def measure(name: str, quick: bool, repeat: int, scratch: Path) -> list[Row]:
    """Run one benchmark and return its rows."""
    if name == "start":
        return start.measure(runs=10 if quick else 20)
    if name == "catalogue":
        return catalogue.measure(runs=20, commands=5 if quick else 10)
    if name == "uses":
        return uses.measure(2_000 if quick else uses.USES, repeat)
    if name == "contributions":
        commits = 20_000 if quick else 100_000
        path, expected = contributions.generated_repo(scratch, commits)
        figures = contributions.measure(path, repeat=repeat)
        wrong = contributions.wrong_totals(figures, expected)
        return contributions.rows(figures, f"{commits:,} commits", wrong)
    if name == "scan":
        files = 20_000 if quick else 100_000
        path = scan.generated_tree(scratch, files, git=False)
        rows = scan.rows(scan.measure(path, repeat), f"{files:,} files, plain folder")
        scan.make_git(path)
        return rows + scan.rows(scan.measure(path, repeat), "the same files, git work tree")
    raise ValueError(name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller data, fewer runs")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each long measure")
    parser.add_argument(
        "--only", action="append", choices=MEASURES, help="run only this measure (repeatable)"
    )
    args = parser.parse_args()
    names = [name for name in MEASURES if not args.only or name in args.only]
    load_before = load()  # before the runs: then it is other people's work alone
    rows: list[Row] = []
    began = time.perf_counter()
    for name in names:
        print(f"measuring {name}...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix=f"reciprocity-bench-{name}-") as scratch:
            rows.extend(measure(name, args.quick, args.repeat, Path(scratch)))
    elapsed = time.perf_counter() - began
    print(f"measured on: {machine()}")
    print(f"load average: {load_before} before, {load()} after")
    print(f"run: {' '.join(['python benchmarks/run.py', *sys.argv[1:]])} ({elapsed:.0f} s)\n")
    print(markdown_table(rows) if args.markdown else text_table(rows))
    if args.quick:
        # The targets are set for the full sizes, where the fixed cost of starting Python and
        # importing reciprocity is a small part of each run; on small data it is a large one.
        print("\n--quick: the targets are set for the full sizes; a ratio missed here may be met")
    return 0 if all(row.met is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
