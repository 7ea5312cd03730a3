"""SPDX expressions read against the SPDX list and the catalogue, and how their choices bind."""

from __future__ import annotations

from functools import cache

import pytest

from reciprocity.catalogue import load_catalogue
from reciprocity.inventory import Choice
from reciprocity.scan.expressions import Expressions


@cache
def expressions() -> Expressions:
    return Expressions(load_catalogue())


@pytest.mark.parametrize(
    ("recorded", "expression"),
    [
        ("MIT", "MIT"),
        ("apache-2.0", "Apache-2.0"),
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("AGPL-3.0 OR SSPL-1.0 OR Elastic-2.0", "AGPL-3.0-only OR SSPL-1.0 OR Elastic-2.0"),
        ("Peer Production License", "PPL"),
        ("LicenseRef-scancode-polyform-shield-1.0.0", "LicenseRef-PolyForm-Shield-1.0.0"),
        ("LicenseRef-scancode-polyform-defensive-1.0.0", "LicenseRef-PolyForm-Shield-1.0.0"),
        ("LicenseRef-scancode-prosperity-3.0", "LicenseRef-Prosperity-3.0.0"),
        ("LicenseRef-scancode-elastic-license-v2", "Elastic-2.0"),
        ("licenseref-coopcycle", "LicenseRef-CoopCycle"),
        ("LicenseRef-Acme-Own", "LicenseRef-Acme-Own"),
        ("SEE LICENSE IN LICENSE.md", "NOASSERTION"),
        ("UNLICENSED", "NOASSERTION"),
        ("BSD-like", "NOASSERTION"),
        (None, "NOASSERTION"),
    ],
)
def test_normalise(recorded: str | None, expression: str) -> None:
    assert expressions().normalise(recorded).expression == expression


def test_unknown_text_is_quoted_in_the_note() -> None:
    note = expressions().normalise("BSD-like").note
    assert note == "recorded as 'BSD-like'; not a known licence: BSD-like"


@pytest.mark.parametrize(
    ("expression", "choice"),
    [
        ("MIT", None),
        ("MIT OR Apache-2.0", None),
        ("PPL", Choice(("PPL",), None, ("PPL",))),
        ("PPL AND MIT", Choice(("PPL",), None, ("PPL",))),
        (
            "AGPL-3.0-only OR SSPL-1.0 OR Elastic-2.0",
            Choice((), "AGPL-3.0-only", ("Elastic-2.0",)),
        ),
        (
            "(PPL OR LicenseRef-CoopCycle) AND MIT",
            Choice(
                (),
                None,
                ("LicenseRef-CoopCycle", "PPL"),
                (("LicenseRef-CoopCycle",), ("PPL",)),
            ),
        ),
        (
            "(BUSL-1.1 OR MIT) AND (BUSL-1.1 OR Apache-2.0)",
            Choice((), "Apache-2.0 AND MIT", ("BUSL-1.1",)),
        ),
        ("PPL OR NOASSERTION", Choice((), None, ("PPL",), ((), ("PPL",)))),
    ],
)
def test_choice(expression: str, choice: Choice | None) -> None:
    assert expressions().choice(expression) == choice
    if choice is not None:
        assert choice.binds == (choice.avoided_by is None)


def test_combine_sorts_and_simplifies() -> None:
    assert expressions().combine(["PPL", "MIT", "PPL"], "AND") == "MIT AND PPL"
    assert expressions().combine([], "AND") == "NOASSERTION"


def test_same_compares_meaning_not_just_ids() -> None:
    assert expressions().same("MIT OR PPL", "PPL OR MIT")
    assert not expressions().same("MIT OR PPL", "MIT AND PPL")
    assert expressions().keys("(PPL OR MIT) AND Apache-2.0") == {"PPL", "MIT", "Apache-2.0"}
