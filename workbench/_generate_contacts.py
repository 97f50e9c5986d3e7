"""Seeded generator of the synthetic hotline contacts and online and media communication items.

Each draws from a `random.Random` of its own (seeded from the sample's seed and its own name), so
adding them left every other sample file byte-identical. The records are invented; what they keep
to is stated beside each number below and in docs/data.md.
"""

from __future__ import annotations

import datetime as dt
import random

from ._codes import UNKNOWN, current_body
from ._districts import districts
from ._draw import LAST_RECORD_DATE, MONTH_WEIGHTS, _date_in, _exact_total, _extra_outside, _pick, _place
from ._units import REFORM_DATE

# Calls and posts peak around 30 July as awareness work does: _draw's month weights and last
# record date are the events'.


# Contacts a year about trafficking on the lines the city's press cites, from callers in former
# Cần Thơ: no published figure; an assumption that grows with the scam era from 2022 (the
# "light work, high pay" lures reached families through the same channels). From 1 July 2025 the
# former provinces bring 1 or 2 more beside each (as events: _generate.EXTRA_OUTSIDE).
CONTACTS_PER_YEAR = {
    **{2016: 22, 2017: 26, 2018: 30, 2019: 34, 2020: 40, 2021: 46, 2022: 72, 2023: 88, 2024: 94},
    **{2025: 96, 2026: 98},
}
# Which line: the child-protection line 111 most, then 1800 1567, then local police.
LINES = {"111": 0.5, "18001567": 0.3, "local_police": 0.15, "other": 0.04, UNKNOWN: 0.01}
TOPICS = {"information": 0.5, "suspected_case": 0.25, "support_request": 0.2, UNKNOWN: 0.05}
# Where a contact was referred, by what it was about.
REFERRALS = {
    "information": {"information_given": 0.9, "not_referred": 0.1},
    "suspected_case": {"police": 0.8, "social_services": 0.15, UNKNOWN: 0.05},
    "support_request": {
        "social_services": 0.6,
        "health": 0.15,
        "information_given": 0.15,
        "not_referred": 0.1,
    },
    UNKNOWN: {"not_referred": 0.5, UNKNOWN: 0.5},
}

# Cần Thơ counted 12,690 online posts and shares on trafficking in 2021: the sample's 2021
# website/social-media posts and shares add up to it exactly. Other years are an assumption: fewer
# before the pandemic moved work online, more from the scam era.
POSTS_AND_SHARES = {
    **{2016: 2_400, 2017: 3_100, 2018: 4_000, 2019: 5_200, 2020: 9_300, 2021: 12_690},
    **{2022: 13_400, 2023: 14_100, 2024: 14_800, 2025: 15_200, 2026: 15_600},
}
ORIGIN_2021_POSTS_AND_SHARES = POSTS_AND_SHARES[2021]
# Who posts and shares (shares of a year's posts and shares), and which bodies sit in the city
# (their items are placed in Ninh Kiều: the place is where the organiser sits).
ONLINE_ORGANISERS = {
    "dolisa": 0.3,
    "police": 0.25,
    "womens_union": 0.2,
    "youth_union": 0.15,
    "district_office": 0.1,
}
CITY_BODIES = ("dolisa", "police", "womens_union", "youth_union")
CITY_SEAT = (916, 31135)  # Ninh Kiều district, then Phường Ninh Kiều (from 1 July 2025)
SHARE_OF_POSTS = 0.6  # shares among posts and shares
# Broadcasts, newspaper articles and loudspeaker broadcasts a month in an ordinary year.
MEDIA_PER_MONTH = {"broadcast": 3, "newspaper": 2, "loudspeaker": 8}
QUIET = {2020: 0.8, 2021: 0.9}  # loudspeakers kept on, broadcasts about the same during COVID-19


def _seat(on: dt.date) -> tuple[int | None, int | None]:
    return (CITY_SEAT[0], None) if on < REFORM_DATE else (None, CITY_SEAT[1])


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return min(following - dt.timedelta(days=1), LAST_RECORD_DATE)


def hotline_contacts(seed: int) -> list[dict]:
    rng = random.Random(f"{seed}:hotline")  # noqa: S311 - reproducible synthetic data
    merged = random.Random(f"{seed}:hotline:merged")  # noqa: S311 - the former provinces' share
    weights = [float(d.population) for d in districts()]
    rows: list[dict] = []

    def contact(on: dt.date, district: int | None, unit: int | None, source: random.Random) -> None:
        topic = _pick(source, TOPICS)
        # Online channels grew from 2020 (the pandemic; the lines' apps and web forms).
        online = 0.08 if on.year < 2020 else 0.2
        channel = _pick(source, {"phone": 0.9 - online, "online": online, "in_person": 0.07, UNKNOWN: 0.03})
        rows.append(
            {
                "contact_date": on,
                "district_code": district,
                "line": _pick(source, LINES),
                "channel": channel,
                "topic": topic,
                "referral": _pick(source, REFERRALS[topic]),
                "unit_code": unit,
            }
        )

    for year, count in CONTACTS_PER_YEAR.items():
        for _ in range(count):
            on = _date_in(rng, year)  # July's campaigns around 30 July bring more calls
            if on > LAST_RECORD_DATE:
                continue
            district, unit = _place(rng, on, weights, outside=False if on >= REFORM_DATE else None)
            contact(on, district, unit, rng)
            for _ in range(_extra_outside(merged, on)):
                _, there = _place(merged, on, weights, outside=True)
                contact(on, None, there, merged)
    rows.sort(key=lambda r: (r["contact_date"], r["district_code"] or 0, r["unit_code"] or 0, r["line"]))
    sequence: dict[int, int] = {}
    for row in rows:
        year = row["contact_date"].year
        sequence[year] = sequence.get(year, 0) + 1
        row["contact_id"] = f"HL-{year}-{sequence[year]:05d}"
    return rows


def communication_items(seed: int) -> list[dict]:
    rng = random.Random(f"{seed}:communication")  # noqa: S311 - reproducible synthetic data
    weights = [float(d.population) for d in districts()]
    rows: list[dict] = []

    def item(on: dt.date, organiser: str, medium: str, items: int, reach: int | None) -> None:
        body = current_body("organiser", organiser, on)
        place = _seat(on) if organiser in CITY_BODIES else _place(rng, on, weights)
        rows.append(
            {
                "item_date": on,
                "district_code": place[0],
                "organiser": body,
                "medium": medium,
                "items": items,
                "reach": reach,
                "unit_code": place[1],
            }
        )

    for year, total in POSTS_AND_SHARES.items():
        months = [m for m in range(1, 13) if dt.date(year, m, 1) <= LAST_RECORD_DATE]
        # Each organiser's posts and shares of a month are one record each, dated the month's last
        # day (the monthly report); July peaks as events do (30 July).
        cells = [
            (m, o, medium) for m in months for o in ONLINE_ORGANISERS for medium in ("social_post", "share")
        ]
        draws = [
            max(
                1,
                round(
                    total
                    * MONTH_WEIGHTS[m - 1]
                    / sum(MONTH_WEIGHTS[x - 1] for x in months)
                    * ONLINE_ORGANISERS[o]
                    * (SHARE_OF_POSTS if medium == "share" else 1 - SHARE_OF_POSTS)
                    * rng.uniform(0.8, 1.2)
                ),
            )
            for m, o, medium in cells
        ]
        for (month, organiser, medium), items in zip(
            cells, _exact_total(rng, draws, total, low=1), strict=True
        ):
            reach = None if rng.random() < 0.3 else items * rng.randint(40, 160)  # views, where reported
            item(_month_end(year, month), organiser, medium, items, reach)
        for month in months:
            for medium, per_month in MEDIA_PER_MONTH.items():
                for _ in range(max(0, round(per_month * QUIET.get(year, 1.0) * rng.uniform(0.5, 1.5)))):
                    on = _date_in(rng, year, month)
                    if on > LAST_RECORD_DATE:
                        continue
                    if medium == "loudspeaker":  # the commune's loudspeakers: district offices' work
                        item(on, "district_office", medium, 1, None)
                    else:
                        organiser = _pick(rng, {"dolisa": 0.4, "police": 0.35, "womens_union": 0.25})
                        audience = rng.randint(5_000, 60_000) if rng.random() < 0.5 else None
                        item(on, organiser, medium, 1, audience)
    rows.sort(
        key=lambda r: (
            r["item_date"],
            r["organiser"],
            r["medium"],
            r["district_code"] or 0,
            r["unit_code"] or 0,
        )
    )
    sequence: dict[int, int] = {}
    for row in rows:
        year = row["item_date"].year
        sequence[year] = sequence.get(year, 0) + 1
        row["item_id"] = f"CM-{year}-{sequence[year]:05d}"
    return rows
