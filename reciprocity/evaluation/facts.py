"""The facts a rule tests, read from a declaration, and conditions read with three values.

A fact the declaration does not state, and that the organisation's form does not imply, is
unknown: a condition that depends on it is unknown too, unless the rest decides it. Every
answer says which facts decided it, so that findings can say why.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from reciprocity import model as m
from reciprocity.declaration.model import Declaration, Period, Use
from reciprocity.vocabulary import FACTS, FactType

# What a form implies where the declaration is silent (README, "Facts implied by the form").
_ESS_FORMS = {"cooperative", "worker-cooperative", "scic", "association", "foundation", "union"}
_NON_PROFIT_FORMS = {"association", "foundation", "union", "nonprofit", "public-body"}
_PROFIT_FORMS = {"company", "sole-trader"}
_ARMED_FORMS = {"public-body", "company"}
_PORTAGE_FORMS = {"individual", "sole-trader"}


def implied_flag(name: str, form: str | None) -> bool | None:
    """Return what ``form`` implies about a flag, or None when it implies nothing."""
    if form is None:
        return None
    if name == "democratic" and form in {"cooperative", "worker-cooperative", "scic"}:
        return True
    if name == "ess" and form in _ESS_FORMS:
        return True
    if name in ("worker-owned", "surplus-to-workers") and form == "worker-cooperative":
        return True
    if name == "non-profit":
        if form in _NON_PROFIT_FORMS:
            return True
        if form in _PROFIT_FORMS:
            return False
    if name in ("police", "military") and form not in _ARMED_FORMS:
        return False
    if name == "wage-portage" and form not in _PORTAGE_FORMS:
        return False
    return None


@dataclass(frozen=True)
class Known:
    """A fact's value, the field it comes from, and whether the form implied it."""

    field: str
    value: object
    implied: bool = False


@dataclass(frozen=True)
class Answer:
    """A condition's truth (None: unknown), the facts that decided it, the facts it lacks."""

    value: bool | None
    used: tuple[Known, ...] = ()
    missing: tuple[str, ...] = ()


def months_between(start: dt.date, end: dt.date) -> int:
    """Calendar months from ``start`` to ``end``, both included, partial months whole."""
    if end < start:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


def add_duration(day: dt.date, span: m.Duration) -> dt.date:
    """Return ``day`` plus a duration; a month later than 31 January is the last of February.

    A date past the end of the calendar (9999-12-31) is its last day: it never comes.
    """
    try:
        if span.unit == "day":
            return day + dt.timedelta(days=span.amount)
        if span.unit == "week":
            return day + dt.timedelta(weeks=span.amount)
        months = span.amount * (12 if span.unit == "year" else 1)
        index = day.year * 12 + day.month - 1 + months
        year, month = divmod(index, 12)
        last = calendar.monthrange(year, month + 1)[1]
        return dt.date(year, month + 1, min(day.day, last))
    except (OverflowError, ValueError):
        return dt.date.max


@dataclass
class Rates:
    """Exchange rates as declared: one unit of a currency is worth an amount of another."""

    pairs: tuple[tuple[str, m.Money], ...] = ()

    def convert(self, amount: m.Money, currency: str) -> m.Money | None:
        """Return ``amount`` in ``currency``, or None when no declared rate links the two."""
        if amount.currency == currency:
            return amount
        for source, rate in self.pairs:
            if source == amount.currency and rate.currency == currency:
                return m.Money(amount.value * rate.value, currency)
            if source == currency and rate.currency == amount.currency and rate.value:
                return m.Money(amount.value / rate.value, currency)
        return None

    @staticmethod
    def missing(currency: str) -> str:
        """The field that would give the rate of a currency that could not be converted."""
        return f"rates.{currency}"


@dataclass
class Facts:
    """Everything a rule may test for one use, on one day, in one period."""

    declaration: Declaration
    use: Use
    as_of: dt.date
    period: Period
    parameters: dict[str, m.Value | m.Condition | None] = field(default_factory=dict)
    rates: Rates = field(default_factory=Rates)

    @property
    def use_path(self) -> str:
        return self.use.field_path

    # ---- single facts ---------------------------------------------------------------------

    def fact(self, name: str) -> Known | str:
        """Return a fact's value, or the declaration field that would state it."""
        organisation = self.declaration.organisation
        fact = FACTS.get(name)
        if fact is None:
            found = self.use.quantity(name)
            path = f"{self.use_path}.quantities.{name}"
            return Known(path, found) if found is not None else path
        if fact.field.startswith("organisation."):
            path = fact.field
            if fact.type is FactType.FORM:
                return Known(path, organisation.form) if organisation.form else path
            if fact.type is FactType.FLAG:
                declared = organisation.flag(name)
                if declared is not None:
                    return Known(path, declared)
                implied = implied_flag(name, organisation.form)
                return Known(path, implied, implied=True) if implied is not None else path
            if fact.type is FactType.MONEY:
                amount = organisation.amount(name)
                return Known(path, amount) if amount is not None else path
            count = organisation.count(name)
            return Known(path, count) if count is not None else path
        path = f"{self.use_path}.{name}"
        value = self._use_fact(name)
        return Known(path, value) if value is not None else path

    def _use_fact(self, name: str) -> object:
        use = self.use
        if name == "days-of-use":
            if use.days_of_use is not None:
                return use.days_of_use
            if use.since is None:
                return None
            end = min(self.as_of, use.until) if use.until else self.as_of
            return max((end - use.since).days + 1, 0)
        return {
            "instances": use.instances,
            "since": use.since,
            "released": use.released,
        }.get(name)

    def months_of_use(self) -> int | str:
        """Months of the period in which the use ran, up to the evaluation date."""
        if self.use.since is None:
            return f"{self.use_path}.since"
        start = max(self.period.start, self.use.since)
        end = min(self.period.end, self.as_of)
        if self.use.until is not None:
            end = min(end, self.use.until)
        return months_between(start, end)

    # ---- conditions -----------------------------------------------------------------------

    def holds(self, condition: m.Condition, depth: int = 0) -> Answer:
        """Read a condition with three values (true, false, unknown)."""
        match condition:
            case m.Constant(value):
                return Answer(value)
            case m.Not(operand):
                inner = self.holds(operand, depth)
                return Answer(
                    None if inner.value is None else not inner.value, inner.used, inner.missing
                )
            case m.All(operands) | m.Any(operands):
                return self._combine(condition, operands, depth)
            case m.Flag(subject):
                return self._flag(subject.name, depth)
            case m.Member(subject, values, negated):
                found = self.fact(subject.name)
                if isinstance(found, str):
                    return Answer(None, missing=(found,))
                inside = any(_equal(found.value, v) for v in values)
                return Answer(inside != negated, (found,))
            case m.Compare(subject, op, value):
                return self._compare(subject.name, op, value)
        raise TypeError(f"not a condition: {condition!r}")

    def _combine(
        self, condition: m.Condition, operands: tuple[m.Condition, ...], depth: int
    ) -> Answer:
        deciding = isinstance(condition, m.Any)  # true decides an "or", false an "and"
        answers = [self.holds(o, depth) for o in operands]
        decisive = [a for a in answers if a.value is deciding]
        if decisive:
            return Answer(deciding, _joined(a.used for a in decisive))
        unknown = [a for a in answers if a.value is None]
        if unknown:
            return Answer(
                None,
                _joined(a.used for a in answers),
                tuple(sorted({f for a in unknown for f in a.missing})),
            )
        return Answer(not deciding, _joined(a.used for a in answers))

    def _flag(self, name: str, depth: int) -> Answer:
        if name in self.parameters:
            value = self.parameters[name]
            if value is None:
                return Answer(None, missing=(f"{self.use_path}.parameters",))
            if depth > 8 or not _is_condition(value):
                return Answer(None, missing=(f"{self.use_path}.parameters",))
            return self.holds(value, depth + 1)  # type: ignore[arg-type]
        found = self.fact(name)
        if isinstance(found, str):
            return Answer(None, missing=(found,))
        return Answer(bool(found.value), (found,))

    def _compare(self, name: str, op: str, wanted: m.Value) -> Answer:
        found = self.fact(name)
        if isinstance(found, str):
            return Answer(None, missing=(found,))
        have = found.value
        if isinstance(wanted, m.Money):
            assert isinstance(have, m.Money)
            threshold = self.rates.convert(wanted, have.currency)
            if threshold is None:
                return Answer(None, (found,), (Rates.missing(wanted.currency),))
            return Answer(_apply(op, have.value, threshold.value), (found,))
        if isinstance(wanted, m.Symbol):
            return Answer(_apply(op, str(have), wanted.name), (found,))
        if isinstance(wanted, dt.date):
            assert isinstance(have, dt.date)
            return Answer(_apply(op, have, wanted), (found,))
        if isinstance(wanted, Decimal):
            return Answer(_apply(op, Decimal(str(have)), wanted), (found,))
        return Answer(None, (found,), (found.field,))

    def parameter_value(self, name: str) -> m.Value | m.Condition | None:
        """Return the value a parameter set (or the licence's default) gives a parameter."""
        return self.parameters.get(name)


def _is_condition(value: object) -> bool:
    return isinstance(value, (m.Compare, m.Member, m.Flag, m.Constant, m.Not, m.All, m.Any))


def _equal(have: object, value: m.Value) -> bool:
    if isinstance(value, m.Symbol):
        return have == value.name
    return have == value


def _apply(op: str, a: Any, b: Any) -> bool:
    match op:
        case "<":
            return bool(a < b)
        case "<=":
            return bool(a <= b)
        case ">":
            return bool(a > b)
        case ">=":
            return bool(a >= b)
        case "=":
            return bool(a == b)
        case "!=":
            return bool(a != b)
    raise ValueError(op)


def _joined(groups: object) -> tuple[Known, ...]:
    seen: dict[str, Known] = {}
    for group in groups:  # type: ignore[attr-defined]
        for known in group:
            seen.setdefault(known.field, known)
    return tuple(seen.values())
