"""Hostile input never reaches SQL text, never changes the database, and the connection cannot write."""

import hashlib

import duckdb
import pytest

import workbench as wb

HOSTILE = [
    pytest.param("'; DROP TABLE events; --", id="drop-table"),
    pytest.param("916); DELETE FROM store.events; --", id="delete"),
    pytest.param("Ninh Kiều' OR '1'='1", id="or-true"),
    pytest.param("\"; ATTACH '/tmp/x.db' AS x; --", id="attach"),
    pytest.param("Ninh\u200bKiều", id="zero-width-space"),
]


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _counts(db):
    return (
        db.sql(
            "SELECT (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM victims) AS v, "
            "(SELECT count(*) FROM support_services) AS s"
        )
        .iloc[0]
        .tolist()
    )


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_district_is_a_clean_error_and_changes_nothing(db, db_path, hostile):
    before, counts = _digest(db_path), _counts(db)
    with pytest.raises(wb.UnknownDistrictError, match="Hợp lệ: "):
        db.events(districts=[hostile])
    with pytest.raises(wb.UnknownDistrictError, match="Valid: "):
        db.events(districts=[hostile], lang="en")
    with pytest.raises(wb.UnknownDistrictError):
        db.victims(wb.Filters(districts=hostile))
    assert _counts(db) == counts
    assert _digest(db_path) == before


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_values_in_ad_hoc_sql_are_only_ever_parameters(db, hostile):
    got = db.sql("SELECT count(*) AS n FROM events WHERE district = $name", name=hostile)
    assert got.loc[0, "n"] == 0
    assert _counts(db)[0] > 0


@pytest.mark.slow
@pytest.mark.parametrize(
    "statement",
    [
        pytest.param("DELETE FROM store.events", id="delete"),
        pytest.param("DROP TABLE store.events", id="drop"),
        pytest.param("INSERT INTO store.events SELECT * FROM store.events LIMIT 1", id="insert"),
        pytest.param("UPDATE store.victims SET sex = 'male'", id="update"),
        pytest.param("CREATE TABLE leak AS SELECT * FROM victims", id="create"),
    ],
)
def test_read_only_connection_cannot_write(db, db_path, statement):
    before = _digest(db_path)
    with pytest.raises(wb.WorkbenchError, match="Only SELECT"):
        db.sql(statement)
    # Under the statement check, the connection itself is read-only: the second line holds too.
    with pytest.raises(duckdb.InvalidInputException, match="read-only"):
        db._connection().execute(statement)
    assert _digest(db_path) == before


@pytest.mark.slow
@pytest.mark.parametrize(
    "statement",
    [
        pytest.param("SELECT * FROM read_csv('data/sample/victims.csv')", id="read-file"),
        pytest.param("COPY (SELECT * FROM victims) TO 'leak.csv'", id="copy-out"),
        pytest.param("ATTACH 'other.duckdb' AS other", id="attach"),
        pytest.param("INSTALL httpfs", id="install"),
        pytest.param("SET enable_external_access = true", id="unlock"),
    ],
)
def test_no_file_access_or_configuration_change_through_sql(db, statement):
    with pytest.raises(wb.WorkbenchError):
        db.sql(statement)
    with pytest.raises(duckdb.Error, match=r"disabled by configuration|configuration has been locked"):
        db._connection().execute(statement)


def test_victim_records_hold_no_direct_identifier_columns(db):
    columns = set(db.sql("SELECT * FROM victims LIMIT 0").columns)
    for identifier in ("name", "full_name", "id_card", "phone", "address", "birth_date"):
        assert identifier not in columns
