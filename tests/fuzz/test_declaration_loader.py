"""Whatever a declaration holds, the loader gives a Declaration or a located DeclarationError.

Random text, real declarations with slices damaged, YAML built from the schema's own field
names with values of every type, and raw YAML scalars the schema never thought of (``0x_``,
``1:30``, ``.nan``, a date with a line break) all go through the loader; anything but a
:class:`Declaration` or one of our errors fails. Set ``RECIPROCITY_FUZZ_EXAMPLES`` for a longer
hunt (see ``tests/fuzz/__init__.py``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from reciprocity.declaration import Declaration, load_declaration, parse_declaration
from reciprocity.declaration.validation import schema
from reciprocity.errors import DeclarationError, ReciprocityError, SourceError
from tests.conftest import DATA
from tests.fuzz import fuzz_settings
from tests.fuzz.checks import assert_explained, outcome
from tests.fuzz.mutation import glued, mutated

ROOT = DATA.parent.parent
SOURCES = [
    path.read_text(encoding="utf-8")
    for path in (
        ROOT / "examples" / "coopcycle" / "platform" / "reciprocity.yml",
        ROOT / "examples" / "coopcycle" / "cooperative" / "reciprocity.yml",
        DATA / "reports" / "acme" / "reciprocity.yml",
    )
]
SCHEMA = schema()


def _field_names(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                yield from value
            yield from _field_names(value)
    elif isinstance(node, list):
        for item in node:
            yield from _field_names(item)


def _enum_values(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "enum":
                yield from (str(v) for v in value)
            else:
                yield from _enum_values(value)
    elif isinstance(node, list):
        for item in node:
            yield from _enum_values(item)


FIELDS = sorted(set(_field_names(SCHEMA)))
# YAML scalars that resolve to a surprising type or none: PyYAML's YAML 1.1 integers and
# floats (binary, octal, hexadecimal, base 60, underscores), its timestamps and booleans,
# and texts that only look like dates or amounts.
ODD_SCALARS = [
    *"0b_ 0x_ 0o7 0b101 0x1F 017 08 1_000 1__0 190:20:30 1:30.5 1.5.3 ._ .inf -.inf .nan".split(),
    *"1e5 1.0e+5 1.0e+999999999 -0 +5 -5 99999999999999999999999 ~ null Null yes No on".split(),
    *"true FALSE 2026-02-30 2026-13-01 0000-01-01 9999-12-31 2026-1-1 2026-01-01T00:00:00Z".split(),
    *"[] {} [[]] *a '' \"\" ' ../../etc/passwd /etc/passwd a/../../b open-brand x.recip".split(),
    *['"\\0"', '"a\\0b"', "'\\x1b'", '"\\x1b[31m"', '"\\u2028"', "C:\\\\x", "9" * 5000],
    *["2026-01-01 10:00:00", '"2026-01-01\\n"', "|\n  x\n", '"5 EUR\\n"', "{a: }", "&a 5"],
    *["5 EUR", "5 XXX", "0 EUR", "-5 EUR", "5  EUR", "5\u00a0EUR", "1,5 EUR", "? a", "- a"],
    *["!!binary aGk=", "!!str 5", "!!int x", "!!float 1", "!!set {a}", "!!omap [a: 1]"],
    *["!!timestamp 2026-01-01", "<<: {a: 1}"],
]
SYNTAX = ["\n", "\n  ", "\n    - ", ": ", "- ", "{", "}", "[", "]", ",", "#", "---", "...", "\t"]
POOL = sorted({*FIELDS, *_enum_values(SCHEMA), *ODD_SCALARS, *SYNTAX, "1", "2026", "EUR", "USD"})


def check(text: str) -> Declaration | None:
    """Load ``text``; an error must be a located DeclarationError."""
    try:
        declaration, warnings = parse_declaration(text, source="fuzz.yml")
    except ReciprocityError as error:
        assert isinstance(error, DeclarationError), f"{type(error).__name__}: {error}"
        assert_explained(error, text, "fuzz.yml", newline_only=False)
        outcome("DeclarationError")
        return None
    outcome("valid")
    assert isinstance(declaration, Declaration)
    for warning in warnings:
        warning.render()
    return declaration


# ==== Values drawn from the schema ==========================================================


def _resolved(node: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        target = SCHEMA
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


JUNK: st.SearchStrategy[object] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(ODD_SCALARS),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(FIELDS), st.integers(), max_size=2),
)


def _spoilt(valid: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """Mostly a valid value, sometimes anything: most documents get past the schema."""
    return st.integers(0, 12).flatmap(lambda roll: JUNK if roll == 0 else valid)


def _string(node: dict[str, Any]) -> st.SearchStrategy[object]:
    pattern = node.get("pattern")
    if node.get("format") == "date":
        return st.dates().map(lambda d: d.isoformat()) | st.from_regex(str(pattern), fullmatch=True)
    if pattern is not None:
        return st.from_regex(str(pattern), fullmatch=True)
    return st.text(min_size=node.get("minLength", 0), max_size=20)


def from_schema(raw: dict[str, Any]) -> st.SearchStrategy[object]:
    """Values the part of the schema ``raw`` describes, now and then spoilt."""
    node = _resolved(raw)
    valid: st.SearchStrategy[object]
    if "const" in node:
        valid = st.just(node["const"])
    elif "enum" in node:
        valid = st.sampled_from(node["enum"])
    elif "oneOf" in node:
        valid = st.one_of([from_schema(branch) for branch in node["oneOf"]])
    elif node.get("type") == "object":
        properties = node.get("properties", {})
        required = node.get("required", [])
        valid = st.fixed_dictionaries(
            {name: from_schema(properties[name]) for name in required},
            optional={
                name: from_schema(sub) for name, sub in properties.items() if name not in required
            },
        )
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            names = node.get("propertyNames", {}).get("pattern", "^[a-z-]+$")
            valid = st.dictionaries(
                st.from_regex(names, fullmatch=True), from_schema(extra), max_size=3
            )
    elif node.get("type") == "array":
        valid = st.lists(
            from_schema(node["items"]),
            min_size=node.get("minItems", 0),
            max_size=3,
            unique_by=repr if node.get("uniqueItems") else None,
        )
    elif node.get("type") == "integer":
        valid = st.integers(node.get("minimum"), node.get("maximum"))
    elif node.get("type") == "boolean":
        valid = st.booleans()
    elif node.get("type") == "string":
        valid = _string(node)
    elif node.get("type") == ["number", "string"]:
        valid = st.integers(0, 10**12) | st.floats(0, 1e12) | _string(node)
    else:
        valid = JUNK
    return _spoilt(valid)


def _dumped(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


# ==== The tests =============================================================================


@fuzz_settings(150)
@given(st.text())
@example("")
@example("---\n---\n")
@example("\ufeffversion: 1")
def test_random_text(text: str) -> None:
    check(text)


@fuzz_settings(150)
@given(mutated(SOURCES, POOL))
def test_damaged_declarations(text: str) -> None:
    check(text)


@fuzz_settings(150)
@given(mutated(SOURCES, POOL, max_mutations=2, operations=("reword",)))
def test_odd_values_in_real_declarations(text: str) -> None:
    check(text)


@fuzz_settings(100)
@given(from_schema(SCHEMA).map(_dumped))
def test_declarations_drawn_from_the_schema(text: str) -> None:
    check(text)


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=12,
)


@fuzz_settings(120)
@given(st.dictionaries(st.sampled_from(FIELDS), YAML_VALUES, max_size=6).map(_dumped))
def test_any_yaml_under_the_schema_field_names(text: str) -> None:
    check(text)


@fuzz_settings(150)
@given(st.sampled_from(["", "version: 1\norganisation: {}\nuses:\n  - "]), glued(POOL))
def test_real_tokens_in_random_order(head: str, tokens: str) -> None:
    check(head + tokens)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "fuzz.yml"


@fuzz_settings(100)
@given(
    st.binary()
    | st.tuples(st.sampled_from(SOURCES), st.binary(max_size=4), st.integers(0, 1500)).map(
        lambda t: t[0].encode("utf-8")[: t[2]] + t[1] + t[0].encode("utf-8")[t[2] :]
    )
)
@example(b"\xef\xbb\xbfversion: 1")
@example(b"\xff\xfev\x00")
def test_random_bytes(scratch: Path, raw: bytes) -> None:
    scratch.write_bytes(raw)
    try:
        declaration, _ = load_declaration(scratch, shown="fuzz.yml")
    except DeclarationError as error:
        text = raw.decode("utf-8-sig", "replace")
        assert error.errors and all(d.message and d.hint for d in error.errors), error
        assert "fuzz.yml" in str(error), text
        return
    except SourceError as error:
        # Bytes that are no text at all (UTF-16) are refused before any line is read.
        assert str(error).startswith("fuzz.yml: ")
        return
    assert isinstance(declaration, Declaration)


@pytest.mark.parametrize(
    "text",
    [
        "{a: " * 5000 + "1" + "}" * 5000,
        "".join(f"{'  ' * i}a:\n" for i in range(3000)),
        "- " * 3000 + "a",
        "version: 1\norganisation: {}\nuses: " + "[" * 400 + "]" * 400,
        "version: 1\norganisation:\n  name: " + "x" * 500_000 + "\nuses: []\n",
        "version: 1\norganisation: {}\nuses:\n"
        + "  - {component: x, purposes: [personal]}\n" * 2000,
        "a: &a [" + ", ".join(["*a"] * 10) + "]\n",
        "version: 1\norganisation:\n  people: " + "9" * 5000 + "\nuses: []\n",
    ],
    ids=[
        "mappings",
        "indented",
        "block-lists",
        "uses",
        "long-name",
        "many-uses",
        "alias",
        "huge-count",
    ],
)
def test_deep_and_long_declarations(text: str) -> None:
    check(text)


def _composed_by(text: str, fast: bool) -> object:
    from reciprocity import yamlio

    slow = mock.patch.object(yamlio, "_compose_fast", lambda yaml, text, source: None)
    with contextlib.nullcontext() if fast else slow:
        try:
            located = yamlio.compose_yaml(text, "fuzz.yml")
        except ReciprocityError as error:
            return str(error)
    return (located.value, located.values, located.keys)


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML without libyaml")
@fuzz_settings(150)
@given(
    text=mutated(SOURCES, POOL, max_mutations=2, operations=("reword",))
    | st.sampled_from(SOURCES).map(lambda s: s.replace("Acme", "Acmé — ☕ \U0001d538cme"))
)
def test_libyaml_composes_what_python_composes(text: str) -> None:
    """libyaml speeds up large declarations; its values and places must be PyYAML's."""
    assert _composed_by(text, fast=True) == _composed_by(text, fast=False)
