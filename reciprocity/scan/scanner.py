"""One scan: list the tree, read what names licences, and assemble the inventory.

Each file is read once at most, and most files only for their first bytes (the header
search); licence files, manifests, SBOMs and ``.recip`` licences are read whole. Anything that
cannot be read becomes a problem in the inventory and the scan goes on.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from reciprocity import model as m
from reciprocity.catalogue import Catalogue, catalogue_folders
from reciprocity.errors import LicenceError, ReciprocityError
from reciprocity.inventory import (
    MODIFIED_PREFIX,
    UNKNOWN,
    Component,
    Dependency,
    Evidence,
    Inventory,
    Problem,
    ScopeKind,
    Source,
)
from reciprocity.language import SUFFIX, parse
from reciprocity.scan import gitrepo, headers, tree
from reciprocity.scan.expressions import NO_LICENCE_WORDS, Expressions, Normalised
from reciprocity.scan.licence_text import (
    Reading,
    TextMatcher,
    Title,
    load_references,
    offers_choice,
    words,
)
from reciprocity.scan.manifests import ProjectLicence, read_manifest, reader_for
from reciprocity.scan.sbom import is_sbom, read_sbom

Progress = Callable[[int, int], None]

# LICENSE, COPYING.md, LICENCE-MIT, LICENSE.APACHE2, license_agpl.txt, UNLICENSE, OSMFEULA.txt;
# not licence.lark or license.py: after a dot only a text extension or a licence's own name
# (upper case or with a digit) may follow.
_LICENCE_NAME = re.compile(
    r"^(?i:(?:un)?(?:licen[cs]es?|copying)|[\w-]*eula)"
    r"(?:[-_ ][\w+ -]*?)?"
    r"(?:(?i:\.(?:md|txt|rst|markdown|adoc|org|text))|\.(?=[\w.+-]*[A-Z0-9])[\w.+-]+)?$"
)
# MIT-LICENSE, apache-license-2.0.txt: a licence's name before the word.
_NAMED_LICENCE = re.compile(
    r"^[\w.+-]+[-_](?i:licen[cs]e)(?:[-_][\w.+-]*?)?(?i:\.(?:md|txt|rst|markdown|adoc))?$"
)
# license-header.txt, licence_template.md, license-check.txt: about licences, not one.
_ABOUT_LICENCES = re.compile(r"header|template|check|plugin|config|policy|notice", re.I)
_TEXT_FOLDERS = {"licenses", "licences", "license", "licence"}
_NOT_TEXT = {
    ".c", ".cjs", ".cpp", ".cs", ".css", ".go", ".h", ".htm", ".html", ".java", ".jpg",
    ".js", ".json", ".jsx", ".kt", ".lock", ".mjs", ".pdf", ".php", ".png", ".py", ".rb",
    ".recip", ".rs", ".scss", ".sh", ".svg", ".toml", ".ts", ".tsx", ".xml", ".yaml", ".yml",
}  # fmt: skip
_SBOM_NAME = re.compile(r"(^|[._-])(s?bom|cyclonedx|cdx|spdx)([._-]|$)", re.IGNORECASE)
_VENDOR_FOLDERS = {"vendor", "third_party", "third-party", "thirdparty"}
_RECIP_FOLDER = ".reciprocity"
_COMPOSER_INSTALLED = "vendor/composer/installed.json"
# Packages of the repository itself (workspaces, local paths) are not dependencies.
_LOCAL_VERSIONS = ("workspace:", "file:", "link:", "portal:")
_CONCRETE_VERSION = re.compile(r"^v?\d+(\.\d+)*([-+][0-9A-Za-z.+-]+)?$")
POINTER_WORDS = 150
"""An unrecognised licence file shorter than this beside recognised ones is a pointer to them."""
EVIDENCE_SHOWN = 5
"""Per component, how many file statements are listed before the rest are counted."""


@dataclass(frozen=True)
class ScanOptions:
    """What a scan reads beyond the tree, and how it reports progress."""

    sboms: tuple[Path, ...] = ()
    extra_licences: tuple[Path, ...] = ()
    registries: object | None = None
    """A ``reciprocity.scan.registries.Registries`` to fill unknown licences (``--online``)."""
    progress: Progress | None = None


@dataclass
class _Folder:
    """What one folder of the tree says about its own licence."""

    texts: list[tuple[str, Reading]] = field(default_factory=list)
    recips: list[tuple[str, str, int]] = field(default_factory=list)
    """(path, licence id, line of the id), from the folder's ``.reciprocity/``."""
    loose_recips: list[tuple[str, str, int]] = field(default_factory=list)
    """The same beside the folder's other files: a component's only if the folder is one."""
    projects: list[ProjectLicence] = field(default_factory=list)


@dataclass
class _Collected:
    folders: dict[str, _Folder] = field(default_factory=lambda: defaultdict(_Folder))
    statements: list[headers.Statement] = field(default_factory=list)
    dependencies: list[tuple[Dependency, Source]] = field(default_factory=list)
    vendored_texts: dict[str, tuple[str, str, Reading]] = field(default_factory=dict)
    """Licence texts of installed packages: path → (ecosystem, package name, reading)."""
    problems: list[Problem] = field(default_factory=list)


class Scanner:
    """Scans trees against one catalogue; reference texts are prepared once per scanner."""

    def __init__(self, catalogue: Catalogue, options: ScanOptions | None = None) -> None:
        self.catalogue = catalogue
        self.options = options or ScanOptions()
        self.expressions = Expressions(catalogue)
        self._matcher: TextMatcher | None = None
        self._readings: dict[tuple[str, bool], Reading] = {}

    @property
    def matcher(self) -> TextMatcher:
        if self._matcher is None:
            references = load_references(catalogue_folders(self.options.extra_licences))
            titles = [
                Title(licence.id, tuple(w for w, _ in words(licence.meta.name.value)))
                for licence in self.catalogue.licences()
                if licence.meta.name is not None
            ]
            self._matcher = TextMatcher(references, titles)
        return self._matcher

    def _read_text(self, text: str, path: str) -> Reading:
        """Name the licences in a text; identical texts (a thousand MIT files) are read once."""
        key = (text, offers_choice(path))
        reading = self._readings.get(key)
        if reading is None:
            reading = self._readings[key] = self.matcher.read(text, path)
        return reading

    # ---- the whole scan ----------------------------------------------------------------------

    def scan(self, root: Path) -> Inventory:
        """Scan the tree at ``root`` (its submodules too) and return the inventory.

        A bare repository has no files on disk: the files of its HEAD are scanned.
        """
        root = root.resolve()
        if not gitrepo.is_bare(root):
            return self._scan(root, root.name or root.as_posix(), [])
        with gitrepo.head_of_bare(root) as head:
            if head is not None:
                copy, commit = head
                said = f"bare repository: the files of HEAD ({commit[:12]}) were scanned"
                return self._scan(copy, root.name, [Problem("", said)])
        with tempfile.TemporaryDirectory(prefix="reciprocity-") as folder:
            empty = Path(folder) / root.name
            empty.mkdir()
            said = "bare repository without a commit: no file to scan"
            return self._scan(empty, root.name, [Problem("", said)])

    def _scan(self, root: Path, name: str, problems: list[Problem]) -> Inventory:
        listing = tree.list_tree(root)
        components, found = self._scan_tree(root, listing, prefix="")
        problems.extend(found)
        for sbom in self.options.sboms:
            components.extend(self._external_sbom(sbom, problems))
        components = self._merge_dependencies(components)
        if self.options.registries is not None:
            components = self._fill_online(components, problems)
        components = [self._with_choice(c) for c in components]
        components.sort(key=lambda c: (c.scope, c.scope_kind.value, c.name, c.version or ""))
        return Inventory(
            root=name,
            components=tuple(components),
            problems=tuple(sorted(set(problems), key=lambda p: (p.path, p.line, p.message))),
            files_seen=len(listing.files),
            walker=listing.walker,
        )

    def _scan_tree(
        self, root: Path, listing: tree.Tree, prefix: str
    ) -> tuple[list[Component], list[Problem]]:
        collected = _Collected()
        collected.problems.extend(_prefixed(p, prefix) for p in listing.problems)
        files = [f for f in listing.files if tree.INSTALLED not in f.split("/")]
        self._read_files(root, files, collected)
        self._read_installed(root, collected)
        components = self._tree_components(root, files, collected)
        components.extend(self._file_components(components, collected))
        components = _fold_vendored_folders(components, self._dependency_components(collected))
        components.extend(self._submodules(root, listing, collected))
        return (
            [_prefixed_component(c, prefix) for c in components],
            collected.problems,
        )

    # ---- reading -----------------------------------------------------------------------------

    def _read_files(self, root: Path, files: list[str], collected: _Collected) -> None:
        total = len(files)
        progress = self.options.progress
        every = max(1, total // 200)
        annotations: list[tuple[str, str]] = []
        root_text = str(root)
        statements = collected.statements
        for number, path in enumerate(files, 1):
            if progress is not None and (number % every == 0 or number == total):
                progress(number, total)
            name = path[path.rfind("/") + 1 :]
            try:
                if _suffix(name) in _SOURCE_SUFFIXES and not _in_text_folder(path):
                    # Most files: source code that only a header can speak for.
                    _read_header(root_text, path, statements)
                elif _is_licence_file(path):
                    self._read_licence_file(root, path, collected)
                elif name.endswith(SUFFIX):
                    self._read_recip(root, path, collected)
                elif _may_be_manifest(name) and reader_for(path) is not None:
                    self._read_manifest(root, path, collected)
                elif (
                    name == "REUSE.toml"
                    or path.endswith(".reuse/dep5")
                    or (path == "debian/copyright")
                ):
                    annotations.append((path, self._text(root, path, collected) or ""))
                elif name.endswith(".json") and _SBOM_NAME.search(name[: -len(".json")]):
                    self._read_sbom(root, path, collected)
                else:
                    _read_header(root_text, path, statements)
            except OSError as error:
                if error.errno == errno.ELOOP:
                    # Untracked links, or files turned into links after git listed them.
                    if not tree.link_stays_inside(root, path):
                        collected.problems.append(Problem(path, tree.OUTSIDE))
                    continue
                if error.errno == errno.EISDIR:
                    continue
                collected.problems.append(Problem(path, f"cannot be read: {error.strerror}"))
        for path, text in annotations:
            try:
                if path.endswith("REUSE.toml"):
                    found = headers.reuse_toml_statements(path, text, files)
                else:
                    found = headers.dep5_statements(path, text, files)
            except ReciprocityError as error:
                collected.problems.append(Problem(path, str(error)))
                continue
            collected.statements.extend(found)

    def _text(self, root: Path, path: str, collected: _Collected) -> str | None:
        content = tree.read_whole(root, path)
        if content is None:
            return None
        if content.binary:
            collected.problems.append(Problem(path, "binary file where text was expected"))
            return None
        if content.truncated:
            collected.problems.append(
                Problem(path, f"larger than {tree.MAX_BYTES // (1024 * 1024)} MiB; read no further")
            )
        return tree.decode(content.data)

    def _read_licence_file(self, root: Path, path: str, collected: _Collected) -> None:
        text = self._text(root, path, collected)
        if text is None:
            return
        reading = self._read_text(text, path)
        distribution = _distribution_of(path)
        if distribution is not None:
            collected.vendored_texts[path] = ("pypi", distribution, reading)
            return
        collected.folders[_governed_folder(path)].texts.append((path, reading))

    def _read_recip(self, root: Path, path: str, collected: _Collected) -> None:
        parent = _parent(path)
        folder = _parent(parent) if parent.rsplit("/", 1)[-1] == _RECIP_FOLDER else parent
        text = self._text(root, path, collected)
        if text is None:
            return
        try:
            document, _ = parse(text, source=path, resolve=self.catalogue.resolve)
        except LicenceError as error:
            first = error.diagnostics[0]
            collected.problems.append(
                Problem(path, f"published licence cannot be read: {first.message}", first.line)
            )
            return
        if isinstance(document, m.Licence):
            line = text[: text.find(document.id)].count("\n") + 1 if document.id in text else 1
            found = (path, document.id, line)
            if folder == parent:
                # A folder of .recip files (a catalogue like ours) publishes no licence of
                # its own: only a component's root or its .reciprocity/ does.
                collected.folders[folder].loose_recips.append(found)
            else:
                collected.folders[folder].recips.append(found)

    def _read_manifest(self, root: Path, path: str, collected: _Collected) -> None:
        text = self._text(root, path, collected)
        if text is None:
            return
        try:
            reading = read_manifest(path, text)
        except ReciprocityError as error:
            collected.problems.append(Problem(path, str(error)))
            return
        collected.dependencies.extend(
            (d, Source.MANIFEST)
            for d in reading.dependencies
            if not (d.version or "").startswith(_LOCAL_VERSIONS)
        )
        project = reading.project
        if project is not None and _is_installed_metadata(path):
            # An installed Python distribution describes a dependency, not this project.
            if project.name is not None:
                collected.dependencies.append(
                    (_installed_dependency("pypi", project), Source.MANIFEST)
                )
        elif project is not None:
            collected.folders[_parent(path)].projects.append(project)

    def _read_sbom(self, root: Path, path: str, collected: _Collected) -> None:
        text = self._text(root, path, collected)
        if text is None or not is_sbom(text[:4096]):
            return
        try:
            dependencies = read_sbom(path, text)
        except ReciprocityError as error:
            collected.problems.append(Problem(path, str(error)))
            return
        collected.dependencies.extend((d, Source.SBOM) for d in dependencies)

    def _read_installed(self, root: Path, collected: _Collected) -> None:
        """Installed packages, usually ignored by git: their own metadata, not every file.

        npm packages give their package.json and licence file; Composer's vendor/ its
        installed.json.
        """
        read = {dep.manifest for dep, _ in collected.dependencies}
        folders: dict[str, set[str]] = defaultdict(set)
        for dep, _ in collected.dependencies:
            folders[dep.ecosystem].add(_parent(dep.manifest))
        for folder in sorted(folders["npm"]):
            for package in tree.installed_packages(root, folder):
                self._read_installed_package(root, package, collected)
        for folder in sorted(folders["composer"]):
            installed = f"{folder}/{_COMPOSER_INSTALLED}" if folder else _COMPOSER_INSTALLED
            if installed not in read and (root / installed).is_file():
                self._read_manifest(root, installed, collected)

    def _read_installed_package(self, root: Path, package: str, collected: _Collected) -> None:
        manifest = f"{package}/package.json"
        text = None
        if (root / manifest).is_file():
            text = self._text(root, manifest, collected)
        if text is None:
            return
        try:
            project = read_manifest(manifest, text).project
        except ReciprocityError as error:
            collected.problems.append(Problem(manifest, str(error)))
            return
        if project is None or project.name is None:
            return
        collected.dependencies.append((_installed_dependency("npm", project), Source.MANIFEST))
        try:
            names = sorted(os.listdir(root / package))
        except OSError:
            return
        for name in names:
            path = f"{package}/{name}"
            if _is_licence_file(path) and (root / path).is_file():
                text = self._text(root, path, collected)
                if text is not None:
                    collected.vendored_texts[path] = (
                        "npm",
                        project.name,
                        self._read_text(text, path),
                    )

    def _external_sbom(self, sbom: Path, problems: list[Problem]) -> list[Component]:
        shown = sbom.as_posix()
        try:
            text = tree.decode(sbom.read_bytes())
        except OSError as error:
            problems.append(Problem(shown, f"cannot be read: {error.strerror}"))
            return []
        try:
            dependencies = read_sbom(shown, text)
        except ReciprocityError as error:
            problems.append(Problem(shown, str(error)))
            return []
        return [self._dependency_component([(d, Source.SBOM)]) for d in dependencies]

    # ---- folders: the licence of a tree ------------------------------------------------------

    def _tree_components(
        self, root: Path, files: list[str], collected: _Collected
    ) -> list[Component]:
        components: list[Component] = []
        licences_by_scope: dict[str, str] = {}
        folders = collected.folders
        for folder in sorted(set(folders) | {""}):
            info = folders.get(folder, _Folder())
            if not folder or info.texts or info.projects:
                info.recips.extend(info.loose_recips)
            parent_licence = licences_by_scope.get(
                _governing_scope(licences_by_scope, f"{folder}/x" if folder else "x"), UNKNOWN
            )
            if folder and not info.texts and not info.recips:
                declared = [p for p in info.projects if p.licence]
                if not declared:
                    continue
                normalised = self.expressions.normalise(declared[0].licence).expression
                if normalised == parent_licence:
                    continue
            component = self._folder_component(root, folder, info, collected.problems)
            components.append(component)
            licences_by_scope[component.scope] = component.licence
        return components

    def _folder_component(
        self, root: Path, folder: str, info: _Folder, problems: list[Problem]
    ) -> Component:
        evidence: list[Evidence] = []
        text_licences: list[str] = []
        for path, reading in sorted(info.texts):
            expression, found = self._reading_expression(path, reading, evidence)
            stem_id = self._stated_by_name(path)
            if stem_id is not None and expression == UNKNOWN:
                # REUSE names each text in LICENSES/ by its SPDX id; with no reference text
                # to compare, the name is the best evidence there is.
                evidence.append(
                    Evidence(
                        path=path,
                        text=stem_id,
                        confidence=0.8,
                        note="named by its file name (REUSE); its text matches no reference text",
                        kind="file-name",
                    )
                )
                expression = stem_id
            elif stem_id is not None and found and _family(stem_id) == _family(expression):
                # The GPL's text is the same for "-only" and "-or-later": the name says which.
                expression = stem_id
            elif stem_id and found and stem_id not in self.expressions.keys(expression):
                problems.append(
                    Problem(path, f"named {stem_id} but its text reads as {expression}")
                )
            text_licences.append(expression)
        readable = [
            e
            for (_, reading), e in zip(sorted(info.texts), text_licences, strict=True)
            if e != UNKNOWN or reading.words > POINTER_WORDS
        ]
        if readable and len(readable) < len(text_licences):
            # A short pointer ("see licenses/ for the three licences") beside real texts
            # names no licence of its own: the texts decide.
            text_licences = readable
        texts_expression = self.expressions.combine(text_licences, "AND") if text_licences else None
        declared = [p for p in info.projects if p.licence]
        declared_expression = None
        for project in declared:
            normalised = self.expressions.normalise(project.licence)
            evidence.append(_recorded(project.manifest, project.line, 0, project.text, normalised))
            if declared_expression is None and normalised.expression != UNKNOWN:
                declared_expression = normalised.expression
        recip_ids = sorted({licence for _, licence, _ in info.recips})
        for path, licence, line in sorted(info.recips):
            evidence.append(
                Evidence(path=path, line=line, text=licence, confidence=1.0, kind="recip")
            )
        licence, source = UNKNOWN, Source.LICENCE_FILE
        if recip_ids:
            licence, source = self.expressions.combine(recip_ids, "AND"), Source.RECIP
            if texts_expression is not None and not self.expressions.same(
                licence, texts_expression
            ):
                first_recip = sorted(info.recips)[0]
                problems.append(
                    Problem(
                        first_recip[0],
                        f"the published .recip licence says {licence} but the licence text "
                        f"reads as {texts_expression}",
                        first_recip[2],
                    )
                )
        elif texts_expression is not None:
            licence = texts_expression
            if (
                declared_expression is not None
                and len(text_licences) > 1
                and self.expressions.keys(texts_expression)
                <= self.expressions.keys(declared_expression)
            ):
                # Several texts side by side (LICENSE-MIT, LICENSE-APACHE): the manifest says
                # whether they are a choice.
                licence = declared_expression
            elif declared_expression is not None and not self.expressions.same(
                declared_expression, texts_expression
            ):
                problems.append(
                    Problem(
                        declared[0].manifest,
                        f"declares {declared_expression} but the licence text reads as "
                        f"{texts_expression}",
                        declared[0].line,
                    )
                )
        elif declared_expression is not None:
            licence, source = declared_expression, Source.MANIFEST
        names = [p.name for p in info.projects if p.name]
        vendored = _vendored_name(folder)
        name = names[0] if names else vendored or (folder or root.name)
        versions = [p.version for p in info.projects if p.version]
        return Component(
            name=name,
            version=versions[0] if versions else None,
            licence=licence,
            scope=folder or ".",
            scope_kind=ScopeKind.DEPENDENCY if vendored else ScopeKind.TREE,
            source=source,
            evidence=tuple(evidence),
        )

    def _reading_expression(
        self, path: str, reading: Reading, evidence: list[Evidence]
    ) -> tuple[str, bool]:
        """The licence a text reads as, with one piece of evidence per licence in it."""
        if not reading.matches:
            note = f"a licence text of {reading.words} words that matches no known licence"
            if reading.resembles:
                close = max(reading.resembles, key=lambda m: m.coverage)
                note += (
                    f"; closest: {close.licence} ({round(close.coverage * 100)}% of its words, "
                    f"amid {close.inserted} others)"
                )
            evidence.append(Evidence(path=path, confidence=0.0, note=note, kind="licence-text"))
            return UNKNOWN, False
        ids = []
        for match in reading.matches:
            if match.found:
                ids.append(match.licence)
                note = "the whole text"
                if match.inserted or match.missing:
                    note = (
                        f"the whole text, save {match.missing} missing and "
                        f"{match.inserted} inserted words"
                    )
                    if match.difference:
                        note += f"; first difference: '{match.difference}'"
            else:
                ids.append(MODIFIED_PREFIX + match.licence.removeprefix("LicenseRef-"))
                found_share = round(match.coverage * 100)
                claim = "its title names it, but " if match.claimed else ""
                note = (
                    f"modified {match.licence}: {claim}{found_share}% of its words are here; "
                    f"{match.missing} missing, {match.inserted} inserted"
                )
                if match.difference:
                    note += f"; first difference: '{match.difference}'"
            evidence.append(
                Evidence(
                    path=path,
                    line=match.line,
                    confidence=match.coverage,
                    note=note,
                    kind="licence-text",
                    text=match.licence,
                )
            )
        operator = "OR" if reading.choice else "AND"
        found = all(m.found for m in reading.matches)
        return self.expressions.combine(ids, operator), found

    def _stated_by_name(self, path: str) -> str | None:
        """The licence a REUSE-style name states (``LICENSES/MIT.txt``), if it is one we know."""
        parent = _parent(path).rsplit("/", 1)[-1].casefold()
        if parent not in _TEXT_FOLDERS:
            return None
        stem = PurePosixPath(path).stem
        normalised = self.expressions.normalise(stem).expression
        return normalised if normalised != UNKNOWN else None

    # ---- files under their own licence -------------------------------------------------------

    def _file_components(self, trees: list[Component], collected: _Collected) -> list[Component]:
        by_file: dict[str, list[headers.Statement]] = {}
        # Within REUSE.toml and dep5 the last matching entry wins; a file's own headers win
        # over both (REUSE's "closest"), and several headers in one file all apply.
        for statement in sorted(collected.statements, key=lambda s: (s.path, s.line)):
            if statement.kind != "spdx-header":
                for covered in statement.covers:
                    by_file[covered] = [statement]
        headers_of: dict[str, list[headers.Statement]] = defaultdict(list)
        for statement in collected.statements:
            if statement.kind == "spdx-header":
                headers_of[statement.covers[0]].append(statement)
        by_file.update(headers_of)
        tree_licences = {c.scope: c.licence for c in trees}
        groups: dict[tuple[str, str], list[tuple[str, headers.Statement]]] = defaultdict(list)
        confirming: dict[str, list[tuple[str, headers.Statement]]] = defaultdict(list)
        for covered, said in sorted(by_file.items()):
            readings = [self.expressions.normalise(s.expression) for s in said]
            statement = said[0]
            unreadable = [s for s, r in zip(said, readings, strict=True) if r.expression == UNKNOWN]
            for bad in unreadable:
                # "UNLICENSED" and the like name no licence on purpose: nothing to report.
                if bad.expression.strip().casefold() not in NO_LICENCE_WORDS:
                    collected.problems.append(
                        Problem(
                            bad.path,
                            f"SPDX-License-Identifier '{bad.expression}' names no known licence",
                            bad.line,
                        )
                    )
            if unreadable:
                continue
            expression = (
                readings[0].expression
                if len(readings) == 1
                else self.expressions.combine([r.expression for r in readings], "AND")
            )
            normalised = Normalised(expression)
            tree_scope = _governing_scope(tree_licences, covered)
            tree_licence = tree_licences.get(tree_scope, UNKNOWN)
            if self.expressions.same(normalised.expression, tree_licence):
                confirming[tree_scope].append((covered, statement))
            else:
                groups[(tree_scope, normalised.expression)].append((covered, statement))
        components = []
        for (_, expression), members in sorted(groups.items()):
            covered_files = [c for c, _ in members]
            scope = _common_folder(covered_files)
            covers = Counter(id(s) for _, s in members)
            statements = sorted(
                {id(s): s for _, s in members}.values(), key=lambda s: (s.path, s.line)
            )
            shown = statements[:EVIDENCE_SHOWN]
            evidence = [_statement_evidence(s, covers[id(s)]) for s in shown]
            if len(statements) > len(shown):
                evidence.append(
                    Evidence(
                        path=scope,
                        note=f"and {len(statements) - len(shown)} more files under {expression}",
                        kind=statements[0].kind,
                    )
                )
            components.append(
                Component(
                    name=f"{len(members)} file{'s' if len(members) > 1 else ''} under {expression}",
                    version=None,
                    licence=expression,
                    scope=scope,
                    scope_kind=ScopeKind.FILES,
                    source=Source.HEADER,
                    evidence=tuple(evidence),
                )
            )
        for index, component in enumerate(trees):
            members = confirming.get(component.scope, [])
            if members:
                note = f"{len(members)} file{'s say' if len(members) > 1 else ' says'} so too"
                extra = replace(_statement_evidence(members[0][1]), note=note)
                trees[index] = replace(component, evidence=(*component.evidence, extra))
        return components

    # ---- dependencies ------------------------------------------------------------------------

    def _dependency_components(self, collected: _Collected) -> list[Component]:
        groups: dict[tuple[str, str], list[tuple[Dependency, Source]]] = defaultdict(list)
        for dependency, source in collected.dependencies:
            groups[(dependency.ecosystem, _package_key(dependency))].append((dependency, source))
        components: list[Component] = []
        for key in sorted(groups):
            entries = groups[key]
            versions = sorted({v for d, _ in entries if (v := _version_key(d.version))})
            if not versions:
                components.append(self._dependency_component(entries))
                continue
            loose = [(d, s) for d, s in entries if _version_key(d.version) is None]
            attached: set[int] = set()
            for version in versions:
                pinned = [(d, s) for d, s in entries if _version_key(d.version) == version]
                # A range in a manifest is what its own folder's lockfile resolved, not what
                # another project of the repository locked.
                folders = {_project_folder(d.manifest) for d, _ in pinned}
                mine = [
                    (i, e) for i, e in enumerate(loose) if _project_folder(e[0].manifest) in folders
                ]
                attached.update(i for i, _ in mine)
                components.append(
                    self._dependency_component(pinned + [e for _, e in mine], pinned=True)
                )
            unresolved = [e for i, e in enumerate(loose) if i not in attached]
            if unresolved:
                components.append(self._dependency_component(unresolved))
        self._attach_vendored_texts(components, collected)
        return components

    def _dependency_component(
        self, entries: list[tuple[Dependency, Source]], pinned: bool = False
    ) -> Component:
        entries = sorted(entries, key=lambda e: (_rank(e[0], e[1]), e[0].manifest, e[0].line))
        first, source = entries[0]
        version = (
            next(d.version for d, _ in entries if _version_key(d.version) is not None)
            if pinned
            else None
        )
        evidence = []
        licence = UNKNOWN
        for dependency, _ in entries:
            normalised = self.expressions.normalise(dependency.licence)
            evidence.append(
                _recorded(
                    dependency.manifest,
                    dependency.line,
                    dependency.column,
                    dependency.text,
                    normalised,
                )
            )
            if licence == UNKNOWN and normalised.expression != UNKNOWN:
                licence = normalised.expression
        declared_in = sorted(entries, key=lambda e: (not e[0].direct, _is_lock(e[0]), e[0].line))
        scope = declared_in[0][0].manifest
        return Component(
            name=first.name,
            version=version or first.version,
            licence=licence,
            scope=scope,
            scope_kind=ScopeKind.DEPENDENCY,
            source=source,
            evidence=tuple(evidence),
            ecosystem=first.ecosystem,
            purl=_purl(first.ecosystem, first.name, version or first.version),
            development=all(d.development for d, _ in entries),
        )

    def _attach_vendored_texts(self, components: list[Component], collected: _Collected) -> None:
        by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
        for index, component in enumerate(components):
            if component.ecosystem is not None and component.version is not None:
                key = _package_key(
                    Dependency(component.ecosystem, component.name, None, None, "", 0)
                )
                by_key[(component.ecosystem, key)].append(index)
        for path, (ecosystem, name, reading) in sorted(collected.vendored_texts.items()):
            evidence: list[Evidence] = []
            expression, _ = self._reading_expression(path, reading, evidence)
            wanted = _package_key(Dependency(ecosystem, name, None, None, path, 0))
            for index in by_key.get((ecosystem, wanted), []):
                component = components[index]
                licence = component.licence
                if expression != UNKNOWN and not self.expressions.same(expression, licence):
                    if licence != UNKNOWN:
                        collected.problems.append(
                            Problem(
                                path,
                                f"{name} declares {licence} but its licence text "
                                f"reads as {expression}",
                            )
                        )
                    # The text in the package is the licence it was given under; a
                    # reciprocity licence its metadata declares is kept beside it, never lost.
                    declared = self.expressions.choice(licence) if licence != UNKNOWN else None
                    licence = (
                        self.expressions.combine([licence, expression], "AND")
                        if declared is not None
                        else expression
                    )
                components[index] = replace(
                    component, licence=licence, evidence=(*component.evidence, *evidence)
                )

    def _merge_dependencies(self, components: list[Component]) -> list[Component]:
        """An SBOM given outside the tree may name packages the tree names too: one each."""
        merged: dict[tuple[str, str, str], Component] = {}
        others: list[Component] = []
        for component in components:
            if component.scope_kind is not ScopeKind.DEPENDENCY or component.ecosystem is None:
                others.append(component)
                continue
            key = (component.ecosystem, component.name, component.version or "")
            if key not in merged:
                merged[key] = component
                continue
            kept = merged[key]
            licence = kept.licence if kept.licence != UNKNOWN else component.licence
            merged[key] = replace(
                kept,
                licence=licence,
                evidence=(*kept.evidence, *component.evidence),
                development=kept.development and component.development,
            )
        return others + list(merged.values())

    def _fill_online(self, components: list[Component], problems: list[Problem]) -> list[Component]:
        from reciprocity.scan.registries import Registries, RegistryAnswer

        registries = self.options.registries
        assert isinstance(registries, Registries)
        filled = []
        failures: dict[str, list[Component]] = defaultdict(list)
        for component in components:
            if (
                component.scope_kind is not ScopeKind.DEPENDENCY
                or component.licence != UNKNOWN
                or component.ecosystem is None
                or not registries.supports(component.ecosystem)
            ):
                filled.append(component)
                continue
            answer = registries.licence(component.ecosystem, component.name, component.version)
            if isinstance(answer, RegistryAnswer):
                normalised = self.expressions.normalise(answer.licence)
                evidence = Evidence(
                    path="",
                    text=answer.licence or "",
                    confidence=0.9 if normalised.expression != UNKNOWN else 0.0,
                    note=f"from {answer.url}" + (f"; {normalised.note}" if normalised.note else ""),
                    kind="registry",
                )
                component = replace(
                    component,
                    licence=normalised.expression,
                    evidence=(*component.evidence, evidence),
                )
            else:
                failures[answer.reason].append(component)
            filled.append(component)
        for reason, failed in sorted(failures.items()):
            # An unreachable network fails every lookup alike: say it once.
            names = ", ".join(c.name for c in failed[:3])
            more = f" and {len(failed) - 3} more" if len(failed) > 3 else ""
            problems.append(
                Problem(
                    failed[0].scope if len(failed) == 1 else "",
                    f"licence left unknown for {names}{more}: {reason}",
                )
            )
        return filled

    # ---- submodules --------------------------------------------------------------------------

    def _submodules(self, root: Path, listing: tree.Tree, collected: _Collected) -> list[Component]:
        if listing.walker != "git":
            return []
        from reciprocity.scan import gitrepo

        components: list[Component] = []
        for submodule in gitrepo.submodules(root, listing.gitlinks):
            folder = root / submodule.path
            evidence = [
                Evidence(
                    path=".gitmodules" if submodule.url else submodule.path,
                    text=f"{submodule.path} {submodule.url}".strip(),
                    kind="gitmodules",
                )
            ]
            checked_out = folder.is_dir() and any(folder.iterdir())
            licence = UNKNOWN
            if checked_out:
                inner = tree.list_tree(folder)
                found, problems = self._scan_tree(folder, inner, prefix=submodule.path)
                collected.problems.extend(problems)
                top = next((c for c in found if c.scope == submodule.path), None)
                if top is not None:
                    licence = top.licence
                    evidence.extend(top.evidence)
                components.extend(c for c in found if c.scope != submodule.path)
            else:
                evidence.append(
                    Evidence(
                        path=submodule.path,
                        note="not checked out: run `git submodule update --init` to scan it",
                        confidence=0.0,
                        kind="gitmodules",
                    )
                )
            components.append(
                Component(
                    name=submodule.name,
                    version=submodule.commit,
                    licence=licence,
                    scope=submodule.path,
                    scope_kind=ScopeKind.SUBMODULE,
                    source=Source.SUBMODULE,
                    evidence=tuple(evidence),
                )
            )
        return components

    def _with_choice(self, component: Component) -> Component:
        return replace(component, choice=self.expressions.choice(component.licence))


# ---- helpers -----------------------------------------------------------------------------------


def scan(root: Path, catalogue: Catalogue, options: ScanOptions | None = None) -> Inventory:
    """Scan ``root`` against ``catalogue``."""
    return Scanner(catalogue, options).scan(root)


def _family(expression: str) -> str:
    """GPL-3.0-only and GPL-3.0-or-later share one text: compare them as one."""
    return re.sub(r"-(only|or-later)\b", "", expression)


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].casefold() if dot > 0 else ""


def _in_text_folder(path: str) -> bool:
    parts = path.rsplit("/", 2)
    return len(parts) > 1 and parts[-2].casefold() in _TEXT_FOLDERS


_SOURCE_SUFFIXES = _NOT_TEXT - {".json", ".toml", ".yaml", ".yml", ".lock", ".recip"}


def _may_be_manifest(name: str) -> bool:
    """A cheap test that spares most source files the manifest readers' own."""
    return _suffix(name) in _MANIFEST_SUFFIXES


_MANIFEST_SUFFIXES = {"", ".txt", ".json", ".toml", ".lock", ".yaml", ".mod", ".locked"}


def _read_header(root: str, path: str, statements: list[headers.Statement]) -> None:
    head = tree.head_bytes(root, path, headers.HEAD_BYTES)
    if headers.MARKER in head and not tree.is_binary(head):
        statements.extend(headers.header_statements(path, head))


def _is_licence_file(path: str) -> bool:
    name = path[path.rfind("/") + 1 :]
    if _suffix(name) in _NOT_TEXT:
        return False
    if _in_text_folder(path):
        return True
    if _ABOUT_LICENCES.search(name):
        return False
    return _LICENCE_NAME.match(name) is not None or _NAMED_LICENCE.match(name) is not None


def _parent(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _governed_folder(path: str) -> str:
    parent = _parent(path)
    if parent.rsplit("/", 1)[-1].casefold() in _TEXT_FOLDERS:
        return _parent(parent)
    return parent


def _governing_scope(scopes: Mapping[str, object], path: str) -> str:
    """The nearest folder above ``path`` that has a component of its own ("." at the top)."""
    folder = path
    while "/" in folder:
        folder = folder.rsplit("/", 1)[0]
        if folder in scopes:
            return folder
    return "."


def _vendored_name(folder: str) -> str | None:
    parts = folder.split("/")
    for index, part in enumerate(parts[:-1]):
        if part in _VENDOR_FOLDERS:
            return "/".join(parts[index + 1 :])
    return None


def _common_folder(paths: list[str]) -> str:
    folders = [p.split("/")[:-1] for p in paths]
    common: list[str] = []
    for parts in zip(*folders, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    if len(paths) == 1:
        return paths[0]
    return "/".join(common) or "."


def _recorded(path: str, line: int, column: int, text: str, read: Normalised) -> Evidence:
    """Evidence from a manifest, lockfile or SBOM line, as sure as its licence was readable."""
    return Evidence(
        path=path,
        line=line,
        column=column,
        text=text,
        confidence=1.0 if read.expression != UNKNOWN else 0.0,
        note=read.note,
        kind=path.rsplit("/", 1)[-1],
    )


def _statement_evidence(statement: headers.Statement, covers: int = 1) -> Evidence:
    elsewhere = statement.kind != "spdx-header" and covers
    return Evidence(
        path=statement.path,
        line=statement.line,
        column=statement.column,
        text=statement.text,
        confidence=1.0,
        note=f"covers {covers} file{'s' if covers > 1 else ''}" if elsewhere else "",
        kind=statement.kind,
    )


def _project_folder(manifest: str) -> str:
    """The project a manifest belongs to: installed packages' metadata counts as their user's."""
    parts = manifest.split("/")[:-1]
    for index, part in enumerate(parts):
        if part in (tree.INSTALLED, "vendor") or part.endswith((".dist-info", ".egg-info")):
            return "/".join(parts[:index])
    return "/".join(parts)


def _fold_vendored_folders(
    components: list[Component], dependencies: list[Component]
) -> list[Component]:
    """A vendored folder (vendor/acme/lib) that a manifest also names is one component."""
    by_name: dict[str, list[int]] = defaultdict(list)
    for index, dependency in enumerate(dependencies):
        by_name[dependency.name.casefold()].append(index)
    kept = []
    for component in components:
        vendored = _vendored_name(component.scope)
        matches = by_name.get(vendored.casefold(), []) if vendored else []
        if component.scope_kind is not ScopeKind.DEPENDENCY or not matches:
            kept.append(component)
            continue
        for index in matches:
            dependency = dependencies[index]
            # The text in the vendored folder is the licence the code came under.
            licence = component.licence if component.licence != UNKNOWN else dependency.licence
            dependencies[index] = replace(
                dependency,
                licence=licence,
                evidence=(*dependency.evidence, *component.evidence),
            )
    return kept + dependencies


def _is_installed_metadata(path: str) -> bool:
    return path.endswith((".dist-info/METADATA", ".egg-info/PKG-INFO"))


def _distribution_of(path: str) -> str | None:
    """``commons_sdk`` for a licence file inside ``commons_sdk-2.0.1.dist-info/``."""
    for part in path.split("/")[:-1]:
        if part.endswith((".dist-info", ".egg-info")):
            return part.split("-", 1)[0]
    return None


def _installed_dependency(ecosystem: str, project: ProjectLicence) -> Dependency:
    assert project.name is not None
    return Dependency(
        ecosystem=ecosystem,
        name=project.name,
        version=project.version,
        licence=project.licence,
        manifest=project.manifest,
        line=project.line,
        text=project.text,
        direct=False,
    )


def _version_key(version: str | None) -> str | None:
    """A version that names one release (``v1.2.0`` and ``1.2.0`` alike), or None for a range."""
    if version is None or not _CONCRETE_VERSION.match(version):
        return None
    return version.removeprefix("v")


def _package_key(dependency: Dependency) -> str:
    if dependency.ecosystem == "pypi":
        return re.sub(r"[-_.]+", "-", dependency.name).casefold()
    if dependency.ecosystem in ("composer", "cargo"):
        return dependency.name.casefold()
    return dependency.name


_LOCKFILES = {
    "poetry.lock", "uv.lock", "Pipfile.lock", "package-lock.json", "yarn.lock",
    "pnpm-lock.yaml", "composer.lock", "Cargo.lock", "Gemfile.lock", "npm-shrinkwrap.json",
}  # fmt: skip


def _is_lock(dependency: Dependency) -> bool:
    return dependency.manifest.rsplit("/", 1)[-1] in _LOCKFILES


def _rank(dependency: Dependency, source: Source) -> int:
    """Which record's licence counts first: the package's own metadata, then lockfiles, SBOMs."""
    if (
        tree.INSTALLED in dependency.manifest.split("/")
        or "/vendor/" in f"/{dependency.manifest}"
        or _is_installed_metadata(dependency.manifest)
    ):
        return 0
    if _is_lock(dependency):
        return 1
    if source is Source.SBOM:
        return 2
    return 3


def _purl(ecosystem: str, name: str, version: str | None) -> str | None:
    if ecosystem == "generic":
        return None
    from urllib.parse import quote

    namespace, _, short = name.rpartition("/")
    parts = [quote(p, safe="") for p in namespace.split("/")] if namespace else []
    path = "/".join([*parts, quote(short, safe="")])
    return f"pkg:{ecosystem}/{path}" + (f"@{quote(version, safe='')}" if version else "")


def _prefixed(problem: Problem, prefix: str) -> Problem:
    if not prefix:
        return problem
    return replace(problem, path=f"{prefix}/{problem.path}" if problem.path else prefix)


def _prefixed_component(component: Component, prefix: str) -> Component:
    if not prefix:
        return component

    def inside(path: str) -> str:
        return f"{prefix}/{path}" if path not in ("", ".") else prefix

    return replace(
        component,
        scope=inside(component.scope),
        evidence=tuple(
            replace(e, path=inside(e.path)) if e.path else e for e in component.evidence
        ),
    )
