"""Charts: each draws the small query result it is given and returns the Axes.

A chart never queries and never aggregates records: it reshapes the table a query helper returned
(pivot, join with district populations) and draws it. Given no `ax`, it makes its own Figure, not
registered with pyplot, so nothing piles up in pyplot's list of open figures, and gives it the
footer built by `set_footer` (source, data version, filters) — the one place footers are made —
with the rest of its frame (title, internal band, ticks, no-data state) from _figure.
"""

from __future__ import annotations

import textwrap
from typing import cast

import numpy as np
import pandas as pd
from matplotlib import colormaps as mpl_colormaps
from matplotlib.axes import Axes
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import NullLocator
from matplotlib.transforms import Transform

from ._codes import codes
from ._disclosure import DEFAULT_K, TOTAL
from ._districts import districts
from ._errors import FigureError, UnknownFieldError, unknown_value
from ._figure import (
    check_table,
    count_axis,
    draw_empty,
    figure_of,
    is_empty,
    new_figure,
    note_drawn,
    say_in_middle,
    set_footer,
    set_title,
    table_lang,
    tick_text,
)

# The figure's frame lives in _figure; these names stay importable from here for the panels.
from ._figure import footer as footer
from ._figure import footer_room as footer_room
from ._figure import mark_internal as mark_internal
from ._figure import remove_footer as remove_footer
from ._figure import stamp as stamp
from ._kinds import KINDS, counts_people
from ._labels import measure_text, population_note, text, title, without_axis
from ._text import format_number
from ._units import AREA_GROUPS, REFORM_DATE
from ._words import TEXT

EVENT_COLOUR = "#2b6cb0"
VICTIM_COLOUR = "#c05621"
# Okabe–Ito: tells categories apart for colour-blind readers and in greyscale print; then, for
# a figure with more categories (the organisers of 2016-2026 are more than eight), Paul Tol's
# colour-blind-safe "muted" colours, his dark brown and black, his "vibrant" magenta and his "light"
# pink (the People's Committees made the organisers twenty), so that
# no two categories of a figure share a colour up to the largest value set (tests/test_figures.py
# checks both).
PALETTE = (
    *("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"),
    *("#332288", "#117733", "#882255", "#44AA99", "#AA4499", "#CC6677", "#999933", "#DDCC77"),
    *("#661100", "#000000", "#EE3377", "#FFAABB"),
)
# Bars get their values written on them when there are this many or fewer.
MAX_LABELLED_BARS = 12
MEASURES = {name: kind.measures for name, kind in KINDS.items()}


def _axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Axes, bool]:
    if ax is not None:
        return ax, False
    _, (new,) = new_figure(size)
    return new, True


def _measure(data: pd.DataFrame, measure: str | None) -> str:
    """The column to draw: `measure`, or the first measure of the table's kind. A table of one's
    own (ad hoc SQL, pandas) has no kind: its counts are named by `measure`, one of its number
    columns."""
    kind = data.attrs.get("kind")
    chosen = measure if measure is not None else MEASURES.get(kind or "events", ("events",))[0]
    if chosen in data.columns:
        return chosen
    valid = [c for c in MEASURES.get(kind, ()) if c in data.columns] or _number_columns(data)
    if measure is None:
        raise UnknownFieldError(
            f"Which column to draw? This table has no {chosen!r} column: give measure=, one of: "
            f"{', '.join(valid) or '(none: it has no column of numbers)'}.",
            given=None,
            valid=valid,
            closest=valid[0] if len(valid) == 1 else None,
        )
    raise unknown_value(
        UnknownFieldError, "measure", measure, valid, lead=f"No measure {measure!r} in this table"
    )


def _number_columns(data: pd.DataFrame) -> list[str]:
    """Columns of numbers that are not a grouping (year, codes): what a chart of them can draw."""
    return [
        str(c)
        for c in data.columns
        if pd.api.types.is_numeric_dtype(data[c])
        and not pd.api.types.is_bool_dtype(data[c])
        and str(c) not in ("year", "district_code", "population", "population_year")
    ]


def _need(data: pd.DataFrame, column: str, chart: str) -> None:
    check_table(data, chart)
    if column not in data.columns:
        raise UnknownFieldError(
            f"{chart} needs a table grouped by {column!r}; this one has columns {', '.join(data.columns)}."
        )


def _one_row_each(data: pd.DataFrame, column: str, chart: str) -> None:
    """A bar per year (or district): a table holding one twice (two selections put together, a
    table grouped by something more) drew the second bar over the first, the first hidden."""
    repeated = data[column][data[column].duplicated()].drop_duplicates().tolist()
    if repeated:
        shown = ", ".join(str(v) for v in repeated[:5])
        raise FigureError(
            f"{chart} draws one bar per {column}; this table has {len(repeated)} {column} value(s) in "
            f"more than one row ({shown}), whose bars would hide each other: draw each table on its "
            "own Axes, or group the table by that column alone.",
            given=repeated[:5],
        )


def _colour(data: pd.DataFrame) -> str:
    return VICTIM_COLOUR if counts_people(data.attrs.get("kind")) else EVENT_COLOUR


# A count withheld by disclosure control is drawn as withheld, never as a value: its bar has no
# length (a bar as high as the threshold read as a count of 5), and its mark ('<5', or 'x' for
# complementary cells) is written at the axis, where the bar would start; the footer says so.
WITHHELD_STYLE = {"facecolor": "none", "edgecolor": "none", "linewidth": 0, "gid": "withheld"}
MARK_GID = "withheld-mark"
MARK_COLOUR = "#444444"


def _drawn(data: pd.DataFrame, measure: str) -> tuple[np.ndarray, np.ndarray | None]:
    """Values to draw (0 where withheld: no bar length), and for publish-mode tables each cell's
    mark where it was withheld."""
    status = f"{measure}_status"
    if status not in data.columns:
        return data[measure].to_numpy(dtype=float), None
    withheld = (data[status] != "published").to_numpy()
    values = data[measure].astype("Float64").fillna(0).to_numpy(dtype=float)
    values = np.where(withheld, 0.0, values)
    marks = np.where(withheld, data[f"{measure}_display"].to_numpy(dtype=object), None)
    return values, cast(np.ndarray, marks)


def _any_mark(marks) -> bool:
    return marks is not None and any(m is not None for m in marks)


def _write_marks(ax: Axes, bars, marks, colour: str = MARK_COLOUR, fontsize: float = 8, rotation=0):
    """Each withheld cell's mark at the axis where its (lengthless) bar stands; its bar restyled."""
    if not _any_mark(marks):
        return []
    for bar, mark in zip(bars, marks, strict=True):
        if mark is not None:
            bar.set(**WITHHELD_STYLE)
    labels = [str(mark) if mark is not None else "" for mark in marks]
    written = ax.bar_label(bars, labels=labels, fontsize=fontsize, padding=2, color=colour, rotation=rotation)
    for label in written:
        label.set_gid(MARK_GID)
    return written


def _no_scale_if_all_withheld(ax: Axes, axis, values, marks) -> None:
    """With every count withheld (or nothing but zeros beside withheld ones) there is no scale to
    read: no ticks (matplotlib would centre the axis on 0 and read '-0,1 0,0 0,0 ... 0,1'), and
    the axis's limits set for this draw only, autoscaling left on, so that a panel redrawing into
    the same Axes with counts gets its scale back (its new bars ask for an autoscale)."""
    if not _any_mark(marks) or np.nanmax(np.asarray(values, dtype=float), initial=0) > 0:
        return
    axis.set_major_locator(NullLocator())
    if axis is ax.xaxis:
        ax.set_xlim(0, 1, auto=None)
    else:
        ax.set_ylim(0, 1, auto=None)


def _fit_year_labels(ax: Axes, count: int) -> None:
    """Slant the year labels when they would not fit side by side (about half an inch each)."""
    width = ax.get_position().width * figure_of(ax).get_figwidth()
    ax.tick_params(axis="x", labelrotation=45 if count and width / count < 0.5 else 0)


def _wrap(name: str, width: int = 24) -> str:
    """Long category labels ('Phía nước ngoài trao trả qua cửa khẩu') on two lines."""
    return "\n".join(textwrap.wrap(str(name), width)) or str(name)


def _label_bars(
    ax: Axes, bars, values, lang: str, decimals: int = 0, numbers: bool = True, marks=None
) -> None:
    # Withheld marks always: without its mark a cell with no bar would read as zero.
    _write_marks(ax, bars, marks)
    if not numbers or len(bars) > MAX_LABELLED_BARS:  # a panel's table shows the numbers; many
        return  # bars would crowd them: the axis reads them then
    labels = [format_number(v, lang=lang, decimals=decimals) for v in values]
    if marks is not None:
        labels = [label if mark is None else "" for label, mark in zip(labels, marks, strict=True)]
    ax.bar_label(bars, labels=labels, fontsize=8, padding=2)


def _finish(ax: Axes, owned: bool, data, meta, lang: str, notes, measures=None) -> Axes:
    # A figure of its own says 'no data'; on a caller's Axes (a panel redrawing bars in place) an
    # empty selection keeps its bars at zero and the axis a single 0.
    note_drawn(ax, data)
    if owned and measures is not None and is_empty(data, measures):
        draw_empty(ax, lang)
    if owned:
        set_footer(figure_of(ax), data, meta, lang, notes)
    return ax


def trend_chart(data, measure=None, *, ax=None, lang=None, meta=None, notes=(), numbers=True) -> Axes:
    """Bars by year: events, attendees, leaflets or victims (a table grouped `by="year"`)."""
    lang = table_lang(data, lang)
    _need(data, "year", "A trend chart")
    _one_row_each(data, "year", "A trend chart")
    measure = _measure(data, measure)
    ax, owned = _axes(ax, (8.0, 4.5))
    years, (values, marks) = data["year"].to_numpy(), _drawn(data, measure)
    bars = ax.bar(years, values, color=_colour(data), width=0.7)
    _label_bars(ax, bars, values, lang, numbers=numbers, marks=marks)
    ax.set_xticks(years, [str(y) for y in years])
    _fit_year_labels(ax, len(years))
    count_axis(ax.yaxis, lang)
    ax.margins(y=0.12)
    _no_scale_if_all_withheld(ax, ax.yaxis, values, marks)
    set_title(ax, title(measure, "year", lang, data), data, owned, lang)
    ax.set_xlabel(text("year", lang))
    ax.set_ylabel(measure_text(measure, data, lang))
    return _finish(ax, owned, data, meta, lang, notes, [measure])


def _horizontal_bars(
    ax: Axes, names, values, colour: str, lang: str, decimals: int = 0, numbers=True, marks=None
):
    positions = np.arange(len(names))
    bars = ax.barh(positions, values, color=colour, height=0.7)
    ax.set_yticks(positions, [_wrap(name) for name in names])
    ax.yaxis.set_inverted(True)  # first row on top, as in the table (idempotent, unlike invert)
    _label_bars(ax, bars, values, lang, decimals, numbers, marks)
    count_axis(ax.xaxis, lang, decimals)
    ax.margins(x=0.15)
    _no_scale_if_all_withheld(ax, ax.xaxis, values, marks)
    return bars


def district_chart(data, measure=None, *, ax=None, lang=None, meta=None, notes=(), numbers=True) -> Axes:
    """Horizontal bars by district (a table grouped `by="district"`)."""
    lang = table_lang(data, lang)
    _need(data, "district", "A district chart")
    if not _coded_dimensions(data):  # one bar per district (a breakdown's categories are its own)
        _one_row_each(data, "district", "A district chart")
    measure = _measure(data, measure)
    ax, owned = _axes(ax, (8.0, 4.8))
    names, values, marks = bar_rows(data, measure)
    _horizontal_bars(ax, names, values, _colour(data), lang, numbers=numbers, marks=marks)
    set_title(ax, title(measure, "district", lang, data), data, owned, lang)
    ax.set_xlabel(measure_text(measure, data, lang))
    return _finish(ax, owned, data, meta, lang, notes, [measure])


def _protected_district_year(data: pd.DataFrame, measure: str, lang: str, totals: bool):
    """(values, strings) of a publish-mode district x year result, totals as disclosure control
    published them; None for an exact (internal) result."""
    protected = data.attrs.get("protected")
    if protected is None or f"{measure}_status" not in data.columns:
        return None
    names = dict(zip(data["district_code"], data["district"], strict=False))
    rename = {"index": {**names, TOTAL: text("total", lang)}, "columns": {TOTAL: text("total", lang)}}
    values, shown = protected.published().rename(**rename), protected.display(lang).rename(**rename)
    if not totals:
        values = values.drop(index=text("total", lang), columns=text("total", lang))
        shown = shown.loc[values.index, values.columns]
    return values, shown


def district_year_table(
    data: pd.DataFrame, measure: str | None = None, *, lang=None, totals=True
) -> pd.DataFrame:
    """District x year table of one measure from a result grouped `by=["district", "year"]`.

    From a publish-mode result, withheld cells are missing and the totals are those disclosure
    control published; `district_year_display` gives the strings to print ('<5', 'x', '1.234')."""
    lang = table_lang(data, lang)
    _need(data, "district", "A district x year table")
    _need(data, "year", "A district x year table")
    measure = _measure(data, measure)
    protected = _protected_district_year(data, measure, lang, totals)
    if protected is not None:
        table = protected[0]
    else:
        order = list(dict.fromkeys(data["district"]))
        table = data.pivot(index="district", columns="year", values=measure).reindex(order).fillna(0)
        # Harmonised counts are fractional: totals from the unrounded shares, then every cell
        # rounded to a whole count for display (never truncated: 2,7 victims shows as 3).
        if totals:
            table[text("total", lang)] = table.sum(axis=1)
            table.loc[text("total", lang)] = table.sum(axis=0)
        table = table.round().astype("int64")
    # The source's attrs whole, its record as given too: reshaped, the table no longer matches it,
    # so drawn or exported it is taken for exact counts (it is for reading, not for drawing from).
    table.attrs = dict(data.attrs)
    table.index.name, table.columns.name = text("district", lang), text("year", lang)
    return table


def district_year_display(
    data: pd.DataFrame, measure: str | None = None, *, lang=None, totals=True
) -> pd.DataFrame:
    """The district x year table as the strings a reader sees: numbers written the language's way,
    and in publish mode '<5' and 'x' for withheld cells."""
    lang = table_lang(data, lang)
    measure = _measure(data, measure)
    protected = _protected_district_year(data, measure, lang, totals)
    if protected is not None:
        shown = protected[1]
    else:
        table = district_year_table(data, measure, lang=lang, totals=totals)
        shown = table.map(lambda value: format_number(value, lang=lang))
    shown = shown.mask(not_applicable(data, shown), NOT_APPLICABLE)
    shown.index.name, shown.columns.name = text("district", lang), text("year", lang)
    return shown


# Columns a table to show leaves out: codes beside their labels, and publish mode's cell statuses.
_NOT_SHOWN = ("_code", "_status")
# Columns that hold numbers that are not amounts (years and months are written as they are).
_AS_WRITTEN = ("year", "month")


def table_display(data: pd.DataFrame, *, lang: str | None = None) -> pd.DataFrame:
    """A query's result as the strings a reader sees, headed in `lang`: labels instead of codes
    (`district`, `organiser_label` under 'Quận/huyện', 'Đơn vị tổ chức'), each measure under its
    words ('Lượt người tham dự' / 'Attendees') written as a whole number the language's way
    ('54.131' / '54,131'; harmonised shares of 2025 units rounded, never cut: 2,7 shows as 3), and
    in publish mode a withheld count as released ('<5', 'x'). Any other numeric column (ad hoc
    SQL's) is written the language's way too, with one decimal only when it has a fraction."""
    lang = table_lang(data, lang)
    kind = data.attrs.get("kind")
    measures = set(MEASURES.get(kind, ())) if kind else set()
    out: dict[str, list[str]] = {}
    for column in data.columns:
        name = str(column)
        if name.endswith(_NOT_SHOWN) or name.endswith("_display"):
            continue
        if name.endswith("_label"):
            dim = name[: -len("_label")]
            out[_header(dim, data, lang)] = data[column].astype(str).tolist()
            continue
        if f"{name}_label" in data.columns:  # the code: its label is shown instead
            continue
        header = _header(name, data, lang)
        values = data[column]
        if f"{name}_display" in data.columns:  # publish mode: as released
            out[header] = data[f"{name}_display"].astype(str).tolist()
        elif name in _AS_WRITTEN or not pd.api.types.is_numeric_dtype(values):
            out[header] = ["" if pd.isna(v) else str(v) for v in values.tolist()]
        else:
            numbers = pd.to_numeric(values, errors="coerce").astype("Float64")
            whole = name in measures or bool((numbers.dropna() == numbers.dropna().round()).all())
            decimals = 0 if whole else 1
            out[header] = [
                format_number(None if pd.isna(v) else float(v), lang=lang, decimals=decimals) for v in numbers
            ]
    table = pd.DataFrame(out)
    table.attrs = dict(data.attrs)  # record as given too: as district_year_table
    return table


def _header(name: str, data: pd.DataFrame, lang: str) -> str:
    """A column's heading in `lang`: a measure's words, a grouping's; a column nobody named (ad hoc
    SQL's `n`) as it is."""
    if name in TEXT:
        return measure_text(name, data, lang)
    return name


# A former province's area (Hậu Giang, Sóc Trăng) in a year before the merger: it was not part of
# the city, so its cell is not applicable — neither 0 (none recorded) nor '<5' (withheld).
NOT_APPLICABLE = "—"


def not_applicable(data: pd.DataFrame, table: pd.DataFrame) -> np.ndarray:
    """Which cells of a district x year `table` (rows named as in `data`) are of an area group in
    a year before the 2025 merger; the area's total column and the total row stay applicable."""
    places = zip(data["district_code"], data["district"], strict=True)
    groups = {name for code, name in places if code in AREA_GROUPS}
    rows = np.asarray(table.index.isin(list(groups)), dtype=bool)
    columns = np.array(
        [isinstance(c, (int, np.integer)) and c < REFORM_DATE.year for c in table.columns], dtype=bool
    )
    # an empty table (an area group asked over years before the merger holds nothing) is no
    # exception: boolean, whatever its shape (an empty list made a float array, refused by `mask`)
    return np.outer(rows, columns).astype(bool)


def not_applicable_notes(shown: pd.DataFrame, lang: str) -> list[str]:
    """The footnote a table or heatmap with not-applicable cells carries."""
    return [text("not_applicable_note", lang)] if (shown == NOT_APPLICABLE).any().any() else []


def heatmap_chart(data, measure=None, *, ax=None, lang=None, meta=None, notes=()) -> Axes:
    """District x year heatmap with each cell's number written in it."""
    lang = table_lang(data, lang)
    check_table(data, "A heatmap")
    measure = _measure(data, measure)
    table = district_year_table(data, measure, lang=lang, totals=False)
    ax, owned = _axes(ax, (9.0, 4.8))
    values = table.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    display = district_year_display(data, measure, lang=lang, totals=False)
    values[not_applicable(data, table)] = np.nan  # grey and '—', never the colour of zero
    notes = [*notes, *not_applicable_notes(display, lang)]
    cmap = KINDS[data.attrs.get("kind") or "events"].colours
    # Withheld cells (missing) take the colour map's 'bad' colour: light grey, never the zero colour.
    # An empty table draws no image (matplotlib warned of a singular axis): `_finish` says "no data".
    if values.size:
        ax.imshow(
            np.ma.masked_invalid(values),
            cmap=mpl_colormaps[cmap].with_extremes(bad="#dddddd"),
            aspect="auto",
            vmin=0,
        )
    ax.set_xticks(range(len(table.columns)), [str(y) for y in table.columns])
    ax.set_yticks(range(len(table.index)), list(table.index))
    high = np.nanmax(values) if np.isfinite(values).any() else 0
    for (row, col), value in np.ndenumerate(values):
        colour = "white" if high and value > 0.6 * high else "black"
        ax.text(col, row, display.iat[row, col], ha="center", va="center", fontsize=7, color=colour)
    set_title(ax, f"{measure_text(measure, data, lang)} {text('heatmap_title', lang)}", data, owned, lang)
    ax.set_xlabel(text("year", lang))
    return _finish(ax, owned, data, meta, lang, notes, [measure])


def _coded_dimensions(data: pd.DataFrame) -> list[str]:
    return [c for c in data.columns if f"{c}_label" in data.columns]


def _categories(data: pd.DataFrame, dim: str) -> list[str]:
    """Codes present in a table, in their value set's order (the order the labels are listed in)."""
    kind = KINDS.get(data.attrs.get("kind", "events"))
    codeset = kind.dimensions[dim].codeset if kind and dim in kind.dimensions else None
    present = list(dict.fromkeys(data[dim]))
    if not codeset:
        return present
    order = {code: i for i, code in enumerate(codes(codeset))}
    return sorted(present, key=lambda code: order.get(code, len(order)))


def _category_rows(data: pd.DataFrame, dim: str, code, index: str, keys: list, measure: str) -> pd.DataFrame:
    """One category's rows, one per key of `index` (years, age bands); keys absent from the table
    are zero and published."""
    part = data[data[dim] == code].set_index(index).reindex(keys).reset_index()
    part.attrs = data.attrs
    if f"{measure}_status" in part.columns:
        absent = part[f"{measure}_status"].isna()
        part.loc[absent, [measure, f"{measure}_status"]] = [0, "published"]
    else:
        part = part.fillna({measure: 0})
    return part


def stacked_chart(data, measure=None, *, ax=None, lang=None, meta=None, notes=()) -> Axes:
    """Bars by year stacked by a category, e.g. `by=["year", "organiser"]` or `["year", "event_type"]`.

    A publish-mode table with a withheld cell is drawn as grouped bars (side by side) instead: a
    withheld count has no height, and a stack with it left out would read as the year's total.
    The legend reads top-down like the stack (first category at the bottom)."""
    lang = table_lang(data, lang)
    _need(data, "year", "A stacked chart")
    dims = _coded_dimensions(data)
    if not dims:
        raise UnknownFieldError("A stacked chart needs a table grouped by year and one coded field.")
    measure, dim = _measure(data, measure), dims[0]
    ax, owned = _axes(ax, (9.0, 4.8))
    years = sorted(data["year"].unique())
    labels = dict(zip(data[dim], data[f"{dim}_label"], strict=False))
    parts = []  # (label, colour, values, marks) of the categories that appear
    for i, code in enumerate(_categories(data, dim)):
        values, marks = _drawn(_category_rows(data, dim, code, "year", years, measure), measure)
        if values.any() or (marks is not None and any(m is not None for m in marks)):
            parts.append((labels[code], PALETTE[i % len(PALETTE)], values, marks))
    grouped = any(marks is not None and any(m is not None for m in marks) for *_, marks in parts)
    positions = np.asarray(years, dtype=float)
    if grouped:
        _grouped_bars(ax, positions, parts, lang, horizontal=False)
        handles = [Patch(color=colour, label=label) for label, colour, *_ in parts]
    else:
        bottom = np.zeros(len(years))
        handles = []
        for label, colour, values, _ in parts:
            ax.bar(positions, values, bottom=bottom, color=colour, width=0.7)
            handles.append(Patch(color=colour, label=label))
            bottom += values
        handles.reverse()  # the top segment first, as the stack reads
        if len(years) <= MAX_LABELLED_BARS and bottom.any():  # each year's total over its stack
            for year, total in zip(positions, bottom, strict=True):
                ax.annotate(
                    format_number(total, lang=lang),
                    (year, total),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=8,
                )
    ax.set_xticks(positions, [str(y) for y in years])
    _fit_year_labels(ax, len(years))
    count_axis(ax.yaxis, lang)
    ax.margins(y=0.1)
    _no_scale_if_all_withheld(ax, ax.yaxis, *_all_of(parts))
    if handles:  # an empty selection has nothing to name
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    heading = f"{title(measure, 'year', lang, data)}, {text('by', lang)} {text(dim, lang).lower()}"
    set_title(ax, heading, data, owned, lang)
    ax.set_xlabel(_with_notes(text("year", lang), reading_notes(data, lang)))
    ax.set_ylabel(measure_text(measure, data, lang))
    return _finish(ax, owned, data, meta, lang, notes, [measure])


def _grouped_bars(ax: Axes, positions: np.ndarray, parts, lang: str, horizontal: bool) -> None:
    """Categories side by side within each slot, withheld cells with no bar length and their mark
    ('<5', 'x') at the axis in the category's colour, every bar's value written when there are few."""
    width = 0.8 / max(len(parts), 1)
    # Values only where a bar is thick enough to carry one (measured in points); marks always (a
    # cell with no bar and no mark would read as zero), turned upright on thin upright bars.
    box = ax.get_position()
    figure = figure_of(ax)
    span = (box.height * figure.get_figheight()) if horizontal else (box.width * figure.get_figwidth())
    thickness = span * 72 / max(len(positions), 1) * width
    few = thickness >= (8 if horizontal else 14)
    for j, (_, colour, values, marks) in enumerate(parts):
        offset = positions - 0.4 + width * (j + 0.5)
        if horizontal:
            bars = ax.barh(offset, values, height=width * 0.95, color=colour)
        else:
            bars = ax.bar(offset, values, width=width * 0.95, color=colour)
        upright = 0 if horizontal or few else 90
        _write_marks(ax, bars, marks, _readable(colour), 6.5, upright)
        for bar in bars:  # which category a lengthless bar is of (no line is drawn: width 0)
            if bar.get_gid() == "withheld":
                bar.set_edgecolor(colour)
        if few:
            shown = [
                "" if (marks is not None and mark is not None) or not v else format_number(v, lang=lang)
                for v, mark in zip(values, marks if marks is not None else [None] * len(values), strict=True)
            ]
            ax.bar_label(bars, labels=shown, fontsize=6.5, padding=1)


def _all_of(parts) -> tuple[np.ndarray, list | None]:
    """The values and marks of every category's bars together."""
    values = np.concatenate([values for *_, values, _ in parts]) if parts else np.zeros(0)
    marks = [m for *_, marks in parts if marks is not None for m in marks]
    return values, marks or None


def _readable(colour: str) -> str:
    """The category's colour for its marks, darkened where it is too light to read as text."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    if 0.299 * red + 0.587 * green + 0.114 * blue < 150:
        return colour
    return "#{:02x}{:02x}{:02x}".format(*(int(c * 0.6) for c in (red, green, blue)))


def breakdown_chart(data, measure=None, *, ax=None, lang=None, meta=None, notes=(), numbers=True) -> Axes:
    """Horizontal bars by one coded field (exploitation, destination, ...), stacked by a second
    one when there is one (`by=["age_band", "sex"]`). A table by district goes to district_chart."""
    lang = table_lang(data, lang)
    check_table(data, "A breakdown chart")
    dims = _coded_dimensions(data)
    if not dims and "district" not in data.columns:
        raise UnknownFieldError(
            "A breakdown chart needs a table grouped by a coded field, with its labels (as "
            "db.victims(by='sex') returns: columns sex and sex_label), or by district; this one has "
            f"columns {', '.join(map(str, data.columns))}."
        )
    if not dims:
        return district_chart(data, measure, ax=ax, lang=lang, meta=meta, notes=notes, numbers=numbers)
    measure = _measure(data, measure)
    ax, owned = _axes(ax, (8.0, 4.8))
    first = dims[0]
    heading = f"{title(measure, first, lang, data)}"
    footed = data  # the table the footer's notes are of
    if len(dims) == 1:
        names, values, marks = bar_rows(data, measure)
        if owned:  # room for every label (the law's long names wrap to three lines) and the footer's notes
            lines = sum(_wrap(str(name)).count("\n") + 1 for name in names)
            ax.figure.set_figheight(min(11.0, max(ax.figure.get_figheight(), 3.2 + 0.3 * lines)))
        _horizontal_bars(ax, names, values, _colour(data), lang, numbers=numbers, marks=marks)
    elif owned and _every_cell_withheld(data, measure):
        # Published with every cell withheld: no bars and one line, not a mark per cell (40 marks
        # over age band x sex). Every category of the table stays on the axis, whatever its count.
        categories = _categories(data, first)
        names = [_names(data, first)[c] for c in categories]
        positions = np.arange(len(categories))
        ax.set_yticks(positions, [_wrap(name) for name in names])
        ax.set_ylim(len(categories) - 0.5, -0.5)  # the first category at the top, as the bars read
        ax.xaxis.set_major_locator(NullLocator())
        ax.set_xlim(0, 1)
        protected = data.attrs.get("protected")
        said = text("all_withheld", lang).format(k=getattr(protected, "k", DEFAULT_K))
        say_in_middle(ax, said, gid="all-withheld")
        heading += f" {text('and', lang)} {text(dims[1], lang).lower()}"
        footed = without_axis(data)  # no mark is drawn: the note on marks at the axis would be false
    else:
        categories = _categories(data, first)
        names = [_names(data, first)[c] for c in categories]
        second = dims[1]
        positions = np.arange(len(categories))
        labels = dict(zip(data[second], data[f"{second}_label"], strict=False))
        parts = []  # (label, colour, values, marks) of the categories that appear
        for i, code in enumerate(_categories(data, second)):
            values, marks = _drawn(_category_rows(data, second, code, first, categories, measure), measure)
            if values.any() or (marks is not None and any(m is not None for m in marks)):
                parts.append((labels[code], PALETTE[i % len(PALETTE)], values, marks))
        # A withheld cell has no length: stacked beside it, the others would read as the band's
        # total. Then the categories stand side by side.
        grouped = any(marks is not None and any(m is not None for m in marks) for *_, marks in parts)
        handles = [Patch(color=colour, label=label) for label, colour, *_ in parts]
        if grouped:
            if owned:  # room for each bar's mark: about a sixth of an inch per bar
                bars = len(categories) * len(parts)
                ax.figure.set_figheight(min(8.0, max(ax.figure.get_figheight(), 1.8 + 0.15 * bars)))
            _grouped_bars(ax, positions, parts, lang, horizontal=True)
        else:
            left = np.zeros(len(categories))
            for _, colour, values, _ in parts:
                ax.barh(positions, values, left=left, color=colour)
                left += values
            if numbers and len(categories) <= MAX_LABELLED_BARS and left.any():  # each row's total
                for position, total in zip(positions, left, strict=True):
                    ax.annotate(
                        format_number(total, lang=lang),
                        (total, position),
                        xytext=(3, 0),
                        textcoords="offset points",
                        va="center",
                        fontsize=8,
                    )
                ax.set_xlim(0, left.max() * 1.12)  # room for the totals past the longest bar
        ax.set_yticks(positions, [_wrap(name) for name in names])
        ax.yaxis.set_inverted(True)
        count_axis(ax.xaxis, lang)
        if grouped:
            ax.margins(x=0.12)
            _no_scale_if_all_withheld(ax, ax.xaxis, *_all_of(parts))
        if handles:  # beside the bars, never over them; left to right as the stack
            ax.legend(handles=handles, fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
        heading += f" {text('and', lang)} {text(second, lang).lower()}"
    set_title(ax, heading, data, owned, lang)
    ax.set_xlabel(_with_notes(measure_text(measure, data, lang), reading_notes(data, lang)))
    return _finish(ax, owned, footed, meta, lang, notes, [measure])


def _every_cell_withheld(data: pd.DataFrame, measure: str) -> bool:
    status = f"{measure}_status"
    return status in data.columns and len(data) > 0 and bool((data[status] != "published").all())


def reading_notes(data: pd.DataFrame, lang: str = "vi") -> list[str]:
    """What a reader must know to read a chart by these fields, written under its axis: a field one
    record holds several values of (purposes of trafficking) counts mentions, not people or cases;
    CTDC's 9–17 age band straddles the Criminal Code's line at 16."""
    kind = KINDS.get(data.attrs.get("kind") or "")
    notes = []
    for dim in _coded_dimensions(data):
        if kind is not None and dim in kind.dimensions and kind.dimensions[dim].needs is not None:
            unit = "case" if kind.name == "cases" else "person"
            notes.append(
                text("mentions_note", lang).format(
                    unit=text(f"unit_{unit}", lang),
                    units=text(f"unit_{unit}s", lang),
                    field=text(dim, lang).lower(),
                )
            )
        if dim == "age_band" and "9-17" in set(data[dim]):
            notes.append(text("age_band_note", lang))
    return notes


def _with_notes(label: str, notes: list[str], width: int = 80) -> str:
    """An axis label with the reading notes on the lines under it."""
    return "\n".join([label, *(line for note in notes for line in textwrap.wrap(note, width))])


def _names(data: pd.DataFrame, dim: str) -> dict:
    return dict(zip(data[dim], data[f"{dim}_label"], strict=False))


def bar_rows(data: pd.DataFrame, measure: str | None = None) -> tuple[list, np.ndarray, np.ndarray | None]:
    """What a trend, district or one-field breakdown chart draws as bars: the categories (years,
    district names, or labels in their value set's order), the values, and for a publish-mode
    table each cell's mark where it was withheld (None for an exact table)."""
    measure = _measure(data, measure)
    dims = _coded_dimensions(data)
    if not dims:
        return data["district" if "district" in data.columns else "year"].tolist(), *_drawn(data, measure)
    categories = _categories(data, dims[0])
    ordered = data.set_index(dims[0]).loc[categories].reset_index()
    ordered.attrs = data.attrs
    names = _names(data, dims[0])
    return [names[c] for c in categories], *_drawn(ordered, measure)


def rates_per_100k(data: pd.DataFrame, measure: str) -> np.ndarray:
    """A by-district measure per 100,000 population (the districts' estimated populations)."""
    population = {d.code: d.population for d in districts()}
    return data[measure].to_numpy() / data["district_code"].map(population).to_numpy() * 100_000


def _period(data: pd.DataFrame, lang: str) -> str:
    filters = data.attrs.get("filters")
    if filters is not None and filters.years:
        first, last = filters.years
        span = str(first) if first == last else f"{first}–{last}"
        return f"{text('period_total', lang)} {span}"
    return text("period_total", lang)


def rate_chart(data, measure=None, *, ax=None, lang=None, meta=None, notes=(), numbers=True) -> Axes:
    """A measure per 100,000 population by district, with the denominator and its year on the figure."""
    lang = table_lang(data, lang)
    _need(data, "district_code", "A rate chart")
    measure = _measure(data, measure)
    ax, owned = _axes(ax, (8.0, 5.0))
    values, marks = _drawn(data, measure)
    rates = rates_per_100k(data.assign(**{measure: values}), measure)
    # Places with no population here (the former-province area groups) get no rate: not an empty
    # bar that reads as zero, but a line under the chart naming them.
    rated = ~np.isnan(rates.astype(float))
    if not rated.all():
        unrated = ", ".join(map(str, data.loc[~rated, "district"]))
        notes = [*notes, text("no_denominator", lang).format(areas=unrated)]
        data, rates, values = data[rated], rates[rated], values[rated]
        marks = marks[rated] if marks is not None else None
    if marks is not None:
        # A withheld count has no rate: a bar at the threshold's rate would read as one. No bar
        # length, and the mark says what it is a mark of and that no rate is published ('<5 người:
        # tỷ lệ không công bố'); '<5 người' alone, at the axis, read as a rate of zero.
        withheld = np.array([m is not None for m in marks])
        rates = np.where(withheld, 0.0, rates)
        mark_of = "withheld_cases" if data.attrs.get("kind") == "cases" else "withheld_people"
        marks = np.array(
            [
                m
                if m is None
                else text(mark_of if str(m).startswith("<") else "withheld_rate", lang).format(mark=m)
                for m in marks
            ],
            dtype=object,
        )
    # One decimal where rates are small (victims: 2,4 per 100.000); whole numbers where they are
    # large (attendees: 15.761), so '3.000,0' never crowds an axis.
    decimals = 1 if np.nanmax(rates, initial=0) < 100 else 0
    _horizontal_bars(ax, data["district"], rates, _colour(data), lang, decimals, numbers, marks)
    set_title(ax, f"{title(measure, 'district', lang, data)}, {text('rate', lang)}", data, owned, lang)
    ax.set_xlabel(f"{text('rate', lang)} ({_period(data, lang)})\n{population_note(lang)}")
    return _finish(ax, owned, data, meta, lang, notes, [measure])


def effort_chart(events, victims, measure="attendees", *, ax=None, lang=None, meta=None, notes=()) -> Axes:
    """Awareness intensity against victim incidence per district, both per 100,000 population:
    where the effort went and where victims live (a victim record's district is the home district).
    Dashed lines: the rates of all districts shown. Withheld districts stand, named, in a strip
    under the scale; with none published the strip is the whole plot and says so (no empty scale)."""
    lang = table_lang(events, lang)
    for table, kind, place in ((events, "events", "first"), (victims, "victims", "second")):
        check_table(table, "An effort chart")
        if table.attrs.get("kind") not in (None, kind):
            raise UnknownFieldError(
                "An effort chart takes the events table first and the victims table second "
                f"(effort_chart(events, victims)): the {place} table given is a {table.attrs['kind']} table."
            )
        _need(table, "district_code", "An effort chart")
    measure = _measure(events, measure)
    ax, owned = _axes(ax, (8.0, 5.6))
    victim_values, marks = _drawn(victims, "victims")
    drawn = victims[["district_code"]].assign(
        victims=victim_values, mark=marks if marks is not None else None
    )
    both = events[["district_code", "district", measure]].merge(drawn, on="district_code", how="left")
    both["victims"] = both["victims"].fillna(0)
    x, y = rates_per_100k(both, measure), rates_per_100k(both, "victims")
    withheld = both["mark"].notna().to_numpy()
    none_shown = bool(withheld.all()) and bool(withheld.any())
    # the withheld markers' height (in the Axes' height): mid-strip, or low in a strip that is the plot
    band_y = NONE_SHOWN_Y if none_shown else WITHHELD_BAND / 2
    ax.scatter(x[~withheld], y[~withheld], s=40, color=VICTIM_COLOUR, edgecolor=EVENT_COLOUR, zorder=3)
    # Withheld victim counts have no incidence to place: a hollow marker in a grey band of its own
    # under the incidence scale (no tick in it), at the district's intensity, named with its mark
    # ('Ô Môn (<5)'), and a legend entry saying what a marker there is. Never at the threshold's
    # rate (5 ÷ population read as an incidence).
    on_axis = ax.get_xaxis_transform()  # x in data, y in the Axes' height (0: the axis line)
    hollow = ax.scatter(
        x[withheld],
        np.full(int(withheld.sum()), band_y),
        s=40,
        facecolor="white",
        edgecolor="#555555",
        transform=on_axis,
        clip_on=False,
        zorder=4,
        gid="withheld",
        # the mark of the level published at ('<10' at k = 10, not '<5')
        label=_wrap(measure_text("withheld_in_band", victims, lang).format(k=_k_of(victims)), 22),
    )
    names = []
    for name, px, py, mark in zip(both["district"], x, y, both["mark"], strict=True):
        if isinstance(mark, str):
            at = (px, band_y)
            point = ax.annotate(
                f"{name} ({mark})", at, xycoords=on_axis, xytext=(4, 4), textcoords="offset points",
                fontsize=8, gid=MARK_GID,
            )  # fmt: skip
        else:
            point = ax.annotate(name, (px, py), xytext=(4, 4), textcoords="offset points", fontsize=8)
        point.set_in_layout(False)  # placed after the layout, below: never moves the axes
        names.append(point)
    # The averages are over the districts with a population: the former-province area groups
    # (93, 94) have none here, so neither their counts nor a denominator enter the lines.
    known = {d.code: d.population for d in districts()}
    with_population = both["district_code"].isin(list(known)).to_numpy()
    population = np.array([known[c] for c in both.loc[with_population, "district_code"]])
    victims_total: float | None = float(both.loc[with_population, "victims"].sum())
    if marks is not None and both.loc[with_population, "mark"].notna().any():
        victims_total = None  # a withheld district: the districts' total is not published
    lines = []  # the dashed lines say what they are, in a legend beside the plot
    if population.sum():
        average = both.loc[with_population, measure].sum() / population.sum() * 100_000
        lines.append(
            ax.axvline(
                average, color="#888888", ls="--", lw=0.8, label=_wrap(text("average_intensity", lang), 22)
            )
        )
        if victims_total is not None:
            average = victims_total / population.sum() * 100_000
            lines.append(
                ax.axhline(
                    average,
                    color="#555555",
                    ls=":",
                    lw=1.0,
                    label=_wrap(measure_text("average_incidence", victims, lang), 22),
                )
            )
    count_axis(ax.xaxis, lang, decimals=0)
    count_axis(ax.yaxis, lang, decimals=1)
    ax.margins(0.15)
    if withheld.any():
        # The intensity axis spans every district, the withheld ones too (their markers stand in the
        # band, outside the data limits): with one district shown it zoomed to that one alone.
        placed = np.isfinite(x)
        ax.update_datalim(np.column_stack([x[placed], np.zeros(int(placed.sum()))]), updatey=False)
        lines.append(hollow)
        _withheld_band(ax, withheld.all(), lang)
    if lines and not is_empty([events, victims], [measure, "victims"]):
        ax.legend(handles=lines, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7.5, frameon=False)
    set_title(ax, text("effort_title", lang), [events, victims], owned, lang)
    ax.set_xlabel(f"{text('intensity', lang)} ({_period(events, lang)})\n{population_note(lang)}")
    ax.set_ylabel(measure_text("incidence", victims, lang))
    _finish(ax, owned, [events, victims], meta, lang, notes, [measure, "victims"])
    if not any(t.get_gid() == "no-data" for t in ax.texts):
        # a withheld district's name stays in the strip: above it, it read as a point with a rate
        strip = NONE_SHOWN_TOP if none_shown else WITHHELD_BAND
        place_labels(ax, names, {i: strip for i, w in enumerate(withheld) if w})
    return ax


# The share of the effort chart's height kept under the incidence scale for withheld districts.
WITHHELD_BAND = 0.12
WITHHELD_BAND_GID = "withheld-band"
# With no district's count published the strip is the whole plot: its markers low in it, their
# names under the line that says so, at the top.
NONE_SHOWN_Y = 0.3
NONE_SHOWN_TOP = 0.8
NONE_PUBLISHED_GID = "none-published"


def _withheld_band(ax: Axes, nothing_shown: bool, lang: str = "vi") -> None:
    """Keep the bottom of the plot, under the incidence scale, for the withheld districts: a hatched
    strip set off from the scale by a line, named 'not published' on the incidence axis (a plain grey
    band under the scale read as 'lower incidence'). The scale starts at 0 (no rate is below it);
    with no incidence shown at all there is no scale, only the strip's name. The chart is drawn once
    (no panel redraws it), so its limits are set here."""
    ax.add_patch(
        Rectangle(
            (0, 0),
            1,
            1 if nothing_shown else WITHHELD_BAND,
            transform=ax.transAxes,
            facecolor="#f4f4f4",
            edgecolor="#bbbbbb",
            hatch="///",
            lw=0,
            zorder=0,
            gid=WITHHELD_BAND_GID,
        )
    )
    name = text("not_published_band", lang)
    if nothing_shown:
        ax.set_ylim(0, 1, auto=None)
        ax.set_yticks([NONE_SHOWN_Y], [name])
        ax.text(
            0.5, (1 + NONE_SHOWN_TOP) / 2, _wrap(text("effort_none_published", lang), 60),
            transform=ax.transAxes, ha="center", va="center", fontsize=9, gid=NONE_PUBLISHED_GID,
            bbox={"facecolor": "white", "edgecolor": "#bbbbbb", "boxstyle": "round,pad=0.4"},
        )  # fmt: skip
        ax.get_yticklabels()[-1].set(fontstyle="italic", color="#444444", gid=WITHHELD_BAND_GID)
        return
    ax.autoscale_view()
    # Room above the highest district shown for its name (one district alone has no range to pad).
    high = max(ax.get_ylim()[1], ax.dataLim.y1 * 1.15)
    low = 0.0  # a rate: the scale starts at nothing, never at the lowest district shown
    ticks = [t for t in ax.yaxis.get_major_locator().tick_values(low, high) if low - 1e-9 <= t <= high + 1e-9]
    bottom = low - (high - low) * WITHHELD_BAND / (1 - WITHHELD_BAND)
    ax.set_ylim(bottom, high, auto=None)
    ax.axhline(low, color="#555555", lw=0.8, zorder=1, gid="withheld-band-edge")  # the strip's edge
    # The strip is named on the axis where a reader looks for the value: 'not published', no number.
    ax.set_yticks([*ticks, (bottom + low) / 2], [*(tick_text(t, lang, 1) for t in ticks), name])
    ax.get_yticklabels()[-1].set(fontstyle="italic", color="#444444", gid=WITHHELD_BAND_GID)


# Where a point's name may go, in points from the point (ha, va follow): beside it first, then
# further out. The first place clear of every other name, marker and the plot's edge is taken.
_PLACES = [
    (dx * r, dy * r, ha, va)
    for r in (1, 2, 3.5)
    for dx, dy, ha, va in (
        (5, 4, "left", "bottom"),
        (5, -4, "left", "top"),
        (-5, 4, "right", "bottom"),
        (-5, -4, "right", "top"),
        (0, 7, "center", "bottom"),
        (0, -7, "center", "top"),
        (7, 0, "left", "center"),
        (-7, 0, "right", "center"),
    )
]


def place_labels(ax: Axes, labels, strips: dict[int, float] | None = None) -> None:
    """Move point labels (annotations) so that none overlaps another or another point's marker,
    measured from their drawn extents once the figure is laid out. A label numbered in `strips`
    stays under that share of the Axes' height (a withheld district's name in its strip)."""
    strips = strips or {}
    figure = figure_of(ax)
    figure.draw_without_rendering()  # the layout settles; the labels take no part in it
    renderer = figure._get_renderer()  # type: ignore[attr-defined]  # the one draw_without_rendering used
    frame = ax.get_window_extent(renderer)
    radius = 4 * figure.dpi / 72  # a marker of size 40 is about 6 points across
    markers = [_point(ax, label) for label in labels]
    placed: list[tuple[float, float, float, float]] = []

    def cost(box, own) -> float:
        top = frame.y0 + frame.height * strips[own] if own in strips else frame.y1
        clash = sum((_overlap(box, other) for other in placed), 0.0)
        for i, (mx, my) in enumerate(markers):
            if i != own:
                clash += _overlap(box, (mx - radius, my - radius, mx + radius, my + radius))
        outside = max(0.0, frame.x0 - box[0]) + max(0.0, box[2] - frame.x1)
        outside += max(0, frame.y0 - box[1]) + max(0, box[3] - frame.y1)
        # A withheld name may lean a little out of its strip rather than cover another name.
        return clash + outside * 100 + max(0, box[3] - top) * 0.2

    for own, label in enumerate(labels):
        if not np.isfinite(markers[own]).all():  # no rate (an area without a population): not drawn
            label.set_visible(False)
            continue
        best = None
        for dx, dy, ha, va in _PLACES:
            label.set_position((dx, dy))
            label.set(ha=ha, va=va)
            extent = label.get_window_extent(renderer)
            box = (extent.x0, extent.y0, extent.x1, extent.y1)
            score = cost(box, own)
            if best is None or score < best[0]:
                best = (score, (dx, dy, ha, va), box)
            if score == 0:
                break
        if best is None:  # (there is always a place to try)
            continue
        _, (dx, dy, ha, va), box = best
        label.set_position((dx, dy))
        label.set(ha=ha, va=va)
        placed.append(box)


def _point(ax: Axes, label) -> np.ndarray:
    """Where a label's point is on the figure, in pixels (a point on the axis line has its own
    coordinates: x in data, y in the Axes' height)."""
    coords = label.xycoords
    transform = coords if isinstance(coords, Transform) else ax.transData
    return transform.transform(label.xy)


def _overlap(a, b) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def _k_of(frame: pd.DataFrame) -> int:
    """The protection level a published frame was withheld at (its protected table's k)."""
    return int(getattr(frame.attrs.get("protected"), "k", DEFAULT_K))
