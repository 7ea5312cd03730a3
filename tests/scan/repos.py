"""Small real repositories for the scan tests, built once per test session.

Each repository is a folder of files written here (licence texts come from real repositories,
see ``tests/data/scan/texts/README.md``), then made a git work tree with fixed authors and
dates so that commit ids, and so the goldens, never change.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import DATA

TEXTS = DATA / "scan" / "texts"
MANIFESTS = DATA / "scan" / "manifests"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Fixture",
    "GIT_AUTHOR_EMAIL": "fixture@example.org",
    "GIT_COMMITTER_NAME": "Fixture",
    "GIT_COMMITTER_EMAIL": "fixture@example.org",
    "GIT_AUTHOR_DATE": "2026-01-01T12:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-01-01T12:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(folder: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always", *args],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def commit_all(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "fixture")


def text(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


def package_lock(name: str, packages: dict[str, dict[str, object]]) -> str:
    lock = {
        "name": name,
        "version": "1.4.0",
        "lockfileVersion": 3,
        "requires": True,
        "packages": {"": {"name": name, "version": "1.4.0", "license": "MIT"}, **packages},
    }
    return json.dumps(lock, indent=2) + "\n"


def build_commons(base: Path) -> Path:
    """A commons under the CoopCycle licence, used as a submodule."""
    root = base / "coop-commons"
    write(root, {"LICENSE": text("coopcycle-head.txt"), "README.md": "# Coop commons\n"})
    commit_all(root)
    return root


def build_monorepo(base: Path) -> Path:
    """MIT at the root, PolyForm Shield in platform/, a lockfile, headers and submodules."""
    commons = build_commons(base)
    root = base / "monorepo"
    write(
        root,
        {
            ".gitignore": "node_modules/\n",
            "LICENSE": text("mit-example.txt"),
            "package.json": json.dumps(
                {
                    "name": "coop-monorepo",
                    "version": "1.4.0",
                    "license": "MIT",
                    "dependencies": {
                        "coop-widgets": "^2.1.0",
                        "shield-ui": "1.0.3",
                        "@acme/fair-kit": "^0.9.0",
                    },
                    "devDependencies": {"left-pad": "1.3.0"},
                },
                indent=2,
            )
            + "\n",
            "package-lock.json": package_lock(
                "coop-monorepo",
                {
                    "node_modules/@acme/fair-kit": {
                        "version": "0.9.2",
                        "resolved": "https://registry.npmjs.org/@acme/fair-kit/-/fair-kit-0.9.2.tgz",
                        "license": "SEE LICENSE IN LICENSE.md",
                    },
                    "node_modules/coop-widgets": {
                        "version": "2.1.0",
                        "resolved": "https://registry.npmjs.org/coop-widgets/-/coop-widgets-2.1.0.tgz",
                        "license": "PPL",
                    },
                    "node_modules/left-pad": {
                        "version": "1.3.0",
                        "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
                        "dev": True,
                        "license": "WTFPL",
                    },
                    "node_modules/shield-ui": {
                        "version": "1.0.3",
                        "resolved": "https://registry.npmjs.org/shield-ui/-/shield-ui-1.0.3.tgz",
                        "license": "LicenseRef-scancode-polyform-shield-1.0.0",
                    },
                },
            ),
            # Installed, not committed (.gitignore): read for their own metadata only.
            "node_modules/@acme/fair-kit/package.json": json.dumps(
                {
                    "name": "@acme/fair-kit",
                    "version": "0.9.2",
                    "license": "SEE LICENSE IN LICENSE.md",
                },
                indent=2,
            )
            + "\n",
            "node_modules/@acme/fair-kit/LICENSE.md": text("bastillion-prosperity.txt"),
            "node_modules/@acme/fair-kit/index.js": "// SPDX-License-Identifier: MIT\n",
            "platform/LICENSE.md": text("autogpt-platform-shield.txt"),
            "platform/server.py": "# SPDX-License-Identifier: LicenseRef-PolyForm-Shield-1.0.0\n"
            "print('platform')\n",
            "platform/widgets/coop.js": "/* SPDX-License-Identifier: LicenseRef-CoopCycle */\n"
            "export const coop = true;\n",
            "platform/widgets/map.js": "/* SPDX-License-Identifier: LicenseRef-CoopCycle */\n"
            "export const map = true;\n",
            "src/index.js": "// SPDX-License-Identifier: MIT\nexport default 1;\n",
            "src/util.js": "// SPDX-License-Identifier: MIT\nexport const two = 2;\n",
            "docs/logo.png": b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        },
    )
    commit_all(root)
    git(root, "submodule", "add", "-q", str(commons), "libs/commons")
    git(root, "submodule", "add", "-q", str(commons), "libs/unfetched")
    git(root, "commit", "-q", "-m", "submodules")
    git(root, "submodule", "deinit", "-q", "-f", "libs/unfetched")
    # Recorded URLs are absolute temporary paths: keep .gitmodules stable for the goldens.
    gitmodules = (root / ".gitmodules").read_text()
    (root / ".gitmodules").write_text(gitmodules.replace(str(commons), "../coop-commons"))
    return root


def build_rewritten(base: Path) -> Path:
    """A licence with PolyForm Noncommercial's title over a rewritten body."""
    root = base / "rewritten"
    write(
        root,
        {
            "LICENSE.md": text("variants/weavex-polyform-nc.txt"),
            "README.md": "# Weave\n",
        },
    )
    commit_all(root)
    return root


def build_choice(base: Path) -> Path:
    """Elasticsearch's way: three full texts in one file whose name offers the choice."""
    root = base / "search-engine"
    write(
        root,
        {
            "licenses/AGPL-3.0+SSPL-1.0+ELASTIC-LICENSE-2.0.txt": text(
                "elasticsearch-agpl-sspl-elv2.txt"
            ),
            "server/Main.java": "/*\n * SPDX-License-Identifier: AGPL-3.0-only OR SSPL-1.0 OR "
            "Elastic-2.0\n */\nclass Main {}\n",
        },
    )
    commit_all(root)
    return root


def build_reuse(base: Path) -> Path:
    """A REUSE project: LICENSES/, a REUSE.toml for docs, headers and a sidecar."""
    root = base / "reuse-project"
    write(
        root,
        {
            "LICENSES/MIT.txt": text("mit-example.txt"),
            "LICENSES/CC-BY-NC-SA-4.0.txt": text("fastphotostyle-ccbyncsa.txt"),
            "REUSE.toml": 'version = 1\n\n[[annotations]]\npath = "docs/**"\n'
            'precedence = "aggregate"\nSPDX-FileCopyrightText = "2026 Fixture"\n'
            'SPDX-License-Identifier = "CC-BY-NC-SA-4.0"\n',
            "docs/guide.md": "# Guide\n",
            "docs/howto.md": "# How to\n",
            "src/main.py": "# SPDX-FileCopyrightText: 2026 Fixture\n"
            "# SPDX-License-Identifier: MIT\nprint('hi')\n",
            "art/logo.png": b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
            "art/logo.png.license": "SPDX-FileCopyrightText: 2026 Fixture\n"
            "SPDX-License-Identifier: PPL\n",
        },
    )
    commit_all(root)
    return root


def build_dep5(base: Path) -> Path:
    """A project described by a machine-readable Debian copyright file (.reuse/dep5)."""
    root = base / "dep5-project"
    write(
        root,
        {
            ".reuse/dep5": "Format: https://www.debian.org/doc/packaging-manuals/"
            "copyright-format/1.0/\nUpstream-Name: dep5-project\n\n"
            "Files: *\nCopyright: 2026 Fixture\nLicense: MIT\n\n"
            "Files: assets/*\nCopyright: 2026 Coop\nLicense: PolyForm-Noncommercial-1.0.0\n",
            "LICENSE": text("mit-example.txt"),
            "assets/map.svg": "<svg/>\n",
            "main.c": "int main(void) { return 0; }\n",
        },
    )
    commit_all(root)
    return root


RECIP_LICENCE = """\
# The machine-readable form of this project's licence.
licence LicenseRef-Acme-Fair-1.0 {
  name "Acme Fair Licence 1.0"
  version "1.0"
  url "https://acme.example/fair"
  provenance "written by the project, 2026"
  authors "Acme"
  year 2026
  summary en "Free for cooperatives; others pay a share of revenue."
  summary fr "Libre pour les coopératives ; les autres versent une part du chiffre d'affaires."

  grants everyone personal, non-commercial, evaluation, internal, commercial, production,
    modification, distribution

  rule companies-pay {
    clause "2"
    applies to commercial, production
    unless form in [cooperative, worker-cooperative, scic]
    must pay 1% of revenue
    explain en "Under 2: a company using it commercially pays 1% of its revenue each year."
    explain fr "Selon 2 : une société qui l'utilise commercialement verse 1 % de son chiffre "
      "d'affaires chaque année."
  }
}
"""


def build_recip(base: Path) -> Path:
    """A project publishing a .recip licence whose human text says something else (MIT)."""
    root = base / "fair-project"
    write(
        root,
        {
            ".reciprocity/licence.recip": RECIP_LICENCE,
            "LICENSE": text("mit-example.txt"),
            "pyproject.toml": '[project]\nname = "fair-project"\nversion = "0.3.0"\n'
            'license = "LicenseRef-Acme-Fair-1.0"\ndependencies = ["requests==2.32.3"]\n',
        },
    )
    commit_all(root)
    return root


def build_polyglot(base: Path) -> Path:
    """Manifests and lockfiles of six ecosystems, with vendored PHP code."""
    root = base / "polyglot"
    files: dict[str, str | bytes] = {"LICENSE": text("habitat-ppl.txt")}
    for case in sorted(MANIFESTS.iterdir()) if MANIFESTS.is_dir() else []:
        if case.is_dir():
            for path in sorted(case.rglob("*")):
                if path.is_file():
                    files[f"{case.name}/{path.relative_to(case).as_posix()}"] = path.read_bytes()
    files["php/vendor/coopcycle/api-client/LICENSE"] = text("coopcycle-head.txt")
    # Installed by Composer and ignored by git, as usual: still read for its metadata.
    files["php/.gitignore"] = "/vendor/composer/\n"
    files["php/composer.json"] = (
        '{\n  "name": "coop/php-app",\n  "license": "PPL",\n'
        '  "require": {\n    "coopcycle/api-client": "^1.0"\n  }\n}\n'
    )
    files["php/vendor/composer/installed.json"] = (
        json.dumps(
            {
                "packages": [
                    {
                        "name": "coopcycle/api-client",
                        "version": "1.0.4",
                        "version_normalized": "1.0.4.0",
                        "license": ["LicenseRef-CoopCycle"],
                    }
                ],
                "dev": False,
            },
            indent=4,
        )
        + "\n"
    )
    write(root, files)
    commit_all(root)
    return root


def build_sbom(base: Path) -> Path:
    """An SBOM written by another tool (ScanCode-style LicenseRef-scancode ids)."""
    root = base / "with-sbom"
    sbom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "serialNumber": "urn:uuid:6a1c3d1e-0d3b-4c1e-9a57-2b0c7cf2a001",
        "version": 1,
        "metadata": {"component": {"type": "application", "name": "with-sbom", "version": "2.0"}},
        "components": [
            {
                "type": "library",
                "name": "fair-sdk",
                "version": "3.1.0",
                "purl": "pkg:pypi/fair-sdk@3.1.0",
                "licenses": [{"license": {"id": "LicenseRef-scancode-prosperity-3.0"}}],
            },
            {
                "type": "library",
                "name": "shield-core",
                "version": "1.2.0",
                "purl": "pkg:npm/shield-core@1.2.0",
                "licenses": [{"license": {"id": "LicenseRef-scancode-polyform-shield-1.0.0"}}],
            },
            {
                "type": "library",
                "name": "requests",
                "version": "2.32.3",
                "purl": "pkg:pypi/requests@2.32.3",
                "licenses": [{"license": {"id": "Apache-2.0"}}],
            },
        ],
    }
    write(
        root,
        {
            "LICENSE": text("requests-apache.txt"),
            "sbom/bom.cdx.json": json.dumps(sbom, indent=2) + "\n",
        },
    )
    commit_all(root)
    return root


def build_plain(base: Path) -> Path:
    """Not a git repository: oddities a walk must survive."""
    root = base / "plain-folder"
    write(
        root,
        {
            "LICENSE.md": text("habitat-ppl.txt"),
            "notes-latin1.txt": "Caf\xe9 coop\xe9ratif\n".encode("latin-1"),
            "broken/LICENSE": b"\0\0\0binary licence\0",
            "src/app.py": "# SPDX-License-Identifier: PPL\n",
            "node_modules/ignored/index.js": "// SPDX-License-Identifier: MIT\n",
        },
    )
    outside = base / "outside-secret.txt"
    outside.write_text("SPDX-License-Identifier: MIT\n")
    os.symlink(outside, root / "link-out.txt")
    os.symlink(root / "src", root / "src" / "loop")
    return root


def build_empty(base: Path) -> Path:
    """A git repository with no commit yet."""
    root = base / "empty-repo"
    root.mkdir()
    git(root, "init", "-q")
    return root


BUILDERS = {
    "monorepo": build_monorepo,
    "rewritten": build_rewritten,
    "choice": build_choice,
    "reuse": build_reuse,
    "dep5": build_dep5,
    "recip": build_recip,
    "polyglot": build_polyglot,
    "sbom": build_sbom,
    "plain": build_plain,
    "empty": build_empty,
}


def build_all(base: Path) -> dict[str, Path]:
    if base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True)
    return {name: builder(base) for name, builder in BUILDERS.items()}
