"""An XLSX file's sheets looked at before a reader builds them: their size, and the cells a reader
would show as empty although they are not.

A spreadsheet reader allocates the whole used area of a sheet (rows x columns), however few cells
it holds: one stray cell at row 200,000, column 2,000 of a 5 KB file asks for 400 million cells
(12.8 GB). The cell references in the sheet's XML tell the area first, for the price of one pass of
a regular expression. The same pass finds the cells a reader turns into empty ones: error values
(`#DIV/0!`, `#N/A`, ...) and formulas saved without their computed value (a file written by a
program that does not calculate), which an import would otherwise take for blank cells.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .._errors import DataFileError

CELL_BYTES = 32  # what a reader holds per cell of the used area
MAX_AREA = 5_000_000  # cells: any sheet may span this much whatever its size ...
AREA_PER_BYTE = 10  # ... and beyond it at most this many cells per byte of its XML
MAX_SHEET_XML = 1 << 30  # uncompressed bytes of one sheet: a larger one is refused unread

_FIRST_ROW = re.compile(rb'<row r="(\d{1,7})"')
_FIRST_LETTERS = re.compile(rb'<c r="([A-Z]{1,3})')
_FIRST_DIGITS = re.compile(rb'<c r="[A-Z]{1,3}(\d{1,7})"')
_REF_IN_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})(\d{1,7})"')
_ERROR_CELL = re.compile(rb'<c\b([^>]*?\bt="e"[^>]*)>(.*?)</c>', re.DOTALL)
_FORMULA_CELL = re.compile(rb"<c\b([^>]*)>\s*(<f\b.*?)</c>", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_ROW = re.compile(rb'<row\b[^>]*?\br="(\d{1,7})"')
_ROW_TAG = re.compile(rb"<row\b[^>]*>")
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_DIMENSION = re.compile(rb'<dimension\b[^>]*?\bref="([A-Z]{0,3})(\d{0,7}):?([A-Z]{0,3})(\d{0,7})"')
_VALUE = re.compile(rb"<v>([^<]+)</v>")
# A workbook that asks to be fully recalculated when opened was written by a program that does
# not calculate: the values saved with its formulas are placeholders (often 0), not results.
_FULL_CALC_ON_LOAD = re.compile(rb'<calcPr\b[^>]*?\bfullCalcOnLoad="(?:1|true)"')
_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_SHEET_ID_FIRST = re.compile(rb'<sheet\b[^>]*?\br:id="([^"]*)"[^>]*?\bname="([^"]*)"')
_RELATION = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_RELATION_TARGET_FIRST = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')


@dataclass
class SheetCells:
    """What the XML of one sheet says, before any reader builds it."""

    rows: int = 0
    columns: int = 0
    cells: int = 0
    xml_bytes: int = 0
    # (row, column), both 0-based -> what the cell holds that a reader shows as empty
    unreadable: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_rows: list[int] = field(default_factory=list)  # 0-based rows hidden in the spreadsheet


def column_number(letters: bytes | str) -> int:
    """'A' -> 1, 'Z' -> 26, 'AA' -> 27."""
    text = letters.decode() if isinstance(letters, bytes) else letters
    number = 0
    for ch in text:
        number = number * 26 + ord(ch) - 64
    return number


def column_letters(number: int) -> str:
    """1 -> 'A', 27 -> 'AA'."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    for entity, ch in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        text = text.replace(entity, ch)
    return text


def _sheet_names(book: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet XML member -> the sheet's name, from the workbook and its relationships."""
    try:
        workbook = book.read("xl/workbook.xml")
        relations = book.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    ids = {rid: name for name, rid in _SHEET.findall(workbook)}
    ids |= {rid: name for rid, name in _SHEET_ID_FIRST.findall(workbook)}
    targets = dict(_RELATION.findall(relations))
    targets |= {rid: target for target, rid in _RELATION_TARGET_FIRST.findall(relations)}
    names = {}
    for rid, name in ids.items():
        target = targets.get(rid)
        if target is None:
            continue
        member = target.decode("utf-8", "replace").lstrip("/")
        member = member if member.startswith("xl/") else "xl/" + member
        names[member] = _unescape(name)
    return names


def scan_sheet(xml: bytes, uncalculated: bool = False) -> SheetCells:
    """The used area, the cell count and the unreadable cells of one worksheet's XML. Regular
    expressions over the whole text (C speed); Python looks only at distinct column letters and
    at the few cells holding a formula or an error. `uncalculated`: the workbook was never
    calculated, so a value saved with a formula is no result either."""
    found = SheetCells(xml_bytes=len(xml))
    if m := _DIMENSION.search(xml, 0, 4096):  # a reader may trust it to size the sheet
        for letters, digits in ((m.group(1), m.group(2)), (m.group(3), m.group(4))):
            if letters:
                found.columns = max(found.columns, column_number(letters))
            if digits:
                found.rows = max(found.rows, int(digits))
    simple = xml.count(b'<row r="') == xml.count(b"<row ") + xml.count(b"<row>")
    rows = (_FIRST_ROW if simple else _ROW).findall(xml)
    if rows:
        found.rows = max(found.rows, max(map(int, set(rows))))
    found.cells = xml.count(b"<c ") + xml.count(b"<c>")
    if xml.count(b'<c r="') == found.cells:  # the reference first, as spreadsheet programs write it
        letters, digits = set(_FIRST_LETTERS.findall(xml)), set(_FIRST_DIGITS.findall(xml))
    else:
        refs = _REF_IN_CELL.findall(xml)
        letters, digits = {r[0] for r in refs}, {r[1] for r in refs}
    if letters:
        found.columns = max(found.columns, max(map(column_number, letters)))
    if digits:
        found.rows = max(found.rows, max(map(int, digits)))
    if b't="e"' in xml:
        for m in _ERROR_CELL.finditer(xml):
            if ref := _REF.search(m.group(1)):
                value = _VALUE.search(m.group(2))
                where = (int(ref.group(2)) - 1, column_number(ref.group(1)) - 1)
                found.unreadable[where] = _unescape(value.group(1)) if value else "#ERROR"
    if b'hidden="' in xml:
        for tag in _ROW_TAG.findall(xml):
            if _HIDDEN.search(tag) and (number := _ROW.match(tag)):
                found.hidden_rows.append(int(number.group(1)) - 1)
    if b"<f" in xml:
        for m in _FORMULA_CELL.finditer(xml):
            ref = _REF.search(m.group(1))
            if not ref or b't="e"' in m.group(1):
                continue
            saved = _VALUE.search(m.group(2)) or b"<is>" in m.group(2)
            if not saved or uncalculated:
                where = (int(ref.group(2)) - 1, column_number(ref.group(1)) - 1)
                found.unreadable[where] = "uncalculated" if saved else "formula"
    return found


def check_xlsx(path: Path, label: str) -> dict[str, SheetCells]:
    """Sheet name -> what its XML holds; DataFileError for a sheet whose used area is absurd
    for its size. Not an XLSX zip at all: {} (the reader says what is wrong with it)."""
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return {}
    found: dict[str, SheetCells] = {}
    with book:
        names = _sheet_names(book)
        try:
            uncalculated = _FULL_CALC_ON_LOAD.search(book.read("xl/workbook.xml")) is not None
        except (
            KeyError,
            zipfile.BadZipFile,
            OSError,
            EOFError,
            RuntimeError,
            NotImplementedError,
            zlib.error,
        ):
            uncalculated = False  # no readable workbook part: the reader says what is wrong
        for info in book.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            name = names.get(info.filename, info.filename.rsplit("/", 1)[-1].removesuffix(".xml"))
            try:
                with book.open(info) as member:
                    xml = member.read(MAX_SHEET_XML + 1)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, zlib.error):
                continue  # a damaged member: the reader refuses the file and says so

            cells = scan_sheet(xml, uncalculated)
            area = cells.rows * cells.columns
            too_big = len(xml) > MAX_SHEET_XML
            if too_big or (area > MAX_AREA and area > AREA_PER_BYTE * max(len(xml), 1)):
                detail = (
                    f"sheet {name!r}: its used area reaches row {cells.rows:,} and column "
                    f"{column_letters(cells.columns)} ({area:,} cells, about "
                    f"{area * CELL_BYTES / 1e9:.1f} GB to read) but it holds {cells.cells:,} cell(s) in "
                    f"{len(xml):,} bytes: refused unread. A stray cell far from the table (Ctrl+End "
                    "shows the last one) usually does this: delete the empty rows and columns after the "
                    "table, save, and import again."
                )
                raise DataFileError(f"{label}, {detail}", detail=detail)
            found[name] = cells
    return found
