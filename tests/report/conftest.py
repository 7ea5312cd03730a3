"""The canonical result every report format is tested against.

It is a real evaluation: the scan of ``tests/data/reports/acme`` (a company's repository with a
vendored copyfair program, a training commons and three Composer dependencies) against its
declaration, as of 2026-11-22. It holds one use of each kind a report must show: forbidden,
owing in two currencies, needing information, settled, permitted, found by the scan or only
declared.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from reciprocity.catalogue import load_catalogue
from reciprocity.declaration import load_declaration
from reciprocity.evaluation.engine import Evaluator
from reciprocity.evaluation.result import CheckResult
from reciprocity.scan.scanner import ScanOptions, scan
from tests.conftest import DATA

REPORTS = DATA / "reports"
ACME = REPORTS / "acme"
AS_OF = dt.date(2026, 11, 22)


def _canonical() -> CheckResult:
    catalogue = load_catalogue()
    declaration, _ = load_declaration(ACME / "reciprocity.yml", shown="reciprocity.yml")
    inventory = scan(ACME, catalogue, ScanOptions())
    result = Evaluator(catalogue, AS_OF).evaluate(declaration, inventory)
    return dataclasses.replace(result, root=".")


_CACHE: dict[str, CheckResult] = {}


@pytest.fixture
def canonical() -> CheckResult:
    """As if the tool ran at the root of Acme's repository (paths relative to it)."""
    if "result" not in _CACHE:
        _CACHE["result"] = _canonical()
    return _CACHE["result"]
