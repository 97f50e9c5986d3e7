"""District names and codes as people write them, and what happens when they are wrong."""

import functools
import unicodedata

import pytest

import workbench as wb


@pytest.mark.parametrize(
    ("given", "code"),
    [
        pytest.param(916, 916, id="int-code"),
        pytest.param("916", 916, id="str-code"),
        pytest.param("Ninh Kiều", 916, id="nfc"),
        pytest.param(unicodedata.normalize("NFD", "Ninh Kiều"), 916, id="nfd"),
        pytest.param("ninh kieu", 916, id="ascii-lower"),
        pytest.param("NINH KIỀU", 916, id="upper"),
        pytest.param("Quận Ninh Kiều", 916, id="prefix-quan"),
        pytest.param("Q. Ninh Kiều", 916, id="prefix-q-dot"),
        pytest.param("Q.Ninh Kieu", 916, id="prefix-q-dot-no-space"),
        pytest.param("quan ninh kieu", 916, id="prefix-ascii"),
        pytest.param("  Ninh   Kiều ", 916, id="spaces"),
        pytest.param("Bình Thuỷ", 918, id="old-tone-mark"),
        pytest.param("Bình Thủy", 918, id="new-tone-mark"),
        pytest.param("Huyện Cờ Đỏ", 925, id="prefix-huyen-d-stroke"),
        pytest.param("H. Co Do", 925, id="prefix-h-ascii"),
        pytest.param("Ô Môn", 917, id="o-circumflex"),
        pytest.param("O MON", 917, id="o-ascii-upper"),
        pytest.param("thới lai", 927, id="lower"),
    ],
)
def test_resolves(given, code):
    assert wb.resolve_district(given).code == code


@pytest.mark.parametrize(
    ("given", "suggestion"),
    [
        pytest.param("Ninh Kieu Q", "Ninh Kiều", id="suffix"),
        pytest.param("Binh Thuy District", "Bình Thủy", id="english-suffix"),
        pytest.param("Phong Dien x", "Phong Điền", id="typo"),
        pytest.param("Ninh Kiềeu", "Ninh Kiều", id="doubled-letter"),
    ],
)
def test_unknown_names_suggest_the_closest(given, suggestion):
    with pytest.raises(wb.UnknownDistrictError) as caught:
        wb.resolve_district(given)
    message = str(caught.value)
    assert repr(given) in message
    assert f"did you mean '{suggestion}'" in message
    assert "Valid: Ninh Kiều (916)" in message and "Thới Lai (927)" in message


@pytest.mark.parametrize(
    "given",
    [
        pytest.param("'; DROP TABLE events; --", id="injection"),
        pytest.param('Ninh" OR 1=1 --', id="double-quote"),
        pytest.param("O'Mon", id="single-quote"),
        pytest.param("", id="empty"),
        pytest.param("915", id="neighbouring-code"),
        pytest.param("Sóc Trăng", id="other-province"),
        pytest.param(3.5, id="float"),
        pytest.param(None, id="none"),
        pytest.param(True, id="bool"),
    ],
)
def test_hostile_or_foreign_input_is_a_clean_error(given):
    with pytest.raises(wb.UnknownDistrictError, match="Valid: "):
        wb.resolve_district(given)


def test_error_is_also_a_value_error():
    with pytest.raises(ValueError):
        wb.resolve_district("Hà Nội")


def test_nine_districts_with_population_marked_as_estimates():
    districts = wb.districts()
    assert [d.code for d in districts] == [916, 917, 918, 919, 923, 924, 925, 926, 927]
    assert sum(d.population for d in districts) == 1_235_171  # 2019 census city total
    assert all(d.population_is_estimate and d.population_year == 2019 for d in districts)
    assert {d.kind for d in districts} == {"quan", "huyen"}


def test_reference_labels_say_which_period_the_figures_describe(db):
    # The commune counts are the 2020 - October 2024 state (83 units; Ninh Kiều 11), not 2019's.
    got = db.sql("SELECT district_code, commune_units_2020_2024, area_km2 FROM districts ORDER BY 1")
    assert got["commune_units_2020_2024"].sum() == 83
    assert got.set_index("district_code").loc[916, "commune_units_2020_2024"] == 11
    # The areas are approximate and the reference README says how far they fall short of the city.
    assert round(got["area_km2"].sum(), 1) == 1401.7
    from workbench._paths import REFERENCE_DIR

    readme = (REFERENCE_DIR / "README.md").read_text(encoding="utf-8")
    for cited in (
        "1,401.7 km²",
        "1,440 km²",
        "2021–2024",
        "Res. 202/2025/QH15",
        "1668/NQ-UBTVQH15",
        "1192/NQ-UBTVQH15",
    ):
        assert cited in readme, cited


@pytest.mark.parametrize(
    ("given", "opening", "closest"),
    [
        pytest.param(
            "916x", "Unknown district '916x'. Valid: Ninh Kiều (916)", None, id="no-match-full-stop"
        ),
        pytest.param(999, "Unknown district 999. Valid: Ninh Kiều (916)", None, id="code-full-stop"),
        pytest.param(
            "Ninh Kiều'; DROP TABLE events;--",
            'Unknown district "Ninh Kiều\'; DROP TABLE events;--". Valid: ',
            None,
            id="injection-full-stop",
        ),
        pytest.param(
            "Hau Giang",
            "Unknown district or unit 'Hau Giang' — did you mean 'Khu vực Hậu Giang cũ' (93)? Valid: ",
            "Khu vực Hậu Giang cũ",
            id="area-group-in-part-ascii",
        ),
        pytest.param(
            unicodedata.normalize("NFD", "Sóc Trăng cũ"),
            "— did you mean 'Khu vực Sóc Trăng cũ' (94)? Valid: ",
            "Khu vực Sóc Trăng cũ",
            id="area-group-in-part-nfd",
        ),
        pytest.param(
            "Cần Thơ",
            "'Cần Thơ' is the whole city, not one of its districts: leave districts out (or empty)",
            None,
            id="the-city-nfc",
        ),
        pytest.param(
            "TP Can Tho",
            "'TP Can Tho' is the whole city, not one of its districts",
            None,
            id="the-city-ascii-prefixed",
        ),
    ],
)
def test_a_filter_on_a_wrong_place_says_what_was_given_what_is_valid_and_the_closest(given, opening, closest):
    """A new analyst's typos in a filter: 'Unknown district '916x' Valid: ...' ran the value into
    the list; 'Hau Giang' was offered 'Xã Nhu Gia' and 'Can Tho' 'Xã Tân Hòa'."""
    with pytest.raises(wb.UnknownDistrictError) as caught:
        wb.Filters(districts=[given])
    message = str(caught.value)
    assert opening in message, message
    assert "Thới Lai (927)" in message
    assert caught.value.given == given and caught.value.closest == closest


@pytest.mark.parametrize(
    ("by", "closest", "said"),
    [
        pytest.param(
            "quận",
            "district",
            "Cannot group by 'quận' — did you mean 'district' (Quận/huyện)?",
            id="vi-district",
        ),
        pytest.param(
            unicodedata.normalize("NFD", "Năm"), "year", "— did you mean 'year' (Năm)?", id="vi-year-nfd"
        ),
        pytest.param(
            "distrct", "district", "Cannot group by 'distrct' — did you mean 'district'?", id="typo"
        ),
        pytest.param("zzz", None, "Cannot group by 'zzz'. Valid: district, year", id="nothing-close"),
    ],
)
def test_a_grouping_asked_for_in_its_shown_words_names_the_field(db, by, closest, said):
    with pytest.raises(wb.UnknownFieldError) as caught:
        db.events(years=(2016, 2020), by=["district", by] if by != "quận" else by, lang="en")
    assert said in str(caught.value), str(caught.value)
    assert caught.value.closest == closest and caught.value.given == by


@pytest.mark.parametrize(
    ("ask", "error", "said"),
    [
        pytest.param(
            {"by": "distrct"},
            wb.UnknownFieldError,
            "Không nhóm được theo 'distrct' — có phải ý bạn là 'district'? Hợp lệ: district, year",
            id="grouping",
        ),
        pytest.param(
            {"by": "quận"},
            wb.UnknownFieldError,
            "Không nhóm được theo 'quận' — có phải ý bạn là 'district' (Quận/huyện)?",
            id="grouping-by-its-words",
        ),
        pytest.param(
            {"yeers": (2016, 2020)},
            wb.UnknownFieldError,
            "Filters không có trường 'yeers' — có phải ý bạn là 'years'? Các trường: districts, years",
            id="filter-field",
        ),
        pytest.param(
            {"sexes": "femal"},
            wb.UnknownCodeError,
            "Không có giới tính 'femal' — có phải ý bạn là 'female' (Nữ)? Hợp lệ: female, male",
            id="code",
        ),
        pytest.param(
            {"destinations": "Cambodiaa"},
            wb.UnknownCodeError,
            "Không có nước 'Cambodiaa' — có phải ý bạn là 'KH' (Campuchia)?",
            id="country",
        ),
        pytest.param(
            {"years": (2020, 2016)},
            wb.InvalidFilterError,
            "bị ngược: năm đầu sau năm cuối. Có phải ý bạn là (2016, 2020)?",
            id="years-backwards",
        ),
    ],
)
@pytest.mark.parametrize("mode", ["internal", "publish"])
def test_a_query_refused_says_why_in_the_language_it_was_asked_in(db_path, ask, error, said, mode):
    """A Vietnamese analyst's misspelt filter was answered in English (and `yeers=` with a
    TypeError naming no field), while years outside the data were said in Vietnamese."""
    db = wb.connect(db_path, mode=mode)
    if mode == "publish" and "by" in ask:  # refused as a breakdown publish mode does not count by
        error, said, hint = wb.DisclosureError, f"không theo {ask['by']!r}", "victims by district"
    else:
        hint = "did you mean"
    with pytest.raises(error) as caught:
        db.victims(**ask)
    assert said in str(caught.value), str(caught.value)
    with pytest.raises(error) as caught:
        db.victims(**ask, lang="en")
    assert "có phải" not in str(caught.value) and hint in str(caught.value).casefold()


@pytest.mark.parametrize(
    ("kind", "ask", "field"),
    [
        pytest.param("events", {"sexes": "female"}, "sexes", id="events-by-sex"),
        pytest.param("victims", {"organisers": "Hội LHPN"}, "organisers", id="victims-by-organiser"),
        pytest.param("support", {"case_stages": "prosecuted"}, "case_stages", id="support-by-case-stage"),
    ],
)
@pytest.mark.parametrize("mode", ["internal", "publish"])
def test_a_filter_the_kind_is_not_counted_by_is_refused_not_ignored(db_path, kind, ask, field, mode):
    """`db.events(sexes="female")` counted every event, as if the events were women's: a keyword
    field that does not narrow the kind asked is refused, in the query's language, naming the fields
    that do. A Filters given whole (a panel's, shared by the kinds it shows) still counts."""
    db = wb.connect(db_path, mode=mode)
    try:
        with pytest.raises(wb.InvalidFilterError) as caught:
            db.count(kind, **ask)
        said = str(caught.value)
        assert f"Trường {field} không lọc" in said, said
        listed = said.rsplit(": ", 1)[1].rstrip(".").split(", ")  # the fields that do narrow it
        assert "years" in listed and field not in listed and caught.value.given == field, said
        with pytest.raises(wb.InvalidFilterError, match=f"The field {field} does not narrow"):
            db.count(kind, **ask, lang="en")
        shared = wb.Filters(**ask, years=(2016, 2020))
        whole = db.count(kind, shared)
        assert whole.equals(db.count(kind, years=(2016, 2020))), "a Filters given whole reads its own fields"
        empty = db.count(kind, **{field: ()}, years=(2016, 2020))
        assert empty.equals(whole), "an empty field narrows nothing"
    finally:
        db.close()


# --- names typed without diacritics: the matcher folds every name alike (`_text.fold`) ---------

NFD = functools.partial(unicodedata.normalize, "NFD")


@pytest.mark.parametrize(
    ("given", "code"),
    [
        pytest.param("Ninh Kieu", 916, id="district-ascii"),
        pytest.param(NFD("Ninh Kiều"), 916, id="district-nfd"),
        pytest.param("Khu vực Hậu Giang cũ", 93, id="area-group-nfc"),
        pytest.param("Khu vuc Hau Giang cu", 93, id="area-group-ascii"),
        pytest.param(NFD("Khu vực Hậu Giang cũ"), 93, id="area-group-nfd"),
        pytest.param("  KHU VỰC  HẬU GIANG CŨ ", 93, id="area-group-upper-spaces"),
        pytest.param("Former Hau Giang area", 93, id="area-group-english-ascii"),
        pytest.param("93", 93, id="area-group-code"),
        pytest.param("Phuong Vi Thanh", 31321, id="ward-ascii"),
        pytest.param(NFD("Phường Vị Thanh"), 31321, id="ward-nfd"),
    ],
)
def test_a_whole_name_is_taken_with_or_without_diacritics(given, code):
    assert wb.Filters(districts=[given]).districts == (code,)


@pytest.mark.parametrize(
    "given",
    [
        pytest.param("Hau Giang", id="ascii"),
        pytest.param("Hậu Giang", id="nfc"),
        pytest.param(NFD("Hậu Giang"), id="nfd"),
        pytest.param("HAU GIANG", id="upper"),
        pytest.param("  hau   giang ", id="spaces"),
        pytest.param("Hau Giang cu", id="with-cu-ascii"),
    ],
)
def test_the_former_hau_giang_written_in_part_is_suggested_not_taken(given):
    """docs/analysts.md said "Hau Giang" is matched to the former Hậu Giang area; it is suggested
    (the error's `closest`), with diacritics or without, as every name written in part is: a filter
    never counts a place it was not given the name of. The suggestion is taken back as it is."""
    with pytest.raises(wb.UnknownDistrictError) as caught:
        wb.Filters(districts=[given])
    error = caught.value
    assert error.given == given and error.closest == "Khu vực Hậu Giang cũ"
    assert f"Unknown district or unit {given!r} — did you mean 'Khu vực Hậu Giang cũ' (93)?" in str(error)
    assert wb.Filters(districts=[error.closest]).districts == (93,)


@pytest.mark.parametrize(
    ("plain", "marked"),
    [
        pytest.param("Ninh Kieu", "Ninh Kiều", id="district"),
        pytest.param("Hau Giang", "Hậu Giang", id="area-group-in-part"),
        pytest.param("Soc Trang", "Sóc Trăng", id="ward-without-prefix"),
        pytest.param("Can Tho", "Cần Thơ", id="the-city"),
        pytest.param("Phong Dienn", "Phong Điềnn", id="misspelt"),
    ],
)
def test_diacritics_never_change_the_answer(plain, marked):
    """A name typed without diacritics gets what it gets with them (and in NFD): the same place,
    or the same refusal with the same suggestion."""

    def answer(given):
        try:
            return wb.Filters(districts=[given]).districts
        except wb.UnknownDistrictError as error:
            return (type(error), error.closest, str(error).replace(repr(given), "GIVEN"))

    assert answer(plain) == answer(marked) == answer(NFD(marked))


@pytest.mark.parametrize(
    "given",
    [
        pytest.param("Hau Giang'; DROP TABLE victims; --", id="injection"),
        pytest.param('Hau Giang" OR 1=1 --', id="double-quote"),
        pytest.param("Hau\x00Giang", id="nul"),
        pytest.param("Hau\u200bGiang", id="zero-width-space"),
        pytest.param("\u202eHau Giang", id="right-to-left-override"),
        pytest.param("Hau Giang\n916", id="newline"),
        pytest.param("H" * 10_000, id="very-long"),
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("%", id="sql-wildcard"),
        pytest.param(3.5, id="float"),
        pytest.param(None, id="none"),
        pytest.param(True, id="bool"),
        pytest.param(b"Hau Giang", id="bytes"),
    ],
)
def test_hostile_place_names_are_a_clean_refusal(given):
    with pytest.raises(wb.UnknownDistrictError) as caught:
        wb.Filters(districts=[given])
    error = caught.value
    assert isinstance(error, ValueError) and error.given == given
    assert "Valid: " in str(error) and "Ninh Kiều (916)" in str(error)
