"""Code contributions counted from a real git history settle a licence's `contribute code`."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from reciprocity.cli import main

DECLARATION = """\
version: 1
organisation:
  name: Acme Logistique SAS
  form: company
  identities: ["@acme.example"]
period: 2026
uses:
  - component: parity-lib
    licence: Parity-7.0.0
    purposes: [internal]
    since: 2026-03-01
    upstream: upstream
"""


def _commit(repository: Path, email: str, day: str, name: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Someone",
        "GIT_AUTHOR_EMAIL": email,
        "GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00",
        "GIT_COMMITTER_NAME": "Someone",
        "GIT_COMMITTER_EMAIL": email,
        "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00",
    }
    (repository / name).write_text(f"{name}\n")
    subprocess.run(["git", "add", name], cwd=repository, check=True, env=env)
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "commit", "-qm", name],
        cwd=repository,
        check=True,
        env=env,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=upstream, check=True)
    _commit(upstream, "maintainer@commons.example", "2025-05-01", "a.txt")
    (tmp_path / "reciprocity.yml").write_text(DECLARATION)
    return tmp_path


def _verdict(project: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        ["audit", str(project / "reciprocity.yml"), "--as-of", "2026-11-22", "--format", "json"],
        catch_exceptions=False,
    )
    use = json.loads(result.stdout)["uses"][0]
    return result.exit_code, next(f for f in use["findings"] if f["rule"] == "copyleft")["verdict"]


def test_without_commits_by_the_organisation_code_is_owed(project: Path) -> None:
    assert _verdict(project) == (1, "owes")


def test_commits_by_the_organisation_in_the_period_settle_it(project: Path) -> None:
    _commit(project / "upstream", "dev@ACME.example", "2026-04-02", "b.txt")
    assert _verdict(project) == (0, "settled")


def test_commits_outside_the_period_do_not(project: Path) -> None:
    _commit(project / "upstream", "dev@acme.example", "2025-12-31", "b.txt")
    assert _verdict(project) == (1, "owes")


def test_the_due_date_is_since_plus_the_delay(project: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["audit", str(project / "reciprocity.yml"), "--as-of", "2026-11-22", "--format", "json"],
    )
    finding = json.loads(result.stdout)["uses"][0]["findings"]
    copyleft = next(f for f in finding if f["rule"] == "copyleft")
    assert copyleft["due"] == (dt.date(2026, 3, 1) + dt.timedelta(days=30)).isoformat()
