"""One open DuckDB database per file per process, shared by every `Workbench` on it.

DuckDB keeps one instance per file per process and refuses a second connection to the same file
with other settings ("Can't open a connection to same database file with a different
configuration"); worse, while any connection to a file is open it hands the same instance, and
so the old snapshot, to every new connection after the file was swapped by a build or an import.
So the workbench never opens the file through that cache: each file gets one private in-memory
DuckDB with the file attached read-only (`SharedDatabase`), which every `Workbench` on the file
shares (internal and publish side by side, a notebook's `connect()` run again). When a build or an
import (here or in another process) publishes a new generation (`_generations`), the next query
reads the pointer, attaches the new generation in a fresh instance and closes the old one, which
the next build, import or switch deletes once no process has it open.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import duckdb

from ._errors import InvalidFilterError, StoreError
from ._generations import current_file, remove_old
from ._settings import setting

# DuckDB's own default is 80% of RAM; a notebook shares the machine with JupyterLab, the browser
# and other kernels. WORKBENCH_MEMORY_LIMIT or connect(memory_limit=...) sets another.
DEFAULT_MEMORY_LIMIT = "50%"
_MEMORY_LIMIT = re.compile(r"\s*\d+(\.\d+)?\s*(%|B|bytes|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*", re.IGNORECASE)
# The catalog name the file is attached under; `USE` makes its views the default names.
CATALOG = "workbench"
_LOCKED_OFF = ("enable_external_access", "autoinstall_known_extensions", "autoload_known_extensions")
F = TypeVar("F", bound=Callable[..., Any])


def memory_limit(given: str | None = None) -> str:
    """The DuckDB memory limit to use: `given`, else `WORKBENCH_MEMORY_LIMIT`, else half the RAM.
    Checked here so a typo is our message, not DuckDB's."""
    value = given if given is not None else setting("WORKBENCH_MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT
    text = str(value)
    if not _MEMORY_LIMIT.fullmatch(text) or float(re.sub(r"[^\d.]", "", text)) <= 0:
        source = "memory_limit" if given is not None else "WORKBENCH_MEMORY_LIMIT"
        raise InvalidFilterError(
            f"{source} {text!r} is not a memory size. Valid: a number with a unit, e.g. '4GB', "
            "'512MiB', or a share of the machine's memory, e.g. '50%'."
        )
    return text.strip()


def _identity(path: Path) -> tuple[str, int, int, int, int]:
    """The file holding the database `path` now (its current generation) and what identifies it."""
    for _ in range(3):  # a generation deleted between reading the pointer and looking at it
        target = current_file(path)
        if target is None:
            break
        try:
            stat = os.stat(target)
        except FileNotFoundError:
            continue
        return (str(target), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    raise StoreError(f"The workbench database {path} is gone; run `workbench build`.")


@dataclass(eq=False)
class SharedDatabase:
    """The process's one open read-only instance of a database file."""

    path: Path
    limit: str
    users: int = 0
    generation: int = 0  # raised at every (re)open: Workbench caches belong to one generation
    con: duckdb.DuckDBPyConnection | None = None
    identity: tuple[str, int, int, int, int] | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The open connection, reopened first if the file was swapped since it was opened."""
        with self.lock:
            identity = _identity(self.path)
            if self.con is None or identity != self.identity:
                switched = self.con is not None
                try:
                    self._open(identity)
                except FileNotFoundError:  # deleted after it was looked at: read the pointer again
                    self._open(_identity(self.path))
                if switched:  # the generation this process let go of may now be deleted
                    remove_old(self.path)
            return cast(duckdb.DuckDBPyConnection, self.con)  # _open set it

    def _open(self, identity: tuple[str, int, int, int, int]) -> None:
        con = duckdb.connect(":memory:", config={"memory_limit": self.limit})
        try:
            if not os.path.exists(identity[0]):
                raise FileNotFoundError(identity[0])
            quoted = "'" + identity[0].replace("'", "''") + "'"
            con.execute(f"ATTACH {quoted} AS {CATALOG} (READ_ONLY)")
            con.execute(f"USE {CATALOG}")
            # Then locked, as READ_ONLY_CONFIG says: no files, no extensions, no setting changes.
            for setting in _LOCKED_OFF:
                con.execute(f"SET {setting} = false")
            con.execute("SET lock_configuration = true")
        except FileNotFoundError:
            con.close()
            raise
        except duckdb.Error as error:
            con.close()
            if not os.path.exists(identity[0]):
                raise FileNotFoundError(identity[0]) from None
            raise StoreError(f"The workbench database {self.path} cannot be opened: {error}") from None
        old, self.con, self.identity = self.con, con, identity
        self.generation += 1
        if old is not None:
            old.close()

    def set_limit(self, limit: str) -> None:
        """A connect() asking for another memory limit: reopened with it on the next query."""
        with self.lock:
            if limit != self.limit:
                self.limit, self.identity = limit, None

    def close(self) -> None:
        with self.lock:
            if self.con is not None:
                self.con.close()
                self.con = None


def serialised(method: F) -> F:
    """`method` run holding its object's `_lock` (the shared database's): one DuckDB connection
    refuses a second call while one runs ("connection is busy"), so threads sharing a connect()
    (a thread pool, a dashboard serving two clients) take turns instead of failing."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)

    return cast(F, wrapper)


_open_files: dict[str, SharedDatabase] = {}
_registry_lock = threading.Lock()


def acquire(path: Path, limit: str) -> SharedDatabase:
    """The shared database of `path` (opened now if no Workbench has it open), counted as used."""
    key = str(Path(path).resolve())
    with _registry_lock:
        shared = _open_files.get(key)
        if shared is None:
            shared = _open_files[key] = SharedDatabase(Path(key), limit)
        else:
            shared.set_limit(limit)
        shared.users += 1
    try:
        shared.connection()
    except BaseException:
        release(shared)
        raise
    return shared


def release(shared: SharedDatabase) -> None:
    """One user fewer; the last one closes the file."""
    with _registry_lock:
        shared.users -= 1
        if shared.users > 0:
            return
        if _open_files.get(str(shared.path)) is shared:
            del _open_files[str(shared.path)]
    shared.close()


def open_count() -> int:
    """How many database files this process has open (for the tests)."""
    with _registry_lock:
        return len(_open_files)
