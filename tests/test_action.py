"""The GitHub Action, run step by step as GitHub would run it.

``action.yml`` is read as data; each ``run:`` step is executed by bash with the environment
its ``env:`` block gives, after GitHub's ``${{ … }}`` expressions are replaced by the inputs
(or their defaults), the event and the earlier steps' outputs. The install step is the one
step not run: it would download the pinned dependencies, and this interpreter already has
the package, so its ``python`` output is this interpreter.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import DATA
from tests.report.conftest import ACME
from tests.scan.repos import git

ROOT = DATA.parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str


def _evaluate(expression: str, context: dict[str, Any]) -> str:
    value: Any = context
    for part in expression.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return "" if value is None else str(value)


def _substitute(text: str, context: dict[str, Any]) -> str:
    return EXPRESSION.sub(lambda match: _evaluate(match.group(1), context), text)


def run_action(
    workspace: Path,
    inputs: dict[str, str],
    event: dict[str, Any] | None = None,
    token: str = "",
) -> Run:
    """Run the action's steps; ``token`` is ``github.token`` (GitHub's own, masked by it)."""
    temp = workspace.parent / "runner-temp"
    temp.mkdir(exist_ok=True)
    summary = temp / "step-summary.md"
    summary.write_text("", encoding="utf-8")
    github: dict[str, Any] = {"action_path": str(ROOT), "event": event or {}, "token": token}
    given: dict[str, str] = {}
    for name, spec in ACTION["inputs"].items():
        default = _substitute(str(spec.get("default", "")), {"github": github})
        given[name] = inputs.get(name, default)
    context: dict[str, Any] = {"inputs": given, "github": github, "steps": {}}
    code, stdout, stderr, outputs = 0, "", "", {}
    for step in ACTION["runs"]["steps"]:
        if step["id"] == "install":
            context["steps"]["install"] = {"outputs": {"python": sys.executable}}
            continue
        output_file = temp / f"output-{step['id']}"
        output_file.write_text("", encoding="utf-8")
        env = {
            **os.environ,
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_OUTPUT": str(output_file),
            "RUNNER_TEMP": str(temp),
            "NO_COLOR": "1",
        }
        env.update({k: _substitute(str(v), context) for k, v in step.get("env", {}).items()})
        done = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        code, stdout, stderr = done.returncode, done.stdout, done.stderr
        outputs = dict(
            line.split("=", 1) for line in output_file.read_text(encoding="utf-8").splitlines()
        )
        context["steps"][step["id"]] = {"outputs": outputs}
        if code:
            break
    return Run(code, stdout, stderr, outputs, summary.read_text(encoding="utf-8"))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return tmp_path / "workspace"


AS_OF = {"as-of": "2026-11-22"}


def test_a_compliant_repository_passes(workspace: Path) -> None:
    shutil.copytree(ROOT / "examples" / "coopcycle" / "cooperative", workspace)
    run = run_action(workspace, AS_OF)
    assert run.code == 0, run.stderr
    assert run.outputs["verdict"] == "exempt"
    assert run.outputs["owed"] == ""
    assert run.outputs["uses-owing"] == "0"
    assert "::error" not in run.stdout
    assert "::warning" not in run.stdout
    assert run.summary.startswith("## reciprocity")
    assert Path(run.outputs["report"]).is_file()
    assert run.stderr.strip().endswith("nothing to settle (1 exempt, 1 permitted).")


def test_an_owing_repository_fails_with_every_report(workspace: Path) -> None:
    shutil.copytree(ACME, workspace)
    run = run_action(workspace, {**AS_OF, "sarif-file": "reciprocity.sarif", "lang": "fr"})
    assert run.code == 1, run.stderr
    assert run.outputs == {
        "verdict": "forbidden",
        "owed": "520.00 EUR, 90.00 USD",
        "uses-owing": "2",
        "report": (workspace.parent / "runner-temp" / "reciprocity" / "report.json").as_posix(),
    }
    errors = [line for line in run.stdout.splitlines() if line.startswith("::error ")]
    assert [line.split("::")[1].split(",")[0] for line in errors] == [
        "error file=vendor/coopcycle-web/LICENSE",
        "error file=docs/guide-coursier/01-securite.md",
        "error file=composer.lock",
    ]
    assert "::warning file=composer.lock,line=13" in run.stdout
    assert "2 usages doivent 520,00 EUR et 90,00 USD" in run.summary
    sarif = (workspace / "reciprocity.sarif").read_text(encoding="utf-8")
    assert '"version": "2.1.0"' in sarif


def test_fail_on_never_lets_the_job_pass(workspace: Path) -> None:
    shutil.copytree(ACME, workspace)
    run = run_action(workspace, {**AS_OF, "fail-on": "never", "summary": "false"})
    assert run.code == 0
    assert run.outputs["verdict"] == "forbidden"
    assert run.summary == ""


def test_a_broken_declaration_is_reported_on_its_line(workspace: Path) -> None:
    shutil.copytree(ACME, workspace)
    declaration = workspace / "reciprocity.yml"
    text = declaration.read_text(encoding="utf-8")
    declaration.write_text(text.replace("amount: 30000 EUR", "amount: 30000 EURO"), "utf-8")
    run = run_action(workspace, AS_OF)
    assert run.code == 2
    assert run.outputs == {"verdict": "error", "owed": "", "uses-owing": "0", "report": ""}
    line = (
        text.splitlines().index(next(t for t in text.splitlines() if "amount: 30000 EUR" in t)) + 1
    )
    assert re.search(
        rf"^::error file=reciprocity.yml,line={line},col=\d+,title=reciprocity%3A invalid input::",
        run.stdout,
        re.M,
    ), run.stdout
    assert "**Could not check.**" in run.summary
    assert "reciprocity.yml:" in run.summary
    assert "Traceback" not in run.stderr


def test_a_bad_input_is_refused(workspace: Path) -> None:
    shutil.copytree(ACME, workspace)
    run = run_action(workspace, {**AS_OF, "fail-on": "sometimes"})
    assert run.code == 2
    assert "::error title=reciprocity%3A could not check::fail-on: 'sometimes' is not one of" in (
        run.stdout
    )


def test_a_pull_request_is_judged_on_what_it_brings(workspace: Path) -> None:
    shutil.copytree(ACME, workspace)
    git(workspace, "init", "-q")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "base")
    base = git(workspace, "rev-parse", "HEAD").strip()
    (workspace / "src" / "app.php").write_text("<?php\necho 'changed';\n", encoding="utf-8")
    git(workspace, "commit", "-q", "-am", "a change with no new commons")
    event = {"pull_request": {"base": {"sha": base}}}
    run = run_action(workspace, AS_OF, event)
    assert run.code == 0, run.stderr
    assert run.outputs["verdict"] == "none"
    assert f"since {base}" in run.summary.lower()


def test_inputs_are_documented_and_never_spliced_into_scripts() -> None:
    steps = ACTION["runs"]["steps"]
    for step in steps:
        assert "${{" not in step["run"], step["id"]
    check = next(step for step in steps if step["id"] == "check")
    for name, spec in ACTION["inputs"].items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", name)
        assert "(default" in spec["description"], name
        variable = "INPUT_" + name.upper().replace("-", "_")
        assert check["env"][variable] == "${{ inputs." + name + " }}"
    assert set(ACTION["outputs"]) == {"verdict", "owed", "uses-owing", "report"}


def _pins() -> dict[str, str]:
    install = next(step for step in ACTION["runs"]["steps"] if step["id"] == "install")
    block = install["run"].split("<<'PINS'\n", 1)[1].split("\nPINS\n", 1)[0]
    pins = {}
    for line in block.splitlines():
        name, version = line.strip().split("==")
        pins[_normal(name)] = version
    return pins


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_pins_satisfy_every_dependency_of_the_package() -> None:
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = _pins()
    for text in project["dependencies"]:
        requirement = Requirement(text)
        pinned = pins.get(_normal(requirement.name))
        assert pinned is not None, f"{requirement.name} has no pin in action.yml"
        assert requirement.specifier.contains(pinned), f"{requirement.name}=={pinned} ∉ {text}"


def test_names_from_the_repository_cannot_act_as_workflow_commands(workspace: Path) -> None:
    shutil.copytree(ACME, workspace)
    lock = workspace / "composer.lock"
    text = lock.read_text(encoding="utf-8")
    lock.write_text(
        text.replace('"atelier/routing"', '"atelier/routing\\n::add-mask::secret\\n::error::x"'),
        encoding="utf-8",
    )
    run = run_action(workspace, AS_OF)
    assert run.code == 1, run.stderr
    lines = run.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("::stop-commands::"))
    token = lines[start].removeprefix("::stop-commands::")
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    end = lines.index(f"::{token}::")
    outside = lines[:start] + lines[end + 1 :]
    assert not any(line.startswith(("::add-mask::", "::error::x")) for line in outside)
    assert not any(line.startswith("::add-mask::") for line in lines[start + 1 : end])


def test_a_path_that_is_not_a_folder_cannot_be_checked(workspace: Path) -> None:
    shutil.copytree(ACME, workspace)
    run = run_action(workspace, {**AS_OF, "path": "nowhere"})
    assert run.code == 2
    assert run.outputs["verdict"] == "error"
    assert "path: nowhere is not a folder of the workspace" in run.stdout


def test_the_sarif_file_may_go_in_a_new_folder(workspace: Path) -> None:
    shutil.copytree(ACME, workspace)
    run = run_action(workspace, {**AS_OF, "sarif-file": "reports/code/reciprocity.sarif"})
    assert run.code == 1, run.stderr
    assert (workspace / "reports" / "code" / "reciprocity.sarif").is_file()


SECRET = "ghp_ActionInputSecretNeverInTheLog01234567"


@pytest.mark.parametrize("given", ["input", "default"])
def test_the_token_is_masked_first_and_written_nowhere(workspace: Path, given: str) -> None:
    shutil.copytree(ACME, workspace)
    inputs = {**AS_OF, "sarif-file": "reciprocity.sarif"}
    if given == "input":
        run = run_action(workspace, {**inputs, "token": SECRET}, token="ghs_the_job_token")
    else:  # the input's default, ${{ github.token }}
        run = run_action(workspace, inputs, token=SECRET)
    assert run.code == 1, run.stderr
    # Offline (the default), the token is not used, but the log hides it all the same.
    lines = run.stdout.splitlines()
    assert lines[0] == f"::add-mask::{SECRET}"
    assert SECRET not in "\n".join(lines[1:])
    assert SECRET not in run.stderr
    assert SECRET not in run.summary
    assert SECRET not in "".join(f"{k}={v}" for k, v in run.outputs.items())
    assert SECRET not in (workspace / "reciprocity.sarif").read_text(encoding="utf-8")
    assert SECRET not in Path(run.outputs["report"]).read_text(encoding="utf-8")


def test_the_token_input_defaults_to_the_job_token_and_is_passed_as_an_input() -> None:
    token = ACTION["inputs"]["token"]
    assert token["default"] == "${{ github.token }}"
    assert "`online`" in token["description"]
    check = next(step for step in ACTION["runs"]["steps"] if step["id"] == "check")
    # Not as GITHUB_TOKEN: a token in the job's environment is never sent in its place.
    assert "GITHUB_TOKEN" not in check["env"]
    assert check["env"]["INPUT_TOKEN"] == "${{ inputs.token }}"


def test_no_token_no_mask(workspace: Path) -> None:
    shutil.copytree(ACME, workspace)
    run = run_action(workspace, {**AS_OF, "token": ""}, token="")
    assert not any(line.startswith("::add-mask::") for line in run.stdout.splitlines())
