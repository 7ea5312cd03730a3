"""Where a report goes: stdout, or a file written whole or not at all (``--output``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from reciprocity.errors import SourceError

F = TypeVar("F", bound=Callable[..., Any])


def output_option(function: F) -> F:
    """``--output FILE``: write the report there, only when the run could check."""
    return click.option(
        "--output",
        "-o",
        "output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write the report to FILE instead of stdout (only when the check could run).",
    )(function)


def write_report(text: str, output: Path | None) -> None:
    """Print ``text``, or replace ``output`` with it atomically (no half-written file)."""
    if output is None:
        click.echo(text, nl=False)
        return
    import tempfile

    folder = output.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", dir=folder)
    except OSError as error:
        raise SourceError(f"{output}: cannot write the report ({error.strerror})") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, _mode(output))
        os.replace(temporary, output)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise SourceError(f"{output}: cannot write the report ({error.strerror})") from None


def use_colour(output: Path | None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _mode(output: Path) -> int:
    """The report keeps the mode of the file it replaces, else gets the usual one (umask)."""
    try:
        return output.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
