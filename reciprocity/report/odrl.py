"""A licence as an ODRL 2.2 policy in JSON-LD: permissions, prohibitions and duties.

Mapping, documented in README:
- each granted kind of use is a permission whose duties are the base conditions;
- a ``forbidden`` rule is a prohibition, constrained by its ``when`` and by the negation of
  its exemptions;
- a rule with ``must`` lines is a permission with duties; alternatives (``pay ... or
  contribute code``) become one permission per alternative, since ODRL has no "or" of duties;
- money is ``compensate`` with a ``payAmount`` refinement and a ``unit`` (an ISO 4217 URN, or
  one of our units for shares of revenue or of prestations);
- our facts and kinds of use are terms of the ``recip:`` vocabulary, declared in the context.
ODRL has no negation, so conditions are pushed to their atoms with inverted operators.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from reciprocity import model as m

VOCABULARY = "urn:reciprocity:vocab:"
CONTEXT = [
    "http://www.w3.org/ns/odrl.jsonld",
    {"recip": VOCABULARY, "dct": "http://purl.org/dc/terms/"},
]
TARGET = "recip:licensed-work"

_ACTIONS = {
    "distribution": "distribute",
    "modification": "modify",
}
_OPERATORS = {"<": "lt", "<=": "lteq", ">": "gt", ">=": "gteq", "=": "eq", "!=": "neq"}
_INVERSE = {
    "lt": "gteq",
    "lteq": "gt",
    "gt": "lteq",
    "gteq": "lt",
    "eq": "neq",
    "neq": "eq",
    "isAnyOf": "isNoneOf",
    "isNoneOf": "isAnyOf",
}


def _decimal(value: Decimal) -> dict[str, str]:
    return {"@value": format(value, "f"), "@type": "xsd:decimal"}


def _right(value: object) -> Any:
    match value:
        case m.Money(amount, currency):
            return {**_decimal(amount), "recip:currency": currency}
        case m.Percentage(rate):
            return _decimal(rate)
        case m.Duration(amount, unit):
            letter = {"day": "D", "week": "W", "month": "M", "year": "Y"}[unit]
            return {"@value": f"P{amount}{letter}", "@type": "xsd:duration"}
        case Decimal():
            return _decimal(value)
        case dt.date():
            return {"@value": value.isoformat(), "@type": "xsd:date"}
        case m.Symbol(name):
            return {"@id": f"recip:{name}"}
        case m.LicenceRef(identifier):
            return {"@id": f"https://spdx.org/licenses/{identifier}"}
        case m.Text(text):
            return text
    raise TypeError(f"not a value: {value!r}")


def _atom(left: str, operator: str, right: Any, negated: bool) -> dict[str, Any]:
    return {
        "leftOperand": left,
        "operator": _INVERSE[operator] if negated else operator,
        "rightOperand": right,
    }


def constraint(condition: m.Condition, negated: bool = False) -> dict[str, Any]:
    """Translate a condition into an ODRL constraint, negation pushed to the atoms."""
    match condition:
        case m.All(operands) | m.Any(operands):
            conjunctive = isinstance(condition, m.All) != negated
            parts = [constraint(o, negated) for o in operands]
            return {"and" if conjunctive else "or": parts}
        case m.Not(operand):
            return constraint(operand, not negated)
        case m.Constant(value):
            truth = value != negated
            return _atom("recip:always", "eq", truth, False)
        case m.Flag(subject):
            return _atom(f"recip:{subject.name}", "eq", not negated, False)
        case m.Compare(subject, op, value):
            return _atom(f"recip:{subject.name}", _OPERATORS[op], _right(value), negated)
        case m.Member(subject, values, is_negated):
            operator = "isNoneOf" if is_negated else "isAnyOf"
            return _atom(f"recip:{subject.name}", operator, [_right(v) for v in values], negated)
    raise TypeError(f"not a condition: {condition!r}")


def _purpose(kind: str) -> dict[str, Any]:
    return {"leftOperand": "purpose", "operator": "eq", "rightOperand": {"@id": f"recip:{kind}"}}


def _action(kind: str) -> str:
    return _ACTIONS.get(kind, "use")


def duty(value: m.Duty) -> dict[str, Any]:
    """Translate one duty into an ODRL duty."""
    match value:
        case m.Pay(payment, minimum, maximum):
            refinement: list[dict[str, Any]] = []
            if isinstance(payment, m.PercentOf):
                unit = (
                    "recip:percent-of-each-prestation"
                    if payment.base.name == "prestation"
                    else f"recip:percent-of-{payment.base.name}"
                )
                refinement.append(
                    {
                        "leftOperand": "payAmount",
                        "operator": "eq",
                        "rightOperand": _decimal(payment.rate.value),
                        "unit": unit,
                    }
                )
                if payment.above is not None:
                    refinement.append(
                        {
                            "leftOperand": f"recip:{payment.base.name}",
                            "operator": "gt",
                            "rightOperand": _right(payment.above),
                        }
                    )
            else:
                refinement.append(
                    {
                        "leftOperand": "payAmount",
                        "operator": "eq",
                        "rightOperand": _decimal(payment.amount.value),
                        "unit": f"urn:iso:std:iso:4217:{payment.amount.currency}",
                    }
                )
                if payment.per:
                    refinement.append(
                        {
                            "leftOperand": "recip:per",
                            "operator": "eq",
                            "rightOperand": [{"@id": f"recip:{u.name}"} for u in payment.per],
                        }
                    )
            for bound, operator in ((minimum, "gteq"), (maximum, "lteq")):
                if bound is not None:
                    refinement.append(
                        {
                            "leftOperand": "payAmount",
                            "operator": operator,
                            "rightOperand": _decimal(bound.value),
                            "unit": f"urn:iso:std:iso:4217:{bound.currency}",
                        }
                    )
            return {"action": [{"rdf:value": {"@id": "odrl:compensate"}, "refinement": refinement}]}
        case m.ContributeCode(within) | m.PublishSource(within):
            name = (
                "recip:contributeCode"
                if isinstance(value, m.ContributeCode)
                else ("recip:publishSource")
            )
            out: dict[str, Any] = {"action": name}
            if within is not None:
                out["constraint"] = [
                    {
                        "leftOperand": "delayPeriod",
                        "operator": "lteq",
                        "rightOperand": _right(within),
                    }
                ]
            return out
        case m.ShareAlike():
            return {"action": "nextPolicy"}
        case m.Attribute(wording):
            attribution: dict[str, Any] = {"action": "attribute"}
            if wording is not None:
                attribution["recip:wording"] = wording.value
            return attribution
        case m.Report(every):
            return {
                "action": "inform",
                "constraint": [
                    {
                        "leftOperand": "timeInterval",
                        "operator": "eq",
                        "rightOperand": {
                            "@value": "P1Y" if every == "year" else "P1M",
                            "@type": "xsd:duration",
                        },
                    }
                ],
            }
        case m.ObtainLicence():
            return {"action": "obtainConsent"}
    raise TypeError(f"not a duty: {value!r}")


def _rule_constraints(rule: m.Rule, kind: str | None) -> list[dict[str, Any]]:
    constraints: list[dict[str, Any]] = []
    if kind is not None:
        constraints.append(_purpose(kind))
    if rule.when is not None:
        constraints.append(constraint(rule.when))
    for exemption in rule.unless:
        constraints.append(constraint(exemption, negated=True))
    if rule.trial is not None:
        constraints.append(
            {
                "leftOperand": "elapsedTime",
                "operator": "gt",
                "rightOperand": _right(rule.trial.duration),
            }
        )
    return constraints


def policy(licence: m.Licence) -> dict[str, Any]:
    """Build the ODRL policy of a licence."""
    base_duties = [{"action": f"recip:{c.name}"} for c in licence.requires]
    permissions: list[dict[str, Any]] = []
    prohibitions: list[dict[str, Any]] = []
    for granted in licence.grants:
        permission: dict[str, Any] = {
            "target": TARGET,
            "action": _action(granted.name),
            "constraint": [_purpose(granted.name)],
        }
        if base_duties:
            permission["duty"] = base_duties
        permissions.append(permission)
    for rule in licence.rules:
        kinds: list[str | None] = [k.name for k in rule.applies_to] or [None]
        for kind in kinds:
            common: dict[str, Any] = {
                "uid": f"urn:reciprocity:rule:{licence.id}:{rule.name}",
                "target": TARGET,
                "action": _action(kind) if kind else "use",
            }
            constraints = _rule_constraints(rule, kind)
            if constraints:
                common["constraint"] = constraints
            if rule.forbidden:
                prohibitions.append(common)
                continue
            # One permission per combination of alternatives: ODRL has no "or" of duties.
            combinations: list[list[m.Duty]] = [[]]
            for requirement in rule.requirements:
                combinations = [[*c, d] for c in combinations for d in requirement.alternatives]
            for index, combination in enumerate(combinations):
                entry = dict(common)
                if len(combinations) > 1:
                    entry["uid"] = f"{common['uid']}:{index + 1}"
                entry["duty"] = [duty(d) for d in combination] + base_duties
                permissions.append(entry)
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Set",
        "uid": f"urn:reciprocity:licence:{licence.id}",
        "permission": permissions,
    }
    if prohibitions:
        out["prohibition"] = prohibitions
    if licence.meta.name is not None:
        out["dct:title"] = licence.meta.name.value
    if licence.meta.url is not None:
        out["dct:source"] = licence.meta.url.value
    if licence.change is not None:
        change: dict[str, Any] = {
            "recip:to": _right(licence.change.to)
            if isinstance(licence.change.to, m.LicenceRef)
            else {"@id": f"recip:parameter/{licence.change.to.name}"}
        }
        if isinstance(licence.change.on, dt.date):
            change["recip:on"] = _right(licence.change.on)
        elif licence.change.on is not None:
            change["recip:on"] = {"@id": f"recip:parameter/{licence.change.on.name}"}
        if licence.change.after_release is not None:
            change["recip:afterRelease"] = _right(licence.change.after_release)
        out["recip:change"] = change
    return out


def render(licence: m.Licence) -> str:
    """Render the ODRL policy as indented, key-sorted JSON-LD with a trailing newline."""
    return json.dumps(policy(licence), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
