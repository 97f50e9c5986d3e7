"""The database schema, declared once: tables, columns, types and the value set of each coded field.

Every identifier that ever reaches SQL text comes from here, through `quote_identifier`.
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA_VERSION = 2


def quote_identifier(name: str) -> str:
    """The only way a table or column name enters SQL text: double-quoted, quotes doubled."""
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    sql_type: str  # DuckDB type
    codeset: str | None = None  # value set from _codes.CODESETS
    required: bool = True
    multi: bool = False  # several codes, ';'-separated in files, a VARCHAR[] in the database
    minimum: int | None = None


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    file: str  # CSV file name under data/sample (and in import batches)
    columns: tuple[Column, ...]
    key: str  # natural key column
    # The date that decides which administrative units a record may name (see _units.REFORM_DATE).
    date_column: str | None = None
    # A link table's key is a pair: the second column beside `key` (case_victims: case and victim).
    key_with: str | None = None

    @property
    def key_columns(self) -> tuple[str, ...]:
        return (self.key,) if self.key_with is None else (self.key, self.key_with)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def dated_by(self) -> str | None:
        """The date a record's bodies (organiser, referring body, provider) must have existed on."""
        return self.date_column or next((c.name for c in self.columns if c.sql_type == "DATE"), None)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


EVENTS = Table(
    name="events",
    file="events.csv",
    key="event_id",
    columns=(
        Column("event_id", "VARCHAR"),
        Column("event_date", "DATE"),
        # Before 1 July 2025 the district; from then on empty (districts were abolished).
        Column("district_code", "INTEGER", required=False),
        Column("organiser", "VARCHAR", codeset="organiser"),
        Column("event_type", "VARCHAR", codeset="event_type"),
        Column("topic", "VARCHAR", codeset="topic"),
        # Attendance is not counted at leaflet drives: NULL there means "not recorded", not zero.
        Column("attendees", "INTEGER", required=False, minimum=0),
        Column("leaflets", "INTEGER", minimum=0),
        # Before 1 July 2025 optionally the former commune, from then on the 2025 commune/ward
        # (required): the same code means different units on either side, see _units.
        Column("unit_code", "INTEGER", required=False),
    ),
    date_column="event_date",
)

# A victim record holds no direct identifier (name, ID-card number, phone, exact address):
# victim_id is a pseudonymous key, and place is recorded no finer than the commune/ward: the district
# before the 2025 reform (optionally the former commune), the new commune/ward from 1 July 2025.
VICTIMS = Table(
    name="victims",
    file="victims.csv",
    key="victim_id",
    columns=(
        Column("victim_id", "VARCHAR"),
        Column("reception_date", "DATE"),
        Column("district_code", "INTEGER", required=False),
        Column("sex", "VARCHAR", codeset="sex"),
        Column("age_band", "VARCHAR", codeset="age_band"),
        Column("minor_status", "VARCHAR", codeset="minor_status"),
        Column("citizenship", "VARCHAR", codeset="citizenship"),
        Column("destination", "VARCHAR", codeset="country"),
        Column("exploitation", "VARCHAR[]", codeset="exploitation", multi=True),
        Column("means_of_control", "VARCHAR[]", codeset="means_of_control", multi=True),
        Column("recruitment", "VARCHAR", codeset="recruitment"),
        Column("recruiter_relation", "VARCHAR", codeset="recruiter_relation"),
        Column("reception_channel", "VARCHAR", codeset="reception_channel"),
        Column("referring_body", "VARCHAR", codeset="referring_body"),
        Column("trafficking_status", "VARCHAR", codeset="trafficking_status"),
        Column("case_status", "VARCHAR", codeset="case_status"),
        Column("workflow_stage", "VARCHAR", codeset="workflow_stage"),
        Column("poor_household", "VARCHAR", codeset="yes_no"),
        Column("consent_data", "VARCHAR", codeset="yes_no"),
        Column("unit_code", "INTEGER", required=False),
        # The funnel's stage dates (_stages): empty where the stage was not reached (or not dated).
        Column("verified_date", "DATE", required=False),
        Column("identified_date", "DATE", required=False),
        Column("supported_date", "DATE", required=False),
        Column("reintegrated_date", "DATE", required=False),
    ),
    date_column="reception_date",
)

SUPPORT = Table(
    name="support_services",
    file="support_services.csv",
    key="service_id",
    columns=(
        Column("service_id", "VARCHAR"),
        Column("victim_id", "VARCHAR"),
        Column("support_type", "VARCHAR", codeset="support_type"),
        Column("provider", "VARCHAR", codeset="provider"),
        Column("service_date", "DATE"),
    ),
)

# A criminal case of trafficking as the police report it: a pseudonymous key (never a file number
# or anyone's name), where and when it was detected, the forms of exploitation and destination, the
# furthest stage of the proceedings, how many suspects. Place as for events and victims: the district
# before 1 July 2025, the new commune/ward from then on.
CASES = Table(
    name="cases",
    file="cases.csv",
    key="case_id",
    columns=(
        Column("case_id", "VARCHAR"),
        Column("detected_date", "DATE"),
        Column("district_code", "INTEGER", required=False),
        Column("exploitation", "VARCHAR[]", codeset="exploitation", multi=True),
        Column("destination", "VARCHAR", codeset="country"),
        Column("stage", "VARCHAR", codeset="case_stage"),
        Column("suspects", "INTEGER", minimum=0),
        Column("unit_code", "INTEGER", required=False),
    ),
    date_column="detected_date",
)

# Which victim records a case concerns: both by their pseudonymous keys, never by a name.
CASE_VICTIMS = Table(
    name="case_victims",
    file="case_victims.csv",
    key="case_id",
    key_with="victim_id",
    columns=(Column("case_id", "VARCHAR"), Column("victim_id", "VARCHAR")),
)

# A hotline contact: one call, message or visit to a line, as the line reports it. It holds no
# identifier (no phone number, name or free text): the date, the place no finer than the
# commune/ward (the same rule as events), the line, the channel, what it was about and where it
# was referred.
HOTLINE = Table(
    name="hotline",
    file="hotline.csv",
    key="contact_id",
    columns=(
        Column("contact_id", "VARCHAR"),
        Column("contact_date", "DATE"),
        Column("district_code", "INTEGER", required=False),
        Column("line", "VARCHAR", codeset="hotline_line"),
        Column("channel", "VARCHAR", codeset="contact_channel"),
        Column("topic", "VARCHAR", codeset="hotline_topic"),
        Column("referral", "VARCHAR", codeset="referral_outcome"),
        Column("unit_code", "INTEGER", required=False),
    ),
    date_column="contact_date",
)

# Online and media communication: items (posts, shares, broadcasts, articles) an organiser put out,
# shown beside awareness events and never counted as events. A record is one organiser's items of
# one medium on one day (or reported for one day: a month's posts reported on its last day);
# `items` how many, `reach` the people or views reported, empty when not reported. The place is
# where the organiser sits (the city's bodies in Ninh Kiều), not where the items were read.
COMMUNICATION = Table(
    name="communication",
    file="communication.csv",
    key="item_id",
    columns=(
        Column("item_id", "VARCHAR"),
        Column("item_date", "DATE"),
        Column("district_code", "INTEGER", required=False),
        Column("organiser", "VARCHAR", codeset="organiser"),
        Column("medium", "VARCHAR", codeset="medium"),
        Column("items", "INTEGER", minimum=1),
        Column("reach", "INTEGER", required=False, minimum=0),
        Column("unit_code", "INTEGER", required=False),
    ),
    date_column="item_date",
)

RECORD_TABLES: tuple[Table, ...] = (EVENTS, VICTIMS, SUPPORT, CASES, CASE_VICTIMS, HOTLINE, COMMUNICATION)


def create_table_sql(table: Table, schema: str) -> str:
    # No PRIMARY KEY: its index costs seconds per million rows appended, and the build checks
    # every key is unique once the rows are in (`duplicate_key_sql`), in a tenth of a second.
    columns = ", ".join(
        f"{quote_identifier(c.name)} {c.sql_type}{' NOT NULL' if c.required else ''}" for c in table.columns
    )
    return f"CREATE TABLE {quote_identifier(schema)}.{quote_identifier(table.name)} ({columns})"


def duplicate_key_sql(table: Table, schema: str, among_files: bool = False) -> str:
    """A key that two records of `table` share (no row when every key is unique); `among_files`:
    only the keys of the Parquet files `$files` (what an append added) are looked at."""
    key = ", ".join(quote_identifier(name) for name in table.key_columns)
    where = f"WHERE {key} IN (SELECT {key} FROM read_parquet($files)) " if among_files else ""  # noqa: S608
    return (
        f"SELECT {key} FROM {quote_identifier(schema)}.{quote_identifier(table.name)} {where}"  # noqa: S608 - declared names
        f"GROUP BY {key} HAVING count(*) > 1 LIMIT 1"
    )


# ---------------------------------------------------------------- context tables
# Published data of other sources (the CTDC global dataset, an HTCDS export), imported as context
# beside the city's records and never mixed with them: no person key (a row of a k-anonymised
# dataset is one record of a group of at least k alike, never a person the city can follow), a
# year instead of a date, countries instead of places. `source` names the import it came from
# (`context_sources`, one row per source, read from its batch's manifest at every build).
CONTEXT_VICTIMS = Table(
    name="context_victims",
    file="context_victims.csv",  # never a data file: context comes in through imports only
    key="source",
    key_with="source_row",
    columns=(
        Column("source", "VARCHAR"),
        Column("source_row", "INTEGER"),  # the record's line in the source file
        Column("year", "INTEGER", required=False),  # of registration: the standards publish no dates
        Column("data_source", "VARCHAR", codeset="data_source", required=False),
        Column("sex", "VARCHAR", codeset="sex", required=False),
        Column("age_band", "VARCHAR", codeset="age_band", required=False),
        Column("majority_status", "VARCHAR", codeset="majority_status", required=False),
        Column("majority_at_exploitation", "VARCHAR", codeset="majority_status", required=False),
        Column("majority_at_entry", "VARCHAR", codeset="majority_status", required=False),
        Column("citizenship", "VARCHAR", codeset="citizenship", required=False),
        Column("destination", "VARCHAR", codeset="country", required=False),  # country of exploitation
        Column("trafficking_status", "VARCHAR", codeset="trafficking_status", required=False),
        Column("case_status", "VARCHAR", codeset="case_status", required=False),
        Column("exploitation", "VARCHAR[]", codeset="exploitation", required=False, multi=True),
        Column("labour_sector", "VARCHAR[]", codeset="labour_sector", required=False, multi=True),
        Column(
            "sex_exploitation_type", "VARCHAR[]", codeset="sex_exploitation_type", required=False, multi=True
        ),
        Column("means_of_control", "VARCHAR[]", codeset="means_of_control", required=False, multi=True),
        Column("recruitment", "VARCHAR[]", codeset="recruitment", required=False, multi=True),
        Column("recruiter_relation", "VARCHAR[]", codeset="recruiter_relation", required=False, multi=True),
    ),
)

CONTEXT_TABLES: tuple[Table, ...] = (CONTEXT_VICTIMS,)

# What a context batch's manifest says of its source, and the table the build makes of them.
CONTEXT_SOURCES_SQL = (
    "CREATE TABLE store.context_sources (source VARCHAR PRIMARY KEY, profile VARCHAR, release_date DATE, "
    "k INTEGER, file VARCHAR, file_sha256 VARCHAR, batch VARCHAR, imported_at TIMESTAMP, records BIGINT, "
    "notice VARCHAR)"
)
