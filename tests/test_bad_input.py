"""Every bad licence and declaration of the catalogues, through ``check --output``.

The catalogues pin each message (tests/language/test_invalid.py, tests/cli/test_check.py);
here the same cases go through the command a CI job runs, to hold what the job relies on:
exit code 2, the message on stderr without a traceback, and no report written, not even in
part, so that a report from an earlier run is left as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reciprocity.cli import main
from tests.conftest import DATA
from tests.recipes import case_bytes, case_name, case_stem, is_recipe

PROJECT = DATA.parent.parent / "examples" / "coopcycle" / "platform"
LICENCES = DATA / "licences" / "invalid"
DECLARATIONS = DATA / "declarations" / "invalid"
EARLIER = "an earlier report\n"


def _cases(folder: Path, suffix: str) -> list[Path]:
    return sorted([*folder.glob(f"*{suffix}"), *folder.glob(f"*{suffix}.toml")])


def _first_message(expected: Path) -> str:
    """The first diagnostic's message, as the catalogue's golden file has it."""
    first = expected.read_text(encoding="utf-8").splitlines()[0]
    return first.split(": error: ", 1)[-1].split(": ", 1)[-1] if ": " in first else first


def _check_cannot(tmp_path: Path, *args: str) -> str:
    report = tmp_path / "out" / "report.sarif"
    report.parent.mkdir()
    report.write_text(EARLIER, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["check", str(PROJECT), *args, "--format", "sarif", "--output", str(report)],
        catch_exceptions=False,
    )
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert report.read_text(encoding="utf-8") == EARLIER
    assert sorted(p.name for p in report.parent.iterdir()) == ["report.sarif"]
    return result.stderr


@pytest.mark.parametrize("case", _cases(LICENCES, ".recip"), ids=case_stem)
def test_a_bad_licence_stops_the_check(case: Path, tmp_path: Path) -> None:
    data = case_bytes(case)
    # A code social is looked for where the catalogue keeps them.
    folder = tmp_path / "extra"
    if data.lstrip().startswith((b"code social", b"parameters")) or b"\ncode social" in data:
        folder = folder / "codes-social"
    folder.mkdir(parents=True)
    (folder / case_name(case)).write_bytes(data)
    stderr = _check_cannot(tmp_path, "--licences", str(tmp_path / "extra"))
    assert _first_message(LICENCES / f"{case_stem(case)}.err") in stderr


@pytest.mark.parametrize("case", _cases(DECLARATIONS, ".yml"), ids=case_stem)
def test_a_bad_declaration_stops_the_check(case: Path, tmp_path: Path) -> None:
    declaration = tmp_path / case_name(case)
    declaration.write_bytes(case_bytes(case))
    stderr = _check_cannot(tmp_path, "--declaration", str(declaration), "--as-of", "2026-11-22")
    assert _first_message(DECLARATIONS / f"{case_stem(case)}.err") in stderr
    assert not is_recipe(declaration)
