"""The audit that protects every new release together with all earlier ones.

A new release is audited as one system with every earlier release still true of the data (those a
revision of the victim records contradicts stop the release, see `Register.standing`): an integer
programme over the pieces the released boxes cut the records into (`_reader`; a reader knows counts
are whole) finds, for every count below k — every piece, every withheld `<k` cell, every difference
of nested cells — whether a whole-number table a reader holding everything released could take for
true gives it 0, and one gives it k-1. The protection level: every whole number from 0 to k-1 must
stay possible (nothing beyond "<k" is learnt, not even "at least one"). Unions of pieces below k are
searched for being pinned or narrowed (`_unions`). `_withhold` withholds cells of the new release
until that holds.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence

import numpy as np

from ._crossed import crossed_counts
from ._disclosure import PUBLISHED
from ._narrowed import narrowed_unions
from ._reader import TOLERANCE, System, Whole, may_be_below, solve, stack, support_of, system_of
from ._release import HIDDEN, Box, Released
from ._support_link import SupportBound
from ._unions import narrowed_overlaps, pinned_unions

# Whether the people between two stages of one funnel are protected within its release (off: as
# before 5 Dec 2026, when an outside attacker read Ninh Kiều's received 5 and identified `<5` as
# at least one person received there and not identified; the tests show the attack then).
FUNNEL_STAGES = True


def unsafe(
    cells: Sequence[Released],
    domains,
    multi,
    truth_of: Callable,
    k: int,
    *,
    first: bool = False,
    fresh: frozenset[str] | None = None,
    links: dict[tuple[str, str], frozenset[str]] | None = None,
    bound: SupportBound | None = None,
) -> list[dict]:
    """The counts below k (pieces, withheld `<k` cells, differences of nested cells) a reader of
    `cells` can narrow to less than 0..k-1, as what they cover; [] when the release is safe.
    `first`: stop at the first found. `fresh`: the box keys of the new release (differences are
    formed between one of them and an earlier cell; None: between any two cells). `links`: pairs of
    breakdowns every reader knows are related, with the 'category|category' pairs no one can be in.
    `bound`: the releases of victims supported, which bound victim counts from below
    (`_support_link`)."""
    if not cells and (bound is None or not bound.cells):
        return []
    system = system_of(cells, domains, multi, truth_of, k, links, bound)
    vectors = [system.vector(cell.box, domains) for cell in cells]
    items = _protected(cells, vectors, system, k, fresh)
    found = [support_of(vec, system) for vec in _narrowed(items, system, k, first=first)]
    if found and first:
        return found
    # Every other union of pieces: one pinned by three or more releases ((A+B) + (A+C) - (A+B+C)
    # is A, never released as one cell), searched for exactly (see `pinned_unions`).
    earlier = None
    if fresh is not None:
        earlier = functools.partial(
            system_of,
            [c for c in cells if c.box.key() not in fresh],
            domains,
            multi,
            truth_of,
            k,
            links,
            bound.without(fresh) if bound is not None else None,
        )
    for vec in pinned_unions(system, k, earlier, first=first):
        support = support_of(vec, system)
        if support not in found:
            found.append(support)
            if first:
                return found
    # Unions narrowed without being pinned: those two released cells mark out (their overlap, and
    # either less the overlap), when combining releases narrows them more than each part alone.
    if fresh is not None:
        released = [*cells, *(bound.cells if bound is not None else ())]
        # the support rows are numbered after the cells and the regions (`attach`)
        numbers = [
            *range(len(cells)),
            *(system.support_rows_from + j for j in range(len(released) - len(cells))),
        ]
        new = frozenset(n for n, c in zip(numbers, released, strict=True) if c.box.key() in fresh)
        parts = [new, frozenset(numbers) - new]
        for vec in narrowed_overlaps(system, vectors, k, parts, first=first):
            support = support_of(vec, system)
            if support not in found:
                found.append(support)
        if found and first:
            return found  # the withholding reads the first only: the searches after it can wait
        # A count less other breakdowns' counts inside it: a cell of a cross-classification no
        # release cut, narrowed by the margins released (Cờ Đỏ's 9, men `<5`, aged 9-17 `<5`).
        for vec in crossed_counts(cells, vectors, system, k, fresh, parts, truth_of, first=first):
            support = support_of(vec, system)
            if support not in found:
                found.append(support)
        if found:
            return found  # withheld, the release is audited again: what is left is searched then
        # Unions narrowed by a longer chain of answers (four one-number answers read a district as
        # "at least 4"), each part alone leaving them possibly empty, over several breakdowns at once.
        for vec in narrowed_unions(system, k, parts, first=first):
            support = support_of(vec, system)
            if support not in found:
                found.append(support)
    return found


def _protected(cells: Sequence[Released], vectors, system: System, k: int, fresh) -> list[dict[int, float]]:
    """The counts the audit protects in `system`: every count a reader cannot rule out being below k."""
    # Which counts are protected is decided from what is published, never from the counts: a count
    # protected only when it *holds* fewer than k would be protected, or not, by whether a part of
    # it holds anyone, and the marks would tell (a year published as 5, one district of it asked
    # next: `<5` says the other districts hold at least one only when the district holds someone).
    # So every count a reader of the release cannot rule out being below k is protected, whatever it
    # holds: every piece, every withheld cell, every released count less one released inside it.
    pieces = sorted(system.columns.values())  # any variables after them are no counts of this measure
    candidates: list[dict[int, float]] = [{i: 1.0} for i in pieces if i not in system.fixed]
    candidates += [vec for cell, vec in zip(cells, vectors, strict=True) if cell.status != PUBLISHED]
    candidates += system.protect
    candidates += _differences(cells, vectors, fresh)
    candidates += _region_differences(vectors, system.protect)
    candidates = [{i: c for i, c in v.items() if i not in system.fixed} for v in candidates]
    candidates = [dict(t) for t in dict.fromkeys(tuple(sorted(v.items())) for v in candidates if v)]
    small = may_be_below(candidates, system, k)
    # the pieces come first, each once: kept for the union searches (`pieces_may_be_below`)
    live = [i for i in pieces if i not in system.fixed]
    system.small_pieces.setdefault(k, frozenset(i for i, b in zip(live, small, strict=False) if b))
    return [vec for vec, below in zip(candidates, small, strict=True) if below]


def _narrowed(
    items: list[dict[int, float]], system: System, k: int, extra=(), *, first: bool = False, whole=None
) -> list[dict[int, float]]:
    """The counts of `items` a reader of `system` (and the rows `extra`) narrows to less than
    0..k-1: some whole-number table gives each of the others 0, and one gives it k-1 or more."""
    n = len(system.truth)
    extra = list(extra)

    def value(vec, x):
        return sum(x[i] * c for i, c in vec.items())

    def top(chosen: list[dict[int, float]]):
        """The largest total of min(count, k-1) over `chosen` (auxiliary t <= count, t <= k-1)."""
        aux = [({n + m: 1.0, **{i: -c for i, c in vec.items()}}, 0.0) for m, vec in enumerate(chosen)]
        bounds = [(0, None)] * n + [(0, k - 1)] * len(chosen)
        objective = np.r_[np.zeros(n), -np.ones(len(chosen))]
        return solve(objective, system, [*aux, *extra], len(chosen), bounds, whole=whole)

    # A reader knows counts are whole numbers: every bound is that of the integer programme (the
    # pieces whole), whose solutions are tables a reader could hold for true. A table found with a
    # count at 0 (at k-1 or more) shows that value possible, whether or not it is optimal; only a
    # verdict against a count needs an optimum. Programmes that certify many counts at once: the
    # smallest total of the uncertified ones, and the largest total of min(count, k-1), again on
    # what is left while each round certifies more; what is left is solved one count at a time.
    import time

    whole = whole or Whole(time.perf_counter())
    if not items:
        return []
    items_by_piece = stack(items, n)
    low_pending = list(range(len(items)))
    while low_pending:
        x = solve(np.asarray(items_by_piece[low_pending].sum(axis=0)).ravel(), system, extra, whole=whole)
        if x is None:
            break
        values = items_by_piece @ x[:n]
        left = [j for j in low_pending if values[j] > TOLERANCE]
        if len(left) == len(low_pending):
            break
        low_pending = left
    high_pending = list(range(len(items)))
    while high_pending:
        x = top([items[j] for j in high_pending])
        if x is None:
            break
        left = [j for m, j in enumerate(high_pending) if x[n + m] < k - 1 - TOLERANCE]
        if len(left) == len(high_pending):
            break
        high_pending = left
    found = []
    for j in dict.fromkeys([*low_pending, *high_pending]):
        vec = items[j]
        objective = np.zeros(n)
        for i, c in vec.items():
            objective[i] = c
        ok = True
        if j in low_pending:
            x = solve(objective, system, extra, whole=whole)
            ok = x is not None and value(vec, x) <= TOLERANCE
            if not ok and x is not None and not whole.optimal:
                whole.refuse()  # stopped before it could tell: never published unaudited
        if ok and j in high_pending:
            x = top([vec])
            ok = x is not None and x[n] >= k - 1 - TOLERANCE
            if not ok and x is not None and not whole.optimal:
                whole.refuse()
        if not ok:
            found.append(vec)
            if first:
                return found
    return found


def told_by_at_least_k(
    cells: Sequence[Released],
    shown_below: Sequence[int],
    domains,
    multi,
    truth_of: Callable,
    k: int,
    *,
    fresh: frozenset[str] | None = None,
    links: dict[tuple[str, str], frozenset[str]] | None = None,
    bound: SupportBound | None = None,
) -> list[int]:
    """Of the cells at the indices `shown_below` (each shown `<k` in `cells`), those whose count,
    read as at least k instead, would narrow a count below k for a reader of `cells` (a piece, a
    withheld cell, a difference of nested cells; docs/releases.md, Limits 9). One system, each cell's
    world its own rows: the cell at least k, the others below k; a world no whole-number table is
    consistent with (the cell pinned below k by what is shown) tells nothing."""
    if not shown_below:
        return []
    import time

    flips = frozenset(shown_below)
    base = [Released(c.box, HIDDEN, None) if n in flips else c for n, c in enumerate(cells)]
    system = system_of(base, domains, multi, truth_of, k, links, bound)
    n = len(system.truth)
    vectors = [system.vector(cell.box, domains) for cell in base]
    items = _protected(base, vectors, system, k, fresh)
    whole = Whole(time.perf_counter())
    told = []
    for m in shown_below:
        rows = [({i: -c for i, c in vectors[m].items()}, -float(k))]
        rows += [(vectors[other], float(k - 1)) for other in shown_below if other != m]
        if solve(np.zeros(n), system, rows) is None:
            continue  # no table holds it at k or more with what is shown
        inside = set(vectors[m])
        # a count holding all of it is at least k in that world: not below k, not protected there
        pending = [vec for vec in items if not inside <= set(vec)]
        # every count that world narrows at once (the batch programmes of `_narrowed` run once, not
        # again after each count found at least k there, which is no count it protects)
        found = _narrowed(pending, system, k, rows, whole=whole)
        if any(_may_be_below_in(vec, system, k, rows) for vec in found):
            told.append(m)
    return told


def _may_be_below_in(vec: dict[int, float], system: System, k: int, rows) -> bool:
    """Whether a reader of `system` and the rows `rows` could take the count `vec` for one below k
    (`may_be_below`, in a world of its own)."""
    objective = np.zeros(len(system.truth))
    for i, c in vec.items():
        objective[i] = c
    x = solve(objective, system, rows)
    return x is None or float(objective @ x[: len(objective)]) <= k - 1 + TOLERANCE


def pinned_by(
    earlier: Sequence[Released],
    boxes: Sequence[Box],
    domains,
    multi,
    truth_of: Callable,
    k: int,
    links: dict[tuple[str, str], frozenset[str]] | None = None,
) -> list[bool]:
    """Whether each of `boxes` (of one measure) has one possible value given the numbers published
    before (`earlier`; their '<k' and 'x' marks are left out, so what is found is pinned for every
    reader): publishing that value tells nobody anything (docs/releases.md, "Counts the register
    already gives")."""
    published = [c for c in earlier if c.status == PUBLISHED]
    if not published or not boxes:
        return [False] * len(boxes)
    # a box with a place-year no published cell covers holds pieces no published row bounds
    covered = set().union(*(c.box.cells() for c in published))
    found = [box.cells() <= covered for box in boxes]
    if not any(found):
        return found
    asked = [Released(box, HIDDEN, None) for box, ok in zip(boxes, found, strict=True) if ok]
    system = system_of([*published, *asked], domains, multi, truth_of, k, links)
    for n, box in enumerate(boxes):
        if not found[n]:
            continue
        vec = system.vector(box, domains)
        objective = np.zeros(len(system.truth))
        objective[list(vec)] = 1.0
        low, high = solve(objective, system), solve(-objective, system)
        found[n] = (
            bool(vec)
            and low is not None
            and high is not None
            and float(objective @ high) - float(objective @ low) <= TOLERANCE
        )
    return found


def _differences(cells, vectors, fresh) -> list[dict[int, float]]:
    """A released count less one released inside it (a district's all-years total less its count
    for some years) is a count every reader can form: each, as a count to audit if a reader could
    take it for below k. With `fresh`, the pairs of one new and one earlier cell: differencing
    across releases."""
    sets = [frozenset(vec) for vec in vectors]
    new = [fresh is not None and cell.box.key() in fresh for cell in cells]  # each cell's key once
    found = []
    for a, outer in enumerate(sets):
        for b, inner in enumerate(sets):
            if a == b or not inner < outer:
                continue
            # Within one release, the tables' own cells are what is protected, but for the stages
            # of a funnel: the people one stage holds and a later one not (received 5 and
            # identified `<5` would say someone received was not identified).
            within = fresh is not None and new[a] == new[b]
            stages = FUNNEL_STAGES and new[a] and _stages_of_one_funnel(cells[a].box, cells[b].box)
            if within and not stages:
                continue
            found.append(dict.fromkeys(outer - inner, 1.0))
    return found


def _stages_of_one_funnel(outer: Box, inner: Box) -> bool:
    """Whether two boxes count people of the same places and years by their status or workflow
    stage only, as a funnel's stages do."""
    stages = (None, "workflow_stage")
    return (
        outer.areas == inner.areas
        and outer.years == inner.years
        and outer.family in stages
        and inner.family in stages
        and outer.measure is None
        and inner.measure is None
    )


def speaks_of_few(
    cells: Sequence[Released],
    bound: SupportBound,
    asked: Sequence[Box],
    domains,
    multi,
    truth_of: Callable,
    k: int,
    links: dict | None = None,
) -> list[bool]:
    """Whether a reader of the victim `cells` and of the support counts `bound` holds cannot rule
    out that the victims each support box of `asked` speaks of number fewer than k (the smallest
    value a reader gives one of them is k-1 or less). Read off what is released, never the counts."""
    if not asked:
        return []
    extra = tuple(Released(box, HIDDEN, None) for box in asked)
    bound = dataclasses.replace(bound, cells=(*bound.cells, *extra))
    system = system_of(cells, domains, multi, truth_of, k, links, bound)
    found = []
    for box in asked:
        vectors = [system.vector(region, domains) for region in bound.region_boxes(box)]
        found.append(any(may_be_below([v for v in vectors if v], system, k)))
    return found


def _region_differences(vectors, regions) -> list[dict[int, float]]:
    """The victims a support count speaks of less a victim count released inside them, and the
    reverse, and one region less another (the support of five districts in 2016 less the victims
    of four of them, `<5`, leaves the fifth's victims at least the rest): counts every reader of
    both measures can form (`_support_link`)."""
    region_sets = [frozenset(vec) for vec in regions]
    cell_sets = [frozenset(vec) for vec in vectors]
    return _less_inside(region_sets, [*cell_sets, *region_sets]) + _less_inside(cell_sets, region_sets)


def _less_inside(
    outers: Sequence[frozenset[int]], inners: Sequence[frozenset[int]]
) -> list[dict[int, float]]:
    """Each of `outers` less each of `inners` strictly inside it."""
    return [dict.fromkeys(outer - inner, 1.0) for outer in outers for inner in inners if inner < outer]
