"""The frame around a chart: the figure, its footer, the internal band, the two-line title, count
axes whose ticks fit, and the 'no data' state. Charts (_charts) and maps (_maps) draw inside it.

Figures are made outside pyplot (gone when dropped) and laid out by the constrained layout engine,
with room kept for the footer below and, on figures showing exact victim counts, for the band
across the top.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ._errors import NotATableError
from ._labels import as_frames, check_lang, drawn_exact, footer_text, is_internal, subtitle, text
from ._text import format_number

FOOTER_POINTS = 7
FOOTER_GID = "workbench-footer"
# The 'internal' stamp: a band across the top of a figure that shows exact victim counts, in a
# colour no chart uses, so it cannot be missed on a slide or cut off with the footer.
STAMP_GID = "workbench-internal"
STAMP_COLOUR = "#b00020"
STAMP_INCHES = 0.32


def check_table(data: object, chart: str) -> None:
    """Refuse what is not a DataFrame: a chart of a list raised AttributeError 'columns'."""
    if not isinstance(data, pd.DataFrame):
        raise NotATableError(chart, data)


def table_lang(data: object, lang: str | None) -> str:
    """The language a chart or table of `data` is written in: `lang` when given, else the one its
    query was asked in (its notes are written in that language: a query asked in English, drawn
    with the default, came out Vietnamese with English notes), else Vietnamese."""
    if lang is None:
        attrs = getattr(data, "attrs", None)
        lang = attrs.get("lang", "vi") if isinstance(attrs, dict) else "vi"
    return check_lang(lang)


def figure_of(ax: Axes) -> Figure:
    """The figure an Axes is drawn on. Charts here never draw on a subfigure (matplotlib types
    `ax.figure` as either)."""
    figure = ax.figure
    if not isinstance(figure, Figure):
        raise TypeError(f"a chart on a subfigure is not supported: {figure!r}")
    return figure


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

    A figure showing exact victim counts (`internal`, decided from `data` and from what the chart
    helpers drew on it unless given) also gets the internal band across its top, when it is laid
    out by the layout engine (the helpers' own figures; a panel, placed by hand, says it in its tab
    instead)."""
    if internal is None:  # a footer set again from other data leaves exact counts drawn marked
        internal = is_internal(data) or drew_exact(figure)
    width = max(40, int(figure.get_figwidth() * 72 / (FOOTER_POINTS * 0.55)))
    lines = [
        part
        for line in footer_text(data, meta, lang, notes, internal).split("\n")
        for part in textwrap.wrap(line, width)
    ]
    # what the footer now says it was written from: a published export checks both (`_export`)
    setattr(figure, FOOTED, (as_frames(data), dict(meta) if meta is not None else None))
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
        set_stamp(figure, internal, lang)
        reserved = footer_room(figure)
        engine.set(rect=(0, reserved, 1, 1 - reserved - stamp_room(figure)))
    return artist


# Set on an Axes once exact counts that publish mode withholds are drawn on it, by any chart helper,
# on its own figure or on a caller's Axes: a publish-mode export refuses the figure whatever `data` it
# is given (an internal chart drawn over a published one, or with ax= on a figure of one's own, was
# written as published with another frame, or none, as its data). It stays when bars are redrawn.
EXACT_DRAWN = "_workbench_exact_drawn"


# The last table a chart helper drew on an Axes: what `export_figure` writes into the sidecars
# when it is given no `data` (the chart was drawn from it; asking for it again only let the two
# disagree, and an analyst who had drawn a chart was stopped by a missing argument).
DRAWN_TABLE = "_workbench_drawn_table"


def note_drawn(ax: Axes, data) -> None:
    """Remember on `ax` the table drawn on it, and that it held exact counts publish mode
    withholds, if it did."""
    if drawn_exact(data):
        setattr(ax, EXACT_DRAWN, True)
    if isinstance(data, pd.DataFrame):
        setattr(ax, DRAWN_TABLE, data)


def _every_axes(figure: Figure) -> list[Axes]:
    """The figure's Axes and, after each, its insets (`ax.inset_axes` are not in `figure.axes`)."""
    found: list[Axes] = []
    for ax in figure.axes:
        pending = [ax]
        while pending:
            one = pending.pop(0)
            if one not in found:
                found.append(one)
            pending += getattr(one, "child_axes", [])
    return found


# The tables and `meta` the figure's footer was last written from (`set_footer`): a footer written
# from another table, or a `meta=` of one's own, gave a published file a period, data version and
# date its numbers are not of (found by an attacker on 7 Dec 2026).
FOOTED = "_workbench_footed"


def footed_with(figure: Figure) -> tuple[list[pd.DataFrame], Mapping[str, str] | None]:
    """The tables and meta the figure's footer was written from (none when it has no footer)."""
    return getattr(figure, FOOTED, ([], None))


def drawn_tables(figure: Figure) -> list[pd.DataFrame]:
    """The tables chart helpers drew on the figure, an Axes' last each, in the order of its Axes."""
    tables = [getattr(ax, DRAWN_TABLE, None) for ax in _every_axes(figure)]
    return list({id(t): t for t in tables if t is not None}.values())


def drew_exact(figure: Figure) -> bool:
    """Whether exact counts were drawn on any Axes of the figure, an inset's too (`ax.inset_axes`
    are not in `figure.axes`: an internal chart drawn into one was published)."""
    return any(getattr(ax, EXACT_DRAWN, False) for ax in _every_axes(figure))


def marked_internal(figure: Figure) -> bool:
    """Whether the figure says it is internal: the band across its top, or the mark in its footer."""
    texts = [t for t in figure.texts if t.get_gid() in (STAMP_GID, FOOTER_GID)]
    marks = (text("internal", "vi"), text("internal", "en"))
    return any(a.get_gid() == STAMP_GID for a in figure.artists) or any(
        t.get_gid() == STAMP_GID or any(m in t.get_text() for m in marks) for t in texts
    )


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


def set_title(ax: Axes, words: str, data=None, owned: bool = False, lang: str = "vi") -> None:
    """The chart's title; on a figure of its own (a briefing figure, an export) a second line with
    the period and the selection, so a figure lifted onto a slide still says what it shows."""
    if owned and data is not None:
        # A long selection (every district, several organisers) wraps within the plot's width (about
        # two thirds of the figure's when a legend stands beside it; the title is centred on it).
        size = FontProperties(size=mpl.rcParams["axes.titlesize"]).get_size_in_points()
        width = max(30, int(figure_of(ax).get_figwidth() * 0.66 * 72 / (size * 0.6)))
        words = "\n".join([words, *textwrap.wrap(subtitle(data, lang), width)])
    # A title at a fixed height: left to itself, matplotlib measures every tick label on each draw
    # to keep the title clear of a top axis these charts do not have (a third of a redraw's time).
    ax.set_title(words, y=1.0, pad=8)


def is_empty(data, measures) -> bool:
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


def say_in_middle(
    ax: Axes, words: str, *, y: float = 0.5, size: float = 11, colour: str = "#444444", gid: str | None = None
) -> Text:
    """One line (or a few) centred across the plot, in its place of the bars: 'no data', 'all zero',
    'all withheld'. `y` is a fraction of the plot's height; `gid` names the line for tests and redraws."""
    return ax.text(
        0.5, y, words, ha="center", va="center", fontsize=size, color=colour, transform=ax.transAxes, gid=gid
    )


def draw_empty(ax: Axes, lang: str) -> None:
    """A clear 'no data' state instead of an axis of zeros ('0 0 -0 -0')."""
    for artist in [*ax.patches, *ax.texts, *ax.collections, *ax.images]:
        artist.remove()
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    say_in_middle(ax, text("no_data", lang), y=0.55, size=16, colour="#555555", gid="no-data")
    say_in_middle(ax, text("no_data_hint", lang), y=0.42, size=9, colour="#777777")
    legend = ax.get_legend()
    if legend is not None:
        legend.remove()


def draw_zeros(ax: Axes, positions, note: str) -> None:
    """Recorded zeros in place of the 'no data' state: the categories' axis kept, a 0 over each slot
    and one line saying why the counts are zero (an empty count is not a missing record)."""
    said = [t for t in ax.texts if t.get_gid() == "no-data"]
    hint = {text("no_data_hint", lang) for lang in ("vi", "en")}  # the line under it
    for artist in [*said, *(t for t in ax.texts if said and t.get_text() in hint)]:
        artist.remove()
    ax.set_xticks(list(positions), [str(p) for p in positions])
    ax.set_xlim(min(positions) - 0.6, max(positions) + 0.6)
    ax.set_ylim(0, 1)
    ax.set_yticks([0, 1])
    for position in positions:
        ax.annotate(
            "0",
            (position, 0),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=9,
            gid="zero-label",
        )
    say_in_middle(ax, "\n".join(textwrap.wrap(note, 70)), y=0.55, size=11, colour="#333333", gid="all-zero")


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
        axis: Any = self.axis  # an Axis here: the locator is only ever set on one
        fitting = 5
        if axis is not None and axis.axes is not None:
            fitting = self._fitting(axis, vmin, vmax)
            self.set_params(nbins=fitting)
        ticks = np.asarray(super().tick_values(vmin, vmax))
        unit = 10.0**-self.decimals
        if self.decimals and len(ticks) > 1 and ticks[1] - ticks[0] < unit * (1 - 1e-9):
            # A narrow range (one district's rate, 1,08 to 1,32) got ticks 0,05 apart, written with
            # one decimal as '1,1 1,1 1,2 1,2': ticks on the written unit, no two labels alike.
            on_unit = np.arange(np.floor(vmin / unit), np.ceil(vmax / unit) + 1) * unit
            ticks = on_unit[:: max(1, int(np.ceil(len(on_unit) / fitting)))]
        return ticks

    def _fitting(self, axis: Any, vmin: float, vmax: float) -> int:
        ax = axis.axes
        name = "xtick" if axis is ax.xaxis else "ytick"
        size = FontProperties(size=mpl.rcParams[f"{name}.labelsize"]).get_size_in_points()  # type: ignore[index]
        dpi = ax.figure.dpi
        if axis is ax.xaxis:
            length = ax.bbox.width * 72 / dpi
            widest = max(len(format_number(v, lang=self.lang, decimals=self.decimals)) for v in (vmin, vmax))
            space = (widest * 0.62 + 2.0) * size  # a digit is about 0.6 em; two em between labels
        else:
            length = ax.bbox.height * 72 / dpi
            space = 2.2 * size
        return int(max(1, min(9, length // space)))


def count_axis(axis, lang: str, decimals: int = 0) -> None:
    axis.set_major_locator(FittingLocator(lang, decimals))
    # Integer counts never read as '0,5 victims': whole-number ticks, labels without decimals.
    axis.set_major_formatter(FuncFormatter(lambda value, _: tick_text(value, lang, decimals)))


def tick_text(value: float, lang: str, decimals: int) -> str:
    rounded = round(value, decimals)
    return format_number(rounded if rounded else 0.0, lang=lang, decimals=decimals)  # never '-0'
