"""Copying a database as a whole: the generation its pointer names, a pointer of its own, and the
import store beside it (`workbench backup`).

A workbench database is not one file (see docs/storage.md): the path the user names is a small
pointer to the current generation, and the records imported into it are kept in the import store
beside it, from which any rebuild reads them. A copy of the pointer alone holds nothing, and a
copy without the store would be refused a rebuild (it would drop the imported records). So a copy
is made here, whole: the store's batches first (immutable, each copied under a temporary name and
renamed into place), then the release register (publish mode's record of everything released from
it), the database last, so that a copy killed half-way is never taken for one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import cast

from ._build import NATIONAL_FINGERPRINT_PREFIX, build_lock, database_id, stored_fingerprint
from ._errors import StoreError
from ._generations import copy_database, current_file, mark_released, released_mark
from ._importer.store import REMOVED, batches, check_store_owner, claim_store, removed_batches, store_dir
from ._private import fsync_dir, private_dir, write_private
from ._release import check_found, register_for


def backup(source: Path, target: Path) -> tuple[Path, int]:
    """Copy the database `source` to `target` (a new path: a pointer and its first generation)
    with its import store's batches into the store `target` reads. Returns the generation written
    and how many batches were copied (those already in the target store, by name, are kept)."""
    source, target = Path(source), Path(target)
    if current_file(source) is None:
        raise StoreError(f"No workbench database at {source}; give the path of one with --db.")
    if target.exists() or target.is_symlink():
        raise StoreError(
            f"{target} already exists: a backup never overwrites anything. Give the path of a new "
            "file (e.g. with the date in its name), or move the old one away first."
        )
    if store_dir(source) == store_dir(target):
        raise StoreError(
            f"{target} would share the import store {store_dir(source)} with {source}: two databases "
            "in one folder build from the same batches, and an import into one would be taken by the "
            "other. Back up into another folder (e.g. D:/backup/workbench.duckdb)."
        )
    private_dir(target.parent)
    with build_lock(source):  # no import or build changes the source while it is copied
        identity = database_id(source)
        # before anything is written: a database whose register is missing is not copied without it
        check_found(source, identity, register_for(source, identity))
        stored = stored_fingerprint(source)
        national = stored is not None and stored.startswith(NATIONAL_FINGERPRINT_PREFIX)
        from_store, to_store = store_dir(source, national), store_dir(target, national)
        if not national:  # a store another database of the target's folder owns is not shared
            check_store_owner(target, identity)
        copied = 0
        theirs = False
        if not national:  # a database sharing its folder takes none of the owner's imports along
            try:
                check_store_owner(source, identity)
            except StoreError:
                theirs = True
        # one store when WORKBENCH_IMPORTS names it for both
        if os.path.realpath(from_store) != os.path.realpath(to_store) and not theirs:
            copied = _copy_batches(from_store, to_store)
        with build_lock(target):
            # the register first: a backup killed after the database was copied is never found
            # without the register of what was released from it
            marked = _copy_register(source, target, identity)
            written = copy_database(source, target)
            if marked:
                mark_released(target, cast(str, identity))
            if not national:
                claim_store(target, identity)
            return written, copied


def _copy_register(source: Path, target: Path, identity: str | None) -> bool:
    """The release register of `source` into `target`'s folder, under the same name (the copy is
    the same database, with the same identity); True when the target's pointer is to say it has
    one. A backup published from is audited with everything released from its original up to the
    backup (docs/releases.md: publish from one of them only). A register already there (an earlier
    backup of the same database in that folder) is replaced only by one that continues it."""
    register = register_for(source, identity)
    if identity is None or not register.exists():
        return False
    text = register.read_bytes()
    text = text[: text.rfind(b"\n") + 1]  # a line being appended right now is not copied half
    copy = register_for(target, identity)
    if copy.exists():
        there = copy.read_bytes()
        if not text.startswith(there):
            raise StoreError(
                f"{copy} is already in {copy.parent}: the release register of another copy of this "
                "database, which released what this one did not. A backup never overwrites anything: "
                "back up into another folder."
            )
    partial = copy.with_name(f"{copy.name}.copying-{os.getpid()}")
    partial.unlink(missing_ok=True)
    write_private(partial, text)
    os.replace(partial, copy)
    fsync_dir(copy.parent)
    return released_mark(source) == identity


def _copy_batches(source: Path, target: Path) -> int:
    """Each batch of the store `source` not in `target` yet, copied whole under a hidden name and
    renamed into place (a hidden folder is not a batch: a killed copy leaves none half-written)."""
    found = batches(source)
    # The batches taken out come along too: the build reads from them the records a batch still
    # in the store holds (store.add_held), so a copy without them would lose those records.
    aside = removed_batches(source)
    if aside:
        _copy_batches_into(aside, private_dir(private_dir(target) / REMOVED))
    if not found:
        return 0
    return _copy_batches_into(found, target)


def _copy_batches_into(found: list, target: Path) -> int:
    private_dir(target)
    copied = 0
    for batch in found:
        final = target / batch.path.name
        if final.exists():
            continue  # batches never change once written: the same name is the same batch
        temporary = target / f".tmp-{batch.path.name}"
        shutil.rmtree(temporary, ignore_errors=True)
        shutil.copytree(batch.path, temporary)
        temporary.rename(final)
        copied += 1
    fsync_dir(target)
    return copied
