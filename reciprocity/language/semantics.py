"""Meaning checks run after parsing: every name known, every amount in a currency, and so on.

The checks collect every diagnostic instead of stopping at the first, so ``licence lint``
reports a whole file at once. Errors make a document invalid; warnings (a rule without its
clause, an explanation missing in one language) keep it usable but are shown by ``lint``.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from reciprocity import model as m
from reciprocity.errors import Diagnostic, Severity
from reciprocity.language.diagnostics import diagnostic_at
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
    FactType,
)

_PARAMETER_FACT_TYPES = {
    "money": FactType.MONEY,
    "number": FactType.COUNT,
    "date": FactType.DATE,
}


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


@dataclass
class _Checker:
    text: str
    source: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    parameters: dict[str, m.Parameter] = field(default_factory=dict)
    quantities: dict[str, m.Quantity] = field(default_factory=dict)

    # ---- reporting ---------------------------------------------------------------------------

    def report(
        self,
        pos: m.Position | None,
        message: str,
        hint: str = "",
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.diagnostics.append(diagnostic_at(self.text, self.source, pos, message, hint, severity))

    def warn(self, pos: m.Position | None, message: str, hint: str = "") -> None:
        self.report(pos, message, hint, Severity.WARNING)

    def vocabulary_word(self, name: m.Name, words: Iterable[str], what: str) -> bool:
        words = list(words)
        if name.name in words:
            return True
        hint = _suggest(name.name, words) or f"use one of: {', '.join(sorted(words))}"
        self.report(name.pos, f"unknown {what} '{name.name}'", hint)
        return False

    # ---- values ------------------------------------------------------------------------------

    def money(self, money: m.Money) -> None:
        if money.currency not in CURRENCIES:
            self.report(
                money.pos,
                f"unknown currency '{money.currency}'",
                _suggest(money.currency, CURRENCIES) or "use an ISO 4217 code such as EUR or USD",
            )
        if money.value < 0:
            self.report(money.pos, "an amount cannot be negative", "write a positive amount")

    def percentage(self, rate: m.Percentage) -> None:
        if rate.value > 100:
            self.report(
                rate.pos,
                f"a share of {rate.value}% is more than the whole",
                "write a percentage between 0 and 100",
            )
        elif rate.value <= 0:
            self.report(rate.pos, "a share of 0% asks nothing", "write a percentage above 0")

    def same_currency(self, amounts: list[m.Money], context: str) -> None:
        currencies = sorted({a.currency for a in amounts})
        if len(currencies) > 1:
            later = next(a for a in amounts if a.currency != amounts[0].currency)
            self.report(
                later.pos,
                f"{context} mixes currencies ({', '.join(currencies)})",
                f"write every amount of {context} in {amounts[0].currency}",
            )

    def value(self, value: object) -> None:
        if isinstance(value, m.Money):
            self.money(value)
        elif isinstance(value, m.Percentage):
            self.percentage(value)

    # ---- conditions --------------------------------------------------------------------------

    def subject_type(self, name: m.Name) -> FactType | str | None:
        if name.name in self.parameters:
            return self.parameters[name.name].type
        if name.name in self.quantities:
            return FactType.COUNT
        if name.name in FACTS:
            return FACTS[name.name].type
        known = [*FACTS, *self.parameters, *self.quantities]
        hint = _suggest(name.name, known) or (
            "declare it with 'parameter', or use a fact such as revenue, people or worker-owned"
        )
        self.report(name.pos, f"unknown fact or parameter '{name.name}'", hint)
        return None

    def condition(self, condition: m.Condition) -> None:
        match condition:
            case m.All(operands) | m.Any(operands):
                for operand in operands:
                    self.condition(operand)
            case m.Not(operand):
                self.condition(operand)
            case m.Constant():
                pass
            case m.Flag(subject):
                kind = self.subject_type(subject)
                if kind is None or kind in (FactType.FLAG, "condition"):
                    return
                example = {
                    FactType.MONEY: f"{subject.name} >= 1000000 EUR",
                    FactType.COUNT: f"{subject.name} < 100",
                    FactType.FORM: "form in [worker-cooperative, scic]",
                    FactType.DATE: f"{subject.name} >= 2026-01-01",
                }.get(kind, f"{subject.name} = ...")  # type: ignore[call-overload]
                self.report(
                    subject.pos,
                    f"'{subject.name}' is not a yes-or-no fact",
                    f"compare it with a value, e.g. {example}",
                )
            case m.Compare(subject, op, value):
                self.comparison(subject, op, value)
            case m.Member(subject, values, _):
                kind = self.subject_type(subject)
                if kind is None:
                    return
                if kind != FactType.FORM:
                    self.report(
                        subject.pos,
                        f"'{subject.name}' cannot be tested against a list",
                        "lists are for the organisation's form: form in [cooperative, scic]",
                    )
                    return
                for value in values:
                    self.form_value(value, subject.pos)

    def form_value(self, value: object, pos: m.Position | None) -> None:
        if isinstance(value, m.Symbol):
            if value.name not in FORMS:
                self.report(
                    value.pos,
                    f"unknown organisation form '{value.name}'",
                    _suggest(value.name, FORMS) or f"use one of: {', '.join(FORMS)}",
                )
        else:
            self.report(
                pos,
                "an organisation form is a word, not a number or a text",
                f"use one of: {', '.join(FORMS)}",
            )

    def comparison(self, subject: m.Name, op: str, value: m.Value) -> None:
        kind = self.subject_type(subject)
        if kind is None:
            return
        self.value(value)
        kind = _PARAMETER_FACT_TYPES.get(kind, kind) if isinstance(kind, str) else kind
        if kind == FactType.FLAG or kind == "condition":
            self.report(
                subject.pos,
                f"'{subject.name}' is yes-or-no and cannot be compared",
                f"write '{subject.name}' alone, or 'not {subject.name}'",
            )
        elif kind == FactType.FORM:
            if op not in ("=", "!="):
                self.report(
                    subject.pos,
                    "an organisation form has no order",
                    "compare it with = or !=, or use form in [...]",
                )
            self.form_value(value, subject.pos)
        elif kind == FactType.MONEY:
            if not isinstance(value, m.Money):
                self.report(
                    subject.pos,
                    f"'{subject.name}' is an amount of money, compared here with no currency",
                    "add the currency to the amount, e.g. 1000000 EUR",
                )
        elif kind == FactType.COUNT:
            if isinstance(value, m.Money):
                self.report(
                    value.pos,
                    f"'{subject.name}' is a count, not an amount of money",
                    f"remove the currency: {subject.name} {op} {value.value}",
                )
            elif not isinstance(value, Decimal):
                self.report(
                    subject.pos,
                    f"'{subject.name}' is a count and needs a number",
                    f"write a number, e.g. {subject.name} {op} 100",
                )
        elif kind == FactType.DATE:
            if not isinstance(value, dt.date):
                self.report(
                    subject.pos,
                    f"'{subject.name}' is a date and needs a date",
                    "write a date as YEAR-MONTH-DAY, e.g. 2026-01-31",
                )
        elif kind == "percentage" and not isinstance(value, m.Percentage):
            self.report(subject.pos, f"'{subject.name}' is a percentage", "write e.g. 5%")

    # ---- rules -------------------------------------------------------------------------------

    def duration(self, duration: m.Duration | None, pos: m.Position | None) -> None:
        if duration is not None and duration.amount <= 0:
            self.report(pos, "a duration must be longer than zero", "write e.g. 30 days")

    def duty(self, duty: m.Duty, rule: m.Rule) -> None:
        match duty:
            case m.Pay(payment, minimum, maximum):
                amounts = [a for a in (minimum, maximum) if a is not None]
                if isinstance(payment, m.PercentOf):
                    self.percentage(payment.rate)
                    base = payment.base
                    if base.name != "prestation" and base.name not in PAYMENT_BASES:
                        hint = _suggest(base.name, [*PAYMENT_BASES, "each prestation"]) or (
                            "a share is of revenue, of total-finances, or of each prestation"
                        )
                        self.report(base.pos, f"cannot take a share of '{base.name}'", hint)
                    if payment.above is not None:
                        self.money(payment.above)
                else:
                    amounts.insert(0, payment.amount)
                    self.fee_units(payment)
                for amount in amounts:
                    self.money(amount)
                self.same_currency(amounts, "this payment")
                if (
                    minimum
                    and maximum
                    and minimum.currency == maximum.currency
                    and minimum.value > maximum.value
                ):
                    self.report(
                        minimum.pos,
                        "the minimum is above the maximum",
                        "swap 'at least' and 'at most', or fix one of them",
                    )
            case m.ContributeCode(within) | m.PublishSource(within):
                self.duration(within, rule.pos)

    def fee_units(self, fee: m.Fee) -> None:
        periods = 0
        seen: set[str] = set()
        for unit in fee.per:
            if unit.name in seen:
                self.report(unit.pos, f"'per {unit.name}' is written twice", "keep one")
            seen.add(unit.name)
            if unit.name in PERIODS:
                periods += 1
            elif unit.name not in COUNT_UNITS and unit.name not in self.quantities:
                known = [*PERIODS, *COUNT_UNITS, *self.quantities]
                self.report(
                    unit.pos,
                    f"unknown unit '{unit.name}'",
                    _suggest(unit.name, known)
                    or "count per month, year, developer, person, instance, user or a "
                    "quantity declared with 'quantity'",
                )
        if periods > 1:
            self.report(
                fee.per[0].pos, "a fee recurs over one period", "keep per month or per year"
            )

    def texts(
        self,
        items: Iterable[tuple[str, m.Position | None]],
        what: str,
        pos: m.Position | None,
        keyword: str,
    ) -> None:
        seen: set[str] = set()
        for lang, lang_pos in items:
            if lang not in LANGUAGES:
                self.report(
                    lang_pos, f"unknown language '{lang}'", "write en (English) or fr (French)"
                )
            elif lang in seen:
                self.report(lang_pos, f"{what} is written twice in '{lang}'", "keep one")
            seen.add(lang)
        for lang in LANGUAGES:
            if lang not in seen:
                name = {"en": "English", "fr": "French"}[lang]
                self.warn(pos, f"{what} has no {name} text", f'add {keyword} {lang} "..."')

    def rule(self, rule: m.Rule, delegated: tuple[str, ...] | None = None) -> None:
        if rule.clause is None:
            self.warn(
                rule.pos,
                f"rule '{rule.name}' cites no clause",
                'add clause "..." with the section of the legal text it encodes',
            )
        if not rule.applies_to and not rule.any_use:
            self.report(
                rule.pos,
                f"rule '{rule.name}' does not say which uses it applies to",
                "add a line such as applies to commercial (or applies to any use)",
            )
        for kind in rule.applies_to:
            self.kind_of_use(kind, delegated, "set rules for")
        if rule.when is not None:
            self.condition(rule.when)
        for exemption in rule.unless:
            self.condition(exemption)
        if rule.trial:
            self.duration(rule.trial.duration, rule.pos)
        self.duration(rule.grace, rule.pos)
        if not rule.forbidden and not rule.requirements:
            self.report(
                rule.pos,
                f"rule '{rule.name}' asks nothing",
                "add 'forbidden' or a 'must' line saying what is owed",
            )
        if rule.forbidden and rule.requirements:
            self.report(
                rule.pos,
                f"rule '{rule.name}' is both forbidden and asks for something",
                "keep 'forbidden', or the 'must' lines, not both",
            )
        for requirement in rule.requirements:
            for duty in requirement.alternatives:
                self.duty(duty, rule)
        self.texts(
            ((e.lang, e.pos) for e in rule.explanations),
            f"rule '{rule.name}'",
            rule.pos,
            "explain",
        )

    def kind_of_use(self, kind: m.Name, delegated: tuple[str, ...] | None, verb: str) -> None:
        """Check a kind of use; in a code social, also that its licence delegates it."""
        known = self.vocabulary_word(kind, USE_KINDS, "kind of use")
        if known and delegated is not None and kind.name not in delegated:
            self.report(
                kind.pos,
                f"the licence does not leave '{kind.name}' to its code social",
                f"a code social may only {verb} the uses its licence delegates: "
                + (", ".join(delegated) or "none"),
            )

    def rules(self, rules: tuple[m.Rule, ...], delegated: tuple[str, ...] | None = None) -> None:
        seen: dict[str, m.Rule] = {}
        for rule in rules:
            if rule.name in seen:
                first = seen[rule.name].pos
                line = f" (first on line {first.line})" if first else ""
                self.report(
                    rule.pos,
                    f"rule '{rule.name}' is defined twice{line}",
                    "rename one of them: rule names identify findings",
                )
            seen[rule.name] = rule
            self.rule(rule, delegated)

    # ---- documents ---------------------------------------------------------------------------

    def metadata(self, meta: m.Metadata, pos: m.Position | None, what: str) -> None:
        if meta.name is None:
            self.report(pos, f"{what} has no name", 'add name "..." with its full title')
        self.texts(
            ((s.lang, s.pos) for s in meta.summaries), f"the summary of {what}", pos, "summary"
        )
        if meta.year is not None and not 1900 <= meta.year <= 2100:
            self.report(pos, f"the year {meta.year} is not plausible", "write the year of the text")

    def declarations(
        self, parameters: tuple[m.Parameter, ...], quantities: tuple[m.Quantity, ...]
    ) -> None:
        for parameter in parameters:
            if parameter.name in self.parameters or parameter.name in FACTS:
                self.report(
                    parameter.pos,
                    f"'{parameter.name}' is already "
                    + ("a fact" if parameter.name in FACTS else "a parameter"),
                    "give the parameter another name",
                )
                continue
            if parameter.type not in PARAMETER_TYPES:
                self.report(
                    parameter.pos,
                    f"unknown parameter type '{parameter.type}'",
                    _suggest(parameter.type, PARAMETER_TYPES)
                    or f"use one of: {', '.join(PARAMETER_TYPES)}",
                )
            self.parameters[parameter.name] = parameter
            if parameter.default is not None:
                self.setting_value(parameter, parameter.default, parameter.pos)
        for quantity in quantities:
            if quantity.name in self.quantities or quantity.name in FACTS:
                self.report(
                    quantity.pos,
                    f"'{quantity.name}' is already a fact or a quantity",
                    "give the quantity another name",
                )
            self.quantities[quantity.name] = quantity

    def setting_value(self, parameter: m.Parameter, value: object, pos: m.Position | None) -> None:
        expected: dict[str, tuple[type, ...]] = {
            "text": (m.Text,),
            "date": (dt.date,),
            "money": (m.Money,),
            "number": (Decimal,),
            "percentage": (m.Percentage,),
            "duration": (m.Duration,),
            "licence": (m.LicenceRef,),
            "condition": (m.Compare, m.Member, m.Flag, m.Constant, m.Not, m.All, m.Any),
        }
        wanted = expected.get(parameter.type)
        if wanted is None:
            return
        if not isinstance(value, wanted):
            self.report(
                pos,
                f"'{parameter.name}' is a {PARAMETER_TYPES[parameter.type].en}, "
                "and this value is not",
                f"give it a {PARAMETER_TYPES[parameter.type].en}",
            )
            return
        if parameter.type == "condition":
            self.condition(value)  # type: ignore[arg-type]
        else:
            self.value(value)

    def licence(self, licence: m.Licence) -> None:
        self.metadata(licence.meta, licence.pos, f"licence {licence.id}")
        if licence.meta.url is None:
            self.report(
                licence.pos,
                f"licence {licence.id} gives no url",
                'add url "..." pointing at the legal text',
            )
        if licence.meta.provenance is None:
            self.warn(
                licence.pos,
                f"licence {licence.id} gives no provenance",
                'add provenance "..." saying which text (URL, version) it was encoded from',
            )
        if not licence.meta.identified_by:
            self.warn(
                licence.pos,
                f"licence {licence.id} has no 'identified by' phrase",
                'add identified by "..." with words found only in this licence\'s text',
            )
        self.declarations(licence.parameters, licence.quantities)
        for kind in (*licence.grants, *licence.delegates):
            self.vocabulary_word(kind, USE_KINDS, "kind of use")
        for condition in licence.requires:
            self.vocabulary_word(condition, BASE_CONDITIONS, "base condition")
        if licence.change is not None:
            self.change(licence.change)
        self.duration(licence.cure, licence.pos)
        self.rules(licence.rules)

    def change(self, change: m.Change) -> None:
        if isinstance(change.to, m.Name):
            self.parameter_of_type(change.to, "licence")
        if isinstance(change.on, m.Name):
            self.parameter_of_type(change.on, "date")
        if change.on is None and change.after_release is None:
            self.report(
                change.pos,
                "the change of licence has no date",
                "add on YEAR-MONTH-DAY, or 4 years after release",
            )

    def parameter_of_type(self, name: m.Name, type_: str) -> None:
        parameter = self.parameters.get(name.name)
        if parameter is None:
            self.report(
                name.pos,
                f"undefined parameter '{name.name}'",
                _suggest(name.name, self.parameters)
                or f"declare it: parameter {name.name}: {type_}",
            )
        elif parameter.type != type_:
            self.report(
                name.pos,
                f"'{name.name}' is a {parameter.type} parameter where a {type_} is needed",
                f"use a {type_} parameter here",
            )

    def terms(self, terms: m.Terms, licence: m.Licence | None) -> None:
        what = "code social" if terms.kind == "code-social" else "parameter set"
        self.metadata(terms.meta, terms.pos, f"{what} {terms.name}")
        delegated: tuple[str, ...] | None = None
        if licence is not None:
            self.declarations(licence.parameters, licence.quantities)
            delegated = tuple(k.name for k in licence.delegates)
            if terms.kind == "code-social" and not delegated:
                self.report(
                    terms.licence.pos,
                    f"licence {licence.id} leaves nothing to a code social",
                    "write this code social for a licence that delegates uses to it, "
                    "or make it a parameter set",
                )
            self.settings(terms, licence)
        self.declarations((), terms.quantities)
        for kind in terms.grants:
            self.kind_of_use(kind, delegated, "grant")
        if terms.kind == "parameters" and terms.rules:
            self.report(
                terms.rules[0].pos,
                "a parameter set cannot add rules",
                "write the rules in a code social, or in the licence itself",
            )
        self.rules(terms.rules, delegated)

    def settings(self, terms: m.Terms, licence: m.Licence) -> None:
        seen: set[str] = set()
        for setting in terms.settings:
            parameter = licence.parameter(setting.name)
            if parameter is None:
                names = [p.name for p in licence.parameters]
                self.report(
                    setting.pos,
                    f"licence {licence.id} has no parameter '{setting.name}'",
                    _suggest(setting.name, names)
                    or (f"its parameters are: {', '.join(names)}" if names else "remove it"),
                )
                continue
            if setting.name in seen:
                self.report(setting.pos, f"'{setting.name}' is set twice", "keep one 'set' line")
            seen.add(setting.name)
            self.setting_value(parameter, setting.value, setting.pos)


def check_document(
    document: m.Document, *, text: str, source: str, licence: m.Licence | None = None
) -> list[Diagnostic]:
    """Return every meaning problem in ``document``; ``licence`` is the one a code social is for."""
    checker = _Checker(text=text, source=source)
    if isinstance(document, m.Licence):
        checker.licence(document)
    else:
        checker.terms(document, licence)
    return sorted(checker.diagnostics, key=Diagnostic.sort_key)
