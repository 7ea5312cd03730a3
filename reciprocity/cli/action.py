"""``reciprocity github-action``: what the GitHub Action does, in one run of the check.

The composite action (``action.yml``) passes its inputs as ``INPUT_*`` environment variables,
never spliced into a script. This command reads them, checks once, and from that one result
writes the job summary (Markdown), the annotations (workflow commands on stdout), the SARIF
file if asked, the JSON report, and the step outputs ``verdict``, ``owed``, ``uses-owing`` and
``report``; then it exits with the check's code. The ``token`` input goes to api.github.com
for Go modules' licences when ``online`` is true, and is masked in the log before anything
else is printed. When the check cannot run (a broken
declaration, an unknown base revision) it says so in the summary and as an annotation on the
faulty line, sets ``verdict=error``, and exits 2.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reciprocity.cli.main import EXIT_CANNOT_CHECK
from reciprocity.cli.options import FAIL_ON, registries
from reciprocity.errors import DiagnosedError, ReciprocityError, SourceError

if TYPE_CHECKING:
    from reciprocity.errors import Diagnostic
    from reciprocity.evaluation.result import CheckResult
    from reciprocity.scan.registries import GitHubToken

TOKEN_SOURCE = "the action's token input"


class InputError(Exception):
    """An input of the action has a value it cannot take."""


@dataclass(frozen=True, kw_only=True)
class ActionInputs:
    """The action's inputs, read from the environment and checked."""

    path: Path
    declaration: Path | None
    fail_on: str
    base: str | None
    sarif_file: Path | None
    summary: bool
    annotations: bool
    licences: tuple[Path, ...]
    as_of: dt.date | None
    online: bool
    lang: str
    github_token: GitHubToken | None = field(default=None, repr=False)
    """The ``token`` input; sent only when ``online`` is true."""

    @classmethod
    def from_environment(cls, env: Mapping[str, str]) -> ActionInputs:
        """Read ``INPUT_*`` variables; an empty value means the input's default."""

        def get(name: str, default: str = "") -> str:
            return env.get(f"INPUT_{name}", "").strip() or default

        fail_on = get("FAIL_ON", "owes")
        if fail_on not in FAIL_ON:
            raise InputError(f"fail-on: '{fail_on}' is not one of {', '.join(FAIL_ON)}")
        lang = get("LANG", "en")
        if lang not in ("en", "fr"):
            raise InputError(f"lang: '{lang}' is not en or fr")
        token = None
        if get("TOKEN"):
            from reciprocity.scan.registries import GitHubToken

            token = GitHubToken(get("TOKEN"), TOKEN_SOURCE)
        as_of = None
        if get("AS_OF"):
            try:
                as_of = dt.date.fromisoformat(get("AS_OF"))
            except ValueError:
                raise InputError(
                    f"as-of: '{get('AS_OF')}' is not a date: write YYYY-MM-DD"
                ) from None
        return cls(
            path=Path(get("PATH", ".")),
            declaration=Path(get("DECLARATION")) if get("DECLARATION") else None,
            fail_on=fail_on,
            base=get("BASE") or None,
            sarif_file=Path(get("SARIF_FILE")) if get("SARIF_FILE") else None,
            summary=_flag("summary", get("SUMMARY", "true")),
            annotations=_flag("annotations", get("ANNOTATIONS", "true")),
            licences=(Path(get("LICENCES")),) if get("LICENCES") else (),
            as_of=as_of,
            online=_flag("online", get("ONLINE", "false")),
            lang=lang,
            github_token=token,
        )


def _flag(name: str, value: str) -> bool:
    lowered = value.lower()
    if lowered in ("true", "yes", "1", "on"):
        return True
    if lowered in ("false", "no", "0", "off"):
        return False
    raise InputError(f"{name}: '{value}' is not true or false")


@click.command(name="github-action")
def github_action() -> None:
    """Run the check as the GitHub Action does (inputs from INPUT_* variables).

    Writes the job summary, annotations, SARIF and JSON reports and the step outputs; exits
    like `check`. Outside GitHub, set GITHUB_STEP_SUMMARY and GITHUB_OUTPUT to files.
    """
    env = os.environ
    _mask(env.get("INPUT_TOKEN", "").strip())
    try:
        inputs = ActionInputs.from_environment(env)
    except InputError as error:
        _cannot_check(str(error), None, env)
        return
    try:
        result = _check(inputs)
        report = _write_files(result, inputs, env)
    except ReciprocityError as error:
        _cannot_check(str(error), error, env, inputs.summary, inputs.annotations)
        return
    _publish(result, inputs, env, report)


def _check(inputs: ActionInputs) -> CheckResult:
    from reciprocity.checking import CheckRequest, check_tree
    from reciprocity.cli.check import evaluator

    if not inputs.path.is_dir():
        raise SourceError(f"path: {inputs.path.as_posix()} is not a folder of the workspace")
    request = CheckRequest(
        path=inputs.path,
        declaration=inputs.declaration,
        base=inputs.base,
        extra_licences=inputs.licences,
        # The token input alone, not GITHUB_TOKEN from the job's environment: an empty input
        # means no token.
        registries=registries(inputs.online, {}, token=inputs.github_token),
    )
    warnings: list[Diagnostic] = []
    result = check_tree(request, evaluator(inputs.licences, inputs.as_of), warnings.append)
    for warning in warnings:
        where = f"file={escape_property(warning.source)},line={warning.line}"
        click.echo(f"::warning {where},col={warning.column}::{escape_data(warning.message)}")
    return result


def _write_files(result: CheckResult, inputs: ActionInputs, env: Mapping[str, str]) -> Path:
    """Write the SARIF and JSON reports (before anything is published, so that a file that
    cannot be written is a failure of the whole step); return the JSON report's path."""
    import tempfile

    from reciprocity.cli.output import write_report
    from reciprocity.report import CheckFormat, ReportOptions, render_check

    options = ReportOptions(lang=inputs.lang)
    if inputs.sarif_file is not None:
        _make_folder(inputs.sarif_file.parent)
        write_report(render_check(result, CheckFormat.SARIF, options), inputs.sarif_file)
    folder = Path(env.get("RUNNER_TEMP") or tempfile.gettempdir()) / "reciprocity"
    _make_folder(folder)
    report = folder / "report.json"
    write_report(render_check(result, CheckFormat.JSON, options), report)
    return report


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SourceError(
            f"{folder.as_posix()}: cannot create the folder ({error.strerror})"
        ) from None


def _publish(
    result: CheckResult, inputs: ActionInputs, env: Mapping[str, str], report: Path
) -> None:
    from reciprocity.cli.check import exit_code
    from reciprocity.report import CheckFormat, ReportOptions, render_check
    from reciprocity.report.summary import owed_plain, summary_line, uses_owing

    options = ReportOptions(lang=inputs.lang)
    click.echo("::group::reciprocity report")
    _quoted(render_check(result, CheckFormat.TEXT, options))
    click.echo("::endgroup::")
    if inputs.annotations:
        click.echo(render_check(result, CheckFormat.GITHUB, options), nl=False)
    if inputs.summary:
        _append(env.get("GITHUB_STEP_SUMMARY"), render_check(result, CheckFormat.MARKDOWN, options))
    _outputs(
        env,
        verdict=result.verdict.value if result.uses else "none",
        owed=owed_plain(result),
        uses_owing=str(uses_owing(result)),
        report=report.as_posix(),
    )
    click.echo(summary_line(result, inputs.lang), err=True)
    sys.exit(exit_code(result, inputs.fail_on))


def _mask(token: str) -> None:
    """Ask the runner to hide the token in the log, first of all output.

    GitHub already hides its own token and secrets, but not a value written into a workflow
    or built from other values. Masking is asked whatever the token, the default included:
    from inside the step the default cannot be told apart, and hiding it twice is harmless.
    """
    if token:
        click.echo(f"::add-mask::{escape_data(token)}")


def _quoted(text: str) -> None:
    """Print text written from others' files with workflow commands switched off, so that a
    line in it cannot act as one (``::add-mask::``, ``::error::``, ``::stop-commands::``)."""
    import secrets

    token = secrets.token_hex(16)
    click.echo(f"::stop-commands::{token}")
    click.echo(text, nl=not text.endswith("\n"))
    click.echo(f"::{token}::")


def _cannot_check(
    message: str,
    error: ReciprocityError | None,
    env: Mapping[str, str],
    summary: bool = True,
    annotations: bool = True,
) -> None:
    _quoted(message)
    if annotations:
        if isinstance(error, DiagnosedError):
            for diagnostic in error.errors:
                where = f"file={escape_property(diagnostic.source)}"
                if diagnostic.line:
                    where += f",line={diagnostic.line},col={diagnostic.column}"
                text = diagnostic.message + (f". {diagnostic.hint}" if diagnostic.hint else "")
                title = escape_property("reciprocity: invalid input")
                click.echo(f"::error {where},title={title}::{escape_data(text)}")
        else:
            title = escape_property("reciprocity: could not check")
            click.echo(f"::error title={title}::{escape_data(message)}")
    if summary:
        _append(
            env.get("GITHUB_STEP_SUMMARY"),
            "## reciprocity\n\n**Could not check.** Fix the input below and run again.\n\n"
            f"```text\n{message.replace('```', '` ` `')}\n```\n",
        )
    _outputs(env, verdict="error", owed="", uses_owing="0", report="")
    sys.exit(EXIT_CANNOT_CHECK)


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(text)


def _outputs(env: Mapping[str, str], **values: str) -> None:
    """Append ``name=value`` lines to ``$GITHUB_OUTPUT`` (names in kebab-case)."""
    lines = "".join(f"{name.replace('_', '-')}={value}\n" for name, value in values.items())
    _append(env.get("GITHUB_OUTPUT"), lines)


def escape_data(text: str) -> str:
    """A workflow command's message, escaped (imported late: ``--help`` stays fast)."""
    from reciprocity.report.check_github import escape_data as escape

    return escape(text)


def escape_property(text: str) -> str:
    """A workflow command's property value, escaped."""
    from reciprocity.report.check_github import escape_property as escape

    return escape(text)
