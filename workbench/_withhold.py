"""Which cells of a new release are withheld: each starts from its table's own suppression, and more
are withheld, or shown with no bound, until the whole register passes the audit (`_audit`).

The choice depends on the cells' identity and on what is published anyway, never on a count withheld
(docs/releases.md, What the choice of withheld cells tells).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from ._audit import pinned_by, speaks_of_few, told_by_at_least_k, unsafe
from ._codes import CODESETS as CODESET_ENTRIES
from ._codes import DATED_CODESETS, SUPPORT_ITEM, codes
from ._disclosure import (
    COMPLEMENTARY,
    NEUTRAL,
    PRIMARY,
    PUBLISHED,
    identity_rank,
)
from ._publishable import (
    CATEGORY_DIMENSIONS,
    FAMILIES,
    LINKED_BREAKDOWNS,
    MEASURES,
    MULTI_VALUED,
    OWN_MEASURES,
    SUPPORT_DIMENSIONS,
    SUPPORTED,
)
from ._reader import YEAR_LINK
from ._release import HIDDEN, Box, Released
from ._settled import recall, release_key, remember
from ._support_link import SupportBound, place_of
from ._support_rules import ADDED_IN_2024, BEING_IDENTIFIED_ITEMS, IN_FORCE
from ._waiting import told_while_audited

if TYPE_CHECKING:
    from ._publish_engine import Engine
    from ._publish_tables import Cell, Table


def settle(engine: Engine, tables: Sequence[Table], earlier: dict[str, Released], k: int) -> dict[str, str]:
    """Each cell's status: earlier releases keep theirs; new cells start from their table's own
    suppression and more are withheld until the whole register passes the audit. A cell is shown
    with no bound (`HIDDEN`) only when withholding every new cell still shown would leave the
    narrowed count narrowed (docs/releases.md, Limits 9 and 10)."""
    statuses: dict[str, str] = {}
    new: dict[str, Cell] = {}
    for table in tables:
        for cell in table.cells:
            if cell.key in earlier:
                statuses[cell.key] = earlier[cell.key].status
            else:
                current = statuses.get(cell.key, PUBLISHED)
                statuses[cell.key] = cell.seed if current == PUBLISHED else current
                first = new.setdefault(cell.key, cell)
                # a total in any table of the release is a total: withheld after inner cells
                first.margin = first.margin or cell.margin
    if not new:
        return statuses
    # the same release of the same records and register settled before in this process (`_settled`)
    key = release_key(engine, new, statuses, earlier, k)
    known = recall(key)
    if known is None:
        with told_while_audited(len(new)):
            known = _settle(engine, new, statuses, earlier, k)
        remember(key, known)
    return known


def _settle(
    engine: Engine, new: dict[str, Cell], statuses: dict[str, str], earlier: dict[str, Released], k: int
) -> dict[str, str]:
    """`settle` of the new cells `new`, from their table's marks (`statuses`)."""
    domains = Domains()
    # Counts the numbers published before already give exactly (2016-2026 = 2016-2020 + 2021-2026):
    # published, whatever else this release withholds, and audited as part of the earlier releases
    # (they add nothing a reader did not hold). Never one below k.
    given = _given(engine, new, earlier, domains, k)
    for pinned in given:
        statuses[pinned] = PUBLISHED
    choosable = {key: c for key, c in new.items() if key not in given}
    lines_given = [new[key].box for key in given]  # lines shown whatever is withheld
    fresh = frozenset(choosable)
    tried: list[tuple[dict, bool]] = []
    _hide_support_of_few(engine, new, statuses, earlier, domains, k)

    # The audit is a function of the marks alone (the register, the counts and k stay as they are
    # while the release holds the register): marks audited before are not audited again. The trial
    # with every new cell withheld comes back once per count narrowed, mostly with the very marks
    # it had (a cell withheld since was withheld in the trial already).
    audited: dict[tuple[str, ...], list[dict]] = {}

    def audit_with(withheld: bool = False) -> list[dict]:
        cells = _as_read(new, statuses, earlier, choosable if withheld else None)
        marks = tuple(c.status for c in cells[len(earlier) :])
        if marks not in audited:
            audited[marks] = _audit(engine, cells, domains, k, fresh)
        return [dict(problem) for problem in audited[marks]]

    unmarked: list[tuple[str, str]] = []  # (cell, its mark before) shown with no bound, in turn
    while True:
        problems = audit_with()
        if not problems:
            _restore_marks(statuses, unmarked, audit_with)
            unmarked.clear()
            told = _told_by_their_other_mark(engine, new, statuses, choosable, earlier, domains, k)
            if not told:
                return statuses
            statuses.update(dict.fromkeys(told, HIDDEN))
            continue
        problem = problems[0]
        # 1. While withholding can free the narrowed count, a new cell shown is withheld ('x'; a
        # count of k or more withheld reads as 'x' whatever its mark, so it is withheld as one).
        if _withholding_frees(problem, tried, functools.partial(audit_with, withheld=True)):
            choice = _next_to_withhold(problem, choosable, statuses, earlier, lines_given)
            if choice is None and problem.get("measure") is None:
                # victims narrowed by what support counts leave (a total less the districts shown):
                # a support count in the same lines, as its own cells would be
                as_support = {**problem, "measure": SUPPORTED}
                choice = _next_to_withhold(as_support, choosable, statuses, earlier, lines_given)
            if choice is not None:
                statuses[choice] = COMPLEMENTARY
                continue
        # 2. Withholding cannot free it: the numbers or marks of this release narrow it (an 'x', at
        # least k, over two periods each shown '<k' says each holds at least one). The cell in its
        # way is shown 'x' with no bound (`HIDDEN`), before any cell is withheld in vain; then
        # withholding may free it again.
        bounded = [c for key, c in choosable.items() if statuses[key] in (PUBLISHED, PRIMARY, COMPLEMENTARY)]
        # victims narrowed from below by victims supported: a support count shown (a number, or at
        # least k) that speaks of them first, as no mark of a victim count can free them
        speaking = [c for c in bounded if statuses[c.key] != PRIMARY and _speaks_of(c.box, problem)]
        key = min(speaking, key=lambda c: (_size(c.box), c.key)).key if speaking else None
        key = key or _next_to_unmark(problem, bounded, earlier)
        if key is not None:
            unmarked.append((key, statuses[key]))
            statuses[key] = HIDDEN
            tried.clear()
            continue
        for key in choosable:
            statuses[key] = HIDDEN
        return statuses


def _hide_support_of_few(
    engine: Engine,
    new: dict[str, Cell],
    statuses: dict[str, str],
    earlier: dict[str, Released],
    domains,
    k: int,
) -> None:
    """A new support count below k whose victims (`_support_link`) a reader cannot rule out being
    fewer than k is shown with no bound, not `<5`: one of k or more there is (its number, or an `x`
    read as at least k, would say someone was received), so `<5` beside it would tell the two apart.
    Decided from what is released and the marks of this release's other cells."""
    asked = [c for key, c in new.items() if c.box.measure == SUPPORTED and statuses[key] == PRIMARY]
    if not asked:
        return
    cells = [*earlier.values()] + [
        Released(c.box, statuses[key], c.exact if statuses[key] == PUBLISHED else None)
        for key, c in new.items()
    ]
    victims = [c for c in cells if c.box.measure is None]
    bound = _support_bound(engine, [c for c in cells if c.box.measure == SUPPORTED])
    flags = speaks_of_few(
        victims,
        bound,
        [c.box for c in asked],
        domains,
        MULTI_VALUED,
        _truth_of(engine, None),
        k,
        _links(engine, None),
    )
    for cell, few in zip(asked, flags, strict=True):
        if few:
            statuses[cell.key] = HIDDEN


def _told_by_their_other_mark(
    engine: Engine,
    new: dict[str, Cell],
    statuses: dict[str, str],
    choosable: Mapping[str, Cell],
    earlier: dict[str, Released],
    domains,
    k: int,
) -> list[str]:
    """The new cells shown `<k` that would be shown with no bound were they k or more: their 'x'
    at least k would narrow a count that no withholding frees, as it does with every other new cell
    still shown withheld (docs/releases.md, Limits 9). Shown `<k` here and 'x' there, the mark would
    tell which; so they are shown with no bound here too, and an 'x' with no bound says nothing of
    whether its count is below k. Each measure in its own system, as `_audit` reads it."""
    asked = [key for key in choosable if statuses[key] == PRIMARY]
    if not asked:
        return []
    cells = _as_read(new, statuses, earlier, choosable)
    told = []
    for measure, group, bound in _by_measure(engine, cells, [new[key].box.measure for key in asked]):
        keys = [c.box.key() for c in group]
        flips = [keys.index(key) for key in asked if new[key].box.measure == measure]
        reading = _reading(engine, measure, bound)
        fresh = frozenset(choosable)
        found = told_by_at_least_k(group, flips, domains, MULTI_VALUED, k=k, fresh=fresh, **reading)
        told += [keys[m] for m in found]
    return told


def _as_read(
    new: dict[str, Cell], statuses: dict[str, str], earlier: dict[str, Released], trial: Mapping | None = None
) -> list[Released]:
    """The register as a reader would hold it with the new cells shown as `statuses` says; with
    `trial`, every one of its cells still shown withheld (a trial, never a release)."""
    shown = {key: statuses[key] for key in new}
    if trial is not None:
        shown.update({key: COMPLEMENTARY for key in trial if shown[key] == PUBLISHED})
    return [*earlier.values()] + [
        Released(c.box, shown[key], c.exact if shown[key] == PUBLISHED else None) for key, c in new.items()
    ]


def _by_measure(engine: Engine, cells: list[Released], measures: Iterable[str | None]) -> Iterator[tuple]:
    """Each measure's cells, and the support cells that bound them: the victims' (measure None)
    are bounded by the releases of victims supported (`_support_link`)."""
    supported = [c for c in cells if c.box.measure == SUPPORTED]
    for measure in dict.fromkeys(measures):
        bound = _support_bound(engine, supported) if measure is None and supported else None
        yield measure, [c for c in cells if c.box.measure == measure], bound


def _reading(engine: Engine, measure: str | None, bound: SupportBound | None) -> dict:
    """How the audit reads a measure's cells: its true counts, its links, what bounds it."""
    return {"truth_of": _truth_of(engine, measure), "links": _links(engine, measure), "bound": bound}


def _restore_marks(
    statuses: dict[str, str], unmarked: list[tuple[str, str]], audit: Callable[[], list[dict]]
) -> dict[str, str]:
    """Each cell shown with no bound, in the order it was, given its mark back when the release
    stays safe with it (a number, or else withheld as at least k): a mark taken away while another
    cell still showed its own may be needed no longer once that one was taken away too (greedy, so
    only these are tried). Decided by the audit alone, as every other mark."""
    for key, before in unmarked:
        # a number, else withheld as at least k (`COMPLEMENTARY`); a '<k' as it was
        for mark in dict.fromkeys([before, COMPLEMENTARY if before == PUBLISHED else before]):
            statuses[key] = mark
            if not audit():
                break
        else:
            statuses[key] = HIDDEN
    return statuses


def _same(one: dict, other: dict) -> bool:
    return all(one.get(part) == other.get(part) for part in ("cells", "cats", "measure"))


def _withholding_frees(problem: dict, tried: list, audit_all_withheld: Callable[[], list[dict]]) -> bool:
    """Whether withholding every new cell still shown could free `problem`: audited once per
    count narrowed (`tried` keeps the answers); when everything withheld still narrows it first,
    only its marks can."""
    for done, frees in tried:
        if _same(done, problem):
            return frees
    problems = audit_all_withheld()
    frees = not problems or not _same(problems[0], problem)
    tried.append((problem, frees))
    return frees


def _given(engine: Engine, new: dict[str, Cell], earlier: dict[str, Released], domains, k: int) -> set[str]:
    """The new cells of k or more whose count the numbers published before pin to one value
    (`_audit.pinned_by`, measure by measure)."""
    found: set[str] = set()
    for measure in dict.fromkeys(c.box.measure for c in new.values()):
        cells = [c for c in new.values() if c.box.measure == measure and c.exact >= k]
        before = [r for r in earlier.values() if r.box.measure == measure]
        if not cells or not before:
            continue

        truth_of = _truth_of(engine, measure)

        flags = pinned_by(
            before, [c.box for c in cells], domains, MULTI_VALUED, truth_of, k, _links(engine, measure)
        )
        found |= {c.key for c, flag in zip(cells, flags, strict=True) if flag}
    return found


def _truth_of(engine: Engine, measure):
    """The engine's true count of a family's members for one measure (None: the default one)."""
    counter = getattr(engine, "truth_counter", None)
    if counter is not None:  # the records' engine: each family's atoms fetched once per audit
        return counter(measure)

    def truth_of(family, members, cat):  # made-up grids: their own counts
        if measure is None:
            return engine.truth(family, members, cat)
        return engine.truth(family, members, cat, measure)

    return truth_of


def _audit(engine: Engine, cells: list[Released], domains, k: int, fresh: frozenset[str]) -> list[dict]:
    """The first unsafe count, audited measure by measure (victims; victims supported; cases;
    hotline contacts): each measure's cells are one system, the victims' with the releases of
    victims supported, which bound them (`_support_link`); a measure with nothing new in this
    release, nor in what bounds it, was audited before."""
    measures = dict.fromkeys(c.box.measure for c in cells)
    if any(c.box.measure == SUPPORTED for c in cells):
        # the victims support counts speak of, last (their system is the largest)
        measures = {**{m: None for m in measures if m is not None}, None: None}
    for measure, group, bound in _by_measure(engine, cells, measures):
        if not any(c.box.key() in fresh for c in [*group, *(bound.cells if bound else ())]):
            continue
        reading = _reading(engine, measure, bound)
        problems = unsafe(group, domains, MULTI_VALUED, k=k, first=True, fresh=fresh, **reading)
        if problems:
            return [{**problem, "measure": measure} for problem in problems]
    return []


def _support_bound(engine: Engine, supported: Sequence[Released]) -> SupportBound:
    """The support cells `supported` as the victims' audit reads them (`_support_link`), from the
    first year anyone can have been received: the records' and the events' (no secret)."""
    engine.frame()
    return SupportBound(
        tuple(supported),
        _truth_of(engine, SUPPORTED),
        _links(engine, SUPPORTED),
        min(engine.years),
        frozenset(CATEGORY_DIMENSIONS),
    )


def _links(engine: Engine, measure: str | None) -> dict[tuple[str, str], frozenset[str]]:
    """The pairs of linked breakdowns no one is in: those the code sets rule out, and for support
    counts each dated provider with the years wholly outside its dates ('provider|year'), less any
    the records hold all the same (imported with a warning) — the truth always satisfies the
    audit's constraints, and a reader who assumes such a pair empty is wrong about these data."""
    if not hasattr(engine, "support_frame") or measure in OWN_MEASURES:  # made-up grids; no ages
        return {}
    links = {}
    for (first, second), conflicts in LINKED_BREAKDOWNS.items():
        held = {key[-1] for key, n in engine.atoms(f"{first}+{second}", measure).items() if n}
        links[(first, second)] = frozenset(f"{a}|{b}" for a, b in conflicts()) - held
    if measure == MEASURES["support"][1]:
        engine.support_frame()  # its years
        for family in DATED_SUPPORT:
            held = {f"{key[-1]}|{key[1]}" for key, n in engine.atoms(family, measure).items() if n}
            links[(family, YEAR_LINK)] = _out_of_date(family, engine.support_years) - held
        atoms = engine.atoms(LAW_DATED, measure)
        held = {f"{key[-1]}|{key[1]}" for key, n in atoms.items() if n}
        held |= {f"{key[-1]}|{key[1]}|{key[2]}" for key, n in atoms.items() if n}
        years = engine.support_years
        law = (_before_the_law(years) | _not_for_those_being_identified(years)) - held
        links[(LAW_DATED, YEAR_LINK)] = links.get((LAW_DATED, YEAR_LINK), frozenset()) | law
    return links


# Support breakdowns whose members exist for a period only (providers: Decree 45/2025 ended the
# labour departments on 28/02/2025, the districts' bodies ended on 30/06/2025, the communes' began
# on 01/07/2025): in a year wholly outside a provider's dates it supported nobody, as every reader
# knows. The audit is given these as links with the year (`_reader.YEAR_LINK`).
DATED_SUPPORT = tuple(name for name, codeset in SUPPORT_DIMENSIONS.items() if codeset in DATED_CODESETS)


# The supports Law 53/2024 added (art. 37, in force from 1 July 2025: employment counselling,
# first-year health insurance, interpreting, legal support): in a year wholly before it nobody had
# them, as every reader of the law knows. Found by an attacker on 7 Dec 2026: the audit was not
# told, so a reader knew more of such a count than the audit did.
LAW_DATED = "support_type"


def _before_the_law(years: Sequence[int]) -> frozenset[str]:
    """'type|year' for each support the 2024 law added and each of `years` wholly before it."""
    return frozenset(f"{code}|{year}" for code in ADDED_IN_2024 for year in years if year < IN_FORCE.year)


def _not_for_those_being_identified(years: Sequence[int]) -> frozenset[str]:
    """'type|year|status' for each support art. 37 gives no one still being identified (items h, i
    and k: general education, vocational training and employment counselling, hardship allowance and
    loans; cl. 3 gives a-g), in each of `years` wholly after it came into force, for people being
    identified and those found not to be victims (who were being identified when supported). Noted
    by an attacker on 7 Dec 2026 as a rule a reader of the law knows; the import does not refuse a
    record against it (a person of unknown citizenship is not judged), so the records may hold one."""
    beyond = {code for code, item in SUPPORT_ITEM.items() if item not in BEING_IDENTIFIED_ITEMS}
    return frozenset(
        f"{code}|{year}|{status}"
        for code in sorted(beyond)
        for year in years
        if year > IN_FORCE.year
        for status in ("possible", "not_victim")
    )


def _out_of_date(family: str, years: Sequence[int]) -> frozenset[str]:
    """'category|year' for each category of `family` and each of `years` wholly before it began
    or after it ended."""
    return frozenset(
        f"{member.code}|{year}"
        for member in CODESET_ENTRIES[SUPPORT_DIMENSIONS[family]]
        for year in years
        if (member.valid_from is not None and year < member.valid_from.year)
        or (member.valid_to is not None and year > member.valid_to.year)
    )


def _next_to_unmark(problem: dict, candidates: list, earlier: dict) -> str | None:
    """The new cell to show with no bound next: one covering the narrowed count (of its breakdown
    and holding all of it first), else the one in the smallest released line through that count;
    None when no candidate covers the count or lies in such a line."""
    lines = [r.box for r in earlier.values() if _touches(r.box, problem)]
    kinds = {part for f, _ in problem["cats"] for part in (f.split("+") if f else [None])}

    def rank(cell: Cell):
        if _touches(cell.box, problem):
            # a cell of the count's own breakdown holding all of it first (victims aged 21-23 in
            # 2016-2026 for those aged 21-23 in 2016-2020), then the smallest
            parts = set(cell.box.family.split("+")) if cell.box.family else {None}
            own = any(f == cell.box.family for f, _ in problem["cats"])
            covers = problem["cells"] <= cell.box.cells()
            return (0, not own, not parts & kinds, not covers, _size(cell.box), cell.key)
        sizes = [_size(line) for line in lines if _within(cell.box, line)]
        return (1, min(sizes, default=10**12), False, False, False, _size(cell.box), cell.key)

    candidates = [c for c in candidates if c.box.measure == problem.get("measure")]
    if not candidates:
        return None
    best = min(candidates, key=rank)
    first, line = rank(best)[:2]
    return best.key if first == 0 or line < 10**12 else None


class Domains(dict):
    """Each breakdown's categories, two breakdowns together as 'category|category'."""

    def __missing__(self, family: str) -> tuple[str, ...]:
        parts = [codes(FAMILIES[f]) for f in family.split("+")]
        self[family] = tuple("|".join(combo) for combo in itertools.product(*parts))
        return self[family]


def _speaks_of(box: Box, problem: dict) -> bool:
    """Whether `box`, a count of victims supported, bounds the victims of `problem` from below:
    person-years of support at a place and status speak of the victims received there by its last
    year (`_support_link`)."""
    if box.measure != SUPPORTED or problem.get("measure") is not None:
        return False
    # support of some categories of a victims' breakdown speaks of the people and of the victims in
    # those categories; support of the people, or by its own types and providers, of the people
    people = all(family is None for family, _ in problem["cats"])
    if not people and not any(
        family == box.family and cat in (box.cats or ()) for family, cat in problem["cats"]
    ):
        return False
    last = max(box.years)
    places = {place_of(cell) for cell in box.cells()}
    return any(cell[1] <= last and place_of(cell) in places for cell in problem["cells"])


def _touches(box: Box, problem: dict) -> bool:
    if box.measure != problem.get("measure"):
        return False
    if not box.cells() & problem["cells"]:
        return False
    if box.family is None:
        return True
    return any(f is None or f != box.family or c in (box.cats or ()) for f, c in problem["cats"])


def _within(inner: Box, outer: Box) -> bool:
    if inner.measure != outer.measure:
        return False
    if not inner.cells() <= outer.cells():
        return False
    if outer.family is None:
        return True
    return inner.family == outer.family and (inner.cats or frozenset()) <= (outer.cats or frozenset())


def _size(box: Box) -> int:
    return len(box.areas) * len(box.years) * (len(box.cats) if box.cats else 1)


def _identity(box: Box) -> tuple:
    """Where a cell stands among cells equally placed, from its codes alone (as
    `_disclosure.identity_rank`): a cell of residual categories only ('unknown', 'other') first,
    then the latest year first; the release's order decides the rest."""
    cats = sorted(box.cats) if box.cats else []
    residual = [identity_rank(None, c) for c in cats]
    first = max(residual) if residual and all(r[0] == 0 for r in residual) else NEUTRAL
    return (first, -max(box.years, default=0))


def _next_to_withhold(
    problem: dict, new: dict, statuses: dict, earlier: dict, given: Sequence[Box] = ()
) -> str | None:
    """The new published cell to withhold next: one sharing a total with the exposed count, inner
    cells before totals, in the narrowest line through the count; the narrowest cell (the fewest
    places x years x categories it covers: a district-year before a year before the grand total);
    then one of the count's own years (another category of the same year before the same category
    of another year); then by its codes (`_identity`: residual categories, then the latest year,
    first); then the
    last in the release's order (its tables in order, each row by row, left to right: code sets
    and district lists put their principal categories first, and those are spared). Never by a
    cell's count: which cell is withheld must say nothing about the counts withheld (a choice of
    the smallest would tell a reader that the 'x' is at most every cell left shown in its line)."""
    measure = problem.get("measure")
    order = {key: n for n, key in enumerate(new)}
    published = [c for key, c in new.items() if statuses[key] == PUBLISHED and c.box.measure == measure]
    if not published:
        return None
    lines = [c.box for c in published if _touches(c.box, problem)]
    lines += [r.box for r in earlier.values() if r.status == PUBLISHED and _touches(r.box, problem)]
    lines += [box for box in given if _touches(box, problem)]

    areas = frozenset(cell[0] for cell in problem["cells"])
    years = frozenset(cell[1] for cell in problem["cells"])
    kinds = {part for f, _ in problem["cats"] for part in (f.split("+") if f else [None])}

    def rank(cell: Cell):
        sizes = [_size(line) for line in lines if _within(cell.box, line)]
        related = _touches(cell.box, problem) or bool(sizes)
        # in the same line as the exposed count: the same places or the same years
        box_areas = frozenset(c[0] for c in cell.box.cells())
        box_years = frozenset(c[1] for c in cell.box.cells())
        same_line = box_areas == areas or box_years == years
        # a count of a breakdown is hidden by that breakdown's cells before people's totals
        parts = set(cell.box.family.split("+")) if cell.box.family else {None}
        same_kind = bool(parts & kinds)
        return (
            not related,
            not same_kind,
            not same_line,
            cell.margin,
            min(sizes, default=10**9),
            _size(cell.box),
            box_years != years,  # another category of the same years before other years
            _identity(cell.box),
            -order[cell.key],
        )

    return min(published, key=rank).key
