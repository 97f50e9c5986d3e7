"""The audit of victim counts given the releases of victims supported (`_support_link`): a person
supported in a year was received at the same place by then, so a number of person-years of support
says that victims were received. Made-up grids of two places over three years, no statuses."""

from __future__ import annotations

import pytest

from workbench._audit import unsafe
from workbench._disclosure import COMPLEMENTARY, PRIMARY, PUBLISHED
from workbench._release import HIDDEN, Box, Released
from workbench._support_link import SupportBound

K = 5
YEARS = (2016, 2017, 2018)
SUPPORTED = "supported"


def _grid(counts: dict[tuple[int, int], int]):
    def truth_of(family, members, cat):
        return sum(counts.get(cell, 0) for cell in members)

    return truth_of


def _victims(areas, years, status, value=None) -> Released:
    return Released(Box(None, frozenset(areas), frozenset(years)), status, value)


def support_of(areas, years, status, value=None) -> Released:
    return Released(Box(None, frozenset(areas), frozenset(years), measure=SUPPORTED), status, value)


def _bound(cells, support_counts, first_year=YEARS[0]) -> SupportBound:
    return SupportBound(tuple(cells), _grid(support_counts), None, first_year)


# Place 1: 2 victims received in 2016, each supported in 2016, 2017 and 2018 (6 person-years).
# Place 2: 7 victims received in 2017, each supported in 2017 (7 person-years).
VICTIMS = {(1, 2016): 2, (2, 2017): 7}
SUPPORT = {(1, 2016): 2, (1, 2017): 2, (1, 2018): 2, (2, 2017): 7}


@pytest.mark.parametrize(
    ("support", "narrowed"),
    [
        # 6 person-years over three years: at least 2 people, and the `<5` beside them can't be 0
        pytest.param([support_of([1], YEARS, PUBLISHED, 6)], True, id="a-number-beside-a-small-count"),
        # an `x` read as at least 5 person-years: at least 2 people too
        pytest.param([support_of([1], YEARS, COMPLEMENTARY)], True, id="at-least-k-beside-a-small-count"),
        # `<5` says nothing of the victims: support can be 0 with victims or without
        pytest.param([support_of([1], YEARS, PRIMARY)], False, id="below-k-says-nothing"),
        # support of the other place: its victims are published as 7, nothing narrowed
        pytest.param([support_of([2], YEARS, PUBLISHED, 7)], False, id="support-of-a-published-place"),
    ],
)
def test_victims_supported_narrow_a_small_victim_count(support, narrowed):
    cells = [_victims([1], YEARS, PRIMARY), _victims([2], YEARS, PUBLISHED, 7)]
    problems = unsafe(cells, {}, frozenset(), _grid(VICTIMS), K, bound=_bound(support, SUPPORT))
    assert bool(problems) is narrowed, problems
    if narrowed:
        assert {cell[0] for cell in problems[0]["cells"]} == {1}


def test_without_the_link_the_audit_sees_nothing():
    """The attack the link answers: the same cells audited without it pass (what the audit did)."""
    cells = [_victims([1], YEARS, PRIMARY), _victims([2], YEARS, PUBLISHED, 7)]
    assert unsafe(cells, {}, frozenset(), _grid(VICTIMS), K) == []


def test_support_released_before_any_victim_count_protects_the_victims_it_speaks_of():
    """No victim count released: the victims of place 1 over 2016-2018 are protected all the same,
    so 6 person-years (at least 2 people) shown as a number is unsafe, and `<5` is not."""
    shown = unsafe(
        [], {}, frozenset(), _grid(VICTIMS), K, bound=_bound([support_of([1], YEARS, PUBLISHED, 6)], SUPPORT)
    )
    assert shown and {cell[0] for cell in shown[0]["cells"]} == {1}
    below = _bound([support_of([1], YEARS, PRIMARY)], SUPPORT)
    assert unsafe([], {}, frozenset(), _grid(VICTIMS), K, bound=below) == []


def test_support_that_says_k_or_more_people_narrows_nothing():
    """Support in one year counts people: 7 supported at place 2 in 2017 say that at least 7 were
    received there by 2017, which no count below k is."""
    bound = _bound([support_of([2], [2017], PUBLISHED, 7)], SUPPORT)
    assert unsafe([], {}, frozenset(), _grid(VICTIMS), K, bound=bound) == []


def test_the_link_reads_the_year_of_reception():
    """Three people received at place 1 in 2016, each supported in 2016 and 2017 (6 person-years,
    published). A reader: support in 2016 needs people received in 2016, support in 2017 people
    received by 2017; with 2017's victims `<5` (at most 4), 6 person-years over the two years need at
    least 2 received in 2016. So the victims of 2016, shown `<5`, are narrowed; those of 2017 may be
    0 (4 in 2016 supported in both years) and those of 2018 are free."""
    victims = {(1, 2016): 3}
    support = {(1, 2016): 3, (1, 2017): 3}
    cells = [_victims([1], [year], PRIMARY) for year in YEARS]
    bound = _bound([support_of([1], [2016, 2017], PUBLISHED, 6)], support)
    problems = unsafe(cells, {}, frozenset(), _grid(victims), K, bound=bound)
    narrowed = [frozenset(problem["cells"]) for problem in problems]
    assert frozenset({(1, 2016)}) in narrowed
    assert frozenset({(1, 2017)}) not in narrowed
    assert frozenset({(1, 2018)}) not in narrowed


def test_records_that_break_the_rule_leave_the_audit_feasible():
    """Support recorded before reception (imported so): no link row where the truth breaks it, and
    the audit still runs on the truth (a release of the place stays possible)."""
    victims = {(1, 2018): 6}
    support = {(1, 2016): 6}  # six person-years in 2016 of people received in 2018
    cells = [_victims([1], YEARS, PUBLISHED, 6)]
    bound = _bound([support_of([1], [2016], PUBLISHED, 6)], support)
    assert unsafe(cells, {}, frozenset(), _grid(victims), K, bound=bound) == []


# By a victims' breakdown: place 1 holds 3 victims aged 9-17 received in 2016, each supported in
# 2016 and 2017, and 6 aged 18+ received in 2016, supported in 2016 only (12 person-years).
AGES = ("9-17", "18+")
AGED = {(1, 2016, "9-17"): 3, (1, 2016, "18+"): 6}
AGED_SUPPORT = {(1, 2016, "9-17"): 3, (1, 2017, "9-17"): 3, (1, 2016, "18+"): 6}


def _aged(counts: dict):
    def truth_of(family, members, cat):
        if family is None:
            return sum(n for (a, y, _), n in counts.items() if (a, y) in members)
        return sum(counts.get((*cell, cat), 0) for cell in members)

    return truth_of


def _by_age(measure, years, cat, status, value=None) -> Released:
    box = Box("age_band", frozenset({1}), frozenset(years), frozenset({cat}), measure=measure)
    return Released(box, status, value)


@pytest.mark.parametrize(
    ("shared", "narrowed"),
    [
        # a person supported aged 9-17 was received aged 9-17: 6 person-years over two years say
        # at least 3 such victims, and the '<5' of victims aged 9-17 is narrowed
        pytest.param(frozenset({"age_band"}), True, id="the-category-is-the-victims'"),
        # read as a breakdown of support's own (a type, a provider), it says nothing of the ages
        pytest.param(frozenset(), False, id="a-breakdown-of-support's-own"),
    ],
)
def test_support_by_a_victims_breakdown_speaks_of_the_victims_in_each_category(shared, narrowed):
    domains = {"age_band": AGES}
    # all 9 received in 2016, as published: the people the support speaks of are 9, no count below k
    cells = [
        _victims([1], [2016], PUBLISHED, 9),
        _victims([1], [2017], PRIMARY),
        _victims([1], [2018], PRIMARY),
        _by_age(None, YEARS, "9-17", PRIMARY),
        _by_age(None, YEARS, "18+", COMPLEMENTARY),
    ]
    support = [_by_age(SUPPORTED, [2016, 2017], "9-17", PUBLISHED, 6)]
    bound = SupportBound(tuple(support), _aged(AGED_SUPPORT), None, YEARS[0], shared)
    problems = unsafe(cells, domains, frozenset(), _aged(AGED), K, bound=bound)
    assert bool(problems) is narrowed, problems
    if narrowed:
        assert ("age_band", "9-17") in problems[0]["cats"]


def test_the_rest_of_a_published_support_total_speaks_of_the_places_withheld():
    """Support by place with its total: places 1 and 2 published, 3 and 4 withheld with no bound.
    The total less the published places is the support of 3 and 4 together (3 person-years), so
    their victims, each `<5`, are at least 1 together, though each alone may be 0."""
    victims = {(1, 2016): 9, (2, 2016): 8, (3, 2016): 1}
    support = {
        (1, 2016): 9,
        (1, 2017): 3,
        (2, 2016): 8,
        (2, 2017): 2,
        (3, 2016): 1,
        (3, 2017): 1,
        (3, 2018): 1,
    }
    cells = [
        _victims([1], YEARS, PUBLISHED, 9),
        _victims([2], YEARS, PUBLISHED, 8),
        _victims([3], YEARS, PRIMARY),
        _victims([4], YEARS, PRIMARY),
    ]
    released = [
        support_of([1, 2, 3, 4], YEARS, PUBLISHED, 25),
        support_of([1], YEARS, PUBLISHED, 12),
        support_of([2], YEARS, PUBLISHED, 10),
        support_of([3], YEARS, HIDDEN),
        support_of([4], YEARS, HIDDEN),
    ]
    problems = unsafe(cells, {}, frozenset(), _grid(victims), K, bound=_bound(released, support))
    assert {frozenset(cell[0] for cell in p["cells"]) for p in problems} == {frozenset({3, 4})}, problems


def test_a_region_less_a_victim_count_inside_it_is_protected():
    """Found by an attacker: support of two places in the first year, 8, says their victims of
    that year number at least 8; the victims of place 1, `<5`, then leave place 2 at least 4. Here
    each place's victims are split by status (a figure of one status over three places released
    before), so place 2 over both statuses is no piece, and each of its pieces may be 0: the region
    less the victim count is a count to protect."""
    both = frozenset({"actual", "possible"})
    victims = {(1, 2016, "actual"): 4, (2, 2016, "actual"): 4}
    support = {(1, 2016, "actual"): 4, (2, 2016, "actual"): 4}

    def box(areas, statuses, measure=None) -> Box:
        return Box(None, frozenset(areas), frozenset({2016}), None, frozenset(statuses), measure)

    cells = [
        Released(box([1, 2, 3], {"actual"}), PUBLISHED, 8),  # a figure of one status, public before
        Released(box([1], both), PRIMARY, None),
    ]
    released = [Released(box([1, 2], both, SUPPORTED), PUBLISHED, 8)]
    bound = SupportBound(tuple(released), _grid(support), None, 2016)
    problems = unsafe(cells, {}, frozenset(), _grid(victims), K, bound=bound)
    assert any({cell[0] for cell in p["cells"]} == {2} for p in problems), problems
