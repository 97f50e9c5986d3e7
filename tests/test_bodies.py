"""Organisers, referring bodies and providers exist for a period: the 2025 reorganisation.

The Department of Labour, Invalids and Social Affairs and the district labour offices ended on
28 February 2025 (Decree 45/2025/NĐ-CP, in force 1 March): their social-protection, child and
social-evils work went to the Department of Health (Population-Social Affairs office) and the
district Health offices, their labour and employment work to the Department of Home Affairs and
the district Home Affairs offices; with the districts gone (1 July 2025) the commune Culture-Social
offices (Decree 150/2025/NĐ-CP) and commune police took over locally.
"""

import datetime as dt
import hashlib

import pandas as pd
import pytest
from windows_fs import database_bytes

import workbench as wb

EVENTS_HEAD = "event_id,event_date,district_code,organiser,event_type,topic,attendees,leaflets,unit_code"


@pytest.mark.slow
@pytest.mark.parametrize(
    "line",
    [
        pytest.param("EV-X,2023-05-10,916,moha_dept,training,trafficking,30,0,", id="home-affairs-2023"),
        pytest.param(
            "EV-X,2024-11-02,916,doh_social,training,trafficking,30,0,", id="health-department-2024"
        ),
        pytest.param(
            "EV-X,2022-03-15,916,district_health,training,trafficking,30,0,", id="district-health-2022"
        ),
    ],
)
def test_departments_that_took_work_over_in_2025_are_accepted_before_it(tmp_path, data_copy, line):
    """The Departments of Home Affairs and Health and the district Health offices existed long
    before Decree 45/2025 moved the labour sector's work to them: their own earlier work is valid."""
    events = data_copy / "sample" / "events.csv"
    text = events.read_text(encoding="utf-8")
    events.write_text(text + line + "\n", encoding="utf-8")
    with wb.connect(tmp_path / "wb.duckdb", data_dir=data_copy) as db:
        code = line.split(",")[3]
        assert db.events(organisers=code, years=(2016, 2024))["events"][0] >= 1


@pytest.mark.slow
@pytest.mark.parametrize(
    ("line", "column", "value", "words"),
    [
        pytest.param(
            "EV-X,2025-08-03,,dolisa,training,trafficking,30,0,31120",
            "organiser",
            "dolisa",
            (
                "ended on 28 February 2025",
                "3 August 2025",
                "Sở Y tế (Phòng Dân số – Xã hội) (doh_social) from 1 March 2025 for social protection",
                "Sở Nội vụ (moha_dept) from 1 March 2025 for labour and employment",
            ),
            id="department-after-it-ended",
        ),
        pytest.param(
            "EV-X,2025-03-05,916,Sở LĐ-TB&XH,training,trafficking,30,0,",
            "organiser",
            "Sở LĐ-TB&XH",
            ("ended on 28 February 2025; this record is dated 5 March 2025", "(doh_social)", "(moha_dept)"),
            id="department-in-the-spring-of-2025",
        ),
        pytest.param(
            "EV-X,2025-07-01,,Phòng LĐ-TB&XH quận/huyện,training,trafficking,30,0,31120",
            "organiser",
            "Phòng LĐ-TB&XH quận/huyện",
            (
                "ended on 28 February 2025",
                "Phòng Y tế quận/huyện (district_health) from 1 March 2025",
                "Phòng Nội vụ quận/huyện (district_home_affairs) from 1 March 2025",
                "from 1 July 2025: Phòng Văn hóa – Xã hội cấp xã (commune_culture_social)",
            ),
            id="district-office-on-the-reform-day",
        ),
        pytest.param(
            "EV-X,2025-07-01,,district_health,training,trafficking,30,0,31120",
            "organiser",
            "district_health",
            (
                "ended on 30 June 2025",
                "its work passed to Phòng Văn hóa – Xã hội cấp xã (commune_culture_social) from 1 July 2025",
            ),
            id="district-health-office-after-the-districts",
        ),
        pytest.param(
            "EV-X,2024-05-02,916,commune_culture_social,training,trafficking,30,0,",
            "organiser",
            "commune_culture_social",
            ("began on 1 July 2025", "before then: Phòng LĐ-TB&XH quận/huyện (district_office)"),
            id="commune-office-before-it-began",
        ),
        pytest.param(
            "EV-X,2025-05-02,916,commune_culture_social,training,trafficking,30,0,",
            "organiser",
            "commune_culture_social",
            ("before then: Phòng Y tế quận/huyện (district_health) or Phòng Nội vụ quận/huyện",),
            id="commune-office-in-the-spring-of-2025",
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
        "EV-A,2025-02-28,916,dolisa,training,trafficking,30,0,",  # the department's last day
        "EV-B,2025-07-01,,commune_culture_social,training,trafficking,30,0,31120",
        "EV-C,2025-05-15,916,doh_social,training,trafficking,30,0,",  # took the functions in spring
        "EV-D,2016-01-05,916,commune_police,training,trafficking,30,0,",  # commune police: always
        "EV-E,2025-03-01,916,moha_dept,training,safe_migration,30,0,",  # its first day
        "EV-F,2025-06-30,923,district_home_affairs,training,trafficking,30,0,",  # the last district day
        "EV-G,2025-03-01,927,district_health,community_session,social_evils,30,0,",
    ]
    events.write_text(events.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8")
    with wb.connect(tmp_path / "wb.duckdb", data_dir=data_copy) as db:
        got = db.sql(
            "SELECT event_id, organiser FROM events WHERE starts_with(event_id, 'EV-') "
            "AND length(event_id) = 4 ORDER BY event_id"
        )
    assert got["event_id"].tolist() == ["EV-A", "EV-B", "EV-C", "EV-D", "EV-E", "EV-F", "EV-G"]


@pytest.mark.slow
def test_an_import_refuses_a_body_on_a_date_it_did_not_exist_and_names_the_right_one(fresh, tmp_path):
    path = tmp_path / "ninh_kieu_2024_2025.csv"
    path.write_text(
        "Ngày tổ chức,Quận/Huyện,Đơn vị tổ chức,Hình thức,Chủ đề,Số người tham dự,Số tờ rơi\n"
        "28/02/2025,Ninh Kiều,Sở LĐ-TB&XH,Tập huấn,trafficking,40,0\n"
        "12/03/2024,Ninh Kiều,Phòng Văn hóa – Xã hội cấp xã,Tập huấn,trafficking,40,0\n"
        "12/08/2025,,Sở LĐ-TB&XH,Tập huấn,trafficking,40,0\n"
        "05/03/2025,Ninh Kiều,Sở LĐ-TB&XH,Tập huấn,trafficking,40,0\n",
        encoding="utf-8",
    )
    before = database_bytes(fresh)
    result = wb.import_files(
        path, db=fresh, kind="events", progress=False, today=dt.date(2026, 11, 29), lang="en"
    )
    assert not result.ok
    errors = result.errors
    body = errors[errors["column"] == "Đơn vị tổ chức"].set_index("row")
    assert sorted(body.index) == [3, 4, 5]  # the department's last day, 28 February 2025, is accepted
    assert set(body["file"]) == {"ninh_kieu_2024_2025.csv"}
    assert body.loc[3, "value"] == "Phòng Văn hóa – Xã hội cấp xã"
    assert "began on 1 July 2025" in body.loc[3, "problem"]
    assert "district_office" in body.loc[3, "suggestion"]
    assert body.loc[4, "value"] == "Sở LĐ-TB&XH"
    assert "ended on 28 February 2025" in body.loc[4, "problem"]
    assert "doh_social" in body.loc[4, "suggestion"] and "moha_dept" in body.loc[4, "suggestion"]
    assert (
        body.loc[5, "problem"]
        == "Sở LĐ-TB&XH (dolisa) ended on 28 February 2025; this record is dated 5 March 2025"
    )
    assert database_bytes(fresh) == before  # nothing stored, nothing lost


@pytest.mark.slow
def test_post_2025_bodies_are_coded_with_both_labels_and_their_periods(db):
    codes = db.sql(
        "SELECT codeset, code, label_vi, label_en, valid_from, valid_to, successor, labour_successor, "
        "legal_basis FROM codes WHERE list_contains($bodies, code) ORDER BY codeset, sort_order",
        bodies=[
            "dolisa",
            "district_office",
            "doh_social",
            "moha_dept",
            "district_health",
            "district_home_affairs",
            "commune_culture_social",
            "commune_police",
        ],
    )
    organisers = codes[codes["codeset"] == "organiser"].set_index("code")
    assert organisers.loc["commune_culture_social", "label_vi"] == "Phòng Văn hóa – Xã hội cấp xã"
    assert organisers.loc["commune_culture_social", "label_en"] == "Commune Culture–Social office"
    assert organisers.loc["commune_culture_social", "valid_from"].date() == wb.REFORM_DATE
    assert "150/2025/NĐ-CP" in organisers.loc["commune_culture_social", "legal_basis"]
    assert organisers.loc["dolisa", "valid_to"].date() == dt.date(2025, 2, 28)
    assert organisers.loc["dolisa", "successor"] == "doh_social"
    assert organisers.loc["dolisa", "labour_successor"] == "moha_dept"
    assert organisers.loc["district_office", "valid_to"].date() == dt.date(2025, 2, 28)
    assert organisers.loc["district_office", "successor"] == "district_health"
    assert organisers.loc["district_office", "labour_successor"] == "district_home_affairs"
    assert organisers.loc["moha_dept", "label_vi"] == "Sở Nội vụ"
    assert organisers.loc["moha_dept", "label_en"] == "Dept. of Home Affairs"
    assert pd.isna(organisers.loc["moha_dept", "valid_from"])  # the department existed long before
    for office, vi, en in [
        ("district_health", "Phòng Y tế quận/huyện", "District Health office"),
        ("district_home_affairs", "Phòng Nội vụ quận/huyện", "District Home Affairs office"),
    ]:
        assert (organisers.loc[office, "label_vi"], organisers.loc[office, "label_en"]) == (vi, en)
        assert pd.isna(organisers.loc[office, "valid_from"])  # took the work over, did not begin, in 2025
        assert organisers.loc[office, "valid_to"].date() == dt.date(2025, 6, 30)
        assert organisers.loc[office, "successor"] == "commune_culture_social"
    assert organisers.loc["commune_police", "label_vi"] == "Công an cấp xã"
    assert {"district_office", "commune_culture_social", "commune_police"} <= set(
        codes.loc[codes["codeset"] == "referring_body", "code"]
    )
    assert {"doh_social", "moha_dept", "commune_culture_social"} <= set(
        codes.loc[codes["codeset"] == "provider", "code"]
    )


@pytest.mark.slow
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


@pytest.mark.slow
def test_after_the_reform_the_successors_do_the_work(db):
    after = db.events(wb.Filters(years=(2026, 2026)), by="organiser")
    organisers = set(after.loc[after["events"] > 0, "organiser"])
    assert {"doh_social", "commune_culture_social"} <= organisers
    assert not {"dolisa", "district_office"} & organisers
    # The origin query still counts the department's sessions of 2016-2020.
    origin = db.events(wb.Filters(years=(2016, 2020)), organisers="dolisa", event_types="integrated_session")
    assert origin.loc[0, "events"] == 1134


@pytest.mark.parametrize(
    ("codeset", "code", "on", "support_type", "expected"),
    [
        pytest.param("organiser", "dolisa", dt.date(2025, 2, 28), None, "dolisa", id="last-day"),
        pytest.param("organiser", "dolisa", dt.date(2025, 3, 1), None, "doh_social", id="events-social-work"),
        pytest.param("provider", "dolisa", dt.date(2025, 3, 1), "loan", "moha_dept", id="loan-home-affairs"),
        pytest.param(
            "provider", "dolisa", dt.date(2025, 3, 1), "travel_home", "doh_social", id="travel-health"
        ),
        pytest.param(
            "provider",
            "district_office",
            dt.date(2025, 5, 31),
            "vocational_training",
            "district_home_affairs",
            id="vocational-training-district-home-affairs",
        ),
        pytest.param(
            "provider",
            "district_office",
            dt.date(2025, 5, 9),
            "education",
            "district_health",
            id="education-district-health",
        ),
        pytest.param(
            "provider",
            "district_office",
            dt.date(2025, 8, 1),
            "employment_counselling",
            "commune_culture_social",
            id="after-the-districts",
        ),
    ],
)
def test_the_body_that_took_the_work_depends_on_the_kind_of_work(codeset, code, on, support_type, expected):
    from workbench._codes import current_body

    assert current_body(codeset, code, on, support_type) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    ("line", "words", "absent"),
    [
        pytest.param(
            "SV-X,{victim},loan,dolisa,2025-04-01",
            ("ended on 28 February 2025", "its loan work passed to Sở Nội vụ (moha_dept) from 1 March 2025"),
            "doh_social",
            id="loan-to-home-affairs",
        ),
        pytest.param(
            "SV-X,{victim},medical,dolisa,2025-04-01",
            (
                "its medical support work passed to Sở Y tế (Phòng Dân số – Xã hội) (doh_social) "
                "from 1 March 2025",
            ),
            "moha_dept",
            id="medical-to-health",
        ),
    ],
)
def test_a_support_record_is_told_the_successor_for_its_kind_of_support(
    tmp_path, data_copy, line, words, absent
):
    services = data_copy / "sample" / "support_services.csv"
    text = services.read_text(encoding="utf-8")
    victim = text.splitlines()[1].split(",")[1]
    services.write_text(text + line.format(victim=victim) + "\n", encoding="utf-8")
    with pytest.raises(wb.DataFileError) as caught:
        wb.connect(tmp_path / "wb.duckdb", data_dir=data_copy)
    message = str(caught.value)
    assert f"support_services.csv, line {text.count(chr(10)) + 1}, column 'provider': 'dolisa'" in message
    for word in words:
        assert word in message
    assert absent not in message


@pytest.mark.slow
def test_the_sample_credits_labour_and_social_supports_to_their_own_successors(db):
    after = db.sql(
        "SELECT support_type, provider, count(*) AS n FROM support_services WHERE service_date >= $day "
        "AND list_contains($bodies, provider) GROUP BY ALL",
        day=dt.date(2025, 3, 1),
        bodies=["moha_dept", "doh_social", "district_home_affairs", "district_health"],
    )
    labour = after[after["provider"].isin(["moha_dept", "district_home_affairs"])]
    social = after[after["provider"].isin(["doh_social", "district_health"])]
    assert not labour.empty and not social.empty
    assert set(labour["support_type"]) <= {"vocational_training", "employment_counselling", "loan"}
    assert not set(social["support_type"]) & {"vocational_training", "employment_counselling", "loan"}


VICTIM_HEAD = "Họ và tên,Ngày sinh,Số CCCD,Ngày tiếp nhận,Quận/Huyện,Giới tính,Nhóm tuổi,Cơ quan chuyển giao"


@pytest.mark.slow
def test_a_victim_file_is_told_the_ended_body_by_name_and_never_the_person(fresh, tmp_path, monkeypatch):
    # A body's name is no personal data: the message names it; the person's cells stay hidden.
    monkeypatch.setenv("WORKBENCH_KEY_FILE", str(tmp_path / "secret" / "pseudonym.key"))
    path = tmp_path / "nan_nhan.csv"
    path.write_text(
        f"{VICTIM_HEAD}\n"
        "Trần Thị Lan,02/09/1999,092199004321,05/04/2025,Ninh Kiều,Nữ,24-26,Phòng LĐ-TB&XH quận/huyện\n"
        "Lê Văn Hùng,03/10/2000,092200001234,06/04/2025,Cái Răng,Nam,21-23,Công an thành phố Cần Thơ\n"
        "Phạm Thị Thu,04/11/2001,092201005678,07/04/2025,Ô Môn,Nữ,21-23,Công an\n",
        encoding="utf-8",
    )
    before = database_bytes(fresh)
    result = wb.import_files(
        path, db=fresh, kind="victims", progress=False, today=dt.date(2026, 11, 29), lang="en"
    )
    assert not result.ok
    problems = result.problems
    body = problems[problems["column"] == "Cơ quan chuyển giao"]
    errors = body[body["severity"] == "error"]
    assert errors["row"].tolist() == [2]  # 'Công an' and 'Công an thành phố Cần Thơ' are the police
    error = errors.iloc[0]
    assert error["value"] == "Phòng LĐ-TB&XH quận/huyện"
    assert error["problem"] == (
        "Phòng LĐ-TB&XH quận/huyện (district_office) ended on 28 February 2025; "
        "this record is dated 5 April 2025"
    )
    assert "Phòng Y tế quận/huyện (district_health) from 1 March 2025" in error["suggestion"]
    assert "(value not shown)" not in error["problem"] + error["suggestion"]
    shown = problems.to_csv()
    for secret in ("Trần", "Lan", "092199004321", "02/09/1999", "Lê Văn Hùng", "092200001234", "Phạm"):
        assert secret not in shown, secret
    assert database_bytes(fresh) == before


# A body named with its place: the district's police, Women's Union or labour office is a
# district-level body, which ended with the districts (the labour office earlier, with its sector).
# The district police ended before the districts, on 28 February 2025 (from 1 March 2025 no police
# at district level; see docs/data.md), the successor is the commune police.
PLACED_NAMES = [
    pytest.param(
        "05/08/2025", "Công an quận Ninh Kiều",
        "Công an quận/huyện (district_police) ended on 28 February 2025; this record is dated 5 August 2025",
        "Công an cấp xã (commune_police) from 1 March 2025",
        id="district-police-after-the-districts",
    ),
    pytest.param(
        "02/07/2025", "Công an Q. Ninh Kiều",
        "Công an quận/huyện (district_police) ended on 28 February 2025; this record is dated 2 July 2025",
        "Công an cấp xã (commune_police) from 1 March 2025",
        id="district-police-abbreviated",
    ),
    pytest.param(
        "05/03/2025", "Phòng LĐTBXH quận Ninh Kiều",
        "Phòng LĐ-TB&XH quận/huyện (district_office) ended on 28 February 2025; "
        "this record is dated 5 March 2025",
        "Phòng Y tế quận/huyện (district_health) from 1 March 2025",
        id="district-labour-office-after-its-sector-ended",
    ),
    pytest.param(
        "10/09/2025", "Hội LHPN huyện Phong Điền",
        "Hội LHPN quận/huyện (district_womens_union) ended on 30 June 2025; "
        "this record is dated 10 September 2025",
        "Hội LHPN thành phố (womens_union) from 1 July 2025",
        id="district-womens-union-after-the-districts",
    ),
    pytest.param(
        "10/09/2025", "Đoàn TN quận Bình Thủy",
        "Đoàn TN quận/huyện (district_youth_union) ended on 30 June 2025; "
        "this record is dated 10 September 2025",
        "Đoàn Thanh niên (youth_union) from 1 July 2025",
        id="district-youth-union-after-the-districts",
    ),
    pytest.param(
        "12/09/2025", "UBND quận Cái Răng",
        "UBND quận/huyện (district_committee) ended on 30 June 2025; this record is dated 12 September 2025",
        "UBND cấp xã (commune_committee) from",
        id="district-peoples-committee-after-the-districts",
    ),
]  # fmt: skip


# People's Committees organise events too (a rally, a residents' meeting): read at the level the
# name gives, as the police are; never matched to another body by spelling.
COMMITTEE_NAMES = [
    pytest.param("UBND quận Ninh Kiều", "district_committee", id="district-with-its-name"),
    pytest.param("Ủy ban nhân dân huyện Phong Điền", "district_committee", id="district-spelled-out"),
    pytest.param("UBND Q. Bình Thủy", "district_committee", id="district-abbreviated"),
    pytest.param("UBND phường An Hòa", "commune_committee", id="ward"),
    pytest.param("UBND xã Nhơn Ái", "commune_committee", id="commune"),
    pytest.param("UBND thành phố Cần Thơ", "city_committee", id="city-with-its-name"),
    pytest.param("UBND TP Cần Thơ", "city_committee", id="city-abbreviated"),
    pytest.param("ubnd", "city_committee", id="alone-is-the-city-as-police-alone"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "code"), COMMITTEE_NAMES)
def test_peoples_committees_are_organisers_read_at_the_level_named(name, code):
    from workbench._importer.values import parse_code

    assert parse_code("organiser", name) == code


@pytest.mark.slow
@pytest.mark.parametrize(("day", "name", "problem", "successor"), PLACED_NAMES)
def test_an_import_refuses_a_district_level_body_named_with_its_place_after_it_ended(
    fresh, tmp_path, day, name, problem, successor
):
    path = tmp_path / "hoat_dong.csv"
    # Before the reform a record names its district; from 1 July 2025 a new commune/ward.
    place = "916," if dt.datetime.strptime(day, "%d/%m/%Y").date() < wb.REFORM_DATE else ",31120"
    path.write_text(
        "Ngày tổ chức,Quận/Huyện,Phường/Xã,Đơn vị tổ chức,Hình thức,Chủ đề,Số người tham dự,Số tờ rơi\n"
        f"{day},{place},{name},Tập huấn,trafficking,40,0\n",
        encoding="utf-8",
    )
    before = database_bytes(fresh)
    result = wb.import_files(
        path, db=fresh, kind="events", progress=False, today=dt.date(2026, 11, 29), lang="en"
    )
    assert not result.ok
    errors = result.errors
    body = errors[errors["column"] == "Đơn vị tổ chức"]
    assert body["row"].tolist() == [2], errors.to_string()
    assert body.iloc[0]["problem"] == problem
    assert successor in body.iloc[0]["suggestion"]
    assert database_bytes(fresh) == before


@pytest.mark.slow
def test_a_victim_file_naming_district_police_after_the_districts_is_refused(fresh, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_KEY_FILE", str(tmp_path / "secret" / "pseudonym.key"))
    path = tmp_path / "nan_nhan.csv"
    path.write_text(
        "Họ và tên,Ngày sinh,Số CCCD,Ngày tiếp nhận,Quận/Huyện,Phường/Xã,Giới tính,Nhóm tuổi,"
        "Cơ quan chuyển giao\n"
        "Trần Thị Lan,02/09/1999,092199004321,05/08/2025,,31120,Nữ,24-26,Công an quận Ninh Kiều\n"
        "Lê Văn Hùng,03/10/2000,092200001234,06/02/2025,Cái Răng,,Nam,21-23,Công an quận Cái Răng\n"
        "Phạm Thị Thu,04/11/2001,092201005678,07/08/2025,,31120,Nữ,21-23,Công an phường Cái Khế\n",
        encoding="utf-8",
    )
    before = database_bytes(fresh)
    result = wb.import_files(
        path, db=fresh, kind="victims", progress=False, today=dt.date(2026, 11, 29), lang="en"
    )
    problems = result.problems
    body = problems[problems["column"] == "Cơ quan chuyển giao"]
    errors = body[body["severity"] == "error"]
    # Before 1 March 2025 the district police are accepted; the commune police always.
    assert errors["row"].tolist() == [2], problems.to_string()
    assert errors.iloc[0]["value"] == "Công an quận/huyện"
    assert errors.iloc[0]["problem"] == (
        "Công an quận/huyện (district_police) ended on 28 February 2025; this record is dated 5 August 2025"
    )
    assert "Công an cấp xã (commune_police) from 1 March 2025" in errors.iloc[0]["suggestion"]
    shown = problems.to_csv()
    for secret in ("Trần", "Lan", "092199004321", "02/09/1999", "Lê Văn Hùng", "Phạm"):
        assert secret not in shown, secret
    assert database_bytes(fresh) == before


@pytest.mark.slow
@pytest.mark.parametrize(
    ("line", "words"),
    [
        pytest.param(
            "EV-X,2025-08-03,,Công an quận Ninh Kiều,training,trafficking,30,0,31120",
            (
                "it reads as Công an quận/huyện (district_police)",
                "ended on 28 February 2025; this record is dated 3 August 2025",
                "Công an cấp xã (commune_police) from 1 March 2025",
            ),
            id="district-police-after-the-districts",
        ),
        pytest.param(
            "EV-X,2025-03-05,916,Phòng LĐTBXH quận Ninh Kiều,training,trafficking,30,0,",
            (
                "it reads as Phòng LĐ-TB&XH quận/huyện (district_office)",
                "ended on 28 February 2025; this record is dated 5 March 2025",
                "(district_health) from 1 March 2025",
            ),
            id="district-labour-office-in-the-spring-of-2025",
        ),
        pytest.param(
            "EV-X,2024-03-05,916,Công an quận Ninh Kiều,training,trafficking,30,0,",
            ("it reads as Công an quận/huyện (district_police): write the code 'district_police'",),
            id="a-name-in-its-period-is-still-no-code",
        ),
    ],
)
def test_the_build_refuses_a_place_qualified_body_name_with_its_date_and_successor(
    tmp_path, data_copy, line, words
):
    path = tmp_path / "wb.duckdb"
    events = data_copy / "sample" / "events.csv"
    text = events.read_text(encoding="utf-8")
    events.write_text(text + line + "\n", encoding="utf-8")
    with pytest.raises(wb.DataFileError) as caught:
        wb.connect(path, data_dir=data_copy)
    message = str(caught.value)
    name = line.split(",")[3]
    assert f"events.csv, line {text.count(chr(10)) + 1}, column 'organiser': {name!r}" in message
    for word in words:
        assert word in message


@pytest.mark.slow
def test_district_level_bodies_end_with_the_districts(db):
    got = db.sql(
        "SELECT codeset, code, valid_to, successor FROM codes "
        "WHERE code IN ('district_police', 'district_womens_union', 'district_youth_union') "
        "ORDER BY codeset, code"
    )
    ends = dict(zip(got["code"], got["valid_to"].astype(str), strict=False))
    assert ends == {
        "district_police": "2025-02-28",
        "district_womens_union": "2025-06-30",
        "district_youth_union": "2025-06-30",
    }
    assert dict(zip(got["code"], got["successor"], strict=False)) == {
        "district_police": "commune_police",
        "district_womens_union": "womens_union",
        "district_youth_union": "youth_union",
    }
    assert sorted(got[got["code"] == "district_police"]["codeset"]) == ["organiser", "referring_body"]


@pytest.mark.slow
def test_the_build_refuses_district_police_as_a_victims_referring_body_after_the_districts(
    tmp_path, data_copy
):
    victims = data_copy / "sample" / "victims.csv"
    text = victims.read_text(encoding="utf-8")
    line = (
        "ffffffffffff0001,2025-08-03,,female,21-23,adult,VN,KH,illicit_activities,threats,"
        "job_offer,online_contact,rescue,Công an quận Ninh Kiều,actual,active,support,no,yes,31120"
    )
    victims.write_text(text + line + "\n", encoding="utf-8")
    with pytest.raises(wb.DataFileError) as caught:
        wb.connect(tmp_path / "wb.duckdb", data_dir=data_copy)
    message = str(caught.value)
    assert f"victims.csv, line {text.count(chr(10)) + 1}, column 'referring_body'" in message
    assert "it reads as Công an quận/huyện (district_police)" in message
    assert "ended on 28 February 2025; this record is dated 3 August 2025" in message
    assert "Công an cấp xã (commune_police) from 1 March 2025" in message


NEW_CODES = [
    # (codeset, code, Vietnamese label, words its legal basis cites)
    pytest.param(
        "exploitation",
        "money_or_property",
        "Mục đích nhận tiền, tài sản, lợi ích vật chất khác",
        "Luật 53/2024/QH15 Điều 2 khoản 1 (nhằm mục đích nhận tiền, tài sản, lợi ích vật chất khác: mục đích "
        "của hành vi, không phải hình thức bóc lột)",
        id="money-or-property",
    ),
    pytest.param(
        "exploitation", "other", "Mục đích vô nhân đạo khác", "mục đích vô nhân đạo khác", id="other-inhumane"
    ),
    pytest.param(
        "exploitation",
        "forced_criminality",
        "Ép thực hiện hành vi phạm tội khác",
        "BLHS 2015 Điều 150, 151 (cưỡng bức lao động)",
        id="forced-criminality",
    ),
    pytest.param(
        "referring_body", "commune_committee", "UBND cấp xã", "Luật Tổ chức chính quyền địa phương", id="ubnd"
    ),
    pytest.param(
        "referring_body", "fatherland_front", "Ủy ban MTTQ Việt Nam", "Luật Mặt trận Tổ quốc", id="mttq"
    ),
    pytest.param(
        "referring_body", "coast_guard", "Cảnh sát biển", "Luật Cảnh sát biển Việt Nam", id="coast-guard"
    ),
    pytest.param(
        "referring_body", "doh_social", "Sở Y tế (Phòng Dân số – Xã hội)", "NĐ 45/2025/NĐ-CP", id="doh"
    ),
    pytest.param("referring_body", "dolisa", "Sở LĐ-TB&XH", "NĐ 09/2013/NĐ-CP", id="dolisa"),
]


@pytest.mark.parametrize(("codeset", "code", "vi", "basis"), NEW_CODES)
def test_purposes_and_referring_bodies_the_law_names_are_coded_with_their_basis(codeset, code, vi, basis):
    from workbench._codes import CODESETS, entry, legal_basis

    member = entry(codeset, code)
    assert member is not None and member.vi == vi and member.en
    assert basis in legal_basis(codeset, member)
    assert code in wb.CODESETS[codeset] or member in CODESETS[codeset]


def test_a_bodys_successors_are_in_its_own_value_set():
    """Where a body ended, the ones that took its work are codes of the same set, so a record is
    always told a body it may name instead."""
    from workbench._codes import CODESETS

    for name, members in CODESETS.items():
        names = {m.code for m in members}
        for member in members:
            for after in (member.successor, member.labour_successor):
                assert after is None or after in names, (name, member.code, after)


@pytest.mark.parametrize(
    ("code", "on", "ok", "words"),
    [
        pytest.param("dolisa", dt.date(2025, 2, 28), True, (), id="dolisa-last-day"),
        pytest.param(
            "dolisa",
            dt.date(2025, 3, 1),
            False,
            ("Sở LĐ-TB&XH (dolisa) ended on 28 February 2025", "doh_social", "moha_dept"),
            id="dolisa-after",
        ),
        pytest.param(
            "dolisa",
            dt.date(2025, 8, 1),
            False,
            ("Sở Y tế (Phòng Dân số – Xã hội) (doh_social) from 1 March 2025", "Sở Nội vụ (moha_dept)"),
            id="dolisa-after-the-districts",  # the departments go on: no commune body suggested
        ),
        pytest.param("doh_social", dt.date(2019, 5, 1), True, (), id="doh-before"),
        pytest.param("doh_social", dt.date(2026, 5, 1), True, (), id="doh-after"),
        pytest.param("commune_committee", dt.date(2018, 5, 1), True, (), id="ubnd-before"),
        pytest.param("commune_committee", dt.date(2026, 5, 1), True, (), id="ubnd-after"),
        pytest.param("fatherland_front", dt.date(2026, 5, 1), True, (), id="mttq"),
        pytest.param("coast_guard", dt.date(2017, 5, 1), True, (), id="coast-guard"),
    ],
)
def test_referring_bodies_follow_the_body_periods(code, on, ok, words):
    from workbench._codes import body_problem

    found = body_problem("referring_body", code, on, lang="en")
    assert (found is None) == ok
    if not ok:
        assert all(w in " ".join(found) for w in words), found
