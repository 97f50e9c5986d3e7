"""The pseudonym key, file modes, the import store's checks and the messages that replace
tracebacks: each case through the API and through the command (a real `workbench` process)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import duckdb
import pytest
from windows_fs import database_bytes

import workbench as wb
from workbench._errors import RebuiltWarning
from workbench._generations import current_file
from workbench._importer.store import batches, store_dir
from workbench._paths import DATA_DIR, PROJECT_ROOT

pytestmark = pytest.mark.slow  # commands run in fresh processes, builds checked whole: minutes in all

CORPUS = Path(__file__).parent / "import_corpus" / "good"
EVENTS = CORPUS / "events_utf8.csv"
VICTIMS = CORPUS / "victims_identified.csv"
ADVICE_TO_DROP = ("move that folder", "move it out", "remove the batch", "delete the batch", "rm -r")


def _cli(*args: str, env: dict | None = None, user: int | None = None) -> subprocess.CompletedProcess:
    """`workbench ARGS` in its own process (as `user`, when given); never a traceback."""
    command = [sys.executable, "-m", "workbench._cli", *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    done = subprocess.run(
        command, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=600, check=False
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


# --- the pseudonym key -------------------------------------------------------------------------


def _write_key(content: bytes, mode: int):
    def make(path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        path.chmod(mode)
        return path

    return make


def _folder(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


GOOD_KEY = os.urandom(32).hex().encode() + b"\n"
BAD_KEYS = [
    pytest.param(_write_key(b"", 0o600), "is 0 bytes; at least 32", id="empty"),
    pytest.param(_write_key(b"\n", 0o600), "is 0 bytes; at least 32", id="blank-line"),
    pytest.param(_write_key(b"ab" * 16, 0o600), "is 16 bytes; at least 32", id="16-bytes"),
    pytest.param(_write_key(b"ab" * 31 + b"\n", 0o600), "is 31 bytes; at least 32", id="31-bytes"),
    pytest.param(_write_key(bytes(range(256)) * 4, 0o600), "does not hold a key", id="random-bytes"),
    pytest.param(_write_key(b"not a key at all, just words\n", 0o600), "does not hold a key", id="text"),
    pytest.param(_write_key(GOOD_KEY, 0o644), r"can be read by others \(mode 644\)", id="world-readable"),
    pytest.param(_write_key(GOOD_KEY, 0o640), r"can be read by others \(mode 640\)", id="group-readable"),
    pytest.param(_folder, "is not a file", id="a-folder"),
]


@pytest.mark.parametrize(("make", "problem"), BAD_KEYS)
def test_a_bad_key_file_is_refused_by_the_api(fresh, tmp_path, make, problem):
    path = make(tmp_path / "keys" / "pseudonym.key")
    with pytest.raises(wb.KeyFileError, match=problem) as caught:
        wb.import_files(VICTIMS, db=fresh, key_file=path, progress=False)
    assert str(path) in str(caught.value)
    assert isinstance(caught.value, PermissionError)
    assert batches(store_dir(fresh)) == []  # nothing imported with it


@pytest.mark.parametrize(("make", "problem"), BAD_KEYS)
def test_a_bad_key_file_is_a_message_from_the_command(fresh, tmp_path, make, problem):
    path = make(tmp_path / "keys" / "pseudonym.key")
    done = _cli("import", str(VICTIMS), "--db", str(fresh), "--key-file", str(path))
    assert done.returncode == 1
    assert str(path) in done.stderr
    assert pytest.importorskip("re").search(problem, done.stderr)
    assert batches(store_dir(fresh)) == []


@pytest.mark.usefixtures("fs_semantics")
def test_a_bad_key_stops_the_import_after_keeping_the_files_before_it(fresh, tmp_path):
    bad = _write_key(b"", 0o600)(tmp_path / "keys" / "pseudonym.key")
    with wb.connect(fresh) as db:
        start = int(db.sql("SELECT count(*) AS n FROM events").loc[0, "n"])
        with pytest.raises(wb.KeyFileError, match="is 0 bytes"):
            wb.import_files(EVENTS, VICTIMS, db=fresh, key_file=bad, progress=False)
        # The events file was accepted before the victims file met the key: it is in, and seen.
        assert int(db.sql("SELECT count(*) AS n FROM events").loc[0, "n"]) > start
        assert db.sql("SELECT file FROM imports")["file"].tolist() == [EVENTS.name]
    assert [b.manifest["file"] for b in batches(store_dir(fresh))] == [EVENTS.name]


@pytest.mark.parametrize(
    ("place", "where"),
    [
        pytest.param(PROJECT_ROOT / "notebooks" / "pseudonym.key", "the repository", id="repository"),
        pytest.param(PROJECT_ROOT / "pseudonym.key", "the repository", id="repository-root"),
        pytest.param(DATA_DIR / "pseudonym.key", "the data folder", id="data"),
    ],
)
def test_a_key_inside_the_repository_or_data_is_refused_and_never_created(fresh, place, where):
    with pytest.raises(wb.KeyFileError, match=f"is inside {where}"):
        wb.import_files(VICTIMS, db=fresh, key_file=place, progress=False)
    done = _cli("import", str(VICTIMS), "--db", str(fresh), "--key-file", str(place))
    assert done.returncode == 1 and f"is inside {where}" in done.stderr
    assert not place.exists()


def test_a_key_inside_a_custom_data_folder_is_refused(fresh, data_copy):
    place = data_copy / "sample" / "pseudonym.key"
    with pytest.raises(wb.KeyFileError, match="is inside the data folder"):
        wb.import_files(VICTIMS, db=fresh, key_file=place, data_dir=data_copy, progress=False)
    assert not place.exists()


def test_a_new_key_is_32_random_bytes_owner_only(fresh, key):
    assert wb.import_files(VICTIMS, db=fresh, progress=False).ok
    text = key.read_text(encoding="ascii")
    assert len(bytes.fromhex(text.strip())) == 32 and text.endswith("\n")
    assert _mode(key) == 0o600 and _mode(key.parent) == 0o700
    other = key.with_name("other.key")
    wb.import_files(VICTIMS, db=fresh, key_file=other, progress=False)
    assert other.read_text() != text  # random, not derived from anything


# --- file modes ---------------------------------------------------------------------------------


def test_a_new_database_and_store_are_owner_only(tmp_path, key):
    db_path = tmp_path / "new" / "state" / "workbench.duckdb"
    wb.connect(db_path).close()
    assert _mode(db_path) == 0o600 and _mode(current_file(db_path)) == 0o600
    assert _mode(db_path.parent) == 0o700 and _mode(db_path.parent.parent) == 0o700
    assert wb.import_files(VICTIMS, EVENTS, db=db_path, progress=False).ok
    store = store_dir(db_path)
    assert _mode(store) == 0o700
    found = batches(store)
    assert len(found) == 2
    for batch in found:
        assert _mode(batch.path) == 0o700
        assert {p.name: _mode(p) for p in batch.path.iterdir()} == {
            p.name: 0o600 for p in batch.path.iterdir()
        }
    assert _mode(db_path) == 0o600 and _mode(current_file(db_path)) == 0o600


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644], ids=oct)
def test_a_build_or_import_keeps_the_mode_the_owner_set(fresh, key, mode):
    fresh.chmod(mode)
    assert wb.import_files(EVENTS, db=fresh, progress=False).rows_added > 0
    assert _mode(fresh) == mode and _mode(current_file(fresh)) == mode
    done = _cli("build", "--db", str(fresh), "--force")
    assert done.returncode == 0, done.stderr
    assert _mode(fresh) == mode and _mode(current_file(fresh)) == mode


def test_the_problem_table_and_internal_exports_are_owner_only(fresh, key, tmp_path):
    bad = tmp_path / "victims_bad.csv"
    bad.write_text(VICTIMS.read_text(encoding="utf-8").replace("Nữ", "Nu?", 1), encoding="utf-8")
    problems = tmp_path / "problems.csv"
    done = _cli("import", str(bad), "--db", str(fresh), "--problems", str(problems))
    assert problems.exists() and _mode(problems) == 0o600, done.stdout + done.stderr
    with wb.connect(fresh) as db:
        frame = db.victims(by="year")
        ax = wb.trend_chart(frame, "victims", meta=db.metadata)
        written = wb.export_figure(
            ax, tmp_path / "internal" / "victims", data=frame, meta=db.metadata, mode="internal"
        )
    assert written and all(_mode(p) == 0o600 for p in written)
    assert _mode(tmp_path / "internal") == 0o700


# --- the import store, checked at build ----------------------------------------------------------


@pytest.fixture
def imported(fresh, key) -> Path:
    """A database with one accepted batch."""
    assert wb.import_files(EVENTS, db=fresh, progress=False).rows_added > 0
    return fresh


def _batch(db_path: Path) -> Path:
    (batch,) = batches(store_dir(db_path))
    return batch.path


def _no_advice_to_drop(message: str) -> None:
    assert not any(words in message.lower() for words in ADVICE_TO_DROP), message


@pytest.mark.usefixtures("fs_semantics")
def test_a_changed_parquet_file_is_refused_naming_the_batch(imported):
    batch = _batch(imported)
    parquet = batch / "events.parquet"
    parquet.write_bytes(parquet.read_bytes()[:-40] + bytes(40))  # same size, other bytes
    before = database_bytes(imported)
    for args in (["build", "--db", str(imported)], ["build", "--db", str(imported), "--force"]):
        done = _cli(*args)
        assert done.returncode == 1
        assert batch.name in done.stderr and "no longer matches the SHA-256" in done.stderr
        assert "restore the batch folder from a backup" in done.stderr
        _no_advice_to_drop(done.stderr)
    assert database_bytes(imported) == before  # nothing built in
    with pytest.raises(wb.StoreError, match=batch.name):
        from workbench._build import build

        build(imported)


def _read(manifest: Path) -> dict:
    return json.loads(manifest.read_text(encoding="utf-8"))


def _edit(manifest: Path, **changes) -> None:
    """The manifest with keys changed (None: removed)."""
    content = json.loads(manifest.read_text(encoding="utf-8"))
    content.update(changes)
    manifest.write_text(json.dumps({k: v for k, v in content.items() if v is not None}), "utf-8")


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        pytest.param(lambda m: m.unlink(), "holds no manifest.json", id="manifest-deleted"),
        pytest.param(lambda m: m.write_text("{not json", "utf-8"), "is not valid JSON", id="invalid-json"),
        pytest.param(lambda m: m.write_bytes(b"\xff\xfe\x00garbage"), "is not valid JSON", id="not-utf8"),
        pytest.param(lambda m: m.write_text("[1, 2]", "utf-8"), "lacks 'batch'", id="a-list"),
        pytest.param(lambda m: _edit(m, tables=None), "lacks 'tables'", id="lacks-tables"),
        pytest.param(lambda m: _edit(m, file_sha256=None), "lacks 'file_sha256'", id="lacks-file-hash"),
        pytest.param(
            lambda m: _edit(m, tables={"events": {}}),
            "lacks 'tables.*.file/sha256'",
            id="table-without-hash",
        ),
        pytest.param(lambda m: _edit(m, tables={}), "does not list events.parquet", id="tables-emptied"),
        pytest.param(
            lambda m: _edit(m, tables={"../../etc": _read(m)["tables"]["events"]}),
            "a table \"../../etc\" in 'tables'",
            id="table-renamed",
        ),
        pytest.param(
            lambda m: _edit(m, tables={"events": {**_read(m)["tables"]["events"], "file": "../x.parquet"}}),
            "expected file events.parquet",
            id="file-outside",
        ),
        pytest.param(
            lambda m: _edit(m, rows_added="x"), "'rows_added' = \"x\": expected a count", id="rows-text"
        ),
        pytest.param(
            lambda m: _edit(m, rows_added={"events": "2"}),
            "'rows_added.events' = \"2\": expected a whole number",
            id="count-text",
        ),
        pytest.param(
            lambda m: _edit(m, imported_at=12), "'imported_at' = 12: expected text", id="time-number"
        ),
        pytest.param(lambda m: _edit(m, imported_at="gestern"), "expected a time", id="time-text"),
        pytest.param(lambda m: _edit(m, warnings=-1), "'warnings' = -1", id="warnings-negative"),
    ],
)
def test_a_damaged_manifest_stops_the_build_with_its_name(imported, damage, problem):
    batch = _batch(imported)
    manifest = batch / "manifest.json"
    damage(manifest)
    before = database_bytes(imported)
    named = str(batch) if problem.startswith("holds no") else str(manifest)
    for args in (["build", "--db", str(imported)], ["import", str(VICTIMS), "--db", str(imported)]):
        done = _cli(*args)
        assert done.returncode == 1 and problem in done.stderr and named in done.stderr, done.stderr
        _no_advice_to_drop(done.stderr)
    with pytest.raises(wb.StoreError, match=problem):
        wb.connect(imported)
    with pytest.raises(wb.StoreError, match=problem):
        wb.import_files(VICTIMS, db=imported, progress=False)
    assert database_bytes(imported) == before
    assert (batch / "events.parquet").exists()  # the batch is kept


def test_an_empty_folder_in_the_store_is_not_a_batch(imported):
    (store_dir(imported) / "empty").mkdir()
    with wb.connect(imported) as db:
        assert len(db.sql("SELECT * FROM imports")) == 1


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.usefixtures("fs_semantics")
def test_leftovers_of_killed_builds_and_imports_are_cleared_live_ones_kept(imported):
    dead = _dead_pid()
    live = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        folder = imported.with_name(f"{imported.name}.building-{dead}")
        folder.mkdir()
        (folder / imported.name).write_bytes(b"half a database")
        old_file = imported.with_name(f"{imported.name}.building-{_dead_pid()}")
        old_wal = old_file.with_name(old_file.name + ".wal")
        old_file.write_bytes(b"half"), old_wal.write_bytes(b"log")
        running = imported.with_name(f"{imported.name}.building-{live.pid}")
        running.mkdir()
        staging = store_dir(imported) / ".stage-0123abcd"
        staging.mkdir()
        (staging / "events.parquet").write_bytes(b"partial")
        before = imported.stat().st_ino
        with wb.connect(imported) as db:
            assert len(db.sql("SELECT * FROM imports")) == 1
        assert not folder.exists() and not old_wal.exists() and not staging.exists()
        assert not old_file.exists()
        assert running.exists()  # its process is still at work
        assert imported.stat().st_ino == before  # cleared without a rebuild
    finally:
        live.communicate(b"")


def _damage_blocks(path: Path) -> None:
    """Overwrite bytes inside every data block past the file's headers (DuckDB checksums blocks)."""
    data = bytearray(path.read_bytes())
    header, block = 3 * 4096, 256 * 1024
    for start in range(header + block, len(data), block):
        data[start + 1000 : start + 1064] = os.urandom(64)
    path.write_bytes(bytes(data))


def _events_count(db_path: Path) -> int:
    with wb.connect(db_path) as db:
        return int(db.sql("SELECT count(*) AS n FROM events").loc[0, "n"])


@pytest.mark.usefixtures("fs_semantics")
def test_a_damaged_database_is_found_moved_aside_and_rebuilt_by_the_command(imported):
    expected = _events_count(imported)
    _damage_blocks(current_file(imported))  # the generation the pointer names
    done = _cli("build", "--db", str(imported), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "cannot be read" in done.stderr and "moved aside" in done.stderr
    assert "Built" in done.stdout and "up to date" not in done.stdout
    assert len(list(imported.parent.glob("*.damaged-*"))) == 1
    assert _events_count(imported) == expected  # data/ and the accepted batch, rebuilt
    again = _cli("build", "--db", str(imported), "--lang", "en")
    assert "up to date" in again.stdout and again.stderr == ""


@pytest.mark.usefixtures("fs_semantics")
def test_a_damaged_database_is_rebuilt_on_connect(imported):
    expected = _events_count(imported)
    _damage_blocks(current_file(imported))  # the generation the pointer names
    with pytest.warns(RebuiltWarning, match="moved aside"), wb.connect(imported) as db:
        assert int(db.sql("SELECT count(*) AS n FROM events").loc[0, "n"]) == expected
        assert len(db.sql("SELECT * FROM imports")) == 1


@pytest.mark.usefixtures("fs_semantics")
def test_a_full_disk_is_a_message_that_keeps_every_batch(imported, monkeypatch):
    from workbench import _build

    def full(*_args, **_kwargs):
        raise duckdb.IOException("IO Error: Could not write file: No space left on device")

    monkeypatch.setattr(_build, "add_to_build", full)
    before = database_bytes(imported)
    with pytest.raises(wb.StoreError, match="No space left on the disk") as caught:
        _build.build(imported)
    _no_advice_to_drop(str(caught.value))
    assert "the import store" in str(caught.value) and "Free some space" in str(caught.value)
    assert database_bytes(imported) == before
    assert not list(imported.parent.glob("*.building-*"))
    assert len(batches(store_dir(imported))) == 1


# --- paths that cannot be used --------------------------------------------------------------------


def test_a_database_path_that_is_a_folder_is_a_message(tmp_path):
    folder = tmp_path / "workbench.duckdb"
    folder.mkdir()
    with pytest.raises(wb.StoreError, match=f"The database path {folder} is a folder"):
        wb.connect(folder)
    with pytest.raises(wb.StoreError, match="is a folder"):
        wb.connect(folder, build=False)
    with pytest.raises(wb.StoreError, match="is a folder"):
        wb.import_files(EVENTS, db=folder, progress=False)
    for args in (
        ["build", "--db", str(folder)],
        ["build", "--db", str(folder), "--force"],
        ["import", str(EVENTS), "--db", str(folder)],
        ["figures", "--years", "2016", "2020", "--db", str(folder), "--out", str(tmp_path / "f")],
    ):
        done = _cli(*args)
        assert done.returncode == 1 and f"{folder} is a folder" in done.stderr, (args, done.stderr)
    assert folder.is_dir() and not any(folder.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["workbench.duckdb"]  # no lock file beside it


NOBODY = 65534


def _nobody_can_run_the_checkout() -> bool:
    """Whether uid NOBODY can import the package from this checkout (a clone inside an owner-only
    folder, as `mktemp -d` makes, is out of its reach: the test has nothing to run then)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return False
    probe = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable, "-c",
             "import workbench"]  # fmt: skip
    return subprocess.run(probe, capture_output=True, timeout=120, check=False).returncode == 0


as_another_user = pytest.mark.skipif(
    not _nobody_can_run_the_checkout(),
    reason="needs root, setpriv and a checkout another user can read, to run the command as a user "
    "the folders refuse",
)


@pytest.fixture
def shared_tmp():
    """A folder another user can traverse (pytest's own are owner-only)."""
    folder = Path(tempfile.mkdtemp(prefix="workbench-perm-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _nobody_env(home: Path) -> dict[str, str]:
    home.mkdir(mode=0o777, exist_ok=True)
    home.chmod(0o777)
    return {"HOME": str(home), "MPLCONFIGDIR": str(home / "mpl"), "WORKBENCH_KEY_FILE": str(home / "k.key")}


API_CONNECT = (
    "import sys, workbench as wb\ntry:\n    wb.connect(sys.argv[1])\n"
    "except wb.WorkbenchError as e:\n    print('ERROR', e)\n"
)
API_IMPORT = (
    "import sys, workbench as wb\ntry:\n    wb.import_files(sys.argv[2], db=sys.argv[1], progress=False)\n"
    "except wb.WorkbenchError as e:\n    print('ERROR', e)\n"
)


def _api_as(user: int, code: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", sys.executable, "-c", code]
    done = subprocess.run(
        [*command, *args], env={**os.environ, **env}, capture_output=True, text=True, timeout=600, check=False
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


@as_another_user
def test_an_unwritable_database_folder_is_a_message(shared_tmp):
    locked = shared_tmp / "locked"
    locked.mkdir(mode=0o755)  # root's: the other user may read, not write
    db_path = locked / "workbench.duckdb"
    env = _nobody_env(shared_tmp / "home")
    done = _cli("build", "--db", str(db_path), env=env, user=NOBODY)
    assert done.returncode == 1 and f"Cannot write in the folder {locked}" in done.stderr, done.stderr
    api = _api_as(NOBODY, API_CONNECT, str(db_path), env=env)
    assert api.stdout.startswith("ERROR Cannot write in the folder") and str(locked) in api.stdout
    missing = locked / "sub" / "workbench.duckdb"  # a folder that would have to be made there
    done = _cli("build", "--db", str(missing), env=env, user=NOBODY)
    assert done.returncode == 1 and f"Cannot create the folder {locked / 'sub'}" in done.stderr, done.stderr
    done = _cli("import", str(EVENTS), "--db", str(missing), env=env, user=NOBODY)  # none there: said so
    assert done.returncode == 1 and f"Không có cơ sở dữ liệu nào ở {missing}" in done.stderr, done.stderr
    assert not db_path.exists() and not (locked / "sub").exists()


@as_another_user
def test_an_unwritable_import_store_is_a_message(shared_tmp, template):
    own = shared_tmp / "own"
    own.mkdir(mode=0o777)
    own.chmod(0o777)
    db_path = own / "workbench.duckdb"
    shutil.copy(current_file(template), db_path)  # one plain file, as an earlier workbench wrote
    db_path.chmod(0o666)
    store = shared_tmp / "store"
    store.mkdir(mode=0o755)  # root's: the other user may not add a batch
    # The store moved for the default database (WORKBENCH_DB), which --db names too.
    env = {**_nobody_env(shared_tmp / "home"), "WORKBENCH_IMPORTS": str(store), "WORKBENCH_DB": str(db_path)}
    done = _cli("import", str(EVENTS), "--db", str(db_path), env=env, user=NOBODY)
    assert done.returncode == 1 and f"Cannot create the folder {store}/" in done.stderr, done.stderr
    api = _api_as(NOBODY, API_IMPORT, str(db_path), str(EVENTS), env=env)
    assert api.stdout.startswith("ERROR Cannot create the folder") and str(store) in api.stdout
    assert list(store.iterdir()) == []


@as_another_user
def test_an_unreadable_key_file_is_a_message(shared_tmp, template):
    own = shared_tmp / "own"
    own.mkdir(mode=0o777)
    own.chmod(0o777)
    db_path = own / "workbench.duckdb"
    shutil.copy(current_file(template), db_path)  # one plain file, as an earlier workbench wrote
    db_path.chmod(0o666)
    key = shared_tmp / "root.key"
    key.write_bytes(GOOD_KEY)
    key.chmod(0o600)  # root's own key
    env = {**_nobody_env(shared_tmp / "home"), "WORKBENCH_KEY_FILE": str(key)}
    done = _cli("import", str(VICTIMS), "--db", str(db_path), env=env, user=NOBODY)
    assert done.returncode == 1 and f"{key} cannot be read by this user" in done.stderr, done.stderr


def test_warnings_module_is_not_left_changed_by_the_command():
    before = warnings.showwarning
    from workbench._cli import main

    main(["build", "--db", str(Path(tempfile.gettempdir()) / "nonexistent-dir-x" / "a" / "b.duckdb")])
    assert warnings.showwarning is before
    shutil.rmtree(Path(tempfile.gettempdir()) / "nonexistent-dir-x", ignore_errors=True)
