"""`import_context`: a published dataset (the CTDC global dataset, an HTCDS export) into the
context tables, never into the city's records.

The file is read whole, its headings matched against the profile's columns (`_standards`: the one
declaration of how the standard's columns and labels map to the workbench's fields and codes, the
export reads it too), every distinct cell of a column judged once, and the records written as one
batch of the import store (its manifest carrying the profile, the source's name, release date and
k), all or nothing, then appended to the database as any import is. A row of a k-anonymised dataset
is one record of a group of at least k alike: no person key is made or kept.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path

import duckdb
import pandas as pd

from .._build import NATIONAL_FINGERPRINT_PREFIX, append, build_lock, current, fingerprint, own_store
from .._codes import UNKNOWN
from .._errors import CellValueError, DataFileError, PointerBusyError, did_you_mean, unknown_value
from .._generations import current_file
from .._paths import DATA_DIR, database_path, default_db_path, invented_hashes
from .._private import private_dir
from .._problem import Problem
from .._schema import CONTEXT_VICTIMS, SCHEMA_VERSION, quote_identifier
from .._standards import codes, columns, flag_codes, synonyms, write_label
from .._words import CONTEXT_WORDS
from .check import PROBLEM_COLUMNS
from .read import MAX_CELL_CHARS, _decode, _decode_candidates, _parse, file_error, file_label
from .run import FILE_COLUMNS, ImportResult
from .store import batches, clear_staging, commit, file_sha256, stage, store_dir, withdraw
from .values import parse_code

PROFILES = ("ctdc", "htcds")
# CTDC publishes its downloadable dataset k-anonymised with k = 11 (its codebook).
DEFAULT_K = {"ctdc": 11}
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


@dataclass(frozen=True)
class Rule:
    """How one field of `context_victims` is read from a file of the profile.

    kind 'year': a year in `columns[0]`; 'code': one code from `columns[0]` (`parse` gives it, or
    None for missing, or raises CellValueError); 'codes': several codes in one cell; 'flags': one
    0/1 column per code (`codes[i]` is what a 1 in `columns[i]` means): the field is the list of
    codes whose column holds 1, missing when every column of the family is empty."""

    field: str
    kind: str
    columns: tuple[str, ...]
    codes: tuple[str, ...] = ()
    parse: Callable[[str], str | None] | None = None
    required: bool = False


@dataclass
class _Read:
    notice: str
    headings: list[str]
    rows: list[list[str]]
    lines: list[int]  # the line of the file each data row is on (blank lines skipped)
    problems: list[Problem] = field(default_factory=list)


def import_context(
    file: str | os.PathLike,
    profile: str,
    db: str | os.PathLike | None = None,
    *,
    source: str | None = None,
    release_date: str | dt.date | None = None,
    k: int | None = None,
    check_only: bool = False,
    data_dir: str | os.PathLike | None = None,
) -> ImportResult:
    """Import the published dataset `file` (`profile` 'ctdc' or 'htcds') as a context source.

    `source` names it (default: the profile and the release date, 'CTDC 2024-07-15'); a name
    already taken is refused. `release_date` (default: a date in the file's name, else the file's
    own date, with a warning) and `k` (default: 11 for CTDC, as it publishes; not stated for
    HTCDS) are recorded with it and shown on every figure of it. The city's records never change.
    Returns an `ImportResult` as `import_files` does."""
    if profile not in PROFILES:
        raise unknown_value(DataFileError, "profile", profile, PROFILES)
    path = Path(file)
    db_path = database_path(getattr(db, "path", db) or default_db_path())
    data = Path(data_dir) if data_dir is not None else DATA_DIR
    label = file_label(path)
    row = dict.fromkeys(FILE_COLUMNS, 0) | {"file": label, "status": "refused", "table": CONTEXT_VICTIMS.name}
    check_k(k)
    if release_date is not None:
        parse_release_date(release_date)  # refused before anything is read or locked
    private_dir(db_path.parent)
    with build_lock(db_path):
        stage("locked")
        stored, _ = current(db_path, data)
        national = stored.startswith(NATIONAL_FINGERPRINT_PREFIX)
        if not national:  # refused when another database owns the store; claimed if it is there
            own_store(db_path)
        store = store_dir(db_path, national)
        clear_staging(store)
        try:
            read = _read(path, profile)
            sha = file_sha256(path)
        except DataFileError as error:
            return _result([row | {"errors": 1}], [_file_problem(label, error.detail)], check_only)
        problems = list(read.problems)
        stage("read")
        earlier = [b for b in batches(store) if b.manifest.get("file_sha256") == sha]
        if earlier:
            m = earlier[0].manifest
            problems.append(
                _file_problem(
                    label,
                    f"this file was imported before, as the context source {m.get('source')!r} "
                    f"({m.get('imported_at')} UTC): nothing added",
                    "to import it again, remove that source first (workbench context remove)",
                    "note",
                )
            )
            read_rows = len(read.rows)
            return _result([row | {"status": "unchanged", "rows_read": read_rows}], problems, check_only)
        release, release_notes = _release_date(path, release_date)
        problems += [
            _file_problem(label, note, "give --release-date YYYY-MM-DD", "warning") for note in release_notes
        ]
        k = k if k is not None else DEFAULT_K.get(profile)
        # an invented example with no release date anywhere is named as one (its figures say
        # "mô phỏng" whatever its name: the context comparison knows it by its SHA-256)
        invented = sha in invented_hashes() and release_date is None and _date_in_name(path.stem) is None
        # the name it is stored under, in the language of the city's records
        default = CONTEXT_WORDS["example_source"][0].format(profile=profile.upper()) if invented else None
        name = (source or default or f"{profile.upper()} {release.isoformat()}").strip()
        taken = {
            str(b.manifest.get("source")).casefold(): b for b in batches(store) if "profile" in b.manifest
        }
        if not name or name.casefold() in taken:
            holder = taken.get(name.casefold())
            problems.append(
                _file_problem(
                    label,
                    f"the context source name {name!r} is already taken (batch {holder.path.name}, "
                    f"{holder.manifest.get('file')})"
                    if holder
                    else "the context source name is empty",
                    "give another name with --source-name, or remove that source first",
                )
            )
        frame = _records(label, profile, read, name, problems)
        stage("validated")
        errors = sum(1 for p in problems if p.severity == "error")
        warnings = sum(1 for p in problems if p.severity == "warning")
        row |= {"rows_read": len(read.rows), "errors": errors, "warnings": warnings}
        if errors:
            return _result([row], problems, check_only)
        if check_only:
            return _result([row | {"status": "checked", "rows_added": len(frame)}], problems, True)
        manifest = {
            "file": label,
            "file_sha256": sha,
            "imported_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
            "schema_version": SCHEMA_VERSION,
            "sheets": [""],
            "rows_read": {CONTEXT_VICTIMS.name: len(read.rows)},
            "rows_added": {CONTEXT_VICTIMS.name: len(frame)},
            "rows_skipped": {CONTEXT_VICTIMS.name: 0},
            "warnings": warnings,
            "profile": profile,
            "source": name,
            "release_date": release.isoformat(),
            "k": k,
            "notice": read.notice or None,
        }
        with duckdb.connect() as con:
            con.register("incoming", frame)
            columns = ", ".join(
                f"CAST({quote_identifier(c.name)} AS {c.sql_type}) AS {quote_identifier(c.name)}"
                for c in CONTEXT_VICTIMS.columns
            )
            batch = commit(
                store,
                con,
                manifest,
                {CONTEXT_VICTIMS.name: f"SELECT {columns} FROM incoming ORDER BY source_row"},  # noqa: S608
            )
        stage("committed")
        if not national:  # the store this import made (or found) is this database's from now on
            own_store(db_path)
        found = [b for b in batches(store) if b.path == batch]
        was = current_file(db_path)
        try:
            append(db_path, found, None if national else fingerprint(data, store))
        except BaseException as error:
            if current_file(db_path) != was:
                raise
            withdraw(store, found, db_path)
            if isinstance(error, PointerBusyError):
                raise PointerBusyError(
                    f"{str(error).rstrip('.')}. The import was undone: nothing went into the import "
                    "store or the database, and running it again adds it once."
                ) from None
            raise
        stage("built")
    return _result([row | {"status": "imported", "rows_added": len(frame)}], problems, False)


def _result(rows: list[dict], problems: list[Problem], check_only: bool) -> ImportResult:
    return ImportResult(
        pd.DataFrame(rows, columns=FILE_COLUMNS),
        pd.DataFrame(problems, columns=PROBLEM_COLUMNS).astype({"row": "Int64"}),
        check_only,
        "en",  # a context source's problems are not in _words yet: its report speaks English too
    )


def _file_problem(label: str, problem: str, suggestion: str = "", severity: str = "error") -> Problem:
    return Problem(label, "", None, "", "", problem, suggestion, severity)


# ---------------------------------------------------------------- reading


def _read(path: Path, profile: str) -> _Read:
    """The file's headings (a notice in the first cell taken off) and its data rows, as text."""
    if not path.exists():
        raise file_error(path, "no such file.")
    if path.is_dir():
        raise file_error(path, "is a folder, not a file. Give the CSV file inside it.")
    if path.suffix.lower() not in (".csv", ".txt", ".tsv"):
        raise file_error(path, f"cannot import a '{path.suffix}' file with --profile. Valid: .csv")
    raw = path.read_bytes()
    if not raw:
        raise file_error(path, "the file is empty (0 bytes).")
    text = None
    for encoding in _decode_candidates(raw[:4096]):
        if encoding == "tcvn3":
            continue  # a published dataset is never in the Vietnamese legacy font encoding
        try:
            text = _decode(raw, encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise file_error(path, "is not text in UTF-8, UTF-16 or Windows-1258.")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    rows = _parse(path, text, delimiter)
    top = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if top is None:
        raise file_error(path, "holds no header row.")
    headings = [unicodedata.normalize("NFC", h).strip() for h in rows[top]]
    notice = ""
    expected = {c.casefold() for c in _expected_columns(profile)}
    if headings and headings[0].casefold() not in expected and "," in headings[0]:
        # CTDC writes its terms-of-use notice before the first column's name, in the same cell
        head, _, tail = headings[0].rpartition(",")
        if tail.strip().casefold() in expected:
            notice, headings[0] = head.strip(), tail.strip()
    kept = [(i + 1, r) for i, r in enumerate(rows) if i > top and any(c.strip() for c in r)]
    return _Read(notice, headings, [r for _, r in kept], [line for line, _ in kept])


def _expected_columns(profile: str) -> list[str]:
    return [c for rule in _rules(profile) for c in rule.columns]


# The standards' field a context column takes another name for: only a year is published.
FIELD_OF = {"reception_date": "year"}


@cache
def _rules(profile: str) -> tuple[Rule, ...]:
    """The profile's rules, read from the one declaration of the standards (`_standards`): a year
    column, value and list columns parsed by the importer's code parser (which knows the
    standards' labels), and each flag family as one list field. A column whose field the context
    table does not keep (a key, a place below the country) is read and left out."""
    kept = {c.name: c for c in CONTEXT_VICTIMS.columns}
    rules: list[Rule] = []
    families: dict[str, list] = {}
    for col in columns(profile):
        name = FIELD_OF.get(col.field, col.field)
        if col.how == "flag" and name in kept:
            families.setdefault(name, []).append(col)
        elif col.how == "year":
            rules.append(Rule(name, "year", (col.name,), required=True))
        elif col.how in ("value", "fixed", "list") and name in kept and col.codeset:
            kind = "codes" if kept[name].multi else "code"
            rules.append(Rule(name, kind, (col.name,), parse=partial(_parse_label, profile, col.codeset)))
        else:
            rules.append(Rule(name, "ignored", (col.name,)))
    for name, family in families.items():
        codes = tuple("+".join(flag_codes(col)) for col in family)
        rules.append(Rule(name, "flags", tuple(col.name for col in family), codes))
    return tuple(rules)


def _parse_label(profile: str, codeset: str, text: str) -> str:
    """A code from a standard's label; an unknown one is answered in the standard's own words
    (the closest of its labels, and its labels listed), not the workbench's Vietnamese ones."""
    try:
        return parse_code(codeset, text, "en")  # the context import still speaks English
    except CellValueError as error:
        if codeset in ("country", "citizenship"):
            raise
        written = _standard_labels(profile, codeset)
        if not written:
            raise
        _, hint = did_you_mean(text, list(synonyms(codeset)) + written)
        raise CellValueError(
            error.problem,
            f"{hint.removeprefix(' — ')} Valid ({profile.upper()}): {', '.join(written)}".strip(),
        ) from None


@cache
def _standard_labels(profile: str, codeset: str) -> list[str]:
    """The labels a file of `profile` writes for the codes of `codeset`, once each."""
    found = [write_label(codeset, code, profile) for code in codes(codeset) if code != UNKNOWN]
    return list(dict.fromkeys(label for label in found if label))


# ---------------------------------------------------------------- judging


# Only 1, 0 or empty, as the standards write them (1.0 and 0.0: as a spreadsheet may save them).
FLAG_TRUE = frozenset({"1", "1.0"})
FLAG_FALSE = frozenset({"0", "0.0"})
# A value refused is reported once per column, with how many rows hold it and the first lines.
LINES_SHOWN = 5
MISSING = frozenset({"", "-99", "n/a", "null"})  # not 'NA': Namibia


def _records(label: str, profile: str, read: _Read, source: str, problems: list[Problem]) -> pd.DataFrame:
    """The file's rows as the table's columns; a problem for each cell a rule refuses."""
    rules = _rules(profile)
    index = {h.casefold(): i for i, h in enumerate(read.headings)}
    width = len(read.headings)
    for number, cells in enumerate(read.rows):
        if len(cells) != width:
            problems.append(
                Problem(
                    label, "", _line(read, number), "", "",
                    f"{len(cells)} cells where the header has {width}: a cell lost or a row shifted",
                    "check the row against the header",
                )
            )  # fmt: skip
    missing = [c for rule in rules if rule.required for c in rule.columns if c.casefold() not in index]
    for column in missing:
        problems.append(_file_problem(label, f"no column {column!r}, which a {profile.upper()} file has"))
    known = {c.casefold() for rule in rules for c in rule.columns}
    extra = [h for h in read.headings if h.casefold() not in known]
    if extra:
        problems.append(
            _file_problem(
                label,
                f"{len(extra)} column(s) not read: {', '.join(map(repr, extra[:8]))}"
                + (" ..." if len(extra) > 8 else ""),
                f"the {profile.upper()} profile reads: "
                f"{', '.join(sorted(_expected_columns(profile))[:6])}, ...",
                "warning",
            )
        )
    if missing:
        return pd.DataFrame(columns=list(CONTEXT_VICTIMS.column_names))
    rows = len(read.rows)
    out: dict[str, list] = {
        "source": [source] * rows,
        "source_row": [_line(read, n) for n in range(rows)],
    }

    def column_of(name: str) -> tuple[list[str], str] | None:
        i = index.get(name.casefold())
        if i is None:
            return None
        cells = [unicodedata.normalize("NFC", r[i]).strip() if i < len(r) else "" for r in read.rows]
        return cells, read.headings[i]

    for rule in sorted(rules, key=lambda r: r.kind != "flags"):  # a family's flags first
        if rule.kind == "ignored":
            continue
        if rule.kind == "flags":
            out[rule.field] = _flags(label, read, rule, column_of, problems)
            continue
        found = column_of(rule.columns[0])
        if found is None:
            out[rule.field] = [None] * rows
            continue
        cells, heading = found
        judge = _year if rule.kind == "year" else _coder(rule)
        judged: dict[str, object] = {}
        refused: dict[str, list[int]] = {}
        values = []
        for number, cell in enumerate(cells):
            if cell not in judged:
                judged[cell] = _judge(judge, cell)
            value = judged[cell]
            if isinstance(value, CellValueError):
                refused.setdefault(cell, []).append(_line(read, number))
                value = None
            values.append(value)
        for cell, lines in refused.items():
            error = judged[cell]
            if isinstance(error, CellValueError):
                problems.append(_summarised(label, heading, cell, lines, error.problem, error.suggestion))
        if rule.field in out:  # CTDC's concatenated column beside its flags: the flags win
            _disagreeing(label, heading, out[rule.field], values, read, problems)
            values = [f if f is not None else v for f, v in zip(out[rule.field], values, strict=True)]
        out[rule.field] = values
    for column in CONTEXT_VICTIMS.column_names:
        out.setdefault(column, [None] * rows)
    return pd.DataFrame(out, columns=list(CONTEXT_VICTIMS.column_names))


def _summarised(
    label: str,
    heading: str,
    cell: str,
    lines: list[int],
    problem: str,
    suggestion: str,
    severity: str = "error",
) -> Problem:
    """One problem for a value refused in many rows of a column: the value, the column, the first
    row (as `row`), how many rows hold it and their first lines; the valid values said once."""
    shown = cell if len(cell) <= 200 else cell[:200] + "…"
    if len(lines) > 1:
        first = ", ".join(str(n) for n in lines[:LINES_SHOWN]) + (", …" if len(lines) > LINES_SHOWN else "")
        problem = f"{problem} — in {len(lines):,} rows (lines {first})"
    return Problem(label, "", lines[0], heading, shown, problem, suggestion)


def _disagreeing(
    label: str, heading: str, flagged: list, listed: list, read: _Read, problems: list[Problem]
) -> None:
    """A warning when a `*Concatenated` column names other codes than its 0/1 flags in some rows
    (the flags are kept: they are the standard's primary form)."""
    lines = [
        _line(read, number)
        for number, (flags, words) in enumerate(zip(flagged, listed, strict=True))
        if flags is not None and words is not None and set(flags) != set(words)
    ]
    if lines:
        first = ", ".join(str(n) for n in lines[:LINES_SHOWN]) + (", …" if len(lines) > LINES_SHOWN else "")
        problems.append(
            Problem(
                label, "", lines[0], heading, "",
                f"{len(lines):,} of {len(flagged):,} rows name other codes in {heading} than their 0/1 "
                f"flags (lines {first}): the flags are kept",
                "check which of the two the file's publisher meant; the flags are the standard's own form",
                "warning",
            )
        )  # fmt: skip


def _judge(judge: Callable[[str], object], cell: str) -> object:
    if len(cell) > MAX_CELL_CHARS:
        return CellValueError(
            f"a cell of {len(cell):,} characters", "a damaged file joins cells: check the row"
        )
    try:
        return judge(cell)
    except CellValueError as error:
        return error


def _line(read: _Read, number: int) -> int:
    return read.lines[number]


def _year(text: str) -> int | None:
    if text.casefold() in MISSING:
        return None
    if re.fullmatch(r"\d{4}(\.0)?", text):
        year = int(float(text))
        if 1990 <= year <= dt.date.today().year:
            return year
        raise CellValueError("not a year of registration", f"a year from 1990 to {dt.date.today().year}")
    raise CellValueError("not a year", "a year such as 2019 (the dataset records years, not dates)")


def _coder(rule: Rule) -> Callable[[str], object]:
    parse = rule.parse
    if parse is None:  # pragma: no cover - a declaration error, caught by the tests of _standards
        raise TypeError(f"rule {rule.field!r} of kind {rule.kind!r} has no parser")
    if rule.kind == "code":  # an empty cell is 'unknown', as in every coded field of the workbench
        return lambda text: UNKNOWN if text.casefold() in MISSING else parse(text)

    def codes(text: str) -> list[str] | None:
        if text.casefold() in MISSING:
            return None
        found: list[str] = []
        items = [p.strip() for p in text.split(";") if p.strip()]  # the standards' list separator
        for at, item in enumerate(items, start=1):
            try:
                code = parse(item)
            except CellValueError as error:  # the item that fails is named, not the whole cell
                where = f" (item {at} of {len(items)})" if len(items) > 1 else ""
                raise CellValueError(f"{error.problem}: '{item}'{where}", error.suggestion) from None
            if code is not None and code not in found:
                found.append(code)
        return found

    return codes


def _flags(label: str, read: _Read, rule: Rule, column_of, problems: list[Problem]) -> list:
    """A flag family as a list per row: the codes whose column holds 1; None when all are empty."""
    rows = len(read.rows)
    result: list[list[str] | None] = [None] * rows
    for code, name in zip(rule.codes, rule.columns, strict=True):
        found = column_of(name)
        if found is None:
            continue
        cells, heading = found
        refused: dict[str, list[int]] = {}
        for number, cell in enumerate(cells):
            folded = cell.casefold()
            if folded in MISSING:
                continue
            if folded in FLAG_TRUE:
                flagged = True
            elif folded in FLAG_FALSE:
                flagged = False
            else:
                refused.setdefault(cell, []).append(_line(read, number))
                continue
            listed = result[number]
            if listed is None:
                listed = result[number] = []
            for one in code.split("+") if flagged else ():  # isSexAndLabour: both forms
                if one not in listed:
                    listed.append(one)
        for cell, lines in refused.items():
            problems.append(
                _summarised(
                    label, heading, cell, lines, "not a flag", "1 (yes), 0 (no) or empty (not recorded)"
                )
            )
    return result


# ---------------------------------------------------------------- the release date


def _release_date(path: Path, given: str | dt.date | None) -> tuple[dt.date, list[str]]:
    """The release date given, else one written in the file's name ('2024-07-15', '20240715',
    '15 July 2024', 'July 2024' as its first day), else the file's own date, with a warning."""
    if given:
        return parse_release_date(given), []
    found = _date_in_name(path.stem)
    if found is not None:
        return found, []
    taken = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).date()
    return taken, [
        f"no release date in the file's name: the file's own date {taken.isoformat()} was recorded as "
        "the release date, which figures of this source show"
    ]


def parse_release_date(given: str | dt.date) -> dt.date:
    """A release date as given (YYYY-MM-DD), refused (`DataFileError`) when it is not one or is
    after today: a source cannot have been released in the future."""
    if isinstance(given, dt.date):
        found = given
    else:
        try:
            found = dt.date.fromisoformat(given.strip())
        except ValueError:
            raise DataFileError(
                f"--release-date {given!r} is not a date: write it as YYYY-MM-DD (2024-07-15)."
            ) from None
    if found > dt.date.today():
        raise DataFileError(
            f"--release-date {found.isoformat()} is after today ({dt.date.today().isoformat()}): give the "
            "date the source was released, YYYY-MM-DD."
        )
    return found


def check_k(k: int | None) -> None:
    """A k-anonymity threshold given for a source: a whole number of 1 or more."""
    if k is not None and k < 1:
        raise DataFileError(f"k = {k}: a k-anonymity threshold is a whole number of 1 or more.")


def _date_in_name(stem: str) -> dt.date | None:
    text = stem.casefold().replace("_", " ")
    patterns: list[tuple[str, Callable[[re.Match], tuple[int, int, int]]]] = [
        (r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)", lambda m: (int(m[1]), int(m[2]), int(m[3]))),
        (r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)", lambda m: (int(m[1]), int(m[2]), int(m[3]))),
        (
            r"(?<!\d)(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})(?!\d)",
            lambda m: (int(m[3]), MONTHS.index(m[2]) + 1, int(m[1])),
        ),
        (r"(" + "|".join(MONTHS) + r") (\d{4})(?!\d)", lambda m: (int(m[2]), MONTHS.index(m[1]) + 1, 1)),
    ]
    for pattern, parts in patterns:
        match = re.search(pattern, text)
        if match:
            try:
                return dt.date(*parts(match))
            except ValueError:
                continue
    return None
