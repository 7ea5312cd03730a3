"""Odd and hostile repositories, one recipe each: tests/data/repositories/NAME.toml + NAME.out.

A recipe says how to build the repository and which command to run on it; ``NAME.out`` is
what the command printed (exit code, stdout, stderr). Adding a case needs no code: write the
recipe, run ``pytest --update-goldens``, read the output. A repository oddity is a problem in
the report and the scan goes on; only what makes the command itself impossible is exit 2.
Whatever the recipe, nothing the repository configures may run: a file named ``pwned``
anywhere in the case's temporary folder after the run fails it.

Recipe keys (all optional but ``files``)::

    # What the case shows.
    git = "commit"           # commit (default) | none | init | shallow | bare | bare-empty
    command = "scan"         # scan (default) | contributions | check
    args = ["--format", "json"]     # after the repository's path
    git_installed = false    # run in a process that finds no git on its PATH
    unreadable = ["README.md"]      # files that cannot be opened (permission denied)
    fifos = ["LICENSE"]      # named pipes, made after the commit
    # git config of the built repository (set after it is built, so it is the repository's
    # own, as a stranger's would be); $CASE_TMP is the case's temporary folder, the cwd.
    config = { "filter.x.smudge" = "sh -c 'touch \"$CASE_TMP/pwned\"; cat'" }

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
from reciprocity.errors import RepositoryError
from reciprocity.scan import gitrepo
from tests.conftest import DATA, Golden
from tests.scan.repos import GIT_ENV, TEXTS, git

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
    for key, value in recipe.get("config", {}).items():
        if kind in ("bare", "bare-empty"):
            git(base, f"--git-dir={root}", "config", key, str(value))
        else:
            git(root, "config", key, str(value))
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
    monkeypatch.setenv("CASE_TMP", str(tmp_path))
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
    ran = [Path(folder) / "pwned" for folder, _, names in os.walk(tmp_path) if "pwned" in names]
    assert not ran, "a command the repository configures was run"
    golden.check(
        case.with_suffix(".out"),
        f"$ reciprocity {' '.join(args)}\nexit {code}\n--- stdout\n{stdout}--- stderr\n{stderr}",
    )


def _made(base: Path, blob: str, entries: str) -> Path:
    """A bare repository ``made.git`` whose HEAD is a commit of the tree ``git mktree`` makes
    of ``entries`` (``mode type id<TAB>name`` lines, which may be no tree git would write);
    ``{blob}`` in them is the id of ``blob``, written to the repository, and ``{inner}`` that
    of a tree holding it as ``config``."""
    bare = base / "made.git"
    git(base, "init", "-q", "--bare", str(bare))
    blob_id = _stdin(bare, blob, "hash-object", "-w", "--stdin").strip()
    inner = _stdin(bare, f"100644 blob {blob_id}\tconfig\n", "mktree").strip()
    tree = _stdin(bare, entries.format(blob=blob_id, inner=inner), "mktree").strip()
    git(bare, "update-ref", "HEAD", git(bare, "commit-tree", "-m", "made", tree).strip())
    return bare


def _stdin(folder: Path, text: str, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=folder,
        env={**os.environ, **GIT_ENV},
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_a_checked_out_head_keeps_links_modes_and_bytes(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    _write(
        source,
        {"LICENSE": "MIT\r\n", "run.sh": "#!/bin/sh\n", "deep/er/x.bin": {"hex": "00ff"}},
        {"COPYING": "LICENSE", "out": "../../outside"},
    )
    (source / ".gitattributes").write_text("* text eol=crlf\n", encoding="utf-8")
    (source / "run.sh").chmod(0o755)
    git(source, "init", "-q")
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "fixture")
    git(tmp_path, "clone", "-q", "--bare", str(source), "copied.git")
    with gitrepo.head_of_bare(tmp_path / "copied.git") as head:
        assert head is not None
        copy, commit = head
        assert copy.name == "copied.git"
        assert commit == git(source, "rev-parse", "HEAD").strip()
        assert os.readlink(copy / "COPYING") == "LICENSE"
        assert os.readlink(copy / "out") == "../../outside"
        assert os.access(copy / "run.sh", os.X_OK)
        assert not os.access(copy / "LICENSE", os.X_OK)
        # Stored with LF (``git add`` normalised it); written as stored, not with CRLF.
        assert (copy / "LICENSE").read_bytes() == b"MIT\n"
        assert (copy / "deep/er/x.bin").read_bytes() == b"\x00\xff"
        assert sorted(p.name for p in copy.iterdir()) == [
            ".gitattributes",
            "COPYING",
            "LICENSE",
            "deep",
            "out",
            "run.sh",
        ]
    assert not copy.exists()


def test_a_submodule_is_an_empty_folder(tmp_path: Path) -> None:
    entries = f"160000 commit {'1' * 40}\tvendor\n100644 blob {{blob}}\tLICENSE\n"
    with gitrepo.head_of_bare(_made(tmp_path, "MIT\n", entries)) as head:
        assert head is not None
        copy, _ = head
        assert (copy / "vendor").is_dir()
        assert not any((copy / "vendor").iterdir())
        assert (copy / "LICENSE").read_text(encoding="utf-8") == "MIT\n"


@pytest.mark.parametrize("name", ["..", ".git", ".GIT"])
def test_a_tree_path_out_of_the_copy_or_into_a_git_folder_is_refused(
    tmp_path: Path, name: str
) -> None:
    # What git would refuse to check out: ../config, or a .git/config that would make git run
    # a command when the scan lists the copy.
    config = "[core]\n\tfsmonitor = touch pwned\n"
    bare = _made(tmp_path, config, f"040000 tree {{inner}}\t{name}\n")
    refused = pytest.raises(RepositoryError, match=r"cannot check out HEAD: invalid path '")
    with refused, gitrepo.head_of_bare(bare):
        pass
