"""The files of a tree, listed by git or by a walk, and read safely.

Safety first: a symlink is never followed out of the tree (nor into a loop), binary files are
recognised and skipped, no file is read past a cap, and a file that cannot be read becomes a
problem in the report rather than an error.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reciprocity.files import read_up_to
from reciprocity.inventory import Problem
from reciprocity.scan import gitrepo

MAX_BYTES = 16 * 1024 * 1024
"""The most read of one file; lockfiles of large monorepos stay well under it."""
BINARY_SNIFF = 8192

# Folders a walk never enters: version control data, and installed dependencies, whose
# metadata the scan reads directly instead of walking thousands of files.
_NEVER_WALKED = {".git", ".hg", ".svn", "__pycache__"}
INSTALLED = "node_modules"


@dataclass
class Tree:
    """The files of one tree (the scanned root or a checked-out submodule)."""

    root: Path
    files: list[str]
    """Relative POSIX paths, sorted; symlinks leaving the tree already removed."""
    walker: str
    gitlinks: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def list_tree(root: Path) -> Tree:
    """List the files under ``root``: git's view of a work tree, else a walk.

    Symbolic links are never read: one whose target is in the tree is read at the target's own
    path; one leaving the tree is a problem. Git lists paths, not what is on disk now, so a
    folder that has since become a link out of the tree is dropped too.
    """
    if gitrepo.is_work_tree(root):
        try:
            listing = gitrepo.list_work_tree(root)
        except gitrepo.GitUnavailable as error:
            tree = _walk(root)
            tree.problems.append(Problem("", f"git could not list the files ({error}); walked"))
            return tree
        problems: list[Problem] = []
        escaped = _folders_leaving(root, listing.files)
        files = []
        for relative in listing.files:
            folder = relative.rsplit("/", 1)[0] if "/" in relative else ""
            if folder in escaped:
                continue
            if relative in listing.symlinks:
                _check_link(root, relative, problems)
                continue
            files.append(relative)
        for folder in sorted(escaped):
            problems.append(Problem(folder, OUTSIDE))
        return Tree(root, files, "git", dict(listing.gitlinks), problems)
    walked = _walk(root)
    if gitrepo.git_missing(root):
        walked.problems.append(Problem("", NO_GIT))
    return walked


NO_GIT = "git is not installed: the folder was walked, so files git ignores were read too"


OUTSIDE = "symbolic link to a place outside the tree; not followed"


def _folders_leaving(root: Path, files: tuple[str, ...]) -> set[str]:
    """Folders of the listing that resolve outside the tree (one realpath per folder)."""
    folders = {f.rsplit("/", 1)[0] for f in files if "/" in f}
    base = os.path.realpath(root)
    leaving = set()
    for folder in folders:
        target = os.path.realpath(os.path.join(base, folder))
        if not (target == base or target.startswith(base + os.sep)):
            leaving.add(folder)
    return leaving


def link_stays_inside(root: Path, relative: str) -> bool:
    """Whether a symbolic link in the tree points to a place inside it."""
    return _within(root, os.path.realpath(root / relative))


def _check_link(root: Path, relative: str, problems: list[Problem]) -> None:
    if not _within(root, os.path.realpath(root / relative)):
        problems.append(Problem(relative, OUTSIDE))
        return
    try:
        os.stat(root / relative)
    except OSError as error:
        # A link to a missing file is common and harmless; a loop is worth saying.
        if error.errno == errno.ELOOP:
            problems.append(Problem(relative, LOOP))


LOOP = "symbolic link loop; not followed"


def _within(root: Path, target: str) -> bool:
    base = os.path.realpath(root)
    return target == base or target.startswith(base + os.sep)


def _walk(root: Path) -> Tree:
    files: list[str] = []
    problems: list[Problem] = []
    stack = [""]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(
                os.scandir(root / folder) if folder else os.scandir(root), key=lambda e: e.name
            )
        except OSError as error:
            problems.append(Problem(folder or ".", f"folder cannot be read: {error.strerror}"))
            continue
        for entry in entries:
            relative = f"{folder}/{entry.name}" if folder else entry.name
            try:
                if entry.is_symlink():
                    # Links are never followed (loops, doubles); one leaving the tree is said.
                    _check_link(root, relative, problems)
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in _NEVER_WALKED and entry.name != INSTALLED:
                        stack.append(relative)
                elif entry.is_file(follow_symlinks=False):
                    files.append(relative)
            except OSError as error:
                problems.append(Problem(relative, f"cannot be read: {error.strerror}"))
    files.sort()
    return Tree(root, files, "walk", {}, problems)


@dataclass(frozen=True)
class Content:
    """What was read of a file."""

    data: bytes
    truncated: bool
    binary: bool


def read_whole(root: Path, relative: str, limit: int = MAX_BYTES) -> Content | None:
    """A file up to ``limit`` bytes, or None when it is not a regular file."""
    return _read(root, relative, limit)


def _read(root: Path, relative: str, limit: int) -> Content | None:
    # O_NONBLOCK keeps a FIFO that slipped into a tree from blocking the scan; plain os calls
    # rather than pathlib keep the per-file cost near the floor.
    fd = os.open(f"{root}{os.sep}{relative}", _READ_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = read_up_to(fd, limit + 1)
    finally:
        os.close(fd)
    truncated = len(data) > limit
    return Content(data[:limit] if truncated else data, truncated, is_binary(data))


def head_bytes(root: str, relative: str, size: int) -> bytes:
    """The first ``size`` bytes of a file, read with as few calls as Python allows.

    This is the one read most files get, so it skips what :func:`read_whole` adds: ``root``
    is a string, no ``Content`` is built, and the listing already holds regular files only
    (git tracks no devices; the walk keeps ``is_file`` entries). Raises OSError.
    """
    fd = os.open(f"{root}{os.sep}{relative}", _READ_FLAGS)
    try:
        return os.read(fd, size)
    finally:
        os.close(fd)


def is_binary(data: bytes) -> bool:
    """A NUL byte early in a file: what git and grep take for binary."""
    return data.find(b"\0", 0, BINARY_SNIFF) >= 0


# O_NOFOLLOW: a file that became a symbolic link since git listed it is refused, not followed.
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NOFOLLOW", 0)
)


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM), else Latin-1, which never fails."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def installed_packages(root: Path, folder: str = "") -> Iterator[str]:
    """``node_modules/<pkg>`` folders (scoped ``@scope/pkg`` included) directly under ``folder``."""
    base = root / folder / INSTALLED if folder else root / INSTALLED
    if not base.is_dir() or base.is_symlink():
        return
    for entry in sorted(os.listdir(base)):
        if entry.startswith("."):
            continue
        relative = f"{folder}/{INSTALLED}/{entry}" if folder else f"{INSTALLED}/{entry}"
        if entry.startswith("@"):
            for inner in sorted(os.listdir(base / entry)):
                yield f"{relative}/{inner}"
        else:
            yield relative
