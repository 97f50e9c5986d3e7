"""The standard briefing set: which queries and charts make it, as files or as one PDF pack."""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from ._charts import (
    breakdown_chart,
    district_chart,
    district_year_display,
    effort_chart,
    heatmap_chart,
    mark_internal,
    new_figure,
    not_applicable_notes,
    rate_chart,
    set_footer,
    stacked_chart,
    trend_chart,
)
from ._disclosure import refusal
from ._error_words import error_text, speaking
from ._errors import UnknownCodeError, UsageError, YearsCutWarning, unknown_value
from ._export import (
    FILE_METADATA,
    FORMATS,
    OTHER_FILES,
    check_publishable,
    deterministic,
    export_figure,
    internal_name,
    provenance,
    ready_folder,
    record_release_files,
    write_sidecar,
)
from ._figure import draw_zeros, drew_exact, figure_of, marked_internal
from ._filters import Filters, years_cut
from ._kinds import VICTIM_COUNT_KINDS
from ._labels import attrs_for_new_table, measure_text, note_as_given, sealed_like, text, without_axis
from ._private import check_files_free, make_owner_only
from ._query import status_note
from ._text import format_number
from ._words import COVER, REVIEW_TOTALS, TEXT

A4_LANDSCAPE = (11.69, 8.27)


@dataclass(frozen=True, slots=True)
class BriefingFigure:
    """One figure of the set: a file name, the query (record kind and grouping) and the chart."""

    name: str
    kind: str
    by: tuple[str, ...]
    chart: Callable[..., Axes]
    measure: str | None = None
    # A victim figure grouped by trafficking status: the statuses it shows (all when empty).
    statuses: tuple[str, ...] = ()
    # (Vietnamese, English) title and count-axis label in place of the chart's own, for a figure
    # whose people are not all victims (Law 53/2024: "nạn nhân" is an identified victim only).
    heading: tuple[str, str] | None = None
    axis_label: tuple[str, str] | None = None

    def draw(self, db, filters: Filters, lang: str, meta, notes=()) -> tuple[Axes, list[pd.DataFrame]]:
        # Zero rows for every year and district keep the axes whole; other groupings show what occurs.
        complete = set(self.by) <= {"year", "district"} or self.chart is stacked_chart
        frame = db.count(self.kind, filters, by=list(self.by), lang=lang, complete=complete)
        received = 0
        if self.statuses:
            # Every record carries a status: people received but none in these statuses are
            # recorded zeros (drawn as zeros, as the cover's lines say 0), not missing records.
            if "victims_status" not in frame.columns:  # internal: every status, exact
                counts = frame.groupby("trafficking_status")[self.measure or "victims"].sum()
                # The note says everyone received was identified: only when no one is of another status.
                if int(counts.drop(["actual", *self.statuses], errors="ignore").sum()) == 0:
                    received = int(counts.get("actual", 0))
            frame = only_statuses(frame, self.statuses, lang)
        ax = self.chart(frame, self.measure, lang=lang, meta=meta, notes=notes)
        if received and "year" in frame.columns and any(t.get_gid() == "no-data" for t in ax.texts):
            draw_zeros(ax, sorted(int(y) for y in frame["year"].unique()), text("all_zero_statuses", lang))
        english = lang == "en"
        if self.heading:
            # Only the first line: the second names the period and the selection, as on every figure.
            lines = ax.title.get_text().split("\n")
            ax.title.set_text("\n".join([self.heading[english], *lines[1:]]))
        if self.axis_label:
            ax.set_ylabel(self.axis_label[english])
        return ax, [frame]


def only_statuses(frame: pd.DataFrame, statuses: tuple[str, ...], lang: str) -> pd.DataFrame:
    """The rows of a by-status victim table for these statuses, saying so (footer) and counted as
    their own population in disclosure control: a total over them is not the identified count."""
    if frame["trafficking_status"].isin(statuses).all():
        return frame  # already narrowed (the publication narrows before it protects)
    out = frame[frame["trafficking_status"].isin(statuses)].reset_index(drop=True)
    out.attrs = dict(frame.attrs)
    out.attrs["count_scope"] = frozenset({("trafficking_statuses", tuple(sorted(statuses)))})
    chosen = out.attrs["filters"].replace(trafficking_statuses=statuses)
    out.attrs["status_note"] = status_note("victims", chosen, ("year",), lang)
    return sealed_like(out, frame)


@dataclass(frozen=True, slots=True)
class EffortFigure:
    """Awareness intensity against victim incidence: two queries on one chart."""

    name: str = "13_effort_vs_incidence"

    def draw(self, db, filters: Filters, lang: str, meta, notes=()) -> tuple[Axes, list[pd.DataFrame]]:
        events = db.events(filters, by="district", lang=lang, complete=True)
        victims = db.victims(filters, by="district", lang=lang, complete=True)
        return effort_chart(events, victims, lang=lang, meta=meta, notes=notes), [events, victims]


STANDARD_FIGURES = (
    BriefingFigure("01_events_by_year", "events", ("year",), trend_chart, "events"),
    BriefingFigure("02_attendees_by_year", "events", ("year",), trend_chart, "attendees"),
    BriefingFigure("03_victims_by_year", "victims", ("year",), trend_chart, "victims"),
    BriefingFigure("04_attendees_by_district", "events", ("district",), district_chart, "attendees"),
    BriefingFigure("05_events_by_district_and_year", "events", ("district", "year"), heatmap_chart, "events"),
    BriefingFigure("06_events_by_organiser", "events", ("year", "organiser"), stacked_chart, "events"),
    BriefingFigure("07_events_by_type", "events", ("year", "event_type"), stacked_chart, "events"),
    # By purpose (Law 53/2024 art. 2, "nhằm mục đích"); a victim may count under several purposes,
    # which the chart says under its axis (its bars are mentions).
    BriefingFigure("08_victims_by_exploitation", "victims", ("exploitation",), breakdown_chart, "victims"),
    BriefingFigure("09_victims_by_destination", "victims", ("destination",), breakdown_chart, "victims"),
    BriefingFigure("10_victims_by_age_and_sex", "victims", ("age_band", "sex"), breakdown_chart, "victims"),
    BriefingFigure("11_attendees_per_100k", "events", ("district",), rate_chart, "attendees"),
    BriefingFigure("12_victims_per_100k", "victims", ("district",), rate_chart, "victims"),
    EffortFigure(),
    # Law 53/2024: people being identified and people found not to be victims, beside the identified
    # victims of figure 03. Not one table with the identified victims: a total over every status
    # beside the identified count would give the others' (small) count by difference.
    BriefingFigure(
        "14_victims_being_identified_or_not_victims",
        "victims",
        ("year", "trafficking_status"),
        stacked_chart,
        "victims",
        statuses=("possible", "not_victim"),
        # Its people are those two statuses only, not everyone received (figure 03 has the rest):
        # the title names them.
        heading=(
            "Người đang xác định và người không phải nạn nhân, theo năm",
            "People being identified and people found not to be victims, by year",
        ),
        axis_label=("Số người", "People"),
    ),
    # Online and media communication beside the events of figures 01 and 06: items put out (posts,
    # shares, broadcasts, articles), its own measure, never summed into events.
    BriefingFigure(
        "15_communication_by_medium",
        "communication",
        ("year", "medium"),
        stacked_chart,
        "items",
        heading=TEXT["communication_beside_events"],
    ),
    # The police's cases, every one detected whatever stage it reached (so "vụ việc phát hiện", not
    # "vụ án"; publish mode: each year's count through the release register, no suspects or linked
    # victims) and hotline contacts by what they were about (below k withheld).
    BriefingFigure("16_cases_by_year", "cases", ("year",), trend_chart, "cases"),
    BriefingFigure("17_hotline_contacts_by_topic", "hotline", ("year", "topic"), stacked_chart, "contacts"),
)


# Every victim table one publication shows (grouping), protected together so that a count withheld
# in one (a year's total, a district's total) is withheld in all: the standard figures', the cover's
# and the district x year table's.
# Victim tables of the pack shown for some statuses only (by grouping): narrowed before protection.
# The cover's key figures: beside the identified victims (the total), the people being identified
# and the people found not to be victims, each a count of its own (Law 53/2024 art. 2; as figure
# 14), from one table of those statuses released with the others, so each is protected with them.
COVER_STATUSES = ("possible", "not_victim")
COVER_STATUS_TABLE = ("trafficking_status",)
PACK_STATUS_ROWS = {
    spec.by: spec.statuses for spec in STANDARD_FIGURES if isinstance(spec, BriefingFigure) and spec.statuses
} | {COVER_STATUS_TABLE: COVER_STATUSES}
PACK_VICTIM_TABLES = (
    *dict.fromkeys(
        spec.by for spec in STANDARD_FIGURES if isinstance(spec, BriefingFigure) and spec.kind == "victims"
    ),
    ("district",),
    (),
    COVER_STATUS_TABLE,
    ("district", "year"),
)


class _Publication:
    """Query results for one publication in publish mode: events as they are, every victim table of
    the set released together (one release of the register), so no withheld count can be read off
    another table of the set or any earlier release."""

    def __init__(self, db, filters: Filters, lang: str) -> None:
        from ._publish import sealed

        self._lang = lang
        with speaking(lang):  # a refusal said in the pack's language, where it has words for it
            sealed(self._open)(db, filters, lang)  # an error leaves without the frames (the engine)

    def _open(self, db, filters: Filters, lang: str) -> None:
        from ._publish import PublishedWorkbench, _engine_of
        from ._publish_tables import Table

        self._owned = None
        if not isinstance(db, PublishedWorkbench):  # an internal connection: publish from the same file
            db = self._owned = PublishedWorkbench(db.path, k=db.k)
        self.mode, self.k, self.metadata, self._db = "publish", db.k, db.metadata, db
        tables = [
            Table.plan(_engine_of(db), _pack_filters(filters, by), list(by), None, db.k, lang=lang)
            for by in PACK_VICTIM_TABLES
        ]
        what = {"pack": [list(by) for by in PACK_VICTIM_TABLES], "filters": tables[0].describe()["filters"]}
        released = db._release(tables, lang, what)
        self._victims = {}
        for by, (frame, _) in zip(PACK_VICTIM_TABLES, released, strict=True):
            if by in PACK_STATUS_ROWS:  # the pack's filters, its statuses said as only_statuses says them
                frame.attrs["filters"] = filters
            self._victims[tuple(by)] = note_as_given(frame, published=True)  # publish mode's, sealed
        self.register = db.register

    def release_note(self, lang: str, frames: Sequence[pd.DataFrame] = ()) -> str:
        """The cover's words on what the pack's withheld cells depend on: the register's releases
        its victim counts belong to (the same on a rebuild that releases nothing new), and those
        before them. `frames`: the pack's other tables, once drawn; the funnel and the targets are
        victim counts of releases of their own, after the tables' (the cover named the tables'
        only, and a reader looking up the funnel's numbers in the register found them nowhere)."""
        counted = [*self._victims.values(), *(f for f in frames if f.attrs.get("kind") in VICTIM_COUNT_KINDS)]
        numbers = sorted({int(n) for f in counted for n in f.attrs.get("release", {}).get("releases", ())})
        releases = ", ".join(map(str, numbers)) or "–"
        return _cover_word("release_history", lang).format(releases=releases, k=self.k)

    def close(self) -> None:
        if self._owned is not None:
            self._owned.close()

    def events(self, filters: Filters, **options) -> pd.DataFrame:
        # Events are never suppressed: the same table in either mode, published here.
        return self._db.events(filters, **options)

    def count(self, kind: str, filters: Filters, by=(), **options) -> pd.DataFrame:
        """The pack's table of one record kind: events as they are, victims as released."""
        if kind == "events":
            return self.events(filters, by=by, **options)
        if kind == "victims":
            return self.victims(filters, by, **options)
        if kind == "communication":  # items put out: never suppressed, as events
            return self._db.communication(filters, by, **options)
        if kind == "cases":  # released through the register, audited with every earlier release
            return self._db.cases(filters, by, **options)
        if kind == "hotline":  # each cell below k withheld, with the cells that would give it away
            return self._db.hotline(filters, by, **options)
        raise refusal("pack_no_table", {"table": repr(kind)}, self._lang)

    def funnel(self, filters: Filters, **options) -> pd.DataFrame:
        # Released as its own table: audited with the pack's tables and every earlier release.
        return self._db.funnel(filters, **options)

    def targets(self, period=None, **options) -> pd.DataFrame:
        return self._db.targets(period, **options)

    def victims(self, filters: Filters, by=(), **_options) -> pd.DataFrame:
        key = (by,) if isinstance(by, str) else tuple(by)
        if key not in self._victims:
            raise refusal("pack_no_victim_table", {"key": str(key)}, self._lang)
        return self._victims[key]


def _pack_filters(filters: Filters, by: tuple[str, ...]) -> Filters:
    """A pack table shown for some statuses only is released as a table of those statuses."""
    if by in PACK_STATUS_ROWS:
        return filters.replace(trafficking_statuses=PACK_STATUS_ROWS[by])
    return filters


def _source(db, filters: Filters, lang: str, mode: str):
    if mode == "internal":
        if getattr(db, "mode", "internal") != "internal":
            raise refusal("pack_internal", {}, lang)
        return db
    if mode != "publish":
        raise unknown_value(UnknownCodeError, "mode", mode, ("publish", "internal"))
    return _Publication(db, filters, lang)


def briefing_figures(
    db, filters: Filters, *, lang: str = "vi", notes: Iterable[str] = (), mode: str = "publish"
) -> list[tuple[str, Axes, list[pd.DataFrame]]]:
    """The standard set drawn for `filters`: (file name, Axes, the query results drawn).

    `mode="publish"` (the default) withholds victim counts below k across the whole set;
    `mode="internal"` draws exact counts, every figure marked not for publication. Years asked
    past those the database holds are cut to them, with a `YearsCutWarning` (as `workbench figures`
    does): titled 2024–2030, a set over data of 2024–2026 claimed years it did not hold."""
    filters = _years_held(db, filters, lang)
    source = db if isinstance(db, _Publication) else _source(db, filters, lang, mode)
    meta = source.metadata
    try:
        return [
            (spec.name, *spec.draw(source, filters, lang, meta, tuple(notes))) for spec in STANDARD_FIGURES
        ]
    finally:
        if source is not db and isinstance(source, _Publication):
            source.close()


def _years_held(db, filters: Filters, lang: str) -> Filters:
    """`filters` with its years cut to those the database holds (the events' span, as the years of
    every kind's tables run), warned; years none of which are held are left to the queries' refusal."""
    years_of = getattr(db, "years", None)
    if filters.years is None or years_of is None:
        return filters
    held = years_cut(filters.years, years_of("events"))
    if held is not None and held != filters.years:
        first, last = filters.years
        fields: dict[str, object] = {"first": first, "last": last, "low": held[0], "high": held[1]}
        warnings.warn(error_text("years_partly", fields, lang), YearsCutWarning, stacklevel=3)
        filters = filters.replace(years=held)
    return filters


def write_figures(
    db,
    out_dir: str | Path,
    filters: Filters,
    *,
    lang: str = "vi",
    formats: Iterable[str] = FORMATS,
    mode: str = "publish",
) -> list[Path]:
    """Render the standard set into `out_dir` (each figure in every format, with sidecars)."""
    figures = briefing_figures(db, filters, lang=lang, mode=mode)
    return export_figures(figures, out_dir, meta=db.metadata, formats=formats, mode=mode)


def export_figures(
    figures: Iterable[tuple[str, Axes, list[pd.DataFrame]]],
    out_dir: str | Path,
    *,
    meta,
    formats: Iterable[str] = FORMATS,
    mode: str = "publish",
) -> list[Path]:
    """Write figures drawn by `briefing_figures` into `out_dir`, each in every format with its
    sidecar; `meta` is `db.metadata`.

    In internal mode each file's name ends in `_internal`: written into a folder of published
    figures, an internal set replaced them under the same names, exact victim counts in files an
    analyst would send out."""
    out_dir, formats = Path(out_dir), list(formats)
    figures = list(figures)
    for _, ax, frames in figures:  # refused before any file is written, not after the first few
        check_publishable(frames, mode, figure_of(ax))
    written: list[Path] = []
    for name, ax, frames in figures:  # internal ones: export_figure ends each name in _internal
        written += export_figure(ax, out_dir / name, data=frames, meta=meta, formats=formats, mode=mode)
    return written


# A table page's text, in characters of its 9-point font across the page: a column longer than its
# share is wrapped (a target's "100% (cả chương trình)" ran into the next cell).
TABLE_CHARACTERS = 150


def _wrapped_cells(table: pd.DataFrame, budget: int = TABLE_CHARACTERS) -> tuple[list, list[int]]:
    """The table's rows, the row number first (its own column: a row label overprinted the first
    column), each cell wrapped to its column's width; and each column's width in characters."""
    columns = ["", *(str(c) for c in table.columns)]
    values = table.to_numpy().tolist()
    rows = [[str(i), *(str(v) for v in row)] for i, row in zip(table.index, values, strict=True)]
    longest = [max(len(word) for word in column.split() or [""]) for column in columns]
    natural = [max([len(columns[j]), *(len(r[j]) for r in rows)]) for j in range(len(columns))]
    widths = list(natural)
    while sum(widths) > budget and max(widths) > max(longest):
        j = widths.index(max(widths))  # the widest column gives way first
        widths[j] = max(widths[j] - 1, longest[j])
    wrap = [lambda words, w=w: textwrap.fill(words, w, break_long_words=False) for w in widths]
    header = [wrap[j](c) for j, c in enumerate(columns)]
    return [header, *([wrap[j](c) for j, c in enumerate(r)] for r in rows)], widths


def _table_page(table: pd.DataFrame, heading: str, data, meta, lang: str, notes=()):
    figure, (ax,) = new_figure(A4_LANDSCAPE)
    ax.axis("off")
    ax.set_title(heading, fontsize=13)
    set_footer(figure, without_axis(data), meta, lang, [*not_applicable_notes(table, lang), *notes])
    budget = TABLE_CHARACTERS
    while True:  # narrower wrapping until the columns, measured as drawn, fit across the page
        for drawn in list(ax.tables):
            drawn.remove()
        fits = _draw_table(ax, table, budget)
        if fits or budget <= 40:
            return figure
        budget -= 10


def _draw_table(ax: Axes, table: pd.DataFrame, budget: int) -> bool:
    """The table drawn with its text wrapped to `budget` characters across: each column as wide as
    its widest text as drawn, each row as tall as its most wrapped cell, text left.
    Whether it fits the page's width."""
    (header, *cells), widths = _wrapped_cells(table, budget)
    drawn = ax.table(
        cellText=cells,
        colLabels=header,
        colWidths=[0.95 * (n + 3) / sum(m + 3 for m in widths) for n in widths] if cells else None,
        loc="upper center",
        cellLoc="left",
    )
    drawn.auto_set_font_size(False)
    drawn.set_fontsize(9)
    drawn.scale(1, 1.4)
    celld = drawn.get_celld()
    lines: dict[int, int] = {}
    for (row, _), cell in celld.items():
        lines[row] = max(lines.get(row, 1), cell.get_text().get_text().count("\n") + 1)
    for (row, _), cell in celld.items():
        cell.set_height(cell.get_height() * (1 + 0.8 * (lines[row] - 1)))  # a wrapped row is taller
    figure = figure_of(ax)
    figure.draw_without_rendering()
    renderer = figure._get_renderer()  # type: ignore[attr-defined]  # the one draw_without_rendering used
    frame = ax.get_window_extent(renderer)
    needed: dict[int, float] = {}
    for (_, column), cell in celld.items():
        width = cell.get_text().get_window_extent(renderer).width / frame.width
        needed[column] = max(needed.get(column, 0.0), width * 1.25 + 0.01)  # the cell's padding each side
    for (_, column), cell in celld.items():
        cell.set_width(needed[column])
    return sum(needed.values()) <= 1.0


def _shown(frame: pd.DataFrame, row: int, lang: str, measure: str = "victims") -> str:
    """A count as the table releases it: its display ('<5') in publish mode, else the number."""
    if f"{measure}_display" in frame.columns:
        return str(frame.loc[row, f"{measure}_display"])
    return format_number(frame.loc[row, measure], lang=lang)


# The law's two age lines: the Criminal Code (art. 151) protects "người dưới 16 tuổi", Law
# 53/2024 speaks of "người dưới 18 tuổi". "Trẻ em" (under 16, Law on Children 2016) is not used for
# under-18s; CTDC's 9-17 band cannot separate them, the `minor_status` field can.
LEGAL_AGE_GROUPS = ("under_16", "under_18")


def legal_age_table(db, filters: Filters | None = None, *, lang: str = "vi") -> pd.DataFrame:
    """People under 16 and under 18 counted separately, a row each: `group` ('under_16',
    'under_18'), `group_label` ("Người dưới 16 tuổi", "Người dưới 18 tuổi"), `victims` (people in
    the group) and `not_known` (people whose side of the line was not recorded: no age, or, for
    under 16, an under-18 whose side of 16 is unknown). Counts are of whom `db.victims` counts
    (identified victims unless statuses are chosen; `attrs["status_note"]` says). Exact counts: an
    internal table. A published connection refuses it (DisclosureError): publish mode does not count
    by these groupings, whose difference would give the 16-17s."""
    filters = filters or Filters()
    rows, frames = [], []
    for group in LEGAL_AGE_GROUPS:
        frame = db.victims(filters, by=group, lang=lang, complete=True)
        frames.append(frame)
        cells = {code: i for i, code in enumerate(frame[group])}
        counts = [frame.loc[cells[code], "victims"] if code in cells else 0 for code in ("yes", "unknown")]
        rows.append((group, text(group, lang), *counts))
    out = pd.DataFrame(rows, columns=["group", "group_label", "victims", "not_known"])
    out.attrs.update(attrs_for_new_table(frames[-1]))
    out.attrs["sql"] = "\n;\n".join(f.attrs["sql"] for f in frames)
    return out


# The lines of the programme's five-year review (Đề án 3, 2016–2020), as the review counts them:
# (words key, organiser, event type or None for all, what is shown). docs/data.md, the origin figures.
REVIEW_YEARS = (2016, 2020)
REVIEW_LINES = (
    ("review_integrated", "dolisa", "integrated_session", "sessions"),
    ("review_community", "volunteer_sw_team", "community_session", "sessions"),
    ("review_leaflets", "dolisa", None, "leaflets"),
)


def review_totals(db, filters: Filters | None = None, *, lang: str = "vi") -> pd.DataFrame:
    """The 2016–2020 review's totals as a table to show: a row per figure (the Department's
    integrated sessions and their attendees, the volunteer teams' community sessions and theirs, the
    Department's leaflets, the returned victims identified and supported), its words and its count
    as strings in `lang` ('1.134' in Vietnamese, '1,134' in English; in publish mode a withheld
    victim count as released, '<5'). `filters` default to the review's years (2016–2020)."""
    filters = filters or Filters(years=REVIEW_YEARS)
    integrated = db.events(filters, organisers="dolisa", event_types="integrated_session", lang=lang)
    community = db.events(filters, organisers="volunteer_sw_team", event_types="community_session", lang=lang)
    leaflets = db.events(filters, organisers="dolisa", lang=lang)
    victims = db.victims(filters, lang=lang)
    rows = [
        ("integrated_sessions", _shown(integrated, 0, lang, "events")),
        ("integrated_attendees", _shown(integrated, 0, lang, "attendees")),
        ("community_sessions", _shown(community, 0, lang, "events")),
        ("community_attendees", _shown(community, 0, lang, "attendees")),
        ("leaflets", _shown(leaflets, 0, lang, "leaflets")),
        ("victims", _shown(victims, 0, lang)),
    ]
    i = 0 if lang == "vi" else 1
    table = pd.DataFrame(
        [(REVIEW_TOTALS[key][i], value) for key, value in rows],
        columns=[text("figure", lang), text("value", lang)],
    )
    table.attrs.update(filters=filters, mode=getattr(db, "mode", "internal"))
    return table


def _cover_word(key: str, lang: str) -> str:
    vi, en = COVER[key]
    return vi if lang == "vi" else en


def _narrowed(filters: Filters, field: str, code: str | None) -> Filters | None:
    """`filters` narrowed to one organiser or event type; None when the pack's own choice leaves it out."""
    if code is None:
        return filters
    chosen = getattr(filters, field)
    if chosen and code not in chosen:
        return None
    return filters.replace(**{field: (code,)})


def _review_part(filters: Filters) -> tuple[int, int] | None:
    """The years of the pack's period inside the review's (2016–2020); None when none are."""
    first, last = filters.years or REVIEW_YEARS
    part = (max(first, REVIEW_YEARS[0]), min(last, REVIEW_YEARS[1]))
    return part if part[0] <= part[1] else None


def _review_heading(filters: Filters, lang: str) -> str:
    """The review block's heading: the review's own for a pack inside 2016–2020, else labelled with
    the part of the pack's period it counts ('2016–2020, theo cách đếm của báo cáo tổng kết …')."""
    part = _review_part(filters)
    if part is None or (filters.years and tuple(filters.years) == part):
        return _cover_word("review_heading", lang)
    years = str(part[0]) if part[0] == part[1] else f"{part[0]}–{part[1]}"
    return _cover_word("review_heading_part", lang).format(years=years)


def _review_rows(db, filters: Filters, lang: str) -> tuple[list[tuple[str, str]], list[pd.DataFrame]]:
    """The review's lines for the pack's places and the part of its period inside 2016–2020 (the
    review's period: a 2021–2026 line under its heading would contradict it and leave out the
    successor body's sessions): the Department's integrated sessions and the volunteer teams'
    community sessions (sessions, attendees), the Department's leaflets (with their unit), each
    worded as the review words it. None when the period has no year inside 2016–2020."""
    part = _review_part(filters)
    if part is None:
        return [], []
    rows, frames = [], []
    for key, organiser, event_type, shown in REVIEW_LINES:
        chosen = _narrowed(filters.replace(years=part), "organisers", organiser)
        chosen = chosen and _narrowed(chosen, "event_types", event_type)
        if chosen is None:
            continue
        frame = db.events(chosen, lang=lang)
        frames.append(frame)
        if shown == "sessions":
            value = _cover_word("sessions_attendees", lang).format(
                sessions=format_number(frame.loc[0, "events"], lang=lang),
                attendees=format_number(frame.loc[0, "attendees"], lang=lang),
            )
        else:
            count = int(frame.loc[0, "leaflets"])
            floor = 10 ** (len(str(count)) - 1) * (count // 10 ** (len(str(count)) - 1)) if count else 0
            value = (
                _cover_word("leaflets_over", lang).format(
                    count=format_number(count, lang=lang), floor=format_number(floor, lang=lang)
                )
                # the review's own words: its "more than 40,000" of the whole city over 2016-2020,
                # never a floor made up for some of its districts ("more than 10,000" of two)
                if 0 < floor < count and part == REVIEW_YEARS and not filters.districts
                else _cover_word("leaflets_count", lang).format(count=format_number(count, lang=lang))
            )
        rows.append((_cover_word(key, lang), value))
    return rows, frames


def _cover_page(db, filters: Filters, lang: str, meta):
    events = db.events(filters, lang=lang)
    communication = db.count("communication", filters, lang=lang)
    victims = db.victims(filters, lang=lang)
    rows = [
        # The whole period's totals, every organiser and type: the review's lines follow, apart.
        (_cover_word("all_events", lang), format_number(events.loc[0, "events"], lang=lang)),
        (_cover_word("all_attendees", lang), format_number(events.loc[0, "attendees"], lang=lang)),
        (_cover_word("all_leaflets", lang), format_number(events.loc[0, "leaflets"], lang=lang)),
        # Beside the events and not among them: items put out online and in the media.
        (text("communication_items", lang), format_number(communication.loc[0, "items"], lang=lang)),
        (measure_text("victims", victims, lang), _shown(victims, 0, lang)),
    ]
    # People being identified and people found not to be victims, each on its own line: in publish
    # mode from the pack's protected table of those statuses (a count below k shows as '<k').
    statuses = db.victims(
        _pack_filters(filters, COVER_STATUS_TABLE), by=list(COVER_STATUS_TABLE), lang=lang, complete=True
    )
    # Its rows name their statuses themselves: in the footer the table is the pack's selection, as
    # publish mode hands it over, not a second filter the whole cover would seem narrowed to.
    statuses = statuses.copy()
    statuses.attrs = {**statuses.attrs, "filters": filters}
    for status in COVER_STATUSES:
        found = statuses.index[statuses["trafficking_status"] == status]
        shown = _shown(statuses, found[0], lang) if len(found) else format_number(0, lang=lang)
        rows.append((text(f"people_{status}", lang), shown))
    # What the police and the hotlines report, as publish mode releases each (cases and contacts
    # through the release register; suspects are never published, so not on the cover).
    cases = db.count("cases", filters, lang=lang)
    contacts = db.count("hotline", filters, lang=lang)
    rows.append((text("cases", lang), _shown(cases, 0, lang, "cases")))
    rows.append((text("contacts", lang), _shown(contacts, 0, lang, "contacts")))
    review, review_frames = _review_rows(db, filters, lang)
    heading_row = None
    if review:
        heading_row = len(rows) + 1  # the table's row (after the column labels)
        rows.append((_review_heading(filters, lang), ""))
        rows += review
    figure, (ax,) = new_figure(A4_LANDSCAPE)
    ax.axis("off")
    ax.set_title(text("brief_title", lang), fontsize=18, loc="left")
    ax.text(0, 0.95, filters.describe(lang), fontsize=12, transform=ax.transAxes)
    ax.text(0, 0.87, text("key_figures", lang), fontsize=14, weight="bold", transform=ax.transAxes)
    # Publish mode: the withheld cells depend on what was released before (docs/releases.md).
    history = getattr(db, "release_note", None)
    note = history(lang) if history else ""
    bottom = 0.2 if note else 0.04
    table = ax.table(
        cellText=[[name, value] for name, value in rows],
        colLabels=[text("figure", lang), text("value", lang)],
        bbox=Bbox.from_bounds(0, bottom, 0.9, 0.84 - bottom),
        colWidths=[0.6, 0.3],
        cellLoc="left",
    )
    table.auto_set_font_size(False)
    table.set_fontsize(10)
    if heading_row is not None:
        for column in (0, 1):
            table[heading_row, column].set_text_props(weight="bold")
            table[heading_row, column].set_facecolor("#eeeeee")
    if note:
        ax.text(
            0,
            0.0,
            _note_lines(note),
            fontsize=9,
            transform=ax.transAxes,
            va="bottom",
            gid="release-note",
        )
    used = [events, victims, statuses, communication, cases, contacts]
    # The cover has no axis: the footer leaves out how charts draw a withheld cell at theirs. The
    # review's lines name their organiser and type themselves (the sidecar lists their queries).
    set_footer(figure, without_axis(used), meta, lang)
    return figure, [*used, *review_frames]


def _note_lines(note: str) -> str:
    return "\n".join(textwrap.wrap(note, 150))


def _name_releases(cover: Figure, note: str) -> None:
    """The cover's release note said again, naming every release the pack's victim counts belong to."""
    for artist in cover.axes[0].texts:
        if artist.get_gid() == "release-note":
            artist.set_text(_note_lines(note))


# Names of files a pack is not (a Word or Writer document, an image, a spreadsheet, a web page):
# `pack.docx` was written as `pack.docx.pdf`. Other names (none, or `pack v1.2`) get ".pdf".
OTHER_FORMATS = OTHER_FILES | {".png", ".svg"}


def write_brief(db, path: str | Path, filters: Filters, *, lang: str = "vi", mode: str = "publish") -> Path:
    """One multi-page PDF: a cover with the key figures, the standard figures, then the district x
    year tables. Same data and filters, same bytes; a `.json` sidecar lists every query.

    `mode="publish"` (the default) protects every victim count of the pack together."""
    path = Path(path)
    check_files_free([path])  # a folder given as the pack's file
    if path.suffix.lower() in OTHER_FORMATS:
        fields: dict[str, object] = {
            "given": str(path),
            "suffix": path.suffix,
            "pdf": str(path.with_suffix(".pdf")),
        }
        raise UsageError(
            error_text("brief_not_pdf", fields, lang),
            given=str(path),
            closest=fields["pdf"],
            words=("brief_not_pdf", fields),
        )
    if path.suffix.lower() != ".pdf":  # a name without it gave a PDF no viewer would open by name
        path = path.with_name(path.name + ".pdf")
    path = internal_name(path) if mode == "internal" else path
    check_files_free([path, path.with_name(path.name + ".json")])
    ready_folder(path.parent, mode)
    source = _source(db, filters, lang, mode)
    try:
        meta = source.metadata
        cover, used = _cover_page(source, filters, lang, meta)
        pages = [cover]
        for _, ax, frames in briefing_figures(source, filters, lang=lang, mode=mode):
            pages.append(ax.figure)
            used += frames
        for kind, measure in (("events", "events"), ("events", "attendees"), ("victims", "victims")):
            frame = source.count(kind, filters, by=["district", "year"], lang=lang, complete=True)
            table = district_year_display(frame, measure, lang=lang)
            heading = f"{measure_text(measure, frame, lang)} {text('heatmap_title', lang)}"
            pages.append(_table_page(table, heading, frame, meta, lang))
            used.append(frame)
        pages += _programme_pages(source, filters, lang, meta, used)
        if isinstance(source, _Publication):  # every release of the pack's victim counts, now made
            _name_releases(cover, source.release_note(lang, used))
        if mode == "internal":
            # One document with exact victim counts: every page says so, in case it is printed apart.
            for page in pages:
                mark_internal(page, lang)
        else:
            # A published pack holds no page of exact counts, however its pages came to be drawn
            # (found by an attacker on 7 Dec 2026: a connection's funnel replaced by an internal
            # one's put an exact funnel page, marked internal, into a published pack).
            for page in pages:
                if marked_internal(page) or drew_exact(page):
                    raise refusal("export_exact_figure", {}, lang)
    finally:
        if isinstance(source, _Publication):
            source.close()
    # Imported here: the PDF backend (and fontTools under it) is a third of `import workbench`.
    from matplotlib.backends.backend_pdf import PdfPages

    if mode == "internal":
        make_owner_only((path, path.with_name(path.name + ".json")))
    with deterministic(), PdfPages(path, metadata=FILE_METADATA["pdf"]) as pdf:
        for page in pages:
            pdf.savefig(page)
    sidecar = write_sidecar(path, {"mode": mode, **provenance(used, meta)})
    record_release_files(used, [path, sidecar])
    return path


def _programme_pages(source, filters: Filters, lang: str, meta, used: list) -> list:
    """The victim funnel of the pack's people and places, then, for a period within a programme,
    its targets against what was measured (a figure and a table, sources below)."""
    from ._funnel_charts import funnel_chart, targets_chart
    from ._targets import targets_table
    from ._words import TARGET_WORDS

    funnel = source.funnel(filters, lang=lang)
    pages = [funnel_chart(funnel, lang=lang, meta=meta).figure]
    used.append(funnel)
    targets = source.targets(filters.years, lang=lang)
    if not len(targets):  # a period no programme of the file covers
        return pages
    # A part period (a year still running, a range from mid-year) says so under figure and table.
    partial = targets.attrs.get("period_notes", [])
    pages.append(targets_chart(targets, lang=lang, meta=meta, notes=partial).figure)
    heading = TARGET_WORDS["title"][lang != "vi"]
    if targets["uncertain"].any():  # the star in the table says what it says on the figure
        heading += "\n" + TARGET_WORDS["uncertain_note"][lang != "vi"]
    pages.append(_table_page(targets_table(targets, lang), heading, targets, meta, lang, partial))
    used += targets.attrs.get("sources", [])
    return pages
