"""Ad hoc SQL, locked down: one read-only SELECT, a row cap, and no victim rows in publish mode.

The connection itself already refuses writes, file access, extensions and setting changes
(`READ_ONLY_CONFIG`); this module refuses every statement that is not a query before it runs,
so the message is ours and nothing is attempted.
"""

from __future__ import annotations

import math
import re
import threading
import warnings
from collections.abc import Callable
from typing import TypeVar

import duckdb
import pandas as pd

from ._errors import InvalidFilterError, RowCapWarning, SqlNotAllowedError, SqlTimeoutError
from ._kinds import PUBLIC_RECORD_RELATIONS, REFERENCE_RELATIONS, SENSITIVE_RELATIONS, WITHHELD_RELATIONS
from ._schema import quote_identifier

DEFAULT_ROW_CAP = 10_000
# Seconds an ad hoc query may run (db.sql(..., timeout=)) before it is stopped.
SQL_TIMEOUT = 60.0
T = TypeVar("T")

# What publish-mode SQL may read: reference tables and awareness events, never a victim relation.
# An allow-list, so a victim view added later is closed until someone opens it on purpose.
PUBLIC_RELATIONS = (*PUBLIC_RECORD_RELATIONS, *REFERENCE_RELATIONS)


def check_query(query: str) -> None:
    """Refuse anything but one SELECT (or WITH ... SELECT) statement, naming what was given."""
    statements = duckdb.extract_statements(query)
    if len(statements) != 1:
        raise SqlNotAllowedError(
            f"Ad hoc SQL runs one query at a time; this text holds {len(statements)} statements. "
            "Send them one by one."
        )
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise SqlNotAllowedError(
            f"Only SELECT and WITH queries are allowed here, not {kind.name}: the workbench database "
            "is read-only and file access, ATTACH, COPY, SET, PRAGMA, INSTALL and LOAD are switched off."
        )


# DuckDB's sum of whole numbers is a 128-bit integer, which pandas receives as float64: a count
# written `5210.0`. Those columns come back as whole numbers (nullable where a sum was over nothing).
WIDE = ("HUGEINT", "UHUGEINT")


def whole_sums(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """`frame` with the columns `names` (128-bit integers read as float64) as int64, or Int64 when
    some are NULL; a column with a value beyond int64 stays as it came."""
    for name in names:
        column = frame[name]
        if column.abs().max() >= 2.0**63:
            continue
        frame[name] = column.astype("Int64" if column.isna().any() else "int64")
    return frame


def run_capped(
    con: duckdb.DuckDBPyConnection, query: str, params: dict, cap: int, *, timeout: float | None = None
) -> pd.DataFrame:
    """The query's result, cut at `cap` rows with a visible warning when it had more; stopped
    with a `SqlTimeoutError` after `timeout` seconds, and by a kernel interrupt."""

    def fetch() -> pd.DataFrame:
        try:
            cursor = con.execute(query, params or None)
        except duckdb.PermissionException as error:
            raise SqlNotAllowedError(
                f"Ad hoc SQL cannot read or write files, attach databases or load extensions: {error}"
            ) from None
        # Fetch whole vectors (2,048 rows at most) until one row past the cap, never the whole
        # result. A chunk may hold fewer rows than asked (a filter leaves part-filled vectors): keep
        # fetching until the cap is passed or a chunk comes back empty.
        chunks = [cursor.fetch_df_chunk(max(1, math.ceil((cap + 1) / 2048)))]
        fetched = len(chunks[0])
        while fetched <= cap and len(chunks[-1]):
            chunks.append(cursor.fetch_df_chunk(1))
            fetched += len(chunks[-1])
        frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
        return whole_sums(frame, [name for name, kind, *_ in cursor.description or () if str(kind) in WIDE])

    frame = run_with_limit(con, fetch, timeout)
    truncated = len(frame) > cap
    frame = frame.iloc[:cap]
    frame.attrs["truncated"] = truncated
    if truncated:
        warnings.warn(
            f"Showing the first {cap:,} rows only: the query returned more. Aggregate in SQL, or raise "
            "the cap with `db.row_cap = N`.",
            RowCapWarning,
            stacklevel=3,
        )
    return frame


def run_with_limit(con: duckdb.DuckDBPyConnection, work: Callable[[], T], timeout: float | None) -> T:
    """`work()` (a query on `con`) run in a worker thread while this one waits: the wait ends at
    `timeout` seconds or at a KeyboardInterrupt (a kernel interrupt), and either interrupts the
    query in DuckDB (which a signal alone cannot reach while DuckDB computes)."""
    if timeout is not None and not (isinstance(timeout, int | float) and timeout > 0):
        raise InvalidFilterError(f"timeout must be a number of seconds above 0 (or None), not {timeout!r}.")
    outcome: dict[str, object] = {}
    done = threading.Event()

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the waiting thread as it is
            outcome["error"] = error
        finally:
            done.set()

    worker = threading.Thread(target=target, name="workbench-sql", daemon=True)
    try:
        # Inside the try: an interrupt can land while start() waits for the worker to begin.
        worker.start()
        finished = done.wait(timeout)
    except KeyboardInterrupt:
        _stop(con, done)
        raise
    if not finished:
        _stop(con, done)
        if "value" not in outcome:
            raise SqlTimeoutError(
                f"The query ran longer than its time limit of {timeout:g} s and was stopped. Narrow it "
                "(filter by year or district, aggregate in SQL, avoid cross joins), or give more time: "
                "db.sql(..., timeout=300)."
            )
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def _stop(con: duckdb.DuckDBPyConnection, done: threading.Event) -> None:
    """Interrupt the worker's query until it has ended. The worker may not have reached DuckDB yet
    when the stop comes (an interrupt then is a no-op), and a query left running would keep the
    shared connection busy for every later query of the process."""
    con.interrupt()
    while not done.wait(0.05):
        con.interrupt()


def public_connection(source: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """An in-memory database holding only the public relations, locked like the main one.

    Publish-mode SQL runs here, so no query, however written, can reach a victim record.
    """
    listed = source.execute("SELECT table_name FROM information_schema.tables").fetchall()
    present = {row[0] for row in listed}
    target = duckdb.connect(":memory:")
    for name in PUBLIC_RELATIONS:
        if name in present:
            frame = source.execute(f"SELECT * FROM main.{quote_identifier(name)}").df()  # noqa: S608
            target.register("incoming", frame)
            target.execute(f"CREATE TABLE {quote_identifier(name)} AS SELECT * FROM incoming")  # noqa: S608
            target.unregister("incoming")
    return _locked(target)


def public_schema(source: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Empty tables with the public relations' columns and types, locked like the main database:
    an ad hoc query that binds here reads nothing publish mode withholds."""
    listed = source.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE schema_name = 'main' ORDER BY table_name, column_index"
    ).fetchall()
    columns: dict[str, list[str]] = {}
    for table, column, data_type in listed:
        if table in PUBLIC_RELATIONS:
            columns.setdefault(table, []).append(f"{quote_identifier(column)} {data_type}")
    target = duckdb.connect(":memory:")
    for table, declared in columns.items():
        # names quoted, types as the database's own catalogue spells them
        target.execute(f"CREATE TABLE {quote_identifier(table)} ({', '.join(declared)})")
    return _locked(target)


# Words that name records publish mode withholds: a query naming one is taken to read them (a
# catalogue function reached with such a name, duckdb_tables(), tells a table's row count).
WITHHELD_WORDS = frozenset(name.lower() for name in (*SENSITIVE_RELATIONS, *WITHHELD_RELATIONS))


def reads_withheld(schema: duckdb.DuckDBPyConnection, query: str, params: dict) -> bool:
    """Whether an internal ad hoc query may read victims, support, cases or hotline contacts: it
    names one of their relations, or it does not bind over the public relations alone (`schema`,
    from `public_schema`). Its result is then exact counts publish mode withholds: a chart of it
    carries the internal mark, and no export publishes it, whatever its columns are called."""
    if WITHHELD_WORDS & set(re.findall(r"\w+", query.lower())):
        return True
    try:
        schema.execute(f"EXPLAIN {query}", params or None)  # planned, never run
    except duckdb.Error:
        return True
    return False


def _locked(target: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    for setting in ("enable_external_access", "autoinstall_known_extensions", "autoload_known_extensions"):
        target.execute(f"SET {setting} = false")
    target.execute("SET lock_configuration = true")
    return target
