"""Charts: each draws the small query result it is given and returns the Axes.

A chart never queries and never aggregates records: it reshapes the table a query helper returned
(pivot, join with district populations) and draws it. Given no `ax`, it makes its own Figure, not
registered with pyplot, so nothing piles up in pyplot's list of open figures, and gives it the
footer built by `set_footer` (source, data version, filters) — the one place footers are made.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import colormaps as mpl_colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ._codes import codes
from ._disclosure import TOTAL
from ._districts import districts
from ._errors import UnknownFieldError, closest
from ._labels import footer_text, is_internal, population_note, subtitle, text, title
from ._query import KINDS
from ._text import format_number

EVENT_COLOUR = "#2b6cb0"
VICTIM_COLOUR = "#c05621"
# Okabe–Ito: tells categories apart for colour-blind readers and in greyscale print.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
FOOTER_POINTS = 7
FOOTER_GID = "workbench-footer"
# The 'internal' stamp: a band across the top of a figure that shows exact victim counts, in a
# colour no chart uses, so it cannot be missed on a slide or cut off with the footer.
STAMP_GID = "workbench-internal"
STAMP_COLOUR = "#b00020"
STAMP_INCHES = 0.32
# Bars get their values written on them when there are this many or fewer.
MAX_LABELLED_BARS = 12
MEASURES = {"events": ("events", "attendees", "leaflets"), "victims": ("victims",)}
MEASURES["support"] = ("services", "victims_supported")


def new_figure(
    size: tuple[float, float] = (8.0, 4.8), ncols: int = 1, *, fixed: bool = False
) -> tuple[Figure, list[Axes]]:
    """A Figure outside pyplot (gone when dropped), laid out with room kept for the footer.

    `fixed` skips the layout engine, which measures every label on every draw: for figures redrawn
    many times (panels), whose caller places the Axes once.
    """
    figure = Figure(figsize=size, dpi=100, layout=None if fixed else ConstrainedLayoutEngine())
    FigureCanvasAgg(figure)
    return figure, list(figure.subplots(1, ncols, squeeze=False)[0])


def set_footer(
    figure: Figure,
    data: pd.DataFrame | Iterable[pd.DataFrame],
    meta: Mapping[str, str] | None,
    lang: str = "vi",
    notes: Iterable[str] = (),
    internal: bool | None = None,
) -> Text:
    """Write (or rewrite, on a redraw) the figure's footer and keep room for it below the axes.

    A figure showing exact victim counts (`internal`, decided from `data` unless given) also gets
    the internal band across its top, when it is laid out by the layout engine (the helpers' own
    figures; a panel, placed by hand, says it in its tab instead)."""
    width = max(40, int(figure.get_figwidth() * 72 / (FOOTER_POINTS * 0.55)))
    lines = [
        part
        for line in footer_text(data, meta, lang, notes, internal).split("\n")
        for part in textwrap.wrap(line, width)
    ]
    existing = [t for t in figure.texts if t.get_gid() == FOOTER_GID]
    if existing:
        artist = existing[0]
        artist.set_text("\n".join(lines))
    else:
        artist = figure.text(
            0.01, 0.01, "\n".join(lines), fontsize=FOOTER_POINTS, color="#444444", va="bottom", gid=FOOTER_GID
        )
    engine = figure.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        set_stamp(figure, is_internal(data) if internal is None else internal, lang)
        reserved = footer_room(figure)
        engine.set(rect=(0, reserved, 1, 1 - reserved - stamp_room(figure)))
    return artist


def set_stamp(figure: Figure, internal: bool, lang: str = "vi") -> None:
    """Put (or take off) the 'internal – not for publication' band across the top of the figure."""
    for artist in [a for a in (*figure.artists, *figure.texts) if a.get_gid() == STAMP_GID]:
        artist.remove()
    if not internal:
        return
    height = STAMP_INCHES / figure.get_figheight()
    band = Rectangle(
        (0, 1 - height), 1, height, transform=figure.transFigure, color=STAMP_COLOUR, gid=STAMP_GID, zorder=5
    )
    figure.add_artist(band)
    figure.text(
        0.5,
        1 - height / 2,
        text("internal_band", lang),
        ha="center",
        va="center",
        color="white",
        fontsize=10,
        weight="bold",
        gid=STAMP_GID,
        zorder=6,
    )


def mark_internal(figure: Figure, lang: str = "vi") -> None:
    """Mark a page of an internal document (a briefing pack with exact victim counts) as internal,
    whatever it shows itself: the band, and the words in its footer."""
    found = [t for t in figure.texts if t.get_gid() == FOOTER_GID]
    if found and text("internal", lang) not in found[0].get_text():
        found[0].set_text(f"{found[0].get_text()}\n{text('internal', lang)}")
    set_stamp(figure, True, lang)
    engine = figure.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        reserved = footer_room(figure)
        engine.set(rect=(0, reserved, 1, 1 - reserved - stamp_room(figure)))


def stamp_room(figure: Figure) -> float:
    """The height the internal band takes, as a fraction of the figure's height (0 without one)."""
    if any(a.get_gid() == STAMP_GID for a in figure.artists):
        return (STAMP_INCHES + 0.05) / figure.get_figheight()
    return 0.0


def stamp(figure: Figure) -> str:
    """The internal band's words on a figure made here ('' if it has none)."""
    found = [t.get_text() for t in figure.texts if t.get_gid() == STAMP_GID]
    return found[0] if found else ""


def footer_room(figure: Figure) -> float:
    """The height the footer takes, as a fraction of the figure's height (0 without a footer)."""
    found = [t for t in figure.texts if t.get_gid() == FOOTER_GID]
    if not found:
        return 0.0
    lines = found[0].get_text().count("\n") + 1
    return (lines * FOOTER_POINTS * 1.3 / 72 + 0.12) / figure.get_figheight()


def remove_footer(figure: Figure) -> None:
    for artist in [t for t in figure.texts if t.get_gid() == FOOTER_GID]:
        artist.remove()


def footer(figure: Figure) -> str:
    """The footer text of a figure made here ('' if it has none), lines joined by spaces."""
    found = [t.get_text() for t in figure.texts if t.get_gid() == FOOTER_GID]
    return " ".join(found[0].split("\n")) if found else ""


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
        match = closest(measure, valid)
        hint = f" — did you mean {match!r}?" if match else ""
        raise UnknownFieldError(f"No measure {measure!r} in this table{hint} Valid: {', '.join(valid)}.")
    return measure


def _need(data: pd.DataFrame, column: str, chart: str) -> None:
    if column not in data.columns:
        raise UnknownFieldError(
            f"{chart} needs a table grouped by {column!r}; this one has columns {', '.join(data.columns)}."
        )


def _colour(data: pd.DataFrame) -> str:
    return VICTIM_COLOUR if data.attrs.get("kind") in ("victims", "support") else EVENT_COLOUR


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
    return values, marks


def _mark_withheld(bars, marks: np.ndarray | None) -> None:
    if marks is None:
        return
    for bar, mark in zip(bars, marks, strict=True):
        if mark is not None:
            bar.set(**WITHHELD_STYLE)


def _set_title(ax: Axes, words: str, data=None, owned: bool = False, lang: str = "vi") -> None:
    """The chart's title; on a figure of its own (a briefing figure, an export) a second line with
    the period and the selection, so a figure lifted onto a slide still says what it shows."""
    if owned and data is not None:
        words = f"{words}\n{subtitle(data, lang)}"
    # A title at a fixed height: left to itself, matplotlib measures every tick label on each draw
    # to keep the title clear of a top axis these charts do not have (a third of a redraw's time).
    ax.set_title(words, y=1.0, pad=8)


def _is_empty(data, measures) -> bool:
    """Nothing to draw: no rows, or every value zero or missing and none withheld."""
    frames = [data] if isinstance(data, pd.DataFrame) else list(data)
    for frame, measure in zip(frames, measures, strict=True):
        if not len(frame):
            continue
        if f"{measure}_status" in frame.columns and (frame[f"{measure}_status"] != "published").any():
            return False
        if pd.to_numeric(frame[measure], errors="coerce").fillna(0).abs().sum() > 0:
            return False
    return True


def _draw_empty(ax: Axes, lang: str) -> None:
    """A clear 'no data' state instead of an axis of zeros ('0 0 -0 -0')."""
    for artist in [*ax.patches, *ax.texts, *ax.collections, *ax.images]:
        artist.remove()
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.text(
        0.5,
        0.55,
        text("no_data", lang),
        ha="center",
        va="center",
        fontsize=16,
        color="#555555",
        transform=ax.transAxes,
        gid="no-data",
    )
    ax.text(
        0.5,
        0.42,
        text("no_data_hint", lang),
        ha="center",
        va="center",
        fontsize=9,
        color="#777777",
        transform=ax.transAxes,
    )
    legend = ax.get_legend()
    if legend is not None:
        legend.remove()


def _fit_year_labels(ax: Axes, count: int) -> None:
    """Slant the year labels when they would not fit side by side (about half an inch each)."""
    width = ax.get_position().width * ax.figure.get_figwidth()
    ax.tick_params(axis="x", labelrotation=45 if count and width / count < 0.5 else 0)


def _wrap(name: str, width: int = 24) -> str:
    """Long category labels ('Phía nước ngoài trao trả qua cửa khẩu') on two lines."""
    return "\n".join(textwrap.wrap(str(name), width)) or str(name)


class FittingLocator(MaxNLocator):
    """Round ticks, as many as fit the axis's length at draw time with room between the labels.

    MaxNLocator's 'auto' guesses a label is three characters wide; '1.200.000' is nine. This one
    measures the axis and the longest label its range can give ('54.131') in the tick font, so
    labels never touch, however long the numbers or short the axis."""

    def __init__(self, lang: str, decimals: int = 0) -> None:
        super().__init__(nbins=5, integer=decimals == 0, min_n_ticks=2)
        self.lang, self.decimals = lang, decimals

    def tick_values(self, vmin: float, vmax: float):
        if self.decimals == 0 and round(vmin) == round(vmax):  # all zeros: one 0, not '0 0 -0 -0'
            return np.array([float(round(vmin))])
        axis = self.axis
        if axis is not None and axis.axes is not None:
            self.set_params(nbins=self._fitting(axis, vmin, vmax))
        return super().tick_values(vmin, vmax)

    def _fitting(self, axis, vmin: float, vmax: float) -> int:
        ax = axis.axes
        name = "xtick" if axis is ax.xaxis else "ytick"
        size = FontProperties(size=mpl.rcParams[f"{name}.labelsize"]).get_size_in_points()
        dpi = ax.figure.dpi
        if axis is ax.xaxis:
            length = ax.bbox.width * 72 / dpi
            widest = max(len(format_number(v, lang=self.lang, decimals=self.decimals)) for v in (vmin, vmax))
            space = (widest * 0.62 + 2.0) * size  # a digit is about 0.6 em; two em between labels
        else:
            length = ax.bbox.height * 72 / dpi
            space = 2.2 * size
        return int(max(1, min(9, length // space)))


def _count_axis(axis, lang: str, decimals: int = 0) -> None:
    axis.set_major_locator(FittingLocator(lang, decimals))
    # Integer counts never read as '0,5 victims': whole-number ticks, labels without decimals.
    axis.set_major_formatter(FuncFormatter(lambda value, _: _tick_text(value, lang, decimals)))


def _tick_text(value: float, lang: str, decimals: int) -> str:
    rounded = round(value, decimals)
    return format_number(rounded if rounded else 0.0, lang=lang, decimals=decimals)  # never '-0'


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
    if owned and measures is not None and _is_empty(data, measures):
        _draw_empty(ax, lang)
    if owned:
        set_footer(ax.figure, data, meta, lang, notes)
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
    _count_axis(ax.yaxis, lang)
    ax.margins(y=0.12)
    _set_title(ax, title(measure, "year", lang), data, owned, lang)
    ax.set_xlabel(text("year", lang))
    ax.set_ylabel(text(measure, lang))
    return _finish(ax, owned, data, meta, lang, notes, [measure])


def _horizontal_bars(
    ax: Axes, names, values, colour: str, lang: str, decimals: int = 0, numbers=True, marks=None
):
    positions = np.arange(len(names))
    bars = ax.barh(positions, values, color=colour, height=0.7)
    ax.set_yticks(positions, [_wrap(name) for name in names])
    ax.yaxis.set_inverted(True)  # first row on top, as in the table (idempotent, unlike invert)
    _label_bars(ax, bars, values, lang, decimals, numbers, marks)
    _count_axis(ax.xaxis, lang, decimals)
    ax.margins(x=0.15)
    return bars


def district_chart(data, measure=None, *, ax=None, lang="vi", meta=None, notes=(), numbers=True) -> Axes:
    """Horizontal bars by district (a table grouped `by="district"`)."""
    _need(data, "district", "A district chart")
    measure = _measure(data, measure)
    ax, owned = _axes(ax, (8.0, 4.8))
    names, values, marks = bar_rows(data, measure)
    _horizontal_bars(ax, names, values, _colour(data), lang, numbers=numbers, marks=marks)
    _set_title(ax, title(measure, "district", lang), data, owned, lang)
    ax.set_xlabel(text(measure, lang))
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
    cmap = "Oranges" if data.attrs.get("kind") in ("victims", "support") else "Blues"
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
    _set_title(ax, f"{text(measure, lang)} {text('heatmap_title', lang)}", data, owned, lang)
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


def stacked_chart(data, measure=None, *, ax=None, lang="vi", meta=None, notes=()) -> Axes:
    """Bars by year stacked by a category, e.g. `by=["year", "organiser"]` or `["year", "event_type"]`."""
    _need(data, "year", "A stacked chart")
    dims = _coded_dimensions(data)
    if not dims:
        raise UnknownFieldError("A stacked chart needs a table grouped by year and one coded field.")
    measure, dim = _measure(data, measure), dims[0]
    ax, owned = _axes(ax, (9.0, 4.8))
    years = sorted(data["year"].unique())
    bottom = np.zeros(len(years))
    labels = dict(zip(data[dim], data[f"{dim}_label"], strict=False))
    for i, code in enumerate(_categories(data, dim)):
        rows = data[data[dim] == code].set_index("year")[measure]
        values = rows.reindex(years, fill_value=0).to_numpy()
        if not values.any():
            continue
        ax.bar(years, values, bottom=bottom, label=labels[code], color=PALETTE[i % len(PALETTE)], width=0.7)
        bottom += values
    ax.set_xticks(years, [str(y) for y in years])
    _fit_year_labels(ax, len(years))
    _count_axis(ax.yaxis, lang)
    if ax.get_legend_handles_labels()[0]:  # an empty selection has nothing to name
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    if len(years) <= MAX_LABELLED_BARS and bottom.any():  # each year's total over its stack
        for year, total in zip(years, bottom, strict=True):
            ax.annotate(
                format_number(total, lang=lang),
                (year, total),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
            )
        ax.margins(y=0.1)
    heading = f"{title(measure, 'year', lang)}, {text('by', lang)} {text(dim, lang).lower()}"
    _set_title(ax, heading, data, owned, lang)
    ax.set_xlabel(text("year", lang))
    ax.set_ylabel(text(measure, lang))
    return _finish(ax, owned, data, meta, lang, notes, [measure])


def breakdown_chart(data, measure=None, *, ax=None, lang="vi", meta=None, notes=(), numbers=True) -> Axes:
    """Horizontal bars by one coded field (exploitation, destination, ...), stacked by a second
    one when there is one (`by=["age_band", "sex"]`). A table by district goes to district_chart."""
    dims = _coded_dimensions(data)
    if not dims:
        return district_chart(data, measure, ax=ax, lang=lang, meta=meta, notes=notes, numbers=numbers)
    measure = _measure(data, measure)
    ax, owned = _axes(ax, (8.0, 4.8))
    first = dims[0]
    heading = f"{title(measure, first, lang)}"
    if len(dims) == 1:
        names, values, marks = bar_rows(data, measure)
        _horizontal_bars(ax, names, values, _colour(data), lang, numbers=numbers, marks=marks)
    else:
        categories = _categories(data, first)
        names = [_names(data, first)[c] for c in categories]
        second = dims[1]
        positions, left = np.arange(len(categories)), np.zeros(len(categories))
        hidden = np.zeros(len(categories), dtype=bool)  # rows with a withheld cell: no total written
        handles = []  # legend entries in the categories' colours, whatever cells were withheld
        labels = dict(zip(data[second], data[f"{second}_label"], strict=False))
        for i, code in enumerate(_categories(data, second)):
            part = data[data[second] == code].set_index(first).reindex(categories).reset_index()
            part.attrs = data.attrs
            if f"{measure}_status" in part.columns:  # categories absent from the table: zero, published
                absent = part[f"{measure}_status"].isna()
                part.loc[absent, [measure, f"{measure}_status"]] = [0, "published"]
            else:
                part = part.fillna({measure: 0})
            values, marks = _drawn(part, measure)
            if marks is not None:
                hidden |= np.array([m is not None for m in marks])
            if values.any():
                colour = PALETTE[i % len(PALETTE)]
                bars = ax.barh(positions, values, left=left, color=colour)
                _mark_withheld(bars, marks)
                handles.append(Patch(color=colour, label=labels[code]))
                left += values
        ax.set_yticks(positions, [_wrap(name) for name in names])
        ax.yaxis.set_inverted(True)
        _count_axis(ax.xaxis, lang)
        if numbers and len(categories) <= MAX_LABELLED_BARS and left.any():  # each row's total
            # A row with a withheld cell has no total to write: its bar is drawn at the threshold.
            for position, total in zip(positions[~hidden], left[~hidden], strict=True):
                ax.annotate(
                    format_number(total, lang=lang),
                    (total, position),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=8,
                )
            ax.set_xlim(0, left.max() * 1.12)  # room for the totals past the longest bar
        if handles:  # beside the bars, never over them
            ax.legend(handles=handles, fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
        heading += f" {'và' if lang == 'vi' else 'and'} {text(second, lang).lower()}"
    _set_title(ax, heading, data, owned, lang)
    ax.set_xlabel(text(measure, lang))
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
    # One decimal where rates are small (victims: 2,4 per 100.000); whole numbers where they are
    # large (attendees: 15.761), so '3.000,0' never crowds an axis.
    decimals = 1 if np.nanmax(rates, initial=0) < 100 else 0
    _horizontal_bars(ax, data["district"], rates, _colour(data), lang, decimals, numbers, marks)
    _set_title(ax, f"{title(measure, 'district', lang)}, {text('rate', lang)}", data, owned, lang)
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
    for name, px, py, mark in zip(both["district"], x, y, both["mark"], strict=True):
        label = f"{name} ({mark})" if isinstance(mark, str) else name
        ax.annotate(label, (px, py), xytext=(4, 4), textcoords="offset points", fontsize=8)
    population = np.array([d.population for d in districts() if d.code in set(both["district_code"])])
    protected = victims.attrs.get("protected")
    victims_total = both["victims"].sum()
    if protected is not None:  # the average line only where the total itself was published
        total = protected.published().iloc[-1, -1]
        victims_total = None if pd.isna(total) else float(total)
    if population.sum():
        ax.axvline(both[measure].sum() / population.sum() * 100_000, color="#888888", ls="--", lw=0.8)
        if victims_total is not None:
            ax.axhline(victims_total / population.sum() * 100_000, color="#888888", ls="--", lw=0.8)
    _count_axis(ax.xaxis, lang, decimals=0)
    _count_axis(ax.yaxis, lang, decimals=1)
    ax.margins(0.15)
    _set_title(ax, text("effort_title", lang), [events, victims], owned, lang)
    ax.set_xlabel(f"{text('intensity', lang)} ({_period(events, lang)})\n{population_note(lang)}")
    ax.set_ylabel(text("incidence", lang))
    return _finish(ax, owned, [events, victims], meta, lang, notes, [measure, "victims"])
