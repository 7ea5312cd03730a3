"""What git knows about a work tree: its files and its submodules.

This is the only module that imports GitPython. It is imported lazily, so a missing ``git``
executable only means the scan walks the folder instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GITLINK_MODE = "160000"
SYMLINK_MODE = "120000"


class GitUnavailable(Exception):
    """Git cannot list this folder; the reason says why, for the report."""


@dataclass(frozen=True)
class Listing:
    """The files git would show for a work tree, relative to the asked folder."""

    files: tuple[str, ...]
    """Tracked files and untracked ones that no ignore rule excludes, sorted."""
    symlinks: frozenset[str]
    gitlinks: dict[str, str]
    """Submodule path → the commit the superproject records."""


@dataclass(frozen=True)
class Submodule:
    """A submodule as ``.gitmodules`` and the index describe it."""

    name: str
    path: str
    url: str
    commit: str | None


def _git(root: Path) -> Any:
    # GitPython refuses to import without a git executable unless told to stay quiet.
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
    try:
        import git
    except ImportError as error:  # pragma: no cover - only without GitPython itself
        raise GitUnavailable(f"GitPython cannot be imported: {error}") from error
    return git.Git(str(root))


def _run(root: Path, *args: str) -> str:
    import git

    try:
        return str(_git(root).execute(["git", *args], strip_newline_in_stdout=False))
    except git.exc.GitCommandNotFound as error:
        raise GitUnavailable("git is not installed") from error
    except git.exc.GitCommandError as error:
        raise GitUnavailable(_first_line(str(error.stderr)) or str(error)) from error


def _first_line(text: str) -> str:
    lines = [line.strip(" '\"") for line in text.strip().splitlines() if line.strip()]
    return lines[0].removeprefix("stderr: ").strip(" '") if lines else ""


def is_work_tree(root: Path) -> bool:
    """Whether ``root`` is inside a git work tree (not a bare repository, not a plain folder)."""
    try:
        return _run(root, "rev-parse", "--is-inside-work-tree").strip() == "true"
    except GitUnavailable:
        return False


def list_work_tree(root: Path) -> Listing:
    """The files of the work tree under ``root``, as git sees them. Raises GitUnavailable."""
    staged = _run(root, "ls-files", "-z", "--stage", "--cached", "--", ".")
    files: set[str] = set()
    symlinks: set[str] = set()
    gitlinks: dict[str, str] = {}
    for entry in staged.split("\0"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        mode, sha, _stage = meta.split(" ")
        if mode == GITLINK_MODE:
            gitlinks[path] = sha
            continue
        if mode == SYMLINK_MODE:
            symlinks.add(path)
        files.add(path)
    others = _run(root, "ls-files", "-z", "--others", "--exclude-standard", "--", ".")
    files.update(p for p in others.split("\0") if p)
    return Listing(tuple(sorted(files)), frozenset(symlinks), gitlinks)


def submodules(root: Path, gitlinks: dict[str, str]) -> list[Submodule]:
    """Submodules named in ``.gitmodules`` or recorded in the index, sorted by path."""
    found: dict[str, Submodule] = {}
    if (root / ".gitmodules").is_file():
        try:
            listing = _run(root, "config", "-f", ".gitmodules", "--null", "--list")
        except GitUnavailable:
            listing = ""
        entries: dict[str, dict[str, str]] = {}
        for item in listing.split("\0"):
            key, _, value = item.partition("\n")
            if not key.startswith("submodule."):
                continue
            name, _, field = key[len("submodule.") :].rpartition(".")
            entries.setdefault(name, {})[field] = value
        for name, fields in entries.items():
            path = fields.get("path", name)
            found[path] = Submodule(name, path, fields.get("url", ""), gitlinks.get(path))
    for path, sha in gitlinks.items():
        if path not in found:
            found[path] = Submodule(path, path, "", sha)
    return [found[p] for p in sorted(found)]
