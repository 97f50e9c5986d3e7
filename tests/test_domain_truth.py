"""What a social-affairs statistician reads on the briefing pack, the maps and the targets: the
review's own lines on the cover, the post-merger understatement said, rate maps without raw counts,
footers that know the data version and say each note once, legends of classes in use, the pack's
dependence on earlier releases, part periods of the programme targets."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pandas as pd
import pytest
from pypdf import PdfReader

import workbench as wb
from workbench._brief import _cover_page, _programme_pages, _Publication
from workbench._build import database_id
from workbench._release import Register
from workbench._units import place_name
from workbench._words import COVER, MAP, TARGET_WORDS, TEXT

CODES = [d.code for d in wb.districts()]
AT_THE_AXIS = {"vi": "ở trục", "en": "at the axis"}
UNDERSTATED = {"vi": TEXT["merger_understated"][0], "en": TEXT["merger_understated"][1]}


def _cells(figure) -> dict[str, str]:
    """The cover's table as the reader sees it: figure name -> value."""
    table = figure.axes[0].tables[0]
    rows: dict[int, dict[int, str]] = {}
    for (row, column), cell in table.get_celld().items():
        rows.setdefault(row, {})[column] = cell.get_text().get_text()
    return {r[0]: r[1] for i, r in sorted(rows.items()) if i > 0}


def _review_totals(raw, organiser, event_type, years, districts=None):
    events = raw["events"]
    chosen = events[events["year"].between(*years) & (events["organiser"] == organiser)]
    if event_type:
        chosen = chosen[chosen["event_type"] == event_type]
    if districts:
        chosen = chosen[chosen["district_code"].isin(districts)]
    return len(chosen), int(chosen["attendees"].sum()), int(chosen["leaflets"].sum())


@pytest.mark.parametrize(
    ("lang", "mode", "integrated", "community", "leaflets"),
    [
        ("vi", "internal", "1.134 buổi, 54.131 lượt người tham dự", "124 buổi, 4.185 lượt người tham dự",
         "41.250 tờ rơi (hơn 40.000)"),
        ("vi", "publish", "1.134 buổi, 54.131 lượt người tham dự", "124 buổi, 4.185 lượt người tham dự",
         "41.250 tờ rơi (hơn 40.000)"),
        ("en", "internal", "1,134 sessions, 54,131 attendees", "124 sessions, 4,185 attendees",
         "41,250 leaflets (more than 40,000)"),
    ],
    ids=["vi-internal", "vi-publish", "en-internal"],
)  # fmt: skip
def test_the_cover_shows_the_reviews_lines_as_the_review_words_them(
    db, raw, lang, mode, integrated, community, leaflets
):
    """Cần Thơ's 2016-2020 review: 1,134 integrated sessions with 54,131 attendees (the Department),
    124 community sessions with 4,185 (the volunteer teams), more than 40,000 leaflets."""
    period = wb.Filters(years=(2016, 2020))
    source = db if mode == "internal" else _Publication(db, period, lang)
    try:
        figure, used = _cover_page(source, period, lang, db.metadata)
    finally:
        if mode == "publish":
            source.close()
    cells = _cells(figure)
    words = {key: COVER[key][lang == "en"] for key in COVER}
    assert cells[words["review_heading"]] == ""
    assert cells[words["review_integrated"]] == integrated
    assert cells[words["review_community"]] == community
    assert cells[words["review_leaflets"]] == leaflets
    # The same figures counted from the record files, independently of the query helpers.
    assert _review_totals(raw, "dolisa", "integrated_session", (2016, 2020))[:2] == (1134, 54131)
    assert _review_totals(raw, "volunteer_sw_team", "community_session", (2016, 2020))[:2] == (124, 4185)
    # The all-organiser totals beside them say they are all organisers'.
    events = raw["events"][raw["events"]["year"].between(2016, 2020)]
    total = f"{len(events):,}".replace(",", "." if lang == "vi" else ",")
    assert cells[words["all_events"]] == total
    # Each line's query goes into the sidecar with the rest.
    organisers = [f.attrs["filters"].organisers for f in used if f.attrs.get("kind") == "events"]
    assert ("dolisa",) in organisers and ("volunteer_sw_team",) in organisers


def test_the_reviews_lines_follow_the_packs_places_and_leave_a_period_after_the_department(db, raw):
    period = wb.Filters(years=(2018, 2019), districts=["Cờ Đỏ"])
    cells = _cells(_cover_page(db, period, "vi", db.metadata)[0])
    sessions, attendees, _ = _review_totals(raw, "dolisa", "integrated_session", (2018, 2019), [925])
    vi_number = f"{attendees:,}".replace(",", ".")
    assert cells[COVER["review_integrated"][0]] == f"{sessions} buổi, {vi_number} lượt người tham dự"
    _, _, leaflets = _review_totals(raw, "dolisa", None, (2018, 2019), [925])
    # With its unit always ("hơn": a 2016-2020 pack only).
    assert cells[COVER["review_leaflets"][0]] == f"{leaflets:,}".replace(",", ".") + " tờ rơi"
    # Over the review's years but some districts: their count, never a "more than" the review
    # did not say of them ("13.215 tờ rơi (hơn 10.000)" for Ninh Kiều and Cờ Đỏ)
    two = wb.Filters(years=(2016, 2020), districts=["Ninh Kiều", "Cờ Đỏ"])
    _, _, leaflets = _review_totals(raw, "dolisa", None, (2016, 2020), [916, 925])
    shown = _cells(_cover_page(db, two, "vi", db.metadata)[0])[COVER["review_leaflets"][0]]
    assert shown == f"{leaflets:,}".replace(",", ".") + " tờ rơi" and leaflets >= 10_000
    # The Department was abolished on 1 March 2025: a 2026 pack has no line of its.
    later = _cells(_cover_page(db, wb.Filters(years=(2026, 2026)), "vi", db.metadata)[0])
    assert COVER["review_heading"][0] not in later and COVER["review_integrated"][0] not in later


REVIEW_FIGURES = {
    "vi": (
        "1.134 buổi, 54.131 lượt người tham dự",
        "124 buổi, 4.185 lượt người tham dự",
        "41.250 tờ rơi (hơn 40.000)",
    ),
    "en": (
        "1,134 sessions, 54,131 attendees",
        "124 sessions, 4,185 attendees",
        "41,250 leaflets (more than 40,000)",
    ),
}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    ("years", "heading"),
    [((2016, 2026), "2016–2020"), ((2016, 2020), None), ((2021, 2026), False)],
    ids=["2016-2026", "2016-2020", "2021-2026"],
)
def test_the_reviews_lines_count_only_the_packs_years_inside_2016_2020(db, lang, years, heading):
    """A review saw the 2016-2020 review's heading over 2021-2026 counts (1.943 sessions against the
    review's 1.134, the successor body's sessions after March 2025 left out, '30.144' leaflets with
    no unit). The block counts the part of the pack inside 2016-2020, labelled with it, or is gone."""
    cells = _cells(_cover_page(db, wb.Filters(years=years), lang, db.metadata)[0])
    words = {key: COVER[key][lang == "en"] for key in COVER}
    review_keys = ("review_integrated", "review_community", "review_leaflets")
    if heading is False:  # no year inside the review's period: no heading, no line
        assert not [name for name in cells if "2016–2020" in name]
        assert not [words[key] for key in review_keys if words[key] in cells]
        return
    shown = words["review_heading"] if heading is None else words["review_heading_part"].format(years=heading)
    assert cells[shown] == ""
    assert tuple(cells[words[key]] for key in review_keys) == REVIEW_FIGURES[lang]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_review_line_of_a_pack_reaching_into_2016_2020_says_its_years_and_unit(db, raw, lang):
    cells = _cells(_cover_page(db, wb.Filters(years=(2019, 2023)), lang, db.metadata)[0])
    heading = COVER["review_heading_part"][lang == "en"].format(years="2019–2020")
    assert cells[heading] == ""
    _, _, leaflets = _review_totals(raw, "dolisa", None, (2019, 2020))
    number = f"{leaflets:,}".replace(",", "." if lang == "vi" else ",")
    unit = "tờ rơi" if lang == "vi" else "leaflets"
    assert cells[COVER["review_leaflets"][lang == "en"]] == f"{number} {unit}"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("mode", ["internal", "publish"])
def test_the_cover_footer_names_the_packs_selection_once(db, lang, mode):
    """A review read 'Lọc: Năm: 2016–2020 | Năm: 2016–2020; Tình trạng xác định: Người được xác định
    không phải là nạn nhân, …' on the internal cover: the years twice, and the whole cover seemingly
    narrowed to people found not to be victims."""
    period = wb.Filters(years=(2016, 2020))
    source = db if mode == "internal" else _Publication(db, period, lang)
    try:
        figure, _ = _cover_page(source, period, lang, db.metadata)
    finally:
        if mode == "publish":
            source.close()
    footer = wb.footer(figure).replace("\n", " ")
    chosen = "Năm: 2016–2020" if lang == "vi" else "Years: 2016–2020"
    assert period.describe(lang) == chosen
    # Once, the pack's selection alone, as on a publish cover (the status rows name themselves).
    assert f"{TEXT['filters'][lang == 'en']}: {chosen} " in footer, footer
    assert footer.count(chosen) == 1, footer
    assert f"{chosen} |" not in footer and f"{chosen};" not in footer, footer


@pytest.mark.parametrize(
    ("years", "said"),
    [((2016, 2020), False), ((2024, 2026), True), ((2026, 2026), True)],
    ids=["before-the-merger", "across-the-merger", "after-the-merger"],
)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_figures_after_the_merger_say_the_samples_victims_are_understated(db, years, said, lang):
    cover, _ = _cover_page(db, wb.Filters(years=years), lang, db.metadata)
    assert (UNDERSTATED[lang] in wb.footer(cover).replace("\n", " ")) == said
    chart = wb.trend_chart(db.victims(years=years, by="year", lang=lang), lang=lang, meta=db.metadata)
    assert (UNDERSTATED[lang] in wb.footer(chart.figure).replace("\n", " ")) == said
    # Events are scaled to the merged city: their figures carry no such note.
    events = wb.trend_chart(db.events(years=years, by="year", lang=lang), lang=lang, meta=db.metadata)
    assert UNDERSTATED[lang] not in wb.footer(events.figure).replace("\n", " ")


def test_the_cover_says_the_packs_withheld_cells_depend_on_the_releases_before_it(db):
    period = wb.Filters(years=(2023, 2026))  # any pack's cover says it; this one is released fast
    internal, _ = _cover_page(db, period, "vi", db.metadata)
    assert not [t for t in internal.axes[0].texts if t.get_gid() == "release-note"]
    publication = _Publication(db, period, "en")
    try:
        figure, _ = _cover_page(publication, period, "en", db.metadata)
        numbers = {e["release"] for e in publication.register.entries() if "release" in e}
    finally:
        publication.close()
    note = next(t.get_text() for t in figure.axes[0].texts if t.get_gid() == "release-note")
    note = note.replace("\n", " ")
    assert "`workbench releases`" in note and "may withhold more cells" in note
    released = int(note.split("release no. ")[1].split(" ")[0].rstrip(";,"))
    assert released in numbers


@pytest.mark.slow
def test_the_published_pdf_cover_holds_the_review_and_the_release_note(db, tmp_path):
    path = wb.write_brief(db, tmp_path / "brief.pdf", wb.Filters(years=(2016, 2020)))
    cover = unicodedata.normalize("NFC", PdfReader(path).pages[0].extract_text())
    assert "1.134 buổi, 54.131 lượt người tham dự" in cover
    assert "124 buổi, 4.185 lượt người tham dự" in cover and "hơn 40.000" in cover
    assert "workbench releases" in cover
    assert AT_THE_AXIS["vi"] not in cover  # a cover has no axis
    # The note names every release of the pack's victim counts: the funnel's and the targets' too,
    # released after the cover's tables (it named the tables' only).
    named = cover.replace("\n", " ").split("lần công bố số ")[1].split(" trong sổ")[0]
    register = Register(db.path, database_id(db.path))
    victims = {"pack", "victims", "funnel", "support"}
    made = {e["release"] for e in register.entries() if "cells" in e and victims & set(e["what"])}
    assert {int(n) for n in named.replace(",", " ").split()} == made, (named, made)
    assert any("funnel" in e.get("what", {}) for e in register.entries()), "the pack released its funnel"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_cover_and_table_pages_do_not_speak_of_an_axis_but_charts_do(public, lang):
    period = wb.Filters(years=(2024, 2026))  # past the reform: the charts' note on places is there
    publication = _Publication(public, period, lang)
    try:
        cover, _ = _cover_page(publication, period, lang, public.metadata)
        chart = wb.trend_chart(publication.victims(period, ("year",)), lang=lang, meta=public.metadata)
    finally:
        publication.close()
    assert AT_THE_AXIS[lang] not in wb.footer(cover)
    assert AT_THE_AXIS[lang] in wb.footer(chart.figure).replace("\n", " ")


# ---- maps ---------------------------------------------------------------------------------------


def _table(values, kind="events", measure="attendees", extra=()) -> pd.DataFrame:
    rows = list(zip(CODES, values, strict=True)) + list(extra)
    frame = pd.DataFrame(rows, columns=["district_code", measure])
    frame.insert(1, "district", [place_name(c) for c in frame["district_code"]])
    frame.attrs.update(kind=kind, geography="harmonised", filters=wb.Filters())
    return frame


@pytest.mark.parametrize(
    ("value", "lang"),
    [("rate", "vi"), ("intensity", "vi"), ("rate", "en")],
    ids=["rate", "intensity", "rate-en"],
)
def test_a_rate_map_lists_the_former_provinces_without_a_raw_count(value, lang):
    table = _table([1000 * (i + 1) for i in range(9)], extra=[(93, 1234.0), (94, 5678.0)])
    ax = wb.district_map(table, value=value, lang=lang)
    outside = next(t.get_text() for t in ax.texts if t.get_gid() == "outside")
    assert not any(c.isdigit() for c in outside.split(":", 1)[1]), outside
    words = MAP["outside_no_rate"][lang == "en"]
    assert words.split("{areas}")[1].strip(" —") in outside.replace("\n", " ")
    assert ("Hậu Giang" in outside) and ("Sóc Trăng" in outside)
    # A count map still gives their counts.
    counts = wb.district_map(table, lang=lang)
    outside = next(t.get_text() for t in counts.texts if t.get_gid() == "outside")
    assert "1.234" in outside or "1,234" in outside


def test_a_map_footer_reads_the_data_version_from_the_table(db):
    ax = wb.district_map(db.events(years=(2016, 2020), by="district"), "attendees", value="rate")
    footer = wb.footer(ax.figure)
    # The extract date as Vietnamese write dates (dd/mm/yyyy), not ISO.
    generated = dt.date.fromisoformat(db.metadata["generated_on"]).strftime("%d/%m/%Y")
    assert db.metadata["data_version"] in footer and generated in footer
    assert TEXT["version_unknown"][0] not in footer
    # A table that names no data (made by hand) still says it does not know.
    assert TEXT["version_unknown"][0] in wb.footer(wb.district_map(_table(list(range(9)))).figure)


@pytest.mark.parametrize("value", ["count", "rate"])
def test_a_published_map_footer_says_each_note_once_and_nothing_of_an_axis(public, value):
    table = public.victims(years=(2016, 2026), by="district")
    footer = wb.footer(wb.district_map(table, value=value).figure).replace("\n", " ")
    rule = table.attrs["protected"].rule("vi")
    assert footer.count(rule) == 1
    assert AT_THE_AXIS["vi"] not in footer
    parts = [p.strip() for line in wb.footer(wb.district_map(table, value=value).figure).split("\n")
             for p in line.split(" · ")]  # fmt: skip
    assert len(parts) == len(set(parts))


@pytest.mark.parametrize(
    ("values", "breaks", "expected"),
    [
        ([1, 2, 3, 4, 5, 6, 7, 8, 8], [0, 3, 6, 9, 100], ["0 – 3", "3 – 6", "6 – 9"]),
        ([1, 2, 1, 2, 50, 60, 1, 2, 70], [0, 3, 6, 9, 100], ["0 – 3", "9 – 100"]),
    ],
    ids=["top-class-empty", "middle-classes-empty"],
)
def test_the_legend_lists_only_classes_some_district_falls_in(values, breaks, expected):
    ax = wb.district_map(_table(values), breaks=breaks)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == expected


def test_a_withheld_district_is_not_counted_as_no_data_in_the_legend():
    table = _table([float("nan"), 6, 7, 8, 9, 10, 11, 12, 13], kind="victims", measure="victims")
    table["victims_status"] = ["primary"] + ["published"] * 8
    labels = [t.get_text() for t in wb.district_map(table).get_legend().get_texts()]
    assert MAP["no_data"][0] not in labels and MAP["withheld"][0].format(k=5) in labels


# ---- targets ------------------------------------------------------------------------------------


def test_a_part_period_is_said_and_compared_with_the_whole_programmes_target(db):
    extracted = dt.date.fromisoformat(db.metadata["generated_on"])
    table = db.targets((2024, 2026)).set_index("indicator")
    running = table.loc["supported_2026_2030"]
    assert running["partial"] and running["measured_to"] == extracted
    assert running["measured_from"] == dt.date(2026, 1, 1)
    assert running["months_measured"] == extracted.month and running["months_in_programme"] == 60
    assert running["target_display"] == "100% (cả chương trình)"
    assert running["period_note"] == (
        f"Nạn nhân được hỗ trợ (trên số được xác định) (2026–2030): đo 01/01/2026–{extracted:%d/%m/%Y}, "
        f"{extracted.month} trên 60 tháng"
    )
    # From mid-year: communes are counted from the reform (1 July 2025) on.
    assert table.loc["communes_2021_2025", "measured_from"] == dt.date(2025, 7, 1)
    assert table.loc["communes_2021_2025", "months_measured"] == 6
    # The whole programme measured: no label, no note.
    whole = db.targets("2021-2025").set_index("indicator").loc["supported_2021_2025"]
    assert not whole["partial"] and whole["target_display"] == "100%" and whole["period_note"] == ""


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_packs_targets_pages_say_the_period_is_partial(db, lang):
    used: list = []
    pages = _programme_pages(db, wb.Filters(years=(2026, 2026)), lang, db.metadata, used)
    chart, table = pages[-2:]
    rule = TARGET_WORDS["partial_rule"][lang == "en"]
    notes = db.targets((2026, 2026), lang=lang)["period_note"]
    for page in (chart, table):
        footer = wb.footer(page).replace("\n", " ")
        assert footer.count(rule) == 1 and all(note in footer for note in notes), footer
    # Long cells wrap onto several lines in the table: read each as one line.
    cells = [c.get_text().get_text().replace("\n", " ") for c in table.axes[0].tables[0].get_celld().values()]
    assert any(TARGET_WORDS["partial"][lang == "en"] in c for c in cells)
    assert any(TARGET_WORDS["whole_programme"][lang == "en"] in c for c in cells)
