"""Context sources beside the city: counts of a published dataset (CTDC, HTCDS) and the comparison
of Cần Thơ with Viet Nam and the region in it.

The context tables are read from the database's current generation through a private read-only
attachment (they are published data: no mode changes them). The city's side is whatever
`db.count("victims", ...)` releases: exact on an internal connection, protected on a publish-mode
one (a withheld count stays withheld, and so does its share). Aggregates run in DuckDB; only the
small tables come back.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from ._codes import label
from ._errors import InvalidFilterError, UnknownBatchError, unknown_value
from ._filters import Filters
from ._generations import current_file
from ._labels import attrs_for_new_table, is_published, note_as_given
from ._paths import invented_hashes
from ._schema import CONTEXT_VICTIMS, quote_identifier
from ._standards import STANDARDS, coded
from ._words import CONTEXT_WORDS, date_text

# South-East Asia (UN M49 'South-eastern Asia'): the region Cần Thơ's victims are mostly taken to.
REGION = ("BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN")
SCOPES: dict[str, tuple[str, ...] | None] = {"vietnam": ("VN",), "region": REGION, "all": None}
# What can be compared: the city's victim dimension and the context column of the same codes.
COMPARABLE = ("year", "sex", "age_band", "exploitation", "destination")
SERIES = ("city", "vietnam", "region")
# Below this many victims a share is written in whole percent: one person is several percent.
SMALL_N = 100


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
            "SELECT source, profile, release_date, k, records, file, imported_at, batch, file_sha256 "
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
    record["invented"] = record.pop("file_sha256", None) in invented_hashes()
    return record


def source_years(db, source: str) -> tuple[int, int] | None:
    """The first and last year a context source has records of (None: none with a year)."""
    with _connect(db) as con:
        row = con.execute(
            "SELECT min(year), max(year) FROM db.main.context_victims WHERE source = $source",
            {"source": source},
        ).fetchone()
    return None if row is None or row[0] is None else (int(row[0]), int(row[1]))


def context_victims(
    db,
    by: str = "year",
    *,
    source: str | None = None,
    scope: str = "vietnam",
    years: tuple[int, int] | None = None,
    lang: str = "vi",
    citizens: bool = False,
) -> pd.DataFrame:
    """Records of a context source by `by` (a column of `context_victims`: year, sex, age_band,
    exploitation, destination, citizenship, means_of_control, ...), for `scope`: 'vietnam'
    (citizenship or country of exploitation Viet Nam; with `citizens`, citizenship only), 'region'
    (South-East Asia, likewise) or 'all'. Missing values count as 'unknown'. `attrs` carry the
    source, its release date and k."""
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
    if countries is not None and citizens:
        where.append("list_contains($countries, citizenship)")
    elif countries is not None:
        where.append("(list_contains($countries, citizenship) OR list_contains($countries, destination))")
    if countries is not None:
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
    result.attrs.update(source=chosen, scope=scope, citizens=citizens, years=years, sql=sql, params=params)
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
    it was withheld) and so is its share.

    Like with like: by destination, Viet Nam's and the region's series count their citizens only
    (the city's victims are Vietnamese taken abroad; "citizenship or country of exploitation" would
    add foreigners exploited in Viet Nam). Where the source says nothing — a year outside the years
    it covers, a category it has no code for — its counts and shares are missing, never 0, and
    `context_gap` says why ('no_data', 'not_coded'). `attrs['totals']` holds each series' n; the
    city's shares are whole percents when its n is under `SMALL_N`."""
    if by not in COMPARABLE:
        raise unknown_value(InvalidFilterError, "comparison", by, COMPARABLE)
    chosen = pick_source(db, source)
    citizens = by == "destination"
    city_filters = Filters(years=_years(years)) if years is not None else Filters()
    city = db.count("victims", city_filters, by=by, lang=lang)
    city_total = db.count("victims", city_filters, lang=lang)
    total = city_total["victims"].iloc[0] if len(city_total) else pd.NA
    total_display = (
        city_total["victims_display"].iloc[0]
        if "victims_display" in city_total.columns and len(city_total)
        else None
    )
    keys = [_key(v) for v in city[by]] if len(city) else []
    table = pd.DataFrame({by: keys})
    table["city"] = city["victims"].astype("Int64").to_numpy() if len(city) else []
    if "victims_display" in city.columns:
        table["city_display"] = city["victims_display"].to_numpy()
    totals: dict[str, object] = {"city": total}
    for scope in ("vietnam", "region"):
        counts = context_victims(
            db, by, source=chosen["source"], scope=scope, years=years, lang=lang, citizens=citizens
        )
        counted = {_key(v): int(n) for v, n in zip(counts[by], counts["records"], strict=True)}
        table = table.merge(
            pd.DataFrame({by: list(counted), scope: list(counted.values())}), on=by, how="outer"
        )
        whole = context_victims(
            db, "year", source=chosen["source"], scope=scope, years=years, citizens=citizens
        )["records"].sum()
        table[scope] = table[scope].fillna(0).astype("Int64")
        totals[scope] = int(whole)
    publish = "city_display" in table.columns
    if publish:
        # publish mode lists every cell it releases: a category it has no row for (a code of the
        # source the city's value set lacks) is shown as nothing, never as a zero it did not release
        table["city_display"] = table["city_display"].astype(object).where(table["city_display"].notna(), "")
    else:
        table["city"] = table["city"].fillna(0)  # internal: the exact count, zero where none
    table["city"] = table["city"].astype("Int64")
    coverage = source_years(db, chosen["source"])
    table["context_gap"] = _gaps(table, by, chosen, coverage)
    gap = table["context_gap"] != ""
    for scope in ("vietnam", "region"):
        table[scope] = table[scope].where(~gap, pd.NA)  # the source said nothing: not a zero
    # a category nobody counted (the city's release lists every code of its value set, the whole
    # ISO list for countries) is left out; a withheld city count beside no context record too,
    # unless it is a year of the period (its mark shown, and why the source has no bar)
    withheld = table["city_display"].astype(str).ne("") if publish else pd.Series(False, index=table.index)
    counted = (
        (table["city"].fillna(0) > 0)
        | (table["vietnam"].fillna(0) > 0)
        | (table["region"].fillna(0) > 0)
        | (withheld & (by == "year"))
    )
    table = table[counted.astype(bool)].copy()
    decimals = {
        "city": _decimals(total),
        "vietnam": _decimals(totals["vietnam"]),
        "region": _decimals(totals["region"]),
    }
    for series in SERIES:
        table[f"{series}_share"] = _share(table[series], totals[series], decimals[series])
    column = _column(by)
    if column.codeset is not None:
        table.insert(1, f"{by}_label", [label(column.codeset, str(c), lang) for c in table[by]])
    table = table.sort_values(by, key=_order(by)).reset_index(drop=True)
    order = [c for c in table.columns if not c.endswith("_share") and c != "context_gap"]
    table = table[[*order[: order.index("city") + 1], "city_share", *_after_city(order)]]
    notes = context_notes(chosen, lang, citizens=citizens, coverage=coverage, table=table, by=by, years=years)
    table.attrs.update(
        attrs_for_new_table(city),
        by=by,
        source=chosen,
        city_total=total,
        city_total_display=total_display,
        totals=totals,
        share_decimals=decimals,
        coverage=coverage,
        citizens=citizens,
        context_note=notes[0],
        context_notes=notes,
    )
    return note_as_given(table, published=is_published(city))  # publish mode's numbers only, if so


def _after_city(order: list[str]) -> list[str]:
    """The columns after the city's count: its display mark, then each context series and share."""
    rest = order[order.index("city") + 1 :]
    shown = [c for c in rest if c not in ("vietnam", "region")]
    return [*shown, "vietnam", "vietnam_share", "region", "region_share", "context_gap"]


def _gaps(table: pd.DataFrame, by: str, chosen: dict, coverage: tuple[int, int] | None) -> pd.Series:
    """Why the source has no count for a row: 'no_data' (a year outside the years it covers),
    'not_coded' (a category its standard has no code for), '' where it has one (0 included)."""
    nothing = (table["vietnam"].fillna(0) == 0) & (table["region"].fillna(0) == 0)
    gaps = pd.Series("", index=table.index, dtype=object)
    if by == "year":
        years = pd.to_numeric(table[by], errors="coerce")
        outside = years.lt(coverage[0]) | years.gt(coverage[1]) if coverage else years.notna()
        gaps[outside & nothing] = "no_data"
        return gaps
    codes = coded(chosen["profile"], by) if chosen["profile"] in STANDARDS else None
    if codes is not None:
        gaps[~table[by].astype(str).isin(codes) & nothing] = "not_coded"
    return gaps


def context_notes(
    chosen: dict,
    lang: str = "vi",
    *,
    citizens: bool = False,
    coverage: tuple[int, int] | None = None,
    table: pd.DataFrame | None = None,
    by: str | None = None,
    years: tuple[int, int] | None = None,
) -> list[str]:
    """The lines a comparison's figure carries about its source: the source (invented ones said
    so), what Viet Nam and the region count, the years it covers when the period reaches past
    them, and the categories it has no code for."""
    notes = [context_note(chosen, lang, citizens=citizens)]
    name = source_name(chosen, lang)
    if coverage is not None and years is not None and (years[0] < coverage[0] or years[1] > coverage[1]):
        notes.append(words("coverage_note", lang).format(source=name, first=coverage[0], last=coverage[1]))
    elif coverage is None:
        notes.append(words("coverage_none", lang).format(source=name))
    if table is not None and by is not None and "context_gap" in table.columns:
        if by == "year" and (table["context_gap"] == "no_data").any() and len(notes) == 1:
            notes.append(
                words("coverage_note", lang).format(source=name, first=coverage[0], last=coverage[1])
                if coverage
                else words("coverage_none", lang).format(source=name)
            )
        missing = table[table["context_gap"] == "not_coded"]
        if len(missing):
            shown = missing[f"{by}_label"] if f"{by}_label" in missing.columns else missing[by]
            notes.append(
                words("not_coded_note", lang).format(
                    source=name, profile=str(chosen["profile"]).upper(), categories="; ".join(map(str, shown))
                )
            )
    return notes


def source_name(chosen: dict, lang: str = "vi") -> str:
    """A source's name as figures show it: an invented example marked synthetic."""
    name = str(chosen.get("source", ""))
    return f"{name} ({words('synthetic', lang)})" if chosen.get("invented") else name


def context_note(chosen: dict, lang: str = "vi", *, citizens: bool = False) -> str:
    """The line every figure of a context source carries: its name, profile, release date and k
    (an invented example: that it is invented, not a release), and what Viet Nam counts."""
    k = words("k", lang).format(k=chosen["k"]) if chosen.get("k") else words("k_unknown", lang)
    release = chosen["release_date"]
    if isinstance(release, pd.Timestamp):
        release = release.date()
    release = date_text(release, lang)  # 30/11/2026, 30 November 2026; another text as it is
    profile = str(chosen["profile"]).upper()
    if chosen.get("invented"):
        what = words("invented", lang).format(profile=profile, k=k)
    else:
        what = words("released", lang).format(profile=profile, release=release, k=k)
    scope = words("scope_citizens" if citizens else "scope_either", lang)
    return words("context_note", lang).format(source=source_name(chosen, lang), what=what, scope=scope)


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


def _decimals(total) -> int:
    """Decimals of a series' shares: whole percents under `SMALL_N` (one victim of 43 is 2.3 %:
    a tenth of a percent would claim a precision the count does not have)."""
    return 0 if total is None or pd.isna(total) or int(total) < SMALL_N else 1


def _share(counts: pd.Series, total, decimals: int = 1) -> pd.Series:
    if total is pd.NA or total is None or pd.isna(total) or int(total) == 0:
        return pd.Series([pd.NA] * len(counts), index=counts.index, dtype="Float64")
    return (counts.astype("Float64") * 100 / int(total)).round(decimals)


def _order(by: str):
    """Years in order; codes in their value set's order, 'unknown' last."""
    if by == "year":
        return lambda s: s.astype("Int64")
    from ._codes import CODESETS

    codeset = _column(by).codeset or ""
    ranks = {c.code: i for i, c in enumerate(CODESETS.get(codeset, ()))}
    return lambda s: s.map(lambda v: ranks.get(v, len(ranks)) if v != "unknown" else len(ranks) + 1)
