"""Context sources beside the city: counts of a published dataset (CTDC, HTCDS) and the comparison
of Cần Thơ with Viet Nam and the region in it.

The context tables are read from the database's current generation through a private read-only
attachment (they are published data: no mode changes them). The city's side is whatever
`db.count("victims", ...)` releases: exact on an internal connection, protected on a publish-mode
one (a withheld count stays withheld, and so does its share). Aggregates run in DuckDB; only the
small tables come back.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from ._codes import label
from ._errors import InvalidFilterError, UnknownBatchError, unknown_value
from ._filters import Filters
from ._generations import current_file
from ._schema import CONTEXT_VICTIMS, quote_identifier
from ._words import CONTEXT_WORDS

# South-East Asia (UN M49 'South-eastern Asia'): the region Cần Thơ's victims are mostly taken to.
REGION = ("BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN")
SCOPES: dict[str, tuple[str, ...] | None] = {"vietnam": ("VN",), "region": REGION, "all": None}
# What can be compared: the city's victim dimension and the context column of the same codes.
COMPARABLE = ("year", "sex", "age_band", "exploitation", "destination")
SERIES = ("city", "vietnam", "region")


def words(key: str, lang: str = "vi") -> str:
    vi, en = CONTEXT_WORDS[key]
    return vi if lang == "vi" else en


def _connect(db) -> duckdb.DuckDBPyConnection:
    """A private connection with the database's current generation attached read-only as `db`."""
    found = current_file(db.path)
    con = duckdb.connect()
    con.execute("ATTACH $path AS db (READ_ONLY)", {"path": str(found)})
    return con


def context_sources(db) -> pd.DataFrame:
    """The context sources of the database: name, profile, release date, k, records, file."""
    with _connect(db) as con:
        return con.execute(
            "SELECT source, profile, release_date, k, records, file, imported_at, batch "
            "FROM db.main.context_sources ORDER BY release_date DESC, imported_at DESC"
        ).df()


def pick_source(db, source: str | None = None) -> dict:
    """The source named (any case), else the latest-released CTDC one, else the latest of any."""
    found = context_sources(db)
    if found.empty:
        raise UnknownBatchError(words("no_source", "en").format(db=db.path), given=source)
    if source is None:
        ctdc = found[found["profile"] == "ctdc"]
        row = (ctdc if len(ctdc) else found).iloc[0]
    else:
        same = found[found["source"].str.casefold() == str(source).casefold()]
        if same.empty:
            raise unknown_value(UnknownBatchError, "context source", source, found["source"].tolist())
        row = same.iloc[0]
    record = row.to_dict()
    record["k"] = None if pd.isna(record["k"]) else int(record["k"])
    return record


def context_victims(
    db,
    by: str = "year",
    *,
    source: str | None = None,
    scope: str = "vietnam",
    years: tuple[int, int] | None = None,
    lang: str = "vi",
) -> pd.DataFrame:
    """Records of a context source by `by` (a column of `context_victims`: year, sex, age_band,
    exploitation, destination, citizenship, means_of_control, ...), for `scope`: 'vietnam'
    (citizenship or country of exploitation Viet Nam), 'region' (South-East Asia) or 'all'.
    Missing values count as 'unknown'. `attrs` carry the source, its release date and k."""
    chosen = pick_source(db, source)
    column = _column(by)
    if scope not in SCOPES:
        raise unknown_value(InvalidFilterError, "scope", scope, SCOPES)
    countries = SCOPES[scope]
    quoted = quote_identifier(column.name)
    value = f"unnest(coalesce({quoted}, ['unknown']))" if column.multi else quoted
    if column.name != "year":
        value = f"coalesce({value}, 'unknown')" if not column.multi else value
    where = ["source = $source"]
    params: dict[str, object] = {"source": chosen["source"]}
    if countries is not None:
        where.append("(list_contains($countries, citizenship) OR list_contains($countries, destination))")
        params["countries"] = list(countries)
    if years is not None:
        first, last = _years(years)
        where.append("year BETWEEN $first AND $last")
        params |= {"first": first, "last": last}
    sql = (
        f"SELECT {quoted}, count(*) AS records FROM (SELECT {value} AS {quoted} "  # noqa: S608 - declared names
        f"FROM db.main.context_victims WHERE {' AND '.join(where)}) GROUP BY ALL ORDER BY 1"
    )
    with _connect(db) as con:
        result = con.execute(sql, params).df()
    if column.codeset is not None:
        result.insert(1, f"{by}_label", [label(column.codeset, str(c), lang) for c in result[by]])
    result.attrs.update(source=chosen, scope=scope, years=years, sql=sql, params=params)
    return result


def context_comparison(
    db,
    by: str = "year",
    *,
    years: tuple[int, int] | None = None,
    source: str | None = None,
    lang: str = "vi",
) -> pd.DataFrame:
    """Cần Thơ's identified victims beside Viet Nam's and the region's records of a context source,
    by `by` (year, sex, age_band, exploitation, destination): one row per category with each
    series' count and its share (%) of that series' total. The city's counts are those `db`
    releases: on a publish-mode connection a withheld count is missing (`city_display` says how
    it was withheld) and so is its share."""
    if by not in COMPARABLE:
        raise unknown_value(InvalidFilterError, "comparison", by, COMPARABLE)
    chosen = pick_source(db, source)
    city_filters = Filters(years=_years(years)) if years is not None else Filters()
    city = db.count("victims", city_filters, by=by, lang=lang)
    city_total = db.count("victims", city_filters, lang=lang)
    total = city_total["victims"].iloc[0] if len(city_total) else pd.NA
    keys = [_key(v) for v in city[by]] if len(city) else []
    table = pd.DataFrame({by: keys})
    table["city"] = city["victims"].astype("Int64").to_numpy() if len(city) else []
    if "victims_display" in city.columns:
        table["city_display"] = city["victims_display"].to_numpy()
    table["city_share"] = _share(table["city"], total)
    for scope in ("vietnam", "region"):
        counts = context_victims(db, by, source=chosen["source"], scope=scope, years=years, lang=lang)
        counted = {_key(v): int(n) for v, n in zip(counts[by], counts["records"], strict=True)}
        table = table.merge(
            pd.DataFrame({by: list(counted), scope: list(counted.values())}), on=by, how="outer"
        )
        whole = context_victims(db, "year", source=chosen["source"], scope=scope, years=years)[
            "records"
        ].sum()
        table[scope] = table[scope].fillna(0).astype("Int64")
        table[f"{scope}_share"] = _share(table[scope], int(whole))
    if "city_display" in table.columns:
        # publish mode lists every cell it releases: a category it has no row for (a code of the
        # source the city's value set lacks) is shown as nothing, never as a zero it did not release
        table["city_display"] = table["city_display"].astype(object).where(table["city_display"].notna(), "")
    else:
        table["city"] = table["city"].fillna(0)  # internal: the exact count, zero where none
        table["city_share"] = _share(table["city"].astype("Int64"), total)
    table["city"] = table["city"].astype("Int64")
    # a category nobody counted (the city's release lists every code of its value set, the whole
    # ISO list for countries) is left out; a withheld city count beside no context record too
    counted = (table["city"].fillna(0) > 0) | (table["vietnam"] > 0) | (table["region"] > 0)
    table = table[counted.astype(bool)]
    column = _column(by)
    if column.codeset is not None:
        table.insert(1, f"{by}_label", [label(column.codeset, str(c), lang) for c in table[by]])
    table = table.sort_values(by, key=_order(by)).reset_index(drop=True)
    table.attrs.update(
        {k: v for k, v in city.attrs.items() if k not in ("sql", "params")},
        by=by,
        source=chosen,
        city_total=total,
        context_note=context_note(chosen, lang),
    )
    return table


def context_note(chosen: dict, lang: str = "vi") -> str:
    """The line every figure of a context source carries: its name, profile, release date and k."""
    k = words("k", lang).format(k=chosen["k"]) if chosen.get("k") else words("k_unknown", lang)
    release = chosen["release_date"]
    if isinstance(release, dt.date | pd.Timestamp):
        release = release.strftime("%d/%m/%Y")
    return words("context_note", lang).format(
        source=chosen["source"], profile=str(chosen["profile"]).upper(), release=release, k=k
    )


def _column(by: str):
    try:
        return CONTEXT_VICTIMS.column(by)
    except KeyError:
        names = [c for c in CONTEXT_VICTIMS.column_names if c not in ("source", "source_row")]
        raise unknown_value(InvalidFilterError, "context grouping", by, names) from None


def _years(years) -> tuple[int, int]:
    first, last = (int(y) for y in years)
    if first > last:
        raise InvalidFilterError(f"years ({first}, {last}): the first year is after the last.")
    return first, last


def _key(value) -> object:
    return int(value) if isinstance(value, int | float) and not pd.isna(value) else str(value)


def _share(counts: pd.Series, total) -> pd.Series:
    if total is pd.NA or total is None or pd.isna(total) or int(total) == 0:
        return pd.Series([pd.NA] * len(counts), index=counts.index, dtype="Float64")
    return (counts.astype("Float64") * 100 / int(total)).round(1)


def _order(by: str):
    """Years in order; codes in their value set's order, 'unknown' last."""
    if by == "year":
        return lambda s: s.astype("Int64")
    from ._codes import CODESETS

    codeset = _column(by).codeset or ""
    ranks = {c.code: i for i, c in enumerate(CODESETS.get(codeset, ()))}
    return lambda s: s.map(lambda v: ranks.get(v, len(ranks)) if v != "unknown" else len(ranks) + 1)
