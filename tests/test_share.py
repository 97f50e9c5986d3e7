"""`workbench export --format htcds|ctdc`: the file read back from disk holds no combination of
quasi-identifiers shared by fewer than k rows, on the sample and on hostile data; keys are new for
each export; place, date and codes as the standard lays them out; the report beside the file."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
from collections import Counter
from pathlib import Path

import pytest

import workbench as wb
from workbench import _share
from workbench._cli import main
from workbench._codes import codes
from workbench._errors import UsageError
from workbench._standards import DELIMITER, columns
from workbench._workbench import connect


def read_back(path: Path, standard: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=DELIMITER[standard]))


def smallest_group(rows: list[dict[str, str]], standard: str) -> int | None:
    qi = _share.quasi_identifier_columns(standard)
    groups = Counter(tuple(row[c] for c in qi) for row in rows)
    return min(groups.values()) if groups else None


def write(tmp_path: Path, standard: str, records: list[dict], k: int, place: str = "province") -> Path:
    rows, report = _share.anonymise(standard, records, k, place)
    path = tmp_path / f"{standard}_{k}.csv"
    path.write_text(_share.render(standard, rows), encoding="utf-8-sig", newline="")
    assert report.written == len(rows)
    return path


def record(rng: random.Random, i: int, **fixed) -> dict:
    bands = [b for b in codes("age_band") if b != "unknown"]
    record = {
        "victim_id": f"CT-{i:05d}",
        "reception_date": dt.date(rng.randint(2016, 2024), rng.randint(1, 12), rng.randint(1, 28)),
        "district_code": rng.choice([916, 917, 918, 919, 923, 924, 925, 926, 927]),
        "unit_code": None,
        "sex": rng.choice(["female", "male", "transgender_nonconforming", "unknown"]),
        "age_band": rng.choice(bands),
        "minor_status": "adult",
        "citizenship": rng.choice(["VN", "VN", "VN", "KH", "stateless", "unknown"]),
        "destination": rng.choice(["CN", "KH", "MY", "TW", "KR", "CO", "unknown"]),
        "exploitation": rng.sample(
            ["sexual_exploitation", "forced_labour", "illicit_activities", "begging"], 2
        ),
        "means_of_control": rng.sample(["debt_bondage", "threats", "uses_children"], 1),
        "recruitment": rng.choice(["job_offer", "abduction", "social_media_zalo", "unknown"]),
        "recruiter_relation": rng.choice(["family", "online_contact", "friend_neighbour", "unknown"]),
        "trafficking_status": "actual",
        "case_status": "closed",
    }
    record = {**record, **fixed}
    record["minor_status"] = "minor" if record["age_band"] in ("0-8", "9-17") else "adult"
    return record


def records(n: int, seed: int = 7, **fixed) -> list[dict]:
    rng = random.Random(seed)
    return [record(rng, i, **fixed) for i in range(n)]


HOSTILE = {
    "varied-300": records(300),
    "one-district": records(40, district_code=916, reception_date=dt.date(2019, 5, 5)),
    "one-victim": records(1),
    "zero-victims": [],
    "just-under-k": records(10, seed=3),
    "all-alike": records(25, sex="female", age_band="18-20", citizenship="VN", destination="CN"),
}


@pytest.mark.parametrize("k", [5, 11, 20])
@pytest.mark.parametrize("standard", ["htcds", "ctdc"])
@pytest.mark.parametrize("name", list(HOSTILE))
def test_no_quasi_identifier_combination_under_k_on_disk(tmp_path, name, standard, k):
    path = write(tmp_path, standard, HOSTILE[name], k)
    rows = read_back(path, standard)
    header = path.read_text(encoding="utf-8-sig").splitlines()[0].split(DELIMITER[standard])
    assert header == [c.name for c in columns(standard)]
    found = smallest_group(rows, standard)
    assert found is None or found >= k, (name, standard, k, found)
    if len(HOSTILE[name]) < k:
        assert rows == []  # fewer people than k: nothing can be written
    else:
        assert len(rows) >= (1 - _share.SUPPRESSION_SHARE) * len(HOSTILE[name]) - 1 or found is None


def test_all_alike_records_keep_their_detail(tmp_path):
    rows = read_back(write(tmp_path, "ctdc", HOSTILE["all-alike"], 11), "ctdc")
    assert len(rows) >= 11
    assert {r["gender"] for r in rows} == {"Female"}  # one group already: sex never withheld
    assert {r["ageBroad"] for r in rows} == {"18--20"}


@pytest.mark.parametrize("k", [5, 11])
@pytest.mark.parametrize("standard", ["htcds", "ctdc"])
def test_export_of_the_sample_database(db_path, tmp_path, standard, k):
    out = tmp_path / f"share_{standard}.csv"
    report = _share.export(db_path, standard, out, k=k, place="district")
    rows = read_back(out, standard)
    assert len(rows) == report.written
    found = smallest_group(rows, standard)
    assert found is None or found >= k
    assert report.smallest_group == found
    with connect(db_path) as db:
        identified = int(
            db.sql("SELECT count(*) AS n FROM victims WHERE trafficking_status = 'actual'")["n"][0]
        )
        stored = set(db.sql("SELECT victim_id FROM victims")["victim_id"])
    assert report.records == identified
    assert report.written + report.suppressed == identified
    text = out.read_text(encoding="utf-8-sig")
    assert not any(key in text for key in stored)  # no stored key in the file's bytes
    sidecar = json.loads(out.with_name(out.name + ".json").read_text(encoding="utf-8"))
    assert sidecar["k"] == k and sidecar["written"] == len(rows) and sidecar["format"] == standard
    # the report beside the file travels with it: no count of the records selected or left out
    assert not {"records", "suppressed", "why_empty"} & set(sidecar), sorted(sidecar)


def test_keys_are_new_for_each_export(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = read_back(write(tmp_path / "a", "htcds", HOSTILE["varied-300"], 5), "htcds")
    second = read_back(write(tmp_path / "b", "htcds", HOSTILE["varied-300"], 5), "htcds")
    keys_one = {r["cas_ExportId"] for r in first}
    keys_two = {r["cas_ExportId"] for r in second}
    assert len(keys_one) == len(first) and len(keys_two) == len(second)
    assert not keys_one & keys_two
    assert not {r["victim_id"] for r in HOSTILE["varied-300"]} & keys_one


def test_ctdc_has_years_only_and_no_key(tmp_path):
    rows = read_back(write(tmp_path, "ctdc", HOSTILE["varied-300"], 5), "ctdc")
    assert "cas_ExportId" not in rows[0]
    for row in rows:
        year = row["yearOfRegistration"]
        assert year == "" or (year.isdigit() and len(year) == 4)  # a year or withheld: never a period


@pytest.mark.parametrize(
    ("place", "finest"),
    [("district", "prs_MailingCity"), ("province", "prs_MailingState"), ("country", "prs_MailingCountry")],
)
def test_place_is_never_finer_than_allowed(tmp_path, place, finest):
    rows = read_back(write(tmp_path, "htcds", HOSTILE["one-district"], 5, place), "htcds")
    order = ["prs_MailingCountry", "prs_MailingState", "prs_MailingCity"]
    for row in rows:
        for finer in order[order.index(finest) + 1 :]:
            assert row[finer] == ""


def test_cells_are_safe_in_a_spreadsheet():
    rows = [{c.name: '=HYPERLINK("http://x")' for c in columns("htcds")}]
    text = _share.render("htcds", rows)
    body = next(csv.reader(text.splitlines()[1:]))
    assert all(cell.startswith("'=") or cell.startswith("X") for cell in body)


@pytest.mark.parametrize("k", [-1, 0, 1, 2, 4], ids=str)
def test_k_under_the_floor_is_refused(db_path, tmp_path, k, capsys):
    with pytest.raises(UsageError):
        _share.export(db_path, "ctdc", tmp_path / "x.csv", k=k)
    code = main(
        [
            "export",
            "--format",
            "ctdc",
            "--k",
            str(k),
            "--db",
            str(db_path),
            "--out",
            str(tmp_path / "y.csv"),
            "--lang",
            "en",
        ]
    )
    assert code == 2
    assert "too small" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "y.csv").exists()


def test_the_command_prints_and_writes_the_report_and_never_overwrites(db_path, tmp_path, capsys):
    out = tmp_path / "iom.csv"
    assert main(["export", "--format", "htcds", "--db", str(db_path), "--out", str(out), "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "internal" in printed and "k = 11" in printed and "smallest group" in printed
    assert out.exists() and (tmp_path / "iom.csv.json").exists()
    before = out.read_bytes()
    assert main(["export", "--format", "htcds", "--db", str(db_path), "--out", str(out), "--lang", "en"]) == 2
    assert "never overwrites" in capsys.readouterr().err
    assert out.read_bytes() == before


def test_ad_hoc_sql_returns_every_row_of_a_filtered_query_under_the_cap(db_path):
    """The export reads through db.sql: a filtered scan fills its vectors in part, and the cap's
    one chunk once returned 6 of 60 rows without a warning."""
    with connect(db_path) as db:
        expected = int(
            db.sql("SELECT count(*) AS n FROM victims WHERE trafficking_status = 'actual'")["n"][0]
        )
        db.row_cap = expected
        frame = db.sql("SELECT victim_id FROM victims WHERE trafficking_status = 'actual'")
    assert len(frame) == expected and not frame.attrs["truncated"]


# ---------------------------------------------------------------- local suppression


def qi_cells_filled(rows: list[dict[str, str]], standard: str) -> Counter:
    """How many rows hold a value (not empty) in each quasi-identifier column."""
    return Counter(c for row in rows for c in _share.quasi_identifier_columns(standard) if row[c])


@pytest.mark.parametrize("k", [5, 11], ids=lambda k: f"k{k}")
@pytest.mark.parametrize("standard", ["htcds", "ctdc"])
def test_the_sample_keeps_year_and_country_for_some_records(db_path, tmp_path, standard, k):
    """Only the records in small groups lose detail: on the sample (60 identified victims) some rows
    keep their year or their country of exploitation (the global rule withheld both for all)."""
    out = tmp_path / f"{standard}.csv"
    report = _share.export(db_path, standard, out, k=k, place="district")
    rows = read_back(out, standard)
    filled = qi_cells_filled(rows, standard)
    year = "yearOfRegistration" if standard == "ctdc" else "cas_YearOfRegistration"
    country = "CountryOfExploitation" if standard == "ctdc" else "vic_LocationOfExploitation"
    if k == 5:
        assert filled[year] >= k and filled[country] >= k, filled
    else:  # 60 people, k = 11: fewest cells withheld keeps the year (2016's group), not the country
        assert filled[year] >= k or filled[country] >= k, filled
    assert smallest_group(rows, standard) >= k
    assert report.suppressed <= int(_share.SUPPRESSION_SHARE * report.records)
    # the report counts what the file shows: cells withheld are empty in the file
    for column, withheld in report.withheld.items():
        assert filled[column] <= len(rows) - withheld


def test_an_empty_cell_is_a_value_of_its_own():
    """A record whose year is withheld is never counted into a year's group: groups are counted on
    the cells as written, the empty cell included."""
    alike = dict(sex="female", age_band="18-20", citizenship="VN", destination="CN", district_code=916)
    same_year = records(6, reception_date=dt.date(2019, 1, 1), **alike)
    other_years = records(4, seed=9, **alike)
    for i, r in enumerate(other_years):
        r["reception_date"] = dt.date(2016 + i, 1, 1)
    rows, _ = _share.anonymise("ctdc", same_year + other_years, 5)
    groups = Counter(tuple(r[c] for c in _share.quasi_identifier_columns("ctdc")) for r in rows)
    assert min(groups.values()) >= 5
    years = Counter(r["yearOfRegistration"] for r in rows)
    assert years["2019"] >= 5 and (years[""] == 0 or years[""] >= 5), years


def test_labour_not_specified_only_for_forced_labour():
    base = records(1)[0]
    cases = {
        "sexual": (["sexual_exploitation"], ""),
        "marriage": (["forced_marriage"], ""),
        "unknown": ([], ""),
        "labour-no-sector": (["forced_labour"], "1"),
        "scam": (["illicit_activities"], "0"),
    }
    for name, (exploitation, expected) in cases.items():
        row = _share._cells("ctdc", {**base, "exploitation": exploitation}, _share.LADDERS_FINEST)
        assert row["typeOfLabourNotSpecified"] == expected, name
        if expected != "0":
            assert row["typeOfLabourIllicitActivities"] == "", name
    scam = _share._cells("ctdc", {**base, "exploitation": ["illicit_activities"]}, _share.LADDERS_FINEST)
    assert scam["typeOfLabourIllicitActivities"] == "1"
    assert scam["typeOfLabourConcatenated"] == "Illicit activities"


# ---------------------------------------------------------------- the files written


def test_a_symbolic_link_is_never_written_through(db_path, tmp_path, capsys):
    target = tmp_path / "elsewhere" / "target_missing.csv"
    target.parent.mkdir()
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    code = main(["export", "--format", "ctdc", "--db", str(db_path), "--out", str(link), "--lang", "en"])
    assert code == 2
    assert "symbolic link" in capsys.readouterr().err
    assert not target.exists() and not list(target.parent.iterdir())
    # a link where the report goes is refused as well, before anything is written
    out = tmp_path / "plain.csv"
    (tmp_path / "plain.csv.json").symlink_to(target)
    assert main(["export", "--format", "ctdc", "--db", str(db_path), "--out", str(out)]) == 2
    assert not out.exists() and not target.exists()


def test_the_file_and_its_report_are_owner_only(db_path, tmp_path):
    if not hasattr(os, "fchmod"):
        pytest.skip("permission bits are the folder's ACL on Windows")
    out = tmp_path / "new" / "share.csv"
    old = os.umask(0o022)  # a usual umask: files would be -rw-r--r--
    try:
        _share.export(db_path, "htcds", out, k=5)
    finally:
        os.umask(old)
    for path in (out, out.with_name(out.name + ".json")):
        assert path.stat().st_mode & 0o777 == 0o600, path


@pytest.mark.parametrize(
    ("years", "named"),
    [(["2024", "2016"], "--years 2024 2016"), (["2020", "2019"], "did you mean --years 2019 2020")],
    ids=["reversed", "suggests-order"],
)
def test_reversed_years_are_a_usage_error(db_path, tmp_path, capsys, years, named):
    out = tmp_path / "x.csv"
    assert (
        main(
            [
                "export",
                "--format",
                "htcds",
                "--years",
                *years,
                "--db",
                str(db_path),
                "--out",
                str(out),
                "--lang",
                "en",
            ]
        )
        == 2
    )
    assert named in capsys.readouterr().err
    assert not out.exists()


def test_years_with_no_victim_say_so(db_path, tmp_path, capsys):
    out = tmp_path / "none.csv"
    code = main(
        [
            "export",
            "--format",
            "ctdc",
            "--years",
            "2030",
            "2031",
            "--db",
            str(db_path),
            "--out",
            str(out),
            "--lang",
            "en",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "0 records selected" in printed and "2030-2031" in printed and "header only" in printed
    assert read_back(out, "ctdc") == []


def test_the_report_beside_a_small_years_file_holds_no_count_of_its_victims(db_path, tmp_path, capsys):
    """Found by an outside attacker: `export --years 2019 2019` wrote no row (4 victims, fewer than
    k = 11 sharing their cells) and `FILE.json` beside the file said `records: 4`, `suppressed: 4`
    — an exact count below k for the recipient. The printed report, for the analyst, says it."""
    with wb.connect(db_path) as db:
        selected = int(db.victims(years=(2019, 2019), trafficking_statuses="actual")["victims"].sum())
    assert 0 < selected < 11
    out = tmp_path / "y2019.csv"
    argv = ["export", "--format", "ctdc", "--years", "2019", "2019", "--db", str(db_path), "--out", str(out)]
    assert main([*argv, "--lang", "en"]) == 0
    assert f"of {selected} victim record(s)" in capsys.readouterr().out
    beside = out.with_name(out.name + ".json").read_text(encoding="utf-8")
    record = json.loads(beside)
    assert record["written"] == len(read_back(out, "ctdc")) == 0
    assert not {"records", "suppressed", "why_empty"} & set(record), sorted(record)
    assert f": {selected}," not in beside and f": {selected}\n" not in beside, beside


@pytest.mark.parametrize("standard", ["htcds", "ctdc"])
def test_every_value_written_is_one_the_standard_defines(tmp_path, standard):
    from workbench._standards import CTDC_VALUES, HTCDS_PICKLISTS, LIST_SEPARATOR

    defined = HTCDS_PICKLISTS if standard == "htcds" else CTDC_VALUES
    rows = read_back(write(tmp_path, standard, HOSTILE["varied-300"], 5), standard)
    for column, values in defined.items():
        for row in rows:
            for item in filter(None, row[column].split(LIST_SEPARATOR[standard])):
                assert item in values, (column, item)
