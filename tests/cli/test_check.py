"""The evaluation commands through the CLI: check, audit, quote and ledger.

Reports are golden files (one file is one test); invalid declarations live as data, each
beside the exact message it must give, so a new case needs no code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reciprocity.cli import main
from tests.conftest import DATA, Golden
from tests.recipes import case_name, case_stem, is_recipe, write_case

ROOT = DATA.parent.parent
AS_OF = ["--as-of", "2026-11-22"]
INVALID_FOLDER = DATA / "declarations" / "invalid"
INVALID = sorted([*INVALID_FOLDER.glob("*.yml"), *INVALID_FOLDER.glob("*.yml.toml")])
EXAMPLES = DATA / "examples"


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


def _run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("name", "args", "code"),
    [
        ("cooperative.txt", ["check", "examples/coopcycle/cooperative"], 0),
        ("cooperative.fr.txt", ["check", "examples/coopcycle/cooperative", "--lang", "fr"], 0),
        ("platform.txt", ["check", "examples/coopcycle/platform"], 1),
        ("platform.fr.txt", ["check", "examples/coopcycle/platform", "--lang", "fr"], 1),
        ("platform.json", ["check", "examples/coopcycle/platform", "--format", "json"], 1),
        ("platform-verbose.txt", ["check", "examples/coopcycle/platform", "-v"], 1),
        (
            "platform-audit.json",
            ["audit", "examples/coopcycle/platform/reciprocity.yml", "--format", "json"],
            1,
        ),
    ],
)
def test_worked_example(
    runner: CliRunner, golden: Golden, at_root: Path, name: str, args: list[str], code: int
) -> None:
    exit_code, stdout, stderr = _run(runner, *args, *AS_OF)
    assert exit_code == code, stderr
    golden.check(EXAMPLES / name, stdout)


def test_the_json_report_keeps_its_contract(runner: CliRunner, at_root: Path) -> None:
    _, stdout, _ = _run(runner, "check", "examples/coopcycle/platform", "--format", "json", *AS_OF)
    report = json.loads(stdout)
    assert report["schema"] == "reciprocity/report/1"
    assert report["as_of"] == "2026-11-22"
    assert {c["name"] for c in report["components"]} >= {"coopcycle-web"}
    uses = {u["component"]: u for u in report["uses"]}
    guide = uses["guide-coursier"]
    assert guide["licence"] == "LicenseRef-Contributive-Commons"
    assert guide["verdict"] == "owes"
    assert guide["owed"] == {"value": "1200.00", "currency": "EUR"}
    assert guide["contributed"] == {"value": "800.00", "currency": "EUR"}
    assert guide["missing"] == []
    finding = guide["findings"][0]
    assert set(finding) >= {"rule", "verdict", "amount", "clause", "explanation"}
    assert finding["clause"] == {
        "file": "licences/codes-social/open-brand.recip",
        "line": 23,
        "rule": "prestation-share",
        "section": "Article 1",
    }
    assert uses["coopcycle-web"]["verdict"] == "forbidden"
    assert report["summary"]["verdict"] == "forbidden"
    assert report["summary"]["balance"] == [{"value": "400.00", "currency": "EUR"}]


def test_output_is_the_same_twice(runner: CliRunner, at_root: Path) -> None:
    args = ("check", "examples/coopcycle/platform", "--format", "json", *AS_OF)
    assert _run(runner, *args)[1] == _run(runner, *args)[1]


@pytest.mark.parametrize(
    ("fail_on", "code"), [("forbidden", 1), ("owes", 1), ("needs-info", 1), ("never", 0)]
)
def test_fail_on_sets_the_exit_code(
    runner: CliRunner, at_root: Path, fail_on: str, code: int
) -> None:
    exit_code, _, _ = _run(
        runner, "check", "examples/coopcycle/platform", "--fail-on", fail_on, *AS_OF
    )
    assert exit_code == code


def test_without_a_declaration_each_component_needs_information(
    runner: CliRunner, golden: Golden, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = tmp_path / "repo"
    (repository / "vendor" / "coopcycle-web").mkdir(parents=True)
    licence = (ROOT / "examples/coopcycle/platform/vendor/coopcycle-web/LICENSE").read_text()
    (repository / "vendor" / "coopcycle-web" / "LICENSE").write_text(licence)
    (repository / "guide.md").write_text(
        "<!-- SPDX-License-Identifier: LicenseRef-Contributive-Commons -->\n# Guide\n"
    )
    monkeypatch.chdir(tmp_path)
    exit_code, stdout, _ = _run(runner, "check", "repo", *AS_OF)
    assert exit_code == 0
    golden.check(EXAMPLES / "undeclared.txt", stdout)
    exit_code, stdout, _ = _run(
        runner, "check", "repo", "--fail-on", "needs-info", "--format", "json", *AS_OF
    )
    assert exit_code == 1
    uses = json.loads(stdout)["uses"]
    assert {u["verdict"] for u in uses} == {"needs-info"}
    coopcycle = next(u for u in uses if u["component"] == "coopcycle-web")
    assert "organisation.form" in coopcycle["missing"]
    assert "uses[].purposes" in coopcycle["missing"]


def test_a_named_declaration_that_does_not_exist_cannot_be_checked(
    runner: CliRunner, at_root: Path
) -> None:
    exit_code, stdout, stderr = _run(
        runner, "check", "examples/coopcycle/platform", "--declaration", "nowhere.yml", *AS_OF
    )
    assert exit_code == 2
    assert stdout == ""
    assert stderr.startswith("nowhere.yml: no such file; write one with `reciprocity init`")


@pytest.mark.parametrize("path", INVALID, ids=case_stem)
def test_invalid_declaration(
    runner: CliRunner,
    golden: Golden,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    path: Path,
) -> None:
    if is_recipe(path):
        write_case(path, tmp_path)
        monkeypatch.chdir(tmp_path)
    else:
        monkeypatch.chdir(path.parent)
    exit_code, stdout, stderr = _run(runner, "audit", case_name(path), *AS_OF)
    assert exit_code == 2
    assert stdout == ""
    assert "Traceback" not in stderr
    golden.check(INVALID_FOLDER / f"{case_stem(path)}.err", stderr)


WARNINGS = sorted((DATA / "declarations" / "warnings").glob("*.yml"))


@pytest.mark.parametrize("path", WARNINGS, ids=lambda p: p.stem)
def test_declaration_warning(
    runner: CliRunner, golden: Golden, monkeypatch: pytest.MonkeyPatch, path: Path
) -> None:
    """A doubtful declaration is still evaluated: each warning is said, nothing is lost."""
    monkeypatch.chdir(path.parent)
    exit_code, stdout, stderr = _run(runner, "audit", path.name, *AS_OF)
    assert exit_code in (0, 1)
    assert stdout
    assert "Traceback" not in stderr
    golden.check(path.with_suffix(".err"), stderr)


def test_quote_a_prestation(runner: CliRunner, golden: Golden) -> None:
    exit_code, stdout, _ = _run(
        runner,
        "quote",
        "--licence",
        "LicenseRef-Contributive-Commons",
        "--code-social",
        "open-brand",
        "--prestation",
        "30000 EUR",
        "--prestation",
        "12500.50 EUR",
        "--form",
        "company",
        "--format",
        "json",
        *AS_OF,
    )
    assert exit_code == 1
    use = json.loads(stdout)["uses"][0]
    assert use["verdict"] == "owes"
    assert use["owed"] == {"value": "1700.02", "currency": "EUR"}


def test_quote_for_a_cooperative_under_coopcycle_is_exempt(runner: CliRunner) -> None:
    exit_code, stdout, _ = _run(
        runner,
        "quote",
        "--licence",
        "coopcycle license",
        "--prestation",
        "30000 EUR",
        "--form",
        "scic",
        "--format",
        "json",
        *AS_OF,
    )
    assert exit_code == 0
    assert json.loads(stdout)["uses"][0]["verdict"] == "exempt"


def test_quote_refuses_an_amount_without_currency(runner: CliRunner) -> None:
    exit_code, _, stderr = _run(
        runner, "quote", "--licence", "PPL", "--prestation", "30000", *AS_OF
    )
    assert exit_code == 2
    assert "'30000' is not an amount: write digits and a currency, such as 2400000 EUR" in stderr


@pytest.mark.parametrize("output_format", ["text", "csv", "json"])
def test_ledger(
    runner: CliRunner, golden: Golden, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    monkeypatch.chdir(DATA / "ledger")
    exit_code, stdout, _ = _run(
        runner,
        "ledger",
        "partners",
        "--component",
        "guide-coursier",
        "--format",
        output_format,
        *AS_OF,
    )
    assert exit_code == 1
    golden.check(DATA / "ledger" / f"ledger.{output_format}", stdout)


def test_ledger_of_an_empty_folder_cannot_be_checked(runner: CliRunner, tmp_path: Path) -> None:
    exit_code, _, stderr = _run(runner, "ledger", str(tmp_path), *AS_OF)
    assert exit_code == 2
    assert "holds no declaration" in stderr
