"""The one module that imports jsonschema: a declaration checked against its shipped schema.

jsonschema's own messages speak of schemas (``'x' is not valid under any of the given
schemas``); each error is reworded here for someone editing a YAML file, with the schema's
description of the field as the hint.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from reciprocity.errors import Severity, quoted

SCHEMA_FILE = "reciprocity.schema.json"

FieldPath = tuple[str | int, ...]

_NO_HINT = "compare with the declaration `reciprocity init` writes"


@dataclass(frozen=True)
class Violation:
    """One place where a declaration departs from the schema."""

    path: FieldPath
    """Where the faulty value is."""
    message: str
    hint: str
    severity: Severity = Severity.ERROR
    at_key: bool = False
    """Point at the key rather than its value (an unknown field)."""


@functools.cache
def schema() -> dict[str, Any]:
    """Return the declaration schema shipped in the package."""
    text = (resources.files("reciprocity.declaration") / SCHEMA_FILE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


def field_path_text(path: FieldPath) -> str:
    """Write a path the way users read it: ``uses[0].prestations[1].amount``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def validate(value: object) -> list[Violation]:
    """Return every violation of the schema, in document order of their paths."""
    # Parts of the schema without a description would leave a fault with no help at all.
    violations = [
        v if v.hint else dataclasses.replace(v, hint=_NO_HINT)
        for v in (_reword(error) for error in _validator().iter_errors(value))
    ]
    unique = {(v.path, v.message): v for v in violations}
    return sorted(unique.values(), key=lambda v: [str(p) for p in v.path])


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{quoted(value)}'" if isinstance(value, str) else quoted(str(value))


def _description(error: Any) -> str:
    described = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
    return str(described)


def _reword(error: Any) -> Violation:
    path: FieldPath = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    hint = _description(error)
    if kind == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        extra = sorted(set(value) - set(known)) if isinstance(value, dict) else []
        name = extra[0] if extra else "?"
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        nearest = (
            f"did you mean '{close[0]}'?" if close else f"the fields here are: {', '.join(known)}"
        )
        return Violation(
            (*path, name),
            f"unknown field {_shown(name)}, ignored",
            nearest,
            Severity.WARNING,
            at_key=True,
        )
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        described = error.schema.get("properties", {}).get(missing, {}).get("description", "")
        return Violation(path, f"missing field '{missing}'", described or f"add '{missing}'")
    if kind == "enum":
        allowed = [str(a) for a in error.validator_value]
        close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
        return Violation(
            path,
            f"{_shown(value)} is not a valid value",
            f"did you mean '{close[0]}'?" if close else f"write one of: {', '.join(allowed)}",
        )
    if kind == "const":
        return Violation(path, f"{_shown(value)} is not supported", hint)
    if kind in ("oneOf", "anyOf") and isinstance(value, dict) and error.context:
        # Written as a mapping: the branch for mappings says what is wrong inside it.
        from jsonschema.exceptions import best_match

        inner = best_match(e for e in error.context if e.validator != "type")
        if inner is not None and inner.absolute_path:
            return _reword(inner)
    if kind in ("oneOf", "anyOf", "pattern", "format"):
        what = _what(hint)
        return Violation(path, f"{_shown(value)} is not {what}", _write_it(hint))
    if kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, str) else expected[0]
        names = {
            "integer": "a whole number",
            "number": "a number",
            "string": "a text",
            "boolean": "true or false",
            "object": "a mapping of fields",
            "array": "a list",
        }
        if value is None:
            return Violation(
                path, f"the field is empty where {names.get(expected, expected)} is wanted", hint
            )
        if expected == "array" and not isinstance(value, dict | list):
            # A single value where a list is wanted: the fix is two brackets.
            hint = f"write a list: [{quoted(str(value))}]"
        wanted = names.get(expected, expected)
        return Violation(path, f"{_shown(value)} is not {wanted}", hint or f"write {wanted} here")
    if kind in ("minimum", "exclusiveMinimum"):
        return Violation(path, f"{_shown(value)} is negative", "write 0 or more")
    if kind == "maximum":
        return Violation(path, f"{_shown(value)} is too large", hint)
    if kind == "minItems":
        return Violation(path, "the list is empty", hint)
    if kind == "uniqueItems":
        return Violation(path, "the list repeats a value", "write each value once")
    if kind == "minLength":
        return Violation(path, "the text is empty", hint or "write the text, or remove the line")
    if kind == "propertyNames":
        return Violation(path, f"{_shown(value)} is not a currency code", "write codes like USD")
    return Violation(path, error.message, hint)


def _what(description: str) -> str:
    """``An amount of money: `30000 EUR`...`` gives ``an amount of money``."""
    head = description.split(":", 1)[0].split(",", 1)[0].strip().rstrip(".")
    if not head:
        return "valid here"
    return head[0].lower() + head[1:]


def _write_it(description: str) -> str:
    if ":" in description:
        return "write " + description.split(":", 1)[1].strip().rstrip(".")
    return description
