"""The command line starts light: subcommands and their heavy imports load only when they run."""

from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from reciprocity.cli import main
from reciprocity.cli.main import COMMANDS, ReciprocityGroup

HEAVY = ("lark", "yaml", "git", "requests", "jsonschema", "license_expression")
# The only modules of ours that starting the command line may import.
START = {
    "reciprocity",
    "reciprocity.__main__",
    "reciprocity.cli",
    "reciprocity.cli.main",
    "reciprocity.errors",
}


def imported(*arguments: str) -> set[str]:
    """The modules a new `python -m reciprocity ARGUMENTS` imports, from ``-X importtime``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "reciprocity", *arguments],
        capture_output=True,
        text=True,
        check=True,
    )
    names = re.findall(r"^import time:\s*\d+ \|\s*\d+ \| ( *)(\S+)$", done.stderr, re.M)
    assert names, done.stderr
    return {name for _, name in names}


@pytest.mark.parametrize("arguments", [("--version",), ("--help",)])
def test_start_imports_no_heavy_module_nor_any_command(arguments: tuple[str, ...]) -> None:
    modules = imported(*arguments)
    assert "click" in modules  # the parse of importtime's output found something real
    heavy = {m for m in modules if m.split(".")[0] in HEAVY}
    assert heavy == set()
    ours = {m for m in modules if m.split(".")[0] == "reciprocity"}
    assert ours <= START


def test_import_alone_loads_no_command() -> None:
    code = "import sys, reciprocity.cli; print(' '.join(sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules = set(done.stdout.split())
    assert "reciprocity.cli" in modules
    assert {m for m in modules if m.split(".")[0] in HEAVY} == set()
    assert {m for m in modules if m.split(".")[0] == "reciprocity"} <= START


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_lazy_table_holds_each_commands_own_short_help(name: str) -> None:
    group = ReciprocityGroup("reciprocity", lazy_commands=COMMANDS)
    command = group.load(name)
    assert command.name == name
    # The table keeps the whole first sentence; click shortens both alike to the terminal.
    assert COMMANDS[name][1] == command.get_short_help_str(limit=10_000)


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_help_lists_commands_as_if_they_were_loaded(width: int) -> None:
    lazy = ReciprocityGroup("reciprocity", lazy_commands=COMMANDS, help=main.help)
    loaded = click.Group(
        "reciprocity", commands={name: lazy.load(name) for name in COMMANDS}, help=main.help
    )
    fresh = ReciprocityGroup("reciprocity", lazy_commands=COMMANDS, help=main.help)

    def help_text(group: click.Group) -> str:
        context = click.Context(group, info_name="reciprocity", terminal_width=width)
        return group.get_help(context)

    assert help_text(fresh) == help_text(loaded)
    assert fresh.commands == {}  # listing them imported none


def test_commands_run_once_loaded_and_unknown_ones_are_refused(runner: CliRunner) -> None:
    assert main.list_commands(click.Context(main)) == sorted(COMMANDS)
    result = runner.invoke(main, ["licence", "--help"])
    assert result.exit_code == 0
    assert "Read, check and explain" in result.output
    refused = runner.invoke(main, ["licenses"])
    assert refused.exit_code == 2
    assert "No such command 'licenses'" in refused.output


def test_python_dash_m_runs_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reciprocity", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("reciprocity, version ")
