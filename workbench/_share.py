"""`workbench export --format htcds|ctdc`: the city's victim records in a standard's layout, for a
partner (IOM, a donor), k-anonymised over stated quasi-identifiers.

An internal-only action: it reads victim records (an internal connection) and writes one row per
person. What protects the people in the file:

- the layout of `_standards` (year only, no date; age band, not age; no name, no file number);
- a key made for this export alone (random, never derived from the stored key: two exports of the
  same records cannot be joined on it), and the rows in a random order;
- places no finer than the recipient may have (`place`: district, province or country);
- k-anonymity over the quasi-identifiers (`QUASI_IDENTIFIERS`): every combination of their cells
  in the written file is shared by at least k rows, an empty cell counted as a value of its own.
  Only the records that need it lose detail (local suppression, `_by_pattern`): each record is
  written at the most detailed pattern of levels (age band -> majority status -> withheld;
  district -> province -> country -> withheld; year, sex and countries -> withheld) at which at
  least k of the records not yet placed share their cells; the legal global recodings (age band
  to majority status, a coarser place, for everyone) are tried first and kept where they withhold
  fewer cells; the few records still in a group under k are left out (at most
  `SUPPRESSION_SHARE` of them when their group can be completed instead). Every value written is
  one the standard itself defines (a year, an ISO 3166-1 code, one of its values, or its empty
  "not known"): a programme period or a UN sub-region is no value of its columns, and a file
  holding one would not read back as the standard.

A report (`Report`) says what was generalised and left out and the smallest group written; it is
printed and written beside the file (`.json`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import os
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import cast

from ._cellsafe import neutralise
from ._codes import UNKNOWN
from ._districts import district_name
from ._error_words import error_text
from ._errors import StoreError, UsageError, unknown_value
from ._private import PRIVATE_FILE, private_dir
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
from ._text import format_number
from ._words import command_text

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
# Every quasi-identifier at its finest level (the place at district).
LADDERS_FINEST = {qi: ladder[0] for qi, ladder in LADDERS.items()}

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
    levels: dict[str, str]  # each quasi-identifier's level for every record (the global recoding)
    steps: list[str] = field(default_factory=list)  # the global recodings taken
    quasi_identifiers: dict[str, list[str]] = field(default_factory=dict)
    # cells withheld (empty in the file where the record has a value), per quasi-identifier column,
    # in the rows written; and how many rows hold a quasi-identifier one middle step coarser than
    # `levels` (age band -> majority status, a place a level up) by local recoding
    withheld: dict[str, int] = field(default_factory=dict)
    generalised: dict[str, int] = field(default_factory=dict)
    years: tuple[int, int] | None = None
    why_empty: str = ""  # when no record was selected: why
    # the same in words (`_words.COMMAND_WORDS` key and fields), for `text` in either language;
    # not written to the file's report
    why_words: tuple[str, dict[str, object]] | None = None
    made: str = ""
    internal_only: str = (
        "Record-level victim data: an internal action. Send the file only to a recipient under a "
        "data-sharing agreement, by a protected channel; never publish it."
    )

    def text(self, lang: str = "en") -> str:
        """What the export did, as `workbench export` prints it, in `lang` ('vi' or 'en'); counts
        written as the language writes them."""

        def say(key: str, **fields: object) -> str:
            return command_text(key, lang, **fields)

        def number(n: int) -> str:
            return format_number(n, lang=lang)

        lines = [
            say(
                "export_wrote",
                written=number(self.written),
                records=number(self.records),
                format=self.format.upper(),
                file=self.file,
            )
        ]
        if self.why_empty:
            why = why_text(self.why_words, lang) if self.why_words else self.why_empty
            lines.append(say("export_none_selected", why=why))
        elif self.written == 0:
            lines.append(say("export_fewer_than_k", k=self.k))
        smallest = number(self.smallest_group) if self.smallest_group is not None else say("export_no_row")
        lines += [
            say("export_k", k=self.k, qis=", ".join(self.quasi_identifiers), smallest=smallest),
            say("export_levels", levels=", ".join(f"{qi} {level}" for qi, level in self.levels.items())),
        ]
        if self.steps:
            steps = [
                say("export_step", qi=qi, finest=finest, level=level)
                for qi, finest, level in self.recodings()
            ]
            lines.append(say("export_recoding", steps="; ".join(steps)))
        cells = {c: n for c, n in self.withheld.items() if n}
        listed = (
            ", ".join(f"{c} {number(n)}" for c, n in cells.items()) if cells else say("export_withheld_none")
        )
        lines.append(say("export_withheld", cells=listed))
        if self.generalised:
            counts = ", ".join(f"{qi} {number(n)}" for qi, n in self.generalised.items())
            lines.append(say("export_generalised", counts=counts))
        if self.suppressed:
            lines.append(say("export_left_out", n=number(self.suppressed), k=self.k))
        lines.append(say("export_keys"))
        return "\n".join(lines)

    def recodings(self) -> list[tuple[str, str, str]]:
        """The global recodings taken (`steps`): each quasi-identifier, its finest level, its level."""
        finest = {qi: LADDERS[qi][0] for qi in self.levels}
        if "place" in finest:
            finest["place"] = self.place
        return [(qi, finest[qi], level) for qi, level in self.levels.items() if level != finest[qi]]

    def written_report(self) -> dict[str, object]:
        """The report written beside the file (`out` + `.json`), which travels with it: what the
        file holds and how it was protected, never how many records were selected or left out (on a
        small selection those are exact victim counts below k — 4 selected, 0 written — for a
        recipient promised k-anonymity; the printed report gives them to the analyst)."""
        record = asdict(self)
        for count_of_the_records in ("why_words", "records", "suppressed", "why_empty"):
            del record[count_of_the_records]
        return record


def _usage(key: str, fields: dict[str, object], **more: object) -> UsageError:
    """A usage error with words (`_error_words`), said in the command's language by `workbench`."""
    return UsageError(error_text(key, fields, "en"), words=(key, fields), **more)  # type: ignore[arg-type]


def check_k(k: int) -> int:
    if k < MIN_K:
        fields: dict[str, object] = {"k": k, "minimum": MIN_K, "default": DEFAULT_K}
        raise _usage("export_k_small", fields, given=k, valid=[f">= {MIN_K}"])
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
    labour = _has(exploitation, "forced_labour")
    return {
        **record,
        "exploitation": exploitation,
        "means_of_control": _listed(record["means_of_control"]),
        # the labour sector says something only of forced labour: for a record without it (or
        # whose exploitation is not known) the family does not apply, every flag empty (None)
        "labour_sector": list(
            dict.fromkeys(LABOUR_SECTOR_OF[e] for e in exploitation if e in LABOUR_SECTOR_OF)
        )
        if labour
        else None,
        "sex_exploitation_type": [],
        "majority_status": _majority_of_status(record["minor_status"]),
        "majority_at_exploitation": _majority_of_band(record["age_band"]),
        "majority_at_entry": UNKNOWN,
        "data_source": "case_management",
    }


def _has(values: list[str], code: str) -> bool:
    return code in values or (code == "forced_labour" and any(v in values for v in FORCED_LABOUR_FORMS))


def _flag(col: StandardColumn, value: object) -> str:
    if value is None and col.field == "labour_sector":
        return ""  # no forced labour: the family does not apply (never a guessed "not specified")
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


# ---- k-anonymity: legal global recodings, then local suppression, then leaving out -------------
#
# Each record has its own level on each quasi-identifier's ladder (`LADDERS`); the file's cells
# are the record's values at those levels. Groups are counted on the cells as written, and an
# empty cell is a value of its own (the conservative rule): a record whose year is withheld is
# grouped only with records whose year is withheld too, never counted into a year's group it
# could belong to. So the guarantee is exactly what a reader of the file can check: every
# combination of quasi-identifier cells in it is shared by at least k rows.


@dataclass(frozen=True)
class _Plan:
    """One way to anonymise: the global levels everyone starts at, and each record's levels after
    local suppression (None: the record is left out)."""

    start: dict[str, str]
    levels: list[dict[str, str] | None]
    cost: float
    left_out: int


def _step_cost(qi: str, start: str, level: str) -> float:
    """What moving a quasi-identifier from `start` to `level` costs, in cells: 1 for withholding it,
    a share of 1 for a middle step (age band -> majority status 0.5; a place one level coarser)."""
    ladder = LADDERS[qi]
    first, at = ladder.index(start), ladder.index(level)
    return (at - first) / (len(ladder) - 1 - first) if at > first else 0.0


class _Cells:
    """Each record's quasi-identifier cells at every level, computed once."""

    def __init__(self, standard: str, records: list[dict], qis: list[str]) -> None:
        self.qis = qis
        self.cells: list[dict[str, dict[str, tuple[str, ...]]]] = []
        for record in records:
            by_qi: dict[str, dict[str, tuple[str, ...]]] = {qi: {} for qi in qis}
            for depth in range(max(len(LADDERS[qi]) for qi in qis)):
                levels = {qi: LADDERS[qi][min(depth, len(LADDERS[qi]) - 1)] for qi in qis}
                row = _cells(standard, record, levels)
                for qi in qis:
                    by_qi[qi][levels[qi]] = tuple(row[c] for c in QI_COLUMNS[standard][qi])
            self.cells.append(by_qi)

    def key(self, i: int, levels: dict[str, str]) -> tuple[tuple[str, ...], ...]:
        return tuple(self.cells[i][qi][levels[qi]] for qi in self.qis)


def _finish(cells: _Cells, start: dict[str, str], k: int, cap: int, levels: list[dict[str, str]]) -> _Plan:
    """Undo the steps not needed, then settle the records still in groups under k: left out when
    they are at most `cap`, else their group (everything withheld) completed with records from
    groups larger than k, those with least left to withhold first (left out if it cannot be)."""
    n, qis = len(cells.cells), cells.qis
    keys = [cells.key(i, levels[i]) for i in range(n)]
    sizes = Counter(keys)

    def move(i: int, qi: str, level: str) -> None:
        sizes[keys[i]] -= 1
        levels[i][qi] = level
        keys[i] = cells.key(i, levels[i])
        sizes[keys[i]] += 1

    # a record goes back down a ladder when both the group it leaves and the one it joins stay at
    # k or more (record by record, until none can)
    changed = True
    while changed:
        changed = False
        for i in range(n):
            if sizes[keys[i]] < k:
                continue
            for qi in qis:
                ladder = LADDERS[qi]
                at = ladder.index(levels[i][qi])
                if at == ladder.index(start[qi]):
                    continue
                target = cells.key(i, {**levels[i], qi: ladder[at - 1]})
                if target == keys[i]:
                    levels[i][qi] = ladder[at - 1]  # the same cells (a value not known anyway)
                    continue
                if sizes[target] + 1 >= k and (sizes[keys[i]] - 1 >= k or sizes[keys[i]] == 1):
                    move(i, qi, ladder[at - 1])
                    changed = True
    small = [i for i in range(n) if sizes[keys[i]] < k]
    final: list[dict[str, str] | None] = list(levels)
    withheld = {qi: LADDERS[qi][-1] for qi in qis}
    if small and (len(small) <= cap or len({keys[i] for i in small}) > 1):
        for i in small:
            final[i] = None
    elif small:
        # one small group, everything withheld: completed with records from groups larger than k
        spare = sorted(
            (i for i in range(n) if sizes[keys[i]] > k),
            key=lambda i: sum(_step_cost(qi, levels[i][qi], withheld[qi]) for qi in qis),
        )
        need = k - len(small)
        taken: list[int] = []
        for i in spare:
            if len(taken) == need:
                break
            if sizes[keys[i]] - 1 >= k:
                sizes[keys[i]] -= 1
                taken.append(i)
        if len(taken) == need:
            for i in taken:
                final[i] = dict(withheld)
        else:
            for i in small:
                final[i] = None
    cost = sum(sum(_step_cost(qi, start[qi], lv[qi]) for qi in qis) for lv in final if lv is not None)
    return _Plan(start=start, levels=final, cost=cost, left_out=sum(lv is None for lv in final))


def _by_pattern(cells: _Cells, start: dict[str, str], k: int, cap: int) -> _Plan:
    """Local suppression by patterns, the most detailed first: a pattern is a level for each
    quasi-identifier (at `start` or coarser); at each pattern, the records not yet placed whose
    cells at that pattern are shared by at least k of them are placed there. The records left at
    the last pattern (everything withheld), if fewer than k, are left out or their group completed,
    and the steps not needed are undone (`_finish`)."""
    n, qis = len(cells.cells), cells.qis
    ladders = [LADDERS[qi][LADDERS[qi].index(start[qi]) :] for qi in qis]
    patterns = [dict(zip(qis, combo, strict=True)) for combo in itertools.product(*ladders)]
    patterns.sort(key=lambda lv: sum(_step_cost(qi, start[qi], lv[qi]) for qi in qis))
    levels: list[dict[str, str] | None] = [None] * n
    left = list(range(n))
    for pattern in patterns:
        groups: dict[tuple, list[int]] = {}
        for i in left:
            groups.setdefault(cells.key(i, pattern), []).append(i)
        for members in groups.values():
            if len(members) >= k:
                for i in members:
                    levels[i] = dict(pattern)
        left = [i for i in left if levels[i] is None]
        if not left:
            break
    withheld = {qi: LADDERS[qi][-1] for qi in qis}
    for i in left:
        levels[i] = dict(withheld)
    return _finish(cells, start, k, cap, [lv if lv is not None else dict(withheld) for lv in levels])


def anonymise(
    standard: str, records: list[dict], k: int, place: str = "province"
) -> tuple[list[dict[str, str]], Report]:
    """The rows to write and what was done. Every legal global recoding is tried (age band or
    majority status for everyone; the place at `place` or coarser), each followed by local
    suppression (`_by_pattern`); the plan that withholds the fewest cells wins, a record left out
    costing all its quasi-identifiers (then the one leaving out fewest records, then the finest
    start). Pure: the caller writes the rows."""
    qis = [qi for qi in QUASI_IDENTIFIERS if qi in QI_COLUMNS[standard]]
    qi_columns = quasi_identifier_columns(standard)
    finest = {qi: LADDERS[qi][0] for qi in qis}
    if "place" in finest:
        finest["place"] = place
    cap = int(SUPPRESSION_SHARE * len(records))
    starts = [finest]
    if "age" in finest:
        starts += [{**s, "age": "majority"} for s in starts]
    if "place" in finest:
        coarser = LADDERS["place"][LADDERS["place"].index(place) + 1 : -1]
        starts += [{**s, "place": level} for s in list(starts) for level in coarser]
    cells = _Cells(standard, records, qis)
    plans = []
    for start in starts:
        plan = _by_pattern(cells, start, k, cap)
        # a global recoding costs its cells on every record, the local steps theirs on top
        recoded = sum(_step_cost(qi, finest[qi], start[qi]) for qi in qis) * len(records)
        plans.append(_Plan(plan.start, plan.levels, plan.cost + recoded, plan.left_out))
    if len(records) < k:  # fewer people than k: nothing can be written
        plan = _Plan(finest, [None] * len(records), float(len(records) * len(qis)), len(records))
    else:
        plan = min(plans, key=lambda p: (p.cost + p.left_out * len(qis), p.left_out, starts.index(p.start)))
    full = [_cells(standard, r, finest) for r in records]
    kept: list[dict[str, str]] = []
    withheld = Counter({c: 0 for c in qi_columns})
    generalised = Counter({qi: 0 for qi in qis})
    for record, row, lv in zip(records, full, plan.levels, strict=True):
        if lv is None:
            continue
        written = _cells(standard, record, lv)
        kept.append(written)
        for c in qi_columns:
            if row[c] != "" and written[c] == "":
                withheld[c] += 1
        for qi in qis:
            if lv[qi] not in (finest[qi], LADDERS[qi][-1]):
                generalised[qi] += 1
    final = _groups(kept, qi_columns)
    steps = [
        f"{qi} {finest[qi]} -> {plan.start[qi]} for every record (global recoding)"
        for qi in qis
        if plan.start[qi] != finest[qi]
    ]
    report = Report(
        format=standard,
        k=k,
        place=place,
        file="",
        records=len(records),
        written=len(kept),
        suppressed=plan.left_out,
        smallest_group=min(final.values()) if final else None,
        levels=dict(plan.start),
        steps=steps,
        quasi_identifiers={qi: list(QI_COLUMNS[standard][qi]) for qi in qis},
        withheld=dict(withheld),
        generalised={qi: n for qi, n in generalised.items() if n},
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


def check_years(years: tuple[int, int] | None) -> tuple[int, int] | None:
    if years is not None and years[0] > years[1]:
        first, last = years
        raise _usage(
            "export_years_backwards",
            {"first": first, "last": last},
            given=f"{first} {last}",
            valid=["FIRST <= LAST"],
            closest=f"{last} {first}",
        )
    return years


def _refuse_existing(path: Path) -> None:
    """An export writes new files only: never over a file, never through a symbolic link (a link
    to a missing file would have the records written wherever it points, with the link's target's
    folder's rules)."""
    if path.is_symlink():
        raise _usage("export_link", {"path": str(path), "target": os.readlink(path)}, given=str(path))
    if path.exists():
        raise _usage("export_exists", {"path": str(path)}, given=str(path))


def _write_new(path: Path, data: bytes) -> None:
    """Write `data` into a file that must not exist yet, created owner-only (0600) in one step:
    O_CREAT|O_EXCL|O_NOFOLLOW, so neither an existing file nor a link (even to a missing file)
    is ever written through."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags, PRIVATE_FILE)
    except FileExistsError:
        _refuse_existing(path)  # says which: a link or a file
        raise _usage("export_exists", {"path": str(path)}) from None
    except IsADirectoryError:
        raise _usage("export_folder", {"path": str(path)}) from None
    except OSError as error:
        fields: dict[str, object] = {"path": str(path), "why": str(error.strerror or error)}
        raise StoreError(
            error_text("export_cannot_create", fields, "en"), words=("export_cannot_create", fields)
        ) from None
    try:
        if hasattr(os, "fchmod"):  # the umask may have taken bits away: exactly owner-only
            os.fchmod(descriptor, PRIVATE_FILE)
        with os.fdopen(descriptor, "wb", closefd=False) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    finally:
        os.close(descriptor)


def _why_empty(db, years: tuple[int, int] | None) -> tuple[str, dict[str, object]]:
    span = db.sql(
        "SELECT min(year(reception_date)) AS first, max(year(reception_date)) AS last, count(*) AS n "
        "FROM victims WHERE list_contains($statuses, trafficking_status)",
        statuses=list(STATUSES),
    )
    n = int(span["n"].iloc[0])
    if n == 0:
        return "export_no_victim", {}
    held = f"{int(span['first'].iloc[0])}-{int(span['last'].iloc[0])}"
    asked = f"{years[0]}-{years[1]}" if years else None
    return "export_none_in_years", {"n": n, "held": held, "asked": asked}


def why_text(words: tuple[str, dict[str, object]], lang: str = "en") -> str:
    """Why no record was selected (`_why_empty`'s words) in `lang`: the count written as the
    language writes it, no years asked said as 'any year'."""
    key, fields = words
    if key == "export_none_in_years":
        n = cast("int", fields["n"])
        asked = fields["asked"] or command_text("export_any_year", lang)
        fields = {**fields, "n": format_number(n, lang=lang), "asked": asked}
    return command_text(key, lang, **fields)


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
    with the report beside it (`out` + `.json`). Refuses to overwrite either, or to write through
    a symbolic link; both are created owner-only."""
    from ._workbench import connect

    if standard not in STANDARDS:
        raise unknown_value(UsageError, "format", standard, STANDARDS)
    if place not in PLACE_LEVELS:
        raise unknown_value(UsageError, "place level", place, PLACE_LEVELS)
    check_k(k)
    check_years(years)
    out = Path(out)
    sidecar = out.with_name(out.name + ".json")
    for path in (out, sidecar):
        _refuse_existing(path)
    first, last = years or (1900, 2999)
    with connect(db_path, mode="internal") as db:
        count = int(db.sql("SELECT count(*) AS n FROM victims")["n"].iloc[0])
        db.row_cap = max(count, 1)
        frame = db.sql(VICTIMS_SQL, statuses=list(STATUSES), first=first, last=last)
        why_words = _why_empty(db, years) if frame.empty else None
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
    report.file, report.years, report.why_words = str(out), years, why_words
    report.why_empty = why_text(why_words) if why_words else ""
    report.made = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    private_dir(out.parent)
    # BOM: Excel reads it as UTF-8; record-level data: owner-only, never through a link
    _write_new(out, render(standard, rows).encode("utf-8-sig"))
    try:
        _write_new(sidecar, json.dumps(report.written_report(), ensure_ascii=False, indent=2).encode("utf-8"))
    except BaseException:
        out.unlink()  # the file was made by this export a moment ago: no file without its report
        raise
    return report


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
