"""`import workbench` is cheap: drawing, querying, widgets and the importer load on first use, every
name still there."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

import workbench as wb

LAZY_MODULES = ("ipywidgets", "workbench._panels", "workbench._dashboard", "workbench._importer.run")
# what every command and kernel paid for at `import workbench` (two seconds), needed or not
HEAVY_MODULES = ("matplotlib", "pandas", "duckdb", "scipy", "IPython", *LAZY_MODULES)


def in_fresh_interpreter(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.slow
@pytest.mark.parametrize(
    "imported",
    [
        pytest.param("workbench", id="package"),
        pytest.param("workbench._cli", id="command"),
    ],
)
def test_import_leaves_drawing_querying_widgets_and_importer_unloaded(imported):
    loaded = in_fresh_interpreter(
        f"import json, sys, {imported}\nprint(json.dumps([m for m in {HEAVY_MODULES!r} if m in sys.modules]))"
    )
    assert loaded == []


@pytest.mark.slow
def test_the_commands_help_loads_nothing_heavy():
    """`workbench --help` answers without the libraries no command has asked for yet."""
    code = (
        "import json, sys, contextlib, io\nfrom workbench._cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        f"loaded = [m for m in {HEAVY_MODULES!r} if m in sys.modules]\n"
        "print(json.dumps([loaded, 'workbench' in out.getvalue()]))"
    )
    loaded, helped = in_fresh_interpreter(code)
    assert helped
    assert loaded == []


@pytest.mark.slow
@pytest.mark.parametrize("command", ["brief", "figures"])
@pytest.mark.parametrize(
    "district",
    ["Ninh Kieu x", "Ô Môn'; DROP TABLE victims; --", "O\u0302 Mo\u0302n x"],
    ids=["typo", "injection", "nfd-typo"],
)
def test_a_district_typed_wrong_is_refused_before_the_database_opens(tmp_path, command, district):
    """A typo in `--districts` is answered at once: no database opened or built, nothing heavy loaded."""
    db = tmp_path / "workbench.duckdb"
    argv = [command, "--years", "2016", "2020", "--districts", district, "--db", str(db)]
    code = (
        "import json, sys, contextlib, io\nfrom workbench._cli import main\n"
        "with contextlib.redirect_stderr(io.StringIO()) as err:\n"
        f"    try:\n        status = main({argv!r})\n"
        "    except SystemExit as stop:\n        status = stop.code\n"
        f"loaded = [m for m in {HEAVY_MODULES!r} if m in sys.modules]\n"
        "print(json.dumps([loaded, status, err.getvalue()]))"
    )
    loaded, status, said = in_fresh_interpreter(code)
    assert status not in (0, None)
    assert "Không có quận/huyện" in said and "Ninh Kiều (916)" in said, said
    assert "Traceback" not in said
    assert loaded == []
    assert list(tmp_path.iterdir()) == []  # no database built for a typo


@pytest.mark.slow
def test_star_import_binds_every_public_name():
    names = in_fresh_interpreter(
        "import json\nfrom workbench import *\nimport workbench\n"
        "print(json.dumps([n for n in workbench.__all__ if globals().get(n) is not getattr(workbench, n)]))"
    )
    assert names == []


@pytest.mark.slow
def test_the_names_listed_are_the_public_names():
    """`dir(wb)` (what a notebook's completion offers) lists the public names and nothing else
    without an underscore: no module the package itself imports."""
    listed = in_fresh_interpreter("import json, workbench\nprint(json.dumps(dir(workbench)))")
    assert sorted(n for n in listed if not n.startswith("_")) == sorted(wb.__all__)


@pytest.mark.parametrize("name", wb.__all__)
def test_every_public_name_resolves_and_is_listed(name):
    assert getattr(wb, name) is not None
    assert name in dir(wb)


@pytest.mark.parametrize(
    ("name", "module"),
    [
        pytest.param("events_panel", "workbench._panels", id="panel"),
        pytest.param("Dashboard", "workbench._dashboard", id="dashboard"),
        pytest.param("import_files", "workbench._import_release", id="importer"),
        pytest.param("connect", "workbench._workbench", id="connect"),
        pytest.param("write_brief", "workbench._brief", id="pack"),
        pytest.param("trend_chart", "workbench._charts", id="chart"),
        pytest.param("protect", "workbench._disclosure", id="protect"),
    ],
)
def test_lazy_names_are_the_modules_own_objects(name, module):
    assert getattr(wb, name) is getattr(sys.modules[module], name)


@pytest.mark.parametrize("name", ["events_panels", "_LAZY_", "__wrapped__", "import"])
def test_unknown_names_raise_attribute_error(name):
    with pytest.raises(AttributeError, match=f"has no attribute '{name}'"):
        getattr(wb, name)


@pytest.mark.parametrize("kind", ["events", "victims", "support"])
def test_count_is_what_the_named_helpers_return(db, kind):
    filters = wb.Filters(years=(2016, 2020), districts=["Ninh Kiều", "Cờ Đỏ"])
    named = getattr(db, kind)(filters, by=["district", "year"], lang="en", complete=True)
    counted = db.count(kind, filters, by=["district", "year"], lang="en", complete=True)
    pd.testing.assert_frame_equal(counted, named)
    assert counted.attrs["sql"] == named.attrs["sql"] and counted.attrs["params"] == named.attrs["params"]


def test_count_of_an_unknown_kind_names_the_closest(db):
    with pytest.raises(wb.UnknownCodeError) as caught:
        db.count("victim", by="year")
    assert (caught.value.given, caught.value.closest) == ("victim", "victims")


def test_each_record_kind_is_declared_once_and_its_sql_follows_the_declaration():
    from workbench._kinds import KINDS as DECLARED

    for name, kind in DECLARED.items():
        assert tuple(measure for measure, _ in kind.harmonised_measures) == kind.measures, name
        assert set(kind.breakdowns) <= set(kind.dimensions), name
        assert set(kind.panel_fields) <= set(kind.filter_fields), name
        assert {d.needs for d in kind.dimensions.values() if d.needs} <= set(kind.joins), name
        if kind.sensitive:
            assert kind.protected_measure in kind.measures, name
        assert set(kind.dropped_in_publish) <= set(kind.measures), name


def test_every_filter_of_a_kind_that_counts_people_is_honoured_or_refused_in_publish_mode():
    from workbench import _publishable
    from workbench._kinds import KINDS as DECLARED

    for name, kind in DECLARED.items():
        if kind.withheld_measure is None:
            continue
        category = {"support": _publishable.SUPPORT_FILTERS, **_publishable.OWN_FILTERS}.get(
            name, _publishable.CATEGORY_FILTERS
        )
        assert set(kind.filter_fields) <= _publishable.HONOURED_FILTERS | set(category), name


def test_a_filter_added_to_a_kind_is_refused_by_publish_mode_until_it_is_released(db_path, monkeypatch):
    """A contributor declares a new victims filter (here: topics, on the sex column) and forgets
    publish mode: the published count must refuse it, never count everyone under its footer."""
    import dataclasses

    from workbench import _kinds

    victims = _kinds.KINDS["victims"]
    widened = dataclasses.replace(
        victims, filter_columns={**victims.filter_columns, "topics": ("v.sex", "in")}
    )
    monkeypatch.setitem(_kinds.KINDS, "victims", widened)
    with wb.connect(db_path, mode="publish", build=False) as published:
        with pytest.raises(wb.DisclosureError, match="topics"):
            published.count("victims", topics=["trafficking"], by="year")
        assert published.count("victims", by="year")["victims_display"].notna().all()


def test_publish_mode_sql_names_no_view_of_a_kind_that_counts_people(db_path):
    from workbench._kinds import KINDS as DECLARED

    with wb.connect(db_path, mode="publish", build=False) as published:
        for kind in DECLARED.values():
            for relation in kind.relations:
                if kind.withheld_measure is not None:  # people, or contacts withheld below k
                    with pytest.raises(PermissionError):
                        published.sql(f"SELECT count(*) AS n FROM {relation}")
                else:
                    assert published.sql(f"SELECT count(*) AS n FROM {relation}")["n"][0] > 0


@pytest.mark.parametrize("mode", ["internal", "publish"])
def test_every_record_kind_has_its_named_helper_in_both_modes(db_path, mode):
    """`db.hotline(...)` was an AttributeError on an internal connection (only `db.count("hotline")`
    answered), where publish mode had it: each kind is asked by its name on either connection."""
    from workbench._kinds import KINDS

    with wb.connect(db_path, mode=mode, build=False) as db:
        for kind in KINDS:
            helper = getattr(db, kind, None)
            assert callable(helper), f"db.{kind} is missing in {mode} mode"
            asked = {"years": 2021, "by": "year"}
            pd.testing.assert_frame_equal(helper(**asked), db.count(kind, **asked))


def test_publish_mode_counts_any_kind_as_its_named_helper_releases_it(db_path):
    with wb.connect(db_path, mode="publish", build=False) as published:
        events = published.count("events", by="year")
        pd.testing.assert_frame_equal(events, published.events(by="year"))
        victims = published.count("victims", years=(2016, 2020), by="year")
        assert victims.attrs["mode"] == "publish" and "victims" in victims.columns
        with pytest.raises(wb.UnknownCodeError) as caught:
            published.count("victim")
        assert caught.value.closest == "victims"
