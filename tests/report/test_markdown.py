"""The Markdown report: goldens, the byte limit, escaping, and the diff-mode markers."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

import pytest

from reciprocity.evaluation.result import Change, CheckResult, Finding, UseResult, Verdict
from reciprocity.model import Money
from reciprocity.report import CheckFormat, ReportOptions, render_check
from reciprocity.report.check_markdown import MAX_BYTES, escape, render
from reciprocity.report.summary import summary_line
from reciprocity.vocabulary import Label
from tests.conftest import Golden
from tests.report.conftest import REPORTS


def _use(result: CheckResult, component: str) -> UseResult:
    return next(u for u in result.uses if u.component == component)


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _cells(row: str) -> int:
    """How many cells GitHub sees in a table row: the pipes that are not escaped, less one."""
    return len(re.findall(r"(?<!\\)\|", row)) - 1


def _assert_well_formed(text: str) -> None:
    """Every table is whole and regular, every <details> closed, nothing after a cut."""
    assert text.endswith("\n")
    for block in text.rstrip("\n").split("\n\n"):
        lines = block.split("\n")
        if lines[0].startswith("|"):
            assert len(lines) >= 3, block
            assert re.fullmatch(r"\|(---:?\|)+", lines[1]), block
            width = _cells(lines[0])
            rows = [lines[0], *lines[2:]]
            assert all(row.startswith("| ") and row.endswith(" |") for row in rows), block
            assert all(_cells(line) == width for line in lines), block
    opened = [m.start() for m in re.finditer(r"<details>", text)]
    closed = [m.start() for m in re.finditer(r"</details>", text)]
    assert len(opened) == len(closed)
    assert all(o < c for o, c in zip(opened, closed, strict=True))
    assert all(c < o for c, o in zip(closed, opened[1:], strict=False))


# ---- goldens -------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "name"), [("en", "acme.md"), ("fr", "acme.fr.md")])
def test_golden(canonical: CheckResult, golden: Golden, lang: str, name: str) -> None:
    text = render(canonical, lang)
    golden.check(REPORTS / name, text)
    _assert_well_formed(text)


def test_render_check_reaches_the_markdown_report(canonical: CheckResult) -> None:
    assert render_check(canonical, CheckFormat.MARKDOWN, ReportOptions(lang="fr")) == render(
        canonical, "fr"
    )


# ---- layout --------------------------------------------------------------------------------


def test_totals_come_first(canonical: CheckResult) -> None:
    text = render(canonical)
    first_commons = text.index("\n### ")
    head = text[:first_commons]
    assert text.startswith("## reciprocity\n\n")
    assert f"**{summary_line(canonical)}**" in head
    assert (
        "As of 2026-11-22 · period 2026-01-01 – 2026-12-31 · declaration: reciprocity.yml" in head
    )
    assert "| forbidden | 1 |" in head
    assert "| owes | 2 |" in head
    assert "| **total** | **6** |" in head
    assert "| EUR | 1,520.00 EUR | 1,000.00 EUR | 520.00 EUR |" in head
    assert "| USD | 90.00 USD | 0.00 USD | 90.00 USD |" in head
    assert "|---|---:|---:|---:|" in head


def test_one_table_per_commons_in_result_order(canonical: CheckResult) -> None:
    text = render(canonical)
    headings = re.findall(r"^### (.+)$", text, flags=re.MULTILINE)
    assert headings == list(dict.fromkeys(u.component for u in canonical.uses))
    row = next(line for line in text.splitlines() if "| owes | 1,320.00 EUR" in line)
    assert row == (
        "| LicenseRef-Contributive-Commons + open-brand | owes | 1,320.00 EUR | 800.00 EUR "
        "| 520.00 EUR | docs/guide-coursier/01-securite.md:1 | reciprocity.yml:18 (uses[1]) |"
    )
    assert "| composer.lock:13 | not declared |" in text
    assert "|---|---|---:|---:|---:|---|---|" in text


def test_uses_of_one_commons_share_its_table(canonical: CheckResult) -> None:
    owes = _use(canonical, "guide-coursier")
    second = dataclasses.replace(
        owes, licence="CC-BY-SA-4.0", code_social=None, field_path="uses[5]"
    )
    result = dataclasses.replace(canonical, uses=(owes, _use(canonical, "atlas"), second))
    text = render(result)
    assert re.findall(r"^### (.+)$", text, flags=re.MULTILINE) == ["guide-coursier", "atlas"]
    section = text[text.index("### guide-coursier") : text.index("### atlas")]
    assert "| CC-BY-SA-4.0 | owes |" in section
    assert "**CC-BY-SA-4.0** (uses[5])" in section
    assert "guide-coursier: 2 findings" in section


def test_details_hold_findings_but_not_permitted_ones(canonical: CheckResult) -> None:
    text = render(canonical)
    assert "<details><summary>coopcycle-web: 2 findings</summary>" in text
    assert "- **forbidden**: for-profit-entity (licences/LicenseRef-CoopCycle.recip:114" in text
    assert "**To declare**: uses[].purposes" in text
    # acme/tiles is permitted: a table row, no details to unfold.
    tiles = text[text.index("### acme/tiles") : text.index("### atelier/routing")]
    assert "<details>" not in tiles


def test_french_typography(canonical: CheckResult) -> None:
    text = render(canonical, "fr")
    assert "déclaration : reciprocity.yml" in text
    assert "<details><summary>coopcycle-web : 2 constats</summary>" in text
    assert "- **interdit** : commercial-use" in text
    assert "**À déclarer** : uses[].purposes" in text
    assert "| EUR | 1 520,00 EUR | 1 000,00 EUR | 520,00 EUR |" in text
    assert "| Licence | Verdict | Dû | Versé | Reste dû | Trouvé dans | Déclaré dans |" in text


def test_no_uses_says_so(canonical: CheckResult) -> None:
    empty = dataclasses.replace(canonical, uses=())
    text = render(empty)
    assert text.splitlines()[:3] == [
        "## reciprocity",
        "",
        "No component under a reciprocity licence, and no declared use.",
    ]
    assert "|" not in text
    assert "Aucun composant sous licence à réciprocité" in render(empty, "fr")
    nothing_new = render(dataclasses.replace(empty, base="main"))
    assert "Nothing under a reciprocity licence changed." in nothing_new


def test_notes_are_listed(canonical: CheckResult) -> None:
    result = dataclasses.replace(
        canonical, notes=(Label("waivers[0]: expired", "waivers[0] : expirée"),)
    )
    assert "**Notes**\n\n- waivers[0]: expired" in render(result)
    assert "**Remarques**\n\n- waivers[0] : expirée" in render(result, "fr")


# ---- diff mode -----------------------------------------------------------------------------


def _diff(canonical: CheckResult) -> CheckResult:
    new = dataclasses.replace(_use(canonical, "coopcycle-web"), change=Change(new=True))
    was = Change(new=False, verdict=Verdict.OWES, balance=Money(Decimal("1200"), "EUR"))
    changed = dataclasses.replace(_use(canonical, "guide-coursier"), change=was)
    return dataclasses.replace(canonical, uses=(new, changed), base="main")


def test_diff_mode_marks_new_and_changed_uses(canonical: CheckResult) -> None:
    text = render(_diff(canonical))
    assert text.startswith("## reciprocity — since main\n")
    assert "**Since main: 1 use owes 520.00 EUR; 1 forbidden.**" in text
    assert "| Change | Licence | Verdict |" in text
    assert "| new | LicenseRef-CoopCycle | forbidden |" in text
    assert "| changed, was owes 1,200.00 EUR | LicenseRef-Contributive-Commons" in text
    _assert_well_formed(text)


def test_diff_mode_in_french(canonical: CheckResult) -> None:
    text = render(_diff(canonical), "fr")
    assert text.startswith("## reciprocity — depuis main\n")
    assert "| nouveau | LicenseRef-CoopCycle | interdit |" in text
    assert "| modifié, avant : doit 1 200,00 EUR |" in text


def test_no_change_column_outside_diff_mode(canonical: CheckResult) -> None:
    assert "Change" not in render(canonical)


# ---- escaping ------------------------------------------------------------------------------


def test_hostile_names_cannot_break_the_table_or_inject_html(canonical: CheckResult) -> None:
    hostile = dataclasses.replace(
        _use(canonical, "coopcycle-web"),
        component="a|b <script>alert(1)</script>",
        licence="`MIT`|<img src=x>",
        findings=(
            Finding(
                rule="r|1",
                verdict=Verdict.FORBIDDEN,
                explanation=Label(
                    "# Owned\n| x | y |\n</details><b>&amp;</b> [click](https://evil.example)",
                    "idem",
                ),
            ),
        ),
    )
    result = dataclasses.replace(canonical, uses=(hostile, _use(canonical, "acme/tiles")))
    text = render(result)
    _assert_well_formed(text)
    assert "<script>" not in text
    assert "<img" not in text
    assert "<b>" not in text
    assert "`" not in text
    assert "](https" not in text
    assert "### a&#124;b &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "| &#96;MIT&#96;&#124;&lt;img src=x&gt; | forbidden |" in text
    assert "<summary>a&#124;b &lt;script&gt;" in text
    # The explanation stays on its own list item, and a single line.
    assert "  &#35; Owned &#124; x &#124; y &#124; &lt;/details&gt;&lt;b&gt;&amp;amp;" in text
    assert not re.search(r"^#+ Owned", text, flags=re.MULTILINE)
    assert text.count("<details>") == text.count("</details>") == 1


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain text", "plain text"),
        ("# title", "&#35; title"),
        ("- item", "&#45; item"),
        ("1. first", "1&#46; first"),
        ("2026-11-22 is a date", "2026-11-22 is a date"),
        ("520.00 EUR", "520.00 EUR"),
        ("uses[0].licence", "uses[0].licence"),
        ("a\\|b", "a&#92;&#124;b"),
        ("$x$ & y", "&#36;x&#36; &amp; y"),
        ("two\nlines\r\n", "two lines"),
        ("[x](http://a)", "&#91;x]&#40;http://a)"),
    ],
)
def test_escape(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


# ---- the byte limit ------------------------------------------------------------------------


def _big(canonical: CheckResult, commons: int) -> CheckResult:
    uses = tuple(
        dataclasses.replace(use, component=f"commons-{i:05d}")
        for i in range(commons)
        for use in canonical.uses
    )
    return dataclasses.replace(canonical, uses=uses)


def test_default_limit_is_githubs() -> None:
    assert MAX_BYTES == 1024 * 1024


def test_a_report_over_the_limit_keeps_the_totals_and_whole_commons(
    canonical: CheckResult,
) -> None:
    big = _big(canonical, 1000)
    per_commons = len(canonical.uses)
    assert _size(render(big, limit=10**9)) > MAX_BYTES
    text = render(big)
    assert _size(text) <= MAX_BYTES
    _assert_well_formed(text)
    assert f"**{summary_line(big)}**" in text
    assert f"| **total** | **{1000 * per_commons}** |" in text
    shown = re.findall(r"^### (commons-\d+)$", text, flags=re.MULTILINE)
    assert shown == [f"commons-{i:05d}" for i in range(len(shown))]
    assert 0 < len(shown) < 1000
    left = 1000 - len(shown)
    assert text.endswith(
        f"> [!NOTE]\n> {left} more commons ({left * per_commons} uses) are not shown: this report "
        "must stay within GitHub's size limit for a job summary. "
        "`reciprocity check --format json`, or the SARIF report, lists them all.\n"
    )
    # The last commons shown is whole: its table and its details end before the note.
    last = text[text.rindex("### ") : text.index("> [!NOTE]")]
    assert last.rstrip().endswith("</details>")


@pytest.mark.parametrize("limit", [3_000, 10_000, 25_000, 60_000])
def test_any_limit_is_kept(canonical: CheckResult, limit: int) -> None:
    big = _big(canonical, 40)
    for lang in ("en", "fr"):
        text = render(big, lang, limit=limit)
        assert _size(text) <= limit
        _assert_well_formed(text)
        assert text.startswith("## reciprocity\n")
        assert "[!NOTE]" in text


def test_one_more_commons_would_not_fit(canonical: CheckResult) -> None:
    big = _big(canonical, 40)
    text = render(big, limit=25_000)
    kept = len(re.findall(r"^### ", text, flags=re.MULTILINE))
    bigger = render(big, limit=_size(text) + 1)
    assert len(re.findall(r"^### ", bigger, flags=re.MULTILINE)) == kept


def test_the_note_is_in_french_with_plurals(canonical: CheckResult) -> None:
    big = _big(canonical, 3)
    full = render(big, "fr", limit=10**9)
    last = full.index("### commons-00002")
    # Room for everything but the last commons, and the note.
    text = render(big, "fr", limit=_size(full[:last]) + 600)
    assert "> 1 commun de plus (6 usages) n'est pas affiché : ce rapport doit rester sous" in text
    assert "`reciprocity check --format json`, ou le rapport SARIF, le donne." in text
    text = render(big, "fr", limit=6_000)
    assert re.search(r"> \d+ communs de plus \(\d+ usages\) ne sont pas affichés : ", text)


def test_a_report_within_the_limit_is_whole(canonical: CheckResult) -> None:
    text = render(canonical)
    assert render(canonical, limit=_size(text)) == text
    assert "[!NOTE]" not in text


def test_a_limit_below_the_totals_still_holds(canonical: CheckResult) -> None:
    text = render(_big(canonical, 5), limit=200)
    assert _size(text) <= 200
    assert "more commons" in text
