"""Reading agency files as they come: CSV in any of the usual encodings, XLSX with several sheets.

A file becomes one `Sheet` per table-like sheet: its headings, the row its header ends on, and
either a grid of cell texts (spreadsheets, legacy encodings) or, for large UTF-8 CSV files, a
note that DuckDB should read the file itself (the fast path: no Python per cell).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import mmap
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path

from .._errors import DataFileError, NotCsvError
from .._schema import RECORD_TABLES
from .._standards import STANDARDS, columns
from . import tcvn3 as _tcvn3
from .headers import heading_key, map_headers, match_headers
from .xlsx import check_xlsx

HEADER_SEARCH_ROWS = 30  # the header may sit under a title block
SAMPLE_BYTES = 256 * 1024
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
MAX_CELL_CHARS = 128 * 1024  # one cell of an agency table never needs more: a longer one is damage
# Excel's error values: a formula that failed, not data.
ERROR_VALUES = frozenset(
    ("#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA")
)


def file_label(path: Path) -> str:
    """The file's name as it can be printed and written: bytes of a name that are not UTF-8 (a file
    from an old system) shown as U+FFFD."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def file_error(
    file: Path | str,
    detail: str,
    error: type[DataFileError] = DataFileError,
    words: str | None = None,
    **fields: object,
) -> DataFileError:
    """`error` about a whole file (`file`: its path or its printed name): the message starts with
    the file's name, `detail` (kept on the error) says the rest ("sheet 'X', cell B4: ...").
    `words`: the key of the same message among the importer's words, with its `fields`, which the
    import's problem table says in its language."""
    label = file if isinstance(file, str) else file_label(file)
    found = error(f"{label}{', ' if detail.startswith('sheet ') else ': '}{detail}", detail=detail)
    if words is not None:
        found.words = (words, fields)
    return found


def printable_path(path: Path) -> bool:
    """True when the path can be handed to a reader that takes UTF-8 text (DuckDB, calamine)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# Sheet names of a summary of the others (folded): 'Tổng hợp', 'TỔNG CỘNG', 'Tổng hợp quý 2', 'TH Q2',
# 'Báo cáo tổng hợp', 'BC tổng hợp', 'Summary'.
SUMMARY_SHEET = re.compile(r"^(?:bao cao |bc )?(?:tong hop|tong cong|tong so|tong|th|summary|totals?)(?: |$)")


def is_summary_sheet(name: str) -> bool:
    return bool(SUMMARY_SHEET.match(heading_key(name)))


@dataclass(frozen=True)
class Said:
    """A note or warning of the reading, in no language yet: `key` names one of the importer's
    messages (`_import_words.IMPORT_WORDS`, with its suggestion `fix`, by default `key.fix` when
    there is one), said in the import's language with `fields` filled in. `sheet`: the sheet it is
    about when that is not the sheet it came with (a sheet skipped or hidden, which has no `Sheet`
    of its own)."""

    key: str
    severity: str = "note"
    sheet: str | None = None
    fields: tuple[tuple[str, object], ...] = ()
    fix: str = ""


@dataclass
class Sheet:
    file: Path
    name: str  # sheet name, '' for CSV
    headings: list[str]
    fields: list[str | None]
    header_row: int  # 1-based row (line) number of the last header row
    rows: list[list[str]] | None = None  # the data rows below the header (grid path)
    encoding: str = "utf-8"
    delimiter: str = ","
    # what was converted (notes) and what a clerk may not have seen (warnings: hidden rows and
    # sheets), for the problem table
    said: list[Said] = field(default_factory=list)
    sample: list[list[str]] | None = None  # DuckDB-read CSV: the whole rows of the first bytes
    # (index into rows, column) -> an error value or 'formula': cells a reader shows as empty
    unreadable: dict[tuple[int, int], str] = field(default_factory=dict)
    widths: list[int] | None = None  # CSV read by Python: the number of cells of each data row
    near: dict[int, str] = field(default_factory=dict)  # column -> dictionary heading it was taken for


def read_file(path: Path, lookup: dict[str, str], exact_rows: bool = False) -> list[Sheet]:
    """Every sheet of `path` whose header the dictionary recognises; DataFileError if it cannot be read.

    `exact_rows`: the rows will be named in problems, so a CSV with blank lines (which DuckDB's
    reader skips, shifting the numbers) is read by Python.
    """
    if not path.exists():
        raise file_error(path, "no such file.", words="file_missing")
    if path.is_dir():
        raise file_error(
            path, "is a folder, not a file. Give the CSV or XLSX files inside it.", words="file_folder"
        )
    suffix = path.suffix.lower()
    try:
        if path.stat().st_size == 0:
            raise file_error(path, "the file is empty (0 bytes).", words="file_empty")
        if suffix in SPREADSHEET_SUFFIXES:
            return _read_spreadsheet(path, lookup)
        if suffix in (".csv", ".txt", ".tsv"):
            return _read_csv(path, lookup, exact_rows)
    except OSError as error:
        raise file_error(
            path,
            f"cannot be read ({error.strerror or error}).",
            words="file_unreadable",
            reason=error.strerror or error,
        ) from None
    raise file_error(
        path,
        f"cannot import a '{suffix}' file. Valid: .csv, .xlsx (or .xls, .ods).",
        words="file_suffix",
        suffix=suffix,
    )


# ---------------------------------------------------------------- CSV


def _decode_candidates(head: bytes) -> list[str]:
    if head.startswith(codecs.BOM_UTF8):
        return ["utf-8-sig"]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ["utf-16"]
    sample = head[:4096]
    if sample and sample.count(b"\0") > len(sample) // 4:  # UTF-16 without a byte-order mark
        return ["utf-16-le" if sample[1:2] == b"\0" else "utf-16-be"]
    return ["utf-8", "cp1258", "tcvn3"]


def _decode(data: bytes, encoding: str) -> str:
    if encoding == "tcvn3":
        return _tcvn3.to_unicode(data.decode("latin-1"))
    return data.decode(encoding)


def _score(rows: list[list[str]], lookup: dict[str, str]) -> int:
    return max((sum(1 for f in map_headers(r, lookup) if f) for r in rows[:HEADER_SEARCH_ROWS]), default=0)


def _sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines()[:HEADER_SEARCH_ROWS] if line.strip()), "")
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    counts = {d: sum(line.count(d) for line in lines) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: counts[d]) if first else ","


def _parse(path: Path, text: str, delimiter: str, whole: bool = True) -> list[list[str]]:
    """The rows of CSV text; DataFileError naming the line where it cannot be parsed, or where
    a cell is longer than any table needs."""
    # The csv module's own limit (128 KB) would fail without naming the cell: ours names it.
    csv.field_size_limit(max(csv.field_size_limit(), 16 * MAX_CELL_CHARS))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            for i, cell in enumerate(row):
                if len(cell) > MAX_CELL_CHARS:
                    # Of a large file only the first part may be parsed here: the cell's length in
                    # it is then not its size, and the limit is said instead of a count.
                    size = (
                        f"{len(cell):,} characters"
                        if whole
                        else f"over 128 KB (more than {MAX_CELL_CHARS:,} characters)"
                    )
                    raise file_error(
                        path,
                        f"line {reader.line_num}, cell {i + 1}: {size} "
                        f"(at most {MAX_CELL_CHARS:,} characters are read). A quote left open or a "
                        "damaged file joins many cells into one: check that line.",
                    )
            rows.append(row)
    except csv.Error as error:
        raise file_error(
            path, error=NotCsvError, detail=f"line {reader.line_num + 1} cannot be read as CSV ({error})."
        ) from None
    return rows


def _read_csv(path: Path, lookup: dict[str, str], exact_rows: bool) -> list[Sheet]:
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
        complete = len(head) < SAMPLE_BYTES
    candidates = _decode_candidates(head)
    chosen, text, best = None, None, -1
    for encoding in candidates:
        try:
            sample_text = _decode(head, encoding)
        except UnicodeDecodeError as error:
            # A cut multi-byte character at the sample's end is not an error.
            if encoding == "utf-8" and not complete and error.start >= len(head) - 4:
                sample_text = head[: error.start].decode("utf-8")
            else:
                continue
        delimiter = _sniff_delimiter(sample_text)
        try:
            rows = _parse(path, sample_text, delimiter, whole=complete)
        except NotCsvError:
            continue  # not text in this encoding
        score = _score(rows, lookup)
        if encoding == "cp1258" and _tcvn3.signature_count(sample_text.splitlines()) > 0:
            score -= 1  # cp1258 shows TCVN3 bytes as letters too; prefer TCVN3 on a tie
        if score > best:
            chosen, text, best = encoding, sample_text, score
        if encoding.startswith("utf-8") and score >= 2:
            break  # legacy-encoded Vietnamese is not valid UTF-8: no need to try the others
    if chosen is None or text is None:
        raise file_error(path, f"cannot tell the text encoding (tried {', '.join(candidates)}).")
    delimiter = _sniff_delimiter(text)
    sample_rows = _parse(path, text, delimiter, whole=complete)
    header = _find_header(sample_rows, lookup)
    if header is None:
        raise _no_header(path, "", sample_rows, lookup)
    last_header, headings = header
    notes: list[Said] = []
    if chosen == "tcvn3":
        notes.append(Said("read_tcvn3"))
    elif chosen == "cp1258":
        notes.append(Said("read_cp1258"))
    elif chosen.startswith("utf-16"):
        notes.append(Said("read_utf16"))
    legacy_text = _tcvn3.signature_count(text.splitlines()) > 0
    by_python = (exact_rows and _has_blank_lines(path)) or not printable_path(path)
    if chosen in ("utf-8", "utf-8-sig") and not legacy_text and not by_python:
        # DuckDB reads the file itself (fast path); the header is known from the sample.
        sample = sample_rows[last_header + 1 : None if complete else -1]  # the last row may be cut
        fields, near = match_headers(headings, lookup)
        return [
            Sheet(
                path,
                "",
                headings,
                fields,
                last_header + 1,
                None,
                "utf-8",
                delimiter,
                sample=sample,
                near=near,
            )
        ]
    try:
        full = _decode(path.read_bytes(), chosen)
    except UnicodeDecodeError as error:
        raise file_error(
            path,
            f"byte {error.start:,} is not {chosen} text, although the first "
            f"{SAMPLE_BYTES // 1024} KB are: the file is damaged or mixes encodings.",
        ) from None
    rows = _parse(path, full, delimiter)
    if chosen != "tcvn3":  # Unicode text typed in a TCVN3 font and saved as such
        rows, converted = _convert_tcvn3(path, "", rows)
        notes += converted
    header = _find_header(rows, lookup)
    if header is None:
        raise _no_header(path, "", rows, lookup)
    last_header, headings = header
    fields, near = match_headers(headings, lookup)
    data = rows[last_header + 1 :]
    sheet = Sheet(path, "", headings, fields, last_header + 1, data, chosen, delimiter, said=notes, near=near)
    sheet.widths = [len(r) for r in data]
    return [sheet]


def python_rows(sheet: Sheet) -> tuple[list[list[str]], list[int]]:
    """A UTF-8 CSV sheet's data rows read by Python, with each row's number of cells: for a file
    DuckDB's strict reader refuses (a row short or long, a stray quote), so the rows can be named."""
    try:
        text = sheet.file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise file_error(
            sheet.file,
            f"byte {error.start:,} is not UTF-8 text, although the first "
            f"{SAMPLE_BYTES // 1024} KB are: the file is damaged or mixes encodings.",
        ) from None
    rows = _parse(sheet.file, text, sheet.delimiter)
    data = rows[sheet.header_row :]
    return data, [len(r) for r in data]


def _has_blank_lines(path: Path) -> bool:
    """DuckDB's reader skips blank lines, which would shift the row numbers problems are given
    by: such files take the Python path, which keeps every line."""
    with path.open("rb") as handle:
        if path.stat().st_size == 0:
            return False
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return data.find(b"\n\n") != -1 or data.find(b"\n\r\n") != -1


# ---------------------------------------------------------------- spreadsheets


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.timedelta | dt.time):
        return ""
    return str(value)


# The fields read as whole numbers (counts): a numeric spreadsheet cell with a fractional part is no
# count, whatever its digits (0.123 is not the Vietnamese way of writing 123: that is typed text).
COUNT_FIELDS = frozenset(
    c.name
    for t in RECORD_TABLES
    for c in t.columns
    if c.sql_type in ("INTEGER", "BIGINT", "SMALLINT")
    and not c.codeset
    and c.name not in ("district_code", "unit_code")
)
# What `values.parse_count` would read as digits grouped by thousands ('1.234' = 1234).
_LIKE_GROUPED = re.compile(r"-?\d{1,3}\.\d{3}")


def _count_cell(value: object, text: str) -> str:
    """The text of a count column's cell: a number with a fractional part is written so that it
    is read as one (and refused as no whole number), never as thousands: 0.123 as '0.1230'."""
    if isinstance(value, float) and not value.is_integer() and _LIKE_GROUPED.fullmatch(text):
        return text + "0"
    return text


def _hidden_rows_warning(rows: list[int]) -> Said:
    shown = ", ".join(map(str, rows[:20]))
    if len(rows) > 20:
        more = (("rows", shown), ("n", len(rows) - 20))
        return Said("hidden_rows_more", "warning", fields=more, fix="hidden_rows.fix")
    return Said("hidden_rows", "warning", fields=(("rows", shown),))


def _read_spreadsheet(path: Path, lookup: dict[str, str]) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    label = file_label(path)
    checked = check_xlsx(path, label) if path.suffix.lower() in (".xlsx", ".xlsm") else {}
    try:
        if printable_path(path):
            book = CalamineWorkbook.from_path(str(path))
        else:
            with path.open("rb") as handle:
                book = CalamineWorkbook.from_filelike(handle)
    except Exception as error:  # calamine raises its own error types for damaged files
        raise file_error(
            path, f"not a readable spreadsheet ({error}).", words="not_spreadsheet", reason=error
        ) from None
    sheets: list[Sheet] = []
    tried: list[str] = []
    hidden_sheets: list[str] = []
    summaries: list[Sheet] = []
    visible = {m.name: str(m.visible).rsplit(".", 1)[-1] == "Visible" for m in book.sheets_metadata}
    for name in book.sheet_names:
        try:
            sheet = book.get_sheet_by_name(name)
            cells = sheet.to_python(skip_empty_area=False)
        except Exception as error:  # calamine's own error types, for a damaged sheet
            raise file_error(path, f"sheet {name!r}: cannot be read ({error}).") from None
        grid = [[_cell_text(v) for v in row] for row in cells]
        for r, row in enumerate(grid):
            if max(map(len, row), default=0) <= MAX_CELL_CHARS:
                continue
            for c, text in enumerate(row):
                if len(text) > MAX_CELL_CHARS:
                    raise file_error(
                        path,
                        f"sheet {name!r}, cell {_cell_name(r, c)}: {len(text):,} characters (at "
                        f"most {MAX_CELL_CHARS:,} are read): not a value of an agency table.",
                    )
        width = max((len(r) for r in grid), default=0)
        grid = [r + [""] * (width - len(r)) for r in grid]
        # A merged cell holds its text in its top-left corner only: spread it over the range,
        # but across header rows only (a merged data cell is a layout artefact, not a value).
        for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
            if r0 >= HEADER_SEARCH_ROWS + 2 or r0 >= len(grid):
                continue
            value = grid[r0][c0]
            for r in range(r0, min(r1, len(grid) - 1) + 1):
                for c in range(c0, min(c1, width - 1) + 1):
                    grid[r][c] = value
        grid, notes = _convert_tcvn3(path, name, grid)
        header = _find_header(grid, lookup)
        if header is not None and not visible.get(name, True):
            # A hidden sheet is a draft or a lookup list more often than a report: it is not
            # imported, and said (a clerk who hid a report unhides it and imports again).
            hidden_sheets.append(name)
            continue
        tried.append(name)
        if header is None:
            continue
        last_header, headings = header
        fields, near = match_headers(headings, lookup)
        notes.extend(_restore_card_zeros(cells, grid, last_header, headings, fields))
        for c, found in enumerate(fields):
            if found in COUNT_FIELDS:
                for r in range(last_header + 1, min(len(grid), len(cells))):
                    if c < len(cells[r]):
                        grid[r][c] = _count_cell(cells[r][c], grid[r][c])
        unreadable = {
            (r - last_header - 1, c): what
            for (r, c), what in (checked[name].unreadable if name in checked else {}).items()
            if r > last_header
        }
        hidden = [
            r + 1
            for r in (checked[name].hidden_rows if name in checked else [])
            if last_header < r < len(grid) and any(text.strip() for text in grid[r])
        ]
        if hidden:
            notes.append(_hidden_rows_warning(hidden))
        read_sheet = Sheet(path, name, headings, fields, last_header + 1, grid[last_header + 1 :], said=notes,
                           unreadable=unreadable, near=near)  # fmt: skip
        (summaries if is_summary_sheet(name) else sheets).append(read_sheet)
    # A summary sheet ('Tổng hợp') beside the sheets it sums holds their totals as rows that look
    # like records (one event of 210 attendees): the quarter would be counted twice. Left out, and
    # said; a file whose only records are on such a sheet imports it.
    summarised = [s.name for s in summaries] if sheets else []
    sheets = sheets or summaries
    # The sheets left out are said by their own names (they have no Sheet: the first one carries it).
    if sheets:
        sheets[0].said.extend(Said("hidden_sheet", "warning", name) for name in hidden_sheets)
        sheets[0].said.extend(Said("summary_sheet", "warning", name) for name in summarised)
        read = {s.name for s in sheets}
        sheets[0].said.extend(Said("sheet_no_header", "note", name) for name in tried if name not in read)
    if not sheets and hidden_sheets:
        raise file_error(
            path,
            f"the only sheet(s) with a header the import recognises, "
            f"{', '.join(repr(n) for n in hidden_sheets)}, are hidden: unhide the sheet in the "
            "spreadsheet program, save and import again.",
        )
    if not sheets:
        raise file_error(
            path,
            f"no sheet has a header the import recognises (sheets: {', '.join(tried)}). "
            "A header needs at least two known column names, such as 'Ngày tổ chức' and 'Quận/Huyện'; "
            "add your own with --header 'Tên cột=field' (headers={'Tên cột': 'field'}).",
            words="no_header_sheet",
            sheets=", ".join(tried),
        )
    return sheets


def _card_lengths(heading: str) -> dict[int, int]:
    """Digits an ID-card number stored as a number keeps -> digits it has: a CCCD (12) loses its
    leading zero to 11, a CMND (9) to 8. A column headed as neither ('Số định danh') holds CCCDs."""
    words = heading_key(heading).split()
    cmnd = "cmnd" in words or "chung" in words  # 'Chứng minh nhân dân'
    cccd = not cmnd or "cccd" in words or "can" in words  # 'Căn cước'
    return ({11: 12} if cccd else {}) | ({8: 9} if cmnd else {})


def _restore_card_zeros(
    cells: Sequence[Sequence[object]],
    grid: list[list[str]],
    last_header: int,
    headings: list[str],
    fields: list,
) -> list[Said]:
    """Number cells of an ID-card column one digit short, read with their leading zero restored
    (Excel stores '092301009991' typed in a number cell as 92301009991): without it the same
    person would get another key and be counted twice. Said in a note; a number of any other
    length is refused when the key is derived (`check._key_sql`)."""
    said: list[Said] = []
    for c, name in enumerate(fields):
        if name != "id_number":
            continue
        lengths = _card_lengths(headings[c])
        restored: dict[int, int] = {}
        for r in range(last_header + 1, len(grid)):
            row = cells[r] if r < len(cells) else []
            value = row[c] if c < len(row) else None
            if isinstance(value, bool) or not isinstance(value, int | float) or not float(value).is_integer():
                continue
            number = str(int(value))
            if len(number) in lengths:
                grid[r][c] = number.zfill(lengths[len(number)])
                restored[len(number)] = restored.get(len(number), 0) + 1
        for digits, n in sorted(restored.items()):
            length = lengths[digits]
            kind = "CCCD" if length == 12 else "CMND"
            told = (("n", n), ("heading", headings[c].strip()), ("digits", digits), ("kind", kind))
            said.append(Said("id_zero_restored", "note", fields=(*told, ("length", length))))
    return said


def _cell_name(row: int, column: int) -> str:
    from .xlsx import column_letters

    return f"{column_letters(column + 1)}{row + 1}"


def _convert_tcvn3(path: Path, sheet: str, grid: list[list[str]]) -> tuple[list[list[str]], list[Said]]:
    """The grid with TCVN3 text converted to Unicode; refused when it mixes both encodings."""
    texts = [c for row in grid for c in row if c]
    if _tcvn3.signature_count(texts) == 0:
        return grid, []
    if any(_tcvn3.has_unicode_vietnamese(t) for t in texts):
        where = f"sheet {sheet!r}: " if sheet else ""
        raise file_error(
            path,
            f"{where}mixes text in the legacy TCVN3 (ABC) encoding with Unicode text, so "
            "it cannot be converted safely. Convert the whole sheet to Unicode first (for example with "
            "Unikey's converter, TCVN3 -> Unicode) and import it again.",
        )
    converted = [[_tcvn3.to_unicode(c) for c in row] for row in grid]
    return converted, [Said("read_tcvn3")]


# ---------------------------------------------------------------- the header


def _find_header(rows: list[list[str]], lookup: dict[str, str]) -> tuple[int, list[str]] | None:
    """(index of the last header row, headings) for the best header in the first rows.

    A heading may span two rows (a merged group heading above its sub-headings): each row is
    tried alone and joined with the row below it; the one naming most known fields wins. A row
    numbering the columns under the header ('1 2 3 …', '(1) (2) (3) …') counts as the header's.
    """
    best: tuple[int, int, list[str]] | None = None  # (score, index, headings)
    limit = min(len(rows), HEADER_SEARCH_ROWS)
    for i in range(limit):
        candidates = [(i, rows[i])]
        if i + 1 < len(rows):
            # The longer row decides the width: a title or an empty line above the header, written
            # with fewer separators than it, must not cut its last headings off.
            joined = [_joined(a, b, lookup) for a, b in zip_longest(rows[i], rows[i + 1], fillvalue="")]
            candidates.append((i + 1, joined))
        for last, headings in candidates:
            fields = [f for f in map_headers(headings, lookup) if f]
            score = len(set(fields))
            if score >= 2 and (best is None or score > best[0]):
                best = (score, last, [h.strip() for h in headings])
    if best is None:
        return None
    last = best[1]
    if last + 1 < len(rows) and _numbering_row(rows[last + 1]):
        last += 1
    return last, best[2]


def _joined(above: str, below: str, lookup: dict[str, str]) -> str:
    """One heading of two header rows: a group heading ('Kết quả') over a heading the dictionary
    knows ('Số người tham dự') is that heading, unless the two together are one it knows."""
    if above == below or not below:
        return above
    if not above:
        return below
    both = f"{above} {below}"
    if heading_key(both) not in lookup and heading_key(below) in lookup:
        return below
    return both


_COLUMN_NUMBER = re.compile(r"\(?(\d{1,3})\)?")


def _numbering_row(row: list[str]) -> bool:
    """'1 2 3 4 …' or '(1) (2) (3) …' under a header: the columns numbered, no record."""
    cells = [str(c).strip() for c in row if str(c).strip()]
    found = [_COLUMN_NUMBER.fullmatch(c) for c in cells]
    if len(cells) < 3 or not all(found):
        return False
    numbers = [int(m.group(1)) for m in found if m]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _no_header(path: Path, sheet: str, rows: list[list[str]], lookup: dict[str, str]) -> DataFileError:
    # Cell values are not repeated here: a headerless victim list would show a person's name.
    first = next((r for r in rows if any(c.strip() for c in r)), [])
    known = sorted({lookup[k] for k in (heading_key(h) for h in first) if k in lookup})
    standard = _standard_of(first)
    if standard is not None:  # a published dataset: the profile reads it, not the agency import
        return file_error(
            path,
            f"this looks like a {standard.upper()} file (its first line has {standard.upper()}'s column "
            f"names): import it as a context source with --profile {standard} (`workbench import "
            f"--profile {standard} FILE`, or wb.import_context(FILE, '{standard}')); see docs/context.md.",
        )
    return file_error(
        path,
        f"no header row the import recognises in the first {HEADER_SEARCH_ROWS} lines "
        f"(the first line has {len([c for c in first if c.strip()])} cells; known headings there: "
        f"{', '.join(known) or 'none'}). A header needs at least two known column names such as "
        "'Ngày tổ chức', 'Quận/Huyện', 'Số người tham dự'; add your own with "
        "--header 'Tên cột=field' (headers={'Tên cột': 'field'}).",
    )


def _standard_of(first: list[str]) -> str | None:
    """'ctdc' or 'htcds' when the line holds four or more of that standard's column names (split
    on any of the separators they use: the agency import may have split it on another)."""
    words = {w.strip().casefold() for cell in first for w in re.split(r"[;,\t]", cell)}
    best = None
    for standard in STANDARDS:
        names = {c.name.casefold() for c in columns(standard)}
        found = len(words & names)
        if found >= 4 and (best is None or found > best[0]):
            best = (found, standard)
    return best[1] if best else None
