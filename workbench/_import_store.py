"""The import store: every accepted import as an immutable, identifier-free batch, and the key file.

An accepted file becomes a folder `<store>/<time>-<hash>/` holding one Parquet file per table and
`manifest.json` (the import log entry: file name and SHA-256, time, rows added and skipped). It is
written under a temporary name and renamed into place in one step, so a process killed at any
moment leaves either no batch or a whole one; half-written temporary folders are never read.
The database build (`_build`) includes every batch, and the batches' manifests are part of its
fingerprint, so rebuilding the database never loses an import.

The store sits beside the database (`imports/` next to it) unless `WORKBENCH_IMPORTS` names
another folder. Like the database it is outside `data/` and outside git.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ._errors import DataFileError
from ._schema import RECORD_TABLES, quote_identifier

MANIFEST = "manifest.json"


def store_dir(db_path: Path, national: bool = False) -> Path:
    """The import store of a database. A national-scale database keeps its batches in a folder
    of their own inside it (`national-<name>/`), which the city database's build never reads:
    a folder holding no manifest is not a batch."""
    env = os.environ.get("WORKBENCH_IMPORTS")
    base = Path(env).expanduser() if env else Path(db_path).parent / "imports"
    return base / f"national-{Path(db_path).stem}" if national else base


def default_key_file() -> Path:
    """`WORKBENCH_KEY_FILE`, else a file in the user's configuration folder (never under data/)."""
    env = os.environ.get("WORKBENCH_KEY_FILE")
    if env:
        return Path(env).expanduser()
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config / "workbench" / "pseudonym.key"


def load_key(path: Path) -> bytes:
    """The secret of the pseudonymous keys; created on first use, readable by its owner only.

    Lose it and the same person imported again gets a new key: keep a copy somewhere safe, and
    share it (and only it) with the people who import on another machine.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)  # fails if another process made one first: use theirs
        except FileExistsError:
            pass
        finally:
            temporary.unlink(missing_ok=True)
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise PermissionError(
            f"The pseudonym key file {path} can be read by others (mode {mode:o}); "
            f"make it owner-only: chmod 600 {path}"
        )
    text = path.read_text(encoding="ascii").strip()
    return bytes.fromhex(text)


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


def batches(store: Path) -> list[Batch]:
    """Committed batches in the order they were imported (temporary folders are not batches)."""
    if not store.is_dir():
        return []
    found = []
    for folder in sorted(store.iterdir()):
        manifest = folder / MANIFEST
        if folder.name.startswith(".") or not manifest.is_file():
            continue
        found.append(Batch(folder, json.loads(manifest.read_text(encoding="utf-8"))))
    return found


def fingerprint_part(store: Path) -> bytes:
    """What the build depends on in the store: each batch's name and manifest (which holds the
    SHA-256 of its data files; batches never change after they are written)."""
    digest = hashlib.sha256()
    for batch in batches(store):
        digest.update(batch.path.name.encode() + b"\0" + (batch.path / MANIFEST).read_bytes())
    return digest.hexdigest().encode()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stage(name: str) -> None:
    """A named point of an import. For the crash tests: `WORKBENCH_IMPORT_PAUSE=<name>` makes the
    process announce it reached the point (touching `WORKBENCH_IMPORT_PAUSE_FILE`) and wait there
    to be killed."""
    if os.environ.get("WORKBENCH_IMPORT_PAUSE") != name:
        return
    marker = os.environ.get("WORKBENCH_IMPORT_PAUSE_FILE")
    if marker:
        Path(marker).write_text(name, encoding="utf-8")
    time.sleep(float(os.environ.get("WORKBENCH_IMPORT_PAUSE_SECONDS", "120")))


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def new_staging(store: Path) -> Path:
    """A private folder in the store for Parquet files an import may turn into its batch."""
    store.mkdir(parents=True, exist_ok=True)
    folder = store / f".stage-{uuid.uuid4().hex}"
    folder.mkdir()
    return folder


def clear_staging(store: Path) -> None:
    """Remove what killed imports left behind (only ever called under the import lock)."""
    if store.is_dir():
        for folder in store.iterdir():
            if folder.name.startswith((".stage-", ".tmp-")) and folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)


def commit(
    store: Path, con: duckdb.DuckDBPyConnection, manifest: dict, contents: dict[str, str | Path]
) -> Path:
    """Write a batch atomically: each table's records (a query on `con` written to Parquet, or a
    Parquet file already written in the store's staging folder, moved), then the manifest, then
    one rename. Returns the batch folder."""
    store.mkdir(parents=True, exist_ok=True)
    # To the microsecond: batches sort in the order they were imported, even within a second.
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    name = f"{stamp}-{manifest['file_sha256'][:12]}-{uuid.uuid4().hex[:6]}"
    temporary = store / f".tmp-{name}"
    temporary.mkdir()
    tables = {}
    for table, content in contents.items():
        target = temporary / f"{table}.parquet"
        if isinstance(content, Path):
            os.replace(content, target)
        else:  # a query assembled from declared names only (see _import)
            con.execute(f"COPY ({content}) TO $path (FORMAT parquet)", {"path": str(target)})
        with target.open("rb") as handle:
            os.fsync(handle.fileno())
        tables[table] = {"file": target.name, "sha256": file_sha256(target)}
    manifest = {**manifest, "batch": name, "tables": tables}
    data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    with (temporary / MANIFEST).open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    _fsync_dir(temporary)
    stage("batch-written")
    final = store / name
    os.rename(temporary, final)
    _fsync_dir(store)
    return final


def create_import_log(con: duckdb.DuckDBPyConnection) -> None:
    """The import log and its view, where a database has none yet."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS store.import_log (batch VARCHAR, file VARCHAR, file_sha256 VARCHAR, "
        "imported_at TIMESTAMP, tables VARCHAR, rows_added BIGINT, rows_skipped BIGINT, warnings BIGINT)"
    )
    con.execute(
        "CREATE VIEW IF NOT EXISTS main.imports AS SELECT * FROM store.import_log ORDER BY imported_at, batch"
    )


def add_to_build(con: duckdb.DuckDBPyConnection, store: Path) -> int:
    """Insert every batch into a database being built, with the import log; returns rows added."""
    create_import_log(con)
    return add_batches(con, batches(store))


def add_batches(con: duckdb.DuckDBPyConnection, found: list[Batch]) -> int:
    """Insert `found` batches' records and their import-log rows; returns rows added."""
    added = 0
    log_rows = []
    for batch in found:
        for table in RECORD_TABLES:
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
                raise DataFileError(
                    f"Imported batch {batch.path.name} ({batch.manifest.get('file')}) no longer fits "
                    f"the {table.name} table: {error}. Move that folder out of {batch.path.parent} "
                    "to build without it."
                ) from None
        m = batch.manifest
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
