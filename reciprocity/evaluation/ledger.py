"""The maintainer's register of counterparts: one declaration per partner, evaluated alike.

Each row is one partner's use of one component for the partner's period: the verdict, what
the rules ask, what the partner contributed, and the balance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reciprocity.declaration.model import Declaration, Period
from reciprocity.evaluation.engine import Evaluator
from reciprocity.evaluation.result import CheckResult, UseResult, Verdict
from reciprocity.model import Money


@dataclass(frozen=True, kw_only=True)
class LedgerRow:
    """One partner's use of one component over one period."""

    partner: str
    declaration: str
    period: Period
    use: UseResult

    @property
    def component(self) -> str:
        return self.use.component

    @property
    def verdict(self) -> Verdict:
        return self.use.verdict

    @property
    def owed(self) -> Money | None:
        return self.use.owed

    @property
    def contributed(self) -> Money | None:
        return self.use.contributed

    @property
    def balance(self) -> Money | None:
        return self.use.balance


@dataclass(frozen=True, kw_only=True)
class Ledger:
    """Every partner's rows, sorted by partner, period and component."""

    rows: tuple[LedgerRow, ...]
    results: tuple[CheckResult, ...]

    @property
    def verdict(self) -> Verdict:
        return min((r.verdict for r in self.rows), key=lambda v: v.rank, default=Verdict.PERMITTED)

    @property
    def uses(self) -> tuple[UseResult, ...]:
        """Every row's use, for exit codes shared with ``check``."""
        return tuple(r.use for r in self.rows)


def build_ledger(
    evaluator: Evaluator, declarations: Iterable[Declaration], component: str | None = None
) -> Ledger:
    """Evaluate each partner's declaration; keep the rows of ``component`` when given."""
    rows = []
    results = []
    for declaration in declarations:
        result = evaluator.evaluate(declaration)
        results.append(result)
        partner = declaration.organisation.name or declaration.source
        for use in result.uses:
            if component is not None and use.component != component:
                continue
            rows.append(
                LedgerRow(
                    partner=partner,
                    declaration=declaration.source,
                    period=result.period,
                    use=use,
                )
            )
    rows.sort(key=lambda r: (r.partner, r.period.start, r.component, r.use.licence or ""))
    return Ledger(rows=tuple(rows), results=tuple(results))
