"""Writes the import test corpus: bad files (one problem each, a few with many) and good files.

Run `uv run python tests/import_corpus/make_corpus.py` after changing a case; the files and
`expected.csv` (file, row, column, problem) are committed. Every value is invented.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path

import xlsxwriter

from workbench._importer.tcvn3 import encode

HERE = Path(__file__).parent
BAD, GOOD = HERE / "bad", HERE / "good"

HEAD = [
    "Ngày tổ chức",
    "Quận/Huyện",
    "Đơn vị tổ chức",
    "Hình thức",
    "Chủ đề",
    "Số người tham dự",
    "Số tờ rơi",
]
ROW = [
    "05/03/2024",
    "Ninh Kiều",
    "Hội LHPN",
    "Truyền thông cộng đồng",
    "Phòng, chống mua bán người",
    "45",
    "0",
]
ROW2 = ["12/04/2023", "Cờ Đỏ", "Công an", "Tập huấn", "Phòng, chống mua bán người", "60", "0"]
VHEAD = ["Họ và tên", "Ngày sinh", "Số CCCD", "Số điện thoại", "Địa chỉ", "Ngày tiếp nhận", "Quận/Huyện",
         "Giới tính", "Nhóm tuổi", "Nước bị đưa đến", "Hình thức bóc lột"]  # fmt: skip
VROW = ["Nguyễn Thị Hoa", "02/09/1999", "092199001234", "0901234567", "Hẻm 97/12, tổ 5, khu vực Thử Nghiệm",
        "14/06/2023", "Ninh Kiều", "Nữ", "24-26", "Campuchia", "Cưỡng bức lao động"]  # fmt: skip


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> str:
    """Text as Windows-1258 writes it: base letters precomposed, tone marks as combining marks."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS)) + tones)
    return "".join(out)


def with_cell(row: list[str], column: int, value: str) -> list[str]:
    row = list(row)
    row[column] = value
    return row


def without(head: list[str], rows: list[list[str]], column: int) -> tuple[list[str], list[list[str]]]:
    return head[:column] + head[column + 1 :], [r[:column] + r[column + 1 :] for r in rows]


def write_csv(path: Path, head, rows, encoding="utf-8") -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(head)
    writer.writerows(rows)
    data = buffer.getvalue()
    if encoding == "tcvn3":
        path.write_bytes(encode(data))
    elif encoding == "cp1258":
        path.write_bytes(windows_1258(data).encode("cp1258"))
    else:
        path.write_bytes(data.encode(encoding))


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]], merges=None) -> None:
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": dt.datetime(2024, 1, 1)})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None and value != "":
                    sheet.write(r, c, value)
        for r0, c0, r1, c1, text in (merges or {}).get(name, []):
            sheet.merge_range(r0, c0, r1, c1, text)
    book.close()


# (file name, writer, [(row, column, problem substring), ...]); row None = about the whole file.
def bad_cases():
    e = lambda col, value: [ROW, with_cell(ROW2, col, value)]  # noqa: E731 - row 3 is the bad one
    yield "district_unknown.csv", (HEAD, e(1, "Hà Nội")), [(3, "Quận/Huyện", "unknown district")]
    yield "organiser_unknown.csv", (HEAD, e(2, "polise")), [(3, "Đơn vị tổ chức", "unknown organiser")]
    yield "event_type_unknown.csv", (HEAD, e(3, "Hội thảo quốc tế")), [(3, "Hình thức", "unknown event type")]
    yield "topic_unknown.csv", (HEAD, e(4, "Giao thông")), [(3, "Chủ đề", "unknown topic")]
    yield "date_text.csv", (HEAD, e(0, "ngày mai")), [(3, "Ngày tổ chức", "not a date")]
    yield "date_impossible.csv", (HEAD, e(0, "31/02/2024")), [(3, "Ngày tổ chức", "not a date")]
    yield "date_month_first.csv", (HEAD, e(0, "03/15/2024")), [(3, "Ngày tổ chức", "day/month/year order")]
    yield (
        "date_before_programme.csv",
        (HEAD, e(0, "05/03/2012")),
        [(3, "Ngày tổ chức", "before the programme")],
    )
    yield "date_future.csv", (HEAD, e(0, "05/03/2099")), [(3, "Ngày tổ chức", "in the future")]
    yield "date_empty.csv", (HEAD, e(0, "")), [(3, "Ngày tổ chức", "a value is required")]
    yield "attendees_negative.csv", (HEAD, e(5, "-5")), [(3, "Số người tham dự", "must be at least 0")]
    yield "attendees_words.csv", (HEAD, e(5, "bốn mươi")), [(3, "Số người tham dự", "not a number")]
    yield "attendees_decimal.csv", (HEAD, e(5, "12,5")), [(3, "Số người tham dự", "not a whole number")]
    yield "attendees_implausible.csv", (HEAD, e(5, "250.000")), [(3, "Số người tham dự", "implausible")]
    yield "attendees_phone_number.csv", (HEAD, e(5, "0901234567")), [(3, "Số người tham dự", "too large")]
    yield "leaflets_implausible.csv", (HEAD, e(6, "5 000 000")), [(3, "Số tờ rơi", "implausible")]
    yield (
        "no_date_column.csv",
        without(HEAD, [ROW, ROW2], 0),
        [(None, "", "no column 'Ngày tổ chức' (event_date)")],
    )
    yield (
        "no_organiser_column.csv",
        without(HEAD, [ROW], 2),
        [(None, "", "no column 'Đơn vị tổ chức' (organiser)")],
    )
    yield "duplicate_rows.csv", (HEAD, [ROW, ROW2, ROW]), [(4, "", "duplicate: the same record")]
    yield "duplicate_event_id.csv", (
        ["Mã sự kiện", *HEAD], [["QNK-1", *ROW], ["QNK-1", *ROW2]],
    ), [(3, "Mã sự kiện", "duplicate: the same 'Mã sự kiện' as row 2")]  # fmt: skip
    yield "conflicts_with_database.csv", (
        ["event_id", *HEAD], [["EV-2016-00001", *ROW]],
    ), [(2, "", "already in the database with a different")]  # fmt: skip
    yield "no_header.csv", (["Cột A", "Cột B", "Cột C"], [["1", "2", "3"]]), [(None, "", "no header row")]
    yield "empty.csv", ([], []), [(None, "", "no header row")]
    yield "unsupported.json", None, [(None, "", "cannot import a '.json' file")]
    yield "damaged.xlsx", None, [(None, "", "not a readable spreadsheet")]
    yield "no_known_sheet.xlsx", None, [(None, "", "no sheet has a header")]
    yield "tcvn3_mixed_with_unicode.xlsx", None, [(None, "", "mixes text in the legacy TCVN3")]
    v = lambda col, value: [VROW, with_cell(with_cell(VROW, 2, "092199005678"), col, value)]  # noqa: E731
    yield "victims_sex_unknown.csv", (VHEAD, v(7, "X")), [(3, "Giới tính", "unknown sex")]
    yield (
        "victims_country_unknown.csv",
        (VHEAD, v(9, "Atlantis")),
        [(3, "Nước bị đưa đến", "unknown country")],
    )
    yield (
        "victims_exploitation_unknown.csv",
        (VHEAD, v(10, "Cưỡng bức lao động; múa")),
        [(3, "Hình thức bóc lột", "unknown exploitation")],
    )
    yield (
        "victims_reception_future.csv",
        (VHEAD, v(5, "01/01/2099")),
        [(3, "Ngày tiếp nhận", "in the future")],
    )
    yield (
        "victims_no_identity_column.csv",
        (VHEAD[5:], [VROW[5:]]),
        [(None, "", "no column identifies the person")],
    )
    yield (
        "victims_person_unnamed.csv",
        (VHEAD, [VROW, with_cell(with_cell(VROW, 0, ""), 2, "")]),
        [(3, "Họ và tên / Số CCCD", "no name or ID-card number")],
    )
    yield (
        "victims_same_person_twice.csv",
        (VHEAD, [VROW, with_cell(VROW, 0, "NGUYEN THI HOA")]),
        [(3, "", "duplicate")],
    )
    many = [
        ROW,
        with_cell(ROW, 1, "Quận 12"),
        with_cell(with_cell(ROW2, 0, "30/02/2024"), 5, "-3"),
        with_cell(ROW2, 3, "Văn nghệ"),
        with_cell(ROW2, 0, "01/01/2015"),
    ]
    yield (
        "many_problems.csv",
        (HEAD, many),
        [
            (3, "Quận/Huyện", "unknown district"),
            (4, "Ngày tổ chức", "not a date"),
            (4, "Số người tham dự", "must be at least 0"),
            (5, "Hình thức", "unknown event type"),
            (6, "Ngày tổ chức", "before the programme"),
        ],
    )
    yield (
        "many_problems.xlsx",
        None,
        [
            (7, "Quận/Huyện", "unknown district"),
            (8, "Đơn vị tổ chức", "unknown organiser"),
            (9, "Số người tham dự", "not a number"),
        ],
    )


def write_special(path: Path) -> None:
    name = path.name
    if name == "unsupported.json":
        path.write_text('{"events": []}\n', encoding="utf-8")
    elif name == "damaged.xlsx":
        path.write_bytes(b"PK\x03\x04 this is not really a spreadsheet")
    elif name == "no_known_sheet.xlsx":
        write_xlsx(path, {"Sheet1": [["Ghi chú", "Nội dung khác"], ["a", "b"]]})
    elif name == "tcvn3_mixed_with_unicode.xlsx":
        from workbench._importer.tcvn3 import from_unicode

        rows = [[from_unicode(h) for h in HEAD], [from_unicode(c) for c in ROW], ROW2]
        write_xlsx(path, {"Số liệu": rows})
    elif name == "many_problems.xlsx":
        title = [["BÁO CÁO KẾT QUẢ TUYÊN TRUYỀN NĂM 2024"], [], ["Đơn vị: Phòng LĐ-TB&XH"]]
        head = [[*HEAD[:5], "Kết quả", ""], ["", "", "", "", "", "Số người tham dự", "Số tờ rơi"]]
        rows = [
            ROW,
            with_cell(ROW2, 1, "Sài Gòn"),
            with_cell(ROW, 2, "Hội Nông dân"),
            with_cell(ROW2, 5, "nhiều"),
        ]
        total = [["Tổng cộng", "", "", "", "", 999, 0]]
        merges = {
            "Báo cáo": [(0, 0, 0, 6, title[0][0])]
            + [(3, i, 4, i, HEAD[i]) for i in range(5)]
            + [(3, 5, 3, 6, "Kết quả")]
        }
        write_xlsx(path, {"Hướng dẫn": [["Điền từ dòng 6"]], "Báo cáo": title + head + rows + total}, merges)


def good_files() -> None:
    GOOD.mkdir(exist_ok=True)
    rows = [
        [
            "05/03/2024",
            "Q. Ninh Kiều",
            "Hội LHPN",
            "Truyền thông cộng đồng",
            "Phòng, chống mua bán người",
            "1.234",
            "-",
        ],
        ["6/3/24", "binh thuy", "Công an", "Tập huấn", "trafficking", "45", ""],
        [
            "45360",
            "H. Cờ Đỏ",
            "Đoàn Thanh niên",
            "Mít tinh hưởng ứng Ngày 30/7",
            "Di cư an toàn",
            "1 200",
            "2,500",
        ],
        ["2024-03-09", "925", "Sở LĐ-TB&XH", "Phát tờ rơi", "Phòng, chống tệ nạn xã hội", "-", "300"],
    ]
    write_csv(GOOD / "events_utf8.csv", HEAD, rows)
    (GOOD / "events_utf8_bom.csv").write_bytes(b"\xef\xbb\xbf" + (GOOD / "events_utf8.csv").read_bytes())
    write_csv(GOOD / "events_utf16.csv", HEAD, rows, "utf-16")
    write_csv(GOOD / "events_cp1258.csv", HEAD, rows, "cp1258")
    write_csv(GOOD / "events_tcvn3.csv", HEAD, rows, "tcvn3")
    nfd = [[unicodedata.normalize("NFD", c) for c in r] for r in rows]
    write_csv(GOOD / "events_nfd_semicolon.csv", [unicodedata.normalize("NFD", h) for h in HEAD], nfd)
    text = (GOOD / "events_nfd_semicolon.csv").read_text(encoding="utf-8")
    (GOOD / "events_nfd_semicolon.csv").write_text(
        "\n".join(";".join(next(csv.reader([line]))) for line in text.splitlines()) + "\n", encoding="utf-8"
    )
    title = [["BÁO CÁO TUYÊN TRUYỀN PHÒNG, CHỐNG MUA BÁN NGƯỜI"], []]
    head = [[*HEAD[:5], "Kết quả", ""], ["", "", "", "", "", "Số người tham dự", "Số tờ rơi"]]
    serial = [[dt.date(2024, 3, 5) + dt.timedelta(0), *rows[0][1:]]]
    sheet_rows = serial + [[r[0], *r[1:5], r[5], r[6]] for r in rows[1:]]
    merges = {
        "Quý 1": [(0, 0, 0, 6, title[0][0])]
        + [(2, i, 3, i, HEAD[i]) for i in range(5)]
        + [(2, 5, 2, 6, "Kết quả")]
    }
    book = xlsxwriter.Workbook(str(GOOD / "events_report.xlsx"))
    book.set_properties({"created": dt.datetime(2024, 1, 1)})
    book.add_worksheet("Hướng dẫn").write(0, 0, "Điền số liệu vào sheet Quý 1")
    sheet = book.add_worksheet("Quý 1")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(title + head + sheet_rows + [["Tổng cộng", "", "", "", "", 2479, 2800]]):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date_format)
            elif value not in (None, ""):
                sheet.write(r, c, value)
    for r0, c0, r1, c1, text in merges["Quý 1"]:
        sheet.merge_range(r0, c0, r1, c1, text)
    book.close()
    victims = [VROW, with_cell(with_cell(with_cell(VROW, 0, "Trần Văn Nam"), 2, "092199009999"), 7, "Nam")]
    write_csv(GOOD / "victims_identified.csv", VHEAD, victims)


EXAMPLES = HERE.parent.parent / "data" / "examples"


def examples() -> None:
    """The README's examples: a district office's quarterly report as offices send it, the same
    kind of file with mistakes, and a Women's Union victim list (every name and number invented)."""
    EXAMPLES.mkdir(exist_ok=True)
    rows = [
        [
            "02/07/2024",
            "Q. Ninh Kiều",
            "Phòng LĐTBXH",
            "Tuyên truyền lồng ghép",
            "Phòng, chống tệ nạn xã hội",
            "52",
            "-",
        ],
        [
            "05/07/2024",
            "Ninh Kieu",
            "Hội Phụ nữ",
            "Truyền thông cộng đồng",
            "Phòng, chống mua bán người",
            "38",
            "120",
        ],
        [
            "30/7/24",
            "Q.Ninh Kiều",
            "Đoàn TN",
            "Mít tinh hưởng ứng Ngày 30/7",
            "Phòng, chống mua bán người",
            "1.250",
            "2.000",
        ],
        ["45505", "Ninh Kiều", "Công an", "Tập huấn", "Lừa đảo việc làm qua mạng", "64", "0"],
        ["14/08/2024", "916", "Trường học", "Ngoại khóa trường học", "Di cư an toàn", "310", "310"],
        [
            "03/09/2024",
            "quận ninh kiều",
            "Phòng LĐTBXH",
            "Phát tờ rơi",
            "Phòng, chống mua bán người",
            "",
            "1 500",
        ],
    ]
    title = [
        ["ỦY BAN NHÂN DÂN QUẬN NINH KIỀU"],
        ["BÁO CÁO KẾT QUẢ TUYÊN TRUYỀN PHÒNG, CHỐNG MUA BÁN NGƯỜI QUÝ III/2024"],
        [],
    ]
    head = [
        ["STT", *HEAD[:5], "Kết quả", "", "Ghi chú"],
        ["", "", "", "", "", "", "Số người tham dự", "Số tờ rơi", ""],
    ]
    body = [[str(i + 1), *r, ""] for i, r in enumerate(rows)]
    total = [["", "Tổng cộng", "", "", "", "", 1714, 3930, ""]]
    merges = [(0, 0, 0, 8, title[0][0]), (1, 0, 1, 8, title[1][0])]
    merges += [(3, i, 4, i, ["STT", *HEAD[:5]][i]) for i in range(6)] + [
        (3, 6, 3, 7, "Kết quả"),
        (3, 8, 4, 8, "Ghi chú"),
    ]
    write_xlsx(
        EXAMPLES / "ninh_kieu_quy3_2024.xlsx",
        {
            "Hướng dẫn": [["Điền số liệu từ dòng 6; không sửa tiêu đề."]],
            "Quý III": title + head + body + total,
        },
        {"Quý III": merges},
    )
    mistakes = [
        rows[0],
        with_cell(rows[1], 1, "Ninh Kieu Q"),
        with_cell(rows[2], 0, "31/06/2024"),
        with_cell(rows[3], 5, "bốn mươi"),
        with_cell(rows[4], 2, "Hội Nông dân"),
        rows[0],
    ]
    write_csv(EXAMPLES / "ninh_kieu_quy3_2024_with_mistakes.csv", HEAD, mistakes)
    people = [
        ["Lê Thị Mẫu", "12/05/2001", "092301000111", "0900000001", "Hẻm 1, khu vực Mẫu Thử", "08/08/2024",
         "Thốt Nốt", "Nữ", "21-23", "Campuchia", "Ép tham gia lừa đảo trực tuyến"],
        ["Phạm Văn Thử", "03/03/2000", "092300000222", "0900000002", "Hẻm 2, khu vực Mẫu Thử", "20/09/2024",
         "Cờ Đỏ", "Nam", "24-26", "Myanmar", "Ép tham gia lừa đảo trực tuyến; Cưỡng bức lao động"],
    ]  # fmt: skip
    write_csv(EXAMPLES / "hoi_phu_nu_nan_nhan_2024.csv", VHEAD, people)


def main() -> None:
    BAD.mkdir(exist_ok=True)
    lines = []
    for name, content, expected in bad_cases():
        path = BAD / name
        if content is None:
            write_special(path)
        else:
            write_csv(path, *content)
        lines += [(name, "" if row is None else row, column, problem) for row, column, problem in expected]
    with (HERE / "expected.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "row", "column", "problem"])
        writer.writerows(lines)
    good_files()
    examples()


if __name__ == "__main__":
    main()
