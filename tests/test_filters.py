"""Every filter and grouping checked against the same answer computed with plain pandas.

Places are compared as recorded (`geography="recorded"`): the raw files' district_code column is
the recorded place there (see conftest); the harmonised view has tests of its own.
"""

import dataclasses

import numpy as np
import pandas as pd
import pytest

import workbench as wb

EVENT_CASES = [
    pytest.param({}, (), id="all"),
    pytest.param({"districts": ["Ninh Kiều", "co do"]}, ("district",), id="districts"),
    pytest.param({"years": (2018, 2019)}, ("year",), id="years"),
    pytest.param({"years": 2020}, ("month",), id="one-year-by-month"),
    pytest.param({"organisers": ["womens_union", "police"]}, ("organiser",), id="organisers"),
    pytest.param({"event_types": ["rally"]}, ("district", "year"), id="event-types"),
    pytest.param({"topics": ["online_scams", "unknown"]}, ("topic", "year"), id="topics"),
    pytest.param(
        {"districts": [919], "years": (2016, 2020), "organisers": ["dolisa"]},
        ("event_type", "month"),
        id="combined",
    ),
]
VICTIM_CASES = [
    pytest.param({}, (), id="all"),
    pytest.param({"districts": ["Thới Lai", "Vĩnh Thạnh"]}, ("district",), id="districts"),
    pytest.param({"years": (2022, 2024)}, ("year", "sex"), id="years"),
    pytest.param({"sexes": ["male"]}, ("age_band",), id="sexes"),
    pytest.param({"age_bands": ["9-17", "unknown"]}, ("minor_status",), id="age-bands"),
    pytest.param({"destinations": ["CN"]}, ("exploitation",), id="destinations"),
    pytest.param({"exploitation_forms": ["illicit_activities"]}, ("destination",), id="exploitation"),
    pytest.param(
        {"reception_channels": ["ransom_release", "rescue"]}, ("reception_channel",), id="reception-channels"
    ),
    pytest.param({"trafficking_statuses": ["possible"]}, ("year",), id="trafficking-status"),
    pytest.param({}, ("trafficking_status",), id="by-trafficking-status"),
    pytest.param({}, ("means_of_control",), id="by-means-of-control"),
    pytest.param({"years": (2016, 2020)}, ("recruitment", "recruiter_relation"), id="recruitment"),
]
SUPPORT_CASES = [
    pytest.param({}, ("support_type",), id="by-type"),
    pytest.param({"support_types": ["loan"], "years": (2016, 2018)}, ("provider",), id="types-years"),
    pytest.param({"sexes": ["female"], "districts": [925, 927]}, ("district", "year"), id="victim-fields"),
]


def _narrow(frame: pd.DataFrame, filters: wb.Filters, columns: dict[str, str]) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    for field, column in columns.items():
        value = getattr(filters, field)
        if not value:
            continue
        if field == "years":
            keep &= frame[column].between(*value)
        elif field == "exploitation_forms":
            keep &= frame[column].apply(lambda forms, v=value: bool(set(forms) & set(v)))
        else:
            keep &= frame[column].isin(value)
    return frame[keep]


def _compare(got: pd.DataFrame, expected: pd.DataFrame, by, measures):
    by = list(by)
    if "district_code" in got:  # compare codes; the names are checked elsewhere
        got = got.drop(columns="district").rename(columns={"district_code": "district"})
    if not by:
        assert got[measures].iloc[0].tolist() == expected[measures].iloc[0].tolist()
        return
    got = got.set_index(by)[measures].sort_index()
    expected = expected.set_index(by)[measures].sort_index()
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


VICTIM_COLUMNS = {
    "districts": "district_code",
    "years": "year",
    "sexes": "sex",
    "age_bands": "age_band",
    "exploitation_forms": "exploitation",
    "destinations": "destination",
    "reception_channels": "reception_channel",
    "trafficking_statuses": "trafficking_status",
}


@pytest.mark.parametrize(("fields", "by"), EVENT_CASES)
def test_events(db, raw, fields, by):
    filters = wb.Filters(**fields)
    rows = _narrow(
        raw["events"],
        filters,
        {
            "districts": "district_code",
            "years": "year",
            "organisers": "organiser",
            "event_types": "event_type",
            "topics": "topic",
        },
    ).rename(columns={"district_code": "district"})
    grouped = rows.groupby(list(by)) if by else rows.groupby(lambda _: 0)
    expected = grouped.agg(
        events=("event_id", "size"), attendees=("attendees", "sum"), leaflets=("leaflets", "sum")
    ).reset_index()
    got = db.events(filters, by=by, geography="recorded")
    _compare(got, expected, by, ["events", "attendees", "leaflets"])


@pytest.mark.parametrize(("fields", "by"), VICTIM_CASES)
def test_victims(db, raw, fields, by):
    filters = wb.Filters(**fields)
    rows = _narrow(raw["victims"], filters, VICTIM_COLUMNS)
    if not filters.trafficking_statuses and "trafficking_status" not in by:
        rows = rows[rows["trafficking_status"] == "actual"]  # Law 53/2024: identified victims by default
    for multi in ("exploitation", "means_of_control"):
        if multi in by:
            rows = rows.explode(multi)
    rows = rows.rename(columns={"district_code": "district"})
    grouped = rows.groupby(list(by)) if by else rows.groupby(lambda _: 0)
    expected = grouped.agg(victims=("victim_id", "nunique")).reset_index()
    _compare(db.victims(filters, by=by, geography="recorded"), expected, by, ["victims"])


@pytest.mark.parametrize(("fields", "by"), SUPPORT_CASES)
def test_support(db, raw, fields, by):
    filters = wb.Filters(**fields)
    victims = raw["victims"].drop(columns=["year", "month"])
    rows = raw["support"].merge(victims, on="victim_id")
    victim_filters = dataclasses.replace(filters, years=None)  # years are service years here
    rows = _narrow(rows, victim_filters, {**VICTIM_COLUMNS, "support_types": "support_type"})
    if not filters.trafficking_statuses:  # support: victims and people being identified (art. 37)
        rows = rows[rows["trafficking_status"].isin(["actual", "possible"])]
    rows = _narrow(rows, filters, {"years": "year"}).rename(columns={"district_code": "district"})
    grouped = rows.groupby(list(by)) if by else rows.groupby(lambda _: 0)
    expected = grouped.agg(
        services=("service_id", "size"), victims_supported=("victim_id", "nunique")
    ).reset_index()
    got = db.support(filters, by=by, geography="recorded")
    _compare(got, expected, by, ["services", "victims_supported"])


def test_results_carry_names_labels_and_their_sql(db):
    got = db.events(years=2019, by=["district", "organiser"])
    assert {"district_code", "district", "organiser", "organiser_label"} <= set(got.columns)
    assert "Ninh Kiều" in set(got["district"])
    assert "Hội LHPN thành phố" in set(got["organiser_label"])
    assert "$years_from" in got.attrs["sql"] and got.attrs["params"]["years_from"] == 2019
    english = db.events(years=2019, by="organiser", lang="en")
    assert "City Women's Union" in set(english["organiser_label"])


def test_complete_fills_empty_cells_with_zero(db):
    got = db.victims(years=(2016, 2020), by=["district", "year"], complete=True)
    assert len(got) == 9 * 5
    assert got["victims"].sum() == 35
    assert (got["victims"] == 0).any()


@pytest.mark.parametrize(
    ("kind", "by", "cells"),
    [
        pytest.param("events", "district", 9, id="district"),
        pytest.param("events", "month", 12, id="month"),
        pytest.param("victims", "sex", 4, id="coded"),
        pytest.param("events", ["year", "month"], 5 * 12, id="two-levels"),
    ],
)
def test_complete_keeps_every_count_and_adds_the_empty_cells(db, kind, by, cells):
    query = getattr(db, kind)
    sparse = query(years=(2016, 2020), by=by)
    full = query(years=(2016, 2020), by=by, complete=True)
    assert len(full) == cells
    assert full[kind].sum() == sparse[kind].sum() > 0


def test_labels_are_accepted_as_filter_values():
    assert wb.Filters(organisers="Hội LHPN thành phố").organisers == ("womens_union",)
    assert wb.Filters(sexes=["Female"]).sexes == ("female",)


NFD = "NFD"


def _nfd(text: str) -> str:
    import unicodedata

    return unicodedata.normalize(NFD, text)


@pytest.mark.parametrize(
    ("given", "code"),
    [
        pytest.param("Hội LHPN", "womens_union", id="old-label"),
        pytest.param("Hội LHPN thành phố", "womens_union", id="label"),
        pytest.param("City Women's Union", "womens_union", id="english-label"),
        pytest.param("womens_union", "womens_union", id="code"),
        pytest.param(_nfd("Hội LHPN"), "womens_union", id="old-label-nfd"),
        pytest.param("  Hội\u00a0  LHPN ", "womens_union", id="extra-spaces"),
        pytest.param('"Hội LHPN"', "womens_union", id="quoted"),
        pytest.param("hoi lien hiep phu nu", "womens_union", id="no-diacritics"),
        pytest.param("Công an", "police", id="old-police-label"),
        pytest.param("Sở LĐTBXH", "dolisa", id="abbreviation"),
        # a review was offered the Department of Home Affairs for this one
        pytest.param("Department of Labour", "dolisa", id="english-spelt-out-short"),
        pytest.param("Department of Labour, Invalids and Social Affairs", "dolisa", id="english-spelt-out"),
        pytest.param("department of health", "doh_social", id="english-spelt-out-lower"),
        pytest.param("Department of Home Affairs", "moha_dept", id="english-home-affairs"),
    ],
)
def test_filters_read_an_organiser_as_the_importer_reads_it(given, code):
    """Notebooks written with the Women's Union's old label ('Hội LHPN', before it named the level)
    keep working: Filters reads a value with the importer's reading (one function, _codewords)."""
    from workbench._importer.values import parse_code

    assert wb.Filters(organisers=given).organisers == (code,)
    assert parse_code("organiser", given) == code


def test_every_word_the_importer_reads_as_a_code_filters_read_as_the_same_code():
    from workbench._codes import CODESETS
    from workbench._codewords import SYNONYMS
    from workbench._filters import _CODED_FIELDS
    from workbench._importer.values import parse_code

    for name, codeset in _CODED_FIELDS.items():
        words = [
            *SYNONYMS.get(codeset, {}),
            *(e.vi for e in CODESETS[codeset]),
            *(e.en for e in CODESETS[codeset]),
        ]
        for word in words:
            assert getattr(wb.Filters(**{name: word}), name) == (parse_code(codeset, word),), (name, word)


def test_a_query_by_the_old_label_counts_what_the_code_counts(db):
    old = db.events(years=(2016, 2020), organisers="Hội LHPN", by="year")
    assert old["events"].sum() > 0
    pd.testing.assert_frame_equal(
        old.drop(columns=[c for c in old.columns if c not in ("year", "events")]),
        db.events(years=(2016, 2020), organisers="womens_union", by="year")[["year", "events"]],
    )
    assert old.attrs["filters"].organisers == ("womens_union",)


@pytest.mark.parametrize(
    ("given", "closest"),
    [
        pytest.param("Hội LHPM thành phố", "womens_union", id="typo"),
        pytest.param(_nfd("Hội LHPM"), "womens_union", id="typo-nfd"),
        pytest.param("Hội LHPN'; DROP TABLE events; --", "district_womens_union", id="injection-after-name"),
        pytest.param("' OR 1=1 --", None, id="injection"),
        pytest.param('"Hội LHPN" OR 1=1', "womens_union", id="quotes-and-more"),
        # the importer reads a body named with its district (with a note); a filter names the body
        pytest.param("Hội LHPN quận Ninh Kiều", "district_womens_union", id="body-with-its-place"),
        pytest.param("", None, id="empty"),
    ],
)
def test_an_organiser_no_word_names_is_refused_naming_it_the_valid_codes_and_the_closest(given, closest):
    from workbench._codes import label

    with pytest.raises(wb.UnknownCodeError) as refused:
        wb.Filters(organisers=given)
    error = refused.value
    assert error.given == given and error.closest == closest
    assert f"Unknown organiser {given!r}" in str(error)
    assert "Valid: dolisa, volunteer_sw_team, womens_union" in str(error)
    if closest is not None:
        # each half with its own language's label
        assert f"có phải ý bạn là '{closest}' ({label('organiser', closest)})?" in str(error)
        assert f"did you mean '{closest}' ({label('organiser', closest, 'en')})?" in str(error)
    else:
        assert "did you mean" not in str(error)


@pytest.mark.parametrize(
    ("fields", "error", "text"),
    [
        pytest.param({"sexes": ["femal"]}, wb.UnknownCodeError, "did you mean 'female'", id="typo"),
        pytest.param({"organisers": ["' OR 1=1 --"]}, wb.UnknownCodeError, "Valid: dolisa", id="injection"),
        pytest.param({"years": (2020, 2016)}, wb.InvalidFilterError, "backwards", id="reversed-years"),
        pytest.param({"years": "recent"}, wb.InvalidFilterError, "read years 'recent'", id="bad-years"),
        pytest.param({"years": "2016-20"}, wb.InvalidFilterError, "or '2016-2020'", id="years-cut-short"),
        pytest.param({"years": [2016, 2018, 2020]}, wb.InvalidFilterError, "list of years", id="three-years"),
        # read as 2016-2018 where an analyst meant the two years: 1,356 events, not 903
        pytest.param({"years": [2016, 2018]}, wb.InvalidFilterError, r"pair \(2016, 2018\)", id="two-years"),
        pytest.param({"years": {2018, 2016}}, wb.InvalidFilterError, r"by=\"year\"", id="a-set-of-years"),
        # each read as 2017-2023 or 2016-2020 where the years apart were meant
        pytest.param(
            {"years": np.array([2017, 2023])}, wb.InvalidFilterError, r"=\[2017, 2023\]", id="array"
        ),
        pytest.param(
            {"years": pd.Series([2017, 2023])}, wb.InvalidFilterError, r"\(2017, 2023\)", id="series"
        ),
        pytest.param(
            {"years": range(2016, 2021, 2)}, wb.InvalidFilterError, "list of years", id="range-step"
        ),
        pytest.param({"years": {2016: 0, 2020: 0}.keys()}, wb.InvalidFilterError, "list of years", id="keys"),
        pytest.param(
            {"years": range(2020, 2015, -1)}, wb.InvalidFilterError, "list of years", id="range-down"
        ),
        pytest.param({"years": (2016.5, 2020)}, wb.InvalidFilterError, "Cannot read", id="half-a-year"),
        pytest.param(
            {"districts": ["Ninh Kieu Q"]}, wb.UnknownDistrictError, "did you mean 'Ninh Kiều'", id="district"
        ),
    ],
)
def test_bad_filter_values(fields, error, text):
    with pytest.raises(error, match=text):
        wb.Filters(**fields)


@pytest.mark.parametrize(
    ("typed", "years"),
    [
        pytest.param("2016-2020", (2016, 2020), id="hyphen"),
        pytest.param("2016–2020", (2016, 2020), id="en-dash-as-footers-write-it"),
        pytest.param(" 2016 - 2020 ", (2016, 2020), id="spaced"),
        pytest.param("2019", (2019, 2019), id="one-year"),
    ],
)
def test_years_typed_as_text_read_as_the_range_they_say(typed, years):
    """An analyst types `years="2016-2020"` (as a footer writes it): it was refused, in English."""
    assert wb.Filters(years=typed).years == years


def test_years_that_are_no_range_are_refused_in_the_query_language(db):
    with pytest.raises(wb.InvalidFilterError, match=r"Không đọc được năm '2016 đến 2020'.*'2016-2020'"):
        db.victims(years="2016 đến 2020")


def test_filters_are_frozen_and_replace_rejects_unknown_fields():
    filters = wb.Filters(years=(2016, 2020))
    with pytest.raises(dataclasses.FrozenInstanceError):
        filters.years = (2017, 2017)
    assert filters.replace(districts=["Cái Răng"]).districts == (919,)
    with pytest.raises(wb.UnknownFieldError, match="did you mean 'districts'"):
        filters.replace(district=["Cái Răng"])


def test_unknown_grouping_names_the_valid_ones(db):
    with pytest.raises(wb.UnknownFieldError, match=r"did you mean 'district'.*Valid: district, year"):
        db.events(by="distrct", lang="en")
    with pytest.raises(wb.UnknownFieldError, match=r"có phải ý bạn là 'district'.*Hợp lệ: district, year"):
        db.events(by="distrct")


def test_copies_of_filters_are_the_filters_themselves():
    import copy

    chosen = wb.Filters(districts=("Ninh Kiều",), years=(2016, 2020))
    assert copy.copy(chosen) is chosen
    assert copy.deepcopy({"filters": chosen})["filters"] is chosen


@pytest.mark.parametrize("given", ["Ninh Kiều, Cờ Đỏ", "Ninh Kiều;Cờ Đỏ", "916, Cờ Đỏ"])
def test_several_places_in_one_text_are_told_to_be_given_one_by_one(given):
    """DISTRICTS = "Ninh Kiều, Cờ Đỏ" was answered "did you mean 'Ninh Kiều'?": following it
    dropped Cờ Đỏ without a word."""
    with pytest.raises(wb.UnknownDistrictError, match="several places in one text") as refused:
        wb.Filters(districts=[given])
    assert len(refused.value.closest) == 2
    assert wb.Filters(districts=list(refused.value.closest)).districts == (916, 925)


@pytest.mark.parametrize(
    "build", [lambda: wb.Filters(yeers=(2016, 2020)), lambda: wb.Filters().replace(yeers=1)]
)
def test_a_misspelt_field_is_named_with_the_closest(build):
    # wb.Filters(yeers=...) was a TypeError naming no field
    with pytest.raises(wb.UnknownFieldError, match=r"Filters has no field 'yeers' — did you mean 'years'\?"):
        build()


@pytest.mark.parametrize(
    ("fields", "vietnamese", "english"),
    [
        pytest.param(
            {"districts": ["Ninh Kieu x"]}, "Không có quận/huyện", "Unknown district", id="district"
        ),
        pytest.param({"years": (2020, 2016)}, "bị ngược", "run backwards", id="years-backwards"),
        pytest.param(
            {"organisers": "dolisaa"}, "Không có đơn vị tổ chức", "Unknown organiser", id="organiser"
        ),
        pytest.param({"yeers": (2016, 2020)}, "không có trường", "has no field", id="misspelt-field"),
    ],
)
def test_a_selection_made_on_its_own_is_refused_in_vietnamese_first_then_english(fields, vietnamese, english):
    """`wb.Filters(...)` has no language of its own: it says what is wrong in Vietnamese, which the
    analysts read first, then in English; a query helper given the same says it in its `lang`."""
    with pytest.raises(wb.WorkbenchError) as refused:
        wb.Filters(**fields)
    message = str(refused.value)
    assert vietnamese in message and english in message
    assert message.index(vietnamese) < message.index(" / ") < message.index(english)
