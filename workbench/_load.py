"""Reading record files into typed rows, with an error for every bad cell that names its place."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ._codes import check_code
from ._districts import resolve_district
from ._errors import DataFileError, WorkbenchError
from ._schema import Column, Table

MAX_PROBLEMS_SHOWN = 20


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    column: str
    value: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}, column {self.column!r}: {self.value!r} — {self.problem}"


def parse_cell(column: Column, raw: str) -> object:
    """One CSV cell as its typed value; raises ValueError (or a WorkbenchError) saying why not."""
    text = raw.strip()
    if text == "":
        if column.required:
            raise ValueError("a value is required")
        return [] if column.multi else None
    if column.name == "district_code":
        return resolve_district(text).code
    if column.multi:
        return [check_code(column.codeset, part.strip()) for part in text.split(";")]
    if column.codeset:
        return check_code(column.codeset, text)
    if column.sql_type == "DATE":
        return dt.date.fromisoformat(text)
    if column.sql_type == "INTEGER":
        number = int(text)
        if column.minimum is not None and number < column.minimum:
            raise ValueError(f"must be at least {column.minimum}")
        return number
    return text


def read_records(path: Path, table: Table) -> list[dict]:
    """Every row of a record CSV, typed; DataFileError listing every problem found, if any."""
    problems: list[Problem] = []
    rows: list[dict] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in table.column_names if c not in header]
        extra = [c for c in header if c not in table.column_names]
        if missing or extra:
            raise DataFileError(
                f"{path.name}: header does not match the {table.name} table — missing "
                f"{missing or 'none'}, unexpected {extra or 'none'}. "
                f"Expected: {', '.join(table.column_names)}."
            )
        seen: dict[str, int] = {}
        for line, raw in enumerate(reader, start=2):
            row = {}
            for column in table.columns:
                value = raw[column.name] or ""
                try:
                    row[column.name] = parse_cell(column, value)
                except (ValueError, WorkbenchError) as error:
                    problems.append(Problem(path.name, line, column.name, value, str(error)))
            key = raw[table.key]
            if key in seen:
                problems.append(
                    Problem(path.name, line, table.key, key, f"duplicate key, first on line {seen[key]}")
                )
            seen.setdefault(key, line)
            rows.append(row)
    if problems:
        shown = "\n".join(f"  {p}" for p in problems[:MAX_PROBLEMS_SHOWN])
        more = len(problems) - MAX_PROBLEMS_SHOWN
        tail = f"\n  ... and {more} more" if more > 0 else ""
        raise DataFileError(f"{len(problems)} problem(s) in {path}:\n{shown}{tail}")
    return rows
