"""Windows file semantics, emulated (tests/windows_fs.py): a notebook keeps a database open while a
colleague imports, with no error on either side, and no file anybody has open is ever renamed over
or deleted. Real processes; whether a file is open is read from /proc."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import windows_fs
from windows_fs import database_bytes

import workbench as wb
from workbench._generations import POINTER_HEADER, current_file, generations
from workbench._importer.store import batches

pytestmark = [
    pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see open files"),
    pytest.mark.slow,  # imports and rebuilds under the emulated Windows file rules
]

CORPUS = Path(__file__).parent / "import_corpus" / "good"
GOOD = CORPUS / "events_utf8.csv"
HOLDER = "import sys; f = open(sys.argv[1], 'rb'); print('open', flush=True); sys.stdin.read()"
# A notebook: connected, queried once (the generation is attached), then waiting for its next cell.
NOTEBOOK = """
import sys, workbench as wb
db = wb.connect(sys.argv[1])
print(int(db.sql("SELECT count(*) AS n FROM events").loc[0, "n"]), flush=True)
for line in sys.stdin:
    print(int(db.sql("SELECT count(*) AS n FROM events").loc[0, "n"]), flush=True)
"""


@pytest.fixture
def windows(monkeypatch, tmp_path):
    monkeypatch.setenv(windows_fs.ENV, "1")
    monkeypatch.setenv("PYTHONPATH", str(windows_fs.SITE_DIR))
    monkeypatch.setenv("WORKBENCH_KEY_FILE", str(tmp_path / "secret" / "pseudonym.key"))
    windows_fs.install()
    windows_fs.refused.clear()
    yield
    windows_fs.uninstall()


def _hold(path: Path) -> subprocess.Popen:
    """Another process with `path` open, until its stdin is closed."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline() == "open\n"
    return process


def _notebook(path: Path) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen(
        [sys.executable, "-c", NOTEBOOK, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    return process, int(process.stdout.readline())


def _next_cell(process: subprocess.Popen) -> int:
    process.stdin.write("\n")
    process.stdin.flush()
    return int(process.stdout.readline())


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(lambda held, other: os.replace(other, held), id="os.replace-over"),
        pytest.param(lambda held, other: os.rename(held, other.with_name("moved")), id="os.rename-away"),
        pytest.param(lambda held, other: os.unlink(held), id="os.unlink"),
        pytest.param(lambda held, other: held.unlink(), id="Path.unlink"),
        pytest.param(lambda held, other: other.replace(held), id="Path.replace"),
        pytest.param(lambda held, other: shutil.move(held, other.with_name("moved")), id="shutil.move-away"),
        pytest.param(lambda held, other: shutil.rmtree(held.parent), id="shutil.rmtree"),
        pytest.param(lambda held, other: os.rename(held.parent, other.with_name("f2")), id="folder-rename"),
    ],
)
def test_the_emulation_refuses_what_windows_refuses_and_allows_the_rest(windows, tmp_path, operation):
    folder = tmp_path / "folder"
    folder.mkdir()
    held, other = folder / "held.duckdb", tmp_path / "other"
    held.write_bytes(b"old"), other.write_bytes(b"new")
    holder = _hold(held)
    try:
        with pytest.raises(PermissionError, match="being used by another process"):
            operation(held, other)
        assert held.read_bytes() == b"old"
    finally:
        holder.communicate("")
    operation(held, other)  # closed: allowed, as on Windows


def test_a_child_process_is_emulated_too(windows, tmp_path):
    held = tmp_path / "held"
    held.write_bytes(b"x")
    with held.open("rb"):
        done = subprocess.run(
            [sys.executable, "-c", "import os, sys; os.unlink(sys.argv[1])", str(held)],
            capture_output=True,
            text=True,
            check=False,
        )
    assert done.returncode == 1 and "PermissionError" in done.stderr
    assert held.exists()


def test_renaming_over_an_open_database_is_what_the_emulation_refuses(windows, fresh, tmp_path):
    """The design before generations (a new file renamed over the one a notebook has open) fails here."""
    notebook, _ = _notebook(fresh)
    try:
        replacement = tmp_path / "new.duckdb"
        replacement.write_bytes(b"")
        with pytest.raises(PermissionError):
            os.replace(replacement, current_file(fresh))
    finally:
        notebook.communicate("")


def test_a_notebook_keeps_reading_while_a_colleague_imports(windows, fresh, tmp_path):
    notebook, start = _notebook(fresh)
    try:
        first = generations(fresh)
        done = subprocess.run(
            [sys.executable, "-m", "workbench._cli", "import", str(GOOD), "--db", str(fresh)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "4" in done.stdout
        # The generation the notebook has open is still there, untouched; a new one is current.
        assert set(first.values()) <= set(generations(fresh).values())
        assert current_file(fresh) not in first.values()
        assert _next_cell(notebook) == start + 4  # switched at its next query, no error
        # Once it let go, the old generation goes: deleted by the next import, which publishes a
        # generation of its own (its import-log row), and that one when the notebook switches to it.
        assert wb.import_files(GOOD, db=fresh, progress=False).rows_added == 0
        assert len(generations(fresh)) == 2  # the one the notebook still reads, and the current one
        assert _next_cell(notebook) == start + 4
        assert set(generations(fresh).values()) == {current_file(fresh)}
    finally:
        notebook.communicate("")
    assert windows_fs.refused == []  # nothing open was ever even tried in this process


def test_a_generation_still_open_is_left_for_later_never_an_error(windows, fresh):
    held = current_file(fresh)
    holder = _hold(held)
    try:
        assert wb.import_files(GOOD, db=fresh, progress=False).rows_added == 4
        assert held.exists() and current_file(fresh) != held  # left: another process has it open
    finally:
        holder.communicate("")
    with wb.connect(fresh) as db:  # nothing to do for a reader; the next import or build clears it
        assert int(db.sql("SELECT count(*) AS n FROM imports").loc[0, "n"]) == 1
    done = subprocess.run(
        [sys.executable, "-m", "workbench._cli", "build", "--db", str(fresh), "--force"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not held.exists() and set(generations(fresh).values()) == {current_file(fresh)}


@pytest.mark.parametrize("semantics", ["posix", "windows"])
def test_a_database_of_an_earlier_workbench_is_read_and_adopted_without_loss(
    semantics, fresh, tmp_path, request
):
    if semantics == "windows":
        request.getfixturevalue("windows")
    else:
        os.environ.setdefault("WORKBENCH_KEY_FILE", str(tmp_path / "secret" / "pseudonym.key"))
    assert wb.import_files(GOOD, db=fresh, progress=False).rows_added == 4
    old = tmp_path / "old" / "workbench.duckdb"
    old.parent.mkdir()
    shutil.copy(current_file(fresh), old)  # one plain DuckDB file, as the earlier workbench wrote
    shutil.copytree(fresh.parent / "imports", old.parent / "imports")
    plain = old.read_bytes()
    with wb.connect(old) as db:
        assert int(db.sql("SELECT count(*) AS n FROM imports").loc[0, "n"]) == 1
    assert old.read_bytes().startswith(POINTER_HEADER)  # adopted on connect
    assert current_file(old).read_bytes() == plain  # the very same database, a generation now
    assert wb.import_files(GOOD, db=old, progress=False).rows_added == 0


def test_an_earlier_workbench_holding_its_database_open_is_said_and_nothing_changed(windows, fresh, tmp_path):
    old = tmp_path / "old" / "workbench.duckdb"
    old.parent.mkdir()
    shutil.copy(current_file(fresh), old)  # no imports yet: the database is up to date as it is
    holder = _hold(old)  # a notebook of the earlier workbench
    try:
        before = old.read_bytes()
        with wb.connect(old) as db:  # read as it is: adopting it would replace an open file
            start = int(db.sql("SELECT count(*) AS n FROM events").loc[0, "n"])
        assert old.read_bytes() == before
        with pytest.raises(wb.StoreError, match=r"another program has it open.*nothing was changed"):
            wb.import_files(GOOD, db=old, progress=False)
        assert old.read_bytes() == before
    finally:
        holder.communicate("")
    assert wb.import_files(GOOD, db=old, progress=False).rows_added == 4
    with wb.connect(old) as db:
        assert int(db.sql("SELECT count(*) AS n FROM events").loc[0, "n"]) == start + 4
    assert list(generations(old).values()) == [current_file(old)]


@pytest.mark.parametrize(
    "pointer",
    [
        pytest.param(b"", id="empty"),
        pytest.param(POINTER_HEADER + b"../../etc/passwd\n", id="names-another-folder"),
        pytest.param(b"\x00" * 40, id="garbage"),
    ],
)
def test_a_damaged_pointer_is_moved_aside_and_the_database_rebuilt(fresh, pointer, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_KEY_FILE", str(tmp_path / "secret" / "pseudonym.key"))
    assert wb.import_files(GOOD, db=fresh, progress=False).rows_added == 4
    fresh.write_bytes(pointer)
    with pytest.warns(wb._errors.RebuiltWarning, match="moved aside"), wb.connect(fresh) as db:
        assert int(db.sql("SELECT count(*) AS n FROM imports").loc[0, "n"]) == 1
    assert [p.read_bytes() for p in fresh.parent.glob("*.damaged-*")] == [pointer]
    assert database_bytes(fresh).startswith(POINTER_HEADER)


def test_readers_never_hold_the_pointer_open(windows, fresh):
    notebook, _ = _notebook(fresh)
    try:
        deadline = time.monotonic() + 30
        for _ in range(20):
            _next_cell(notebook)
            assert os.path.realpath(fresh) not in windows_fs.open_paths()
            assert time.monotonic() < deadline
    finally:
        notebook.communicate("")


def test_a_pointer_naming_a_missing_generation_is_a_message_never_a_rebuild(fresh, tmp_path, monkeypatch):
    """Indistinguishable from a pointer copied without its generation: a rebuild could drop what
    that generation held, so the message says what a database is made of, and nothing changes."""
    monkeypatch.setenv("WORKBENCH_KEY_FILE", str(tmp_path / "secret" / "pseudonym.key"))
    assert wb.import_files(GOOD, db=fresh, progress=False).rows_added == 4
    fresh.write_bytes(POINTER_HEADER + b"workbench.duckdb.gen-999\n")
    before = sorted(p.name for p in fresh.parent.iterdir())
    with pytest.raises(wb.StoreError, match=r"pointer naming workbench\.duckdb\.gen-999, which is not in"):
        wb.connect(fresh)
    assert sorted(p.name for p in fresh.parent.iterdir()) == before
    assert fresh.read_bytes() == POINTER_HEADER + b"workbench.duckdb.gen-999\n"


def _command(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "workbench._cli", *args], capture_output=True, text=True, check=False
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_a_pointer_held_open_by_another_program_undoes_the_import_and_says_so(windows, fresh):
    """A backup or antivirus program keeping the pointer open (Windows refuses to replace it):
    the import is undone, the message says the database is as it was, and it is; the same import
    run again afterwards adds its rows once."""
    _, start = _notebook_counts(fresh)
    before, store = database_bytes(fresh), fresh.parent / "imports"
    generations_before = generations(fresh)
    holder = _hold(fresh)
    try:
        done = _command("import", str(GOOD), "--db", str(fresh))
        assert done.returncode == 1, done.stdout + done.stderr
        assert f"kept the database pointer {fresh} open" in done.stderr
        assert "the database is as it was" in done.stderr and "The import was undone" in done.stderr
        assert "nothing was changed" not in done.stderr.lower()  # the earlier, untrue wording
        forced = _command("build", "--db", str(fresh), "--force")
        assert forced.returncode == 1 and "the database is as it was" in forced.stderr
    finally:
        holder.communicate("")
    assert database_bytes(fresh) == before
    assert generations(fresh) == generations_before  # the one switched in for an instant: gone
    assert list(fresh.parent.glob("*.pointer-*")) == []
    # the batch taken out, whole: all the store holds is its owner file (this database's claim)
    assert batches(store) == [] and [p.name for p in store.iterdir()] == ["owner.json"]
    again = _command("import", str(GOOD), "--db", str(fresh))
    assert again.returncode == 0, again.stdout + again.stderr
    assert wb.import_files(GOOD, db=fresh, progress=False).rows_added == 0
    _, after = _notebook_counts(fresh)
    assert after == start + 4


def _notebook_counts(path: Path) -> tuple[None, int]:
    with wb.connect(path) as db:
        return None, int(db.sql("SELECT count(*) AS n FROM events").loc[0, "n"])


def test_rebuilding_a_damaged_database_keeps_the_pointer_for_readers(windows, fresh):
    """Readers read the pointer at every query: while a damaged database is rebuilt it stays in
    place, naming a generation that is there, until the new one replaces it in one step."""
    import threading

    _, start = _notebook_counts(fresh)
    generation = current_file(fresh)
    data = bytearray(generation.read_bytes())
    for at in range(3 * 4096 + 256 * 1024, len(data), 256 * 1024):
        data[at + 1000 : at + 1064] = os.urandom(64)
    generation.write_bytes(bytes(data))
    build = subprocess.Popen(
        [sys.executable, "-m", "workbench._cli", "build", "--db", str(fresh)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen, missed = [], []

    def read_pointer_until_the_build_ends() -> None:
        while build.poll() is None:
            try:
                found = current_file(fresh)
                seen.append(found)
                if found is None:
                    missed.append("no pointer")
            except Exception as error:  # whatever a reader would have met
                missed.append(repr(error))

    reader = threading.Thread(target=read_pointer_until_the_build_ends)
    reader.start()
    out, err = build.communicate()
    reader.join()
    assert build.returncode == 0, out + err
    assert "moved aside" in err and ".." not in err
    assert seen and missed == []
    assert current_file(fresh) != generation and _notebook_counts(fresh)[1] == start
    assert [p.read_bytes() for p in fresh.parent.glob("*.damaged-*")] == [bytes(data)]


def test_a_batch_held_for_an_instant_by_a_scanner_is_still_imported(windows, fresh, monkeypatch):
    """An antivirus opens a file just written for a moment: on Windows the batch folder cannot be
    renamed then. The import tries again and goes through; nothing is left half-done."""
    import threading

    from workbench._importer import store

    scanners: list[subprocess.Popen] = []

    def scan(name: str) -> None:
        if name != "batch-written" or scanners:
            return
        written = max(store.store_dir(fresh).glob(".tmp-*"), key=lambda p: p.stat().st_mtime)
        scanners.append(_hold(next(p for p in written.iterdir() if p.is_file())))
        threading.Timer(0.3, lambda: scanners[0].communicate("")).start()

    monkeypatch.setattr(store, "WATCHERS", [scan])
    result = wb.import_files(CORPUS / "events_utf8.csv", db=fresh, progress=False)
    assert scanners, "the scanner never held the batch"
    assert result.ok and result.rows_added == 4
    assert any(operation == "rename" for operation, _ in windows_fs.refused)  # refused, then retried
    assert [b.manifest["file"] for b in batches(store.store_dir(fresh))] == ["events_utf8.csv"]
