"""What a change brings: the uses and obligations of a result that its base did not have.

A pull request is judged on what it introduces. A use is matched with the base's by its
component, licence and code social. With no match it is new (a new dependency, or a licence
that changed upstream) and reported whole. With one, only its findings that got worse are
kept (a rule that now applies, a verdict more serious, more left to pay, a fact now missing),
and the use's verdict is the most serious of those, so an old problem does not fail a new
change. What got better (less owed, a payment, a dependency removed) becomes a note.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from reciprocity.evaluation import wording as w
from reciprocity.evaluation.result import (
    Change,
    CheckResult,
    Finding,
    UseResult,
    most_serious,
)
from reciprocity.vocabulary import Label

_UseKey = tuple[str, str | None, str | None]


def _key(use: UseResult) -> _UseKey:
    return (use.component, use.licence, use.code_social)


def _left(finding: Finding) -> Decimal:
    if finding.amount is None:
        return Decimal(0)
    paid = finding.credited.value if finding.credited is not None else Decimal(0)
    return max(finding.amount.value - paid, Decimal(0))


def _worse(finding: Finding, before: Finding | None) -> bool:
    """Whether ``finding`` asks more than the base's finding of the same rule did."""
    if before is None:
        return True
    if finding.verdict.rank != before.verdict.rank:
        return finding.verdict.rank < before.verdict.rank
    if finding.amount is not None and before.amount is not None:
        if finding.amount.currency != before.amount.currency:
            return True
        if _left(finding) > _left(before):
            return True
    return not set(finding.missing) <= set(before.missing)


def changes_since(base: CheckResult, head: CheckResult, revision: str) -> CheckResult:
    """``head`` reduced to what got worse since ``base``, which was evaluated at ``revision``."""
    # Two declared uses of one component under one licence are matched in their order.
    before: dict[_UseKey, list[UseResult]] = {}
    for use in base.uses:
        before.setdefault(_key(use), []).append(use)
    kept: list[UseResult] = []
    better: list[Label] = []
    for use in head.uses:
        waiting = before.get(_key(use))
        old = waiting.pop(0) if waiting else None
        if old is None:
            kept.append(dataclasses.replace(use, change=Change(new=True)))
            continue
        by_rule = {f.rule: f for f in old.findings}
        worse = tuple(f for f in use.findings if _worse(f, by_rule.get(f.rule)))
        if worse:
            kept.append(
                dataclasses.replace(
                    use,
                    findings=worse,
                    verdict=most_serious(f.verdict for f in worse),
                    change=Change(new=False, verdict=old.verdict, balance=old.balance),
                )
            )
        elif _improved(old, use):
            better.append(w.use_better(old, use, revision))
    gone = [
        w.use_gone(use.component, use.licence, revision)
        for waiting in before.values()
        for use in waiting
    ]
    notes = tuple(note for note in head.notes if note not in base.notes)
    return dataclasses.replace(
        head,
        uses=tuple(kept),
        notes=(*notes, *better, *sorted(gone, key=lambda label: label.en)),
        base=revision,
    )


def _improved(old: UseResult, new: UseResult) -> bool:
    if new.verdict.rank != old.verdict.rank:
        return True
    return old.balance is not None and new.balance is not None and new.balance != old.balance
