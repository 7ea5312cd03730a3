"""The inventory as JSON (schema ``reciprocity/inventory/1``): what scripts read from a scan.

Keys are sorted, paths relative and POSIX, and nothing depends on the clock, so two scans of
the same tree give the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from reciprocity.inventory import (
    MODIFIED_PREFIX,
    UNKNOWN,
    Component,
    Evidence,
    Inventory,
    Problem,
)

SCHEMA = "reciprocity/inventory/1"


def render(inventory: Inventory) -> str:
    """Return the inventory as indented JSON with a final newline."""
    return json.dumps(as_data(inventory), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def as_data(inventory: Inventory) -> dict[str, Any]:
    """The inventory as plain data."""
    components = [component_data(c) for c in inventory.components]
    return {
        "schema": SCHEMA,
        "root": inventory.root,
        "walker": inventory.walker,
        "files": inventory.files_seen,
        "components": components,
        "problems": [_problem(p) for p in inventory.problems],
        "summary": {
            "components": len(components),
            "reciprocity": sum(1 for c in inventory.components if c.choice is not None),
            "binding": sum(1 for c in inventory.components if c.choice and c.choice.binds),
            "modified": sum(1 for c in inventory.components if MODIFIED_PREFIX in c.licence),
            "unknown": sum(1 for c in inventory.components if c.licence == UNKNOWN),
            "problems": len(inventory.problems),
        },
    }


def component_data(component: Component) -> dict[str, Any]:
    """One component as plain data, as in the inventory and the check report."""
    choice = component.choice
    return {
        "name": component.name,
        "version": component.version,
        "licence": component.licence,
        "scope": component.scope,
        "scope_kind": component.scope_kind.value,
        "source": component.source.value,
        "ecosystem": component.ecosystem,
        "purl": component.purl,
        "development": component.development,
        "reciprocity": None
        if choice is None
        else {
            "licences": list(choice.reciprocity),
            "binds": choice.binds,
            "binding": list(choice.binding),
            "avoided_by": choice.avoided_by,
            "alternatives": [list(a) for a in choice.alternatives],
        },
        "evidence": [_evidence(e) for e in component.evidence],
    }


def _evidence(evidence: Evidence) -> dict[str, Any]:
    return {
        "path": evidence.path,
        "line": evidence.line,
        "column": evidence.column,
        "text": evidence.text,
        "confidence": round(evidence.confidence, 4),
        "note": evidence.note,
        "kind": evidence.kind,
    }


def _problem(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "line": problem.line, "message": problem.message}
