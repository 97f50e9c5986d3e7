"""Withheld counts on charts (publish mode): never drawn as a value. A withheld cell's bar has no
length, its mark ('<5', 'x') is written at the axis, and the footer says what the mark is; a chart
with every count withheld shows no scale; a panel redrawing into the same Axes gets its scale back.
Read from the returned Axes (bar lengths, texts, ticks), not from pixels."""

from __future__ import annotations

import numpy as np
import pytest

import workbench as wb

PERIOD = wb.Filters(years=(2016, 2020))
ALL_WITHHELD = wb.Filters(years=(2026, 2026))  # every district below 5 (the sample's part year)
MARK = "withheld-mark"
FOOTER_VI = "Ô bị ẩn không có cột, chỉ ghi dấu (<5, x) ở trục"
FOOTER_EN = "Withheld cells have no bar: only their mark (<5, x) at the axis"


@pytest.fixture
def published(db_path):
    with wb.connect(db_path, mode="publish") as public:
        yield public


def _marks(ax) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_gid() == MARK and t.get_text()]


def _withheld(frame, measure="victims"):
    return frame[f"{measure}_status"] != "published"


def _figure(name: str):
    (spec,) = [s for s in wb.STANDARD_FIGURES if s.name == name]
    return spec


@pytest.mark.parametrize(
    ("chart", "by", "length"),
    [
        pytest.param(wb.trend_chart, "year", "height", id="trend"),
        pytest.param(wb.district_chart, "district", "width", id="district"),
        pytest.param(wb.breakdown_chart, "destination", "width", id="breakdown"),
    ],
)
def test_a_withheld_count_has_no_bar_length_and_its_mark_at_the_axis(published, chart, by, length):
    """A hatched bar as high as the threshold was read as a count of 5."""
    frame = published.victims(PERIOD, by=by, complete=by in ("year", "district"))
    withheld = _withheld(frame)
    assert withheld.any() and (~withheld).any(), "the premise: some counts withheld, some shown"
    ax = chart(frame)
    _, _, marks = wb._charts.bar_rows(frame, "victims")
    lengths = [getattr(p, f"get_{length}")() for p in ax.patches]
    shown = [m is None for m in marks]
    assert [v for v, s in zip(lengths, shown, strict=True) if not s] == [0.0] * int(withheld.sum())
    published_counts = frame.loc[~withheld, "victims"].astype(float).tolist()
    assert sorted(v for v, s in zip(lengths, shown, strict=True) if s) == sorted(published_counts)
    assert sorted(_marks(ax)) == sorted(frame.loc[withheld, "victims_display"])
    # The mark stands at the axis: where a bar would start, at 0 on the count axis.
    for text in [t for t in ax.texts if t.get_gid() == MARK and t.get_text()]:
        at = text.xy[0] if length == "width" else text.xy[1]
        assert at == 0, text.get_text()
    assert FOOTER_VI in wb.footer(ax.figure).replace("\n", " ")
    english = chart(
        published.victims(PERIOD, by=by, lang="en", complete=by in ("year", "district")), lang="en"
    )
    assert FOOTER_EN in wb.footer(english.figure).replace("\n", " ")


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    ["14_victims_being_identified_or_not_victims", "10_victims_by_age_and_sex"],
    ids=["fig14", "fig10"],
)
def test_grouped_figures_draw_withheld_cells_without_length_and_marked(published, name):
    ax, (frame,) = _figure(name).draw(published, PERIOD, "vi", published.metadata)
    withheld = _withheld(frame)
    assert withheld.any()
    horizontal = name.startswith("10")
    if withheld.all() and horizontal:
        # Every cell withheld: no bar, no mark per cell, one line saying every count is withheld,
        # and every category of the frame still on the axis (none dropped for being empty).
        assert [t for t in ax.texts if t.get_gid() == "all-withheld"]
        assert not _marks(ax) and all(p.get_width() == 0 for p in ax.patches)
        ticks = {t.get_text() for t in ax.get_yticklabels()}
        assert set(frame["age_band_label"]) <= ticks
        return
    lengthless = [p for p in ax.patches if p.get_gid() == "withheld"]
    assert all((p.get_width() if horizontal else p.get_height()) == 0 for p in lengthless)
    assert len(lengthless) == int(withheld.sum())
    assert sorted(_marks(ax)) == sorted(frame.loc[withheld, "victims_display"])
    drawn = sorted(round(p.get_width() if horizontal else p.get_height(), 6) for p in ax.patches)
    shown = frame.loc[~withheld, "victims"].astype(float)
    assert [v for v in drawn if v] == sorted(v for v in shown if v)  # the shown counts, no other length


@pytest.mark.parametrize(
    "chart",
    [
        pytest.param(wb.rate_chart, id="rate"),
        pytest.param(wb.district_chart, id="district"),
        pytest.param(wb.breakdown_chart, id="breakdown"),
    ],
)
def test_a_chart_of_withheld_counts_only_shows_no_scale(published, chart):
    """A published rate chart of 2025 read '-0,1 0,0 0,0 ... 0,1' along its axis."""
    frame = published.victims(ALL_WITHHELD, by="district", complete=True)
    assert _withheld(frame).all(), "the premise: every count withheld"
    ax = chart(frame)
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks == []
    assert ax.get_xlim() == (0, 1)  # the marks stand at the left, where the bars would start
    assert len(_marks(ax)) == len(ax.patches) >= 9  # a mark per place drawn (a rate: the nine districts)
    assert all(p.get_width() == 0 for p in ax.patches)
    assert ax.get_autoscalex_on()  # left on: a redraw into these Axes scales to its bars


def test_a_trend_of_withheld_counts_only_shows_no_scale(published):
    frame = published.victims(ALL_WITHHELD, by="year", complete=True)
    assert _withheld(frame).all()
    ax = wb.trend_chart(frame)
    ax.figure.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels() if t.get_text()] == []
    assert ax.get_ylim() == (0, 1)
    assert _marks(ax) == ["<5"]


def _scale(ax):
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    return ticks, ax.get_xlim()


@pytest.mark.slow
def test_a_panel_redraws_from_all_withheld_to_counts_and_back(db_path):
    """Fixing the axis limits on an all-withheld draw kept a panel's later bars at the old scale."""
    with wb.connect(db_path, mode="publish") as public:
        panel = wb.victims_panel(public, PERIOD)
        ax = panel.breakdown_ax
        assert panel.breakdown.value == "district"
        for filters in (PERIOD, ALL_WITHHELD, PERIOD, ALL_WITHHELD):
            panel.set_filters(filters)
            frame = panel.frames["breakdown"]
            ticks, (low, high) = _scale(ax)
            if _withheld(frame).all():
                assert ticks == [] and (low, high) == (0, 1)
                assert len(_marks(ax)) == len(frame)
                continue
            longest = max(p.get_width() for p in ax.patches)
            assert longest == frame["victims"].max() > 1
            assert low == 0 and high > longest, (low, high)  # the bars fit the scale again
            assert len(ticks) >= 2 and not any(t.startswith(("-", "−")) for t in ticks)
            # the same picture as a panel drawn afresh with these filters
            fresh = wb.victims_panel(public, filters)
            assert _scale(fresh.breakdown_ax) == (ticks, (low, high))


@pytest.mark.slow
def test_the_effort_chart_puts_withheld_districts_on_the_axis_not_at_a_rate(published):
    """A withheld district sat at 5 ÷ population: an incidence nobody published."""
    events = published.events(PERIOD, by="district", complete=True)
    victims = published.victims(PERIOD, by="district", complete=True)
    withheld = _withheld(victims)
    assert withheld.any() and (~withheld).any()
    ax = wb.effort_chart(events, victims)
    (hollow,) = [c for c in ax.collections if c.get_gid() == "withheld"]
    offsets = np.asarray(hollow.get_offsets())
    assert len(offsets) == int(withheld.sum())
    # y on the Axes' own height, in a band under the incidence scale, not on the scale
    assert hollow.get_offset_transform() == ax.get_xaxis_transform()
    band = wb._charts.WITHHELD_BAND
    assert offsets[:, 1].tolist() == [band / 2] * len(offsets)
    ax.figure.canvas.draw()
    low, high = ax.get_ylim()
    band_top = low + (high - low) * band
    labelled = [
        (t.get_position()[1], t.get_text())
        for t in ax.get_yticklabels()
        if low <= t.get_position()[1] <= high
    ]
    ticks = [y for y, words in labelled if words != "Không công bố"]
    assert ticks and min(ticks) >= band_top - 1e-9, (ticks, band_top)  # no incidence read in the band
    # the band's one tick names it: not published, not a low incidence
    assert [words for y, words in labelled if y < band_top] == ["Không công bố"]
    shown = next(c for c in ax.collections if c.get_gid() != "withheld")
    incidence = wb.rates_per_100k(victims[~withheld].reset_index(drop=True), "victims")
    assert sorted(np.asarray(shown.get_offsets())[:, 1]) == pytest.approx(sorted(incidence))
    named = [t.get_text() for t in ax.texts if t.get_gid() == MARK]
    assert sorted(named) == sorted(
        f"{name} ({mark})"
        for name, mark in zip(
            victims.loc[withheld, "district"], victims.loc[withheld, "victims_display"], strict=True
        )
    )
    legend = [t.get_text().replace("\n", " ") for t in ax.get_legend().get_texts()]
    assert any("bị ẩn" in words and "dải xám" in words for words in legend), legend


@pytest.mark.slow
def test_an_effort_chart_with_every_victim_count_withheld_shows_no_incidence_scale(published):
    events = published.events(ALL_WITHHELD, by="district", complete=True)
    victims = published.victims(ALL_WITHHELD, by="district", complete=True)
    ax = wb.effort_chart(events, victims)
    ax.figure.canvas.draw()
    # no incidence scale: the axis names only the strip of withheld districts
    assert [t.get_text() for t in ax.get_yticklabels() if t.get_text()] == ["Không công bố"]
    assert len([t for t in ax.texts if t.get_gid() == MARK]) == len(victims)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["publish", "internal"])
def test_former_provinces_before_the_merger_are_not_applicable_not_withheld(db_path, mode):
    """The district x year table showed '<5' for Hậu Giang's and Sóc Trăng's areas in 2023-2024,
    when they were not part of the city: not a small count, no count at all."""
    with wb.connect(db_path, mode=mode) as source:
        frame = source.count(
            "victims", wb.Filters(years=(2023, 2026)), by=["district", "year"], complete=True
        )
        shown = wb._charts.district_year_display(frame, "victims")
        groups = [
            name
            for code, name in zip(frame["district_code"], frame["district"], strict=True)
            if code in (93, 94)
        ]
        assert len(set(groups)) == 2
        for group in set(groups):
            row = shown.loc[group]
            assert [row[2023], row[2024]] == ["—", "—"], row.tolist()
            assert "—" not in (row[2025], row[2026], row["Tổng"])
        assert (shown.drop(index=list(set(groups))) != "—").all().all()  # the nine districts are as before
        assert wb._charts.not_applicable_notes(shown, "vi") == [
            "—: không áp dụng (khu vực Hậu Giang cũ, Sóc Trăng cũ thuộc thành phố từ 01/07/2025)"
        ]
        ax = wb.heatmap_chart(frame, "victims")
        texts = {t.get_text() for t in ax.texts}
        assert "—" in texts
        assert "—: không áp dụng" in wb.footer(ax.figure)


def _inside_strip(ax, share: float) -> list[str]:
    """The withheld districts' names drawn above `share` of the Axes' height (none should be)."""
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    top = frame.y0 + frame.height * share
    return [
        t.get_text()
        for t in ax.texts
        if t.get_gid() == MARK and t.get_visible() and t.get_window_extent(renderer).y1 > top + 0.5
    ]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_with_no_victim_count_published_the_effort_chart_says_so_and_keeps_names_in_its_strip(
    published, lang
):
    """Every district withheld: names floated above the strip, read as points with a rate."""
    events = published.events(ALL_WITHHELD, by="district", complete=True)
    victims = published.victims(ALL_WITHHELD, by="district", complete=True)
    ax = wb.effort_chart(events, victims, lang=lang)
    said = [t.get_text().replace("\n", " ") for t in ax.texts if t.get_gid() == "none-published"]
    expected = {
        "vi": "Không quận/huyện nào được công bố số nạn nhân",
        "en": "No district's victim count is published",
    }
    assert len(said) == 1 and said[0].startswith(expected[lang]), said
    assert _inside_strip(ax, wb._charts.NONE_SHOWN_TOP) == []
    assert not [line for line in ax.lines if line.get_linestyle() == ":"]  # no incidence reference line


@pytest.mark.slow
def test_withheld_district_names_stay_in_the_not_published_strip(published):
    events = published.events(PERIOD, by="district", complete=True)
    victims = published.victims(PERIOD, by="district", complete=True)
    ax = wb.effort_chart(events, victims)
    assert not [t for t in ax.texts if t.get_gid() == "none-published"]
    assert _inside_strip(ax, wb._charts.WITHHELD_BAND) == []


@pytest.mark.slow  # a database copied, published at k = 10
def test_the_footer_names_the_mark_of_the_protection_level_the_chart_was_published_at(fresh):
    """A pack published at k = 10 marked its withheld cells '<10' but said under each chart that
    they were marked '(<5, x)'."""
    with wb.connect(fresh, mode="publish", k=10) as public:
        frame = public.victims(PERIOD, by="district", complete=True)
        assert (frame["victims_display"] == "<10").any(), "the premise: a cell marked <10"
        said = wb.footer(wb.district_chart(frame).figure).replace("\n", " ")
        effort = wb.effort_chart(public.events(PERIOD, by="district", complete=True), frame, lang="en")
    assert "(<10, x)" in said
    assert "<5" not in said
    # the effort chart's legend names the strip of withheld districts with the same mark
    (label,) = [c.get_label() for c in effort.collections if c.get_gid() == "withheld"]
    assert "(<10, x)" in label.replace("\n", " ")
