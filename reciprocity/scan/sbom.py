"""SBOM readers: the packages a CycloneDX or SPDX 2.x JSON document lists, as dependencies.

An SBOM committed to a repository is evidence the scan can use as it stands: another tool
already resolved the dependency tree, sometimes with licences a lockfile never records.
Each package becomes a :class:`~reciprocity.inventory.Dependency` pointing at the line of
its ``"name"`` key, so reports can show the SBOM entry that named it.

Both formats are read with the standard ``json`` module; a single regular-expression pass
over the text, done beforehand, finds where every object starts, and the decoder's
``object_pairs_hook`` hands each object its position. That keeps reading linear in the size
of the file (a 5,000-component SBOM is a few megabytes) instead of searching the text again
for every component.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from reciprocity.errors import SourceError
from reciprocity.inventory import Dependency

GENERIC = "generic"
"""The ecosystem of a package that has no purl (the purl type for "none of the others")."""

_MAX_TEXT = 200
"""Longest ``Dependency.text`` kept: a minified SBOM is one line of several megabytes."""

_CYCLONEDX = re.compile(r'"bomFormat"\s*:\s*"CycloneDX"')
_SPDX2 = re.compile(r'"spdxVersion"\s*:\s*"SPDX-2\.\d+"')

# Braces outside strings, and "name" keys. Whole strings are matched so that braces and
# quotes inside them are never mistaken for structure; the "name" key alternative comes first
# so that it wins over the general string form when a colon follows.
_TOKENS = re.compile(
    r'(?P<open>\{)|(?P<close>\})|(?P<key>"name")(?=\s*:)|"[^"\\]*(?:\\.[^"\\]*)*"', re.S
)

_NO_LICENCE = frozenset({"NOASSERTION", "NONE"})

# SPDX 2.3 relationship types that make their *related* element depend on the source one
# ("A DEPENDS_ON B"), and those that say the source element is a dependency of the related
# one ("A DEV_DEPENDENCY_OF B"), with whether the edge only serves development or tests.
_FORWARD = {"DEPENDS_ON": False, "CONTAINS": False}
_BACKWARD = {
    "DEPENDENCY_OF": False,
    "RUNTIME_DEPENDENCY_OF": False,
    "BUILD_DEPENDENCY_OF": False,
    "OPTIONAL_DEPENDENCY_OF": False,
    "PROVIDED_DEPENDENCY_OF": False,
    "CONTAINED_BY": False,
    "DEV_DEPENDENCY_OF": True,
    "TEST_DEPENDENCY_OF": True,
    "DEV_TOOL_OF": True,
    "TEST_TOOL_OF": True,
    "TEST_OF": True,
}


# ---- purl -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackageURL:
    """The parts of a purl the scan uses; qualifiers and subpath are dropped."""

    type: str
    namespace: str | None
    name: str
    version: str | None

    @property
    def canonical_name(self) -> str:
        """The name a user of the ecosystem writes: ``@types/node``, ``group:artifact``…"""
        if not self.namespace:
            return self.name
        # Maven users name artefacts group:artifact; every other ecosystem with namespaces
        # (npm scopes, Packagist vendors, Go module paths, GitHub owners) joins them with "/".
        separator = ":" if self.type == "maven" else "/"
        return f"{self.namespace}{separator}{self.name}"


def parse_purl(text: str) -> PackageURL | None:
    """Parse a purl as the purl specification says; return None when it is not one."""
    scheme, colon, rest = text.strip().partition(":")
    if not colon or scheme.lower() != "pkg":
        return None
    rest = rest.rpartition("#")[0] if "#" in rest else rest
    rest = rest.rpartition("?")[0] if "?" in rest else rest
    purl_type, slash, path = rest.strip("/").partition("/")
    if not slash or not purl_type:
        return None
    path = path.strip("/")
    version: str | None = None
    # Only an "@" in the last segment separates the version: some tools leave an npm scope's
    # "@" unencoded ("pkg:npm/@types/node"), which must not read as a version.
    at = path.rfind("@")
    if at > path.rfind("/"):
        version = unquote(path[at + 1 :]) or None
        path = path[:at]
    segments = [unquote(s) for s in path.split("/") if s]
    if not segments:
        return None
    purl_type = purl_type.lower()
    name = segments[-1]
    if purl_type == "pypi":
        # The purl specification's own normalisation for PyPI names.
        name = name.lower().replace("_", "-")
    namespace = "/".join(segments[:-1]) or None
    return PackageURL(purl_type, namespace, name, version)


# ---- positions --------------------------------------------------------------------------------


class _Located(dict[str, object]):
    """A JSON object that knows where it starts in the text and where its "name" key is."""

    __slots__ = ("key", "start")

    start: int
    key: int


class _Text:
    """The SBOM's text, able to turn an offset into line, column and line text quickly."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def locate(self, offset: int) -> tuple[int, int, str]:
        """Return the 1-based line and column of ``offset`` and that line, stripped and cut."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        start = self._line_starts[index]
        end = self._line_starts[index + 1] - 1 if index + 1 < len(self._line_starts) else None
        line = self.text[start:end]
        column = offset - start + 1
        shown = line.strip()
        if len(shown) > _MAX_TEXT:
            shown = line[column - 1 : column - 1 + _MAX_TEXT].strip()
        return index + 1, column, shown

    def where(self, obj: object) -> str:
        """The ``PATH:LINE:COL`` prefix of an error about ``obj`` (``PATH`` alone if unknown)."""
        if isinstance(obj, _Located):
            line, column, _ = self.locate(_offset(obj))
            return f"{self.path}:{line}:{column}"
        return self.path


def _offset(obj: _Located) -> int:
    return obj.key if obj.key >= 0 else obj.start


def _object_positions(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, "name" key offset or -1) per object, in the order the decoder closes them.

    The decoder calls ``object_pairs_hook`` when it reaches an object's closing brace, inner
    objects first, so closing order is what pairs each call with its position.
    """
    stack: list[list[int]] = []
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup
        if kind == "open":
            stack.append([match.start(), -1])
        elif kind == "close":
            if stack:
                start, key = stack.pop()
                yield start, key
        elif kind == "key" and stack and stack[-1][1] < 0:
            stack[-1][1] = match.start()


def _decode(path: str, text: str) -> object:
    positions = _object_positions(text)

    def hook(pairs: list[tuple[str, object]]) -> _Located:
        obj = _Located(pairs)
        # The fallback only matters if the token pass and the decoder ever disagreed, which
        # valid JSON cannot cause; an object then points at the start of the file.
        obj.start, obj.key = next(positions, (0, -1))
        return obj

    try:
        return json.loads(text, object_pairs_hook=hook)
    except json.JSONDecodeError as exc:
        message = exc.msg[:1].lower() + exc.msg[1:]
        raise SourceError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {message}") from None
    except RecursionError:
        raise SourceError(f"{path}: JSON nested too deeply to read") from None


# ---- entry points -----------------------------------------------------------------------------


def is_sbom(text_head: str) -> bool:
    """Tell whether the first few kilobytes of a JSON file look like a CycloneDX or SPDX 2 SBOM."""
    return bool(_CYCLONEDX.search(text_head) or _SPDX2.search(text_head))


def read_sbom(path: str, text: str) -> tuple[Dependency, ...]:
    """Return the packages a CycloneDX or SPDX 2.x JSON SBOM lists, in document order.

    The package the SBOM describes (the project itself) is left out. Raises
    :class:`~reciprocity.errors.SourceError` when the text is not JSON, is neither format, or
    breaks the format's structure.
    """
    # A byte order mark is legal at the start of a JSON file but json.loads refuses it.
    text = text.removeprefix("\ufeff")
    document = _decode(path, text)
    source = _Text(path, text)
    if isinstance(document, _Located):
        if document.get("bomFormat") == "CycloneDX":
            return tuple(_CycloneDX(source, document).dependencies())
        version = document.get("spdxVersion")
        if isinstance(version, str) and version.startswith("SPDX-2."):
            return tuple(_Spdx(source, document).dependencies())
        if isinstance(version, str):
            raise SourceError(
                f"{path}: {version} is not supported; export the SBOM as SPDX 2.3 JSON "
                "or CycloneDX JSON"
            )
    raise SourceError(
        f'{path}: expected a CycloneDX JSON SBOM ("bomFormat": "CycloneDX") or an SPDX 2 JSON '
        'document ("spdxVersion": "SPDX-2.3"), found neither'
    )


# ---- shared helpers ---------------------------------------------------------------------------


def _string(obj: _Located, key: str) -> str | None:
    """The value of ``key`` when it is a non-empty string (tools write null for "unknown")."""
    value = obj.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _list(source: _Text, obj: _Located, key: str) -> list[object]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise SourceError(f'{source.where(obj)}: "{key}" is not a list')
    return value


def _object(source: _Text, value: object, what: str, parent: _Located) -> _Located:
    if not isinstance(value, _Located):
        raise SourceError(f"{source.where(parent)}: {what} is not a JSON object")
    return value


def _join_all(parts: Iterable[str]) -> str | None:
    """Combine licences that all apply with AND, bracketing compound ones so they stay whole."""
    unique = list(dict.fromkeys(p for p in parts if p))
    if not unique:
        return None
    if len(unique) == 1:
        return unique[0]
    return " AND ".join(p if _is_atom(p) else f"({p})" for p in unique)


def _is_atom(expression: str) -> bool:
    """True for a single id, or an expression already wrapped in one pair of brackets."""
    if not any(c.isspace() for c in expression):
        return True
    if not (expression.startswith("(") and expression.endswith(")")):
        return False
    depth = 0
    for index, char in enumerate(expression):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and index < len(expression) - 1:
            return False
    return True


def _dependency(
    source: _Text,
    obj: _Located,
    *,
    name: str,
    version: str | None,
    licence: str | None,
    purl: PackageURL | None,
    direct: bool,
    development: bool,
) -> Dependency:
    line, column, text = source.locate(_offset(obj))
    if purl is not None:
        ecosystem, name = purl.type, purl.canonical_name
        version = version or purl.version
    else:
        ecosystem = GENERIC
    return Dependency(
        ecosystem=ecosystem,
        name=name,
        version=version,
        licence=licence,
        manifest=source.path,
        line=line,
        column=column,
        text=text,
        direct=direct,
        development=development,
    )


# ---- CycloneDX --------------------------------------------------------------------------------


class _CycloneDX:
    """CycloneDX JSON 1.2 to 1.6: the component fields read here have not changed since 1.2."""

    def __init__(self, source: _Text, document: _Located) -> None:
        self.source = source
        self.document = document
        self.direct_refs: set[str] | None = None
        metadata = document.get("metadata")
        root = metadata.get("component") if isinstance(metadata, _Located) else None
        root_ref = _string(root, "bom-ref") if isinstance(root, _Located) else None
        if root_ref is not None:
            for entry in _list(source, document, "dependencies"):
                if isinstance(entry, _Located) and entry.get("ref") == root_ref:
                    depends = _list(source, entry, "dependsOn")
                    self.direct_refs = {d for d in depends if isinstance(d, str)}

    def dependencies(self) -> Iterator[Dependency]:
        # metadata.component, and any components nested in it, are the project itself; only
        # the top-level "components" list holds what it uses.
        yield from self._components(self.document, development=False, nested=False)

    def _components(
        self, parent: _Located, *, development: bool, nested: bool
    ) -> Iterator[Dependency]:
        for value in _list(self.source, parent, "components"):
            component = _object(self.source, value, "a component", parent)
            # Scope "excluded" is CycloneDX's word for test and other non-runtime use, and
            # cyclonedx-npm marks devDependencies with a property. Scope "optional" stays
            # runtime: npm installs optional dependencies whenever it can, so they ship.
            dev = development or component.get("scope") == "excluded" or _npm_dev(component)
            if not _is_bare_file(component):
                yield self._dependency(component, development=dev, nested=nested)
            # Nested components are parts of their parent (a shaded jar, a bundled package)
            # and are used the way the parent is.
            yield from self._components(component, development=dev, nested=True)

    def _dependency(self, component: _Located, *, development: bool, nested: bool) -> Dependency:
        name = _string(component, "name")
        if name is None:
            raise SourceError(f'{self.source.where(component)}: component has no "name"')
        group = _string(component, "group")
        purl_text = _string(component, "purl")
        purl = parse_purl(purl_text) if purl_text else None
        ref = _string(component, "bom-ref")
        if self.direct_refs is not None:
            direct = ref is not None and ref in self.direct_refs
        else:
            # Without a graph, a top-level component is taken as named by the project (the
            # reading that hides nothing); a nested one is part of its parent, never direct.
            direct = not nested
        return _dependency(
            self.source,
            component,
            name=f"{group}/{name}" if group else name,
            version=_string(component, "version"),
            licence=self._licence(component),
            purl=purl,
            direct=direct,
            development=development,
        )

    def _licence(self, component: _Located) -> str | None:
        entries = [
            _object(self.source, e, "a licence entry", component)
            for e in _list(self.source, component, "licenses")
        ]
        # CycloneDX 1.6 may list both what the authors declared and what an analyst
        # concluded; like SPDX's licenseConcluded, the conclusion is preferred.
        concluded = [e for e in entries if _acknowledgement(e) == "concluded"]
        chosen = concluded or entries
        parts: list[str] = []
        for entry in chosen:
            expression = _string(entry, "expression")
            licence = entry.get("license")
            if expression is not None:
                parts.append(expression)
            elif isinstance(licence, _Located):
                named = _string(licence, "id") or _string(licence, "name")
                if named is not None:
                    parts.append(named)
        # The CycloneDX specification says the licences of a list all apply, so several
        # entries are joined with AND. Since 1.5 an expression must stand alone, but ScanCode
        # writes one expression per detection, so expressions are ANDed too, bracketed.
        return _join_all(parts)


def _acknowledgement(entry: _Located) -> object:
    # An expression entry carries it beside the expression, a licence inside its object.
    licence = entry.get("license")
    if isinstance(licence, _Located) and "acknowledgement" in licence:
        return licence.get("acknowledgement")
    return entry.get("acknowledgement")


def _npm_dev(component: _Located) -> bool:
    properties = component.get("properties")
    if not isinstance(properties, list):
        return False
    return any(
        isinstance(p, _Located)
        and p.get("name") == "cdx:npm:package:development"
        and p.get("value") == "true"
        for p in properties
    )


def _is_bare_file(component: _Located) -> bool:
    """A "file" component with neither purl nor licence: syft lists every file it hashed so,
    and they would only swell the report with unknown licences."""
    return (
        component.get("type") == "file"
        and _string(component, "purl") is None
        and not component.get("licenses")
    )


# ---- SPDX 2 -----------------------------------------------------------------------------------


class _Spdx:
    """SPDX 2.2 and 2.3 JSON: packages, their purls, and the relationships between them."""

    def __init__(self, source: _Text, document: _Located) -> None:
        self.source = source
        self.document = document
        described = {d for d in _list(source, document, "documentDescribes") if isinstance(d, str)}
        edges: list[tuple[str, str, bool]] = []
        document_id = _string(document, "SPDXID") or "SPDXRef-DOCUMENT"
        for value in _list(source, document, "relationships"):
            relation = _object(source, value, "a relationship", document)
            kind = _string(relation, "relationshipType")
            element = _string(relation, "spdxElementId")
            related = _string(relation, "relatedSpdxElement")
            if kind is None or element is None or related is None:
                continue
            if kind == "DESCRIBES" and element == document_id:
                described.add(related)
            elif kind == "DESCRIBED_BY" and related == document_id:
                described.add(element)
            elif kind in _FORWARD:
                edges.append((element, related, _FORWARD[kind]))
            elif kind in _BACKWARD:
                edges.append((related, element, _BACKWARD[kind]))
        self.described = described
        self.direct, self.reached, self.runtime = _graph(described, edges)

    def dependencies(self) -> Iterator[Dependency]:
        for value in _list(self.source, self.document, "packages"):
            package = _object(self.source, value, "a package", self.document)
            spdx_id = _string(package, "SPDXID")
            if spdx_id is not None and spdx_id in self.described:
                continue
            name = _string(package, "name")
            if name is None:
                raise SourceError(f'{self.source.where(package)}: package has no "name"')
            # Without a graph from the described package there is no telling, and a package
            # the project may name itself is the reading that hides nothing.
            direct = self.direct is None or (spdx_id is not None and spdx_id in self.direct)
            development = (
                spdx_id is not None and spdx_id in self.reached and spdx_id not in self.runtime
            )
            yield _dependency(
                self.source,
                package,
                name=name,
                version=_string(package, "versionInfo"),
                licence=_spdx_licence(package),
                purl=self._purl(package),
                direct=direct,
                development=development,
            )

    def _purl(self, package: _Located) -> PackageURL | None:
        for value in _list(self.source, package, "externalRefs"):
            if isinstance(value, _Located) and value.get("referenceType") == "purl":
                locator = _string(value, "referenceLocator")
                purl = parse_purl(locator) if locator else None
                if purl is not None:
                    return purl
        return None


def _spdx_licence(package: _Located) -> str | None:
    # An analyst's conclusion outranks what the package declares about itself. LicenseRef-
    # ids are kept as written: the caller maps ScanCode's ones to the catalogue, and the
    # names in hasExtractedLicensingInfos add nothing a LicenseRef id does not say.
    for key in ("licenseConcluded", "licenseDeclared"):
        value = _string(package, key)
        if value is not None and value not in _NO_LICENCE:
            return value
    return None


def _graph(
    roots: set[str], edges: list[tuple[str, str, bool]]
) -> tuple[set[str] | None, set[str], set[str]]:
    """Return the roots' direct dependencies (None if the roots have no edge), every element
    reachable from the roots, and those reachable without a development or test edge."""
    children: dict[str, list[tuple[str, bool]]] = {}
    for parent, child, development in edges:
        children.setdefault(parent, []).append((child, development))
    direct_edges = [c for r in roots for c in children.get(r, [])]
    direct = {child for child, _ in direct_edges} if direct_edges else None

    def reach(follow_development: bool) -> set[str]:
        seen: set[str] = set()
        stack = list(roots)
        while stack:
            for child, development in children.get(stack.pop(), []):
                if child not in seen and (follow_development or not development):
                    seen.add(child)
                    stack.append(child)
        return seen

    return direct, reach(True), reach(False)
