"""The words a licence may use: kinds of use, facts, organisation forms, units, currencies.

This is the contract between the licence language and usage declarations: a licence can only
speak of a fact that a declaration can state, and every fact names the declaration field that
states it. Labels come in English and French because explanations are read in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class Label:
    """A word or phrase in each language reciprocity explains licences in."""

    en: str
    fr: str

    def __call__(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


USE_KINDS: dict[str, Label] = {
    "personal": Label("personal use", "usage personnel"),
    "non-commercial": Label("non-commercial use", "usage non commercial"),
    "evaluation": Label("evaluation", "évaluation"),
    "internal": Label("internal business use", "usage interne à l'organisation"),
    "commercial": Label("commercial use", "usage commercial"),
    "production": Label("production use", "usage en production"),
    "distribution": Label("distribution", "distribution"),
    "modification": Label("modification", "modification"),
    "network-service": Label("use over a network", "usage à travers un réseau"),
    "hosted-service": Label(
        "offering it as a hosted or managed service", "fourniture en service hébergé ou géré"
    ),
    "embedding": Label("embedding in a product", "intégration dans un produit"),
    "prestation": Label(
        "paid services built on it (training, deployment, support)",
        "prestations payantes (formation, déploiement, support)",
    ),
    "competing": Label("a competing product or service", "un produit ou service concurrent"),
    "circumvention": Label(
        "circumventing licence keys or limits",
        "contournement des clés ou limites de licence",
    ),
}
"""Kinds of use a rule can apply to; a declaration lists them as a use's ``purposes``."""


FORMS: dict[str, Label] = {
    "individual": Label("an individual", "une personne physique"),
    "sole-trader": Label("a sole trader", "un entrepreneur individuel"),
    "company": Label("a company", "une société"),
    "cooperative": Label("a cooperative", "une coopérative"),
    "worker-cooperative": Label("a worker cooperative", "une coopérative de travail (SCOP)"),
    "scic": Label("a multi-stakeholder cooperative (SCIC)", "une SCIC"),
    "association": Label("an association", "une association"),
    "foundation": Label("a foundation", "une fondation"),
    "nonprofit": Label("a non-profit organisation", "un organisme à but non lucratif"),
    "public-body": Label("a public body", "un organisme public"),
    "education": Label("an educational institution", "un établissement d'enseignement"),
    "research": Label("a public research organisation", "un organisme public de recherche"),
    "union": Label("a trade union", "un syndicat"),
}
"""Organisation forms a declaration may state in ``organisation.form``."""


class FactType(StrEnum):
    """What kind of value a fact holds, which decides how it may be compared."""

    FLAG = "flag"
    FORM = "form"
    MONEY = "money"
    COUNT = "count"
    DATE = "date"


@dataclass(frozen=True)
class Fact:
    """A fact a rule may test, and where a usage declaration states it."""

    type: FactType
    field: str
    """Dotted path of the declaration field that states the fact."""
    label: Label


def _org(name: str, type_: FactType, en: str, fr: str) -> tuple[str, Fact]:
    return name, Fact(type_, f"organisation.{name}", Label(en, fr))


def _use(name: str, type_: FactType, en: str, fr: str) -> tuple[str, Fact]:
    return name, Fact(type_, f"uses[].{name}", Label(en, fr))


FACTS: dict[str, Fact] = dict(
    [
        _org("form", FactType.FORM, "the organisation's form", "la forme de l'organisation"),
        _org("worker-owned", FactType.FLAG, "worker-owned", "détenue par ses travailleurs"),
        _org(
            "surplus-to-workers",
            FactType.FLAG,
            "its surplus goes to its worker-owners",
            "ses excédents reviennent aux travailleurs associés",
        ),
        _org(
            "ess",
            FactType.FLAG,
            "part of the social and solidarity economy",
            "relevant de l'économie sociale et solidaire",
        ),
        _org("democratic", FactType.FLAG, "democratically governed", "gouvernée démocratiquement"),
        _org("non-profit", FactType.FLAG, "non-profit", "à but non lucratif"),
        _org("police", FactType.FLAG, "a police or law-enforcement body", "une force de police"),
        _org("military", FactType.FLAG, "a military body", "une organisation militaire"),
        _org(
            "wage-portage",
            FactType.FLAG,
            "an individual worker under wage portage",
            "un travailleur en portage salarial",
        ),
        _org(
            "paying-support",
            FactType.FLAG,
            "already paying for support of the work",
            "déjà client d'un support payant de l'œuvre",
        ),
        _org("revenue", FactType.MONEY, "revenue", "chiffre d'affaires"),
        _org(
            "total-finances",
            FactType.MONEY,
            "total finances (revenue, budget or funding)",
            "finances totales (chiffre d'affaires, budget ou financements)",
        ),
        _org(
            "investment-5y",
            FactType.MONEY,
            "investment received over five years",
            "investissements reçus sur cinq ans",
        ),
        _org(
            "people",
            FactType.COUNT,
            "people (employees and contractors)",
            "personnes (salariés et prestataires)",
        ),
        _org("developers", FactType.COUNT, "developers (full-time)", "développeurs (temps plein)"),
        _org(
            "monthly-active-users",
            FactType.COUNT,
            "monthly active users",
            "utilisateurs actifs mensuels",
        ),
        _use("instances", FactType.COUNT, "instances", "instances"),
        _use("days-of-use", FactType.COUNT, "days of use", "jours d'utilisation"),
        _use("since", FactType.DATE, "start of use", "début de l'usage"),
        _use("released", FactType.DATE, "release of the version used", "sortie de la version"),
    ]
)
"""Facts a condition may test. Licences may add counted quantities of their own."""


BASE_CONDITIONS: dict[str, Label] = {
    "attribution": Label("credit the authors", "citer les auteurs"),
    "notice": Label(
        "keep the licence and copyright notices", "conserver la licence et les mentions de droits"
    ),
    "share-alike": Label(
        "share changes under the same licence", "partager les modifications sous la même licence"
    ),
    "source-on-network-use": Label(
        "offer the source to users over a network",
        "proposer le code source aux utilisateurs à travers un réseau",
    ),
}
"""Conditions every licensee meets, whatever the use (``requires``)."""


PERIODS: dict[str, Label] = {
    "month": Label("month", "mois"),
    "year": Label("year", "an"),
}
"""Periods a fee can recur over."""

COUNT_UNITS: dict[str, str] = {
    "developer": "developers",
    "person": "people",
    "instance": "instances",
    "user": "monthly-active-users",
}
"""Units a fee can be counted in, and the fact that counts them."""

UNIT_LABELS: dict[str, Label] = {
    "developer": Label("developer", "développeur"),
    "person": Label("person", "personne"),
    "instance": Label("instance", "instance"),
    "user": Label("monthly active user", "utilisateur actif mensuel"),
}

DURATION_UNITS: dict[str, Label] = {
    "day": Label("day", "jour"),
    "week": Label("week", "semaine"),
    "month": Label("month", "mois"),
    "year": Label("year", "an"),
}

PARAMETER_TYPES: dict[str, Label] = {
    "text": Label("text", "texte"),
    "date": Label("date", "date"),
    "money": Label("amount of money", "montant"),
    "number": Label("number", "nombre"),
    "percentage": Label("percentage", "pourcentage"),
    "duration": Label("duration", "durée"),
    "licence": Label("licence", "licence"),
    "condition": Label("condition", "condition"),
}
"""Types a licence parameter may have."""

PAYMENT_BASES: dict[str, Label] = {
    "revenue": Label("revenue", "chiffre d'affaires"),
    "total-finances": Label("total finances", "finances totales"),
}

# ISO 4217 active codes (2024), so that a typo such as "EUE" is caught at lint time.
CURRENCIES = frozenset(
    [
        "AED",
        "AFN",
        "ALL",
        "AMD",
        "ANG",
        "AOA",
        "ARS",
        "AUD",
        "AWG",
        "AZN",
        "BAM",
        "BBD",
        "BDT",
        "BGN",
        "BHD",
        "BIF",
        "BMD",
        "BND",
        "BOB",
        "BRL",
        "BSD",
        "BTN",
        "BWP",
        "BYN",
        "BZD",
        "CAD",
        "CDF",
        "CHF",
        "CLP",
        "CNY",
        "COP",
        "CRC",
        "CUP",
        "CVE",
        "CZK",
        "DJF",
        "DKK",
        "DOP",
        "DZD",
        "EGP",
        "ERN",
        "ETB",
        "EUR",
        "FJD",
        "FKP",
        "GBP",
        "GEL",
        "GHS",
        "GIP",
        "GMD",
        "GNF",
        "GTQ",
        "GYD",
        "HKD",
        "HNL",
        "HTG",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "IQD",
        "IRR",
        "ISK",
        "JMD",
        "JOD",
        "JPY",
        "KES",
        "KGS",
        "KHR",
        "KMF",
        "KPW",
        "KRW",
        "KWD",
        "KYD",
        "KZT",
        "LAK",
        "LBP",
        "LKR",
        "LRD",
        "LSL",
        "LYD",
        "MAD",
        "MDL",
        "MGA",
        "MKD",
        "MMK",
        "MNT",
        "MOP",
        "MRU",
        "MUR",
        "MVR",
        "MWK",
        "MXN",
        "MYR",
        "MZN",
        "NAD",
        "NGN",
        "NIO",
        "NOK",
        "NPR",
        "NZD",
        "OMR",
        "PAB",
        "PEN",
        "PGK",
        "PHP",
        "PKR",
        "PLN",
        "PYG",
        "QAR",
        "RON",
        "RSD",
        "RUB",
        "RWF",
        "SAR",
        "SBD",
        "SCR",
        "SDG",
        "SEK",
        "SGD",
        "SHP",
        "SLE",
        "SOS",
        "SRD",
        "SSP",
        "STN",
        "SVC",
        "SYP",
        "SZL",
        "THB",
        "TJS",
        "TMT",
        "TND",
        "TOP",
        "TRY",
        "TTD",
        "TWD",
        "TZS",
        "UAH",
        "UGX",
        "USD",
        "UYU",
        "UZS",
        "VES",
        "VND",
        "VUV",
        "WST",
        "XAF",
        "XCD",
        "XOF",
        "XPF",
        "YER",
        "ZAR",
        "ZMW",
        "ZWL",
    ]
)

VOCABULARY_WORDS = frozenset(
    [
        *USE_KINDS,
        *FORMS,
        *FACTS,
        *BASE_CONDITIONS,
        *PERIODS,
        *COUNT_UNITS,
        *DURATION_UNITS,
        *PARAMETER_TYPES,
        *PAYMENT_BASES,
        *LANGUAGES,
    ]
)
"""Every word the vocabulary defines: a name, even where the grammar also has it as a keyword."""
