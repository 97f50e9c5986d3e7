"""What a problem shows of a cell: the column as the file heads it, and the text as the file writes it.

The checks on records (dates in the programme period, plausible counts, the place rule, bodies
on their dates, duplicates) run on the typed records, where a district is its code and `1.250` is
1250. Their messages go back to the cells: `as_written` fetches the text of the cells they point
at from the sheet's stored cells, by row, so the user sees what is in the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import duckdb

from .headers import HEADER_ALIASES

if TYPE_CHECKING:
    from .check import Part


def heading_for(part: Part, field: str) -> str:
    """The heading of the file's column for `field`; a field set for the whole file with `--set`
    is named as the option was written; a field the file has no column for, by its name."""
    for heading, name in zip(part.sheet.headings, part.sheet.fields, strict=True):
        if name == field:
            return heading
    if field in part.constants:
        return f"(set {field})"
    return field


def column_words(part: Part, field: str) -> str:
    """The heading of the file's column for `field`, else the dictionary's first heading for it
    (the column to add), so no message names a column by the schema's name."""
    if field in part.sheet.fields or field in part.constants or field not in HEADER_ALIASES:
        return heading_for(part, field)
    return HEADER_ALIASES[field][0]


def named(part: Part, field: str) -> str:
    """`column_words` quoted, as a message names a column in its text: 'Quận/Huyện'."""
    return repr(column_words(part, field))


def as_written(con: duckdb.DuckDBPyConnection, part: Part, field: str, rows: Iterable[int]) -> dict[int, str]:
    """Row -> the text of `field`'s cell in that row, exactly as the file writes it ('' for an
    empty cell). Empty where the cells were never stored with their rows (the CSV fast path, which
    reads the file again with them before any problem is shown) or for a field set with `--set`."""
    cells, wanted = part.cells, sorted({int(r) for r in rows if r is not None})
    if cells is None or cells.offset is None or not wanted:
        return {}
    if field in part.constants and field not in part.sheet.fields:
        return dict.fromkeys(wanted, part.constants[field])
    try:
        cell = cells.of(field)
    except StopIteration:
        return {}
    sql = (
        f"SELECT {cells.row}, CAST({cell.ref} AS VARCHAR) FROM {cells.relation} r "  # noqa: S608 - generated names
        f"WHERE {cells.row} IN (SELECT unnest($wanted))"  # a hash join, however many rows are wanted
    )
    found = con.execute(sql, cells.params(sql) | {"wanted": wanted}).fetchall()
    return {row: "" if text is None else text for row, text in found}
