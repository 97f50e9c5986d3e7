"""What a reader sees of a table: words in the language asked for, counts as whole numbers written
the language's way (54.131 / 54,131), never a count written `108.0`."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import workbench as wb

VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", re.IGNORECASE)
DISTRICT_NAMES = {d.name_vi for d in wb.districts()}
WHOLE = {"vi": re.compile(r"^\d{1,3}(\.\d{3})*$"), "en": re.compile(r"^\d{1,3}(,\d{3})*$")}

REVIEW = {
    "vi": [
        ("Buổi tuyên truyền lồng ghép (Sở LĐ-TB&XH)", "1.134"),
        ("Lượt người tham dự", "54.131"),
        ("Buổi truyền thông cộng đồng (Đội CTXH tình nguyện)", "124"),
        ("Lượt người tham dự", "4.185"),
        ("Tờ rơi đã phát", "41.250"),
        ("Nạn nhân trở về được xác định, hỗ trợ", "35"),
    ],
    "en": [
        ("Integrated awareness sessions (Dept. of Labour, Invalids and Social Affairs)", "1,134"),
        ("Attendees", "54,131"),
        ("Community communication sessions (volunteer social-work teams)", "124"),
        ("Attendees", "4,185"),
        ("Leaflets handed out", "41,250"),
        ("Returned victims identified and supported", "35"),
    ],
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_review_totals_in_each_language(db, lang):
    table = wb.review_totals(db, lang=lang)
    assert list(table.columns) == {"vi": ["Chỉ tiêu", "Số lượng"], "en": ["Figure", "Value"]}[lang]
    assert [tuple(row) for row in table.itertuples(index=False)] == REVIEW[lang]


def test_the_review_totals_in_english_have_no_vietnamese_word(db):
    table = wb.review_totals(db, lang="en")
    shown = " ".join([*table.columns, *table.to_numpy().ravel().tolist()])
    assert not VIETNAMESE.search(shown), shown


SHOWN = [
    pytest.param(
        lambda db, lang: db.events(years=(2016, 2020), by="district", lang=lang), id="events-district"
    ),
    pytest.param(lambda db, lang: db.events(by="district", lang=lang), id="harmonised-after-reform"),
    pytest.param(lambda db, lang: db.events(by=["year", "organiser"], lang=lang), id="events-year-organiser"),
    pytest.param(lambda db, lang: db.victims(by="district", complete=True, lang=lang), id="victims-district"),
    pytest.param(lambda db, lang: db.victims(by=["year", "sex"], lang=lang), id="victims-year-sex"),
    pytest.param(lambda db, lang: db.support(by="support_type", lang=lang), id="support-type"),
]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("query", SHOWN)
def test_a_table_shown_has_whole_counts_and_words_in_its_language(db, query, lang):
    frame = query(db, lang)
    shown = wb.table_display(frame, lang=lang)
    measures = [c for c in frame.columns if c in ("events", "attendees", "leaflets", "victims", "services")]
    assert measures
    for column in shown.columns:
        values = shown[column].tolist()
        if column in ("Năm", "Year"):
            assert all(re.fullmatch(r"20\d\d", v) for v in values), values  # never '2.016'
        elif column in ("Quận/huyện", "District"):
            assert set(values) <= DISTRICT_NAMES | {"Khu vực Hậu Giang cũ", "Khu vực Sóc Trăng cũ"} | {
                "Former Hậu Giang area",
                "Former Sóc Trăng area",
            }
        elif all(WHOLE[lang].match(v) for v in values):
            pass
        else:
            assert not any(re.search(r"\d", v) for v in values), f"{column}: {values}"
    counts = [c for c in shown.columns if all(WHOLE[lang].match(v) for v in shown[c])]
    assert len(counts) >= len(measures)
    if lang == "en":  # every heading and label in English; place names stay as they are written
        for column in shown.columns:
            assert not VIETNAMESE.search(column), column
            if column != "District":
                assert not any(VIETNAMESE.search(v) for v in shown[column]), shown[column].tolist()


def test_a_harmonised_share_is_rounded_to_a_whole_count_not_cut(db):
    frame = db.events(by="district")  # after the reform: shares of the 2025 units
    assert frame["attendees"].dtype == "float64"
    fractional = frame[frame["attendees"] % 1 != 0]
    assert len(fractional), "the sample's harmonised counts have fractions"
    shown = wb.table_display(frame, lang="en")
    row = fractional.index[0]
    assert shown.loc[row, "Attendees"] == wb.format_number(round(frame.loc[row, "attendees"]), lang="en")


@pytest.mark.slow
def test_a_withheld_count_shows_as_released(public):
    frame = public.victims(by="district", years=(2016, 2020))
    shown = wb.table_display(frame, lang="vi")
    assert shown["Số nạn nhân được xác định"].tolist() == frame["victims_display"].tolist()
    assert "<5" in shown["Số nạn nhân được xác định"].tolist()
    assert not [c for c in shown.columns if c.endswith(("_status", "_display", "_code"))]


@pytest.mark.parametrize(
    ("query", "dtypes"),
    [
        pytest.param(
            lambda db: db.events(years=(2016, 2020), by="district"),
            {"events": "int64", "attendees": "int64", "leaflets": "int64"},
            id="harmonised-before-the-reform",
        ),
        pytest.param(
            lambda db: db.events(years=2024, districts="Ninh Kiều", by="organiser"),
            {"events": "int64", "attendees": "int64"},
            id="a-district-filter",
        ),
        pytest.param(
            lambda db: db.victims(years=(2016, 2020), by="district", complete=True),
            {"victims": "int64"},
            id="victims-by-district",
        ),
        pytest.param(
            lambda db: db.sql(
                "SELECT year, count(*) AS n, sum(attendees) AS attendees FROM events GROUP BY 1"
            ),
            {"n": "int64", "attendees": "int64"},
            id="sql-sum",
        ),
        pytest.param(
            lambda db: db.sql("SELECT sum(attendees) AS attendees FROM events WHERE year = $y", y=1900),
            {"attendees": "Int64"},
            id="sql-sum-over-nothing",
        ),
        pytest.param(
            lambda db: db.sql("SELECT avg(attendees) AS mean FROM events"),
            {"mean": "float64"},
            id="sql-mean-stays-fractional",
        ),
    ],
)
def test_whole_counts_are_held_as_whole_numbers(db, query, dtypes):
    frame = query(db)
    assert {name: str(frame[name].dtype) for name in dtypes} == dtypes
    assert "108.0" not in frame.to_string() and not re.search(r"\b\d+\.0\b", frame.to_string())


def test_a_sql_count_shows_as_108_not_108_0(db):
    frame = db.sql(
        "SELECT year, count(*) AS events, sum(attendees) AS attendees FROM events "
        "WHERE district_code = 916 AND year = 2016 GROUP BY year"
    )
    text = frame.to_string()
    assert re.search(r"2016\s+108\s+5210", text), text
    shown = wb.table_display(frame, lang="vi")
    assert shown.iloc[0].tolist() == ["2016", "108", "5.210"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        pytest.param("vi", "Dữ liệu: sample-2026.11 (mô phỏng), trích xuất ngày 28/11/2026", id="vi"),
        pytest.param("en", "Data: sample-2026.11 (synthetic), extracted 28 November 2026", id="en"),
    ],
)
def test_the_data_note(db, lang, expected):
    assert wb.data_note(db.metadata, lang) == expected


def test_an_empty_table_shows_empty(db):
    frame = db.events(years=2021, organisers="school", event_types="leaflet_drive", by="district")
    shown = wb.table_display(frame.iloc[0:0], lang="en")
    assert len(shown) == 0 and isinstance(shown, pd.DataFrame)
