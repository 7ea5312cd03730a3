"""The bundled catalogue: every licence and code social parses cleanly, round-trips through the
printer, and matches its golden model (JSON) and explanations (English and French), which were
read against the legal texts."""

from __future__ import annotations

import json

import pytest

from reciprocity import model as m
from reciprocity.catalogue import Entry, load_catalogue
from reciprocity.language import parse, print_document
from reciprocity.report import licence_json
from reciprocity.report.explain import explain
from tests.conftest import DATA, Golden

REQUIRED_IDS = [
    "PPL",
    "LicenseRef-CoopCycle",
    "LicenseRef-CNPL-7.0",
    "LicenseRef-ACSL-1.4",
    "LicenseRef-CBRL",
    "LicenseRef-Contributive-Commons",
    "PolyForm-Noncommercial-1.0.0",
    "PolyForm-Small-Business-1.0.0",
    "LicenseRef-PolyForm-Perimeter-1.0.0",
    "LicenseRef-PolyForm-Shield-1.0.0",
    "LicenseRef-PolyForm-Free-Trial-1.0.0",
    "LicenseRef-PolyForm-Internal-Use-1.0.0",
    "LicenseRef-Prosperity-3.0.0",
    "Parity-7.0.0",
    "LicenseRef-Big-Time-2.0.0",
    "BUSL-1.1",
    "FSL-1.1-MIT",
    "FSL-1.1-ALv2",
    "Elastic-2.0",
    "SUL-1.0",
    "LicenseRef-Commons-Clause-1.0",
    "LicenseRef-Post-Open",
    "LicenseRef-OSMF-1.1",
    "CC-BY-NC-SA-4.0",
    "LicenseRef-Llama-3.1",
]

CATALOGUE = load_catalogue()
ENTRIES = CATALOGUE.entries()
GOLDENS = DATA / "catalogue"


def _name(entry: Entry) -> str:
    document = entry.document
    return document.id if isinstance(document, m.Licence) else f"code-social-{document.name}"


@pytest.mark.parametrize("licence_id", REQUIRED_IDS)
def test_required_licence_is_bundled(licence_id: str) -> None:
    licence = CATALOGUE.licence(licence_id)
    assert licence.id == licence_id
    assert licence.source == f"licences/{licence_id}.recip"


def test_both_example_codes_social_are_bundled() -> None:
    names = {t.name for t in CATALOGUE.codes_social("LicenseRef-Contributive-Commons")}
    assert {"open-brand", "semeoz"} <= names


@pytest.mark.parametrize("entry", ENTRIES, ids=_name)
def test_entry_has_no_warnings(entry: Entry) -> None:
    assert [w.render() for w in entry.warnings] == []


@pytest.mark.parametrize("entry", ENTRIES, ids=_name)
def test_entry_round_trips_through_the_printer(entry: Entry) -> None:
    printed = print_document(entry.document)
    again, _ = parse(printed, source=entry.path, resolve=CATALOGUE.resolve)
    assert again == entry.document
    assert print_document(again) == printed


@pytest.mark.parametrize("entry", ENTRIES, ids=_name)
def test_entry_matches_its_golden_model(entry: Entry, golden: Golden) -> None:
    rendered = licence_json.render(entry.document)
    json.loads(rendered)
    golden.check(GOLDENS / f"{_name(entry)}.json", rendered)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("entry", ENTRIES, ids=_name)
def test_entry_matches_its_golden_explanation(entry: Entry, lang: str, golden: Golden) -> None:
    document = entry.document
    codes = tuple(CATALOGUE.codes_social(document.id)) if isinstance(document, m.Licence) else ()
    golden.check(GOLDENS / f"{_name(entry)}.{lang}.txt", explain(document, lang, codes))


@pytest.mark.parametrize("entry", ENTRIES, ids=_name)
def test_every_rule_cites_its_clause_in_both_explanations(entry: Entry) -> None:
    for rule in entry.document.rules:
        assert rule.clause is not None
        for lang in ("en", "fr"):
            assert rule.explanation(lang), f"{rule.name} has no {lang} explanation"


def test_aliases_find_their_licence() -> None:
    for licence in CATALOGUE.licences():
        for alias in licence.meta.aliases:
            assert CATALOGUE.licence(alias).id == licence.id


def test_aliases_are_unique_across_the_catalogue() -> None:
    seen: dict[str, str] = {}
    for licence in CATALOGUE.licences():
        for alias in (licence.id, *licence.meta.aliases):
            key = alias.casefold()
            assert key not in seen, f"{alias} names both {seen.get(key)} and {licence.id}"
            seen[key] = licence.id
