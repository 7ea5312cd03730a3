"""The result of an evaluation as JSON (schema ``reciprocity/report/1``).

The contract is documented in README ("The report as JSON"). Amounts are strings with two
decimals, keys are sorted, and nothing depends on the clock but ``as_of``, which is given.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any

from reciprocity.evaluation.result import Change, CheckResult, Finding, UseResult, Verdict
from reciprocity.model import Money, to_cents
from reciprocity.report.inventory_json import component_data

SCHEMA = "reciprocity/report/1"


def render(result: CheckResult, lang: str = "en") -> str:
    """Return the result as indented JSON with a final newline."""
    return json.dumps(as_data(result, lang), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def amount_data(amount: Money | None) -> dict[str, str] | None:
    """``{"value": "1200.00", "currency": "EUR"}``, or None."""
    if amount is None:
        return None
    value = to_cents(amount.value)
    return {"value": f"{value:.2f}", "currency": amount.currency}


def totals(amounts: list[Money | None]) -> list[dict[str, str]]:
    """Sum amounts per currency, sorted by currency."""
    sums: dict[str, Decimal] = {}
    for amount in amounts:
        if amount is not None:
            sums[amount.currency] = sums.get(amount.currency, Decimal(0)) + amount.value
    return [amount_data(Money(v, c)) for c, v in sorted(sums.items())]  # type: ignore[misc]


def as_data(result: CheckResult, lang: str = "en") -> dict[str, Any]:
    """The result as plain data."""
    components = result.inventory.components if result.inventory is not None else ()
    counts = Counter(u.verdict.value for u in result.uses)
    return {
        "schema": SCHEMA,
        "as_of": result.as_of.isoformat(),
        "period": {"from": result.period.start.isoformat(), "to": result.period.end.isoformat()},
        "declaration": result.declaration,
        "lang": lang,
        "components": [component_data(c) for c in components],
        "uses": [_use(u, lang) for u in result.uses],
        "notes": [note(lang) for note in result.notes],
        "base": result.base,
        "summary": {
            "verdict": result.verdict.value,
            "uses": len(result.uses),
            "verdicts": {v.value: counts.get(v.value, 0) for v in Verdict},
            "owed": totals([u.owed for u in result.uses]),
            "contributed": totals([u.contributed for u in result.uses]),
            "balance": totals([u.balance for u in result.uses]),
        },
    }


def _use(use: UseResult, lang: str) -> dict[str, Any]:
    return {
        "component": use.component,
        "licence": use.licence,
        "code_social": use.code_social,
        "declared": use.field_path,
        "location": None
        if use.location is None
        else {"path": use.location.path, "line": use.location.line},
        "verdict": use.verdict.value,
        "owed": amount_data(use.owed),
        "contributed": amount_data(use.contributed),
        "balance": amount_data(use.balance),
        "missing": list(use.missing),
        "findings": [_finding(f, lang) for f in use.findings],
        "change": _change(use.change),
    }


def _change(change: Change | None) -> dict[str, Any] | None:
    if change is None:
        return None
    return {
        "new": change.new,
        "verdict": change.verdict.value if change.verdict else None,
        "balance": amount_data(change.balance),
    }


def _finding(finding: Finding, lang: str) -> dict[str, Any]:
    clause = finding.clause
    return {
        "rule": finding.rule,
        "verdict": finding.verdict.value,
        "amount": amount_data(finding.amount),
        "contributed": amount_data(finding.credited),
        "clause": None
        if clause is None
        else {
            "file": clause.file,
            "line": clause.line,
            "rule": clause.rule,
            "section": clause.section,
        },
        "missing": list(finding.missing),
        "due": finding.due.isoformat() if finding.due else None,
        "explanation": finding.explanation(lang),
    }
