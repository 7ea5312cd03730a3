"""`reciprocity scan` on small real repositories: one golden inventory per repository, and the
behaviours the issue names checked one by one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reciprocity.catalogue import load_catalogue
from reciprocity.cli import main
from reciprocity.inventory import MODIFIED_PREFIX, UNKNOWN
from reciprocity.scan.scanner import ScanOptions, scan
from tests.conftest import DATA, Golden
from tests.scan.repos import BUILDERS, build_all

INVENTORIES = DATA / "scan" / "inventories"


@pytest.fixture(scope="session")
def repos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_all(tmp_path_factory.mktemp("scan") / "repos")


def scan_json(path: Path, *args: str) -> tuple[dict[str, Any], str]:
    result = CliRunner().invoke(main, ["scan", str(path), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output), result.output


def components(data: dict[str, Any], **wanted: Any) -> list[dict[str, Any]]:
    return [c for c in data["components"] if all(c.get(k) == v for k, v in wanted.items())]


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_inventory_golden(name: str, repos: dict[str, Path], golden: Golden) -> None:
    _, output = scan_json(repos[name])
    golden.check(INVENTORIES / f"{name}.json", output)


def test_text_report_golden(repos: dict[str, Path], golden: Golden) -> None:
    result = CliRunner().invoke(main, ["scan", str(repos["monorepo"])])
    assert result.exit_code == 0, result.output
    golden.check(INVENTORIES / "monorepo.txt", result.output)


def test_subdirectory_licence_governs_its_subtree(repos: dict[str, Path]) -> None:
    data, _ = scan_json(repos["monorepo"])
    root = components(data, scope=".")[0]
    platform = components(data, scope="platform")[0]
    assert root["licence"] == "MIT"
    assert root["reciprocity"] is None
    assert platform["licence"] == "LicenseRef-PolyForm-Shield-1.0.0"
    assert platform["reciprocity"]["binds"] is True
    assert platform["evidence"][0]["path"] == "platform/LICENSE.md"


def test_headers_that_differ_from_their_tree_become_file_components(
    repos: dict[str, Path],
) -> None:
    data, _ = scan_json(repos["monorepo"])
    coop = components(data, scope="platform/widgets", scope_kind="files")
    assert [c["licence"] for c in coop] == ["LicenseRef-CoopCycle"]
    assert [e["line"] for e in coop[0]["evidence"]] == [1, 1]


def test_lockfile_licences_and_the_manifest_line(repos: dict[str, Path]) -> None:
    data, _ = scan_json(repos["monorepo"])
    widgets = components(data, name="coop-widgets")[0]
    assert widgets["licence"] == "PPL"
    assert widgets["version"] == "2.1.0"
    assert widgets["scope"] == "package.json"
    assert widgets["purl"] == "pkg:npm/coop-widgets@2.1.0"
    paths = {(e["path"], e["line"]) for e in widgets["evidence"]}
    assert ("package.json", 6) in paths
    shield = components(data, name="shield-ui")[0]
    assert shield["licence"] == "LicenseRef-PolyForm-Shield-1.0.0"
    left_pad = components(data, name="left-pad")[0]
    assert left_pad["development"] is True


def test_installed_package_text_decides_see_licence_in(repos: dict[str, Path]) -> None:
    data, _ = scan_json(repos["monorepo"])
    kit = components(data, name="@acme/fair-kit")[0]
    assert kit["licence"] == "LicenseRef-Prosperity-3.0.0"
    assert "node_modules/@acme/fair-kit/LICENSE.md" in {e["path"] for e in kit["evidence"]}
    # Installed packages are read for their metadata, never walked for headers.
    assert not any(c["scope"].startswith("node_modules") for c in data["components"])


def test_submodules_listed_and_scanned_when_checked_out(repos: dict[str, Path]) -> None:
    data, _ = scan_json(repos["monorepo"])
    commons = components(data, scope="libs/commons")[0]
    assert commons["scope_kind"] == "submodule"
    assert commons["licence"] == "LicenseRef-CoopCycle"
    assert len(commons["version"]) == 40
    unfetched = components(data, scope="libs/unfetched")[0]
    assert unfetched["licence"] == UNKNOWN
    assert "not checked out" in unfetched["evidence"][-1]["note"]


def test_rewritten_text_under_a_real_title_is_modified(repos: dict[str, Path]) -> None:
    data, _ = scan_json(repos["rewritten"])
    root = components(data, scope=".")[0]
    assert root["licence"] == MODIFIED_PREFIX + "PolyForm-Noncommercial-1.0.0"
    note = root["evidence"][0]["note"]
    assert note.startswith("modified PolyForm-Noncommercial-1.0.0: its title names it, but ")
    assert root["evidence"][0]["confidence"] < 0.9


def test_a_file_offering_a_choice_is_an_or_expression(repos: dict[str, Path]) -> None:
    data, _ = scan_json(repos["choice"])
    root = components(data, scope=".")[0]
    assert root["licence"] == "AGPL-3.0-only OR Elastic-2.0 OR SSPL-1.0"
    assert root["reciprocity"] == {
        "alternatives": [],
        "avoided_by": "AGPL-3.0-only",
        "binding": [],
        "binds": False,
        "licences": ["Elastic-2.0"],
    }


def test_reuse_toml_and_sidecars(repos: dict[str, Path]) -> None:
    data, _ = scan_json(repos["reuse"])
    root = components(data, scope=".")[0]
    assert root["licence"] == "CC-BY-NC-SA-4.0 AND MIT"
    assert components(data, scope="docs")[0]["licence"] == "CC-BY-NC-SA-4.0"
    assert components(data, scope="art/logo.png")[0]["licence"] == "PPL"


def test_dep5(repos: dict[str, Path]) -> None:
    data, _ = scan_json(repos["dep5"])
    assets = components(data, scope="assets/map.svg")[0]
    assert assets["licence"] == "PolyForm-Noncommercial-1.0.0"
    assert assets["evidence"][0]["path"] == ".reuse/dep5"


def test_published_recip_takes_precedence_and_mismatch_is_reported(
    repos: dict[str, Path],
) -> None:
    data, _ = scan_json(repos["recip"])
    root = components(data, scope=".")[0]
    assert root["licence"] == "LicenseRef-Acme-Fair-1.0"
    assert root["source"] == "recip"
    messages = [p["message"] for p in data["problems"]]
    assert (
        "the published .recip licence says LicenseRef-Acme-Fair-1.0 but the licence text "
        "reads as MIT" in messages
    )


def test_sbom_from_another_tool_maps_scancode_ids(repos: dict[str, Path]) -> None:
    data, _ = scan_json(repos["sbom"])
    assert components(data, name="fair-sdk")[0]["licence"] == "LicenseRef-Prosperity-3.0.0"
    assert components(data, name="shield-core")[0]["licence"] == (
        "LicenseRef-PolyForm-Shield-1.0.0"
    )
    assert components(data, name="fair-sdk")[0]["source"] == "sbom"


def test_sbom_given_on_the_command_line(repos: dict[str, Path]) -> None:
    sbom = repos["sbom"] / "sbom" / "bom.cdx.json"
    data, _ = scan_json(repos["rewritten"], "--sbom", str(sbom))
    assert components(data, name="fair-sdk")[0]["licence"] == "LicenseRef-Prosperity-3.0.0"


def test_plain_folder_oddities_are_problems_not_failures(repos: dict[str, Path]) -> None:
    data, _ = scan_json(repos["plain"])
    assert data["walker"] == "walk"
    assert components(data, scope=".")[0]["licence"] == "PPL"
    problems = {(p["path"], p["message"]) for p in data["problems"]}
    assert ("link-out.txt", "symbolic link to a place outside the tree; not followed") in problems
    assert ("broken/LICENSE", "binary file where text was expected") in problems
    assert not any("outside-secret" in json.dumps(c) for c in data["components"])


def test_empty_repository(repos: dict[str, Path]) -> None:
    data, _ = scan_json(repos["empty"])
    assert data["files"] == 0
    assert [c["licence"] for c in data["components"]] == [UNKNOWN]


def test_scan_is_deterministic(repos: dict[str, Path]) -> None:
    first = scan_json(repos["monorepo"])[1]
    assert scan_json(repos["monorepo"])[1] == first


def test_progress_is_reported_to_a_callback(repos: dict[str, Path]) -> None:
    seen: list[tuple[int, int]] = []
    scan(
        repos["reuse"],
        load_catalogue(),
        ScanOptions(progress=lambda done, total: seen.append((done, total))),
    )
    assert seen and seen[-1][0] == seen[-1][1]


def test_a_path_that_does_not_exist_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["scan", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


@pytest.mark.parametrize(
    ("path", "is_licence"),
    [
        ("LICENSE", True),
        ("LICENCE.md", True),
        ("COPYING.LESSER", True),
        ("LICENSE-MIT", True),
        ("LICENSE.APACHE2", True),
        ("license_agpl.txt", True),
        ("UNLICENSE", True),
        ("OSMFEULA.txt", True),
        ("LICENSES/MIT.txt", True),
        ("licenses/AGPL-3.0+SSPL-1.0+ELASTIC-LICENSE-2.0.txt", True),
        ("MIT-LICENSE", True),
        ("apache-license-2.0.txt", True),
        ("LICENSE.TXT", True),
        (".github/license-header.txt", False),
        ("art/logo.png.license", False),
        ("docs/licence_template.md", False),
        ("grammars/licence.lark", False),
        ("src/license.py", False),
        ("licenses.json", False),
        ("license-checker.js", False),
        ("LICENSES/tool.py", False),
    ],
)
def test_licence_file_names(path: str, is_licence: bool) -> None:
    from reciprocity.scan.scanner import _is_licence_file

    assert _is_licence_file(path) is is_licence


def test_ignored_composer_vendor_metadata_is_still_read(repos: dict[str, Path]) -> None:
    data, _ = scan_json(repos["polyglot"])
    (client,) = components(data, name="coopcycle/api-client", version="1.0.4")
    assert client["licence"] == "LicenseRef-CoopCycle"
    assert "php/vendor/composer/installed.json" in {e["path"] for e in client["evidence"]}
    assert client["scope"] == "php/composer.json"
