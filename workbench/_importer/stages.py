"""The victim funnel's stage dates on imported rows: in order, and only for stages reached."""

from __future__ import annotations

import duckdb

from .._codes import label
from .._stages import STAGES, stage_problems
from .check import Part, q
from .written import as_written, heading_for, named


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
    # The columns a problem cites, as the file heads them.
    named_as = {
        "status_column": named(part, "trafficking_status"),
        "workflow_column": named(part, "workflow_stage"),
    }
    found = []
    for row, *values in rows:
        record = dict(zip(columns, values, strict=True))
        for column, key, fields, severity in stage_problems(record, present.__contains__):
            if "earlier" in fields:
                fields = fields | {"earlier": named(part, str(fields["earlier"]))}
            if "status" in fields:  # the codes as the reader's language labels them ('Nạn nhân')
                fields = fields | {
                    "status": repr(label("trafficking_status", str(record["trafficking_status"]), part.lang)),
                    "workflow": repr(label("workflow_stage", str(record["workflow_stage"]), part.lang)),
                }
            found.append((row, column, part.words(key, **(fields | named_as)), severity))
    written = {c: as_written(con, part, c, [r for r, col, *_ in found if col == c]) for c in dates}
    for row, column, problem, severity in found:
        suggestion = part.words("stage_order.fix" if severity == "error" else "stage_empty.fix")
        text = written[column].get(row, "")
        part.problem(row, heading_for(part, column), text, problem, suggestion, severity)
