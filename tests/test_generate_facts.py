"""The sample data does not contradict what the city or the ministries have published.

Each test is one published fact (see the project's domain notes), checked through what an analyst
reads: the public query helpers and ad hoc SQL on the built database, or the committed files.
"""

import datetime as dt

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


def test_about_a_third_of_cases_are_trafficking_inside_viet_nam(db):
    # Ministry of Public Security: about a third of cases 2018-2022, over 40 % in 2022 - H1 2023.
    by = db.victims(
        years=(2018, 2026), by="destination", trafficking_statuses=["actual", "possible", "not_victim"]
    )
    share = by.loc[by["destination"] == "VN", "victims"].sum() / by["victims"].sum()
    assert 0.28 <= share <= 0.42
    label = by.loc[by["destination"] == "VN", "destination_label"].iloc[0]
    assert label == "Việt Nam"


def test_child_share_from_2022_matches_the_national_picture(db):
    # Nationally 74 of 255 victims in 2022 were children (29 %); the sample had 1 in 30 before.
    by = db.victims(
        years=(2022, 2026), by="age_band", trafficking_statuses=["actual", "possible", "not_victim"]
    )
    children = by.loc[by["age_band"].isin(["0-8", "9-17"]), "victims"].sum()
    share = children / by["victims"].sum()
    assert 0.2 <= share <= 0.4


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


def test_regenerating_writes_the_same_bytes_twice(tmp_path):
    first, second = generate(tmp_path / "a"), generate(tmp_path / "b")
    for name in first:
        assert first[name].read_bytes() == second[name].read_bytes(), name
        assert first[name].read_bytes() == (DATA_DIR / "sample" / first[name].name).read_bytes(), name
