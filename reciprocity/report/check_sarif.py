"""The result of an evaluation as SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Only findings that ask for action become results: ``forbidden`` and ``owes`` at level
``error``, ``needs-info`` at level ``warning``. Findings that are ``settled``, ``exempt`` or
``permitted`` ask nothing and give no result, so a use with only those is absent from the
report (the JSON report lists everything).

Each licence rule is one SARIF rule whose ``ruleId`` is stable: the use's licence (or
``unknown-licence``), its code social when there is one, and the rule's name, joined by ``/``
(``LicenseRef-Contributive-Commons/open-brand/prestation-share``). Rules are sorted by id.

Each result has exactly one location, chosen in this order:

1. where the scan found the component (``CheckResult.path``), with the declaration's entry for
   the use as a related location ("declared here") when there is one;
2. where the declaration lists the use (``UseResult.declared_at``, its path as given);
3. the declaration file itself, without a line (``CheckResult.declaration``);
4. ``reciprocity.yml`` in the scanned folder: the file where the missing facts belong.

URIs are relative POSIX paths against ``%SRCROOT%`` (the folder the tool ran from, normally
the repository root), percent-encoded. A folder outside it, which only a user who named it
can ask for, is a ``file:`` URI; code scanning needs the tool run from the repository root.

``partialFingerprints`` hash the rule id, component, licence and code social, never a line, so
GitHub keeps an alert open (and dismissed alerts dismissed) when lines move. The output holds
no timestamp and no absolute path; the driver's ``version`` is the package's.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

import reciprocity
from reciprocity.evaluation.result import (
    VERDICT_LABELS,
    CheckResult,
    Finding,
    Location,
    UseResult,
    Verdict,
)
from reciprocity.model import Money
from reciprocity.report.check_json import amount_data
from reciprocity.report.summary import summary_line
from reciprocity.vocabulary import USE_KINDS, Label

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/reciprocity-commons/reciprocity"
FINGERPRINT = "reciprocityFinding/v1"
SRCROOT = "%SRCROOT%"
DECLARATION_FILE = "reciprocity.yml"
UNKNOWN_LICENCE = "unknown-licence"

LEVELS: dict[Verdict, str] = {
    Verdict.FORBIDDEN: "error",
    Verdict.OWES: "error",
    Verdict.NEEDS_INFO: "warning",
}
"""The verdicts that give a result, and their SARIF level; the others give none."""

_LEVEL_RANK = {"error": 0, "warning": 1}

_DECLARED_HERE = Label("declared here", "déclaré ici")

_HELP: dict[Verdict, Label] = {
    Verdict.FORBIDDEN: Label(
        "Forbidden: the licence does not allow this use. Obtain another licence (or a "
        "written waiver) from the licensor, change the use so that an exemption applies "
        "(the alert says which would), or stop using the component.",
        "Interdit : la licence ne permet pas cet usage. Obtenez une autre licence (ou une "
        "dérogation écrite) du concédant, modifiez l'usage pour qu'une exemption s'applique "
        "(l'alerte dit laquelle), ou cessez d'utiliser le composant.",
    ),
    Verdict.OWES: Label(
        "Owes: the licence asks for a contribution in return. Pay or contribute what the "
        "alert says, then record it under {contributions} in {declaration} so that the next "
        "check counts it.",
        "Doit : la licence demande une contribution en retour. Versez ou apportez ce que "
        "l'alerte indique, puis inscrivez-le sous {contributions} dans {declaration} pour que "
        "la prochaine vérification en tienne compte.",
    ),
    Verdict.NEEDS_INFO: Label(
        "Needs information: the declaration lacks facts that decide this rule. Declare "
        "them in {declaration}{fields}, then check again to learn whether the use is "
        "permitted, owes a contribution or is forbidden.",
        "Informations manquantes : la déclaration ne dit pas ce qui décide de cette règle. "
        "Indiquez-le dans {declaration}{fields}, puis vérifiez de nouveau pour savoir si "
        "l'usage est permis, doit une contribution ou est interdit.",
    ),
}

_BUILT_IN: dict[str, Label] = {
    "licence": Label(
        "Checked by reciprocity: the use's licence must be known, and in the catalogue, "
        "for its rules to be checked.",
        "Vérifié par reciprocity : la licence de l'usage doit être connue, et au catalogue, "
        "pour que ses règles soient vérifiées.",
    ),
    "code-social": Label(
        "Checked by reciprocity: the licence leaves some conditions to each commons' code "
        "social, which the declaration must name.",
        "Vérifié par reciprocity : la licence confie certaines conditions au code social de "
        "chaque commun, que la déclaration doit nommer.",
    ),
    "change": Label(
        "Checked by reciprocity: the licence turns into another licence at a date, or some "
        "time after a release.",
        "Vérifié par reciprocity : la licence devient une autre licence à une date, ou "
        "quelque temps après une publication.",
    ),
}


@dataclass
class _Rule:
    """One SARIF rule, gathered from every finding that cites it."""

    rule_id: str
    finding: Finding
    licence: str
    code_social: str | None
    verdicts: set[Verdict] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)


def render(result: CheckResult, lang: str = "en") -> str:
    """Return the result as an indented SARIF 2.1.0 log with a final newline."""
    return json.dumps(as_data(result, lang), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def as_data(result: CheckResult, lang: str = "en") -> dict[str, Any]:
    """The SARIF log as plain data."""
    repeats = _repeats(result)
    actionable = [
        (use, finding, repeat)
        for use, repeat in zip(result.uses, repeats, strict=True)
        for finding in use.findings
        if finding.verdict in LEVELS
    ]
    gathered: dict[str, _Rule] = {}
    for use, finding, _ in actionable:
        rule_id = _rule_id(use, finding)
        rule = gathered.setdefault(
            rule_id,
            _Rule(
                rule_id=rule_id,
                finding=finding,
                licence=use.licence or UNKNOWN_LICENCE,
                code_social=use.code_social,
            ),
        )
        rule.verdicts.add(finding.verdict)
        rule.missing.update(re.sub(r"uses\[\d+\]", "uses[]", f) for f in finding.missing)
    ids = sorted(gathered)
    index = {rule_id: i for i, rule_id in enumerate(ids)}
    declaration = result.declaration or DECLARATION_FILE
    properties: dict[str, Any] = {
        "as_of": result.as_of.isoformat(),
        "period": {"from": result.period.start.isoformat(), "to": result.period.end.isoformat()},
        "summary": summary_line(result, lang),
    }
    if result.base is not None:
        properties["base"] = result.base
    if result.notes:
        properties["notes"] = [note(lang) for note in result.notes]
    run = {
        "tool": {
            "driver": {
                "name": "reciprocity",
                "informationUri": INFORMATION_URI,
                "version": reciprocity.__version__,
                "rules": [_rule(gathered[i], declaration, lang) for i in ids],
            }
        },
        "columnKind": "unicodeCodePoints",
        "language": lang,
        "properties": properties,
        "results": [
            _result(result, use, finding, index[_rule_id(use, finding)], lang, repeat)
            for use, finding, repeat in actionable
        ],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _rule_id(use: UseResult, finding: Finding) -> str:
    parts = [use.licence or UNKNOWN_LICENCE]
    if use.code_social:
        parts.append(use.code_social)
    parts.append(finding.rule)
    return "/".join(parts)


def _level(verdicts: set[Verdict]) -> str:
    return min((LEVELS[v] for v in verdicts), key=_LEVEL_RANK.__getitem__)


def _pascal(name: str) -> str:
    """``commercial-use`` → ``CommercialUse``; ``grant:commercial`` → ``GrantCommercial``."""
    words = [w for w in re.split(r"[\W_]+", name) if w]
    return "".join(w[:1].upper() + w[1:] for w in words) or name


def _subject(rule: _Rule) -> str:
    if rule.code_social:
        return f"{rule.licence} + {rule.code_social}"
    return rule.licence


def _where(rule: _Rule, lang: str, markdown: bool = False) -> str:
    """Where the rule is written, or what reciprocity checks when it is its own."""
    fr = lang == "fr"
    clause = rule.finding.clause
    name = rule.finding.rule
    if clause is not None:
        place = f"{clause.file}:{clause.line}" if clause.line >= 1 else clause.file
        place = f"`{place}`" if markdown else place
        section = f" (clause {clause.section})" if clause.section else ""
        if fr:
            return f"{_subject(rule)}, règle {name} : écrite dans {place}{section}."
        return f"{_subject(rule)}, rule {name}: written in {place}{section}."
    if name.startswith("grant:"):
        kind = name.partition(":")[2]
        said = USE_KINDS[kind](lang) if kind in USE_KINDS else kind
        if fr:
            return f"Vérifié par reciprocity : {rule.licence} doit accorder l'usage ({said})."
        return f"Checked by reciprocity: {rule.licence} must grant the use ({said})."
    if name in _BUILT_IN:
        return _BUILT_IN[name](lang)
    if fr:
        return f"Vérifié par reciprocity ({name}) : ce n'est pas une clause de la licence."
    return f"Checked by reciprocity ({name}): not a clause of the licence."


def _rule(rule: _Rule, declaration: str, lang: str) -> dict[str, Any]:
    fr = lang == "fr"
    name = rule.finding.rule
    short = f"{_subject(rule)} : règle {name}" if fr else f"{_subject(rule)}: rule {name}"
    where = _where(rule, lang)
    texts: list[str] = []
    markdowns: list[str] = []
    for verdict in sorted(rule.verdicts, key=lambda v: v.rank):
        fields = ""
        fields_md = ""
        if verdict is Verdict.NEEDS_INFO and rule.missing:
            missing = sorted(rule.missing)
            fields = " : " if fr else ": "
            fields_md = fields + ", ".join(f"`{f}`" for f in missing)
            fields += ", ".join(missing)
        text = _HELP[verdict](lang)
        texts.append(
            text.format(declaration=declaration, fields=fields, contributions="contributions")
        )
        head, _, rest = text.partition(" : " if fr else ": ")
        markdowns.append(
            f"**{head}.** {rest[:1].upper()}{rest[1:]}".format(
                declaration=f"`{declaration}`", fields=fields_md, contributions="`contributions`"
            )
        )
    tags = ["reciprocity", "licence", rule.licence]
    if rule.code_social:
        tags.append(rule.code_social)
    return {
        "id": rule.rule_id,
        "name": _pascal(name),
        "shortDescription": {"text": short},
        "fullDescription": {"text": where},
        "help": {
            "text": " ".join([*texts, where]),
            "markdown": "\n\n".join([*markdowns, _where(rule, lang, markdown=True)]),
        },
        "defaultConfiguration": {"level": _level(rule.verdicts)},
        "properties": {"tags": tags},
    }


def _repeats(result: CheckResult) -> list[int]:
    """For each use, how many uses of the same component, licence and code social came
    before it: two declared uses of one commons keep two alerts."""
    seen: dict[tuple[str, str | None, str | None], int] = {}
    repeats = []
    for use in result.uses:
        key = (use.component, use.licence, use.code_social)
        repeats.append(seen.get(key, 0))
        seen[key] = repeats[-1] + 1
    return repeats


def _result(
    result: CheckResult,
    use: UseResult,
    finding: Finding,
    rule_index: int,
    lang: str,
    repeat: int = 0,
) -> dict[str, Any]:
    fr = lang == "fr"
    rule_id = _rule_id(use, finding)
    colon = " :" if fr else ":"
    message = (
        f"{use.component}{colon} {VERDICT_LABELS[finding.verdict](lang)}. "
        f"{finding.explanation(lang)}"
    )
    data: dict[str, Any] = {
        "ruleId": rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.verdict],
        "message": {"text": message},
        "locations": [_primary(result, use)],
        "partialFingerprints": {FINGERPRINT: _fingerprint(rule_id, use, repeat)},
        "properties": _properties(use, finding),
    }
    if use.location is not None and use.declared_at is not None:
        related = _physical(use.declared_at.path, use.declared_at.line)
        related.update(id=1, message={"text": _DECLARED_HERE(lang)})
        data["relatedLocations"] = [related]
    return data


def _primary(result: CheckResult, use: UseResult) -> dict[str, Any]:
    """The one location of a result (see the module's docstring for the order)."""
    if use.location is not None:
        return _physical(result.path(use.location), use.location.line)
    if use.declared_at is not None:
        return _physical(use.declared_at.path, use.declared_at.line)
    if result.declaration is not None:
        return _physical(result.declaration, 0)
    return _physical(result.path(Location(path=DECLARATION_FILE)), 0)


def _physical(path: str, line: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(path)}
    if line >= 1:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def _artifact(path: str) -> dict[str, str]:
    """A relative path against ``%SRCROOT%``; an absolute one (a folder outside where the tool
    ran, which the user named) as a ``file:`` URI, the only form SARIF allows for it."""
    if PureWindowsPath(path).is_absolute():
        return {"uri": PureWindowsPath(path).as_uri()}
    if PurePosixPath(path).is_absolute():
        return {"uri": PurePosixPath(path).as_uri()}
    return {"uri": quote(posixpath.normpath(path), safe="/"), "uriBaseId": SRCROOT}


def _fingerprint(rule_id: str, use: UseResult, repeat: int) -> str:
    parts = [rule_id, use.component, use.licence or "", use.code_social or ""]
    key = "\0".join([*parts, str(repeat)] if repeat else parts)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _properties(use: UseResult, finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "verdict": finding.verdict.value,
        "component": use.component,
        "licence": use.licence,
        "code_social": use.code_social,
    }
    if use.field_path is not None:
        data["declared"] = use.field_path
    if finding.amount is not None:
        credited = finding.credited.value if finding.credited is not None else Decimal(0)
        balance = Money(max(finding.amount.value - credited, Decimal(0)), finding.amount.currency)
        data["amount"] = amount_data(finding.amount)
        data["contributed"] = amount_data(finding.credited)
        data["balance"] = amount_data(balance)
    if finding.missing:
        data["missing"] = list(finding.missing)
    if finding.due is not None:
        data["due"] = finding.due.isoformat()
    change = use.change
    if change is not None:
        if change.new:
            data["change"] = {"status": "new"}
        else:
            data["change"] = {
                "status": "changed",
                "base_verdict": change.verdict.value if change.verdict is not None else None,
                "base_balance": amount_data(change.balance),
            }
    return data
