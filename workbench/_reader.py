"""What a reader of the releases holds: the linear system of the pieces the released cells cut the
records into, and its solutions.

The variables are the counts of those pieces; every released number is an equality, every mark a
bound (`<k` at most k-1, `x` at least k), and every reader knows the pieces add up and that pairs
the law rules out hold nobody. The audit (`_audit`) and the union searches (`_unions`) ask this
system for the smallest and largest values of counts: over whole-number tables where it matters
(a reader knows counts are whole), with HiGHS (`_programmes`) kept warm across objectives.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NoReturn, cast

import numpy as np

from ._disclosure import COMPLEMENTARY, PRIMARY, PUBLISHED, refusal
from ._programmes import INFEASIBLE, OPTIMAL, LinearProgramme, integer_programme, refuse
from ._release import Box, Released
from ._support_link import SupportBound, attach

TOLERANCE = 1e-6
# The longest the integer programmes that certify the counts below k of one audit (see `_audit.unsafe`)
# may take together before the release is refused (never published unaudited).
WHOLE_SECONDS = 60.0
# A linear programme's solution this close to whole numbers is a whole-number table (HiGHS returns
# vertices, which are whole wherever the released rows are totally unimodular).
WHOLE_TOLERANCE = 1e-6


@dataclass
class System:
    """The linear system a reader holds. Variables are the counts of the pieces the released cells
    cut the records into: for the people, the classes of place-year cells no release tells apart;
    for a breakdown, per category, the classes no release *of that breakdown* tells apart (finer
    pieces of a breakdown can always be shared out consistently, so they add nothing)."""

    columns: dict[tuple, int]
    truth: np.ndarray
    a_eq: list[tuple[dict[int, float], float]]
    a_ub: list[tuple[dict[int, float], float]]
    class_of: dict[str | None, dict[tuple, int]]  # family -> place-year(-status) cell -> class
    members: dict[str | None, list[list[tuple]]]
    programme: LinearProgramme | None = None
    fixed: frozenset[int] = frozenset()  # pieces every reader knows hold nobody (see `links`)
    # which released cell (its index in the cells given) each row states; None: a row every reader
    # knows whatever was released (pieces add up, pairs the law rules out hold nobody)
    eq_cell: list[int | None] = dataclasses.field(default_factory=list)
    ub_cell: list[int | None] = dataclasses.field(default_factory=list)
    # counts protected though no cell of this measure was released over them: the victims the
    # released support counts speak of (`_support_link`); their variables follow the pieces'
    protect: list[dict[int, float]] = dataclasses.field(default_factory=list)
    # the number `eq_cell` and `ub_cell` give the first support cell's rows (`attach`)
    support_rows_from: int = 0
    # the breakdowns a person may be counted in more than one category of (mentions, not people)
    multi: frozenset[str] = frozenset()
    # k -> the pieces a reader could take for below k (`pieces_may_be_below`), once worked out
    small_pieces: dict[int, frozenset[int]] = dataclasses.field(default_factory=dict)

    def vector(self, box: Box, domains: dict[str, tuple[str, ...]]) -> dict[int, float]:
        lookup = self.class_of[box.family]
        classes = {lookup[cell] for cell in box.cells() if cell in lookup}
        if box.family is None:
            return {self.columns[(None, g, None)]: 1.0 for g in classes}
        cats = box.cats if box.cats is not None else domains[box.family]
        return {self.columns[(box.family, g, c)]: 1.0 for g in classes for c in cats}


def _classes(cells: Sequence[Released], tag: Callable[[tuple], object] | None = None) -> list[list[tuple]]:
    """The place-year(-status) cells the released cells do not tell apart; `tag`: cut them also
    where it differs (the years a dated category holds nobody, see `links`)."""
    signature: dict[tuple, set[int]] = {}
    for n, cell in enumerate(cells):
        for ay in cell.box.cells():
            signature.setdefault(ay, set()).add(n)
    groups: dict[tuple, list] = {}
    for ay, sig in signature.items():
        groups.setdefault((frozenset(sig), tag(ay) if tag else None), []).append(ay)
    return list(groups.values())


# A link of a breakdown with the year (a coordinate, not a breakdown): 'category|year' pairs, the
# years in which a category holds nobody (a provider before it began or after it ended), or
# 'category|year|status' ones, a status of a year in which it holds nobody (a support the law does
# not give people being identified).
YEAR_LINK = "year"


def _dated(links: dict | None, families: set) -> tuple[dict[str, dict], Callable]:
    """For each breakdown linked with the year, the categories that hold nobody in each year (and
    in each year and status); and the tag cutting the pieces of place-year(-status) cells there."""
    dated: dict[str, dict] = {}
    for (first, second), pairs in (links or {}).items():
        if second == YEAR_LINK and first in families and pairs:
            by_year: dict = {}
            for pair in pairs:
                cat, year, *status = pair.split("|")
                by_year.setdefault((int(year), *status) if status else int(year), set()).add(cat)
            dated[first] = {when: frozenset(cats) for when, cats in by_year.items()}

    def tag(ay: tuple) -> tuple:
        return tuple(held_by_nobody(nobody, ay) for _, nobody in sorted(dated.items()))

    return dated, tag


def held_by_nobody(nobody: dict, ay: tuple) -> frozenset[str]:
    """The categories holding nobody in the place-year(-status) cell `ay`, by a breakdown's dated
    links (`_dated`)."""
    found = nobody.get(ay[1], frozenset())
    if len(ay) > 2:
        found = found | nobody.get((ay[1], ay[2]), frozenset())
    return found


# The pieces of the people without a category of a breakdown a person may be in several categories
# of (`system_of`) are kept under this name for the breakdown.
WITHOUT = "without:"


def without(family: str) -> str:
    return WITHOUT + family


def system_of(
    cells: Sequence[Released],
    domains,
    multi,
    truth_of: Callable,
    k: int,
    links: dict | None = None,
    bound: SupportBound | None = None,
) -> System:
    if bound is not None and not bound.cells:
        bound = None
    if bound is not None:  # the victims released support counts speak of cut the pieces too
        regions = bound.regions()
        cells = [*cells, *regions]
    families = {c.box.family for c in cells if c.box.family is not None}
    families |= {part for f in families if "+" in f for part in f.split("+")}
    # A breakdown every reader knows to hold nobody in some years in some categories (a provider
    # after it ended): its pieces and the people's are cut at those years, where it is fixed at 0.
    dated, tag = _dated(links, families)
    cut = tag if dated else None
    # Two breakdowns every reader knows to be related (an age band of 0-8 is under 16): released
    # both, they share their pieces through their cross-classification, whose impossible pairs hold
    # nobody. (Any pair of breakdowns cross-classifies; only known empty pairs make it a constraint.)
    empty: dict[str, frozenset[str]] = {}
    for (first, second), pairs in (links or {}).items():
        if second == YEAR_LINK:
            continue
        if first in families and second in families and pairs:
            empty[f"{first}+{second}"] = pairs
            families.add(f"{first}+{second}")
    # A breakdown shares its pieces with the breakdowns it is grouped with ('age_band+sex').
    group_of = {f: frozenset({f}) for f in families}
    for f in families:
        if "+" in f:
            joined = frozenset().union(group_of[f], *(group_of[p] for p in f.split("+")))
            for member in joined:
                group_of[member] = joined
    counted_more = {f for f in families if f in multi}
    system = System(
        {}, np.array([]), [], [], {}, {}, multi=frozenset(counted_more | {without(f) for f in counted_more})
    )
    truth: list[int] = []
    people = _classes(cells, cut)
    system.members[None] = people
    system.class_of[None] = {ay: g for g, members in enumerate(people) for ay in members}
    for g, members in enumerate(people):
        system.columns[(None, g, None)] = len(truth)
        truth.append(truth_of(None, members, None))
    for group in set(group_of.values()):
        pieces = _classes([c for c in cells if c.box.family in group], cut)
        lookup = {ay: s for s, members in enumerate(pieces) for ay in members}
        for f in sorted(group):
            system.members[f], system.class_of[f] = pieces, lookup
            if f in multi:
                system.members[without(f)], system.class_of[without(f)] = pieces, lookup
            for s, members in enumerate(pieces):
                for c in domains[f]:
                    system.columns[(f, s, c)] = len(truth)
                    truth.append(truth_of(f, members, c))
        # each piece of the breakdown holds whole classes of people
        holds: dict = {}
        for g, members in enumerate(people):
            if members[0] in lookup:
                holds.setdefault(lookup[members[0]], []).append(g)
        for f in sorted(group):
            for s in range(len(pieces)):
                total = {system.columns[(None, g, None)]: -1.0 for g in holds.get(s, [])}
                if "+" in f:  # two breakdowns together add up to each of them
                    for position, part in enumerate(f.split("+")):
                        for c in domains[part]:
                            combos = [combo for combo in domains[f] if combo.split("|")[position] == c]
                            link = {system.columns[(f, s, combo)]: 1.0 for combo in combos}
                            system.a_eq.append(({**link, system.columns[(part, s, c)]: -1.0}, 0.0))
                elif f in multi:
                    # a person is in a category or not: the people of the piece without it are a
                    # count of people too (those not sexually exploited: the total less the count
                    # of the sexually exploited), a piece of its own to protect
                    held = sum(truth[system.columns[(None, g, None)]] for g in holds.get(s, []))
                    for c in domains[f]:
                        system.columns[(without(f), s, c)] = len(truth)
                        truth.append(held - truth[system.columns[(f, s, c)]])
                        pair = {system.columns[(f, s, c)]: 1.0, system.columns[(without(f), s, c)]: 1.0}
                        system.a_eq.append(({**pair, **total}, 0.0))
                else:
                    system.a_eq.append(
                        ({**{system.columns[(f, s, c)]: 1.0 for c in domains[f]}, **total}, 0.0)
                    )
    fixed = {
        system.columns[(joint, s, pair)]
        for joint, pairs in empty.items()
        for s in range(len(system.members[joint]))
        for pair in pairs
    }
    fixed |= {  # a piece lies within one side of each dated category's years (cut by `tag`)
        system.columns[(family, s, cat)]
        for family, nobody in dated.items()
        for s, members in enumerate(system.members[family])
        for cat in frozenset.intersection(*(held_by_nobody(nobody, ay) for ay in members))
        if (family, s, cat) in system.columns
    }
    # A count published as 0 (a figure public before any release: docs/releases.md, "Figures
    # already public"; the audit never publishes a new count below k) holds nobody in any of its
    # pieces, as every reader knows: they are no unknowns to protect.
    for cell in cells:
        if cell.status == PUBLISHED and cell.value == 0 and cell.box.family is None:
            inside = cell.box.cells()
            for family, pieces in system.members.items():
                for s, members in enumerate(pieces):
                    if members and set(members) <= inside:
                        fixed |= {i for key, i in system.columns.items() if key[:2] == (family, s)}
    system.a_eq += [({i: 1.0}, 0.0) for i in sorted(fixed)]
    system.fixed = frozenset(fixed)
    system.truth = np.array(truth, dtype=float)
    system.eq_cell, system.ub_cell = [None] * len(system.a_eq), [None] * len(system.a_ub)
    for n, cell in enumerate(cells):
        vec = system.vector(cell.box, domains)
        if cell.status == PUBLISHED:
            system.a_eq.append((vec, float(cast(int, cell.value))))  # a published cell has its value
            system.eq_cell.append(n)
        elif cell.status == PRIMARY:
            system.a_ub.append((vec, float(k - 1)))
            system.ub_cell.append(n)
        elif cell.status == COMPLEMENTARY:
            system.a_ub.append(({i: -v for i, v in vec.items()}, -float(k)))
            system.ub_cell.append(n)
    if bound is not None:
        support = system_of(bound.cells, domains, multi, bound.truth_of, k, bound.links)
        system.support_rows_from = len(cells)  # the cells given, then the regions
        attach(system, bound, support, truth_of)
        system.protect = [system.vector(region.box, domains) for region in regions]
    return system


def matrix(rows: list[tuple[dict[int, float], float]], width: int):
    from scipy.sparse import csr_matrix

    if not rows:
        return None, None
    data, ri, ci = [], [], []
    for r, (vec, _) in enumerate(rows):
        for c, v in vec.items():
            ri.append(r)
            ci.append(c)
            data.append(v)
    return csr_matrix((data, (ri, ci)), shape=(len(rows), width)), np.array([b for _, b in rows])


def stack(vectors: Sequence[dict[int, float]], width: int):
    """Counts as the rows of one sparse matrix over the pieces: their values in a table `x` are
    one product, `matrix @ x`."""
    return matrix([(vec, 0.0) for vec in vectors], width)[0] if vectors else None


def solve(
    objective: np.ndarray,
    system: System,
    extra_ub=(),
    extra_vars: int = 0,
    bounds=None,
    *,
    whole: Whole | None = None,
):
    """A solution of the reader's linear programme minimising `objective` (None: none found, or
    unbounded). With `whole`, of the integer programme (the pieces whole numbers, `extra_vars`
    not): a solution returned is a whole-number table, optimal when `whole.optimal` says so."""
    n = len(system.truth)
    if system.programme is None:  # the same system is solved for many objectives: built once
        a_eq, b_eq = matrix(system.a_eq, n)
        a_ub, b_ub = matrix(system.a_ub, n)
        system.programme = LinearProgramme(a_eq, b_eq, a_ub, b_ub, n)
    ends = list(bounds or [(0, None)] * (n + extra_vars))
    if len(ends) != n + extra_vars or any(end != (0, None) for end in ends[:n]):
        refuse("was given ends other than 0 or more for the pieces, which are counts")
    ends = ends[n:]
    status, solution = system.programme.minimise(objective, extra_ub, ends)
    if whole is not None:
        whole.optimal = False
        if status == OPTIMAL and solution is not None:
            pieces = solution[:n]
            if np.abs(pieces - np.round(pieces)).max(initial=0.0) <= WHOLE_TOLERANCE:
                whole.optimal = True  # the linear optimum is a whole-number table: the integer one
                return solution
        elif status == INFEASIBLE:  # the truth never is (a numerical artefact)
            return None
        width = n + extra_vars
        matrices = (*matrix(system.a_eq, width), *matrix([*system.a_ub, *extra_ub], width))
        return whole.solve(objective, matrices, n, width, bounds)
    if status != OPTIMAL:  # the truth is always feasible; unbounded maxima are safe
        return None
    return solution


@dataclass
class Whole:
    """The integer programmes of one audit (see `_audit.unsafe`): they share one time budget,
    `WHOLE_SECONDS`; past it the release is refused, never published unaudited."""

    started: float
    optimal: bool = False

    def solve(self, objective, matrices, n: int, width: int, bounds):
        import time

        from scipy.optimize import Bounds, LinearConstraint
        from scipy.sparse import vstack

        a_eq, b_eq, a_ub, b_ub = matrices
        rows, lower, upper = [], [], []
        if a_eq is not None:
            rows.append(a_eq)
            lower.append(b_eq)
            upper.append(b_eq)
        if a_ub is not None:
            rows.append(a_ub)
            lower.append(np.full(len(b_ub), -np.inf))
            upper.append(b_ub)
        ends = bounds or [(0, None)] * width
        left = WHOLE_SECONDS - (time.perf_counter() - self.started)
        result = None
        if left > 0:
            result = integer_programme(
                objective,
                integrality=np.r_[np.ones(n), np.zeros(width - n)],
                bounds=Bounds([lo for lo, _ in ends], [np.inf if hi is None else hi for _, hi in ends]),
                constraints=LinearConstraint(
                    vstack(rows).tocsr(), np.concatenate(lower), np.concatenate(upper)
                )
                if rows
                else (),
                seconds=left,
            )
            if result.status == 0:
                self.optimal = True
                return result.x
            if result.x is not None:  # stopped with a whole-number table found: a witness, not a bound
                return result.x
            if result.status in (2, 3):  # infeasible (the truth never is) or unbounded
                return None
        self.refuse(result.message if result is not None else "Time limit reached", len(objective))

    def refuse(self, message: str = "Time limit reached", width: int | None = None) -> NoReturn:
        fields: dict[str, object] = {"seconds": WHOLE_SECONDS, "message": message}
        if width:
            raise refusal("audit_whole_over", {**fields, "width": width})
        raise refusal("audit_whole", fields)


def pinned(vec: dict[int, float], system: System) -> bool:
    """Whether the count `vec` has one possible whole value, and it is above 0: its linear smallest
    value is above 0 and its largest less than 1 above it (a reader who rounds reads one number)."""
    if not vec:
        return False
    objective = np.zeros(len(system.truth))
    objective[list(vec)] = 1.0
    low, high = solve(objective, system), solve(-objective, system)
    if low is None or high is None:
        return False
    least, most = float(objective @ low), float(objective @ high)
    return least > TOLERANCE and most - least < 1.0 - TOLERANCE


def within_pieces(vec: dict[int, float], system: System, before: System) -> dict[int, float]:
    """The union `vec` of `system`'s pieces as `before` (the earlier releases' system, whose pieces
    are coarser) can count it: the pieces lying wholly inside it (a reader of the earlier releases
    alone can put a partly covered piece's people outside it)."""
    names = {i: name for name, i in system.columns.items()}
    inside = set()
    for i in vec:
        family, g, cat = names[i]
        inside |= {(family, cell, cat) for cell in system.members[family][g]}
    return {
        j: 1.0
        for (family, s, cat), j in before.columns.items()
        if all((family, cell, cat) in inside for cell in before.members[family][s])
    }


def lower_bound(
    system: System, k: int, keep: tuple[list[int], list[int]] | None = None
) -> Callable[[frozenset[int]], float]:
    """A quick lower bound on the smallest value a reader gives a union of pieces, from the
    released rows alone (never the counts): a published cell of value v holding some of it says it
    is at least v less the most the rest of that cell can hold (a released cell's value, k-1 under a
    '<k', else the sum of its pieces' most); an 'x' of at least k inside it, k. What it leaves below
    k, a linear programme decides. `keep`: of these equality and inequality rows only."""
    most: dict[int, float] = {}
    exact: dict[frozenset[int], float] = {}
    published: list[tuple[frozenset[int], float]] = []
    floors: list[frozenset[int]] = []
    eq_rows, ub_rows = keep if keep is not None else (range(len(system.a_eq)), range(len(system.a_ub)))
    rows = [(*system.a_eq[i], True) for i in eq_rows] + [(*system.a_ub[i], False) for i in ub_rows]
    for vec, bound, equal in rows:
        if all(c == -1.0 for c in vec.values()) and not equal and bound <= -k:
            floors.append(frozenset(vec))  # an 'x' that says at least k
        if not all(c == 1.0 for c in vec.values()):
            continue
        pieces = frozenset(vec)
        exact[pieces] = min(exact.get(pieces, np.inf), bound)
        for i in pieces:
            most[i] = min(most.get(i, np.inf), bound)
        if equal and bound >= k:
            published.append((pieces, bound))

    def lower(union: frozenset[int]) -> float:
        if any(floor <= union for floor in floors):
            return float(k)
        best = 0.0
        for cell, value in published:
            if cell.isdisjoint(union):
                continue
            rest = cell - union
            held = exact.get(rest, sum(most.get(i, np.inf) for i in rest)) if rest else 0.0
            best = max(best, value - held)
            if best >= k:
                break
        return best

    return lower


def may_hold_below(union: frozenset[int], truth: Sequence[float], lower: Callable, k: int) -> bool:
    """Whether a union may be one a reader could take for below k: it is when it holds fewer than
    k (`truth`, the system's as a list: the truth is a table a reader could hold), or when the quick
    bound (`lower_bound`) leaves it below k; which of these a reader could, a linear programme
    decides (see `narrowed_overlaps`)."""
    return sum(truth[j] for j in union) < k or lower(union) < k


def may_be_below(counts: Sequence[dict[int, float]], system: System, k: int) -> list[bool]:
    """Whether a reader of `system` could take each count for one below k: its smallest value over
    the tables a reader could hold is at most k-1 (rounded up, as counts are whole). Read off the
    published rows only, never off the counts, so the answer is the same for every table a reader
    could take for true. A count holding all of a published cell of k or more, or of an 'x' that
    says at least k, is not (`lower_bound`); one that is 0 or less than k in some table found is;
    the rest are solved one by one."""
    n = len(system.truth)
    result: list[bool | None] = [None] * len(counts)
    lower = lower_bound(system, k)
    for j, vec in enumerate(counts):
        if all(c == 1.0 for c in vec.values()) and lower(frozenset(vec)) >= k:
            result[j] = False

    counts_by_piece = stack(counts, n)
    pending = [j for j, known in enumerate(result) if known is None]
    while pending:  # one programme answers for many: the smallest total of those left
        x = solve(np.asarray(counts_by_piece[pending].sum(axis=0)).ravel(), system)
        if x is None:
            break
        values = counts_by_piece @ x[:n]
        below = {j for j in pending if values[j] <= k - 1 + TOLERANCE}
        for j in below:
            result[j] = True
        if not below:
            break
        pending = [j for j in pending if j not in below]
    for j in pending:
        objective = counts_by_piece[j].toarray().ravel()
        x = solve(objective, system)
        result[j] = x is None or float(objective @ x[:n]) <= k - 1 + TOLERANCE
    return [bool(r) for r in result]


def pieces_may_be_below(system: System, k: int) -> frozenset[int]:
    """The pieces no reader knows to hold nobody (`fixed`) that a reader of `system` could take
    for below k (`may_be_below`), worked out once per system: the audit protects them
    (`_audit._protected`), and the union searches choose among them."""
    known = system.small_pieces.get(k)
    if known is None:
        pieces = [j for j in sorted(system.columns.values()) if j not in system.fixed]
        below = may_be_below([{j: 1.0} for j in pieces], system, k)
        known = system.small_pieces[k] = frozenset(j for j, b in zip(pieces, below, strict=True) if b)
    return known


def support_of(vec: dict[int, float], system: System) -> dict:
    """What an unsafe count covers: the place-year cells and categories, to pick what to withhold."""
    names = {i: name for name, i in system.columns.items()}
    cells, cats = set(), set()
    for i in vec:
        family, g, cat = names[i]
        cells |= set(system.members[family][g])
        # the people without a category are told by that category's cells and the people's
        cats.add((family.removeprefix(WITHOUT) if family else family, cat))
    return {"cells": cells, "cats": cats}
