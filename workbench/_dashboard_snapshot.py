"""The dashboard's view as plain HTML, on screen before its widgets are live.

Voilà sends the page with every output already computed, but a widget output only becomes visible
once the browser has loaded Voilà's scripts and set up each widget from the kernel (about 120 of
them for the first tab), which takes seconds. So the dashboard's display also carries this HTML:
the band, the tab names, the open tab's totals, chart (the same PNG the widget shows), footer and
table, or the map, made from what the widgets hold at that moment, so it shows the view the page's
address asked for and exactly the numbers the widgets then show. The page template puts it in the
page as HTML; the page's script removes it once the widgets have drawn the same view, and until
then they are laid out under it, hidden (see share/voila/templates/workbench).

Its classes are its own (`workbench-snapshot-*`), so nothing that looks for the live page finds it.
"""

from __future__ import annotations

import base64
import html

from ._charts import MEASURES
from ._dashboard_state import TABS
from ._kinds import counts_people, withheld_in_publish
from ._labels import text
from ._words import INTERNAL_MARK, MODE_WORDS, say

SNAPSHOT_CLASS = "workbench-snapshot"


def internal_mark(kind: str, mode: str, lang: str) -> str | None:
    """The line over an internal tab of counts publish mode withholds: the people counted (most of
    a district-year's are below 5), or hotline contacts, exact too (their tab had no mark)."""
    if mode != "internal" or not withheld_in_publish(kind):
        return None
    return INTERNAL_MARK[lang] if counts_people(kind) else MODE_WORDS["internal"][0 if lang == "vi" else 1]


def _image(png: bytes, alt: str) -> str:
    if not png:
        return ""
    encoded = base64.b64encode(png).decode("ascii")
    # `elementtiming`: the browser records when it painted the picture (the benchmark reads it).
    alt = html.escape(alt, quote=True)
    return f'<img src="data:image/png;base64,{encoded}" alt="{alt}" elementtiming="workbench-chart">'


def _kind_view(board, kind: str) -> str:
    """A record kind's tab: its totals, the internal mark, and the chart, footer and table (or the
    no-data state), as the widgets of `board.totals[kind]` hold them."""
    tab, lang = board.totals[kind], board.lang
    panel = tab.panel
    measures = [m for m in MEASURES[kind] if m in tab.frame.columns]
    shown = {m: html.escape(tab._shown(tab.frame, m)) for m in measures}
    number = '<b data-measure="{0}">{1}</b>'
    totals = "".join(
        f"<span>{html.escape(text(m, lang))}: {number.format(m, shown[m])}</span>" for m in measures
    )
    parts = [f'<div class="{SNAPSHOT_CLASS}-totals" data-kind="{kind}">{totals}</div>']
    mark = internal_mark(kind, board.mode, lang)
    if mark:
        parts.append(f"<p><b>{html.escape(mark)}</b></p>")
    if tab.empty.layout.display != "none":
        parts.append(f'<div class="{SNAPSHOT_CLASS}-empty">{html.escape(say("no_data", lang))}</div>')
    else:
        chart = _image(panel.image.value, text(panel.measure.value, lang))
        parts += [chart, panel.caption.value, tab.table.value]
    return (
        f'<div class="{SNAPSHOT_CLASS}-page"><div class="{SNAPSHOT_CLASS}-sidebar"></div>'
        f'<div class="{SNAPSHOT_CLASS}-main">{"".join(parts)}</div></div>'
    )


def snapshot_html(board) -> str:
    """The view `board` (a Dashboard) shows now, as HTML that needs no script."""
    index = board.tabs.selected_index or 0
    kind = TABS[index]
    titles = "".join(
        f"<span{' data-selected' if i == index else ''}>{html.escape(title)}</span>"
        for i, title in enumerate(board.tabs.titles)
    )
    # Built or drawn when the tab opened; then this is free.
    board._draw_map() if kind == "map" else board._make_tab(kind)
    if kind in board.refusals:  # publish mode refused the view: its notice, no numbers
        view = board.refusals[kind]
    elif kind == "map":
        drawn = _image(board.map_image.value, text(board.map_measure.value, board.lang))
        view = f'<div class="{SNAPSHOT_CLASS}-map">{drawn}</div>'
    else:
        view = _kind_view(board, kind)
    band = board.band.value.replace('class="workbench-band"', f'class="{SNAPSHOT_CLASS}-band"', 1)
    return (
        f'<div class="{SNAPSHOT_CLASS}" lang="{board.lang}" data-tab="{kind}">{band}'
        f'<div class="{SNAPSHOT_CLASS}-switches"></div><div class="{SNAPSHOT_CLASS}-tabs">{titles}</div>'
        f"{view}</div>"
    )
