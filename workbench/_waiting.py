"""What a release tells the command line while it makes an analyst wait: for the register another
workbench process holds, and for its own audit, which can take minutes.

Its own module, so that the command line sets who hears it without importing the register (and
pandas with it) before it knows whether the command will release anything."""

from __future__ import annotations

import contextlib
import contextvars
import threading
import time
from collections.abc import Callable, Iterator

# Called with a key of `_words.REGISTER_WAIT` and its fields. The command line sets it to print at
# once (a silent wait reads as a hang); None: wait silently (notebooks show their own busy mark).
WAIT_REPORTER: contextvars.ContextVar[Callable[[str, dict], None] | None] = contextvars.ContextVar(
    "wait_reporter", default=None
)

# An audit shorter than this says nothing; a longer one says it is working, then again at every
# `AUDIT_TELL_EVERY` seconds, and when it is done. Elapsed time only: how many cells it withheld on
# the way is no one's business before the release is recorded (docs/releases.md, Limits 8).
AUDIT_TELL_AFTER = 5.0
AUDIT_TELL_EVERY = 30.0


@contextlib.contextmanager
def told_while_audited(cells: int) -> Iterator[None]:
    """Around the audit of a release of `cells` new cells: `workbench figures` for one district was
    silent for two and a half minutes and was taken for hung."""
    report = WAIT_REPORTER.get()
    if report is None:
        yield
        return
    finished = threading.Event()
    started = time.monotonic()
    told: list[bool] = []

    def watch() -> None:
        wait = AUDIT_TELL_AFTER
        while not finished.wait(wait):
            seconds = round(time.monotonic() - started)
            report("auditing" if not told else "still_auditing", {"cells": cells, "seconds": seconds})
            told.append(True)
            wait = AUDIT_TELL_EVERY

    watcher = threading.Thread(target=watch, name="audit-progress", daemon=True)
    watcher.start()
    try:
        yield
    finally:  # an audit refused or interrupted says so itself: "done" only when it is
        finished.set()
        watcher.join()
    if told:
        report("audited", {"seconds": round(time.monotonic() - started)})
