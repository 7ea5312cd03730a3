"""What each finding says, in English and French: the rule, the facts, what would change it.

Every function returns a ``Label`` holding both languages; the report picks one. Sentences
are whole and start with what decided the finding, then the facts, then the way out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from reciprocity import model as m
from reciprocity.declaration.model import Period, Prestation, Waiver
from reciprocity.evaluation.facts import Answer, Known
from reciprocity.evaluation.result import VERDICT_LABELS, Finding, UseResult, Verdict
from reciprocity.phrasing import condition, duration, duty, money, say_kinds
from reciprocity.vocabulary import FACTS, FORMS, PERIODS, UNIT_LABELS, USE_KINDS, Label


def _both(say: Callable[[str], str]) -> Label:
    return Label(say("en"), say("fr"))


def _fr(lang: str) -> bool:
    return lang == "fr"


def amount_text(amount: m.Money, lang: str) -> str:
    """An amount to the cent: ``1,200.00 EUR`` or ``1 200,00 EUR``."""
    value = m.to_cents(amount.value)
    text = f"{value:,.2f}"
    if _fr(lang):
        text = text.replace(",", " ").replace(".", ",")
    return f"{text} {amount.currency}"


def _field_label(path: str, lang: str) -> str:
    name = path.rsplit(".", 1)[-1]
    fact = FACTS.get(name)
    return fact.label(lang) if fact is not None else name


def _known(known: Known, lang: str) -> str:
    value = known.value
    if isinstance(value, bool):
        shown = ("oui" if value else "non") if _fr(lang) else ("yes" if value else "no")
    elif isinstance(value, m.Money):
        shown = money(value, lang)
    elif isinstance(value, dt.date):
        shown = value.isoformat()
    elif isinstance(value, str) and value in FORMS:
        shown = FORMS[value](lang)
    else:
        shown = str(value)
    implied = (
        (" (déduit de la forme)" if _fr(lang) else " (implied by the form)")
        if (known.implied)
        else ""
    )
    return (
        f"{_field_label(known.field, lang)} : {shown}{implied} ({known.field})"
        if _fr(lang)
        else f"{_field_label(known.field, lang)}: {shown}{implied} ({known.field})"
    )


def _facts(used: Iterable[Known], lang: str) -> str:
    return _semicolons(lang).join(_known(k, lang) for k in used)


def _semicolons(lang: str) -> str:
    """French sets a thin space before ';' (written as a space here), English none."""
    return " ; " if _fr(lang) else "; "


def _missing(fields: Sequence[str], lang: str) -> str:
    return ", ".join(f"{f} ({_field_label(f, lang)})" for f in fields)


def _purposes(purposes: Iterable[str], lang: str) -> str:
    return ", ".join(USE_KINDS[p](lang) if p in USE_KINDS else p for p in purposes)


def _rule_kinds(rule: m.Rule, lang: str) -> str:
    if rule.any_use:
        return "tout usage" if _fr(lang) else "any use"
    return say_kinds(rule.applies_to, lang)


def _way_out(rule: m.Rule, lang: str) -> str:
    if not rule.unless:
        return ""
    options = (" ; ou " if _fr(lang) else "; or ").join(condition(c, lang) for c in rule.unless)
    return f" Serait exempté si : {options}." if _fr(lang) else f" It would be exempt if {options}."


# ---- licences and codes social -------------------------------------------------------------


def no_licence(component: str) -> Label:
    return _both(
        lambda lang: (
            f"Aucune licence n'est connue pour {component} : indiquez-la dans la déclaration."
            if _fr(lang)
            else f"No licence is known for {component}: name it in the declaration."
        )
    )


def not_in_catalogue(licence_id: str) -> Label:
    return _both(
        lambda lang: (
            f"{licence_id} n'est pas une licence du catalogue : une personne doit lire "
            "son texte, ou indiquez la licence de l'usage."
            if _fr(lang)
            else f"{licence_id} is not a licence of the catalogue: a person must read its text, or "
            "name the use's licence."
        )
    )


def _rule_fields(rule: m.Rule) -> list[str]:
    names: set[str] = set()

    def walk(cond: m.Condition) -> None:
        match cond:
            case m.Not(operand):
                walk(operand)
            case m.All(operands) | m.Any(operands):
                for operand in operands:
                    walk(operand)
            case m.Flag(subject) | m.Member(subject, _, _) | m.Compare(subject, _, _):
                names.add(subject.name)

    for cond in (rule.when, *rule.unless):
        if cond is not None:
            walk(cond)
    fields = {FACTS[n].field if n in FACTS else f"uses[].quantities.{n}" for n in names}
    if rule.trial or rule.grace:
        fields.add("uses[].since")
    for requirement in rule.requirements:
        for alternative in requirement.alternatives:
            if isinstance(alternative, m.Pay):
                payment = alternative.payment
                if isinstance(payment, m.PercentOf):
                    fields.add(
                        "uses[].prestations"
                        if payment.base.name == "prestation"
                        else FACTS[payment.base.name].field
                    )
                else:
                    for unit in payment.per:
                        if unit.name in PERIODS:
                            fields.add("uses[].since")
                        elif unit.name in UNIT_LABELS:
                            from reciprocity.vocabulary import COUNT_UNITS

                            fields.add(FACTS[COUNT_UNITS[unit.name]].field)
                        else:
                            fields.add(f"uses[].quantities.{unit.name}")
    return sorted(fields)


def undeclared_rule(
    licence: m.Licence, rule: m.Rule, declared: frozenset[str] = frozenset()
) -> Finding:
    """A rule of a component nobody declared a use of: when it would bite, what to declare.

    ``declared`` holds the fields the declaration already gives (``organisation.form``); they
    are not asked for again.
    """
    from reciprocity.evaluation.result import Clause

    fields = ["uses[].purposes", *(f for f in _rule_fields(rule) if f not in declared)]

    def say(lang: str) -> str:
        what = (
            "interdit"
            if rule.forbidden and _fr(lang)
            else "forbidden"
            if rule.forbidden
            else (" ; " if _fr(lang) else "; ").join(
                (" ou " if _fr(lang) else " or ").join(duty(d, lang) for d in r.alternatives)
                for r in rule.requirements
            )
        )
        when = (
            f", quand {condition(rule.when, lang)}"
            if _fr(lang) and rule.when
            else (f", when {condition(rule.when, lang)}" if rule.when else "")
        )
        if _fr(lang):
            return (
                f"Aucun usage déclaré. Pour {_rule_kinds(rule, lang)}{when} : {what}."
                f"{_way_out(rule, lang)} À déclarer : {_missing(fields, lang)}."
            )
        return (
            f"No use declared. For {_rule_kinds(rule, lang)}{when}: {what}."
            f"{_way_out(rule, lang)} Declare: {_missing(fields, lang)}."
        )

    return Finding(
        rule=rule.name,
        verdict=Verdict.NEEDS_INFO,
        explanation=_both(say),
        clause=Clause.of(rule),
        missing=tuple(fields),
    )


def undeclared_licence(licence: m.Licence) -> Finding:
    """A licence without rules of its own (its code social sets them): declare the use."""
    fields = ("uses[].code-social", "uses[].purposes")

    def say(lang: str) -> str:
        delegated = say_kinds(licence.delegates, lang)
        if _fr(lang):
            return (
                f"Aucun usage déclaré. {licence.id} confie au code social de chaque commun les "
                f"conditions de : {delegated}. À déclarer : {_missing(fields, lang)}."
            )
        return (
            f"No use declared. {licence.id} leaves the conditions of {delegated} to each "
            f"commons' code social. Declare: {_missing(fields, lang)}."
        )

    return Finding(
        rule="code-social", verdict=Verdict.NEEDS_INFO, explanation=_both(say), missing=fields
    )


def needs_code_social(licence: m.Licence, purpose: str) -> Label:
    return _both(
        lambda lang: (
            f"{licence.id} confie les conditions de « {_purposes([purpose], lang)} » "
            "au code social du commun : indiquez lequel (code-social)."
            if _fr(lang)
            else f"{licence.id} leaves the conditions of {_purposes([purpose], lang)} to the "
            "commons' code social: name it (code-social)."
        )
    )


def not_granted(licence: m.Licence, purpose: str, delegated: bool) -> Label:
    def say(lang: str) -> str:
        kind = _purposes([purpose], lang)
        if _fr(lang):
            source = (
                "Le code social ne l'accorde pas" if delegated else "La licence ne l'accorde pas"
            )
            return (
                f"{source} : {kind} n'est ni accordé ni régi par une règle de {licence.id}. "
                "Il faut une autre licence du concédant."
            )
        source = (
            "The code social does not grant it" if delegated else "The licence does not grant it"
        )
        return (
            f"{source}: {kind} is neither granted nor governed by a rule of {licence.id}. "
            "Another licence from the licensor is needed."
        )

    return _both(say)


def change_happened(target: str, day: dt.date) -> Label:
    return _both(
        lambda lang: (
            f"La version utilisée est passée sous {target} le {day.isoformat()} : les "
            "règles ci-dessous ne s'appliquent plus."
            if _fr(lang)
            else f"The version used passed to {target} on {day.isoformat()}: the rules below no "
            "longer apply."
        )
    )


def change_unknown(target: str, first: dt.date | None) -> Label:
    def say(lang: str) -> str:
        known = (
            (f" au plus tard le {first.isoformat()}" if _fr(lang) else f" by {first.isoformat()}")
            if first
            else ""
        )
        if _fr(lang):
            return (
                f"La version utilisée passe sous {target}{known} ou plus tôt selon sa date de "
                "sortie : déclarez-la (released), elle peut lever les règles ci-dessous."
            )
        return (
            f"The version used passes to {target}{known}, or earlier by its release date: "
            "declare it (released); it may lift the rules below."
        )

    return _both(say)


def change_ahead(target: str, first: dt.date | None) -> Label:
    day = first.isoformat() if first else "?"
    return _both(
        lambda lang: (
            f"La version utilisée passera sous {target} le {day}."
            if _fr(lang)
            else f"The version used passes to {target} on {day}."
        )
    )


def changed(licence: m.Licence) -> Label:
    return _both(
        lambda lang: (
            "Ne s'applique plus : la licence a changé (voir « change »)."
            if _fr(lang)
            else "No longer applies: the licence has changed (see 'change')."
        )
    )


# ---- rules ---------------------------------------------------------------------------------


def other_kinds(rule: m.Rule, purposes: Sequence[str]) -> Label:
    return _both(
        lambda lang: (
            f"Ne s'applique qu'à : {_rule_kinds(rule, lang)} ; cet usage est déclaré "
            f"pour : {_purposes(purposes, lang)}."
            if _fr(lang)
            else f"Applies only to {_rule_kinds(rule, lang)}; this use is declared for "
            f"{_purposes(purposes, lang)}."
        )
    )


def when_false(rule: m.Rule, answer: Answer) -> Label:
    when = rule.when
    assert when is not None
    return _both(
        lambda lang: (
            f"Exempté : la règle ne s'applique que si {condition(when, lang)}"
            f" ; ici, {_facts(answer.used, lang)}."
            if _fr(lang)
            else f"Exempt: the rule applies only when {condition(when, lang)}; here "
            f"{_facts(answer.used, lang)}."
        )
    )


def unless_true(cond: m.Condition, answer: Answer) -> Label:
    return _both(
        lambda lang: (
            f"Exempté, car {condition(cond, lang)} : {_facts(answer.used, lang)}."
            if _fr(lang)
            else f"Exempt because {condition(cond, lang)}: {_facts(answer.used, lang)}."
        )
    )


def unknown(rule: m.Rule, missing: Sequence[str]) -> Label:
    return _both(
        lambda lang: (
            f"Dépend de faits non déclarés : {_missing(missing, lang)}.{_way_out(rule, lang)}"
            if _fr(lang)
            else f"Depends on facts not declared: {_missing(missing, lang)}.{_way_out(rule, lang)}"
        )
    )


def period_running(kind: str, span: m.Duration, end: dt.date) -> Label:
    def say(lang: str) -> str:
        if _fr(lang):
            name = "période d'essai" if kind == "trial" else "délai de grâce"
            return (
                f"Exempté pendant la {name} de {duration(span, lang)}, jusqu'au "
                f"{end.isoformat()} (exclu) ; la règle s'applique ensuite."
            )
        name = "trial" if kind == "trial" else "grace period"
        return (
            f"Exempt during the {duration(span, lang)} {name}, until {end.isoformat()}; "
            "the rule applies from that day."
        )

    return _both(say)


def forbidden(rule: m.Rule, decided: Answer) -> Label:
    """The rule forbids the use; ``decided`` holds the facts of its when and unless."""

    def say(lang: str) -> str:
        facts = f" ({_facts(decided.used, lang)})" if decided.used else ""
        kinds = _rule_kinds(rule, lang)
        if _fr(lang):
            cond = f" quand {condition(rule.when, lang)}" if rule.when else ""
            out = f"Interdit : cette licence n'accorde pas {kinds}{cond}{facts}."
            return out + (_way_out(rule, lang) or " Il faut une autre licence du concédant.")
        cond = f" when {condition(rule.when, lang)}" if rule.when else ""
        out = f"Forbidden: this licence does not grant {kinds}{cond}{facts}."
        return out + (_way_out(rule, lang) or " Another licence from the licensor is needed.")

    return _both(say)


def waived(waiver: Waiver) -> Label:
    def say(lang: str) -> str:
        until = (
            (f" jusqu'au {waiver.expires.isoformat()}" if _fr(lang) else f" until {waiver.expires}")
            if waiver.expires
            else ""
        )
        by = (f" par {waiver.by}" if _fr(lang) else f" by {waiver.by}") if waiver.by else ""
        if _fr(lang):
            return f"Exempté par dérogation{by}{until} ({waiver.field_path}) : {waiver.reason}."
        return f"Exempt by a waiver{by}{until} ({waiver.field_path}): {waiver.reason}."

    return _both(say)


def with_expired(label: Label, waiver: Waiver) -> Label:
    assert waiver.expires is not None
    day = waiver.expires.isoformat()
    return Label(
        f"{label.en} The waiver ({waiver.field_path}) expired on {day}.",
        f"{label.fr} La dérogation ({waiver.field_path}) a expiré le {day}.",
    )


def nothing_asked(rule: m.Rule) -> Label:
    return _both(
        lambda lang: (
            "S'applique, sans rien demander de plus."
            if _fr(lang)
            else "Applies, and asks nothing more."
        )
    )


def requirements(rule: m.Rule, when: Answer, parts: Sequence[Label], period: Period) -> Label:
    def say(lang: str) -> str:
        facts = (
            (
                f" (or {_facts(when.used, lang)})"
                if _fr(lang)
                else f" (here {_facts(when.used, lang)})"
            )
            if when.used
            else ""
        )
        cond = (
            (
                f" quand {condition(rule.when, lang)}"
                if _fr(lang)
                else f" when {condition(rule.when, lang)}"
            )
            if rule.when
            else ""
        )
        span = f"{period.start.isoformat()} – {period.end.isoformat()}"
        head = (
            f"S'applique à {_rule_kinds(rule, lang)}{cond}{facts}, pour {span}."
            if _fr(lang)
            else f"Applies to {_rule_kinds(rule, lang)}{cond}{facts}, for {span}."
        )
        return " ".join([head, *(p(lang) for p in parts)])

    return _both(say)


def alternatives(parts: Sequence[Label]) -> Label:
    return Label(
        "Any one of: " + " Or: ".join(p.en for p in parts),
        "Au choix : " + " Ou : ".join(p.fr for p in parts),
    )


def action_done(value: m.Duty, evidence: Sequence[str]) -> Label:
    shown = ", ".join(evidence)
    return _both(
        lambda lang: (
            f"Réglé : {duty(value, lang)} — fait ({shown})."
            if _fr(lang)
            else f"Settled: {duty(value, lang)} — done ({shown})."
        )
    )


def action_owed(value: m.Duty, due: dt.date | None) -> Label:
    def say(lang: str) -> str:
        by = (
            (f", au plus tard le {due.isoformat()}" if _fr(lang) else f", by {due.isoformat()}")
            if due
            else ""
        )
        if _fr(lang):
            return f"Doit : {duty(value, lang)}{by} ; aucune contribution déclarée ne le couvre."
        return f"Owes: {duty(value, lang)}{by}; no declared contribution covers it."

    return _both(say)


def pay_unknown(value: m.Pay, missing: Sequence[str]) -> Label:
    return _both(
        lambda lang: (
            f"Montant inconnu pour « {duty(value, lang)} » : déclarez {_missing(missing, lang)}."
            if _fr(lang)
            else f"The amount of '{duty(value, lang)}' is unknown: declare "
            f"{_missing(missing, lang)}."
        )
    )


def _workings(workings: Sequence[Label], lang: str) -> str:
    return f" ({_semicolons(lang).join(x(lang) for x in workings)})" if workings else ""


def pay_nothing(value: m.Pay, workings: Sequence[Label]) -> Label:
    return _both(
        lambda lang: (
            f"Rien n'est dû sur la période pour « {duty(value, lang)} »{_workings(workings, lang)}."
            if _fr(lang)
            else f"Nothing is due for the period for '{duty(value, lang)}'"
            f"{_workings(workings, lang)}."
        )
    )


def paid(value: m.Pay, amount: m.Money, credited: m.Money, workings: Sequence[Label]) -> Label:
    return _both(
        lambda lang: (
            f"Réglé : {duty(value, lang)}, soit {amount_text(amount, lang)}"
            f"{_workings(workings, lang)} ; couvert par les contributions déclarées "
            f"({amount_text(credited, lang)} imputés)."
            if _fr(lang)
            else f"Settled: {duty(value, lang)}, that is {amount_text(amount, lang)}"
            f"{_workings(workings, lang)}; covered by the declared contributions "
            f"({amount_text(credited, lang)} counted)."
        )
    )


def owed(value: m.Pay, amount: m.Money, credited: m.Money, workings: Sequence[Label]) -> Label:
    rest = m.Money(amount.value - credited.value, amount.currency)

    def say(lang: str) -> str:
        paid_part = (
            (
                f" ; {amount_text(credited, lang)} déjà versés"
                if _fr(lang)
                else f"; {amount_text(credited, lang)} already paid"
            )
            if credited.value
            else ""
        )
        if _fr(lang):
            return (
                f"Doit {amount_text(rest, lang)} : {duty(value, lang)}, soit "
                f"{amount_text(amount, lang)}{_workings(workings, lang)}{paid_part}."
            )
        return (
            f"Owes {amount_text(rest, lang)}: {duty(value, lang)}, that is "
            f"{amount_text(amount, lang)}{_workings(workings, lang)}{paid_part}."
        )

    return _both(say)


def pay_unconverted(value: m.Pay, amount: m.Money, missing: Sequence[str]) -> Label:
    return _both(
        lambda lang: (
            f"{duty(value, lang)}, soit {amount_text(amount, lang)} : des contributions "
            f"sont dans une autre devise sans taux déclaré ({', '.join(missing)})."
            if _fr(lang)
            else f"{duty(value, lang)}, that is {amount_text(amount, lang)}: some "
            f"contributions are in another currency with no declared rate ({', '.join(missing)})."
        )
    )


def prestation_share(prestation: Prestation, share: m.Money) -> Label:
    def say(lang: str) -> str:
        who = f" {prestation.client}" if prestation.client else ""
        when = f" {prestation.date.isoformat()}" if prestation.date else ""
        return (
            f"{prestation.field_path}{who}{when}{' :' if _fr(lang) else ':'} "
            f"{money(prestation.amount, lang)} → "
            f"{amount_text(share, lang)}"
        )

    return _both(say)


def share_workings(payment: m.PercentOf, base: m.Money, months: int) -> Label:
    return _both(
        lambda lang: (
            f"{money(base, lang)} × {months}/12 mois d'usage"
            if _fr(lang)
            else f"{money(base, lang)} × {months}/12 months of use"
        )
    )


_FACTOR_PLURALS: dict[str, Label] = {
    "month": Label("months", "mois"),
    "year": Label("years", "ans"),
    "developer": Label("developers", "développeurs"),
    "person": Label("people", "personnes"),
    "instance": Label("instances", "instances"),
    "user": Label("monthly active users", "utilisateurs actifs mensuels"),
}


def fee_factor(unit: str, count: int) -> Label:
    """``× 9 months``: how many units a fee was multiplied by."""

    def say(lang: str) -> str:
        if count != 1 and unit in _FACTOR_PLURALS:
            name = _FACTOR_PLURALS[unit](lang)
        elif unit in PERIODS:
            name = PERIODS[unit](lang)
        elif unit in UNIT_LABELS:
            name = UNIT_LABELS[unit](lang)
        else:
            name = unit
        return f"× {count} {name}"

    return _both(say)


def waiver_unused(waiver: Waiver) -> Label:
    """A note: a waiver names a component that no use names."""
    return Label(
        f"{waiver.field_path}: waiver for '{waiver.component}', which no use names",
        f"{waiver.field_path} : dérogation pour « {waiver.component} », qu'aucun usage ne nomme",
    )


def waiver_expired(waiver: Waiver) -> Label:
    """A note: a waiver has expired by the evaluation day."""
    assert waiver.expires is not None
    day = waiver.expires.isoformat()
    return Label(
        f"{waiver.field_path}: the waiver of {waiver.component} {waiver.rule} expired on {day}",
        f"{waiver.field_path} : la dérogation de {waiver.component} {waiver.rule} a expiré "
        f"le {day}",
    )


def use_gone(component: str, licence: str | None, revision: str) -> Label:
    """A note in diff mode: a use the base revision had is no longer reported."""
    under = f" ({licence})" if licence else ""
    return Label(
        f"{component}{under}: reported at {revision}, no longer reported",
        f"{component}{under} : signalé à {revision}, ne l'est plus",
    )


def _state(use: UseResult, lang: str) -> str:
    verdict = VERDICT_LABELS[use.verdict](lang)
    balance = use.balance
    if use.verdict is Verdict.OWES and balance is not None:
        return f"{verdict} {amount_text(balance, lang)}"
    return verdict


def use_better(old: UseResult, new: UseResult, revision: str) -> Label:
    """A note in diff mode: a use asks less than at the base revision."""
    under = f" ({new.licence})" if new.licence else ""
    return _both(
        lambda lang: (
            f"{new.component}{under} : {_state(old, lang)} à {revision}, "
            f"maintenant {_state(new, lang)}"
            if _fr(lang)
            else f"{new.component}{under}: {_state(old, lang)} at {revision}, "
            f"now {_state(new, lang)}"
        )
    )
