"""Importing agency files: the bad-file corpus, good files in every format, idempotence, privacy."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

import workbench as wb
from workbench._errors import CellValueError
from workbench._importer.tcvn3 import from_unicode, to_unicode
from workbench._importer.values import parse_count, parse_date

CORPUS = Path(__file__).parent / "import_corpus"


def _expected() -> dict[str, list[dict]]:
    cases = defaultdict(list)
    with (CORPUS / "expected.csv").open(encoding="utf-8", newline="") as handle:
        for line in csv.DictReader(handle):
            cases[line["file"]].append(line)
    return dict(cases)


EXPECTED = _expected()


def test_the_corpus_has_at_least_30_bad_files():
    assert len(EXPECTED) >= 30
    assert sum(len(v) > 1 for v in EXPECTED.values()) >= 2
    assert {p.name for p in (CORPUS / "bad").iterdir()} == set(EXPECTED)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED), ids=sorted(EXPECTED))
def test_bad_file_is_refused_with_the_expected_problems(name, db_path, key_file):
    before = wb.connect(db_path).sql("SELECT count(*) AS n FROM events").loc[0, "n"]
    result = wb.import_files(CORPUS / "bad" / name, db=db_path, check_only=True, progress=False, lang="en")
    assert not result.ok
    errors = result.errors
    expected = EXPECTED[name]
    assert len(errors) == len(expected), errors.to_string()
    for line in expected:
        row = int(line["row"]) if line["row"] else None
        found = errors[
            errors.apply(
                lambda e, line=line, row=row: (
                    (e["row"] == row if row else e["row"] is pd_na or e["row"] != e["row"])
                    and (not line["column"] or e["column"] == line["column"])
                    and line["problem"] in f"{e['problem']} {e['suggestion']}"
                ),
                axis=1,
            )
        ]
        assert len(found) == 1, f"{line} not in\n{errors.to_string()}"
        assert (found["file"] == name).all()
    assert result.files.loc[0, "status"] == "refused"
    assert wb.connect(db_path).sql("SELECT count(*) AS n FROM events").loc[0, "n"] == before


pd_na = __import__("pandas").NA

GOOD_EVENTS = sorted(p.name for p in (CORPUS / "good").glob("events_*"))
EXPECTED_EVENTS = [
    ("2024-03-05", 916, "womens_union", "community_session", "trafficking", 1234, 0),
    ("2024-03-06", 918, "police", "training", "trafficking", 45, 0),
    ("2024-03-09", 925, "dolisa", "leaflet_drive", "social_evils", None, 300),
    ("2024-03-09", 925, "youth_union", "rally", "safe_migration", 1200, 2500),
]


def _imported_events(path: Path) -> list[tuple]:
    rows = wb.connect(path).sql(
        "SELECT CAST(event_date AS VARCHAR) d, district_code, organiser, event_type, topic, attendees, "
        "leaflets "
        "FROM events WHERE event_date BETWEEN DATE '2024-03-05' AND DATE '2024-03-09' "
        "AND event_id NOT LIKE 'EV-20%' ORDER BY d, organiser"
    )
    rows = rows.astype(object).where(rows.notna(), None)
    return [tuple(r) for r in rows.itertuples(index=False)]


@pytest.mark.slow
@pytest.mark.parametrize("name", GOOD_EVENTS, ids=GOOD_EVENTS)
def test_good_file_round_trips(name, fresh, key_file):
    result = wb.import_files(CORPUS / "good" / name, db=fresh, progress=False, lang="en")
    assert result.ok, str(result)
    assert result.files.loc[0, "status"] == "imported"
    assert result.rows_added == 4
    assert sorted(_imported_events(fresh), key=str) == sorted(EXPECTED_EVENTS, key=str)
    assert result.warnings["problem"].str.contains("unusually large").sum() == 2  # 1.234 and 1.200


@pytest.mark.slow
def test_xlsx_report_reads_the_right_sheet_header_and_skips_the_total(fresh, key_file):
    result = wb.import_files(CORPUS / "good" / "events_report.xlsx", db=fresh, progress=False, lang="en")
    notes = " ".join(result.problems["problem"])
    assert "1 empty or total row(s) skipped" in notes
    # said of the sheet skipped, by its own name: not of the sheet read
    skipped = result.problems[result.problems["sheet"] == "Hướng dẫn"]
    assert skipped[["severity", "problem"]].values.tolist() == [
        ["note", "no header row the header dictionary recognises: skipped"]
    ]


@pytest.mark.slow
def test_tcvn3_file_is_converted_and_says_so(fresh, key_file):
    result = wb.import_files(CORPUS / "good" / "events_tcvn3.csv", db=fresh, progress=False, lang="en")
    assert "converted from the legacy TCVN3" in " ".join(result.problems["problem"])


@pytest.mark.slow
def test_importing_the_same_file_again_adds_nothing_and_is_logged(fresh, key_file):
    path = CORPUS / "good" / "events_utf8.csv"
    first = wb.import_files(path, db=fresh, progress=False, lang="en")
    second = wb.import_files(path, db=fresh, progress=False, lang="en")
    assert first.rows_added == 4
    assert second.rows_added == 0
    assert second.files.loc[0, "status"] == "unchanged"
    assert second.files.loc[0, "rows_skipped"] == 4
    assert "imported before" in " ".join(second.problems["problem"])
    # the same records in another encoding are the same records
    third = wb.import_files(CORPUS / "good" / "events_utf16.csv", db=fresh, progress=False, lang="en")
    assert third.rows_added == 0
    log = wb.connect(fresh).sql("SELECT file, file_sha256, rows_added, rows_skipped FROM imports")
    assert log["rows_added"].tolist() == [4, 0, 0]
    assert log["rows_skipped"].tolist() == [0, 4, 4]
    assert log["file_sha256"].str.len().tolist() == [64, 64, 64]
    assert len(_imported_events(fresh)) == 4


@pytest.mark.slow
def test_rebuilding_keeps_imported_records(fresh, key_file):
    wb.import_files(CORPUS / "good" / "events_utf8.csv", db=fresh, progress=False, lang="en")
    from workbench._build import build

    build(fresh)
    assert len(_imported_events(fresh)) == 4


@pytest.mark.slow
def test_multi_file_import_with_one_bad_file_keeps_the_good_one(fresh, key_file):
    result = wb.import_files(
        [CORPUS / "good" / "events_utf8.csv", CORPUS / "bad" / "district_unknown.csv"],
        db=fresh,
        progress=False,
        lang="en",
    )
    assert result.files["status"].tolist() == ["imported", "refused"]
    assert not result.ok
    assert len(_imported_events(fresh)) == 4


IDENTIFIERS = [
    "Nguyễn Thị Hoa",
    "NGUYEN THI HOA",
    "092199001234",
    "0901234567",
    "khu vực Thử Nghiệm",
    "Trần Văn Nam",
]


@pytest.mark.slow
def test_victims_are_stored_without_identifiers_under_a_stable_key(fresh, key_file):
    path = CORPUS / "good" / "victims_identified.csv"
    result = wb.import_files(path, db=fresh, progress=False, lang="en")
    assert result.ok, str(result)
    assert result.rows_added == 2
    assert key_file.stat().st_mode & 0o777 == 0o600
    db = wb.connect(fresh)
    keys = db.sql("SELECT victim_id FROM victims WHERE reception_date = DATE '2023-06-14' ORDER BY 1")
    assert keys["victim_id"].str.fullmatch(r"[0-9a-f]{16}").all()
    # the same person again, name typed differently: recognised, nothing added
    again = CORPUS / "bad" / "victims_sex_unknown.csv"
    rows = list(csv.reader(again.read_text(encoding="utf-8").splitlines()))[:2]
    rows[1][0] = "nguyen  thi HOA"
    retyped = fresh.parent / "retyped.csv"
    with retyped.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    again_result = wb.import_files(retyped, db=fresh, progress=False, lang="en")
    assert again_result.ok, str(again_result)
    assert again_result.files.loc[0, "rows_skipped"] == 1
    stored = [p.read_bytes() for p in fresh.parent.glob(fresh.name + "*")]  # every generation too
    stored += [p.read_bytes() for p in (fresh.parent / "imports").rglob("*") if p.is_file()]
    for identifier in IDENTIFIERS:
        for encoded in (identifier.encode("utf-8"), identifier.encode("utf-16-le")):
            assert not any(encoded in blob for blob in stored), identifier
    assert not (result.problems["value"].astype(str).str.contains("092199001234")).any()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("QuËn Ninh KiÒu", "Quận Ninh Kiều", id="ninh-kieu"),
        pytest.param("HuyÖn Cê §á", "Huyện Cờ Đỏ", id="co-do"),
        pytest.param("Ngµy tæ chøc", "Ngày tổ chức", id="heading"),
        pytest.param("Sè ng\xadêi tham dù", "Số người tham dự", id="soft-hyphen-is-u-horn"),
        pytest.param("§oµn Thanh niªn", "Đoàn Thanh niên", id="doan"),
    ],
)
def test_tcvn3_round_trip(text, expected):
    assert to_unicode(text) == expected
    assert from_unicode(expected) == text


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param("05/03/2024", "2024-03-05", id="dmy"),
        pytest.param("5/3/24", "2024-03-05", id="d-m-yy"),
        pytest.param("2024-03-05", "2024-03-05", id="iso"),
        pytest.param("45356", "2024-03-05", id="excel-serial"),
        pytest.param("05.03.2024", "2024-03-05", id="dots"),
        pytest.param("2024-03-05 00:00:00", "2024-03-05", id="iso-time"),
    ],
)
def test_dates_as_people_type_them(given, expected):
    assert parse_date(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param("1.234", "1234", id="dot"),
        pytest.param("1,234", "1234", id="comma"),
        pytest.param("1 234", "1234", id="space"),
        pytest.param("1\u00a0234", "1234", id="nbsp"),
        pytest.param("12.0", "12", id="excel-float"),
        pytest.param("1.234.567", "1234567", id="millions"),
    ],
)
def test_numbers_as_people_type_them(given, expected):
    assert parse_count(given) == expected


@pytest.mark.parametrize("given", ["1.5", "1,23", "abc", "'; DROP TABLE events; --"])
def test_numbers_that_are_not_counts(given):
    with pytest.raises(CellValueError):
        parse_count(given)


@pytest.mark.slow
def test_hostile_cells_are_only_data(fresh, key_file, tmp_path):
    path = tmp_path / "hostile.csv"
    hostile = "'; DROP TABLE store.events; --"
    path.write_text(
        "Mã sự kiện,Ngày tổ chức,Quận/Huyện,Đơn vị tổ chức,Hình thức,Số người tham dự\n"
        f'"{hostile}",05/03/2024,Ninh Kiều,police,training,5\n'
        f"X2,05/03/2024,\"Ninh Kiều' OR '1'='1\",police,training,5\n",
        encoding="utf-8",
    )
    result = wb.import_files(path, db=fresh, progress=False, lang="en")
    assert result.errors["problem"].tolist() == ["unknown district"]
    assert wb.connect(fresh).sql("SELECT count(*) AS n FROM events").loc[0, "n"] > 3000


@pytest.mark.slow
def test_command_prints_the_problems_and_exits_non_zero(db_path, key_file):
    bad = CORPUS / "bad" / "many_problems.csv"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "workbench._cli",
            "import",
            "--lang",
            "en",
            str(bad),
            "--db",
            str(db_path),
            "--check",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert "many_problems.csv: refused" in run.stdout
    assert "unknown district" in run.stdout and "Quận/Huyện" in run.stdout
    good = subprocess.run(
        [sys.executable, "-m", "workbench._cli", "import", "--lang", "en",
         str(CORPUS / "good" / "events_utf8.csv"),
         "--db", str(db_path), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert good.returncode == 0, good.stdout + good.stderr
    assert "checked" in good.stdout


EXAMPLES = Path(__file__).parent.parent / "data" / "examples"


@pytest.mark.slow
def test_the_readme_examples_do_what_the_readme_says(fresh, key_file):
    mistakes = wb.import_files(
        EXAMPLES / "ninh_kieu_quy3_2024_with_mistakes.csv", db=fresh, progress=False, lang="en"
    )
    assert mistakes.files.loc[0, "status"] == "refused"
    assert mistakes.errors["problem"].tolist() == [
        "unknown district",
        "not a date: no such day on the calendar",
        "not a number",
        "unknown organiser",
        "duplicate: the same record (same date, place, organiser, kind and counts) as row 2",
    ]
    report = wb.import_files(EXAMPLES / "ninh_kieu_quy3_2024.xlsx", db=fresh, progress=False, lang="en")
    assert report.ok and report.rows_added == 6
    db = wb.connect(fresh)
    july = db.sql("SELECT CAST(event_date AS VARCHAR) AS d FROM events WHERE event_date = DATE '2024-07-30' "
                  "AND attendees = 1250")  # fmt: skip
    assert len(july) == 1  # '30/7/24' is day/month/year, not year 30
    victims = wb.import_files(EXAMPLES / "hoi_phu_nu_nan_nhan_2024.csv", db=fresh, progress=False, lang="en")
    assert victims.ok and victims.rows_added == 2


def test_result_shows_in_a_notebook_and_a_terminal(db_path, key_file):
    report = CORPUS / "good" / "events_report.xlsx"
    result = wb.import_files(report, db=db_path, check_only=True, progress=False, lang="en")
    page = result._repr_html_()
    assert "<table" in page and "events_report.xlsx" in page and "skipped" in page
    assert "events_report.xlsx: checked" in str(result)


@pytest.mark.slow
def test_rows_shorter_than_the_header_are_errors_naming_the_missing_cell(tmp_path, db_path, key_file):
    # A row that lost a cell used to go in with the count as NULL, without a word.
    path = tmp_path / "ragged.csv"
    path.write_text(
        "Ngày tổ chức,Quận/Huyện,Đơn vị tổ chức,Hình thức,Số người tham dự\n"
        "05/03/2024,Ninh Kiều,Công an,Tập huấn\n06/03/2024,Cờ Đỏ,Công an,Tập huấn,5\n",
        encoding="utf-8",
    )
    result = wb.import_files(path, db=db_path, check_only=True, progress=False, lang="en")
    assert result.files.loc[0, "status"] == "refused"
    assert result.errors[["row", "column", "problem"]].values.tolist() == [
        [2, "Số người tham dự", "the row has 4 cells, the header 5: no cell for Số người tham dự"]
    ]
    # the same row with its cell there but empty is read (the count left unknown)
    path.write_text(
        path.read_text(encoding="utf-8").replace("Tập huấn\n06", "Tập huấn,\n06"), encoding="utf-8"
    )
    again = wb.import_files(path, db=db_path, check_only=True, progress=False, lang="en")
    assert again.ok and again.files.loc[0, "rows_added"] == 2


def test_row_numbers_count_blank_lines(tmp_path, db_path, key_file):
    path = tmp_path / "blank_lines.csv"
    path.write_text(
        "Ngày tổ chức,Quận/Huyện,Đơn vị tổ chức,Hình thức\n05/03/2024,Ninh Kiều,Công an,Tập huấn\n\n"
        "06/03/2024,Hà Nội,Công an,Tập huấn\n",
        encoding="utf-8",
    )
    result = wb.import_files(path, db=db_path, check_only=True, progress=False, lang="en")
    assert result.errors[["row", "column", "problem"]].values.tolist() == [
        [4, "Quận/Huyện", "unknown district"]
    ]


AGE_GROUPS = [
    pytest.param("Nhóm tuổi", "0-8", "Người từ đủ 16 đến dưới 18 tuổi", True, id="0-8-aged-16-17"),
    pytest.param("Nhóm tuổi", "9-17", "Người từ đủ 18 tuổi trở lên", True, id="9-17-adult"),
    pytest.param("Nhóm tuổi", "30-38", "Người dưới 16 tuổi", True, id="adult-band-under-16"),
    pytest.param("Nhóm tuổi", "9-17", "Người từ đủ 16 đến dưới 18 tuổi", False, id="9-17-aged-16-17"),
    pytest.param("Nhóm tuổi", "24-26", "Người từ đủ 18 tuổi trở lên", False, id="adult"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("heading", "band", "group", "warned"), AGE_GROUPS)
def test_an_age_band_the_legal_age_group_rules_out_is_warned_of(
    fresh, key_file, tmp_path, heading, band, group, warned
):
    """The pairs the import warns of are the pairs publish mode's audit takes as holding nobody
    (_codes.age_band_conflicts): one rule for both."""
    rows = list(
        csv.reader((CORPUS / "good" / "victims_identified.csv").read_text(encoding="utf-8").splitlines())
    )
    rows[0].append("Trẻ em/Người lớn")
    rows[1][rows[0].index(heading)] = band
    rows[1].append(group)
    rows[2].append("Người từ đủ 18 tuổi trở lên")
    path = tmp_path / "victims_age.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = wb.import_files(path, db=fresh, check_only=True, progress=False, lang="en")
    assert result.ok, str(result)
    messages = result.warnings[result.warnings["problem"].str.contains("does not match the age band")]
    assert len(messages) == int(warned), result.warnings.to_string()
    if warned:
        assert band in messages.iloc[0]["problem"] and messages.iloc[0]["row"] == 2
