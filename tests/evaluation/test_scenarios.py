"""Table-driven scenarios: one file per scenario, a declaration and the verdict its licence gives.

Each file in tests/data/scenarios/<licence>/ was written from the licence's legal text (its
``legal`` key cites the clause), not from the engine's output: a failure here is either a bug
in the evaluation or in the licence's encoding, never a golden to regenerate.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from reciprocity.catalogue import load_catalogue
from reciprocity.declaration import parse_declaration
from reciprocity.evaluation import Evaluator
from reciprocity.evaluation.result import UseResult
from reciprocity.model import Money
from reciprocity.yamlio import compose_yaml
from tests.conftest import DATA

ROOT = DATA.parent.parent
SCENARIOS = sorted((DATA / "scenarios").glob("*/*.yml"))


def _amount(amount: Money | None) -> str | None:
    return None if amount is None else f"{amount.value:.2f} {amount.currency}"


def _evaluate(scenario: dict[str, Any]) -> UseResult:
    declaration_text = json.dumps(scenario["declaration"], default=str)
    declaration, _ = parse_declaration(declaration_text, source="scenario", folder=ROOT)
    as_of = dt.date.fromisoformat(scenario["as-of"])
    result = Evaluator(load_catalogue(), as_of).evaluate(declaration)
    assert len(result.uses) == 1
    return result.uses[0]


def test_there_are_enough_scenarios_for_every_licence() -> None:
    assert len(SCENARIOS) >= 60
    licences = {p.parent.name.split("+")[0] for p in SCENARIOS}
    assert licences == {licence.id for licence in load_catalogue().licences()}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_scenario(path: Path) -> None:
    # Read as declarations are read (YAML 1.2 booleans: "country: NO" is Norway).
    scenario = compose_yaml(path.read_text(encoding="utf-8"), path.name).value
    assert isinstance(scenario, dict)
    expect = scenario["expect"]
    use = _evaluate(scenario)
    assert use.licence == scenario["licence"]
    found: dict[str, Any] = {
        "verdict": use.verdict.value,
        "owed": _amount(use.owed),
        "balance": _amount(use.balance),
        "rules": {f.rule: f.verdict.value for f in use.findings},
        "missing": list(use.missing),
    }
    wanted = {
        "verdict": expect["verdict"],
        "owed": expect.get("owed"),
        "balance": expect.get("balance", expect.get("owed")),
        "rules": {**found["rules"], **expect.get("rules", {})},
        "missing": expect.get("missing", found["missing"]),
    }
    explanations = "\n".join(f"{f.rule}: {f.explanation.en}" for f in use.findings)
    if "encoding-gap" in scenario:
        # The legal text says more than the licence's encoding can (the file says what). Kept
        # strict: the day the encoding says it, this scenario passes and the marker must go.
        assert found != wanted, "the encoding gap is closed: remove 'encoding-gap'"
        pytest.xfail(scenario["encoding-gap"])
    assert found == wanted, explanations
