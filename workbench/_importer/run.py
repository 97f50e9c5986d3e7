"""`import_files`: agency files into the workbench, validated first, each file whole or not at all.

One import at a time holds the build lock. For each file: read it, normalise and validate every
sheet against the schema and the current database (a read-only snapshot), and only if nothing is
wrong write its new records as a batch into the import store (`store.commit`, one atomic
rename). After the last file the database is rebuilt from data/ and every batch into a new file
that replaces the old one in one step: readers keep the old snapshot until their next query,
never see half an import, and never meet a lock (nobody ever opens the live file for writing).
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import os
import shutil
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import duckdb
import pandas as pd

from .._build import (
    NATIONAL_FINGERPRINT_PREFIX,
    append,
    build_lock,
    current,
    fingerprint,
    own_store,
)
from .._cellsafe import neutralise
from .._errors import (
    DataFileError,
    NeedsRowNumbers,
    PointerBusyError,
    UnknownCodeError,
    UnknownFieldError,
    WorkbenchError,
    unknown_value,
)
from .._generations import current_file
from .._import_words import IMPORT_WORDS, import_text
from .._kinds import IMPORTABLE_KINDS, WITHHELD_KINDS
from .._national import add_to_rollups
from .._paths import DATA_DIR, database_path, default_db_path
from .._private import private_dir
from .._problem import Problem
from .._schema import RECORD_TABLES, SCHEMA_VERSION, Table
from .._text import format_number
from .._units import LAST_DAY_BEFORE_REFORM
from .._words import moment_text
from .cells import drop, literal
from .check import PROBLEM_COLUMNS, Part, keyed_codes, normalise, q
from .headers import IDENTIFIER_FIELDS, IGNORED, guess_table, header_lookup
from .read import Said, file_label, read_file
from .store import (
    batches,
    clear_staging,
    commit,
    default_key_file,
    file_sha256,
    key_id,
    load_key,
    new_staging,
    stage,
    store_dir,
    withdraw,
)
from .validate import check_duplicates, check_rows, held_view

IMPORTABLE: dict[str, Table] = {t.name: t for t in RECORD_TABLES if t.name in IMPORTABLE_KINDS}
FILE_COLUMNS = ["file", "status", "table", "rows_read", "rows_added", "rows_skipped", "errors", "warnings"]
SHOWN_PROBLEMS = 40
_PART_NUMBERS = itertools.count(1)


@dataclass(frozen=True)
class ImportResult:
    """What an import did: one row per file, and the table of problems to fix."""

    files: pd.DataFrame
    problems: pd.DataFrame
    checked_only: bool = False
    lang: str = "vi"  # the language of the summary and the report, as of the problems' words
    # The database whose publication of victim figures this import stopped until the change is
    # checked (`workbench releases --accept`): said under the summary (`_import_release`).
    stopped_db: str | None = None

    @property
    def ok(self) -> bool:
        """True when no file had an error (warnings do not block an import)."""
        return not (self.problems["severity"] == "error").any()

    @property
    def errors(self) -> pd.DataFrame:
        return self.problems[self.problems["severity"] == "error"].reset_index(drop=True)

    @property
    def warnings(self) -> pd.DataFrame:
        return self.problems[self.problems["severity"] == "warning"].reset_index(drop=True)

    @property
    def rows_added(self) -> int:
        return int(self.files["rows_added"].sum()) if len(self.files) else 0

    def _say(self, key: str, /, **fields: object) -> str:
        return import_text(key, self.lang, **fields)

    def summary(self) -> str:
        lines = []
        for f in self.files.itertuples():
            lines.append(
                self._say(
                    "summary",
                    file=f.file,
                    status=self._say(f"status_{f.status}"),
                    added=self._count(f.rows_added),
                    added_how=self._say("would_be_added" if f.status == "checked" else "added"),
                    skipped=self._count(f.rows_skipped),
                    errors=self._count(f.errors),
                    warnings=self._count(f.warnings),
                )
            )
        if self.stopped_db is not None:
            lines.append(self._say("publication_stopped", db=self.stopped_db))
        return "\n".join(lines)

    def _count(self, n: object) -> str:
        return format_number(int(n), lang=self.lang)  # type: ignore[call-overload]

    def __str__(self) -> str:
        text = self.summary()
        shown = self.problems[self.problems["severity"] != "note"]
        if len(shown):
            table = (
                shown.head(SHOWN_PROBLEMS).astype(object).fillna("").to_string(index=False, max_colwidth=60)
            )
            more = len(shown) - SHOWN_PROBLEMS
            text += "\n\n" + table + ("\n" + self._say("more", n=self._count(more)) if more > 0 else "")
        return text

    def report(self, notes: bool = False) -> str:
        """What the command prints: the summary, then one line per problem (notes only with
        `notes`, else how many there are), each naming file, sheet, row and column."""
        lines = [self.summary()]
        shown = self.problems if notes else self.problems[self.problems["severity"] != "note"]
        for p in shown.astype(object).itertuples(index=False):
            where = ", ".join(
                x
                for x in (
                    p.file,
                    self._say("at_sheet", sheet=repr(neutralise(p.sheet))) if p.sheet else "",
                    "" if pd.isna(p.row) else self._say("at_row", row=p.row),
                    self._say("at_column", column=repr(neutralise(p.column))) if p.column else "",
                )
                if x
            )
            # Printed text is often pasted or redirected into a spreadsheet: headings and cells
            # that would run as formulas are defused there as in the problem table.
            value = "" if pd.isna(p.value) or p.value == "" else f" {neutralise(p.value)!r}"
            hint = f" — {p.suggestion}" if p.suggestion else ""
            lines.append(f"  {self._say(f'severity_{p.severity}')}: {where}:{value} {p.problem}{hint}")
        hidden = int((self.problems["severity"] == "note").sum()) if not notes else 0
        if hidden:
            lines.append(self._say("notes_hidden", n=self._count(hidden)))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "<p><b>" + html.escape(self.summary()).replace("\n", "<br>") + "</b></p>"
        return (
            head
            + self.files.to_html(index=False)
            + self.problems.astype(object).fillna("").to_html(index=False)
        )


def import_files(
    *files: str | os.PathLike | Iterable[str | os.PathLike],
    db: str | os.PathLike | None = None,
    kind: str | None = None,
    headers: dict[str, str] | None = None,
    defaults: dict[str, str] | None = None,
    check_only: bool = False,
    progress: bool = True,
    key_file: str | os.PathLike | None = None,
    data_dir: str | os.PathLike | None = None,
    today: dt.date | None = None,
    lang: str = "vi",
) -> ImportResult:
    """Import event or victim files (CSV, XLSX) into the workbench database.

    Each file goes in whole or not at all; a file already imported adds nothing. `kind` forces
    'events' or 'victims' (default: told from the headings); `headers` extends the header
    dictionary ({'Tên cột': 'field'}); `defaults` sets a field the file has no column for
    ({'organiser': 'district_office'}); `check_only` validates without writing. `lang` is the
    language of the problems, the summary and the report: 'vi' (the default) or 'en'. Returns an
    `ImportResult`: `.ok`, `.files`, `.problems` (file, sheet, row, column, value, problem,
    suggestion, severity; `severity` and the files' `status` are codes, the same in both languages).
    """
    if lang not in ("vi", "en"):
        raise unknown_value(UnknownCodeError, "lang", lang, ("vi", "en"))
    paths = _paths(files)
    db_path = database_path(getattr(db, "path", db) or default_db_path())
    data = Path(data_dir) if data_dir is not None else DATA_DIR
    if kind is not None and kind not in IMPORTABLE:
        raise unknown_value(DataFileError, "kind", kind, IMPORTABLE)
    check_fields(defaults, headers, kind)
    lookup = header_lookup(headers)
    today = today or dt.date.today()
    file_rows, problems = [], []
    private_dir(db_path.parent)
    with build_lock(db_path):
        stage("locked")
        # Built if missing, out of date or damaged (checked block by block: the import appends
        # to a copy of it). A national database is written by the generator and never rebuilt
        # from data/: its imports are appended to it, with batches in a store of its own.
        stored, _ = current(db_path, data)
        national = stored.startswith(NATIONAL_FINGERPRINT_PREFIX)
        if not national:  # refused when another database owns the store; claimed if it is there
            own_store(db_path)
        store = store_dir(db_path, national)
        before = {b.path.name for b in batches(store)}
        committed_any, failure = False, None
        clear_staging(store)
        # A private in-memory database with the current snapshot attached read-only: works beside
        # the analyst's own (differently configured) connection to the same file in this process.
        with duckdb.connect() as con, ThreadPoolExecutor(max_workers=1) as hasher:
            con.execute(f"ATTACH {literal(str(current_file(db_path)))} AS snapshot (READ_ONLY)")
            for table in IMPORTABLE.values():
                committed, stored = q("committed_" + table.name), q(table.name)
                con.execute(f"CREATE TEMP TABLE {committed} AS SELECT * FROM snapshot.store.{stored} LIMIT 0")  # noqa: S608
            keys = _KeyHolder(Path(key_file) if key_file else default_key_file(), data)
            bar = _progress(paths, progress)
            for i, path in enumerate(bar):
                # The file's hash is computed beside the reading (hashlib releases the GIL).
                sha = hasher.submit(file_sha256, path) if path.is_file() else None
                last_day = LAST_DAY_BEFORE_REFORM if national else None
                job = _Job(
                    con,
                    store,
                    lookup,
                    kind,
                    defaults or {},
                    keys,
                    today,
                    check_only,
                    i == len(paths) - 1,
                    last_day,
                    lang,
                    f" --db {db_path}"
                    if getattr(db, "path", db)
                    else "",  # a database named: its advice names it
                )
                try:
                    row, found = _import_one(job, path, sha)
                except WorkbenchError as error:  # a key or store problem: stop, keep what went in
                    failure = error
                    break
                file_rows.append(row)
                problems += found
                committed_any |= row["status"] in ("imported", "unchanged")
            if hasattr(bar, "close"):
                bar.close()
        if committed_any:
            stage("committed")
            if not national:  # the store this import made (or found) is this database's from now on
                own_store(db_path)
            # Up to date before the import (built above if not): append its batches to a copy.
            new = [b for b in batches(store) if b.path.name not in before]
            was = current_file(db_path)
            try:
                if national:
                    append(db_path, new, None, after=add_to_rollups)
                else:
                    append(db_path, new, fingerprint(data, store))
            except BaseException as error:
                if current_file(db_path) != was:
                    raise
                withdraw(store, new, db_path)  # not switched in: the import store goes back too
                if isinstance(error, PointerBusyError):
                    raise PointerBusyError(
                        f"{str(error).rstrip('.')}. The import was undone: none of its files went into "
                        "the import store or the database, and running it again adds each of them once."
                    ) from None
                raise
            stage("built")
    if failure is not None:  # raised once the files accepted before it are in the database
        raise failure
    return ImportResult(
        pd.DataFrame(file_rows, columns=FILE_COLUMNS),
        pd.DataFrame(problems, columns=PROBLEM_COLUMNS).astype({"row": "Int64"}),
        check_only,
        lang,
    )


def check_fields(
    defaults: dict[str, str] | None, headers: dict[str, str] | None, kind: str | None = None
) -> None:
    """UnknownFieldError for a `defaults` key (`--set`) or a `headers` field (`--header`) the
    tables do not have: a value set for a misspelt field would be dropped without a word."""
    tables = [IMPORTABLE[kind]] if kind in IMPORTABLE else list(IMPORTABLE.values())
    settable = sorted({c.name for t in tables for c in t.columns} - {t.key for t in tables})
    mappable = sorted(
        {c.name for t in IMPORTABLE.values() for c in t.columns} | set(IDENTIFIER_FIELDS) | {IGNORED}
    )
    for given, valid, what in (
        (list(defaults or {}), settable, "defaults / --set"),
        (list((headers or {}).values()), mappable, "headers / --header"),
    ):
        for name in given:
            if name in valid:
                continue
            raise unknown_value(
                UnknownFieldError, "field", name, valid, lead=f"{what}: unknown field {name!r}"
            )


class _KeyHolder:
    """The pseudonym key, read (or created) only when a victim file needs it."""

    def __init__(self, path: Path, data_dir: Path) -> None:
        self.path, self.data_dir = path, data_dir
        self._key: bytes | None = None

    def get(self) -> bytes:
        if self._key is None:
            self._key = load_key(self.path, self.data_dir)
        return self._key


def _paths(files) -> list[Path]:
    paths: list[Path] = []
    for item in files:
        if isinstance(item, str | os.PathLike):
            paths.append(Path(item))
        else:
            paths += [Path(p) for p in item]
    if not paths:
        raise DataFileError("No file to import: give one or more CSV or XLSX files.")
    return paths


def _progress(paths: list[Path], enabled: bool):
    if not enabled or len(paths) < 1:
        return paths
    from tqdm.auto import tqdm

    return tqdm(paths, desc="import", unit="file")


@dataclass(frozen=True)
class _Job:
    """What every file of one import shares."""

    con: duckdb.DuckDBPyConnection
    store: Path
    lookup: dict[str, str]
    kind: str | None
    defaults: dict[str, str]
    keys: _KeyHolder
    today: dt.date
    check_only: bool
    last: bool  # the last file: nothing after it needs its records as 'already imported'
    last_day: dt.date | None = None  # a national database: no record after its districts ended
    lang: str = "vi"  # the language of the problems' words
    db_option: str = ""  # ' --db PATH' for a database other than the default: the advice's commands name it

    def say(self, key: str, /, **fields: object) -> str:
        return import_text(key, self.lang, **fields)

    def said(self, said: Said) -> tuple[str, str, str]:
        """(problem, suggestion, severity) of what the reading found, in the import's language."""
        fix = said.fix or f"{said.key}.fix"
        return (
            self.say(said.key, **dict(said.fields)),
            self.say(fix) if fix in IMPORT_WORDS else "",
            said.severity,
        )


def _import_one(job: _Job, path: Path, sha: Future | None) -> tuple[dict, list]:
    row = dict.fromkeys(FILE_COLUMNS, 0) | {"file": file_label(path), "status": "refused", "table": ""}
    con = job.con
    staging = None
    try:
        sheets = read_file(path, job.lookup)
        outcome = None
        if any(s.rows is None for s in sheets):  # a UTF-8 CSV: try the fast path first
            staging = new_staging(job.store)
            try:
                outcome = _validate(job, path, sheets, staging)
            except NeedsRowNumbers:  # something to point at: read it again, keeping row numbers
                sheets = read_file(path, job.lookup, exact_rows=True)
        if outcome is None:
            outcome = _validate(job, path, sheets, None)
        stage("read")
    except DataFileError as error:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        # the file is in the problem's own column; the message in the import's language
        message = job.say(error.words[0], **error.words[1]) if error.words else error.detail
        return row | {"errors": 1}, [_file_problem(path, message)]
    try:
        return _finish(job, path, sha.result() if sha else file_sha256(path), row, outcome)
    finally:
        for part in outcome.parts:
            for name in part.temps:
                con.execute(f"DROP TABLE IF EXISTS {name}")
            drop(con, part.cells)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


@dataclass
class _Outcome:
    parts: list[Part]
    problems: list[Problem]  # file-level notes
    read: dict[str, int]
    added: dict[str, int]
    keeps: dict[str, str]  # table -> temp view of the records to add


def _validate(job: _Job, path: Path, sheets, staging: Path | None) -> _Outcome:
    """Every sheet normalised and checked, and the duplicates. The fast path (with `staging`)
    raises `NeedsRowNumbers`, having cleaned up, when it met anything it would point at by row."""
    con = job.con
    outcome = _Outcome([], [], {}, {}, {})
    try:
        for sheet in sheets:
            for said in sheet.said:  # a sheet skipped or hidden: said by its own name
                if said.sheet is not None:
                    outcome.problems.append(
                        Problem(file_label(path), said.sheet, None, "", "", *job.said(said))
                    )
            table = IMPORTABLE[job.kind] if job.kind else guess_table(sheet.fields)
            if table is None or table.name not in IMPORTABLE:
                outcome.problems.append(
                    Problem(
                        file_label(path),
                        sheet.name,
                        None,
                        "",
                        "",
                        job.say("not_a_sheet"),
                        job.say("not_a_sheet.fix"),
                        "note",
                    )
                )
                continue
            part = Part(sheet, table, next(_PART_NUMBERS), lang=job.lang)
            outcome.parts.append(part)
            for said in sheet.said:
                if said.sheet is None:
                    part.problem(None, "", "", *job.said(said))
            key = job.keys.get() if table.name == "victims" else None
            normalise(con, part, job.defaults, key, staging, job.today)
            check_rows(con, part, job.today, job.last_day)
            keyed_codes(con, part, key)
        for name in sorted({p.table.name for p in outcome.parts}):
            own = [p for p in outcome.parts if p.table.name == name]
            keep, matched = check_duplicates(
                con,
                own,
                IMPORTABLE[name],
                q("committed_" + name),
                partial(_origins, con, job.store, job.db_option),
            )
            outcome.keeps[name] = keep
            outcome.read[name] = sum(p.rows for p in own)
            outcome.added[name] = (
                con.execute(f"SELECT count(*) FROM {keep}").fetchall()[0][0]  # noqa: S608
                if matched
                else outcome.read[name]  # nothing of it is in the database yet: no second look
            )
        if staging is not None and any(x.severity != "note" for p in outcome.parts for x in p.problems):
            raise NeedsRowNumbers("a problem to point at")
    except BaseException:
        _give_up(con, outcome)
        raise
    return outcome


def _origins(
    con, store: Path, db_option: str, table: str, keys: list[str]
) -> dict[str, tuple[str, str, str]]:
    """Key -> (batch, file, what `workbench imports remove` takes to remove it: the batch and
    `db_option`) of the batches of `store` that added the records of `table` under `keys`; a key
    found in none is one of data/."""
    found = {str(b.table_file(table)): b for b in batches(store) if b.table_file(table) is not None}
    if not found or not keys:
        return {}
    key = q(IMPORTABLE[table].key)
    rows = con.execute(
        f"SELECT CAST({key} AS VARCHAR), filename FROM read_parquet($paths, filename = true) "  # noqa: S608
        f"WHERE list_contains($keys, CAST({key} AS VARCHAR))",
        {"paths": sorted(found), "keys": keys},
    ).fetchall()
    return {
        k: (found[f].path.name, str(found[f].manifest.get("file")), found[f].path.name + db_option)
        for k, f in rows
    }


def _give_up(con, outcome: _Outcome) -> None:  # what a validation left behind, dropped
    for part in outcome.parts:
        for name in part.temps:
            con.execute(f"DROP TABLE IF EXISTS {name}")
        drop(con, part.cells)
        if part.staged is not None:
            part.staged.unlink(missing_ok=True)
    return None


def stored_file_name(path: Path, sha256: str, withheld_kinds: list[str]) -> str:
    """The file's name as its batch keeps it. A file of victims', cases' or hotline records is kept
    by its kinds and fingerprint only (`victims-1a2b3c4d5e6f.xlsx`), its sheets by number: such
    files and sheets are often named after the person ('Hồ sơ Nguyễn Thị A - CCCD 0923….xlsx'), and
    the database stores no direct identifier. `workbench imports remove PATH` still finds its batch
    by the file's contents."""
    if not withheld_kinds:
        return file_label(path)
    return f"{'-'.join(withheld_kinds)}-{sha256[:12]}{path.suffix.lower()}"


def _file_problem(path: Path, problem: str, suggestion: str = "", severity: str = "error") -> Problem:
    """A problem of a whole file (no sheet, row or column)."""
    return Problem(file_label(path), "", None, "", "", problem, suggestion, severity)


def _finish(job: _Job, path: Path, sha: str, row: dict, outcome: _Outcome) -> tuple[dict, list]:
    con, store, parts = job.con, job.store, outcome.parts
    problems = list(outcome.problems)
    stored = batches(store)  # read once: the store's manifests
    earlier = [b for b in stored if b.manifest.get("file_sha256") == sha]
    if earlier:
        when = moment_text(earlier[0].manifest.get("imported_at"), job.lang)
        problems.append(
            _file_problem(path, job.say("imported_before", when=when), job.say("imported_before.fix"), "note")
        )
    tables = sorted(outcome.read)
    read, added = outcome.read, outcome.added
    kid = key_id(job.keys.get()) if "victims" in tables else None
    other_key = [b for b in stored if kid and b.manifest.get("key_id") not in (None, kid)]
    if other_key:
        first = other_key[0].manifest
        problems.append(
            _file_problem(
                path,
                job.say(
                    "other_key",
                    key=job.keys.path,
                    file=first.get("file"),
                    when=moment_text(first.get("imported_at"), job.lang),
                ),
                job.say("other_key.fix"),
                "error",
            )
        )
    found = [x for p in parts for x in (*p.problems, *p.absent)]
    problems += sorted(found, key=lambda x: (x.sheet, -1 if x.row is None else x.row))
    if parts and not sum(read.values()):  # headings and nothing under them: said, not "unchanged"
        problems.append(_file_problem(path, job.say("no_records"), job.say("no_records.fix"), "warning"))
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = sum(1 for p in problems if p.severity == "warning")
    skipped = {n: read[n] - added[n] for n in tables}
    row |= {
        "table": ",".join(tables),
        "rows_read": sum(read.values()),
        "rows_added": 0,
        "rows_skipped": sum(skipped.values()),
        "errors": errors,
        "warnings": warnings,
    }
    if not parts and not errors:
        problems.append(_file_problem(path, job.say("no_sheet")))
        return row | {"errors": 1}, problems
    stage("validated")
    if errors:
        return row | {"rows_skipped": 0}, problems
    if job.check_only:
        return row | {"status": "checked", "rows_added": sum(added.values())}, problems
    withheld = [name for name in tables if name in WITHHELD_KINDS]
    manifest = {
        "file": stored_file_name(path, sha, withheld),
        "file_sha256": sha,
        "imported_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
        "schema_version": SCHEMA_VERSION,
        "sheets": [f"{i}" for i, _ in enumerate(parts, 1)] if withheld else [p.sheet.name for p in parts],
        "rows_read": read,
        "rows_added": added,
        "rows_skipped": skipped,
        "warnings": warnings,
    }
    if kid is not None:
        manifest["key_id"] = kid
    contents: dict[str, str | Path] = {}
    for name in tables:
        if not added[name]:
            continue
        own = [p for p in parts if p.table.name == name]
        if len(own) == 1 and own[0].staged is not None and added[name] == own[0].rows:
            contents[name] = own[0].staged  # the fast path's file is the batch's, as it is
        else:
            table = IMPORTABLE[name]
            columns = ", ".join(f"CAST({q(c.name)} AS {c.sql_type}) AS {q(c.name)}" for c in table.columns)
            contents[name] = f"SELECT {columns} FROM {outcome.keeps[name]} ORDER BY _part, _row"  # noqa: S608
    held = " UNION ALL ".join(f"SELECT * FROM {held_view(n)}" for n in tables if skipped[n])  # noqa: S608
    batch = commit(store, con, manifest, contents, held or None)
    if not job.last:  # the next files of this import must see these records as already there
        for name in contents:
            con.execute(
                f"INSERT INTO {q('committed_' + name)} SELECT * FROM read_parquet($path)",  # noqa: S608
                {"path": str(batch / f"{name}.parquet")},
            )
    status = "imported" if sum(added.values()) else "unchanged"
    return row | {"status": status, "rows_added": sum(added.values())}, problems
