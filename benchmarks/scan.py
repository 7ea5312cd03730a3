"""How fast `reciprocity scan` reads a large tree, against the floor of reading every file once.

    python benchmarks/scan.py                  # generate 100,000 files in a temporary folder
    python benchmarks/scan.py --files 20000    # a smaller tree
    python benchmarks/scan.py --git            # the same tree as a git work tree
    python benchmarks/scan.py PATH             # any existing tree

Both runs are separate processes started the same way, so interpreter start-up counts on both
sides; the floor walks the tree and reads every byte of every file once. Each is run
``--repeat`` times after one warm-up and the best time is kept (the page cache is warm for
both). Peak memory is the largest resident set of the scan process itself. Targets (issue 3):
the scan within 2x the floor, under 300 MB at 100,000 files. ``benchmarks/run.py`` runs this
with the rest of the performance budget.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from common import Row, best, ratio_row

TARGET_RATIO = 2.0
TARGET_MEMORY_MB = 300

_MIT = """MIT License

Copyright (c) 2024 Benchmark Authors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

_PACKAGE_JSON = """{
  "name": "bench-%(n)d",
  "version": "1.0.%(n)d",
  "license": "MIT",
  "dependencies": {
    "left-pad": "^1.3.0",
    "coop-widgets": "2.1.0"
  }
}
"""

_REQUIREMENTS = "requests==2.32.3\nclick>=8.1\nlark==1.2.2\n"


def generate(root: Path, count: int, seed: int = 7) -> None:
    """Write ``count`` files under ``root``: sources, a few licences and manifests."""
    rng = random.Random(seed)
    words = "commons licence share cooperative value code data revenue user service".split()
    per_folder = 50
    for index in range(count):
        folder = root / f"pkg{index // 5000:02d}" / f"mod{(index // per_folder) % 100:02d}"
        if index % per_folder == 0:
            folder.mkdir(parents=True, exist_ok=True)
        kind = index % 1000
        if kind == 0:
            (folder / "LICENSE").write_text(_MIT, encoding="utf-8")
        elif kind == 1:
            (folder / "package.json").write_text(_PACKAGE_JSON % {"n": index}, encoding="utf-8")
        elif kind == 2:
            (folder / "requirements.txt").write_text(_REQUIREMENTS, encoding="utf-8")
        else:
            lines = []
            if index % 3 == 0:
                lines.append("// SPDX-License-Identifier: MIT")
            for _ in range(rng.randint(5, 120)):
                lines.append(" ".join(rng.choice(words) for _ in range(rng.randint(3, 12))))
            (folder / f"file{index}.js").write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_git(root: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
    }
    # A commit of 100,000 new files would start `git gc --auto` in the background, which
    # would pack them while the scan is being timed.
    commands = (
        ["git", "init", "-q"],
        ["git", "config", "gc.auto", "0"],
        ["git", "add", "-A"],
        ["git", "-c", "commit.gpgsign=false", "commit", "-qm", "tree"],
    )
    for command in commands:
        subprocess.run(command, cwd=root, check=True, env=env)


def floor(path: Path) -> None:
    """Read every byte of every file once (the least a complete scan must do)."""
    total = 0
    for folder, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in files:
            with open(os.path.join(folder, name), "rb") as handle:
                total += len(handle.read())
    print(total)


@dataclass(frozen=True)
class ScanFigures:
    """Best times of the floor and of the scan, and the scan's peak memory."""

    floor: float
    scan: float
    peak_mb: float
    repeat: int

    @property
    def ratio(self) -> float:
        return self.scan / self.floor

    @property
    def met(self) -> bool:
        return self.ratio <= TARGET_RATIO and self.peak_mb < TARGET_MEMORY_MB


def measure(path: Path, repeat: int = 3) -> ScanFigures:
    """Time the floor and ``reciprocity scan`` on the tree at ``path``, best of ``repeat``."""
    floor_command = [sys.executable, __file__, "--floor-only", str(path)]
    scan_command = [sys.executable, "-m", "reciprocity", "scan", str(path), "--format", "json"]
    floor_run = best(floor_command, repeat)  # its warm-up warms the page cache for both
    scan_run = best(scan_command, repeat)
    return ScanFigures(floor_run.seconds, scan_run.seconds, scan_run.peak_mb, repeat)


def rows(figures: ScanFigures, tree: str) -> list[Row]:
    """The budget's rows: the scan against the floor, and its memory."""
    return [
        ratio_row(
            f"`reciprocity scan` / reading every file once: {tree}",
            figures.scan,
            figures.floor,
            TARGET_RATIO,
            figures.repeat,
        ),
        Row(
            "peak memory of that scan",
            f"{figures.peak_mb:.0f} MB",
            f"< {TARGET_MEMORY_MB} MB",
            figures.peak_mb < TARGET_MEMORY_MB,
        ),
    ]


def generated_tree(scratch: Path, files: int, git: bool) -> Path:
    """Generate the benchmark's tree under ``scratch``, saying how long it took."""
    path = scratch / "tree"
    start = time.perf_counter()
    generate(path, files)
    if git:
        make_git(path)
    print(f"generated {files:,} files in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, help="an existing tree to scan")
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--git", action="store_true", help="make the generated tree a git repo")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--floor-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_only:
        floor(args.floor_only)
        return 0
    with tempfile.TemporaryDirectory(prefix="reciprocity-bench-") as scratch:
        path = args.path or generated_tree(Path(scratch), args.files, args.git)
        figures = measure(path, args.repeat)
    print(f"floor (read every file once): {figures.floor:.2f} s")
    print(f"reciprocity scan:             {figures.scan:.2f} s")
    print(f"ratio:                        {figures.ratio:.2f}x (target <= {TARGET_RATIO:.0f}x)")
    print(
        f"peak memory:                  {figures.peak_mb:.0f} MB (target < {TARGET_MEMORY_MB} MB)"
    )
    print("targets met" if figures.met else "targets NOT met")
    return 0 if figures.met else 1


if __name__ == "__main__":
    sys.exit(main())
