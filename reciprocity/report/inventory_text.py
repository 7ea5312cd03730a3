"""The inventory for a person at a terminal: what binds first, then the rest, then problems."""

from __future__ import annotations

from reciprocity.inventory import MODIFIED_PREFIX, UNKNOWN, Component, Evidence, Inventory


def render(inventory: Inventory, *, verbose: bool = False) -> str:
    """Return the inventory as text; evidence is shown for what matters unless ``verbose``."""
    bound = [c for c in inventory.components if c.choice is not None and c.choice.binds]
    avoidable = [c for c in inventory.components if c.choice is not None and not c.choice.binds]
    modified = [
        c for c in inventory.components if c.choice is None and MODIFIED_PREFIX in c.licence
    ]
    unknown = [c for c in inventory.components if c.choice is None and c.licence == UNKNOWN]
    others = [
        c
        for c in inventory.components
        if c.choice is None and c.licence != UNKNOWN and MODIFIED_PREFIX not in c.licence
    ]
    lines = [
        f"{inventory.root}: {inventory.files_seen:,} files listed by {inventory.walker}, "
        f"{len(inventory.components)} components",
        "",
    ]
    sections = [
        ("Under a reciprocity licence", bound, True),
        ("A choice avoids the reciprocity licence", avoidable, True),
        ("Modified licence texts: read them, they are not the licence they name", modified, True),
        ("Licence unknown", unknown, verbose),
        ("Other licences", others, verbose),
    ]
    for title, components, with_evidence in sections:
        if not components:
            continue
        lines.append(f"{title} ({len(components)})")
        for component in components:
            lines.extend(_component(component, with_evidence))
        lines.append("")
    if inventory.problems:
        lines.append(f"Problems ({len(inventory.problems)})")
        for problem in inventory.problems:
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path or "."
            lines.append(f"  {where}: {problem.message}")
        lines.append("")
    lines.append(
        f"{len(bound)} bound by a reciprocity licence, {len(avoidable)} avoidable by a choice, "
        f"{len(modified)} modified, {len(unknown)} unknown."
    )
    return "\n".join(lines) + "\n"


def _component(component: Component, with_evidence: bool) -> list[str]:
    version = f" {component.version}" if component.version else ""
    dev = " (development)" if component.development else ""
    lines = [
        f"  {component.licence}",
        f"      {component.scope_kind.value} {component.scope}: {component.name}{version}{dev}",
    ]
    choice = component.choice
    if choice is not None and choice.avoided_by:
        lines.append(f"      choose {choice.avoided_by} to avoid {', '.join(choice.reciprocity)}")
    elif choice is not None and choice.alternatives:
        options = " or ".join(", ".join(a) or "an unknown licence" for a in choice.alternatives)
        lines.append(f"      one of these binds: {options}")
    if with_evidence:
        lines.extend(f"      {_evidence(e)}" for e in component.evidence)
    return lines


def _evidence(evidence: Evidence) -> str:
    where = evidence.path or "(outside the tree)"
    if evidence.line:
        where += f":{evidence.line}"
    detail = evidence.note or evidence.text
    return f"{where}: {detail}" if detail else where
