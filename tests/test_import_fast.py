"""The CSV fast path: a clean UTF-8 file goes from the file to its batch without a table of text
cells and without row numbers. Whatever it stores, the detailed path stores too; whatever it
would have to point at, the detailed path reports, with the right row numbers."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from windows_fs import database_bytes

import workbench as wb
import workbench._importer.check as check
import workbench._importer.run as importer
from workbench._generations import copy_database

pytestmark = pytest.mark.slow  # large files imported both ways and compared

HEAD = [
    "Ngày tổ chức",
    "Quận/Huyện",
    "Đơn vị tổ chức",
    "Hình thức",
    "Chủ đề",
    "Số người tham dự",
    "Số tờ rơi",
]
ROWS = [
    [
        "05/03/2024",
        "Q. Ninh Kiều",
        "Hội LHPN",
        "Truyền thông cộng đồng",
        "Phòng, chống mua bán người",
        "134",
        "-",
    ],
    ["6/3/24", "binh thuy", "Công an", "Tập huấn", "trafficking", "45", ""],
    [
        "45360",
        "H. Cờ Đỏ",
        "Đoàn Thanh niên",
        "Mít tinh hưởng ứng Ngày 30/7",
        "Di cư an toàn",
        "120",
        "2,500",
    ],
    ["2024-03-09", "925", "Sở LĐ-TB&XH", "Phát tờ rơi", "Phòng, chống tệ nạn xã hội", "-", "300"],
]


# Units of the 2025 reform: a ward column of codes or names, alone or beside an empty district
# column (records from 1 July 2025 on), and files mixing both kinds of record.
BOTH_HEAD = [HEAD[0], HEAD[1], "Xã/Phường", *HEAD[2:]]
WARD_HEAD = [HEAD[0], "Mã xã", *HEAD[2:]]
WARD_ROW = [
    "04/09/2025",
    "",
    "Phường Cái Khế",
    "Hội LHPN",
    "Tập huấn",
    "Phòng, chống mua bán người",
    "27",
    "0",
]
DISTRICT_ROW = [
    "04/09/2024",
    "Ninh Kiều",
    "",
    "Hội LHPN",
    "Tập huấn",
    "Phòng, chống mua bán người",
    "20",
    "0",
]


def _csv(head: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    def cell(text: str) -> str:
        return (
            f'"{text.replace(chr(34), chr(34) * 2)}"' if any(ch in text for ch in f'"{delimiter}') else text
        )

    return "".join(delimiter.join(cell(c) for c in line) + "\n" for line in [head, *rows])


def _nfd(rows):
    return [[unicodedata.normalize("NFD", c) for c in row] for row in rows]


SESSION = "Truyền thông cộng đồng"
# Police community sessions: the sample holds none, so no row is a stored event of the same day,
# place, organiser and type with other counts (a warning, which takes the detailed path).
MANY = [
    [f"{1 + i % 28:02d}/0{1 + i % 9}/2023", ROWS[i % 4][1], "Công an", SESSION,
     "Di cư an toàn", str(i % 150), str(i)]
    for i in range(3_000)
]  # fmt: skip
CORPUS_VICTIMS = Path(__file__).parent / "import_corpus" / "good" / "victims_identified.csv"
KEYS = ["BM-1", 'it\'s "quoted"', "'; DROP TABLE events; --", "Mã-ồ"]
CLEAN = [
    pytest.param(_csv(HEAD, ROWS), 0, id="derived-keys"),
    pytest.param(
        _csv(["Mã sự kiện", *HEAD], [[k, *r] for k, r in zip(KEYS, ROWS, strict=True)]), 0, id="key-column"
    ),
    pytest.param(_csv(HEAD, _nfd(ROWS)), 0, id="nfd-text"),
    pytest.param(_csv(HEAD, [ROWS[0], [""] * 7, *ROWS[1:], [""] * 7]), 2, id="empty-rows"),
    pytest.param(_csv([*HEAD, "Ghi chú"], [[*r, "x"] for r in ROWS]), 0, id="unknown-column"),
    pytest.param(_csv(HEAD, ROWS, ";"), 0, id="semicolons"),
    pytest.param("\ufeff" + _csv(HEAD, ROWS), 0, id="byte-order-mark"),
    pytest.param(_csv(HEAD, ROWS).replace("\n", "\r\n"), 0, id="crlf"),
    pytest.param(_csv(HEAD, MANY), 0, id="3000-rows"),
    pytest.param(_csv(WARD_HEAD, [[*WARD_ROW[:1], "31120", *WARD_ROW[3:]]]), 0, id="ward-codes"),
    pytest.param(_csv(BOTH_HEAD, [WARD_ROW]), 0, id="empty-district-ward-names"),
    pytest.param(
        _csv(BOTH_HEAD, [WARD_ROW, DISTRICT_ROW, [*WARD_ROW[:2], "31147", *WARD_ROW[3:]]]),
        0,
        id="2024-and-2025-rows",
    ),
]


def _database(template: Path, folder: Path) -> Path:
    path = folder / "workbench.duckdb"
    path.parent.mkdir(parents=True)
    copy_database(template, path)
    return path


def _events(path: Path) -> list[tuple]:
    db = wb.connect(path)
    db.row_cap = 100_000
    frame = db.sql("SELECT * FROM events ORDER BY event_id")
    return [tuple(r) for r in frame.astype(object).where(frame.notna(), None).itertuples(index=False)]


@pytest.fixture
def fast_only(monkeypatch):
    """The fast path must not fall back: storing the cells as text is an error here."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("the detailed path was taken")

    monkeypatch.setattr(check, "load_raw", refuse)


def _detailed(monkeypatch) -> None:
    monkeypatch.setattr(importer, "new_staging", lambda store: None)


@pytest.mark.parametrize(("text", "empty"), CLEAN)
def test_a_clean_csv_stores_on_the_fast_path_what_the_detailed_path_stores(
    text, empty, template, tmp_path, key_file, monkeypatch
):
    path = tmp_path / "clean.csv"
    path.write_text(text, encoding="utf-8")
    fast_db, detailed_db = _database(template, tmp_path / "fast"), _database(template, tmp_path / "detailed")
    with monkeypatch.context() as patch:
        patch.setattr(check, "load_raw", lambda *a, **k: pytest.fail("the detailed path was taken"))
        fast = wb.import_files(path, db=fast_db, progress=False, lang="en")
    _detailed(monkeypatch)
    detailed = wb.import_files(path, db=detailed_db, progress=False, lang="en")
    assert fast.ok and detailed.ok, f"{fast}\n{detailed}"
    assert fast.rows_added == detailed.rows_added == text.count("\n") - 1 - empty
    assert fast.problems.equals(detailed.problems)
    assert _events(fast_db) == _events(detailed_db)
    assert len(_events(fast_db)) == len(_events(template)) + fast.rows_added


def test_the_fast_path_keeps_hostile_keys_and_text_as_data(template, tmp_path, key_file, fast_only):
    path = tmp_path / "keys.csv"
    path.write_text(_csv(["Mã sự kiện", *HEAD], [[k, *r] for k, r in zip(KEYS, ROWS, strict=True)]), "utf-8")
    db = _database(template, tmp_path / "db")
    assert wb.import_files(path, db=db, progress=False, lang="en").rows_added == 4
    stored = set(wb.connect(db).sql("SELECT event_id FROM events")["event_id"])
    assert set(KEYS) <= stored


def test_importing_a_clean_csv_again_or_in_part_adds_only_the_new_records(template, tmp_path, key_file):
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(_csv(HEAD, ROWS[:3]), encoding="utf-8")
    second.write_text(_csv(HEAD, ROWS[1:]), encoding="utf-8")  # two already there, one new
    db = _database(template, tmp_path / "db")
    assert wb.import_files(first, db=db, progress=False, lang="en").rows_added == 3
    assert wb.import_files(first, db=db, progress=False, lang="en").rows_added == 0
    again = wb.import_files(second, db=db, progress=False, lang="en")
    assert (again.rows_added, again.files.loc[0, "rows_skipped"]) == (1, 2)
    assert len(_events(db)) == len(_events(template)) + 4


def test_files_of_one_import_see_each_other(template, tmp_path, key_file):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(_csv(HEAD, ROWS[:2]), encoding="utf-8")
    second.write_text(_csv(HEAD, ROWS), encoding="utf-8")
    db = _database(template, tmp_path / "db")
    result = wb.import_files(first, second, db=db, progress=False, lang="en")
    assert result.files["rows_added"].tolist() == [2, 2]
    assert len(_events(db)) == len(_events(template)) + 4


LATE = [
    pytest.param(("31/12/2015", None), "before the programme period", id="date-too-early"),
    pytest.param((None, "Hà Nội"), "unknown district", id="unknown-district"),
    pytest.param((None, None, "5.000"), "unusually large", id="warning-only"),
]


@pytest.mark.parametrize(("change", "problem"), LATE)
def test_a_problem_deep_in_a_large_clean_file_is_reported_at_its_row(
    change, problem, db_path, tmp_path, key_file
):
    rows = [[f"{1 + i % 28:02d}/03/2024", "Ninh Kiều", "Công an", "Tập huấn", "trafficking", str(i % 90), "0"]
            for i in range(2_000)]  # fmt: skip
    date, district, attendees = (*change, None, None)[:3]
    rows[1_499][0] = date or rows[1_499][0]
    rows[1_499][1] = district or rows[1_499][1]
    rows[1_499][5] = attendees or rows[1_499][5]
    lines = _csv(HEAD, rows).splitlines(keepends=True)
    lines.insert(10, "\n")  # a blank line before it: DuckDB's reader would not count it
    path = tmp_path / "large.csv"
    path.write_text("".join(lines), encoding="utf-8")
    result = wb.import_files(path, db=db_path, check_only=True, progress=False, lang="en")
    found = result.problems[result.problems["problem"].str.contains(problem)]
    assert found["row"].tolist() == [1_502]  # header, 1,499 rows before it, the blank line


def test_a_duplicate_in_a_clean_file_is_reported_with_both_rows(db_path, tmp_path, key_file):
    path = tmp_path / "twice.csv"
    path.write_text(_csv(["Mã sự kiện", *HEAD], [["A", *ROWS[0]], ["B", *ROWS[1]], ["A", *ROWS[2]]]), "utf-8")
    result = wb.import_files(path, db=db_path, check_only=True, progress=False, lang="en")
    duplicate = "duplicate: the same 'Mã sự kiện' as row 2"
    assert result.errors[["row", "problem"]].values.tolist() == [[4, duplicate]]


def _long_file(rows: int, late: dict[int, list[str]] | None = None) -> str:
    """`rows` events over 2016-2024 in date order: the first rows (the sample) see only the
    first dates and small counts, the rest rely on the dictionaries the sample predicts."""
    lines = []
    for i in range(rows):
        day = dt.date(2016, 1, 1) + dt.timedelta(days=i * 3200 // rows)
        lines.append(
            [
                f"{day:%d/%m/%Y}",
                "Ninh Kiều",
                "Công an",
                "Truyền thông cộng đồng",
                "trafficking",
                str(i % 150),
                "0",
            ]
        )
    for at, row in (late or {}).items():
        lines[at] = row
    return _csv(HEAD, lines)


SURPRISES = [  # (rows changed after the sample, whether the fast path still applies)
    pytest.param({}, True, id="none"),
    pytest.param({15_000: ["05/03/2024", "Bình Thủy", "Công an", SESSION, "trafficking", "5", "0"]}, True,
                 id="new-district"),
    pytest.param({15_000: ["05/03/2024", "Ninh Kiều", "Công an", SESSION, "trafficking", "5", ""]}, True,
                 id="empty-cell"),
    pytest.param({15_000: ["5/3/24", "Ninh Kiều", "Công an", SESSION, "trafficking", "1.200", "0"]}, False,
                 id="other-formats-and-a-warning"),
    pytest.param({19_999: ["Tổng cộng", "", "", "", "", "", ""]}, False, id="total-row"),
]  # fmt: skip


@pytest.mark.parametrize(("late", "fast_path"), SURPRISES)
def test_a_long_file_read_once_from_its_first_rows_stores_what_the_detailed_path_stores(
    late, fast_path, template, tmp_path, key_file, monkeypatch
):
    path = tmp_path / "long.csv"
    path.write_text(_long_file(20_000, late), encoding="utf-8")
    fast_db, detailed_db = _database(template, tmp_path / "fast"), _database(template, tmp_path / "detailed")
    with monkeypatch.context() as patch:
        if fast_path:
            patch.setattr(check, "load_raw", lambda *a, **k: pytest.fail("the detailed path was taken"))
        fast = wb.import_files(path, db=fast_db, progress=False, lang="en")
    _detailed(monkeypatch)
    detailed = wb.import_files(path, db=detailed_db, progress=False, lang="en")
    assert fast.ok and detailed.ok, f"{fast}\n{detailed}"
    assert fast.rows_added == detailed.rows_added == 20_000 - (19_999 in late)
    assert fast.problems.equals(detailed.problems)
    assert _events(fast_db) == _events(detailed_db)


@pytest.mark.parametrize(
    "sample",
    [
        pytest.param(["05/03/2024", "15/11/2019"], id="dd/mm/yyyy"),
        pytest.param(["5/3/2024", "15/11/2019"], id="d/m/yyyy"),
        pytest.param(["5.3.24", "15.11.19"], id="d.m.yy"),
        pytest.param(["2024-03-05"], id="iso"),
        pytest.param(["45356"], id="excel-serial"),
    ],
)
def test_every_date_a_sample_predicts_reads_as_the_parser_reads_it(sample):
    from workbench._importer.cells import CellColumn, Judged, _predict
    from workbench._importer.values import parse_date
    from workbench._schema import EVENTS

    column = CellColumn(1, "event_date", EVENTS.column("event_date"))
    column.judged = [
        Judged(k, text, parse_date(text), None, None, False, False) for k, text in enumerate(sample)
    ]
    _predict(column, None, (dt.date(2016, 1, 1), dt.date(2026, 11, 29)))
    assert len(column.judged) >= (dt.date(2026, 11, 29) - dt.date(2016, 1, 1)).days + 1  # every day
    assert len({j[1] for j in column.judged}) == len(column.judged)
    assert [j[0] for j in column.judged] == list(range(len(column.judged)))
    for _, text, value, *_ in column.judged[:: max(1, len(column.judged) // 500)]:
        assert parse_date(text) == value, text


def _contents(path: Path) -> dict[str, list[tuple]]:
    db = wb.connect(path)
    db.row_cap = 100_000
    queries = {
        "events": "SELECT * FROM events ORDER BY event_id",
        "victims": "SELECT * FROM victims ORDER BY victim_id",
        "imports": "SELECT * EXCLUDE (imported_at) FROM imports ORDER BY batch",
        "metadata": "SELECT * FROM metadata WHERE key NOT IN ('built_at') ORDER BY key",
    }
    out = {}
    for name, sql in queries.items():
        frame = db.sql(sql)
        rows = frame.astype(object).where(frame.notna(), None).itertuples(index=False)
        out[name] = [tuple(v.tolist() if hasattr(v, "tolist") else v for v in r) for r in rows]
    db.close()
    return out


def test_an_import_appends_to_the_database_what_a_rebuild_would_hold(template, tmp_path, key_file):
    from workbench._build import build, fingerprint
    from workbench._importer.store import store_dir
    from workbench._paths import DATA_DIR

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(_csv(HEAD, ROWS[:2]), encoding="utf-8")
    second.write_text(_long_file(3_000), encoding="utf-8")
    db = _database(template, tmp_path / "db")
    wb.import_files(first, db=db, progress=False, lang="en")
    wb.import_files(second, CORPUS_VICTIMS, db=db, progress=False, lang="en")
    appended = _contents(db)
    build(db, DATA_DIR, fingerprint(DATA_DIR, store_dir(db)))
    assert _contents(db) == appended
    assert len(appended["imports"]) == 3


def test_a_key_in_both_the_data_files_and_an_import_stops_the_build(data_copy, tmp_path, key_file):
    from workbench._build import build

    db = tmp_path / "db" / "workbench.duckdb"
    path = tmp_path / "keys.csv"
    path.write_text(_csv(["Mã sự kiện", *HEAD], [["NEW-1", *ROWS[0]]]), encoding="utf-8")
    assert wb.import_files(path, db=db, data_dir=data_copy, progress=False, lang="en").rows_added == 1
    before = database_bytes(db)
    events = data_copy / "sample" / "events.csv"
    first = events.read_text(encoding="utf-8").splitlines()[1]
    events.write_text(events.read_text(encoding="utf-8") + "NEW-1," + first.split(",", 1)[1] + "\n", "utf-8")
    with pytest.raises(wb.DataFileError, match="event_id 'NEW-1' belongs to two records"):
        build(db, data_copy)
    assert database_bytes(db) == before


def test_an_import_into_a_national_database_is_appended_and_in_every_answer(tmp_path, key_file):
    from workbench._build import fingerprint, stored_fingerprint
    from workbench._importer.store import store_dir
    from workbench._national import generate_national
    from workbench._paths import DATA_DIR

    national = generate_national(tmp_path / "national.duckdb", events=3_000, victims=200)
    city = tmp_path / "workbench.duckdb"
    wb.connect(city).close()  # a city database in the same folder
    generated = stored_fingerprint(national)

    def counts() -> tuple[int, int, int]:
        with wb.connect(national) as db:
            by_year = db.events(provinces=92, by="year")  # from the district x month pre-aggregate
            by_organiser = db.events(provinces=92, by="organiser")  # from district x year x codes
            rows = db.sql("SELECT count(*) AS n FROM events")  # every event
            return int(by_year["events"].sum()), int(by_organiser["events"].sum()), int(rows.loc[0, "n"])

    before = counts()
    path = tmp_path / "long.csv"
    path.write_text(_long_file(2_000), encoding="utf-8")
    assert wb.import_files(path, db=national, progress=False, lang="en").rows_added == 2_000
    assert counts() == tuple(n + 2_000 for n in before)
    assert wb.import_files(path, db=national, progress=False, lang="en").rows_added == 0
    assert counts() == tuple(n + 2_000 for n in before)
    assert stored_fingerprint(national) == generated  # still a national database, never rebuilt
    with wb.connect(national) as db:
        assert db.sql("SELECT rows_added FROM imports")["rows_added"].tolist() == [2_000, 0]
    # The city database beside it neither sees the national batches nor needs a rebuild.
    assert (store_dir(city) / "national-national").is_dir()
    assert stored_fingerprint(city) == fingerprint(DATA_DIR, store_dir(city))


def test_a_national_database_refuses_records_dated_after_its_districts_ended(tmp_path, key_file):
    from workbench._national import generate_national

    national = generate_national(tmp_path / "national.duckdb", events=1_000, victims=100)
    before = database_bytes(national)
    rows = [ROWS[1], ["02/07/2025", "Ninh Kiều", "Công an", "Tập huấn", "trafficking", "40", "0"]]
    path = tmp_path / "late.csv"
    path.write_text(_csv(HEAD, rows), encoding="utf-8")
    result = wb.import_files(path, db=national, progress=False, today=dt.date(2026, 11, 29), lang="en")
    assert not result.ok
    errors = result.errors
    assert set(errors["row"]) == {3}  # the 2024 row is fine
    late = errors[errors["column"] == "Ngày tổ chức"]
    assert late["value"].tolist() == ["02/07/2025"]  # as files write dates, not ISO
    assert "holds the districts before the 2025 reform" in late["problem"].iloc[0]
    assert database_bytes(national) == before


def _xlsx_text(path: Path, head: list[str], rows: list[list[str]]) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sự kiện")
    for r, line in enumerate([head, *rows]):
        for c, text in enumerate(line):
            if text.isdigit() and r:
                sheet.write_number(r, c, int(text))  # codes and counts typed as numbers
            elif text:
                sheet.write_string(r, c, text)
    book.close()
    return path


UNIT_FILES = [  # (heading row, rows, what each row stores: date, district, unit)
    pytest.param(
        WARD_HEAD, [[*WARD_ROW[:1], "31120", *WARD_ROW[3:]]], [("2025-09-04", None, 31120)], id="ward-codes"
    ),
    pytest.param(BOTH_HEAD, [WARD_ROW], [("2025-09-04", None, 31120)], id="empty-district-ward-names"),
    pytest.param(
        BOTH_HEAD,
        [WARD_ROW, DISTRICT_ROW, [*WARD_ROW[:2], "31147", *WARD_ROW[3:]]],
        [("2024-09-04", 916, None), ("2025-09-04", None, 31120), ("2025-09-04", None, 31147)],
        id="2024-and-2025-rows",
    ),
]


@pytest.mark.parametrize("path_taken", ["fast", "detailed", "xlsx"])
@pytest.mark.parametrize(("head", "rows", "stored"), UNIT_FILES)
def test_records_naming_2025_units_by_code_or_name_are_imported_with_their_unit(
    head, rows, stored, path_taken, template, tmp_path, key_file, monkeypatch
):
    if path_taken == "xlsx":
        path = _xlsx_text(tmp_path / "don_vi.xlsx", head, rows)
    else:
        path = tmp_path / "don_vi.csv"
        path.write_text(_csv(head, rows), encoding="utf-8")
    if path_taken == "fast":
        monkeypatch.setattr(check, "load_raw", lambda *a, **k: pytest.fail("the detailed path was taken"))
    elif path_taken == "detailed":
        _detailed(monkeypatch)
    db = _database(template, tmp_path / "db")
    before = _places(db)
    result = wb.import_files(path, db=db, progress=False, lang="en")
    assert result.ok, str(result)
    assert result.rows_added == len(rows)
    assert sorted((p[1:] for p in set(_places(db)) - set(before)), key=str) == stored


def _places(db: Path) -> list[tuple]:
    """(id, date, district, unit) of every event record."""
    with wb.connect(db) as workbench:
        workbench.row_cap = 100_000
        frame = workbench.sql(
            "SELECT event_id, CAST(event_date AS VARCHAR), district_code, unit_code FROM events"
        )
    frame = frame.astype(object).where(frame.notna(), None)
    return [
        (i, d, dc if dc is None else int(dc), uc if uc is None else int(uc))
        for i, d, dc, uc in frame.values.tolist()
    ]
