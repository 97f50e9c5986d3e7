"""Publish mode end to end: charts, exports and the briefing pack let no small victim count out."""

import json
import re
import unicodedata

import pandas as pd
import pytest
from pypdf import PdfReader

import workbench as wb
from workbench._brief import briefing_figures
from workbench._cli import main
from workbench._error_words import said

K = 5
PERIOD = wb.Filters(years=(2016, 2020))


@pytest.fixture
def public(db_path):
    with wb.connect(db_path, mode="publish") as db:
        yield db


def _victim_frames(figures):
    return [f for _, _, frames in figures for f in frames if f.attrs.get("kind") == "victims"]


@pytest.mark.slow
def test_every_victim_table_of_the_pack_is_protected_and_consistent(public):
    figures = briefing_figures(public, PERIOD)
    frames = _victim_frames(figures)
    assert frames, "the standard set shows victims"
    for frame in frames:
        assert frame.attrs["mode"] == "publish"
        assert (frame["victims"].dropna() >= K).all()
        published = frame.attrs["protected"].published()
        assert (published.fillna(K) >= K).all().all()
    # A count withheld anywhere in the pack is withheld everywhere it appears.
    withheld = frozenset().union(*(f.attrs["withheld_keys"] for f in frames))
    for frame in frames:
        protected = frame.attrs["protected"]
        from workbench._disclosure import _cell_keys

        by = [c for c in ("district", "year", "exploitation", "destination", "age_band", "sex") if c in frame]
        if "district_code" in frame:
            by = ["district", *[b for b in by if b != "district"]]
        keys = _cell_keys(protected, by, "victims")
        for cell, key in keys.items():
            if key in withheld:
                assert protected.status.loc[cell] != "published", (by, cell, key)


def test_withheld_bars_are_drawn_as_withheld_not_as_zero(public):
    data = public.victims(PERIOD, by="year", complete=True)
    ax = wb.trend_chart(data, "victims")
    withheld = data["victims_status"] != "published"
    assert withheld.any()
    # 2019 and 2020 (4 and 2) are below k; with the 2016-2020 total published they would lie in
    # [2, 4], narrower than "<5", so a further year is withheld ('x') as well.
    statuses = data["victims_status"]
    for bar, hidden, mark, status in zip(
        ax.patches, withheld, data["victims_display"], statuses, strict=True
    ):
        assert (bar.get_gid() == "withheld") == hidden
        if hidden:  # no bar length (one as high as k read as a count of k), its mark at the axis
            assert bar.get_height() == 0 and mark == ("<5" if status == "primary" else "x")
    labels = [t.get_text() for t in ax.texts if t.get_text()]
    marks = [t.get_text() for t in ax.texts if t.get_gid() == "withheld-mark" and t.get_text()]
    assert sorted(marks) == sorted(data.loc[withheld, "victims_display"])
    assert "<5" in labels
    assert all(not re.fullmatch(r"[1-4]", label) for label in labels)
    assert "Số dưới 5 được ẩn" in wb.footer(ax.figure)


def test_export_refuses_exact_victim_counts_unless_asked_for_internal(db, tmp_path):
    data = db.victims(PERIOD, by="year", complete=True)
    ax = wb.trend_chart(data, "victims", meta=db.metadata)
    with pytest.raises(wb.DisclosureError, match="mode='publish'"):
        wb.export_figure(ax, tmp_path / "v", data=data, meta=db.metadata, formats=["svg"])
    assert not list(tmp_path.iterdir())
    written = wb.export_figure(
        ax, tmp_path / "v", data=data, meta=db.metadata, formats=["svg"], mode="internal"
    )
    assert "Nội bộ – không công bố" in written[0].read_text(encoding="utf-8") or "Nội bộ" in wb.footer(
        ax.figure
    )


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("hotline", id="exact-hotline-contacts"),
        pytest.param("none", id="victims-drawn-data-left-out"),
    ],
)
def test_export_refuses_what_publish_mode_withholds_whatever_data_it_is_given(db, tmp_path, data):
    """From an internal connection, a hotline chart (publish mode withholds contacts below 5) was
    written as a published file, and so was a victims chart exported with `data=[]`."""
    if data == "hotline":
        frame = db.count("hotline", PERIOD, by="year", complete=True)
        ax, given = wb.trend_chart(frame, "contacts", meta=db.metadata), frame
    else:
        frame = db.victims(PERIOD, by="year", complete=True)
        ax, given = wb.trend_chart(frame, "victims", meta=db.metadata), []
    with pytest.raises(wb.DisclosureError, match="mode='publish'"):
        wb.export_figure(ax, tmp_path / "f", data=given, meta=db.metadata, formats=["png"])
    assert not list(tmp_path.iterdir())


def test_ad_hoc_sql_results_are_not_published_from_internal_mode(db, tmp_path):
    data = db.sql("SELECT year, count(*) AS victims FROM victims GROUP BY year ORDER BY year")
    ax = wb.trend_chart(data.assign(**{"victims": data["victims"]}), "victims")
    with pytest.raises(wb.DisclosureError):
        wb.export_figure(ax, tmp_path / "adhoc", data=data, meta=db.metadata, formats=["png"])


@pytest.mark.parametrize(
    ("query", "exact"),
    [
        pytest.param(
            "SELECT year, count(*) AS cases FROM cases GROUP BY year ORDER BY year", True, id="cases"
        ),
        pytest.param(
            "SELECT year, count(*) AS contacts FROM hotline GROUP BY year ORDER BY year", True, id="hotline"
        ),
        pytest.param(
            "WITH s AS (SELECT * FROM support_services) SELECT year, count(*) AS attendees FROM s GROUP BY 1",
            True,
            id="support-through-a-cte",
        ),
        pytest.param(
            "SELECT year, sum(attendees) AS attendees FROM events GROUP BY year ORDER BY year",
            False,
            id="events",
        ),
    ],
)
def test_ad_hoc_sql_over_withheld_records_is_marked_whatever_its_columns_are_called(
    db, tmp_path, query, exact
):
    """Cases counted `AS cases` (no 'victim' in a column's name) drew with no internal band, and
    drawn on a figure given events as `data`, were exported as published: 5 3 2 1 1 ..."""
    from workbench._figure import STAMP_GID

    frame = db.sql(query)
    ax = wb.trend_chart(frame, frame.columns[-1], meta=db.metadata)
    banded = any(a.get_gid() == STAMP_GID for a in ax.figure.artists)
    footer = " ".join(t.get_text() for t in ax.figure.texts)
    assert ("Nội bộ – không công bố" in footer) == exact
    assert banded == exact
    events = db.events(PERIOD, by="year", complete=True)
    if exact:
        with pytest.raises(wb.DisclosureError) as refused:
            wb.export_figure(ax, tmp_path / "out" / "f", data=events, meta=db.metadata, formats=["png"])
        assert "a chart was drawn on it" in said(refused.value, "en")
        assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("kind", "measure"), [("cases", "cases"), ("hotline", "contacts"), ("support", "services")]
)
def test_exact_counts_rebuilt_without_their_attrs_are_still_marked(db, kind, measure):
    """A frame rebuilt by pandas (`pd.DataFrame(frame.to_dict())`) loses `attrs`; its columns then
    decide, and a count named as a withheld kind's measure is exact whatever else it lost."""
    import pandas as pd

    from workbench._figure import STAMP_GID

    rebuilt = pd.DataFrame(db.count(kind, PERIOD, by="year", complete=True).to_dict())
    assert not rebuilt.attrs
    ax = wb.trend_chart(rebuilt, measure)
    assert any(a.get_gid() == STAMP_GID for a in ax.figure.artists)


@pytest.mark.parametrize("base_mode", ["internal", "publish"])
def test_a_count_of_victims_copied_onto_an_events_table_is_never_published(db_path, tmp_path, base_mode):
    """Victims by year copied onto the events table (to chart them beside it) kept the table's
    `kind="events"`: the chart had no band, and exported with that table as its data it was
    written as published, 14 9 6 4 2 0 3 on it. Publish mode protected the events, not the copy."""
    from workbench._figure import STAMP_GID

    with wb.connect(db_path) as internal, wb.connect(db_path, mode=base_mode) as base:
        table = base.events(PERIOD, by="year", complete=True)
        table["victims"] = internal.victims(PERIOD, by="year", complete=True)["victims"]
        ax = wb.trend_chart(table, "victims", meta=base.metadata)
        assert any(a.get_gid() == STAMP_GID for a in ax.figure.artists)
        with pytest.raises(wb.DisclosureError) as refused:
            wb.export_figure(ax, tmp_path / "out" / "f", data=table, meta=base.metadata, formats=["png"])
    assert "(victims, " in said(refused.value, "en")  # the column it found, not "events"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "draw",
    [
        pytest.param(
            lambda db: wb.funnel_chart(pd.DataFrame(db.funnel(PERIOD).to_dict())), id="funnel-rebuilt"
        ),
        pytest.param(
            lambda db: wb.trend_chart(
                db.count("cases", PERIOD, by="year", complete=True).merge(
                    db.events(PERIOD, by="year", complete=True)[["year"]], on="year"
                ),
                "cases",
            ),
            id="cases-merged",
        ),
    ],
)
def test_exact_counts_through_pandas_are_marked_and_refused(db, tmp_path, draw):
    """`merge`, `to_dict` and the like return a table with no attrs: its columns decide. The
    funnel's people and the cases, drawn so, went out as published given an events table."""
    ax = draw(db)
    events = db.events(PERIOD, by="year", complete=True)
    with pytest.raises(wb.DisclosureError):
        wb.export_figure(ax, tmp_path / "out" / "f", data=events, meta=db.metadata, formats=["png"])
    assert not (tmp_path / "out").exists()


def _victims_added_as_total_to_events(internal, public):
    table = internal.events(PERIOD, by="year", complete=True)
    table["total"] = internal.victims(PERIOD, by="year", complete=True)["victims"]
    return wb.trend_chart(table, "total"), table


def _exact_added_to_a_published_victims_table(internal, public):
    table = public.victims(PERIOD, by="district")
    exact = internal.victims(PERIOD, by="district").set_index("district_code")["victims"]
    table = table.assign(total=table["district_code"].map(exact).fillna(0).astype(int))
    return wb.district_chart(table, "total"), table


def _withheld_cells_set_in_place(internal, public):
    table = public.victims(PERIOD, by="district")
    exact = internal.victims(PERIOD, by="district").set_index("district_code")["victims"]
    table["victims"] = table["district_code"].map(exact).astype("Int64")  # the same name, exact numbers
    return wb.district_chart(table, "victims"), table


def _shown_text_set_in_place(internal, public):
    table = public.victims(PERIOD, by="year").copy()
    table.loc[:, "victims_display"] = internal.victims(PERIOD, by="year")["victims"].astype(str).to_numpy()
    return wb.trend_chart(table), table


def _hotline_status_and_counts_set_in_place(internal, public):
    table = public.count("hotline", wb.Filters(years=(2021, 2021)), by="district").copy()
    exact = internal.count("hotline", wb.Filters(years=(2021, 2021)), by="district").set_index(
        "district_code"
    )
    table["contacts"] = exact["contacts"].reindex(table["district_code"]).fillna(0).astype("Int64").to_numpy()
    table["contacts_status"] = "published"
    table["contacts_display"] = table["contacts"].astype(str)
    return wb.district_chart(table, "contacts"), table


def _withheld_cell_filled_with_a_number_published_beside_it(internal, public):
    """Each of its values is published somewhere in its column: only the row says it is new."""
    table = public.victims(by=["year", "trafficking_status"]).copy()  # every year: 2021's 0 shown
    exact = internal.victims(by=["year", "trafficking_status"], complete=True)
    keys = ["year", "trafficking_status"]
    merged = table.merge(exact[[*keys, "victims"]], on=keys, how="left", suffixes=("", "_exact"))
    published = set(table.loc[table["victims_status"] == "published", "victims"].dropna().astype(int))
    filled = (table["victims_status"] != "published") & merged["victims_exact"].isin(published).to_numpy()
    assert filled.any(), "a withheld cell whose count is published in another row"
    table.loc[filled, "victims"] = merged.loc[filled, "victims_exact"].astype("Int64").to_numpy()
    table.loc[filled, "victims_status"] = "published"
    table.loc[filled, "victims_display"] = table.loc[filled, "victims"].astype(str)
    return wb.stacked_chart(table), table


def _filled_and_its_keys_dropped_drawn_by_hand(internal, public):
    """The same table with its year and status (and label) dropped: each filled row is then a published
    row's values, so only how many times a row comes says it is new."""
    _, table = _withheld_cell_filled_with_a_number_published_beside_it(internal, public)
    keyless = table.drop(columns=["year", "trafficking_status", "trafficking_status_label"])
    _, (ax,) = wb.new_figure()
    ax.bar(range(len(keyless)), keyless["victims"].fillna(0).astype(float))
    return ax, keyless


def _pivoted_onto_a_publish_panel(internal, public):
    panel = wb.events_panel(public, PERIOD)
    exact = internal.victims(PERIOD, by=["year", "district"])
    wide = exact.pivot(index="year", columns="district", values="victims").fillna(0)
    wb.trend_chart(wide.sum(axis=1).reset_index(name="total"), "total", ax=panel.trend_ax)
    return panel, public.events(PERIOD, by="year")


@pytest.mark.parametrize(
    "made",
    [
        pytest.param(_victims_added_as_total_to_events, id="victims-added-to-events-as-total"),
        pytest.param(_exact_added_to_a_published_victims_table, id="exact-added-to-a-published-table"),
        pytest.param(_withheld_cells_set_in_place, id="withheld-cells-set-in-place"),
        pytest.param(_shown_text_set_in_place, id="shown-text-set-in-place"),
        pytest.param(_hotline_status_and_counts_set_in_place, id="hotline-status-and-counts-set-in-place"),
        pytest.param(
            _withheld_cell_filled_with_a_number_published_beside_it,
            id="withheld-cell-filled-with-a-number-shown-beside",
        ),
        pytest.param(_filled_and_its_keys_dropped_drawn_by_hand, id="filled-keys-dropped-drawn-by-hand"),
        pytest.param(_pivoted_onto_a_publish_panel, id="pivoted-drawn-on-a-publish-panel"),
    ],
)
def test_counts_added_or_reshaped_after_the_query_are_never_published(internal, public, tmp_path, made):
    """A column added to a table after the query (named `total`, which every chart helper draws),
    or a table whose attrs a pivot lost, was drawn with no mark and exported as published: the
    city's victims by year, and the districts' `<5` cells as 4, 4, 4, 1, 0."""
    drawn, data = made(internal, public)
    with pytest.raises(wb.DisclosureError):
        if isinstance(drawn, wb.FilterPanel):
            drawn.export(tmp_path / "out" / "f", formats=("svg",))
        else:
            wb.export_figure(drawn, tmp_path / "out" / "f", data=data, meta=public.metadata, formats=["svg"])
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_table_the_workbench_gave_is_published_with_its_own_columns(public, tmp_path):
    """The check is on columns added after: a published table, rows chosen, columns dropped or
    reordered, is still published."""
    table = public.events(PERIOD, by="year")
    shown = table[table["year"] >= 2017][["attendees", "year"]]
    ax = wb.trend_chart(shown, "attendees")
    written = wb.export_figure(ax, tmp_path / "f", data=shown, meta=public.metadata, formats=["svg"])
    assert json.loads(written[1].read_text(encoding="utf-8"))["mode"] == "publish"
    # a column worked out after the query is no longer the query's: said so, naming it
    per_event = table.assign(attendees=table["attendees"] // table["events"])
    ax = wb.trend_chart(per_event, "attendees")
    with pytest.raises(wb.DisclosureError) as refused:
        wb.export_figure(ax, tmp_path / "g", data=per_event, meta=public.metadata, formats=["svg"])
    assert "columns added or changed after its query (attendees)" in said(refused.value, "en")
    assert "mode='internal'" in str(refused.value)


@pytest.mark.parametrize("how", ["ax-on-a-figure-of-ones-own", "footer-set-not-internal"])
def test_an_internal_export_of_exact_counts_always_carries_its_marks(db, tmp_path, how):
    """`export_figure(mode="internal")` wrote what it was given: a chart drawn with ax= on a
    figure of one's own, or given a footer with internal=False, had no band and no mark."""
    exact = db.victims(PERIOD, by="year", complete=True)
    if how == "ax-on-a-figure-of-ones-own":
        figure, (ax,) = wb.new_figure()
        wb.trend_chart(exact, "victims", ax=ax)
    else:
        figure = wb.trend_chart(exact, "victims", meta=db.metadata).figure
        wb.set_footer(figure, exact, db.metadata, internal=False)
    [pdf, _] = wb.export_figure(
        figure, tmp_path / "v", data=exact, meta=db.metadata, formats=["pdf"], mode="internal"
    )
    text = unicodedata.normalize("NFC", " ".join(page.extract_text() for page in PdfReader(pdf).pages))
    assert "NỘI BỘ – KHÔNG CÔNG BỐ" in text and "Nội bộ – không công bố" in text


def _page_numbers(text: str) -> list[int]:
    """Whole numbers on a page, years left out (Vietnamese thousands separator understood)."""
    tokens = re.findall(r"(?<![\w<])\d{1,3}(?:\.\d{3})*(?![\w.,])", text)
    values = [int(t.replace(".", "")) for t in tokens]
    return [v for v in values if not 2000 <= v <= 2100]


@pytest.mark.slow
def test_briefing_pack_on_the_sample_data_contains_no_victim_count_below_k(db_path, tmp_path):
    path = tmp_path / "brief.pdf"
    assert main(["brief", "--years", "2016", "2020", "--out", str(path), "--db", str(db_path)]) == 0
    pages = [page.extract_text() for page in PdfReader(path).pages]
    victim_pages = [p for p in pages if "nạn nhân" in p.lower() and "Số dưới 5 được ẩn" in p]
    assert victim_pages, "victim pages carry the suppression rule"
    table = next(p for p in pages if "Số nạn nhân được xác định theo quận/huyện và năm" in p)
    body = table.split("Nguồn:")[0]
    assert "<5" in body
    assert all(n >= K for n in _page_numbers(body)), _page_numbers(body)
    cover = pages[0]
    line = next(line for line in cover.splitlines() if line.startswith("Số nạn nhân"))
    assert line.endswith("<5") or int(line.rsplit(" ", 1)[1].replace(".", "")) >= K
    assert not any("Nội bộ" in p for p in pages)


@pytest.mark.slow
def test_internal_pack_is_marked_on_every_page(db_path, tmp_path):
    path = tmp_path / "internal.pdf"
    args = [
        "brief",
        "--years",
        "2019",
        "2020",
        "--out",
        str(path),
        "--db",
        str(db_path),
        "--mode",
        "internal",
    ]
    assert main(args) == 0
    pages = [page.extract_text() for page in PdfReader(path).pages]
    assert all("Nội bộ – không công bố" in p for p in pages)


@pytest.mark.slow
def test_victims_panel_in_publish_mode_shows_withheld_cells_and_exports(public, tmp_path):
    # opened on the period: its trend and table are one release, whose own lines are audited as
    # one table's (after another view, every district could come back withheld: next test)
    panel = wb.victims_panel(public, PERIOD)
    assert "&lt;5" in panel.table.value
    assert any(mark.isdigit() for mark in panel.frames["breakdown"]["victims_display"])
    withheld = [bar for bar in panel.trend_ax.patches if bar.get_gid() == "withheld"]
    assert withheld, "withheld years are drawn as withheld"
    assert all(bar.get_height() == 0 for bar in withheld)  # no bar length
    # their marks even on a panel, whose bars carry no numbers
    marks = [t.get_text() for t in panel.trend_ax.texts if t.get_gid() == "withheld-mark" and t.get_text()]
    assert len(marks) == len(withheld)
    written = panel.export(tmp_path / "panel", formats=["png"])
    assert written[0].exists()
    assert "Số dưới 5 được ẩn" in panel.caption.value


def test_a_panel_releases_its_trend_and_table_together(public):
    """The trend by year and the table by district of a panel are one release of the register:
    asked one after the other, the table would be audited with the trend as an earlier release, and
    a year withheld as at least k beside any district shown '<5' would say the rest of that year
    holds someone — so every district would be withheld."""
    before = len(public.register.entries())
    panel = wb.victims_panel(public, PERIOD)
    entries = public.register.entries()[before:]
    assert len(entries) == 1
    assert [table["by"] for table in entries[0]["what"]["victims"]] == [["year"], ["district"]]
    separate = [public.victims(PERIOD, by="year"), public.victims(PERIOD, by="district")]
    together = panel.frames["breakdown"]["victims_display"]
    assert list(separate[1]["victims_display"]) == list(together)  # asked again: from the register


SELECTIONS = [
    pytest.param({}, "year", id="identified-only-by-default"),
    pytest.param({"trafficking_statuses": ("possible",)}, "year", id="being-identified-by-year"),
    pytest.param({"trafficking_statuses": ("possible", "not_victim")}, "year", id="two-statuses"),
    pytest.param({}, "trafficking_status", id="grouped-by-status"),
    pytest.param({"trafficking_statuses": ("actual", "possible")}, "trafficking_status", id="some-statuses"),
    pytest.param({}, "sex", id="sex-identified"),
    pytest.param({"trafficking_statuses": ("not_victim",)}, "sex", id="sex-not-victims"),
    pytest.param({"sexes": ("female",)}, "year", id="women-by-year"),
    pytest.param({}, "destination", id="by-destination"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("fields", "by"), SELECTIONS)
def test_a_publish_query_counts_the_people_the_internal_query_counts(db, public, fields, by):
    exact = db.victims(PERIOD, by=by, complete=True, **fields)
    published = public.victims(PERIOD, by=by, **fields)
    if by == "destination":  # publish mode names the listed countries and "other countries"
        from workbench._codes import LISTED_FIRST, OTHER_COUNTRIES, UNKNOWN

        listed = exact["destination"].isin([*LISTED_FIRST, UNKNOWN])
        exact = exact.assign(destination=exact["destination"].where(listed, OTHER_COUNTRIES))
        exact = exact.groupby("destination", as_index=False)["victims"].sum()
    for name in ("status_note", "count_scope"):
        assert published.attrs[name] == exact.attrs[name], name
    merged = published.merge(exact[[by, "victims"]], on=by, how="left", suffixes=("", "_exact"))
    assert len(merged) == len(published) and merged["victims_exact"].notna().all()
    shown = merged[merged["victims_status"] == "published"]
    assert (shown["victims"].astype(int) == shown["victims_exact"].astype(int)).all()
    # the table's own total (what the cover states) is the internal total, or withheld
    table = published.attrs["protected"]
    if table.status.iloc[0, -1] == "published":
        assert table.published().iloc[0, -1] == int(exact["victims"].sum())
    if by == "trafficking_status":
        chosen = fields.get("trafficking_statuses") or [c.code for c in wb.CODESETS["trafficking_status"]]
        assert set(published["trafficking_status"]) == set(chosen)


@pytest.fixture(scope="module")
def pack_2016_2026(template, tmp_path_factory):
    """The 2016-2026 pack released first (its own copy of the database and register), and its cover
    page drawn from that release as the pack draws it: read by several tests, as its release takes a
    minute."""
    from workbench._brief import _cover_page, _Publication
    from workbench._generations import copy_database

    path = tmp_path_factory.mktemp("pack") / "workbench.duckdb"
    copy_database(template, path)
    period = wb.Filters(years=(2016, 2026))
    with wb.connect(path, build=False, mode="publish") as public:
        pack = _Publication(public, period, "vi")
        try:
            cover, _ = _cover_page(pack, period, "vi", pack.metadata)
            cover_pdf = path.parent / "cover.pdf"
            cover.savefig(cover_pdf, format="pdf")
            yield pack, cover_pdf
        finally:
            pack.close()


@pytest.mark.slow
def test_the_pack_cover_charts_and_tables_agree_after_the_reform(db, pack_2016_2026):
    from workbench._disclosure import TOTAL

    pack, _ = pack_2016_2026
    period = wb.Filters(years=(2016, 2026))
    cover = pack.victims(period, by=())
    table = pack.victims(period, by=("district", "year")).attrs["protected"].published()
    by_year = pack.victims(period, by=("year",)).attrs["protected"].published()
    total = cover["victims"][0]
    # harmonised shares after the reform are whole people before protection: no table truncates
    assert total == table.loc[TOTAL, TOTAL] == by_year.iloc[0, -1] == int(db.victims(period)["victims"].sum())


def test_whole_counts_take_a_sum_over_nobody_as_zero():
    """An empty selection's harmonised sum is NULL in SQL: whole counts make it 0, not a crash."""
    import pandas as pd

    from workbench._query import whole_counts

    frame = pd.DataFrame({"victims": [float("nan")]})
    assert whole_counts(frame, "victims").tolist() == [0]
    frame = pd.DataFrame({"district": [916, 917], "victims": [float("nan"), 2.0]})
    assert whole_counts(frame, "victims", ["district"]).tolist() == [0, 2]


COVER_LINES = {
    "possible": "Số người đang trong quá trình xác định là nạn nhân",
    "not_victim": "Số người được xác định không phải là nạn nhân",
}


def _cover_values(path) -> dict[str, str]:
    cover = unicodedata.normalize("NFC", PdfReader(path).pages[0].extract_text())
    found = {}
    for status, heading in COVER_LINES.items():
        line = next(line for line in cover.splitlines() if line.startswith(heading + " "))
        found[status] = line[len(heading) + 1 :]
    victims = next(line for line in cover.splitlines() if line.startswith("Số nạn nhân được xác định "))
    found["actual"] = victims.rsplit(" ", 1)[1]
    return found


def _cover_checked(db, shown: dict[str, str], released, period) -> None:
    exact = db.victims(period, by="trafficking_status", trafficking_statuses=("possible", "not_victim"))
    exact = dict(zip(exact["trafficking_status"], exact["victims"], strict=True))
    assert 0 < exact["possible"] < K and 0 < exact["not_victim"] < K  # the sample's small counts
    for status in ("possible", "not_victim"):
        assert shown[status] == "<5", shown
        row = released[released["trafficking_status"] == status].iloc[0]
        assert row["victims_status"] != "published" and row["victims_display"] == shown[status]
    assert shown["actual"] == "<5" or int(shown["actual"].replace(".", "")) >= K


@pytest.mark.slow
def test_the_pack_cover_shows_each_status_apart_protected_in_publish_mode(db, db_path, tmp_path):
    """Law 53/2024 art. 2: the cover names identified victims, people being identified and people
    found not to be victims on lines of their own; published, a count below k reads '<5', taken
    from the pack's protected table of those statuses, never computed here. Read from the pack
    the command writes."""
    from workbench._brief import _Publication

    period = wb.Filters(years=(2023, 2026))
    path = tmp_path / "brief.pdf"
    assert main(["brief", "--years", "2023", "2026", "--out", str(path), "--db", str(db_path)]) == 0
    with wb.connect(db_path, mode="publish") as public:
        pack = _Publication(public, period, "vi")  # built again: the same release, nothing new
        try:
            released = pack.victims(period, by=("trafficking_status",))
        finally:
            pack.close()
    _cover_checked(db, _cover_values(path), released, period)


@pytest.mark.slow
def test_the_2016_2026_cover_shows_each_status_apart_protected(db, pack_2016_2026):
    """The same over the years of both programmes, from the cover page drawn from the pack's release
    (the whole pack's programme pages take minutes more)."""
    pack, cover_pdf = pack_2016_2026
    period = wb.Filters(years=(2016, 2026))
    _cover_checked(db, _cover_values(cover_pdf), pack.victims(period, by=("trafficking_status",)), period)


@pytest.mark.slow
def test_the_internal_pack_cover_shows_each_status_exactly(db, db_path, tmp_path):
    path = tmp_path / "internal.pdf"
    argv = ["brief", "--years", "2023", "2026", "--out", str(path), "--db", str(db_path)]
    assert main([*argv, "--mode", "internal"]) == 0
    shown = _cover_values(path)
    period = wb.Filters(years=(2023, 2026))
    for status in ("actual", "possible", "not_victim"):
        exact = db.victims(period, trafficking_statuses=(status,))["victims"].iloc[0]
        assert shown[status] == wb.format_number(int(exact)), (status, shown)


SAID = {
    "vi": (
        "đã ghi {path}",
        "Lần công bố mới của tài liệu (số {release} trong sổ đăng ký, như lệnh `workbench releases --db "
        "{db}` liệt kê): {shown} trong {cells} ô số nạn nhân được công bố, {withheld} ô bị ẩn (<{k}, x); "
        "những số tài liệu dùng lại từ các lần công bố trước không tính ở đây.",
        "Các ô bị ẩn được chọn cùng những gì đã công bố trước đó (đến lần công bố {earlier} trong sổ đăng"
        " ký, lệnh `workbench releases --db {db}`): tài liệu lập trước các lần công bố khác ẩn ít ô hơn. "
        "Hãy lập tài liệu quan trọng nhất trước, và khám phá ở chế độ nội bộ (docs/analysts.md).",
        "Không có gì mới được công bố: số nạn nhân của tài liệu là những số đã công bố trước đó (lệnh "
        "`workbench releases --db {db}`).",
    ),
    "en": (
        "wrote {path}",
        "The pack's new release (release no. {release} in the register, as `workbench releases --db {db}` "
        "lists it): {shown} of {cells} victim cells published, {withheld} withheld (<{k}, x); numbers the"
        " pack shows from earlier releases are not counted here.",
        "What is withheld was chosen together with everything released before (up to release {earlier} in"
        " the register, `workbench releases --db {db}`): a pack made before other releases withholds "
        "fewer cells. Make the pack that matters most first, and explore in internal mode "
        "(docs/analysts.md).",
        "Nothing new was released: the pack's victim counts are those released before (`workbench "
        "releases --db {db}`).",
    ),
}


@pytest.mark.slow  # three packs in publish mode on a fresh copy
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_published_pack_says_how_many_victim_cells_it_withheld_and_that_the_order_matters(
    fresh, tmp_path, capsys, lang
):
    """An analyst made four packs in a row: the last three withheld every victim count, and each
    command said only "wrote". Now it says what its release published and withheld (as the register
    records it), built again that nothing new was released, and after earlier releases that they
    shaped what was withheld, and what to do."""
    from workbench._build import database_id
    from workbench._release import Register

    wrote, release, order, again = SAID[lang]
    register = Register(fresh, database_id(fresh))

    def pack(first: int, last: int) -> tuple[list[str], str]:
        path = tmp_path / f"brief_{first}-{last}.pdf"
        capsys.readouterr()
        argv = ["brief", "--years", str(first), str(last), "--districts", "Ninh Kiều", "--out", str(path)]
        argv += ["--db", str(fresh)]
        assert main([*argv, "--lang", lang]) == 0, capsys.readouterr().err
        assert path.stat().st_size > 0
        return capsys.readouterr().out.splitlines(), str(path)

    def said_of(made: list[dict], earlier: int) -> list[str]:
        # every release of the pack's victim counts (its tables, its funnel), as its cover names them
        statuses = [status for entry in made for _, status, _ in entry["cells"]]
        shown = statuses.count("published")
        number = lambda n: f"{n:,}".replace(",", "." if lang == "vi" else ",")  # noqa: E731
        fields = {
            "release": ", ".join(str(entry["release"]) for entry in made),
            "shown": number(shown),
            "cells": number(len(statuses)),
            "withheld": number(len(statuses) - shown),
            "earlier": earlier,
            "k": 5,
            "db": fresh,
        }
        lines = [release.format(**fields)]
        if earlier and shown < len(statuses):
            lines.append(order.format(**fields))
        return lines

    def packs(entries: list[dict]) -> list[dict]:
        return [entry for entry in entries if "cells" in entry and "pack" in entry.get("what", {})]

    def victims_after(held: int) -> list[dict]:
        victims = {"pack", "victims", "funnel", "support"}
        made = [e for e in register.entries() if "cells" in e and e["release"] > held]
        return [entry for entry in made if victims & set(entry["what"])]

    lines, path = pack(2019, 2020)
    (first,) = packs(register.entries())
    made = victims_after(0)
    assert made[0] == first and any("funnel" in entry["what"] for entry in made)
    assert lines == [wrote.format(path=path), *said_of(made, 0)]

    lines, path = pack(2019, 2020)
    assert packs(register.entries()) == [first]
    assert lines == [wrote.format(path=path), again.format(db=fresh)]

    held = max(entry["release"] for entry in register.entries() if "release" in entry)
    lines, path = pack(2018, 2020)
    second = packs(register.entries())[-1]
    assert second["release"] > held
    assert any(status != "published" for _, status, _ in second["cells"])  # so the advice is given
    assert lines == [wrote.format(path=path), *said_of(victims_after(held), held)]
    assert len(lines) == 3


# Every public chart helper, drawing exact counts on an Axes it is given (a panel's, a figure of
# one's own): the Axes must say so, or an export trusts `data` and publishes them.
CHARTS_ON_AN_AXES = {
    "trend_chart": lambda db, ax: wb.trend_chart(db.victims(PERIOD, by="year", complete=True), ax=ax),
    "district_chart": lambda db, ax: wb.district_chart(
        db.victims(PERIOD, by="district", complete=True), ax=ax
    ),
    "heatmap_chart": lambda db, ax: wb.heatmap_chart(
        db.victims(PERIOD, by=["district", "year"], complete=True), "victims", ax=ax
    ),
    "stacked_chart": lambda db, ax: wb.stacked_chart(
        db.victims(PERIOD, by=["year", "sex"]), "victims", ax=ax
    ),
    "breakdown_chart": lambda db, ax: wb.breakdown_chart(db.victims(PERIOD, by="exploitation"), ax=ax),
    "rate_chart": lambda db, ax: wb.rate_chart(db.victims(PERIOD, by="district", complete=True), ax=ax),
    "effort_chart": lambda db, ax: wb.effort_chart(
        db.events(PERIOD, by="district", complete=True),
        db.victims(PERIOD, by="district", complete=True),
        ax=ax,
    ),
    "funnel_chart": lambda db, ax: wb.funnel_chart(db.funnel(PERIOD), ax=ax),
    "targets_chart": lambda db, ax: wb.targets_chart(db.targets(), ax=ax),  # programmes from 2021
    "district_map": lambda db, ax: wb.district_map(db.victims(PERIOD, by="district", complete=True), ax=ax),
}
# Drawn from a context source the sample database does not hold: tested where one is imported.
CHARTS_TESTED_ELSEWHERE = {"context_chart": "tests/test_context.py"}


def test_every_chart_helper_is_checked_for_what_it_draws_on_an_axes():
    helpers = {n for n in wb.__all__ if n.endswith(("_chart", "_map"))}
    assert helpers == set(CHARTS_ON_AN_AXES) | set(CHARTS_TESTED_ELSEWHERE)


@pytest.mark.parametrize("helper", sorted(CHARTS_ON_AN_AXES))
def test_exact_counts_drawn_on_a_given_axes_are_never_published(internal, public, tmp_path, helper):
    figure, (ax,) = wb.new_figure()
    CHARTS_ON_AN_AXES[helper](internal, ax)
    events = public.events(PERIOD, by="district", complete=True)
    wb.set_footer(figure, events, public.metadata)
    with pytest.raises(wb.DisclosureError) as refused:
        wb.export_figure(figure, tmp_path / "out" / "f", data=[events], meta=public.metadata, formats=["png"])
    assert "a chart was drawn on it from an internal connection" in said(refused.value, "en")
    assert not (tmp_path / "out").exists()


def _drawn_over_a_published_chart(internal, public):
    published = public.victims(PERIOD, by="year", complete=True)
    ax = wb.trend_chart(published, "victims", meta=public.metadata)
    wb.trend_chart(internal.victims(PERIOD, by="year", complete=True), "victims", ax=ax)
    return ax.figure, [published]


def _drawn_on_a_figure_of_ones_own(internal, public):
    figure, (ax,) = wb.new_figure()
    wb.district_chart(internal.victims(PERIOD, by="district", complete=True), "victims", ax=ax)
    return figure, [public.events(PERIOD, by="district", complete=True)]


def _hotline_beside_events(internal, public):
    figure, (left, right) = wb.new_figure(ncols=2)
    events = public.events(PERIOD, by="district", complete=True)
    wb.district_chart(events, "events", ax=left)
    wb.district_chart(internal.count("hotline", PERIOD, by="district", complete=True), "contacts", ax=right)
    return figure, [events]


def _in_an_inset_of_a_published_chart(internal, public):
    published = public.victims(PERIOD, by="district", complete=True)
    ax = wb.district_chart(published, "victims", meta=public.metadata)
    inset = ax.inset_axes((0.6, 0.6, 0.35, 0.35))  # not among figure.axes
    wb.district_chart(internal.victims(PERIOD, by="district", complete=True), "victims", ax=inset)
    return ax.figure, [published]


def _a_panels_figure(internal, public):
    return wb.victims_panel(internal, PERIOD).figure, []


def _relabelled_after_drawing(internal, public):
    ax = wb.trend_chart(internal.victims(PERIOD, by="year", complete=True), "victims")
    published = public.victims(PERIOD, by="year", complete=True)
    wb.set_footer(ax.figure, published, public.metadata)  # the band and the footer's mark taken off
    return ax.figure, [published]


@pytest.mark.parametrize(
    "drawn",
    [
        pytest.param(_drawn_over_a_published_chart, id="drawn-over-a-published-chart"),
        pytest.param(_drawn_on_a_figure_of_ones_own, id="on-a-figure-of-ones-own-given-other-data"),
        pytest.param(_hotline_beside_events, id="hotline-beside-published-events"),
        pytest.param(_a_panels_figure, id="an-internal-panels-figure-given-no-data"),
        pytest.param(_in_an_inset_of_a_published_chart, id="in-an-inset-of-a-published-chart"),
        pytest.param(_relabelled_after_drawing, id="footer-set-again-from-a-published-frame"),
    ],
)
def test_a_figure_exact_counts_were_drawn_on_is_never_published(internal, public, tmp_path, drawn):
    """Exact counts drawn with ax= (or over a published chart, or relabelled) left no mark, and the
    export trusted `data`: each was written as a published file, the exact counts on it."""
    figure, data = drawn(internal, public)
    with pytest.raises(wb.DisclosureError, match="mode='publish'") as refused:
        wb.export_figure(figure, tmp_path / "out" / "f", data=data, meta=public.metadata, formats=["pdf"])
    assert not (tmp_path / "out").exists()
    # The data given names no exact kind, so the refusal says what it saw: the figure itself.
    assert "a chart was drawn on it from an internal connection" in said(refused.value, "en")
    assert "?" not in str(refused.value)


def test_a_footer_set_again_keeps_the_internal_mark_of_exact_counts_drawn(db, tmp_path):
    """`set_footer` given other data (to add a note) took the band and the footer's mark off an
    internal chart: its internal file showed 14 9 6 4 2 with nothing on it saying internal."""
    from workbench._figure import STAMP_GID

    exact = db.victims(PERIOD, by="year", complete=True)
    ax = wb.trend_chart(exact, "victims", meta=db.metadata)
    wb.set_footer(ax.figure, db.events(PERIOD, by="year"), db.metadata, notes=["Ghi chú"])
    assert any(a.get_gid() == STAMP_GID for a in ax.figure.artists)
    assert "Nội bộ – không công bố" in wb.footer(ax.figure) and "Ghi chú" in wb.footer(ax.figure)
    [pdf, _] = wb.export_figure(
        ax, tmp_path / "v", data=exact, meta=db.metadata, formats=["pdf"], mode="internal"
    )
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "NỘI BỘ – KHÔNG CÔNG BỐ" in unicodedata.normalize("NFC", text)


def test_an_internal_file_is_never_written_through_a_link_or_left_readable(db, tmp_path):
    published = tmp_path / "published.png"
    published.write_bytes(b"the published figure")
    (tmp_path / "f_internal.png").symlink_to(published)
    frame = db.victims(PERIOD, by="year", complete=True)
    ax = wb.trend_chart(frame, "victims", meta=db.metadata)
    with pytest.raises(wb.StoreError, match=r"f_internal\.png is a link"):
        wb.export_figure(ax, tmp_path / "f", data=frame, meta=db.metadata, formats=["png"], mode="internal")
    assert published.read_bytes() == b"the published figure"
    (tmp_path / "h_internal.png").hardlink_to(published)  # rewritten, so would the published file be
    with pytest.raises(wb.StoreError, match=r"h_internal\.png has another name \(a hard link\)"):
        wb.export_figure(ax, tmp_path / "h", data=frame, meta=db.metadata, formats=["png"], mode="internal")
    assert published.read_bytes() == b"the published figure"
    (tmp_path / "g_internal.png").write_bytes(b"left readable")
    (tmp_path / "g_internal.png").chmod(0o644)
    written = wb.export_figure(
        ax, tmp_path / "g", data=frame, meta=db.metadata, formats=["png"], mode="internal"
    )
    assert [p.stat().st_mode & 0o777 for p in written] == [0o600, 0o600]
