"""Victims supported in the release register, attacked through the public API only: support counts
go through the register like victim counts. Each attack asserts no count below k is narrowed beyond
"<k"; with the audit off (each table protected on its own) it must succeed. Apart from
tests/test_publish_boundary.py, whose other attacks it shares nothing with, so that the test run
can give the two to different workers.
"""

from __future__ import annotations

import pytest

from benchmarks.release_attacks import DISTRICTS, YEARS, Attacker, exposed
from workbench._codes import codes

pytestmark = pytest.mark.slow  # attacks run the release audit over many releases

K = 5
AUDIT = [pytest.param(True, id="audit"), pytest.param(False, id="audit-off")]
# The districts each attack leaves out in turn: three of the nine (each release is audited with all
# before it, so each costs more than the last: all nine took three minutes).
LEFT_OUT = DISTRICTS[:3]


# ------------------------------------------------ support counts in the register


@pytest.mark.parametrize("audit", AUDIT)
def test_support_for_all_districts_and_all_but_one_gives_no_district_year(set_audit, internal, public, audit):
    """Victims supported by year for every district, then for every district but one: before the
    register held support counts their differences were each left-out district's yearly counts."""
    set_audit(audit)
    span = (YEARS[0], YEARS[-1])
    attacker = Attacker(years=YEARS)
    attacker.read(public.support(years=span, by="year"), "year")
    attacker.read(public.support(years=span, by=["district", "year"]), ["district", "year"])
    for left_out in LEFT_OUT:
        others = [d for d in DISTRICTS if d != left_out]
        attacker.read(public.support(years=span, districts=others, by="year"), "year")
    exact = internal.support(years=span, by=["district", "year"], complete=True)
    truth = {
        ((int(d),), (int(y),), (None,)): round(v)
        for d, y, v in zip(exact["district_code"], exact["year"], exact["victims_supported"], strict=True)
        if d in DISTRICTS
    }
    assert any(v < K for v in truth.values()) and any(v == 0 for v in truth.values())
    found = exposed(attacker, truth)
    if audit:
        assert not found, f"narrowed below k: {found[:5]}"
        assert any("support" in e.get("what", {}) for e in public.register.entries())
    else:
        assert len(found) > 10, "without the audit these support tables give district-years away"


@pytest.mark.parametrize("audit", AUDIT)
def test_support_by_type_for_all_and_all_but_one_district(set_audit, internal, public, audit):
    set_audit(audit)
    types = codes("support_type")
    attacker = Attacker("support_type", years=YEARS, cats=types)
    span = (YEARS[0], YEARS[-1])
    attacker.read(public.support(years=span, by="support_type"), "support_type")
    for left_out in LEFT_OUT:
        others = [d for d in DISTRICTS if d != left_out]
        attacker.read(public.support(years=span, districts=others, by="support_type"), "support_type")
    truth = {}
    for district in LEFT_OUT:
        exact = internal.support(years=span, districts=[district], by="support_type", complete=True)
        truth |= {
            ((district,), tuple(YEARS), (t,)): round(v)
            for t, v in zip(exact["support_type"], exact["victims_supported"], strict=True)
        }
    assert any(0 < v < K for v in truth.values())
    found = exposed(attacker, truth)
    assert (not found) if audit else found, found[:5]


def test_support_and_victims_cells_have_different_register_keys(public):
    """A count of people supported is never taken for a count of victims (the same key would share
    a register entry and a status): the register keeps them apart."""
    public.victims(years=(2016, 2020), by="year")
    public.support(years=(2016, 2020), by="year")
    entries = [e for e in public.register.entries() if "cells" in e]
    victims = {key for key, _, _ in entries[0]["cells"]}
    support = {key for key, _, _ in entries[1]["cells"]}
    assert victims and support and not victims & support
    frame = public.support(years=(2016, 2020), by="year")
    assert ("measure", "supported_person_years") in frame.attrs["count_scope"]
    assert "services" not in frame.columns
