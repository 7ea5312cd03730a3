"""A registry that misbehaves, one script each: tests/data/network/NAME.toml + NAME.out.

Each case scans a small project with ``--online``, its one dependency (requests 2.32.3, from
requirements.txt) looked up on PyPI through a fake HTTP session that plays the script's
answers in order (the last one repeats). ``NAME.out`` holds the scan's output and the URLs
asked. The run always goes on: a failed lookup leaves the licence unknown and says why.
Adding a case needs no code: write the script, run ``pytest --update-goldens``, read it.

Script keys, per ``[[answer]]``::

    raise = "read-timeout"   # connect-timeout | read-timeout | connection | ssl | proxy |
                             # broken-body (the answer stops half-way)
    status = 200             # default 200
    headers = { Location = "https://elsewhere.example/" }
    body = '{"info": {}}'    # the body, as text...
    recorded = "pypi-requests-2.32.3.json"   # ...or a recorded answer of tests/data/scan/registries
    body_size = 100_000_000  # ...or this many bytes, made while they are read
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner

from reciprocity.cli import main
from reciprocity.cli import options as cli_options
from reciprocity.scan.registries import Registries
from tests.conftest import DATA, Golden

CASES = sorted((DATA / "network").glob("*.toml"))
RECORDED = DATA / "scan" / "registries"
CHUNK = 1024 * 1024

_RAISED = {
    "connect-timeout": requests.exceptions.ConnectTimeout,
    "read-timeout": requests.exceptions.ReadTimeout,
    "connection": requests.exceptions.ConnectionError,
    "ssl": requests.exceptions.SSLError,
    "proxy": requests.exceptions.ProxyError,
}


class _Response:
    def __init__(self, answer: Mapping[str, Any]) -> None:
        self.status_code = int(answer.get("status", 200))
        self.headers: dict[str, str] = {k: str(v) for k, v in answer.get("headers", {}).items()}
        self._answer = answer

    def iter_content(self, chunk_size: int) -> Iterator[bytes]:
        answer = self._answer
        if "body_size" in answer:
            left = int(answer["body_size"])
            while left > 0:  # made as it is read: 100 MB need not sit in memory
                yield b" " * min(CHUNK, left)
                left -= CHUNK
            return
        if "recorded" in answer:
            body = (RECORDED / str(answer["recorded"])).read_bytes()
        else:
            body = str(answer.get("body", "")).encode("utf-8")
        half = len(body) // 2
        yield body[:half]
        if answer.get("raise") == "broken-body":
            raise requests.exceptions.ChunkedEncodingError("connection broken")
        yield body[half:]

    def close(self) -> None:
        pass


class _Session:
    """Plays the script, whatever URL is asked; remembers what was asked."""

    def __init__(self, answers: list[Mapping[str, Any]]) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def get(self, url: str, **_: Any) -> _Response:
        self.asked.append(url)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        raised = _RAISED.get(str(answer.get("raise", "")))
        if raised is not None:
            raise raised("scripted")
        return _Response(answer)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_network_case(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, golden: Golden
) -> None:
    script = tomllib.loads(case.read_text(encoding="utf-8"))
    project = tmp_path / "project"
    project.mkdir()
    (project / "requirements.txt").write_text("requests==2.32.3\n", encoding="utf-8")
    session = _Session(script["answer"])

    def open_registries(*_: Any, **__: Any) -> Registries:
        return Registries(
            session, cache_dir=tmp_path / "cache", sleep=lambda _: None, clock=lambda: 0.0
        )

    monkeypatch.setattr(cli_options, "open_registries", open_registries)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["scan", "project", "--online"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.stderr
    asked = "".join(f"{url}\n" for url in session.asked)
    golden.check(
        case.with_suffix(".out"),
        f"--- stdout\n{result.stdout}--- stderr\n{result.stderr}--- asked\n{asked}",
    )
