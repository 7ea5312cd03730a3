"""The result of an evaluation: findings with verdicts, per use, as frozen values.

Explanations are carried in English and French at once (a ``Label``), so that every report
format can speak either language without evaluating again.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from reciprocity import model as m
from reciprocity.declaration.model import Period
from reciprocity.inventory import Inventory
from reciprocity.model import Money
from reciprocity.vocabulary import Label


class Verdict(StrEnum):
    """What a rule, or a whole use, comes to; declared from the most serious down."""

    FORBIDDEN = "forbidden"
    OWES = "owes"
    NEEDS_INFO = "needs-info"
    SETTLED = "settled"
    EXEMPT = "exempt"
    PERMITTED = "permitted"

    @property
    def rank(self) -> int:
        """0 for the most serious (forbidden), 5 for the least (permitted)."""
        return list(Verdict).index(self)


def most_serious(verdicts: Iterable[Verdict]) -> Verdict:
    """Return the most serious verdict, or ``permitted`` when there is none."""
    return min(verdicts, key=lambda v: v.rank, default=Verdict.PERMITTED)


VERDICT_LABELS: dict[Verdict, Label] = {
    Verdict.FORBIDDEN: Label("forbidden", "interdit"),
    Verdict.OWES: Label("owes", "doit"),
    Verdict.NEEDS_INFO: Label("needs information", "informations manquantes"),
    Verdict.SETTLED: Label("settled", "réglé"),
    Verdict.EXEMPT: Label("exempt", "exempté"),
    Verdict.PERMITTED: Label("permitted", "permis"),
}


@dataclass(frozen=True)
class Clause:
    """Where a finding's rule is written: the file, its line, the rule, the legal section."""

    file: str
    line: int
    rule: str
    section: str | None = None

    @classmethod
    def of(cls, rule: m.Rule) -> Clause:
        """Where ``rule`` is written, and the legal section it encodes."""
        return cls(
            file=rule.source,
            line=rule.pos.line if rule.pos else 0,
            rule=rule.name,
            section=rule.clause.value if rule.clause else None,
        )


@dataclass(frozen=True, kw_only=True)
class Finding:
    """What one rule of a licence says of one use."""

    rule: str
    """The rule's name, or ``grant:KIND``, ``code-social``, ``change``, ``declaration``."""
    verdict: Verdict
    explanation: Label
    clause: Clause | None = None
    amount: Money | None = None
    """What the rule asks for the period, before contributions."""
    credited: Money | None = None
    """The money contributions counted against it."""
    missing: tuple[str, ...] = ()
    """Declaration fields that would decide it (``organisation.revenue``)."""
    due: dt.date | None = None
    """When an action is due, where the rule gives a delay."""


@dataclass(frozen=True, kw_only=True)
class Location:
    """Where the scan found a component: the file and line a report can point at."""

    path: str
    line: int = 0


@dataclass(frozen=True, kw_only=True)
class Change:
    """How a use differs from the base revision a pull request starts from."""

    new: bool
    """True when the base had no such use (same component, licence and code social)."""
    verdict: Verdict | None = None
    """The use's verdict at the base; None for a new use."""
    balance: Money | None = None
    """What the use still owed at the base (owed less contributed), when it owed money."""


@dataclass(frozen=True, kw_only=True)
class UseResult:
    """A use of one component under one licence, with its findings and totals."""

    component: str
    licence: str | None
    verdict: Verdict
    findings: tuple[Finding, ...]
    code_social: str | None = None
    owed: Money | None = None
    """What the rules ask for the period, before contributions."""
    contributed: Money | None = None
    """The money contributions counted against it."""
    field_path: str | None = None
    """The use in the declaration (``uses[0]``), or None for a component nobody declared."""
    location: Location | None = None
    """Where the scan found the component, relative to the scanned folder."""
    declared_at: Location | None = None
    """Where the declaration lists the use (the declaration's path as the user gave it)."""
    change: Change | None = None
    """In a comparison with a base revision, how this use differs from it."""

    @property
    def balance(self) -> Money | None:
        """What remains owed: owed less contributed, never below zero."""
        if self.owed is None:
            return None
        paid = self.contributed.value if self.contributed is not None else Decimal(0)
        return Money(max(self.owed.value - paid, Decimal(0)), self.owed.currency)

    @property
    def missing(self) -> tuple[str, ...]:
        """Every declaration field the findings ask for, sorted, once each."""
        return tuple(sorted({f for finding in self.findings for f in finding.missing}))


@dataclass(frozen=True, kw_only=True)
class CheckResult:
    """Everything an evaluation found, for every report format."""

    as_of: dt.date
    period: Period
    uses: tuple[UseResult, ...]
    declaration: str | None = None
    inventory: Inventory | None = None
    notes: tuple[Label, ...] = ()
    """Things the user should know that are not findings (an expired waiver, a waiver for
    nothing, a use gone since the base revision), worded in each language."""
    root: str = "."
    """The scanned folder relative to where the tool ran, as a POSIX path: the prefix that
    makes a location a repository path (for SARIF and annotations)."""
    base: str | None = None
    """The revision the result was compared with (``check --base``): only what changed since
    it is reported."""

    def path(self, location: Location) -> str:
        """A scan location as a path from where the tool ran."""
        return posixpath.normpath(posixpath.join(self.root, location.path))

    @property
    def verdict(self) -> Verdict:
        """The most serious verdict of all uses."""
        return most_serious(u.verdict for u in self.uses)
