"""Years outside those the database holds are refused, as a misspelt district is: a count over them
would read 0, as if nobody had been counted. A range overlapping them keeps working."""

from __future__ import annotations

import json
import re

import pytest

import workbench as wb
from workbench._cli import main
from workbench._error_words import kind_text, said
from workbench._filters import check_years_held, nearest_years

HELD = (2016, 2026)  # the sample's years, every record kind


@pytest.mark.parametrize(
    ("asked", "held", "near"),
    [
        pytest.param((2030, 2031), (2016, 2026), (2025, 2026), id="after"),
        pytest.param((1990, 1991), (2016, 2026), (2016, 2017), id="before"),
        pytest.param((2062, 2062), (2016, 2026), (2026, 2026), id="one-year-after"),
        pytest.param((1900, 3000), (2016, 2026), (2016, 2026), id="wider-than-held"),
        pytest.param((1000, 1500), (2016, 2026), (2016, 2026), id="longer-than-held-before"),
        pytest.param((2024, 2031), (2016, 2026), (2024, 2026), id="overlap-after"),
        pytest.param((2010, 2017), (2016, 2026), (2016, 2017), id="overlap-before"),
        pytest.param((2020, 2020), (2020, 2020), (2020, 2020), id="one-year-held"),
    ],
)
def test_the_nearest_years_held(asked, held, near):
    assert nearest_years(asked, held) == near


@pytest.mark.parametrize(
    ("years", "held"),
    [
        pytest.param(None, range(2016, 2027), id="no-year-filter"),
        pytest.param((2030, 2031), [], id="nothing-held"),
        pytest.param((2016, 2016), range(2016, 2027), id="first-year"),
        pytest.param((2026, 2026), range(2016, 2027), id="last-year"),
        pytest.param((2015, 2016), range(2016, 2027), id="overlaps-first"),
        pytest.param((2026, 2099), range(2016, 2027), id="overlaps-last"),
        pytest.param((1, 9999), range(2016, 2027), id="around-all"),
        pytest.param((2021, 2021), [2016, 2020, 2022], id="a-gap-inside-is-held"),
    ],
)
def test_years_that_touch_the_years_held_are_kept(years, held):
    check_years_held(years, held, "victims")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        pytest.param(
            "en",
            "Years 2030–2031 are outside the years held for victims (2016–2026) — did you mean "
            "years=(2025, 2026)? Valid: years from 2016 to 2026.",
            id="en",
        ),
        pytest.param(
            "vi",
            "Các năm 2030–2031 nằm ngoài các năm có số liệu nạn nhân (2016–2026) — có phải ý bạn là "
            "years=(2025, 2026)? Hợp lệ: các năm từ 2016 đến 2026.",
            id="vi",
        ),
    ],
)
def test_the_message_names_what_was_given_the_years_held_and_the_closest(lang, said):
    with pytest.raises(wb.InvalidFilterError) as caught:
        check_years_held((2030, 2031), range(2016, 2027), "victims", lang)
    assert str(caught.value) == said
    assert caught.value.given == (2030, 2031)
    assert caught.value.closest == (2025, 2026)
    assert caught.value.valid == tuple(str(y) for y in range(2016, 2027))


def test_the_message_is_in_vietnamese_unless_english_is_asked_for():
    with pytest.raises(wb.InvalidFilterError) as caught:
        check_years_held((2030, 2031), range(2016, 2027), "events")
    assert str(caught.value).startswith("Các năm 2030–2031 nằm ngoài các năm có số liệu hoạt động")
    # said again in either language from its words, as the command line does
    assert said(caught.value, "en").startswith("Years 2030–2031 are outside the years held for events")
    assert said(caught.value, "vi") == str(caught.value)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        pytest.param(
            "en",
            "Year 2062 is outside the years held for events (2016–2026) — did you mean years=2026? "
            "Valid: years from 2016 to 2026.",
            id="en",
        ),
        pytest.param(
            "vi",
            "Năm 2062 nằm ngoài các năm có số liệu hoạt động tuyên truyền (2016–2026) — có phải ý bạn "
            "là years=2026? Hợp lệ: các năm từ 2016 đến 2026.",
            id="vi",
        ),
    ],
)
def test_one_year_is_named_as_one_year(lang, said):
    with pytest.raises(wb.InvalidFilterError) as caught:
        check_years_held((2062, 2062), range(2016, 2027), "events", lang)
    assert str(caught.value) == said
    assert caught.value.closest == (2026, 2026)


QUERIES = [
    pytest.param(lambda db, y, lang: db.victims(years=y, lang=lang), "victims", id="victims"),
    pytest.param(
        lambda db, y, lang: db.victims(years=y, by="year", complete=True, lang=lang),
        "victims",
        id="victims-by-year",
    ),
    pytest.param(lambda db, y, lang: db.events(years=y, lang=lang), "events", id="events"),
    pytest.param(
        lambda db, y, lang: db.events(wb.Filters(years=y), by="district", lang=lang),
        "events",
        id="events-filters",
    ),
    pytest.param(lambda db, y, lang: db.support(years=y, lang=lang), "support", id="support"),
    pytest.param(lambda db, y, lang: db.cases(years=y, lang=lang), "cases", id="cases"),
    pytest.param(lambda db, y, lang: db.count("hotline", years=y, lang=lang), "hotline", id="hotline"),
    pytest.param(
        lambda db, y, lang: db.count("communication", years=y, lang=lang),
        "communication",
        id="communication",
    ),
    pytest.param(
        lambda db, y, lang: db.counts("events", wb.Filters(years=y), ["year"], lang=lang),
        "events",
        id="counts",
    ),
    pytest.param(lambda db, y, lang: db.funnel(years=y, lang=lang), "victims", id="funnel"),
]
OUTSIDE = [
    pytest.param((2030, 2031), (2025, 2026), "(2025, 2026)", id="after"),
    pytest.param((1990, 1991), (2016, 2017), "(2016, 2017)", id="before"),
    pytest.param(2062, (2026, 2026), "2026", id="one-year-mistyped"),
    pytest.param(range(2027, 2030), (2024, 2026), "(2024, 2026)", id="a-range"),
    pytest.param((-5, 0), (2016, 2021), "(2016, 2021)", id="negative"),
    pytest.param((10**9, 10**9 + 1), (2025, 2026), "(2025, 2026)", id="huge"),
]
# How each language names the years held and the suggestion (kinds named in Vietnamese by the errors).
HELD_FOR = {
    "en": ("outside the years held for {kind} (2016–2026)", "did you mean years={closest}?"),
    "vi": ("nằm ngoài các năm có số liệu {kind} (2016–2026)", "có phải ý bạn là years={closest}?"),
}


@pytest.mark.parametrize(("query", "kind"), QUERIES)
@pytest.mark.parametrize(("years", "closest", "shown"), OUTSIDE)
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_query_over_years_outside_those_held_is_refused(db, query, kind, years, closest, shown, lang):
    with pytest.raises(wb.InvalidFilterError) as caught:
        query(db, years, lang)
    error = caught.value
    assert isinstance(error, ValueError) and isinstance(error, wb.WorkbenchError)
    assert error.closest == closest
    assert error.valid == tuple(str(y) for y in range(HELD[0], HELD[1] + 1))
    held, suggested = HELD_FOR[lang]
    assert held.format(kind=kind_text(kind, lang)) in str(error), str(error)
    assert suggested.format(closest=shown) in str(error), str(error)


@pytest.mark.parametrize(("query", "kind"), QUERIES)
@pytest.mark.parametrize(("years", "closest", "shown"), OUTSIDE)
def test_the_closest_years_can_be_given_back(db, query, kind, years, closest, shown):
    """`error.closest` is what `years=` takes: asked again with it, the query answers."""
    with pytest.raises(wb.InvalidFilterError) as caught:
        query(db, years, "vi")
    again = query(db, caught.value.closest, "vi")
    frames = again if isinstance(again, list) else [again]
    assert all(frame.attrs["filters"].years == closest for frame in frames)


@pytest.mark.parametrize(
    ("asked", "held"),
    [
        pytest.param((2024, 2031), (2024, 2026), id="past-the-last"),
        pytest.param((2010, 2017), (2016, 2017), id="before-the-first"),
        pytest.param((1900, 3000), HELD, id="around-all"),
    ],
)
@pytest.mark.parametrize("kind", ["victims", "events"])
def test_a_range_overlapping_the_years_held_counts_those_years(db, kind, asked, held):
    measure = {"victims": "victims", "events": "events"}[kind]
    assert db.count(kind, years=asked)[measure].tolist() == db.count(kind, years=held)[measure].tolist()
    assert db.count(kind, years=held)[measure].iloc[0] > 0


def test_a_year_held_with_nobody_in_it_is_a_true_zero(db):
    """2021: the city reported no returned victim; inside the years held, so 0 and no error."""
    frame = db.victims(years=2021)
    assert frame["victims"].tolist() == [0]


@pytest.mark.slow
def test_publish_mode_refuses_events_over_the_events_years_only(public):
    """The range publish mode names is the events' (public), whatever the victims' years are."""
    with pytest.raises(wb.InvalidFilterError) as caught:
        public.events(years=(1990, 1991), lang="en")
    assert caught.value.valid == tuple(str(y) for y in range(2016, 2027))
    assert "held for events" in str(caught.value)
    assert "victim" not in str(caught.value)
    with pytest.raises(wb.InvalidFilterError) as caught:
        public.events(years=(1990, 1991))
    assert "có số liệu hoạt động tuyên truyền (2016–2026)" in str(caught.value)
    assert "nạn nhân" not in str(caught.value)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["victims", "support", "cases", "hotline"])
def test_publish_mode_refuses_years_outside_those_its_tables_list(internal, public, kind):
    """Years wholly outside the span every table of the kind lists (its records' and the events',
    the same for every question: docs/releases.md, Limits 12) are refused, naming that span; a year
    inside it that holds nobody still answers as a small count does, never 0 and never an error."""
    with pytest.raises(wb.InvalidFilterError) as caught:
        getattr(public, kind)(years=(2030, 2031))
    assert caught.value.valid == tuple(str(y) for y in public.years(kind)), caught.value.valid
    assert "2030–2031" in str(caught.value)
    if kind == "victims":
        by_place = internal.victims(by=["district", "year"], complete=True)
        nobody = by_place[by_place["victims"] == 0].iloc[0]
        empty = public.victims(districts=int(nobody["district_code"]), years=int(nobody["year"]))
        assert empty["victims_display"].tolist() == ["<5"]
        assert empty["victims_status"].tolist() == ["primary"]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["victims", "support"])
def test_publish_mode_lists_only_the_years_its_tables_hold_of_a_range_running_past_them(public, kind):
    """A range overlapping the span is cut to it: no '<5' for years before or after the data (and
    victims supported by year over 2024-2031 once failed with a TypeError)."""
    held = public.years(kind)
    frame = getattr(public, kind)(years=(held[-1] - 1, held[-1] + 5), by="year", complete=True)
    assert frame["year"].tolist() == [held[-1] - 1, held[-1]], frame


# --- widgets: the slider runs over the years held, and set_filters refuses what a query refuses


@pytest.fixture(params=["events", "victims"])
def panel(request, db, tmp_path):
    make = wb.events_panel if request.param == "events" else wb.victims_panel
    return make(db, wb.Filters(years=(2016, 2020)), export_dir=tmp_path / "figures")


@pytest.mark.slow
def test_the_slider_runs_over_the_years_held(db, panel):
    slider = panel.controls["years"]
    held = db.years(panel.kind)
    assert (slider.min, slider.max) == (min(held), max(held))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("value", "years"),
    [
        pytest.param((2030, 2031), (2026, 2026), id="past-the-end"),
        pytest.param((1990, 1991), (2016, 2016), id="before-the-start"),
        pytest.param((1990, 3000), None, id="everything"),
    ],
)
def test_the_slider_cannot_make_years_outside_those_held(db, panel, value, years):
    panel.controls["years"].value = value
    assert panel.filters.years == years
    # and what it makes is counted without error
    assert len(panel.frames["trend"])
    if years is not None:
        db.count(panel.kind, panel.filters)


def test_set_filters_refuses_years_outside_the_slider(panel):
    before = panel.filters
    with pytest.raises(
        wb.InvalidFilterError, match=r"nằm ngoài các năm có số liệu .*\(2016–2026\)"
    ) as caught:
        panel.set_filters(wb.Filters(years=(2030, 2031)))
    assert panel.filters == before  # nothing changed
    assert re.search(r"outside the years held .*\(2016–2026\)", said(caught.value, "en"))
    assert caught.value.closest == (2025, 2026)


def test_an_english_panel_refuses_years_in_english(db, tmp_path):
    panel = wb.events_panel(db, wb.Filters(years=(2016, 2020)), export_dir=tmp_path, lang="en")
    with pytest.raises(
        wb.InvalidFilterError, match=r"^Years 2030–2031 are outside the years held for events"
    ):
        panel.set_filters(wb.Filters(years=(2030, 2031)))


@pytest.mark.slow
def test_set_filters_cuts_an_overlapping_range_to_the_years_held(panel):
    panel.set_filters(wb.Filters(years=(2024, 2031)))
    assert panel.filters.years == (2024, 2026)


# --- internal tables filled in (complete=True) list the years held only ---------------------------

LISTED = [
    pytest.param("victims", ["district", "year"], {}, id="victims-by-district-and-year"),
    pytest.param("victims", "year", {}, id="victims-by-year"),
    pytest.param("victims", "year", {"geography": "harmonised"}, id="victims-by-year-harmonised"),
    pytest.param("events", ["year", "organiser"], {}, id="events-by-year-and-organiser"),
    pytest.param("events", ["district", "year"], {"districts": ["Ninh Kieu"]}, id="events-one-district"),
    pytest.param("support", "year", {}, id="support-by-year"),
    pytest.param("cases", "year", {}, id="cases-by-year"),
    pytest.param("hotline", "year", {}, id="hotline-by-year"),
]
RANGES = [
    pytest.param((2016, 2030), id="past-the-last"),
    pytest.param((2010, 2017), id="before-the-first"),
    pytest.param((1900, 3000), id="around-all"),
    pytest.param((2024, 2031), id="overlapping-the-end"),
]


@pytest.mark.parametrize(("kind", "by", "options"), LISTED)
@pytest.mark.parametrize("asked", RANGES)
def test_a_filled_in_table_lists_only_the_years_held_of_the_range_asked(db, kind, by, options, asked):
    """`db.victims(by=["district", "year"], years=(2016, 2030), complete=True)` listed 2027-2030 as
    0: a chart of it showed future years with no victims. The years listed are the span held."""
    held = db.years(kind)
    first, last = max(asked[0], held[0]), min(asked[1], held[-1])
    frame = db.count(kind, by=by, years=asked, complete=True, **options)
    assert sorted(set(frame["year"])) == list(range(first, last + 1)), frame
    # the same rows as asking for the years held: nothing dropped inside them
    exact = db.count(kind, by=by, years=(first, last), complete=True, **options)
    assert frame.equals(exact)


def test_a_year_inside_the_span_with_no_record_is_still_listed_as_zero(db):
    held = db.years("victims")
    frame = db.victims(by=["district", "year"], years=(held[0], held[-1] + 4), complete=True)
    totals = frame.groupby("year")["victims"].sum()
    empty = sorted(set(range(held[0], held[-1] + 1)) - set(held))
    assert empty, "the sample holds a year with no identified victim (2021, as the city reported)"
    assert all(totals[year] == 0 for year in empty)
    assert all(totals[year] > 0 for year in held)
    assert list(totals.index) == list(range(held[0], held[-1] + 1))


def test_the_panels_tables_list_only_the_years_held(db):
    held = db.years("events")
    trend, by_district = db.counts(
        "events", wb.Filters(years=(held[-1] - 1, held[-1] + 3)), ["year", "district"]
    )
    assert trend["year"].tolist() == [held[-1] - 1, held[-1]]
    assert (trend["events"] > 0).all()
    assert int(by_district["events"].sum()) == int(trend["events"].sum())


@pytest.mark.slow
def test_internal_briefing_figures_draw_no_year_past_the_data(db):
    """`workbench figures --mode internal --years 2024 2031`: no bar or row for 2027-2031."""
    held = db.years("events")
    with pytest.warns(wb.YearsCutWarning, match=f"{held[-1] - 2}–{held[-1]}"):  # said, and cut
        figures = wb.briefing_figures(db, wb.Filters(years=(held[-1] - 2, held[-1] + 5)), mode="internal")
    shown = list(range(held[-1] - 2, held[-1] + 1))
    for name, _, frames in figures:
        for frame in frames:
            if "year" in frame.columns:
                assert sorted(set(frame["year"])) == shown, name
    trend = dict((name, ax) for name, ax, _ in figures)["03_victims_by_year"]
    assert [int(t.get_text()) for t in trend.get_xticklabels()] == shown


@pytest.mark.slow
def test_the_figures_command_in_internal_mode_lists_the_years_held(db, db_path, tmp_path):
    held = db.years("victims")
    out = tmp_path / "figures"
    argv = [
        "figures",
        "--years",
        str(held[-1] - 1),
        str(held[-1] + 4),
        "--mode",
        "internal",
        "--format",
        "svg",
    ]
    assert main([*argv, "--out", str(out), "--db", str(db_path)]) == 0
    record = json.loads((out / "03_victims_by_year_internal.svg.json").read_text(encoding="utf-8"))
    assert record["queries"][0]["rows"] == 2


TITLED = {
    "events-before": (
        "events",
        (2010, 2017),
        (2016, 2017),
        "Lượt người tham dự theo năm\n2016–2017 · toàn thành phố",
    ),
    "victims-after": (
        "victims",
        (2024, 2031),
        (2024, 2026),
        "Số nạn nhân được xác định theo năm\n2024–2026 · toàn thành phố",
    ),
}


@pytest.mark.parametrize("mode", ["internal", "publish"])
@pytest.mark.parametrize(("kind", "asked", "drawn", "title"), TITLED.values(), ids=TITLED.keys())
def test_a_table_over_years_partly_held_is_titled_over_the_years_it_lists(
    fresh, mode, kind, asked, drawn, title
):
    """`trend_chart(db.events(years=(2010, 2017), by="year", complete=True))` was titled 2010–2017
    (and footed "Năm: 2010–2017") over the bars of 2016 and 2017: six years read as nothing done."""
    with wb.connect(fresh, build=False, mode=mode) as db:
        table = db.count(kind, years=asked, by="year", complete=True)
    assert table["year"].tolist() == list(range(drawn[0], drawn[1] + 1))
    assert table.attrs["filters"].years == drawn
    ax = wb.trend_chart(table, "attendees" if kind == "events" else None)
    assert ax.get_title() == title
    assert f"Năm: {drawn[0]}–{drawn[1]}" in " ".join(wb.footer(ax.figure).split())
