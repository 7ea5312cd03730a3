"""Issue 6: a GitHub token given for ``--online`` never appears in output, logs, errors, report
files or the cache, and goes to api.github.com alone, whatever the registries answer.

Each command runs through click's runner with ``GITHUB_TOKEN`` set, against a fake HTTP
session injected where ``reciprocity.cli.options`` builds the registry client.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from click.testing import CliRunner, Result

from reciprocity.cli import options
from reciprocity.cli.main import main
from reciprocity.scan.registries import GitHubToken, Registries
from tests.scan.repos import write
from tests.scan.test_registries import FakeResponse, FakeSession, Outcome, recorded

SECRET = "ghp_S3cretForIssue6DoNotLeak0123456789ab"
OTHER_SECRET = "ghp_EnvironmentTokenTheActionMustIgnore0"

COBRA = "https://api.github.com/repos/spf13/cobra/license?ref=v1.8.0"
TOOL = "https://api.github.com/repos/acme/tool/license?ref=abcdef123456"
TOOL_MOVED = "https://api.github.com/repositories/4242/license?ref=abcdef123456"
REQUESTS = "https://pypi.org/pypi/requests/2.32.3/json"

GO_MOD = """module example.com/fair

go 1.22

require (
	github.com/spf13/cobra v1.8.0
	github.com/acme/tool v0.0.0-20210101000000-abcdef123456
	golang.org/x/text v0.14.0 // indirect
)
"""
PYPROJECT = '[project]\nname = "fair"\nversion = "1.0.0"\ndependencies = ["requests==2.32.3"]\n'

# What exception messages may hold: the request, its headers, the token itself.
LEAKY = f"GET {COBRA} headers={{'Authorization': 'Bearer {SECRET}'}} token={SECRET}"

RATE_LIMITED = FakeResponse(
    403,
    recorded("github-rate-limited.json").body,
    headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1750003600"},
)

SCENARIOS: dict[str, dict[str, Outcome | list[Outcome]]] = {
    "answers": {
        COBRA: recorded("github-spf13-cobra-v1.8.0.json"),
        TOOL: recorded("github-spf13-cobra-v1.8.0.json"),
        REQUESTS: recorded("pypi-requests-2.32.3.json"),
    },
    "exceptions": {
        COBRA: requests.exceptions.InvalidHeader(LEAKY),
        TOOL: requests.exceptions.ReadTimeout(LEAKY),
        REQUESTS: requests.exceptions.ConnectionError(LEAKY),
    },
    "redirects": {
        COBRA: FakeResponse(302, headers={"Location": f"https://evil.example/?t={SECRET}"}),
        TOOL: FakeResponse(301, headers={"Location": TOOL_MOVED}),
        TOOL_MOVED: recorded("github-spf13-cobra-v1.8.0.json"),
        REQUESTS: FakeResponse(302, headers={"Location": "https://evil.example/pypi"}),
    },
    "server errors": {
        COBRA: FakeResponse(500, b'{"message": "Server Error"}'),
        TOOL: FakeResponse(502),
        REQUESTS: FakeResponse(503),
    },
    "rate limit": {
        COBRA: RATE_LIMITED,
        TOOL: RATE_LIMITED,
        REQUESTS: recorded("pypi-requests-2.32.3.json"),
    },
}


@dataclass
class Online:
    """The fake network of one test, and what the client was built with."""

    session: FakeSession
    cache: Path
    tokens: list[GitHubToken | None]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "fair"
    write(root, {"go.mod": GO_MOD, "pyproject.toml": PYPROJECT})
    return root


def fake_online(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, routes: Mapping[str, Outcome | list[Outcome]]
) -> Online:
    online = Online(FakeSession(routes), tmp_path / "cache", [])

    def open_registries(token: GitHubToken | None) -> Registries:
        online.tokens.append(token)
        return Registries(
            online.session,
            cache_dir=online.cache,
            github_token=token,
            sleep=lambda _: None,
            clock=lambda: 1_750_000_000.0,
        )

    monkeypatch.setattr(options, "open_registries", open_registries)
    return online


def files_under(folder: Path) -> Iterator[Path]:
    return (path for path in folder.rglob("*") if path.is_file())


def assert_no_secret(*texts: str, folders: tuple[Path, ...] = ()) -> None:
    for text in texts:
        assert SECRET not in text
    for folder in folders:
        for path in files_under(folder):
            assert SECRET not in path.name
            assert SECRET.encode() not in path.read_bytes(), path


def assert_token_went_to_github_only(online: Online) -> None:
    assert online.session.calls, "nothing was asked"
    for url, request in online.session.calls:
        headers = request["headers"]
        assert isinstance(headers, dict)
        assert SECRET not in url
        if urlsplit(url).hostname == "api.github.com":
            assert headers["Authorization"] == f"Bearer {SECRET}"
        else:
            assert "Authorization" not in headers
            assert SECRET not in repr(request)
    assert "evil.example" not in " ".join(online.session.urls)


def run(runner: CliRunner, args: list[str], env: Mapping[str, str]) -> Result:
    return runner.invoke(main, args, env=dict(env), catch_exceptions=False)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_scan_and_check_never_show_the_token(
    tmp_path: Path,
    tree: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    scenario: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    online = fake_online(monkeypatch, tmp_path, SCENARIOS[scenario])
    out = tmp_path / "out"
    out.mkdir()
    runner = CliRunner()
    env = {"GITHUB_TOKEN": SECRET, "RECIPROCITY_GITHUB_TOKEN": ""}
    path = str(tree)
    results = [
        run(runner, ["scan", path, "--online", "-v"], env),
        run(runner, ["scan", path, "--online", "--format", "json", "-o", str(out / "i.json")], env),
        run(runner, ["check", path, "--online", "-v"], env),
        run(
            runner, ["check", path, "--online", "--format", "json", "-o", str(out / "c.json")], env
        ),
        run(
            runner,
            ["check", path, "--online", "--format", "sarif", "-o", str(out / "c.sarif")],
            env,
        ),
    ]
    for result in results:
        assert result.exit_code in (0, 1), result.output
        assert_no_secret(result.stdout, result.stderr, result.output)
    assert_no_secret(caplog.text, folders=(out, online.cache))
    assert {path.name for path in files_under(out)} == {"i.json", "c.json", "c.sarif"}
    # The token was read from the environment and used: it is what makes this test meaningful.
    assert online.tokens and all(t == GitHubToken(SECRET, "GITHUB_TOKEN") for t in online.tokens)
    assert_token_went_to_github_only(online)
    inventory = (out / "i.json").read_text(encoding="utf-8")
    if scenario == "answers":
        assert inventory.count('"licence": "Apache-2.0"') >= 3  # cobra, tool and requests
    else:
        assert "licence left unknown for" in inventory
    if scenario == "rate limit":
        assert "api.github.com rate limit reached until 16:06 UTC for the token from" in inventory
        github = [url for url in online.session.urls if "api.github.com" in url]
        assert len(github) == len(results)  # one refusal a run, then no more asking


def test_without_online_no_token_is_read(
    tmp_path: Path, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    online = fake_online(monkeypatch, tmp_path, {})
    result = run(CliRunner(), ["scan", str(tree)], {"GITHUB_TOKEN": SECRET})
    assert result.exit_code == 0
    assert online.tokens == [] and online.session.calls == []


# ---- the Action's command ---------------------------------------------------------------------


def action_env(tmp_path: Path, tree: Path, online: str) -> dict[str, str]:
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir(exist_ok=True)
    (runner_temp / "output").write_text("", encoding="utf-8")
    (runner_temp / "summary.md").write_text("", encoding="utf-8")
    return {
        "INPUT_PATH": str(tree),
        "INPUT_ONLINE": online,
        "INPUT_TOKEN": SECRET,
        "INPUT_SARIF_FILE": str(tmp_path / "report" / "reciprocity.sarif"),
        "INPUT_AS_OF": "2026-11-22",
        "GITHUB_OUTPUT": str(runner_temp / "output"),
        "GITHUB_STEP_SUMMARY": str(runner_temp / "summary.md"),
        "RUNNER_TEMP": str(runner_temp),
        # The job's environment may hold another token: the action sends its input alone.
        "GITHUB_TOKEN": OTHER_SECRET,
        "RECIPROCITY_GITHUB_TOKEN": OTHER_SECRET,
    }


@pytest.mark.parametrize("scenario", ["answers", "exceptions", "redirects", "rate limit"])
def test_the_action_masks_the_token_and_never_writes_it(
    tmp_path: Path, tree: Path, monkeypatch: pytest.MonkeyPatch, scenario: str
) -> None:
    online = fake_online(monkeypatch, tmp_path, SCENARIOS[scenario])
    env = action_env(tmp_path, tree, "true")
    result = run(CliRunner(), ["github-action"], env)
    assert result.exit_code in (0, 1), result.output
    lines = result.stdout.splitlines()
    # Masked first of all, and shown nowhere else.
    assert lines[0] == f"::add-mask::{SECRET}"
    assert_no_secret("\n".join(lines[1:]), result.stderr)
    runner_temp = Path(env["RUNNER_TEMP"])
    assert (runner_temp / "reciprocity" / "report.json").is_file()
    assert (tmp_path / "report" / "reciprocity.sarif").is_file()
    assert "verdict=" in (runner_temp / "output").read_text(encoding="utf-8")
    assert_no_secret(folders=(runner_temp, tmp_path / "report", online.cache))
    assert online.tokens == [GitHubToken(SECRET, "the action's token input")]
    assert_token_went_to_github_only(online)
    assert OTHER_SECRET not in repr(online.session.calls)


def test_the_action_offline_masks_the_token_but_never_sends_it(
    tmp_path: Path, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    online = fake_online(monkeypatch, tmp_path, {})
    result = run(CliRunner(), ["github-action"], action_env(tmp_path, tree, "false"))
    assert result.exit_code in (0, 1), result.output
    assert result.stdout.splitlines()[0] == f"::add-mask::{SECRET}"
    assert online.tokens == [] and online.session.calls == []


def test_a_bad_input_still_masks_the_token_first(tmp_path: Path, tree: Path) -> None:
    env = {**action_env(tmp_path, tree, "true"), "INPUT_FAIL_ON": "sometimes"}
    result = run(CliRunner(), ["github-action"], env)
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0] == f"::add-mask::{SECRET}"
    assert_no_secret("\n".join(lines[1:]), result.stderr)


def test_the_action_inputs_never_show_the_token() -> None:
    from reciprocity.cli.action import ActionInputs

    inputs = ActionInputs.from_environment({"INPUT_TOKEN": SECRET, "INPUT_ONLINE": "true"})
    assert inputs.github_token == GitHubToken(SECRET, "the action's token input")
    assert SECRET not in repr(inputs) and SECRET not in str(inputs)
