"""The exact side of publish mode: the records, one place each, and the count of any box.

An `Engine` is held only in `_publish`'s registry under an opaque token, never by a publish-mode
connection or anything it returns (docs/releases.md, the threat model).
"""

from __future__ import annotations

import functools
import hashlib
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._codes import OTHER_COUNTRIES, codes
from ._publishable import (
    CATEGORY_DIMENSIONS,
    FOLDED,
    MULTI_VALUED,
    OWN_DIMENSIONS,
    OWN_MEASURES,
    OWN_SYSTEMS,
    STATUS,
    UNKNOWN_PLACE,
)
from ._release import Box, Register
from ._revisions import frame_digest
from ._schema import quote_identifier
from ._units import harmonised_areas, whole_shares

if TYPE_CHECKING:
    import duckdb


@functools.cache
def _national_areas() -> tuple[int, ...]:
    from ._districts import national_districts

    return tuple(d.code for d in national_districts())


def _area_of(place_code: pd.Series, national: bool) -> pd.Series:
    """Each record's area before the city's harmonisation: its place code, or `UNKNOWN_PLACE` for
    none. In a national database a code outside the 705 districts is an unknown place too: it is
    counted in every all-places total, and lists no place of its own."""
    area = place_code.fillna(UNKNOWN_PLACE).astype("int64")
    if national:
        area = area.where(area.isin(_national_areas()), UNKNOWN_PLACE)
    return area


def _fold_countries(frame: pd.DataFrame) -> pd.DataFrame:
    """Countries outside publish mode's list read as "other countries" (a missing value stays so)."""
    for name, listed in FOLDED.items():
        if name in frame.columns:
            column = frame[name]
            frame[name] = column.where(column.isna() | column.isin(listed), OTHER_COUNTRIES)
    return frame


class Engine:
    """The exact side: the records, one place each, and the counts of any box."""

    def __init__(self, internal) -> None:
        self.internal = internal
        self.public: duckdb.DuckDBPyConnection | None = None  # events-only copy for ad hoc SQL
        self.register: Register  # the release register, written by `_publish` only (set there)
        self._identity = None
        self._frame: pd.DataFrame | None = None
        self._atoms: dict = {}
        self.own_years: dict[str, list[int]] = {}  # the span of years of each OWN_SYSTEMS kind
        self.event_years: list[int] = []  # the first and last year of the events (see `_span`)

    @property
    def national(self) -> bool:
        return self.internal.national

    def areas(self) -> list[int]:
        """The places a table lists and a filter may name: fixed by the reference lists, never by
        the records. A national database's list was once the districts its victim records name,
        which told every publish-mode user which of the 705 districts hold nobody (a filter naming
        one was refused, a table by district left it out)."""
        if self.national:
            return list(_national_areas())
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
        frame["area"] = _area_of(frame["place_code"], self.national)
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
            frame["area"] = _area_of(frame["place_code"], self.national)
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

    def records_by_cell(self) -> pd.DataFrame:
        """The victims' records indexed by (area, year, status), kept for the generation read."""
        frame = self.frame()
        if "by cell" not in self._atoms:  # emptied with the atoms when another generation is read
            self._atoms["by cell"] = frame.set_index(["area", "year", STATUS], drop=False).sort_index()
        return self._atoms["by cell"]

    def truth_counter(self, measure: str | None = None) -> TruthCounter:
        """`truth` for one measure, as one audit asks it: each family's atoms fetched once. Fetching
        them checks the database file for a swapped-in generation, which an audit asking a few
        thousand times per system, hundreds of systems per release, paid for at every count; one
        audit counts from one generation."""
        return TruthCounter(self, measure)


class TruthCounter:
    """The true count of a family's members in one category, for one measure (`__call__`, as
    `_reader.system_of` asks it), and, for victims, the records of some place-year-status cells
    with their categories (`records`: a cell of two breakdowns' cross-classification no release
    cut, `_crossed`)."""

    def __init__(self, engine: Engine, measure: str | None) -> None:
        self._engine, self._measure = engine, measure
        self._held: dict = {}
        self._frame: pd.DataFrame | None = None

    def __call__(self, family, members, cat) -> int:
        atoms = self._held.get(family)
        if atoms is None:
            atoms = self._held[family] = self._engine.atoms(family, self._measure)
        if family is None:
            return sum(atoms.get(ay, 0) for ay in members)
        return sum(atoms.get((*cell, cat), 0) for cell in members)

    def records(self, members) -> pd.DataFrame | None:
        """The victims of the (area, year, status) cells `members`, one row each; None for other
        measures (their records are person-years, cases or contacts)."""
        if self._measure is not None:
            return None
        if self._frame is None:
            self._frame = self._engine.records_by_cell()
        wanted = [cell for cell in set(members) if cell in self._frame.index]
        if not wanted:
            return self._frame.iloc[:0]
        return self._frame.loc[sorted(wanted)]


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
