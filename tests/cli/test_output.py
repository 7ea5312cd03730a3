"""``--output FILE``: the report is written whole when the check ran, and never otherwise."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reciprocity.cli import main
from tests.report.conftest import ACME

AS_OF = ["--as-of", "2026-11-22"]


@pytest.fixture
def acme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "acme"
    shutil.copytree(ACME, repo)
    monkeypatch.chdir(repo)
    return repo


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "markdown", "github"])
def test_the_report_goes_to_the_file_and_the_summary_to_stderr(
    runner: CliRunner, acme: Path, output_format: str
) -> None:
    result = runner.invoke(
        main, ["check", "--format", output_format, "--output", "report.out", *AS_OF]
    )
    assert result.exit_code == 1, result.stderr
    assert result.stdout == ""
    assert (
        result.stderr == "2 uses owe 520.00 EUR and 90.00 USD; 1 forbidden; 1 needs information.\n"
    )
    written = (acme / "report.out").read_text(encoding="utf-8")
    shown = runner.invoke(main, ["check", "--format", output_format, *AS_OF]).stdout
    assert written == shown
    assert not [p.name for p in acme.iterdir() if p.name.startswith(".report.out")]
    mask = os.umask(0)
    os.umask(mask)
    assert (acme / "report.out").stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_run_that_cannot_check_leaves_the_old_report_alone(runner: CliRunner, acme: Path) -> None:
    (acme / "report.json").write_text("previous\n", encoding="utf-8")
    (acme / "reciprocity.yml").write_text("version: 1\nuses: [\n", encoding="utf-8")
    result = runner.invoke(main, ["check", "--format", "json", "-o", "report.json", *AS_OF])
    assert result.exit_code == 2
    assert result.stderr.startswith("reciprocity.yml:")
    assert (acme / "report.json").read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in acme.iterdir() if p.name.startswith(".report")) == []


def test_an_unwritable_output_is_a_clear_error(runner: CliRunner, acme: Path) -> None:
    result = runner.invoke(main, ["check", "-o", "missing/folder/report.txt", *AS_OF])
    assert result.exit_code == 2
    assert result.stderr == (
        "missing/folder/report.txt: cannot write the report (No such file or directory)\n"
    )


def test_audit_quote_and_ledger_write_their_reports_too(runner: CliRunner, acme: Path) -> None:
    audited = runner.invoke(
        main, ["audit", "reciprocity.yml", "-o", "audit.json", "--format", "json", *AS_OF]
    )
    assert audited.exit_code == 1
    assert json.loads((acme / "audit.json").read_text(encoding="utf-8"))["summary"]["uses"] == 5
    quoted = runner.invoke(
        main,
        [
            "quote",
            "--licence",
            "LicenseRef-Contributive-Commons",
            "--code-social",
            "open-brand",
            "--prestation",
            "30000 EUR",
            "--form",
            "company",
            "-o",
            "quote.md",
            "--format",
            "markdown",
            *AS_OF,
        ],
    )
    assert quoted.exit_code == 1, quoted.stderr
    assert "1,200.00 EUR" in (acme / "quote.md").read_text(encoding="utf-8")


def test_scan_and_ledger_write_their_reports_too(runner: CliRunner, acme: Path) -> None:
    scanned = runner.invoke(main, ["scan", "--format", "json", "-o", "inventory.json"])
    assert scanned.exit_code == 0
    assert json.loads((acme / "inventory.json").read_text(encoding="utf-8"))["components"]
    partners = acme / "partners"
    partners.mkdir()
    shutil.copy(acme / "reciprocity.yml", partners / "acme.yml")
    listed = runner.invoke(
        main, ["ledger", "partners", "--format", "csv", "-o", "ledger.csv", *AS_OF]
    )
    assert listed.exit_code == 1
    assert listed.stdout == ""
    assert (acme / "ledger.csv").read_text(encoding="utf-8").startswith("partner,")
