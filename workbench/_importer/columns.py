"""What an import would otherwise lose without a word: columns the dictionary does not know that
hold data, headings taken for a dictionary heading one word away, cells a reader shows as empty
(error values, formulas saved without their value), and rows shorter or longer than the header.

Each becomes a line of the problem table naming the file, sheet, row and column.
"""

from __future__ import annotations

import duckdb

from .cells import TOTAL_COLUMNS, blank_sql, is_total_label, q
from .headers import COUNT_FIELDS, IDENTIFIER_FIELDS, IGNORED, KEY_FIELDS, header_lookup, suggest_field
from .identifiers import identifier_kind
from .xlsx import column_letters

# Cells a reader shows as empty that hold a formula: what is wrong (a key of _words.IMPORT_WORDS);
# the suggestion is "recalculate.fix".
UNREADABLE_SUGGESTION = {"formula": "formula", "uncalculated": "uncalculated"}


def column_name(part, index: int) -> str:
    heading = part.sheet.headings[index].strip()
    return heading or part.words("no_heading", letters=column_letters(index + 1))


def unknown_columns(part) -> list[int]:
    """Columns no field is read from: unknown or blank headings, and fields of another table
    (a victim list's column in an event report)."""
    # identifiers are judged on their own (`_identifier_columns`): never stored, never offered
    own = set(part.table.column_names) | set(IDENTIFIER_FIELDS) | {IGNORED}
    return [i for i, f in enumerate(part.sheet.fields) if f not in own]


def check_columns(
    con: duckdb.DuckDBPyConnection, part, raw: str | None, lookup: dict[str, str] | None
) -> None:
    """Near headings (a note) and unknown columns: a warning when they hold data, else a note.
    `raw`: the sheet's text cells (None: only the headings are judged)."""
    sheet = part.sheet
    for i, taken_for in sorted(sheet.near.items()):
        count = sheet.fields[i] in COUNT_FIELDS  # women only, planned, left over: the total would be wrong
        part.problem(
            None,
            sheet.headings[i],
            "",
            part.words("near_heading", field=sheet.fields[i], heading=taken_for),
            part.words("near_count.fix", heading=sheet.headings[i], field=sheet.fields[i])
            if count
            else part.words("near_heading.fix"),
            "warning" if count else "note",
        )
    _identifier_columns(con, part, raw)
    if raw is not None:
        _second_columns_differ(con, part, raw)
    unknown = unknown_columns(part)
    if not unknown:
        return
    filled = dict.fromkeys(unknown, 1)
    if raw is not None:
        counts = ", ".join(f"count(*) FILTER (WHERE NOT {blank_sql(q(f'c{i}'))})" for i in unknown)
        filled = dict(zip(unknown, con.execute(f"SELECT {counts} FROM {raw}").fetchall()[0], strict=True))  # noqa: S608
    lookup = lookup or header_lookup()
    empty = [column_name(part, i) for i in unknown if not filled[i] and sheet.headings[i].strip()]
    if empty:
        part.problem(None, ", ".join(empty), "", part.words("empty_unknown_columns"), "", "note")
    for i in unknown:
        if not filled[i]:
            continue
        if sheet.fields[i]:
            part.problem(
                None,
                column_name(part, i),
                "",
                part.words("other_table_column", field=sheet.fields[i], n=filled[i]),
                part.words("other_table_column.fix", table=part.table.name),
                "warning",
            )
            continue
        match = suggest_field(sheet.headings[i], lookup)
        known = match is not None and match[0] != IGNORED
        hint = part.words("closest_field", field=match[0], heading=match[1]) if match and known else ""
        field = match[0] if match and known else part.words("field_word")
        heading = sheet.headings[i].strip() or part.words("heading_word")
        part.problem(
            None,
            column_name(part, i),
            "",
            part.words("unknown_column", n=filled[i]),
            part.words("unknown_column.fix", hint=hint, heading=heading, field=field),
            "warning",
        )


def second_columns(sheet) -> list[tuple[int, int]]:
    """(first, second) column of each field two headings are read as ('Số lượt người tham dự' and
    'Số người tham dự'): the first is read, the second ignored."""
    first_of: dict[str, int] = {}
    pairs = []
    for i, name in enumerate(sheet.fields):
        if not name or name in IDENTIFIER_FIELDS or name == IGNORED:
            continue
        if name in first_of:
            pairs.append((first_of[name], i))
        else:
            first_of[name] = i
    return pairs


def _second_columns_differ(con: duckdb.DuckDBPyConnection, part, raw: str) -> None:
    """A row where the ignored second column holds another value than the one read, or the only
    one: which is right cannot be told (120 attendees or 80?), and a value would be lost, so the
    row is refused, naming both columns."""
    sheet = part.sheet
    leading = ", ".join(
        f"CAST({q(f'c{i}')} AS VARCHAR)" for i in range(min(TOTAL_COLUMNS, len(sheet.headings)))
    )
    for j, i in second_columns(sheet):
        a, b = (f"CAST({q(f'c{c}')} AS VARCHAR)" for c in (j, i))
        found = con.execute(
            f"SELECT rowid, {a}, {b}, {leading} FROM {raw} "  # noqa: S608 - generated names
            f"WHERE NOT {blank_sql(b)} AND ({blank_sql(a)} OR trim({a}) <> trim({b})) ORDER BY rowid"
        ).fetchall()
        for rowid, read, other, *first_cells in found:
            read = read or ""
            if any(is_total_label(str(text)) for text in first_cells if text is not None):
                continue  # a total row is skipped whole
            part.problem(
                sheet.header_row + 1 + rowid,
                sheet.headings[i],
                other.strip(),
                part.words(
                    "second_column_differs",
                    field=sheet.fields[i],
                    first=repr(sheet.headings[j]),
                    value=read.strip(),
                ),
                # an empty first column is the one to leave out; else the second may count another thing
                part.words("second_column_differs.fix", heading=sheet.headings[i if read else j]),
            )


def _total_row(sheet, r: int) -> bool:
    """True for a data row the import skips as a total row ('Tổng cộng' in one of its first cells)."""
    row = sheet.rows[r] if sheet.rows is not None and r < len(sheet.rows) else []
    return any(is_total_label(str(text)) for text in row[:TOTAL_COLUMNS])


def check_cells(part) -> None:
    """Cells a reader showed as empty, and rows shorter or longer than the header (CSV)."""
    sheet = part.sheet
    first = sheet.header_row + 1
    used = {i for i, f in enumerate(sheet.fields) if f and f != IGNORED}
    for (r, c), what in sorted(sheet.unreadable.items()):
        if c not in used or _total_row(sheet, r):
            continue  # a total row is skipped whole: its formulas (=SUM(...)) are never read
        if what in UNREADABLE_SUGGESTION:
            problem, suggestion = part.words(UNREADABLE_SUGGESTION[what]), part.words("recalculate.fix")
        else:
            problem, suggestion = (
                part.words("cell_error_value", value=what),
                part.words("cell_error_value.fix"),
            )
        part.problem(
            first + r,
            column_name(part, c),
            "" if what in UNREADABLE_SUGGESTION else what,
            problem,
            suggestion,
        )
    if sheet.widths is None or sheet.rows is None:
        return
    width = len(sheet.headings)
    for r, (cells, row) in enumerate(zip(sheet.widths, sheet.rows, strict=True)):
        if cells == width or not any(str(v).strip() for v in row):
            continue
        if cells < width:
            lost = [i for i in range(cells, width) if i in used]
            if not lost:
                continue
            part.problem(
                first + r,
                column_name(part, lost[0]),
                "",
                part.words(
                    "row_short",
                    cells=cells,
                    width=width,
                    columns=", ".join(column_name(part, i) for i in lost),
                ),
                part.words("row_short.fix"),
            )
        elif any(str(v).strip() for v in row[width:]):
            part.problem(
                first + r,
                part.words("no_heading", letters=column_letters(width + 1)),
                "",
                part.words("row_long", cells=cells, width=width),
                part.words("row_long.fix"),
            )


# Record kinds that hold no identifier at all (the key of a victim is derived from a person's; a
# hotline contact's is not; an event and a communication item are no person's): a file of them that
# holds names, numbers or addresses of anyone is refused.
NO_IDENTIFIERS = ("events", "hotline", "communication")


def key_columns(part) -> set[int]:
    """The columns a victim's key is derived from (the first of each identity field), when the
    file has no code column: read for the key, never stored, said in the docs (no message)."""
    fields = part.sheet.fields
    if part.table.name != "victims" or part.table.key in fields:
        return set()
    return {fields.index(f) for f in KEY_FIELDS if f in fields}


def _identifier_columns(con: duckdb.DuckDBPyConnection, part, raw: str | None) -> None:
    """Every column of identifiers that holds data, said: refused in a kind that holds no
    identifier; dropped with a warning in a case file (suspects' names and numbers) and with a note
    in a victim file (a phone, an address, a guardian's name: nothing is derived from them)."""
    kind = part.table.name
    keyed = key_columns(part)
    for i, name in enumerate(part.sheet.fields):
        if name not in IDENTIFIER_FIELDS or i in keyed:
            continue
        if raw is not None:
            sql = f"SELECT count(*) FILTER (WHERE NOT {blank_sql(q(f'c{i}'))}) FROM {raw}"  # noqa: S608
            if not con.execute(sql).fetchall()[0][0]:
                continue
        what = part.words(f"identifier.{identifier_kind(part.sheet.headings[i]) or name}")
        if kind in NO_IDENTIFIERS:
            problem = part.words("identifier_column", what=what, table=kind)
            part.problem(None, column_name(part, i), "", problem, part.words("identifier_column.fix"))
            continue
        part.problem(
            None,
            column_name(part, i),
            "",
            part.words("identifier_dropped", what=what),
            part.words("identifier_dropped.cases" if kind == "cases" else "identifier_dropped.victims"),
            "warning" if kind == "cases" else "note",
        )
