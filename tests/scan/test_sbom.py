"""SBOM readers: CycloneDX and SPDX JSON to dependencies, with the lines that name them."""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import pytest

from reciprocity.errors import SourceError
from reciprocity.inventory import Dependency
from reciprocity.scan.sbom import PackageURL, is_sbom, parse_purl, read_sbom
from tests.conftest import DATA, Golden

SBOMS = DATA / "scan" / "sbom"
FIXTURES = sorted(p.name for p in SBOMS.glob("*.json") if not p.name.endswith(".expected.json"))


def dump(dependencies: tuple[Dependency, ...]) -> str:
    rows = [dataclasses.asdict(d) for d in dependencies]
    return json.dumps(rows, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def read(text: str, path: str = "bom.json") -> tuple[Dependency, ...]:
    return read_sbom(path, text)


def test_fixtures_exist() -> None:
    assert FIXTURES == [
        "cyclonedx-1.4-npm.json",
        "cyclonedx-1.5-scancode.json",
        "cyclonedx-1.6-syft.json",
        "spdx-2.3-syft.json",
    ]


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_matches_golden(name: str, golden: Golden) -> None:
    text = (SBOMS / name).read_text(encoding="utf-8")
    assert is_sbom(text[:4096])
    dependencies = read_sbom(f"sbom/{name}", text)
    lines = text.splitlines()
    for dependency in dependencies:
        # Every dependency points at its own "name" key, and the text is that line.
        assert lines[dependency.line - 1].strip() == dependency.text
        assert dependency.text.startswith('"name": ')
        assert lines[dependency.line - 1][dependency.column - 1 :].startswith('"name"')
    golden.check(SBOMS / name.replace(".json", ".expected.json"), dump(dependencies))


def test_is_sbom_ignores_other_json() -> None:
    assert not is_sbom('{"name": "shop", "lockfileVersion": 3, "packages": {}}')
    assert not is_sbom('{"spdxVersion": "SPDX-3.0", "@context": "https://spdx.org/rdf/3.0.0"}')
    assert is_sbom('{\n  "bomFormat" : "CycloneDX",\n  "specVersion": "1.5"')
    assert is_sbom('{"spdxVersion":"SPDX-2.2","SPDXID":"SPDXRef-DOCUMENT"}')


def test_malformed_json_is_located() -> None:
    text = '{\n  "bomFormat": "CycloneDX",\n  "components": [\n    {"name": "a",}\n  ]\n}\n'
    with pytest.raises(SourceError) as caught:
        read(text, "sboms/bom.json")
    assert str(caught.value) == (
        "sboms/bom.json:4:18: not valid JSON: expecting property name enclosed in double quotes"
    )


def test_json_of_another_kind_is_refused() -> None:
    with pytest.raises(SourceError) as caught:
        read('{"name": "shop", "dependencies": {}}', "package.json")
    assert str(caught.value) == (
        'package.json: expected a CycloneDX JSON SBOM ("bomFormat": "CycloneDX") or an SPDX 2 '
        'JSON document ("spdxVersion": "SPDX-2.3"), found neither'
    )
    with pytest.raises(SourceError, match=r"^bom\.json: expected a CycloneDX"):
        read("[1, 2]")


def test_spdx_3_is_named_as_unsupported() -> None:
    with pytest.raises(SourceError) as caught:
        read('{"spdxVersion": "SPDX-3.0"}', "x.spdx.json")
    assert str(caught.value) == (
        "x.spdx.json: SPDX-3.0 is not supported; export the SBOM as SPDX 2.3 JSON or CycloneDX JSON"
    )


def test_structure_errors_point_at_the_object() -> None:
    text = '{\n  "bomFormat": "CycloneDX",\n  "components": [\n    {"version": "1.0"}\n  ]\n}'
    with pytest.raises(SourceError) as caught:
        read(text)
    assert str(caught.value) == 'bom.json:4:5: component has no "name"'
    with pytest.raises(SourceError) as caught:
        read('{"bomFormat": "CycloneDX", "components": {"name": "x"}}')
    assert str(caught.value) == 'bom.json:1:1: "components" is not a list'
    with pytest.raises(SourceError) as caught:
        read('{"spdxVersion": "SPDX-2.3",\n"packages": [\n"oops"]}')
    assert str(caught.value) == "bom.json:1:1: a package is not a JSON object"


def test_duplicate_names_and_braces_in_strings_keep_their_lines() -> None:
    components = [
        {"name": "a", "description": 'braces } { and "quotes" \\ in "name": text'},
        {"type": "library", "name": "a", "version": "2"},
        {"name": "b", "properties": [{"name": "name", "value": "{"}]},
        {"name": "a", "version": "3"},
    ]
    text = json.dumps({"bomFormat": "CycloneDX", "components": components}, indent=1)
    found = read(text)
    lines = text.splitlines()
    assert [(d.name, d.version) for d in found] == [
        ("a", None),
        ("a", "2"),
        ("b", None),
        ("a", "3"),
    ]
    assert [lines[d.line - 1].strip() for d in found] == [
        '"name": "a",',
        '"name": "a",',
        '"name": "b",',
        '"name": "a",',
    ]
    assert len({d.line for d in found}) == 4


def test_minified_sbom_gives_columns_and_short_text() -> None:
    padding = [{"name": f"pkg-{i}", "version": "1.0.0"} for i in range(40)]
    text = json.dumps({"bomFormat": "CycloneDX", "components": padding}, separators=(",", ":"))
    found = read(text)
    last = found[-1]
    assert (last.line, last.name) == (1, "pkg-39")
    assert text[last.column - 1 :].startswith('"name":"pkg-39"')
    assert last.text.startswith('"name":"pkg-39"')
    assert len(last.text) <= 200


def test_byte_order_mark_is_accepted() -> None:
    found = read('\ufeff{"bomFormat": "CycloneDX", "components": [{"name": "x"}]}')
    assert [(d.ecosystem, d.name, d.line) for d in found] == [("generic", "x", 1)]


def test_cyclonedx_without_purl_joins_group_and_name() -> None:
    text = json.dumps(
        {
            "bomFormat": "CycloneDX",
            "components": [{"group": "acme", "name": "widget", "version": "1"}],
        }
    )
    (found,) = read(text)
    assert (found.ecosystem, found.name, found.version) == ("generic", "acme/widget", "1")
    assert found.direct and not found.development


def test_cyclonedx_licences_are_anded_and_bracketed() -> None:
    licences = [
        {"license": {"id": "MIT"}},
        {"expression": "Apache-2.0 OR BSD-3-Clause"},
        {"expression": "(GPL-2.0-only OR MIT) AND (LGPL-2.1-only)"},
        {"license": {"name": "Some Custom Licence"}},
        {"license": {"url": "https://example.org/licence"}},
        {"license": {"id": "MIT"}},
    ]
    text = json.dumps(
        {"bomFormat": "CycloneDX", "components": [{"name": "x", "licenses": licences}]}
    )
    (found,) = read(text)
    assert found.licence == (
        "MIT AND (Apache-2.0 OR BSD-3-Clause) AND ((GPL-2.0-only OR MIT) AND (LGPL-2.1-only))"
        " AND (Some Custom Licence)"
    )
    bracketed = [{"expression": "(MIT OR Apache-2.0)"}, {"license": {"id": "Zlib"}}]
    text = json.dumps(
        {"bomFormat": "CycloneDX", "components": [{"name": "x", "licenses": bracketed}]}
    )
    assert read(text)[0].licence == "(MIT OR Apache-2.0) AND Zlib"


def test_spdx_document_describes_and_dependency_graph() -> None:
    document = {
        "spdxVersion": "SPDX-2.3",
        "SPDXID": "SPDXRef-DOCUMENT",
        "documentDescribes": ["SPDXRef-app"],
        "packages": [
            {"SPDXID": "SPDXRef-app", "name": "app", "licenseDeclared": "MIT"},
            {"SPDXID": "SPDXRef-lib", "name": "lib", "licenseConcluded": "NOASSERTION"},
            {"SPDXID": "SPDXRef-sub", "name": "sub", "licenseDeclared": "MIT"},
            {"SPDXID": "SPDXRef-test", "name": "test-tool", "licenseDeclared": "MIT"},
            {"SPDXID": "SPDXRef-test-dep", "name": "test-dep"},
            {"SPDXID": "SPDXRef-shared", "name": "shared"},
        ],
        "relationships": [
            {
                "spdxElementId": "SPDXRef-app",
                "relationshipType": "DEPENDS_ON",
                "relatedSpdxElement": "SPDXRef-lib",
            },
            {
                "spdxElementId": "SPDXRef-lib",
                "relationshipType": "DEPENDS_ON",
                "relatedSpdxElement": "SPDXRef-sub",
            },
            {
                "spdxElementId": "SPDXRef-test",
                "relationshipType": "TEST_DEPENDENCY_OF",
                "relatedSpdxElement": "SPDXRef-app",
            },
            {
                "spdxElementId": "SPDXRef-test",
                "relationshipType": "DEPENDS_ON",
                "relatedSpdxElement": "SPDXRef-test-dep",
            },
            {
                "spdxElementId": "SPDXRef-test",
                "relationshipType": "DEPENDS_ON",
                "relatedSpdxElement": "SPDXRef-shared",
            },
            {
                "spdxElementId": "SPDXRef-shared",
                "relationshipType": "DEPENDENCY_OF",
                "relatedSpdxElement": "SPDXRef-lib",
            },
        ],
    }
    found = {d.name: d for d in read(json.dumps(document, indent=2))}
    assert sorted(found) == ["lib", "shared", "sub", "test-dep", "test-tool"]
    assert {n: (d.direct, d.development) for n, d in found.items()} == {
        "lib": (True, False),
        "sub": (False, False),
        "test-tool": (True, True),
        "test-dep": (False, True),
        # Reached through a test tool and through lib: it ships, so it is not development.
        "shared": (False, False),
    }
    assert found["lib"].licence is None
    assert found["sub"].licence == "MIT"


def test_spdx_without_graph_counts_packages_as_direct() -> None:
    document = {"spdxVersion": "SPDX-2.2", "packages": [{"name": "lib", "versionInfo": "1"}]}
    (found,) = read(json.dumps(document))
    assert (found.ecosystem, found.name, found.version, found.direct) == (
        "generic",
        "lib",
        "1",
        True,
    )


@pytest.mark.parametrize(
    ("purl", "expected"),
    [
        ("pkg:npm/%40types/node@20.1.0#types/node", PackageURL("npm", "@types", "node", "20.1.0")),
        ("pkg:npm/@types/node", PackageURL("npm", "@types", "node", None)),
        ("pkg:npm/@types/node@1.0", PackageURL("npm", "@types", "node", "1.0")),
        (
            "pkg:pypi/Typing_Extensions@4.12.2",
            PackageURL("pypi", None, "typing-extensions", "4.12.2"),
        ),
        (
            "pkg:golang/github.com/gorilla/mux@v1.8.1?type=module",
            PackageURL("golang", "github.com/gorilla", "mux", "v1.8.1"),
        ),
        (
            "pkg:maven/org.apache.commons/commons-lang3@3.12.0?type=jar",
            PackageURL("maven", "org.apache.commons", "commons-lang3", "3.12.0"),
        ),
        (
            "pkg:composer/symfony/console@v6.4.8",
            PackageURL("composer", "symfony", "console", "v6.4.8"),
        ),
        ("pkg:gem/rails@7.1.3%2Bfix", PackageURL("gem", None, "rails", "7.1.3+fix")),
        ("PKG:Cargo/serde@1.0.203", PackageURL("cargo", None, "serde", "1.0.203")),
        (
            "pkg://nuget/Newtonsoft.Json@13.0.3",
            PackageURL("nuget", None, "Newtonsoft.Json", "13.0.3"),
        ),
        ("https://example.org/x", None),
        ("pkg:npm", None),
        ("pkg:npm/", None),
    ],
)
def test_parse_purl(purl: str, expected: PackageURL | None) -> None:
    assert parse_purl(purl) == expected


def test_canonical_names() -> None:
    assert PackageURL("maven", "org.example", "app", None).canonical_name == "org.example:app"
    assert PackageURL("npm", "@types", "node", None).canonical_name == "@types/node"
    assert PackageURL("composer", "symfony", "console", None).canonical_name == "symfony/console"
    assert PackageURL("cargo", None, "serde", None).canonical_name == "serde"


def test_five_thousand_components_read_quickly(tmp_path: Path) -> None:
    components = [
        {
            "type": "library",
            "name": f"package-{i % 2500}",
            "version": f"1.{i}.0",
            "purl": f"pkg:npm/package-{i % 2500}@1.{i}.0",
            "licenses": [{"license": {"id": "MIT"}}],
            "properties": [{"name": "cdx:npm:package:path", "value": f"node_modules/p{i}"}],
        }
        for i in range(5000)
    ]
    text = json.dumps({"bomFormat": "CycloneDX", "components": components}, indent=2)
    started = time.perf_counter()
    found = read(text)
    elapsed = time.perf_counter() - started
    assert len(found) == 5000
    assert found[-1].version == "1.4999.0"
    assert text.splitlines()[found[-1].line - 1].strip() == '"name": "package-2499",'
    assert elapsed < 2.0, f"reading took {elapsed:.2f} s"
