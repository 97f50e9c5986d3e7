"""Copying, renaming and backing up a database the way a user does (a file manager, `cp`, `mv`,
`workbench backup`): the imported records are never dropped by a silent rebuild, no generation a
pointer did not publish is ever deleted, and a copy that cannot work says what a database is made
of and how to copy one. Real `workbench` processes; the bytes on disk checked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from windows_fs import database_bytes

import workbench as wb
from workbench._errors import StoreError
from workbench._generations import POINTER_HEADER, current_file, generations
from workbench._importer.store import OWNER, batches, store_dir

pytestmark = pytest.mark.slow  # copies and rebuilds whole databases, under both file rules

CORPUS = Path(__file__).parent / "import_corpus" / "good"
EVENTS = CORPUS / "events_utf8.csv"
VICTIMS = CORPUS / "victims_identified.csv"


@pytest.fixture
def imported(fresh, key) -> Path:
    """A database with one accepted batch (4 events not in data/)."""
    assert wb.import_files(EVENTS, db=fresh, progress=False, lang="en").rows_added == 4
    return fresh


def _cli(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "workbench._cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _counts(db_path: Path) -> tuple[int, int]:
    """Events and import-log rows, as a notebook reads them."""
    with wb.connect(db_path) as db:
        events = int(db.sql("SELECT count(*) AS n FROM events").loc[0, "n"])
        return events, int(db.sql("SELECT count(*) AS n FROM imports").loc[0, "n"])


def _folder(path: Path) -> dict[str, bytes]:
    """Every file of a folder and its bytes (the build lock's empty file aside)."""
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file() and p.suffix != ".lock"}


def test_a_pointer_copied_alone_to_another_folder_is_a_message_naming_both_files(imported, tmp_path):
    expected = _counts(imported)
    generation = current_file(imported)
    elsewhere = tmp_path / "usb" / "workbench.duckdb"
    elsewhere.parent.mkdir()
    shutil.copy(imported, elsewhere)  # the file the user knows, alone
    before = _folder(elsewhere.parent)
    for command in (("build", "--db", str(elsewhere)), ("import", str(VICTIMS), "--db", str(elsewhere))):
        done = _cli(*command)
        assert done.returncode == 1, done.stdout + done.stderr
        assert f"pointer naming {generation.name}, which is not in {elsewhere.parent}" in done.stderr
        assert "two files" in done.stderr and "workbench backup" in done.stderr
        assert "Nothing was built or changed" in done.stderr
        assert _folder(elsewhere.parent) == before  # not rebuilt without the imported records
    with pytest.raises(wb.StoreError, match="copied or moved without its generation"):
        wb.connect(elsewhere)
    # Copying the rest as the message says makes it the same database, nothing rebuilt.
    shutil.copy(generation, elsewhere.parent)
    shutil.copytree(store_dir(imported), store_dir(elsewhere))
    assert _counts(elsewhere) == expected
    assert current_file(elsewhere) == elsewhere.with_name(generation.name)
    assert current_file(elsewhere).read_bytes() == generation.read_bytes()


def test_a_database_copied_without_its_imports_is_never_rebuilt_without_them(imported, tmp_path):
    expected = _counts(imported)
    elsewhere = tmp_path / "other" / "workbench.duckdb"
    elsewhere.parent.mkdir()
    shutil.copy(imported, elsewhere)
    shutil.copy(current_file(imported), elsewhere.parent)  # pointer and generation, no imports/
    before = database_bytes(elsewhere)
    done = _cli("build", "--db", str(elsewhere))
    assert done.returncode == 1, done.stdout + done.stderr
    (batch,) = batches(store_dir(imported))
    assert (
        f"holds 1 imported batch(es) that are not in its import store {store_dir(elsewhere)}" in done.stderr
    )
    assert batch.path.name in done.stderr and "neither rebuilt nor changed" in done.stderr
    assert "workbench backup" in done.stderr
    assert database_bytes(elsewhere) == before
    assert _cli("build", "--db", str(elsewhere), "--force").returncode == 1  # not even forced
    assert database_bytes(elsewhere) == before
    shutil.copytree(store_dir(imported), store_dir(elsewhere))  # as the message says
    assert _counts(elsewhere) == expected
    assert database_bytes(elsewhere) == before  # the copy, as it was: up to date


def test_a_renamed_pointer_keeps_reading_and_no_generation_it_names_is_deleted(imported, tmp_path):
    expected = _counts(imported)
    generation = current_file(imported)
    kept = generation.read_bytes()
    renamed = imported.with_name("before-reform.duckdb")
    os.rename(imported, renamed)  # as `mv` or Explorer's rename does
    assert _counts(renamed) == expected
    # The store now names the renamed database as its owner (the same identity).
    assert json.loads((store_dir(renamed) / OWNER).read_text(encoding="utf-8"))["database"] == renamed.name
    # A notebook's default path would make a new database under the old name, sharing imports/
    # with the renamed one: refused (two databases never share a store), nothing written, and
    # the generation the renamed pointer reads neither deleted nor built over.
    with pytest.raises(StoreError, match=r"belongs to the database before-reform\.duckdb"):
        wb.connect(imported)
    assert not imported.exists()
    assert generation.read_bytes() == kept and current_file(renamed) == generation
    # The renamed database imports as ever, into a generation of its own; the one it read before
    # is left (it never published it).
    assert wb.import_files(VICTIMS, db=renamed, progress=False, lang="en").rows_added > 0
    events, logged = _counts(renamed)
    assert (events, logged) == (expected[0], expected[1] + 1)
    assert current_file(renamed) in generations(renamed).values()
    assert generation.read_bytes() == kept


@pytest.mark.usefixtures("fs_semantics")
def test_a_generation_copied_in_by_hand_is_never_deleted(imported, template):
    """A generation file put beside a database by hand (copied before its pointer, or to restore
    one) is not this pointer's to delete, whatever its number, through builds and imports."""
    copied = imported.with_name(f"{imported.name}.gen-9")
    shutil.copy(current_file(template), copied)
    restored = copied.read_bytes()
    for command in (
        ("build", "--db", str(imported), "--force"),
        ("import", str(VICTIMS), "--db", str(imported)),
    ):
        done = _cli(*command)
        assert done.returncode == 0, done.stdout + done.stderr
        assert copied.read_bytes() == restored
    assert _counts(imported)[1] == 2
    assert _cli("build", "--db", str(imported), "--force").returncode == 0
    assert copied.read_bytes() == restored and current_file(imported) != copied
    # Its own older generations are deleted as ever: only the copied one and the current are left.
    assert sorted(generations(imported).values()) == sorted([copied, current_file(imported)])


def test_a_pointer_copied_beside_its_database_is_refused_and_nothing_changed(imported):
    copy = imported.with_name("copy.duckdb")
    shutil.copy(imported, copy)
    before = _folder(imported.parent)
    done = _cli("build", "--db", str(copy))
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{copy} is a copy of the pointer of the database {imported.name}" in done.stderr
    assert "holds no data of its own" in done.stderr and "workbench backup" in done.stderr
    assert _folder(imported.parent) == before


def test_backup_copies_the_database_whole_and_never_overwrites(imported, tmp_path):
    expected = _counts(imported)
    target = tmp_path / "backup" / "wb-2026-12-03.duckdb"
    done = _cli("backup", "--db", str(imported), str(target), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert f"Copied {imported} to {target}" in done.stdout and "1 imported batch(es)" in done.stdout
    assert target.read_bytes().startswith(POINTER_HEADER)
    assert current_file(target).read_bytes() == current_file(imported).read_bytes()
    assert [b.manifest for b in batches(store_dir(target))] == [
        b.manifest for b in batches(store_dir(imported))
    ]
    up_to_date = _cli("build", "--db", str(target), "--lang", "en")
    assert "up to date" in up_to_date.stdout, up_to_date.stdout + up_to_date.stderr
    assert _counts(target) == expected
    before = database_bytes(target)
    again = _cli("backup", "--db", str(imported), str(target))
    assert again.returncode == 1 and "already exists" in again.stderr and "never overwrites" in again.stderr
    assert database_bytes(target) == before
    # The copy is a database of its own: an import into the original leaves it as it was.
    assert wb.import_files(VICTIMS, db=imported, progress=False, lang="en").rows_added > 0
    assert database_bytes(target) == before and _counts(target) == expected


def test_backup_beside_its_database_is_refused_sharing_no_import_store(imported):
    """A backup in the database's own folder would read the same imports/ folder: an import into
    one would land in the other. Refused, with nothing written."""
    before = sorted(p.name for p in imported.parent.iterdir())
    done = _cli("backup", "--db", str(imported), str(imported.with_name("copy.duckdb")))
    assert done.returncode == 1 and "would share the import store" in done.stderr, done.stderr
    assert sorted(p.name for p in imported.parent.iterdir()) == before


def test_backup_of_no_database_is_a_message(tmp_path):
    done = _cli("backup", "--db", str(tmp_path / "none.duckdb"), str(tmp_path / "copy.duckdb"))
    assert done.returncode == 1 and "No workbench database at" in done.stderr
    assert not (tmp_path / "copy.duckdb").exists()


# --- paths a user may give: a read-only pointer, a symbolic link -----------------------------------


@pytest.mark.usefixtures("fs_semantics")
def test_a_read_only_pointer_is_read_and_never_replaced_with_a_message(imported):
    expected = _counts(imported)
    imported.chmod(0o444)  # chmod a-w, or the read-only attribute on Windows
    before, generations_before = database_bytes(imported), generations(imported)
    try:
        assert _counts(imported) == expected  # reading needs nothing
        done = _cli("import", str(VICTIMS), "--db", str(imported))
        assert done.returncode == 1, done.stdout + done.stderr
        assert f"The database {imported} is read-only (mode 444" in done.stderr
        assert "make it writable again" in done.stderr and "The import was undone" in done.stderr
        assert database_bytes(imported) == before
        assert len(batches(store_dir(imported))) == 1  # the earlier one only
        forced = _cli("build", "--db", str(imported), "--force")
        assert forced.returncode == 1 and "read-only" in forced.stderr
        assert database_bytes(imported) == before and generations(imported) == generations_before
    finally:
        imported.chmod(0o600)
    again = _cli("import", str(VICTIMS), "--db", str(imported))
    assert again.returncode == 0, again.stdout + again.stderr


@pytest.mark.usefixtures("fs_semantics")
def test_a_database_path_that_is_a_symbolic_link_works_where_it_points(imported, tmp_path):
    expected = _counts(imported)
    link = tmp_path / "elsewhere" / "link.duckdb"
    link.parent.mkdir()
    link.symlink_to(imported)
    before = database_bytes(imported)
    assert _counts(link) == expected and database_bytes(imported) == before  # read, not rebuilt
    done = _cli("import", str(VICTIMS), "--db", str(link))
    assert done.returncode == 0, done.stdout + done.stderr
    assert link.is_symlink() and os.readlink(link) == str(imported)  # still the link
    assert sorted(p.name for p in link.parent.iterdir()) == ["link.duckdb"]  # nothing written beside it
    assert _counts(link) == _counts(imported) and _counts(link)[1] == expected[1] + 1


@pytest.mark.parametrize(
    ("given", "named", "number"),
    [
        pytest.param("Workbench.duckdb", "workbench.duckdb.gen-7", 7, id="other-case-is-the-same-database"),
        pytest.param("workbench.duckdb", "WORKBENCH.DUCKDB.GEN-12", 12, id="upper-case-generation"),
        pytest.param("workbench.duckdb", "other.duckdb.gen-7", None, id="another-database"),
        pytest.param("workbench.duckdb", "workbench.duckdb.gen-7x", None, id="not-a-generation"),
    ],
)
def test_on_windows_a_differently_spelt_name_is_the_same_databases_generation(
    monkeypatch, given, named, number
):
    """Windows compares file names without case: `--db Workbench.duckdb` must own (number, clean
    up) the generations `workbench.duckdb` wrote, never number its own from 1 over them."""
    import ntpath

    from workbench import _generations

    monkeypatch.setattr(_generations.os.path, "normcase", ntpath.normcase)
    assert _generations._generation_number(Path(given), named) == number


@pytest.mark.parametrize(
    "resave",
    [
        pytest.param(lambda b: b.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="byte-order-mark"),
        pytest.param(lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"), id="both"),
    ],
)
def test_a_pointer_saved_again_by_an_editor_still_names_its_generation(imported, resave):
    """PowerShell's Set-Content, an editor or a file transfer may rewrite the small pointer file
    with CRLF line ends or a byte-order mark: it is the same pointer, never a reason to rebuild."""
    with wb.connect(imported, build=False) as db:
        before = int(db.events()["events"][0])
    named = current_file(imported)
    imported.write_bytes(resave(imported.read_bytes()))
    done = _cli("build", "--db", str(imported), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "rebuilt" not in done.stdout + done.stderr
    assert current_file(imported) == named
    with wb.connect(imported, build=False) as db:
        assert int(db.events()["events"][0]) == before  # the imported events are all there


def test_the_import_store_setting_moves_only_the_default_databases_store(tmp_path, monkeypatch):
    """WORKBENCH_IMPORTS is the store of the database WORKBENCH_DB names: a scratch copy or a
    backup elsewhere keeps a store of its own, so its imports never land in the real one."""
    real, scratch, store = tmp_path / "real" / "wb.duckdb", tmp_path / "scratch" / "wb.duckdb", tmp_path / "s"
    monkeypatch.setenv("WORKBENCH_DB", str(real))
    monkeypatch.setenv("WORKBENCH_IMPORTS", str(store))
    assert store_dir(real) == store
    assert store_dir(scratch) == scratch.parent / "imports"


def test_victim_files_imported_with_another_key_are_refused(fresh, tmp_path, monkeypatch):
    """A victim file imported with one pseudonym key, then (a new laptop, a lost key) with another:
    the same people would get new keys and be counted twice. The second import is refused."""
    first, second = tmp_path / "a" / "pseudonym.key", tmp_path / "b" / "pseudonym.key"
    assert wb.import_files(VICTIMS, db=fresh, progress=False, key_file=first, lang="en").ok
    with wb.connect(fresh, build=False) as db:
        before = int(db.sql("SELECT count(*) AS n FROM victims").loc[0, "n"])
    again = wb.import_files(VICTIMS, db=fresh, progress=False, key_file=second, lang="en")
    assert not again.ok and again.rows_added == 0
    problem = again.errors["problem"].str.cat(sep=" ")
    assert "pseudonym key" in problem and "counted twice" in problem, problem
    with wb.connect(fresh, build=False) as db:
        assert int(db.sql("SELECT count(*) AS n FROM victims").loc[0, "n"]) == before
    assert wb.import_files(VICTIMS, db=fresh, progress=False, key_file=first, lang="en").ok  # the right key


def test_a_copy_may_be_asked_for_with_paths_as_text(template, tmp_path):
    """Scripts pass paths as strings: the copy opens like the original, its records all there."""
    from workbench._generations import copy_database

    target = tmp_path / "copy" / "workbench.duckdb"
    target.parent.mkdir()
    copy_database(str(template), str(target))
    with wb.connect(target, build=False) as copied, wb.connect(template, build=False) as original:
        assert copied.victims()["victims"].tolist() == original.victims()["victims"].tolist()
