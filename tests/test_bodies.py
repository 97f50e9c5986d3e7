"""Organisers, referring bodies and providers exist for a period: the 2025 reorganisation.

The Department of Labour, Invalids and Social Affairs and the district labour offices ended with
the districts (30 June 2025); the Department of Health's Population-Social Affairs office, the
commune Culture-Social offices (Decree 150/2025/NĐ-CP) and commune police took over.
"""

import datetime as dt
import hashlib

import pytest
from windows_fs import database_bytes

import workbench as wb

EVENTS_HEAD = "event_id,event_date,district_code,organiser,event_type,topic,attendees,leaflets,unit_code"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("line", "column", "value", "words"),
    [
        pytest.param(
            "EV-X,2025-08-03,,dolisa,training,trafficking,30,0,31120",
            "organiser",
            "dolisa",
            ("ended on 30/06/2025", "03/08/2025", "Sở Y tế (Phòng Dân số – Xã hội) (doh_social)"),
            id="department-after-it-ended",
        ),
        pytest.param(
            "EV-X,2025-07-01,,Phòng LĐ-TB&XH quận/huyện,training,trafficking,30,0,31120",
            "organiser",
            "Phòng LĐ-TB&XH quận/huyện",
            ("ended on 30/06/2025", "Phòng Văn hóa – Xã hội cấp xã (commune_culture_social)"),
            id="district-office-on-the-reform-day",
        ),
        pytest.param(
            "EV-X,2024-05-02,916,commune_culture_social,training,trafficking,30,0,",
            "organiser",
            "commune_culture_social",
            ("began on 01/07/2025", "before then: Phòng LĐ-TB&XH quận/huyện (district_office)"),
            id="commune-office-before-it-began",
        ),
    ],
)
def test_the_build_refuses_a_body_on_a_date_it_did_not_exist(tmp_path, data_copy, line, column, value, words):
    path = tmp_path / "wb.duckdb"
    wb.connect(path, data_dir=data_copy).close()
    before = hashlib.sha256(database_bytes(path)).hexdigest()
    events = data_copy / "sample" / "events.csv"
    text = events.read_text(encoding="utf-8")
    assert text.startswith(EVENTS_HEAD + "\n")
    events.write_text(text + line + "\n", encoding="utf-8")
    with pytest.raises(wb.DataFileError) as caught:
        wb.connect(path, data_dir=data_copy)
    message = str(caught.value)
    assert f"events.csv, line {text.count(chr(10)) + 1}, column {column!r}: {value!r}" in message
    for word in words:
        assert word in message
    assert hashlib.sha256(database_bytes(path)).hexdigest() == before


@pytest.mark.slow
def test_the_build_accepts_each_body_inside_its_period(tmp_path, data_copy):
    events = data_copy / "sample" / "events.csv"
    lines = [
        "EV-A,2025-06-30,916,dolisa,training,trafficking,30,0,",  # the department's last day
        "EV-B,2025-07-01,,commune_culture_social,training,trafficking,30,0,31120",
        "EV-C,2025-05-15,916,doh_social,training,trafficking,30,0,",  # took the functions in spring
        "EV-D,2016-01-05,916,commune_police,training,trafficking,30,0,",  # commune police: always
    ]
    events.write_text(events.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8")
    with wb.connect(tmp_path / "wb.duckdb", data_dir=data_copy) as db:
        got = db.sql(
            "SELECT event_id, organiser FROM events WHERE event_id IN ('EV-A', 'EV-B', 'EV-C', 'EV-D')"
        )
    assert len(got) == 4


@pytest.mark.slow
def test_an_import_refuses_a_body_on_a_date_it_did_not_exist_and_names_the_right_one(fresh, tmp_path):
    path = tmp_path / "ninh_kieu_2024_2025.csv"
    path.write_text(
        "Ngày tổ chức,Quận/Huyện,Đơn vị tổ chức,Hình thức,Chủ đề,Số người tham dự,Số tờ rơi\n"
        "05/03/2025,Ninh Kiều,Sở LĐ-TB&XH,Tập huấn,trafficking,40,0\n"
        "12/03/2024,Ninh Kiều,Phòng Văn hóa – Xã hội cấp xã,Tập huấn,trafficking,40,0\n"
        "12/08/2025,,Sở LĐ-TB&XH,Tập huấn,trafficking,40,0\n",
        encoding="utf-8",
    )
    before = database_bytes(fresh)
    result = wb.import_files(path, db=fresh, kind="events", progress=False, today=dt.date(2026, 11, 29))
    assert not result.ok
    errors = result.errors
    body = errors[errors["column"] == "Đơn vị tổ chức"].set_index("row")
    assert sorted(body.index) == [3, 4]  # the March 2025 row is inside the department's period
    assert set(body["file"]) == {"ninh_kieu_2024_2025.csv"}
    assert body.loc[3, "value"] == "Phòng Văn hóa – Xã hội cấp xã"
    assert "began on 01/07/2025" in body.loc[3, "problem"]
    assert "district_office" in body.loc[3, "suggestion"]
    assert body.loc[4, "value"] == "Sở LĐ-TB&XH"
    assert "ended on 30/06/2025" in body.loc[4, "problem"]
    assert "doh_social" in body.loc[4, "suggestion"]
    assert database_bytes(fresh) == before  # nothing stored, nothing lost


@pytest.mark.slow
def test_post_2025_bodies_are_coded_with_both_labels_and_their_periods(db):
    codes = db.sql(
        "SELECT codeset, code, label_vi, label_en, valid_from, valid_to, successor, legal_basis "
        "FROM codes WHERE list_contains($bodies, code) ORDER BY codeset, sort_order",
        bodies=["dolisa", "district_office", "doh_social", "commune_culture_social", "commune_police"],
    )
    organisers = codes[codes["codeset"] == "organiser"].set_index("code")
    assert organisers.loc["commune_culture_social", "label_vi"] == "Phòng Văn hóa – Xã hội cấp xã"
    assert organisers.loc["commune_culture_social", "label_en"] == "Commune Culture–Social office"
    assert organisers.loc["commune_culture_social", "valid_from"].date() == wb.REFORM_DATE
    assert "150/2025/NĐ-CP" in organisers.loc["commune_culture_social", "legal_basis"]
    assert organisers.loc["dolisa", "valid_to"].date() == dt.date(2025, 6, 30)
    assert organisers.loc["dolisa", "successor"] == "doh_social"
    assert organisers.loc["commune_police", "label_vi"] == "Công an cấp xã"
    assert {"district_office", "commune_culture_social", "commune_police"} <= set(
        codes.loc[codes["codeset"] == "referring_body", "code"]
    )
    assert {"doh_social", "commune_culture_social"} <= set(codes.loc[codes["codeset"] == "provider", "code"])


@pytest.mark.parametrize(
    ("relation", "column", "date", "codeset"),
    [
        pytest.param("events", "organiser", "event_date", "organiser", id="organisers"),
        pytest.param("victims", "referring_body", "reception_date", "referring_body", id="referring-bodies"),
        pytest.param("support_services", "provider", "service_date", "provider", id="providers"),
    ],
)
def test_the_sample_names_only_bodies_that_existed_on_the_day(db, relation, column, date, codeset):
    wrong = db.sql(
        f"SELECT count(*) AS n FROM {relation} r JOIN codes c ON c.codeset = $set AND c.code = r.{column} "
        f"WHERE r.{date} < coalesce(c.valid_from, DATE '1900-01-01') "
        f"OR r.{date} > coalesce(c.valid_to, DATE '2100-01-01')",
        set=codeset,
    )
    assert wrong["n"].iloc[0] == 0


def test_after_the_reform_the_successors_do_the_work(db):
    after = db.events(wb.Filters(years=(2026, 2026)), by="organiser")
    organisers = set(after.loc[after["events"] > 0, "organiser"])
    assert {"doh_social", "commune_culture_social"} <= organisers
    assert not {"dolisa", "district_office"} & organisers
    # The origin query still counts the department's sessions of 2016-2020.
    origin = db.events(wb.Filters(years=(2016, 2020)), organisers="dolisa", event_types="integrated_session")
    assert origin.loc[0, "events"] == 1134
