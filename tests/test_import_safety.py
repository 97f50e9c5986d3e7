"""An import killed at any point leaves the database as it was; readers in other processes never
see half an import and never meet a lock error. Real processes, real SIGKILL."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from windows_fs import database_bytes

import workbench as wb
from workbench._generations import copy_database

pytestmark = pytest.mark.usefixtures("fs_semantics")  # each test also with Windows file semantics
CORPUS = Path(__file__).parent / "import_corpus"
GOOD = CORPUS / "good" / "events_utf8.csv"
PRE_COMMIT = ["locked", "validated", "batch-written"]
POST_COMMIT = ["committed", "built"]


def _content(path: Path) -> tuple:
    """Everything a reader could see of the records, as one comparable value."""
    with wb.connect(path) as db:
        row = db.sql(
            "SELECT (SELECT count(*) FROM events) AS n, "
            "(SELECT md5(string_agg(event_id || '|' || event_date || '|' || coalesce(attendees, -1), ',' "
            "ORDER BY event_id)) FROM events) AS digest, (SELECT count(*) FROM imports) AS log"
        )
    return tuple(row.iloc[0])


def _sha(path: Path) -> str:
    return hashlib.sha256(database_bytes(path)).hexdigest()


# The import in a process of its own that, told a stage and a marker file, writes the marker when
# the import reaches that stage and waits there to be killed (the store's stage watchers).
PAUSING_IMPORT = """
import os, sys, time
from pathlib import Path
import workbench as wb
from workbench._importer import store

def pause(name):
    if name == os.environ.get("PAUSE_AT"):
        Path(os.environ["PAUSE_MARKER"]).write_text(name, encoding="utf-8")
        time.sleep(120)

store.WATCHERS.append(pause)
print("ready", flush=True)
result = wb.import_files(sys.argv[2:], db=sys.argv[1], progress=False)
sys.exit(0 if result.ok else 1)
"""


def _import_process(db: Path, files: list[Path], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", PAUSING_IMPORT, str(db), *map(str, files)],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _kill_at(stage: str, db: Path, tmp_path: Path) -> None:
    marker = tmp_path / f"reached-{stage}"
    process = _import_process(db, [GOOD], {"PAUSE_AT": stage, "PAUSE_MARKER": str(marker)})
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"the import never reached {stage}"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL


@pytest.mark.slow
@pytest.mark.crash
@pytest.mark.parametrize("stage", PRE_COMMIT)
def test_killed_before_the_commit_leaves_everything_as_it_was(stage, fresh, tmp_path):
    before, file_before = _content(fresh), _sha(fresh)
    _kill_at(stage, fresh, tmp_path)
    assert _sha(fresh) == file_before  # not a byte changed
    assert _content(fresh) == before
    store = fresh.parent / "imports"
    assert not [p for p in store.glob("*") if not p.name.startswith(".")] if store.exists() else True
    if stage == "batch-written":  # the next import is unbothered by the half-written batch left behind
        left = sorted(p.name.split("-")[0] for p in store.iterdir())
        assert left in ([".tmp"], [".stage", ".tmp"])  # the half-written batch (and its staging)
        assert wb.import_files(GOOD, db=fresh, progress=False).rows_added == 4
        assert not [p for p in store.iterdir() if p.name.startswith(".")]  # and it cleared them


@pytest.mark.slow
@pytest.mark.crash
@pytest.mark.parametrize("stage", POST_COMMIT)
def test_killed_after_the_commit_the_import_is_whole(stage, fresh, tmp_path, template):
    before = _content(fresh)
    _kill_at(stage, fresh, tmp_path)
    after = _content(fresh)  # a stale file is rebuilt on connect
    assert after[0] == before[0] + 4
    assert after[2] == before[2] + 1
    assert wb.import_files(GOOD, db=fresh, progress=False).rows_added == 0


@pytest.mark.slow
@pytest.mark.crash
def test_killed_at_random_moments_the_database_is_before_or_after(fresh, tmp_path):
    before = _content(fresh)
    reference = tmp_path / "reference" / "workbench.duckdb"
    reference.parent.mkdir()
    copy_database(fresh, reference)
    wb.import_files(GOOD, db=reference, progress=False)
    after = _content(reference)
    chance = random.Random(20240730)
    for _ in range(3):
        process = _import_process(fresh, [GOOD], {})
        # Once it is ready to import (the interpreter started, the package imported: a handshake),
        # a random moment into the import; the assertions hold whatever the moment.
        assert process.stdout.readline() == b"ready\n", process.communicate()
        time.sleep(chance.uniform(0.0, 1.5))
        process.send_signal(signal.SIGKILL)
        process.communicate()
        now = _content(fresh)
        assert now[:2] in (before[:2], after[:2])
        if now[:2] == after[:2]:
            break


READER = """
import json, os, sys, time, workbench as wb
path, stop, progress = sys.argv[1], sys.argv[2], sys.argv[3]
seen, errors, queries = set(), [], 0
db = wb.connect(path)
end = time.monotonic() + 300
while time.monotonic() < end and not (os.path.exists(stop) and queries > 20):
    try:
        if queries % 15 == 14:
            db.close()
            db = wb.connect(path)
        n = int(db.sql("SELECT count(*) AS n FROM events").loc[0, "n"])
        total = int(db.events(years=(2024, 2024))["events"].sum())
        seen.add(n)
        queries += 1
    except Exception as error:  # any error at all is a failure of the design
        errors.append(f"{type(error).__name__}: {error}")
    # What it has seen so far, for the test to wait on (written whole, then renamed into place).
    with open(progress + ".tmp", "w") as out:
        json.dump({"seen": sorted(seen), "errors": len(errors)}, out)
    for _ in range(200):  # the test may be reading it: on Windows an open file cannot be replaced
        try:
            os.replace(progress + ".tmp", progress)
            break
        except PermissionError:
            time.sleep(0.01)
print(json.dumps({"seen": sorted(seen), "errors": errors[:5], "queries": queries}))
"""


def _wait_until_every_reader_saw(progress: list[Path], count: int, readers: list) -> None:
    """Wait (a handshake, not a pause) until each reader has counted `count` events in a query."""
    deadline = time.monotonic() + 300
    for path, reader in zip(progress, readers, strict=True):
        while not (path.exists() and count in json.loads(path.read_text(encoding="utf-8"))["seen"]):
            assert reader.poll() is None, f"a reader ended early: {reader.communicate()}"
            assert time.monotonic() < deadline, f"a reader never saw {count} events: {path.read_text()}"
            time.sleep(0.05)


@pytest.mark.slow
def test_readers_in_other_processes_never_see_half_an_import_nor_a_lock_error(fresh, tmp_path):
    base = _content(fresh)[0]
    files = []
    for i in range(3):
        path = tmp_path / f"batch{i}.csv"
        lines = [GOOD.read_text(encoding="utf-8").splitlines()[0]]
        lines += [
            f"{day:02d}/{10 + i}/2024,Cái Răng,Công an,Tập huấn,trafficking,{20 + day},0"
            for day in (1, 2, 3, 4)
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
    stop = tmp_path / "stop"
    progress = [tmp_path / f"reader{i}.json" for i in range(2)]
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(fresh), str(stop), str(path)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for path in progress
    ]
    _wait_until_every_reader_saw(progress, base, readers)  # both started and querying
    for i, path in enumerate(files, start=1):
        result = wb.import_files(path, db=fresh, progress=False)
        assert result.rows_added == 4, str(result)
        # Each open reader picks the new file up on its next query.
        _wait_until_every_reader_saw(progress, base + 4 * i, readers)
    stop.touch()
    for reader in readers:
        out, _ = reader.communicate(timeout=120)
        report = json.loads(out)
        assert report["errors"] == []
        assert report["queries"] > 20
        assert set(report["seen"]) <= {base, base + 4, base + 8, base + 12}
        assert base + 12 in report["seen"]  # the last import reached the open reader
