"""National scale: the 705-district reference, the generator, province filters and panels."""

from __future__ import annotations

import duckdb
import pytest

import workbench as wb
from workbench._build import ensure_built
from workbench._cli import main
from workbench._districts import national_districts, provinces, resolve_national_district
from workbench._generations import current_file
from workbench._national import generate_national

EVENTS, VICTIMS = 3000, 400


@pytest.fixture(scope="module")
def national_path(tmp_path_factory):
    return generate_national(
        tmp_path_factory.mktemp("national") / "national.duckdb", events=EVENTS, victims=VICTIMS
    )


@pytest.fixture
def national(national_path):
    with wb.connect(national_path) as db:
        yield db


def _rows(path, table: str) -> list[tuple]:
    with duckdb.connect(str(current_file(path)), read_only=True) as con:
        return con.execute(f"SELECT * FROM store.{table} ORDER BY 1").fetchall()


def test_reference_holds_every_pre_2025_district():
    rows = national_districts()
    assert len(rows) == 705
    assert len({d.code for d in rows}) == 705
    assert len(provinces()) == 63
    assert sum(d.communes for d in rows) == 10_599
    assert [d.code for d in rows if d.province_code == 92] == [d.code for d in wb.districts()]


@pytest.mark.slow
def test_same_seed_same_records_other_seed_other_records(tmp_path, national_path):
    again = generate_national(tmp_path / "again.duckdb", events=EVENTS, victims=VICTIMS)
    other = generate_national(tmp_path / "other.duckdb", events=EVENTS, victims=VICTIMS, seed=7)
    for table in ("events", "victims", "support_services"):
        assert _rows(again, table) == _rows(national_path, table)
    assert _rows(other, "events") != _rows(national_path, "events")


@pytest.mark.slow
def test_national_records_follow_the_law_s_statuses_and_supports(national_path):
    """The stage follows the status, nobody found not to be a victim is supported, and every
    support is one art. 37 gives the person on its date (the 2011 law's before 1 July 2025)."""
    from workbench._support_rules import ADDED_IN_2024, ineligible_reason

    with duckdb.connect(str(current_file(national_path)), read_only=True) as con:
        stages = dict(con.execute(
            "SELECT trafficking_status, list(DISTINCT workflow_stage ORDER BY workflow_stage) "
            "FROM store.victims GROUP BY 1"
        ).fetchall())  # fmt: skip
        services = con.execute(
            "SELECT s.support_type, v.trafficking_status, v.citizenship, s.service_date "
            "FROM store.support_services s JOIN store.victims v USING (victim_id)"
        ).fetchall()
    assert stages["possible"] == stages["not_victim"] == ["verification"]
    assert set(stages["actual"]) == {"protection", "support", "reintegration"}
    assert {status for _type, status, _c, _on in services} == {"actual", "possible"}
    for support_type, status, citizenship, on in services:
        assert ineligible_reason(support_type, status, citizenship, on) is None, (support_type, status, on)
        assert on >= wb.REFORM_DATE or support_type not in ADDED_IN_2024, (support_type, on)
    assert any(on >= wb.REFORM_DATE and status == "possible" for _t, status, _c, on in services)


@pytest.mark.slow
def test_generated_records_are_valid_and_pre_reform(national_path):
    with duckdb.connect(str(current_file(national_path)), read_only=True) as con:
        count, districts, last, unknown = con.execute(
            "SELECT count(*), count(DISTINCT district_code), max(event_date), "
            "count(*) FILTER (district_code NOT IN (SELECT code FROM store.districts)) FROM store.events"
        ).fetchone()
        victims, minors_wrong = con.execute(
            "SELECT count(*), count(*) FILTER (age_band = '9-17' AND minor_status <> 'minor') "
            "FROM store.victims"
        ).fetchone()
        orphans = con.execute(
            "SELECT count(*) FROM store.support_services "
            "WHERE victim_id NOT IN (SELECT victim_id FROM store.victims)"
        ).fetchone()[0]
    assert (count, victims, unknown, minors_wrong, orphans) == (EVENTS, VICTIMS, 0, 0, 0)
    assert districts > 600  # 3,000 events over 705 districts reach most of them
    assert last < wb.REFORM_DATE


@pytest.mark.slow
def test_victims_are_drawn_from_the_city_s_countries_and_means_of_control(national_path):
    """The value sets grew (all of ISO 3166-1, all of HTCDS's means of control) for data coming in
    from partners: the generator still draws what the city's records name, not all 249 countries."""
    with duckdb.connect(str(current_file(national_path)), read_only=True) as con:
        destinations = dict(
            con.execute("SELECT destination, count(*) FROM store.victims GROUP BY 1").fetchall()
        )
        means = {
            m
            for (m,) in con.execute("SELECT DISTINCT unnest(means_of_control) FROM store.victims").fetchall()
        }
    assert set(destinations) == {"CN", "KH", "MY", "MM", "LA", "TH", "TW", "KR"}
    assert min(destinations.values()) > VICTIMS / len(destinations) / 3  # each drawn, none a trickle
    assert means == {
        "debt_bondage", "takes_earnings", "threats", "psychological_abuse", "physical_abuse",
        "sexual_abuse", "false_promises", "restricts_movement", "withholds_documents", "excessive_hours",
    }  # fmt: skip


@pytest.mark.slow
def test_connect_opens_a_national_database_as_it_is(national_path):
    before = national_path.stat().st_mtime_ns
    assert ensure_built(national_path) is False
    with wb.connect(national_path) as db:
        assert db.national
        assert db.metadata["builder"] == "national"
        assert db.sql("SELECT count(*) AS n FROM districts")["n"].iloc[0] == 705
    assert national_path.stat().st_mtime_ns == before


@pytest.mark.parametrize(
    ("given", "within", "code"),
    [
        pytest.param("Châu Thành, An Giang", (), 892, id="name-with-province"),
        pytest.param("chau thanh (tien giang)", (), 821, id="ascii-name-province-in-brackets"),
        pytest.param("Châu Thành", (93,), 933, id="name-within-province"),
        pytest.param("Ba Đình", (), 1, id="unique-name"),
        pytest.param("1", (), 1, id="code-as-text"),
        pytest.param(94, (11,), 94, id="code-94-in-dien-bien"),
    ],
)
def test_national_districts_resolve(given, within, code):
    assert resolve_national_district(given, within).code == code


@pytest.mark.parametrize(
    ("given", "message"),
    [
        pytest.param("Châu Thành", "ambiguous", id="ten-chau-thanh"),
        pytest.param("Ba Dinhh", "did you mean 'Ba Đình", id="typo"),
        pytest.param("x'); DROP TABLE events; --", "Unknown district", id="injection"),
    ],
)
def test_unresolvable_national_districts_say_why(given, message):
    with pytest.raises(wb.UnknownDistrictError, match=message):
        resolve_national_district(given)


def test_filters_take_provinces_and_their_districts():
    chosen = wb.Filters(provinces="an giang", districts=["Châu Thành", "Long Xuyên"])
    assert chosen.provinces == (89,)
    assert chosen.districts == (883, 892)
    assert "An Giang" in chosen.describe()
    # Without provinces Cần Thơ's places win: 94 stays the former Sóc Trăng area group.
    assert wb.Filters(districts=94).describe() == wb.Filters(districts="Khu vực Sóc Trăng cũ").describe()
    assert "Điện Biên Phủ" in wb.Filters(provinces=11, districts=94).describe()
    with pytest.raises(wb.UnknownDistrictError, match="Unknown province"):
        wb.Filters(provinces="Atlantis")


@pytest.mark.slow
def test_province_filter_counts_its_districts_only(national):
    by_district = national.events(provinces="An Giang", by="district", complete=True)
    an_giang = [d.code for d in national_districts() if d.province_code == 89]
    assert by_district["district_code"].tolist() == an_giang
    assert by_district.attrs["geography"] == "recorded"
    expected = national.sql(
        "SELECT count(*) AS n FROM events WHERE district_code IN (SELECT district_code FROM districts "
        "WHERE province_code = 89)"
    )["n"].iloc[0]
    assert by_district["events"].sum() == expected
    # 93 and 94 are districts of Điện Biên here, not Cần Thơ's former-province area groups.
    can_tho = national.events(provinces=92, by="district")
    assert set(can_tho["district_code"]) <= {d.code for d in wb.districts()}


@pytest.mark.slow
def test_pre_aggregates_and_raw_events_give_the_same_answer(national):
    filters = wb.Filters(provinces=[1, 79], years=(2017, 2021))
    columns = ["district_code", "year", "events", "attendees", "leaflets"]
    by_month = national.events(filters, by=["district", "year"])
    assert "events_district_month" in by_month.attrs["sql"]
    # Every organiser chosen: the same rows, from the pre-aggregate that has organisers.
    every_organiser = [c.code for c in wb.CODESETS["organiser"]]
    by_year = national.events(filters.replace(organisers=every_organiser), by=["district", "year"])
    assert "events_district_year" in by_year.attrs["sql"]
    # By month and organiser: no pre-aggregate has both, so every event is read.
    raw = national.events(filters.replace(organisers=every_organiser), by=["district", "year", "month"])
    assert "main.events r" in raw.attrs["sql"]
    raw = raw.groupby(["district_code", "year"], as_index=False)[columns[2:]].sum()
    assert by_month[columns].equals(by_year[columns])
    assert by_month[columns].reset_index(drop=True).equals(raw[columns])


@pytest.mark.slow
def test_repeated_queries_come_from_the_cache(national):
    first = national.victims(provinces=92, by="sex")
    cached = len(national._cache)
    second = national.victims(provinces=92, by="sex")
    assert len(national._cache) == cached
    assert first.equals(second)


@pytest.mark.slow
def test_panel_districts_follow_the_province(national):
    panel = wb.events_panel(national)
    assert panel.filters.provinces == (92,)
    assert [code for _, code in panel.controls["districts"].options] == [d.code for d in wb.districts()]
    panel.controls["districts"].value = (916,)
    panel.controls["provinces"].value = 89
    assert panel.controls["districts"].value == ()
    assert {code for _, code in panel.controls["districts"].options} == {
        d.code for d in national_districts() if d.province_code == 89
    }
    assert panel.filters.provinces == (89,)
    shown = panel.frames["breakdown"]["district"].tolist()
    assert "Long Xuyên" in shown and "Ninh Kiều" not in shown
    panel.set_filters(wb.Filters(provinces=1, districts=[1, 2]))
    assert panel.frames["breakdown"]["district"].tolist() == ["Ba Đình", "Hoàn Kiếm"]


@pytest.mark.slow
def test_generate_national_command(tmp_path, capsys):
    path = tmp_path / "cli.duckdb"
    assert (
        main(
            [
                "generate",
                "--national",
                "--events",
                "500",
                "--victims",
                "20",
                "--db",
                str(path),
                "--lang",
                "en",
            ]
        )
        == 0
    )
    assert "500 events" in capsys.readouterr().out
    with wb.connect(path) as db:
        assert db.events()["events"].iloc[0] == 500


@pytest.mark.slow
@pytest.mark.parametrize(
    ("relation", "column", "date", "codeset"),
    [
        pytest.param("events", "organiser", "event_date", "organiser", id="organisers"),
        pytest.param("victims", "referring_body", "reception_date", "referring_body", id="referring-bodies"),
        pytest.param("support_services", "provider", "service_date", "provider", id="providers"),
    ],
)
def test_national_records_name_only_bodies_that_existed_on_the_day(national, relation, column, date, codeset):
    # The labour sector's bodies ended on 28 February 2025; national records run to 30 June 2025.
    counts = national.sql(
        f"SELECT count(*) FILTER (WHERE r.{date} < coalesce(c.valid_from, DATE '1900-01-01') "
        f"OR r.{date} > coalesce(c.valid_to, DATE '2100-01-01')) AS wrong, "
        f"count(*) FILTER (WHERE r.{date} >= DATE '2025-03-01') AS spring "
        f"FROM {relation} r JOIN codes c ON c.codeset = $set AND c.code = r.{column}",
        set=codeset,
    )
    assert counts["spring"].iloc[0] > 0  # the months after the reorganisation are there
    assert counts["wrong"].iloc[0] == 0


@pytest.mark.slow
def test_no_national_event_falls_on_a_public_holiday(national_path):
    """As in the city's sample: no event on 1 January, in the Tết week, on the Hùng Kings' day,
    30 April, 1 May or 2 September; Sundays keep their events. The days run to 30 June 2025."""
    import datetime as dt

    from workbench._holidays import is_public_holiday
    from workbench._national import FIRST_DAY, LAST_DAY, event_days

    with duckdb.connect(str(current_file(national_path)), read_only=True) as con:
        dates = [row[0] for row in con.execute("SELECT DISTINCT event_date FROM store.events").fetchall()]
    assert len(dates) > 1000  # 3,000 events spread over the years: the check is not empty
    on_holidays = sorted(d for d in dates if is_public_holiday(d))
    assert on_holidays == [], on_holidays[:10]
    assert any(d.weekday() == 6 for d in dates)  # Sundays are not holidays
    allowed = {FIRST_DAY + dt.timedelta(days=n) for n in event_days()}
    holidays = {
        FIRST_DAY + dt.timedelta(days=n)
        for n in range((LAST_DAY - FIRST_DAY).days + 1)
        if is_public_holiday(FIRST_DAY + dt.timedelta(days=n))
    }
    assert dt.date(2024, 9, 2) in holidays and dt.date(2020, 1, 25) in holidays  # 2/9, Tết 2020
    assert not allowed & holidays and len(allowed) + len(holidays) == (LAST_DAY - FIRST_DAY).days + 1


@pytest.mark.slow
def test_cases_are_drawn_beside_the_victims_at_the_national_ratio(national):
    """About 90 cases for every 255 victims (national 2022, US TIP report 2023), each linked to one
    victim record of its district, detected within 60 days of the reception, 1-5 suspects."""
    from workbench._generate_cases import CASES_PER_VICTIM

    people = int(
        national.sql("SELECT count(*) AS n FROM victims WHERE trafficking_status <> 'not_victim'")["n"][0]
    )
    cases = national.cases()
    expected = people * CASES_PER_VICTIM  # each person a case's anchor with that chance: within 4 sd
    assert abs(int(cases["cases"][0]) - expected) < 4 * (expected * (1 - CASES_PER_VICTIM)) ** 0.5
    assert int(cases["victims_linked"][0]) == int(cases["cases"][0])
    assert 2.0 <= int(cases["suspects"][0]) / int(cases["cases"][0]) <= 3.5
    wrong = national.sql(
        "SELECT count(*) AS n FROM cases c JOIN case_victims l USING (case_id) "
        "JOIN victims v USING (victim_id) "
        "WHERE v.district_code <> c.district_code OR c.detected_date < v.reception_date "
        "OR c.detected_date > v.reception_date + 60 OR v.trafficking_status = 'not_victim'"
    )
    assert int(wrong["n"][0]) == 0
    by_stage = national.cases(by="stage")
    assert set(by_stage["stage"]) <= {"detected", "prosecuted", "tried", "convicted"}


@pytest.fixture
def national_copy(national_path, tmp_path):
    """A copy of the national database with a release register of its own."""
    from workbench._generations import copy_database

    path = tmp_path / "national.duckdb"
    copy_database(national_path, path)
    return path


@pytest.mark.slow
def test_publish_mode_lists_every_district_whatever_the_records_hold(national_copy):
    """The districts a publish-mode table lists and a filter may name were those the victim records
    name: `cases(districts=[d])` was refused exactly where d holds nobody, and a table by district
    left those out (found by an attacker). They are the 705 of the reference list now."""
    with wb.connect(national_copy, build=False) as internal:
        held = set(internal.sql("SELECT DISTINCT place_code FROM victims")["place_code"].dropna().astype(int))
    everyone = [d.code for d in national_districts()]
    empty = [d for d in everyone if d not in held]
    assert empty and held, "the sample has districts with and without victim records"
    province = next(d.province_code for d in national_districts() if d.code == empty[0])
    within = [d.code for d in national_districts() if d.province_code == province]
    with wb.connect(national_copy, build=False, mode="publish") as public:
        assert sorted(public.cases(by="district")["district_code"]) == everyone
        for district in (empty[0], sorted(held)[0]):  # answered alike
            answer = public.cases(districts=[district])
            assert list(answer.columns) == ["cases", "cases_status", "cases_display"]
        table = public.victims(provinces=(province,), by="district")
        assert sorted(table["district_code"]) == within
        # an empty district shows as a small one does: '<5' (or withheld), never left out
        shown = dict(zip(table["district_code"], table["victims_display"], strict=True))
        assert shown[empty[0]] in ("<5", "x")


@pytest.mark.slow
def test_a_dashboard_link_to_a_district_opens_its_province(national_copy):
    """A link naming a district of another province than Cần Thơ (the panel's first) raised a
    TraitError; it opens that province now, and districts of two provinces are listed as not read."""
    board = wb.dashboard(wb.connect(national_copy, build=False, mode="publish"))
    board.open_address("tab=cases&c.districts=884")
    assert board.panels["cases"].filters.provinces == (89,)  # An Giang
    assert board.panels["cases"].filters.districts == (884,)
    assert board.notice.value == ""
    board.open_address("tab=cases&c.districts=884,916")
    assert board.panels["cases"].filters.districts == ()
    assert "c.districts" in board.notice.value and "một tỉnh" in board.notice.value
