"""The reciprocity licence language: parse, check and print ``.recip`` documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reciprocity import model as m
from reciprocity.errors import (
    Diagnostic,
    LicenceError,
    LicenceSemanticError,
    Severity,
)
from reciprocity.files import NotRegularFile, TooLarge, read_regular
from reciprocity.language.diagnostics import diagnostic_at
from reciprocity.language.parser import parse_document
from reciprocity.language.printer import print_document
from reciprocity.language.semantics import check_document

LicenceResolver = Callable[[str], "m.Licence | None"]
"""Finds the licence a code social or parameter set is written for, by id."""

SUFFIX = ".recip"

MAX_BYTES = 1024 * 1024
"""The longest licence of the catalogue is under 30 kB; a larger file is refused unread, so a
stranger's file cannot make a check spend its time (or memory) parsing."""


def parse(
    text: str, *, source: str = "<string>", resolve: LicenceResolver | None = None
) -> tuple[m.Document, tuple[Diagnostic, ...]]:
    """Parse and check a document; return it with its warnings, or raise with every error.

    ``resolve`` finds the licence a code social refers to, so that its settings and rules are
    checked against that licence's parameters and delegated uses.
    """
    if not _meaningful(text):
        # Said plainly: the parser's "ends before the document is complete" would send the
        # writer looking for a missing brace.
        raise _whole_file(
            source,
            "the file holds no licence (it is empty or only comments)",
            "start with `licence LicenseRef-Name {` (see `reciprocity licence show PPL`)",
        )
    document = parse_document(text, source=source)
    licence = None
    if isinstance(document, m.Terms) and resolve is not None:
        licence = resolve(document.licence.id)
        if licence is None:
            error = diagnostic_at(
                text,
                source,
                document.licence.pos,
                f"'{document.licence.id}' is not in the catalogue",
                "write the id of a known licence (see `reciprocity licence list`)",
            )
            raise LicenceSemanticError((error,))
    diagnostics = check_document(document, text=text, source=source, licence=licence)
    if any(d.severity is Severity.ERROR for d in diagnostics):
        raise LicenceSemanticError(tuple(diagnostics))
    return document, tuple(diagnostics)


def _whole_file(source: str, message: str, hint: str) -> LicenceError:
    return LicenceError((Diagnostic(source=source, line=0, column=0, message=message, hint=hint),))


def _meaningful(text: str) -> bool:
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


def read_text(path: Path, source: str | None = None) -> str:
    """Read a ``.recip`` file as UTF-8, turning I/O and encoding faults into our errors."""
    shown = source or path.as_posix()
    try:
        raw = read_regular(path, MAX_BYTES)
    except TooLarge as exc:
        raise _whole_file(
            shown,
            f"{exc.size:,} bytes is too large for a licence (the limit is {MAX_BYTES:,}); "
            "it was not read",
            "check that this is the licence you meant: the largest is a few kilobytes",
        ) from None
    except NotRegularFile:
        raise _whole_file(
            shown,
            "not a regular file (a device or a pipe?); it was not read",
            "name the .recip file itself",
        ) from None
    except OSError as exc:
        raise _whole_file(
            shown,
            f"cannot read the file: {exc.strerror}",
            "check the path and that the file can be read",
        ) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _whole_file(shown, "the file is UTF-16", "save the file as UTF-8")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LicenceError((Diagnostic.not_utf8(raw, exc, shown),)) from None


__all__ = [
    "SUFFIX",
    "LicenceResolver",
    "check_document",
    "parse",
    "parse_document",
    "print_document",
    "read_text",
]
