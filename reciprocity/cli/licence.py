"""``reciprocity licence``: list, show, explain, lint and export licences and codes social."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from reciprocity.cli.main import EXIT_CANNOT_CHECK, ReciprocityGroup

if TYPE_CHECKING:  # the catalogue imports Lark: keep `reciprocity --help` light
    from reciprocity.catalogue import Catalogue

extra_licences_option = click.option(
    "--licences",
    "extra_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of extra .recip licences (codes social in its codes-social/); repeatable.",
)


def _catalogue(extra_dirs: tuple[Path, ...]) -> Catalogue:
    from reciprocity.catalogue import load_catalogue

    return load_catalogue(extra_dirs)


@click.group(cls=ReciprocityGroup)
def licence() -> None:
    """Read, check and explain machine-readable reciprocity licences."""


@licence.command("list")
@extra_licences_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def list_licences(extra_dirs: tuple[Path, ...], output_format: str) -> None:
    """List the licences and codes social of the catalogue."""
    from reciprocity.report.catalogue_list import render_json, render_text

    catalogue = _catalogue(extra_dirs)
    render = render_json if output_format == "json" else render_text
    click.echo(render(catalogue), nl=False)


@licence.command()
@click.argument("reference")
@extra_licences_option
def show(reference: str, extra_dirs: tuple[Path, ...]) -> None:
    """Print a licence or code social (an id, alias, name or .recip file) in canonical form."""
    from reciprocity.catalogue import load_reference
    from reciprocity.language import print_document

    document, _ = load_reference(reference, _catalogue(extra_dirs))
    click.echo(print_document(document), nl=False)


@licence.command()
@click.argument("reference")
@click.option(
    "--lang",
    type=click.Choice(["en", "fr"]),
    default="en",
    show_default=True,
    help="Language of the explanation.",
)
@extra_licences_option
def explain(reference: str, lang: str, extra_dirs: tuple[Path, ...]) -> None:
    """Explain in plain language who may do what under a licence, and what is owed."""
    from reciprocity import model as m
    from reciprocity.catalogue import load_reference
    from reciprocity.report.explain import explain as render

    catalogue = _catalogue(extra_dirs)
    document, _ = load_reference(reference, catalogue)
    codes = tuple(catalogue.codes_social(document.id)) if isinstance(document, m.Licence) else ()
    click.echo(render(document, lang, codes), nl=False)


@licence.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@extra_licences_option
def lint(files: tuple[Path, ...], strict: bool, extra_dirs: tuple[Path, ...]) -> None:
    """Check .recip files and report every problem (exit 0 valid, 2 invalid)."""
    from reciprocity.linting import lint_files

    report = lint_files(files, _catalogue(extra_dirs), strict=strict)
    if report.text:
        click.echo(report.text)
    click.echo(report.summary, err=True)
    if not report.valid:
        raise SystemExit(EXIT_CANNOT_CHECK)


@licence.command()
@click.argument("reference")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "odrl"]),
    default="json",
    show_default=True,
    help="json: the typed model; odrl: an ODRL 2.2 JSON-LD policy.",
)
@extra_licences_option
def export(reference: str, output_format: str, extra_dirs: tuple[Path, ...]) -> None:
    """Export a licence or code social as JSON or as an ODRL policy."""
    from reciprocity import model as m
    from reciprocity.catalogue import apply_terms, load_reference
    from reciprocity.report import licence_json, odrl

    catalogue = _catalogue(extra_dirs)
    document, _ = load_reference(reference, catalogue)
    if output_format == "json":
        click.echo(licence_json.render(document), nl=False)
        return
    if isinstance(document, m.Terms):
        document = apply_terms(catalogue.licence(document.licence.id), document)
    click.echo(odrl.render(document), nl=False)
