"""Cells of a cross-classification no release cut, narrowed by the margins released.

Two breakdowns published over the same people bound every cell of their cross-classification, as
any two margins of a two-way table do (Fréchet bounds): Cờ Đỏ's 9 victims of 2016-2024, its men
`<5` and its victims aged 9-17 `<5` say that those neither men nor aged 9-17 number at least
9 - 4 - 4 = 1 (they number 4). Found by an outside attacker on 5 Dec 2026, and documented as a
limit until the audit protected such cells (docs/releases.md, "Cross-classifications"): each
attack here asks its questions one at a time on a fresh register, and a linear reader of the
answers (tests/readers.py) must leave every cell of the cross-classification holding fewer than
k possibly empty. With the audit's search for such cells off, the same reader narrows the cell the
attack aims at: the attack is real, and the search is what stops it.
"""

from __future__ import annotations

import itertools

import pytest

from tests.readers import answered, assert_narrowed_only_without, smallest

K = 5
CO_DO, NINH_KIEU = 925, 916

EVERY_STATUS = ["actual", "possible", "not_victim"]
MEN_MINORS = (("sexes", "male"), ("age_bands", "9-17"))
NEITHER = (False, False)


def _attack(name, where, first, second, wider, orders, aimed, also) -> list:
    """The attack asked in each of `orders`: the total's selection `where`; the two margins, each a
    filter of one breakdown, (filter, code), asked over `wider` (a selection holding the total's;
    None: the total's); an order, N the total and A, B the margins; the cell aimed at, as whether it
    is in A's category and in B's; `also`: whether the audit's other searches stop it too."""
    return [
        pytest.param(where, first, second, wider, order, aimed, also, id=f"{name}-{order}")
        for order in orders
    ]


CO_DO_YEARS = dict(districts=[CO_DO], years=(2016, 2024))
ATTACKS = [
    *_attack(
        "co-do-neither-men-nor-minors", CO_DO_YEARS, *MEN_MINORS, None, ("NAB", "ABN", "ANB"), NEITHER, False
    ),
    # found by a second attacker on 5 Dec 2026: the margins asked over a wider selection than the
    # total bound its people as well (a count is at least its part inside the total)
    *_attack(
        "co-do-neither-men-nor-minors-every-year",
        CO_DO_YEARS,
        *MEN_MINORS,
        dict(districts=[CO_DO], years=(2016, 2026)),
        ("NAB", "BAN"),
        NEITHER,
        False,
    ),
    *_attack(
        "co-do-neither-men-nor-minors-two-districts",
        CO_DO_YEARS,
        *MEN_MINORS,
        dict(districts=[923, CO_DO], years=(2016, 2024)),
        ("NAB", "BAN"),
        NEITHER,
        False,
    ),
    *_attack(
        "co-do-neither-men-nor-minors-every-status",
        CO_DO_YEARS,
        *MEN_MINORS,
        {**CO_DO_YEARS, "trafficking_statuses": EVERY_STATUS},
        ("NAB", "BAN"),
        NEITHER,
        False,
    ),
    *_attack(
        "co-do-women-taken-to-cambodia",
        dict(districts=[CO_DO], years=(2018, 2024)),
        ("sexes", "female"),
        ("destinations", "KH"),
        None,
        ("NAB", "BAN"),
        (True, True),
        True,
    ),
    *_attack(
        "ninh-kieu-women-not-taken-to-china",
        dict(districts=[NINH_KIEU], years=(2016, 2020)),
        ("sexes", "female"),
        ("destinations", "CN"),
        None,
        ("AB", "BA"),
        (True, False),
        True,
    ),
]
SEARCHED = [pytest.param(True, id="searched"), pytest.param(False, id="not-searched")]


def _column(code: str) -> str:
    return {"sexes": "sex", "age_bands": "age_band", "destinations": "destination"}[code]


@pytest.mark.slow  # a fresh database copy and two or three releases, each audited with the register
@pytest.mark.parametrize("searched", SEARCHED)
@pytest.mark.parametrize(("where", "first", "second", "wider", "order", "aimed", "also"), ATTACKS)
def test_margins_do_not_narrow_a_cell_of_their_cross_classification(
    monkeypatch, internal, public, where, first, second, wider, order, aimed, also, searched
):
    if not searched:
        monkeypatch.setattr("workbench._crossed.CROSSED", False)
    margins = wider or where
    asked = {"N": where, "A": {**margins, first[0]: first[1]}, "B": {**margins, second[0]: second[1]}}
    shown = {}
    for name in order:
        frame = public.victims(**asked[name])
        shown[name] = (frame.loc[0, "victims_status"], frame.loc[0, "victims"])
    # the truth: the cross-classification of the two breakdowns over the total's people
    table = internal.victims(**where, by=[_column(first[0]), _column(second[0])])
    in_a = table[_column(first[0])] == first[1]
    in_b = table[_column(second[0])] == second[1]
    truth = {
        (a, b): int(table.loc[(in_a == a) & (in_b == b), "victims"].sum())
        for a, b in itertools.product((True, False), repeat=2)
    }
    assert truth[aimed] < K, truth
    # unknowns: the four cells (in A or not) x (in B or not) of the total's people, then of the
    # people of the margins' wider selection outside it; the answers are sums of them
    cells = [(inside, a, b) for inside in (True, False) for a, b in truth]
    rows = {
        "N": [1.0 if inside else 0.0 for inside, _, _ in cells],
        "A": [1.0 if a and (inside or wider) else 0.0 for inside, a, _ in cells],
        "B": [1.0 if b and (inside or wider) else 0.0 for inside, _, b in cells],
    }
    eq, ub = answered(shown, rows, K)
    lows = {cell: smallest(eq, ub, [1.0 if c == (True, *cell) else 0.0 for c in cells]) for cell in truth}
    detail = f"true {truth}; shown {shown}"
    if searched or also:  # `also`: the audit's other searches stop it too
        for cell, low in lows.items():
            if truth[cell] < K:
                assert low <= 1e-6, f"the cell {cell} narrowed to at least {low}; {detail}"
    else:
        assert_narrowed_only_without(lows[aimed], searched, detail)


# (the years, city-wide; the count, a filter of one breakdown; two categories of another breakdown,
# as (filter, breakdown, code, code); the order asked, X the count and Y, Z the categories)
SAME_BREAKDOWN = [
    pytest.param(years, ("sexes", "female"), other, order, id=f"{name}-{order}")
    for name, years, other, orders in (
        (
            "women-taken-neither-to-china-nor-to-cambodia",
            (2018, 2022),
            ("destinations", "destination", "CN", "KH"),
            ("XYZ", "YZX", "ZXY"),
        ),
        (
            "women-aged-neither-9-17-nor-27-29",
            (2019, 2024),
            ("age_bands", "age_band", "9-17", "27-29"),
            ("XYZ", "ZYX", "YZX"),
        ),
    )
    for order in orders
]


@pytest.mark.slow  # a fresh database copy and three releases, each audited with the register
@pytest.mark.parametrize("searched", SEARCHED)
@pytest.mark.parametrize(("years", "count", "other", "order"), SAME_BREAKDOWN)
def test_two_categories_of_a_breakdown_do_not_narrow_a_count_of_another_outside_them(
    monkeypatch, internal, public, years, count, other, order, searched
):
    """Found by a third attacker on 5 Dec 2026: the city's women received in 2018-2022 (13), its
    victims taken to China (5) and to Cambodia (5), all published, say that the women taken
    elsewhere number at least 13 - 5 - 5 = 3 (they number 4); and women of 2019-2024 (13), aged
    9-17 (7) and aged 27-29 (`<5`), that those of other ages number at least 2 (4). The two
    categories are one breakdown's, so the count less both is a cell of the cross-classification
    too (women in neither)."""
    if not searched:
        monkeypatch.setattr("workbench._crossed.CROSSED", False)
    word, column, first, second = other
    asked = {
        "X": {"years": years, count[0]: count[1]},
        "Y": {"years": years, word: first},
        "Z": {"years": years, word: second},
    }
    shown = {}
    for name in order:
        frame = public.victims(**asked[name])
        shown[name] = (frame.loc[0, "victims_status"], frame.loc[0, "victims"])
    table = internal.victims(years=years, **{count[0]: count[1]}, by=column)
    truth = int(table.loc[~table[column].isin([first, second]), "victims"].sum())
    assert truth < K, truth
    # unknowns: (in the count or not) x (first, second, any other category)
    cells = [(inside, category) for inside in (True, False) for category in (first, second, None)]
    rows = {
        "X": [1.0 if inside else 0.0 for inside, _ in cells],
        "Y": [1.0 if category == first else 0.0 for _, category in cells],
        "Z": [1.0 if category == second else 0.0 for _, category in cells],
    }
    eq, ub = answered(shown, rows, K)
    low = smallest(eq, ub, [1.0 if cell == (True, None) else 0.0 for cell in cells])
    assert_narrowed_only_without(low, searched, f"true {truth}; shown {shown}")


EVERY_AREA = [916, 917, 918, 919, 923, 924, 925, 926, 927, 93, 94]


def _but(district: int) -> list[int]:
    return [d for d in EVERY_AREA if d != district]


def _selection(filters: dict) -> frozenset[tuple[int, int]]:
    first, last = filters["years"]
    return frozenset(itertools.product(filters["districts"], range(first, last + 1)))


# (the count aimed at, as filters; the counts of people asked, each (name, filters), the count
# aimed at being the first less the second when there are two; the categories, each a filter
# over a selection of its own; the orders asked)
X_D = [917, 918, 919, 923, 924, 925, 927]  # every district but Ninh Kiều and Cái Răng
MORE = [
    pytest.param(where, people, categories, order, id=f"{name}-{order}")
    for name, where, people, categories, orders in (
        (
            "neither-men-nor-9-17-nor-china",
            dict(districts=_but(CO_DO), years=(2018, 2023)),
            {"X": dict(districts=_but(CO_DO), years=(2018, 2023))},
            (
                dict(districts=EVERY_AREA, years=(2018, 2023), sexes="male"),
                dict(districts=_but(CO_DO), years=(2018, 2024), age_bands="9-17"),
                dict(districts=_but(CO_DO), years=(2018, 2024), destinations="CN"),
            ),
            ("XABC", "ABCX", "CAXB"),
        ),
        (
            "no-sexual-exploitation-forced-marriage-or-labour",
            dict(districts=_but(924), years=(2018, 2023)),
            {"X": dict(districts=_but(924), years=(2018, 2023))},
            tuple(
                dict(districts=EVERY_AREA, years=(2018, 2023), exploitation_forms=form)
                for form in ("sexual_exploitation", "forced_marriage", "forced_labour")
            ),
            ("XABC", "AXBC"),
        ),
        (
            "four-categories-over-wider-selections",
            dict(districts=X_D, years=(2016, 2019)),
            {"X": dict(districts=X_D, years=(2016, 2019))},
            (
                dict(districts=[*X_D, NINH_KIEU], years=(2016, 2019), age_bands="24-26"),
                dict(districts=[*X_D, NINH_KIEU], years=(2016, 2019), destinations="KH"),
                dict(districts=[*X_D, NINH_KIEU], years=(2016, 2019), exploitation_forms="forced_labour"),
                dict(districts=X_D, years=(2016, 2020), reception_channels="border_handover"),
            ),
            ("XABCD", "DCBAX"),
        ),
        (
            "three-forms-from-a-count-given-by-difference",
            dict(districts=EVERY_AREA, years=(2017, 2023)),
            {
                "X": dict(districts=EVERY_AREA, years=(2016, 2023)),
                "S": dict(districts=EVERY_AREA, years=(2016, 2016)),
            },
            tuple(
                dict(districts=EVERY_AREA, years=(2017, 2023), exploitation_forms=form)
                for form in ("forced_labour", "forced_marriage", "sexual_exploitation")
            ),
            ("XSABC", "SABCX"),
        ),
    )
    for order in orders
]


@pytest.mark.slow  # a fresh database copy and five releases, each audited with the register
@pytest.mark.parametrize("searched", SEARCHED)
@pytest.mark.parametrize(("where", "people", "categories", "order"), MORE)
def test_categories_do_not_narrow_a_count_outside_them_however_many_or_however_given(
    monkeypatch, internal, public, where, people, categories, order, searched
):
    """Found by outside attackers on 5 Dec 2026. Four one-number answers, the victims of every area
    but Cờ Đỏ in 2018-2023 (17), men of every area then (`<5`), those aged 9-17 (6) and those taken
    to China (`<5`) of every area but Cờ Đỏ in 2018-2024, read the first count's victims in none of
    the three as at least 17 - 4 - 6 - 4 = 3 (they number 4); every area but Vĩnh Thạnh in
    2018-2023 (20) less the city's victims of sexual exploitation (7), forced marriage (5) and
    forced labour (`<5`) left at least 4 with none of the three (4). After the search took up to
    three categories from a count: every district but Ninh Kiều and Cái Răng in 2016-2019 (23),
    less four categories of four breakdowns each shown 5 over a wider selection, left at least 3
    in none (they number 4);
    and the city's 43 of 2016-2023 less its 14 of 2016, a count of 2017-2023 never released as one,
    less its victims of forced labour (6), forced marriage (9) and sexual exploitation (10) in
    2017-2023, left at least 4 with none of the three forms (4)."""
    if not searched:
        monkeypatch.setattr("workbench._crossed.CROSSED", False)
    letters = "ABCD"[: len(categories)]
    asked = {**people, **dict(zip(letters, categories, strict=True))}
    shown = {}
    for name in order:
        frame = public.victims(**asked[name])
        shown[name] = (frame.loc[0, "victims_status"], frame.loc[0, "victims"])
    filters = [{key: v for key, v in c.items() if key not in ("districts", "years")} for c in categories]

    def people_in(chosen) -> int:
        merged: dict = {}
        for f in chosen:
            for key, value in f.items():
                merged.setdefault(key, []).append(value)
        return int(internal.victims(**where, **merged)["victims"].sum())

    if all("exploitation_forms" in f for f in filters):
        truth = people_in([]) - people_in(filters)  # in any of the forms: one filter of all of them
    else:
        truth = sum(
            (-1) ** size * people_in(chosen)
            for size in range(len(filters) + 1)
            for chosen in itertools.combinations(filters, size)
        )
    assert truth < K, truth
    selections = {name: _selection(f) for name, f in asked.items()}
    aimed_at = _selection(where)
    places = set().union(*selections.values(), aimed_at)
    classes = sorted(
        {(p in aimed_at, frozenset(n for n, s in selections.items() if p in s)) for p in places},
        key=lambda c: (c[0], sorted(c[1])),
    )
    cells = [(c, bits) for c in classes for bits in itertools.product((True, False), repeat=len(letters))]
    rows = {name: [1.0 if name in held else 0.0 for (_, held), _ in cells] for name in people}
    for n, name in enumerate(letters):
        rows[name] = [1.0 if name in held and bits[n] else 0.0 for (_, held), bits in cells]
    eq, ub = answered(shown, rows, K)
    aimed = [1.0 if inside and not any(bits) else 0.0 for (inside, _), bits in cells]
    low = smallest(eq, ub, aimed)
    assert_narrowed_only_without(low, searched, f"true {truth}; shown {shown}")


@pytest.mark.slow  # a fresh database copy and three releases, each audited with the register
@pytest.mark.parametrize("searched", SEARCHED)
@pytest.mark.parametrize("order", ["ABC", "ACB"])
def test_a_count_of_people_does_not_narrow_a_category_count_given_by_difference(
    monkeypatch, internal, public, order, searched
):
    """Found by another attacker on 5 Dec 2026: the victims by destination of 2016-2020 (Việt Nam
    12) and of 2016-2024 (Việt Nam 17) say that 5 went to Việt Nam in 2021-2024; with the city's
    public "no victim in 2021" and 2022 shown `<5`, at least one of them was received in
    2023-2024 (four were). A count given by difference, less a count of people."""
    if not searched:
        monkeypatch.setattr("workbench._crossed.CROSSED", False)
    asked = {
        "A": dict(years=(2016, 2020), by="destination"),
        "B": dict(years=(2016, 2024), by="destination"),
        "C": dict(years=(2022, 2022)),
    }
    shown = {}
    for name in order:
        frame = public.victims(**asked[name])
        published = frame.attrs["protected"]
        if name == "C":
            shown[name] = (frame.loc[0, "victims_status"], frame.loc[0, "victims"])
        else:
            for column in ("VN", published.status.columns[-1]):  # Việt Nam and the table's total
                state = published.status[column].iloc[0]
                value = published.values[column].iloc[0] if state == "published" else None
                shown[f"{name}-{'VN' if column == 'VN' else 'total'}"] = (state, value)
    truth = int(internal.victims(years=(2023, 2024), destinations="VN")["victims"].sum())
    assert truth < K, truth
    # unknowns: the periods 2016-2020, 2021, 2022 and 2023-2024, each of Việt Nam or not
    periods = ("2016-2020", "2021", "2022", "2023-2024")
    cells = [(period, vn) for period in periods for vn in (True, False)]
    rows = {
        "A-VN": [1.0 if p == "2016-2020" and vn else 0.0 for p, vn in cells],
        "A-total": [1.0 if p == "2016-2020" else 0.0 for p, _ in cells],
        "B-VN": [1.0 if vn else 0.0 for _, vn in cells],
        "B-total": [1.0 for _ in cells],
        "C": [1.0 if p == "2022" else 0.0 for p, _ in cells],
        "public-2021": [1.0 if p == "2021" else 0.0 for p, _ in cells],
    }
    shown["public-2021"] = ("published", 0)
    eq, ub = answered(shown, rows, K)
    low = smallest(eq, ub, [1.0 if cell == ("2023-2024", True) else 0.0 for cell in cells])
    assert_narrowed_only_without(low, searched, f"true {truth}; shown {shown}")
