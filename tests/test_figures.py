"""Briefing-grade figures: every standard figure and map, drawn for a table of selections, read back
as a reader sees it — tick labels that do not overlap (from their drawn extents), the period and
the selection in the title, the internal band exactly where victim counts are exact, the 2025-reform
note only when the period reaches past 1 July 2025, whole victims, a 'no data' state — and a few
image baselines compared within a tolerance to catch visual regressions.

Regenerate the baselines after an intended change of the figures' look (then look at them):

    WORKBENCH_REGENERATE_BASELINES=1 uv run pytest tests/test_figures.py -k baseline
"""

from __future__ import annotations

import io
import itertools
import os
import re
from pathlib import Path

import numpy as np
import pytest
from matplotlib.axes import Axes
from PIL import Image

import workbench as wb
from workbench._figure import stamp
from workbench._units import geography_note

BASELINES = Path(__file__).parent / "baselines"
BASELINE_DPI = 60
RMS_TOLERANCE = 4.0  # on 0-255 grey levels: anti-aliasing noise passes, a moved label does not
EMPTY = wb.Filters(
    years=(2016, 2016),
    districts=["Phong Điền"],
    event_types="leaflet_drive",
    destinations="KR",
    media="newspaper",
)
CASES = {
    # id: (filters, mode, lang)
    "review-2016-2020-publish": (wb.Filters(years=(2016, 2020)), "publish", "vi"),
    "review-2016-2020-internal": (wb.Filters(years=(2016, 2020)), "internal", "vi"),
    "two-districts-2016-2026": (
        wb.Filters(years=(2016, 2026), districts=["Ninh Kiều", "Cờ Đỏ"]),
        "publish",
        "vi",
    ),
    "after-reform-en-internal": (wb.Filters(years=(2021, 2026)), "internal", "en"),
    "one-year-one-district": (wb.Filters(years=(2019, 2019), districts=["Thới Lai"]), "internal", "vi"),
    "empty": (EMPTY, "internal", "vi"),
    "long-selection": (
        wb.Filters(
            years=(2016, 2020),
            districts=[d.code for d in wb.districts()],
            organisers=["dolisa", "police", "school", "womens_union"],
        ),
        "publish",
        "vi",
    ),
}
REFORM_NOTES = [geography_note(view, lang) for view in ("harmonised", "recorded") for lang in ("vi", "en")]


pytestmark = pytest.mark.slow  # every figure drawn for six selections, once per run


@pytest.fixture(scope="module")
def drawn(db_path):
    """Every standard figure and three maps for every case: {case: [(name, Axes, frames)]}."""
    from workbench._build import database_id
    from workbench._release import register_for

    figures = {}
    with wb.connect(db_path, mode="internal") as db:
        for case, (filters, mode, lang) in CASES.items():
            publish = mode == "publish"
            if publish:
                # Each published case is a first release, as a reader of one pack meets it: audited
                # after the other cases' releases it would only withhold more (what the release
                # tests are for), and cost a minute here.
                register_for(db_path, database_id(db_path)).write_text("", encoding="utf-8")
            made = wb.briefing_figures(db, filters, lang=lang, mode=mode)
            # A published map draws a publish-mode table (publish=True on an internal one is refused).
            if publish:
                with wb.connect(db_path, mode="publish") as published:
                    victims = published.victims(filters, by="district", lang=lang)
            else:
                victims = db.victims(filters, by="district", lang=lang)
            events = db.events(filters, by="district", lang=lang)
            made += [
                (
                    "map_attendees",
                    wb.district_map(events, "attendees", lang=lang, meta=db.metadata),
                    [events],
                ),
                ("map_rate", wb.district_map(events, "attendees", value="rate", lang=lang), [events]),
                ("map_victims", wb.district_map(victims, publish=publish, lang=lang), [victims]),
            ]
            for _, ax, _ in made:
                ax.figure.canvas.draw()
            figures[case] = made
    return figures


def _each(drawn):
    return [(case, name, ax, frames) for case, made in drawn.items() for name, ax, frames in made]


# Kinds whose small counts publish mode withholds: an exact table of them is stamped internal.
WITHHELD_KINDS = {"victims", "support", "cases", "hotline"}


def _shows_victims(frames) -> bool:
    return any(f.attrs.get("kind") in WITHHELD_KINDS for f in frames)


def _tick_labels(axis):
    if not axis.axes.axison:  # a map: no axes drawn
        return []
    renderer = axis.figure.canvas.get_renderer()
    low, high = sorted(axis.get_view_interval())
    shown = []
    for tick, label in zip(axis.get_majorticklocs(), axis.get_majorticklabels(), strict=False):
        if label.get_visible() and label.get_text() and low - 1e-9 <= tick <= high + 1e-9:
            shown.append((label.get_text(), label.get_window_extent(renderer)))
    return shown


@pytest.mark.slow
def test_every_case_draws_every_standard_figure_and_the_maps(drawn):
    for made in drawn.values():
        assert [name for name, _, _ in made][: len(wb.STANDARD_FIGURES)] == [
            spec.name for spec in wb.STANDARD_FIGURES
        ]
        assert len(made) == len(wb.STANDARD_FIGURES) + 3


def test_no_two_tick_labels_on_an_axis_overlap(drawn):
    overlapping = []
    for case, name, ax, _ in _each(drawn):
        for axes in ax.figure.axes:
            for axis in (axes.xaxis, axes.yaxis):
                labels = _tick_labels(axis)
                for (a, box_a), (b, box_b) in itertools.combinations(labels, 2):
                    if box_a.overlaps(box_b):
                        overlapping.append(f"{case}/{name}: {a!r} and {b!r}")
    assert not overlapping, "\n".join(overlapping)


def test_tick_labels_stay_inside_the_figure(drawn):
    outside = []
    for case, name, ax, _ in _each(drawn):
        figure_box = ax.figure.bbox
        for axis in (ax.xaxis, ax.yaxis):
            for text, box in _tick_labels(axis):
                if box.x0 < figure_box.x0 - 1 or box.x1 > figure_box.x1 + 1:
                    outside.append(f"{case}/{name}: {text!r}")
    assert not outside, outside


def test_the_title_names_the_period_and_the_selection(drawn):
    expected = {
        "review-2016-2020-publish": ("2016–2020", "toàn thành phố"),
        "review-2016-2020-internal": ("2016–2020", "toàn thành phố"),
        "two-districts-2016-2026": ("2016–2026", "Ninh Kiều, Cờ Đỏ"),
        "after-reform-en-internal": ("2021–2026", "whole city"),
        "one-year-one-district": ("2019", "Thới Lai"),
        "empty": ("2016", "Phong Điền"),
        "long-selection": ("2016–2020", "Ninh Kiều, Ô Môn"),
    }
    for case, name, ax, _ in _each(drawn):
        period, selection = expected[case]
        lines = ax.get_title().split("\n")
        assert len(lines) >= 2, f"{case}/{name}: {ax.get_title()!r}"
        assert lines[1].startswith(f"{period} · {selection}"), f"{case}/{name}: {lines[1]!r}"
        # However long the selection, the title stays within the figure.
        box = ax.title.get_window_extent(ax.figure.canvas.get_renderer())
        assert box.x0 >= -1 and box.x1 <= ax.figure.bbox.width + 1, f"{case}/{name}: title cut off"


def test_the_internal_band_is_on_exact_counts_publish_mode_withholds_only(drawn):
    for case, name, ax, frames in _each(drawn):
        mode = CASES[case][1]
        footer, band = wb.footer(ax.figure), stamp(ax.figure)
        if mode == "internal" and _shows_victims(frames):
            assert band.startswith(("NỘI BỘ – KHÔNG CÔNG BỐ", "INTERNAL – NOT FOR PUBLICATION")), (case, name)
            assert "Nội bộ – không công bố" in footer or "Internal – not for publication" in footer
        else:
            assert band == "", (
                f"{case}/{name} is stamped internal but shows no exact count publish mode withholds"
            )
            assert "Nội bộ" not in footer and "Internal –" not in footer, (case, name, footer)


def test_the_band_is_unmissable_red_across_the_top(drawn):
    ax = dict((n, a) for n, a, _ in drawn["review-2016-2020-internal"])["03_victims_by_year"]
    pixels = _pixels(ax.figure)
    top = pixels[: max(2, pixels.shape[0] // 40)]
    red = (top[..., 0] > 150) & (top[..., 1] < 60) & (top[..., 2] < 80)
    assert red.mean() > 0.6, "no coloured band across the top of an internal victims figure"
    # and the band does not cover the title or the plot
    band_bottom = ax.figure.bbox.height * (1 - 0.32 / ax.figure.get_figheight())
    renderer = ax.figure.canvas.get_renderer()
    assert ax.title.get_window_extent(renderer).y1 <= band_bottom + 1
    assert ax.get_window_extent(renderer).y1 <= band_bottom


def test_the_reform_note_only_when_the_period_reaches_past_july_2025(drawn):
    for case, name, ax, frames in _each(drawn):
        footer = wb.footer(ax.figure).replace("\n", " ")
        noted = any(" ".join(note.split()) in " ".join(footer.split()) for note in REFORM_NOTES)
        reaches = CASES[case][0].years[1] >= 2025
        # Places matter where a table the figure draws is grouped by district.
        places = any("district_code" in frame.columns for frame in frames)
        if not reaches:
            assert not noted, f"{case}/{name} carries the 2025-reform note for a period before it"
        elif places:
            assert noted, f"{case}/{name} is by district across the reform and does not say how"


_FRACTION = re.compile(r"\d,\d|\d\.\d(?!\d\d)")


def test_victim_charts_show_whole_victims(drawn):
    for case, name, ax, frames in _each(drawn):
        if not _shows_victims(frames) or "per_100k" in name or "effort" in name or "rate" in name:
            continue
        lang = CASES[case][2]
        texts = [t for axis in (ax.xaxis, ax.yaxis) for t, _ in _tick_labels(axis)]
        texts += [t.get_text() for t in ax.texts]
        for text in texts:
            numbers = text.split("\n")[-1]
            if lang == "vi":
                assert not re.search(r"\d,\d", numbers), f"{case}/{name}: fractional victims {text!r}"
            else:
                assert not re.search(r"\d\.\d", numbers), f"{case}/{name}: fractional victims {text!r}"


def test_values_are_written_on_few_bars(drawn):
    for case, name, ax, _ in _each(drawn):
        if _no_data(ax):
            continue
        if name.endswith("_by_year"):
            bars = [p for p in ax.patches if p.get_height() > 0]
            labels = [t for c in ax.containers for t in getattr(c, "datavalues", [])]
            assert len(bars) <= 12 and len(labels) == len(ax.patches), f"{case}/{name}"
        if name in ("06_events_by_organiser", "07_events_by_type"):
            totals = [t.get_text() for t in ax.texts]
            years = CASES[case][0].years
            assert len(totals) == years[1] - years[0] + 1, f"{case}/{name}: totals over the stacks {totals}"


def _no_data(ax) -> bool:
    return any(t.get_gid() == "no-data" for t in ax.texts)


def test_an_empty_selection_says_so_on_every_chart(drawn):
    for name, ax, _ in drawn["empty"]:
        if name.startswith("map_"):
            continue
        shown = [t.get_text() for t in ax.texts]
        assert "Không có dữ liệu" in shown, f"{name}: {shown}"
        ticks = [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_text()]
        assert not any(t in ("0", "-0", "−0") for t in ticks), f"{name}: {ticks}"


def test_the_tick_format_is_vietnamese_with_thousands_separators(drawn):
    made = dict((n, a) for n, a, _ in drawn["review-2016-2020-publish"])
    ticks = [t.get_text() for t in made["02_attendees_by_year"].get_yticklabels() if t.get_text()]
    assert any(re.fullmatch(r"\d{1,3}(\.\d{3})+", t) for t in ticks), ticks
    assert all("," not in t for t in ticks)


def test_a_long_number_axis_on_a_narrow_chart_keeps_its_labels_apart(db):
    """Millions on a 3-inch axis: the tick count follows the length, the labels never touch."""
    frame = db.events(years=(2016, 2020), by="district", complete=True)
    frame["attendees"] = frame["attendees"] * 1000
    _, (ax,) = wb.new_figure((3.0, 3.0))
    wb.district_chart(frame, "attendees", ax=ax)
    ax.figure.canvas.draw()
    labels = _tick_labels(ax.xaxis)
    assert len(labels) >= 2
    for (a, box_a), (b, box_b) in itertools.combinations(labels, 2):
        assert not box_a.overlaps(box_b), (a, b)


# --- image baselines ---

BASELINE_FIGURES = {
    "victims_by_year_internal": ("review-2016-2020-internal", "03_victims_by_year"),
    "events_by_organiser_two_districts": ("two-districts-2016-2026", "06_events_by_organiser"),
    "age_and_sex_publish": ("review-2016-2020-publish", "10_victims_by_age_and_sex"),
    "attendees_map_two_districts": ("two-districts-2016-2026", "map_attendees"),
    "empty_events_by_year": ("empty", "01_events_by_year"),
}


def _pixels(figure, dpi: float | None = None) -> np.ndarray:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi or figure.dpi, metadata={"Software": None})
    return np.asarray(Image.open(buffer).convert("RGB"), dtype=np.uint8)


@pytest.mark.parametrize("baseline", list(BASELINE_FIGURES), ids=list(BASELINE_FIGURES))
def test_figure_matches_its_image_baseline(drawn, baseline):
    case, name = BASELINE_FIGURES[baseline]
    ax: Axes = dict((n, a) for n, a, _ in drawn[case])[name]
    actual = _pixels(ax.figure, BASELINE_DPI)
    path = BASELINES / f"{baseline}.png"
    if os.environ.get("WORKBENCH_REGENERATE_BASELINES") == "1":
        BASELINES.mkdir(exist_ok=True)
        Image.fromarray(actual).save(path, optimize=True)
        pytest.skip(f"regenerated {path.name}")
    assert path.exists(), f"no baseline {path}: regenerate (see the module's docstring)"
    expected = np.asarray(Image.open(path).convert("RGB"), dtype=np.uint8)
    assert actual.shape == expected.shape, f"{baseline}: size {actual.shape} != baseline {expected.shape}"
    rms = float(np.sqrt(np.mean((actual.astype(float) - expected.astype(float)) ** 2)))
    if rms > RMS_TOLERANCE:
        out = Path(os.environ.get("WORKBENCH_ARTIFACTS", Path(__file__).parent.parent / "test-artifacts"))
        (out / "baselines").mkdir(parents=True, exist_ok=True)
        Image.fromarray(actual).save(out / "baselines" / f"{baseline}.actual.png")
    assert rms <= RMS_TOLERANCE, f"{baseline}: RMS {rms:.2f} > {RMS_TOLERANCE} (actual in test-artifacts/)"


# --- withheld counts, stacks and legends ---

STACKED = ("06_events_by_organiser", "07_events_by_type", "14_victims_being_identified_or_not_victims")
BY_TWO = (*STACKED, "10_victims_by_age_and_sex")


def _bars(ax):
    return [p for p in ax.patches if p.get_width() > 0 and p.get_height() > 0]


def _withheld(ax):
    """The bars of withheld cells: no length, restyled (gid 'withheld')."""
    return [p for p in ax.patches if p.get_gid() == "withheld"]


def test_withheld_cells_have_no_bar_length_and_their_mark_at_the_axis(drawn):
    """Figure 14 in publish mode had every cell withheld and drew blank axes with one '0' tick;
    then hatched bars as high as the threshold, which readers took for counts of 5."""
    for case, name, ax, frames in _each(drawn):
        if name not in BY_TWO or CASES[case][1] != "publish" or _no_data(ax) or _all_withheld(ax):
            continue
        frame = frames[0]
        measure = "victims" if "victims_status" in frame.columns else None
        if measure is None:
            continue
        withheld = int((frame["victims_status"] != "published").sum())
        lengthless = _withheld(ax)
        assert len(lengthless) == withheld, f"{case}/{name}: {len(lengthless)} bars for {withheld} withheld"
        sizes = {round(p.get_width() if name.startswith("10") else p.get_height(), 6) for p in lengthless}
        assert sizes <= {0.0}, f"{case}/{name}: withheld bars of sizes {sizes}"
        marks = [t.get_text() for t in ax.texts if t.get_gid() == "withheld-mark" and t.get_text()]
        shown = [m for m in frame["victims_display"][frame["victims_status"] != "published"]]
        assert sorted(marks) == sorted(shown), f"{case}/{name}: {marks}"


def test_figure_14_spreads_its_years_along_the_axis(drawn):
    for case, made in drawn.items():
        ax = dict((n, a) for n, a, _ in made)["14_victims_being_identified_or_not_victims"]
        if _no_data(ax):
            continue
        first, last = CASES[case][0].years
        labels = _tick_labels(ax.xaxis)
        assert [t for t, _ in labels] == [str(y) for y in range(first, last + 1)], f"{case}: {labels}"
        ticks = [t for t, _ in _tick_labels(ax.yaxis)]
        if _withheld(ax) and not _bars(ax):  # every cell withheld: no scale to read, the marks say it
            assert ticks == [], f"{case}: a scale of {ticks} with nothing drawn on it"
        else:
            assert len(ticks) >= 2, f"{case}: a count axis of {ticks}"


def test_a_truly_empty_figure_14_says_no_data(drawn):
    ax = dict((n, a) for n, a, _ in drawn["empty"])["14_victims_being_identified_or_not_victims"]
    assert _no_data(ax)


def _all_zero(ax) -> bool:
    return any(t.get_gid() == "all-zero" for t in ax.texts)


@pytest.mark.parametrize("lang", ["vi", "en"], ids=["vi", "en"])
def test_figure_14_over_recorded_zeros_draws_zeros_as_the_cover_says(db, lang):
    """2016-2020: everyone received was identified, the cover said 0 and 0 and figure 14 'no data'.
    Every record carries a status, so those are recorded zeros: both now say 0."""
    from workbench._brief import STANDARD_FIGURES, _cover_page, _source
    from workbench._labels import text
    from workbench._words import TEXT

    review = wb.Filters(years=(2016, 2020))
    source = _source(db, review, lang, "internal")
    spec = next(s for s in STANDARD_FIGURES if s.name == "14_victims_being_identified_or_not_victims")
    ax, (frame,) = spec.draw(source, review, lang, source.metadata)
    assert frame["victims"].tolist() == [0] * 10  # two statuses, five years: the premise
    texts = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid() in ("all-zero", "no-data")}
    assert list(texts) == ["all-zero"]
    assert texts["all-zero"].replace("\n", " ") == TEXT["all_zero_statuses"][lang == "en"]
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(y) for y in range(2016, 2021)]
    assert [t.get_text() for t in ax.texts if t.get_gid() == "zero-label"] == ["0"] * 5
    cover, _ = _cover_page(source, review, lang, source.metadata)
    (table,) = cover.axes[0].tables
    cells = {}
    for (row, column), cell in table.get_celld().items():
        cells.setdefault(row, {})[column] = cell.get_text().get_text()
    lines = {r[0]: r[1] for r in cells.values()}
    for status in ("possible", "not_victim"):
        assert lines[text(f"people_{status}", lang)] == "0", status


def test_an_empty_selection_keeps_no_data_not_the_zero_note(drawn):
    """The zero note says everyone received was identified: never drawn for an empty selection."""
    ax = dict((n, a) for n, a, _ in drawn["empty"])["14_victims_being_identified_or_not_victims"]
    assert _no_data(ax) and not _all_zero(ax)


def _all_withheld(ax) -> bool:
    return any(t.get_gid() == "all-withheld" for t in ax.texts)


@pytest.mark.parametrize("lang", ["vi", "en"], ids=["vi", "en"])
def test_a_published_chart_with_every_cell_withheld_says_so_once_and_keeps_every_category(db, lang):
    """Figure 10, 2016-2020, published: 40 marks, every one withheld. Now no bar and one line; the
    age bands on the axis are every band of the value set, nobody in them or not (never dropped:
    an empty band left out would say it is 0)."""
    from workbench._codes import codes
    from workbench._words import TEXT

    review = wb.Filters(years=(2016, 2020))
    made = dict((n, (a, f)) for n, a, f in wb.briefing_figures(db, review, lang=lang, mode="publish"))
    ax, (frame,) = made["10_victims_by_age_and_sex"]
    assert (frame["victims_status"] != "published").all()  # the premise: every cell withheld
    said = [t.get_text() for t in ax.texts if t.get_gid() == "all-withheld"]
    assert said == [TEXT["all_withheld"][lang == "en"].format(k=5)]
    assert not [t for t in ax.texts if t.get_gid() == "withheld-mark" and t.get_text()]
    assert not [p for p in ax.patches if p.get_gid() == "withheld" or p.get_width() > 0]
    bands = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    exact = db.victims(review, by=["age_band", "sex"], lang=lang, complete=True)  # internal, exact
    assert (exact.groupby("age_band")["victims"].sum() == 0).any()  # some band holds nobody
    labels = dict(zip(exact["age_band"], exact["age_band_label"], strict=False))
    assert bands == [" ".join(labels[c].split()) for c in codes("age_band") if c in labels]
    assert set(labels) == set(codes("age_band"))  # the axis's list is the value set, not the counts


@pytest.mark.parametrize("lang", ["vi", "en"], ids=["vi", "en"])
def test_the_all_withheld_chart_footer_carries_only_the_notes_of_what_is_drawn(db, lang):
    """Figure 10, 2016-2020, published, every cell withheld: no mark is drawn, so the footer no
    longer says withheld cells are marked at the axis; it still gives the suppression rule."""
    from workbench._words import TEXT

    review = wb.Filters(years=(2016, 2020))
    made = dict((n, (a, f)) for n, a, f in wb.briefing_figures(db, review, lang=lang, mode="publish"))
    ax, (frame,) = made["10_victims_by_age_and_sex"]
    assert (frame["victims_status"] != "published").all()  # the premise: every cell withheld
    said = wb.footer(ax.figure)
    assert TEXT["withheld_drawn"][lang == "en"].format(k=5) not in said
    assert ("at the axis" if lang == "en" else "ở trục") not in said
    assert frame.attrs["protected"].rule(lang) in said
    # A chart with marks drawn keeps the note: figure 14 of the same release, grouped bars
    marked, _ = made["14_victims_being_identified_or_not_victims"]
    assert [t for t in marked.texts if t.get_gid() == "withheld-mark" and t.get_text()]
    assert TEXT["withheld_drawn"][lang == "en"].format(k=5) in wb.footer(marked.figure)


def test_threshold_placeholders_are_never_stacked(drawn):
    """Figure 10 stacked four '<5' segments per band: every band looked like ~20 victims."""
    for case, name, ax, _ in _each(drawn):
        if name not in BY_TWO or not _withheld(ax):
            continue
        horizontal = name.startswith("10")
        bases = {round(p.get_x() if horizontal else p.get_y(), 9) for p in [*_bars(ax), *_withheld(ax)]}
        assert bases == {0.0}, f"{case}/{name}: bars stacked on others beside withheld cells"


def _colour_of(patch):
    face = patch.get_facecolor()
    return tuple(np.round(patch.get_edgecolor() if face[3] == 0 else face, 3))


def test_legends_name_only_the_categories_drawn(drawn):
    for case, name, ax, _ in _each(drawn):
        # no category drawn (recorded zeros, every cell withheld): no legend to name one
        if name not in BY_TWO or _no_data(ax) or _all_zero(ax) or _all_withheld(ax):
            continue
        legend = ax.get_legend()
        named = {tuple(np.round(h.get_facecolor(), 3)) for h in legend.legend_handles}
        # a category whose every cell is withheld is drawn by its marks (lengthless bars)
        assert named == {_colour_of(p) for p in [*_bars(ax), *_withheld(ax)]}, f"{case}/{name}"


def test_every_category_of_a_figure_has_a_colour_of_its_own(drawn):
    """Figure 06 gave the department and the commune office one colour: eight colours, more organisers."""
    most = 0
    for case, name, ax, _ in _each(drawn):
        if name not in BY_TWO or _no_data(ax) or _all_zero(ax) or _all_withheld(ax):  # no bars, no legend
            continue
        legend = ax.get_legend()
        labels = [t.get_text() for t in legend.get_texts()]
        colours = [tuple(np.round(h.get_facecolor(), 3)) for h in legend.legend_handles]
        assert len(set(colours)) == len(colours) == len(set(labels)), f"{case}/{name}: {labels}"
        # Each bar has its category's colour, and so one category per colour.
        assert {_colour_of(p) for p in _bars(ax)} <= set(colours), f"{case}/{name}"
        if name == "06_events_by_organiser":
            most = max(most, len(labels))
    assert most > 8  # the cases reach past the first eight colours


def test_the_palette_has_a_colour_for_every_member_of_any_value_set():
    from workbench._charts import PALETTE
    from workbench._codes import CODESETS

    assert len(set(PALETTE)) == len(PALETTE)
    # The ISO 3166-1 sets (249 countries) are the exception: their listed countries and "other
    # countries" (what publish mode names) each have a colour; other countries' colours repeat.
    # The world's regions are no breakdown of any record (no chart stacks by them).
    iso = {"country", "citizenship", "world_region"}
    assert len(PALETTE) >= max(len(entries) for name, entries in CODESETS.items() if name not in iso)
    assert len(PALETTE) >= len(CODESETS["published_citizenship"])


def test_a_stacked_legend_reads_top_down_like_the_stack(drawn):
    checked = 0
    for case, name, ax, _ in _each(drawn):
        if name not in STACKED or _no_data(ax) or _withheld(ax) or _all_zero(ax):
            continue
        tallest = max({p.get_x() for p in _bars(ax)}, key=lambda x: sum(p.get_x() == x for p in _bars(ax)))
        column = sorted((p for p in _bars(ax) if p.get_x() == tallest), key=lambda p: -p.get_y())
        legend = [tuple(np.round(h.get_facecolor(), 3)) for h in ax.get_legend().legend_handles]
        stack = [_colour_of(p) for p in column]
        assert [c for c in legend if c in stack] == stack, f"{case}/{name}: legend out of the stack's order"
        checked += 1
    assert checked


def test_effort_chart_names_do_not_overlap_and_its_reference_lines_are_explained(drawn):
    """'Phong Điền (<5)' ran into 'Cờ Đỏ', 'Ô Môn (<5)' into 'Bình Thủy (<5)'; dashed lines unnamed."""
    for case, made in drawn.items():
        ax = dict((n, a) for n, a, _ in made)["13_effort_vs_incidence"]
        if _no_data(ax):
            continue
        renderer = ax.figure.canvas.get_renderer()
        names = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if t.get_visible()]
        for (a, box_a), (b, box_b) in itertools.combinations(names, 2):
            assert not box_a.overlaps(box_b), f"{case}: {a!r} overlaps {b!r}"
        frame = ax.get_window_extent(renderer)
        for name, box in names:
            assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, f"{case}: {name!r} outside the plot"
        dashed = [line for line in ax.get_lines() if line.get_linestyle() in ("--", ":")]
        legend = [t.get_text() for t in ax.get_legend().get_texts()] if ax.get_legend() else []
        # and the grey band of withheld districts, where there are any
        band = [c for c in ax.collections if c.get_gid() == "withheld" and len(c.get_offsets())]
        assert dashed and len(legend) == len(dashed) + len(band), (
            f"{case}: {len(dashed)} lines, legend {legend}"
        )
        assert all(c.get_label() in legend for c in band), case
        assert all(line.get_label() in legend for line in dashed), case
