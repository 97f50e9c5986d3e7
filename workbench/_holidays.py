"""Viet Nam's public holidays of the sample's years (2016-2026): no awareness session is held on them.

The Labour Code (Bộ luật Lao động 2012 Điều 115; 2019 Điều 112) lists the public holidays: New
Year's Day (1/1), Tết (the Lunar New Year, five days around the first day of the lunar year),
the Hùng Kings' day (10/3 of the lunar calendar), 30/4, 1/5 and National Day (2/9; from 2021 a
second day beside it, set each year). The lunar dates are a table, not a computation: the first
day of the lunar year and the tenth day of its third month by the Vietnamese lunar calendar
(time zone UTC+7), as published calendars give them; they agree with the Viet Nam calendar of the
`holidays` package (python-holidays), checked when the table was written.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

# The first day of the lunar year (mùng 1 Tết).
TET = {
    2016: dt.date(2016, 2, 8),
    2017: dt.date(2017, 1, 28),
    2018: dt.date(2018, 2, 16),
    2019: dt.date(2019, 2, 5),
    2020: dt.date(2020, 1, 25),
    2021: dt.date(2021, 2, 12),
    2022: dt.date(2022, 2, 1),
    2023: dt.date(2023, 1, 22),
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
}
# The Hùng Kings' commemoration day (Giỗ Tổ Hùng Vương, 10/3 âm lịch).
HUNG_KINGS = {
    2016: dt.date(2016, 4, 16),
    2017: dt.date(2017, 4, 6),
    2018: dt.date(2018, 4, 25),
    2019: dt.date(2019, 4, 14),
    2020: dt.date(2020, 4, 2),
    2021: dt.date(2021, 4, 21),
    2022: dt.date(2022, 4, 10),
    2023: dt.date(2023, 4, 29),
    2024: dt.date(2024, 4, 18),
    2025: dt.date(2025, 4, 7),
    2026: dt.date(2026, 4, 26),
}
# The Tết holiday week: from two days before the first day of the lunar year to its fifth day
# (mùng 5). Each year's five statutory Tết days fell within it in 2016-2026 (they start on the
# 29th or 30th of the last month); the days off added around them each year are not counted.
TET_BEFORE, TET_AFTER = 2, 4
# Holidays of the solar calendar: (month, day).
FIXED = ((1, 1), (4, 30), (5, 1), (9, 2))
YEARS = range(min(TET), max(TET) + 1)


def tet_week(year: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the year's Tết holiday week."""
    first = TET[year]
    return first - dt.timedelta(days=TET_BEFORE), first + dt.timedelta(days=TET_AFTER)


@cache
def public_holidays(year: int) -> frozenset[dt.date]:
    """Every public holiday of `year` (2016-2026): the solar ones, the Hùng Kings' day and the
    Tết week (which may begin in the year before: a week starting in late January or in February
    never does, so only the year's own Tết is needed)."""
    if year not in TET:
        raise ValueError(f"public holidays are tabled for {YEARS.start}-{YEARS.stop - 1}, not {year}")
    first, last = tet_week(year)
    tet = {first + dt.timedelta(days=n) for n in range((last - first).days + 1)}
    return frozenset({dt.date(year, m, d) for m, d in FIXED} | {HUNG_KINGS[year]} | tet)


def is_public_holiday(on: dt.date) -> bool:
    return on.year in TET and on in public_holidays(on.year)
