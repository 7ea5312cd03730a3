"""How fast `reciprocity contributions` reads a long history, against the floor of `git log`.

    python benchmarks/contributions.py                    # generate 100,000 commits
    python benchmarks/contributions.py --commits 20000    # a shorter history
    python benchmarks/contributions.py REPO --domain acme.example   # any existing repository

The generated repository is written by ``git fast-import``: ten small text files and a binary
one, one small change per commit (a line replaced, sometimes one added), about 10% of the
commits by five people at the counted domain (one of them through ``.mailmap``) and the rest by
fifty people elsewhere, with a merge every 1,000 commits. Its exact totals are known, and the
command's JSON is checked against them.

Both runs are separate processes: the floor is ``git log --format=%ae`` (every author address
of the history, the least any count must read) and the command is ``reciprocity contributions
REPO --identity @DOMAIN --format json``, started as ``python -m reciprocity``, so interpreter
start-up counts on its side. Each is run ``--repeat`` times after one warm-up and the best time
is kept. Target: the command within 2x the floor. ``benchmarks/run.py`` runs this with the rest
of the performance budget.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from common import Row, best, ratio_row

TARGET_RATIO = 2.0
DOMAIN = "acme.example"
FILES = 10
LINES = 16
WORDS = "commons licence share cooperative value code data revenue user service".split()
ENV = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


@dataclass
class Expected:
    """What the generated history holds for the counted domain."""

    commits: int = 0
    added: int = 0
    removed: int = 0
    authors: set[str] = field(default_factory=set)


def generate(root: Path, count: int, seed: int = 7) -> Expected:
    """Write a repository of ``count`` commits under ``root``; return the domain's totals."""
    rng = random.Random(seed)
    ours = [f"dev{n}@{DOMAIN}" for n in range(4)] + ["sam@home.example"]  # mailmapped
    others = [f"person{n}@{('other', 'partner', 'vendor')[n % 3]}.example" for n in range(50)]
    mailmap = f"Sam <sam@{DOMAIN}> <sam@home.example>\n"
    files = [[_line(rng, f, n) for n in range(LINES)] for f in range(FILES)]
    expected = Expected()
    when = 1_420_070_400  # 2015-01-01
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=ENV)
    importer = subprocess.Popen(
        ["git", "fast-import", "--quiet"], cwd=root, stdin=subprocess.PIPE, env=ENV
    )
    assert importer.stdin is not None
    out = importer.stdin

    def data(content: bytes) -> None:
        out.write(b"data %d\n%s\n" % (len(content), content))

    def header(ref: str, mark: int, email: str, parents: list[int], merge: int = 0) -> None:
        nonlocal when
        when += rng.randint(1, 3600)
        ident = b"%s <%s> %d +0000" % (email.split("@")[0].encode(), email.encode(), when)
        out.write(
            b"commit %s\nmark :%d\nauthor %s\ncommitter %s\n" % (ref.encode(), mark, ident, ident)
        )
        data(b"change %d" % mark)
        for parent in parents:
            out.write(b"from :%d\n" % parent)
        if merge:
            out.write(b"merge :%d\n" % merge)

    def modify(path: str, content: bytes) -> None:
        out.write(b"M 100644 inline %s\n" % path.encode())
        data(content)

    def text(index: int) -> bytes:
        return ("\n".join(files[index]) + "\n").encode()

    header("refs/heads/main", 1, "founder@other.example", [])
    modify(".mailmap", mailmap.encode())
    for index in range(FILES):
        modify(f"src/file{index}.txt", text(index))
    head, mark = 1, 1
    while mark < count:
        mark += 1
        merging = mark % 1000 == 0 and mark + 1 < count
        email = rng.choice(ours) if rng.random() < 0.1 else rng.choice(others)
        ref = "refs/heads/side" if merging else "refs/heads/main"
        header(ref, mark, email, [head])
        lines = _change(rng, files, mark, modify, text)
        if email in ours:
            expected.commits += 1
            expected.added += lines[0]
            expected.removed += lines[1]
            expected.authors.add(email.replace("home.example", DOMAIN))
        if merging:  # the side commit above, then its merge on main
            side, mark = mark, mark + 1
            email = rng.choice(ours) if rng.random() < 0.1 else rng.choice(others)
            header("refs/heads/main", mark, email, [head], merge=side)
            for index in range(FILES):  # the merge keeps the side's files
                modify(f"src/file{index}.txt", text(index))
            if email in ours:
                expected.commits += 1
                expected.authors.add(email.replace("home.example", DOMAIN))
        head = mark
    out.close()
    if importer.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "reset", "-q", "--hard"], cwd=root, check=True, env=ENV)
    return expected


def _line(rng: random.Random, file: int, n: int) -> str:
    return f"{file}.{n} " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6)))


def _change(
    rng: random.Random,
    files: list[list[str]],
    mark: int,
    modify: Callable[[str, bytes], None],
    text: Callable[[int], bytes],
) -> tuple[int, int]:
    """Change one file of the commit ``mark``; return its lines added and removed."""
    if mark % 997 == 0:  # now and then a binary file, which counts no lines
        modify("assets/logo.bin", bytes(range(256)) + mark.to_bytes(4, "big"))
        return 0, 0
    index = rng.randrange(FILES)
    lines = files[index]
    roll = rng.random()
    if roll < 0.1 and len(lines) < 2 * LINES:
        lines.insert(rng.randrange(len(lines) + 1), _line(rng, index, mark))
        result = (1, 0)
    elif roll < 0.2 and len(lines) > LINES // 2:
        del lines[rng.randrange(len(lines))]
        result = (0, 1)
    else:
        lines[rng.randrange(len(lines))] = _line(rng, index, mark)
        result = (1, 1)
    modify(f"src/file{index}.txt", text(index))
    return result


def command(path: Path, domain: str) -> list[str]:
    """The command timed, started as the floor is: a new process."""
    args = [str(path), "--identity", f"@{domain}", "--format", "json"]
    return [sys.executable, "-m", "reciprocity", "contributions", *args]


@dataclass(frozen=True)
class ContributionFigures:
    """Best times of ``git log`` and of the command; what the command counted."""

    floor: float
    ours: float
    totals: tuple[int, int, int, int]
    """Commits, lines added, lines removed and authors, from the command's JSON."""
    repeat: int

    @property
    def ratio(self) -> float:
        return self.ours / self.floor


def measure(path: Path, domain: str = DOMAIN, repeat: int = 3) -> ContributionFigures:
    """Time ``git log`` and ``reciprocity contributions`` on ``path``, best of ``repeat``."""
    floor_run = best(["git", "log", "--format=%ae"], repeat, cwd=path)  # warms the page cache
    ours_run = best(command(path, domain), repeat)
    report = json.loads(ours_run.stdout)
    totals = (report["commits"], report["added"], report["removed"], len(report["authors"]))
    return ContributionFigures(floor_run.seconds, ours_run.seconds, totals, repeat)


def wrong_totals(figures: ContributionFigures, expected: Expected) -> str:
    """What the command got wrong against the generator, or nothing."""
    want = (expected.commits, expected.added, expected.removed, len(expected.authors))
    if figures.totals == want:
        return ""
    return f"WRONG totals: {figures.totals} (commits, added, removed, authors), expected {want}"


def generated_repo(scratch: Path, commits: int) -> tuple[Path, Expected]:
    """Generate the benchmark's history under ``scratch``, saying how long it took."""
    path = scratch / "repo"
    start = time.perf_counter()
    expected = generate(path, commits)
    print(f"generated {commits:,} commits in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return path, expected


def rows(figures: ContributionFigures, history: str, wrong: str = "") -> list[Row]:
    """The budget's row: the command against ``git log`` (not met when its totals are wrong)."""
    row = ratio_row(
        f"`reciprocity contributions` / `git log`: {history}",
        figures.ours,
        figures.floor,
        TARGET_RATIO,
        figures.repeat,
    )
    if wrong:
        row = Row(row.measure, f"{row.figure}; {wrong}", row.target, False)
    return [row]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, help="an existing repository")
    parser.add_argument("--domain", default=DOMAIN, help="the domain counted (with REPO)")
    parser.add_argument("--commits", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reciprocity-bench-") as scratch:
        path, domain, expected = args.path, args.domain, None
        if path is None:
            path, expected = generated_repo(Path(scratch), args.commits)
            domain = DOMAIN
        figures = measure(path, domain, args.repeat)
    wrong = wrong_totals(figures, expected) if expected is not None else ""
    if wrong:
        print(wrong)
        return 1
    if expected is not None:
        commits, added, removed, _ = figures.totals
        print(f"totals checked against the generator: {commits:,} commits, +{added:,} -{removed:,}")
    print(f"\n| run | best of {args.repeat} | ratio |")
    print("|---|---:|---:|")
    print(f"| floor: `git log --format=%ae` | {figures.floor:.2f} s | 1.00x |")
    print(
        f"| `reciprocity contributions --identity @{domain}` | {figures.ours:.2f} s "
        f"| {figures.ratio:.2f}x |"
    )
    met = figures.ratio <= TARGET_RATIO
    print(f"\ntarget <= {TARGET_RATIO:.0f}x: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
