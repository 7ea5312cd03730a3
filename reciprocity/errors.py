"""The one exception tree of reciprocity, and the compiler-style diagnostics it carries.

Every error that reaches a user is a :class:`ReciprocityError`; foreign exceptions are turned
into one of these in the module that calls the foreign library. The command line maps them
to exit code 2 ("could not check") and prints them without a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

TAB_WIDTH = 4

# Control characters, line separators and bidirectional overrides.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class Severity(StrEnum):
    """How serious a diagnostic is: errors make a file invalid, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, kw_only=True)
class Diagnostic:
    """One problem found in a file, located precisely enough to point at it."""

    source: str
    """The file as the user named it (or ``<string>``)."""
    line: int
    """1-based line of the fault; 0 when the fault is the whole file."""
    column: int
    """1-based column of the fault."""
    width: int = 1
    """How many characters the caret line underlines."""
    message: str
    """What is wrong, in one clause, lower case, no final full stop."""
    hint: str = ""
    """One sentence on how to fix it."""
    severity: Severity = Severity.ERROR
    source_line: str = ""
    """The text of the faulty line, shown under the message."""

    @classmethod
    def not_utf8(cls, raw: bytes, error: UnicodeDecodeError, source: str) -> Diagnostic:
        """The first byte of a file that is not UTF-8, at its line and (byte) column."""
        # The offset counts in what the codec read: after a byte order mark, if any.
        body = raw.removeprefix(b"\xef\xbb\xbf") if len(error.object) < len(raw) else raw
        start = error.start
        line = body.count(b"\n", 0, start) + 1
        line_start = body.rfind(b"\n", 0, start) + 1
        # Columns count characters, as every other caret does.
        column = len(body[line_start:start].decode("utf-8", "replace")) + 1
        return cls(
            source=source,
            line=line,
            column=column,
            message=f"byte 0x{body[start]:02x} is not UTF-8",
            hint="save the file as UTF-8",
            source_line=body.split(b"\n")[line - 1].decode("utf-8", "replace"),
        )

    @classmethod
    def at(
        cls,
        text: str,
        *,
        source: str,
        line: int,
        column: int,
        message: str,
        hint: str = "",
        width: int = 1,
        severity: Severity = Severity.ERROR,
        newline_only: bool = False,
    ) -> Diagnostic:
        """Build a diagnostic, taking the faulty line from the file's text.

        ``newline_only``: the reader that gave the line number counts lines at line feeds
        alone (the licence parser does), not at every break Python knows (form feed, U+2028).
        """
        lines = text.split("\n") if newline_only else text.splitlines()
        source_line = lines[line - 1].removesuffix("\r") if 0 < line <= len(lines) else ""
        return cls(
            source=source,
            line=line,
            column=column,
            width=max(1, width),
            message=message,
            hint=hint,
            severity=severity,
            source_line=source_line,
        )

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order diagnostics as a reader meets them in the file."""
        return (self.source, self.line, self.column, self.message)

    def render(self) -> str:
        """Render in compiler style: location, message, the line with a caret, then a hint."""
        location = f"{self.source}:{self.line}:{self.column}" if self.line else self.source
        out = [f"{location}: {self.severity.value}: {self.message}"]
        if self.line and self.source_line.strip():
            # The line comes from someone's file: its control characters must not drive the
            # terminal, and a blank keeps the caret under the right column.
            shown = _CONTROLS.sub(" ", self.source_line.expandtabs(TAB_WIDTH)).rstrip()
            column = len(self.source_line[: max(0, self.column - 1)].expandtabs(TAB_WIDTH))
            width = max(1, min(self.width, len(shown) - column))
            shown, column, width = _around(shown, column, width)
            gutter = str(self.line)
            out.append(f"{gutter} | {shown}")
            out.append(f"{' ' * len(gutter)} | {' ' * column}{'^' * width}")
        if self.hint:
            out.append(f"help: {self.hint}")
        return "\n".join(out)


SHOWN_WIDTH = 100
"""The most of a source line a message shows: a generated or minified file can have one line
of megabytes."""


def _around(line: str, column: int, width: int) -> tuple[str, int, int]:
    """Cut a long line to the part around the caret, marking each cut with '...'."""
    if len(line) <= SHOWN_WIDTH:
        return line, column, width
    width = min(width, SHOWN_WIDTH // 2)
    start = max(0, min(column - SHOWN_WIDTH // 3, len(line) - SHOWN_WIDTH))
    end = start + SHOWN_WIDTH
    head = "..." if start > 0 else ""
    tail = "..." if end < len(line) else ""
    return f"{head}{line[start:end]}{tail}", column - start + len(head), width


def quoted(part: str, limit: int = 60) -> str:
    """Part of someone's file as a message shows it: one short line, nothing that drives a terminal.

    A token or a value can be a whole multi-line text, a control character, a no-break space or
    a bidirectional override; what is not printable is written as a Python escape (``\\x1b``).
    """
    line = part.split("\n", 1)[0]
    short = line if line == part and len(line) <= limit else line[: max(1, limit - 3)] + "..."
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in short
    )


class ReciprocityError(Exception):
    """Base of every error reciprocity reports to its user."""


class DiagnosedError(ReciprocityError):
    """An input file is invalid; carries every diagnostic found, rendered in file order."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        self.diagnostics = tuple(sorted(diagnostics, key=Diagnostic.sort_key))
        super().__init__(self.render())

    def render(self) -> str:
        """Render all diagnostics, blank-line separated, in file order."""
        return "\n\n".join(d.render() for d in self.diagnostics)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The diagnostics that make the file invalid."""
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)


class LicenceError(DiagnosedError):
    """A licence or code social file is invalid."""


class LicenceSyntaxError(LicenceError):
    """The text does not follow the grammar of the licence language."""


class LicenceSemanticError(LicenceError):
    """The text parses but says something impossible (unknown fact, currency mixup, ...)."""


class CatalogueError(ReciprocityError):
    """The catalogue of licences could not be read or searched."""


class UnknownLicenceError(CatalogueError):
    """No licence or code social in the catalogue has the requested id, alias or name."""

    def __init__(self, wanted: str, suggestions: tuple[str, ...] = ()) -> None:
        self.wanted = wanted
        self.suggestions = suggestions
        message = f"no licence in the catalogue is called '{wanted}'"
        if suggestions:
            message += "; did you mean " + " or ".join(f"'{s}'" for s in suggestions) + "?"
        else:
            message += "; run `reciprocity licence list` to see the catalogue"
        super().__init__(message)


class SourceError(ReciprocityError):
    """An input file (declaration, repository, registry answer) could not be used."""


class DeclarationError(DiagnosedError, SourceError):
    """A usage declaration is invalid, or names what reciprocity cannot find."""


class RepositoryError(SourceError):
    """A folder's git history could not be read: missing, not a repository, or no git."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        """The folder as the user named it."""
        self.reason = reason
        """Why, in one clause, lower case, no final full stop."""
        super().__init__(f"cannot read the history of {path}: {reason}")
