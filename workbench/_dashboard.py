"""Dashboard mode: the explorers as a web page with the code hidden, for people who never edit a cell.

`dashboard()` lays out a tab per record kind (filters in a sidebar beside the totals, the chart and
the table, so the chart is on screen at 1366×768) and a map tab, under a band that says whether the
numbers are internal or published, with a Vietnamese/English switch and a reset button. Each tab
has a line of totals for exactly the filters on screen (asked of the query helpers, not summed
from the chart), an empty state that says so, the table sorted by the measure with its total row
and ranks that show ties, CSV/XLSX downloads of that table, and **Xuất hình**: one chart, one
format, downloaded through the browser and written with its sidecar into out/internal/ or
out/published/. The view lives in the page's address (see `_dashboard_state`), so a copied link
reopens it. `workbench dashboard` serves it through Voilà (see `_dashboard_serve`).
"""

from __future__ import annotations

import dataclasses
import html
import os
import sys
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from ._charts import MEASURES
from ._dashboard_serve import DASHBOARD_NOTEBOOK, HOST, MODE_ENV, notebook_path, serve, voila_command
from ._dashboard_snapshot import internal_mark, snapshot_html
from ._dashboard_state import MAP_MEASURES, PREFIXES, TABS, ViewState, from_query
from ._downloads import FILE_MODE, data_link, export_chart, ranked, table_links
from ._error_words import said
from ._errors import DisclosureError, InvalidFilterError, UnknownCodeError, WorkbenchError, unknown_value
from ._figure import figure_of
from ._filters import Filters
from ._kinds import KINDS, counts_people
from ._labels import is_internal, text
from ._panels import BREAKDOWNS, FilterPanel
from ._paths import PROJECT_ROOT
from ._screen import render_png
from ._settings import setting
from ._text import format_number
from ._words import BAND, PAGE_TITLE, PUBLISHED_TABS, PUBLISHED_VICTIMS_TAB, say
from ._words import TAB_TITLES as ALL_TAB_TITLES

__all__ = ["DASHBOARD_NOTEBOOK", "HOST", "Dashboard", "dashboard", "notebook_path", "serve", "voila_command"]

EXPORT_DIR_ENV = "WORKBENCH_EXPORT_DIR"
TOTALS_HTML = (
    '<div class="workbench-totals" data-kind="{kind}" style="font-size: 110%; margin: 0.3em 0">{}</div>'
)
TOTAL_HTML = '<span style="margin-right: 1.5em">{label}: <b data-measure="{measure}">{value}</b></span>'
TAB_TITLES = {
    name: words for name, words in ALL_TAB_TITLES.items() if name == "map" or KINDS[name].dashboard_prefix
}
DROPPED_IN_PUBLISH = frozenset(m for kind in KINDS.values() for m in kind.dropped_in_publish)


def dashboard_mode() -> str:
    """'publish' when the server was started with `workbench dashboard --publish`, else 'internal'."""
    mode = setting(MODE_ENV) or "internal"
    if mode not in FILE_MODE:
        raise unknown_value(UnknownCodeError, MODE_ENV, mode, tuple(FILE_MODE))
    return mode


def dashboard_export_dir(mode: str = "internal") -> Path:
    """Where Xuất hình writes: `WORKBENCH_EXPORT_DIR` (else out/), then internal/ or published/."""
    configured = setting(EXPORT_DIR_ENV)
    base = Path(configured).expanduser() if configured else PROJECT_ROOT / "out"
    return base / FILE_MODE[mode]


def _query_string() -> str:
    """The page's query string: in a pre-started Voilà kernel, wait for the request that takes it."""
    try:
        from voila.utils import get_query_string
    except ImportError:  # pragma: no cover - voila is a dependency
        return os.environ.get("QUERY_STRING", "")
    return get_query_string() or ""


class _OnDemand(dict):
    """Panels or tabs by kind, built the first time one is asked for (`.get` does not build)."""

    def __init__(self, make) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, kind: str):
        if kind not in PREFIXES:  # the kinds with a tab
            raise KeyError(kind)
        self._make(kind)
        return dict.__getitem__(self, kind)


def _nothing(value) -> bool:
    """True for a count of nothing: 0, or the NULL a sum over no records returns."""
    return bool(pd.isna(value)) or value == 0


class KindTab:
    """One record kind's tab: sidebar of filters; totals, chart, table, downloads and export."""

    def __init__(self, board: Dashboard, panel: FilterPanel) -> None:
        self.board, self.panel = board, panel
        lang, mode = panel.lang, board.mode
        # `.widget` the line of totals, `.frame` the totals on screen (db.<kind>(filters)), `.page` the tab.
        self.widget = widgets.HTML()
        self.frame = pd.DataFrame()  # the tab's totals, once counted
        self.empty = widgets.HTML(f'<div class="workbench-empty">{html.escape(say("no_data", lang))}</div>')
        self.table = widgets.HTML()
        self.downloads = widgets.HTML()
        self.downloads.add_class("workbench-downloads")
        self.chart = widgets.Dropdown(
            options=[(say("trend", lang), "trend"), (text(panel.breakdown.value, lang), "breakdown")],
            description=say("chart", lang),
            layout=widgets.Layout(width="auto"),
        )
        self.format = widgets.Dropdown(
            options=[("PNG", "png"), ("SVG", "svg"), ("PDF", "pdf")],
            description=say("format", lang),
            layout=widgets.Layout(width="12em"),
        )
        self.export_button = widgets.Button(description=say("export", lang), icon="download")
        self.export_button.on_click(lambda _: self.export())
        self.status = widgets.HTML()
        panel.table.layout.display = "none"  # the ranked table below replaces the panel's own
        for control in panel.controls.values():
            control.layout.width = "96%"
        hint = widgets.HTML(f'<div class="workbench-hint">{html.escape(say("hint", lang))}</div>')
        sidebar = widgets.VBox([hint, *panel.controls.values(), panel.measure, panel.breakdown])
        sidebar.add_class("workbench-sidebar")
        line = internal_mark(panel.kind, mode, lang)
        mark = [widgets.HTML(f"<p><b>{html.escape(line)}</b></p>")] if line else []
        export_row = self.export_row = widgets.HBox(
            [self.chart, self.format, self.export_button, self.status]
        )
        export_row.add_class("workbench-noprint")
        shown = [self.widget, self.empty, panel.image, panel.caption, self.table, self.downloads]
        main = widgets.VBox([*mark, *shown, export_row])
        main.add_class("workbench-main")
        self.page = widgets.HBox([sidebar, main])
        self.shown = shown
        panel.on_change(self.update)
        panel.on_refused(self.refused)
        self.update(panel.filters)

    def refused(self, error: DisclosureError) -> None:
        """Publication of the view the filters now describe was refused: the view asked for is not
        left showing the last one's numbers; the notice stands in its place until one is drawn."""
        self.widget.value = self.board.refused(self.panel.kind, error)
        for part in self.shown[1:]:
            part.layout.display = "none"
        self.export_row.layout.display = "none"

    def update(self, filters: Filters) -> None:
        panel, lang = self.panel, self.panel.lang
        try:
            self.frame = panel.db.count(panel.kind, filters, lang=lang)
        except DisclosureError as error:
            self.refused(error)
            return
        self.board.refusals.pop(panel.kind, None)
        measures = [m for m in MEASURES[panel.kind] if m in self.frame.columns]
        shown = {m: self._shown(self.frame, m) for m in measures}
        self.widget.value = TOTALS_HTML.format(
            "".join(
                TOTAL_HTML.format(label=html.escape(text(m, lang)), measure=m, value=html.escape(shown[m]))
                for m in measures
            ),
            kind=panel.kind,
        )
        first = measures[0]
        # Zero is only said where it is published as zero: a withheld count shows its mark ('<5').
        empty = f"{first}_display" not in self.frame.columns and _nothing(self.frame[first].iloc[0])
        self.empty.layout.display = None if empty else "none"
        for part in (panel.image, panel.caption, self.table, self.downloads, self.export_row):
            part.layout.display = "none" if empty else None
        self.chart.options = [
            (say("trend", lang), "trend"),
            (f"{text('by', lang).capitalize()} {text(panel.breakdown.value, lang).lower()}", "breakdown"),
        ]
        if not empty:
            self.table.value = self._table_html()
            self.downloads.value = table_links(panel, self.frame, self.board.mode)
        self.status.value = ""
        self.board.changed(panel.kind)

    def _shown(self, frame, measure: str) -> str:
        display = f"{measure}_display"
        if display in frame.columns:
            return str(frame[display].iloc[0])
        value = frame[measure].iloc[0]
        # A sum over no records comes back empty (NULL): on screen it is the count it means, 0.
        return format_number(0 if _nothing(value) else value, lang=self.panel.lang)

    def _table_html(self) -> str:
        """The breakdown sorted by the measure, ranks with ties marked '=', and a total row."""
        panel, lang = self.panel, self.panel.lang
        by, measure = panel.breakdown.value, panel.measure.value
        frame, ranks = ranked(panel.frames["breakdown"], measure)
        measures = [m for m in MEASURES[panel.kind] if m in frame.columns]
        name = "district" if by == "district" and "district" in frame.columns else f"{by}_label"
        head = ["#", text(by, lang), *(text(m, lang) for m in measures)]
        cell = '<td style="text-align: right">{}</td>'
        rows = []
        for i in range(len(frame)):
            values = [self._shown(frame.iloc[[i]], m) for m in measures]
            place = html.escape(str(frame[name].iloc[i]))
            rows.append(
                f'<tr><td data-rank="{ranks[i]}">{ranks[i]}</td><td>{place}</td>'
                + "".join(cell.format(html.escape(v)) for v in values)
                + "</tr>"
            )
        total = [self._shown(self.frame, m) for m in measures]
        rows.append(
            f'<tr class="workbench-total"><td></td><td>{html.escape(text("total", lang))}</td>'
            + "".join(cell.format(html.escape(v)) for v in total)
            + "</tr>"
        )
        heading = "".join(f"<th>{html.escape(h)}</th>" for h in head)
        body = "".join(rows)
        return f'<table class="dataframe"><thead><tr>{heading}</tr></thead><tbody>{body}</tbody></table>'

    def export(self) -> list[Path]:
        """Xuất hình: the chart picked, in the format picked, into the mode's folder, with its
        sidecar; the page then downloads it (internal files say so in the name and the footer)."""
        panel, lang = self.panel, self.panel.lang
        # Internal only where exact victim counts are drawn, by the rule every figure's footer uses:
        # an events chart from the internal dashboard is a published one (folder, name, no mark).
        mode = "internal" if is_internal(panel.frames[self.chart.value]) else "publish"
        base = self.board.export_dir
        folder = base / FILE_MODE[mode] if base is not None else dashboard_export_dir(mode)
        try:  # an internal chart's footer carries the internal mark itself (it was there twice)
            written = export_chart(panel, self.chart.value, self.format.value, folder, mode)
        except (WorkbenchError, OSError) as error:
            self.status.value = f'<span style="color: #9b1c1c">{html.escape(said(error, lang))}</span>'
            return []
        target = written[0]
        label = f"{say('download', lang)} {target.name}"
        link = data_link(target.name, target.read_bytes(), self.format.value, label, auto=True)
        names = ", ".join(p.name for p in written)
        self.status.value = f"{html.escape(say('saved', lang) + names)} ({html.escape(folder.name)}/) {link}"
        return written


class Dashboard:
    """The explorers in tabs with their totals, a map tab, a language switch and a reset button.

    `.panels[kind]` are the FilterPanels, `.totals[kind].frame` the totals on screen, `.state()`
    the view as a `ViewState` and `.query` its query string.
    """

    def __init__(
        self,
        db=None,
        filters: Filters | None = None,
        *,
        lang: str = "vi",
        export_dir: str | Path | None = None,
    ) -> None:
        self.db = db if db is not None else _connect()
        self.mode = getattr(self.db, "mode", "internal")
        self.export_dir = Path(export_dir) if export_dir is not None else None
        self._start = ViewState(lang=lang, filters=dict.fromkeys(PREFIXES, filters or Filters()))
        self.band = widgets.HTML()
        self.language = widgets.ToggleButtons(options=[("Tiếng Việt", "vi"), ("English", "en")], value=lang)
        self.language.observe(self._language_changed, names="value")
        self.reset_button = widgets.Button(icon="undo")
        self.reset_button.on_click(lambda _: self.reset())
        self.page_state = widgets.HTML()  # read by the page's script: address bar and tab title
        self.notice = widgets.HTML()
        switches = widgets.HBox([self.language, self.reset_button])
        switches.add_class("workbench-noprint")
        self.tabs = widgets.Tab()
        self.tabs.observe(lambda _: self._tab_changed(), names="selected_index")
        self.widget = widgets.VBox([self.band, switches, self.notice, self.tabs, self.page_state])
        self._ready = False
        self._build(self._start)

    # -- building -----------------------------------------------------------------------------
    def _build(self, state: ViewState) -> None:
        self._ready = False
        lang = self.lang = state.lang
        # The first tab is built now; the victims tab when first shown (or asked for): half the
        # widgets for the browser to set up while someone waits for the page.
        self._pending = state
        self.panels = _OnDemand(self._make_tab)
        self.totals = _OnDemand(self._make_tab)
        self._holders = {kind: widgets.VBox() for kind in PREFIXES}
        # tab -> the notice shown in its place where publish mode refused it (the page's snapshot
        # shows it too, never the numbers of the view before)
        self.refusals: dict[str, str] = {}
        # Publish mode maps only what it releases (cases: no suspects nor victims linked).
        shown = [m for m in MAP_MEASURES if self.mode != "publish" or m not in DROPPED_IN_PUBLISH]
        self.map_measure = widgets.Dropdown(
            options=[(text(m, lang), m) for m in shown],
            value=state.map_measure if state.map_measure in shown else shown[0],
            description=say("measure", lang),
        )  # fmt: skip
        self.map_measure.add_class("workbench-noprint")  # a control, not part of the printed map
        self.map_image = widgets.Image(format="png")
        self.map_refused = widgets.HTML()  # in the map's place where publication is refused
        self.map_measure.observe(lambda _: self._map_changed(), names="value")
        note = widgets.HTML(f'<div class="workbench-hint">{html.escape(say("map_note", lang))}</div>')
        map_page = widgets.VBox([self.map_measure, note, self.map_refused, self.map_image])
        map_page.add_class("workbench-map")
        self._map_drawn: tuple | None = None
        titles = dict(TAB_TITLES)
        if self.mode == "publish":  # a tab of people counts says they are published ones
            people = [kind for kind in PREFIXES if counts_people(kind)]
            titles |= {kind: PUBLISHED_TABS.get(kind, PUBLISHED_VICTIMS_TAB) for kind in people}
        self.tabs.children = [*(self._holders[kind] for kind in PREFIXES), map_page]
        self._make_tab(TABS[0])  # the first tab is built at once, the one asked for too
        if state.tab in PREFIXES and state.tab != TABS[0]:
            self._make_tab(state.tab)
        self.tabs.titles = [titles[kind][0 if lang == "vi" else 1] for kind in TABS]
        mode_words = BAND[self.mode][0 if lang == "vi" else 1]
        self.band.value = (
            f'<div class="workbench-band" data-mode="{self.mode}">{html.escape(PAGE_TITLE[lang])} · '
            f"{html.escape(mode_words)}</div>"
        )
        self.reset_button.description = say("reset", lang)
        held = self.language.value
        if held != lang:
            self.language.value = lang
        self._show_problems(self._pending)  # with a link's part a tab built above could not show
        self._ready = True
        self.tabs.selected_index = TABS.index(state.tab)
        self._tab_changed()

    def _not_listed(
        self, kind: str, state: ViewState, filters: Filters, error: InvalidFilterError
    ) -> tuple[ViewState, Filters]:
        """A link's districts the panel's list cannot show (a former province's area, another
        province's district): listed among the link's problems, and the panel opened on every
        district."""
        problems = (*state.problems, f"{PREFIXES[kind]}.districts: {said(error, self.lang)}")
        return dataclasses.replace(state, problems=problems), dataclasses.replace(
            filters, districts=(), provinces=()
        )

    def _make_tab(self, kind: str) -> None:
        """Build one kind's panel and tab, from the view last asked for, into its place."""
        if kind in self.panels:  # built, or being built (its tab's first totals draw the map)
            return
        state, target = self._pending, self.export_dir
        try:
            filters = state.filters.get(kind)
            try:
                panel = FilterPanel(self.db, kind, filters, lang=self.lang, export_dir=target)
            except InvalidFilterError as error:
                self._pending, filters = self._not_listed(kind, state, filters or Filters(), error)
                self._show_problems(self._pending)
                panel = FilterPanel(self.db, kind, filters, lang=self.lang, export_dir=target)
            if self._set_choices(panel, state.measures.get(kind), state.breakdowns.get(kind)):
                panel.refresh()
        except DisclosureError as error:
            # Not built: opened again, the tab tries again (the stop lifted, it shows).
            self._holders[kind].children = [widgets.HTML(self.refused(kind, error))]
            return
        dict.__setitem__(self.panels, kind, panel)
        tab = KindTab(self, panel)
        dict.__setitem__(self.totals, kind, tab)
        self._holders[kind].children = [tab.page]

    def refused(self, where: str, error: DisclosureError) -> str:
        """The notice shown in place of a tab (or the map) whose view publish mode refused, kept in
        `refusals[where]`: the same words whatever the refusal (its text is the team's: a database
        path, the command that lifts a stop), which the server's log gets in full. Internal mode
        refuses no view of its own: raised."""
        if self.mode != "publish":
            raise error
        print(f"workbench dashboard: {error}", file=sys.__stderr__, flush=True)
        words = html.escape(say("not_published_now", self.lang))
        self.refusals[where] = f'<div class="workbench-empty workbench-refused">{words}</div>'
        return self.refusals[where]

    def _show_problems(self, state: ViewState) -> None:
        """Name the parts of the address that were not understood (the rest of the view opened)."""
        words = say("unreadable", self.lang) + "; ".join(state.problems)
        self.notice.value = (
            f'<div class="workbench-hint">{html.escape(words)}</div>' if state.problems else ""
        )

    @staticmethod
    def _set_choices(panel: FilterPanel, measure: str | None, by: str | None) -> bool:
        """Set the measure and breakdown without a redraw; True if either changed."""
        before = (panel.measure.value, panel.breakdown.value)
        panel._held = True
        try:
            if measure and measure in [value for _, value in panel.measure.options]:
                panel.measure.value = measure  # one publish mode does not release is left out
            if by:
                panel.breakdown.value = by
        finally:
            panel._held = False
        return (panel.measure.value, panel.breakdown.value) != before

    # -- the view -------------------------------------------------------------------------------
    def state(self) -> ViewState:
        """The view on screen (a tab not built yet: as last asked for)."""
        pending = self._pending
        filters, measures, breakdowns = {}, {}, {}
        for kind in PREFIXES:
            panel = self.panels.get(kind)
            if panel is None:
                filters[kind] = pending.filters.get(kind, Filters())
                measures[kind] = pending.measures.get(kind, MEASURES[kind][0])
                breakdowns[kind] = pending.breakdowns.get(kind, BREAKDOWNS[kind][0])
            else:
                filters[kind] = panel.filters
                measures[kind], breakdowns[kind] = panel.measure.value, panel.breakdown.value
        return ViewState(
            lang=self.lang,
            tab=TABS[self.tabs.selected_index or 0],
            filters=filters,
            measures=measures,
            breakdowns=breakdowns,
            map_measure=self.map_measure.value,
        )

    @property
    def query(self) -> str:
        return self.state().to_query()

    def apply(self, state: ViewState) -> None:
        """Show `state`: rebuilt in the other language, else each panel set and redrawn once."""
        if state.lang != self.lang:
            self._build(state)
            return
        self._ready = False
        self._pending = state  # for a tab not built yet
        for kind, panel in list(self.panels.items()):
            measure = state.measures.get(kind, MEASURES[kind][0])
            by = state.breakdowns.get(kind, BREAKDOWNS[kind][0])
            filters = state.filters.get(kind, Filters())
            if (panel.measure.value, panel.breakdown.value, panel.filters) == (measure, by, filters):
                continue  # the page as it opens: nothing to redraw while someone waits for it
            self._set_choices(panel, measure, by)
            try:
                panel.set_filters(filters)
            except InvalidFilterError as error:
                state, filters = self._not_listed(kind, state, filters, error)
                panel.set_filters(filters)
        self._pending = state
        if state.map_measure in [value for _, value in self.map_measure.options]:
            self.map_measure.value = state.map_measure
        self.tabs.selected_index = TABS.index(state.tab)
        self._ready = True
        self._tab_changed()
        # a tab built just now may have listed a link's part it could not show (`_not_listed`)
        self._show_problems(self._pending)

    def open_address(self, query: str | None = None) -> Dashboard:
        """Open the view the page's address describes (`?e.districts=916&e.years=2016-2020...`).
        Served by Voilà with pre-started kernels, this waits for the request that brings it."""
        self.apply(self._within_years(from_query(_query_string() if query is None else query)))
        return self

    def _within_years(self, state: ViewState) -> ViewState:
        """Years a link asks for beyond those held (`v.years=1900-3000`) are listed with the other
        skipped parts, not silently clipped by the slider: the overlap opens, or no year filter."""
        problems, filters = list(state.problems), dict(state.filters)
        for kind, chosen in state.filters.items():
            if chosen.years is None:
                continue
            held = self.db.years(kind)  # in publish mode, without releasing a table
            if not held:
                continue
            first, last = min(held), max(held)
            asked = chosen.years
            if first <= asked[0] and asked[1] <= last:
                continue
            inside = (max(asked[0], first), min(asked[1], last))
            keep = inside if inside[0] <= inside[1] else None
            # In the page's language, as the link's other problems (_dashboard_state.from_query).
            lang = state.lang
            opened = (
                say("link_opened_years", lang).format(first=keep[0], last=keep[1])
                if keep
                else say("link_opened_all_years", lang)
            )
            outside = say("link_years_outside", lang).format(first=first, last=last)
            problems.append(f"{PREFIXES[kind]}.years={asked[0]}-{asked[1]}: {outside}{opened}")
            filters[kind] = dataclasses.replace(chosen, years=keep)
        return dataclasses.replace(state, filters=filters, problems=tuple(problems))

    def reset(self) -> None:
        """Back to the page as it opens: no filters, first measure and breakdown, first tab."""
        self.apply(ViewState(lang=self.lang))

    def changed(self, kind: str | None = None) -> None:
        """A panel redrew: the map follows if it is on screen; the address and title follow."""
        if not getattr(self, "_ready", False):
            return
        if self.tabs.selected_index == TABS.index("map"):
            self._draw_map()
        lang = self.lang
        tab = TABS[self.tabs.selected_index or 0]
        tab_name = self.tabs.titles[self.tabs.selected_index or 0] if self.tabs.titles else ""
        self.page_state.value = (
            f'<span class="workbench-state" data-query="{html.escape(self.query, quote=True)}" '
            f'data-title="{html.escape(f"{tab_name} – {PAGE_TITLE[lang]}", quote=True)}" '
            f'data-lang="{lang}" data-tab="{tab}"></span>'
        )

    def _language_changed(self, change) -> None:
        if self._ready:
            self.apply(dataclasses.replace(self.state(), lang=change["new"]))

    def _tab_changed(self) -> None:
        tab = TABS[self.tabs.selected_index or 0]
        if tab in PREFIXES:  # a kind's tab is built when first opened
            self._make_tab(tab)
        self.changed()

    def _map_changed(self) -> None:
        self.changed()

    def _draw_map(self) -> None:
        from ._maps import district_map

        measure = self.map_measure.value
        kind = next(kind for kind in PREFIXES if measure in MEASURES[kind])
        self._make_tab(kind)
        panel = self.panels.get(kind)
        filters = panel.filters if panel is not None else self._pending.filters.get(kind, Filters())
        key = (measure, filters, self.lang)
        if key == self._map_drawn:
            return
        try:
            data = self.db.count(kind, filters, by="district", complete=True, lang=self.lang)
        except DisclosureError as error:
            self.map_refused.value = self.refused("map", error)
            self.map_image.layout.display = "none"
            self._map_drawn = None
            return
        self.map_refused.value = ""
        self.refusals.pop("map", None)
        self.map_image.layout.display = None
        publish = self.mode == "publish"
        # Districts outside the filters are drawn as not selected, not as districts with 0.
        ax = district_map(
            data,
            measure,
            lang=self.lang,
            meta=self.db.metadata,
            publish=publish,
            selected=filters.districts,
        )
        self.map_image.value = render_png(figure_of(ax))
        self._map_drawn = key

    def __repr__(self) -> str:
        return f"Dashboard({', '.join(repr(p) for p in self.panels.values())})"

    def _repr_mimebundle_(self, **kwargs):
        # The live widgets, and the same view as plain HTML for the page to show while they load.
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, dict):
            bundle["text/html"] = snapshot_html(self)
        return bundle


def _connect():
    from ._workbench import connect

    return connect(mode=dashboard_mode())


def dashboard(db=None, filters: Filters | None = None, **options) -> Dashboard:
    """The page `workbench dashboard` serves: events and victims explorers and a map, in tabs.
    Without `db`, connects as the server was started (`--publish`: publish mode). Options:
    `lang="en"`, `export_dir=`. `.open_address()` opens the view a link describes."""
    return Dashboard(db, filters, **options)
