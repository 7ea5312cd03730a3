"""The built wheel carries the grammar and the catalogue, and finds them once installed."""

from __future__ import annotations

import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (built,) = out.glob("reciprocity-*.whl")
    return built


@pytest.mark.slow
def test_wheel_contains_grammars_and_licences(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "reciprocity/grammars/licence.lark" in names
    for path in sorted(
        [*(ROOT / "licences").rglob("*.recip"), *(ROOT / "licences" / "texts").glob("*.txt")]
    ):
        assert f"reciprocity/{path.relative_to(ROOT).as_posix()}" in names


@pytest.mark.slow
def test_installed_wheel_finds_its_data(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # The dependencies come from the test environment, added as plain paths: its .pth files
    # (among them the editable install of this checkout) are not processed.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "test-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
    )
    code = (
        "import reciprocity.resources as r, reciprocity.catalogue as c;"
        "print(r.data_folder('licences'));"
        "print(len(c.load_catalogue().licences()))"
    )
    result = subprocess.run(
        [str(python), "-c", code], check=True, capture_output=True, text=True, cwd=tmp_path
    )
    folder, count = result.stdout.splitlines()
    assert "site-packages/reciprocity/licences" in folder
    assert int(count) == len(list((ROOT / "licences").glob("*.recip")))
