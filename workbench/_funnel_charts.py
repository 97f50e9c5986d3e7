"""The funnel chart and the programme-targets chart: each draws the small table it is given
(`db.funnel(...)`, `db.targets(...)`) and returns the Axes, framed as every chart is (_figure)."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import NullLocator

from ._errors import UnknownFieldError
from ._figure import (
    check_table,
    count_axis,
    draw_empty,
    figure_of,
    new_figure,
    note_drawn,
    set_footer,
    set_title,
    table_lang,
)
from ._labels import year_range
from ._text import format_number
from ._words import FUNNEL_WORDS, TARGET_WORDS

VICTIM_COLOUR = "#c05621"  # the victims' colour of the other charts (_charts)
TARGET_COLOUR = "#2b6cb0"
# A withheld stage has no bar length, as in every count chart (_charts): its mark at the axis.
WITHHELD_STYLE = {"facecolor": "none", "edgecolor": "none", "linewidth": 0, "gid": "withheld"}
MARK_GID = "withheld-mark"
MARK_COLOUR = "#444444"


def _word(words: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    vi, en = words[key]
    return vi if lang == "vi" else en


def _axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Axes, bool]:
    if ax is not None:
        return ax, False
    _, (new,) = new_figure(size)
    return new, True


def _need(data: pd.DataFrame, columns: tuple[str, ...], chart: str) -> None:
    check_table(data, chart)
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise UnknownFieldError(
            f"{chart} needs the table its helper returns, with columns {', '.join(columns)}; this one "
            f"has {', '.join(map(str, data.columns))}."
        )


def funnel_chart(data: pd.DataFrame, *, ax=None, lang=None, meta=None, notes=()) -> Axes:
    """Horizontal bars, one per stage from received (top) to reintegrated, each labelled with its
    count and its share of those received; between two bars the median days from one stage to the
    next. A table from publish mode draws a withheld count with no bar length and its mark ('<5',
    'x') at the axis, never as a value nor as zero; a withheld median says so."""
    lang = table_lang(data, lang)
    _need(data, ("stage", "stage_label", "people", "median_days"), "A funnel chart")
    ax, owned = _axes(ax, (8.0, 4.8))
    published = "people_status" in data.columns
    people = pd.to_numeric(data["people"], errors="coerce").astype("Float64")
    if published:
        # No length for a withheld stage, '<5' or 'x': a bar at 5 read as a count of 5, and beside
        # a shown 22 as a funnel upside down; 'x' may be any count
        withheld = (data["people_status"] != "published").to_numpy()
        drawn = people.fillna(0).to_numpy(dtype=float)
        drawn = np.where(withheld, 0.0, drawn)
    else:
        withheld = np.zeros(len(data), dtype=bool)
        drawn = people.fillna(0).to_numpy(dtype=float)
    positions = np.arange(len(data))
    bars = ax.barh(positions, drawn, color=VICTIM_COLOUR, height=0.6)
    received = None if withheld[0] else drawn[0]
    labels, marks = [], []
    for i, bar in enumerate(bars):
        if withheld[i]:
            bar.set(**WITHHELD_STYLE)
            labels.append("")
            marks.append(str(data["people_display"].iloc[i]))
            continue
        marks.append("")
        decimals = 0 if float(drawn[i]).is_integer() else 1
        label = format_number(drawn[i], lang=lang, decimals=decimals)
        if i and received:
            share = format_number(100 * drawn[i] / received, lang=lang, decimals=0) + "%"
            label += " (" + _word(FUNNEL_WORDS, "share_of_received", lang).format(share=share) + ")"
        labels.append(label)
    ax.bar_label(bars, labels=labels, fontsize=8, padding=3)
    if withheld.any():
        for mark in ax.bar_label(bars, labels=marks, fontsize=8, padding=3, color=MARK_COLOUR):
            mark.set_gid(MARK_GID)
    ax.set_yticks(positions, list(data["stage_label"]))
    ax.yaxis.set_inverted(True)  # received on top: the funnel narrows downwards
    # The median days from the stage above, written in the gap between two bars.
    for i in range(1, len(data)):
        shown = _median_text(data, i, lang)
        if shown:
            ax.annotate(
                "↓ " + shown,
                xy=(0, i - 0.5),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
                color="#555555",
                gid="median-days",
            )
    count_axis(ax.xaxis, lang)
    ax.margins(x=0.35)
    if withheld.any() and not drawn.any():  # every stage withheld: no scale to read ('-0,1 0 0,1')
        ax.xaxis.set_major_locator(NullLocator())
        ax.set_xlim(0, 1, auto=None)
    set_title(ax, _word(FUNNEL_WORDS, "title", lang), data, owned, lang)
    axis_label = _word(FUNNEL_WORDS, "people", lang)
    if withheld.any():
        # Said on the figure, under the axis where it is read: a withheld stage is withheld to keep a
        # small group from being worked out, by itself or by difference, not because it is small.
        protected = data.attrs.get("protected")
        k = getattr(protected, "k", 5)
        why = _word(FUNNEL_WORDS, "withheld_why", lang).format(k=k)
        axis_label += "\n" + "\n".join(textwrap.wrap(why, 72))
    ax.set_xlabel(axis_label)
    note_drawn(ax, data)
    if owned and not withheld.any() and not np.nansum(drawn):
        draw_empty(ax, lang)
    if owned:
        set_footer(figure_of(ax), data, meta, lang, notes)
    return ax


def _median_text(data: pd.DataFrame, i: int, lang: str) -> str:
    if "median_days_display" in data.columns:
        shown = str(data["median_days_display"].iloc[i])
        if not shown or pd.isna(data["median_days"].iloc[i]):
            return shown
    days = data["median_days"].iloc[i]
    if pd.isna(days):
        return ""
    text = format_number(float(days), lang=lang, decimals=0 if float(days).is_integer() else 1)
    return _word(FUNNEL_WORDS, "median_days", lang).format(days=text)


def targets_chart(data: pd.DataFrame, *, ax=None, lang=None, meta=None, notes=()) -> Axes:
    """One row per indicator (a table from `db.targets(...)`): a bar of what was measured (%) and a
    mark at the target; an indicator whose target text is not confirmed is starred, with the note
    under the chart; a measure withheld (a small count) or with no data says so instead of a bar."""
    lang = table_lang(data, lang)
    _need(data, ("indicator_label", "programme", "target_value", "measured", "uncertain"), "A targets chart")
    ax, owned = _axes(ax, (8.5, 1.6 + 0.7 * max(len(data), 1)))
    positions = np.arange(len(data))
    measured = pd.to_numeric(data["measured"], errors="coerce").to_numpy(dtype=float)
    targets = pd.to_numeric(data["target_value"], errors="coerce").to_numpy(dtype=float)
    ax.barh(positions, np.nan_to_num(measured), color=TARGET_COLOUR, height=0.55)
    labels = []
    for i, value in enumerate(measured):
        if np.isnan(value):
            labels.append(str(data["measured_display"].iloc[i]) if "measured_display" in data else "")
        else:
            labels.append(format_number(value, lang=lang, decimals=0) + "%")
    # A value near its target is written inside its bar, so the target's mark never covers it.
    for position, value, label in zip(positions, measured, labels, strict=True):
        near = not np.isnan(value) and value >= 80
        ax.annotate(
            label,
            (0 if np.isnan(value) else value, position),
            xytext=(-4 if near else 3, 0),
            textcoords="offset points",
            ha="right" if near else "left",
            va="center",
            fontsize=8,
            color="white" if near else "black",
        )
    ax.scatter(targets, positions, marker="|", s=400, color="#222222", zorder=3, gid="targets")
    names = [
        f"{name} (*)\n{year_range(programme)}" if uncertain else f"{name}\n{year_range(programme)}"
        for name, programme, uncertain in zip(
            data["indicator_label"], data["programme"], data["uncertain"], strict=True
        )
    ]
    ax.set_yticks(positions, names, fontsize=8)
    ax.yaxis.set_inverted(True)
    ax.set_xlim(0, 118)
    ax.legend(
        [ax.collections[-1]],
        [_word(TARGET_WORDS, "target", lang)],
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),  # beside the plot, clear of the bars and their marks
        fontsize=8,
        frameon=False,
    )
    ax.set_xlabel(_word(TARGET_WORDS, "percent_axis", lang))
    set_title(ax, _word(TARGET_WORDS, "title", lang), data, owned, lang)
    note_drawn(ax, data)
    if owned and not len(data):  # a period no programme covers
        draw_empty(ax, lang)
    if owned:
        extra = [_word(TARGET_WORDS, "uncertain_note", lang)] if data["uncertain"].any() else []
        # the table's part periods ("11 of 60 months"), as the pack's page says them: drawn alone
        # a programme's 2026-2030 bar read a bare 100 %
        extra += data.attrs.get("period_notes", [])
        set_footer(figure_of(ax), data, meta, lang, [*extra, *notes])
    return ax
