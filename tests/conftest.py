"""Shared fixtures: a database built once per run from the repository's data, in a temp folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
import windows_fs

import workbench as wb
from workbench._generations import copy_database
from workbench._paths import DATA_DIR

# The files that take minutes (release audits over many releases, notebooks, a browser), heaviest
# first. `pytest -n auto --dist loadfile` hands whole files to the workers in collection order: the
# heaviest, collected last, left the other worker idle for two minutes at the end of a full run.
HEAVIEST_FIRST = [
    "test_publish_boundary_support.py",
    "test_notebooks.py",
    "test_publish.py",
    "test_release_attacks.py",
    "test_browser.py",
    "test_figures.py",
    "test_publish_boundary.py",
    "test_domain_truth.py",
    "test_brief.py",
    "test_release_unions.py",
    "test_store_integrity.py",
    "test_victim_status.py",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: n for n, name in enumerate(HEAVIEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest as collected


@pytest.fixture(scope="session")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "workbench.duckdb"
    wb.connect(path).close()  # builds it
    return path


@pytest.fixture(autouse=True)
def _own_releases(request: pytest.FixtureRequest):
    """Each test publishes from the shared database as if nothing had been released before: the
    release register beside it (publish mode's memory of what it let out) is the test's own."""
    yield
    if "db_path" in request.fixturenames:
        from workbench._build import database_id
        from workbench._release import register_for

        path = request.getfixturevalue("db_path")
        # emptied, not deleted: the database's pointer says it has a register, which must be found
        register = register_for(path, database_id(path))
        if register.exists():
            register.write_text("", encoding="utf-8")


@pytest.fixture(autouse=True)
def _settled_afresh(request: pytest.FixtureRequest):
    """A test that changes how the audit works (through `monkeypatch`) settles its releases afresh,
    and leaves none settled under its changes for the tests after it (`workbench._settled`)."""
    from workbench._settled import forget

    patched = "monkeypatch" in request.fixturenames
    if patched:
        forget()
    yield
    if patched:
        forget()


class Settling:
    """The audits of releases (`_withhold._settle`) a test made: how many, each after `pause` s."""

    def __init__(self) -> None:
        self.calls = 0
        self.pause = 0.0


@pytest.fixture
def settling(monkeypatch: pytest.MonkeyPatch) -> Settling:
    """`_withhold._settle` counted (and slowed by `pause`), with nothing remembered from earlier
    tests (`workbench._settled`)."""
    import time

    from workbench import _settled, _withhold

    seen = Settling()
    settle = _withhold._settle

    def counted(*args, **kwargs):
        seen.calls += 1
        time.sleep(seen.pause)
        return settle(*args, **kwargs)

    monkeypatch.setattr(_withhold, "_settle", counted)
    _settled.forget()
    return seen


@pytest.fixture
def db(db_path: Path):
    with wb.connect(db_path) as workbench:
        yield workbench


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built database with an empty import store, copied by tests that import."""
    path = tmp_path_factory.mktemp("template") / "workbench.duckdb"
    wb.connect(path).close()
    return path


@pytest.fixture
def fresh(template: Path, tmp_path: Path) -> Path:
    """A private copy of the template database that a test may import into."""
    path = tmp_path / "db" / "workbench.duckdb"
    path.parent.mkdir()
    copy_database(template, path)
    return path


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The pseudonym key of a test that imports victim records: its own, never the user's."""
    path = tmp_path / "secret" / "pseudonym.key"
    monkeypatch.setenv("WORKBENCH_KEY_FILE", str(path))
    return path


@pytest.fixture
def key(key_file: Path) -> Path:
    """`key_file`, by the name the revision and storage tests give it."""
    return key_file


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def raw() -> dict[str, pd.DataFrame]:
    """The record files as plain pandas frames: the independent side of every comparison."""
    sample = DATA_DIR / "sample"
    events = pd.read_csv(sample / "events.csv", parse_dates=["event_date"])
    victims = pd.read_csv(sample / "victims.csv", parse_dates=["reception_date"], keep_default_na=False)
    support = pd.read_csv(sample / "support_services.csv", parse_dates=["service_date"])
    events["year"] = events["event_date"].dt.year.astype("int64")
    events["month"] = events["event_date"].dt.month.astype("int64")
    victims["year"] = victims["reception_date"].dt.year.astype("int64")
    victims["month"] = victims["reception_date"].dt.month.astype("int64")
    victims["exploitation"] = victims["exploitation"].str.split(";")
    victims["means_of_control"] = victims["means_of_control"].str.split(";")
    support["year"] = support["service_date"].dt.year.astype("int64")
    # The place as recorded: the district before 1 July 2025, the 2025 unit from then on.
    events["district_code"] = events["district_code"].fillna(events["unit_code"]).astype("int64")
    recorded = victims["district_code"].where(victims["district_code"] != "", victims["unit_code"])
    victims["district_code"] = pd.to_numeric(recorded).astype("int64")
    return {"events": events, "victims": victims, "support": support}


@pytest.fixture(params=["posix", "windows"])
def fs_semantics(request, monkeypatch) -> str:
    """Run the test as on POSIX, and again with Windows file semantics (tests/windows_fs.py) in this
    process and every process it starts: renaming over or deleting an open file is refused."""
    if request.param == "windows":
        monkeypatch.setenv(windows_fs.ENV, "1")
        paths = [str(windows_fs.SITE_DIR), *filter(None, [os.environ.get("PYTHONPATH")])]
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
        windows_fs.install()
        request.addfinalizer(windows_fs.uninstall)
    return request.param


@pytest.fixture
def internal(fresh):
    """An internal connection to this test's own database."""
    with wb.connect(fresh, build=False) as db:
        yield db


@pytest.fixture
def public(fresh):
    """A publish-mode connection to this test's own database (its own release register)."""
    with wb.connect(fresh, build=False, mode="publish") as db:
        yield db


@pytest.fixture
def set_audit(monkeypatch):
    """`set_audit(False)`: each table protected on its own, nothing audited across releases (what
    the attacks would recover without the register's audit)."""

    def switch(on: bool) -> None:
        if not on:
            monkeypatch.setattr("workbench._withhold.unsafe", lambda *args, **kwargs: [])

    return switch


@pytest.fixture
def protect_by_count(monkeypatch):
    """`protect_by_count()`: the audit protecting the counts that *hold* fewer than k, as before
    issue 14 closed the zero oracle of docs/releases.md (Limits item 11), where it protects every
    count a reader cannot rule out being below k. Tests that show an attack is real without a part
    of the audit take the rest of the audit as it was then."""

    def switch() -> None:
        def held_below(counts, system, k):
            return [sum(system.truth[i] * c for i, c in vec.items()) < k for vec in counts]

        monkeypatch.setattr("workbench._audit.may_be_below", held_below)
        monkeypatch.setattr(
            "workbench._unions.may_hold_below",
            lambda union, truth, lower, k: sum(truth[j] for j in union) < k,
        )

    return switch
