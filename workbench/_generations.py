"""Database generations: a build or an import never renames over, or deletes, a file that is open.

Windows refuses to rename a file over one another process has open, or to delete it (POSIX allows
both, which is why the first design, a new file renamed over the old one, never failed on Linux).
So every build or import writes a new *generation* file beside the database (`workbench.duckdb.gen-7`)
that nobody can have open yet, and then replaces the small *pointer* at the path the user names
(`workbench.duckdb`: one line naming the current generation). The pointer is read and closed in
microseconds, never held open, so replacing it succeeds (a reader that happens to be reading it at
that instant is waited for). Readers read the pointer at each query and switch to the generation it
names; old generations are deleted once no process has them open, and a deletion the system refuses
is left for the next build, import or switch, never an error.

A database written before generations (a DuckDB file at the path itself) is read as it is; the
first build or import turns the path into a pointer (a derived file: nothing is lost).
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import time
from pathlib import Path
from typing import cast

from ._errors import StoreError
from ._private import create_private, file_mode, fsync_dir, write_private

POINTER_HEADER = b"workbench database pointer\n"
GENERATION_MARK = ".gen-"
# A DuckDB file carries its magic bytes at offset 8.
_DUCKDB_MAGIC = b"DUCK"
# How long to wait for the instant a reader has the pointer open (Windows): attempts x pause.
_ATTEMPTS, _PAUSE = 100, 0.02


class CorruptDatabaseError(StoreError):
    """A database file DuckDB cannot open or read through (a damaged block, a truncated file), or
    a pointer that names no generation."""


def _read_head(path: Path) -> bytes:
    """The first bytes of `path`, the file closed again at once (a reader never holds the pointer)."""
    for attempt in range(_ATTEMPTS):
        try:
            with open(path, "rb") as handle:
                return handle.read(4096)
        except PermissionError:  # Windows: being replaced at this very instant, or unreadable
            if attempt == _ATTEMPTS - 1 or (os.name != "nt" and not os.access(path, os.R_OK)):
                raise
            time.sleep(_PAUSE)
    raise AssertionError("unreachable")


def current_file(db_path: Path) -> Path | None:
    """The DuckDB file that holds the database `db_path` now: the generation its pointer names, or
    `db_path` itself for a database written before generations; None when nothing is there.
    A pointer that is not one is a `CorruptDatabaseError`; a folder or an unreadable file a `StoreError`."""
    for _ in range(2):  # a generation named just before the next one replaced it: read again
        found = _named(db_path)
        if found is None or found.exists():
            return found
    raise CorruptDatabaseError(f"The database {db_path} names {cast(Path, found).name}, which is not there.")


def _named(db_path: Path) -> Path | None:
    db_path = Path(db_path)
    if db_path.is_dir():
        raise StoreError(f"The database path {db_path} is a folder; give the path of a .duckdb file.")
    try:
        head = _read_head(db_path)
    except FileNotFoundError:
        return None
    except PermissionError:
        raise StoreError(
            f"The database {db_path} cannot be read by this user (mode {file_mode(db_path):o})."
        ) from None
    if head[8:12] == _DUCKDB_MAGIC:
        return db_path
    if head.startswith(POINTER_HEADER):
        name = head[len(POINTER_HEADER) :].decode("utf-8", "replace").strip()
        if _generation_number(db_path, name) is not None:
            return db_path.with_name(name)
    raise CorruptDatabaseError(f"The database {db_path} is neither a database nor a pointer to one.")


def _generation_number(db_path: Path, name: str) -> int | None:
    prefix = db_path.name + GENERATION_MARK
    number = name.removeprefix(prefix)
    return int(number) if name.startswith(prefix) and number.isdigit() and number.isascii() else None


def generations(db_path: Path) -> dict[int, Path]:
    """Every generation file of `db_path` on disk, by number."""
    found = {}
    for path in db_path.parent.glob(f"{glob.escape(db_path.name)}{GENERATION_MARK}*"):
        number = _generation_number(db_path, path.name)
        if number is not None:
            found[number] = path
    return found


def database_mode(db_path: Path) -> int:
    """The mode the database's files are given: the one its owner set on the path (0600 if new)."""
    return file_mode(db_path)


def publish(db_path: Path, written: Path) -> Path:
    """Make the finished database file `written` (not yet visible to anyone) the current
    generation of `db_path`: moved to a new generation name, then the pointer replaced in one
    step. Called under the build lock. Returns the generation file."""
    mode = database_mode(db_path)
    number = max(generations(db_path), default=0) + 1
    target = db_path.with_name(f"{db_path.name}{GENERATION_MARK}{number}")
    os.chmod(written, mode)
    os.replace(written, target)  # a new name: nobody can have it open
    pointer = db_path.with_name(f"{db_path.name}.pointer-{os.getpid()}")
    pointer.unlink(missing_ok=True)
    create_private(pointer, mode)
    write_private(pointer, POINTER_HEADER + target.name.encode("utf-8") + b"\n")
    try:
        _replace_waiting(pointer, db_path)
    except PermissionError:
        pointer.unlink(missing_ok=True)
        raise StoreError(
            f"The database {db_path} is in the format of an earlier workbench and another program has "
            "it open (a notebook started before the update?). Close it and run the command again; "
            "nothing was changed."
        ) from None
    fsync_dir(db_path.parent)
    return target


def _replace_waiting(source: Path, target: Path) -> None:
    """os.replace, waiting out the instant a reader has `target` open (Windows refuses then).
    A target that stays open (a database of an earlier workbench, held by a notebook) raises."""
    for attempt in range(_ATTEMPTS):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == _ATTEMPTS - 1:
                raise
            time.sleep(_PAUSE)



def move_aside(db_path: Path) -> Path:
    """Keep the damaged database of `db_path` as `NAME.damaged-TIME` (a copy when it is a
    generation, which may be open: it is left for `remove_old`; the pointer or a database of an
    earlier workbench is moved). Under the build lock. Returns the kept file."""
    kept = db_path.with_name(f"{db_path.name}.damaged-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}")
    try:
        damaged = current_file(db_path)
    except CorruptDatabaseError:
        damaged = db_path  # the pointer itself is damaged
    if damaged is None:
        return kept
    if damaged == db_path:
        try:
            _replace_waiting(db_path, kept)
        except PermissionError:
            raise StoreError(
                f"The database {db_path} is damaged and another program has it open: close the "
                "notebooks using it and run the command again."
            ) from None
        return kept
    create_private(kept, database_mode(db_path))
    shutil.copyfile(damaged, kept)
    db_path.unlink(missing_ok=True)  # the pointer (never held open) to the damaged generation
    return kept


def remove_old(db_path: Path, *, locked: bool = False) -> list[Path]:
    """Delete the generations older than the current one that no process has open (and under the
    build lock, `locked`, also newer ones a killed build left unpublished). A file the system
    refuses to delete is left for next time. Returns what is left."""
    try:
        current = current_file(db_path)
    except StoreError:
        return []
    found = generations(db_path)
    if current is None or current == db_path:
        newest = max(found, default=0) + 1 if locked else 0
    else:
        newest = _generation_number(db_path, current.name) or 0
    left = []
    for number, path in sorted(found.items()):
        if path == current or (number > newest and not locked):
            continue
        if held_open(path):
            left.append(path)
            continue
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError:  # Windows: still open somewhere; removed by a later build, import or switch
            left.append(path)
    if locked:
        for pointer in db_path.parent.glob(f"{glob.escape(db_path.name)}.pointer-*"):
            pid = pointer.name.rpartition("-")[2]
            if pid.isdigit() and not running(int(pid)):
                pointer.unlink(missing_ok=True)
    return left


def held_open(path: Path) -> bool:
    """Whether a process this user can see has `path` open. Known on Linux (from /proc); elsewhere
    False, and the deletion is tried: Windows refuses it while the file is open, macOS lets a
    reader that has it open keep reading it."""
    proc = Path("/proc")
    if not (proc / "self" / "fd").is_dir():
        return False
    wanted = os.path.realpath(path)
    for fd_dir in proc.glob("[0-9]*/fd"):
        try:
            with os.scandir(fd_dir) as entries:
                for entry in entries:
                    try:
                        if os.readlink(entry.path) == wanted:
                            return True
                    except OSError:
                        continue
        except OSError:  # another user's process, or gone
            continue
    return False


def running(pid: int) -> bool:
    """Whether the process `pid` still runs (a lock holder's leftovers are kept while it does)."""
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill(pid, 0) would end the process on Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # type: ignore[attr-defined]  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def adopt(db_path: Path, *, strict: bool = False) -> None:
    """Under the build lock: a database written before generations (a DuckDB file at `db_path`)
    copied to the first generation and `db_path` made its pointer, so that no reader holds the
    path itself open from then on. Left as it is (and read as it is) while another program has it
    open where the system refuses to replace an open file; tried again at the next connect().
    `strict` (a build or an import, before it changes anything) raises the `StoreError` instead."""
    if current_file(db_path) != db_path:
        return
    written = db_path.with_name(f"{db_path.name}.copying-{os.getpid()}")
    create_private(written, database_mode(db_path))
    try:
        shutil.copyfile(db_path, written)
        publish(db_path, written)
    except StoreError:
        if strict:
            raise
    finally:
        written.unlink(missing_ok=True)
    remove_old(db_path, locked=True)


def copy_database(source: Path, target: Path) -> Path:
    """A copy of the database `source` at `target` (its current generation and a pointer to it),
    for backups and the tests. `target` must not exist yet."""
    found = current_file(source)
    if found is None:
        raise StoreError(f"No workbench database at {source}.")
    target = Path(target)
    written = target.with_name(f"{target.name}.copying-{os.getpid()}")
    create_private(written, database_mode(source))
    shutil.copyfile(found, written)
    return publish(target, written)
