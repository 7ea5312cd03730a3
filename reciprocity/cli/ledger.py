"""``reciprocity ledger``: the register of partners, from a folder of declarations."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from reciprocity.cli.check import evaluator, exit_code, warn
from reciprocity.cli.licence import extra_licences_option
from reciprocity.cli.options import as_of_option, fail_on_option, format_option, lang_option
from reciprocity.cli.output import output_option, write_report

DECLARATION_SUFFIXES = (".yml", ".yaml")


@click.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--component", help="Keep only the uses of this component (your commons).")
@format_option("text", "json", "csv")
@output_option
@as_of_option
@lang_option
@fail_on_option
@extra_licences_option
def ledger(
    folder: Path,
    component: str | None,
    output_format: str,
    output: Path | None,
    as_of: dt.date | None,
    lang: str,
    fail_on: str,
    extra_dirs: tuple[Path, ...],
) -> None:
    """Tabulate, partner by partner, what was owed, what came back and the balance.

    FOLDER holds one usage declaration per partner (*.yml, *.yaml).
    """
    from reciprocity.declaration import load_declaration
    from reciprocity.evaluation.ledger import build_ledger
    from reciprocity.report.ledger import render_csv, render_json, render_text

    paths = sorted(p for p in folder.iterdir() if p.suffix in DECLARATION_SUFFIXES and p.is_file())
    if not paths:
        raise click.UsageError(f"{folder.as_posix()} holds no declaration (*.yml, *.yaml)")
    declarations = []
    for path in paths:
        declaration, warnings = load_declaration(path)
        for warning in warnings:
            warn(warning)
        declarations.append(declaration)
    register = build_ledger(evaluator(extra_dirs, as_of), declarations, component)
    render = {"json": render_json, "csv": render_csv}.get(output_format, render_text)
    write_report(render(register, lang), output)
    sys.exit(exit_code(register, fail_on))
