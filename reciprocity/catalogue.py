"""The catalogue: every licence and code social reciprocity knows, bundled or added by the user.

Bundled documents live in the ``licences/`` data folder (codes social in ``licences/codes-social/``)
and are shown with paths relative to it (``licences/PPL.recip``), so that clause citations are
the same for a wheel and a clone. Users add folders of their own with ``extra_dirs``.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from reciprocity import model as m
from reciprocity.errors import (
    CatalogueError,
    Diagnostic,
    LicenceSemanticError,
    UnknownLicenceError,
)
from reciprocity.language import SUFFIX, LicenceResolver, parse, read_text
from reciprocity.resources import data_folder

CODES_SOCIAL = "codes-social"


@dataclass(frozen=True)
class Entry:
    """A document of the catalogue, where it was read from, and its warnings."""

    document: m.Document
    path: str
    warnings: tuple[Diagnostic, ...] = ()


class Catalogue:
    """Licences by canonical id, and codes social by licence and name."""

    def __init__(self, licences: Iterable[Entry], codes_social: Iterable[Entry]) -> None:
        self._licences: dict[str, Entry] = {}
        for entry in licences:
            assert isinstance(entry.document, m.Licence)
            self._licences[entry.document.id] = entry
        self._codes_social: dict[tuple[str, str], Entry] = {}
        for entry in codes_social:
            assert isinstance(entry.document, m.Terms)
            self._codes_social[(entry.document.licence.id, entry.document.name)] = entry

    # ---- licences ----------------------------------------------------------------------------

    def licences(self) -> list[m.Licence]:
        """Return every licence, sorted by id."""
        return [self._licences[k].document for k in sorted(self._licences)]  # type: ignore[misc]

    def entries(self) -> list[Entry]:
        """Return every entry, licences first, each group sorted."""
        return [self._licences[k] for k in sorted(self._licences)] + [
            self._codes_social[k] for k in sorted(self._codes_social)
        ]

    def resolve(self, licence_id: str) -> m.Licence | None:
        """Return the licence with this canonical id or alias, or None."""
        entry = self._licences.get(licence_id)
        if entry is None:
            entry = self._lookup(licence_id)
        return entry.document if entry is not None else None  # type: ignore[return-value]

    def _lookup(self, wanted: str) -> Entry | None:
        folded = wanted.casefold()
        for key in sorted(self._licences):
            entry = self._licences[key]
            licence = entry.document
            assert isinstance(licence, m.Licence)
            names = [licence.id, *licence.meta.aliases]
            if licence.meta.name is not None:
                names.append(licence.meta.name.value)
            if any(n.casefold() == folded for n in names):
                return entry
        return None

    def licence(self, wanted: str) -> m.Licence:
        """Return the licence called ``wanted`` (id, alias or name, any case), or raise."""
        found = self.resolve(wanted)
        if found is None:
            raise UnknownLicenceError(wanted, self.suggestions(wanted))
        return found

    def suggestions(self, wanted: str) -> tuple[str, ...]:
        """Return up to two licence ids that ``wanted`` most likely means."""
        # "PPL-1.0" or "LicenseRef-PPL" most likely mean PPL: an id inside what was typed (or
        # the reverse) beats a merely similar spelling.
        folded = wanted.casefold()
        ids = sorted(self._licences)
        inside = [i for i in ids if i.casefold() in folded or folded in i.casefold()]
        if inside:
            return tuple(sorted(inside, key=len, reverse=True)[:2])
        return tuple(difflib.get_close_matches(wanted, ids, n=2, cutoff=0.6))

    # ---- codes social ------------------------------------------------------------------------

    def codes_social(self, licence_id: str | None = None) -> list[m.Terms]:
        """Return the codes social, of one licence or of all, sorted."""
        return [
            self._codes_social[k].document  # type: ignore[misc]
            for k in sorted(self._codes_social)
            if licence_id is None or k[0] == licence_id
        ]

    def code_social(self, licence_id: str, name: str) -> m.Terms:
        """Return the code social ``name`` written for ``licence_id``, or raise."""
        entry = self._codes_social.get((licence_id, name))
        if entry is None:
            names = [k[1] for k in sorted(self._codes_social) if k[0] == licence_id]
            hint = (
                f"the catalogue has: {', '.join(names)}"
                if names
                else f"the catalogue has none for {licence_id}"
            )
            raise CatalogueError(f"no code social '{name}' for {licence_id}; {hint}")
        return entry.document  # type: ignore[return-value]

    def find_code_social(self, name: str) -> m.Terms | None:
        """Return the only code social called ``name``, whatever its licence."""
        found = [e.document for (_, n), e in sorted(self._codes_social.items()) if n == name]
        return found[0] if len(found) == 1 else None  # type: ignore[return-value]


def _read(path: Path, shown: str, resolve: LicenceResolver | None = None) -> Entry:
    text = read_text(path, shown)
    document, warnings = parse(text, source=shown, resolve=resolve)
    return Entry(document=document, path=shown, warnings=warnings)


def _folder_entries(folder: Path) -> tuple[list[Path], list[Path]]:
    licences = sorted(folder.glob(f"*{SUFFIX}"))
    codes = sorted((folder / CODES_SOCIAL).glob(f"*{SUFFIX}"))
    return licences, codes


def _display(root: Path, path: Path, label: str) -> str:
    return f"{label}/{path.relative_to(root).as_posix()}"


def build_catalogue(folders: Iterable[tuple[Path, str]]) -> Catalogue:
    """Read every document in ``folders`` (each with the label its paths are shown under)."""
    licence_entries: list[Entry] = []
    code_paths: list[tuple[Path, str]] = []
    seen: dict[str, str] = {}
    for folder, label in folders:
        if not folder.is_dir():
            raise CatalogueError(f"{folder.as_posix()}: not a folder of licences")
        licences, codes = _folder_entries(folder)
        for path in licences:
            shown = _display(folder, path, label)
            entry = _read(path, shown)
            if not isinstance(entry.document, m.Licence):
                raise CatalogueError(
                    f"{shown}: a code social belongs in {label}/{CODES_SOCIAL}/, "
                    "not beside the licences"
                )
            licence_id = entry.document.id
            if licence_id in seen:
                raise CatalogueError(
                    f"{shown}: licence {licence_id} is already defined in {seen[licence_id]}"
                )
            seen[licence_id] = shown
            licence_entries.append(entry)
        code_paths.extend((path, _display(folder, path, label)) for path in codes)
    catalogue = Catalogue(licence_entries, ())
    code_entries = []
    for path, shown in code_paths:
        entry = _read(path, shown, resolve=catalogue.resolve)
        if not isinstance(entry.document, m.Terms) or entry.document.kind != "code-social":
            raise CatalogueError(f"{shown}: only codes social belong in {CODES_SOCIAL}/")
        code_entries.append(entry)
    return Catalogue(licence_entries, code_entries)


def catalogue_folders(extra_dirs: Iterable[Path] = ()) -> list[tuple[Path, str]]:
    """The bundled folder then the user's, each with the label its paths are shown under."""
    folders = [(data_folder("licences"), "licences")]
    folders.extend((path, path.as_posix()) for path in extra_dirs)
    return folders


@functools.cache
def _bundled_and(extra: tuple[Path, ...]) -> Catalogue:
    return build_catalogue(catalogue_folders(extra))


def load_catalogue(extra_dirs: Iterable[Path] = ()) -> Catalogue:
    """Return the bundled catalogue, with the licences of ``extra_dirs`` added."""
    return _bundled_and(tuple(extra_dirs))


def load_reference(
    reference: str, catalogue: Catalogue
) -> tuple[m.Document, tuple[Diagnostic, ...]]:
    """Load what the user named: a ``.recip`` file, a licence (id, alias, name), a code social."""
    path = Path(reference)
    if reference.endswith(SUFFIX) or path.is_file():
        if not path.is_file():
            raise CatalogueError(f"{reference}: no such file")
        entry = _read(path, reference, resolve=catalogue.resolve)
        return entry.document, entry.warnings
    if catalogue.resolve(reference) is None:
        code_social = catalogue.find_code_social(reference)
        if code_social is not None:
            return code_social, ()
    return catalogue.licence(reference), ()


def apply_terms(licence: m.Licence, terms: m.Terms) -> m.Licence:
    """Return ``licence`` as a work's code social or parameters complete it.

    Settings become the parameters' values; a code social's grants, quantities and rules join
    the licence's own. Rules keep their own source, so a finding cites the file it came from.
    """
    if terms.licence.id != licence.id:
        raise LicenceSemanticError(
            (
                Diagnostic(
                    source=terms.source,
                    line=terms.licence.pos.line if terms.licence.pos else 0,
                    column=terms.licence.pos.column if terms.licence.pos else 0,
                    message=f"{terms.name} is written for {terms.licence.id}, not {licence.id}",
                    hint=f"use a code social written for {licence.id}",
                ),
            )
        )
    values = {s.name: s.value for s in terms.settings}
    parameters = tuple(
        replace(p, default=values[p.name]) if p.name in values else p for p in licence.parameters
    )
    return replace(
        licence,
        grants=licence.grants + terms.grants,
        parameters=parameters,
        quantities=licence.quantities + terms.quantities,
        rules=licence.rules + terms.rules,
    )
