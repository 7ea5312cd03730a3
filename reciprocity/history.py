"""What an organisation gave to a repository: the commits and changed lines of its identities.

An *identity* is how the organisation's people appear as git authors: an email domain written
``@acme.example`` (any address at exactly that domain) or one full address (``jo@acme.example``),
both compared without regard to case. The values here are plain and frozen; reading them from a
repository's history is :func:`reciprocity.scan.gitrepo.count_contributions`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class AuthorTotals:
    """What one author address (after ``.mailmap``) contributed."""

    email: str
    """The author's address as ``.mailmap`` gives it, in lower case."""
    commits: int
    """Commits by this author, merge commits included."""
    added: int
    """Lines added by the author's commits (binary files and merge commits count 0)."""
    removed: int
    """Lines removed by the author's commits (binary files and merge commits count 0)."""


@dataclass(frozen=True, kw_only=True)
class History:
    """The contributions of some identities to the history of one repository."""

    identities: tuple[str, ...]
    """The identities counted, normalised (lower case) and sorted: ``@domain`` or addresses."""
    since: date | None
    """First author date counted (inclusive), or None for the beginning of the history."""
    until: date | None
    """Last author date counted (inclusive), or None for up to the last commit."""
    commits: int
    """Commits by the identities in the period, merge commits included."""
    added: int
    """Lines added by those commits; merge commits and binary files count no lines."""
    removed: int
    """Lines removed by those commits; merge commits and binary files count no lines."""
    authors: tuple[AuthorTotals, ...]
    """One entry per matching author address, sorted by address."""


def parse_identity(text: str) -> str:
    """Normalise one identity to lower case; raise ValueError, with a sentence, if it is not one.

    ``@acme.example`` is an email domain and ``jo@acme.example`` a full address.
    """
    identity = text.strip().lower()
    local, at, domain = identity.rpartition("@")
    valid = (
        bool(at)
        and bool(domain)
        and "@" not in local
        and not any(c.isspace() or c in "<>" for c in identity)
    )
    if not valid:
        example = identity.lstrip("@") or "acme.example"
        raise ValueError(
            f"'{text}' is not an identity: write an email domain as '@{example}' "
            f"or a full address such as 'name@{example}'"
        )
    return identity


def parse_identities(texts: Iterable[str]) -> tuple[str, ...]:
    """Normalise identities, drop duplicates and sort them; raise ValueError if one is invalid."""
    identities = tuple(sorted({parse_identity(text) for text in texts}))
    if not identities:
        raise ValueError("at least one identity is needed, such as '@acme.example'")
    return identities


def identity_matcher(identities: Iterable[str]) -> Callable[[str], bool]:
    """A test of whether an author address belongs to one of the (normalised) identities."""
    domains = tuple(i for i in identities if i.startswith("@"))
    addresses = frozenset(i for i in identities if not i.startswith("@"))

    def matches(email: str) -> bool:
        address = email.lower()
        return address in addresses or (bool(domains) and address.endswith(domains))

    return matches
