"""The printer is the inverse of the parser: a valid model printed and parsed comes back equal.

Models are drawn by ``tests/fuzz/models.py`` (what it leaves out is said there): licences with
metadata, parameters and their defaults, quantities, a change of licence and rules (uses,
conditions with and/or/not, comparisons with money, percentages, durations, dates and forms,
every duty, texts in en and fr), and codes social and parameter sets written for them. Positions
are not part of model equality. Set ``RECIPROCITY_FUZZ_EXAMPLES`` for a longer hunt.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from reciprocity import model as m
from reciprocity.errors import LicenceError
from reciprocity.language import parse, print_document
from tests.fuzz import fuzz_settings
from tests.fuzz.models import licences, terms


def round_trip(document: m.Document, licence: m.Licence | None = None) -> None:
    text = print_document(document)

    def resolve(wanted: str) -> m.Licence | None:
        return licence if licence is not None and wanted == licence.id else None

    try:
        again, _ = parse(text, source="printed.recip", resolve=resolve)
    except LicenceError as error:
        raise AssertionError(f"the printed document does not parse:\n{text}\n{error}") from None
    assert again == document, text
    assert print_document(again) == text


ONE_YEAR = m.Licence(
    id="LicenseRef-Test",
    meta=m.Metadata(name=m.Text("Test"), url=m.Text("https://example.org"), year=2026),
    parameters=(m.Parameter(name="delay", type="duration", default=m.Duration(1, "year")),),
)
"""'default 1 year' once read as the number 1 and the start of a 'year' statement."""


@fuzz_settings(80)
@given(licences())
@example(ONE_YEAR)
def test_licences_round_trip(licence: m.Licence) -> None:
    round_trip(licence)


@fuzz_settings(50)
@given(licences().flatmap(lambda licence: st.tuples(st.just(licence), terms(licence))))
def test_codes_social_and_parameter_sets_round_trip(pair: tuple[m.Licence, m.Terms]) -> None:
    licence, written = pair
    round_trip(written, licence)
