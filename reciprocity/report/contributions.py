"""Contributions to a repository's history, as text for people and JSON for scripts.

The JSON schema is ``reciprocity/contributions/1``: keys sorted, dates ``YYYY-MM-DD`` or null,
authors sorted by address, and nothing that depends on the clock.
"""

from __future__ import annotations

import json
from typing import Any

from reciprocity.history import AuthorTotals, History

SCHEMA = "reciprocity/contributions/1"


def render_text(history: History) -> str:
    """The totals, the period, and one aligned row per author, ending with a newline."""
    out = [
        f"Contributions by {', '.join(history.identities)} ({_period(history)})",
        f"{_count(history.commits, 'commit')}, "
        f"{_count(history.added, 'line')} added, {history.removed} removed",
    ]
    if history.authors:
        header = ("author", "commits", "added", "removed")
        rows = [
            header,
            *((a.email, str(a.commits), str(a.added), str(a.removed)) for a in history.authors),
        ]
        width = [max(len(row[i]) for row in rows) for i in range(len(header))]
        out.append("")
        for email, *numbers in rows:
            cells = [email.ljust(width[0])]
            cells += [n.rjust(w) for n, w in zip(numbers, width[1:], strict=True)]
            out.append("  ".join(cells))
        out.append("")
        out.append("Merge commits count as commits but no lines; binary files count no lines.")
    return "\n".join(out) + "\n"


def render_json(history: History) -> str:
    """The history as indented JSON with sorted keys and a final newline."""
    return json.dumps(as_data(history), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def as_data(history: History) -> dict[str, Any]:
    """The history as plain data, for JSON."""
    return {
        "schema": SCHEMA,
        "identities": list(history.identities),
        "since": history.since.isoformat() if history.since else None,
        "until": history.until.isoformat() if history.until else None,
        "commits": history.commits,
        "added": history.added,
        "removed": history.removed,
        "authors": [_author(a) for a in history.authors],
    }


def _author(author: AuthorTotals) -> dict[str, Any]:
    return {
        "email": author.email,
        "commits": author.commits,
        "added": author.added,
        "removed": author.removed,
    }


def _period(history: History) -> str:
    if history.since and history.until:
        return f"from {history.since} to {history.until}"
    if history.since:
        return f"from {history.since}"
    if history.until:
        return f"until {history.until}"
    return "whole history"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
