"""The package as a wheel installs it: its data and notebooks found inside it, as in a clone."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    """The wheel `uv build` makes, unpacked as an installer would (no network: build backend cached)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        ["uv", "build", "--wheel", "--offline", "--out-dir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("workbench-*.whl")
    site = out / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def _run(site: Path, code: str, home: Path) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": str(site),  # ahead of the clone's editable install
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "HOME": str(home),
    }
    env.pop("WORKBENCH_DB", None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=home, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_an_installed_wheel_builds_its_database_from_the_data_it_carries(unpacked, tmp_path):
    home = tmp_path / "Nguyễn Văn A"
    home.mkdir()
    out = _run(
        unpacked,
        "import workbench as wb, workbench._paths as p\n"
        "print(p.IN_CLONE, p.DATA_DIR, p.NOTEBOOKS_DIR, p.default_db_path(), sep='\\n')\n"
        "db = wb.connect()\n"
        "e = db.events(years=(2016, 2020), organisers='dolisa', event_types='integrated_session')\n"
        "print(int(e['events'][0]), int(e['attendees'][0]))\n",
        home,
    )
    in_clone, data, notebooks, database, counts = out.strip().splitlines()
    assert in_clone == "False"
    assert Path(data) == unpacked / "workbench" / "_data" and (Path(data) / "sample" / "events.csv").is_file()
    assert (Path(notebooks) / "08_dashboard.ipynb").is_file()
    assert Path(database).is_relative_to(home / "data") and Path(database).exists()
    assert counts == "1134 54131"  # the origin figures, from the data inside the wheel
    assert not (ROOT / "data" / "workbench.duckdb").exists()
