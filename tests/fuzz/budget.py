"""The budget of the property-based fuzz tests (Hypothesis): `budget(n)` settings.

CI runs each property a few dozen times, a few tens of seconds in all; set
COMMUNARD_FUZZ_EXAMPLES to run each one that many times instead, e.g.
`COMMUNARD_FUZZ_EXAMPLES=5000 pytest tests/fuzz` for a night's hunt. Nothing is
written to a Hypothesis example database (the suite leaves no files behind),
so a failure is reproduced from the falsifying example Hypothesis prints.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

LONG_RUN = int(os.environ.get("COMMUNARD_FUZZ_EXAMPLES") or 0)


def budget(examples: int) -> settings:
    """Settings for one property: `examples` runs in CI, COMMUNARD_FUZZ_EXAMPLES when set."""
    return settings(max_examples=LONG_RUN or examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture],
                    derandomize=not LONG_RUN)
