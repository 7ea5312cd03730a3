"""What the manifest readers share: their results, parsing with located errors, and finding
the line where a key is written (the parsers give values, not positions)."""

from __future__ import annotations

import bisect
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from reciprocity.errors import SourceError
from reciprocity.inventory import Dependency

T = TypeVar("T")

MAX_TEXT = 200
"""Longest line text kept: a minified lockfile is one line, and every dependency copies it."""

DEV_WORDS = frozenset(
    "dev devel develop development test tests testing lint linting docs doc documentation "
    "typing mypy coverage ci qa style format".split()
)


@dataclass(frozen=True)
class ProjectLicence:
    """What a manifest says about the project it describes."""

    name: str | None
    version: str | None
    licence: str | None
    """As written (an SPDX expression or free text); None when the manifest names none."""
    manifest: str
    line: int
    """Line of the licence field, or of the name when there is no licence."""
    text: str


@dataclass(frozen=True)
class ManifestReading:
    """The dependencies a manifest names, in file order, and its own project if it has one."""

    dependencies: tuple[Dependency, ...]
    project: ProjectLicence | None = None


Reader = Callable[[str, str], ManifestReading]


def reading(
    dependencies: Iterable[Dependency], project: ProjectLicence | None = None
) -> ManifestReading:
    """A reading with the dependencies in file order, whichever order the sections were read."""
    return ManifestReading(tuple(sorted(dependencies, key=lambda d: (d.line, d.column))), project)


def looks_dev(name: str) -> bool:
    """Whether a group, extra or file name says it is only for developing the project."""
    return any(word in DEV_WORDS for word in re.split(r"[^a-z]+", name.lower()))


def choice(licences: Iterable[str]) -> str | None:
    """Join the licences of an npm or Composer array with OR: such arrays let the user pick
    any one of them. Items with spaces (expressions, free text) are bracketed so that OR binds
    as meant."""
    names = [name.strip() for name in licences if name.strip()]
    if not names:
        return None
    if len(names) == 1:
        return names[0]
    return " OR ".join(f"({name})" if " " in name else name for name in names)


def dev_only(
    production: Iterable[str], development: Iterable[str], edges: Mapping[str, Iterable[str]]
) -> set[str]:
    """The nodes reachable from the development roots but not from the production ones."""

    def reach(roots: Iterable[str]) -> set[str]:
        seen: set[str] = set()
        stack = list(roots)
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))
        return seen

    return reach(development) - reach(production)


class TextIndex:
    """A file's text, to turn offsets into line, column and the text of the line."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def line_text(self, line: int) -> str:
        """The line, stripped, cut to MAX_TEXT characters."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        stripped = self.text[start:end].strip()
        return stripped if len(stripped) <= MAX_TEXT else stripped[: MAX_TEXT - 1] + "…"

    def lines(self, start: int = 0, end: int | None = None) -> Iterable[tuple[int, str]]:
        """(offset, text without its end of line) of each line that starts in [start, end)."""
        stop = len(self.text) if end is None else end
        first = bisect.bisect_left(self.starts, start)
        for index in range(first, len(self.starts)):
            begin = self.starts[index]
            if begin >= stop or (begin == len(self.text) and index > 0):
                return
            after = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
            yield begin, self.text[begin:after].rstrip("\r\n")

    def error(self, message: str, offset: int | None = None) -> SourceError:
        """A SourceError located at an offset (or at the file when there is none)."""
        if offset is None:
            return SourceError(f"{self.path}: {message}")
        line, column = self.position(offset)
        return SourceError(f"{self.path}:{line}:{column}: {message}")

    MAPPING = "a mapping"
    """What the format calls a mapping, for messages."""

    def expect(self, value: object, kind: type[T], offset: int, what: str) -> T:
        """The value if it has the kind the format requires there, else a SourceError."""
        if isinstance(value, kind):
            return value
        nouns: dict[type, str] = {dict: self.MAPPING, list: "a list", str: "a string"}
        raise self.error(f"{what} is not {nouns.get(kind, kind.__name__)}", offset)

    def dependency(
        self,
        ecosystem: str,
        name: str,
        version: str | None,
        offset: int,
        *,
        licence: str | None = None,
        direct: bool = True,
        development: bool = False,
    ) -> Dependency:
        """A dependency named at an offset of this file."""
        line, column = self.position(offset)
        return Dependency(
            ecosystem=ecosystem,
            name=name,
            version=version,
            licence=licence,
            manifest=self.path,
            line=line,
            column=column,
            text=self.line_text(line),
            direct=direct,
            development=development,
        )

    def project(
        self, name: str | None, version: str | None, licence: str | None, offset: int
    ) -> ProjectLicence:
        """The project this file describes, its licence field at an offset."""
        line, _ = self.position(offset)
        return ProjectLicence(name, version, licence, self.path, line, self.line_text(line))


# ---- JSON ----------------------------------------------------------------------------------

_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\],]')
_COLON = re.compile(r"\s*:\s*")
_SPACE = re.compile(r"\s*")


class Member(NamedTuple):
    """Where a member of a JSON object is written."""

    key: int
    """Offset of the key's opening quote."""
    value: int
    """Offset of the value's first character."""


def member(where: Mapping[str, Member], key: str, fallback: int) -> Member:
    """Where ``key`` is written, or ``fallback`` for both offsets if it could not be found."""
    return where.get(key) or Member(fallback, fallback)


class JsonDocument(TextIndex):
    """A parsed JSON file that can say where the members of its objects are written.

    Offsets are found with one regular-expression pass over an object's text, so a lockfile
    with thousands of packages is walked a couple of times, never once per package.
    """

    MAPPING = "an object"

    def __init__(self, path: str, text: str) -> None:
        super().__init__(path, text)
        try:
            self.data: object = json.loads(text)
        except json.JSONDecodeError as error:
            message = f"{path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}"
            raise SourceError(message) from None
        except RecursionError:
            raise self.error("invalid JSON: nested too deeply") from None
        match = _SPACE.match(text)
        self.root = match.end() if match else 0

    def members(self, start: int) -> dict[str, Member]:
        """The members of the object whose "{" is at ``start``, by key (the last of duplicates,
        as for the parsed value)."""
        found: dict[str, Member] = {}
        text = self.text
        if not text.startswith("{", start):
            return found
        depth = 0
        for token in _JSON_TOKEN.finditer(text, start + 1):
            first = text[token.start()]
            if first == '"':
                if depth == 0:
                    colon = _COLON.match(text, token.end())
                    if colon is not None:
                        raw = token.group()
                        key = raw[1:-1] if "\\" not in raw else str(json.loads(raw))
                        found[key] = Member(token.start(), colon.end())
            elif first in "{[":
                depth += 1
            elif first in "}]":
                if depth == 0:
                    break
                depth -= 1
        return found

    def elements(self, start: int) -> list[int]:
        """The offset of each element of the array whose "[" is at ``start``."""
        text = self.text
        if not text.startswith("[", start):
            return []
        first = _SPACE.match(text, start + 1)
        assert first is not None
        if text.startswith("]", first.end()):
            return []
        offsets = [first.end()]
        depth = 0
        for token in _JSON_TOKEN.finditer(text, start + 1):
            kind = text[token.start()]
            if kind in "{[":
                depth += 1
            elif kind in "}]":
                if depth == 0:
                    break
                depth -= 1
            elif kind == "," and depth == 0:
                after = _SPACE.match(text, token.end())
                assert after is not None
                offsets.append(after.end())
        return offsets

    def object_at(self, value: object, offset: int, what: str) -> dict[str, object]:
        """A JSON object, or a SourceError naming ``what``."""
        return self.expect(value, dict, offset, what)

    def section_entries(
        self, sections: Iterable[tuple[str, bool]]
    ) -> Iterable[tuple[str, object, int, bool]]:
        """The members of the top-level objects named by ``sections`` ("dependencies",
        "require-dev"…), each as (name, value, offset of its key, development)."""
        data = self.object_at(self.data, self.root, self.path)
        top = self.members(self.root)
        for section, development in sections:
            if section not in data:
                continue
            at = member(top, section, self.root).value
            entries = self.object_at(data[section], at, f'"{section}"')
            where = self.members(at)
            for name, value in entries.items():
                yield name, value, member(where, name, at).key, development


# ---- TOML ----------------------------------------------------------------------------------

_TOML_KEY = r"""(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)"""
_TOML_HEADER = re.compile(
    rf"[ \t]*(\[\[?)[ \t]*({_TOML_KEY}(?:[ \t]*\.[ \t]*{_TOML_KEY})*)[ \t]*\]\]?[ \t]*(?:#.*)?"
)
_TOML_PART = re.compile(_TOML_KEY)
_TOML_KEY_LINE = re.compile(rf"[ \t]*({_TOML_KEY})[ \t]*[=.]")
_TOML_WHERE = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")


def _unquote(part: str) -> str:
    if part.startswith('"'):
        try:
            return str(json.loads(part))
        except ValueError:
            return part[1:-1]
    if part.startswith("'"):
        return part[1:-1]
    return part


class _Table(NamedTuple):
    header: int
    body: int
    end: int


class TomlDocument(TextIndex):
    """A parsed TOML file that can say where its tables and keys are written.

    Table headers are indexed in one pass over the lines; keys are then looked for only in
    the body of their table.
    """

    MAPPING = "a table"

    def __init__(self, path: str, text: str) -> None:
        super().__init__(path, text)
        try:
            self.data: dict[str, object] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise self._located(str(error)) from None
        except RecursionError:
            raise self.error("invalid TOML: nested too deeply") from None
        self._tables: dict[tuple[str, ...], _Table] = {}
        self._arrays: dict[tuple[str, ...], list[_Table]] = {}
        self._index()

    def _located(self, message: str) -> SourceError:
        where = _TOML_WHERE.search(message)
        if where is None:
            return self.error(f"invalid TOML: {message}")
        clause = message[: where.start()]
        if where.group(1):
            line, column = int(where.group(1)), int(where.group(2))
            return SourceError(f"{self.path}:{line}:{column}: invalid TOML: {clause}")
        return self.error(f"invalid TOML: {clause}", len(self.text))

    def _index(self) -> None:
        headers: list[tuple[tuple[str, ...], bool, int, int]] = []
        in_string = False
        for offset, line in self.lines():
            # A header-like line inside a multi-line string is text, not a table.
            if line.count('"""') % 2 or line.count("'''") % 2:
                in_string = not in_string
                continue
            if in_string or not line.lstrip().startswith("["):
                continue
            match = _TOML_HEADER.fullmatch(line)
            if match is not None:
                path = tuple(_unquote(p) for p in _TOML_PART.findall(match.group(2)))
                body = offset + len(line)
                headers.append((path, match.group(1) == "[[", offset + line.index("["), body))
        starts = [header for _, _, header, _ in headers] + [len(self.text)]
        self._tables[()] = _Table(0, 0, starts[0])
        for (path, array, header, body), end in zip(headers, starts[1:], strict=True):
            table = _Table(header, body, end)
            if array:
                self._arrays.setdefault(path, []).append(table)
            else:
                self._tables.setdefault(path, table)

    def key(self, table: tuple[str, ...], key: str) -> int | None:
        """Offset of the first line of ``table``'s body that sets ``key`` (plainly or dotted)."""
        span = self._tables.get(table)
        return None if span is None else self._key_in(span, key)

    def _key_in(self, span: _Table, key: str) -> int | None:
        for offset, line in self.lines(span.body, span.end):
            match = _TOML_KEY_LINE.match(line)
            if match is not None and _unquote(match.group(1)) == key:
                return offset + match.start(1)
        return None

    def locate(self, *path: str) -> int:
        """Where the value at ``path`` is written: its key, its own header, or failing that the
        nearest enclosing key or header (0 when nothing is found)."""
        for size in range(len(path), 0, -1):
            found = self.key(path[: size - 1], path[size - 1])
            if found is None and path[:size] in self._tables:
                found = self._tables[path[:size]].header
            if found is not None:
                return found
        return 0

    def array_keys(self, path: tuple[str, ...], count: int, key: str) -> list[int]:
        """For each of the ``count`` tables of the array of tables ``path``, the offset of
        ``key`` in it (its header when the key is not found)."""
        tables = self._arrays.get(path, [])
        if len(tables) != count:
            # Written some other way (inline arrays): point at the array as a whole.
            return [self.locate(*path)] * count
        offsets = []
        for table in tables:
            found = self._key_in(table, key)
            offsets.append(table.header if found is None else found)
        return offsets

    def string(self, value: str, start: int) -> int | None:
        """Offset of the next string literal equal to ``value`` after ``start``."""
        found = [self.text.find(f"{quote}{value}{quote}", start) for quote in "\"'"]
        hits = [offset for offset in found if offset >= 0]
        return min(hits) if hits else None

    def table_at(self, value: object, path: tuple[str, ...]) -> dict[str, object]:
        """A TOML table at ``path``, or a SourceError."""
        return self.expect(value, dict, self.locate(*path), f"[{'.'.join(path)}]")


def unbom(text: str) -> str:
    """The text without the byte-order mark some Windows editors put first."""
    return text[1:] if text.startswith("\ufeff") else text
