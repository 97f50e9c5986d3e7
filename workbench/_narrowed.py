"""The search for unions of pieces a reader of every release narrows (a smallest value above 0)
while a reader of the new release alone, and of the earlier ones alone, can each still take them for
empty: chains of answers of any length, over the pieces of several breakdowns at once
(docs/releases.md, "Chains of any length" and "Unions of several breakdowns").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._reader import TOLERANCE, WITHOUT, System, matrix, solve
from ._unions import EARLIER_LEAKS, UNION_MARGIN, _below_k_by_family, _pick, _search, _stopped

# The longest the search for unions a reader of everything narrows though each part alone leaves
# them possibly empty (see `narrowed_unions`) may take per programme before the release is refused.
# A pack of 2016-2026 takes 10-25 s in one programme on an idle machine, and the solver's time varies
# twofold with the order of its rows: at 60 s, a busy or slower machine refused a usual pack.
NARROWED_SECONDS = 300.0
# Whether the breakdowns of people are searched together, each class of people in one breakdown's
# pieces or the people's (docs/releases.md, "Unions of several breakdowns"); off, one programme per
# breakdown, as before 5 Dec 2026, which misses a union of several.
MIXED = True
# The smallest value a union must have, by the multipliers of `narrowed_unions`, to be found: well
# above the solver's tolerance times the released values (multipliers scaled down to a millionth
# would otherwise meet any margin within tolerance); a union whose linear bounds put it above 0
# but below this is not found (docs/releases.md, Limits 2).
NARROWED_MARGIN = 0.25
# Whether a piece no published count bounds is given the most a part's tables let it hold
# (`_tighten`) in the search's programmes, rather than a bound above every count; off, as before
# 6 Dec 2026, the search took over a minute on a pack of 2016-2026.
TIGHT_MOST = True


def narrowed_unions(
    system: System, k: int, parts: Sequence[frozenset[int]], *, first: bool
) -> list[dict[int, float]]:
    """`_narrowed_unions` on the system with its pieces and rows in an order of their own (the
    place-years, statuses and categories they cover), whatever order the system was built in: the
    union the solver finds first, and so the cells withheld, are the same in every run."""
    keys = _piece_keys(system)
    order = sorted(range(len(system.truth)), key=keys.__getitem__)
    place = {j: t for t, j in enumerate(order)}

    def rows(written, cells):
        moved = [({place[j]: c for j, c in vec.items()}, value) for vec, value in written]
        keys = [
            (tuple(sorted(vec.items())), value, cell is None)
            for (vec, value), cell in zip(moved, cells, strict=True)
        ]
        ranks = sorted(range(len(moved)), key=lambda i: keys[i])
        return [moved[i] for i in ranks], [cells[i] for i in ranks]

    a_eq, eq_cell = rows(system.a_eq, system.eq_cell)
    a_ub, ub_cell = rows(system.a_ub, system.ub_cell)
    ordered = System(
        columns=dict(
            sorted(((key, place[j]) for key, j in system.columns.items()), key=lambda item: item[1])
        ),
        truth=system.truth[order],
        a_eq=a_eq,
        a_ub=a_ub,
        class_of=system.class_of,
        members=system.members,
        fixed=frozenset(place[j] for j in system.fixed),
        eq_cell=eq_cell,
        ub_cell=ub_cell,
        multi=system.multi,
    )
    found = _narrowed_unions(ordered, k, parts, first=first)
    return [{order[j]: c for j, c in vec.items()} for vec in found]


def _piece_keys(system: System) -> list[tuple]:
    """What each variable of the system stands for, as a key to order by: a piece's breakdown, its
    place-year(-status) cells and its category; variables after the pieces (`_support_link`) keep
    their place after them."""
    keys: list[tuple] = [(1, "", (), "", j) for j in range(len(system.truth))]
    for (family, group, category), j in system.columns.items():
        cells = tuple(sorted(repr(cell) for cell in system.members[family][group]))
        keys[j] = (0, str(family), cells, str(category), j)
    return keys


def _narrowed_unions(
    system: System, k: int, parts: Sequence[frozenset[int]], *, first: bool
) -> list[dict[int, float]]:
    """Unions of pieces holding fewer than k that a reader of every release gives a smallest value
    above 0 (at least 1: counts are whole) while a reader of each part alone (the new release; the
    earlier ones together) can still take them for empty: chains of answers of any length (four
    one-number answers read a district as "at least 4", docs/releases.md, Limits 2).

    One mixed-integer programme per breakdown, then, when they find nothing, one over the pieces of
    the breakdowns of people and the people's that can meet in a union (`_mixable`), each class of
    people in one breakdown's chosen pieces or the people's (`_mixed`: Cờ Đỏ's 9 less its women of
    2016-2019 and its victims taken to Cambodia in 2020-2024). Over a union S (binary z on the pieces
    below k): narrowed by everything, by duality some y has A'y <= z and b.y > 0 (as in
    `pinned_unions`); possibly empty for each part P, a table x_P satisfies P's rows with x_P = 0 on
    S (x_P <= M(1-z), M above any count of a table the rows allow with S empty; `parts`: the numbers
    of the cells each part released, as in `System.eq_cell`). What is found is confirmed by plain
    linear programmes; one not confirmed (a numerical artefact) is set aside and the search goes on.
    A union a part alone narrows is left to that part (as in `narrowed_overlaps`)."""
    from scipy.optimize import Bounds, linprog
    from scipy.sparse import csr_matrix, hstack

    n = len(system.truth)
    if not system.a_eq or len(parts) < 2:
        return []
    reading = read_by_parts(system, k, parts)
    if reading is None:
        return []
    low_side, gains_low, ends, alone = reading.low_side, reading.gains_low, reading.ends, reading.alone
    m = low_side.shape[1]
    by_family = _below_k_by_family(system, k, held=True)
    found: list[dict[int, float]] = []
    tables = sum(len(held) for *_, held, _ in alone)  # the parts' tables, one after the other
    # A breakdown cross-classified with another ('age_band+sex') shares its pieces, and each of its
    # categories is a union of the cross-classification's: what it writes, the latter writes too.
    crossed = {part for family in by_family if family and "+" in family for part in family.split("+")}
    mixing = [f for f in by_family if f not in crossed]
    searches: list[tuple[list[int], list | None]] = [(candidates, None) for candidates in by_family.values()]
    if MIXED and len(mixing) > 1:  # the people's and the breakdowns of people at once, each class in one
        mixable, held = _mixable(system, [j for family in mixing for j in by_family[family]])
        if mixable:
            searches.append((mixable, held))
    for candidates, held_by in searches:
        mixed = held_by is not None
        if mixed and found:
            break  # withheld, the release is audited again: what is left is searched then
        c = len(candidates)
        joined = _mixed(held_by, len(candidates)) if held_by is not None else None
        extra = joined[0].shape[1] - c if joined is not None else 0
        width = m + tables + c + extra  # y, then each part's table, then z (and the mixed search's own)
        z_at = m + tables
        rows: list = [
            hstack([low_side, csr_matrix((n, tables)), -_pick(candidates, n, c), csr_matrix((n, extra))])
        ]  # A'y - z <= 0
        lower: list[np.ndarray] = [np.full(n, -np.inf)]
        upper: list[np.ndarray] = [np.zeros(n)]
        rows.append(csr_matrix(np.r_[gains_low, np.zeros(tables + c + extra)]))  # b.y > 0
        lower.append(np.array([NARROWED_MARGIN]))
        upper.append(np.array([np.inf]))
        truth = system.truth[candidates]
        rows.append(csr_matrix(np.r_[np.zeros(m + tables), truth, np.zeros(extra)]))  # truth.z <= k-1
        lower.append(np.array([-np.inf]))
        upper.append(np.array([k - 1.0]))
        # the truth is a table every reader could hold, so b.y <= truth.z: implied, but stated it
        # cuts the search short
        rows.append(csr_matrix(np.r_[gains_low, np.zeros(tables), -truth, np.zeros(extra)]))
        lower.append(np.array([-np.inf]))
        upper.append(np.array([0.0]))
        if joined is not None:
            block, low, high = joined
            rows.append(hstack([csr_matrix((block.shape[0], m + tables)), block]))
            lower.append(low)
            upper.append(high)
        before = m
        for p_eq, q_eq, p_ub, q_ub, held, most in alone:
            after = width - before - len(held)
            for block, low, high in ((p_eq, q_eq, q_eq), (p_ub, None, q_ub)):
                if block is None:
                    continue
                rows.append(
                    hstack([csr_matrix((block.shape[0], before)), block, csr_matrix((block.shape[0], after))])
                )
                lower.append(np.full(block.shape[0], -np.inf) if low is None else np.asarray(low))
                upper.append(np.asarray(high))
            # x_P + M z <= M on the candidates the part's rows hold: its table holds nobody in S
            place = {j: before + t for t, j in enumerate(held)}
            inside = [s for s, j in enumerate(candidates) if j in place]
            if inside:
                r = len(inside)
                table = csr_matrix(
                    (np.ones(r), (range(r), [place[candidates[s]] for s in inside])), shape=(r, width)
                )
                caps = most[[candidates[s] for s in inside]]
                choose = csr_matrix((caps, (range(r), [z_at + s for s in inside])), shape=(r, width))
                rows.append(table + choose)
                lower.append(np.full(r, -np.inf))
                upper.append(caps)
            before += len(held)
        bounds = Bounds(
            np.r_[[lo for lo, _ in ends], np.zeros(tables + c + extra)],
            np.r_[[hi for _, hi in ends], np.full(tables, np.inf), np.ones(c + extra)],
        )
        integrality = np.r_[np.zeros(m + tables), np.ones(c + extra)]
        artefacts = 0
        while True:
            result = _search((rows, lower, upper), bounds, integrality, system, c, NARROWED_SECONDS)
            if result.x is None:
                break  # infeasible: no union below k is narrowed so
            chosen = [candidates[s] for s in np.nonzero(result.x[z_at : z_at + c] > 0.5)[0]]
            objective = np.zeros(n)
            objective[chosen] = 1.0
            x = solve(objective, system)
            narrowed = x is not None and float(objective @ x) > UNION_MARGIN / 2
            if narrowed:
                for p_eq, q_eq, p_ub, q_ub, held, _ in alone:
                    bare = linprog(
                        objective[held],
                        A_eq=p_eq,
                        b_eq=q_eq,
                        A_ub=p_ub,
                        b_ub=q_ub,
                        bounds=(0, None),
                        method="highs",
                    )
                    if bare.status != 0 or bare.fun > TOLERANCE:
                        narrowed = False  # a part alone narrows it: left to that part
                        break
            # this union is set aside from here on (and, once found, every union holding it)
            exact = np.isin(candidates, chosen).astype(float)
            if not narrowed:
                artefacts += 1
                if artefacts > EARLIER_LEAKS:  # when in doubt, nothing is released
                    _stopped(system, c, NARROWED_SECONDS, "unions found not confirmed")
                exact = np.where(exact > 0, 1.0, -1.0)
            rows.append(csr_matrix(np.r_[np.zeros(m + tables), exact, np.zeros(extra)]))
            lower.append(np.array([-np.inf]))
            upper.append(np.array([len(chosen) - 1.0]))
            if narrowed:
                found.append(dict.fromkeys(chosen, 1.0))
                if first:
                    return found
                if len(found) > EARLIER_LEAKS:
                    return found
    return found


@dataclass(frozen=True)
class Reading:
    """What the union searches' programmes are built from: the released rows transposed (a reader's
    multipliers y, `low_side` y <= the union's coefficients, gaining `gains_low` . y; `ends`: each
    multiplier's range) and, per part, the rows it released over the pieces they hold, with the most
    each piece can hold in a table of that part alone."""

    low_side: Any
    gains_low: np.ndarray
    ends: list[tuple[float, float]]
    alone: list[tuple]


def read_by_parts(
    system: System, k: int, parts: Sequence[frozenset[int]], *, tight: bool = True
) -> Reading | None:
    """The `Reading` of the system by `parts`; None when a part released nothing here (everything is
    the other part, which narrows on its own whatever everything narrows). `tight`: each piece's
    most tightened by a linear programme (for the integer programme's relaxation; a reader of the
    part's rows alone, `_crossed`, needs none of them)."""
    from scipy.sparse import hstack

    n = len(system.truth)
    a_eq, b_eq = matrix(system.a_eq, n)
    a_ub, b_ub = matrix(system.a_ub, n)
    if a_ub is None:
        low_side, gains_low = a_eq.T, b_eq
        ends = [(-np.inf, np.inf)] * a_eq.shape[0]
    else:
        low_side, gains_low = hstack([a_eq.T, -a_ub.T]), np.r_[b_eq, -b_ub]
        ends = [(-np.inf, np.inf)] * a_eq.shape[0] + [(0.0, np.inf)] * a_ub.shape[0]
    # the most a piece can hold in any table satisfying the released rows a part holds: a published
    # count of nonnegative terms bounds each; else the released values' sum and k, above any
    # count of a vertex of the part's tables (a tight bound keeps the solver's tolerance on z small)
    fallback = float(np.abs(b_eq).sum() + (np.abs(b_ub).sum() if b_ub is not None else 0.0) + k)
    alone = []
    for part in parts:
        keep_eq = [i for i, cell in enumerate(system.eq_cell) if cell is None or cell in part]
        keep_ub = [i for i, cell in enumerate(system.ub_cell) if cell is None or cell in part]
        if all(system.eq_cell[i] is None for i in keep_eq) and all(
            system.ub_cell[i] is None for i in keep_ub
        ):
            # a part that released nothing here: everything is the other part (and what every reader
            # knows), which narrows on its own whatever everything narrows
            return None
        most = np.full(n, fallback)

        def loose(j: int, most=most) -> bool:
            return bool(most[j] >= fallback and system.truth[j] < k)

        for i in keep_eq:
            vec, value = system.a_eq[i]
            if all(c > 0 for c in vec.values()):
                for j, c in vec.items():
                    most[j] = min(most[j], value / c)
        # the part's table over the pieces its rows hold (the others can hold nobody)
        held = sorted(
            {j for i in keep_eq for j in system.a_eq[i][0]} | {j for i in keep_ub for j in system.a_ub[i][0]}
        )
        p_eq = a_eq[keep_eq][:, held] if keep_eq else None
        q_eq = b_eq[keep_eq] if keep_eq else None
        p_ub = a_ub[keep_ub][:, held] if keep_ub else None
        q_ub = b_ub[keep_ub] if keep_ub else None
        if TIGHT_MOST and tight:
            _tighten(most, held, (p_eq, q_eq, p_ub, q_ub), [t for t, j in enumerate(held) if loose(j)])
        alone.append((p_eq, q_eq, p_ub, q_ub, held, np.maximum(most, 0.0)))
    return Reading(low_side, gains_low, ends, alone)


def _tighten(most: np.ndarray, held: Sequence[int], rows: tuple, loose: Sequence[int]) -> None:
    """The most each `loose` piece (a place in `held`) holds in any table of the part's `rows`, by a
    linear programme, where it is below `most`. A piece no published count of nonnegative terms
    bounds (one only a difference or a bound holds) had the fallback, a thousand or more on the
    sample; each such M let the integer programme's relaxation empty a part's table on a union
    chosen a thousandth, and its proof that no union is narrowed took minutes. The largest a piece
    takes over all the part's tables bounds it in those with the union empty too."""
    from ._programmes import OPTIMAL, LinearProgramme

    if not loose:
        return
    p_eq, q_eq, p_ub, q_ub = rows
    programme = LinearProgramme(p_eq, q_eq, p_ub, q_ub, len(held))
    for t in loose:
        objective = np.zeros(len(held))
        objective[t] = -1.0
        status, x = programme.minimise(objective)
        if status == OPTIMAL and x is not None:
            # above the optimum by more than the solver's tolerance, never cutting a table off
            most[held[t]] = min(most[held[t]], float(x[t]) * (1 + 1e-7) + 1e-6)


def _held(system: System, candidates: Sequence[int]) -> list[tuple[str | None, frozenset[int]]]:
    """Each candidate's breakdown (None: the people's) and the classes of people its piece holds. A
    breakdown a person may be in several categories of is one breakdown per category, the people
    with it and those without (the sexually exploited overlap those forced into labour: no count of
    people holds both)."""
    names = {j: key for key, j in system.columns.items()}
    people_of = system.class_of[None]
    held: list[tuple[str | None, frozenset[int]]] = []
    for j in candidates:
        family, piece, category = names[j]
        if family is None:
            held.append((family, frozenset({piece})))
            continue
        members = system.members[family][piece]
        if family in system.multi:
            family = f"{family.removeprefix(WITHOUT)}={category}"
        held.append((family, frozenset(people_of[cell] for cell in members if cell in people_of)))
    return held


def _mixable(system: System, candidates: Sequence[int]) -> tuple[list[int], list]:
    """The candidates a union of two breakdowns' pieces or more may hold: in such a union each piece
    of one breakdown holds no class of people a piece of another holds, so a piece that holds a
    class of every other breakdown's candidates (a table of the whole city beside tables of the
    districts) is in no such union, and one breakdown's unions are searched on their own. With them,
    what `_held` says of each; [] when no two breakdowns' pieces can meet in a union."""
    held = _held(system, candidates)
    keep = [
        (j, (family, classes))
        for j, (family, classes) in zip(candidates, held, strict=True)
        if any(other != family and not classes & theirs for other, theirs in held)
    ]
    if len({family for _, (family, _) in keep}) < 2:
        return [], []
    return [j for j, _ in keep], [of for _, of in keep]


def _mixed(held: Sequence[tuple[str | None, frozenset[int]]], c: int):
    """The rows that keep a union of pieces of several breakdowns and the people's a count of
    people: each class of people in one breakdown's chosen pieces, or the people's, at most (the
    women and the victims taken to Cambodia of one year are no count of people). Over the
    candidates' z, then a binary w per breakdown and class of people two or more may hold, set
    where the breakdown's chosen pieces hold it (a chosen class of the people's is its own z). As
    (matrix, lower ends, upper ends); `held`: each of the `c` candidates' breakdown and classes
    (`_held`)."""
    from scipy.sparse import coo_matrix

    holders: dict[int, dict[str | None, list[int]]] = {}  # class -> breakdown -> candidates
    for s, (family, classes) in enumerate(held):
        for g in classes:
            holders.setdefault(g, {}).setdefault(family, []).append(s)
    r_i: list[int] = []
    r_j: list[int] = []
    r_v: list[float] = []
    low: list[float] = []
    high: list[float] = []

    def row(entries: Sequence[tuple[int, float]], lo: float, hi: float) -> None:
        for col, value in entries:
            r_i.append(len(low))
            r_j.append(col)
            r_v.append(value)
        low.append(lo)
        high.append(hi)

    w = 0
    for g in sorted(holders):
        by_family = holders[g]
        if len(by_family) < 2:
            continue  # one breakdown alone may hold the class
        one: list[tuple[int, float]] = []
        for family in sorted(by_family, key=str):
            if family is None:
                one += [(s, 1.0) for s in by_family[family]]  # the class itself, chosen or not
                continue
            for s in by_family[family]:  # z <= w of each class the piece holds
                row([(s, 1.0), (c + w, -1.0)], -np.inf, 0.0)
            one.append((c + w, 1.0))
            w += 1
        row(one, -np.inf, 1.0)  # one breakdown per class
    block = coo_matrix((r_v, (r_i, r_j)), shape=(len(low), c + w)).tocsr()
    return block, np.array(low), np.array(high)
