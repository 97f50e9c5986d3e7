"""The database is built from data/ on first use, rebuilt when a file changes, and never half-written."""

import hashlib
from pathlib import Path

import pytest
from windows_fs import database_bytes

import workbench as wb
from workbench._build import ensure_built
from workbench._generate import generate
from workbench._paths import DATA_DIR

pytestmark = pytest.mark.usefixtures("fs_semantics")  # each test also with Windows file semantics


@pytest.mark.slow
def test_built_on_first_connect_and_not_rebuilt_when_unchanged(tmp_path, data_copy):
    path = tmp_path / "fresh.duckdb"
    assert not path.exists()
    wb.connect(path, data_dir=data_copy).close()
    assert path.exists()
    assert ensure_built(path, data_copy) is False


def test_a_new_database_says_where_it_was_built_once(tmp_path, capfd):
    """A path mistyped in `wb.connect(path)` builds a new database from data/: said on stderr, in
    both languages, with the path and how many imports it holds; the next connect says nothing."""
    path = tmp_path / "mistyped" / "wb.duckdb"
    wb.connect(path).close()
    said = capfd.readouterr().err
    assert f"Chưa có cơ sở dữ liệu tại {path}" in said
    assert f"No database was at {path}: a new one was built from {DATA_DIR} and 0 imports" in said
    wb.connect(path).close()
    assert capfd.readouterr().err == ""


@pytest.mark.slow
def test_rebuilt_when_a_data_file_changes_and_open_readers_pick_it_up(tmp_path, data_copy):
    path = tmp_path / "wb.duckdb"
    with wb.connect(path, data_dir=data_copy) as reader:
        before = reader.events().loc[0, "events"]
        events = data_copy / "sample" / "events.csv"
        events.write_text(
            events.read_text(encoding="utf-8")
            + "EV-2024-99999,2024-12-31,927,police,training,trafficking,30,0\n",
            encoding="utf-8",
        )
        assert ensure_built(path, data_copy) is True
        assert reader.events().loc[0, "events"] == before + 1  # same object, next query


@pytest.mark.slow
@pytest.mark.parametrize(
    ("line", "message"),
    [
        pytest.param(
            "EV-X,2024-01-01,Hà Nội,police,training,trafficking,30,0",
            "column 'district_code': 'Hà Nội' — Unknown district",
            id="district",
        ),
        pytest.param(
            "EV-X,2024-01-01,916,polise,training,trafficking,30,0",
            "column 'organiser': 'polise' — Unknown organiser",
            id="organiser",
        ),
        pytest.param(
            "EV-X,2024-13-01,916,police,training,trafficking,30,0",
            "column 'event_date': '2024-13-01'",
            id="date",
        ),
        pytest.param(
            "EV-X,2024-01-01,916,police,training,trafficking,-4,0",
            "column 'attendees': '-4' — must be at least 0",
            id="negative",
        ),
        pytest.param(
            "EV-2016-00001,2024-01-01,916,police,training,trafficking,4,0",
            "column 'event_id': 'EV-2016-00001' — duplicate key, first on line 2",
            id="duplicate",
        ),
    ],
)
def test_bad_data_file_names_file_line_column_value_and_keeps_the_old_database(
    tmp_path, data_copy, line, message
):
    path = tmp_path / "wb.duckdb"
    wb.connect(path, data_dir=data_copy).close()
    before = hashlib.sha256(database_bytes(path)).hexdigest()
    events = data_copy / "sample" / "events.csv"
    text = events.read_text(encoding="utf-8")
    events.write_text(text + line + "\n", encoding="utf-8")
    bad_line = text.count("\n") + 1
    with pytest.raises(wb.DataFileError) as caught:
        wb.connect(path, data_dir=data_copy)
    assert f"events.csv, line {bad_line}, {message}" in str(caught.value)
    assert hashlib.sha256(database_bytes(path)).hexdigest() == before
    assert not list(tmp_path.glob("*.building-*"))


@pytest.mark.slow
def test_environment_variable_names_the_database(tmp_path, monkeypatch):
    path = tmp_path / "from-env.duckdb"
    monkeypatch.setenv("WORKBENCH_DB", str(path))
    with wb.connect() as db:
        assert db.path == path
    assert path.exists()


@pytest.mark.slow
def test_generator_is_deterministic_and_the_committed_sample_is_its_output(tmp_path: Path):
    written = generate(tmp_path)
    for name, path in written.items():
        committed = DATA_DIR / "sample" / path.name
        assert path.read_bytes() == committed.read_bytes(), f"{name} differs from data/sample"


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [
        pytest.param("en", "No database was at", "Chưa có cơ sở dữ liệu", id="en"),
        pytest.param("vi", "Chưa có cơ sở dữ liệu tại", "No database was at", id="vi"),
    ],
)
def test_a_command_says_it_built_the_database_in_its_own_language(
    tmp_path, monkeypatch, capfd, lang, said, not_said
):
    """A command that builds the default database on first use says so in its `--lang` only."""
    from workbench._cli import main

    path = tmp_path / "first" / "wb.duckdb"
    monkeypatch.setenv("WORKBENCH_DB", str(path))
    main(["releases", "--accept", "--lang", lang])
    err = capfd.readouterr().err
    assert f"{said}" in err and str(path) in err
    assert not_said not in err
    assert path.exists()
