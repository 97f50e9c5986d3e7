"""Hotline contacts: counts by month and topic from the public API, what publish mode withholds,
what a contact may hold (no identifier), importing agency files, and the dashboard's tab."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import workbench as wb
from workbench import _generate, _generate_contacts
from workbench._cli import main
from workbench._paths import DATA_DIR
from workbench._schema import HOTLINE

SAMPLE = DATA_DIR / "sample" / "hotline.csv"


@pytest.fixture(scope="module")
def contacts() -> pd.DataFrame:
    """The sample file read with pandas: the independent side of each comparison."""
    frame = pd.read_csv(SAMPLE, parse_dates=["contact_date"], dtype={"line": str})
    frame["year"] = frame["contact_date"].dt.year
    frame["month"] = frame["contact_date"].dt.month
    frame["place"] = frame["district_code"].fillna(frame["unit_code"]).astype("int64")
    return frame


@pytest.mark.parametrize(
    ("filters", "by"),
    [
        pytest.param({"years": 2023}, ["month", "topic"], id="2023-by-month-and-topic"),
        pytest.param({"years": (2016, 2020)}, ["year", "topic"], id="review-period-by-year-and-topic"),
        pytest.param(
            {"years": 2021, "hotline_topics": "suspected_case"}, ["month"], id="suspected-cases-2021"
        ),
        pytest.param({"years": (2022, 2024), "lines": "111"}, ["referral"], id="line-111-by-referral"),
        pytest.param({"districts": [916, 925], "years": 2024}, ["district", "channel"], id="two-districts"),
        pytest.param({"years": 2026}, ["line"], id="after-the-reform"),
    ],
)
def test_counts_are_the_contacts_in_the_file(db, contacts, filters, by):
    got = db.count("hotline", by=by, geography="recorded", **filters)
    rows = contacts
    years = filters["years"] if isinstance(filters["years"], tuple) else (filters["years"],) * 2
    rows = rows[rows["year"].between(*years)]
    for field, column in (("hotline_topics", "topic"), ("lines", "line"), ("districts", "place")):
        if field in filters:
            chosen = filters[field] if isinstance(filters[field], list) else [filters[field]]
            rows = rows[rows[column].isin(chosen)]
    columns = ["place" if d == "district" else d for d in by]
    expected = rows.groupby(columns).size()
    keys = ["district_code" if d == "district" else d for d in by]
    shown = got.set_index(keys)["contacts"]
    shown = shown[shown > 0]
    assert shown.sum() == len(rows) > 0
    assert dict(shown) == {k: v for k, v in expected.items()}


def test_counts_by_month_and_topic_are_labelled_in_both_languages(db):
    vi = db.count("hotline", by=["month", "topic"], years=2023, complete=True)
    en = db.count("hotline", by=["month", "topic"], years=2023, complete=True, lang="en")
    assert sorted(vi["month"].unique()) == list(range(1, 13))
    assert "Báo tin nghi vấn mua bán người" in set(vi["topic_label"])
    assert "Report of a suspected case" in set(en["topic_label"])
    assert vi["contacts"].sum() == en["contacts"].sum() == db.count("hotline", years=2023)["contacts"][0]


def test_a_contact_holds_no_identifier():
    assert set(HOTLINE.column_names) == {
        "contact_id", "contact_date", "district_code", "unit_code", "line", "channel", "topic", "referral",
    }  # fmt: skip
    header = SAMPLE.read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(HOTLINE.column_names)


def test_the_sample_keeps_the_generators_last_record_date(contacts):
    assert _generate_contacts.LAST_RECORD_DATE == _generate.LAST_RECORD_DATE
    assert contacts["contact_date"].max().date() <= _generate.LAST_RECORD_DATE
    assert contacts["year"].min() == 2016 and contacts["year"].max() == 2026
    # The place as the events': a district before 1 July 2025, a 2025 commune/ward from then on.
    reform = pd.Timestamp(dt.date(2025, 7, 1))
    before, after = contacts[contacts["contact_date"] < reform], contacts[contacts["contact_date"] >= reform]
    assert before["district_code"].notna().all() and before["unit_code"].isna().all()
    assert after["district_code"].isna().all() and after["unit_code"].notna().all()


@pytest.mark.slow
def test_publish_mode_withholds_small_counts_and_the_cells_that_would_give_them_away(fresh):
    with wb.connect(fresh, mode="publish", build=False) as published:
        table = published.count("hotline", by=["year", "topic"], years=(2021, 2023))
        by_district = published.count("hotline", by="district", years=2020)
        # Months are finer than the release register's cells (place and year): refused, as for victims.
        with pytest.raises(wb.DisclosureError, match="not by 'month'"):
            published.count("hotline", by=["month", "topic"], years=2023, lang="en")
    for frame in (table, by_district):
        shown = frame.loc[frame["contacts_status"] == "published", "contacts"]
        assert ((shown >= 5) | (shown == 0)).all()
        withheld = frame[frame["contacts_status"] != "published"]
        assert withheld["contacts"].isna().all()
        assert set(withheld["contacts_display"]) <= {"<5", "x"}
    assert (table["contacts_status"] != "published").any()


def test_leaving_one_district_out_tells_no_district_its_count(fresh):
    """An attack found in review: with each table protected on its own, the city's published count
    of reports of suspected trafficking less the count of all districts but one gave that district's
    exact count (1s and 0s too), in the API and the published dashboard alike. Released through the
    register, no such difference is let out."""
    districts = [916, 917, 918, 919, 923, 924, 925, 926, 927]
    chosen = wb.Filters(years=(2023, 2023), hotline_topics=("suspected_case",))
    with wb.connect(fresh, build=False) as internal:
        exact = internal.count("hotline", chosen, by="district", complete=True, geography="harmonised")
    counts = dict(zip(exact["district_code"].astype(int), exact["contacts"], strict=True))
    assert any(counts.get(d, 0) < 5 for d in districts), (
        "the sample has a small district (the attack's premise)"
    )
    with wb.connect(fresh, mode="publish", build=False) as published:
        city = published.hotline(chosen)
        total = city["contacts"].iloc[0]
        for left_out in districts:
            rest = published.hotline(chosen.replace(districts=[d for d in districts if d != left_out]))
            shown = rest["contacts"].iloc[0]
            if pd.notna(total) and pd.notna(shown):
                assert total - shown >= 5 or total == shown == 0, (left_out, total, shown)


def test_publish_mode_sql_cannot_read_hotline_contacts(db_path):
    with (
        wb.connect(db_path, mode="publish", build=False) as published,
        pytest.raises(wb.DisclosureError, match="hotline"),
    ):
        published.sql("SELECT topic, count(*) FROM hotline GROUP BY topic")
    with wb.connect(db_path, build=False) as internal:
        assert internal.sql("SELECT count(*) AS n FROM hotline")["n"][0] > 500


GOOD = (
    "Ngày liên hệ,Quận/Huyện,Xã/Phường,Đường dây,Kênh liên hệ,Nội dung,Kết quả chuyển gửi\n"
    "05/03/2024,Ninh Kiều,,111,Điện thoại,Báo tin nghi vấn mua bán người,Chuyển cơ quan công an\n"
    "06/03/2024,Cờ Đỏ,,Tổng đài 1800 1567,phone,information,information_given\n"
    "12/08/2025,,Phường Ninh Kiều,111,online,support_request,social_services\n"
)


@pytest.mark.slow
def test_a_good_file_is_imported_with_the_command(fresh, key_file, tmp_path, capsys):
    path = tmp_path / "duong_day_nong_2024.csv"
    path.write_text(GOOD, encoding="utf-8")
    code = main(["import", "--lang", "en", str(path), "--kind", "hotline", "--db", str(fresh)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "duong_day_nong_2024.csv" in out
    rows = wb.connect(fresh).sql(
        "SELECT CAST(contact_date AS VARCHAR) d, place_code, line, channel, topic, referral FROM hotline "
        "WHERE contact_id NOT LIKE 'HL-20%' ORDER BY d"
    )
    assert [tuple(r) for r in rows.itertuples(index=False)] == [
        ("2024-03-05", 916, "111", "phone", "suspected_case", "police"),
        ("2024-03-06", 925, "18001567", "phone", "information", "information_given"),
        ("2025-08-12", 31135, "111", "online", "support_request", "social_services"),
    ]


HEAD = "Ngày liên hệ,Quận/Huyện,Xã/Phường,Đường dây,Kênh liên hệ,Nội dung,Kết quả chuyển gửi\n"
BAD = [
    pytest.param(HEAD + "05/03/2024,Ninh Kiều,,112,phone,information,not_referred\n",
                 2, "Đường dây", "112", "unknown hotline line", id="unknown-line"),
    pytest.param(HEAD + "05/03/2024,Ninh Kiều,,111,phone,Báo tin,police\n",
                 2, "Nội dung", "Báo tin", "unknown hotline topic", id="unknown-topic"),
    pytest.param(HEAD + "31/02/2024,Ninh Kiều,,111,phone,information,not_referred\n",
                 2, "Ngày liên hệ", "31/02/2024", "not a date", id="no-such-day"),
    pytest.param(HEAD + "05/03/2024,Ninh Kiều,,111,fax,information,not_referred\n",
                 2, "Kênh liên hệ", "fax", "unknown", id="unknown-channel"),
    pytest.param(HEAD + "12/08/2025,Ninh Kiều,,111,phone,information,not_referred\n",
                 2, "Quận/Huyện", "Ninh Kiều", "districts were abolished", id="district-after-the-reform"),
    pytest.param(HEAD + "05/03/2024,Quận 1,,111,phone,information,not_referred\n",
                 2, "Quận/Huyện", "Quận 1", "unknown district", id="unknown-district"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "row", "column", "value", "problem"), BAD)
def test_a_bad_file_names_file_row_column_and_value(
    db_path, key_file, tmp_path, text, row, column, value, problem
):
    path = tmp_path / "hotline_q1.csv"
    path.write_text(text, encoding="utf-8")
    result = wb.import_files(path, db=db_path, kind="hotline", check_only=True, progress=False, lang="en")
    assert not result.ok
    errors = result.errors
    assert len(errors) == 1, errors.to_string()
    error = errors.iloc[0]
    assert (error["file"], error["row"], error["column"], error["value"]) == (
        "hotline_q1.csv",
        row,
        column,
        value,
    )
    assert problem in f"{error['problem']} {error['suggestion']}"


@pytest.mark.parametrize(
    ("heading", "cell"),
    [
        pytest.param("Số điện thoại", "0912345678", id="phone"),
        pytest.param("Họ và tên", "Nguyễn Văn A", id="name"),
        pytest.param("Địa chỉ", "12 Hòa Bình", id="address"),
    ],
)
def test_a_file_with_callers_identifiers_is_refused_and_the_identifier_never_shown(
    db_path, key_file, tmp_path, capsys, heading, cell
):
    path = tmp_path / "call_log.csv"
    head = f"Ngày liên hệ,Quận/Huyện,Đường dây,Nội dung,{heading}\n"
    path.write_text(head + f"05/03/2024,Ninh Kiều,111,information,{cell}\n", encoding="utf-8")
    code = main(["import", "--lang", "en", str(path), "--kind", "hotline", "--db", str(db_path), "--check"])
    out = capsys.readouterr()
    assert code == 1
    assert heading in out.out and "holds no identifier" in out.out
    assert cell not in out.out + out.err


HOSTILE = [
    "'; DROP TABLE store.hotline; --",
    '=HYPERLINK("http://x","y")',
    "111' OR '1'='1",
    "<script>alert(1)</script>",
]


@pytest.mark.slow
@pytest.mark.parametrize("hostile", HOSTILE, ids=["sql", "formula", "quote", "script"])
def test_hostile_cells_are_only_data(fresh, key_file, tmp_path, hostile):
    path = tmp_path / "hostile.csv"
    quoted = '"' + hostile.replace('"', '""') + '"'
    path.write_text(
        HEAD + f"05/03/2024,Ninh Kiều,,{quoted},phone,information,not_referred\n", encoding="utf-8"
    )
    before = wb.connect(fresh).sql("SELECT count(*) AS n FROM hotline")["n"][0]
    result = wb.import_files(path, db=fresh, kind="hotline", progress=False, lang="en")
    assert not result.ok
    assert result.errors["value"].tolist() == [hostile]
    assert result.errors["problem"].tolist() == ["unknown hotline line"]
    assert wb.connect(fresh).sql("SELECT count(*) AS n FROM hotline")["n"][0] == before


@pytest.mark.slow
def test_the_dashboard_has_a_hotline_tab_whose_totals_are_the_api(db, tmp_path):
    board = wb.dashboard(db, export_dir=tmp_path).open_address("tab=hotline&h.years=2023-2023&h.by=topic")
    tab = board.totals["hotline"]
    expected = db.count("hotline", years=2023)["contacts"][0]
    assert f'data-measure="contacts">{expected}</b>' in tab.widget.value
    assert "Báo tin nghi vấn mua bán người" in tab.table.value
    assert board.query == "tab=hotline&h.years=2023-2023&h.by=topic"


def _downloaded(tab, fmt: str) -> bytes:
    import base64
    import re

    href = re.search(rf'data-format="{fmt}"[^>]*href="data:[^,]*,([^"]*)"', tab.downloads.value)
    return base64.b64decode(href.group(1))


@pytest.mark.slow
@pytest.mark.parametrize(
    "query",
    [
        "tab=hotline&h.by=district&h.years=2020-2020",
        "tab=hotline&h.by=topic&h.years=2021-2021&h.districts=925",
    ],
    ids=["districts-2020", "one-district-by-topic"],
)
def test_the_published_hotline_tab_and_its_download_show_no_count_below_5(db_path, monkeypatch, query):
    import csv
    import io
    import re

    monkeypatch.setenv("WORKBENCH_DB", str(db_path))
    monkeypatch.setenv("WORKBENCH_DASHBOARD_MODE", "publish")
    board = wb.dashboard().open_address(query)
    tab = board.totals["hotline"]
    cells = re.findall(r'<td style="text-align: right">([^<]*)</td>', tab.table.value)
    cells += re.findall(r'data-measure="contacts">([^<]*)</b>', tab.widget.value)
    assert "&lt;5" in cells or "x" in cells
    numbers = [int(c.replace(".", "")) for c in cells if c.replace(".", "").isdigit()]
    assert not [n for n in numbers if 0 < n < 5], cells
    rows = list(csv.reader(io.StringIO(_downloaded(tab, "csv").decode("utf-8-sig"))))
    counts = [cell for row in rows[rows.index([]) + 1 :][1:] for cell in row[2:]]
    assert counts and not [c for c in counts if c.isdigit() and 0 < int(c) < 5], counts
