"""Reports: one module per format, each pure (a result in, text out).

``render_check`` is the one place that maps a format name to its module, so the CLI, the
GitHub Action and the tests all reach every format the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, assert_never

if TYPE_CHECKING:
    from reciprocity.evaluation.result import CheckResult


class CheckFormat(StrEnum):
    """The formats of an evaluation's report (``check``, ``audit``, ``quote``)."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    MARKDOWN = "markdown"
    GITHUB = "github"


@dataclass(frozen=True, kw_only=True)
class ReportOptions:
    """How a person asked for the report: language, detail, colour."""

    lang: str = "en"
    verbose: bool = False
    """Also show the findings that ask nothing (``permitted``)."""
    colour: bool = False
    """ANSI colour, for a terminal only."""


def render_check(result: CheckResult, output_format: CheckFormat, options: ReportOptions) -> str:
    """Render ``result`` in ``output_format``."""
    match output_format:
        case CheckFormat.TEXT:
            from reciprocity.report import check_text

            return check_text.render(result, options.lang, options.verbose, colour=options.colour)
        case CheckFormat.JSON:
            from reciprocity.report import check_json

            return check_json.render(result, options.lang)
        case CheckFormat.SARIF:
            from reciprocity.report import check_sarif

            return check_sarif.render(result, options.lang)
        case CheckFormat.MARKDOWN:
            from reciprocity.report import check_markdown

            return check_markdown.render(result, options.lang)
        case CheckFormat.GITHUB:
            from reciprocity.report import check_github

            return check_github.render(result, options.lang)
        case _:
            assert_never(output_format)
