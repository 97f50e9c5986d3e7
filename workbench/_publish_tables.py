"""One victim table of a release (`Table`): its layout, rows by columns with totals, each cell's box
and exact count (`Cell`), and the frame publish mode returns once the release settled its marks."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import pandas as pd

from ._codes import LISTED_FIRST, codes, label
from ._disclosure import (
    COMPLEMENTARY,
    PUBLISHED,
    TOTAL,
    PublishedTable,
    _cell_keys,
    protect_matrix,
    refusal,
)
from ._districts import national_name, province_districts
from ._filters import Filters, check_years_held, years_drawn
from ._kinds import KINDS as DECLARED_KINDS
from ._publishable import (
    CATEGORY_DIMENSIONS,
    CATEGORY_FILTERS,
    CODESETS,
    FAMILIES,
    FOLDED,
    HONOURED_FILTERS,
    MEASURES,
    MULTI_VALUED,
    OWN_DIMENSIONS,
    OWN_FILTERS,
    OWN_SYSTEMS,
    STATUS,
    SUPPORT_FILTERS,
    UNKNOWN_PLACE,
)
from ._query import aggregate_sql, check_geography, count_scope, counted_statuses, status_note
from ._release import HIDDEN, Box
from ._units import AREA_GROUPS, REFORM_DATE, place_name, territory_note
from ._words import TEXT

if TYPE_CHECKING:
    from ._publish_engine import Engine


class Cell:
    __slots__ = ("box", "exact", "key", "margin", "position", "seed")

    def __init__(self, box: Box, exact: int, margin: bool, position: tuple, seed: str) -> None:
        self.box, self.exact, self.margin, self.position, self.seed = box, exact, margin, position, seed
        self.key = box.key()


class Table:
    """One victim table of a release: its layout (rows x columns with totals) and each cell's box."""

    # Set by `plan` (the one way a table is made).
    engine: Engine
    filters: Filters
    dims: list[str]
    components: list[str]
    geography: str
    status_coordinate: bool
    kind: str  # "victims" or "support"
    measure_name: str  # the frame's count column
    measure: str | None  # its boxes' measure
    domains: dict[str, list]
    extent: dict[str, list]

    @classmethod
    def plan(
        cls,
        engine: Engine,
        filters: Filters,
        by,
        geography: str | None,
        k: int,
        kind: str = "victims",
        lang: str = "vi",
    ) -> Table:
        # a grouping named twice is that grouping once (it broke the table after its release was
        # recorded, leaving the register a release no one received)
        dims = list(dict.fromkeys([by] if isinstance(by, str) else list(by or ())))
        if len(dims) > 2:
            raise refusal("publish_groupings", {"count": len(dims), "dims": ", ".join(dims)}, lang)
        categories = {"support": CODESETS, **OWN_DIMENSIONS}.get(kind, CATEGORY_DIMENSIONS)
        valid = ("district", "year", STATUS, *categories)
        for dim in dims:
            if dim not in valid:
                fields: dict[str, object] = {
                    "measure": MEASURES[kind][0],
                    "valid": ", ".join(valid),
                    "dim": repr(dim),
                }
                raise refusal("publish_not_by", fields, lang)
        geography = check_geography(geography, filters, dims)
        if geography == "recorded" and ("district" in dims or filters.districts) and not engine.national:
            raise refusal("publish_geography", {}, lang)
        category_filters = {"support": SUPPORT_FILTERS, **OWN_FILTERS}.get(kind, CATEGORY_FILTERS)
        unhonoured = set(filters.active(DECLARED_KINDS[kind].filter_fields)) - HONOURED_FILTERS
        unhonoured -= set(category_filters)
        if unhonoured:
            fields = {
                "measure": MEASURES[kind][0],
                "unhonoured": ", ".join(sorted(unhonoured)),
                "honoured": ", ".join(sorted(HONOURED_FILTERS | set(category_filters))),
            }
            raise refusal("publish_not_narrowed", fields, lang)
        chosen = {
            dim: set(getattr(filters, field))
            for field, dim in category_filters.items()
            if getattr(filters, field, ())
        }
        for dim, values in chosen.items():
            unlisted = sorted(values - set(FOLDED.get(dim, values)))
            if unlisted:
                fields = {
                    "dim": dim,
                    "listed": ", ".join(c for c in FOLDED[dim] if c in LISTED_FIRST),
                    "unlisted": ", ".join(unlisted),
                }
                raise refusal("publish_other_countries", fields, lang)
        grouped = sorted(d for d in dims if d in categories)
        families = set(grouped) | set(chosen)
        if len(families) > 1 and (set(chosen) - set(grouped) or families & MULTI_VALUED):
            raise refusal("publish_one_breakdown", {"families": ", ".join(sorted(families))}, lang)
        components = sorted(families)
        for family in components:
            if family in MULTI_VALUED and family not in dims and len(chosen.get(family, ())) > 1:
                raise refusal("publish_one_category", {"family": family}, lang)
        universe = engine.areas()
        engine.frame()
        spanned = engine.years
        if kind == "support":  # years of support, not of reception
            engine.support_frame()
            spanned = engine.support_years
        elif kind in OWN_SYSTEMS:  # years of detection, of the contact
            engine.own_frame(kind)
            spanned = engine.own_years[kind]
        # Years wholly outside those a table of the kind lists (its records' and the events' span,
        # the same for every question: docs/releases.md, Limits 12) are refused, not counted as '<5'.
        check_years_held(filters.years, spanned, kind, lang)
        if filters.districts or filters.provinces:
            places = set(filters.districts) or set(province_districts(filters.provinces))
            outside = sorted(places - set(universe))
            if outside:
                held = [str(a) for a in universe]
                raise refusal("publish_units", {"given": outside}, lang, given=outside, valid=held)
            areas = [a for a in universe if a in places]
        else:  # records with no place count in every all-places total, when there are any
            areas = [*universe, UNKNOWN_PLACE] if engine.unknown_place() else list(universe)
        # a range running past the span counts (and lists) the years of the span it holds
        years = (  # the span's years in the range: a range of 10**12 years is not walked through
            [y for y in spanned if filters.years[0] <= y <= filters.years[1]] if filters.years else spanned
        )
        cats = {
            family: [c for c in codes(FAMILIES[family]) if family not in chosen or c in chosen[family]]
            for family in components
        }
        table = cls()
        table.kind, (table.measure_name, table.measure) = kind, MEASURES[kind]
        table.engine, table.filters, table.dims, table.components = engine, filters, dims, components
        table.geography = "harmonised" if ("district" in dims or filters.districts) else "recorded"
        after_reform = filters.years is None or filters.years[1] >= REFORM_DATE.year
        shown_areas = [
            a
            for a in areas
            if a != UNKNOWN_PLACE and (after_reform or a not in AREA_GROUPS or a in set(filters.districts))
        ]
        # The statuses counted, as the internal query counts them (identified victims by default).
        statuses = list(counted_statuses(kind, filters, dims) or filters.trafficking_statuses)
        statuses = statuses or list(codes(STATUS))
        # A kind with no trafficking status (cases) counts cells of place and year only.
        has_status = bool(DECLARED_KINDS[kind].default_statuses)
        table.status_coordinate = has_status and getattr(engine, "statuses", None) is not None
        statuses = [s for s in codes(STATUS) if s in statuses]
        table.domains = {"district": shown_areas, "year": years, STATUS: statuses, **cats}
        # Years outside the data's span hold nothing, as a reader can see: not unknowns in any box.
        table.extent = {
            "district": areas,
            "year": [y for y in years if y in spanned],
            STATUS: statuses,
            **cats,
        }
        table._layout(k)
        return table

    def describe(self) -> dict:
        active = {name: list(v) if isinstance(v, tuple) else v for name, v in self.filters.active().items()}
        return {"by": self.dims, "filters": active}

    def _box(self, fixed: dict) -> Box:
        areas = fixed.get("district", self.extent["district"])
        years = [y for y in fixed.get("year", self.extent["year"]) if y in self.extent["year"]]
        where = {}
        if self.status_coordinate:
            where["statuses"] = frozenset(fixed.get(STATUS, self.extent[STATUS]))
        # Every category of a single-valued breakdown is the people: that breakdown drops out, so
        # the same count has the same box (and the same register entry) in every table.
        parts = {}
        for dim in self.components:
            chosen = fixed.get(dim, self.extent[dim])
            if dim in MULTI_VALUED or set(chosen) != set(codes(FAMILIES[dim])):
                parts[dim] = chosen
        if not parts:
            return Box(None, frozenset(areas), frozenset(years), measure=self.measure, **where)
        family = "+".join(parts)
        cats = frozenset("|".join(combo) for combo in itertools.product(*parts.values()))
        return Box(family, frozenset(areas), frozenset(years), cats, measure=self.measure, **where)

    def _layout(self, k: int) -> None:
        dims = self.dims
        engine = self.engine

        def labels(dim):
            return self.domains[dim]

        if not dims:
            index, columns = ["victims"], ["victims"]
            boxes = {("victims", "victims"): self._box({})}
        elif len(dims) == 1:
            index, columns = ["victims"], [*labels(dims[0])]
            boxes = {("victims", v): self._box({dims[0]: [v]}) for v in columns}
        else:
            index, columns = list(labels(dims[0])), list(labels(dims[1]))
            boxes = {(r, c): self._box({dims[0]: [r], dims[1]: [c]}) for r in index for c in columns}
        interior = pd.DataFrame(
            [[engine.count(boxes[(r, c)]) for c in columns] for r in index], index=index, columns=columns
        )
        axes = (None, None) if not dims else (None, dims[0]) if len(dims) == 1 else (dims[0], dims[1])
        # A total across a multi-valued breakdown adds mentions, not people (a victim under three
        # means of control counts three times): it is no count of anyone, so it is never released
        # nor recorded. Its sum told a reader whether the selection held anyone (docs/releases.md,
        # Attacks): the marks of such a table are the category cells' own, each at most the people.
        multi = [position for position, dim in enumerate(axes) if dim in MULTI_VALUED]
        # the table on its own, its complementary cells chosen by their codes (residual first)
        seed = protect_matrix(interior, k=k, margins=bool(dims) and len(dims) > len(multi), dims=axes)
        status = seed.status
        self.index = [r for r in status.index if not (r == TOTAL and 0 in multi)]
        self.columns = [c for c in status.columns if not (c == TOTAL and 1 in multi)]
        self.cells = []
        for r in self.index:
            for c in self.columns:
                fixed = {}
                if dims and len(dims) == 1 and c != TOTAL:
                    fixed[dims[0]] = [c]
                elif len(dims) == 2:
                    if r != TOTAL:
                        fixed[dims[0]] = [r]
                    if c != TOTAL:
                        fixed[dims[1]] = [c]
                box = self._box(fixed)
                margin = TOTAL in (r, c)
                self.cells.append(Cell(box, engine.count(box), margin, (r, c), status.loc[r, c]))

    def frame(self, statuses: dict, k: int, lang: str, db, releases: list[int]) -> pd.DataFrame:
        values = pd.DataFrame(pd.NA, index=self.index, columns=self.columns, dtype="Int64")
        status = pd.DataFrame(PUBLISHED, index=self.index, columns=self.columns, dtype=object)
        for cell in self.cells:
            state = statuses[cell.key]
            status.loc[cell.position] = COMPLEMENTARY if state == HIDDEN else state
            if state == PUBLISHED:
                values.loc[cell.position] = cell.exact
        published = PublishedTable(values, status, k)
        shown = published.display(lang)
        dims = self.dims
        rows: list[tuple] = []
        if not dims:
            rows.append(({}, ("victims", "victims")))
        elif len(dims) == 1:
            rows += [({dims[0]: v}, ("victims", v)) for v in self.domains[dims[0]]]
        else:
            rows += [
                ({dims[0]: a, dims[1]: b}, (a, b))
                for a in self.domains[dims[0]]
                for b in self.domains[dims[1]]
            ]
        out: dict[str, list] = {}
        for dim in dims:
            for name in _columns(dim):
                out[name] = []
        for fixed, _ in rows:
            for dim in dims:
                value = fixed[dim]
                if dim == "district":
                    out["district_code"].append(int(value))
                    out["district"].append(
                        national_name(value) if self.engine.national else place_name(value, lang)
                    )
                elif dim == "year":
                    out["year"].append(int(value))
                else:
                    out[dim].append(value)
                    out[f"{dim}_label"].append(label(FAMILIES.get(dim, dim), value, lang))
        measure = self.measure_name
        out[measure] = pd.array([values.loc[pos] for _, pos in rows], dtype="Int64")
        out[f"{measure}_status"] = [status.loc[pos] for _, pos in rows]
        out[f"{measure}_display"] = [shown.loc[pos] for _, pos in rows]
        frame = pd.DataFrame(out)
        if "district_code" in frame:
            frame["district_code"] = frame["district_code"].astype("int64")
        if "year" in frame:
            frame["year"] = frame["year"].astype("int64")
        keys = ["district" if d == "district" else d for d in dims]
        sql, params = aggregate_sql(
            self.kind, self.filters, dims, self.geography, national=self.engine.national
        )
        held = self.extent["year"]
        frame.attrs.update(
            kind=self.kind,
            lang=lang,
            sql=sql,
            params=params,
            filters=years_drawn(self.filters, (held[0], held[-1]) if held else None),
            geography=self.geography,
            geography_note=_note(self.geography, lang),
            territory_note=None if self.engine.national else territory_note(self.filters.years, lang),
            status_note=_status_note(self.kind, self.filters, dims, lang),
            count_scope=_scope(self.kind, self.filters, dims),
            mode="publish",
            data_about=self.engine.internal.data_about(),
            protected=published,
            release={"register": str(db.register.path), "releases": releases},
            # what each withheld cell counts, the statuses counted included (as _disclosure.protect_result)
            withheld_keys=frozenset(
                key | _scope(self.kind, self.filters, dims)
                for cell, key in _cell_keys(published, keys, measure).items()  # type: ignore[arg-type]
                if published.status.loc[cell] != PUBLISHED
            ),
        )
        return frame


def _scope(kind: str, filters: Filters, dims) -> frozenset:
    """What a table counts beyond its groupings (see _query.count_scope); a support table's cells
    count person-years of support, never the same count as a victims cell."""
    scope = count_scope(kind, filters, dims)
    if kind in OWN_SYSTEMS:  # cases, contacts: never the same count as a victims cell
        return scope | {("measure", MEASURES[kind][1])}
    return scope | {("measure", "supported_person_years")} if kind == "support" else scope


def _status_note(kind: str, filters: Filters, dims, lang: str) -> str | None:
    note = status_note(kind, filters, dims, lang)
    if kind != "support":
        return note
    extra = TEXT["published_support_years"][0 if lang == "vi" else 1]
    return f"{note}. {extra}" if note else extra


def _columns(dim: str) -> list[str]:
    if dim == "district":
        return ["district_code", "district"]
    if dim == "year":
        return ["year"]
    return [dim, f"{dim}_label"]


def _note(geography: str, lang: str) -> str:
    from ._units import geography_note
    from ._words import GEOGRAPHY

    note = geography_note(geography, lang)
    if geography != "harmonised":
        return note
    return note + GEOGRAPHY["published_whole"][1 if lang == "en" else 0]
