"""``check --base REF``: only what the changes since REF bring, on a real git history.

The repository is Acme's (``tests/data/reports/acme``) in two commits: the first without the
``atelier/routing`` dependency (PolyForm Noncommercial) and without the Lyon training, the
second as it is now. The CoopCycle use is forbidden in both, so it is not the change's doing.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reciprocity.cli import main
from tests.report.conftest import ACME
from tests.scan.repos import git

AS_OF = ["--as-of", "2026-11-22"]


def _without_routing(lock: str) -> str:
    data = json.loads(lock)
    data["packages"] = [p for p in data["packages"] if p["name"] != "atelier/routing"]
    return json.dumps(data, indent=4) + "\n"


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "acme"
    shutil.copytree(ACME, repo)
    lock = (repo / "composer.lock").read_text(encoding="utf-8")
    declaration = (repo / "reciprocity.yml").read_text(encoding="utf-8")
    lyon = "      - {client: Métropole de Lyon, date: 2026-09-03, amount: 3000 EUR}\n"
    assert lyon in declaration
    (repo / "composer.lock").write_text(_without_routing(lock), encoding="utf-8")
    (repo / "reciprocity.yml").write_text(declaration.replace(lyon, ""), encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "before")
    (repo / "composer.lock").write_text(lock, encoding="utf-8")
    (repo / "reciprocity.yml").write_text(declaration, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "add atelier/routing and the Lyon training")
    monkeypatch.chdir(repo)
    return repo


def _check(runner: CliRunner, *args: str) -> tuple[int, dict[str, Any], str]:
    result = runner.invoke(main, ["check", *args, "--format", "json", *AS_OF])
    data = json.loads(result.stdout) if result.stdout else {}
    return result.exit_code, data, result.stderr


def test_only_what_the_change_brings_is_reported(runner: CliRunner, history: Path) -> None:
    code, data, stderr = _check(runner, "--base", "HEAD~1")
    assert code == 1, stderr
    uses = {u["component"]: u for u in data["uses"]}
    assert sorted(uses) == ["atelier/routing", "guide-coursier"]
    assert uses["atelier/routing"]["verdict"] == "needs-info"
    assert uses["atelier/routing"]["change"] == {"new": True, "verdict": None, "balance": None}
    assert uses["atelier/routing"]["location"] == {"path": "composer.lock", "line": 13}
    owing = uses["guide-coursier"]
    assert owing["verdict"] == "owes"
    assert owing["balance"] == {"value": "520.00", "currency": "EUR"}
    assert owing["change"] == {
        "new": False,
        "verdict": "owes",
        "balance": {"value": "400.00", "currency": "EUR"},
    }
    assert data["base"] == "HEAD~1"
    assert stderr.strip().endswith("Since HEAD~1: 1 use owes 520.00 EUR; 1 needs information.")


def test_an_unchanged_tree_brings_nothing(runner: CliRunner, history: Path) -> None:
    code, data, stderr = _check(runner, "--base", "HEAD")
    assert code == 0, stderr
    assert data["uses"] == []
    assert stderr.strip().endswith("Since HEAD: no use under a reciprocity licence.")


def test_the_whole_check_still_sees_everything(runner: CliRunner, history: Path) -> None:
    code, data, _ = _check(runner)
    assert code == 1
    assert len(data["uses"]) == 6


def test_a_dependency_removed_is_a_note(runner: CliRunner, history: Path) -> None:
    git(history, "revert", "--no-edit", "HEAD")
    code, data, stderr = _check(runner, "--base", "HEAD~1")
    assert code == 0, stderr
    assert data["uses"] == []
    assert data["notes"] == [
        "guide-coursier (LicenseRef-Contributive-Commons): owes 520.00 EUR at HEAD~1, "
        "now owes 400.00 EUR",
        "atelier/routing (PolyForm-Noncommercial-1.0.0): reported at HEAD~1, no longer reported",
    ]


def test_an_unknown_base_says_how_to_fetch_it(runner: CliRunner, history: Path) -> None:
    result = runner.invoke(main, ["check", "--base", "origin/nowhere", *AS_OF])
    assert result.exit_code == 2
    assert result.stderr == (
        "cannot read the history of .: the revision 'origin/nowhere' is not in this clone; "
        "fetch it first (in GitHub Actions, actions/checkout with fetch-depth: 0)\n"
    )
    assert result.stdout == ""


def test_a_base_needs_a_git_work_tree(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copytree(ACME, tmp_path / "plain")
    result = runner.invoke(main, ["check", str(tmp_path / "plain"), "--base", "main", *AS_OF])
    assert result.exit_code == 2
    assert re.fullmatch(
        r"cannot read the history of .*plain: it is not in a git work tree \(.*\)\n",
        result.stderr,
    ), result.stderr


def test_a_base_that_cannot_be_evaluated_counts_as_declaring_nothing(
    runner: CliRunner, history: Path
) -> None:
    declaration = history / "reciprocity.yml"
    good = declaration.read_text(encoding="utf-8")
    broken = good.replace("licence: LicenseRef-CoopCycle", "licence: LicenseRef-Nope")
    declaration.write_text(broken, encoding="utf-8")
    git(history, "commit", "-q", "-am", "a licence nobody has heard of")
    declaration.write_text(good, encoding="utf-8")
    code, data, stderr = _check(runner, "--base", "HEAD")
    assert code == 1, stderr
    assert data["notes"][0] == (
        "The declaration at HEAD could not be evaluated (reciprocity.yml:15: uses[0].licence: "
        "'LicenseRef-Nope' is not a reciprocity licence of the catalogue); every use it "
        "declares now counts as new"
    )
    forbidden = [u for u in data["uses"] if u["verdict"] == "forbidden"]
    assert [u["component"] for u in forbidden] == ["coopcycle-web"]


def test_two_uses_of_one_commons_are_matched_in_order(runner: CliRunner, history: Path) -> None:
    declaration = history / "reciprocity.yml"
    text = declaration.read_text(encoding="utf-8")
    again = (
        "  - component: atlas\n"
        "    licence: LicenseRef-Contributive-Commons\n"
        "    code-social: open-brand\n"
        "    purposes: [commercial, prestation]\n"
        "    since: 2026-02-01\n"
        "    prestations:\n"
        "      - {client: Ville de Roubaix, date: 2026-10-02, amount: 1000 EUR}\n"
    )
    declaration.write_text(text.replace("contributions:\n", again + "contributions:\n"), "utf-8")
    git(history, "commit", "-q", "-am", "a second use of the atlas")
    code, data, stderr = _check(runner, "--base", "HEAD")
    assert code == 0, stderr
    assert data["uses"] == []


def test_a_declaration_at_the_repository_root_is_read_at_the_base(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "mono"
    shutil.copytree(ACME, repo / "app")
    (repo / "app" / "reciprocity.yml").rename(repo / "reciprocity.yml")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    declaration = repo / "reciprocity.yml"
    text = declaration.read_text(encoding="utf-8")
    unpaid = "  - {to: guide-coursier, kind: money, amount: 800 EUR, date: 2026-05-01}\n"
    assert unpaid in text
    declaration.write_text(text.replace(unpaid, ""), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "the 800 EUR were never paid")
    monkeypatch.chdir(repo)
    code, data, stderr = _check(
        runner, "app", "--declaration", "reciprocity.yml", "--base", "HEAD~1"
    )
    assert code == 1, stderr
    (owing,) = data["uses"]
    assert owing["component"] == "guide-coursier"
    assert owing["balance"] == {"value": "1320.00", "currency": "EUR"}


def test_the_base_is_the_commit_not_its_export(runner: CliRunner, history: Path) -> None:
    (history / ".gitattributes").write_text("vendor/ export-ignore\n", encoding="utf-8")
    git(history, "add", ".gitattributes")
    git(history, "commit", "-q", "-m", "keep vendor out of archives")
    code, data, stderr = _check(runner, "--base", "HEAD")
    assert code == 0, stderr
    assert data["uses"] == []
