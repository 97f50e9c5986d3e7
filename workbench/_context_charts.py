"""The comparison chart: Cần Thơ beside Viet Nam and the region in a context source (`_context`).

Each series is drawn as its share of its own total (Cần Thơ's few dozen victims beside thousands of
records could not share a count axis), its n in the legend. A city count publish mode withheld is
drawn as no bar with its mark ('<5', 'x') where the bar would start: never as a number; a year or
category the source says nothing of, as no bar with the reason. The footer is the city's (its
filters, counting rule and disclosure mark) with the context source, its release date and its k.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ._context import SERIES, source_name, words
from ._figure import check_table, figure_of, new_figure, note_drawn, set_footer, set_title, table_lang
from ._text import format_number

COLOURS = {"city": "#c0392b", "vietnam": "#2c7fb8", "region": "#7fcdbb"}


def context_chart(data: pd.DataFrame, *, ax: Axes | None = None, lang: str | None = None, meta=None) -> Axes:
    """Grouped bars of `context_comparison(...)`'s shares: a group per category or year, a bar per
    series, each series' n in the legend. Where the source says nothing (a year it does not cover,
    a category it has no code for) no bar is drawn and the reason stands in its place, never a 0."""
    lang = table_lang(data, lang)
    check_table(data, "A context chart")
    by = data.attrs.get("by") or data.columns[0]
    source = data.attrs.get("source") or {}
    decimals = data.attrs.get("share_decimals") or {}
    owned = ax is None
    if ax is None:
        size = (9.0, 4.8) if by == "year" else (9.0, max(4.2, 1.6 + 0.42 * len(data)))
        _, axes = new_figure(size)
        ax = axes[0]
    # The city's shares of exact counts are its counts over n: an export in publish mode must see
    # them on an Axes drawn with ax= (a published context chart redrawn from internal was written).
    note_drawn(ax, data)
    names = [str(v) for v in data[by]] if by == "year" else list(data.get(f"{by}_label", data[by]))
    positions = np.arange(len(data))
    width = 0.8 / len(SERIES)
    horizontal = by != "year"
    for i, series in enumerate(SERIES):
        shares = pd.to_numeric(data[f"{series}_share"], errors="coerce").astype(float).to_numpy()
        where = positions + (i - 1) * width
        name = _series_name(data, series, source, lang)
        drawn = np.nan_to_num(shares)
        if horizontal:
            ax.barh(where, drawn, height=width, color=COLOURS[series], label=name)
        else:
            ax.bar(where, drawn, width=width, color=COLOURS[series], label=name)
        places = int(decimals.get(series, 1))
        for position, share, mark in zip(where, shares, _marks(data, series, lang), strict=True):
            # a missing share shows why (withheld, no data, not coded); shares are written on
            # category bars only (a year chart has too many bars to read them)
            shown = mark if np.isnan(share) else format_number(share, lang=lang, decimals=places)
            if not shown or (not np.isnan(share) and (share == 0 or not horizontal)):
                continue
            at = 0.0 if np.isnan(share) else float(share)
            xy = (at, position) if horizontal else (position, at)
            ax.annotate(
                shown,
                xy,
                xytext=(3, 0) if horizontal else (0, 2),
                textcoords="offset points",
                va="center" if horizontal else "bottom",
                ha="left" if horizontal else "center",
                rotation=0 if horizontal or len(shown) <= 3 else 90,
                fontsize=7,
                color="#555555" if series != "city" else "black",
            )
    if horizontal:
        ax.set_yticks(positions, names)
        ax.yaxis.set_inverted(True)
        ax.set_xlabel(words("share_axis", lang))
        ax.margins(x=0.15)
    else:
        ax.set_xticks(positions, names)
        ax.set_ylabel(words("share_axis", lang))
        ax.margins(y=0.15)
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    heading = words("title", lang).format(by=words(f"by_{by}", lang))
    set_title(ax, heading, data, owned, lang)
    if owned:
        notes = data.attrs.get("context_notes") or (
            [data.attrs["context_note"]] if data.attrs.get("context_note") else []
        )
        set_footer(figure_of(ax), data, meta, lang, notes)
    return ax


def _series_name(data: pd.DataFrame, series: str, source: dict, lang: str) -> str:
    """A series' legend entry with its n (the city's as its release shows it)."""
    name = words(series, lang).format(source=source_name(source, lang) if source else "")
    totals = data.attrs.get("totals") or {}
    n = totals.get(series)
    if series == "city" and data.attrs.get("city_total_display") not in (None, ""):
        shown = str(data.attrs["city_total_display"])
    elif n is None or pd.isna(n):
        return name
    else:
        shown = format_number(int(n), lang=lang)
    return words("series_n", lang).format(name=name, n=shown)


def _marks(data: pd.DataFrame, series: str, lang: str) -> list[str]:
    """What stands where a share is missing: the city's withheld mark ('<5', 'x'); for the source,
    why it has no count ('no data', 'not coded by the source'); else nothing."""
    if series == "city":
        if "city_display" in data.columns:
            return [mark if isinstance(mark, str) else "" for mark in data["city_display"]]
        return [""] * len(data)
    gaps = data["context_gap"] if "context_gap" in data.columns else pd.Series([""] * len(data))
    return [words(gap, lang) if gap else "" for gap in gaps]
