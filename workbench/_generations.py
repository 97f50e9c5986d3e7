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

A pointer deletes only generations it owns: named after it, numbered from the first one it
published (its `owns-from` line), never one found there that it did not publish (`not-owned`), and
never the one it names. So a pointer renamed by the user
keeps reading the generation it names (which no pointer owns any more), a new database later made
under the old name never deletes that generation, and a pointer copied beside its database (which
owns the generation and deletes it when it moves on) is refused with a message.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import stat
import time
from contextlib import suppress
from pathlib import Path
from typing import NamedTuple, cast

from ._errors import CorruptDatabaseError, PointerBusyError, StoreError
from ._private import (
    RENAME_ATTEMPTS,
    RENAME_PAUSE,
    create_private,
    file_mode,
    fsync_dir,
    rename_waiting,
    write_private,
)

POINTER_HEADER = b"workbench database pointer\n"
GENERATION_MARK = ".gen-"
# The pointer's third line: the first generation number it published (the ones it may delete).
OWNS_FROM = "owns-from"
# Its fourth, when needed: generation numbers past owns-from it did not publish (copied in by hand).
NOT_OWNED = "not-owned"
# Once publish mode has released anything from the database: the database's identity, whose release
# register must be found beside it (docs/releases.md). Carried by every pointer written after, so a
# pointer renamed, or copied by hand with its generation, says the register is to be found.
RELEASED = "released"
# A DuckDB file carries its magic bytes at offset 8.
_DUCKDB_MAGIC = b"DUCK"
# How long to wait for the instant a reader has the pointer open (Windows): attempts x pause.
_ATTEMPTS, _PAUSE = RENAME_ATTEMPTS, RENAME_PAUSE  # about two seconds, as for a rename


def _how_to_copy(db_path: Path) -> str:
    return (
        f"A workbench database is two files: the pointer {db_path.name} and the generation it names "
        f"({db_path.name}{GENERATION_MARK}N), with the import store imports/ beside them. Copy it with "
        '`workbench backup --db SOURCE TARGET` (see docs/storage.md, "How to copy or back up a '
        'database")'
    )


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
    A pointer that is not one is a `CorruptDatabaseError`; a folder, an unreadable file, a pointer
    whose generation is not there or a copy of another database's pointer a `StoreError`."""
    for _ in range(2):  # a generation named just before the next one replaced it: read again
        found = _named(db_path)
        if found is None or found.exists():
            break
    else:
        name = cast(Path, found).name
        raise StoreError(
            f"The database {db_path} is a pointer naming {name}, which is not in {db_path.parent}: "
            f"the pointer was copied or moved without its generation. {_how_to_copy(db_path)}; or "
            f"copy {name} from where {db_path.name} came from into {db_path.parent}. Nothing was "
            "built or changed."
        )
    if found is not None and found != db_path and not _owns_name(db_path, found.name):
        _check_not_a_copy(db_path, found)
    return found


def _check_not_a_copy(db_path: Path, found: Path) -> None:
    """A pointer naming another database's generation (`wb.duckdb` naming `workbench.duckdb.gen-7`)
    was renamed or copied by hand. Renamed (nothing else owns that generation): it is read as it
    is. Copied beside the database that owns it (which deletes it when it moves on): refused."""
    owner_name = found.name.rpartition(GENERATION_MARK)[0]
    owner = found.with_name(owner_name)
    number = _generation_number(owner, found.name)
    try:
        if os.path.samefile(owner, db_path):
            return  # the same file by another spelling (a case-insensitive file system)
        owner_head = _read_head(owner)
    except OSError:
        return  # no such database (renamed away), or unreadable: it deletes nothing
    owners = _pointer(owner_head)
    if owners is None or number is None or not _owns_name(owner, owners.name):
        return  # not a pointer of its own: it deletes nothing
    if number != _generation_number(owner, owners.name) and number not in owners.owned(owner):
        return  # not one it published: it never deletes it
    raise StoreError(
        f"The database {db_path} is a copy of the pointer of the database {owner_name} (it names "
        f"{found.name}, which belongs to {owner_name} and is deleted when that database moves to its "
        f"next generation): it holds no data of its own. {_how_to_copy(db_path)}, e.g. "
        f"`workbench backup --db {owner} {db_path}` once {db_path.name} is moved out of the way. "
        "Nothing was built or changed."
    )


def _owns_name(db_path: Path, name: str) -> bool:
    return _generation_number(db_path, name) is not None


class _Pointer(NamedTuple):
    """What a pointer says: the generation it names, the first generation number it published
    (0: a pointer written before owns-from was kept, which owns every generation named after it),
    and the numbers in between that it did not publish (files put there by hand)."""

    name: str
    owns_from: int
    not_owned: frozenset[int]
    released: str | None = None  # the database identity whose release register exists

    def owned(self, db_path: Path) -> list[int]:
        """The generation numbers of the pointer `db_path` this one published, older than the one
        it names, that are on disk; none when it names another database's generation."""
        current = _generation_number(db_path, self.name)
        if current is None:
            return []
        return [n for n in generations(db_path) if self.owns_from <= n < current and n not in self.not_owned]


def _pointer(head: bytes) -> _Pointer | None:
    """The pointer `head` holds, or None when it is not one. A pointer an editor, PowerShell or a
    file transfer saved again (a byte-order mark, CRLF line ends) is still the same pointer."""
    head = head.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
    if not head.startswith(POINTER_HEADER):
        return None
    lines = head[len(POINTER_HEADER) :].decode("utf-8", "replace").splitlines()
    name = lines[0].strip() if lines else ""
    owns_from, not_owned, released = 0, set(), None
    for line in lines[1:]:
        key, _, value = line.partition(" ")
        numbers = [int(v) for v in value.split() if v.isdigit() and v.isascii()]
        if key == OWNS_FROM and numbers:
            owns_from = numbers[0]
        elif key == NOT_OWNED:
            not_owned.update(numbers)
        elif key == RELEASED and value.strip():
            released = value.strip()
    return _Pointer(name, owns_from, frozenset(not_owned), released)


def _pointer_lines(pointer: _Pointer) -> bytes:
    lines = f"{pointer.name}\n{OWNS_FROM} {pointer.owns_from}\n"
    if pointer.not_owned:
        lines += f"{NOT_OWNED} {' '.join(map(str, sorted(pointer.not_owned)))}\n"
    if pointer.released:
        lines += f"{RELEASED} {pointer.released}\n"
    return POINTER_HEADER + lines.encode()


def released_mark(db_path: Path) -> str | None:
    """The database identity the pointer `db_path` says has a release register, or None (no
    release yet, no pointer, or a database of an earlier workbench)."""
    try:
        named = _pointer(_read_head(Path(db_path)))
    except OSError:
        return None
    return None if named is None else named.released


def mark_released(db_path: Path, identity: str) -> bool:
    """Under the build lock: the pointer `db_path` rewritten (replaced in one step, as a build
    does) to say the database `identity` has released counts. False when it cannot say so (a
    database of an earlier workbench, a read-only pointer); True when it does."""
    try:
        named = _pointer(_read_head(db_path))
    except OSError:
        return False
    if named is None:
        return False
    if named.released == identity:
        return True
    if not file_mode(db_path) & stat.S_IWUSR:
        return False
    pointer = db_path.with_name(f"{db_path.name}.pointer-{os.getpid()}")
    pointer.unlink(missing_ok=True)
    create_private(pointer, database_mode(db_path))
    write_private(pointer, _pointer_lines(named._replace(released=identity)))
    try:
        _replace_waiting(pointer, db_path)
    except PermissionError:
        pointer.unlink(missing_ok=True)
        return False
    fsync_dir(db_path.parent)
    return True


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
    named = _pointer(head)
    if named is not None and _is_generation_name(named.name):
        return db_path.with_name(named.name)
    raise CorruptDatabaseError(f"The database {db_path} is neither a database nor a pointer to one.")


def _is_generation_name(name: str) -> bool:
    """`SOMETHING.gen-N` in the pointer's own folder (never a path elsewhere)."""
    stem, mark, number = name.rpartition(GENERATION_MARK)
    return bool(stem and mark) and number.isdigit() and number.isascii() and Path(name).name == name


def _generation_number(db_path: Path, name: str) -> int | None:
    """N for `NAME.gen-N` of the pointer `db_path`, else None. Compared as the system compares
    file names: on Windows `Workbench.duckdb` and `workbench.duckdb` are one file, so its
    generations are one database's whichever spelling wrote them."""
    prefix, folded = os.path.normcase(db_path.name + GENERATION_MARK), os.path.normcase(name)
    number = folded.removeprefix(prefix)
    return int(number) if folded.startswith(prefix) and number.isdigit() and number.isascii() else None


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
    step. Called under the build lock. Returns the generation file.

    The next pointer is written first (`NAME.pointer-PID`): a process killed before it replaced
    the pointer leaves it naming the generation it moved in, which tells the next build that that
    generation was never published (and may go). A pointer another program holds open for longer
    than a reader ever does (Windows) is a `PointerBusyError`, the new generation removed again."""
    mode = database_mode(db_path)
    if os.path.lexists(db_path) and not mode & stat.S_IWUSR:
        raise PointerBusyError(
            f"The database {db_path} is read-only (mode {mode:o}, or its read-only attribute on Windows), "
            "so it is kept as it is: nothing was changed. To let builds and imports update it, make it "
            f"writable again (chmod u+w {db_path.name}; on Windows: attrib -R {db_path.name}) and run "
            "the command again. Reading it needs nothing."
        )
    number = max(generations(db_path), default=0) + 1
    # Never over a file already there (one copied in by hand, or another spelling of the name on
    # a disk that ignores case): a number no file has yet.
    while os.path.lexists(db_path.with_name(f"{db_path.name}{GENERATION_MARK}{number}")):
        number += 1
    target = db_path.with_name(f"{db_path.name}{GENERATION_MARK}{number}")
    pointer = db_path.with_name(f"{db_path.name}.pointer-{os.getpid()}")
    pointer.unlink(missing_ok=True)
    create_private(pointer, mode)
    owns_from, not_owned = _ownership(db_path, number)
    lines = _pointer_lines(_Pointer(target.name, owns_from, frozenset(not_owned), released_mark(db_path)))
    write_private(pointer, lines)
    os.chmod(written, mode)
    rename_waiting(os.replace, written, target)  # a new name, but a scanner may hold the file just written
    try:
        _replace_waiting(pointer, db_path)
    except PermissionError:
        target.unlink(missing_ok=True)  # never named by any pointer: nobody can have it open
        pointer.unlink(missing_ok=True)
        if current_file(db_path) == db_path:
            raise StoreError(
                f"The database {db_path} is in the format of an earlier workbench and another program "
                "has it open (a notebook started before the update?). Close it and run the command "
                "again; nothing was changed."
            ) from None
        raise PointerBusyError(
            f"Another program kept the database pointer {db_path} open for over "
            f"{_ATTEMPTS * _PAUSE:.0f} seconds (a backup, sync or antivirus program, an editor?), so "
            "the new database could not be switched in: the database is as it was. Close that program "
            "(or wait for it to finish) and run the command again."
        ) from None
    fsync_dir(db_path.parent)
    return target


def _ownership(db_path: Path, number: int) -> tuple[int, set[int]]:
    """The owns-from and not-owned lines of the pointer `db_path` is about to be given, `number`
    its new generation. Kept from the pointer there when that names a generation of its own, with
    the generations on disk past the one it names (put there by hand: it never published them)
    added to the not-owned; else from `number` (a new database, a renamed pointer, a damaged one:
    the generations named after it already there belong to no pointer and are never deleted)."""
    try:
        named = _pointer(_read_head(db_path))
    except OSError:
        named = None
    current = None if named is None else _generation_number(db_path, named.name)
    if named is None or current is None:
        return number, set()
    on_disk = generations(db_path)
    kept = {n for n in named.not_owned if n in on_disk}
    return named.owns_from, kept | {n for n in on_disk if current < n < number}


def _replace_waiting(source: Path, target: Path) -> None:
    """os.replace, waiting out the instant a reader has `target` open (Windows refuses then).
    A target that stays open (a database of an earlier workbench, held by a notebook) raises."""
    rename_waiting(os.replace, source, target)


def move_aside(db_path: Path) -> Path:
    """Keep a copy of the damaged database of `db_path` as `NAME.damaged-TIME`: the generation, a
    pointer that is not one, or a database of an earlier workbench. Nothing is moved or deleted:
    readers keep the pointer until the rebuild replaces it in one step, like every build, and
    the damaged generation goes with `remove_old`. Under the build lock. Returns the kept file."""
    kept = db_path.with_name(f"{db_path.name}.damaged-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}")
    try:
        damaged = current_file(db_path)
    except CorruptDatabaseError:
        damaged = db_path  # the pointer itself is damaged
    if damaged is None:
        return kept
    create_private(kept, database_mode(db_path))
    shutil.copyfile(damaged, kept)
    return kept


def remove_old(db_path: Path, *, locked: bool = False) -> list[Path]:
    """Delete the generations this pointer owns, older than the one it names, that no process has
    open (and under the build lock, `locked`, the ones a killed build moved in but never
    published, as its leftover next pointer says). A file the system refuses to delete is left
    for next time. Returns what is left."""
    try:
        current = current_file(db_path)
        named = _pointer(_read_head(db_path))
    except (StoreError, OSError):
        return []
    # None for a database of an earlier workbench, or a pointer to another database's generation.
    on_disk = generations(db_path)
    doomed = [on_disk[n] for n in sorted(named.owned(db_path))] if current and named else []
    leftovers = _dead_pointers(db_path) if locked else []
    for pointer in leftovers:
        with suppress(OSError):
            unpublished = _pointer(pointer.read_bytes())
            if unpublished is not None and _owns_name(db_path, unpublished.name):
                never_named = db_path.with_name(unpublished.name)
                if never_named != current and never_named.exists():
                    doomed.append(never_named)
    left = []
    for path in doomed:
        if held_open(path):
            left.append(path)
            continue
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError:  # Windows: still open somewhere; removed by a later build, import or switch
            left.append(path)
    for pointer in leftovers:
        with suppress(OSError):
            pointer.unlink(missing_ok=True)
    return left


def _dead_pointers(db_path: Path) -> list[Path]:
    """The next pointers (`NAME.pointer-PID`) of builds and imports whose process is gone."""
    found = []
    for pointer in db_path.parent.glob(f"{glob.escape(db_path.name)}.pointer-*"):
        pid = pointer.name.rpartition("-")[2]
        if pid.isdigit() and not running(int(pid)):
            found.append(pointer)
    return found


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


def copy_database(source: Path | str, target: Path | str) -> Path:
    """A copy of the database `source` at `target` (its current generation and a pointer to it),
    for backups and the tests. `target` must not exist yet."""
    source = Path(source)
    found = current_file(source)
    if found is None:
        raise StoreError(f"No workbench database at {source}.")
    target = Path(target)
    written = target.with_name(f"{target.name}.copying-{os.getpid()}")
    create_private(written, database_mode(source))
    shutil.copyfile(found, written)
    return publish(target, written)
