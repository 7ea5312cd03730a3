"""The result of an evaluation for a person at a terminal: each use, verdict first.

Findings that need nothing from the reader (``permitted``) are listed only with
``verbose``; every other finding shows its clause and its explanation.
"""

from __future__ import annotations

import textwrap
from collections import Counter

from reciprocity.evaluation.result import VERDICT_LABELS, CheckResult, Finding, UseResult, Verdict
from reciprocity.evaluation.wording import amount_text
from reciprocity.model import Money
from reciprocity.vocabulary import Label

WIDTH = 100

_WORDS: dict[str, Label] = {
    "as-of": Label("as of", "au"),
    "period": Label("period", "période"),
    "declaration": Label("declaration", "déclaration"),
    "none": Label(
        "none: each component is reported with what to declare",
        "aucune : chaque composant est signalé avec ce qu'il faut déclarer",
    ),
    "owed": Label("owed", "dû"),
    "contributed": Label("contributed", "versé"),
    "balance": Label("balance", "reste dû"),
    "missing": Label("to declare", "à déclarer"),
    "no-uses": Label(
        "No component under a reciprocity licence, and no declared use.",
        "Aucun composant sous licence à réciprocité, et aucun usage déclaré.",
    ),
    "uses": Label("uses", "usages"),
    "notes": Label("Notes", "Remarques"),
    "clause": Label("clause", "clause"),
}


def _money(amount: Money | None, lang: str) -> str:
    return amount_text(amount, lang) if amount is not None else "-"


def render(result: CheckResult, lang: str = "en", verbose: bool = False) -> str:
    """Return the report as text, one block per use, with a summary at the end."""
    w = _WORDS
    colon = " :" if lang == "fr" else ":"
    declaration = result.declaration or w["none"](lang)
    out = [
        f"reciprocity — {w['as-of'](lang)} {result.as_of.isoformat()}, {w['period'](lang)} "
        f"{result.period.start.isoformat()} – {result.period.end.isoformat()}",
        f"{w['declaration'](lang).capitalize()}{colon} {declaration}",
    ]
    if not result.uses:
        out.extend(["", w["no-uses"](lang)])
    for use in result.uses:
        out.append("")
        out.extend(_use(use, lang, verbose))
    if result.notes:
        out.extend(["", f"{w['notes'](lang)}{colon}"])
        out.extend(f"  {note}" for note in result.notes)
    out.extend(["", summary_line(result, lang)])
    return "\n".join(out) + "\n"


def _use(use: UseResult, lang: str, verbose: bool) -> list[str]:
    w = _WORDS
    verdict = VERDICT_LABELS[use.verdict](lang).upper()
    licence = use.licence or "?"
    if use.code_social:
        licence += f" + {use.code_social}"
    where = f" ({use.field_path})" if use.field_path else ""
    out = [f"{verdict}  {use.component}  {licence}{where}"]
    if use.owed is not None:
        out.append(
            f"  {w['owed'](lang)} {_money(use.owed, lang)} · {w['contributed'](lang)} "
            f"{_money(use.contributed, lang)} · {w['balance'](lang)} {_money(use.balance, lang)}"
        )
    for finding in use.findings:
        if finding.verdict is Verdict.PERMITTED and not verbose:
            continue
        out.extend(_finding(finding, lang))
    if use.missing:
        colon = " :" if lang == "fr" else ":"
        out.append(f"  {w['missing'](lang)}{colon} {', '.join(use.missing)}")
    return out


def _finding(finding: Finding, lang: str) -> list[str]:
    head = f"  - {VERDICT_LABELS[finding.verdict](lang)}: {finding.rule}"
    clause = finding.clause
    if clause is not None:
        section = f", {_WORDS['clause'](lang)} {clause.section}" if clause.section else ""
        head += f" ({clause.file}:{clause.line}{section})"
    body = textwrap.wrap(
        finding.explanation(lang), WIDTH, initial_indent="      ", subsequent_indent="      "
    )
    return [head, *body]


def summary_line(result: CheckResult, lang: str = "en") -> str:
    """One line: how many uses, by verdict, and what remains owed."""
    counts = Counter(u.verdict for u in result.uses)
    parts = [f"{counts[v]} {VERDICT_LABELS[v](lang)}" for v in Verdict if counts.get(v)]
    balance: dict[str, Money] = {}
    for use in result.uses:
        if use.balance is not None and use.balance.value:
            have = balance.get(use.balance.currency)
            value = use.balance.value + (have.value if have else 0)
            balance[use.balance.currency] = Money(value, use.balance.currency)
    total = len(result.uses)
    head = f"{total} {_WORDS['uses'](lang)}" if total != 1 else f"1 {_WORDS['uses'](lang)[:-1]}"
    text = f"{head}: {', '.join(parts)}" if parts else head
    if balance:
        owed = ", ".join(amount_text(balance[c], lang) for c in sorted(balance))
        text += f"; {_WORDS['balance'](lang)} {owed}"
    return text + "."
