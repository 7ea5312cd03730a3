"""The result of an evaluation for a person at a terminal: grouped by commons, verdict first.

Each commons gets a heading, then one line per use that starts with its verdict, the amounts
(aligned across the whole report, so columns of money can be read down), and the findings
that need the reader: ``permitted`` ones only with ``verbose``. Colour is ANSI, asked for by
the caller only when it writes to a terminal.
"""

from __future__ import annotations

import re
import textwrap
from itertools import groupby

from reciprocity.evaluation.result import VERDICT_LABELS, CheckResult, Finding, UseResult, Verdict
from reciprocity.evaluation.wording import amount_text
from reciprocity.model import Money
from reciprocity.report.summary import no_uses, previous_state, summary_line
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
    "since": Label("changes since", "changements depuis"),
    "owed": Label("owed", "dû"),
    "contributed": Label("contributed", "versé"),
    "balance": Label("balance", "reste dû"),
    "missing": Label("to declare", "à déclarer"),
    "notes": Label("Notes", "Remarques"),
    "clause": Label("clause", "clause"),
    "new": Label("new", "nouveau"),
    "found": Label("found in", "trouvé dans"),
    "declared": Label("declared as", "déclaré en"),
    "was": Label("was", "avant"),
}

_COLOURS = {
    Verdict.FORBIDDEN: "\x1b[1;31m",
    Verdict.OWES: "\x1b[1;33m",
    Verdict.NEEDS_INFO: "\x1b[1;35m",
    Verdict.SETTLED: "\x1b[32m",
    Verdict.EXEMPT: "\x1b[32m",
    Verdict.PERMITTED: "\x1b[32m",
}
_BOLD = "\x1b[1m"
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_RESET = "\x1b[0m"


class _Style:
    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def verdict(self, verdict: Verdict, text: str) -> str:
        return f"{_COLOURS[verdict]}{text}{_RESET}" if self.colour else text

    def bold(self, text: str) -> str:
        return f"{_BOLD}{text}{_RESET}" if self.colour else text


def render(
    result: CheckResult, lang: str = "en", verbose: bool = False, *, colour: bool = False
) -> str:
    """Return the report as text: a heading, one block per commons, notes, the summary."""
    w = _WORDS
    colon = " :" if lang == "fr" else ":"
    declaration = _plain(result.declaration) if result.declaration else w["none"](lang)
    out = [
        f"reciprocity — {w['as-of'](lang)} {result.as_of.isoformat()}, {w['period'](lang)} "
        f"{result.period.start.isoformat()} – {result.period.end.isoformat()}",
        f"{w['declaration'](lang).capitalize()}{colon} {declaration}",
    ]
    if result.base is not None:
        out.append(f"{w['since'](lang).capitalize()}{colon} {result.base}")
    if not result.uses:
        out.extend(["", no_uses(result, lang)])
    layout = _Layout(result.uses, lang)
    style = _Style(colour)
    for component, uses in groupby(result.uses, key=lambda u: u.component):
        out.extend(["", style.bold(_plain(component))])
        for use in uses:
            out.extend(_use(use, result, layout, style, lang, verbose))
    if result.notes:
        out.extend(["", f"{w['notes'](lang)}{colon}"])
        out.extend(f"  {_plain(note(lang))}" for note in result.notes)
    out.extend(["", summary_line(result, lang)])
    return "\n".join(out) + "\n"


class _Layout:
    """Widths shared by every use, so verdicts and amounts line up down the report."""

    def __init__(self, uses: tuple[UseResult, ...], lang: str) -> None:
        self.verdict = max((len(_verdict(u.verdict, lang)) for u in uses), default=0)
        amounts = [a for u in uses for a in (u.owed, u.contributed, u.balance) if a is not None]
        self.amount = max((len(amount_text(a, lang)) for a in amounts), default=0)

    def money(self, amount: Money | None, lang: str) -> str:
        return (amount_text(amount, lang) if amount is not None else "-").rjust(self.amount)


def _verdict(verdict: Verdict, lang: str) -> str:
    return VERDICT_LABELS[verdict](lang).upper()


def _use(
    use: UseResult,
    result: CheckResult,
    layout: _Layout,
    style: _Style,
    lang: str,
    verbose: bool,
) -> list[str]:
    w = _WORDS
    verdict = _verdict(use.verdict, lang)
    padded = style.verdict(use.verdict, verdict) + " " * (layout.verdict - len(verdict))
    licence = _plain(use.licence or "?")
    if use.code_social:
        licence += f" + {_plain(use.code_social)}"
    out = [f"  {padded}  {licence}"]
    indent = "    "
    where = []
    if use.location is not None:
        found = _plain(result.path(use.location))
        where.append(f"{w['found'](lang)} {found}{_line(use.location.line)}")
    if use.field_path:
        where.append(f"{w['declared'](lang)} {use.field_path}")
    if where:
        out.append(indent + " · ".join(where))
    if use.change is not None:
        out.append(f"{indent}{_change(use, lang)}")
    if use.owed is not None:
        out.append(
            f"{indent}{w['owed'](lang)} {layout.money(use.owed, lang)} · "
            f"{w['contributed'](lang)} {layout.money(use.contributed, lang)} · "
            f"{w['balance'](lang)} {layout.money(use.balance, lang)}"
        )
    for finding in use.findings:
        if finding.verdict is Verdict.PERMITTED and not verbose:
            continue
        out.extend(_finding(finding, indent, lang))
    if use.missing:
        colon = " :" if lang == "fr" else ":"
        out.append(f"{indent}{w['missing'](lang)}{colon} {_plain(', '.join(use.missing))}")
    return out


def _plain(text: str) -> str:
    """Text from others' files with its control characters blanked: a name cannot start a
    line of its own (a forged finding, a CI workflow command) or drive the terminal."""
    return _CONTROLS.sub(" ", text)


def _line(line: int) -> str:
    return f":{line}" if line >= 1 else ""


def _change(use: UseResult, lang: str) -> str:
    change = use.change
    assert change is not None
    if change.new or change.verdict is None:
        return f"[{_WORDS['new'](lang)}]"
    before = previous_state(change, lang)
    colon = " :" if lang == "fr" else ":"
    return f"[{_WORDS['was'](lang)}{colon} {before}]"


def _finding(finding: Finding, indent: str, lang: str) -> list[str]:
    colon = " :" if lang == "fr" else ":"
    head = f"{indent}- {VERDICT_LABELS[finding.verdict](lang)}{colon} {_plain(finding.rule)}"
    clause = finding.clause
    if clause is not None:
        section = f", {_WORDS['clause'](lang)} {clause.section}" if clause.section else ""
        head += f" ({clause.file}:{clause.line}{section})"
    body = textwrap.wrap(
        _plain(finding.explanation(lang)),
        WIDTH,
        initial_indent=indent + "    ",
        subsequent_indent=indent + "    ",
    )
    return [head, *body]
