"""Licences stated file by file: ``SPDX-License-Identifier`` headers, ``REUSE.toml`` and dep5.

These say which licence governs single files, where a licence file governs a whole tree. The
readers return raw statements; the scan turns them into components.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass

from reciprocity.errors import SourceError

HEAD_BYTES = 8192
"""How much of each file is searched for a header: REUSE puts them in the first comment."""
HEAD_LINES = 50
"""Past this line an identifier is more likely a string in code (a test's fixture) than a header."""

_HEADER = re.compile(
    rb"[ \t]*(?:#+|//+|/\*+|\*+|--+|;+|%+|<!--|\{#|\{\{!--|\.\.|rem\b|::)?[ \t]*"
    rb"SPDX-License-Identifier:[ \t]*([A-Za-z0-9.+:() \t-]+?)[ \t]*"
    rb"(?:\*+/|-->|#\}|--\}\}|\"\"\"|''')?[ \t]*\r?",
)
MARKER = b"SPDX-License-Identifier"


@dataclass(frozen=True)
class Statement:
    """One statement that some files are under a licence."""

    path: str
    """The file that makes the statement (a source file, REUSE.toml, dep5)."""
    line: int
    column: int
    expression: str
    """As written."""
    text: str
    """The line that makes it, stripped."""
    covers: tuple[str, ...]
    """The files it governs, relative to the scanned root."""
    kind: str
    """spdx-header, reuse-toml or dep5."""


def header_statements(path: str, head: bytes) -> list[Statement]:
    """The ``SPDX-License-Identifier`` lines in the first bytes of a file."""
    if MARKER not in head:
        return []
    # A REUSE sidecar ("logo.png.license") speaks for the file it is named after.
    governed = path[: -len(".license")] if path.endswith(".license") else path
    statements = []
    at = head.find(MARKER)
    while at >= 0:
        # Only the line holding the marker is matched: most of the head is code.
        start = head.rfind(b"\n", 0, at) + 1
        end = head.find(b"\n", at)
        end = len(head) if end < 0 else end
        line = head.count(b"\n", 0, start) + 1
        if line > HEAD_LINES:
            break
        match = _HEADER.fullmatch(head, start, end)
        if match is not None and match.group(1).strip():
            expression = match.group(1).decode("ascii").strip()
            column = match.start(1) - start + 1
            text = head[start:end].decode("utf-8", "replace").strip()
            statements.append(
                Statement(path, line, column, expression, text, (governed,), "spdx-header")
            )
        at = head.find(MARKER, end)
    return statements


def reuse_toml_statements(path: str, text: str, files: Iterable[str]) -> list[Statement]:
    """The annotations of a ``REUSE.toml``: globs relative to its folder, each with a licence."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SourceError(f"{path}: invalid TOML: {error}") from error
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    candidates = [f for f in files if f.startswith(folder)]
    statements = []
    cursor = 0
    annotations = data.get("annotations", [])
    if not isinstance(annotations, list):
        raise SourceError(f"{path}: 'annotations' must be an array of tables ([[annotations]])")
    for annotation in annotations:
        if not isinstance(annotation, dict):
            continue
        expression = annotation.get("SPDX-License-Identifier")
        patterns = annotation.get("path", [])
        if isinstance(patterns, str):
            patterns = [patterns]
        if not isinstance(expression, str) or not isinstance(patterns, list):
            continue
        index = text.find("SPDX-License-Identifier", cursor)
        line = text.count("\n", 0, index) + 1 if index >= 0 else 0
        cursor = index + 1 if index >= 0 else cursor
        regexes = [_reuse_glob(str(p)) for p in patterns]
        covers = tuple(f for f in candidates if any(r.fullmatch(f[len(folder) :]) for r in regexes))
        statements.append(
            Statement(
                path,
                line,
                1,
                expression,
                _line(text, line),
                covers,
                "reuse-toml",
            )
        )
    return statements


def dep5_statements(path: str, text: str, files: Iterable[str]) -> list[Statement]:
    """The ``Files:``/``License:`` paragraphs of a machine-readable Debian copyright file."""
    if not text.lstrip().startswith("Format:"):
        return []
    listing = list(files)
    statements = []
    offset = 0
    for paragraph in re.split(r"\n[ \t]*\n", text):
        start_line = text.count("\n", 0, text.find(paragraph, offset)) + 1
        offset = text.find(paragraph, offset) + len(paragraph)
        fields = _dep5_fields(paragraph)
        if "files" not in fields or "license" not in fields:
            continue
        licence_value, licence_line = fields["license"]
        # The first line of a License field is the expression; the rest is the licence text.
        expression = licence_value.split("\n", 1)[0].strip()
        if not expression:
            continue
        regexes = [_dep5_glob(p) for p in fields["files"][0].split()]
        covers = tuple(f for f in listing if any(r.fullmatch(f) for r in regexes))
        line = start_line + licence_line
        statements.append(
            Statement(
                path,
                line,
                1,
                _dep5_expression(expression),
                _line(text, line),
                covers,
                "dep5",
            )
        )
    return statements


def _dep5_fields(paragraph: str) -> dict[str, tuple[str, int]]:
    fields: dict[str, tuple[str, int]] = {}
    current = ""
    for number, raw in enumerate(paragraph.split("\n")):
        if raw[:1] in (" ", "\t") and current:
            value, at = fields[current]
            fields[current] = (value + "\n" + raw.strip(), at)
            continue
        name, sep, value = raw.partition(":")
        if sep:
            current = name.strip().casefold()
            fields[current] = (value.strip(), number)
    return fields


def _dep5_expression(expression: str) -> str:
    # Debian writes choices with "or", conjunctions with "and", both lower case.
    return re.sub(r"\s+(or|and)\s+", lambda m: f" {m.group(1).upper()} ", expression)


def _line(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def _reuse_glob(pattern: str) -> re.Pattern[str]:
    """REUSE.toml globs: ``*`` within a folder, ``**`` across folders, ``\\*`` a literal star."""
    out = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("\\*", index):
            out.append(re.escape("*"))
            index += 2
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif pattern[index] == "*":
            out.append("[^/]*")
            index += 1
        else:
            out.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(out))


def _dep5_glob(pattern: str) -> re.Pattern[str]:
    """dep5 globs: ``*`` matches any run of characters, slashes included; ``?`` one."""
    return re.compile(
        "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    )
