"""How fast `reciprocity scan` reads a large tree, against the floor of reading every file once.

    python benchmarks/scan.py                  # generate 100,000 files in a temporary folder
    python benchmarks/scan.py --files 20000    # a smaller tree
    python benchmarks/scan.py --git            # the same tree as a git work tree
    python benchmarks/scan.py PATH             # any existing tree

Both runs are separate processes started the same way, so interpreter start-up counts on both
sides; the floor walks the tree and reads every byte of every file once. Each is run
``--repeat`` times after one warm-up and the best time is kept (the page cache is warm for
both). Peak memory is the largest resident set of the scan process. Targets (issue 3): the
scan within 2x the floor, under 300 MB at 100,000 files.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "tree"]):
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


def timed(command: list[str]) -> tuple[float, int]:
    """Run a command; return its wall time and the peak resident memory of children (KiB)."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


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
        path = args.path
        if path is None:
            path = Path(scratch) / "tree"
            start = time.perf_counter()
            generate(path, args.files)
            if args.git:
                make_git(path)
            print(f"generated {args.files:,} files in {time.perf_counter() - start:.1f} s")
        floor_command = [sys.executable, __file__, "--floor-only", str(path)]
        scan_command = [sys.executable, "-m", "reciprocity", "scan", str(path), "--format", "json"]
        timed(floor_command)  # warm the page cache
        floor_times = [timed(floor_command)[0] for _ in range(args.repeat)]
        scan_times = []
        for _ in range(args.repeat):
            elapsed, _ = timed(scan_command)
            scan_times.append(elapsed)
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    best_floor, best_scan = min(floor_times), min(scan_times)
    ratio = best_scan / best_floor
    # ru_maxrss of children is the largest of them all: the scan, as the floor holds one file.
    peak_mb = peak_kib / 1024
    print(f"floor (read every file once): {best_floor:.2f} s")
    print(f"reciprocity scan:             {best_scan:.2f} s")
    print(f"ratio:                        {ratio:.2f}x (target <= {TARGET_RATIO:.0f}x)")
    print(f"peak memory:                  {peak_mb:.0f} MB (target < {TARGET_MEMORY_MB} MB)")
    met = ratio <= TARGET_RATIO and peak_mb < TARGET_MEMORY_MB
    print("targets met" if met else "targets NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
