"""Charts draw exactly the numbers the query API returns, with labels, number format and footer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import workbench as wb
from workbench._figure import stamp

PERIOD = wb.Filters(years=(2016, 2020))


def heights(ax):
    return [patch.get_height() for patch in ax.patches]


def widths(ax):
    return [patch.get_width() for patch in ax.patches]


@pytest.mark.parametrize(
    ("kind", "measure", "title_vi", "title_en"),
    [
        pytest.param(
            "events", "events", "Số hoạt động tuyên truyền theo năm", "Awareness events by year", id="events"
        ),
        pytest.param(
            "events", "attendees", "Lượt người tham dự theo năm", "Attendees by year", id="attendees"
        ),
        pytest.param(
            "events", "leaflets", "Tờ rơi đã phát theo năm", "Leaflets handed out by year", id="leaflets"
        ),
        pytest.param(
            "victims",
            "victims",
            "Số nạn nhân được xác định theo năm",
            "Identified victims by year",
            id="victims",
        ),
    ],
)
def test_trend_chart_draws_the_api_numbers(db, kind, measure, title_vi, title_en):
    for lang, expected_title in (("vi", title_vi), ("en", title_en)):
        frame = getattr(db, kind)(PERIOD, by="year", complete=True, lang=lang)
        ax = wb.trend_chart(frame, measure, lang=lang, meta=db.metadata)
        assert heights(ax) == frame[measure].tolist()
        assert [p.get_x() + p.get_width() / 2 for p in ax.patches] == pytest.approx(frame["year"].tolist())
        # The period and the selection on a second line, for a figure of its own.
        whole = "toàn thành phố" if lang == "vi" else "whole city"
        assert ax.get_title() == f"{expected_title}\n2016–2020 · {whole}"
        assert ax.get_xlabel() == ("Năm" if lang == "vi" else "Year")
        assert [t.get_text() for t in ax.get_xticklabels()] == [str(y) for y in frame["year"]]


def test_numbers_are_written_the_vietnamese_way(db):
    frame = db.events(PERIOD, by="year", complete=True)
    ax = wb.trend_chart(frame, "attendees")
    ax.figure.canvas.draw()
    bar_labels = [t.get_text() for t in ax.texts]
    assert bar_labels == [wb.format_number(v) for v in frame["attendees"]]
    assert any("." in label for label in bar_labels)  # 10.000s of attendees a year
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert all("," not in t for t in ticks) and any("." in t for t in ticks)
    english = wb.trend_chart(db.events(PERIOD, by="year", complete=True), "attendees", lang="en")
    assert all("," in t.get_text() for t in english.texts)


def test_district_chart_lists_districts_top_down_with_api_values(db):
    frame = db.events(PERIOD, by="district", complete=True)
    ax = wb.district_chart(frame, "attendees")
    assert widths(ax) == frame["attendees"].tolist()
    assert [t.get_text() for t in ax.get_yticklabels()] == frame["district"].tolist()
    assert ax.yaxis_inverted()
    assert ax.get_title() == "Lượt người tham dự theo quận/huyện\n2016–2020 · toàn thành phố"


AD_HOC_PER_YEAR = (
    "SELECT year, count(*) AS events, sum(attendees) AS attendees FROM events "
    "WHERE district_code = $code AND year BETWEEN $first AND $last GROUP BY year ORDER BY year"
)


@pytest.mark.parametrize(
    ("params", "lang", "title", "footer_filters"),
    [
        pytest.param(
            {"code": 916, "first": 2016, "last": 2020},
            "vi",
            "Lượt người tham dự theo năm\n2016–2020 · truy vấn SQL riêng",
            "truy vấn SQL riêng (code = 916, first = 2016, last = 2020)",
            id="one-district-vi",
        ),
        pytest.param(
            {"code": 925, "first": 2019, "last": 2019},
            "en",
            "Attendees by year\n2019 · ad hoc SQL",
            "ad hoc SQL (code = 925, first = 2019, last = 2019)",
            id="one-year-en",
        ),
    ],
)
@pytest.mark.parametrize("mode", ["internal", "publish"])
def test_an_ad_hoc_chart_never_claims_all_years_or_the_whole_city(
    db_path, mode, params, lang, title, footer_filters
):
    """Notebook 05 charted Ninh Kiều's 2016–2020 from db.sql under the title "mọi năm · toàn thành
    phố" (all years, whole city). An ad hoc result carries its SQL: the title gives the years it
    holds and says ad hoc SQL, the footer its parameters and the data version."""
    db = wb.connect(db_path, mode=mode)
    frame = db.sql(AD_HOC_PER_YEAR, **params)
    assert frame.attrs["sql"] == AD_HOC_PER_YEAR and frame.attrs["params"] == params
    ax = wb.trend_chart(frame, "attendees", lang=lang)
    assert ax.get_title() == title
    footer = wb.footer(ax.figure)
    assert footer_filters in footer
    assert "sample-" in footer  # the data version, with no meta= given
    for wrong in ("toàn thành phố", "whole city", "mọi năm", "all years"):
        assert wrong not in ax.get_title()


def test_an_ad_hoc_table_without_years_names_no_period():
    import pandas as pd

    frame = pd.DataFrame({"district": ["Ninh Kiều"], "events": [3]})
    frame.attrs.update(sql="SELECT ...", params={"code": 916})
    ax = wb.district_chart(frame, "events")
    assert ax.get_title() == "Số hoạt động tuyên truyền theo quận/huyện\ntruy vấn SQL riêng"


def test_heatmap_holds_the_district_year_table(db):
    frame = db.events(PERIOD, by=["district", "year"], complete=True)
    ax = wb.heatmap_chart(frame, "attendees")
    table = wb.district_year_table(frame, "attendees", totals=False)
    assert np.array_equal(ax.images[0].get_array(), table.to_numpy())
    assert [t.get_text() for t in ax.get_yticklabels()] == [d.name_vi for d in wb.districts()]
    cell_texts = {t.get_text() for t in ax.texts}
    assert wb.format_number(int(table.iloc[0, 0])) in cell_texts


def test_district_year_table_totals_match_the_api(db):
    frame = db.events(PERIOD, by=["district", "year"], complete=True)
    table = wb.district_year_table(frame, "events")
    total = db.events(PERIOD).loc[0, "events"]
    assert table.loc["Tổng", "Tổng"] == total
    by_year = db.events(PERIOD, by="year")
    assert table.loc["Tổng"].drop("Tổng").tolist() == by_year["events"].tolist()
    assert wb.district_year_table(frame, "events", lang="en").index[-1] == "Total"


@pytest.mark.parametrize("by", ["organiser", "event_type"])
def test_stacked_chart_stacks_to_the_yearly_totals(db, by):
    frame = db.events(PERIOD, by=["year", by], complete=True)
    ax = wb.stacked_chart(frame, "events")
    per_year = {}
    for patch in ax.patches:
        year = round(patch.get_x() + patch.get_width() / 2)
        per_year[year] = per_year.get(year, 0) + patch.get_height()
    expected = db.events(PERIOD, by="year")
    assert per_year == dict(zip(expected["year"], expected["events"], strict=True))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert set(legend) <= set(frame[f"{by}_label"])
    assert legend  # categories with events appear in the legend


@pytest.mark.parametrize("by", ["exploitation", "destination", "reception_channel"])
def test_breakdown_chart_draws_victims_by_category(db, by):
    frame = db.victims(PERIOD, by=by)
    ax = wb.breakdown_chart(frame)
    assert widths(ax) == frame["victims"].tolist()
    names = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert names == frame[f"{by}_label"].tolist()


def test_breakdown_by_age_and_sex_stacks_sexes(db):
    frame = db.victims(PERIOD, by=["age_band", "sex"])
    ax = wb.breakdown_chart(frame)
    assert sum(widths(ax)) == frame["victims"].sum() == db.victims(PERIOD).loc[0, "victims"]
    assert ax.get_title() == (
        "Số nạn nhân được xác định theo nhóm tuổi và giới tính\n2016–2020 · toàn thành phố"
    )
    assert {t.get_text() for t in ax.get_legend().get_texts()} == set(frame["sex_label"])


def test_rate_chart_states_its_denominator_and_year(db):
    frame = db.victims(PERIOD, by="district", complete=True)
    ax = wb.rate_chart(frame)
    population = {d.code: d.population for d in wb.districts()}
    pairs = zip(frame["district_code"], frame["victims"], strict=True)
    expected = [victims / population[code] * 100_000 for code, victims in pairs]
    assert widths(ax) == pytest.approx(expected)
    assert "ước tính" in ax.get_xlabel() and "2019" in ax.get_xlabel() and "100.000" in ax.get_xlabel()
    assert "2016–2020" in ax.get_xlabel()
    english = wb.rate_chart(db.victims(PERIOD, by="district", complete=True, lang="en"), lang="en")
    assert "estimated population 2019" in english.get_xlabel()


def test_effort_chart_places_districts_by_both_rates(db):
    events = db.events(PERIOD, by="district", complete=True)
    victims = db.victims(PERIOD, by="district", complete=True)
    ax = wb.effort_chart(events, victims, meta=db.metadata)
    offsets = np.asarray(ax.collections[0].get_offsets())
    assert offsets[:, 0].tolist() == pytest.approx(wb.rates_per_100k(events, "attendees").tolist())
    assert offsets[:, 1].tolist() == pytest.approx(wb.rates_per_100k(victims, "victims").tolist())
    assert [t.get_text() for t in ax.texts] == events["district"].tolist()
    assert "ước tính" in ax.get_xlabel()


def test_effort_chart_averages_are_those_of_the_districts_with_a_population(db):
    """Across the 2025 merger the tables hold the former-province area groups, which have no
    population here: their attendees and victims must not be divided by the nine districts'."""
    period = wb.Filters(years=(2016, 2026))
    events = db.events(period, by="district", complete=True)
    victims = db.victims(period, by="district", complete=True)
    assert set(events["district_code"]) > {d.code for d in wb.districts()}  # area groups are there
    ax = wb.effort_chart(events, victims, meta=db.metadata)
    nine = {d.code: d.population for d in wb.districts()}
    kept = events["district_code"].isin(list(nine))
    population = sum(nine[c] for c in events.loc[kept, "district_code"])
    intensity = events.loc[kept, "attendees"].sum() / population * 100_000
    incidence = victims.loc[victims["district_code"].isin(list(nine)), "victims"].sum() / population * 100_000
    (vertical,) = [line for line in ax.lines if line.get_linestyle() == "--"]
    (horizontal,) = [line for line in ax.lines if line.get_linestyle() == ":"]
    assert vertical.get_xdata()[0] == pytest.approx(intensity)
    assert horizontal.get_ydata()[0] == pytest.approx(incidence)
    rates = wb.rates_per_100k(events, "attendees")
    assert min(r for r in rates if r == r) <= intensity <= max(r for r in rates if r == r)


def test_every_figure_has_a_footer_with_source_version_and_filters(db, db_path):
    meta = db.metadata
    period = PERIOD.replace(districts=["Cờ Đỏ"])
    events = wb.trend_chart(db.events(period, by="year", complete=True), meta=meta)
    text = wb.footer(events.figure)
    extracted = wb._labels.date_text(meta["generated_on"], "vi")  # dd/mm/yyyy, as every Vietnamese date
    assert "Nguồn:" in text and meta["data_version"] in text and f"trích xuất ngày {extracted}" in text
    assert "Quận/huyện: Cờ Đỏ" in text and "Năm: 2016–2020" in text
    # Event counts are never suppressed: an events figure carries no internal mark in either mode.
    assert "Nội bộ" not in text and not stamp(events.figure)
    with wb.connect(db_path, mode="publish") as public:
        published = wb.trend_chart(public.events(period, by="year", complete=True), meta=meta)
        assert "Nội bộ" not in wb.footer(published.figure) and not stamp(published.figure)
    # Exact victim counts: the footer says so and a band across the top cannot be missed.
    victims = wb.trend_chart(db.victims(period, by="year", complete=True), meta=meta, lang="en")
    text = wb.footer(victims.figure)
    assert "Source:" in text and "Districts: Cờ Đỏ" in text and "Internal" in text
    assert stamp(victims.figure) == "INTERNAL – NOT FOR PUBLICATION · exact counts, small ones not withheld"


def test_footer_notes_are_added_and_a_redraw_rewrites_the_footer(db):
    frame = db.events(PERIOD, by="year", complete=True)
    ax = wb.trend_chart(frame, meta=db.metadata, notes=["Bản nháp"])
    assert wb.footer(ax.figure).endswith("Bản nháp")
    wb.set_footer(ax.figure, frame, db.metadata, notes=["Bản cuối"])
    assert "Bản cuối" in wb.footer(ax.figure) and "Bản nháp" not in wb.footer(ax.figure)
    assert len(ax.figure.texts) == 1


def test_charts_draw_into_a_given_axes_without_a_footer(db):
    figure, (left, right) = wb.new_figure((10, 4), ncols=2)
    wb.trend_chart(db.events(PERIOD, by="year", complete=True), ax=left)
    wb.district_chart(db.events(PERIOD, by="district", complete=True), ax=right)
    assert left.figure is right.figure is figure
    assert wb.footer(figure) == ""


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(
            lambda db: wb.trend_chart(db.events(by="year"), "atendees"), "did you mean 'attendees'", id="typo"
        ),
        pytest.param(lambda db: wb.trend_chart(db.events(by="district")), "grouped by 'year'", id="no-year"),
        pytest.param(
            lambda db: wb.trend_chart(db.events(by="year"), "'; DROP TABLE x; --"), "No measure", id="inject"
        ),
        pytest.param(lambda db: wb.stacked_chart(db.events(by="year")), "coded field", id="stack-needs-code"),
        pytest.param(
            lambda db: wb.trend_chart(db.sql("SELECT year, count(*) AS n FROM events GROUP BY year")),
            r"no 'events' column: give measure=, one of: n\.",
            id="own-table-no-measure",
        ),
        pytest.param(
            lambda db: wb.district_chart(pd.DataFrame({"district": ["Ninh Kiều"], "n": [3]}), "m"),
            r"No measure 'm' in this table\. Valid: n\.",
            id="own-table-wrong-measure",
        ),
        pytest.param(
            lambda db: wb.trend_chart(pd.DataFrame({"year": [2020], "note": ["a"]})),
            "it has no column of numbers",
            id="own-table-no-numbers",
        ),
        pytest.param(
            lambda db: wb.breakdown_chart(pd.DataFrame({"sex": ["male"], "victims": [3]})),
            "A breakdown chart needs a table grouped by a coded field.*columns sex, victims",
            id="breakdown-without-labels",
        ),
        pytest.param(
            lambda db: wb.effort_chart(db.victims(by="district"), db.events(by="district")),
            "events table first and the victims table second.*first table given is a victims table",
            id="effort-swapped",
        ),
    ],
)
def test_bad_chart_input_names_what_is_valid(db, call, message):
    with pytest.raises(wb.UnknownFieldError, match=message):
        call(db)


def test_a_table_of_ones_own_is_drawn_with_its_column_name_and_as_exact(db):
    """Ad hoc SQL or pandas: a column the workbench has no label for is named as it is, and the
    chart is taken for exact counts (no query the workbench knows of stands behind it)."""
    own = pd.DataFrame({"year": [2020, 2021], "n": [3, 4]})
    ax = wb.trend_chart(own, "n")
    assert heights(ax) == [3, 4]
    assert ax.get_ylabel() == "n" and ax.get_title().startswith("n ")
    assert stamp(ax.figure)  # the internal band


@pytest.mark.slow
def test_an_empty_selection_says_no_data_not_an_error(db):
    frame = db.victims(years=(2016, 2020), destinations="KR", sexes="male", by="year", complete=True)
    assert frame["victims"].tolist() == [0] * 5
    by_district = db.victims(
        years=(2016, 2020), destinations="KR", sexes="male", by="district", complete=True
    )
    for ax in (wb.trend_chart(frame), wb.district_chart(by_district), wb.rate_chart(by_district)):
        assert len(ax.patches) == 0
        assert [t.get_text() for t in ax.texts if t.get_gid() == "no-data"] == ["Không có dữ liệu"]
        assert ax.get_yticks().tolist() == [] and ax.get_xticks().tolist() == []
    empty = db.victims(years=(2016, 2020), destinations="KR", by="exploitation")
    assert len(wb.breakdown_chart(empty).patches) == 0
    # On a caller's Axes (a panel redraws its bars in place) the bars stay, at zero, over one 0.
    _, (ax,) = wb.new_figure()
    wb.trend_chart(frame, ax=ax)
    assert heights(ax) == [0] * 5
    ax.figure.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0"]


@pytest.mark.slow
@pytest.mark.parametrize("area", [93, 94], ids=["former-hau-giang", "former-soc-trang"])
def test_an_area_group_before_the_merger_draws_every_figure_saying_no_data(db, area, recwarn):
    """The former provinces' areas hold nothing before 1 July 2025: `workbench figures --districts
    93` over 2016-2020 stopped with a traceback from the heatmap (an empty table's cells were not
    booleans), after publish mode had recorded its release."""
    made = wb.briefing_figures(
        db, wb.Filters(years=(2016, 2020), districts=[area]), lang="en", mode="internal"
    )
    assert [name for name, _, _ in made] == [spec.name for spec in wb.STANDARD_FIGURES]
    heatmap = next(ax for name, ax, _ in made if name == "05_events_by_district_and_year")
    assert [t.get_text() for t in heatmap.texts if t.get_gid() == "no-data"] == ["No data"]
    assert len(heatmap.images) == 0
    for _, ax, _ in made:
        ax.figure.canvas.draw()
    assert [str(w.message) for w in recwarn if issubclass(w.category, UserWarning)] == []


def test_ad_hoc_sql_results_chart_with_their_parameters_in_the_footer(db):
    query = (
        "SELECT year, count(*) AS events FROM events WHERE district_code = $code GROUP BY year ORDER BY year"
    )
    frame = db.sql(query, code=926)
    frame.attrs.update(sql=query, params={"code": 926})
    ax = wb.trend_chart(frame, "events", meta=db.metadata)
    assert "truy vấn SQL riêng (code = 926)" in wb.footer(ax.figure)
    assert heights(ax) == frame["events"].tolist()


def test_a_stack_with_nothing_in_it_draws_no_legend(db):
    frame = db.events(years=(2016, 2016), districts=[916], topics="online_scams", by=["year", "organiser"])
    assert wb.stacked_chart(frame).get_legend() is None


SCOPES = [
    # (filters' statuses, grouped by status, Vietnamese and English axis words)
    pytest.param((), False, "Số nạn nhân được xác định", "Identified victims", id="default-identified"),
    pytest.param(
        ("actual",), False, "Số nạn nhân được xác định", "Identified victims", id="chosen-identified"
    ),
    pytest.param(("possible",), False, "Số người được tiếp nhận", "People received", id="being-identified"),
    pytest.param(
        ("actual", "not_victim"), False, "Số người được tiếp nhận", "People received", id="two-statuses"
    ),
    pytest.param((), True, "Số người được tiếp nhận", "People received", id="grouped-by-status"),
]


@pytest.mark.parametrize(("statuses", "grouped", "vi", "en"), SCOPES)
def test_a_victim_count_is_labelled_by_the_people_it_counted(db, statuses, grouped, vi, en):
    """Identified victims only: "Số nạn nhân được xác định", never "tiếp nhận" (received); a count
    that takes in people being identified or found not to be victims: people received."""
    by = ["year", "trafficking_status"] if grouped else "year"
    for lang, words in (("vi", vi), ("en", en)):
        frame = db.victims(PERIOD, by=by, trafficking_statuses=list(statuses), lang=lang)
        chart = wb.stacked_chart if grouped else wb.trend_chart
        ax = chart(frame, "victims", lang=lang)
        assert ax.get_ylabel() == words
        assert ax.get_title().startswith(words)
        for shown in (ax.get_ylabel(), ax.get_title()):
            assert "nạn nhân tiếp nhận" not in shown.lower() and "victims received" not in shown.lower()


def test_support_counts_are_of_people_not_only_victims(db):
    """Support goes to victims and people being identified (Law 53/2024 art. 37): people supported."""
    frame = db.support(PERIOD, by="year")
    assert wb.trend_chart(frame, "victims_supported").get_ylabel() == "Số người được hỗ trợ"
    english = db.support(PERIOD, by="year", lang="en")
    assert wb.trend_chart(english, "victims_supported", lang="en").get_ylabel() == "People supported"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_rate_chart_names_the_places_without_a_population_instead_of_an_empty_bar(db, lang):
    """Across the merger the former provinces' area groups have no population here: no bar that
    reads as zero, a line naming them."""
    data = db.events(wb.Filters(years=(2016, 2026)), by="district", complete=True, lang=lang)
    groups = data.loc[~data["district_code"].isin([d.code for d in wb.districts()]), "district"].tolist()
    assert groups  # the two area groups
    ax = wb.rate_chart(data, "attendees", lang=lang)
    drawn = [t.get_text() for t in ax.get_yticklabels()]
    assert not set(groups) & set(drawn) and len(drawn) == 9
    footer = wb.footer(ax.figure)
    assert all(name in footer for name in groups)
    assert ("không có mẫu số dân số" if lang == "vi" else "no population denominator") in footer


@pytest.mark.parametrize(
    ("years", "said"),
    [
        pytest.param((2016, 2026), True, id="to-the-extract-year"),
        pytest.param(None, True, id="all-years"),
        pytest.param((2016, 2020), False, id="whole-years-only"),
    ],
)
def test_a_figure_reaching_the_extract_year_says_it_is_a_part_year(db, years, said):
    data = db.events(wb.Filters(years=years), by="year")
    extracted = db.metadata["generated_on"]  # 2026-11-28: the sample's extract
    year, month, day = extracted.split("-")
    for lang, words in (("vi", f"Năm {year} chưa trọn: số liệu đến ngày {day}/{month}/{year}"),
                        ("en", f"{year} is a part year: data to {int(day)} November {year}")):  # fmt: skip
        footer = wb.footer(wb.trend_chart(data, meta=db.metadata, lang=lang).figure)
        assert (words in footer.replace("\n", " ")) is said, footer


def test_a_withheld_count_in_a_rate_chart_has_no_bar_length_and_says_what_it_is(db_path):
    """'<5' drawn at 5 ÷ population would sit on the rate axis as a rate: no length, a mark of people."""
    with wb.connect(db_path, mode="publish") as published:
        data = published.victims(PERIOD, by="district")
    withheld = data["victims_status"] != "published"
    assert withheld.any() and (~withheld).any()
    ax = wb.rate_chart(data)
    widths = [p.get_width() for p in ax.patches]
    assert [w == 0 for w in widths] == withheld.tolist()
    labels = [t.get_text() for t in ax.texts if t.get_text()]
    assert labels.count("<5 người: tỷ lệ không công bố") == int(withheld.sum())


def test_the_district_year_strings_the_docs_name_are_on_wb(db):
    """docs/analysts.md names `district_year_display`; `wb.district_year_display` raised
    AttributeError, and `wb.district_year_table` in a notebook shows 13257, not 13.257."""
    frame = db.events(
        years=(2016, 2020), event_types="integrated_session", by=["district", "year"], complete=True
    )
    shown = wb.district_year_display(frame, "attendees")
    table = wb.district_year_table(frame, "attendees")
    assert shown.loc["Ninh Kiều", "Tổng"] == wb.format_number(table.loc["Ninh Kiều", "Tổng"])
    assert "." in shown.loc["Tổng", "Tổng"]  # tens of thousands, written 61.834
    english = wb.district_year_display(frame, "attendees", lang="en")
    assert english.loc["Tổng" if "Tổng" in english.index else "Total", "Total"].count(",") == 1


@pytest.mark.parametrize(("low", "high"), [(1.08, 1.32), (0.0, 0.3), (12.04, 12.21), (0.0, 30.0)])
def test_an_axis_of_rates_never_writes_two_ticks_alike(low, high):
    """One district's rate (1,08 to 1,32 per 100.000) was ticked every 0,05 and written with one
    decimal: '1,1 1,1 1,2 1,2 1,2'."""
    from workbench._figure import count_axis

    _, (ax,) = wb.new_figure()
    count_axis(ax.yaxis, "vi", 1)
    ax.set_ylim(low, high)
    ax.figure.canvas.draw()
    shown = [
        t.get_text() for t, at in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True) if low <= at <= high
    ]
    assert len(shown) >= 1 and len(shown) == len(set(shown)), shown


@pytest.mark.parametrize(
    ("draw", "column"),
    [
        pytest.param(lambda t: wb.trend_chart(t, "n"), "year", id="trend"),
        pytest.param(lambda t: wb.district_chart(t, "n"), "district", id="district"),
    ],
)
def test_a_table_with_a_year_or_district_twice_is_refused_not_drawn_over_itself(draw, column):
    """Two selections put together (Ninh Kiều's and Cờ Đỏ's events by year) drew each year's second
    bar over the first, the first hidden, with no word."""
    table = pd.DataFrame(
        {"year": [2016, 2016, 2017], "district": ["Ninh Kiều", "Ninh Kiều", "Cờ Đỏ"], "n": [108, 48, 4]}
    )
    with pytest.raises(wb.WorkbenchError, match=rf"one bar per {column}; .*\(({2016}|Ninh Kiều)\)"):
        draw(table)


def test_a_table_of_ones_own_is_never_titled_all_years_or_the_whole_city():
    ax = wb.trend_chart(pd.DataFrame({"year": [2016, 2017, 2018], "n": [1, 2, 4]}), "n", lang="en")
    assert ax.get_title() == "n by year\n2016–2018 · a table of one's own"
    # nor footed as the database's, with its filters "none"
    footer = " ".join(wb.footer(ax.figure).split())
    assert footer.startswith(
        "Source: a table of one's own, not a result of the database's queries "
        "Filters: not known (a table of one's own)"
    ), footer
    assert "programme database" not in footer and "No filters" not in footer


def test_a_table_of_ones_own_given_the_databases_metadata_names_it(db):
    ax = wb.trend_chart(pd.DataFrame({"year": [2016, 2017], "n": [1, 2]}), "n", lang="en", meta=db.metadata)
    footer = " ".join(wb.footer(ax.figure).split())
    assert footer.startswith("Source: Cần Thơ anti-trafficking programme database · Data: ")
    assert "Filters: not known (a table of one's own)" in footer and "No filters" not in footer


CHARTS_OF_ONE_TABLE = [
    "breakdown_chart",
    "context_chart",
    "district_chart",
    "district_map",
    "funnel_chart",
    "heatmap_chart",
    "rate_chart",
    "stacked_chart",
    "targets_chart",
    "trend_chart",
]
NOT_TABLES = {"list": [2016, 2017], "series": pd.Series([1, 2], name="events"), "dict": {"year": [2016]}}


@pytest.mark.parametrize("given", NOT_TABLES.values(), ids=NOT_TABLES.keys())
@pytest.mark.parametrize("chart", CHARTS_OF_ONE_TABLE)
def test_a_chart_given_no_table_says_it_draws_a_dataframe(chart, given):
    # trend_chart([...]) raised AttributeError: 'list' object has no attribute 'columns'
    with pytest.raises(
        TypeError, match=rf"draws a pandas DataFrame .* given a {type(given).__name__}\.$"
    ) as error:
        getattr(wb, chart)(given)
    assert isinstance(error.value, wb.WorkbenchError)


@pytest.mark.parametrize("place", ["first", "second"])
def test_an_effort_chart_given_no_table_says_it_draws_a_dataframe(db, place):
    tables = [db.events(by="district"), db.victims(by="district")]
    tables[place == "second"] = [1, 2]
    with pytest.raises(wb.WorkbenchError, match=r"An effort chart draws a pandas DataFrame .* given a list"):
        wb.effort_chart(*tables)


# A query asked in English, drawn with the default: its labels and notes were English, its chart's
# title, axes and footer Vietnamese. A chart now speaks the language its query was asked in.
SPOKEN = [
    pytest.param(
        lambda db: wb.trend_chart(db.events(PERIOD, by="year", lang="en")), "Awareness events", id="trend"
    ),
    pytest.param(
        lambda db: wb.district_chart(db.victims(PERIOD, by="district", lang="en")),
        "Identified victims",
        id="district",
    ),
    pytest.param(
        lambda db: wb.breakdown_chart(db.victims(PERIOD, by="sex", lang="en")), "by sex", id="breakdown"
    ),
    pytest.param(lambda db: wb.funnel_chart(db.funnel(PERIOD, lang="en")), "victim funnel", id="funnel"),
    pytest.param(
        lambda db: wb.heatmap_chart(db.events(PERIOD, by=["district", "year"], lang="en")),
        "Awareness",
        id="heatmap",
    ),
]


@pytest.mark.parametrize(("draw", "english"), SPOKEN)
def test_a_chart_speaks_the_language_its_query_was_asked_in(db, draw, english):
    ax = draw(db)
    assert english in ax.get_title()
    footer = wb.footer(ax.figure)
    assert footer.startswith("Source") and "Nguồn" not in footer


def test_a_chart_told_its_language_speaks_it_and_a_table_of_ones_own_is_vietnamese(db):
    english = db.events(PERIOD, by="year", lang="en")
    assert wb.trend_chart(english, lang="vi").get_xlabel() == "Năm"
    assert wb.trend_chart(pd.DataFrame({"year": [2016, 2017], "n": [1, 2]}), "n").get_xlabel() == "Năm"
    assert (
        wb.district_year_table(db.events(PERIOD, by=["district", "year"], lang="en"), "events").index[-1]
        == "Total"
    )
    with pytest.raises(wb.UnknownCodeError, match="'en'"):
        wb.trend_chart(english, lang="EN")


def test_a_published_table_asked_in_english_is_drawn_in_english(public):
    ax = wb.trend_chart(public.victims(wb.Filters(years=(2016, 2020)), by="year", lang="en"))
    assert ax.get_xlabel() == "Year" and "Identified victims" in ax.get_title()
