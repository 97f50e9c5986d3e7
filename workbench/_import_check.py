"""Loading a sheet into DuckDB, normalising it to the schema and validating it, before any write.

Everything that touches every row is SQL: cells are loaded as text, blanks and clean values
(ISO dates, plain numbers) are converted by DuckDB, and only the distinct remaining texts of a
column go through the Python parsers of `_import_values` (a mapping table joined back). Each
problem keeps its file, sheet, row, column heading and the value as typed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from . import _load
from ._import_headers import IDENTIFIER_FIELDS
from ._import_read import Sheet
from ._import_store import pseudonym
from ._import_values import BadValue, clean, parser_for
from ._schema import Column, Table, quote_identifier
from ._text import fold

PROGRAMME_START = dt.date(2016, 1, 1)  # the first national programme (Decision 2546/QĐ-TTg)
# Columns a file must have (the rest default: coded fields to 'unknown', leaflets to 0).
REQUIRED_COLUMNS = {"events": ("event_date", "organiser", "event_type"), "victims": ("reception_date",)}
BLANK_DEFAULTS = {"leaflets": "0"}  # a count column left empty: none handed out
# (warning above, error above): one event with more people than this is a typo, not a crowd.
LIMITS = {"attendees": (1_000, 20_000), "leaflets": (50_000, 1_000_000)}
HIDDEN = "(hidden: direct identifier)"
# A cell that is only a total label ('Tổng cộng', 'TỔNG:', 'Cộng (9 quận, huyện)'), folded.
TOTAL_LABEL = "'\\s*(tong cong|tong so|tong|cong|total)\\s*([:.(].*)?'"
PROBLEM_COLUMNS = ["file", "sheet", "row", "column", "value", "problem", "suggestion", "severity"]


@dataclass
class Part:
    """One sheet of one file, loaded and normalised into the temp table `norm`."""

    sheet: Sheet
    table: Table
    number: int
    norm: str = ""
    rows: int = 0
    problems: list[tuple] = field(default_factory=list)

    def problem(self, row, heading, value, problem, suggestion="", severity="error") -> None:
        self.problems.append(
            (self.sheet.file.name, self.sheet.name, row, heading, value, problem, suggestion, severity)
        )


def q(name: str) -> str:
    return quote_identifier(name)


def _blank(c: str) -> str:
    return f"({c} IS NULL OR trim({c}) IN ('', '-', '–', '—', '--'))"


def _fast(column: Column, c: str) -> str | None:
    """SQL converting the clean values of a column without Python (NULL where it cannot)."""
    if column.sql_type == "DATE":
        # DuckDB's own cast takes year-first dates only (2024-03-05, 2024/3/5): unambiguous.
        # (and only when the text starts with a 4-digit year: it would read 30/7/24 as year 30).
        year_first = f"regexp_full_match(left(trim({c}), 5), '\\d{{4}}[-/]')"
        return f"CASE WHEN {year_first} THEN TRY_CAST(trim({c}) AS DATE) END"
    if column.sql_type == "INTEGER" and not column.codeset and column.name != "unit_code":
        return f"CASE WHEN regexp_full_match(trim({c}), '\\d{{1,9}}') THEN CAST(trim({c}) AS INTEGER) END"
    return None


def _typed(column: Column, value: str) -> str:
    if column.multi:
        return f"string_split({value}, ';')"
    if column.name == "unit_code":
        return value  # text until the place rule resolves it
    return f"TRY_CAST({value} AS {column.sql_type})"


def load(con: duckdb.DuckDBPyConnection, part: Part) -> str:
    """The sheet's cells as text in a temp table; returns a view adding `_row` and `_skip`."""
    sheet, n = part.sheet, part.number
    raw, rows = q(f"raw_{n}"), q(f"rows_{n}")
    names = [f"c{i}" for i in range(len(sheet.headings))]
    if sheet.rows is None:  # UTF-8 CSV: DuckDB reads the file
        params = {
            "path": str(sheet.file),
            "skip": sheet.header_row,
            "delim": sheet.delimiter,
            "columns": dict.fromkeys(names, "VARCHAR"),
        }
        read = (
            f"CREATE TEMP TABLE {raw} AS SELECT * FROM read_csv($path, auto_detect = false, "  # noqa: S608 - generated name
            "header = false, skip = $skip, delim = $delim, quote = '\"', escape = '\"', "
            "strict_mode = false, columns = $columns{})"
        )
        try:
            con.execute(read.format(""), params)
        except duckdb.Error:
            # Rows with fewer cells than the header: padding them costs the parallel reader.
            con.execute(f"DROP TABLE IF EXISTS {raw}")
            con.execute(read.format(", null_padding = true"), params)
    else:
        width = len(names)
        frame = pd.DataFrame([(r + [""] * width)[:width] for r in sheet.rows], columns=names, dtype=object)
        con.register("incoming_grid", frame)
        con.execute(f"CREATE TEMP TABLE {raw} AS SELECT * FROM incoming_grid")  # noqa: S608 - generated name
        con.unregister("incoming_grid")
    mapped = [q(c) for c, f in zip(names, sheet.fields, strict=True) if f]
    empty = " AND ".join(_blank(c) for c in mapped) or "true"
    # 'Tổng', 'Tổng cộng', 'Cộng', 'Total' in one of the first cells: a total row, not a record.
    # The label check is costly: only for short cells starting like one (a cheap test first).
    total = " OR ".join(
        f"(CASE WHEN length({c}) < 60 AND lower(left(ltrim({c}), 1)) IN ('t', 'c') "
        f"THEN regexp_full_match(lower(strip_accents({c})), {TOTAL_LABEL}) ELSE false END)"
        for c in (q(c) for c in names[:3])
    )
    # Materialised once: every later query filters on _skip.
    con.execute(
        f"CREATE TEMP TABLE {rows} AS SELECT rowid + {int(sheet.header_row) + 1} AS _row, "  # noqa: S608 - generated names, integer
        f"(({empty}) OR {total or 'false'}) AS _skip, * FROM {raw}"
    )
    con.execute(f"DROP TABLE {raw}")
    return rows


def normalise(
    con: duckdb.DuckDBPyConnection,
    part: Part,
    constants: dict[str, str],
    key: bytes | None,
) -> None:
    """Build temp table `norm_<n>` (schema columns, typed, plus `_row`) and collect cell problems."""
    sheet, table, n = part.sheet, part.table, part.number
    rows = load(con, part)
    column_of: dict[str, str] = {}
    for i, name in enumerate(sheet.fields):
        if name and name not in column_of:
            column_of[name] = f"c{i}"
        elif name and name not in IDENTIFIER_FIELDS and name != "ignored":
            part.problem(None, sheet.headings[i], "", f"a second column for {name}: ignored", "", "warning")
    unknown = [h for h, f in zip(sheet.headings, sheet.fields, strict=True) if h.strip() and not f]
    if unknown:
        part.problem(
            None,
            ", ".join(unknown),
            "",
            "columns not in the header dictionary: ignored",
            "add them with headers={'Tên cột': 'field'} if they hold a schema field",
            "note",
        )
    heading = {f: sheet.headings[int(c[1:])] for f, c in column_of.items()}
    selects, joins = ["r._row"], []
    for column in table.columns:
        f = column.name
        if f == table.key and f not in column_of:
            continue  # derived below
        if f in column_of:
            c = f"r.{q(column_of[f])}"
            fast = _fast(column, c)
            parser = parser_for(column)
            need = f"NOT r._skip AND NOT {_blank(c)}" + (f" AND ({fast}) IS NULL" if fast else "")
            plain_text = column.sql_type == "VARCHAR" and not column.codeset
            query = f"SELECT DISTINCT {c} FROM {rows} r WHERE {need}"  # noqa: S608
            distinct = [] if plain_text else con.execute(query).fetchall()
            mapping = []
            for (text,) in distinct:
                try:
                    mapping.append((text, parser(text), None, None))
                except BadValue as bad:
                    mapping.append((text, None, bad.problem, bad.suggestion))
            value = f"{fast}" if fast else "NULL"
            if mapping:
                m = q(f"map_{n}_{f}")
                frame = pd.DataFrame(mapping, columns=["raw", "value", "problem", "suggestion"], dtype=object)
                con.register("incoming_map", frame)
                con.execute(f"CREATE TEMP TABLE {m} AS SELECT * FROM incoming_map")  # noqa: S608
                con.unregister("incoming_map")
                joins.append(f"LEFT JOIN {m} ON {m}.raw = {c}")
                value = (
                    f"coalesce({fast}, {_typed(column, f'{m}.value')})"
                    if fast
                    else _typed(column, f"{m}.value")
                )
                shown = HIDDEN if f in IDENTIFIER_FIELDS else None
                for row, text, problem, suggestion in con.execute(
                    f"SELECT r._row, {c}, {m}.problem, {m}.suggestion FROM {rows} r "  # noqa: S608
                    f"JOIN {m} ON {m}.raw = {c} WHERE NOT r._skip AND {m}.problem IS NOT NULL ORDER BY r._row"
                ).fetchall():
                    part.problem(row, heading[f], shown or text, problem, suggestion)
            default = _default(column)
            if default is None and column.required and f not in BLANK_DEFAULTS:
                for (row,) in con.execute(
                    f"SELECT r._row FROM {rows} r WHERE NOT r._skip AND {_blank(c)} ORDER BY r._row"  # noqa: S608
                ).fetchall():
                    part.problem(row, heading[f], "", "a value is required", "fill in the cell")
            if f in BLANK_DEFAULTS:
                count = f"SELECT count(*) FROM {rows} r WHERE NOT r._skip AND {_blank(c)}"  # noqa: S608
                blanks = con.execute(count).fetchone()[0]
                if blanks:
                    part.problem(
                        None,
                        heading[f],
                        "",
                        f"{blanks} empty cell(s) recorded as {BLANK_DEFAULTS[f]}",
                        "",
                        "note",
                    )
                default = BLANK_DEFAULTS[f]
            if column.sql_type == "VARCHAR" and not column.codeset:
                value = f"nfc_normalize(trim({c}))"
            blank_value = "NULL" if default is None else _typed(column, _literal(default))
            selects.append(f"CASE WHEN {_blank(c)} THEN {blank_value} ELSE {value} END AS {q(f)}")
        else:
            given = constants.get(f)
            if given is not None:
                try:
                    default = parser_for(column)(given)
                except BadValue as bad:
                    part.problem(None, f"(set {f})", given, bad.problem, bad.suggestion)
                    default = None
            elif f in REQUIRED_COLUMNS.get(table.name, ()) or (
                column.required and _default(column) is None and f not in BLANK_DEFAULTS
            ):
                part.problem(
                    None,
                    f,
                    "",
                    f"the file has no column for {f}",
                    f"add a column with one of the headings {_aliases(f)}, or set it for the "
                    f"whole file with defaults={{'{f}': ...}}",
                )
                default = None
            else:
                default = BLANK_DEFAULTS.get(f, _default(column))
            selects.append(f"{'NULL' if default is None else _typed(column, _literal(default))} AS {q(f)}")
    norm = q(f"norm_{n}")
    pre = q(f"pre_{n}")
    con.execute(
        f"CREATE TEMP TABLE {pre} AS SELECT {', '.join(selects)} FROM {rows} r {' '.join(joins)} "  # noqa: S608
        "WHERE NOT r._skip"
    )
    skipped = con.execute(f"SELECT count(*) FROM {rows} WHERE _skip").fetchone()[0]  # noqa: S608
    if skipped:
        part.problem(None, "", "", f"{skipped} empty or total row(s) skipped", "", "note")
    key_sql = _key_sql(con, part, column_of, key, pre)
    con.execute(f"CREATE TEMP TABLE {norm} AS SELECT {key_sql} AS {q(table.key)}, * FROM {pre}")  # noqa: S608
    _place_rule(con, part, norm, column_of)
    part.norm = norm
    part.rows = con.execute(f"SELECT count(*) FROM {norm}").fetchone()[0]  # noqa: S608


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _default(column: Column) -> str | None:
    if column.codeset:
        return "unknown"
    return None


def _aliases(name: str) -> str:
    from ._import_headers import HEADER_ALIASES

    return ", ".join(repr(a) for a in HEADER_ALIASES.get(name, ())[:3]) or repr(name)


def _key_sql(con, part: Part, column_of: dict[str, str], key: bytes | None, pre: str) -> str:
    """The natural key: given in the file, derived from the record (events) or from the person's
    identifiers (victims: a keyed hash, the identifiers themselves are not kept)."""
    table = part.table
    if table.key in column_of:
        return q(table.key)
    others = [c.name for c in table.columns if c.name != table.key]
    if table.name != "victims":
        # The same event typed twice has the same date, place, organiser, kind and counts.
        text = ", ".join(f"coalesce(CAST({q(c)} AS VARCHAR), '')" for c in others)
        prefix = {"events": "EV-"}.get(table.name, "")
        return f"'{prefix}' || upper(substr(md5(concat_ws('|', {text})), 1, 12))"
    ids = [f for f in ("id_number", "full_name", "birth_date") if f in column_of]
    if "id_number" not in column_of and "full_name" not in column_of:
        part.problem(
            None,
            "",
            "",
            "no column identifies the person",
            "add 'Họ và tên' with 'Ngày sinh', or 'Số CCCD' (used only to derive a pseudonymous "
            "key, never stored), or a 'Mã nạn nhân' column",
        )
        return "NULL"
    if key is None:
        raise ValueError("a victims sheet needs the pseudonym key")
    rows = q(f"rows_{part.number}")
    cols = ", ".join(f"r.{q(column_of[f])}" for f in ids)
    found = con.execute(f"SELECT r._row, {cols} FROM {rows} r WHERE NOT r._skip").fetchall()  # noqa: S608
    keys = []
    for row, *values in found:
        given = dict(zip(ids, values, strict=True))
        identity = _identity(given)
        if identity is None:
            part.problem(
                row,
                "Họ và tên / Số CCCD",
                "",
                "no name or ID-card number for this person",
                "fill in the name (and birth date) or the ID-card number",
            )
        elif identity.startswith("name:") and not clean(given.get("birth_date") or ""):
            part.problem(
                row,
                "Ngày sinh",
                "",
                "only the name identifies this person",
                "add the birth date or ID-card number so namesakes are not taken for one person",
                "warning",
            )
        keys.append((row, pseudonym(key, identity) if identity else None))
    con.register("incoming_keys", pd.DataFrame(keys, columns=["_row", "victim_id"], dtype=object))
    con.execute(f"CREATE TEMP TABLE {q(f'keys_{part.number}')} AS SELECT * FROM incoming_keys")  # noqa: S608
    con.unregister("incoming_keys")
    return f"(SELECT k.victim_id FROM {q(f'keys_{part.number}')} k WHERE k._row = {pre}._row)"  # noqa: S608


def _identity(given: dict[str, str | None]) -> str | None:
    """The normalised identity a pseudonymous key is derived from: the ID-card number if given,
    else the name (folded: diacritics, case and spacing do not matter) with the birth date."""
    digits = "".join(ch for ch in clean(given.get("id_number") or "") if ch.isdigit())
    if len(digits) >= 9:
        return f"id:{digits}"
    name = fold(clean(given.get("full_name") or ""))
    if not name:
        return None
    birth = clean(given.get("birth_date") or "")
    try:
        from ._import_values import parse_date

        birth = parse_date(birth) if birth and not birth.isdigit() else birth
    except BadValue:
        pass
    return f"name:{name}|{birth}"


def _place_rule(con, part: Part, norm: str, column_of: dict[str, str]) -> None:
    """Where the schema records new 2025 units, the place depends on the date: `_load`'s rule."""
    table = part.table
    rule = getattr(_load, "_place_rule", None)
    date_column = getattr(table, "date_column", None)
    if "unit_code" not in table.column_names or rule is None or not date_column:
        return
    d, dc, uc = q(date_column), q("district_code"), q("unit_code")
    # Dates outside the programme period are reported as such; their place is not judged.
    found = con.execute(
        f"SELECT DISTINCT {d}, {dc}, {uc} FROM {norm} WHERE {d} BETWEEN $start AND current_date",  # noqa: S608
        {"start": PROGRAMME_START},
    ).fetchall()
    mapping = []
    for on, district, unit_text in found:
        row = {date_column: on, "district_code": district, "unit_code": unit_text}
        problems = rule(table, row)
        text = "; ".join(p for _, p in problems) or None
        where = problems[0][0] if problems else None
        mapping.append((on, district, unit_text, row["district_code"], row["unit_code"], where, text))
    frame = pd.DataFrame(
        mapping, columns=["d", "dc", "uc", "new_dc", "new_uc", "col", "problem"], dtype=object
    )
    con.register("incoming_place", frame)
    place = q(f"place_{part.number}")
    con.execute(
        f"CREATE TEMP TABLE {place} AS SELECT CAST(d AS DATE) d, CAST(dc AS INTEGER) dc, "  # noqa: S608
        "CAST(uc AS VARCHAR) uc, CAST(new_dc AS INTEGER) new_dc, CAST(new_uc AS INTEGER) new_uc, "
        "CAST(col AS VARCHAR) col, CAST(problem AS VARCHAR) problem FROM incoming_place"
    )
    con.unregister("incoming_place")
    already = {p[2] for p in part.problems if p[-1] == "error"}
    on = f"p.d = n.{d} AND p.dc IS NOT DISTINCT FROM n.{dc} AND p.uc IS NOT DISTINCT FROM n.{uc}"
    for row, col, value, problem in con.execute(
        f"SELECT n._row, p.col, CASE p.col WHEN 'district_code' THEN CAST(n.{dc} AS VARCHAR) "  # noqa: S608
        f"ELSE CAST(n.{uc} AS VARCHAR) END, p.problem FROM {norm} n JOIN {place} p ON {on} "
        "WHERE p.problem IS NOT NULL ORDER BY n._row"
    ).fetchall():
        if row in already:
            continue  # a bad date or place cell is reported already; no second message from it
        heading = part.sheet.headings[int(column_of[col][1:])] if col in column_of else col
        part.problem(row, heading, value or "", problem)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {norm} AS SELECT n.* REPLACE (p.new_dc AS {dc}, p.new_uc AS {uc}) "  # noqa: S608
        f"FROM {norm} n LEFT JOIN {place} p ON {on}"
    )
