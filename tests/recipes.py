"""Bad inputs too large or too odd to keep as files, written out from a small TOML recipe.

A case ``NAME.recip.toml`` (or ``NAME.yml.toml``) stands for the file ``NAME.recip`` (or
``NAME.yml``) made of its parts in order, so a 10 MB licence or a condition nested 5,000 deep
is still one data file beside its expected message::

    # What the case shows, in a comment.
    [[part]]
    text = "licence LicenseRef-Test {\\n"   # UTF-8 text...
    [[part]]
    text = "("
    times = 5000                            # ...repeated
    [[part]]
    file = "licences/PPL.recip"             # a file of the project...
    head = 4000                             # ...or only its first bytes
    [[part]]
    hex = "ff fe"                           # raw bytes

The suffix before ``.toml`` names the kind of file the case stands for.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SUFFIX = ".toml"


def is_recipe(path: Path) -> bool:
    return path.name.endswith(SUFFIX)


def case_name(path: Path) -> str:
    """The name of the file a case stands for: ``huge.recip.toml`` → ``huge.recip``."""
    return path.name.removesuffix(SUFFIX) if is_recipe(path) else path.name


def case_stem(path: Path) -> str:
    """The case's name without suffixes, which its expected message shares."""
    return case_name(path).rsplit(".", 1)[0]


def case_bytes(path: Path) -> bytes:
    """The bytes of the file a case stands for (a plain case is its own bytes)."""
    if not is_recipe(path):
        return path.read_bytes()
    recipe = tomllib.loads(path.read_text(encoding="utf-8"))
    chunks: list[bytes] = []
    for part in recipe["part"]:
        if "text" in part:
            chunk = str(part["text"]).encode("utf-8")
        elif "hex" in part:
            chunk = bytes.fromhex(str(part["hex"]))
        else:
            chunk = (PROJECT / str(part["file"])).read_bytes()
            if "head" in part:
                chunk = chunk[: int(part["head"])]
        chunks.append(chunk * int(part.get("times", 1)))
    return b"".join(chunks)


def write_case(path: Path, folder: Path) -> Path:
    """Write the file a case stands for into ``folder``; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / case_name(path)
    target.write_bytes(case_bytes(path))
    return target
