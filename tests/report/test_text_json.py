"""The text and JSON reports of the canonical result, and what every format shares."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest

from reciprocity.evaluation.result import Change, CheckResult, Verdict
from reciprocity.model import Money
from reciprocity.report import CheckFormat, ReportOptions, check_text, render_check
from reciprocity.report.summary import summary_line
from reciprocity.vocabulary import Label
from tests.conftest import Golden
from tests.report.conftest import REPORTS


@pytest.mark.parametrize(
    ("name", "output_format", "lang"),
    [
        ("acme.txt", CheckFormat.TEXT, "en"),
        ("acme.fr.txt", CheckFormat.TEXT, "fr"),
        ("acme.json", CheckFormat.JSON, "en"),
    ],
)
def test_canonical_report(
    canonical: CheckResult, golden: Golden, name: str, output_format: CheckFormat, lang: str
) -> None:
    text = render_check(canonical, output_format, ReportOptions(lang=lang))
    golden.check(REPORTS / name, text)


@pytest.mark.parametrize("output_format", list(CheckFormat))
def test_every_format_renders_and_is_deterministic(
    canonical: CheckResult, output_format: CheckFormat
) -> None:
    note = Label("atlas: owes 40.00 EUR at main, now settled", "atlas : doit 40,00 EUR à main")
    result = dataclasses.replace(canonical, notes=(note,), base="main")
    first = render_check(result, output_format, ReportOptions(lang="fr"))
    second = render_check(result, output_format, ReportOptions(lang="fr"))
    assert first == second
    assert first.endswith("\n")
    assert "coopcycle-web" in first
    if output_format is not CheckFormat.GITHUB:
        assert "atlas : doit 40,00 EUR à main" in first


@pytest.mark.parametrize("output_format", list(CheckFormat))
def test_names_from_strangers_cannot_start_a_line(
    canonical: CheckResult, output_format: CheckFormat
) -> None:
    hostile = "evil\n::error::forged\r\x1b[2J"
    uses = tuple(dataclasses.replace(u, component=hostile) for u in canonical.uses)
    text = render_check(dataclasses.replace(canonical, uses=uses), output_format, ReportOptions())
    assert not any(line.startswith("::error::forged") for line in text.splitlines())
    assert "\x1b[2J" not in text


def test_the_summary_says_what_is_owed_forbidden_and_missing(canonical: CheckResult) -> None:
    assert summary_line(canonical) == (
        "2 uses owe 520.00 EUR and 90.00 USD; 1 forbidden; 1 needs information."
    )
    assert summary_line(canonical, "fr") == (
        "2 usages doivent 520,00 EUR et 90,00 USD ; 1 interdit ; 1 demande des informations."
    )


def test_the_summary_of_a_compliant_result_counts_what_asks_nothing(
    canonical: CheckResult,
) -> None:
    quiet = tuple(u for u in canonical.uses if u.verdict.rank >= Verdict.SETTLED.rank)
    result = dataclasses.replace(canonical, uses=quiet)
    assert summary_line(result) == "2 uses checked, nothing to settle (1 settled, 1 permitted)."
    assert summary_line(dataclasses.replace(canonical, uses=())) == (
        "No use under a reciprocity licence."
    )
    since = dataclasses.replace(canonical, uses=(), base="origin/main")
    assert summary_line(since, "fr") == (
        "Depuis origin/main : aucun usage sous licence à réciprocité."
    )


def test_amounts_line_up_down_the_report(canonical: CheckResult) -> None:
    lines = [line for line in check_text.render(canonical).splitlines() if " · balance" in line]
    assert len(lines) == 3
    assert len({line.index(" · contributed") for line in lines}) == 1
    assert len({line.index(" · balance") for line in lines}) == 1
    assert len({len(line) for line in lines}) == 1


def test_colour_only_when_asked(canonical: CheckResult) -> None:
    plain = check_text.render(canonical)
    coloured = check_text.render(canonical, colour=True)
    assert "\x1b[" not in plain
    assert "\x1b[1;31mFORBIDDEN\x1b[0m" in coloured
    assert "\x1b[1;33mOWES\x1b[0m" in coloured


def test_a_change_since_the_base_is_said(canonical: CheckResult) -> None:
    owing = next(u for u in canonical.uses if u.component == "guide-coursier")
    changed = dataclasses.replace(
        owing, change=Change(new=False, verdict=Verdict.OWES, balance=Money(Decimal(1200), "EUR"))
    )
    result = dataclasses.replace(canonical, uses=(changed,), base="main")
    text = check_text.render(result)
    assert "Changes since: main" in text
    assert "[was: owes 1,200.00 EUR]" in text
    data = json.loads(render_check(result, CheckFormat.JSON, ReportOptions()))
    assert data["base"] == "main"
    assert data["uses"][0]["change"] == {
        "new": False,
        "verdict": "owes",
        "balance": {"value": "1200.00", "currency": "EUR"},
    }
