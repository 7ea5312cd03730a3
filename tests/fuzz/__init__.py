"""Fuzzing with hypothesis: whatever the input, reciprocity answers or explains, never crashes.

The suite runs in CI on a fixed set of examples (``derandomize``, no example database), so a
run is reproducible and quick. A longer hunt explores new random inputs each run::

    RECIPROCITY_FUZZ_EXAMPLES=5000 pytest tests/fuzz

hypothesis then prints the smallest failing input (and a ``@reproduce_failure`` line). Fix
the code, and keep that input as an ``@example`` on the test or, where the message matters,
as a ``fuzz-*`` golden pair in ``tests/data/licences/invalid`` or
``tests/data/declarations/invalid``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

EXAMPLES_VARIABLE = "RECIPROCITY_FUZZ_EXAMPLES"


def fuzz_settings(examples: int) -> settings:
    """Settings for one fuzz test: ``examples`` in CI, or the count asked for in the environment."""
    wanted = os.environ.get(EXAMPLES_VARIABLE, "").strip()
    hunting = wanted.isdigit() and int(wanted) > 0
    if hunting:
        # New inputs each run; a failure prints its input and how to replay it.
        return settings(parent=_COMMON, max_examples=int(wanted), print_blob=True)
    # CI sees the same inputs every run.
    return settings(parent=_COMMON, max_examples=examples, derandomize=True)


_COMMON = settings(
    # No example database: nothing is written into the repository, nothing read from it.
    database=None,
    deadline=None,
    # Whole licences are large inputs, and the first example pays for building the parser.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
