"""A licence or code social as JSON: the model, field for field, with a type on each node.

This is the exact, typed model a program can rely on (and the golden form the tests compare).
Positions are left out; amounts and rates are strings so no float ever rounds them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

from reciprocity import model as m

SCHEMA = "reciprocity/licence/1"

_UNTYPED = (m.Metadata,)
_SKIPPED_FIELDS = {"pos"}


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def to_data(value: object) -> Any:
    """Turn a model value into JSON-ready data."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, tuple):
        return [to_data(v) for v in value]
    if isinstance(value, m.Text):
        return value.value
    if isinstance(value, m.Name | m.Symbol):
        return value.name
    if isinstance(value, m.LicenceRef):
        return value.id
    if dataclasses.is_dataclass(value):
        data: dict[str, Any] = {}
        if not isinstance(value, _UNTYPED):
            data["type"] = _kebab(type(value).__name__)
        for field in dataclasses.fields(value):
            if field.name in _SKIPPED_FIELDS:
                continue
            data[field.name.replace("_", "-")] = to_data(getattr(value, field.name))
        return data
    raise TypeError(f"cannot export {value!r}")


def render(document: m.Document) -> str:
    """Render a document as indented, key-sorted JSON with a trailing newline."""
    data = {"schema": SCHEMA, "document": to_data(document)}
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
