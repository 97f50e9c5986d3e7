"""`workbench lab` and `workbench dashboard` stop their child on Windows as on POSIX: started in a
process group of its own, sent CTRL_BREAK_EVENT when Ctrl+C or Ctrl+Break reaches the command
(Windows has no SIGTERM to send). The Windows branch, run here with Windows' names monkeypatched in."""

from __future__ import annotations

import signal
import subprocess
from typing import ClassVar

import pytest

from workbench import _children, _dashboard_serve, _lab

SIGBREAK, CTRL_BREAK_EVENT, CREATE_NEW_PROCESS_GROUP = 21, 1, 0x200


class FakeChild:
    """A child that, while the command waits on it, receives the stop `during_wait` delivers."""

    instances: ClassVar[list[FakeChild]] = []

    def __init__(self, command, **options):
        self.command, self.options, self.sent, self.running = command, options, [], True
        FakeChild.instances.append(self)

    def poll(self):
        return None if self.running else 0

    def send_signal(self, signum):
        self.sent.append(signum)
        self.running = False

    def terminate(self):
        self.send_signal(signal.SIGTERM)

    def wait(self):
        if self.running:
            FakeChild.during_wait()
        return 0


@pytest.fixture
def handlers(monkeypatch) -> dict:
    """signal.signal recorded (nothing installed for real), Popen faked."""
    installed: dict = {}

    def record(signum, handler):
        previous = installed.get(signum, signal.SIG_DFL)
        installed[signum] = handler
        return previous

    monkeypatch.setattr(signal, "signal", record)
    monkeypatch.setattr(subprocess, "Popen", FakeChild)
    FakeChild.instances = []
    return installed


@pytest.fixture
def on_windows(monkeypatch):
    monkeypatch.setattr(_children, "windows", lambda: True)
    monkeypatch.setattr(_dashboard_serve, "windows", lambda: True)
    monkeypatch.setattr(signal, "SIGBREAK", SIGBREAK, raising=False)
    monkeypatch.setattr(signal, "CTRL_BREAK_EVENT", CTRL_BREAK_EVENT, raising=False)
    monkeypatch.setattr(subprocess, "CREATE_NEW_PROCESS_GROUP", CREATE_NEW_PROCESS_GROUP, raising=False)


def _start(which: str):
    if which == "lab":
        return _lab.run_forwarding(["jupyter-lab"])
    return _dashboard_serve.serve()


@pytest.mark.parametrize("which", ["lab", "dashboard"])
@pytest.mark.parametrize(
    "received", [pytest.param(signal.SIGINT, id="ctrl-c"), pytest.param(SIGBREAK, id="ctrl-break")]
)
def test_on_windows_a_stop_reaches_the_child_as_ctrl_break(which, received, handlers, on_windows, capsys):
    FakeChild.during_wait = lambda: handlers[received](received, None)
    assert _start(which) == 0
    (child,) = FakeChild.instances
    assert child.options.get("creationflags") == CREATE_NEW_PROCESS_GROUP
    assert child.sent == [CTRL_BREAK_EVENT]
    assert set(handlers) == {signal.SIGINT, SIGBREAK}
    assert all(h == signal.SIG_DFL for h in handlers.values())  # put back as they were


@pytest.mark.parametrize("which", ["lab", "dashboard"])
def test_on_posix_sigterm_is_passed_on_as_sigterm_in_the_same_group(which, handlers, capsys):
    FakeChild.during_wait = lambda: handlers[signal.SIGTERM](signal.SIGTERM, None)
    assert _start(which) == 0
    (child,) = FakeChild.instances
    assert "creationflags" not in child.options
    assert child.sent == [signal.SIGTERM]
    expected = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP} if which == "lab" else {signal.SIGTERM}
    assert set(handlers) == expected


def test_the_windows_branch_never_names_posix_only_signals(on_windows, monkeypatch):
    monkeypatch.delattr(signal, "SIGHUP")  # absent on Windows: naming it would fail at import
    assert _children.forwarded_signals() == (signal.SIGINT, SIGBREAK)
    assert _children.own_group() == {"creationflags": CREATE_NEW_PROCESS_GROUP}
