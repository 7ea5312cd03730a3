"""Shared fixtures: the CLI runner, the data folder, and golden-file comparison."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

DATA = Path(__file__).parent / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="Rewrite golden files with the current output (review the diff like code).",
    )


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


class Golden:
    """Compare text with a golden file, or rewrite it under --update-goldens."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, path: Path, actual: str) -> None:
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"{path} is missing: run pytest --update-goldens and review it"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"{path.name} differs from its golden file"


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(bool(request.config.getoption("--update-goldens")))
