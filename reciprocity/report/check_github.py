"""The result of an evaluation as GitHub workflow commands: one annotation per use to act on.

``::error`` for a use that is forbidden or owes, ``::warning`` for one that needs
information, most serious first, each pointing at the file where the scan found the component
(or the declaration's line). GitHub shows at most ten of each level per step, so the rest are
counted in one closing ``::notice``. Values are escaped as GitHub's toolkit does
(``@actions/core``), so a path or an explanation can never end a command or start another.
"""

from __future__ import annotations

import re

from reciprocity.evaluation.result import (
    VERDICT_LABELS,
    CheckResult,
    Finding,
    UseResult,
    Verdict,
    most_serious,
)
from reciprocity.evaluation.wording import amount_text
from reciprocity.report.summary import previous_state
from reciprocity.vocabulary import Label

MAX_PER_LEVEL = 10
"""How many annotations of one level GitHub shows for a step."""

_LEVELS: dict[Verdict, str] = {
    Verdict.FORBIDDEN: "error",
    Verdict.OWES: "error",
    Verdict.NEEDS_INFO: "warning",
}

_WORDS: dict[str, Label] = {
    "new": Label("New", "Nouveau"),
    "changed": Label("Changed", "Modifié"),
    "was": Label("was", "avant"),
    "owes": Label("Owes", "Doit"),
    "owed": Label("owed", "dû"),
    "contributed": Label("contributed", "versé"),
    "see": Label(
        "see the job summary or the SARIF report",
        "voir le résumé du job ou le rapport SARIF",
    ),
}


def render(result: CheckResult, lang: str = "en") -> str:
    """Return one workflow command a line, with a final newline; empty if nothing to act on."""
    uses = sorted((u for u in result.uses if u.verdict in _LEVELS), key=lambda u: u.verdict.rank)
    shown = {"error": 0, "warning": 0}
    left = {"error": 0, "warning": 0}
    lines = []
    for use in uses:
        level = _LEVELS[use.verdict]
        if shown[level] >= MAX_PER_LEVEL:
            left[level] += 1
            continue
        shown[level] += 1
        lines.append(_annotation(use, level, result, lang))
    if left["error"] or left["warning"]:
        lines.append(f"::notice::{escape_data(_left_out(left['error'], left['warning'], lang))}")
    return "".join(f"{line}\n" for line in lines)


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def escape_data(text: str) -> str:
    """Escape a command's message: ``%``, carriage return and line feed (GitHub's rules);
    other control characters, which could drive a terminal showing the log, become spaces."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _CONTROLS.sub(" ", escaped)


def escape_property(text: str) -> str:
    """Escape a command's property value: as a message, and also ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(use: UseResult, level: str, result: CheckResult, lang: str) -> str:
    properties = []
    if use.location is not None:
        properties.append(f"file={escape_property(result.path(use.location))}")
        line = use.location.line
    elif use.declared_at is not None:
        properties.append(f"file={escape_property(use.declared_at.path)}")
        line = use.declared_at.line
    else:
        line = 0
    if line >= 1:
        properties.append(f"line={line}")
    properties.append(f"title={escape_property(_title(use, lang))}")
    return f"::{level} {','.join(properties)}::{escape_data(_message(use, lang))}"


def _title(use: UseResult, lang: str) -> str:
    colon = " :" if lang == "fr" else ":"
    title = f"reciprocity{colon} {use.component} {VERDICT_LABELS[use.verdict](lang)}"
    if use.licence:
        licence = use.licence + (f" + {use.code_social}" if use.code_social else "")
        title += f" ({licence})"
    return title


def _message(use: UseResult, lang: str) -> str:
    w = _WORDS
    colon = " :" if lang == "fr" else ":"
    parts = []
    balance = use.balance
    if use.verdict is Verdict.OWES and balance is not None and balance.value:
        owes = f"{w['owes'](lang)} {amount_text(balance, lang)}"
        assert use.owed is not None
        if use.contributed is not None and use.contributed.value:
            owes += (
                f" ({w['owed'](lang)} {amount_text(use.owed, lang)}, "
                f"{w['contributed'](lang)} {amount_text(use.contributed, lang)})"
            )
        parts.append(owes + ".")
    findings = [f for f in use.findings if f.verdict is not Verdict.PERMITTED]
    first = _most_serious(findings)
    if first is not None:
        parts.append(first.explanation(lang))
        others = len(findings) - 1
        if others:
            parts.append(_others(others, lang))
    text = " ".join(parts)
    change = use.change
    if change is not None:
        if change.new or change.verdict is None:
            head = w["new" if change.new else "changed"](lang)
        else:
            before = previous_state(change, lang)
            head = f"{w['changed'](lang)} ({w['was'](lang)}{colon} {before})"
        text = f"{head}{colon} {text}"
    return text


def _most_serious(findings: list[Finding]) -> Finding | None:
    if not findings:
        return None
    worst = most_serious(f.verdict for f in findings)
    return next(f for f in findings if f.verdict is worst)


def _others(count: int, lang: str) -> str:
    if lang == "fr":
        return f"(+{count} autre{'s' if count > 1 else ''} constat{'s' if count > 1 else ''})"
    return f"(+{count} other finding{'s' if count != 1 else ''})"


def _left_out(errors: int, warnings: int, lang: str) -> str:
    fr = lang == "fr"
    parts = []
    if errors:
        plural = errors > 1
        parts.append(
            f"{errors} erreur{'s' if plural else ''}"
            if fr
            else f"{errors} more error{'s' if plural else ''}"
        )
    if warnings:
        plural = warnings > 1
        parts.append(
            f"{warnings} avertissement{'s' if plural else ''}"
            if fr
            else f"{warnings} more warning{'s' if plural else ''}"
        )
    if fr:
        return f"{' et '.join(parts)} de plus : {_WORDS['see'](lang)}."
    return f"{' and '.join(parts)}: {_WORDS['see'](lang)}."
