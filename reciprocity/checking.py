"""The whole of ``check``: scan a tree, read its declaration, evaluate, and compare with a base.

The CLI and the GitHub Action both call :func:`check_tree`, so a pull request and a terminal
get the same result from the same steps.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reciprocity.declaration.loader import DECLARATION_FILE
from reciprocity.errors import DiagnosedError, Diagnostic

if TYPE_CHECKING:
    from reciprocity.declaration.model import Declaration
    from reciprocity.evaluation.engine import Evaluator
    from reciprocity.evaluation.result import CheckResult
    from reciprocity.scan.registries import Registries


@dataclass(frozen=True, kw_only=True)
class CheckRequest:
    """What to check: a folder, its declaration, and the revision a change starts from."""

    path: Path
    declaration: Path | None = None
    """The declaration; None means ``path/reciprocity.yml`` when it exists."""
    base: str | None = None
    """Report only what changed since this git revision."""
    extra_licences: tuple[Path, ...] = ()
    sboms: tuple[Path, ...] = ()
    registries: Registries | None = None


def shown_path(path: Path) -> str:
    """``path`` as a relative POSIX path from the working folder when it lies below it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return path.as_posix()


def check_tree(
    request: CheckRequest, engine: Evaluator, warn: Callable[[Diagnostic], None]
) -> CheckResult:
    """Scan, read the declaration, evaluate; with a base, keep what changed since it.

    ``warn`` receives the declaration's warnings (unknown fields); errors are raised.
    """
    declaration_path = request.declaration
    if declaration_path is None and (request.path / DECLARATION_FILE).is_file():
        declaration_path = request.path / DECLARATION_FILE
    declaration = _load(declaration_path, warn) if declaration_path is not None else None
    head = _evaluate(request.path, declaration, request, engine)
    head = dataclasses.replace(head, root=shown_path(request.path))
    if request.base is None:
        return head
    from reciprocity.evaluation.diff import changes_since
    from reciprocity.scan.gitrepo import tree_at

    with tree_at(request.path, request.base) as old_path:
        old_declaration = _base_declaration(request.path, old_path, declaration_path, declaration)
        base = _evaluate(old_path, old_declaration, request, engine)
    return changes_since(base, head, request.base)


def _load(path: Path, warn: Callable[[Diagnostic], None]) -> Declaration:
    from reciprocity.declaration import load_declaration

    declaration, warnings = load_declaration(path, shown=shown_path(path))
    for warning in warnings:
        warn(warning)
    return declaration


def _evaluate(
    path: Path, declaration: Declaration | None, request: CheckRequest, engine: Evaluator
) -> CheckResult:
    from reciprocity.scan.scanner import ScanOptions, scan

    options = ScanOptions(
        extra_licences=request.extra_licences,
        sboms=request.sboms,
        registries=request.registries,
    )
    inventory = scan(path, engine.catalogue, options)
    if declaration is None:
        return engine.without_declaration(inventory)
    return engine.evaluate(declaration, inventory)


def _base_declaration(
    path: Path, old_path: Path, current: Path | None, declaration: Declaration | None
) -> Declaration | None:
    """The declaration as the base had it, when it lies in the repository; else today's.

    A declaration the base lacked, or could not read, counts as none: everything it now
    declares is then new.
    """
    if current is None:
        return None
    from reciprocity.declaration import load_declaration

    try:
        inside = current.resolve().relative_to(path.resolve())
    except ValueError:
        return declaration
    old = old_path / inside
    if not old.is_file():
        return None
    try:
        return load_declaration(old, shown=shown_path(current))[0]
    except DiagnosedError:
        return None
