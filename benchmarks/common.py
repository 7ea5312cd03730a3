"""What the benchmarks share: running a command with its own time and memory, a budget row."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Row:
    """One line of the performance budget; ``met`` is None where there is no target."""

    measure: str
    figure: str
    target: str = "—"
    met: bool | None = None


@dataclass(frozen=True)
class Run:
    """One finished command: its wall time, its own peak resident memory, its output."""

    seconds: float
    peak_mb: float
    stdout: bytes


# Started between the benchmark and the command: on Linux a process's peak memory starts at
# that of the process it was forked from, so a command started by the benchmark itself, which
# may hold a large declaration by then, would report the benchmark's memory as its own. This
# small process times its child and reports the child's own figures on the file descriptor given.
_MEASURE = """\
import os, subprocess, sys, time
report = int(sys.argv[1])
start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
child.returncode = os.waitstatus_to_exitcode(status)
os.write(report, f"{seconds!r} {usage.ru_maxrss} {child.returncode}".encode())
"""


def run(
    argv: list[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    ok: Collection[int] = (0,),
) -> Run:
    """Run ``argv`` and wait for it, failing unless its exit code is in ``ok``."""
    read_end, write_end = os.pipe()
    try:
        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen(
                [sys.executable, "-c", _MEASURE, str(write_end), *argv],
                cwd=cwd,
                env=env,
                stdout=subprocess.PIPE,
                stderr=errors,
                pass_fds=(write_end,),
            )
            os.close(write_end)
            write_end = -1
            stdout, _ = process.communicate()
            report = os.read(read_end, 256).decode().split()
            if len(report) != 3 or int(report[2]) not in ok:
                errors.seek(0)
                message = errors.read().decode(errors="replace").strip()
                code = report[2] if len(report) == 3 else "no report"
                raise SystemExit(f"{' '.join(argv)} exited with {code}:\n{message}")
            seconds, peak_kib, _ = report
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)
    # ru_maxrss is in KiB on Linux.
    return Run(seconds=float(seconds), peak_mb=int(peak_kib) / 1024, stdout=stdout)


def best(
    argv: list[str],
    repeat: int,
    *,
    cwd: Path | None = None,
    ok: Collection[int] = (0,),
    warm_up: bool = True,
) -> Run:
    """The fastest of ``repeat`` runs (after one warm-up), with the largest peak memory seen."""
    if warm_up:
        run(argv, cwd=cwd, ok=ok)
    runs = [run(argv, cwd=cwd, ok=ok) for _ in range(repeat)]
    fastest = min(runs, key=lambda r: r.seconds)
    return Run(fastest.seconds, max(r.peak_mb for r in runs), fastest.stdout)


def median_seconds(argv: list[str], runs: int) -> float:
    """The median wall time of ``runs`` runs after one warm-up (short commands vary most)."""
    run(argv)
    return statistics.median(run(argv).seconds for _ in range(runs))


def best_in_process(call: Callable[[], T], repeat: int) -> tuple[float, T]:
    """The fastest of ``repeat`` calls in this process, and what the first call returned."""
    start = time.perf_counter()
    result = call()
    times = [time.perf_counter() - start]
    for _ in range(repeat - 1):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times), result


def console_script(name: str = "reciprocity") -> str:
    """The installed command beside this interpreter (a virtual environment's bin/)."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    import shutil

    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"`{name}` is not installed: pip install -e . first")
    return found


def ratio_row(measure: str, ours: float, floor: float, target: float, repeat: int) -> Row:
    """A row comparing a command with its floor: the ratio against the target ratio."""
    ratio = ours / floor
    return Row(
        measure,
        f"{ratio:.2f}x ({ours:.2f} s / {floor:.2f} s, best of {repeat})",
        f"≤ {target:g}x",
        ratio <= target,
    )


def print_rows(rows: list[Row]) -> None:
    """Print rows as a Markdown table (for the scripts run alone)."""
    print(markdown_table(rows))


def markdown_table(rows: list[Row]) -> str:
    lines = ["| measure | figure | target | met |", "|---|---|---|---|"]
    lines.extend(f"| {r.measure} | {r.figure} | {r.target} | {verdict(r.met)} |" for r in rows)
    return "\n".join(lines)


def verdict(met: bool | None) -> str:
    return "—" if met is None else "yes" if met else "NO"
