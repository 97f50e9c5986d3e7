"""The people without a category of a breakdown a person may be in several categories of.

A victim may have been exploited in several ways, controlled by several means, and given several
kinds of support, so a count by exploitation form is no share of the total: the forms overlap. But a
person is in a category or not, so the total less a category's count is the count of the people
without it — "victims of Ninh Kiều and Cái Răng in 2016-2020 not sexually exploited" — a count of
people like any other, and one a reader can pin from two published numbers. Found by an outside
attacker on 5 Dec 2026 (docs/releases.md, "Breakdowns a person may be in several categories of"):
each attack here pinned such a count below k before the audit protected it.
"""

from __future__ import annotations

import pytest

from tests.readers import answered, assert_narrowed_only_without, search_several_breakdowns, smallest
from workbench._disclosure import PUBLISHED

K = 5
# (what is asked, as (method, keyword arguments, row picked or None for a one-number answer); the
# category whose people without it the two answers would pin)
ATTACKS = [
    pytest.param(
        "victims",
        dict(districts=[916, 919], years=(2016, 2020)),
        None,
        dict(districts=[916, 919], years=(2016, 2020), exploitation_forms="sexual_exploitation"),
        None,
        "sexual_exploitation",
        id="not-sexually-exploited-one-numbers",
    ),
    pytest.param(
        "victims",
        dict(by="district", years=(2016, 2024)),
        ("district_code", 916),
        dict(districts=[916], years=(2016, 2024), by="means_of_control"),
        ("means_of_control", "withholds_documents"),
        "withholds_documents",
        id="documents-not-withheld-after-the-district-table",
    ),
] + [
    pytest.param(
        "support",
        dict(by="year", years=(2016, 2016)),
        ("year", 2016),
        dict(years=(2016, 2016), by="support_type"),
        ("support_type", support),
        support,
        id=f"supported-without-{support.replace('_', '-')}",
    )
    for support in ("travel_home", "essential_needs")
]
ORDERS = [pytest.param(False, id="total-first"), pytest.param(True, id="category-first")]


def _shown(frame, row, measure: str) -> tuple[str, int | None]:
    """A cell's status and, when published, its number."""
    if row is not None:
        column, value = row
        frame = frame[frame[column] == value]
    assert len(frame) == 1, frame
    status = frame[f"{measure}_status"].iloc[0]
    return status, int(frame[measure].iloc[0]) if status == PUBLISHED else None


def _count(frame, row, measure: str) -> int:
    if row is not None:
        frame = frame[frame[row[0]] == row[1]]
    return int(frame[measure].sum())


def _bounds(total, category) -> tuple[float, float]:
    """The smallest and largest count of the people without the category a reader of the two
    answers can give: unknowns (with it, without it), the total their sum."""
    eq, ub = answered(
        {"total": total, "category": category}, {"total": [1.0, 1.0], "category": [1.0, 0.0]}, K
    )
    return smallest(eq, ub, [0.0, 1.0]), -smallest(eq, ub, [0.0, -1.0])


@pytest.mark.slow  # a fresh database copy and two releases, each audited with the register
@pytest.mark.parametrize("category_first", ORDERS)
@pytest.mark.parametrize(("method", "whole", "whole_row", "part", "part_row", "category"), ATTACKS)
def test_the_people_without_a_category_are_not_pinned(
    internal, public, method, whole, whole_row, part, part_row, category, category_first
):
    measure = "victims" if method == "victims" else "victims_supported"
    asked = [(whole, whole_row), (part, part_row)]
    if category_first:
        asked.reverse()
    shown = {}
    for kwargs, row in asked:
        shown[id(kwargs)] = _shown(getattr(public, method)(**kwargs), row, measure)
    total, with_it = shown[id(whole)], shown[id(part)]
    # the truth: the same two questions asked internally, the total less the category
    truth = _count(getattr(internal, method)(**whole), whole_row, measure)
    truth -= _count(getattr(internal, method)(**part), part_row, measure)
    code = category
    assert truth < K, f"the people without {code} number {truth}: no count below k"
    low, high = _bounds(total, with_it)
    assert low <= 1e-6 and high >= K - 1 - 1e-6, (
        f"the people without {code} narrowed to [{low}, {high}] (true {truth}); shown {total}, {with_it}"
    )


# (the districts; the total's years; the category counted more than once, over the first years; a
# category of another breakdown, over the rest; the order asked: N the total, S and T the two)
MIXED_ATTACKS = [
    pytest.param(
        [916, 919],
        (2016, 2024),
        dict(years=(2016, 2019), exploitation_forms="sexual_exploitation"),
        dict(years=(2020, 2024), destinations="VN"),
        order,
        id=f"ninh-kieu-cai-rang-{order}",
    )
    for order in ("NST", "STN", "TSN")
] + [
    pytest.param(
        [925],
        (2016, 2024),
        dict(years=(2016, 2019), exploitation_forms="sexual_exploitation"),
        dict(years=(2020, 2024), sexes="female"),
        "NST",
        id="co-do-women-NST",
    )
]
MIXED = [pytest.param(True, id="mixed-searched"), pytest.param(False, id="mixed-not-searched")]


@pytest.mark.slow  # a fresh database copy and three releases, each audited with the register
@pytest.mark.parametrize("searched", MIXED)
@pytest.mark.parametrize(("districts", "years", "first", "then", "order"), MIXED_ATTACKS)
def test_a_category_counted_more_than_once_and_another_breakdown_do_not_narrow_the_rest(
    monkeypatch, internal, public, districts, years, first, then, order, searched
):
    """Found by an outside attacker on 5 Dec 2026: Ninh Kiều and Cái Răng's victims of 2016-2024
    (11), those of 2016-2019 sexually exploited `<5`, those of 2020-2024 taken to Việt Nam `<5`, in
    any order — so the rest (not sexually exploited in 2016-2019, or taken elsewhere in 2020-2024)
    number at least 11 - 4 - 4 = 3, and they number 3. The sexually exploited are a count of people,
    a category of a breakdown a person may be in several categories of: the search over several
    breakdowns takes each such category as a breakdown of its own (with it, without it). Without
    that search (and the search for cells of a cross-classification, which finds it too) the reader
    narrows the rest."""
    search_several_breakdowns(monkeypatch, searched)
    asked = {
        "N": dict(districts=districts, years=years),
        "S": dict(districts=districts, **first),
        "T": dict(districts=districts, **then),
    }
    shown = {name: _shown(public.victims(**asked[name]), None, "victims") for name in order}
    rest = _count(internal.victims(**asked["N"]), None, "victims")
    rest -= _count(internal.victims(**asked["S"]), None, "victims")
    rest -= _count(internal.victims(**asked["T"]), None, "victims")
    assert 0 < rest < K, f"the rest number {rest}: no count below k"
    # unknowns: the first category's people, the second's, the rest
    eq, ub = answered(shown, {"N": [1.0, 1.0, 1.0], "S": [1.0, 0.0, 0.0], "T": [0.0, 1.0, 0.0]}, K)
    low = smallest(eq, ub, [0.0, 0.0, 1.0])
    assert_narrowed_only_without(low, searched, f"the rest, true {rest}; shown {shown}")
