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
from matplotlib.patches import Patch

from ._codes import codes
from ._disclosure import TOTAL
from ._districts import districts
from ._errors import UnknownFieldError, unknown_value
from ._figure import (
    count_axis,
    draw_empty,
    figure_of,
    is_empty,
    new_figure,
    set_footer,
    set_title,
)

# The figure's frame lives in _figure; these names stay importable from here for the panels.
from ._figure import footer as footer
from ._figure import footer_room as footer_room
from ._figure import mark_internal as mark_internal
from ._figure import remove_footer as remove_footer
from ._figure import stamp as stamp
from ._kinds import KINDS, counts_people
from ._labels import measure_text, population_note, text, title
from ._text import format_number

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
    kind = data.attrs.get("kind", "events")
    if measure is None:
        return MEASURES.get(kind, ("events",))[0]
    if measure not in data.columns:
        valid = [c for c in MEASURES.get(kind, ()) if c in data.columns]
        raise unknown_value(
            UnknownFieldError, "measure", measure, valid, lead=f"No measure {measure!r} in this table"
        )
    return measure


def _need(data: pd.DataFrame, column: str, chart: str) -> None:
    if column not in data.columns:
        raise UnknownFieldError(
            f"{chart} needs a table grouped by {column!r}; this one has columns {', '.join(data.columns)}."
        )


def _colour(data: pd.DataFrame) -> str:
    return VICTIM_COLOUR if counts_people(data.attrs.get("kind")) else EVENT_COLOUR


# A count withheld by disclosure control is drawn as withheld, never as zero: an empty hatched
# bar as high as the threshold, labelled with its mark ('<5', or 'x' for complementary cells).
WITHHELD_STYLE = {"facecolor": "none", "edgecolor": "#777777", "hatch": "///", "linewidth": 0.8}


def _drawn(data: pd.DataFrame, measure: str) -> tuple[np.ndarray, np.ndarray | None]:
    """Values to draw, and for publish-mode tables each cell's mark where it was withheld."""
    status = f"{measure}_status"
    if status not in data.columns:
        return data[measure].to_numpy(dtype=float), None
    threshold = data.attrs["protected"].k
    values = data[measure].astype("Float64").fillna(threshold).to_numpy(dtype=float)
    withheld = (data[status] != "published").to_numpy()
    marks = np.where(withheld, data[f"{measure}_display"].to_numpy(dtype=object), None)
    return values, cast(np.ndarray, marks)


def _mark_withheld(bars, marks: np.ndarray | None) -> None:
    if marks is None:
        return
    for bar, mark in zip(bars, marks, strict=True):
        if mark is not None:
            bar.set(**WITHHELD_STYLE)


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
    _mark_withheld(bars, marks)
    if not numbers or len(bars) > MAX_LABELLED_BARS:  # a panel's table shows the numbers; many
        return  # bars would crowd them: the axis reads them then
    labels = [format_number(v, lang=lang, decimals=decimals) for v in values]
    if marks is not None:
        labels = [mark if mark is not None else label for label, mark in zip(labels, marks, strict=True)]
    ax.bar_label(bars, labels=labels, fontsize=8, padding=2)


def _finish(ax: Axes, owned: bool, data, meta, lang: str, notes, measures=None) -> Axes:
    # A figure of its own says 'no data'; on a caller's Axes (a panel redrawing bars in place) an
    # empty selection keeps its bars at zero and the axis a single 0.
    if owned and measures is not None and is_empty(data, measures):
        draw_empty(ax, lang)
    if owned:
        set_footer(figure_of(ax), data, meta, lang, notes)
    return ax


def trend_chart(data, measure=None, *, ax=None, lang="vi", meta=None, notes=(), numbers=True) -> Axes:
    """Bars by year: events, attendees, leaflets or victims (a table grouped `by="year"`)."""
    _need(data, "year", "A trend chart")
    measure = _measure(data, measure)
    ax, owned = _axes(ax, (8.0, 4.5))
    years, (values, marks) = data["year"].to_numpy(), _drawn(data, measure)
    bars = ax.bar(years, values, color=_colour(data), width=0.7)
    _label_bars(ax, bars, values, lang, numbers=numbers, marks=marks)
    ax.set_xticks(years, [str(y) for y in years])
    _fit_year_labels(ax, len(years))
    count_axis(ax.yaxis, lang)
    ax.margins(y=0.12)
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
    return bars


def district_chart(data, measure=None, *, ax=None, lang="vi", meta=None, notes=(), numbers=True) -> Axes:
    """Horizontal bars by district (a table grouped `by="district"`)."""
    _need(data, "district", "A district chart")
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
    data: pd.DataFrame, measure: str | None = None, *, lang="vi", totals=True
) -> pd.DataFrame:
    """District x year table of one measure from a result grouped `by=["district", "year"]`.

    From a publish-mode result, withheld cells are missing and the totals are those disclosure
    control published; `district_year_display` gives the strings to print ('<5', 'x', '1.234')."""
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
    table.attrs = dict(data.attrs)
    table.index.name, table.columns.name = text("district", lang), text("year", lang)
    return table


def district_year_display(
    data: pd.DataFrame, measure: str | None = None, *, lang="vi", totals=True
) -> pd.DataFrame:
    """The district x year table as the strings a reader sees: numbers written the language's way,
    and in publish mode '<5' and 'x' for withheld cells."""
    measure = _measure(data, measure)
    protected = _protected_district_year(data, measure, lang, totals)
    if protected is not None:
        shown = protected[1]
    else:
        table = district_year_table(data, measure, lang=lang, totals=totals)
        shown = table.map(lambda value: format_number(value, lang=lang))
    shown.index.name, shown.columns.name = text("district", lang), text("year", lang)
    return shown


def heatmap_chart(data, measure=None, *, ax=None, lang="vi", meta=None, notes=()) -> Axes:
    """District x year heatmap with each cell's number written in it."""
    measure = _measure(data, measure)
    table = district_year_table(data, measure, lang=lang, totals=False)
    ax, owned = _axes(ax, (9.0, 4.8))
    values = table.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    display = district_year_display(data, measure, lang=lang, totals=False)
    cmap = KINDS[data.attrs.get("kind") or "events"].colours
    # Withheld cells (missing) take the colour map's 'bad' colour: light grey, never the zero colour.
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


def stacked_chart(data, measure=None, *, ax=None, lang="vi", meta=None, notes=()) -> Axes:
    """Bars by year stacked by a category, e.g. `by=["year", "organiser"]` or `["year", "event_type"]`.

    A publish-mode table with a withheld cell is drawn as grouped bars (side by side) instead: a
    withheld count is drawn at the threshold, and stacking such placeholders would add heights
    nobody knows. The legend reads top-down like the stack (first category at the bottom)."""
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
    if handles:  # an empty selection has nothing to name
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    heading = f"{title(measure, 'year', lang, data)}, {text('by', lang)} {text(dim, lang).lower()}"
    set_title(ax, heading, data, owned, lang)
    ax.set_xlabel(text("year", lang))
    ax.set_ylabel(measure_text(measure, data, lang))
    return _finish(ax, owned, data, meta, lang, notes, [measure])


def _grouped_bars(ax: Axes, positions: np.ndarray, parts, lang: str, horizontal: bool) -> None:
    """Categories side by side within each slot, withheld cells hatched at the threshold and
    marked ('<5', 'x'), every bar's value written when there are few."""
    width = 0.8 / max(len(parts), 1)
    # Marks and values only where a bar is thick enough to carry one (measured in points).
    box = ax.get_position()
    figure = figure_of(ax)
    span = (box.height * figure.get_figheight()) if horizontal else (box.width * figure.get_figwidth())
    few = span * 72 / max(len(positions), 1) * width >= (8 if horizontal else 14)
    for j, (_, colour, values, marks) in enumerate(parts):
        offset = positions - 0.4 + width * (j + 0.5)
        if horizontal:
            bars = ax.barh(offset, values, height=width * 0.95, color=colour)
        else:
            bars = ax.bar(offset, values, width=width * 0.95, color=colour)
        _mark_withheld(bars, marks)
        if marks is not None:  # the outline in the category's colour: which one was withheld
            for bar, mark in zip(bars, marks, strict=True):
                if mark is not None:
                    bar.set_edgecolor(colour)
        shown = [
            mark if marks is not None and mark is not None else format_number(v, lang=lang)
            for v, mark in zip(values, marks if marks is not None else [None] * len(values), strict=True)
        ]
        if few:
            ax.bar_label(bars, labels=[s if s != "0" else "" for s in shown], fontsize=6.5, padding=1)


def breakdown_chart(data, measure=None, *, ax=None, lang="vi", meta=None, notes=(), numbers=True) -> Axes:
    """Horizontal bars by one coded field (exploitation, destination, ...), stacked by a second
    one when there is one (`by=["age_band", "sex"]`). A table by district goes to district_chart."""
    dims = _coded_dimensions(data)
    if not dims:
        return district_chart(data, measure, ax=ax, lang=lang, meta=meta, notes=notes, numbers=numbers)
    measure = _measure(data, measure)
    ax, owned = _axes(ax, (8.0, 4.8))
    first = dims[0]
    heading = f"{title(measure, first, lang, data)}"
    if len(dims) == 1:
        names, values, marks = bar_rows(data, measure)
        if owned:  # room for every category's label (two lines each for the law's long names)
            lines = sum(_wrap(str(name)).count("\n") + 1 for name in names)
            ax.figure.set_figheight(min(10.0, max(ax.figure.get_figheight(), 2.4 + 0.3 * lines)))
        _horizontal_bars(ax, names, values, _colour(data), lang, numbers=numbers, marks=marks)
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
        # A withheld cell is drawn at the threshold: stacked, such placeholders would add up to
        # counts nobody knows (every band ~20 victims). Then the categories stand side by side.
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
        if handles:  # beside the bars, never over them; left to right as the stack
            ax.legend(handles=handles, fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
        heading += f" {text('and', lang)} {text(second, lang).lower()}"
    set_title(ax, heading, data, owned, lang)
    ax.set_xlabel(measure_text(measure, data, lang))
    return _finish(ax, owned, data, meta, lang, notes, [measure])


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


def rate_chart(data, measure=None, *, ax=None, lang="vi", meta=None, notes=(), numbers=True) -> Axes:
    """A measure per 100,000 population by district, with the denominator and its year on the figure."""
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
        # length, and the mark says what it is a mark of ('<5 người').
        withheld = np.array([m is not None for m in marks])
        rates = np.where(withheld, 0.0, rates)
        mark_of = "withheld_cases" if data.attrs.get("kind") == "cases" else "withheld_people"
        marks = np.array(
            [
                m if m is None or not str(m).startswith("<") else text(mark_of, lang).format(mark=m)
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


def effort_chart(events, victims, measure="attendees", *, ax=None, lang="vi", meta=None, notes=()) -> Axes:
    """Awareness intensity against victim incidence per district, both per 100,000 population:
    where the effort went and where victims come from. Dashed lines: the rates of all districts shown."""
    _need(events, "district_code", "An effort chart")
    _need(victims, "district_code", "An effort chart")
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
    ax.scatter(x[~withheld], y[~withheld], s=40, color=VICTIM_COLOUR, edgecolor=EVENT_COLOUR, zorder=3)
    # Withheld victim counts: a hollow marker at the threshold, named with its mark.
    ax.scatter(x[withheld], y[withheld], s=40, facecolor="none", edgecolor="#777777", hatch="///", zorder=3)
    names = []
    for name, px, py, mark in zip(both["district"], x, y, both["mark"], strict=True):
        label = f"{name} ({mark})" if isinstance(mark, str) else name
        names.append(ax.annotate(label, (px, py), xytext=(4, 4), textcoords="offset points", fontsize=8))
        names[-1].set_in_layout(False)  # placed after the layout, below: never moves the axes
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
    if lines and not is_empty([events, victims], [measure, "victims"]):
        ax.legend(handles=lines, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7.5, frameon=False)
    set_title(ax, text("effort_title", lang), [events, victims], owned, lang)
    ax.set_xlabel(f"{text('intensity', lang)} ({_period(events, lang)})\n{population_note(lang)}")
    ax.set_ylabel(measure_text("incidence", victims, lang))
    _finish(ax, owned, [events, victims], meta, lang, notes, [measure, "victims"])
    if not any(t.get_gid() == "no-data" for t in ax.texts):
        place_labels(ax, names)
    return ax


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


def place_labels(ax: Axes, labels) -> None:
    """Move point labels (annotations) so that none overlaps another or another point's marker,
    measured from their drawn extents once the figure is laid out."""
    figure = figure_of(ax)
    figure.draw_without_rendering()  # the layout settles; the labels take no part in it
    renderer = figure._get_renderer()  # type: ignore[attr-defined]  # the one draw_without_rendering used
    frame = ax.get_window_extent(renderer)
    radius = 4 * figure.dpi / 72  # a marker of size 40 is about 6 points across
    markers = [ax.transData.transform(label.xy) for label in labels]
    placed: list[tuple[float, float, float, float]] = []

    def cost(box, own) -> float:
        clash = sum((_overlap(box, other) for other in placed), 0.0)
        for i, (mx, my) in enumerate(markers):
            if i != own:
                clash += _overlap(box, (mx - radius, my - radius, mx + radius, my + radius))
        outside = max(0.0, frame.x0 - box[0]) + max(0.0, box[2] - frame.x1)
        outside += max(0, frame.y0 - box[1]) + max(0, box[3] - frame.y1)
        return clash + outside * 100

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


def _overlap(a, b) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0
