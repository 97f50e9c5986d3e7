"""No two databases share an import store: the store names the database it belongs to
(`owner.json`), and another database of that folder is refused by build, import, listing, removal
and connect, with what to do instead; nothing stored is lost, and a store written before owners is
claimed by the first database that uses it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import workbench as wb
from workbench._backup import backup
from workbench._cli import main
from workbench._errors import StoreError
from workbench._generations import copy_database, current_file
from workbench._importer.manage import list_batches, list_sources, remove_source
from workbench._importer.store import OWNER, batches, store_dir

sys.path.insert(0, str(Path(__file__).parent))
import make_context_fixtures as fixtures

VICTIMS = Path(__file__).parent / "import_corpus" / "good" / "victims_identified.csv"


@pytest.fixture
def two_in_one_folder(template, tmp_path):
    """`x.duckdb` and `big.duckdb` side by side, a CTDC source imported into big."""
    folder = tmp_path / "r"
    folder.mkdir()
    x, big = folder / "x.duckdb", folder / "big.duckdb"
    copy_database(template, x)
    copy_database(template, big)
    result = wb.import_context(fixtures.CTDC_FILE, "ctdc", db=big, release_date="2024-07-15")
    assert result.ok, result.report()
    return x, big


def _refused(call) -> str:
    with pytest.raises(StoreError) as caught:
        call()
    return str(caught.value)


REFUSALS = [
    pytest.param(lambda x: list_sources(x), id="context-list"),
    pytest.param(lambda x: list_batches(x), id="imports-list"),
    pytest.param(lambda x: remove_source("CTDC 2024-07-15", db=x), id="context-remove"),
    pytest.param(lambda x: wb.connect(x).close(), id="connect"),
    pytest.param(lambda x: wb.import_files(VICTIMS, db=x, progress=False), id="import"),
    pytest.param(
        lambda x: wb.import_context(fixtures.CTDC_FILE, "ctdc", db=x, release_date="2024-07-15"),
        id="import-context",
    ),
]


@pytest.mark.parametrize("call", REFUSALS)
def test_another_database_of_the_folder_is_refused_the_store(two_in_one_folder, call):
    x, big = two_in_one_folder
    store = store_dir(big)
    owner = json.loads((store / OWNER).read_text(encoding="utf-8"))
    assert owner["database"] == "big.duckdb" and owner["database_id"]
    generation, held = current_file(x), sorted(p.name for p in store.iterdir())
    message = _refused(lambda: call(x))
    assert f"The import store {store} belongs to the database big.duckdb, not to {x}" in message
    assert "folder of its own" in message and f"workbench backup --db {x}" in message
    # nothing changed: x as it was, the store as it was, big still has its source
    assert current_file(x) == generation
    assert sorted(p.name for p in store.iterdir()) == held
    assert list_sources(big)["source"].tolist() == ["CTDC 2024-07-15"]


def test_the_command_says_so_and_a_backup_takes_the_database_out(two_in_one_folder, tmp_path, capsys):
    x, big = two_in_one_folder
    assert main(["context", "list", "--db", str(x)]) == 1
    assert "belongs to the database big.duckdb" in capsys.readouterr().err
    assert main(["build", "--db", str(x)]) == 1
    assert "two databases in one folder" in capsys.readouterr().err
    # the way out the message names: a backup into a folder of its own, without big's imports
    target = tmp_path / "own" / "x.duckdb"
    _, copied = backup(x, target)
    assert copied == 0 and batches(store_dir(target)) == []
    assert list_sources(target).empty
    with wb.connect(target) as db:
        assert int(db.sql("SELECT count(*) AS n FROM context_victims")["n"][0]) == 0
    assert list_sources(big)["source"].tolist() == ["CTDC 2024-07-15"]


def test_a_store_written_before_owners_is_claimed_by_its_first_database(two_in_one_folder):
    x, big = two_in_one_folder
    (store_dir(big) / OWNER).unlink()  # as an earlier workbench left it
    assert list_sources(big)["source"].tolist() == ["CTDC 2024-07-15"]  # read, nothing lost
    wb.connect(big).close()  # a build or connect claims it
    assert json.loads((store_dir(big) / OWNER).read_text(encoding="utf-8"))["database"] == "big.duckdb"
    assert "belongs to the database big.duckdb" in _refused(lambda: list_sources(x))


def test_a_database_never_imported_into_makes_no_store(template, tmp_path):
    db_path = tmp_path / "alone" / "scratch.duckdb"
    db_path.parent.mkdir()
    copy_database(template, db_path)
    wb.connect(db_path).close()
    assert not store_dir(db_path).exists()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("[1, 2]", id="not-an-object"),
        pytest.param('{"database": ""}', id="no-name"),
        pytest.param('{"database": "x.duckdb"', id="cut"),
    ],
)
def test_a_damaged_owner_file_is_a_message(two_in_one_folder, text):
    _, big = two_in_one_folder
    (store_dir(big) / OWNER).write_text(text, encoding="utf-8")
    message = _refused(lambda: list_sources(big))
    assert f"The owner file {store_dir(big) / OWNER}" in message and "nothing was built" in message


@pytest.mark.parametrize("times", ["as-written", "set-back"])
def test_the_fingerprint_and_its_blocks_are_read_again_once_the_file_changed(template, tmp_path, times):
    """Every connect reads the database's fingerprint, and reads every block of a small database:
    both are kept for the state of the file they were read in. A file written since, its blocks
    damaged or its fingerprint changed, is read again, also when its times of writing were set
    back as they were (the system's time of change still moves)."""
    import os
    import shutil

    import duckdb

    from workbench._build import stored_fingerprint
    from workbench._errors import CorruptDatabaseError

    target = tmp_path / "plain.duckdb"  # a database file itself, no pointer
    shutil.copyfile(current_file(template), target)
    expected = stored_fingerprint(template)
    assert expected and stored_fingerprint(target, verify=True) == expected

    def written(change) -> None:
        status = target.stat()
        change()
        if times == "set-back":
            os.utime(target, ns=(status.st_atime_ns, status.st_mtime_ns))

    def changed_fingerprint() -> None:
        with duckdb.connect(str(target)) as con:
            con.execute("UPDATE store.metadata SET value = 'changed' WHERE key = 'fingerprint'")

    written(changed_fingerprint)
    assert stored_fingerprint(target, verify=True) == "changed"
    data = bytearray(target.read_bytes())
    header, block = 3 * 4096, 256 * 1024
    for start in range(header + block, len(data), block):
        data[start + 1000 : start + 1064] = os.urandom(64)  # DuckDB checksums every block
    written(lambda: target.write_bytes(bytes(data)))
    with pytest.raises(CorruptDatabaseError, match="cannot be read"):
        stored_fingerprint(target, verify=True)


def test_the_identity_read_is_that_of_the_file_now_at_the_path(template, tmp_path):
    """A database's identity is read once per state of its file: another database put in its place
    (renamed over it, or copied into the same file) is read afresh, never taken for the first, whose
    release register would then be another's."""
    import os
    import shutil

    from workbench._build import database_id

    other = tmp_path / "other" / "workbench.duckdb"
    wb.connect(other).close()
    target = tmp_path / "target.duckdb"
    shutil.copyfile(current_file(template), target)
    first, second = database_id(template), database_id(other)
    assert first and second and first != second
    assert database_id(target) == first
    spare = tmp_path / "spare.duckdb"
    shutil.copyfile(current_file(other), spare)
    os.replace(spare, target)  # another file renamed over it
    assert database_id(target) == second
    with open(current_file(template), "rb") as source, open(target, "r+b") as into:
        into.truncate()
        shutil.copyfileobj(source, into)  # the same file, written over
    assert database_id(target) == first
