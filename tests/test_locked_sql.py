"""Ad hoc SQL is locked down, and publish mode lets no victim row or small count out."""

import pytest

import workbench as wb
from workbench._errors import DisclosureError, RowCapWarning, SqlNotAllowedError
from workbench._kinds import KINDS

REFUSED = [
    pytest.param("SELECT * FROM read_csv('data/sample/victims.csv')", id="read-file"),
    pytest.param("SELECT * FROM 'data/sample/victims.csv'", id="read-file-by-name"),
    pytest.param("ATTACH 'other.duckdb' AS other", id="attach"),
    pytest.param("COPY victims TO 'leak.csv'", id="copy"),
    pytest.param("SET enable_external_access = true", id="set"),
    pytest.param("PRAGMA database_list", id="pragma"),
    pytest.param("INSTALL httpfs", id="install"),
    pytest.param("LOAD httpfs", id="load"),
    pytest.param("CREATE TABLE leak AS SELECT * FROM victims", id="create"),
    pytest.param("INSERT INTO store.events SELECT * FROM store.events", id="insert"),
    pytest.param("UPDATE store.victims SET sex = 'male'", id="update"),
    pytest.param("DELETE FROM store.events", id="delete"),
    pytest.param("DROP TABLE store.events", id="drop"),
    pytest.param("EXPORT DATABASE 'out'", id="export"),
    pytest.param("CALL pragma_version()", id="call"),
    pytest.param("SELECT 1; DROP TABLE store.events", id="stacked"),
    pytest.param("DETACH workbench", id="detach"),
]


@pytest.fixture(scope="module")
def connections(db_path):
    """One connection per mode for the module: each refused statement is tried on the same one, and
    each test checks the connection still answers as before."""
    with wb.connect(db_path) as internal, wb.connect(db_path, mode="publish") as published:
        yield {"internal": internal, "publish": published}


@pytest.mark.parametrize("mode", ["internal", "publish"])
@pytest.mark.parametrize("statement", REFUSED)
def test_refused(connections, mode, statement):
    db = connections[mode]
    before = db.sql("SELECT count(*) AS n FROM events").loc[0, "n"]
    with pytest.raises(wb.WorkbenchError) as caught:
        db.sql(statement)
    assert isinstance(caught.value, (SqlNotAllowedError, wb.ReadOnlyError, DisclosureError, PermissionError))
    assert db.sql("SELECT count(*) AS n FROM events").loc[0, "n"] == before


def test_row_cap_cuts_with_a_visible_notice(db):
    db.row_cap = 100
    with pytest.warns(RowCapWarning, match="first 100 rows"):
        got = db.sql("SELECT * FROM events")
    assert len(got) == 100 and got.attrs["truncated"]
    small = db.sql("SELECT * FROM districts")
    assert len(small) == 9 and not small.attrs["truncated"]


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("SELECT * FROM victims", id="victims"),
        pytest.param("SELECT count(*) FROM victim_exploitation", id="exploitation"),
        pytest.param("SELECT * FROM support_services", id="support"),
        pytest.param("SELECT * FROM store.victims", id="store"),
        pytest.param("SELECT * FROM query('SELECT * FROM victims')", id="query-function"),
        pytest.param("WITH v AS (SELECT * FROM victims) SELECT count(*) FROM v", id="cte"),
    ],
)
def test_publish_mode_sql_reaches_no_victim_relation(connections, query):
    db = connections["publish"]
    with pytest.raises(wb.WorkbenchError):
        db.sql(query)
    assert db.sql("SELECT count(*) AS n FROM events").loc[0, "n"] > 0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("by", "kind"),
    [
        pytest.param((), "victims", id="total"),
        pytest.param("year", "victims", id="by-year"),
        pytest.param(["district", "year"], "victims", id="district-year"),
        pytest.param(["sex", "age_band"], "victims", id="sex-age"),
        pytest.param("support_type", "support", id="support"),
    ],
)
def test_publish_mode_counts_are_suppressed(db_path, by, kind):
    with wb.connect(db_path, mode="publish") as db:
        got = getattr(db, kind)(years=(2016, 2020), by=by)
    measure = "victims" if kind == "victims" else "victims_supported"
    shown = got[measure].dropna()
    assert (shown >= 5).all()
    assert ((got[f"{measure}_display"] == "<5") == (got[f"{measure}_status"] == "primary")).all()
    assert "services" not in got.columns
    assert got.attrs["mode"] == "publish"
    protected = got.attrs["protected"].published()
    assert (protected.fillna(5) >= 5).all().all()


def test_publish_mode_refuses_more_than_two_groupings(db_path):
    with wb.connect(db_path, mode="publish") as db, pytest.raises(DisclosureError, match="at most two"):
        db.victims(by=["district", "year", "sex"], lang="en")


def test_internal_mode_is_exact_and_says_so(db):
    got = db.victims(years=(2016, 2020), by="year")
    assert got["victims"].sum() == 35
    assert got.attrs["mode"] == "internal"


def test_unknown_mode(db_path):
    with pytest.raises(ValueError, match="Unknown mode 'public'"):
        wb.connect(db_path, mode="public")


# Every filter field of every declared record kind that takes names or codes (not provinces or years).
TEXT_FIELDS = sorted({f for kind in KINDS.values() for f in kind.filter_fields} - {"provinces", "years"})


@pytest.mark.parametrize("hostile", ["'; DROP TABLE events; --", "Ninh Kiều' OR 1=1 --", 'x" OR "1"="1'])
@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_injection_strings_through_every_filter_field(field, hostile):
    with pytest.raises(wb.WorkbenchError, match="Valid: "):
        wb.Filters(**{field: [hostile]})
