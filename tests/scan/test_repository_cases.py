"""Odd and hostile repositories, one recipe each: tests/data/repositories/NAME.toml + NAME.out.

A recipe says how to build the repository and which command to run on it; ``NAME.out`` is
what the command printed (exit code, stdout, stderr). Adding a case needs no code: write the
recipe, run ``pytest --update-goldens``, read the output. A repository oddity is a problem in
the report and the scan goes on; only what makes the command itself impossible is exit 2.

Recipe keys (all optional but ``files``)::

    # What the case shows.
    git = "commit"           # commit (default) | none | init | shallow | bare | bare-empty
    command = "scan"         # scan (default) | contributions | check
    args = ["--format", "json"]     # after the repository's path
    git_installed = false    # run in a process that finds no git on its PATH
    unreadable = ["README.md"]      # files that cannot be opened (permission denied)
    fifos = ["LICENSE"]      # named pipes, made after the commit

    [files]                  # written before the commit
    "src/app.py" = "print('hi')\\n"
    "LICENSE" = { text = "mit-example.txt" }     # a text of tests/data/scan/texts
    "logo.png" = { hex = "89504e470d0a1a0a00" }
    "big.log" = { text = "mit-example.txt", size = 40000000 }  # then zeros (sparse),
    "big.json" = { text = "mit-example.txt", size = 30000000, fill = " " }  # or spaces;
                                                              # both after the commit

    [links]                  # symbolic links, committed: name = target
    "loop-a" = "loop-b"
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reciprocity.cli import main
from tests.conftest import DATA, Golden
from tests.scan.repos import TEXTS, git

CASES = sorted((DATA / "repositories").glob("*.toml"))
COMMANDS = {
    "scan": [],
    "contributions": ["--identity", "@example.org"],
    "check": ["--as-of", "2026-11-22"],
}


def _content(spec: str | dict[str, Any]) -> bytes:
    if isinstance(spec, str):
        return spec.encode("utf-8")
    if "hex" in spec:
        return bytes.fromhex(str(spec["hex"]))
    return (TEXTS / str(spec["text"])).read_bytes() if "text" in spec else b""


def _write(root: Path, files: dict[str, Any], links: dict[str, str]) -> None:
    for relative, spec in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_content(spec))
    for relative, target in links.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)


def _sized(root: Path, files: dict[str, Any]) -> None:
    # Written after the commit: git need not hash tens of megabytes, and an untracked file
    # that no ignore rule excludes is listed all the same.
    for relative, spec in files.items():
        if isinstance(spec, dict) and "size" in spec:
            with open(root / relative, "r+b") as handle:
                if "fill" in spec:
                    handle.seek(0, os.SEEK_END)
                    missing = int(spec["size"]) - handle.tell()
                    handle.write(str(spec["fill"]).encode("utf-8") * max(0, missing))
                else:
                    handle.truncate(int(spec["size"]))


def build(recipe: dict[str, Any], base: Path, name: str) -> Path:
    """Build the repository a recipe describes under ``base``; return its path."""
    kind = recipe.get("git", "commit")
    files: dict[str, Any] = recipe.get("files", {})
    links: dict[str, str] = recipe.get("links", {})
    root = base / name
    if kind in ("commit", "init", "none"):
        root.mkdir()
        _write(root, files, links)
        if kind != "none":
            git(root, "init", "-q")
        if kind == "commit":
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "fixture")
    elif kind == "bare-empty":
        root.mkdir()
        git(root, "init", "-q", "--bare")
    else:
        source = base / f"{name}-source"
        source.mkdir()
        _write(source, files, links)
        git(source, "init", "-q")
        git(source, "add", "-A")
        git(source, "commit", "-q", "-m", "first")
        (source / "CHANGELOG.md").write_text("# Changes\n", encoding="utf-8")
        git(source, "add", "-A")
        git(source, "commit", "-q", "-m", "second")
        if kind == "shallow":
            git(base, "clone", "-q", "--depth", "1", source.resolve().as_uri(), name)
        else:
            git(base, "clone", "-q", "--bare", str(source), name)
    if kind not in ("bare", "bare-empty"):
        _sized(root, files)
        for relative in recipe.get("fifos", []):
            os.mkfifo(root / relative)
    return root


def _without_git(base: Path, args: list[str]) -> tuple[int, str, str]:
    """Run the CLI in a process whose PATH is an empty folder: no git to be found."""
    folder = base / "empty-bin"
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_PYTHON")}
    env["PATH"] = str(folder)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    done = subprocess.run(
        [sys.executable, "-m", "reciprocity", *args],
        cwd=base,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def _refusing(unreadable: list[str]) -> Any:
    real_open = os.open

    def refusing(path: str, flags: int, *args: int, **kwargs: Any) -> int:
        if any(str(path).endswith(f"/{relative}") for relative in unreadable):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    return refusing


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_repository_case(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, golden: Golden
) -> None:
    recipe = tomllib.loads(case.read_text(encoding="utf-8"))
    build(recipe, tmp_path, case.stem)
    command = recipe.get("command", "scan")
    args = [command, case.stem, *COMMANDS[command], *recipe.get("args", [])]
    monkeypatch.chdir(tmp_path)
    if recipe.get("git_installed", True):
        monkeypatch.setattr(os, "open", _refusing(recipe.get("unreadable", [])))
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        code, stdout, stderr = result.exit_code, result.stdout, result.stderr
    else:
        code, stdout, stderr = _without_git(tmp_path, args)
    assert "Traceback" not in stderr
    assert code in (0, 1, 2)
    golden.check(
        case.with_suffix(".out"),
        f"$ reciprocity {' '.join(args)}\nexit {code}\n--- stdout\n{stdout}--- stderr\n{stderr}",
    )
