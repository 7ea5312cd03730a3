"""Diagnostics located by a model position (the parser and the semantic pass both report so)."""

from __future__ import annotations

from reciprocity import model as m
from reciprocity.errors import Diagnostic, Severity


def located(
    text: str,
    *,
    source: str,
    line: int,
    column: int,
    message: str,
    hint: str = "",
    width: int = 1,
    severity: Severity = Severity.ERROR,
) -> Diagnostic:
    """A diagnostic in a licence's text, its lines counted at line feeds as the parser counts
    them (a form feed or U+2028 inside a line does not start another)."""
    return Diagnostic.at(
        text,
        newline_only=True,
        source=source,
        line=line,
        column=column,
        width=width,
        message=message,
        hint=hint,
        severity=severity,
    )


def diagnostic_at(
    text: str,
    source: str,
    pos: m.Position | None,
    message: str,
    hint: str = "",
    severity: Severity = Severity.ERROR,
) -> Diagnostic:
    """Build a diagnostic at ``pos`` (the whole file when there is no position)."""
    line, column, width = (pos.line, pos.column, pos.width) if pos else (0, 0, 1)
    return located(
        text,
        source=source,
        line=line,
        column=column,
        width=width,
        message=message,
        hint=hint,
        severity=severity,
    )
