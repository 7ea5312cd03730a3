"""``reciprocity init``: write a commented usage declaration, ``reciprocity.yml``.

Facts come from the flags, or from questions when stdin is a terminal and ``--yes`` is not
given. Nothing is written until every answer is known and the text reads back as a valid
declaration; the file is written to a temporary file beside it, then renamed into place.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import secrets
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import click

from reciprocity.cli.main import CannotCheck
from reciprocity.cli.options import parse_day, today
from reciprocity.declaration.loader import DECLARATION_FILE
from reciprocity.declaration.template import Answers, UseAnswers, render_template
from reciprocity.vocabulary import CURRENCIES, FORMS, LANGUAGES, USE_KINDS, Label

T = TypeVar("T")

DEFAULT_PURPOSES = ("commercial",)
_NUMBER = re.compile(r"[0-9][0-9_]*(\.[0-9]+)?")
_COUNTRY = re.compile(r"[A-Z]{2}")

_QUESTIONS = {
    "name": Label("Organisation name", "Nom de l'organisation"),
    "forms": Label("Legal forms:", "Formes juridiques :"),
    "form": Label("Legal form (empty if unknown)", "Forme juridique (vide si inconnue)"),
    "country": Label("Country, ISO code such as FR", "Pays, code ISO comme FR"),
    "revenue": Label(
        "Revenue of the prior fiscal year, such as 2400000 EUR",
        "Chiffre d'affaires du dernier exercice, comme 2400000 EUR",
    ),
    "people": Label("People (employees and contractors)", "Personnes (salariés et prestataires)"),
    "developers": Label(
        "Developers (full-time equivalent)", "Développeurs (équivalent temps plein)"
    ),
    "identities": Label(
        "Email domains or addresses of its git commits, separated by commas",
        "Domaines ou adresses e-mail de ses commits git, séparés par des virgules",
    ),
    "period": Label("Year audited", "Année examinée"),
    "kinds": Label("Kinds of use:", "Types d'usage :"),
    "component": Label(
        "Commons used, a package or folder name (empty to finish)",
        "Commun utilisé, nom de paquet ou de dossier (vide pour finir)",
    ),
    "licence": Label(
        "  Its licence, id or alias (empty if the scan finds it)",
        "  Sa licence, identifiant ou alias (vide si le scan la trouve)",
    ),
    "code-social": Label(
        "  Its code social, a name or a .recip file (empty if none)",
        "  Son code social, nom ou fichier .recip (vide s'il n'y en a pas)",
    ),
    "purposes": Label(
        "  Kinds of use, separated by commas", "  Types d'usage, séparés par des virgules"
    ),
    "since": Label(
        "  In use since, YYYY-MM-DD (empty if unknown)",
        "  Utilisé depuis, AAAA-MM-JJ (vide si inconnu)",
    ),
}


# ---- values: one parser per kind of answer, shared by the flags and the questions ----------


def parse_amount(text: str) -> str:
    """Normalise an amount to ``2400000 EUR``; raise click.UsageError when it is not one."""
    words = text.split()
    number = "".join(words[:-1])
    currency = words[-1].upper() if words else ""
    if len(words) < 2 or not _NUMBER.fullmatch(number):
        raise click.UsageError(
            f"'{text}' is not an amount: write digits and a currency, such as 2400000 EUR"
        )
    if currency not in CURRENCIES:
        close = difflib.get_close_matches(currency, sorted(CURRENCIES), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "write a code such as EUR or USD"
        raise click.UsageError(f"'{words[-1]}' is not an ISO 4217 currency: {hint}")
    return f"{number} {currency}"


def parse_country(text: str) -> str:
    """Normalise a country to its upper-case ISO 3166-1 alpha-2 code."""
    code = text.strip().upper()
    if not _COUNTRY.fullmatch(code):
        raise click.UsageError(f"'{text}' is not a country code: write two letters, such as FR")
    return code


def parse_identity_text(text: str) -> str:
    """Normalise an email domain (``@acme.example``) or address to lower case."""
    from reciprocity.history import parse_identity

    try:
        return parse_identity(text)
    except ValueError as error:
        raise click.UsageError(str(error)) from None


def parse_purposes(text: str) -> tuple[str, ...]:
    """Read kinds of use separated by commas or spaces, in order, without repeats."""
    purposes: list[str] = []
    for word in re.split(r"[,\s]+", text.strip()):
        if not word:
            continue
        if word not in USE_KINDS:
            close = difflib.get_close_matches(word, list(USE_KINDS), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "see the list above"
            raise click.UsageError(f"'{word}' is not a kind of use: {hint}")
        if word not in purposes:
            purposes.append(word)
    if not purposes:
        raise click.UsageError("give at least one kind of use, such as commercial")
    return tuple(purposes)


def _count(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise click.UsageError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise click.UsageError(f"{value} is negative: write 0 or more")
    return value


def _year(text: str) -> int:
    value = _count(text)
    if not 1970 <= value <= 2999:
        raise click.UsageError(f"{value} is not a year between 1970 and 2999")
    return value


def _text(text: str) -> str | None:
    return text.strip() or None


# ---- flag callbacks ------------------------------------------------------------------------


def _flag(
    parse: Callable[[str], T],
) -> Callable[[click.Context, click.Parameter, str | None], T | None]:
    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> T | None:
        if value is None:
            return None
        try:
            return parse(value)
        except click.UsageError as error:
            raise click.BadParameter(error.message, ctx, param) from None

    return callback


def _flags(
    parse: Callable[[str], T],
) -> Callable[[click.Context, click.Parameter, tuple[str, ...]], tuple[T, ...]]:
    def callback(
        ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
    ) -> tuple[T, ...]:
        try:
            return tuple(parse(value) for value in values)
        except click.UsageError as error:
            raise click.BadParameter(error.message, ctx, param) from None

    return callback


def _not_empty(text: str) -> str:
    if not text.strip():
        raise click.UsageError("an empty value names nothing")
    return text.strip()


# ---- questions -----------------------------------------------------------------------------


def _stdin_is_terminal() -> bool:
    """Whether a person can answer questions; a pipe or a file means no."""
    return sys.stdin.isatty()


def _ask(lang: str, key: str, default: str | None, parse: Callable[[str], T]) -> T | None:
    """Ask one question; an empty answer keeps the default, or gives None when there is none."""

    def convert(answer: str) -> T | None:
        return parse(answer) if answer.strip() else None

    answer: T | None = click.prompt(
        _QUESTIONS[key](lang),
        default=default or "",
        show_default=bool(default),
        value_proc=convert,
        err=True,
    )
    return answer


def _show(lang: str, key: str, words: dict[str, Label]) -> None:
    click.echo(_QUESTIONS[key](lang), err=True)
    width = max(len(word) for word in words) + 2
    for word, label in words.items():
        click.echo(f"  {word.ljust(width)}{label(lang)}", err=True)


def _form(text: str) -> str:
    word = text.strip()
    if word not in FORMS:
        close = difflib.get_close_matches(word, list(FORMS), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "see the list above"
        raise click.UsageError(f"'{word}' is not a legal form: {hint}")
    return word


def _identities(text: str) -> tuple[str, ...]:
    return _unique(parse_identity_text(part) for part in text.split(",") if part.strip())


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return tuple(seen)


def _ask_use(lang: str, use: UseAnswers | None, purposes: tuple[str, ...]) -> UseAnswers | None:
    component = _ask(lang, "component", use.component if use else None, _text)
    if component is None:
        return None
    licence = _ask(lang, "licence", use.licence if use else None, _text)
    code_social = _ask(lang, "code-social", use.code_social if use else None, _text)
    chosen = _ask(lang, "purposes", ", ".join(use.purposes if use else purposes), parse_purposes)
    since_default = use.since.isoformat() if use and use.since else None
    since = _ask(lang, "since", since_default, parse_day)
    return UseAnswers(
        component=component,
        licence=licence,
        code_social=code_social,
        purposes=chosen or purposes,
        since=since,
    )


def ask_answers(answers: Answers, lang: str, purposes: tuple[str, ...]) -> Answers:
    """Ask every question, each pre-filled with what the flags said."""
    name = _ask(lang, "name", answers.name, _text)
    _show(lang, "forms", FORMS)
    form = _ask(lang, "form", answers.form, _form)
    country = _ask(lang, "country", answers.country, parse_country)
    revenue = _ask(lang, "revenue", answers.revenue, parse_amount)
    people = _ask(lang, "people", _shown(answers.people), _count)
    developers = _ask(lang, "developers", _shown(answers.developers), _count)
    identities = _ask(lang, "identities", ", ".join(answers.identities), _identities)
    period = _ask(lang, "period", _shown(answers.period), _year)
    _show(lang, "kinds", USE_KINDS)
    uses: list[UseAnswers] = []
    for flagged in answers.uses:
        use = _ask_use(lang, flagged, purposes)
        if use is not None:
            uses.append(use)
    while (use := _ask_use(lang, None, purposes)) is not None:
        uses.append(use)
    return Answers(
        name=name,
        form=form,
        country=country,
        revenue=revenue,
        people=people,
        developers=developers,
        identities=identities or (),
        period=period,
        uses=tuple(uses),
    )


def _shown(value: int | None) -> str | None:
    return None if value is None else str(value)


# ---- writing -------------------------------------------------------------------------------


def _paired(name: str, values: tuple[T, ...], uses: int) -> tuple[T | None, ...]:
    """Values given once per --use, in order; the uses after the last one get None."""
    if len(values) > uses:
        raise click.UsageError(
            f"{len(values)} {name} for {uses} --use: each {name} goes with the --use of "
            "the same rank"
        )
    return (*values, *([None] * (uses - len(values))))


def _check(text: str, shown: str, folder: Path) -> None:
    """Read the text back as a declaration; stop with every fault (exit 2) if it is not one."""
    from reciprocity.declaration.loader import parse_declaration
    from reciprocity.errors import DeclarationError

    try:
        _, warnings = parse_declaration(text, source=shown, folder=folder)
    except DeclarationError as error:
        raise CannotCheck(
            f"{error.render()}\n{shown}: not written: the answers do not make a valid declaration"
        ) from None
    for warning in warnings:
        click.echo(warning.render(), err=True)


def _write(target: Path, text: str, shown: str, force: bool) -> None:
    """Write the text beside the target, then rename it into place: never a half-written file."""
    mode = 0o666
    if target.exists():
        if not force:
            raise CannotCheck(_exists(shown))
        mode = target.stat().st_mode & 0o7777
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(text.encode("utf-8"))
                stream.flush()
                os.fsync(stream.fileno())
            if not force and target.exists():
                raise CannotCheck(_exists(shown))
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as error:
        raise CannotCheck(f"{shown}: cannot be written ({error.strerror})") from None


def _exists(shown: str) -> str:
    return f"{shown}: already exists; run with --force to overwrite it"


_WRITTEN = Label(
    "{file}: written ({uses}); complete it, then run `reciprocity check`",
    "{file} : écrit ({uses}) ; complétez-le, puis lancez `reciprocity check`",
)
_USES_COUNT = (Label("no use", "aucun usage"), Label("1 use", "1 usage"))
_USES_MANY = Label("{n} uses", "{n} usages")


def _uses_said(count: int, lang: str) -> str:
    if count < len(_USES_COUNT):
        return _USES_COUNT[count](lang)
    return _USES_MANY(lang).format(n=count)


@click.command()
@click.argument(
    "path",
    default=".",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Write this file instead of PATH/{DECLARATION_FILE}.",
)
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help="Language of the comments and questions.",
)
@click.option("--name", callback=_flag(_text), help="The organisation's name.")
@click.option("--form", type=click.Choice(list(FORMS)), help="The organisation's legal form.")
@click.option(
    "--country", callback=_flag(parse_country), metavar="CC", help="ISO 3166-1 code, such as FR."
)
@click.option(
    "--revenue",
    callback=_flag(parse_amount),
    metavar="AMOUNT",
    help="Revenue of the prior fiscal year, such as '2400000 EUR'.",
)
@click.option(
    "--people", type=click.IntRange(min=0), help="Employees and contractors, a whole number."
)
@click.option("--developers", type=click.IntRange(min=0), help="Developers, full-time equivalent.")
@click.option(
    "--identity",
    "identities",
    multiple=True,
    callback=_flags(parse_identity_text),
    metavar="@DOMAIN|ADDRESS",
    help="An email domain (@acme.example) or address of its git commits; repeatable.",
)
@click.option(
    "--period",
    type=click.IntRange(1970, 2999),
    metavar="YEAR",
    help="The year audited (default: the year of --as-of).",
)
@click.option(
    "--use",
    "components",
    multiple=True,
    callback=_flags(_not_empty),
    metavar="COMPONENT",
    help="A commons used, as the scan names it; repeatable.",
)
@click.option(
    "--licence",
    "licences",
    multiple=True,
    callback=_flags(_not_empty),
    metavar="ID",
    help="The licence of the --use of the same rank; repeatable.",
)
@click.option(
    "--code-social",
    "codes_social",
    multiple=True,
    callback=_flags(_not_empty),
    metavar="NAME|FILE",
    help="The code social of the --use of the same rank; repeatable.",
)
@click.option(
    "--since",
    "sinces",
    multiple=True,
    callback=_flags(parse_day),
    metavar="YYYY-MM-DD",
    help="When the --use of the same rank started; repeatable.",
)
@click.option(
    "--purpose",
    "purposes",
    multiple=True,
    type=click.Choice(list(USE_KINDS)),
    help="A kind of use of every --use; repeatable (default: commercial).",
)
@click.option(
    "--as-of",
    "as_of",
    callback=_flag(parse_day),
    metavar="YYYY-MM-DD",
    help="The day the default period is taken from (default: today).",
)
@click.option("--yes", "-y", is_flag=True, help="Ask nothing: use the flags and the defaults.")
def init(
    path: Path,
    output: Path | None,
    force: bool,
    lang: str,
    name: str | None,
    form: str | None,
    country: str | None,
    revenue: str | None,
    people: int | None,
    developers: int | None,
    identities: tuple[str, ...],
    period: int | None,
    components: tuple[str, ...],
    licences: tuple[str, ...],
    codes_social: tuple[str, ...],
    sinces: tuple[dt.date, ...],
    purposes: tuple[str, ...],
    as_of: dt.date | None,
    yes: bool,
) -> None:
    """Write a commented usage declaration, PATH/reciprocity.yml, to complete and check.

    Without --yes, and when stdin is a terminal, asks the questions, each pre-filled with
    its flag's value. A fact not given stays as a commented-out line to fill in later.
    """
    ctx = click.get_current_context()
    if output is not None and ctx.get_parameter_source("path") is not (
        click.core.ParameterSource.DEFAULT
    ):
        raise click.UsageError("give PATH or --output, not both")
    target = output if output is not None else path / DECLARATION_FILE
    shown = click.format_filename(target)
    if not target.parent.is_dir():
        raise CannotCheck(f"{shown}: cannot be written (its folder does not exist)")
    if target.exists() and not force:
        raise CannotCheck(_exists(shown))
    chosen = _unique(purposes) or DEFAULT_PURPOSES
    paired_licences = _paired("--licence", licences, len(components))
    paired_codes = _paired("--code-social", codes_social, len(components))
    paired_sinces = _paired("--since", sinces, len(components))
    answers = Answers(
        name=name,
        form=form,
        country=country,
        revenue=revenue,
        people=people,
        developers=developers,
        identities=_unique(identities),
        period=period if period is not None else (as_of or today()).year,
        uses=tuple(
            UseAnswers(
                component=component,
                licence=paired_licences[rank],
                code_social=paired_codes[rank],
                purposes=chosen,
                since=paired_sinces[rank],
            )
            for rank, component in enumerate(components)
        ),
    )
    if not yes and _stdin_is_terminal():
        try:
            answers = ask_answers(answers, lang, chosen)
        except click.Abort:
            raise CannotCheck(
                f"\n{shown}: not written: the questions were left unanswered"
            ) from None
    text = render_template(answers, lang)
    _check(text, shown, target.parent)
    _write(target, text, shown, force)
    click.echo(
        _WRITTEN(lang).format(file=shown, uses=_uses_said(len(answers.uses), lang)), err=True
    )
