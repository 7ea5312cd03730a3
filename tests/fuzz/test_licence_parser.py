"""Whatever text reaches the licence parser, it gives a model or a located diagnostic.

Plain random text, real tokens in a random order, and bundled licences with slices deleted,
repeated or replaced all go through :func:`reciprocity.language.parse` (and random bytes
through ``read_text``); anything but a model or a :class:`ReciprocityError` fails. Set
``RECIPROCITY_FUZZ_EXAMPLES`` for a longer hunt (see ``tests/fuzz/__init__.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reciprocity import model as m
from reciprocity.catalogue import load_catalogue
from reciprocity.errors import LicenceError, LicenceSyntaxError, ReciprocityError
from reciprocity.language import parse, print_document, read_text
from reciprocity.language.parser import MAX_NESTING, licence_parser
from reciprocity.vocabulary import VOCABULARY_WORDS
from tests.conftest import DATA
from tests.fuzz import fuzz_settings
from tests.fuzz.checks import assert_explained, outcome
from tests.fuzz.mutation import glued, mutated

ROOT = DATA.parent.parent
FOLDERS = (ROOT / "licences", ROOT / "licences" / "codes-social", DATA / "licences" / "valid")
# The bundled licences open with long comments; without them, more mutations hit statements.
SOURCES = [
    "".join(
        line
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.lstrip().startswith("#")
    )
    for folder in FOLDERS
    for path in sorted(folder.glob("*.recip"))
]
CATALOGUE = load_catalogue()

KEYWORDS = sorted(
    str(t.pattern.value) for t in licence_parser().terminals if t.pattern.type == "str"
)
# Punctuation, odd characters (curly quotes, form feed, U+2028, an Arabic-Indic digit), numbers,
# amounts, dates real and not, texts closed and not, ids; then pieces with blanks in them.
VALUES = [
    *"< <= > >= != = == => { } ( ) [ ] , : % # \\ ' \u201c \u2019 \t \r \x0c \u2028".split(" "),
    *"5 0 1_000_000 4.5 007 1. -5 1e5 \u0663 99999999999999999999 EUR XXX 4% 250% 0%".split(),
    *'2026-01-31 2026-02-30 0000-00-00 9999-12-31 "" "text" "unterminated "\\'.split(),
    *"PPL BUSL-1.1 LicenseRef-X X".split(),
    *["5 EUR", "2000 USD", "5 eur", "30 days", "1 year", "0 days", "2.5 weeks", '"esc \\" aped"'],
    *["# a comment\n", "\n", "licence X {", "rule r {", "code social x for PPL {", "}"],
    "parameters p for BUSL-1.1 {",
]
POOL = sorted({*KEYWORDS, *VOCABULARY_WORDS, *VALUES})
# Words that keep the grammar where a name or a number stood: they make meaning errors.
WORDS = sorted(
    {*VOCABULARY_WORDS, "revenu", "foo", "0", "5", "101", "1.5", "0.0001", "9" * 30, "EUR", "XYZ"}
)

HEADS = st.sampled_from(
    [
        'licence X {\n  name "x"\n  url "u"\n  rule r {\n    applies to commercial\n    when ',
        "licence X {\n  ",
        'code social x for LicenseRef-Contributive-Commons {\n  name "x"\n  ',
        'parameters p for BUSL-1.1 {\n  name "p"\n  set ',
        "",
    ]
)


def check(text: str) -> m.Document | None:
    """Parse ``text``; an error must be ours, and each of its diagnostics must be located."""
    try:
        document, warnings = parse(text, source="fuzz.recip", resolve=CATALOGUE.resolve)
    except ReciprocityError as error:
        assert isinstance(error, LicenceError), f"{type(error).__name__} is not a licence error"
        assert_explained(error, text, "fuzz.recip", newline_only=True)
        outcome(type(error).__name__)
        return None
    outcome("valid")
    assert isinstance(document, m.Licence | m.Terms)
    for warning in warnings:
        warning.render()
    return document


@fuzz_settings(200)
@given(st.text())
@example("")
@example("licence")
@example("\x00")
def test_random_text(text: str) -> None:
    check(text)


@fuzz_settings(300)
@given(HEADS, glued(POOL))
def test_real_tokens_in_random_order(head: str, tokens: str) -> None:
    check(head + tokens)


@fuzz_settings(300)
@given(mutated(SOURCES, POOL))
def test_damaged_licences(text: str) -> None:
    check(text)


@fuzz_settings(200)
@given(mutated(SOURCES, WORDS, max_mutations=3, operations=("reword",)))
def test_reworded_licences(text: str) -> None:
    check(text)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "fuzz.recip"


@fuzz_settings(150)
@given(
    st.binary()
    | st.tuples(st.sampled_from(SOURCES), st.binary(max_size=4), st.integers(0, 2000)).map(
        lambda t: t[0].encode("utf-8")[: t[2]] + t[1] + t[0].encode("utf-8")[t[2] :]
    )
)
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe")
def test_random_bytes(scratch: Path, raw: bytes) -> None:
    scratch.write_bytes(raw)
    try:
        text = read_text(scratch, "fuzz.recip")
    except ReciprocityError as error:
        assert isinstance(error, LicenceError)
        assert error.errors and error.errors[0].message
        return
    check(text)


# ==== Shapes that break recursive code ======================================================

RULE = (
    'licence X {{\n  name "x"\n  url "u"\n'
    "  rule r {{\n    applies to commercial\n    when {}\n    forbidden\n  }}\n}}\n"
)


def _deepest(condition: m.Condition) -> int:
    depth = 0
    while isinstance(condition, m.Not | m.All | m.Any):
        depth += 1
        condition = condition.operand if isinstance(condition, m.Not) else condition.operands[-1]
    return depth


DEEP = {
    "not": "not " * 5000 + "ess",
    "parentheses": "(" * 5000 + "ess" + ")" * 5000,
    "not-parentheses": "not (" * 5000 + "ess" + ")" * 5000,
    "or": "(ess or " * 5000 + "ess" + ")" * 5000,
    "and-or": "(ess and (ess or " * 2500 + "ess" + "))" * 2500,
}
LONG = {
    "long-or": "ess or " * 5000 + "ess",
    "long-and": "\n".join(["ess and"] * 5000) + " ess",
    "not-100": "not " * MAX_NESTING + "ess",
    "parentheses-100": "(" * MAX_NESTING + "ess" + ")" * MAX_NESTING,
}


@pytest.mark.parametrize("condition", DEEP.values(), ids=DEEP.keys())
def test_deep_conditions_are_refused_at_their_place(condition: str) -> None:
    text = RULE.format(condition)
    with pytest.raises(LicenceSyntaxError, match="nested too deeply") as caught:
        parse(text, source="fuzz.recip")
    assert_explained(caught.value, text, "fuzz.recip", newline_only=True)


@pytest.mark.parametrize("condition", LONG.values(), ids=LONG.keys())
def test_long_conditions_parse_and_print_back(condition: str) -> None:
    document = check(RULE.format(condition))
    assert isinstance(document, m.Licence)
    again, _ = parse(print_document(document))
    assert again == document


def test_the_deepest_condition_allowed_round_trips() -> None:
    text = RULE.format("not " * (MAX_NESTING - 1) + "(ess or ess)")
    document = check(text)
    assert isinstance(document, m.Licence) and document.rules[0].when is not None
    assert _deepest(document.rules[0].when) == MAX_NESTING
    again, _ = parse(print_document(document))
    assert again == document
    with pytest.raises(LicenceSyntaxError, match="nested too deeply"):
        parse(RULE.format("not " * MAX_NESTING + "(ess or ess)"))


@pytest.mark.parametrize(
    "text",
    [
        RULE.format("revenue > " + "9" * 100_000 + " EUR"),
        RULE.format("people > 1" + "_0" * 50_000),
        RULE.format("ess").replace('"x"', '"' + "word " * 50_000 + '"'),
        RULE.format("ess").replace('"x"', '"' + "x" * 200_000 + '"'),
        RULE.format("ess").replace('"x"', '"' + "x" * 200_000),
        RULE.format("ess").replace("\n", " "),
        RULE.format("ess") + "# " + "x" * 200_000,
        RULE.format("ess").replace("rule r", "rule " + "r-" * 50_000 + "r"),
        RULE.format("ess").replace("licence X", "licence X" + "-1" * 50_000),
        RULE.format("ess").replace("forbidden", "must pay 4% of revenue\n" * 3000),
        RULE.format("ess").replace("commercial", ", ".join(["commercial"] * 20_000)),
        RULE.format("form in [" + ", ".join(["scic"] * 20_000) + "]"),
        " " * 200_000 + "}",
    ],
    ids=[
        "huge-number",
        "underscores",
        "long-text",
        "long-word",
        "long-unclosed-text",
        "one-line",
        "long-comment",
        "long-rule-name",
        "long-licence-id",
        "many-musts",
        "many-uses",
        "long-list",
        "blank-then-brace",
    ],
)
def test_very_long_input(text: str) -> None:
    check(text)
