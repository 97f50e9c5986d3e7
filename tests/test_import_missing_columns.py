"""A field a file has no column for is never recorded in silence: whatever its empty cell would be
recorded as (a coded field 'unknown', leaflets 0, attendance unknown) every record gets, and a
warning names the file, the column by the dictionary's heading, how many records and what to do —
the victims' status saying that such records are in no published count. The command prints it in
the language asked for, from CSV and XLSX files headed in Vietnamese or English.

And after an import that changed the records victim figures are counted from, in a database that
has released figures, the import says that publication of victim figures has stopped until the
change is checked with `workbench releases --accept`."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter

import workbench as wb
from workbench._cli import main
from workbench._codes import codes

CORPUS = Path(__file__).parent / "import_corpus" / "good"

# A victim list as the Women's Union sends it, without the status column; Vietnamese and English
# headings (the schema's names, as an English template writes them).
VICTIMS_VI = ["Họ và tên", "Số CCCD", "Ngày tiếp nhận", "Quận/Huyện", "Giới tính", "Nhóm tuổi",
              "Nước bị đưa đến", "Hình thức bóc lột"]  # fmt: skip
VICTIMS_EN = ["Full name", "ID number", "Reception date", "District code", "Sex", "Age band",
              "Destination", "Exploitation"]  # fmt: skip
PEOPLE = [
    [
        "Lê Thị Mẫu",
        "092301000111",
        "08/08/2024",
        "Thốt Nốt",
        "Nữ",
        "21-23",
        "Campuchia",
        "Cưỡng bức lao động",
    ],
    ["Phạm Văn Thử", "092300000222", "20/09/2024", "Cờ Đỏ", "Nam", "24-26", "Myanmar", "Cưỡng bức lao động"],
]
# The victims' coded fields such a list has no column for, in the order the warnings come: the
# status first (it decides who is counted), then the schema's order.
VICTIMS_ABSENT = ["trafficking_status", "minor_status", "citizenship", "means_of_control", "recruitment",
                  "recruiter_relation", "reception_channel", "referring_body", "case_status",
                  "workflow_stage", "poor_household", "consent_data"]  # fmt: skip
EVENTS_VI = ["Ngày tổ chức", "Quận/Huyện", "Đơn vị tổ chức", "Hình thức", "Số người tham dự"]
EVENTS_EN = ["Event date", "District code", "Organiser", "Event type", "Attendees"]
EVENTS = [
    ["05/03/2024", "Ninh Kiều", "Hội LHPN", "Truyền thông cộng đồng", "45"],
    ["06/03/2024", "Cái Răng", "Hội LHPN", "Truyền thông cộng đồng", "60"],
    ["07/03/2024", "Bình Thủy", "Hội LHPN", "Truyền thông cộng đồng", "30"],
]

STATUS = {
    "vi": (
        "tệp không có cột 'Tình trạng xác định' (trafficking_status): 2 bản ghi được ghi là unknown; "
        "không rõ tình trạng thì không được tính vào số liệu công bố nào (nạn nhân, nạn nhân được hỗ trợ)",
        "thêm cột ('Tình trạng xác định', 'Kết quả xác minh'), hoặc đặt một giá trị cho cả tệp: "
        "--set trafficking_status=<giá trị> (defaults={'trafficking_status': ...})",
    ),
    "en": (
        "the file has no column 'Tình trạng xác định' (trafficking_status): 2 record(s) recorded as "
        "unknown; of unknown status, they are in no published count (victims, victims supported)",
        "add the column ('Tình trạng xác định', 'Kết quả xác minh'), or give the whole file one value: "
        "--set trafficking_status=VALUE (defaults={'trafficking_status': ...})",
    ),
}
TOPIC = {
    "vi": (
        "tệp không có cột 'Chủ đề' (topic): 3 bản ghi được ghi là unknown",
        "thêm cột ('Chủ đề', 'Nội dung', 'Nội dung tuyên truyền'), hoặc đặt một giá trị cho cả tệp: "
        "--set topic=<giá trị> (defaults={'topic': ...})",
    ),
    "en": (
        "the file has no column 'Chủ đề' (topic): 3 record(s) recorded as unknown",
        "add the column ('Chủ đề', 'Nội dung', 'Nội dung tuyên truyền'), or give the whole file one "
        "value: --set topic=VALUE (defaults={'topic': ...})",
    ),
}
LEAFLETS = {
    "vi": ("tệp không có cột 'Số tờ rơi' (leaflets): 3 bản ghi được ghi là 0", "--set leaflets=<giá trị>"),
    "en": (
        "the file has no column 'Số tờ rơi' (leaflets): 3 record(s) recorded as 0",
        "--set leaflets=VALUE",
    ),
}
WORDS = {
    "vi": {"warning": "cảnh báo", "sheet": "trang tính {!r}", "warnings": "{} cảnh báo"},
    "en": {"warning": "warning", "sheet": "sheet {!r}", "warnings": "{} warning(s)"},
}

# (headings, rows, the fields named by warnings in their order, the first two warnings in each
# language as (problem, words of the suggestion))
CASES = [
    pytest.param(VICTIMS_VI, PEOPLE, VICTIMS_ABSENT, STATUS, None, id="victims-no-status-vi-headings"),
    pytest.param(VICTIMS_EN, PEOPLE, VICTIMS_ABSENT, STATUS, None, id="victims-no-status-en-headings"),
    pytest.param(EVENTS_VI, EVENTS, ["topic", "leaflets"], TOPIC, LEAFLETS, id="events-no-topic-vi-headings"),
    pytest.param(EVENTS_EN, EVENTS, ["topic", "leaflets"], TOPIC, LEAFLETS, id="events-no-topic-en-headings"),
]
SHEET = "Danh sách"


def _write(folder: Path, form: str, rows: list[list[str]]) -> tuple[Path, str]:
    """The file and its sheet's name ('' for a CSV)."""
    if form == "xlsx":
        path = folder / "danh sách quý 3.xlsx"
        book = xlsxwriter.Workbook(str(path))
        sheet = book.add_worksheet(SHEET)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                sheet.write_string(r, c, text)
        book.close()
        return path, SHEET
    path = folder / "danh sách quý 3.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path, ""


def _absent(problems: pd.DataFrame) -> pd.DataFrame:
    """The warnings of fields the file has no column for."""
    said = problems["problem"].str.match(r"(tệp không có cột|the file has no column) ")
    return problems[said & (problems["severity"] == "warning")].reset_index(drop=True)


@pytest.mark.slow  # each file checked twice (the function and the command)
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("form", ["csv", "xlsx"])
@pytest.mark.parametrize(("head", "rows", "fields", "first", "second"), CASES)
def test_a_column_the_file_lacks_is_a_warning_naming_it(
    head, rows, fields, first, second, form, lang, db_path, key_file, tmp_path, capsys
):
    path, sheet = _write(tmp_path, form, [head, *rows])

    result = wb.import_files(path, db=db_path, check_only=True, progress=False, lang=lang)

    assert result.ok, result.report()
    found = _absent(result.problems)
    assert found["severity"].tolist() == ["warning"] * len(fields)
    assert [re.search(r"\((\w+)\):", p).group(1) for p in found["problem"]] == fields  # type: ignore[union-attr]
    # no row and no column to point at: the file (and sheet) only, the heading in the words
    assert found["file"].tolist() == [path.name] * len(fields)
    assert found["sheet"].tolist() == [sheet] * len(fields)
    assert found["row"].isna().all() and (found["column"] == "").all() and (found["value"] == "").all()
    problem, suggestion = first[lang]
    assert found.loc[0, "problem"] == problem
    assert found.loc[0, "suggestion"] == suggestion
    if second is not None:
        assert found.loc[1, "problem"] == second[lang][0]
        assert second[lang][1] in found.loc[1, "suggestion"]
    warnings = len(result.warnings)
    assert warnings >= len(fields)

    # The command prints it: the file (and the sheet), the problem, what to do; exit 0 (a warning).
    assert main(["import", "--check", "--lang", lang, "--db", str(db_path), str(path)]) == 0
    printed = capsys.readouterr().out
    where = ", ".join([path.name, *([WORDS[lang]["sheet"].format(sheet)] if sheet else [])])
    assert f"  {WORDS[lang]['warning']}: {where}: {problem} — {suggestion}" in printed.splitlines(), printed
    assert WORDS[lang]["warnings"].format(warnings) in printed.splitlines()[0]


def test_a_column_with_its_cells_empty_is_a_note_not_a_warning(db_path, key_file, tmp_path):
    """The column there but empty: the cells are said in a note, as before (no warning)."""
    rows = [[*VICTIMS_VI, "Tình trạng xác định"], *([*p, ""] for p in PEOPLE)]
    path, _ = _write(tmp_path, "csv", rows)
    result = wb.import_files(path, db=db_path, check_only=True, progress=False, lang="en")
    assert "trafficking_status" not in " ".join(_absent(result.problems)["problem"])
    notes = result.problems[result.problems["column"] == "Tình trạng xác định"]
    assert notes[["severity", "problem"]].values.tolist() == [["note", "2 empty cell(s) recorded as unknown"]]


@pytest.mark.slow
def test_a_value_set_for_the_whole_file_takes_the_warning_s_place(fresh, key_file, tmp_path, capsys):
    """`--set trafficking_status=actual`: no warning for it, and the people are counted as victims."""
    path, _ = _write(tmp_path, "csv", [VICTIMS_VI, *PEOPLE])
    before = _statuses(fresh)
    argv = ["import", "--lang", "en", "--db", str(fresh), "--set", "trafficking_status=actual", str(path)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "2 added" in printed
    assert "(trafficking_status)" not in printed and "(minor_status)" in printed
    assert _statuses(fresh) == before | {"actual": before["actual"] + 2}


# A required column the file lacks is an error; what to do is said as for a column recorded as
# its empty cells: the command's --set, and Python's defaults= beside it.
REQUIRED = {
    "vi": (
        "  lỗi: {file}: tệp không có cột 'Ngày tiếp nhận' (reception_date) — thêm cột ('Ngày tiếp nhận', "
        "'Ngày trở về', 'Ngày nhận'), hoặc đặt một giá trị cho cả tệp: --set reception_date=<giá trị> "
        "(defaults={{'reception_date': ...}})"
    ),
    "en": (
        "  error: {file}: the file has no column 'Ngày tiếp nhận' (reception_date) — add the column "
        "('Ngày tiếp nhận', 'Ngày trở về', 'Ngày nhận'), or give the whole file one value: --set "
        "reception_date=VALUE (defaults={{'reception_date': ...}})"
    ),
}

ADVICE = {
    "vi": r"thêm cột \(.*\), hoặc đặt một giá trị cho cả tệp: --set (\w+)=<giá trị> "
    r"\(defaults=\{'(\w+)': \.\.\.\}\)",
    "en": r"add the column \(.*\), or give the whole file one value: --set (\w+)=VALUE "
    r"\(defaults=\{'(\w+)': \.\.\.\}\)",
}


@pytest.mark.slow  # checked three times
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_required_column_the_file_lacks_says_the_command_s_set_and_python_s_defaults(
    lang, db_path, key_file, tmp_path, capsys
):
    at = VICTIMS_VI.index("Ngày tiếp nhận")
    path, _ = _write(
        tmp_path, "csv", [[c for i, c in enumerate(r) if i != at] for r in [VICTIMS_VI, *PEOPLE]]
    )
    argv = ["import", "--check", "--lang", lang, "--db", str(db_path), str(path)]
    assert main(argv) == 1
    printed = capsys.readouterr().out.splitlines()
    assert REQUIRED[lang].format(file=path.name) in printed, "\n".join(printed)
    # the advice is worded as the warnings' of the columns the file lacks, in the same language
    advice = [
        line.split(" — ", 1)[1] for line in printed if "(reception_date)" in line or "(minor_status)" in line
    ]
    for said in advice:
        found = re.fullmatch(ADVICE[lang], said)
        assert found is not None and found.group(1) == found.group(2), said
    assert len(advice) == 2, printed
    # and doing what it says imports the file: from the command, and from Python
    assert main([*argv, "--set", "reception_date=01/08/2024"]) == 0
    assert "(reception_date)" not in capsys.readouterr().out
    result = wb.import_files(
        path,
        db=db_path,
        check_only=True,
        progress=False,
        lang=lang,
        defaults={"reception_date": "01/08/2024"},
    )
    assert result.ok, result.report()


def _statuses(path: Path) -> dict[str, int]:
    with wb.connect(path, build=False) as db:
        got = db.sql("SELECT trafficking_status, count(*) AS n FROM victims GROUP BY 1")
    return {status: int(n) for status, n in got.values.tolist()}


# ------------------------------------------------ the stop of publication after an import

VICTIMS = CORPUS / "victims_identified.csv"  # two people received on 14/06/2023 in Ninh Kiều
EVENTS_FILE = CORPUS / "events_utf8.csv"
STOPPED = {
    "vi": "Việc công bố số liệu nạn nhân (số nạn nhân, số nạn nhân được hỗ trợ, các bước tiếp nhận, xác "
    "minh, xác định và hỗ trợ; cùng số vụ việc và liên hệ đường dây nóng) nay đã dừng lại: cơ sở dữ "
    "liệu này đã công bố số liệu, và lần nhập này đã thay đổi các bản ghi mà số liệu được tính từ đó. "
    "Kiểm tra thay đổi bằng `workbench releases --accept --db {db}` để công bố tiếp (docs/releases.md, "
    "Revisions). Chế độ nội bộ vẫn làm việc như thường.",
    "en": "Publication of victim figures (victims, victims supported, the funnel; cases and hotline "
    "contacts with them) is now stopped: this database has released figures, and this import changed "
    "the records they are counted from. Check the change with `workbench releases --accept --db {db}` "
    "to publish again (docs/releases.md, Revisions). Internal mode works as usual.",
}
EVERYONE = tuple(codes("trafficking_status"))


def _release(path: Path) -> None:
    with wb.connect(path, build=False, mode="publish") as public:
        public.victims(years=(2016, 2018), by="district", trafficking_statuses=EVERYONE)


@pytest.mark.slow  # a release, imports and the version of the victim data before and after
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_import_that_stops_publication_says_so(lang, fresh, key_file, capsys):
    _release(fresh)
    argv = ["import", "--db", str(fresh), str(VICTIMS)]
    assert main([*argv, "--lang", "en"] if lang == "en" else argv) == 0
    printed = capsys.readouterr().out
    note = STOPPED[lang].format(db=fresh)
    assert note in printed.splitlines(), printed
    # no count and no release named: nothing but the path holds a digit
    assert not re.search(r"\d", note.replace(str(fresh), ""))
    # what it says is so: stopped until the change is checked
    with wb.connect(fresh, build=False, mode="publish") as public, pytest.raises(wb.DisclosureError):
        public.victims(years=(2016, 2024), trafficking_statuses=EVERYONE)
    assert main(["releases", "--accept", "--db", str(fresh)]) == 0
    capsys.readouterr()
    # the same file again adds nothing: nothing more to check, no note
    assert main(["import", "--db", str(fresh), str(VICTIMS)]) == 0
    assert "--accept" not in capsys.readouterr().out


@pytest.mark.slow
def test_the_notebook_s_import_result_says_so_too(fresh, key_file):
    _release(fresh)
    result = wb.import_files(VICTIMS, db=fresh, progress=False, lang="en")
    assert result.stopped_db == str(fresh)
    assert STOPPED["en"].format(db=fresh) in result.summary().splitlines()
    assert STOPPED["en"].format(db=fresh) in str(result) and "releases --accept" in result._repr_html_()


@pytest.mark.slow
def test_no_note_without_a_release_or_without_a_change(fresh, key_file, capsys):
    # nothing released from the database: nothing stops
    check = wb.import_files(VICTIMS, db=fresh, progress=False, check_only=True)
    assert check.stopped_db is None
    # released, then only events imported: the victim data are as released
    _release(fresh)
    assert main(["import", "--db", str(fresh), str(EVENTS_FILE)]) == 0
    printed = capsys.readouterr().out
    assert "4 bản ghi được thêm" in printed and "--accept" not in printed
    # a check changes nothing either
    assert wb.import_files(VICTIMS, db=fresh, progress=False, check_only=True).stopped_db is None
    with wb.connect(fresh, build=False, mode="publish") as public:
        public.victims(years=(2016, 2024), trafficking_statuses=EVERYONE)  # not stopped


@pytest.mark.slow
def test_no_note_when_nothing_was_released(fresh, key_file, capsys):
    assert main(["import", "--db", str(fresh), str(VICTIMS)]) == 0
    printed = capsys.readouterr().out
    assert "2 bản ghi được thêm" in printed and "--accept" not in printed
