"""Disclosure control for victim counts: primary and complementary cell suppression.

A count below the threshold k is withheld ("<5"): that is primary suppression. Withholding the
small cells alone is not enough when totals are published: a lone hidden cell in a row is the row
total minus the rest. So further cells are withheld ("x", complementary suppression) until no
primary cell can be worked out from the published cells and totals. "Worked out" is checked
exactly: for every primary cell, a linear programme finds the smallest and largest value it could
take given everything published — the other cells, the totals, that primary cells lie in 0..k-1 and
complementary ones are at least k. A cell whose range holds a single whole number is exposed.
(Tables with margins are network-flow problems, so the linear bounds are whole numbers.) Which
cell is withheld next depends on the cells' places in the table and their codes (residual
categories such as 'unknown' first, then the last in the table's order), never on a count: a
reader who knows the rule must learn nothing from it (docs/releases.md, "What the choice of
withheld cells tells").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._codes import OTHER_COUNTRIES, UNKNOWN
from ._error_words import error_text
from ._errors import DisclosureError
from ._text import format_number
from ._words import TEXT

PUBLISHED, PRIMARY, COMPLEMENTARY = "published", "primary", "complementary"
DEFAULT_K = 5
TOTAL = "Tổng"  # label of the margin row and column


def refusal(
    key: str,
    fields: Mapping[str, object],
    lang: str = "vi",
    *,
    given: object = None,
    valid: Sequence[str] = (),
    closest: object = None,
) -> DisclosureError:
    """A publish-mode refusal in `lang` (Vietnamese where no language is at hand), raised with its
    words (`_error_words`) so a command says it again in its `--lang`."""
    words = dict(fields)
    return DisclosureError(
        error_text(key, words, lang), given=given, valid=valid, closest=closest, words=(key, words)
    )


def _display(values: pd.DataFrame, status: pd.DataFrame, k: int, lang: str) -> pd.DataFrame:
    shown = values.copy().astype(object)
    for row in values.index:
        for col in values.columns:
            state = status.loc[row, col]
            if state == PRIMARY:
                shown.loc[row, col] = f"<{k}"
            elif state != PUBLISHED:
                shown.loc[row, col] = "x"
            else:
                shown.loc[row, col] = format_number(int(values.loc[row, col]), lang=lang)
    return shown


def _rule(k: int, rounding: int | None, lang: str) -> str:
    i = 0 if lang == "vi" else 1
    rule = TEXT["small_count_rule"][i].format(k=k)
    return rule + (TEXT["rounded_to"][i].format(rounding=rounding) if rounding else ".")


@dataclass(frozen=True, eq=False)  # compared by identity: pandas compares attrs, which hold these
class PublishedTable:
    """What a publish-mode table let out: the published counts (missing where withheld), each
    cell's status, k. It holds no exact count, so a frame carrying it can be copied, pickled and
    shared like the published file it is."""

    values: pd.DataFrame = field(repr=False)
    status: pd.DataFrame
    k: int
    rounding: int | None = None

    def published(self) -> pd.DataFrame:
        """Counts with withheld cells as missing (pd.NA)."""
        return self.values.copy()

    def display(self, lang: str = "vi") -> pd.DataFrame:
        """Strings to print: numbers in the language's format, '<5' and 'x' for withheld cells."""
        return _display(self.values, self.status, self.k, lang)

    @property
    def withheld(self) -> int:
        return int((self.status != PUBLISHED).to_numpy().sum())

    def rule(self, lang: str = "vi") -> str:
        """The footer line that states the rule."""
        return _rule(self.k, self.rounding, lang)


@dataclass(frozen=True, eq=False)
class ProtectedTable:
    """A count table with its margins after suppression, for internal analysis.

    `status` says for each cell whether it is published or withheld (primary/complementary);
    `published()` is what this one table would show on its own and `release()` the table holding
    only that. That is not a release: it knows nothing of what was published before, so its
    cells can be worked out from earlier releases. What leaves the workbench comes from
    `wb.connect(mode="publish")`, which protects every table with the release register.
    The exact counts stay in `_exact`: publish-mode results never carry a ProtectedTable.
    """

    _exact: pd.DataFrame = field(repr=False)
    status: pd.DataFrame
    k: int
    rounding: int | None = None

    def published(self) -> pd.DataFrame:
        """Counts with withheld cells as missing (pd.NA), rounded if asked."""
        values = self._exact.astype("Int64").mask(self.status != PUBLISHED)
        if self.rounding:
            values = (values / self.rounding).round().mul(self.rounding).astype("Int64")
        return values

    def release(self) -> PublishedTable:
        """The published side alone."""
        return PublishedTable(self.published(), self.status.copy(), self.k, self.rounding)

    def display(self, lang: str = "vi") -> pd.DataFrame:
        """Strings to print: numbers in the language's format, '<5' and 'x' for withheld cells."""
        return _display(self.published(), self.status, self.k, lang)

    @property
    def withheld(self) -> int:
        return int((self.status != PUBLISHED).to_numpy().sum())

    def rule(self, lang: str = "vi") -> str:
        """The footer line that states the rule."""
        return _rule(self.k, self.rounding, lang)


# Residual categories of the code sets (_codes): what a record holds when it says nothing more
# ('unknown', every set's last member) or names nothing listed ('other', 'other_countries'). Their
# counts are no finding of their own, so among cells equally placed they are withheld first.
RESIDUAL = (UNKNOWN, "other", OTHER_COUNTRIES)
NEUTRAL = (2, 0)  # a label that says nothing of its place in the order: the table's order decides
# Years rank after categories (3, -year): in a table of years x categories another category of the
# same year is withheld before the same category of another year; in a table of years alone, the
# latest year first.


def identity_rank(dim: str | None, value: Hashable) -> tuple[int, float]:
    """Where a category stands in the order complementary cells are withheld in, from its code
    alone (never from a count): residual categories first ('unknown' before 'other'); years the
    latest first, after any category; anything else neutral, left to the table's order, the last
    first (code sets list the principal categories first; docs/privacy.md). A two-breakdown
    category ('female|unknown') is residual when either part is."""
    if dim == "year" and isinstance(value, int | np.integer) and not isinstance(value, bool):
        return (3, -int(value))
    if isinstance(value, str):
        parts = value.split("|")
        found = [RESIDUAL.index(part) for part in parts if part in RESIDUAL]
        if found:
            return (0, min(found))
    return NEUTRAL


def _lines(shape: tuple[int, int], row_margin: bool, col_margin: bool) -> list[tuple[list, tuple]]:
    """Additive relations of the extended table: (cells that add up, cell holding their sum)."""
    rows, cols = shape
    inner_rows = rows - 1 if col_margin else rows
    inner_cols = cols - 1 if row_margin else cols
    relations = []
    if row_margin:
        for i in range(rows):
            relations.append(([(i, j) for j in range(inner_cols)], (i, cols - 1)))
    if col_margin:
        for j in range(cols):
            relations.append(([(i, j) for i in range(inner_rows)], (rows - 1, j)))
    return relations


def _ranges(values: np.ndarray, status: np.ndarray, relations, k: int, cells) -> dict:
    """The smallest and largest value each of `cells` can take given what is published."""
    # Imported here: scipy takes longer to import than the rest of the workbench's cold start,
    # and only publish mode needs it.
    from scipy.optimize import linprog

    hidden = list(zip(*np.nonzero(status != PUBLISHED), strict=True))
    index = {cell: n for n, cell in enumerate(hidden)}
    a_eq, b_eq = [], []
    for parts, total in relations:
        row = np.zeros(len(hidden))
        rhs = 0.0
        for cell, sign in [*((p, 1.0) for p in parts), (total, -1.0)]:
            if cell in index:
                row[index[cell]] += sign
            else:
                rhs -= sign * values[cell]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    bounds = [(0, k - 1) if status[cell] == PRIMARY else (k, None) for cell in hidden]
    found = {}
    for cell in cells:
        objective = np.zeros(len(hidden))
        objective[index[cell]] = 1.0
        ends = []
        for sign in (1.0, -1.0):
            result = linprog(
                sign * objective,
                A_eq=np.array(a_eq) if a_eq else None,
                b_eq=np.array(b_eq) if b_eq else None,
                bounds=bounds,
                method="highs",
            )
            ends.append(sign * result.fun if result.status == 0 else values[cell])
        found[cell] = (ends[0], ends[1])
    return found


def _exposed(values, status, relations, k, guarded) -> list[tuple[int, int]]:
    """The guarded cells (primary, or forced by another table) whose value can be worked out."""
    cells = list(zip(*np.nonzero(guarded), strict=True))
    if not cells:
        return []
    ranges = _ranges(values, status, relations, k, cells)
    return [cell for cell, (low, high) in ranges.items() if np.floor(high + 1e-6) <= np.ceil(low - 1e-6)]


def _suppress(
    values: np.ndarray, relations, k: int, forced: np.ndarray, ranks: tuple[list, list] | None = None
) -> np.ndarray:
    status = np.where(values < k, PRIMARY, PUBLISHED).astype(object)
    status[forced & (status == PUBLISHED)] = COMPLEMENTARY
    totals_of = Counter(total for _, total in relations)  # 0 inner, 1 a total, 2 the grand total
    guarded = (status == PRIMARY) | forced
    while exposed := _exposed(values, status, relations, k, guarded):
        cell = exposed[0]
        # Withhold a published cell that shares a line with the exposed one: inner cells before
        # totals and totals before the grand total, so the totals readers want most stay published
        # where possible; then by the categories' codes (`identity_rank`: 'unknown' and 'other'
        # first, the latest year first), then the last in the table's order (row by row from the
        # bottom, right to left: code sets and district lists put the principal categories
        # first). Never by value: a reader who knows the rule would learn from a value-ordered
        # choice (the smallest) that the 'x' is at most every cell left shown in its line.
        lines = [[*parts, total] for parts, total in relations if cell in parts or cell == total]
        candidates = [c for line in lines for c in line if status[c] == PUBLISHED]
        if not candidates:
            candidates = list(zip(*np.nonzero(status == PUBLISHED), strict=True))
        if not candidates:  # everything withheld already: nothing left to derive from
            break
        rows, cols = ranks or ([NEUTRAL] * values.shape[0], [NEUTRAL] * values.shape[1])

        def rank(c, cell=cell, rows=rows, cols=cols):
            # by the label that tells the candidate from the exposed cell: its column in the same
            # row, its row in the same column
            if c[0] == cell[0]:
                return cols[c[1]]
            return rows[c[0]] if c[1] == cell[1] else min(rows[c[0]], cols[c[1]])

        choice = min(candidates, key=lambda c: (totals_of[c], rank(c), rows[c[0]], cols[c[1]], -c[0], -c[1]))
        status[choice] = COMPLEMENTARY
    return status


def protect_matrix(
    counts: pd.DataFrame,
    *,
    k: int = DEFAULT_K,
    rounding: int | None = None,
    margins: bool = True,
    force: Sequence[tuple[Hashable, Hashable]] = (),
    dims: tuple[str | None, str | None] = (None, None),
    codes: tuple[Mapping, Mapping] = ({}, {}),
) -> ProtectedTable:
    """Suppress a wide table of counts (rows x columns), adding row and column totals.

    A table with one row or one column gets a single total. `force` names cells (row, column
    labels, `TOTAL` for margins) that must be withheld, to keep several tables of one publication
    consistent where they share totals. `dims` names the grouping of the rows and of the columns
    (a year, a breakdown; None: none), and `codes` maps labels to the codes they show where they
    are not codes themselves: complementary cells are chosen by them (`identity_rank`).
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    exact = counts.astype("int64")
    row_margin = (margins and exact.shape[1] > 1) or (margins and exact.shape[0] == 1)
    col_margin = margins and exact.shape[0] > 1
    if row_margin:
        exact = exact.assign(**{TOTAL: exact.sum(axis=1)})
    if col_margin:
        exact = pd.concat([exact, exact.sum(axis=0).to_frame(TOTAL).T])
    values = exact.to_numpy(dtype=float)
    forced = np.zeros(values.shape, dtype=bool)
    for row, col in force:
        if row in exact.index and col in exact.columns:
            forced[exact.index.get_loc(row), exact.columns.get_loc(col)] = True
    ranks = (
        [identity_rank(dims[0], codes[0].get(label, label)) for label in exact.index],
        [identity_rank(dims[1], codes[1].get(label, label)) for label in exact.columns],
    )
    status = _suppress(values, _lines(values.shape, row_margin, col_margin), k, forced, ranks)
    return ProtectedTable(exact, pd.DataFrame(status, index=exact.index, columns=exact.columns), k, rounding)


def protect(
    data: pd.DataFrame,
    rows: str,
    cols: str | None = None,
    value: str = "victims",
    *,
    k: int = DEFAULT_K,
    rounding: int | None = None,
) -> ProtectedTable:
    """Suppress a long result of `db.victims(..., by=[rows, cols], complete=True)`, one table on
    its own, for internal analysis of the suppression pattern: publish what
    `wb.connect(mode="publish")` returns, never this (it ignores every earlier release).

    Rows and columns are labelled with the names a reader sees (district names, labels).
    """

    def labels(dim: str) -> str:
        return "district" if dim == "district" else (f"{dim}_label" if f"{dim}_label" in data else dim)

    def shown(dim: str) -> dict:  # label -> the code it shows, which orders the withheld cells
        return dict(zip(data[labels(dim)], data[dim], strict=True)) if dim in data else {}

    if cols is None:
        wide = data.set_index(labels(rows))[[value]].T
        wide.index = [value]
        return protect_matrix(wide, k=k, rounding=rounding, dims=(None, rows), codes=({}, shown(rows)))
    wide = data.pivot_table(
        index=labels(rows), columns=labels(cols), values=value, aggfunc="sum", fill_value=0, sort=False
    )
    wide.columns.name = wide.index.name = None
    return protect_matrix(wide, k=k, rounding=rounding, dims=(rows, cols), codes=(shown(rows), shown(cols)))


# Groupings whose categories overlap (a victim can suffer several forms of exploitation): their
# sum counts mentions, not people, so it is not the same figure as a total of people elsewhere.
MULTI_VALUED = frozenset({"exploitation", "means_of_control"})


def _cell_keys(table: ProtectedTable, dims: list[str], measure: str) -> dict:
    """What each cell of a protected table counts, as a key shared by every table that counts it:
    {('year', 2019)} is 'victims in 2019' whether it stands in a by-year chart or as the column
    total of a district x year table; frozenset() is everyone."""

    def part(dim: str, value) -> frozenset:
        if value == TOTAL:
            return frozenset({("sum of", dim)}) if dim in MULTI_VALUED else frozenset()
        return frozenset({(dim, value)})

    keys: dict[tuple, frozenset] = {}
    for row in table.status.index:
        for col in table.status.columns:
            if not dims:
                keys[(row, col)] = frozenset()
            elif len(dims) == 1:
                keys[(row, col)] = part(dims[0], col)
            else:
                keys[(row, col)] = part(dims[0], row) | part(dims[1], col)
    return keys


def protect_result(
    frame: pd.DataFrame,
    by: Sequence[str],
    measure: str,
    *,
    k: int = DEFAULT_K,
    rounding: int | None = None,
    withhold: frozenset | set = frozenset(),
) -> pd.DataFrame:
    """A query result (complete, at most two groupings) with `measure` suppressed.

    The measure becomes nullable (missing where withheld) with `<measure>_status` and
    `<measure>_display` beside it; the protected table with its totals goes in attrs["protected"],
    and what each withheld cell counts in attrs["withheld_keys"]. `withhold` names counts (as such
    keys) that another table of the same publication withholds: they are withheld here too.
    """
    dims = list(by)
    if len(dims) > 2:
        raise refusal("publish_groupings", {"count": len(dims), "dims": ", ".join(dims)})
    keys = ["district_code" if d == "district" else d for d in dims]
    if not dims:
        wide = pd.DataFrame({measure: [frame[measure].sum()]}, index=[measure])
        lookup: dict[tuple, tuple] = {(): (measure, measure)}
    elif len(dims) == 1:
        wide = frame.set_index(keys[0])[[measure]].T
        lookup = {(key,): (measure, key) for key in frame[keys[0]]}
    else:
        wide = frame.pivot_table(
            index=keys[0], columns=keys[1], values=measure, aggfunc="sum", fill_value=0, sort=False
        )
        lookup = {(a, b): (a, b) for a, b in zip(frame[keys[0]], frame[keys[1]], strict=True)}
    margins = bool(dims)
    axes = (None, None) if not dims else (None, dims[0]) if len(dims) == 1 else (dims[0], dims[1])
    table = protect_matrix(wide, k=k, rounding=rounding, margins=margins, dims=axes)
    # Whom the table counts beyond its groupings (victim tables: the trafficking statuses taken,
    # identified victims by default): a by-year table of identified victims counts what the
    # 'actual' row of a by-year-and-status table counts, so their cells share keys, while a total
    # over every status is another count.
    scope = frame.attrs.get("count_scope", frozenset())
    if measure != "victims":  # people supported are not the victims of the same cell: other counts
        scope = scope | {("measure", measure)}
    cell_keys = {cell: key | scope for cell, key in _cell_keys(table, dims, measure).items()}
    if withhold:
        force = [cell for cell, key in cell_keys.items() if key in withhold]
        table = protect_matrix(wide, k=k, rounding=rounding, margins=margins, force=force, dims=axes)
    published, shown = table.published(), table.display()
    rows = [tuple(row) for row in frame[keys].itertuples(index=False)] if dims else [()]
    out = frame.copy() if dims else frame.iloc[:1].copy()
    out[measure] = pd.array([published.loc[lookup[r]] for r in rows], dtype="Int64")
    out[f"{measure}_status"] = [table.status.loc[lookup[r]] for r in rows]
    out[f"{measure}_display"] = [shown.loc[lookup[r]] for r in rows]
    out.attrs.update(frame.attrs)
    out.attrs["protected"] = table
    out.attrs["withheld_keys"] = frozenset(
        key for cell, key in cell_keys.items() if table.status.loc[cell] != PUBLISHED
    )
    return out


def protect_together(
    items: Sequence[tuple[pd.DataFrame, Sequence[str], str]],
    *,
    k: int = DEFAULT_K,
    rounding: int | None = None,
) -> list[pd.DataFrame]:
    """Protect the tables of one publication as one: a count withheld in any table (a year's total,
    a district's total, the grand total) is withheld in every table that shows it, and each table is
    re-checked with it withheld, until nothing changes. `items`: (exact result, grouping, measure)."""
    withheld: frozenset = frozenset()
    while True:
        results = [protect_result(f, by, m, k=k, rounding=rounding, withhold=withheld) for f, by, m in items]
        found = frozenset().union(*(r.attrs["withheld_keys"] for r in results))
        if found <= withheld:
            return results
        withheld = withheld | found
