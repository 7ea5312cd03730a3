"""The ``reciprocity licence`` commands, run in-process: output, stderr and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reciprocity.cli import main
from tests.conftest import DATA

INVALID = DATA / "licences" / "invalid"


def test_version_and_help(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("reciprocity, version ")
    assert "Exit codes" in runner.invoke(main, ["--help"]).output


def test_list_shows_licences_and_codes_social(runner: CliRunner) -> None:
    result = runner.invoke(main, ["licence", "list"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(line.startswith("PPL ") for line in lines)
    assert "  open-brand (for LicenseRef-Contributive-Commons): " in result.stdout
    data = json.loads(runner.invoke(main, ["licence", "list", "--format", "json"]).stdout)
    ids = [row["id"] for row in data["licences"]]
    assert ids == sorted(ids)
    assert {"name": "semeoz", "licence": "LicenseRef-Contributive-Commons"}.items() <= next(
        c for c in data["codes_social"] if c["name"] == "semeoz"
    ).items()


def test_show_prints_canonical_text_that_lints(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["licence", "show", "Peer Production License"])
    assert result.exit_code == 0
    assert result.stdout.startswith("licence PPL {\n")
    printed = tmp_path / "ppl.recip"
    printed.write_text(result.stdout, encoding="utf-8")
    assert runner.invoke(main, ["licence", "lint", str(printed)]).exit_code == 0


def test_explain_in_french_cites_the_clause(runner: CliRunner) -> None:
    result = runner.invoke(main, ["licence", "explain", "PPL", "--lang", "fr"])
    assert result.exit_code == 0
    assert "Règle commercial-use, clause 4(b), 4(c) (licences/PPL.recip:" in result.stdout
    assert "Sauf si : l'organisation est détenue par ses travailleurs" in result.stdout


def test_explain_finds_a_code_social_by_name(runner: CliRunner) -> None:
    result = runner.invoke(main, ["licence", "explain", "open-brand"])
    assert result.exit_code == 0
    assert "Then: pay 4% of the price of each prestation" in result.stdout


def test_unknown_licence_exits_2_with_a_suggestion(runner: CliRunner) -> None:
    result = runner.invoke(main, ["licence", "explain", "PPL-1.0"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no licence in the catalogue is called 'PPL-1.0'; did you mean 'PPL'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_lint_valid_file_exits_0(runner: CliRunner) -> None:
    result = runner.invoke(main, ["licence", "lint", "licences/PPL.recip"])
    assert result.exit_code == 0
    assert result.stderr == "1 file checked: valid\n"


def test_lint_reports_every_error_of_every_file(runner: CliRunner) -> None:
    files = [str(INVALID / "several-errors.recip"), str(INVALID / "unknown-fact.recip")]
    result = runner.invoke(main, ["licence", "lint", *files])
    assert result.exit_code == 2
    assert result.stdout.count(": error: ") == 5
    assert "unknown kind of use 'comercial'" in result.stdout
    assert "unknown fact or parameter 'revnue'" in result.stdout
    assert result.stderr.startswith("2 files checked: 2 invalid (5 errors")


def test_lint_strict_fails_on_warnings(runner: CliRunner, tmp_path: Path) -> None:
    draft = tmp_path / "draft.recip"
    draft.write_text('licence LicenseRef-Draft {\n  name "Draft"\n  url "https://x.example"\n}\n')
    assert runner.invoke(main, ["licence", "lint", str(draft)]).exit_code == 0
    result = runner.invoke(main, ["licence", "lint", "--strict", str(draft)])
    assert result.exit_code == 2
    assert "warning: licence LicenseRef-Draft gives no provenance" in result.stdout


def test_lint_of_a_missing_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["licence", "lint", str(tmp_path / "nowhere.recip")])
    assert result.exit_code == 2
    assert "cannot read the file" in result.stdout


def test_export_json_is_the_typed_model(runner: CliRunner) -> None:
    result = runner.invoke(main, ["licence", "export", "PPL"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["schema"] == "reciprocity/licence/1"
    rule = data["document"]["rules"][1]
    assert rule["name"] == "commercial-use"
    assert rule["forbidden"] is True


def test_export_odrl_has_permissions_prohibitions_and_compensation(runner: CliRunner) -> None:
    ppl = json.loads(runner.invoke(main, ["licence", "export", "PPL", "--format", "odrl"]).stdout)
    assert ppl["@type"] == "Set"
    assert ppl["uid"] == "urn:reciprocity:licence:PPL"
    assert {p["action"] for p in ppl["permission"]} >= {"use", "distribute", "modify"}
    assert {p["uid"] for p in ppl["prohibition"]} == {
        "urn:reciprocity:rule:PPL:wage-labour-business",
        "urn:reciprocity:rule:PPL:commercial-use",
    }
    result = runner.invoke(main, ["licence", "export", "open-brand", "--format", "odrl"])
    assert result.exit_code == 0
    open_brand = json.loads(result.stdout)
    paying = [p for p in open_brand["permission"] if p.get("uid", "").endswith("prestation-share")]
    compensate = paying[0]["duty"][0]["action"][0]
    assert compensate["rdf:value"] == {"@id": "odrl:compensate"}
    assert compensate["refinement"][0] == {
        "leftOperand": "payAmount",
        "operator": "eq",
        "rightOperand": {"@value": "4", "@type": "xsd:decimal"},
        "unit": "recip:percent-of-each-prestation",
    }
