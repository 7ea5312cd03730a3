"""The result of an evaluation as GitHub Markdown: for ``$GITHUB_STEP_SUMMARY`` and pull requests.

The totals come first (the summary sentence, uses per verdict, money per currency), then one
table per commons, with its findings in a collapsible ``<details>`` block. Everything that comes
from files other people wrote (component names, licence ids, paths, explanations) is escaped
with HTML entities, which neither a table, an HTML block nor Markdown can mistake for syntax.
The report stays under a byte limit (GitHub refuses a step summary over 1 MiB): when it would
not, it keeps the totals and as many whole commons as fit, and says what it left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from reciprocity.evaluation.result import (
    VERDICT_LABELS,
    CheckResult,
    Finding,
    Location,
    UseResult,
    Verdict,
)
from reciprocity.evaluation.wording import amount_text
from reciprocity.model import Money
from reciprocity.report.check_json import totals
from reciprocity.report.summary import no_uses, previous_state, summary_line
from reciprocity.vocabulary import Label

MAX_BYTES = 1024 * 1024
"""GitHub's limit for one step's summary, in UTF-8 bytes."""

_NONE = "—"

_WORDS: dict[str, Label] = {
    "since": Label("since", "depuis"),
    "as-of": Label("As of", "Au"),
    "period": Label("period", "période"),
    "declaration": Label("declaration", "déclaration"),
    "no-declaration": Label("none", "aucune"),
    "verdict": Label("Verdict", "Verdict"),
    "uses": Label("Uses", "Usages"),
    "total": Label("total", "total"),
    "currency": Label("Currency", "Devise"),
    "owed": Label("Owed", "Dû"),
    "contributed": Label("Contributed", "Versé"),
    "balance": Label("Balance", "Reste dû"),
    "licence": Label("Licence", "Licence"),
    "found": Label("Found at", "Trouvé dans"),
    "declared": Label("Declared at", "Déclaré dans"),
    "change": Label("Change", "Changement"),
    "new": Label("new", "nouveau"),
    "changed": Label("changed", "modifié"),
    "was": Label("was", "avant :"),
    "not-declared": Label("not declared", "non déclaré"),
    "notes": Label("Notes", "Remarques"),
    "clause": Label("clause", "clause"),
    "to-declare": Label("To declare", "À déclarer"),
}


def render(result: CheckResult, lang: str = "en", *, limit: int = MAX_BYTES) -> str:
    """Return the report as Markdown of at most ``limit`` UTF-8 bytes, with a final newline."""
    head = _head(result, lang)
    groups = _groups(result.uses)
    # Render commons until the limit is passed: no need to render what cannot be shown.
    size = _size(_join(head))
    sections: list[str] = []
    for group in groups:
        sections.append(_section(group, result, lang))
        size += 2 + _size(sections[-1])
        if size > limit:
            break
    else:
        return _join([*head, *sections])
    # Whole blocks only, so no table or <details> is ever cut: the totals, then as many
    # commons as fit with the note about the rest.
    used = _size(_join(head))
    kept = 0
    left = len(result.uses)
    for section, group in zip(sections, groups, strict=False):
        note = _left_out(len(groups) - kept - 1, left - len(group), lang)
        if used + 2 + _size(section) + 2 + _size(note) > limit:
            break
        used += 2 + _size(section)
        kept += 1
        left -= len(group)
    text = _join([*head, *sections[:kept], _left_out(len(groups) - kept, left, lang)])
    if _size(text) <= limit:
        return text
    # A limit smaller than the totals: the note alone, as much of it as fits.
    note = _join([_left_out(len(groups), len(result.uses), lang)])
    return note.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


# ---- escaping ------------------------------------------------------------------------------

_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "|": "&#124;",
    "`": "&#96;",
    "\\": "&#92;",
    "$": "&#36;",
    # A zero-width space after '@' keeps npm scopes and team names from notifying anyone
    # when the report is posted as a pull-request comment (what Renovate does).
    "@": "@&#8203;",
}
_SPECIAL = re.compile(r"[&<>|`\\$@]")
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")
_LINK = re.compile(r"\]\(")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
# What could open a block if the text began a line: a heading, a list, a quote, a rule, a
# fence, a setext underline, a link reference definition.
_BLOCK_START = re.compile(r"^(?:[#>+\-*=_~\[]|\d{1,9}[.)](?=\s|$))")


def escape(text: str) -> str:
    """Make ``text`` plain text anywhere in the report: a table cell, a heading, HTML.

    HTML entities rather than backslashes, because backslashes are literal inside an HTML
    block such as ``<summary>``; and a line break becomes a space, since a table row or a
    list item is one line.
    """
    text = _CONTROLS.sub(" ", _NEWLINES.sub(" ", text)).strip()
    text = _SPECIAL.sub(lambda m: _ENTITIES[m.group()], text)
    text = _LINK.sub("]&#40;", text)
    start = _BLOCK_START.match(text)
    if start is not None:
        mark = start.group()
        text = f"{mark[:-1]}&#{ord(mark[-1])};{text[len(mark) :]}"
    return text


# ---- the totals ----------------------------------------------------------------------------


def _head(result: CheckResult, lang: str) -> list[str]:
    w = _WORDS
    colon = " :" if lang == "fr" else ":"
    heading = "## reciprocity"
    if result.base is not None:
        heading += f" — {w['since'](lang)} {escape(result.base)}"
    declaration = escape(result.declaration) if result.declaration else w["no-declaration"](lang)
    facts = (
        f"{w['as-of'](lang)} {result.as_of.isoformat()} · {w['period'](lang)} "
        f"{result.period.start.isoformat()} – {result.period.end.isoformat()} · "
        f"{w['declaration'](lang)}{colon} {declaration}"
    )
    blocks = [heading]
    if result.uses:
        blocks.extend([f"**{escape(summary_line(result, lang))}**", facts])
        blocks.extend(_totals(result, lang))
    else:
        blocks.extend([no_uses(result, lang), facts])
    if result.notes:
        notes = "\n".join(f"- {escape(note(lang))}" for note in result.notes)
        blocks.append(f"**{w['notes'](lang)}**\n\n{notes}")
    return blocks


def _totals(result: CheckResult, lang: str) -> list[str]:
    w = _WORDS
    counts = {v: sum(1 for u in result.uses if u.verdict is v) for v in Verdict}
    rows = [[VERDICT_LABELS[v](lang), str(n)] for v, n in counts.items() if n]
    rows.append([f"**{w['total'](lang)}**", f"**{len(result.uses)}**"])
    blocks = [_table([w["verdict"](lang), w["uses"](lang)], "lr", rows)]
    owed = totals([u.owed for u in result.uses])
    contributed = totals([u.contributed for u in result.uses])
    balance = totals([u.balance for u in result.uses])
    currencies = sorted({t["currency"] for t in (*owed, *contributed, *balance)})
    if currencies:
        by = [
            {t["currency"]: t["value"] for t in column} for column in (owed, contributed, balance)
        ]
        money_rows = [
            [escape(c), *(_amount(c, column.get(c), lang) for column in by)] for c in currencies
        ]
        header = [w[k](lang) for k in ("currency", "owed", "contributed", "balance")]
        blocks.append(_table(header, "lrrr", money_rows))
    return blocks


def _amount(currency: str, value: str | None, lang: str) -> str:
    return _NONE if value is None else escape(amount_text(Money(Decimal(value), currency), lang))


# ---- the commons ---------------------------------------------------------------------------


def _groups(uses: Sequence[UseResult]) -> list[list[UseResult]]:
    """The uses of each commons together, commons in the order they first appear."""
    groups: dict[str, list[UseResult]] = {}
    for use in uses:
        groups.setdefault(use.component, []).append(use)
    return list(groups.values())


def _section(uses: list[UseResult], result: CheckResult, lang: str) -> str:
    w = _WORDS
    diff = result.base is not None
    component = escape(uses[0].component)
    keys = ["licence", "verdict", "owed", "contributed", "balance", "found", "declared"]
    align = "llrrrll"
    if diff:
        keys.insert(0, "change")
        align = "l" + align
    rows = []
    for use in uses:
        row = [
            _licence(use),
            VERDICT_LABELS[use.verdict](lang),
            _money(use.owed, lang),
            _money(use.contributed, lang),
            _money(use.balance, lang),
            _where(result.path(use.location), use.location) if use.location else _NONE,
            _declared(use, lang),
        ]
        if diff:
            row.insert(0, _change(use, lang))
        rows.append(row)
    blocks = [f"### {component}", _table([w[k](lang) for k in keys], align, rows)]
    details = _details(uses, lang)
    if details:
        blocks.append(details)
    return "\n\n".join(blocks)


def _licence(use: UseResult) -> str:
    text = escape(use.licence) if use.licence else _NONE
    if use.code_social:
        text += f" + {escape(use.code_social)}"
    return text


def _money(amount: Money | None, lang: str) -> str:
    return escape(amount_text(amount, lang)) if amount is not None else _NONE


def _where(path: str, location: Location) -> str:
    line = f":{location.line}" if location.line >= 1 else ""
    return escape(f"{path}{line}")


def _declared(use: UseResult, lang: str) -> str:
    parts = []
    if use.declared_at is not None:
        parts.append(_where(use.declared_at.path, use.declared_at))
    if use.field_path:
        field = escape(use.field_path)
        parts.append(f"({field})" if parts else field)
    return " ".join(parts) if parts else _WORDS["not-declared"](lang)


def _change(use: UseResult, lang: str) -> str:
    change = use.change
    if change is None:
        return _NONE
    if change.new:
        return _WORDS["new"](lang)
    text = _WORDS["changed"](lang)
    if change.verdict is not None:
        before = escape(previous_state(change, lang))
        text += f", {_WORDS['was'](lang)} {before}"
    return text


def _details(uses: list[UseResult], lang: str) -> str:
    """The findings that ask something of the reader, and the fields to declare, folded."""
    w = _WORDS
    colon = " :" if lang == "fr" else ":"
    parts = []
    count = 0
    for use in uses:
        findings = [f for f in use.findings if f.verdict is not Verdict.PERMITTED]
        if not findings and not use.missing:
            continue
        count += len(findings)
        if len(uses) > 1:
            declared = f" ({escape(use.field_path)})" if use.field_path else ""
            parts.append(f"**{_licence(use)}**{declared}")
        if findings:
            parts.append("\n".join(_finding(f, lang) for f in findings))
        if use.missing:
            fields = ", ".join(escape(f) for f in use.missing)
            parts.append(f"**{w['to-declare'](lang)}**{colon} {fields}")
    if not parts:
        return ""
    summary = f"{escape(uses[0].component)}{colon} {_findings(count, lang)}"
    body = "\n\n".join(parts)
    return f"<details><summary>{summary}</summary>\n\n{body}\n\n</details>"


def _findings(count: int, lang: str) -> str:
    if lang == "fr":
        return f"{count} constat" + ("s" if count > 1 else "")
    return f"{count} finding" + ("s" if count != 1 else "")


def _finding(finding: Finding, lang: str) -> str:
    colon = " :" if lang == "fr" else ":"
    head = f"- **{VERDICT_LABELS[finding.verdict](lang)}**{colon} {escape(finding.rule)}"
    clause = finding.clause
    if clause is not None:
        where = f"{clause.file}:{clause.line}" if clause.line >= 1 else clause.file
        if clause.section:
            where += f", {_WORDS['clause'](lang)} {clause.section}"
        head += f" ({escape(where)})"
    return f"{head}<br>\n  {escape(finding.explanation(lang))}"


# ---- what was left out ---------------------------------------------------------------------


def _left_out(commons: int, uses: int, lang: str) -> str:
    """The closing note: how many commons and uses the limit left out, and where they are."""
    command = "`reciprocity check --format json`"
    if lang == "fr":
        if commons > 1:
            what = f"{commons} communs de plus ({_count(uses, 'usage', lang)}) ne sont pas affichés"
            how = f"{command}, ou le rapport SARIF, les donne tous."
        else:
            what = f"1 commun de plus ({_count(uses, 'usage', lang)}) n'est pas affiché"
            how = f"{command}, ou le rapport SARIF, le donne."
        why = "ce rapport doit rester sous la taille maximale d'un résumé de job GitHub"
        return f"> [!NOTE]\n> {what} : {why}. {how}"
    verb = "is" if commons == 1 else "are"
    what = f"{commons} more commons ({_count(uses, 'use', lang)}) {verb} not shown"
    why = "this report must stay within GitHub's size limit for a job summary"
    how = f"{command}, or the SARIF report, lists {'it' if commons == 1 else 'them all'}."
    return f"> [!NOTE]\n> {what}: {why}. {how}"


def _count(count: int, word: str, lang: str) -> str:
    plural = count > 1 if lang == "fr" else count != 1
    return f"{count} {word}{'s' if plural else ''}"


# ---- Markdown --------------------------------------------------------------------------------


def _table(header: list[str], align: str, rows: list[list[str]]) -> str:
    rule = "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"
    lines = [f"| {' | '.join(cells)} |" for cells in (header, *rows)]
    return "\n".join([lines[0], rule, *lines[1:]])


def _join(blocks: Sequence[str]) -> str:
    return "\n\n".join(blocks) + "\n"


def _size(text: str) -> int:
    return len(text.encode("utf-8"))
