"""Programme targets: declared as data with their sources, measured against the records, drawn and
tabled (uncertain target texts starred), and in the briefing pack."""

from __future__ import annotations

import csv
import math
import unicodedata

import pandas as pd
import pytest
from matplotlib.axes import Axes
from pypdf import PdfReader

import workbench as wb
from workbench._paths import DATA_DIR
from workbench._targets import COLUMNS

TARGETS = DATA_DIR / "reference" / "programme_targets.csv"
EVENTS = DATA_DIR / "sample" / "events.csv"


def _rows() -> list[dict[str, str]]:
    with TARGETS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_targets_file_declares_each_target_with_its_programme_and_source():
    targets = wb.programme_targets()
    assert list(targets.columns) == list(COLUMNS)
    assert set(targets["programme"]) == {"2021-2025", "2026-2030"}
    assert set(targets.loc[targets["programme"] == "2021-2025", "decision"]) == {"193/QĐ-TTg (09/02/2021)"}
    assert set(targets.loc[targets["programme"] == "2026-2030", "decision"]) == {"33/QĐ-TTg (07/01/2026)"}
    for row in _rows():
        assert row["source"].strip() and row["measured_how"].strip(), row["indicator"]
        # a target whose text was not confirmed says so in the data, in its source too
        if row["status"] == "uncertain":
            assert "not confirmed" in row["source"], row["indicator"]
    assert targets["target_value"].tolist() == [float(r["target_value"]) for r in _rows()]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("measure", "share_of_everything", "column 'measure'"),
        ("status", "probably", "column 'status'"),
        ("unit", "people", "column 'unit'"),
        ("target_value", "một trăm", "'một trăm' is not a number"),
        ("source", "  ", "every target needs its source"),
    ],
    ids=["unknown-measure", "unknown-status", "unknown-unit", "target-not-a-number", "no-source"],
)
def test_a_bad_targets_file_names_line_column_and_value(tmp_path, column, value, message):
    rows = _rows()
    rows[1][column] = value
    path = tmp_path / "programme_targets.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(wb.DataFileError, match=message) as caught:
        wb.programme_targets(path)
    assert "programme_targets.csv" in str(caught.value)
    if column != "source":
        assert "line 3" in str(caught.value)


def _units_reached(first: int, last: int) -> float:
    events = pd.read_csv(EVENTS, dtype=str, keep_default_na=False)
    dates = pd.to_datetime(events["event_date"])
    chosen = events[(dates >= "2025-07-01") & dates.dt.year.between(first, last)]
    return 100 * chosen["unit_code"].replace("", None).dropna().nunique() / len(wb.units_2025())


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (None, ["supported_2021_2025", "communes_2021_2025", "supported_2026_2030", "communes_2026_2030"]),
        ("2021-2025", ["supported_2021_2025", "communes_2021_2025"]),
        ((2026, 2030), ["supported_2026_2030", "communes_2026_2030"]),
        (
            (2024, 2026),
            ["supported_2021_2025", "communes_2021_2025", "supported_2026_2030", "communes_2026_2030"],
        ),
        ((2016, 2020), []),
    ],
    ids=["each-programme", "programme-name", "2026-2030", "across-programmes", "before-the-programmes"],
)
def test_each_target_is_measured_over_its_programme_within_the_period(db, period, expected):
    table = db.targets(period)
    assert list(table["indicator"]) == expected
    for row in table.itertuples():
        start, end = row.years_measured.split("–")
        # Communes are counted from the reform on (events name a commune from 1 July 2025): the
        # period shown says so, with the day.
        if row.indicator == "communes_2021_2025":
            assert start == "01/07/2025", row.years_measured
        first, last = int(start[-4:]), int(end)
        if row.indicator.startswith("supported"):
            funnel = db.funnel(years=(first, last)).set_index("stage")["people"]
            share = 100 * funnel["supported"] / funnel["identified"] if funnel["identified"] else math.nan
            assert row.measured == pytest.approx(share, nan_ok=True), row.indicator
        else:
            assert row.measured == pytest.approx(_units_reached(first, last)), row.indicator
        assert row.target_value == 100.0
        assert row.uncertain == (row.status == "uncertain")


def test_a_period_before_the_programmes_draws_the_no_data_state(db):
    table = db.targets((2016, 2020))
    assert len(table) == 0 and "measured" in table.columns
    ax = wb.targets_chart(table, meta=db.metadata)
    assert [t.get_gid() for t in ax.texts if t.get_gid()] == ["no-data"]


def test_the_communes_target_before_the_reform_has_no_data(db):
    """Events name their commune/ward only from 1 July 2025: a period before it measures nothing."""
    table = db.targets((2021, 2024)).set_index("indicator")
    assert math.isnan(table.loc["communes_2021_2025", "measured"])
    assert table.loc["communes_2021_2025", "measured_display"] == "chưa có số liệu"


def test_a_period_that_is_not_two_years_is_refused(db):
    with pytest.raises(wb.InvalidFilterError, match="two years"):
        db.targets("2021 to 2025")


@pytest.mark.slow
def test_published_targets_are_measured_from_released_counts_only(public, db):
    exact = db.targets().set_index("indicator")
    published = public.targets().set_index("indicator")
    for indicator, row in published.iterrows():
        if indicator.startswith("communes"):  # events are never withheld
            assert row["measured"] == pytest.approx(exact.loc[indicator, "measured"], nan_ok=True)
        elif math.isnan(row["measured"]):
            assert row["measured_display"] == "ẩn (số nhỏ)"
        else:
            assert row["measured"] == pytest.approx(exact.loc[indicator, "measured"])
    # the 2021-2025 funnel's supported count is withheld (22 identified, 20 supported: 2 apart)
    assert published.loc["supported_2021_2025", "measured_display"] == "ẩn (số nhỏ)"
    assert published.attrs["mode"] == "publish"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_targets_chart_stars_the_uncertain_targets_and_says_why(db, lang):
    table = db.targets(lang=lang)
    ax = wb.targets_chart(table, lang=lang, meta=db.metadata)
    assert isinstance(ax, Axes)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(table)
    for label, row in zip(labels, table.itertuples(), strict=True):
        assert label.startswith(row.indicator_label)
        assert ("(*)" in label) == row.uncertain
        assert row.programme.replace("-", "–") in label  # the range with its en dash
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == pytest.approx([0 if math.isnan(v) else v for v in table["measured"]])
    targets = next(c for c in ax.collections if c.get_gid() == "targets")
    assert [x for x, _ in targets.get_offsets()] == table["target_value"].tolist()
    note = "not checked against the decision" if lang == "en" else "chưa đối chiếu được với văn bản gốc"
    assert note in wb.footer(ax.figure)


def test_the_targets_table_prints_each_target_with_its_programme(db):
    table = wb.targets_table(db.targets("2026-2030", lang="en"), lang="en")
    assert list(table.columns) == ["Indicator", "Programme", "Target", "Measured"]
    assert table.iloc[0]["Indicator"] == "Identified victims supported (*)"
    # English names the decision and writes its date as the footers do; years with the en dash
    assert table.iloc[0]["Programme"] == "2026–2030, Decision 33/QĐ-TTg (7 January 2026)"
    # The sample runs to 28 November 2026: the 2026-2030 programme is measured over part of it,
    # compared with the whole programme's target, labelled so (a measured whole programme: "100%").
    assert table.iloc[0]["Target"] == "100% (whole programme)"
    assert table.iloc[0]["Measured"].endswith("(1 January 2026 – 28 November 2026, part period)")
    whole = wb.targets_table(db.targets("2021-2025", lang="en"), lang="en")
    assert whole.iloc[0]["Target"] == "100%" and whole.iloc[0]["Measured"].endswith("(2021–2025)")


@pytest.mark.slow
def test_the_briefing_pack_holds_the_funnel_and_the_targets(db, tmp_path):
    path = wb.write_brief(db, tmp_path / "brief.pdf", wb.Filters(years=(2021, 2025)))
    pages = [unicodedata.normalize("NFC", p.extract_text()) for p in PdfReader(path).pages]
    assert len(pages) == 1 + len(wb.STANDARD_FIGURES) + 3 + 3  # cover, figures, tables, funnel, targets
    funnel, chart, table = pages[-3:]
    assert "Các bước tiếp nhận, xác minh, xác định và hỗ trợ nạn nhân" in funnel
    assert "Chỉ tiêu chương trình và kết quả đo được" in chart and "(*)" in chart
    assert "193/QĐ-TTg" in table and "(*)" in table and "chưa đối chiếu được" in table
    assert "33/QĐ-TTg" not in table  # the period lies within the 2021-2025 programme


@pytest.mark.parametrize(
    ("lang", "programme", "measured", "note"),
    [
        pytest.param(
            "vi", "2021–2025, QĐ 193/QĐ-TTg (09/02/2021)", "(01/07/2025–31/12/2025, chưa trọn)",
            "(2021–2025): đo 01/07/2025–31/12/2025", id="vi",
        ),
        pytest.param(
            "en", "2021–2025, Decision 193/QĐ-TTg (9 February 2021)",
            "(1 July 2025 – 31 December 2025, part period)",
            "(2021–2025): measured 1 July 2025 – 31 December 2025",
            id="en",
        ),
    ],
)  # fmt: skip
def test_the_targets_table_and_its_footer_write_dates_and_years_as_each_language_does(
    db, lang, programme, measured, note
):
    targets = db.targets("2021-2025", lang=lang)
    table = wb.targets_table(targets, lang=lang)
    cells = table.to_numpy().ravel().tolist()
    assert table.iloc[1, 1] == programme
    assert table.iloc[1, 3].endswith(measured), table.iloc[1, 3]
    assert not [c for c in cells if "2021-2025" in c or ("/QĐ-TTg (0" in c and lang == "en")]
    assert any(note in n for n in targets.attrs["period_notes"]), targets.attrs["period_notes"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_text_of_the_targets_table_page_runs_out_of_its_cell(db, lang):
    """Row numbers overprinted the first column, and '100% (cả chương trình)' ran into the next cell."""
    from workbench._brief import _table_page

    targets = db.targets((2021, 2026), lang=lang)
    figure = _table_page(wb.targets_table(targets, lang), "x", targets, db.metadata, lang)
    figure.draw_without_rendering()
    renderer = figure.canvas.get_renderer()
    (table,) = figure.axes[0].tables
    out = []
    for (row, column), cell in table.get_celld().items():
        box, words = cell.get_window_extent(renderer), cell.get_text().get_window_extent(renderer)
        if (
            words.x0 < box.x0 - 0.5
            or words.x1 > box.x1 + 0.5
            or words.y0 < box.y0 - 0.5
            or words.y1 > box.y1 + 0.5
        ):
            out.append((row, column, cell.get_text().get_text()))
    assert out == []
    assert [table[row, 0].get_text().get_text() for row in range(1, len(targets) + 1)] == [
        str(i) for i in range(1, len(targets) + 1)
    ]  # the row numbers in a column of their own
