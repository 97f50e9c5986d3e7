"""Seeded generator of the synthetic sample records in `data/sample/`.

The records are invented. They are shaped on the facts in the project's domain notes:
Cần Thơ's five-year review (2016-2020) gives totals they reproduce exactly; national reports give
the yearly pattern of victims and the shift from marriage and sexual exploitation in China to
online-scam compounds in Cambodia from 2022. Only the standard library's `random.Random` is used,
so the same seed writes byte-identical files on any machine and Python version.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import math
import random
from pathlib import Path

from ._codes import UNKNOWN, current_body
from ._districts import districts
from ._draw import (  # noqa: F401 - read by tests and docs
    EXTRA_OUTSIDE,
    LAST_RECORD_DATE,
    MONTH_WEIGHTS,
    OUTSIDE_SHARE,
    _date_in,
    _exact_total,
    _extra_outside,
    _pick,
    _place,
)
from ._generate_cases import generate_cases
from ._generate_contacts import communication_items, hotline_contacts  # streams of their own
from ._holidays import is_public_holiday
from ._schema import COMMUNICATION, EVENTS, HOTLINE, SUPPORT, VICTIMS, Table
from ._stages import STAGES, reached
from ._support_rules import ineligible_reason
from ._units import REFORM_DATE

SEED = 20_160_730
GENERATED_ON = "2026-11-28"  # fixed, so regenerating gives identical files
DATA_VERSION = "sample-2026.11"
YEARS = range(2016, 2025)
# After the 2025 reform: drawn from a random stream of their own (seed + 2025), so adding them left
# the 2016-2024 records unchanged. Records stop the day before GENERATED_ON.
REFORM_YEARS = range(2025, 2027)
# Share of post-reform records drawn in the units of former Sóc Trăng and Hậu Giang among those of
# the yearly series below (former Cần Thơ's volume; its draws are kept as first made).
# From 1 July 2025 the city is the merged one: former Sóc Trăng and Hậu Giang bring more than half
# its population (their own figures are not in this project's sources: an assumption, stated in
# docs/data.md). Beside each event of the series dated from the reform on, the former provinces
# hold 1 or 2 more (1.5 on average) on the same day, drawn from a stream of their own: the merged
# city has about 2.5 times former Cần Thơ's events, about two thirds of them in the former provinces.

# The origin figures (Cần Thơ's review of 2016-2020), reproduced exactly.
ORIGIN = {
    "integrated_sessions": 1134,
    "integrated_attendees": 54131,
    "community_sessions": 124,
    "community_attendees": 4185,
    "leaflets": 41_250,  # "more than 40,000": a definite total
    "victims": 35,
}
# Sessions a year: fewer in 2020-2021 (COVID-19 restrictions on gatherings).
INTEGRATED = {
    2016: 245,
    2017: 252,
    2018: 258,
    2019: 248,
    2020: 131,
    2021: 118,
    2022: 205,
    2023: 226,
    2024: 238,
    2025: 241,
    2026: 247,
}
COMMUNITY = {
    **{2016: 26, 2017: 27, 2018: 28, 2019: 27, 2020: 16, 2021: 14, 2022: 24, 2023: 26, 2024: 27},
    **{2025: 28, 2026: 29},
}
# Leaflets a drive: the department's review counts "more than 40,000" over 2016-2020, kept as
# 41,250 over that period's 55 drives, 750 a drive. Later drives hand out as many (a drive's count
# drawn as before, 2,500-4,500, times 750/3,500, so 536-964 and 750 on average; the random stream
# is drawn as before): about 4,500-9,000 a year in former Cần Thơ, as in 2016-2020, and, from
# 1 July 2025, the former provinces' drives beside them. An assumption, not a published figure:
# no later city total was found.
LEAFLETS_PER_DRIVE = 750
LEAFLET_DRAW_MEAN = 3500
LEAFLET_DRIVES = {
    **{2016: 12, 2017: 12, 2018: 12, 2019: 12, 2020: 7, 2021: 6, 2022: 10, 2023: 11, 2024: 12},
    **{2025: 12, 2026: 12},
}
# Victims a year: the national series 2016-2020 (1,128, 670, 490, 300, 121) scaled to 35. The city
# received no returned victim in 2021 (Báo Cần Thơ).
VICTIMS_PER_YEAR = {
    **{2016: 14, 2017: 9, 2018: 6, 2019: 4, 2020: 2, 2021: 0, 2022: 3, 2023: 6, 2024: 7},
    **{2025: 8, 2026: 7},
}
# People received within this time of the last record date are still being identified; of the rest
# from 2023, a fifth were found not to be victims (national funnel, H1 2023: 114 received and
# verified, 82 identified).
VERIFICATION_TIME = dt.timedelta(days=120)
# Trafficking inside Viet Nam: about a third of cases 2018-2022, over 40 % in 2022 - H1 2023
# (Ministry of Public Security). Each year's domestic records are a third of its records, rounded
# to whole records; in 2023 the fewest records that are over 40 % (3 of 6), so that 2022 - 2023
# together are over 40 % too (4 of 9) while 2022 stays at a third (1 of 3).
DOMESTIC_SHARE = 1 / 3
DOMESTIC_OVER = {2023: 0.4}
# Children among victims: a quarter to a third before 2021; nationally 74 of 255 in 2022 (US TIP
# report 2023), kept from 2022 on. Each year's children are its records times the share, rounded to
# whole records.
CHILD_SHARE_BEFORE_2021 = 0.28
CHILD_SHARE_FROM_2022 = round(74 / 255, 2)
# No public gatherings (Directives 15/16): nationally 1-22 April 2020; in Cần Thơ 12 July -
# 8 September 2021. No event is dated inside these periods.
DISTANCING = (
    (dt.date(2020, 4, 1), dt.date(2020, 4, 22)),
    (dt.date(2021, 7, 12), dt.date(2021, 9, 8)),
)
# No gathering of more than 20 people from 28 March 2020 (Directive 15/CT-TTg of 27 March 2020)
# through the distancing that followed (Directive 16/CT-TTg, to 22 April): events then had at most
# 20 attendees; one whose attendance was not recorded could have been larger, so none is dated then.
SMALL_GATHERINGS_ONLY = (dt.date(2020, 3, 28), dt.date(2020, 4, 22))
GATHERING_LIMIT = 20
# Schools closed, so no school talk: nationwide from early February 2020 (pupils kept home after
# Tết) to early May 2020 (secondary schools back from 4 May, primary from 11 May in most provinces;
# the exact days in Cần Thơ are uncertain, so the whole span is kept free); in Cần Thơ the 2021-2022
# school year opened online after the distancing, so none in September 2021 either.
SCHOOLS_CLOSED = (
    (dt.date(2020, 2, 1), dt.date(2020, 5, 10)),
    (dt.date(2021, 9, 1), dt.date(2021, 9, 30)),
)
# 30 July, the national day against trafficking (Decision 793/QĐ-TTg, 2016): rallies within a
# fortnight of it. School talks in the school year (September - May), on school days: Monday to
# Friday, never a public holiday (pupils are not at school on Saturdays and Sundays; some schools
# teach on Saturday mornings, but none is assumed to: no talk is dated on a weekend). Community
# events, rallies and other sessions may fall on a weekend.
NATIONAL_DAY = (7, 30)
RALLY_WINDOW_DAYS = 14
SCHOOL_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5)
SCHOOL_DAYS = (0, 1, 2, 3, 4)  # date.weekday(): Monday to Friday
# Events of other organisers in an ordinary year: (event types, topics, sessions, mean attendance).
OTHER_ORGANISERS = {
    "womens_union": (("community_session", "rally"), ("trafficking", "safe_migration"), 38, 55),
    "police": (("integrated_session", "training"), ("trafficking",), 18, 60),
    "district_office": (("integrated_session", "community_session"), ("social_evils", "trafficking"), 55, 40),
    "school": (("school_talk",), ("trafficking", "safe_migration"), 24, 120),
    "youth_union": (("community_session", "rally"), ("trafficking", "safe_migration"), 16, 70),
}
ACTIVITY = {2020: 0.55, 2021: 0.5}  # share of an ordinary year's events held
# 30 July, the national day against trafficking: activity peaks in July.


def distanced(on: dt.date) -> bool:
    """Whether public gatherings were banned on this day (social distancing)."""
    return any(first <= on <= last for first, last in DISTANCING)


def _allowed(on: dt.date, event_type: str, attendees: int | None) -> bool:
    """Whether an event of this kind and size could be held on this day."""
    if distanced(on):
        return False
    first, last = SMALL_GATHERINGS_ONLY
    if first <= on <= last and (attendees is None or attendees > GATHERING_LIMIT):
        return False
    return not (event_type == "school_talk" and any(a <= on <= b for a, b in SCHOOLS_CLOSED))


def school_day(on: dt.date) -> bool:
    """Whether pupils are at school on this day: Monday to Friday, in the school year, while schools
    were open, not a public holiday."""
    return (
        on.weekday() in SCHOOL_DAYS
        and on.month in SCHOOL_MONTHS
        and not any(a <= on <= b for a, b in SCHOOLS_CLOSED)
        and not is_public_holiday(on)
    )


def _event_date(
    rng: random.Random,
    year: int,
    event_type: str,
    attendees: int | None,
    aside: random.Random,
    school: random.Random,
) -> dt.date | None:
    """An event's date: rallies around 30 July, school talks on school days (see `school_day`),
    none during social distancing nor larger than the limit while it held, none on a public
    holiday (None when the kind of event could not be held that year at all).

    A date that falls on a public holiday is drawn again from `aside`, a stream of its own, so
    the main stream draws what it drew before holidays were kept free: every other record of the
    sample stays as it was. A school talk that still falls on a weekend is drawn again from
    `school`, a stream of its own too, so `aside` draws what it drew before, on the same side of
    the reform and of the last record date (where its place is drawn and whether it is kept follow
    those): only those talks move, every other record stays as it was."""
    drawn = _drawn_date(rng, year, event_type, attendees, aside)
    if drawn is None or event_type != "school_talk":
        return drawn
    on = drawn

    def side(day: dt.date) -> tuple[bool, bool]:
        return day >= REFORM_DATE, day > LAST_RECORD_DATE

    while not (school_day(on) and _allowed(on, event_type, attendees) and side(on) == side(drawn)):
        on = _date_in(school, year, school.choice(SCHOOL_MONTHS))
    return on


def _drawn_date(
    rng: random.Random, year: int, event_type: str, attendees: int | None, aside: random.Random
) -> dt.date | None:
    """The date as drawn before school days were kept (see `_event_date`)."""
    if event_type == "rally":
        day = dt.date(year, *NATIONAL_DAY)
        if all(distanced(day + dt.timedelta(d)) for d in range(-RALLY_WINDOW_DAYS, RALLY_WINDOW_DAYS + 1)):
            return None  # 2021: the day fell inside Cần Thơ's distancing; no rally was held
    source = rng
    while True:
        if event_type == "rally":
            on = day + dt.timedelta(source.randint(-RALLY_WINDOW_DAYS, RALLY_WINDOW_DAYS))
        elif event_type == "school_talk":
            on = _date_in(source, year, source.choice(SCHOOL_MONTHS))
        else:
            on = _date_in(source, year)
        if not _allowed(on, event_type, attendees):
            continue
        if not is_public_holiday(on):
            return on
        source = aside


def _attendance(rng: random.Random, n: int, mean: float, total: int | None = None) -> list[int]:
    values = [max(8, round(rng.gauss(mean, mean * 0.3))) for _ in range(n)]
    return _exact_total(rng, values, total, low=8) if total is not None else values


def _events(
    rng: random.Random,
    aside: random.Random,
    school: random.Random,
    years: range = YEARS,
    merged: random.Random | None = None,
) -> list[dict]:
    """The events of `years`; `merged` draws the former provinces' events from 1 July 2025 (a stream
    of its own, so former Cần Thơ's events and the victim records are those drawn without them);
    `aside` and `school` redraw dates off holidays and school talks off weekends (_event_date)."""
    weights = [d.population for d in districts()]
    rows: list[dict] = []

    def add(year, organiser, event_type, topic, attendees, leaflets):
        on = _event_date(rng, year, event_type, attendees, aside, school)
        if on is None:
            return
        district_code, unit_code = _place(rng, on, weights)
        if on > LAST_RECORD_DATE:
            return
        record(on, district_code, unit_code, organiser, event_type, topic, attendees, leaflets)
        # The merged city: the same day's events in the former provinces (a date already clear of
        # holidays, distancing and school closures), their numbers drawn around this one's.
        for _ in range(_extra_outside(merged, on) if merged is not None else 0):
            _, there = _place(merged, on, weights, outside=True)
            more = None if attendees is None else max(8, round(attendees * merged.uniform(0.7, 1.3)))
            handed = round(leaflets * merged.uniform(0.7, 1.3)) if leaflets else leaflets
            record(on, None, there, organiser, event_type, topic, more, handed)

    def record(on, district_code, unit_code, organiser, event_type, topic, attendees, leaflets):
        rows.append(
            {
                "event_date": on,
                "district_code": district_code,
                # From 1 March 2025 the department's and district offices' work is credited to the
                # bodies that took it over (their events are on social evils and trafficking: the
                # Department of Health, the district Health offices, then from 1 July 2025 the
                # commune Culture-Social offices).
                "organiser": current_body("organiser", organiser, on),
                "event_type": event_type,
                "topic": topic,
                "attendees": attendees,
                "leaflets": leaflets,
                "unit_code": unit_code,
            }
        )

    origin_years = [y for y in years if y <= 2020]
    integrated, community, leaflets = [], [], []
    if origin_years:
        integrated = _attendance(
            rng, sum(INTEGRATED[y] for y in origin_years), 48, ORIGIN["integrated_attendees"]
        )
        community = _attendance(
            rng, sum(COMMUNITY[y] for y in origin_years), 34, ORIGIN["community_attendees"]
        )
        drives = sum(LEAFLET_DRIVES[y] for y in origin_years)
        leaflets = _exact_total(
            rng, [rng.randint(2500, 4500) for _ in range(drives)], ORIGIN["leaflets"], low=500
        )
    for year in years:
        early = year <= 2020
        for _ in range(INTEGRATED[year]):
            attendees: int | None = integrated.pop() if early else _attendance(rng, 1, 46)[0]
            topic = "social_evils" if rng.random() < 0.8 else "trafficking"
            add(year, "dolisa", "integrated_session", topic, attendees, 0)
        for _ in range(COMMUNITY[year]):
            attendees = community.pop() if early else _attendance(rng, 1, 35)[0]
            topic = "trafficking" if year < 2022 or rng.random() < 0.5 else "online_scams"
            add(year, "volunteer_sw_team", "community_session", topic, attendees, 0)
        for _ in range(LEAFLET_DRIVES[year]):
            count = (
                leaflets.pop()
                if early
                else round(rng.randint(2500, 4500) * LEAFLETS_PER_DRIVE / LEAFLET_DRAW_MEAN)
            )
            add(year, "dolisa", "leaflet_drive", "social_evils", None, count)
        for organiser, (types, topics, per_year, mean) in OTHER_ORGANISERS.items():
            for _ in range(round(per_year * ACTIVITY.get(year, 1.0) * rng.uniform(0.85, 1.15))):
                topic = rng.choice(topics)
                if year >= 2022 and rng.random() < 0.35:
                    topic = "online_scams"
                if rng.random() < 0.03:
                    topic = UNKNOWN
                # About one report in twenty from other organisers leaves attendance blank.
                attendees = None if rng.random() < 0.05 else _attendance(rng, 1, mean)[0]
                handed = rng.choice((0, 0, 100, 200, 300)) if organiser == "womens_union" else 0
                add(year, organiser, rng.choice(types), topic, attendees, handed)
    rows.sort(key=lambda r: (r["event_date"], r["organiser"], r["district_code"] or 0, r["unit_code"] or 0))
    sequence: dict[int, int] = {}
    for row in rows:
        year = row["event_date"].year
        sequence[year] = sequence.get(year, 0) + 1
        row["event_id"] = f"EV-{year}-{sequence[year]:05d}"
    return rows


def domestic_count(year: int, records: int) -> int:
    """How many of a year's records are trafficking inside Viet Nam (see DOMESTIC_SHARE)."""
    if year in DOMESTIC_OVER:
        return math.floor(records * DOMESTIC_OVER[year]) + 1 if records else 0
    return round(records * DOMESTIC_SHARE)


def child_count(year: int, records: int) -> int:
    """How many of a year's records are children (see CHILD_SHARE_FROM_2022)."""
    return round(records * (CHILD_SHARE_FROM_2022 if year >= 2022 else CHILD_SHARE_BEFORE_2021))


def _victim(rng: random.Random, year: int, domestic: bool, child: bool) -> dict:
    """One record: shaped by its era, and by whether it is trafficking inside Viet Nam and a child
    (decided per year beforehand, so each year's shares hold exactly)."""
    scam_era = year >= 2022 or (year == 2021 and rng.random() < 0.5)
    if scam_era:  # young men and women lured by "light work, high pay" into scam compounds
        sex = _pick(rng, {"male": 0.5, "female": 0.48, UNKNOWN: 0.02})
        age = _pick(
            rng,
            {
                "18-20": 0.2,
                "21-23": 0.25,
                "24-26": 0.2,
                "27-29": 0.15,
                "30-38": 0.12,
                UNKNOWN: 0.04,
            },
        )
        destination = _pick(rng, {"KH": 0.7, "MM": 0.15, "LA": 0.1, UNKNOWN: 0.05})
        exploitation = ["illicit_activities"] + (["forced_labour"] if rng.random() < 0.4 else [])
        recruitment = _pick(
            rng, {"social_media_zalo": 0.4, "social_media_facebook": 0.3, "job_offer": 0.2, UNKNOWN: 0.1}
        )
        relation = _pick(rng, {"online_contact": 0.5, "friend_neighbour": 0.3, "family": 0.05, UNKNOWN: 0.15})
        channel = _pick(
            rng, {"ransom_release": 0.35, "rescue": 0.3, "repatriation": 0.25, "self_return": 0.1}
        )
        means = [
            "debt_bondage",
            "restricts_movement",
            "threats",
            "excessive_hours",
            "physical_abuse",
            "withholds_documents",
            "false_promises",
        ]
    else:  # before 2021: women and girls, forced or sham marriage and sexual exploitation
        sex = _pick(rng, {"female": 0.9, "male": 0.08, UNKNOWN: 0.02})
        age = _pick(
            rng,
            {
                "18-20": 0.22,
                "21-23": 0.18,
                "24-26": 0.12,
                "27-29": 0.08,
                "30-38": 0.06,
                UNKNOWN: 0.06,
            },
        )
        destination = _pick(rng, {"CN": 0.65, "KH": 0.15, "MY": 0.12, UNKNOWN: 0.08})
        if destination == "CN":
            exploitation = [_pick(rng, {"forced_marriage": 0.6, "sexual_exploitation": 0.4})]
        elif destination == UNKNOWN:
            exploitation = [_pick(rng, {"sexual_exploitation": 0.5, UNKNOWN: 0.5})]
        else:  # karaoke and massage venues
            exploitation = ["sexual_exploitation"]
        recruitment = _pick(
            rng,
            {
                "intimate_partner": 0.3,
                "marriage_broker": 0.2,
                "job_offer": 0.3,
                "social_media_facebook": 0.1,
                UNKNOWN: 0.1,
            },
        )
        relation = _pick(
            rng,
            {
                "friend_neighbour": 0.45,
                "family": 0.15,
                "intimate_partner": 0.15,
                "online_contact": 0.1,
                UNKNOWN: 0.15,
            },
        )
        channel = (
            "border_handover"
            if destination == "CN" and rng.random() < 0.6
            else _pick(rng, {"rescue": 0.4, "self_return": 0.35, "repatriation": 0.25})
        )
        means = [
            "false_promises",
            "restricts_movement",
            "withholds_documents",
            "threats",
            "sexual_abuse",
            "takes_earnings",
            "debt_bondage",
        ]
    referring_body = _pick(
        rng,
        {
            "police": 0.35,
            "immigration": 0.2,
            "border_guard": 0.15,
            "womens_union": 0.1,
            "iom_ngo": 0.1,
            "commune_committee": 0.1,
        },
    )
    if child:
        age = "0-8" if rng.random() < 0.05 else "9-17"
    if domestic:  # inside Viet Nam: karaoke and massage venues, labour, sham marriage elsewhere
        destination = "VN"
        exploitation = [
            _pick(rng, {"sexual_exploitation": 0.5, "forced_labour": 0.3, "forced_marriage": 0.2})
        ]
        means = ["false_promises", "restricts_movement", "withholds_documents", "threats", "takes_earnings"]
        channel = _pick(rng, {"rescue": 0.7, "self_return": 0.3})
        referring_body = _pick(rng, {"police": 0.7, "commune_committee": 0.15, "womens_union": 0.15})
    control = sorted(rng.sample(means, rng.randint(1, 3))) if rng.random() > 0.1 else [UNKNOWN]
    minor = "adult" if age != UNKNOWN else UNKNOWN
    if age == "0-8":
        minor = "under_16"
    elif age == "9-17":  # most child victims are teenagers: the law's line at 16 splits them
        minor = _pick(rng, {"under_16": 0.45, "16_17": 0.55})
    recent = year >= 2023
    status = "actual"
    if recent:  # national funnel, H1 2023: see VERIFICATION_TIME
        status = _pick(rng, {"actual": 0.8, "not_victim": 0.2})
    # The stage follows the status: a person found not to be a victim leaves the process at
    # verification, case closed; an identified victim is past identification.
    if status == "not_victim":
        case_status, stage = "closed", "verification"
    elif recent:
        case_status = _pick(rng, {"active": 0.5, "follow_up": 0.4, "closed": 0.1})
        stage = _pick(rng, {"protection": 0.1, "support": 0.55, "reintegration": 0.35})
    else:
        case_status = _pick(rng, {"closed": 0.7, "closed_referred": 0.2, "follow_up": 0.1})
        stage = "reintegration"
    return {
        "sex": sex,
        "age_band": age,
        "minor_status": minor,
        "citizenship": "VN",
        "destination": destination,
        "exploitation": sorted(exploitation),
        "means_of_control": control,
        "recruitment": recruitment,
        "recruiter_relation": relation,
        "reception_channel": channel,
        "referring_body": referring_body,
        "trafficking_status": status,
        "case_status": case_status,
        "workflow_stage": stage,
        "poor_household": _pick(rng, {"yes": 0.45, "no": 0.45, UNKNOWN: 0.1}),
        "consent_data": _pick(rng, {"yes": 0.85, "no": 0.1, UNKNOWN: 0.05}),
    }


# (support type, provider, probability, first day, last day after reception)
SUPPORT_PLAN = (
    ("essential_needs", "social_protection_centre", 1.0, 0, 3),
    ("travel_home", "dolisa", 0.8, 1, 10),
    ("medical", "social_protection_centre", 0.6, 0, 20),
    ("psychological", "social_protection_centre", 0.5, 2, 45),
    # Legal aid: the state legal-aid centre (Department of Justice), before and after the reform.
    ("legal_aid", "legal_aid_centre", 0.25, 10, 90),
    ("education", "district_office", 0.0, 30, 150),  # minors only, below
    ("vocational_training", "district_office", 0.3, 30, 180),
    ("hardship_allowance", "commune_committee", 0.0, 5, 40),  # poor households, below
    ("loan", "womens_union", 0.0, 60, 180),  # poor households, below
    # Law 53/2024 art. 37, in force from 1 July 2025: only for people received from then on, below.
    # Employment counselling is labour and employment work, which went to home affairs in 2025
    # (_codes.LABOUR_SUPPORTS): the Department of Home Affairs (its employment service centre).
    ("employment_counselling", "moha_dept", 0.0, 20, 120),
    ("health_insurance", "commune_committee", 0.0, 5, 30),
    ("interpreting", "social_protection_centre", 0.0, 0, 10),
    ("legal_information", "commune_culture_social", 0.0, 3, 60),
)
# Chance of each support the 2024 law added, for a person received from 1 July 2025.
NEW_SUPPORT_CHANCE = {
    "employment_counselling": 0.5,
    "health_insurance": 0.7,
    "legal_information": 0.6,
}


def _victims_and_support(
    rng: random.Random, years: range = YEARS, first_victim: int = 1, first_service: int = 1
) -> tuple[list[dict], list[dict]]:
    # Rural districts send proportionally more people abroad for work and marriage.
    weights = [d.population * (1.5 if d.kind == "huyen" else 1.0) for d in districts()]
    victims, services = [], []
    for year in years:
        # Dates first: the shares below hold over the records kept (none after the last record date).
        dates = [_date_in(rng, year, rng.randint(1, 12)) for _ in range(VICTIMS_PER_YEAR[year])]
        dates = [on for on in dates if on <= LAST_RECORD_DATE]
        count = len(dates)
        domestic = set(rng.sample(range(count), domestic_count(year, count)))
        children = set(rng.sample(range(count), child_count(year, count)))
        for number, received in enumerate(dates):
            record = _victim(rng, year, number in domestic, number in children)
            record["reception_date"] = received
            record["district_code"], record["unit_code"] = _place(rng, received, weights)
            if received > LAST_RECORD_DATE - VERIFICATION_TIME:
                # Received in the last months: still being identified (Law 53/2024 art. 2).
                record.update(
                    trafficking_status="possible", workflow_stage="verification", case_status="active"
                )
            if received >= REFORM_DATE and record["referring_body"] == "police":
                # Commune police act locally after the reform: half the police referrals are theirs.
                record["referring_body"] = _pick(rng, {"police": 0.5, "commune_police": 0.5})
            victims.append(record)
    victims.sort(key=lambda r: (r["reception_date"], r["district_code"] or 0, r["unit_code"] or 0))
    for number, record in enumerate(victims, start=first_victim):
        # A pseudonymous key, as the importer derives one: never a name or an ID number.
        record["victim_id"] = hashlib.sha256(f"{SEED}:{number}".encode()).hexdigest()[:16]
        if record["trafficking_status"] == "not_victim":
            continue
        poor = record["poor_household"] == "yes"
        for support_type, provider, chance, first, last in SUPPORT_PLAN:
            if support_type == "education":
                chance = 0.6 if record["minor_status"] in ("under_16", "16_17", "minor") else 0.0
            elif support_type == "hardship_allowance":
                chance = 0.9 if poor else 0.0
            elif support_type == "loan":
                chance = 0.3 if poor else 0.0
            elif support_type == "interpreting":  # returned from abroad: foreign papers and officials
                abroad = record["destination"] not in ("VN", UNKNOWN)
                chance = 0.6 if abroad and record["reception_date"] >= REFORM_DATE else 0.0
            elif support_type in NEW_SUPPORT_CHANCE:
                chance = NEW_SUPPORT_CHANCE[support_type] if record["reception_date"] >= REFORM_DATE else 0.0
            if rng.random() < chance:
                on = record["reception_date"] + dt.timedelta(rng.randint(first, last))
                if ineligible_reason(support_type, record["trafficking_status"], record["citizenship"], on):
                    continue  # Law 53/2024 art. 37: not a support this person may receive
                services.append(
                    {
                        "victim_id": record["victim_id"],
                        "support_type": support_type,
                        # The body that took this kind of work over, once the planned one ended.
                        "provider": current_body("provider", provider, on, support_type),
                        "service_date": on,
                    }
                )
    _stage_dates(victims, random.Random(f"{SEED}:{years.start}:funnel"))  # noqa: S311 - synthetic data
    services = [s for s in services if s["service_date"] <= LAST_RECORD_DATE]
    services.sort(key=lambda r: (r["service_date"], r["victim_id"], r["support_type"]))
    for number, service in enumerate(services, start=first_service):
        service["service_id"] = f"SV-{number:05d}"
    return victims, services


def _write(path: Path, table: Table, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(table.column_names)
        for row in rows:
            cells = []
            for column in table.columns:
                value = row[column.name]
                if column.multi:
                    value = ";".join(value)
                cells.append("" if value is None else str(value))
            writer.writerow(cells)


def generate(out_dir: Path, seed: int = SEED) -> dict[str, Path]:
    """Write the sample records and their metadata into `out_dir`; return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    # Dates moved off public holidays are drawn from streams of their own (see _event_date).
    aside = random.Random(f"{seed}:holidays")  # noqa: S311
    # School talks moved off weekends are drawn from streams of their own too (see _event_date).
    events = _events(rng, aside, random.Random(f"{seed}:school_days"))  # noqa: S311
    victims, services = _victims_and_support(rng)
    # The years after the reform draw from a stream of their own: the earlier records stay as they were.
    later = random.Random(seed + 2025)  # noqa: S311 - reproducible synthetic data, not secrets
    merged = random.Random(f"{seed + 2025}:merged")  # noqa: S311 - the former provinces' share
    events += _events(
        later,
        random.Random(f"{seed + 2025}:holidays"),  # noqa: S311
        random.Random(f"{seed + 2025}:school_days"),  # noqa: S311
        REFORM_YEARS,
        merged,
    )
    more_victims, more_services = _victims_and_support(
        later, REFORM_YEARS, first_victim=len(victims) + 1, first_service=len(services) + 1
    )
    victims += more_victims
    services += more_services
    written = {}
    for table, rows in (
        *((EVENTS, events), (VICTIMS, victims), (SUPPORT, services)),
        *((HOTLINE, hotline_contacts(seed)), (COMMUNICATION, communication_items(seed))),
    ):
        written[table.name] = out_dir / table.file
        _write(written[table.name], table, rows)
    # Criminal cases and their victims: a stream of their own, so the files above stay as they were.
    years, last = range(YEARS.start, REFORM_YEARS.stop), LAST_RECORD_DATE
    written |= generate_cases(out_dir, victims, seed, years, VICTIMS_PER_YEAR, last, _place, _write)
    metadata = {
        "synthetic": True,
        "description": "Synthetic sample records, invented by a seeded generator: no real person "
        "or event is described. Totals for 2016-2020 match Cần Thơ's published "
        "five-year review.",
        "generator": "workbench._generate",
        "seed": seed,
        "generated_on": GENERATED_ON,
        "data_version": DATA_VERSION,
        "years": [YEARS.start, REFORM_YEARS.stop - 1],
        "last_record_date": LAST_RECORD_DATE.isoformat(),
        "places": "district_code before 1 July 2025; from then on unit_code, a commune/ward of the "
        "merged Cần Thơ city (2025 reform), district_code empty",
        "origin_figures_2016_2020": ORIGIN,
    }
    written["metadata"] = out_dir / "metadata.json"
    written["metadata"].write_text(
        json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return written


# Days between the funnel's stages (_stages), drawn uniformly in these ranges. Assumptions, not
# published figures (docs/data.md): verification of a returned person's papers and story with the
# police and the border guard in weeks, identification on its finding within days, support from
# days after identification, reintegration closed after months of follow-up.
STAGE_DAYS = {
    "verified_date": (7, 45),
    "identified_date": (0, 10),
    "supported_date": (1, 30),
    "reintegrated_date": (90, 540),
}


def _stage_dates(victims: list[dict], rng: random.Random) -> None:
    """Date each stage the record's status and workflow stage say it reached (none after the last
    record date: a stage that would fall later is placed between the one before and that date).
    Drawn from a stream of their own, after every other field: the other columns stay as they were."""
    for record in victims:
        on = record["reception_date"]
        for stage in STAGES[1:]:
            if not reached(stage, record["trafficking_status"], record["workflow_stage"]):
                record[stage.date_column] = None
                continue
            low, high = STAGE_DAYS[stage.date_column]
            drawn = on + dt.timedelta(rng.randint(low, high))
            if drawn > LAST_RECORD_DATE:
                drawn = on + dt.timedelta(rng.randint(0, max((LAST_RECORD_DATE - on).days, 0)))
            record[stage.date_column] = on = drawn
