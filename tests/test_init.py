"""``reciprocity init``: the commented declaration it writes, its flags, questions and refusals.

Each written file is compared byte for byte with its golden file in ``tests/data/init/``
(``pytest --update-goldens`` rewrites them) and read back as a declaration with no warning.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st

from reciprocity.cli.init import init
from reciprocity.declaration import Declaration, Organisation, Period, parse_declaration
from reciprocity.declaration.template import Answers, UseAnswers, render_template, yaml_string
from reciprocity.model import Money
from reciprocity.vocabulary import FORMS, USE_KINDS
from reciprocity.yamlio import compose_yaml
from tests.conftest import DATA, Golden

# The package exports the command under the same name as its module: take the module.
init_module = importlib.import_module("reciprocity.cli.init")

GOLDENS = DATA / "init"
AS_OF = ["--as-of", "2026-03-01"]

FULL = [
    *("--name", "L'Atelier: coopérative #1", "--form", "worker-cooperative"),
    *("--country", "no", "--revenue", "2_400_000.50 eur", "--people", "12", "--developers", "4"),
    *("--identity", "@Atelier.example", "--identity", "jo@atelier.example", "--period", "2025"),
    *("--use", "coopcycle-docs", "--licence", "LicenseRef-Contributive-Commons"),
    *("--code-social", "open-brand", "--since", "2025-02-01"),
    *("--use", "coopcycle-web", "--licence", "LicenseRef-CoopCycle"),
    *("--use", "@scope/widget"),
    *("--purpose", "commercial", "--purpose", "prestation", "--purpose", "commercial"),
]
"""Every flag; a name that needs quoting; NO, which YAML 1.1 would read as false."""


def _load(path: Path) -> Declaration:
    text = path.read_text(encoding="utf-8")
    declaration, warnings = parse_declaration(text, source=path.name, folder=path.parent)
    assert warnings == ()
    return declaration


def _run(runner: CliRunner, args: list[str], input: str | None = None) -> tuple[int, str]:
    result = runner.invoke(init, args, input=input)
    return result.exit_code, result.output


# ---- the golden files ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_minimal_declaration(runner: CliRunner, golden: Golden, tmp_path: Path, lang: str) -> None:
    code, output = _run(runner, [str(tmp_path), "--yes", "--lang", lang, *AS_OF])
    assert code == 0, output
    written = tmp_path / "reciprocity.yml"
    golden.check(GOLDENS / f"minimal.{lang}.yml", written.read_text(encoding="utf-8"))
    declaration = _load(written)
    assert declaration.organisation == Organisation()
    assert declaration.period == Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert declaration.uses == ()
    assert declaration.contributions == ()
    assert declaration.waivers == ()
    assert declaration.rates == ()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_full_declaration(runner: CliRunner, golden: Golden, tmp_path: Path, lang: str) -> None:
    code, output = _run(runner, [str(tmp_path), "-y", "--lang", lang, *AS_OF, *FULL])
    assert code == 0, output
    assert output.endswith("written (3 uses); complete it, then run `reciprocity check`\n") or (
        output.endswith("écrit (3 usages) ; complétez-le, puis lancez `reciprocity check`\n")
    )
    written = tmp_path / "reciprocity.yml"
    text = written.read_text(encoding="utf-8")
    golden.check(GOLDENS / f"full.{lang}.yml", text)
    assert '  country: "NO"' in text
    assert "  revenue: 2_400_000.50 EUR" in text
    organisation = _load(written).organisation
    assert organisation.name == "L'Atelier: coopérative #1"
    assert organisation.form == "worker-cooperative"
    assert organisation.country == "NO"
    assert organisation.money == (("revenue", Money(Decimal("2400000.50"), "EUR")),)
    assert organisation.counts == (("developers", 4), ("people", 12))
    assert organisation.identities == ("@atelier.example", "jo@atelier.example")
    assert organisation.flags == ()
    declaration = _load(written)
    assert declaration.period == Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert [(u.component, u.licence, u.code_social, u.since) for u in declaration.uses] == [
        ("coopcycle-docs", "LicenseRef-Contributive-Commons", "open-brand", dt.date(2025, 2, 1)),
        ("coopcycle-web", "LicenseRef-CoopCycle", None, None),
        ("@scope/widget", None, None, None),
    ]
    assert {u.purposes for u in declaration.uses} == {("commercial", "prestation")}


def test_help_names_every_option(runner: CliRunner) -> None:
    code, output = _run(runner, ["--help"])
    assert code == 0
    for option in ("--output", "--force", "--lang", "--identity", "--use", "--purpose", "--yes"):
        assert option in output


def test_comments_list_every_form_and_kind_of_use() -> None:
    for lang in ("en", "fr"):
        text = render_template(Answers(), lang)
        for word, label in (*FORMS.items(), *USE_KINDS.items()):
            assert f"  {word}  " in text
            assert label(lang) in text
    assert render_template(Answers()) == render_template(Answers(), "en")


COMMENTED_YAML = re.compile(r"( *)# ((?:  )*(?:- )?[a-z][a-z0-9-]*:(?: .*)?|(?:  )*- .*)")
"""A commented-out line of YAML, as opposed to a comment in words."""


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("uses", [(), (UseAnswers("coopcycle-web"),)])
def test_every_commented_field_can_be_uncommented(lang: str, uses: tuple[UseAnswers, ...]) -> None:
    """Removing the `# ` of every example line (and the empty {} and []) gives a valid file
    with every organisation fact and the examples of uses, contributions and waivers."""
    lines = []
    for line in render_template(Answers(uses=uses), lang).splitlines():
        match = COMMENTED_YAML.fullmatch(line)
        lines.append(match.group(1) + match.group(2) if match else line)
    text = "\n".join(lines) + "\n"
    text = text.replace("organisation: {}", "organisation:").replace("uses: []", "uses:")
    declaration, warnings = parse_declaration(text)
    assert warnings == ()
    organisation = declaration.organisation
    assert organisation.name == "Acme Logistique SAS"
    assert organisation.form == "company"
    assert len(organisation.flags) == 9
    assert len(organisation.money) == 3
    assert len(organisation.counts) == 3
    assert organisation.identities == ("@acme.example",)
    assert organisation.facts_since == dt.date(2026, 1, 1)
    assert declaration.period == Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert declaration.rates[0][0] == "USD"
    use = declaration.uses[0]
    assert (use.component, use.licence, use.since) == (
        "coopcycle-web",
        "LicenseRef-CoopCycle",
        dt.date(2026, 1, 1),
    )
    if uses:
        assert use.code_social == "open-brand"
        assert use.prestations[0].amount == Money(Decimal(30000), "EUR")
    assert [c.kind for c in declaration.contributions] == ["money", "code"]
    assert {c.to for c in declaration.contributions} == {"coopcycle-web"}
    assert declaration.waivers[0].rule == "commercial-use"


# ---- quoting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Acme Logistique SAS", "Acme Logistique SAS"),
        ("coopérative", "coopérative"),
        ("NO", '"NO"'),
        ("yes", '"yes"'),
        ("Null", '"Null"'),
        ("2026-01-01", '"2026-01-01"'),
        ("1e3", '"1e3"'),
        ("@acme.example", '"@acme.example"'),
        ("a: b", '"a: b"'),
        ("a #b", '"a #b"'),
        ("", '""'),
        ("trailing ", '"trailing "'),
        ('say "hi"\\', '"say \\"hi\\"\\\\"'),
        ("two\nlines\t\x00\u2028\ufeff", '"two\\nlines\\t\\0\\L\\ufeff"'),
    ],
)
def test_yaml_string(text: str, written: str) -> None:
    assert yaml_string(text) == written


@given(st.text())
def test_yaml_string_reads_back_as_written(text: str) -> None:
    scalar = yaml_string(text)
    assert "\n" not in scalar
    assert yaml.safe_load(f"key: {scalar}  # comment\n") == {"key": text}
    assert yaml.safe_load(f"[{scalar}, other]") == [text, "other"]
    assert compose_yaml(f"- {scalar}\n", "<test>").value == [text]


@given(st.text(min_size=1).filter(lambda t: t.strip() == t and t.strip()))
def test_any_name_and_component_make_a_valid_declaration(text: str) -> None:
    # A code social that reads as a path is checked against the repository's bounds.
    assume("/" not in text and "\\" not in text and not text.endswith(".recip"))
    answers = Answers(name=text, uses=(UseAnswers(text, licence=text, code_social=text),))
    declaration, warnings = parse_declaration(render_template(answers))
    assert warnings == ()
    assert declaration.organisation.name == text
    use = declaration.uses[0]
    assert (use.component, use.licence, use.code_social) == (text, text, text)


# ---- files ---------------------------------------------------------------------------------


def test_existing_file_is_refused_then_overwritten_with_force(
    runner: CliRunner, tmp_path: Path
) -> None:
    written = tmp_path / "reciprocity.yml"
    written.write_text("mine\n", encoding="utf-8")
    code, output = _run(runner, [str(tmp_path), "--yes", "--name", "Acme", *AS_OF])
    assert code == 2
    assert "already exists; run with --force to overwrite it" in output
    assert written.read_text(encoding="utf-8") == "mine\n"
    code, output = _run(runner, [str(tmp_path), "--yes", "--force", "--name", "Acme", *AS_OF])
    assert code == 0, output
    assert _load(written).organisation.name == "Acme"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reciprocity.yml"]


def test_output_writes_another_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "declarations" / "acme.yml"
    target.parent.mkdir()
    monkeypatch.chdir(tmp_path)
    code, output = _run(runner, ["--output", str(target), "--yes", *AS_OF])
    assert code == 0, output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["declarations"]
    assert output.startswith(f"{target}: written (no use)")
    assert _load(target).uses == ()
    code, output = _run(runner, [str(tmp_path), "--output", str(target), "--force", "-y"])
    assert code == 2
    assert "give PATH or --output, not both" in output
    code, output = _run(runner, ["-o", str(tmp_path / "none" / "x.yml"), "-y"])
    assert code == 2
    assert "its folder does not exist" in output


def test_period_defaults_to_the_year_of_as_of(runner: CliRunner, tmp_path: Path) -> None:
    code, output = _run(runner, [str(tmp_path), "--yes", "--as-of", "2031-12-31"])
    assert code == 0, output
    period = _load(tmp_path / "reciprocity.yml").period
    assert period == Period(dt.date(2031, 1, 1), dt.date(2031, 12, 31))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--revenue", "12k"], "'12k' is not an amount"),
        (["--revenue", "2400000"], "'2400000' is not an amount"),
        (["--revenue", "-5 EUR"], "'-5 EUR' is not an amount"),
        (["--revenue", "12 EURO"], "'EURO' is not an ISO 4217 currency: did you mean 'EUR'?"),
        (["--country", "France"], "'France' is not a country code"),
        (["--identity", "acme"], "'acme' is not an identity"),
        (["--people", "-1"], "--people"),
        (["--period", "1900"], "--period"),
        (["--form", "sarl"], "--form"),
        (["--purpose", "commerce"], "--purpose"),
        (["--since", "2026-02-30", "--use", "x"], "'2026-02-30' is not a date"),
        (["--use", "a", "--licence", "A", "--licence", "B"], "2 --licence for 1 --use"),
        (["--use", " "], "an empty value names nothing"),
        (["--use", "x", "--code-social", ""], "an empty value names nothing"),
    ],
)
def test_bad_values_exit_2_and_write_nothing(
    runner: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    code, output = _run(runner, [str(tmp_path), "--yes", *AS_OF, *args])
    assert code == 2
    assert message in output
    assert list(tmp_path.iterdir()) == []


def test_text_that_does_not_read_back_is_not_written(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(answers: Answers, lang: str = "en") -> str:
        return "version: 1\norganisation: {}\nuses:\n  - component: x\n"

    monkeypatch.setattr(init_module, "render_template", broken)
    code, output = _run(runner, [str(tmp_path), "--yes", *AS_OF])
    assert code == 2
    assert "reciprocity.yml:4:5: error: uses[0]: " in output
    assert "not written: the answers do not make a valid declaration" in output
    assert list(tmp_path.iterdir()) == []


# ---- questions -----------------------------------------------------------------------------


def test_questions_are_asked_on_a_terminal(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(init_module, "_stdin_is_terminal", lambda: True)
    answers = [
        "",  # name: keeps --name
        "compagny",  # a typo: asked again
        "company",
        "fr",
        "12k",  # not an amount: asked again
        "2400000 EUR",
        "35",
        "",  # developers: unknown
        "@Acme.example, jo@acme.example",
        "",  # period: the year of --as-of
        "",  # the --use: kept, with its --licence
        "",
        "",
        "commercial, prestation",
        "2026-02-01",
        "coopcycle-docs",  # a second use
        "LicenseRef-Contributive-Commons",
        "open-brand",
        "",  # purposes: the default
        "",
        "",  # no third use
    ]
    args = [str(tmp_path), *AS_OF, "--name", "Acme", "--use", "coopcycle-web"]
    args += ["--licence", "LicenseRef-CoopCycle"]
    code, output = _run(runner, args, input="\n".join(answers) + "\n")
    assert code == 0, output
    assert "Organisation name [Acme]: " in output
    assert "  worker-cooperative  a worker cooperative" in output
    assert "Error: 'compagny' is not a legal form: did you mean 'company'?" in output
    assert "Error: '12k' is not an amount" in output
    assert output.endswith("written (2 uses); complete it, then run `reciprocity check`\n")
    declaration = _load(tmp_path / "reciprocity.yml")
    organisation = declaration.organisation
    assert (organisation.name, organisation.form, organisation.country) == ("Acme", "company", "FR")
    assert organisation.amount("revenue") == Money(Decimal(2400000), "EUR")
    assert organisation.counts == (("people", 35),)
    assert organisation.identities == ("@acme.example", "jo@acme.example")
    assert declaration.period == Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    first, second = declaration.uses
    assert (first.component, first.licence, first.purposes, first.since) == (
        "coopcycle-web",
        "LicenseRef-CoopCycle",
        ("commercial", "prestation"),
        dt.date(2026, 2, 1),
    )
    assert (second.component, second.code_social, second.purposes, second.since) == (
        "coopcycle-docs",
        "open-brand",
        ("commercial",),
        None,
    )


def test_questions_in_french(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(init_module, "_stdin_is_terminal", lambda: True)
    code, output = _run(runner, [str(tmp_path), "--lang", "fr", *AS_OF], input="\n" * 10)
    assert code == 0, output
    assert "Nom de l'organisation: " in output
    assert output.endswith("écrit (aucun usage) ; complétez-le, puis lancez `reciprocity check`\n")


def test_yes_or_no_terminal_asks_nothing(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, output = _run(runner, [str(tmp_path), *AS_OF, "--name", "Acme"])
    assert code == 0, output
    assert "Organisation name" not in output
    monkeypatch.setattr(init_module, "_stdin_is_terminal", lambda: True)
    code, output = _run(runner, [str(tmp_path), "-y", "--force", *AS_OF, "--name", "Acme"])
    assert code == 0, output
    assert "Organisation name" not in output


def test_end_of_input_writes_nothing(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(init_module, "_stdin_is_terminal", lambda: True)
    code, output = _run(runner, [str(tmp_path), *AS_OF], input="Acme\n")
    assert code == 2
    assert output.endswith("reciprocity.yml: not written: the questions were left unanswered\n")
    assert list(tmp_path.iterdir()) == []
