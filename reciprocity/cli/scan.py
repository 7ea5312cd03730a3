"""``reciprocity scan``: every component of a tree, the licence it is under, and the evidence."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from reciprocity.cli.licence import extra_licences_option
from reciprocity.cli.options import format_option, online_option, registries, sbom_option
from reciprocity.cli.output import output_option, write_report


@click.command()
@click.argument(
    "path",
    default=".",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@format_option("text", "json")
@output_option
@sbom_option
@online_option
@click.option("--verbose", "-v", is_flag=True, help="Show the evidence of every component.")
@extra_licences_option
def scan(
    path: Path,
    output_format: str,
    output: Path | None,
    sboms: tuple[Path, ...],
    online: bool,
    verbose: bool,
    extra_dirs: tuple[Path, ...],
) -> None:
    """List every component of PATH with its licence, where it applies, and the evidence.

    Exit code 0 whatever is found: `reciprocity check` judges what the licences ask.
    """
    from reciprocity.catalogue import load_catalogue
    from reciprocity.scan.scanner import ScanOptions
    from reciprocity.scan.scanner import scan as run_scan

    with _progress() as progress:
        inventory = run_scan(
            path,
            load_catalogue(extra_dirs),
            ScanOptions(
                sboms=sboms,
                extra_licences=extra_dirs,
                registries=registries(online),
                progress=progress,
            ),
        )
    if output_format == "json":
        from reciprocity.report.inventory_json import render

        write_report(render(inventory), output)
    else:
        from reciprocity.report.inventory_text import render as render_text

        write_report(render_text(inventory, verbose=verbose), output)


class _progress:
    """A progress bar on stderr while files are read, only when stderr is a terminal."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._done = 0

    def __enter__(self) -> Any:
        if not sys.stderr.isatty():
            return None
        return self._update

    def _update(self, done: int, total: int) -> None:
        if self._bar is None:
            self._bar = click.progressbar(length=total, label="Reading files", file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
