"""The one-sentence summary every format opens or closes with.

"2 uses owe 1,320.00 EUR; 1 forbidden; 3 need information": what needs doing, most pressing
money first, in the reader's language; what asks nothing is only counted when nothing does.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from reciprocity.evaluation.result import VERDICT_LABELS, Change, CheckResult, Verdict
from reciprocity.evaluation.wording import amount_text
from reciprocity.model import Money, to_cents
from reciprocity.vocabulary import Label

_QUIET = (Verdict.SETTLED, Verdict.EXEMPT, Verdict.PERMITTED)


def owing_balance(result: CheckResult) -> list[Money]:
    """What the owing uses still owe, one amount per currency, sorted by currency."""
    sums: dict[str, Decimal] = {}
    for use in result.uses:
        if use.verdict is Verdict.OWES and use.balance is not None:
            currency = use.balance.currency
            sums[currency] = sums.get(currency, Decimal(0)) + use.balance.value
    return [Money(value, currency) for currency, value in sorted(sums.items())]


def money_list(amounts: list[Money], lang: str) -> str:
    """``520.00 EUR and 90.00 USD`` (``520,00 EUR et 90,00 USD``)."""
    texts = [amount_text(a, lang) for a in amounts]
    if len(texts) < 2:
        return "".join(texts)
    joiner = " et " if lang == "fr" else " and "
    return ", ".join(texts[:-1]) + joiner + texts[-1]


def _uses(count: int, lang: str) -> str:
    if lang == "fr":
        return f"{count} usage" + ("s" if count > 1 else "")
    return f"{count} use" + ("s" if count != 1 else "")


def summary_line(result: CheckResult, lang: str = "en") -> str:
    """One sentence: uses that owe and how much, forbidden ones, those that need facts."""
    counts = Counter(u.verdict for u in result.uses)
    fr = lang == "fr"
    parts = []
    owing = counts[Verdict.OWES]
    if owing:
        verb = ("doivent" if owing > 1 else "doit") if fr else ("owe" if owing > 1 else "owes")
        balance = owing_balance(result)
        if any(m.value for m in balance):
            what = money_list([m for m in balance if m.value], lang)
        else:
            what = "une contribution" if fr else "a contribution"
        parts.append(f"{_uses(owing, lang)} {verb} {what}")
    forbidden = counts[Verdict.FORBIDDEN]
    if forbidden:
        word = ("interdits" if forbidden > 1 else "interdit") if fr else "forbidden"
        parts.append(f"{forbidden} {word}")
    needing = counts[Verdict.NEEDS_INFO]
    if needing:
        if fr:
            verb = "demandent" if needing > 1 else "demande"
            parts.append(f"{needing} {verb} des informations")
        else:
            parts.append(f"{needing} {'need' if needing > 1 else 'needs'} information")
    separator = " ; " if fr else "; "
    if parts:
        text = separator.join(parts)
    elif not result.uses:
        text = (
            "aucun usage sous licence à réciprocité" if fr else "no use under a reciprocity licence"
        )
    else:
        quiet = ", ".join(f"{counts[v]} {VERDICT_LABELS[v](lang)}" for v in _QUIET if counts.get(v))
        checked = "vérifiés" if len(result.uses) > 1 else "vérifié"
        text = (
            f"{_uses(len(result.uses), lang)} {checked}, rien à régler ({quiet})"
            if fr
            else f"{_uses(len(result.uses), lang)} checked, nothing to settle ({quiet})"
        )
    if result.base is not None:
        since = f"depuis {result.base}" if fr else f"since {result.base}"
        text = f"{since[0].upper()}{since[1:]}{' :' if fr else ':'} {text}"
    return text[0].upper() + text[1:] + "."


def previous_state(change: Change, lang: str) -> str:
    """How a changed use stood at the base: ``owes 400.00 EUR``, ``needs information``."""
    assert change.verdict is not None
    text = VERDICT_LABELS[change.verdict](lang)
    if change.verdict is Verdict.OWES and change.balance is not None:
        text += f" {amount_text(change.balance, lang)}"
    return text


_NO_USES = Label(
    "No component under a reciprocity licence, and no declared use.",
    "Aucun composant sous licence à réciprocité, et aucun usage déclaré.",
)
_NOTHING_NEW = Label(
    "Nothing under a reciprocity licence changed.",
    "Rien n'a changé sous licence à réciprocité.",
)


def no_uses(result: CheckResult, lang: str) -> str:
    """What a report says in place of its uses when it has none."""
    return (_NOTHING_NEW if result.base is not None else _NO_USES)(lang)


def owed_plain(result: CheckResult) -> str:
    """What the owing uses still owe, for machines: ``520.00 EUR, 90.00 USD``, or empty."""
    return ", ".join(f"{to_cents(m.value)} {m.currency}" for m in owing_balance(result) if m.value)


def uses_owing(result: CheckResult) -> int:
    """How many uses owe a contribution."""
    return sum(1 for use in result.uses if use.verdict is Verdict.OWES)
