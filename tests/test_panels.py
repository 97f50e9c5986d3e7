"""Filter panels: setting a control's value changes the Filters and what is drawn, in place."""

from __future__ import annotations

import html

import matplotlib.pyplot as plt
import pytest

import workbench as wb
from workbench._labels import title

PERIOD = wb.Filters(years=(2016, 2020))


@pytest.fixture
def events(db, tmp_path):
    return wb.events_panel(db, PERIOD, export_dir=tmp_path / "figures")


@pytest.fixture
def victims(db, tmp_path):
    return wb.victims_panel(db, PERIOD, export_dir=tmp_path / "figures")


def drawn(panel):
    """What the two Axes show: bar heights by year, bar widths of the breakdown."""
    return (
        [p.get_height() for p in panel.trend_ax.patches],
        [p.get_width() for p in panel.breakdown_ax.patches],
    )


def expected(db, panel):
    query = getattr(db, panel.kind)
    measure, by = panel.measure.value, panel.breakdown.value
    trend = query(panel.filters, by="year", complete=True)[measure].tolist()
    parts = query(panel.filters, by=by, complete=by == "district")[measure].tolist()
    return trend, parts


@pytest.mark.slow
@pytest.mark.parametrize(
    ("control", "value", "field", "normalised"),
    [
        pytest.param("districts", (916, 925), "districts", (916, 925), id="districts"),
        pytest.param("years", (2018, 2019), "years", (2018, 2019), id="years"),
        pytest.param("organisers", ("dolisa",), "organisers", ("dolisa",), id="organiser"),
        pytest.param("event_types", ("rally", "training"), "event_types", ("rally", "training"), id="type"),
        pytest.param("topics", ("online_scams",), "topics", ("online_scams",), id="topic"),
    ],
)  # fmt: skip
def test_events_controls_change_filters_and_plotted_values(db, events, control, value, field, normalised):
    before = drawn(events)
    events.controls[control].value = value
    assert getattr(events.filters, field) == normalised
    assert drawn(events) == expected(db, events)
    assert drawn(events) != before


@pytest.mark.slow
@pytest.mark.parametrize(
    ("control", "value", "field"),
    [
        pytest.param("districts", (926,), "districts", id="districts"),
        pytest.param("sexes", ("male",), "sexes", id="sex"),
        pytest.param("age_bands", ("9-17", "18-20"), "age_bands", id="age"),
        pytest.param("exploitation_forms", ("sexual_exploitation",), "exploitation_forms", id="exploitation"),
        pytest.param("destinations", ("CN",), "destinations", id="destination"),
        pytest.param("reception_channels", ("border_handover",), "reception_channels", id="channel"),
    ],
)
def test_victims_controls_change_filters_and_plotted_values(db, victims, control, value, field):
    victims.controls[control].value = value
    assert getattr(victims.filters, field) == tuple(sorted(value))
    assert drawn(victims) == expected(db, victims)


@pytest.mark.slow
def test_the_district_control_speaks_vietnamese(events):
    labels = [name for name, _ in events.controls["districts"].options]
    assert labels == [d.name_vi for d in wb.districts()]
    assert events.controls["districts"].description == "Quận/huyện"


@pytest.mark.slow
def test_english_panel_labels(db, tmp_path):
    panel = wb.events_panel(db, PERIOD, lang="en", export_dir=tmp_path)
    assert panel.controls["organisers"].description == "Organisers"
    assert ("Dept. of Labour, Invalids and Social Affairs", "dolisa") in panel.controls["organisers"].options
    assert panel.trend_ax.get_title() == "Awareness events by year"


@pytest.mark.slow
def test_measure_and_breakdown_change_the_chart_and_table_together(db, events):
    events.measure.value = "attendees"
    events.breakdown.value = "organiser"
    assert drawn(events) == expected(db, events)
    assert events.trend_ax.get_title() == "Lượt người tham dự theo năm"
    table = events.frames["breakdown"]
    assert html.escape(table.loc[0, "organiser_label"]) in events.table.value  # Sở LĐ-TB&amp;XH
    assert wb.format_number(int(table.loc[0, "attendees"])) in events.table.value


@pytest.mark.slow
def test_full_year_span_means_no_year_filter(events):
    slider = events.controls["years"]
    slider.value = (slider.min, slider.max)
    assert events.filters.years is None


def test_set_filters_sets_every_control_and_redraws_once(db, events):
    seen = []
    events.on_change(seen.append)
    wanted = wb.Filters(years=(2021, 2024), districts=["Thới Lai"], organisers=["police", "school"])
    events.set_filters(wanted)
    assert seen == [wanted]
    assert events.filters == wanted
    assert drawn(events) == expected(db, events)


@pytest.mark.slow
def test_show_sql_prints_the_exact_sql_and_parameters(events):
    assert events.sql_view.value == ""
    events.controls["districts"].value = (919,)
    events.show_sql.value = True
    shown = html.unescape(events.sql_view.value)
    for frame in events.frames.values():
        assert frame.attrs["sql"] in shown
    assert '"districts": [919]' in shown
    events.controls["districts"].value = (923,)  # stays in step with what is drawn
    assert '"districts": [923]' in html.unescape(events.sql_view.value)
    events.show_sql.value = False
    assert events.sql_view.value == ""


@pytest.mark.slow
def test_redraws_in_place_without_piling_up_figures(events):
    open_before = plt.get_fignums()
    figure, image = events.figure, events.image
    texts_before, axes_before = len(figure.texts), len(figure.axes)
    districts = [d.code for d in wb.districts()]
    for i in range(50):
        events.controls["districts"].value = (districts[i % len(districts)],)
    assert plt.get_fignums() == open_before
    assert events.figure is figure and events.image is image
    assert (len(figure.texts), len(figure.axes)) == (texts_before, axes_before)
    assert bytes(image.value).startswith(b"\x89PNG")


@pytest.mark.slow
def test_export_button_writes_the_current_figure(events, tmp_path):
    events.controls["districts"].value = (916,)
    events.export_button.click()
    written = sorted(p.name for p in (tmp_path / "figures").iterdir())
    assert len(written) == 6
    assert {p.rsplit(".", 2)[-1] if p.endswith(".json") else p.rsplit(".", 1)[-1] for p in written} == {
        "png", "svg", "pdf", "json"
    }  # fmt: skip
    assert "Đã lưu" in events.status.value


def test_unknown_panel_kind_is_refused(db):
    with pytest.raises(wb.UnknownCodeError, match="Unknown panel kind 'event'"):
        wb.FilterPanel(db, "event")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("control", "value", "reused"),
    [
        pytest.param("organisers", ("police",), True, id="organiser-same-bars"),
        pytest.param("districts", (916, 925), True, id="districts-same-bars"),
        pytest.param("topics", ("online_scams",), True, id="topic-same-bars"),
        pytest.param("years", (2018, 2019), False, id="fewer-years-new-bars"),
    ],
)
def test_bars_given_new_lengths_draw_the_picture_a_fresh_panel_draws(db, events, control, value, reused):
    before = list(events.trend_ax.patches)
    events.controls[control].value = value
    assert (list(events.trend_ax.patches) == before) is reused
    fresh = wb.events_panel(db, events.filters)
    for mine, theirs in ((events.trend_ax, fresh.trend_ax), (events.breakdown_ax, fresh.breakdown_ax)):
        assert [p.get_bbox().bounds for p in mine.patches] == [p.get_bbox().bounds for p in theirs.patches]
        assert (mine.get_xlim(), mine.get_ylim()) == (theirs.get_xlim(), theirs.get_ylim())
    assert bytes(events.image.value) == bytes(fresh.image.value)


@pytest.mark.slow
def test_a_new_breakdown_or_measure_draws_new_bars(db, events):
    bars = list(events.breakdown_ax.patches)
    events.breakdown.value = "organiser"
    assert not set(events.breakdown_ax.patches) & set(bars)
    bars = list(events.trend_ax.patches)
    events.measure.value = "leaflets"
    assert not set(events.trend_ax.patches) & set(bars)
    assert drawn(events) == expected(db, events)
    assert events.trend_ax.get_title() == title("leaflets", "year", "vi")


@pytest.mark.slow
def test_publish_mode_panel_draws_withheld_cells_anew_on_every_change(db_path):
    with wb.connect(db_path, mode="publish") as public:
        panel = wb.victims_panel(public, PERIOD)
        for districts in [(916,), (919, 926), ()]:
            panel.controls["districts"].value = districts
            fresh = wb.victims_panel(public, panel.filters)
            for mine, theirs in ((panel.trend_ax, fresh.trend_ax), (panel.breakdown_ax, fresh.breakdown_ax)):
                assert [(p.get_hatch(), p.get_bbox().bounds) for p in mine.patches] == [
                    (p.get_hatch(), p.get_bbox().bounds) for p in theirs.patches
                ]
                assert [p.get_gid() for p in mine.patches] == [p.get_gid() for p in theirs.patches]
            assert any(p.get_gid() == "withheld" for p in panel.trend_ax.patches)


@pytest.mark.slow
def test_an_internal_panel_exports_its_figure_with_the_internal_band(internal, public, tmp_path):
    """An internal panel's exported file said 'internal' only in its footer's last line; every
    other internal figure carries the red band across its top. On screen the tab says it, and the
    band goes again after the export."""
    exact = wb.victims_panel(internal, PERIOD)
    drawn = exact.export(tmp_path / "exact", formats=("svg",))[0].read_text(encoding="utf-8")
    assert "NỘI BỘ – KHÔNG CÔNG BỐ" in drawn
    assert not any(a.get_gid() for a in exact.figure.artists) and not exact.figure.texts
    top = exact.figure.subplotpars.top
    exact.export(tmp_path / "again", formats=("svg",))
    assert exact.figure.subplotpars.top == top  # the room the band took is given back
    published = wb.victims_panel(public, PERIOD).export(tmp_path / "published", formats=("svg",))
    assert "NỘI BỘ" not in published[0].read_text(encoding="utf-8")


def test_an_internal_panel_exports_apart_from_published_figures(internal, public, tmp_path, monkeypatch):
    """The victims explorer (internal by default) wrote its exact figure into out/figures/ under
    the name a publish-mode panel of the same view writes: the published file was replaced by
    exact counts, nothing in its name saying so. Internal exports go to out/internal/figures/,
    named `_internal`."""
    monkeypatch.setattr("workbench._paths.PROJECT_ROOT", tmp_path)
    published = wb.victims_panel(public, PERIOD).export(formats=("png",))
    exact = wb.victims_panel(internal, PERIOD).export(formats=("png",))
    assert [p.parent for p in published] == [tmp_path / "out" / "figures"] * 2
    assert [p.parent for p in exact] == [tmp_path / "out" / "internal" / "figures"] * 2
    assert exact[0].name == published[0].name.replace("_vi.png", "_internal_vi.png")
    assert "_internal" not in published[0].name
    assert (tmp_path / "out" / "internal").stat().st_mode & 0o777 == 0o700
