"""Every check an import makes on a record shows the cell as the file writes it and the column as
the file heads it: a district after the reform is 'Bình Thủy' (not its code), a count is '1.250'
(not 1250), a place column is 'Quận/Huyện' or 'District code' (not district_code). Messy files
(a title above the header, CSV and XLSX, Vietnamese and English headings, NFC and NFD text,
quotes and injection strings) are checked through `import_files` and the command alike."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest
import xlsxwriter

import workbench as wb
from workbench._cellsafe import neutralise
from workbench._cli import main

# The same fields headed as a district office writes them and as an English template does: every
# field of an event, the topic too (a column left out is a warning of its own, see
# test_import_missing_columns.py).
HEADS = {
    "vi": ["Ngày tổ chức", "Quận/Huyện", "Xã/Phường", "Đơn vị tổ chức", "Hình thức", "Số người tham dự",
           "Số tờ rơi", "Mã sự kiện", "Chủ đề"],
    "en": ["Event date", "District code", "Unit code", "Organiser", "Event type", "Attendees", "Leaflets",
           "Event ID", "Topic"],
}  # fmt: skip
DATE, DISTRICT, UNIT, ORGANISER, KIND, ATTENDEES, LEAFLETS, ID, TOPIC = range(9)
ROW = [
    "05/03/2024",
    "Ninh Kiều",
    "",
    "Hội LHPN",
    "Truyền thông cộng đồng",
    "45",
    "10",
    "EV-AS-1",
    "Di cư an toàn",
]
TITLE = "BÁO CÁO QUÝ III/2025"
SHEET = "Quý 3"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


AFTER = {DATE: "05/08/2025", UNIT: "Phường Cái Khế"}  # dated after the reform, with its new unit
DUPLICATE_ID = nfd("EV-'01\" ứ")  # quotes and a combining accent, as a clerk typed the id

# (the rows' cells that differ from ROW, the column, the cell as written, the problem in each
# language ({district}, {unit}, {id}: the file's headings quoted; {first}: the first row of a
# duplicate), severity). The problem is on the last row.
CASES = [
    pytest.param(
        [AFTER | {DISTRICT: "Bình Thủy"}],
        DISTRICT,
        "Bình Thủy",
        {
            "vi": "quận/huyện đã bị bãi bỏ từ ngày 01/07/2025 mà bản ghi này ghi ngày 05/08/2025: để "
            "trống {district} và ghi xã/phường mới vào {unit}",
            "en": "districts were abolished on 1 July 2025 and this record is dated 5 August 2025: leave "
            "{district} empty and give the new commune/ward in {unit}",
        },
        "error",
        id="district-after-reform-nfc",
    ),
    pytest.param(
        [AFTER | {DISTRICT: nfd(" Bình Thủy ")}],
        DISTRICT,
        nfd(" Bình Thủy "),
        {
            "vi": "quận/huyện đã bị bãi bỏ từ ngày 01/07/2025 mà bản ghi này ghi ngày 05/08/2025: để "
            "trống {district} và ghi xã/phường mới vào {unit}",
            "en": "districts were abolished on 1 July 2025 and this record is dated 5 August 2025: leave "
            "{district} empty and give the new commune/ward in {unit}",
        },
        "error",
        id="district-after-reform-nfd-spaced",
    ),
    pytest.param(
        [{ATTENDEES: "1.250"}],
        ATTENDEES,
        "1.250",
        {"vi": "lớn bất thường (trên 1.000)", "en": "unusually large (over 1,000)"},
        "warning",
        id="count-thousands-separator-warning",
    ),
    pytest.param(
        [{LEAFLETS: "2.000.000"}],
        LEAFLETS,
        "2.000.000",
        {"vi": "không hợp lý: hơn 1.000.000", "en": "implausible: more than 1,000,000"},
        "error",
        id="count-implausible",
    ),
    pytest.param(
        [{ATTENDEES: "-1.250"}],
        ATTENDEES,
        "-1.250",
        {"vi": "phải từ 0 trở lên", "en": "must be at least 0"},
        "error",
        id="count-negative",
    ),
    pytest.param(
        [{DATE: "5/3/15"}],
        DATE,
        "5/3/15",
        {"vi": "trước giai đoạn của chương trình", "en": "before the programme period"},
        "error",
        id="date-before-programme-short-year",
    ),
    pytest.param(
        [{DATE: "2099-01-01"}],
        DATE,
        "2099-01-01",
        {"vi": "ngày trong tương lai", "en": "in the future"},
        "error",
        id="date-in-the-future-iso",
    ),
    pytest.param(
        [{DISTRICT: "'; DROP TABLE victims; --"}],
        DISTRICT,
        "'; DROP TABLE victims; --",
        {"vi": "không có quận/huyện này", "en": "unknown district"},
        "error",
        id="district-sql-injection",
    ),
    pytest.param(
        [{ORGANISER: 'Hội "Phụ Lão"'}],
        ORGANISER,
        'Hội "Phụ Lão"',
        {"vi": "không có trong danh mục đơn vị tổ chức", "en": "unknown organiser"},
        "error",
        id="organiser-quoted",
    ),
    pytest.param(
        [{DATE: "30/06/2025", DISTRICT: "", UNIT: nfd("Phường Ninh Kiều")}],
        UNIT,
        nfd("Phường Ninh Kiều"),
        {
            "vi": "Phường Ninh Kiều (31135) là đơn vị sau sắp xếp năm 2025, có hiệu lực từ ngày 01/07/2025, "
            "nhưng bản ghi ghi ngày 30/06/2025: trước ngày đó ghi quận/huyện vào {district} (và, nếu "
            "muốn, xã/phường cũ vào {unit})",
            "en": "Phường Ninh Kiều (31135) is a unit of the 2025 reform, valid from 1 July 2025, but the "
            "record is dated 30 June 2025: before the reform give the district in {district} (and, "
            "optionally, the former commune in {unit})",
        },
        "error",
        id="new-unit-before-reform-nfd",
    ),
    pytest.param(
        [AFTER | {DISTRICT: "", ORGANISER: "Công an quận Ninh Kiều"}],
        ORGANISER,
        "Công an quận Ninh Kiều",
        {
            "vi": "Công an quận/huyện (district_police) đã kết thúc ngày 28/02/2025; bản ghi này ghi ngày "
            "05/08/2025",
            "en": "Công an quận/huyện (district_police) ended on 28 February 2025; this record is dated 5 "
            "August 2025",
        },
        "error",
        id="body-named-with-its-district-after-it-ended",
    ),
    pytest.param(
        [{ID: "=1+1"}],
        ID,
        "=1+1",
        {
            "vi": "mã bắt đầu bằng = + - hoặc @, bảng tính sẽ chạy nó như một công thức",
            "en": "an id starting with = + - or @, which a spreadsheet would run as a formula",
        },
        "error",
        id="id-formula",
    ),
    pytest.param(
        [{ID: DUPLICATE_ID}, {ID: DUPLICATE_ID, ATTENDEES: "60"}],
        ID,
        DUPLICATE_ID,
        {"vi": "trùng: cùng {id} với dòng {first}", "en": "duplicate: the same {id} as row {first}"},
        "error",
        id="duplicate-id-quotes-nfd",
    ),
]
WORDS = {
    "vi": {"error": "lỗi", "warning": "cảnh báo", "row": "dòng {}", "column": "cột {!r}"},
    "en": {"error": "error", "warning": "warning", "row": "row {}", "column": "column {!r}"},
}
SHEET_WORDS = {"vi": "trang tính {!r}", "en": "sheet {!r}"}


def _rows(changes: list[dict[int, str]]) -> list[list[str]]:
    rows = []
    for n, change in enumerate(changes, start=1):
        row = [*ROW[:ID], f"EV-AS-{n}", *ROW[ID + 1 :]]
        for i, text in change.items():
            row[i] = text
        rows.append(row)
    return rows


def _write(folder: Path, form: str, head: list[str], rows: list[list[str]]) -> tuple[Path, str, int]:
    """The file, its sheet's name and the row (as the user counts it) of its first data row: a
    title line above the header, as offices send them."""
    if form == "csv":
        path = folder / "báo cáo quý.csv"
        text = io.StringIO()
        csv.writer(text, delimiter=";", lineterminator="\r\n").writerows([[TITLE], head, *rows])
        path.write_text("\ufeff" + text.getvalue(), encoding="utf-8")  # with a BOM, as Excel saves it
        return path, "", 3
    path = folder / "báo cáo quý.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(SHEET)
    sheet.write_string(0, 0, TITLE)
    for r, line in enumerate([head, *rows], start=2):
        for c, text in enumerate(line):
            if text:
                sheet.write_string(r, c, text)  # as typed: '1.250' is text, not a number
    book.close()
    return path, SHEET, 4


@pytest.mark.slow  # imports each file twice (the function and the command)
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("heads", ["vi", "en"], ids=["vi-headings", "en-headings"])
@pytest.mark.parametrize("form", ["csv", "xlsx"])
@pytest.mark.parametrize(("changes", "column", "written", "problems", "severity"), CASES)
def test_the_message_shows_the_cell_as_written_under_the_file_s_heading(
    changes, column, written, problems, severity, form, heads, lang, db_path, key_file, tmp_path, capsys
):
    head = HEADS[heads]
    rows = _rows(changes)
    path, sheet, first = _write(tmp_path, form, head, rows)
    row = first + len(rows) - 1
    problem = problems[lang].format(
        district=repr(head[DISTRICT]), unit=repr(head[UNIT]), id=repr(head[ID]), first=first
    )
    events = wb.connect(db_path).sql("SELECT count(*) AS n FROM events").loc[0, "n"]

    result = wb.import_files(path, db=db_path, check_only=True, progress=False, lang=lang)

    shown = result.problems[result.problems["severity"] != "note"]
    got = [
        tuple(p)
        for p in shown[["file", "sheet", "row", "column", "value", "problem", "severity"]].itertuples(
            index=False
        )
    ]
    assert got == [(path.name, sheet, row, head[column], written, problem, severity)]
    assert wb.connect(db_path).sql("SELECT count(*) AS n FROM events").loc[0, "n"] == events

    # The command prints the same: file, sheet, row, heading and the cell as written.
    code = main(["import", "--check", "--lang", lang, "--db", str(db_path), str(path)])
    assert code == (1 if severity == "error" else 0)
    words = WORDS[lang]
    where = ", ".join(
        [path.name]
        + ([SHEET_WORDS[lang].format(sheet)] if sheet else [])
        + [words["row"].format(row), words["column"].format(head[column])]
    )
    line = f"  {words[severity]}: {where}: {neutralise(written)!r} {problem}"
    printed = capsys.readouterr().out
    assert any(shown_line.startswith(line) for shown_line in printed.splitlines()), printed


# A victim file: its cells are never repeated, but the columns are named as the file heads them.
VICTIM_HEADS = [
    pytest.param(
        ["Họ và tên", "Số CCCD", "Ngày tiếp nhận", "Quận/Huyện", "Giới tính"], "Họ và tên / Số CCCD", id="vi"
    ),
    pytest.param(
        ["Full name", "ID number", "Reception date", "District code", "Sex"], "Full name / ID number", id="en"
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("head", "column"), VICTIM_HEADS)
def test_a_person_without_a_name_or_id_is_said_under_the_file_s_headings(
    head, column, db_path, key_file, tmp_path
):
    path = tmp_path / "nạn nhân.csv"
    path.write_text(
        ",".join(head) + "\n" + "Nguyễn Thị Hoa,,14/06/2023,Ninh Kiều,Nữ\n" + ",,15/06/2023,Ninh Kiều,Nữ\n",
        encoding="utf-8",
    )
    result = wb.import_files(path, db=db_path, check_only=True, progress=False, lang="en")
    got = [
        tuple(e) for e in result.errors[["file", "row", "column", "value", "problem"]].itertuples(index=False)
    ]
    assert got == [(path.name, 3, column, "", "no name or ID-card number for this person")]


SET_FOR_THE_FILE = [
    pytest.param("vi", "trước giai đoạn của chương trình", id="vi"),
    pytest.param("en", "before the programme period", id="en"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "problem"), SET_FOR_THE_FILE)
def test_a_value_set_for_the_whole_file_is_shown_as_given(lang, problem, db_path, key_file, tmp_path):
    path = tmp_path / "không ngày.csv"
    head = [h for i, h in enumerate(HEADS["vi"]) if i != DATE]
    cells = [c for i, c in enumerate(ROW) if i != DATE]
    path.write_text(",".join(head) + "\n" + ",".join(cells) + "\n", encoding="utf-8")
    result = wb.import_files(
        path, db=db_path, check_only=True, progress=False, lang=lang, defaults={"event_date": "5/3/15"}
    )
    got = [tuple(e) for e in result.errors[["row", "column", "value", "problem"]].itertuples(index=False)]
    assert got == [(2, "(set event_date)", "5/3/15", problem)]
