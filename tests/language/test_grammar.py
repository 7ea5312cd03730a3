"""The grammar builds as strict LALR: any shift/reduce conflict or terminal collision fails."""

from __future__ import annotations

from reciprocity.language.parser import grammar_text, licence_parser


def test_grammar_builds_with_strict_lalr() -> None:
    licence_parser.cache_clear()
    try:
        parser = licence_parser(strict=True)
    finally:
        licence_parser.cache_clear()
    assert parser.options.parser == "lalr"
    assert parser.options.strict is True


def test_grammar_is_read_from_the_data_folder() -> None:
    assert grammar_text().startswith("// The reciprocity licence language")
