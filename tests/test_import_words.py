"""What an importer reads, in the language they chose: every problem, suggestion, summary and report
line in Vietnamese (the default) or English, with the same facts (file, row, column, value, what
is valid, the closest match), dates as each language writes them (01/07/2025, 1 July 2025) and
never as ISO dates. The values shown are the cells as given, hostile ones included."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

import workbench as wb
from workbench._cli import main
from workbench._errors import UnknownCodeError
from workbench._import_words import IMPORT_WORDS, import_text
from workbench._units import resolve_unit_on
from workbench._words import date_text, moment_text

EVENTS = [
    "Ngày tổ chức",
    "Quận/Huyện",
    "Xã/Phường",
    "Đơn vị tổ chức",
    "Hình thức",
    "Chủ đề",
    "Số người tham dự",
]
GOOD = [
    "05/03/2024",
    "Ninh Kiều",
    "",
    "Hội LHPN",
    "Truyền thông cộng đồng",
    "Phòng, chống mua bán người",
    "40",
]
VICTIMS = ["Họ và tên", "Ngày sinh", "Ngày tiếp nhận", "Quận/Huyện", "Giới tính", "Nhóm tuổi"]
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
INJECTION = "'; DROP TABLE events; --"
NFD_NAME = unicodedata.normalize("NFD", "Hội Nông dân")  # combining marks, as some Mac keyboards type


def _csv(head: list[str], *rows: list[str]) -> str:
    def cell(text: str) -> str:
        return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(ch in text for ch in '",\n') else text

    return "".join(",".join(cell(c) for c in line) + "\n" for line in [head, *rows])


def _event(**cells: str) -> list[str]:
    row = dict(zip(EVENTS, GOOD, strict=True)) | {EVENTS[int(k[1:])]: v for k, v in cells.items()}
    return [row[h] for h in EVENTS]


# (file head, bad row, column, value shown, {lang: (words in the problem, words in the suggestion)})
CASES = [
    pytest.param(
        EVENTS,
        _event(c1='Ninh Kieu "Q"'),
        "Quận/Huyện",
        'Ninh Kieu "Q"',
        {
            "vi": ("không có quận/huyện này", "có phải 'Ninh Kiều' (916)? Hợp lệ: Ninh Kiều (916)"),
            "en": ("unknown district", "did you mean 'Ninh Kiều' (916)? Valid: Ninh Kiều (916)"),
        },
        id="district-with-quotes",
    ),
    pytest.param(
        EVENTS,
        _event(c3=NFD_NAME),
        "Đơn vị tổ chức",
        NFD_NAME,
        {
            "vi": ("không có trong danh mục đơn vị tổ chức", "Hợp lệ: Sở LĐ-TB&XH (dolisa)"),
            "en": ("unknown organiser", "Valid: Sở LĐ-TB&XH (dolisa)"),
        },
        id="organiser-nfd",
    ),
    pytest.param(
        EVENTS,
        _event(c4=INJECTION),
        "Hình thức",
        INJECTION,
        {
            "vi": ("không có trong danh mục loại hoạt động", "Hợp lệ: Tuyên truyền lồng ghép"),
            "en": ("unknown event type", "Valid: Tuyên truyền lồng ghép"),
        },
        id="event-type-injection",
    ),
    pytest.param(
        EVENTS,
        _event(c6="=1+1"),
        "Số người tham dự",
        "=1+1",
        {"vi": ("không phải số", "viết một số nguyên"), "en": ("not a number", "write a whole number")},
        id="count-formula",
    ),
    pytest.param(
        EVENTS,
        _event(c0="03/15/2024"),
        "Ngày tổ chức",
        "03/15/2024",
        {
            "vi": ("không phải ngày theo thứ tự ngày/tháng/năm", "có phải 15/03/2024?"),
            "en": ("not a date in day/month/year order", "did you mean 15/03/2024?"),
        },
        id="date-month-first",
    ),
    pytest.param(
        EVENTS,
        _event(c0="01/01/2015"),
        "Ngày tổ chức",
        "01/01/2015",
        {
            "vi": ("trước giai đoạn của chương trình", "bắt đầu từ ngày 01/01/2016"),
            "en": ("before the programme period", "records start on 1 January 2016"),
        },
        id="date-before-programme",
    ),
    pytest.param(
        EVENTS,
        _event(c0="05/08/2025", c1="Ninh Kiều", c2="Phường Cái Khế"),
        "Quận/Huyện",
        "Ninh Kiều",  # the cell as written, not the district's code
        {
            "vi": ("bị bãi bỏ từ ngày 01/07/2025 mà bản ghi này ghi ngày 05/08/2025", ""),
            "en": ("abolished on 1 July 2025 and this record is dated 5 August 2025", ""),
        },
        id="district-after-reform",
    ),
    pytest.param(
        EVENTS,
        _event(c0="30/06/2025", c1="", c2="Phường Ninh Kiều"),
        "Xã/Phường",
        "Phường Ninh Kiều",
        {
            "vi": ("có hiệu lực từ ngày 01/07/2025, nhưng bản ghi ghi ngày 30/06/2025", ""),
            "en": ("valid from 1 July 2025, but the record is dated 30 June 2025", ""),
        },
        id="new-unit-too-early",
    ),
    pytest.param(
        EVENTS,
        _event(c0="05/08/2025", c1="", c2="Phường Cái Khế", c3="Công an quận Ninh Kiều"),
        "Đơn vị tổ chức",
        "Công an quận Ninh Kiều",  # the cell as written, not the label of the body it reads as
        {
            "vi": (
                "(district_police) đã kết thúc ngày 28/02/2025; bản ghi này ghi ngày 05/08/2025",
                "từ ngày",
            ),
            "en": ("(district_police) ended on 28 February 2025; this record is dated 5 August 2025", "from"),
        },
        id="body-ended",
    ),
    pytest.param(
        VICTIMS,
        ["Nguyễn Thị Hoa", "02/09/1999", "14/06/2023", "Ninh Kiều", 'Nữ"; DROP TABLE victims; --', "24-26"],
        "Giới tính",
        None,  # a victim file's cell is never repeated
        {
            "vi": ("không có trong danh mục giới tính", "Hợp lệ: Nữ (female)"),
            "en": ("unknown sex", "Valid: Nữ (female)"),
        },
        id="victim-sex-injection-not-shown",
    ),
    pytest.param(
        VICTIMS,
        ["Trần Văn Bình", "01/01/2000", "14/06/2023", "Ninh Kieu Q", "Nam", "24-26"],
        "Quận/Huyện",
        None,
        {"vi": ("không có quận/huyện này", "Hợp lệ: Ninh Kiều (916)"), "en": ("unknown district", "Valid:")},
        id="victim-district-no-guess",
    ),
]
NOT_SHOWN = {"vi": "(không hiện: hồ sơ nạn nhân)", "en": "(not shown: victim record)"}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("head", "row", "column", "shown", "words"), CASES)
def test_the_problem_reads_in_the_language_chosen(
    head, row, column, shown, words, lang, db_path, key_file, tmp_path
):
    path = tmp_path / "bad.csv"
    path.write_text(_csv(head, row), encoding="utf-8")
    result = wb.import_files(path, db=db_path, check_only=True, progress=False, lang=lang)
    errors = result.errors
    assert len(errors) == 1, errors.to_string()
    error = errors.iloc[0]
    problem, suggestion = words[lang]
    assert (error["file"], error["row"], error["column"]) == ("bad.csv", 2, column)
    assert problem in error["problem"], error["problem"]
    assert suggestion in error["suggestion"], error["suggestion"]
    assert error["value"] == (NOT_SHOWN[lang] if shown is None else shown)
    if shown is None:  # no guess derived from the cell either, in either language
        said = error["problem"] + error["suggestion"]
        assert "did you mean" not in said and "có phải" not in said and "DROP" not in said
    assert not ISO_DATE.search(error["problem"] + error["suggestion"])
    other = "en" if lang == "vi" else "vi"
    assert problem not in _all_words(other) or problem in _all_words(lang)
    report = result.report()
    assert (f"dòng {2}" if lang == "vi" else "row 2") in report
    assert ("lỗi:" if lang == "vi" else "error:") in report
    assert error["problem"] in report


def _all_words(lang: str) -> str:
    return "\n".join(pair[0 if lang == "vi" else 1] for pair in IMPORT_WORDS.values())


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "summary", "note"),
    [
        pytest.param(
            "vi", "bị từ chối — 0 bản ghi được thêm, 0 bản ghi đã có, 1 lỗi, 1 cảnh báo", "ghi chú", id="vi"
        ),
        pytest.param(
            "en", "refused — 0 added, 0 already there, 1 error(s), 1 warning(s)", "note(s)", id="en"
        ),
    ],
)
def test_the_command_prints_the_report_in_the_language_chosen(
    lang, summary, note, db_path, key_file, tmp_path, capsys
):
    path = tmp_path / "báo cáo.csv"
    path.write_text(_csv([*EVENTS, "Ghi chú"], [*_event(c1='=HYPERLINK("x")'), "hủy"]), encoding="utf-8")
    problems = tmp_path / "out" / "problems.csv"
    argv = ["import", str(path), "--check", "--db", str(db_path), "--problems", str(problems)]
    assert main([*argv, "--lang", lang] if lang == "en" else argv) == 1
    out = capsys.readouterr().out
    assert f"báo cáo.csv: {summary}" in out
    assert ": '=HYPERLINK" not in out and "\\'=HYPERLINK" in out  # the cell shown defused
    assert note in out
    # the warning: the file has no leaflets column, so each record's leaflets are 0
    assert (
        "tệp không có cột 'Số tờ rơi' (leaflets): 1 bản ghi được ghi là 0"
        if lang == "vi"
        else "the file has no column 'Số tờ rơi' (leaflets): 1 record(s) recorded as 0"
    ) in out
    assert import_text("wrote_problems", lang, path=problems) in out
    table = problems.read_text(encoding="utf-8-sig")
    assert ("không có quận/huyện này" if lang == "vi" else "unknown district") in table


def test_an_unknown_language_is_refused_before_anything_is_read(tmp_path):
    with pytest.raises(UnknownCodeError, match="Unknown lang 'fr'") as caught:
        wb.import_files(tmp_path / "missing.csv", db=tmp_path / "db.duckdb", progress=False, lang="fr")
    assert caught.value.valid == ("vi", "en")
    assert not (tmp_path / "db.duckdb").exists()


@pytest.mark.parametrize(
    ("given", "on", "lang", "text"),
    [
        pytest.param(
            "Phường Ninh Kiều", dt.date(2025, 6, 30), "vi", "có hiệu lực từ ngày 01/07/2025", id="unit-vi"
        ),
        pytest.param("Phường Ninh Kiều", dt.date(2025, 6, 30), "en", "valid from 1 July 2025", id="unit-en"),
        pytest.param("Phường An Hòa", dt.date(2025, 7, 1), "vi", "đến hết ngày 30/06/2025", id="ward-vi"),
        pytest.param("Phường An Hòa", dt.date(2025, 7, 1), "en", "valid until 30 June 2025", id="ward-en"),
        pytest.param(
            "Phuong Cai Khee", dt.date(2025, 8, 1), "vi", "có phải 'Phường Cái Khế (31120)'?", id="typo-vi"
        ),
        pytest.param(
            "Phuong Cai Khee",
            dt.date(2025, 8, 1),
            "en",
            "did you mean 'Phường Cái Khế (31120)'?",
            id="typo-en",
        ),
        pytest.param(INJECTION, dt.date(2025, 8, 1), "vi", "ngày 01/08/2025", id="injection-vi"),
        pytest.param(INJECTION, dt.date(2025, 8, 1), "en", "on 1 August 2025", id="injection-en"),
        pytest.param(
            unicodedata.normalize("NFD", "Phường Ninh Kiều"),
            dt.date(2025, 6, 30),
            "vi",
            "01/07/2025",
            id="nfd-vi",
        ),
    ],
)
def test_place_rules_say_dates_as_the_language_writes_them(given, on, lang, text):
    with pytest.raises(ValueError) as caught:
        resolve_unit_on(given, on, lang)
    assert text in str(caught.value)
    assert not ISO_DATE.search(str(caught.value))


@pytest.mark.parametrize(
    ("given", "lang", "shown"),
    [
        pytest.param(dt.date(2025, 7, 1), "vi", "01/07/2025", id="vi"),
        pytest.param(dt.date(2025, 7, 1), "en", "1 July 2025", id="en"),
        pytest.param("2025-02-28", "en", "28 February 2025", id="iso-text-en"),
        pytest.param("not a date", "vi", "not a date", id="as-given"),
    ],
)
def test_one_date_formatter(given, lang, shown):
    assert date_text(given, lang) == shown


def test_a_stored_time_is_shown_with_the_languages_date():
    assert moment_text("2026-11-29 08:05:00", "vi") == "29/11/2026 08:05:00"
    assert moment_text("2026-11-29 08:05:00", "en") == "29 November 2026 08:05:00"
    assert moment_text(None, "en") == "None"


def test_every_import_message_has_both_languages_and_the_same_fields():
    fields = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")
    for key, (vi, en) in IMPORT_WORDS.items():
        assert vi and en, key
        assert set(fields.findall(vi)) == set(fields.findall(en)), key
        assert not ISO_DATE.search(vi + en), key


@pytest.mark.parametrize(
    ("lang", "shown"),
    [pytest.param("vi", "công bố 15/07/2021", id="vi"), pytest.param("en", "released 15 July 2021", id="en")],
)
def test_a_context_source_s_release_date_on_a_figure_reads_as_the_language_writes_it(lang, shown):
    from workbench._context import context_note

    chosen = {"source": "CTDC", "profile": "ctdc", "k": 11, "release_date": dt.date(2021, 7, 15)}
    note = context_note(chosen, lang)
    assert shown in note
    assert not ISO_DATE.search(note)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "problem", "suggestion"),
    [
        pytest.param("vi", "trùng: cùng 'Mã sự kiện' với dòng 2", "xóa một trong hai dòng", id="vi"),
        pytest.param(
            "en", "duplicate: the same 'Mã sự kiện' as row 2", "delete one of the two rows", id="en"
        ),
    ],
)
def test_a_duplicate_key_is_named_with_its_value_as_given(
    lang, problem, suggestion, db_path, key_file, tmp_path
):
    key = "EV-'01\" ư\u0301"  # quotes and a combining accent in the key a clerk typed
    path = tmp_path / "dup.csv"
    path.write_text(_csv(["Mã sự kiện", *EVENTS], [key, *GOOD], [key, *GOOD]), encoding="utf-8")
    result = wb.import_files(path, db=db_path, check_only=True, progress=False, lang=lang)
    error = result.errors.iloc[0]
    # the id exactly as the file writes it (decomposed), not as it would be stored (composed)
    assert unicodedata.normalize("NFC", key) != key
    assert (error["row"], error["column"], error["value"]) == (3, "Mã sự kiện", key)
    assert error["problem"] == problem and error["suggestion"] == suggestion


EXAMPLE_REPORT = Path(__file__).parents[1] / "data" / "examples" / "ninh_kieu_quy3_2024.xlsx"
CORPUS = Path(__file__).parent / "import_corpus"
# Words of the other language in a line: an English message inside a Vietnamese report.
ENGLISH = re.compile(r"\b(?:sheet|skipped|recognises|remarks|not imported|hidden|converted|read as)\b")
# What the importer prints of the example report (an instructions sheet, the quarter's sheet with a
# remarks column): the sheet skipped named as the sheet the note is about, the remarks said once.
EXAMPLE_NOTES = {
    "vi": [
        "  ghi chú: ninh_kieu_quy3_2024.xlsx, trang tính 'Hướng dẫn': không có dòng tiêu đề nào khớp với "
        "từ điển tiêu đề: bỏ qua — nếu trang tính có bản ghi cần nhập, thêm tiêu đề của nó bằng --header "
        "'Tiêu đề=trường' (headers={...})",
        "  ghi chú: ninh_kieu_quy3_2024.xlsx, trang tính 'Quý III', cột 'Ghi chú': không nhập (workbench "
        "không lưu văn bản tự do) — ghi chú làm thay đổi bản ghi (hủy, hoãn, tính hai lần) phải được sửa "
        "trong chính các ô của bản ghi: sửa các ô đó, hoặc bỏ dòng ra",
    ],
    "en": [
        "  note: ninh_kieu_quy3_2024.xlsx, sheet 'Hướng dẫn': no header row the header dictionary "
        "recognises: skipped — if the sheet holds records to import, add its headings with --header "
        "'Heading=field' (headers={...})",
        "  note: ninh_kieu_quy3_2024.xlsx, sheet 'Quý III', column 'Ghi chú': not imported (the workbench "
        "keeps no free text) — a remark that changes a record (cancelled, postponed, counted twice) must "
        "be made in the record's own cells: correct them, or leave the row out",
    ],
}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_example_report_s_notes_read_in_the_language_chosen_of_the_sheet_they_are_about(
    lang, db_path, key_file, capsys
):
    argv = ["import", "--check", "--notes", str(EXAMPLE_REPORT), "--db", str(db_path)]
    assert main([*argv, "--lang", lang] if lang == "en" else argv) == 0
    lines = capsys.readouterr().out.splitlines()
    for expected in EXAMPLE_NOTES[lang]:
        assert expected in lines, "\n".join(lines)
    said = [line for line in lines if line.startswith("  ")]
    assert len(said) == 6, "\n".join(lines)
    # the sheet read says nothing of the sheet skipped
    assert not [line for line in said if "'Quý III'" in line and "Hướng dẫn" in line]
    for line in said:
        severity, rest = line.strip().split(": ", 1)
        # the severity is said once, at the start of the line: no 'ghi chú: ghi chú: ...'
        assert not re.search(r": (ghi chú|lỗi|cảnh báo|note|error|warning|remarks):", rest), line
        if lang == "vi":
            assert severity in ("ghi chú", "cảnh báo"), line
            assert not ENGLISH.search(rest), line


def _hidden_parts(path: Path, hidden_rows: int) -> Path:
    """A workbook with an instructions sheet, a report with `hidden_rows` hidden rows and a hidden
    draft sheet."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Hướng dẫn").write_string(0, 0, "Điền mỗi hoạt động vào một dòng")
    shown = book.add_worksheet("Báo cáo")
    shown.write_row(0, 0, EVENTS)
    for r in range(1, hidden_rows + 3):
        shown.write_row(r, 0, _event(c0=f"{r:02d}/03/2024", c6=str(10 + r)))
        if 2 <= r < hidden_rows + 2:
            shown.set_row(r, None, None, {"hidden": True})  # spreadsheet rows 3, 4, …
    draft = book.add_worksheet("Nháp")
    draft.write_row(0, 0, EVENTS)
    draft.write_row(1, 0, _event(c0="28/03/2024"))
    draft.hide()
    book.close()
    return path


# (hidden rows, lang) -> (sheet, severity, problem, suggestion) of what the reading said
HIDDEN_SAID = {
    (2, "vi"): [
        ("Hướng dẫn", "note", "không có dòng tiêu đề nào khớp với từ điển tiêu đề: bỏ qua"),
        ("Nháp", "warning", "trang tính bị ẩn: không nhập"),
        ("Báo cáo", "warning", "dòng 3, 4 bị ẩn trong bảng tính và đã được đọc như các dòng khác"),
    ],
    (2, "en"): [
        ("Hướng dẫn", "note", "no header row the header dictionary recognises: skipped"),
        ("Nháp", "warning", "a hidden sheet: not imported"),
        ("Báo cáo", "warning", "row(s) 3, 4 are hidden in the spreadsheet and were read like the others"),
    ],
    (22, "vi"): [
        (
            "Báo cáo",
            "warning",
            "dòng " + ", ".join(map(str, range(3, 23))) + " và 2 dòng khác bị ẩn trong bảng tính và đã "
            "được đọc như các dòng khác",
        ),
    ],
    (22, "en"): [
        (
            "Báo cáo",
            "warning",
            "row(s) " + ", ".join(map(str, range(3, 23))) + " and 2 more are hidden in the spreadsheet and "
            "were read like the others",
        ),
    ],
}
HIDDEN_FIX = {
    "Hướng dẫn": "sheet_no_header.fix",
    "Nháp": "hidden_sheet.fix",
    "Báo cáo": "hidden_rows.fix",
}


@pytest.mark.slow
@pytest.mark.parametrize(("hidden_rows", "lang"), list(HIDDEN_SAID), ids=lambda x: str(x))
def test_sheets_skipped_or_hidden_and_hidden_rows_are_said_in_the_language_of_the_sheet_they_are_about(
    hidden_rows, lang, db_path, key_file, tmp_path
):
    path = _hidden_parts(tmp_path / "bao_cao.xlsx", hidden_rows)
    result = wb.import_files(path, db=db_path, check_only=True, progress=False, lang=lang)
    problems = result.problems
    for sheet, severity, problem in HIDDEN_SAID[hidden_rows, lang]:
        of_sheet = problems[(problems["sheet"] == sheet) & (problems["problem"] == problem)]
        assert of_sheet[["file", "row", "column", "severity"]].astype(object).values.tolist() == [
            ["bao_cao.xlsx", pd.NA, "", severity]
        ], problems.to_string()
        assert of_sheet["suggestion"].tolist() == [import_text(HIDDEN_FIX[sheet], lang)]
    # nothing about the other sheets is said as if of the sheet read
    read = problems[problems["sheet"] == "Báo cáo"]["problem"]
    assert not read.str.contains("Nháp|Hướng dẫn").any()
    assert set(problems["sheet"]) == {"Hướng dẫn", "Nháp", "Báo cáo"}
    if lang == "vi":
        assert not problems["problem"].str.contains(ENGLISH).any(), problems.to_string()
        assert not problems["suggestion"].str.contains(ENGLISH).any(), problems.to_string()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "lang", "said"),
    [
        ("events_tcvn3.csv", "vi", "văn bản được chuyển từ bảng mã cũ TCVN3 (ABC) sang Unicode"),
        ("events_tcvn3.csv", "en", "text converted from the legacy TCVN3 (ABC) encoding to Unicode"),
        ("events_cp1258.csv", "vi", "văn bản được đọc theo bảng mã Windows-1258"),
        ("events_cp1258.csv", "en", "text read as Windows-1258"),
        ("events_utf16.csv", "vi", "văn bản được đọc theo bảng mã UTF-16"),
        ("events_utf16.csv", "en", "text read as UTF-16"),
    ],
)
def test_how_a_file_s_text_was_read_is_said_in_the_language_chosen(name, lang, said, db_path, key_file):
    result = wb.import_files(CORPUS / "good" / name, db=db_path, check_only=True, progress=False, lang=lang)
    notes = result.problems[result.problems["severity"] == "note"]
    assert said in notes["problem"].tolist(), notes.to_string()


def test_no_problem_starts_with_a_severity_the_line_already_says():
    # A report line is 'ghi chú: FILE, …, cột 'X': PROBLEM — FIX': a problem starting with a label
    # of its own ('ghi chú: …') reads as the severity said twice.
    labels = re.compile(r"^(ghi chú|lỗi|cảnh báo|note|error|warning|remarks)\s*:", re.IGNORECASE)
    for key, (vi, en) in IMPORT_WORDS.items():
        assert not labels.match(vi) and not labels.match(en), key
