"""The README stays true: two Quick start commands, and its language examples parse."""

from __future__ import annotations

import re
from pathlib import Path

from reciprocity.catalogue import load_catalogue
from reciprocity.language import parse

README_DIR = Path(__file__).resolve().parent.parent
README = (README_DIR / "README.md").read_text(encoding="utf-8")


def test_quick_start_has_exactly_two_commands() -> None:
    section = re.search(r"^##\s+Quick start\s*$(.*?)(?=^##\s|\Z)", README, re.M | re.S)
    assert section is not None
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", section.group(1), re.M | re.S)
    assert len(blocks) == 2
    assert "reciprocity " in blocks[0]
    assert "pytest" in blocks[1]


def test_language_examples_parse() -> None:
    catalogue = load_catalogue()
    blocks = re.findall(r"^```text\n(.*?)^```", README, re.M | re.S)
    documents = []
    for block in blocks:
        for chunk in re.split(r"\n(?=parameters |code social |licence )", block):
            if re.match(r"(#.*\n)*(licence|parameters|code social) ", chunk):
                documents.append(parse(chunk, resolve=catalogue.resolve)[0])
    assert len(documents) == 3


def test_declaration_example_is_a_valid_declaration() -> None:
    from reciprocity.declaration import parse_declaration

    blocks = re.findall(r"^```yaml\n(.*?)^```", README, re.M | re.S)
    assert blocks, "the README shows a reciprocity.yml"
    declaration, warnings = parse_declaration(blocks[0], source="README")
    assert warnings == ()
    assert declaration.uses[0].prestations[0].amount.currency == "EUR"


def test_first_quick_start_command_checks_the_worked_example() -> None:
    section = re.search(r"^##\s+Quick start\s*$(.*?)(?=^##\s|\Z)", README, re.M | re.S)
    assert section is not None
    first = re.findall(r"^```[^\n]*\n(.*?)^```", section.group(1), re.M | re.S)[0]
    command = first.strip().split("&& ")[-1].split()
    assert command[:3] == ["reciprocity", "check", "examples/coopcycle/platform"]
    assert (README_DIR / command[2] / "reciprocity.yml").is_file()
