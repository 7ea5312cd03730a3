"""The typed model of reciprocity licences and codes social: frozen values, nothing else.

A ``.recip`` file parses into a :class:`Licence` or a :class:`Terms` (a code social, or the
parameters a work fills into a licence template). Positions are kept for error messages but
never take part in equality, so a model printed and parsed again compares equal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Literal


@dataclass(frozen=True)
class Position:
    """Where a node starts in its file, and how wide it is, for carets in messages."""

    line: int
    column: int
    width: int = 1


POS = field(default=None, compare=False, repr=False)

CENT = Decimal("0.01")


def to_cents(value: Decimal) -> Decimal:
    """Round an amount half up to the cent, however many digits it has.

    The default decimal context keeps 28 digits; rounding a longer amount in it would raise
    InvalidOperation rather than give the amount.
    """
    wide = Context(prec=max(28, value.adjusted() + 3))
    return value.quantize(CENT, rounding=ROUND_HALF_UP, context=wide)


@dataclass(frozen=True)
class Money:
    """An amount of money in an explicit ISO 4217 currency."""

    value: Decimal
    currency: str
    pos: Position | None = POS


@dataclass(frozen=True)
class Duration:
    """A length of time in whole days, weeks, months or years."""

    amount: int
    unit: Literal["day", "week", "month", "year"]


@dataclass(frozen=True)
class Percentage:
    """A rate, written ``4%``; ``value`` is 4, not 0.04."""

    value: Decimal
    pos: Position | None = POS


@dataclass(frozen=True)
class Symbol:
    """A bare word used as a value, such as an organisation form (``worker-cooperative``)."""

    name: str
    pos: Position | None = POS


@dataclass(frozen=True)
class LicenceRef:
    """A reference to another licence by its SPDX id or ``LicenseRef-`` id."""

    id: str
    pos: Position | None = POS


@dataclass(frozen=True)
class Text:
    """A quoted text (whitespace runs collapsed to one space)."""

    value: str


Value = Money | Decimal | dt.date | Duration | Percentage | Symbol | LicenceRef | Text


# ==== Conditions =============================================================================


@dataclass(frozen=True)
class Name:
    """A fact or parameter named in a condition."""

    name: str
    pos: Position | None = POS


@dataclass(frozen=True)
class Compare:
    """``fact OP value``, for instance ``revenue >= 1000000 USD``."""

    subject: Name
    op: Literal["<", "<=", ">", ">=", "=", "!="]
    value: Value


@dataclass(frozen=True)
class Member:
    """``fact in [a, b]`` or ``fact not in [a, b]``."""

    subject: Name
    values: tuple[Value, ...]
    negated: bool = False


@dataclass(frozen=True)
class Flag:
    """A yes/no fact or a condition parameter, true when it holds."""

    subject: Name


@dataclass(frozen=True)
class Constant:
    """``true`` or ``false``."""

    value: bool


@dataclass(frozen=True)
class Not:
    """The negation of a condition."""

    operand: Condition


@dataclass(frozen=True)
class All:
    """All of the operands hold (``and``)."""

    operands: tuple[Condition, ...]


@dataclass(frozen=True)
class Any:
    """At least one operand holds (``or``)."""

    operands: tuple[Condition, ...]


Condition = Compare | Member | Flag | Constant | Not | All | Any


# ==== Obligations ============================================================================


@dataclass(frozen=True)
class PercentOf:
    """A share of a base: revenue, revenue above a threshold, or each prestation's price."""

    rate: Percentage
    base: Name
    """A money fact (``revenue``, ``total-finances``) or ``prestation``."""
    above: Money | None = None


@dataclass(frozen=True)
class Fee:
    """A fixed amount per unit and per period: ``2000 USD per developer per year``."""

    amount: Money
    per: tuple[Name, ...]


@dataclass(frozen=True)
class Pay:
    """Contribute money, with an optional floor and ceiling."""

    payment: PercentOf | Fee
    minimum: Money | None = None
    maximum: Money | None = None


@dataclass(frozen=True)
class ContributeCode:
    """Contribute code back to the commons, optionally within a delay."""

    within: Duration | None = None


@dataclass(frozen=True)
class PublishSource:
    """Publish the source of what was built with the work, optionally within a delay."""

    within: Duration | None = None


@dataclass(frozen=True)
class ShareAlike:
    """Share derived works under the same licence."""


@dataclass(frozen=True)
class Attribute:
    """Give credit, optionally with a required wording (``Built with Llama``)."""

    wording: Text | None = None


@dataclass(frozen=True)
class Report:
    """Report the use to the licensor every period."""

    every: Literal["month", "year"]


@dataclass(frozen=True)
class ObtainLicence:
    """Obtain another licence from the licensor (buy, or request one)."""


Duty = Pay | ContributeCode | PublishSource | ShareAlike | Attribute | Report | ObtainLicence


@dataclass(frozen=True)
class Requirement:
    """One ``must`` line: met by doing any one of its alternatives."""

    alternatives: tuple[Duty, ...]


# ==== Rules and documents ====================================================================


@dataclass(frozen=True)
class Trial:
    """The rule does not apply during the first days of use."""

    duration: Duration
    once_per_organisation: bool = False


@dataclass(frozen=True)
class Explanation:
    """Plain-language text in one language."""

    lang: str
    text: Text
    pos: Position | None = POS


@dataclass(frozen=True, kw_only=True)
class Rule:
    """One named rule: which uses it applies to, when, unless what, and what it asks."""

    name: str
    """Stable identifier, unique in its licence (kebab-case)."""
    clause: Text | None = None
    """The section of the legal text the rule encodes."""
    applies_to: tuple[Name, ...] = ()
    """Kinds of use; empty with ``any_use`` for every use."""
    any_use: bool = False
    when: Condition | None = None
    unless: tuple[Condition, ...] = ()
    """Exemptions; any one of them lifts the rule."""
    trial: Trial | None = None
    grace: Duration | None = None
    forbidden: bool = False
    requirements: tuple[Requirement, ...] = ()
    explanations: tuple[Explanation, ...] = ()
    source: str = field(default="<string>", compare=False)
    """The file the rule was written in (a licence, or a code social)."""
    pos: Position | None = POS

    def explanation(self, lang: str) -> str | None:
        """Return the rule's plain-language text in ``lang``, if written."""
        return next((e.text.value for e in self.explanations if e.lang == lang), None)


@dataclass(frozen=True, kw_only=True)
class Parameter:
    """A value a licence template leaves to each work (BUSL's Change Date, ...)."""

    name: str
    type: str
    default: Value | Condition | None = None
    description: Text | None = None
    pos: Position | None = POS


@dataclass(frozen=True, kw_only=True)
class Quantity:
    """A unit a declaration counts for this licence (``article-diffusions``)."""

    name: str
    description: Text | None = None
    pos: Position | None = POS


@dataclass(frozen=True, kw_only=True)
class Change:
    """After a date (or a time after release), another licence applies."""

    to: LicenceRef | Name
    on: dt.date | Name | None = None
    after_release: Duration | None = None
    pos: Position | None = POS


@dataclass(frozen=True, kw_only=True)
class Summary:
    """A licence's summary in one language."""

    lang: str
    text: Text
    pos: Position | None = POS


@dataclass(frozen=True, kw_only=True)
class Metadata:
    """What identifies a licence or a code social, and where its legal text is."""

    name: Text | None = None
    version: Text | None = None
    url: Text | None = None
    provenance: Text | None = None
    authors: tuple[Text, ...] = ()
    year: int | None = None
    based_on: LicenceRef | None = None
    aliases: tuple[str, ...] = ()
    identified_by: tuple[Text, ...] = ()
    summaries: tuple[Summary, ...] = ()

    def summary(self, lang: str) -> str | None:
        """Return the summary in ``lang``, if written."""
        return next((s.text.value for s in self.summaries if s.lang == lang), None)


@dataclass(frozen=True, kw_only=True)
class Licence:
    """A reciprocity licence: metadata, grants, base conditions, parameters and rules."""

    id: str
    meta: Metadata
    grants: tuple[Name, ...] = ()
    requires: tuple[Name, ...] = ()
    delegates: tuple[Name, ...] = ()
    """Kinds of use whose conditions each work's code social sets."""
    parameters: tuple[Parameter, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    change: Change | None = None
    cure: Duration | None = None
    rules: tuple[Rule, ...] = ()
    source: str = field(default="<string>", compare=False)
    pos: Position | None = POS

    def parameter(self, name: str) -> Parameter | None:
        """Return the parameter called ``name``, if declared."""
        return next((p for p in self.parameters if p.name == name), None)


@dataclass(frozen=True, kw_only=True)
class Setting:
    """A value given to one of a licence's parameters."""

    name: str
    value: Value | Condition
    pos: Position | None = POS


@dataclass(frozen=True, kw_only=True)
class Terms:
    """A code social, or a set of parameters, written for one licence."""

    kind: Literal["code-social", "parameters"]
    name: str
    licence: LicenceRef
    meta: Metadata
    grants: tuple[Name, ...] = ()
    """Delegated uses the code social grants with no condition."""
    settings: tuple[Setting, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    rules: tuple[Rule, ...] = ()
    source: str = field(default="<string>", compare=False)
    pos: Position | None = POS


Document = Licence | Terms
