"""Model to canonical text: the inverse of the parser.

The printed form is what ``licence show`` displays and what a formatter would write: fixed
statement order, two-space indentation, long texts split into adjacent quoted pieces.
Parsing the printed form of a document gives back an equal model (comments are not kept).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reciprocity import model as m

INDENT = "  "
WIDTH = 96


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(text: m.Text, indent: str, lead: int) -> str:
    """Quote ``text``, split into adjacent pieces that fit the width after ``lead`` columns."""
    words = text.value.split(" ")
    pieces: list[str] = []
    current = ""
    room = max(30, WIDTH - lead - 2)
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and len(candidate) + 1 > room:
            pieces.append(current + " ")
            current = word
            room = max(30, WIDTH - len(indent) - 4)
        else:
            current = candidate
    pieces.append(current)
    return ("\n" + indent + INDENT).join(_quote(p) for p in pieces)


def _decimal(value: Decimal) -> str:
    return format(value, "f")


def format_value(value: object) -> str:
    """Print a value as the language writes it."""
    match value:
        case m.Money(amount, currency):
            return f"{_decimal(amount)} {currency}"
        case m.Percentage(rate):
            return f"{_decimal(rate)}%"
        case m.Duration(amount, unit):
            return f"{amount} {unit}{'' if amount == 1 else 's'}"
        case Decimal():
            return _decimal(value)
        case dt.date():
            return value.isoformat()
        case m.Symbol(name) | m.Name(name):
            return name
        case m.LicenceRef(identifier):
            return identifier
        case m.Text(text):
            return _quote(text)
        case _:
            return format_condition(value)  # type: ignore[arg-type]


def format_condition(condition: m.Condition, parent: str = "") -> str:
    """Print a condition with the fewest parentheses that keep its meaning."""
    match condition:
        case m.Any(operands):
            out = " or ".join(format_condition(o, "or") for o in operands)
            return f"({out})" if parent in ("and", "not") else out
        case m.All(operands):
            out = " and ".join(format_condition(o, "and") for o in operands)
            return f"({out})" if parent == "not" else out
        case m.Not(operand):
            return "not " + format_condition(operand, "not")
        case m.Constant(value):
            return "true" if value else "false"
        case m.Flag(subject):
            return subject.name
        case m.Compare(subject, op, value):
            return f"{subject.name} {op} {format_value(value)}"
        case m.Member(subject, values, negated):
            listed = ", ".join(format_value(v) for v in values)
            return f"{subject.name} {'not in' if negated else 'in'} [{listed}]"
    raise TypeError(f"not a condition: {condition!r}")


def format_duty(duty: m.Duty) -> str:
    """Print one duty of a ``must`` line."""
    match duty:
        case m.Pay(payment, minimum, maximum):
            if isinstance(payment, m.PercentOf):
                base = "each prestation" if payment.base.name == "prestation" else payment.base.name
                out = f"pay {format_value(payment.rate)} of {base}"
                if payment.above is not None:
                    out += f" above {format_value(payment.above)}"
            else:
                out = f"pay {format_value(payment.amount)}"
                out += "".join(f" per {unit.name}" for unit in payment.per)
            if minimum is not None:
                out += f" at least {format_value(minimum)}"
            if maximum is not None:
                out += f" at most {format_value(maximum)}"
            return out
        case m.ContributeCode(within):
            return "contribute code" + (f" within {format_value(within)}" if within else "")
        case m.PublishSource(within):
            return "publish source" + (f" within {format_value(within)}" if within else "")
        case m.ShareAlike():
            return "share alike"
        case m.Attribute(wording):
            return "attribute" + (f" {format_value(wording)}" if wording else "")
        case m.Report(every):
            return f"report every {every}"
        case m.ObtainLicence():
            return "obtain a licence"
    raise TypeError(f"not a duty: {duty!r}")


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def line(self, indent: str, text: str = "") -> None:
        self.lines.append((indent + text).rstrip())

    def text_line(self, indent: str, keyword: str, text: m.Text) -> None:
        lead = len(indent) + len(keyword) + 1
        self.line(indent, f"{keyword} {_text(text, indent, lead)}")

    def texts_line(self, indent: str, keyword: str, texts: tuple[m.Text, ...]) -> None:
        single = f"{indent}{keyword} " + ", ".join(_quote(t.value) for t in texts)
        if len(texts) == 1 or len(single) <= WIDTH:
            if len(texts) == 1:
                self.text_line(indent, keyword, texts[0])
            else:
                self.line("", single)
            return
        joined = (",\n" + indent + INDENT).join(
            _text(t, indent + INDENT, len(indent) + 2) for t in texts
        )
        self.line(indent, f"{keyword} {joined}")

    def close(self) -> str:
        """End the document's block and return its text."""
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        self.line("", "}")
        return "\n".join(self.lines) + "\n"

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def metadata(self, meta: m.Metadata, indent: str) -> None:
        for keyword, value in (
            ("name", meta.name),
            ("version", meta.version),
            ("url", meta.url),
            ("provenance", meta.provenance),
        ):
            if value is not None:
                self.text_line(indent, keyword, value)
        if meta.authors:
            self.texts_line(indent, "authors", meta.authors)
        if meta.year is not None:
            self.line(indent, f"year {meta.year}")
        if meta.based_on is not None:
            self.line(indent, f"based on {meta.based_on.id}")
        if meta.aliases:
            self.line(indent, "also known as " + ", ".join(_quote(a) for a in meta.aliases))
        if meta.identified_by:
            self.texts_line(indent, "identified by", meta.identified_by)
        for summary in meta.summaries:
            self.text_line(indent, f"summary {summary.lang}", summary.text)

    def rule(self, rule: m.Rule, indent: str) -> None:
        inner = indent + INDENT
        self.blank()
        self.line(indent, f"rule {rule.name} {{")
        if rule.clause is not None:
            self.text_line(inner, "clause", rule.clause)
        if rule.any_use:
            self.line(inner, "applies to any use")
        elif rule.applies_to:
            self.line(inner, "applies to " + ", ".join(k.name for k in rule.applies_to))
        if rule.when is not None:
            self.line(inner, "when " + format_condition(rule.when))
        for exemption in rule.unless:
            self.line(inner, "unless " + format_condition(exemption))
        if rule.trial is not None:
            once = " once per organisation" if rule.trial.once_per_organisation else ""
            self.line(inner, f"trial {format_value(rule.trial.duration)}{once}")
        if rule.grace is not None:
            self.line(inner, f"grace period {format_value(rule.grace)}")
        if rule.forbidden:
            self.line(inner, "forbidden")
        for requirement in rule.requirements:
            self.line(
                inner, "must " + " or ".join(format_duty(d) for d in requirement.alternatives)
            )
        for explanation in rule.explanations:
            self.text_line(inner, f"explain {explanation.lang}", explanation.text)
        self.line(indent, "}")

    def quantities(self, quantities: tuple[m.Quantity, ...], indent: str) -> None:
        for quantity in quantities:
            if quantity.description is not None:
                self.text_line(indent, f"quantity {quantity.name} meaning", quantity.description)
            else:
                self.line(indent, f"quantity {quantity.name}")


def print_licence(licence: m.Licence) -> str:
    """Print a licence in canonical form."""
    out = _Writer()
    inner = INDENT
    out.line("", f"licence {licence.id} {{")
    out.metadata(licence.meta, inner)
    out.blank()
    if licence.grants:
        out.line(inner, "grants everyone " + ", ".join(k.name for k in licence.grants))
    if licence.requires:
        out.line(inner, "requires " + ", ".join(c.name for c in licence.requires))
    if licence.delegates:
        kinds = ", ".join(k.name for k in licence.delegates)
        out.line(inner, f"delegates {kinds} to code social")
    if licence.cure is not None:
        out.line(inner, f"cure period {format_value(licence.cure)}")
    out.blank()
    for parameter in licence.parameters:
        head = f"parameter {parameter.name}: {parameter.type}"
        if parameter.default is not None:
            head += f" default {format_value(parameter.default)}"
        if parameter.description is not None:
            out.text_line(inner, f"{head} meaning", parameter.description)
        else:
            out.line(inner, head)
    out.quantities(licence.quantities, inner)
    if licence.change is not None:
        change = licence.change
        line = f"changes to {format_value(change.to)}"
        if change.on is not None:
            line += f" on {format_value(change.on)}"
        if change.after_release is not None:
            line += f" or {format_value(change.after_release)} after release"
        out.line(inner, line)
    for rule in licence.rules:
        out.rule(rule, inner)
    return out.close()


def print_terms(terms: m.Terms) -> str:
    """Print a code social or a parameter set in canonical form."""
    out = _Writer()
    inner = INDENT
    head = "code social" if terms.kind == "code-social" else "parameters"
    out.line("", f"{head} {terms.name} for {terms.licence.id} {{")
    out.metadata(terms.meta, inner)
    out.blank()
    if terms.grants:
        out.line(inner, "grants everyone " + ", ".join(k.name for k in terms.grants))
    for setting in terms.settings:
        out.line(inner, f"set {setting.name} = {format_value(setting.value)}")
    out.quantities(terms.quantities, inner)
    for rule in terms.rules:
        out.rule(rule, inner)
    return out.close()


def print_document(document: m.Document) -> str:
    """Print a licence, a code social or a parameter set in canonical form."""
    if isinstance(document, m.Licence):
        return print_licence(document)
    return print_terms(document)
