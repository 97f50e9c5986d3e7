"""The import store: every accepted import as an immutable, identifier-free batch, and the key file.

An accepted file becomes a folder `<store>/<time>-<hash>/` holding one Parquet file per table and
`manifest.json` (the import log entry: file name and SHA-256, time, rows added and skipped). It is
written under a temporary name and renamed into place in one step, so a process killed at any
moment leaves either no batch or a whole one; half-written temporary folders are never read.
The database build (`_build`) includes every batch, and the batches' manifests are part of its
fingerprint, so rebuilding the database never loses an import.

The store sits beside the database (`imports/` next to it) unless `WORKBENCH_IMPORTS` names
another folder. Like the database it is outside `data/` and outside git. It names the database it
belongs to (`owner.json`), and any other database of that folder is refused: two databases never
share a store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import platformdirs

from .._errors import DataFileError, KeyFileError, StoreError
from .._paths import DATA_DIR, PROJECT_ROOT, default_db_path
from .._private import PRIVATE_FILE, fsync_dir, private_dir, rename_waiting, write_private
from .._schema import CONTEXT_SOURCES_SQL, CONTEXT_TABLES, RECORD_TABLES, create_table_sql, quote_identifier
from .._settings import setting

MANIFEST = "manifest.json"
# Batches taken out of the store (`remove_batch`) are kept here, whole. The build reads from them
# only the records a batch still in the store also holds (`HELD`): see `add_held`.
REMOVED = "removed"
# The keys of the records a file held that were already stored (skipped as "already there"), per
# table: a batch records them so that taking out the batch that added them keeps those records.
HELD = "held.parquet"


def store_dir(db_path: Path, national: bool = False) -> Path:
    """The import store of a database. A national-scale database keeps its batches in a folder
    of their own inside it (`national-<name>/`), which the city database's build never reads:
    a folder holding no manifest is not a batch.

    `WORKBENCH_IMPORTS` moves the store of the default database (`WORKBENCH_DB`, or the project's)
    only: any other database (a scratch copy, a backup) keeps its store beside it, so two
    databases never share one store, whose batches each would build in."""
    env = setting("WORKBENCH_IMPORTS")
    default = os.path.realpath(default_db_path())
    base = (
        Path(env).expanduser()
        if env and os.path.realpath(db_path) == default
        else Path(db_path).parent / "imports"
    )
    return base / f"national-{Path(db_path).stem}" if national else base


# The store's owner: the database file (its name in the store's folder) and its identity. Two
# databases in one folder would otherwise share `imports/` and build each other's imports.
OWNER = "owner.json"


def _shared_store(db_path: Path) -> Path | None:
    """The store beside `db_path` that another database in its folder could also read; None for a
    store `WORKBENCH_IMPORTS` names (the default database's alone)."""
    store = store_dir(db_path)
    return store if store == Path(db_path).parent / "imports" else None


def store_owner(store: Path) -> dict | None:
    """The owner recorded in `store` ({'database': file name, 'database_id': identity or None}),
    or None for a store no database has claimed yet (a new one, or one written before owners)."""
    path = store / OWNER
    if not path.is_file():
        return None
    try:
        owner = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        owner = None
    if not isinstance(owner, dict) or not isinstance(owner.get("database"), str) or not owner["database"]:
        raise StoreError(
            f"The owner file {path} of the import store is not one: it was changed by hand. Write "
            f'{{"database": "NAME.duckdb"}} into it, NAME.duckdb being the database beside it whose '
            "imports these are; nothing was built or changed meanwhile."
        )
    return owner


def check_store_owner(
    db_path: Path, identity: str | None, identity_of: Callable[[Path], str | None] | None = None
) -> None:
    """Refuse (`StoreError`) a database whose import store belongs to another database of its
    folder. The owner's pointer gone and the identity the same is the owner renamed: allowed. A
    new database under the name the owner left (renamed away) is not the owner: `identity_of`
    (the identity of a database path) finds the renamed owner in the folder."""
    store = _shared_store(db_path)
    owner = None if store is None else store_owner(store)
    if store is None or owner is None:
        return
    recorded = owner.get("database_id")
    if owner["database"] == Path(db_path).name:
        if recorded is None or identity == recorded or identity_of is None:
            return
        moved = [
            p
            for p in sorted(store.parent.glob("*.duckdb"))
            if p.name != Path(db_path).name and identity_of(p) == recorded
        ]
        if not moved:
            return  # the owner itself, rebuilt (its file deleted, say): the store is its own
        owner = {"database": moved[0].name, "database_id": recorded}
    else:
        other = store.parent / owner["database"]
        renamed = not (other.exists() or other.is_symlink()) and identity is not None
        if renamed and recorded == identity:
            return
    other = store.parent / owner["database"]
    whose = f"the database {owner['database']}" + ("" if other.exists() else " (no longer in this folder)")
    raise StoreError(
        f"The import store {store} belongs to {whose}, not to {db_path} (its owner file {store / OWNER} "
        f"says so): two databases in one folder would build each other's imports, so {db_path.name} "
        "was neither built, imported into nor read. Keep each database in a folder of its own: "
        f"`workbench backup --db {db_path} OTHER-FOLDER/{db_path.name}` copies it there (without the "
        f"other database's imports), or build a new one with --db OTHER-FOLDER/{db_path.name}."
    )


def _holds_batches(store: Path) -> bool:
    """Whether `store` holds a batch folder, taken out ones included (hidden staging does not count)."""
    try:
        return store.is_dir() and any(p.is_dir() and not p.name.startswith(".") for p in store.iterdir())
    except OSError:
        return False


def claim_store(db_path: Path, identity: str | None) -> None:
    """Record `db_path` as the owner of its import store (checked first: `check_store_owner`).
    A store holding no batch yet is not claimed: a database never imported into (or an import
    killed before its commit) leaves its folder as it was; the import's commit claims it."""
    check_store_owner(db_path, identity)
    store = _shared_store(db_path)
    if store is None or not _holds_batches(store):
        return  # nothing to own yet: claimed with its first batch
    wanted = {"database": Path(db_path).name, "database_id": identity}
    owner = store_owner(store)
    same = owner is not None and owner["database"] == wanted["database"]
    if owner == wanted or (same and identity is None):
        return
    private_dir(store)
    temporary = store / f".tmp-owner-{uuid.uuid4().hex}"
    write_private(temporary, (json.dumps(wanted, ensure_ascii=False) + "\n").encode("utf-8"))
    try:
        if owner is None:
            try:
                os.link(temporary, store / OWNER)  # another database claiming at once: one wins
            except FileExistsError:
                check_store_owner(db_path, identity)
        else:
            os.replace(temporary, store / OWNER)  # this database renamed, or its identity now known
    finally:
        temporary.unlink(missing_ok=True)
    fsync_dir(store)


KEY_NAME = "pseudonym.key"


def default_key_file() -> Path:
    """`WORKBENCH_KEY_FILE`, else `pseudonym.key` in the user's configuration folder of this
    system (never under data/): ~/.config/workbench on Linux, %LOCALAPPDATA%\\workbench on Windows,
    ~/Library/Application Support/workbench on macOS. A key kept where earlier versions put it
    (~/.config/workbench, on every system) is used while none is in the new place."""
    env = setting("WORKBENCH_KEY_FILE")
    if env:
        return Path(env).expanduser()
    chosen = Path(platformdirs.user_config_dir("workbench", appauthor=False)) / KEY_NAME
    earlier = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "workbench" / KEY_NAME
    return earlier if not chosen.exists() and earlier.is_file() else chosen


KEY_BYTES = 32


def load_key(path: Path, data_dir: Path | None = None) -> bytes:
    """The secret of the pseudonymous keys; created on first use (32 random bytes, owner-only).

    Refused (`KeyFileError`) when shorter than 32 bytes, not hexadecimal, readable by group or
    others, or kept inside the repository or `data/` (where it would travel with the data).
    Lose it and the same person imported again gets a new key: keep a copy somewhere safe, and
    share it (and only it) with the people who import on another machine.
    """
    path = Path(path).expanduser()
    _check_key_place(path, data_dir)
    if not path.exists() and not path.is_symlink():
        private_dir(path.parent)
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as error:
            raise KeyFileError(f"Cannot create the pseudonym key file {path}: {error.strerror}.") from None
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(KEY_BYTES) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)  # fails if another process made one first: use theirs
        except FileExistsError:
            pass
        finally:
            temporary.unlink(missing_ok=True)
    if not path.is_file():
        raise KeyFileError(f"The pseudonym key file {path} is not a file; give the path of the key file.")
    mode = path.stat().st_mode & 0o777
    # Windows has no group/other bits (st_mode is 0o666 for any writable file): there the key is
    # owner-only by the ACL of the user's profile folder it is created in (see docs/windows.md).
    if mode & 0o077 and os.name != "nt":
        raise KeyFileError(
            f"The pseudonym key file {path} can be read by others (mode {mode:o}); "
            f"make it owner-only: chmod 600 {path}"
        )
    try:
        text = path.read_bytes().decode("ascii").strip()
        key = bytes.fromhex(text)
    except PermissionError:
        raise KeyFileError(f"The pseudonym key file {path} cannot be read by this user.") from None
    except (UnicodeDecodeError, ValueError):
        raise KeyFileError(
            f"The pseudonym key file {path} does not hold a key: expected {2 * KEY_BYTES} or more "
            "hexadecimal digits on one line. Restore the key from your copy; do not make a new one "
            "for a store that already holds victim records (the same person would get a new key)."
        ) from None
    if len(key) < KEY_BYTES:
        raise KeyFileError(
            f"The pseudonym key in {path} is {len(key)} bytes; at least {KEY_BYTES} are needed (a short "
            "key lets anyone recompute a pseudonym from an ID-card number). Restore the key from your "
            "copy, or, for a store with no victim records yet, delete the file and a new one is made."
        )
    return key


def _check_key_place(path: Path, data_dir: Path | None) -> None:
    """Refuse a key kept where it would be copied or committed along with the data."""
    where = path.resolve()
    places = [("the data folder", Path(data_dir).resolve())] if data_dir is not None else []
    places.append(("the data folder", DATA_DIR.resolve()))
    if (PROJECT_ROOT / "pyproject.toml").exists():
        places.append(("the repository", PROJECT_ROOT.resolve()))
    for name, folder in places:
        if where.is_relative_to(folder):
            raise KeyFileError(
                f"The pseudonym key file {path} is inside {name} ({folder}), where it would travel "
                "with the data. Keep it outside, e.g. ~/.config/workbench/pseudonym.key, and point "
                "WORKBENCH_KEY_FILE or --key-file at it."
            )


def key_id(key: bytes) -> str:
    """A name for a pseudonym key that gives nothing of it away, kept in each victim batch's
    manifest: victim files imported with another key would count the same people twice."""
    return hmac.new(key, b"workbench pseudonym key id", hashlib.sha256).hexdigest()[:16]


def pseudonym(key: bytes, identity: str) -> str:
    """A stable 16-hex-digit key for a person: HMAC-SHA256 of their normalised identity."""
    return hmac.new(key, identity.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Batch:
    path: Path
    manifest: dict

    def table_file(self, table: str) -> Path | None:
        name = self.manifest.get("tables", {}).get(table, {}).get("file")
        return self.path / name if name else None


REQUIRED_KEYS = ("batch", "file", "file_sha256", "imported_at", "tables", "rows_added")


def batches(store: Path) -> list[Batch]:
    """Committed batches in the order they were imported (temporary folders are not batches).

    A folder of the store that holds files but no manifest, or a manifest that is not valid JSON
    or lacks a key, is a `StoreError` naming it: a batch is never left out quietly."""
    if not store.is_dir():
        return []
    found = []
    try:
        folders = sorted(store.iterdir())
    except OSError as error:
        raise StoreError(f"Cannot read the import store {store}: {error.strerror or error}.") from None
    for folder in folders:
        # Hidden folders are imports in progress (or killed ones); national-* hold a national
        # database's batches, read with that database only.
        if folder.name.startswith((".", "national-")) or folder.name == REMOVED or not folder.is_dir():
            continue
        manifest = folder / MANIFEST
        if not manifest.is_file():
            if not any(folder.iterdir()):
                continue  # an empty folder holds nothing to lose
            raise StoreError(
                f"The import store folder {folder} holds no {MANIFEST}: it is an accepted batch whose "
                "manifest was deleted or moved, or a folder put there by hand. Its records would be "
                "dropped from the database, so nothing is built: restore its manifest.json from a "
                "backup of the store (the database as it is keeps its records meanwhile)."
            )
        batch = Batch(folder, read_manifest(manifest))
        _check_accounted_for(batch)
        found.append(batch)
    return found


def _check_accounted_for(batch: Batch) -> None:
    """Every file of a batch folder is one its manifest lists: a file left out of an edited
    manifest would drop its records from the database without a word."""
    listed = {entry["file"] for entry in batch.manifest["tables"].values()} | {MANIFEST}
    if "held" in batch.manifest:
        listed.add(HELD)
    try:
        present = {p.name for p in batch.path.iterdir()}
    except OSError as error:
        raise StoreError(f"Cannot read the batch {batch.path}: {error.strerror or error}.") from None
    unlisted = sorted(present - listed)
    if unlisted:
        raise StoreError(
            f"Imported batch {batch.path.name}: its manifest {batch.path / MANIFEST} does not list "
            f"{', '.join(unlisted)} held in the batch folder (the manifest was changed after the "
            "import). Its records would be dropped from the database, so nothing is built: restore "
            "the manifest from a backup of the import store."
        )


def read_manifest(path: Path) -> dict:
    """A batch's manifest, checked to be a JSON object with the keys the build needs."""
    try:
        manifest = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise StoreError(
            f"The manifest {path} is not valid JSON ({error}). Restore it from a backup of the import "
            "store; nothing was built meanwhile."
        ) from None
    except OSError as error:
        raise StoreError(f"Cannot read the manifest {path}: {error.strerror or error}.") from None
    missing = [k for k in REQUIRED_KEYS if not isinstance(manifest, dict) or k not in manifest]
    tables = manifest.get("tables") if isinstance(manifest, dict) else None
    if not missing and not (
        isinstance(tables, dict)
        and all(isinstance(t, dict) and {"file", "sha256"} <= t.keys() for t in tables.values())
    ):
        missing = ["tables.*.file/sha256"]
    held = manifest.get("held") if isinstance(manifest, dict) else None
    if (
        not missing
        and held is not None
        and not (isinstance(held, dict) and held.get("file") == HELD and isinstance(held.get("sha256"), str))
    ):
        missing = ["held.file/sha256"]
    if missing:
        raise StoreError(
            f"The manifest {path} lacks {', '.join(repr(k) for k in missing)}: it was changed after the "
            "import. Restore it from a backup of the import store; nothing was built meanwhile."
        )
    wrong = _wrong_field(manifest)
    if wrong:
        raise StoreError(
            f"The manifest {path} has {wrong}: it was changed after the import. Restore it from a "
            "backup of the import store; nothing was built meanwhile."
        )
    return manifest


def _wrong_field(manifest: dict) -> str | None:
    """The first field of a manifest whose value is not of the kind an import writes, said."""
    known = sorted(t.name for t in (*RECORD_TABLES, *CONTEXT_TABLES))

    def shown(value: object) -> str:
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 40 else text[:40] + "…"

    for field in ("batch", "file", "file_sha256", "imported_at"):
        if not isinstance(manifest[field], str):
            return f"{field!r} = {shown(manifest[field])}: expected text"
    try:
        dt.datetime.fromisoformat(manifest["imported_at"])
    except ValueError:
        return f"'imported_at' = {shown(manifest['imported_at'])}: expected a time as YYYY-MM-DD HH:MM:SS"
    for table, entry in manifest["tables"].items():
        if table not in known:
            return f"a table {shown(table)} in 'tables': the known tables are {', '.join(known)}"
        if entry["file"] != f"{table}.parquet" or not isinstance(entry["sha256"], str):
            return f"'tables.{table}' = {shown(entry)}: expected file {table}.parquet and its SHA-256"
    for field in ("rows_added", "rows_skipped", "rows_read"):
        counts = manifest.get(field, {})
        if not isinstance(counts, dict):
            return f"{field!r} = {shown(counts)}: expected a count per table"
        for table, count in counts.items():
            if table not in known:
                return f"a table {shown(table)} in {field!r}: the known tables are {', '.join(known)}"
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                return f"'{field}.{table}' = {shown(count)}: expected a whole number of rows"
    warnings = manifest.get("warnings", 0)
    if isinstance(warnings, bool) or not isinstance(warnings, int) or warnings < 0:
        return f"'warnings' = {shown(warnings)}: expected a whole number"
    return _wrong_context_field(manifest, shown)


def _wrong_context_field(manifest: dict, shown: Callable[[object], str]) -> str | None:
    """The first field of a context batch's manifest (profile, source, release date, k) that is
    not of the kind a context import writes."""
    context = [t.name for t in CONTEXT_TABLES if t.name in manifest["tables"]]
    if not context and "profile" not in manifest:
        return None
    for field in ("profile", "source", "release_date"):
        if not isinstance(manifest.get(field), str) or not manifest[field]:
            return f"{field!r} = {shown(manifest.get(field))}: expected text"
    try:
        dt.date.fromisoformat(manifest["release_date"])
    except ValueError:
        return f"'release_date' = {shown(manifest['release_date'])}: expected a date as YYYY-MM-DD"
    k = manifest.get("k")
    if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 1):
        return f"'k' = {shown(k)}: expected a whole number of 1 or more, or null"
    return None


def verify_batch(batch: Batch) -> None:
    """Each of the batch's files against the SHA-256 its manifest recorded at import."""
    entries = sorted(batch.manifest["tables"].items())
    if "held" in batch.manifest:
        entries.append(("held", batch.manifest["held"]))
    for table, entry in entries:
        path = batch.path / entry["file"]
        try:
            actual = file_sha256(path)
        except OSError as error:
            actual = f"unreadable ({error.strerror or error})"
        if actual != entry["sha256"]:
            raise StoreError(
                f"Imported batch {batch.path.name} ({batch.manifest.get('file')}, imported "
                f"{batch.manifest.get('imported_at')} UTC): its {table} file {entry['file']} no longer "
                f"matches the SHA-256 recorded at import (it was changed, truncated or removed since). "
                "Nothing was built: restore the batch folder from a backup of the import store."
            )


def fingerprint_part(store: Path) -> bytes:
    """What the build depends on in the store: each batch's name and manifest (which holds the
    SHA-256 of its data files, checked against them at every build: `verify_batch`)."""
    digest = hashlib.sha256()
    for batch in batches(store):
        digest.update(batch.path.name.encode() + b"\0" + (batch.path / MANIFEST).read_bytes())
    for batch in removed_batches(store):  # the records of theirs that a batch still holds are built in
        digest.update(b"removed\0" + batch.path.name.encode() + b"\0" + (batch.path / MANIFEST).read_bytes())
    return digest.hexdigest().encode()


def removed_batches(store: Path) -> list[Batch]:
    """The batches taken out of the store (`removed/`) that hold records, in the order imported.
    A folder there that is not a whole batch (moved there by hand) is not read."""
    aside = store / REMOVED
    if not aside.is_dir():
        return []
    found = []
    for folder in sorted(aside.iterdir()):
        if folder.is_dir() and not folder.name.startswith(".") and (folder / MANIFEST).is_file():
            batch = Batch(folder, read_manifest(folder / MANIFEST))
            if batch.manifest["tables"]:
                found.append(batch)
    return found


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stage(name: str) -> None:
    """A named point of an import ('locked', 'read', 'validated', 'batch-written', 'committed',
    'built'): whoever watches imports hears of it (the crash tests stop a process at each point)."""
    for watcher in WATCHERS:
        watcher(name)


# Called with each stage's name; nothing watches unless a caller adds itself.
WATCHERS: list[Callable[[str], None]] = []


def new_staging(store: Path) -> Path:
    """A private folder in the store for Parquet files an import may turn into its batch."""
    private_dir(store)
    return private_dir(store / f".stage-{uuid.uuid4().hex}")


def clear_staging(store: Path) -> None:
    """Remove what killed imports left behind (only ever called under the import lock)."""
    if store.is_dir():
        for folder in store.iterdir():
            if folder.name.startswith((".stage-", ".tmp-")) and folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)


def commit(
    store: Path,
    con: duckdb.DuckDBPyConnection,
    manifest: dict,
    contents: dict[str, str | Path],
    held: str | None = None,
) -> Path:
    """Write a batch atomically: each table's records (a query on `con` written to Parquet, or a
    Parquet file already written in the store's staging folder, moved), the keys of the records the
    file held that were already stored (`held`: a query of columns `table` and `key`), then the
    manifest, then one rename. Returns the batch folder."""
    private_dir(store)
    # To the microsecond: batches sort in the order they were imported, even within a second.
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    name = f"{stamp}-{manifest['file_sha256'][:12]}-{uuid.uuid4().hex[:6]}"
    temporary = private_dir(store / f".tmp-{name}")
    tables = {}
    for table, content in contents.items():
        target = temporary / f"{table}.parquet"
        if isinstance(content, Path):
            os.replace(content, target)
        else:  # a query assembled from declared names only (see _import)
            con.execute(f"COPY ({content}) TO $path (FORMAT parquet)", {"path": str(target)})
        os.chmod(target, PRIVATE_FILE)  # written inside the owner-only folder, kept owner-only
        with target.open("rb") as handle:
            os.fsync(handle.fileno())
        tables[table] = {"file": target.name, "sha256": file_sha256(target)}
    manifest = {**manifest, "batch": name, "tables": tables}
    if held is not None:
        target = temporary / HELD
        con.execute(f"COPY ({held}) TO $path (FORMAT parquet)", {"path": str(target)})
        os.chmod(target, PRIVATE_FILE)
        with target.open("rb") as handle:
            os.fsync(handle.fileno())
        manifest["held"] = {"file": HELD, "sha256": file_sha256(target)}
    data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    write_private(temporary / MANIFEST, data)
    fsync_dir(temporary)
    stage("batch-written")
    final = store / name
    rename_waiting(os.rename, temporary, final)  # a scanner may hold a file just written, for an instant
    fsync_dir(store)
    return final


def withdraw(store: Path, found: list[Batch], db_path: Path) -> None:
    """Take the batches `found`, just committed, out of the store again: the database could not be
    switched to them, so the import is undone as a whole and the error said is true ("the database
    is as it was"); running the same import again adds them once. A batch that cannot be taken out
    is a `StoreError` saying exactly where things are."""
    for batch in found:
        hidden = store / f".tmp-withdrawn-{batch.path.name}"  # no longer a batch from this instant
        try:
            os.rename(batch.path, hidden)
        except OSError as error:
            raise StoreError(
                f"The database {db_path} could not be switched to the new import, and its batch "
                f"{batch.path} could not be taken out of the import store again ({error.strerror or error}). "
                "Its records are kept there and go into the database at the next `workbench build` "
                "(run once the cause above is solved); running the import again adds nothing twice."
            ) from None
        shutil.rmtree(hidden, ignore_errors=True)
    fsync_dir(store)


def create_import_log(con: duckdb.DuckDBPyConnection) -> None:
    """The import log and its view, and the context tables and their views, where a database
    has none yet."""
    _create_context_tables(con)
    con.execute(
        "CREATE TABLE IF NOT EXISTS store.import_log (batch VARCHAR, file VARCHAR, file_sha256 VARCHAR, "
        "imported_at TIMESTAMP, tables VARCHAR, rows_added BIGINT, rows_skipped BIGINT, warnings BIGINT)"
    )
    con.execute(
        "CREATE VIEW IF NOT EXISTS main.imports AS SELECT * FROM store.import_log ORDER BY imported_at, batch"
    )


def _create_context_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The context tables (`_schema.CONTEXT_TABLES`) and the table of their sources, with views in
    `main`, where a database has none yet (a database built before them gets them at its first
    import)."""
    have = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'store'"
        ).fetchall()
    }
    for table in CONTEXT_TABLES:
        if table.name not in have:
            con.execute(create_table_sql(table, "store"))
        name = quote_identifier(table.name)
        con.execute(f"CREATE VIEW IF NOT EXISTS main.{name} AS SELECT * FROM store.{name}")  # noqa: S608
    if "context_sources" not in have:
        con.execute(CONTEXT_SOURCES_SQL)
    con.execute(
        "CREATE VIEW IF NOT EXISTS main.context_sources AS SELECT * FROM store.context_sources "
        "ORDER BY imported_at, source"
    )


def add_to_build(con: duckdb.DuckDBPyConnection, store: Path) -> int:
    """Insert every batch into a database being built, with the import log, then the records of
    batches taken out that a batch still in the store holds; returns rows added."""
    create_import_log(con)
    found = batches(store)
    added = add_batches(con, found)
    add_held(con, found, removed_batches(store))
    return added


def add_held(con: duckdb.DuckDBPyConnection, found: list[Batch], removed: list[Batch]) -> dict[str, int]:
    """Insert the records of the batches taken out (`removed`) whose key a batch of `found` holds
    (a file that held them when they were already stored: `HELD`) and the database does not hold
    yet; of a key several removed batches hold, the latest one's record. Returns rows per table."""
    holders = [b.path / HELD for b in found if "held" in b.manifest]
    if not holders or not removed:
        return {}
    for batch in found:
        if "held" in batch.manifest:
            verify_batch(batch)
    con.execute(
        'CREATE OR REPLACE TEMP TABLE held_keys AS SELECT DISTINCT "table", "key" FROM read_parquet($paths)',
        {"paths": [str(p) for p in holders]},
    )
    kept: dict[str, int] = {}
    for table in RECORD_TABLES:
        if table.key_with is not None:
            continue  # a link table: never imported from a file
        sources = [b for b in removed if b.table_file(table.name) is not None]
        if not sources:
            continue
        for batch in sources:
            verify_batch(batch)
        name, key = quote_identifier(table.name), quote_identifier(table.key)
        columns = ", ".join(quote_identifier(c) for c in table.column_names)
        before = con.execute(f"SELECT count(*) FROM store.{name}").fetchall()[0][0]  # noqa: S608
        # Batch folders are named by the time of import: the latest path sorts last.
        con.execute(
            f"""INSERT INTO store.{name} BY NAME SELECT {columns}
                FROM read_parquet($paths, filename = true, union_by_name = true) r
                WHERE CAST(r.{key} AS VARCHAR) IN (SELECT "key" FROM held_keys WHERE "table" = $table)
                  AND r.{key} NOT IN (SELECT {key} FROM store.{name} WHERE {key} IS NOT NULL)
                QUALIFY row_number() OVER (PARTITION BY r.{key} ORDER BY r.filename DESC) = 1""",  # noqa: S608
            {"table": table.name, "paths": [str(b.table_file(table.name)) for b in sources]},
        )
        after = con.execute(f"SELECT count(*) FROM store.{name}").fetchall()[0][0]  # noqa: S608
        if after > before:
            kept[table.name] = after - before
    con.execute("DROP TABLE held_keys")
    return kept


def add_batches(con: duckdb.DuckDBPyConnection, found: list[Batch]) -> int:
    """Insert `found` batches' records and their import-log rows; returns rows added."""
    added = 0
    log_rows = []
    for batch in found:
        verify_batch(batch)
        for table in (*RECORD_TABLES, *CONTEXT_TABLES):
            path = batch.table_file(table.name)
            if path is None:
                continue
            try:
                con.execute(
                    f"INSERT INTO store.{quote_identifier(table.name)} BY NAME "  # noqa: S608 - declared name
                    "SELECT * FROM read_parquet($path)",
                    {"path": str(path)},
                )
            except duckdb.Error as error:
                if "No space left" in str(error):
                    raise  # the disk is full: swapped_in says so, the batch is fine
                raise DataFileError(
                    f"Imported batch {batch.path.name} ({batch.manifest.get('file')}) no longer fits "
                    f"the {table.name} table: {error}. The database was not changed and the batch is "
                    "kept: build with the workbench version that imported it until the batch is migrated."
                ) from None
        m = batch.manifest
        if "profile" in m:  # a context source: its row of context_sources
            con.execute(
                "INSERT INTO store.context_sources VALUES ($source, $profile, $release, $k, $file, $sha, "
                "$batch, $at, $records, $notice)",
                {
                    "source": m["source"],
                    "profile": m["profile"],
                    "release": m["release_date"],
                    "k": m.get("k"),
                    "file": m.get("file"),
                    "sha": m.get("file_sha256"),
                    "batch": m["batch"],
                    "at": m.get("imported_at"),
                    "records": sum(m.get("rows_added", {}).values()),
                    "notice": m.get("notice"),
                },
            )
        log_rows.append(
            (
                m["batch"],
                m.get("file"),
                m.get("file_sha256"),
                m.get("imported_at"),
                ",".join(sorted(m.get("rows_added", {}))) or None,
                sum(m.get("rows_added", {}).values()),
                sum(m.get("rows_skipped", {}).values()),
                m.get("warnings", 0),
            )
        )
        added += sum(m.get("rows_added", {}).values())
    if log_rows:
        con.executemany("INSERT INTO store.import_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)", log_rows)
    return added
