"""The pre-commit hooks: each runs a real command, on the files it claims to watch."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from reciprocity.cli import main
from reciprocity.scan.manifests import _BY_NAME
from tests.conftest import DATA
from tests.report.conftest import ACME

ROOT = DATA.parent.parent
HOOKS = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}


def _arguments(hook_id: str) -> list[str]:
    words = shlex.split(HOOKS[hook_id]["entry"])
    assert words[0] == "reciprocity"
    return words[1:]


@pytest.mark.parametrize(
    ("path", "watched"),
    [
        ("reciprocity.yml", True),
        ("vendor/coopcycle-web/LICENSE", True),
        ("LICENSES/LicenseRef-CoopCycle.txt", True),
        ("composer.lock", True),
        ("web/package-lock.json", True),
        ("sbom/app.cdx.json", True),
        ("licence/mine.recip", True),
        ("src/app.php", False),
        ("docs/licensing-notes.md", False),
    ],
)
def test_the_check_hook_watches_what_decides_a_check(path: str, watched: bool) -> None:
    assert bool(re.search(HOOKS["reciprocity-check"]["files"], path)) is watched


@pytest.mark.parametrize(
    "path",
    [
        *(f"app/{name}" for name in sorted(_BY_NAME)),
        "requirements/dev.txt",
        "dev-requirements.txt",
        "requirements_test.txt",
        "vendor/composer/installed.json",
        "site-packages/lark-1.3.1.dist-info/METADATA",
        "bom.json",
        "cyclonedx.json",
        "app.spdx.json",
        "Licence.md",
        "licenses/MIT.txt",
        "OSMFEULA.txt",
    ],
)
def test_the_check_hook_watches_every_file_the_scan_reads(path: str) -> None:
    assert re.search(HOOKS["reciprocity-check"]["files"], path), path


def test_the_check_hook_runs_check_on_the_repository(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ACME, tmp_path / "acme")
    monkeypatch.chdir(tmp_path / "acme")
    assert HOOKS["reciprocity-check"]["pass_filenames"] is False
    result = runner.invoke(main, [*_arguments("reciprocity-check"), "--as-of", "2026-11-22"])
    assert result.exit_code == 1
    assert "FORBIDDEN" in result.stdout


def test_the_lint_hook_lints_the_files_it_is_given(runner: CliRunner) -> None:
    hook = HOOKS["reciprocity-licence-lint"]
    assert re.search(hook["files"], "licences/PPL.recip")
    assert not re.search(hook["files"], "LICENSE")
    recip = str(ROOT / "licences" / "PPL.recip")
    result = runner.invoke(main, [*_arguments("reciprocity-licence-lint"), recip])
    assert result.exit_code == 0, result.stderr
