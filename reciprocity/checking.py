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
from reciprocity.errors import DiagnosedError, Diagnostic, ReciprocityError, SourceError
from reciprocity.vocabulary import Label

if TYPE_CHECKING:
    from reciprocity.declaration.model import Declaration
    from reciprocity.evaluation.engine import Evaluator
    from reciprocity.evaluation.result import CheckResult
    from reciprocity.scan.gitrepo import RevisionTree
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
    """``path`` relative to the working folder when it lies below it, else absolute (POSIX).

    Reports that point into a repository (SARIF, annotations) need paths from its root; a
    path climbing out of it (``../other``) would mean nothing there.
    """
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return absolute.as_posix()


def check_tree(
    request: CheckRequest, engine: Evaluator, warn: Callable[[Diagnostic], None]
) -> CheckResult:
    """Scan, read the declaration, evaluate; with a base, keep what changed since it.

    ``warn`` receives the declaration's warnings (unknown fields); errors are raised.
    """
    from reciprocity.scan.gitrepo import is_bare

    if is_bare(request.path):
        # Its files, the declaration among them, are not on disk: a verdict without the
        # declaration would be wrong, so none is given.
        raise SourceError(
            f"{shown_path(request.path)}: is a bare repository, whose declaration is not on "
            "disk; check a clone of it (`git clone` it first)"
        )
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

    unusable: tuple[Label, ...] = ()
    with tree_at(request.path, request.base) as revision:
        old_path = revision.counterpart(request.path)
        assert old_path is not None
        # A folder this change creates was an empty one at the base.
        old_path.mkdir(parents=True, exist_ok=True)
        old_declaration = _base_declaration(revision, declaration_path, declaration)
        try:
            base = _evaluate(old_path, old_declaration, request, engine)
        except ReciprocityError as error:
            # A base that cannot be evaluated (the declaration this change repairs) is taken
            # as declaring nothing: everything declared now counts as new.
            base = _evaluate(old_path, None, request, engine)
            unusable = (base_unusable(request.base, error),)
    result = changes_since(base, head, request.base)
    return dataclasses.replace(result, notes=(*unusable, *result.notes))


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
    revision: RevisionTree, current: Path | None, declaration: Declaration | None
) -> Declaration | None:
    """The declaration as the base had it, when it lies in the repository; else today's.

    A declaration the base lacked, or could not read, counts as none: everything it now
    declares is then new.
    """
    if current is None:
        return None
    from reciprocity.declaration import load_declaration

    old = revision.counterpart(current)
    if old is None:
        return declaration
    if not old.is_file():
        return None
    try:
        return load_declaration(old, shown=shown_path(current), repository=revision.copy)[0]
    except ReciprocityError:
        return None


def base_unusable(revision: str, error: ReciprocityError) -> Label:
    """A note: the base's declaration could not be evaluated, so nothing counted as declared."""
    if isinstance(error, DiagnosedError) and error.errors:
        first = error.errors[0]
        reason = f"{first.source}:{first.line}: {first.message}"
    else:
        reason = str(error).splitlines()[0]
    return Label(
        f"The declaration at {revision} could not be evaluated ({reason}); every use it "
        "declares now counts as new",
        f"La déclaration à {revision} n'a pas pu être évaluée ({reason}) ; chaque usage "
        "qu'elle déclare maintenant compte comme nouveau",
    )
