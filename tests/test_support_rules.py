"""Who may receive which support (Law 53/2024/QH15 art. 37): the table analysts read, the rule the
build applies to the data files, and the sample generator following it."""

from __future__ import annotations

import csv
import datetime as dt
import random

import pytest

import workbench as wb
from workbench._build import build
from workbench._codes import codes, current_body
from workbench._generate import _victims_and_support
from workbench._support_rules import ineligible_reason

AFTER = dt.date(2025, 8, 1)
BEFORE = dt.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("support_type", "status", "citizenship", "on", "refused_with"),
    [
        pytest.param("loan", "actual", "VN", AFTER, None, id="victim-every-item"),
        pytest.param("education", "actual", "VN", AFTER, None, id="victim-hoc-van-hoa"),
        pytest.param("psychological", "possible", "VN", AFTER, None, id="being-identified-item-g"),
        pytest.param("health_insurance", "possible", "VN", AFTER, None, id="being-identified-item-b"),
        pytest.param("education", "possible", "VN", AFTER, ("khoản 3", "item h"), id="being-identified-no-h"),
        pytest.param("vocational_training", "possible", "VN", AFTER, ("khoản 3", "item i"), id="no-i"),
        pytest.param("loan", "possible", "VN", AFTER, ("khoản 3", "item k"), id="being-identified-no-k"),
        pytest.param("loan", "possible", "VN", BEFORE, None, id="before-the-law-not-judged"),
        pytest.param("legal_aid", "actual", "KH", AFTER, None, id="foreign-item-dd"),
        pytest.param("travel_home", "actual", "KH", AFTER, ("khoản 4", "item e"), id="foreign-no-travel"),
        pytest.param("hardship_allowance", "possible", "CN", AFTER, ("khoản 4", "item k"), id="foreign-no-k"),
        # Found not to be a victim, after being identified: what khoản 3 gave them meanwhile stands.
        pytest.param("essential_needs", "not_victim", "VN", AFTER, None, id="not-victim-while-identified"),
        pytest.param("loan", "not_victim", "VN", AFTER, ("khoản 3", "item k"), id="not-victim-no-k"),
        pytest.param("loan", "possible", "unknown", AFTER, None, id="unknown-citizenship-not-judged"),
        pytest.param("loan", "unknown", "VN", AFTER, None, id="unknown-status-not-judged"),
        pytest.param("unknown", "possible", "VN", AFTER, None, id="unknown-type-not-judged"),
    ],
)
def test_article_37_gives_each_person_their_items(support_type, status, citizenship, on, refused_with):
    why = ineligible_reason(support_type, status, citizenship, on)
    if refused_with is None:
        assert why is None
    else:
        assert why is not None and "Luật 53/2024/QH15 Điều 37" in why
        for words in refused_with:
            assert words in why, why


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_eligibility_table_reads_as_the_article(lang):
    table = wb.support_eligibility(lang)
    assert set(table["support_type"]) == set(codes("support_type")) - {"unknown"}  # every type placed
    assert table.attrs["in_force_from"] == "2025-07-01"
    victim, being_identified, foreign = (
        ("Nạn nhân là công dân Việt Nam", "Người đang trong quá trình xác định là nạn nhân, ở trong nước",
         "Người nước ngoài bị mua bán tại Việt Nam")
        if lang == "vi"
        else ("Victim, Vietnamese citizen", "Person being identified as a victim, in Viet Nam",
              "Foreign national trafficked in Viet Nam")
    )  # fmt: skip
    rows = table.set_index("support_type")
    assert rows[victim].all()  # khoản 1: all of a–k
    assert rows.loc["loan", "item"] == "Luật 53/2024/QH15 Điều 37 khoản 1 điểm k"
    assert not rows.loc["education", being_identified] and rows.loc["psychological", being_identified]
    assert rows.loc["legal_aid", foreign] and not rows.loc["travel_home", foreign]
    assert rows.loc["education", "support_type_label"] == wb.label("support_type", "education", lang)


def test_the_codes_view_cites_the_point_of_article_37(db):
    got = db.sql("SELECT code, legal_basis FROM codes WHERE codeset = 'support_type'").set_index("code")
    assert "Điều 37 khoản 1 điểm đ" in got.loc["legal_aid", "legal_basis"]
    assert "Điều 37 khoản 1 điểm b" in got.loc["health_insurance", "legal_basis"]


def test_the_build_refuses_a_support_the_law_does_not_give(data_copy, tmp_path):
    with (data_copy / "sample" / "victims.csv").open(encoding="utf-8") as handle:
        victims = list(csv.DictReader(handle))
    person = next(v for v in victims if v["trafficking_status"] == "possible")
    path = data_copy / "sample" / "support_services.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    added = {"service_id": "SV-99999", "victim_id": person["victim_id"], "support_type": "loan",
             "provider": "womens_union", "service_date": "2026-11-20"}  # fmt: skip
    rows.append({**rows[-1], **added})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    db_path = tmp_path / "refused.duckdb"
    with pytest.raises(wb.DataFileError) as refused:
        build(db_path, data_copy)
    message = str(refused.value)
    for words in (f"support_services.csv, line {len(rows) + 1}", "'support_type'", "'loan'", "20/11/2026",
                  "'possible'", "khoản 3", "item k"):  # fmt: skip
        assert words in message, message
    assert not db_path.exists()  # nothing half-built left


@pytest.mark.parametrize("seed", [1, 7, 2025, 20_160_730])
def test_the_generator_gives_only_what_article_37_allows(seed):
    victims, services = _victims_and_support(random.Random(seed), years=range(2024, 2027))
    people = {v["victim_id"]: v for v in victims}
    being_identified = [s for s in services if people[s["victim_id"]]["trafficking_status"] == "possible"]
    for service in services:
        person = people[service["victim_id"]]
        status, citizenship = person["trafficking_status"], person["citizenship"]
        why = ineligible_reason(service["support_type"], status, citizenship, service["service_date"])
        assert why is None, (service, why)
    assert being_identified  # the rule had people still being identified to apply to


@pytest.mark.parametrize(
    ("reading", "holds", "words"),
    [
        pytest.param(
            "health insurance is item b, given to foreign nationals",
            lambda: ineligible_reason("health_insurance", "actual", "KH", AFTER) is None,
            ("First-year health insurance for foreign nationals", "khoản 1 điểm b"),
            id="health-insurance-foreign-nationals",
        ),
        pytest.param(
            "health insurance is item b, given to people being identified",
            lambda: ineligible_reason("health_insurance", "possible", "VN", AFTER) is None,
            ("people being identified", "Decree 162/2025/NĐ-CP"),
            id="health-insurance-being-identified",
        ),
        pytest.param(
            "vocational training support goes to home affairs, not education",
            lambda: current_body("provider", "dolisa", AFTER, "vocational_training") == "moha_dept",
            ("Vocational training after 1 March 2025", "Sở Giáo dục và Đào tạo"),
            id="vocational-training-successor",
        ),
    ],
)
def test_a_reading_the_sources_do_not_settle_is_listed_as_not_verified(reading, holds, words):
    """The code keeps its reading where the domain sources do not settle it; docs/data.md says so
    plainly. Should the reading change, this fails until the page is brought along."""
    from pathlib import Path

    assert holds(), reading
    page = (Path(__file__).parent.parent / "docs" / "data.md").read_text(encoding="utf-8")
    unverified = page.split("## Not verified", 1)[1].split("\n## ", 1)[0]
    for word in words:
        assert word in unverified, (reading, word)
