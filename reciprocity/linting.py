"""Lint ``.recip`` files: every diagnostic of every file, and a verdict for the lot."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reciprocity.catalogue import Catalogue
from reciprocity.errors import Diagnostic, LicenceError, Severity
from reciprocity.language import parse, read_text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class LintReport:
    """What linting found in a set of files."""

    files: int
    diagnostics: tuple[Diagnostic, ...]
    invalid_files: int
    strict: bool = False

    @property
    def errors(self) -> int:
        """How many errors were found."""
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        """How many warnings were found."""
        return len(self.diagnostics) - self.errors

    @property
    def valid(self) -> bool:
        """True when no file is invalid (and, when strict, nothing was found at all)."""
        return self.invalid_files == 0 and not (self.strict and self.diagnostics)

    @property
    def text(self) -> str:
        """Every diagnostic in compiler style, one blank line between them."""
        return "\n\n".join(d.render() for d in self.diagnostics)

    @property
    def summary(self) -> str:
        """One line for stderr: how many files, and what was wrong."""
        head = f"{_plural(self.files, 'file')} checked"
        found = []
        if self.errors:
            found.append(_plural(self.errors, "error"))
        if self.warnings:
            found.append(_plural(self.warnings, "warning"))
        if self.invalid_files:
            return f"{head}: {self.invalid_files} invalid ({', '.join(found)})"
        if found:
            verdict = "invalid" if self.strict else "valid"
            return f"{head}: {verdict}, with {', '.join(found)}"
        return f"{head}: valid"


def lint_files(paths: Iterable[Path], catalogue: Catalogue, *, strict: bool = False) -> LintReport:
    """Check each file against the grammar, the vocabulary and the catalogue."""
    diagnostics: list[Diagnostic] = []
    invalid = 0
    count = 0
    for path in paths:
        count += 1
        shown = path.as_posix()
        try:
            text = read_text(path, shown)
            _, warnings = parse(text, source=shown, resolve=catalogue.resolve)
        except LicenceError as error:
            invalid += 1
            diagnostics.extend(error.diagnostics)
            continue
        diagnostics.extend(warnings)
    return LintReport(count, tuple(diagnostics), invalid, strict)
