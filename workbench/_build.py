"""Building the embedded database from the files in `data/`, atomically, only when they changed.

A build writes a new database file, a new generation, beside the current one and then points the
database path at it (`_generations`), so a reader never sees half a build: one that is already
open keeps reading the old generation, and `Workbench` switches to the new one on its next query.
No file anybody may have open is ever renamed over or deleted (Windows would refuse).
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import os
import shutil
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb
import pandas as pd
from filelock import FileLock

from ._codes import CODES_INSERT_SQL, CODES_TABLE_SQL, codes_table_rows
from ._errors import CorruptDatabaseError, DataFileError, RebuiltWarning, StoreError
from ._generations import (
    adopt,
    current_file,
    generations,
    move_aside,
    publish,
    released_mark,
    remove_old,
    running,
)
from ._importer.store import (
    add_batches,
    add_to_build,
    batches,
    check_store_owner,
    claim_store,
    clear_staging,
    create_import_log,
    fingerprint_part,
    store_dir,
    store_owner,
    verify_batch,
)
from ._kinds import counts_people
from ._load import read_records
from ._paths import DATA_DIR
from ._private import PRIVATE_DIR, create_private, file_mode, private_dir
from ._schema import RECORD_TABLES, SCHEMA_VERSION, create_table_sql, duplicate_key_sql, quote_identifier
from ._support_rules import ineligible_reason
from ._units import (
    CONTRIBUTIONS_FILE,
    CROSSWALK_FILE,
    LAST_DAY_BEFORE_REFORM,
    REFORM_DATE,
    UNITS_FILE,
    former_communes,
    harmonisation_rules,
    harmonised_areas,
    place_weight_rows,
    unit_crosswalk,
    units_2025,
)

# Databases written by the national generator (_national) carry fingerprints starting so.
NATIONAL_FINGERPRINT_PREFIX = "national-"
# The modules whose text defines what a build produces: a change to any of them rebuilds.
_DEFINING_MODULES = ("_schema.py", "_codes.py", "_build.py", "_load.py", "_units.py")
# Databases up to this size are read through whole on every connect() to find damaged blocks (the
# city database: a few megabytes, milliseconds); larger ones by `workbench build`.
VERIFY_UP_TO_BYTES = 64 * 1024 * 1024


_VIEWS = (
    """CREATE VIEW main.districts AS
       SELECT code AS district_code, name_vi AS district, name_ascii AS district_ascii, kind,
              commune_units_2020_2024, area_km2, population, population_year,
              population_is_estimate, population_source
       FROM store.districts""",
    # place_code is the place as recorded: the district before 1 July 2025, the new unit after.
    """CREATE VIEW main.events AS
       SELECT e.*, year(e.event_date) AS year, month(e.event_date) AS month,
              d.name_vi AS district, u.name AS unit,
              coalesce(e.district_code, e.unit_code) AS place_code,
              coalesce(d.name_vi, u.name) AS place
       FROM store.events e
       LEFT JOIN store.districts d ON d.code = e.district_code
       LEFT JOIN store.units u ON u.code = e.unit_code
            AND e.event_date BETWEEN u.valid_from AND u.valid_to""",
    """CREATE VIEW main.victims AS
       SELECT v.*, year(v.reception_date) AS year, month(v.reception_date) AS month,
              d.name_vi AS district, u.name AS unit,
              coalesce(v.district_code, v.unit_code) AS place_code,
              coalesce(d.name_vi, u.name) AS place
       FROM store.victims v
       LEFT JOIN store.districts d ON d.code = v.district_code
       LEFT JOIN store.units u ON u.code = v.unit_code
            AND v.reception_date BETWEEN u.valid_from AND u.valid_to""",
    """CREATE VIEW main.victim_exploitation AS
       SELECT victim_id, unnest(exploitation) AS exploitation FROM store.victims""",
    """CREATE VIEW main.victim_means_of_control AS
       SELECT victim_id, unnest(means_of_control) AS means_of_control FROM store.victims""",
    """CREATE VIEW main.support_services AS
       SELECT s.*, year(s.service_date) AS year, month(s.service_date) AS month,
              v.district_code, v.district, v.place_code, v.place
       FROM store.support_services s
       JOIN main.victims v ON v.victim_id = s.victim_id""",
    """CREATE VIEW main.hotline AS
       SELECT h.*, year(h.contact_date) AS year, month(h.contact_date) AS month,
              d.name_vi AS district, u.name AS unit,
              coalesce(h.district_code, h.unit_code) AS place_code,
              coalesce(d.name_vi, u.name) AS place
       FROM store.hotline h
       LEFT JOIN store.districts d ON d.code = h.district_code
       LEFT JOIN store.units u ON u.code = h.unit_code
            AND h.contact_date BETWEEN u.valid_from AND u.valid_to""",
    """CREATE VIEW main.communication AS
       SELECT c.*, year(c.item_date) AS year, month(c.item_date) AS month,
              d.name_vi AS district, u.name AS unit,
              coalesce(c.district_code, c.unit_code) AS place_code,
              coalesce(d.name_vi, u.name) AS place
       FROM store.communication c
       LEFT JOIN store.districts d ON d.code = c.district_code
       LEFT JOIN store.units u ON u.code = c.unit_code
            AND c.item_date BETWEEN u.valid_from AND u.valid_to""",
    "CREATE VIEW main.units AS SELECT * FROM store.units",
    "CREATE VIEW main.unit_crosswalk AS SELECT * FROM store.unit_crosswalk",
    "CREATE VIEW main.harmonised_areas AS SELECT * FROM store.harmonised_areas",
    # Recorded place -> 2019 district (or former-province area group) with its share.
    """CREATE VIEW main.harmonisation AS
       SELECT h.place_code, coalesce(dn.name_vi, u.name) AS place, h.district_code,
              a.name_vi AS district, h.weight, h.share, h.rule
       FROM store.harmonisation h
       JOIN store.harmonised_areas a ON a.code = h.district_code
       LEFT JOIN store.districts dn ON dn.code = h.place_code
       LEFT JOIN store.units u ON u.code = h.place_code AND u.level = 'unit_2025'""",
    "CREATE VIEW main.codes AS SELECT * FROM store.codes",
    "CREATE VIEW main.metadata AS SELECT * FROM store.metadata",
    # Criminal cases, placed as events and victims are; victims_linked: the victim records linked.
    """CREATE VIEW main.cases AS
       SELECT c.*, year(c.detected_date) AS year, month(c.detected_date) AS month,
              d.name_vi AS district, u.name AS unit,
              coalesce(c.district_code, c.unit_code) AS place_code,
              coalesce(d.name_vi, u.name) AS place,
              coalesce(l.victims_linked, 0) AS victims_linked
       FROM store.cases c
       LEFT JOIN store.districts d ON d.code = c.district_code
       LEFT JOIN store.units u ON u.code = c.unit_code
            AND c.detected_date BETWEEN u.valid_from AND u.valid_to
       LEFT JOIN (SELECT case_id, count(*) AS victims_linked FROM store.case_victims GROUP BY case_id) l
            ON l.case_id = c.case_id""",
    "CREATE VIEW main.case_victims AS SELECT case_id, victim_id FROM store.case_victims",
)


def source_files(data_dir: Path = DATA_DIR) -> list[Path]:
    """The files a build reads: reference tables, sample records and their metadata."""
    files = [data_dir / "reference" / "districts.csv", data_dir / "sample" / "metadata.json"]
    files += [data_dir / "reference" / name for name in (UNITS_FILE, CROSSWALK_FILE, CONTRIBUTIONS_FILE)]
    files += [data_dir / "sample" / table.file for table in RECORD_TABLES]
    return files


def fingerprint(data_dir: Path = DATA_DIR, imports: Path | None = None) -> str:
    """A hash of everything a build depends on: the data files, the schema-defining code and
    the batches in the import store `imports`."""
    digest = hashlib.sha256(f"schema {SCHEMA_VERSION}\n".encode())
    here = Path(__file__).parent
    for path in [*source_files(data_dir), *(here / name for name in _DEFINING_MODULES)]:
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    if imports is not None:
        store_code = (here / "_importer" / "store.py").read_bytes()
        digest.update(b"imports\0" + store_code + fingerprint_part(imports))
    return digest.hexdigest()


def stored_fingerprint(db_path: Path, *, verify: bool = False) -> str | None:
    """The fingerprint recorded in a built database, or None when there is no database.

    Read through a private in-memory DuckDB with the file attached read-only, so it works beside
    any connection this process has open on the file, whatever its settings. `verify` reads every
    column of every table once, so a damaged block anywhere shows. A folder at the path, or a file
    this user may not read, is a `StoreError`; a file DuckDB cannot read is a `CorruptDatabaseError`.
    """
    found = current_file(db_path)  # a folder, an unreadable file or a bad pointer: said there
    if found is None:
        return None
    if not os.access(found, os.R_OK):
        raise StoreError(f"The database {db_path} cannot be read by this user (mode {file_mode(found):o}).")
    seen = _file_status(found, with_log=True)
    known = _FINGERPRINTS.get(seen) if seen is not None else None  # one lookup, as in _file_identity
    if known is not None and (known[1] or not verify):
        return known[0]
    try:
        with duckdb.connect(":memory:") as con:
            con.execute(f"ATTACH {_literal(str(found))} AS db (READ_ONLY)")
            row = con.execute("SELECT value FROM db.store.metadata WHERE key = 'fingerprint'").fetchone()
            if verify:
                _read_every_block(con)
    except duckdb.Error as error:
        raise CorruptDatabaseError(f"The database {db_path} cannot be read: {error}") from None
    stored = row[0] if row else None
    if seen is not None:
        _remember(_FINGERPRINTS, seen, (stored, verify))
    return stored


# Fingerprints read, by the file's status and its write-ahead log's (`_file_status`), and whether
# every block was read then: every connect reads the fingerprint, and on the city database reads
# every block (about 100 ms in all), though the file is the one it read a moment before. A file
# written, replaced or given a log since has another status and is read again, blocks and all.
_FINGERPRINTS: dict[tuple, tuple[str | None, bool]] = {}


def _file_status(found: Path, *, with_log: bool = False) -> tuple | None:
    """What the file's status says of its bytes: its path, device, inode, size, and the times of
    its last write and last change (set by the system, not by the writer); with `with_log`, the
    same of the write-ahead log beside it (writes not yet in the file). None: it cannot be read."""
    try:
        status = found.stat()
        seen: tuple = (
            str(found),
            status.st_dev,
            status.st_ino,
            status.st_size,
            status.st_mtime_ns,
            status.st_ctime_ns,
        )
        if with_log:
            try:
                log = Path(f"{found}.wal").stat()
                seen += (log.st_ino, log.st_size, log.st_mtime_ns, log.st_ctime_ns)
            except FileNotFoundError:
                seen += (None,)
    except OSError:
        return None
    return seen


def _remember(memo: dict, seen: tuple, value) -> None:
    if len(memo) > 256:  # a long-running kernel that opens many databases keeps the newest only
        memo.clear()
    memo[seen] = value


# The database's identity (a uuid) in its metadata: made when a database is first built, kept by
# every rebuild, import and new generation, and by a renamed pointer. The release register belongs
# to it (docs/releases.md), not to the pointer's name or the data's fingerprint.
IDENTITY_KEY = "database_id"


def database_id(db_path: Path) -> str | None:
    """The identity recorded in the database `db_path`, or None (no database, one built before
    identities, or one that cannot be read)."""
    try:
        found = current_file(db_path)
    except StoreError:
        return None
    return None if found is None else _file_identity(found)


# Identities read, by the file's path and what its status says of its bytes: the identity is looked
# up several times by every import, query of publish mode and release (about 40 ms each, attaching
# the file). A file's identity never changes once written, and another file put in its place, or
# written over it, has another status. None (no identity yet, or unreadable) is read again each time.
_IDENTITIES: dict[tuple, str] = {}


def _file_identity(found: Path) -> str | None:
    """The identity recorded in the DuckDB file `found`, or None."""
    if not os.access(found, os.R_OK):
        return None
    seen = _file_status(found)
    if seen is None:
        return None
    known = _IDENTITIES.get(seen)  # one lookup: another thread may clear the memo between two
    if known is not None:
        return known
    identity = _read_identity(found)
    if identity is not None:
        _remember(_IDENTITIES, seen, identity)
    return identity


def _read_identity(found: Path) -> str | None:
    try:
        with duckdb.connect(":memory:") as con:
            con.execute(f"ATTACH {_literal(str(found))} AS db (READ_ONLY)")
            row = con.execute(
                "SELECT value FROM db.store.metadata WHERE key = $key", {"key": IDENTITY_KEY}
            ).fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def identity_for(db_path: Path) -> str:
    """The identity a new generation of `db_path` carries: the current one's, else the one its
    pointer names as having released counts (a damaged generation rebuilt), else, for a pointer
    that is there but damaged, its newest readable generation's; else a new one (a new database,
    or a name whose database was renamed away: another database)."""
    found = database_id(db_path) or released_mark(db_path)
    if found is None and os.path.lexists(db_path):
        for _, generation in sorted(generations(db_path).items(), reverse=True):
            found = _file_identity(generation)
            if found is not None:
                break
    return found or str(uuid.uuid4())


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _read_every_block(con: duckdb.DuckDBPyConnection) -> None:
    """Scan every column of every table of the attached `db`: DuckDB checks each block's checksum
    as it reads it, so a damaged block raises here instead of in the middle of an analysis."""
    tables = con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = 'db'"
    ).fetchall()
    for schema, table in tables:
        name = f"db.{quote_identifier(schema)}.{quote_identifier(table)}"
        con.execute(f"SELECT count(*), max(hash(COLUMNS(*))) FROM {name}").fetchall()  # noqa: S608 - catalog names


def ensure_built(db_path: Path, data_dir: Path = DATA_DIR, *, verify: bool | None = None) -> bool:
    """Build `db_path` if it is missing, older than the data or damaged; True if a build happened.

    `verify` reads the whole file to find damaged blocks (default: for files up to
    `VERIFY_UP_TO_BYTES`, the city database; `workbench build` always verifies). A national
    database (written by the generator) is never rebuilt from data/. Asked to verify, it also
    checks every batch of the import store against its manifest."""
    check_batches = verify is True
    try:
        found = current_file(db_path)
    except CorruptDatabaseError:
        found = None
    if verify is None:
        verify = found is not None and found.stat().st_size <= VERIFY_UP_TO_BYTES
    _same_mode(db_path, found)
    try:
        stored = stored_fingerprint(db_path, verify=verify)
    except CorruptDatabaseError:
        stored = None  # looked at again under the lock, moved aside there
    national = stored is not None and stored.startswith(NATIONAL_FINGERPRINT_PREFIX)
    if not national:  # another database's store is neither built in nor read
        identity = database_id(db_path)
        check_store_owner(db_path, identity, database_id)
        owner = store_owner(store_dir(db_path))
        if found is not None and (owner is None or owner["database"] != db_path.name):
            with suppress(OSError):  # one written before owners, or its owner renamed; a reader
                claim_store(db_path, identity)  # who may not write leaves it for the next build
    up_to_date = national or (stored is not None and stored == fingerprint(data_dir, store_dir(db_path)))
    if up_to_date and found == db_path and os.access(db_path.parent, os.W_OK):
        with build_lock(db_path):  # a database of an earlier workbench: made the first generation
            adopt(db_path)
    if up_to_date and not _leftovers(db_path):
        if check_batches:  # the batches a rebuild would read, checked against their manifests
            for batch in batches(store_dir(db_path, national)):
                verify_batch(batch)
        return False  # a national database is never rebuilt from data/
    private_dir(db_path.parent)
    # Two notebooks starting at once must not both build: the second waits, then finds it done.
    with build_lock(db_path):
        return current(db_path, data_dir, verify=verify)[1]


def _same_mode(db_path: Path, found: Path | None) -> None:
    """The current generation given the mode its owner set on the database path (`chmod 640` it to
    share with a group); left as it is when this user may not change it."""
    if found is None or found == db_path:
        return
    try:
        if file_mode(found) != file_mode(db_path):
            os.chmod(found, file_mode(db_path))
    except OSError:
        pass


def build_lock(db_path: Path) -> FileLock:
    """The lock every build and import of `db_path` holds (never a reader)."""
    if db_path.is_dir():  # said before a lock file is left beside the folder
        raise StoreError(f"The database path {db_path} is a folder; give the path of a .duckdb file.")
    lock = Path(str(db_path) + ".lock")
    if not os.access(lock.parent, os.W_OK):
        raise StoreError(
            f"Cannot write in the folder {lock.parent} (it holds the database {db_path.name}): "
            "choose a folder you can write to (WORKBENCH_DB or --db), or ask its owner for write access."
        )
    return FileLock(str(lock), timeout=600)


def current(db_path: Path, data_dir: Path = DATA_DIR, *, verify: bool = True) -> tuple[str, bool]:
    """Under the build lock: the database made current (built when missing or out of date, moved
    aside and rebuilt when damaged; a national one kept as it is). Returns its fingerprint and
    whether it was built. Leftovers of killed builds and imports are cleared first, and a
    database of an earlier workbench made a generation (or a message, nothing changed)."""
    clear_leftovers(db_path)
    with suppress(CorruptDatabaseError):  # moved aside below
        adopt(db_path, strict=True)
    damaged = None
    try:
        stored = stored_fingerprint(db_path, verify=verify)
    except CorruptDatabaseError as error:
        if db_path.suffix.lower() != ".duckdb":
            # README.md or an agency's spreadsheet given as the database: no damaged database of
            # ours, and moved aside it had a new database built in its place, answered from data/.
            raise StoreError(
                f"{db_path} is not a workbench database (neither a database nor a pointer to one, and "
                "not named .duckdb): nothing was moved aside or built; check the path."
            ) from None
        damaged, kept, stored = error, move_aside(db_path), None
    if stored is not None and stored.startswith(NATIONAL_FINGERPRINT_PREFIX):
        return stored, False
    check_store_owner(db_path, database_id(db_path), database_id)
    wanted = fingerprint(data_dir, store_dir(db_path))
    if stored == wanted:
        own_store(db_path)
        return stored, False
    build(db_path, data_dir, wanted)
    own_store(db_path)
    if damaged is not None:  # said once it is true: a refused rebuild says why instead
        warnings.warn(
            f"{str(damaged).rstrip('.')}. A copy of it was moved aside to {kept.name} and the database "
            f"rebuilt from {data_dir} and the accepted imports in {store_dir(db_path)}. (A national "
            "database is not rebuilt from data/: generate it again with `workbench generate --national`.)",
            RebuiltWarning,
            stacklevel=3,
        )
    return wanted, True


def own_store(db_path: Path) -> None:
    """Under the build lock: `db_path` recorded as the owner of the import store beside it, when
    there is one (a store another database of its folder owns is refused, see `claim_store`)."""
    check_store_owner(db_path, database_id(db_path), database_id)
    claim_store(db_path, database_id(db_path))


def _leftovers(db_path: Path) -> list[Path]:
    """Partial files of builds and copies whose process is gone (killed mid-build)."""
    found = []
    for pattern in (".building-*", ".copying-*"):
        for partial in db_path.parent.glob(f"{glob.escape(db_path.name)}{pattern}"):
            pid = partial.name.removesuffix(".wal").rpartition("-")[2]
            if pid.isdigit() and not running(int(pid)):
                found.append(partial)
    return found


def clear_leftovers(db_path: Path) -> None:
    """Remove the partial files of builds whose process is gone (killed mid-build), the staging
    folders of killed imports, and old generations nobody has open. Under the build lock only;
    a file the system refuses to remove is left for next time."""
    for partial in _leftovers(db_path):
        if partial.is_dir():
            shutil.rmtree(partial, ignore_errors=True)
        else:
            with suppress(OSError):
                partial.unlink(missing_ok=True)
    remove_old(db_path, locked=True)
    try:  # another database's store (refused later) is left alone: its imports hold their own lock
        check_store_owner(db_path, database_id(db_path), database_id)
    except StoreError:
        return
    clear_staging(store_dir(db_path))


@contextmanager
def swapped_in(db_path: Path, *, copy: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a new database file beside `db_path` (a copy of it, with `copy`): when the
    block ends it is checkpointed and published as the next generation of `db_path` in one step
    (the pointer replaced), and removed if the block raises. A reader never sees half a write; one
    that has the old generation open keeps reading it until its next query.

    The new file is written inside an owner-only folder and given the mode the database had (0600
    for a new one) before it is published: nobody else can read it at any moment."""
    if db_path.is_dir():
        raise StoreError(f"The database path {db_path} is a folder; give the path of a .duckdb file.")
    mode = file_mode(db_path)
    folder = db_path.with_name(f"{db_path.name}.building-{os.getpid()}")
    shutil.rmtree(folder, ignore_errors=True)
    try:
        folder.mkdir(mode=PRIVATE_DIR)
    except OSError as error:
        raise StoreError(
            f"Cannot write the database into {db_path.parent}: {error.strerror or error}. Choose a "
            "folder you can write to (WORKBENCH_DB or --db), or ask its owner for write access."
        ) from None
    partial = folder / db_path.name
    try:
        if copy:
            create_private(partial, mode)
            shutil.copyfile(current_file(db_path) or db_path, partial)
        with duckdb.connect(str(partial)) as con:
            yield con
            con.execute("CHECKPOINT")
        publish(db_path, partial)
        remove_old(db_path, locked=True)
    except duckdb.Error as error:
        if "No space left" in str(error) or "disk is full" in str(error).lower():
            raise StoreError(
                f"No space left on the disk holding {db_path.parent}: the database was not changed "
                "(nor the import store). Free some space there and run the command again."
            ) from None
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def build(
    db_path: Path,
    data_dir: Path = DATA_DIR,
    fingerprint_value: str | None = None,
    removed: frozenset[str] = frozenset(),
) -> None:
    """Write a fresh database from the data files and swap it in atomically. Refused while the
    database holds imports its store does not (copied without imports/): they would be dropped;
    `removed` names batches just taken out of the store on purpose (`workbench imports remove`)."""
    _check_imports_kept(db_path, removed)
    records = {t.name: read_records(data_dir / "sample" / t.file, t) for t in RECORD_TABLES}
    victims = {row["victim_id"]: row for row in records["victims"]}
    for line, row in enumerate(records["support_services"], start=2):
        person = victims.get(row["victim_id"])
        if person is None:
            raise DataFileError(
                f"support_services.csv, line {line}, column 'victim_id': {row['victim_id']!r} — "
                "no victim record has this key."
            )
        why = ineligible_reason(
            row["support_type"], person["trafficking_status"], person["citizenship"], row["service_date"]
        )
        if why:
            raise DataFileError(
                f"support_services.csv, line {line}, column 'support_type': {row['support_type']!r} on "
                f"{row['service_date']:%d/%m/%Y} for a person whose trafficking_status is "
                f"{person['trafficking_status']!r} (citizenship {person['citizenship']!r}) — {why}."
            )
    cases = {row["case_id"] for row in records["cases"]}
    for line, row in enumerate(records["case_victims"], start=2):  # links by key to records there
        for column, known, what in (("case_id", cases, "case"), ("victim_id", victims, "victim")):
            if row[column] not in known:
                raise DataFileError(
                    f"case_victims.csv, line {line}, column {column!r}: {row[column]!r} — no {what} "
                    "record has this key."
                )
    metadata = json.loads((data_dir / "sample" / "metadata.json").read_text(encoding="utf-8"))
    identity = identity_for(db_path)
    districts_csv = data_dir / "reference" / "districts.csv"

    with swapped_in(db_path) as con:
        con.execute("CREATE SCHEMA store")
        con.execute(
            """CREATE TABLE store.districts AS SELECT * FROM read_csv($path, header = true,
               columns = {'code': 'INTEGER', 'name_vi': 'VARCHAR', 'name_ascii': 'VARCHAR',
                          'kind': 'VARCHAR', 'commune_units_2020_2024': 'INTEGER',
                          'area_km2': 'DOUBLE', 'population': 'INTEGER',
                          'population_year': 'INTEGER', 'population_is_estimate': 'BOOLEAN',
                          'population_source': 'VARCHAR'})""",
            {"path": str(districts_csv)},
        )
        _store_units(con)
        for table in RECORD_TABLES:
            con.execute(create_table_sql(table, "store"))
            frame = pd.DataFrame(records[table.name], columns=list(table.column_names))
            con.register("incoming", frame)
            con.execute(f"INSERT INTO store.{table.name} SELECT * FROM incoming")  # noqa: S608 - declared table name
            con.unregister("incoming")
        con.execute(CODES_TABLE_SQL)
        con.executemany(CODES_INSERT_SQL, codes_table_rows())
        con.execute("CREATE TABLE store.metadata (key VARCHAR PRIMARY KEY, value VARCHAR)")
        entries = {
            "fingerprint": fingerprint_value or fingerprint(data_dir, store_dir(db_path)),
            IDENTITY_KEY: identity,
            "schema_version": str(SCHEMA_VERSION),
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "synthetic": str(metadata.get("synthetic", False)).lower(),
            "data_version": str(metadata.get("data_version", "")),
            "generated_on": str(metadata.get("generated_on", "")),
            "seed": str(metadata.get("seed", "")),
            "description": str(metadata.get("description", "")),
        }
        con.executemany("INSERT INTO store.metadata VALUES (?, ?)", list(entries.items()))
        add_to_build(con, store_dir(db_path))  # accepted imports, and the import log
        _check_keys(con)
        stamp_data_to(con)
        for view in _VIEWS:
            con.execute(view)


def append(db_path: Path, found: list, fingerprint_value: str | None, after=None) -> None:
    """The database with the batches `found` added, swapped in like a build.

    What a build from scratch would write when the database was up to date before those batches
    were committed (the importer checks): a copy of the current file with their records and
    import-log rows appended, instead of reading data/ and every batch again. `fingerprint_value`
    replaces the recorded fingerprint (None keeps it: a national database's is not a hash of
    data/); `after(con, found)` updates what else the database derives from its records.
    """
    identity = identity_for(db_path)
    with swapped_in(db_path, copy=True) as con:
        # a database built before identities is given its identity at its first import
        con.execute(
            "INSERT OR IGNORE INTO store.metadata VALUES ($key, $value)",
            {"key": IDENTITY_KEY, "value": identity},
        )
        create_import_log(con)
        add_batches(con, found)
        _check_keys(con, found)
        if after is not None:
            after(con, found)
        stamp_data_to(con)
        stamps = {"built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        if fingerprint_value is not None:
            stamps["fingerprint"] = fingerprint_value
        con.executemany(
            "UPDATE store.metadata SET value = ? WHERE key = ?", [(v, k) for k, v in stamps.items()]
        )


# What every footer says of the data beyond the extract (`_labels.data_note`), kept in the metadata
# by every build and import: how many import batches of the city's records the database holds, and
# the last day the data cover. Derived from the database's content only (the import log's times,
# the records), never from the clock: the same data give the same footer, and byte-identical PDFs.
IMPORTED_BATCHES_KEY = "imported_batches"
DATA_TO_KEY = "data_to"
# Cần Thơ's time (UTC+7, no daylight saving): an import's day as the importer's "not in the future"
# check saw it, from its manifest's time (UTC).
CITY_UTC_OFFSET_HOURS = 7


def stamp_data_to(con: duckdb.DuckDBPyConnection) -> None:
    """Record in the metadata the import batches of the city's records held (those that added a
    record; context sources are not the city's records and have footers of their own) and the last
    day the data cover: the latest of the extract date (`generated_on`), the day of the last such
    import and the last event's date.

    Every imported record is dated no later than the day it was imported (the importer refuses a
    future date), so that day bounds every record without reading the dates of victim records. A
    victim, support, case or hotline date is never read here: the footer goes on published figures,
    and 'data to <the latest reception date>' would tell readers when the last victim was received
    (a case, a contact: the same), which publish mode never publishes. The import's day and the
    count of batches say when the database was added to, not what was added (an events file and a
    victim list look the same). Event dates are published as they are (events are never withheld).
    """
    row = con.execute(
        f"""SELECT count(*), CAST(max(imported_at) + INTERVAL {CITY_UTC_OFFSET_HOURS} HOUR AS DATE)
           FROM store.import_log
           WHERE rows_added > 0 AND batch NOT IN (SELECT batch FROM store.context_sources)"""  # noqa: S608 - a constant
    ).fetchone()
    batches, imported_to = row if row else (0, None)
    found = con.execute("SELECT value FROM store.metadata WHERE key = 'generated_on'").fetchone()
    extracted = None
    with suppress(ValueError, TypeError):
        extracted = dt.date.fromisoformat(found[0]) if found else None
    event = con.execute("SELECT max(event_date) FROM store.events").fetchone()
    last_event: dt.date | None = event[0] if event else None
    days = [d for d in (extracted, imported_to, last_event) if d is not None]
    entries = {IMPORTED_BATCHES_KEY: str(batches)}
    if days:
        entries[DATA_TO_KEY] = max(days).isoformat()
    con.execute(
        "DELETE FROM store.metadata WHERE key IN ($a, $b)", {"a": IMPORTED_BATCHES_KEY, "b": DATA_TO_KEY}
    )
    con.executemany("INSERT INTO store.metadata VALUES (?, ?)", list(entries.items()))


def _check_imports_kept(db_path: Path, removed: frozenset[str] = frozenset()) -> None:
    """A `StoreError` when the current database holds imported batches that are not in its import
    store: a rebuild from data/ and the store would drop their records without a word. Nothing is
    said of a database that cannot be read (damaged: rebuilt from what there is)."""
    try:
        found = current_file(db_path)
    except CorruptDatabaseError:
        return
    if found is None:
        return
    try:
        with duckdb.connect(":memory:") as con:
            con.execute(f"ATTACH {_literal(str(found))} AS db (READ_ONLY)")
            logged = con.execute(
                "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'db' "
                "AND schema_name = 'store' AND table_name = 'import_log'"
            ).fetchone()
            has_log = bool(logged and logged[0])
            held = con.execute("SELECT batch FROM db.store.import_log").fetchall() if has_log else []
    except duckdb.Error:
        return
    store = store_dir(db_path)
    missing = sorted({name for (name,) in held} - {b.path.name for b in batches(store)} - removed)
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise StoreError(
            f"The database {db_path} holds {len(missing)} imported batch(es) that are not in its import "
            f"store {store} ({shown}): it was copied or moved without its imports/ folder, or "
            "WORKBENCH_IMPORTS names another store. Rebuilding it from data/ would drop their records, "
            "so it was neither rebuilt nor changed. Copy the imports/ folder that belongs with it "
            f"into {store.parent} (or point WORKBENCH_IMPORTS at it); `workbench backup` copies a "
            "database with its store (docs/storage.md)."
        )


def _check_keys(con: duckdb.DuckDBPyConnection, appended: list | None = None) -> None:
    """Every record's key unique, as the importer and the data files promise (the last guard);
    after an append, the keys of the appended batches."""
    for table in RECORD_TABLES:
        files = [str(f) for b in appended or [] if (f := b.table_file(table.name)) is not None]
        if appended is not None and not files:
            continue
        sql, params = duplicate_key_sql(table, "store", bool(files)), {"files": files} if files else {}
        found = con.execute(sql, params).fetchall()
        if found:
            shown = "(a pseudonymous key)" if counts_people(table.name) else repr(found[0][0])
            raise DataFileError(
                f"{table.name}: the key {table.key} {shown} belongs to two records; a data file or an "
                "import batch repeats it. The database was not changed."
            )


def _store_units(con: duckdb.DuckDBPyConnection) -> None:
    """Units over time, the crosswalk and the harmonisation shares, from the reference files."""
    con.execute(
        "CREATE TABLE store.units (code INTEGER, name VARCHAR, level VARCHAR, kind VARCHAR, "
        "district_code INTEGER, old_province_codes VARCHAR, area_km2 DOUBLE, lat DOUBLE, lon DOUBLE, "
        "valid_from DATE, valid_to DATE, PRIMARY KEY (code, level))"
    )
    # The former communes' start dates are not in the reference data: an open start.
    open_start, open_end = dt.date(1900, 1, 1), dt.date(9999, 12, 31)
    con.executemany(
        "INSERT INTO store.units VALUES (?, ?, 'commune_2019', ?, ?, '92', NULL, NULL, NULL, ?, ?)",
        [
            (c.code, c.name, _kind(c.name), c.district_code, open_start, LAST_DAY_BEFORE_REFORM)
            for c in former_communes()
        ],
    )
    con.executemany(
        "INSERT INTO store.units VALUES (?, ?, 'unit_2025', ?, NULL, ?, ?, ?, ?, ?, ?)",
        [
            (
                *(u.code, u.name, u.kind, ";".join(map(str, u.old_province_codes))),
                *(u.area_km2, u.lat, u.lon, REFORM_DATE, open_end),
            )
            for u in units_2025()
        ],
    )
    con.execute("CREATE TABLE store.unit_crosswalk (old_code INTEGER, new_code INTEGER)")
    con.executemany("INSERT INTO store.unit_crosswalk VALUES (?, ?)", list(unit_crosswalk()))
    con.execute(
        "CREATE TABLE store.harmonised_areas (code INTEGER PRIMARY KEY, name_vi VARCHAR, name_en VARCHAR, "
        "kind VARCHAR, sort_order INTEGER)"
    )
    con.executemany(
        "INSERT INTO store.harmonised_areas VALUES (?, ?, ?, ?, ?)",
        [
            (code, vi, en, "district_2019" if code > 900 else "former_province", i)
            for i, (code, vi, en) in enumerate(harmonised_areas())
        ],
    )
    con.execute(
        "CREATE TABLE store.harmonisation (place_code INTEGER, district_code INTEGER, weight DOUBLE, "
        "share VARCHAR, rule VARCHAR, PRIMARY KEY (place_code, district_code))"
    )
    rules = harmonisation_rules()  # 'single', 'population', 'area' or 'equal' (the fallback)
    con.executemany(
        "INSERT INTO store.harmonisation VALUES (?, ?, ?, ?, ?)",
        [
            (place, target, float(share), str(share), rules.get(place, "single"))
            for place, target, share in place_weight_rows()
        ],
    )


def _kind(name: str) -> str:
    """'Phường', 'Xã' or 'Thị trấn' from a unit's full name."""
    return next(k for k in ("Thị trấn", "Phường", "Xã") if name.startswith(k))
