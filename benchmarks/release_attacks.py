"""The attacks on publish mode at full size: every pack, every query of the audit that found them.

`tests/test_release_attacks.py` runs the same attacks at a size the default test run affords (and
proves each would succeed with the audit turned off); this runs them as issue 14's audit did, on a
fresh copy of the sample database (its own release register), with the audit on, and reports how
long each took and whether any victim count below k was narrowed:

    uv run python -m benchmarks release_attacks

- packs: real briefing packs (`write_brief`'s release, every victim table of the pack) for
  2016–2020, 2016–2021 and 2021–2024, and nine "all districts but one" packs for 2016–2020;
- overlapping: real briefing packs for 2016–2020, 2021–2026 and 2016–2026 (whose total the first
  two give);
- rebuild: 90 one-number queries (all districts and each district alone, 2016 to each year of
  2016–2024) that would rebuild the district × year table by differences.

The attacker is written independently of the workbench's audit: it holds only what publish mode
returned (the published numbers, the '<5' marks, the filters each table states), sets up one
unknown per place x year and solves linear programmes for the smallest and largest value of each
count it targets.
"""

from __future__ import annotations

import itertools
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linprog

import workbench as wb
from workbench._disclosure import PRIMARY, PUBLISHED, TOTAL
from workbench._generations import copy_database
from workbench._release import public_figures
from workbench._units import harmonised_areas

DESCRIPTION = "attacks on publish mode at full size (15 packs, 90 queries): nothing below k recovered"

K = 5
AREAS = [code for code, _, _ in harmonised_areas()]
DISTRICTS = AREAS[:9]  # the 2019 districts; the rest are the reform's area groups
YEARS = list(range(2016, 2025))
PEOPLE_TABLES = ((), ("year",), ("district",), ("district", "year"))


class Attacker:
    """Everything published, as linear constraints over one unknown per (area, year[, category])."""

    def __init__(self, family: str | None = None, years=YEARS, cats=(None,)) -> None:
        self.family = family
        self.cats = list(cats)
        self.years = list(years)
        self.index = {key: n for n, key in enumerate(itertools.product(AREAS, self.years, self.cats))}
        self.eq: list[tuple[np.ndarray, float]] = []
        self.ub: list[tuple[np.ndarray, float]] = []

    def _vector(self, areas, years, cats) -> np.ndarray:
        vec = np.zeros(len(self.index))
        for key in itertools.product(areas, years, cats):
            if key in self.index:
                vec[self.index[key]] = 1.0
        return vec

    def read(self, frame: pd.DataFrame, by, field: str = "") -> None:
        """Add every cell of a published table (totals included) as the reader sees it. `field`:
        the filter field that narrows the attacker's breakdown, if the table was narrowed by one."""
        dims = [by] if isinstance(by, str) else list(by)
        filters = frame.attrs["filters"]
        areas = list(filters.districts) or AREAS
        years = range(filters.years[0], filters.years[1] + 1) if filters.years else self.years
        published = frame.attrs["protected"].published()
        status = frame.attrs["protected"].status
        for row in published.index:
            for col in published.columns:
                fixed = {}
                labels = [col] if len(dims) == 1 else ([row, col] if len(dims) == 2 else [])
                for dim, value in zip(dims, labels, strict=False):
                    if value != TOTAL:
                        fixed[dim] = [value]
                cats = fixed.get(self.family, self.cats) if self.family else [None]
                if self.family and self.family not in dims:
                    cats = list(getattr(filters, field, ()) if field else ()) or self.cats
                vec = self._vector(fixed.get("district", areas), fixed.get("year", years), cats)
                state = status.loc[row, col]
                if state == PUBLISHED:
                    self.eq.append((vec, float(published.loc[row, col])))
                elif state == PRIMARY:
                    self.ub.append((vec, K - 1.0))

    def bounds(self, areas, years, cats=(None,)) -> tuple[float, float]:
        target = self._vector(areas, years, cats)
        ends = []
        for sign in (1.0, -1.0):
            result = linprog(
                sign * target,
                A_eq=np.array([v for v, _ in self.eq]) if self.eq else None,
                b_eq=np.array([b for _, b in self.eq]) if self.eq else None,
                A_ub=np.array([v for v, _ in self.ub]) if self.ub else None,
                b_ub=np.array([b for _, b in self.ub]) if self.ub else None,
                bounds=(0, None),
                method="highs",
            )
            assert result.status in (0, 3), result.message  # the truth is feasible
            ends.append(sign * result.fun if result.status == 0 else np.inf)
        return ends[0], ends[1]


def public_zero_years() -> set[int]:
    """The years the city published as holding no victim at all (data/reference/public_figures.csv):
    every count inside them is 0 for every reader, before any release (docs/releases.md, "Figures
    already public"), so they are no target."""
    return {
        year
        for figure in public_figures()
        if figure.value == 0 and figure.measure == "victims"
        for year in range(figure.years[0], figure.years[1] + 1)
    }


def exposed(attacker: Attacker, truth: dict) -> list[tuple]:
    """The counts below k the attacker narrows to less than 0..k-1: (areas, years, cats, true
    value, lowest, highest). Counts inside a year published as empty are public already."""
    found = []
    public = public_zero_years()
    for (areas, years, cats), value in truth.items():
        if value >= K or set(years) <= public:
            continue
        low, high = attacker.bounds(areas, years, cats)
        if low > 1e-6 or high < K - 1 - 1e-6:
            found.append((areas, years, cats, value, round(low, 3), round(high, 3)))
    return found


def district_year_truth(internal, years=YEARS, districts=DISTRICTS) -> dict:
    """Each district-year's identified victims (whole: harmonised counts as publish mode counts
    them, each victim whole in one district), as the attacker's targets."""
    table = internal.victims(years=(years[0], years[-1]), by=["district", "year"], complete=True)
    table = table[table["district_code"].isin(districts)]
    return {
        ((d,), (y,), (None,)): round(v)
        for d, y, v in zip(table["district_code"], table["year"], table["victims"], strict=True)
    }


def year_truth(internal, years=YEARS) -> dict:
    by_year = internal.victims(years=(years[0], years[-1]), by="year", complete=True)
    return {
        (tuple(AREAS), (y,), (None,)): int(v)
        for y, v in zip(by_year["year"], by_year["victims"], strict=True)
    }


def released_pack(public, chosen, tables=None) -> list[tuple[pd.DataFrame, tuple]]:
    """One pack's victim tables released now, as (frame, breakdown), in the order of `tables`.
    `tables`: the victim tables the release holds (None: the whole briefing pack, as `write_brief`
    releases it, read as PEOPLE_TABLES; else these alone, which the test run affords)."""
    from workbench._brief import _Publication
    from workbench._publish import _engine_of
    from workbench._publish_tables import Table

    if tables is None:
        pack = _Publication(public, chosen, "vi")
        return [(pack.victims(chosen, by=by), by) for by in PEOPLE_TABLES]
    planned = [Table.plan(_engine_of(public), chosen, list(by), None, public.k) for by in tables]
    released = public._release(planned, "vi", {"attack": [list(by) for by in tables]})
    return [(frame, by) for (frame, _), by in zip(released, tables, strict=True)]


def pack_combinations(public, periods, left_out, but_one_period, tables=None) -> Attacker:
    """Packs for each period, then "all districts but one" packs for `but_one_period`, one per
    district in `left_out`; the attacker reads every people table of each. `tables`: the victim
    tables each release holds (None: the whole briefing pack, as `write_brief` releases it)."""
    attacker = Attacker()
    selections = [wb.Filters(years=years) for years in periods]
    selections += [
        wb.Filters(years=but_one_period, districts=[d for d in DISTRICTS if d != district])
        for district in left_out
    ]
    for chosen in selections:
        for frame, by in released_pack(public, chosen, tables):
            attacker.read(frame, by)
    return attacker


OVERLAPPING = [(2016, 2020), (2021, 2026), (2016, 2026)]
OVERLAPPING_YEARS = list(range(OVERLAPPING[0][0], OVERLAPPING[-1][1] + 1))


def overlapping_packs(public, tables=None) -> tuple[Attacker, dict[tuple[int, int], pd.DataFrame]]:
    """Packs for 2016-2020, 2021-2026, then 2016-2026, whose total the first two already give: the
    attacker reading every people table of the three, and each pack's total table by period."""
    attacker = Attacker(years=OVERLAPPING_YEARS)
    totals = {}
    for period in OVERLAPPING:
        for frame, by in released_pack(public, wb.Filters(years=period), tables):
            attacker.read(frame, by)
            if by == ():
                totals[period] = frame
    return attacker, totals


def period_truth(internal, years, districts=DISTRICTS) -> dict:
    """Each district's identified victims over the period `years`, as one target each."""
    table = internal.victims(years=years, by="district", complete=True)
    table = table[table["district_code"].isin(districts)]
    span = tuple(range(years[0], years[1] + 1))
    return {
        ((d,), span, (None,)): round(v) for d, v in zip(table["district_code"], table["victims"], strict=True)
    }


def overlapping_truth(internal) -> dict:
    """The counts the reader of the overlapping packs targets: district-years, years, and each
    district over each pack's period."""
    truth = district_year_truth(internal, OVERLAPPING_YEARS) | year_truth(internal, OVERLAPPING_YEARS)
    for period in OVERLAPPING:
        truth |= period_truth(internal, period)
    return truth


STANDARD_PACK = (2016, 2024)


def standard_pack_cells(public, years=STANDARD_PACK) -> tuple[int, int]:
    """The briefing pack for `years`, all districts, released now: how many of the cells of its
    victim tables (totals included) are published, of how many."""
    from workbench._brief import PACK_VICTIM_TABLES, _Publication

    chosen = wb.Filters(years=years)
    pack = _Publication(public, chosen, "vi")
    published = total = 0
    for by in PACK_VICTIM_TABLES:
        status = pack.victims(chosen, by=by).attrs["protected"].status
        published += int((status == PUBLISHED).sum().sum())
        total += status.size
    return published, total


def cumulative_rebuild(public, lasts, districts) -> Attacker:
    """One-number queries, 2016 to each year in `lasts`: all districts, and each of `districts`
    alone; their differences would give each district's count in each year."""
    attacker = Attacker()
    for last in lasts:
        attacker.read(public.victims(years=(2016, last)), ())
        for district in districts:
            attacker.read(public.victims(districts=[district], years=(2016, last)), ())
    return attacker


def run(repeat: int = 1) -> str:
    """Both attacks at full size on a fresh copy of the sample database; `repeat` is ignored (the
    attacks are measured once: each builds on its own releases)."""
    del repeat
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        source = wb.connect()
        base = Path(source.path)
        source.close()
        for name in ("packs", "overlapping", "rebuild"):
            path = Path(folder) / name / "workbench.duckdb"
            path.parent.mkdir()
            copy_database(base, path)  # the current generation, not the pointer
            with (
                wb.connect(path, build=False) as internal,
                wb.connect(path, build=False, mode="publish") as public,
            ):
                start = time.perf_counter()
                if name == "packs":
                    attacker = pack_combinations(
                        public, [(2016, 2020), (2016, 2021), (2021, 2024)], DISTRICTS, (2016, 2020)
                    )
                    truth = district_year_truth(internal) | year_truth(internal)
                elif name == "overlapping":
                    attacker, _ = overlapping_packs(public)
                    truth = overlapping_truth(internal)
                else:
                    attacker = cumulative_rebuild(public, YEARS, DISTRICTS)
                    truth = district_year_truth(internal)
                released = time.perf_counter() - start
                found = exposed(attacker, truth)
                kept, cells = standard_pack_cells(public)
                targets = sum(1 for value in truth.values() if value < K)
                releases = sum(1 for entry in public.register.entries() if "cells" in entry)
                lines.append(
                    f"{name}: {releases} releases in {released:.1f} s; {targets} counts below {K} targeted, "
                    f"{len(found)} narrowed"
                    + (f": {found[:3]}" if found else "")
                    + f"; then the {STANDARD_PACK[0]}-{STANDARD_PACK[1]} pack publishes {kept} of its "
                    f"{cells} victim cells"
                )
    return "\n".join(lines)
