"""`workbench export --format htcds|ctdc`: the city's victim records in a standard's layout, for a
partner (IOM, a donor), k-anonymised over stated quasi-identifiers.

An internal-only action: it reads victim records (an internal connection) and writes one row per
person. What protects the people in the file:

- the layout of `_standards` (year only, no date; age band, not age; no name, no file number);
- a key made for this export alone (random, never derived from the stored key: two exports of the
  same records cannot be joined on it), and the rows in a random order;
- places no finer than the recipient may have (`place`: district, province or country);
- k-anonymity over the quasi-identifiers (`QUASI_IDENTIFIERS`): every combination of their cells
  in the written file is shared by at least k rows. Columns are generalised, one step at a time,
  the one with the most distinct values first (age band -> majority status -> withheld, district
  -> province -> country -> withheld, year, sex and country -> withheld) until the rows still in
  groups under k are few enough to leave out (`SUPPRESSION_SHARE`), and those rows are left out.
  Every step writes a value the standard itself defines (a year, an ISO 3166-1 code, one of its
  labels, or its empty "not known"): a programme period or a UN sub-region is no value of its
  columns, and a file holding one would not read back as the standard.

A report (`Report`) says what was generalised and left out and the smallest group written; it is
printed and written beside the file (`.json`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ._cellsafe import neutralise
from ._codes import UNKNOWN
from ._districts import district_name
from ._errors import UsageError, unknown_value
from ._private import create_private
from ._standards import (
    DELIMITER,
    FORCED_LABOUR_FORMS,
    LABOUR_SECTOR_OF,
    LIST_SEPARATOR,
    STANDARDS,
    StandardColumn,
    columns,
    flag_codes,
    write_label,
)

# CTDC publishes its global dataset with k = 11.
DEFAULT_K = 11
# The smallest k an export accepts: publish mode's threshold (no victim count below 5 is ever
# published, docs/privacy.md). A group of 2-4 people sharing every quasi-identifier is a count the
# workbench itself would withhold.
MIN_K = 5
# At most this share of the records may be left out rather than generalise a column further.
SUPPRESSION_SHARE = 0.05
PLACE_LEVELS = ("district", "province", "country")
PROVINCE = "Cần Thơ"
STATUSES = ("actual",)  # identified victims, as the workbench counts victims by default

# Each quasi-identifier: its generalisation steps, finest first; the last withholds it. A step
# exists only where the standard's column can hold the coarser value: CTDC and HTCDS have an age
# band and a majority status, and places at three levels, but no period of years and no region
# (a year column holds one year, a country column an ISO 3166-1 code), so year and country go
# straight to withheld (the standard's empty cell).
LADDERS: dict[str, tuple[str, ...]] = {
    "year": ("year", "withheld"),
    "age": ("band", "majority", "withheld"),
    "sex": ("sex", "withheld"),
    "citizenship": ("country", "withheld"),
    "destination": ("country", "withheld"),
    "place": ("district", "province", "country", "withheld"),
}
# The standard's columns each quasi-identifier is written in.
QI_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "ctdc": {
        "year": ("yearOfRegistration",),
        "age": ("ageBroad", "majorityStatus", "majorityStatusAtExploit", "majorityEntry"),
        "sex": ("gender",),
        "citizenship": ("citizenship",),
        "destination": ("CountryOfExploitation",),
    },
    "htcds": {
        "year": ("cas_YearOfRegistration",),
        "age": ("prs_AgeBroad", "prs_MajorityStatus"),
        "sex": ("prs_Gender",),
        "citizenship": ("prs_Nationality",),
        "destination": ("vic_LocationOfExploitation",),
        "place": ("prs_MailingCountry", "prs_MailingState", "prs_MailingCity"),
    },
}
QUASI_IDENTIFIERS = tuple(LADDERS)

VICTIMS_SQL = (
    "SELECT victim_id, reception_date, district_code, unit_code, sex, age_band, minor_status, citizenship, "
    "destination, exploitation, means_of_control, recruitment, recruiter_relation, trafficking_status, "
    "case_status FROM victims WHERE list_contains($statuses, trafficking_status) "
    "AND year(reception_date) BETWEEN $first AND $last"
)


def quasi_identifier_columns(standard: str) -> tuple[str, ...]:
    """Every column of `standard`'s file that is a quasi-identifier (what k is enforced over)."""
    return tuple(name for names in QI_COLUMNS[standard].values() for name in names)


@dataclass
class Report:
    format: str
    k: int
    place: str
    file: str
    records: int  # the records selected from the database
    written: int  # rows in the file
    suppressed: int  # records left out
    smallest_group: int | None  # the smallest group sharing every quasi-identifier (None: no row)
    levels: dict[str, str]  # each quasi-identifier's level in the file
    steps: list[str] = field(default_factory=list)  # the generalisations, in the order taken
    quasi_identifiers: dict[str, list[str]] = field(default_factory=dict)
    years: tuple[int, int] | None = None
    made: str = ""
    internal_only: str = (
        "Record-level victim data: an internal action. Send the file only to a recipient under a "
        "data-sharing agreement, by a protected channel; never publish it."
    )

    def text(self) -> str:
        lines = [
            f"Wrote {self.written} of {self.records} victim record(s) in the {self.format.upper()} layout to "
            f"{self.file} (internal: record-level data, for a recipient under a data-sharing agreement).",
            f"k = {self.k} over {', '.join(self.quasi_identifiers)}: smallest group in the file "
            f"{self.smallest_group if self.smallest_group is not None else '- (no row)'}.",
            "Levels: " + ", ".join(f"{qi} {level}" for qi, level in self.levels.items()) + ".",
        ]
        if self.steps:
            lines.append("Generalised: " + "; ".join(self.steps) + ".")
        if self.suppressed:
            lines.append(f"Left out: {self.suppressed} record(s) still in a group smaller than {self.k}.")
        lines.append("Keys are new for this export (not the stored keys; two exports cannot be joined).")
        return "\n".join(lines)


def check_k(k: int) -> int:
    if k < MIN_K:
        raise UsageError(
            f"--k {k} is too small: an export needs every combination of quasi-identifiers shared by at "
            f"least {MIN_K} people (publish mode's threshold); CTDC uses {DEFAULT_K}.",
            given=k,
            valid=[f">= {MIN_K}"],
        )
    return k


def _majority_of_band(band: str) -> str:
    if band == UNKNOWN:
        return UNKNOWN
    return "minor" if band in ("0-8", "9-17") else "adult"


def _majority_of_status(status: str) -> str:
    if status == UNKNOWN:
        return UNKNOWN
    return "adult" if status == "adult" else "minor"


def _listed(values: Iterable[object] | None) -> list[str]:
    known = [str(v) for v in (values if values is not None else ()) if v is not None]
    return [v for v in known if v != UNKNOWN]


def _fields(record: dict) -> dict[str, object]:
    """A victim record's fields as the standards name them (derived ones included)."""
    exploitation = _listed(record["exploitation"])
    return {
        **record,
        "exploitation": exploitation,
        "means_of_control": _listed(record["means_of_control"]),
        "labour_sector": list(
            dict.fromkeys(LABOUR_SECTOR_OF[e] for e in exploitation if e in LABOUR_SECTOR_OF)
        ),
        "sex_exploitation_type": [],
        "majority_status": _majority_of_status(record["minor_status"]),
        "majority_at_exploitation": _majority_of_band(record["age_band"]),
        "majority_at_entry": UNKNOWN,
        "data_source": "case_management",
    }


def _has(values: list[str], code: str) -> bool:
    return code in values or (code == "forced_labour" and any(v in values for v in FORCED_LABOUR_FORMS))


def _flag(col: StandardColumn, value: object) -> str:
    values = value if isinstance(value, list) else ([] if value in (None, UNKNOWN) else [str(value)])
    unknown = not values
    if flag_codes(col) == (UNKNOWN,):
        return "1" if unknown else "0"
    if unknown:
        return ""
    hit = all(_has(values, part) for part in flag_codes(col)) or any(a in values for a in col.also)
    if hit and col.part:
        return ""  # the record has the code the flag is one part of: which part is not recorded
    return "1" if hit else "0"


def _flagged(standard: str, field: str, value: object) -> list[str] | None:
    """The codes whose flag `value` sets in `standard`'s flag family of `field`, in the family's
    order: what a CTDC `*Concatenated` column says (the family's own words, as its flags). None
    when the standard has no flag family for the field (HTCDS: the list is written as recorded)."""
    family = [
        c
        for c in columns(standard)
        if c.how == "flag" and c.field == field and not c.part and len(flag_codes(c)) == 1
    ]
    if not family:
        return None
    return list(dict.fromkeys(c.code or "" for c in family if c.code != UNKNOWN and _flag(c, value) == "1"))


def _country_cell(code: str, level: str) -> str:
    if level == "withheld" or code in (None, UNKNOWN):
        return ""
    return write_label("citizenship", code)


# The fields each standard has a flag family for (CTDC: its concatenated columns say the flags).
_FAMILIES = {standard: {c.field for c in columns(standard) if c.how == "flag"} for standard in STANDARDS}


def _cells(standard: str, record: dict, levels: dict[str, str]) -> dict[str, str]:
    """One record as the standard's row, at the quasi-identifiers' current levels."""
    values = _fields(record)
    row: dict[str, str] = {}
    separator = LIST_SEPARATOR[standard]
    for col in columns(standard):
        value = values.get(col.field)
        if col.how == "key":
            row[col.name] = ""  # made when the file is written
        elif col.how == "year":
            year = record["reception_date"].year
            row[col.name] = str(year) if levels["year"] == "year" else ""
        elif col.how == "fixed":
            row[col.name] = write_label(col.codeset or "", str(value), standard)
        elif col.how == "flag":
            row[col.name] = _flag(col, value)
        elif col.how == "list":
            items: list[str] = (
                (_flagged(standard, col.field, value) or [])
                if col.field in _FAMILIES[standard]  # CTDC: what the flags beside it say
                else [str(v) for v in value]
                if isinstance(value, list)
                else ([] if value in (None, UNKNOWN) else [str(value)])
            )
            row[col.name] = separator.join(
                dict.fromkeys(write_label(col.codeset or "", v, standard) for v in items)
            )
        elif col.how == "place":
            row[col.name] = _place(record, col.level or "", levels.get("place", "withheld"))
        elif col.field in ("citizenship", "destination"):
            row[col.name] = _country_cell(str(value), levels[col.field])
        elif col.field == "sex":
            row[col.name] = "" if levels["sex"] == "withheld" else write_label("sex", str(value))
        elif col.field == "age_band":
            row[col.name] = write_label("age_band", str(value)) if levels["age"] == "band" else ""
        elif col.field.startswith("majority"):
            row[col.name] = "" if levels["age"] == "withheld" else write_label("majority_status", str(value))
        else:
            row[col.name] = write_label(col.codeset or "", str(value), standard)
    return row


def _place(record: dict, column_level: str, level: str) -> str:
    """The person's place at `column_level` if the export's place level is that fine, else ''. A
    district exists only before the 2025 reform: later records have none (a 2025 commune is finer)."""
    if level == "withheld" or PLACE_LEVELS.index(column_level) < PLACE_LEVELS.index(level):
        return ""
    if column_level == "country":
        return "VN"
    if column_level == "province":
        return PROVINCE
    code = record.get("district_code")
    return district_name(int(code)) if code is not None and code == code else ""


def _groups(rows: list[dict[str, str]], qi_columns: tuple[str, ...]) -> Counter:
    return Counter(tuple(row[c] for c in qi_columns) for row in rows)


def anonymise(
    standard: str, records: list[dict], k: int, place: str = "province"
) -> tuple[list[dict[str, str]], Report]:
    """The rows to write and what was done: generalise until few enough rows are in groups under
    k, then leave those out. Pure: the caller writes the rows."""
    qis = [qi for qi in QUASI_IDENTIFIERS if qi in QI_COLUMNS[standard]]
    qi_columns = quasi_identifier_columns(standard)
    levels = {qi: LADDERS[qi][0] for qi in qis}
    if "place" in levels:
        levels["place"] = place
    steps: list[str] = []
    budget = int(SUPPRESSION_SHARE * len(records))
    while True:
        rows = [_cells(standard, r, levels) for r in records]
        sizes = _groups(rows, qi_columns)
        small = [row for row in rows if sizes[tuple(row[c] for c in qi_columns)] < k]
        if len(small) <= budget or len(records) < k:  # fewer than k people: no step can help
            break
        movable = [qi for qi in qis if LADDERS[qi].index(levels[qi]) < len(LADDERS[qi]) - 1]
        if not movable:
            break
        distinct = {
            qi: len({tuple(row[c] for c in QI_COLUMNS[standard][qi]) for row in rows}) for qi in movable
        }
        chosen = max(movable, key=lambda qi: (distinct[qi], -qis.index(qi)))
        ladder = LADDERS[chosen]
        after = ladder[ladder.index(levels[chosen]) + 1]
        steps.append(f"{chosen} {levels[chosen]} -> {after} ({len(small)} record(s) in groups under {k})")
        levels[chosen] = after
    kept = [row for row in rows if sizes[tuple(row[c] for c in qi_columns)] >= k]
    final = _groups(kept, qi_columns)
    report = Report(
        format=standard,
        k=k,
        place=place,
        file="",
        records=len(records),
        written=len(kept),
        suppressed=len(rows) - len(kept),
        smallest_group=min(final.values()) if final else None,
        levels=levels,
        steps=steps,
        quasi_identifiers={qi: list(QI_COLUMNS[standard][qi]) for qi in qis},
    )
    return kept, report


def _key() -> str:
    return "X" + secrets.token_hex(8).upper()


def render(standard: str, rows: list[dict[str, str]]) -> str:
    """The file's text: fresh keys, random order, every text cell safe in a spreadsheet."""
    names = [c.name for c in columns(standard)]
    keyed = [c.name for c in columns(standard) if c.how == "key"]
    shuffled = list(rows)
    secrets.SystemRandom().shuffle(shuffled)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER[standard], lineterminator="\r\n")
    writer.writerow([neutralise(n) for n in names])
    for row in shuffled:
        cells = {**row, **{name: _key() for name in keyed}}
        writer.writerow([neutralise(cells[n]) for n in names])
    return out.getvalue()


def export(
    db_path: Path,
    standard: str,
    out: Path,
    *,
    k: int = DEFAULT_K,
    place: str = "province",
    years: tuple[int, int] | None = None,
) -> Report:
    """Write the city's identified victims' records to `out` in `standard`'s layout, k-anonymised,
    with the report beside it (`out` + `.json`). Refuses to overwrite either."""
    from ._workbench import connect

    if standard not in STANDARDS:
        raise unknown_value(UsageError, "format", standard, STANDARDS)
    if place not in PLACE_LEVELS:
        raise unknown_value(UsageError, "place level", place, PLACE_LEVELS)
    check_k(k)
    out = Path(out)
    sidecar = out.with_name(out.name + ".json")
    for path in (out, sidecar):
        if path.exists():
            raise UsageError(f"{path} exists: an export never overwrites a file; name another")
    first, last = years or (1900, 2999)
    with connect(db_path, mode="internal") as db:
        count = int(db.sql("SELECT count(*) AS n FROM victims")["n"].iloc[0])
        db.row_cap = max(count, 1)
        frame = db.sql(VICTIMS_SQL, statuses=list(STATUSES), first=first, last=last)
    records = [
        {
            **row,
            "exploitation": list(row["exploitation"] if row["exploitation"] is not None else ()),
            "means_of_control": list(row["means_of_control"] if row["means_of_control"] is not None else ()),
            "reception_date": _as_date(row["reception_date"]),
        }
        for row in frame.to_dict("records")
    ]
    rows, report = anonymise(standard, records, k, place)
    report.file, report.years = str(out), years
    report.made = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    out.parent.mkdir(parents=True, exist_ok=True)
    create_private(out)  # record-level data: owner-only
    with out.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel reads it as UTF-8
        handle.write(render(standard, rows))
    create_private(sidecar)
    sidecar.write_text(json.dumps(asdict(report), ensure_ascii=False, indent=2), encoding="utf-8")
    return report


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
