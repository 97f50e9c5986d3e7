"""An attack on publish mode: victims supported tell a `<5` victim count holds someone.

Support counts (person-years of support) are audited as a system of their own, apart from victim
counts (docs/releases.md, Limits item 3). But a person supported in a period was received in it or
before, so a count of person-years of support over n years is at most n times the people of the
same statuses received there by then. Asked of a fresh database, in publish mode, for one
district over 2016-2026:

- victims (identified and being identified, the statuses support counts) read `<5`;
- victims supported read a number of 5 or more.

A selection holding nobody has no support, so it always reads `<5` in both; one holding 1 to 4
people can read a number of support years. The number therefore says the `<5` holds at least
ceil(support / years) >= 1 person: a zero oracle, on the first two questions of an empty register.
On the sample data: Cái Răng (919) over 2016-2026 holds 4 such people (internal), shown `<5`,
beside 6 person-years of support; over 2016-2023, 3 people shown `<5` beside 5. The audit of
victim counts is now given the releases of victims supported (docs/releases.md, Limits 3), and
the support of such a district is withheld, in either order."""

from __future__ import annotations

import pytest

import workbench as wb

STATUSES = ["actual", "possible"]  # what db.support counts by default (Law 53/2024 art. 37)
SPAN = (2016, 2026)


@pytest.mark.slow  # two releases for each of nine districts
@pytest.mark.parametrize("support_first", [False, True], ids=["victims-first", "support-first"])
def test_support_beside_a_small_victim_count_says_nothing_of_whether_it_is_empty(fresh, support_first):
    told = []
    with wb.connect(fresh, build=False, mode="publish") as db:
        for district in ("916", "917", "918", "919", "923", "924", "925", "926", "927"):
            if support_first:
                support = db.support(districts=[district], years=SPAN, trafficking_statuses=STATUSES)
            victims = db.victims(districts=[district], years=SPAN, trafficking_statuses=STATUSES)
            if not support_first:
                support = db.support(districts=[district], years=SPAN, trafficking_statuses=STATUSES)
            shown = victims["victims_display"].iloc[0]
            supported = support["victims_supported_display"].iloc[0]
            if shown == "<5" and supported.isdigit():
                # a reader: at most one person-year per person and year, so at least this many people
                years = SPAN[1] - SPAN[0] + 1
                told.append((district, shown, supported, -(-int(supported) // years)))
    assert not told, f"'<5' victims shown beside a number of person-years of support: {told}"
