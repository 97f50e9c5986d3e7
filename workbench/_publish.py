"""Publish mode: the connection analysts release from. Nothing exact leaves it.

`connect(mode="publish")` returns a `PublishedWorkbench`. It holds no connection to the records and
no exact count, and no attribute of it (or of anything it returns) leads to one: those live in a
private engine (an internal `Workbench`, and the events-only copy ad hoc SQL reads) kept in this
module's registry under an opaque token, reached only by this module's functions, which answer
victim and support questions as *releases*. Every such count it returns is a cell of the release
register (`_release`), protected together with everything released before that is still true of
the data (`_revisions`: releases a revision of the victim records contradicts refuse the release),
and the frames it returns carry only what was published.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import secrets
import weakref
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import duckdb

from ._build import IDENTITY_KEY
from ._codes import CODESETS as CODESET_ENTRIES
from ._codes import DATED_CODESETS, LISTED_FIRST, OTHER_COUNTRIES, age_band_conflicts, codes, label
from ._connections import serialised
from ._disclosure import (
    COMPLEMENTARY,
    DEFAULT_K,
    NEUTRAL,
    PRIMARY,
    PUBLISHED,
    TOTAL,
    DisclosureError,
    PublishedTable,
    _cell_keys,
    identity_rank,
    protect_matrix,
)
from ._districts import national_name, province_districts
from ._errors import UnknownCodeError, unknown_value
from ._filters import Filters
from ._kinds import KINDS as DECLARED_KINDS
from ._query import aggregate_sql, check_geography, count_scope, counted_statuses, status_note
from ._release import (
    HIDDEN,
    YEAR_LINK,
    Box,
    PublicFigure,
    Register,
    Released,
    check_found,
    pinned_by,
    public_figures,
    speaks_of_few,
    unsafe,
)
from ._revisions import frame_digest, holds, refuse
from ._schema import RECORD_TABLES, quote_identifier
from ._sqlguard import SQL_TIMEOUT
from ._support_link import SupportBound, place_of
from ._units import AREA_GROUPS, REFORM_DATE, harmonised_areas, place_name, territory_note, whole_shares
from ._words import TEXT

# The smallest k publish mode accepts: below it, a published count points at too few people.
MINIMUM_K = 5
# Law 53/2024: the trafficking status is a coordinate of every count (like place and year), not a
# breakdown: a count takes the statuses _query.counted_statuses says, identified victims by default.
STATUS = "trafficking_status"
PLACE_AND_TIME = ("district", "year", "month")


def _breakdowns(kind: str, within: Mapping[str, str] | None = None) -> dict[str, str]:
    """A kind's coded breakdowns publish mode may release, with their value sets: its declared
    dimensions that are columns of the records (derived ones, such as under_16, are read from
    minor_status and released as it), less place, time and status; less those of `within`."""
    columns = {c.name for table in RECORD_TABLES for c in table.columns}
    return {
        name: dimension.codeset
        for name, dimension in DECLARED_KINDS[kind].dimensions.items()
        if dimension.codeset and name in columns and name != STATUS and name not in (within or {})
    }


def _category_filters(kind: str, breakdowns: Mapping[str, str]) -> dict[str, str]:
    """Filter fields that narrow a kind to categories of one of its breakdowns, and the breakdown:
    the field's column is the breakdown's (`v.sex` narrows `sex`)."""
    return {
        field: column.split(".")[-1]
        for field, (column, how) in DECLARED_KINDS[kind].filter_columns.items()
        if how in ("in", "any") and column.split(".")[-1] in breakdowns
    }


# Breakdowns of victims, and of support beside them (the support given in a year: a person can have
# several types and providers in a year, so these count mentions, as exploitation does).
CATEGORY_DIMENSIONS = _breakdowns("victims")
SUPPORT_DIMENSIONS = _breakdowns("support", within=CATEGORY_DIMENSIONS)
CATEGORY_FILTERS = _category_filters("victims", CATEGORY_DIMENSIONS)
SUPPORT_FILTERS = _category_filters("support", {**CATEGORY_DIMENSIONS, **SUPPORT_DIMENSIONS})
CODESETS = {**CATEGORY_DIMENSIONS, **SUPPORT_DIMENSIONS}
# Every filter publish mode honours; any other filter is refused (never dropped: the count would
# then be of more people than the footer says).
HONOURED_FILTERS = {"provinces", "districts", "years", "trafficking_statuses"}
# What each kind of table counts: its measure column and its boxes' measure (see _release.Box).
MEASURES = {"victims": ("victims", None), "support": ("victims_supported", "supported")}
# Breakdowns where one person can be in several categories.
MULTI_VALUED = frozenset(
    {c.name for table in RECORD_TABLES for c in table.columns if c.multi and c.name in CATEGORY_DIMENSIONS}
    | set(SUPPORT_DIMENSIONS)
)
# Breakdowns the code sets relate (_codes.age_band_conflicts: an age band of 0-8 is under 16), with
# the pairs no one can be in: the audit knows what every reader knows.
LINKED_BREAKDOWNS = {("age_band", "minor_status"): age_band_conflicts}
# Criminal cases (the police's figures): the number of cases is released as victim counts are, by
# place, year and one of stage, exploitation and destination, in a system of its own (measure
# "cases": no trafficking status); suspects and victims linked are not released (dropped_in_publish).
# Hotline contacts likewise, by place, year and one of line, channel, topic and referral (measure
# "contacts"): each table protected on its own let a reader difference selections (all districts
# against all but one) into each district's count; through the register no such difference is let out.
OWN_SYSTEMS = {"cases": "case_id", "hotline": "contact_id"}  # kind -> its records' key
OWN_DIMENSIONS = {kind: _breakdowns(kind) for kind in OWN_SYSTEMS}
OWN_FILTERS = {kind: _category_filters(kind, OWN_DIMENSIONS[kind]) for kind in OWN_SYSTEMS}
CASE_DIMENSIONS = OWN_DIMENSIONS["cases"]
MEASURES["cases"] = ("cases", "cases")
MEASURES["hotline"] = ("contacts", "contacts")
OWN_MEASURES = {MEASURES[kind][1]: kind for kind in OWN_SYSTEMS}  # box measure -> kind
SUPPORTED = MEASURES["support"][1]  # the box measure of victims supported
# The value set of every breakdown publish mode releases, of any kind. Countries are released as a
# fixed short list and "other countries" (_codes.PUBLISHED_COUNTRIES): the records are read folded so.
PUBLISHED_SETS = {"country": "published_country", "citizenship": "published_citizenship"}
FAMILIES = {
    name: PUBLISHED_SETS.get(codeset, codeset)
    for name, codeset in {
        **CODESETS,
        **{name: codeset for dims in OWN_DIMENSIONS.values() for name, codeset in dims.items()},
    }.items()
}
FOLDED = {name: codes(codeset) for name, codeset in FAMILIES.items() if codeset in PUBLISHED_SETS.values()}


def _fold_countries(frame: pd.DataFrame) -> pd.DataFrame:
    """Countries outside publish mode's list read as "other countries" (a missing value stays so)."""
    for name, listed in FOLDED.items():
        if name in frame.columns:
            column = frame[name]
            frame[name] = column.where(column.isna() | column.isin(listed), OTHER_COUNTRIES)
    return frame


# The record kinds publish mode releases through the register (`_Table`), as `counts` releases them.
RELEASED_KINDS = ("victims", "support", "cases", "hotline")

UNKNOWN_PLACE = -1  # records with no place: in every all-places count, in no district's

# token -> engine. Kept here, not on the connection, so no attribute of the connection or of what it
# returns reaches the records (code running in the same process can still import this module, or
# open the database file: publish mode guards what is released, not the process; docs/privacy.md).
_ENGINES: dict[str, _Engine] = {}


def sealed(method: Callable) -> Callable:
    """An error raised out of publish mode carries its message, not the frames it was raised in:
    their locals hold the engine (and through it the records), and a caught exception's
    `__traceback__` (or the `__context__` of one raised while handling another) would hand them to
    the caller. The error leaves with no traceback below this call and nothing chained to it."""

    @functools.wraps(method)
    def call(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except BaseException as error:  # every error (an interrupt too): re-raised below, frames dropped
            clean = _stripped(error)
        raise clean

    return call


def _stripped(error: BaseException) -> BaseException:
    error.__traceback__ = None
    error.__cause__ = None
    error.__context__ = None
    error.__suppress_context__ = True
    return error


def check_k(k: int) -> None:
    if not isinstance(k, int) or isinstance(k, bool) or k < MINIMUM_K:
        raise DisclosureError(
            f"Publish mode needs k of at least {MINIMUM_K}; k={k!r} was given. A smaller k is for "
            "internal analysis only: wb.connect(mode='internal', k=...), every output marked internal."
        )


class _Engine:
    """The exact side: the records, one place each, and the counts of any box."""

    def __init__(self, internal) -> None:
        self.internal = internal
        self.public: duckdb.DuckDBPyConnection | None = None  # events-only copy for ad hoc SQL
        self._identity = None
        self._frame: pd.DataFrame | None = None
        self._atoms: dict = {}
        self.own_years: dict[str, list[int]] = {}  # the span of years of each OWN_SYSTEMS kind
        self.event_years: list[int] = []  # the first and last year of the events (see `_span`)

    @property
    def national(self) -> bool:
        return self.internal.national

    def areas(self) -> list[int]:
        if self.national:
            return sorted(int(c) for c in self.frame()["area"].unique() if c != UNKNOWN_PLACE)
        return [code for code, _, _ in harmonised_areas()]

    @property
    def statuses(self) -> tuple[str, ...]:
        return codes(STATUS)

    def frame(self) -> pd.DataFrame:
        con = self.internal._connection()  # a swapped-in file renews the generation
        if self._frame is not None and self._identity == self.internal._generation:
            return self._frame
        columns = ", ".join(["victim_id", "place_code", "year", STATUS, *CATEGORY_DIMENSIONS])
        frame = con.execute(f"SELECT {columns} FROM main.victims ORDER BY victim_id").df()  # noqa: S608
        frame["year"] = frame["year"].astype("int64")
        frame = _fold_countries(frame)
        frame[STATUS] = frame[STATUS].fillna("unrecorded")  # in no count: none chooses it
        frame["area"] = frame["place_code"].fillna(UNKNOWN_PLACE).astype("int64")
        if not self.national:
            shares = con.execute("SELECT place_code, district_code, weight FROM main.harmonisation").df()
            frame["area"] = _allocate(frame, shares)
        years = con.execute("SELECT min(year), max(year) FROM main.events").fetchone()
        self.event_years = [int(y) for y in years if y is not None]
        self.years = self._span(frame["year"])
        self._frame, self._identity, self._atoms = frame, self.internal._generation, {}
        return frame

    def version(self) -> str:
        """A hash of what victim and support counts are computed from — each record's key, place
        as allocated to a district (the harmonisation shares included), year, status and
        categories, and each year of support with its types and providers — and of nothing else:
        an events-only import or a rebuild that leaves the records as they were keeps it."""
        frame = self.frame()
        if "version" not in self._atoms:
            digest = hashlib.sha256(b"victims\0")
            columns = ["victim_id", "area", "year", STATUS, *CATEGORY_DIMENSIONS]
            digest.update(frame_digest(frame[columns]))
            digest.update(b"support\0")
            digest.update(frame_digest(self.support_frame()))
            for kind, key in OWN_SYSTEMS.items():
                digest.update(kind.encode() + b"\0")
                own = self.own_frame(kind)[[key, "area", "year", *OWN_DIMENSIONS[kind]]]
                digest.update(frame_digest(own))
            self._atoms["version"] = digest.hexdigest()
        return self._atoms["version"]

    def _span(self, years) -> list[int]:
        """The years a kind's tables list, first to last: those of its records and of the events
        (every year the programme ran). Its records' own span alone would tell that its first and
        last years hold someone (cases in 2026 listed, or not); the events' years are no secret."""
        span = [int(y) for y in years] + self.event_years
        return list(range(min(span), max(span) + 1)) if span else []

    def unknown_place(self) -> bool:
        return bool((self.frame()["area"] == UNKNOWN_PLACE).any())

    def support_frame(self) -> pd.DataFrame:
        """One row per victim and year of support: the victim's place (as allocated in `frame`),
        status and categories, the year of support, and the support types and providers that year."""
        frame = self.frame()
        if "supported" not in self._atoms:
            con = self.internal._connection()
            services = con.execute(
                "SELECT victim_id, year, list(DISTINCT support_type ORDER BY support_type) AS support_type, "
                "list(DISTINCT provider ORDER BY provider) AS provider FROM main.support_services "
                "WHERE year IS NOT NULL GROUP BY victim_id, year ORDER BY victim_id, year"
            ).df()
            services["year"] = services["year"].astype("int64")
            people = frame.drop(columns=["year", "place_code"])
            self._atoms["supported"] = services.merge(people, on="victim_id", how="inner", validate="m:1")
            self.support_years = self._span(services["year"])
        return self._atoms["supported"]

    def own_frame(self, kind: str) -> pd.DataFrame:
        """One row per record of a kind counted in a system of its own (a criminal case, a hotline
        contact): its place (allocated to a 2019 district or area group as victims' are), year
        (of detection, of the contact) and categories."""
        self.frame()  # a swapped-in file renews every frame
        if kind not in self._atoms:
            con = self.internal._connection()
            key = OWN_SYSTEMS[kind]
            columns = ", ".join(
                quote_identifier(c) for c in [key, "place_code", "year", *OWN_DIMENSIONS[kind]]
            )
            relation, key_sql = quote_identifier(kind), quote_identifier(key)
            frame = con.execute(f"SELECT {columns} FROM main.{relation} ORDER BY {key_sql}").df()  # noqa: S608
            frame["year"] = frame["year"].astype("int64")
            frame = _fold_countries(frame)
            frame["area"] = frame["place_code"].fillna(UNKNOWN_PLACE).astype("int64")
            if not self.national and len(frame):
                shares = con.execute("SELECT place_code, district_code, weight FROM main.harmonisation").df()
                frame["area"] = _allocate(frame, shares)
            self._atoms[kind] = frame
            self.own_years[kind] = self._span(frame["year"])
        return self._atoms[kind]

    def atoms(self, family: str | None, measure: str | None = None) -> dict:
        """Counts per (area, year, status) or (area, year, status, category); multi-valued
        categories as mentions. `measure` "supported": person-years of support; "cases": criminal
        cases, per (area, year) or (area, year, category)."""
        frame = self.support_frame() if measure == "supported" else self.frame()
        cell = ["area", "year", STATUS]
        if measure in OWN_MEASURES:  # cases and contacts have no trafficking status
            frame, cell = self.own_frame(OWN_MEASURES[measure]), ["area", "year"]
        key = (measure, family)
        if key not in self._atoms:
            if family is None:
                counts = frame.groupby(cell).size()
            elif "+" in family:  # two single-valued breakdowns together: 'category|category'
                first, second = family.split("+")
                rows = frame[cell].assign(**{family: frame[first] + "|" + frame[second]})
                counts = rows.groupby([*cell, family]).size()
            else:
                rows = frame[[*cell, family]]
                if family in MULTI_VALUED:
                    rows = rows.explode(family).dropna(subset=[family])
                counts = rows.groupby([*cell, family]).size()
            self._atoms[key] = {tuple(k): int(n) for k, n in counts.items()}
        return self._atoms[key]

    def count(self, box: Box) -> int:
        atoms = self.atoms(box.family, box.measure)
        if box.family is None:
            return sum(atoms.get(cell, 0) for cell in box.cells())
        return sum(atoms.get((*cell, c), 0) for cell in box.cells() for c in box.cats or ())

    def truth(self, family, members, cat, measure: str | None = None) -> int:
        atoms = self.atoms(family, measure)
        if family is None:
            return sum(atoms.get(ay, 0) for ay in members)
        return sum(atoms.get((*cell, cat), 0) for cell in members)


def _allocate(frame: pd.DataFrame, shares: pd.DataFrame) -> pd.Series:
    """Each record in one 2019 district or area group: the records of a 2025 unit in a year are
    shared out in whole numbers by the unit's shares (largest remainder, records in key order), so
    every table of every release counts the same whole people (cover, charts and tables agree)."""
    area = frame["area"].copy()
    weights: dict[int, list[tuple[int, float]]] = {}
    for place, district, weight in shares.itertuples(index=False):
        weights.setdefault(int(place), []).append((int(district), float(weight)))
    for (place, _year), group in frame.groupby(["area", "year"], sort=True):
        targets = sorted(weights.get(int(place), [(int(place), 1.0)]))
        if len(targets) == 1:
            area.loc[group.index] = targets[0][0]
            continue
        counts = whole_shares([len(group) * w for _, w in targets])
        assigned = np.repeat([t for t, _ in targets], counts)
        area.loc[group.index] = assigned[: len(group)]
    return area.astype("int64")


class PublishedWorkbench:
    """A publish-mode connection: events as they are, victim counts only as released."""

    mode = "publish"

    @sealed
    def __init__(self, path: Path, *, k: int = DEFAULT_K, memory_limit: str | None = None) -> None:
        from ._workbench import Workbench

        check_k(k)
        self.path = Path(path)
        self.k = k
        engine = _Engine(Workbench(self.path, mode="internal", k=k, memory_limit=memory_limit))
        # The register belongs to the database's identity, whatever its pointer is called now.
        try:
            identity = engine.internal.metadata.get(IDENTITY_KEY)
            self.register = Register(self.path, identity)
            check_found(self.path, identity, self.register.path)
        except BaseException:
            engine.internal.close()
            raise
        self._token = secrets.token_hex(16)
        _ENGINES[self._token] = engine
        weakref.finalize(self, _close_engine, self._token)
        self.national = engine.national

    def __reduce__(self):
        raise TypeError("A publish-mode connection cannot be pickled; pickle the published frames instead.")

    def __repr__(self) -> str:
        return f"PublishedWorkbench({str(self.path)!r}, k={self.k})"

    def __enter__(self) -> PublishedWorkbench:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        _close_engine(self._token)

    @property
    @sealed
    def metadata(self) -> dict[str, str]:
        return dict(_engine_of(self).internal.metadata)

    @property
    def _lock(self):  # the internal connection's: every query of this file takes turns on it
        return _engine_of(self).internal._lock

    @property
    @sealed
    def row_cap(self) -> int:
        return int(_engine_of(self).internal.row_cap)

    @serialised
    @sealed
    def events(self, filters: Filters | None = None, by=(), **options) -> pd.DataFrame:
        """Events, attendees and leaflets: never suppressed, the same as in internal mode."""
        frame = _engine_of(self).internal.events(filters, by, **options)
        frame.attrs["mode"] = "publish"
        return frame

    @serialised
    @sealed
    def communication(self, filters: Filters | None = None, by=(), **options) -> pd.DataFrame:
        """Online and media communication items and reach: never suppressed, as events."""
        frame = _engine_of(self).internal.count("communication", filters, by, **options)
        frame.attrs["mode"] = "publish"
        return frame

    @serialised
    @sealed
    def hotline(
        self, filters: Filters | None = None, by=(), *, geography: str | None = None, **options
    ) -> pd.DataFrame:
        """Hotline contacts as released: below k or derivable from any earlier release (of any
        selection: all districts against all but one), withheld (docs/privacy.md, "Hotline contacts")."""
        lang = options.pop("lang", "vi")
        options.pop("complete", None)
        filters = _filters(filters, options)
        table = _Table.plan(_engine_of(self), filters, by, geography, self.k, kind="hotline")
        [(frame, _)] = self._release([table], lang, what={"hotline": table.describe()})
        return frame

    @serialised
    @sealed
    def sql(self, query: str, /, timeout: float | None = SQL_TIMEOUT, **params: object) -> pd.DataFrame:
        """Ad hoc SQL over an in-memory copy holding events and reference tables only."""
        from ._kinds import WITHHELD_RELATIONS
        from ._sqlguard import check_query, public_connection, run_capped
        from ._workbench import VICTIM_RELATIONS

        check_query(query)
        engine = _engine_of(self)
        generation = engine.internal._generation
        engine.internal._connection()  # a swapped-in file renews the copy
        if engine.public is not None and generation != engine.internal._generation:
            engine.public.close()
            engine.public = None
        if engine.public is None:
            engine.public = public_connection(engine.internal._connection())
        import duckdb

        try:
            frame = run_capped(engine.public, query, params, self.row_cap, timeout=timeout)
        except duckdb.CatalogException as error:
            if any(name in str(error) for name in VICTIM_RELATIONS):
                raise DisclosureError(
                    "In publish mode ad hoc SQL cannot read victim records; use db.victims(...), which "
                    f"suppresses small counts, or an internal-mode connection. ({error})"
                ) from None
            if any(name in str(error) for name in WITHHELD_RELATIONS):
                raise DisclosureError(
                    "In publish mode ad hoc SQL cannot read hotline contacts (a count of one in a "
                    "commune and month could point at a family); use db.count('hotline', ...), which "
                    f"withholds small counts, or an internal-mode connection. ({error})"
                ) from None
            raise
        # Where the numbers come from, for a chart's title and footer and an export's sidecar.
        frame.attrs.update(sql=query, params=dict(params), data_about=engine.internal.data_about())
        return frame

    @serialised
    @sealed
    def support(
        self,
        filters: Filters | None = None,
        by=(),
        *,
        lang: str = "vi",
        complete: bool = False,
        geography: str | None = None,
        **fields,
    ) -> pd.DataFrame:
        """Victims supported (no services count), released as victim counts are: every cell is a
        count of the release register (person-years of support), audited with everything released."""
        del complete
        filters = _filters(filters, fields)
        table = _Table.plan(_engine_of(self), filters, by, geography, self.k, kind="support")
        [(frame, _)] = self._release([table], lang, what={"support": table.describe()})
        return frame

    @serialised
    @sealed
    def cases(
        self,
        filters: Filters | None = None,
        by=(),
        *,
        lang: str = "vi",
        complete: bool = False,
        geography: str | None = None,
        **fields,
    ) -> pd.DataFrame:
        """Criminal cases as released: below k or derivable from any earlier release, withheld;
        no suspects or victims linked (counts of people inside the cases)."""
        del complete
        filters = _filters(filters, fields)
        table = _Table.plan(_engine_of(self), filters, by, geography, self.k, kind="cases")
        [(frame, _)] = self._release([table], lang, what={"cases": table.describe()})
        return frame

    @serialised
    @sealed
    def years(self, kind: str) -> list[int]:
        """The years a kind's tables list (the span its records cover, as every table shows it):
        for a panel's year slider, without releasing a count."""
        if kind not in RELEASED_KINDS:
            return [int(y) for y in self.count(kind, by="year")["year"]]
        table = _Table.plan(_engine_of(self), Filters(), (), None, self.k, kind=kind)
        return [int(y) for y in table.extent["year"]]

    @serialised
    @sealed
    def counts(self, kind: str, filters: Filters | None, bys: Sequence, **options) -> list[pd.DataFrame]:
        """The counts of one record kind by each of `bys` (a trend by year and a breakdown, as a
        panel shows them), released as **one** release: the audit then takes what the tables
        narrow of each other as one table's own lines, as a briefing pack's tables are, where asked
        one after another the second could come back all withheld (docs/releases.md)."""
        if kind not in RELEASED_KINDS:
            return [self.count(kind, filters, by=by, **options) for by in bys]
        lang = options.pop("lang", "vi")
        geography = options.pop("geography", None)
        options.pop("complete", None)
        filters = _filters(filters, options)
        engine = _engine_of(self)
        tables = [_Table.plan(engine, filters, by, geography, self.k, kind=kind) for by in bys]
        released = self._release(tables, lang, what={kind: [table.describe() for table in tables]})
        return [frame for frame, _ in released]

    def count(self, kind: str, filters: Filters | None = None, by=(), **options) -> pd.DataFrame:
        """The counts of one record kind, as `events`, `victims` or `support` release them: for
        code that picks the kind (the panels, the dashboard, the briefing pack)."""
        if kind not in DECLARED_KINDS:
            raise unknown_value(UnknownCodeError, "record kind", kind, DECLARED_KINDS)
        return getattr(self, kind)(filters, by, **options)

    @serialised
    @sealed
    def victims(
        self,
        filters: Filters | None = None,
        by=(),
        *,
        lang: str = "vi",
        complete: bool = False,
        geography: str | None = None,
        **fields,
    ) -> pd.DataFrame:
        """Victim counts as released: below k or derivable from any earlier release, withheld."""
        del complete  # every cell is listed in publish mode: a missing one would read as zero
        filters = _filters(filters, fields)
        table = _Table.plan(_engine_of(self), filters, by, geography, self.k)
        [(frame, _)] = self._release([table], lang, what={"victims": table.describe()})
        return frame

    @serialised
    @sealed
    def funnel(
        self, filters: Filters | None = None, *, lang: str = "vi", geography: str | None = None, **fields
    ) -> pd.DataFrame:
        """The victim funnel as released: each stage's count a cell of the release register (below k,
        or narrowing the people who stopped at a stage below k, withheld), and a median of days over
        fewer than k people withheld (docs/privacy.md)."""
        from ._funnel import FunnelTable

        filters = _filters(filters, fields)
        table = FunnelTable(_engine_of(self), filters, geography, self.k)
        [(frame, _)] = self._release([table], lang, what={"funnel": table.describe()})  # type: ignore[list-item]
        return frame

    def targets(self, period=None, *, lang: str = "vi") -> pd.DataFrame:
        """The programme targets measured from released counts only (`funnel`, `events`): a share
        whose counts were withheld is withheld."""
        from ._targets import measure_targets

        return measure_targets(self, period, lang=lang)

    def _release(
        self, tables: Sequence[_Table], lang: str, what: dict
    ) -> list[tuple[pd.DataFrame, int | None]]:
        """Protect `tables` as one release with everything already released; record it."""
        engine = _engine_of(self)
        fingerprint = self.metadata.get("fingerprint")
        version = engine.version()
        with self.register.locked():
            # '<k' and 'x' of earlier releases mean what their k made them mean, so a register holds
            # releases of one k: read with another, '<10' would be taken for at most 4.
            used = self.register.k_used(DEFAULT_K, version) - {self.k}
            if used:
                raise DisclosureError(
                    f"The releases in the register of {self.path} were made with k={min(used)}; this "
                    f"connection has k={self.k}. Their '<{min(used)}' and 'x' would be read with the wrong "
                    f"k, so nothing was released: connect with k={min(used)} (docs/releases.md, Limits)."
                )
            earlier, revised = self.register.standing(version, functools.partial(_holds, engine, self.k))
            # Figures published outside the workbench come before any register entry: every reader has them.
            earlier.update({c.box.key(): c for _, c, matched in public_cells(engine, self.k) if matched})
            refuse([r for r in revised if r.box.measure in {t.measure for t in tables}], self.path)
            statuses = _settle(engine, tables, earlier, self.k)
            fresh = [
                Released(
                    cell.box, statuses[cell.key], cell.exact if statuses[cell.key] == PUBLISHED else None
                )
                for table in tables
                for cell in table.cells
                if cell.key not in earlier
            ]
            unique = list({c.box.key(): c for c in fresh}.values())
            number = self.register.record(what, fingerprint, version, unique, self.k) if unique else None
        results = []
        for table in tables:
            numbers = {earlier[c.key].release if c.key in earlier else number for c in table.cells}
            results.append(
                (table.frame(statuses, self.k, lang, self, sorted(n for n in numbers if n)), number)
            )
        return results


def _holds(engine: _Engine, k: int, cell: Released) -> bool:
    return holds(cell, engine.count(cell.box), k)


def public_cells(engine: _Engine, k: int) -> list[tuple[PublicFigure, Released, bool]]:
    """Each declared public figure (`_release.public_figures`) as the released cell of the table
    that counts it, and whether these data count that very number. Only a figure that matches is
    given to the audit: one that differs (real records imported) counts other people or otherwise,
    and is no statement about these data."""
    found = []
    for figure in public_figures():
        kind = next((name for name, (column, _) in MEASURES.items() if column == figure.measure), None)
        if kind not in ("victims", "support"):
            continue
        filters = Filters(years=figure.years, trafficking_statuses=figure.statuses)
        [cell] = [c for c in _Table.plan(engine, filters, (), None, k, kind=kind).cells]
        matched = engine.count(cell.box) == figure.value
        found.append((figure, Released(cell.box, PUBLISHED, figure.value, None), matched))
    return found


def public_figures_now(db: PublishedWorkbench) -> list[tuple[PublicFigure, bool]]:
    """The declared public figures and whether each matches the data now (`workbench releases`)."""
    return [(figure, matched) for figure, _, matched in public_cells(_engine_of(db), db.k)]


def revised_cells(db: PublishedWorkbench) -> tuple[str, list[Released]]:
    """The victim-data version now, and the earlier cells it no longer agrees with (every measure)."""
    engine = _engine_of(db)
    version = engine.version()
    return version, db.register.standing(version, functools.partial(_holds, engine, db.k))[1]


def _engine_of(db: PublishedWorkbench) -> _Engine:
    """The engine of a publish-mode connection (for this module and the briefing pack's release)."""
    engine = _ENGINES.get(db._token)
    if engine is None:
        raise DisclosureError(f"The publish-mode connection to {db.path} is closed.")
    return engine


def _close_engine(token: str) -> None:
    engine = _ENGINES.pop(token, None)
    if engine is not None:
        if engine.public is not None:
            engine.public.close()
            engine.public = None
        engine.internal.close()


def _filters(filters: Filters | None, fields: dict) -> Filters:
    if filters is None:
        return Filters(**fields)
    return filters.replace(**fields) if fields else filters


class _Cell:
    __slots__ = ("box", "exact", "key", "margin", "position", "seed")

    def __init__(self, box: Box, exact: int, margin: bool, position: tuple, seed: str) -> None:
        self.box, self.exact, self.margin, self.position, self.seed = box, exact, margin, position, seed
        self.key = box.key()


class _Table:
    """One victim table of a release: its layout (rows x columns with totals) and each cell's box."""

    # Set by `plan` (the one way a table is made).
    engine: _Engine
    filters: Filters
    dims: list[str]
    components: list[str]
    geography: str
    status_coordinate: bool
    kind: str  # "victims" or "support"
    measure_name: str  # the frame's count column
    measure: str | None  # its boxes' measure
    domains: dict[str, list]
    extent: dict[str, list]

    @classmethod
    def plan(
        cls, engine: _Engine, filters: Filters, by, geography: str | None, k: int, kind: str = "victims"
    ) -> _Table:
        dims = [by] if isinstance(by, str) else list(by or ())
        if len(dims) > 2:
            raise DisclosureError(
                f"Publish mode protects tables of at most two groupings; {len(dims)} were asked for "
                f"({', '.join(dims)}). Group by fewer, or work in internal mode."
            )
        categories = {"support": CODESETS, **OWN_DIMENSIONS}.get(kind, CATEGORY_DIMENSIONS)
        valid = ("district", "year", STATUS, *categories)
        for dim in dims:
            if dim not in valid:
                raise DisclosureError(
                    f"Publish mode counts {MEASURES[kind][0]} by {', '.join(valid)}; not by {dim!r}. "
                    "Work in internal mode for finer breakdowns."
                )
        geography = check_geography(geography, filters, dims)
        if geography == "recorded" and ("district" in dims or filters.districts) and not engine.national:
            raise DisclosureError(
                "Publish mode counts victims by the 2019 districts (geography='harmonised'): the 2025 "
                "units hold too few victims to publish. Leave geography out, or work in internal mode."
            )
        category_filters = {"support": SUPPORT_FILTERS, **OWN_FILTERS}.get(kind, CATEGORY_FILTERS)
        unhonoured = set(filters.active(DECLARED_KINDS[kind].filter_fields)) - HONOURED_FILTERS
        unhonoured -= set(category_filters)
        if unhonoured:
            raise DisclosureError(
                f"Publish mode does not narrow {MEASURES[kind][0]} by {', '.join(sorted(unhonoured))}: "
                f"it narrows by {', '.join(sorted(HONOURED_FILTERS | set(category_filters)))}. "
                "Leave it out, or work in internal mode."
            )
        chosen = {
            dim: set(getattr(filters, field))
            for field, dim in category_filters.items()
            if getattr(filters, field, ())
        }
        for dim, values in chosen.items():
            unlisted = sorted(values - set(FOLDED.get(dim, values)))
            if unlisted:
                raise DisclosureError(
                    f"Publish mode counts {dim} by {', '.join(c for c in FOLDED[dim] if c in LISTED_FIRST)} "
                    "and other countries; "
                    f"{', '.join(unlisted)} is counted among the other countries. Group by {dim} (the other "
                    "countries are one row of it), or work in internal mode."
                )
        grouped = sorted(d for d in dims if d in categories)
        families = set(grouped) | set(chosen)
        if len(families) > 1 and (set(chosen) - set(grouped) or families & MULTI_VALUED):
            raise DisclosureError(
                f"Publish mode counts victims by place, year and one other breakdown at a time (or two "
                f"single-valued breakdowns grouped together); {', '.join(sorted(families))} were asked for. "
                "Work in internal mode to cross them."
            )
        components = sorted(families)
        for family in components:
            if family in MULTI_VALUED and family not in dims and len(chosen.get(family, ())) > 1:
                raise DisclosureError(
                    f"Publish mode narrows {family} to one category at a time (a victim can have several). "
                    f"Group by {family} instead."
                )
        universe = engine.areas()
        engine.frame()
        spanned = engine.years
        if kind == "support":  # years of support, not of reception
            engine.support_frame()
            spanned = engine.support_years
        elif kind in OWN_SYSTEMS:  # years of detection, of the contact
            engine.own_frame(kind)
            spanned = engine.own_years[kind]
        if filters.districts or filters.provinces:
            places = set(filters.districts) or set(province_districts(filters.provinces))
            outside = sorted(places - set(universe))
            if outside:
                raise DisclosureError(
                    f"Publish mode counts victims by the 2019 districts and area groups; {outside} is not "
                    "one (a 2025 unit holds too few victims to publish). Choose its district instead."
                )
            areas = [a for a in universe if a in places]
        else:  # records with no place count in every all-places total, when there are any
            areas = [*universe, UNKNOWN_PLACE] if engine.unknown_place() else list(universe)
        years = list(range(filters.years[0], filters.years[1] + 1)) if filters.years else spanned
        cats = {
            family: [c for c in codes(FAMILIES[family]) if family not in chosen or c in chosen[family]]
            for family in components
        }
        table = cls()
        table.kind, (table.measure_name, table.measure) = kind, MEASURES[kind]
        table.engine, table.filters, table.dims, table.components = engine, filters, dims, components
        table.geography = "harmonised" if ("district" in dims or filters.districts) else "recorded"
        after_reform = filters.years is None or filters.years[1] >= REFORM_DATE.year
        shown_areas = [
            a
            for a in areas
            if a != UNKNOWN_PLACE and (after_reform or a not in AREA_GROUPS or a in set(filters.districts))
        ]
        # The statuses counted, as the internal query counts them (identified victims by default).
        statuses = list(counted_statuses(kind, filters, dims) or filters.trafficking_statuses)
        statuses = statuses or list(codes(STATUS))
        # A kind with no trafficking status (cases) counts cells of place and year only.
        has_status = bool(DECLARED_KINDS[kind].default_statuses)
        table.status_coordinate = has_status and getattr(engine, "statuses", None) is not None
        statuses = [s for s in codes(STATUS) if s in statuses]
        table.domains = {"district": shown_areas, "year": years, STATUS: statuses, **cats}
        # Years outside the data's span hold nothing, as a reader can see: not unknowns in any box.
        table.extent = {
            "district": areas,
            "year": [y for y in years if y in spanned],
            STATUS: statuses,
            **cats,
        }
        table._layout(k)
        return table

    def describe(self) -> dict:
        active = {name: list(v) if isinstance(v, tuple) else v for name, v in self.filters.active().items()}
        return {"by": self.dims, "filters": active}

    def _box(self, fixed: dict) -> Box:
        areas = fixed.get("district", self.extent["district"])
        years = [y for y in fixed.get("year", self.extent["year"]) if y in self.extent["year"]]
        where = {}
        if self.status_coordinate:
            where["statuses"] = frozenset(fixed.get(STATUS, self.extent[STATUS]))
        # Every category of a single-valued breakdown is the people: that breakdown drops out, so
        # the same count has the same box (and the same register entry) in every table.
        parts = {}
        for dim in self.components:
            chosen = fixed.get(dim, self.extent[dim])
            if dim in MULTI_VALUED or set(chosen) != set(codes(FAMILIES[dim])):
                parts[dim] = chosen
        if not parts:
            return Box(None, frozenset(areas), frozenset(years), measure=self.measure, **where)
        family = "+".join(parts)
        cats = frozenset("|".join(combo) for combo in itertools.product(*parts.values()))
        return Box(family, frozenset(areas), frozenset(years), cats, measure=self.measure, **where)

    def _layout(self, k: int) -> None:
        dims = self.dims
        engine = self.engine

        def labels(dim):
            return self.domains[dim]

        if not dims:
            index, columns = ["victims"], ["victims"]
            boxes = {("victims", "victims"): self._box({})}
        elif len(dims) == 1:
            index, columns = ["victims"], [*labels(dims[0])]
            boxes = {("victims", v): self._box({dims[0]: [v]}) for v in columns}
        else:
            index, columns = list(labels(dims[0])), list(labels(dims[1]))
            boxes = {(r, c): self._box({dims[0]: [r], dims[1]: [c]}) for r in index for c in columns}
        interior = pd.DataFrame(
            [[engine.count(boxes[(r, c)]) for c in columns] for r in index], index=index, columns=columns
        )
        axes = (None, None) if not dims else (None, dims[0]) if len(dims) == 1 else (dims[0], dims[1])
        # A total across a multi-valued breakdown adds mentions, not people (a victim under three
        # means of control counts three times): it is no count of anyone, so it is never released
        # nor recorded. Its sum told a reader whether the selection held anyone (docs/releases.md,
        # Attacks): the marks of such a table are the category cells' own, each at most the people.
        multi = [position for position, dim in enumerate(axes) if dim in MULTI_VALUED]
        # the table on its own, its complementary cells chosen by their codes (residual first)
        seed = protect_matrix(interior, k=k, margins=bool(dims) and len(dims) > len(multi), dims=axes)
        status = seed.status
        self.index = [r for r in status.index if not (r == TOTAL and 0 in multi)]
        self.columns = [c for c in status.columns if not (c == TOTAL and 1 in multi)]
        self.cells = []
        for r in self.index:
            for c in self.columns:
                fixed = {}
                if dims and len(dims) == 1 and c != TOTAL:
                    fixed[dims[0]] = [c]
                elif len(dims) == 2:
                    if r != TOTAL:
                        fixed[dims[0]] = [r]
                    if c != TOTAL:
                        fixed[dims[1]] = [c]
                box = self._box(fixed)
                margin = TOTAL in (r, c)
                self.cells.append(_Cell(box, engine.count(box), margin, (r, c), status.loc[r, c]))

    def frame(self, statuses: dict, k: int, lang: str, db, releases: list[int]) -> pd.DataFrame:
        values = pd.DataFrame(pd.NA, index=self.index, columns=self.columns, dtype="Int64")
        status = pd.DataFrame(PUBLISHED, index=self.index, columns=self.columns, dtype=object)
        for cell in self.cells:
            state = statuses[cell.key]
            status.loc[cell.position] = COMPLEMENTARY if state == HIDDEN else state
            if state == PUBLISHED:
                values.loc[cell.position] = cell.exact
        published = PublishedTable(values, status, k)
        shown = published.display(lang)
        dims = self.dims
        rows: list[tuple] = []
        if not dims:
            rows.append(({}, ("victims", "victims")))
        elif len(dims) == 1:
            rows += [({dims[0]: v}, ("victims", v)) for v in self.domains[dims[0]]]
        else:
            rows += [
                ({dims[0]: a, dims[1]: b}, (a, b))
                for a in self.domains[dims[0]]
                for b in self.domains[dims[1]]
            ]
        out: dict[str, list] = {}
        for dim in dims:
            for name in _columns(dim):
                out[name] = []
        for fixed, _ in rows:
            for dim in dims:
                value = fixed[dim]
                if dim == "district":
                    out["district_code"].append(int(value))
                    out["district"].append(
                        national_name(value) if self.engine.national else place_name(value, lang)
                    )
                elif dim == "year":
                    out["year"].append(int(value))
                else:
                    out[dim].append(value)
                    out[f"{dim}_label"].append(label(FAMILIES.get(dim, dim), value, lang))
        measure = self.measure_name
        out[measure] = pd.array([values.loc[pos] for _, pos in rows], dtype="Int64")
        out[f"{measure}_status"] = [status.loc[pos] for _, pos in rows]
        out[f"{measure}_display"] = [shown.loc[pos] for _, pos in rows]
        frame = pd.DataFrame(out)
        if "district_code" in frame:
            frame["district_code"] = frame["district_code"].astype("int64")
        if "year" in frame:
            frame["year"] = frame["year"].astype("int64")
        keys = ["district" if d == "district" else d for d in dims]
        sql, params = aggregate_sql(
            self.kind, self.filters, dims, self.geography, national=self.engine.national
        )
        frame.attrs.update(
            kind=self.kind,
            sql=sql,
            params=params,
            filters=self.filters,
            geography=self.geography,
            geography_note=_note(self.geography, lang),
            territory_note=None if self.engine.national else territory_note(self.filters.years, lang),
            status_note=_status_note(self.kind, self.filters, dims, lang),
            count_scope=_scope(self.kind, self.filters, dims),
            mode="publish",
            data_about=self.engine.internal.data_about(),
            protected=published,
            release={"register": str(db.register.path), "releases": releases},
            # what each withheld cell counts, the statuses counted included (as _disclosure.protect_result)
            withheld_keys=frozenset(
                key | _scope(self.kind, self.filters, dims)
                for cell, key in _cell_keys(published, keys, measure).items()  # type: ignore[arg-type]
                if published.status.loc[cell] != PUBLISHED
            ),
        )
        return frame


def _scope(kind: str, filters: Filters, dims) -> frozenset:
    """What a table counts beyond its groupings (see _query.count_scope); a support table's cells
    count person-years of support, never the same count as a victims cell."""
    scope = count_scope(kind, filters, dims)
    if kind in OWN_SYSTEMS:  # cases, contacts: never the same count as a victims cell
        return scope | {("measure", MEASURES[kind][1])}
    return scope | {("measure", "supported_person_years")} if kind == "support" else scope


def _status_note(kind: str, filters: Filters, dims, lang: str) -> str | None:
    note = status_note(kind, filters, dims, lang)
    if kind != "support":
        return note
    extra = TEXT["published_support_years"][0 if lang == "vi" else 1]
    return f"{note}. {extra}" if note else extra


def _columns(dim: str) -> list[str]:
    if dim == "district":
        return ["district_code", "district"]
    if dim == "year":
        return ["year"]
    return [dim, f"{dim}_label"]


def _note(geography: str, lang: str) -> str:
    from ._units import geography_note
    from ._words import GEOGRAPHY

    note = geography_note(geography, lang)
    if geography != "harmonised":
        return note
    return note + GEOGRAPHY["published_whole"][1 if lang == "en" else 0]


def _settle(
    engine: _Engine, tables: Sequence[_Table], earlier: dict[str, Released], k: int
) -> dict[str, str]:
    """Each cell's status: earlier releases keep theirs; new cells start from their table's own
    suppression and more are withheld until the whole register passes the audit. A cell is shown
    with no bound (`HIDDEN`) only when withholding every new cell still shown would leave the
    narrowed count narrowed (docs/releases.md, Limits 9 and 10)."""
    statuses: dict[str, str] = {}
    new: dict[str, _Cell] = {}
    for table in tables:
        for cell in table.cells:
            if cell.key in earlier:
                statuses[cell.key] = earlier[cell.key].status
            else:
                current = statuses.get(cell.key, PUBLISHED)
                statuses[cell.key] = cell.seed if current == PUBLISHED else current
                first = new.setdefault(cell.key, cell)
                # a total in any table of the release is a total: withheld after inner cells
                first.margin = first.margin or cell.margin
    if not new:
        return statuses
    domains = Domains()
    # Counts the numbers published before already give exactly (2016-2026 = 2016-2020 + 2021-2026):
    # published, whatever else this release withholds, and audited as part of the earlier releases
    # (they add nothing a reader did not hold). Never one below k.
    given = _given(engine, new, earlier, domains, k)
    for pinned in given:
        statuses[pinned] = PUBLISHED
    choosable = {key: c for key, c in new.items() if key not in given}
    lines_given = [new[key].box for key in given]  # lines shown whatever is withheld
    fresh = frozenset(choosable)
    tried: list[tuple[dict, bool]] = []
    _hide_support_of_few(engine, new, statuses, earlier, domains, k)

    def audit_with(withheld: bool = False) -> list[dict]:
        shown = {key: statuses[key] for key in new}
        if withheld:  # every new cell still shown withheld, as a trial
            shown.update({key: COMPLEMENTARY for key in choosable if shown[key] == PUBLISHED})
        cells = [*earlier.values()] + [
            Released(c.box, shown[key], c.exact if shown[key] == PUBLISHED else None)
            for key, c in new.items()
        ]
        return _audit(engine, cells, domains, k, fresh)

    unmarked: list[tuple[str, str]] = []  # (cell, its mark before) shown with no bound, in turn
    while True:
        problems = audit_with()
        if not problems:
            return _restore_marks(statuses, unmarked, audit_with)
        problem = problems[0]
        # 1. While withholding can free the narrowed count, a new cell shown is withheld ('x'; a
        # count of k or more withheld reads as 'x' whatever its mark, so it is withheld as one).
        if _withholding_frees(problem, tried, functools.partial(audit_with, withheld=True)):
            choice = _next_to_withhold(problem, choosable, statuses, earlier, lines_given)
            if choice is None and problem.get("measure") is None:
                # victims narrowed by what support counts leave (a total less the districts shown):
                # a support count in the same lines, as its own cells would be
                as_support = {**problem, "measure": SUPPORTED}
                choice = _next_to_withhold(as_support, choosable, statuses, earlier, lines_given)
            if choice is not None:
                statuses[choice] = COMPLEMENTARY
                continue
        # 2. Withholding cannot free it: the numbers or marks of this release narrow it (an 'x', at
        # least k, over two periods each shown '<k' says each holds at least one). The cell in its
        # way is shown 'x' with no bound (`HIDDEN`), before any cell is withheld in vain; then
        # withholding may free it again.
        bounded = [c for key, c in choosable.items() if statuses[key] in (PUBLISHED, PRIMARY, COMPLEMENTARY)]
        # victims narrowed from below by victims supported: a support count shown (a number, or at
        # least k) that speaks of them first, as no mark of a victim count can free them
        speaking = [c for c in bounded if statuses[c.key] != PRIMARY and _speaks_of(c.box, problem)]
        key = min(speaking, key=lambda c: (_size(c.box), c.key)).key if speaking else None
        key = key or _next_to_unmark(problem, bounded, earlier)
        if key is not None:
            unmarked.append((key, statuses[key]))
            statuses[key] = HIDDEN
            tried.clear()
            continue
        for key in choosable:
            statuses[key] = HIDDEN
        return statuses


def _hide_support_of_few(
    engine: _Engine,
    new: dict[str, _Cell],
    statuses: dict[str, str],
    earlier: dict[str, Released],
    domains,
    k: int,
) -> None:
    """A new support count below k whose victims (`_support_link`) a reader cannot rule out being
    fewer than k is shown with no bound, not `<5`: one of k or more there is (its number, or an `x`
    read as at least k, would say someone was received), so `<5` beside it would tell the two apart.
    Decided from what is released and the marks of this release's other cells."""
    asked = [c for key, c in new.items() if c.box.measure == SUPPORTED and statuses[key] == PRIMARY]
    if not asked:
        return
    cells = [*earlier.values()] + [
        Released(c.box, statuses[key], c.exact if statuses[key] == PUBLISHED else None)
        for key, c in new.items()
    ]
    victims = [c for c in cells if c.box.measure is None]
    bound = _support_bound(engine, [c for c in cells if c.box.measure == SUPPORTED])
    flags = speaks_of_few(
        victims,
        bound,
        [c.box for c in asked],
        domains,
        MULTI_VALUED,
        _truth_of(engine, None),
        k,
        _links(engine, None),
    )
    for cell, few in zip(asked, flags, strict=True):
        if few:
            statuses[cell.key] = HIDDEN


def _restore_marks(
    statuses: dict[str, str], unmarked: list[tuple[str, str]], audit: Callable[[], list[dict]]
) -> dict[str, str]:
    """Each cell shown with no bound, in the order it was, given its mark back when the release
    stays safe with it (a number, or else withheld as at least k): a mark taken away while another
    cell still showed its own may be needed no longer once that one was taken away too (greedy, so
    only these are tried). Decided by the audit alone, as every other mark."""
    for key, before in unmarked:
        # a number, else withheld as at least k (`COMPLEMENTARY`); a '<k' as it was
        for mark in dict.fromkeys([before, COMPLEMENTARY if before == PUBLISHED else before]):
            statuses[key] = mark
            if not audit():
                break
        else:
            statuses[key] = HIDDEN
    return statuses


def _same(one: dict, other: dict) -> bool:
    return all(one.get(part) == other.get(part) for part in ("cells", "cats", "measure"))


def _withholding_frees(problem: dict, tried: list, audit_all_withheld: Callable[[], list[dict]]) -> bool:
    """Whether withholding every new cell still shown could free `problem`: audited once per
    count narrowed (`tried` keeps the answers); when everything withheld still narrows it first,
    only its marks can."""
    for done, frees in tried:
        if _same(done, problem):
            return frees
    problems = audit_all_withheld()
    frees = not problems or not _same(problems[0], problem)
    tried.append((problem, frees))
    return frees


def _given(engine: _Engine, new: dict[str, _Cell], earlier: dict[str, Released], domains, k: int) -> set[str]:
    """The new cells of k or more whose count the numbers published before pin to one value
    (`_release.pinned_by`, measure by measure)."""
    found: set[str] = set()
    for measure in dict.fromkeys(c.box.measure for c in new.values()):
        cells = [c for c in new.values() if c.box.measure == measure and c.exact >= k]
        before = [r for r in earlier.values() if r.box.measure == measure]
        if not cells or not before:
            continue

        truth_of = _truth_of(engine, measure)

        flags = pinned_by(
            before, [c.box for c in cells], domains, MULTI_VALUED, truth_of, k, _links(engine, measure)
        )
        found |= {c.key for c, flag in zip(cells, flags, strict=True) if flag}
    return found


def _truth_of(engine: _Engine, measure):
    """The engine's true count of a family's members for one measure (None: the default one)."""

    def truth_of(family, members, cat):
        if measure is None:
            return engine.truth(family, members, cat)
        return engine.truth(family, members, cat, measure)

    return truth_of


def _audit(engine: _Engine, cells: list[Released], domains, k: int, fresh: frozenset[str]) -> list[dict]:
    """The first unsafe count, audited measure by measure (victims; victims supported; cases;
    hotline contacts): each measure's cells are one system, the victims' with the releases of
    victims supported, which bound them (`_support_link`); a measure with nothing new in this
    release, nor in what bounds it, was audited before."""
    supported = [c for c in cells if c.box.measure == SUPPORTED]
    measures = dict.fromkeys(c.box.measure for c in cells)
    if supported:  # the victims support counts speak of, last (their system is the largest)
        measures = {**{m: None for m in measures if m is not None}, None: None}
    for measure in measures:
        group = [c for c in cells if c.box.measure == measure]
        bound = _support_bound(engine, supported) if measure is None and supported else None
        if not any(c.box.key() in fresh for c in [*group, *(bound.cells if bound else ())]):
            continue

        truth_of = _truth_of(engine, measure)

        problems = unsafe(
            group,
            domains,
            MULTI_VALUED,
            truth_of,
            k,
            first=True,
            fresh=fresh,
            links=_links(engine, measure),
            bound=bound,
        )
        if problems:
            return [{**problem, "measure": measure} for problem in problems]
    return []


def _support_bound(engine: _Engine, supported: Sequence[Released]) -> SupportBound:
    """The support cells `supported` as the victims' audit reads them (`_support_link`), from the
    first year anyone can have been received: the records' and the events' (no secret)."""
    engine.frame()
    return SupportBound(
        tuple(supported),
        _truth_of(engine, SUPPORTED),
        _links(engine, SUPPORTED),
        min(engine.years),
        frozenset(CATEGORY_DIMENSIONS),
    )


def _links(engine: _Engine, measure: str | None) -> dict[tuple[str, str], frozenset[str]]:
    """The pairs of linked breakdowns no one is in: those the code sets rule out, and for support
    counts each dated provider with the years wholly outside its dates ('provider|year'), less any
    the records hold all the same (imported with a warning) — the truth always satisfies the
    audit's constraints, and a reader who assumes such a pair empty is wrong about these data."""
    if not hasattr(engine, "support_frame") or measure in OWN_MEASURES:  # made-up grids; no ages
        return {}
    links = {}
    for (first, second), conflicts in LINKED_BREAKDOWNS.items():
        held = {key[-1] for key, n in engine.atoms(f"{first}+{second}", measure).items() if n}
        links[(first, second)] = frozenset(f"{a}|{b}" for a, b in conflicts()) - held
    if measure == MEASURES["support"][1]:
        engine.support_frame()  # its years
        for family in DATED_SUPPORT:
            held = {f"{key[-1]}|{key[1]}" for key, n in engine.atoms(family, measure).items() if n}
            links[(family, YEAR_LINK)] = _out_of_date(family, engine.support_years) - held
    return links


# Support breakdowns whose members exist for a period only (providers: Decree 45/2025 ended the
# labour departments on 28/02/2025, the districts' bodies ended on 30/06/2025, the communes' began
# on 01/07/2025): in a year wholly outside a provider's dates it supported nobody, as every reader
# knows. The audit is given these as links with the year (`_release.YEAR_LINK`).
DATED_SUPPORT = tuple(name for name, codeset in SUPPORT_DIMENSIONS.items() if codeset in DATED_CODESETS)


def _out_of_date(family: str, years: Sequence[int]) -> frozenset[str]:
    """'category|year' for each category of `family` and each of `years` wholly before it began
    or after it ended."""
    return frozenset(
        f"{member.code}|{year}"
        for member in CODESET_ENTRIES[SUPPORT_DIMENSIONS[family]]
        for year in years
        if (member.valid_from is not None and year < member.valid_from.year)
        or (member.valid_to is not None and year > member.valid_to.year)
    )


def _next_to_unmark(problem: dict, candidates: list, earlier: dict) -> str | None:
    """The new cell to show with no bound next: one covering the narrowed count (of its breakdown
    and holding all of it first), else the one in the smallest released line through that count;
    None when no candidate covers the count or lies in such a line."""
    lines = [r.box for r in earlier.values() if _touches(r.box, problem)]
    kinds = {part for f, _ in problem["cats"] for part in (f.split("+") if f else [None])}

    def rank(cell: _Cell):
        if _touches(cell.box, problem):
            # a cell of the count's own breakdown holding all of it first (victims aged 21-23 in
            # 2016-2026 for those aged 21-23 in 2016-2020), then the smallest
            parts = set(cell.box.family.split("+")) if cell.box.family else {None}
            own = any(f == cell.box.family for f, _ in problem["cats"])
            covers = problem["cells"] <= cell.box.cells()
            return (0, not own, not parts & kinds, not covers, _size(cell.box), cell.key)
        sizes = [_size(line) for line in lines if _within(cell.box, line)]
        return (1, min(sizes, default=10**12), False, False, False, _size(cell.box), cell.key)

    candidates = [c for c in candidates if c.box.measure == problem.get("measure")]
    if not candidates:
        return None
    best = min(candidates, key=rank)
    first, line = rank(best)[:2]
    return best.key if first == 0 or line < 10**12 else None


class Domains(dict):
    """Each breakdown's categories, two breakdowns together as 'category|category'."""

    def __missing__(self, family: str) -> tuple[str, ...]:
        parts = [codes(FAMILIES[f]) for f in family.split("+")]
        self[family] = tuple("|".join(combo) for combo in itertools.product(*parts))
        return self[family]


def _speaks_of(box: Box, problem: dict) -> bool:
    """Whether `box`, a count of victims supported, bounds the victims of `problem` from below:
    person-years of support at a place and status speak of the victims received there by its last
    year (`_support_link`)."""
    if box.measure != SUPPORTED or problem.get("measure") is not None:
        return False
    # support of some categories of a victims' breakdown speaks of the people and of the victims in
    # those categories; support of the people, or by its own types and providers, of the people
    people = all(family is None for family, _ in problem["cats"])
    if not people and not any(
        family == box.family and cat in (box.cats or ()) for family, cat in problem["cats"]
    ):
        return False
    last = max(box.years)
    places = {place_of(cell) for cell in box.cells()}
    return any(cell[1] <= last and place_of(cell) in places for cell in problem["cells"])


def _touches(box: Box, problem: dict) -> bool:
    if box.measure != problem.get("measure"):
        return False
    if not box.cells() & problem["cells"]:
        return False
    if box.family is None:
        return True
    return any(f is None or f != box.family or c in (box.cats or ()) for f, c in problem["cats"])


def _within(inner: Box, outer: Box) -> bool:
    if inner.measure != outer.measure:
        return False
    if not inner.cells() <= outer.cells():
        return False
    if outer.family is None:
        return True
    return inner.family == outer.family and (inner.cats or frozenset()) <= (outer.cats or frozenset())


def _size(box: Box) -> int:
    return len(box.areas) * len(box.years) * (len(box.cats) if box.cats else 1)


def _identity(box: Box) -> tuple:
    """Where a cell stands among cells equally placed, from its codes alone (as
    `_disclosure.identity_rank`): a cell of residual categories only ('unknown', 'other') first,
    then the latest year first; the release's order decides the rest."""
    cats = sorted(box.cats) if box.cats else []
    residual = [identity_rank(None, c) for c in cats]
    first = max(residual) if residual and all(r[0] == 0 for r in residual) else NEUTRAL
    return (first, -max(box.years, default=0))


def _next_to_withhold(
    problem: dict, new: dict, statuses: dict, earlier: dict, given: Sequence[Box] = ()
) -> str | None:
    """The new published cell to withhold next: one sharing a total with the exposed count, inner
    cells before totals, in the narrowest line through the count; the narrowest cell (the fewest
    places x years x categories it covers: a district-year before a year before the grand total);
    then one of the count's own years (another category of the same year before the same category
    of another year); then by its codes (`_identity`: residual categories, then the latest year,
    first); then the
    last in the release's order (its tables in order, each row by row, left to right: code sets
    and district lists put their principal categories first, and those are spared). Never by a
    cell's count: which cell is withheld must say nothing about the counts withheld (a choice of
    the smallest would tell a reader that the 'x' is at most every cell left shown in its line)."""
    measure = problem.get("measure")
    order = {key: n for n, key in enumerate(new)}
    published = [c for key, c in new.items() if statuses[key] == PUBLISHED and c.box.measure == measure]
    if not published:
        return None
    lines = [c.box for c in published if _touches(c.box, problem)]
    lines += [r.box for r in earlier.values() if r.status == PUBLISHED and _touches(r.box, problem)]
    lines += [box for box in given if _touches(box, problem)]

    areas = frozenset(cell[0] for cell in problem["cells"])
    years = frozenset(cell[1] for cell in problem["cells"])
    kinds = {part for f, _ in problem["cats"] for part in (f.split("+") if f else [None])}

    def rank(cell: _Cell):
        sizes = [_size(line) for line in lines if _within(cell.box, line)]
        related = _touches(cell.box, problem) or bool(sizes)
        # in the same line as the exposed count: the same places or the same years
        box_areas = frozenset(c[0] for c in cell.box.cells())
        box_years = frozenset(c[1] for c in cell.box.cells())
        same_line = box_areas == areas or box_years == years
        # a count of a breakdown is hidden by that breakdown's cells before people's totals
        parts = set(cell.box.family.split("+")) if cell.box.family else {None}
        same_kind = bool(parts & kinds)
        return (
            not related,
            not same_kind,
            not same_line,
            cell.margin,
            min(sizes, default=10**9),
            _size(cell.box),
            box_years != years,  # another category of the same years before other years
            _identity(cell.box),
            -order[cell.key],
        )

    return min(published, key=rank).key
