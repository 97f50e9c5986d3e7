"""The victim funnel: how many people reached each stage (received -> verified -> identified ->
supported -> reintegrated) and the median days between consecutive stages.

Internal mode (`Workbench.funnel`) aggregates in DuckDB, every value a bound parameter. Publish mode
(`PublishedWorkbench.funnel`) releases the counts as cells of the release register: each stage's
count is a box publish mode already knows (people of some statuses; identified victims of some
workflow stages, see _stages), so the audit that protects every release protects the funnel with
everything released before — a stage's count, and the difference between two stages, below k is
withheld, and so is any count derivable from other releases. A median over fewer than k people is
withheld too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._codes import codes
from ._disclosure import COMPLEMENTARY, PRIMARY, PUBLISHED, PublishedTable, refusal
from ._errors import InvalidFilterError
from ._filters import Filters
from ._kinds import KINDS
from ._query import check_geography, filter_where
from ._schema import quote_identifier
from ._stages import STAGES, Stage
from ._text import format_number
from ._units import geography_note, territory_note
from ._words import FUNNEL_WORDS

STATUS = "trafficking_status"
# The frame's columns: one row per stage.
COLUMNS = ("stage", "stage_label", "people", "median_days", "timed")


def funnel_word(name: str, lang: str = "vi") -> str:
    vi, en = FUNNEL_WORDS[name]
    return vi if lang == "vi" else en


def _check(filters: Filters) -> None:
    if filters.trafficking_statuses:
        raise InvalidFilterError(
            "The funnel counts people of every trafficking status (it shows how many were verified and "
            f"identified); trafficking_statuses={list(filters.trafficking_statuses)} was given. "
            "Leave it out.",
            given=str(list(filters.trafficking_statuses)),
            valid=[],
        )


def _reached_sql(stage: Stage, params: dict[str, object]) -> str:
    """The condition (over alias v) that a record has reached `stage`; its codes become parameters."""
    parts = []
    if stage.statuses is not None:
        params[f"{stage.name}_statuses"] = list(stage.statuses)
        parts.append(f"list_contains(${stage.name}_statuses, v.{STATUS})")
    if stage.workflow_stages is not None:
        params[f"{stage.name}_workflow"] = list(stage.workflow_stages)
        parts.append(f"list_contains(${stage.name}_workflow, v.workflow_stage)")
    return " AND ".join(parts) or "TRUE"


def funnel_sql(
    filters: Filters, geography: str = "recorded", national: bool = False, chosen_ids: bool = False
) -> tuple[str, dict[str, object]]:
    """One row: for each stage the people who reached it (`people_<stage>`, fractional when
    harmonised: shares of 2025 units), and from the second stage on the people with both dates
    (`timed_<stage>`) and the median days from the stage before (`days_<stage>`).

    `chosen_ids`: the people are given as the parameter `$victim_ids` (publish mode's, as its
    engine placed them) instead of by the filters."""
    kind = KINDS["victims"]
    harmonised = geography == "harmonised"
    params: dict[str, object]
    if chosen_ids:
        where, params = ["list_contains($victim_ids, v.victim_id)"], {}
        chosen = "SELECT v.victim_id, 1.0 AS share FROM main.victims v WHERE " + where[0]  # noqa: S608
    else:
        where, params = filter_where(kind, filters, harmonised, national)
        conditions = "\n    AND ".join(where)
        if harmonised:
            join = "JOIN main.harmonisation pw ON pw.place_code = v.place_code"
            chosen = (
                f"SELECT v.victim_id, sum(pw.weight) AS share FROM main.victims v\n  {join}\n"  # noqa: S608
                f"  WHERE {conditions}\n  GROUP BY v.victim_id"
            )
        else:
            chosen = f"SELECT v.victim_id, 1.0 AS share FROM main.victims v\n  WHERE {conditions}"  # noqa: S608
    flags, selects = [], []
    before: Stage | None = None
    for stage in STAGES:
        reached = quote_identifier("reached_" + stage.name)
        flags.append(f"{_reached_sql(stage, params)} AS {reached}")
        selects.append(
            f"coalesce(sum(share) FILTER (WHERE {reached}), 0) AS {quote_identifier('people_' + stage.name)}"
        )
        if before is not None:
            a, b = quote_identifier(before.date_column), quote_identifier(stage.date_column)
            # reaching a stage means reaching the one before it (_stages): both dates, both stages
            both = f"{reached} AND {a} IS NOT NULL AND {b} IS NOT NULL"
            selects.append(f"count(*) FILTER (WHERE {both}) AS {quote_identifier('timed_' + stage.name)}")
            selects.append(
                f"median(date_diff('day', {a}, {b})) FILTER (WHERE {both}) "
                f"AS {quote_identifier('days_' + stage.name)}"
            )
        before = stage
    dates = ", ".join(f"v.{quote_identifier(stage.date_column)}" for stage in STAGES)
    # Every piece of text is a declared identifier or expression; values are parameters.
    sql = (
        f"WITH chosen AS (\n  {chosen}\n),\npeople AS (\n  SELECT c.share, {dates},\n    "  # noqa: S608
        + ",\n    ".join(flags)
        + "\n  FROM chosen c JOIN main.victims v ON v.victim_id = c.victim_id\n)\nSELECT "
        + ",\n  ".join(selects)
        + "\nFROM people"
    )
    return sql, params


def shape(raw: pd.DataFrame, lang: str, harmonised: bool) -> pd.DataFrame:
    """The one-row aggregate as a row per stage."""
    row = raw.iloc[0]
    rows = []
    for i, stage in enumerate(STAGES):
        people = float(row[f"people_{stage.name}"])
        timed = int(row[f"timed_{stage.name}"]) if i else 0
        days = row[f"days_{stage.name}"] if i else np.nan
        rows.append(
            (
                stage.name,
                funnel_word(stage.name, lang),
                people if harmonised else round(people),
                float(days) if days is not None and not pd.isna(days) else np.nan,
                timed,
            )
        )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["people"] = frame["people"].astype("float64" if harmonised else "int64")
    return frame


def describe_frame(
    frame: pd.DataFrame,
    filters: Filters,
    geography: str,
    sql: str,
    params,
    mode: str,
    lang: str,
    national: bool,
    data_about: dict[str, str],
) -> pd.DataFrame:
    """The attributes every table carries (what produced it, how places were counted, and the data
    its footer names: without them a funnel chart said "phiên bản không rõ", version unknown)."""
    frame.attrs.update(
        kind="victims",
        table="funnel",
        lang=lang,
        sql=sql,
        params=params,
        filters=filters,
        geography=geography,
        geography_note=geography_note(geography, lang),
        territory_note=None if national else territory_note(filters.years, lang),
        status_note=funnel_word("status_note", lang),
        # every status: read as people received, not identified victims (_labels.counts_other_statuses)
        count_scope=frozenset({("trafficking_statuses", tuple(sorted(codes(STATUS))))}),
        mode=mode,
        data_about=data_about,
    )
    return frame


def internal_funnel(db, filters: Filters, geography: str | None, lang: str) -> pd.DataFrame:
    """`Workbench.funnel`: exact counts (an internal table)."""
    _check(filters)
    geography = "recorded" if db.national else check_geography(geography, filters)
    sql, params = funnel_sql(filters, geography, db.national)
    raw = db._query(sql, params)
    frame = shape(raw, lang, geography == "harmonised")
    return describe_frame(
        frame, filters, geography, sql, params, "internal", lang, db.national, db.data_about()
    )


# ---- publish mode ------------------------------------------------------------------------------


class FunnelTable:
    """The funnel as one table of a release: a cell per stage, each a box of the register. It has
    what `_withhold.settle` and `PublishedWorkbench._release` read of a table (cells, measure,
    frame)."""

    measure = None

    def __init__(self, engine, filters: Filters, geography: str | None, k: int, lang: str = "vi") -> None:
        from ._publish_tables import Cell, Table
        from ._release import Box

        _check(filters)
        honoured = {"provinces", "districts", "years"}
        unhonoured = set(filters.active(KINDS["victims"].filter_fields)) - honoured
        if unhonoured:
            fields = {"unhonoured": ", ".join(sorted(unhonoured)), "honoured": ", ".join(sorted(honoured))}
            raise refusal("publish_funnel_not_narrowed", fields, lang)
        # The places and years as a victims table of these filters has them (checks included).
        chosen = filters.replace(trafficking_statuses=codes(STATUS))
        base = Table.plan(engine, chosen, (), geography, k, lang=lang)
        self.engine, self.filters, self.geography, self.base = engine, filters, base.geography, base
        areas, years = frozenset(base.extent["district"]), frozenset(base.extent["year"])
        self.cells = []
        last_published: int | None = None
        for stage in STAGES:
            statuses = frozenset(stage.statuses or codes(STATUS))
            if stage.workflow_stages is None:
                box = Box(None, areas, years, statuses=statuses)
            else:
                box = Box("workflow_stage", areas, years, frozenset(stage.workflow_stages), statuses)
            exact = engine.count(box)
            # The table's own protection: a count below k, or whose difference from the stage
            # before it that is shown is below k (those who stopped there), is withheld; the audit
            # then withholds more if any count can still be narrowed (across releases too).
            if exact < k:
                seed = PRIMARY
            elif last_published is not None and last_published - exact < k:
                seed = COMPLEMENTARY
            else:
                seed, last_published = PUBLISHED, exact
            self.cells.append(Cell(box, exact, stage.name == "received", (stage.name, "people"), seed))

    def describe(self) -> dict:
        return {"funnel": True, **self.base.describe()}

    def _medians(self) -> dict[str, tuple[int, float]]:
        """(people timed, median days) per stage, over the people this table counts (as publish
        mode placed them), aggregated in DuckDB with the ids as a bound list."""
        frame = self.engine.frame()
        box = self.cells[0].box
        chosen = frame[frame["area"].isin(box.areas) & frame["year"].isin(box.years)]
        sql, params = funnel_sql(self.filters, chosen_ids=True)
        params["victim_ids"] = chosen["victim_id"].tolist()
        raw = self.engine.internal._connection().execute(sql, params).df()
        row = raw.iloc[0]
        return {
            stage.name: (int(row[f"timed_{stage.name}"]), row[f"days_{stage.name}"]) for stage in STAGES[1:]
        }

    def frame(self, statuses: dict, k: int, lang: str, db, releases: list[int]) -> pd.DataFrame:
        names = [stage.name for stage in STAGES]
        values = pd.DataFrame(pd.NA, index=names, columns=["people"], dtype="Int64")
        status = pd.DataFrame(PUBLISHED, index=names, columns=["people"], dtype=object)
        for cell in self.cells:
            state = statuses[cell.key]
            status.loc[cell.position] = COMPLEMENTARY if state not in (PUBLISHED, PRIMARY) else state
            if state == PUBLISHED:
                values.loc[cell.position] = cell.exact
        published = PublishedTable(values, status, k)
        shown = published.display(lang)
        medians = self._medians()
        days, days_shown = [], []
        for before, name in zip([None, *names], names, strict=False):
            timed, median = medians.get(name, (0, np.nan))
            # A median is shown only over people whose number is itself published: the stage's count
            # and the one before it released (so the audit of every release stands behind them), and
            # every one of the stage's people timed. Shown or withheld by its own count (fewer than
            # k timed), it would tell what the register never recorded: whether a selection holds
            # k people, and by comparing selections whether a district holds anyone at all.
            released = (
                before is not None
                and status.loc[name, "people"] == PUBLISHED
                and status.loc[before, "people"] == PUBLISHED
                and timed == values.loc[name, "people"]
                and not pd.isna(median)
            )
            if name == "received":
                days.append(np.nan)
                days_shown.append("")
            elif not released:
                days.append(np.nan)
                days_shown.append(FUNNEL_WORDS["median_withheld"][lang != "vi"])
            else:
                days.append(float(median))
                days_shown.append(format_number(float(median), lang=lang, decimals=1 if median % 1 else 0))
        frame = pd.DataFrame(
            {
                "stage": names,
                "stage_label": [funnel_word(n, lang) for n in names],
                "people": pd.array([values.loc[n, "people"] for n in names], dtype="Int64"),
                "people_status": [status.loc[n, "people"] for n in names],
                "people_display": [shown.loc[n, "people"] for n in names],
                "median_days": days,
                "median_days_display": days_shown,
            }
        )
        national = self.engine.national
        sql, params = funnel_sql(self.filters, self.geography, national)
        about = self.engine.internal.data_about()
        describe_frame(frame, self.filters, self.geography, sql, params, "publish", lang, national, about)
        frame.attrs.update(
            protected=published,
            release={"register": str(db.register.path), "releases": releases},
        )
        return frame
