"""Administrative units over time: crosswalk both ways, resolution by date, and the loader's date rules."""

import datetime as dt
from collections import defaultdict

import pytest

import workbench as wb
from workbench._units import AREA_GROUPS, resolve_unit_on


def test_reference_counts_match_the_reference_readme():
    assert len(wb.former_communes()) == 80
    assert len(wb.units_2025()) == 103
    assert sum(u.kind == "Phường" for u in wb.units_2025()) == 31
    from_can_tho = [u for u in wb.units_2025() if u.old_province_codes == (92,)]
    assert len(from_can_tho) == 32
    assert {c.district_code for c in wb.former_communes()} == {d.code for d in wb.districts()}


def test_every_former_commune_maps_to_a_new_unit_and_back():
    targets = defaultdict(set)
    for old, new in wb.unit_crosswalk():
        targets[old].add(new)
    units = {u.code: u for u in wb.units_2025()}
    for commune in wb.former_communes():
        assert targets[commune.code], f"{commune.name} maps to no 2025 unit"
        for new in targets[commune.code]:
            # ... and the unit it went to lists it among the wards that formed it
            assert commune.code in units[new].old_ward_codes, (commune.name, units[new].name)
    for unit in units.values():
        if unit.old_province_codes == (92,):
            assert all(
                new_of == {unit.code} or unit.code in new_of
                for new_of in (targets[w] for w in unit.old_ward_codes)
            )


def test_split_wards_are_the_three_the_reference_names():
    targets = defaultdict(set)
    for old, new in wb.unit_crosswalk():
        targets[old].add(new)
    split = {old for old, new in targets.items() if len(new) > 1}
    assert split == {31178, 31183, 31207}  # Bùi Hữu Nghĩa, Long Tuyền, Thốt Nốt


def test_harmonisation_shares_sum_to_one_and_name_the_rule_examples():
    weights = wb.harmonisation_weights()
    assert set(weights) == {u.code for u in wb.units_2025()}
    for shares in weights.values():
        assert sum(shares.values()) == 1  # exact: fractions
    rules = wb.harmonisation_rules()
    # Phường Cái Khế: Cái Khế and An Hòa (Ninh Kiều) plus 1.83 km² of Bùi Hữu Nghĩa (Bình Thủy), by
    # area: the part's published area over the unit's 10.04 km² (equal shares gave Bình Thủy 1/3).
    assert {code: str(share) for code, share in weights[31120].items()} == {916: "821/1004", 918: "183/1004"}
    assert rules[31120] == "area"
    # Phường Ô Môn: three Ô Môn wards and Thới Thạnh (Thới Lai): no published figures, the fallback
    assert {code: str(share) for code, share in weights[31153].items()} == {917: "3/4", 927: "1/4"}
    assert rules[31153] == "equal"
    outside = [u for u in wb.units_2025() if u.old_province_codes != (92,)]
    assert len(outside) == 71
    assert all(set(weights[u.code]) <= set(AREA_GROUPS) for u in outside)


@pytest.mark.parametrize(
    ("given", "on", "expected"),
    [
        pytest.param("31120", dt.date(2025, 6, 30), (31120, 916), id="code-before-is-an-hoa"),
        pytest.param("31120", dt.date(2025, 7, 1), (31120, None), id="code-after-is-cai-khe"),
        pytest.param("Phường Cái Khế", dt.date(2024, 1, 1), (31117, 916), id="name-before"),
        pytest.param("Phường Cái Khế", dt.date(2025, 7, 1), (31120, None), id="name-after"),
        pytest.param("PHUONG CAI KHE", dt.date(2026, 1, 1), (31120, None), id="ascii-upper"),
        pytest.param("Phường Thạnh Hoà", dt.date(2020, 1, 1), (31217, 923), id="old-tone-mark"),
        pytest.param("Xã Vị Thủy", dt.date(2026, 1, 1), (31441, None), id="former-hau-giang"),
        # the kind abbreviated as people write it ('Q. Ninh Kiều' is read for districts too)
        pytest.param("P. Cái Khế", dt.date(2026, 3, 5), (31120, None), id="p-dot"),
        pytest.param("P.Cái Khế", dt.date(2026, 3, 5), (31120, None), id="p-dot-no-space"),
        pytest.param("P Cái Khế", dt.date(2026, 3, 5), (31120, None), id="p-space"),
        pytest.param("p. cai khe", dt.date(2024, 1, 1), (31117, 916), id="p-dot-before-the-reform"),
        pytest.param("X. Vị Thủy", dt.date(2026, 1, 1), (31441, None), id="x-dot"),
    ],
)
def test_units_resolve_by_date(given, on, expected):
    assert resolve_unit_on(given, on) == expected


@pytest.mark.parametrize(
    ("given", "on", "text"),
    [
        pytest.param(
            "Phường Ninh Kiều", dt.date(2025, 6, 30), "valid from 1 July 2025", id="new-unit-too-early"
        ),
        pytest.param(
            "Phường An Hòa", dt.date(2025, 7, 1), "valid until 30 June 2025", id="old-ward-too-late"
        ),
        pytest.param(
            "Phuong Cai Khee", dt.date(2025, 8, 1), "did you mean 'Phường Cái Khế (31120)'", id="typo"
        ),
        pytest.param("'; DROP TABLE events; --", dt.date(2025, 8, 1), "unknown commune/ward", id="injection"),
    ],
)
def test_units_on_the_wrong_side_of_the_reform_are_explained(given, on, text):
    with pytest.raises(ValueError, match=text.replace("(", r"\(").replace(")", r"\)")):
        resolve_unit_on(given, on, "en")


@pytest.mark.parametrize(
    ("given", "code"),
    [
        pytest.param("Ninh Kiều", 916, id="district-name-wins"),
        pytest.param("Phường Ninh Kiều", 31135, id="ward-with-prefix"),
        pytest.param("phuong cai khe", 31120, id="ascii"),
        pytest.param("Phường Cái Khế".encode().decode(), 31120, id="nfc"),
        pytest.param("Khu vực Sóc Trăng cũ", 94, id="area-group"),
        pytest.param(93, 93, id="area-group-code"),
        pytest.param("31441", 31441, id="unit-code"),
    ],
)
def test_filters_accept_both_kinds_of_unit(given, code):
    assert wb.Filters(districts=[given]).districts == (code,)


def test_nfd_unit_name_is_accepted():
    import unicodedata

    assert wb.Filters(districts=unicodedata.normalize("NFD", "Phường Cái Khế")).districts == (31120,)


def test_unknown_unit_in_filters_suggests_the_closest():
    with pytest.raises(wb.UnknownDistrictError, match="did you mean 'Phường Cái Khế'"):
        wb.Filters(districts=["Phuong Cai Khee"])
    with pytest.raises(wb.UnknownDistrictError, match="did you mean 'Ninh Kiều'"):
        wb.Filters(districts=["Ninh Kieu Q"])


# Event lines: event_id,event_date,district_code,organiser,event_type,topic,attendees,leaflets,unit_code
@pytest.mark.parametrize(
    ("line", "message"),
    [
        pytest.param(
            "EV-X,2025-07-01,916,police,training,trafficking,30,0,31120",
            "column 'district_code': '916' — districts were abolished on 1 July 2025",
            id="district-after-reform",
        ),
        pytest.param(
            "EV-X,2025-08-01,,police,training,trafficking,30,0,",
            "column 'unit_code': '' — a record dated from 1 July 2025 on needs its new commune/ward",
            id="no-unit-after-reform",
        ),
        pytest.param(
            "EV-X,2025-06-30,,police,training,trafficking,30,0,Phường Ninh Kiều",
            "column 'unit_code': 'Phường Ninh Kiều' — Phường Ninh Kiều (31135) is a unit of the 2025 reform",
            id="new-unit-before-reform",
        ),
        pytest.param(
            "EV-X,2025-03-01,,police,training,trafficking,30,0,",
            "column 'district_code': '' — a record dated before 1 July 2025 needs its district",
            id="no-place-before-reform",
        ),
        pytest.param(
            "EV-X,2024-03-01,919,police,training,trafficking,30,0,Phường Cái Khế",
            "column 'unit_code': 'Phường Cái Khế' — this former commune lies in district Ninh Kiều (916)",
            id="commune-outside-its-district",
        ),
    ],
)
def test_loader_enforces_the_date_rules_with_file_line_column_value(tmp_path, data_copy, line, message):
    events = data_copy / "sample" / "events.csv"
    text = events.read_text(encoding="utf-8")
    events.write_text(text + line + "\n", encoding="utf-8")
    with pytest.raises(wb.DataFileError) as caught:
        wb.connect(tmp_path / "wb.duckdb", data_dir=data_copy)
    assert f"events.csv, line {text.count(chr(10)) + 1}, {message}" in str(caught.value)


def test_victim_dated_after_the_reform_with_a_district_is_an_error(tmp_path, data_copy):
    victims = data_copy / "sample" / "victims.csv"
    lines = victims.read_text(encoding="utf-8").splitlines()
    after = next(i for i, row in enumerate(lines) if i and row.split(",")[1] >= "2025-07-01")
    cells = lines[after].split(",")
    cells[2] = "Cờ Đỏ"
    lines[after] = ",".join(cells)
    victims.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(
        wb.DataFileError, match=rf"victims.csv, line {after + 1}, column 'district_code': 'Cờ Đỏ'"
    ):
        wb.connect(tmp_path / "wb.duckdb", data_dir=data_copy)


@pytest.mark.slow
def test_a_former_commune_before_the_reform_supplies_its_district(tmp_path, data_copy):
    events = data_copy / "sample" / "events.csv"
    events.write_text(
        events.read_text(encoding="utf-8")
        + "EV-2024-99999,2024-12-31,,police,training,trafficking,30,0,Xã Mỹ Khánh\n",
        encoding="utf-8",
    )
    with wb.connect(tmp_path / "wb.duckdb", data_dir=data_copy) as db:
        row = db.sql("SELECT district_code, unit_code, place FROM events WHERE event_id = 'EV-2024-99999'")
    assert row.iloc[0].tolist() == [926, 31312, "Phong Điền"]


def test_sample_places_follow_the_reform(db):
    wrong = db.sql(
        "SELECT count(*) AS n FROM events WHERE (event_date < $reform AND district_code IS NULL) "
        "OR (event_date >= $reform AND (district_code IS NOT NULL OR unit_code IS NULL))",
        reform=wb.REFORM_DATE,
    )
    assert wrong["n"][0] == 0
    after = db.sql("SELECT DISTINCT unit_code FROM events WHERE event_date >= $reform", reform=wb.REFORM_DATE)
    outside = {u.code for u in wb.units_2025() if u.old_province_codes != (92,)}
    assert set(after["unit_code"]) & outside, "some post-reform events are in former Sóc Trăng/Hậu Giang"
    assert len(set(after["unit_code"]) - outside) > len(set(after["unit_code"]) & outside) / 3
