"""What git knows about a repository: its files, its submodules, and who wrote its history.

This is the only module that imports GitPython. It is imported lazily, so a missing ``git``
executable only means the scan walks the folder instead (and that contributions cannot be
counted, which :func:`count_contributions` says in a :class:`RepositoryError`).
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any, NoReturn

from reciprocity.errors import RepositoryError, SourceError
from reciprocity.history import AuthorTotals, History, identity_matcher, parse_identities

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


def _gitpython() -> Any:
    """GitPython, imported so that a missing git executable fails each command, not the import.

    GitPython refuses to be imported without git unless told to stay quiet; every function
    here imports it through this one, so the first use decides.
    """
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
    import git

    return git


def _git(root: Path) -> Any:
    return _gitpython().Git(str(root))


def _run(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    git = _gitpython()
    try:
        return str(_git(root).execute(["git", *args], strip_newline_in_stdout=False, env=env))
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


def git_missing(root: Path) -> bool:
    """Whether ``root`` lies in a git repository that git is not installed to read."""
    start = root.resolve()
    if not any((folder / ".git").exists() for folder in (start, *start.parents)):
        return False
    try:
        _run(root, "--version")
    except GitUnavailable as error:
        return str(error) == "git is not installed"
    return False


def is_bare(root: Path) -> bool:
    """Whether ``root`` is a bare repository itself (not a folder inside one)."""
    try:
        answer = _run(root, "rev-parse", "--is-bare-repository", "--absolute-git-dir").split()
    except GitUnavailable:
        return False
    return answer[:1] == ["true"] and len(answer) == 2 and Path(answer[1]) == root.resolve()


@contextmanager
def head_of_bare(root: Path) -> Iterator[tuple[Path, str] | None]:
    """The files of a bare repository's HEAD, checked out to a temporary folder, with the
    commit; None when the repository has no commit yet."""
    try:
        commit = _run(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").strip()
    except GitUnavailable:
        commit = ""
    if not commit:
        yield None
        return
    # The copy is named like the repository, because the scan names a tree after its folder.
    name = root.resolve().name or "repository"
    with _checked_out(root, commit, name, "HEAD", root.as_posix()) as copy:
        yield copy, commit


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


# One line per commit: its id, its parents, the author's calendar day in the author's own time
# zone, and the author's address after .mailmap (%aE). None of them can hold a NUL.
_LOG_FORMAT = "%H%x00%P%x00%ad%x00%aE"
# Changed lines of each commit fed on stdin, against its parent (or the empty tree for a root).
# Renames are found whatever diff.renames says, and submodule updates are not lines.
_NUMSTAT = (
    "diff-tree",
    "--stdin",
    "-r",
    "--root",
    "-M",
    "--numstat",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--ignore-submodules=all",
)


def count_contributions(
    path: Path,
    identities: Sequence[str],
    since: date | None = None,
    until: date | None = None,
) -> History:
    """Count the commits and changed lines of ``identities`` in the history of ``HEAD``.

    An identity is an email domain written ``@acme.example`` (any address at exactly that
    domain, not its subdomains) or a full address, both compared without regard to (ASCII)
    case, with the author address that ``.mailmap`` gives. ``since`` and ``until`` are
    inclusive calendar days of the author date, in the author's own time zone. Merge commits
    count as commits but add no lines (their lines were counted in the commits they merge);
    binary files count no lines; a rename counts only the lines it changes; a submodule update
    counts no lines. A repository with no commit yet has zero totals; a bare repository is read
    like any other.

    The history is streamed: one ``git log``, whose ``--author`` filter skips most other
    authors' commits inside git, lists the matching ones; only those are fed, as they are found,
    to one ``git diff-tree --stdin --numstat`` that runs alongside and is read by a second
    thread. The time is that of ``git log`` plus, at worst, diffing the matching commits.

    Raises :class:`SourceError` for an invalid identity or an empty period, and
    :class:`RepositoryError` when ``path`` is missing, is not a git repository, is a shallow
    clone (its history is incomplete), or git is not installed.
    """
    if isinstance(identities, str):
        identities = (identities,)
    try:
        wanted = parse_identities(identities)
    except ValueError as error:
        raise SourceError(str(error)) from None
    if since is not None and until is not None and since > until:
        raise SourceError(f"the first day counted, {since}, is after the last, {until}")
    head = _head(path)
    if head is None:
        return History(
            identities=wanted, since=since, until=until, commits=0, added=0, removed=0, authors=()
        )
    matches = identity_matcher(wanted)
    first = since.isoformat().encode() if since else b""
    last = until.isoformat().encode() if until else b"\xff"
    seen: dict[bytes, str | None] = {}  # address as git prints it -> lower case if it matches
    commits: dict[str, int] = {}
    author_of: dict[bytes, str] = {}  # a matching commit that is not a merge -> its author
    changed: dict[bytes, list[int]] = {}  # filled by the reader thread: commit -> [added, removed]
    failures: list[BaseException] = []
    log_args = (
        *("-c", "log.showSignature=false", "log", "--use-mailmap", "--date=short"),
        *("--regexp-ignore-case", "--basic-regexp", *_author_patterns(wanted)),
        *(f"--format={_LOG_FORMAT}", head, "--"),
    )
    with (
        _process(path, log_args) as log,
        _process(path, _NUMSTAT, feed=True) as diff,
    ):
        reader = threading.Thread(
            target=_read_numstat, args=(diff.stdout, changed, failures), daemon=True
        )
        reader.start()
        feed = diff.stdin
        try:
            for line in log.stdout:
                commit, parents, day, address = line.rstrip(b"\n").split(b"\0")
                if not first <= day <= last:
                    continue
                try:
                    author = seen[address]
                except KeyError:
                    text = address.decode("utf-8", "replace")
                    author = seen[address] = text.lower() if matches(text) else None
                if author is None:
                    continue
                commits[author] = commits.get(author, 0) + 1
                if b" " not in parents:
                    author_of[commit] = author
                    feed.write(commit + b"\n")
            feed.close()
        except BrokenPipeError:
            _wait(diff, path)
            raise RepositoryError(str(path), "git diff-tree stopped early") from None
        _wait(log, path)
        reader.join()
        _wait(diff, path)
    if failures:
        raise failures[0]
    added: dict[str, int] = {}
    removed: dict[str, int] = {}
    for commit, (plus, minus) in changed.items():
        author = author_of[commit]
        added[author] = added.get(author, 0) + plus
        removed[author] = removed.get(author, 0) + minus
    authors = tuple(
        AuthorTotals(email, commits[email], added.get(email, 0), removed.get(email, 0))
        for email in sorted(commits)
    )
    return History(
        identities=wanted,
        since=since,
        until=until,
        commits=sum(a.commits for a in authors),
        added=sum(a.added for a in authors),
        removed=sum(a.removed for a in authors),
        authors=authors,
    )


def _author_patterns(identities: Sequence[str]) -> list[str]:
    """``--author`` options that let git itself skip most other authors' commits.

    git matches them, after ``.mailmap``, against ``Name <address>``; the address is then
    checked again exactly, so these only need to let through every commit that matches.
    """
    patterns = []
    for identity in identities:
        escaped = "".join(f"\\{c}" if c in "\\.[]*^$" else c for c in identity)
        patterns.append(
            f"--author={escaped}>" if identity.startswith("@") else f"--author=<{escaped}>"
        )
    return patterns


def _head(path: Path) -> str | None:
    """The commit HEAD names, or None before the first commit; raise RepositoryError."""
    git = _gitpython()
    if not path.exists():
        raise RepositoryError(str(path), "the folder does not exist")
    if not path.is_dir():
        raise RepositoryError(str(path), "it is not a folder")
    args = ("rev-parse", "--is-shallow-repository", "--verify", "--quiet", "HEAD^{commit}")
    try:
        status, out, err = _git(path).execute(
            ["git", *args], with_extended_output=True, with_exceptions=False
        )
    except git.exc.GitCommandNotFound as error:
        raise RepositoryError(str(path), "git is not installed (or not on the PATH)") from error
    lines = str(out).split()
    if status == 1 and lines == ["false"]:
        return None
    if status != 0 or len(lines) != 2:
        if "not a git repository" in str(err):
            raise RepositoryError(str(path), "it is not a git repository")
        raise RepositoryError(str(path), _reason(str(err)) or f"git rev-parse exited {status}")
    if lines[0] == "true":
        raise RepositoryError(
            str(path),
            "it is a shallow clone, so its history is incomplete; "
            "run `git fetch --unshallow` in it first",
        )
    return lines[1]


@contextmanager
def _process(
    root: Path, args: Sequence[str], *, feed: bool = False, env: dict[str, str] | None = None
) -> Iterator[Any]:
    """Run git in ``root`` with piped output (and input when ``feed``); kill it if left early.

    ``env`` adds to the environment."""
    git = _gitpython()
    try:
        process = _git(root).execute(
            ["git", *args], as_process=True, istream=subprocess.PIPE if feed else None, env=env
        )
    except git.exc.GitCommandNotFound as error:
        raise RepositoryError(str(root), "git is not installed (or not on the PATH)") from error
    proc = process.proc
    try:
        yield process
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def _wait(process: Any, root: Path) -> None:
    """Wait for a git process to end; raise RepositoryError with git's reason if it failed."""
    git = _gitpython()
    try:
        process.wait()
    except git.exc.GitCommandError as error:
        reason = _reason(str(error.stderr)) or f"git exited {error.status}"
        raise RepositoryError(str(root), reason) from error


def _reason(stderr: str) -> str:
    return _first_line(stderr).removeprefix("fatal: ").removeprefix("error: ")


def _read_numstat(
    stream: IO[bytes], changed: dict[bytes, list[int]], failures: list[BaseException]
) -> None:
    """Add up ``git diff-tree --stdin --numstat`` output per commit (binary files are ``-``)."""
    try:
        totals = [0, 0]
        for line in stream:
            plus, tab, rest = line.partition(b"\t")
            if not tab:  # the commit id that heads its changed files
                totals = changed.setdefault(line.rstrip(), [0, 0])
            elif plus != b"-":
                totals[0] += int(plus)
                totals[1] += int(rest.partition(b"\t")[0])
    except BaseException as error:  # handed to the main thread, which raises it
        failures.append(error)


@dataclass(frozen=True)
class RevisionTree:
    """A repository's files as they were at a revision, copied to a temporary folder."""

    top: Path
    """The repository's top-level folder (the real one)."""
    copy: Path
    """Its copy at the revision."""

    def counterpart(self, path: Path) -> Path | None:
        """Where ``path``, a file or folder of the repository, lies in the copy; None when
        ``path`` is outside the repository."""
        try:
            return self.copy / path.resolve().relative_to(self.top)
        except ValueError:
            return None


@contextmanager
def tree_at(path: Path, revision: str) -> Iterator[RevisionTree]:
    """The repository around ``path`` as it was at ``revision``, checked out to a temporary copy.

    The files are what the commit holds, byte for byte (``export-ignore`` does not apply, no
    filter or line-ending conversion either, links stay links), written without touching the
    repository; the copy is removed on exit. It sits in a folder named like the
    repository's own, because the scan names a tree after it. Raises RepositoryError when
    ``path`` is not in a work tree or the revision is unknown.
    """
    shown = path.as_posix()
    try:
        top = Path(_run(path, "rev-parse", "--show-toplevel").strip()).resolve()
    except GitUnavailable as error:
        raise RepositoryError(shown, f"it is not in a git work tree ({error})") from error
    try:
        commit = _run(path, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()
    except GitUnavailable:
        commit = ""
    if not commit:
        raise RepositoryError(
            shown,
            f"the revision '{revision}' is not in this clone; fetch it first (in GitHub "
            "Actions, actions/checkout with fetch-depth: 0)",
        )
    with _checked_out(top, commit, top.name or "repository", revision, shown) as copy:
        yield RevisionTree(top=top, copy=copy)


@contextmanager
def _checked_out(
    repository: Path, commit: str, name: str, revision: str, shown: str
) -> Iterator[Path]:
    """The files of ``commit`` written to a temporary folder called ``name``; removed on exit.

    The repository may be a stranger's, and its configuration with it: nothing that git would
    run while checking out (filter drivers and Git LFS smudging chosen by ``.gitattributes``,
    hooks) may run. So the blobs are written raw, as the commit stores them: ``git ls-tree``
    lists the commit and one ``git cat-file --batch`` reads every blob, neither of which
    applies attributes, and the repository is not touched. Links stay links (the scan does not
    follow one out of the tree), executable files stay executable, submodules are empty
    folders, and a path that could leave the copy or write a ``.git`` in it is refused, as git
    itself would refuse it.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="reciprocity-") as folder:
        copy = Path(folder) / name
        copy.mkdir()
        try:
            listing = _run(
                repository, "ls-tree", "-r", "-z", "--full-tree", commit, env=_NO_LAZY_FETCH
            )
            blobs: list[tuple[str, str, str]] = []  # (mode, id, path)
            for entry in listing.split("\0"):
                if not entry:
                    continue
                meta, _, path = entry.partition("\t")
                mode, kind, sha = meta.split(" ")
                if mode == GITLINK_MODE:
                    _folders_to(copy, path).mkdir()
                elif kind == "blob" and mode in _WRITTEN_MODES:
                    blobs.append((mode, sha, path))
            if blobs:
                _write_blobs(repository, copy, blobs)
        except (GitUnavailable, _Refused) as error:
            raise RepositoryError(shown, f"cannot check out {revision}: {error}") from None
        except OSError as error:
            reason = error.strerror or str(error)
            raise RepositoryError(shown, f"cannot check out {revision}: {reason}") from None
        yield copy


# Lazy fetching of missing objects (a partial clone) would run the repository's transport.
_NO_LAZY_FETCH = {"GIT_NO_LAZY_FETCH": "1"}
_WRITTEN_MODES = ("100644", "100755", SYMLINK_MODE)
# Blobs asked for at once: their ids (41 or 65 bytes a line) fit in any pipe's buffer, so
# writing them never waits on cat-file, which may be waiting on us to read what it printed.
_BATCH = 32
_CHUNK = 1 << 20
_LONGEST_LINK = 4096


class _Refused(Exception):
    """The commit cannot be written to the copy; the message says why."""


def _folders_to(copy: Path, path: str) -> Path:
    """Where ``path``, from a tree, goes in ``copy``, once the folders leading to it are made.

    Raises _Refused for a path that could end outside ``copy`` or in a ``.git``: absolute,
    with an empty, ``.`` or ``..`` part, or through a folder that is a link.
    """
    parts = path.split("/")
    others = [sep for sep in (os.sep, os.altsep) if sep and sep != "/"]
    if any(
        part in ("", ".", "..") or part.lower() == ".git" or any(sep in part for sep in others)
        for part in parts
    ):
        raise _Refused(f"invalid path {path!r}")
    folder = copy
    for part in parts[:-1]:
        folder = folder / part
        try:
            folder.mkdir()
        except FileExistsError:
            if folder.is_symlink() or not folder.is_dir():
                raise _Refused(f"invalid path {path!r}") from None
    return copy / path


def _write_blobs(repository: Path, copy: Path, blobs: list[tuple[str, str, str]]) -> None:
    """Write ``blobs`` (mode, id, path) under ``copy`` as one ``git cat-file --batch`` reads
    them: raw, without filters or conversions; large ones are streamed to disk."""
    with _process(repository, ("cat-file", "--batch"), feed=True, env=_NO_LAZY_FETCH) as git:
        for start in range(0, len(blobs), _BATCH):
            batch = blobs[start : start + _BATCH]
            try:
                git.stdin.write(b"".join(sha.encode("ascii") + b"\n" for _, sha, _ in batch))
                git.stdin.flush()
            except BrokenPipeError:
                _failed(git)
            for mode, sha, path in batch:
                header = git.stdout.readline()
                if not header:
                    _failed(git)
                fields = header.split()
                if len(fields) != 3 or fields[1] != b"blob":
                    raise _Refused(f"the blob {sha} of {path!r} is missing")
                _write_one(git.stdout, int(fields[2]), _folders_to(copy, path), mode)
                if git.stdout.read(1) != b"\n":
                    _failed(git)
        git.stdin.close()
        _wait(git, repository)


def _failed(git: Any) -> NoReturn:
    """git cat-file ended before it printed all: raise _Refused with git's reason (its fatal
    error rather than a warning before it, such as that of a partial clone's missing blob)."""
    exc = _gitpython().exc
    try:
        git.wait()
    except exc.GitCommandError as error:
        stderr = str(error.stderr)
        fatal = [line for line in stderr.splitlines() if "fatal: " in line]
        raise _Refused(_reason(fatal[-1] if fatal else stderr) or "git cat-file failed") from None
    raise _Refused("git cat-file stopped early")


def _write_one(stream: IO[bytes], size: int, target: Path, mode: str) -> None:
    """Copy the next ``size`` bytes of ``stream`` to ``target``, a file or a link."""
    if mode == SYMLINK_MODE:
        # A target git could not have written (too long, with a NUL) is no link at all.
        link = _read_exactly(stream, min(size, _LONGEST_LINK))
        _skip(stream, size - len(link))
        if size <= _LONGEST_LINK and b"\0" not in link:
            os.symlink(link, os.fsencode(target))
        return
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(target, flags, 0o777 if mode == "100755" else 0o666)
    except FileExistsError:  # twice in one tree
        raise _Refused(f"invalid path {target.name!r}") from None
    with open(handle, "wb") as file:
        left = size
        while left:
            chunk = _read_exactly(stream, min(left, _CHUNK))
            file.write(chunk)
            left -= len(chunk)


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size) if size else b""
    if len(data) != size:
        raise _Refused("git cat-file stopped early")
    return data


def _skip(stream: IO[bytes], size: int) -> None:
    while size > 0:
        size -= len(_read_exactly(stream, min(size, _CHUNK)))
