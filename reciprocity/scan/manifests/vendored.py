"""Metadata that vendored or installed packages carry about themselves: Composer's
installed.json, a Python distribution's METADATA, a package.json under node_modules."""

from __future__ import annotations

from reciprocity.scan.manifests._common import (
    JsonDocument,
    ManifestReading,
    TextIndex,
    choice,
    reading,
)
from reciprocity.scan.manifests.javascript import package_project
from reciprocity.scan.manifests.php import package_list

_CLASSIFIER = "License :: "


def read_installed_json(path: str, text: str) -> ManifestReading:
    """vendor/composer/installed.json: Composer 1's list, or Composer 2's {"packages": [...]}."""
    doc = JsonDocument(path, text)
    if isinstance(doc.data, list):
        return reading(package_list(doc, doc.data, doc.root, "installed.json"))
    data = doc.object_at(doc.data, doc.root, "installed.json")
    top = doc.members(doc.root)
    names = data.get("dev-package-names")
    dev = frozenset(n for n in names if isinstance(n, str)) if isinstance(names, list) else None
    at = top["packages"].value if "packages" in top else doc.root
    packages = package_list(doc, data.get("packages", []), at, '"packages"', dev or frozenset())
    return reading(packages)


def read_node_module(path: str, text: str) -> ManifestReading:
    """node_modules/<package>/package.json: the installed package itself, not its needs."""
    doc = JsonDocument(path, text)
    data = doc.object_at(doc.data, doc.root, "package.json")
    return ManifestReading((), package_project(doc, data, doc.root))


def read_python_metadata(path: str, text: str) -> ManifestReading:
    """A distribution's METADATA (or PKG-INFO): its name, version and licence.

    The licence is License-Expression (PEP 639), else the License field, else the licence
    classifiers as free text.
    """
    index = TextIndex(path, text)
    fields: list[tuple[str, str, int]] = []
    for offset, line in index.lines():
        if not line:
            # The headers end at the first empty line (a folded licence text keeps its blank
            # lines indented); the description follows.
            break
        if line[0] in " \t" and fields:
            key, value, at = fields[-1]
            fields[-1] = (key, f"{value}\n{line.strip()}", at)
            continue
        key, colon, value = line.partition(":")
        if not colon:
            raise index.error("expected a 'Name: value' header", offset)
        fields.append((key.strip().lower(), value.strip(), offset))
    first = {key: (value, at) for key, value, at in reversed(fields)}
    name, version = first.get("name"), first.get("version")
    licence: tuple[str, int] | None = None
    if "license-expression" in first:
        licence = first["license-expression"]
    elif "license" in first and first["license"][0] not in ("", "UNKNOWN"):
        licence = first["license"]
    else:
        classifiers = [
            (value.rsplit(" :: ", 1)[-1], at)
            for key, value, at in fields
            if key == "classifier" and value.startswith(_CLASSIFIER)
        ]
        # "License :: OSI Approved" alone names no licence; several classifiers mostly mean
        # the user may choose, as PyPI projects dual-licensed this way intend.
        named = [(text, at) for text, at in classifiers if text != "OSI Approved"]
        joined = choice(text for text, _ in named)
        if joined is not None:
            licence = (joined, named[0][1])
    if licence is None and name is None:
        return ManifestReading(())
    shown = licence or name
    assert shown is not None
    project = index.project(
        name[0] if name else None,
        version[0] if version else None,
        licence[0] if licence else None,
        shown[1],
    )
    return ManifestReading((), project)
