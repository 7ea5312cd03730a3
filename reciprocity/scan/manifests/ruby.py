"""Ruby: Gemfile.lock (and gems.locked). Bundler records no licences there."""

from __future__ import annotations

import re

from reciprocity.scan.manifests._common import ManifestReading, TextIndex, reading

ECOSYSTEM = "gem"

_SPEC = re.compile(r"(\S+) \(([^)]+)\)")
_SOURCES = ("GEM", "GIT", "PLUGIN SOURCE")
"""Sections whose specs are fetched gems; PATH specs are folders of the project itself."""


def read_gemfile_lock(path: str, text: str) -> ManifestReading:
    """Gemfile.lock: the gems under each source's specs, direct when DEPENDENCIES names them."""
    index = TextIndex(path, text)
    section = ""
    in_specs = False
    specs: list[tuple[str, str, int]] = []
    direct: set[str] = set()
    for offset, line in index.lines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent == 0:
            section, in_specs = line.strip(), False
            continue
        stripped = line.strip()
        if section == "DEPENDENCIES" and indent == 2:
            # "rails (~> 7.1)", or "mygem!" when the gem comes from a git or path source.
            direct.add(stripped.split(" ", 1)[0].removesuffix("!"))
        elif section in _SOURCES and indent == 2:
            in_specs = stripped == "specs:"
        elif section in _SOURCES and in_specs and indent == 4:
            match = _SPEC.fullmatch(stripped)
            if match is None:
                raise index.error("expected 'name (version)'", offset + indent)
            specs.append((match.group(1), match.group(2), offset + indent))
    dependencies = []
    seen: set[tuple[str, str]] = set()
    for name, locked, offset in specs:
        # A gem built for several platforms is listed once each: 1.16.2-x86_64-linux.
        version = locked.split("-", 1)[0]
        if (name, version) in seen:
            continue
        seen.add((name, version))
        dependencies.append(
            index.dependency(ECOSYSTEM, name, version, offset, direct=name in direct)
        )
    return reading(dependencies)
