"""Plain-language explanation of a licence or a code social, in English or French.

The text puts together what the licence's authors wrote (summary, each rule's explanation) and
what the model says formally (who may do what, when a rule applies, what it asks), so that a
reader can check one against the other. Pure: a document in, text out.
"""

from __future__ import annotations

import datetime as dt

from reciprocity import model as m
from reciprocity.phrasing import condition, duration, duty, say_kinds, say_value
from reciprocity.vocabulary import BASE_CONDITIONS, Label

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


def _rule(rule: m.Rule, lang: str) -> list[str]:
    w = _WORDS
    head = f"{w['rule'](lang)} {rule.name}"
    if rule.clause is not None:
        head += f", {w['clause'](lang)} {rule.clause.value}"
    where = f"{rule.source}:{rule.pos.line}" if rule.pos else rule.source
    out = [f"{head} ({where})"]
    applies = w["any-use"](lang) if rule.any_use else say_kinds(rule.applies_to, lang)
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
            say_value(parameter.default, lang)
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
        say_value(change.to, lang) if isinstance(change.to, m.LicenceRef) else (f"{change.to.name}")
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
        out.append(f"{w['may'](lang)}{colon} {say_kinds(licence.grants, lang)}.")
    if licence.requires:
        conditions = (" ; " if lang == "fr" else "; ").join(
            BASE_CONDITIONS[c.name](lang) if c.name in BASE_CONDITIONS else c.name
            for c in licence.requires
        )
        out.append(f"{w['must'](lang)}{colon} {conditions}.")
    if licence.delegates:
        out.append(f"{w['delegates'](lang)}{colon} {say_kinds(licence.delegates, lang)}.")
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
        out.extend(["", f"{w['may'](lang)}{colon} {say_kinds(terms.grants, lang)}."])
    if terms.settings:
        out.extend(["", f"{w['settings'](lang)}{colon}"])
        out.extend(f"  {s.name} = {say_value(s.value, lang)}" for s in terms.settings)
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
