"""Registry lookups against recorded answers: no test touches the network or the real clock."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from reciprocity.scan.registries import (
    CACHE_TTL,
    USER_AGENT,
    GitHubToken,
    Registries,
    RegistryAnswer,
    RegistryFailure,
    default_cache_dir,
    github_token,
    redact,
)
from tests.conftest import DATA

RECORDED = DATA / "scan" / "registries"
NOW = 1_750_000_000.0


@dataclass
class FakeResponse:
    status_code: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    chunk: int = 0
    """Size of the chunks iter_content yields (0: the requested size)."""
    fail_after: int | None = None
    """Raise a broken-connection error after this many chunks."""
    closed: bool = False

    def iter_content(self, chunk_size: int) -> Iterator[bytes]:
        size = self.chunk or chunk_size
        for count, start in enumerate(range(0, len(self.body), size)):
            if self.fail_after is not None and count >= self.fail_after:
                raise requests.exceptions.ChunkedEncodingError("connection broken")
            yield self.body[start : start + size]

    def close(self) -> None:
        self.closed = True


def recorded(name: str, status: int = 200) -> FakeResponse:
    return FakeResponse(status, (RECORDED / name).read_bytes())


Outcome = FakeResponse | Exception


class FakeSession:
    """Serves scripted outcomes per URL, in order, repeating the last; records every call."""

    def __init__(self, routes: Mapping[str, Outcome | list[Outcome]] | None = None) -> None:
        self.routes: dict[str, list[Outcome]] = {
            url: list(v) if isinstance(v, list) else [v] for url, v in (routes or {}).items()
        }
        self.calls: list[tuple[str, dict[str, object]]] = []
        self.responses: list[FakeResponse] = []

    def get(
        self,
        url: str,
        *,
        timeout: tuple[float, float],
        headers: Mapping[str, str],
        stream: bool,
        allow_redirects: bool,
    ) -> FakeResponse:
        options = {
            "timeout": timeout,
            "headers": dict(headers),
            "stream": stream,
            "allow_redirects": allow_redirects,
        }
        self.calls.append((url, options))
        outcomes = self.routes.get(url)
        if not outcomes:
            raise AssertionError(f"unexpected request to {url}")
        outcome = outcomes.pop(0) if len(outcomes) > 1 else outcomes[0]
        if isinstance(outcome, Exception):
            raise outcome
        self.responses.append(outcome)
        return outcome

    @property
    def urls(self) -> list[str]:
        return [url for url, _ in self.calls]


class Clock:
    """A wall clock that only moves when the client sleeps or a test says so."""

    def __init__(self) -> None:
        self.now = NOW
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def client(
    session: FakeSession,
    cache: Path,
    clock: Clock | None = None,
    *,
    timeout: float = 10.0,
    retries: int = 2,
    max_bytes: int = 5_000_000,
    token: GitHubToken | None = None,
) -> Registries:
    clock = clock or Clock()
    return Registries(
        session,
        cache_dir=cache,
        timeout=timeout,
        retries=retries,
        max_bytes=max_bytes,
        github_token=token,
        sleep=clock.sleep,
        clock=clock,
    )


# ---- answers of each registry -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("ecosystem", "name", "version", "url", "fixture", "licence"),
    [
        (
            "pypi",
            "requests",
            "2.32.3",
            "https://pypi.org/pypi/requests/2.32.3/json",
            "pypi-requests-2.32.3.json",
            "Apache-2.0",
        ),
        (
            "pypi",
            "attrs",
            "25.3.0",
            "https://pypi.org/pypi/attrs/25.3.0/json",
            "pypi-attrs-25.3.0.json",
            "MIT",
        ),
        (
            "pypi",
            "NumPy",
            "1.26.4",
            "https://pypi.org/pypi/numpy/1.26.4/json",
            "pypi-numpy-1.26.4.json",
            "BSD License",
        ),
        (
            "npm",
            "lodash",
            "4.17.21",
            "https://registry.npmjs.org/lodash/4.17.21",
            "npm-lodash-4.17.21.json",
            "MIT",
        ),
        (
            "npm",
            "@babel/core",
            None,
            "https://registry.npmjs.org/@babel%2Fcore/latest",
            "npm-babel-core-7.24.5.json",
            "MIT",
        ),
        (
            "npm",
            "json-schema",
            "0.2.3",
            "https://registry.npmjs.org/json-schema/0.2.3",
            "npm-json-schema-0.2.3.json",
            "AFLv2.1 OR BSD",
        ),
        (
            "npm",
            "buffer-crc32",
            "0.2.1",
            "https://registry.npmjs.org/buffer-crc32/0.2.1",
            "npm-buffer-crc32-0.2.1.json",
            "MIT",
        ),
        (
            "composer",
            "coop/ledger",
            "v2.0.0",
            "https://repo.packagist.org/p2/coop/ledger.json",
            "packagist-coop-ledger.json",
            "MIT",
        ),
        (
            "composer",
            "Coop/Ledger",
            "1.1.0",
            "https://repo.packagist.org/p2/coop/ledger.json",
            "packagist-coop-ledger.json",
            "MIT",
        ),
        (
            "composer",
            "coop/ledger",
            "1.0.0.0",
            "https://repo.packagist.org/p2/coop/ledger.json",
            "packagist-coop-ledger.json",
            "LicenseRef-Peer-Production-License OR GPL-3.0-or-later",
        ),
        (
            "composer",
            "coop/ledger",
            "9.9.9",
            "https://repo.packagist.org/p2/coop/ledger.json",
            "packagist-coop-ledger.json",
            "MIT",
        ),
        (
            "cargo",
            "serde",
            "1.0.203",
            "https://crates.io/api/v1/crates/serde/1.0.203",
            "crates-serde-1.0.203.json",
            "MIT OR Apache-2.0",
        ),
        (
            "cargo",
            "serde",
            None,
            "https://crates.io/api/v1/crates/serde",
            "crates-serde.json",
            "MIT OR Apache-2.0",
        ),
    ],
)
def test_each_registry_answers(
    tmp_path: Path,
    ecosystem: str,
    name: str,
    version: str | None,
    url: str,
    fixture: str,
    licence: str,
) -> None:
    session = FakeSession({url: recorded(fixture)})
    registries = client(session, tmp_path)
    assert registries.supports(ecosystem)
    assert registries.licence(ecosystem, name, version) == RegistryAnswer(licence, url)
    assert session.urls == [url]
    assert all(response.closed for response in session.responses)


@pytest.mark.parametrize(
    ("ecosystem", "name", "version", "url", "fixture"),
    [
        (
            "pypi",
            "tinyhelpers",
            "0.3.0",
            "https://pypi.org/pypi/tinyhelpers/0.3.0/json",
            "pypi-tinyhelpers-0.3.0.json",
        ),
        (
            "npm",
            "internal-fork",
            "1.0.0",
            "https://registry.npmjs.org/internal-fork/1.0.0",
            "npm-internal-fork-1.0.0.json",
        ),
        (
            "cargo",
            "ring",
            "0.16.20",
            "https://crates.io/api/v1/crates/ring/0.16.20",
            "crates-ring-0.16.20.json",
        ),
    ],
)
def test_known_package_without_licence(
    tmp_path: Path, ecosystem: str, name: str, version: str, url: str, fixture: str
) -> None:
    session = FakeSession({url: recorded(fixture)})
    assert client(session, tmp_path).licence(ecosystem, name, version) == RegistryAnswer(None, url)


def test_request_sends_only_name_version_and_client(tmp_path: Path) -> None:
    url = "https://pypi.org/pypi/requests/2.32.3/json"
    session = FakeSession({url: recorded("pypi-requests-2.32.3.json")})
    client(session, tmp_path, timeout=4.5).licence("pypi", "requests", "2.32.3")
    ((_, options),) = session.calls
    assert options == {
        "timeout": (4.5, 4.5),
        "headers": {"User-Agent": USER_AGENT, "Accept": "application/json"},
        "stream": True,
        "allow_redirects": False,
    }
    assert USER_AGENT.startswith("reciprocity/")


def test_pypi_classifiers_when_the_licence_field_is_a_text(tmp_path: Path) -> None:
    body = (
        b'{"info": {"license": "Copyright (c) 2024\\nAll rights reserved.", "classifiers": ['
        b'"License :: OSI Approved", "License :: OSI Approved :: MIT License",'
        b'"License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)",'
        b'"License :: Other/Proprietary License"]}}'
    )
    url = "https://pypi.org/pypi/dual/json"
    session = FakeSession({url: FakeResponse(200, body)})
    answer = client(session, tmp_path).licence("pypi", "dual", None)
    assert answer == RegistryAnswer("MIT AND GPL-3.0-or-later AND (Other/Proprietary License)", url)


# ---- failures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ecosystem", "name", "url", "fixture", "host"),
    [
        (
            "pypi",
            "no-such-package",
            "https://pypi.org/pypi/no-such-package/1.0.0/json",
            "pypi-not-found.json",
            "pypi.org",
        ),
        (
            "npm",
            "no-such-package",
            "https://registry.npmjs.org/no-such-package/1.0.0",
            "npm-not-found.json",
            "registry.npmjs.org",
        ),
        (
            "cargo",
            "no-such-crate",
            "https://crates.io/api/v1/crates/no-such-crate/1.0.0",
            "crates-not-found.json",
            "crates.io",
        ),
    ],
)
def test_unknown_package_is_a_cached_failure(
    tmp_path: Path, ecosystem: str, name: str, url: str, fixture: str, host: str
) -> None:
    session = FakeSession({url: recorded(fixture, 404)})
    expected = RegistryFailure(f"unknown package on {host}")
    assert client(session, tmp_path).licence(ecosystem, name, "1.0.0") == expected
    assert len(session.calls) == 1  # a 404 is an answer: no retry
    again = FakeSession()
    assert client(again, tmp_path).licence(ecosystem, name, "1.0.0") == expected
    assert again.calls == []


def test_server_error_is_retried_after_a_pause(tmp_path: Path) -> None:
    url = "https://registry.npmjs.org/lodash/4.17.21"
    session = FakeSession({url: [FakeResponse(500), recorded("npm-lodash-4.17.21.json")]})
    clock = Clock()
    answer = client(session, tmp_path, clock).licence("npm", "lodash", "4.17.21")
    assert answer == RegistryAnswer("MIT", url)
    assert session.urls == [url, url]
    assert clock.sleeps == [0.5]


def test_server_errors_give_up_after_the_retries(tmp_path: Path) -> None:
    url = "https://registry.npmjs.org/lodash/4.17.21"
    session = FakeSession({url: FakeResponse(503)})
    clock = Clock()
    answer = client(session, tmp_path, clock).licence("npm", "lodash", "4.17.21")
    assert answer == RegistryFailure("registry.npmjs.org answered 503")
    assert len(session.calls) == 3
    assert clock.sleeps == [0.5, 1.0]


def test_client_error_is_not_retried_nor_cached(tmp_path: Path) -> None:
    url = "https://pypi.org/pypi/requests/json"
    session = FakeSession({url: FakeResponse(403)})
    registries = client(session, tmp_path)
    assert registries.licence("pypi", "requests", None) == RegistryFailure("pypi.org answered 403")
    assert registries.licence("pypi", "requests", None) == RegistryFailure("pypi.org answered 403")
    assert len(session.calls) == 2


def test_timeout_fails_with_its_reason_but_not_offline(tmp_path: Path) -> None:
    slow = "https://pypi.org/pypi/requests/2.32.3/json"
    other = "https://pypi.org/pypi/attrs/25.3.0/json"
    session = FakeSession(
        {slow: requests.exceptions.ReadTimeout(), other: recorded("pypi-attrs-25.3.0.json")}
    )
    registries = client(session, tmp_path)
    failure = RegistryFailure("pypi.org did not answer within 10 s")
    assert registries.licence("pypi", "requests", "2.32.3") == failure
    assert session.urls == [slow] * 3
    # A slow answer is about that request, not the network: the next lookup still goes out.
    assert registries.licence("pypi", "attrs", "25.3.0") == RegistryAnswer("MIT", other)


def test_body_broken_off_is_retried(tmp_path: Path) -> None:
    url = "https://crates.io/api/v1/crates/serde/1.0.203"
    body = (RECORDED / "crates-serde-1.0.203.json").read_bytes()
    broken = FakeResponse(200, body, chunk=100, fail_after=2)
    session = FakeSession({url: [broken, FakeResponse(200, body)]})
    answer = client(session, tmp_path).licence("cargo", "serde", "1.0.203")
    assert answer == RegistryAnswer("MIT OR Apache-2.0", url)
    assert broken.closed


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            requests.exceptions.ConnectionError("Name or service not known"),
            "could not connect to pypi.org",
        ),
        (requests.exceptions.ConnectTimeout(), "could not connect to pypi.org within 10 s"),
    ],
)
def test_network_down_short_circuits_later_lookups(
    tmp_path: Path, error: Exception, reason: str
) -> None:
    url = "https://pypi.org/pypi/requests/2.32.3/json"
    session = FakeSession({url: error})
    clock = Clock()
    registries = client(session, tmp_path, clock)
    assert registries.licence("pypi", "requests", "2.32.3") == RegistryFailure(reason)
    assert len(session.calls) == 3
    assert clock.sleeps == [0.5, 1.0]
    assert registries.licence("npm", "lodash", "4.17.21") == RegistryFailure(reason)
    assert registries.licence("pypi", "requests", "2.32.3") == RegistryFailure(reason)
    assert len(session.calls) == 3
    assert clock.sleeps == [0.5, 1.0]


def test_cache_still_answers_when_offline(tmp_path: Path) -> None:
    url = "https://registry.npmjs.org/lodash/4.17.21"
    client(FakeSession({url: recorded("npm-lodash-4.17.21.json")}), tmp_path).licence(
        "npm", "lodash", "4.17.21"
    )
    down = FakeSession({"https://pypi.org/pypi/attrs/json": requests.exceptions.ConnectionError()})
    registries = client(down, tmp_path, retries=0)
    assert isinstance(registries.licence("pypi", "attrs", None), RegistryFailure)
    assert registries.licence("npm", "lodash", "4.17.21") == RegistryAnswer("MIT", url)


def test_oversized_answers_are_refused(tmp_path: Path) -> None:
    declared = "https://registry.npmjs.org/lodash/4.17.21"
    streamed = "https://registry.npmjs.org/lodash/4.17.20"
    body = (RECORDED / "npm-lodash-4.17.21.json").read_bytes()
    huge = FakeResponse(200, b"", headers={"Content-Length": "999999999"})
    session = FakeSession({declared: huge, streamed: FakeResponse(200, body, chunk=256)})
    registries = client(session, tmp_path, max_bytes=1000)
    failure = RegistryFailure("registry.npmjs.org answered with more than 1000 bytes")
    assert registries.licence("npm", "lodash", "4.17.21") == failure
    assert registries.licence("npm", "lodash", "4.17.20") == failure
    assert len(session.calls) == 2  # a refusal is final: no retry
    assert huge.closed


def test_redirect_to_another_host_is_refused(tmp_path: Path) -> None:
    url = "https://pypi.org/pypi/requests/2.32.3/json"
    moved = FakeResponse(302, headers={"Location": "https://evil.example/pypi/requests/json"})
    session = FakeSession({url: moved})
    answer = client(session, tmp_path).licence("pypi", "requests", "2.32.3")
    assert answer == RegistryFailure(
        "pypi.org redirected to https://evil.example, which was not followed"
    )
    assert session.urls == [url]


def test_redirect_to_plain_http_is_refused(tmp_path: Path) -> None:
    url = "https://crates.io/api/v1/crates/serde/1.0.203"
    moved = FakeResponse(301, headers={"Location": "http://crates.io/api/v1/crates/serde/1.0.203"})
    answer = client(FakeSession({url: moved}), tmp_path).licence("cargo", "serde", "1.0.203")
    assert answer == RegistryFailure(
        "crates.io redirected to http://crates.io, which was not followed"
    )


def test_redirect_on_the_same_host_is_followed(tmp_path: Path) -> None:
    url = "https://registry.npmjs.org/lodash/4.17.21"
    final = "https://registry.npmjs.org/lodash/-/4.17.21"
    session = FakeSession(
        {
            url: FakeResponse(301, headers={"Location": "/lodash/-/4.17.21"}),
            final: recorded("npm-lodash-4.17.21.json"),
        }
    )
    answer = client(session, tmp_path).licence("npm", "lodash", "4.17.21")
    assert answer == RegistryAnswer("MIT", url)
    assert session.urls == [url, final]


def test_endless_redirects_stop(tmp_path: Path) -> None:
    url = "https://pypi.org/pypi/loop/json"
    session = FakeSession({url: FakeResponse(302, headers={"Location": url})})
    answer = client(session, tmp_path).licence("pypi", "loop", None)
    assert answer == RegistryFailure("pypi.org redirected more than 5 times")
    assert len(session.calls) == 6


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html>maintenance</html>", "invalid JSON from crates.io"),
        (b"\xff\xfe\x00garbage", "invalid JSON from crates.io"),
        (b'{"version": "1.0.0"}', "unexpected answer from crates.io"),
        (b"[]", "unexpected answer from crates.io"),
    ],
)
def test_bad_answers_are_failures_not_cached(tmp_path: Path, body: bytes, reason: str) -> None:
    url = "https://crates.io/api/v1/crates/serde/1.0.203"
    session = FakeSession({url: FakeResponse(200, body)})
    registries = client(session, tmp_path)
    assert registries.licence("cargo", "serde", "1.0.203") == RegistryFailure(reason)
    assert list(tmp_path.iterdir()) == []


def test_unsupported_ecosystems_and_names(tmp_path: Path) -> None:
    registries = client(FakeSession(), tmp_path)
    assert not registries.supports("maven")
    assert registries.licence("maven", "org.example:app", "1") == RegistryFailure(
        "no registry lookup for maven packages"
    )
    assert registries.licence("composer", "monolog", "3.0.0") == RegistryFailure(
        "'monolog' is not a Packagist name (vendor/package)"
    )
    assert registries.licence("npm", "  ", None) == RegistryFailure("no package name to look up")


def test_names_cannot_reach_other_paths(tmp_path: Path) -> None:
    url = "https://crates.io/api/v1/crates/..%2F..%2Fsummary/1.0%3Fx%3D1"
    session = FakeSession({url: FakeResponse(404)})
    client(session, tmp_path).licence("cargo", "../../summary", "1.0?x=1")
    assert session.urls == [url]


def test_crates_requests_are_paced(tmp_path: Path) -> None:
    serde = "https://crates.io/api/v1/crates/serde/1.0.203"
    ring = "https://crates.io/api/v1/crates/ring/0.16.20"
    session = FakeSession(
        {serde: recorded("crates-serde-1.0.203.json"), ring: recorded("crates-ring-0.16.20.json")}
    )
    clock = Clock()
    registries = client(session, tmp_path, clock)
    registries.licence("cargo", "serde", "1.0.203")
    clock.now += 0.25
    registries.licence("cargo", "ring", "0.16.20")
    assert clock.sleeps == [0.75]


# ---- cache ------------------------------------------------------------------------------------


def test_cache_hit_avoids_a_second_request(tmp_path: Path) -> None:
    url = "https://pypi.org/pypi/requests/2.32.3/json"
    first = FakeSession({url: recorded("pypi-requests-2.32.3.json")})
    client(first, tmp_path).licence("pypi", "requests", "2.32.3")
    assert len(list(tmp_path.glob("*.json"))) == 1
    second = FakeSession()
    answer = client(second, tmp_path).licence("pypi", "Requests", "2.32.3")
    assert answer == RegistryAnswer("Apache-2.0", url)
    assert second.calls == []


def test_answers_are_remembered_within_a_run(tmp_path: Path) -> None:
    url = "https://registry.npmjs.org/lodash/4.17.21"
    session = FakeSession({url: recorded("npm-lodash-4.17.21.json")})
    registries = client(session, tmp_path / "cache")
    registries.licence("npm", "lodash", "4.17.21")
    registries.licence("npm", "lodash", "4.17.21")
    assert len(session.calls) == 1


def test_expired_cache_is_refetched(tmp_path: Path) -> None:
    url = "https://crates.io/api/v1/crates/serde/1.0.203"
    clock = Clock()
    client(FakeSession({url: recorded("crates-serde-1.0.203.json")}), tmp_path, clock).licence(
        "cargo", "serde", "1.0.203"
    )
    clock.now += CACHE_TTL - 1
    fresh = FakeSession()
    assert isinstance(
        client(fresh, tmp_path, clock).licence("cargo", "serde", "1.0.203"), RegistryAnswer
    )
    assert fresh.calls == []
    clock.now += 2
    stale = FakeSession({url: recorded("crates-ring-0.16.20.json")})
    answer = client(stale, tmp_path, clock).licence("cargo", "serde", "1.0.203")
    assert answer == RegistryAnswer(None, url)
    assert stale.urls == [url]


def test_corrupt_cache_entry_is_ignored(tmp_path: Path) -> None:
    url = "https://registry.npmjs.org/lodash/4.17.21"
    client(FakeSession({url: recorded("npm-lodash-4.17.21.json")}), tmp_path).licence(
        "npm", "lodash", "4.17.21"
    )
    (entry,) = tmp_path.glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    session = FakeSession({url: recorded("npm-lodash-4.17.21.json")})
    assert client(session, tmp_path).licence("npm", "lodash", "4.17.21") == RegistryAnswer(
        "MIT", url
    )
    assert len(session.calls) == 1


def test_unwritable_cache_is_ignored(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    url = "https://registry.npmjs.org/lodash/4.17.21"
    session = FakeSession({url: recorded("npm-lodash-4.17.21.json")})
    registries = client(session, blocker / "registries")
    assert registries.licence("npm", "lodash", "4.17.21") == RegistryAnswer("MIT", url)
    assert list(tmp_path.iterdir()) == [blocker]


def test_default_cache_folders() -> None:
    home = Path("/home/ada")
    assert default_cache_dir({}, "linux", home) == home / ".cache/reciprocity/registries"
    assert default_cache_dir({"XDG_CACHE_HOME": "/var/cache/ada"}, "linux", home) == Path(
        "/var/cache/ada/reciprocity/registries"
    )
    assert default_cache_dir({"XDG_CACHE_HOME": "relative"}, "linux", home) == (
        home / ".cache/reciprocity/registries"
    )
    assert default_cache_dir({"XDG_CACHE_HOME": "/x"}, "darwin", home) == (
        home / "Library/Caches/reciprocity/registries"
    )
    local = {"LOCALAPPDATA": "C:/Users/ada/AppData/Local"}
    assert default_cache_dir(local, "win32", home) == Path(
        "C:/Users/ada/AppData/Local/reciprocity/Cache/registries"
    )
    assert (
        default_cache_dir({}, "win32", home) == home / "AppData/Local/reciprocity/Cache/registries"
    )


def test_importing_the_module_does_not_import_requests() -> None:
    code = "import sys, reciprocity.scan.registries; print('requests' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# ---- Go modules, through GitHub's API ---------------------------------------------------------

# The GitHub answers in tests/data/scan/registries/github-*.json were written from GitHub's
# documented response shape, not recorded: see github-README.md beside them.
SECRET = "ghp_reciprocityTestSecret0123456789abcdef"
TOKEN = GitHubToken(SECRET, "GITHUB_TOKEN")
COBRA = "https://api.github.com/repos/spf13/cobra/license?ref=v1.8.0"
GITHUB_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "application/vnd.github+json",
    "X-GitHub-Api-Version": "2022-11-28",
}


@pytest.mark.parametrize(
    ("module", "version", "query"),
    [
        ("github.com/spf13/cobra", "v1.8.0", "?ref=v1.8.0"),
        ("github.com/spf13/cobra", None, ""),
        # A major version suffix is no folder: /v2 is tagged v2.x.y.
        ("github.com/acme/tool/v2", "v2.3.1", "?ref=v2.3.1"),
        # A module in a subfolder is tagged with the folder's path first.
        ("github.com/acme/mono/sdk", "v0.4.0", "?ref=sdk%2Fv0.4.0"),
        ("github.com/acme/mono/sdk/go/v3", "v3.0.1", "?ref=sdk%2Fgo%2Fv3.0.1"),
        ("github.com/acme/mono/v1", "v1.0.0", "?ref=v1%2Fv1.0.0"),
        # Pseudo-versions name a commit, subfolder or not, in each of their three forms.
        ("github.com/acme/mono/sdk", "v0.0.0-20210101000000-abcdef123456", "?ref=abcdef123456"),
        ("github.com/acme/tool", "v1.2.4-0.20210101000000-abcdef123456", "?ref=abcdef123456"),
        (
            "github.com/acme/tool",
            "v1.3.0-rc.1.0.20210101000000-abcdef123456",
            "?ref=abcdef123456",
        ),
        (
            "github.com/acme/tool",
            "v2.0.1-0.20210101000000-abcdef123456+incompatible",
            "?ref=abcdef123456",
        ),
        # A v2+ tag of a repository without go.mod: the tag has no "+incompatible".
        ("github.com/docker/docker", "v20.10.24+incompatible", "?ref=v20.10.24"),
        ("github.com/acme/tool", "v1.0.0-rc.1", "?ref=v1.0.0-rc.1"),
    ],
)
def test_go_module_versions_map_to_git_refs(
    tmp_path: Path, module: str, version: str | None, query: str
) -> None:
    owner_repo = "/".join(module.split("/")[1:3])
    url = f"https://api.github.com/repos/{owner_repo}/license{query}"
    session = FakeSession({url: recorded("github-spf13-cobra-v1.8.0.json")})
    registries = client(session, tmp_path)
    assert registries.supports("golang")
    assert registries.licence("golang", module, version) == RegistryAnswer("Apache-2.0", url)
    assert session.urls == [url]


def test_github_answer_without_a_token(tmp_path: Path) -> None:
    session = FakeSession({COBRA: recorded("github-spf13-cobra-v1.8.0.json")})
    answer = client(session, tmp_path).licence("golang", "github.com/spf13/cobra", "v1.8.0")
    assert answer == RegistryAnswer("Apache-2.0", COBRA)
    ((_, options),) = session.calls
    assert options["headers"] == GITHUB_HEADERS
    # Cached like any answer, under a key that holds no token (there is none here).
    again = FakeSession()
    assert client(again, tmp_path).licence("golang", "github.com/spf13/cobra", "v1.8.0") == answer
    assert again.calls == []


def test_the_token_goes_to_api_github_com_and_nowhere_else(tmp_path: Path) -> None:
    pypi = "https://pypi.org/pypi/requests/2.32.3/json"
    session = FakeSession(
        {
            COBRA: recorded("github-spf13-cobra-v1.8.0.json"),
            pypi: recorded("pypi-requests-2.32.3.json"),
        }
    )
    registries = client(session, tmp_path, token=TOKEN)
    assert registries.licence("golang", "github.com/spf13/cobra", "v1.8.0") == RegistryAnswer(
        "Apache-2.0", COBRA
    )
    assert registries.licence("pypi", "requests", "2.32.3") == RegistryAnswer("Apache-2.0", pypi)
    (github_options, pypi_options) = (options for _, options in session.calls)
    assert github_options["headers"] == {**GITHUB_HEADERS, "Authorization": f"Bearer {SECRET}"}
    assert "Authorization" not in str(pypi_options)
    assert SECRET not in str(pypi_options)
    assert_secret_absent(tmp_path)


def test_the_token_follows_a_redirect_on_api_github_com_only(tmp_path: Path) -> None:
    # A renamed repository answers 301 to its permanent address on the same host.
    moved = "https://api.github.com/repositories/6824403/license?ref=v1.8.0"
    session = FakeSession(
        {
            COBRA: FakeResponse(301, headers={"Location": moved}),
            moved: recorded("github-spf13-cobra-v1.8.0.json"),
        }
    )
    answer = client(session, tmp_path, token=TOKEN).licence(
        "golang", "github.com/spf13/cobra", "v1.8.0"
    )
    assert answer == RegistryAnswer("Apache-2.0", COBRA)
    assert [options["headers"] for _, options in session.calls] == [
        {**GITHUB_HEADERS, "Authorization": f"Bearer {SECRET}"}
    ] * 2


@pytest.mark.parametrize(
    "location",
    [
        "https://evil.example/repos/spf13/cobra/license",
        "http://api.github.com/repos/spf13/cobra/license",
        "https://api.github.com:8443/repos/spf13/cobra/license",
        "https://user:pass@api.github.com/repos/spf13/cobra/license",
        "https://api.github.com.evil.example/repos/spf13/cobra/license",
    ],
)
def test_the_token_never_follows_a_redirect_elsewhere(tmp_path: Path, location: str) -> None:
    session = FakeSession({COBRA: FakeResponse(302, headers={"Location": location})})
    answer = client(session, tmp_path, token=TOKEN).licence(
        "golang", "github.com/spf13/cobra", "v1.8.0"
    )
    assert isinstance(answer, RegistryFailure)
    assert answer.reason.startswith("api.github.com redirected to ")
    assert session.urls == [COBRA]


def test_a_licence_github_cannot_identify_is_a_failure(tmp_path: Path) -> None:
    url = "https://api.github.com/repos/acme/fairware/license?ref=v0.4.1"
    session = FakeSession({url: recorded("github-acme-fairware-v0.4.1.json")})
    registries = client(session, tmp_path)
    assert registries.licence("golang", "github.com/acme/fairware", "v0.4.1") == RegistryFailure(
        "api.github.com found a licence file but could not tell which licence it is"
    )
    assert list(tmp_path.iterdir()) == []  # not kept: a human should read that file


def test_no_licence_on_github_is_remembered_but_not_kept(tmp_path: Path) -> None:
    url = "https://api.github.com/repos/acme/private/license?ref=v1.0.0"
    session = FakeSession({url: recorded("github-not-found.json", 404)})
    registries = client(session, tmp_path)
    failure = RegistryFailure(
        "api.github.com found no licence file (or no such repository or version)"
    )
    assert registries.licence("golang", "github.com/acme/private", "v1.0.0") == failure
    assert registries.licence("golang", "github.com/acme/private", "v1.0.0") == failure
    assert len(session.calls) == 1
    # A private repository also answers 404 without a token: a later run may see it.
    assert list(tmp_path.iterdir()) == []


def test_go_modules_elsewhere_are_not_looked_up(tmp_path: Path) -> None:
    session = FakeSession()
    registries = client(session, tmp_path, token=TOKEN)
    elsewhere = RegistryFailure("no registry lookup for Go modules outside github.com")
    assert registries.licence("golang", "golang.org/x/text", "v0.14.0") == elsewhere
    assert registries.licence("golang", "gopkg.in/yaml.v3", "v3.0.1") == elsewhere
    for module in (
        "github.com/spf13",
        "github.com/-bad/repo",
        "github.com/acme/..",
        "github.com/a/b//c",
    ):
        answer = registries.licence("golang", module, "v1.0.0")
        assert answer == RegistryFailure(
            f"'{module}' is not a GitHub module path (github.com/OWNER/REPO)"
        )
    assert session.calls == []


def rate_limited(status: int = 403, remaining: str = "0") -> FakeResponse:
    return FakeResponse(
        status,
        (RECORDED / "github-rate-limited.json").read_bytes(),
        headers={
            "x-ratelimit-limit": "60",
            "x-ratelimit-remaining": remaining,
            "x-ratelimit-reset": str(int(NOW) + 1800),
        },
    )


@pytest.mark.parametrize("status", [403, 429])
def test_a_spent_rate_limit_stops_github_lookups_for_the_run(tmp_path: Path, status: int) -> None:
    other = "https://api.github.com/repos/acme/tool/license?ref=v1.0.0"
    pypi = "https://pypi.org/pypi/attrs/25.3.0/json"
    session = FakeSession(
        {
            COBRA: rate_limited(status),
            other: rate_limited(status),
            pypi: recorded("pypi-attrs-25.3.0.json"),
        }
    )
    clock = Clock()
    registries = client(session, tmp_path, clock)
    reason = (
        "api.github.com rate limit reached until 15:36 UTC (60 lookups an hour without a "
        "token); set GITHUB_TOKEN, or the Action's token input, to allow more"
    )
    assert registries.licence("golang", "github.com/spf13/cobra", "v1.8.0") == RegistryFailure(
        reason
    )
    assert registries.licence("golang", "github.com/acme/tool", "v1.0.0") == RegistryFailure(reason)
    assert session.urls == [COBRA]  # no retry, and no further request to GitHub
    assert clock.sleeps == []
    # Other registries are not concerned.
    assert registries.licence("pypi", "attrs", "25.3.0") == RegistryAnswer("MIT", pypi)
    assert len(list(tmp_path.iterdir())) == 1  # only attrs was kept


def test_a_spent_rate_limit_with_a_token_names_where_it_came_from(tmp_path: Path) -> None:
    session = FakeSession({COBRA: rate_limited()})
    answer = client(session, tmp_path, token=TOKEN).licence(
        "golang", "github.com/spf13/cobra", "v1.8.0"
    )
    assert answer == RegistryFailure(
        "api.github.com rate limit reached until 15:36 UTC for the token from GITHUB_TOKEN"
    )


def test_a_403_with_requests_left_is_no_rate_limit(tmp_path: Path) -> None:
    other = "https://api.github.com/repos/acme/tool/license?ref=v1.0.0"
    session = FakeSession(
        {
            COBRA: rate_limited(403, remaining="12"),
            other: recorded("github-spf13-cobra-v1.8.0.json"),
        }
    )
    registries = client(session, tmp_path)
    assert registries.licence("golang", "github.com/spf13/cobra", "v1.8.0") == RegistryFailure(
        "api.github.com answered 403"
    )
    assert isinstance(
        registries.licence("golang", "github.com/acme/tool", "v1.0.0"), RegistryAnswer
    )


def test_a_refused_token_stops_github_lookups_for_the_run(tmp_path: Path) -> None:
    other = "https://api.github.com/repos/acme/tool/license?ref=v1.0.0"
    bad = FakeResponse(401, b'{"message": "Bad credentials"}')
    session = FakeSession({COBRA: bad, other: bad})
    registries = client(session, tmp_path, token=TOKEN)
    refused = RegistryFailure(
        "api.github.com refused the token from GITHUB_TOKEN (401): renew or unset it"
    )
    assert registries.licence("golang", "github.com/spf13/cobra", "v1.8.0") == refused
    assert registries.licence("golang", "github.com/acme/tool", "v1.0.0") == refused
    assert session.urls == [COBRA]


def test_a_token_unfit_for_a_header_is_never_sent(tmp_path: Path) -> None:
    session = FakeSession()
    unfit = GitHubToken("ghp_abc def\r\nX-Injected: 1", "RECIPROCITY_GITHUB_TOKEN")
    answer = client(session, tmp_path, token=unfit).licence(
        "golang", "github.com/spf13/cobra", "v1.8.0"
    )
    assert answer == RegistryFailure(
        "RECIPROCITY_GITHUB_TOKEN holds spaces or characters no token has: "
        "nothing was sent to api.github.com"
    )
    assert session.calls == []


# ---- the token never leaks --------------------------------------------------------------------


def assert_secret_absent(folder: Path) -> None:
    for path in folder.rglob("*"):
        assert SECRET not in path.name
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


@pytest.mark.parametrize(
    "error",
    [
        requests.exceptions.ConnectionError(
            f"HTTPSConnectionPool: headers={{'Authorization': 'Bearer {SECRET}'}}"
        ),
        requests.exceptions.InvalidHeader(f"Invalid header value b'Bearer {SECRET}'"),
        requests.exceptions.SSLError(f"Bearer {SECRET}"),
        ValueError(f"cannot parse Authorization: Bearer {SECRET}"),
        OSError(f"Bearer {SECRET}"),
    ],
)
def test_exception_messages_never_reach_a_reason(tmp_path: Path, error: Exception) -> None:
    session = FakeSession({COBRA: error})
    registries = client(session, tmp_path, token=TOKEN, retries=1)
    answer = registries.licence("golang", "github.com/spf13/cobra", "v1.8.0")
    assert isinstance(answer, RegistryFailure)
    assert SECRET not in answer.reason
    said = ("could not connect", "secure connection", type(error).__name__)
    assert any(words in answer.reason for words in said)
    assert_secret_absent(tmp_path)


def test_a_name_holding_the_token_is_not_looked_up(tmp_path: Path) -> None:
    session = FakeSession()
    registries = client(session, tmp_path, token=TOKEN)
    refused = RegistryFailure("not looked up: the name or version holds the GitHub token")
    assert registries.licence("composer", f"acme/{SECRET}", None) == refused
    assert registries.licence("pypi", "requests", f"1.0+{SECRET}") == refused
    assert registries.licence("golang", f"github.com/acme/{SECRET}", "v1.0.0") == refused
    assert session.calls == []
    assert list(tmp_path.iterdir()) == []


def test_redact_hides_plain_and_encoded_forms() -> None:
    assert redact(f"a {SECRET} b", SECRET) == "a *** b"
    assert redact("x tok%2Fen y tok/en", "tok/en") == "x *** y ***"
    assert redact("nothing", "") == "nothing"


def test_an_answer_echoing_the_token_is_redacted_before_it_is_kept(tmp_path: Path) -> None:
    echo = f'{{"license": {{"key": "x", "spdx_id": "LicenseRef-{SECRET}"}}}}'.encode()
    session = FakeSession({COBRA: FakeResponse(200, echo)})
    registries = client(session, tmp_path, token=TOKEN)
    answer = registries.licence("golang", "github.com/spf13/cobra", "v1.8.0")
    assert answer == RegistryAnswer("LicenseRef-***", COBRA)
    assert len(list(tmp_path.iterdir())) == 1
    assert_secret_absent(tmp_path)


def test_the_token_is_not_in_any_repr() -> None:
    registries = Registries(FakeSession(), cache_dir=Path("cache"), github_token=TOKEN)
    for shown in (repr(TOKEN), str(TOKEN), repr(registries), str(vars(registries))):
        assert SECRET not in shown
    assert repr(TOKEN) == "GitHubToken(source='GITHUB_TOKEN')"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"GITHUB_TOKEN": "  "}, None),
        ({"GITHUB_TOKEN": " ghp_a \n"}, GitHubToken("ghp_a", "GITHUB_TOKEN")),
        (
            {"GITHUB_TOKEN": "ghp_a", "RECIPROCITY_GITHUB_TOKEN": "ghp_b"},
            GitHubToken("ghp_b", "RECIPROCITY_GITHUB_TOKEN"),
        ),
        (
            {"GITHUB_TOKEN": "ghp_a", "RECIPROCITY_GITHUB_TOKEN": ""},
            GitHubToken("ghp_a", "GITHUB_TOKEN"),
        ),
    ],
)
def test_the_token_is_read_from_the_environment(
    environ: dict[str, str], expected: GitHubToken | None
) -> None:
    assert github_token(environ) == expected


def test_the_session_never_adds_netrc_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(
        "machine pypi.org login ada password hunter2\n"
        "machine api.github.com login ada password hunter2\n",
        encoding="utf-8",
    )
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    registries = Registries(cache_dir=tmp_path / "cache", github_token=TOKEN)
    session = registries._http()
    assert isinstance(session, requests.Session)
    pypi = session.prepare_request(requests.Request("GET", "https://pypi.org/pypi/x/json"))
    assert "Authorization" not in pypi.headers
    github = session.prepare_request(
        requests.Request("GET", COBRA, headers={"Authorization": f"Bearer {SECRET}"})
    )
    assert github.headers["Authorization"] == f"Bearer {SECRET}"
    registries.close()
