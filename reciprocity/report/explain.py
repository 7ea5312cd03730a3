"""Plain-language explanation of a licence or a code social, in English or French.

The text puts together what the licence's authors wrote (summary, each rule's explanation) and
what the model says formally (who may do what, when a rule applies, what it asks), so that a
reader can check one against the other. Pure: a document in, text out.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reciprocity import model as m
from reciprocity.vocabulary import (
    BASE_CONDITIONS,
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
    "legal-text": Label("Legal text", "Texte juridique"),
    "encoded-from": Label("Encoded from", "Encodé d'après"),
    "based-on": Label("Based on", "Dérivée de"),
    "version": Label("Version", "Version"),
    "authors": Label("Authors", "Auteurs"),
    "may": Label("Everyone may", "Chacun peut"),
    "must": Label("Everyone must", "Chacun doit"),
    "delegates": Label(
        "Set by each commons' code social", "Fixé par le code social de chaque commun"
    ),
    "codes-social": Label("Codes social in the catalogue", "Codes sociaux du catalogue"),
    "cure": Label(
        "Cure period after a notice of violation", "Délai pour remédier après notification"
    ),
    "parameters": Label("Parameters", "Paramètres"),
    "quantities": Label("Counted quantities", "Quantités comptées"),
    "not-set": Label("not set", "non fixé"),
    "rules": Label("Rules", "Règles"),
    "rule": Label("Rule", "Règle"),
    "clause": Label("clause", "clause"),
    "applies-to": Label("Applies to", "S'applique à"),
    "any-use": Label("any use", "tout usage"),
    "when": Label("When", "Quand"),
    "unless": Label("Unless", "Sauf si"),
    "trial": Label("Not during", "Sauf pendant"),
    "grace": Label("Grace period", "Délai de grâce"),
    "then": Label("Then", "Alors"),
    "forbidden": Label(
        "forbidden (this licence does not grant it)", "interdit (cette licence ne l'accorde pas)"
    ),
    "or": Label("or", "ou"),
    "and": Label("and", "et"),
    "code-social": Label("Code social", "Code social"),
    "parameter-set": Label("Parameters", "Paramètres"),
    "for": Label("for", "pour"),
    "settings": Label("Values given", "Valeurs données"),
    "none": Label("nothing", "rien"),
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


def _number(value: Decimal, lang: str) -> str:
    text = format(value, ",f") if value == value.to_integral_value() else format(value, ",")
    if lang == "fr":
        text = text.replace(",", " ").replace(".", ",")
    return text


def money(amount: m.Money, lang: str) -> str:
    """Format an amount of money for a reader: ``1,000,000 USD`` or ``1 000 000 USD``."""
    return f"{_number(amount.value, lang)} {amount.currency}"


def duration(value: m.Duration, lang: str) -> str:
    """Format a duration: ``30 days`` or ``30 jours``."""
    unit = DURATION_UNITS[value.unit](lang)
    if value.amount != 1:
        unit = {"mois": "mois", "an": "ans"}.get(unit, unit + "s") if lang == "fr" else unit + "s"
    return f"{value.amount} {unit}"


def _percentage(rate: m.Percentage, lang: str) -> str:
    return f"{_number(rate.value, lang)} %" if lang == "fr" else f"{_number(rate.value, lang)}%"


def _value(value: object, lang: str) -> str:
    match value:
        case m.Money():
            return money(value, lang)
        case m.Percentage():
            return _percentage(value, lang)
        case m.Duration():
            return duration(value, lang)
        case Decimal():
            return _number(value, lang)
        case dt.date():
            return value.isoformat()
        case m.Symbol(name):
            return FORMS[name](lang) if name in FORMS else name
        case m.LicenceRef(identifier):
            return identifier
        case m.Text(text):
            return f"« {text} »" if lang == "fr" else f"“{text}”"
    return condition(value, lang)  # type: ignore[arg-type]


def _fact_label(name: str, lang: str) -> str:
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
            listed = f" {_WORDS['or'](lang)} ".join(_value(v, lang) for v in values)
            if lang == "fr":
                return f"l'organisation {_IS_NOT_FR if negated else 'est'} {listed}"
            return f"the organisation is {'not ' if negated else ''}{listed}"
        case m.Compare(subject, op, value):
            fact = FACTS.get(subject.name)
            if fact is not None and fact.type is FactType.FORM:
                negated = op == "!="
                if lang == "fr":
                    verb = _IS_NOT_FR if negated else "est"
                    return f"l'organisation {verb} {_value(value, lang)}"
                return f"the organisation is {'not ' if negated else ''}{_value(value, lang)}"
            ops = _DATE_OPS if isinstance(value, dt.date) else _OPS
            label = _fact_label(subject.name, lang)
            colon = " :" if lang == "fr" else ":"
            return f"{label}{colon} {ops[op](lang)} {_value(value, lang)}"
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
                rate = _percentage(payment.rate, lang)
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
                    f" avec la mention {_value(wording, lang)}"
                    if fr
                    else f" with the words {_value(wording, lang)}"
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


def _kinds(names: tuple[m.Name, ...], lang: str) -> str:
    return ", ".join(USE_KINDS[n.name](lang) if n.name in USE_KINDS else n.name for n in names)


def _rule(rule: m.Rule, lang: str) -> list[str]:
    w = _WORDS
    head = f"{w['rule'](lang)} {rule.name}"
    if rule.clause is not None:
        head += f", {w['clause'](lang)} {rule.clause.value}"
    where = f"{rule.source}:{rule.pos.line}" if rule.pos else rule.source
    out = [f"{head} ({where})"]
    applies = w["any-use"](lang) if rule.any_use else _kinds(rule.applies_to, lang)
    colon = " :" if lang == "fr" else ":"
    out.append(f"  {w['applies-to'](lang)}{colon} {applies}")
    if rule.when is not None:
        out.append(f"  {w['when'](lang)}{colon} {condition(rule.when, lang)}")
    for exemption in rule.unless:
        out.append(f"  {w['unless'](lang)}{colon} {condition(exemption, lang)}")
    if rule.trial is not None:
        days = duration(rule.trial.duration, lang)
        if lang == "fr":
            amount, unit = days.split(" ", 1)
            text = f"les {amount} premiers {unit} d'utilisation (période d'essai"
            text += ", une fois par organisation)" if rule.trial.once_per_organisation else ")"
        else:
            text = f"the first {days} of use (a trial"
            text += ", once per organisation)" if rule.trial.once_per_organisation else ")"
        out.append(f"  {w['trial'](lang)}{colon} {text}")
    if rule.grace is not None:
        out.append(f"  {w['grace'](lang)}{colon} {duration(rule.grace, lang)}")
    if rule.forbidden:
        out.append(f"  {w['then'](lang)}{colon} {w['forbidden'](lang)}")
    for requirement in rule.requirements:
        options = f" {w['or'](lang)} ".join(duty(d, lang) for d in requirement.alternatives)
        out.append(f"  {w['then'](lang)}{colon} {options}")
    written = rule.explanation(lang)
    if written:
        out.append(f"  {written}")
    return out


def _metadata(meta: m.Metadata, lang: str) -> list[str]:
    w = _WORDS
    colon = " :" if lang == "fr" else ":"
    out = []
    if meta.version is not None:
        out.append(f"{w['version'](lang)}{colon} {meta.version.value}")
    if meta.authors:
        out.append(f"{w['authors'](lang)}{colon} {', '.join(a.value for a in meta.authors)}")
    if meta.url is not None:
        out.append(f"{w['legal-text'](lang)}{colon} {meta.url.value}")
    if meta.provenance is not None:
        out.append(f"{w['encoded-from'](lang)}{colon} {meta.provenance.value}")
    if meta.based_on is not None:
        out.append(f"{w['based-on'](lang)}{colon} {meta.based_on.id}")
    summary = meta.summary(lang)
    if summary:
        out.extend(["", summary])
    return out


def _parameters(parameters: tuple[m.Parameter, ...], lang: str) -> list[str]:
    if not parameters:
        return []
    colon = " :" if lang == "fr" else ":"
    out = ["", f"{_WORDS['parameters'](lang)}{colon}"]
    for parameter in parameters:
        value = (
            _value(parameter.default, lang)
            if parameter.default is not None
            else _WORDS["not-set"](lang)
        )
        meaning = f" — {parameter.description.value}" if parameter.description else ""
        out.append(f"  {parameter.name} = {value}{meaning}")
    return out


def _quantities(quantities: tuple[m.Quantity, ...], lang: str) -> list[str]:
    if not quantities:
        return []
    colon = " :" if lang == "fr" else ":"
    out = ["", f"{_WORDS['quantities'](lang)}{colon}"]
    for quantity in quantities:
        meaning = f" — {quantity.description.value}" if quantity.description else ""
        out.append(f"  {quantity.name}{meaning}")
    return out


def _change(change: m.Change, lang: str) -> str:
    target = (
        _value(change.to, lang) if isinstance(change.to, m.LicenceRef) else (f"{change.to.name}")
    )
    parts = []
    if change.on is not None:
        on = change.on.isoformat() if isinstance(change.on, dt.date) else change.on.name
        parts.append(f"le {on}" if lang == "fr" else f"on {on}")
    if change.after_release is not None:
        after = duration(change.after_release, lang)
        parts.append(
            f"{after} après la sortie de la version utilisée"
            if lang == "fr"
            else f"{after} after the release of the version used"
        )
    if lang == "fr":
        when = " ou ".join(parts) + (", selon la première échéance" if len(parts) > 1 else "")
        return f"Changement de licence : {when}, l'œuvre passe sous {target}."
    when = " or ".join(parts) + (", whichever comes first" if len(parts) > 1 else "")
    return f"Change of licence: {when}, the work passes under {target}."


def explain_licence(
    licence: m.Licence, lang: str = "en", codes_social: tuple[m.Terms, ...] = ()
) -> str:
    """Explain a licence: what everyone may do, on what conditions, and each rule."""
    w = _WORDS
    colon = " :" if lang == "fr" else ":"
    title = licence.meta.name.value if licence.meta.name else licence.id
    out = [f"{licence.id} — {title}", *_metadata(licence.meta, lang), ""]
    if licence.grants:
        out.append(f"{w['may'](lang)}{colon} {_kinds(licence.grants, lang)}.")
    if licence.requires:
        conditions = (" ; " if lang == "fr" else "; ").join(
            BASE_CONDITIONS[c.name](lang) if c.name in BASE_CONDITIONS else c.name
            for c in licence.requires
        )
        out.append(f"{w['must'](lang)}{colon} {conditions}.")
    if licence.delegates:
        out.append(f"{w['delegates'](lang)}{colon} {_kinds(licence.delegates, lang)}.")
        if codes_social:
            names = ", ".join(t.name for t in codes_social)
            out.append(f"{w['codes-social'](lang)}{colon} {names}.")
    if licence.cure is not None:
        out.append(f"{w['cure'](lang)}{colon} {duration(licence.cure, lang)}.")
    if licence.change is not None:
        out.append(_change(licence.change, lang))
    out.extend(_parameters(licence.parameters, lang))
    out.extend(_quantities(licence.quantities, lang))
    for rule in licence.rules:
        out.append("")
        out.extend(_rule(rule, lang))
    return "\n".join(out).rstrip() + "\n"


def explain_terms(terms: m.Terms, lang: str = "en") -> str:
    """Explain a code social or a parameter set, and the rules it adds to its licence."""
    w = _WORDS
    colon = " :" if lang == "fr" else ":"
    kind = w["code-social"] if terms.kind == "code-social" else w["parameter-set"]
    title = terms.meta.name.value if terms.meta.name else terms.name
    out = [
        f"{kind(lang)} {terms.name} {w['for'](lang)} {terms.licence.id} — {title}",
        *_metadata(terms.meta, lang),
    ]
    if terms.grants:
        out.extend(["", f"{w['may'](lang)}{colon} {_kinds(terms.grants, lang)}."])
    if terms.settings:
        out.extend(["", f"{w['settings'](lang)}{colon}"])
        out.extend(f"  {s.name} = {_value(s.value, lang)}" for s in terms.settings)
    out.extend(_quantities(terms.quantities, lang))
    for rule in terms.rules:
        out.append("")
        out.extend(_rule(rule, lang))
    return "\n".join(out).rstrip() + "\n"


def explain(document: m.Document, lang: str = "en", codes_social: tuple[m.Terms, ...] = ()) -> str:
    """Explain any document in ``lang`` (``en`` or ``fr``)."""
    if isinstance(document, m.Licence):
        return explain_licence(document, lang, codes_social)
    return explain_terms(document, lang)
