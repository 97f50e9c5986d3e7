"""Filter panels: ipywidgets controls that emit a `Filters`, and a chart and a table redrawn in place.

A panel holds one Figure (outside pyplot) for its whole life. A change of any control builds a new
`Filters`, asks the query helpers for two small tables (by year, and by the chosen breakdown),
redraws the two Axes and swaps the rendered PNG, the footer and the table's HTML into widgets that
are already on screen: nothing is cleared and re-created, so nothing flickers and no figures pile
up. The export button writes that same figure with its footer drawn in.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pandas as pd

from ._charts import (
    MEASURES,
    bar_rows,
    breakdown_chart,
    footer_room,
    new_figure,
    remove_footer,
    set_footer,
    trend_chart,
)
from ._codes import codes, label
from ._districts import CAN_THO_PROVINCE_CODE, districts, national_districts, national_name, provinces
from ._error_words import error_text
from ._errors import DisclosureError, InvalidFilterError, UnknownCodeError, unknown_value
from ._export import export_figure
from ._figure import STAMP_INCHES, set_stamp
from ._filters import _CODED_FIELDS, FIELD_TITLES, Filters, check_years_held
from ._kinds import KINDS
from ._labels import footer_text, is_internal, text
from ._paths import figures_dir
from ._screen import render_png
from ._text import format_number
from ._words import say

# What each panel filters on, and what its second chart can break the numbers down by.
PANEL_FIELDS = {name: kind.panel_fields for name, kind in KINDS.items() if kind.panel_fields}
BREAKDOWNS = {name: kind.breakdowns for name, kind in KINDS.items() if kind.panel_fields}
SCREEN_BOTTOM = 0.14  # figure fraction below the Axes: tick labels and axis titles
FOOTER_HTML = '<div style="font-size: 80%; color: #444; margin: 0 0 0.5em 1em">{}</div>'


def _empty(ax) -> None:
    """Take the drawn data off an Axes but keep its axis machinery: `Axes.clear()` rebuilds spines,
    axes and ticks, which costs more than drawing the bars themselves."""
    for container in list(ax.containers):
        container.remove()
    for artist in [*ax.patches, *ax.texts, *ax.collections, *ax.lines, *ax.images]:
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.relim()
    ax.set_autoscale_on(True)


class FilterPanel:
    """Controls for one record kind ('events' or 'victims') with a chart and a table under them.

    `panel.filters` is the current `Filters`; `panel.frames` the query results on screen;
    `panel.trend_ax` and `panel.breakdown_ax` the Axes they are drawn on. Display `panel` in a
    notebook. Set a control's `.value` and everything below it follows.
    """

    def __init__(
        self,
        db,
        kind: str = "events",
        filters: Filters | None = None,
        *,
        lang: str = "vi",
        export_dir: str | Path | None = None,
        size: tuple[float, float] = (11.0, 4.8),
    ) -> None:
        if kind not in PANEL_FIELDS:
            raise unknown_value(UnknownCodeError, "panel kind", kind, PANEL_FIELDS)
        self.db, self.kind, self.lang = db, kind, lang
        self.export_dir = Path(export_dir) if export_dir is not None else None  # else by mode
        self.frames: dict[str, pd.DataFrame] = {}
        self._listeners: list[Callable[[Filters], None]] = []
        self._refused: list[Callable[[DisclosureError], None]] = []
        self._held = False
        self._bars: dict = {}  # Axes -> (what its bars show, their BarContainer), see _set_lengths
        self.figure, (self.trend_ax, self.breakdown_ax) = new_figure(size, ncols=2, fixed=True)
        # Placed once: a layout engine would re-measure every label on every redraw. The right
        # Axes leaves room for category names (wrapped to two lines).
        self.figure.subplots_adjust(left=0.085, right=0.97, top=0.91, bottom=SCREEN_BOTTOM, wspace=0.6)
        # The axis titles are left empty (see refresh): placed at fixed spots, they spare
        # matplotlib measuring every tick label a second time on each draw to make room for them.
        for ax in (self.trend_ax, self.breakdown_ax):
            ax.xaxis.set_label_coords(0.5, -0.12)
            ax.yaxis.set_label_coords(-0.12, 0.5)

        # A national database: a province selector first, and the districts of that province.
        self.national = bool(getattr(db, "national", False))
        fields = ("provinces", *PANEL_FIELDS[kind]) if self.national else PANEL_FIELDS[kind]
        self.controls = {name: self._control(name) for name in fields}
        # Publish mode does not release every measure (cases: no suspects nor victims linked).
        dropped = KINDS[kind].dropped_in_publish if getattr(db, "mode", None) == "publish" else ()
        self.measure = widgets.Dropdown(
            options=[(text(m, lang), m) for m in MEASURES[kind] if m not in dropped],
            description=say("measure", lang),
        )
        self.breakdown = widgets.Dropdown(
            options=[(text(d, lang), d) for d in BREAKDOWNS[kind]],
            description=say("break_down", lang),
        )
        self.show_sql = widgets.ToggleButton(value=False, description="Show SQL", icon="code")
        self.export_button = widgets.Button(description=say("export", lang), icon="download")
        self.image = widgets.Image(format="png")
        self.table = widgets.HTML()
        self.sql_view = widgets.HTML()
        self.status = widgets.HTML()
        self.caption = widgets.HTML()
        # The one output area: chart, its footer and the table, all updated in place.
        self.view = widgets.VBox([self.image, self.caption, self.table])
        self.widget = widgets.VBox(
            [
                widgets.HBox(list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap")),
                widgets.HBox([self.measure, self.breakdown, self.show_sql, self.export_button, self.status]),
                self.view,
                self.sql_view,
            ]
        )
        if filters is not None:
            self.set_filters(filters, refresh=False)
        for control in (*self.controls.values(), self.measure, self.breakdown):
            control.observe(self._changed, names="value")
        self.show_sql.observe(lambda _: self._show_sql(), names="value")
        self.export_button.on_click(lambda _: self.export())
        self.refresh()

    def _control(self, name: str) -> widgets.Widget:
        title = FIELD_TITLES[name][0 if self.lang == "vi" else 1]
        style, layout = {"description_width": "initial"}, widgets.Layout(width="auto")
        if name == "years":
            first, last = self._year_span()
            return widgets.IntRangeSlider(
                value=(first, last), min=first, max=last, step=1, description=title,
                continuous_update=False, style=style,
            )  # fmt: skip
        if name == "provinces":  # one province at a time: 705 districts are not one picture
            by_code = sorted(((n, c) for c, n in provinces().items()), key=lambda o: o[1])
            return widgets.Dropdown(
                options=by_code, value=CAN_THO_PROVINCE_CODE, description=title, style=style
            )
        options: Sequence[tuple[str, object]]
        if name == "districts" and self.national:
            options = self._district_options(CAN_THO_PROVINCE_CODE)
        elif name == "districts":
            options = [(d.name_vi, d.code) for d in districts()]
        else:
            codeset = _CODED_FIELDS[name]
            options = [(label(codeset, code, self.lang), code) for code in codes(codeset)]
        return widgets.SelectMultiple(
            options=options, rows=min(9, len(options)), description=title, style=style, layout=layout
        )

    @staticmethod
    def _district_options(province: int) -> list[tuple[str, int]]:
        return [(national_name(d.code), d.code) for d in national_districts() if d.province_code == province]

    def _province_changed(self) -> None:
        """The district list follows the province; districts of the previous one are dropped."""
        control = self.controls["districts"]
        held, self._held = self._held, True
        try:
            control.value = ()
            control.options = self._district_options(self.controls["provinces"].value)
            control.rows = min(9, len(control.options))
        finally:
            self._held = held

    def _year_span(self) -> tuple[int, int]:
        years = self.db.years(self.kind)  # in publish mode, without releasing a table
        return (min(years), max(years)) if years else (2016, 2016)

    def __repr__(self) -> str:
        return f"FilterPanel({self.kind!r}, {self.filters!r})"

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    @property
    def meta(self) -> dict[str, str]:
        """What the data are, read at each use: a panel open while a colleague imports names the
        import in its footer, caption and downloads from its next change on."""
        return self.db.metadata

    @property
    def filters(self) -> Filters:
        """The Filters the controls describe now (an empty selection means all)."""
        values = {name: control.value for name, control in self.controls.items()}
        if self.national:
            values["provinces"] = (values["provinces"],)
        years = self.controls["years"]
        if tuple(values["years"]) == (years.min, years.max):
            values["years"] = None  # the whole span: no year filter, so new years show up
        return Filters(**values)

    def set_filters(self, filters: Filters, *, refresh: bool = True) -> None:
        """Set every control from `filters` at once, then redraw once. Years wholly outside the
        slider's (the years held) are refused as a query refuses them, not moved to its nearest end;
        a range overlapping them is cut to its years held."""
        slider = self.controls["years"]
        check_years_held(filters.years, (slider.min, slider.max), self.kind, self.lang)
        province = self._province_of(filters) if self.national else None
        self._held = True
        try:
            # The province first: it decides which districts the district list offers.
            for name in sorted(self.controls, key=lambda name: name != "provinces"):
                control, value = self.controls[name], getattr(filters, name)
                if name == "years":
                    control.value = value if value else (control.min, control.max)
                elif name == "provinces":
                    control.value = province
                    self._province_changed()
                else:
                    if name == "districts":
                        self._check_listed(value)
                    control.value = tuple(value)
        finally:
            self._held = False
        if refresh:
            self._redraw()

    def _check_listed(self, districts) -> None:
        """Districts a query accepts that the list does not offer (a former province's area, 93,
        which tables of victims list; another province's district) are refused, naming those it
        offers: set as they were, the list raised a TraitError and a link's page failed to open."""
        offered = {value for _, value in self.controls["districts"].options}
        missing = [d for d in districts if d not in offered]
        if missing:
            fields: dict[str, object] = {"districts": missing, "listed": sorted(offered)}
            words: tuple[str, dict[str, object]] = ("panel_district_not_listed", fields)
            raise InvalidFilterError(
                error_text(*words, self.lang), given=missing, valid=sorted(offered), words=words
            )

    def _province_of(self, filters: Filters) -> int:
        """The one province a national panel shows: the one asked for, else that of the districts
        asked for (a link to `?c.districts=884` opens An Giang), else Cần Thơ. Districts of several
        provinces, or of another province than the one asked for, are refused: the panel lists one
        province's districts at a time."""
        asked = set(filters.provinces or ())
        chosen = set(filters.districts)
        of_districts = {d.province_code for d in national_districts() if d.code in chosen}
        if len(asked) > 1 or len(of_districts) > 1 or (asked and of_districts and asked != of_districts):
            fields: dict[str, object] = {"provinces": sorted(asked), "districts": list(filters.districts)}
            words: tuple[str, dict[str, object]] = ("panel_one_province", fields)
            raise InvalidFilterError(error_text(*words, self.lang), given=fields, words=words)
        return next(iter(asked or of_districts), CAN_THO_PROVINCE_CODE)

    def on_change(self, callback: Callable[[Filters], None]) -> None:
        """Call `callback(filters)` after every redraw: a panel can drive other views."""
        self._listeners.append(callback)

    def on_refused(self, callback: Callable[[DisclosureError], None]) -> None:
        """Call `callback(error)` where publish mode refuses the view a change of the controls asks
        for, instead of raising from the control's handler (where nobody sees it)."""
        self._refused.append(callback)

    def _changed(self, change) -> None:
        if self._held:
            return
        if self.national and change["owner"] is self.controls["provinces"]:
            self._province_changed()
        self._redraw()

    def _redraw(self) -> None:
        """`refresh`, with a view publish mode refuses handed to `on_refused`'s callbacks (raised
        where there are none): after a change of the controls, and after `set_filters` alike."""
        try:
            self.refresh()
        except DisclosureError as error:
            if not self._refused:
                raise
            for callback in self._refused:
                callback(error)

    def refresh(self) -> None:
        """Query, redraw both Axes, and swap the new picture and table into place."""
        filters = self.filters
        # one release in publish mode: asked one after the other, the second is audited with the
        # first as an earlier release and could come back all withheld
        trend, parts = self.db.counts(self.kind, filters, ["year", self.breakdown.value], lang=self.lang)
        self.frames = {"trend": trend, "breakdown": parts}
        measure = self.measure.value
        for ax, frame, by, chart in (
            (self.trend_ax, trend, "year", trend_chart),
            (self.breakdown_ax, parts, self.breakdown.value, breakdown_chart),
        ):
            names, values, marks = bar_rows(frame, measure)
            shape = (by, measure, tuple(names))
            if marks is None and self._set_lengths(ax, shape, values):
                continue
            _empty(ax)
            chart(frame, measure, ax=ax, lang=self.lang, numbers=False)
            # Compact view: the titles name the measure and the years speak for themselves, and
            # every text drawn costs time on each change.
            ax.set_xlabel("")
            ax.set_ylabel("")
            if marks is None and len(ax.containers) == 1 and len(values):
                self._bars[ax] = (shape, ax.containers[0])
            else:
                self._bars.pop(ax, None)
        self.image.value = render_png(self.figure)
        # On screen the footer is the caption right under the picture (text is cheaper as HTML
        # than as glyphs drawn on every change); exported files get it drawn in, see export().
        lines = footer_text([trend, parts], self.meta, self.lang).split("\n")
        self.caption.value = FOOTER_HTML.format("<br>".join(html.escape(line) for line in lines))
        self.table.value = self._table_html(parts, measure)
        self._show_sql()
        for listener in self._listeners:
            listener(filters)

    def _set_lengths(self, ax, shape: tuple, values: np.ndarray) -> bool:
        """Give the bars on `ax` new lengths if they are the bars of the same chart (the same
        categories and measure, no withheld cells); False if the chart must be drawn anew.
        Creating a bar costs more than drawing it: matplotlib works out the Axes' limits from each
        new bar's outline, where here they come from the bars' corners in one go."""
        kept = self._bars.get(ax)
        if kept is None or kept[0] != shape or kept[1] not in ax.containers:
            return False
        bars = kept[1]
        horizontal = bars.orientation == "horizontal"
        for bar, value in zip(bars, values, strict=True):
            if horizontal:
                bar.set_width(value)
            else:
                bar.set_height(value)
        bars.datavalues = values
        corners = [
            corner
            for bar in bars
            for corner in (bar.get_xy(), (bar.get_x() + bar.get_width(), bar.get_y() + bar.get_height()))
        ]
        ax.ignore_existing_data_limits = True
        ax.update_datalim(corners)
        ax.autoscale_view()
        return True

    def _number(self, value) -> str:
        return format_number(value, lang=self.lang)

    def _table_html(self, frame: pd.DataFrame, measure: str) -> str:
        """The breakdown table, numbers written the panel's way (built directly: it is small)."""
        name = "district" if "district" in frame.columns else f"{self.breakdown.value}_label"
        measures = [m for m in MEASURES[self.kind] if m in frame.columns]
        head = [text(self.breakdown.value, self.lang), *(text(m, self.lang) for m in measures)]
        # Publish mode: the strings disclosure control chose ('<5', 'x') for withheld counts.
        columns = [
            frame[f"{m}_display"] if f"{m}_display" in frame.columns else frame[m].map(self._number)
            for m in measures
        ]
        rows = zip(frame[name], *columns, strict=True)
        cell = '<td style="text-align: right">{}</td>'
        body = "".join(
            f"<tr><td>{html.escape(str(label_))}</td>"
            + "".join(cell.format(html.escape(v)) for v in values)
            + "</tr>"
            for label_, *values in rows
        )
        heading = "".join(f"<th>{html.escape(h)}</th>" for h in head)
        return f'<table class="dataframe"><thead><tr>{heading}</tr></thead><tbody>{body}</tbody></table>'

    @property
    def sql_text(self) -> str:
        """The exact SQL and parameters behind what is on screen."""
        parts = []
        for name, frame in self.frames.items():
            params = json.dumps(frame.attrs["params"], ensure_ascii=False, default=str)
            parts.append(f"-- {name}\n{frame.attrs['sql']};\n-- parameters: {params}")
        return "\n\n".join(parts)

    def _show_sql(self) -> None:
        shown = f"<pre>{html.escape(self.sql_text)}</pre>" if self.show_sql.value else ""
        if self.sql_view.value != shown:
            self.sql_view.value = shown

    def export(self, path: str | Path | None = None, *, formats=("png", "svg", "pdf")) -> list[Path]:
        """Write the figure on screen (PNG 300 dpi, SVG, PDF, sidecars); returns the files written."""
        # The panel's connection decides: internal panels write files marked as internal, named
        # so and (unless told where) in a folder of their own.
        mode = getattr(self.db, "mode", "internal")
        if path is None:
            folder = self.export_dir or figures_dir(mode)  # export_figure makes the folder
            path = folder / self._file_stem(mode)
        frames = list(self.frames.values())
        set_footer(self.figure, frames, self.meta, self.lang)
        top = self.figure.subplotpars.top
        # Exact counts: the file carries the band across its top, as every internal figure does
        # (on screen the tab says it; a file is looked at apart from the tab).
        internal = is_internal(frames)
        set_stamp(self.figure, internal, self.lang)
        self.figure.subplots_adjust(
            bottom=SCREEN_BOTTOM + footer_room(self.figure),
            top=top - STAMP_INCHES / self.figure.get_figheight() if internal else top,
        )
        try:
            written = export_figure(
                self.figure, path, data=frames, meta=self.meta, formats=formats, mode=mode
            )
        finally:
            remove_footer(self.figure)
            set_stamp(self.figure, False)
            self.figure.subplots_adjust(bottom=SCREEN_BOTTOM, top=top)
        self.status.value = html.escape(say("saved", self.lang) + ", ".join(p.name for p in written[::2]))
        return written

    def _file_stem(self, mode: str) -> str:
        state = {"filters": asdict(self.filters), "measure": self.measure.value, "by": self.breakdown.value}
        digest = hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()[:10]
        years = self.filters.years
        span = f"{years[0]}-{years[1]}" if years else "all-years"
        internal = "_internal" if mode == "internal" else ""
        what = f"{self.kind}_{self.measure.value}_by_{self.breakdown.value}"
        return f"{what}_{span}_{digest}{internal}_{self.lang}"


def events_panel(db, filters: Filters | None = None, **options) -> FilterPanel:
    """Explorer for awareness events: districts, years, organiser, event type, topic."""
    return FilterPanel(db, "events", filters, **options)


def victims_panel(db, filters: Filters | None = None, **options) -> FilterPanel:
    """Explorer for victim records: districts, years, sex, age band, exploitation, destination,
    reception channel. Victim counts are small: internal use only."""
    return FilterPanel(db, "victims", filters, **options)
