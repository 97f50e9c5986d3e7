"""Files as offices make them: a title line above the header written with fewer separators than
the header, a total row whose formulas were never calculated, the same file imported twice. What
the user sees: the headings named, the rows added, the lines printed."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import xlsxwriter

import workbench as wb
from workbench._cli import main

HEADER = ["Ngày tổ chức", "Quận/Huyện", "Đơn vị tổ chức", "Hình thức", "Số người tham dự", "Số tờ rơi"]
ROWS = [
    ["05/03/2024", "Q. Ninh Kiều", "Hội LHPN", "Truyền thông cộng đồng", "45", "1.234"],
    ["2024-3-6", "thot not", "Hội LHPN", "Truyền thông cộng đồng", "60", "1,500"],
]


def _lines(*rows: list[str], separator: str = ";") -> str:
    return "".join(separator.join(r) + "\r\n" for r in rows)


# Above the header: what a clerk's program wrote before it, each with fewer cells than the header
# (an empty line directly above it was joined with it as a two-row header, cut to its width).
ABOVE_THE_HEADER = [
    pytest.param([["BÁO CÁO QUÝ I/2024"]], id="title-one-cell"),
    pytest.param([[""] * 6], id="empty-line-of-six"),
    pytest.param([["BÁO CÁO QUÝ I/2024", "", ""], [""] * 3], id="title-and-empty-line-of-three"),
    pytest.param([["BÁO CÁO QUÝ I/2024"] + [""] * 6, [""] * 6], id="padded-title-and-empty-line-of-six"),
]


@pytest.mark.parametrize("above", ABOVE_THE_HEADER)
def test_lines_above_the_header_with_fewer_cells_cut_no_heading_off(above, tmp_path, db_path, key_file):
    # The last heading, one the dictionary does not know, was cut off: every row was refused as
    # "shifted" (the row has 7 cells, the header 6) instead of the column being warned of.
    path = tmp_path / "bao_cao.csv"
    rows = [[*r, "Chị Lan"] for r in ROWS]
    path.write_text("\ufeff" + _lines(*above, [*HEADER, "Người phụ trách"], *rows), encoding="utf-8")
    result = wb.import_files(path, db=db_path, check_only=True, progress=False, lang="en")
    assert result.ok, str(result)
    assert result.files.loc[0, "rows_added"] == 2
    warned = [w.problem for w in result.warnings.itertuples() if w.column == "Người phụ trách"]
    assert warned == ["a column the header dictionary does not know holds data in 2 row(s): not imported"]
    shown = str(result)
    assert "shifted" not in shown and "no heading" not in shown and "Chị Lan" not in shown


def _report(path: Path, total_formulas: bool, data_formula: bool) -> Path:
    # XlsxWriter marks the workbook fullCalcOnLoad: the values saved with formulas are placeholders.
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Báo cáo")
    sheet.merge_range(0, 0, 0, 5, "BÁO CÁO QUÝ I/2024")
    sheet.write_row(2, 0, HEADER)
    for r, row in enumerate(ROWS, start=3):
        sheet.write_row(r, 0, row)
    if data_formula:
        sheet.write_formula(4, 4, "=30+30", None, 0)
    sheet.write(5, 0, "Tổng cộng")
    if total_formulas:
        sheet.write_formula(5, 4, "=SUM(E4:E5)", None, 0)
        sheet.write_formula(5, 5, "=SUM(F4:F5)", None, 0)
    book.close()
    return path


FORMULAS = [
    pytest.param(True, False, True, [], id="total-row-formulas-skipped-with-the-row"),
    pytest.param(False, False, True, [], id="total-row-without-formulas"),
    pytest.param(
        True,
        True,
        False,
        [[5, "Số người tham dự", "a formula never calculated"]],
        id="data-row-formula-still-refused",
    ),
]


@pytest.mark.parametrize(("total_formulas", "data_formula", "ok", "errors"), FORMULAS)
def test_a_total_row_s_uncalculated_formulas_do_not_refuse_the_report(
    total_formulas, data_formula, ok, errors, tmp_path, db_path, key_file
):
    path = _report(tmp_path / "bao_cao.xlsx", total_formulas, data_formula)
    result = wb.import_files(path, db=db_path, check_only=True, progress=False, lang="en")
    assert result.ok is ok, str(result)
    got = [[e.row, e.column, e.problem.split(":")[0]] for e in result.errors.itertuples()]
    assert got == errors
    if ok:
        assert result.files.loc[0, "rows_added"] == 2
        assert "total row(s) skipped" in result.report(notes=True)


@pytest.mark.slow  # imports into a copy of the database
def test_the_batch_of_a_file_imported_again_is_listed_as_adding_nothing(tmp_path, fresh, key_file, capsys):
    path = tmp_path / "bao_cao.csv"
    path.write_text(_lines(HEADER, *ROWS), encoding="utf-8")
    first = wb.import_files(path, db=fresh, progress=False, lang="en")
    again = wb.import_files(path, db=fresh, progress=False, lang="en")
    assert (first.rows_added, again.rows_added) == (2, 0)
    assert main(["imports", "list", "--db", str(fresh), "--lang", "en"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "bao_cao.csv" in line]
    assert len(lines) == 2
    assert lines[0].endswith("bao_cao.csv  events: 2 rows")
    assert lines[1].endswith("bao_cao.csv  0 rows added (already there)")


REMARKS = "gọi 0911000333, CCCD 092198000333"  # what a clerk writes in a victim list's remarks
VICTIM_HEAD = ["Họ và tên", "Ngày sinh", "Số CCCD", "Ngày tiếp nhận", "Quận/Huyện", "Giới tính", "Nhóm tuổi"]
VICTIM = ["Võ Thị Mẫu", "02/01/1998", "092198000111", "01/06/2023", "Vĩnh Thạnh", "Nữ", "24-26"]

# A remarks column is not imported: said on every path, its cells never repeated.
REMARK_FILES = [
    pytest.param("su_kien.csv", HEADER, ROWS[0], "Ghi chú", "Hoãn 1 lần do mưa", id="events-csv"),
    pytest.param("su_kien_hoa.csv", HEADER, ROWS[0], "GHI CHU (nếu có)", "Hủy", id="events-csv-unaccented"),
    pytest.param("su_kien.xlsx", HEADER, ROWS[0], "Ghi chú", "Hoãn 1 lần do mưa", id="events-xlsx"),
    pytest.param("nan_nhan.csv", VICTIM_HEAD, VICTIM, "Ghi chú", REMARKS, id="victims-csv"),
    pytest.param("nan_nhan.xlsx", VICTIM_HEAD, VICTIM, "Ghi chú", REMARKS, id="victims-xlsx"),
]


def _table(path: Path, rows: list[list[str]]) -> Path:
    if path.suffix == ".xlsx":
        book = xlsxwriter.Workbook(str(path))
        sheet = book.add_worksheet("Danh sách")
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
        book.close()
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return path


@pytest.mark.parametrize(("name", "head", "row", "heading", "remark"), REMARK_FILES)
def test_a_remarks_column_is_said_not_imported_and_never_repeated(
    name, head, row, heading, remark, tmp_path, db_path, key_file
):
    path = _table(tmp_path / name, [[*head, heading], [*row, remark]])
    result = wb.import_files(path, db=db_path, check_only=True, progress=False, lang="en")
    assert result.ok, result.report(notes=True)
    notes = result.problems[result.problems["severity"] == "note"]
    said = notes[notes["column"] == heading]["problem"].tolist()
    assert said == ["not imported (the workbench keeps no free text)"]
    shown = result.report(notes=True)
    where = f"{name}, sheet 'Danh sách'" if name.endswith(".xlsx") else name
    assert f"  note: {where}, column '{heading}': not imported (the workbench keeps no free text) — " in shown
    assert "0911000333" not in shown and "Hoãn" not in shown
    assert not result.problems.astype(str).apply(lambda c: c.str.contains("0911000333")).any().any()


@pytest.mark.slow  # imports into a copy of the database
def test_a_victim_list_s_remarks_are_not_stored(tmp_path, fresh, key_file):
    path = _table(tmp_path / "nan_nhan.csv", [[*VICTIM_HEAD, "Ghi chú"], [*VICTIM, REMARKS]])
    result = wb.import_files(path, db=fresh, progress=False, lang="en")
    assert result.ok and result.rows_added == 1, str(result)
    stored = [p.read_bytes() for p in fresh.parent.glob(fresh.name + "*")]  # every generation too
    stored += [p.read_bytes() for p in (fresh.parent / "imports").rglob("*") if p.is_file()]
    for secret in ("0911000333", "092198000333", "092198000111", "Võ Thị Mẫu"):
        for encoded in (secret.encode("utf-8"), secret.encode("utf-16-le")):
            assert not any(encoded in blob for blob in stored), secret


PLACE_HEAD = ["Ngày tổ chức", "Quận/Huyện", "Xã/Phường", "Đơn vị tổ chức", "Hình thức", "Số người tham dự"]
EMPTY_PLACES = [
    pytest.param(
        ["05/03/2024", "", "", "Công an", "Tập huấn", "30"],
        "Quận/Huyện",
        "a record dated before 1 July 2025 needs its district",
        "Valid districts: Ninh Kiều (916), Ô Môn (917),",
        id="no-district-before-the-reform",
    ),
    pytest.param(
        ["05/08/2025", "", "", "Công an", "Tập huấn", "30"],
        "Xã/Phường",
        "a record dated from 1 July 2025 on needs its new commune/ward",
        "fill in the new commune/ward, by name or GSO code",
        id="no-unit-after-the-reform",
    ),
]


@pytest.mark.parametrize(("row", "column", "problem", "suggestion"), EMPTY_PLACES)
def test_an_empty_place_cell_says_what_to_write(
    row, column, problem, suggestion, tmp_path, db_path, key_file
):
    path = _table(tmp_path / "dia_ban.csv", [PLACE_HEAD, ["06/03/2024", "Cờ Đỏ", "", *row[3:]], row])
    result = wb.import_files(path, db=db_path, check_only=True, progress=False, lang="en")
    got = result.errors[["row", "column", "value", "problem"]].values.tolist()
    assert got == [[3, column, "", problem]]
    assert suggestion in result.errors.loc[0, "suggestion"]
    assert f"row 3, column '{column}': {problem} — " in result.report()


# A report form's header: a group heading over two counts, and a row numbering the columns.
FORM_TOP = ["STT", *HEADER[:4], "Kết quả", ""]
FORM_SUB = ["", "", "", "", "", "Số người tham dự", "Số tờ rơi"]
FORM_ROWS = [["1", *ROWS[0]], ["2", *ROWS[1][:4], "abc", "5"]]  # 'abc' attendees: row 5 (or 4)
NUMBERED = [
    pytest.param(".csv", [str(n) for n in range(1, 8)], 5, id="csv-numbers"),
    pytest.param(".csv", [f"({n})" for n in range(1, 8)], 5, id="csv-numbers-in-brackets"),
    pytest.param(".xlsx", [f"({n})" for n in range(1, 8)], 5, id="xlsx-numbers-in-brackets"),
    pytest.param(".csv", None, 4, id="csv-no-numbering-row"),
    pytest.param(".xlsx", None, 4, id="xlsx-no-numbering-row"),
]


@pytest.mark.parametrize(("suffix", "numbering", "bad_row"), NUMBERED)
def test_a_group_heading_and_a_numbering_row_are_read_as_the_header(
    suffix, numbering, bad_row, tmp_path, db_path, key_file
):
    # The group heading made 'Kết quả Số người tham dự', a heading the dictionary does not know
    # (the attendance lost, with a warning); the numbering row was read as a record (5 errors).
    top = [FORM_TOP, FORM_SUB, *([numbering] if numbering else [])]
    path = _table(tmp_path / f"bieu_mau{suffix}", [*top, *FORM_ROWS])
    result = wb.import_files(path, db=db_path, check_only=True, progress=False, lang="en")
    got = result.errors[["row", "column", "value", "problem"]].values.tolist()
    assert got == [[bad_row, "Số người tham dự", "abc", "not a number"]], result.report()
    # No warning of an unknown column; the form has no topic column, which is said (of its two
    # records: the numbering row is no record).
    assert result.warnings["problem"].tolist() == [
        "the file has no column 'Chủ đề' (topic): 2 record(s) recorded as unknown"
    ], result.report()
    path = _table(tmp_path / f"bieu_mau_dung{suffix}", [*top, FORM_ROWS[0]])
    assert (
        wb.import_files(path, db=db_path, check_only=True, progress=False, lang="en").files.loc[
            0, "rows_added"
        ]
        == 1
    )
