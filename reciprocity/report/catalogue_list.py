"""The catalogue as a table for people, or as JSON for programs."""

from __future__ import annotations

import json

from reciprocity import model as m
from reciprocity.catalogue import Catalogue


def _row(licence: m.Licence) -> dict[str, object]:
    return {
        "id": licence.id,
        "name": licence.meta.name.value if licence.meta.name else None,
        "version": licence.meta.version.value if licence.meta.version else None,
        "rules": [rule.name for rule in licence.rules],
        "source": licence.source,
    }


def render_text(catalogue: Catalogue) -> str:
    """Render one licence per line (id, name), then the codes social."""
    licences = catalogue.licences()
    width = max((len(licence.id) for licence in licences), default=0)
    lines = [
        f"{licence.id:<{width}}  {licence.meta.name.value if licence.meta.name else ''}"
        for licence in licences
    ]
    codes = catalogue.codes_social()
    if codes:
        lines.extend(["", "Codes social:"])
        lines.extend(
            f"  {terms.name} (for {terms.licence.id}): "
            f"{terms.meta.name.value if terms.meta.name else ''}"
            for terms in codes
        )
    return "\n".join(lines) + "\n"


def render_json(catalogue: Catalogue) -> str:
    """Render the catalogue as sorted JSON."""
    data = {
        "licences": [_row(licence) for licence in catalogue.licences()],
        "codes_social": [
            {
                "name": terms.name,
                "licence": terms.licence.id,
                "title": terms.meta.name.value if terms.meta.name else None,
                "rules": [rule.name for rule in terms.rules],
                "source": terms.source,
            }
            for terms in catalogue.codes_social()
        ],
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
