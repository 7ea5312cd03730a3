"""Every typical mistake gives its exact message: tests/data/licences/invalid/NAME.recip + .err.

Adding a case needs no code: write the bad file, run pytest --update-goldens, read the message.
A file too large or odd to keep (10 MB, 5,000 nested parentheses) is a recipe,
NAME.recip.toml (see tests/recipes.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reciprocity.catalogue import load_catalogue
from reciprocity.errors import Severity
from reciprocity.linting import lint_files
from tests.conftest import DATA, Golden
from tests.recipes import case_name, case_stem, is_recipe, write_case

INVALID = DATA / "licences" / "invalid"
CASES = sorted([*INVALID.glob("*.recip"), *INVALID.glob("*.recip.toml")])


def test_there_are_at_least_25_typical_mistakes() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[case_stem(c) for c in CASES])
def test_invalid_licence_gives_its_message(
    case: Path, golden: Golden, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if is_recipe(case):
        write_case(case, tmp_path / "invalid")
        monkeypatch.chdir(tmp_path)
    else:
        monkeypatch.chdir(INVALID.parent)
    report = lint_files([Path("invalid") / case_name(case)], load_catalogue())
    assert not report.valid
    errors = [d for d in report.diagnostics if d.severity is Severity.ERROR]
    assert errors, "an invalid file must produce at least one error"
    rendered = "\n\n".join(d.render() for d in errors) + "\n"
    golden.check(INVALID / f"{case_stem(case)}.err", rendered)
