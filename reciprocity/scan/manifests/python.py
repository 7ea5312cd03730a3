"""Python: requirements files, pyproject.toml (PEP 621, PEP 735, Poetry), poetry.lock, uv.lock
and Pipfile.lock.

Manifests give a version only for an exact pin (``==1.2``); names are kept as written, so
``Django`` and ``django`` are left for the caller to normalise.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from reciprocity.inventory import Dependency
from reciprocity.scan.manifests._common import (
    JsonDocument,
    ManifestReading,
    ProjectLicence,
    TextIndex,
    TomlDocument,
    dev_only,
    looks_dev,
    reading,
)

ECOSYSTEM = "pypi"

_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*")
_PIN = re.compile(r"===?\s*([^\s*,;]+)")
_COMMENT = re.compile(r"(?:^|\s)#.*$")
_OPTION = re.compile(r"\s--?[A-Za-z]")
_ARCHIVE = (".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2")
_POETRY_PIN = re.compile(r"(?:==?)?\s*(\d[\w.+!-]*)")


def requirement(text: str) -> tuple[str, str | None] | None:
    """The name and pinned version (if any) of a PEP 508 requirement, or None if it is not one."""
    match = _NAME.match(text)
    if match is None:
        return None
    rest = text[match.end() :].strip()
    if rest.startswith("@"):
        return match.group(1), None
    specifiers = rest.split(";", 1)[0].strip().removeprefix("(").removesuffix(")")
    parts = [part.strip() for part in specifiers.split(",") if part.strip()]
    if any(part[0] not in "<>=!~" for part in parts):
        return None
    pin = _PIN.fullmatch(parts[0]) if len(parts) == 1 else None
    return match.group(1), pin.group(1) if pin else None


def read_requirements(path: str, text: str) -> ManifestReading:
    """A pip requirements file: one requirement a line; options and references are skipped."""
    index = TextIndex(path, text)
    pure = PurePosixPath(path)
    words = pure.name.removesuffix(".txt").replace("requirements", "")
    if pure.parent.name == "requirements":
        words += " " + pure.name
    development = looks_dev(words)
    dependencies: list[Dependency] = []
    pending: tuple[int, str] | None = None
    for offset, raw in index.lines():
        if pending is not None:
            # A backslash continues the requirement on the next line; it is named on the first.
            start, line = pending[0], pending[1] + " " + raw
        else:
            start, line = offset, raw
        if line.endswith("\\"):
            pending = (start, line[:-1])
            continue
        pending = None
        line = _COMMENT.sub("", line)
        option = _OPTION.search(line)
        if option is not None:
            line = line[: option.start()]
        stripped = line.strip()
        if not stripped or stripped.startswith("-"):
            continue
        if stripped.startswith((".", "/")) or stripped.endswith(_ARCHIVE):
            continue  # a local path or an archive: no name to report
        if "://" in stripped and "@" not in stripped.split("://", 1)[0]:
            continue  # a bare URL
        at = start + len(line) - len(line.lstrip())
        found = requirement(stripped)
        if found is None:
            raise index.error("invalid requirement", at)
        dependencies.append(
            index.dependency(ECOSYSTEM, found[0], found[1], at, development=development)
        )
    return reading(dependencies)


def _licence(doc: TomlDocument, table: dict[str, object], where: tuple[str, ...]) -> str | None:
    value = table.get("license")
    if value is None or isinstance(value, str):
        return value
    licence = doc.table_at(value, (*where, "license"))
    text, file = licence.get("text"), licence.get("file")
    if isinstance(text, str):
        return text
    if isinstance(file, str):
        # npm's way of saying "the licence is that file", so that one convention is followed.
        return f"SEE LICENSE IN {file}"
    raise doc.error("license has neither text nor file", doc.locate(*where, "license"))


def _strings(
    doc: TomlDocument, values: object, where: tuple[str, ...], development: bool
) -> list[Dependency]:
    """The requirements of a TOML list of PEP 508 strings, each at its own line."""
    anchor = doc.locate(*where)
    items = doc.expect(values, list, anchor, ".".join(where))
    found: list[Dependency] = []
    cursor = anchor
    for item in items:
        if not isinstance(item, str):
            continue  # {include-group = "…"} in a dependency group: that group is read too
        at = doc.string(item, cursor)
        if at is not None:
            cursor = at + 1
        offset = anchor if at is None else at
        parsed = requirement(item)
        if parsed is None:
            raise doc.error(f"invalid requirement {item!r}", offset)
        found.append(
            doc.dependency(ECOSYSTEM, parsed[0], parsed[1], offset, development=development)
        )
    return found


def _poetry(
    doc: TomlDocument, deps: object, where: tuple[str, ...], development: bool
) -> list[Dependency]:
    table = doc.table_at(deps, where)
    found: list[Dependency] = []
    for name, spec in table.items():
        if name.lower() == "python":
            continue  # the interpreter, not a package
        constraint = spec.get("version") if isinstance(spec, dict) else spec
        pin = _POETRY_PIN.fullmatch(constraint) if isinstance(constraint, str) else None
        found.append(
            doc.dependency(
                ECOSYSTEM,
                name,
                pin.group(1) if pin else None,
                doc.locate(*where, name),
                development=development,
            )
        )
    return found


def read_pyproject(path: str, text: str) -> ManifestReading:
    """pyproject.toml: PEP 621 dependencies and extras, PEP 735 groups, and Poetry's tables."""
    doc = TomlDocument(path, text)
    data = doc.data
    dependencies: list[Dependency] = []
    project: ProjectLicence | None = None
    if "project" in data:
        table = doc.table_at(data["project"], ("project",))
        if "dependencies" in table:
            dependencies += _strings(doc, table["dependencies"], ("project", "dependencies"), False)
        extras = doc.table_at(
            table.get("optional-dependencies", {}), ("project", "optional-dependencies")
        )
        for extra, values in extras.items():
            where = ("project", "optional-dependencies", extra)
            dependencies += _strings(doc, values, where, looks_dev(extra))
        project = _project(doc, table, ("project",))
    groups = doc.table_at(data.get("dependency-groups", {}), ("dependency-groups",))
    for group, values in groups.items():
        dependencies += _strings(doc, values, ("dependency-groups", group), True)
    tool = doc.table_at(data.get("tool", {}), ("tool",))
    poetry = doc.table_at(tool.get("poetry", {}), ("tool", "poetry"))
    if "dependencies" in poetry:
        dependencies += _poetry(
            doc, poetry["dependencies"], ("tool", "poetry", "dependencies"), False
        )
    if "dev-dependencies" in poetry:
        legacy = ("tool", "poetry", "dev-dependencies")
        dependencies += _poetry(doc, poetry["dev-dependencies"], legacy, True)
    poetry_groups = doc.table_at(poetry.get("group", {}), ("tool", "poetry", "group"))
    for group, body in poetry_groups.items():
        place = ("tool", "poetry", "group", group)
        deps = doc.table_at(body, place).get("dependencies", {})
        # Poetry's "main" group is the main dependencies; every other group is optional to
        # install, which is what development means here.
        dependencies += _poetry(doc, deps, (*place, "dependencies"), group != "main")
    if project is None and poetry:
        project = _project(doc, poetry, ("tool", "poetry"))
    return reading(dependencies, project)


def _project(
    doc: TomlDocument, table: dict[str, object], where: tuple[str, ...]
) -> ProjectLicence | None:
    name, version = table.get("name"), table.get("version")
    licence = _licence(doc, table, where)
    if licence is None and not isinstance(name, str):
        return None
    field = "license" if licence is not None else "name"
    return doc.project(
        name if isinstance(name, str) else None,
        version if isinstance(version, str) else None,
        licence,
        doc.locate(*where, field),
    )


def _packages(doc: TomlDocument) -> list[dict[str, object]]:
    packages = doc.expect(doc.data.get("package", []), list, doc.locate("package"), "package")
    return [doc.table_at(p, ("package",)) for p in packages]


def read_poetry_lock(path: str, text: str) -> ManifestReading:
    """poetry.lock: every locked package (directness is in pyproject.toml, not here)."""
    doc = TomlDocument(path, text)
    packages = _packages(doc)
    offsets = doc.array_keys(("package",), len(packages), "name")
    dependencies = []
    for package, offset in zip(packages, offsets, strict=True):
        name, version = package.get("name"), package.get("version")
        if not isinstance(name, str):
            raise doc.error("package has no name", offset)
        source = package.get("source")
        if isinstance(source, dict) and source.get("type") == "directory":
            continue  # a local folder, scanned as part of the tree it lives in
        groups = package.get("groups")
        if isinstance(groups, list) and groups:
            # Poetry 2 lists the groups that need the package: dev if none of them is main.
            development = all(isinstance(g, str) and looks_dev(g) for g in groups)
        else:
            # Poetry before 1.5 wrote category = "dev"; later ones until 2 wrote nothing.
            development = package.get("category") == "dev"
        dependencies.append(
            doc.dependency(
                ECOSYSTEM,
                name,
                version if isinstance(version, str) else None,
                offset,
                direct=False,
                development=development,
            )
        )
    return reading(dependencies)


def _names(items: object) -> list[str]:
    if not isinstance(items, list):
        return []
    return [str(item["name"]) for item in items if isinstance(item, dict) and "name" in item]


def read_uv_lock(path: str, text: str) -> ManifestReading:
    """uv.lock: the locked packages, minus the workspace's own members.

    The members' dependencies are the direct ones; what only their dev groups reach is
    development.
    """
    doc = TomlDocument(path, text)
    packages = _packages(doc)
    offsets = doc.array_keys(("package",), len(packages), "name")
    production: list[str] = []
    development: list[str] = []
    edges: dict[str, list[str]] = {}
    members: set[int] = set()
    for number, package in enumerate(packages):
        node = str(package.get("name", ""))
        needs = _names(package.get("dependencies"))
        extras = package.get("optional-dependencies")
        extras = extras if isinstance(extras, dict) else {}
        groups = package.get("dev-dependencies")
        groups = groups if isinstance(groups, dict) else {}
        edges[node] = needs + [n for values in extras.values() for n in _names(values)]
        source = package.get("source")
        if isinstance(source, dict) and {"editable", "virtual", "directory"} & source.keys():
            members.add(number)
            production += needs
            for extra, values in extras.items():
                # As in pyproject.toml: an extra named like test or docs is for development.
                (development if looks_dev(extra) else production).extend(_names(values))
            development += [n for values in groups.values() for n in _names(values)]
    dev = dev_only(production, development, edges)
    direct = set(production) | set(development)
    dependencies = []
    for number, (package, offset) in enumerate(zip(packages, offsets, strict=True)):
        if number in members:
            continue
        name, version = package.get("name"), package.get("version")
        if not isinstance(name, str):
            raise doc.error("package has no name", offset)
        dependencies.append(
            doc.dependency(
                ECOSYSTEM,
                name,
                version if isinstance(version, str) else None,
                offset,
                direct=name in direct,
                development=name in dev,
            )
        )
    return reading(dependencies)


def read_pipfile_lock(path: str, text: str) -> ManifestReading:
    """Pipfile.lock: the "default" and "develop" packages."""
    doc = JsonDocument(path, text)
    dependencies = []
    sections = (("default", False), ("develop", True))
    for name, entry, offset, development in doc.section_entries(sections):
        version = doc.object_at(entry, offset, f'"{name}"').get("version")
        pinned = version.removeprefix("==") if isinstance(version, str) else None
        dependencies.append(
            doc.dependency(ECOSYSTEM, name, pinned, offset, direct=False, development=development)
        )
    return reading(dependencies)
