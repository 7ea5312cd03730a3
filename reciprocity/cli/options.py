"""Options shared by the commands that evaluate uses: date, language, format, failure level."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from reciprocity.scan.registries import GitHubToken, Registries

F = TypeVar("F", bound=Callable[..., Any])

FAIL_ON = ("forbidden", "owes", "needs-info", "never")


def parse_day(text: str) -> dt.date:
    """Read a day written YYYY-MM-DD, and nothing else; a usage error otherwise (exit 2)."""
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"'{text}' is not a date: write YYYY-MM-DD") from None


def day_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """A click callback for an optional YYYY-MM-DD option."""
    return None if value is None else parse_day(value)


def as_of_option(function: F) -> F:
    """``--as-of DATE``: the day trials, grace periods and changes are computed against."""
    return click.option(
        "--as-of",
        "as_of",
        callback=day_callback,
        metavar="YYYY-MM-DD",
        help="Evaluate as of this day (default: today).",
    )(function)


def lang_option(function: F) -> F:
    """``--lang en|fr``: the language of explanations."""
    return click.option(
        "--lang",
        type=click.Choice(["en", "fr"]),
        default="en",
        show_default=True,
        help="Language of the explanations.",
    )(function)


def fail_on_option(function: F) -> F:
    """``--fail-on LEVEL``: exit 1 when a use's verdict is this serious or more."""
    return click.option(
        "--fail-on",
        type=click.Choice(FAIL_ON),
        default="owes",
        show_default=True,
        help="Exit 1 when a use is this serious or more (forbidden > owes > needs-info).",
    )(function)


def format_option(*choices: str) -> Callable[[F], F]:
    """``--format``: the report's format, text first."""

    def decorate(function: F) -> F:
        return click.option(
            "--format",
            "output_format",
            type=click.Choice(choices),
            default=choices[0],
            show_default=True,
        )(function)

    return decorate


def sbom_option(function: F) -> F:
    """``--sbom FILE``: an SBOM to read besides the tree; repeatable."""
    return click.option(
        "--sbom",
        "sboms",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="A CycloneDX or SPDX JSON SBOM to read besides the tree; repeatable.",
    )(function)


def online_option(function: F) -> F:
    """``--online``: ask package registries for the licences a tree does not record."""
    return click.option(
        "--online",
        is_flag=True,
        help="Ask PyPI, npm, Packagist, crates.io and, for Go modules on github.com, GitHub's "
        "API for licences the tree does not record (only package names and versions are "
        "sent; RECIPROCITY_GITHUB_TOKEN or GITHUB_TOKEN, if set, goes to api.github.com only).",
    )(function)


def registries(
    online: bool,
    environ: Mapping[str, str] | None = None,
    *,
    token: GitHubToken | None = None,
) -> Registries | None:
    """The package registries to ask when ``--online`` was given, else None.

    The GitHub token is ``token`` when given, else read from ``environ`` (default: this
    process's environment), and only when online: offline, no variable is even read.
    """
    if not online:
        return None
    if token is None:
        from reciprocity.scan.registries import github_token

        token = github_token(os.environ if environ is None else environ)
    return open_registries(token)


def open_registries(token: GitHubToken | None) -> Registries:
    """Build the registry client; tests replace this function to give it a fake HTTP session."""
    from reciprocity.scan.registries import Registries

    return Registries(github_token=token)


def today() -> dt.date:
    """The default evaluation day; tests always pass --as-of."""
    return dt.date.today()
