"""Readers of package manifests, lockfiles and vendored packages' metadata.

Each reader takes the path shown in evidence and the file's text, and returns the
dependencies the file names (with the line that names each) and what it says about the
project it describes. A file that cannot be read raises SourceError, located when possible.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from reciprocity.errors import SourceError
from reciprocity.scan.manifests import javascript, php, python, ruby, rust, vendored
from reciprocity.scan.manifests._common import ManifestReading, ProjectLicence, Reader, unbom
from reciprocity.scan.manifests.go import read_go_mod

__all__ = ["ManifestReading", "ProjectLicence", "Reader", "read_manifest", "reader_for"]

_BY_NAME: dict[str, Reader] = {
    "package.json": javascript.read_package_json,
    "package-lock.json": javascript.read_package_lock,
    "npm-shrinkwrap.json": javascript.read_package_lock,
    "yarn.lock": javascript.read_yarn_lock,
    "pnpm-lock.yaml": javascript.read_pnpm_lock,
    "composer.json": php.read_composer_json,
    "composer.lock": php.read_composer_lock,
    "go.mod": read_go_mod,
    "Cargo.toml": rust.read_cargo_toml,
    "Cargo.lock": rust.read_cargo_lock,
    "Gemfile.lock": ruby.read_gemfile_lock,
    "gems.locked": ruby.read_gemfile_lock,
    "pyproject.toml": python.read_pyproject,
    "poetry.lock": python.read_poetry_lock,
    "uv.lock": python.read_uv_lock,
    "Pipfile.lock": python.read_pipfile_lock,
}

# requirements.txt, requirements-dev.txt, requirements_test.txt, dev-requirements.txt…
_REQUIREMENTS = re.compile(r"(?:[\w.-]+[-_])?requirements(?:[-_.][\w.-]*)?\.txt")


def reader_for(file_name: str) -> Reader | None:
    """The reader for a file's base name (package.json, requirements-dev.txt, …), or None.

    Given a relative path, its folders are looked at too: vendored metadata is known by its
    place (node_modules/x/package.json, composer/installed.json, x.dist-info/METADATA), and
    any .txt file under a requirements/ folder is a requirements file.
    """
    path = PurePosixPath(file_name)
    name, folders = path.name, path.parent.parts
    if name == "package.json" and "node_modules" in folders:
        return vendored.read_node_module
    if name in _BY_NAME:
        return _BY_NAME[name]
    if _REQUIREMENTS.fullmatch(name) or (
        folders[-1:] == ("requirements",) and path.suffix == ".txt"
    ):
        return python.read_requirements
    if name == "installed.json" and folders[-1:] == ("composer",):
        return vendored.read_installed_json
    if name == "METADATA" and folders and folders[-1].endswith(".dist-info"):
        return vendored.read_python_metadata
    if name == "PKG-INFO" and folders and folders[-1].endswith(".egg-info"):
        return vendored.read_python_metadata
    return None


def read_manifest(path: str, text: str) -> ManifestReading:
    """Read the manifest at ``path`` (relative, POSIX; shown in evidence) whose content is
    ``text``. Raises SourceError when no reader knows the file or the file is malformed."""
    reader = reader_for(path)
    if reader is None:
        raise SourceError(f"{path}: not a manifest reciprocity can read")
    return reader(path, unbom(text))
