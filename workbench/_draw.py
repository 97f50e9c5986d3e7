"""Draws the seeded sample generators share (the events' and victims' in _generate, the hotline
contacts' and communication's in _generate_contacts): places before and after the 2025 reform, days
in a year by the months' weights, values nudged to an exact total. One copy, so every generator
places and dates its records by the same rules."""

from __future__ import annotations

import calendar
import datetime as dt
import random

from ._districts import districts
from ._units import REFORM_DATE, area_group, units_2025

LAST_RECORD_DATE = dt.date(2026, 11, 27)
# Share of post-reform records drawn in the units of former Sóc Trăng and Hậu Giang among those of
# the yearly series below (former Cần Thơ's volume; its draws are kept as first made).
OUTSIDE_SHARE = 0.15
# From 1 July 2025 the city is the merged one: former Sóc Trăng and Hậu Giang bring more than half
# its population (their own figures are not in this project's sources: an assumption, stated in
# docs/data.md). Beside each event of the series dated from the reform on, the former provinces
# hold 1 or 2 more (1.5 on average) on the same day, drawn from a stream of their own: the merged
# city has about 2.5 times former Cần Thơ's events, about two thirds of them in the former provinces.
EXTRA_OUTSIDE = (1, 2)
# 30 July, the national day against trafficking: activity peaks in July.
MONTH_WEIGHTS = (0.6, 0.5, 1.0, 1.0, 1.0, 1.1, 2.8, 1.1, 1.0, 1.0, 1.0, 0.8)


def _pick(rng: random.Random, weighted: dict[str, float]) -> str:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def _date_in(rng: random.Random, year: int, month: int | None = None) -> dt.date:
    if month is None:
        month = rng.choices(range(1, 13), weights=MONTH_WEIGHTS)[0]
    return dt.date(year, month, rng.randint(1, calendar.monthrange(year, month)[1]))


def _exact_total(rng: random.Random, values: list[int], total: int, low: int) -> list[int]:
    """Nudge values one by one, at random, until they add up to `total` (none below `low`)."""
    values = list(values)
    while (gap := total - sum(values)) != 0:
        i = rng.randrange(len(values))
        step = 1 if gap > 0 else -1
        if values[i] + step >= low:
            values[i] += step
    return values


def _place(
    rng: random.Random, on: dt.date, weights: list[float], outside: bool | None = None
) -> tuple[int | None, int | None]:
    """(district_code, unit_code) of a record dated `on`: a district before 1 July 2025, else a unit:
    of former Sóc Trăng or Hậu Giang when `outside`, of former Cần Thơ when not, and when not said,
    of the former provinces with the chance OUTSIDE_SHARE."""
    if on < REFORM_DATE:
        return rng.choices([d.code for d in districts()], weights)[0], None
    units = units_2025()
    if outside is None:
        outside = rng.random() < OUTSIDE_SHARE
    pool = [u for u in units if (area_group(u) is not None) == outside]
    # Wards are denser than rural communes: more events and more people.
    return None, rng.choices(pool, [2.0 if u.kind == "Phường" else 1.0 for u in pool])[0].code


def _extra_outside(rng: random.Random, on: dt.date) -> int:
    """How many more events or records the former provinces bring beside one of former Cần Thơ."""
    return rng.choice(EXTRA_OUTSIDE) if on >= REFORM_DATE else 0
