"""Typical mistakes in ``.recip`` files, and the messages that explain them.

Each key is a message and a hint separated by a newline (``{token}`` is the offending token);
each value lists small documents that fail in the same parser state as the mistake. The parser
matches a syntax error against them (Lark's ``match_examples``) before falling back to a
generic "unexpected ..." message. Grow this table from the mistakes users report.
"""

from __future__ import annotations

_L = "licence X {\n  "
_R = "rule r {\n    "

KNOWN_MISTAKES: dict[str, list[str]] = {
    "a licence id is written without quotes\n"
    "write it bare, e.g. licence LicenseRef-My-Licence {{": [
        'licence "PPL" {}',
        'code social x for "PPL" {}',
    ],
    "a licence id starts with a capital letter\n"
    "write an SPDX id or a LicenseRef- id, e.g. LicenseRef-My-Licence": [
        "licence ppl {}",
        "licence 4ppl {}",
    ],
    "rule names are lower-case words joined by hyphens\nwrite the name like commercial-use": [
        _L + "rule Commercial {} }",
        _L + 'rule "commercial" {} }',
        _L + "rule commercial_use {} }",
    ],
    "'{token}' cannot start a statement of a licence\n"
    "start each statement with its keyword: name, version, url, grants, requires, rule, ...": [
        _L + "commercial use is forbidden }",
        _L + "foo }",
    ],
    "'{token}' cannot start a statement of a rule\n"
    "start each line of a rule with clause, applies to, when, unless, trial, grace period, "
    "forbidden, must or explain": [
        _L + _R + "foo }}",
    ],
    "'forbidden' stands alone\nwrite 'forbidden' on its own line, without 'must'": [
        _L + _R + "must forbidden }}",
        _L + _R + "must not use }}",
    ],
    "a text needs its language first\n"
    'write the language before the text, e.g. explain en "..." or explain fr "..."': [
        _L + _R + 'explain "text" }}',
        _L + 'summary "text" }',
    ],
    "a comparison needs a value after '{token}'\n"
    "write the value to compare with, e.g. revenue >= 1000000 EUR": [
        _L + _R + "when revenue >= }}",
        _L + _R + "when people < unless }}",
    ],
    "'{token}' is not a comparison\ncompare with <, <=, >, >=, = or !=": [
        _L + _R + "when revenue => 5 EUR }}",
        _L + _R + "when revenue =< 5 EUR }}",
        _L + _R + "when revenue > > 5 EUR }}",
        _L + _R + "when people == 5 }}",
    ],
    "a list of values is written in square brackets\n"
    "write the values like form in [worker-cooperative, scic]": [
        _L + _R + "when form in worker-cooperative }}",
        _L + _R + "when form in (scic) }}",
        _L + _R + "when form not in scic }}",
    ],
    "thousands separators are not allowed in numbers\nwrite 1000000 or 1_000_000": [
        _L + _R + "when revenue > 1,000,000 EUR }}",
        _L + _R + "when revenue > 1 000 000 EUR }}",
        _L + _R + "must pay 1,000 EUR }}",
    ],
    "a currency is three capital letters\n"
    "write an ISO 4217 code after the amount, e.g. 1000000 EUR": [
        _L + _R + "when revenue > 5 eur }}",
        _L + _R + "must pay 5 euros }}",
    ],
    "a duration needs a unit\nwrite the unit after the number, e.g. 30 days": [
        _L + _R + "trial 30 }}",
        _L + _R + "grace period 30 }}",
        _L + _R + "must contribute code within 30 }}",
        _L + "cure period 32 }",
    ],
    "a percentage needs its base\n"
    "say what it is a share of, e.g. pay 4% of each prestation or pay 1% of revenue": [
        _L + _R + "must pay 4% }}",
        _L + _R + "must pay 4% each prestation }}",
    ],
    "'{token}' is not something a rule can ask\n"
    "after 'must' write pay, contribute code, publish source, share alike, attribute, "
    "report every year or obtain a licence": [
        _L + _R + "must donate 5 EUR }}",
        _L + _R + "must contribute 5 EUR }}",
    ],
    "a rule names the uses it applies to\n"
    "write them after 'applies to', e.g. applies to commercial, prestation": [
        _L + _R + "applies commercial }}",
        _L + _R + "applies to }}",
    ],
    "a block opens with '{{'\nadd '{{' after the name": [
        _L + "rule r clause }",
        "licence X name",
    ],
    "'{token}' is not a statement of a code social or a parameter set\n"
    "a code social holds metadata, set, quantity and rule statements": [
        "code social x for PPL {\n  grants everyone personal }",
        "code social x for PPL {\n  foo }",
    ],
}

TERMINAL_WORDS: dict[str, str] = {
    "NAME": "a name",
    "LICENCE_ID": "a licence id",
    "STRING": "a quoted text",
    "NUMBER": "a number",
    "DATE": "a date (YEAR-MONTH-DAY)",
    "CURRENCY": "a currency code",
    "COMPARATOR": "a comparison (<, <=, >, >=, =, !=)",
    "DURATION_UNIT": "a unit of time (days, weeks, months, years)",
    "$END": "the end of the file",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LSQB": "'['",
    "RSQB": "']'",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "COLON": "':'",
    "PERCENT": "'%'",
    "EQUAL": "'='",
}
"""How to name a terminal in 'expected ...' hints."""
