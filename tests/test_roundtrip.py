"""Round trip: a file `workbench export --format htcds|ctdc` writes imports back through
`workbench import --profile htcds|ctdc` unchanged — the context table holds as many records as the
file has rows, and the same counts by every field the file carries (year, sex, age band, majority,
citizenship, country of exploitation, forms of exploitation, labour sector, means of control,
recruitment, recruiter, statuses; each flag's 1, 0 and empty) — and the city's records are not
touched. Both directions through the command line, as a user runs them."""

from __future__ import annotations

import csv
import hashlib
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest

import workbench as wb
from workbench import _share, _workbench
from workbench._cli import main
from workbench._codes import UNKNOWN, codes
from workbench._generations import current_file
from workbench._paths import DATA_DIR
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
            rows = con.execute(f"SELECT * FROM db.main.{view} ORDER BY ALL").fetchall()
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
    """The columns compared by their counts. A flag for one part of a code (CTDC's isForcedMilitary
    and isSlaveryAndPractices, parts of 'other') is read as that code and compared row by row."""
    return [c for c in columns(standard) if c.how not in NOT_KEPT and not c.part]


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
                labels = [write_label(col.codeset or "", str(item), standard) for item in items] or [""]
                counted.update(labels)
            else:
                code = value[0] if isinstance(value, list) and len(value) == 1 else value
                counted[write_label(col.codeset or "", str(code), standard) if code is not None else ""] += 1
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


def assert_unchanged(rows: list[dict[str, str]], records: list[dict], standard: str, k: int) -> None:
    assert len(records) == len(rows)
    file, context = said_by_file(rows, standard), said_by_context(records, standard)
    assert set(context) == set(file)
    for name in file:
        assert context[name] == file[name], name
    by_line = sorted(records, key=lambda r: r["source_row"])
    assert [r["source_row"] for r in by_line] == list(range(2, len(rows) + 2))
    for col in (c for c in columns(standard) if c.part):
        for row, record in zip(rows, by_line, strict=True):
            held = record[col.field]
            allowed = ("",) if held is None else ("", "0") if col.code in held else ("0",)
            assert row[col.name] in allowed, (col.name, row[col.name], record)
    # what came back is what was protected: no combination of quasi-identifiers under k
    qi = _share.quasi_identifier_columns(standard)
    groups = Counter(tuple(row[c] for c in qi) for row in rows)
    assert not groups or min(groups.values()) >= k


def test_an_htcds_export_of_the_sample_imports_back_unchanged(db_path, fresh, tmp_path, capsys):
    rows, records = round_trip(db_path, fresh, "htcds", 5, tmp_path / "htcds.csv", capsys)
    assert rows, "the sample's export wrote no row: nothing was compared"
    assert_unchanged(rows, records, "htcds", 5)


@pytest.mark.slow  # an import (the database appended to) per case: seconds each
@pytest.mark.parametrize("k", [5, 11, 20], ids=lambda k: f"k{k}")
@pytest.mark.parametrize("standard", ["htcds", "ctdc"])
def test_exports_of_the_sample_import_back_unchanged(db_path, fresh, tmp_path, standard, k, capsys):
    rows, records = round_trip(db_path, fresh, standard, k, tmp_path / f"{standard}_{k}.csv", capsys)
    assert_unchanged(rows, records, standard, k)


# ---------------------------------------------------------------- a hostile tiny database

# Every victim received in one district, codes the standards have no value of their own for, rare
# and easily misread countries ('NA' Namibia, 'CO' Colombia), stateless, unknowns, every means of
# control at once: the values a round trip is most likely to change.
HOSTILE_FIELDS = [
    {"citizenship": "stateless", "destination": "NA", "exploitation": "forced_criminality;money_or_property"},
    {"citizenship": "unknown", "destination": "CO", "exploitation": "other"},
    {"citizenship": "NA", "destination": "unknown", "exploitation": "begging;sexual_exploitation"},
    {"citizenship": "VN", "destination": "KH", "exploitation": "unknown"},
]
ALL_MEANS = ";".join(c for c in codes("means_of_control") if c not in ("unknown",))
TINY = 14  # identified victims: enough for a group of k = 5 or 11, too few for 20


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of 14 identified victims with hostile (valid) values, and their support only."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(DATA_DIR, data)
    sample = data / "sample"
    with (sample / "victims.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, victims = reader.fieldnames or [], list(reader)
    kept = [v for v in victims if v["trafficking_status"] == "actual" and v["district_code"]][:TINY]
    for i, victim in enumerate(kept):
        victim |= HOSTILE_FIELDS[i % len(HOSTILE_FIELDS)] | {"district_code": "916"}
        victim["means_of_control"] = ALL_MEANS if i % 3 == 0 else ("unknown" if i % 3 == 1 else "other")
        victim["recruitment"] = ("social_media_zalo", "social_media_facebook", "unknown")[i % 3]
        victim["recruiter_relation"] = ("online_contact", "unknown")[i % 2]
    ids = {v["victim_id"] for v in kept}
    with (sample / "victims.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    for name in ("support_services.csv", "case_victims.csv"):
        with (sample / name).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            head, rows = reader.fieldnames or [], [r for r in reader if r["victim_id"] in ids]
        with (sample / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, head, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    path = data.parent / "db" / "workbench.duckdb"
    path.parent.mkdir()
    wb.connect(path, data_dir=data).close()
    return path


@pytest.fixture
def hostile_db(hostile_data: Path, monkeypatch) -> Path:
    """The hostile database, its data folder the one the export's connection checks it against
    (else the command would rebuild it from the repository's data)."""
    monkeypatch.setattr(_workbench, "DATA_DIR", hostile_data.parent.parent / "data")
    return hostile_data


@pytest.mark.slow  # a database built, and an import per case: seconds
@pytest.mark.parametrize("k", [5, 11, 20], ids=lambda k: f"k{k}")
@pytest.mark.parametrize("standard", ["htcds", "ctdc"])
def test_exports_of_a_hostile_tiny_database_import_back_unchanged(
    hostile_db, fresh, tmp_path, standard, k, capsys
):
    with wb.connect(hostile_db, build=False) as db:
        identified = db.sql("SELECT count(*) AS n FROM victims WHERE trafficking_status = 'actual'")
    assert int(identified["n"][0]) == TINY
    rows, records = round_trip(hostile_db, fresh, standard, k, tmp_path / f"{standard}_{k}.csv", capsys)
    assert_unchanged(rows, records, standard, k)
    if k > TINY:
        assert rows == [] and records == []  # fewer people than k: a header only, nothing imported
    else:
        assert len(rows) >= TINY - int(_share.SUPPRESSION_SHARE * TINY) - 1 or not rows
