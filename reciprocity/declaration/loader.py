"""Read a usage declaration: YAML with positions, checked by the schema, then typed.

Every fault is a diagnostic at its line and column with a hint; all the faults of a file are
reported at once. Unknown fields are warnings (naming the nearest field), so a typo is seen
and nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from reciprocity.declaration.model import (
    ORGANISATION_COUNTS,
    ORGANISATION_FLAGS,
    ORGANISATION_MONEY,
    Contribution,
    Declaration,
    Organisation,
    Period,
    Prestation,
    Use,
    Waiver,
)
from reciprocity.declaration.validation import (
    FieldPath,
    Violation,
    field_path_text,
    validate,
)
from reciprocity.errors import DeclarationError, Diagnostic, Severity, SourceError, quoted
from reciprocity.files import NotRegularFile, TooLarge, read_regular
from reciprocity.model import Money, Position
from reciprocity.vocabulary import CURRENCIES
from reciprocity.yamlio import LocatedYaml, compose_yaml

DECLARATION_FILE = "reciprocity.yml"
MAX_BYTES = 1024 * 1024
"""A declaration is a page or two; a larger file is refused before YAML reads it."""
MAX_AMOUNT = Decimal(10) ** 21
"""Above any revenue in any currency. A YAML number such as 1e+9999999 would otherwise reach
the evaluation, whose sums overflow the decimal context."""


def read_declaration_text(path: Path, shown: str) -> str:
    """Read a declaration file as UTF-8, refusing what cannot be one."""
    try:
        data = read_regular(path, MAX_BYTES)
    except TooLarge as error:
        raise SourceError(
            f"{shown}: {error.size:,} bytes is too large for a declaration "
            f"(the limit is {MAX_BYTES:,})"
        ) from None
    except NotRegularFile:
        raise SourceError(f"{shown}: is not a regular file (a device or a pipe?)") from None
    except FileNotFoundError:
        raise SourceError(
            f"{shown}: no such file; write one with `reciprocity init` "
            "or name another with --declaration"
        ) from None
    except IsADirectoryError:
        raise SourceError(f"{shown}: is a folder, not a declaration file") from None
    except OSError as error:
        raise SourceError(f"{shown}: cannot be read ({error.strerror})") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(f"{shown}: is UTF-16; save it as UTF-8") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DeclarationError((Diagnostic.not_utf8(data, error, shown),)) from None


def load_declaration(
    path: Path, shown: str | None = None, *, repository: Path | None = None
) -> tuple[Declaration, tuple[Diagnostic, ...]]:
    """Read, check and type the declaration at ``path``; return it and its warnings.

    The files it names must lie inside ``repository`` (by default the git repository around
    the declaration, else its own folder).
    """
    shown = shown if shown is not None else path.as_posix()
    repository = repository or repository_around(path.parent)
    if not _inside(os.path.realpath(path), repository):
        # A pull request can commit reciprocity.yml as a link to a file of the runner, whose
        # lines an error would quote in a public log.
        raise SourceError(f"{shown}: is a link leading outside the repository; it was not read")
    text = read_declaration_text(path, shown)
    return parse_declaration(text, source=shown, folder=path.parent, repository=repository)


def _inside(target: str, repository: Path) -> bool:
    top = os.path.realpath(repository)
    return target == top or target.startswith(top.rstrip(os.sep) + os.sep)


def repository_around(folder: Path) -> Path:
    """The nearest folder holding ``.git`` at or above ``folder``, else ``folder`` itself."""
    start = folder.resolve()
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return candidate
    return start


def parse_declaration(
    text: str,
    *,
    source: str = "<string>",
    folder: Path | None = None,
    repository: Path | None = None,
) -> tuple[Declaration, tuple[Diagnostic, ...]]:
    """Check and type a declaration's text; raise DeclarationError with every fault."""
    located = compose_yaml(text, source)
    if not isinstance(located.value, dict):
        raise DeclarationError(
            (
                Diagnostic.at(
                    text,
                    source=source,
                    line=1 if located.value is not None else 0,
                    column=1,
                    message="a declaration is a mapping of fields, starting with 'version: 1'",
                    hint="run `reciprocity init` to write one",
                ),
            )
        )
    builder = _Builder(text, source, located)
    diagnostics = [builder.diagnostic(v) for v in validate(located.value)]
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors:
        raise DeclarationError(tuple(diagnostics))
    folder = folder if folder is not None else Path(".")
    builder.repository = (repository or repository_around(folder)).resolve()
    declaration = builder.declaration(folder)
    warnings = tuple(d for d in diagnostics if d.severity is Severity.WARNING)
    return declaration, tuple(sorted(warnings, key=Diagnostic.sort_key))


class _Builder:
    """Turns checked plain values into the model, collecting what only typing can catch."""

    def __init__(self, text: str, source: str, located: LocatedYaml) -> None:
        self.text = text
        self.source = source
        self.located = located
        self.errors: list[Diagnostic] = []
        self.folder = Path(".")
        self.repository = Path(".").resolve()

    def _position(self, path: FieldPath, at_key: bool = False) -> tuple[int, int]:
        table = self.located.keys if at_key else self.located.values
        while path:
            if path in table:
                return table[path]
            if not at_key and path in self.located.keys:
                return self.located.keys[path]
            path = path[:-1]
        return (1, 1)

    def diagnostic(self, violation: Violation) -> Diagnostic:
        line, column = self._position(violation.path, violation.at_key)
        where = quoted(field_path_text(violation.path), limit=100)
        width = len(str(violation.path[-1])) if violation.at_key and violation.path else 1
        return Diagnostic.at(
            self.text,
            source=self.source,
            line=line,
            column=column,
            width=width,
            message=f"{where}: {violation.message}" if where else violation.message,
            hint=violation.hint,
            severity=violation.severity,
        )

    def _error(self, path: FieldPath, message: str, hint: str) -> None:
        self.errors.append(self.diagnostic(Violation(path, message, hint)))

    # ---- values -------------------------------------------------------------------------

    def date(self, value: object, path: FieldPath) -> dt.date | None:
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self._error(
                path, f"'{quoted(str(value))}' is not a date of the calendar", "write YYYY-MM-DD"
            )
            return None

    def money(self, value: object, path: FieldPath) -> Money | None:
        if value is None:
            return None
        if isinstance(value, dict):
            number, currency = str(value["value"]), str(value["currency"])
            currency_path = (*path, "currency")
        else:
            number, currency = str(value).rsplit(" ", 1)
            currency_path = path
        try:
            amount = Decimal(number.replace("_", ""))
        except InvalidOperation:
            self._error(path, f"'{quoted(number)}' is not a number", "write digits: 1200.50")
            return None
        if amount < 0:
            self._error(path, f"{quoted(number)} is negative", "amounts are 0 or more")
            return None
        if amount >= MAX_AMOUNT:
            self._error(
                path,
                f"{quoted(number)} is too large for an amount",
                "write at most 21 digits before the decimal point",
            )
            return None
        if currency not in CURRENCIES:
            close = difflib.get_close_matches(currency, sorted(CURRENCIES), n=1, cutoff=0.6)
            self._error(
                currency_path,
                f"'{quoted(currency)}' is not an ISO 4217 currency",
                f"did you mean '{close[0]}'?" if close else "write a code such as EUR or USD",
            )
            return None
        line, column = self._position(path)
        return Money(amount, currency, Position(line, column))

    def file(self, value: object, path: FieldPath, *, named: bool = False) -> None:
        """Refuse a path that leaves the repository.

        A pull request from a fork writes the declaration; a path to any file of the runner
        would have that file parsed and pieces of it quoted in an error, in a public log.
        ``named``: the value may also be a catalogue name, which is not a path.
        """
        if not isinstance(value, str):
            return
        candidate = self.folder / value
        looks_like_path = value.endswith(".recip") or "/" in value or "\\" in value
        # A bare name is a catalogue name, unless a file (or a link) of that name is there:
        # the evaluation then reads it as a file.
        if named and not looks_like_path and not os.path.lexists(candidate):
            return
        if "\0" in value:
            self._error(path, "a path cannot hold a NUL character", "write the file's path")
            return
        # realpath, not Path.resolve: on Python 3.11 a link loop makes resolve raise.
        if not _inside(os.path.realpath(candidate), self.repository):
            self._error(
                path,
                f"'{quoted(value)}' leads outside the repository",
                "keep the file inside the repository that holds the declaration "
                "(paths start from the declaration's folder)",
            )

    # ---- parts ---------------------------------------------------------------------------

    def organisation(self, raw: dict[str, Any]) -> Organisation:
        base: FieldPath = ("organisation",)
        money = []
        for name in ORGANISATION_MONEY:
            amount = self.money(raw.get(name), (*base, name))
            if amount is not None:
                money.append((name, amount))
        return Organisation(
            name=raw.get("name"),
            form=raw.get("form"),
            flags=tuple(sorted((n, bool(raw[n])) for n in ORGANISATION_FLAGS if n in raw)),
            money=tuple(money),
            counts=tuple(sorted((n, int(raw[n])) for n in ORGANISATION_COUNTS if n in raw)),
            country=raw.get("country"),
            identities=tuple(raw.get("identities", ())),
            facts_since=self.date(raw.get("facts-since"), (*base, "facts-since")),
        )

    def period(self, raw: object) -> Period | None:
        if raw is None:
            return None
        if isinstance(raw, int):
            return Period(dt.date(raw, 1, 1), dt.date(raw, 12, 31))
        assert isinstance(raw, dict)
        start = self.date(raw["from"], ("period", "from"))
        end = self.date(raw["to"], ("period", "to"))
        if start is None or end is None:
            return None
        if end < start:
            self._error(("period", "to"), f"{end} is before {start}", "swap 'from' and 'to'")
            return None
        return Period(start, end)

    def use(self, index: int, raw: dict[str, Any]) -> Use:
        base: FieldPath = ("uses", index)
        prestations = []
        for number, item in enumerate(raw.get("prestations", ())):
            path = (*base, "prestations", number)
            amount = self.money(item["amount"], (*path, "amount"))
            if amount is None:
                continue
            prestations.append(
                Prestation(
                    amount=amount,
                    client=item.get("client"),
                    date=self.date(item.get("date"), (*path, "date")),
                    description=item.get("description"),
                    field_path=field_path_text(path),
                )
            )
        self.file(raw.get("code-social"), (*base, "code-social"), named=True)
        self.file(raw.get("parameters"), (*base, "parameters"))
        self.file(raw.get("upstream"), (*base, "upstream"))
        since = self.date(raw.get("since"), (*base, "since"))
        until = self.date(raw.get("until"), (*base, "until"))
        if since is not None and until is not None and until < since:
            self._error(
                (*base, "until"), f"{until} is before 'since' ({since})", "check both dates"
            )
        return Use(
            index=index,
            component=raw["component"],
            purposes=tuple(raw["purposes"]),
            licence=raw.get("licence"),
            code_social=raw.get("code-social"),
            parameters=raw.get("parameters"),
            since=since,
            until=until,
            released=self.date(raw.get("released"), (*base, "released")),
            instances=raw.get("instances"),
            days_of_use=raw.get("days-of-use"),
            quantities=tuple(sorted(raw.get("quantities", {}).items())),
            prestations=tuple(prestations),
            upstream=raw.get("upstream"),
        )

    def contribution(self, index: int, raw: dict[str, Any]) -> Contribution:
        base: FieldPath = ("contributions", index)
        return Contribution(
            index=index,
            to=raw["to"],
            kind=raw["kind"],
            amount=self.money(raw.get("amount"), (*base, "amount")),
            date=self.date(raw.get("date"), (*base, "date")),
            commits=raw.get("commits"),
            lines=raw.get("lines"),
            evidence=raw.get("evidence"),
            description=raw.get("description"),
        )

    def waiver(self, index: int, raw: dict[str, Any]) -> Waiver:
        return Waiver(
            index=index,
            component=raw["component"],
            rule=raw["rule"],
            reason=raw["reason"],
            by=raw.get("by"),
            expires=self.date(raw.get("expires"), ("waivers", index, "expires")),
        )

    def declaration(self, folder: Path) -> Declaration:
        raw: dict[str, Any] = self.located.value  # type: ignore[assignment]
        self.folder = folder
        rates = []
        for currency, value in sorted(raw.get("rates", {}).items()):
            amount = self.money(value, ("rates", currency))
            if currency not in CURRENCIES:
                self._error(
                    ("rates", currency),
                    f"'{quoted(currency)}' is not an ISO 4217 currency",
                    "write a code such as USD",
                )
            elif amount is not None:
                rates.append((currency, amount))
        declaration = Declaration(
            source=self.source,
            folder=folder,
            organisation=self.organisation(raw.get("organisation", {})),
            period=self.period(raw.get("period")),
            rates=tuple(rates),
            uses=tuple(self.use(i, u) for i, u in enumerate(raw["uses"])),
            contributions=tuple(
                self.contribution(i, c) for i, c in enumerate(raw.get("contributions", ()))
            ),
            waivers=tuple(self.waiver(i, w) for i, w in enumerate(raw.get("waivers", ()))),
            text=self.text,
            field_positions={
                field_path_text(path): Position(line, column)
                for path, (line, column) in self.located.values.items()
                if path
            },
        )
        if self.errors:
            raise DeclarationError(tuple(self.errors))
        return declaration
