"""Counts of people a reader narrows through two breakdowns at once: the bounds two published
margins give a cell of their cross-classification no release cut. Cờ Đỏ's 9 victims, its men `<5`
and its victims aged 9-17 `<5`: those neither men nor aged 9-17 number at least 9 - 4 - 4 = 1.
Its women 6 and its victims aged 9-17 `<5`: its women not aged 9-17 at least 2. Its 9, its women 6
and its victims aged 9-17 6: its women aged 9-17 at least 6 + 6 - 9 = 3 (docs/releases.md,
"Cross-classifications").
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from ._disclosure import PUBLISHED
from ._narrowed import Reading, read_by_parts
from ._reader import TOLERANCE, System, solve
from ._release import Box, Released

# Whether the audit looks for such counts (off: as before it was added, late on 5 Dec 2026; the
# tests show the attack then).
CROSSED = True
# The most margins taken from X at once: three breakdowns' categories (a total less its men, its
# victims aged 9-17 and those taken to China), as an outside attacker did on 5 Dec 2026.
TAKEN = 3


@dataclass(frozen=True)
class _Margin:
    """A count of people a reader can bound, written in one breakdown's categories: a released cell,
    or a released count of people less a released cell of a breakdown over the same place-years
    (the people in none of its categories: `complement`). `family`: the breakdown as
    `_narrowed._held` names it (None: the people's); `classes`: the classes of people it covers;
    `box`: the released cell whose categories it counts (or leaves out)."""

    vec: dict[int, float]
    family: str | None
    classes: frozenset[int]
    box: Box
    complement: bool
    fresh: bool
    published: int | None = None  # a released cell's number, when it was published


def crossed_counts(
    cells: Sequence[Released],
    vectors: Sequence[dict[int, float]],
    system: System,
    k: int,
    fresh: frozenset[str] | None,
    parts: Sequence[frozenset[int]],
    truth_of: Callable,
) -> list[dict[int, float]]:
    """The counts E = X - Y (- Z) of margins a reader of `system` gives a smallest value from 1 to
    k-1: Y and Z of one or two breakdowns other than X's, over some of X's classes of people or
    more (a count is at least its part inside X: Cờ Đỏ's men of every year bound its men of
    2016-2024). E is at most the people X counts in none of Y's and Z's categories (a cell of
    their cross-classification), which a reader so narrows to at least 1.

    Only such a cell holding fewer than k is protected, as a union of pieces is
    (`truth_of.records`: the records of some place-years; a measure whose counter has none,
    victims supported, cases and contacts, is not searched). At least one margin is new (`fresh`:
    the box keys of the new release; None: any), and each part alone (`parts`: the numbers of the
    cells of the new release, and of the earlier ones, as in `System.eq_cell`) leaves E possibly 0
    or less: what one release narrows on its own through two of its tables is left to it, as what
    one table narrows on its own is (a pack's table by age and sex beside its table by
    destination), and what the earlier releases narrow was theirs. Found by the margins' own
    bounds first (X's least less Y's and Z's most), then the cell's truth, then the reader's
    linear programme."""
    records_of = getattr(truth_of, "records", None)
    if not CROSSED or records_of is None:
        return []
    margins = _margins(cells, vectors, system, fresh)
    if len({m.family for m in margins if m.family is not None}) < 2:
        return []
    # A published number is what every reader gives its cell; other bounds by linear programme,
    # but for what needs none: a count of people is never taken away (no most), and a count whose
    # truth is 0 has 0 as its least (the truth is a table every reader could hold).
    most = [_most(m, system) for m in margins]
    least = [_least(m, system) for m in margins]
    found: list[dict[int, float]] = []
    seen: set[tuple] = set()
    counted: list[frozenset[int] | None] | None = None
    reading: Reading | None = None
    for t, top in enumerate(margins):
        low_top = least[t]
        if low_top is None or low_top < 1 - TOLERANCE:
            continue
        inside = [
            s
            for s, m in enumerate(margins)
            if m.family is not None
            and m.family != top.family
            and m.classes & top.classes
            and most[s] is not None
            and most[s] < low_top  # type: ignore[operator]
        ]
        for group in _taken(inside, most, low_top, k, singles=top.family is not None):
            if not (top.fresh or any(margins[s].fresh for s in group)):
                continue
            if counted is None:
                counted = _counted(margins, records_of)
                if counted is None:
                    return []
            sets = [counted[s] for s in (t, *group)]
            if any(these is None for these in sets):
                continue  # a breakdown the records do not hold (none is released so today)
            crossed = sets[0].difference(*sets[1:])  # type: ignore[union-attr, arg-type]
            if len(crossed) >= k:
                continue  # the cell holds k or more: narrowed, it tells no small count
            vec = dict(top.vec)
            for s in group:
                for j, c in margins[s].vec.items():
                    vec[j] = vec.get(j, 0.0) - c
            vec = {j: c for j, c in vec.items() if abs(c) > TOLERANCE}
            key = tuple(sorted(vec.items()))
            if key in seen:
                continue
            seen.add(key)
            least_all = _bound(vec, system, 1.0)
            if least_all is None or not TOLERANCE < least_all < k:
                continue
            if reading is None:
                reading = read_by_parts(system, k, parts)
                if reading is None:
                    return []  # a part that released nothing here: the other narrows it alone
            if not any(_narrowed_by(vec, alone) for alone in reading.alone):
                found.append(vec)
    return found


def _taken(
    inside: list[int], most: list, low_top: float, k: int, *, singles: bool
) -> Iterator[tuple[int, ...]]:
    """The groups of one to `TAKEN` margins of `inside` whose mosts, taken from X's least
    `low_top`, leave from 1 to k-1 (a margin whose most is 0 takes nothing away: left out). Found
    over the margins in order of their most, so each group's last member is looked up in a range."""
    order = sorted((most[s], s) for s in inside if most[s] > TOLERANCE)
    values = [v for v, _ in order]
    top = low_top - 1 + TOLERANCE  # the most a group may take away
    floor = low_top - k + TOLERANCE  # ... and more than this

    def grow(start: int, taken: tuple[int, ...], total: float) -> Iterator[tuple[int, ...]]:
        if len(taken) == TAKEN - 1:
            # the last member: its most in (floor - total, top - total]
            first = bisect.bisect_right(values, floor - total, lo=start)
            last = bisect.bisect_right(values, top - total, lo=start)
            for n in range(first, last):
                yield (*taken, order[n][1])
            return
        for n in range(start, len(order)):
            value, s = order[n]
            if total + value > top:
                break  # the rest are larger
            group = (*taken, s)
            if (len(group) > 1 or singles) and total + value > floor:
                yield group
            yield from grow(n + 1, group, total + value)

    yield from grow(0, (), 0.0)


def _margins(cells: Sequence[Released], vectors, system: System, fresh) -> list[_Margin]:
    """The released cells as margins, and the complements of the breakdowns' cells in a released
    count of people over the same place-years. A breakdown a person may be in several categories
    of is one breakdown per category, as in `_narrowed._held`; a cell of several of its categories
    counts mentions, no people: left out."""
    people_of = system.class_of[None]
    margins: list[_Margin] = []
    people: dict[frozenset, tuple[dict[int, float], bool]] = {}
    for cell, vec in zip(cells, vectors, strict=True):
        box = cell.box
        family = box.family
        if family in system.multi:
            if box.cats is None or len(box.cats) != 1:
                continue
            family = f"{family}={next(iter(box.cats))}"
        live = {j: c for j, c in vec.items() if j not in system.fixed}
        classes = frozenset(people_of[place] for place in box.cells() if place in people_of)
        is_new = fresh is None or box.key() in fresh
        shown = cell.value if cell.status == PUBLISHED else None
        margins.append(_Margin(live, family, classes, box, False, is_new, shown))
        if family is None:
            people.setdefault(frozenset(box.cells()), (live, is_new))
    for margin in list(margins):
        if margin.family is None or margin.box.cats is None:
            continue
        whole = people.get(frozenset(margin.box.cells()))
        if whole is None:
            continue
        vec = dict(whole[0])
        for j, c in margin.vec.items():
            vec[j] = vec.get(j, 0.0) - c
        fresh_either = whole[1] or margin.fresh
        margins.append(_Margin(vec, margin.family, margin.classes, margin.box, True, fresh_either))
    return margins


def _counted(margins: Sequence[_Margin], records_of: Callable) -> list[frozenset[int] | None] | None:
    """The records each margin counts, by their row in the records of every margin's place-years
    (None: no records for this measure; a margin of a breakdown the records do not hold, None)."""
    records = records_of({place for m in margins for place in m.box.cells()})
    if records is None:
        return None
    rows = np.arange(len(records))
    number_of: dict = {}  # each record's place-year-status cell, numbered: membership by integers
    cell_numbers = np.array(
        [number_of.setdefault(cell, len(number_of)) for cell in records.index], dtype=np.int64
    )
    counted: list[frozenset[int] | None] = []
    for margin in margins:
        wanted = [number_of[cell] for cell in margin.box.cells() if cell in number_of]
        inside = np.isin(cell_numbers, wanted)
        family = margin.family
        names = family.split("=", 1)[0].split("+") if family is not None else []
        if any(name not in records.columns for name in names):
            counted.append(None)
            continue
        if family is None:
            counted.append(frozenset(rows[inside].tolist()))
            continue
        if "=" in family:  # one category of a breakdown a person may be in several of
            name, category = family.split("=", 1)
            chosen = (
                records[name]
                .map(lambda these, category=category: _holds(these, category))
                .to_numpy(dtype=bool)
            )
        else:
            if "+" in family:
                first, second = family.split("+")
                values = records[first].astype(str) + "|" + records[second].astype(str)
            else:
                values = records[family]
            cats = margin.box.cats
            chosen = (values.isin(list(cats)) if cats is not None else values.notna()).to_numpy(dtype=bool)
        counted.append(frozenset(rows[inside & (~chosen if margin.complement else chosen)].tolist()))
    return counted


def _holds(these, category: str) -> bool:
    """Whether a record's categories of a breakdown a person may be in several of hold `category`."""
    return these is not None and not np.isscalar(these) and category in these


def _most(margin: _Margin, system: System) -> float | None:
    if margin.published is not None:
        return float(margin.published)
    if margin.family is None:
        return None
    return _bound(margin.vec, system, -1.0)


def _least(margin: _Margin, system: System) -> float | None:
    if margin.published is not None:
        return float(margin.published)
    if sum(system.truth[j] * c for j, c in margin.vec.items()) < 1 - TOLERANCE:
        return 0.0
    return _bound(margin.vec, system, 1.0)


def _bound(vec: dict[int, float], system: System, sign: float) -> float | None:
    """The least (`sign` 1) or most (-1) a reader gives the count `vec` (None: no bound)."""
    objective = np.zeros(len(system.truth))
    for j, c in vec.items():
        objective[j] = sign * c
    x = solve(objective, system)
    if x is None:
        return None
    return sign * float(objective @ x[: len(objective)])


def _narrowed_by(vec: dict[int, float], alone: tuple) -> bool:
    """Whether one part's released rows alone (and what every reader knows: `_narrowed.Reading`'s
    `alone`) give `vec` a smallest value above 0; a piece its rows do not hold can hold any number,
    so one taken away leaves it unbounded below."""
    from scipy.optimize import linprog

    p_eq, q_eq, p_ub, q_ub, held, _ = alone
    column = {j: t for t, j in enumerate(held)}
    if any(c < 0 and j not in column for j, c in vec.items()):
        return False
    objective = np.zeros(len(held))
    for j, c in vec.items():
        if j in column:
            objective[column[j]] = c
    result = linprog(objective, A_eq=p_eq, b_eq=q_eq, A_ub=p_ub, b_ub=q_ub, bounds=(0, None), method="highs")
    return result.status == 0 and result.fun > TOLERANCE
