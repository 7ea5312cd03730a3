"""Evaluate declared uses against their licences: one finding per rule, then a verdict.

The reading of each rule is the README's ("How a use is evaluated"): kinds of use, then
``when``, ``unless``, trial and grace periods, waivers, and what the rule asks, with money
counted for the declared period and settled by the declared contributions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from reciprocity import model as m
from reciprocity.catalogue import Catalogue, apply_terms, load_reference
from reciprocity.declaration.model import Contribution, Declaration, Period, Use, Waiver
from reciprocity.errors import DeclarationError, Diagnostic, ReciprocityError
from reciprocity.evaluation import wording as w
from reciprocity.evaluation.facts import Answer, Facts, Known, Rates, add_duration
from reciprocity.evaluation.result import (
    CheckResult,
    Clause,
    Finding,
    Location,
    UseResult,
    Verdict,
    most_serious,
)
from reciprocity.inventory import Component, Inventory
from reciprocity.vocabulary import COUNT_UNITS, PERIODS, Label

CommitCounter = Callable[[Path, tuple[str, ...], Period], int]
"""Counts the commits by some identities in a clone's history over a period."""


def cents(amount: m.Money) -> m.Money:
    """Round to the cent, half up: the one rounding, done at the end."""
    return m.Money(m.to_cents(amount.value), amount.currency)


def default_period(as_of: dt.date) -> Period:
    """The calendar year of the evaluation date."""
    return Period(dt.date(as_of.year, 1, 1), dt.date(as_of.year, 12, 31))


@dataclass
class _Pool:
    """Money and other contributions given to one component, used up rule by rule."""

    money: list[tuple[Contribution, Decimal]] = field(default_factory=list)
    """Each money contribution and what is left of it, in its own currency."""
    kinds: set[str] = field(default_factory=set)
    evidence: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Evaluator:
    """Evaluates a declaration (and optionally a scan's inventory) as of one day."""

    catalogue: Catalogue
    as_of: dt.date
    count_commits: CommitCounter | None = None

    # ---- entry points ----------------------------------------------------------------------

    def evaluate(self, declaration: Declaration, inventory: Inventory | None = None) -> CheckResult:
        """Evaluate every declared use, and every bound component of ``inventory``."""
        period = declaration.period or default_period(self.as_of)
        pools = self._pools(declaration, period)
        notes = self._waiver_notes(declaration)
        results: list[UseResult] = []
        components = _bound_components(inventory)
        declared = {u.component for u in declaration.uses}
        for use in declaration.uses:
            matches = [c for c in components if _names(c, use.component)]
            results.extend(self._use_results(declaration, use, matches, period, pools))
        given = frozenset(declaration.field_positions)
        for component in components:
            if not any(_names(component, name) for name in declared):
                results.append(self._undeclared(component, given))
        return CheckResult(
            as_of=self.as_of,
            period=period,
            uses=tuple(sorted(results, key=_order)),
            declaration=declaration.source,
            inventory=inventory,
            notes=notes,
        )

    def without_declaration(self, inventory: Inventory) -> CheckResult:
        """Report each bound component as needing a declaration, with what would decide it."""
        results = [self._undeclared(c) for c in _bound_components(inventory)]
        return CheckResult(
            as_of=self.as_of,
            period=default_period(self.as_of),
            uses=tuple(sorted(results, key=_order)),
            inventory=inventory,
        )

    # ---- one use ---------------------------------------------------------------------------

    def _use_results(
        self,
        declaration: Declaration,
        use: Use,
        components: Sequence[Component],
        period: Period,
        pools: dict[str, _Pool],
    ) -> list[UseResult]:
        location = _location(components[0]) if components else None
        written = declaration.position(use.field_path)
        declared_at = Location(path=declaration.source, line=written.line if written else 0)
        if use.licence is not None:
            licence_ids = [self._resolve(declaration, use)]
        else:
            licence_ids = sorted({i for c in components for i in _binding(c)})
        if not licence_ids:
            finding = Finding(
                rule="licence",
                verdict=Verdict.NEEDS_INFO,
                explanation=w.no_licence(use.component),
                missing=(f"{use.field_path}.licence",),
            )
            return [_result(use.component, None, (finding,), use, location, declared_at)]
        results = []
        for licence_id in licence_ids:
            licence = self.catalogue.resolve(licence_id)
            if licence is None:
                finding = Finding(
                    rule="licence",
                    verdict=Verdict.NEEDS_INFO,
                    explanation=w.not_in_catalogue(licence_id),
                    missing=(f"{use.field_path}.licence",),
                )
                results.append(
                    _result(use.component, licence_id, (finding,), use, location, declared_at)
                )
                continue
            licence, terms_name = self._complete(declaration, use, licence)
            facts = Facts(
                declaration=declaration,
                use=use,
                as_of=self.as_of,
                period=period,
                parameters={p.name: p.default for p in licence.parameters},
                rates=Rates(declaration.rates),
            )
            pool = pools.setdefault(use.component, _Pool())
            self._count_upstream(declaration, use, period, pool)
            findings = _UseEvaluation(
                licence,
                use,
                facts,
                pool,
                declaration.waivers,
                self.as_of,
                terms_name is not None or not licence.delegates,
            ).run()
            results.append(
                _result(use.component, licence.id, findings, use, location, declared_at, terms_name)
            )
        return results

    def _resolve(self, declaration: Declaration, use: Use) -> str:
        assert use.licence is not None
        licence = self.catalogue.resolve(use.licence)
        if licence is not None:
            return licence.id
        suggestions = self.catalogue.suggestions(use.licence)
        hint = (
            f"did you mean '{suggestions[0]}'?"
            if suggestions
            else "a licence that asks nothing back (MIT, Apache-2.0) needs no declared use; "
            "run `reciprocity licence list` for the catalogue"
        )
        raise _located(
            declaration,
            f"{use.field_path}.licence",
            f"'{use.licence}' is not a reciprocity licence of the catalogue",
            hint,
        )

    def _complete(
        self, declaration: Declaration, use: Use, licence: m.Licence
    ) -> tuple[m.Licence, str | None]:
        """Apply the use's code social and parameter set to its licence."""
        name = None
        for key, wanted in (("code-social", use.code_social), ("parameters", use.parameters)):
            if wanted is None:
                continue
            path = f"{use.field_path}.{key}"
            try:
                terms = self._terms(declaration, licence, wanted, key)
                licence = apply_terms(licence, terms)
            except DeclarationError:
                raise
            except ReciprocityError as error:
                message = str(error).splitlines()[0]
                raise _located(declaration, path, message, _terms_hint(key)) from None
            if key == "code-social":
                name = terms.name
        return licence, name

    def _terms(
        self, declaration: Declaration, licence: m.Licence, wanted: str, key: str
    ) -> m.Terms:
        candidate = declaration.folder / wanted
        if wanted.endswith(".recip") or candidate.is_file():
            document, _ = load_reference(str(candidate), self.catalogue)
        elif key == "code-social":
            document = self.catalogue.code_social(licence.id, wanted)
        else:
            raise ReciprocityError(f"{wanted}: a parameter set is a path to a .recip file")
        if not isinstance(document, m.Terms):
            raise ReciprocityError(f"{wanted}: is a licence, not a code social or parameter set")
        expected = "code-social" if key == "code-social" else "parameters"
        if document.kind != expected:
            raise ReciprocityError(f"{wanted}: is not a {key.replace('-', ' ')}")
        return document

    def _count_upstream(
        self, declaration: Declaration, use: Use, period: Period, pool: _Pool
    ) -> None:
        identities = declaration.organisation.identities
        if use.upstream is None or self.count_commits is None or not identities:
            return
        clone = declaration.folder / use.upstream
        commits = self.count_commits(clone, identities, period)
        if commits:
            pool.kinds.add("code")
            pool.evidence.setdefault("code", []).append(f"{commits} commits in {use.upstream}")

    def _undeclared(
        self, component: Component, declared: frozenset[str] = frozenset()
    ) -> UseResult:
        findings = []
        for licence_id in _binding(component):
            licence = self.catalogue.resolve(licence_id)
            if licence is None:
                findings.append(
                    Finding(
                        rule="licence",
                        verdict=Verdict.NEEDS_INFO,
                        explanation=w.not_in_catalogue(licence_id),
                        missing=("uses",),
                    )
                )
                continue
            findings.extend(w.undeclared_rule(licence, rule, declared) for rule in licence.rules)
            if not licence.rules:
                findings.append(w.undeclared_licence(licence))
        licence_ids = _binding(component)
        return UseResult(
            component=_label(component),
            licence=licence_ids[0] if len(licence_ids) == 1 else " AND ".join(licence_ids),
            verdict=Verdict.NEEDS_INFO,
            findings=tuple(findings),
            location=_location(component),
        )

    # ---- contributions and waivers --------------------------------------------------------

    def _pools(self, declaration: Declaration, period: Period) -> dict[str, _Pool]:
        pools: dict[str, _Pool] = {}
        for contribution in declaration.contributions:
            if contribution.date is not None and contribution.date not in period:
                continue
            pool = pools.setdefault(contribution.to, _Pool())
            if contribution.kind == "money":
                if contribution.amount is not None and contribution.amount.value > 0:
                    pool.money.append((contribution, contribution.amount.value))
                continue
            if contribution.kind == "code" and contribution.commits == 0:
                continue
            pool.kinds.add(contribution.kind)
            pool.evidence.setdefault(contribution.kind, []).append(contribution.field_path)
        return pools

    def _waiver_notes(self, declaration: Declaration) -> tuple[Label, ...]:
        notes = []
        names = {u.component for u in declaration.uses}
        for waiver in declaration.waivers:
            if waiver.component not in names:
                notes.append(w.waiver_unused(waiver))
            elif waiver.expires is not None and waiver.expires <= self.as_of:
                notes.append(w.waiver_expired(waiver))
        return tuple(notes)


def _terms_hint(key: str) -> str:
    if key == "code-social":
        return "name a code social of the catalogue (`reciprocity licence list`) or a .recip file"
    return "give the path of a .recip parameter set, relative to the declaration"


def _located(declaration: Declaration, path: str, message: str, hint: str) -> DeclarationError:
    position = declaration.position(path)
    return DeclarationError(
        (
            Diagnostic.at(
                declaration.text,
                source=declaration.source,
                line=position.line if position else 0,
                column=position.column if position else 0,
                message=f"{path}: {message}",
                hint=hint,
            ),
        )
    )


def _bound_components(inventory: Inventory | None) -> list[Component]:
    if inventory is None:
        return []
    return [c for c in inventory.components if _binding(c)]


def _binding(component: Component) -> tuple[str, ...]:
    choice = component.choice
    if choice is None or not choice.binds:
        return ()
    if choice.binding:
        return choice.binding
    return tuple(sorted({i for branch in choice.alternatives for i in branch}))


def _names(component: Component, name: str) -> bool:
    """Whether a declared use names this component: by name, purl, path, or folder name."""
    if name in (component.name, component.scope, component.purl):
        return True
    return component.scope_kind.value in ("tree", "files") and (
        component.scope.rsplit("/", 1)[-1] == name
    )


def _label(component: Component) -> str:
    """How a report names a component: files under a header are named by their folder."""
    return component.scope if component.scope_kind.value == "files" else component.name


def _location(component: Component) -> Location:
    for evidence in component.evidence:
        if evidence.path:
            return Location(path=evidence.path, line=evidence.line)
    return Location(path=component.scope)


def _order(result: UseResult) -> tuple[str, str, str]:
    return (result.component, result.licence or "", result.field_path or "")


def _result(
    component: str,
    licence: str | None,
    findings: Sequence[Finding],
    use: Use | None,
    location: Location | None,
    declared_at: Location | None,
    code_social: str | None = None,
) -> UseResult:
    owed = _total(f.amount for f in findings)
    contributed = _total(f.credited for f in findings)
    return UseResult(
        component=component,
        licence=licence,
        verdict=most_serious(f.verdict for f in findings),
        findings=tuple(findings),
        code_social=code_social,
        owed=owed,
        contributed=contributed if owed is not None else None,
        field_path=use.field_path if use is not None else None,
        location=location,
        declared_at=declared_at,
    )


def _joined_used(*answers: Answer) -> tuple[Known, ...]:
    seen: dict[str, Known] = {}
    for answer in answers:
        for known in answer.used:
            seen.setdefault(known.field, known)
    return tuple(seen.values())


def _total(amounts: object) -> m.Money | None:
    total: m.Money | None = None
    for amount in amounts:  # type: ignore[attr-defined]
        if amount is None:
            continue
        if total is None:
            total = amount
        elif amount.currency == total.currency:
            total = m.Money(total.value + amount.value, total.currency)
    return total


# ==== One use, rule by rule =================================================================


@dataclass
class _UseEvaluation:
    licence: m.Licence
    use: Use
    facts: Facts
    pool: _Pool
    waivers: tuple[Waiver, ...]
    as_of: dt.date
    terms_given: bool

    def run(self) -> tuple[Finding, ...]:
        findings = list(self._purposes())
        change = self._change()
        if change is not None:
            findings.append(change)
        changed = change is not None and change.verdict is Verdict.PERMITTED and change.due
        for rule in self.licence.rules:
            if changed:
                findings.append(self._finding(rule, Verdict.PERMITTED, w.changed(self.licence)))
                continue
            findings.append(self._waived(rule, self._rule(rule)))
        if change is not None and change.verdict is Verdict.NEEDS_INFO:
            worst = most_serious(f.verdict for f in findings if f is not change)
            if worst.rank >= Verdict.NEEDS_INFO.rank:
                findings.remove(change)
        return tuple(findings)

    # ---- what the use does, against what the licence grants --------------------------------

    def _purposes(self) -> list[Finding]:
        licence = self.licence
        granted = {n.name for n in licence.grants}
        governed = {n.name for r in licence.rules for n in r.applies_to}
        delegated = {n.name for n in licence.delegates}
        out = []
        for purpose in self.use.purposes:
            if purpose in granted or purpose in governed:
                continue
            if purpose in delegated and not self.terms_given:
                out.append(
                    Finding(
                        rule="code-social",
                        verdict=Verdict.NEEDS_INFO,
                        explanation=w.needs_code_social(licence, purpose),
                        missing=(f"{self.use.field_path}.code-social",),
                    )
                )
                continue
            finding = Finding(
                rule=f"grant:{purpose}",
                verdict=Verdict.FORBIDDEN,
                explanation=w.not_granted(licence, purpose, purpose in delegated),
            )
            out.append(self._apply_waiver(finding.rule, finding))
        return out

    def _change(self) -> Finding | None:
        change = self.licence.change
        if change is None:
            return None
        target = change.to.id if isinstance(change.to, m.LicenceRef) else None
        if isinstance(change.to, m.Name):
            value = self.facts.parameter_value(change.to.name)
            target = value.id if isinstance(value, m.LicenceRef) else None
        dates: list[dt.date] = []
        missing: list[str] = []
        if change.on is not None:
            on = change.on
            if isinstance(on, m.Name):
                value = self.facts.parameter_value(on.name)
                if isinstance(value, dt.date):
                    dates.append(value)
                else:
                    missing.append(f"{self.use.field_path}.parameters")
            else:
                dates.append(on)
        if change.after_release is not None:
            if self.use.released is not None:
                dates.append(add_duration(self.use.released, change.after_release))
            else:
                missing.append(f"{self.use.field_path}.released")
        first = min(dates) if dates else None
        shown = target or "?"
        if first is not None and first <= self.as_of:
            return Finding(
                rule="change",
                verdict=Verdict.PERMITTED,
                explanation=w.change_happened(shown, first),
                due=first,
            )
        if missing:
            return Finding(
                rule="change",
                verdict=Verdict.NEEDS_INFO,
                explanation=w.change_unknown(shown, first),
                missing=tuple(missing),
            )
        return Finding(
            rule="change", verdict=Verdict.PERMITTED, explanation=w.change_ahead(shown, first)
        )

    # ---- one rule --------------------------------------------------------------------------

    def _finding(
        self,
        rule: m.Rule,
        verdict: Verdict,
        explanation: Label,
        *,
        amount: m.Money | None = None,
        credited: m.Money | None = None,
        missing: tuple[str, ...] = (),
        due: dt.date | None = None,
    ) -> Finding:
        return Finding(
            rule=rule.name,
            verdict=verdict,
            explanation=explanation,
            clause=Clause.of(rule),
            amount=amount,
            credited=credited,
            missing=missing,
            due=due,
        )

    def _rule(self, rule: m.Rule) -> Finding:
        kinds = {n.name for n in rule.applies_to}
        if not rule.any_use and not kinds & set(self.use.purposes):
            return self._finding(rule, Verdict.PERMITTED, w.other_kinds(rule, self.use.purposes))
        when = self.facts.holds(rule.when) if rule.when is not None else Answer(True)
        if when.value is False:
            return self._finding(rule, Verdict.EXEMPT, w.when_false(rule, when))
        exemptions = [self.facts.holds(c) for c in rule.unless]
        for condition, answer in zip(rule.unless, exemptions, strict=True):
            if answer.value is True:
                return self._finding(rule, Verdict.EXEMPT, w.unless_true(condition, answer))
        unknown = [a for a in (when, *exemptions) if a.value is None]
        if unknown:
            missing = tuple(sorted({f for a in unknown for f in a.missing}))
            return self._finding(
                rule, Verdict.NEEDS_INFO, w.unknown(rule, missing), missing=missing
            )
        timed = self._time(rule)
        if timed is not None:
            return timed
        if rule.forbidden:
            decided = Answer(True, _joined_used(when, *exemptions))
            return self._finding(rule, Verdict.FORBIDDEN, w.forbidden(rule, decided))
        return self._requirements(rule, when)

    def _time(self, rule: m.Rule) -> Finding | None:
        since = self.use.since
        starts: list[tuple[str, m.Duration]] = []
        if rule.trial is not None:
            starts.append(("trial", rule.trial.duration))
        if rule.grace is not None:
            starts.append(("grace", rule.grace))
        for kind, span in starts:
            if since is None:
                missing = (f"{self.use.field_path}.since",)
                return self._finding(
                    rule, Verdict.NEEDS_INFO, w.unknown(rule, missing), missing=missing
                )
            start = since
            facts_since = self.facts.declaration.organisation.facts_since
            if kind == "grace" and facts_since is not None:
                start = max(start, facts_since)
            end = add_duration(start, span)
            if self.as_of < end:
                return self._finding(
                    rule, Verdict.EXEMPT, w.period_running(kind, span, end), due=end
                )
        return None

    def _waived(self, rule: m.Rule, finding: Finding) -> Finding:
        if finding.verdict not in (Verdict.FORBIDDEN, Verdict.OWES, Verdict.NEEDS_INFO):
            return finding
        return self._apply_waiver(rule.name, finding)

    def _apply_waiver(self, rule_name: str, finding: Finding) -> Finding:
        for waiver in self.waivers:
            if waiver.component != self.use.component or waiver.rule != rule_name:
                continue
            if waiver.expires is None or self.as_of < waiver.expires:
                return replace(
                    finding,
                    verdict=Verdict.EXEMPT,
                    amount=None,
                    credited=None,
                    missing=(),
                    explanation=w.waived(waiver),
                )
            return replace(finding, explanation=w.with_expired(finding.explanation, waiver))
        return finding

    # ---- what a rule asks -------------------------------------------------------------------

    def _requirements(self, rule: m.Rule, when: Answer) -> Finding:
        parts: list[
            tuple[Verdict, Label, m.Money | None, m.Money | None, tuple[str, ...], dt.date | None]
        ] = []
        for requirement in rule.requirements:
            parts.append(self._requirement(requirement))
        if not parts:
            return self._finding(rule, Verdict.PERMITTED, w.nothing_asked(rule))
        verdict = most_serious(p[0] for p in parts)
        amount = _total(p[2] for p in parts)
        credited = _total(p[3] for p in parts)
        missing = tuple(sorted({f for p in parts for f in p[4]}))
        due = min((p[5] for p in parts if p[5] is not None), default=None)
        explanation = w.requirements(rule, when, [p[1] for p in parts], self.facts.period)
        return self._finding(
            rule,
            verdict,
            explanation,
            amount=cents(amount) if amount else None,
            credited=cents(credited) if credited and amount else None,
            missing=missing if verdict is Verdict.NEEDS_INFO else (),
            due=due,
        )

    def _requirement(
        self, requirement: m.Requirement
    ) -> tuple[Verdict, Label, m.Money | None, m.Money | None, tuple[str, ...], dt.date | None]:
        """Settle one ``must`` line by any of its alternatives."""
        options = []
        for duty in requirement.alternatives:
            options.append(self._duty(duty))
        settled = [o for o in options if o[0] is Verdict.SETTLED]
        if settled:
            return settled[0]
        owing = [o for o in options if o[0] is Verdict.OWES]
        if owing:
            label = w.alternatives([o[1] for o in options]) if len(options) > 1 else owing[0][1]
            first = owing[0]
            return (Verdict.OWES, label, first[2], first[3], (), first[5])
        first = options[0]
        return (
            first[0],
            w.alternatives([o[1] for o in options]),
            first[2],
            first[3],
            tuple(sorted({f for o in options for f in o[4]})),
            first[5],
        )

    def _duty(
        self, duty: m.Duty
    ) -> tuple[Verdict, Label, m.Money | None, m.Money | None, tuple[str, ...], dt.date | None]:
        if isinstance(duty, m.Pay):
            return self._pay(duty)
        kind = {
            m.ContributeCode: "code",
            m.PublishSource: "source",
            m.ShareAlike: "source",
            m.Attribute: "attribution",
            m.Report: "report",
            m.ObtainLicence: "licence",
        }[type(duty)]
        within = getattr(duty, "within", None)
        due = add_duration(self.use.since, within) if within and self.use.since else None
        if kind in self.pool.kinds:
            return (
                Verdict.SETTLED,
                w.action_done(duty, self.pool.evidence.get(kind, [])),
                None,
                None,
                (),
                None,
            )
        return (Verdict.OWES, w.action_owed(duty, due), None, None, (), due)

    def _pay(
        self, pay: m.Pay
    ) -> tuple[Verdict, Label, m.Money | None, m.Money | None, tuple[str, ...], dt.date | None]:
        computed = _Payment(self.facts, pay).due()
        if not isinstance(computed, _Due):
            return (Verdict.NEEDS_INFO, w.pay_unknown(pay, computed), None, None, computed, None)
        amount, workings = computed.amount, computed.workings
        if amount.value == 0:
            return (Verdict.PERMITTED, w.pay_nothing(pay, workings), amount, None, (), None)
        credited, unconverted = self._credit(amount)
        if credited.value >= amount.value:
            return (
                Verdict.SETTLED,
                w.paid(pay, amount, credited, workings),
                amount,
                credited,
                (),
                None,
            )
        if unconverted:
            lacking = tuple(sorted({Rates.missing(c) for c in unconverted}))
            return (
                Verdict.NEEDS_INFO,
                w.pay_unconverted(pay, amount, lacking),
                amount,
                credited,
                lacking,
                None,
            )
        return (Verdict.OWES, w.owed(pay, amount, credited, workings), amount, credited, (), None)

    def _credit(self, amount: m.Money) -> tuple[m.Money, list[str]]:
        """Take money contributions against an amount due; return what was taken."""
        need = amount.value
        taken = Decimal(0)
        unconverted = []
        for index, (contribution, left) in enumerate(self.pool.money):
            if need <= 0:
                break
            assert contribution.amount is not None
            currency = contribution.amount.currency
            available = self.facts.rates.convert(m.Money(left, currency), amount.currency)
            if available is None:
                unconverted.append(currency)
                continue
            use = min(available.value, need)
            need -= use
            taken += use
            back = self.facts.rates.convert(m.Money(use, amount.currency), currency)
            spent = back.value if back is not None else left
            self.pool.money[index] = (contribution, max(left - spent, Decimal(0)))
        return m.Money(taken, amount.currency), unconverted


# ==== Amounts ===============================================================================


@dataclass
class _Due:
    amount: m.Money
    workings: list[Label]


@dataclass
class _Payment:
    """What one ``pay`` duty asks for the period, with the workings shown to the reader."""

    facts: Facts
    pay: m.Pay

    def due(self) -> _Due | tuple[str, ...]:
        payment = self.pay.payment
        if isinstance(payment, m.PercentOf):
            if payment.base.name == "prestation":
                return self._prestations(payment)
            return self._share_of(payment)
        return self._fee(payment)

    def _convert(self, amount: m.Money, currency: str) -> m.Money | str:
        converted = self.facts.rates.convert(amount, currency)
        return converted if converted is not None else Rates.missing(amount.currency)

    def _bounded(self, amount: m.Money) -> m.Money | str:
        value = amount.value
        for bound, keep in ((self.pay.minimum, max), (self.pay.maximum, min)):
            if bound is None:
                continue
            converted = self._convert(bound, amount.currency)
            if isinstance(converted, str):
                return converted
            value = keep(value, converted.value)
        return m.Money(value, amount.currency)

    def _rule_currency(self) -> str | None:
        payment = self.pay.payment
        for money in (
            getattr(payment, "above", None),
            getattr(payment, "amount", None),
            self.pay.minimum,
            self.pay.maximum,
        ):
            if money is not None:
                return str(money.currency)
        return None

    def _prestations(self, payment: m.PercentOf) -> _Due | tuple[str, ...]:
        period = self.facts.period
        counted = [p for p in self.facts.use.prestations if p.date is None or p.date in period]
        currency = self._rule_currency() or (
            counted[0].amount.currency if counted else self._fallback_currency()
        )
        total = Decimal(0)
        workings = []
        missing: set[str] = set()
        for prestation in counted:
            price = self._convert(prestation.amount, currency)
            if isinstance(price, str):
                missing.add(price)
                continue
            base = price.value
            if payment.above is not None:
                above = self._convert(payment.above, currency)
                if isinstance(above, str):
                    missing.add(above)
                    continue
                base = max(base - above.value, Decimal(0))
            share = self._bounded(m.Money(base * payment.rate.value / 100, currency))
            if isinstance(share, str):
                missing.add(share)
                continue
            total += share.value
            workings.append(w.prestation_share(prestation, share))
        if missing:
            return tuple(sorted(missing))
        return _Due(m.Money(total, currency), workings)

    def _fallback_currency(self) -> str:
        revenue = self.facts.declaration.organisation.amount("revenue")
        return revenue.currency if revenue is not None else "EUR"

    def _share_of(self, payment: m.PercentOf) -> _Due | tuple[str, ...]:
        found = self.facts.fact(payment.base.name)
        if isinstance(found, str):
            return (found,)
        base = found.value
        assert isinstance(base, m.Money)
        months = self.facts.months_of_use()
        if isinstance(months, str):
            return (months,)
        value = base.value
        if payment.above is not None:
            above = self._convert(payment.above, base.currency)
            if isinstance(above, str):
                return (above,)
            value = max(value - above.value, Decimal(0))
        share = m.Money(value * payment.rate.value / 100 * months / 12, base.currency)
        bounded = self._bounded(share)
        if isinstance(bounded, str):
            return (bounded,)
        return _Due(bounded, [w.share_workings(payment, base, months)])

    def _fee(self, fee: m.Fee) -> _Due | tuple[str, ...]:
        factor = Decimal(1)
        workings: list[Label] = []
        missing = []
        for unit in fee.per:
            name = unit.name
            if name in PERIODS:
                months = self.facts.months_of_use()
                if isinstance(months, str):
                    missing.append(months)
                    continue
                count = months if name == "month" else -(-months // 12)
            else:
                fact = COUNT_UNITS.get(name, name)
                found = self.facts.fact(fact)
                if isinstance(found, str):
                    missing.append(found)
                    continue
                count = int(found.value)  # type: ignore[call-overload]
            factor *= count
            workings.append(w.fee_factor(name, count))
        if missing:
            return tuple(sorted(set(missing)))
        total = self._bounded(m.Money(fee.amount.value * factor, fee.amount.currency))
        if isinstance(total, str):
            return (total,)
        return _Due(total, workings)
