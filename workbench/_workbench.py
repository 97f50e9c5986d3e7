"""`connect()` and `Workbench`: a read-only view of the embedded database."""

from __future__ import annotations

import json
import os
import sys
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ._build import NATIONAL_FINGERPRINT_PREFIX, ensure_built
from ._connections import SharedDatabase, acquire, release, serialised
from ._connections import memory_limit as memory_limit_setting
from ._disclosure import DEFAULT_K, protect_result, refusal
from ._error_words import in_language
from ._errors import (
    InvalidFilterError,
    MissingDatabaseError,
    ReadOnlyError,
    StoreError,
    UnknownCodeError,
    WorkbenchError,
    unknown_value,
)
from ._filters import Filters, check_years_held, filters_asked, years_drawn, years_listed
from ._importer.store import batches, store_dir
from ._kinds import KINDS as RECORD_KINDS
from ._kinds import SENSITIVE_RELATIONS
from ._labels import LANGS, check_lang, note_as_given
from ._paths import DATA_DIR, database_path, default_db_path
from ._query import (
    KINDS,
    ROLLUPS,
    count_scope,
    plan_query,
    shape_result,
    status_note,
    whole_counts,
)
from ._sqlguard import (
    DEFAULT_ROW_CAP,
    SQL_TIMEOUT,
    check_query,
    public_connection,
    public_schema,
    reads_withheld,
    run_capped,
)
from ._units import geography_note, territory_note
from ._words import command_text

MODES = ("internal", "publish")
# The victim-related measure each record kind protects in publish mode, and what it drops there
# (a count of services per cell would give away what the protected count hides).
PROTECTED_MEASURES = {
    name: kind.withheld_measure for name, kind in RECORD_KINDS.items() if kind.withheld_measure is not None
}
DROPPED_IN_PUBLISH = {name: k.dropped_in_publish for name, k in RECORD_KINDS.items() if k.dropped_in_publish}
VICTIM_RELATIONS = SENSITIVE_RELATIONS
# Aggregates kept per open database file: a panel going back to a view it showed is not re-queried.
CACHE_SIZE = 256

# Settings for every connection analysts use: no reading or writing files through SQL, no
# extension downloads, and settings frozen so a query cannot turn any of that back on.
READ_ONLY_CONFIG = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}


# The metadata every table carries for its figures' footers (`attrs['data_about']`): the extract,
# and the import batches held and the last day the data cover (_build.stamp_data_to).
# The database's fingerprint among them: a figure exported with no `meta` names it in its sidecars.
DATA_ABOUT = ("data_version", "synthetic", "generated_on", "imported_batches", "data_to", "fingerprint")


def _counted_by_name(kind: str, doc: str) -> Callable[..., pd.DataFrame]:
    """`db.events(...)`, `db.victims(...)`, ...: `db.count(kind, ...)` under the kind's name, one
    piece of code for every kind (a kind without one, `db.hotline`, was an AttributeError)."""

    def counted(
        self: Workbench,
        filters: Filters | None = None,
        by=(),
        *,
        lang: str = "vi",
        complete: bool = False,
        geography: str | None = None,
        **fields,
    ) -> pd.DataFrame:
        return self.count(kind, filters, by, lang=lang, complete=complete, geography=geography, **fields)

    counted.__name__ = counted.__qualname__ = kind
    counted.__doc__ = doc
    return counted


class Workbench:
    """A read-only connection to the workbench database with the query helpers on it."""

    def __new__(
        cls, path: Path, *, mode: str = "internal", k: int = DEFAULT_K, memory_limit: str | None = None
    ):
        if mode == "publish":  # publish mode is another object: no records, nothing exact on it
            from ._publish import PublishedWorkbench

            return PublishedWorkbench(Path(path), k=k, memory_limit=memory_limit)
        return super().__new__(cls)

    def __init__(
        self, path: Path, *, mode: str = "internal", k: int = DEFAULT_K, memory_limit: str | None = None
    ) -> None:
        if mode not in MODES:
            raise unknown_value(InvalidFilterError, "mode", mode, MODES)
        self.path = Path(path)
        # internal: exact counts, every output marked "not for publication"; publish: victim
        # counts below k withheld with complementary suppression, no victim rows through SQL.
        self.mode = mode
        self.k = k
        self.row_cap = DEFAULT_ROW_CAP
        self._public: duckdb.DuckDBPyConnection | None = None
        self._schema: duckdb.DuckDBPyConnection | None = None  # the public relations, empty
        # The process's one open instance of this file, shared with every Workbench on it.
        self._shared: SharedDatabase | None = None
        self._generation = -1
        # (SQL, parameters) -> raw aggregate, for the file identified by self._generation only.
        self._cache: OrderedDict[tuple[str, str], pd.DataFrame] = OrderedDict()
        # kind -> the years it holds (`years`), for the file identified by self._generation only.
        self._held: dict[str, list[int]] = {}
        self.national = False
        self.rollups: tuple[str, ...] = ()
        self._shared = acquire(self.path, memory_limit_setting(memory_limit))
        # Held by every query: the Workbenches on one file share its one DuckDB connection.
        self._lock = self._shared.lock
        with self._lock:
            self._connection()

    @property
    def _con(self) -> duckdb.DuckDBPyConnection | None:
        return None if self._shared is None else self._shared.con

    def _describe(self, con: duckdb.DuckDBPyConnection) -> None:
        """What this file is, read once per opened file."""
        self._cache.clear()  # cached results belong to the file they came from
        self._held.clear()
        self._close_public()
        # A national-scale database (workbench generate --national): all of Vietnam's districts,
        # no 2025 units, and the district x month pre-aggregate.
        row = con.execute("SELECT value FROM main.metadata WHERE key = 'fingerprint'").fetchone()
        self.national = bool(row and row[0].startswith(NATIONAL_FINGERPRINT_PREFIX))
        # The pre-aggregates this file holds (_query.ROLLUPS): questions they cover are answered there.
        names = con.execute(
            "SELECT view_name FROM duckdb_views() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND list_contains($names, view_name)",
            {"names": list(ROLLUPS)},
        ).fetchall()
        self.rollups = tuple(name for (name,) in names)

    def _connection(self) -> duckdb.DuckDBPyConnection:
        if self._shared is None:
            raise WorkbenchError(f"The workbench connection to {self.path} is closed.")
        # A rebuild or import swaps in a new file: the shared instance picks it up on the next
        # query, and this Workbench's cache and publish copy go with the old file.
        con = self._shared.connection()
        if self._shared.generation != self._generation:
            self._generation = self._shared.generation
            self._describe(con)
        return con

    def _close_public(self) -> None:
        for name in ("_public", "_schema"):
            copy = getattr(self, name)
            if copy is not None:
                copy.close()
                setattr(self, name, None)

    def close(self) -> None:
        self._close_public()
        if self._shared is not None:
            shared, self._shared = self._shared, None
            release(shared)

    def __enter__(self) -> Workbench:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Workbench({str(self.path)!r})"

    @property
    @serialised
    def metadata(self) -> dict[str, str]:
        """What the data are: data_version, generated_on, whether synthetic, built_at, ..."""
        rows = self._connection().execute("SELECT key, value FROM main.metadata").fetchall()
        return dict(rows)

    @serialised
    def data_about(self) -> dict[str, str]:
        """The metadata a footer names (data version, extract date, synthetic), from the cache."""
        rows = self._query("SELECT key, value FROM main.metadata", {})
        return {k: v for k, v in zip(rows["key"], rows["value"], strict=True) if k in DATA_ABOUT}

    @serialised
    def years(self, kind: str) -> list[int]:
        """The years a kind's records span, as its table by year lists them: the years held, from
        the first to the last of which a panel's slider runs and a query's years may be chosen."""
        return [int(y) for y in self.count(kind, by="year")["year"]]

    def _check_years(self, kind: str, filters: Filters, lang: str = "vi") -> tuple[int, int] | None:
        """Years wholly outside those held (`years(kind)`, first to last) would count 0 as if nobody
        had been counted: refused, as an unknown district is (the error in `lang`). Publish mode's
        events and online communication come here too (PublishedWorkbench counts them with this
        connection): their years are no secret. Returns the years a table by year lists: those
        asked, cut to the span held."""
        if filters.years is None:
            return None
        if kind not in self._held:
            self._held[kind] = self.years(kind)
        check_years_held(filters.years, self._held[kind], kind, lang)
        return years_listed(filters.years, self._held[kind])

    def counts(self, kind: str, filters: Filters | None, bys, **options) -> list[pd.DataFrame]:
        """The counts of one record kind by each of `bys` (a trend by year and a breakdown, as a
        panel shows them): years and districts listed whole, zeros included. In publish mode the
        tables are released together, as one release (docs/releases.md)."""
        return [self.count(kind, filters, by, complete=by in ("year", "district"), **options) for by in bys]

    def count(
        self,
        kind: str,
        filters: Filters | None = None,
        by=(),
        *,
        lang: str = "vi",
        complete: bool = False,
        geography: str | None = None,
        **fields,
    ) -> pd.DataFrame:
        """The counts of one record kind ('events', 'victims', 'support'): what `db.events(...)`,
        `db.victims(...)` and `db.support(...)` return, for code that picks the kind."""
        if kind not in KINDS:
            raise unknown_value(UnknownCodeError, "record kind", kind, KINDS)
        check_lang(lang)
        try:  # what was asked, refused in the language of the answer asked for
            filters = filters_asked(kind, filters, fields)
            listed = self._check_years(kind, filters, lang)
            # A national database: every record names its pre-2025 district, nothing to share out.
            plan = plan_query(kind, filters, by, geography, rollups=self.rollups, national=self.national)
        except WorkbenchError as error:
            raise in_language(error, lang) from None
        sql, params, geography = plan.sql, plan.params, plan.geography
        raw = self._query(sql, params)
        protect = self.mode == "publish" and kind in PROTECTED_MEASURES
        # In publish mode every cell is listed: a missing one would read as a published zero.
        # Filled in, the years listed are the span held only: a year past the data is no zero.
        result = shape_result(plan, raw, lang=lang, complete=complete or protect, years=listed)
        # What produced this table, for "Show SQL", figure footers and export sidecars; the
        # geography note says how places were counted and goes on every figure drawn from it.
        note = geography_note(geography, lang)
        result.attrs.update(
            kind=kind,
            sql=sql,
            params=params,
            # the language its labels and notes are in: a chart drawn from it speaks it too
            lang=lang,
            filters=years_drawn(filters, listed),
            geography=geography,
            geography_note=note,
            # A national database counts no one city: the merger's note is the city's only.
            territory_note=None if self.national else territory_note(filters.years, lang),
            status_note=status_note(kind, filters, by, lang),
            count_scope=count_scope(kind, filters, by),
            mode=self.mode,
            # What the data are (version, extract date, synthetic): a figure drawn from this table
            # names them in its footer even when it is not given the database's metadata.
            data_about=self.data_about(),
        )
        if protect:
            measure = PROTECTED_MEASURES[kind]
            result = result.drop(columns=[c for c in DROPPED_IN_PUBLISH.get(kind, ())])
            if geography == "harmonised":  # shares of 2025 units: whole counts, totals kept
                result[measure] = whole_counts(result, measure, by)
            result = protect_result(result, by if not isinstance(by, str) else [by], measure, k=self.k)
        return note_as_given(result)

    def _query(self, sql: str, params: dict[str, object]) -> pd.DataFrame:
        """The raw aggregate for this SQL and these parameters, from the cache when this file
        answered them already (a rebuilt or swapped file empties the cache, see _open)."""
        con = self._connection()
        key = (sql, json.dumps(params, sort_keys=True, default=str))
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        raw = con.execute(sql, params).df()
        self._cache[key] = raw
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return raw

    events = _counted_by_name(
        "events",
        """Events, attendees and leaflets, grouped by any of district, year, month, organiser,
        event_type, topic. Filter fields may be given as keywords: `years=(2016, 2020)`.

        `geography`: 'harmonised' maps places to the 2019 districts (2025 units shared out by the
        rule in `df.attrs["geography_note"]`, fractional counts), 'recorded' counts places as
        recorded; by default harmonised when grouping or filtering by district.""",
    )
    victims = _counted_by_name(
        "victims",
        """Victim records (distinct people), grouped by district, year, sex, age_band,
        exploitation, destination, ... Exact counts: see the disclosure rules before publishing.""",
    )
    support = _counted_by_name(
        "support",
        """Support services delivered and victims supported, by support_type, provider, ...;
        `years` are the years services were delivered.""",
    )
    cases = _counted_by_name(
        "cases",
        """Criminal cases of trafficking (the police's figures): cases, suspects and the victim
        records linked, grouped by district, year, month, stage, exploitation, destination.""",
    )
    hotline = _counted_by_name(
        "hotline",
        """Hotline contacts, grouped by district, year, month, line, topic, channel, referral, as
        publish mode's `hotline` releases them (there, small counts withheld).""",
    )
    communication = _counted_by_name(
        "communication",
        """Online and media communication items and their reach, grouped by district, year, month,
        organiser, medium: never suppressed, as events.""",
    )

    @serialised
    def sql(self, query: str, /, timeout: float | None = SQL_TIMEOUT, **params: object) -> pd.DataFrame:
        """Ad hoc read-only SQL with named parameters: `db.sql("... WHERE year = $year", year=2019)`.

        Views: events, victims, victim_exploitation, victim_means_of_control, support_services,
        cases, case_victims, hotline, communication, districts, codes, metadata: each already
        carries district names and year. A query still
        running after `timeout` seconds (default 60; None: no limit) is stopped with a
        `SqlTimeoutError`; interrupting the kernel stops it too.
        """
        check_query(query)
        # Where the numbers come from, read first: reading it opens a file an import swapped in
        # meanwhile, and closes the connection it replaces (an ad hoc query during an import
        # failed "Connection already closed!" when the old one was used after).
        about = self.data_about()
        con = self._connection()  # then: a swapped-in file also renews the publish copy
        if self.mode == "publish":
            # Publish mode reads a copy that holds no victim relation at all.
            if self._public is None:
                self._public = public_connection(con)
            con = self._public
        try:
            frame = run_capped(con, query, params, self.row_cap, timeout=timeout)
        except duckdb.CatalogException as error:
            if self.mode == "publish" and any(name in str(error) for name in VICTIM_RELATIONS):
                raise refusal("publish_sql_victims", {"error": str(error)}) from None
            raise
        except duckdb.Error as error:
            text = str(error)
            if "read-only" in text or "read only" in text:
                raise ReadOnlyError(
                    f"The workbench database is read-only; this statement would change it: {text}"
                ) from None
            raise
        # Where the numbers come from, for a chart's title and footer and an export's sidecar.
        frame.attrs.update(sql=query, params=dict(params), data_about=about)
        if self.mode != "publish":  # cases counted AS "cases" had no internal mark (no 'victim' in it)
            if self._schema is None:
                self._schema = public_schema(con)
            frame.attrs["reads_withheld"] = reads_withheld(self._schema, query, params)
        return note_as_given(frame)  # as handed over: a table of one's own has no such record

    @serialised
    def funnel(
        self, filters: Filters | None = None, *, lang: str = "vi", geography: str | None = None, **fields
    ) -> pd.DataFrame:
        """The victim funnel for the people received in `filters`' years and places: a row per stage
        (received, verified, identified, supported, reintegrated) with `people` who reached it and
        `median_days` from the stage before (over the `timed` people with both dates). Every
        trafficking status is counted (it is what the funnel shows). Exact counts: an internal table;
        publish mode withholds small counts and medians (docs/privacy.md)."""
        from ._funnel import internal_funnel

        if filters is None:
            filters = Filters(**fields)
        elif fields:
            filters = filters.replace(**fields)
        self._connection()
        self._check_years("victims", filters, check_lang(lang))
        return note_as_given(internal_funnel(self, filters, geography, lang))

    def targets(self, period=None, *, lang: str = "vi") -> pd.DataFrame:
        """The programme targets (data/reference/programme_targets.csv) against what the records
        measure for `period` ((2021, 2025), '2026-2030'; None: each programme over its own years):
        a row per indicator with its target, the measured share, whether the target text was
        confirmed (`uncertain`) and its source. See docs/analysts.md, "Programme targets"."""
        from ._targets import measure_targets

        return note_as_given(measure_targets(self, period, lang=lang))


def connect(
    path: str | os.PathLike | None = None,
    *,
    data_dir: str | os.PathLike | None = None,
    build: bool = True,
    mode: str = "internal",
    k: int = DEFAULT_K,
    memory_limit: str | None = None,
) -> Workbench:
    """Open the workbench database read-only.

    `path` defaults to the `WORKBENCH_DB` environment variable, else the database built beside the
    repository's data. With `build` (the default) the database is built from the data files when
    it is missing or they changed since it was built. `mode` is "internal" (exact counts, marked
    not for publication) or "publish" (victim counts below `k` withheld). `memory_limit` caps what
    DuckDB may use ('4GB', '50%'; default `WORKBENCH_MEMORY_LIMIT`, else half the RAM).

    Every connection to the same file in a process shares one open database: connecting again
    (a notebook's first cell run twice, internal and publish side by side) neither reopens nor
    rebuilds an up-to-date file, and a file swapped in by a build or an import is read from the
    next query on.
    """
    db_path = database_path(path if path is not None else default_db_path())
    if build:
        # Both languages: a connection has none of its own, and this is read once, at the start.
        build_and_say(db_path, Path(data_dir) if data_dir is not None else DATA_DIR, LANGS)
    elif db_path.is_dir():
        raise StoreError(f"The database path {db_path} is a folder; give the path of a .duckdb file.")
    elif not db_path.exists():
        raise MissingDatabaseError(
            f"No workbench database at {db_path}; run `workbench build`.", given=str(db_path)
        )
    return Workbench(db_path, mode=mode, k=k, memory_limit=memory_limit)


def build_and_say(db_path: Path, source: Path, langs: Sequence[str]) -> None:
    """Build `db_path` from `source` when it is missing or out of date; when no database was there,
    say so on stderr in `langs` (a mistyped path would otherwise answer from the sample records,
    an analyst's imports nowhere, without a word). The commands say it in their `--lang` only."""
    new = not db_path.exists() and not db_path.is_symlink()
    if ensure_built(db_path, source) and new:
        imports = len(batches(store_dir(db_path)))
        said = (
            command_text("connect_built_new", lang, db=db_path, data=source, imports=imports)
            for lang in langs
        )
        print(" / ".join(said), file=sys.stderr)


_default: Workbench | None = None


def sql(query: str, /, **params: Any) -> pd.DataFrame:
    """`Workbench.sql` on the default database, opened on first use."""
    global _default
    if _default is None:
        _default = connect()
    return _default.sql(query, **params)
