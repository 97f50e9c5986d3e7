"""An import as analysts run it (`wb.import_files`, `workbench import`): the importer, and whether it
stopped the publication of victim figures.

Publish mode releases no victim count once the victim data changed since the release register's
last release, edition or acceptance, until `workbench releases --accept` (`_publish`,
docs/releases.md "Revisions"). An import that changes them says so at once, in the import's
language, rather than leaving the analyst to find out at the next publication; it names no count
and no release, as the stop itself does not.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Iterable
from pathlib import Path

import duckdb

from ._build import database_id
from ._errors import WorkbenchError
from ._importer.run import ImportResult
from ._importer.run import import_files as _import_files
from ._paths import database_path, default_db_path
from ._publish_engine import Engine
from ._release import Register
from ._workbench import Workbench


@functools.wraps(_import_files)
def import_files(
    *files: str | os.PathLike | Iterable[str | os.PathLike],
    db: str | os.PathLike | None = None,
    **options,
) -> ImportResult:
    db_path = database_path(getattr(db, "path", db) or default_db_path())
    accepted = _accepted(db_path) if not options.get("check_only") else None
    before = _version(db_path) if accepted is not None else None
    result = _import_files(*files, db=db, **options)
    if before is None or not result.rows_added:
        return result
    after = _version(db_path)
    if after is None or after in (before, accepted):
        return result  # nothing counted changed, or it is back as it was accepted: not stopped
    return dataclasses.replace(result, stopped_db=str(db_path))


def _accepted(db_path: Path) -> str | None:
    """The victim-data version publication was last released or accepted on (`Register.accepted`),
    or None: no database yet, or nothing released from it."""
    if not db_path.is_file():
        return None
    identity = database_id(db_path)
    if identity is None:
        return None
    made = Register(db_path, identity).accepted()
    return None if made is None else made[0]


def _version(db_path: Path) -> str | None:
    """The version of what victim counts are computed from (`Engine.version`), as publish mode
    compares it with the register's; None when the database cannot be read."""
    try:
        internal = Workbench(db_path, mode="internal")
    except (OSError, WorkbenchError, duckdb.Error):
        return None
    try:
        return Engine(internal).version()
    finally:
        internal.close()
