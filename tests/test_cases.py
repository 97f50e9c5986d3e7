"""Criminal cases of trafficking (the police's figures): the sample, the counts, publish mode, import.

The counts are checked against the sample files read with the csv module (not through the
workbench); publish mode against what it returns (no exact count of cases below k, no suspects or
linked victims at all, no case relation through SQL) and against an attacker that holds only what
was published (benchmarks/release_attacks.py's linear programmes).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter

import pytest

import workbench as wb
from benchmarks.release_attacks import AREAS, Attacker, exposed
from workbench._codes import codes
from workbench._disclosure import PUBLISHED
from workbench._error_words import said
from workbench._generate import LAST_RECORD_DATE, VICTIMS_PER_YEAR
from workbench._generate_cases import CASES_PER_VICTIM, cases_per_year
from workbench._paths import DATA_DIR
from workbench._units import REFORM_DATE

SAMPLE = DATA_DIR / "sample"
K = 5


def _rows(name: str) -> list[dict]:
    with (SAMPLE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


CASES = _rows("cases.csv")
LINKS = _rows("case_victims.csv")
VICTIMS = {row["victim_id"]: row for row in _rows("victims.csv")}


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# ---------------------------------------------------------------------------------------------
# The sample: calibrated on the published figures, linked by key only


def test_the_files_hold_the_declared_columns_and_no_identifier():
    with (SAMPLE / "cases.csv").open(encoding="utf-8") as handle:
        assert handle.readline().strip().split(",") == [
            "case_id",
            "detected_date",
            "district_code",
            "exploitation",
            "destination",
            "stage",
            "suspects",
            "unit_code",
        ]
    with (SAMPLE / "case_victims.csv").open(encoding="utf-8") as handle:
        assert handle.readline().strip() == "case_id,victim_id"
    # pseudonymous keys: 16 hex digits, never a case file number or a name
    assert all(re.fullmatch(r"[0-9a-f]{16}", row["case_id"]) for row in CASES)
    assert len({row["case_id"] for row in CASES}) == len(CASES)


def test_cases_a_year_follow_the_national_ratio_of_cases_to_victims():
    per_year = Counter(_day(row["detected_date"]).year for row in CASES)
    expected = cases_per_year(VICTIMS_PER_YEAR)
    assert dict(sorted(per_year.items())) == expected
    assert pytest.approx(90 / 255) == CASES_PER_VICTIM  # US TIP report 2023: 90 cases, 255 victims
    # 2021: no victim received in Cần Thơ, and the police still detected a case
    assert VICTIMS_PER_YEAR[2021] == 0 and per_year[2021] == 1
    assert sum(per_year.values()) < 40  # a small share of the national 90 a year


def test_suspects_a_case_are_about_the_national_247_in_90():
    suspects = [int(row["suspects"]) for row in CASES]
    assert min(suspects) >= 1
    assert 2.0 <= sum(suspects) / len(suspects) <= 3.5  # national 2022: 2.74


def test_stages_progress_with_time():
    old = [r["stage"] for r in CASES if (LAST_RECORD_DATE - _day(r["detected_date"])).days > 2 * 365]
    new = [r["stage"] for r in CASES if (LAST_RECORD_DATE - _day(r["detected_date"])).days <= 365]
    assert old.count("convicted") / len(old) > new.count("convicted") / len(new)
    for row in CASES:
        age = (LAST_RECORD_DATE - _day(row["detected_date"])).days
        if age < 20:  # proceedings are instituted 20 days after detection at the earliest
            assert row["stage"] == "detected", row
        if age < 140:  # and a trial follows at least 120 days later
            assert row["stage"] in ("detected", "prosecuted"), row


def test_places_follow_the_reform():
    for row in CASES:
        before = _day(row["detected_date"]) < REFORM_DATE
        assert bool(row["district_code"]) == before and bool(row["unit_code"]) != before, row


def test_victims_are_linked_by_key_to_identified_or_possible_victims_once_each():
    linked = Counter(link["victim_id"] for link in LINKS)
    assert linked and max(linked.values()) == 1
    detected = {row["case_id"]: _day(row["detected_date"]) for row in CASES}
    for link in LINKS:
        victim = VICTIMS[link["victim_id"]]
        assert victim["trafficking_status"] != "not_victim"
        received = _day(victim["reception_date"])
        assert received.year == detected[link["case_id"]].year or received <= detected[link["case_id"]]
    # a case is detected within 60 days of its first victim's reception
    first: dict[str, dt.date] = {}
    for link in LINKS:
        received = _day(VICTIMS[link["victim_id"]]["reception_date"])
        first[link["case_id"]] = min(first.get(link["case_id"], received), received)
    for case_id, received in first.items():
        assert 0 <= (detected[case_id] - received).days <= 60


# ---------------------------------------------------------------------------------------------
# Counts in internal mode, against the files


def _expected(by: tuple[str, ...], **only) -> dict[tuple, tuple[int, int, int]]:
    links = Counter(link["case_id"] for link in LINKS)
    out: dict[tuple, list[int]] = {}
    for row in CASES:
        values = {
            "district": int(row["district_code"] or row["unit_code"]),
            "year": _day(row["detected_date"]).year,
            "stage": row["stage"],
            "destination": row["destination"],
        }
        if any(values[name] not in allowed for name, allowed in only.items()):
            continue
        cell = out.setdefault(tuple(values[d] for d in by), [0, 0, 0])
        cell[0] += 1
        cell[1] += int(row["suspects"])
        cell[2] += links[row["case_id"]]
    return {key: (a, b, c) for key, (a, b, c) in out.items()}


COUNTS = [
    pytest.param((), {}, {}, id="total"),
    pytest.param(("year",), {}, {}, id="by-year"),
    pytest.param(("stage",), {}, {}, id="by-stage"),
    pytest.param(("district", "year"), {}, {}, id="by-district-and-year"),
    pytest.param(("year", "stage"), {}, {}, id="by-year-and-stage"),
    pytest.param(("district", "year", "stage"), {}, {}, id="by-district-year-stage"),
    pytest.param(
        ("district",), {"years": (2016, 2020)}, {"year": range(2016, 2021)}, id="districts-2016-2020"
    ),
    pytest.param(
        ("year",),
        {"case_stages": ["convicted", "tried"]},
        {"stage": ("convicted", "tried")},
        id="tried-or-convicted",
    ),
    pytest.param(("stage",), {"destinations": ["KH"]}, {"destination": ("KH",)}, id="cambodia-by-stage"),
    pytest.param(
        ("year",), {"districts": ["Ninh Kiều"]}, {"district": (916,)}, id="one-district-as-recorded"
    ),
]


@pytest.mark.parametrize(("by", "fields", "only"), COUNTS)
def test_counts_by_district_year_and_stage_match_the_sample(db, by, fields, only):
    frame = db.count("cases", by=list(by), geography="recorded", **fields)
    columns = ["district_code" if d == "district" else d for d in by]
    got = {
        tuple(row[:-3]): tuple(int(v) for v in row[-3:])
        for row in frame[[*columns, "cases", "suspects", "victims_linked"]].itertuples(index=False)
    }
    expected = _expected(by, **only)
    if not by:  # a total over nothing is one row of zeros, not no row
        expected = expected or {(): (0, 0, 0)}
    assert got == expected
    assert frame.attrs["kind"] == "cases"


def test_labels_in_both_languages(db):
    vi = db.cases(by="stage", complete=True)
    en = db.cases(by="stage", complete=True, lang="en")
    assert vi["stage"].tolist() == list(codes("case_stage"))
    assert vi["stage_label"].tolist()[:4] == ["Phát hiện", "Khởi tố", "Đưa ra xét xử", "Kết án"]
    assert en["stage_label"].tolist()[:4] == [
        "Detected",
        "Prosecuted (proceedings instituted)",
        "Brought to trial",
        "Convicted",
    ]


def test_exploitation_counts_mentions_and_links_count_victims(db):
    by_form = db.cases(by="exploitation")
    forms = Counter(f for row in CASES for f in row["exploitation"].split(";"))
    assert dict(zip(by_form["exploitation"], by_form["cases"], strict=True)) == dict(forms)
    assert int(db.cases()["victims_linked"].iloc[0]) == len(LINKS)
    linked = db.sql("SELECT count(*) AS n FROM case_victims cv JOIN victims v USING (victim_id)")
    assert int(linked["n"].iloc[0]) == len(LINKS)


# ---------------------------------------------------------------------------------------------
# Publish mode


@pytest.mark.slow  # the register's audit of every table: half a minute (the year x stage table)
def test_publish_mode_releases_cases_only_and_never_an_exact_small_count(db_path):
    with wb.connect(db_path, mode="publish", build=False) as public:
        for by in ((), "year", "district", "stage", "destination", "exploitation", ["year", "stage"]):
            frame = public.count("cases", by=by)
            assert "suspects" not in frame and "victims_linked" not in frame, by
            published = frame[frame["cases_status"] == PUBLISHED]
            assert (published["cases"] >= K).all(), (by, published)
            withheld = frame[frame["cases_status"] != PUBLISHED]
            assert withheld["cases"].isna().all()
            assert set(withheld["cases_display"]) <= {"<5", "x"}
            assert frame.attrs["mode"] == "publish"
        # the all-years total is one figure big enough to publish: 23 cases
        total = public.cases()
        assert total.loc[0, "cases_status"] == PUBLISHED and int(total.loc[0, "cases"]) == len(CASES)


REFUSED = [
    pytest.param({"by": ["district", "year", "stage"]}, "at most two groupings", id="three-groupings"),
    pytest.param({"by": "month"}, "not by 'month'", id="by-month"),
    pytest.param({"by": "district", "geography": "recorded"}, "harmonised", id="recorded-units"),
    pytest.param({"by": ["stage", "exploitation"]}, "one other breakdown", id="stage-and-exploitation"),
    pytest.param(
        {"exploitation_forms": ["illicit_activities", "forced_labour"]},
        "one category at a time",
        id="two-forms-ungrouped",
    ),
    pytest.param({"districts": ["Phường Cái Khế"]}, "2025 unit", id="a-2025-unit"),
    pytest.param({"by": "suspects"}, "suspects", id="suspects-as-a-grouping"),
]


@pytest.mark.parametrize(("options", "message"), REFUSED)
def test_publish_mode_refuses_what_it_cannot_protect(db_path, options, message):
    with (
        wb.connect(db_path, mode="publish", build=False) as public,
        pytest.raises(wb.DisclosureError, match=message),
    ):
        public.count("cases", lang="en", **options)


HOSTILE_SQL = [
    pytest.param("SELECT * FROM cases", id="cases"),
    pytest.param("SELECT count(*) FROM case_victims", id="links"),
    pytest.param("SELECT * FROM main.cases WHERE stage = 'convicted'", id="qualified"),
    pytest.param("WITH t AS (SELECT * FROM cases) SELECT count(*) FROM t", id="cte"),
    pytest.param("SELECT * FROM events WHERE event_id IN (SELECT case_id FROM cases)", id="subquery"),
    pytest.param("SELECT * FROM victims v JOIN case_victims USING (victim_id)", id="join"),
]


@pytest.mark.parametrize("query", HOSTILE_SQL)
def test_publish_mode_sql_cannot_read_the_case_relations(db_path, query):
    with (
        wb.connect(db_path, mode="publish", build=False) as public,
        pytest.raises(wb.DisclosureError) as refused,
    ):
        public.sql(query)
    assert "cannot read" in said(refused.value, "en")


def test_publish_mode_sql_holds_no_case_relation_nor_reads_the_files(db_path):
    with wb.connect(db_path, mode="publish", build=False) as public:
        names = set(public.sql("SELECT table_name FROM information_schema.tables")["table_name"])
        assert not names & {"cases", "case_victims"}
        assert "events" in names
        with pytest.raises(Exception, match=r"(?i)disabled|permission|not allowed|external"):
            public.sql("SELECT * FROM read_csv_auto($path)", path=str(SAMPLE / "cases.csv"))


@pytest.mark.slow  # a dozen releases, each audited
def test_an_empty_selection_looks_exactly_like_a_small_one(internal, public):
    table = internal.cases(years=(2016, 2024), by=["district", "year"], complete=True, geography="harmonised")
    table = table[table["district_code"] > 900]
    answers: dict[bool, set] = {True: set(), False: set()}
    for district, year, value in table[["district_code", "year", "cases"]].itertuples(index=False):
        if round(value) >= K or len(answers[True]) + len(answers[False]) > 12:
            continue
        got = public.cases(districts=[int(district)], years=(int(year), int(year)))
        answers[round(value) == 0].add(
            (str(got.loc[0, "cases"]), got.loc[0, "cases_status"], got.loc[0, "cases_display"])
        )
    assert answers[True] and answers[False], "the sample holds empty and small district-years"
    assert answers[True] == answers[False] == {("<NA>", "primary", "<5")}


def _year_truth(internal, years) -> dict:
    by_year = internal.cases(years=(years[0], years[-1]), by="year", complete=True)
    return {
        (tuple(AREAS), (y,), (None,)): int(v) for y, v in zip(by_year["year"], by_year["cases"], strict=True)
    }


@pytest.mark.slow
@pytest.mark.parametrize("audit", [pytest.param(True, id="audit"), pytest.param(False, id="audit-off")])
def test_running_totals_do_not_give_a_years_cases_by_difference(set_audit, internal, public, audit):
    """2016 to each year, all districts and Ninh Kiều alone: each year's count is the difference of
    two running totals; with the register's audit none below k can be narrowed."""
    set_audit(audit)
    years = list(range(2016, 2025))
    attacker = Attacker(years=years)
    for last in years:
        attacker.read(public.cases(years=(2016, last)), ())
        attacker.read(public.cases(districts=["Ninh Kiều"], years=(2016, last)), ())
    truth = _year_truth(internal, years)
    assert any(v < K for v in truth.values())
    found = exposed(attacker, truth)
    if audit:
        assert not found, f"narrowed below k: {found[:5]}"
    else:
        assert found, "without the audit these running totals give a small count away"


@pytest.mark.slow
def test_stage_filters_and_tables_do_not_give_a_stage_by_difference(internal, public):
    """Stages through filters (one stage, all but one), tables by stage for two periods and the
    totals: no year's or period's count of one stage below k is narrowed."""
    stages = list(codes("case_stage"))
    years = list(range(2016, 2025))
    attacker = Attacker("stage", years=years, cats=stages)
    for period in ((2016, 2024), (2016, 2023), (2017, 2024)):
        attacker.read(public.cases(years=period, by="stage"), "stage")
        attacker.read(public.cases(years=period), (), "case_stages")
        for stage in stages:
            attacker.read(public.cases(years=period, case_stages=[stage]), (), "case_stages")
            others = [s for s in stages if s != stage]
            attacker.read(public.cases(years=period, case_stages=others), (), "case_stages")
    exact = internal.cases(years=(2016, 2024), by=["year", "stage"], complete=True)
    truth = {
        (tuple(AREAS), (int(y),), (s,)): int(n)
        for y, s, n in exact[["year", "stage", "cases"]].itertuples(index=False)
    }
    truth |= {
        (tuple(AREAS), tuple(years), (s,)): int(n)
        for s, n in internal.cases(years=(2016, 2024), by="stage", complete=True)[
            ["stage", "cases"]
        ].itertuples(index=False)
    }
    assert any(0 < v < K for v in truth.values())
    found = exposed(attacker, truth)
    assert not found, f"narrowed below k: {found[:5]}"


# ---------------------------------------------------------------------------------------------
# Import

HEAD = "Mã vụ án,Ngày phát hiện,Quận/Huyện,Hình thức bóc lột,Nước bị đưa đến,Giai đoạn tố tụng,Số đối tượng\n"
GOOD = HEAD + (
    "VA-2024-a81f,15/03/2024,Ninh Kiều,Ép tham gia lừa đảo trực tuyến,Campuchia,Đã khởi tố,3\n"
    "VA-2024-b27c,02/08/2024,Q. Cái Răng,Bóc lột tình dục; Cưỡng bức lao động,Việt Nam,Đưa ra xét xử,2\n"
    "VA-2025-c31d,04/09/2025,,Ép tham gia lừa đảo trực tuyến,Myanmar,phát hiện,1\n"
)


def _with_units(text: str) -> str:
    lines = text.splitlines()
    lines[0] += ",Xã/Phường"
    lines[1:] = [line + ("," if "/2025," not in line else ",Phường Cái Khế") for line in lines[1:]]
    return "\n".join(lines) + "\n"


@pytest.mark.slow  # an import and a rebuild of the database
def test_a_good_file_is_imported_and_counted(fresh, key_file, tmp_path):
    path = tmp_path / "cong_an_vu_an.csv"
    path.write_text(_with_units(GOOD), encoding="utf-8")
    before = wb.connect(fresh, build=False).cases(by="year", complete=True).set_index("year")["cases"]
    result = wb.import_files(path, db=fresh, progress=False, lang="en")  # the kind told from the headings
    assert result.ok and result.rows_added == 3, result.problems
    with wb.connect(fresh, build=False) as db:
        after = db.cases(by="year", complete=True)
        rows = db.sql(
            "SELECT case_id, district_code, unit, exploitation, destination, stage, suspects, victims_linked "
            "FROM cases WHERE case_id LIKE 'VA-%' ORDER BY case_id"
        )
    added = after.set_index("year")["cases"] - before
    assert {int(y): int(n) for y, n in added.items() if n} == {2024: 2, 2025: 1}
    assert rows["stage"].tolist() == ["prosecuted", "tried", "detected"]
    assert rows["destination"].tolist() == ["KH", "VN", "MM"]
    assert [list(x) for x in rows["exploitation"]] == [
        ["illicit_activities"],
        ["sexual_exploitation", "forced_labour"],
        ["illicit_activities"],
    ]
    assert rows["district_code"].tolist()[:2] == [916, 919]
    assert rows["unit"].tolist()[2] == "Phường Cái Khế"
    assert rows["suspects"].tolist() == [3, 2, 1]
    assert rows["victims_linked"].tolist() == [0, 0, 0]  # links are not imported (docs/importing.md)


def test_a_file_with_mistakes_is_refused_naming_file_row_and_column(fresh, key_file, tmp_path):
    path = tmp_path / "vu_an_loi.csv"
    path.write_text(
        HEAD
        + "VA-1,31/02/2024,Ninh Kiều,Bóc lột tình dục,Campuchia,Khởi tố,3\n"
        + "VA-2,02/08/2024,Ninh Kieu Q,Bóc lột tình dục,Việt Nam,Xử phạt hành chính,2\n"
        + "VA-3,02/09/2024,Cái Răng,Bóc lột tình dục,Việt Nam,Kết án,-1\n"
        + "VA-4,02/09/2025,Cái Răng,Bóc lột tình dục,Việt Nam,Kết án,2\n"
        + "VA-5,02/09/2024,Cái Răng,Bóc lột tình dục,Nguyễn Văn A,Kết án,2\n",
        encoding="utf-8",
    )
    before = int(wb.connect(fresh, build=False).cases()["cases"].iloc[0])
    result = wb.import_files(path, db=fresh, kind="cases", progress=False, lang="en")
    assert not result.ok and result.rows_added == 0
    errors = result.errors
    got = sorted(
        zip(errors["file"], errors["row"].astype(int), errors["column"], errors["problem"], strict=True)
    )
    assert got == [
        ("vu_an_loi.csv", 2, "Ngày phát hiện", "not a date: no such day on the calendar"),
        ("vu_an_loi.csv", 3, "Giai đoạn tố tụng", "unknown case stage"),
        ("vu_an_loi.csv", 3, "Quận/Huyện", "unknown district"),
        ("vu_an_loi.csv", 4, "Số đối tượng", "must be at least 0"),
        (
            "vu_an_loi.csv",
            5,
            "Quận/Huyện",
            "districts were abolished on 1 July 2025 and this record is dated 2 September 2025: leave "
            "'Quận/Huyện' empty and give the new commune/ward in 'Xã/Phường'",
        ),
        ("vu_an_loi.csv", 6, "Nước bị đưa đến", "unknown country"),
    ]
    # a case file's cells are not repeated (a name can slip under any heading): said what is expected
    assert set(errors["value"]) == {"(not shown: case record)"}
    shown = " ".join(errors["problem"]) + " ".join(errors["suggestion"])
    assert "Nguyễn Văn A" not in shown and "Xử phạt" not in shown
    assert "Khởi tố (prosecuted)" in " ".join(errors["suggestion"])
    assert int(wb.connect(fresh, build=False).cases()["cases"].iloc[0]) == before  # nothing stored


def test_a_column_of_names_in_a_case_list_is_said_and_never_stored(fresh, key_file, tmp_path):
    path = tmp_path / "co_ten.csv"
    path.write_text(
        "Mã vụ án,Họ và tên,Ngày phát hiện,Quận/Huyện,Giai đoạn tố tụng,Số đối tượng\n"
        "VA-77,Trần Văn Nghi,15/03/2023,Ninh Kiều,Khởi tố,3\n",
        encoding="utf-8",
    )
    result = wb.import_files(path, db=fresh, kind="cases", progress=False, lang="en")
    assert result.ok and result.rows_added == 1
    # and the two coded fields the list has no column for, recorded unknown (of no column)
    assert result.warnings["column"].tolist() == ["Họ và tên", "", ""]
    assert "not imported" in result.warnings["problem"].iloc[0]
    assert [p.split(":")[0] for p in result.warnings["problem"].iloc[1:]] == [
        "the file has no column 'Hình thức bóc lột' (exploitation)",
        "the file has no column 'Nước bị đưa đến' (destination)",
    ]
    assert "Nghi" not in result.problems.to_csv()
    with wb.connect(fresh, build=False) as db:
        stored = db.sql("SELECT * FROM cases WHERE case_id = 'VA-77'")
    assert len(stored) == 1 and "Nghi" not in stored.to_csv()


def test_a_file_without_a_case_key_is_refused_asking_for_one(fresh, key_file, tmp_path):
    path = tmp_path / "khong_ma.csv"
    path.write_text(
        "Ngày phát hiện,Quận/Huyện,Giai đoạn tố tụng,Số đối tượng,Hình thức bóc lột,Nước bị đưa đến\n"
        "15/03/2023,Ninh Kiều,Khởi tố,3,Bóc lột tình dục,Campuchia\n",
        encoding="utf-8",
    )
    result = wb.import_files(path, db=fresh, kind="cases", progress=False, lang="en")
    assert not result.ok
    assert result.errors["problem"].tolist() == ["no column holds the case's key"]
    assert "'Mã vụ án'" in result.errors["suggestion"].iloc[0]


@pytest.mark.slow  # an import and a rebuild of the database
def test_the_command_imports_cases_and_exits_1_on_mistakes(fresh, key_file, tmp_path, capsys):
    from workbench._cli import main

    good, bad = tmp_path / "tot.csv", tmp_path / "loi.csv"
    good.write_text(_with_units(GOOD), encoding="utf-8")
    bad.write_text(
        HEAD + "VA-9,15/03/2024,Ninh Kiều,Bóc lột tình dục,Campuchia,Khởi tố,ba\n", encoding="utf-8"
    )
    assert main(["import", "--lang", "en", "--kind", "cases", str(bad), "--db", str(fresh)]) == 1
    out = capsys.readouterr().out
    assert "loi.csv: refused" in out
    assert "loi.csv, row 2, column 'Số đối tượng': '(not shown: case record)'" in out
    assert main(["import", "--lang", "en", "--kind", "cases", str(good), "--db", str(fresh)]) == 0
    assert "tot.csv: imported — 3 added" in capsys.readouterr().out


HOSTILE_KEYS = [
    pytest.param("'; DROP TABLE store.cases; --", id="sql"),
    pytest.param('x" OR "1"="1', id="quotes"),
    pytest.param("Vụ án số 1\u200b — Cần Thơ", id="unicode"),
]


@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_hostile_keys_are_only_data(fresh, key_file, tmp_path, key):
    path = tmp_path / "hostile.csv"
    quoted = '"' + key.replace('"', '""') + '"'
    path.write_text(
        HEAD + f"{quoted},15/03/2024,Ninh Kiều,Bóc lột tình dục,Campuchia,Khởi tố,3\n", encoding="utf-8"
    )
    result = wb.import_files(path, db=fresh, kind="cases", progress=False, lang="en")
    assert result.ok, result.problems
    with wb.connect(fresh, build=False) as db:
        found = db.sql("SELECT count(*) AS n FROM cases WHERE case_id = $key", key=key.strip())
        assert int(found["n"].iloc[0]) == 1
        assert int(db.cases()["cases"].iloc[0]) == len(CASES) + 1


def test_a_key_a_spreadsheet_would_run_is_refused(fresh, key_file, tmp_path):
    path = tmp_path / "formula.csv"
    formula = '"=HYPERLINK(""http://example.invalid"")"'
    path.write_text(
        HEAD + f"{formula},15/03/2024,Ninh Kiều,Bóc lột tình dục,Campuchia,Khởi tố,3\n", encoding="utf-8"
    )
    result = wb.import_files(path, db=fresh, kind="cases", progress=False, lang="en")
    assert not result.ok
    where = result.errors[["row", "column", "value"]].to_numpy().tolist()
    assert where == [[2, "Mã vụ án", "(not shown: case record)"]]
    assert "formula" in result.errors["problem"].iloc[0]


HOSTILE_QUERIES = [
    pytest.param(
        {"case_stages": ["convicted'; DROP TABLE cases; --"]}, wb.UnknownCodeError, id="stage-value"
    ),
    pytest.param({"by": "stage; DROP TABLE cases"}, wb.UnknownFieldError, id="grouping"),
    pytest.param({"by": "suspects"}, wb.UnknownFieldError, id="a-measure-as-grouping"),
    pytest.param({"destinations": ["KH' OR '1'='1"]}, wb.UnknownCodeError, id="destination-value"),
]


@pytest.mark.parametrize(("options", "error"), HOSTILE_QUERIES)
def test_hostile_queries_are_refused_by_name(db, options, error):
    with pytest.raises(error):
        db.count("cases", **options)
    assert int(db.cases()["cases"].iloc[0]) == len(CASES)


# ---------------------------------------------------------------------------------------------
# The explorer panel and the dashboard's tab, from the declaration


def _page_html(widget) -> str:
    """Every HTML widget's text under `widget`."""
    out = [getattr(widget, "value", "")] if isinstance(getattr(widget, "value", None), str) else []
    for child in getattr(widget, "children", ()):
        out.append(_page_html(child))
    return "\n".join(out)


def test_the_panel_offers_the_declared_controls_and_measures(db):
    panel = wb.FilterPanel(db, kind="cases", lang="en")
    assert list(panel.controls) == ["districts", "years", "case_stages", "exploitation_forms", "destinations"]
    assert [v for _, v in panel.measure.options] == ["cases", "suspects", "victims_linked"]
    assert [v for _, v in panel.breakdown.options] == ["district", "stage", "exploitation", "destination"]
    panel.breakdown.value = "stage"
    panel.measure.value = "suspects"
    stages = panel.frames["breakdown"]
    assert int(stages["suspects"].sum()) == sum(int(row["suspects"]) for row in CASES)


@pytest.mark.slow  # a dashboard built twice, a publish-mode release
def test_the_dashboard_tab_is_internal_and_publishes_cases_only(db_path, tmp_path):
    with wb.connect(db_path, build=False) as db:
        board = wb.dashboard(db, export_dir=tmp_path, lang="en").open_address("lang=en&tab=cases&c.by=stage")
        assert board.tabs.titles[2] == "Cases detected (internal)"
        page = _page_html(board.totals["cases"].page)
        assert "Internal" in page  # the tab's own mark, as the victims tab has
        assert int(board.totals["cases"].frame["cases"].iloc[0]) == len(CASES)
        assert "c.by=stage" in board.query and "tab=cases" in board.query
    with wb.connect(db_path, build=False, mode="publish") as public:
        board = wb.dashboard(public, export_dir=tmp_path).open_address(
            "tab=cases&c.measure=suspects&map=suspects"
        )
        assert board.tabs.titles[2] == "Vụ việc phát hiện"
        panel = board.panels["cases"]
        assert [v for _, v in panel.measure.options] == ["cases"]  # no suspects, no victims linked
        assert panel.measure.value == "cases"
        mapped = [v for _, v in board.map_measure.options]
        assert "cases" in mapped and "suspects" not in mapped and "victims_linked" not in mapped
        for frame in panel.frames.values():
            published = frame[frame["cases_status"] == PUBLISHED]
            assert (published["cases"] >= K).all()


@pytest.mark.slow  # a release and a chart
def test_a_published_rate_chart_of_cases_marks_withheld_cells_as_cases(db_path):
    with wb.connect(db_path, mode="publish", build=False) as public:
        ax = wb.rate_chart(public.cases(by="district"), "cases", lang="en")
    marks = [t.get_text() for t in ax.texts if t.get_text().startswith("<")]
    assert marks and set(marks) == {"<5 cases: rate not published"}  # not '<5 people': a case is not a person
