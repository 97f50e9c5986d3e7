"""Import batches and context sources listed and taken out again, the database rebuilt without them.

A batch taken out is moved whole, manifest and Parquet files as they were, into the store's
`removed/` folder, which no build reads: nothing is deleted, and moving the folder back into the
store (and running `workbench build`) brings its records back. The move and the rebuild happen
under the build lock; if the rebuild fails the batch is moved back, so the store and the database
always agree.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd

from .._build import NATIONAL_FINGERPRINT_PREFIX, build, build_lock, current, database_id
from .._error_words import error_text
from .._errors import StoreError, UnknownBatchError, did_you_mean
from .._generations import current_file
from .._paths import DATA_DIR, database_path, default_db_path
from .._private import fsync_dir, private_dir
from .._schema import RECORD_TABLES, quote_identifier
from .store import REMOVED, Batch, batches, check_store_owner, file_sha256, read_manifest, store_dir

BATCH_COLUMNS = ["batch", "file", "imported_at", "tables", "rows_added", "profile", "source"]
SOURCE_COLUMNS = ["source", "profile", "release_date", "k", "records", "file", "imported_at", "batch"]
# A batch can be named by this many first characters of its folder name (its time stamp and more).
PREFIX_AT_LEAST = 8


def _db(db: str | os.PathLike | None) -> Path:
    return database_path(getattr(db, "path", db) or default_db_path())


def _stored(db_path: Path) -> list[Batch]:
    check_store_owner(db_path, database_id(db_path), database_id)  # another database's are not listed
    return batches(store_dir(db_path))


def list_batches(db: str | os.PathLike | None = None) -> pd.DataFrame:
    """Every batch of the database's import store, in the order imported: its folder name, the
    file it came from, when, its tables and rows, and for a context source its profile and name."""
    rows = [
        {
            "batch": b.path.name,
            "file": b.manifest.get("file"),
            "imported_at": b.manifest.get("imported_at"),
            "tables": ",".join(sorted(b.manifest.get("tables", {}))),
            "rows_added": sum(b.manifest.get("rows_added", {}).values()),
            "profile": b.manifest.get("profile"),
            "source": b.manifest.get("source"),
        }
        for b in _stored(_db(db))
    ]
    return pd.DataFrame(rows, columns=BATCH_COLUMNS)


def list_sources(db: str | os.PathLike | None = None) -> pd.DataFrame:
    """The context sources of the database's import store: name, profile, release date, k,
    records, file, when imported and the batch that holds them."""
    rows = [
        {
            "source": m["source"],
            "profile": m["profile"],
            "release_date": m["release_date"],
            "k": m.get("k"),
            "records": sum(m.get("rows_added", {}).values()),
            "file": m.get("file"),
            "imported_at": m.get("imported_at"),
            "batch": b.path.name,
        }
        for b in _stored(_db(db))
        if "profile" in (m := b.manifest)
    ]
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS).astype({"k": "Int64"})


def find_batch(found: list[Batch], name: str) -> Batch:
    """The batch `name` names: its folder name, a prefix of it of 8 characters or more, the file
    name it was imported from when one batch only came from it, or the path of that file (matched
    by its contents). An `UnknownBatchError` with the
    closest name for anything else, listing the candidates when several match."""
    given = name.strip()
    exact = [b for b in found if b.path.name == given]
    if exact:
        return exact[0]
    matches = [b for b in found if len(given) >= PREFIX_AT_LEAST and b.path.name.startswith(given)]
    if not matches:
        matches = [b for b in found if b.manifest.get("file") == given]
    if not matches and Path(given).is_file():  # by its contents: a victim file's name is not kept
        sha256 = file_sha256(Path(given))
        matches = [b for b in found if b.manifest.get("file_sha256") == sha256]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = [
            f"{b.path.name} ({b.manifest.get('file')}, {b.manifest.get('imported_at')} UTC)" for b in matches
        ]
        raise UnknownBatchError(
            f"{given!r} names {len(matches)} import batches: {'; '.join(listed)}. Give the batch's "
            "folder name (`workbench imports list` shows them).",
            given=given,
            valid=[b.path.name for b in matches],
        )
    return _unknown(
        "import_batch", given, [b.path.name for b in found] + [str(b.manifest.get("file")) for b in found]
    )


def find_source(found: list[Batch], name: str) -> Batch:
    """The batch holding the context source `name` (its name as imported, any case, or its batch)."""
    given = name.strip()
    sources = [b for b in found if "profile" in b.manifest]
    for same in (lambda s: s == given, lambda s: s.casefold() == given.casefold()):
        matches = [b for b in sources if same(str(b.manifest["source"]))]
        if len(matches) == 1:
            return matches[0]
    matches = [b for b in sources if b.path.name == given]
    if matches:
        return matches[0]
    return _unknown("context_source", given, [str(b.manifest["source"]) for b in sources])


def _unknown(what: str, given: str, valid: list[str]) -> Batch:
    """`what` ('import_batch', 'context_source') named `given` is not in the store: an error with
    words (`_error_words`), so a command says it in its language."""
    match, _ = did_you_mean(given, valid)
    listed = ", ".join(dict.fromkeys(valid))
    key = f"unknown_{what}" if listed else f"no_{what}"
    fields: dict[str, object] = {
        "given": repr(given),
        "listed": listed,
        "match": repr(match) if match else None,
    }
    raise UnknownBatchError(
        error_text(key, fields, "en"), given=given, valid=valid, closest=match, words=(key, fields)
    )


def remove_batch(name: str, db: str | os.PathLike | None = None, data_dir: Path | None = None) -> Path:
    """Take the import batch `name` out of the database's import store and rebuild the database
    without it; returns the folder it was moved to (`removed/` in the store), from which moving it
    back restores it."""
    return _remove(_db(db), name, find_batch, data_dir)


def remove_source(name: str, db: str | os.PathLike | None = None, data_dir: Path | None = None) -> Path:
    """Take the context source `name` out (its batch, as `remove_batch`); returns where it went."""
    return _remove(_db(db), name, find_source, data_dir)


def _remove(db_path: Path, name: str, find, data_dir: Path | None) -> Path:
    data = data_dir if data_dir is not None else DATA_DIR
    private_dir(db_path.parent)
    with build_lock(db_path):
        stored, _ = current(db_path, data)
        if stored.startswith(NATIONAL_FINGERPRINT_PREFIX):
            fields: dict[str, object] = {"db": str(db_path)}
            raise StoreError(error_text("remove_national", fields, "en"), words=("remove_national", fields))
        store = store_dir(db_path)
        batch = find(batches(store), name)
        aside = private_dir(store / REMOVED)
        target = aside / batch.path.name
        if target.exists():
            raise StoreError(f"{target} is already there: move it away first, then remove {batch.path.name}.")
        os.rename(batch.path, target)
        fsync_dir(store)
        try:
            build(db_path, data, removed=frozenset({batch.path.name}))
        except BaseException:
            os.rename(target, batch.path)  # the database was not switched: the store goes back too
            fsync_dir(store)
            raise
    return target


def still_held(kept: Path, db: str | os.PathLike | None = None) -> tuple[int, list[str]]:
    """What taking out the batch now at `kept` (in `removed/`) left in the database: how many of
    its records are still there because another batch of the store (a file that held them when
    they were already stored) or data/ holds them; and the batches imported after it that skipped
    records as already there without recording which (imported by an earlier version), of which
    nobody can tell whether they held some of its records."""
    db_path = _db(db)
    manifest = read_manifest(kept / "manifest.json")
    found = current_file(db_path)
    held = 0
    if found is not None:
        with duckdb.connect(":memory:") as con:
            con.execute("ATTACH '" + str(found).replace("'", "''") + "' AS db (READ_ONLY)")
            for table in RECORD_TABLES:
                entry = manifest["tables"].get(table.name)
                if entry is None or table.key_with is not None:
                    continue
                name, key = quote_identifier(table.name), quote_identifier(table.key)
                held += con.execute(
                    f"SELECT count(*) FROM read_parquet($path) r WHERE r.{key} IN "  # noqa: S608 - declared names
                    f"(SELECT {key} FROM db.store.{name})",
                    {"path": str(kept / entry["file"])},
                ).fetchall()[0][0]
    unsure = [
        f"{b.path.name} ({b.manifest.get('file')})"
        for b in _stored(db_path)
        if b.path.name > kept.name
        and "held" not in b.manifest
        and sum(b.manifest.get("rows_skipped", {}).values())
    ]
    return held, unsure
