"""Go: go.mod. Its module line is the project; go.mod records no licences."""

from __future__ import annotations

import re

from reciprocity.inventory import Dependency
from reciprocity.scan.manifests._common import ManifestReading, ProjectLicence, TextIndex, reading

ECOSYSTEM = "golang"

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`|\S+')
_BLOCKS = ("require", "replace", "exclude", "retract", "tool", "godebug", "ignore", "module")


def _unquote(token: str) -> str:
    return token[1:-1] if token[:1] in '"`' and len(token) >= 2 else token


def read_go_mod(path: str, text: str) -> ManifestReading:
    """go.mod: require lines and blocks; ``// indirect`` marks what only dependencies need."""
    index = TextIndex(path, text)
    dependencies: list[Dependency] = []
    project: ProjectLicence | None = None
    block: tuple[str, int] | None = None
    for offset, line in index.lines():
        code, _, comment = line.partition("//")
        # go mod tidy writes "// indirect", possibly followed by "; " and another comment.
        indirect = comment.strip().split(";")[0].strip() == "indirect"
        tokens = [(m.group(), offset + m.start()) for m in _TOKEN.finditer(code)]
        if not tokens:
            continue
        words = [token for token, _ in tokens]
        if block is not None:
            if words == [")"]:
                block = None
            elif block[0] == "require":
                dependencies.append(_require(index, tokens, indirect))
            elif block[0] == "module" and project is None:
                project = index.project(_unquote(words[0]), None, None, tokens[0][1])
            continue
        if words[0] in _BLOCKS and words[1:] == ["("]:
            block = (words[0], offset)
        elif words[0] == "module" and len(words) >= 2:
            project = index.project(_unquote(words[1]), None, None, offset)
        elif words[0] == "require":
            dependencies.append(_require(index, tokens[1:], indirect, tokens[0][1]))
    if block is not None:
        raise index.error(f"{block[0]} block is not closed", block[1])
    return reading(dependencies, project)


def _require(
    index: TextIndex, tokens: list[tuple[str, int]], indirect: bool, line: int | None = None
) -> Dependency:
    if len(tokens) != 2:
        where = tokens[0][1] if tokens else line
        raise index.error("expected a module path and a version", where)
    (module, at), (version, _) = tokens
    return index.dependency(ECOSYSTEM, _unquote(module), _unquote(version), at, direct=not indirect)
