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
    Registries,
    RegistryAnswer,
    RegistryFailure,
    default_cache_dir,
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
) -> Registries:
    clock = clock or Clock()
    return Registries(
        session,
        cache_dir=cache,
        timeout=timeout,
        retries=retries,
        max_bytes=max_bytes,
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
