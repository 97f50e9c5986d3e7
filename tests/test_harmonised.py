"""The harmonised view: 2025 units mapped back to the 2019 districts, totals kept, method stated."""

import pandas as pd
import pytest

import workbench as wb

TOLERANCE = 1e-6  # shares are thirds and quarters: sums agree to rounding, not bit for bit


def _weights() -> pd.DataFrame:
    rows = [(d.code, d.code, 1.0) for d in wb.districts()]
    rows += [(u, d, float(s)) for u, shares in wb.harmonisation_weights().items() for d, s in shares.items()]
    return pd.DataFrame(rows, columns=["district_code", "area", "weight"])


@pytest.mark.parametrize(
    ("kind", "measures", "fields"),
    [
        pytest.param("events", ["events", "attendees", "leaflets"], {}, id="events-all"),
        pytest.param("events", ["events", "attendees"], {"years": (2025, 2026)}, id="events-after-reform"),
        pytest.param("victims", ["victims"], {}, id="victims"),
        pytest.param("support", ["services", "victims_supported"], {"years": (2025, 2026)}, id="support"),
    ],
)
def test_harmonised_totals_equal_recorded_totals(db, kind, measures, fields):
    query = getattr(db, kind)
    recorded = query(**fields)  # no district grouping or filter: as recorded, integers
    harmonised = query(by="district", **fields)
    assert harmonised.attrs["geography"] == "harmonised"
    for measure in measures:
        assert harmonised[measure].sum() == pytest.approx(recorded[measure].iloc[0], abs=TOLERANCE)


@pytest.mark.slow
def test_totals_are_kept_year_by_year(db):
    by_year = db.events(by="year")
    both = db.events(by=["year", "district"])
    summed = both.groupby("year")["attendees"].sum()
    assert summed.to_numpy() == pytest.approx(
        by_year.set_index("year")["attendees"].to_numpy(), abs=TOLERANCE
    )


def test_harmonised_matches_an_independent_pandas_computation(db, raw):
    events = raw["events"][raw["events"]["year"] >= 2025].merge(_weights(), on="district_code")
    events["attendees"] = events["attendees"].fillna(0) * events["weight"]
    expected = events.groupby("area").agg(events=("weight", "sum"), attendees=("attendees", "sum"))
    got = db.events(years=(2025, 2026), by="district").set_index("district_code")
    pd.testing.assert_frame_equal(
        got[["events", "attendees"]].sort_index(),
        expected.rename_axis("district_code").sort_index(),
        check_dtype=False,
        atol=1e-3,
    )


def test_one_continuous_series_2016_2026_by_district(db):
    got = db.events(years=(2016, 2026), by=["district", "year"], complete=True)
    series = got.pivot(index="district", columns="year", values="attendees")
    on_map = [d.name_vi for d in wb.districts()]
    assert list(series.columns) == list(range(2016, 2027))
    assert (series.loc[on_map] > 0).all().all(), "every district has attendees every year, across the reform"
    # The former provinces are an area group of their own, present only from the reform on.
    assert {"Khu vực Sóc Trăng cũ", "Khu vực Hậu Giang cũ"} <= set(series.index)
    assert (series.loc["Khu vực Sóc Trăng cũ", 2016:2024] == 0).all()
    assert series.loc["Khu vực Sóc Trăng cũ", 2025] > 0
    assert list(got["district_code"].unique()[-2:]) == [93, 94]  # districts first, then the groups


def test_the_method_is_on_the_table_and_on_the_chart(db):
    got = db.events(years=(2016, 2026), by="district")
    # The rules in use, each with how many units got it: one by area, five by equal shares (Phường
    # Cái Khế has a published area; the other five none), and no rule that no unit uses.
    note = got.attrs["geography_note"]
    assert "6 xã/phường mới gồm xã/phường cũ của nhiều quận/huyện" in note
    assert "theo diện tích mỗi phần đóng góp (đề án sắp xếp, NQ 1668/NQ-UBTVQH15): 1 đơn vị" in note
    assert "chia đều cho các xã/phường cũ hợp thành (thiếu số liệu dân số, diện tích): 5 đơn vị" in note
    assert "theo dân số" not in note
    english = db.events(years=(2016, 2026), by="district", lang="en")
    note = english.attrs["geography_note"]
    assert "6 new communes/wards formed from several districts" in note
    assert "by the area each part brought in (merger scheme, Res. 1668/NQ-UBTVQH15): 1 unit;" in note
    assert (
        "equally among the former communes/wards that formed them (population and area not found): 5 units"
        in (note)
    )
    assert "population each part" not in note
    ax = wb.district_chart(got, "attendees")
    assert "Quy đổi về 9 quận/huyện năm 2019" in wb.footer(ax.figure)
    recorded = db.events(years=(2016, 2026), by="district", geography="recorded")
    assert "Theo địa bàn ghi nhận" in wb.footer(wb.district_chart(recorded, "attendees").figure)


def test_recorded_view_keeps_the_places_as_written(db, raw):
    got = db.events(years=(2025, 2026), by="district", geography="recorded")
    assert got.attrs["geography"] == "recorded"
    assert got["events"].dtype == "int64"
    assert 916 in set(got["district_code"])  # January–June 2025, still by district
    assert "Phường Cái Khế" in set(got["district"])
    expected = raw["events"][raw["events"]["year"] >= 2025].groupby("district_code").size()
    assert got.set_index("district_code")["events"].to_dict() == expected.to_dict()


@pytest.mark.parametrize(
    ("districts", "expected_areas"),
    [
        pytest.param(["Ninh Kiều"], {916}, id="district"),
        pytest.param(["Phường Cái Khế"], {916, 918}, id="unit-spread-over-two-districts"),
        pytest.param(["Khu vực Sóc Trăng cũ"], {94}, id="area-group"),
        pytest.param([916, "Phường Cái Khế"], {916, 918}, id="mixed"),
    ],
)
def test_filters_take_districts_units_and_area_groups(db, districts, expected_areas):
    got = db.events(years=(2016, 2026), districts=districts, by="district")
    assert set(got["district_code"]) == expected_areas


def test_a_unit_filter_counts_the_unit_once_whichever_view(db):
    recorded = db.events(districts="Phường Cái Khế", geography="recorded")
    harmonised = db.events(districts="Phường Cái Khế", by="district")
    assert harmonised["events"].sum() == pytest.approx(recorded["events"].iloc[0], abs=TOLERANCE)
    assert recorded["events"].iloc[0] > 0


def test_a_district_filter_takes_its_share_of_the_new_units(db):
    alone = db.events(years=(2016, 2026), districts="Ninh Kiều")
    grouped = db.events(years=(2016, 2026), by="district").set_index("district_code")
    assert alone.attrs["geography"] == "harmonised"
    assert alone["attendees"].iloc[0] == pytest.approx(grouped.loc[916, "attendees"], abs=TOLERANCE)
    assert not float(alone["events"].iloc[0]).is_integer()  # thirds of Cái Khế and An Bình


def test_victims_support_count_a_person_once_per_area(db):
    supported = db.support(years=(2025, 2026), by="district")
    victims = db.support(years=(2025, 2026))
    assert supported["victims_supported"].sum() == pytest.approx(
        victims["victims_supported"][0], abs=TOLERANCE
    )
    assert (supported["victims_supported"] <= supported["services"]).all()


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param("harmonized", "did you mean 'harmonised'", id="spelling"),
        pytest.param("'; DROP TABLE events; --", "Valid: recorded, harmonised", id="injection"),
    ],
)
def test_unknown_geography_is_a_clear_error(db, value, text):
    with pytest.raises(wb.InvalidFilterError, match=text):
        db.events(by="district", geography=value)


def test_harmonised_sql_binds_the_places_as_parameters(db):
    got = db.events(districts=["Phường Cái Khế", "Ninh Kiều"], by="district")
    assert "31120" not in got.attrs["sql"] and "916" not in got.attrs["sql"]
    assert got.attrs["params"]["districts"] == [916, 31120]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param([1.75, 0.25, 3.0], [2, 0, 3], id="thirds-and-quarters"),
        pytest.param([1 / 3, 1 / 3, 1 / 3], [1, 0, 0], id="ties-to-the-first"),
        pytest.param([2.0, 5.0], [2, 5], id="already-whole"),
        pytest.param([], [], id="empty"),
    ],
)
def test_whole_shares_keep_the_total(values, expected):
    from workbench._units import whole_shares

    assert whole_shares(values) == expected


def test_whole_counts_keep_every_year_total_and_stay_within_one(db):
    from workbench._query import whole_counts

    table = db.victims(years=(2016, 2026), by=["district", "year"], complete=True)
    whole = whole_counts(table, "victims", ["district", "year"])
    assert (whole - table["victims"]).abs().max() < 1
    by_year = db.victims(years=(2016, 2026), by="year", complete=True).set_index("year")["victims"]
    assert whole.groupby(table["year"]).sum().to_dict() == by_year.to_dict()


def test_publish_mode_protects_whole_harmonised_counts_with_the_recorded_total(db_path):
    with wb.connect(db_path, mode="publish") as published:
        table = published.victims(years=(2016, 2026), by="district")
        total = published.victims(years=(2016, 2026))
    shown = table["victims"].dropna()
    assert (shown == shown.round()).all()
    published_total = table.attrs["protected"].published().iloc[0, -1]  # the grand total column
    assert published_total == total["victims"][0]


def test_published_figures_weigh_a_unit_and_the_fallback_is_named_where_they_are_missing(db):
    # Bình Thủy gave the new Phường Cái Khế about 330 people and 1.83 km² (of its 10.04 km²): by area,
    # not the third that equal shares per former commune gave it.
    shares = db.sql(
        "SELECT district_code, share, rule FROM harmonisation WHERE place_code = 31120 ORDER BY district_code"
    )
    assert shares["district_code"].tolist() == [916, 918]
    assert shares["share"].tolist() == ["821/1004", "183/1004"]
    assert set(shares["rule"]) == {"area"}
    rules = db.sql("SELECT DISTINCT place_code, rule FROM harmonisation WHERE rule <> 'single' ORDER BY 1")
    # The units formed from several districts: one by published area, five by the stated fallback.
    assert dict(zip(rules["place_code"], rules["rule"], strict=True)) == {
        31120: "area",
        31150: "equal",
        31153: "equal",
        31157: "equal",
        31217: "equal",
        31273: "equal",
    }


def test_harmonised_totals_still_equal_recorded_totals_with_the_weighted_unit(db):
    got = db.victims(
        years=(2025, 2026), by="district", trafficking_statuses=["actual", "possible", "not_victim"]
    )
    total = db.victims(years=(2025, 2026), trafficking_statuses=["actual", "possible", "not_victim"])
    assert abs(got["victims"].sum() - total.loc[0, "victims"]) < 1e-9
    events = db.events(years=(2025, 2026), by="district")
    assert abs(events["attendees"].sum() - db.events(years=(2025, 2026)).loc[0, "attendees"]) < 1e-6


RULE_WORDS = {
    "vi": {"population": "theo dân số", "area": "theo diện tích", "equal": "chia đều"},
    "en": {"population": "by the population", "area": "by the area", "equal": "equally among"},
}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    "rules",
    [
        pytest.param(None, id="the-reference-data"),
        pytest.param({1: "single", 2: "population", 3: "population", 4: "equal"}, id="population-and-equal"),
        pytest.param({1: "area", 2: "single"}, id="area-only"),
    ],
)
def test_the_harmonised_note_states_the_rules_in_use_with_their_counts(monkeypatch, lang, rules):
    """The note names each rule some unit got, with how many units got it, and no other:
    `wb.harmonisation_rules()` decides, not a fixed sentence."""
    import re
    from collections import Counter

    from workbench import _units

    if rules is not None:
        monkeypatch.setattr(_units, "harmonisation_rules", lambda: rules)
    used = Counter(r for r in _units.harmonisation_rules().values() if r != "single")
    note = _units.geography_note("harmonised", lang)
    for rule, words in RULE_WORDS[lang].items():
        if used[rule]:
            found = re.search(re.escape(words) + r"[^;]*: (\d+) (đơn vị|units?)(;|$)", note)
            assert found and int(found.group(1)) == used[rule], (rule, note)
        else:
            assert words not in note, (rule, note)
    assert re.search(rf"\b{sum(used.values())} (xã/phường mới|new communes/wards)", note)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("years", "noted"),
    [
        pytest.param((2016, 2026), True, id="2016-2026-spans"),
        pytest.param((2025, 2025), True, id="2025-spans"),
        pytest.param((2020, 2025), True, id="2020-2025-spans"),
        pytest.param(None, True, id="all-years-spans"),
        pytest.param((2016, 2024), False, id="before"),
        pytest.param((2026, 2026), False, id="after"),
    ],
)
def test_a_period_spanning_the_merger_says_the_territory_changed(db, years, noted):
    """'Toàn thành phố' after 1 July 2025 is the merged city (with former Sóc Trăng and Hậu Giang):
    every table and figure whose period spans the date says so, in Vietnamese and in English,
    whether or not it is by place."""
    for lang, words in (
        ("vi", "Địa bàn thay đổi: từ ngày 01/07/2025 thành phố Cần Thơ gồm cả Sóc Trăng, Hậu Giang cũ"),
        (
            "en",
            "The territory changed: from 1 July 2025 Cần Thơ city includes former Sóc Trăng and Hậu Giang",
        ),
    ):
        for table in (db.events(years=years, by="year", lang=lang), db.victims(years=years, lang=lang)):
            note = table.attrs["territory_note"]
            assert (note is not None and words in note) == noted
            footer = wb.footer(
                wb.trend_chart(db.events(years=years, by="year", lang=lang), "events", lang=lang).figure
            )
            assert (words in " ".join(footer.split())) == noted


def test_a_published_table_spanning_the_merger_says_the_territory_changed(public):
    table = public.victims(years=(2016, 2026), by="year")
    assert "Địa bàn thay đổi: từ ngày 01/07/2025" in table.attrs["territory_note"]
    assert "Địa bàn thay đổi" in wb.footer(wb.trend_chart(table, "victims").figure)
    assert public.victims(years=(2016, 2020), by="year").attrs["territory_note"] is None
