"""``reciprocity check``, ``audit`` and ``quote``: evaluate uses, print the report, exit.

Thin: each command reads its inputs, calls the evaluation, hands the result to a report and
turns the verdict into an exit code.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reciprocity.cli.licence import extra_licences_option
from reciprocity.cli.main import EXIT_FINDINGS, EXIT_OK
from reciprocity.cli.options import (
    as_of_option,
    fail_on_option,
    format_option,
    lang_option,
    online_option,
    registries,
    sbom_option,
    today,
)
from reciprocity.cli.output import output_option, use_colour, write_report

if TYPE_CHECKING:
    from reciprocity.catalogue import Catalogue
    from reciprocity.declaration.model import Period
    from reciprocity.errors import Diagnostic
    from reciprocity.evaluation.engine import Evaluator
    from reciprocity.evaluation.ledger import Ledger
    from reciprocity.evaluation.result import CheckResult


def exit_code(result: CheckResult | Ledger, fail_on: str) -> int:
    """1 when some use is as serious as ``fail_on`` or more, else 0."""
    from reciprocity.evaluation.result import Verdict

    if fail_on == "never":
        return EXIT_OK
    level = Verdict(fail_on).rank
    return EXIT_FINDINGS if any(u.verdict.rank <= level for u in result.uses) else EXIT_OK


def _count_commits(clone: Path, identities: tuple[str, ...], period: Period) -> int:
    from reciprocity.scan.gitrepo import count_contributions

    return count_contributions(clone, identities, period.start, period.end).commits


def evaluator(extra_dirs: tuple[Path, ...], as_of: dt.date | None) -> Evaluator:
    """An evaluator over the catalogue (with the user's folders), as of the day given."""
    from reciprocity.catalogue import load_catalogue
    from reciprocity.evaluation.engine import Evaluator

    catalogue: Catalogue = load_catalogue(extra_dirs)
    return Evaluator(catalogue, as_of or today(), count_commits=_count_commits)


CHECK_FORMATS = ("text", "json", "sarif", "markdown", "github")


def emit(
    result: CheckResult,
    output_format: str,
    lang: str,
    verbose: bool = False,
    output: Path | None = None,
) -> None:
    """Write the report (stdout or ``output``) and its one-line summary on stderr."""
    from reciprocity.report import CheckFormat, ReportOptions, render_check
    from reciprocity.report.summary import summary_line

    options = ReportOptions(lang=lang, verbose=verbose, colour=use_colour(output))
    write_report(render_check(result, CheckFormat(output_format), options), output)
    if output_format != "text" or output is not None or not sys.stdout.isatty():
        click.echo(summary_line(result, lang), err=True)


def warn(diagnostic: Diagnostic) -> None:
    """Print a declaration's warning on stderr, in compiler style."""
    click.echo(diagnostic.render(), err=True)


@click.command()
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--declaration",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The usage declaration (default: PATH/reciprocity.yml when it exists).",
)
@click.option(
    "--base",
    metavar="REF",
    help="Report only what changed since this git revision (a pull request's base).",
)
@format_option(*CHECK_FORMATS)
@output_option
@as_of_option
@lang_option
@fail_on_option
@sbom_option
@online_option
@click.option("--verbose", "-v", is_flag=True, help="Also list the rules that permit the use.")
@extra_licences_option
def check(
    path: Path,
    declaration: Path | None,
    base: str | None,
    output_format: str,
    output: Path | None,
    as_of: dt.date | None,
    lang: str,
    fail_on: str,
    sboms: tuple[Path, ...],
    online: bool,
    verbose: bool,
    extra_dirs: tuple[Path, ...],
) -> None:
    """Scan PATH and evaluate each commons under a reciprocity licence against the declaration.

    Without a declaration, each such commons is reported as needing information, with the
    conditions under which it would owe and the facts to declare. With --base, only the uses
    and obligations that the changes since REF bring are reported (and decide the exit code).
    """
    from reciprocity.checking import CheckRequest, check_tree

    engine = evaluator(extra_dirs, as_of)
    request = CheckRequest(
        path=path,
        declaration=declaration,
        base=base,
        extra_licences=extra_dirs,
        sboms=sboms,
        registries=registries(online),
    )
    result = check_tree(request, engine, warn)
    emit(result, output_format, lang, verbose, output)
    sys.exit(exit_code(result, fail_on))


@click.command()
@click.argument("declaration", type=click.Path(dir_okay=False, path_type=Path))
@format_option(*CHECK_FORMATS)
@output_option
@as_of_option
@lang_option
@fail_on_option
@click.option("--verbose", "-v", is_flag=True, help="Also list the rules that permit the use.")
@extra_licences_option
def audit(
    declaration: Path,
    output_format: str,
    output: Path | None,
    as_of: dt.date | None,
    lang: str,
    fail_on: str,
    verbose: bool,
    extra_dirs: tuple[Path, ...],
) -> None:
    """Evaluate the uses a declaration lists, with no scan: the self-audit before a sale."""
    from reciprocity.declaration import load_declaration

    engine = evaluator(extra_dirs, as_of)
    loaded, warnings = load_declaration(declaration)
    for warning in warnings:
        warn(warning)
    result = engine.evaluate(loaded)
    emit(result, output_format, lang, verbose, output)
    sys.exit(exit_code(result, fail_on))


def _amount(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    from reciprocity.cli.init import parse_amount

    return tuple(parse_amount(value) for value in values)


def _fact_value(text: str) -> object:
    import re

    if text in ("true", "yes"):
        return True
    if text in ("false", "no"):
        return False
    if re.fullmatch(r"[0-9]+", text):
        return int(text)
    return text


@click.command()
@click.option("--licence", "licence_id", required=True, help="The commons' licence (id or alias).")
@click.option("--code-social", help="The commons' code social: a name or a .recip file.")
@click.option(
    "--prestation",
    "prestations",
    multiple=True,
    required=True,
    callback=_amount,
    help="The price of a prestation, such as '30000 EUR'; repeatable.",
)
@click.option("--form", help="The seller's form (company, worker-cooperative, ...).")
@click.option("--revenue", multiple=True, callback=_amount, help="The seller's yearly revenue.")
@click.option("--people", type=click.IntRange(min=0), help="Employees and contractors.")
@click.option(
    "--fact",
    "facts",
    multiple=True,
    metavar="NAME=VALUE",
    help="Another fact about the seller (ess=true, developers=8); repeatable.",
)
@click.option(
    "--purpose",
    "purposes",
    multiple=True,
    help="Kinds of use besides 'prestation' (commercial, ...); repeatable.",
)
@click.option(
    "--rate",
    "rates",
    multiple=True,
    metavar="CUR=AMOUNT",
    help="An exchange rate, such as USD='0.92 EUR'; repeatable.",
)
@format_option("text", "json", "markdown")
@output_option
@as_of_option
@lang_option
@fail_on_option
@extra_licences_option
def quote(
    licence_id: str,
    code_social: str | None,
    prestations: tuple[str, ...],
    form: str | None,
    revenue: tuple[str, ...],
    people: int | None,
    facts: tuple[str, ...],
    purposes: tuple[str, ...],
    rates: tuple[str, ...],
    output_format: str,
    output: Path | None,
    as_of: dt.date | None,
    lang: str,
    fail_on: str,
    extra_dirs: tuple[Path, ...],
) -> None:
    """What would a prestation owe under a licence, and why.

    Example: reciprocity quote --licence LicenseRef-Contributive-Commons --code-social
    open-brand --prestation "30000 EUR" --form company
    """
    import json

    from reciprocity.declaration import parse_declaration

    engine = evaluator(extra_dirs, as_of)
    day = engine.as_of
    organisation: dict[str, object] = {"name": "the seller"}
    if form:
        organisation["form"] = form
    if revenue:
        organisation["revenue"] = revenue[-1]
    if people is not None:
        organisation["people"] = people
    for fact in facts:
        name, sep, value = fact.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"'{fact}' is not NAME=VALUE", param_hint="--fact")
        organisation[name.strip()] = _fact_value(value.strip())
    use: dict[str, object] = {
        "component": "the commons",
        "licence": licence_id,
        "purposes": sorted({"prestation", *purposes}),
        "since": day.isoformat(),
        "prestations": [
            {"client": "the client", "date": day.isoformat(), "amount": p} for p in prestations
        ],
    }
    if code_social:
        use["code-social"] = code_social
    declared: dict[str, object] = {
        "version": 1,
        "organisation": organisation,
        "period": day.year,
        "uses": [use],
    }
    if rates:
        declared["rates"] = dict(r.partition("=")[::2] for r in rates)
    text = json.dumps(declared, indent=1, ensure_ascii=False)
    # The paths come from the command line, not from a stranger's file: no bounds.
    folder = Path.cwd()
    loaded, warnings = parse_declaration(
        text, source="<quote>", folder=folder, repository=Path(folder.anchor)
    )
    for warning in warnings:
        warn(warning)
    result = engine.evaluate(loaded)
    emit(result, output_format, lang, output=output)
    sys.exit(exit_code(result, fail_on))
