"""A sheet's cells in DuckDB, and one small dictionary per column: an import is a few passes.

One aggregate pass over the cells (as text) collects, for every column, the distinct texts that
need Python: every text of a parsed column (dates, counts, codes, places: a bounded set), and for
free text only the non-ASCII ones (Unicode normalisation is costly per row, cheap per distinct
text). Each distinct text is judged once. A parsed column then gets an ENUM type of its texts and
three lists (value, blank, total label), bound as parameters and indexed by the ENUM code, so the
typed records are one projection with no join: DuckDB's CSV reader can even produce the
ENUM codes while it reads (the fast path of a UTF-8 CSV: no table of text cells at all).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

import duckdb
import pandas as pd

from .._errors import CellValueError
from .._import_words import import_text
from .._schema import Column, Table, quote_identifier
from .._text import fold
from .read import ERROR_VALUES, Sheet, python_rows
from .values import EXCEL_EPOCH, Noted, is_blank, parser_for

BLANK_SQL = "('', '-', '–', '—', '--')"  # blank cells (the dictionary also knows no-break spaces)
ASCII_BLANKS = "('', '-', '--')"
TOTAL_COLUMNS = 3  # 'Tổng cộng', 'Cộng', 'Total' in one of the first cells: a total row
TOTAL_SQL = "'\\s*(tong cong|tong so|tong|cong|total)\\s*([:.(].*)?'"
TOTAL_WORDS = re.compile(r"(tong cong|tong so|tong|cong|total)\s*([:.(].*)?")


def q(name: str) -> str:
    return quote_identifier(name)


def literal(text: str) -> str:
    """A string literal for the few statements that take no parameters (ATTACH, views on a
    file of ours, ENUM defaults): quotes doubled."""
    return "'" + text.replace("'", "''") + "'"


def blank_sql(c: str) -> str:
    return f"({c} IS NULL OR trim({c}) IN {BLANK_SQL})"


def is_plain_text(column: Column) -> bool:
    return column.sql_type == "VARCHAR" and not column.codeset


def typed_sql(column: Column, value: str) -> str:
    """`value` (the text a parser returned) as the column's stored type."""
    if column.multi:
        return f"string_split({value}, ';')"
    if column.name == "unit_code":
        return value  # text until the place rule resolves it
    return f"TRY_CAST({value} AS {column.sql_type})"


def _total_inline(c: str) -> str:
    # The label check is costly: only for cells starting like one (a cheap anchored test first).
    return (
        f"(CASE WHEN regexp_matches({c}, '^\\s*[TtCc]') THEN (length({c}) < 60 AND "
        f"regexp_full_match(lower(strip_accents({c})), {TOTAL_SQL})) ELSE false END)"
    )


def is_total_label(text: str) -> bool:
    # Every label starts with T or C ('Tổng', 'Cộng', 'Total'): a cheap test before folding.
    start = text.lstrip()[:1]
    return start in ("T", "t", "C", "c") and len(text) < 60 and TOTAL_WORDS.fullmatch(fold(text)) is not None


class Judged(NamedTuple):
    """One distinct text of a column and what it means: the row of its dictionary."""

    ord: int  # its place in the ENUM type and the value lists
    raw: str
    value: str | None  # what the parser returned (as text; DuckDB casts it)
    problem: str | None
    suggestion: str | None
    blank: bool
    total: bool  # a total label ('Tổng cộng') in one of the first cells


@dataclass
class CellColumn:
    """One column of the sheet: the schema column it fills (if it is the first column for that
    field) and the judgement of each of its distinct texts."""

    index: int
    field: str | None
    column: Column | None
    judged: list[Judged] = dataclasses.field(default_factory=list)
    nulls: int = 0  # empty cells (free text: and ASCII blanks)
    blanks: int | None = None  # every blank cell, where the scan was asked to count them
    totals: int | None = None  # cells that look like a total label (first columns, free text)
    map_table: str | None = None  # the judged texts (quoted temp table name)
    enum: str | None = None  # parsed columns: the ENUM type of the texts (generated name)
    typed: bool = False  # the source already reads the column as its ENUM
    guarded: bool = False  # judged from a sample: a cell the sample did not prepare for raises
    notes: dict[str, str] = dataclasses.field(default_factory=dict)  # text -> how it was read (a note)

    @property
    def target(self) -> Column:
        """The schema column this sheet column fills (asked only of one that fills a field)."""
        if self.column is None:
            raise ValueError(f"sheet column {self.index} fills no field")
        return self.column

    @property
    def ref(self) -> str:
        return f"r.{q(f'c{self.index}')}"

    @property
    def parsed(self) -> bool:
        return self.column is not None and not is_plain_text(self.column)

    def _at(self, name: str) -> str:
        e = self.ref if self.typed else f"CAST({self.ref} AS {q(self.enum or '')})"
        return f"${name}{self.index}[enum_code({e}) + 1]"

    # What the scan saw decides the SQL: a column with no blank cell is never blank, a column
    # with no total label never marks a total row (most of a clean file's checks fold away).

    def blank(self) -> str:
        c = self.ref
        if self.column is None:
            return blank_sql(c)
        if self.guarded or not self.has_blanks:
            return "false"
        if self.parsed:
            flagged = any(j.blank for j in self.judged)
            return f"({c} IS NULL OR coalesce({self._at('b')}, false))" if flagged else f"({c} IS NULL)"
        inline = f"trim({c}) IN {ASCII_BLANKS}"
        m = self.map_table
        return f"({c} IS NULL OR {f'coalesce({m}.blank, {inline})' if m else inline})"

    def total(self) -> str:
        if self.guarded:
            return "false"
        if self.parsed:
            return f"coalesce({self._at('t')}, false)" if any(j.total for j in self.judged) else "false"
        return "false" if self.totals == 0 else _total_inline(self.ref)

    def value(self, blank_value: str) -> str:
        """The stored value; blank cells get `blank_value` (the lists hold it for blank texts)."""
        c = self.ref
        if self.guarded:  # an empty cell or a text the sample did not have: not for this path
            if self.parsed:
                return f"coalesce({self._at('v')}, error('unprepared cell'))"
            unusual = f"{c} IS NULL OR trim({c}) IN {BLANK_SQL}"
            if self.index < TOTAL_COLUMNS:
                unusual += f" OR {_total_inline(c)}"
            nfc = f"CASE WHEN strlen({c}) = length({c}) THEN trim({c}) ELSE nfc_normalize(trim({c})) END"
            return f"CASE WHEN {unusual} THEN error('unprepared cell') ELSE {nfc} END"
        if self.parsed:
            if not self.enum:
                return blank_value
            if not self.nulls:
                return self._at("v")
            return f"CASE WHEN {c} IS NULL THEN {blank_value} ELSE {self._at('v')} END"
        text = f"coalesce({self.map_table}.value, trim({c}))" if self.map_table else f"trim({c})"
        blank = self.blank()
        return text if blank == "false" else f"CASE WHEN {blank} THEN {blank_value} ELSE {text} END"

    @property
    def has_blanks(self) -> bool:
        return self.nulls > 0 or any(j.blank for j in self.judged)

    @property
    def has_problems(self) -> bool:
        return any(j.problem is not None for j in self.judged)


@dataclass
class Cells:
    """The sheet in DuckDB: `FROM {source}` gives every row with its dictionaries; `row` is the
    file's row number (None where the cells were never stored: the CSV fast path)."""

    number: int
    relation: str  # read_csv(...) or the temp table of text cells
    params_of_relation: dict
    rows: int  # rows read
    empty_rows: int  # rows with every mapped cell empty
    offset: int | None
    columns: list[CellColumn]
    temps: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    lists: dict[str, list] = field(default_factory=dict)  # $v<i>, $b<i>, $t<i>: see CellColumn

    def params(self, sql: str) -> dict:
        """The parameters `sql` uses (DuckDB refuses any it does not)."""
        used = set(re.findall(r"\$(\w+)", sql))
        return {k: v for k, v in (self.params_of_relation | self.lists).items() if k in used}

    def fetch(self, con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
        return con.execute(sql, self.params(sql)).fetchall()

    @property
    def source(self) -> str:
        joins = " ".join(
            f"LEFT JOIN {c.map_table} ON {c.map_table}.raw = {c.ref}"
            for c in self.columns
            if c.map_table and not c.parsed
        )
        return f"{self.relation} r {joins}"

    @property
    def row(self) -> str:
        return "NULL::BIGINT" if self.offset is None else f"(r.rowid + {int(self.offset)})"

    @property
    def guarded(self) -> bool:
        return any(c.guarded for c in self.columns)

    @property
    def skip(self) -> str:
        if self.guarded:  # nothing is skipped: a row that would be raises instead
            others = [c for c in self.columns[:TOTAL_COLUMNS] if c.column is None and c.totals != 0]
            raising = " OR ".join(_total_inline(c.ref) for c in others)
            return (
                f"(CASE WHEN {raising} THEN error('unprepared row') ELSE false END)" if raising else "false"
            )
        mapped = [c for c in self.columns if c.field]
        # Cheapest first: most rows are decided by the first column's flag.
        mapped.sort(key=lambda c: 0 if c.enum else (1 if c.column is not None else 2))
        blanks = [c.blank() for c in mapped]
        empty = "false" if "false" in blanks else " AND ".join(blanks) or "true"
        totals = [t for t in (c.total() for c in self.columns[:TOTAL_COLUMNS]) if t != "false"]
        if empty == "false" and not totals:
            return "false"
        return f"(({empty}) OR {' OR '.join(totals) or 'false'})"

    def of(self, field_name: str) -> CellColumn:
        return next(c for c in self.columns if c.column is not None and c.column.name == field_name)

    def fits_unseen(self) -> bool:
        """True when rows never need naming: no text has a problem and every empty cell of a
        column that needs a value sits in an entirely empty row (the CSV fast path's condition;
        columns whose blanks are counted may have them anywhere)."""
        for c in self.columns:
            if c.column is None:
                continue
            if c.has_problems:
                return False
            needs_value = c.column.required and not c.column.codeset and c.blanks is None
            if needs_value and (any(j.blank for j in c.judged) or c.nulls != self.empty_rows):
                return False
        return True

    def enum_types(self) -> dict[str, str]:
        """Column name -> type for reading the CSV with every parsed column as its ENUM."""
        return {f"c{c.index}": c.enum or "VARCHAR" for c in self.columns}


def csv_relation(sheet: Sheet, types: dict[str, str] | None = None) -> tuple[str, dict]:
    names = [f"c{i}" for i in range(len(sheet.headings))]
    params = {
        "path": str(sheet.file),
        "skip": sheet.header_row,
        "delim": sheet.delimiter,
        "columns": {n: (types or {}).get(n, "VARCHAR") for n in names},
    }
    relation = (
        "read_csv($path, auto_detect = false, header = false, skip = $skip, delim = $delim, "
        "quote = '\"', escape = '\"', strict_mode = true, columns = $columns{padding})"
    )
    return relation, params


def with_padding(relation: str, padding: bool) -> str:
    # Rows with fewer cells than the header need padding, which costs the parallel reader.
    return relation.replace("{padding}", ", null_padding = true" if padding else "")


def load_raw(con: duckdb.DuckDBPyConnection, sheet: Sheet, number: int) -> str:
    """The sheet's cells as text in temp table `raw_<number>` (columns c0, c1, ...), numbered by
    rowid in the order of the file."""
    raw = q(f"raw_{number}")
    if sheet.rows is None:  # UTF-8 CSV: DuckDB reads the file
        relation, params = csv_relation(sheet)
        try:
            con.execute(f"CREATE TEMP TABLE {raw} AS SELECT * FROM {with_padding(relation, False)}", params)  # noqa: S608
        except duckdb.Error:
            # A row short or long (cells lost, or a comma not quoted), a stray quote: Python reads
            # it, keeping each row's cells so the rows can be named.
            con.execute(f"DROP TABLE IF EXISTS {raw}")
            sheet.rows, sheet.widths = python_rows(sheet)
    if sheet.rows is not None:
        names = [f"c{i}" for i in range(len(sheet.headings))]
        width = len(names)
        frame = pd.DataFrame([(r + [""] * width)[:width] for r in sheet.rows], columns=names, dtype=object)
        con.register("incoming_grid", frame)
        con.execute(f"CREATE TEMP TABLE {raw} AS SELECT * FROM incoming_grid")  # noqa: S608 - generated name
        con.unregister("incoming_grid")
    return raw


def scan(
    con: duckdb.DuckDBPyConnection,
    sheet: Sheet,
    table: Table,
    number: int,
    relation: str,
    params: dict,
    offset: int | None,
    counted: frozenset[str] = frozenset(),
    lang: str = "vi",
) -> Cells:
    """One aggregate pass over the text cells: every column's distinct texts, judged in Python
    (and, for the `counted` fields, how many cells are blank); problems in `lang`."""
    first: dict[str, int] = {}
    for i, name in enumerate(sheet.fields):
        if name and name not in first:
            first[name] = i
    schema = {c.name: c for c in table.columns}
    columns = [
        CellColumn(i, name, schema[name] if name in schema and first.get(name) == i else None)
        for i, name in enumerate(sheet.fields)
    ]
    wanted = [c for c in columns if c.column is not None]
    aggregates = ["count(*)"]
    mapped = [c.ref for c in columns if c.field]
    aggregates.append(f"count(*) FILTER (WHERE {' AND '.join(f'{m} IS NULL' for m in mapped) or 'true'})")
    for c in wanted:
        if c.parsed:
            need, empty = f"{c.ref} IS NOT NULL", f"{c.ref} IS NULL"
        else:  # ASCII blanks of free text are counted here, the others are in its dictionary
            need, empty = (
                f"strlen({c.ref}) <> length({c.ref})",
                f"{c.ref} IS NULL OR trim({c.ref}) IN {ASCII_BLANKS}",
            )
        aggregates += [f"list(DISTINCT {c.ref}) FILTER (WHERE {need})", f"count(*) FILTER (WHERE {empty})"]
        if c.field in counted:
            aggregates.append(f"count(*) FILTER (WHERE {blank_sql(c.ref)})")
    inline = [c for c in columns[:TOTAL_COLUMNS] if not c.parsed]
    aggregates += [f"count(*) FILTER (WHERE {_total_inline(c.ref)})" for c in inline]
    found = con.execute(f"SELECT {', '.join(aggregates)} FROM {relation} r", params).fetchall()[0]  # noqa: S608
    rows, empty_rows = found[0], found[1]
    at = 2
    for c in wanted:
        texts, c.nulls = sorted(found[at] or []), found[at + 1]
        at += 2
        if c.field in counted:
            c.blanks, at = found[at], at + 1
        judged = [_judge(c.target, text, c.index < TOTAL_COLUMNS, lang) for text in texts]
        c.notes = {j.raw: j.value.note for j in judged if isinstance(j.value, Noted)}
        judged = [j._replace(value=str(j.value)) if isinstance(j.value, Noted) else j for j in judged]
        if not c.parsed:  # free text: only the texts normalisation changes, and blanks
            judged = [j for j in judged if j.blank or j.value != j.raw]
        c.judged = [j._replace(ord=k) for k, j in enumerate(judged)]
    for c in inline:
        c.totals, at = found[at], at + 1
    return Cells(number, relation, params, rows, empty_rows, offset, columns)


def prepare(con: duckdb.DuckDBPyConnection, cells: Cells, blank_values: dict[str, str]) -> None:
    """Map tables, ENUM types and the one-row table of lists the projection indexes into."""
    n = cells.number
    lists = []
    for c in cells.columns:
        if not c.judged:
            continue
        name = f"map_{n}_{c.index}"
        frame = pd.DataFrame(
            c.judged,
            columns=["ord", "raw", "value", "problem", "suggestion", "blank", "total"],
            dtype=object,
        )
        con.register("incoming_map", frame)
        con.execute(
            f"CREATE TEMP TABLE {q(name)} AS SELECT CAST(ord AS INTEGER) ord, CAST(raw AS VARCHAR) raw, "  # noqa: S608
            "CAST(value AS VARCHAR) value, CAST(problem AS VARCHAR) problem, "
            "CAST(suggestion AS VARCHAR) suggestion, CAST(blank AS BOOLEAN) blank, "
            "CAST(total AS BOOLEAN) total FROM incoming_map"
        )
        con.unregister("incoming_map")
        cells.temps.append(q(name))
        c.map_table = q(name)
        if not c.parsed:
            continue
        c.enum = f"enum_{n}_{c.index}"
        con.execute(f"CREATE TYPE {q(c.enum)} AS ENUM (SELECT raw FROM {q(name)} ORDER BY ord)")  # noqa: S608
        cells.types.append(c.enum)
        value = typed_sql(c.target, "value")
        blank_value = blank_values.get(c.target.name, "NULL")
        mine = f"FILTER (WHERE m = {c.index})"
        lists += [
            f"list(CASE WHEN blank THEN {blank_value} ELSE {value} END ORDER BY ord) {mine} AS v{c.index}",
            f"list(blank ORDER BY ord) {mine} AS b{c.index}",
            f"list(total ORDER BY ord) {mine} AS t{c.index}",
        ]
    parsed = [c for c in cells.columns if c.enum]
    if parsed:  # typed by DuckDB, bound back as parameters
        union = " UNION ALL ".join(
            f"SELECT {c.index} AS m, * FROM {q(f'map_{n}_{c.index}')}"  # noqa: S608
            for c in parsed
        )
        result = con.execute(f"SELECT {', '.join(lists)} FROM ({union})")  # noqa: S608
        names = [d[0] for d in result.description]
        cells.lists = dict(zip(names, result.fetchall()[0], strict=True))


def _judge(column: Column, text: str, first_cells: bool, lang: str) -> Judged:
    """What one distinct text of a column means (its place in the dictionary set later)."""
    total = first_cells and is_total_label(text)
    if is_blank(text):
        return Judged(0, text, None, None, None, True, total)
    if text.strip() in ERROR_VALUES:
        return Judged(
            0,
            text,
            None,
            import_text("error_value", lang, value=text.strip()),
            import_text("error_value.fix", lang),
            False,
            total,
        )
    if is_plain_text(column):
        return Judged(0, text, unicodedata.normalize("NFC", text.strip(" ")), None, None, False, total)
    try:
        return Judged(0, text, parser_for(column, lang)(text), None, None, False, total)
    except CellValueError as bad:
        return Judged(0, text, None, bad.problem, bad.suggestion, False, total)


def drop(con: duckdb.DuckDBPyConnection, cells: Cells | None) -> None:
    if cells is None:
        return
    for name in cells.temps:
        con.execute(f"DROP TABLE IF EXISTS {name}")
    for name in cells.types:
        con.execute(f"DROP TYPE IF EXISTS {q(name)}")


def scan_sample(
    con: duckdb.DuckDBPyConnection,
    sheet: Sheet,
    table: Table,
    number: int,
    limits: dict[str, int],
    period: tuple[dt.date, dt.date],
    lang: str = "vi",
) -> Cells | None:
    """Cells judged from the first rows of a CSV alone, for one read of the whole file: None
    unless those rows are clean (no empty cell, no total, no problem). Each parsed column's
    dictionary is completed with the texts its sample's formats predict (every date of the
    programme period written as the sample writes dates; every count up to the column's
    warning limit). A cell outside the dictionaries still raises when the file is read, and
    the caller then scans the whole file: the sample only ever makes an import faster."""
    if not sheet.sample:
        return None
    width = len(sheet.headings)
    frame = pd.DataFrame([(r + [""] * width)[:width] for r in sheet.sample], dtype=object)
    frame.columns = [f"c{i}" for i in range(width)]
    frame = frame.replace("", None)  # as DuckDB's reader has them
    con.register("incoming_sample", frame)
    try:
        found = scan(con, sheet, table, number, "incoming_sample", {}, None, lang=lang)
    finally:
        con.unregister("incoming_sample")
    if found.empty_rows or any(c.totals for c in found.columns):
        return None
    for c in found.columns:
        if c.column is None:
            continue
        if c.nulls or c.has_problems or any(j.blank or j.total for j in c.judged):
            return None
        c.guarded = True
        if c.parsed:
            _predict(c, limits.get(c.column.name), period)
    return found


_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")


def _predict(c: CellColumn, limit: int | None, period: tuple[dt.date, dt.date]) -> None:
    """Add to a parsed column's dictionary the texts its sample's formats predict."""
    texts = [j.raw for j in c.judged]
    known = set(texts)
    predicted: dict[str, str] = {}
    if c.target.sql_type == "DATE":
        first, last = period
        days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        matches = [m for m in map(_DMY.fullmatch, texts) if m]
        styles = {(m.group(2), len(m.group(4))) for m in matches}
        # Zero-padded days and months, or not: as the sample writes them (both if it shows both).
        day_forms = {len(m.group(1)) == 2 for m in matches if int(m.group(1)) < 10} or {True, False}
        month_forms = {len(m.group(3)) == 2 for m in matches if int(m.group(3)) < 10} or {True, False}
        for separator, year in styles:
            for d in days:
                y = f"{d.year}" if year == 4 else f"{d.year % 100:02d}"
                for day in {f"{d.day:02d}" if padded else f"{d.day}" for padded in day_forms}:
                    for month in {f"{d.month:02d}" if padded else f"{d.month}" for padded in month_forms}:
                        predicted[f"{day}{separator}{month}{separator}{y}"] = d.isoformat()
        if any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", t) for t in texts):
            predicted |= {d.isoformat(): d.isoformat() for d in days}
        if any(re.fullmatch(r"\d{5}", t) for t in texts):
            predicted |= {str((d - EXCEL_EPOCH).days): d.isoformat() for d in days}
    elif c.target.sql_type == "INTEGER" and limit and any(t.isdigit() for t in texts):
        # Counts as plain digits, up to twice the sample's largest (a thousand at least).
        top = min(limit, max(1_000, 2 * max(int(t) for t in texts if t.isdigit())))
        predicted = {str(i): str(i) for i in range(top + 1)}
    ord_ = len(c.judged)
    for text, value in predicted.items():
        if text not in known:
            c.judged.append(Judged(ord_, text, value, None, None, False, False))
            ord_ += 1
