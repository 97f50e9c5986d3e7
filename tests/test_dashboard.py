"""Dashboard mode in Python: totals equal the query helpers, export folder, the Voilà command line.
(The same page in a real browser: tests/test_browser.py.)"""

import unicodedata

import pytest

import workbench as wb
from workbench._cli import parser
from workbench._dashboard import DASHBOARD_NOTEBOOK, HOST, notebook_path, voila_command


@pytest.fixture
def board(db, tmp_path):
    return wb.dashboard(db, wb.Filters(years=(2016, 2020)), export_dir=tmp_path)


def _shown(board, kind):
    html = board.totals[kind].widget.value
    return {
        measure: html.split(f'data-measure="{measure}">')[1].split("<")[0]
        for measure in ("events", "attendees", "leaflets", "victims")
        if f'data-measure="{measure}"' in html
    }


@pytest.mark.parametrize(
    ("districts", "years"),
    [
        pytest.param((916, 925), (2016, 2020), id="two-districts-review-period"),
        pytest.param((927,), (2021, 2024), id="one-rural-district"),
        pytest.param((), (2025, 2026), id="after-the-reform-harmonised"),
    ],
)
def test_totals_are_what_the_api_returns_for_the_same_filters(board, db, districts, years):
    events = board.panels["events"]
    events.controls["districts"].value = districts
    events.controls["years"].value = years
    expected = db.events(wb.Filters(districts=districts, years=years))
    shown = _shown(board, "events")
    assert shown == {m: wb.format_number(expected[m][0]) for m in ("events", "attendees", "leaflets")}
    assert board.totals["events"].frame.equals(expected)


def test_totals_follow_names_written_any_way(board, db):
    nfd = unicodedata.normalize("NFD", "Cờ Đỏ")
    board.panels["victims"].set_filters(wb.Filters(districts=[nfd, "ninh kieu"], years=(2016, 2020)))
    expected = db.victims(wb.Filters(districts=[925, 916], years=(2016, 2020)))
    assert _shown(board, "victims") == {"victims": wb.format_number(expected["victims"][0])}


def test_labels_are_vietnamese_unless_english(db, tmp_path):
    vi = wb.dashboard(db, export_dir=tmp_path)
    en = wb.dashboard(db, export_dir=tmp_path, lang="en")
    assert "Số hoạt động tuyên truyền" in vi.totals["events"].widget.value
    assert vi.widget.titles == ("Tuyên truyền", "Nạn nhân (nội bộ)")
    assert "Awareness events" in en.totals["events"].widget.value
    assert en.widget.titles == ("Awareness events", "Victims (internal)")


def test_export_button_writes_into_workbench_export_dir(db, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_EXPORT_DIR", str(tmp_path / "exports"))
    board = wb.dashboard(db, wb.Filters(years=(2016, 2020), districts=[916]))
    board.panels["events"].export_button.click()
    written = sorted(p.suffix for p in (tmp_path / "exports").iterdir())
    assert written == [".json", ".json", ".json", ".pdf", ".png", ".svg"]
    assert "Đã lưu" in board.panels["events"].status.value


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param(None, DASHBOARD_NOTEBOOK, id="default"),
        pytest.param("02_events_explorer", "02_events_explorer.ipynb", id="without-suffix"),
        pytest.param("02_events_explorer.ipynb", "02_events_explorer.ipynb", id="file-name"),
    ],
)
def test_notebook_path_finds_notebooks(given, expected):
    assert notebook_path(given).name == expected


@pytest.mark.parametrize(
    "given",
    [
        pytest.param("02_event_explorer.ipynb", id="typo"),
        pytest.param("../README.md", id="outside-notebooks"),
        pytest.param("x'; rm -rf /", id="hostile"),
    ],
)
def test_unknown_notebook_names_the_valid_ones(given):
    with pytest.raises(wb.UnknownCodeError, match=r"08_dashboard\.ipynb") as error:
        notebook_path(given)
    assert isinstance(error.value, wb.WorkbenchError)
    if given == "02_event_explorer.ipynb":
        assert "did you mean '02_events_explorer.ipynb'" in str(error.value)


def test_voila_serves_on_localhost_with_code_hidden_and_passes_options_last():
    command = voila_command(notebook_path(), ["--port=9999", "--no-browser"])
    assert command[1:3] == ["-m", "voila"]
    assert command[3].endswith(DASHBOARD_NOTEBOOK)
    assert f"--Voila.ip={HOST}" in command and HOST == "127.0.0.1"
    assert "--strip_sources=True" in command
    assert command[-2:] == ["--port=9999", "--no-browser"]


def test_dashboard_command_passes_unknown_options_to_voila():
    args, extra = parser().parse_known_args(["dashboard", "--no-browser", "--port=9999"])
    assert args.command == "dashboard" and args.notebook is None
    assert extra == ["--no-browser", "--port=9999"]
