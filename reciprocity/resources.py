"""Find the data folders that ship with reciprocity: ``grammars/`` and ``licences/``.

In the repository they sit at the top level; a built wheel carries them inside the package
(``reciprocity/grammars``, ``reciprocity/licences``). An editable install has no copy in the
package, so the loader asks the installed distribution where its project lives (the PEP 610
``direct_url.json`` that pip writes for every editable install). Both paths go through
:func:`data_folder`, the only place that knows about either layout.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Mapping
from importlib import metadata, resources
from pathlib import Path
from urllib.parse import unquote, urlparse

from reciprocity.errors import ReciprocityError

DATA_FOLDERS = ("grammars", "licences")


class DataNotFoundError(ReciprocityError):
    """The package's own data folders could not be found: the installation is broken."""


def _packaged(name: str) -> Path | None:
    candidate = resources.files("reciprocity") / name
    if candidate.is_dir():
        return Path(str(candidate))
    return None


def _editable_project_root() -> Path | None:
    try:
        distribution = metadata.distribution("reciprocity")
    except metadata.PackageNotFoundError:
        return None
    raw = distribution.read_text("direct_url.json")
    if not raw:
        return None
    try:
        direct_url = json.loads(raw)
    except json.JSONDecodeError:
        return None
    if not direct_url.get("dir_info", {}).get("editable"):
        return None
    url = urlparse(direct_url.get("url", ""))
    if url.scheme != "file":
        return None
    return Path(unquote(url.path))


@functools.cache
def data_folder(name: str) -> Path:
    """Return the folder holding the named data (``grammars`` or ``licences``)."""
    if name not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {name!r}")
    packaged = _packaged(name)
    if packaged is not None:
        return packaged
    root = _editable_project_root()
    if root is not None and (root / name).is_dir():
        return root / name
    raise DataNotFoundError(
        f"reciprocity's {name}/ folder was not found; reinstall the package "
        "(pip install reciprocity, or pip install -e . from a clone of the repository)"
    )


def user_cache_dir(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    home: Path | None = None,
) -> Path:
    """Where reciprocity keeps caches (registry answers, the built parser), per platform."""
    env = os.environ if environ is None else environ
    system = sys.platform if platform is None else platform
    user = Path.home() if home is None else home
    if system.startswith("win"):
        local = env.get("LOCALAPPDATA")
        base = Path(local) if local else user / "AppData" / "Local"
        return base / "reciprocity" / "Cache"
    if system == "darwin":
        return user / "Library" / "Caches" / "reciprocity"
    # The XDG specification says a relative XDG_CACHE_HOME is invalid and must be ignored.
    xdg = env.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else user / ".cache"
    return base / "reciprocity"
