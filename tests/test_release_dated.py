"""The release audit told that a category holds nobody in some years (a provider before it began
or after it ended, `_reader.YEAR_LINK`): a reader who knows it narrows no withheld count the audit
thinks free. The sample holds no selection where the providers' dates narrow anything the audit
does not already protect (tests/test_publish_boundary.py reads its tables with the dates); here a
made-up grid where they would.
"""

from __future__ import annotations

import pytest

from workbench._audit import unsafe
from workbench._disclosure import PRIMARY, PUBLISHED
from workbench._reader import YEAR_LINK
from workbench._release import Box, Released

K = 5
AREA = frozenset({1})
# The ended body's support: 1 in 2023, 4 in 2024, 4 in 2025, none in 2026 (it ended in 2025).
ENDED = {2023: 1, 2024: 4, 2025: 4, 2026: 0}
PEOPLE = {2023: 6, 2024: 9, 2025: 8, 2026: 7}  # people supported each year, by any body
DOMAINS = {"provider": ("ended", "other")}


def _truth(family, members, cat):
    years = [ay[1] for ay in members]
    if family is None:
        return sum(PEOPLE[y] for y in years)
    return sum(ENDED[y] if cat == "ended" else PEOPLE[y] for y in years)


def _cell(years, status, value=None) -> Released:
    return Released(Box("provider", AREA, frozenset(years), frozenset({"ended"})), status, value)


# Each year withheld (<5), 2023-2026 published: 9. 2026 free, the 2023 count is anything 0..4; a
# reader who knows the body ended in 2025 has 1 + 4 + 4 = 9 from three counts of at most 4: the
# 2023 count is at least 1.
CELLS = [
    _cell([2023], PRIMARY),
    _cell([2024], PRIMARY),
    _cell([2025], PRIMARY),
    _cell([2023, 2024, 2025, 2026], PUBLISHED, 9),
]


@pytest.mark.parametrize(
    ("links", "narrowed"),
    [
        pytest.param(None, False, id="dates-not-given"),
        pytest.param({("provider", YEAR_LINK): frozenset({"ended|2026"})}, True, id="dates-given"),
        pytest.param({("provider", YEAR_LINK): frozenset({"other|2026"})}, False, id="another-category"),
        pytest.param({("provider", YEAR_LINK): frozenset()}, False, id="no-pairs"),
    ],
)
def test_the_audit_sees_what_a_category_s_dates_narrow(links, narrowed):
    problems = unsafe(CELLS, DOMAINS, frozenset({"provider"}), _truth, K, links=links)
    assert bool(problems) is narrowed, problems


def test_a_dated_zero_every_reader_knows_is_no_count_to_protect():
    """The ended body's 2026, withheld on its own: 0 for every reader, and not a problem."""
    cells = [_cell([2026], PRIMARY), _cell([2025, 2026], PUBLISHED, 4 + 1)]
    links = {("provider", YEAR_LINK): frozenset({"ended|2026"})}
    truth = {**ENDED, 2025: 5}

    def counts(family, members, cat):
        years = [ay[1] for ay in members]
        if family is None:
            return sum(PEOPLE[y] for y in years)
        return sum(truth[y] if cat == "ended" else PEOPLE[y] for y in years)

    assert unsafe(cells, DOMAINS, frozenset({"provider"}), counts, K, links=links) == []


def test_publish_mode_gives_the_audit_the_providers_dates(db_path):
    """Support counts: each provider that ended (or began) in 2025 holds nobody in the years wholly
    after (or before) its dates; victim counts have no such link."""
    import workbench as wb
    from workbench._publish import _engine_of
    from workbench._withhold import _links

    with wb.connect(db_path, mode="publish") as public:
        engine = _engine_of(public)
        dated = _links(engine, "supported")[("provider", YEAR_LINK)]
        assert {"dolisa|2026", "district_office|2026", "commune_culture_social|2024"} <= dated
        assert not {p for p in dated if p.startswith(("social_protection_centre|", "dolisa|2025"))}
        assert ("provider", YEAR_LINK) not in _links(engine, None)


def test_publish_mode_gives_the_audit_the_supports_the_2024_law_added(db_path, monkeypatch):
    """Found by an attacker on 7 Dec 2026: employment counselling, first-year health insurance,
    interpreting and legal support exist from 1 July 2025 (Law 53/2024 art. 37), so every reader of
    the law knows nobody had them in 2016-2024, and the audit was not told. It now is — less a year
    the records hold one in all the same (the truth always satisfies the audit's rows)."""
    import workbench as wb
    from workbench._publish import _engine_of
    from workbench._withhold import _links

    added = ("employment_counselling", "health_insurance", "interpreting", "legal_information")
    with wb.connect(db_path, mode="publish") as public:
        engine = _engine_of(public)
        dated = _links(engine, "supported")[("support_type", YEAR_LINK)]
        by_year = {pair for pair in dated if pair.count("|") == 1}  # of every status
        assert {f"{code}|{year}" for code in added for year in range(2016, 2025)} == by_year
        assert ("support_type", YEAR_LINK) not in _links(engine, None)
        # an interpreting of 2023 in the records (imported with a warning): that pair is not given
        atoms = engine.atoms

        def held_in_2023(family, measure):
            found = dict(atoms(family, measure))
            if family == "support_type":
                some = next(key for key in found if key[-1] == "interpreting")
                found[(some[0], 2023, *some[2:])] = 1
            return found

        monkeypatch.setattr(engine, "atoms", held_in_2023)
        dated = _links(engine, "supported")[("support_type", YEAR_LINK)]
        assert "interpreting|2023" not in dated and "interpreting|2022" in dated


# A support art. 37 does not give people being identified (general education, item h), after the
# law came into force: 1, 4 and 4 identified victims in 2026-2028, nobody being identified, every
# year and status `<5` and the three years of both statuses published, 9. A reader who knows the
# law has 1 + 4 + 4 from three counts of at most 4: the identified victims' 2026 is at least 1.
EDUCATION = {("actual", 2026): 1, ("actual", 2027): 4, ("actual", 2028): 4}
SUPPORTED = {"actual": 6, "possible": 2}  # people supported in each year, by status
STATUSES = frozenset({"actual", "possible"})


def _status_truth(family, members, cat):
    if family is None:
        return sum(SUPPORTED[s] for _, _, s in members)
    education = sum(EDUCATION.get((s, y), 0) for _, y, s in members)
    return education if cat == "education" else sum(SUPPORTED[s] for _, _, s in members) - education


def _education(years, statuses, status, value=None) -> Released:
    box = Box("support_type", AREA, frozenset(years), frozenset({"education"}), frozenset(statuses))
    return Released(box, status, value)


STATUS_CELLS = [
    *(_education([year], {"actual"}, PRIMARY) for year in (2026, 2027, 2028)),
    _education([2026, 2027, 2028], STATUSES, PUBLISHED, 9),
]


@pytest.mark.parametrize(
    ("links", "narrowed"),
    [
        pytest.param(None, False, id="law-not-given"),
        pytest.param(
            {("support_type", YEAR_LINK): frozenset(f"education|{y}|possible" for y in (2026, 2027, 2028))},
            True,
            id="law-given",
        ),
        pytest.param(
            {("support_type", YEAR_LINK): frozenset(f"education|{y}|actual" for y in (2026, 2027))},
            False,
            id="another-status",
        ),
    ],
)
def test_the_audit_sees_what_a_status_s_rule_narrows(links, narrowed):
    domains = {"support_type": ("education", "other")}
    problems = unsafe(STATUS_CELLS, domains, frozenset(), _status_truth, K, links=links)
    assert bool(problems) is narrowed, problems


def test_publish_mode_gives_the_audit_what_art_37_gives_no_one_being_identified(db_path):
    import workbench as wb
    from workbench._publish import _engine_of
    from workbench._withhold import _links

    with wb.connect(db_path, mode="publish") as public:
        dated = _links(_engine_of(public), "supported")[("support_type", YEAR_LINK)]
    by_status = {pair for pair in dated if pair.count("|") == 2}
    beyond = ("education", "vocational_training", "employment_counselling", "hardship_allowance", "loan")
    assert {f"{code}|2026|{s}" for code in beyond for s in ("possible", "not_victim")} == by_status
