"""A publish-mode command that must wait for the release register, which another workbench process
holds while it releases, says so at once on stderr (and again when it goes on), in the command's
language: a second `workbench figures` started while the first ran waited in silence and was taken
for hung."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading

import pytest
from filelock import FileLock

from workbench._build import database_id
from workbench._release import Register

# From starting the command to its reaching the register: imports, connecting, planning the tables
# (generous: the machine running the tests may be loaded).
REACH_SECONDS = 120


def _lines(stream) -> tuple[queue.Queue, threading.Thread]:
    """The stream's lines as they come, in a queue (a read with a timeout, unlike `readline`), and
    the thread reading them, which ends at the end of the stream."""
    lines: queue.Queue = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    return lines, reader


def _next_line(lines: queue.Queue, seen: list[str]) -> str:
    line = lines.get(timeout=REACH_SECONDS)
    assert line is not None, "the command ended: " + "".join(seen)
    seen.append(line)
    return line


@pytest.mark.parametrize(
    ("lang", "waiting", "acquired"),
    [
        (None, "Đang chờ: một tiến trình workbench khác đang dùng sổ đăng ký công bố", "Đã có sổ đăng ký"),
        (
            "en",
            "Waiting: another workbench process is using the release register",
            "Got the release register",
        ),
    ],
)
def test_a_command_waiting_for_the_register_says_so_at_once(fresh, tmp_path, lang, waiting, acquired):
    register = Register(fresh, database_id(fresh))
    command = [sys.executable, "-m", "workbench._cli", "figures", "--years", "2016", "2016"]
    command += ["--format", "svg", "--db", str(fresh), "--out", str(tmp_path / "figures")]
    command += ["--lang", lang] if lang else []
    held = FileLock(f"{register.path}.lock")
    held.acquire()  # another process releasing (this one, holding the register's lock)
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    (lines, reader), seen = _lines(process.stderr), []
    try:
        line = _next_line(lines, seen)
        assert waiting in line and str(fresh) in line, seen
        assert process.poll() is None  # still waiting, not refused
        held.release()
        line = _next_line(lines, seen)
        assert acquired in line and str(fresh) in line, seen
    finally:
        if held.is_locked:
            held.release()
        process.kill()  # what it goes on to release is tested elsewhere
        process.wait(timeout=60)
        reader.join(timeout=60)
        process.stderr.close()


def test_a_release_that_need_not_wait_says_nothing(fresh, capsys):
    import argparse

    from workbench._cli import _telling_waits

    with (
        _telling_waits(argparse.Namespace(command="figures", lang="en")),
        Register(fresh, database_id(fresh)).locked(),
    ):
        pass
    assert capsys.readouterr().err == ""
