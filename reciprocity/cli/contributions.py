"""``reciprocity contributions``: commits and changed lines of an organisation in a repository."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from reciprocity.cli.options import day_callback, format_option


def _identities(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    from reciprocity.history import parse_identities

    try:
        return parse_identities(values)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from None


@click.command()
@click.argument("repo", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--identity",
    "identities",
    multiple=True,
    required=True,
    callback=_identities,
    metavar="@DOMAIN|ADDRESS",
    help="An email domain (@acme.example) or a full address whose commits count; repeatable.",
)
@click.option(
    "--since", callback=day_callback, metavar="DATE", help="First author day counted, YYYY-MM-DD."
)
@click.option(
    "--until", callback=day_callback, metavar="DATE", help="Last author day counted, YYYY-MM-DD."
)
@format_option("text", "json")
def contributions(
    repo: Path,
    identities: tuple[str, ...],
    since: date | None,
    until: date | None,
    output_format: str,
) -> None:
    """Count the commits and changed lines of an organisation's identities in REPO's history.

    The history is that of HEAD; authors are read through .mailmap, and both ends of the
    period are included. Merge commits count as commits but no lines.

    Exit code 0 whatever is counted; 2 when REPO's history cannot be read.
    """
    from reciprocity.scan.gitrepo import count_contributions

    if since is not None and until is not None and since > until:
        raise click.UsageError(f"--since {since} is after --until {until}")
    history = count_contributions(repo, identities, since=since, until=until)
    if output_format == "json":
        from reciprocity.report.contributions import render_json

        click.echo(render_json(history), nl=False)
    else:
        from reciprocity.report.contributions import render_text

        click.echo(render_text(history), nl=False)
