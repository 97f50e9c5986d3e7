"""Victim status and age as Law 53/2024/QH15 and the Criminal Code word them.

Victims ("nạn nhân"), people being identified ("người đang trong quá trình xác định là nạn nhân")
and people found not to be victims are counted separately; a victim count takes identified victims
unless asked otherwise, and says so. Under-16s (Criminal Code art. 151) and under-18s (Law 53/2024)
can both be counted.
"""

import pytest

import workbench as wb

ALL_STATUSES = ["actual", "possible", "not_victim"]


def _by_status(db) -> dict[str, int]:
    got = db.victims(by="trafficking_status")
    return dict(zip(got["trafficking_status"], got["victims"], strict=True))


def test_the_sample_holds_all_three_statuses(db):
    counts = _by_status(db)
    assert set(counts) == set(ALL_STATUSES)
    assert all(n > 0 for n in counts.values())


def test_a_victim_count_takes_identified_victims_by_default_and_says_so(db):
    counts = _by_status(db)
    total = db.victims()
    assert total.loc[0, "victims"] == counts["actual"]
    assert "Chỉ tính nạn nhân đã được xác định (Luật 53/2024/QH15)" in total.attrs["status_note"]
    english = db.victims(lang="en")
    assert english.attrs["status_note"].startswith("Identified victims only (Law 53/2024/QH15)")
    # Every status together, when asked.
    everyone = db.victims(trafficking_statuses=ALL_STATUSES)
    assert everyone.loc[0, "victims"] == sum(counts.values())
    assert "Người đang trong quá trình xác định là nạn nhân" in everyone.attrs["status_note"]


@pytest.mark.parametrize(
    ("status", "label"),
    [
        pytest.param("actual", "Nạn nhân", id="victim"),
        pytest.param("possible", "Người đang trong quá trình xác định là nạn nhân", id="being-identified"),
        pytest.param("not_victim", "Người được xác định không phải là nạn nhân", id="not-a-victim"),
    ],
)
def test_each_status_is_counted_on_request_with_the_statutory_label(db, status, label):
    got = db.victims(trafficking_statuses=status)
    assert got.loc[0, "victims"] == _by_status(db)[status]
    assert wb.label("trafficking_status", status) == label
    codes = db.sql(
        "SELECT legal_basis FROM codes WHERE codeset = 'trafficking_status' AND code = $c", c=status
    )
    assert "Luật 53/2024/QH15" in codes["legal_basis"].iloc[0]


def test_the_35_origin_victims_are_identified_victims(db):
    origin = wb.Filters(years=(2016, 2020))
    assert db.victims(origin).loc[0, "victims"] == 35
    assert db.victims(origin, trafficking_statuses="actual").loc[0, "victims"] == 35


def test_the_footer_of_a_victim_figure_says_who_was_counted(db):
    frame = db.victims(by="year")
    ax = wb.trend_chart(frame, "victims")
    assert "Chỉ tính nạn nhân đã được xác định" in wb.footer(ax.figure)
    events = wb.trend_chart(db.events(by="year"), "events")
    assert "nạn nhân đã được xác định" not in wb.footer(events.figure)


@pytest.mark.slow
def test_the_standard_figures_count_each_status_in_its_own_figure(db):
    names = [spec.name for spec in wb.STANDARD_FIGURES]
    assert "03_victims_by_year" in names and "14_victims_being_identified_or_not_victims" in names
    figures = {
        name: (ax, frames) for name, ax, frames in wb.briefing_figures(db, wb.Filters(), mode="internal")
    }
    _, (identified,) = figures["03_victims_by_year"]
    assert identified["victims"].sum() == _by_status(db)["actual"]
    ax, (others,) = figures["14_victims_being_identified_or_not_victims"]
    totals = others.groupby("trafficking_status")["victims"].sum().to_dict()
    assert totals == {"possible": _by_status(db)["possible"], "not_victim": _by_status(db)["not_victim"]}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Người đang trong quá trình xác định là nạn nhân" in legend
    assert "Người được xác định không phải là nạn nhân" in legend
    assert "Người đang trong quá trình xác định là nạn nhân" in wb.footer(ax.figure)


@pytest.mark.slow
def test_the_published_pack_keeps_the_identified_total_when_no_one_else_was_received(db_path):
    # 2016-2020: every record an identified victim. The others' figure is all zeros, and it must not
    # cost the headline: the identified total is published, not withheld to hide those zeros.
    with wb.connect(db_path, mode="publish") as published:
        figures = {
            name: frames for name, _, frames in wb.briefing_figures(published, wb.Filters(years=(2016, 2020)))
        }
    (by_year,) = figures["03_victims_by_year"]
    assert by_year.attrs["protected"].published().iloc[0, -1] == 35  # the grand total column


def test_support_counts_everyone_the_law_entitles_and_says_so(db):
    got = db.support()
    assert "Luật 53/2024/QH15, Điều 37" in got.attrs["status_note"]
    identified_and_being = db.support(trafficking_statuses=["actual", "possible"])
    assert got.loc[0, "services"] == identified_and_being.loc[0, "services"]


@pytest.mark.parametrize(
    ("dimension", "title"),
    [
        pytest.param("under_16", "Người dưới 16 tuổi", id="under-16-criminal-code"),
        pytest.param("under_18", "Người dưới 18 tuổi", id="under-18-law-53"),
    ],
)
def test_under_16_and_under_18_are_both_counted_and_worded_as_the_law(db, dimension, title):
    got = db.victims(by=dimension, trafficking_statuses=ALL_STATUSES)
    counts = dict(zip(got[dimension], got["victims"], strict=True))
    assert counts.get("yes", 0) > 0
    assert sum(counts.values()) == db.victims(trafficking_statuses=ALL_STATUSES).loc[0, "victims"]
    from workbench._labels import text

    assert text(dimension, "vi") == title


def test_under_16_is_a_part_of_under_18(db):
    both = db.victims(by=["under_16", "under_18"], trafficking_statuses=ALL_STATUSES)
    assert both.loc[(both["under_16"] == "yes") & (both["under_18"] != "yes"), "victims"].sum() == 0
    by_status = db.victims(by="minor_status", trafficking_statuses=ALL_STATUSES)
    labels = dict(zip(by_status["minor_status"], by_status["minor_status_label"], strict=True))
    assert labels["under_16"] == "Người dưới 16 tuổi"
    assert labels["16_17"] == "Người từ đủ 16 đến dưới 18 tuổi"


@pytest.mark.slow
def test_a_publication_withholds_an_identified_count_wherever_it_appears(db):
    # Identified victims by year count what the 'actual' row of the by-year-and-status table counts:
    # one withheld there must be withheld here, or the other statuses could be read off by difference.
    from workbench._disclosure import protect_together

    period = wb.Filters(years=(2016, 2026))
    by_year = db.victims(period, by="year", complete=True)
    by_status = db.victims(period, by=["year", "trafficking_status"], complete=True)
    assert by_year.attrs["count_scope"] == frozenset({("trafficking_status", "actual")})
    year_table, status_table = protect_together(
        [(by_year, ["year"], "victims"), (by_status, ["year", "trafficking_status"], "victims")], k=5
    )
    shown_by_year = dict(zip(year_table["year"], year_table["victims"].isna(), strict=True))
    actual = status_table[status_table["trafficking_status"] == "actual"]
    shown_actual = dict(zip(actual["year"], actual["victims"].isna(), strict=True))
    assert shown_by_year == shown_actual
    assert any(shown_by_year.values())  # small years exist: the check is not empty
    # Where both show a year, they show the same number.
    both = year_table.merge(actual, on="year", suffixes=("", "_actual")).dropna(
        subset=["victims", "victims_actual"]
    )
    assert (both["victims"] == both["victims_actual"]).all()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_by_status_figure_does_not_call_everyone_it_counts_a_victim(db, lang):
    # Figure 14 shows people being identified and people found not to be victims: its title and
    # axis name the people received, and "victim" only as the status being decided.
    figures = {name: ax for name, ax, _ in wb.briefing_figures(db, wb.Filters(), lang=lang, mode="internal")}
    ax = figures["14_victims_being_identified_or_not_victims"]
    # The title's first line (the second names the period and the selection, as on every figure).
    words = (ax.get_title().split("\n")[0], ax.get_ylabel())
    if lang == "vi":
        assert words == (
            "Người đang xác định và người không phải nạn nhân, theo năm",
            "Số người",
        )
        assert not any("Số nạn nhân" in w for w in words)
    else:
        assert words == ("People being identified and people found not to be victims, by year", "People")
        assert not any(w.startswith("Victims") for w in words)


@pytest.mark.parametrize(
    ("status", "lang"),
    [
        pytest.param("not_victim", "vi", id="not-victim-vi"),
        pytest.param("possible", "vi", id="possible-vi"),
        pytest.param("not_victim", "en", id="not-victim-en"),
        pytest.param("possible", "en", id="possible-en"),
    ],
)
def test_the_status_note_names_each_other_status_as_its_label_does(db, status, lang):
    # One wording everywhere: the footer note of an identified-victims table speaks of the people it
    # leaves out in the words of the status's own label (legend, tables, codes view).
    note = db.victims(by="year", lang=lang).attrs["status_note"]
    words = wb.label("trafficking_status", status, lang=lang)
    if lang == "en":  # the note speaks of people, the label of one person: the same verb phrase
        phrase = {"not_victim": "found not to be", "possible": "being identified"}[status]
        assert phrase in words.lower() and phrase in note, (note, words)
    else:
        assert words[0].lower() + words[1:] in note, (note, words)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["internal", "publish"])
def test_a_table_grouped_by_status_holds_only_the_statuses_asked_for(db_path, mode):
    # Publish mode fills every cell of a grouping (complete): it must fill only the chosen statuses,
    # not show the identified victims ("Nạn nhân") as "<5" beside a figure that publishes them.
    with wb.connect(db_path, mode=mode) as workbench:
        got = workbench.victims(
            by=["year", "trafficking_status"], trafficking_statuses=["possible", "not_victim"], complete=True
        )
    assert len(got) > 0
    assert set(got["trafficking_status"]) == {"possible", "not_victim"}
    assert "Nạn nhân" not in set(got["trafficking_status_label"])
    if mode == "publish":
        table = got.attrs["protected"].display()
        columns = [str(c) for c in table.columns]
        assert columns[:2] == ["possible", "not_victim"]
        assert "actual" not in columns and "unknown" not in columns
        # Its totals are over the two statuses, never keyed as a count of everyone or of victims.
        assert got.attrs["count_scope"] == frozenset({("trafficking_statuses", ("not_victim", "possible"))})


@pytest.mark.parametrize(
    ("by", "field", "chosen"),
    [
        pytest.param("sex", "sexes", ["female"], id="sex"),
        pytest.param("destination", "destinations", ["KH", "VN"], id="destination"),
        pytest.param("trafficking_status", "trafficking_statuses", ["actual"], id="status"),
    ],
)
def test_complete_fills_only_the_codes_a_filter_allows(db, by, field, chosen):
    got = db.victims(by=by, complete=True, **{field: chosen})
    assert sorted(got[by]) == sorted(chosen)


@pytest.mark.slow
def test_published_status_figure_does_not_contradict_the_identified_figure(db_path, db):
    with wb.connect(db_path, mode="publish") as published:
        figures = {name: frames for name, _, frames in wb.briefing_figures(published, wb.Filters())}
    (others,) = figures["14_victims_being_identified_or_not_victims"]
    assert set(others["trafficking_status"]) <= {"possible", "not_victim"}
    (identified,) = figures["03_victims_by_year"]
    exact = db.victims(by="year", complete=True).set_index("year")["victims"]
    shown = identified.dropna(subset=["victims"]).set_index("year")["victims"]
    assert len(shown) > 0
    assert all(exact[year] == n for year, n in shown.items())
