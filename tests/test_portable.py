"""Portable places: the pseudonym key in the system's user-configuration folder (platformdirs),
owner-only; a home folder whose name has Vietnamese diacritics and spaces works end to end."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from workbench._importer.store import default_key_file

pytestmark = pytest.mark.slow  # the workbench run in fresh processes under a new HOME

CORPUS = Path(__file__).parent / "import_corpus" / "good"
VICTIMS = CORPUS / "victims_identified.csv"
EVENTS = CORPUS / "events_utf8.csv"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "Người dùng" / "Nguyễn Thị Hoà (Sở Y tế)"
    folder.mkdir(parents=True)
    for name in ("WORKBENCH_KEY_FILE", "XDG_CONFIG_HOME", "WORKBENCH_DB", "WORKBENCH_IMPORTS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(folder))
    return folder


def test_the_key_is_in_the_user_configuration_folder_of_the_system(home):
    assert (
        default_key_file()
        == Path(platformdirs.user_config_dir("workbench", appauthor=False)) / "pseudonym.key"
    )
    assert default_key_file() == home / ".config" / "workbench" / "pseudonym.key"  # Linux's


def test_a_key_where_earlier_versions_kept_it_is_still_used(home, monkeypatch, tmp_path):
    elsewhere = tmp_path / "Library" / "Application Support" / "workbench"  # as on macOS
    monkeypatch.setattr(platformdirs, "user_config_dir", lambda *_a, **_k: str(elsewhere))
    assert default_key_file() == elsewhere / "pseudonym.key"  # nothing kept: the system's place
    earlier = home / ".config" / "workbench" / "pseudonym.key"
    earlier.parent.mkdir(parents=True)
    earlier.write_text("ab" * 32 + "\n", encoding="ascii")
    assert default_key_file() == earlier  # the key the store's victims were keyed with
    elsewhere.mkdir(parents=True)
    (elsewhere / "pseudonym.key").write_text("cd" * 32 + "\n", encoding="ascii")
    assert default_key_file() == elsewhere / "pseudonym.key"


def test_a_home_with_diacritics_and_spaces_works_end_to_end(home):
    db = home / "Tài liệu" / "Phòng chống mua bán người" / "workbench.duckdb"
    env = {**os.environ, "HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    command = [sys.executable, "-m", "workbench._cli"]
    built = subprocess.run(
        [*command, "build", "--db", str(db), "--lang", "en"],
        capture_output=True, text=True, encoding="utf-8", env=env, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    done = subprocess.run(
        [*command, "import", str(VICTIMS), str(EVENTS), "--db", str(db), "--lang", "en"],
        capture_output=True, text=True, encoding="utf-8", env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "victims_identified.csv: imported" in done.stdout
    key = home / ".config" / "workbench" / "pseudonym.key"
    assert _mode(key) == 0o600 and _mode(key.parent) == 0o700
    assert _mode(db) == 0o600 and _mode(db.parent) == 0o700
    again = subprocess.run(
        [*command, "build", "--db", str(db), "--lang", "en"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert again.returncode == 0 and f"{db} is up to date" in again.stdout, again.stdout + again.stderr
