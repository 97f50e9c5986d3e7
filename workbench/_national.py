"""National-scale synthetic data: every pre-2025 district of Vietnam in one database file.

For trying the workbench at the size of the whole country (1M+ events, 100,000 victim records, 10M
events on request) and for the benchmarks. The records are generated inside DuckDB, in parallel,
from a hash of (row number, field, seed), so the same seed gives the same records on any machine
and the run never holds them in Python. Dates run from 2016 to 30 June 2025: every record names a
pre-reform district (national 2025 units are not in the reference data).

The file is written beside the target and published as its next generation (never half-written,
never replacing a file a notebook has open; see _generations), is never built from
`data/`, and says so in its metadata (`builder = national`): `connect()` opens it as it is.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb

from ._build import _VIEWS, IDENTITY_KEY, NATIONAL_FINGERPRINT_PREFIX, identity_for, swapped_in
from ._codes import (
    CODES_INSERT_SQL,
    CODES_TABLE_SQL,
    CODESETS,
    DATED_CODESETS,
    LISTED_FIRST,
    codes,
    codes_table_rows,
    current_body,
    entry,
)
from ._districts import districts, national_districts
from ._generate_cases import CASES_PER_VICTIM
from ._holidays import is_public_holiday
from ._private import private_dir
from ._schema import RECORD_TABLES, SCHEMA_VERSION, quote_identifier
from ._support_rules import ADDED_IN_2024, IN_FORCE, ineligible_reason
from ._units import LAST_DAY_BEFORE_REFORM

BUILDER = "national"
# Raised whenever what the generator writes changes (tables, views, pre-aggregates).
GENERATOR_VERSION = 4  # 4: criminal cases and their links to victim records
SEED = 20250730
DEFAULT_EVENTS = 1_000_000
DEFAULT_VICTIMS = 100_000
FIRST_DAY = dt.date(2016, 1, 1)
LAST_DAY = LAST_DAY_BEFORE_REFORM
# Pre-aggregates of the events (see _query.ROLLUPS): by district and month, and by district, year
# and the coded fields. Smaller tables answer the questions they cover many times faster.
ROLLUPS = {
    "events_district_month": "district_code AS place_code, year(event_date) AS year, "
    "month(event_date) AS month",
    "events_district_year": "district_code AS place_code, year(event_date) AS year, "
    "organiser, event_type, topic",
}

# u(i, salt): a uniform number in [0, 1) from the row number, a per-field salt and the seed. A hash
# rather than random(): random() in parallel threads depends on scheduling, a hash does not.
_U = "(hash(i, {salt}, $seed) % 1000000007) / 1000000007.0"


def _u(salt: int) -> str:
    return _U.format(salt=salt)


def _pick(values_param: str, salt: int) -> str:
    """One element of the bound list `values_param`, uniformly."""
    return f"${values_param}[1 + CAST(floor({_u(salt)} * len(${values_param})) AS INTEGER)]"


def _create_sql(table) -> str:
    # No primary key at this size: the generator makes keys unique by construction, and an index
    # over 10M keys costs more memory than the whole query path.
    columns = ", ".join(f"{quote_identifier(c.name)} {c.sql_type}" for c in table.columns)
    return f"CREATE TABLE store.{quote_identifier(table.name)} ({columns})"


def _district_slots() -> list[int]:
    """District codes repeated by their number of communes: a district with more communes holds
    more events (the five island districts without communes get one slot)."""
    return [d.code for d in national_districts() for _ in range(max(1, d.communes))]


def _slot_table(con: duckdb.DuckDBPyConnection) -> int:
    """The slots as a temporary table (slot -> district): joining it is several times faster
    than indexing a 10,599-element list once per row. Returns the number of slots."""
    slots = _district_slots()
    con.execute(
        "CREATE OR REPLACE TEMP TABLE slots AS "
        "SELECT unnest($codes) AS code, generate_subscripts($codes, 1) - 1 AS slot",
        {"codes": slots},
    )
    return len(slots)


def _slot(salt: int) -> str:
    """The join condition that picks a district for row i by its share of communes."""
    return f"s.slot = CAST(floor({_u(salt)} * $slots) AS INTEGER)"


def generate_national(
    db_path: str | os.PathLike,
    *,
    events: int = DEFAULT_EVENTS,
    victims: int = DEFAULT_VICTIMS,
    seed: int = SEED,
) -> Path:
    """Write a national-scale synthetic database to `db_path` and return its path."""
    db_path = Path(db_path)
    private_dir(db_path.parent)
    identity = identity_for(db_path)  # generated again over a database: the same database, revised
    with swapped_in(db_path) as con:
        con.execute("SET enable_progress_bar = false")
        con.execute("CREATE SCHEMA store")
        _reference(con)
        for table in RECORD_TABLES:
            con.execute(_create_sql(table))
        _events(con, events, seed)
        _victims(con, victims, seed)
        _cases(con, seed)
        _credit_successors(con)
        _rollup(con)
        _metadata(con, events, victims, seed, identity)
        for view in (_DISTRICTS_VIEW, *_RECORD_VIEWS, *_shared_views()):
            con.execute(view)
        for name in ROLLUPS:
            con.execute(f"CREATE VIEW main.{name} AS SELECT * FROM store.{name}")  # noqa: S608
    return db_path


_DISTRICTS_VIEW = """CREATE VIEW main.districts AS
   SELECT code AS district_code, name_vi AS district, name_ascii AS district_ascii, kind,
          commune_units_2020_2024, area_km2, population, population_year,
          population_is_estimate, population_source, province_code, province
   FROM store.districts"""


# Records name districts only (no 2025 units nationally): the views skip the units join the Cần Thơ
# build needs, which would otherwise cost a join over every event in every query.
_RECORD_VIEWS = (
    """CREATE VIEW main.events AS
       SELECT e.*, year(e.event_date) AS year, month(e.event_date) AS month,
              d.name_vi AS district, CAST(NULL AS VARCHAR) AS unit,
              e.district_code AS place_code, d.name_vi AS place
       FROM store.events e LEFT JOIN store.districts d ON d.code = e.district_code""",
    """CREATE VIEW main.victims AS
       SELECT v.*, year(v.reception_date) AS year, month(v.reception_date) AS month,
              d.name_vi AS district, CAST(NULL AS VARCHAR) AS unit,
              v.district_code AS place_code, d.name_vi AS place
       FROM store.victims v LEFT JOIN store.districts d ON d.code = v.district_code""",
)


def _shared_views() -> list[str]:
    """The Cần Thơ build's other views, unchanged (the districts and record views are replaced)."""
    replaced = ("main.districts ", "main.events ", "main.victims ")
    return [view for view in _VIEWS if not any(name in view.split("AS", 1)[0] for name in replaced)]


def _reference(con: duckdb.DuckDBPyConnection) -> None:
    """Districts with their provinces, the code lists, and empty reform tables (no 2025 units)."""
    can_tho = {d.code: d for d in districts()}
    con.execute(
        "CREATE TABLE store.districts (code INTEGER PRIMARY KEY, name_vi VARCHAR, name_ascii VARCHAR, "
        "kind VARCHAR, commune_units_2020_2024 INTEGER, area_km2 DOUBLE, population INTEGER, "
        "population_year INTEGER, population_is_estimate BOOLEAN, population_source VARCHAR, "
        "province_code INTEGER, province VARCHAR)"
    )
    con.executemany(
        "INSERT INTO store.districts VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, ?, ?)",
        [
            (
                d.code,
                can_tho[d.code].name_vi if d.code in can_tho else d.name_vi,
                d.name_ascii,
                d.kind,
                d.communes,
                d.province_code,
                d.province_vi,
            )
            for d in national_districts()
        ],
    )
    con.execute(
        "CREATE TABLE store.units (code INTEGER, name VARCHAR, level VARCHAR, kind VARCHAR, "
        "district_code INTEGER, old_province_codes VARCHAR, area_km2 DOUBLE, lat DOUBLE, lon DOUBLE, "
        "valid_from DATE, valid_to DATE)"
    )
    con.execute("CREATE TABLE store.unit_crosswalk (old_code INTEGER, new_code INTEGER)")
    # Every record names a pre-reform district: each is its own harmonised area, whole.
    con.execute(
        "CREATE TABLE store.harmonised_areas AS SELECT code, name_vi, name_ascii AS name_en, "
        "'district_2019' AS kind, CAST(row_number() OVER (ORDER BY code) - 1 AS INTEGER) AS sort_order "
        "FROM store.districts"
    )
    con.execute(
        "CREATE TABLE store.harmonisation AS SELECT code AS place_code, code AS district_code, "
        "1.0::DOUBLE AS weight, '1' AS share, 'single' AS rule FROM store.districts"
    )
    con.execute(CODES_TABLE_SQL)
    con.executemany(CODES_INSERT_SQL, codes_table_rows())


# The body columns of the record tables: (table, column, value set, the date it is judged on).
_BODY_COLUMNS = (
    ("events", "organiser", "organiser", "event_date"),
    ("victims", "referring_body", "referring_body", "reception_date"),
    ("support_services", "provider", "provider", "service_date"),
)


def _credit_successors(con: duckdb.DuckDBPyConnection) -> None:
    """A record dated after its body ended (the labour sector's bodies, 28 February 2025) is
    credited to the body that did the work then (for a support, the one that took its kind); a
    support may be dated after the districts ended, when the work had passed on again."""
    for table, column, codeset, day in _BODY_COLUMNS:
        ends = sorted({c.valid_to for c in CODESETS[codeset] if c.valid_to is not None})
        kinds = codes("support_type") if table == "support_services" else (None,)
        for member in CODESETS[codeset]:
            if member.valid_to is None:
                continue
            periods = [e for e in ends if e >= member.valid_to]  # the record's date after one...
            for start, stop in zip(periods, [*periods[1:], None], strict=True):  # ...up to the next
                for kind in kinds:
                    after = current_body(codeset, member.code, start + dt.timedelta(days=1), kind)
                    if after == member.code:
                        continue
                    where = f"{column} = $code AND {day} > $start"
                    where += f" AND {day} <= $stop" if stop else ""
                    where += " AND support_type = $kind" if kind else ""
                    values = {"after": after, "code": member.code, "start": start}
                    values |= ({"stop": stop} if stop else {}) | ({"kind": kind} if kind else {})
                    con.execute(f"UPDATE store.{table} SET {column} = $after WHERE {where}", values)  # noqa: S608


def _known(codeset: str) -> list[str]:
    """The known codes; for bodies, those that existed before the reform (national records end then)."""
    return [
        c
        for c in codes(codeset)
        if c != "unknown"
        and (codeset not in DATED_CODESETS or getattr(entry(codeset, c), "valid_from", None) is None)
    ]


def event_days() -> list[int]:
    """The days an event may fall on, as offsets from FIRST_DAY: every day but the public holidays
    (1 January, the Tết week, the Hùng Kings' day, 30 April, 1 May, 2 September; _holidays), as in
    the city's sample. Sundays keep their events."""
    days = (LAST_DAY - FIRST_DAY).days + 1
    return [n for n in range(days) if not is_public_holiday(FIRST_DAY + dt.timedelta(days=n))]


def _events(con: duckdb.DuckDBPyConnection, count: int, seed: int) -> None:
    # Leaflet drives count leaflets, not attendance; every other event counts attendance.
    con.execute(
        f"""INSERT INTO store.events
        SELECT 'QG-' || lpad(CAST(i AS VARCHAR), 8, '0') AS event_id,
               $first + {_pick("days", 1)} AS event_date,
               s.code AS district_code,
               {_pick("organisers", 3)} AS organiser,
               event_type, {_pick("topics", 5)} AS topic,
               CASE WHEN event_type = 'leaflet_drive' THEN NULL
                    ELSE 10 + CAST(floor({_u(6)} * 120) AS INTEGER) END AS attendees,
               CASE WHEN event_type = 'leaflet_drive' THEN 200 + CAST(floor({_u(7)} * 4000) AS INTEGER)
                    ELSE 0 END AS leaflets,
               NULL AS unit_code
        FROM (SELECT i, {_pick("event_types", 4)} AS event_type FROM range($count) r(i))
        JOIN slots s ON {_slot(2)}
        """,  # noqa: S608 - fixed expressions, values bound
        {
            "count": count,
            "seed": seed,
            "first": FIRST_DAY,
            "days": event_days(),
            "slots": _slot_table(con),
            "organisers": _known("organiser"),
            "event_types": _known("event_type"),
            "topics": _known("topic"),
        },
    )


# What victims are drawn from where a value set holds more than the city's records name: the
# countries Cần Thơ's victims are taken to and come back from (not all 249 of ISO 3166-1), and the
# means of control the city's case files record (not the rest of HTCDS's, which come in from
# partners). The draws are those of generator version 4 before the value sets grew.
DESTINATIONS = tuple(c for c in LISTED_FIRST if c != "VN")
MEANS_OF_CONTROL = (
    "debt_bondage",
    "takes_earnings",
    "threats",
    "psychological_abuse",
    "physical_abuse",
    "sexual_abuse",
    "false_promises",
    "restricts_movement",
    "withholds_documents",
    "excessive_hours",
)


def _victims(con: duckdb.DuckDBPyConnection, count: int, seed: int) -> None:
    days = (LAST_DAY - FIRST_DAY).days + 1
    lists = {name: _known(name) for name in ("exploitation",)}
    lists |= {"means_of_control": list(MEANS_OF_CONTROL)}
    lists |= {name: _known(name) for name in ("recruitment", "recruiter_relation", "reception_channel")}
    lists |= {name: _known(name) for name in ("referring_body", "case_status")}
    lists |= {"identified_stages": ["protection", "support", "reintegration"], "yes_no": _known("yes_no")}
    adult_bands = [b for b in _known("age_band") if b not in ("0-8", "9-17")]
    destinations = list(DESTINATIONS)
    con.execute(
        f"""INSERT INTO store.victims
        SELECT 'QGNN-' || lpad(CAST(i AS VARCHAR), 7, '0') AS victim_id,
               $first + CAST(floor({_u(11)} * $days) AS INTEGER) AS reception_date,
               s.code AS district_code,
               CASE WHEN {_u(13)} < 0.6 THEN 'female' WHEN {_u(13)} < 0.98 THEN 'male'
                    ELSE 'transgender_nonconforming' END AS sex, age_band,
               CASE WHEN age_band IN ('0-8', '9-17') THEN 'minor' ELSE 'adult' END AS minor_status,
               'VN' AS citizenship, {_pick("destinations", 15)} AS destination,
               [{_pick("exploitation", 16)}] AS exploitation,
               [{_pick("means_of_control", 17)}] AS means_of_control,
               {_pick("recruitment", 18)} AS recruitment,
               {_pick("recruiter_relation", 19)} AS recruiter_relation,
               {_pick("reception_channel", 20)} AS reception_channel,
               {_pick("referring_body", 21)} AS referring_body,
               status AS trafficking_status,
               -- The stage and the case follow the status: a person found not to be a victim
               -- leaves at verification, case closed; one being identified is in verification.
               CASE status WHEN 'actual' THEN {_pick("case_status", 23)} WHEN 'possible' THEN 'active'
                    ELSE 'closed' END AS case_status,
               CASE status WHEN 'actual' THEN {_pick("identified_stages", 24)} ELSE 'verification'
                    END AS workflow_stage,
               {_pick("yes_no", 25)} AS poor_household,
               'yes' AS consent_data,
               NULL AS unit_code,
               -- The funnel's stage dates are not drawn at national scale: counts by stage only.
               NULL AS verified_date, NULL AS identified_date, NULL AS supported_date,
               NULL AS reintegrated_date
        FROM (SELECT i, CASE WHEN {_u(14)} < 0.15 THEN '9-17' ELSE {_pick("adult_bands", 26)} END AS age_band,
                     CASE WHEN {_u(22)} < 0.85 THEN 'actual' WHEN {_u(22)} < 0.93 THEN 'possible'
                          ELSE 'not_victim' END AS status
              FROM range($count) r(i))
        JOIN slots s ON {_slot(12)}
        """,  # noqa: S608 - fixed expressions, values bound
        {"count": count, "seed": seed, "first": FIRST_DAY, "days": days, "slots": _slot_table(con)}
        | {"destinations": destinations, "adult_bands": adult_bands}
        | lists,
    )
    # One to three services per person the law supports (not those found not to be victims), from
    # reception to a year after: the supports the 2024 law added only from 1 July 2025, and to a
    # person still being identified only what art. 37 gives them (_support_rules).
    con.execute(
        f"""INSERT INTO store.support_services
        SELECT victim_id || '-' || CAST(k AS VARCHAR) AS service_id, victim_id,
               CASE WHEN service_date < $in_force THEN {_pick("support_before", 31)}
                    WHEN trafficking_status = 'possible' THEN {_pick("support_being_identified", 31)}
                    ELSE {_pick("support_types", 31)} END AS support_type,
               {_pick("providers", 32)} AS provider, service_date
        FROM (SELECT v.victim_id, v.trafficking_status, k, hash(v.victim_id, k) AS i,
                     v.reception_date + CAST(floor({_u(33)} * 365) AS INTEGER) AS service_date
              FROM store.victims v, range(3) s(k)
              WHERE v.trafficking_status <> 'not_victim'
                AND (k = 0 OR (hash(v.victim_id, k, $seed) % 3) = 0))""",  # noqa: S608 - fixed expressions
        {"seed": seed, "providers": _known("provider"), "in_force": IN_FORCE} | _support_lists(),
    )


def _support_lists() -> dict[str, list[str]]:
    """The support types as the national records may hold them: before 1 July 2025 those of the
    2011 law; from then on all of art. 37, and for people being identified (in Viet Nam) a–g."""
    every = _known("support_type")
    return {
        "support_before": [t for t in every if t not in ADDED_IN_2024],
        "support_types": every,
        "support_being_identified": [
            t for t in every if ineligible_reason(t, "possible", "VN", IN_FORCE) is None
        ],
    }


def _rollup(con: duckdb.DuckDBPyConnection) -> None:
    """The pre-aggregates: district x month totals (about 80,000 rows however many events) and
    district x year x organiser x event type x topic."""
    for name, keys in ROLLUPS.items():
        con.execute(
            f"""CREATE TABLE store.{name} AS
            SELECT {keys}, count(*) AS events, coalesce(sum(attendees), 0) AS attendees,
                   coalesce(sum(leaflets), 0) AS leaflets
            FROM store.events GROUP BY ALL ORDER BY ALL"""  # noqa: S608 - declared names
        )


def add_to_rollups(con: duckdb.DuckDBPyConnection, found: list) -> None:
    """The pre-aggregates of imported events: their own totals added as rows (every question
    sums a pre-aggregate's rows, so a group may come in several)."""
    files = [str(f) for b in found if (f := b.table_file("events")) is not None]
    if not files:
        return
    for name, keys in ROLLUPS.items():
        con.execute(
            f"""INSERT INTO store.{name}
            SELECT {keys}, count(*) AS events, coalesce(sum(attendees), 0) AS attendees,
                   coalesce(sum(leaflets), 0) AS leaflets
            FROM read_parquet($files) GROUP BY ALL""",  # noqa: S608 - declared names
            {"files": files},
        )


def _metadata(con: duckdb.DuckDBPyConnection, events: int, victims: int, seed: int, identity: str) -> None:
    con.execute("CREATE TABLE store.metadata (key VARCHAR PRIMARY KEY, value VARCHAR)")
    entries = {
        # Not a hash of data/: this file is never rebuilt from there (see _build.ensure_built).
        "fingerprint": f"{NATIONAL_FINGERPRINT_PREFIX}{events}-{victims}-{seed}-schema{SCHEMA_VERSION}",
        IDENTITY_KEY: identity,
        "builder": BUILDER,
        "generator_version": str(GENERATOR_VERSION),
        "schema_version": str(SCHEMA_VERSION),
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "synthetic": "true",
        "data_version": f"national-synthetic-{seed}",
        "generated_on": dt.date.today().isoformat(),
        "seed": str(seed),
        "events": str(events),
        "victims": str(victims),
        "description": (
            f"Synthetic national-scale records: {events:,} events and {victims:,} victim records "
            "over the 705 pre-2025 districts of Vietnam, for scale and performance testing."
        ),
    }
    con.executemany("INSERT INTO store.metadata VALUES (?, ?)", list(entries.items()))


def _cases(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    """Criminal cases as the city sample draws them (workbench/_generate_cases.py), in SQL: about
    90 a year for every 255 victims (national 2022, US TIP report 2023), each detected within 60 days
    of the one victim record it is linked to, in its district, with its destination and forms;
    1-5 suspects (mean 2.75); the stage the furthest step reached by the last day of the data."""
    con.execute(
        f"""CREATE TEMP TABLE case_anchor AS
        SELECT 'QGVA-' || lpad(CAST(row_number() OVER (ORDER BY victim_id) AS VARCHAR), 7, '0') AS case_id,
               victim_id,
               least(reception_date + CAST(floor({_u(41)} * 61) AS INTEGER), $last) AS detected_date,
               district_code, exploitation, destination, i
        FROM (SELECT *, hash(victim_id) AS i FROM store.victims WHERE trafficking_status <> 'not_victim')
        WHERE {_u(40)} < $share""",  # noqa: S608 - fixed expressions, values bound
        {"seed": seed, "last": LAST_DAY, "share": CASES_PER_VICTIM},
    )
    con.execute(
        f"""INSERT INTO store.cases
        SELECT case_id, detected_date, district_code, exploitation, destination,
               CASE WHEN {_u(42)} < 0.1 OR age < 70 THEN 'detected' WHEN age < 280 THEN 'prosecuted'
                    WHEN age < 400 THEN 'tried' ELSE 'convicted' END AS stage,
               CASE WHEN {_u(43)} < 0.15 THEN 1 WHEN {_u(43)} < 0.45 THEN 2 WHEN {_u(43)} < 0.75 THEN 3
                    WHEN {_u(43)} < 0.9 THEN 4 ELSE 5 END AS suspects,
               NULL AS unit_code
        FROM (SELECT *, $last - detected_date AS age FROM case_anchor)""",  # noqa: S608 - fixed expressions
        {"seed": seed, "last": LAST_DAY},
    )
    con.execute("INSERT INTO store.case_victims SELECT case_id, victim_id FROM case_anchor")
    con.execute("DROP TABLE case_anchor")
