"""PHP: composer.json and composer.lock.

Platform requirements (php, ext-*, lib-*, composer-*) name no package and are skipped: every
Composer package is named vendor/name.
"""

from __future__ import annotations

import re

from reciprocity.inventory import Dependency
from reciprocity.scan.manifests._common import (
    JsonDocument,
    ManifestReading,
    ProjectLicence,
    choice,
    member,
    reading,
)

ECOSYSTEM = "composer"

# Kept with its "v", as composer.lock records such versions (v1.29.0).
_PIN = re.compile(r"(?:==?)?\s*(v?\d+(?:\.\d+)*(?:-[0-9A-Za-z.]+)?)")


def composer_licence(value: object) -> str | None:
    """A Composer licence: an SPDX string, or a list of them, any one of which applies."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, list):
        return choice(item for item in value if isinstance(item, str))
    return None


def composer_project(doc: JsonDocument, data: dict[str, object], at: int) -> ProjectLicence | None:
    """The project part of the composer.json object written at ``at``."""
    licence = composer_licence(data.get("license"))
    name, version = data.get("name"), data.get("version")
    if licence is None and not isinstance(name, str):
        return None
    shown = "license" if licence is not None else "name"
    return doc.project(
        name if isinstance(name, str) else None,
        version if isinstance(version, str) else None,
        licence,
        member(doc.members(at), shown, at).key,
    )


def read_composer_json(path: str, text: str) -> ManifestReading:
    """composer.json: require and require-dev, and the package's own licence."""
    doc = JsonDocument(path, text)
    data = doc.object_at(doc.data, doc.root, "composer.json")
    dependencies = []
    sections = (("require", False), ("require-dev", True))
    for name, constraint, offset, development in doc.section_entries(sections):
        if not isinstance(constraint, str):
            raise doc.error(f'the constraint of "{name}" is not a string', offset)
        if "/" not in name:
            continue
        pin = _PIN.fullmatch(constraint.strip())
        dependencies.append(
            doc.dependency(
                ECOSYSTEM, name, pin.group(1) if pin else None, offset, development=development
            )
        )
    return reading(dependencies, composer_project(doc, data, doc.root))


def package_list(
    doc: JsonDocument,
    packages: object,
    at: int,
    what: str,
    dev_names: frozenset[str] = frozenset(),
    development: bool = False,
) -> list[Dependency]:
    """The packages of a composer.lock or installed.json array, each at its "name" line."""
    items = doc.expect(packages, list, at, what)
    found = []
    for item, offset in zip(items, _element_offsets(doc, at, len(items)), strict=True):
        package = doc.object_at(item, offset, f"a package of {what}")
        where = member(doc.members(offset), "name", offset).key
        name, version = package.get("name"), package.get("version")
        if not isinstance(name, str):
            raise doc.error("package has no name", offset)
        found.append(
            doc.dependency(
                ECOSYSTEM,
                name,
                version if isinstance(version, str) else None,
                where,
                licence=composer_licence(package.get("license")),
                direct=False,
                development=development or name in dev_names,
            )
        )
    return found


def _element_offsets(doc: JsonDocument, at: int, count: int) -> list[int]:
    offsets = doc.elements(at)
    return offsets if len(offsets) == count else [at] * count


def read_composer_lock(path: str, text: str) -> ManifestReading:
    """composer.lock: "packages" and "packages-dev" (directness is in composer.json)."""
    doc = JsonDocument(path, text)
    data = doc.object_at(doc.data, doc.root, "composer.lock")
    top = doc.members(doc.root)
    dependencies: list[Dependency] = []
    for section, development in (("packages", False), ("packages-dev", True)):
        if section in data:
            at = member(top, section, doc.root).value
            dependencies += package_list(
                doc, data[section], at, f'"{section}"', development=development
            )
    return reading(dependencies)
