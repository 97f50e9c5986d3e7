"""Every `WORKBENCH_*` environment variable the package reads, declared and read in one place.

A setting is read when it is needed, not at import, so a notebook that sets one before connecting
(or a test that sets one) is heard. docs/development.md lists them from `SETTINGS`.
"""

from __future__ import annotations

import os

# name -> what it sets (the default in brackets). Tests check each is documented.
SETTINGS: dict[str, str] = {
    "WORKBENCH_DB": "the database file (the project's .workbench/workbench.duckdb)",
    "WORKBENCH_MEMORY_LIMIT": "how much memory DuckDB may use, e.g. 4GB or 30% (half the RAM)",
    "WORKBENCH_IMPORTS": "the default database's import store (imports/ beside it); others keep their own",
    "WORKBENCH_KEY_FILE": "the pseudonym key file (pseudonym.key in the user config folder)",
    "WORKBENCH_WORKSPACE": "the analysts' working copies of the notebooks (workspace/)",
    "WORKBENCH_DASHBOARD_MODE": "internal or publish, for a dashboard kernel (set by workbench dashboard)",
    "WORKBENCH_EXPORT_DIR": "where the dashboard's Xuất hình writes (out/)",
}


def setting(name: str) -> str | None:
    """The value of a declared setting, or None when it is unset or empty."""
    if name not in SETTINGS:
        raise KeyError(f"{name} is not a declared setting; declared: {', '.join(SETTINGS)}")
    return os.environ.get(name) or None
