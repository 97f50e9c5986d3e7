"""The searches for unions of pieces a reader of the releases can narrow though no released cell
covers them: unions pinned to one value, or to linear bounds holding one whole number, by any
releases ((A+B) + (A+C) - (A+B+C) is A), and unions two released cells mark out (their overlap, or
either less the overlap), or three nested ones (a count less one inside it less a third inside what
is left), that combining releases narrows more than each part alone (docs/releases.md, Limits 2);
and the mixed-integer search's parts the search through any chain (`_narrowed`) shares.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import NoReturn

import numpy as np

from ._disclosure import refusal
from ._programmes import integer_programme
from ._reader import (
    TOLERANCE,
    System,
    lower_bound,
    matrix,
    may_hold_below,
    pieces_may_be_below,
    pinned,
    solve,
    stack,
    within_pieces,
)

# A union of pieces is narrowed when its smallest value is above this (whole counts: above 0; the
# margin keeps a solver's rounding from reading as a count), confirmed by a plain linear programme.
UNION_MARGIN = 1e-4
# How many unions the earlier releases already narrowed (see `pinned_unions`) are set aside per breakdown;
# one more is reported, whoever narrowed it (when in doubt, withhold).
EARLIER_LEAKS = 20
# The longest the search for pinned unions may take per breakdown and try before the release is
# refused (never published unaudited): the search is exponential in the worst case.
UNION_SECONDS = 60.0
# Chains of three are formed through a released count with at most this many released counts inside
# it (the city's tables hold a few dozen; a national table by district 705, whose chains, half a
# million, would take the search past its time): beyond, its chains are not searched.
CHAIN_INNERS = 200
# The longest the search for unions two released cells mark out may take (see `narrowed_overlaps`) before
# the release is refused: its work grows with the square of the register's cells.
OVERLAP_SECONDS = 60.0


def narrowed_overlaps(
    system: System,
    vectors: Sequence[dict[int, float]],
    k: int,
    parts: Sequence[frozenset[int]],
    *,
    first: bool,
) -> list[dict[int, float]]:
    """The unions two released cells mark out — the pieces both hold, and the pieces one holds and
    the other not — that a reader could take for below k, that a reader of every release gives a smallest
    value above 0 (at least 1: counts are whole) and above what a reader of each part alone gives
    it. (A+B) + (A+C) - (A+B+C) is A, the overlap of two of them; with '<k' and 'x' marks among
    them A is narrowed without being pinned. A union one part narrows on its own as much is left
    to that part (one table's own lines: a row total of 6 beside three '<5' years says two of them
    hold at least 2, as cell suppression always has). Narrowing from above needs no check: a union's
    largest value is at least each of its pieces', which `unsafe` audits against the whole level."""
    import time

    started = time.perf_counter()

    def in_time() -> None:
        if time.perf_counter() - started > OVERLAP_SECONDS:
            raise refusal("audit_overlaps", {"cells": len(vectors), "seconds": OVERLAP_SECONDS})

    sets = list(dict.fromkeys(frozenset(vec) for vec in vectors if vec))
    lower = lower_bound(system, k)
    truth = system.truth.tolist()  # summed per union, thousands of times: a list's items are faster
    candidates: dict[frozenset[int], None] = {}

    def consider(union: frozenset[int]) -> None:
        union = union - system.fixed
        # whatever it holds (see `_audit.unsafe`): a union is left out only when every reader knows
        # it holds k or more
        if union and union not in candidates and may_hold_below(union, truth, lower, k):
            candidates[union] = None

    for union in _marked_out(tuple(sets), in_time):
        consider(union)
    pending = [dict.fromkeys(sorted(union), 1.0) for union in candidates]
    n = len(system.truth)
    # each union a row of one sparse matrix: its value in a table is a row of one product
    unions = stack(pending, n)
    left = list(range(len(pending)))

    # one programme clears many at once: the smallest total of those left, each at 0 cleared
    tables: list[np.ndarray] = []  # tables a reader could hold: each union's value there is above its least
    while left:
        in_time()
        x = solve(np.asarray(unions[left].sum(axis=0)).ravel(), system)
        if x is None:
            break
        tables.append(x[:n])
        values = unions @ x[:n]
        still = [row for row in left if values[row] > TOLERANCE]
        if len(still) == len(left):
            break
        left = still
    # the least value each union left has in the tables found (its smallest is no larger)
    most = (
        dict(zip(left, (unions[left] @ np.column_stack(tables)).min(axis=1), strict=True)) if tables else {}
    )
    pending = [pending[row] for row in left]
    if not pending:
        return []
    from scipy.optimize import linprog

    a_eq, b_eq = matrix(system.a_eq, n)
    a_ub, b_ub = matrix(system.a_ub, n)
    alone = []
    for part in parts:
        keep_eq = [i for i, cell in enumerate(system.eq_cell) if cell is None or cell in part]
        keep_ub = [i for i, cell in enumerate(system.ub_cell) if cell is None or cell in part]
        alone.append(
            (
                lower_bound(system, k, (keep_eq, keep_ub)),
                a_eq[keep_eq] if keep_eq else None,
                b_eq[keep_eq] if keep_eq else None,
                a_ub[keep_ub] if keep_ub else None,
                b_ub[keep_ub] if keep_ub else None,
            )
        )
    found = []
    for row, vec in zip(left, pending, strict=True):
        in_time()
        union = frozenset(vec)
        if any(part[0](union) >= most.get(row, np.inf) - UNION_MARGIN for part in alone):
            continue  # a part alone narrows it as much as everything can, quick bounds show
        objective = np.zeros(n)
        objective[list(vec)] = 1.0
        x = solve(objective, system)
        if x is None:
            continue
        together = float(objective @ x)
        if together <= TOLERANCE or together > k - 1 + TOLERANCE:
            continue  # it can hold nobody, or every reader knows it holds k or more
        for part_lower, p_eq, q_eq, p_ub, q_ub in alone:
            if part_lower(union) >= together - UNION_MARGIN:
                break  # this part alone narrows it as much, a quick bound shows
            result = linprog(
                objective, A_eq=p_eq, b_eq=q_eq, A_ub=p_ub, b_ub=q_ub, bounds=(0, None), method="highs"
            )
            if result.status == 0 and result.fun >= together - UNION_MARGIN:
                break  # this part alone narrows it as much
        else:
            found.append(vec)
            if first:
                return found
    return found


# The unions the last register's cells marked out: a release audits the register again after each
# cell it withholds, and the cells' pieces, unlike their marks, stay the same.
_MARKED_OUT: dict[tuple[frozenset[int], ...], list[frozenset[int]]] = {}


def _marked_out(sets: tuple[frozenset[int], ...], in_time: Callable[[], None]) -> list[frozenset[int]]:
    """The unions two of `sets` mark out (their overlap, and either less the overlap), and three
    nested ones (`_chains`), each once, in the order first found."""
    known = _MARKED_OUT.get(sets)
    if known is not None:
        return known
    found: dict[frozenset[int], None] = {}
    for a, first_set in enumerate(sets):
        in_time()
        for second in sets[a + 1 :]:
            if first_set.isdisjoint(second):
                continue
            found.update(dict.fromkeys((first_set & second, first_set - second, second - first_set)))
    found.update(dict.fromkeys(_chains(sets, in_time)))
    unions = list(found)
    _MARKED_OUT.clear()
    _MARKED_OUT[sets] = unions
    return unions


def _chains(sets: Sequence[frozenset[int]], in_time: Callable[[], None]) -> Iterator[frozenset[int]]:
    """A released count less one released inside it, less a third inside what is left: all
    districts of 2016-2024 (50) less all but Ô Môn and Thốt Nốt (42) less Thốt Nốt (`<5`) is Ô Môn,
    at least 4 — three one-number answers, none telling it alone (docs/releases.md, Limits 2)."""
    inside = [[b for b, inner in enumerate(sets) if inner < outer] for outer in sets]
    for a, inners in enumerate(inside):
        in_time()
        if len(inners) > CHAIN_INNERS:
            continue  # a national table's total over 705 districts: half a million chains (Limits 2)
        for b in inners:
            rest = sets[a] - sets[b]
            for c in inners:
                if c != b and sets[c] < rest:
                    yield rest - sets[c]


def pinned_unions(
    system: System, k: int, earlier: Callable[[], System] | None, *, first: bool
) -> list[dict[int, float]]:
    """Unions of pieces below k that a reader holding every release can work out exactly (pinned:
    its smallest and largest possible values are one number), as vectors.

    A union is of the people's pieces, or of one breakdown's pieces x categories (a count of
    people, or of people in some categories): (A+B) + (A+C) - (A+B+C) pins A, never released as
    one cell. By linear-programming duality, for a union S (indicator z) the smallest value a reader
    can give it is the largest b.y with A'y <= z (y >= 0 on '<k' and 'x' rows, as written below),
    and its largest the smallest b.u with A'u >= z. A reader who knows counts are whole rounds:
    a union whose smallest value is above 0 and whose largest is less than 1 above it ([3.4, 4.2])
    holds one whole number, its true count. So one mixed-integer programme per breakdown,

        find binary z, y, u:   A'y <= z,   A'u >= z,   b.u - b.y < 1,   b.y > 0,   b.u < k,

    (with a margin, `UNION_MARGIN`, on the strict inequalities) is feasible exactly when some union
    is pinned to one whole value from 1 to k-1 (one pinned to 0 has every piece pinned to 0, which
    `unsafe` checks piece by piece). What is found is confirmed by two plain linear programmes
    (`pinned`). `earlier`: the system of the earlier releases alone; a union they
    already pinned (in a register written before unions were audited) is not this release's doing
    and is set aside, with every union holding it."""
    from scipy.optimize import Bounds
    from scipy.sparse import csr_matrix, hstack

    n = len(system.truth)
    if not system.a_eq:  # nothing published: nothing pinned above 0
        return []
    a_eq, b_eq = matrix(system.a_eq, n)
    a_ub, b_ub = matrix(system.a_ub, n)
    # y = (y_eq, w) and u = (u_eq, v): equality rows' multipliers free, inequality rows' w, v >= 0
    if a_ub is None:
        low_side, high_side, gains_low, gains_high = a_eq.T, a_eq.T, b_eq, b_eq
        ends = [(-np.inf, np.inf)] * a_eq.shape[0]
    else:
        low_side, high_side = hstack([a_eq.T, -a_ub.T]), hstack([a_eq.T, a_ub.T])
        gains_low, gains_high = np.r_[b_eq, -b_ub], np.r_[b_eq, b_ub]
        ends = [(-np.inf, np.inf)] * a_eq.shape[0] + [(0.0, np.inf)] * a_ub.shape[0]
    m = low_side.shape[1]
    by_family = _below_k_by_family(system, k)
    found: list[dict[int, float]] = []
    old: list[System] = []
    zeros = csr_matrix((n, m))
    for candidates in by_family.values():
        c = len(candidates)
        pick = _pick(candidates, n, c)
        # variables: y (m), u (m), z (c)
        rows = [
            hstack([low_side, zeros, -pick]),  # A'y - z <= 0
            hstack([zeros, high_side, -pick]),  # A'u - z >= 0
            csr_matrix(np.r_[-gains_low, gains_high, np.zeros(c)]),  # b.u - b.y < 1
            csr_matrix(np.r_[gains_low, np.zeros(m), np.zeros(c)]),  # b.y > 0
            # b.u < k, by the margin b.u - b.y has: the union's largest value, as published, leaves
            # it below k (never its truth: which unions are searched is decided from what is
            # published, as for pieces, or a union found only when it holds fewer than k would be
            # withheld, or not, by its count, and the marks would tell)
            csr_matrix(np.r_[np.zeros(m), gains_high, np.zeros(c)]),
            # the truth is a table every reader could hold, so b.y <= truth.z <= b.u: implied (true
            # of every point of the programme, so no gate), but stated they cut the search short
            csr_matrix(np.r_[gains_low, np.zeros(m), -system.truth[candidates]]),  # b.y - truth.z <= 0
            csr_matrix(np.r_[np.zeros(m), gains_high, -system.truth[candidates]]),  # b.u - truth.z >= 0
        ]
        lower: list[np.ndarray] = [
            np.full(n, -np.inf),
            np.zeros(n),
            *np.array([[-np.inf], [UNION_MARGIN], [-np.inf], [-np.inf], [0.0]]),
        ]
        upper: list[np.ndarray] = [
            np.zeros(n),
            np.full(n, np.inf),
            *np.array([[1.0 - UNION_MARGIN], [np.inf], [k - UNION_MARGIN], [0.0], [np.inf]]),
        ]
        bounds = Bounds(
            np.r_[[lo for lo, _ in ends] * 2, np.zeros(c)], np.r_[[hi for _, hi in ends] * 2, np.ones(c)]
        )
        attempt = artefacts = 0  # the unions confirmed so far, and the artefacts set aside
        while attempt <= EARLIER_LEAKS:
            result = _search(
                (rows, lower, upper), bounds, np.r_[np.zeros(2 * m), np.ones(c)], system, c, UNION_SECONDS
            )
            if result.x is None:
                break  # infeasible: no union below k is pinned
            chosen = [candidates[t] for t in np.nonzero(result.x[2 * m :] > 0.5)[0]]
            vec = dict.fromkeys(chosen, 1.0)
            if not pinned(vec, system):
                # not confirmed by the plain programmes (a numerical artefact): this union alone is
                # set aside, and the search goes on
                artefacts += 1
                if artefacts > EARLIER_LEAKS:
                    break
                exact = np.where(np.isin(candidates, chosen), 1.0, -1.0)
                rows.append(csr_matrix(np.r_[np.zeros(2 * m), exact]))
                lower.append(np.array([-np.inf]))
                upper.append(np.array([len(chosen) - 1.0]))
                continue
            # this union, and every union holding it, is set aside from here on
            rows.append(csr_matrix(np.r_[np.zeros(2 * m), np.isin(candidates, chosen).astype(float)]))
            lower.append(np.array([-np.inf]))
            upper.append(np.array([len(chosen) - 1.0]))
            attempt += 1
            if earlier is not None and attempt <= EARLIER_LEAKS:
                if not old:
                    old.append(earlier())
                if pinned(within_pieces(vec, system, old[0]), old[0]):
                    continue
            found.append(vec)
            if first:
                return found
    return found


def _pick(candidates: Sequence[int], n: int, c: int):
    """The n x c matrix setting each candidate piece's row to its z."""
    from scipy.sparse import csr_matrix

    return csr_matrix((np.ones(c), (candidates, range(c))), shape=(n, c))


def _search(constraints, bounds, integrality, system: System, pieces: int, seconds: float):
    """A feasible point of the union search's mixed-integer programme (`constraints`: its rows and
    their lower and upper ends), or a result with no point when there is none; one that could not
    finish in `seconds` refuses the release (never published unaudited)."""
    from scipy.optimize import LinearConstraint
    from scipy.sparse import vstack

    rows, lower, upper = constraints
    result = integer_programme(
        np.zeros(len(integrality)),
        integrality=integrality,
        bounds=bounds,
        constraints=LinearConstraint(vstack(rows).tocsr(), np.concatenate(lower), np.concatenate(upper)),
        seconds=seconds,
    )
    if result.x is None and result.status not in (0, 2):
        _stopped(system, pieces, seconds, result.message)
    return result


def _stopped(system: System, pieces: int, seconds: float, message: str) -> NoReturn:
    fields = {"published": len(system.a_eq), "pieces": pieces, "seconds": seconds, "message": message}
    raise refusal("audit_unions", fields)


def _below_k_by_family(system: System, k: int, *, held: bool = False) -> dict[str | None, list[int]]:
    """The pieces a reader could take for below k that no reader knows to hold nobody, per
    breakdown: what a union searched for (`pinned_unions`) may hold. Read off the published rows
    (`pieces_may_be_below`), never the counts: pieces taken as those *holding* fewer than k let a
    union be searched, or not, by what its pieces hold, and the marks told. `held`: those holding
    fewer than k, for the search that still reads the truth (`narrowed_unions`; docs/releases.md,
    Limits 2)."""
    small = pieces_may_be_below(system, k) if not held else None
    by_family: dict[str | None, list[int]] = {}
    for (family, _, _), j in system.columns.items():
        if (j in small) if small is not None else (system.truth[j] < k and j not in system.fixed):
            by_family.setdefault(family, []).append(j)
    return by_family
