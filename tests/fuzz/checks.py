"""What every error must be, whatever the input: located in the file, readable, with a fix."""

from __future__ import annotations

from hypothesis import currently_in_test_context, event

from reciprocity.errors import DiagnosedError


def assert_explained(error: DiagnosedError, text: str, source: str, *, newline_only: bool) -> None:
    """Each error names the file, points at a line it shows, and says how to fix it.

    ``newline_only``: how the reader counts lines (the licence parser at line feeds alone,
    YAML at every line break), which the line shown must follow.
    """
    assert error.errors, "an invalid file must give at least one error"
    lines = text.split("\n") if newline_only else text.splitlines()
    for diagnostic in error.errors:
        assert diagnostic.source == source
        for words in (diagnostic.message, diagnostic.hint):
            assert words.strip(), diagnostic
            # One line, no control character: it is printed to a terminal or a CI log.
            assert words.isprintable(), diagnostic
            assert len(words) < 400, diagnostic
        if diagnostic.line:
            # A fault at the very end may stand on the line after the last line break.
            assert 1 <= diagnostic.line <= len(lines) + 1, diagnostic
            line = (
                lines[diagnostic.line - 1].removesuffix("\r")
                if diagnostic.line <= len(lines)
                else ""
            )
            assert 1 <= diagnostic.column <= len(line) + 1, diagnostic
            assert diagnostic.source_line == line, diagnostic
        assert diagnostic.render()
    assert str(error)


def outcome(label: str) -> None:
    """Count what an input gave, for ``--hypothesis-show-statistics`` (outside a test: nothing)."""
    if currently_in_test_context():
        event(label)
