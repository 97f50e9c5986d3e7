"""Revisions of the victim data between releases (docs/releases.md, "Revisions").

Releases are keyed by a *version* of the victim data: a hash of what victim and support counts are
computed from, and of nothing else, so an events-only import or a rebuild that leaves the records as
they were keeps every earlier release in the audit. After an import of victim records an earlier
release's cell still *holds* when what it showed (its number, '<k', 'x') is true of the records now:
it is then a statement about these data like any other and joins the audit. One that no longer
holds is revised: its old number beside a new table would give the change away, so publish mode
refuses (`refuse`) until the analyst starts a new edition of the register.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ._disclosure import PRIMARY, PUBLISHED, refusal
from ._release import HIDDEN, Released


def frame_digest(frame: pd.DataFrame) -> bytes:
    """The rows of `frame` as one digest, in order (a stable hash per row, the same in every
    process); lists (multi-valued breakdowns) as their items."""

    def text(value) -> str:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return "\x00"
        if not isinstance(value, str) and hasattr(value, "__len__"):
            return "\x1f".join(map(str, value))
        return str(value)

    shown = pd.DataFrame({column: frame[column].map(text) for column in frame.columns}, index=frame.index)
    rows = pd.util.hash_pandas_object(shown, index=False).to_numpy()
    return ",".join(map(str, frame.columns)).encode() + rows.tobytes()


def holds(cell: Released, count: int, k: int) -> bool:
    """Whether what an earlier release showed of `cell` is true of a count of `count` now."""
    if cell.status == HIDDEN:  # shown with no bound: it says nothing
        return True
    if cell.status == PUBLISHED:
        return count == cell.value
    if cell.status == PRIMARY:
        return count < k
    return count >= k  # 'x': withheld to protect another cell, never below k itself


def refuse(revised: Sequence[Released], db_path: Path, lang: str = "vi") -> None:
    """Nothing released beside earlier releases the victim data no longer agree with: their
    difference with a new table would give the change away (who an import added, and where). The
    refusal in `lang`."""
    if not revised:
        return
    # Which releases, and how many of their counts, is left out: with a change known to its reader
    # (one victim added in a district and year), it would tell which earlier '<k' crossed k.
    raise refusal("publish_revised", {"db": str(db_path)}, lang)
