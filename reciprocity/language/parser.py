"""Text to model: the only module that calls Lark.

``parse_document`` runs the LALR parser built from ``grammars/licence.lark``, turns the tree into
frozen model values with one Transformer, and turns every Lark error into a
:class:`~reciprocity.errors.LicenceSyntaxError` carrying a compiler-style diagnostic.
Statements that may appear once but appear twice are reported here too, since the model
cannot hold both; everything else about meaning is checked in ``semantics``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import sys
from decimal import Decimal
from typing import Any as AnyType

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from reciprocity import model as m
from reciprocity.errors import Diagnostic, LicenceSyntaxError, ReciprocityError, quoted
from reciprocity.language.diagnostics import diagnostic_at, located
from reciprocity.language.mistakes import KNOWN_MISTAKES, TERMINAL_WORDS
from reciprocity.resources import data_folder, user_cache_dir
from reciprocity.vocabulary import VOCABULARY_WORDS

GRAMMAR_FILE = "licence.lark"

MAX_NESTING = 100
"""How deep conditions may nest ('not', parenthesised 'and' and 'or'): far beyond what a licence
needs, and shallow enough for every recursive pass over a condition (building, checking,
printing, evaluating) to stay within Python's recursion limit."""

_NESTING_RULES = frozenset({"negation", "and_condition", "condition"})
# Texts and comments are skipped whole, so that a parenthesis in them is not counted.
_PARENTHESES = re.compile(r'"(?:[^"\\]|\\.)*"|#[^\n]*|[()]', re.DOTALL)


def grammar_text() -> str:
    """Return the text of the licence grammar."""
    return (data_folder("grammars") / GRAMMAR_FILE).read_text(encoding="utf-8")


@functools.cache
def licence_parser(*, strict: bool = False) -> Lark:
    """Build (once) the LALR parser of the licence language.

    Building the tables takes half a second; Lark keeps them in a file in the user's cache
    folder, checked against a hash of the grammar and options, so later runs load them in a
    tenth of that. The strict build (tests only) is never cached.
    """
    return Lark(
        grammar_text(),
        parser="lalr",
        propagate_positions=True,
        maybe_placeholders=False,
        strict=strict,
        cache=False if strict else _cache_file(),
    )


def _cache_file() -> str | bool:
    import lark

    folder = user_cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    version = f"{sys.version_info[0]}{sys.version_info[1]}"
    return str(folder / f"licence-parser-lark{lark.__version__}-py{version}.cache")


def parse_document(text: str, *, source: str = "<string>") -> m.Document:
    """Parse one ``.recip`` document; raise ``LicenceSyntaxError`` on any syntax fault."""
    parser = licence_parser()
    try:
        tree = parser.parse(text)
    except UnexpectedInput as exc:
        raise LicenceSyntaxError((_syntax_diagnostic(exc, text, source, parser),)) from None
    deep = _too_deep(tree, text)
    if deep is not None:
        raise LicenceSyntaxError((_nesting_diagnostic(*deep, text, source),))
    builder = _Builder(text, source)
    try:
        document: m.Document = builder.transform(tree)
    except VisitError as exc:
        if isinstance(exc.orig_exc, ReciprocityError):
            raise exc.orig_exc from None
        raise
    if builder.diagnostics:
        raise LicenceSyntaxError(tuple(builder.diagnostics))
    return document


# ==== Syntax errors ==========================================================================


def _too_deep(tree: Tree[Token], text: str) -> tuple[int, int, int] | None:
    """Where a condition first nests deeper than MAX_NESTING: line, column and width.

    The LALR parser builds a tree of any depth without recursing, but the Transformer and
    every later pass recurse: the tree is measured with an explicit stack before them.
    Parentheses leave no node in the tree; they are counted in the text.
    """
    stack: list[tuple[Tree[Token], int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if node.data in _NESTING_RULES:
            depth += 1
            if depth > MAX_NESTING:
                width = len("not") if node.data == "negation" else 1
                return node.meta.line, node.meta.column, width
        stack.extend((c, depth) for c in reversed(node.children) if isinstance(c, Tree))
    depth = 0
    for match in _PARENTHESES.finditer(text):
        depth += {"(": 1, ")": -1}.get(match.group(), 0)
        if depth > MAX_NESTING:
            start = match.start()
            line_start = text.rfind("\n", 0, start) + 1
            return text.count("\n", 0, start) + 1, start - line_start + 1, 1
    return None


def _nesting_diagnostic(line: int, column: int, width: int, text: str, source: str) -> Diagnostic:
    return located(
        text,
        source=source,
        line=line,
        column=column,
        width=width,
        message=f"this condition is nested too deeply (more than {MAX_NESTING} levels)",
        hint="write it with fewer 'not' and parentheses: 'not not x' and '((x))' are just 'x'",
    )


def _quoted(value: str) -> str:
    return f"'{quoted(value)}'"


def _describe_terminal(parser: Lark, name: str) -> str:
    if name in TERMINAL_WORDS:
        return TERMINAL_WORDS[name]
    try:
        pattern = parser.get_terminal(name).pattern
    except KeyError:
        return name.lower()
    if pattern.type == "str":
        return f"'{pattern.value}'"
    return name.lower()


@functools.cache
def _keywords_of(parser: Lark) -> frozenset[str]:
    """Keywords that can never be a name (``prestation`` is both, so it is not here)."""
    words = set(_keywords(parser, {t.name for t in parser.terminals}))
    return frozenset(words - VOCABULARY_WORDS)


def _keywords(parser: Lark, names: set[str]) -> list[str]:
    words = []
    for name in names:
        try:
            pattern = parser.get_terminal(name).pattern
        except KeyError:
            continue
        if pattern.type == "str" and pattern.value.isalpha():
            words.append(pattern.value)
    return words


def _top_state(exc: UnexpectedToken) -> object:
    return getattr(exc.state, "position", exc.state)


@functools.cache
def _mistake_signatures() -> tuple[tuple[object, str, str], ...]:
    """Where each known mistake makes the parser fail: (LALR state, token type, label)."""
    parser = licence_parser()
    signatures = []
    for label, examples in KNOWN_MISTAKES.items():
        for example in examples:
            try:
                parser.parse(example)
            except UnexpectedToken as failure:
                signatures.append((_top_state(failure), failure.token.type, label))
            except UnexpectedInput:
                continue
    return tuple(signatures)


def _known_mistake(exc: UnexpectedToken, parser: Lark) -> str | None:
    # Lark's match_examples compares whole parser stacks, so an example only matched a file
    # with the same number of statements before the fault; the top state and the token say
    # what the mistake is.
    state, token_type = _top_state(exc), exc.token.type
    candidates = [s for s in _mistake_signatures() if s[0] == state]
    for _, example_token, label in candidates:
        if example_token == token_type:
            return label
    labels = {label for _, _, label in candidates}
    return labels.pop() if len(labels) == 1 else None


def _syntax_diagnostic(exc: UnexpectedInput, text: str, source: str, parser: Lark) -> Diagnostic:
    line, column = exc.line, exc.column
    if (isinstance(exc, UnexpectedToken) and exc.token.type == "$END") or isinstance(
        exc, UnexpectedEOF
    ):
        # Lark counts lines at line feeds only; so must the line shown.
        lines = [line.removesuffix("\r") for line in text.split("\n")]
        last = len(lines)
        while last > 1 and not lines[last - 1].strip():
            last -= 1
        return located(
            text,
            source=source,
            line=last,
            column=len(lines[last - 1]) + 1,
            message="the file ends before the document is complete",
            hint="close every '{' with a '}' and finish the last statement",
        )
    if isinstance(exc, UnexpectedCharacters):
        offset = exc.pos_in_stream or 0
        char = text[offset] if offset < len(text) else ""
        if char == '"':
            return located(
                text,
                source=source,
                line=line,
                column=column,
                message="this text is never closed",
                hint='end the text with a double quote (write \\" for a quote inside it)',
            )
        if char in "'\u2018\u2019\u201c\u201d":
            return located(
                text,
                source=source,
                line=line,
                column=column,
                message=f"'{char}' cannot open a text",
                hint='put texts between straight double quotes: "like this"',
            )
        return located(
            text,
            source=source,
            line=line,
            column=column,
            message=f"unexpected character {_quoted(char)}",
            hint="remove it, or put it inside a quoted text",
        )
    assert isinstance(exc, UnexpectedToken)
    token = exc.token
    width = len(str(token)) if token else 1
    label = _known_mistake(exc, parser)
    if label is not None:
        message, hint = label.split("\n", 1)
        return located(
            text,
            source=source,
            line=line,
            column=column,
            width=width,
            message=message.format(token=quoted(token)),
            hint=hint.format(token=quoted(token)),
        )
    expected = sorted({_describe_terminal(parser, name) for name in exc.accepts or exc.expected})
    shown = _quoted(token)
    hint = ""
    if token.type in {"NAME", "LICENCE_ID"}:
        close = difflib.get_close_matches(
            str(token), _keywords(parser, set(exc.accepts or exc.expected)), n=1, cutoff=0.7
        )
        if close:
            hint = f"did you mean '{close[0]}'?"
    if not hint:
        if len(expected) == 1:
            hint = f"write {expected[0]} here"
        else:
            hint = "write one of " + ", ".join(expected[:-1]) + f" or {expected[-1]} here"
    return located(
        text,
        source=source,
        line=line,
        column=column,
        width=width,
        message=f"unexpected {shown}",
        hint=hint,
    )


# ==== Tree to model ==========================================================================


def _pos(token: Token, width: int | None = None) -> m.Position:
    return m.Position(
        line=token.line or 0,
        column=token.column or 0,
        width=width if width is not None else len(str(token)),
    )


def _span(first: Token, last: Token) -> m.Position:
    if first.line == last.line and first.column is not None and last.end_column is not None:
        return _pos(first, last.end_column - first.column)
    return _pos(first)


def _unquote(token: Token) -> str:
    body = str(token)[1:-1]
    out = []
    chars = iter(body)
    for char in chars:
        if char == "\\":
            out.append(next(chars, ""))
        else:
            out.append(char)
    return "".join(out)


_SINGULAR = {"days": "day", "weeks": "week", "months": "month", "years": "year"}

Item = tuple[str, AnyType, m.Position | None]
LicenceItem = Item | m.Rule


@v_args(inline=True)
class _Builder(Transformer[Token, m.Document]):
    """Turn a parse tree into a model document, noting repeated one-off statements."""

    def __init__(self, text: str, source: str) -> None:
        super().__init__()
        self._text = text
        self._source = source
        # Lark's contextual lexer reads a keyword as a NAME where no keyword may stand
        # ("when revenue >= forbidden"), so keywords in such places mean something is missing.
        self._keywords = _keywords_of(licence_parser())
        self.diagnostics: list[Diagnostic] = []

    def _report(self, pos: m.Position | None, message: str, hint: str) -> None:
        self.diagnostics.append(diagnostic_at(self._text, self._source, pos, message, hint))

    # ---- values ------------------------------------------------------------------------------

    def text(self, *strings: Token) -> m.Text:
        return m.Text(" ".join("".join(_unquote(s) for s in strings).split()))

    def name(self, token: Token) -> m.Name:
        if str(token) in self._keywords:
            self._report(
                _pos(token),
                f"'{token}' is a keyword, not a name",
                "something is missing before it: a condition, a kind of use or a unit",
            )
        return m.Name(str(token), _pos(token))

    def symbol(self, token: Token) -> m.Symbol:
        # A keyword where a value should be: the value itself was left out.
        if str(token) in self._keywords:
            self._report(
                _pos(token),
                f"a value is missing before '{token}'",
                "write the value to compare with, e.g. revenue >= 1000000 EUR",
            )
        return m.Symbol(str(token), _pos(token))

    def _decimal(self, token: Token) -> Decimal:
        return Decimal(str(token).replace("_", ""))

    def number(self, token: Token) -> Decimal:
        return self._decimal(token)

    def money(self, amount: Token, currency: Token) -> m.Money:
        return m.Money(self._decimal(amount), str(currency), _span(amount, currency))

    def percentage(self, amount: Token) -> m.Percentage:
        return m.Percentage(self._decimal(amount), _pos(amount, len(str(amount)) + 1))

    def duration(self, amount: Token, unit: Token) -> m.Duration:
        value = self._decimal(amount)
        if value != value.to_integral_value():
            self._report(
                _pos(amount), "a duration counts whole units", "write a whole number, e.g. 30 days"
            )
        singular = _SINGULAR.get(str(unit), str(unit))
        return m.Duration(int(value), singular)  # type: ignore[arg-type]

    def date(self, token: Token) -> dt.date:
        return self._date(token)

    def _date(self, token: Token) -> dt.date:
        try:
            return dt.date.fromisoformat(str(token))
        except ValueError:
            self._report(
                _pos(token),
                f"'{token}' is not a real date",
                "write dates as YEAR-MONTH-DAY, e.g. 2026-01-31",
            )
            return dt.date(1, 1, 1)

    def licence_value(self, token: Token) -> m.LicenceRef:
        return m.LicenceRef(str(token), _pos(token))

    # ---- conditions --------------------------------------------------------------------------

    def comparison(self, subject: m.Name, op: Token, value: m.Value) -> m.Compare:
        return m.Compare(subject, str(op), value)  # type: ignore[arg-type]

    def membership(self, subject: m.Name, *values: m.Value) -> m.Member:
        return m.Member(subject, tuple(values))

    def non_membership(self, subject: m.Name, *values: m.Value) -> m.Member:
        return m.Member(subject, tuple(values), negated=True)

    def flag(self, subject: m.Name) -> m.Flag:
        return m.Flag(subject)

    def true(self) -> m.Constant:
        return m.Constant(True)

    def false(self) -> m.Constant:
        return m.Constant(False)

    def negation(self, operand: m.Condition) -> m.Not:
        return m.Not(operand)

    def condition(self, *operands: m.Condition) -> m.Any:
        flat: list[m.Condition] = []
        for operand in operands:
            flat.extend(operand.operands if isinstance(operand, m.Any) else (operand,))
        return m.Any(tuple(flat))

    def and_condition(self, *operands: m.Condition) -> m.All:
        flat: list[m.Condition] = []
        for operand in operands:
            flat.extend(operand.operands if isinstance(operand, m.All) else (operand,))
        return m.All(tuple(flat))

    # ---- duties ------------------------------------------------------------------------------

    def each_prestation(self) -> m.Name:
        return m.Name("prestation")

    def percent_of(
        self, rate: m.Percentage, base: m.Name, above: m.Money | None = None
    ) -> m.PercentOf:
        return m.PercentOf(rate, base, above)

    def fee(self, amount: m.Money, *per: m.Name) -> m.Fee:
        return m.Fee(amount, tuple(per))

    def minimum(self, amount: m.Money) -> tuple[str, m.Money]:
        return ("minimum", amount)

    def maximum(self, amount: m.Money) -> tuple[str, m.Money]:
        return ("maximum", amount)

    def pay(self, payment: m.PercentOf | m.Fee, *bounds: tuple[str, m.Money]) -> m.Pay:
        found = dict(bounds)
        return m.Pay(payment, found.get("minimum"), found.get("maximum"))

    def within(self, duration: m.Duration) -> m.Duration:
        return duration

    def contribute_code(self, within: m.Duration | None = None) -> m.ContributeCode:
        return m.ContributeCode(within)

    def publish_source(self, within: m.Duration | None = None) -> m.PublishSource:
        return m.PublishSource(within)

    def share_alike(self) -> m.ShareAlike:
        return m.ShareAlike()

    def attribute(self, wording: m.Text | None = None) -> m.Attribute:
        return m.Attribute(wording)

    def report(self, every: m.Name) -> m.Report:
        if every.name not in ("month", "year"):
            self._report(
                every.pos, f"cannot report every '{every.name}'", "write report every year or month"
            )
            return m.Report("year")
        return m.Report(every.name)  # type: ignore[arg-type]

    def obtain_licence(self) -> m.ObtainLicence:
        return m.ObtainLicence()

    # ---- rule items --------------------------------------------------------------------------

    def clause(self, text: m.Text) -> Item:
        return ("clause", text, None)

    def any_use(self) -> str:
        return "any"

    def applies(self, *kinds: m.Name | str) -> Item:
        return ("applies", kinds, None)

    def when(self, condition: m.Condition) -> Item:
        return ("when", condition, None)

    def unless(self, condition: m.Condition) -> Item:
        return ("unless", condition, None)

    def once(self) -> bool:
        return True

    def trial(self, duration: m.Duration, once: bool = False) -> Item:
        return ("trial", m.Trial(duration, once), None)

    def grace(self, duration: m.Duration) -> Item:
        return ("grace", duration, None)

    def forbidden(self) -> Item:
        return ("forbidden", True, None)

    def must(self, *duties: m.Duty) -> Item:
        return ("must", m.Requirement(tuple(duties)), None)

    def explain(self, lang: Token, text: m.Text) -> Item:
        return ("explain", m.Explanation(str(lang), text, _pos(lang)), None)

    def rule(self, name: Token, *items: Item) -> m.Rule:
        fields: dict[str, AnyType] = {}
        unless: list[m.Condition] = []
        requirements: list[m.Requirement] = []
        explanations: list[m.Explanation] = []
        once_only = {
            "clause": "clause",
            "applies": "applies to",
            "when": "when",
            "trial": "trial",
            "grace": "grace period",
            "forbidden": "forbidden",
        }
        for kind, value, _ in items:
            if kind == "unless":
                unless.append(value)
            elif kind == "must":
                requirements.append(value)
            elif kind == "explain":
                explanations.append(value)
            elif kind in fields:
                hint = (
                    "join the conditions with 'and' or 'or' in one 'when'"
                    if kind == "when"
                    else f"keep one '{once_only[kind]}' line"
                )
                self._report(
                    _pos(name), f"rule '{name}' has more than one '{once_only[kind]}'", hint
                )
            else:
                fields[kind] = value
        kinds = fields.pop("applies", ())
        any_use = "any" in kinds
        return m.Rule(
            name=str(name),
            clause=fields.get("clause"),
            applies_to=tuple(k for k in kinds if isinstance(k, m.Name)),
            any_use=any_use,
            when=fields.get("when"),
            unless=tuple(unless),
            trial=fields.get("trial"),
            grace=fields.get("grace"),
            forbidden=bool(fields.get("forbidden", False)),
            requirements=tuple(requirements),
            explanations=tuple(explanations),
            source=self._source,
            pos=_pos(name),
        )

    # ---- licence items -----------------------------------------------------------------------

    def _meta(self, field: str, value: AnyType, token: Token | None = None) -> Item:
        return ("meta:" + field, value, _pos(token) if token is not None else None)

    def meta_name(self, text: m.Text) -> Item:
        return self._meta("name", text)

    def meta_version(self, text: m.Text) -> Item:
        return self._meta("version", text)

    def meta_url(self, text: m.Text) -> Item:
        return self._meta("url", text)

    def meta_provenance(self, text: m.Text) -> Item:
        return self._meta("provenance", text)

    def meta_authors(self, *texts: m.Text) -> Item:
        return self._meta("authors", tuple(texts))

    def meta_year(self, token: Token) -> Item:
        raw = str(token).replace("_", "")
        if not raw.isdigit() or len(raw) != 4:
            self._report(
                _pos(token), f"{_quoted(token)} is not a year", "write a year with four digits"
            )
        return self._meta("year", int(Decimal(raw)), token)

    def meta_based_on(self, token: Token) -> Item:
        return self._meta("based_on", m.LicenceRef(str(token), _pos(token)))

    def meta_aliases(self, *tokens: Token) -> Item:
        return self._meta(
            "aliases", tuple(_unquote(t) if t.type == "STRING" else str(t) for t in tokens)
        )

    def meta_identified_by(self, *texts: m.Text) -> Item:
        return self._meta("identified_by", tuple(texts))

    def meta_summary(self, lang: Token, text: m.Text) -> Item:
        return ("summary", m.Summary(lang=str(lang), text=text, pos=_pos(lang)), None)

    def grants(self, *kinds: m.Name) -> Item:
        return ("grants", kinds, None)

    def requires(self, *conditions: m.Name) -> Item:
        return ("requires", conditions, None)

    def delegates(self, *kinds: m.Name) -> Item:
        return ("delegates", kinds, None)

    def default(self, value: AnyType) -> tuple[str, AnyType]:
        return ("default", value)

    def meaning(self, text: m.Text) -> tuple[str, m.Text]:
        return ("meaning", text)

    def _declared(self, name: Token, what: str) -> None:
        # Declared under a keyword's name, it could never be named in a condition: 'true'
        # would read as the constant, 'or' as the operator.
        if str(name) in self._keywords:
            self._report(
                _pos(name),
                f"'{name}' is a keyword and cannot name a {what}",
                f"rename the {what}: in a condition, a keyword always reads as itself",
            )

    def parameter(self, name: Token, type_: Token, *rest: tuple[str, AnyType]) -> Item:
        self._declared(name, "parameter")
        found = dict(rest)
        return (
            "parameter",
            m.Parameter(
                name=str(name),
                type=str(type_),
                default=found.get("default"),
                description=found.get("meaning"),
                pos=_pos(name),
            ),
            None,
        )

    def quantity(self, name: Token, meaning: tuple[str, m.Text] | None = None) -> Item:
        self._declared(name, "quantity")
        return (
            "quantity",
            m.Quantity(name=str(name), description=meaning[1] if meaning else None, pos=_pos(name)),
            None,
        )

    def change(self, target: Token | m.Name, *rest: AnyType) -> Item:
        to = m.LicenceRef(str(target), _pos(target)) if isinstance(target, Token) else target
        on: dt.date | m.Name | None = None
        after: m.Duration | None = None
        for value in rest:
            if isinstance(value, m.Duration):
                after = value
            elif isinstance(value, Token):
                on = self._date(value)
            else:
                on = value
        pos = _pos(target) if isinstance(target, Token) else target.pos
        return ("change", m.Change(to=to, on=on, after_release=after, pos=pos), None)

    def cure(self, duration: m.Duration) -> Item:
        return ("cure", duration, None)

    def setting(self, name: Token, value: AnyType) -> Item:
        return ("setting", m.Setting(name=str(name), value=value, pos=_pos(name)), None)

    # ---- documents ---------------------------------------------------------------------------

    def _collect(
        self, head: Token, items: tuple[LicenceItem, ...], repeatable: set[str]
    ) -> dict[str, AnyType]:
        fields: dict[str, AnyType] = {}
        lists: dict[str, list[AnyType]] = {k: [] for k in repeatable}
        for item in items:
            if isinstance(item, m.Rule):
                continue
            kind, value, pos = item
            if kind in lists:
                lists[kind].append(value)
            elif kind in fields:
                word = kind.removeprefix("meta:").replace("_", " ")
                self._report(
                    pos or _pos(head),
                    f"'{head}' says '{word}' more than once",
                    f"keep one '{word}' line",
                )
            else:
                fields[kind] = value
        fields.update({k: tuple(v) for k, v in lists.items()})
        return fields

    def _metadata(self, fields: dict[str, AnyType]) -> m.Metadata:
        meta = {k.removeprefix("meta:"): v for k, v in fields.items() if k.startswith("meta:")}
        return m.Metadata(summaries=fields.get("summary", ()), **meta)

    def licence(self, licence_id: Token, *items: LicenceItem) -> m.Licence:
        fields = self._collect(licence_id, items, {"summary", "parameter", "quantity"})
        rules = tuple(item for item in items if isinstance(item, m.Rule))
        return m.Licence(
            id=str(licence_id),
            meta=self._metadata(fields),
            grants=fields.get("grants", ()),
            requires=fields.get("requires", ()),
            delegates=fields.get("delegates", ()),
            parameters=fields["parameter"],
            quantities=fields["quantity"],
            change=fields.get("change"),
            cure=fields.get("cure"),
            rules=rules,
            source=self._source,
            pos=_pos(licence_id),
        )

    def _terms(
        self, kind: str, name: Token, licence_id: Token, items: tuple[LicenceItem, ...]
    ) -> m.Terms:
        fields = self._collect(name, items, {"summary", "setting", "quantity"})
        rules = tuple(item for item in items if isinstance(item, m.Rule))
        return m.Terms(
            kind=kind,  # type: ignore[arg-type]
            name=str(name),
            licence=m.LicenceRef(str(licence_id), _pos(licence_id)),
            meta=self._metadata(fields),
            grants=fields.get("grants", ()),
            settings=fields["setting"],
            quantities=fields["quantity"],
            rules=rules,
            source=self._source,
            pos=_pos(name),
        )

    def code_social(self, name: Token, licence_id: Token, *items: LicenceItem) -> m.Terms:
        return self._terms("code-social", name, licence_id, items)

    def parameter_set(self, name: Token, licence_id: Token, *items: LicenceItem) -> m.Terms:
        return self._terms("parameters", name, licence_id, items)

    def start(self, document: m.Document) -> m.Document:
        return document


__all__ = ["MAX_NESTING", "grammar_text", "licence_parser", "parse_document"]
