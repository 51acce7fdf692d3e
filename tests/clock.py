"""The suite's one clock: no test reads the real date.

Every crawl a test starts is pinned with ``-s ABPLIVE_TODAY=TODAY``. Dates of test data are either the local
site copy's (it was captured on ``CAPTURED_ON``; its pages carry fixed dates) or derived from ``TODAY``.
``ABPLIVE_TEST_TODAY=YYYY-MM-DD`` moves ``TODAY``: ``make test`` runs the crawl suites once more a year ahead,
which is what the suite will meet when it is run a year from now.
"""

from __future__ import annotations

import os
from datetime import date

CAPTURED_ON = date(2026, 11, 26)
TODAY = date.fromisoformat(os.environ.get("ABPLIVE_TEST_TODAY") or CAPTURED_ON.isoformat())
PINNED_SETTING = {"ABPLIVE_TODAY": TODAY.isoformat()}
PINNED = ("-s", f"ABPLIVE_TODAY={TODAY.isoformat()}")


def days_back_to(day: date) -> int:
    """``ABPLIVE_SINCE_DAYS`` for a default window that starts on ``day``."""
    return (TODAY - day).days
