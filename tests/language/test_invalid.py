"""Every typical mistake gives its exact message: tests/data/licences/invalid/NAME.recip + .err.

Adding a case needs no code: write the bad file, run pytest --update-goldens, read the message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reciprocity.catalogue import load_catalogue
from reciprocity.errors import Severity
from reciprocity.linting import lint_files
from tests.conftest import DATA, Golden

INVALID = DATA / "licences" / "invalid"
CASES = sorted(INVALID.glob("*.recip"))


def test_there_are_at_least_25_typical_mistakes() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_licence_gives_its_message(
    case: Path, golden: Golden, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(INVALID.parent)
    report = lint_files([Path("invalid") / case.name], load_catalogue())
    assert not report.valid
    errors = [d for d in report.diagnostics if d.severity is Severity.ERROR]
    assert errors, "an invalid file must produce at least one error"
    rendered = "\n\n".join(d.render() for d in errors) + "\n"
    golden.check(case.with_suffix(".err"), rendered)
