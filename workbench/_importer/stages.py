"""The victim funnel's stage dates on imported rows: in order, and only for stages reached."""

from __future__ import annotations

import duckdb

from .._stages import STAGES, stage_problems
from .check import Part, q
from .validate import heading_for


def check_stage_dates(con: duckdb.DuckDBPyConnection, part: Part) -> None:
    """Each row's stage dates (received <= verified <= identified <= supported <= reintegrated, a
    date only for a stage its status and workflow stage say it reached): errors name the row and
    the column; the value itself is not repeated (a victim file's cells never are)."""
    table, norm = part.table, part.norm
    dates = [stage.date_column for stage in STAGES]
    if table.name != "victims" or not set(dates[1:]) & set(part.sheet.fields):
        return  # a file without any stage date: nothing to check
    columns = [*dates, "trafficking_status", "workflow_stage"]
    listed = ", ".join(q(c) for c in columns)
    rows = con.execute(f"SELECT _row, {listed} FROM {norm} ORDER BY _row").fetchall()  # noqa: S608 - declared names
    present = set(part.sheet.fields)
    for row, *values in rows:
        record = dict(zip(columns, values, strict=True))
        for column, key, fields, severity in stage_problems(record, present.__contains__):
            problem = part.words(key, **fields)
            value = record[column]
            for field in dates:  # the other column named as the file heads it
                heading = heading_for(part, field)
                if field != column and heading != field:
                    problem = problem.replace(f" {field} ", f" {field} ({heading!r}) ", 1)
            suggestion = part.words("stage_order.fix" if severity == "error" else "stage_empty.fix")
            part.problem(row, heading_for(part, column), value, problem, suggestion, severity)
