"""The publish-mode dashboard where publication stops: after victim records are imported, until the
team checks the change (`workbench releases --accept`), publish mode refuses victim counts. A viewer
of the dashboard (someone outside the team) sees one notice in place of the view, never a traceback,
the team's message (a database path, a command), nor the numbers of the view before; the server's
log says why in full; once the change is accepted the tab shows its numbers again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import workbench as wb
from workbench._cli import main
from workbench._dashboard_snapshot import snapshot_html
from workbench._dashboard_state import TABS

CORPUS = Path(__file__).parent / "import_corpus" / "good"
VICTIMS = CORPUS / "victims_identified.csv"  # two people received on 14/06/2023 in Ninh Kiều
NOTICE = {
    "vi": "Hiện chưa thể công bố các số liệu này. Các thẻ khác vẫn xem được.",
    "en": "These figures cannot be published at the moment. The other tabs still work.",
}


def _stopped(fresh: Path) -> None:
    """A release of victims, then an import of two more: publication of victims stops."""
    with wb.connect(fresh, build=False, mode="publish") as public:
        public.victims(years=(2016, 2024))
    assert wb.import_files(VICTIMS, db=fresh, progress=False).rows_added == 2


def _numbers(markup: str) -> list[str]:
    """The digits a viewer reads in a piece of the page (images and attributes left out)."""
    words = re.sub(r"<[^>]*>", " ", re.sub(r'src="[^"]*"', "", markup))
    return re.findall(r"\d+", words)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_stopped_victims_tab_shows_one_notice_and_comes_back_once_accepted(
    fresh, key_file, tmp_path, capfd, lang
):
    _stopped(fresh)
    public = wb.connect(fresh, build=False, mode="publish")
    board = wb.dashboard(public, lang=lang, export_dir=tmp_path)
    board.tabs.selected_index = TABS.index("victims")  # opening the tab does not raise
    [shown] = board._holders["victims"].children
    assert shown.value.count(NOTICE[lang]) == 1
    assert _numbers(shown.value) == []
    snapshot = snapshot_html(board)
    assert NOTICE[lang] in snapshot
    page = snapshot.split('data-tab="victims">', 1)[1]
    assert _numbers(page.split("</div>", 2)[-1]) == [], "the snapshot of the refused tab shows no number"
    # the other tabs work
    board.tabs.selected_index = TABS.index("events")
    assert board.totals["events"].frame["events"].iloc[0] > 0
    # the map of victims: the notice where the map would be, no picture
    board.tabs.selected_index = TABS.index("map")
    board.map_measure.value = "victims"
    assert NOTICE[lang] in board.map_refused.value and board.map_image.layout.display == "none"
    assert NOTICE[lang] in snapshot_html(board)
    # the team reads why in the server's log (its own standard error), not on the page
    log = capfd.readouterr().err
    assert "workbench releases --accept" in log and str(fresh) in log
    assert str(fresh) not in snapshot_html(board)

    assert main(["releases", "--accept", "--db", str(fresh)]) == 0
    board.map_measure.value = "attendees"
    board.map_measure.value = "victims"
    assert board.map_refused.value == "" and board.map_image.layout.display is None
    board.tabs.selected_index = TABS.index("victims")  # opened again, it is built now
    tab = board.totals["victims"]
    assert NOTICE[lang] not in tab.widget.value and "victims" in tab.frame.columns
    assert NOTICE[lang] not in snapshot_html(board)
    public.close()


@pytest.mark.slow
def test_a_victims_tab_open_before_the_stop_hides_its_old_numbers(fresh, key_file, tmp_path, capfd):
    """The dashboard was serving when the import ran: the next change of a filter is refused, and
    the tab does not go on showing the numbers of the view before under the filters of the new one."""
    public = wb.connect(fresh, build=False, mode="publish")
    board = wb.dashboard(public, export_dir=tmp_path)
    board.tabs.selected_index = TABS.index("victims")
    tab = board.totals["victims"]
    assert NOTICE["vi"] not in tab.widget.value
    assert wb.import_files(VICTIMS, db=fresh, progress=False).rows_added == 2
    board.panels["victims"].controls["years"].value = (2017, 2020)
    assert tab.widget.value.count(NOTICE["vi"]) == 1 and _numbers(tab.widget.value) == []
    panel = board.panels["victims"]
    for part in (panel.image, panel.caption, tab.table, tab.downloads, tab.export_row):
        assert part.layout.display == "none"
    snapshot = snapshot_html(board)
    assert NOTICE["vi"] in snapshot and "data:image/png" not in snapshot
    assert "workbench releases --accept" in capfd.readouterr().err

    assert main(["releases", "--accept", "--db", str(fresh)]) == 0
    board.panels["victims"].controls["years"].value = (2018, 2020)
    assert NOTICE["vi"] not in tab.widget.value
    assert panel.image.layout.display is None and "data:image/png" in snapshot_html(board)
    public.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    "again",
    [
        pytest.param(lambda board: board.reset_button.click(), id="reset"),
        pytest.param(lambda board: board.open_address("tab=victims"), id="a-link-opened-in-the-page"),
    ],
)
def test_reset_or_a_link_after_the_stop_shows_the_notice_not_the_refusal(
    fresh, key_file, tmp_path, capfd, again
):
    """Found by an attacker: Reset, or a link opened in a page whose victims tab was built before the
    stop, set the panels' filters straight, and the refusal (a database path, a command) left the
    widget's handler for the page while the tab kept the view before under the new address."""
    public = wb.connect(fresh, build=False, mode="publish")
    board = wb.dashboard(public, export_dir=tmp_path)
    board.open_address("tab=victims&v.years=2016-2020")
    tab = board.totals["victims"]
    assert NOTICE["vi"] not in tab.widget.value
    assert wb.import_files(VICTIMS, db=fresh, progress=False).rows_added == 2
    again(board)  # raises nothing
    board.tabs.selected_index = TABS.index("victims")
    assert tab.widget.value.count(NOTICE["vi"]) == 1 and _numbers(tab.widget.value) == []
    assert board.panels["victims"].image.layout.display == "none"
    snapshot = snapshot_html(board)
    assert NOTICE["vi"] in snapshot and "data:image/png" not in snapshot and str(fresh) not in snapshot
    assert "workbench releases --accept" in capfd.readouterr().err
    public.close()
