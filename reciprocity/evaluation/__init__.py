"""Evaluation of declared uses against licences: findings, verdicts and amounts."""

from reciprocity.evaluation.engine import Evaluator, default_period
from reciprocity.evaluation.result import (
    CheckResult,
    Clause,
    Finding,
    Location,
    UseResult,
    Verdict,
    most_serious,
)

__all__ = [
    "CheckResult",
    "Clause",
    "Evaluator",
    "Finding",
    "Location",
    "UseResult",
    "Verdict",
    "default_period",
    "most_serious",
]
