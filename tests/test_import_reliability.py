"""An import never loses a column or a cell quietly, never echoes a victim's cell, never writes a
live formula, and ends every bad input in a message, not a traceback: through the command, down to
the bytes it prints and writes, with the database unchanged."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter
from windows_fs import database_bytes

import workbench as wb
from workbench._errors import UnknownFieldError

pytestmark = pytest.mark.slow  # most tests run the command in a fresh process

HEADER = ["Ngày tổ chức", "Quận/Huyện", "Đơn vị tổ chức", "Hình thức", "Số người tham dự"]
ROW = ["05/03/2024", "Ninh Kiều", "Công an", "Tập huấn", "45"]


def _sha(path: Path) -> str:
    return hashlib.sha256(database_bytes(path)).hexdigest()


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _command(*args: str | bytes, key_file: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workbench._cli", "import", "--lang", "en", *args],
        capture_output=True,
        env={**os.environ, "WORKBENCH_KEY_FILE": str(key_file)},
        check=False,
    )


# ------------------------------------------------------------------ bad inputs through the command


def _random_bytes(folder: Path) -> Path:
    path = folder / "ngau_nhien.csv"
    path.write_bytes(bytes(range(256)) * 16 + os.urandom(2048))
    return path


def _huge_cell(folder: Path) -> Path:
    return _csv(folder / "o_qua_lon.csv", [HEADER, [*ROW[:3], "x" * 140_000, "5"]])


def _empty(folder: Path) -> Path:
    path = folder / "rong.csv"
    path.write_bytes(b"")
    return path


def _a_folder(folder: Path) -> Path:
    path = folder / "thu_muc.csv"
    path.mkdir()
    return path


def _sparse_sheet(folder: Path) -> Path:
    path = folder / "thua_thot.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Báo cáo")
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ROW)
    sheet.write(199_999, 1_999, "x")  # one stray cell: a reader would ask for 12.8 GB
    book.close()
    return path


BAD_INPUTS = [
    pytest.param(_random_bytes, "ngau_nhien.csv", "cannot tell the text encoding", id="random-bytes"),
    pytest.param(_huge_cell, "o_qua_lon.csv", "line 2, cell 4: 140,000 characters", id="cell-over-128KB"),
    pytest.param(
        lambda folder: _csv(folder / "o_300k.csv", [HEADER, [*ROW[:3], "x" * 300_000, "5"]]),
        "o_300k.csv",
        "line 2, cell 4: over 128 KB (more than 131,072 characters)",
        id="cell-larger-than-the-sample",
    ),
    pytest.param(_empty, "rong.csv", "the file is empty (0 bytes)", id="empty-file"),
    pytest.param(_a_folder, "thu_muc.csv", "is a folder, not a file", id="a-folder"),
    pytest.param(
        _sparse_sheet,
        "thua_thot.xlsx",
        "sheet 'Báo cáo': its used area reaches row 200,000 and column BXX (400,000,000 cells",
        id="sparse-sheet",
    ),
]


@pytest.mark.parametrize(("make", "name", "message"), BAD_INPUTS)
def test_bad_input_ends_in_a_message_naming_the_file(make, name, message, fresh, key_file, tmp_path):
    path = make(tmp_path)
    before = _sha(fresh)
    run = _command(str(path), "--db", str(fresh), key_file=key_file)
    out, err = run.stdout.decode(), run.stderr.decode()
    assert run.returncode == 1, out + err
    assert "Traceback" not in err, err
    assert f"{name}: refused" in out
    assert f"error: {name}" in out and message in out, out
    assert _sha(fresh) == before  # not a byte of the database changed


def test_a_file_name_that_is_not_utf8_is_imported_and_printed(fresh, key_file, tmp_path):
    name = b"b\xe1o_c\xe1o_c\xfb.csv"  # Windows-1258 bytes, as an old system names files
    path = os.path.join(os.fsencode(tmp_path), name)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, ROW])
    problems = tmp_path / "problems.csv"
    run = _command(path, "--db", str(fresh), "--problems", str(problems), key_file=key_file)
    out, err = run.stdout.decode(), run.stderr.decode()
    assert run.returncode == 0, out + err
    assert "b\ufffdo_c\ufffdo_c\ufffd.csv: imported — 1 added" in out
    head = b"\xef\xbb\xbffile,sheet,row,column,value,problem,suggestion,severity\r\n"  # for Excel
    assert problems.read_bytes().startswith(head)
    with wb.connect(fresh) as db:
        assert db.sql("SELECT count(*) AS n FROM imports WHERE file LIKE 'b%o_c%.csv'").loc[0, "n"] == 1


def test_problems_into_a_missing_folder_is_created_before_the_import(fresh, key_file, tmp_path):
    good = _csv(tmp_path / "tot.csv", [HEADER, ROW])
    target = tmp_path / "chua_co" / "van_chua_co" / "problems.csv"
    run = _command(str(good), "--db", str(fresh), "--problems", str(target), key_file=key_file)
    assert run.returncode == 0, run.stdout.decode() + run.stderr.decode()
    assert target.is_file()
    assert f"wrote the problem table to {target}" in run.stdout.decode()


def test_problems_that_cannot_be_written_refuse_before_anything_is_imported(fresh, key_file, tmp_path):
    good = _csv(tmp_path / "tot.csv", [HEADER, ROW])
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    before = _sha(fresh)
    run = _command(str(good), "--db", str(fresh), "--problems", str(blocker / "p.csv"), key_file=key_file)
    assert run.returncode == 2
    assert "--problems: cannot create the folder" in run.stderr.decode()
    assert "Traceback" not in run.stderr.decode()
    assert _sha(fresh) == before
    assert not (fresh.parent / "imports").exists() or not list((fresh.parent / "imports").glob("2*"))


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_problems_are_never_written_through_a_link_or_left_readable(fresh, key_file, tmp_path, link):
    """A victim file's problem table was written through a link into its target, 0644, and over a
    file already there without narrowing it: the table names the file's rows and counts them."""
    good = _csv(tmp_path / "tot.csv", [HEADER, ROW])
    shared = tmp_path / "shared.csv"
    shared.write_text("published\n")
    shared.chmod(0o644)
    target = tmp_path / "problems.csv"
    getattr(target, f"{link}_to")(shared)
    before = _sha(fresh)
    run = _command(str(good), "--db", str(fresh), "--problems", str(target), key_file=key_file)
    assert run.returncode == 2
    assert f"--problems: {target}" in run.stderr.decode() and "link" in run.stderr.decode()
    assert shared.read_text() == "published\n"
    assert _sha(fresh) == before  # refused before anything was imported
    target.unlink()
    target.write_text("an earlier table\n")
    target.chmod(0o644)
    run = _command(str(good), "--db", str(fresh), "--problems", str(target), key_file=key_file)
    assert run.returncode == 0, run.stdout.decode() + run.stderr.decode()
    assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("option", "message"),
    [
        pytest.param(
            "--set=organizer=police", "unknown field 'organizer' — did you mean 'organiser'?", id="set"
        ),
        pytest.param(
            "--header=Đơn vị=organizr", "unknown field 'organizr' — did you mean 'organiser'?", id="header"
        ),
        pytest.param("--set=organiser", "--set 'organiser' is not NAME=VALUE", id="not-a-pair"),
    ],
)
def test_unknown_fields_are_usage_errors_with_the_closest_field(option, message, fresh, key_file, tmp_path):
    good = _csv(tmp_path / "tot.csv", [HEADER, ROW])
    before = _sha(fresh)
    run = _command(str(good), "--db", str(fresh), option, key_file=key_file)
    assert run.returncode == 2
    assert message in run.stderr.decode()
    assert _sha(fresh) == before


def test_unknown_defaults_key_is_an_error_from_the_library_too(fresh, key_file, tmp_path):
    good = _csv(tmp_path / "tot.csv", [HEADER, ROW])
    with pytest.raises(UnknownFieldError, match="did you mean 'organiser'"):
        wb.import_files(good, db=fresh, defaults={"organizer": "police"}, progress=False, lang="en")


# ------------------------------------------------------------------ columns and cells never lost quietly


def test_an_unknown_column_holding_data_is_a_printed_warning(fresh, key_file, tmp_path):
    path = _csv(tmp_path / "cot_la.csv", [[*HEADER, "Số tờ rơ"], [*ROW, "300"]])
    run = _command(str(path), "--db", str(fresh), "--check", key_file=key_file)
    out = run.stdout.decode()
    assert run.returncode == 0, out
    # the column it does not know, and the two fields the file has no column for
    assert "3 warning(s)" in out
    assert (
        "warning: cot_la.csv: the file has no column 'Chủ đề' (topic): 1 record(s) recorded as unknown" in out
    )
    assert (
        "warning: cot_la.csv: the file has no column 'Số tờ rơi' (leaflets): 1 record(s) recorded as 0" in out
    )
    assert (
        "warning: cot_la.csv, column 'Số tờ rơ': a column the header dictionary does not know holds "
        "data in 1 row(s): not imported — the closest field is leaflets ('Số tờ rơi')" in out
    )
    assert "--header 'Số tờ rơ=leaflets'" in out


@pytest.mark.parametrize(
    ("heading", "field", "cell", "stored"),
    [
        pytest.param("Số tờ rơi đã phát ra", "leaflets", "300", 300, id="word-added"),
        pytest.param("Số lượt người tham", "attendees", "45", 45, id="word-dropped"),
        pytest.param("Số người tham dự (nữ)", "attendees", "40", 40, id="women-in-brackets"),
        pytest.param("Số người tham dự (trong đó nữ)", "attendees", "40", 40, id="of-whom-women"),
        pytest.param("Số người tham dự nữ", "attendees", "40", 40, id="women-added"),
        pytest.param("Số người không tham dự", "attendees", "7", 7, id="absent"),
    ],
)
def test_a_count_heading_one_word_away_or_qualified_is_read_with_a_warning(
    heading, field, cell, stored, fresh, key_file, tmp_path
):
    """Women only, people absent, leaflets left: a count heading taken for the dictionary's
    changes the totals, so it is said aloud (a warning shown by default), with how to map it
    otherwise; units in brackets ('(người)') are read without a word."""
    header = [h for h in HEADER if h != "Số người tham dự"] + [heading]
    path = _csv(tmp_path / "gan_dung.csv", [header, [*ROW[:4], cell]])
    result = wb.import_files(path, db=fresh, progress=False, lang="en")
    assert result.ok, result.report(notes=True)
    warned = result.problems[
        (result.problems["severity"] == "warning") & (result.problems["column"] == heading)
    ]
    assert f"read as {field}" in " ".join(warned["problem"])
    assert f"--header '{heading}=ignored'" in " ".join(warned["suggestion"])
    assert f"read as {field}" in result.report()  # shown without --notes
    with wb.connect(fresh) as db:
        got = db.sql(
            f"SELECT {field} AS v FROM events WHERE event_id NOT LIKE 'EV-20%' AND event_date = '2024-03-05'"
        )
    assert got["v"].tolist() == [stored]


@pytest.mark.parametrize(
    ("heading", "headers", "stored"),
    [
        pytest.param("Số người tham dự (người)", None, 40, id="unit-in-brackets"),
        pytest.param(
            "Số người tham dự (nữ)", {"Số người tham dự (nữ)": "attendees"}, 40, id="mapped-on-purpose"
        ),
        pytest.param(
            "Số người tham dự (nữ)", {"Số người tham dự (nữ)": "ignored"}, None, id="left-out-on-purpose"
        ),
    ],
)
def test_a_count_heading_said_plainly_or_mapped_on_purpose_is_read_without_a_warning(
    heading, headers, stored, fresh, key_file, tmp_path
):
    header = [h for h in HEADER if h != "Số người tham dự"] + [heading]
    path = _csv(tmp_path / "ro.csv", [header, [*ROW[:4], "40"]])
    result = wb.import_files(path, db=fresh, progress=False, lang="en", headers=headers)
    assert result.ok, result.report(notes=True)
    assert "read as attendees" not in result.report(notes=True)
    with wb.connect(fresh) as db:
        got = db.sql(
            "SELECT attendees FROM events WHERE event_id NOT LIKE 'EV-20%' AND event_date = '2024-03-05'"
        )
    assert [None if pd.isna(v) else v for v in got["attendees"]] == [stored]


def test_two_columns_of_one_count_that_disagree_are_refused_row_by_row(fresh, key_file, tmp_path):
    """'Số lượt người tham dự' 120 beside 'Số người tham dự' 80: the first was read and the second
    ignored, with a warning, and the import went in. Where they differ, or only the second is
    filled, the row is refused naming both columns; where they agree it goes in."""
    header = [*HEADER[:4], "Số lượt người tham dự", "Số người tham dự", "Tờ rơi", "Số tờ rơi"]
    rows = [
        header,
        ["05/03/2024", "Ninh Kiều", "Công an", "Tập huấn", "120", "80", "400", "400"],
        ["06/03/2024", "Ninh Kiều", "Công an", "Tập huấn", "50", "50", "", "100"],
        ["07/03/2024", "Ninh Kiều", "Công an", "Tập huấn", "30", "30", "10", ""],
        ["Tổng cộng", "", "", "", "200", "160", "410", "500"],
    ]
    result = wb.import_files(_csv(tmp_path / "hai_cot.csv", rows), db=fresh, progress=False, lang="en")
    assert not result.ok
    errors = result.problems[result.problems["severity"] == "error"]
    assert list(zip(errors["row"].astype(int), errors["column"], errors["value"], strict=True)) == [
        (2, "Số người tham dự", "80"),
        (3, "Số tờ rơi", "100"),
    ]
    assert "where column 'Số lượt người tham dự' holds '120'" in errors["problem"].iloc[0]
    agreeing = [header, [*rows[1][:5], "120", "400", "400"], rows[3]]
    second = wb.import_files(_csv(tmp_path / "cung.csv", agreeing), db=fresh, progress=False, lang="en")
    assert second.ok, second.report(notes=True)
    with wb.connect(fresh) as db:
        got = db.sql(
            "SELECT attendees, leaflets FROM events WHERE event_id NOT LIKE 'EV-20%' "
            "AND event_date >= '2024-03-05' ORDER BY event_date"
        )
    assert got.values.tolist() == [[120, 400], [30, 10]]


@pytest.mark.parametrize(
    "summary",
    ["Tổng hợp", "TONG CONG", "Tổng hợp quý 2", "TH", "TH Q2", "BC tổng hợp", "Báo cáo tổng hợp", "Summary"],
)
def test_a_summary_sheet_beside_the_records_is_left_out_and_said(summary, fresh, key_file, tmp_path):
    """A quarter's sheet and a 'Tổng hợp' sheet adding it up: the summary's row of totals went in as
    one more event (210 attendees, the quarter counted twice), with no word. Beside other sheets
    it is left out, with a warning naming it; a file whose only records are on it imports them."""
    quarter = [["05/03/2024", "Ninh Kiều", "Công an", "Tập huấn", str(40 + i)] for i in range(3)]
    both, alone = tmp_path / "quy.xlsx", tmp_path / "tong.xlsx"
    for path, sheets in ((both, [("Quý 1", quarter), (summary, [["31/03/2024", *ROW[1:4], "123"]])]),
                         (alone, [(summary, [["06/03/2024", *row[1:]] for row in quarter])])):  # fmt: skip
        with xlsxwriter.Workbook(path) as book:
            for name, rows in sheets:
                sheet = book.add_worksheet(name)
                for r, row in enumerate([HEADER, *rows]):
                    sheet.write_row(r, 0, row)
    result = wb.import_files(both, db=fresh, progress=False, lang="en")
    assert result.ok, result.report(notes=True)
    assert result.rows_added == 3
    warned = result.problems[result.problems["problem"].str.contains("summary sheet")]
    assert list(zip(warned["sheet"], warned["severity"], strict=True)) == [(summary, "warning")]
    assert "a summary sheet beside the sheets it adds up: not imported" in warned["problem"].iloc[0]
    assert wb.import_files(alone, db=fresh, progress=False, lang="en").rows_added == 3


@pytest.mark.parametrize(
    ("headings", "headers", "stored"),
    [
        pytest.param(
            ["Tổng số người tham dự", "Số người tham dự (trong đó nữ)"], None, 50, id="total-beside-women"
        ),
        pytest.param(
            ["Số người tham dự", "SỐ NGƯỜI THAM DỰ (TRONG ĐÓ NỮ)"], None, 50, id="plain-beside-women"
        ),
        pytest.param(["SỐ NGƯỜI THAM DỰ (TRONG ĐÓ NỮ)", "Số người tham dự"], None, 50, id="women-first"),
        pytest.param(
            ["Số người tham dự", "Số người tham dự (trong đó nữ)"],
            {"Số người tham dự (trong đó nữ)": "ignored"},
            50,
            id="women-left-out-on-purpose",
        ),
    ],
)
def test_a_qualified_count_beside_the_count_itself_is_not_read_for_it(
    headings, headers, stored, fresh, key_file, tmp_path
):
    """A total and its women: the women's count was stored as attendees (the total, unknown to the
    dictionary, dropped); and `--header 'X (trong đó nữ)=ignored'` left out the plain column too, as
    brackets are ignored when headings are matched. The count itself is read; the part is not,
    with a warning."""
    women = headings.index(next(h for h in headings if "nữ" in h.lower()))
    cells = ["20" if i == women else "50" for i in range(2)]
    path = _csv(tmp_path / "nu.csv", [[*HEADER[:4], *headings], [*ROW[:4], *cells]])
    result = wb.import_files(path, db=fresh, progress=False, lang="en", headers=headers)
    assert result.ok, result.report(notes=True)
    with wb.connect(fresh) as db:
        got = db.sql(
            "SELECT attendees FROM events WHERE event_id NOT LIKE 'EV-20%' AND event_date = '2024-03-05'"
        )
    assert got["attendees"].tolist() == [stored]
    if headers is None:
        said = result.report()
        assert f"column '{headings[women]}': a column the header dictionary does not know holds data" in said


def test_two_columns_of_one_count_the_first_empty_say_to_leave_the_empty_one_out(fresh, key_file, tmp_path):
    header = [*HEADER[:4], "Số người tham dự", "Số lượt người tham gia"]
    path = _csv(tmp_path / "trong.csv", [header, [*ROW[:4], "", "100"]])
    result = wb.import_files(path, db=fresh, progress=False, lang="en")
    assert not result.ok
    [fix] = result.problems[result.problems["severity"] == "error"]["suggestion"]
    assert "--header 'Số người tham dự=ignored'" in fix


def test_the_command_prints_notes_or_says_how_many_it_hides(fresh, key_file, tmp_path):
    path = _csv(
        tmp_path / "to_chuc.csv",
        [HEADER, ["05/03/2024", "Ninh Kiều", "Hội LHPN quận Ninh Kiều", "Tập huấn", "5"]],
    )
    quiet = _command(str(path), "--db", str(fresh), "--check", key_file=key_file).stdout.decode()
    assert "(1 note(s) not shown: add --notes to see them" in quiet
    loud = _command(str(path), "--db", str(fresh), "--check", "--notes", key_file=key_file).stdout.decode()
    assert (
        "note: to_chuc.csv, column 'Đơn vị tổ chức': 'Hội LHPN quận Ninh Kiều' read as "
        "district_womens_union: a district-level body; the place written after the name is not part of "
        "the code" in loud
    )


@pytest.mark.parametrize(
    ("organiser", "code"),
    [
        # Written with its district, a body is the district-level one (which ended with the
        # districts on 30 June 2025: tests/test_bodies.py); with the city or a ward, the body itself.
        pytest.param("Hội LHPN quận Ninh Kiều", "district_womens_union", id="district"),
        pytest.param("Công an TP Cần Thơ", "police", id="city"),
        pytest.param("Đoàn Thanh niên phường An Hòa", "youth_union", id="ward"),
        pytest.param("Hội LHPN Cái Răng", "district_womens_union", id="name-only"),
        pytest.param("Công an quận Ninh Kiều", "district_police", id="district-police"),
        pytest.param("Công an phường An Hòa", "commune_police", id="ward-police"),
    ],
)
def test_an_organisation_written_with_its_place_resolves_to_its_code(
    organiser, code, fresh, key_file, tmp_path
):
    path = _csv(tmp_path / "noi.csv", [HEADER, ["05/03/2024", "Ninh Kiều", organiser, "Tập huấn", "5"]])
    result = wb.import_files(path, db=fresh, progress=False, lang="en")
    assert result.ok, result.report(notes=True)
    with wb.connect(fresh) as db:
        got = db.sql(
            "SELECT organiser FROM events WHERE event_id NOT LIKE 'EV-20%' AND event_date = '2024-03-05'"
        )
    assert got["organiser"].tolist() == [code]


def _xlsx_with_bad_cells(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Quý 1")
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ROW[:4])
    sheet.write_formula(1, 4, "=1/0", None, "#DIV/0!")
    sheet.write_row(2, 0, ["06/03/2024", *ROW[1:4]])
    sheet.write_formula(2, 4, "=A1+B1", None, "")  # saved without its value
    sheet.write_row(3, 0, ["07/03/2024", *ROW[1:4]])
    sheet.write_formula(3, 4, "=VLOOKUP(A1,Z:Z,2)", None, "#N/A")
    book.close()
    return path


def test_unreadable_spreadsheet_cells_are_errors_naming_the_cell(fresh, key_file, tmp_path):
    path = _xlsx_with_bad_cells(tmp_path / "cong_thuc.xlsx")
    result = wb.import_files(path, db=fresh, progress=False, lang="en")
    assert result.files.loc[0, "status"] == "refused"
    got = result.errors[["file", "sheet", "row", "column", "value", "problem"]].values.tolist()
    assert got == [
        ["cong_thuc.xlsx", "Quý 1", 2, "Số người tham dự", "#DIV/0!",
         "an error value (#DIV/0!) from a formula: the cell has no value"],
        ["cong_thuc.xlsx", "Quý 1", 3, "Số người tham dự", "",
         "a formula saved without its value (the program that wrote the file does not calculate)"],
        ["cong_thuc.xlsx", "Quý 1", 4, "Số người tham dự", "#N/A",
         "an error value (#N/A) from a formula: the cell has no value"],
    ]  # fmt: skip


def test_a_formula_value_in_a_workbook_never_calculated_is_an_error_naming_the_cell(
    fresh, key_file, tmp_path
):
    # XlsxWriter, like most programs that write XLSX files, marks the workbook fullCalcOnLoad="1":
    # the 0 saved with the formula is a placeholder, not the attendance.
    path = tmp_path / "chua_tinh.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Quý 1")
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ROW[:4])
    sheet.write_formula(1, 4, "=20+25", None, 0)
    book.close()
    run = _command(str(path), "--db", str(fresh), key_file=key_file)
    assert run.returncode == 1
    out = run.stdout.decode()
    assert "chua_tinh.xlsx: refused" in out
    assert "row 2, column 'Số người tham dự'" in out and "a formula never calculated" in out, out


@pytest.mark.parametrize(
    ("event_id", "problem"),
    [
        pytest.param('=HYPERLINK("http://x","bấm")', "an id starting with = + - or @", id="formula"),
        pytest.param("A" * 5000, "an id of 5,000 characters: at most 64", id="too-long"),
        pytest.param("SK\x0701", "an id holding a control character", id="control"),
        pytest.param("#N/A", "an error value (#N/A) from a formula, not an id", id="error-value"),
    ],
)
def test_free_text_ids_are_checked(event_id, problem, fresh, key_file, tmp_path):
    path = _csv(tmp_path / "ma.csv", [["Mã sự kiện", *HEADER], ["SK-01", *ROW], [event_id, *ROW[:4], "6"]])
    result = wb.import_files(path, db=fresh, check_only=True, progress=False, lang="en")
    assert result.errors[["row", "column"]].values.tolist() == [[3, "Mã sự kiện"]]
    assert result.errors.loc[0, "problem"].startswith(problem)


def test_the_problem_table_holds_no_live_formula(fresh, key_file, tmp_path):
    name = "=cmd.csv"
    path = _csv(
        tmp_path / name, [["Mã sự kiện", *HEADER, "@Cột"], ["-2+3", *ROW, "x"], ["=1+1", *ROW[:4], "7", "y"]]
    )
    problems = tmp_path / "problems.csv"
    run = _command(str(path), "--db", str(fresh), "--check", "--problems", str(problems), key_file=key_file)
    assert run.returncode == 1
    rows = list(csv.reader(io.StringIO(problems.read_text(encoding="utf-8-sig"))))
    assert len(rows) > 3
    cells = [c for r in rows for c in r]
    assert "'=cmd.csv" in cells and "'@Cột" in cells and "'=1+1" in cells
    assert not [c for c in cells if c.lstrip()[:1] in ("=", "+", "-", "@")]


@pytest.mark.parametrize("text", [" =1+1", "\u00a0 @SUM(A1)", "  -2+3", "\t=cmd"])
def test_a_formula_behind_leading_spaces_is_defused_too(text):
    import pandas as pd

    from workbench._cellsafe import neutralise, neutralise_frame

    assert neutralise(text) == "'" + text
    frame = neutralise_frame(pd.DataFrame({text: [text, 5]}))
    assert frame.columns.tolist() == ["'" + text] and frame.iloc[0, 0] == "'" + text and frame.iloc[1, 0] == 5


# ------------------------------------------------------------------ victim files: no cell echoed

VICTIM_HEADER = [
    "Họ và tên",
    "Ngày sinh",
    "Số điện thoại",
    "Địa chỉ",
    "Giới tính",
    "Quận/Huyện",
    "Ngày tiếp nhận",
]
PHONE, STREET, WARD = "0912345678", "12 đường Thử Nghiệm", "phường An Hòa"


def test_a_shifted_victim_row_never_echoes_its_cells(fresh, key_file, tmp_path):
    path = tmp_path / "nan_nhan.csv"
    path.write_text(
        ",".join(VICTIM_HEADER) + "\n"
        "Lê Thị Mai,01/02/1990,0900000001,khu vực 1,Nữ,Ninh Kiều,14/06/2023\n"
        # an unquoted comma in the address shifts the phone number and the ward into the wrong columns
        f"Trần Thị Lan,02/03/1991,Nữ,{PHONE},{STREET},{WARD},Ninh Kiều,15/06/2023\n",
        encoding="utf-8",
    )
    problems = tmp_path / "problems.csv"
    run = _command(str(path), "--db", str(fresh), "--problems", str(problems), key_file=key_file)
    assert run.returncode == 1
    written = [run.stdout, run.stderr, problems.read_bytes()]
    for secret in (PHONE, STREET, WARD, "Trần Thị Lan", "Lan", "02/03/1991", "Lê Thị Mai", "0900000001"):
        for blob in written:
            assert secret.encode("utf-8") not in blob, (secret, blob.decode())
    out = run.stdout.decode()
    assert (
        "error: nan_nhan.csv, row 3, column '(column H, no heading)': the row has 8 cells, the header 7"
        in out
    )
    table = list(csv.DictReader(io.StringIO(problems.read_text(encoding="utf-8-sig"))))
    errors = [r for r in table if r["severity"] == "error"]
    assert {(r["row"], r["column"]) for r in errors} >= {("3", "Giới tính"), ("3", "Quận/Huyện")}
    by_column = {r["column"]: r for r in errors}
    assert by_column["Giới tính"]["problem"] == "unknown sex"
    assert by_column["Giới tính"]["suggestion"].startswith("Valid: Nữ (female), Nam (male)")
    assert by_column["Quận/Huyện"]["problem"] == "unknown district"
    assert {r["value"] for r in table} <= {"", "(not shown: victim record)"}
    with wb.connect(fresh) as db:
        assert db.sql("SELECT count(*) AS n FROM victims WHERE reception_date >= '2023-06-14' "
                      "AND reception_date <= '2023-06-15'").loc[0, "n"] == 0  # fmt: skip


# ------------------------------------------------------------------ fuzzing


def _fuzz_files(folder: Path, seed: int, count: int) -> list[Path]:
    """Bad files of every kind the importer meets, generated from a fixed seed."""
    import random

    rng = random.Random(seed)
    made = []
    for i in range(count):
        kind = i % 9
        if kind == 0:  # random bytes, under a name that promises a table
            path = folder / f"f{i}.{rng.choice(['csv', 'xlsx', 'tsv'])}"
            path.write_bytes(rng.randbytes(rng.randrange(1, 6000)))
        elif kind == 1:  # rows shifted by stray separators, cells dropped
            rows = [HEADER] + [
                [c for c in ROW if rng.random() > 0.2] + [str(rng.randrange(99))] * rng.randrange(3)
                for _ in range(rng.randrange(1, 30))
            ]
            path = _csv(folder / f"f{i}.csv", rows)
        elif kind == 2:  # odd encodings, cut anywhere
            text = "\n".join(",".join(r) for r in [HEADER, ROW, ROW]) + "\n"
            encoding = rng.choice(["utf-16", "utf-16-be", "cp1258", "utf-8-sig", "utf-32", "latin-1"])
            data = unicodedata.normalize("NFD", text).encode(encoding, "replace")
            path = folder / f"f{i}.csv"
            path.write_bytes(data[: rng.randrange(1, len(data) + 1)])
        elif kind == 3:  # a good file with random bytes flipped
            data = bytearray("\n".join(",".join(r) for r in [HEADER, ROW, ROW]).encode())
            for _ in range(rng.randrange(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            path = folder / f"f{i}.csv"
            path.write_bytes(bytes(data))
        elif kind == 4:  # huge or sparse sheets
            path = folder / f"f{i}.xlsx"
            book = xlsxwriter.Workbook(str(path))
            sheet = book.add_worksheet()
            sheet.write_row(0, 0, HEADER)
            sheet.write_row(1, 0, ROW)
            sheet.write(rng.randrange(50_000, 1_048_575), rng.randrange(100, 16_383), "x")
            book.close()
        elif kind == 5:  # formula and error cells anywhere
            path = folder / f"f{i}.xlsx"
            book = xlsxwriter.Workbook(str(path))
            sheet = book.add_worksheet()
            sheet.write_row(0, 0, HEADER)
            for r in range(1, rng.randrange(2, 8)):
                sheet.write_row(r, 0, ROW)
                sheet.write_formula(
                    r, rng.randrange(5), "=1/0", None, rng.choice(["#DIV/0!", "#REF!", "", "#VALUE!"])
                )
            book.close()
        elif kind == 6:  # a spreadsheet cut short
            good = folder / f"g{i}.xlsx"
            _xlsx_with_bad_cells(good)
            data = good.read_bytes()
            path = folder / f"f{i}.xlsx"
            path.write_bytes(data[: rng.randrange(1, len(data))])
        elif kind == 8:  # a victim list whose rows are shifted by unquoted commas in addresses
            lines = [",".join(VICTIM_HEADER)]
            for n in range(rng.randrange(1, 6)):
                address = ", ".join([f"{n} {STREET}", WARD][: rng.randrange(1, 3)])
                cells = [f"Nguyễn Văn {n}", "01/02/1990", PHONE, address, "Nam", "Ninh Kiều", "14/06/2023"]
                if rng.random() < 0.3:
                    rng.shuffle(cells)
                lines.append(",".join(cells))
            if all(", " not in line for line in lines[1:]):
                lines.append(f"X,01/02/1990,{PHONE},{STREET}, {WARD},Nam,Ninh Kiều,14/06/2023")
            path = folder / f"f{i}.csv"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        else:  # hostile cells: long, control characters, formulas, quotes
            cell = rng.choice(["=1+1", "\x00\x01", "x" * rng.randrange(1, 200_000), '"', "@SUM(A1)", "#N/A"])
            row = list(ROW)
            row[rng.randrange(len(row))] = cell
            path = _csv(folder / f"f{i}.csv", [["Mã sự kiện", *HEADER], [cell, *row]])
        made.append(path)
    return made


def test_fuzzing_the_importer_ends_in_messages_with_nothing_lost(fresh, key_file, tmp_path):
    files = _fuzz_files(tmp_path, seed=12, count=54)
    refused = 0
    for path in files:
        before = _sha(fresh)
        try:
            result = wb.import_files(path, db=fresh, progress=False, lang="en")
        except wb.WorkbenchError:
            assert _sha(fresh) == before, path.name
            continue
        status = result.files.loc[0, "status"]
        if status == "refused":
            refused += 1
            assert len(result.errors), path.name
            assert _sha(fresh) == before, path.name
        shown = result.report(notes=True) + result.problems.to_csv()
        assert "Traceback" not in shown
        assert PHONE not in shown and STREET not in shown and WARD not in shown, path.name
    assert refused == len(files)  # every generated file is bad (the seed is fixed)
    with wb.connect(fresh) as db:
        assert db.sql("SELECT count(*) AS n FROM events").loc[0, "n"] > 3000


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_empty_count_cells_are_said_not_taken_in_silence(suffix, fresh, key_file, tmp_path):
    topic = "Di cư an toàn"
    rows = [
        [*HEADER, "Số tờ rơi", "Chủ đề"],
        [*ROW, "", topic],
        ["06/03/2024", *ROW[1:4], "", "300", topic],
        ["07/03/2024", *ROW[1:], "5", topic],
        # a coded cell left empty (not a required one: an empty 'Hình thức' is an error)
        ["08/03/2024", *ROW[1:4], "12", "5", ""],
    ]
    path = tmp_path / f"trong.{suffix}"
    if suffix == "csv":
        _csv(path, rows)
    else:
        book = xlsxwriter.Workbook(str(path))
        sheet = book.add_worksheet()
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
        book.close()
    result = wb.import_files(path, db=fresh, check_only=True, progress=False, lang="en")
    assert result.ok, result.report(notes=True)
    notes = result.problems[result.problems["severity"] == "note"][["column", "problem"]].values.tolist()
    assert ["Số người tham dự", "1 empty cell(s) left empty (count unknown)"] in notes
    assert ["Số tờ rơi", "1 empty cell(s) recorded as 0"] in notes
    assert ["Chủ đề", "1 empty cell(s) recorded as unknown"] in notes


@pytest.mark.parametrize(
    "value", [pytest.param("polise", id="unknown"), pytest.param("police", id="valid-but-conflicting")]
)
def test_set_for_a_field_the_file_has_is_an_error_naming_its_column(value, fresh, key_file, tmp_path):
    good = _csv(tmp_path / "tot.csv", [HEADER, ROW])
    before = _sha(fresh)
    run = _command(str(good), "--db", str(fresh), f"--set=organiser={value}", key_file=key_file)
    assert run.returncode == 1
    out = run.stdout.decode()
    assert "tot.csv: refused" in out
    assert "the file has a column for organiser ('Đơn vị tổ chức')" in out, out
    assert _sha(fresh) == before


def test_hidden_sheets_and_rows_are_said_not_taken_in_silence(fresh, key_file, tmp_path):
    path = tmp_path / "an.xlsx"
    book = xlsxwriter.Workbook(str(path))
    shown = book.add_worksheet("Báo cáo")
    shown.write_row(0, 0, HEADER)
    for r in range(1, 5):
        shown.write_row(r, 0, [f"0{r + 4}/03/2024", *ROW[1:4], str(10 + r)])
    shown.set_row(2, None, None, {"hidden": True})  # spreadsheet rows 3 and 5
    shown.set_row(4, None, None, {"hidden": True})
    draft = book.add_worksheet("Nháp")
    draft.write_row(0, 0, HEADER)
    draft.write_row(1, 0, ["09/03/2024", *ROW[1:]])
    draft.hide()
    book.close()
    run = _command(str(path), "--db", str(fresh), key_file=key_file)
    out = run.stdout.decode()
    assert run.returncode == 0, out
    assert "an.xlsx: imported — 4 added" in out, out
    assert (
        "warning: an.xlsx, sheet 'Báo cáo': row(s) 3, 5 are hidden in the spreadsheet and were read "
        "like the others — unhide them to check they belong to the report"
    ) in out
    assert "warning: an.xlsx, sheet 'Nháp': a hidden sheet: not imported — if this sheet holds" in out


def test_a_file_whose_only_report_is_hidden_is_refused_saying_so(fresh, key_file, tmp_path):
    path = tmp_path / "an.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Trống").write_string(0, 0, "")
    draft = book.add_worksheet("Báo cáo")
    draft.write_row(0, 0, HEADER)
    draft.write_row(1, 0, ROW)
    draft.hide()
    book.close()
    run = _command(str(path), "--db", str(fresh), key_file=key_file)
    assert run.returncode == 1
    assert "'Báo cáo', are hidden: unhide the sheet" in run.stderr.decode() + run.stdout.decode()


VICTIM_HEAD = ["Họ và tên", "Ngày sinh", "Số CCCD", "Ngày tiếp nhận", "Quận/Huyện", "Giới tính", "Nhóm tuổi",
               "Nước bị đưa đến", "Hình thức bóc lột"]  # fmt: skip
VICTIM = ["Trần Thị Lan", "02/09/1999", "092199004321", "14/06/2023", "Ninh Kiều", "Nữ", "24-26", "Campuchia",
          "Cưỡng bức lao động"]  # fmt: skip
OTHER_AGE_AND_EXPLOITATION = [*VICTIM[:6], "21-23", VICTIM[7], "Bóc lột tình dục"]


def test_a_victim_twice_in_a_file_is_said_with_the_columns_that_differ_never_their_values(
    fresh, key_file, tmp_path
):
    path = _csv(tmp_path / "nan_nhan.csv", [VICTIM_HEAD, VICTIM, OTHER_AGE_AND_EXPLOITATION])
    run = _command(str(path), "--db", str(fresh), "--kind", "victims", key_file=key_file)
    out = run.stdout.decode() + run.stderr.decode()
    assert run.returncode == 1, out
    assert (
        "row 3" in out
        and "the same person (same ID-card number, or same name and birth date) as row 2" in out
    )
    assert "the rows differ in 'Nhóm tuổi', 'Hình thức bóc lột'" in out, out
    assert "check which of the two rows is right" in out
    assert "delete one" not in out and "same date, place, organiser" not in out and "new key" not in out
    assert "21-23" not in out and "Bóc lột tình dục" not in out and "Trần" not in out


def test_a_victim_already_in_the_database_with_other_values_names_every_differing_column(
    fresh, key_file, tmp_path
):
    first = _csv(tmp_path / "dot1.csv", [VICTIM_HEAD, VICTIM])
    assert _command(str(first), "--db", str(fresh), "--kind", "victims", key_file=key_file).returncode == 0
    again = _csv(tmp_path / "dot2.csv", [VICTIM_HEAD, OTHER_AGE_AND_EXPLOITATION])
    run = _command(str(again), "--db", str(fresh), "--kind", "victims", key_file=key_file)
    out = run.stdout.decode() + run.stderr.decode()
    assert run.returncode == 1, out
    assert (
        "this person is already in the database with a different value in 'Nhóm tuổi', 'Hình thức bóc lột'"
        in out
    )
    assert "check which record is right" in out
    assert "new key" not in out and "delete" not in out
    assert "21-23" not in out and "Bóc lột tình dục" not in out and "Trần" not in out


def test_a_heading_given_with_header_may_start_with_equals_and_is_printed_defused(fresh, key_file, tmp_path):
    heading = '=HYPERLINK("http://x";"bấm")'
    path = _csv(
        tmp_path / "tieu_de.csv", [[*HEADER, heading], [*ROW, "Di cư an toàn"], [*ROW[:4], "7", "@SUM(1)"]]
    )
    run = _command(
        str(path), "--db", str(fresh), "--check", "--notes", f"--header={heading}=topic", key_file=key_file
    )
    out = run.stdout.decode()
    assert run.returncode == 1, out + run.stderr.decode()  # '@SUM(1)' is no topic
    assert "column '=HYPERLINK" not in out and "'=HYPERLINK(" in out, out
    assert '"\'@SUM(1)"' in out and " '@SUM(1)'" not in out, out
