"""Strategies that damage real files a little, so that fuzzed input gets past the lexer.

Random characters rarely make a valid first token; a real licence or declaration with a slice
deleted, repeated, swapped or replaced by a real token reaches the parser's later states, the
semantic pass and the loader's typing, where the interesting faults are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import strategies as st

# Texts, comments, runs of blanks, words (ids, numbers, dates) and single characters: joined
# back they give the file unchanged.
_PIECE = re.compile(r'"(?:[^"\\]|\\.)*"|#[^\n]*|\s+|[A-Za-z0-9_.+-]+|.', re.DOTALL)

OPERATIONS = ("delete", "duplicate", "insert", "replace", "swap", "cut-short", "reword")


def pieces(text: str) -> list[str]:
    """Split ``text`` into the pieces a mutation moves around."""
    return _PIECE.findall(text)


@st.composite
def mutated(
    draw: st.DrawFn,
    sources: Sequence[str],
    pool: Sequence[str],
    max_mutations: int = 4,
    operations: Sequence[str] = OPERATIONS,
) -> str:
    """One of ``sources``, with a few of its pieces deleted, repeated, swapped or replaced.

    ``operations`` limits the damage: ``("reword",)`` only puts a word of ``pool`` in place of
    a number or of another word of ``pool``, which keeps the grammar most often and so reaches
    the semantic checks.
    """
    parts = pieces(draw(st.sampled_from(sources)))
    inserted = st.sampled_from(pool) | st.text(max_size=8)
    replacements = [token for token in pool if token[:1].isalnum()]
    known = set(replacements)
    for _ in range(draw(st.integers(1, max_mutations))):
        operation = draw(st.sampled_from(operations))
        start = draw(st.integers(0, len(parts)))
        end = draw(st.integers(start, min(len(parts), start + 12)))
        if operation == "delete":
            del parts[start:end]
        elif operation == "duplicate":
            parts[start:start] = parts[start:end]
        elif operation == "insert":
            parts[start:start] = [" ", draw(inserted), " "]
        elif operation == "replace":
            parts[start:end] = [draw(inserted)]
        elif operation == "swap" and end < len(parts):
            parts[start], parts[end] = parts[end], parts[start]
        elif operation == "cut-short":
            del parts[start:]
        elif operation == "reword":
            words = [i for i, part in enumerate(parts) if part in known or part[:1].isdigit()]
            if words and replacements:
                index = words[draw(st.integers(0, len(words) - 1))]
                parts[index] = draw(st.sampled_from(replacements))
    return "".join(parts)


def glued(pool: Sequence[str], max_size: int = 40) -> st.SearchStrategy[str]:
    """Real tokens in a random order, separated by blanks or by nothing."""
    return st.lists(
        st.tuples(st.sampled_from(pool), st.sampled_from((" ", "\n", "", "  "))),
        max_size=max_size,
    ).map(lambda items: "".join(token + gap for token, gap in items))
