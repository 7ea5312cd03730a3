"""Valid documents outside the catalogue (parameter sets of real works): parse, check against their
licence, round-trip, and match their golden model: tests/data/licences/valid/NAME.recip + .json."""

from __future__ import annotations

from pathlib import Path

import pytest

from reciprocity import model as m
from reciprocity.catalogue import apply_terms, load_catalogue
from reciprocity.language import parse, print_document, read_text
from reciprocity.report import licence_json
from tests.conftest import DATA, Golden

VALID = DATA / "licences" / "valid"
CASES = sorted(VALID.glob("*.recip"))
CATALOGUE = load_catalogue()


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_valid_document(case: Path, golden: Golden) -> None:
    text = read_text(case)
    document, warnings = parse(text, source=case.name, resolve=CATALOGUE.resolve)
    assert [w.render() for w in warnings] == []
    again, _ = parse(print_document(document), resolve=CATALOGUE.resolve)
    assert again == document
    golden.check(case.with_suffix(".json"), licence_json.render(document))


def test_parameter_set_fills_the_template() -> None:
    document, _ = parse(read_text(VALID / "maxscale-2-1.recip"), resolve=CATALOGUE.resolve)
    assert isinstance(document, m.Terms)
    busl = CATALOGUE.licence("BUSL-1.1")
    filled = apply_terms(busl, document)
    grant = filled.parameter("additional-use-grant")
    assert grant is not None
    assert isinstance(grant.default, m.Compare)
    assert grant.default.subject.name == "instances"
    assert filled.rules == busl.rules
    assert busl.parameter("additional-use-grant").default == m.Constant(False)  # type: ignore[union-attr]
