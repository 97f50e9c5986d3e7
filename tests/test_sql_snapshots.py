"""Snapshots of the SQL the query helpers write: the whole text and every bound parameter.

Other tests check what the queries return; these check what they say, so a change in the SQL
(a join, a filter, which pre-aggregate answers) is seen in review as a diff of tests/snapshots/.
After an intended change of the SQL, regenerate the snapshots and read the diff:

    WORKBENCH_REGENERATE_SNAPSHOTS=1 uv run pytest tests/test_sql_snapshots.py
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

import workbench as wb
from workbench._query import ROLLUPS, aggregate_sql

SNAPSHOTS = Path(__file__).parent / "snapshots"
NATIONAL = {"rollups": tuple(ROLLUPS), "national": True}

CASES = [
    pytest.param("events", {}, (), "recorded", {}, id="events-total"),
    pytest.param("events", {"years": (2016, 2020)}, "year", "recorded", {}, id="events-by-year"),
    pytest.param(
        "events",
        {"years": (2016, 2020), "organisers": "dolisa", "event_types": "integrated_session"},
        (),
        "recorded",
        {},
        id="events-origin-query",
    ),
    pytest.param(
        "events",
        {"districts": ["Ninh Kiều", "Cờ Đỏ"]},
        ["district", "organiser"],
        "recorded",
        {},
        id="events-two-districts-recorded",
    ),
    pytest.param(
        "events",
        {"districts": ["Ninh Kiều", "Phường Cái Khế"], "years": (2016, 2026)},
        ["district", "year"],
        "harmonised",
        {},
        id="events-district-and-unit-harmonised",
    ),
    pytest.param(
        "events", {"provinces": "Cần Thơ"}, "district", "harmonised", {}, id="events-province-harmonised"
    ),
    pytest.param("events", {"topics": ["trafficking"]}, "month", "recorded", {}, id="events-topic-by-month"),
    pytest.param(
        "events",
        {"provinces": "An Giang"},
        ["district", "month"],
        "recorded",
        NATIONAL,
        id="national-month-rollup",
    ),
    pytest.param(
        "events",
        {"years": (2016, 2020), "organisers": "dolisa"},
        ["year", "event_type"],
        "recorded",
        NATIONAL,
        id="national-year-rollup",
    ),
    pytest.param(
        "events",
        {"provinces": "An Giang", "districts": ["Long Xuyên"]},
        ["district", "topic", "month"],
        "recorded",
        NATIONAL,
        id="national-no-rollup-covers",
    ),
    pytest.param("victims", {}, (), "recorded", {}, id="victims-total-identified"),
    pytest.param(
        "victims", {"years": (2016, 2020)}, ["year", "sex"], "recorded", {}, id="victims-by-year-and-sex"
    ),
    pytest.param(
        "victims",
        {"exploitation_forms": ["forced_labour"], "destinations": ["KH"]},
        "exploitation",
        "recorded",
        {},
        id="victims-exploitation-join-and-list-filter",
    ),
    pytest.param(
        "victims",
        {"trafficking_statuses": ["possible", "not_victim"]},
        ["year", "trafficking_status"],
        "recorded",
        {},
        id="victims-statuses-chosen",
    ),
    pytest.param(
        "victims",
        {"sexes": ["female"], "age_bands": ["9-17"], "reception_channels": ["rescue"]},
        ["means_of_control", "under_16", "under_18"],
        "recorded",
        {},
        id="victims-control-and-minors",
    ),
    pytest.param(
        "victims", {"districts": ["Cờ Đỏ"]}, ["district", "year"], "harmonised", {}, id="victims-harmonised"
    ),
    pytest.param(
        "support",
        {"years": (2021, 2026), "support_types": ["medical", "legal_aid"]},
        ["support_type", "provider"],
        "recorded",
        {},
        id="support-by-type-and-provider",
    ),
    pytest.param("support", {}, "district", "harmonised", {}, id="support-harmonised"),
    pytest.param(
        "cases",
        {"years": (2016, 2020), "case_stages": ["prosecuted", "convicted"]},
        ["year", "stage"],
        "recorded",
        {},
        id="cases-by-year-and-stage",
    ),
    pytest.param(
        "cases",
        {"destinations": ["KH"], "exploitation_forms": ["illicit_activities"]},
        ["district", "exploitation"],
        "harmonised",
        {},
        id="cases-exploitation-join-harmonised",
    ),
    pytest.param(
        "hotline",
        {"years": (2023, 2023), "hotline_topics": ["suspected_case"], "lines": ["111"]},
        ["month", "topic"],
        "recorded",
        {},
        id="hotline-by-month-and-topic",
    ),
    pytest.param("hotline", {"districts": ["Cờ Đỏ"]}, "district", "harmonised", {}, id="hotline-harmonised"),
    pytest.param(
        "communication",
        {"years": (2021, 2021), "media": ["social_post", "share"], "organisers": "dolisa"},
        ["organiser", "month"],
        "recorded",
        {},
        id="communication-posts-and-shares",
    ),
    pytest.param("communication", {}, "district", "harmonised", {}, id="communication-harmonised"),
]


def _render(sql: str, params: dict[str, object]) -> str:
    lines = [sql.rstrip(), "", "-- parameters"]
    lines += [f"-- ${name} = {json.dumps(params[name], ensure_ascii=False)}" for name in sorted(params)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("kind", "filters", "by", "geography", "options"), CASES)
def test_the_sql_a_helper_writes_matches_its_snapshot(request, kind, filters, by, geography, options):
    sql, params = aggregate_sql(kind, wb.Filters(**filters), by, geography, **options)
    actual = _render(sql, params)
    path = SNAPSHOTS / f"{request.node.callspec.id}.sql"
    if os.environ.get("WORKBENCH_REGENERATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        pytest.skip(f"regenerated {path.name}")
    assert path.exists(), f"no snapshot {path.name}: regenerate (see the module's docstring)"
    assert actual == path.read_text(encoding="utf-8"), (
        f"the SQL for {request.node.callspec.id} changed: if intended, regenerate and review the diff"
    )


@pytest.mark.parametrize(("kind", "filters", "by", "geography", "options"), CASES)
def test_every_value_in_the_sql_is_a_bound_parameter(kind, filters, by, geography, options):
    """No literal from the filters in the text: each value the Filters hold is a $parameter."""
    chosen = wb.Filters(**filters)
    sql, params = aggregate_sql(kind, chosen, by, geography, **options)
    placeholders = set(re.findall(r"\$(\w+)", sql))
    assert placeholders == set(params), (placeholders, set(params))
    for field, value in chosen.active(tuple(filters)).items():
        for item in value if isinstance(value, tuple) else (value,):
            assert f"'{item}'" not in sql, f"{field} value {item!r} written into the SQL"


def test_every_snapshot_belongs_to_a_case():
    """A case renamed or removed leaves no snapshot behind to mislead a reader."""
    names = {case.id for case in CASES}
    stale = sorted(p.stem for p in SNAPSHOTS.glob("*.sql") if p.stem not in names)
    assert stale == [], f"snapshots of no case: {stale}"
