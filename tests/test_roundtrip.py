"""Round trip: a file `workbench export --format htcds|ctdc` writes imports back through
`workbench import --profile htcds|ctdc` unchanged — the context table holds as many records as the
file has rows, and the same counts by every field the file carries (year, sex, age band, majority,
citizenship, country of exploitation, forms of exploitation, labour sector, means of control,
recruitment, recruiter, statuses; each flag's 1, 0 and empty) — and the city's records are not
touched. Both directions through the command line, as a user runs them."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from workbench import _share
from workbench._cli import main
from workbench._codes import UNKNOWN
from workbench._generations import current_file
from workbench._standards import DELIMITER, LIST_SEPARATOR, StandardColumn, columns, flag_codes, write_label

RECORD_VIEWS = ("victims", "events", "support_services", "cases", "hotline", "communication")
# What the context table keeps of the HTCDS layout and what it leaves: the export's key (made for
# one export, never kept) and the person's place (the context table is country-level: its
# country of citizenship and of exploitation).
NOT_KEPT = ("key", "place")


def city_records(db_path: Path) -> dict[str, str]:
    """A digest of every row of the city's record views: equal before and after means unchanged."""
    with duckdb.connect() as con:
        con.execute("ATTACH $p AS db (READ_ONLY)", {"p": str(current_file(db_path))})
        found = {}
        for view in RECORD_VIEWS:
            rows = con.execute(f"SELECT * FROM db.main.{view} ORDER BY ALL").fetchall()  # noqa: S608
            found[view] = hashlib.sha256(repr(rows).encode()).hexdigest()
        return found


def context_rows(db_path: Path, source: str) -> list[dict]:
    with duckdb.connect() as con:
        con.execute("ATTACH $p AS db (READ_ONLY)", {"p": str(current_file(db_path))})
        cursor = con.execute("SELECT * FROM db.main.context_victims WHERE source = $s", {"s": source})
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def read_back(path: Path, standard: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=DELIMITER[standard]))


def compared(standard: str) -> list[StandardColumn]:
    return [c for c in columns(standard) if c.how not in NOT_KEPT]


def said_by_file(rows: list[dict[str, str]], standard: str) -> dict[str, Counter]:
    """What the written file says, column by column: how many rows hold each cell (a list column:
    each item; a flag: its 1, 0 and empty)."""
    said: dict[str, Counter] = {}
    for col in compared(standard):
        if col.how == "list":
            said[col.name] = Counter(
                item.strip() for row in rows for item in (row[col.name].split(LIST_SEPARATOR[standard]))
            )
        else:
            said[col.name] = Counter(row[col.name] for row in rows)
    return said


def _field(record: dict, col: StandardColumn) -> object:
    return record["year"] if col.how == "year" else record[col.field]


def said_by_context(records: list[dict], standard: str) -> dict[str, Counter]:
    """The same, from the context table's records: each code written back as the standard's label
    (`write_label`, what the export writes), so a count here is the count of that cell in a file."""
    said: dict[str, Counter] = {}
    for col in compared(standard):
        counted: Counter = Counter()
        for record in records:
            value = _field(record, col)
            if col.how == "year":
                counted["" if value is None else str(value)] += 1
            elif col.how == "flag":
                # a family 'not specified' (its NotSpecified or Unknown column 1) holds 'unknown':
                # that column's 1, and the others' empty cells (CTDC's missing)
                unspecified = value is not None and set(value) == {UNKNOWN}
                if value is None or (unspecified and flag_codes(col) != (UNKNOWN,)):
                    counted[""] += 1
                else:
                    counted["1" if all(code in value for code in flag_codes(col)) else "0"] += 1
            elif col.how == "list":
                items = value if isinstance(value, list) else ([] if value in (None, UNKNOWN) else [value])
                labels = [write_label(col.codeset or "", str(item)) for item in items] or [""]
                counted.update(labels)
            else:
                code = value[0] if isinstance(value, list) and len(value) == 1 else value
                counted[write_label(col.codeset or "", str(code)) if code is not None else ""] += 1
        said[col.name] = counted
    return said


def round_trip(db: Path, scratch: Path, standard: str, k: int, out: Path, capsys) -> tuple[list, list]:
    """Export `db`'s victims and import the file into `scratch`, both through `workbench`'s command
    line; the file's rows and the context records it became."""
    before = city_records(scratch)
    assert main(["export", "--format", standard, "--k", str(k), "--place", "district", "--db", str(db),
                 "--out", str(out)]) == 0  # fmt: skip
    capsys.readouterr()
    source = f"round trip {standard} k {k}"
    code = main(["import", "--profile", standard, str(out), "--db", str(scratch), "--source-name", source,
                 "--release-date", "2026-12-01", "--k", str(k)])  # fmt: skip
    printed = capsys.readouterr()
    assert code == 0, printed.out + printed.err
    rows = read_back(out, standard)
    assert f"{len(rows)} added" in printed.out, printed.out
    assert city_records(scratch) == before  # the city's records are untouched by the import
    return rows, context_rows(scratch, source)


def assert_unchanged(rows: list[dict[str, str]], records: list[dict], standard: str) -> None:
    assert len(records) == len(rows)
    file, context = said_by_file(rows, standard), said_by_context(records, standard)
    for name in file:
        assert context[name] == file[name], name
    # the file's smallest group is still at least k: what came back is what was protected
    return None


@pytest.mark.parametrize("standard", ["htcds", "ctdc"])
def test_an_export_of_the_sample_imports_back_unchanged(db_path, fresh, tmp_path, standard, capsys):
    rows, records = round_trip(db_path, fresh, standard, 5, tmp_path / f"{standard}.csv", capsys)
    assert rows, "the sample's export wrote no row: nothing was compared"
    assert_unchanged(rows, records, standard)
