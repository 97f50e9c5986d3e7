"""The marks of releases this process settled, remembered.

The same release asked again of the same records, with the same register and k (the pack in the
other language, a notebook run twice on a fresh copy, a dashboard redrawn after its register was
emptied), is the same audit: on the sample data the 2016-2024 briefing pack takes about twenty
seconds to settle, nearly all of it the audit's programmes. `_withhold.settle` is a function of what
the key holds: the records' version (every count the audit reads is computed from what it hashes),
the years a table may list, k, each new cell (its box, its exact count, the mark its tables gave it,
whether it is a total) in the order given, and each earlier cell (its box, mark and number) in the
register's order. Only settled marks are kept; a refusal (an audit past its time) is never kept, so
it is tried again. Kept in this process only, never written anywhere: nothing of it outlives the
process, and it says nothing a publish-mode object could carry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ._memory import Memory

if TYPE_CHECKING:
    from ._publish_tables import Cell
    from ._release import Box, Released

SETTLED_KEPT = 64  # releases remembered, the least recently asked forgotten first
_SETTLED = Memory()  # digest of a release -> each cell's mark


def release_key(
    engine, new: Mapping[str, Cell], seeded: Mapping[str, str], earlier: Mapping[str, Released], k: int
) -> bytes | None:
    """The key of a release (see the module's docstring): `seeded`, each new cell's mark from its
    tables. None for an engine without a version of its records (the tests' made-up grids), whose
    releases are never remembered."""
    version = getattr(engine, "version", None)
    if version is None:
        return None
    digest = hashlib.blake2b(digest_size=32)

    def add(*parts: object) -> None:
        digest.update(json.dumps(parts, separators=(",", ":"), default=repr).encode() + b"\0")

    # the version first: it reads the records, which sets the years the tables may list
    add("records", version(), bool(engine.national), list(engine.years), list(engine.event_years), int(k))
    for key, cell in new.items():
        exact = None if cell.exact is None else int(cell.exact)
        add("new", key, _box(cell.box), seeded[key], bool(cell.margin), exact)
    for key, was in earlier.items():
        value = None if was.value is None else int(was.value)
        add("earlier", key, _box(was.box), was.status, value, was.release)
    return digest.digest()


def _box(box: Box) -> list:
    def listed(values) -> list | None:
        return None if values is None else sorted(values, key=repr)

    return [
        box.family,
        listed(box.areas),
        listed(box.years),
        listed(box.cats),
        listed(box.statuses),
        box.measure,
    ]


def recall(key: bytes | None) -> dict[str, str] | None:
    """The marks settled for `key` (a copy), or None."""
    known = None if key is None else _SETTLED.recall(key)
    return None if known is None else dict(known)


def remember(key: bytes | None, statuses: Mapping[str, str]) -> None:
    if key is not None:
        _SETTLED.keep(key, dict(statuses), SETTLED_KEPT)


def forget() -> None:
    """Forget every release settled (the tests that change how the audit works call it)."""
    _SETTLED.forget()
