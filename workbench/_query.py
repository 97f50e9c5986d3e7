"""Aggregate queries: SQL assembled only from declared identifiers, every value a bound parameter."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ._codes import codes, label
from ._districts import (
    CAN_THO_PROVINCE_CODE,
    districts,
    national_districts,
    national_name,
    province_districts,
)
from ._errors import InvalidFilterError, UnknownFieldError, closest, unknown_value
from ._filters import Filters
from ._kinds import KINDS, Dimension, Kind
from ._schema import quote_identifier
from ._units import (
    AREA_GROUPS,
    GEOGRAPHIES,
    REFORM_DATE,
    harmonised_areas,
    place_name,
    units_2025,
    whole_shares,
)
from ._words import STATUS_NOTES, TEXT


def counted_statuses(kind_name: str, filters: Filters, by=()) -> tuple[str, ...] | None:
    """The trafficking statuses a count takes when none was chosen; None when the choice is the
    user's (a status filter, or grouping by status) or the record kind has no status."""
    names = (by,) if isinstance(by, str) else tuple(by or ())
    default = KINDS[kind_name].default_statuses
    if not default or filters.trafficking_statuses or "trafficking_status" in names:
        return None
    return default


def count_scope(kind_name: str, filters: Filters, by=()) -> frozenset:
    """What a table counts beyond its groupings, as disclosure keys (see _disclosure.protect_result):
    one status is the same count as that status's cells in a table grouped by status."""
    names = (by,) if isinstance(by, str) else tuple(by or ())
    if not KINDS[kind_name].default_statuses:
        return frozenset()
    if "trafficking_status" in names:
        # Grouped by status, some statuses chosen: the totals over the status are over those only,
        # as in the standard figure of the statuses beside the identified victims (_brief.only_statuses).
        chosen = tuple(sorted(set(filters.trafficking_statuses)))
        if not chosen or set(chosen) == set(codes("trafficking_status")):
            return frozenset()
        return frozenset({("trafficking_statuses", chosen)})
    statuses = counted_statuses(kind_name, filters, by) or tuple(filters.trafficking_statuses)
    if len(statuses) == 1:
        return frozenset({("trafficking_status", statuses[0])})
    return frozenset({("trafficking_statuses", tuple(sorted(statuses)))})


def status_note(kind_name: str, filters: Filters, by=(), lang: str = "vi") -> str | None:
    """Which people a victim or support table counted, for its footer (None for events)."""
    if not KINDS[kind_name].default_statuses:
        return None
    i = 0 if lang != "en" else 1
    if counted_statuses(kind_name, filters, by) is not None:
        return STATUS_NOTES[(kind_name, "default")][i]
    chosen = filters.trafficking_statuses or codes("trafficking_status")
    return STATUS_NOTES[("victims", "chosen")][i] + "; ".join(
        label("trafficking_status", c, lang) for c in chosen
    )


def _dimensions(kind: Kind, by: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    names = (by,) if isinstance(by, str) else tuple(by or ())
    for name in names:
        if name not in kind.dimensions:
            error = unknown_value(
                UnknownFieldError, "dimension", name, kind.dimensions, lead=f"Cannot group by {name!r}"
            )
            if error.closest is None and isinstance(name, str):
                error = _by_its_words(kind, name, error)
            shown = None if error.closest is None else repr(error.closest)
            if error.closest in TEXT and f"({TEXT[error.closest][0]})" in str(error):  # found by its words
                shown = f"{shown} ({TEXT[error.closest][0]})"
            listed = ", ".join(kind.dimensions)
            error.words = ("unknown_grouping", {"given": repr(name), "match": shown, "listed": listed})
            raise error
    return tuple(dict.fromkeys(names))  # a grouping named twice is that grouping once


def _by_its_words(kind: Kind, name: str, error: UnknownFieldError) -> UnknownFieldError:
    """A grouping asked for by the words its axis shows ('quận', 'năm', 'Destination country'):
    the error names the field those words label, e.g. `Cannot group by 'quận' — did you mean
    'district' (Quận/huyện)?`."""
    from ._text import fold

    words: dict[str, str] = {}
    for dim in kind.dimensions:
        for said in TEXT.get(dim, ()):
            words.setdefault(re.sub(r"[^0-9a-z]+", " ", fold(said)).strip(), dim)
    near = closest(re.sub(r"[^0-9a-z]+", " ", fold(name)).strip(), words, within=True)
    if near is None:
        return error
    dim = words[near]
    message = str(error).replace(f"{name!r}.", f"{name!r} — did you mean {dim!r} ({TEXT[dim][0]})?", 1)
    return UnknownFieldError(message, given=name, valid=error.valid, closest=dim)


def check_geography(geography: str | None, filters: Filters, by=()) -> str:
    """'recorded' or 'harmonised'; None picks harmonised when districts are grouped or filtered."""
    if geography is None:
        names = (by,) if isinstance(by, str) else tuple(by or ())
        return "harmonised" if "district" in names or filters.districts else "recorded"
    if geography not in GEOGRAPHIES:
        raise unknown_value(InvalidFilterError, "geography", geography, GEOGRAPHIES)
    return geography


def _rollup(table: str, coded: tuple[str, ...], time: tuple[str, ...]) -> Kind:
    """A pre-aggregate of the events as a record kind: its rows carry summed measures."""
    coded_filters = ("organisers", "event_types", "topics") if coded else ()
    return replace(
        KINDS["events"],
        source=f"main.{table} r",
        measure_sql=tuple(
            (name, f"CAST(coalesce(sum(r.{name}), 0) AS BIGINT)")
            for name in ("events", "attendees", "leaflets")
        ),
        harmonised_measures=(),
        place="r",
        dimensions={
            "district": Dimension("r.place_code"),
            **{name: Dimension(f"r.{name}") for name in time},
            **{name: KINDS["events"].dimensions[name] for name in coded},
        },
        filter_columns={
            "provinces": ("r.place_code", "province"),
            "districts": ("r.place_code", "place"),
            "years": ("r.year", "between"),
            **{field: KINDS["events"].filter_columns[field] for field in coded_filters},
        },
    )


# National databases hold the events pre-aggregated (_national.ROLLUPS), smallest first: a question
# one of them covers (its groupings and filters) is answered from it, not from every event.
ROLLUPS = {
    "events_district_month": _rollup("events_district_month", (), ("year", "month")),
    "events_district_year": _rollup("events_district_year", ("organiser", "event_type", "topic"), ("year",)),
}


def province_places(chosen: tuple[int, ...], national: bool = False) -> list[int]:
    """Every place code a record of these provinces can name: their districts and, for Cần Thơ
    (unless the database is national: 93 and 94 are districts of Điện Biên there), its 2025 units
    and the former-province area groups merged into it."""
    places = province_districts(chosen)
    if CAN_THO_PROVINCE_CODE in chosen and not national:
        places += [u.code for u in units_2025()] + list(AREA_GROUPS)
    return places


@dataclass(frozen=True)
class Plan:
    """One query, checked once: what is counted, grouped how, placed how, and the SQL that does it.
    Shaping the result reads the plan rather than checking the request again."""

    kind: str
    filters: Filters  # as asked (the statuses counted by default are in the SQL, not here)
    dimensions: tuple[str, ...]
    geography: str  # 'recorded' or 'harmonised'
    sql: str
    params: dict[str, object]
    national: bool = False


def plan_query(
    kind_name: str,
    filters: Filters,
    by=(),
    geography: str | None = "recorded",
    *,
    rollups=(),
    national: bool = False,
) -> Plan:
    """The plan that aggregates one record kind.

    geography='harmonised' joins each record to its place's shares in the 2019 districts (and
    former-province area groups) and weights every measure by them; 'recorded' counts places as
    the records name them; None picks as `check_geography` does. `rollups`: the names of the
    pre-aggregates the database holds; `national`: the database holds all of Vietnam's pre-2025
    districts and nothing after (places are always as recorded).
    """
    kind = KINDS[kind_name]
    dims = _dimensions(kind, by)
    geography = "recorded" if national else check_geography(geography, filters, by)
    sql, params = _sql(kind_name, filters, dims, geography == "harmonised", rollups, national)
    return Plan(kind_name, filters, dims, geography, sql, params, national)


def aggregate_sql(
    kind_name: str,
    filters: Filters,
    by=(),
    geography: str | None = "recorded",
    *,
    rollups=(),
    national: bool = False,
) -> tuple[str, dict[str, object]]:
    """The SQL text and bound parameters of `plan_query`'s plan (the same checks, the same SQL)."""
    plan = plan_query(kind_name, filters, by, geography, rollups=rollups, national=national)
    return plan.sql, plan.params


def _sql(
    kind_name: str, filters: Filters, dims: tuple[str, ...], harmonised: bool, rollups, national: bool
) -> tuple[str, dict[str, object]]:
    kind = KINDS[kind_name]
    by = dims
    statuses = counted_statuses(kind_name, filters, by)
    if statuses is not None:
        filters = filters.replace(trafficking_statuses=statuses)
    if kind_name == "events" and not harmonised:
        needed = set(filters.active(kind.filter_fields))
        for name, rollup in ROLLUPS.items():
            covered = set(dims) <= set(rollup.dimensions) and needed <= set(rollup.filter_columns)
            if name in rollups and covered:
                kind = rollup
                break
    expressions = {d: kind.dimensions[d].expression for d in dims}
    if harmonised and "district" in expressions:
        expressions["district"] = "pw.district_code"
    select = [f"{expressions[d]} AS {quote_identifier(d)}" for d in dims]
    measures = kind.harmonised_measures if harmonised else kind.measure_sql
    select += [f"{expression} AS {quote_identifier(name)}" for name, expression in measures]
    joins = [kind.joins[n] for n in dict.fromkeys(kind.dimensions[d].needs for d in dims) if n]
    if harmonised:
        joins.insert(0, f"JOIN main.harmonisation pw ON pw.place_code = {kind.place}.place_code")
    where, params = filter_where(kind, filters, harmonised, national)
    # Every piece of text above is a declared identifier or expression; values are parameters.
    sql = f"SELECT {', '.join(select)}\nFROM {kind.source}"
    if joins:
        sql += "\n" + "\n".join(joins)
    sql += "\nWHERE " + "\n  AND ".join(where)
    if dims:
        sql += "\nGROUP BY ALL\nORDER BY " + ", ".join(str(i + 1) for i in range(len(dims)))
    return sql, params


def filter_where(
    kind: Kind, filters: Filters, harmonised: bool, national: bool = False
) -> tuple[list[str], dict[str, object]]:
    """The WHERE conditions (over the kind's aliases, and `pw` when harmonised) that narrow a kind's
    records to `filters`, with their bound parameters: declared expressions only, values bound."""
    where: list[str] = ["TRUE"]
    params: dict[str, object] = {}
    for field, value in filters.active(kind.filter_fields).items():
        column, mode = kind.filter_columns[field]
        if mode == "place":
            # A place filter keeps a row whose recorded place is chosen (a district or a 2025 unit)
            # or, harmonised, whose share goes to a chosen district or area group.
            where.append(
                f"(list_contains(${field}, {column}) OR list_contains(${field}, pw.district_code))"
                if harmonised
                else f"list_contains(${field}, {column})"
            )
            params[field] = list(value)
        elif mode == "province":
            # The provinces' places as a list: a record names a district (or a 2025 unit), not a province.
            where.append(
                f"(list_contains($province_places, {column})"
                " OR list_contains($province_places, pw.district_code))"
                if harmonised
                else f"list_contains($province_places, {column})"
            )
            params["province_places"] = province_places(value, national)
        elif mode == "between":
            where.append(f"{column} BETWEEN ${field}_from AND ${field}_to")
            params[f"{field}_from"], params[f"{field}_to"] = value
        elif mode == "any":
            where.append(f"list_has_any({column}, ${field})")
            params[field] = list(value)
        else:
            where.append(f"list_contains(${field}, {column})")
            params[field] = list(value)
    return where, params


def whole_counts(frame: pd.DataFrame, measure: str, by=()) -> pd.Series:
    """A harmonised measure as whole numbers that keep every total the table implies: rounded by
    largest remainder across the areas within each group of the other dimensions (each group's
    total is a whole number of records). For tables that must hold counts, as in publish mode."""
    names = (by,) if isinstance(by, str) else list(by or ())
    others = [d for d in names if d != "district"]
    groups = [group.index for _, group in frame.groupby(others, sort=False)] if others else [frame.index]
    out = pd.Series(0, index=frame.index, dtype="int64")
    for index in groups:
        # A sum over no rows (an empty selection, by=()) is NULL in SQL: nobody, as a whole 0.
        out.loc[index] = whole_shares(frame.loc[index, measure].astype(float).fillna(0.0).tolist())
    return out


def _domain(
    kind: Kind,
    dim: str,
    filters: Filters,
    frame: pd.DataFrame,
    geography: str,
    national: bool = False,
    years: tuple[int, int] | None = None,
) -> list:
    if dim == "district" and national:  # every pre-2025 district of the chosen provinces
        if filters.districts:
            return list(filters.districts)
        if filters.provinces:
            return province_districts(filters.provinces)
        return [d.code for d in national_districts()]
    if dim == "district":
        after_reform = filters.years is None or filters.years[1] >= REFORM_DATE.year
        if geography == "harmonised":
            areas = [code for code, _, _ in harmonised_areas()]
            if not after_reform:
                areas = [code for code in areas if code not in AREA_GROUPS]
            chosen = set(filters.districts)
            if chosen:
                present = set(frame[dim].dropna().astype("int64"))
                areas = [code for code in areas if code in chosen or code in present]
            return areas
        if filters.districts:
            return list(filters.districts)
        units = [u.code for u in units_2025()] if after_reform else []
        return [d.code for d in districts()] + units
    if dim == "year":
        listed = years or filters.years
        if listed:
            return list(range(listed[0], listed[1] + 1))
        present = frame[dim].dropna()
        return list(range(int(present.min()), int(present.max()) + 1)) if len(present) else []
    if dim == "month":
        return list(range(1, 13))
    # A coded field the filters narrow (statuses=['possible', 'not_victim'] grouped by status): only
    # the chosen codes, so no row stands for a count that was not asked for (nor an empty one for it).
    expression = kind.dimensions[dim].expression
    codeset = kind.dimensions[dim].codeset
    if codeset is None:  # every dimension but place and time is coded: nothing to list
        return []
    for field, (column, how) in kind.filter_columns.items():
        narrowed = getattr(filters, field, ())
        if column == expression and how == "in" and narrowed:
            return [code for code in codes(codeset) if code in set(narrowed)]
    return list(codes(codeset))


def shape_result(
    plan: Plan,
    frame: pd.DataFrame,
    *,
    lang: str = "vi",
    complete: bool = False,
    years: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """Order by the value sets' order, fill empty cells if asked, add district names and labels.

    Filled in, a table by year lists `years` (the years asked, cut to the span held:
    `_filters.years_listed`), or without them the years of the filters.

    Harmonised measures are fractional (shares of 2025 units); recorded ones are integers. A
    national plan names districts from the national reference.
    """
    kind = KINDS[plan.kind]
    dims, filters, national = plan.dimensions, plan.filters, plan.national
    harmonised = plan.geography == "harmonised"
    measures = list(kind.measures)
    if complete and dims:
        geo = "harmonised" if harmonised else "recorded"
        domains = [_domain(kind, d, filters, frame, geo, national, years) for d in dims]
        if len(dims) == 1:  # a one-level MultiIndex would match nothing in a plain index
            index = pd.Index(domains[0], name=dims[0])
        else:
            index = pd.MultiIndex.from_product(domains, names=list(dims))
        # Codes and numbers from DuckDB come as int32 / object: align them with the domain.
        keys = frame[list(dims)].astype({d: "int64" for d in dims if not kind.dimensions[d].codeset})
        frame = frame.assign(**keys).set_index(list(dims) if len(dims) > 1 else dims[0])
        frame = frame.reindex(index, fill_value=0).reset_index()
    # Each column taken out of the frame once: pandas indexing costs more than the work here.
    columns = {name: frame[name] for name in (*dims, *measures)}
    order: slice | np.ndarray = slice(None)
    if dims and len(frame):
        # One numeric sort key per dimension, sorted with numpy (stable; values outside a value
        # set last): a tenth of what building and sorting a frame of keys costs in pandas.
        sort_keys = []
        for dim in dims:
            codeset = kind.dimensions[dim].codeset
            if codeset:
                code_rank = {code: i for i, code in enumerate(codes(codeset))}
                sort_keys.append(np.array([code_rank.get(c, len(code_rank)) for c in columns[dim].tolist()]))
            elif dim == "district" and harmonised:  # the nine districts, then the area groups
                area_rank = {code: i for i, (code, _, _) in enumerate(harmonised_areas())}
                sort_keys.append(
                    np.array([area_rank.get(int(c), len(area_rank)) for c in columns[dim].tolist()])
                )
            else:
                sort_keys.append(columns[dim].to_numpy(dtype="float64", na_value=np.nan))
        order = np.lexsort(sort_keys[::-1])
    out = {}
    for dim in dims:
        codeset = kind.dimensions[dim].codeset
        if dim == "district":
            # Harmonised: a 2019 district or a former-province area group; recorded: the district
            # before the reform, the 2025 unit after it.
            out["district_code"] = columns[dim].to_numpy(dtype="int64")[order]
            name = national_name if national else (lambda code: place_name(code, lang))
            out["district"] = [name(c) for c in out["district_code"].tolist()]
        elif codeset:
            out[dim] = columns[dim].to_numpy()[order]
            out[f"{dim}_label"] = [label(codeset, c, lang) for c in out[dim].tolist()]
        else:
            out[dim] = columns[dim].to_numpy(dtype="int64")[order]
    for measure in measures:
        # Harmonised shares stay unrounded, so the areas add up to the recorded total.
        values = columns[measure].to_numpy(dtype="float64" if harmonised else "int64")[order]
        if harmonised and np.array_equal(values, np.round(values)):
            # No share of a 2025 unit in it (a period before the reform, every weight 1): whole
            # counts, held and shown as whole numbers (108, never 108.0).
            values = values.astype("int64")
        out[measure] = values
    return pd.DataFrame(out)
