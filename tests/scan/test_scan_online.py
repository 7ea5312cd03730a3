"""`--online` fills unknown licences from registries (recorded answers, no network), and
repository oddities become problems in the inventory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests

from reciprocity.catalogue import load_catalogue
from reciprocity.inventory import UNKNOWN, Inventory
from reciprocity.scan import tree
from reciprocity.scan.registries import Registries
from reciprocity.scan.scanner import ScanOptions, scan
from tests.scan.repos import build_recip, build_rewritten
from tests.scan.test_registries import FakeSession, recorded

REQUESTS = "https://pypi.org/pypi/requests/2.32.3/json"


def scan_with(root: Path, session: FakeSession, cache: Path) -> Inventory:
    registries = Registries(session, cache_dir=cache, sleep=lambda _: None, clock=lambda: 0.0)
    return scan(root, load_catalogue(), ScanOptions(registries=registries))


def test_online_fills_an_unknown_licence_with_its_source(tmp_path: Path) -> None:
    root = build_recip(tmp_path)
    session = FakeSession({REQUESTS: recorded("pypi-requests-2.32.3.json")})
    inventory = scan_with(root, session, tmp_path / "cache")
    (requests_component,) = [c for c in inventory.components if c.name == "requests"]
    assert requests_component.licence == "Apache-2.0"
    registry = requests_component.evidence[-1]
    assert (registry.kind, registry.note) == ("registry", f"from {REQUESTS}")
    # Only the package's name and version left the machine.
    assert [call[0] for call in session.calls] == [REQUESTS]


def test_network_down_leaves_licences_unknown_and_says_why_once(tmp_path: Path) -> None:
    root = build_recip(tmp_path)
    down = requests.exceptions.ConnectionError("Name or service not known")
    inventory = scan_with(root, FakeSession({REQUESTS: down}), tmp_path / "cache")
    (requests_component,) = [c for c in inventory.components if c.name == "requests"]
    assert requests_component.licence == UNKNOWN
    messages = [p.message for p in inventory.problems if "left unknown" in p.message]
    assert len(messages) == 1
    assert messages[0].startswith("licence left unknown for requests: ")


def test_an_unreadable_file_is_a_problem_and_the_scan_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_rewritten(tmp_path)
    real_open = os.open

    def refusing(path: str, flags: int, *args: int) -> int:
        if str(path).endswith("README.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refusing)
    inventory = scan(root, load_catalogue())
    assert ("README.md", "cannot be read: Permission denied") in {
        (p.path, p.message) for p in inventory.problems
    }
    assert inventory.components[0].licence.startswith("LicenseRef-reciprocity-modified-")


def test_no_file_is_read_past_the_cap(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"x" * 5000)
    content = tree.read_whole(tmp_path, "big.txt", limit=1000)
    assert content is not None
    assert (len(content.data), content.truncated) == (1000, True)


def test_links_out_of_a_git_tree_are_never_read(tmp_path: Path) -> None:
    from tests.scan.repos import commit_all, text, write

    outside = tmp_path / "outside"
    write(outside, {"LICENSE": text("habitat-ppl.txt")})
    root = tmp_path / "project"
    write(root, {"LICENSE": text("mit-example.txt"), "docs/LICENSE": text("mit-example.txt")})
    commit_all(root)
    # After git listed them: an untracked link, and a tracked folder turned into a link.
    os.symlink(outside / "LICENSE", root / "COPYING")
    for name in os.listdir(root / "docs"):
        os.remove(root / "docs" / name)
    os.rmdir(root / "docs")
    os.symlink(outside, root / "docs")
    inventory = scan(root, load_catalogue())
    assert [c.licence for c in inventory.components] == ["MIT"]
    assert {(p.path, p.message) for p in inventory.problems} == {
        ("COPYING", tree.OUTSIDE),
        ("docs", tree.OUTSIDE),
    }


GO_MOD = """module example.com/fair

go 1.22

require (
	github.com/spf13/cobra v1.8.0
	golang.org/x/text v0.14.0 // indirect
)
"""


def test_online_fills_a_go_module_from_github(tmp_path: Path) -> None:
    from tests.scan.repos import write
    from tests.scan.test_registries import COBRA

    root = tmp_path / "fair"
    write(root, {"go.mod": GO_MOD})
    session = FakeSession({COBRA: recorded("github-spf13-cobra-v1.8.0.json")})
    inventory = scan_with(root, session, tmp_path / "cache")
    licences = {c.name: c.licence for c in inventory.components if c.ecosystem == "golang"}
    assert licences == {"github.com/spf13/cobra": "Apache-2.0", "golang.org/x/text": UNKNOWN}
    (cobra,) = [c for c in inventory.components if c.name == "github.com/spf13/cobra"]
    assert (cobra.evidence[-1].kind, cobra.evidence[-1].note) == ("registry", f"from {COBRA}")
    assert session.urls == [COBRA]
    assert [p.message for p in inventory.problems] == [
        "licence left unknown for golang.org/x/text: "
        "no registry lookup for Go modules outside github.com"
    ]
