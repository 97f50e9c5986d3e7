"""Reading record files into typed rows, with an error for every bad cell that names its place."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from ._codes import DATED_CODESETS, body_problem, check_code, label
from ._districts import district_name, resolve_district
from ._errors import CellValueError, DataFileError, WorkbenchError
from ._import_words import import_text
from ._importer.values import parse_code  # names read as the importer reads them
from ._problem import Problem
from ._schema import Column, Table
from ._stages import stage_problems
from ._units import REFORM_DATE, resolve_unit_on
from ._words import date_text

MAX_PROBLEMS_SHOWN = 20


def parse_cell(column: Column, raw: str) -> object:
    """One CSV cell as its typed value; raises ValueError (or a WorkbenchError) saying why not."""
    text = raw.strip()
    if text == "":
        if column.required:
            raise ValueError("a value is required")
        return [] if column.multi else None
    if column.name == "district_code":
        return resolve_district(text).code
    if column.name == "unit_code":
        return text  # which unit it is depends on the record's date: resolved by _place_rule
    if column.multi and column.codeset:
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


def _place_rule(
    table: Table, row: dict, lang: str = "vi", columns: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """Check and complete a record's place by its date: (column, problem in `lang`) for each
    violation.

    Before 1 July 2025 a record names its district (a former commune, if given, must lie in it
    and supplies the district when that is empty); from then on it names a 2025 unit and no district.
    `columns`: how the problems name the place columns (the files' headings, for the importer);
    by default their names, as the data files head them.
    """
    named = {"district_code": "district_code", "unit_code": "unit_code"} | (columns or {})
    place_columns = {"district_column": named["district_code"], "unit_column": named["unit_code"]}
    on = row.get(table.date_column)
    if on is None or "district_code" not in row or "unit_code" not in row:
        return []  # the cell itself was bad and is already reported
    district, unit_text = row["district_code"], row["unit_code"]
    row["unit_code"] = None
    unit, unit_district = None, None
    if unit_text is not None:
        try:
            unit, unit_district = resolve_unit_on(unit_text, on, lang, place_columns)
        except ValueError as error:
            return [("unit_code", str(error))]
    row["unit_code"] = unit
    reform = date_text(REFORM_DATE, lang)
    if on >= REFORM_DATE:
        if district is not None:
            return [
                (
                    "district_code",
                    import_text(
                        "district_after_reform", lang, reform=reform, on=date_text(on, lang), **place_columns
                    ),
                )
            ]
        if unit is None:
            return [("unit_code", import_text("unit_needed", lang, reform=reform))]
        return []
    if district is None:
        if unit_district is None:
            return [("district_code", import_text("district_needed", lang, reform=reform))]
        row["district_code"] = unit_district
    elif unit_district is not None and unit_district != district:
        where = {
            "district": district_name(unit_district),
            "code": unit_district,
            "given": district_name(district),
            "given_code": district,
        }
        return [("unit_code", import_text("commune_elsewhere", lang, **where))]
    return []


def _body_rule(table: Table, row: dict) -> list[tuple[str, str]]:
    """(column, problem) for each body the record names that did not exist on its date."""
    on = row.get(table.dated_by) if table.dated_by else None
    if on is None:
        return []
    found = []
    for column in table.columns:
        if column.codeset in DATED_CODESETS and isinstance(row.get(column.name), str):
            # A support's type says which of a split body's successors took that work.
            problem = body_problem(column.codeset, row[column.name], on, row.get("support_type"), "en")
            if problem:
                found.append((column.name, f"{problem[0]} — {problem[1]}"))
    return found


def _body_named(column: Column, text: str) -> str | None:
    """The body a name in a body column reads as ('Công an quận Ninh Kiều' is the district police),
    as the importer reads it; None when it reads as none."""
    if column.codeset not in DATED_CODESETS or column.multi or not text.strip():
        return None
    try:
        return str(parse_code(column.codeset, text))
    except CellValueError:
        return None


def _named_body_rule(table: Table, row: dict, named: dict[str, str]) -> list[tuple[str, str]]:
    """(column, problem) for each body written as a name: the files hold codes. A name of a body
    that did not exist on the record's date says so, with the body that did the work then."""
    on = row.get(table.dated_by) if table.dated_by else None
    found = []
    for name, code in named.items():
        codeset = table.column(name).codeset or ""  # a body column is always coded
        read = f"a name, not a code: it reads as {label(codeset, code)} ({code})"
        problem = body_problem(codeset, code, on, row.get("support_type"), "en") if on else None
        if problem:
            found.append((name, f"{read}, and {problem[0]} — {problem[1]}"))
        else:
            found.append((name, f"{read}: write the code {code!r}"))
    return found


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
            row: dict = {}
            named: dict[str, str] = {}  # body columns holding a name, not a code: the code it reads as
            for column in table.columns:
                value = raw[column.name] or ""
                try:
                    row[column.name] = parse_cell(column, value)
                except (ValueError, WorkbenchError) as error:
                    code = _body_named(column, value)
                    if code is None:
                        problems.append(Problem(path.name, "", line, column.name, value, str(error)))
                    else:
                        named[column.name] = code
            if table.date_column:
                for name, problem in _place_rule(table, row, "en"):  # the build's messages: English
                    problems.append(Problem(path.name, "", line, name, raw[name] or "", problem))
            for name, problem in _body_rule(table, row):
                problems.append(Problem(path.name, "", line, name, raw[name] or "", problem))
            for name, problem in _named_body_rule(table, row, named):
                problems.append(Problem(path.name, "", line, name, raw[name] or "", problem))
            for name, key, fields, severity in stage_problems(row) if table.name == "victims" else ():
                if severity == "error":  # the funnel's stages in order, dated only when reached
                    problem = import_text(key, "en", **fields)
                    problems.append(Problem(path.name, "", line, name, raw[name] or "", problem))
            key = ";".join(raw[name] or "" for name in table.key_columns)  # a link table's pair
            if key in seen:
                problems.append(
                    Problem(path.name, "", line, table.key, key, f"duplicate key, first on line {seen[key]}")
                )
            seen.setdefault(key, line)
            rows.append(row)
    if problems:
        shown = "\n".join(f"  {p}" for p in problems[:MAX_PROBLEMS_SHOWN])
        more = len(problems) - MAX_PROBLEMS_SHOWN
        tail = f"\n  ... and {more} more" if more > 0 else ""
        raise DataFileError(f"{len(problems)} problem(s) in {path}:\n{shown}{tail}")
    return rows
