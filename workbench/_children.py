"""Child processes (JupyterLab, Voilà) stopped cleanly on every platform: the stops this process
receives are passed on — the same signal on POSIX, CTRL_BREAK_EVENT to the child's own process group
on Windows, which has no SIGTERM to send."""

from __future__ import annotations

import os
import signal
import subprocess


def windows() -> bool:
    return os.name == "nt"


def forwarded_signals() -> tuple[int, ...]:
    """The stops passed on to the child. Windows has no SIGTERM to send nor SIGHUP: Ctrl+C, and
    Ctrl+Break or the console window closed (SIGBREAK), are what reach the command there."""
    if windows():
        return (signal.SIGINT, signal.SIGBREAK)  # type: ignore[attr-defined]  # Windows only
    return (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def own_group() -> dict:
    """Popen options putting the child in a process group of its own on Windows, the one way to
    send it CTRL_BREAK_EVENT alone (and Ctrl+C in the console then reaches it only through us)."""
    return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if windows() else {}  # type: ignore[attr-defined]


def pass_stop(child: subprocess.Popen, signum: int) -> None:
    """A stop received, passed on to a running child: the same signal on POSIX, CTRL_BREAK_EVENT
    on Windows (JupyterLab and Voilà end, and their kernels with them)."""
    if child.poll() is None:
        child.send_signal(signal.CTRL_BREAK_EVENT if windows() else signum)  # type: ignore[attr-defined]
