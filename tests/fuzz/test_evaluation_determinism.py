"""The same inputs give the same report, byte for byte, and never a crash.

Random declarations over the Acme repository of ``tests/data/reports`` (its components, the
catalogue's licences and codes social, random facts, prestations, contributions and waivers)
are evaluated twice by fresh evaluators: the JSON reports, or the errors, must be identical.
One subprocess test runs the command line under two hash seeds, since a set or dict ordered by
hash would differ only between processes. Set ``RECIPROCITY_FUZZ_EXAMPLES`` for a longer hunt.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from typing import Any

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from reciprocity.catalogue import load_catalogue
from reciprocity.declaration import parse_declaration
from reciprocity.errors import ReciprocityError
from reciprocity.evaluation.engine import Evaluator
from reciprocity.inventory import Inventory
from reciprocity.report import check_json
from reciprocity.scan.scanner import ScanOptions, scan
from reciprocity.vocabulary import FORMS, USE_KINDS
from tests.conftest import DATA
from tests.fuzz import fuzz_settings
from tests.fuzz.checks import outcome

ACME = DATA / "reports" / "acme"
AS_OF = dt.date(2026, 11, 22)
CATALOGUE = load_catalogue()
_INVENTORY: list[Inventory] = []

COMPONENTS = ["coopcycle-web", "guide-coursier", "atlas", "acme/tiles", "openmaps/wix", "other"]
LICENCES = sorted(licence.id for licence in CATALOGUE.licences())
# Only the Licence Contributive Commons leaves uses to a code social; the others have none.
CODES_SOCIAL = {"LicenseRef-Contributive-Commons": ["open-brand", "semeoz"]}
RULES = sorted({rule.name for licence in CATALOGUE.licences() for rule in licence.rules})
FLAGS = ["worker-owned", "surplus-to-workers", "democratic", "ess", "non-profit"]
CURRENCIES = ["EUR", "USD", "GBP"]

# Mostly this decade, sometimes the ends of the calendar: a date plus a licence's delay
# must not fall off it.
DATES = st.one_of(
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    st.dates(),
    st.sampled_from([dt.date.min, dt.date(9999, 12, 1), dt.date.max]),
).map(dt.date.isoformat)
AMOUNTS = st.tuples(
    st.integers(0, 10**7) | st.integers(0, 10**40), st.sampled_from(CURRENCIES)
).map(lambda t: f"{t[0]} {t[1]}")
COUNTS = st.integers(0, 500) | st.integers(0, 10**30)


def _some(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


ORGANISATIONS = _some(
    {
        "name": st.just("Acme"),
        "form": st.sampled_from(sorted(FORMS)),
        "country": st.just("FR"),
        "revenue": AMOUNTS,
        "total-finances": AMOUNTS,
        "people": COUNTS,
        "developers": COUNTS,
        "monthly-active-users": COUNTS,
        "facts-since": DATES,
        **{flag: st.booleans() for flag in FLAGS},
    }
)


def _licensed(licence: str | None) -> st.SearchStrategy[dict[str, str]]:
    """A use's licence, and the code social it names when its licence has some."""
    if licence is None:
        return st.just({})
    codes = CODES_SOCIAL.get(licence)
    if codes is None:
        return st.just({"licence": licence})
    return st.sampled_from(codes).map(lambda code: {"licence": licence, "code-social": code})


USES = st.tuples(
    st.none() | st.sampled_from(LICENCES) | st.just("LicenseRef-Contributive-Commons"),
    st.fixed_dictionaries(
        {
            "component": st.sampled_from(COMPONENTS),
            # Prestations and commercial use are what most rules ask about: drawn more often.
            "purposes": st.lists(
                st.sampled_from(["prestation", "commercial", *sorted(USE_KINDS)]),
                min_size=1,
                max_size=4,
                unique=True,
            ),
        },
        optional={
            "since": DATES,
            "released": DATES,
            "instances": COUNTS,
            "days-of-use": COUNTS,
            "prestations": st.lists(
                _some({"client": st.just("Lille"), "date": DATES}).flatmap(
                    lambda fields: AMOUNTS.map(lambda amount: {**fields, "amount": amount})
                ),
                max_size=3,
            ),
        },
    ),
).flatmap(lambda pair: _licensed(pair[0]).map(lambda licensed: {**pair[1], **licensed}))
CONTRIBUTIONS = st.fixed_dictionaries(
    {
        "to": st.sampled_from(COMPONENTS),
        "kind": st.sampled_from(["money", "code", "source", "attribution", "report", "licence"]),
        "amount": AMOUNTS,
    },
    optional={"date": DATES, "commits": COUNTS},
)
WAIVERS = st.fixed_dictionaries(
    {
        "component": st.sampled_from(COMPONENTS),
        "rule": st.sampled_from(RULES),
        "reason": st.just("contract 12"),
    },
    optional={"expires": DATES},
)
DECLARATIONS = st.fixed_dictionaries(
    {
        "version": st.just(1),
        "organisation": ORGANISATIONS,
        "uses": st.lists(USES, min_size=1, max_size=4),
    },
    optional={
        "period": st.integers(2024, 2027),
        "rates": st.dictionaries(st.sampled_from(CURRENCIES), AMOUNTS, max_size=2),
        "contributions": st.lists(CONTRIBUTIONS, max_size=3),
        "waivers": st.lists(WAIVERS, max_size=2),
    },
).map(lambda declaration: yaml.safe_dump(declaration, sort_keys=False))


def _inventory() -> Inventory:
    # Scanned once, on first use: the scan is the same for every declaration.
    if not _INVENTORY:
        _INVENTORY.append(scan(ACME, CATALOGUE, ScanOptions()))
    return _INVENTORY[0]


def report(text: str) -> str:
    """The JSON report for a declaration, or the error it gives: either must be ours."""
    try:
        declaration, _ = parse_declaration(text, source="reciprocity.yml", folder=ACME)
        result = Evaluator(CATALOGUE, AS_OF).evaluate(declaration, _inventory())
    except ReciprocityError as error:
        outcome(type(error).__name__)
        return f"{type(error).__name__}: {error}"
    outcome(result.verdict.value)
    return check_json.render(dataclasses.replace(result, root="."))


HUGE = "1" + "0" * 20


@fuzz_settings(50)
@given(DECLARATIONS)
# A delay after release that ends past 9999-12-31.
@example(
    "version: 1\norganisation: {}\nuses:\n- component: coopcycle-web\n  purposes: [production]\n"
    "  released: '9999-12-01'\n  licence: BUSL-1.1\n"
)
# An amount longer than the decimal context's 28 digits, refused where it is written.
@example(
    "version: 1\norganisation: {}\nuses:\n- component: guide-coursier\n  purposes: [prestation]\n"
    "  licence: LicenseRef-Contributive-Commons\n  code-social: open-brand\n"
    f"  prestations:\n  - {{amount: {HUGE}0000000000 EUR}}\n"
)
# Amounts and counts within bounds, whose products and conversions are not.
@example(
    f"version: 1\norganisation: {{developers: {HUGE}, revenue: {HUGE} USD}}\nperiod: 2026\n"
    f"rates: {{USD: {HUGE} EUR}}\nuses:\n- component: guide-coursier\n  purposes: [prestation]\n"
    "  licence: LicenseRef-Contributive-Commons\n  code-social: open-brand\n"
    f"  prestations:\n  - {{amount: {HUGE} USD, date: 2026-03-01}}\n"
    "- component: coopcycle-web\n  purposes: [commercial]\n  since: 2026-01-01\n"
    "  licence: LicenseRef-Post-Open\n"
    "contributions:\n- {to: guide-coursier, kind: money, amount: 10 EUR}\n"
)
def test_the_same_declaration_gives_the_same_report(text: str) -> None:
    first = report(text)
    assert report(text) == first


def test_the_report_does_not_depend_on_the_hash_seed() -> None:
    command = [
        sys.executable,
        "-m",
        "reciprocity",
        "check",
        str(ACME),
        "--format",
        "json",
        "--as-of",
        AS_OF.isoformat(),
    ]
    runs = [
        subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=ACME,
        )
        for seed in ("1", "2")
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [1, 1], outputs[0][1]
    assert outputs[0][0] == outputs[1][0]
    assert b'"schema": "reciprocity/report/1"' in outputs[0][0]
