"""The typed model of a usage declaration: who uses which commons, how, and what came back.

Frozen values only. ``field_positions`` remembers where each field was written, so that a
fault found later (an unknown licence, a code social that does not exist) still points at its
line; it never takes part in equality.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from reciprocity.model import Money, Position

CONTRIBUTION_KINDS = ("money", "code", "source", "attribution", "report", "licence")
"""What a contribution can be; each settles the duty of the same kind."""

ORGANISATION_FLAGS = (
    "worker-owned",
    "surplus-to-workers",
    "democratic",
    "ess",
    "non-profit",
    "police",
    "military",
    "wage-portage",
    "paying-support",
)
ORGANISATION_MONEY = ("revenue", "total-finances", "investment-5y")
ORGANISATION_COUNTS = ("people", "developers", "monthly-active-users")


@dataclass(frozen=True, kw_only=True)
class Organisation:
    """The organisation that uses the commons; a fact it does not state is ``None``."""

    name: str | None = None
    form: str | None = None
    flags: tuple[tuple[str, bool], ...] = ()
    """Declared yes/no facts (``worker-owned``, ``ess``...), sorted by name."""
    money: tuple[tuple[str, Money], ...] = ()
    """Declared money facts (``revenue``...), sorted by name."""
    counts: tuple[tuple[str, int], ...] = ()
    """Declared counts (``people``...), sorted by name."""
    country: str | None = None
    identities: tuple[str, ...] = ()
    facts_since: dt.date | None = None
    """Since when the declared facts hold; a grace period runs from it."""

    def flag(self, name: str) -> bool | None:
        """Return a declared flag, or None when the declaration is silent."""
        return dict(self.flags).get(name)

    def amount(self, name: str) -> Money | None:
        """Return a declared money fact, or None."""
        return dict(self.money).get(name)

    def count(self, name: str) -> int | None:
        """Return a declared count, or None."""
        return dict(self.counts).get(name)


@dataclass(frozen=True)
class Period:
    """The period audited, both days included."""

    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@dataclass(frozen=True, kw_only=True)
class Prestation:
    """A paid service built on the commons: training, deployment, support."""

    amount: Money
    client: str | None = None
    date: dt.date | None = None
    description: str | None = None
    field_path: str = ""
    """Where it is in the declaration (``uses[0].prestations[1]``)."""


@dataclass(frozen=True, kw_only=True)
class Use:
    """One commons used, for some purposes, since some date."""

    index: int
    component: str
    purposes: tuple[str, ...]
    licence: str | None = None
    code_social: str | None = None
    parameters: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    released: dt.date | None = None
    instances: int | None = None
    days_of_use: int | None = None
    quantities: tuple[tuple[str, int], ...] = ()
    prestations: tuple[Prestation, ...] = ()
    upstream: str | None = None

    @property
    def field_path(self) -> str:
        """Where the use is in the declaration: ``uses[2]``."""
        return f"uses[{self.index}]"

    def quantity(self, name: str) -> int | None:
        """Return a declared quantity, or None."""
        return dict(self.quantities).get(name)


@dataclass(frozen=True, kw_only=True)
class Contribution:
    """What the organisation gave back to a component."""

    index: int
    to: str
    kind: str
    amount: Money | None = None
    date: dt.date | None = None
    commits: int | None = None
    lines: int | None = None
    evidence: str | None = None
    description: str | None = None

    @property
    def field_path(self) -> str:
        """Where it is in the declaration: ``contributions[0]``."""
        return f"contributions[{self.index}]"


@dataclass(frozen=True, kw_only=True)
class Waiver:
    """A rule the licensor waived for the organisation, until an optional date."""

    index: int
    component: str
    rule: str
    reason: str
    by: str | None = None
    expires: dt.date | None = None

    @property
    def field_path(self) -> str:
        """Where it is in the declaration: ``waivers[0]``."""
        return f"waivers[{self.index}]"


@dataclass(frozen=True, kw_only=True)
class Declaration:
    """A whole usage declaration, as read from ``reciprocity.yml``."""

    source: str
    """The file as the user named it."""
    folder: Path = field(compare=False)
    """The folder relative paths in the declaration (code social, upstream) start from."""
    organisation: Organisation
    period: Period | None = None
    """None when not declared: the calendar year of the evaluation date."""
    rates: tuple[tuple[str, Money], ...] = ()
    """One unit of the first currency is worth the amount: ``("USD", 0.92 EUR)``."""
    uses: tuple[Use, ...] = ()
    contributions: tuple[Contribution, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    text: str = field(default="", compare=False, repr=False)
    """The file's text, to show the faulty line in a later error."""
    field_positions: dict[str, Position] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    """Where each field was written, by its path (``uses[0].licence``)."""

    def position(self, field_path: str) -> Position | None:
        """Return where a field was written, or where its closest written parent was."""
        path = field_path
        while path:
            if path in self.field_positions:
                return self.field_positions[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None
