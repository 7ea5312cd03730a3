"""Write a commented usage declaration (``reciprocity.yml``) from a few answers.

The text is written by hand, not dumped, so that every field carries a comment saying what it
means, the allowed forms and kinds of use are listed, and every fact not given stays as a
commented-out line with an example value: the file is valid as written and easy to complete.
Output is deterministic: the same answers always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from reciprocity.vocabulary import FORMS, USE_KINDS, Label

COMMENT_COLUMN = 34
"""The column trailing comments start at, when the line before them is short enough."""

_AMOUNT = re.compile(r"[0-9][0-9_]*(\.[0-9]+)? [A-Z]{3}")
"""An amount as the schema writes it: digits, one space, an ISO 4217 code."""

_RESERVED_WORDS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null"])
"""Words YAML 1.1 (or 1.2) reads as a boolean or null when written plain, in any case."""

_PLAIN_PUNCTUATION = frozenset(" -_./'()+&@")
"""Characters a plain (unquoted) scalar may hold after its first letter."""

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


@dataclass(frozen=True)
class UseAnswers:
    """One commons used: its name, licence, code social, kinds of use and start date."""

    component: str
    licence: str | None = None
    code_social: str | None = None
    purposes: tuple[str, ...] = ("commercial",)
    since: dt.date | None = None


@dataclass(frozen=True)
class Answers:
    """What the user told ``reciprocity init``; ``None`` (or empty) where it said nothing."""

    name: str | None = None
    form: str | None = None
    country: str | None = None
    revenue: str | None = None
    """An amount as written in a declaration: ``2400000 EUR``."""
    people: int | None = None
    developers: int | None = None
    identities: tuple[str, ...] = ()
    period: int | None = None
    """The calendar year audited."""
    uses: tuple[UseAnswers, ...] = ()


def yaml_string(text: str) -> str:
    """Write a string as a YAML scalar: plain when nothing can misread it, else double-quoted.

    Plain only when it starts with a letter, holds letters, digits, spaces and a few harmless
    signs (no ``:``, ``#``, ``,`` or brackets, so it is safe in flow collections too), does not
    end with a space and is not a word YAML reads as a boolean or null. Double-quoted text
    escapes backslashes, quotes, line breaks and every character YAML does not print.
    """
    if _plain_is_safe(text):
        return text
    return '"' + "".join(_escaped(char) for char in text) + '"'


def _plain_is_safe(text: str) -> bool:
    return (
        bool(text)
        and text[0].isalpha()
        and text[0].isascii()
        and not text.endswith(" ")
        and "  " not in text
        and text.lower() not in _RESERVED_WORDS
        and all(char.isalnum() or char in _PLAIN_PUNCTUATION for char in text)
    )


def _escaped(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    printable = (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )
    if printable and code != 0xFEFF and unicodedata.category(char) not in ("Cc", "Cf", "Co"):
        return char
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _t(en: str, fr: str) -> Label:
    return Label(en, fr)


# Every sentence of the template, in English and French. Field names stay in English: they are
# the format's keys.
_HEADER = _t(
    "reciprocity.yml: the usage declaration of an organisation.\n"
    "It says who the organisation is and how it uses each commons; `reciprocity check` reads\n"
    "it to say what each licence asks back. Written by `reciprocity init`; edit it freely.\n"
    "A line starting with # is a comment: remove the # to declare that fact. A fact left out\n"
    "is unknown: a rule that depends on it says which field to fill in.\n"
    "Amounts are written `30000 EUR`, dates YYYY-MM-DD.\n"
    "Format: the JSON Schema reciprocity/declaration/reciprocity.schema.json.",
    "reciprocity.yml : la déclaration d'usage d'une organisation.\n"
    "Elle dit qui est l'organisation et comment elle utilise chaque commun ;\n"
    "`reciprocity check` la lit pour dire ce que chaque licence demande en retour.\n"
    "Écrite par `reciprocity init` ; modifiez-la librement.\n"
    "Une ligne qui commence par # est un commentaire : retirez le # pour déclarer ce fait.\n"
    "Un fait absent est inconnu : une règle qui en dépend dit quel champ remplir.\n"
    "Les montants s'écrivent `30000 EUR`, les dates AAAA-MM-JJ.\n"
    "Format : le schéma JSON reciprocity/declaration/reciprocity.schema.json.",
)
_VERSION = _t("the format version", "la version du format")
_ORGANISATION = _t("Who uses the commons.", "Qui utilise les communs.")
_ORGANISATION_EMPTY = _t(
    "nothing yet: remove {} and uncomment below",
    "rien encore : retirez {} et décommentez ci-dessous",
)
_NAME = _t("the organisation's name", "le nom de l'organisation")
_NAME_EXAMPLE = _t("Acme Logistique SAS", "Acme Logistique SAS")
_FORM = _t("Its legal form, one of:", "Sa forme juridique, parmi :")
_FLAGS = _t(
    "Yes-or-no facts (true or false). Left out, they are derived from the form where it\n"
    "implies them: write one only to say more than the form says, or otherwise.",
    "Faits oui-ou-non (true ou false). Absents, ils se déduisent de la forme quand elle\n"
    "les implique : n'en écrivez un que pour en dire plus que la forme, ou autre chose.",
)
_FLAG_COMMENTS = {
    "worker-owned": _t("owned by its workers", "détenue par ses travailleurs"),
    "surplus-to-workers": _t(
        "its surplus goes to its worker-owners", "ses excédents vont aux travailleurs associés"
    ),
    "democratic": _t("one member, one vote", "une personne, une voix"),
    "ess": _t(
        "social and solidarity economy (FR law 2014-856)",
        "économie sociale et solidaire (loi 2014-856)",
    ),
    "non-profit": _t("does not seek profit", "à but non lucratif"),
    "police": _t("a police or law-enforcement body", "une force de police"),
    "military": _t("a military body", "une organisation militaire"),
    "wage-portage": _t("an individual under wage portage", "une personne en portage salarial"),
    "paying-support": _t(
        "already pays for support of the commons", "paie déjà un support du commun"
    ),
}
_COUNTRY = _t("ISO 3166-1 alpha-2 code", "code ISO 3166-1 alpha-2")
_REVENUE = _t("prior fiscal year", "dernier exercice clos")
_TOTAL_FINANCES = _t("revenue, budget or funding", "chiffre d'affaires, budget ou financements")
_INVESTMENT = _t("investment received over five years", "investissements reçus sur cinq ans")
_PEOPLE = _t("employees and contractors", "salariés et prestataires")
_DEVELOPERS = _t("developers, full-time equivalent", "développeurs, équivalent temps plein")
_USERS = _t("monthly active users of its products", "utilisateurs actifs mensuels")
_IDENTITIES = _t(
    "email domains or addresses of its git commits",
    "domaines ou adresses e-mail de ses commits git",
)
_FACTS_SINCE = _t("since when these facts hold", "depuis quand ces faits sont vrais")
_PERIOD = _t(
    "The period audited: a calendar year, or {from: YYYY-MM-DD, to: YYYY-MM-DD}.",
    "La période examinée : une année civile, ou {from: AAAA-MM-JJ, to: AAAA-MM-JJ}.",
)
_PERIOD_DEFAULT = _t(
    "Left out, it is the calendar year of the day of the check (--as-of).",
    "Absente, c'est l'année civile du jour de la vérification (--as-of).",
)
_RATES = _t(
    "Exchange rates, where a licence counts in another currency; never guessed.",
    "Taux de change, quand une licence compte dans une autre devise ; jamais devinés.",
)
_RATES_EXAMPLE = _t("one USD is worth 0.92 EUR", "un USD vaut 0,92 EUR")
_USES = _t(
    "Each commons used, and how:\n"
    "  component    its name, as `reciprocity scan` names it (a package, a folder)\n"
    "  licence      its licence's id or alias; optional where the scan finds it\n"
    "  code-social  a code social's name (open-brand) or a path to a .recip file\n"
    "  since        when the use started\n"
    "  purposes     the kinds of use, among:",
    "Chaque commun utilisé, et comment :\n"
    "  component    son nom, tel que `reciprocity scan` le nomme (un paquet, un dossier)\n"
    "  licence      l'identifiant ou l'alias de sa licence ; facultatif si le scan la trouve\n"
    "  code-social  le nom d'un code social (open-brand) ou le chemin d'un fichier .recip\n"
    "  since        le début de l'usage\n"
    "  purposes     les types d'usage, parmi :",
)
_USES_MORE = _t(
    "A use may also give until, released (release date of the version used), instances,\n"
    "days-of-use, quantities, parameters (a .recip parameter set) and upstream (a local\n"
    "clone, to count code contributions).",
    "Un usage peut aussi donner until, released (date de sortie de la version utilisée),\n"
    "instances, days-of-use, quantities, parameters (un jeu de paramètres .recip) et\n"
    "upstream (un clone local, pour compter les contributions de code).",
)
_USES_EMPTY = _t(
    "none yet: remove [] and uncomment below",
    "aucun encore : retirez [] et décommentez ci-dessous",
)
_PRESTATIONS = _t("paid services built on it", "prestations payantes fondées dessus")
_PRESTATION_CLIENT = _t("Ville de Lille", "Ville de Lille")
_CONTRIBUTIONS = _t(
    "What the organisation already gave back. kind: money, code, source (published),\n"
    "attribution, report, or licence (another licence obtained).",
    "Ce que l'organisation a déjà rendu. kind : money (argent), code, source (publiée),\n"
    "attribution, report (rapport) ou licence (une autre licence obtenue).",
)
_RECEIPT = _t("receipt {year}-031", "reçu {year}-031")
_WAIVERS = _t(
    "Rules a licensor waived for the organisation, by the rule's name in the licence.",
    "Règles dont un concédant a dispensé l'organisation, par leur nom dans la licence.",
)
_WAIVER_REASON = _t("contract {year}-17", "contrat {year}-17")


class _Writer:
    """Lines of YAML, with trailing comments aligned on COMMENT_COLUMN where they fit."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.lines: list[str] = []

    def blank(self) -> None:
        self.lines.append("")

    def comment(self, text: Label | str, indent: int = 0) -> None:
        said = text(self.lang) if isinstance(text, Label) else text
        for line in said.split("\n"):
            self.lines.append(" " * indent + ("# " + line if line else "#"))

    def line(self, code: str, note: Label | str | None = None) -> None:
        if note is None:
            self.lines.append(code)
            return
        said = note(self.lang) if isinstance(note, Label) else note
        pad = max(COMMENT_COLUMN - len(code), 2)
        self.lines.append(f"{code}{' ' * pad}# {said}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _listing(writer: _Writer, words: dict[str, Label], indent: int, inset: int) -> None:
    width = max(len(word) for word in words) + 2
    for word, label in words.items():
        writer.comment(f"{' ' * inset}{word.ljust(width)}{label(writer.lang)}", indent)


def render_template(answers: Answers, lang: str = "en") -> str:
    """Return a commented ``reciprocity.yml`` holding the answers, in English or French."""
    writer = _Writer(lang)
    year = answers.period if answers.period is not None else 2026
    writer.comment(_HEADER)
    writer.blank()
    writer.line("version: 1", _VERSION)
    writer.blank()
    _organisation(writer, answers, year)
    writer.blank()
    writer.comment(_PERIOD)
    if answers.period is not None:
        writer.line(f"period: {answers.period}")
    else:
        writer.comment(_PERIOD_DEFAULT)
        writer.comment(f"period: {year}")
    writer.blank()
    writer.comment(_RATES)
    writer.line("# rates: {USD: 0.92 EUR}", _RATES_EXAMPLE)
    writer.blank()
    _uses(writer, answers, year)
    writer.blank()
    _contributions(writer, answers, year)
    return writer.text()


def _organisation(writer: _Writer, answers: Answers, year: int) -> None:
    writer.comment(_ORGANISATION)
    given = (
        answers.name is not None
        or answers.form is not None
        or answers.country is not None
        or answers.revenue is not None
        or answers.people is not None
        or answers.developers is not None
        or bool(answers.identities)
    )
    if given:
        writer.line("organisation:")
    else:
        writer.line("organisation: {}", _ORGANISATION_EMPTY)

    def field(key: str, value: str | None, example: str, note: Label | None = None) -> None:
        if value is not None:
            writer.line(f"  {key}: {value}", note)
        else:
            writer.line(f"  # {key}: {example}", note)

    name = None if answers.name is None else yaml_string(answers.name)
    field("name", name, yaml_string(_NAME_EXAMPLE(writer.lang)), _NAME)
    writer.comment(_FORM, 2)
    _listing(writer, FORMS, 2, 2)
    field("form", answers.form, "company")
    writer.comment(_FLAGS, 2)
    for flag, note in _FLAG_COMMENTS.items():
        field(flag, None, "false", note)
    country = None if answers.country is None else yaml_string(answers.country)
    field("country", country, "FR", _COUNTRY)
    revenue = None if answers.revenue is None else _amount(answers.revenue)
    field("revenue", revenue, "2400000 EUR", _REVENUE)
    field("total-finances", None, "300000 EUR", _TOTAL_FINANCES)
    field("investment-5y", None, "0 EUR", _INVESTMENT)
    field("people", _number(answers.people), "35", _PEOPLE)
    field("developers", _number(answers.developers), "4", _DEVELOPERS)
    field("monthly-active-users", None, "1000", _USERS)
    if answers.identities:
        writer.line("  identities:", _IDENTITIES)
        for identity in answers.identities:
            writer.line(f"    - {yaml_string(identity)}")
    else:
        writer.line(f"  # identities: [{yaml_string('@acme.example')}]", _IDENTITIES)
    field("facts-since", None, f"{year}-01-01", _FACTS_SINCE)


def _amount(text: str) -> str:
    """An amount written plain (``2400000 EUR`` is a string to YAML); anything else quoted."""
    return text if _AMOUNT.fullmatch(text) else yaml_string(text)


def _number(value: int | None) -> str | None:
    return None if value is None else str(value)


def _uses(writer: _Writer, answers: Answers, year: int) -> None:
    writer.comment(_USES)
    _listing(writer, USE_KINDS, 0, 4)
    writer.comment(_USES_MORE)
    if not answers.uses:
        writer.line("uses: []", _USES_EMPTY)
        writer.comment("  - component: coopcycle-web")
        writer.comment("    licence: LicenseRef-CoopCycle")
        writer.comment("    purposes: [commercial]")
        writer.comment(f"    since: {year}-01-01")
        return
    writer.line("uses:")
    for use in answers.uses:
        writer.line(f"  - component: {yaml_string(use.component)}")
        if use.licence is not None:
            writer.line(f"    licence: {yaml_string(use.licence)}")
        else:
            writer.comment("licence: LicenseRef-CoopCycle", 4)
        if use.code_social is not None:
            writer.line(f"    code-social: {yaml_string(use.code_social)}")
        else:
            writer.comment("code-social: open-brand", 4)
        purposes = ", ".join(yaml_string(purpose) for purpose in use.purposes)
        writer.line(f"    purposes: [{purposes}]")
        if use.since is not None:
            writer.line(f"    since: {use.since.isoformat()}")
        else:
            writer.comment(f"since: {year}-01-01", 4)
        writer.line("    # prestations:", _PRESTATIONS)
        client = yaml_string(_PRESTATION_CLIENT(writer.lang))
        writer.comment(f"  - {{client: {client}, date: {year}-04-12, amount: 30000 EUR}}", 4)


def _contributions(writer: _Writer, answers: Answers, year: int) -> None:
    component = yaml_string(answers.uses[0].component if answers.uses else "coopcycle-web")
    writer.comment(_CONTRIBUTIONS)
    writer.comment("contributions:")
    writer.comment(f"  - to: {component}")
    writer.comment("    kind: money")
    writer.comment("    amount: 1200 EUR")
    writer.comment(f"    date: {year}-05-01")
    writer.comment(f"    evidence: {yaml_string(_RECEIPT(writer.lang).format(year=year))}")
    writer.comment(f"  - {{to: {component}, kind: code, commits: 12, date: {year}-06-30}}")
    writer.blank()
    writer.comment(_WAIVERS)
    writer.comment("waivers:")
    writer.comment(f"  - component: {component}")
    writer.comment("    rule: commercial-use")
    writer.comment(f"    reason: {yaml_string(_WAIVER_REASON(writer.lang).format(year=year))}")
    writer.comment(f"    expires: {year + 1}-01-01")
