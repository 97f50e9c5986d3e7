"""Rows as agency files carry them, corrected and sent again: a batch taken out keeps the records
another batch also holds; a corrected count beside the wrong one is warned of; a fractional number
in a spreadsheet cell is no count; a required cell left empty is an error; a file without records
says so, and its file-level errors speak the import's language. Each case checks what the user
sees (messages, exit codes) and what the database holds before and after."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import xlsxwriter

import workbench as wb
from workbench._cli import main
from workbench._importer.manage import list_batches
from workbench._importer.store import REMOVED, store_dir

HEADER = "Ngày tổ chức;Quận/Huyện;Đơn vị tổ chức;Hình thức;Số người tham dự;Số tờ rơi"
# Events of Bình Thủy (918) in 2024, one line each, as a district office writes them.
E1 = "05/01/2024;Bình Thủy;Hội LHPN;Truyền thông cộng đồng;40;100"
E2 = "12/01/2024;Bình Thủy;Hội LHPN;Truyền thông cộng đồng;55;120"
E3 = "19/01/2024;Bình Thủy;Đoàn Thanh niên;Tập huấn;30;0"
E4 = "26/01/2024;Bình Thủy;Đoàn Thanh niên;Tập huấn;35;0"


def _csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _events(db: Path) -> int:
    """Events of Bình Thủy in January 2024 in the database (the sample holds others)."""
    with wb.connect(db, build=False) as con:
        return int(
            con.sql(
                "SELECT count(*) AS n FROM events WHERE district_code = 918 "
                "AND event_date BETWEEN DATE '2024-01-01' AND DATE '2024-01-31' "
                "AND attendees IN (40, 55, 30, 35)"
            ).iloc[0, 0]
        )


def _import(path: Path, db: Path) -> str:
    result = wb.import_files(path, db=db, progress=False, lang="en")
    assert result.ok, str(result)
    return str(list_batches(db)["batch"].iloc[-1])


# (first file's rows, second file's rows, records after both, after taking out the first, how many
# of the first's stay, after taking out the second as well)
REMOVALS = [
    pytest.param([E1, E2, E3], [E2, E3, E4], 4, 3, 2, 0, id="corrected-file-holds-two"),
    pytest.param([E1, E2], [E1, E2], 2, 2, 2, 0, id="same-file-twice"),
    pytest.param([E1, E2], [E3, E4], 4, 2, 0, 0, id="nothing-shared"),
]


@pytest.mark.parametrize(("first", "second", "both", "after", "stay", "none"), REMOVALS)
def test_removing_a_batch_keeps_what_another_batch_holds(
    first, second, both, after, stay, none, fresh, tmp_path, capsys
):
    base = _events(fresh)
    a = _import(_csv(tmp_path / "01_binh_thuy.csv", *first), fresh)
    b = _import(_csv(tmp_path / "02_binh_thuy_da_sua.csv", *second), fresh)
    assert _events(fresh) == base + both
    capsys.readouterr()
    assert main(["imports", "remove", a, "--db", str(fresh), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert _events(fresh) == base + after
    said = f"{stay} record(s) of this batch stay in the database because another batch (or data/) also holds"
    assert (said in out) == bool(stay), out
    # A rebuild from data/ and the store gives the same: the records are held, not left behind.
    assert main(["build", "--db", str(fresh), "--force"]) == 0
    assert _events(fresh) == base + after
    assert main(["imports", "remove", b, "--db", str(fresh), "--lang", "en"]) == 0
    assert _events(fresh) == base + none


def test_a_removed_batch_moved_back_is_not_counted_twice(fresh, tmp_path):
    base = _events(fresh)
    a = _import(_csv(tmp_path / "01.csv", E1, E2, E3), fresh)
    _import(_csv(tmp_path / "02.csv", E2, E3, E4), fresh)
    assert main(["imports", "remove", a, "--db", str(fresh)]) == 0
    assert _events(fresh) == base + 3
    store = store_dir(fresh)
    shutil.move(store / REMOVED / a, store / a)
    assert main(["build", "--db", str(fresh)]) == 0
    assert _events(fresh) == base + 4


def _xlsx(path: Path, attendees: object) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("BC")
    sheet.write_row(0, 0, HEADER.split(";"))
    row = E1.split(";")
    sheet.write_row(1, 0, row[:4])
    if isinstance(attendees, str):
        sheet.write_string(1, 4, attendees)
    else:
        sheet.write_number(1, 4, attendees)
    sheet.write_number(1, 5, 100)
    book.close()
    return path


# (the attendance cell: a number, or text as typed; what is shown; the count stored, None: refused)
DECIMALS = [
    pytest.param(0.123, "'0.1230' not a whole number", None, id="number-0.123"),
    pytest.param(12.345, "'12.3450' not a whole number", None, id="number-12.345"),
    pytest.param(2.5, "'2.5' not a whole number", None, id="number-2.5"),
    pytest.param(-0.123, '"\'-0.1230" not a whole number', None, id="number-negative"),  # defused
    pytest.param(45.0, "", 45, id="number-whole"),
    pytest.param("1.234", "'1.234' unusually large", 1234, id="text-thousands"),
    pytest.param("0,123", "", 123, id="text-comma-thousands"),
]


@pytest.mark.parametrize(("cell", "said", "stored"), DECIMALS)
def test_a_fractional_number_in_a_count_cell_is_no_count(cell, said, stored, fresh, tmp_path):
    path = _xlsx(tmp_path / "93_so_thuc.xlsx", cell)
    before = _events(fresh)
    result = wb.import_files(path, db=fresh, progress=False, lang="en")
    shown = result.report()
    assert said in shown, shown
    assert result.ok == (stored is not None), shown
    with wb.connect(fresh, build=False) as con:
        found = con.sql(
            "SELECT attendees FROM events WHERE district_code = 918 AND event_date = DATE '2024-01-05' "
            "AND leaflets = 100"
        )["attendees"].tolist()
    assert found == ([] if stored is None else [stored])
    assert _events(fresh) == before + (1 if stored == 40 else 0)


# (the stored file's rows, the incoming file's rows, the incoming file's key column or none, what
# the second import says (a warning, an error, nothing), how many events are stored after it)
CORRECTIONS = [
    pytest.param(
        [E1, E2.replace(";55;", ";1.234;")],
        [E1, E2.replace(";55;", ";123;")],
        "warning: 02.csv, row 3, column 'Số người tham dự': '123' an event of the same day, place, "
        "organiser and type is stored (batch {a}, file 01.csv) with 'Số người tham dự' 1,234; this "
        "file says 'Số người tham dự' '123': its event is a second one beside that one — if this file "
        "is the corrected one: take that batch out (workbench imports remove {a} --db {db}), then import "
        "this file; the records this file also holds are kept",
        3,
        id="corrected-count-beside-the-typo",
    ),
    pytest.param(
        [E1, E2],
        [E1, E2.replace(";120", ";")],
        "'Số tờ rơi' 120; this file says 'Số tờ rơi' 0: its event is a second one",  # empty is 0
        3,
        id="leaflets-emptied",
    ),
    pytest.param([E1, E2], [E1, E3], "", 3, id="another-event"),
    pytest.param([E1, E2], [E1, E2], "", 2, id="same-file-again"),
]


@pytest.mark.parametrize(("stored", "incoming", "said", "after"), CORRECTIONS)
def test_a_corrected_event_beside_the_stored_one_is_warned_of(stored, incoming, said, after, fresh, tmp_path):
    base = _all_events(fresh)
    a = _import(_csv(tmp_path / "01.csv", *stored), fresh)
    path = _csv(tmp_path / "02.csv", *incoming)
    checked = wb.import_files(path, db=fresh, check_only=True, progress=False, lang="en")
    assert _all_events(fresh) == base + len(stored)  # --check stores nothing
    result = wb.import_files(path, db=fresh, progress=False, lang="en")
    for shown in (checked.report(), result.report()):
        assert result.ok
        if said:
            assert said.format(a=a, db=fresh) in shown, shown
        else:
            assert "same day, place" not in shown, shown
    assert _all_events(fresh) == base + after


def test_a_corrected_file_that_only_fills_in_the_topic_is_warned_of(fresh, tmp_path):
    """The same event with the topic column added (the counts unchanged) went in as a second event
    with no word: only differing counts were compared."""
    a = _import(_csv(tmp_path / "01.csv", E1), fresh)
    with_topic = tmp_path / "02.csv"
    with_topic.write_text(f"{HEADER};Chủ đề\n{E1};Di cư an toàn\n", encoding="utf-8")
    result = wb.import_files(with_topic, db=fresh, progress=False, lang="en")
    assert result.ok, str(result)
    assert (
        "warning: 02.csv, row 2, column 'Chủ đề': 'Di cư an toàn' an event of the same day, place, "
        f"organiser and type is stored (batch {a}, file 01.csv) with 'Chủ đề' 'Unknown'; this file says "
        "'Chủ đề' 'Di cư an toàn': its event is a second one beside that one"
    ) in result.report()


def _all_events(db: Path) -> int:
    with wb.connect(db, build=False) as con:
        return int(con.sql("SELECT count(*) AS n FROM events").iloc[0, 0])


CODED = "Mã sự kiện;" + HEADER


def test_a_stored_event_code_with_other_counts_says_the_code_once_and_how_to_correct(fresh, tmp_path):
    first = tmp_path / "51.csv"
    first.write_text(f"{CODED}\nTL-2022-02;{E1}\n", encoding="utf-8")
    a = _import(first, fresh)
    base = _all_events(fresh)
    second = tmp_path / "52.csv"
    second.write_text(f"{CODED}\nTL-2022-02;{E1.replace(';40;', ';41;')}\n", encoding="utf-8")
    result = wb.import_files(second, db=fresh, progress=False, lang="en")
    assert not result.ok
    assert result.report().splitlines()[2] == (
        "  error: 52.csv, row 2, column 'Mã sự kiện': 'TL-2022-02' this key is already in the database "
        f"with a different 'Số người tham dự' (the stored record: batch {a}, file 51.csv) — if this file "
        f"is the corrected one: take that batch out (workbench imports remove {a} --db {fresh}), then import "
        "this file; the records this file also holds are kept. Do not give a new key: the event would be "
        "counted twice"
    )
    assert _all_events(fresh) == base


# (the file's rows, the line said, exit code of `workbench import`)
REQUIRED_CELLS = [
    pytest.param(
        [E1.replace("Hội LHPN", ""), E2],
        "error: 12.csv, row 2, column 'Đơn vị tổ chức': a value is required — fill in the cell",
        1,
        id="empty-organiser",
    ),
    pytest.param(
        [E1, E2.replace("Truyền thông cộng đồng", "")],
        "error: 12.csv, row 3, column 'Hình thức': a value is required — fill in the cell",
        1,
        id="empty-event-type",
    ),
    pytest.param([E1, E2.replace("Truyền thông cộng đồng", "Không rõ")], "", 0, id="unknown-written-out"),
]


@pytest.mark.parametrize(("rows", "said", "code"), REQUIRED_CELLS)
def test_an_empty_required_cell_is_an_error(rows, said, code, fresh, tmp_path, capsys):
    base = _all_events(fresh)
    path = _csv(tmp_path / "12.csv", *rows)
    assert main(["import", str(path), "--db", str(fresh), "--lang", "en"]) == code
    out = capsys.readouterr().out
    assert said in out, out
    assert _all_events(fresh) == base + (0 if code else 2)


def test_a_file_with_headings_only_says_it_holds_no_records(fresh, tmp_path, capsys):
    base = _all_events(fresh)
    path = _csv(tmp_path / "07.csv")
    assert main(["import", str(path), "--db", str(fresh)]) == 0
    out = capsys.readouterr().out
    assert (
        "cảnh báo: 07.csv: tệp có dòng tiêu đề nhưng không có bản ghi nào: không có gì để nhập — kiểm "
        "tra đã gửi đúng tệp chưa (có thể là mẫu trống)"
    ) in out
    assert _all_events(fresh) == base


def _zip_cut(path: Path) -> Path:
    _xlsx(path.with_suffix(".full.xlsx"), 45)
    path.write_bytes(path.with_suffix(".full.xlsx").read_bytes()[:600])
    return path


# (a file that cannot be read, made in the folder; the line in Vietnamese, in English)
FILE_ERRORS = [
    pytest.param(
        lambda d: ((d / "06.csv").write_bytes(b"") and None) or d / "06.csv",
        "lỗi: 06.csv: tệp trống (0 byte).",
        "error: 06.csv: the file is empty (0 bytes).",
        id="empty",
    ),
    pytest.param(
        lambda d: d / "khong_co.csv",
        "lỗi: khong_co.csv: không có tệp này.",
        "error: khong_co.csv: no such file.",
        id="missing",
    ),
    pytest.param(
        lambda d: (d / "thu_muc").mkdir() or d / "thu_muc",
        "lỗi: thu_muc: là một thư mục, không phải tệp.",
        "error: thu_muc: is a folder, not a file.",
        id="folder",
    ),
    pytest.param(
        lambda d: _csv(d / "40.xlsx", E1),
        "lỗi: 40.xlsx: không phải bảng tính đọc được (",
        "error: 40.xlsx: not a readable spreadsheet (",
        id="csv-renamed-xlsx",
    ),
    pytest.param(
        lambda d: _zip_cut(d / "41.xlsx"),
        "lỗi: 41.xlsx: không phải bảng tính đọc được (",
        "error: 41.xlsx: not a readable spreadsheet (",
        id="cut-xlsx",
    ),
    pytest.param(
        lambda d: (d / "~$42.xlsx").write_bytes(b"\x0cuser" + b" " * 50) and d / "~$42.xlsx",
        "lỗi: ~$42.xlsx: không phải bảng tính đọc được (",
        "error: ~$42.xlsx: not a readable spreadsheet (",
        id="excel-lock-file",
    ),
    pytest.param(
        lambda d: _headless(d / "43.xlsx"),
        "lỗi: 43.xlsx: không trang tính nào có dòng tiêu đề mà chương trình nhận ra (các trang: Trang1).",
        "error: 43.xlsx: no sheet has a header the import recognises (sheets: Trang1).",
        id="no-header",
    ),
]


def _headless(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Trang1").write_row(0, 0, ["a", "b", "c"])
    book.close()
    return path


@pytest.mark.parametrize(("make", "vi", "en"), FILE_ERRORS)
def test_file_level_errors_speak_the_language_of_the_import(make, vi, en, fresh, tmp_path, capsys):
    base = _all_events(fresh)
    path = make(tmp_path)
    for lang, said in (("vi", vi), ("en", en)):
        assert main(["import", str(path), "--db", str(fresh), "--lang", lang]) == 1
        out = capsys.readouterr().out
        assert said in out, out
    assert _all_events(fresh) == base


def test_a_backup_keeps_the_records_a_removed_batch_holds_for_another(fresh, tmp_path):
    base = _events(fresh)
    a = _import(_csv(tmp_path / "01.csv", E1, E2, E3), fresh)
    _import(_csv(tmp_path / "02.csv", E2, E3, E4), fresh)
    assert main(["imports", "remove", a, "--db", str(fresh)]) == 0
    copy = tmp_path / "backup" / "workbench.duckdb"
    assert main(["backup", str(copy), "--db", str(fresh)]) == 0
    assert (store_dir(copy) / REMOVED / a).is_dir()
    assert main(["build", "--db", str(copy), "--force"]) == 0
    assert _events(copy) == base + 3
