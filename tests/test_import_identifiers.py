"""Identifiers never go in: a victim's code that is an ID-card number, a phone number or a name is
refused without repeating it; columns whose headings name identifiers are recognised by their words
in every kind of file and never stored nor offered as a mapping; an ID-card number Excel stored as a
number gets its leading zero back. Each test checks what the user sees and the bytes stored."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import duckdb
import pytest
import xlsxwriter

import workbench as wb
from workbench._cli import main
from workbench._importer.headers import HEADER_ALIASES, IDENTIFIER_FIELDS, header_lookup, suggest_field
from workbench._importer.identifiers import PERSONAL, identifier_heading, identifier_value
from workbench._importer.manage import list_batches

HIDDEN_VI = "(không hiện: hồ sơ nạn nhân)"
HIDDEN_EN = "(not shown: victim record)"
VICTIM_HEAD = [
    "Ngày tiếp nhận",
    "Quận/Huyện",
    "Giới tính",
    "Nhóm tuổi",
    "Nước bị đưa đến",
    "Tình trạng xác định",
]
VICTIM_ROW = ["03/03/2024", "Cái Răng", "Nữ", "18-20", "Campuchia", "Nạn nhân"]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def stored_bytes(db: Path) -> list[bytes]:
    """Every file the database and its import store hold: each generation and every batch."""
    blobs = [p.read_bytes() for p in db.parent.glob(db.name + "*") if p.is_file()]
    blobs += [p.read_bytes() for p in (db.parent / "imports").rglob("*") if p.is_file()]
    return blobs


def assert_nowhere(db: Path, values: list[str]) -> None:
    blobs = stored_bytes(db)
    for value in values:
        for form in {value, unicodedata.normalize("NFC", value), unicodedata.normalize("NFD", value)}:
            for encoded in (form.encode("utf-8"), form.encode("utf-16-le")):
                assert not any(encoded in blob for blob in blobs), value


def said(result) -> str:
    """Everything the problem table shows a user, as one text."""
    return "\n".join(" | ".join(map(str, row)) for row in result.problems.itertuples(index=False))


def batch_parquet(db: Path, table: str) -> list[tuple]:
    files = sorted((db.parent / "imports").rglob(f"{table}*.parquet"))
    assert files, f"no stored {table} parquet"
    con = duckdb.connect()
    rows: list[tuple] = []
    for path in files:
        rows += con.execute("SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    return rows


# ---------------------------------------------------------------- what a code looks like

LOOKS = [
    pytest.param("092301004441", "id_number", id="cccd"),
    pytest.param("092 301 004 441", "id_number", id="cccd-spaces"),
    pytest.param("092.301.004.441", "id_number", id="cccd-dots"),
    pytest.param("\u00a0092301004441 ", "id_number", id="cccd-nbsp"),
    pytest.param("361234567", "id_number", id="cmnd"),
    pytest.param("361 234 567", "id_number", id="cmnd-spaces"),
    pytest.param("0909123456", "phone", id="phone"),
    pytest.param("0909 123 456", "phone", id="phone-spaces"),
    pytest.param("0909.123.456", "phone", id="phone-dots"),
    pytest.param("0909-123-456", "phone", id="phone-hyphens"),
    pytest.param("02923812345", "phone", id="landline-11"),
    pytest.param("+84 909 123 456", "phone", id="plus-84"),
    pytest.param("84909123456", "phone", id="84"),
    pytest.param("hoa.nguyen@gmail.com", "email", id="email"),
    pytest.param("NGUYEN-THI-HOA-1998", "full_name", id="name-hyphens"),
    pytest.param("Nguyễn Thị Hoa", "full_name", id="name"),
    pytest.param(nfd("Trần Văn Nam"), "full_name", id="name-nfd"),
    pytest.param("le_van_a", "full_name", id="name-underscores"),
    pytest.param("pham.thi.lan", "full_name", id="name-dots"),
    pytest.param("ĐỖ HÙNG", "full_name", id="name-d-stroke"),
    pytest.param("HS-NGUYEN-THI-HOA", "full_name", id="name-after-prefix"),
    pytest.param("HS-2024-015", None, id="agency-code"),
    pytest.param("VA-2024-01", None, id="case-code"),
    pytest.param("NK/2024/015", None, id="slashes"),
    pytest.param("HO-SO-01", None, id="ho-so"),
    pytest.param("VU-AN-2024-01", None, id="vu-an"),
    pytest.param("LE-HS-01", None, id="family-then-abbreviation"),
    pytest.param("2024-00012", None, id="year-serial"),
    pytest.param("HL-000123", None, id="contact-code"),
    pytest.param("12345", None, id="short-number"),
]


@pytest.mark.parametrize(("text", "expected"), LOOKS)
def test_what_a_code_looks_like(text, expected):
    assert identifier_value(text) == expected


HEADINGS = [
    pytest.param("Số điện thoại người gọi", PERSONAL, id="caller-phone"),
    pytest.param("SĐT liên hệ", PERSONAL, id="contact-phone"),
    pytest.param("Số ĐT", "phone", id="so-dt"),
    pytest.param("Email", PERSONAL, id="email"),
    pytest.param("E-mail", PERSONAL, id="e-mail"),
    pytest.param("Facebook/Zalo", PERSONAL, id="social"),
    pytest.param("Họ tên người giám hộ", PERSONAL, id="guardian"),
    pytest.param("Tên", PERSONAL, id="given-name"),
    pytest.param("Họ, chữ đệm và tên", "full_name", id="official-name"),
    pytest.param(nfd("HỌ VÀ TÊN NẠN NHÂN"), "full_name", id="name-nfd-upper"),
    pytest.param("ho ten", "full_name", id="name-ascii"),
    pytest.param("Full name", "full_name", id="english-name"),
    pytest.param("Số CMND/CCCD/Hộ chiếu", "id_number", id="id-or-passport"),
    pytest.param("Số hộ chiếu", PERSONAL, id="passport"),
    pytest.param("Căn cước công dân", "id_number", id="can-cuoc"),
    pytest.param("National ID", "id_number", id="english-id"),
    pytest.param("Nơi sinh", PERSONAL, id="birthplace"),
    pytest.param("Quê quán", "address", id="hometown"),
    pytest.param("Địa chỉ thường trú", "address", id="address"),
    pytest.param("Họ tên đối tượng", PERSONAL, id="suspect-name"),
    pytest.param("CCCD đối tượng", PERSONAL, id="suspect-id"),
    pytest.param("Người báo cáo", PERSONAL, id="reporter"),
    pytest.param("Ngày sinh", "birth_date", id="birth-date"),
    pytest.param("Tên đơn vị", None, id="unit-name"),
    pytest.param("Quan hệ với đối tượng", None, id="recruiter-relation"),
    pytest.param("Số đối tượng", None, id="suspects"),
    pytest.param("Mã hồ sơ", None, id="file-code"),
    pytest.param("Địa bàn", None, id="area"),
    pytest.param("Nơi bị bán đến", None, id="destination"),
]


@pytest.mark.parametrize(("heading", "expected"), HEADINGS)
def test_what_a_heading_names(heading, expected):
    assert identifier_heading(heading) == expected


def test_no_dictionary_heading_of_a_stored_field_is_taken_for_an_identifier():
    for field, headings in HEADER_ALIASES.items():
        if field in IDENTIFIER_FIELDS:
            continue
        for heading in (field, *headings):
            assert identifier_heading(heading) is None, (field, heading)


@pytest.mark.parametrize(
    "heading",
    ["Số hộ chiếu", "Nơi sinh", "SĐT liên hệ", "Họ tên đối tượng", "CCCD đối tượng", "Email", "Tên"],
)
def test_an_identifier_heading_is_never_offered_a_field(heading):
    assert suggest_field(heading, header_lookup()) is None


# ---------------------------------------------------------------- codes that are identifiers


BAD_CODES = ["092301004441", "NGUYEN-THI-HOA-1998", "0909123456", "092 301 004 441", "+84 909 123 456"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_victim_code_holding_identifiers_is_refused_without_repeating_it(fresh, key_file, tmp_path, lang):
    rows = [["Mã hồ sơ", *VICTIM_HEAD]] + [[code, *VICTIM_ROW] for code in BAD_CODES]
    rows.append([nfd("Nguyễn Thị Lan"), *VICTIM_ROW])
    path = write_csv(tmp_path / "nan_nhan.csv", rows)
    result = wb.import_files(path, db=fresh, progress=False, lang=lang)
    assert result.files["status"].tolist() == ["refused"]
    errors = result.problems[result.problems["problem"].str.contains("không phải một mã|not a code")]
    assert errors["row"].tolist() == [2, 3, 4, 5, 6, 7]
    assert set(errors["column"]) == {"Mã hồ sơ"}
    assert set(errors["severity"]) == {"error"}
    assert set(errors["file"]) == {"nan_nhan.csv"}
    assert set(errors["value"]) == {HIDDEN_VI if lang == "vi" else HIDDEN_EN}
    looks = {
        "vi": ["một số CMND/CCCD", "họ tên của một người", "một số điện thoại"],
        "en": ["an ID-card number", "a person's name", "a phone number"],
    }[lang]
    assert [next(w for w in looks if w in p) for p in errors["problem"]] == [
        looks[0], looks[1], looks[2], looks[0], looks[2], looks[1],
    ]  # fmt: skip
    agency = "số hồ sơ hay số vụ việc của cơ quan" if lang == "vi" else "the agency's case or file number"
    assert all(agency in s for s in errors["suggestion"])
    text = said(result)
    for code in [*BAD_CODES, "Nguyễn Thị Lan", "0909", "092301", "NGUYEN"]:
        assert code not in text and nfd(code) not in text, code
    assert_nowhere(fresh, [*BAD_CODES, "Nguyễn Thị Lan"])
    assert not list((fresh.parent / "imports").rglob("victims*.parquet"))


def test_the_command_prints_and_writes_no_identifier_code(fresh, key_file, tmp_path, capsys):
    rows = [["Mã hồ sơ", *VICTIM_HEAD], ["092301004441", *VICTIM_ROW], ["0909123456", *VICTIM_ROW]]
    path = write_csv(tmp_path / "nan_nhan.csv", rows)
    out = tmp_path / "out" / "problems.csv"
    assert main(["import", "--db", str(fresh), "--problems", str(out), str(path)]) == 1
    printed = capsys.readouterr()
    for text in (printed.out + printed.err, out.read_text(encoding="utf-8-sig")):
        assert "Mã hồ sơ" in text
        assert "092301004441" not in text and "0909123456" not in text


def test_a_victim_code_is_stored_as_a_keyed_pseudonym(fresh, key_file, tmp_path):
    rows = [["Mã hồ sơ", *VICTIM_HEAD], ["HS-2024-015", *VICTIM_ROW], ["HS-2024-016", *VICTIM_ROW]]
    path = write_csv(tmp_path / "nan_nhan.csv", rows)
    result = wb.import_files(path, db=fresh, progress=False, lang="en")
    assert result.ok, str(result)
    assert result.rows_added == 2
    with wb.connect(fresh) as db:  # internal mode
        keys = db.sql("SELECT victim_id FROM victims WHERE reception_date = DATE '2024-03-03'")["victim_id"]
    assert len(keys) == 2 and keys.str.fullmatch(r"[0-9a-f]{16}").all()
    stored = {row[0] for row in batch_parquet(fresh, "victims")}
    assert stored == set(keys)
    assert_nowhere(fresh, ["HS-2024-015", "HS-2024-016"])
    # the same codes again (spacing and case as people type them): recognised, nothing added
    again = write_csv(tmp_path / "lai.csv", [rows[0], [" hs-2024-015 ", *VICTIM_ROW]])
    second = wb.import_files(again, db=fresh, progress=False, lang="en")
    assert second.ok, str(second)
    assert second.files.loc[0, "rows_added"] == 0 and second.files.loc[0, "rows_skipped"] == 1
    # two rows of one code within a file: a duplicate, as before
    twice = write_csv(
        tmp_path / "hai.csv", [rows[0], ["HS-9", *VICTIM_ROW], ["HS-9", *VICTIM_ROW[:-1], "Không rõ"]]
    )
    third = wb.import_files(twice, db=fresh, progress=False, lang="en")
    assert not third.ok
    assert 3 in third.problems[third.problems["severity"] == "error"]["row"].tolist()


@pytest.mark.parametrize(
    ("name", "head", "row", "code"),
    [
        pytest.param(
            "vu_an.csv",
            ["Mã vụ án", "Ngày phát hiện", "Quận/Huyện", "Giai đoạn tố tụng", "Số đối tượng"],
            ["092300001111", "05/05/2024", "Ninh Kiều", "Đã khởi tố", "2"],
            "092300001111",
            id="case-cccd",
        ),
        pytest.param(
            "duong_day.csv",
            ["Mã cuộc gọi", "Ngày liên hệ", "Đường dây", "Nội dung", "Quận/Huyện"],
            ["+84 966 666 666", "06/05/2024", "111", "Báo tin nghi vấn mua bán người", "Ninh Kiều"],
            "966 666 666",
            id="hotline-phone",
        ),
    ],
)
def test_case_and_contact_codes_holding_identifiers_are_refused(
    fresh, key_file, tmp_path, name, head, row, code
):
    path = write_csv(tmp_path / name, [head, row, row])
    result = wb.import_files(path, db=fresh, progress=False, lang="en")
    assert result.files["status"].tolist() == ["refused"]
    errors = result.problems[result.problems["severity"] == "error"]
    assert errors.iloc[0]["column"] == head[0] and errors.iloc[0]["row"] == 2
    assert "not a code" in errors.iloc[0]["problem"]
    assert code not in said(result)  # nor in the duplicate's message
    assert_nowhere(fresh, [code])


# ---------------------------------------------------------------- identifier columns


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_victim_file_named_after_the_person_leaves_no_name_in_the_store(
    fresh, key_file, tmp_path, suffix, capsys
):
    """A victim file, or its sheet, is often named after the person: the batch keeps its kind and
    fingerprint, its sheets by number, and the file still finds its batch to take it out."""
    name = nfd("Hồ sơ Thạch Thị Sa Rết - CCCD 092301000111")
    path = tmp_path / f"{name}{suffix}"
    rows = [["Mã hồ sơ", *VICTIM_HEAD], ["HS-2024-777", *VICTIM_ROW]]
    if suffix == ".csv":
        write_csv(path, rows)
    else:
        with xlsxwriter.Workbook(path) as book:
            sheet = book.add_worksheet(nfd("Thạch Thị Sa Rết"))
            for r, row in enumerate(rows):
                sheet.write_row(r, 0, row)
    result = wb.import_files(path, db=fresh, progress=False, lang="en")
    assert result.ok, str(result)
    assert result.rows_added == 1
    assert_nowhere(fresh, ["Thạch Thị Sa Rết", "Sa Rết", "092301000111", name])
    [batch] = list_batches(fresh).query("tables == 'victims'").to_dict("records")
    assert batch["file"].startswith("victims-") and batch["file"].endswith(suffix)
    with wb.connect(fresh) as db:
        assert db.sql("SELECT file FROM imports WHERE file LIKE 'victims-%'")["file"].tolist() == [
            batch["file"]
        ]
    # `imports remove` given the file itself finds the batch by its contents
    assert main(["imports", "remove", str(path), "--db", str(fresh), "--lang", "en"]) == 0
    assert batch["batch"] in capsys.readouterr().out
    with wb.connect(fresh) as db:
        assert db.sql("SELECT count(*) AS n FROM imports WHERE file LIKE 'victims-%'")["n"].tolist() == [0]


def test_a_person_identified_otherwise_in_a_later_file_is_said_to_be_counted_twice(fresh, key_file, tmp_path):
    """Name and birth date in one quarter's file, the same person with a birth year and an ID card
    in the next: two keys, two records, and the year's count one higher with no word. Said on each
    such row (without repeating a cell); the same file again, or another person, says nothing."""
    first = [["Họ và tên", "Ngày sinh", *VICTIM_HEAD], ["Trần Thị Thử", "12/05/2001", *VICTIM_ROW]]
    later = [
        ["Họ và tên", "Năm sinh", "Số CCCD", *VICTIM_HEAD],
        ["TRẦN THỊ THỬ", "2001", "092301000111", *VICTIM_ROW],
        ["Lê Thị Khác", "1999", "", "04/03/2024", *VICTIM_ROW[1:]],
    ]
    assert wb.import_files(write_csv(tmp_path / "q1.csv", first), db=fresh, progress=False).ok
    again = wb.import_files(write_csv(tmp_path / "q1b.csv", first), db=fresh, progress=False, lang="en")
    assert "same day" not in said(again)
    result = wb.import_files(write_csv(tmp_path / "q2.csv", later), db=fresh, progress=False, lang="en")
    assert result.ok, str(result)
    warned = result.problems[result.problems["problem"].str.contains("same day, at the same place")]
    assert list(zip(warned["row"].astype(int), warned["severity"], strict=True)) == [(2, "warning")]
    assert "the two records count the person twice" in warned["problem"].iloc[0]
    assert f" --db {fresh})" in warned["suggestion"].iloc[0]  # the batch, of this database
    assert "workbench imports remove 2" in warned["suggestion"].iloc[0]  # by its name
    assert "Thử" not in said(result) and "092301000111" not in said(result)


def test_identifier_columns_of_a_victim_file_are_said_and_never_stored(fresh, key_file, tmp_path):
    head = [
        "Họ và tên", "Ngày sinh", "Số CCCD", "Email", "Facebook/Zalo", "Họ tên người giám hộ", "Tên",
        "Nơi sinh", "Số hộ chiếu", "SĐT liên hệ", *VICTIM_HEAD,
    ]  # fmt: skip
    person = [
        nfd("Nguyễn Thị Thử"), "12/05/2001", "092 301 009 991", "thu.nguyen@example.vn", "zalo.me/thu2001",
        nfd("Trần Văn Giám"), "Thử", "Làng Thử Nghiệm", "C7654321", "0912 345 678", *VICTIM_ROW,
    ]  # fmt: skip
    path = write_csv(tmp_path / "nan_nhan.csv", [head, person])
    result = wb.import_files(path, db=fresh, progress=False, lang="en")
    assert result.ok, str(result)
    assert result.rows_added == 1
    text = said(result)
    assert "--header" not in text  # no mapping offered for any of them
    notes = result.problems[result.problems["problem"].str.contains("not imported, not stored")]
    assert set(notes["column"]) == set(head[3:10])
    with wb.connect(fresh) as db:
        [key] = db.sql("SELECT victim_id FROM victims WHERE reception_date = DATE '2024-03-03'")["victim_id"]
    assert len(key) == 16
    secrets = [
        "Nguyễn Thị Thử", "092301009991", "092 301 009 991", "thu.nguyen@example.vn", "zalo.me/thu2001",
        "Trần Văn Giám", "Làng Thử Nghiệm", "C7654321", "0912 345 678", "0912345678", "Thử",
    ]  # fmt: skip
    assert_nowhere(fresh, secrets)
    for row in batch_parquet(fresh, "victims"):
        assert not any(s in str(v) for v in row for s in secrets)


@pytest.mark.parametrize(
    ("name", "head", "row", "column"),
    [
        pytest.param(
            "duong_day.csv",
            ["Ngày liên hệ", "Đường dây", "Nội dung", "Quận/Huyện", "Số điện thoại người gọi"],
            ["06/05/2024", "111", "Báo tin nghi vấn mua bán người", "Ninh Kiều", "0966666666"],
            "Số điện thoại người gọi",
            id="hotline-caller-phone",
        ),
        pytest.param(
            "goi_den.csv",
            ["Ngày liên hệ", "Đường dây", "Quận/Huyện", "SĐT người gọi"],
            ["06/05/2024", "111", "Ninh Kiều", "+84 966 666 667"],
            "SĐT người gọi",
            id="hotline-phone-is-no-sign-of-a-victim-list",
        ),
        pytest.param(
            "duong_day_nfd.csv",
            ["Ngày liên hệ", "Đường dây", "Nội dung", "Quận/Huyện", nfd("Họ tên người gọi")],
            ["06/05/2024", "111", "Báo tin nghi vấn mua bán người", "Ninh Kiều", nfd("Lê Thị Gọi")],
            nfd("Họ tên người gọi"),
            id="hotline-caller-name-nfd",
        ),
        pytest.param(
            "su_kien.csv",
            [
                "Ngày tổ chức",
                "Quận/Huyện",
                "Đơn vị tổ chức",
                "Hình thức",
                "Chủ đề",
                "Số người tham dự",
                "Họ và tên",
            ],
            [
                "13/11/2024",
                "Ninh Kiều",
                "Hội LHPN",
                "Truyền thông cộng đồng",
                "Phòng, chống mua bán người",
                "40",
                "Trần Thị Báo",
            ],
            "Họ và tên",
            id="events-name",
        ),
        pytest.param(
            "su_kien_email.csv",
            [
                "Ngày tổ chức",
                "Quận/Huyện",
                "Đơn vị tổ chức",
                "Hình thức",
                "Chủ đề",
                "Số người tham dự",
                "E-mail",
            ],
            [
                "13/11/2024",
                "Ninh Kiều",
                "Hội LHPN",
                "Truyền thông cộng đồng",
                "Phòng, chống mua bán người",
                "40",
                "bao@example.vn",
            ],
            "E-mail",
            id="events-email",
        ),
    ],
)
def test_identifier_columns_refuse_files_that_hold_no_person(
    fresh, key_file, tmp_path, name, head, row, column
):
    path = write_csv(tmp_path / name, [head, row])
    result = wb.import_files(path, db=fresh, progress=False, lang="vi")
    assert result.files["status"].tolist() == ["refused"]
    errors = result.problems[result.problems["severity"] == "error"]
    [error] = errors[errors["column"] == column].to_dict("records")
    assert "không chứa thông tin nhận diện của ai" in error["problem"]
    assert "xóa cột" in error["suggestion"] and "--header" not in error["suggestion"]
    assert row[-1] not in said(result)
    assert_nowhere(fresh, [row[-1]])


def test_suspects_names_in_a_case_file_are_said_and_not_stored(fresh, key_file, tmp_path):
    head = ["Mã vụ án", "Ngày phát hiện", "Quận/Huyện", "Giai đoạn tố tụng", "Số đối tượng"]
    head += ["Họ tên đối tượng", "CCCD đối tượng"]
    row = ["VA-2024-01", "05/05/2024", "Ninh Kiều", "Đã khởi tố", "2"]
    row += ["Lê Văn Xấu; Trần Thị Ác", "092300001111; 092300002222"]
    path = write_csv(tmp_path / "vu_an.csv", [head, row])
    result = wb.import_files(path, db=fresh, progress=False, lang="en")
    assert result.ok, str(result)
    warned = result.problems[result.problems["problem"].str.contains("not imported, not stored")]
    assert set(warned["column"]) == {"Họ tên đối tượng", "CCCD đối tượng"}
    assert set(warned["severity"]) == {"warning"}
    text = said(result)
    assert "suspects" not in text.split("a case record holds")[0]  # no '=suspects' mapping offered
    assert "--header" not in text
    assert_nowhere(fresh, ["Lê Văn Xấu", "Trần Thị Ác", "092300001111", "092300002222"])


# ---------------------------------------------------------------- ID-card numbers in number cells


def write_xlsx(path: Path, head: list[str], rows: list[list[object]]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    sheet.write_row(0, 0, head)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    book.close()
    return path


CARD_HEAD = ["Họ và tên", "Ngày sinh", "Số CCCD", *VICTIM_HEAD]


def test_a_cccd_that_lost_its_zero_is_the_same_person(fresh, key_file, tmp_path):
    """An 11-digit number cell in a CCCD column is read with its zero: the same key as the text."""
    text = write_csv(
        tmp_path / "mot.csv", [CARD_HEAD, ["Nguyễn Thị Thử", "12/05/2001", "092301009991", *VICTIM_ROW]]
    )
    first = wb.import_files(text, db=fresh, progress=False, lang="en")
    assert first.ok and first.rows_added == 1, str(first)
    number = write_xlsx(
        tmp_path / "hai.xlsx", CARD_HEAD, [["Nguyen Thi Thu", "12/05/2001", 92301009991, *VICTIM_ROW]]
    )
    second = wb.import_files(number, db=fresh, progress=False, lang="en")
    assert second.ok, str(second)
    assert second.files.loc[0, "rows_added"] == 0 and second.files.loc[0, "rows_skipped"] == 1
    [note] = second.problems[second.problems["problem"].str.contains("leading zero")]["problem"]
    assert "'Số CCCD'" in note and "11 digits" in note and "92301009991" not in note
    assert_nowhere(fresh, ["092301009991", "92301009991"])


@pytest.mark.parametrize(
    ("heading", "cell", "ok"),
    [
        pytest.param("Số CMND", 36123456, True, id="cmnd-8-digits"),
        pytest.param("Số CCCD", 9230100999, False, id="cccd-10-digits"),
        pytest.param("Số CCCD", 923010099912, True, id="cccd-12-digits-number"),
        pytest.param("Số CCCD", "92301009991", False, id="cccd-11-digits-text"),
        pytest.param("Số CCCD", "0923 0100 999", False, id="cccd-11-digits-spaced"),
        pytest.param("CMND/CCCD", "1234567890123", False, id="13-digits"),
        pytest.param("Số CMND/CCCD/Hộ chiếu", "C1234567", True, id="passport"),
    ],
)
def test_an_id_card_number_of_another_length_is_refused(fresh, key_file, tmp_path, heading, cell, ok):
    head = ["Họ và tên", "Ngày sinh", heading, *VICTIM_HEAD]
    path = write_xlsx(tmp_path / "ds.xlsx", head, [["Nguyễn Thị Thử", "12/05/2001", cell, *VICTIM_ROW]])
    result = wb.import_files(path, db=fresh, progress=False, lang="en")
    assert result.ok == ok, str(result)
    if not ok:
        [error] = result.problems[result.problems["severity"] == "error"].to_dict("records")
        assert (error["file"], error["sheet"], error["row"], error["column"]) == ("ds.xlsx", "DS", 2, heading)
        assert "wrong length" in error["problem"] and error["value"] in ("", HIDDEN_EN)
        assert str(cell) not in said(result)
    assert_nowhere(fresh, [str(cell), "Nguyễn Thị Thử"])
