"""``reciprocity contributions``: counting an organisation's commits and lines in real repositories.

The main repository is built once with the git command line, fixed authors and dates, and a
committer date far from every author date (so a filter on the wrong date would show):

=====  ==========================  ============================  ================================
 no.    author date                 author                        change (lines added/removed)
=====  ==========================  ============================  ================================
 1      2024-01-10                  alice@acme.example            a.txt 3 lines, .mailmap 1: +4
 2      2024-02-01                  Bob@ACME.example              a.txt one line changed, one
                                                                  added: +2 -1
 3      2024-02-15 00:10 +01:00     carol@home.example (mailmap   b.txt: +2
                                    → carol@acme.example)
 4      2024-03-01                  dave@other.example            c.txt: +5
 5      2024-03-10                  alice@acme.example            logo.bin (binary), a.txt: +1
 6      2024-04-01 23:30 -05:00     alice@acme.example            b.txt renamed docs/b.txt: 0
 7      2024-04-05 (branch side)    erin@partner.example          d.txt: +4
 8      2024-04-06                  bob@acme.example              a.txt: +1
 9      2024-04-10                  alice@acme.example            merge of side: no lines
 10     2024-05-01                  xavier@dev.acme.example       e.txt: +1 (a subdomain)
=====  ==========================  ============================  ================================
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reciprocity.cli.contributions import contributions
from reciprocity.cli.main import ReciprocityGroup
from reciprocity.errors import RepositoryError, SourceError
from reciprocity.history import AuthorTotals, History, parse_identities
from reciprocity.report.contributions import render_json, render_text
from reciprocity.scan.gitrepo import count_contributions

BASE_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_COMMITTER_NAME": "Robot",
    "GIT_COMMITTER_EMAIL": "robot@ci.example",
    "GIT_COMMITTER_DATE": "2030-06-01T12:00:00+00:00",
}
BINARY = bytes(range(256)) * 4


def git(folder: Path, *args: str, author: str = "", when: str = "") -> str:
    env = {**os.environ, **BASE_ENV}
    if author:
        name, _, email = author.partition(" <")
        env.update(
            GIT_AUTHOR_NAME=name,
            GIT_AUTHOR_EMAIL=email.rstrip(">"),
            GIT_AUTHOR_DATE=when if "T" in when else f"{when}T12:00:00+00:00",
        )
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def commit(root: Path, author: str, when: str, files: Mapping[str, str | bytes | None]) -> None:
    """Write (or, for None, delete) files and commit them all as ``author`` on ``when``."""
    for name, content in files.items():
        path = root / name
        if content is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"change by {author}", author=author, when=when)


ALICE = "Alice <alice@acme.example>"
BOB = "Bob <bob@acme.example>"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history") / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    mailmap = "Carol <carol@acme.example> <carol@home.example>\n"
    commit(root, ALICE, "2024-01-10", {"a.txt": "one\ntwo\nthree\n", ".mailmap": mailmap})
    commit(root, "Bob <Bob@ACME.example>", "2024-02-01", {"a.txt": "one\nTWO\nthree\nfour\n"})
    b_text = "first\nsecond\n"
    commit(root, "Carol <carol@home.example>", "2024-02-15T00:10:00+01:00", {"b.txt": b_text})
    commit(root, "Dave <dave@other.example>", "2024-03-01", {"c.txt": "1\n2\n3\n4\n5\n"})
    grown = "one\nTWO\nthree\nfour\nfive\n"
    commit(root, ALICE, "2024-03-10", {"logo.bin": BINARY, "a.txt": grown})
    renamed = {"b.txt": None, "docs/b.txt": b_text}
    commit(root, ALICE, "2024-04-01T23:30:00-05:00", renamed)
    git(root, "checkout", "-q", "-b", "side")
    commit(root, "Erin <erin@partner.example>", "2024-04-05", {"d.txt": "w\nx\ny\nz\n"})
    git(root, "checkout", "-q", "main")
    commit(root, BOB, "2024-04-06", {"a.txt": grown + "six\n"})
    git(root, "merge", "-q", "--no-ff", "-m", "merge side", "side", author=ALICE, when="2024-04-10")
    commit(root, "Xavier <xavier@dev.acme.example>", "2024-05-01", {"e.txt": "e\n"})
    return root


def totals(history: History) -> tuple[int, int, int]:
    return history.commits, history.added, history.removed


# --- the source: count_contributions ---------------------------------------------------------


def test_a_domain_counts_every_address_there_after_mailmap(repo: Path) -> None:
    history = count_contributions(repo, ["@acme.example"])
    assert history.authors == (
        AuthorTotals("alice@acme.example", commits=4, added=5, removed=0),
        AuthorTotals("bob@acme.example", commits=2, added=3, removed=1),
        AuthorTotals("carol@acme.example", commits=1, added=2, removed=0),
    )
    assert totals(history) == (7, 10, 1)
    assert history.identities == ("@acme.example",)
    assert (history.since, history.until) == (None, None)


def test_identities_ignore_case_and_addresses_match_exactly(repo: Path) -> None:
    history = count_contributions(repo, ["@ACME.Example", " Erin@Partner.EXAMPLE "])
    assert history.identities == ("@acme.example", "erin@partner.example")
    assert [a.email for a in history.authors] == [
        "alice@acme.example",
        "bob@acme.example",
        "carol@acme.example",
        "erin@partner.example",
    ]
    assert totals(history) == (8, 14, 1)
    only_bob = count_contributions(repo, ["BOB@acme.example"])
    assert only_bob.authors == (AuthorTotals("bob@acme.example", 2, 3, 1),)
    assert totals(count_contributions(repo, ["bob@acme"])) == (0, 0, 0)


def test_a_domain_is_not_its_subdomains(repo: Path) -> None:
    assert totals(count_contributions(repo, ["@dev.acme.example"])) == (1, 1, 0)
    assert totals(count_contributions(repo, ["@example"])) == (0, 0, 0)


def test_identities_are_literal_not_patterns(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, "Jo <Jo+Git@Acme.example>", "2024-01-01", {"a": "a\n"})
    commit(tmp_path, "Ann <ann@acme-example>", "2024-01-02", {"b": "b\n"})
    commit(tmp_path, "Al <al@acme.example.org>", "2024-01-03", {"c": "c\n"})
    assert totals(count_contributions(tmp_path, ["jo+git@acme.example"])) == (1, 1, 0)
    assert totals(count_contributions(tmp_path, ["jo.git@acme.example"])) == (0, 0, 0)
    assert totals(count_contributions(tmp_path, ["@acme.example"])) == (1, 1, 0)
    assert totals(count_contributions(tmp_path, ["@acme-example"])) == (1, 1, 0)
    assert totals(count_contributions(tmp_path, ["@acme*example", "@acme.example.org"])) == (
        1,
        1,
        0,
    )


def test_the_personal_address_in_mailmap_is_gone(repo: Path) -> None:
    assert totals(count_contributions(repo, ["carol@home.example"])) == (0, 0, 0)
    history = count_contributions(repo, ["carol@acme.example"])
    assert history.authors == (AuthorTotals("carol@acme.example", 1, 2, 0),)


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        # 2024-02-15 00:10 +01:00 is the 14th in UTC; 2024-04-01 23:30 -05:00 the 2nd.
        (date(2024, 2, 15), date(2024, 4, 1), (3, 3, 0)),
        (date(2024, 2, 16), date(2024, 3, 31), (1, 1, 0)),
        (date(2024, 4, 1), date(2024, 4, 1), (1, 0, 0)),  # the rename only
        (date(2024, 3, 10), date(2024, 3, 10), (1, 1, 0)),  # the binary file counts 0
        (date(2024, 4, 10), None, (1, 0, 0)),  # the merge counts, with no lines
        (None, date(2024, 1, 10), (1, 4, 0)),
        (date(2030, 6, 1), None, (0, 0, 0)),  # the committer date is not the author date
    ],
)
def test_since_and_until_are_inclusive_author_days(
    repo: Path, since: date | None, until: date | None, expected: tuple[int, int, int]
) -> None:
    history = count_contributions(repo, ["@acme.example"], since=since, until=until)
    assert totals(history) == expected
    assert (history.since, history.until) == (since, until)


def test_a_bare_clone_has_the_same_history(repo: Path, tmp_path: Path) -> None:
    git(tmp_path, "clone", "-q", "--bare", str(repo), "bare.git")
    history = count_contributions(tmp_path / "bare.git", ["@acme.example"])
    assert history == count_contributions(repo, ["@acme.example"])


def test_an_empty_repository_has_zero_totals(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    history = count_contributions(tmp_path, ["@acme.example"], since=date(2024, 1, 1))
    assert history == History(
        identities=("@acme.example",),
        since=date(2024, 1, 1),
        until=None,
        commits=0,
        added=0,
        removed=0,
        authors=(),
    )


def test_submodule_updates_are_not_lines(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "f.txt").write_text("f\n", encoding="utf-8")
    git(tmp_path, "add", "f.txt")
    gitlink = "160000,0123456789abcdef0123456789abcdef01234567,vendor/lib"
    git(tmp_path, "update-index", "--add", "--cacheinfo", gitlink)
    git(tmp_path, "commit", "-q", "-m", "with a submodule", author=ALICE, when="2024-01-01")
    assert totals(count_contributions(tmp_path, ["@acme.example"])) == (1, 1, 0)


def test_a_folder_that_is_not_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with pytest.raises(RepositoryError) as caught:
        count_contributions(tmp_path, ["@acme.example"])
    assert str(caught.value) == f"cannot read the history of {tmp_path}: it is not a git repository"


def test_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(RepositoryError, match=r"the folder does not exist$"):
        count_contributions(tmp_path / "nowhere", ["@acme.example"])


def test_a_shallow_clone_is_refused(repo: Path, tmp_path: Path) -> None:
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", "shallow")
    with pytest.raises(RepositoryError, match=r"shallow clone.*git fetch --unshallow"):
        count_contributions(tmp_path / "shallow", ["@acme.example"])


def test_without_git(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RepositoryError) as caught:
        count_contributions(repo, ["@acme.example"])
    assert str(caught.value) == (
        f"cannot read the history of {repo}: git is not installed (or not on the PATH)"
    )


def test_bad_identities_and_periods(repo: Path) -> None:
    with pytest.raises(SourceError, match=r"^'acme\.example' is not an identity: write an email "):
        count_contributions(repo, ["acme.example"])
    with pytest.raises(SourceError, match="at least one identity"):
        count_contributions(repo, [])
    with pytest.raises(SourceError, match=r"2024-02-01, is after the last, 2024-01-01$"):
        count_contributions(repo, ["@acme.example"], date(2024, 2, 1), date(2024, 1, 1))
    assert parse_identities(["@A.example", "@a.example", "x@B.example"]) == (
        "@a.example",
        "x@b.example",
    )
    for bad in ("@", "a@", "a@b@c", "jo <jo@a.example>", "jo@a example"):
        with pytest.raises(ValueError, match="is not an identity"):
            parse_identities([bad])


# --- the reports ------------------------------------------------------------------------------

SAMPLE = History(
    identities=("@acme.example", "erin@partner.example"),
    since=date(2024, 2, 1),
    until=None,
    commits=3,
    added=1204,
    removed=7,
    authors=(
        AuthorTotals("alice@acme.example", 1, 4, 0),
        AuthorTotals("erin@partner.example", 2, 1200, 7),
    ),
)


def test_text_report() -> None:
    assert render_text(SAMPLE) == (
        "Contributions by @acme.example, erin@partner.example (from 2024-02-01)\n"
        "3 commits, 1204 lines added, 7 removed\n"
        "\n"
        "author                commits  added  removed\n"
        "alice@acme.example          1      4        0\n"
        "erin@partner.example        2   1200        7\n"
        "\n"
        "Merge commits count as commits but no lines; binary files count no lines.\n"
    )
    empty = History(
        identities=("@acme.example",),
        since=None,
        until=date(2024, 1, 31),
        commits=1,
        added=1,
        removed=0,
        authors=(),
    )
    assert render_text(empty) == (
        "Contributions by @acme.example (until 2024-01-31)\n1 commit, 1 line added, 0 removed\n"
    )


def test_json_report() -> None:
    text = render_json(SAMPLE)
    assert text.endswith("}\n")
    assert text.index('"added"') < text.index('"authors"') < text.index('"schema"')
    assert json.loads(text) == {
        "schema": "reciprocity/contributions/1",
        "identities": ["@acme.example", "erin@partner.example"],
        "since": "2024-02-01",
        "until": None,
        "commits": 3,
        "added": 1204,
        "removed": 7,
        "authors": [
            {"email": "alice@acme.example", "commits": 1, "added": 4, "removed": 0},
            {"email": "erin@partner.example", "commits": 2, "added": 1200, "removed": 7},
        ],
    }


# --- the command --------------------------------------------------------------------------------


@pytest.fixture
def cli() -> click.Group:
    """A group like ``reciprocity``'s, which turns our errors into exit code 2."""
    group = ReciprocityGroup("reciprocity")
    group.add_command(contributions)
    return group


def test_command_json(cli: click.Group, runner: CliRunner, repo: Path) -> None:
    args = [
        "contributions",
        str(repo),
        "--identity",
        "@acme.example",
        "--identity",
        "Erin@partner.example",
    ]
    result = runner.invoke(
        cli, [*args, "--since", "2024-02-01", "--until", "2024-04-06", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "schema": "reciprocity/contributions/1",
        "identities": ["@acme.example", "erin@partner.example"],
        "since": "2024-02-01",
        "until": "2024-04-06",
        "commits": 6,
        "added": 10,
        "removed": 1,
        "authors": [
            {"email": "alice@acme.example", "commits": 2, "added": 1, "removed": 0},
            {"email": "bob@acme.example", "commits": 2, "added": 3, "removed": 1},
            {"email": "carol@acme.example", "commits": 1, "added": 2, "removed": 0},
            {"email": "erin@partner.example", "commits": 1, "added": 4, "removed": 0},
        ],
    }


def test_command_text(cli: click.Group, runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(cli, ["contributions", str(repo), "--identity", "carol@acme.example"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:5] == [
        "Contributions by carol@acme.example (whole history)",
        "1 commit, 2 lines added, 0 removed",
        "",
        "author              commits  added  removed",
        "carol@acme.example        1      2        0",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2024-13-01"], "Invalid value for '--since': '2024-13-01' is not a date"),
        (["--until", "yesterday"], "Invalid value for '--until': 'yesterday' is not a date"),
        (["--since", "2024-02-01", "--until", "2024-01-01"], "--since 2024-02-01 is after"),
    ],
)
def test_command_usage_errors(
    cli: click.Group, runner: CliRunner, repo: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(cli, ["contributions", str(repo), "--identity", "@acme.example", *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_command_needs_a_valid_identity(cli: click.Group, runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(cli, ["contributions", str(repo)])
    assert result.exit_code == 2
    assert "Missing option '--identity'" in result.stderr
    result = runner.invoke(cli, ["contributions", str(repo), "--identity", "acme.example"])
    assert result.exit_code == 2
    assert "'acme.example' is not an identity: write an email domain as '@acme.example'" in (
        result.stderr
    )


def test_command_on_a_folder_that_is_not_a_repository(
    cli: click.Group, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = runner.invoke(cli, ["contributions", str(tmp_path), "--identity", "@acme.example"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"cannot read the history of {tmp_path}: it is not a git repository\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)
