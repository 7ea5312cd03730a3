"""SPDX licence expressions, read with ``license-expression`` and mapped onto the catalogue.

This is the only module that imports ``license_expression``. Its SPDX symbol table is extended
with the catalogue's ids and aliases, so that ``LicenseRef-scancode-ppl`` written by another tool
reads as our ``PPL``. Choices (OR) are flattened into branches to tell which reciprocity
licences bind a user and which branch avoids them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reciprocity.inventory import MODIFIED_PREFIX, UNKNOWN, Choice

if TYPE_CHECKING:
    from reciprocity.catalogue import Catalogue

MAX_BRANCHES = 256
"""Past this many OR branches an expression is judged as a whole rather than branch by branch."""

NO_LICENCE_WORDS = {"none", "noassertion", "unknown", "unlicensed", "other", "proprietary"}
_REFERENCE = re.compile(r"\bLicenseRef-(scancode-)?([A-Za-z0-9.-]+)", re.IGNORECASE)
_SEE_LICENCE = re.compile(r"^see licen[cs]e in\b", re.IGNORECASE)


@dataclass(frozen=True)
class Normalised:
    """A licence as recorded, read: a canonical expression or NOASSERTION, and why."""

    expression: str
    """Canonical SPDX expression, or NOASSERTION when the text names no licence we can read."""
    note: str = ""


class Expressions:
    """Reads licence strings against the SPDX list and a catalogue."""

    def __init__(self, catalogue: Catalogue, extra: Iterable[str] = ()) -> None:
        self._catalogue = catalogue
        self._reciprocity = {licence.id for licence in catalogue.licences()}
        self._licensing = _licensing(
            tuple((licence.id, tuple(licence.meta.aliases)) for licence in catalogue.licences())
            + tuple((key, ()) for key in sorted({UNKNOWN, *extra}))
        )
        self._normalised: dict[str | None, Normalised] = {}
        self._combined: dict[tuple[tuple[str, ...], str], str] = {}
        self._equivalent: dict[tuple[str, str], bool] = {}
        self._known = {
            name.casefold()
            for symbol in self._licensing.known_symbols.values()
            for name in (symbol.key, *symbol.aliases)
        }

    def is_reciprocity(self, licence_id: str) -> bool:
        """Whether ``licence_id`` is a licence of the catalogue (its terms can be evaluated)."""
        return licence_id in self._reciprocity

    def normalise(self, recorded: str | None) -> Normalised:
        """Read a licence as a lockfile, manifest, header or SBOM records it."""
        # Thousands of files and packages record the same few strings.
        known = self._normalised.get(recorded)
        if known is None:
            known = self._normalised[recorded] = self._normalise(recorded)
        return known

    def _normalise(self, recorded: str | None) -> Normalised:
        if recorded is None or not recorded.strip():
            return Normalised(UNKNOWN)
        if recorded.strip().casefold() in NO_LICENCE_WORDS:
            return Normalised(UNKNOWN, f"recorded as '{recorded.strip()}', which names no licence")
        text = " ".join(recorded.split())
        if _SEE_LICENCE.match(text):
            return Normalised(UNKNOWN, f"recorded as '{text}': the licence text decides")
        first_line = recorded.strip().splitlines()[0].strip()
        by_name = self._catalogue.resolve(text) or self._catalogue.resolve(first_line)
        if by_name is not None:
            return Normalised(by_name.id)
        parsed = self._parse(_REFERENCE.sub(self._our_reference, text))
        if parsed is None:
            return Normalised(UNKNOWN, f"recorded as '{text}', which is not an SPDX expression")
        unknown = self._unknown_keys(parsed)
        if unknown:
            return Normalised(
                UNKNOWN, f"recorded as '{text}'; not a known licence: {', '.join(unknown)}"
            )
        return Normalised(parsed.render())

    def _our_reference(self, match: re.Match[str]) -> str:
        """``LicenseRef-scancode-ppl`` or ``LicenseRef-PPL`` from another tool: our PPL."""
        whole = match.group(0)
        if whole.casefold() in self._known:
            return whole
        short = match.group(2)
        licence = self._catalogue.resolve(short) or self._catalogue.resolve(f"LicenseRef-{short}")
        return licence.id if licence is not None else whole

    def combine(self, expressions: Iterable[str], operator: str) -> str:
        """Join expressions with AND or OR, simplified and in a stable order."""
        parts = tuple(sorted({e for e in expressions if e}))
        key = (parts, operator)
        if key not in self._combined:
            self._combined[key] = self._combine(parts, operator)
        return self._combined[key]

    def _combine(self, parts: tuple[str, ...], operator: str) -> str:
        if not parts:
            return UNKNOWN
        if len(parts) == 1:
            return parts[0]
        joined = f" {operator} ".join(f"({p})" for p in parts)
        parsed = self._parse(joined)
        return parsed.simplify().render() if parsed is not None else joined

    def keys(self, expression: str) -> set[str]:
        """The licence ids an expression names."""
        parsed = self._parse(expression)
        return self._keys(parsed) if parsed is not None else {expression}

    def same(self, one: str, other: str) -> bool:
        """Whether two expressions mean the same (``MIT OR PPL`` is not ``MIT AND PPL``)."""
        if one == other:
            return True
        # Asked once per file with a header, about a handful of distinct pairs.
        key = (one, other)
        if key not in self._equivalent:
            first, second = self._parse(one), self._parse(other)
            self._equivalent[key] = (
                first is not None
                and second is not None
                and bool(self._licensing.is_equivalent(first, second))
            )
        return self._equivalent[key]

    def choice(self, expression: str) -> Choice | None:
        """How the expression binds its user to reciprocity licences; None if it names none."""
        parsed = self._parse(expression)
        if parsed is None:
            return None
        keys = sorted(self._keys(parsed))
        named = tuple(k for k in keys if self.is_reciprocity(k))
        if not named:
            return None
        branches = self._branches(parsed)
        if branches is None:
            return Choice(binding=named, avoided_by=None, reciprocity=named)
        free = [b for b in branches if not any(self.is_reciprocity(k) for k in b)]
        known_free = [b for b in free if not any(_unreadable(k) for k in b)]
        if known_free:
            best = min(known_free, key=lambda b: (len(b), sorted(b)))
            return Choice(binding=(), avoided_by=" AND ".join(sorted(best)), reciprocity=named)
        bound = sorted({tuple(sorted(k for k in b if self.is_reciprocity(k))) for b in branches})
        binding = set.intersection(*(set(b) for b in bound))
        return Choice(
            binding=tuple(sorted(binding)),
            avoided_by=None,
            reciprocity=named,
            alternatives=tuple(bound) if len(bound) > 1 else (),
        )

    # ---- license-expression ----------------------------------------------------------------

    def _parse(self, text: str) -> Any:
        from license_expression import ExpressionError

        try:
            return self._licensing.parse(text, validate=False, simple=False)
        except (ExpressionError, TypeError, ValueError):
            return None

    def _keys(self, parsed: Any) -> set[str]:
        return {str(k) for k in self._licensing.license_keys(parsed, unique=True)}

    def _unknown_keys(self, parsed: Any) -> list[str]:
        return sorted(
            str(k)
            for k in self._licensing.unknown_license_keys(parsed, unique=True)
            if not str(k).startswith(("LicenseRef-", MODIFIED_PREFIX))
        )

    def _branches(self, parsed: Any) -> list[frozenset[str]] | None:
        """The expression in disjunctive form: each branch a set of licence keys."""
        from license_expression import LicenseSymbol, LicenseWithExceptionSymbol

        def walk(node: Any) -> list[frozenset[str]] | None:
            if isinstance(node, LicenseWithExceptionSymbol):
                return [frozenset({str(node.license_symbol.key)})]
            if isinstance(node, LicenseSymbol):
                return [frozenset({str(node.key)})]
            children = [walk(arg) for arg in node.args]
            if any(c is None for c in children):
                return None
            if isinstance(node, self._licensing.OR):
                merged = [b for c in children for b in c]  # type: ignore[union-attr]
                return merged if len(merged) <= MAX_BRANCHES else None
            product: list[frozenset[str]] = [frozenset()]
            for child in children:
                product = [p | b for p in product for b in child]  # type: ignore[union-attr]
                if len(product) > MAX_BRANCHES:
                    return None
            return product

        return walk(parsed)


def _unreadable(key: str) -> bool:
    return key == UNKNOWN or key.startswith(MODIFIED_PREFIX)


@functools.cache
def _licensing(ours: tuple[tuple[str, tuple[str, ...]], ...]) -> Any:
    """The SPDX symbol table with our ids and aliases taking precedence over colliding ones."""
    from license_expression import LicenseSymbol, Licensing, get_spdx_licensing

    owner = {name.casefold(): key for key, aliases in ours for name in (key, *aliases)}
    inherited: dict[str, set[str]] = {key: set() for key, _ in ours}
    symbols = []
    for symbol in get_spdx_licensing().known_symbols.values():
        names = (symbol.key, *symbol.aliases)
        claimed = next((owner[n.casefold()] for n in names if n.casefold() in owner), None)
        if claimed is None:
            symbols.append(symbol)
        else:
            # Another tool may write any of the SPDX symbol's names (ScanCode's old keys):
            # they all mean our licence now.
            inherited[claimed].update(n for n in names if n.casefold() not in owner)
    # Aliases with spaces ("BSL 1.1") would make the tokenizer split ordinary expressions
    # oddly; names are looked up whole by the catalogue before parsing instead.
    symbols += [
        LicenseSymbol(
            key=key,
            aliases=tuple(sorted({a for a in (*aliases, *inherited[key]) if " " not in a})),
        )
        for key, aliases in ours
    ]
    return Licensing(symbols)
