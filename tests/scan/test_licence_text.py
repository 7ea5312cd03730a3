"""Licence files from real repositories are named by their text; look-alikes never are."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from reciprocity.catalogue import catalogue_folders, load_catalogue
from reciprocity.scan.licence_text import TextMatcher, Title, load_references, words
from tests.conftest import DATA

TEXTS = DATA / "scan" / "texts"
ROOT_TEXTS = Path(__file__).parents[2] / "licences" / "texts"

# The README beside the texts says where each comes from and which licence it is.
REAL = [
    ("coopcycle-head.txt", ["LicenseRef-CoopCycle"]),
    ("coopcycle-ppl-09d0da5.txt", ["PPL"]),
    ("habitat-ppl.txt", ["PPL"]),
    ("bastillion-prosperity.txt", ["LicenseRef-Prosperity-3.0.0"]),
    ("authcompanion2-bigtime.txt", ["LicenseRef-Big-Time-2.0.0"]),
    ("mats3-perimeter.txt", ["LicenseRef-PolyForm-Perimeter-1.0.0"]),
    ("autogpt-platform-shield.txt", ["LicenseRef-PolyForm-Shield-1.0.0"]),
    ("terraform-busl.txt", ["BUSL-1.1"]),
    ("uniswap-v3-core-busl.txt", ["BUSL-1.1"]),
    ("sentry-fsl-alv2.txt", ["FSL-1.1-ALv2"]),
    ("n8n-sul.txt", ["SUL-1.0"]),
    ("fastphotostyle-ccbyncsa.txt", ["CC-BY-NC-SA-4.0"]),
    ("wix-osmfeula-v1.1.txt", ["LicenseRef-OSMF-1.1"]),
    ("llama3_1-license.txt", ["LicenseRef-Llama-3.1"]),
    ("elasticsearch-agpl-sspl-elv2.txt", ["AGPL-3.0-only", "SSPL-1.0", "Elastic-2.0"]),
    ("requests-apache.txt", ["Apache-2.0"]),
    ("mit-example.txt", ["MIT"]),
    ("canonical/PolyForm-Noncommercial-1.0.0.canonical.md", ["PolyForm-Noncommercial-1.0.0"]),
    ("canonical/PolyForm-Small-Business-1.0.0.canonical.md", ["PolyForm-Small-Business-1.0.0"]),
    ("canonical/PolyForm-Shield-1.0.0.canonical.md", ["LicenseRef-PolyForm-Shield-1.0.0"]),
    ("canonical/PolyForm-Perimeter-1.0.0.canonical.md", ["LicenseRef-PolyForm-Perimeter-1.0.0"]),
]
VARIANTS = [
    ("variants/weavex-polyform-nc.txt", "PolyForm-Noncommercial-1.0.0"),
    ("variants/silverassist-polyform-nc.txt", "PolyForm-Noncommercial-1.0.0"),
    ("variants/unrealxu-polyform-sb.txt", "PolyForm-Small-Business-1.0.0"),
]


@cache
def matcher() -> TextMatcher:
    catalogue = load_catalogue()
    titles = [
        Title(licence.id, tuple(w for w, _ in words(licence.meta.name.value)))
        for licence in catalogue.licences()
        if licence.meta.name is not None
    ]
    return TextMatcher(load_references(catalogue_folders()), titles)


@pytest.mark.parametrize(("name", "expected"), REAL, ids=[n for n, _ in REAL])
def test_real_licence_files_are_found(name: str, expected: list[str]) -> None:
    reading = matcher().read((TEXTS / name).read_text(encoding="utf-8"), name)
    found = [m.licence for m in reading.matches if m.found]
    assert found == expected, [(m.licence, m.coverage, m.inserted) for m in reading.matches]


@pytest.mark.parametrize(("name", "claimed"), VARIANTS, ids=[n for n, _ in VARIANTS])
def test_rewritten_look_alikes_are_never_the_real_licence(name: str, claimed: str) -> None:
    reading = matcher().read((TEXTS / name).read_text(encoding="utf-8"), name)
    assert not any(m.found for m in reading.matches)
    modified = [m for m in reading.matches if m.licence == claimed]
    assert modified and modified[0].claimed
    assert modified[0].coverage < 0.9


def test_one_added_sentence_makes_a_short_text_modified() -> None:
    text = (TEXTS / "mit-example.txt").read_text(encoding="utf-8")
    changed = text.replace(
        "subject to the following conditions:",
        "subject to the following conditions, and to paying 5% of revenue to the authors:",
    )
    reading = matcher().read(changed, "LICENSE")
    assert [(m.licence, m.found) for m in reading.matches] == [("MIT", False)]
    assert reading.matches[0].inserted == 9
    assert "paying 5% of revenue" in reading.matches[0].difference


def test_the_licence_starts_at_its_own_line_after_a_preamble() -> None:
    text = (TEXTS / "n8n-sul.txt").read_text(encoding="utf-8")
    reading = matcher().read(text, "LICENSE.md")
    (match,) = [m for m in reading.matches if m.found]
    assert match.line > 1
    assert "Sustainable Use License" in text.splitlines()[match.line - 1]


def test_three_texts_named_with_plus_are_a_choice() -> None:
    text = (TEXTS / "elasticsearch-agpl-sspl-elv2.txt").read_text(encoding="utf-8")
    assert matcher().read(text, "licenses/AGPL-3.0+SSPL-1.0+ELASTIC-LICENSE-2.0.txt").choice
    assert not matcher().read(text, "licenses/ALL.txt").choice


def test_words_are_compared_without_markup_or_spelling_variants() -> None:
    assert [w for w, _ in words("## The *Licence*: “Authorised” — organisation's 4(a)")] == [
        "the", "license", "authorized", "organization", "s", "4", "a",
    ]  # fmt: skip


def _read(text: str, name: str = "LICENSE") -> list[tuple[str, bool]]:
    return [(m.licence, m.found) for m in matcher().read(text, name).matches]


MIT_TEXT = (TEXTS / "mit-example.txt").read_text(encoding="utf-8")
PPL_TEXT = (TEXTS / "coopcycle-ppl-09d0da5.txt").read_text(encoding="utf-8")
PPL_NON_COMMERCIAL = (
    "Subject to the exception in Section 4(c), you may not exercise any of the rights granted "
    "to You in Section 3 above in any manner that is primarily intended for or directed toward "
    "commercial advantage or private monetary compensation."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (MIT_TEXT.replace("to any person", "to no person"), [("MIT", False)]),
        (
            MIT_TEXT.replace("without limitation", "without limitation, for non-commercial use"),
            [("MIT", False)],
        ),
        (MIT_TEXT + "\n\n" + MIT_TEXT.replace("2024", "2019"), [("MIT", True), ("MIT", True)]),
        (" ".join(PPL_TEXT.split()).replace(PPL_NON_COMMERCIAL, ""), [("PPL", False)]),
        (
            " ".join(PPL_TEXT.split()).replace(
                PPL_NON_COMMERCIAL, "You may exercise the rights for any purpose."
            ),
            [("PPL", False)],
        ),
    ],
    ids=["negation", "restriction", "two-copies", "ppl-without-clause", "ppl-clause-replaced"],
)
def test_changes_of_meaning_are_never_the_real_licence(
    text: str, expected: list[tuple[str, bool]]
) -> None:
    assert PPL_NON_COMMERCIAL in " ".join(PPL_TEXT.split())
    assert _read(text) == expected


def test_a_licence_sharing_a_template_is_not_a_modified_copy() -> None:
    text = (ROOT_TEXTS / "CC-BY-SA-4.0.txt").read_text(encoding="utf-8").replace("<<var>>", "")
    assert _read(text) == [("CC-BY-SA-4.0", True)]
