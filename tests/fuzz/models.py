"""Strategies for valid licence documents, built as the parser builds them.

A generated :class:`~reciprocity.model.Licence` passes every check of the semantic pass (it may
draw warnings: a rule without its clause, a summary in one language). A generated
:class:`~reciprocity.model.Terms` is valid for the licence it is drawn for. Values take the
form the parser gives them: texts with their blanks collapsed, ``and`` inside ``and`` flattened,
amounts and counts never negative.

Left out: comments (the printer drops them); aliases written as bare licence ids (the printer
always quotes them, and the parser gives the same string either way); comparisons of a licence
parameter (the grammar has no licence value in a condition); conditions nested more than three
deep (the parser's own tests go to its limit); amounts over 10^9.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from hypothesis import strategies as st

from reciprocity import model as m
from reciprocity.language.parser import licence_parser
from reciprocity.vocabulary import (
    BASE_CONDITIONS,
    COUNT_UNITS,
    CURRENCIES,
    FACTS,
    FORMS,
    LANGUAGES,
    PARAMETER_TYPES,
    PAYMENT_BASES,
    PERIODS,
    USE_KINDS,
    VOCABULARY_WORDS,
    FactType,
)

T = TypeVar("T")

_LOWER = "abcdefghijklmnopqrstuvwxyz"
_UPPER = _LOWER.upper()
_DIGITS = "0123456789"
# Built from pieces rather than from_regex, which costs several times more per draw.
NAMES = st.builds(
    lambda first, rest, parts: first + rest + "".join("-" + part for part in parts),
    st.sampled_from(_LOWER),
    st.text(_LOWER + _DIGITS, max_size=6),
    st.lists(st.text(_LOWER + _DIGITS, min_size=1, max_size=4), max_size=2),
)
"""Words as the grammar's NAME: ``[a-z][a-z0-9]*(-[a-z0-9]+)*``."""
LICENCE_IDS = st.builds(
    str.__add__, st.sampled_from(_UPPER), st.text(_LOWER + _UPPER + _DIGITS + ".+-", max_size=12)
)
"""Ids as the grammar's LICENCE_ID: ``[A-Z][A-Za-z0-9.+-]*``."""
COMPARATORS = ("<", "<=", ">", ">=", "=", "!=")
USE_NAMES = sorted(USE_KINDS)
# Keywords cannot name a parameter or a quantity (vocabulary words such as 'year' can).
KEYWORDS = (
    frozenset(str(t.pattern.value) for t in licence_parser().terminals if t.pattern.type == "str")
    - VOCABULARY_WORDS
)
FORM_NAMES = sorted(FORMS)
CURRENCY_CODES = sorted(CURRENCIES)


def _facts(kind: FactType) -> list[str]:
    return sorted(name for name, fact in FACTS.items() if fact.type is kind)


# The texts a reader writes (st.text draws no surrogate), blanks collapsed by the parser; and
# long ones, which the printer splits over several lines, made of words to be cheap to draw.
_WORDS = ["commons", "réciprocité", "a", "\\", '"', "l'œuvre", "x" * 120, "«", "4%", "\u00a0b"]
TEXTS = st.one_of(
    st.text(max_size=24),
    st.lists(st.sampled_from(_WORDS), min_size=10, max_size=60).map(" ".join),
).map(lambda raw: m.Text(" ".join(raw.split())))
AMOUNTS = st.one_of(
    st.integers(0, 10**9).map(Decimal),
    st.decimals(0, 10**7, places=2, allow_nan=False, allow_infinity=False),
).map(abs)
MONEY = st.tuples(AMOUNTS, st.sampled_from(CURRENCY_CODES)).map(lambda t: m.Money(*t))
FORM_SYMBOLS = st.sampled_from(FORM_NAMES).map(m.Symbol)
PERCENTAGES = st.decimals(Decimal("0.01"), 100, places=2).map(m.Percentage)
DURATIONS = st.builds(
    m.Duration, st.integers(1, 400), st.sampled_from(("day", "week", "month", "year"))
)
DATES = st.dates(dt.date(1970, 1, 1), dt.date(2200, 12, 31))


def _distinct(values: st.SearchStrategy[T], max_size: int) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(values, max_size=max_size, unique=True).map(tuple)


def _names(
    words: Sequence[str], min_size: int = 0, max_size: int = 3
) -> st.SearchStrategy[tuple[m.Name, ...]]:
    return st.lists(st.sampled_from(words), min_size=min_size, max_size=max_size).map(
        lambda chosen: tuple(m.Name(w) for w in chosen)
    )


# ==== Conditions =============================================================================


@dataclass(frozen=True)
class Scope:
    """What a condition may name: the facts, and the parameters and quantities in force."""

    parameters: tuple[m.Parameter, ...] = ()
    quantities: tuple[str, ...] = ()

    def of_type(self, type_: str) -> list[str]:
        return [p.name for p in self.parameters if p.type == type_]


def _all(operands: list[m.Condition]) -> m.All:
    flat: list[m.Condition] = []
    for operand in operands:
        flat.extend(operand.operands if isinstance(operand, m.All) else (operand,))
    return m.All(tuple(flat))


def _any(operands: list[m.Condition]) -> m.Any:
    flat: list[m.Condition] = []
    for operand in operands:
        flat.extend(operand.operands if isinstance(operand, m.Any) else (operand,))
    return m.Any(tuple(flat))


_LEAVES = (
    "constant",
    "flag",
    "money",
    "count",
    "date",
    "form",
    "percentage",
    "duration",
    "text",
    "member",
)


@st.composite
def conditions(draw: st.DrawFn, scope: Scope, depth: int = 0) -> m.Condition:
    """A condition that names only what ``scope`` holds, each compared with its kind of value.

    Drawn by hand rather than with ``st.recursive`` and ``st.builds``: built afresh for each
    licence's scope, those cost more than the whole parse they feed.
    """
    shape = draw(st.integers(0, 8)) if depth < 3 else 8
    if shape < 2:
        operands = [draw(conditions(scope, depth + 1)) for _ in range(draw(st.integers(2, 3)))]
        return _all(operands) if shape == 0 else _any(operands)
    if shape == 2:
        return m.Not(draw(conditions(scope, depth + 1)))
    subjects: dict[str, list[str]] = {
        "flag": [*_facts(FactType.FLAG), *scope.of_type("condition")],
        "money": [*_facts(FactType.MONEY), *scope.of_type("money")],
        "count": [*_facts(FactType.COUNT), *scope.of_type("number"), *scope.quantities],
        "date": [*_facts(FactType.DATE), *scope.of_type("date")],
        "form": _facts(FactType.FORM),
        "percentage": scope.of_type("percentage"),
        "duration": scope.of_type("duration"),
        "text": scope.of_type("text"),
    }
    leaf = draw(st.sampled_from([k for k in _LEAVES if subjects.get(k, True)]))
    if leaf == "constant":
        return m.Constant(draw(st.booleans()))
    if leaf == "member":
        forms = draw(st.lists(st.sampled_from(FORM_NAMES), min_size=1, max_size=3))
        return m.Member(m.Name("form"), tuple(m.Symbol(f) for f in forms), draw(st.booleans()))
    subject = m.Name(draw(st.sampled_from(subjects[leaf])))
    if leaf == "flag":
        return m.Flag(subject)
    ordered = leaf not in ("form", "text")
    op = draw(st.sampled_from(COMPARATORS if ordered else ("=", "!=")))
    value: object = draw(
        {
            "money": MONEY,
            "count": AMOUNTS,
            "date": DATES,
            "form": FORM_SYMBOLS,
            "percentage": PERCENTAGES,
            "duration": DURATIONS,
            "text": TEXTS,
        }[leaf]
    )
    return m.Compare(subject, op, value)  # type: ignore[arg-type]


# ==== Duties and rules =======================================================================


@st.composite
def payments(draw: st.DrawFn, quantities: Sequence[str]) -> m.Pay:
    """A payment whose amounts share one currency, its floor under its ceiling."""
    currency = draw(st.sampled_from(CURRENCY_CODES))
    in_currency = AMOUNTS.map(lambda value: m.Money(value, currency))
    payment: m.PercentOf | m.Fee
    if draw(st.booleans()):
        base = draw(st.sampled_from([*sorted(PAYMENT_BASES), "prestation"]))
        payment = m.PercentOf(draw(PERCENTAGES), m.Name(base), draw(st.none() | MONEY))
    else:
        period = draw(st.lists(st.sampled_from(sorted(PERIODS)), max_size=1))
        units = draw(_distinct(st.sampled_from([*sorted(COUNT_UNITS), *quantities]), 2))
        per = tuple(m.Name(unit) for unit in (*units, *period))
        payment = m.Fee(draw(in_currency), tuple(draw(st.permutations(per))))
    bounds = sorted(draw(st.lists(in_currency, min_size=2, max_size=2)), key=lambda a: a.value)
    minimum = bounds[0] if draw(st.booleans()) else None
    maximum = bounds[1] if draw(st.booleans()) else None
    return m.Pay(payment, minimum, maximum)


@st.composite
def duties(draw: st.DrawFn, quantities: Sequence[str]) -> m.Duty:
    kind = draw(
        st.sampled_from(("pay", "code", "source", "share", "attribute", "report", "licence"))
    )
    if kind == "pay":
        return draw(payments(quantities))
    if kind == "code":
        return m.ContributeCode(draw(st.none() | DURATIONS))
    if kind == "source":
        return m.PublishSource(draw(st.none() | DURATIONS))
    if kind == "attribute":
        return m.Attribute(draw(st.none() | TEXTS))
    if kind == "report":
        return m.Report(draw(st.sampled_from(("month", "year"))))
    return m.ShareAlike() if kind == "share" else m.ObtainLicence()


@st.composite
def explanations(draw: st.DrawFn) -> tuple[m.Explanation, ...]:
    langs = draw(st.lists(st.sampled_from(LANGUAGES), unique=True))
    return tuple(m.Explanation(lang, draw(TEXTS)) for lang in langs)


@st.composite
def rules(draw: st.DrawFn, name: str, scope: Scope, uses: Sequence[str] = USE_NAMES) -> m.Rule:
    """A rule that applies to some of ``uses`` (or to any use), and forbids or asks."""
    condition = conditions(scope)
    any_use = not uses or draw(st.booleans())
    applies = () if any_use else draw(_names(uses, min_size=1))
    forbidden = draw(st.booleans())
    requirements = (
        ()
        if forbidden
        else draw(
            st.lists(
                st.lists(duties(scope.quantities), min_size=1, max_size=2).map(
                    lambda alternatives: m.Requirement(tuple(alternatives))
                ),
                min_size=1,
                max_size=2,
            ).map(tuple)
        )
    )
    return m.Rule(
        name=name,
        clause=draw(st.none() | TEXTS),
        applies_to=applies,
        any_use=any_use,
        when=draw(st.none() | condition),
        unless=tuple(draw(st.lists(condition, max_size=2))),
        trial=m.Trial(draw(DURATIONS), draw(st.booleans())) if draw(st.booleans()) else None,
        grace=draw(st.none() | DURATIONS),
        forbidden=forbidden,
        requirements=requirements,
        explanations=draw(explanations()),
    )


# ==== Documents ==============================================================================


@st.composite
def metadata(draw: st.DrawFn, *, url: bool) -> m.Metadata:
    langs = draw(st.lists(st.sampled_from(LANGUAGES), unique=True))
    return m.Metadata(
        name=draw(TEXTS),
        version=draw(st.none() | TEXTS),
        url=draw(TEXTS) if url else draw(st.none() | TEXTS),
        provenance=draw(st.none() | TEXTS),
        authors=tuple(draw(st.lists(TEXTS, max_size=3))),
        year=draw(st.none() | st.integers(1900, 2100)),
        based_on=draw(st.none() | LICENCE_IDS.map(m.LicenceRef)),
        aliases=tuple(draw(st.lists(st.text(), max_size=3))),
        identified_by=tuple(draw(st.lists(TEXTS, max_size=3))),
        summaries=tuple(m.Summary(lang=lang, text=draw(TEXTS)) for lang in langs),
    )


def values_of(type_: str) -> st.SearchStrategy[m.Value | m.Condition]:
    """A value a parameter of ``type_`` may take."""
    strategies: dict[str, st.SearchStrategy[m.Value | m.Condition]] = {
        "text": TEXTS,
        "date": DATES,
        "money": MONEY,
        "number": AMOUNTS,
        "percentage": PERCENTAGES,
        "duration": DURATIONS,
        "licence": LICENCE_IDS.map(m.LicenceRef),
        "condition": conditions(Scope()),
    }
    return strategies[type_]


@st.composite
def own_names(draw: st.DrawFn, count: int, taken: frozenset[str]) -> list[str]:
    """Names for parameters, quantities or rules: distinct, not a fact or a keyword, not taken."""
    names: list[str] = []
    # A loop rather than a filtered strategy: hypothesis reads a filter's source each time
    # one is built, which costs more than the draws.
    for _ in range(draw(st.integers(0, count))):
        name = draw(NAMES)
        if name not in FACTS and name not in KEYWORDS and name not in taken and name not in names:
            names.append(name)
    return names


@st.composite
def licences(draw: st.DrawFn) -> m.Licence:
    """A valid licence: metadata, grants, parameters with defaults, a change, rules."""
    parameters = []
    for name in draw(own_names(4, frozenset())):
        type_ = draw(st.sampled_from(sorted(PARAMETER_TYPES)))
        parameters.append(
            m.Parameter(
                name=name,
                type=type_,
                default=draw(st.none() | values_of(type_)),
                description=draw(st.none() | TEXTS),
            )
        )
    taken = frozenset(p.name for p in parameters)
    quantity_names = draw(own_names(2, taken))
    quantities = tuple(
        m.Quantity(name=name, description=draw(st.none() | TEXTS)) for name in quantity_names
    )
    scope = Scope(tuple(parameters), tuple(quantity_names))
    change = None
    if draw(st.booleans()):
        licence_parameters = scope.of_type("licence")
        date_parameters = scope.of_type("date")
        to: m.LicenceRef | m.Name = draw(
            LICENCE_IDS.map(m.LicenceRef)
            | (
                st.sampled_from(licence_parameters).map(m.Name)
                if licence_parameters
                else st.nothing()
            )
        )
        on: dt.date | m.Name | None = draw(
            st.none()
            | DATES
            | (st.sampled_from(date_parameters).map(m.Name) if date_parameters else st.nothing())
        )
        after = draw(DURATIONS) if on is None else draw(st.none() | DURATIONS)
        change = m.Change(to=to, on=on, after_release=after)
    rule_names = draw(own_names(3, frozenset()))
    return m.Licence(
        id=draw(LICENCE_IDS),
        meta=draw(metadata(url=True)),
        grants=draw(_names(USE_NAMES)),
        requires=draw(_names(sorted(BASE_CONDITIONS))),
        delegates=draw(_names(USE_NAMES)),
        parameters=tuple(parameters),
        quantities=quantities,
        change=change,
        cure=draw(st.none() | DURATIONS),
        rules=tuple(draw(rules(name, scope)) for name in rule_names),
    )


@st.composite
def terms(draw: st.DrawFn, licence: m.Licence) -> m.Terms:
    """A code social or a parameter set valid for ``licence``."""
    delegated = [kind.name for kind in licence.delegates]
    kind = "code-social" if bool(delegated) and draw(st.booleans()) else "parameters"
    settings = (
        tuple(
            m.Setting(name=parameter.name, value=draw(values_of(parameter.type)))
            for parameter in draw(
                st.lists(st.sampled_from(licence.parameters), unique_by=lambda p: p.name)
            )
        )
        if licence.parameters
        else ()
    )
    taken = frozenset(
        [*(p.name for p in licence.parameters), *(q.name for q in licence.quantities)]
    )
    quantity_names = draw(own_names(2, taken))
    scope = Scope(licence.parameters, (*(q.name for q in licence.quantities), *quantity_names))
    rule_names = draw(own_names(2, frozenset())) if kind == "code-social" else []
    return m.Terms(
        kind=kind,  # type: ignore[arg-type]
        name=draw(NAMES),
        licence=m.LicenceRef(licence.id),
        meta=draw(metadata(url=False)),
        grants=draw(_names(delegated)) if delegated else (),
        settings=settings,
        quantities=tuple(
            m.Quantity(name=name, description=draw(st.none() | TEXTS)) for name in quantity_names
        ),
        rules=tuple(draw(rules(name, scope, delegated)) for name in rule_names),
    )
