"""Windows file semantics on Linux, for the tests: renaming over, renaming or deleting a file that
any process has open raises PermissionError, as MoveFileExW and DeleteFileW do on Windows when the
opener did not allow it (Python, DuckDB and most programs do not).

`install()` patches os.replace, os.rename, os.unlink and os.remove (pathlib's Path.replace, rename
and unlink, shutil.move and shutil.rmtree all go through them); whether a file is open is read from
/proc/*/fd. The `fs_semantics` fixture (conftest) runs a test once as on POSIX and once so, and sets
WORKBENCH_TEST_WINDOWS_FS so that the processes a test starts (importers, readers, the command) are
emulated too: `sitecustomize.py` in tests/windows_fs_site installs it there.

Also `database_bytes`: what a database holds on disk (its pointer and the current generation).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "WORKBENCH_TEST_WINDOWS_FS"
SITE_DIR = Path(__file__).parent / "windows_fs_site"
_originals: dict[str, object] = {}
refused: list[tuple[str, str]] = []  # (operation, path) refused in this process, for the tests


def open_paths() -> set[str]:
    """Every file some process of this user has open, by real path."""
    found = set()
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            with os.scandir(fd_dir) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            try:
                found.add(os.readlink(entry.path))
            except OSError:
                continue
    return found


def _real(path, dir_fd=None) -> str:
    path = os.fsdecode(path)
    if dir_fd is not None and not os.path.isabs(path):
        path = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)
    return os.path.realpath(path)


def _refuse_if_open(operation: str, *paths: str) -> None:
    """A file open anywhere, or a folder with an open file inside, may not be renamed or deleted."""
    held = open_paths()
    for path in paths:
        inside = os.path.isdir(path) and any(h.startswith(path + os.sep) for h in held)
        if (path in held and os.path.isfile(path)) or inside:
            refused.append((operation, path))
            raise PermissionError(
                13, "The process cannot access the file because it is being used by another process", path
            )


def _replace(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
    source, target = _real(src, src_dir_fd), _real(dst, dst_dir_fd)
    _refuse_if_open("replace", source, *([target] if os.path.lexists(target) else []))
    return _originals["replace"](src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)


def _rename(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
    source, target = _real(src, src_dir_fd), _real(dst, dst_dir_fd)
    _refuse_if_open("rename", source, *([target] if os.path.lexists(target) else []))
    return _originals["rename"](src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)


def _unlink(path, *, dir_fd=None):
    _refuse_if_open("unlink", _real(path, dir_fd))
    return _originals["unlink"](path, dir_fd=dir_fd)


def install() -> None:
    """Windows semantics in this process, until `uninstall()`."""
    if _originals:
        return
    _originals.update(replace=os.replace, rename=os.rename, unlink=os.unlink, remove=os.remove)
    os.replace, os.rename, os.unlink, os.remove = _replace, _rename, _unlink, _unlink


def uninstall() -> None:
    if _originals:
        os.replace, os.rename = _originals["replace"], _originals["rename"]
        os.unlink, os.remove = _originals["unlink"], _originals["remove"]
        _originals.clear()


def installed() -> bool:
    return bool(_originals)


def database_bytes(path: Path) -> bytes:
    """The database at `path` as stored: the pointer and the generation it names (the file itself
    for a database of an earlier workbench), so 'not a byte changed' covers both."""
    from workbench._generations import current_file

    found = current_file(path)
    pointer = Path(path).read_bytes()
    return pointer if found == Path(path) else pointer + b"\0" + found.read_bytes()
