"""The sample data does not contradict what the city or the ministries have published.

Each test is one published fact (see the project's domain notes), checked through what an analyst
reads: the public query helpers and ad hoc SQL on the built database, or the committed files.
"""

import datetime as dt

import pandas as pd
import pytest

import workbench as wb
from workbench._generate import generate
from workbench._paths import DATA_DIR


@pytest.mark.parametrize(
    ("first", "last"),
    [
        pytest.param(dt.date(2020, 4, 1), dt.date(2020, 4, 22), id="national-distancing-april-2020"),
        pytest.param(dt.date(2021, 7, 12), dt.date(2021, 9, 8), id="can-tho-distancing-2021"),
    ],
)
def test_no_event_during_social_distancing(db, first, last):
    held = db.sql(
        "SELECT count(*) AS n FROM events WHERE event_date BETWEEN $first AND $last", first=first, last=last
    )
    assert held["n"].iloc[0] == 0
    # The days either side are ordinary days: the gap is the ban, not an empty sample.
    around = db.sql(
        "SELECT count(*) AS n FROM events WHERE event_date BETWEEN $before AND $first "
        "OR event_date BETWEEN $last AND $after",
        first=first - dt.timedelta(1),
        before=first - dt.timedelta(30),
        last=last + dt.timedelta(1),
        after=last + dt.timedelta(30),
    )
    assert around["n"].iloc[0] > 0


def test_30_july_rallies_fall_within_a_fortnight_of_the_day(db):
    rallies = db.sql(
        "SELECT event_date, abs(datediff('day', event_date, make_date(year, 7, 30))) AS days_off "
        "FROM events WHERE event_type = $rally",
        rally="rally",
    )
    assert len(rallies) > 100
    assert rallies["days_off"].max() <= 14
    # The national day falls inside Cần Thơ's 2021 distancing: that year had no rally at all.
    years = set(rallies["event_date"].dt.year)
    assert 2021 not in years and {2016, 2020, 2022, 2025} <= years


def test_school_talks_only_in_the_school_year(db):
    by_month = db.events(event_types="school_talk", by="month")
    months = set(by_month.loc[by_month["events"] > 0, "month"])
    assert months == {1, 2, 3, 4, 5, 9, 10, 11, 12}


def test_no_victim_received_in_2021(db):
    assert db.victims(years=(2021, 2021)).loc[0, "victims"] == 0
    by_year = db.victims(years=(2020, 2022), by="year", complete=True)
    assert dict(zip(by_year["year"], by_year["victims"], strict=True))[2021] == 0


ALL_STATUSES = ["actual", "possible", "not_victim"]


def _per_year(db, by: str) -> dict:
    """{year: {code: records}} over every status: the shares are of the people received."""
    frame = db.victims(years=(2016, 2026), by=["year", by], trafficking_statuses=ALL_STATUSES)
    out: dict = {}
    for year, code, n in zip(frame["year"], frame[by], frame["victims"], strict=True):
        out.setdefault(int(year), {})[code] = out.get(int(year), {}).get(code, 0) + int(n)
    return out


def test_trafficking_inside_viet_nam_is_a_third_of_each_year_and_over_40_percent_in_2022_2023(db):
    # Ministry of Public Security: about a third of cases 2018-2022, over 40 % in 2022 - H1 2023.
    # docs/data.md: a third of each year's records, rounded to whole records; 2023 the fewest over 40 %.
    years = _per_year(db, "destination")
    assert set(years) == set(range(2016, 2027)) - {2021}
    for year, by in years.items():
        records, domestic = sum(by.values()), by.get("VN", 0)
        if year == 2023:
            assert domestic / records > 0.4 and (domestic - 1) / records <= 0.4, (year, domestic, records)
        else:
            assert domestic == round(records / 3), (year, domestic, records)
    domestic_2022_2023 = sum(years[y].get("VN", 0) for y in (2022, 2023))
    records_2022_2023 = sum(sum(years[y].values()) for y in (2022, 2023))
    assert domestic_2022_2023 / records_2022_2023 > 0.4
    label = db.victims(destinations="VN", by="destination").loc[0, "destination_label"]
    assert label == "Việt Nam"


def test_children_are_each_years_share_rounded_to_whole_records(db):
    # Nationally 74 of 255 victims in 2022 were children (29 %), kept from 2022; 28 % before 2021.
    years = _per_year(db, "age_band")
    for year, by in years.items():
        records = sum(by.values())
        children = by.get("0-8", 0) + by.get("9-17", 0)
        share = 0.29 if year >= 2022 else 0.28
        assert children == round(records * share), (year, children, records)
    from_2022 = [y for y in years if y >= 2022]
    pooled = sum(years[y].get("0-8", 0) + years[y].get("9-17", 0) for y in from_2022) / sum(
        sum(years[y].values()) for y in from_2022
    )
    assert pooled == pytest.approx(74 / 255, abs=0.02)  # rounding per year: about 29 %


# The workflow stage a status allows (Law 53/2024: reception, verification, identification,
# protection, support, reintegration), and the case status when it is fixed.
STAGES = {
    "possible": ({"reception", "verification"}, None),
    "not_victim": ({"verification"}, {"closed"}),
    "actual": ({"identification", "protection", "support", "reintegration"}, None),
}


@pytest.mark.parametrize("status", list(STAGES), ids=list(STAGES))
def test_every_records_workflow_stage_agrees_with_its_status(db, status):
    stages, case_statuses = STAGES[status]
    seen = db.sql(
        "SELECT workflow_stage, case_status, count(*) AS n FROM victims WHERE trafficking_status = $s "
        "GROUP BY ALL",
        s=status,
    )
    assert seen["n"].sum() > 0  # every status occurs in the sample
    assert set(seen["workflow_stage"]) <= stages, seen
    if case_statuses is not None:
        assert set(seen["case_status"]) <= case_statuses, seen


def test_no_status_outside_the_three_and_every_record_checked(db):
    counts = db.sql("SELECT trafficking_status, count(*) AS n FROM victims GROUP BY ALL")
    assert set(counts["trafficking_status"]) == set(STAGES)
    raw = db.sql("SELECT count(*) AS n FROM victims")
    assert counts["n"].sum() == raw["n"].iloc[0]


def test_no_gathering_of_more_than_20_people_28_march_to_22_april_2020(db):
    # Directive 15/CT-TTg (27 March 2020): no gathering over 20 people from 28 March; the
    # distancing of Directive 16 to 22 April. An event whose attendance is blank could have been larger.
    large = db.sql(
        "SELECT count(*) AS n FROM events WHERE event_date BETWEEN $first AND $last "
        "AND (attendees IS NULL OR attendees > $limit)",
        first=dt.date(2020, 3, 28),
        last=dt.date(2020, 4, 22),
        limit=20,
    )
    assert large["n"].iloc[0] == 0
    # Before the directive, larger events were held as usual.
    before = db.sql(
        "SELECT count(*) AS n FROM events WHERE event_date BETWEEN $first AND $last AND attendees > $limit",
        first=dt.date(2020, 3, 1),
        last=dt.date(2020, 3, 27),
        limit=20,
    )
    assert before["n"].iloc[0] > 0


@pytest.mark.parametrize(
    ("first", "last"),
    [
        pytest.param(dt.date(2020, 2, 1), dt.date(2020, 5, 10), id="nationwide-school-closure-2020"),
        pytest.param(dt.date(2021, 9, 1), dt.date(2021, 9, 30), id="can-tho-online-school-september-2021"),
    ],
)
def test_no_school_talk_while_schools_were_closed(db, first, last):
    talks = db.sql(
        "SELECT count(*) AS n FROM events WHERE event_type = $t AND event_date BETWEEN $first AND $last",
        t="school_talk",
        first=first,
        last=last,
    )
    assert talks["n"].iloc[0] == 0
    # Other events went on outside the distancing: the gap is the closure, not an empty sample.
    others = db.sql(
        "SELECT count(*) AS n FROM events WHERE event_type <> $t AND event_date BETWEEN $first AND $last",
        t="school_talk",
        first=first,
        last=last,
    )
    assert others["n"].iloc[0] > 0


@pytest.mark.parametrize(
    "support_type", ["employment_counselling", "health_insurance", "interpreting", "legal_information"]
)
def test_supports_added_by_law_53_2024_are_given_from_1_july_2025_only(db, support_type):
    given = db.sql(
        "SELECT min(service_date) AS first, count(*) AS n FROM support_services WHERE support_type = $t",
        t=support_type,
    )
    assert given["n"].iloc[0] > 0
    assert given["first"].iloc[0].date() >= wb.REFORM_DATE


def test_origin_year_shares_are_unchanged_by_the_facts(db):
    # The facts move dates within a year, never across years: 2016-2020 totals stay the review's.
    got = db.events(wb.Filters(years=(2016, 2020)), organisers="dolisa", event_types="integrated_session")
    assert (got.loc[0, "events"], got.loc[0, "attendees"]) == (1134, 54131)


@pytest.mark.slow
def test_regenerating_writes_the_same_bytes_twice(tmp_path):
    first, second = generate(tmp_path / "a"), generate(tmp_path / "b")
    for name in first:
        assert first[name].read_bytes() == second[name].read_bytes(), name
        assert first[name].read_bytes() == (DATA_DIR / "sample" / first[name].name).read_bytes(), name


# The first day of the lunar year (Vietnamese lunar calendar, UTC+7) and the Hùng Kings' day
# (10/3 âm lịch), written here again as the independent side of the generator's own table.
TET_FIRST_DAYS = {
    2016: "2016-02-08", 2017: "2017-01-28", 2018: "2018-02-16", 2019: "2019-02-05",
    2020: "2020-01-25", 2021: "2021-02-12", 2022: "2022-02-01", 2023: "2023-01-22",
    2024: "2024-02-10", 2025: "2025-01-29", 2026: "2026-02-17",
}  # fmt: skip
HUNG_KINGS_DAYS = {
    2016: "2016-04-16", 2017: "2017-04-06", 2018: "2018-04-25", 2019: "2019-04-14",
    2020: "2020-04-02", 2021: "2021-04-21", 2022: "2022-04-10", 2023: "2023-04-29",
    2024: "2024-04-18", 2025: "2025-04-07", 2026: "2026-04-26",
}  # fmt: skip


def _holidays_of(year: int) -> list[dt.date]:
    first = dt.date.fromisoformat(TET_FIRST_DAYS[year])
    tet_week = [first + dt.timedelta(days=n) for n in range(-2, 5)]  # 28/29 Chạp to mùng 5
    solar = [dt.date(year, m, d) for m, d in ((1, 1), (4, 30), (5, 1), (9, 2))]
    return [*solar, dt.date.fromisoformat(HUNG_KINGS_DAYS[year]), *tet_week]


@pytest.mark.slow
@pytest.mark.parametrize("year", range(2016, 2027), ids=str)
def test_no_event_on_a_public_holiday(db, year):
    days = _holidays_of(year)
    held = db.sql("SELECT event_date, count(*) AS n FROM events WHERE list_contains($days, event_date) "
                  "GROUP BY ALL", days=days)  # fmt: skip
    assert held.empty, held.to_string()
    # The weeks after Tết are ordinary: the gap is the holiday, not an empty sample.
    last = max(d for d in days if d.month <= 2)
    after = db.sql(
        "SELECT count(*) AS n FROM events WHERE event_date BETWEEN $first AND $last",
        first=last + dt.timedelta(1),
        last=last + dt.timedelta(30),
    )
    assert after["n"].iloc[0] > 0


def test_the_generators_holiday_table_is_the_calendars():
    from workbench._holidays import HUNG_KINGS, TET, public_holidays

    assert {y: d.isoformat() for y, d in TET.items()} == TET_FIRST_DAYS
    assert {y: d.isoformat() for y, d in HUNG_KINGS.items()} == HUNG_KINGS_DAYS
    for year in TET_FIRST_DAYS:
        assert public_holidays(year) == frozenset(_holidays_of(year))


def test_sundays_keep_their_community_events(db):
    # Community events are plausible on a Sunday: only the public holidays are kept free.
    sundays = db.sql("SELECT count(*) AS n FROM events WHERE dayofweek(event_date) = 0")
    assert sundays["n"].iloc[0] > 300


def test_every_test_the_data_page_names_for_a_fact_exists():
    """docs/data.md lists every sample-data fact with its test: each named test is there."""
    import re
    from pathlib import Path

    root = Path(__file__).parent.parent
    page = (root / "docs" / "data.md").read_text(encoding="utf-8")
    section = page.split("## Every sample-data fact and the test that checks it", 1)[1]
    named = 0
    rows = [line for line in section.split("\n## ", 1)[0].splitlines() if line.startswith("| ")]
    for row in rows[1:]:  # under the heading row
        current = None
        for file, name in re.findall(r"`(tests/[\w/]+\.py)?::(\w+)`", row):
            current = file or current
            assert current, row
            source = (root / current).read_text(encoding="utf-8")
            assert re.search(rf"^def {name}\(", source, re.M), f"{current}::{name}"
            named += 1
    assert named >= 25


def test_after_the_merger_the_city_holds_the_former_provinces_events(db):
    """From 1 July 2025 "toàn thành phố" is the merged city: former Sóc Trăng and Hậu Giang bring more
    than half its population, and in the sample more than half its events; the city holds over
    twice the events of the twelve months before (the volume of a population more than doubled)."""
    from workbench._units import area_group

    outside = [u.code for u in wb.units_2025() if area_group(u) is not None]
    counts = db.sql(
        "SELECT count(*) FILTER (event_date BETWEEN DATE '2024-07-01' AND DATE '2025-06-30') AS before, "
        "count(*) FILTER (event_date BETWEEN DATE '2025-07-01' AND DATE '2026-06-30') AS after, "
        "count(*) FILTER (event_date >= DATE '2025-07-01') AS merged, "
        "count(*) FILTER (event_date >= DATE '2025-07-01' AND list_contains($outside, unit_code)) AS outside "
        "FROM events",
        outside=outside,
    ).iloc[0]
    assert counts["after"] > 2 * counts["before"] > 0
    assert counts["outside"] > counts["merged"] / 2


def test_leaflets_a_drive_after_2020_are_as_many_as_in_the_origin_years(db):
    """The review counts "more than 40,000" leaflets over 2016-2020 (41.250 over 55 drives: 750 a
    drive); later drives handed out 3,500 on average, five times as many, as a review found."""
    from workbench._generate import LEAFLETS_PER_DRIVE
    from workbench._units import area_group

    outside = [u.code for u in wb.units_2025() if area_group(u) is not None]
    drives = db.sql(
        "SELECT year, count(*) AS drives, sum(leaflets) AS leaflets, "
        "sum(leaflets) FILTER (NOT list_contains($outside, coalesce(unit_code, 0))) AS former_city "
        "FROM events WHERE event_type = 'leaflet_drive' GROUP BY year ORDER BY year",
        outside=outside,
    ).set_index("year")
    origin = drives.loc[2016:2020]
    assert origin["leaflets"].sum() == 41_250 and origin["drives"].sum() == 55
    assert LEAFLETS_PER_DRIVE == 41_250 / 55
    for year in range(2021, 2027):
        per_drive = drives.loc[year, "leaflets"] / drives.loc[year, "drives"]
        assert 0.8 * LEAFLETS_PER_DRIVE <= per_drive <= 1.2 * LEAFLETS_PER_DRIVE, (year, per_drive)
        # former Cần Thơ's territory hands out no more a year than in its busiest origin year
        assert drives.loc[year, "former_city"] <= 1.1 * origin["leaflets"].max(), year


# School talks are held on school days: in the school year (September - May), Monday to Friday,
# never on a public holiday (domain notes §8). Community events, rallies and sessions may fall on a
# weekend: on those days the other events go on, so an empty day is the rule, not an empty sample.
@pytest.mark.parametrize(
    ("where", "params", "others_held"),
    [
        pytest.param("dayofweek(event_date) = 6", {}, True, id="saturday"),
        pytest.param("dayofweek(event_date) = 0", {}, True, id="sunday"),
        pytest.param("list_contains($days, event_date)", "holidays", False, id="public-holiday"),
        pytest.param("month(event_date) IN (6, 7, 8)", {}, True, id="summer-holidays"),
    ],
)
def test_school_talks_fall_on_school_days_only(db, where, params, others_held):
    if params == "holidays":
        params = {"days": [day for year in TET_FIRST_DAYS for day in _holidays_of(year)]}
    held = db.sql(
        "SELECT count(*) FILTER (event_type = 'school_talk') AS talks, "
        f"count(*) FILTER (event_type <> 'school_talk') AS others FROM events WHERE {where}",
        **params,
    ).iloc[0]
    assert held["talks"] == 0
    assert (held["others"] > 0) == others_held, held.to_dict()


def test_school_talks_are_held_on_every_weekday(db):
    by_day = db.sql(
        "SELECT dayofweek(event_date) AS weekday, count(*) AS n FROM events WHERE event_type = $t "
        "GROUP BY ALL",
        t="school_talk",
    )
    assert set(by_day["weekday"]) == {1, 2, 3, 4, 5}  # Monday to Friday
    assert by_day["n"].sum() > 250  # the talks moved off weekends, none dropped


def test_saturdays_keep_their_community_events(db):
    saturdays = db.sql(
        "SELECT count(*) AS n FROM events WHERE dayofweek(event_date) = 6 AND event_type = $t",
        t="community_session",
    )
    assert saturdays["n"].iloc[0] > 100


LAST = dt.date(2026, 11, 27)
BEFORE_REORGANISATION = (dt.date(2016, 1, 1), dt.date(2025, 2, 28))
SPRING_2025 = (dt.date(2025, 3, 1), dt.date(2025, 6, 30))  # the labour sector's work moved, districts kept
AFTER_REFORM = (dt.date(2025, 7, 1), LAST)
THROUGHOUT = (dt.date(2016, 1, 1), LAST)


# Who gives which support, before and after the 2025 reorganisation (domain notes §3, §7): legal
# aid the state legal-aid centre (Department of Justice) throughout; social work the labour
# department, then health; labour and employment work the labour offices, then home affairs; the
# commune bodies locally from 1 July 2025.
@pytest.mark.parametrize(
    ("support_type", "period", "providers"),
    [
        pytest.param("legal_aid", THROUGHOUT, {"legal_aid_centre"}, id="legal-aid-justice-throughout"),
        pytest.param("travel_home", BEFORE_REORGANISATION, {"dolisa"}, id="travel-labour-department"),
        pytest.param("travel_home", (SPRING_2025[0], LAST), {"doh_social"}, id="travel-health"),
        pytest.param("education", BEFORE_REORGANISATION, {"district_office"}, id="education-district-labour"),
        pytest.param("education", SPRING_2025, {"district_health"}, id="education-district-health"),
        pytest.param("education", AFTER_REFORM, {"commune_culture_social"}, id="education-commune"),
        pytest.param(
            "vocational_training", BEFORE_REORGANISATION, {"district_office"}, id="vocational-district-labour"
        ),
        pytest.param(
            "vocational_training",
            SPRING_2025,
            {"district_home_affairs"},
            id="vocational-district-home-affairs",
        ),
        pytest.param(
            "vocational_training", AFTER_REFORM, {"commune_culture_social"}, id="vocational-commune"
        ),
        pytest.param("employment_counselling", AFTER_REFORM, {"moha_dept"}, id="employment-home-affairs"),
        pytest.param(
            "essential_needs", THROUGHOUT, {"social_protection_centre"}, id="essential-needs-shelter"
        ),
        pytest.param("hardship_allowance", THROUGHOUT, {"commune_committee"}, id="hardship-commune"),
        pytest.param("loan", THROUGHOUT, {"womens_union"}, id="loan-womens-union"),
    ],
)
def test_each_support_is_given_by_the_body_that_gives_it_on_the_day(db, support_type, period, providers):
    given = db.sql(
        "SELECT provider, count(*) AS n FROM support_services WHERE support_type = $t "
        "AND service_date BETWEEN $first AND $last GROUP BY ALL",
        t=support_type,
        first=period[0],
        last=period[1],
    )
    assert given["n"].sum() > 0  # the sample holds such support in the period
    assert set(given["provider"]) == providers, given.to_string()


def test_legal_aid_is_given_by_the_state_legal_aid_centre(db):
    # Law on Legal Aid 2017 art. 7 (khoản 7 điểm g; from 1 July 2025 khoản 6a, added by Law
    # 53/2024): the state legal-aid centre under the Department of Justice, not the social sector.
    got = db.count("support", by=["support_type", "provider"], support_types="legal_aid", lang="en")
    assert list(got["provider"]) == ["legal_aid_centre"]
    assert got.loc[0, "provider_label"] == "State Legal Aid Centre of Cần Thơ city (Dept. of Justice)"
    assert wb.label("provider", "legal_aid_centre") == (
        "Trung tâm Trợ giúp pháp lý nhà nước thành phố Cần Thơ (Sở Tư pháp)"
    )
    code = db.sql("SELECT * FROM codes WHERE codeset = 'provider' AND code = 'legal_aid_centre'").iloc[0]
    assert "Luật Trợ giúp pháp lý 2017 (11/2017/QH14) Điều 7 khoản 7 điểm g" in code["legal_basis"]
    assert "khoản 6a" in code["legal_basis"] and "NĐ 162/2025/NĐ-CP" in code["legal_basis"]
    # It existed throughout 2016-2026 and went on after the reorganisation: no period, no successor.
    assert pd.isna(code["valid_from"]) and pd.isna(code["valid_to"]) and code["successor"] is None


@pytest.mark.parametrize(
    "on",
    [dt.date(2016, 1, 1), dt.date(2025, 2, 28), dt.date(2025, 3, 1), dt.date(2025, 7, 1), LAST],
    ids=str,
)
def test_the_legal_aid_centre_is_a_valid_provider_on_every_day(on):
    from workbench._codes import body_problem, current_body

    assert body_problem("provider", "legal_aid_centre", on, "legal_aid") is None
    assert current_body("provider", "legal_aid_centre", on, "legal_aid") == "legal_aid_centre"


def test_july_is_each_years_busiest_month_but_2021(db):
    # 30 July, the national day: activity peaks in July. In 2021 Cần Thơ's distancing (from 12 July)
    # took the day and the rest of the month.
    by = db.events(years=(2016, 2026), by=["year", "month"])
    busiest = {int(y): int(g.loc[g["events"].idxmax(), "month"]) for y, g in by.groupby("year")}
    assert {y: m for y, m in busiest.items() if y != 2021} == {y: 7 for y in range(2016, 2027) if y != 2021}
    july_2021 = by[(by["year"] == 2021) & (by["month"] == 7)]["events"].sum()
    assert july_2021 < by[by["year"] == 2021]["events"].max()


def _share(years: dict, first: int, last: int, codes: set[str]) -> float:
    records = sum(sum(years[y].values()) for y in years if first <= y <= last)
    return sum(n for y in years if first <= y <= last for c, n in years[y].items() if c in codes) / records


@pytest.mark.parametrize(
    ("field", "first", "last", "codes", "low", "high"),
    [
        # Before 2021: about 90 % women and girls.
        pytest.param("sex", 2016, 2020, {"female"}, 0.85, 0.97, id="women-and-girls-before-2021"),
        # From 2022: young men and women in scam compounds, about half male.
        pytest.param("sex", 2022, 2026, {"male"}, 0.35, 0.65, id="about-half-male-from-2022"),
        # Before 2021 China first; from 2022 abroad means Cambodia, then Myanmar and Laos.
        pytest.param("destination", 2016, 2020, {"CN"}, 0.35, 1.0, id="china-before-2021"),
        pytest.param(
            "destination", 2022, 2026, {"KH", "MM", "LA", "VN", "unknown"}, 1.0, 1.0, id="scam-countries"
        ),
        pytest.param("destination", 2022, 2026, {"KH"}, 0.4, 1.0, id="cambodia-first-from-2022"),
    ],
)
def test_victims_follow_their_era(db, field, first, last, codes, low, high):
    assert low <= _share(_per_year(db, field), first, last, codes) <= high


def test_recruiters_are_most_often_friends_or_neighbours_then_online_contacts(db):
    frame = db.victims(by="recruiter_relation", trafficking_statuses=ALL_STATUSES)
    known = frame[frame["recruiter_relation"] != "unknown"].sort_values("victims", ascending=False)
    assert list(known["recruiter_relation"])[:2] == ["friend_neighbour", "online_contact"]
