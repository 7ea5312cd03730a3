"""Manifest and lockfile readers: real-format files against reviewed goldens, located errors,
and which file names have a reader."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path

import pytest

from reciprocity.errors import SourceError
from reciprocity.scan.manifests import ManifestReading, read_manifest, reader_for
from tests.conftest import DATA, Golden

CASES = DATA / "scan" / "manifests"


def _dump(readings: dict[str, ManifestReading]) -> str:
    shown = {path: asdict(reading) for path, reading in readings.items()}
    return json.dumps(shown, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_case_matches_golden(case: str, golden: Golden) -> None:
    folder = CASES / case
    readings = {}
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        path = file.relative_to(folder).as_posix()
        assert reader_for(path) is not None, f"{path} has no reader"
        readings[path] = read_manifest(path, file.read_text(encoding="utf-8"))
    golden.check(CASES / f"{case}.json", _dump(readings))


@pytest.mark.parametrize(
    "name",
    [
        "requirements.txt",
        "requirements-dev.txt",
        "requirements_test.txt",
        "dev-requirements.txt",
        "requirements/base.txt",
        "package.json",
        "web/package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "composer.json",
        "composer.lock",
        "vendor/composer/installed.json",
        "go.mod",
        "Cargo.toml",
        "Cargo.lock",
        "Gemfile.lock",
        "pyproject.toml",
        "poetry.lock",
        "uv.lock",
        "Pipfile.lock",
        "venv/lib/python3.11/site-packages/six-1.16.0.dist-info/METADATA",
        "node_modules/@scope/pkg/package.json",
    ],
)
def test_reader_for_known_names(name: str) -> None:
    assert reader_for(name) is not None


@pytest.mark.parametrize(
    "name",
    [
        "requirements.in",
        "my-package.json",
        "package.json5",
        "installed.json",
        "METADATA",
        "docs/requirements.md",
        "Gemfile",
        "go.sum",
        "setup.py",
        "Cargo.toml.orig",
    ],
)
def test_reader_for_other_names(name: str) -> None:
    assert reader_for(name) is None


def test_vendored_package_json_is_only_its_project() -> None:
    text = '{"name": "x", "version": "1.0.0", "license": "MIT", "dependencies": {"y": "1"}}'
    reading = read_manifest("node_modules/x/package.json", text)
    assert reading.dependencies == ()
    assert reading.project is not None
    assert (reading.project.name, reading.project.licence) == ("x", "MIT")


@pytest.mark.parametrize(
    ("path", "text", "message"),
    [
        (
            "package-lock.json",
            '{\n  "name": "app",\n  "version": "1.0.0"\n  "lockfileVersion": 3\n}\n',
            "package-lock.json:4:3: invalid JSON: Expecting ',' delimiter",
        ),
        (
            "composer.json",
            "",
            "composer.json:1:1: invalid JSON: Expecting value",
        ),
        (
            "package.json",
            '{\n  "dependencies": ["lodash"]\n}\n',
            'package.json:2:19: "dependencies" is not an object',
        ),
        (
            "package.json",
            '{\n  "dependencies": {\n    "lodash": 4\n  }\n}\n',
            'package.json:3:5: the version of "lodash" is not a string',
        ),
        (
            "Cargo.toml",
            '[package]\nname = "x"\nversion "1.0"\n',
            "Cargo.toml:3:9: invalid TOML: Expected '=' after a key in a key/value pair",
        ),
        (
            "pyproject.toml",
            '[project]\nname = "x"\ndependencies = ["requests",\n',
            "pyproject.toml:4:1: invalid TOML: Invalid value",
        ),
        (
            "pyproject.toml",
            '[project]\ndependencies = "requests"\n',
            "pyproject.toml:2:1: project.dependencies is not a list",
        ),
        (
            "pnpm-lock.yaml",
            "lockfileVersion: '9.0'\npackages:\n  lodash@4.17.21: {\n",
            "pnpm-lock.yaml:4:1: invalid YAML: expected the node content, but found '<stream end>'",
        ),
        (
            "pnpm-lock.yaml",
            "lockfileVersion: '9.0'\nimporters:\n  .: a: b\n",
            "pnpm-lock.yaml:3:7: invalid YAML: mapping values are not allowed here",
        ),
        (
            "requirements.txt",
            "requests==2.31.0\nnot a requirement\n",
            "requirements.txt:2:1: invalid requirement",
        ),
        (
            "go.mod",
            "module example.com/x\n\nrequire (\n\texample.com/y v1.0.0\n",
            "go.mod:3:1: require block is not closed",
        ),
        (
            "go.mod",
            "module example.com/x\n\nrequire example.com/y\n",
            "go.mod:3:9: expected a module path and a version",
        ),
        (
            "Gemfile.lock",
            "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack 3.0.9\n",
            "Gemfile.lock:4:5: expected 'name (version)'",
        ),
        (
            "yarn.lock",
            '# yarn lockfile v1\n\n  version "1.0.0"\n',
            "yarn.lock:3:3: expected a field of an entry",
        ),
        (
            "unknown.cfg",
            "",
            "unknown.cfg: not a manifest reciprocity can read",
        ),
    ],
)
def test_malformed_manifest_is_a_located_source_error(path: str, text: str, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        read_manifest(path, text)
    assert str(caught.value) == message


def test_byte_order_mark_is_ignored() -> None:
    reading = read_manifest("package.json", '\ufeff{"dependencies": {"a": "1.0.0"}}')
    assert [(d.name, d.version, d.line) for d in reading.dependencies] == [("a", "1.0.0", 1)]


def test_large_package_lock_reads_fast(tmp_path: Path) -> None:
    packages: dict[str, object] = {"": {"name": "big", "version": "1.0.0", "license": "MIT"}}
    for number in range(3000):
        packages[f"node_modules/pkg-{number}"] = {
            "version": f"1.0.{number}",
            "resolved": f"https://registry.npmjs.org/pkg-{number}/-/pkg-{number}-1.0.{number}.tgz",
            "integrity": "sha512-" + "A" * 86 + "==",
            "license": "MIT",
            "dependencies": {f"pkg-{(number + 1) % 3000}": "^1.0.0"},
        }
    text = json.dumps({"lockfileVersion": 3, "packages": packages}, indent=2)
    start = time.perf_counter()
    reading = read_manifest("package-lock.json", text)
    elapsed = time.perf_counter() - start
    assert len(reading.dependencies) == 3000
    last = reading.dependencies[-1]
    assert last.name == "pkg-2999"
    assert text.splitlines()[last.line - 1].strip() == '"node_modules/pkg-2999": {'
    assert elapsed < 0.5, f"{elapsed:.2f}s to read 3,000 packages"


def test_windows_line_endings_keep_lines_and_texts() -> None:
    text = '{\r\n  "license": "MIT",\r\n  "dependencies": {\r\n    "a": "^1.0.0"\r\n  }\r\n}\r\n'
    reading = read_manifest("package.json", text)
    assert [(d.line, d.column, d.text) for d in reading.dependencies] == [(4, 5, '"a": "^1.0.0"')]
    assert reading.project is not None
    assert (reading.project.line, reading.project.text) == (2, '"license": "MIT",')


def test_pyproject_licence_file_points_at_the_file() -> None:
    text = '[project]\nname = "x"\nlicense = { file = "COPYING" }\n'
    project = read_manifest("pyproject.toml", text).project
    assert project is not None
    assert (project.licence, project.line) == ("SEE LICENSE IN COPYING", 3)
