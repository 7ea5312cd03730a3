"""JavaScript: package.json, package-lock.json (and npm-shrinkwrap.json), yarn.lock (classic
and berry) and pnpm-lock.yaml.

Only package-lock.json v2 and v3 record licences. A lockfile entry is direct only when the
lockfile itself says the project names it (the root entry, importers, workspaces).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from reciprocity.inventory import Dependency
from reciprocity.scan.manifests._common import (
    JsonDocument,
    ManifestReading,
    ProjectLicence,
    TextIndex,
    choice,
    dev_only,
    member,
    reading,
)
from reciprocity.yamlio import load_yaml

ECOSYSTEM = "npm"

SECTIONS = (
    ("dependencies", False),
    ("devDependencies", True),
    ("optionalDependencies", False),
    ("peerDependencies", False),
)
_PIN = re.compile(r"=?v?(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?)")


def npm_licence(value: object) -> str | None:
    """A package.json licence: a string, a legacy {type} object, or a legacy list of them."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        kind = value.get("type")
        return kind if isinstance(kind, str) else None
    if isinstance(value, list):
        return choice(name for item in value if (name := npm_licence(item)) is not None)
    return None


def package_project(doc: JsonDocument, data: dict[str, object], at: int) -> ProjectLicence | None:
    """The project part of the package.json object written at ``at``."""
    where = doc.members(at)
    field_name = "license" if "license" in data else "licenses"
    licence = npm_licence(data.get(field_name))
    name, version = data.get("name"), data.get("version")
    if licence is None and not isinstance(name, str):
        return None
    shown = field_name if licence is not None else "name"
    return doc.project(
        name if isinstance(name, str) else None,
        version if isinstance(version, str) else None,
        licence,
        member(where, shown, at).key,
    )


def read_package_json(path: str, text: str) -> ManifestReading:
    """package.json: the four dependency sections and the package's own licence."""
    doc = JsonDocument(path, text)
    data = doc.object_at(doc.data, doc.root, "package.json")
    dependencies = []
    for name, spec, offset, development in doc.section_entries(SECTIONS):
        if not isinstance(spec, str):
            raise doc.error(f'the version of "{name}" is not a string', offset)
        pin = _PIN.fullmatch(spec.strip())
        dependencies.append(
            doc.dependency(
                ECOSYSTEM, name, pin.group(1) if pin else None, offset, development=development
            )
        )
    return reading(dependencies, package_project(doc, data, doc.root))


def _after_node_modules(key: str) -> str:
    return key.rsplit("node_modules/", 1)[-1]


def read_package_lock(path: str, text: str) -> ManifestReading:
    """package-lock.json or npm-shrinkwrap.json, lockfile versions 1, 2 and 3."""
    doc = JsonDocument(path, text)
    data = doc.object_at(doc.data, doc.root, "the lockfile")
    top = doc.members(doc.root)
    if "packages" in data:
        at = member(top, "packages", doc.root).value
        packages = doc.object_at(data["packages"], at, '"packages"')
        return _packages(doc, packages, at)
    dependencies: list[Dependency] = []
    if "dependencies" in data:
        at = member(top, "dependencies", doc.root).value
        _v1(doc, doc.object_at(data["dependencies"], at, '"dependencies"'), at, dependencies)
    project = None
    name, version = data.get("name"), data.get("version")
    if isinstance(name, str):
        offset = member(top, "name", doc.root).key
        project = doc.project(name, version if isinstance(version, str) else None, None, offset)
    return reading(dependencies, project)


def _packages(doc: JsonDocument, packages: dict[str, object], at: int) -> ManifestReading:
    """Lockfile v2 and v3: "packages" keyed by install path, the root project under ""."""
    where = doc.members(at)
    project = None
    direct: set[str] = set()
    for key, value in packages.items():
        # The root "" and workspace folders are the project: what they name is direct.
        if "node_modules/" not in key and isinstance(value, dict):
            for section, _ in SECTIONS:
                names = value.get(section)
                if isinstance(names, dict):
                    direct.update(f"node_modules/{name}" for name in names)
    dependencies = []
    for key, value in packages.items():
        found = member(where, key, at)
        entry = doc.object_at(value, found.key, f'"{key}"')
        if key == "":
            project = package_project(doc, entry, found.value)
            continue
        if "node_modules/" not in key or entry.get("link") is True:
            continue  # a workspace folder or the link to one: part of the project itself
        name, version = entry.get("name"), entry.get("version")
        dependencies.append(
            doc.dependency(
                ECOSYSTEM,
                name if isinstance(name, str) else _after_node_modules(key),
                version if isinstance(version, str) else None,
                found.key,
                licence=npm_licence(entry.get("license")),
                direct=key in direct,
                development=entry.get("dev") is True,
            )
        )
    return reading(dependencies, project)


def _v1(doc: JsonDocument, entries: dict[str, object], at: int, found: list[Dependency]) -> None:
    """Lockfile v1: nested "dependencies" objects, without licences or the direct ones."""
    where = doc.members(at)
    for name, value in entries.items():
        found_at = member(where, name, at)
        entry = doc.object_at(value, found_at.key, f'"{name}"')
        version = entry.get("version")
        real = name
        if isinstance(version, str) and version.startswith("npm:"):
            real, version = _split_descriptor(version[4:])  # an alias: "npm:name@version"
        found.append(
            doc.dependency(
                ECOSYSTEM,
                real,
                version if isinstance(version, str) else None,
                found_at.key,
                direct=False,
                development=entry.get("dev") is True,
            )
        )
        nested = entry.get("dependencies")
        if nested is not None:
            inner = member(doc.members(found_at.value), "dependencies", found_at.value).value
            _v1(doc, doc.object_at(nested, inner, '"dependencies"'), inner, found)


# ---- yarn.lock -----------------------------------------------------------------------------

_YARN_FIELD = re.compile(r'("(?:[^"\\]|\\.)*"|[^\s:"]+):?(?:\s+(.*))?')


def _split_descriptor(descriptor: str) -> tuple[str, str]:
    """name@range, the name possibly scoped (@scope/name@range)."""
    at = descriptor.find("@", 1)
    return (descriptor, "") if at < 0 else (descriptor[:at], descriptor[at + 1 :])


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"')
    return value


@dataclass
class _YarnEntry:
    descriptors: list[str]
    offset: int
    fields: dict[str, str] = field(default_factory=dict)
    dependencies: dict[str, str] = field(default_factory=dict)


def _yarn_entries(index: TextIndex) -> Iterator[_YarnEntry]:
    """The entries of a yarn.lock; both formats share this indented shape."""
    entry: _YarnEntry | None = None
    section = ""
    for offset, line in index.lines():
        content = line.strip()
        if not content or content.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent == 0:
            if entry is not None:
                yield entry
            if not content.endswith(":"):
                raise index.error("expected an entry ending with ':'", offset)
            # Berry quotes the whole list ("a@npm:^1, a@npm:^1.2"), classic each descriptor.
            descriptors = [d.strip().strip('"') for d in content[:-1].split(",")]
            entry = _YarnEntry([d for d in descriptors if d], offset)
            section = ""
            continue
        match = _YARN_FIELD.fullmatch(content)
        if entry is None or match is None:
            raise index.error("expected a field of an entry", offset + indent)
        key, value = _unquote(match.group(1)), _unquote(match.group(2) or "")
        if indent == 2:
            section = key if not value else ""
            entry.fields[key] = value
        elif section == "dependencies":
            entry.dependencies[key] = value
    if entry is not None:
        yield entry


def read_yarn_lock(path: str, text: str) -> ManifestReading:
    """yarn.lock: classic (v1) or berry (v2 and later, with __metadata)."""
    index = TextIndex(path, text)
    entries = list(_yarn_entries(index))
    berry = any(entry.descriptors == ["__metadata"] for entry in entries)
    direct: set[str] = set()
    if berry:
        for entry in entries:
            if "@workspace:" in entry.fields.get("resolution", ""):
                direct.update(f"{name}@{spec}" for name, spec in entry.dependencies.items())
    dependencies = []
    seen: set[tuple[str, str | None]] = set()
    for entry in entries:
        if entry.descriptors == ["__metadata"]:
            continue
        name, spec = _split_descriptor(entry.descriptors[0])
        if berry:
            resolution = entry.fields.get("resolution", entry.descriptors[0])
            name, reference = _split_descriptor(resolution)
            protocol = reference.split(":", 1)[0]
            # Workspaces, links and portals are the project's own folders; a patch entry
            # repeats the package it patches.
            if protocol in ("workspace", "link", "portal", "patch"):
                continue
        elif spec.startswith("npm:"):
            name = _split_descriptor(spec[4:])[0]  # an alias: the real package is after npm:
        version = entry.fields.get("version") or None
        if (name, version) in seen:
            continue
        seen.add((name, version))
        dependencies.append(
            index.dependency(
                ECOSYSTEM,
                name,
                version,
                entry.offset,
                direct=bool(direct.intersection(entry.descriptors)),
            )
        )
    return reading(dependencies)


# ---- pnpm-lock.yaml ------------------------------------------------------------------------


def _pnpm_key(key: str) -> tuple[str, str | None]:
    """Name and version of a packages key: lodash@4.17.21 (v9), /lodash@4.17.21 (v6) or
    /lodash/4.17.21 (v5), without the peer suffix (…)(…) pnpm adds."""
    bare = key.removeprefix("/").split("(", 1)[0]
    at = bare.find("@", 1)
    if at > 0:
        return bare[:at], bare[at + 1 :]
    name, _, version = bare.rpartition("/")
    return (name, version) if name else (bare, None)


def _section_keys(index: TextIndex, section: str) -> dict[str, int]:
    """Offsets of the two-space-indented keys of a top-level YAML section."""
    found: dict[str, int] = {}
    inside = False
    for offset, line in index.lines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            inside = line.rstrip() == f"{section}:"
            continue
        if not inside or not line.startswith("  ") or line[2] in " \t":
            continue
        rest = line[2:]
        if rest[0] in "'\"":
            quote = rest[0]
            end = rest.find(quote, 1)
            while quote == "'" and rest.startswith("''", end):
                end = rest.find(quote, end + 2)
            key = rest[1:end].replace("''", "'") if quote == "'" else rest[1:end]
        else:
            key = re.split(r":(?:\s|$)", rest, maxsplit=1)[0]
        found.setdefault(key, offset + 2)
    return found


def _importer_versions(importer: object) -> Iterator[tuple[str, str, bool]]:
    """(name, version, development) of each dependency an importer names."""
    if not isinstance(importer, dict):
        return
    for section, development in SECTIONS:
        entries = importer.get(section)
        if not isinstance(entries, dict):
            continue
        for name, value in entries.items():
            version = value.get("version") if isinstance(value, dict) else value
            if isinstance(version, str | int | float):
                yield str(name), str(version), development


def read_pnpm_lock(path: str, text: str) -> ManifestReading:
    """pnpm-lock.yaml, lockfile versions 5 to 9."""
    index = TextIndex(path, text)
    data = load_yaml(text, path)
    lock = index.expect(data, dict, 0, "pnpm-lock.yaml")
    importers = lock.get("importers")
    roots = list(importers.values()) if isinstance(importers, dict) else [lock]
    production: list[str] = []
    development: list[str] = []
    for importer in roots:
        for named, pinned, dev in _importer_versions(importer):
            (development if dev else production).append(f"{named}@{pinned}")
    snapshots = lock.get("snapshots")
    dev_keys: set[str] = set()
    if isinstance(snapshots, dict):
        # v9 moved the dependency graph to "snapshots", keyed like the importers' versions.
        edges = {
            str(key): [f"{name}@{version}" for name, version, _ in _importer_versions(value)]
            for key, value in snapshots.items()
        }
        dev_keys = {key.split("(", 1)[0] for key in dev_only(production, development, edges)}
    direct = {key.split("(", 1)[0] for key in production + development}
    packages = index.expect(lock.get("packages") or {}, dict, 0, '"packages"')
    offsets = _section_keys(index, "packages")
    dependencies = []
    seen: set[tuple[str, str | None]] = set()
    for key, value in packages.items():
        entry = value if isinstance(value, dict) else {}
        # Packages from git or a tarball say their name and version in fields of their own.
        parsed_name, parsed_version = _pnpm_key(str(key))
        name = str(entry.get("name", parsed_name))
        version = str(entry["version"]) if "version" in entry else parsed_version
        if (name, version) in seen:
            continue
        seen.add((name, version))
        plain = f"{name}@{version}"
        dev = entry.get("dev") is True if "dev" in entry else plain in dev_keys
        dependencies.append(
            index.dependency(
                ECOSYSTEM,
                name,
                version,
                offsets.get(str(key), 0),
                direct=plain in direct,
                development=dev,
            )
        )
    return reading(dependencies)
