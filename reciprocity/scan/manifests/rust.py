"""Rust: Cargo.toml and Cargo.lock. Cargo.lock records no licences.

Path dependencies and the lockfile's source-less packages are crates of the project itself,
scanned as part of its tree, so they are not reported as dependencies.
"""

from __future__ import annotations

import re

from reciprocity.inventory import Dependency
from reciprocity.scan.manifests._common import (
    ManifestReading,
    ProjectLicence,
    TomlDocument,
    reading,
)

ECOSYSTEM = "cargo"

SECTIONS = (("dependencies", False), ("dev-dependencies", True), ("build-dependencies", False))
_PIN = re.compile(r"=\s*(\d[0-9A-Za-z.+-]*)")


def _table(
    doc: TomlDocument, value: object, where: tuple[str, ...], development: bool
) -> list[Dependency]:
    found = []
    for key, spec in doc.table_at(value, where).items():
        offset = doc.locate(*where, key)
        name, requirement = key, spec
        if isinstance(spec, dict):
            if "path" in spec:
                continue
            package = spec.get("package")
            name = package if isinstance(package, str) else key  # a renamed dependency
            requirement = spec.get("version")
        elif not isinstance(spec, str):
            raise doc.error(f"dependency {key} is neither a version nor a table", offset)
        # Only "=1.2.3" pins a version; a bare "1.2.3" means ^1.2.3 to Cargo.
        pin = _PIN.fullmatch(requirement.strip()) if isinstance(requirement, str) else None
        found.append(
            doc.dependency(
                ECOSYSTEM, name, pin.group(1) if pin else None, offset, development=development
            )
        )
    return found


def read_cargo_toml(path: str, text: str) -> ManifestReading:
    """Cargo.toml: [package] and every dependency table, target-specific and workspace ones
    included."""
    doc = TomlDocument(path, text)
    data = doc.data
    dependencies: list[Dependency] = []
    for section, development in SECTIONS:
        if section in data:
            dependencies += _table(doc, data[section], (section,), development)
    for target, body in doc.table_at(data.get("target", {}), ("target",)).items():
        tables = doc.table_at(body, ("target", target))
        for section, development in SECTIONS:
            if section in tables:
                place = ("target", target, section)
                dependencies += _table(doc, tables[section], place, development)
    workspace = doc.table_at(data.get("workspace", {}), ("workspace",))
    if "dependencies" in workspace:
        where = ("workspace", "dependencies")
        dependencies += _table(doc, workspace["dependencies"], where, False)
    project = None
    if "package" in data:
        project = _project(doc, doc.table_at(data["package"], ("package",)))
    return reading(dependencies, project)


def _project(doc: TomlDocument, package: dict[str, object]) -> ProjectLicence | None:
    # A field inherited from the workspace ({workspace = true}) is not a string: it is
    # reported by the workspace's own Cargo.toml.
    name, version = package.get("name"), package.get("version")
    licence, file = package.get("license"), package.get("license-file")
    field = "license"
    if not isinstance(licence, str):
        licence = None
        if isinstance(file, str):
            field, licence = "license-file", f"SEE LICENSE IN {file}"  # npm's convention
    if licence is None and not isinstance(name, str):
        return None
    return doc.project(
        name if isinstance(name, str) else None,
        version if isinstance(version, str) else None,
        licence,
        doc.locate("package", field if licence is not None else "name"),
    )


def read_cargo_lock(path: str, text: str) -> ManifestReading:
    """Cargo.lock: the [[package]] entries that come from a registry or git."""
    doc = TomlDocument(path, text)
    packages = doc.expect(doc.data.get("package", []), list, doc.locate("package"), "package")
    tables = [doc.table_at(package, ("package",)) for package in packages]
    offsets = doc.array_keys(("package",), len(tables), "name")
    direct: set[tuple[str, str | None]] = set()
    for table in tables:
        needs = table.get("dependencies")
        if "source" not in table and isinstance(needs, list):
            # Entries read "name", or "name version (source)" when several versions are locked.
            for need in needs:
                words = str(need).split(" ")
                direct.add((words[0], words[1] if len(words) > 1 else None))
    dependencies = []
    for table, offset in zip(tables, offsets, strict=True):
        if "source" not in table:
            continue
        name, locked = table.get("name"), table.get("version")
        if not isinstance(name, str):
            raise doc.error("package has no name", offset)
        version = locked if isinstance(locked, str) else None
        dependencies.append(
            doc.dependency(
                ECOSYSTEM,
                name,
                version,
                offset,
                direct=(name, None) in direct or (name, version) in direct,
            )
        )
    return reading(dependencies)
