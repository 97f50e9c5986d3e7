"""One shape for a problem found in a data file, by the build's loader and by the importer."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """A problem of one cell (or of a sheet or a file when `row` is None). A tuple, so a list of
    them is the importer's problem table as it is: `pd.DataFrame(problems, columns=Problem._fields)`."""

    file: str
    sheet: str
    row: int | None  # the line of a CSV file, the row of a sheet
    column: str
    value: str
    problem: str
    suggestion: str = ""
    severity: str = "error"  # 'error', 'warning' or 'note'

    def __str__(self) -> str:
        where = f"{self.file}" + (f", sheet {self.sheet!r}" if self.sheet else "")
        if self.row is not None:
            where += f", line {self.row}"
        return f"{where}, column {self.column!r}: {self.value!r} — {self.problem}"
