"""What a scan finds: components, the licence each one is under, where it applies, and why.

Everything here is a frozen dataclass with no behaviour beyond small derived properties, so
that scanning (``reciprocity.scan``) builds it and reports (``reciprocity.report``) read it.
Paths are relative to the scanned root, in POSIX form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

UNKNOWN = "NOASSERTION"
"""The licence of a component nothing in the tree or its metadata names (SPDX's own word)."""

MODIFIED_PREFIX = "LicenseRef-reciprocity-modified-"
"""Prefix of the id given to a text that carries a known licence's name over another body."""


class Source(StrEnum):
    """Which kind of evidence brought a component to light (the six of the scan issue)."""

    LICENCE_FILE = "licence-file"
    RECIP = "recip"
    HEADER = "header"
    MANIFEST = "manifest"
    SBOM = "sbom"
    SUBMODULE = "submodule"


class ScopeKind(StrEnum):
    """What a component's licence governs."""

    TREE = "tree"
    """A directory and everything under it that no nearer licence governs."""
    FILES = "files"
    """Some files of a tree, named by their headers or a REUSE annotation."""
    DEPENDENCY = "dependency"
    """A package the project declares, locks or vendors."""
    SUBMODULE = "submodule"
    """A git submodule, checked out or not."""


@dataclass(frozen=True)
class Evidence:
    """One place that says which licence a component is under."""

    path: str
    """The file, relative to the scanned root ("" when the fact came from elsewhere)."""
    line: int = 0
    """1-based line of the matched text; 0 when the whole file is the evidence."""
    column: int = 0
    text: str = ""
    """The matched text, shortened to one line."""
    confidence: float = 1.0
    """How sure the match is, from 0 to 1: 1 for an exact id, the share of a licence text found."""
    note: str = ""
    """What a reader should know: a modified text, a mismatch, a registry answer."""
    kind: str = ""
    """Which reader produced it: licence-text, spdx-header, reuse-toml, dep5, package-lock.json…"""


@dataclass(frozen=True)
class Dependency:
    """A package named by a manifest, a lockfile or a vendored folder's own metadata."""

    ecosystem: str
    """The purl type: pypi, npm, composer, golang, cargo, gem."""
    name: str
    version: str | None
    licence: str | None
    """The licence as the file records it (an SPDX expression or free text), if it does."""
    manifest: str
    """The file that names it, relative to the scanned root."""
    line: int
    """1-based line of the file where the dependency is named, for reports that point at it."""
    column: int = 1
    text: str = ""
    """That line, stripped."""
    direct: bool = True
    """Named by the project itself rather than pulled in by another dependency."""
    development: bool = False
    """Only needed to develop or test the project (devDependencies, dev groups)."""


@dataclass(frozen=True)
class Choice:
    """How an SPDX expression with OR binds its user to reciprocity licences."""

    binding: tuple[str, ...]
    """The reciprocity licences every branch includes, sorted: no choice avoids them."""
    avoided_by: str | None
    """A branch with no reciprocity licence that the user may pick instead, if there is one."""
    reciprocity: tuple[str, ...]
    """Every reciprocity licence named anywhere in the expression, sorted."""
    alternatives: tuple[tuple[str, ...], ...] = ()
    """When no branch is free: the reciprocity licences of each branch, one of which binds."""

    @property
    def binds(self) -> bool:
        """Whether the user is bound by some reciprocity licence whatever they choose."""
        return self.avoided_by is None


@dataclass(frozen=True)
class Component:
    """Something under one licence: the repository, a subtree, some files, a dependency."""

    name: str
    version: str | None
    licence: str
    """A canonical id, an SPDX expression, or NOASSERTION."""
    scope: str
    """The path the licence governs: "." for the root, a folder, a manifest for a dependency."""
    scope_kind: ScopeKind
    source: Source
    evidence: tuple[Evidence, ...] = ()
    ecosystem: str | None = None
    purl: str | None = None
    choice: Choice | None = None
    """Set when the licence names a reciprocity licence."""
    development: bool = False


@dataclass(frozen=True)
class Problem:
    """Something the scan could not read or that a reader should check; the scan went on."""

    path: str
    message: str
    line: int = 0


@dataclass(frozen=True)
class Inventory:
    """The result of one scan: components sorted by scope then name, and problems met."""

    root: str
    components: tuple[Component, ...]
    problems: tuple[Problem, ...] = ()
    files_seen: int = 0
    walker: str = field(default="walk")
    """How the files were listed: "git" (tracked and unignored files) or "walk"."""
