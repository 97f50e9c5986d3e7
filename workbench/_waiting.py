"""Who is told that a release waits for the register another workbench process holds.

Its own module, so that the command line sets it without importing the register (and pandas with
it) before it knows whether the command will release anything."""

from __future__ import annotations

import contextvars
from collections.abc import Callable

# Called with "waiting" or "acquired" and the fields of those words (`_words.REGISTER_WAIT`). The
# command line sets it to print at once (a silent wait reads as a hang); None: wait silently.
WAIT_REPORTER: contextvars.ContextVar[Callable[[str, dict], None] | None] = contextvars.ContextVar(
    "wait_reporter", default=None
)
