"""The SARIF report: the golden file, the OASIS schema, and what GitHub code scanning demands."""

from __future__ import annotations

import dataclasses
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from jsonschema.validators import validator_for

import reciprocity
from reciprocity.evaluation.result import Change, CheckResult, UseResult, Verdict
from reciprocity.model import Money
from reciprocity.report import CheckFormat, ReportOptions, render_check
from reciprocity.report.check_sarif import FINGERPRINT, render
from tests.conftest import DATA, Golden
from tests.report.conftest import REPORTS

GOLDEN = REPORTS / "acme.sarif"
SCHEMA = DATA / "schemas" / "sarif-2.1.0.json"

# What the canonical result must give: (ruleId, level, uri, line), in result order.
EXPECTED = [
    ("PolyForm-Noncommercial-1.0.0/commercial-use", "warning", "composer.lock", 13),
    ("LicenseRef-CoopCycle/commercial-use", "error", "vendor/coopcycle-web/LICENSE", 1),
    ("LicenseRef-CoopCycle/for-profit-entity", "error", "vendor/coopcycle-web/LICENSE", 1),
    (
        "LicenseRef-Contributive-Commons/open-brand/prestation-share",
        "error",
        "docs/guide-coursier/01-securite.md",
        1,
    ),
    ("LicenseRef-OSMF-1.1/maintenance-fee", "error", "composer.lock", 20),
]


def _sarif(result: CheckResult, lang: str = "en") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render(result, lang))
    return data


def _run(result: CheckResult, lang: str = "en") -> dict[str, Any]:
    run: dict[str, Any] = _sarif(result, lang)["runs"][0]
    return run


def _use(result: CheckResult, component: str) -> UseResult:
    return next(u for u in result.uses if u.component == component)


def _with_use(result: CheckResult, component: str, **changes: Any) -> CheckResult:
    uses = tuple(
        dataclasses.replace(u, **changes) if u.component == component else u for u in result.uses
    )
    return dataclasses.replace(result, uses=uses)


def _results_of(run: dict[str, Any], component: str) -> list[dict[str, Any]]:
    return [r for r in run["results"] if r["properties"]["component"] == component]


def _where(result: dict[str, Any]) -> tuple[str, int | None]:
    (location,) = result["locations"]
    physical = location["physicalLocation"]
    return physical["artifactLocation"]["uri"], physical.get("region", {}).get("startLine")


def _validate(data: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = validator_for(schema)
    cls.check_schema(schema)
    errors = sorted(cls(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


# ---- golden and schema ---------------------------------------------------------------------


def test_golden(canonical: CheckResult, golden: Golden, monkeypatch: pytest.MonkeyPatch) -> None:
    # The tool's version is injected so that a release does not rewrite the golden file.
    monkeypatch.setattr(reciprocity, "__version__", "0.0.0+golden")
    golden.check(GOLDEN, render(canonical))


def test_render_check_reaches_sarif(canonical: CheckResult) -> None:
    text = render_check(canonical, CheckFormat.SARIF, ReportOptions(lang="fr"))
    assert text == render(canonical, "fr")
    assert text.endswith("}\n")


def test_golden_is_valid_sarif() -> None:
    _validate(json.loads(GOLDEN.read_text(encoding="utf-8")))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_fresh_reports_are_valid_sarif(canonical: CheckResult, lang: str) -> None:
    _validate(_sarif(canonical, lang))
    changed = _with_use(canonical, "guide-coursier", location=None, change=Change(new=True))
    _validate(_sarif(dataclasses.replace(changed, base="main"), lang))


def test_nothing_to_act_on_is_an_empty_valid_run(canonical: CheckResult) -> None:
    quiet = dataclasses.replace(
        canonical, uses=tuple(u for u in canonical.uses if u.verdict is Verdict.SETTLED)
    )
    run = _run(quiet)
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []
    _validate(_sarif(quiet))


# ---- the content -------------------------------------------------------------------------


def test_only_findings_that_ask_for_action_give_results(canonical: CheckResult) -> None:
    run = _run(canonical)
    got = [(r["ruleId"], r["level"], *_where(r)) for r in run["results"]]
    assert got == EXPECTED
    components = {r["properties"]["component"] for r in run["results"]}
    assert "atlas" not in components  # settled
    assert "acme/tiles" not in components  # permitted


def test_envelope(canonical: CheckResult) -> None:
    data = _sarif(canonical)
    assert data["version"] == "2.1.0"
    assert data["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    (run,) = data["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "reciprocity"
    assert driver["version"] == reciprocity.__version__
    assert driver["informationUri"].startswith("https://")
    assert run["columnKind"] == "unicodeCodePoints"
    assert "originalUriBaseIds" not in run
    assert "invocations" not in run  # they would carry times


def test_rules_are_sorted_unique_and_indexed(canonical: CheckResult) -> None:
    run = _run(canonical)
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert ids == sorted({rule_id for rule_id, *_ in EXPECTED})
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_a_rule_says_where_it_is_written_and_what_to_do(canonical: CheckResult) -> None:
    rules = {r["id"]: r for r in _run(canonical)["tool"]["driver"]["rules"]}
    coop = rules["LicenseRef-CoopCycle/commercial-use"]
    assert coop["name"] == "CommercialUse"
    assert coop["defaultConfiguration"] == {"level": "error"}
    assert coop["properties"]["tags"] == ["reciprocity", "licence", "LicenseRef-CoopCycle"]
    assert "licences/LicenseRef-CoopCycle.recip:88" in coop["fullDescription"]["text"]
    assert "3, 1° and 2°" in coop["fullDescription"]["text"]
    assert "another licence" in coop["help"]["text"]
    assert "**Forbidden.**" in coop["help"]["markdown"]

    share = rules["LicenseRef-Contributive-Commons/open-brand/prestation-share"]
    assert "open-brand" in share["properties"]["tags"]
    assert "licences/codes-social/open-brand.recip:23" in share["fullDescription"]["text"]
    assert "contributions" in share["help"]["text"]

    routing = rules["PolyForm-Noncommercial-1.0.0/commercial-use"]
    assert routing["defaultConfiguration"] == {"level": "warning"}
    assert "Declare them in reciprocity.yml: uses[].purposes, then" in routing["help"]["text"]
    assert "Declare them in `reciprocity.yml`: `uses[].purposes`" in routing["help"]["markdown"]


def test_a_rule_takes_the_most_serious_level_it_was_seen_at(canonical: CheckResult) -> None:
    wix = _use(canonical, "openmaps/wix")
    unsure = dataclasses.replace(
        wix,
        component="openmaps/tiles",
        findings=tuple(
            dataclasses.replace(f, verdict=Verdict.NEEDS_INFO, amount=None, credited=None)
            for f in wix.findings
        ),
    )
    result = dataclasses.replace(canonical, uses=(unsure, *canonical.uses))
    run = _run(result)
    (rule,) = [
        r
        for r in run["tool"]["driver"]["rules"]
        if r["id"] == "LicenseRef-OSMF-1.1/maintenance-fee"
    ]
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert [r["level"] for r in run["results"] if r["ruleId"] == rule["id"]] == ["warning", "error"]


def test_message_names_the_component_verdict_and_explanation(canonical: CheckResult) -> None:
    coop = _use(canonical, "coopcycle-web").findings[0]
    en = _results_of(_run(canonical), "coopcycle-web")[0]["message"]["text"]
    fr = _results_of(_run(canonical, "fr"), "coopcycle-web")[0]["message"]["text"]
    assert en == f"coopcycle-web: forbidden. {coop.explanation('en')}"
    assert fr == f"coopcycle-web : interdit. {coop.explanation('fr')}"


def test_properties_carry_the_money(canonical: CheckResult) -> None:
    (result,) = _results_of(_run(canonical), "guide-coursier")
    assert result["properties"] == {
        "verdict": "owes",
        "component": "guide-coursier",
        "licence": "LicenseRef-Contributive-Commons",
        "code_social": "open-brand",
        "declared": "uses[1]",
        "amount": {"value": "1320.00", "currency": "EUR"},
        "contributed": {"value": "800.00", "currency": "EUR"},
        "balance": {"value": "520.00", "currency": "EUR"},
    }
    (routing,) = _results_of(_run(canonical), "atelier/routing")
    assert routing["properties"]["missing"] == ["uses[].purposes"]
    assert "declared" not in routing["properties"]


# ---- what GitHub code scanning demands -----------------------------------------------------


def test_every_result_has_a_rule_a_relative_location_and_a_fingerprint(
    canonical: CheckResult,
) -> None:
    for lang in ("en", "fr"):
        for result in _run(canonical, lang)["results"]:
            assert result["ruleId"]
            (location,) = result["locations"]
            artifact = location["physicalLocation"]["artifactLocation"]
            uri = artifact["uri"]
            assert artifact["uriBaseId"] == "%SRCROOT%"
            assert not uri.startswith(("/", "file:", "./")), uri
            assert ":" not in uri.split("/")[0], uri
            assert re.fullmatch(r"[0-9a-f]{64}", result["partialFingerprints"][FINGERPRINT])


def test_a_use_found_and_declared_points_at_both(canonical: CheckResult) -> None:
    (result,) = _results_of(_run(canonical, "fr"), "openmaps/wix")
    assert _where(result) == ("composer.lock", 20)
    (related,) = result["relatedLocations"]
    assert related["id"] == 1
    assert related["message"] == {"text": "déclaré ici"}
    physical = related["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "reciprocity.yml", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {"startLine": 36}
    (undeclared,) = _results_of(_run(canonical), "atelier/routing")
    assert "relatedLocations" not in undeclared


def test_a_use_without_scan_location_points_at_its_declaration(canonical: CheckResult) -> None:
    result = _with_use(canonical, "guide-coursier", location=None)
    (sarif_result,) = _results_of(_run(result), "guide-coursier")
    assert _where(sarif_result) == ("reciprocity.yml", 18)
    assert "relatedLocations" not in sarif_result


def test_a_use_with_no_location_at_all_points_at_the_declaration_file(
    canonical: CheckResult,
) -> None:
    bare = _with_use(canonical, "guide-coursier", location=None, declared_at=None)
    (sarif_result,) = _results_of(_run(bare), "guide-coursier")
    assert _where(sarif_result) == ("reciprocity.yml", None)
    nothing = dataclasses.replace(bare, declaration=None, root="services/api")
    (sarif_result,) = _results_of(_run(nothing), "guide-coursier")
    assert _where(sarif_result) == ("services/api/reciprocity.yml", None)


def test_scan_locations_are_joined_to_the_root(canonical: CheckResult) -> None:
    nested = dataclasses.replace(canonical, root="services/api")
    (result,) = _results_of(_run(nested), "openmaps/wix")
    assert _where(result) == ("services/api/composer.lock", 20)
    # The declaration's path is taken as given: it is already relative to where the tool ran.
    related = result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]
    assert related["uri"] == "reciprocity.yml"


def test_paths_are_percent_encoded(canonical: CheckResult) -> None:
    wix = _use(canonical, "openmaps/wix")
    assert wix.location is not None
    spaced = _with_use(
        canonical,
        "openmaps/wix",
        location=dataclasses.replace(wix.location, path="my app/composer é.lock"),
    )
    (result,) = _results_of(_run(spaced), "openmaps/wix")
    assert _where(result) == ("my%20app/composer%20%C3%A9.lock", 20)


def test_an_absolute_path_is_a_file_uri(canonical: CheckResult) -> None:
    wix = _use(canonical, "openmaps/wix")
    assert wix.declared_at is not None
    absolute = _with_use(
        canonical,
        "openmaps/wix",
        declared_at=dataclasses.replace(wix.declared_at, path="/home/acme/reciprocity.yml"),
    )
    (result,) = _results_of(_run(absolute), "openmaps/wix")
    assert result["relatedLocations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "file:///home/acme/reciprocity.yml"
    }


def test_fingerprints_are_stable_and_distinct(canonical: CheckResult) -> None:
    first = _run(canonical)
    assert render(canonical) == render(canonical)
    prints = [r["partialFingerprints"][FINGERPRINT] for r in first["results"]]
    assert len(set(prints)) == len(prints)  # one per component and rule

    wix = _use(canonical, "openmaps/wix")
    assert wix.location is not None and wix.declared_at is not None
    moved = _with_use(
        canonical,
        "openmaps/wix",
        location=dataclasses.replace(wix.location, line=wix.location.line + 40),
        declared_at=dataclasses.replace(wix.declared_at, line=wix.declared_at.line + 3),
    )
    again = _run(moved)
    assert [r["partialFingerprints"] for r in again["results"]] == [
        r["partialFingerprints"] for r in first["results"]
    ]
    assert _where(_results_of(again, "openmaps/wix")[0]) == ("composer.lock", 60)
    # The language changes words, not identities.
    assert [r["partialFingerprints"] for r in _run(canonical, "fr")["results"]] == [
        r["partialFingerprints"] for r in first["results"]
    ]
    assert [r["ruleId"] for r in _run(canonical, "fr")["results"]] == [
        r["ruleId"] for r in first["results"]
    ]


def test_a_change_from_the_base_is_carried(canonical: CheckResult) -> None:
    was = Change(new=False, verdict=Verdict.NEEDS_INFO, balance=Money(Decimal("120"), "EUR"))
    diff = _with_use(canonical, "guide-coursier", change=was)
    diff = _with_use(diff, "openmaps/wix", change=Change(new=True))
    run = _run(dataclasses.replace(diff, base="origin/main"))
    (changed,) = _results_of(run, "guide-coursier")
    assert changed["properties"]["change"] == {
        "status": "changed",
        "base_verdict": "needs-info",
        "base_balance": {"value": "120.00", "currency": "EUR"},
    }
    (new,) = _results_of(run, "openmaps/wix")
    assert new["properties"]["change"] == {"status": "new"}
    assert "change" not in _results_of(run, "coopcycle-web")[0]["properties"]
    assert run["properties"]["base"] == "origin/main"
    assert run["properties"]["summary"].startswith("Since origin/main:")


def test_a_use_without_licence_has_an_unknown_licence_rule(canonical: CheckResult) -> None:
    routing = _with_use(canonical, "atelier/routing", licence=None)
    run = _run(routing)
    (result,) = _results_of(run, "atelier/routing")
    assert result["ruleId"] == "unknown-licence/commercial-use"
    assert result["properties"]["licence"] is None
    _validate(_sarif(routing))


def test_two_uses_of_one_commons_keep_two_fingerprints(canonical: CheckResult) -> None:
    wix = _use(canonical, "openmaps/wix")
    twice = dataclasses.replace(canonical, uses=(*canonical.uses, wix))
    prints = [
        r["partialFingerprints"][FINGERPRINT] for r in _results_of(_run(twice), "openmaps/wix")
    ]
    assert len(prints) == 2
    assert len(set(prints)) == 2
    (alone,) = _results_of(_run(canonical), "openmaps/wix")
    assert alone["partialFingerprints"][FINGERPRINT] == prints[0]


def test_a_relative_path_that_looks_like_a_drive_stays_relative(canonical: CheckResult) -> None:
    wix = _use(canonical, "openmaps/wix")
    assert wix.location is not None
    odd = _with_use(
        canonical, "openmaps/wix", location=dataclasses.replace(wix.location, path="c:lib/x.lock")
    )
    (result,) = _results_of(_run(odd), "openmaps/wix")
    assert _where(result) == ("c%3Alib/x.lock", 20)
    drive = _with_use(
        canonical, "openmaps/wix", location=dataclasses.replace(wix.location, path="C:/x.lock")
    )
    odd_root = dataclasses.replace(drive, root="")
    (result,) = _results_of(_run(odd_root), "openmaps/wix")
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "file:///C:/x.lock"}
