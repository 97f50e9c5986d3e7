"""Normalising a loaded sheet to the schema and collecting its cell problems, before any write.

Everything that touches every row is SQL (`_import_cells`: the cells as text, one map of distinct
texts per column); this module turns them into typed records in one projection, derives the keys
and applies the place rule. Each problem keeps its file, sheet, row, column heading and the value
as typed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from .. import _load
from .._districts import districts
from .._errors import CellValueError, NeedsRowNumbers
from .._import_words import IMPORT_WORDS, import_text
from .._kinds import KINDS, counts_people
from .._problem import Problem
from .._schema import Column, Table
from .._text import fold, format_number
from .._units import LAST_DAY_BEFORE_REFORM, REFORM_DATE
from .cells import (
    Cells,
    csv_relation,
    drop,
    literal,
    load_raw,
    prepare,
    q,
    scan,
    scan_sample,
    typed_sql,
    with_padding,
)
from .columns import check_cells, check_columns, second_columns, unknown_columns
from .headers import IDENTIFIER_FIELDS, is_remarks
from .read import Sheet, file_label
from .store import pseudonym
from .values import clean, is_blank, parser_for
from .written import as_written, column_words, heading_for, named

PROGRAMME_START = dt.date(2016, 1, 1)  # the first national programme (Decision 2546/QĐ-TTg)
# Columns a file must have (the rest default: coded fields to 'unknown', leaflets to 0).
REQUIRED_COLUMNS = {name: kind.required_columns for name, kind in KINDS.items() if kind.required_columns}
BLANK_DEFAULTS = {"leaflets": "0"}  # a count column left empty: none handed out
# Empty count cells are said (a note), never taken in silence: how each is recorded (_words).
BLANK_NOTES = {"leaflets": "recorded_zero", "attendees": "recorded_empty_count"}
# (warning above, error above): one event with more people than this is a typo, not a crowd.
LIMITS = {"attendees": (1_000, 20_000), "leaflets": (50_000, 1_000_000)}
# The field a kind's counts select by unless told otherwise (_kinds.Kind.default_statuses,
# _query.counted_statuses): a record recorded 'unknown' there is in no count by default.
SELECTED_BY = "trafficking_status"
# What a message shows instead of a cell it never repeats (_words: "victim_value", ...).
HIDDEN = "hidden_value"
VICTIM_VALUE = "victim_value"
# A police case file's cells are not repeated either (a suspect's name can slip under any heading).
NOT_SHOWN = {"cases": "case_value"}
SHOWN_VALUE_CHARS = 200
# A guess at what a cell meant, in either language ("did you mean ...?", "có phải ...?").
DID_YOU_MEAN = re.compile(r"[:—-]?\s*(?:did you mean|có phải) [^?]*\?\s*", re.IGNORECASE)
PROBLEM_COLUMNS = list(Problem._fields)


@dataclass
class Part:
    """One sheet of one file, loaded and normalised into the temp table `norm`."""

    sheet: Sheet
    table: Table
    number: int
    norm: str = ""
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    cells: Cells | None = None
    temps: list[str] = field(default_factory=list)  # temp tables to drop once the file is done
    staged: Path | None = None  # fast path: the records as a Parquet file, ready for the batch
    _reported: set = field(default_factory=set)  # (row, heading) of the cells with an error
    lang: str = "vi"  # the language of the problems' words ('vi' or 'en')
    constants: dict[str, str] = field(default_factory=dict)  # fields set for the whole file (--set)
    # Warnings of the columns the file lacks (`_absent_columns`): of the whole sheet, no row to
    # point at, so they leave a clean CSV on the fast path.
    absent: list[Problem] = field(default_factory=list)

    def words(self, key: str, /, **fields: object) -> str:
        """One of the importer's messages (`_words.IMPORT_WORDS`) in the import's language."""
        return import_text(key, self.lang, **fields)

    def problem(self, row, heading, value, problem, suggestion="", severity="error", *, shown=False) -> None:
        """One problem of a cell. `shown`: the value is a label of a value set written by the
        code (a body's name), never the cell's own text, so a victim file's message may show it."""
        if row is not None and severity == "error":
            if (row, heading) in self._reported:
                return  # one message per cell: the first says what is wrong with it
            self._reported.add((row, heading))
        value = "" if value is None else str(value)
        if counts_people(self.table.name) and not shown:
            # A victim file's cells are never repeated: a row shifted by an unquoted comma puts a
            # phone number or an address under any heading. The kind of value expected is said.
            hidden = self.words("value_not_shown")
            problem, suggestion = _without(value, problem, hidden), _without(value, suggestion, hidden)
            value = self.words(NOT_SHOWN.get(self.table.name, VICTIM_VALUE)) if value else ""
        elif len(value) > SHOWN_VALUE_CHARS:
            value = value[:SHOWN_VALUE_CHARS] + self.words(
                "long_value", n=format_number(len(value), lang=self.lang)
            )
        where = (file_label(self.sheet.file), self.sheet.name, row, heading)
        self.problems.append(Problem(*where, value, problem, suggestion, severity))


def _without(value: str, text: str, hidden: str) -> str:
    """`text` without the value it was written about (`hidden` in its place), nor a guess derived
    from it."""
    text = DID_YOU_MEAN.sub("", text or "")
    if len(value.strip()) >= 5:  # shorter texts are words of the valid values themselves ('Nữ')
        # The list of valid values is the code list's own words: a value found in it (half of
        # 'Công an, biên phòng giải cứu' typed with its comma unquoted) tells nothing, and hidden
        # there it cut a valid value in two.
        said, listed = _valid_list(text)
        text = said.replace(value, hidden).replace(value.strip(), hidden) + listed
    return text.strip()


def _valid_list(text: str) -> tuple[str, str]:
    """`text` cut where its list of valid values begins (`VALID_MARKERS`): (before, the list)."""
    starts = [at for marker in VALID_MARKERS if (at := text.find(marker)) >= 0]
    at = min(starts, default=len(text))
    return text[:at], text[at:]


# how the words of a problem begin their list of valid values, in either language ('Hợp lệ: ')
VALID_MARKERS = tuple(words.split("{")[0] for words in IMPORT_WORDS["valid"])


def normalise(
    con: duckdb.DuckDBPyConnection,
    part: Part,
    constants: dict[str, str],
    key: bytes | None,
    stage: Path | None = None,
    today: dt.date | None = None,
    sampled: bool = True,
) -> None:
    """Build the sheet's typed records (`part.norm`: schema columns plus `_row`) and collect its
    cell problems.

    With `stage` (a folder), a UTF-8 CSV of events takes the fast path: the records go straight
    from the file to a Parquet file there, never stored as text cells, and without row numbers.
    That is only right for a file with nothing to point at: it raises `NeedsRowNumbers` (and the
    caller reads the file the detailed way) as soon as a cell has a problem. When the file's first rows
    are clean, the fast path first tries a single read with dictionaries judged from those rows
    (`scan_sample`), and scans the whole file only if a cell surprises it.
    """
    sheet, table, n = part.sheet, part.table, part.number
    part.constants = dict(constants)
    part.absent = []
    absent: list[Column] = []  # fields the sheet has no column for, recorded as an empty cell is
    mark = len(part.problems)
    fast = stage is not None and sheet.rows is None and not counts_people(table.name)
    column_of: dict[str, str] = {}
    for i, name in enumerate(sheet.fields):
        if name and name not in column_of:
            column_of[name] = f"c{i}"
        elif name and name not in IDENTIFIER_FIELDS and name != "ignored":
            first = repr(sheet.headings[int(column_of[name][1:])]) if name in column_of else name
            part.problem(None, sheet.headings[i], "", part.words("second_column", first=first), "", "warning")
    for i, name in enumerate(sheet.fields):
        if name == "ignored" and is_remarks(sheet.headings[i]):  # said on both paths alike
            part.problem(
                None,
                sheet.headings[i],
                "",
                part.words("remarks"),
                part.words("remarks.fix"),
                "note",
            )
    identifiers = any(name in IDENTIFIER_FIELDS for name in sheet.fields)  # said (or refused) by row
    if fast and (unknown_columns(part) or sheet.near or identifiers or second_columns(sheet)):
        raise NeedsRowNumbers("columns the dictionary does not know")  # does any hold data?
    if fast:
        relation, params = csv_relation(sheet)
        padding = False
        counted = frozenset(c.name for c in table.columns if _blank_recorded(c))
        warn_at = {name: limits[0] for name, limits in LIMITS.items()}
        period = (PROGRAMME_START, today or dt.date.today())
        found = scan_sample(con, sheet, table, n, warn_at, period, part.lang) if sampled else None
        if found is not None:
            found.relation, found.params_of_relation = with_padding(relation, False), params
        else:
            try:
                found = scan(
                    con, sheet, table, n, with_padding(relation, False), params, None, counted, part.lang
                )
            except duckdb.Error:
                raise NeedsRowNumbers("a row short or long, or a stray quote") from None
            if not found.fits_unseen():
                raise NeedsRowNumbers("a problem to point at")
    else:
        raw = load_raw(con, sheet, n)
        part.temps.append(raw)
        check_columns(con, part, raw, None)
        check_cells(part)
        found = scan(con, sheet, table, n, raw, {}, sheet.header_row + 1, lang=part.lang)
    part.cells = found
    for cell in found.columns:
        for text, note in sorted(cell.notes.items()):
            part.problem(None, sheet.headings[cell.index], text, note, "", "note")
    blank_values = {}
    for column in table.columns:
        default = BLANK_DEFAULTS.get(column.name, _default(column))
        blank_values[column.name] = "NULL" if default is None else typed_sql(column, literal(default))
    prepare(con, found, blank_values)
    if fast:  # the second read hands over every parsed column as its ENUM code
        relation, found.params_of_relation = csv_relation(sheet, found.enum_types())
        found.relation = with_padding(relation, padding)
        for cell in found.columns:
            cell.typed = cell.enum is not None
    source, row, skip = found.source, found.row, found.skip
    selects = [f"{row} AS _row"]
    for column in table.columns:
        f = column.name
        if f == table.key and f not in column_of:
            continue  # derived below
        if f in column_of and f in constants:
            part.problem(
                None,
                f"(set {f})",
                constants[f],
                part.words(
                    "set_and_column", field=f, heading=repr(part.sheet.headings[int(column_of[f][1:])])
                ),
                part.words("set_and_column.fix"),
            )
        if f in column_of:
            cell = found.of(f)
            _cell_problems(con, part, cell, found, fast)
            selects.append(f"{cell.value(blank_values[f])} AS {q(f)}")
        else:
            given = constants.get(f)
            if given is not None:
                try:
                    default = parser_for(column, part.lang)(given)
                except CellValueError as bad:
                    part.problem(None, f"(set {f})", given, bad.problem, bad.suggestion)
                    default = None
            elif f in REQUIRED_COLUMNS.get(table.name, ()) or (
                column.required and _default(column) is None and f not in BLANK_DEFAULTS
            ):
                part.problem(
                    None,
                    "",  # the file has no such column: the problem names the heading to add
                    "",
                    part.words("no_column", heading=named(part, f), field=f),
                    part.words("no_column.fix", aliases=_aliases(f), field=f),
                )
                default = None
            else:
                default = BLANK_DEFAULTS.get(f, _default(column))
                if _blank_recorded(column) is not None:
                    absent.append(column)
            selects.append(f"{'NULL' if default is None else typed_sql(column, literal(default))} AS {q(f)}")
    if fast and any(p.severity != "note" for p in part.problems):
        raise NeedsRowNumbers("a problem to point at")
    records = f"SELECT {', '.join(selects)} FROM {source} WHERE NOT {skip}"  # noqa: S608
    if table.key not in column_of and not counts_people(table.name):
        records = f"SELECT {_derived_key(table)} AS {q(table.key)}, * FROM ({records})"  # noqa: S608
    if fast and stage is not None:  # (fast implies a staging folder)
        path = stage / f"part-{n}.parquet"
        # A unit column stays text here: a code or a name means a unit only with the record's date
        # (the place rule below resolves it and rewrites the records).
        stored = {c.name: c.sql_type for c in table.columns} | (
            {"unit_code": "VARCHAR"} if "unit_code" in column_of else {}
        )
        columns = ", ".join(f"CAST({q(name)} AS {kind}) AS {q(name)}" for name, kind in stored.items())
        copy = f"COPY (SELECT {columns} FROM ({records})) TO $target (FORMAT parquet)"  # noqa: S608
        try:
            kept = con.execute(copy, found.params(copy) | {"target": str(path)}).fetchall()[0][0]
        except duckdb.Error:
            if not found.guarded:
                raise
            # A cell the first rows did not prepare for: scan the whole file after all.
            drop(con, found)
            path.unlink(missing_ok=True)
            del part.problems[mark:]
            part.cells = None
            normalise(con, part, constants, key, stage, today, sampled=False)
            return
        if found.guarded:
            found.rows, found.empty_rows = kept, 0
        part.staged = path
        if kept != found.rows - found.empty_rows:
            raise NeedsRowNumbers("a total row was skipped: the blank counts would not hold")
        for cell in found.columns:  # every skipped row is entirely empty, so blank there too
            if cell.blanks is not None and cell.blanks - found.empty_rows:
                if cell.column is not None and cell.column.name in REQUIRED_COLUMNS.get(table.name, ()):
                    raise NeedsRowNumbers("an empty cell where a value is required")
                _blank_note(part, cell, cell.blanks - found.empty_rows)
        norm = f"(SELECT NULL::BIGINT AS _row, * FROM read_parquet({literal(str(path))}))"  # noqa: S608
    else:
        pre = q(f"pre_{n}")
        con.execute(f"CREATE TEMP TABLE {pre} AS {records}", found.params(records))
        part.temps.append(pre)
        kept = con.execute(f"SELECT count(*) FROM {pre}").fetchall()[0][0]  # noqa: S608
        norm = pre
        if counts_people(table.name) and table.key not in column_of:
            norm = q(f"norm_{n}")
            key_sql = _key_sql(con, part, column_of, key, pre)
            con.execute(f"CREATE TEMP TABLE {norm} AS SELECT {key_sql} AS {q(table.key)}, * FROM {pre}")  # noqa: S608
            part.temps.append(norm)
    if found.rows - kept:
        part.problem(None, "", "", part.words("rows_skipped", n=found.rows - kept), "", "note")
    part.norm = norm
    part.rows = kept
    _absent_columns(part, absent, kept)
    _place_rule(con, part, column_of)


def _absent_columns(part: Part, columns: list[Column], records: int) -> None:
    """One warning for each field the sheet has no column for whose empty cell is recorded as
    something (a coded field as 'unknown', leaflets as 0, attendance as unknown): every record
    gets that value. An empty cell is said in a note; a whole column missing is said louder, as it
    is more often a column left out of the file than values not known. The field a kind's counts
    select by (the victims' status) says what 'unknown' there means: in no count by default."""
    if not records:
        return
    kind = KINDS.get(part.table.name)
    selects = kind is not None and bool(kind.default_statuses)
    # The field that decides who is counted first: the rest follow in the schema's order.
    for column in sorted(columns, key=lambda c: not (selects and c.name == SELECTED_BY)):
        uncounted = part.words("absent_uncounted") if selects and column.name == SELECTED_BY else ""
        problem = part.words(
            "absent_column",
            heading=named(part, column.name),
            field=column.name,
            n=format_number(records, lang=part.lang),
            recorded=_blank_recorded(column, part.lang),
            uncounted=uncounted,
        )
        fix = part.words("no_column.fix", aliases=_aliases(column.name), field=column.name)
        where = (file_label(part.sheet.file), part.sheet.name, None, "", "")
        part.absent.append(Problem(*where, problem, fix, "warning"))


def _cell_problems(con, part: Part, cell, found, fast: bool) -> None:
    """A column's problems: texts no parser took, and empty cells where a value is required."""
    column, heading = cell.column, part.sheet.headings[cell.index]
    source, row, skip = found.source, found.row, found.skip
    if cell.has_problems:
        m = cell.map_table
        shown = HIDDEN if column.name in IDENTIFIER_FIELDS else None
        for at, text, problem, suggestion in found.fetch(
            con,
            f"SELECT {row}, {cell.ref}, {m}.problem, {m}.suggestion FROM {source} "  # noqa: S608
            f"JOIN {m} ON {m}.raw = {cell.ref} WHERE {m}.problem IS NOT NULL AND NOT {skip} ORDER BY 1",
        ):
            part.problem(at, heading, part.words(shown) if shown else text, problem, suggestion)
    if fast or not cell.has_blanks:
        return  # the fast path is only taken when every empty cell is in an empty row
    # A required column (the kind's: an event's organiser and type too, though their empty cell
    # could be read as 'unknown') is required in every row: an empty cell is an error.
    required = column.name in REQUIRED_COLUMNS.get(part.table.name, ())
    if required or (_default(column) is None and column.required and column.name not in BLANK_DEFAULTS):
        for (at,) in found.fetch(
            con,
            f"SELECT {row} FROM {source} WHERE NOT {skip} AND {cell.blank()} ORDER BY 1",  # noqa: S608
        ):
            part.problem(at, heading, "", part.words("required"), part.words("required.fix"))
    if _blank_recorded(column) and not required:
        blanks = found.fetch(
            con,
            f"SELECT count(*) FROM {source} WHERE NOT {skip} AND {cell.blank()}",  # noqa: S608
        )[0][0]
        if blanks:
            _blank_note(part, cell, blanks)


def _blank_note(part: Part, cell, blanks: int) -> None:
    heading, recorded = part.sheet.headings[cell.index], _blank_recorded(cell.column, part.lang)
    part.problem(None, heading, "", part.words("blank_cells", n=blanks, recorded=recorded), "", "note")


def _blank_recorded(column: Column, lang: str = "vi") -> str | None:
    """How an empty cell of the column is recorded, when that is said in a note."""
    if column.name in BLANK_NOTES:
        return import_text(BLANK_NOTES[column.name], lang)
    default = _default(column)
    return import_text("recorded_as", lang, value=default) if default else None


def _derived_key(table: Table) -> str:
    """The same event typed twice has the same date, place, organiser, kind and counts."""
    others = [c.name for c in table.columns if c.name != table.key]
    text = ", ".join(f"coalesce(CAST({q(c)} AS VARCHAR), '')" for c in others)
    prefix = {"events": "EV-", "hotline": "HL-", "communication": "CM-"}.get(table.name, "")
    return f"'{prefix}' || upper(substr(md5(concat_ws('|', {text})), 1, 12))"


def _default(column: Column) -> str | None:
    if column.codeset:
        return "unknown"
    return None


def _aliases(name: str) -> str:
    from .headers import HEADER_ALIASES

    return ", ".join(repr(a) for a in HEADER_ALIASES.get(name, ())[:3]) or repr(name)


def _key_sql(con, part: Part, column_of: dict[str, str], key: bytes | None, pre: str) -> str:
    """A victim's key from the person's identifiers: a keyed hash (the identifiers themselves
    are not kept)."""
    if part.table.name == "cases":  # a case has no person's identifiers to derive its key from
        part.problem(
            None,
            "",
            "",
            part.words("no_case_key"),
            part.words("no_case_key.fix"),
        )
        return "NULL"
    ids = [f for f in ("id_number", "full_name", "birth_date") if f in column_of]
    if "id_number" not in column_of and "full_name" not in column_of:
        part.problem(
            None,
            "",
            "",
            part.words("no_identity_column"),
            part.words("no_identity_column.fix"),
        )
        return "NULL"
    if key is None:
        raise ValueError("a victims sheet needs the pseudonym key")
    frame = part.cells
    if frame is None:
        raise ValueError("a victims sheet is read into cells before its keys are derived")
    cols = ", ".join(f"r.{q(column_of[f])}" for f in ids)
    found = frame.fetch(
        con,
        f"SELECT {frame.row}, {cols} FROM {frame.source} WHERE NOT {frame.skip} ORDER BY 1",  # noqa: S608
    )
    keys: list[tuple[int, str | None]] = []
    # The cells the problems point at, as the file heads them ('Họ và tên', 'Full name', ...).
    who = " / ".join(heading_for(part, f) for f in ("full_name", "id_number") if f in column_of)
    birth = column_words(part, "birth_date")
    for row, *values in found:
        given = dict(zip(ids, values, strict=True))
        card = clean(given.get("id_number") or "")
        if not is_blank(card) and _card(card) is None:
            # a number of the wrong length is another person's key: the same person counted twice
            part.problem(
                row,
                heading_for(part, "id_number"),
                "",
                part.words("id_number_length"),
                part.words("id_number_length.fix"),
            )
            keys.append((row, None))
            continue
        identity = _identity(given)
        if identity is None:
            part.problem(
                row,
                who,
                "",
                part.words("no_identity"),
                part.words("no_identity.fix"),
            )
        elif identity.startswith("name:") and not clean(given.get("birth_date") or ""):
            part.problem(
                row,
                birth,
                "",
                part.words("name_only"),
                part.words("name_only.fix"),
                "warning",
            )
        keys.append((row, pseudonym(key, identity) if identity else None))
    con.register("incoming_keys", pd.DataFrame(keys, columns=["_row", "victim_id"], dtype=object))
    con.execute(f"CREATE TEMP TABLE {q(f'keys_{part.number}')} AS SELECT * FROM incoming_keys")  # noqa: S608
    con.unregister("incoming_keys")
    return f"(SELECT k.victim_id FROM {q(f'keys_{part.number}')} k WHERE k._row = {pre}._row)"  # noqa: S608


def keyed_codes(con: duckdb.DuckDBPyConnection, part: Part, key: bytes | None) -> None:
    """A victim file's own codes ('Mã hồ sơ') stored as keyed pseudonyms, never as written: HMAC
    of the code (spaces and case ignored), so the same code imported again is the same key (a
    duplicate is still found, in the file and against the database) and a code that slipped past
    `validate._check_ids` while holding someone's number is not kept. Run after the checks, which
    judge the code as written."""
    table = part.table
    if table.name != "victims" or table.key not in part.sheet.fields or not part.norm:
        return
    if key is None:
        raise ValueError("a victims sheet needs the pseudonym key")
    k = q(table.key)
    distinct = f"SELECT DISTINCT {k} FROM {part.norm} WHERE {k} IS NOT NULL"  # noqa: S608
    codes = [code for (code,) in con.execute(distinct).fetchall()]
    keyed = [pseudonym(key, "code:" + re.sub(r"\s+", "", fold(code))) for code in codes]
    con.register("incoming_codes", pd.DataFrame({"code": codes, "keyed": keyed}, dtype=object))
    mapping = q(f"codes_{part.number}")
    con.execute(
        f"CREATE TEMP TABLE {mapping} AS SELECT CAST(code AS VARCHAR) code, "  # noqa: S608
        "CAST(keyed AS VARCHAR) keyed FROM incoming_codes"
    )
    con.unregister("incoming_codes")
    norm = q(f"keyed_{part.number}")
    con.execute(
        f"CREATE TEMP TABLE {norm} AS SELECT n.* REPLACE (m.keyed AS {k}) "  # noqa: S608
        f"FROM {part.norm} n LEFT JOIN {mapping} m ON m.code = n.{k}"
    )
    part.temps += [mapping, norm]
    part.norm, part.staged = norm, None


def _identity(given: dict[str, str | None]) -> str | None:
    """The normalised identity a pseudonymous key is derived from: the ID-card number if given,
    else the name (folded: diacritics, case and spacing do not matter) with the birth date."""
    card = _card(clean(given.get("id_number") or ""))
    if card is not None:
        return card
    name = fold(clean(given.get("full_name") or ""))
    if not name:
        return None
    birth = clean(given.get("birth_date") or "")
    try:
        from .values import parse_date

        birth = parse_date(birth) if birth and not birth.isdigit() else birth
    except CellValueError:
        pass
    return f"name:{name}|{birth}"


def _card(text: str) -> str | None:
    """The identity of an ID-card cell: a CMND of 9 digits or a CCCD of 12 (spaces, dots, hyphens
    or a label around them ignored), or a passport number (a letter and 7 or 8 digits); None for
    anything else, an empty cell included."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) in (9, 12):
        return f"id:{digits}"
    compact = re.sub(r"[\s.\-]", "", text).upper()
    if re.fullmatch(r"[A-Z]\d{7,8}", compact):
        return f"passport:{compact}"
    return None


def _place_suggestion(column: str, value: str | None, lang: str) -> str:
    """What to write in a place cell left empty that the record's date needs."""
    if value:
        return ""
    if column == "district_code":
        valid = ", ".join(f"{d.name_vi} ({d.code})" for d in districts())
        return import_text("fill_district", lang, valid=valid)
    return import_text("fill_unit", lang)


def _place_rule(con, part: Part, column_of: dict[str, str]) -> None:
    """Where the schema records new 2025 units, the place depends on the date: `_load`'s rule."""
    table, norm = part.table, part.norm
    rule = getattr(_load, "_place_rule", None)
    date_column = getattr(table, "date_column", None)
    if "unit_code" not in table.column_names or rule is None or not date_column:
        return
    d, dc, uc = q(date_column), q("district_code"), q("unit_code")
    # Before the reform a record without a unit is judged by its district alone: its date
    # stands for all such dates (thousands of dates, one judgement each district).
    dates = {"reform": REFORM_DATE, "before": LAST_DAY_BEFORE_REFORM}

    def key(n: str) -> str:
        return f"CASE WHEN {n}{uc} IS NULL AND {n}{d} < $reform THEN $before ELSE {n}{d} END"

    # Dates outside the programme period are reported as such; their place is not judged.
    found = con.execute(
        f"SELECT DISTINCT {key('')}, {dc}, {uc} FROM {norm} WHERE {d} BETWEEN $start AND current_date",  # noqa: S608
        {"start": PROGRAMME_START} | dates,
    ).fetchall()
    mapping = []
    # The place columns as the file heads them, in the messages that tell what to write where.
    columns = {"district_code": named(part, "district_code"), "unit_code": named(part, "unit_code")}
    for on, district, unit_text in found:
        row = {date_column: on, "district_code": district, "unit_code": unit_text}
        problems = rule(table, row, part.lang, columns)
        text = "; ".join(p for _, p in problems) or None
        where = problems[0][0] if problems else None
        mapping.append((on, district, unit_text, row["district_code"], row["unit_code"], where, text))
    unit_as_text = part.staged is not None and "unit_code" in column_of  # the fast path kept it as text
    if not unit_as_text and all(
        m[1] == m[3] and m[2] is None and m[4] is None and m[6] is None for m in mapping
    ):
        return  # no unit named and no place moved: the records stand as they are (no rewrite)
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
    already = {p.row for p in part.problems if p.severity == "error"}
    on = f"p.d = {key('n.')} AND p.dc IS NOT DISTINCT FROM n.{dc} AND p.uc IS NOT DISTINCT FROM n.{uc}"
    found = con.execute(
        f"SELECT n._row, p.col, CASE p.col WHEN 'district_code' THEN CAST(n.{dc} AS VARCHAR) "  # noqa: S608
        f"ELSE CAST(n.{uc} AS VARCHAR) END, p.problem FROM {norm} n JOIN {place} p ON {on} "
        "WHERE p.problem IS NOT NULL ORDER BY n._row",
        dates,
    ).fetchall()
    # A problem points at the place cell the file has: the other one when the rule's is missing.
    present = next((c for c in columns if c in column_of), None)
    cell_of = {col: col if col in column_of else present for col in columns}
    written = {c: as_written(con, part, c, [r for r, *_ in found]) for c in columns if c in column_of}
    for row, col, value, problem in found:
        if row in already:
            continue  # a bad date or place cell is reported already; no second message from it
        where = cell_of[col]
        heading = heading_for(part, where) if where else column_words(part, col)
        text = written[where].get(row, value or "" if where == col else "") if where else ""
        part.problem(row, heading, text, problem, _place_suggestion(col, value, part.lang))
    placed = q(f"placed_{part.number}")
    con.execute(
        f"CREATE TEMP TABLE {placed} AS SELECT n.* REPLACE (p.new_dc AS {dc}, p.new_uc AS {uc}) "  # noqa: S608
        f"FROM {norm} n LEFT JOIN {place} p ON {on}",
        dates,
    )
    part.temps += [place, placed]
    part.norm, part.staged = placed, None  # the staged file no longer holds the records
