"""Rules on normalised records: dates in the programme period, plausible counts, consistent
answers, and duplicates within the file and against the database. All in SQL, on every row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import duckdb

from .._codes import DATED_CODESETS, age_band_conflicts, body_problem, label
from .._kinds import counts_people
from .._schema import Table
from .._text import format_number
from .._units import REFORM_DATE
from .._words import date_text
from .check import LIMITS, PROGRAMME_START, Part, q
from .identifiers import identifier_value
from .read import ERROR_VALUES
from .written import as_written, heading_for, named

LONGEST_ID = 64  # characters of a free-text id (event_id, victim_id)
# Kinds whose free code is refused when it looks like a person's identifier (a CCCD as a victim's
# code): records of people or about them.
CODES_OF_PEOPLE = ("victims", "cases", "hotline")
OUTLIER_FLOOR = 200  # attendees: below this no event is an outlier, whatever the usual size


def _written(con: duckdb.DuckDBPyConnection, part: Part, field: str, found: list[tuple], shown=str) -> list:
    """`found` (row, typed value, ...) with each row's cell as the file writes it after the row:
    (row, cell text, typed value, ...). The typed value `shown` stands in only where the cells were
    never stored by row (the fast path, which reads the file again before showing any problem)."""
    cells = as_written(con, part, field, [r for r, *_ in found])
    return [(row, cells.get(row, shown(value)), value, *rest) for row, value, *rest in found]


def _as_files_write(value: dt.date) -> str:
    return date_text(value, "vi")  # a date as files write them


def _check_bodies(con: duckdb.DuckDBPyConnection, part: Part) -> None:
    """A body (organiser, referring body) named on a date it did not exist: an error that names
    the body that did the work then. One judgement per distinct (body, date)."""
    table, norm = part.table, part.norm
    dated = [c for c in table.columns if c.codeset in DATED_CODESETS]
    if not dated or table.dated_by not in table.column_names:
        return
    d = q(table.dated_by)
    # A support's type says which of a split body's successors took that work (_codes).
    kind = q("support_type") if "support_type" in table.column_names else "NULL"
    for column in dated:
        codeset = str(column.codeset)  # one of DATED_CODESETS
        c, h = q(column.name), heading_for(part, column.name)
        triples = con.execute(
            f"SELECT DISTINCT {c}, {d}, {kind} FROM {norm} WHERE {c} IS NOT NULL AND {d} IS NOT NULL",  # noqa: S608
        ).fetchall()
        judged = {(code, on, st): body_problem(codeset, code, on, st, part.lang) for code, on, st in triples}
        bad = {key: found for key, found in judged.items() if found is not None}
        if not bad:
            continue
        found = con.execute(
            f"SELECT _row, {c}, {d}, {kind} FROM {norm} WHERE list_contains($codes, {c}) ORDER BY _row",  # noqa: S608
            {"codes": sorted({code for code, _, _ in bad})},
        ).fetchall()
        found = [f for f in found if tuple(f[1:]) in bad]
        # In a victim or case file the cell is never repeated: the body is shown by its label, no
        # personal data; elsewhere the cell as written ('Công an quận Ninh Kiều').
        people = counts_people(table.name)
        for row, text, code, on, st in _written(con, part, column.name, [] if people else found):
            problem, suggestion = bad[(code, on, st)]
            part.problem(row, h, text, problem, suggestion)
        for row, code, on, st in found if people else []:
            problem, suggestion = bad[(code, on, st)]
            part.problem(row, h, label(codeset, code), problem, suggestion, shown=True)


def check_rows(
    con: duckdb.DuckDBPyConnection, part: Part, today: dt.date, last_day: dt.date | None = None
) -> None:
    """Rules on one normalised sheet: errors block the file, warnings are shown. `last_day`: the
    last date the database's places can hold (a national database: the day before the reform)."""
    table, norm = part.table, part.norm
    if last_day is not None and table.date_column:
        c, h = q(table.date_column), heading_for(part, table.date_column)
        found = con.execute(
            f"SELECT _row, {c} FROM {norm} WHERE {c} > $last AND {c} <= $today ORDER BY _row",  # noqa: S608
            {"last": last_day, "today": today},
        ).fetchall()
        for row, text, _ in _written(con, part, table.date_column, found, _as_files_write):
            part.problem(
                row,
                h,
                text,
                part.words("after_national", last=date_text(last_day, part.lang)),
                part.words("after_national.fix", reform=date_text(REFORM_DATE, part.lang)),
            )
    _check_bodies(con, part)
    if table.key in part.sheet.fields:
        _check_ids(con, part)
    for column in table.columns:
        c, h = q(column.name), heading_for(part, column.name)
        if column.sql_type == "DATE":
            found = con.execute(
                f"SELECT _row, {c} FROM {norm} WHERE {c} < $start ORDER BY _row",  # noqa: S608 - declared names
                {"start": PROGRAMME_START},
            ).fetchall()
            for row, text, _ in _written(con, part, column.name, found, _as_files_write):
                part.problem(
                    row,
                    h,
                    text,
                    part.words("before_programme"),
                    part.words("before_programme.fix", start=date_text(PROGRAMME_START, part.lang)),
                )
            found = con.execute(
                f"SELECT _row, {c} FROM {norm} WHERE {c} > $today ORDER BY _row",  # noqa: S608
                {"today": today},
            ).fetchall()
            for row, text, _ in _written(con, part, column.name, found, _as_files_write):
                part.problem(
                    row,
                    h,
                    text,
                    part.words("future"),
                    part.words("future.fix"),
                )
        if column.minimum is not None:
            found = con.execute(
                f"SELECT _row, {c} FROM {norm} WHERE {c} < $minimum ORDER BY _row",  # noqa: S608
                {"minimum": column.minimum},
            ).fetchall()
            for row, text, _ in _written(con, part, column.name, found):
                part.problem(
                    row,
                    h,
                    text,
                    part.words("at_least", minimum=column.minimum),
                    part.words("at_least.fix"),
                )
        if column.name in LIMITS:
            warn, error = LIMITS[column.name]
            found = con.execute(
                f"SELECT _row, {c} FROM {norm} WHERE {c} > $warn ORDER BY _row",  # noqa: S608
                {"warn": warn},
            ).fetchall()
            for row, text, value in _written(con, part, column.name, found):
                if value > error:
                    part.problem(
                        row,
                        h,
                        text,
                        part.words("implausible", limit=format_number(error, lang=part.lang)),
                        part.words("implausible.fix"),
                    )
                else:
                    part.problem(
                        row,
                        h,
                        text,
                        part.words("unusually_large", limit=format_number(warn, lang=part.lang)),
                        part.words("typo.fix"),
                        "warning",
                    )
    # Outliers against what the database holds for the same kind of event: only a count over
    # OUTLIER_FLOOR can be one, so the medians (a pass over every event) are skipped without one.
    has_large = (
        table.name == "events"
        and con.execute(
            f"SELECT count(*) FROM {norm} WHERE attendees > $floor",  # noqa: S608 - declared names
            {"floor": OUTLIER_FLOOR},
        ).fetchall()[0][0]
    )
    if has_large:
        found = con.execute(
            f"""SELECT n._row, n.attendees, m.median FROM {norm} n
                JOIN (SELECT event_type, median(attendees) AS median FROM snapshot.store.events
                      WHERE attendees IS NOT NULL GROUP BY event_type) m USING (event_type)
                WHERE n.attendees > 10 * m.median AND n.attendees > $floor
                  AND n.attendees <= $warn ORDER BY n._row""",  # noqa: S608 - declared names
            {"warn": LIMITS["attendees"][0], "floor": OUTLIER_FLOOR},
        ).fetchall()
        for row, text, _, median in _written(con, part, "attendees", found):
            part.problem(
                row,
                heading_for(part, "attendees"),
                text,
                part.words(
                    "outlier", median=format_number(median, lang=part.lang, decimals=_decimals(median))
                ),
                part.words("typo.fix"),
                "warning",
            )
    if table.name == "victims":
        found = con.execute(
            f"""SELECT _row, minor_status, age_band FROM {norm}
                WHERE list_contains($conflicts, age_band || '|' || minor_status)
                ORDER BY _row""",  # noqa: S608
            {"conflicts": sorted(f"{band}|{status}" for band, status in age_band_conflicts())},
        ).fetchall()
        for row, text, _, band in _written(con, part, "minor_status", found):
            part.problem(
                row,
                heading_for(part, "minor_status"),
                text,
                part.words("age_conflict", band=band),
                part.words("age_conflict.fix"),
                "warning",
            )
        # The funnel's stage dates: the rules live beside the stages (_stages).
        from .stages import check_stage_dates

        check_stage_dates(con, part)


# Where a stored record came from: key -> (batch, file) for the keys given, of one table; a key of
# no batch is one of data/.
Origins = Callable[[str, list[str]], dict[str, tuple[str, str, str]]]
# An event's identity beside its key: the same day, place, organiser and kind of event.
EVENT_IDENTITY = ("event_date", "district_code", "unit_code", "organiser", "event_type")
EVENT_COUNTS = ("attendees", "leaflets")
# What a corrected file may change of such an event: its counts, or only the topic it filled in.
EVENT_CORRECTED = (*EVENT_COUNTS, "topic")
# A person's record beside its key (which comes from how the file identifies her): received on the
# same day, at the same place, of the same sex, age band, citizenship and destination.
PERSON_IDENTITY = (
    "reception_date",
    "district_code",
    "unit_code",
    "sex",
    "age_band",
    "citizenship",
    "destination",
)


def check_duplicates(
    con: duckdb.DuckDBPyConnection,
    parts: list[Part],
    table: Table,
    committed: str,
    origins: Origins | None = None,
) -> tuple[str, int]:
    """Duplicates within the file (errors) and against the database: the same record again is
    skipped, a different record under the same key is an error; an event that is a stored one
    with other counts is warned of. Returns a temp view of the rows to add, and how many rows have
    their key in the database already. `origins` names the batch (or data/) of a stored record."""
    name = table.name
    k = q(table.key)
    cols = [c.name for c in table.columns]
    union = " UNION ALL ".join(
        f"SELECT {p.number} AS _part, _row, {', '.join(q(c) for c in cols)} FROM {p.norm}"  # noqa: S608
        for p in parts
    )
    incoming = q(f"incoming_{name}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW {incoming} AS {union}")  # a view: read twice, never copied
    by_number = {p.number: p for p in parts}
    # Which columns two records under one key differ in: by name only, never their values.
    differ = (
        "list_filter(["
        + ", ".join(
            f"CASE WHEN a.{q(c)} IS DISTINCT FROM b.{q(c)} THEN '{c}' END" for c in cols if c != table.key
        )
        + "], lambda x: x IS NOT NULL)"
    )
    within = con.execute(
        f"""WITH dup AS (SELECT {k} FROM {incoming} GROUP BY {k} HAVING count(*) > 1),
            ranked AS (SELECT i.{k}, i._part, i._row,
                       first_value(i._part) OVER w AS fp, first_value(i._row) OVER w AS fr,
                       row_number() OVER w AS n
                       FROM {incoming} i JOIN dup USING ({k})
                       WINDOW w AS (PARTITION BY i.{k} ORDER BY i._part, i._row))
            SELECT r.{k}, r._part, r._row, r.fp, r.fr,
                   CASE WHEN a._part IS NULL OR b._part IS NULL THEN NULL ELSE {differ} END
            FROM ranked r LEFT JOIN {incoming} a ON a._part = r._part AND a._row = r._row
            LEFT JOIN {incoming} b ON b._part = r.fp AND b._row = r.fr
            WHERE r.n > 1 ORDER BY r._part, r._row"""  # noqa: S608
    ).fetchall()
    keys = _keys_written(con, by_number, table, [(part_no, row) for _, part_no, row, *_ in within])
    for key, part_no, row, first_part, first_row, columns in within:
        part = by_number[part_no]
        where = (
            part.words("at_row_of_sheet", row=first_row, sheet=repr(by_number[first_part].sheet.name))
            if first_part != part_no
            else part.words("at_row_of", row=first_row)
        )
        if counts_people(name):
            part.problem(
                row,
                "",
                "",
                part.words("duplicate_person", where=where, differences=_differences(part, columns)),
                part.words("duplicate_person.fix"),
            )
            continue
        if table.key not in part.sheet.fields:
            # The key was derived from the whole record: no cell of the file holds it, none is shown.
            problem = part.words("duplicate_record", where=where)
            part.problem(row, "", "", problem, part.words("duplicate.fix"))
            continue
        part.problem(
            row,
            heading_for(part, table.key),
            _shown_key(part, keys.get((part_no, row), key)),
            part.words("duplicate_key", key=named(part, table.key), where=where),
            part.words("duplicate.fix"),
        )
    listed = ", ".join(q(c) for c in cols)
    existing = f"(SELECT {listed} FROM snapshot.store.{q(name)} UNION ALL SELECT * FROM {committed})"  # noqa: S608
    matches = con.execute(
        f"""SELECT a._part, a._row, a.{k}, {differ}
            FROM {incoming} a JOIN {existing} b ON b.{k} = a.{k}"""  # noqa: S608
    ).fetchall()
    differing = [(part_no, row) for part_no, row, _, columns in matches if columns]
    keys = _keys_written(con, by_number, table, differing)
    shows_values = name == "events"  # no person's or case's cell is ever repeated
    found_in = (
        origins(name, [key for _, _, key, columns in matches if columns])
        if origins is not None and shows_values and differing
        else {}
    )
    for part_no, row, key, columns in matches:
        if not columns:
            continue
        part = by_number[part_no]
        headings = ", ".join(named(part, c) for c in columns)
        if counts_people(name):
            part.problem(
                row,
                heading_for(part, columns[0]),
                "",
                part.words("person_differs", headings=headings),
                part.words("person_differs.fix"),
            )
            continue
        derived = table.key not in part.sheet.fields  # then no cell holds the key: the row is named
        written = _shown_key(part, keys.get((part_no, row), key))
        # The cell shows the key: the message says it once, as "this key" ('TL-2022-02' is already
        # in the database ...), not again with its heading.
        problem = part.words(
            "record_differs",
            key=part.words("this_record" if derived else "this_key"),
            columns=", ".join(named(part, c) for c in columns),
        )
        fix = part.words("record_differs.fix")
        if shows_values:
            problem += part.words("stored_in", where=_origin_text(part, found_in.get(key)))
            fix = _correction_fix(part, found_in.get(key), keyed=not derived)
        part.problem(
            row,
            heading_for(part, columns[0] if derived else table.key),
            "" if derived else written,
            problem,
            fix,
        )
    keep = q(f"add_{name}")
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW {keep} AS SELECT i.* FROM {incoming} i
            WHERE NOT EXISTS (SELECT 1 FROM {existing} e WHERE e.{k} = i.{k})"""  # noqa: S608
    )
    if name == "events" and origins is not None:
        _check_corrections(con, parts, keep, existing, origins)
    if name == "victims" and origins is not None:
        _check_same_person(con, parts, keep, existing, origins)
    # The keys of the records already stored that the file holds too: its batch records them, so
    # that taking out the batch that added them keeps them (store.add_held).
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW {held_view(name)} AS
            SELECT DISTINCT '{name}' AS "table", CAST(i.{k} AS VARCHAR) AS "key" FROM {incoming} i
            WHERE EXISTS (SELECT 1 FROM {existing} e WHERE e.{k} = i.{k})"""  # noqa: S608
    )
    return keep, len(matches)


def _shown_key(part: Part, text: str) -> str:
    """A key's cell as a message may show it: never one that looks like a person's identifier
    (refused already, see `_check_ids`)."""
    return part.words("value_not_shown") if identifier_value(str(text)) else text


def _origin_text(part: Part, origin: tuple[str, str, str] | None) -> str:
    if origin is None:
        return part.words("origin_data")
    return part.words("origin_batch", batch=origin[0], file=origin[1])


def _correction_fix(part: Part, origin: tuple[str, str, str] | None, keyed: bool = False) -> str:
    """The way to put a corrected record in place of the stored one: take out what holds it and
    import the corrected file (`keyed`: a new key would count the event twice: said)."""
    if origin is None:
        return part.words("correction_data.fix")
    fix = part.words("correction.fix", batch=origin[2])
    return fix + part.words("correction_key") if keyed else fix


def _check_corrections(con, parts: list[Part], keep: str, existing: str, origins: Origins) -> None:
    """An event about to be added that a stored event is on the same day, at the same place, by
    the same organiser and of the same kind, with other counts: most often a corrected file
    imported beside the wrong record (a warning naming both values and where the other is)."""
    same = " AND ".join(f"a.{q(c)} IS NOT DISTINCT FROM b.{q(c)}" for c in EVENT_IDENTITY)
    differs = " OR ".join(f"a.{q(c)} IS DISTINCT FROM b.{q(c)}" for c in EVENT_CORRECTED)
    counts = ", ".join(f"a.{q(c)}, b.{q(c)}" for c in EVENT_CORRECTED)
    found = con.execute(
        f"""SELECT a._part, a._row, b.event_id, {counts} FROM {keep} a JOIN {existing} b ON {same}
            WHERE {differs}
            QUALIFY row_number() OVER (PARTITION BY a._part, a._row ORDER BY b.event_id) = 1
            ORDER BY a._part, a._row"""  # noqa: S608 - declared names
    ).fetchall()
    by_number = {p.number: p for p in parts}
    found = [f for f in found if by_number[f[0]].table.key not in by_number[f[0]].sheet.fields]
    if not found:
        return  # (a file with its own event codes matches stored events by code only)
    where = origins("events", sorted({str(f[2]) for f in found}))
    for part_no, row, key, *values in found:
        part = by_number[part_no]
        pairs = dict(zip(EVENT_CORRECTED, zip(values[::2], values[1::2], strict=True), strict=True))
        columns = [c for c, (given, stored) in pairs.items() if given != stored]
        written = {c: as_written(con, part, c, [row]).get(row) for c in columns}

        part.problem(
            row,
            heading_for(part, columns[0]),
            written[columns[0]] or "",
            part.words(
                "correction_beside",
                where=_origin_text(part, where.get(str(key))),
                stored=", ".join(f"{named(part, c)} {_count_shown(part, pairs[c][1])}" for c in columns),
                given=", ".join(
                    f"{named(part, c)} {_count_shown(part, pairs[c][0], written[c])}" for c in columns
                ),
            ),
            _correction_fix(part, where.get(str(key))),
            "warning",
        )


def _check_same_person(con, parts: list[Part], keep: str, existing: str, origins: Origins) -> None:
    """A person about to be added whom a stored record matches in everything but the key: most
    often the same person identified another way (a CCCD added, a birth year only), who would be
    counted twice (a warning: two people received together match too). No cell is repeated."""
    same = " AND ".join(f"a.{q(c)} IS NOT DISTINCT FROM b.{q(c)}" for c in PERSON_IDENTITY)
    found = con.execute(
        f"""SELECT a._part, a._row, b.victim_id FROM {keep} a JOIN {existing} b ON {same}
            QUALIFY row_number() OVER (PARTITION BY a._part, a._row ORDER BY b.victim_id) = 1
            ORDER BY a._part, a._row"""  # noqa: S608 - declared names
    ).fetchall()
    if not found:
        return
    where = origins("victims", sorted({str(f[2]) for f in found}))
    by_number = {p.number: p for p in parts}
    for part_no, row, key in found:
        part = by_number[part_no]
        origin = where.get(str(key))
        part.problem(
            row,
            "",
            "",
            part.words("same_person_stored", where=_origin_text(part, origin)),
            part.words("same_person_stored.fix", batch=origin[2] if origin else "BATCH"),
            "warning",
        )


def _count_shown(part: Part, value: int | str | None, cell: str | None = None) -> str:
    """A count (or the topic) in a message: the cell as the file writes it, else the number as the
    language does (the topic by its label)."""
    if cell:
        return repr(cell)
    if value is None:
        return part.words("empty_value")
    if isinstance(value, str):
        return repr(label("topic", value, part.lang))
    return format_number(value, lang=part.lang)


def held_view(table: str) -> str:
    """The temp view of the keys of `table` a file holds that were already stored."""
    return q(f"held_{table}")


def _keys_written(con, by_number: dict, table: Table, rows: list[tuple[int, int]]) -> dict:
    """(part, row) -> the key's cell as the file writes it, for the rows of a file with a key column."""
    found: dict[tuple[int, int], str] = {}
    for number, part in by_number.items():
        if table.key in part.sheet.fields:
            cells = as_written(con, part, table.key, [row for n, row in rows if n == number])
            found |= {(number, row): text for row, text in cells.items()}
    return found


def _differences(part: Part, columns: list[str]) -> str:
    if not columns:
        return part.words("rows_same")
    return part.words("rows_differ", headings=", ".join(named(part, c) for c in columns))


def _check_ids(con: duckdb.DuckDBPyConnection, part: Part) -> None:
    """A free-text id (Mã sự kiện) is a short code: not a paragraph, not a control character, not
    a formula a spreadsheet would run when the records are exported."""
    key = part.table.key
    k, h = q(key), heading_for(part, key)
    looks: dict[int, str] = {}
    if part.table.name in CODES_OF_PEOPLE:
        distinct = con.execute(f"SELECT DISTINCT {k} FROM {part.norm} WHERE {k} IS NOT NULL").fetchall()  # noqa: S608
        judged = {value: identifier_value(value) for (value,) in distinct}
        bad = sorted(value for value, what in judged.items() if what)
        if bad:
            found = con.execute(
                f"SELECT _row, {k} FROM {part.norm} WHERE list_contains($bad, {k}) ORDER BY _row",  # noqa: S608
                {"bad": bad},
            ).fetchall()
            looks = {row: str(judged[value]) for row, value in found}
    for row, what in looks.items():
        # Never the cell itself, in no kind: a hotline's messages repeat cells, not this one.
        part.problem(
            row,
            h,
            part.words("value_not_shown"),
            part.words("code_is_identifier", what=part.words(f"code_looks.{what}")),
            part.words("code_is_identifier.fix"),
        )
    found = con.execute(
        f"""SELECT _row, {k} FROM {part.norm}
            WHERE length({k}) > $longest OR regexp_matches({k}, $control)
               OR left({k}, 1) IN ('=', '+', '-', '@') OR {k} IN $errors ORDER BY _row""",  # noqa: S608
        {"longest": LONGEST_ID, "control": r"[\x00-\x1f\x7f]", "errors": sorted(ERROR_VALUES)},
    ).fetchall()
    for row, text, value in _written(con, part, key, found):
        if row in looks:
            continue  # said below, without the cell
        if len(value) > LONGEST_ID:
            problem = part.words("id_too_long", n=format_number(len(value), lang=part.lang), most=LONGEST_ID)
        elif value in ERROR_VALUES:
            problem = part.words("id_error_value", value=value)
        elif value[:1] in "=+-@":
            problem = part.words("id_formula")
        else:
            problem = part.words("id_control")
        part.problem(row, h, text, problem, part.words("id.fix"))


def _decimals(number: float) -> int:
    """Decimals to show a median with: none for a whole number, one otherwise (as '{:g}' would)."""
    return 0 if float(number).is_integer() else 1
