"""``--online``: ask public package registries for the licence of a dependency none of the
repository's files records.

Only the package's name and version leave the machine, in the URL of one GET to PyPI, npm,
Packagist or crates.io, or, for a Go module hosted on GitHub, to GitHub's REST API; no cookie
or project detail is sent, and request headers are never logged. This is the only module that
imports ``requests``, and it does so inside the functions that need it, so that commands which
never go online do not pay for the import.

The one credential is a GitHub token (:func:`github_token`), which raises GitHub's limit of 60
lookups an hour. It is sent as ``Authorization`` to https://api.github.com and nowhere else,
not even after a redirect to another host; it is kept out of the cache (keys and files), out
of ``repr``, and any text leaving this module that contains it has it replaced by ``***``.

Answers are cached on disk for a week, because licences of published versions rarely change
and the registries ask heavy users to cache. A network that is down is detected once per run:
after the first lookup fails to connect, the others fail at once with the same reason instead
of each waiting out its own timeouts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar
from urllib.parse import quote, urljoin, urlsplit

from reciprocity import __version__
from reciprocity.resources import user_cache_dir

CACHE_TTL = 7 * 24 * 3600
"""Seconds a cached answer stays valid."""

CACHE_FORMAT = 1
"""Part of every cache key: raise it when what is extracted from an answer changes."""

USER_AGENT = f"reciprocity/{__version__}"
"""crates.io refuses requests without a User-Agent naming the client; no project URL is known."""

_BACKOFF = 0.5
"""First pause before a retry, in seconds; each further retry waits twice as long."""

_REDIRECTS = 5
_CHUNK = 64 * 1024
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

# crates.io's crawler policy asks for at most one request a second.
_MIN_INTERVAL = {"crates.io": 1.0}

GITHUB_API = "api.github.com"
"""The one host a GitHub token is ever sent to."""

GITHUB_TOKEN_VARIABLES = ("RECIPROCITY_GITHUB_TOKEN", "GITHUB_TOKEN")
"""Where :func:`github_token` looks, first to last: the first non-empty one is used."""

REDACTED = "***"


# ---- answers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistryAnswer:
    """What a registry records as the licence of a package version."""

    licence: str | None
    """None: the registry knows the package but records no licence."""
    url: str
    """The URL asked, for evidence."""


@dataclass(frozen=True)
class RegistryFailure:
    """Why no answer could be had."""

    reason: str
    """One sentence: "pypi.org did not answer within 10 s", "invalid JSON from crates.io"…"""


@dataclass(frozen=True)
class GitHubToken:
    """A token for api.github.com; its value never shows in ``repr`` or ``str``."""

    value: str = field(repr=False)
    source: str = "GITHUB_TOKEN"
    """Where it was read from, for messages: a variable's name, or an input of the Action."""

    @property
    def usable(self) -> bool:
        """Tell whether it can go in a header: printable ASCII, no space."""
        return re.fullmatch(r"[\x21-\x7e]+", self.value) is not None


def github_token(environ: Mapping[str, str]) -> GitHubToken | None:
    """The GitHub token the environment gives, if any.

    ``RECIPROCITY_GITHUB_TOKEN`` comes first, so that a token meant for reciprocity alone can
    sit beside a ``GITHUB_TOKEN`` kept for other tools.
    """
    for variable in GITHUB_TOKEN_VARIABLES:
        value = environ.get(variable, "").strip()
        if value:
            return GitHubToken(value, variable)
    return None


def redact(text: str, secret: str) -> str:
    """The text with every occurrence of the secret, plain or percent-encoded, made ``***``."""
    if not secret:
        return text
    for form in dict.fromkeys((secret, quote(secret, safe=""), quote(secret))):
        text = text.replace(form, REDACTED)
    return text


# ---- what the client needs from an HTTP session -----------------------------------------------


class HttpResponse(Protocol):
    """The part of ``requests.Response`` used here."""

    @property
    def status_code(self) -> int: ...

    @property
    def headers(self) -> Mapping[str, str]: ...

    def iter_content(self, chunk_size: int) -> Iterator[bytes]: ...

    def close(self) -> None: ...


class HttpSession(Protocol):
    """The part of ``requests.Session`` used here; tests pass a fake with the same method."""

    def get(
        self,
        url: str,
        *,
        timeout: tuple[float, float],
        headers: Mapping[str, str],
        stream: bool,
        allow_redirects: bool,
    ) -> HttpResponse: ...


# ---- the registries ---------------------------------------------------------------------------


class _Unexpected(Exception):
    """The answer is JSON but not shaped as the registry documents it."""


class _Unidentified(Exception):
    """The registry found a licence but could not tell which one."""


_JSON = (("Accept", "application/json"),)


@dataclass(frozen=True)
class _Registry:
    host: str
    key: Callable[[str], str]
    """The package name as the registry compares names, for the cache key."""
    url: Callable[[str, str | None], str]
    """The URL to ask; raises ValueError for a name the registry cannot hold."""
    extract: Callable[[object, str, str | None], str | None]
    """The licence in a decoded answer; raises _Unexpected when it is not shaped as expected."""
    headers: tuple[tuple[str, str], ...] = _JSON
    """Headers besides the User-Agent, as pairs (a dataclass field cannot default to a dict)."""
    not_found: str = ""
    """Why a 404 or 410 gives no licence (default: the registry knows no such package)."""
    cache_not_found: bool = True
    """Whether a 404 or 410 is kept on disk like an answer."""

    @property
    def unknown(self) -> str:
        return self.not_found or f"unknown package on {self.host}"


def _segment(text: str) -> str:
    # Every name or version goes into the path percent-encoded, "/" included, so that no
    # package name can point the request at another path of the registry.
    return quote(text, safe="")


def _pep503(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pypi_url(name: str, version: str | None) -> str:
    base = f"https://pypi.org/pypi/{_segment(_pep503(name))}"
    return f"{base}/{_segment(version)}/json" if version else f"{base}/json"


def _npm_url(name: str, version: str | None) -> str:
    # A scoped name keeps its "@" and has its "/" encoded: registry.npmjs.org/@scope%2Fname.
    return f"https://registry.npmjs.org/{quote(name, safe='@')}/{_segment(version or 'latest')}"


def _packagist_url(name: str, version: str | None) -> str:
    vendor, slash, package = name.lower().partition("/")
    if not slash or not vendor or not package or "/" in package:
        raise ValueError(f"'{name}' is not a Packagist name (vendor/package)")
    return f"https://repo.packagist.org/p2/{_segment(vendor)}/{_segment(package)}.json"


def _crates_url(name: str, version: str | None) -> str:
    base = f"https://crates.io/api/v1/crates/{_segment(name)}"
    return f"{base}/{_segment(version)}" if version else base


def _mapping(value: object) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise _Unexpected
    return value


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _combine(parts: list[str], operator: str) -> str | None:
    unique = list(dict.fromkeys(parts))
    if len(unique) <= 1:
        return unique[0] if unique else None
    return f" {operator} ".join(p if " " not in p else f"({p})" for p in unique)


# Trove classifiers that name exactly one SPDX licence; the others ("BSD License", "Apache
# Software License") do not say which version and are passed on as written.
_CLASSIFIERS = {
    "MIT License": "MIT",
    "MIT No Attribution License (MIT-0)": "MIT-0",
    "ISC License (ISCL)": "ISC",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "GNU General Public License v2 (GPLv2)": "GPL-2.0-only",
    "GNU General Public License v2 or later (GPLv2+)": "GPL-2.0-or-later",
    "GNU General Public License v3 (GPLv3)": "GPL-3.0-only",
    "GNU General Public License v3 or later (GPLv3+)": "GPL-3.0-or-later",
    "GNU Lesser General Public License v2 (LGPLv2)": "LGPL-2.0-only",
    "GNU Lesser General Public License v2 or later (LGPLv2+)": "LGPL-2.0-or-later",
    "GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0-only",
    "GNU Lesser General Public License v3 or later (LGPLv3+)": "LGPL-3.0-or-later",
    "GNU Affero General Public License v3": "AGPL-3.0-only",
    "GNU Affero General Public License v3 or later (AGPLv3+)": "AGPL-3.0-or-later",
    "The Unlicense (Unlicense)": "Unlicense",
    "Python Software Foundation License": "PSF-2.0",
    "Boost Software License 1.0 (BSL-1.0)": "BSL-1.0",
    "zlib/libpng License": "Zlib",
    "European Union Public Licence 1.2 (EUPL 1.2)": "EUPL-1.2",
    "Eclipse Public License 2.0 (EPL-2.0)": "EPL-2.0",
    "Universal Permissive License (UPL)": "UPL-1.0",
}

# setuptools wrote "UNKNOWN" when no licence was given; some authors name the file instead.
_NO_PYPI_LICENCE = frozenset({"UNKNOWN", "LICENSE", "LICENSE.TXT", "LICENSE.MD"})


def _pypi_licence(data: object, name: str, version: str | None) -> str | None:
    info = _mapping(_mapping(data).get("info"))
    expression = _text(info.get("license_expression"))
    if expression is not None:
        return expression
    # The free "license" field often holds the whole licence text; only a short single line
    # can be a name or an id.
    free = _text(info.get("license"))
    if (
        free is not None
        and "\n" not in free
        and len(free) < 100
        and free.upper() not in _NO_PYPI_LICENCE
    ):
        return free
    classifiers = info.get("classifiers")
    found: list[str] = []
    for classifier in classifiers if isinstance(classifiers, list) else []:
        if isinstance(classifier, str) and classifier.startswith("License ::"):
            last = classifier.split(" :: ")[-1].strip()
            if last and classifier != "License :: OSI Approved":
                found.append(_CLASSIFIERS.get(last, last))
    # Several licence classifiers do not say whether all apply or one may be chosen; AND is
    # the reading that hides no obligation.
    return _combine(found, "AND")


def _npm_licence(data: object, name: str, version: str | None) -> str | None:
    manifest = _mapping(data)
    licence = manifest.get("license")
    if isinstance(licence, dict):
        # Legacy form {"type": "MIT", "url": …}.
        licence = licence.get("type")
    if _text(licence) is not None:
        return _text(licence)
    licences = manifest.get("licenses")
    if isinstance(licences, list):
        names = [_text(e.get("type") if isinstance(e, dict) else e) for e in licences]
        # npm's documentation gives "(MIT OR Apache-2.0)" as the replacement of the deprecated
        # list of the same two licences: the list was a choice.
        return _combine([n for n in names if n is not None], "OR")
    return None


def _expand_minified(entries: list[object]) -> Iterator[Mapping[str, object]]:
    """Undo Composer 2's metadata minification: each entry holds only the keys that changed
    since the previous one, "__unset" marking those removed."""
    current: dict[str, object] = {}
    for entry in entries:
        for key, value in _mapping(entry).items():
            if value == "__unset":
                current.pop(key, None)
            else:
                current[key] = value
        yield dict(current)


def _packagist_licence(data: object, name: str, version: str | None) -> str | None:
    answer = _mapping(data)
    packages = _mapping(answer.get("packages"))
    entries = packages.get(name.lower())
    if not isinstance(entries, list) or not entries:
        raise _Unexpected
    if answer.get("minified") == "composer/2.0":
        versions = list(_expand_minified(entries))
    else:
        versions = [_mapping(e) for e in entries]
    chosen = versions[0]  # the newest, when the version asked is not listed
    if version is not None:
        wanted = {version, version.lstrip("vV")}
        for entry in versions:
            listed = {str(entry.get("version", "")).lstrip("vV"), entry.get("version_normalized")}
            if wanted & listed or entry.get("version") in wanted:
                chosen = entry
                break
    licences = chosen.get("license")
    if not isinstance(licences, list):
        return None
    # Composer's documentation: several licences in the list mean the user may choose.
    return _combine([t for t in (_text(x) for x in licences) if t is not None], "OR")


def _crates_licence(data: object, name: str, version: str | None) -> str | None:
    answer = _mapping(data)
    if version is not None:
        return _text(_mapping(answer.get("version")).get("license"))
    crate = _mapping(answer.get("crate"))
    newest = (
        crate.get("default_version") or crate.get("max_stable_version") or crate.get("max_version")
    )
    listed = answer.get("versions")
    versions = [_mapping(v) for v in listed] if isinstance(listed, list) else []
    for entry in versions:
        if entry.get("num") == newest:
            return _text(entry.get("license"))
    if versions:
        return _text(versions[0].get("license"))
    raise _Unexpected


_NOT_ON_GITHUB = "no registry lookup for Go modules outside github.com"
_GITHUB_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")
_GITHUB_REPOSITORY = re.compile(r"[A-Za-z0-9._-]+")
# Go's major version suffix: /v2, /v3…; /v0 and /v1 are not suffixes but ordinary folders.
_MAJOR_SUFFIX = re.compile(r"v(?:[2-9]|[1-9][0-9]+)")
# The pseudo-version forms of Go's modules reference (golang.org/x/mod/module/pseudo.go):
# vX.0.0-yyyymmddhhmmss-abcdef123456, vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdef123456 and
# vX.Y.Z-pre.0.yyyymmddhhmmss-abcdef123456; for git the last part is a 12-hex commit prefix.
_PSEUDO_VERSION = re.compile(
    r"v[0-9]+\.(?:0\.0-|[0-9]+\.[0-9]+-(?:[^+]*\.)?0\.)[0-9]{14}-([0-9a-f]{12})"
)


def _go_ref(subdirectory: str, version: str | None) -> str | None:
    """The git ref a Go module version was taken from: its tag, or a pseudo-version's commit."""
    if version is None:
        return None  # the default branch
    # "+incompatible" marks a v2+ tag of a repository without go.mod; the tag lacks it.
    version = version.partition("+")[0]
    pseudo = _PSEUDO_VERSION.fullmatch(version)
    if pseudo is not None:
        return pseudo.group(1)
    # A module in a subfolder of its repository is tagged "folder/vX.Y.Z".
    return f"{subdirectory}/{version}" if subdirectory else version


def _github_url(name: str, version: str | None) -> str:
    host, _, path = name.partition("/")
    if host.lower() != "github.com":
        raise ValueError(_NOT_ON_GITHUB)
    parts = path.split("/")
    owner, repository, rest = parts[0], parts[1] if len(parts) > 1 else "", parts[2:]
    if rest and _MAJOR_SUFFIX.fullmatch(rest[-1]):
        rest = rest[:-1]  # the major version suffix is no folder of the tag's prefix
    if (
        _GITHUB_OWNER.fullmatch(owner) is None
        or _GITHUB_REPOSITORY.fullmatch(repository) is None
        or repository in (".", "..")
        or any(part in ("", ".", "..") for part in rest)
    ):
        raise ValueError(f"'{name}' is not a GitHub module path (github.com/OWNER/REPO)")
    # A module in a subfolder gets the repository's licence: GitHub detects licence files at
    # the root only, and Go's tools too apply a root licence to every module below it.
    url = f"https://{GITHUB_API}/repos/{_segment(owner)}/{_segment(repository)}/license"
    ref = _go_ref("/".join(rest), version)
    return f"{url}?ref={_segment(ref)}" if ref else url


def _github_licence(data: object, name: str, version: str | None) -> str | None:
    answer = _mapping(data)
    if "license" not in answer:
        raise _Unexpected
    licence = answer["license"]
    if licence is None:
        raise _Unidentified
    spdx = _text(_mapping(licence).get("spdx_id"))
    # NOASSERTION: a licence file GitHub's Licensee could not match to a known licence.
    if spdx is None or spdx == "NOASSERTION":
        raise _Unidentified
    return spdx


_GITHUB_HEADERS = (
    ("Accept", "application/vnd.github+json"),
    ("X-GitHub-Api-Version", "2022-11-28"),
)

_REGISTRIES = {
    "pypi": _Registry("pypi.org", _pep503, _pypi_url, _pypi_licence),
    "npm": _Registry("registry.npmjs.org", str, _npm_url, _npm_licence),
    "composer": _Registry("repo.packagist.org", str.lower, _packagist_url, _packagist_licence),
    "cargo": _Registry("crates.io", str, _crates_url, _crates_licence),
    "golang": _Registry(
        GITHUB_API,
        str,
        _github_url,
        _github_licence,
        _GITHUB_HEADERS,
        # GitHub answers 404 alike for no repository, no such tag, a private repository and no
        # licence file; the first three may change with a token, so the answer is not kept.
        not_found=f"{GITHUB_API} found no licence file (or no such repository or version)",
        cache_not_found=False,
    ),
}


# ---- cache folder -----------------------------------------------------------------------------


def default_cache_dir(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    home: Path | None = None,
) -> Path:
    """The folder for cached registry answers, where each platform keeps user caches."""
    return user_cache_dir(environ, platform, home) / "registries"


# ---- the client -------------------------------------------------------------------------------


class _Retry(Exception):
    """A failure worth another attempt; ``offline`` when the network itself seems down."""

    def __init__(self, reason: str, *, offline: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.offline = offline


class _Failed(Exception):
    """A final failure; ``block`` when no further request to the host can succeed this run."""

    def __init__(self, reason: str, *, block: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.block = block


def _header(headers: Mapping[str, str], name: str) -> str:
    """A header's value whatever its case (HTTP/2 sends them in lower case)."""
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), "")
    return value.strip()


def _same_origin(url: str, host: str) -> bool:
    """Tell whether the URL is https on the host's default port, with no credentials in it."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return False
    return (
        parts.scheme == "https"
        and parts.hostname == host
        and port in (None, 443)
        and parts.username is None
        and parts.password is None
    )


_NOT_FOUND = object()
"""What a fetch returns for 404 and 410: the registry knows no such package or version."""


_Request = TypeVar("_Request")


def _headers_as_built(request: _Request) -> _Request:
    """A requests auth that adds nothing (set as the session's, it keeps ~/.netrc unread)."""
    return request


class Registries:
    """Licence lookups in public registries, with retries, a size limit and a disk cache."""

    def __init__(
        self,
        session: HttpSession | None = None,
        cache_dir: Path | None = None,
        timeout: float = 10.0,
        retries: int = 2,
        max_bytes: int = 5_000_000,
        *,
        github_token: GitHubToken | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._session = session
        self._owns_session = False
        if cache_dir is None:
            try:
                cache_dir = default_cache_dir()
            except RuntimeError:  # no home folder to put it in: run without a cache
                cache_dir = None
        self._cache_dir = cache_dir
        self._timeout = timeout
        self._retries = max(0, retries)
        self._max_bytes = max_bytes
        self._github_token = github_token
        self._sleep = sleep
        self._clock = clock
        self._offline: str | None = None
        self._blocked: dict[str, str] = {}
        """Hosts that refused further requests this run (a spent rate limit), with the reason."""
        self._last_request: dict[str, float] = {}
        self._answers: dict[tuple[str, str, str | None], RegistryAnswer | RegistryFailure] = {}

    def __repr__(self) -> str:
        token = "set" if self._github_token is not None else "none"
        return f"Registries(cache_dir={self._cache_dir!r}, github_token={token})"

    def supports(self, ecosystem: str) -> bool:
        """Tell whether the licences of this ecosystem's packages can be looked up."""
        return ecosystem in _REGISTRIES

    def licence(
        self, ecosystem: str, name: str, version: str | None
    ) -> RegistryAnswer | RegistryFailure:
        """Ask the ecosystem's registry which licence this package version is under.

        Without a version, the registry's newest version answers (for a Go module, the
        repository's default branch).
        """
        # Every reason is written from fixed text, never from an exception's message; this
        # scrub is the second line, should a name or an answer ever carry the token.
        return self._redacted(self._lookup(ecosystem, name, version))

    def _lookup(
        self, ecosystem: str, name: str, version: str | None
    ) -> RegistryAnswer | RegistryFailure:
        registry = _REGISTRIES.get(ecosystem)
        if registry is None:
            return RegistryFailure(f"no registry lookup for {ecosystem} packages")
        name = name.strip()
        version = (version or "").strip() or None
        if not name:
            return RegistryFailure("no package name to look up")
        token = self._github_token
        if token is not None and token.value in f"{name} {version}":
            # Looking it up would put the token in a URL to a registry and in the cache key.
            return RegistryFailure("not looked up: the name or version holds the GitHub token")
        try:
            url = registry.url(name, version)
        except ValueError as exc:
            return RegistryFailure(str(exc))
        key = (ecosystem, registry.key(name), version)
        known = self._answers.get(key) or self._read_cache(key, registry)
        if known is not None:
            self._answers[key] = known
            return known
        refused = self._offline or self._blocked.get(registry.host)
        if refused is not None:
            return RegistryFailure(refused)
        if registry.host == GITHUB_API and token is not None and not token.usable:
            return RegistryFailure(
                f"{token.source} holds spaces or characters no token has: "
                f"nothing was sent to {GITHUB_API}"
            )
        try:
            body = self._fetch(url, registry)
        except _Failed as exc:
            if exc.block:
                self._blocked[registry.host] = exc.reason
            return RegistryFailure(exc.reason)
        if body is _NOT_FOUND:
            result: RegistryAnswer | RegistryFailure = self._redacted(
                RegistryFailure(registry.unknown)
            )
            self._answers[key] = result
            if registry.cache_not_found:
                self._write_cache(key, result)
            return result
        assert isinstance(body, bytes)
        try:
            data: object = json.loads(body)
        except ValueError:  # also UnicodeDecodeError
            return RegistryFailure(f"invalid JSON from {registry.host}")
        try:
            result = self._redacted(RegistryAnswer(registry.extract(data, name, version), url))
        except _Unexpected:
            return RegistryFailure(f"unexpected answer from {registry.host}")
        except _Unidentified:
            # Not kept: the answer may improve, and the file is worth a human's reading.
            return RegistryFailure(
                f"{registry.host} found a licence file but could not tell which licence it is"
            )
        self._answers[key] = result
        self._write_cache(key, result)
        return result

    def _redacted(
        self, result: RegistryAnswer | RegistryFailure
    ) -> RegistryAnswer | RegistryFailure:
        if self._github_token is None:
            return result
        secret = self._github_token.value
        if isinstance(result, RegistryFailure):
            return RegistryFailure(redact(result.reason, secret))
        licence = None if result.licence is None else redact(result.licence, secret)
        return RegistryAnswer(licence, redact(result.url, secret))

    def close(self) -> None:
        """Close the HTTP session, if this client opened it."""
        if self._session is not None and self._owns_session:
            close = getattr(self._session, "close", None)
            if callable(close):
                close()

    # ---- HTTP ---------------------------------------------------------------------------------

    def _http(self) -> HttpSession:
        if self._session is None:
            import requests

            session = requests.Session()
            # Without auth of its own, requests would take credentials from ~/.netrc and put
            # them in an Authorization header (replacing the GitHub token's, or sending some to
            # PyPI); this auth leaves every request as built here.
            session.auth = _headers_as_built
            self._session = session
            self._owns_session = True
        return self._session

    def _headers(self, url: str, registry: _Registry) -> dict[str, str]:
        headers = {"User-Agent": USER_AGENT, **dict(registry.headers)}
        token = self._github_token
        # Decided for each request, from the URL about to be asked: the token goes to
        # https://api.github.com and to no other host, whatever redirects are followed.
        if token is not None and token.usable and _same_origin(url, GITHUB_API):
            headers["Authorization"] = f"Bearer {token.value}"
        return headers

    def _fetch(self, url: str, registry: _Registry) -> object:
        """Return the answer's bytes, or _NOT_FOUND; raise _Failed with a reason otherwise."""
        last: _Retry | None = None
        for attempt in range(self._retries + 1):
            if attempt:
                self._sleep(_BACKOFF * 2 ** (attempt - 1))
            try:
                return self._fetch_once(url, registry)
            except _Retry as exc:
                last = exc
        assert last is not None
        if last.offline:
            self._offline = last.reason
        raise _Failed(last.reason)

    def _pace(self, host: str) -> None:
        interval = _MIN_INTERVAL.get(host)
        if interval is None:
            return
        previous = self._last_request.get(host)
        if previous is not None:
            wait = previous + interval - self._clock()
            if wait > 0:
                self._sleep(min(wait, interval))
        self._last_request[host] = self._clock()

    def _fetch_once(self, url: str, registry: _Registry) -> object:
        import requests

        host = registry.host
        timeout = (self._timeout, self._timeout)
        seconds = f"{self._timeout:g} s"
        current = url
        # Redirects are followed by hand so that each target can be checked: an answer from
        # another host would not be the registry's, and the token must not follow it there.
        for _ in range(_REDIRECTS + 1):
            self._pace(host)
            try:
                response = self._http().get(
                    current,
                    timeout=timeout,
                    headers=self._headers(current, registry),
                    stream=True,
                    allow_redirects=False,
                )
            except requests.exceptions.ConnectTimeout:
                reason = f"could not connect to {host} within {seconds}"
                raise _Retry(reason, offline=True) from None
            except requests.exceptions.Timeout:
                raise _Retry(f"{host} did not answer within {seconds}") from None
            except requests.exceptions.SSLError:
                # A certificate not trusted (often a proxy that intercepts TLS): never ignored,
                # and no other host will do better.
                reason = f"the secure connection to {host} failed (certificate not trusted?)"
                raise _Failed(reason, block=True) from None
            except requests.exceptions.ProxyError:
                reason = f"could not reach {host} through the proxy"
                raise _Retry(reason, offline=True) from None
            except requests.exceptions.ConnectionError:
                raise _Retry(f"could not connect to {host}", offline=True) from None
            except (requests.exceptions.RequestException, OSError, ValueError) as exc:
                # Only the exception's type is named: its message may quote the request,
                # headers included. OSError and ValueError cover what a transport raises
                # without requests wrapping it (an unparsable URL, a header it cannot encode).
                raise _Failed(f"the request to {host} failed ({type(exc).__name__})") from None
            try:
                status = response.status_code
                if status in _REDIRECT_STATUSES:
                    target = urljoin(current, response.headers.get("Location", ""))
                    if not _same_origin(target, host):
                        parts = urlsplit(target)
                        origin = f"{parts.scheme}://{parts.hostname or ''}"
                        raise _Failed(f"{host} redirected to {origin}, which was not followed")
                    current = target
                    continue
                if status in (404, 410):
                    return _NOT_FOUND
                if (
                    host == GITHUB_API
                    and status in (403, 429)
                    and _header(response.headers, "X-RateLimit-Remaining") == "0"
                ):
                    # Retrying before the reset cannot succeed, nor can any other lookup.
                    raise _Failed(self._rate_limited(response.headers), block=True)
                if host == GITHUB_API and status == 401 and self._github_token is not None:
                    # A token GitHub refuses fails every lookup alike: say so once, ask no more.
                    source = self._github_token.source
                    reason = (
                        f"{GITHUB_API} refused the token from {source} (401): renew or unset it"
                    )
                    raise _Failed(reason, block=True)
                if status == 429 or status >= 500:
                    raise _Retry(f"{host} answered {status}")
                if status != 200:
                    raise _Failed(f"{host} answered {status}")
                return self._read(response, host)
            finally:
                response.close()
        raise _Failed(f"{host} redirected more than {_REDIRECTS} times")

    def _rate_limited(self, headers: Mapping[str, str]) -> str:
        reset = _header(headers, "X-RateLimit-Reset")
        until = ""
        if re.fullmatch(r"[0-9]{1,11}", reset):
            moment = dt.datetime.fromtimestamp(int(reset), dt.UTC)
            until = f" until {moment:%H:%M} UTC"
        token = self._github_token
        if token is None:
            return (
                f"{GITHUB_API} rate limit reached{until} (60 lookups an hour without a token); "
                "set GITHUB_TOKEN, or the Action's token input, to allow more"
            )
        return f"{GITHUB_API} rate limit reached{until} for the token from {token.source}"

    def _read(self, response: HttpResponse, host: str) -> bytes:
        import requests

        too_big = f"{host} answered with more than {self._max_bytes} bytes"
        length = response.headers.get("Content-Length", "")
        # isdigit() alone would accept "²", which int() refuses.
        if length.isascii() and length.isdigit() and int(length) > self._max_bytes:
            raise _Failed(too_big)
        chunks: list[bytes] = []
        size = 0
        try:
            # Counted after decompression, so a small compressed bomb is refused as well.
            for chunk in response.iter_content(chunk_size=_CHUNK):
                size += len(chunk)
                if size > self._max_bytes:
                    raise _Failed(too_big)
                chunks.append(chunk)
        except (requests.exceptions.RequestException, OSError):
            # requests reports a read timeout inside the body as a ConnectionError; the host
            # did answer, so this is no sign that the network is down.
            raise _Retry(f"{host} broke off its answer") from None
        return b"".join(chunks)

    # ---- cache --------------------------------------------------------------------------------

    def _cache_file(self, key: tuple[str, str, str | None]) -> Path | None:
        if self._cache_dir is None:
            return None
        # Names and versions may hold any character; a hash makes a safe, fixed-size file name.
        digest = hashlib.sha256(json.dumps([CACHE_FORMAT, *key]).encode("utf-8")).hexdigest()
        return self._cache_dir / f"{digest}.json"

    def _read_cache(
        self, key: tuple[str, str, str | None], registry: _Registry
    ) -> RegistryAnswer | RegistryFailure | None:
        path = self._cache_file(key)
        if path is None:
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != [CACHE_FORMAT, *key]:
            return None
        fetched = entry.get("fetched")
        if not isinstance(fetched, int | float) or not 0 <= self._clock() - fetched < CACHE_TTL:
            return None
        if entry.get("unknown") is True:
            return RegistryFailure(registry.unknown)
        licence, url = entry.get("licence"), entry.get("url")
        if isinstance(url, str) and (licence is None or isinstance(licence, str)):
            return RegistryAnswer(licence, url)
        return None

    def _write_cache(
        self, key: tuple[str, str, str | None], result: RegistryAnswer | RegistryFailure
    ) -> None:
        path = self._cache_file(key)
        if path is None:
            return
        entry: dict[str, object] = {"key": [CACHE_FORMAT, *key], "fetched": self._clock()}
        if isinstance(result, RegistryAnswer):
            entry.update(licence=result.licence, url=result.url)
        else:
            entry["unknown"] = True
        # Written aside then renamed, so a concurrent run never reads half a file. A cache
        # that cannot be written only costs the next run a request: it is not an error.
        temporary = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(entry, sort_keys=True), encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
