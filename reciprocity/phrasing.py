"""Plain-language phrasing of the licence model, in English and French.

Shared by the explanation of a licence and by the explanation of each finding, so that both
say a condition or a duty in the same words. Pure functions of the model.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reciprocity import model as m
from reciprocity.vocabulary import (
    COUNT_UNITS,
    DURATION_UNITS,
    FACTS,
    FORMS,
    PERIODS,
    UNIT_LABELS,
    USE_KINDS,
    FactType,
    Label,
)

_WORDS: dict[str, Label] = {
    "or": Label("or", "ou"),
    "and": Label("and", "et"),
}

_OPS: dict[str, Label] = {
    "<": Label("less than", "moins de"),
    "<=": Label("at most", "au plus"),
    ">": Label("more than", "plus de"),
    ">=": Label("at least", "au moins"),
    "=": Label("exactly", "exactement"),
    "!=": Label("other than", "autre que"),
}
_DATE_OPS: dict[str, Label] = {
    "<": Label("before", "avant le"),
    "<=": Label("on or before", "au plus tard le"),
    ">": Label("after", "après le"),
    ">=": Label("on or after", "à partir du"),
    "=": Label("on", "le"),
    "!=": Label("other than", "autre que le"),
}

_FLAGS: dict[str, tuple[Label, Label]] = {
    "worker-owned": (
        Label(
            "the organisation is worker-owned", "l'organisation est détenue par ses travailleurs"
        ),
        Label(
            "the organisation is not worker-owned",
            "l'organisation n'est pas détenue par ses travailleurs",
        ),
    ),
    "surplus-to-workers": (
        Label(
            "it distributes its surplus to its worker-owners",
            "elle distribue ses excédents à ses travailleurs associés",
        ),
        Label(
            "it does not distribute its surplus to its worker-owners",
            "elle ne distribue pas ses excédents à ses travailleurs associés",
        ),
    ),
    "ess": (
        Label(
            "the organisation belongs to the social and solidarity economy",
            "l'organisation relève de l'économie sociale et solidaire",
        ),
        Label(
            "the organisation is outside the social and solidarity economy",
            "l'organisation ne relève pas de l'économie sociale et solidaire",
        ),
    ),
    "democratic": (
        Label(
            "the organisation is democratically governed",
            "l'organisation est gouvernée démocratiquement",
        ),
        Label(
            "the organisation is not democratically governed",
            "l'organisation n'est pas gouvernée démocratiquement",
        ),
    ),
    "non-profit": (
        Label("the organisation is non-profit", "l'organisation est à but non lucratif"),
        Label("the organisation seeks profit", "l'organisation est à but lucratif"),
    ),
    "police": (
        Label("the organisation is a police body", "l'organisation est une force de police"),
        Label(
            "the organisation is not a police body", "l'organisation n'est pas une force de police"
        ),
    ),
    "military": (
        Label("the organisation is military", "l'organisation est militaire"),
        Label("the organisation is not military", "l'organisation n'est pas militaire"),
    ),
    "wage-portage": (
        Label(
            "the user is an individual worker under wage portage",
            "l'utilisateur est un travailleur en portage salarial",
        ),
        Label(
            "the user is not a worker under wage portage",
            "l'utilisateur n'est pas un travailleur en portage salarial",
        ),
    ),
    "paying-support": (
        Label("the user already pays for support", "l'utilisateur paie déjà un support"),
        Label("the user pays for no support", "l'utilisateur ne paie aucun support"),
    ),
}


_IS_NOT_FR = "n'est pas"

# What a percentage is a share of, with the article French needs.
_PAYMENT_BASES: dict[str, Label] = {
    "prestation": Label("of the price of each prestation", "du prix de chaque prestation"),
    "revenue": Label("of revenue", "du chiffre d'affaires"),
    "total-finances": Label("of total finances", "des finances totales"),
}


def say_number(value: Decimal, lang: str) -> str:
    text = format(value, ",f") if value == value.to_integral_value() else format(value, ",")
    if lang == "fr":
        text = text.replace(",", " ").replace(".", ",")
    return text


def money(amount: m.Money, lang: str) -> str:
    """Format an amount of money for a reader: ``1,000,000 USD`` or ``1 000 000 USD``."""
    return f"{say_number(amount.value, lang)} {amount.currency}"


def duration(value: m.Duration, lang: str) -> str:
    """Format a duration: ``30 days`` or ``30 jours``."""
    unit = DURATION_UNITS[value.unit](lang)
    if value.amount != 1:
        unit = {"mois": "mois", "an": "ans"}.get(unit, unit + "s") if lang == "fr" else unit + "s"
    return f"{value.amount} {unit}"


def say_percentage(rate: m.Percentage, lang: str) -> str:
    return (
        f"{say_number(rate.value, lang)} %" if lang == "fr" else f"{say_number(rate.value, lang)}%"
    )


def say_value(value: object, lang: str) -> str:
    match value:
        case m.Money():
            return money(value, lang)
        case m.Percentage():
            return say_percentage(value, lang)
        case m.Duration():
            return duration(value, lang)
        case Decimal():
            return say_number(value, lang)
        case dt.date():
            return value.isoformat()
        case m.Symbol(name):
            return FORMS[name](lang) if name in FORMS else name
        case m.LicenceRef(identifier):
            return identifier
        case m.Text(text):
            return f"« {text} »" if lang == "fr" else f"“{text}”"
    return condition(value, lang)  # type: ignore[arg-type]


def fact_label(name: str, lang: str) -> str:
    return FACTS[name].label(lang) if name in FACTS else name


def condition(cond: m.Condition, lang: str, top: bool = True) -> str:
    """Say a condition in words."""
    match cond:
        case m.All(operands) | m.Any(operands):
            word = _WORDS["and" if isinstance(cond, m.All) else "or"](lang)
            text = f" {word} ".join(condition(o, lang, top=False) for o in operands)
            return text if top else f"({text})"
        case m.Not(m.Flag(subject)) if subject.name in _FLAGS:
            return _FLAGS[subject.name][1](lang)
        case m.Not(operand):
            inner = condition(operand, lang, top=False)
            return (
                f"il n'est pas vrai que {inner}" if lang == "fr" else f"it is not true that {inner}"
            )
        case m.Constant(value):
            if lang == "fr":
                return "toujours" if value else "jamais"
            return "always" if value else "never"
        case m.Flag(subject):
            if subject.name in _FLAGS:
                return _FLAGS[subject.name][0](lang)
            if lang == "fr":
                return f"la condition « {subject.name} » est remplie"
            return f"the condition '{subject.name}' holds"
        case m.Member(subject, values, negated):
            listed = f" {_WORDS['or'](lang)} ".join(say_value(v, lang) for v in values)
            if lang == "fr":
                return f"l'organisation {_IS_NOT_FR if negated else 'est'} {listed}"
            return f"the organisation is {'not ' if negated else ''}{listed}"
        case m.Compare(subject, op, value):
            fact = FACTS.get(subject.name)
            if fact is not None and fact.type is FactType.FORM:
                negated = op == "!="
                if lang == "fr":
                    verb = _IS_NOT_FR if negated else "est"
                    return f"l'organisation {verb} {say_value(value, lang)}"
                return f"the organisation is {'not ' if negated else ''}{say_value(value, lang)}"
            ops = _DATE_OPS if isinstance(value, dt.date) else _OPS
            label = fact_label(subject.name, lang)
            colon = " :" if lang == "fr" else ":"
            return f"{label}{colon} {ops[op](lang)} {say_value(value, lang)}"
    raise TypeError(f"not a condition: {cond!r}")


def _unit(name: str, lang: str) -> str:
    if name in PERIODS:
        return PERIODS[name](lang)
    if name in COUNT_UNITS:
        return UNIT_LABELS[name](lang)
    return name


def duty(value: m.Duty, lang: str) -> str:
    """Say what one duty asks."""
    fr = lang == "fr"
    match value:
        case m.Pay(payment, minimum, maximum):
            if isinstance(payment, m.PercentOf):
                rate = say_percentage(payment.rate, lang)
                phrase = _PAYMENT_BASES.get(payment.base.name)
                base = phrase(lang) if phrase else f"{payment.base.name}"
                if payment.above is not None:
                    base += (
                        f" au-delà de {money(payment.above, lang)}"
                        if fr
                        else f" above {money(payment.above, lang)}"
                    )
                text = f"verser {rate} {base}" if fr else f"pay {rate} {base}"
            else:
                per = (" et " if fr else " ").join(
                    (f"par {_unit(u.name, lang)}" if fr else f"per {_unit(u.name, lang)}")
                    for u in payment.per
                )
                text = (
                    f"verser {money(payment.amount, lang)}"
                    if fr
                    else f"pay {money(payment.amount, lang)}"
                )
                if per:
                    text += f" {per}"
            if minimum is not None:
                text += (
                    f", au minimum {money(minimum, lang)}"
                    if fr
                    else f", at least {money(minimum, lang)}"
                )
            if maximum is not None:
                text += (
                    f", au maximum {money(maximum, lang)}"
                    if fr
                    else f", at most {money(maximum, lang)}"
                )
            return text
        case m.ContributeCode(within):
            text = "contribuer du code au commun" if fr else "contribute code back to the commons"
            return text + (_within(within, lang) if within else "")
        case m.PublishSource(within):
            text = "publier le code source" if fr else "publish the source code"
            return text + (_within(within, lang) if within else "")
        case m.ShareAlike():
            return (
                "partager les œuvres dérivées sous la même licence"
                if fr
                else "share derived works under the same licence"
            )
        case m.Attribute(wording):
            text = "citer l'œuvre" if fr else "give credit"
            if wording is not None:
                text += (
                    f" avec la mention {say_value(wording, lang)}"
                    if fr
                    else f" with the words {say_value(wording, lang)}"
                )
            return text
        case m.Report(every):
            if fr:
                return "déclarer l'usage chaque " + ("année" if every == "year" else "mois")
            return f"report the use every {every}"
        case m.ObtainLicence():
            return (
                "obtenir une autre licence auprès du concédant"
                if fr
                else "obtain another licence from the licensor"
            )
    raise TypeError(f"not a duty: {value!r}")


def _within(value: m.Duration, lang: str) -> str:
    return f" sous {duration(value, lang)}" if lang == "fr" else f" within {duration(value, lang)}"


def say_kinds(names: tuple[m.Name, ...], lang: str) -> str:
    return ", ".join(USE_KINDS[n.name](lang) if n.name in USE_KINDS else n.name for n in names)
