"""Administrative units over time: the 2019 districts and former communes, the 2025 units, and the
crosswalk between them, with the rule that harmonises 2025 units back to the 2019 districts.

On 1 July 2025 the district level was abolished and Cần Thơ merged with Sóc Trăng and Hậu Giang.
Records dated before then name a district (and may name a former commune); records from then on
name one of the 103 new communes/wards. Unit codes alone are ambiguous across the reform (31120 was
Phường An Hòa before it and is Phường Cái Khế after it), so a unit is always read with a date.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from ._districts import District, districts, resolve_district
from ._error_words import error_text
from ._errors import UnknownDistrictError, closest, did_you_mean
from ._import_words import import_text
from ._paths import REFERENCE_DIR
from ._text import fold
from ._words import GEOGRAPHY, TERRITORY, date_text

REFORM_DATE = dt.date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = REFORM_DATE - dt.timedelta(days=1)
UNITS_FILE = "cantho_units_2025.csv"
CROSSWALK_FILE = "cantho_units_2025_crosswalk.csv"
CONTRIBUTIONS_FILE = "cantho_units_2025_contributions.csv"
BOUNDARY_FILE = "cantho_districts_2019.geojson"

# The former provinces merged into Cần Thơ: their 2025 units are an area group of their own in the
# harmonised view (they had no 2019 Cần Thơ district), coded by the old province code.
AREA_GROUPS = {
    93: ("Khu vực Hậu Giang cũ", "Former Hậu Giang area"),
    94: ("Khu vực Sóc Trăng cũ", "Former Sóc Trăng area"),
}
CAN_THO_PROVINCE = 92

GEOGRAPHIES = ("recorded", "harmonised")
# The order the rules are named in a note: the better figures first, the fallback last.
RULE_ORDER = ("population", "area", "equal")


def geography_note(geography: str, lang: str = "vi") -> str:
    """How places were counted, for a footer: as recorded, or harmonised with the rules in use.

    A 2025 unit made of former communes from several districts is shared out by the population,
    else the area, each former commune brought into it, as the city's scheme for Res.
    1668/NQ-UBTVQH15 publishes them (CONTRIBUTIONS_FILE); equally per former commune where neither
    was found. The note names only the rules some unit got, each with how many units got it
    (`harmonisation_rules()`), so it never claims figures the data do not hold.
    """
    i = 1 if lang == "en" else 0
    if geography != "harmonised":
        return GEOGRAPHY["recorded"][i]
    used = Counter(rule for rule in harmonisation_rules().values() if rule != "single")
    rules = "; ".join(
        GEOGRAPHY[rule][i].format(n=used[rule], unit=GEOGRAPHY["unit" if used[rule] == 1 else "units"][i])
        for rule in RULE_ORDER
        if used[rule]
    )
    return GEOGRAPHY["harmonised"][i].format(units=sum(used.values()), rules=rules)


def territory_note(years: tuple[int, int] | None, lang: str = "vi") -> str | None:
    """The note that the city's territory changed, for a period that spans 1 July 2025 (no years
    chosen: every year, which spans it); None for a period wholly on one side of the date."""
    if years is not None and not years[0] <= REFORM_DATE.year <= years[1]:
        return None
    return TERRITORY[1 if lang == "en" else 0]


_UNIT_PREFIX = re.compile(r"^(phuong|xa|thi tran|p|x|tt)\s*[.\s]\s*")
# The abbreviations people write for a unit's kind ('P. Cái Khế', 'X.Phong Điền', 'TT Cờ Đỏ'), spelt
# out before a name is looked up: the names are held with the kind in full ('phuong cai khe').
_ABBREVIATED = re.compile(r"^(p|x|tt)\s*(?:\.\s*|\s+)")
_SPELT_OUT = {"p": "phuong ", "x": "xa ", "tt": "thi tran "}


def _unit_key(text: str) -> str:
    """How a unit given as text is looked up: its code, or its folded name with the kind spelt out."""
    if text.isdigit():
        return text
    folded = fold(text)
    return _ABBREVIATED.sub(lambda found: _SPELT_OUT[found.group(1)], folded, count=1)


@dataclass(frozen=True, slots=True)
class FormerCommune:
    """A commune/ward as it was just before the reform (valid until 30 June 2025)."""

    code: int
    name: str
    district_code: int
    valid_to: dt.date = LAST_DAY_BEFORE_REFORM


@dataclass(frozen=True, slots=True)
class Unit2025:
    """A commune/ward of the merged Cần Thơ city (valid from 1 July 2025)."""

    code: int
    name: str
    kind: str  # 'Phường' or 'Xã'
    old_province_codes: tuple[int, ...]
    old_ward_codes: tuple[int, ...]
    area_km2: float
    lat: float
    lon: float
    valid_from: dt.date = REFORM_DATE

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


@cache
def former_communes() -> tuple[FormerCommune, ...]:
    """The 80 former communes/wards of Cần Thơ, one each (a split ward appears once)."""
    seen: dict[int, FormerCommune] = {}
    for row in _read(CROSSWALK_FILE):
        code = int(row["old_ward_code"])
        seen.setdefault(code, FormerCommune(code, row["old_ward_name"], int(row["old_district_code"])))
    return tuple(seen.values())


@cache
def units_2025() -> tuple[Unit2025, ...]:
    """The 103 units of the merged city, in code order."""
    return tuple(
        Unit2025(
            code=int(row["new_ward_code"]),
            name=row["new_ward_name"],
            kind=row["type"],
            old_province_codes=tuple(int(p) for p in row["old_province_codes"].split(";")),
            old_ward_codes=tuple(int(w) for w in row["old_ward_codes"].split(";")),
            area_km2=float(row["area_km2_vietnamadminunits"]),
            lat=float(row["lat"]),
            lon=float(row["lon"]),
        )
        for row in _read(UNITS_FILE)
    )


@cache
def unit_crosswalk() -> tuple[tuple[int, int], ...]:
    """(former commune code, 2025 unit code) pairs: many-to-many, three former wards were split."""
    return tuple((int(r["old_ward_code"]), int(r["new_ward_code"])) for r in _read(CROSSWALK_FILE))


def area_group(unit: Unit2025) -> int | None:
    """93 or 94 for a unit from former Hậu Giang or Sóc Trăng; None for one from former Cần Thơ."""
    outside = [p for p in unit.old_province_codes if p != CAN_THO_PROVINCE]
    return outside[0] if outside else None


@cache
def contributions() -> dict[tuple[int, int], tuple[Fraction | None, Fraction | None]]:
    """(new unit, former commune) -> (population, area in km²) it brought in, where published."""
    found = {}
    for row in _read(CONTRIBUTIONS_FILE):
        population = Fraction(row["population"]) if row["population"] else None
        area = Fraction(row["area_km2"]) if row["area_km2"] else None
        found[(int(row["new_ward_code"]), int(row["old_ward_code"]))] = (population, area)
    return found


def _shares(unit: Unit2025, parts: list[tuple[int, int]]) -> tuple[dict[int, Fraction], str]:
    """A former-Cần Thơ unit's shares per 2019 district and the rule that gave them:
    'single' (one district), 'population', 'area' or 'equal' (the fallback)."""
    districts_of = {district for _, district in parts}
    if len(districts_of) == 1:
        return {districts_of.pop(): Fraction(1)}, "single"
    figures = contributions()
    known = [figures.get((unit.code, old), (None, None)) for old, _ in parts]
    shares: dict[int, Fraction] = defaultdict(Fraction)
    rule = "equal"
    populations = [population for population, _ in known if population is not None]
    if len(populations) == len(known):
        total = sum(populations)
        for (_, district), population in zip(parts, populations, strict=True):
            shares[district] += population / total
        rule = "population"
    elif any(area is not None for _, area in known):
        # Area: the parts whose area is published take it out of the unit's area; the rest of the
        # area goes to the other parts, equally per former commune.
        unit_area = Fraction(str(unit.area_km2))
        given = sum(area for _, area in known if area is not None)
        others = [district for (_, district), (_, area) in zip(parts, known, strict=True) if area is None]
        if all(area is not None for _, area in known) or (others and given < unit_area):
            whole = given if not others else unit_area
            for (_, district), (_, area) in zip(parts, known, strict=True):
                if area is not None:
                    shares[district] += area / whole
            for district in others:
                shares[district] += (unit_area - given) / unit_area / len(others)
            rule = "area"
    if rule == "equal":
        for _, district in parts:
            shares[district] += Fraction(1, len(parts))
    return dict(sorted(shares.items())), rule


@cache
def _weights_and_rules() -> tuple[dict[int, dict[int, Fraction]], dict[int, str]]:
    parts: dict[int, list[tuple[int, int]]] = defaultdict(list)
    district_of = {c.code: c.district_code for c in former_communes()}
    for old, new in unit_crosswalk():
        parts[new].append((old, district_of[old]))
    weights: dict[int, dict[int, Fraction]] = {}
    rules: dict[int, str] = {}
    for unit in units_2025():
        group = area_group(unit)
        if group is not None:
            weights[unit.code], rules[unit.code] = {group: Fraction(1)}, "single"
            continue
        weights[unit.code], rules[unit.code] = _shares(unit, parts[unit.code])
    return weights, rules


def harmonisation_weights() -> dict[int, dict[int, Fraction]]:
    """For each 2025 unit, its share in each 2019 district (or area group); shares sum to 1.

    A unit from former Cần Thơ whose former communes lay in one district goes whole to it. One
    formed from several districts is shared by the population each former commune (or part of a
    split ward) brought into it, else by the area, as published for the merger
    (`cantho_units_2025_contributions.csv`); where neither is published, equally per former
    commune (a split former ward is one part of each unit it went to). A unit from former Sóc Trăng
    or Hậu Giang goes whole to its area group.
    """
    return {code: dict(shares) for code, shares in _weights_and_rules()[0].items()}


def harmonisation_rules() -> dict[int, str]:
    """For each 2025 unit, the rule its shares come from: 'single' (one district or area group),
    'population', 'area', or 'equal' (figures missing: the stated fallback)."""
    return dict(_weights_and_rules()[1])


def whole_shares(values: list[float]) -> list[int]:
    """Largest-remainder rounding: whole numbers, each the floor or ceiling of its value, adding up
    to the rounded total — for harmonised counts that must be whole (publish mode)."""
    total = round(sum(values))
    floors = [int(v // 1) for v in values]
    # Ties in the remainders go to the earlier row: deterministic, and rows come in a fixed order.
    order = sorted(range(len(values)), key=lambda i: (-(values[i] - floors[i]), i))
    for i in order[: max(total - sum(floors), 0)]:
        floors[i] += 1
    return floors


def place_weight_rows() -> list[tuple[int, int, Fraction]]:
    """(recorded place, harmonised district or area group, share) for every place a record names."""
    rows = [(d.code, d.code, Fraction(1)) for d in districts()]
    for unit_code, shares in harmonisation_weights().items():
        rows += [(unit_code, target, share) for target, share in shares.items()]
    return rows


def harmonised_areas() -> list[tuple[int, str, str]]:
    """(code, Vietnamese name, English name) of the harmonised view's areas, in display order."""
    rows = [(d.code, d.name_vi, d.name_ascii) for d in districts()]
    return rows + [(code, vi, en) for code, (vi, en) in AREA_GROUPS.items()]


def place_name(code: int, lang: str = "vi") -> str:
    """The name of a recorded place or harmonised area: district, area group or 2025 unit."""
    if code in AREA_GROUPS:
        return AREA_GROUPS[code][0 if lang == "vi" else 1]
    unit = _units_by_code().get(code)
    if unit is not None:
        return unit.name
    return resolve_district(code).name_vi


def resolves_place(text: str) -> bool:
    """Whether `text` names a place `resolve_place` knows (checking a name a shell split)."""
    try:
        resolve_place(text)
    except UnknownDistrictError:
        return False
    return True


def resolve_place(given: object) -> int:
    """The code of a district (916...), area group (93, 94) or 2025 unit, from a code or a name.

    District names win over unit names ('Ninh Kiều' is the district; 'Phường Ninh Kiều' the ward).
    Unit names are accepted with their 'Phường'/'Xã' prefix, or without it when that is unambiguous.
    """
    if isinstance(given, District):
        return given.code
    try:
        return resolve_district(given).code
    except UnknownDistrictError as district_error:
        if isinstance(given, bool) or not isinstance(given, (str, int)):
            raise
        text = str(given).strip()
        if text.isdigit() and (int(text) in AREA_GROUPS or int(text) in _units_by_code()):
            return int(text)
        folded = fold(text)
        names = _place_names()
        if _unit_key(text) in names:
            return names[_unit_key(text)]
        areas = ", ".join(f"{v[0]} ({k})" for k, v in AREA_GROUPS.items())
        parts = [part.strip() for part in re.split(r"[,;]", text) if part.strip()]
        if len(parts) > 1 and all(resolves_place(part) for part in parts):
            # 'Ninh Kiều, Cờ Đỏ' as one name: the suggestion of its first alone lost the others
            listed: dict[str, object] = {"given": repr(given), "listed": repr(parts)}
            raise UnknownDistrictError(
                error_text("places_in_one_text", listed, "en"),
                given=given,
                valid=district_error.valid,
                closest=tuple(parts),
                words=("places_in_one_text", listed),
            ) from None
        if re.sub(r"^(thanh pho|tp\.?) ", "", folded) == "can tho":
            fields: dict[str, object] = {
                "given": repr(given),
                "districts": _district_list(),
                "areas": areas,
                "units": len(_units_by_code()),
            }
            raise UnknownDistrictError(
                error_text("whole_city", fields, "en"),
                given=given,
                valid=district_error.valid,
                closest=None,
                words=("whole_city", fields),
            ) from None
        district_names = {fold(d.name_vi) for d in districts()}
        match = closest(folded, [*names, *district_names], within=True)
        if match is None or match in district_names or match not in names:
            # the district's error, and the other places a filter takes
            _, said = district_error.words or ("", {})
            fields = {**said, "areas": areas}
            raise UnknownDistrictError(
                error_text("unknown_place", fields, "en"),
                given=given,
                valid=district_error.valid,
                closest=district_error.closest,
                words=("unknown_place", fields),
            ) from None
        fields = {
            "given": repr(given),
            "closest": place_name(names[match]),
            "code": names[match],
            "districts": _district_list(),
            "areas": areas,
            "units": len(_units_by_code()),
        }
        raise UnknownDistrictError(
            error_text("unknown_place_in_part", fields, "en"),
            given=given,
            valid=[*district_error.valid, *(place_name(code) for code in _units_by_code())],
            closest=place_name(names[match]),
            words=("unknown_place_in_part", fields),
        ) from None


def resolve_unit_on(
    given: str | int, on: dt.date, lang: str = "vi", columns: dict[str, str] | None = None
) -> tuple[int, int | None]:
    """A unit named in a record dated `on`: (unit code, its 2019 district or None for a 2025 unit).

    Before 1 July 2025 the name or code must be a former commune; from then on, a 2025 unit.
    Raises ValueError saying (in `lang`) which kind was expected and, when it exists, when the
    other one is valid. `columns` ('district_column', 'unit_column'): how the message names the
    place columns (by default as the data files head them).
    """
    text = str(given).strip()  # a column of codes may arrive as whole numbers
    before = on < REFORM_DATE
    current = _former_keys() if before else _unit_keys()
    other = _unit_keys() if before else _former_keys()
    key = _unit_key(text)
    if key in current:
        code = current[key]
        district = {c.code: c.district_code for c in former_communes()}.get(code) if before else None
        return code, district
    dates = {
        "reform": date_text(REFORM_DATE, lang),
        "last": date_text(LAST_DAY_BEFORE_REFORM, lang),
        "on": date_text(on, lang),
    }
    if key in other:
        if before:
            unit = _units_by_code()[other[key]]
            where = {"district_column": "district_code", "unit_column": "unit_code"} | (columns or {})
            raise ValueError(import_text("unit_too_early", lang, unit=unit, **dates, **where))
        commune = {c.code: c for c in former_communes()}[other[key]]
        raise ValueError(
            import_text("commune_too_late", lang, commune=f"{commune.name} ({commune.code})", **dates)
        )
    names = [k for k in current if not k.isdigit()]
    match, _ = did_you_mean(fold(text), names)
    hint = (
        ""
        if match is None
        else " — " + import_text("did_you_mean", lang, match=f"'{_display(current[match], before)}'")
    )
    what = "unknown_former_commune" if before else "unknown_new_unit"
    raise ValueError(import_text(what, lang, on=dates["on"], hint=hint))


def _display(code: int, former: bool) -> str:
    if former:
        return next(f"{c.name} ({c.code})" for c in former_communes() if c.code == code)
    return str(_units_by_code()[code])


@cache
def _units_by_code() -> dict[int, Unit2025]:
    return {u.code: u for u in units_2025()}


def _keys(pairs: list[tuple[int, str]]) -> dict[str, int]:
    """Code, full folded name, and the name without its prefix where that is unique."""
    keys: dict[str, int] = {}
    bare: dict[str, set[int]] = defaultdict(set)
    for code, name in pairs:
        keys[str(code)] = code
        keys[fold(name)] = code
        bare[_UNIT_PREFIX.sub("", fold(name)).strip()].add(code)
    for name, codes in bare.items():
        if len(codes) == 1:
            keys.setdefault(name, next(iter(codes)))
    return keys


@cache
def _former_keys() -> dict[str, int]:
    return _keys([(c.code, c.name) for c in former_communes()])


@cache
def _unit_keys() -> dict[str, int]:
    return _keys([(u.code, u.name) for u in units_2025()])


@cache
def _place_names() -> dict[str, int]:
    """Folded names of area groups and 2025 units (codes are handled before)."""
    names = {k: v for k, v in _unit_keys().items() if not k.isdigit()}
    for code, (vi, en) in AREA_GROUPS.items():
        names[fold(vi)] = code
        names[fold(en)] = code
    return names


def _district_list() -> str:
    return ", ".join(f"{d.name_vi} ({d.code})" for d in districts())


def _read(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
