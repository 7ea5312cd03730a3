"""GitHub workflow commands: one annotation per use to act on, capped, escaped, one a line."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from reciprocity.evaluation.result import (
    Change,
    CheckResult,
    Finding,
    Location,
    UseResult,
    Verdict,
)
from reciprocity.model import Money
from reciprocity.report import CheckFormat, ReportOptions, render_check
from reciprocity.report.check_github import escape_data, escape_property, render
from reciprocity.vocabulary import Label
from tests.conftest import Golden
from tests.report.conftest import REPORTS


def _use(result: CheckResult, component: str) -> UseResult:
    return next(u for u in result.uses if u.component == component)


def _lines(text: str) -> list[str]:
    assert text.endswith("\n")
    return text[:-1].split("\n")


def _many(use: UseResult, count: int, prefix: str) -> tuple[UseResult, ...]:
    return tuple(dataclasses.replace(use, component=f"{prefix}{i:02d}") for i in range(count))


# ---- the golden ----------------------------------------------------------------------------


def test_golden(canonical: CheckResult, golden: Golden) -> None:
    golden.check(REPORTS / "acme.github", render(canonical))


def test_render_check_reaches_the_annotations(canonical: CheckResult) -> None:
    assert render_check(canonical, CheckFormat.GITHUB, ReportOptions()) == render(canonical)


def test_canonical_annotations(canonical: CheckResult) -> None:
    lines = _lines(render(canonical))
    # forbidden, then the two that owe in result order, then the one that needs information;
    # nothing for settled (atlas) or permitted (acme/tiles).
    assert [line.split("::")[1] for line in lines] == [
        "error file=vendor/coopcycle-web/LICENSE,line=1,title=reciprocity%3A coopcycle-web "
        "forbidden (LicenseRef-CoopCycle)",
        "error file=docs/guide-coursier/01-securite.md,line=1,title=reciprocity%3A guide-coursier "
        "owes (LicenseRef-Contributive-Commons + open-brand)",
        "error file=composer.lock,line=20,title=reciprocity%3A openmaps/wix owes "
        "(LicenseRef-OSMF-1.1)",
        "warning file=composer.lock,line=13,title=reciprocity%3A atelier/routing needs "
        "information (PolyForm-Noncommercial-1.0.0)",
    ]
    forbidden, owes, _, _ = lines
    assert forbidden.split("::", 2)[2].startswith("Forbidden: this licence does not grant")
    assert forbidden.endswith(" (+1 other finding)")
    assert owes.split("::", 2)[2].startswith(
        "Owes 520.00 EUR (owed 1,320.00 EUR, contributed 800.00 EUR). Applies to paid services"
    )
    assert "pay 4%25 of the price" in owes


def test_french(canonical: CheckResult) -> None:
    lines = _lines(render(canonical, "fr"))
    assert lines[0].startswith(
        "::error file=vendor/coopcycle-web/LICENSE,line=1,title=reciprocity %3A coopcycle-web "
        "interdit (LicenseRef-CoopCycle)::Interdit : cette licence"
    )
    assert lines[0].endswith(" (+1 autre constat)")
    assert "::Doit 520,00 EUR (dû 1 320,00 EUR, versé 800,00 EUR). S'applique" in lines[1]
    assert "informations manquantes (PolyForm-Noncommercial-1.0.0)::" in lines[3]


# ---- what GitHub shows ---------------------------------------------------------------------


def test_at_most_ten_errors_and_one_notice_for_the_rest(canonical: CheckResult) -> None:
    forbidden = _use(canonical, "coopcycle-web")
    result = dataclasses.replace(canonical, uses=_many(forbidden, 25, "c"))
    lines = _lines(render(result))
    assert len(lines) == 11
    assert all(line.startswith("::error ") for line in lines[:10])
    assert [line.split("%3A ")[1].split(" ")[0] for line in lines[:10]] == [
        f"c{i:02d}" for i in range(10)
    ]
    assert lines[10] == ("::notice::15 more errors: see the job summary or the SARIF report.")


def test_errors_and_warnings_are_capped_apart(canonical: CheckResult) -> None:
    forbidden = _use(canonical, "coopcycle-web")
    needs = _use(canonical, "atelier/routing")
    owes = _use(canonical, "openmaps/wix")
    # Warnings first in the result: errors still come first in the output.
    uses = (*_many(needs, 12, "n"), *_many(owes, 3, "o"), *_many(forbidden, 22, "f"))
    lines = _lines(render(dataclasses.replace(canonical, uses=uses)))
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    notices = [line for line in lines if line.startswith("::notice::")]
    assert len(errors) == len(warnings) == 10
    assert lines[:20] == errors + warnings
    assert all(" forbidden " in line for line in errors)
    assert notices == [
        "::notice::15 more errors and 2 more warnings: see the job summary or the SARIF report."
    ]
    assert lines[-1] == notices[0]
    french = _lines(render(dataclasses.replace(canonical, uses=uses), "fr"))[-1]
    assert french == (
        "::notice::15 erreurs et 2 avertissements de plus : voir le résumé du job ou le "
        "rapport SARIF."
    )


def test_singular_notice(canonical: CheckResult) -> None:
    forbidden = _use(canonical, "coopcycle-web")
    needs = _use(canonical, "atelier/routing")
    uses = (*_many(forbidden, 11, "f"), *_many(needs, 11, "n"))
    result = dataclasses.replace(canonical, uses=uses)
    assert _lines(render(result))[-1] == (
        "::notice::1 more error and 1 more warning: see the job summary or the SARIF report."
    )
    assert _lines(render(result, "fr"))[-1] == (
        "::notice::1 erreur et 1 avertissement de plus : voir le résumé du job ou le rapport SARIF."
    )
    only_warnings = dataclasses.replace(canonical, uses=_many(needs, 13, "n"))
    assert _lines(render(only_warnings))[-1] == (
        "::notice::3 more warnings: see the job summary or the SARIF report."
    )


def test_no_notice_when_nothing_is_left_out(canonical: CheckResult) -> None:
    forbidden = _use(canonical, "coopcycle-web")
    needs = _use(canonical, "atelier/routing")
    uses = (*_many(forbidden, 10, "f"), *_many(needs, 10, "n"))
    text = render(dataclasses.replace(canonical, uses=uses))
    assert len(_lines(text)) == 20
    assert "::notice" not in text


def test_nothing_to_annotate_is_empty(canonical: CheckResult) -> None:
    compliant = tuple(
        u for u in canonical.uses if u.verdict in (Verdict.SETTLED, Verdict.PERMITTED)
    )
    assert len(compliant) == 2
    assert render(dataclasses.replace(canonical, uses=compliant)) == ""
    assert render(dataclasses.replace(canonical, uses=())) == ""
    exempt = dataclasses.replace(compliant[0], verdict=Verdict.EXEMPT)
    assert render(dataclasses.replace(canonical, uses=(exempt,))) == ""


# ---- where an annotation points ------------------------------------------------------------


def test_a_use_found_by_no_scan_points_at_its_declaration(canonical: CheckResult) -> None:
    owes = dataclasses.replace(_use(canonical, "guide-coursier"), location=None)
    line = _lines(render(dataclasses.replace(canonical, uses=(owes,))))[0]
    assert line.startswith("::error file=reciprocity.yml,line=18,title=")


def test_line_zero_and_no_location_at_all(canonical: CheckResult) -> None:
    owes = _use(canonical, "guide-coursier")
    at_top = dataclasses.replace(owes, location=Location(path="docs/guide-coursier", line=0))
    nowhere = dataclasses.replace(owes, component="nowhere", location=None, declared_at=None)
    lines = _lines(render(dataclasses.replace(canonical, uses=(at_top, nowhere))))
    assert lines[0].startswith("::error file=docs/guide-coursier,title=reciprocity%3A ")
    assert lines[1].startswith("::error title=reciprocity%3A nowhere owes ")


def test_paths_are_joined_with_the_scanned_root(canonical: CheckResult) -> None:
    result = dataclasses.replace(canonical, root="services/api")
    lines = _lines(render(result))
    assert lines[0].startswith("::error file=services/api/vendor/coopcycle-web/LICENSE,line=1,")
    # A declaration's path is as the user gave it: not joined with the root.
    owes = dataclasses.replace(_use(canonical, "guide-coursier"), location=None)
    line = _lines(render(dataclasses.replace(result, uses=(owes,))))[0]
    assert line.startswith("::error file=reciprocity.yml,line=18,")


# ---- escaping ------------------------------------------------------------------------------


def test_escaping_of_properties_and_message(canonical: CheckResult) -> None:
    hostile = dataclasses.replace(
        _use(canonical, "coopcycle-web"),
        component="a,b:c%d",
        licence="X\nY",
        location=Location(path="we,ird:dir/100%\nfile.php", line=7),
        findings=(
            Finding(
                rule="r",
                verdict=Verdict.FORBIDDEN,
                explanation=Label("50% off:\nnext, line\r\n::error::fake", "idem"),
            ),
        ),
    )
    text = render(dataclasses.replace(canonical, uses=(hostile,)))
    assert text == (
        "::error file=we%2Cird%3Adir/100%25%0Afile.php,line=7,"
        "title=reciprocity%3A a%2Cb%3Ac%25d forbidden (X%0AY)"
        "::50%25 off:%0Anext, line%0D%0A::error::fake\n"
    )
    assert "\r" not in text
    assert text.count("\n") == 1


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("%0A", "%250A", "%250A"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("k: v, w", "k: v, w", "k%3A v%2C w"),
    ],
)
def test_escape(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


# ---- diff mode -----------------------------------------------------------------------------


def test_diff_mode_says_new_or_changed(canonical: CheckResult) -> None:
    new = dataclasses.replace(_use(canonical, "coopcycle-web"), change=Change(new=True))
    was = Change(new=False, verdict=Verdict.OWES, balance=Money(Decimal("1200"), "EUR"))
    changed = dataclasses.replace(_use(canonical, "guide-coursier"), change=was)
    result = dataclasses.replace(canonical, uses=(changed, new), base="main")
    lines = _lines(render(result))
    assert lines[0].split("::", 2)[2].startswith("New: Forbidden: this licence")
    assert (
        lines[1]
        .split("::", 2)[2]
        .startswith("Changed (was: owes 1,200.00 EUR): Owes 520.00 EUR (owed 1,320.00 EUR")
    )
    french = _lines(render(result, "fr"))
    assert french[0].split("::", 2)[2].startswith("Nouveau : Interdit : cette licence")
    assert (
        french[1]
        .split("::", 2)[2]
        .startswith("Modifié (avant : doit 1 200,00 EUR) : Doit 520,00 EUR")
    )
