"""The register of counterparts as a table, JSON (``reciprocity/ledger/1``) or CSV.

Pure: a ledger in, text out. CSV uses plain decimals with a dot and a separate currency
column, so that any spreadsheet reads it whatever its locale.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from reciprocity.evaluation.ledger import Ledger, LedgerRow
from reciprocity.evaluation.result import VERDICT_LABELS
from reciprocity.evaluation.wording import amount_text
from reciprocity.model import Money
from reciprocity.report.check_json import amount_data, totals
from reciprocity.vocabulary import Label

SCHEMA = "reciprocity/ledger/1"

_HEADERS: list[Label] = [
    Label("partner", "partenaire"),
    Label("period", "période"),
    Label("component", "composant"),
    Label("licence", "licence"),
    Label("verdict", "verdict"),
    Label("owed", "dû"),
    Label("contributed", "versé"),
    Label("balance", "reste dû"),
]


def _period(row: LedgerRow) -> str:
    return f"{row.period.start.isoformat()}/{row.period.end.isoformat()}"


def _money(amount: Money | None, lang: str) -> str:
    return amount_text(amount, lang) if amount is not None else "-"


def render_text(ledger: Ledger, lang: str = "en") -> str:
    """An aligned table, amounts right-aligned, with totals per currency."""
    rows = [
        [
            row.partner,
            _period(row),
            row.component,
            row.use.licence or "?",
            VERDICT_LABELS[row.verdict](lang),
            _money(row.owed, lang),
            _money(row.contributed, lang),
            _money(row.balance, lang),
        ]
        for row in ledger.rows
    ]
    table = [[h(lang) for h in _HEADERS], *rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(_HEADERS))]
    lines = []
    for cells in table:
        left = [c.ljust(widths[i]) for i, c in enumerate(cells[:5])]
        right = [c.rjust(widths[i + 5]) for i, c in enumerate(cells[5:])]
        lines.append("  ".join(left + right).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    for label, key in ((_HEADERS[7], "balance"),):
        sums = totals([getattr(r, key) for r in ledger.rows])
        shown = ", ".join(
            amount_text(Money(Decimal(s["value"]), s["currency"]), lang) for s in sums
        )
        colon = " :" if lang == "fr" else ":"
        lines.extend(["", f"{label(lang).capitalize()}{colon} {shown or '-'}"])
    return "\n".join(lines) + "\n"


def _row_data(row: LedgerRow) -> dict[str, Any]:
    return {
        "partner": row.partner,
        "declaration": row.declaration,
        "period": {"from": row.period.start.isoformat(), "to": row.period.end.isoformat()},
        "component": row.component,
        "licence": row.use.licence,
        "verdict": row.verdict.value,
        "owed": amount_data(row.owed),
        "contributed": amount_data(row.contributed),
        "balance": amount_data(row.balance),
        "missing": list(row.use.missing),
    }


def render_json(ledger: Ledger, lang: str = "en") -> str:
    """The rows and totals per currency as JSON."""
    data = {
        "schema": SCHEMA,
        "rows": [_row_data(r) for r in ledger.rows],
        "totals": {
            "owed": totals([r.owed for r in ledger.rows]),
            "contributed": totals([r.contributed for r in ledger.rows]),
            "balance": totals([r.balance for r in ledger.rows]),
        },
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_csv(ledger: Ledger, lang: str = "en") -> str:
    """One row per partner, period and component; amounts as plain decimals."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "partner",
            "period_from",
            "period_to",
            "component",
            "licence",
            "verdict",
            "currency",
            "owed",
            "contributed",
            "balance",
        ]
    )
    for row in ledger.rows:
        owed = amount_data(row.owed)
        contributed = amount_data(row.contributed)
        balance = amount_data(row.balance)
        writer.writerow(
            [
                row.partner,
                row.period.start.isoformat(),
                row.period.end.isoformat(),
                row.component,
                row.use.licence or "",
                row.verdict.value,
                owed["currency"] if owed else "",
                owed["value"] if owed else "",
                contributed["value"] if contributed else "",
                balance["value"] if balance else "",
            ]
        )
    return buffer.getvalue()
