"""How the briefing figures read to a statistician (issue "Domain truth"): titles, tick labels,
axis notes, footers and bar lengths read off the returned Axes, in both languages and both modes."""

from __future__ import annotations

import re

import numpy as np
import pytest

import workbench as wb
from workbench._brief import briefing_figures
from workbench._funnel_charts import funnel_chart
from workbench._labels import date_text, year_range

RECENT = wb.Filters(years=(2021, 2026))  # one district shown, the rest withheld (publish mode)
MARK = "withheld-mark"


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    """The standard set in each mode and language, drawn once (2021–2026)."""
    path = tmp_path_factory.mktemp("words") / "workbench.duckdb"
    wb.connect(path).close()
    drawn = {}
    with wb.connect(path) as db:
        for mode in ("publish", "internal"):
            for lang in ("vi", "en"):
                made = briefing_figures(db, RECENT, lang=lang, mode=mode)
                drawn[mode, lang] = {name: ax for name, ax, _ in made}
    return drawn


def _shown_words(ax) -> list[str]:
    """Every word a reader sees on a figure: title, axis labels, ticks, texts, legend, footer."""
    words = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), wb.footer(ax.figure)]
    words += [t.get_text() for t in (*ax.get_xticklabels(), *ax.get_yticklabels(), *ax.texts)]
    legend = ax.get_legend()
    if legend is not None:
        words += [t.get_text() for t in legend.get_texts()]
    return words


def test_the_published_effort_chart_spans_every_district_and_names_the_withheld_strip(figures):
    """2021–2026 zoomed to the one district shown, and its grey band read as 'lower incidence'."""
    for lang, name in (("vi", "Không công bố"), ("en", "Not published")):
        ax = figures["publish", lang]["13_effort_vs_incidence"]
        hollow = next(c for c in ax.collections if c.get_gid() == "withheld")
        offsets = np.asarray(hollow.get_offsets())[:, 0]
        withheld_x = offsets[np.isfinite(offsets)]  # the former provinces' areas: no rate, not drawn
        assert len(withheld_x) >= 5, "the premise: most districts withheld"
        low, high = ax.get_xlim()
        assert low <= withheld_x.min() and withheld_x.max() <= high, (withheld_x, (low, high))
        # the strip is named on the incidence axis, under a scale that starts at 0
        ticks = {t.get_text(): t.get_position()[1] for t in ax.get_yticklabels() if t.get_text()}
        assert name in ticks
        numbers = [y for words, y in ticks.items() if words != name]
        assert min(numbers) == 0 and ticks[name] < 0
        band = next(p for p in ax.patches if p.get_gid() == "withheld-band")
        assert band.get_hatch()
        legend = " ".join(t.get_text().replace("\n", " ") for t in ax.get_legend().get_texts())
        assert ("không công bố" in legend) if lang == "vi" else ("not published" in legend)


def test_a_published_rate_chart_says_a_withheld_rate_is_not_published_not_zero(figures):
    ax = figures["publish", "vi"]["12_victims_per_100k"]
    marks = [t.get_text() for t in ax.texts if t.get_gid() == MARK and t.get_text()]
    assert marks and set(marks) == {"<5 người: tỷ lệ không công bố"}
    english = figures["publish", "en"]["12_victims_per_100k"]
    assert {t.get_text() for t in english.texts if t.get_gid() == MARK and t.get_text()} == {
        "<5 people: rate not published"
    }


def test_the_published_funnel_says_why_its_stages_are_withheld(db_path):
    with wb.connect(db_path, mode="publish") as public:
        funnel = public.funnel(RECENT)
    withheld = funnel["people_status"] != "published"
    assert withheld.any() and (~withheld).any()
    ax = funnel_chart(funnel)
    assert "không công bố" in ax.get_xlabel() and "dưới 5 người" in ax.get_xlabel()
    # the shown stage keeps its length, the withheld ones have none
    assert [p.get_width() == 0 for p in ax.patches] == withheld.tolist()
    with wb.connect(db_path) as internal:
        exact = funnel_chart(internal.funnel(RECENT))
    assert exact.get_xlabel() == "Số người"  # nothing withheld, nothing to explain
    shares = [t.get_text() for t in exact.texts if "%" in t.get_text()]
    assert shares and not any(" %" in s for s in shares), shares  # '91%', not '91 %'


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_figure_08_is_by_purpose_and_says_its_bars_are_mentions(figures, lang):
    ax = figures["publish", lang]["08_victims_by_exploitation"]
    title = ax.get_title().split("\n")[0]
    label = ax.get_xlabel().replace("\n", " ")
    if lang == "vi":
        assert title == "Số nạn nhân được xác định theo mục đích mua bán người"
        assert "lượt ghi nhận" in label and "lớn hơn số người" in label
    else:
        assert title == "Identified victims by purpose of trafficking"
        assert "mentions" in label and "more than the number of people" in label


def test_figure_14_is_titled_by_the_people_it_counts(figures):
    vi = figures["internal", "vi"]["14_victims_being_identified_or_not_victims"]
    en = figures["internal", "en"]["14_victims_being_identified_or_not_victims"]
    # The title names both groups, on one line within the figure; the legend gives the statutory terms.
    assert vi.get_title().startswith("Người đang xác định và người không phải nạn nhân, theo năm\n")
    assert en.get_title().startswith("People being identified and people found not to be victims, by year\n")
    assert "tiếp nhận" not in vi.get_title() and "received" not in en.get_title()
    legend = {t.get_text() for t in vi.get_legend().get_texts()}
    assert legend <= {wb.label("trafficking_status", s) for s in ("possible", "not_victim")}


def test_cases_are_counted_and_named_as_detected_matters(figures, db):
    ax = figures["internal", "vi"]["16_cases_by_year"]
    assert ax.get_title().startswith("Số vụ việc mua bán người được phát hiện theo năm")
    assert "vụ án" not in " ".join(_shown_words(ax)).lower()
    # what the bars count: every case detected in the year, whatever stage it reached
    frame = db.cases(RECENT, by="year")
    stages = db.cases(RECENT, by=["year", "stage"])
    assert set(stages["stage"]) > {"detected"}, "the premise: cases at several stages"
    assert frame["cases"].sum() == stages["cases"].sum()
    heights = [p.get_height() for p in ax.patches]
    assert heights == frame["cases"].astype(float).tolist()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_age_bands_read_with_en_dashes_and_the_9_17_note(figures, lang):
    ax = figures["internal", lang]["10_victims_by_age_and_sex"]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ("9–17 tuổi" if lang == "vi" else "9–17 years") in ticks
    assert not any("-" in t for t in ticks), ticks
    assert wb.label("age_band", "0-8", lang) == ("0–8 tuổi" if lang == "vi" else "0–8 years")
    note = ax.get_xlabel().replace("\n", " ")
    assert ("dưới 16 tuổi" in note and "Điều 151" in note) if lang == "vi" else "under-16s" in note


@pytest.mark.parametrize("mode", ["publish", "internal"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_figure_writes_ranges_percents_and_dates_one_way(figures, mode, lang):
    iso = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
    hyphen_range = re.compile(r"(?<!\d)\d{4}-\d{2,4}(?!\d)")
    short_date = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")
    for name, ax in figures[mode, lang].items():
        for words in _shown_words(ax):
            assert not iso.search(words) and not hyphen_range.search(words), (name, words)
            assert not re.search(r"\d %", words), (name, words)
            for found in short_date.findall(words):
                assert lang == "vi" and re.fullmatch(r"\d{2}/\d{2}/\d{4}", found), (name, found)
        footer = wb.footer(ax.figure)
        extracted = "trích xuất ngày 28/11/2026" if lang == "vi" else "extracted 28 November 2026"
        assert extracted in footer, (name, footer)


@pytest.mark.parametrize(
    ("given", "lang", "shown"),
    [
        pytest.param("2026-11-28", "vi", "28/11/2026", id="vi"),
        pytest.param("2026-12-03", "en", "3 December 2026", id="en"),
        pytest.param("not a date", "en", "not a date", id="as-given"),
    ],
)
def test_dates_are_written_one_way_per_language(given, lang, shown):
    assert date_text(given, lang) == shown


def test_year_ranges_take_the_en_dash_and_leave_other_hyphens():
    assert year_range("Chương trình 2021-2025") == "Chương trình 2021–2025"
    assert year_range("QĐ 193/QĐ-TTg; 12345-6789") == "QĐ 193/QĐ-TTg; 12345-6789"


def test_the_city_bodies_and_medical_support_read_as_the_field_writes_them():
    assert wb.label("organiser", "womens_union") == "Hội LHPN thành phố"
    assert wb.label("organiser", "district_womens_union") == "Hội LHPN quận/huyện"
    assert wb.label("support_type", "medical") == "Hỗ trợ y tế"
    assert wb.label("support_type", "medical", "en") == "Medical support"
