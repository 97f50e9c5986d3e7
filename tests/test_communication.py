"""Online and media communication: the 2021 figure from the public API, counts by organiser and
month, organisers' validity periods, never counted as events, importing, briefing and dashboard."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import workbench as wb
from workbench._brief import STANDARD_FIGURES, briefing_figures
from workbench._codes import body_problem
from workbench._paths import DATA_DIR

SAMPLE = DATA_DIR / "sample"


@pytest.fixture(scope="module")
def items() -> pd.DataFrame:
    frame = pd.read_csv(SAMPLE / "communication.csv", parse_dates=["item_date"])
    frame["year"] = frame["item_date"].dt.year
    frame["month"] = frame["item_date"].dt.month
    return frame


def test_12690_online_posts_and_shares_in_2021(db):
    # Cần Thơ counted 12,690 online posts and shares on trafficking in 2021.
    got = db.count("communication", years=2021, media=["social_post", "share"])
    assert got.loc[0, "items"] == 12_690
    by_medium = db.count("communication", years=2021, by="medium")
    online = by_medium[by_medium["medium"].isin(["social_post", "share"])]
    assert online["items"].sum() == 12_690
    assert by_medium["items"].sum() > 12_690  # broadcasts and articles beside them


def test_the_2021_figure_holds_in_publish_mode_too(db_path):
    with wb.connect(db_path, mode="publish", build=False) as published:
        got = published.count("communication", years=2021, media=["social_post", "share"])
    assert got.loc[0, "items"] == 12_690
    assert got.attrs["mode"] == "publish"


@pytest.mark.parametrize(
    ("filters", "by"),
    [
        pytest.param({"years": 2021}, ["month"], id="2021-by-month"),
        pytest.param({"years": (2016, 2020)}, ["year", "organiser"], id="review-period-by-organiser"),
        pytest.param({"years": 2023, "media": "broadcast"}, ["organiser"], id="broadcasts-2023"),
        pytest.param({"years": 2025, "organisers": "doh_social"}, ["month", "medium"], id="after-march-2025"),
        pytest.param({"years": (2016, 2026)}, ["year"], id="every-year"),
    ],
)
def test_items_and_reach_are_those_in_the_file(db, items, filters, by):
    got = db.count("communication", by=by, **filters)
    years = filters["years"] if isinstance(filters["years"], tuple) else (filters["years"],) * 2
    rows = items[items["year"].between(*years)]
    for field, column in (("media", "medium"), ("organisers", "organiser")):
        if field in filters:
            rows = rows[rows[column] == filters[field]]
    expected = rows.groupby(by)[["items", "reach"]].sum()
    shown = got.set_index(by)[["items", "reach"]]
    shown = shown[shown["items"] > 0]
    assert len(rows) > 0
    assert shown.to_dict() == expected.astype("int64").to_dict()


def test_every_year_2016_to_2026_has_items(db):
    by_year = db.count("communication", by="year")
    assert list(by_year["year"]) == list(range(2016, 2027))
    assert (by_year["items"] > 0).all()


def test_no_item_names_an_organiser_outside_its_period(items):
    problems = [
        (row.item_id, row.organiser, body_problem("organiser", row.organiser, row.item_date.date()))
        for row in items.itertuples()
    ]
    assert [p for p in problems if p[2] is not None] == []
    # The department's work passed to the Department of Health on 1 March 2025.
    after = items[items["item_date"] >= pd.Timestamp(dt.date(2025, 3, 1))]
    assert "dolisa" not in set(after["organiser"]) and "doh_social" in set(after["organiser"])


def test_communication_is_never_counted_as_events(db, raw):
    events = db.events()
    assert events.loc[0, "events"] == len(raw["events"])
    assert "items" not in events.columns
    with pytest.raises(wb.UnknownFieldError):
        db.events(by="medium")


def test_the_briefing_set_shows_it_beside_the_events_under_its_own_measure(db):
    names = [spec.name for spec in STANDARD_FIGURES]
    assert "15_communication_by_medium" in names
    made = dict(
        (name, (ax, frames)) for name, ax, frames in briefing_figures(db, wb.Filters(years=(2019, 2023)))
    )
    ax, frames = made["15_communication_by_medium"]
    assert frames[0].attrs["kind"] == "communication"
    assert ax.get_title().startswith("Truyền thông trên mạng và báo chí (không tính là hoạt động)")
    assert ax.get_ylabel() == "Tin, bài, lượt chia sẻ, lượt phát"
    events_ax, _ = made["01_events_by_year"]
    assert "Tin, bài" not in events_ax.get_ylabel()


GOOD = (
    "Ngày đăng,Quận/Huyện,Xã/Phường,Đơn vị tổ chức,Hình thức truyền thông,Số tin bài,Lượt tiếp cận\n"
    "31/03/2024,Ninh Kiều,,Công an,Bài đăng trang web, mạng xã hội,25,3.000\n"
    "31/03/2024,Ninh Kiều,,Hội LHPN,share,40,\n"
    "15/08/2025,,Phường Ninh Kiều,doh_social,broadcast,1,12.000\n"
)


@pytest.mark.slow
def test_a_good_file_is_imported(fresh, key_file, tmp_path):
    path = tmp_path / "truyen_thong_2024.csv"
    path.write_text(
        GOOD.replace("Bài đăng trang web, mạng xã hội", '"Bài đăng trang web, mạng xã hội"'), "utf-8"
    )
    result = wb.import_files(path, db=fresh, kind="communication", progress=False, lang="en")
    assert result.ok, str(result)
    rows = wb.connect(fresh).sql(
        "SELECT CAST(item_date AS VARCHAR) d, place_code, organiser, medium, items, reach FROM communication "
        "WHERE item_id NOT LIKE 'CM-20%' ORDER BY d, organiser"
    )
    rows = rows.astype(object).where(rows.notna(), None)
    assert [tuple(r) for r in rows.itertuples(index=False)] == [
        ("2024-03-31", 916, "police", "social_post", 25, 3000),
        ("2024-03-31", 916, "womens_union", "share", 40, None),
        ("2025-08-15", 31135, "doh_social", "broadcast", 1, 12000),
    ]


HEAD = "Ngày đăng,Quận/Huyện,Đơn vị tổ chức,Hình thức truyền thông,Số tin bài,Lượt tiếp cận\n"
BAD = [
    pytest.param("15/05/2025,Ninh Kiều,dolisa,share,10,", 2, "Đơn vị tổ chức", "dolisa",
                 "ended on 28 February 2025", id="organiser-ended"),
    pytest.param("15/05/2024,Ninh Kiều,police,podcast,10,", 2, "Hình thức truyền thông", "podcast",
                 "unknown medium", id="unknown-medium"),
    pytest.param("15/05/2024,Ninh Kiều,police,share,mười,", 2, "Số tin bài", "mười", "not a number",
                 id="items-not-a-number"),
    pytest.param("15/05/2024,Ninh Kiều,police,share,,", 2, "Số tin bài", "", "", id="items-empty"),
    pytest.param("15/05/2024,Ninh Kiều,police,share,10,-5", 2, "Lượt tiếp cận", "-5", "",
                 id="negative-reach"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "row", "column", "value", "problem"), BAD)
def test_a_bad_file_names_file_row_column_and_value(
    db_path, key_file, tmp_path, line, row, column, value, problem
):
    path = tmp_path / "truyen_thong_q2.csv"
    path.write_text(HEAD + line + "\n", encoding="utf-8")
    result = wb.import_files(
        path, db=db_path, kind="communication", check_only=True, progress=False, lang="en"
    )
    assert not result.ok
    errors = result.errors
    assert len(errors) == 1, errors.to_string()
    error = errors.iloc[0]
    assert (error["file"], error["row"], error["column"], error["value"]) == (path.name, row, column, value)
    assert problem in f"{error['problem']} {error['suggestion']}"


@pytest.mark.slow
@pytest.mark.parametrize(
    "hostile",
    ["'; DROP TABLE store.communication; --", '=cmd|" /C calc"!A0', "police' OR '1'='1"],
    ids=["sql", "formula", "quote"],
)
def test_hostile_cells_are_only_data(fresh, key_file, tmp_path, hostile):
    path = tmp_path / "hostile.csv"
    quoted = '"' + hostile.replace('"', '""') + '"'
    path.write_text(HEAD + f"15/05/2024,Ninh Kiều,{quoted},share,10,\n", encoding="utf-8")
    before = wb.connect(fresh).sql("SELECT count(*) AS n FROM communication")["n"][0]
    result = wb.import_files(path, db=fresh, kind="communication", progress=False, lang="en")
    assert not result.ok
    assert result.errors["value"].tolist() == [hostile]
    assert wb.connect(fresh).sql("SELECT count(*) AS n FROM communication")["n"][0] == before


@pytest.mark.slow
def test_the_dashboard_has_a_communication_tab_whose_totals_are_the_api(db, tmp_path):
    query = "tab=communication&m.years=2021-2021&m.media=share,social_post"
    board = wb.dashboard(db, export_dir=tmp_path).open_address(query)
    totals = board.totals["communication"].widget.value
    assert 'data-measure="items">12.690</b>' in totals
    assert board.query == query
