"""Files and folders that hold victim data, created readable by their owner only.

The database, the import store's batches and manifests, problem tables and internal exports go
through here: a new file is 0600 and a new folder 0700 from the moment it exists (never written
first and narrowed after), and a file that already exists keeps the mode its owner gave it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ._errors import StoreError

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(path: Path) -> Path:
    """`path` as a folder, made (with any missing parents) owner-only; an existing one is kept as
    it is. A path that is a file, or a parent nobody may write into, is a `StoreError`."""
    path = Path(path)
    missing = []
    for folder in (path, *path.parents):
        if folder.is_dir():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            if not folder.is_dir():
                raise StoreError(f"{folder} is a file; a folder is needed there.") from None
        except OSError as error:
            raise StoreError(
                f"Cannot create the folder {folder}: {error.strerror or error}. "
                f"Choose a folder you can write to, or let its owner give you write access."
            ) from None
    return path


def file_mode(path: Path, default: int = PRIVATE_FILE) -> int:
    """The permission bits of `path`, or `default` when it does not exist yet."""
    try:
        return os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        return default


def create_private(path: Path, mode: int = PRIVATE_FILE) -> None:
    """Create an empty file at `path` with exactly `mode` (a later open for writing truncates it
    and keeps that mode). A file already there keeps its own mode."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        return
    except IsADirectoryError:
        raise StoreError(f"{path} is a folder; a file is needed there.") from None
    except OSError as error:
        raise StoreError(f"Cannot create {path}: {error.strerror or error}.") from None
    try:
        if hasattr(os, "fchmod"):  # not on Windows, where the folder's ACL decides who may read
            os.fchmod(descriptor, mode)  # the umask may have taken bits away; give exactly `mode`
    finally:
        os.close(descriptor)


def make_owner_only(paths: Iterable[Path]) -> None:
    """Make each file owner-only before it is written: created so if new, and one already there
    (which may have kept 0644 from an earlier export) narrowed to it too."""
    for path in paths:
        create_private(path)
        path.chmod(PRIVATE_FILE)


def check_files_free(paths: Iterable[Path]) -> None:
    """Before anything is written: a folder, a link or a hard link where a file is to go is a
    `StoreError` naming it (an IsADirectoryError came after some files were written, a pack left
    without its sidecar; through a link, a file of exact counts went to the link's target)."""
    for path in paths:
        if path.is_symlink():  # written through, an internal file's bytes went to the link's target
            raise StoreError(f"{path} is a link; a file of its own is needed there.")
        if path.is_dir():
            raise StoreError(f"{path} is a folder; a file is needed there.")
        if path.exists() and path.stat().st_nlink > 1:  # a hard link: rewritten, so is its twin
            raise StoreError(f"{path} has another name (a hard link); a file of its own is needed there.")


def write_private(path: Path, data: bytes) -> None:
    """Write `data` into `path`, created owner-only if new (an existing file keeps its mode)."""
    create_private(path)
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename into it) to disk, so a crash right after keeps it."""
    if os.name == "nt":  # a folder cannot be opened for fsync on Windows; NTFS journals the rename
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# A rename refused on Windows while another process has the file open for a moment (an antivirus
# scanning a file just written, a backup tool, an indexer): tried again for about two seconds.
RENAME_ATTEMPTS, RENAME_PAUSE = 100, 0.02


def rename_waiting(rename, source: Path, target: Path) -> None:
    """`rename(source, target)` (os.rename or os.replace), tried again while Windows refuses it
    because someone holds one of the files open for an instant; still refused after about two
    seconds, the PermissionError is raised for the caller to undo and explain."""
    import time

    for attempt in range(RENAME_ATTEMPTS):
        try:
            rename(source, target)
            return
        except PermissionError:
            if attempt == RENAME_ATTEMPTS - 1:
                raise
            time.sleep(RENAME_PAUSE)
