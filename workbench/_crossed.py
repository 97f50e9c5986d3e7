"""Counts of people a reader narrows through two breakdowns or more at once: the bounds published
margins give a cell of their cross-classification no release cut. Cờ Đỏ's 9 victims, its men `<5`
and its victims aged 9-17 `<5`: those neither men nor aged 9-17 number at least 9 - 4 - 4 = 1.
Its women 6 and its victims aged 9-17 `<5`: its women not aged 9-17 at least 2. Its 9, its women 6
and its victims aged 9-17 6: its women aged 9-17 at least 6 + 6 - 9 = 3 (docs/releases.md,
"Cross-classifications"). A count less four categories' counts of four breakdowns, and the
city's 43 of 2016-2023 less its 14 of 2016 less three exploitation forms of 2017-2023, the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._disclosure import PRIMARY, PUBLISHED
from ._narrowed import Reading, read_by_parts
from ._reader import TOLERANCE, System, solve
from ._release import Released

# Whether the audit looks for such counts (off: as before it was added, late on 5 Dec 2026; the
# tests show the attack then).
CROSSED = True


@dataclass(frozen=True)
class _Margin:
    """A count of people a reader can bound, written in one breakdown's categories: a released cell,
    or a released count of people less a released cell of a breakdown over the same place-years
    (the people in none of its categories: `complement`), or a count of people published less one
    published inside it (the people of 2017-2023 as those of 2016-2023 less those of 2016).
    `family`: the breakdown as `_narrowed._held` names it (None: the people's); `classes`: the
    classes of people it covers; `places`: its place-year-status cells; `cats`: the categories it
    counts (or leaves out), None for people."""

    vec: dict[int, float]
    family: str | None
    classes: frozenset[int]
    places: frozenset
    cats: frozenset[str] | None
    complement: bool
    fresh: bool
    published: int | None = None  # a released cell's number, when it was published
    primary: bool = False  # a released cell shown `<k`


def crossed_counts(
    cells: Sequence[Released],
    vectors: Sequence[dict[int, float]],
    system: System,
    k: int,
    fresh: frozenset[str] | None,
    parts: Sequence[frozenset[int]],
    truth_of: Callable,
    *,
    first: bool = False,
) -> list[dict[int, float]]:
    """The counts E = X - Y - Z - ... of margins a reader of `system` gives a smallest value from 1
    to k-1: Y, Z, ... of breakdowns other than X's (one or several), over some of X's classes of
    people or more (a count is at least its part inside X: Cờ Đỏ's men of every year bound its
    men of 2016-2024). E is at most the people X counts in none of their categories (a cell of
    their cross-classification), which a reader so narrows to at least 1.

    Only such a cell holding fewer than k is protected, as a union of pieces is
    (`truth_of.records`: the records of some place-years; a measure whose counter has none,
    victims supported, cases and contacts, is not searched). At least one margin is new (`fresh`:
    the box keys of the new release; None: any), and each part alone (`parts`: the numbers of the
    cells of the new release, and of the earlier ones, as in `System.eq_cell`) leaves E possibly 0
    or less: what one release narrows on its own through two of its tables is left to it, as what
    one table narrows on its own is (a pack's table by age and sex beside its table by
    destination), and what the earlier releases narrow was theirs. Found by the margins' own
    bounds and records first (`_groups`: X's least less the others' mosts, and the cell's truth),
    then the reader's linear programme. `first`: stop at the first found."""
    records_of = getattr(truth_of, "records", None)
    if not CROSSED or records_of is None:
        return []
    margins = _margins(cells, vectors, system, fresh)
    if all(m.family is None for m in margins):
        return []  # counts of people only: the union searches read them
    margins += _by_difference([m for m in margins if m.published is not None and not m.complement], system)
    # A published number is what every reader gives its cell; other bounds by linear programme,
    # but for what needs none: a count of people is taken away only when shown `<k` (at most k-1),
    # and a count whose truth is 0 has 0 as its least (the truth is a table every reader could hold).
    most = _Asked(lambda m: _most(m, system, k), margins)
    least = _Asked(lambda m: _least(m, system), margins)
    truth = system.truth.tolist()
    held_truly = _Asked(lambda m: sum(truth[j] * c for j, c in m.vec.items()), margins)
    found: list[dict[int, float]] = []
    seen: set[tuple] = set()
    counted: list[frozenset[int] | None] | None = None
    reading: Reading | None = None
    for t, top in enumerate(margins):
        low_top = least[t]
        if low_top is None or low_top < 1 - TOLERANCE:
            continue
        # what is taken away: categories of other breakdowns, and from a category's count, counts of
        # people too (Việt Nam's 5 of 2021-2024 less 2022's `<5` leaves at least one of 2023-2024)
        inside = [
            s
            for s, m in enumerate(margins)
            if (m.family is not None or top.family is not None)
            and m.family != top.family
            and not (m.family is None and m.complement)
            and m.classes & top.classes
            # the truth is a table every reader could hold: a margin holding more than X's least
            # has a most above it too, and needs no programme to say so
            and held_truly[s] < low_top + TOLERANCE
            and most[s] is not None
            and most[s] < low_top
        ]
        if sum(most[s] for s in inside) <= low_top - k + TOLERANCE:
            continue  # all of them together leave k or more
        if counted is None:
            counted = _counted(margins, records_of)
            if counted is None:
                return []
        top_records = counted[t]
        if top_records is None:
            continue
        held = [s for s in inside if counted[s] is not None]  # a breakdown the records hold
        people = frozenset(s for s in held if margins[s].family is None)
        groups = _groups(
            held, most, counted, top_records, low_top, k, singles=top.family is not None, alone=people
        )
        for group in groups:
            if not (top.fresh or any(margins[s].fresh for s in group)):
                continue
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
                reading = read_by_parts(system, k, parts, tight=False)  # its rows only: `_narrowed_by`
                if reading is None:
                    return []  # a part that released nothing here: the other narrows it alone
            if not any(_narrowed_by(vec, alone) for alone in reading.alone):
                found.append(vec)
                if first:
                    return found
    return found


class _Asked:
    """Each margin's bound, worked out the first time it is asked for: a linear programme each, and
    most margins are never a top nor inside one (nor reached once the first count is found)."""

    def __init__(self, bound: Callable[[_Margin], float | None], margins: Sequence[_Margin]) -> None:
        self._bound = bound
        self._margins = margins
        self._known: dict[int, float | None] = {}

    def __getitem__(self, s: int) -> Any:  # float | None, as `_most` and `_least` give
        if s not in self._known:
            self._known[s] = self._bound(self._margins[s])
        return self._known[s]


def _groups(
    inside: list[int],
    most: _Asked,
    counted: Sequence[frozenset[int] | None],
    top_records: frozenset[int],
    low_top: float,
    k: int,
    *,
    singles: bool,
    alone: frozenset[int] = frozenset(),
) -> Iterator[tuple[int, ...]]:
    """The groups of margins of `inside`, as many as they take, whose mosts taken from X's least
    `low_top` leave from 1 to k-1 and whose categories leave fewer than k of X's records
    (`top_records`) in none of them. A margin's most is at least its records inside X, so the mosts
    of such a group exceed the records of X they cover by at most k-2 (a group of cells covering
    X's people with little overlap and little outside it): the search stops where that waste is
    more, where the mosts leave less than 1 (a margin whose most is 0 takes nothing away: left
    out), and where what is left could not cover enough of X. Each of `alone` (counts of people
    shown `<k`: a table by district and year holds dozens) is taken from X only on its own."""
    order = sorted((most[s], s) for s in inside if most[s] > TOLERANCE)
    room = low_top - 1 + TOLERANCE  # the most a group may take away
    floor = low_top - k + TOLERANCE  # ... and more than this
    waste_allowed = k - 2 + TOLERANCE
    needed = len(top_records) - (k - 1)  # of X's records a group must cover
    # X's records as bits of an integer: the search unites them millions of times on a long
    # register, and an integer's | and bit_count are many times faster than a frozenset's
    bit = {record: 1 << b for b, record in enumerate(sorted(top_records))}
    inside_x: list[int] = []
    for _, s in order:
        mask = 0
        for record in counted[s] & top_records:  # type: ignore[operator]
            mask |= bit[record]
        inside_x.append(mask)
    reach = [0] * (len(order) + 1)  # the most the margins from each on can still cover
    for n in range(len(order) - 1, -1, -1):
        reach[n] = reach[n + 1] + inside_x[n].bit_count()

    def grow(start: int, taken: tuple[int, ...], total: float, covered: int, size: int):
        if size + reach[start] < needed:
            return
        for n in range(start, len(order)):
            value, s = order[n]
            if total + value > room:
                break  # the rest are larger
            if s in alone and taken:
                continue
            now = covered | inside_x[n]
            held = now.bit_count()
            if total + value - held > waste_allowed:
                continue  # takes away more than it covers: never fewer than k left that way
            group = (*taken, s)
            if (len(group) > 1 or singles) and total + value > floor and held >= needed:
                yield group
            if s not in alone:
                yield from grow(n + 1, group, total + value, now, held)

    yield from grow(0, (), 0.0, 0, 0)


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
        places = frozenset(box.cells())
        below = cell.status == PRIMARY
        margins.append(_Margin(live, family, classes, places, box.cats, False, is_new, shown, below))
        if family is None:
            people.setdefault(places, (live, is_new))
    for margin in list(margins):
        if margin.family is None or margin.cats is None:
            continue
        whole = people.get(margin.places)
        if whole is None:
            continue
        vec = _less(whole[0], margin.vec)
        fresh_either = whole[1] or margin.fresh
        margins.append(
            _Margin(vec, margin.family, margin.classes, margin.places, margin.cats, True, fresh_either)
        )
    return margins


def _less(outer: dict[int, float], inner: dict[int, float]) -> dict[int, float]:
    vec = dict(outer)
    for j, c in inner.items():
        vec[j] = vec.get(j, 0.0) - c
    return {j: c for j, c in vec.items() if abs(c) > TOLERANCE}


def _by_difference(shown: list[_Margin], system: System) -> list[_Margin]:
    """Each published count less one published inside it of the same categories, as a count every
    reader knows exactly (a total given only by difference, found by outside attackers on 5 Dec
    2026: the city's 43 of 2016-2023 less its 14 of 2016 beside three exploitation forms of
    2017-2023; its victims taken to Việt Nam in 2016-2024, 17, less those of 2016-2020, 12)."""
    people_of = system.class_of[None]
    found = []
    for outer in shown:
        for inner in shown:
            if inner.family != outer.family or inner.cats != outer.cats or not inner.places < outer.places:
                continue
            vec = _less(outer.vec, inner.vec)
            if not vec or any(c < 0 for c in vec.values()):
                continue  # not inside it piece by piece
            places = outer.places - inner.places
            classes = frozenset(people_of[place] for place in places if place in people_of)
            value = outer.published - inner.published  # type: ignore[operator]
            fresh = outer.fresh or inner.fresh
            found.append(_Margin(vec, outer.family, classes, places, outer.cats, False, fresh, value))
    return found


def _counted(margins: Sequence[_Margin], records_of: Callable) -> list[frozenset[int] | None] | None:
    """The records each margin counts, by their row in the records of every margin's place-years
    (None: no records for this measure; a margin of a breakdown the records do not hold, None)."""
    records = records_of({place for m in margins for place in m.places})
    if records is None:
        return None
    rows = np.arange(len(records))
    number_of: dict = {}  # each record's place-year-status cell, numbered: membership by integers
    cell_numbers = np.array(
        [number_of.setdefault(cell, len(number_of)) for cell in records.index], dtype=np.int64
    )
    counted: list[frozenset[int] | None] = []
    # margins share place-years and categories (a cell and its complement; a category over several
    # periods): each membership worked out once per audit
    inside_of: dict[frozenset, np.ndarray] = {}
    chosen_of: dict[tuple, np.ndarray] = {}
    for margin in margins:
        inside = inside_of.get(margin.places)
        if inside is None:
            wanted = [number_of[cell] for cell in margin.places if cell in number_of]
            inside = inside_of[margin.places] = np.isin(cell_numbers, wanted)
        family = margin.family
        names = family.split("=", 1)[0].split("+") if family is not None else []
        if any(name not in records.columns for name in names):
            counted.append(None)
            continue
        if family is None:
            counted.append(frozenset(rows[inside].tolist()))
            continue
        chosen = chosen_of.get((family, margin.cats))
        if chosen is None:
            chosen = chosen_of[(family, margin.cats)] = _chosen(records, family, margin.cats)
        counted.append(frozenset(rows[inside & (~chosen if margin.complement else chosen)].tolist()))
    return counted


def _chosen(records, family: str, cats: frozenset[str] | None) -> np.ndarray:
    """Which of `records` are in the categories `cats` of `family` (None: in any of them)."""
    if "=" in family:  # one category of a breakdown a person may be in several of
        name, category = family.split("=", 1)
        return records[name].map(lambda these: _holds(these, category)).to_numpy(dtype=bool)
    if "+" in family:
        first, second = family.split("+")
        values = records[first].astype(str) + "|" + records[second].astype(str)
    else:
        values = records[family]
    return (values.isin(list(cats)) if cats is not None else values.notna()).to_numpy(dtype=bool)


def _holds(these, category: str) -> bool:
    """Whether a record's categories of a breakdown a person may be in several of hold `category`."""
    return these is not None and not np.isscalar(these) and category in these


def _most(margin: _Margin, system: System, k: int) -> float | None:
    if margin.published is not None:
        return float(margin.published)
    if margin.family is None:
        # a count of people is taken away only when it is shown `<k`, as at most k-1 (no
        # programme per count of people: a pack holds a hundred of them)
        return k - 1.0 if margin.primary else None
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
